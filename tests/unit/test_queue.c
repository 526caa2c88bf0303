/* queue: each term alone and their sum, every exclusion, today's calls folded,
 * cadence and reorder edges, the reasons' exact words, the weight and cadence
 * settings, ties, limits, and a property check that any limit gives a prefix
 * of the full ranking, up to 100,000 customers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/queue.h"
#include "suites.h"

#define Y(yuan) ((int64_t)(yuan) * 100)		/* yuan to fen */

static date_day D(const char *text)
{
	date_day day = 0;

	ck_assert_msg(date_parse(text, &day), "'%s' refused", text);
	return day;
}

#define TODAY D("2026-11-27")

/* A customer last reached today, so no cadence term unless a test moves it. */
static queue_customer cust(const char *uid, tier t)
{
	queue_customer c;

	queue_customer_init(&c, uid);
	c.tier = t;
	c.last_contact = TODAY;
	return c;
}

/* Every weight 0 but ID's default: a term alone. */
static queue_weights only(queue_term_id id)
{
	queue_weights w = queue_weights_default();

	for (int i = 0; i < QUEUE_TERM_COUNT; i++)
		if (i != (int)id)
			w.weight[i] = 0;
	return w;
}

/* Score C under W and check the terms add up; REASONS gets the words. */
static int score(const queue_customer *c, const queue_weights *w, char *reasons)
{
	queue_term t[QUEUE_TERM_COUNT];
	int n = -1, sum = 0;
	int s = queue_score(c, TODAY, w, t, &n);

	ck_assert_int_ge(n, 0);
	ck_assert_int_le(n, QUEUE_TERM_COUNT);
	for (int i = 0; i < n; i++) {
		ck_assert_int_ne(t[i].points, 0);
		if (i)
			ck_assert_int_lt(t[i - 1].id, t[i].id);	/* term order */
		sum += t[i].points;
	}
	ck_assert_int_eq(s, sum);
	ck_assert_int_eq(queue_score(c, TODAY, w, NULL, NULL), s);
	if (reasons)
		queue_reasons_format(t, n, NULL, reasons, QUEUE_REASONS_BUFSZ);
	return s;
}

/* The score of C with only term ID weighted, and its words. */
static int alone(const queue_customer *c, queue_term_id id, char *reasons)
{
	queue_weights w = only(id);

	return score(c, &w, reasons);
}

/* ---- Defaults and names ---- */

START_TEST(test_defaults)
{
	queue_weights w = queue_weights_default();
	char buf[QUEUE_WEIGHTS_BUFSZ], cad[QUEUE_CADENCE_BUFSZ];

	ck_assert_str_eq(queue_weights_format(&w, buf, sizeof buf),
			 "followup=10,callback=10,money=8,broken=6,cadence=5,reorder=4,"
			 "target=4,priority=3,tier=3,attempt=5");
	ck_assert_str_eq(queue_cadence_format(&w, cad, sizeof cad), "S=3,A=7,B=14,C=30,D=60");
	ck_assert_str_eq(queue_term_key(QUEUE_T_FOLLOWUP), "followup");
	ck_assert_str_eq(queue_term_key(QUEUE_T_ATTEMPT), "attempt");
	ck_assert_str_eq(queue_term_key(QUEUE_TERM_COUNT), "");

	queue_customer c;
	queue_customer_init(&c, "u1");
	ck_assert_str_eq(c.uid, "u1");
	ck_assert_int_eq(c.status, QUEUE_ACTIVE);
	ck_assert_int_eq(c.tier, TIER_NONE);
	ck_assert_int_eq(c.next_call, QUEUE_NO_DAY);
	ck_assert_int_eq(c.last_contact, QUEUE_NO_DAY);
	ck_assert_int_eq(c.broken_since, QUEUE_NO_DAY);
	ck_assert_int_eq(c.last_order, QUEUE_NO_DAY);
	ck_assert_int_eq(c.reached, QUEUE_NOT_REACHED);
	ck_assert_int_eq(c.attempts, 0);
}
END_TEST

START_TEST(test_names_and_parsers)
{
	queue_status st;
	queue_priority pr;
	queue_outcome o;

	ck_assert(queue_status_parse("active", &st) && st == QUEUE_ACTIVE);
	ck_assert(queue_status_parse("prospect", &st) && st == QUEUE_PROSPECT);
	ck_assert(queue_status_parse("lost", &st) && st == QUEUE_LOST);
	ck_assert(queue_status_parse("do-not-call", &st) && st == QUEUE_DNC);
	ck_assert(!queue_status_parse("Active", &st));
	ck_assert(!queue_status_parse("", &st));
	ck_assert(!queue_status_parse(NULL, &st));
	ck_assert_str_eq(queue_status_name(QUEUE_DNC), "do-not-call");

	ck_assert(queue_priority_parse("key", &pr) && pr == QUEUE_PRIO_KEY);
	ck_assert(queue_priority_parse("medium", &pr) && pr == QUEUE_PRIO_MEDIUM);
	ck_assert(queue_priority_parse("small", &pr) && pr == QUEUE_PRIO_SMALL);
	ck_assert(queue_priority_parse("", &pr) && pr == QUEUE_PRIO_NONE);
	ck_assert(!queue_priority_parse("high", &pr));
	ck_assert_str_eq(queue_priority_name(QUEUE_PRIO_MEDIUM), "medium");
	ck_assert_str_eq(queue_priority_name(QUEUE_PRIO_NONE), "");

	const char *all[] = { "effective", "no-answer", "busy", "callback", "refused", "order",
			      "after-sales" };
	const bool effective[] = { true, false, false, true, false, true, true };
	for (int i = 0; i < 7; i++) {
		ck_assert_msg(queue_outcome_parse(all[i], &o), "%s", all[i]);
		ck_assert_int_eq(o, i);
		ck_assert_str_eq(queue_outcome_name(o), all[i]);
		ck_assert_int_eq(queue_outcome_effective(o), effective[i]);
	}
	ck_assert(!queue_outcome_parse("no answer", &o));
	ck_assert(!queue_outcome_parse("", &o));
	ck_assert_str_eq(queue_state_text(QUEUE_OUT_REFUSED), "refused today");
}
END_TEST

/* ---- Each term alone ---- */

START_TEST(test_term_tier)
{
	const int expect[TIER_COUNT] = { 300, 240, 180, 120, 60 };
	char r[QUEUE_REASONS_BUFSZ];

	for (int t = TIER_S; t < TIER_COUNT; t++) {
		queue_customer c = cust("u", (tier)t);
		ck_assert_int_eq(alone(&c, QUEUE_T_TIER, NULL), expect[t]);
		/* Nothing else contributes by default for this customer. */
		queue_weights w = queue_weights_default();
		ck_assert_int_eq(score(&c, &w, NULL), expect[t]);
	}
	queue_customer c = cust("u", TIER_S);
	alone(&c, QUEUE_T_TIER, r);
	ck_assert_str_eq(r, "tier S");
	c.tier = TIER_NONE;			/* counts as D */
	ck_assert_int_eq(alone(&c, QUEUE_T_TIER, r), 60);
	ck_assert_str_eq(r, "tier D");
}
END_TEST

START_TEST(test_term_followup)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_customer c = cust("u", TIER_B);

	c.last_contact = TODAY - 20;
	c.next_call = TODAY;			/* due today: half */
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 500);
	ck_assert_str_eq(r, "follow-up due");
	c.next_call = TODAY - 1;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 550);
	ck_assert_str_eq(r, "follow-up overdue 1d");
	c.next_call = TODAY - 2;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 600);
	ck_assert_str_eq(r, "follow-up overdue 2d");
	c.next_call = TODAY - 9;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, NULL), 950);
	c.next_call = TODAY - 10;		/* full from ten days */
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, NULL), 1000);
	c.next_call = TODAY - 19;		/* capped */
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 1000);
	ck_assert_str_eq(r, "follow-up overdue 19d");

	/* Not yet due. */
	c.next_call = TODAY + 1;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 0);
	ck_assert_str_eq(r, "");
	/* No date. */
	c.next_call = QUEUE_NO_DAY;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, NULL), 0);
	/* Reached on or after the agreed day: the follow-up was done. */
	c.next_call = TODAY - 5;
	c.last_contact = TODAY - 5;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, NULL), 0);
	c.last_contact = TODAY - 3;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, NULL), 0);
	c.last_contact = TODAY - 6;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, NULL), 750);
	/* Never reached at all. */
	c.last_contact = QUEUE_NO_DAY;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, NULL), 750);
}
END_TEST

/* An opportunity's next step due ranks as a follow-up, in its own words. */
START_TEST(test_term_next_step)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_customer c = cust("u", TIER_B);
	queue_weights w = queue_weights_default();

	/* Without a step the score is what it was. */
	int plain = score(&c, &w, NULL);
	c.next_step = TODAY + 3;		/* not yet due: nothing */
	c.step = "send the proposal";
	ck_assert_int_eq(score(&c, &w, NULL), plain);
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 0);

	c.next_step = TODAY;			/* due today: half, as a follow-up */
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 500);
	ck_assert_str_eq(r, "next step due: send the proposal");
	ck_assert_int_eq(score(&c, &w, NULL), plain + 500);
	c.next_step = TODAY - 3;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 650);
	ck_assert_str_eq(r, "next step overdue 3d: send the proposal");
	/* Reaching the customer does not do the step. */
	c.last_contact = TODAY;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, NULL), 650);

	/* Beside an agreed next contact the older counts; the step on a tie. */
	c.last_contact = TODAY - 20;
	c.next_call = TODAY - 5;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 750);
	ck_assert_str_eq(r, "follow-up overdue 5d");
	c.next_call = TODAY - 3;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 650);
	ck_assert_str_eq(r, "next step overdue 3d: send the proposal");
	c.next_call = TODAY - 1;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 650);
	ck_assert_str_eq(r, "next step overdue 3d: send the proposal");

	/* A callback asked today stands for both, as for a follow-up. */
	c.next_call = QUEUE_NO_DAY;
	queue_count_call(&c, QUEUE_CALLBACK);
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, NULL), 0);
	ck_assert_int_eq(alone(&c, QUEUE_T_CALLBACK, r), 1000);
	c.reached = QUEUE_NOT_REACHED;

	/* Words not read: the step said without them. */
	c.step = NULL;
	ck_assert_int_eq(alone(&c, QUEUE_T_FOLLOWUP, r), 650);
	ck_assert_str_eq(r, "next step overdue 3d");
	c.next_step = TODAY;
	c.step = "";
	alone(&c, QUEUE_T_FOLLOWUP, r);
	ck_assert_str_eq(r, "next step due");

	/* Long words are cut to QUEUE_STEP_WIDTH columns; what would act on a
	 * terminal shows as text; a break is a space. */
	c.step = "visit the plant with the engineering manager and the boss";
	alone(&c, QUEUE_T_FOLLOWUP, r);
	ck_assert_str_eq(r, "next step due: visit the plant with th…");
	c.step = "带样品\n去工厂\x1b[2J看看污水站的运行情况";
	alone(&c, QUEUE_T_FOLLOWUP, r);
	ck_assert_ptr_null(strchr(r, '\x1b'));
	ck_assert_ptr_null(strchr(r, '\n'));
	ck_assert_ptr_nonnull(strstr(r, "带样品 去工厂"));

	/* A short buffer holds a shorter cut, never half a character. */
	queue_term t = { .id = QUEUE_T_FOLLOWUP, .ref = 1, .days = 2, .text = "带样品去工厂看看污水站" };
	char b[QUEUE_TERM_BUFSZ], small[32];
	ck_assert_str_eq(queue_term_format(&t, NULL, b, sizeof b),
			 "next step overdue 2d: 带样品去工厂看看污水站");
	queue_term_format(&t, NULL, small, sizeof small);
	ck_assert_str_eq(small, "next step overdue 2d: 带样…");

	/* Ranking: the customer whose step is due comes first. */
	queue_customer two[2] = { cust("a", TIER_B), cust("b", TIER_B) };
	two[1].next_step = TODAY - 1;
	queue_entry e[2];
	ck_assert_uint_eq(queue_rank(two, 2, TODAY, &w, 2, e, NULL), 2);
	ck_assert_str_eq(e[0].uid, "b");
	ck_assert_int_gt(e[0].score, e[1].score);
}
END_TEST

START_TEST(test_term_money)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_customer c = cust("u", TIER_B);
	static const struct {
		int64_t fen;
		int points;
	} cases[] = {
		{ 0, 0 },
		{ 50, 0 },			/* under a yuan */
		{ Y(1), 0 },			/* log10(1) = 0 */
		{ Y(10), 160 },			/* 20% of 8 points */
		{ Y(100), 320 },
		{ Y(1000), 480 },
		{ Y(4000), 576 },		/* 20 x 3.602 = 72% */
		{ Y(10000), 640 },
		{ Y(50000), 744 },		/* 20 x 4.699 = 93% */
		{ Y(100000), 800 },
		{ Y(1000000000), 800 },		/* capped */
		{ -Y(500), 0 },			/* a credit is not money due */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		c.due = cases[i].fen;
		ck_assert_msg(alone(&c, QUEUE_T_MONEY, NULL) == cases[i].points, "%lld fen: %d",
			      (long long)cases[i].fen, alone(&c, QUEUE_T_MONEY, NULL));
	}
	c.due = Y(4000);
	alone(&c, QUEUE_T_MONEY, r);
	ck_assert_str_eq(r, "¥4,000 due");
	c.due = Y(4000) + 50;
	alone(&c, QUEUE_T_MONEY, r);
	ck_assert_str_eq(r, "¥4,000.50 due");

	/* More money never scores less. */
	int prev = 0;
	for (int64_t fen = 0; fen < Y(200000); fen = fen * 11 / 10 + 37) {
		c.due = fen;
		int s = alone(&c, QUEUE_T_MONEY, NULL);
		ck_assert_int_ge(s, prev);
		prev = s;
	}
}
END_TEST

START_TEST(test_term_broken)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_customer c = cust("u", TIER_B);

	c.due = Y(4000);
	c.broken = Y(4000);
	c.broken_since = TODAY - 3;		/* 72% x 65% = 46% of 6 points */
	ck_assert_int_eq(alone(&c, QUEUE_T_BROKEN, r), 276);
	ck_assert_str_eq(r, "promise broken 3d ago (¥4,000)");
	c.broken_since = TODAY - 1;		/* 72% x 55% = 39% */
	ck_assert_int_eq(alone(&c, QUEUE_T_BROKEN, NULL), 234);
	c.broken_since = TODAY - 40;		/* 72% x 100% */
	ck_assert_int_eq(alone(&c, QUEUE_T_BROKEN, NULL), 432);
	/* Promised today is due, not broken. */
	c.broken_since = TODAY;
	ck_assert_int_eq(alone(&c, QUEUE_T_BROKEN, NULL), 0);
	c.broken_since = QUEUE_NO_DAY;
	ck_assert_int_eq(alone(&c, QUEUE_T_BROKEN, NULL), 0);
	c.broken_since = TODAY - 3;
	c.broken = 0;
	ck_assert_int_eq(alone(&c, QUEUE_T_BROKEN, NULL), 0);

	/* Both money terms at once: ¥4,000 due, ¥1,000 of it broken two days. */
	queue_weights w = queue_weights_default();
	w.weight[QUEUE_T_TIER] = 0;
	c.broken = Y(1000);
	c.broken_since = TODAY - 2;
	ck_assert_int_eq(score(&c, &w, r), 576 + 600 * (60 * 60 / 100) / 100);
	ck_assert_str_eq(r, "¥4,000 due; promise broken 2d ago (¥1,000)");
}
END_TEST

START_TEST(test_term_cadence_edges)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_customer c = cust("u", TIER_S);

	c.last_contact = TODAY - 3;		/* exactly at the cadence */
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, r), 0);
	ck_assert_str_eq(r, "");
	c.last_contact = TODAY - 4;		/* one day past: a third, rounded up */
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, r), 170);
	ck_assert_str_eq(r, "4d since contact (S: 3d)");
	c.last_contact = TODAY - 5;
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, NULL), 335);
	c.last_contact = TODAY - 6;		/* a whole cadence past */
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, NULL), 500);
	c.last_contact = TODAY - 9;
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, r), 500);
	ck_assert_str_eq(r, "9d since contact (S: 3d)");

	c.tier = TIER_D;
	c.last_contact = TODAY - 60;
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, NULL), 0);
	c.last_contact = TODAY - 61;		/* 1/60, rounded up: 2% */
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, r), 10);
	ck_assert_str_eq(r, "61d since contact (D: 60d)");
	c.tier = TIER_A;
	c.last_contact = TODAY - 7;
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, NULL), 0);
	c.last_contact = TODAY - 8;
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, NULL), 75);	/* 15% */

	/* Never reached: full, and said so. */
	c.tier = TIER_S;
	c.last_contact = QUEUE_NO_DAY;
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, r), 500);
	ck_assert_str_eq(r, "never contacted (S: 3d)");

	/* A next contact agreed for a later day silences it. */
	c.last_contact = TODAY - 9;
	c.next_call = TODAY + 2;
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, NULL), 0);
	c.next_call = TODAY;			/* due: back, beside the follow-up */
	ck_assert_int_eq(alone(&c, QUEUE_T_CADENCE, NULL), 500);

	/* Cadence from the settings. */
	queue_weights w = only(QUEUE_T_CADENCE);
	char err[128];
	ck_assert(queue_cadence_parse("S=10", &w, err, sizeof err));
	c.next_call = QUEUE_NO_DAY;
	c.last_contact = TODAY - 10;
	ck_assert_int_eq(score(&c, &w, NULL), 0);
	c.last_contact = TODAY - 11;
	ck_assert_int_eq(score(&c, &w, r), 50);
	ck_assert_str_eq(r, "11d since contact (S: 10d)");
}
END_TEST

START_TEST(test_term_reorder)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_customer c = cust("u", TIER_B);
	date_day days[8];

	/* Three orders a fortnight apart, unsorted. */
	days[0] = TODAY - 40;
	days[1] = TODAY - 68;
	days[2] = TODAY - 54;
	queue_order_history(&c, days, 3);
	ck_assert_int_eq(c.orders, 3);
	ck_assert_int_eq(c.last_order, TODAY - 40);
	ck_assert_int_eq(c.order_gap, 14);
	ck_assert_int_eq(alone(&c, QUEUE_T_REORDER, r), 400);	/* 26 past 14: capped */
	ck_assert_str_eq(r, "40d since order (usually 14d)");

	c.last_order = TODAY - 14;		/* exactly at the interval */
	ck_assert_int_eq(alone(&c, QUEUE_T_REORDER, NULL), 0);
	c.last_order = TODAY - 15;		/* one day past: 1/14 rounded up, 8% */
	ck_assert_int_eq(alone(&c, QUEUE_T_REORDER, r), 32);
	ck_assert_str_eq(r, "15d since order (usually 14d)");
	c.last_order = TODAY - 21;		/* half an interval past */
	ck_assert_int_eq(alone(&c, QUEUE_T_REORDER, NULL), 200);

	/* Fewer than three order days: no term, however long ago. */
	days[0] = TODAY - 300;
	days[1] = TODAY - 200;
	queue_order_history(&c, days, 2);
	ck_assert_int_eq(c.orders, 2);
	ck_assert_int_eq(c.order_gap, 0);
	ck_assert_int_eq(c.last_order, TODAY - 200);
	ck_assert_int_eq(alone(&c, QUEUE_T_REORDER, NULL), 0);
	/* Three orders on two days are two occasions. */
	days[0] = TODAY - 300;
	days[1] = TODAY - 200;
	days[2] = TODAY - 300;
	queue_order_history(&c, days, 3);
	ck_assert_int_eq(c.orders, 2);
	ck_assert_int_eq(alone(&c, QUEUE_T_REORDER, NULL), 0);
	/* One, none. */
	queue_order_history(&c, days, 1);
	ck_assert_int_eq(c.orders, 1);
	ck_assert_int_eq(c.last_order, TODAY - 300);
	queue_order_history(&c, days, 0);
	ck_assert_int_eq(c.orders, 0);
	ck_assert_int_eq(c.last_order, QUEUE_NO_DAY);
	ck_assert_int_eq(alone(&c, QUEUE_T_REORDER, NULL), 0);
	/* A hand-filled struct with three orders but no gap: nothing. */
	c.orders = 3;
	c.order_gap = 0;
	c.last_order = TODAY - 100;
	ck_assert_int_eq(alone(&c, QUEUE_T_REORDER, NULL), 0);

	/* Median: odd number of gaps (3, 10, 30) and even (10, 20 -> 15). */
	days[0] = 100;
	days[1] = 103;
	days[2] = 113;
	days[3] = 143;
	queue_order_history(&c, days, 4);
	ck_assert_int_eq(c.orders, 4);
	ck_assert_int_eq(c.order_gap, 10);
	days[0] = 130;
	days[1] = 100;
	days[2] = 110;
	queue_order_history(&c, days, 3);
	ck_assert_int_eq(c.order_gap, 15);
	days[0] = 100;
	days[1] = 101;
	days[2] = 103;				/* gaps 1, 2: rounded down */
	queue_order_history(&c, days, 3);
	ck_assert_int_eq(c.order_gap, 1);
}
END_TEST

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Long and short histories, in order, reversed and shuffled, with repeated
 * days: the order days and the median gap as a plain sort gives them. */
START_TEST(test_order_history_any_length)
{
	static date_day days[300], copy[300];
	unsigned seed = 12345;

	for (int round = 0; round < 400; round++) {
		size_t n = (size_t)(round % 150) * (round % 3 == 0 ? 2 : 1);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			days[i] = round % 4 == 0 ? (date_day)(20000 + i * 7)
			        : round % 4 == 1 ? (date_day)(20000 - i * 3)
			        : (date_day)(20000 + (seed >> 16) % 400);
		}
		memcpy(copy, days, n * sizeof *days);
		queue_customer c = cust("u", TIER_B);
		queue_order_history(&c, days, n);

		/* What a sort, a pass for distinct days and a sorted list of gaps say. */
		qsort(copy, n, sizeof *copy, int_cmp);
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (m == 0 || copy[i] != copy[m - 1])
				copy[m++] = copy[i];
		ck_assert_int_eq(c.orders, (int)m);
		ck_assert_int_eq(c.last_order, m ? copy[m - 1] : QUEUE_NO_DAY);
		int gap = 0;
		if (m >= 3) {
			for (size_t i = 0; i + 1 < m; i++)
				copy[i] = copy[i + 1] - copy[i];
			qsort(copy, m - 1, sizeof *copy, int_cmp);
			size_t g = m - 1;
			gap = g % 2 ? copy[g / 2] : (copy[g / 2 - 1] + copy[g / 2]) / 2;
		}
		ck_assert_int_eq(c.order_gap, gap);
	}
}
END_TEST

START_TEST(test_term_target)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_customer c = cust("u", TIER_B);

	c.target = Y(10000);
	c.achieved = Y(4000);
	ck_assert_int_eq(alone(&c, QUEUE_T_TARGET, r), 240);
	ck_assert_str_eq(r, "¥6,000 to target (60%)");
	c.achieved = 0;
	ck_assert_int_eq(alone(&c, QUEUE_T_TARGET, r), 400);
	ck_assert_str_eq(r, "¥10,000 to target (100%)");
	c.achieved = Y(10000) - 1;		/* a fen left: 1%, rounded up */
	ck_assert_int_eq(alone(&c, QUEUE_T_TARGET, r), 4);
	ck_assert_str_eq(r, "¥0.01 to target (1%)");
	c.achieved = Y(10000);
	ck_assert_int_eq(alone(&c, QUEUE_T_TARGET, NULL), 0);
	c.achieved = Y(25000);
	ck_assert_int_eq(alone(&c, QUEUE_T_TARGET, NULL), 0);
	c.target = 0;				/* no target this month */
	c.achieved = 0;
	ck_assert_int_eq(alone(&c, QUEUE_T_TARGET, NULL), 0);
}
END_TEST

START_TEST(test_term_priority)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_customer c = cust("u", TIER_B);

	c.priority = QUEUE_PRIO_KEY;
	ck_assert_int_eq(alone(&c, QUEUE_T_PRIORITY, r), 300);
	ck_assert_str_eq(r, "key customer");
	c.priority = QUEUE_PRIO_MEDIUM;
	ck_assert_int_eq(alone(&c, QUEUE_T_PRIORITY, r), 150);
	ck_assert_str_eq(r, "medium priority");
	c.priority = QUEUE_PRIO_SMALL;
	ck_assert_int_eq(alone(&c, QUEUE_T_PRIORITY, r), 0);
	ck_assert_str_eq(r, "");
	c.priority = QUEUE_PRIO_NONE;
	ck_assert_int_eq(alone(&c, QUEUE_T_PRIORITY, NULL), 0);
}
END_TEST

/* In a lead's book another rep's customer is in that rep's queue only,
 * whatever it would score. */
START_TEST(test_other_rep_out)
{
	queue_customer c[2] = { cust("a", TIER_S), cust("b", TIER_D) };
	queue_weights w = queue_weights_default();
	queue_entry e[2];
	size_t in = 0;

	c[0].other_rep = true;
	c[0].broken = 100000;
	ck_assert_int_eq(queue_state_of(&c[0], TODAY), QUEUE_OUT_OTHER_REP);
	ck_assert_str_eq(queue_state_text(QUEUE_OUT_OTHER_REP), "another rep's customer");
	ck_assert_int_eq(queue_rank(c, 2, TODAY, &w, 2, e, &in), 1);
	ck_assert_uint_eq(in, 1);
	ck_assert_str_eq(e[0].uid, "b");
}
END_TEST

START_TEST(test_term_attempts)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_customer c = cust("u", TIER_S);

	c.last_contact = TODAY - 5;
	queue_count_call(&c, QUEUE_NO_ANSWER);
	ck_assert_int_eq(c.attempts, 1);
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_IN);
	ck_assert_int_eq(alone(&c, QUEUE_T_ATTEMPT, r), -500);
	ck_assert_str_eq(r, "1 failed attempt today");
	queue_count_call(&c, QUEUE_BUSY);
	ck_assert_int_eq(c.attempts, 2);
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_IN);
	ck_assert_int_eq(alone(&c, QUEUE_T_ATTEMPT, r), -1000);
	ck_assert_str_eq(r, "2 failed attempts today");
	/* Capped at ten attempts, all of them named. */
	c.attempts = 15;
	ck_assert_int_eq(alone(&c, QUEUE_T_ATTEMPT, r), -5000);
	ck_assert_str_eq(r, "15 failed attempts today");

	/* It sinks below its twin, and is still there to retry. */
	queue_customer two[2] = { cust("a", TIER_S), cust("b", TIER_S) };
	queue_weights w = queue_weights_default();
	queue_entry out[2];
	size_t inq = 0;
	queue_count_call(&two[0], QUEUE_NO_ANSWER);
	ck_assert_uint_eq(queue_rank(two, 2, TODAY, &w, 2, out, &inq), 2);
	ck_assert_uint_eq(inq, 2);
	ck_assert_uint_eq(out[0].index, 1);
	ck_assert_int_eq(out[0].score, 300);
	ck_assert_uint_eq(out[1].index, 0);
	ck_assert_int_eq(out[1].score, -200);
}
END_TEST

/* A visit reaches the customer whatever the calls said: out for today. */
START_TEST(test_visit_reaches)
{
	queue_customer c = cust("u", TIER_S);

	c.last_contact = TODAY - 20;
	queue_count_call(&c, QUEUE_NO_ANSWER);
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_IN);
	queue_count_visit(&c);
	ck_assert_int_eq(c.reached, QUEUE_REACHED);
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_OUT_REACHED);
	queue_customer b = cust("b", TIER_B);
	queue_count_call(&b, QUEUE_CALLBACK);
	queue_count_visit(&b);
	ck_assert_int_eq(queue_state_of(&b, TODAY), QUEUE_OUT_REACHED);
}
END_TEST

/* ---- Today's calls ---- */

START_TEST(test_callbacks)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_weights w = queue_weights_default();
	queue_customer c = cust("u", TIER_B);

	/* Asked to call back, no date: stays, as a callback, not a follow-up. */
	c.next_call = TODAY - 4;
	c.last_contact = TODAY;
	queue_count_call(&c, QUEUE_CALLBACK);
	ck_assert_int_eq(c.reached, QUEUE_CALLED_BACK);
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_IN);
	ck_assert_int_eq(score(&c, &w, r), 1000 + 180);
	ck_assert_str_eq(r, "callback asked; tier B");
	c.next_call = TODAY;
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_IN);
	c.next_call = QUEUE_NO_DAY;
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_IN);

	/* A dated callback leaves today's queue and comes back on its day. */
	c.next_call = TODAY + 3;
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_OUT_LATER);
	queue_customer later = cust("u", TIER_B);	/* three days on: a fresh day */
	later.last_contact = TODAY;
	later.next_call = TODAY + 3;
	ck_assert_int_eq(queue_state_of(&later, TODAY + 3), QUEUE_IN);
	queue_term t[QUEUE_TERM_COUNT];
	int n = 0;
	ck_assert_int_eq(queue_score(&later, TODAY + 3, &w, t, &n), 500 + 180);
	queue_reasons_format(t, n, NULL, r, sizeof r);
	ck_assert_str_eq(r, "follow-up due; tier B");
	/* Before its day it is in the queue (never hidden) but nothing nags. */
	ck_assert_int_eq(queue_state_of(&later, TODAY + 1), QUEUE_IN);
	ck_assert_int_eq(queue_score(&later, TODAY + 1, &w, NULL, NULL), 180);

	/* Reached after the callback: out. Callback after being reached: back. */
	queue_customer d = cust("d", TIER_C);
	queue_count_call(&d, QUEUE_CALLBACK);
	queue_count_call(&d, QUEUE_EFFECTIVE);
	ck_assert_int_eq(queue_state_of(&d, TODAY), QUEUE_OUT_REACHED);
	queue_count_call(&d, QUEUE_CALLBACK);
	ck_assert_int_eq(queue_state_of(&d, TODAY), QUEUE_IN);
	/* A failed try at the callback keeps it, with the penalty. */
	queue_count_call(&d, QUEUE_NO_ANSWER);
	ck_assert_int_eq(queue_state_of(&d, TODAY), QUEUE_IN);
	ck_assert_int_eq(score(&d, &w, r), 1000 + 120 - 500);
	ck_assert_str_eq(r, "callback asked; tier C; 1 failed attempt today");
}
END_TEST

START_TEST(test_exclusions)
{
	queue_customer c;

	c = cust("u", TIER_S);
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_IN);
	c.status = QUEUE_PROSPECT;
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_IN);
	c.status = QUEUE_LOST;
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_OUT_LOST);
	c.status = QUEUE_DNC;
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_OUT_DNC);
	/* Lost and do-not-call stay out whatever today's calls said. */
	queue_count_call(&c, QUEUE_CALLBACK);
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_OUT_DNC);

	/* Every effective outcome takes it out for today. */
	const queue_outcome reach[] = { QUEUE_EFFECTIVE, QUEUE_ORDER, QUEUE_AFTER_SALES };
	for (int i = 0; i < 3; i++) {
		c = cust("u", TIER_S);
		queue_count_call(&c, reach[i]);
		ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_OUT_REACHED);
		/* A failed try later in the day does not bring it back. */
		queue_count_call(&c, QUEUE_BUSY);
		ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_OUT_REACHED);
		ck_assert_int_eq(c.attempts, 1);
	}
	/* Refused: out for today, even after failed tries. */
	c = cust("u", TIER_S);
	queue_count_call(&c, QUEUE_NO_ANSWER);
	queue_count_call(&c, QUEUE_REFUSED);
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_OUT_REFUSED);
	queue_count_call(&c, QUEUE_NO_ANSWER);
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_OUT_REFUSED);
	/* Only failed tries: still in. */
	c = cust("u", TIER_S);
	queue_count_call(&c, QUEUE_NO_ANSWER);
	queue_count_call(&c, QUEUE_BUSY);
	queue_count_call(&c, QUEUE_OUTCOME_COUNT);	/* not an outcome: ignored */
	ck_assert_int_eq(queue_state_of(&c, TODAY), QUEUE_IN);
	ck_assert_int_eq(c.attempts, 2);

	/* queue_rank leaves every one of them out and counts the rest. */
	queue_customer all[8];
	all[0] = cust("a-active", TIER_D);
	all[1] = cust("b-prospect", TIER_D);
	all[1].status = QUEUE_PROSPECT;
	all[2] = cust("c-lost", TIER_S);
	all[2].status = QUEUE_LOST;
	all[3] = cust("d-dnc", TIER_S);
	all[3].status = QUEUE_DNC;
	all[4] = cust("e-reached", TIER_S);
	queue_count_call(&all[4], QUEUE_EFFECTIVE);
	all[5] = cust("f-refused", TIER_S);
	queue_count_call(&all[5], QUEUE_REFUSED);
	all[6] = cust("g-later", TIER_S);
	queue_count_call(&all[6], QUEUE_CALLBACK);
	all[6].next_call = TODAY + 1;
	all[7] = cust("h-tried", TIER_D);
	queue_count_call(&all[7], QUEUE_BUSY);

	queue_weights w = queue_weights_default();
	queue_entry out[8];
	size_t inq = 0;
	ck_assert_uint_eq(queue_rank(all, 8, TODAY, &w, 8, out, &inq), 3);
	ck_assert_uint_eq(inq, 3);
	ck_assert_uint_eq(out[0].index, 0);
	ck_assert_uint_eq(out[1].index, 1);
	ck_assert_uint_eq(out[2].index, 7);
	ck_assert_int_eq(out[2].score, 60 - 500);
}
END_TEST

/* ---- The sum ---- */

START_TEST(test_sum_and_reasons)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_weights w = queue_weights_default();
	queue_customer c = cust("u", TIER_S);

	/* The example. */
	c.next_call = TODAY - 2;
	c.last_contact = TODAY - 9;
	c.due = Y(4000);
	ck_assert_int_eq(score(&c, &w, r), 600 + 576 + 500 + 300);
	ck_assert_str_eq(r, "follow-up overdue 2d; ¥4,000 due; 9d since contact (S: 3d); tier S");

	/* Every term at once. */
	date_day days[3] = { TODAY - 50, TODAY - 36, TODAY - 22 };
	queue_order_history(&c, days, 3);	/* every 14 days, 22 since: 58% */
	c.broken = Y(1000);
	c.broken_since = TODAY - 2;		/* 60% x 60% = 36% */
	c.target = Y(20000);
	c.achieved = Y(8000);			/* 60% left */
	c.priority = QUEUE_PRIO_KEY;
	c.attempts = 2;
	int expect = 600 + 576 + 216 + 500 + 232 + 240 + 300 + 300 - 1000;
	ck_assert_int_eq(score(&c, &w, r), expect);
	ck_assert_str_eq(r, "follow-up overdue 2d; ¥4,000 due; promise broken 2d ago (¥1,000); "
			 "9d since contact (S: 3d); 22d since order (usually 14d); "
			 "¥12,000 to target (60%); key customer; tier S; 2 failed attempts today");
	char sc[QUEUE_SCORE_BUFSZ];
	ck_assert_str_eq(queue_score_format(expect, sc, sizeof sc), "19.64");

	/* Each term alone sums to the whole. */
	int sum = 0;
	for (int id = 0; id < QUEUE_TERM_COUNT; id++)
		sum += alone(&c, (queue_term_id)id, NULL);
	ck_assert_int_eq(sum, expect);

	/* Doubling every weight doubles the score; zero weights, zero score. */
	queue_weights w2 = w, w0 = w;
	for (int i = 0; i < QUEUE_TERM_COUNT; i++) {
		w2.weight[i] *= 2;
		w0.weight[i] = 0;
	}
	ck_assert_int_eq(score(&c, &w2, NULL), 2 * expect);
	ck_assert_int_eq(score(&c, &w0, r), 0);
	ck_assert_str_eq(r, "");
}
END_TEST

START_TEST(test_words)
{
	char b[QUEUE_TERM_BUFSZ], sc[QUEUE_SCORE_BUFSZ];
	queue_term t = { .id = QUEUE_T_CADENCE, .points = 1, .days = -1, .ref = 60, .tier = TIER_D };

	ck_assert_str_eq(queue_term_format(&t, NULL, b, sizeof b), "never contacted (D: 60d)");
	t = (queue_term){ .id = QUEUE_T_BROKEN, .amount = Y(12345) + 6, .days = 12 };
	ck_assert_str_eq(queue_term_format(&t, NULL, b, sizeof b), "promise broken 12d ago (¥12,345.06)");
	t = (queue_term){ .id = QUEUE_T_CALLBACK };
	ck_assert_str_eq(queue_term_format(&t, NULL, b, sizeof b), "callback asked");
	t = (queue_term){ .id = QUEUE_T_MONEY, .amount = 1000000000000000 };
	ck_assert_str_eq(queue_term_format(&t, NULL, b, sizeof b), "¥10,000,000,000,000 due");

	/* Only whole terms fit a short buffer, never half a '¥'. */
	queue_term two[2] = { { .id = QUEUE_T_FOLLOWUP, .days = 2 },
			      { .id = QUEUE_T_MONEY, .amount = Y(4000) } };
	char small[40], tiny[4];
	/* 20 + 2 + 11 bytes: 33 do not hold them with the NUL, 34 do. */
	ck_assert_str_eq(queue_reasons_format(two, 2, NULL, small, 33), "follow-up overdue 2d");
	ck_assert_str_eq(queue_reasons_format(two, 2, NULL, small, 34), "follow-up overdue 2d; ¥4,000 due");
	ck_assert_str_eq(queue_reasons_format(two, 2, NULL, tiny, sizeof tiny), "");
	ck_assert_str_eq(queue_reasons_format(two, 0, NULL, small, sizeof small), "");

	ck_assert_str_eq(queue_score_format(0, sc, sizeof sc), "0.00");
	ck_assert_str_eq(queue_score_format(5, sc, sizeof sc), "0.05");
	ck_assert_str_eq(queue_score_format(1976, sc, sizeof sc), "19.76");
	ck_assert_str_eq(queue_score_format(-450, sc, sizeof sc), "-4.50");
	ck_assert_str_eq(queue_score_format(-5, sc, sizeof sc), "-0.05");
}
END_TEST

START_TEST(test_never_reached)
{
	queue_customer c;
	queue_term t[QUEUE_TERM_COUNT];
	queue_weights w = queue_weights_default();
	char b[QUEUE_TERM_BUFSZ * 2];
	int n = 0;

	queue_customer_init(&c, "x");
	c.tier = TIER_S;
	c.tries = 3;
	queue_score(&c, 100, &w, t, &n);
	ck_assert_int_eq(t[0].id, QUEUE_T_CADENCE);
	ck_assert_str_eq(queue_term_format(&t[0], NULL, b, sizeof b), "never reached; 3 tries (S: 3d)");
	t[0].amount = 1;
	ck_assert_str_eq(queue_term_format(&t[0], NULL, b, sizeof b), "never reached; 1 try (S: 3d)");
	t[0].amount = 0;
	ck_assert_str_eq(queue_term_format(&t[0], NULL, b, sizeof b), "never contacted (S: 3d)");
}
END_TEST

START_TEST(test_reasons_fit)
{
	const char *r = "¥4,200 due; promise broken 9d ago (¥4,200); 13d since contact (A: 7d)";
	char out[QUEUE_REASONS_BUFSZ];

	ck_assert_str_eq(queue_reasons_sep(NULL), "; ");
	/* Whole reasons, then "…": never inside an amount. */
	ck_assert_str_eq(queue_reasons_fit(r, "; ", 20, out, sizeof out), "¥4,200 due…");
	ck_assert_str_eq(queue_reasons_fit(r, "; ", 11, out, sizeof out), "¥4,200 due…");
	ck_assert_str_eq(queue_reasons_fit(r, "; ", 44, out, sizeof out),
	                 "¥4,200 due; promise broken 9d ago (¥4,200)…");
	ck_assert_str_eq(queue_reasons_fit(r, "; ", 200, out, sizeof out), r);
	/* Not even the first reason: what of it fits, no figure split; else "…". */
	ck_assert_str_eq(queue_reasons_fit(r, "; ", 10, out, sizeof out), "¥4,200…");
	ck_assert_str_eq(queue_reasons_fit(r, "; ", 4, out, sizeof out), "…");
	ck_assert_str_eq(queue_reasons_fit(r, "; ", 0, out, sizeof out), "");
	/* A Chinese separator, no spaces. */
	const char *z = "应收¥5,067；承诺付款已逾期23天（¥5,067）";
	ck_assert_str_eq(queue_reasons_fit(z, "；", 14, out, sizeof out), "应收¥5,067…");
	ck_assert_str_eq(queue_reasons_fit(z, "；", 8, out, sizeof out), "应收…");
	ck_assert_str_eq(queue_reasons_fit(z, "；", 3, out, sizeof out), "应…");
	ck_assert_str_eq(queue_reasons_fit(z, "；", 2, out, sizeof out), "…");
	ck_assert_str_eq(queue_reasons_fit("今日需跟进（已逾期1天）", "；", 12, out, sizeof out),
	                 "今日需跟进…");
	ck_assert_str_eq(queue_reasons_fit("逾期12天", "；", 6, out, sizeof out), "逾期…");
	ck_assert_str_eq(queue_reasons_fit("跟进已逾期1天；应收¥1,600", "；", 12, out, sizeof out), "跟进已逾期…");
}
END_TEST

/* A stand-in catalogue: the words go through the translation given, the
 * separator too, and English comes out when none is. */
static const char *fake_words(const char *msgid)
{
	if (strcmp(msgid, "; ") == 0)
		return "；";
	if (strcmp(msgid, "tier %c") == 0)
		return "%c类";
	if (strcmp(msgid, "%d failed attempts today") == 0)
		return "x%d";
	return msgid;
}

START_TEST(test_words_translated)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_term t[3] = { { .id = QUEUE_T_TIER, .tier = TIER_S },
			    { .id = QUEUE_T_ATTEMPT, .ref = 2 },
			    { .id = QUEUE_T_ATTEMPT, .ref = 1 } };

	ck_assert_str_eq(queue_reasons_format(t, 3, fake_words, r, sizeof r),
			 "S类；x2；1 failed attempt today");
	ck_assert_str_eq(queue_reasons_format(t, 3, queue_words_en, r, sizeof r),
			 "tier S; 2 failed attempts today; 1 failed attempt today");
	ck_assert_str_eq(queue_reasons_format(t, 3, NULL, r, sizeof r),
			 "tier S; 2 failed attempts today; 1 failed attempt today");
}
END_TEST

/* ---- Settings ---- */

static bool w_eq(const queue_weights *a, const queue_weights *b)
{
	for (int i = 0; i < QUEUE_TERM_COUNT; i++)
		if (a->weight[i] != b->weight[i])
			return false;
	for (int t = 0; t < TIER_COUNT; t++)
		if (a->cadence[t] != b->cadence[t])
			return false;
	return true;
}

static const char *weights_err(const char *text)
{
	static char err[256];
	queue_weights w = queue_weights_default(), before = w;

	strcpy(err, "(unset)");
	ck_assert_msg(!queue_weights_parse(text, &w, err, sizeof err), "'%s' accepted", text);
	ck_assert(w_eq(&w, &before));		/* untouched */
	return err;
}

static const char *cadence_err(const char *text)
{
	static char err[256];
	queue_weights w = queue_weights_default(), before = w;

	strcpy(err, "(unset)");
	ck_assert_msg(!queue_cadence_parse(text, &w, err, sizeof err), "'%s' accepted", text);
	ck_assert(w_eq(&w, &before));
	return err;
}

START_TEST(test_weights_parse)
{
	queue_weights w = queue_weights_default(), d = w;
	char err[256] = "", buf[QUEUE_WEIGHTS_BUFSZ];

	ck_assert_msg(queue_weights_parse("followup=12,money=8", &w, err, sizeof err), "%s", err);
	ck_assert_int_eq(w.weight[QUEUE_T_FOLLOWUP], 1200);
	ck_assert_int_eq(w.weight[QUEUE_T_MONEY], 800);
	ck_assert_int_eq(w.weight[QUEUE_T_TIER], d.weight[QUEUE_T_TIER]);	/* kept */

	ck_assert_msg(queue_weights_parse("  Money = 2.5 , ATTEMPT=0,tier=1000,cadence=0.75 ", &w,
					  err, sizeof err), "%s", err);
	ck_assert_int_eq(w.weight[QUEUE_T_MONEY], 250);
	ck_assert_int_eq(w.weight[QUEUE_T_ATTEMPT], 0);
	ck_assert_int_eq(w.weight[QUEUE_T_TIER], 100000);
	ck_assert_int_eq(w.weight[QUEUE_T_CADENCE], 75);
	ck_assert_int_eq(w.weight[QUEUE_T_FOLLOWUP], 1200);
	ck_assert_str_eq(queue_weights_format(&w, buf, sizeof buf),
			 "followup=12,callback=10,money=2.5,broken=6,cadence=0.75,reorder=4,"
			 "target=4,priority=3,tier=1000,attempt=0");

	/* Round trip, and empty text changes nothing. */
	queue_weights back = queue_weights_default();
	ck_assert(queue_weights_parse(buf, &back, err, sizeof err));
	ck_assert(w_eq(&back, &w));
	ck_assert(queue_weights_parse("", &back, err, sizeof err));
	ck_assert(queue_weights_parse("  ", &back, err, sizeof err));
	ck_assert(queue_weights_parse(NULL, &back, err, sizeof err));
	ck_assert(w_eq(&back, &w));

	ck_assert_str_eq(weights_err("foo=1"),
			 "unknown weight 'foo' (known: followup, callback, money, broken, cadence, "
			 "reorder, target, priority, tier, attempt)");
	ck_assert_str_eq(weights_err("money=1,tier=2,Money=3"), "'money' is given twice");
	ck_assert_str_eq(weights_err("money=-1"),
			 "money: '-1' is not a weight from 0 to 1000 (two decimals at most)");
	ck_assert_str_eq(weights_err("money"), "expected name=points at 'money'");
	ck_assert_str_eq(weights_err("money=1,,tier=2"),
			 "an entry is empty (expected name=points, ...)");
	ck_assert_str_eq(weights_err("money=1,"), "an entry is empty (expected name=points, ...)");
	ck_assert_str_eq(weights_err(",money=1"), "an entry is empty (expected name=points, ...)");
	const char *bad_values[] = { "money=", "money=1001", "money=1000.01", "money=1.234",
				     "money=1.", "money=.5", "money=1 2", "money=1e2", "money=x",
				     "money=99999999999999999999", "money=¥5" };
	for (size_t i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++)
		ck_assert_msg(strstr(weights_err(bad_values[i]), "is not a weight") != NULL, "%s: %s",
			      bad_values[i], weights_err(bad_values[i]));
	ck_assert(strstr(weights_err("averyveryveryverylongnamethatgoesonandon=1"), "unknown weight"));
	/* A value too long to hold is a bad value, not an unknown name. */
	ck_assert(strncmp(weights_err("money=0000000000000000000000000000000000001"), "money: '",
			  8) == 0);
	ck_assert(strstr(weights_err("follow-up=1"), "unknown weight 'follow-up'"));
	/* Control characters in a message are made safe. */
	ck_assert_str_eq(weights_err("mo\x01ney=1"), "unknown weight 'mo?ney' (known: followup, "
			 "callback, money, broken, cadence, reorder, target, priority, tier, attempt)");
}
END_TEST

START_TEST(test_cadence_parse)
{
	queue_weights w = queue_weights_default();
	char err[256] = "", buf[QUEUE_CADENCE_BUFSZ];

	ck_assert_msg(queue_cadence_parse("S=5, d = 90d", &w, err, sizeof err), "%s", err);
	ck_assert_str_eq(queue_cadence_format(&w, buf, sizeof buf), "S=5,A=7,B=14,C=30,D=90");
	ck_assert(queue_cadence_parse("A=1,B=2,C=3650", &w, err, sizeof err));
	ck_assert_str_eq(queue_cadence_format(&w, buf, sizeof buf), "S=5,A=1,B=2,C=3650,D=90");
	queue_weights back = queue_weights_default();
	ck_assert(queue_cadence_parse(buf, &back, err, sizeof err));
	ck_assert(w_eq(&back, &w));
	ck_assert(queue_cadence_parse("", &back, err, sizeof err));
	ck_assert(w_eq(&back, &w));

	ck_assert_str_eq(cadence_err("X=3"), "'X' is not a tier (S, A, B, C or D)");
	ck_assert_str_eq(cadence_err("SA=3"), "'SA' is not a tier (S, A, B, C or D)");
	ck_assert_str_eq(cadence_err("S=3,s=4"), "S is given twice");
	ck_assert_str_eq(cadence_err("S=0"), "S: '0' is not a number of days from 1 to 3650");
	ck_assert_str_eq(cadence_err("A=3651"), "A: '3651' is not a number of days from 1 to 3650");
	ck_assert_str_eq(cadence_err("B=abc"), "B: 'abc' is not a number of days from 1 to 3650");
	ck_assert_str_eq(cadence_err("B="), "B: '' is not a number of days from 1 to 3650");
	ck_assert_str_eq(cadence_err("C=2.5"), "C: '2.5' is not a number of days from 1 to 3650");
	ck_assert_str_eq(cadence_err("C=-1"), "C: '-1' is not a number of days from 1 to 3650");
	ck_assert_str_eq(cadence_err("D=5dd"), "D: '5dd' is not a number of days from 1 to 3650");
	ck_assert_str_eq(cadence_err("S"), "expected tier=days at 'S'");
	ck_assert(strncmp(cadence_err("S=000000000000000000000000000000000000003"), "S: '", 4) == 0);
	ck_assert_str_eq(cadence_err("S=3,"), "an entry is empty (expected S=3,A=7,...)");
}
END_TEST

/* ---- Ranking ---- */

START_TEST(test_rank_ties_and_limit)
{
	queue_weights w = queue_weights_default();
	queue_customer c[6];
	queue_entry out[6];
	size_t inq = 99;

	/* Equal scores: by uid, whatever the input order. */
	c[0] = cust("c", TIER_B);
	c[1] = cust("a", TIER_B);
	c[2] = cust("b", TIER_B);
	c[3] = cust("z", TIER_S);		/* higher score first */
	c[4] = cust("a", TIER_B);		/* same uid as [1]: by index */
	c[5] = cust("0", TIER_D);
	ck_assert_uint_eq(queue_rank(c, 6, TODAY, &w, 6, out, &inq), 6);
	ck_assert_uint_eq(inq, 6);
	const size_t order[6] = { 3, 1, 4, 2, 0, 5 };
	for (int i = 0; i < 6; i++)
		ck_assert_uint_eq(out[i].index, order[i]);
	ck_assert_int_eq(out[0].score, 300);
	ck_assert_int_eq(out[1].score, 180);
	ck_assert_int_eq(out[5].score, 60);

	/* A limit keeps the best, in order; the count is of the whole queue. */
	ck_assert_uint_eq(queue_rank(c, 6, TODAY, &w, 2, out, &inq), 2);
	ck_assert_uint_eq(inq, 6);
	ck_assert_uint_eq(out[0].index, 3);
	ck_assert_uint_eq(out[1].index, 1);
	ck_assert_uint_eq(queue_rank(c, 6, TODAY, &w, 0, out, &inq), 0);
	ck_assert_uint_eq(inq, 6);
	ck_assert_uint_eq(queue_rank(c, 0, TODAY, &w, 6, out, &inq), 0);
	ck_assert_uint_eq(inq, 0);
	ck_assert_uint_eq(queue_rank(c, 6, TODAY, &w, 1, out, NULL), 1);
	ck_assert_uint_eq(out[0].index, 3);

	/* A NULL uid sorts as "". */
	c[2].uid = NULL;
	ck_assert_uint_eq(queue_rank(c, 6, TODAY, &w, 6, out, NULL), 6);
	ck_assert_uint_eq(out[1].index, 2);
}
END_TEST

/* A small deterministic generator: the test must not depend on rand(). */
static uint64_t next_rand(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

static void random_customer(queue_customer *c, const char *uid, date_day today, uint64_t *s)
{
	queue_customer_init(c, uid);
	c->status = (queue_status)(next_rand(s) % 10 == 0 ? next_rand(s) % 4 : QUEUE_ACTIVE);
	c->tier = (tier)(next_rand(s) % 6);
	if (c->tier == TIER_COUNT)
		c->tier = TIER_NONE;
	c->priority = (queue_priority)(next_rand(s) % 4);
	if (next_rand(s) % 3 == 0)
		c->next_call = today - 20 + (date_day)(next_rand(s) % 30);
	if (next_rand(s) % 5)
		c->last_contact = today - (date_day)(next_rand(s) % 90);
	if (next_rand(s) % 4 == 0) {
		c->due = (int64_t)(next_rand(s) % 5000000);
		if (next_rand(s) % 2) {
			c->broken = c->due / 2;
			c->broken_since = today - (date_day)(next_rand(s) % 20);
		}
	}
	if (next_rand(s) % 2) {
		c->target = (int64_t)(next_rand(s) % 3000000);
		c->achieved = (int64_t)(next_rand(s) % 3000000);
	}
	if (next_rand(s) % 3 == 0) {
		c->orders = 3 + (int)(next_rand(s) % 10);
		c->order_gap = 1 + (int)(next_rand(s) % 40);
		c->last_order = today - (date_day)(next_rand(s) % 100);
	}
	for (int k = (int)(next_rand(s) % 8); k > 4; k--)
		queue_count_call(c, (queue_outcome)(next_rand(s) % QUEUE_OUTCOME_COUNT));
}

static bool ranks_before(const queue_customer *cust, const queue_entry *a, const queue_entry *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	int c = strcmp(cust[a->index].uid, cust[b->index].uid);
	return c ? c < 0 : a->index < b->index;
}

/* Uids of three shapes: short ones, exactly sixteen bytes, and time-ordered
 * ones of one import sharing their first sixteen (or more) bytes, so ties go
 * past the fast integer key into the rest of the string. */
static void random_uid(char *buf, size_t bufsz, uint64_t *s)
{
	unsigned r = (unsigned)(next_rand(s) % 3000);

	switch (next_rand(s) % 4) {
	case 0:
		snprintf(buf, bufsz, "u%u", r);
		break;
	case 1:
		snprintf(buf, bufsz, "0190a8c2-7f3e-7%c", "abc"[r % 3]);
		break;
	case 2:
		snprintf(buf, bufsz, "0190a8c2-7f3e-7a%u", r);
		break;
	default:
		snprintf(buf, bufsz, "0190a8c2-7f3e-7abc-8def-%012u", r);
		break;
	}
}

START_TEST(test_rank_property)
{
	enum { N = 100000 };
	queue_customer *c = malloc(N * sizeof *c);
	char (*uids)[48] = malloc(N * sizeof *uids);
	queue_entry *all = malloc(N * sizeof *all), *top = malloc(N * sizeof *top);
	queue_weights w = queue_weights_default();
	uint64_t seed = 42;
	size_t inq = 0, expect_in = 0, bad = 0;
	date_day today = TODAY;

	ck_assert(c && uids && all && top);
	for (size_t i = 0; i < N; i++) {
		random_uid(uids[i], sizeof uids[i], &seed);
		random_customer(&c[i], uids[i], today, &seed);
		if (queue_state_of(&c[i], today) == QUEUE_IN)
			expect_in++;
	}
	size_t got = queue_rank(c, N, today, &w, N, all, &inq);
	ck_assert_uint_eq(got, expect_in);
	ck_assert_uint_eq(inq, expect_in);
	ck_assert_uint_gt(got, N / 2);
	/* Plain ifs in the loops: a Check assertion per row costs a pipe write. */
	size_t ties = 0, deep_ties = 0;
	for (size_t i = 0; i < got; i++) {
		const queue_customer *ci = &c[all[i].index];
		if (queue_state_of(ci, today) != QUEUE_IN ||
		    all[i].score != queue_score(ci, today, &w, NULL, NULL) || all[i].uid != ci->uid)
			bad++;
		if (i && !ranks_before(c, &all[i - 1], &all[i]))
			bad++;
		if (i && all[i - 1].score == all[i].score) {
			ties++;
			if (strncmp(all[i - 1].uid, all[i].uid, 16) == 0)
				deep_ties++;
		}
	}
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_gt(ties, 1000);		/* the test means something */
	ck_assert_uint_gt(deep_ties, 100);
	/* Any limit gives exactly the prefix of the full ranking. */
	const size_t limits[] = { 1, 2, 7, 50, 1000, 49999, N };
	for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
		size_t k = queue_rank(c, N, today, &w, limits[l], top, NULL);
		ck_assert_uint_eq(k, limits[l] < got ? limits[l] : got);
		for (size_t i = 0; i < k; i++)
			if (top[i].index != all[i].index || top[i].score != all[i].score)
				bad++;
		ck_assert_uint_eq(bad, 0);
	}
	/* Reasons always fit and never leave a term out. */
	for (size_t i = 0; i < 2000 && i < got; i++) {
		queue_term t[QUEUE_TERM_COUNT];
		int n = 0;
		char r[QUEUE_REASONS_BUFSZ];
		queue_score(&c[all[i].index], today, &w, t, &n);
		queue_reasons_format(t, n, NULL, r, sizeof r);
		int seps = 0;
		for (const char *p = r; (p = strstr(p, "; ")) != NULL; p += 2)
			seps++;
		if (seps != (n > 0 ? n - 1 : 0))
			bad++;
	}
	ck_assert_uint_eq(bad, 0);
	free(c);
	free(uids);
	free(all);
	free(top);
}
END_TEST

/* Sorting many equal entries, and inputs already in order or reversed. */
START_TEST(test_rank_shapes)
{
	enum { N = 5000 };
	queue_customer *c = malloc(N * sizeof *c);
	char (*uids)[24] = malloc(N * sizeof *uids);
	queue_entry *out = malloc(N * sizeof *out);
	queue_weights w = queue_weights_default();
	size_t bad = 0;
	date_day today = TODAY;

	ck_assert(c && uids && out);
	for (int shape = 0; shape < 4; shape++) {
		for (size_t i = 0; i < N; i++) {
			size_t k = shape == 1 ? N - 1 - i : shape == 2 ? i % 7 : i;
			snprintf(uids[i], sizeof uids[i], "c%06zu", shape == 3 ? (size_t)0 : k);
			c[i] = cust(uids[i], shape == 0 ? (tier)(i * TIER_COUNT / N) : TIER_B);
		}
		ck_assert_uint_eq(queue_rank(c, N, today, &w, N, out, NULL), N);
		for (size_t i = 1; i < N; i++)
			if (!ranks_before(c, &out[i - 1], &out[i]))
				bad++;
		ck_assert_msg(bad == 0, "shape %d", shape);
	}
	free(c);
	free(uids);
	free(out);
}
END_TEST

/* Extreme inputs: no overflow (UBSan watches), sane words. */
START_TEST(test_extremes)
{
	queue_weights w = queue_weights_default();
	queue_customer c = cust("u", TIER_S);
	char r[QUEUE_REASONS_BUFSZ];

	for (int i = 0; i < QUEUE_TERM_COUNT; i++)
		w.weight[i] = QUEUE_WEIGHT_MAX;
	c.next_call = INT_MIN + 1;
	c.last_contact = QUEUE_NO_DAY;
	c.due = INT64_MAX;
	c.broken = INT64_MAX;
	c.broken_since = INT_MIN + 1;
	c.target = INT64_MAX;
	c.achieved = INT64_MIN;
	c.orders = INT_MAX;
	c.order_gap = INT_MAX;
	c.last_order = INT_MIN + 1;
	c.priority = QUEUE_PRIO_KEY;
	c.attempts = INT_MAX;
	queue_count_call(&c, QUEUE_BUSY);	/* saturates */
	ck_assert_int_eq(c.attempts, INT_MAX);
	int s = score(&c, &w, r);
	/* followup, money, broken, cadence, target, priority, tier at full weight;
	 * no reorder (a gap of INT_MAX days is never past); ten attempts. */
	ck_assert_int_eq(s, 100000 * 7 - 100000 * QUEUE_ATTEMPTS_CAP);
	ck_assert_uint_lt(strlen(r), QUEUE_REASONS_BUFSZ - 1);
	ck_assert_ptr_nonnull(strstr(r, "follow-up overdue 999999d"));

	/* Weights out of range in a hand-built struct are clamped. */
	w.weight[QUEUE_T_TIER] = -5;
	w.cadence[TIER_S] = 0;
	c = cust("u", TIER_S);
	c.last_contact = TODAY - 2;
	ck_assert_int_eq(score(&c, &w, r), 100000);	/* cadence taken as 1 day: full */
	ck_assert_str_eq(r, "2d since contact (S: 1d)");
}
END_TEST

Suite *suite_queue(void)
{
	Suite *s = suite_create("queue");
	TCase *tc = tcase_create("core");
	TCase *prop = tcase_create("property");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_other_rep_out);
	tcase_add_test(tc, test_reasons_fit);
	tcase_add_test(tc, test_never_reached);
	tcase_add_test(tc, test_visit_reaches);
	tcase_add_test(tc, test_names_and_parsers);
	tcase_add_test(tc, test_term_tier);
	tcase_add_test(tc, test_term_followup);
	tcase_add_test(tc, test_term_next_step);
	tcase_add_test(tc, test_term_money);
	tcase_add_test(tc, test_term_broken);
	tcase_add_test(tc, test_term_cadence_edges);
	tcase_add_test(tc, test_term_reorder);
	tcase_add_test(tc, test_order_history_any_length);
	tcase_add_test(tc, test_term_target);
	tcase_add_test(tc, test_term_priority);
	tcase_add_test(tc, test_term_attempts);
	tcase_add_test(tc, test_callbacks);
	tcase_add_test(tc, test_exclusions);
	tcase_add_test(tc, test_sum_and_reasons);
	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_words_translated);
	tcase_add_test(tc, test_weights_parse);
	tcase_add_test(tc, test_cadence_parse);
	tcase_add_test(tc, test_rank_ties_and_limit);
	tcase_add_test(tc, test_extremes);
	suite_add_tcase(s, tc);

	/* 100,000 customers several times over: generous under the sanitizers. */
	tcase_set_timeout(prop, 120);
	tcase_add_test(prop, test_rank_property);
	tcase_add_test(prop, test_rank_shapes);
	suite_add_tcase(s, prop);
	return s;
}
