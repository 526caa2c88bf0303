/* ledger: contacts, allocation of payments (partial, named, unknown,
 * credit, refunds, ties), what is due and broken, and the summary blobs
 * (exact bytes, round trip, cut short). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/date.h"
#include "repdesk/ledger.h"
#include "repdesk/valid.h"
#include "suites.h"

#define NO LEDGER_NO_DAY

static ledger_order od(const char *uid, int date, int due, int64_t amount)
{
	ledger_order o = { .date = date, .due = due, .amount = amount, .volume = LEDGER_NO_VOLUME };
	strcpy(o.uid, uid);
	return o;
}

static ledger_payment pay(const char *order_uid, int date, int64_t amount)
{
	ledger_payment p = { .date = date, .amount = amount };
	strcpy(p.order_uid, order_uid);
	return p;
}

START_TEST(test_ledger_effective)
{
	ck_assert(ledger_outcome_effective("effective"));
	ck_assert(ledger_outcome_effective("callback"));
	ck_assert(ledger_outcome_effective("order"));
	ck_assert(ledger_outcome_effective("after-sales"));
	ck_assert(!ledger_outcome_effective("no-answer"));
	ck_assert(!ledger_outcome_effective("busy"));
	ck_assert(!ledger_outcome_effective("refused"));
	ck_assert(ledger_outcome_effective(""));
	ck_assert(ledger_outcome_effective("no-answer', 'busy"));
	ck_assert(ledger_outcome_effective("no"));
	/* The SQL list says the same of every outcome there is. */
	for (size_t i = 0; valid_outcomes[i]; i++) {
		char quoted[64];
		snprintf(quoted, sizeof quoted, "'%s'", valid_outcomes[i]);
		ck_assert_msg(ledger_outcome_effective(valid_outcomes[i]) ==
		              !strstr(LEDGER_SQL_NOT_EFFECTIVE, quoted), "%s", valid_outcomes[i]);
		ck_assert_msg(ledger_outcome_contact(valid_outcomes[i]) ==
		              !strstr(LEDGER_SQL_NOT_CONTACT, quoted), "%s", valid_outcomes[i]);
	}
}
END_TEST

START_TEST(test_ledger_contact)
{
	ck_assert(ledger_is_contact(LEDGER_CALL, "effective"));
	ck_assert(!ledger_is_contact(LEDGER_CALL, "busy"));
	ck_assert(!ledger_is_contact(LEDGER_CALL, "no-answer"));
	/* A refusal reached the customer: a contact, though no effective call. */
	ck_assert(ledger_is_contact(LEDGER_CALL, "refused"));
	ck_assert(!ledger_outcome_effective("refused"));
	ck_assert(ledger_outcome_contact("refused"));
	/* Orders and payments are contacts. */
	ck_assert(ledger_is_contact(LEDGER_ORDER, NULL));
	ck_assert(ledger_is_contact(LEDGER_PAYMENT, NULL));
	ck_assert(!ledger_is_contact(LEDGER_CALL, NULL));
	ck_assert(!ledger_is_contact(LEDGER_KIND_COUNT, "effective"));
	/* A visit is a contact whatever its outcome, or without one. */
	ck_assert(ledger_is_contact(LEDGER_VISIT, NULL));
	ck_assert(ledger_is_contact(LEDGER_VISIT, ""));
	ck_assert(ledger_is_contact(LEDGER_VISIT, "no-answer"));
	/* The registry's contact kinds are the ledger's. */
	for (int k = 0; k < RECORD_KIND_COUNT; k++)
		ck_assert_msg(record_kinds[k].contact == (k != RECORD_NOTES), "%s", record_kinds[k].table);

	int last = NO;
	ledger_contact_take(&last, NO);
	ck_assert_int_eq(last, NO);
	ledger_contact_take(&last, 100);
	ck_assert_int_eq(last, 100);
	ledger_contact_take(&last, 90);
	ck_assert_int_eq(last, 100);
	ledger_contact_take(&last, NO);
	ck_assert_int_eq(last, 100);
	ledger_contact_take(&last, 101);
	ck_assert_int_eq(last, 101);
	last = NO;
	ledger_contact_take(&last, -5);       /* before 1970 is still a day */
	ck_assert_int_eq(last, -5);
}
END_TEST

START_TEST(test_ledger_open)
{
	ledger_order o = od("a", 1, NO, 100);
	ck_assert_int_eq(ledger_open(&o), 100);
	o.paid = 40;
	ck_assert_int_eq(ledger_open(&o), 60);
	o.paid = 130;                         /* a credit is not owed */
	ck_assert_int_eq(ledger_open(&o), 0);
}
END_TEST

START_TEST(test_ledger_allocate_oldest_first)
{
	ledger_order v[3] = { od("a", 1, NO, 100), od("b", 2, NO, 50), od("c", 3, NO, 70) };
	uint32_t first = 0;

	ledger_allocate(v, 3, &first, "", 30);   /* partial */
	ck_assert_int_eq(v[0].paid, 30);
	ck_assert_int_eq(first, 0);
	ledger_allocate(v, 3, &first, "", 100);  /* the rest of a, then into b */
	ck_assert_int_eq(v[0].paid, 100);
	ck_assert_int_eq(v[1].paid, 30);
	ck_assert_int_eq(v[2].paid, 0);
	ck_assert_int_eq(first, 1);
	ledger_allocate(v, 3, &first, "", 20);
	ck_assert_int_eq(v[1].paid, 50);
	ck_assert_int_eq(first, 2);
}
END_TEST

START_TEST(test_ledger_allocate_named)
{
	ledger_order v[3] = { od("a", 1, NO, 100), od("b", 2, NO, 50), od("c", 3, NO, 70) };
	uint32_t first = 0;

	/* The named order first, what is left to the oldest. */
	ledger_allocate(v, 3, &first, "c", 90);
	ck_assert_int_eq(v[2].paid, 70);
	ck_assert_int_eq(v[0].paid, 20);
	ck_assert_int_eq(v[1].paid, 0);
	/* An order named that is not the customer's: oldest first. */
	ledger_allocate(v, 3, &first, "zz", 100);
	ck_assert_int_eq(v[0].paid, 100);
	ck_assert_int_eq(v[1].paid, 20);
	/* Naming an order already paid: on to the oldest open. */
	ledger_allocate(v, 3, &first, "a", 10);
	ck_assert_int_eq(v[0].paid, 100);
	ck_assert_int_eq(v[1].paid, 30);
}
END_TEST

START_TEST(test_ledger_allocate_credit)
{
	ledger_order v[2] = { od("a", 1, NO, 100), od("b", 2, NO, 50) };
	uint32_t first = 0;

	ledger_allocate(v, 2, &first, "", 180);  /* 30 beyond every order */
	ck_assert_int_eq(v[0].paid, 100);
	ck_assert_int_eq(v[1].paid, 80);         /* the credit, on the newest */
	ck_assert_int_eq(ledger_open(&v[1]), 0);
	ck_assert_int_eq(first, 2);

	/* No orders at all: nothing to pay, nothing kept. */
	ledger_allocate(v, 0, &first, "", 10);
	ck_assert_int_eq(v[0].paid, 100);
}
END_TEST

START_TEST(test_ledger_allocate_refund)
{
	ledger_order v[3] = { od("a", 1, NO, 100), od("b", 2, NO, 50), od("c", 3, NO, 70) };
	uint32_t first = 0;

	ledger_allocate(v, 3, &first, "", 170);
	ck_assert_int_eq(first, 2);
	/* A refund takes back from the newest paid first, naming no order
	 * even when one is named. */
	ledger_allocate(v, 3, &first, "a", -40);
	ck_assert_int_eq(v[2].paid, 0);
	ck_assert_int_eq(v[1].paid, 30);
	ck_assert_int_eq(v[0].paid, 100);
	ck_assert_int_eq(first, 1);
	/* The next payment fills the oldest open again. */
	ledger_allocate(v, 3, &first, "", 25);
	ck_assert_int_eq(v[1].paid, 50);
	ck_assert_int_eq(v[2].paid, 5);
	ck_assert_int_eq(first, 2);
	/* More refunded than was paid: everything back, the rest lost. */
	ledger_allocate(v, 3, &first, "", -1000);
	ck_assert_int_eq(v[0].paid, 0);
	ck_assert_int_eq(v[1].paid, 0);
	ck_assert_int_eq(v[2].paid, 0);
	ck_assert_int_eq(first, 0);
}
END_TEST

START_TEST(test_ledger_allocate_ties)
{
	/* Orders of one day stay in the order given (by id). */
	ledger_order v[2] = { od("x", 5, NO, 10), od("y", 5, NO, 10) };
	uint32_t first = 0;

	ledger_allocate(v, 2, &first, "", 15);
	ck_assert_int_eq(v[0].paid, 10);
	ck_assert_int_eq(v[1].paid, 5);
}
END_TEST

START_TEST(test_ledger_apply)
{
	int day = 100;
	ledger_order v[3] = { od("a", 90, 95, 100), od("b", 95, 100, 50), od("c", 100, 99, 70) };
	ledger_payment p[3] = { pay("", 92, 30), pay("", 100, 80), pay("", 101, 500) };

	/* At the start of the day a has 70 open and b 50, both due; c is
	 * the day's own order and counts for nothing yet. The day's payment
	 * is allocated after that. */
	ck_assert_int_eq(ledger_apply(v, 3, p, 2, day), 120);
	ck_assert_int_eq(v[0].paid, 100);
	ck_assert_int_eq(v[1].paid, 10);
	ck_assert_int_eq(v[2].paid, 0);

	ledger_order w[2] = { od("a", 90, NO, 100), od("b", 95, 101, 50) };
	ck_assert_int_eq(ledger_apply(w, 2, p, 3, day), 0);  /* nothing promised by the day */
	ck_assert_int_eq(w[0].paid, 100);
	ck_assert_int_eq(w[1].paid, 510);

	/* No payments, no orders. */
	ck_assert_int_eq(ledger_apply(NULL, 0, NULL, 0, day), 0);
}
END_TEST

START_TEST(test_ledger_due)
{
	int day = 100;

	ck_assert_uint_eq(ledger_due_state(NO, day), 0);
	ck_assert_uint_eq(ledger_due_state(day, day), LEDGER_DUE);
	ck_assert_uint_eq(ledger_due_state(day - 1, day), LEDGER_DUE | LEDGER_BROKEN);
	ck_assert_uint_eq(ledger_due_state(day - 400, day), LEDGER_DUE | LEDGER_BROKEN);
	ck_assert_uint_eq(ledger_due_state(day + 1, day), LEDGER_DUE_NEXT);
	ck_assert_uint_eq(ledger_due_state(day + 2, day), 0);

	ck_assert(ledger_due_at_start(day - 1, day, day));
	ck_assert(ledger_due_at_start(day - 1, day - 5, day));
	ck_assert(!ledger_due_at_start(day, day, day));     /* the day's own order */
	ck_assert(!ledger_due_at_start(day - 1, day + 1, day));
	ck_assert(!ledger_due_at_start(day - 1, NO, day));
}
END_TEST

/* Little-endian integers, as the blob holds them. */
static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

START_TEST(test_ledger_summary_bytes)
{
	ledger_summary s = { 0 };
	date_day d1 = date_from_ymd(2026, 11, 30), d2 = date_from_ymd(2026, 12, 3);
	ledger_order v[3] = { od("o1", d1, d1 + 5, 1000), od("o2", d2, NO, 500), od("o3", d2, d2 + 1, 200) };
	ledger_payment p[2] = { pay("", d1 + 1, 300), pay("o3", d2 + 2, 200) };

	ck_assert(ledger_summary_make(&s, d2, v, 3, p, 2));
	/* Months: November 1000, December 700. */
	ck_assert_uint_eq(s.months.n, 2 * LEDGER_MONTH_BYTES);
	ck_assert_uint_eq(u32(s.months.p), 202611);
	ck_assert_int_eq((int64_t)ledger_get64(s.months.p + 4), 1000);
	ck_assert_int_eq((int64_t)ledger_get64(s.months.p + 12), LEDGER_NO_VOLUME);
	ck_assert_uint_eq(u32(s.months.p + 20), 202612);
	ck_assert_int_eq((int64_t)ledger_get64(s.months.p + 24), 700);
	ck_assert_int_eq((int64_t)ledger_get64(s.months.p + 32), LEDGER_NO_VOLUME);

	/* Today: the head, 2 order days, then what was due on the morning of
	 * the last payment (o1's 700 and o3's 200: both older and promised;
	 * o2 promised nothing). */
	const unsigned char *b = s.today.p;
	ck_assert_uint_eq(u32(b), (uint32_t)d2);
	ck_assert_uint_eq(u32(b + 4), 202612);
	ck_assert_int_eq((int64_t)ledger_get64(b + 8), 700);
	ck_assert_uint_eq(u32(b + 16), (uint32_t)(d2 + 2));
	ck_assert_uint_eq(u32(b + 20), 2);
	ck_assert_uint_eq(u32(b + 24), (uint32_t)d1);
	ck_assert_uint_eq(u32(b + 28), (uint32_t)d2);
	ck_assert_uint_eq(u32(b + 32), 2);
	ck_assert_uint_eq(u32(b + 36), (uint32_t)(d1 + 5));
	ck_assert_int_eq((int64_t)ledger_get64(b + 40), 700);
	ck_assert_uint_eq(u32(b + 48), (uint32_t)(d2 + 1));
	ck_assert_int_eq((int64_t)ledger_get64(b + 52), 200);
	/* Open orders: o1 (700 open) and o2 (500); o3 was paid by name. */
	b += 60;
	ck_assert_uint_eq(u32(b), (uint32_t)d1);
	ck_assert_uint_eq(u32(b + 4), (uint32_t)(d1 + 5));
	ck_assert_int_eq((int64_t)ledger_get64(b + 8), 1000);
	ck_assert_int_eq((int64_t)ledger_get64(b + 16), 300);
	ck_assert_uint_eq(b[24], 2);
	ck_assert(memcmp(b + 25, "o1", 2) == 0);
	b += 27;
	ck_assert_uint_eq(u32(b), (uint32_t)d2);
	ck_assert_uint_eq(u32(b + 4), (uint32_t)NO);
	ck_assert_int_eq((int64_t)ledger_get64(b + 16), 0);
	ck_assert(memcmp(b + 25, "o2", 2) == 0);
	b += 27;
	ck_assert_uint_eq((size_t)(b - s.today.p), s.today.n);
	ledger_summary_free(&s);
}
END_TEST

/* Each month's volume is the sum of the volumes its orders gave; a month
 * none of whose orders gave one says so, and one that gave 0 says 0. */
START_TEST(test_ledger_summary_volume)
{
	ledger_summary s = { 0 };
	date_day oct = date_from_ymd(2026, 10, 5), nov = date_from_ymd(2026, 11, 2);
	date_day dec = date_from_ymd(2026, 12, 1);
	ledger_order v[5] = { od("o1", oct, NO, 3000), od("o2", nov, NO, 1000), od("o3", nov + 3, NO, 500),
	                      od("o4", nov + 9, NO, 200), od("o5", dec, NO, 100) };
	v[1].volume = 120;
	v[2].volume = 30;            /* o4 gave none: November is 150 */
	v[4].volume = 0;

	ck_assert(ledger_summary_make(&s, NO, v, 5, NULL, 0));
	ck_assert_uint_eq(s.months.n, 3 * LEDGER_MONTH_BYTES);
	const unsigned char *m = s.months.p;
	ck_assert_int_eq(ledger_month_at(m), 202610);
	ck_assert_int_eq(ledger_month_total(m), 3000);
	ck_assert_int_eq(ledger_month_volume(m), LEDGER_NO_VOLUME);
	m += LEDGER_MONTH_BYTES;
	ck_assert_int_eq(ledger_month_at(m), 202611);
	ck_assert_int_eq(ledger_month_total(m), 1700);
	ck_assert_int_eq(ledger_month_volume(m), 150);
	m += LEDGER_MONTH_BYTES;
	ck_assert_int_eq(ledger_month_at(m), 202612);
	ck_assert_int_eq(ledger_month_volume(m), 0);

	int64_t total = -1, volume = -1;
	ck_assert(ledger_months_find(s.months.p, s.months.n, 202611, &total, &volume));
	ck_assert_int_eq(total, 1700);
	ck_assert_int_eq(volume, 150);
	ck_assert(ledger_months_find(s.months.p, s.months.n, 202610, NULL, &volume));
	ck_assert_int_eq(volume, LEDGER_NO_VOLUME);
	total = volume = 7;
	ck_assert(!ledger_months_find(s.months.p, s.months.n, 202609, &total, &volume));
	ck_assert_int_eq(total, 7);
	ck_assert_int_eq(volume, 7);
	/* A blob cut short is read as far as it is whole. */
	ck_assert(!ledger_months_find(s.months.p, 2 * LEDGER_MONTH_BYTES - 1, 202611, &total, NULL));
	ck_assert(!ledger_months_find(NULL, 0, 202611, &total, NULL));
	ledger_summary_free(&s);
}
END_TEST

START_TEST(test_ledger_summary_round_trip)
{
	ledger_summary s = { 0 };
	date_day d1 = date_from_ymd(2026, 11, 30), d2 = date_from_ymd(2026, 12, 3);
	ledger_order v[3] = { od("o1", d1, d1 + 5, 1000), od("o2", d2, NO, 500), od("o3", d2, d2 + 1, 200) };
	ledger_payment p[2] = { pay("", d1 + 1, 300), pay("o3", d2 + 2, 200) };
	ledger_summary_view w;
	ledger_order o;

	ck_assert(ledger_summary_make(&s, NO, v, 3, p, 2));
	ck_assert(ledger_summary_read(&w, s.today.p, s.today.n));
	ck_assert_int_eq(w.last_contact, NO);
	ck_assert_int_eq(w.month, 202612);
	ck_assert_int_eq(w.month_total, 700);
	ck_assert_int_eq(w.paid_on, d2 + 2);
	ck_assert(w.days_whole && w.before_whole);
	ck_assert_uint_eq(w.ndays, 2);
	ck_assert_int_eq(ledger_summary_day(&w, 0), d1);
	ck_assert_int_eq(ledger_summary_day(&w, 1), d2);
	ck_assert_uint_eq(w.nbefore, 2);

	const unsigned char *at = w.open;
	ck_assert(ledger_summary_next(&w, &at, &o));
	ck_assert_str_eq(o.uid, "o1");
	ck_assert_int_eq(o.date, d1);
	ck_assert_int_eq(o.due, d1 + 5);
	ck_assert_int_eq(o.amount, 1000);
	ck_assert_int_eq(o.paid, 300);
	ck_assert(ledger_summary_next(&w, &at, &o));
	ck_assert_str_eq(o.uid, "o2");
	ck_assert_int_eq(o.due, NO);
	ck_assert(!ledger_summary_next(&w, &at, &o));

	/* Paid on the day: what was due before those payments (o1 and o3). */
	ck_assert_int_eq(ledger_summary_due_start(&w, d2 + 2), 900);
	/* Another day: the open orders from before it, promised by it. */
	ck_assert_int_eq(ledger_summary_due_start(&w, d2 + 10), 700);
	ck_assert_int_eq(ledger_summary_due_start(&w, d1 + 4), 0);
	/* Its parts: the morning's list on a day of payments, the open
	 * orders' shares on any other. */
	ck_assert_int_eq(ledger_summary_due_before(&w, d2 + 2), 900);
	ck_assert_int_eq(ledger_summary_due_before(&w, d2 + 10), 0);
	at = w.open;
	ck_assert(ledger_summary_next(&w, &at, &o));
	ck_assert_int_eq(ledger_summary_due_of(&w, &o, d2 + 10), 700);
	ck_assert_int_eq(ledger_summary_due_of(&w, &o, d2 + 2), 0);
	ck_assert_int_eq(ledger_summary_due_of(&w, &o, d1 + 4), 0);
	ledger_summary_free(&s);
}
END_TEST

START_TEST(test_ledger_summary_uid_cut)
{
	ledger_summary s = { 0 };
	char longer[UID_BUFSZ + 8];
	memset(longer, 'u', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	ledger_order v[1] = { od("", 10, NO, 5) };
	memcpy(v[0].uid, longer, UID_LEN);
	v[0].uid[UID_LEN] = '\0';
	ledger_summary_view w;
	ledger_order o;

	ck_assert(ledger_summary_make(&s, 3, v, 1, NULL, 0));
	ck_assert(ledger_summary_read(&w, s.today.p, s.today.n));
	ck_assert_int_eq(w.paid_on, NO);
	ck_assert_int_eq(w.last_contact, 3);
	const unsigned char *at = w.open;
	ck_assert(ledger_summary_next(&w, &at, &o));
	ck_assert_uint_eq(strlen(o.uid), UID_LEN);
	ledger_summary_free(&s);
}
END_TEST

START_TEST(test_ledger_summary_short)
{
	ledger_summary s = { 0 };
	ledger_order v[2] = { od("a", 10, 12, 100), od("b", 11, NO, 50) };
	ledger_payment p[1] = { pay("", 20, 10) };
	ledger_summary_view w;
	ledger_order o;

	ck_assert(ledger_summary_make(&s, 9, v, 2, p, 1));
	ck_assert(!ledger_summary_read(&w, NULL, 0));
	ck_assert(!ledger_summary_read(&w, s.today.p, LEDGER_TODAY_HEAD - 1));
	/* The head alone: no days, nothing after. */
	ck_assert(ledger_summary_read(&w, s.today.p, LEDGER_TODAY_HEAD));
	ck_assert_int_eq(w.last_contact, 9);
	ck_assert(!w.days_whole && !w.before_whole);
	ck_assert_int_eq(ledger_summary_due_start(&w, 20), 0);
	ck_assert(!ledger_summary_next(&w, &w.open, &o));
	/* The days, not the count after them. */
	ck_assert(ledger_summary_read(&w, s.today.p, LEDGER_TODAY_HEAD + 8 + 3));
	ck_assert(w.days_whole && !w.before_whole);
	ck_assert_uint_eq(w.ndays, 2);
	/* The due-before list cut short. */
	ck_assert(ledger_summary_read(&w, s.today.p, LEDGER_TODAY_HEAD + 8 + 4 + 11));
	ck_assert(w.days_whole && !w.before_whole);
	/* An open order cut short: the ones before it only. */
	ck_assert(ledger_summary_read(&w, s.today.p, s.today.n - 1));
	ck_assert(w.before_whole);
	const unsigned char *at = w.open;
	ck_assert(ledger_summary_next(&w, &at, &o));
	ck_assert_str_eq(o.uid, "a");
	ck_assert(!ledger_summary_next(&w, &at, &o));
	ledger_summary_free(&s);
}
END_TEST

START_TEST(test_ledger_summary_rows)
{
	ledger_summary s = { 0 };

	ck_assert(!ledger_summary_has_today(NO, 0));
	ck_assert(ledger_summary_has_today(5, 0));
	ck_assert(ledger_summary_has_today(NO, 1));
	/* A contact and no orders: a head, no days, no months. */
	ck_assert(ledger_summary_make(&s, 5, NULL, 0, NULL, 0));
	ck_assert_uint_eq(s.today.n, LEDGER_TODAY_HEAD + 4);
	ck_assert_uint_eq(s.months.n, 0);
	ck_assert_uint_eq(u32(s.today.p + 4), 0);
	ck_assert_uint_eq(u32(s.today.p + 16), (uint32_t)NO);
	/* The buffers are reused: a second customer leaves nothing of the first. */
	ledger_order v[1] = { od("a", 10, NO, 100) };
	ck_assert(ledger_summary_make(&s, NO, v, 1, NULL, 0));
	ck_assert(ledger_summary_make(&s, 5, NULL, 0, NULL, 0));
	ck_assert_uint_eq(s.today.n, LEDGER_TODAY_HEAD + 4);
	ck_assert_uint_eq(s.months.n, 0);
	ledger_summary_free(&s);
}
END_TEST

START_TEST(test_ledger_summary_refund)
{
	/* A refund after full payment reopens the newest order. */
	ledger_summary s = { 0 };
	ledger_order v[2] = { od("a", 10, 15, 100), od("b", 11, NO, 50) };
	ledger_payment p[2] = { pay("", 12, 150), pay("", 14, -30) };
	ledger_summary_view w;
	ledger_order o;

	ck_assert(ledger_summary_make(&s, NO, v, 2, p, 2));
	ck_assert(ledger_summary_read(&w, s.today.p, s.today.n));
	ck_assert_uint_eq(w.nbefore, 0);      /* nothing open that morning */
	const unsigned char *at = w.open;
	ck_assert(ledger_summary_next(&w, &at, &o));
	ck_assert_str_eq(o.uid, "b");
	ck_assert_int_eq(o.paid, 20);
	ck_assert(!ledger_summary_next(&w, &at, &o));
	ledger_summary_free(&s);
}
END_TEST

START_TEST(test_ledger_history)
{
	ledger_history h = { 0 };
	ledger_summary s = { 0 };

	ledger_history_start(&h);
	ck_assert_int_eq(h.last_contact, NO);
	/* Rows come in id order; kept in date order, ties in id order. */
	ledger_order a = od("a", 20, NO, 10), b = od("b", 10, NO, 10), c = od("c", 20, NO, 10),
	             x = od("x", NO, NO, 99);
	ck_assert(ledger_history_order(&h, &a));
	ck_assert(ledger_history_order(&h, &b));
	ck_assert(ledger_history_order(&h, &x));       /* no day: passed by */
	ck_assert(ledger_history_order(&h, &c));
	ck_assert_uint_eq(h.n, 3);
	ck_assert_str_eq(h.v[0].uid, "b");
	ck_assert_str_eq(h.v[1].uid, "a");
	ck_assert_str_eq(h.v[2].uid, "c");
	ck_assert_int_eq(h.last_contact, 20);          /* an order is a contact */
	ledger_payment p1 = pay("", 30, 5), p2 = pay("", 15, 7), p3 = pay("", 30, 1), p4 = pay("", NO, 50);
	ck_assert(ledger_history_payment(&h, &p1));
	ck_assert(ledger_history_payment(&h, &p2));
	ck_assert(ledger_history_payment(&h, &p3));
	ck_assert(ledger_history_payment(&h, &p4));
	ck_assert_uint_eq(h.np, 3);
	ck_assert_int_eq(h.p[0].amount, 7);
	ck_assert_int_eq(h.p[1].amount, 5);
	ck_assert_int_eq(h.p[2].amount, 1);
	ck_assert_int_eq(h.last_contact, 30);          /* and so is a payment */
	ledger_contact_take(&h.last_contact, 12);      /* an earlier call */
	ck_assert(ledger_summary_of(&s, &h));
	ck_assert_int_eq((int)ledger_get32(s.today.p), 30);
	ck_assert_int_eq(h.v[0].paid, 10);             /* b, the oldest */
	ck_assert_int_eq(h.v[1].paid, 3);
	/* The next customer starts empty. */
	ledger_history_start(&h);
	ck_assert_uint_eq(h.n + h.np, 0);
	ck_assert_int_eq(h.last_contact, NO);
	ledger_history_free(&h);
	ledger_summary_free(&s);
}
END_TEST

START_TEST(test_ledger_credit)
{
	/* ¥15,000 paid on an order of ¥10,000: ¥5,000 credit, not lost. */
	ck_assert_int_eq(ledger_credit(1000000, 1500000), 500000);
	ck_assert_int_eq(ledger_credit(1000000, 1000000), 0);
	ck_assert_int_eq(ledger_credit(1000000, 400000), 0);
	ck_assert_int_eq(ledger_credit(0, 300000), 300000);     /* paid before any order */
	/* The allocation agrees: the overpayment sits on the newest order. */
	ledger_order v[2] = { { .amount = 600000 }, { .amount = 400000 } };
	uint32_t first = 0;
	ledger_allocate(v, 2, &first, "", 1500000);
	int64_t over = 0;
	for (int k = 0; k < 2; k++)
		over += v[k].paid > v[k].amount ? v[k].paid - v[k].amount : 0;
	ck_assert_int_eq(over, ledger_credit(1000000, 1500000));
}
END_TEST

/* The ageing buckets' edges: due on the day is not yet overdue; 30, 60
 * days late are the last of their buckets. */
START_TEST(test_ledger_ageing)
{
	int day = 1000;

	ck_assert_int_eq(ledger_ageing(LEDGER_NO_DAY, day), LEDGER_AGE_NO_DUE);
	ck_assert_int_eq(ledger_ageing(day + 5, day), LEDGER_AGE_NOT_DUE);
	ck_assert_int_eq(ledger_ageing(day, day), LEDGER_AGE_NOT_DUE);
	ck_assert_int_eq(ledger_ageing(day - 1, day), LEDGER_AGE_1_30);
	ck_assert_int_eq(ledger_ageing(day - 30, day), LEDGER_AGE_1_30);
	ck_assert_int_eq(ledger_ageing(day - 31, day), LEDGER_AGE_31_60);
	ck_assert_int_eq(ledger_ageing(day - 60, day), LEDGER_AGE_31_60);
	ck_assert_int_eq(ledger_ageing(day - 61, day), LEDGER_AGE_OVER_60);
	ck_assert_int_eq(ledger_ageing(-2000000000, 2000000000), LEDGER_AGE_OVER_60);
}
END_TEST

Suite *suite_ledger(void)
{
	Suite *s = suite_create("ledger");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ledger_effective);
	tcase_add_test(tc, test_ledger_contact);
	tcase_add_test(tc, test_ledger_open);
	tcase_add_test(tc, test_ledger_credit);
	tcase_add_test(tc, test_ledger_allocate_oldest_first);
	tcase_add_test(tc, test_ledger_allocate_named);
	tcase_add_test(tc, test_ledger_allocate_credit);
	tcase_add_test(tc, test_ledger_allocate_refund);
	tcase_add_test(tc, test_ledger_allocate_ties);
	tcase_add_test(tc, test_ledger_apply);
	tcase_add_test(tc, test_ledger_due);
	tcase_add_test(tc, test_ledger_summary_bytes);
	tcase_add_test(tc, test_ledger_summary_volume);
	tcase_add_test(tc, test_ledger_summary_round_trip);
	tcase_add_test(tc, test_ledger_summary_uid_cut);
	tcase_add_test(tc, test_ledger_summary_short);
	tcase_add_test(tc, test_ledger_summary_rows);
	tcase_add_test(tc, test_ledger_summary_refund);
	tcase_add_test(tc, test_ledger_history);
	tcase_add_test(tc, test_ledger_ageing);
	suite_add_tcase(s, tc);
	return s;
}
