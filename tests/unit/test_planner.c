/* planner: the exact-split rule and its ties, baselines, the shares spec, the
 * worked ¥400,000 example, the October 2026 day split and re-spread, the gap
 * check, market potential, and a property test over thousands of random books
 * that checks every level against exact proportions in 128-bit arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/ledger.h"
#include "repdesk/money.h"
#include "repdesk/plan.h"
#include "suites.h"

#define Y(yuan) ((int64_t)(yuan) * 100)		/* yuan to fen */

static date_day D(const char *text)
{
	date_day day = 0;

	ck_assert_msg(date_parse(text, &day), "'%s' refused", text);
	return day;
}

/* The shipped calendar, read here (tests may do I/O; the core may not). */
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

/* ---- The exact-split rule ---- */

START_TEST(test_apportion_rule)
{
	int64_t out[8];

	/* 100 yuan over three equal parts: the extra yuan to the first uid. */
	const int64_t eq[3] = { 5, 5, 5 };
	const char *const uids[3] = { "c", "a", "b" };
	ck_assert_int_eq(plan_apportion(Y(100), eq, uids, 3, out), PLAN_OK);
	ck_assert_int_eq(out[0], Y(33));
	ck_assert_int_eq(out[1], Y(34));
	ck_assert_int_eq(out[2], Y(33));
	/* Without uids, by position. */
	ck_assert_int_eq(plan_apportion(Y(101), eq, NULL, 3, out), PLAN_OK);
	ck_assert_int_eq(out[0], Y(34));
	ck_assert_int_eq(out[1], Y(34));
	ck_assert_int_eq(out[2], Y(33));

	/* The largest fraction takes the yuan left: 11 yuan by 1:1:1:7 is 1.1
	 * three times and 7.7. */
	const int64_t w4[4] = { 1, 1, 1, 7 };
	ck_assert_int_eq(plan_apportion(Y(11), w4, NULL, 4, out), PLAN_OK);
	ck_assert_int_eq(out[0], Y(1));
	ck_assert_int_eq(out[3], Y(8));
	/* 16 yuan: 1.6 x3 and 11.2: two of the .6 get the two extra yuan, by
	 * position (equal weights, no uids). */
	ck_assert_int_eq(plan_apportion(Y(16), w4, NULL, 4, out), PLAN_OK);
	ck_assert_int_eq(out[0], Y(2));
	ck_assert_int_eq(out[1], Y(2));
	ck_assert_int_eq(out[2], Y(1));
	ck_assert_int_eq(out[3], Y(11));
}
END_TEST

START_TEST(test_apportion_ties)
{
	int64_t out[3];

	/* 4 yuan by 1:3:4 is 0.5, 1.5, 2: equal remainders; the larger
	 * baseline wins the tie even against the smaller uid. */
	const int64_t w[3] = { 1, 3, 4 };
	const char *const uids[3] = { "a", "b", "c" };
	ck_assert_int_eq(plan_apportion(Y(4), w, uids, 3, out), PLAN_OK);
	ck_assert_int_eq(out[0], 0);
	ck_assert_int_eq(out[1], Y(2));
	ck_assert_int_eq(out[2], Y(2));

	/* Equal baselines: strcmp order, wherever they stand in the input. */
	const int64_t same[3] = { 7, 7, 7 };
	const char *const u2[3] = { "u10", "u09", "u1" };
	ck_assert_int_eq(plan_apportion(Y(2), same, u2, 3, out), PLAN_OK);
	/* "u09" < "u1" < "u10" */
	ck_assert_int_eq(out[0], 0);
	ck_assert_int_eq(out[1], Y(1));
	ck_assert_int_eq(out[2], Y(1));
}
END_TEST

START_TEST(test_apportion_zero_and_equal)
{
	int64_t out[4];

	/* Weight 0 gets nothing, fen included. ¥10.99 by 3:1 is 8.2425 and
	 * 2.7475: 8 and 2 yuan, the fen to the larger fraction. */
	const int64_t w[4] = { 0, 3, 0, 1 };
	ck_assert_int_eq(plan_apportion(Y(10) + 99, w, NULL, 4, out), PLAN_OK);
	ck_assert_int_eq(out[0], 0);
	ck_assert_int_eq(out[2], 0);
	ck_assert_int_eq(out[1] + out[3], Y(10) + 99);
	ck_assert_int_eq(out[1], Y(8));
	ck_assert_int_eq(out[3], Y(2) + 99);

	/* All zero: equally. */
	const int64_t z[4] = { 0, 0, 0, 0 };
	ck_assert_int_eq(plan_apportion(Y(6), z, NULL, 4, out), PLAN_OK);
	ck_assert_int_eq(out[0], Y(2));
	ck_assert_int_eq(out[1], Y(2));
	ck_assert_int_eq(out[2], Y(1));
	ck_assert_int_eq(out[3], Y(1));

	/* Zero total. */
	ck_assert_int_eq(plan_apportion(0, w, NULL, 4, out), PLAN_OK);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(out[i], 0);
	/* No parts. */
	ck_assert_int_eq(plan_apportion(Y(5), w, NULL, 0, out), PLAN_OK);
}
END_TEST

START_TEST(test_apportion_fen)
{
	int64_t out[3];
	const int64_t eq[3] = { 1, 1, 1 };

	/* ¥100.50 over three: 34, 33, 33 yuan; the fen go to the next in line,
	 * the second part, so no one is a yuan or more from 33.50. */
	ck_assert_int_eq(plan_apportion(Y(100) + 50, eq, NULL, 3, out), PLAN_OK);
	ck_assert_int_eq(out[0], Y(34));
	ck_assert_int_eq(out[1], Y(33) + 50);
	ck_assert_int_eq(out[2], Y(33));
	/* ¥99.99: whole yuan split evenly, the fen to the first. */
	ck_assert_int_eq(plan_apportion(Y(99) + 99, eq, NULL, 3, out), PLAN_OK);
	ck_assert_int_eq(out[0], Y(33) + 99);
	ck_assert_int_eq(out[1], Y(33));
	ck_assert_int_eq(out[2], Y(33));
	/* Less than a yuan. */
	ck_assert_int_eq(plan_apportion(7, eq, NULL, 3, out), PLAN_OK);
	ck_assert_int_eq(out[0], 7);
	ck_assert_int_eq(out[1], 0);
	ck_assert_int_eq(out[2], 0);
}
END_TEST

START_TEST(test_apportion_errors_and_huge)
{
	int64_t out[3];
	const int64_t neg[2] = { 5, -1 };
	const int64_t over[2] = { INT64_MAX, 1 };
	const int64_t big[3] = { INT64_MAX / 3, INT64_MAX / 3, INT64_MAX / 3 };

	ck_assert_int_eq(plan_apportion(-1, big, NULL, 3, out), PLAN_E_TARGET);
	ck_assert_int_eq(plan_apportion(MONEY_MAX_FEN + 1, big, NULL, 3, out), PLAN_E_TARGET);
	ck_assert_int_eq(plan_apportion(Y(1), neg, NULL, 2, out), PLAN_E_BASELINE);
	ck_assert_int_eq(plan_apportion(Y(1), over, NULL, 2, out), PLAN_E_BASELINE);
	/* The largest target over the largest weights: 128-bit products. */
	ck_assert_int_eq(plan_apportion(MONEY_MAX_FEN, big, NULL, 3, out), PLAN_OK);
	ck_assert_int_eq(out[0] + out[1] + out[2], MONEY_MAX_FEN);
	ck_assert_int_eq(out[0], Y(3333333333334));
	ck_assert_int_eq(out[1], Y(3333333333333));
	ck_assert_str_eq(plan_status_text(PLAN_E_NOMEM), "out of memory");
	ck_assert_str_eq(plan_status_text(PLAN_OK), "ok");
}
END_TEST

/* ---- Baselines ---- */
/* A months blob as the summaries write it: key, total, volume (ledger.h). */
static size_t months_blob(unsigned char *b, const int *keys, const int64_t *totals,
                          const int64_t *volumes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char *p = b + i * LEDGER_MONTH_BYTES;
		uint32_t k = (uint32_t)keys[i];
		uint64_t t = (uint64_t)totals[i], v = (uint64_t)(volumes ? volumes[i] : LEDGER_NO_VOLUME);
		for (int j = 0; j < 4; j++)
			p[j] = (unsigned char)(k >> (8 * j));
		for (int j = 0; j < 8; j++) {
			p[4 + j] = (unsigned char)(t >> (8 * j));
			p[12 + j] = (unsigned char)(v >> (8 * j));
		}
	}
	return n * LEDGER_MONTH_BYTES;
}

/* The list, the queue and the plan tier a customer by one rule: three
 * ¥30,000 orders make an S customer whatever its stated month says. */
START_TEST(test_tier_in_month_follows_orders)
{
	unsigned char b[8 * LEDGER_MONTH_BYTES];
	const int keys[] = { 202607, 202608, 202609, 202610, 202611 };
	const int64_t sums[] = { Y(90000), Y(30000), Y(30000), Y(30000), Y(1) };
	const int64_t vols[] = { 500, 120, LEDGER_NO_VOLUME, 120, 1 };
	tier_thresholds th = tier_default(TIER_METRIC_AMOUNT);
	int64_t tot[3], vol[3];
	bool has_volume;
	size_t n = months_blob(b, keys, sums, NULL, 5);

	/* November: August to October, oldest first; July and November are out. */
	ck_assert(ledger_months_before(b, n, 2026, 11, tot, vol, &has_volume));
	ck_assert_int_eq(tot[0], Y(30000));
	ck_assert_int_eq(tot[1], Y(30000));
	ck_assert_int_eq(tot[2], Y(30000));
	ck_assert(!has_volume);
	ck_assert_int_eq(plan_tier_in_month(b, n, 2026, 11, Y(500), 0, &th), TIER_S);
	/* February 2027: only November 2026 is in the window (¥1 / 3 rounds to 0). */
	ck_assert(ledger_months_before(b, n, 2027, 2, tot, NULL, NULL));
	ck_assert_int_eq(tot[0], Y(1));
	ck_assert_int_eq(tot[1] + tot[2], 0);
	ck_assert_int_eq(plan_tier_in_month(b, n, 2027, 2, Y(25000), 0, &th), TIER_D);
	/* No orders in the window: the stated month decides. */
	ck_assert(!ledger_months_before(b, n, 2027, 6, tot, NULL, NULL));
	ck_assert_int_eq(tot[0] + tot[1] + tot[2], 0);
	ck_assert_int_eq(plan_tier_in_month(b, n, 2027, 6, Y(12000), 0, &th), TIER_A);
	ck_assert_int_eq(plan_tier_in_month(NULL, 0, 2027, 6, INT64_MIN, 0, &th), TIER_D);
	/* Across the year's turn: January 2027 reads October to December. */
	ck_assert(ledger_months_before(b, n, 2027, 1, tot, NULL, NULL));
	ck_assert_int_eq(tot[0], Y(30000));
	ck_assert_int_eq(tot[1], Y(1));
	ck_assert_int_eq(tot[2], 0);
	/* A blob cut short is read as far as it is whole. */
	ck_assert(!ledger_months_before(b, LEDGER_MONTH_BYTES - 1, 2026, 8, tot, NULL, NULL));
	ck_assert(ledger_months_before(b, 2 * LEDGER_MONTH_BYTES - 1, 2026, 8, tot, NULL, NULL));
	ck_assert_int_eq(tot[2], Y(90000));
	/* Volume thresholds: from the stated volume while no order gave one... */
	tier_thresholds tv = tier_default(TIER_METRIC_VOLUME);
	ck_assert_int_eq(plan_tier_in_month(b, n, 2026, 11, Y(500), 120, &tv), TIER_S);
	ck_assert_int_eq(plan_tier_in_month(b, n, 2026, 11, Y(500), 0, &tv), TIER_D);
	/* ...and from the orders' volumes once they do: (120 + 0 + 120) / 3 = 80. */
	n = months_blob(b, keys, sums, vols, 5);
	ck_assert(ledger_months_before(b, n, 2026, 11, tot, vol, &has_volume));
	ck_assert(has_volume);
	ck_assert_int_eq(vol[0], 120);
	ck_assert_int_eq(vol[1], 0);
	ck_assert_int_eq(vol[2], 120);
	ck_assert_int_eq(plan_tier_in_month(b, n, 2026, 11, Y(500), 0, &tv), TIER_A);
	ck_assert_int_eq(plan_tier_in_month(b, n, 2026, 11, Y(500), 1000, &tv), TIER_A);
}
END_TEST


START_TEST(test_baseline_mean_and_fallback)
{
	const int64_t t1[3] = { Y(100), Y(200), Y(300) };
	const int64_t t2[3] = { 1, 1, 0 };	/* 0.67 fen rounds up */
	const int64_t t3[3] = { 1, 0, 0 };	/* 0.33 fen rounds down */
	const int64_t t4[3] = { 0, 0, Y(300) };	/* quiet months count as 0 */
	const int64_t t5[3] = { -Y(500), Y(100), 0 };	/* net refunds: never below 0 */
	const int64_t t6[3] = { MONEY_MAX_FEN, MONEY_MAX_FEN, MONEY_MAX_FEN };
	const int64_t t7[3] = { -1, -1, 0 };		/* -0.67 -> 0 */

	ck_assert_int_eq(plan_baseline(t1, true, Y(99999)), Y(200));
	ck_assert_int_eq(plan_baseline(t2, true, 0), 1);
	ck_assert_int_eq(plan_baseline(t3, true, 0), 0);
	ck_assert_int_eq(plan_baseline(t4, true, Y(5000)), Y(100));
	ck_assert_int_eq(plan_baseline(t5, true, Y(5000)), 0);
	ck_assert_int_eq(plan_baseline(t6, true, 0), MONEY_MAX_FEN);
	ck_assert_int_eq(plan_baseline(t7, true, 0), 0);
	/* No history in the window: the imported monthly amount. */
	ck_assert_int_eq(plan_baseline(t1, false, Y(12000)), Y(12000));
	ck_assert_int_eq(plan_baseline(t1, false, INT64_MIN), 0);	/* DB_NULL: unknown */
	ck_assert_int_eq(plan_baseline(t1, false, 0), 0);
}
END_TEST

/* Under volume thresholds: the mean of the orders' monthly volumes when an
 * order in the window gave one, else the stated monthly volume; what a list
 * shows for a month: its orders' volume, else the stated one. */
START_TEST(test_volume_baseline)
{
	const int64_t v1[3] = { 120, 0, 90 };     /* a month whose orders gave none: 0 */
	const int64_t v2[3] = { 1, 1, 0 };        /* 0.67 rounds up, as money does */

	ck_assert_int_eq(plan_volume_baseline(v1, true, 500), 70);
	ck_assert_int_eq(plan_volume_baseline(v2, true, 500), 1);
	ck_assert_int_eq(plan_volume_baseline(v1, false, 500), 500);
	ck_assert_int_eq(plan_volume_baseline(v1, false, INT64_MIN), 0);   /* DB_NULL */

	ck_assert_int_eq(plan_month_volume(150, 40), 150);
	ck_assert_int_eq(plan_month_volume(0, 40), 0);            /* orders gave 0: 0 */
	ck_assert_int_eq(plan_month_volume(-1, 40), 40);
	ck_assert_int_eq(plan_month_volume(-1, INT64_MIN), -1);
}
END_TEST

START_TEST(test_baseline_window)
{
	date_day from, to;

	plan_baseline_window(2026, 1, &from, &to);
	ck_assert_int_eq(from, D("2025-10-01"));
	ck_assert_int_eq(to, D("2025-12-31"));
	plan_baseline_window(2026, 5, &from, &to);
	ck_assert_int_eq(from, D("2026-02-01"));
	ck_assert_int_eq(to, D("2026-04-30"));

	ck_assert_int_eq(plan_baseline_slot(2026, 1, D("2025-09-30")), -1);
	ck_assert_int_eq(plan_baseline_slot(2026, 1, D("2025-10-01")), 0);
	ck_assert_int_eq(plan_baseline_slot(2026, 1, D("2025-11-15")), 1);
	ck_assert_int_eq(plan_baseline_slot(2026, 1, D("2025-12-31")), 2);
	ck_assert_int_eq(plan_baseline_slot(2026, 1, D("2026-01-01")), -1);	/* the month itself */
	ck_assert_int_eq(plan_baseline_slot(2026, 1, D("2026-02-01")), -1);
	ck_assert_int_eq(plan_baseline_slot(2026, 3, D("2026-02-28")), 2);
}
END_TEST

/* ---- Shares ---- */

static const char *shares_err(const char *text)
{
	static char err[128];
	plan_shares s;

	strcpy(err, "(unset)");
	ck_assert_msg(!plan_shares_parse(text, &s, err, sizeof err), "accepted: %s", text);
	return err;
}

START_TEST(test_shares_parse)
{
	plan_shares s;
	char err[128] = "", buf[PLAN_SHARES_BUFSZ];

	ck_assert_msg(plan_shares_parse("S=40,A=30,B=15,C=10,D=5", &s, err, sizeof err), "%s", err);
	ck_assert_int_eq(s.pct[TIER_S], 40);
	ck_assert_int_eq(s.pct[TIER_A], 30);
	ck_assert_int_eq(s.pct[TIER_B], 15);
	ck_assert_int_eq(s.pct[TIER_C], 10);
	ck_assert_int_eq(s.pct[TIER_D], 5);
	ck_assert_str_eq(plan_shares_format(&s, buf, sizeof buf), "S=40,A=30,B=15,C=10,D=5");
	plan_shares d = plan_shares_default();
	ck_assert_str_eq(plan_shares_format(&d, buf, sizeof buf), "S=40,A=30,B=15,C=10,D=5");

	/* Any order, lower case, spaces, '%'; omitted tiers get 0. */
	ck_assert_msg(plan_shares_parse(" d = 10% , s=60 ,a=30% ", &s, err, sizeof err), "%s", err);
	ck_assert_str_eq(plan_shares_format(&s, buf, sizeof buf), "S=60,A=30,B=0,C=0,D=10");
	ck_assert(plan_shares_parse("S=100", &s, err, sizeof err));

	ck_assert_str_eq(shares_err("S=40,A=30,B=15,C=5,D=5"), "shares sum to 95, not 100");
	ck_assert_str_eq(shares_err("S=50,A=30,B=15,C=10,D=5"), "shares sum to 110, not 100");
	ck_assert_str_eq(shares_err("S=0"), "shares sum to 0, not 100");
	ck_assert_str_eq(shares_err("S=40,S=60"), "S is given twice");
	ck_assert_str_eq(shares_err("S=101"), "S: more than 100%");
	ck_assert_str_eq(shares_err("S=4x0"), "S: 'x0' is not a whole percentage");
	ck_assert_str_eq(shares_err("S=-5,A=105"), "S: '-5,A=105' is not a whole percentage");
	ck_assert_str_eq(shares_err("S=40.5,A=59.5"), "S: '.5,A=59.5' is not a whole percentage");
	ck_assert_str_eq(shares_err("X=100"), "expected S=, A=, B=, C= or D= at 'X=100'");
	ck_assert_str_eq(shares_err("S 100"), "expected '=' after S");
	ck_assert_str_eq(shares_err("S=100,"), "expected S=, A=, B=, C= or D= at ''");
	ck_assert_str_eq(shares_err(""), "no shares given (e.g. S=40,A=30,B=15,C=10,D=5)");
	ck_assert_str_eq(shares_err("S="), "S: '' is not a whole percentage");

	plan_shares bad = { { 50, 60, -10, 0, 0 } };
	ck_assert(!plan_shares_check(&bad, err, sizeof err));
	ck_assert_str_eq(err, "B=-10 is not a percentage (0-100)");

	plan_method m;
	ck_assert(plan_method_parse("shares", &m) && m == PLAN_SHARES);
	ck_assert(plan_method_parse("baseline", &m) && m == PLAN_BASELINE);
	ck_assert(!plan_method_parse("Baseline", &m));
	ck_assert_str_eq(plan_method_name(PLAN_SHARES), "shares");
	ck_assert_str_eq(plan_method_name(PLAN_BASELINE), "baseline");
}
END_TEST

/* ---- The month plan ---- */

/* DESIGN's example: ten customers each at ¥20,000, ¥10,000, ¥5,000 and
 * ¥1,000, listed out of uid order so that ties must go by strcmp. */
static size_t example_book(plan_customer *c, char uids[40][8])
{
	static const char prefix[4] = { 's', 'a', 'b', 'c' };
	static const int64_t amount[4] = { Y(20000), Y(10000), Y(5000), Y(1000) };
	static const int order[10] = { 7, 3, 9, 0, 5, 1, 8, 2, 6, 4 };
	size_t n = 0;

	for (int i = 0; i < 10; i++)
		for (int g = 0; g < 4; g++) {
			snprintf(uids[n], sizeof uids[n], "%c%d", prefix[g], order[i]);
			c[n] = (plan_customer){ uids[n], amount[g], 0, TIER_NONE, TIER_NONE, -1 };
			n++;
		}
	return n;
}

static int64_t target_of(const plan_customer *c, size_t n, const char *uid)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].uid, uid) == 0)
			return c[i].target;
	ck_abort_msg("no customer %s", uid);
	return -1;
}

START_TEST(test_split_worked_example)
{
	plan_customer c[40];
	char uids[40][8];
	size_t n = example_book(c, uids);
	tier_thresholds th = tier_default(TIER_METRIC_AMOUNT);
	plan_result r;

	ck_assert_int_eq(plan_split(c, n, Y(400000), PLAN_BASELINE, NULL, &th, &r), PLAN_OK);
	ck_assert_int_eq(r.baseline, Y(360000));
	ck_assert_int_eq((int)r.customers, 40);
	ck_assert(!r.equal);
	ck_assert_int_eq(r.unplaced, 0);
	/* 222,222.22 / 111,111.11 / 55,555.56 / 11,111.11: B has the largest
	 * remainder and takes the yuan left over. */
	ck_assert_int_eq(r.tiers[TIER_S].target, Y(222222));
	ck_assert_int_eq(r.tiers[TIER_A].target, Y(111111));
	ck_assert_int_eq(r.tiers[TIER_B].target, Y(55556));
	ck_assert_int_eq(r.tiers[TIER_C].target, Y(11111));
	ck_assert_int_eq(r.tiers[TIER_D].target, 0);
	ck_assert(!r.tiers[TIER_D].unplaced);
	ck_assert_int_eq(r.tiers[TIER_S].share_bp, 5556);
	ck_assert_int_eq(r.tiers[TIER_C].share_bp, 278);
	static const int64_t each[4] = { Y(20000), Y(10000), Y(5000), Y(1000) };
	for (int t = TIER_S; t <= TIER_C; t++) {
		ck_assert_int_eq((int)r.tiers[t].customers, 10);
		ck_assert_int_eq(r.tiers[t].baseline, 10 * each[t]);
	}

	/* Inside S: 22,222.2 each, the two yuan left to s0 and s1. */
	ck_assert_int_eq(target_of(c, n, "s0"), Y(22223));
	ck_assert_int_eq(target_of(c, n, "s1"), Y(22223));
	ck_assert_int_eq(target_of(c, n, "s2"), Y(22222));
	ck_assert_int_eq(target_of(c, n, "s9"), Y(22222));
	ck_assert_int_eq(target_of(c, n, "a0"), Y(11112));
	ck_assert_int_eq(target_of(c, n, "a1"), Y(11111));
	ck_assert_int_eq(target_of(c, n, "b5"), Y(5556));	/* 5,555.6: six extra yuan */
	ck_assert_int_eq(target_of(c, n, "b6"), Y(5555));
	ck_assert_int_eq(target_of(c, n, "c0"), Y(1112));
	ck_assert_int_eq(target_of(c, n, "c9"), Y(1111));

	int64_t sum[TIER_COUNT] = { 0 }, all = 0;
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(c[i].tier, (tier)(i % 4));
		sum[c[i].tier] += c[i].target;
		all += c[i].target;
	}
	for (int t = TIER_S; t < TIER_COUNT; t++)
		ck_assert_int_eq(sum[t], r.tiers[t].target);
	ck_assert_int_eq(all, Y(400000));

	/* The gap: ¥40,000 over the ¥360,000 run-rate. */
	plan_gap g;
	ck_assert(plan_gap_check(&r, &th, &g));
	ck_assert_int_eq(g.gap, Y(40000));
	ck_assert_int_eq(g.baseline, Y(360000));
	ck_assert_int_eq(g.growth_bp, 1112);	/* 11.11..% rounded up */
	ck_assert(!g.unplaced);
	ck_assert_int_eq(g.tiers[TIER_S].typical, Y(20000));
	ck_assert_int_eq(g.tiers[TIER_S].new_customers, 2);
	ck_assert_int_eq(g.tiers[TIER_S].growth_bp, 2000);	/* +20% from S */
	ck_assert_int_eq(g.tiers[TIER_A].new_customers, 4);
	ck_assert_int_eq(g.tiers[TIER_A].growth_bp, 4000);
	ck_assert_int_eq(g.tiers[TIER_B].new_customers, 8);
	ck_assert_int_eq(g.tiers[TIER_B].growth_bp, 8000);
	ck_assert_int_eq(g.tiers[TIER_C].new_customers, 40);
	ck_assert_int_eq(g.tiers[TIER_C].growth_bp, 40000);
	ck_assert(g.tiers[TIER_D].empty);
	ck_assert_int_eq(g.tiers[TIER_D].typical, 0);	/* D has no lower threshold */
	ck_assert_int_eq(g.tiers[TIER_D].new_customers, -1);
	ck_assert_int_eq(g.tiers[TIER_D].growth_bp, -1);

	/* A fen target: ¥400,000.50; the fen follow the next yuan in line. */
	ck_assert_int_eq(plan_split(c, n, Y(400000) + 50, PLAN_BASELINE, NULL, &th, &r), PLAN_OK);
	ck_assert_int_eq(r.tiers[TIER_S].target, Y(222222) + 50);	/* next in line after B (.56): S (.22) */
	ck_assert_int_eq(r.tiers[TIER_B].target, Y(55556));
	all = 0;
	for (size_t i = 0; i < n; i++)
		all += c[i].target;
	ck_assert_int_eq(all, Y(400000) + 50);
	/* S: 22,222.25 each; two extra yuan to s0, s1; the fen to s2. */
	ck_assert_int_eq(target_of(c, n, "s1"), Y(22223));
	ck_assert_int_eq(target_of(c, n, "s2"), Y(22222) + 50);
	ck_assert_int_eq(target_of(c, n, "s3"), Y(22222));

	/* No gap when the target is within the run-rate. */
	ck_assert_int_eq(plan_split(c, n, Y(300000), PLAN_BASELINE, NULL, &th, &r), PLAN_OK);
	ck_assert(!plan_gap_check(&r, &th, &g));
	ck_assert_int_eq(g.gap, 0);
	ck_assert_int_eq(g.tiers[TIER_S].new_customers, 0);
	ck_assert_int_eq(g.tiers[TIER_S].growth_bp, 0);
}
END_TEST

START_TEST(test_split_shares_and_empty_tier)
{
	plan_customer c[40];
	char uids[40][8];
	size_t n = example_book(c, uids);
	tier_thresholds th = tier_default(TIER_METRIC_AMOUNT);
	plan_shares sh = plan_shares_default();
	plan_result r;

	ck_assert_int_eq(plan_split(c, n, Y(400000), PLAN_SHARES, &sh, &th, &r), PLAN_OK);
	ck_assert_int_eq(r.method, PLAN_SHARES);
	ck_assert_int_eq(r.tiers[TIER_S].target, Y(160000));
	ck_assert_int_eq(r.tiers[TIER_A].target, Y(120000));
	ck_assert_int_eq(r.tiers[TIER_B].target, Y(60000));
	ck_assert_int_eq(r.tiers[TIER_C].target, Y(40000));
	/* D has 5% and no one to carry it: kept in the tier table, flagged. */
	ck_assert_int_eq(r.tiers[TIER_D].target, Y(20000));
	ck_assert(r.tiers[TIER_D].unplaced);
	ck_assert_int_eq(r.tiers[TIER_D].share_bp, 500);
	ck_assert_int_eq(r.unplaced, Y(20000));
	ck_assert(!r.tiers[TIER_S].unplaced);
	ck_assert_int_eq(target_of(c, n, "s4"), Y(16000));
	ck_assert_int_eq(target_of(c, n, "a4"), Y(12000));
	ck_assert_int_eq(target_of(c, n, "c4"), Y(4000));
	int64_t all = 0;
	for (size_t i = 0; i < n; i++)
		all += c[i].target;
	ck_assert_int_eq(all + r.unplaced, Y(400000));

	plan_gap g;
	ck_assert(plan_gap_check(&r, &th, &g));
	ck_assert(g.unplaced);
	ck_assert(g.tiers[TIER_D].unplaced);
	ck_assert(!g.tiers[TIER_C].unplaced);

	/* An empty tier under the gap check takes its threshold as typical. */
	plan_customer two[2] = {
		{ "x", Y(30000), 0, TIER_NONE, TIER_NONE, 0 },
		{ "y", Y(30000), 0, TIER_NONE, TIER_NONE, 0 },
	};
	ck_assert_int_eq(plan_split(two, 2, Y(100000), PLAN_BASELINE, NULL, &th, &r), PLAN_OK);
	ck_assert(plan_gap_check(&r, &th, &g));
	ck_assert_int_eq(g.gap, Y(40000));
	ck_assert_int_eq(g.tiers[TIER_S].typical, Y(30000));
	ck_assert_int_eq(g.tiers[TIER_S].new_customers, 2);	/* 1.33 rounded up */
	ck_assert_int_eq(g.tiers[TIER_S].growth_bp, 6667);
	ck_assert(g.tiers[TIER_B].empty);
	ck_assert_int_eq(g.tiers[TIER_B].typical, Y(5000));
	ck_assert_int_eq(g.tiers[TIER_B].new_customers, 8);
	ck_assert_int_eq(g.tiers[TIER_B].growth_bp, -1);

	/* A tier at 0% gets nothing, not even the fen, whatever its baseline. */
	plan_shares all_s = { { 100, 0, 0, 0, 0 } };
	ck_assert_int_eq(plan_split(c, n, Y(400000) + 1, PLAN_SHARES, &all_s, &th, &r), PLAN_OK);
	ck_assert_int_eq(r.tiers[TIER_S].target, Y(400000) + 1);
	ck_assert_int_eq(r.tiers[TIER_A].target, 0);
	ck_assert_int_eq(target_of(c, n, "s0"), Y(40000) + 1);
	ck_assert_int_eq(target_of(c, n, "a0"), 0);
	ck_assert_int_eq(r.unplaced, 0);

	/* Shares that do not sum to 100 are refused before anything is split. */
	plan_shares bad = { { 40, 30, 15, 5, 5 } };
	ck_assert_int_eq(plan_split(c, n, Y(400000), PLAN_SHARES, &bad, &th, &r), PLAN_E_SHARES);
	ck_assert_int_eq(plan_split(c, n, Y(400000), PLAN_SHARES, NULL, &th, &r), PLAN_E_SHARES);
}
END_TEST

START_TEST(test_split_all_zero_and_manual)
{
	tier_thresholds th = tier_default(TIER_METRIC_AMOUNT);
	plan_result r;
	/* Every baseline 0: split equally over the customers; three were put in
	 * S by hand, the rest compute to D. */
	plan_customer c[7] = {
		{ "g", 0, 0, TIER_NONE, TIER_NONE, 0 },
		{ "f", 0, 0, TIER_S, TIER_NONE, 0 },
		{ "e", 0, 0, TIER_NONE, TIER_NONE, 0 },
		{ "d", 0, 0, TIER_S, TIER_NONE, 0 },
		{ "c", 0, 0, TIER_NONE, TIER_NONE, 0 },
		{ "b", 0, 0, TIER_S, TIER_NONE, 0 },
		{ "a", 0, 0, TIER_NONE, TIER_NONE, 0 },
	};

	ck_assert_int_eq(plan_split(c, 7, Y(1000), PLAN_BASELINE, NULL, &th, &r), PLAN_OK);
	ck_assert(r.equal);
	ck_assert_int_eq(r.unplaced, 0);
	/* 3:4 of ¥1,000 is 428.57 and 571.43: S takes the yuan left. */
	ck_assert_int_eq(r.tiers[TIER_S].target, Y(429));
	ck_assert_int_eq(r.tiers[TIER_D].target, Y(571));
	ck_assert_int_eq((int)r.tiers[TIER_S].customers, 3);
	ck_assert_int_eq(c[1].tier, TIER_S);
	ck_assert_int_eq(c[0].tier, TIER_D);
	ck_assert_int_eq(target_of(c, 7, "b"), Y(143));
	ck_assert_int_eq(target_of(c, 7, "f"), Y(143));
	/* D: 142.75 each, three extra yuan to a, c, e. */
	ck_assert_int_eq(target_of(c, 7, "a"), Y(143));
	ck_assert_int_eq(target_of(c, 7, "e"), Y(143));
	ck_assert_int_eq(target_of(c, 7, "g"), Y(142));

	/* A manual tier overrides a baseline that computes higher. */
	plan_customer m[2] = {
		{ "big", Y(50000), 0, TIER_C, TIER_NONE, 0 },
		{ "small", Y(10), 0, TIER_NONE, TIER_NONE, 0 },
	};
	ck_assert_int_eq(plan_split(m, 2, Y(100), PLAN_BASELINE, NULL, &th, &r), PLAN_OK);
	ck_assert_int_eq(m[0].tier, TIER_C);
	ck_assert_int_eq(m[1].tier, TIER_D);
	ck_assert(!r.equal);
	ck_assert_int_eq(r.tiers[TIER_C].baseline, Y(50000));
	ck_assert_int_eq(m[0].target + m[1].target, Y(100));
	ck_assert_int_eq(m[1].target, 0);	/* 0.02 yuan of 100 */

	/* Volume thresholds tier by volume, and still split by baseline. */
	tier_thresholds tv = tier_default(TIER_METRIC_VOLUME);
	plan_customer h[2] = {
		{ "h1", Y(1000), 120, TIER_NONE, TIER_NONE, 0 },
		{ "h2", Y(3000), 30, TIER_NONE, TIER_NONE, 0 },
	};
	ck_assert_int_eq(plan_split(h, 2, Y(8000), PLAN_BASELINE, NULL, &tv, &r), PLAN_OK);
	ck_assert_int_eq(h[0].tier, TIER_S);
	ck_assert_int_eq(h[1].tier, TIER_B);
	ck_assert_int_eq(h[0].target, Y(2000));
	ck_assert_int_eq(h[1].target, Y(6000));
	plan_gap g;
	ck_assert(plan_gap_check(&r, &tv, &g));
	ck_assert_int_eq(g.tiers[TIER_A].typical, 0);	/* a volume threshold is not money */
	ck_assert_int_eq(g.tiers[TIER_A].new_customers, -1);
}
END_TEST

START_TEST(test_split_empty_zero_and_errors)
{
	tier_thresholds th = tier_default(TIER_METRIC_AMOUNT);
	plan_shares sh = plan_shares_default();
	plan_result r;
	plan_gap g;

	/* An empty book, baseline method: nowhere to put it, all unplaced. */
	ck_assert_int_eq(plan_split(NULL, 0, Y(400000), PLAN_BASELINE, NULL, &th, &r), PLAN_OK);
	ck_assert_int_eq((int)r.customers, 0);
	ck_assert(!r.equal);
	ck_assert_int_eq(r.unplaced, Y(400000));
	for (int t = TIER_S; t < TIER_COUNT; t++) {
		ck_assert_int_eq(r.tiers[t].target, 0);
		ck_assert(!r.tiers[t].unplaced);
	}
	ck_assert(plan_gap_check(&r, &th, &g));
	ck_assert_int_eq(g.gap, Y(400000));
	ck_assert_int_eq(g.growth_bp, -1);
	ck_assert_int_eq(g.tiers[TIER_S].new_customers, 20);
	ck_assert_int_eq(g.tiers[TIER_C].new_customers, 400);

	/* Shares method: every tier keeps its share, flagged. */
	ck_assert_int_eq(plan_split(NULL, 0, Y(400000), PLAN_SHARES, &sh, &th, &r), PLAN_OK);
	ck_assert_int_eq(r.unplaced, Y(400000));
	int64_t sum = 0;
	for (int t = TIER_S; t < TIER_COUNT; t++) {
		ck_assert(r.tiers[t].unplaced);
		sum += r.tiers[t].target;
	}
	ck_assert_int_eq(sum, Y(400000));
	ck_assert_int_eq(r.tiers[TIER_S].target, Y(160000));

	/* A zero target: everything 0, nothing flagged. */
	plan_customer c[40];
	char uids[40][8];
	size_t n = example_book(c, uids);
	ck_assert_int_eq(plan_split(c, n, 0, PLAN_SHARES, &sh, &th, &r), PLAN_OK);
	ck_assert_int_eq(r.unplaced, 0);
	for (int t = TIER_S; t < TIER_COUNT; t++) {
		ck_assert_int_eq(r.tiers[t].target, 0);
		ck_assert_int_eq(r.tiers[t].share_bp, 0);
		ck_assert(!r.tiers[t].unplaced);
	}
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(c[i].target, 0);
	ck_assert(!plan_gap_check(&r, &th, &g));
	ck_assert_int_eq(plan_split(c, n, 0, PLAN_BASELINE, NULL, &th, &r), PLAN_OK);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(c[i].target, 0);
	ck_assert_int_eq(plan_split(NULL, 0, 0, PLAN_BASELINE, NULL, &th, &r), PLAN_OK);
	ck_assert_int_eq(r.unplaced, 0);

	/* Out of range. */
	ck_assert_int_eq(plan_split(c, n, -1, PLAN_BASELINE, NULL, &th, &r), PLAN_E_TARGET);
	ck_assert_int_eq(plan_split(c, n, MONEY_MAX_FEN + 1, PLAN_BASELINE, NULL, &th, &r),
			 PLAN_E_TARGET);
	ck_assert_int_eq(plan_split(c, n, MONEY_MAX_FEN, PLAN_BASELINE, NULL, &th, &r), PLAN_OK);
	c[3].baseline = -1;
	ck_assert_int_eq(plan_split(c, n, Y(1), PLAN_BASELINE, NULL, &th, &r), PLAN_E_BASELINE);
	c[3].baseline = MONEY_MAX_FEN + 1;
	ck_assert_int_eq(plan_split(c, n, Y(1), PLAN_BASELINE, NULL, &th, &r), PLAN_E_BASELINE);

	/* plan_split_tiers on its own, from a tier table. */
	plan_result t = { .method = PLAN_BASELINE, .target = Y(100) };
	t.tiers[TIER_A].customers = 2;
	t.tiers[TIER_A].baseline = Y(10);
	t.tiers[TIER_C].customers = 1;
	t.tiers[TIER_C].baseline = Y(30);
	ck_assert_int_eq(plan_split_tiers(&t, NULL), PLAN_OK);
	ck_assert_int_eq(t.baseline, Y(40));
	ck_assert_int_eq((int)t.customers, 3);
	ck_assert_int_eq(t.tiers[TIER_A].target, Y(25));
	ck_assert_int_eq(t.tiers[TIER_C].target, Y(75));
	ck_assert_int_eq(t.tiers[TIER_C].share_bp, 7500);
	t.tiers[TIER_C].baseline = -5;
	ck_assert_int_eq(plan_split_tiers(&t, NULL), PLAN_E_BASELINE);
}
END_TEST

/* ---- Days ---- */

START_TEST(test_days_october_2026)
{
	calendar cal;
	plan_day_row rows[PLAN_MAX_DAYS];
	int workdays = -1;

	load_cn2026(&cal);
	ck_assert_int_eq(plan_split_days(Y(400000), &cal, 2026, 10, rows, &workdays), 31);
	ck_assert_int_eq(workdays, 18);
	/* 22,222.22 a day: the 4 yuan left go to the first four working days:
	 * the 8th, 9th, the make-up Saturday 10th, and the 12th. */
	for (int d = 0; d < 7; d++) {
		ck_assert(!rows[d].workday);
		ck_assert_int_eq(rows[d].target, 0);
	}
	ck_assert_int_eq(rows[0].day, D("2026-10-01"));
	ck_assert_int_eq(rows[7].target, Y(22223));
	ck_assert_int_eq(rows[8].target, Y(22223));
	ck_assert(rows[9].workday);
	ck_assert_int_eq(rows[9].target, Y(22223));	/* Sat 10th, worked */
	ck_assert(!rows[10].workday);
	ck_assert_int_eq(rows[10].target, 0);		/* Sun 11th */
	ck_assert_int_eq(rows[11].target, Y(22223));
	ck_assert_int_eq(rows[12].target, Y(22222));
	ck_assert_int_eq(rows[16].target, 0);		/* Sat 17th */
	ck_assert_int_eq(rows[29].target, Y(22222));	/* Fri 30th */
	ck_assert_int_eq(rows[30].target, 0);		/* Sat 31st */
	ck_assert_int_eq(rows[30].cum_target, Y(400000));
	ck_assert_int_eq(rows[8].cum_target, Y(44446));
	ck_assert_int_eq(rows[30].day, D("2026-10-31"));

	/* ¥400,000.50: the fen go to the fifth working day, the 13th. */
	ck_assert_int_eq(plan_split_days(Y(400000) + 50, &cal, 2026, 10, rows, NULL), 31);
	ck_assert_int_eq(rows[11].target, Y(22223));
	ck_assert_int_eq(rows[12].target, Y(22222) + 50);
	ck_assert_int_eq(rows[13].target, Y(22222));
	ck_assert_int_eq(rows[30].cum_target, Y(400000) + 50);

	/* Achieved and the running totals. */
	rows[7].achieved = Y(1000);
	rows[9].achieved = Y(500);
	plan_days_accumulate(rows, 31);
	ck_assert_int_eq(rows[8].cum_achieved, Y(1000));
	ck_assert_int_eq(rows[30].cum_achieved, Y(1500));
	ck_assert_int_eq(rows[30].cum_target, Y(400000) + 50);

	/* Zero target; out of range. */
	ck_assert_int_eq(plan_split_days(0, &cal, 2026, 10, rows, &workdays), 31);
	for (int d = 0; d < 31; d++)
		ck_assert_int_eq(rows[d].target, 0);
	ck_assert_int_eq(plan_split_days(-1, &cal, 2026, 10, rows, &workdays), -1);

	/* February 2026 (16 working days) and a month outside the file. */
	ck_assert_int_eq(plan_split_days(Y(16), &cal, 2026, 2, rows, &workdays), 28);
	ck_assert_int_eq(workdays, 16);
	ck_assert_int_eq(plan_split_days(Y(21), &cal, 2027, 1, rows, &workdays), 31);
	ck_assert_int_eq(workdays, 21);
	calendar_free(&cal);
}
END_TEST

START_TEST(test_days_no_working_days)
{
	/* A calendar that takes every weekday of February 2026 off. */
	char text[2048], err[256] = "";
	size_t len = 0;
	calendar cal;
	plan_day_row rows[PLAN_MAX_DAYS];
	int workdays = -1;

	for (date_day d = D("2026-02-01"); d <= D("2026-02-28"); d++)
		if (date_weekday(d) <= 5) {
			char ds[DATE_BUFSZ];
			len += (size_t)snprintf(text + len, sizeof text - len, "%s off strike\n",
						date_format(d, ds));
		}
	ck_assert_msg(calendar_parse(&cal, text, len, "t.txt", err, sizeof err), "%s", err);
	ck_assert_int_eq(plan_split_days(Y(5000), &cal, 2026, 2, rows, &workdays), 28);
	ck_assert_int_eq(workdays, 0);
	for (int d = 0; d < 28; d++)
		ck_assert_int_eq(rows[d].target, 0);

	plan_day p = plan_respread(Y(5000), 0, &cal, D("2026-02-10"));
	ck_assert_int_eq(p.target, 0);
	ck_assert(p.no_days_left);
	ck_assert_int_eq(p.remaining, Y(5000));
	ck_assert_int_eq(p.workdays_left, 0);
	calendar_free(&cal);
}
END_TEST

START_TEST(test_respread_october_2026)
{
	calendar cal;
	plan_day_row rows[PLAN_MAX_DAYS];
	plan_day p;

	load_cn2026(&cal);

	/* On plan, the re-spread gives each day exactly its planned target. */
	for (int64_t t = Y(400000); t <= Y(400000) + 99; t += 49) {
		plan_split_days(t, &cal, 2026, 10, rows, NULL);
		int64_t before = 0;
		for (int d = 0; d < 31; d++) {
			p = plan_respread(t, before, &cal, rows[d].day);
			ck_assert_int_eq(p.target, rows[d].target);
			ck_assert_int_eq(p.remaining, t - before);
			before += rows[d].target;
		}
	}

	/* A holiday: 0 today, all 18 working days still ahead. */
	p = plan_respread(Y(400000), 0, &cal, D("2026-10-01"));
	ck_assert(!p.workday);
	ck_assert_int_eq(p.target, 0);
	ck_assert_int_eq(p.workdays_left, 18);
	ck_assert_int_eq(p.remaining, Y(400000));
	ck_assert_int_eq(p.next_day, D("2026-10-08"));	/* after the National Day week */
	ck_assert_int_eq(p.next_target, Y(22223));
	p = plan_respread(Y(400000), 0, &cal, D("2026-10-08"));
	ck_assert(p.workday);
	ck_assert_int_eq(p.target, Y(22223));

	/* Behind plan: ¥100,000 sold by Saturday the 17th leaves ¥300,000 over
	 * the 10 working days of the 19th-23rd and 26th-30th. The weekend is 0
	 * and Monday carries it. */
	p = plan_respread(Y(400000), Y(100000), &cal, D("2026-10-17"));
	ck_assert(!p.workday);
	ck_assert_int_eq(p.target, 0);
	ck_assert_int_eq(p.workdays_left, 10);
	ck_assert_int_eq(p.next_day, D("2026-10-19"));	/* Monday, its share alone */
	ck_assert_int_eq(p.next_target, Y(30000));
	p = plan_respread(Y(400000), Y(100000), &cal, D("2026-10-19"));
	ck_assert_int_eq(p.workdays_left, 10);
	ck_assert_int_eq(p.target, Y(30000));
	ck_assert_int_eq(p.next_day, D("2026-10-19"));
	ck_assert_int_eq(p.next_target, Y(30000));
	p = plan_respread(Y(400000), Y(100000) + 1, &cal, D("2026-10-19"));
	ck_assert_int_eq(p.target, Y(30000));	/* ¥299,999.99: 29,999 x9 + 1 */
	p = plan_respread(Y(400000), Y(100001), &cal, D("2026-10-19"));
	ck_assert_int_eq(p.target, Y(30000));	/* 299,999 / 10: the first day rounds up */
	p = plan_respread(Y(400000), Y(100009), &cal, D("2026-10-19"));
	ck_assert_int_eq(p.target, Y(30000));	/* 29,999.1: the first day gets the extra yuan */
	p = plan_respread(Y(400000), Y(100010), &cal, D("2026-10-19"));
	ck_assert_int_eq(p.target, Y(29999));	/* 29,999 exactly */

	/* The last working day takes all that is left, fen included. */
	p = plan_respread(Y(400000), Y(390000) - 1, &cal, D("2026-10-30"));
	ck_assert_int_eq(p.workdays_left, 1);
	ck_assert_int_eq(p.target, Y(10000) + 1);

	/* Past the target: 0, met. */
	p = plan_respread(Y(400000), Y(400000), &cal, D("2026-10-20"));
	ck_assert(p.met);
	ck_assert_int_eq(p.target, 0);
	ck_assert_int_eq(p.remaining, 0);
	p = plan_respread(Y(400000), Y(500000), &cal, D("2026-10-20"));
	ck_assert(p.met);
	ck_assert_int_eq(p.target, 0);

	/* Day by day: what each day was told, then what is left shared out. */
	int64_t now[PLAN_MAX_DAYS];
	plan_split_days(Y(400000), &cal, 2026, 10, rows, NULL);
	rows[7].achieved = Y(100000);            /* the 8th, the first working day */
	plan_respread_days(Y(400000), &cal, rows, 31, D("2026-10-12"), now);
	ck_assert_int_eq(now[0], 0);             /* a holiday */
	ck_assert_int_eq(now[7], Y(22223));      /* the 8th, before its order */
	ck_assert_int_eq(now[8], Y(17648));      /* ¥300,000 over the 17 days left */
	ck_assert_int_eq(now[9], Y(18750));      /* nothing sold on the 9th: over 16 */
	ck_assert_int_eq(now[10], 0);            /* Sunday */
	ck_assert_int_eq(now[11], Y(20000));     /* today, the 12th: over 15 */
	int64_t sum = Y(100000);
	for (int d = 11; d < 31; d++)
		sum += now[d];
	ck_assert_int_eq(sum, Y(400000));        /* today on adds up to what is left */

	/* No working day left: the 31st is a Saturday. */
	p = plan_respread(Y(400000), Y(300000), &cal, D("2026-10-31"));
	ck_assert_int_eq(p.target, 0);
	ck_assert_int_eq(p.workdays_left, 0);
	ck_assert(p.no_days_left);
	ck_assert_int_eq(p.remaining, Y(100000));
	p = plan_respread(Y(400000), Y(400000), &cal, D("2026-10-31"));
	ck_assert(!p.no_days_left);	/* nothing left to miss */
	ck_assert(p.met);

	/* A zero target is met from the start; refunds make the remainder grow. */
	p = plan_respread(0, 0, &cal, D("2026-10-08"));
	ck_assert(p.met);
	ck_assert_int_eq(p.target, 0);
	p = plan_respread(Y(18), -Y(18), &cal, D("2026-10-08"));
	ck_assert_int_eq(p.remaining, Y(36));
	ck_assert_int_eq(p.target, Y(2));
	p = plan_respread(MONEY_MAX_FEN, INT64_MIN, &cal, D("2026-10-30"));
	ck_assert_int_eq(p.remaining, INT64_MAX);
	ck_assert_int_eq(p.target, INT64_MAX);

	/* A customer's remaining target works the same way. */
	p = plan_respread(Y(22223), Y(5000), &cal, D("2026-10-26"));
	ck_assert_int_eq(p.workdays_left, 5);
	ck_assert_int_eq(p.target, Y(3445));	/* 17,223 / 5 = 3,444.6 */
	calendar_free(&cal);
}
END_TEST

/* ---- Market potential ---- */

START_TEST(test_market_potential)
{
	plan_potential p;

	/* DESIGN §1: 100 rooms x 20% x 30 days = 600 against 80 sold. */
	ck_assert(plan_market_potential(100, PLAN_ONLINE_SHARE_DEFAULT, 30, 80, &p));
	ck_assert_int_eq(p.potential, 600);
	ck_assert_int_eq(p.headroom, 520);
	/* Selling above potential: negative headroom. */
	ck_assert(plan_market_potential(10, 200, 31, 70, &p));
	ck_assert_int_eq(p.potential, 62);
	ck_assert_int_eq(p.headroom, -8);
	/* Rounded half up: 7 x 15% x 31 = 32.55 -> 33; 5 x 10% x 3 = 1.5 -> 2. */
	ck_assert(plan_market_potential(7, 150, 31, 0, &p));
	ck_assert_int_eq(p.potential, 33);
	ck_assert(plan_market_potential(5, 100, 3, -1, &p));
	ck_assert_int_eq(p.potential, 2);
	ck_assert_int_eq(p.headroom, 2);		/* unknown volume counts as 0 */
	ck_assert(plan_market_potential(0, 200, 30, 5, &p));
	ck_assert_int_eq(p.potential, 0);
	ck_assert_int_eq(p.headroom, -5);
	/* Unknown capacity, bad share or days, overflow. */
	ck_assert(!plan_market_potential(-1, 200, 30, 0, &p));
	ck_assert(!plan_market_potential(INT64_MIN, 200, 30, 0, &p));
	ck_assert(!plan_market_potential(100, 1001, 30, 0, &p));
	ck_assert(!plan_market_potential(100, -1, 30, 0, &p));
	ck_assert(!plan_market_potential(100, 200, 32, 0, &p));
	ck_assert(!plan_market_potential(INT64_MAX / 1000, 200, 30, 0, &p));
	ck_assert(plan_market_potential(1000000000, 1000, 31, 0, &p));
	ck_assert_int_eq(p.potential, INT64_C(31000000000));
}
END_TEST

/* ---- Property test ---- */

/* Check's ck_assert records every passing check (a write per call), which
 * millions of checks cannot afford: these only call Check on failure. */
#define PROP(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)
#define PROP_EQ(a, b) PROP((a) == (b), "%s == %s: %lld != %lld (book %u)", #a, #b, \
			   (long long)(a), (long long)(b), book)

/* The oracle's own 128-bit arithmetic, kept independent of plan.c's. */
typedef struct {
	uint64_t hi, lo;
} wide;

static wide wide_mul(uint64_t a, uint64_t b)
{
	/* Schoolbook on 32-bit limbs into a 4-limb accumulator. */
	uint32_t x[2] = { (uint32_t)a, (uint32_t)(a >> 32) };
	uint32_t y[2] = { (uint32_t)b, (uint32_t)(b >> 32) };
	uint32_t z[4] = { 0, 0, 0, 0 };

	for (int i = 0; i < 2; i++) {
		uint64_t carry = 0;
		for (int j = 0; j < 2; j++) {
			uint64_t t = (uint64_t)x[i] * y[j] + z[i + j] + carry;
			z[i + j] = (uint32_t)t;
			carry = t >> 32;
		}
		z[i + 2] = (uint32_t)carry;
	}
	return (wide){ (uint64_t)z[3] << 32 | z[2], (uint64_t)z[1] << 32 | z[0] };
}

static int wide_cmp(wide a, wide b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	return a.lo < b.lo ? -1 : a.lo > b.lo;
}

static wide wide_sub(wide a, wide b)	/* a >= b */
{
	return (wide){ a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo };
}

/* |SHARE - TOTAL * W / WSUM| < 1 yuan, i.e. |SHARE * WSUM - TOTAL * W| < 100 * WSUM. */
static bool within_a_yuan(int64_t share, int64_t total, uint64_t w, uint64_t wsum)
{
	wide a = wide_mul((uint64_t)share, wsum), b = wide_mul((uint64_t)total, w);
	wide d = wide_cmp(a, b) >= 0 ? wide_sub(a, b) : wide_sub(b, a);

	return wide_cmp(d, wide_mul(100, wsum)) < 0;
}

static uint64_t rng_state;

static uint64_t rnd(void)	/* splitmix64 */
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static int64_t rnd_upto(int64_t max)	/* 0..max */
{
	return (int64_t)(rnd() % ((uint64_t)max + 1));
}

static int64_t rnd_target(void)
{
	switch (rnd() % 6) {
	case 0:
		return 0;
	case 1:
		return rnd_upto(999);			/* under ten yuan */
	case 2:
		return Y(rnd_upto(1000000));		/* whole yuan */
	case 3:
		return rnd_upto(Y(10000000));		/* any fen */
	case 4:
		return MONEY_MAX_FEN - rnd_upto(1000);	/* the largest */
	default:
		return rnd_upto(MONEY_MAX_FEN);
	}
}

static int64_t rnd_baseline(int mode)
{
	static const int64_t few[4] = { 0, Y(1000), Y(5000), Y(20000) };

	switch (mode) {
	case 0:
		return 0;
	case 1:
		return rnd() % 3 == 0 ? 0 : rnd_upto(Y(10000));
	case 2:
		return rnd() % 4 == 0 ? 0 : rnd_upto(INT64_C(1000000000000));	/* up to 10^12 fen */
	case 3:
		return few[rnd() % 4];			/* many ties */
	default:
		return rnd() % 2 ? rnd_upto(100) : INT64_C(1000000000000) - rnd_upto(100);
	}
}

static plan_shares rnd_shares(void)
{
	int cut[4];
	plan_shares s;

	for (int i = 0; i < 4; i++)
		cut[i] = (int)(rnd() % 101);
	for (int i = 1; i < 4; i++)		/* sort the four cut points */
		for (int j = i; j > 0 && cut[j] < cut[j - 1]; j--) {
			int t = cut[j];
			cut[j] = cut[j - 1];
			cut[j - 1] = t;
		}
	s.pct[0] = cut[0];
	for (int i = 1; i < 4; i++)
		s.pct[i] = cut[i] - cut[i - 1];
	s.pct[4] = 100 - cut[3];
	return s;
}

/* Every share of one level: non-negative, within a yuan of exact, summing
 * to TOTAL, whole yuan but for one share holding TOTAL's fen, and nothing
 * for a weight of 0 unless all are 0 (then equal weights). */
static void check_level(const int64_t *share, const uint64_t *w, size_t n, int64_t total,
			const char *what, unsigned book)
{
	uint64_t wsum = 0;
	int64_t sum = 0, fen = 0;
	int with_fen = 0;

	for (size_t i = 0; i < n; i++)
		wsum += w[i];
	for (size_t i = 0; i < n; i++) {
		uint64_t wi = wsum ? w[i] : 1;
		PROP(share[i] >= 0, "book %u %s %zu: negative", book, what, i);
		PROP(within_a_yuan(share[i], total, wi, wsum ? wsum : n),
			      "book %u %s %zu: %lld of %lld is a yuan or more off", book, what, i,
			      (long long)share[i], (long long)total);
		if (wsum && !w[i])
			PROP(share[i] == 0, "book %u %s %zu: weight 0 got %lld", book,
				      what, i, (long long)share[i]);
		sum += share[i];
		fen += share[i] % 100;
		with_fen += share[i] % 100 != 0;
	}
	if (n > 0) {
		PROP(sum == total, "book %u %s: sum %lld, not %lld", book, what,
			      (long long)sum, (long long)total);
		PROP(with_fen <= 1, "book %u %s: %d shares hold fen", book, what, with_fen);
		PROP_EQ(fen, total % 100);
	}
}

#define BOOK_MAX 500

START_TEST(test_property_random_books)
{
	static plan_customer c[BOOK_MAX];
	static char uids[BOOK_MAX][12];
	static int64_t share[BOOK_MAX];
	static uint64_t w[BOOK_MAX];
	tier_thresholds th = tier_default(TIER_METRIC_AMOUNT);
	calendar cn, plain;
	long customers = 0, days_checked = 0;

	load_cn2026(&cn);
	calendar_init(&plain);
	rng_state = UINT64_C(20261001);

	for (unsigned book = 0; book < 3000; book++) {
		size_t n = rnd() % 8 == 0 ? (size_t)(rnd() % 4) : (size_t)(rnd() % (BOOK_MAX + 1));
		int mode = (int)(rnd() % 5);
		int64_t target = rnd_target();
		plan_method method = rnd() % 2 ? PLAN_SHARES : PLAN_BASELINE;
		plan_shares sh = rnd_shares();
		plan_result r;

		for (size_t i = 0; i < n; i++) {
			snprintf(uids[i], sizeof uids[i], "u%05u", (unsigned)(rnd() % 2000));
			c[i] = (plan_customer){ uids[i], rnd_baseline(mode), 0,
						rnd() % 10 == 0 ? (tier)(rnd() % TIER_COUNT) : TIER_NONE,
						TIER_NONE, -1 };
		}
		PROP_EQ(plan_split(c, n, target, method, &sh, &th, &r), PLAN_OK);
		customers += (long)n;

		/* Tiers against the month target. */
		int64_t tshare[TIER_COUNT], bsum = 0;
		uint64_t tw[TIER_COUNT];
		size_t count[TIER_COUNT] = { 0 };
		int64_t base[TIER_COUNT] = { 0 };
		for (size_t i = 0; i < n; i++) {
			PROP_EQ(c[i].tier, plan_tier(&c[i], &th));
			count[c[i].tier]++;
			base[c[i].tier] += c[i].baseline;
			bsum += c[i].baseline;
		}
		PROP_EQ(r.baseline, bsum);
		PROP(r.equal == (n > 0 && bsum == 0), "book %u: equal flag", book);
		for (int t = TIER_S; t < TIER_COUNT; t++) {
			PROP_EQ((long)r.tiers[t].customers, (long)count[t]);
			PROP_EQ(r.tiers[t].baseline, base[t]);
			tshare[t] = r.tiers[t].target;
			tw[t] = method == PLAN_SHARES ? (uint64_t)sh.pct[t] :
				bsum ? (uint64_t)base[t] : count[t];
		}
		if (method == PLAN_BASELINE && n == 0) {
			for (int t = TIER_S; t < TIER_COUNT; t++)
				PROP_EQ(tshare[t], 0);
			PROP_EQ(r.unplaced, target);
		} else {
			check_level(tshare, tw, TIER_COUNT, target, "tier", book);
		}

		/* Customers against their tier's target. */
		int64_t placed = 0;
		for (int t = TIER_S; t < TIER_COUNT; t++) {
			size_t k = 0;
			for (size_t i = 0; i < n; i++)
				if (c[i].tier == (tier)t) {
					share[k] = c[i].target;
					w[k++] = (uint64_t)c[i].baseline;
					placed += c[i].target;
				}
			PROP(r.tiers[t].unplaced == (k == 0 && r.tiers[t].target > 0),
			     "book %u: tier %d unplaced flag", book, t);
			check_level(share, w, k, r.tiers[t].target, "customer", book);
		}
		PROP_EQ(placed + r.unplaced, target);

		/* The month's days against the month target, and the re-spread. */
		const calendar *cal = rnd() % 3 ? &cn : &plain;
		int month = (int)(rnd() % 12) + 1, nwork;
		plan_day_row rows[PLAN_MAX_DAYS];
		int days = plan_split_days(target, cal, 2026, month, rows, &nwork);
		PROP_EQ(days, date_days_in_month(2026, month));
		size_t k = 0;
		for (int d = 0; d < days; d++) {
			if (!rows[d].workday) {
				PROP_EQ(rows[d].target, 0);
				continue;
			}
			share[k] = rows[d].target;
			w[k++] = 1;
		}
		PROP_EQ((int)k, nwork);
		check_level(share, w, k, target, "day", book);
		int64_t before = 0;
		for (int d = 0; d < days; d++) {
			plan_day p = plan_respread(target, before, cal, rows[d].day);
			PROP_EQ(p.target, rows[d].target);
			before += rows[d].target;
			days_checked++;
		}
		/* Off plan: a random amount achieved before a random day. */
		int d = (int)(rnd() % (uint64_t)days);
		int64_t achieved = rnd() % 4 == 0 ? -rnd_upto(Y(1000)) : rnd_upto(target + Y(10));
		plan_day p = plan_respread(target, achieved, cal, rows[d].day);
		int64_t left = target > achieved ? target - achieved : 0;
		PROP_EQ(p.remaining, left);
		PROP(p.met == (left == 0), "book %u: met flag", book);
		PROP_EQ(p.workdays_left, calendar_workdays_between(cal, rows[d].day, rows[days - 1].day));
		PROP(p.target >= 0 && p.target <= left, "book %u: day target %lld of %lld", book,
		     (long long)p.target, (long long)left);
		if (!rows[d].workday || left == 0 || p.workdays_left == 0)
			PROP_EQ(p.target, 0);
		else
			PROP(within_a_yuan(p.target, left, 1, (uint64_t)p.workdays_left),
			     "book %u: day target %lld of %lld over %d days", book,
			     (long long)p.target, (long long)left, p.workdays_left);
		PROP(p.no_days_left == (left > 0 && p.workdays_left == 0),
		     "book %u: no_days_left flag", book);
	}
	ck_assert_int_gt(customers, 500000);
	ck_assert_int_gt(days_checked, 80000);
	calendar_free(&cn);
}
END_TEST

START_TEST(test_property_apportion)
{
	static int64_t wt[BOOK_MAX], out[BOOK_MAX];
	static uint64_t w[BOOK_MAX];

	rng_state = UINT64_C(400000);
	for (unsigned book = 0; book < 2000; book++) {
		size_t n = (size_t)(rnd() % (BOOK_MAX + 1));
		int mode = (int)(rnd() % 5);
		int64_t total = rnd_target();

		for (size_t i = 0; i < n; i++)
			w[i] = (uint64_t)(wt[i] = rnd_baseline(mode));
		PROP_EQ(plan_apportion(total, wt, NULL, n, out), PLAN_OK);
		check_level(out, w, n, total, "part", book);
	}
}
END_TEST

Suite *suite_planner(void)
{
	Suite *s = suite_create("planner");
	TCase *tc = tcase_create("core");
	TCase *prop = tcase_create("property");

	tcase_add_test(tc, test_apportion_rule);
	tcase_add_test(tc, test_apportion_ties);
	tcase_add_test(tc, test_apportion_zero_and_equal);
	tcase_add_test(tc, test_apportion_fen);
	tcase_add_test(tc, test_apportion_errors_and_huge);
	tcase_add_test(tc, test_baseline_mean_and_fallback);
	tcase_add_test(tc, test_tier_in_month_follows_orders);
	tcase_add_test(tc, test_volume_baseline);
	tcase_add_test(tc, test_baseline_window);
	tcase_add_test(tc, test_shares_parse);
	tcase_add_test(tc, test_split_worked_example);
	tcase_add_test(tc, test_split_shares_and_empty_tier);
	tcase_add_test(tc, test_split_all_zero_and_manual);
	tcase_add_test(tc, test_split_empty_zero_and_errors);
	tcase_add_test(tc, test_days_october_2026);
	tcase_add_test(tc, test_days_no_working_days);
	tcase_add_test(tc, test_respread_october_2026);
	tcase_add_test(tc, test_market_potential);
	suite_add_tcase(s, tc);

	/* Thousands of random books: generous under the sanitizers. */
	tcase_set_timeout(prop, 120);
	tcase_add_test(prop, test_property_random_books);
	tcase_add_test(prop, test_property_apportion);
	suite_add_tcase(s, prop);
	return s;
}
