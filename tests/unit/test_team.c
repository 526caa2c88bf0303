/* The merge rule (core/merge.c) and the team standings (core/team.c). */
#include <string.h>

#include "repdesk/merge.h"
#include "repdesk/team.h"
#include "suites.h"

/* Stamps of two devices: time T, counter C, device D. */
#define S(t, c, d) "2026-11-27T10:00:0" #t ".000Z.00000" #c "." d
#define DA "aaaaaaaa"
#define DB "bbbbbbbb"

START_TEST(test_merge_rule)
{
	/* New here; the same version. */
	ck_assert_int_eq(merge_decide(NULL, NULL, S(1, 0, DA), ""), MERGE_INSERT);
	ck_assert_int_eq(merge_decide(S(1, 0, DA), "", S(1, 0, DA), ""), MERGE_SAME);
	/* One device's edits follow each other: no conflict either way. */
	ck_assert_int_eq(merge_decide(S(1, 0, DA), "", S(2, 0, DA), S(1, 0, DB)), MERGE_TAKE);
	ck_assert_int_eq(merge_decide(S(2, 0, DA), "", S(1, 0, DA), ""), MERGE_KEEP);
	/* An edit made from what we have is a fast-forward; ours made from
	 * theirs keeps ours. */
	ck_assert_int_eq(merge_decide(S(1, 0, DA), "", S(2, 0, DB), S(1, 0, DA)), MERGE_TAKE);
	ck_assert_int_eq(merge_decide(S(2, 0, DB), S(1, 0, DA), S(1, 0, DA), ""), MERGE_KEEP);
	/* Both changed it since they last agreed: the newer wins, the other is
	 * kept aside, whichever side we are. */
	ck_assert_int_eq(merge_decide(S(2, 0, DA), S(1, 0, DA), S(3, 0, DB), S(1, 0, DA)),
	                 MERGE_TAKE_CONFLICT);
	ck_assert_int_eq(merge_decide(S(3, 0, DB), S(1, 0, DA), S(2, 0, DA), S(1, 0, DA)),
	                 MERGE_KEEP_CONFLICT);
	/* Same time and counter: the device id breaks the tie, both ways. */
	ck_assert_int_eq(merge_decide(S(1, 0, DA), "", S(1, 0, DB), ""), MERGE_TAKE_CONFLICT);
	ck_assert_int_eq(merge_decide(S(1, 0, DB), "", S(1, 0, DA), ""), MERGE_KEEP_CONFLICT);
	/* The counter orders stamps of one millisecond. */
	ck_assert_int_eq(merge_decide(S(1, 2, DA), "", S(1, 1, DB), S(1, 0, DA)),
	                 MERGE_KEEP_CONFLICT);
	/* A later base never makes an older version include a newer one. */
	ck_assert(!merge_includes(S(1, 0, DA), S(2, 0, DB), S(2, 0, DB)));
	ck_assert(merge_includes(S(2, 0, DB), S(1, 0, DA), S(1, 0, DA)));
	/* A malformed stamp is compared, never trusted as a device. */
	ck_assert_int_eq(merge_decide("x", "", "y", ""), MERGE_TAKE_CONFLICT);
}
END_TEST

/* Why a version won: later, a later count in the same millisecond, the
 * device id at the same time and count. */
START_TEST(test_merge_explain)
{
	ck_assert_int_eq(merge_explain(S(2, 0, DA), S(1, 5, DB)), MERGE_WHY_LATER);
	ck_assert_int_eq(merge_explain(S(1, 3, DA), S(1, 2, DB)), MERGE_WHY_COUNTER);
	ck_assert_int_eq(merge_explain(S(1, 2, DB), S(1, 2, DA)), MERGE_WHY_DEVICE);
	ck_assert_int_eq(merge_explain(S(1, 2, DA), S(1, 2, DB)), MERGE_WHY_UNKNOWN);
	ck_assert_int_eq(merge_explain("x", S(1, 2, DB)), MERGE_WHY_UNKNOWN);
}
END_TEST

/* Whatever order two versions meet in, the same one wins. */
START_TEST(test_merge_symmetric)
{
	static const char *const v[][2] = {
		{ S(1, 0, DA), "" }, { S(2, 0, DA), S(1, 0, DA) }, { S(2, 0, DB), S(1, 0, DA) },
		{ S(3, 0, DB), S(2, 0, DA) }, { S(3, 0, DA), S(2, 0, DB) }, { S(3, 1, DA), "" },
	};
	size_t n = sizeof v / sizeof *v;

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			merge_action x = merge_decide(v[i][0], v[i][1], v[j][0], v[j][1]);
			merge_action y = merge_decide(v[j][0], v[j][1], v[i][0], v[i][1]);
			bool take_x = x == MERGE_TAKE || x == MERGE_TAKE_CONFLICT;
			bool keep_y = y == MERGE_KEEP || y == MERGE_KEEP_CONFLICT;
			if (i == j) {
				ck_assert_int_eq(x, MERGE_SAME);
				continue;
			}
			ck_assert_int_eq(take_x, keep_y);
			ck_assert_int_eq(x == MERGE_TAKE_CONFLICT || x == MERGE_KEEP_CONFLICT,
			                 y == MERGE_TAKE_CONFLICT || y == MERGE_KEEP_CONFLICT);
		}
}
END_TEST

START_TEST(test_team_ratios)
{
	ck_assert_int_eq(team_ratio(1, 0), TEAM_NONE);
	ck_assert_int_eq(team_ratio(0, 100), 0);
	ck_assert_int_eq(team_ratio(50, 100), 50);
	ck_assert_int_eq(team_ratio(1, 200), 1);            /* 0.005 rounds up */
	ck_assert_int_eq(team_ratio(1, 201), 0);
	ck_assert_int_eq(team_ratio(3, 2), 150);
	ck_assert_int_eq(team_ratio(INT64_C(1000000000000000), 1), 99999);
	ck_assert_int_eq(team_ratio(INT64_C(999999999999999), INT64_C(1000000000000000)), 100);
	/* DESIGN §8: ¥90,000 of ¥150,000 after 20 of 21 working days. */
	ck_assert_int_eq(team_pace(9000000, 15000000, 20, 21), 63);
	ck_assert_int_eq(team_pace(5000000, 10000000, 20, 21), 53);   /* 0.525 */
	ck_assert_int_eq(team_pace(100, 100, 21, 21), 100);
	ck_assert_int_eq(team_pace(100, 100, 0, 21), TEAM_NONE);
	ck_assert_int_eq(team_pace(100, 0, 5, 21), TEAM_NONE);
	ck_assert_int_eq(team_pace(100, 100, 30, 21), 100);           /* elapsed capped */
	ck_assert_int_eq(team_pace(INT64_C(1000000000000000), INT64_C(1000000000000000), 10, 20), 200);
}
END_TEST

static team_row rep(const char *group, const char *name, int64_t target, int64_t achieved)
{
	team_row r;
	memset(&r, 0, sizeof r);
	strcpy(r.group, group);
	strcpy(r.rep, name);
	strcpy(r.rep_uid, name);
	r.target = target;
	r.achieved = achieved;
	r.calls = 1;
	return r;
}

START_TEST(test_team_rank)
{
	team_row in[6] = {
		rep("G2", "c", 200, 60), rep("G1", "a", 100, 50), rep("G1", "b", 50, 40),
		rep("G3", "x", 0, 999), rep("G1", "d", 0, 5), rep("G2", "e", 100, 30),
	};
	team_row out[12];
	/* Pipelines of a and b in G1, of e in G2. */
	in[1].pipeline = 300000, in[1].weighted = 120000;
	in[2].pipeline = 50000, in[2].weighted = 35000;
	in[5].pipeline = 7, in[5].weighted = 1;
	size_t n = team_rank(in, 6, 10, 20, false, out);

	ck_assert_uint_eq(n, 9);
	/* G1: 95/150; G2: 90/300; G3 without a target last. */
	ck_assert(out[0].total);
	ck_assert_str_eq(out[0].group, "G1");
	ck_assert_str_eq(out[0].rep, "*");
	ck_assert_int_eq(out[0].rank, 1);
	ck_assert_int_eq(out[0].target, 150);
	ck_assert_int_eq(out[0].calls, 3);
	ck_assert_int_eq(out[0].progress, 63);
	/* A group's pipeline and forecast are its reps' summed. */
	ck_assert_int_eq(out[0].pipeline, 350000);
	ck_assert_int_eq(out[0].weighted, 155000);
	ck_assert_int_eq(out[1].pipeline, 50000);
	ck_assert_str_eq(out[1].rep, "b");
	ck_assert_int_eq(out[1].rank, 1);
	ck_assert_str_eq(out[2].rep, "a");
	ck_assert_int_eq(out[2].rank, 2);
	ck_assert_str_eq(out[3].rep, "d");           /* no target: last in the group */
	ck_assert_int_eq(out[3].progress, TEAM_NONE);
	ck_assert_str_eq(out[4].group, "G2");
	ck_assert_int_eq(out[4].rank, 2);
	ck_assert_int_eq(out[4].pipeline, 7);
	ck_assert_int_eq(out[4].weighted, 1);
	ck_assert_str_eq(out[5].rep, "c");           /* 30% and 30%: more achieved first */
	ck_assert_str_eq(out[6].rep, "e");
	ck_assert_str_eq(out[7].group, "G3");
	ck_assert_int_eq(out[7].rank, 3);
	ck_assert_str_eq(out[8].rep, "x");
	ck_assert_int_eq(out[8].pace, TEAM_NONE);
	/* The input is left as it was. */
	ck_assert_str_eq(in[0].rep, "c");

	n = team_rank(in, 6, 10, 20, true, out);
	ck_assert_uint_eq(n, 6);
	ck_assert_str_eq(out[0].rep, "b");
	ck_assert_str_eq(out[1].rep, "a");
	ck_assert_str_eq(out[2].rep, "c");
	ck_assert_str_eq(out[3].rep, "e");
	ck_assert_str_eq(out[4].rep, "x");           /* no target: by achieved */
	ck_assert_str_eq(out[5].rep, "d");
	ck_assert_int_eq(out[5].rank, 6);
	ck_assert_uint_eq(team_rank(in, 0, 10, 20, false, out), 0);
}
END_TEST

Suite *suite_team(void)
{
	Suite *s = suite_create("team");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_merge_rule);
	tcase_add_test(tc, test_merge_explain);
	tcase_add_test(tc, test_merge_symmetric);
	tcase_add_test(tc, test_team_ratios);
	tcase_add_test(tc, test_team_rank);
	suite_add_tcase(s, tc);
	return s;
}
