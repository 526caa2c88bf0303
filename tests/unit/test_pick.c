/* The seed's way of building a month and fair baselines: picks parsed and
 * honoured slot by slot, a fixed customer keeping its figure while the rest of
 * its tier re-spreads exactly, and baselines that never count months before a
 * customer's first order, before the book began, or an unfinished month.
 * Property tests over thousands of random tiers, books and order histories. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/ledger.h"
#include "repdesk/money.h"
#include "repdesk/plan.h"
#include "suites.h"

#define Y(yuan) ((int64_t)(yuan) * 100)		/* yuan to fen */
#define PROP(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

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

/* A months blob (ledger.h) of N months. */
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

/* ---- Fair baselines ---- */

/* The example: ¥40,000 in its first month is a ¥40,000 baseline,
 * not ¥13,333 averaged with two months before the customer existed. */
START_TEST(test_first_month_is_not_diluted)
{
	unsigned char b[4 * LEDGER_MONTH_BYTES];
	const int keys[] = { 202611 };
	const int64_t sums[] = { Y(40000) };
	plan_basis pb;
	size_t n = months_blob(b, keys, sums, NULL, 1);

	plan_basis_of(b, n, 2026, 12, 202612, 0, &pb);
	ck_assert_int_eq(pb.last, 202611);
	ck_assert_int_eq(pb.first, 202611);
	ck_assert_int_eq(pb.months, 1);
	ck_assert_int_eq(plan_basis_months(&pb), 1);
	ck_assert_int_eq(plan_basis_baseline(&pb, Y(5000)), Y(40000));
	/* The old rule, for contrast: the mean of three months. */
	int64_t three[3] = { 0, 0, Y(40000) };
	ck_assert_int_eq(plan_baseline(three, true, 0), 1333333);

	/* A month skipped after the first order counts as a zero. */
	const int keys2[] = { 202609, 202611 };
	const int64_t sums2[] = { Y(30000), Y(30000) };
	n = months_blob(b, keys2, sums2, NULL, 2);
	plan_basis_of(b, n, 2026, 12, 202612, 0, &pb);
	ck_assert_int_eq(pb.months, 3);
	ck_assert_int_eq(plan_basis_baseline(&pb, 0), Y(20000));
	/* The book began in October: September has orders and still counts, but
	 * had it none, it would not. */
	plan_basis_of(b, n, 2026, 12, 202612, 202610, &pb);
	ck_assert_int_eq(pb.months, 3);
	const int keys3[] = { 202607, 202611 };
	n = months_blob(b, keys3, sums2, NULL, 2);
	plan_basis_of(b, n, 2026, 12, 202612, 202610, &pb);
	ck_assert_int_eq(pb.months, 2);                 /* October (empty) and November */
	ck_assert_int_eq(plan_basis_baseline(&pb, 0), Y(15000));
	plan_basis_of(b, n, 2026, 12, 202612, 202611, &pb);
	ck_assert_int_eq(pb.months, 1);
	ck_assert_int_eq(plan_basis_baseline(&pb, 0), Y(30000));
}
END_TEST

/* Planning January on 7 December: the window ends with November, the last
 * whole month; December's partial orders never count. */
START_TEST(test_unfinished_month_never_counts)
{
	unsigned char b[6 * LEDGER_MONTH_BYTES];
	const int keys[] = { 202609, 202610, 202611, 202612 };
	const int64_t sums[] = { Y(30000), Y(30000), Y(30000), Y(90000) };
	plan_basis pb;
	size_t n = months_blob(b, keys, sums, NULL, 4);

	ck_assert_int_eq(plan_window_last(2027, 1, 202612), 202611);
	ck_assert_int_eq(plan_window_last(2027, 1, 0), 202612);
	ck_assert_int_eq(plan_window_last(2027, 3, 202612), 202611);
	ck_assert_int_eq(plan_window_last(2026, 11, 202612), 202610);	/* a past month: before it */
	ck_assert_int_eq(plan_window_last(2026, 1, 202512), 202511);
	plan_basis_of(b, n, 2027, 1, 202612, 0, &pb);
	ck_assert_int_eq(plan_basis_baseline(&pb, 0), Y(30000));
	ck_assert_int_eq(pb.months, 3);
	/* Without a today the window runs to December. */
	plan_basis_of(b, n, 2027, 1, 0, 0, &pb);
	ck_assert_int_eq(plan_basis_baseline(&pb, 0), Y(50000));
	/* A customer whose only orders are this month's has no whole month:
	 * its stated amount is the baseline. */
	const int k2[] = { 202612 };
	const int64_t s2[] = { Y(90000) };
	n = months_blob(b, k2, s2, NULL, 1);
	plan_basis_of(b, n, 2027, 1, 202612, 0, &pb);
	ck_assert(!pb.has_history);
	ck_assert_int_eq(plan_basis_months(&pb), 0);
	ck_assert_int_eq(plan_basis_baseline(&pb, Y(12000)), Y(12000));
	ck_assert_int_eq(plan_basis_baseline(&pb, INT64_MIN), 0);
	/* No orders at all: the stated figure. */
	plan_basis_of(NULL, 0, 2027, 1, 202612, 0, &pb);
	ck_assert_int_eq(plan_basis_baseline(&pb, Y(8000)), Y(8000));
	ck_assert_int_eq(plan_basis_months(&pb), 0);
}
END_TEST

/* The tier follows the same rule: a new customer's first ¥40,000 month makes
 * it S (≥ ¥20,000), where the diluted ¥13,333 made it A. */
START_TEST(test_tier_follows_fair_rule)
{
	unsigned char b[2 * LEDGER_MONTH_BYTES];
	const int keys[] = { 202611 };
	const int64_t sums[] = { Y(40000) }, vols[] = { 90 };
	tier_thresholds th = tier_default(TIER_METRIC_AMOUNT);
	size_t n = months_blob(b, keys, sums, vols, 1);

	ck_assert_int_eq(plan_tier_in_month(b, n, 2026, 12, 0, 0, &th), TIER_S);
	ck_assert_int_eq(plan_tier_at(b, n, 2026, 12, 202612, 0, 0, 0, &th), TIER_S);
	/* Volume thresholds: the volume's mean over the same month. */
	plan_basis pb;
	plan_basis_of(b, n, 2026, 12, 202612, 0, &pb);
	ck_assert_int_eq(plan_basis_volume(&pb, 0), 90);
}
END_TEST

START_TEST(test_baseline_of_means)
{
	const int64_t t[3] = { 100, 200, 301 };

	ck_assert_int_eq(plan_baseline_of(t, 1, true, 0), 100);
	ck_assert_int_eq(plan_baseline_of(t + 1, 2, true, 0), 251);	/* 250.5 rounds up */
	ck_assert_int_eq(plan_baseline_of(t, 3, true, 0), 200);		/* 200.33 down */
	ck_assert_int_eq(plan_baseline_of(t, 0, true, 77), 77);
	ck_assert_int_eq(plan_baseline_of(t, 2, false, 77), 77);
	const int64_t big[2] = { MONEY_MAX_FEN, MONEY_MAX_FEN };
	ck_assert_int_eq(plan_baseline_of(big, 2, true, 0), MONEY_MAX_FEN);
}
END_TEST

/* Property: for random histories, the baseline is the mean over exactly the
 * window months on or after both the first order and the book's start, or
 * with orders; an unfinished month never counts. */
START_TEST(test_property_fair_baselines)
{
	unsigned char b[40 * LEDGER_MONTH_BYTES];
	int keys[40];
	int64_t sums[40];

	rng_state = UINT64_C(40000);
	for (unsigned book = 0; book < 20000; book++) {
		int base = 2024 * 12 + (int)(rnd() % 36);	/* months since year 0 */
		size_t n = 0;
		for (int k = 0; k < 40 && n < 40; k++)
			if (rnd() % 3 == 0) {
				int mo = base + k;
				keys[n] = ledger_month_key(mo / 12, mo % 12 + 1);
				sums[n++] = rnd() % 5 == 0 ? 0 : rnd_upto(Y(100000));
			}
		size_t len = months_blob(b, keys, sums, NULL, n);
		int planned = base + (int)(rnd() % 44);
		int now = rnd() % 4 == 0 ? 0 : base + (int)(rnd() % 44);
		int start = rnd() % 3 == 0 ? 0 : base + (int)(rnd() % 20);
		int py = planned / 12, pm = planned % 12 + 1;
		int nowkey = now ? ledger_month_key(now / 12, now % 12 + 1) : 0;
		int startkey = start ? ledger_month_key(start / 12, start % 12 + 1) : 0;
		plan_basis pb;
		plan_basis_of(b, len, py, pm, nowkey, startkey, &pb);

		int last = (now && now < planned ? now : planned) - 1;
		int first = n ? (keys[0] / 100) * 12 + keys[0] % 100 - 1 : -1;
		int64_t vals[3];
		int cnt = 0;
		bool any = false;
		for (int mo = last - 2; mo <= last; mo++) {
			int key = ledger_month_key(mo / 12, mo % 12 + 1);
			long at = -1;
			for (size_t i = 0; i < n; i++)
				if (keys[i] == key)
					at = (long)i;
			if (at >= 0) {
				vals[cnt++] = sums[at];
				any = true;
			} else if (first >= 0 && mo >= first && (!start || mo >= start)) {
				vals[cnt++] = 0;
			}
		}
		PROP(pb.months == cnt, "book %u: %d months counted, expected %d", book, pb.months, cnt);
		PROP(pb.has_history == any, "book %u: history", book);
		int64_t sum = 0;
		for (int i = 0; i < cnt; i++)
			sum += vals[i];
		int64_t want = any && cnt ? (sum * 2 + cnt) / (2 * cnt) : 4242;
		int64_t got = plan_basis_baseline(&pb, 4242);
		PROP(got == want, "book %u: baseline %lld, expected %lld", book, (long long)got, (long long)want);
		PROP(plan_basis_months(&pb) == (any ? cnt : 0), "book %u: months shown", book);
	}
}
END_TEST

/* ---- Picks ---- */

START_TEST(test_picks_parse)
{
	plan_slot s[PLAN_MAX_SLOTS + 2];
	size_t n;
	char err[160];

	ck_assert(plan_picks_parse("10x2万,10x1万,10x5000", s, &n, err, sizeof err));
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(s[0].count, 10);
	ck_assert_int_eq(s[0].amount, Y(20000));
	ck_assert_int_eq(s[1].amount, Y(10000));
	ck_assert_int_eq(s[2].amount, Y(5000));
	ck_assert_int_eq(plan_picks_total(s, n), Y(350000));
	ck_assert(plan_picks_parse(" 2 × 1万 , 3X¥5000 ", s, &n, err, sizeof err));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(s[0].count, 2);
	ck_assert_int_eq(s[1].count, 3);
	ck_assert_int_eq(s[1].amount, Y(5000));
	/* Commas part the slots, so an amount has no thousands separators. */
	ck_assert(!plan_picks_parse("3x5,000", s, &n, err, sizeof err));

	const char *bad[] = { "", "10", "x2万", "10x", "10y2万", "0x2万", "10x0", "10x-5",
	                      "10x2万,", ",10x2万", "10x2万,,1x1", "100001x1", "10xabc",
	                      "1x1,1x1,1x1,1x1,1x1,1x1,1x1,1x1,1x1,1x1,1x1,1x1,1x1,1x1,1x1,1x1,1x1",
	                      "100000x10000000000000" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err[0] = '\0';
		ck_assert_msg(!plan_picks_parse(bad[i], s, &n, err, sizeof err), "'%s' accepted", bad[i]);
		ck_assert_msg(err[0], "'%s': no reason", bad[i]);
	}
}
END_TEST

/* The example on the worked book: ten customers each at ¥20,000,
 * ¥10,000, ¥5,000 and ¥1,000; picks of 10x2万,10x1万,10x5000 go to the S, A
 * and B customers, and the rest (¥50,000) to the C tier. */
START_TEST(test_pick_worked_example)
{
	plan_customer c[40];
	char uids[40][16];
	bool fixed[40];
	plan_slot slots[PLAN_MAX_SLOTS];
	size_t ns;
	plan_picks pk;
	plan_result res;
	char err[128];
	tier_thresholds th = tier_default(TIER_METRIC_AMOUNT);
	const int64_t amounts[4] = { Y(20000), Y(10000), Y(5000), Y(1000) };

	for (int i = 0; i < 40; i++) {
		snprintf(uids[i], sizeof uids[i], "c%02d", i);
		c[i] = (plan_customer){ .uid = uids[i], .baseline = amounts[i % 4], .manual = TIER_NONE };
	}
	ck_assert(plan_picks_parse("10x2万,10x1万,10x5000", slots, &ns, err, sizeof err));
	ck_assert_int_eq(plan_split_picked(c, 40, Y(400000), PLAN_BASELINE, NULL, &th, slots, ns, fixed,
	                                   &pk, &res), PLAN_OK);
	ck_assert_uint_eq(pk.wanted, 30);
	ck_assert_uint_eq(pk.picked, 30);
	ck_assert_int_eq(pk.total, Y(350000));
	int64_t sum = 0;
	for (int i = 0; i < 40; i++) {
		sum += c[i].target;
		ck_assert_int_eq(fixed[i], i % 4 != 3);
		if (i % 4 != 3)
			ck_assert_int_eq(c[i].target, amounts[i % 4]);	/* each slot its size */
		else
			ck_assert_int_eq(c[i].target, Y(5000));	/* ¥50,000 over ten equal C customers */
	}
	ck_assert_int_eq(sum, Y(400000));
	ck_assert_int_eq(res.tiers[TIER_S].target, Y(200000));
	ck_assert_int_eq(res.tiers[TIER_C].target, Y(50000));
	ck_assert_uint_eq(res.tiers[TIER_C].customers, 10);
	ck_assert_int_eq(res.unplaced, 0);

	/* Picks above the target are refused. */
	ck_assert(plan_picks_parse("10x5万", slots, &ns, err, sizeof err));
	ck_assert_int_eq(plan_split_picked(c, 40, Y(400000), PLAN_BASELINE, NULL, &th, slots, ns, fixed,
	                                   &pk, &res), PLAN_E_PICKS);
	/* More slots than customers: as many as there are. */
	ck_assert(plan_picks_parse("50x1000", slots, &ns, err, sizeof err));
	ck_assert_int_eq(plan_split_picked(c, 40, Y(400000), PLAN_BASELINE, NULL, &th, slots, ns, fixed,
	                                   &pk, &res), PLAN_OK);
	ck_assert_uint_eq(pk.wanted, 50);
	ck_assert_uint_eq(pk.picked, 40);
	ck_assert_int_eq(res.unplaced, Y(360000));
}
END_TEST

/* Rank of customer I among the candidates: tier, then baseline, then uid. */
static bool ranks_before(const plan_customer *a, const plan_customer *b)
{
	if (a->tier != b->tier)
		return a->tier < b->tier;
	if (a->baseline != b->baseline)
		return a->baseline > b->baseline;
	return strcmp(a->uid, b->uid) < 0;
}

#define BOOK_MAX 300

/* Property: picks honour the slots. Exactly min(wanted, n) customers are
 * picked; each slot's amount goes to as many customers as it asks for (the
 * largest first, while customers last); every picked customer ranks before
 * every one not picked, and a larger slot never goes to a customer ranked
 * after one given a smaller slot; the others share the rest exactly. */
START_TEST(test_property_picks)
{
	static plan_customer c[BOOK_MAX];
	static char uids[BOOK_MAX][12];
	static bool fixed[BOOK_MAX];
	tier_thresholds th = tier_default(TIER_METRIC_AMOUNT);

	rng_state = UINT64_C(20261207);
	for (unsigned book = 0; book < 3000; book++) {
		size_t n = (size_t)(rnd() % (BOOK_MAX + 1));
		plan_slot slots[PLAN_MAX_SLOTS];
		size_t ns = 1 + (size_t)(rnd() % 4);
		for (size_t s = 0; s < ns; s++)
			slots[s] = (plan_slot){ 1 + (int)(rnd() % 40), 1 + rnd_upto(Y(30000)) };
		int64_t want = plan_picks_total(slots, ns);
		int64_t target = want + (rnd() % 5 == 0 ? 0 : rnd_upto(Y(2000000)));
		plan_method method = rnd() % 3 == 0 ? PLAN_SHARES : PLAN_BASELINE;
		plan_shares sh = plan_shares_default();
		for (size_t i = 0; i < n; i++) {
			snprintf(uids[i], sizeof uids[i], "u%05u", (unsigned)(rnd() % 100000));
			c[i] = (plan_customer){ .uid = uids[i],
			                        .baseline = rnd() % 6 == 0 ? 0 : rnd_upto(Y(60000)),
			                        .manual = rnd() % 10 == 0 ? (tier)(rnd() % TIER_COUNT) : TIER_NONE };
		}
		plan_picks pk;
		plan_result res;
		PROP(plan_split_picked(c, n, target, method, &sh, &th, slots, ns, fixed, &pk, &res) == PLAN_OK,
		     "book %u: refused", book);
		size_t wanted = 0;
		for (size_t s = 0; s < ns; s++)
			wanted += (size_t)slots[s].count;
		PROP(pk.wanted == wanted, "book %u: wanted", book);
		PROP(pk.picked == (wanted < n ? wanted : n), "book %u: picked %zu", book, pk.picked);
		/* Each amount given to as many as the slots of that amount ask
		 * for, filled largest first. */
		int64_t fixed_sum = 0;
		for (int round = 0; round < (int)ns; round++) {
			/* The round-th largest distinct handling: count per amount. */
			int64_t amount = slots[round].amount;
			size_t asked = 0, larger = 0, got = 0;
			for (size_t s = 0; s < ns; s++) {
				if (slots[s].amount == amount)
					asked += (size_t)slots[s].count;
				else if (slots[s].amount > amount)
					larger += (size_t)slots[s].count;
			}
			for (size_t i = 0; i < n; i++)
				got += fixed[i] && c[i].target == amount;
			size_t room = n > larger ? n - larger : 0;
			size_t expect = asked < room ? asked : room;
			/* A non-picked customer may share the amount by chance: count fixed only. */
			PROP(got == expect, "book %u: amount %lld given %zu times, expected %zu", book,
			     (long long)amount, got, expect);
		}
		for (size_t i = 0; i < n; i++) {
			if (fixed[i])
				fixed_sum += c[i].target;
			for (size_t j = 0; j < n; j++) {
				if (!fixed[i] || i == j || !ranks_before(&c[j], &c[i]))
					continue;
				PROP(fixed[j], "book %u: %s picked before better-placed %s", book, c[i].uid, c[j].uid);
				PROP(c[j].target >= c[i].target, "book %u: %s got a smaller slot than %s", book,
				     c[j].uid, c[i].uid);
			}
		}
		PROP(fixed_sum == pk.total, "book %u: picks total", book);
		int64_t sum = 0, by_tier[TIER_COUNT] = { 0 };
		for (size_t i = 0; i < n; i++) {
			sum += c[i].target;
			by_tier[c[i].tier] += c[i].target;
		}
		PROP(sum + res.unplaced == target, "book %u: %lld + unplaced %lld, not %lld", book,
		     (long long)sum, (long long)res.unplaced, (long long)target);
		for (int t = 0; t < TIER_COUNT; t++)
			PROP(by_tier[t] == res.tiers[t].target || res.tiers[t].unplaced,
			     "book %u: tier %d sums to %lld, not %lld", book, t, (long long)by_tier[t],
			     (long long)res.tiers[t].target);
	}
}
END_TEST

/* ---- Fixed targets (plan set) ---- */

START_TEST(test_respread_fixed_example)
{
	const int64_t base[4] = { Y(20000), Y(20000), Y(10000), 0 };
	const char *const uids[4] = { "a", "b", "c", "d" };
	int64_t target[4] = { Y(80000), Y(80000), Y(40000), 0 };
	bool fixed[4] = { false, true, false, false };

	target[1] = Y(30000);
	ck_assert_int_eq(plan_respread_fixed(Y(200000), base, fixed, uids, 4, target), PLAN_OK);
	ck_assert_int_eq(target[1], Y(30000));
	ck_assert_int_eq(target[0], Y(113333));	/* 170,000 x 2/3 = 113,333.33 */
	ck_assert_int_eq(target[2], Y(56667));		/* 56,666.67: the larger fraction */
	ck_assert_int_eq(target[3], 0);
	/* Too much fixed, or nobody left to carry the difference. */
	int64_t keep[4];
	memcpy(keep, target, sizeof keep);
	target[1] = Y(200001);
	ck_assert_int_eq(plan_respread_fixed(Y(200000), base, fixed, uids, 4, target), PLAN_E_FIXED);
	ck_assert_int_eq(target[0], keep[0]);
	bool all[4] = { true, true, true, true };
	int64_t t2[4] = { Y(50000), Y(50000), Y(50000), Y(50000) };
	ck_assert_int_eq(plan_respread_fixed(Y(200000), base, all, uids, 4, t2), PLAN_OK);
	t2[3] = Y(1);
	ck_assert_int_eq(plan_respread_fixed(Y(200000), base, all, uids, 4, t2), PLAN_E_FIXED);
}
END_TEST

/* Property: a customer fixed by plan set keeps its figure, every other fixed
 * one too, the rest re-spread to within a yuan of their exact share of what
 * is left, and the tier still sums exactly. */
START_TEST(test_property_fixed_respread)
{
	static int64_t base[BOOK_MAX], target[BOOK_MAX], was[BOOK_MAX];
	static bool fixed[BOOK_MAX];

	rng_state = UINT64_C(20261208);
	for (unsigned book = 0; book < 5000; book++) {
		size_t n = 1 + (size_t)(rnd() % BOOK_MAX);
		int64_t total = rnd() % 10 == 0 ? rnd_upto(999) : rnd_upto(Y(10000000));
		int64_t held = 0, wsum = 0;
		size_t nfree = 0;
		for (size_t i = 0; i < n; i++) {
			base[i] = rnd() % 5 == 0 ? 0 : rnd_upto(Y(50000));
			fixed[i] = rnd() % 4 == 0;
			target[i] = fixed[i] ? rnd_upto(total / (int64_t)n + 1) : rnd_upto(Y(1000));
			if (fixed[i] && held + target[i] > total)
				target[i] = total - held;
			if (fixed[i])
				held += target[i];
			else {
				nfree++;
				wsum += base[i];
			}
		}
		memcpy(was, target, n * sizeof *was);
		plan_status st = plan_respread_fixed(total, base, fixed, NULL, n, target);
		if (nfree == 0) {
			PROP(st == (held == total ? PLAN_OK : PLAN_E_FIXED), "book %u: all fixed", book);
			continue;
		}
		PROP(st == PLAN_OK, "book %u: refused (%d)", book, (int)st);
		int64_t sum = 0, rest = total - held;
		for (size_t i = 0; i < n; i++) {
			sum += target[i];
			if (fixed[i]) {
				PROP(target[i] == was[i], "book %u: fixed %zu moved", book, i);
				continue;
			}
			/* Exact share of REST: rest * w / wsum (equal when all 0); the
			 * figures are small enough for 64 bits. */
			int64_t w = wsum ? base[i] : 1, ws = wsum ? wsum : (int64_t)nfree;
			int64_t d = target[i] * ws - rest * w;
			if (d < 0)
				d = -d;
			PROP(d < 100 * ws, "book %u: %zu is a yuan or more off its share", book, i);
		}
		PROP(sum == total, "book %u: sums to %lld, not %lld", book, (long long)sum, (long long)total);
	}
}
END_TEST

Suite *suite_pick(void)
{
	Suite *s = suite_create("pick");
	TCase *tc = tcase_create("core");
	TCase *prop = tcase_create("property");

	tcase_add_test(tc, test_first_month_is_not_diluted);
	tcase_add_test(tc, test_unfinished_month_never_counts);
	tcase_add_test(tc, test_tier_follows_fair_rule);
	tcase_add_test(tc, test_baseline_of_means);
	tcase_add_test(tc, test_picks_parse);
	tcase_add_test(tc, test_pick_worked_example);
	tcase_add_test(tc, test_respread_fixed_example);
	suite_add_tcase(s, tc);

	tcase_set_timeout(prop, 120);
	tcase_add_test(prop, test_property_fair_baselines);
	tcase_add_test(prop, test_property_picks);
	tcase_add_test(prop, test_property_fixed_respread);
	suite_add_tcase(s, prop);
	return s;
}
