/* calendar: the file format and its errors, and working-day counts under the
 * shipped China 2026 calendar checked against the State Council notice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/calendar.h"
#include "suites.h"

static date_day D(const char *text)
{
	date_day day = 0;

	ck_assert_msg(date_parse(text, &day), "'%s' refused", text);
	return day;
}

static void parse_ok(calendar *cal, const char *text)
{
	char err[256] = "";

	ck_assert_msg(calendar_parse(cal, text, strlen(text), "t.txt", err, sizeof err), "%s", err);
}

static const char *parse_err(const char *text)
{
	static char err[256];
	calendar cal;

	strcpy(err, "(unset)");
	ck_assert_msg(!calendar_parse(&cal, text, strlen(text), "t.txt", err, sizeof err),
		      "accepted: %s", text);
	ck_assert_int_eq((int)cal.n, 0);
	ck_assert_ptr_null(cal.entries);
	return err;
}

/* The shipped file, read here (tests may do I/O; the core may not). */
static void load_cn2026(calendar *cal)
{
	const char *dir = getenv("REPDESK_ASSETS");
	char path[4096], err[256] = "";
	static char text[65536];
	FILE *f;
	size_t len;

	snprintf(path, sizeof path, "%s/calendar/cn-2026.txt", dir && *dir ? dir : "assets");
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	len = fread(text, 1, sizeof text, f);
	fclose(f);
	ck_assert_uint_lt(len, sizeof text);
	ck_assert_msg(calendar_parse(cal, text, len, path, err, sizeof err), "%s", err);
}

START_TEST(test_cal_parse_format)
{
	calendar cal;

	parse_ok(&cal,
		 "# holidays\r\n"
		 "\r\n"
		 "2026-10-10 work 国庆节调休\r\n"
		 "   \t\n"
		 "  # indented comment\n"
		 "2026-10-01\toff   National Day  holiday   # trailing comment\n"
		 "2025-12-31 off New#Year's eve\n"
		 "2027-01-01 off 元旦");
	ck_assert_int_eq((int)cal.n, 4);
	/* Sorted by day, names kept whole (inner spaces and '#' without a blank). */
	ck_assert_int_eq(cal.entries[0].day, D("2025-12-31"));
	ck_assert_str_eq(cal.entries[0].name, "New#Year's eve");
	ck_assert_int_eq(cal.entries[1].day, D("2026-10-01"));
	ck_assert(!cal.entries[1].work);
	ck_assert_str_eq(cal.entries[1].name, "National Day  holiday");
	ck_assert_int_eq(cal.entries[2].day, D("2026-10-10"));
	ck_assert(cal.entries[2].work);
	ck_assert_str_eq(cal.entries[2].name, "国庆节调休");
	ck_assert_int_eq(cal.year_min, 2025);
	ck_assert_int_eq(cal.year_max, 2027);
	/* The last line counts even without a newline. */
	ck_assert_ptr_nonnull(calendar_lookup(&cal, D("2027-01-01")));
	calendar_free(&cal);
	ck_assert_int_eq((int)cal.n, 0);
	ck_assert_ptr_null(cal.entries);
}
END_TEST

START_TEST(test_cal_parse_bom_and_empty)
{
	calendar cal;

	parse_ok(&cal, "\xef\xbb\xbf" "2026-05-01 off 劳动节\n");
	ck_assert_int_eq((int)cal.n, 1);
	ck_assert_str_eq(cal.entries[0].name, "劳动节");
	calendar_free(&cal);

	parse_ok(&cal, "# nothing but comments\n\n");
	ck_assert_int_eq((int)cal.n, 0);
	ck_assert_int_eq(cal.year_min, 0);
	ck_assert_int_eq(cal.year_max, -1);
	ck_assert(!calendar_covers(&cal, 2026, 1));
	calendar_free(&cal);
}
END_TEST

START_TEST(test_cal_parse_errors)
{
	ck_assert_str_eq(parse_err("# x\n2026-02-29 off bad\n"), "t.txt:2: bad date '2026-02-29'");
	ck_assert_str_eq(parse_err("2026-1-5 off x\n"), "t.txt:1: bad date '2026-1-5'");
	ck_assert_str_eq(parse_err("2026-10-01x off x\n"), "t.txt:1: bad date '2026-10-01x'");
	ck_assert_str_eq(parse_err("\n\n\n2026-10-01 holiday 国庆\n"),
			 "t.txt:4: bad kind 'holiday' (expected off or work)");
	ck_assert_str_eq(parse_err("2026-10-01 OFF x\n"),
			 "t.txt:1: bad kind 'OFF' (expected off or work)");
	ck_assert_str_eq(parse_err("2026-10-01\n"),
			 "t.txt:1: missing kind after the date (off or work)");
	ck_assert_str_eq(parse_err("2026-10-01 off\n"), "t.txt:1: missing name after 'off'");
	ck_assert_str_eq(parse_err("2026-10-01 work   # a comment only\n"),
			 "t.txt:1: missing name after 'work'");
	ck_assert_str_eq(parse_err("2026-10-01 off a\r\n2026-10-02 off b\r\n2026-10-01 work c\r\n"),
			 "t.txt:3: duplicate date 2026-10-01 (already on line 1)");
	ck_assert_str_eq(parse_err("2026-10-01 off \xff\xfe\n"), "t.txt:1: name is not valid UTF-8");
	ck_assert_str_eq(parse_err("2026-10-01 \x1b[2Joff x\n"),
			 "t.txt:1: bad kind '?[2Joff' (expected off or work)");
}
END_TEST

START_TEST(test_cal_parse_nul_byte)
{
	static const char text[] = "2026-10-01 off a\n2026-10-02 o\0ff b\n";
	char err[128];
	calendar cal;

	ck_assert(!calendar_parse(&cal, text, sizeof text - 1, "t.txt", err, sizeof err));
	ck_assert_str_eq(err, "t.txt:2: contains a NUL byte");
}
END_TEST

START_TEST(test_cal_plain_weekdays)
{
	calendar cal;

	calendar_init(&cal);
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2026, 11), 21);
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2026, 2), 20);
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2026, 10), 22);
	ck_assert(!calendar_covers(&cal, 2026, 11));
	ck_assert(calendar_is_workday(&cal, D("2026-11-27")));
	ck_assert(!calendar_is_workday(&cal, D("2026-11-28")));
	ck_assert_ptr_null(calendar_lookup(&cal, D("2026-10-01")));
	calendar_free(&cal);
}
END_TEST

START_TEST(test_cal_between)
{
	calendar cal;

	calendar_init(&cal);
	/* Inclusive at both ends; empty when reversed. */
	ck_assert_int_eq(calendar_workdays_between(&cal, D("2026-11-27"), D("2026-11-27")), 1);
	ck_assert_int_eq(calendar_workdays_between(&cal, D("2026-11-28"), D("2026-11-29")), 0);
	ck_assert_int_eq(calendar_workdays_between(&cal, D("2026-11-23"), D("2026-11-29")), 5);
	ck_assert_int_eq(calendar_workdays_between(&cal, D("2026-11-27"), D("2026-11-30")), 2);
	ck_assert_int_eq(calendar_workdays_between(&cal, D("2026-11-30"), D("2026-11-27")), 0);
	ck_assert_int_eq(calendar_workdays_between(&cal, D("2026-01-01"), D("2026-12-31")), 261);
	ck_assert_int_eq(calendar_workdays_between(&cal, D("1969-12-29"), D("1970-01-04")), 5);

	/* Against a day-by-day count, under the real calendar too. */
	load_cn2026(&cal);
	for (date_day from = D("2025-12-20"); from < D("2027-01-10"); from += 11) {
		int slow = 0;
		for (date_day to = from; to < from + 60; to++) {
			slow += calendar_is_workday(&cal, to);
			if (calendar_workdays_between(&cal, from, to) != slow)
				ck_abort_msg("between %d and %d", from, to);
		}
	}
	ck_assert_int_eq(calendar_workdays_between(&cal, D("2026-09-28"), D("2026-10-11")), 6);
	calendar_free(&cal);
}
END_TEST

START_TEST(test_cal_cn2026_months)
{
	calendar cal;

	load_cn2026(&cal);
	ck_assert_int_eq(cal.year_min, 2026);
	ck_assert_int_eq(cal.year_max, 2026);
	ck_assert(calendar_covers(&cal, 2026, 1));
	ck_assert(calendar_covers(&cal, 2026, 12));
	ck_assert(!calendar_covers(&cal, 2027, 1));
	ck_assert(!calendar_covers(&cal, 2025, 12));

	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2026, 1), 21);	/* 1-2 off, Sun 4 worked */
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2026, 2), 16);	/* Spring Festival */
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2026, 5), 19);	/* 1, 4, 5 off, Sat 9 worked */
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2026, 9), 22);
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2026, 10), 18);
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2026, 11), 21);	/* no entries: Mon-Fri */

	int year = 0;
	for (int m = 1; m <= 12; m++)
		year += calendar_workdays_in_month(&cal, 2026, m);
	ck_assert_int_eq(year, calendar_workdays_between(&cal, D("2026-01-01"), D("2026-12-31")));
	ck_assert_int_eq(year, 248);	/* 261 weekdays - 19 off + 6 worked weekend days */

	/* 2027 is not in the file: plain Mon-Fri, and the caller says so. */
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2027, 1), 21);
	calendar_free(&cal);
}
END_TEST

START_TEST(test_cal_cn2026_days)
{
	calendar cal;
	const calendar_entry *e;

	load_cn2026(&cal);
	for (date_day day = D("2026-10-01"); day <= D("2026-10-07"); day++)
		ck_assert_msg(!calendar_is_workday(&cal, day), "day %d", day);
	ck_assert_int_eq(date_weekday(D("2026-10-10")), 6);
	ck_assert(calendar_is_workday(&cal, D("2026-10-10")));	/* a Saturday, worked */
	ck_assert(!calendar_is_workday(&cal, D("2026-10-11")));	/* the Sunday after is not */
	ck_assert(calendar_is_workday(&cal, D("2026-10-08")));
	ck_assert_int_eq(date_weekday(D("2026-09-20")), 7);
	ck_assert(calendar_is_workday(&cal, D("2026-09-20")));	/* a Sunday, worked */
	ck_assert_int_eq(date_weekday(D("2026-09-25")), 5);
	ck_assert(!calendar_is_workday(&cal, D("2026-09-25")));	/* a Friday, holiday */
	ck_assert(calendar_is_workday(&cal, D("2026-11-27")));

	e = calendar_lookup(&cal, D("2026-09-25"));
	ck_assert_ptr_nonnull(e);
	ck_assert(!e->work);
	ck_assert_str_eq(e->name, "中秋节");
	e = calendar_lookup(&cal, D("2026-10-10"));
	ck_assert_ptr_nonnull(e);
	ck_assert(e->work);
	ck_assert_str_eq(e->name, "国庆节调休");
	ck_assert_ptr_null(calendar_lookup(&cal, D("2026-10-09")));
	calendar_free(&cal);
}
END_TEST

Suite *suite_calendar(void)
{
	Suite *s = suite_create("calendar");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_cal_parse_format);
	tcase_add_test(tc, test_cal_parse_bom_and_empty);
	tcase_add_test(tc, test_cal_parse_errors);
	tcase_add_test(tc, test_cal_parse_nul_byte);
	tcase_add_test(tc, test_cal_plain_weekdays);
	tcase_add_test(tc, test_cal_between);
	tcase_add_test(tc, test_cal_cn2026_months);
	tcase_add_test(tc, test_cal_cn2026_days);
	suite_add_tcase(s, tc);
	return s;
}
