/* opp: stages, their defaults, paths (parse, check, append), the weighted
 * value, and win rate and days to win by stage. */
#include <stdio.h>
#include <string.h>

#include "repdesk/opp.h"
#include "suites.h"

static date_day D(const char *text)
{
	date_day day = 0;

	ck_assert_msg(date_parse(text, &day), "'%s' refused", text);
	return day;
}

START_TEST(test_opp_stage_find)
{
	ck_assert_int_eq(opp_stage_find("lead"), OPP_LEAD);
	ck_assert_int_eq(opp_stage_find(" Tender "), OPP_TENDER);
	ck_assert_int_eq(opp_stage_find("bid"), OPP_TENDER);
	ck_assert_int_eq(opp_stage_find("投标"), OPP_TENDER);
	ck_assert_int_eq(opp_stage_find("谈判"), OPP_NEGOTIATION);
	ck_assert_int_eq(opp_stage_find("成交"), OPP_WON);
	ck_assert_int_eq(opp_stage_find("丢单"), OPP_LOST);
	ck_assert_int_eq(opp_stage_find("1"), OPP_LEAD);
	ck_assert_int_eq(opp_stage_find("7"), OPP_LOST);
	ck_assert_int_eq(opp_stage_find("8"), OPP_STAGE_NONE);
	ck_assert_int_eq(opp_stage_find("0"), OPP_STAGE_NONE);
	ck_assert_int_eq(opp_stage_find("12"), OPP_STAGE_NONE);
	ck_assert_int_eq(opp_stage_find(""), OPP_STAGE_NONE);
	ck_assert_int_eq(opp_stage_find(NULL), OPP_STAGE_NONE);
	ck_assert_int_eq(opp_stage_find("leads"), OPP_STAGE_NONE);
	for (int i = 0; i < OPP_STAGE_COUNT; i++) {
		ck_assert_int_eq(opp_stage_find(opp_stages[i].key), i);
		ck_assert_str_eq(opp_stage_keys[i], opp_stages[i].key);
	}
	ck_assert_ptr_null(opp_stage_keys[OPP_STAGE_COUNT]);
	ck_assert(opp_stage_open(OPP_NEGOTIATION));
	ck_assert(!opp_stage_open(OPP_WON));
	ck_assert(!opp_stage_open(OPP_LOST));
	ck_assert(!opp_stage_open(OPP_STAGE_NONE));
}
END_TEST

START_TEST(test_opp_probability_weighted)
{
	/* The defaults rise with the stage; a closed stage is 100 or 0. */
	for (int i = 1; i < OPP_OPEN_COUNT; i++)
		ck_assert_int_gt(opp_stages[i].probability, opp_stages[i - 1].probability);
	ck_assert_int_eq(opp_probability(OPP_WON, -1), 100);
	ck_assert_int_eq(opp_probability(OPP_LOST, -1), 0);
	ck_assert_int_eq(opp_probability(OPP_PROPOSAL, -1), 40);
	ck_assert_int_eq(opp_probability(OPP_PROPOSAL, 65), 65);
	ck_assert_int_eq(opp_probability(OPP_PROPOSAL, 0), 0);
	ck_assert_int_eq(opp_probability(OPP_PROPOSAL, 101), 40);
	ck_assert_int_eq(opp_weighted(100000, 40), 40000);
	ck_assert_int_eq(opp_weighted(5, 50), 3);       /* 2.5 fen rounds up */
	ck_assert_int_eq(opp_weighted(-5, 50), -3);
	ck_assert_int_eq(opp_weighted(333, 33), 110);    /* 109.89 */
	ck_assert_int_eq(opp_weighted(999999999999999LL, 100), 999999999999999LL);
	ck_assert_int_eq(opp_weighted(999999999999999LL, 0), 0);
}
END_TEST

START_TEST(test_opp_path_parse_check)
{
	opp_step st[OPP_PATH_STEPS];

	ck_assert_int_eq(opp_path_parse("", st), 0);
	ck_assert_int_eq(opp_path_parse("lead 2026-01-05", st), 1);
	ck_assert_int_eq(st[0].stage, OPP_LEAD);
	ck_assert_int_eq(st[0].day, D("2026-01-05"));
	ck_assert_int_eq(opp_path_parse("lead 2026-01-05;tender 2026-02-01;won 2026-02-01", st), 3);
	ck_assert_int_eq(st[2].stage, OPP_WON);
	static const char *const bad[] = {
		"lead", "lead 2026-1-5", "lead 2026-02-30", "bid 2026-01-05", "lead  2026-01-05",
		"lead 2026-01-05;", ";lead 2026-01-05", "lead 2026-02-01;won 2026-01-31",
		"lead 2026-01-05;;won 2026-01-06", "LEAD 2026-01-05", "lead 2026-01-05 ",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ck_assert_msg(opp_path_parse(bad[i], st) == -1, "'%s' taken", bad[i]);
		ck_assert_ptr_nonnull(opp_path_check(bad[i], strlen(bad[i])));
	}
	ck_assert_ptr_null(opp_path_check("", 0));
	ck_assert_ptr_null(opp_path_check("lead 2026-01-05;lost 2026-03-01", 31));
	/* A NUL inside is not a path (the length says more than the text). */
	ck_assert_ptr_nonnull(opp_path_check("lead 2026-01-05\0x", 17));
	ck_assert_int_eq(opp_path_since("lead 2026-01-05;proposal 2026-02-07"), D("2026-02-07"));
	ck_assert_int_eq(opp_path_since(""), 0);
	ck_assert_int_eq(opp_path_since("nonsense"), 0);
}
END_TEST

START_TEST(test_opp_path_append)
{
	char out[OPP_PATH_MAX + 1], small[8];

	ck_assert(opp_path_append("", OPP_LEAD, D("2026-01-05"), out, sizeof out));
	ck_assert_str_eq(out, "lead 2026-01-05");
	/* Moved on the day it was opened: both are kept. */
	ck_assert(opp_path_append(out, OPP_QUALIFIED, D("2026-01-05"), out, sizeof out));
	ck_assert_str_eq(out, "lead 2026-01-05;qualified 2026-01-05");
	/* A second move the same day replaces the last step. */
	ck_assert(opp_path_append(out, OPP_PROPOSAL, D("2026-01-05"), out, sizeof out));
	ck_assert_str_eq(out, "lead 2026-01-05;proposal 2026-01-05");
	/* Where it is already: unchanged. */
	ck_assert(opp_path_append(out, OPP_PROPOSAL, D("2026-01-09"), out, sizeof out));
	ck_assert_str_eq(out, "lead 2026-01-05;proposal 2026-01-05");
	ck_assert(opp_path_append(out, OPP_WON, D("2026-02-01"), out, sizeof out));
	ck_assert_str_eq(out, "lead 2026-01-05;proposal 2026-01-05;won 2026-02-01");
	/* Back in time, not a path, a bad stage, too small a buffer: refused. */
	ck_assert(!opp_path_append(out, OPP_LOST, D("2026-01-31"), out, sizeof out));
	ck_assert(!opp_path_append("x", OPP_LOST, D("2026-01-31"), out, sizeof out));
	ck_assert(!opp_path_append("", OPP_STAGE_NONE, D("2026-01-31"), out, sizeof out));
	ck_assert(!opp_path_append("", OPP_LEAD, D("2026-01-31"), small, sizeof small));
	/* Back and forth, past the steps kept: the first and the latest stay. */
	ck_assert(opp_path_append("", OPP_LEAD, D("2026-01-01"), out, sizeof out));
	for (int i = 1; i <= 3 * OPP_PATH_STEPS; i++)
		ck_assert(opp_path_append(out, i % 2 ? OPP_TENDER : OPP_PROPOSAL, D("2026-01-01") + i, out,
		                          sizeof out));
	opp_step st[OPP_PATH_STEPS];
	ck_assert_int_eq(opp_path_parse(out, st), OPP_PATH_STEPS);
	ck_assert_int_eq(st[0].stage, OPP_LEAD);
	ck_assert_int_eq(st[0].day, D("2026-01-01"));
	ck_assert_int_eq(st[OPP_PATH_STEPS - 1].day, D("2026-01-01") + 3 * OPP_PATH_STEPS);
	ck_assert_ptr_null(opp_path_check(out, strlen(out)));
}
END_TEST

START_TEST(test_opp_stats)
{
	opp_stats s;
	opp_step st[OPP_PATH_STEPS];

	memset(&s, 0, sizeof s);
	ck_assert_int_eq(opp_stats_win_permille(&s, OPP_LEAD), -1);
	ck_assert_int_eq(opp_stats_days_tenths(&s, OPP_LEAD), -1);
	/* Won: lead 1 Jan, proposal 11 Jan, won 31 Jan. */
	int n = opp_path_parse("lead 2026-01-01;proposal 2026-01-11;won 2026-01-31", st);
	opp_stats_add(&s, st, n);
	/* Lost from the tender, having been through the proposal. */
	n = opp_path_parse("lead 2026-01-01;proposal 2026-01-05;tender 2026-01-20;lost 2026-02-20", st);
	opp_stats_add(&s, st, n);
	/* Still open: not counted. */
	n = opp_path_parse("lead 2026-01-01;proposal 2026-01-05", st);
	opp_stats_add(&s, st, n);
	/* Lost at once, as a lead; back and forth counts a stage once. */
	n = opp_path_parse("lead 2026-01-01;lost 2026-01-02", st);
	opp_stats_add(&s, st, n);
	n = opp_path_parse("lead 2026-03-01;proposal 2026-03-02;lead 2026-03-03;proposal 2026-03-04;"
	                   "won 2026-03-11", st);
	opp_stats_add(&s, st, n);
	ck_assert_int_eq(s.reached[OPP_LEAD], 4);
	ck_assert_int_eq(s.won[OPP_LEAD], 2);
	ck_assert_int_eq(opp_stats_win_permille(&s, OPP_LEAD), 500);
	ck_assert_int_eq(s.reached[OPP_PROPOSAL], 3);
	ck_assert_int_eq(opp_stats_win_permille(&s, OPP_PROPOSAL), 667);
	ck_assert_int_eq(opp_stats_win_permille(&s, OPP_TENDER), 0);
	ck_assert_int_eq(opp_stats_win_permille(&s, OPP_NEGOTIATION), -1);
	/* Days to win from a lead: 30 and 10; from the proposal 20 and 9. */
	ck_assert_int_eq(opp_stats_days_tenths(&s, OPP_LEAD), 200);
	ck_assert_int_eq(opp_stats_days_tenths(&s, OPP_PROPOSAL), 145);
	ck_assert_int_eq(opp_stats_days_tenths(&s, OPP_TENDER), -1);
	opp_stats_add(&s, st, 0);
	ck_assert_int_eq(s.reached[OPP_LEAD], 4);
	/* Four closed, the open one aside; two of them won. */
	ck_assert_int_eq(s.closed, 4);
	ck_assert_int_eq(s.closed_won, 2);
}
END_TEST

/* The levers' basis: opportunities closed in a window, from their paths. */
START_TEST(test_opp_stats_window)
{
	opp_stats s;
	date_day from = D("2026-07-01"), to = D("2026-12-31");

	memset(&s, 0, sizeof s);
	/* Won in the window: lead 1 Jun, tender 1 Aug, won 31 Aug. */
	ck_assert(opp_stats_add_path(&s, "lead 2026-06-01;tender 2026-08-01;won 2026-08-31", from, to));
	/* Lost on the window's first day, won on its last: both counted. */
	ck_assert(opp_stats_add_path(&s, "lead 2026-06-20;tender 2026-06-25;lost 2026-07-01", from, to));
	ck_assert(opp_stats_add_path(&s, "lead 2026-12-01;won 2026-12-31", from, to));
	/* Closed the day before, or after it; open; not a path: not counted. */
	ck_assert(!opp_stats_add_path(&s, "lead 2026-06-01;won 2026-06-30", from, to));
	ck_assert(!opp_stats_add_path(&s, "lead 2026-06-01;lost 2027-01-01", from, to));
	ck_assert(!opp_stats_add_path(&s, "lead 2026-08-01;tender 2026-08-02", from, to));
	ck_assert(!opp_stats_add_path(&s, "won", from, to));
	ck_assert(!opp_stats_add_path(&s, "", from, to));
	ck_assert(!opp_stats_add_path(&s, NULL, from, to));
	ck_assert_int_eq(s.closed, 3);
	ck_assert_int_eq(s.closed_won, 2);
	ck_assert_int_eq(s.reached[OPP_LEAD], 3);
	ck_assert_int_eq(opp_stats_win_permille(&s, OPP_LEAD), 667);
	ck_assert_int_eq(s.reached[OPP_TENDER], 2);
	ck_assert_int_eq(opp_stats_win_permille(&s, OPP_TENDER), 500);
	/* From a lead: 91 and 30 days, 60.5; from the tender: 30. */
	ck_assert_int_eq(opp_stats_days_tenths(&s, OPP_LEAD), 605);
	ck_assert_int_eq(opp_stats_days_tenths(&s, OPP_TENDER), 300);
	ck_assert_int_eq(opp_stats_win_permille(&s, OPP_PROPOSAL), -1);
}
END_TEST

START_TEST(test_opp_forecast_gap)
{
	ck_assert_int_eq(opp_forecast_gap(40000000, 6550000, 1500000), 31950000);
	/* Covered by the pipeline, or met: 0, never below. */
	ck_assert_int_eq(opp_forecast_gap(40000000, 30000000, 10000000), 0);
	ck_assert_int_eq(opp_forecast_gap(40000000, 30000000, 12000000), 0);
	ck_assert_int_eq(opp_forecast_gap(40000000, 45000000, 0), 0);
	ck_assert_int_eq(opp_forecast_gap(0, 0, 0), 0);
	ck_assert_int_eq(opp_forecast_gap(1, 0, 0), 1);
}
END_TEST

Suite *suite_opp(void)
{
	Suite *s = suite_create("opp");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_opp_stage_find);
	tcase_add_test(tc, test_opp_probability_weighted);
	tcase_add_test(tc, test_opp_path_parse_check);
	tcase_add_test(tc, test_opp_path_append);
	tcase_add_test(tc, test_opp_stats);
	tcase_add_test(tc, test_opp_stats_window);
	tcase_add_test(tc, test_opp_forecast_gap);
	suite_add_tcase(s, tc);
	return s;
}
