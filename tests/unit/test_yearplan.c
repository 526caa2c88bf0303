/* yearplan: a year's target over its months, the --months list, and
 * property tests over thousands of random years: the months sum to the
 * target for any target and calendar, seasonal shares follow last year's
 * months, fixed months keep their figures while the rest re-spreads
 * exactly, and the re-spread of what is left of the year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/calendar.h"
#include "repdesk/money.h"
#include "repdesk/yearplan.h"
#include "suites.h"

#define Y(yuan) ((int64_t)(yuan) * 100)

static int64_t sum12(const int64_t *v)
{
	int64_t s = 0;
	for (int i = 0; i < YEAR_MONTHS; i++)
		s += v[i];
	return s;
}

START_TEST(test_methods_and_names)
{
	year_method m;

	ck_assert(year_method_parse("seasonal", &m) && m == YEAR_SEASONAL);
	ck_assert(year_method_parse("working-days", &m) && m == YEAR_WORKDAYS);
	ck_assert(year_method_parse("even", &m) && m == YEAR_EVEN);
	ck_assert(!year_method_parse("baseline", &m));
	ck_assert(!year_method_parse("", &m));
	ck_assert_str_eq(year_method_name(YEAR_WORKDAYS), "working-days");

	int64_t last[YEAR_MONTHS];
	for (int i = 0; i < YEAR_MONTHS; i++)
		last[i] = Y(1000 + i);
	ck_assert(year_seasonal_default(last));
	last[6] = 0;   /* a month without orders: not twelve complete months */
	ck_assert(!year_seasonal_default(last));
	ck_assert(!year_seasonal_default(NULL));
}
END_TEST

START_TEST(test_even_and_working_days)
{
	int64_t w[YEAR_MONTHS], out[YEAR_MONTHS];
	calendar cal;

	/* ¥5,000,000 evenly: 416,667 for the first eight months, 416,666 after. */
	year_weights(YEAR_EVEN, NULL, NULL, 2027, w);
	ck_assert_int_eq(year_split(Y(5000000), w, NULL, out), YEAR_OK);
	for (int i = 0; i < YEAR_MONTHS; i++)
		ck_assert_int_eq(out[i], i < 8 ? Y(416667) : Y(416666));
	ck_assert_int_eq(sum12(out), Y(5000000));

	/* Plain Monday to Friday 2027: 261 working days; January has 21. */
	calendar_init(&cal);
	year_weights(YEAR_WORKDAYS, NULL, &cal, 2027, w);
	ck_assert_int_eq(sum12(w), 261);
	ck_assert_int_eq(w[0], 21);
	ck_assert_int_eq(w[1], 20);
	ck_assert_int_eq(year_split(Y(261), w, NULL, out), YEAR_OK);
	for (int i = 0; i < YEAR_MONTHS; i++)
		ck_assert_int_eq(out[i], Y(w[i]));
	/* With the estimated holidays February (春节) has fewer days. */
	ck_assert(calendar_estimate(&cal, 2027, 2027));
	year_weights(YEAR_WORKDAYS, NULL, &cal, 2027, w);
	ck_assert_int_lt(w[1], 20);
	ck_assert_int_eq(year_split(Y(5000000) + 37, w, NULL, out), YEAR_OK);
	ck_assert_int_eq(sum12(out), Y(5000000) + 37);
	calendar_free(&cal);
}
END_TEST

START_TEST(test_fixed_and_errors)
{
	int64_t w[YEAR_MONTHS], out[YEAR_MONTHS], fixed[YEAR_MONTHS];
	char err[256];

	year_weights(YEAR_EVEN, NULL, NULL, 2027, w);
	ck_assert(year_months_parse("1=30万, 2 = 200000,12=¥15,000.50", fixed, err, sizeof err));
	ck_assert_int_eq(fixed[0], Y(300000));
	ck_assert_int_eq(fixed[1], Y(200000));
	ck_assert_int_eq(fixed[11], Y(15000) + 50);
	ck_assert_int_eq(fixed[5], -1);
	ck_assert_int_eq(year_split(Y(5000000), w, fixed, out), YEAR_OK);
	ck_assert_int_eq(out[0], Y(300000));
	ck_assert_int_eq(out[1], Y(200000));
	ck_assert_int_eq(out[11], Y(15000) + 50);
	ck_assert_int_eq(sum12(out), Y(5000000));
	/* The other nine share ¥4,484,999.50 equally: 498,333.28 and so on. */
	for (int i = 2; i < 11; i++)
		ck_assert_int_ge(out[i], Y(498333));

	ck_assert(!year_months_parse("13=1000", fixed, err, sizeof err));
	ck_assert_msg(strstr(err, "'13' is not a month from 1 to 12"), "%s", err);
	ck_assert(!year_months_parse("0=1000", fixed, err, sizeof err));
	ck_assert(!year_months_parse("3=1000,3=2000", fixed, err, sizeof err));
	ck_assert_msg(strstr(err, "month 3 is given twice"), "%s", err);
	ck_assert(!year_months_parse("3", fixed, err, sizeof err));
	ck_assert(!year_months_parse("3=abc", fixed, err, sizeof err));
	ck_assert(!year_months_parse("3=-5", fixed, err, sizeof err));
	ck_assert(!year_months_parse("", fixed, err, sizeof err));
	ck_assert(!year_months_parse("3=5,", fixed, err, sizeof err));
	ck_assert(!year_months_parse("x=5", fixed, err, sizeof err));

	ck_assert(year_months_parse("1=400万,2=200万", fixed, err, sizeof err));
	ck_assert_int_eq(year_split(Y(5000000), w, fixed, out), YEAR_E_OVER);
	for (int i = 0; i < YEAR_MONTHS; i++)
		fixed[i] = Y(1000);
	ck_assert_int_eq(year_split(Y(12000), w, fixed, out), YEAR_OK);
	ck_assert_int_eq(year_split(Y(13000), w, fixed, out), YEAR_E_ALL_FIXED);
	ck_assert_int_eq(year_split(-1, w, NULL, out), YEAR_E_TARGET);
	ck_assert_int_eq(year_split(MONEY_MAX_FEN + 1, w, NULL, out), YEAR_E_TARGET);
	w[3] = -1;
	ck_assert_int_eq(year_split(Y(1), w, NULL, out), YEAR_E_WEIGHT);
}
END_TEST

START_TEST(test_respread)
{
	int64_t t[YEAR_MONTHS], a[YEAR_MONTHS] = { 0 }, out[YEAR_MONTHS];

	for (int i = 0; i < YEAR_MONTHS; i++)
		t[i] = Y(100000);
	/* Nothing over: the plan itself. */
	ck_assert_int_eq(year_respread(t, a, 0, out), YEAR_OK);
	for (int i = 0; i < YEAR_MONTHS; i++)
		ck_assert_int_eq(out[i], Y(100000));
	/* Ten months over, ¥200,000 short of them: the last two carry it. */
	for (int i = 0; i < 10; i++)
		a[i] = Y(80000);
	ck_assert_int_eq(year_respread(t, a, 10, out), YEAR_OK);
	for (int i = 0; i < 10; i++)
		ck_assert_int_eq(out[i], -1);
	ck_assert_int_eq(out[10], Y(200000));
	ck_assert_int_eq(out[11], Y(200000));
	/* Beyond the year's target: nothing left. */
	a[0] = Y(2000000);
	ck_assert_int_eq(year_respread(t, a, 10, out), YEAR_OK);
	ck_assert_int_eq(out[10], 0);
	ck_assert_int_eq(out[11], 0);
	/* The year over: every month is. */
	ck_assert_int_eq(year_respread(t, a, 12, out), YEAR_OK);
	for (int i = 0; i < YEAR_MONTHS; i++)
		ck_assert_int_eq(out[i], -1);
}
END_TEST

/* ---- properties ---- */

static uint64_t rng_state;

static uint64_t rnd(void)	/* splitmix64 */
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static int64_t rnd_upto(int64_t max)
{
	return (int64_t)(rnd() % ((uint64_t)max + 1));
}

static int64_t rnd_target(void)
{
	switch (rnd() % 5) {
	case 0:
		return rnd_upto(999);
	case 1:
		return Y(rnd_upto(100000000));
	case 2:
		return rnd_upto(Y(1000000000));
	case 3:
		return MONEY_MAX_FEN - rnd_upto(1000);
	default:
		return Y(rnd_upto(12));
	}
}

/* A random calendar of 2027: holidays and make-up days anywhere. */
static void rnd_calendar(calendar *cal, char *text, size_t sz)
{
	size_t len = 0;
	int n = (int)rnd_upto(40);
	date_day first;
	char err[256], day[DATE_BUFSZ];

	ck_assert(date_parse("2027-01-01", &first));
	text[0] = '\0';
	for (int i = 0; i < n; i++) {
		/* Distinct days: a step forward each time. */
		first += (date_day)(1 + rnd_upto(8));
		len += (size_t)snprintf(text + len, sz - len, "%s %s x\n", date_format(first, day),
		                        rnd() % 4 ? "off" : "work");
	}
	ck_assert_msg(calendar_parse(cal, text, len, "r.txt", err, sizeof err), "%s", err);
}

/* |out - total * w / W| within a yuan (the fen of the total go to one month). */
static void near_share(int64_t out, int64_t total, int64_t w, int64_t wsum, int i)
{
	long double exact = (long double)total * (long double)w / (long double)wsum;
	long double diff = (long double)out - exact;
	ck_assert_msg(diff > -101.0L && diff < 201.0L,
	              "month %d: %lld against the exact %.2Lf", i + 1, (long long)out, exact);
}

START_TEST(test_property_years)
{
	char text[4096];

	rng_state = 20270101;
	for (int round = 0; round < 4000; round++) {
		int64_t last[YEAR_MONTHS], w[YEAR_MONTHS], out[YEAR_MONTHS], fixed[YEAR_MONTHS];
		int64_t target = rnd_target();
		calendar cal;
		year_method m = (year_method)(rnd() % 3);

		calendar_init(&cal);
		if (rnd() % 2)
			rnd_calendar(&cal, text, sizeof text);
		for (int i = 0; i < YEAR_MONTHS; i++)
			last[i] = rnd() % 5 ? rnd_upto(Y(10000000)) : 0;
		year_weights(m, last, &cal, 2027, w);

		/* Any target, any calendar: the months sum exactly. */
		ck_assert_int_eq(year_split(target, w, NULL, out), YEAR_OK);
		ck_assert_int_eq(sum12(out), target);
		int64_t wsum = sum12(w);
		for (int i = 0; i < YEAR_MONTHS; i++) {
			ck_assert_int_ge(out[i], 0);
			/* Seasonal (and every method) follows its weights: each
			 * month within a yuan of its exact share. */
			if (wsum > 0 && target < Y(1000000000))
				near_share(out[i], target, w[i], wsum, i);
			if (m == YEAR_WORKDAYS)
				ck_assert_int_eq(w[i], calendar_workdays_in_month(&cal, 2027, i + 1));
			if (m == YEAR_SEASONAL)
				ck_assert_int_eq(w[i], last[i]);
		}

		/* Fix a few months at figures that fit: they keep them, the rest
		 * re-spreads exactly in proportion to the weights. */
		int64_t room = target, fsum = 0;
		int nfree = 0;
		for (int i = 0; i < YEAR_MONTHS; i++) {
			fixed[i] = -1;
			if (rnd() % 3 == 0 && room > 0) {
				fixed[i] = rnd_upto(room / 2);
				room -= fixed[i];
				fsum += fixed[i];
			}
		}
		for (int i = 0; i < YEAR_MONTHS; i++)
			nfree += fixed[i] < 0;
		year_status st = year_split(target, w, fixed, out);
		if (nfree == 0) {
			ck_assert_int_eq(st, fsum == target ? YEAR_OK : YEAR_E_ALL_FIXED);
		} else {
			ck_assert_int_eq(st, YEAR_OK);
			ck_assert_int_eq(sum12(out), target);
			int64_t rest = 0, fw = 0;
			for (int i = 0; i < YEAR_MONTHS; i++) {
				if (fixed[i] >= 0)
					ck_assert_int_eq(out[i], fixed[i]);
				else {
					rest += out[i];
					fw += w[i];
				}
			}
			ck_assert_int_eq(rest, target - fsum);
			for (int i = 0; i < YEAR_MONTHS && fw > 0 && target < Y(1000000000); i++)
				if (fixed[i] < 0)
					near_share(out[i], target - fsum, w[i], fw, i);
		}

		/* The re-spread: the open months share exactly what is left. */
		if (year_split(target, w, NULL, out) == YEAR_OK) {
			int64_t ach[YEAR_MONTHS], rs[YEAR_MONTHS], done = 0;
			int open = (int)rnd_upto(YEAR_MONTHS);
			for (int i = 0; i < YEAR_MONTHS; i++)
				ach[i] = rnd_upto(out[i] + out[i] / 2 + 1);
			ck_assert_int_eq(year_respread(out, ach, open, rs), YEAR_OK);
			for (int i = 0; i < open; i++) {
				ck_assert_int_eq(rs[i], -1);
				done += ach[i];
			}
			int64_t left = target - done > 0 ? target - done : 0, got = 0;
			for (int i = open; i < YEAR_MONTHS; i++) {
				ck_assert_int_ge(rs[i], 0);
				got += rs[i];
			}
			if (open < YEAR_MONTHS)
				ck_assert_int_eq(got, left);
		}
		calendar_free(&cal);
	}
}
END_TEST

Suite *suite_yearplan(void)
{
	Suite *s = suite_create("yearplan");
	TCase *tc = tcase_create("core");
	TCase *prop = tcase_create("property");

	tcase_add_test(tc, test_methods_and_names);
	tcase_add_test(tc, test_even_and_working_days);
	tcase_add_test(tc, test_fixed_and_errors);
	tcase_add_test(tc, test_respread);
	suite_add_tcase(s, tc);
	tcase_set_timeout(prop, 120);
	tcase_add_test(prop, test_property_years);
	suite_add_tcase(s, prop);
	return s;
}
