/* calendar: the file format and its errors, and working-day counts under the
 * shipped China 2026 calendar checked against the State Council notice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/calendar.h"
#include "repdesk/lunar.h"
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
	ck_assert_str_eq(parse_err("# x\n2026-02-29 off bad\n"), "t.txt:2:1: bad date '2026-02-29'");
	ck_assert_str_eq(parse_err("2026-1-5 off x\n"), "t.txt:1:1: bad date '2026-1-5'");
	ck_assert_str_eq(parse_err("2026-10-01x off x\n"), "t.txt:1:1: bad date '2026-10-01x'");
	ck_assert_str_eq(parse_err("\n\n\n2026-10-01 holiday 国庆\n"),
			 "t.txt:4:12: bad kind 'holiday' (expected off or work)");
	ck_assert_str_eq(parse_err("2026-10-01 OFF x\n"),
			 "t.txt:1:12: bad kind 'OFF' (expected off or work)");
	ck_assert_str_eq(parse_err("2026-10-01\n"),
			 "t.txt:1:11: missing kind after the date (off or work)");
	ck_assert_str_eq(parse_err("2026-10-01 off\n"), "t.txt:1:15: missing name after 'off'");
	ck_assert_str_eq(parse_err("2026-10-01 work   # a comment only\n"),
			 "t.txt:1:16: missing name after 'work'");
	ck_assert_str_eq(parse_err("2026-10-01 off a\r\n2026-10-02 off b\r\n2026-10-01 work c\r\n"),
			 "t.txt:3:1: duplicate date 2026-10-01 (already on line 1)");
	ck_assert_str_eq(parse_err("2026-10-01 off \xff\xfe\n"), "t.txt:1:16: name is not valid UTF-8");
	ck_assert_str_eq(parse_err("2026-10-01 \x1b[2Joff x\n"),
			 "t.txt:1:12: bad kind '?[2Joff' (expected off or work)");
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

/* The estimate matches the official 2026 schedule on every statutory day:
 * each is a day off there, under the same holiday's name. */
START_TEST(test_cal_estimate_matches_2026)
{
	calendar cal;
	lunar_holiday h[LUNAR_HOLIDAYS];

	load_cn2026(&cal);
	lunar_holidays(2026, h);
	for (size_t i = 0; i < LUNAR_HOLIDAYS; i++) {
		const calendar_entry *e = calendar_lookup(&cal, h[i].day);
		char d[DATE_BUFSZ];
		ck_assert_msg(e && !e->work, "%s %s is not off in the official file", h[i].name,
		              date_format(h[i].day, d));
		ck_assert_msg(strncmp(e->name, h[i].name, strlen(h[i].name)) == 0, "%s: %s against %s",
		              date_format(h[i].day, d), e->name, h[i].name);
	}
	ck_assert_int_eq(h[1].day, D("2026-02-16"));   /* the eve */
	ck_assert_int_eq(h[12].day, D("2026-10-03"));
	calendar_free(&cal);
}
END_TEST

/* The lunar festivals and Qingming, 2015-2035, as published. */
START_TEST(test_cal_lunar_dates)
{
	static const struct { int y; const char *ny, *duanwu, *zhongqiu, *qingming; } f[] = {
		{ 2015, "2015-02-19", "2015-06-20", "2015-09-27", "2015-04-05" },
		{ 2016, "2016-02-08", "2016-06-09", "2016-09-15", "2016-04-04" },
		{ 2017, "2017-01-28", "2017-05-30", "2017-10-04", "2017-04-04" }, /* leap 6th month */
		{ 2018, "2018-02-16", "2018-06-18", "2018-09-24", "2018-04-05" },
		{ 2019, "2019-02-05", "2019-06-07", "2019-09-13", "2019-04-05" },
		{ 2020, "2020-01-25", "2020-06-25", "2020-10-01", "2020-04-04" }, /* leap 4th */
		{ 2021, "2021-02-12", "2021-06-14", "2021-09-21", "2021-04-04" },
		{ 2022, "2022-02-01", "2022-06-03", "2022-09-10", "2022-04-05" },
		{ 2023, "2023-01-22", "2023-06-22", "2023-09-29", "2023-04-05" }, /* leap 2nd */
		{ 2024, "2024-02-10", "2024-06-10", "2024-09-17", "2024-04-04" },
		{ 2025, "2025-01-29", "2025-05-31", "2025-10-06", "2025-04-04" }, /* leap 6th */
		{ 2026, "2026-02-17", "2026-06-19", "2026-09-25", "2026-04-05" },
		{ 2027, "2027-02-06", "2027-06-09", "2027-09-15", "2027-04-05" },
		{ 2028, "2028-01-26", "2028-05-28", "2028-10-03", "2028-04-04" }, /* leap 5th */
		{ 2030, "2030-02-03", "2030-06-05", "2030-09-12", "2030-04-05" },
		{ 2034, "2034-02-19", "2034-06-20", "2034-09-27", "2034-04-05" },
	};
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		char d[DATE_BUFSZ];
		ck_assert_str_eq(date_format(lunar_day(f[i].y, 1, 1), d), f[i].ny);
		ck_assert_str_eq(date_format(lunar_day(f[i].y, 5, 5), d), f[i].duanwu);
		ck_assert_str_eq(date_format(lunar_day(f[i].y, 8, 15), d), f[i].zhongqiu);
		ck_assert_str_eq(date_format(lunar_solar_term(f[i].y, 15), d), f[i].qingming);
	}
}
END_TEST

/* Estimated years: the thirteen statutory days off, no make-up days, the
 * file's years untouched, two holidays on one day counted once. */
START_TEST(test_cal_estimate_years)
{
	calendar cal;

	load_cn2026(&cal);
	size_t official = cal.n;
	ck_assert(!calendar_estimated(&cal, 2027));
	ck_assert(calendar_estimate(&cal, 2016, 2036));
	ck_assert(!calendar_estimated(&cal, 2026));     /* the file's year */
	ck_assert(calendar_estimated(&cal, 2027));
	ck_assert(calendar_estimated(&cal, 2016));
	ck_assert(!calendar_estimated(&cal, 2037));
	ck_assert(!calendar_covers(&cal, 2027, 1));
	/* 中秋 on 1 October 2020, 3 October 2028 and 1 October 2031: one day off
	 * for both holidays. */
	ck_assert_int_eq((int)(cal.n - official), 20 * LUNAR_HOLIDAYS - 3);
	ck_assert_ptr_nonnull(calendar_lookup(&cal, D("2028-10-03")));
	for (size_t i = 1; i < cal.n; i++)
		ck_assert_int_lt(cal.entries[i - 1].day, cal.entries[i].day);
	const calendar_entry *e = calendar_lookup(&cal, D("2027-02-05"));
	ck_assert_ptr_nonnull(e);
	ck_assert(e->estimated && !e->work);
	ck_assert_str_eq(e->name, "春节");
	e = calendar_lookup(&cal, D("2026-02-16"));
	ck_assert(e && !e->estimated);
	/* 2027: Mon-Fri less the statutory days on weekdays; nothing worked. */
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2027, 2), 20 - 2);  /* 5 Fri, 8 Mon */
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2027, 4), 22 - 1);  /* 5 Apr, a Monday */
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2027, 10), 21 - 1); /* 1 Oct, a Friday */
	for (size_t i = 0; i < cal.n; i++)
		if (cal.entries[i].estimated)
			ck_assert(!cal.entries[i].work);
	calendar_free(&cal);
	/* An empty calendar (no file) is estimated the same way. */
	calendar_init(&cal);
	ck_assert(calendar_estimate(&cal, 2027, 2027));
	ck_assert_int_eq((int)cal.n, LUNAR_HOLIDAYS);
	ck_assert(calendar_estimated(&cal, 2027));
	calendar_free(&cal);
}
END_TEST

/* A file kept in the book holds its names to what the book keeps. */
START_TEST(test_cal_parse_strict)
{
	char err[256];
	calendar cal;
	static const char ctl[] = "2027-02-06 off Spring\x1b[2J\n";

	ck_assert(calendar_parse(&cal, ctl, sizeof ctl - 1, "t.txt", err, sizeof err));
	calendar_free(&cal);
	ck_assert(!calendar_parse_strict(&cal, ctl, sizeof ctl - 1, "t.txt", err, sizeof err));
	ck_assert_str_eq(err, "t.txt:1:16: name 'Spring?[2J': a control character");
	static const char ok[] = "2027-02-06 off 春节 # the eve\n2027-02-14 work 春节调休\n";
	ck_assert_msg(calendar_parse_strict(&cal, ok, sizeof ok - 1, "t.txt", err, sizeof err), "%s", err);
	ck_assert_int_eq((int)cal.n, 2);
	calendar_free(&cal);
	ck_assert_ptr_null(calendar_name_check("春节", strlen("春节")));
	ck_assert_ptr_nonnull(calendar_name_check("", 0));
	ck_assert_ptr_nonnull(calendar_name_check(" x", 2));
	ck_assert_ptr_nonnull(calendar_name_check("a #b", 4));
	ck_assert_ptr_null(calendar_name_check("a#b", 3));
	char big[CALENDAR_NAME_MAX + 2];
	memset(big, 'x', sizeof big);
	ck_assert_ptr_nonnull(calendar_name_check(big, sizeof big));
}
END_TEST

/* The book's schedule goes over the file's year and the estimate: its
 * years are covered, each of its days marked, the others left. */
START_TEST(test_cal_overlay)
{
	calendar cal;

	load_cn2026(&cal);
	size_t official = cal.n;
	char n1[] = "国庆", n2[] = "春节", n3[] = "调休";
	calendar_entry book[] = {
		{ D("2026-10-01"), false, false, false, n1 },
		{ D("2027-02-06"), false, false, false, n2 },
		{ D("2027-02-14"), true, false, false, n3 },
	};
	ck_assert(calendar_overlay(&cal, book, 3));
	ck_assert(calendar_estimate(&cal, 2025, 2028));
	ck_assert(calendar_from_book(&cal, 2026) && calendar_from_book(&cal, 2027));
	ck_assert(!calendar_from_book(&cal, 2028));
	ck_assert(calendar_covers(&cal, 2027, 5) && !calendar_estimated(&cal, 2027));
	ck_assert(calendar_estimated(&cal, 2028) && calendar_estimated(&cal, 2025));
	/* 2026 is the book's alone now: one day off, the file's gone. */
	const calendar_entry *e = calendar_lookup(&cal, D("2026-10-01"));
	ck_assert(e && e->book && !e->estimated);
	ck_assert_ptr_null(calendar_lookup(&cal, D("2026-10-02")));
	ck_assert_ptr_null(calendar_lookup(&cal, D("2027-02-05")));   /* not estimated */
	e = calendar_lookup(&cal, D("2027-02-14"));
	ck_assert(e && e->work && e->book);
	ck_assert(calendar_is_workday(&cal, D("2027-02-14")));           /* a Sunday */
	ck_assert_int_eq(calendar_workdays_in_month(&cal, 2027, 2), 20 + 1);   /* 6th a Saturday */
	for (size_t i = 1; i < cal.n; i++)
		ck_assert_int_lt(cal.entries[i - 1].day, cal.entries[i].day);
	ck_assert(official > 3);
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
	tcase_add_test(tc, test_cal_estimate_matches_2026);
	tcase_add_test(tc, test_cal_lunar_dates);
	tcase_add_test(tc, test_cal_estimate_years);
	tcase_add_test(tc, test_cal_parse_strict);
	tcase_add_test(tc, test_cal_overlay);
	suite_add_tcase(s, tc);
	return s;
}
