/* The per-customer summaries (store/todayrows.c) against the history they sum
 * up: after every kind of write, a rolled-back one and a bulk load, the kept
 * summaries must be the rows a rebuild from history makes, today's figures
 * read through them must be those read from history alone, for every day,
 * and the planner's monthly totals the sums of the orders. A book of schema
 * version 5 gets its summaries when migrated.
 * White-box: this suite uses the store's internal header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/testing.h"
#include "repdesk/date.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/plan.h"
#include "repdesk/db/team.h"
#include "repdesk/db/today.h"
#include "repdesk/plan.h"
#include "suites.h"

#define NCUST 9

static db *open_book(const char *path)
{
	char err[512];
	db *d = NULL;

	ck_assert_msg(db_open(path, DB_OPEN_CREATE, &d, err, sizeof err) == DB_OK, "open: %s", err);
	return d;
}

/* NAME in a new temporary directory. */
static char *book_named(const char *name)
{
	char *dir = test_tmpdir();
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	ck_assert_ptr_nonnull(p);
	snprintf(p, n, "%s/%s", dir, name);
	free(dir);
	return p;
}

static char *book_path(void)
{
	return book_named("book.db");
}

/* A small deterministic generator (xorshift64). */
static uint64_t rnd_state;
static unsigned rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % n);
}

static void day_text(date_day day, char out[11])
{
	char buf[DATE_BUFSZ];
	memcpy(out, date_format(day, buf), 11);
}

/* Every summary row, as text. Caller frees. */
static char *dump(db *d)
{
	static const char *const sql[] = {
		"SELECT customer_id, 'today', hex(data), '' FROM customer_today ORDER BY customer_id",
		"SELECT customer_id, 'months', hex(months), '' FROM customer_months ORDER BY customer_id",
	};
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);

	ck_assert_ptr_nonnull(out);
	out[0] = '\0';
	for (size_t k = 0; k < 2; k++) {
		sqlite3_stmt *s;
		ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), sql[k], -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int c = 0; c < 4; c++) {
				const char *v = (const char *)sqlite3_column_text(s, c);
				size_t n = strlen(v ? v : "") + 2;
				while (len + n + 1 > cap) {
					cap *= 2;
					out = realloc(out, cap);
					ck_assert_ptr_nonnull(out);
				}
				len += (size_t)snprintf(out + len, cap - len, "%s%c", v ? v : "", c == 3 ? '\n' : ' ');
			}
		}
		sqlite3_finalize(s);
		len += (size_t)snprintf(out + len, cap - len, "--\n");
	}
	return out;
}

/* The summaries as kept must be the rows a rebuild from history makes. */
static void summaries_exact(db *d, const char *when)
{
	char *kept = dump(d);

	ck_assert_int_eq(sqlite3_exec(db_test_handle(d), "BEGIN IMMEDIATE; DELETE FROM customer_today; "
	                              "DELETE FROM customer_months", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(store_stats_rebuild(d), DB_OK);
	char *fresh = dump(d);
	ck_assert_int_eq(sqlite3_exec(db_test_handle(d), "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	size_t at = 0;
	while (kept[at] && kept[at] == fresh[at])
		at++;
	while (at > 0 && kept[at - 1] != '\n')
		at--;
	ck_assert_msg(strcmp(kept, fresh) == 0, "summaries drifted %s:\nkept:          %.160s\n"
	              "from history:  %.160s", when, kept + at, fresh + at);
	free(kept);
	free(fresh);
}

static int day_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

/* Row I's order days, sorted, one of each, into OUT; returns how many. */
static size_t order_days(const db_today *t, size_t i, int *out)
{
	const db_today_row *r = &t->rows[i];
	size_t m = 0;

	if (!r->ndays)
		return 0;
	memcpy(out, t->order_days + r->days_off, r->ndays * sizeof *out);
	qsort(out, r->ndays, sizeof *out, day_cmp);
	for (size_t k = 0; k < r->ndays; k++)
		if (m == 0 || out[k] != out[m - 1])
			out[m++] = out[k];
	return m;
}

/* Today's figures through the summaries and from history alone agree. */
static void today_exact(db *d, date_day day)
{
	db_today a, b;
	char what[DATE_BUFSZ];
	static int da[4096], db_[4096];

	date_format(day, what);
	ck_assert_int_eq(db_today_load(d, day, &a), DB_OK);
	db_test_set_today_from_history(d, true);
	ck_assert_int_eq(db_today_load(d, day, &b), DB_OK);
	db_test_set_today_from_history(d, false);

	ck_assert_msg(a.n == b.n, "%s: rows", what);
	for (size_t i = 0; i < a.n; i++) {
		const db_today_row *x = &a.rows[i], *y = &b.rows[i];
		ck_assert_str_eq(x->uid, y->uid);
		ck_assert_str_eq(x->name, y->name);
		ck_assert_str_eq(x->status, y->status);
		ck_assert_str_eq(x->priority, y->priority);
		ck_assert_int_eq(x->tier, y->tier);
		ck_assert_int_eq(x->next_call, y->next_call);
		ck_assert_msg(x->last_contact == y->last_contact, "%s %s: last contact %d, history %d",
		              what, x->uid, x->last_contact, y->last_contact);
		ck_assert_int_eq(x->ncalls, y->ncalls);
		for (uint32_t k = 0; k < x->ncalls; k++)
			ck_assert_str_eq(a.outcomes[x->calls_off + k], b.outcomes[y->calls_off + k]);
		ck_assert_uint_eq(x->nvisits, y->nvisits);
		size_t na = order_days(&a, i, da), nb = order_days(&b, i, db_);
		ck_assert_msg(na == nb && memcmp(da, db_, na * sizeof *da) == 0, "%s %s: order days",
		              what, x->uid);
		ck_assert_msg(x->month_orders == y->month_orders, "%s %s: month's orders", what, x->uid);
		ck_assert_msg(x->open == y->open && x->due == y->due && x->broken == y->broken &&
		              x->broken_since == y->broken_since, "%s %s: open %lld/%lld due %lld/%lld "
		              "broken %lld/%lld", what, x->uid, (long long)x->open, (long long)y->open,
		              (long long)x->due, (long long)y->due, (long long)x->broken, (long long)y->broken);
	}
	/* Lookups in any order, with or without a hint, find the same rows. */
	size_t near = 0, back = 0, far = a.n + 5;
	for (size_t i = 0; i < a.n; i++) {
		const db_today_row *r = db_today_find(&a, a.rows[i].uid);
		ck_assert_ptr_eq(db_today_find_near(&a, a.rows[i].uid, &near), r);
		ck_assert_ptr_eq(db_today_find_near(&a, a.rows[a.n - 1 - i].uid, &back),
		                 db_today_find(&a, a.rows[a.n - 1 - i].uid));
		ck_assert_ptr_eq(db_today_find_near(&a, a.rows[i].uid, &far), r);
	}
	ck_assert_ptr_null(db_today_find_near(&a, "no-such-uid", &near));
	ck_assert_int_eq(a.dialed, b.dialed);
	ck_assert_int_eq(a.visits, b.visits);
	ck_assert_int_eq(a.orders_today, b.orders_today);
	ck_assert_int_eq(a.sales_today, b.sales_today);
	ck_assert_int_eq(a.month_before, b.month_before);
	ck_assert_int_eq(a.paid_today, b.paid_today);
	ck_assert_msg(a.due_start == b.due_start, "%s: due at the start %lld, history %lld", what,
	              (long long)a.due_start, (long long)b.due_start);
	ck_assert_int_eq(a.due_next, b.due_next);
	ck_assert_msg(a.nrecv == b.nrecv, "%s: receivables %zu, history %zu", what, a.nrecv, b.nrecv);
	for (size_t k = 0; k < a.nrecv; k++) {
		const db_receivable *x = &a.recv[k], *y = &b.recv[k];
		ck_assert_msg(x->row == y->row && strcmp(x->order_uid, y->order_uid) == 0 &&
		              x->date == y->date && x->amount == y->amount && x->paid == y->paid &&
		              x->due == y->due, "%s: receivable %zu differs", what, k);
	}
	/* Without the list of receivables, through the summaries or history:
	 * the same figures as that way with it, and no list. */
	for (int h = 0; h < 2; h++) {
		const db_today *ref = h ? &b : &a;
		db_today c;
		db_test_set_today_from_history(d, h);
		ck_assert_int_eq(db_today_load_flags(d, day, NULL, DB_TODAY_NO_RECEIVABLES, &c), DB_OK);
		db_test_set_today_from_history(d, false);
		ck_assert_uint_eq(c.n, ref->n);
		for (size_t i = 0; i < c.n; i++) {
			const db_today_row *x = &ref->rows[i], *y = &c.rows[i];
			ck_assert_str_eq(x->uid, y->uid);
			ck_assert_msg(x->last_contact == y->last_contact && x->month_orders == y->month_orders &&
			              x->open == y->open && x->due == y->due && x->broken == y->broken &&
			              x->broken_since == y->broken_since && x->ndays == y->ndays,
			              "%s %s: figures without the receivables", what, x->uid);
		}
		ck_assert_uint_eq(c.nrecv, 0);
		ck_assert_int_eq(c.due_start, ref->due_start);
		ck_assert_int_eq(c.due_next, ref->due_next);
		ck_assert_int_eq(c.paid_today, ref->paid_today);
		db_today_free(&c);
	}
	db_today_free(&a);
	db_today_free(&b);
}

static void row_same(const db_today *a, size_t i, const db_today *b, size_t k, const char *what)
{
	const db_today_row *x = &a->rows[i], *y = &b->rows[k];
	static int da[4096], db_[4096];

	ck_assert_str_eq(x->uid, y->uid);
	ck_assert_str_eq(x->name, y->name);
	ck_assert_int_eq(x->next_call, y->next_call);
	ck_assert_msg(x->last_contact == y->last_contact, "%s %s: last contact", what, x->uid);
	ck_assert_int_eq(x->ncalls, y->ncalls);
	for (uint32_t c = 0; c < x->ncalls; c++)
		ck_assert_str_eq(a->outcomes[x->calls_off + c], b->outcomes[y->calls_off + c]);
	size_t na = order_days(a, i, da), nb = order_days(b, k, db_);
	ck_assert_msg(na == nb && memcmp(da, db_, na * sizeof *da) == 0, "%s %s: order days", what, x->uid);
	ck_assert_msg(x->month_orders == y->month_orders && x->open == y->open && x->due == y->due &&
	              x->broken == y->broken && x->broken_since == y->broken_since,
	              "%s %s: money differs in a part", what, x->uid);
}

/* The book read in parts (slices of LIMIT customers, or chosen ids) gives
 * each customer the figures of the whole read, and the day's totals add up. */
static void parts_exact(db *d, date_day day)
{
	db_today all, part;
	char what[DATE_BUFSZ];
	static const size_t limits[] = { 1, 3, 7 };
	int64_t ids[NCUST + 1];
	size_t nids = 0;

	date_format(day, what);
	ck_assert_int_eq(db_today_load(d, day, &all), DB_OK);
	for (size_t l = 0; l < 3; l++) {
		db_today_part p = { .after_id = 0, .limit = limits[l] };
		size_t at = 0;
		int64_t due_start = 0, due_next = 0;
		size_t nrecv = 0;
		for (;;) {
			ck_assert_int_eq(db_today_load_part(d, day, &p, &part), DB_OK);
			if (!part.n) {
				db_today_free(&part);
				break;
			}
			ck_assert_uint_le(part.n, limits[l]);
			for (size_t i = 0; i < part.n; i++, at++) {
				ck_assert_uint_lt(at, all.n);
				row_same(&all, at, &part, i, what);
				if (l == 0 && nids < NCUST)
					ids[nids++] = part.last_id;
			}
			ck_assert_int_eq(part.dialed, all.dialed);
			ck_assert_int_eq(part.sales_today, all.sales_today);
			ck_assert_int_eq(part.month_before, all.month_before);
			ck_assert_int_eq(part.paid_today, all.paid_today);
			due_start += part.due_start;
			due_next += part.due_next;
			nrecv += part.nrecv;
			p.after_id = part.last_id;
			db_today_free(&part);
		}
		ck_assert_uint_eq(at, all.n);
		ck_assert_msg(due_start == all.due_start, "%s: due at the start by parts", what);
		ck_assert_int_eq(due_next, all.due_next);
		ck_assert_uint_eq(nrecv, all.nrecv);
	}
	/* Chosen customers: every third one. */
	int64_t some[NCUST];
	size_t nsome = 0;
	for (size_t i = 0; i < nids; i += 3)
		some[nsome++] = ids[i];
	db_today_part p = { .ids = some, .nids = nsome };
	ck_assert_int_eq(db_today_load_part(d, day, &p, &part), DB_OK);
	ck_assert_uint_eq(part.n, nsome);
	for (size_t i = 0; i < part.n; i++)
		row_same(&all, i * 3, &part, i, what);
	db_today_free(&part);
	db_today_free(&all);
}

static int split_calls;
static void count_split(db *d)
{
	(void)d;
	split_calls++;
}

/* The whole book read in two halves at once (a helper connection reading
 * the second) gives what one connection reads. */
static void split_exact(db *d, date_day day)
{
	db_today one, two;
	char what[DATE_BUFSZ];

	date_format(day, what);
	db_test_set_today_split_min(d, INT64_MAX);
	ck_assert_int_eq(db_today_load(d, day, &one), DB_OK);
	db_test_set_today_split_min(d, 1);
	db_test_set_today_split_hook(d, count_split);
	split_calls = 0;
	long splits = db_test_today_splits(d);
	ck_assert_int_eq(db_today_load(d, day, &two), DB_OK);
	ck_assert_int_eq(split_calls, 1);
	ck_assert_int_eq(db_test_today_splits(d), splits + 1);
	db_test_set_today_split_min(d, 0);
	db_test_set_today_split_hook(d, NULL);
	ck_assert_uint_eq(two.n, one.n);
	for (size_t i = 0; i < one.n; i++) {
		row_same(&one, i, &two, i, what);
		ck_assert_str_eq(one.rows[i].status, two.rows[i].status);
		ck_assert_str_eq(one.rows[i].priority, two.rows[i].priority);
		ck_assert_int_eq(one.rows[i].tier, two.rows[i].tier);
		ck_assert_ptr_eq(db_today_find(&two, one.rows[i].uid), &two.rows[i]);
	}
	ck_assert_int_eq(two.dialed, one.dialed);
	ck_assert_int_eq(two.due_start, one.due_start);
	ck_assert_int_eq(two.due_next, one.due_next);
	ck_assert_uint_eq(two.nrecv, one.nrecv);
	for (size_t k = 0; k < one.nrecv; k++)
		ck_assert(one.recv[k].row == two.recv[k].row &&
		          strcmp(one.recv[k].order_uid, two.recv[k].order_uid) == 0 &&
		          one.recv[k].paid == two.recv[k].paid);
	db_today_free(&one);
	db_today_free(&two);
}

/* An existing row of KIND (deleted ones included when ANY), or "". */
static void pick(db *d, db_activity_kind kind, bool any, char out[UID_BUFSZ])
{
	static const char *const table[] = { "calls", "orders", "payments", "notes", "visits" };
	char sql[160];
	sqlite3_stmt *s;

	out[0] = '\0';
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s %s", table[kind], any ? "" : "WHERE deleted = 0");
	ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), sql, -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	int n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (n == 0)
		return;
	snprintf(sql, sizeof sql, "SELECT uid FROM %s %s ORDER BY id LIMIT 1 OFFSET %u", table[kind],
	         any ? "" : "WHERE deleted = 0", rnd((unsigned)n));
	ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(out, UID_BUFSZ, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* What the planner should read for month Y-M, summed from the orders. */
typedef struct {
	char (*cust)[UID_BUFSZ];
	int y, m;
	int64_t totals[NCUST][3], achieved[NCUST], by_day[31];
	bool has[NCUST];
} plan_sums;

static bool sum_order(const db_activity *a, void *ctx)
{
	plan_sums *ps = ctx;
	date_day day;
	int y, m, dd, c = 0;

	ck_assert(date_parse(a->date, &day));
	date_to_ymd(day, &y, &m, &dd);
	while (c < NCUST && strcmp(ps->cust[c], a->customer_uid) != 0)
		c++;
	ck_assert_int_lt(c, NCUST);
	if (y == ps->y && m == ps->m) {
		ps->achieved[c] += a->amount;
		ps->by_day[dd - 1] += a->amount;
	}
	int slot = plan_baseline_slot(ps->y, ps->m, day);
	if (slot >= 0) {
		ps->totals[c][slot] += a->amount;
		ps->has[c] = true;
	}
	return true;
}

/* The planner's book for Y-M: what the orders sum to. */
static void plan_exact(db *d, char cust[NCUST][UID_BUFSZ], int y, int m)
{
	plan_sums ps = { .cust = cust, .y = y, .m = m };
	db_plan_book b;

	ck_assert_int_eq(db_activity_each(d, DB_ORDERS, NULL, sum_order, &ps), DB_OK);
	ck_assert_int_eq(db_plan_book_load(d, y, m, true, &b), DB_OK);
	ck_assert_int_eq(b.n, NCUST);
	for (int c = 0; c < NCUST; c++) {
		const db_plan_row *r = db_plan_book_find(&b, cust[c]);
		ck_assert_ptr_nonnull(r);
		ck_assert_msg(r->has_history == ps.has[c], "%04d-%02d %s: history", y, m, cust[c]);
		for (int k = 0; k < 3; k++)
			ck_assert_msg(r->totals[k] == ps.totals[c][k], "%04d-%02d %s: month %d", y, m, cust[c], k);
		ck_assert_msg(r->achieved == ps.achieved[c], "%04d-%02d %s: achieved", y, m, cust[c]);
	}
	for (int k = 0; k < 31; k++)
		ck_assert_msg(b.by_day[k] == ps.by_day[k], "%04d-%02d: day %d", y, m, k + 1);
	db_plan_book_free(&b);
}

static const char *const outcomes[] = {
	"effective", "no-answer", "busy", "callback", "refused", "order", "after-sales"
};

/* One random write: a call, an order or a payment, a change to one (another
 * customer, day or amount), a delete or an undelete. Days fall in
 * FIRST .. FIRST + 99. */
static void random_write(db *d, char cust[NCUST][UID_BUFSZ], date_day first)
{
	db_activity a;
	int r;
	unsigned op = rnd(20);
	db_activity_kind kind = (db_activity_kind)rnd(3);

	if (kind == DB_CALLS && rnd(3) == 0)    /* a visit: a contact whatever its outcome */
		kind = DB_VISITS;

	memset(&a, 0, sizeof a);
	snprintf(a.customer_uid, sizeof a.customer_uid, "%s", cust[rnd(NCUST)]);
	day_text(first + (date_day)rnd(100), a.date);
	a.text = "";
	if (op >= 16) {
		pick(d, kind, false, a.uid);
		if (a.uid[0])
			ck_assert_int_eq(db_activity_delete(d, kind, a.uid), DB_OK);
		return;
	}
	if (op >= 12)                 /* change an existing row, deleted or not */
		pick(d, kind, true, a.uid);
	if (kind == DB_CALLS || kind == DB_VISITS) {
		a.outcome = kind == DB_VISITS && rnd(2) ? "" : outcomes[rnd(7)];
		if (rnd(4) == 0)
			day_text(first + (date_day)rnd(100), a.next_call);
	} else if (kind == DB_ORDERS) {
		a.amount = (int64_t)(rnd(5) == 0 ? rnd(3) : 100 + rnd(500000));
		if (rnd(3))
			day_text(first + (date_day)rnd(120) - 10, a.due);
		if (a.due[0] && strcmp(a.due, a.date) < 0)    /* never promised before the order */
			memcpy(a.due, a.date, sizeof a.due);
	} else {
		/* Payments: part, whole, too much, refunds; some name an order. */
		unsigned how = rnd(10);
		a.amount = how == 0 ? -(int64_t)rnd(200000) : how == 1 ? 900000 : (int64_t)rnd(300000);
		if (rnd(3) == 0)
			pick(d, DB_ORDERS, false, a.order_uid);
	}
	ck_assert_msg(db_activity_upsert(d, kind, &a, &r) == DB_OK, "write: %s", db_error(d));
}

/* Customer 客户I (STATUS: NULL for active); UID (may be NULL) gets its uid. */
static void add_customer(db *d, int i, const char *status, char uid[UID_BUFSZ])
{
	char name[32];
	db_customer c;
	int r;

	memset(&c, 0, sizeof c);
	snprintf(name, sizeof name, "客户%05d", i);
	c.name = name;
	c.stores = c.rooms = c.monthly_amount = c.monthly_volume = c.payment_days = DB_NULL;
	c.tier_manual = c.tier_auto = TIER_NONE;
	c.status = status;
	ck_assert_int_eq(db_customer_upsert(d, &c, &r), DB_OK);
	if (uid)
		ck_assert_int_eq(db_customer_find(d, name, uid), DB_OK);
}

static void add_customers(db *d, char cust[NCUST][UID_BUFSZ])
{
	for (int i = 0; i < NCUST; i++)
		add_customer(d, i, i == NCUST - 1 ? "lost" : NULL, cust[i]);
}

START_TEST(test_summary_follows_every_write)
{
	char *p = book_path();
	db *d = open_book(p);
	char cust[NCUST][UID_BUFSZ];
	date_day first;

	ck_assert(date_parse("2026-09-01", &first));
	rnd_state = 0x9e3779b97f4a7c15ULL + (uint64_t)_i;
	add_customers(d, cust);
	for (int batch = 0; batch < 40; batch++) {
		unsigned how = rnd(5);
		char when[64];
		if (how == 0) {                 /* one write, its own transaction */
			random_write(d, cust, first);
		} else if (how == 1) {          /* a transaction rolled back */
			char *before = dump(d);
			ck_assert_int_eq(db_begin(d), DB_OK);
			for (int k = 0; k < 6; k++)
				random_write(d, cust, first);
			db_rollback(d);
			char *after = dump(d);
			ck_assert_str_eq(before, after);
			free(before);
			free(after);
		} else if (how == 2) {          /* a load */
			ck_assert_int_eq(db_begin(d), DB_OK);
			ck_assert_int_eq(db_bulk_begin(d, 0), DB_OK);
			for (int k = 0; k < 25; k++)
				random_write(d, cust, first);
			ck_assert_int_eq(db_bulk_end(d), DB_OK);
			ck_assert_int_eq(db_commit(d), DB_OK);
		} else {                        /* several writes in one transaction */
			ck_assert_int_eq(db_begin(d), DB_OK);
			for (int k = 0; k < 8; k++)
				random_write(d, cust, first);
			ck_assert_int_eq(db_commit(d), DB_OK);
		}
		snprintf(when, sizeof when, "after batch %d", batch);
		summaries_exact(d, when);
		ck_assert_msg(db_team_rollup_ok(d), "%s: %s", when, db_error(d));
	}
	/* Every day the history spans, and around it; every month's plan. */
	for (date_day day = first - 3; day <= first + 103; day++)
		today_exact(d, day);
	for (date_day day = first - 3; day <= first + 103; day += 9) {
		parts_exact(d, day);
		split_exact(d, day);
	}
	for (int m = 8; m <= 15; m++)
		plan_exact(d, cust, 2026 + (m - 1) / 12, (m - 1) % 12 + 1);
	db_close(d);
	free(p);
}
END_TEST

/* Another process commits while the helper reads the second half: the
 * halves could come from two different books, so today reads the book again
 * on one connection and shows it as it now stands. */
static char *split_path;
static void rename_first_and_last(db *d)
{
	sqlite3 *h;

	(void)d;
	ck_assert_int_eq(sqlite3_open(split_path, &h), SQLITE_OK);
	ck_assert_int_eq(store_search_register(h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	ck_assert_int_eq(sqlite3_exec(h, "UPDATE customers SET name = 'renamed ' || name WHERE "
	                              "id = (SELECT min(id) FROM customers) OR "
	                              "id = (SELECT max(id) FROM customers)", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	split_calls++;
}

START_TEST(test_summary_split_read_sees_one_book)
{
	/* A name SQLite would read as part of a URI: the helper opens this file. */
	char *p = book_named("odd %41?#.db");
	db *d = open_book(p);
	char cust[NCUST][UID_BUFSZ];
	date_day day;
	db_today t, again;

	ck_assert(date_parse("2026-10-15", &day));
	rnd_state = 0x5eed;
	add_customers(d, cust);
	for (int k = 0; k < 60; k++)
		random_write(d, cust, day - 40);
	split_path = p;
	db_test_set_today_split_min(d, 1);
	db_test_set_today_split_hook(d, rename_first_and_last);
	split_calls = 0;
	ck_assert_int_eq(db_today_load(d, day, &t), DB_OK);
	ck_assert_int_eq(split_calls, 1);   /* the hook ran once: no split the second time */
	ck_assert_int_eq(db_test_today_splits(d), 1);
	split_exact(d, day);                /* the helper read this file, not another */
	db_test_set_today_split_hook(d, NULL);
	db_test_set_today_split_min(d, INT64_MAX);
	ck_assert_uint_gt(t.n, 2);
	ck_assert(strncmp(t.rows[0].name, "renamed ", 8) == 0);
	ck_assert(strncmp(t.rows[t.n - 1].name, "renamed ", 8) == 0);
	ck_assert_int_eq(db_today_load(d, day, &again), DB_OK);
	ck_assert_uint_eq(again.n, t.n);
	for (size_t i = 0; i < t.n; i++)
		row_same(&again, i, &t, i, "after a commit meanwhile");
	db_today_free(&t);
	db_today_free(&again);
	db_close(d);
	free(p);
}
END_TEST

/* Loads large enough to rewrite the summary tables whole (in id order):
 * the summaries still equal a rebuild, and today still equals history. */
START_TEST(test_summary_large_loads)
{
	enum { N = 5000 };
	char *p = book_path();
	db *d = open_book(p);
	static char uid[N][UID_BUFSZ];
	date_day first;

	ck_assert(date_parse("2026-10-01", &first));
	rnd_state = 42;
	ck_assert_int_eq(db_begin(d), DB_OK);
	ck_assert_int_eq(db_bulk_begin(d, N), DB_OK);
	for (int i = 0; i < N; i++)
		add_customer(d, i, NULL, NULL);
	ck_assert_int_eq(db_bulk_end(d), DB_OK);
	ck_assert_int_eq(db_commit(d), DB_OK);
	for (int i = 0; i < N; i++) {
		char name[32];
		snprintf(name, sizeof name, "客户%05d", i);
		ck_assert_int_eq(db_customer_find(d, name, uid[i]), DB_OK);
	}
	/* Orders for every customer (in reverse order), then payments for
	 * most: rows that grow, then shrink or go. */
	for (int pass = 0; pass < 2; pass++) {
		ck_assert_int_eq(db_begin(d), DB_OK);
		ck_assert_int_eq(db_bulk_begin(d, 0), DB_OK);
		for (int k = 0; k < 3 * N; k++) {
			db_activity a;
			int r, i = N - 1 - k % N;
			memset(&a, 0, sizeof a);
			snprintf(a.customer_uid, sizeof a.customer_uid, "%s", uid[i]);
			day_text(first + (date_day)rnd(60), a.date);
			a.text = "";
			if (pass == 0) {
				a.amount = 1000 + rnd(100000);
				day_text(first + (date_day)rnd(70), a.due);
				if (strcmp(a.due, a.date) < 0)
					memcpy(a.due, a.date, sizeof a.due);
			} else {
				if (rnd(5) == 0)
					continue;
				a.amount = 1000 + rnd(150000);
			}
			ck_assert_int_eq(db_activity_upsert(d, pass ? DB_PAYMENTS : DB_ORDERS, &a, &r), DB_OK);
		}
		ck_assert_int_eq(db_bulk_end(d), DB_OK);
		ck_assert_int_eq(db_commit(d), DB_OK);
		summaries_exact(d, pass ? "after a load of payments" : "after a load of orders");
	}
	for (date_day day = first + 20; day <= first + 70; day += 10)
		today_exact(d, day);
	db_close(d);
	free(p);
}
END_TEST

/* A customer whose order moves to another customer: both summaries change. */
START_TEST(test_summary_order_moves)
{
	char *p = book_path();
	db *d = open_book(p);
	char cust[NCUST][UID_BUFSZ];
	db_activity a;
	int r;
	date_day day;

	add_customers(d, cust);
	memset(&a, 0, sizeof a);
	snprintf(a.uid, sizeof a.uid, "order-1");
	snprintf(a.customer_uid, sizeof a.customer_uid, "%s", cust[0]);
	snprintf(a.date, sizeof a.date, "2026-11-02");
	snprintf(a.due, sizeof a.due, "2026-11-10");
	a.amount = 500000;
	a.text = "";
	ck_assert_int_eq(db_activity_upsert(d, DB_ORDERS, &a, &r), DB_OK);
	summaries_exact(d, "after an order");
	snprintf(a.customer_uid, sizeof a.customer_uid, "%s", cust[1]);
	ck_assert_int_eq(db_activity_upsert(d, DB_ORDERS, &a, &r), DB_OK);
	ck_assert_int_eq(r, 2);
	summaries_exact(d, "after the order moved");
	ck_assert(date_parse("2026-11-12", &day));
	db_today t;
	ck_assert_int_eq(db_today_load(d, day, &t), DB_OK);
	ck_assert_int_eq(db_today_find(&t, cust[0])->open, 0);
	ck_assert_int_eq(db_today_find(&t, cust[1])->broken, 500000);
	db_today_free(&t);
	ck_assert_int_eq(db_activity_delete(d, DB_ORDERS, "order-1"), DB_OK);
	summaries_exact(d, "after the order was deleted");
	db_close(d);
	free(p);
}
END_TEST

static void exec_ok(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
	sqlite3_free(msg);
}

/* A book written at schema version 5 gets its summaries from its history. */
START_TEST(test_summary_migrated_from_v5)
{
	char *p = book_path();
	char err[256];
	sqlite3 *h;
	date_day day;

	ck_assert_int_eq(store_create(p, 5, err, sizeof err), DB_OK);
	ck_assert_int_eq(sqlite3_open(p, &h), SQLITE_OK);
	ck_assert_int_eq(store_search_register(h), SQLITE_OK);
	exec_ok(h, "INSERT INTO customers(uid, name, updated_at) VALUES "
	           "('c-1', '天河宾馆', 'x'), ('c-2', '番禺酒店', 'x'), ('c-3', '白云商贸', 'x');"
	           "INSERT INTO orders(uid, customer_uid, date, amount, due, updated_at) VALUES "
	           "('o-1', 'c-1', '2026-09-03', 500000, '2026-09-30', 'x'),"
	           "('o-2', 'c-1', '2026-10-15', 300000, '2026-11-01', 'x'),"
	           "('o-3', 'c-2', '2026-11-20', 100000, NULL, 'x'),"
	           "('o-4', 'c-2', '2026-12-01', 200000, '2026-12-05', 'x');"
	           "INSERT INTO payments(uid, customer_uid, date, amount, order_uid, updated_at) VALUES "
	           "('p-1', 'c-1', '2026-10-01', 600000, NULL, 'x'),"
	           "('p-2', 'c-2', '2026-12-05', 150000, 'o-4', 'x');"
	           "INSERT INTO calls(uid, customer_uid, date, outcome, updated_at) VALUES "
	           "('k-1', 'c-1', '2026-11-05', 'effective', 'x'),"
	           "('k-2', 'c-3', '2026-11-06', 'busy', 'x');");
	sqlite3_close(h);

	db *d = open_book(p);
	ck_assert_int_eq(db_schema_version(d), db_test_schema_version());
	summaries_exact(d, "after the migration");
	ck_assert(date_parse("2026-12-05", &day));
	db_today t;
	ck_assert_int_eq(db_today_load(d, day, &t), DB_OK);
	const db_today_row *c1 = db_today_find(&t, "c-1"), *c2 = db_today_find(&t, "c-2");
	ck_assert_int_eq(c1->open, 200000);                 /* FIFO: o-1 paid, o-2 part paid */
	ck_assert_int_eq(c1->broken, 200000);
	ck_assert(date_parse("2026-11-05", &day));
	ck_assert_int_eq(c1->last_contact, day);
	ck_assert_int_eq(c2->open, 150000);                 /* the named order paid first */
	ck_assert_int_eq(c2->month_orders, 200000);
	ck_assert_int_eq(t.due_start, 200000 + 200000);     /* c-1's o-2, c-2's o-4 that morning */
	ck_assert_int_eq(t.paid_today, 150000);
	db_today_free(&t);
	for (date_day k = day - 100; k <= day + 40; k++)
		today_exact(d, k);
	db_plan_book b;
	ck_assert_int_eq(db_plan_book_load(d, 2026, 12, true, &b), DB_OK);
	const db_plan_row *p1 = db_plan_book_find(&b, "c-1"), *p2 = db_plan_book_find(&b, "c-2");
	ck_assert_int_eq(p1->totals[0], 500000);           /* September */
	ck_assert_int_eq(p1->totals[1], 300000);           /* October */
	ck_assert(p1->has_history);
	ck_assert_int_eq(p2->totals[2], 100000);           /* November */
	ck_assert_int_eq(p2->achieved, 200000);
	ck_assert_int_eq(b.by_day[0], 200000);
	db_plan_book_free(&b);
	db_close(d);
	free(p);
}
END_TEST

/* Every synced row's uid, version and flag: what must not depend on the
 * order bundles were merged in. Caller frees. */
static char *versions(db *d)
{
	static const char *const tables[] = { "groups", "reps", "customers", "calls", "orders",
	                                      "payments", "notes", "targets" };
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);

	ck_assert_ptr_nonnull(out);
	out[0] = '\0';
	for (size_t k = 0; k < sizeof tables / sizeof *tables; k++) {
		char sql[160];
		sqlite3_stmt *s;
		snprintf(sql, sizeof sql, "SELECT uid || ' ' || updated_at || ' ' || base_at || ' ' || "
		         "deleted FROM %s ORDER BY uid", tables[k]);
		ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), sql, -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(s, 0);
			while (len + strlen(v) + 2 > cap) {
				cap *= 2;
				out = realloc(out, cap);
				ck_assert_ptr_nonnull(out);
			}
			len += (size_t)snprintf(out + len, cap - len, "%s\n", v);
		}
		sqlite3_finalize(s);
	}
	return out;
}

static void merge_ok(db *d, const char *bundle)
{
	db_merge_result r;

	ck_assert_msg(db_team_merge(d, bundle, NULL, NULL, NULL, &r) == DB_OK, "merge %s: %s", bundle, db_error(d));
	summaries_exact(d, bundle);
	ck_assert_msg(db_team_rollup_ok(d), "%s: %s", bundle, db_error(d));
	/* The rows added were summed into the rollup; its insert triggers,
	 * left out meanwhile, are there for the next writer. */
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), "SELECT count(*) FROM sqlite_schema WHERE "
	                                    "type = 'trigger' AND name IN ('team_calls_ai', "
	                                    "'team_orders_ai', 'team_payments_ai')", -1, &s, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(s, 0), 3);
	sqlite3_finalize(s);
}

/* The bundles merged as one run that left what it could for its end (the
 * setting a run that outgrows the book writes, set by hand: these bundles
 * are small): no summary is written until the run ends, then every one is
 * made from the history. */
static void run_ok(db *d, char bundle[][512], int n, date_day day)
{
	db_merge_result r;
	db_today t;

	exec_ok(db_test_handle(d), "INSERT INTO settings(key, value) VALUES ('team_deferred', '1')");
	exec_ok(db_test_handle(d), store_sql_drop_activity_indexes);
	for (int i = 0; i < n; i++) {
		db_team_run(d, n - i);
		ck_assert_msg(db_team_merge(d, bundle[i], NULL, NULL, NULL, &r) == DB_OK, "merge %s: %s",
		              bundle[i], db_error(d));
		ck_assert_msg(db_team_rollup_ok(d), "%s: %s", bundle[i], db_error(d));
	}
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), "SELECT (SELECT count(*) FROM customer_today) + "
	                                    "(SELECT count(*) FROM customer_months)", -1, &s, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(s, 0), 0);
	sqlite3_finalize(s);
	/* Meanwhile the day reads as well without the indexes the run left. */
	ck_assert_msg(db_today_load(d, day, &t) == DB_OK, "today during a run: %s", db_error(d));
	db_today_free(&t);
	ck_assert_int_eq(db_team_finish(d), DB_OK);
	summaries_exact(d, "after a run");
}

/* The book's indexes, as made. Caller frees. */
static char *index_sql(db *d)
{
	sqlite3_stmt *s;
	size_t len = 0, cap = 4096;
	char *out = calloc(1, cap);

	ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), "SELECT name || ': ' || coalesce(sql, '') "
	                                    "FROM sqlite_schema WHERE type = 'index' ORDER BY name",
	                                    -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 0);
		while (len + strlen(v) + 2 > cap)
			ck_assert_ptr_nonnull(out = realloc(out, cap *= 2));
		len += (size_t)snprintf(out + len, cap - len, "%s\n", v);
	}
	sqlite3_finalize(s);
	return out;
}

/* A's book on a second device: a copy of SNAPSHOT at PATH with a device id
 * of its own and the signing key of A's book at BOOK (the rep's key goes
 * where the rep goes; a snapshot leaves it out). (A bundle carries its own
 * rep's rows only, so two books that change the same rows are one rep's.) */
static db *second_device(const char *snapshot, const char *book, const char *path)
{
	sqlite3 *h;
	sqlite3_backup *bk;

	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3 *src;
	ck_assert_int_eq(sqlite3_open_v2(snapshot, &src, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_ptr_nonnull(bk = sqlite3_backup_init(h, "main", src, "main"));
	ck_assert_int_eq(sqlite3_backup_step(bk, -1), SQLITE_DONE);
	ck_assert_int_eq(sqlite3_backup_finish(bk), SQLITE_OK);
	sqlite3_close(src);
	exec_ok(h, "UPDATE settings SET value = '0b0b0b0b' WHERE key = 'device'");
	char *sql = sqlite3_mprintf("ATTACH %Q AS src; CREATE TABLE signing_key AS SELECT * FROM "
	                            "src.signing_key; DETACH src", book);
	exec_ok(h, sql);
	sqlite3_free(sql);
	sqlite3_close(h);
	return open_book(path);
}

/* Two devices of one rep that share customers and change the same rows, their
 * bundles merged into leads in both orders and again, and in one run: the
 * summaries and the rollup stay exact, and the leads end with the same
 * versions. */
START_TEST(test_summary_after_merges)
{
	char *dir = test_tmpdir(), path[5][512], bundle[3][512];
	char cust[NCUST][UID_BUFSZ], cust2[NCUST][UID_BUFSZ];
	date_day first;
	db *a, *b;

	ck_assert(date_parse("2026-09-01", &first));
	rnd_state = 0x2545f4914f6cdd1dULL;
	for (int i = 0; i < 5; i++)
		snprintf(path[i], sizeof path[i], "%s/book%d.db", dir, i);
	for (int i = 0; i < 3; i++)
		snprintf(bundle[i], sizeof bundle[i], "%s/bundle%d.db", dir, i);
	a = open_book(path[0]);
	ck_assert_int_eq(db_book_init(a, "A", "G1"), DB_OK);
	add_customers(a, cust);
	for (int k = 0; k < 60; k++)
		random_write(a, cust, first);
	ck_assert_int_eq(db_snapshot(a, bundle[0]), DB_OK);
	b = second_device(bundle[0], path[0], path[1]);
	merge_ok(b, bundle[0]);                  /* B starts from A's book */
	for (int i = 0; i < NCUST; i++)
		memcpy(cust2[i], cust[i], UID_BUFSZ);
	for (int k = 0; k < 60; k++) {           /* both change the same rows */
		random_write(a, cust, first);
		random_write(b, cust2, first);
	}
	ck_assert_int_eq(db_snapshot(a, bundle[1]), DB_OK);
	ck_assert_int_eq(db_snapshot(b, bundle[2]), DB_OK);
	db_close(a);
	db_close(b);

	db *l1 = open_book(path[2]), *l2 = open_book(path[3]);
	merge_ok(l1, bundle[0]);
	merge_ok(l1, bundle[1]);
	merge_ok(l1, bundle[2]);
	merge_ok(l2, bundle[2]);
	merge_ok(l2, bundle[1]);
	merge_ok(l2, bundle[0]);
	merge_ok(l2, bundle[2]);
	db *l3 = open_book(path[4]);
	run_ok(l3, bundle, 3, first + 20);
	char *v1 = versions(l1), *v2 = versions(l2), *v3 = versions(l3);
	ck_assert_str_eq(v1, v2);
	ck_assert_str_eq(v1, v3);
	char *i1 = index_sql(l1), *i3 = index_sql(l3);
	ck_assert_str_eq(i1, i3);
	free(i1);
	free(i3);
	for (date_day day = first; day <= first + 100; day += 7) {
		today_exact(l1, day);
		today_exact(l2, day);
		today_exact(l3, day);
	}
	free(v1);
	free(v2);
	free(v3);
	db_close(l1);
	db_close(l2);
	db_close(l3);
	free(dir);
}
END_TEST

Suite *suite_summary(void)
{
	Suite *s = suite_create("summary");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_summary_follows_every_write, 0, 6);
	tcase_add_test(tc, test_summary_order_moves);
	tcase_add_test(tc, test_summary_large_loads);
	tcase_add_test(tc, test_summary_migrated_from_v5);
	tcase_add_test(tc, test_summary_split_read_sees_one_book);
	tcase_add_test(tc, test_summary_after_merges);
	suite_add_tcase(s, tc);
	return s;
}
