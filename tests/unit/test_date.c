/* date: strict ISO parsing, day numbers against known facts, weekdays, and
 * month arithmetic that clamps to the month's end. */
#include <string.h>

#include "repdesk/date.h"
#include "suites.h"

static date_day D(const char *text)
{
	date_day day = -99999;

	ck_assert_msg(date_parse(text, &day), "'%s' refused", text);
	return day;
}

static const char *F(date_day day)
{
	static char buf[DATE_BUFSZ];

	return date_format(day, buf);
}

START_TEST(test_date_epoch_and_known_days)
{
	ck_assert_int_eq(D("1970-01-01"), 0);
	ck_assert_int_eq(D("1970-01-02"), 1);
	ck_assert_int_eq(D("1969-12-31"), -1);
	ck_assert_int_eq(D("2000-03-01"), 11017);
	ck_assert_int_eq(D("2026-11-27"), 20784);
	ck_assert_int_eq(D("1900-01-01"), -25567);
	ck_assert_int_eq(D("9999-12-31"), 2932896);
}
END_TEST

START_TEST(test_date_parse_strict)
{
	static const char *const bad[] = {
		"2026-02-29", "2026-1-5", "2026-01-5", "2026-01-05x", "2026-01-05 ",
		" 2026-01-05", "2026/01/05", "20260105", "2026-13-01", "2026-00-10",
		"2026-01-00", "2026-01-32", "2026-04-31", "1899-12-31", "10000-01-01",
		"", "2026", "2026-01", "2026-01-0", "２０２６-01-05", "1900-02-29",
		"2026-01-0a", "-026-01-01",
	};
	date_day day = 12345;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!date_parse(bad[i], &day), "'%s' accepted", bad[i]);
	ck_assert(!date_parse(NULL, &day));
	ck_assert_int_eq(day, 12345);
	ck_assert_int_eq(D("2024-02-29"), D("2024-03-01") - 1);
	ck_assert_int_eq(D("2000-02-29"), D("2000-03-01") - 1);
	ck_assert_int_eq(D("1900-01-01"), -25567);
}
END_TEST

START_TEST(test_date_round_trip_every_day)
{
	/* Every day from 1900 to 9999 formats, parses back, and steps by one. */
	date_day first = D("1900-01-01"), last = D("9999-12-31");
	int py = 1899, pm = 12, pd = 31;

	/* Plain checks in the loop: a Check assertion per day costs a mark point each. */
	for (date_day day = first; day <= last; day++) {
		int y, m, d;
		bool ok;
		date_to_ymd(day, &y, &m, &d);
		ok = date_valid_ymd(y, m, d) && date_from_ymd(y, m, d) == day;
		if (d == 1)
			ok = ok && pd == date_days_in_month(py, pm) && m == pm % 12 + 1 &&
			     y == py + (m == 1);
		else
			ok = ok && d == pd + 1 && m == pm && y == py;
		if (day % 997 == 0) {
			date_day back = -1;
			ok = ok && date_parse(F(day), &back) && back == day;
		}
		if (!ok)
			ck_abort_msg("day %d: %04d-%02d-%02d after %04d-%02d-%02d", day, y, m, d, py, pm, pd);
		py = y, pm = m, pd = d;
	}
	ck_assert_int_eq(py, 9999);
}
END_TEST

START_TEST(test_date_format)
{
	ck_assert_str_eq(F(0), "1970-01-01");
	ck_assert_str_eq(F(20784), "2026-11-27");
	ck_assert_str_eq(F(-25567), "1900-01-01");
	ck_assert_str_eq(F(D("2024-02-29")), "2024-02-29");
	ck_assert_int_eq((int)strlen(F(D("9999-12-31"))), DATE_BUFSZ - 1);
}
END_TEST

START_TEST(test_date_leap_and_month_length)
{
	ck_assert(date_is_leap(2024));
	ck_assert(date_is_leap(2000));
	ck_assert(!date_is_leap(1900));
	ck_assert(!date_is_leap(2026));
	ck_assert_int_eq(date_days_in_month(2026, 2), 28);
	ck_assert_int_eq(date_days_in_month(2024, 2), 29);
	ck_assert_int_eq(date_days_in_month(2026, 4), 30);
	ck_assert_int_eq(date_days_in_month(2026, 12), 31);
	ck_assert_int_eq(date_days_in_month(2026, 13), 0);
	ck_assert(!date_valid_ymd(2026, 2, 29));
	ck_assert(date_valid_ymd(2024, 2, 29));
}
END_TEST

START_TEST(test_date_weekday)
{
	ck_assert_int_eq(date_weekday(D("2026-11-27")), 5);	/* Friday */
	ck_assert_int_eq(date_weekday(D("1970-01-01")), 4);	/* Thursday */
	ck_assert_int_eq(date_weekday(D("2026-11-23")), 1);	/* Monday */
	ck_assert_int_eq(date_weekday(D("2026-11-29")), 7);	/* Sunday */
	ck_assert_int_eq(date_weekday(D("1900-01-01")), 1);	/* Monday */
	ck_assert_int_eq(date_weekday(D("1969-12-28")), 7);	/* Sunday, before the epoch */
	ck_assert_int_eq(date_weekday(D("2000-01-01")), 6);	/* Saturday */
}
END_TEST

START_TEST(test_date_add_months)
{
	static const struct {
		const char *from;
		int months;
		const char *to;
	} cases[] = {
		{ "2026-01-31", 1, "2026-02-28" },
		{ "2024-01-31", 1, "2024-02-29" },
		{ "2026-03-31", -1, "2026-02-28" },
		{ "2026-03-31", 1, "2026-04-30" },
		{ "2026-01-15", 12, "2027-01-15" },
		{ "2026-11-30", 2, "2027-01-30" },
		{ "2026-12-31", 1, "2027-01-31" },
		{ "2027-01-31", -1, "2026-12-31" },
		{ "2026-01-10", -13, "2024-12-10" },
		{ "2024-02-29", 12, "2025-02-28" },
		{ "2024-02-29", 48, "2028-02-29" },
		{ "2026-05-17", 0, "2026-05-17" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(F(date_add_months(D(cases[i].from), cases[i].months)), cases[i].to);
	/* Absurd offsets stay inside the supported years instead of overflowing. */
	ck_assert_str_eq(F(date_add_months(D("2026-01-31"), 2000000000)), "9999-12-31");
	ck_assert_str_eq(F(date_add_months(D("2026-01-31"), -2000000000)), "1900-01-31");
}
END_TEST

START_TEST(test_month_parse)
{
	int y = 0, m = 0;

	ck_assert(date_month_parse("2026-11", &y, &m));
	ck_assert_int_eq(y, 2026);
	ck_assert_int_eq(m, 11);
	ck_assert(!date_month_parse("2026-1", &y, &m));
	ck_assert(!date_month_parse("2026-13", &y, &m));
	ck_assert(!date_month_parse("2026-00", &y, &m));
	ck_assert(!date_month_parse("2026-11-01", &y, &m));
	ck_assert(!date_month_parse("2026-11 ", &y, &m));
	ck_assert(!date_month_parse("202611", &y, &m));
	ck_assert(!date_month_parse("", &y, &m));
	ck_assert_int_eq(y, 2026);
	ck_assert_str_eq(F(date_month_first_day(2026, 2)), "2026-02-01");
	ck_assert_str_eq(F(date_month_last_day(2026, 2)), "2026-02-28");
	ck_assert_str_eq(F(date_month_last_day(2024, 2)), "2024-02-29");
	ck_assert_str_eq(F(date_month_last_day(2026, 12)), "2026-12-31");
}
END_TEST

START_TEST(test_date_parse_relative)
{
	date_day today = date_from_ymd(2026, 11, 27), d = 0;

	ck_assert(date_parse_relative("+3", today, &d));
	ck_assert_str_eq(F(d), "2026-11-30");
	ck_assert(date_parse_relative("+0", today, &d));
	ck_assert_str_eq(F(d), "2026-11-27");
	ck_assert(date_parse_relative("2026-12-24", today, &d));
	ck_assert_str_eq(F(d), "2026-12-24");
	ck_assert(date_parse_relative("+3650", today, &d));
	ck_assert(!date_parse_relative("+3651", today, &d));
	ck_assert(!date_parse_relative("+", today, &d));
	ck_assert(!date_parse_relative("+-1", today, &d));
	ck_assert(!date_parse_relative("+3d", today, &d));
	ck_assert(!date_parse_relative("+99999999999999999999", today, &d));
	ck_assert(!date_parse_relative("3", today, &d));
}
END_TEST

Suite *suite_date(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_date_epoch_and_known_days);
	tcase_add_test(tc, test_date_parse_strict);
	tcase_add_test(tc, test_date_round_trip_every_day);
	tcase_add_test(tc, test_date_format);
	tcase_add_test(tc, test_date_leap_and_month_length);
	tcase_add_test(tc, test_date_weekday);
	tcase_add_test(tc, test_date_add_months);
	tcase_add_test(tc, test_month_parse);
	tcase_add_test(tc, test_date_parse_relative);
	suite_add_tcase(s, tc);
	return s;
}
