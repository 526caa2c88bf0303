/* What today's plan, call queue, receivables and day report read: the
 * customers, the day's calls, the last contact, order days and open balances,
 * each in one query over an index (never one query per customer), and
 * handed to the ledger (core/ledger.c), which allocates payments to orders
 * and tells what is due.
 *
 * The same is kept per customer (customer_today, customer_months, written by
 * summary.c), keyed by the customer's row id, so a reader pairs them with the
 * customers it scanned in one ordered pass. A day's reader takes them as they
 * stand for every customer with no later activity, and reads history only for
 * the others (or all of it, for a day far back). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/date.h"
#include "repdesk/db/book.h"
#include "repdesk/db/today.h"
#include "repdesk/ledger.h"
#include "repdesk/vec.h"
#include "store_int.h"
#include "repdesk/i18n.h"

/* The ledger speaks of days and month totals as the store keeps them. */
_Static_assert(LEDGER_NO_DAY == DB_NO_DAY, "one day for none");

/* Copy SRC into DST of SIZE bytes, cut short if need be (snprintf's "%s",
 * without its formatting cost: this runs for every row). */
static void copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The uids are looked up in their own block, not in the rows: matching a
 * plan's 100,000 customer lines then reads 4 MB, not every row's cache line. */
static bool index_rows(db_today *t)
{
	return (t->uids = store_uidmap_new(t->uid_text, t->n, sizeof *t->uid_text, 0));
}

static long row_index(const db_today *t, const char *uid)
{
	return store_uidmap_find(t->uids, uid, NULL);
}

const db_today_row *db_today_find_near(const db_today *t, const char *uid, size_t *near)
{
	long i = store_uidmap_find(t->uids, uid, near);
	return i < 0 ? NULL : &t->rows[i];
}

const db_today_row *db_today_find(const db_today *t, const char *uid)
{
	return db_today_find_near(t, uid, NULL);
}

void db_today_free(db_today *t)
{
	free(t->rows);
	free(t->names);
	free(t->uid_text);
	free(t->outcomes);
	free(t->order_days);
	free(t->recv);
	free(t->ids);
	store_uidmap_free(t->uids);
	memset(t, 0, sizeof *t);
}

static db_status nomem(db *d)
{
	return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
}

int store_col_day(sqlite3_stmt *s, int i)
{
	const char *text = (const char *)sqlite3_column_text(s, i);
	date_day day;
	if (!text || !date_parse(text, &day))
		return DB_NO_DAY;
	return day;
}

/* A summary table's rows for the ids IDS[0..N-1] (ascending) only. */
static sqlite3_stmt *summaries(db *d, const char *sql, const int64_t *ids, size_t n)
{
	sqlite3_stmt *s = store_prepare(d, sql);
	if (s) {
		sqlite3_bind_int64(s, 1, n ? ids[0] : 0);
		sqlite3_bind_int64(s, 2, n ? ids[n - 1] : -1);
	}
	return s;
}

static sqlite3_stmt *prepare_day(db *d, const char *sql, int day)
{
	char buf[DATE_BUFSZ];
	sqlite3_stmt *s = store_prepare(d, sql);
	if (s)
		sqlite3_bind_text(s, 1, date_format(day, buf), -1, SQLITE_TRANSIENT);
	return s;
}

/* The rep whose work the day's figures count, into OWN: in a book that
 * holds other reps' rows too (a lead's), its own rep; else "" (every row is
 * the book's). */
static db_status own_rep(db *d, char own[UID_BUFSZ])
{
	db_status st = store_rep_uid(d, own);

	if (st != DB_OK || !own[0])
		return st;
	sqlite3_stmt *s = store_prepare(d, "SELECT EXISTS (SELECT 1 FROM reps WHERE uid <> ?1)");
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, own, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW || !sqlite3_column_int(s, 0))
		own[0] = '\0';
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, _("reading the reps"));
}

/* In a lead's book, the day's and the month's orders and the day's payments
 * are the book's own rep's, from the team rollup (the other reps' work is
 * the team report's). */
static db_status own_figures(db *d, db_today *t, const char *own)
{
	char from[DATE_BUFSZ];
	int y, m, dd;

	date_to_ymd(t->day, &y, &m, &dd);
	sqlite3_stmt *s = prepare_day(d, "SELECT coalesce(sum(CASE WHEN date = ?1 THEN deals END), 0),"
		" coalesce(sum(CASE WHEN date = ?1 THEN sales END), 0),"
		" coalesce(sum(CASE WHEN date < ?1 THEN sales END), 0),"
		" coalesce(sum(CASE WHEN date = ?1 THEN collected END), 0) "
		"FROM team_days WHERE rep_uid = ?2 AND date >= ?3 AND date <= ?1", t->day);
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 2, own, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, date_format(date_month_first_day(y, m), from), -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		t->orders_today = sqlite3_column_int(s, 0);
		t->sales_today = sqlite3_column_int64(s, 1);
		t->month_before = sqlite3_column_int64(s, 2);
		t->paid_today = sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, _("reading the month's orders"));
}

/* In a lead's book (OWN not ""), flag the rows of the customers another
 * rep owns: they are in that rep's queue, not the lead's. IDS ascending. */
static db_status mark_other_reps(db *d, db_today *t, const int64_t *ids, const char *own)
{
	if (!own[0] || !t->n)
		return DB_OK;
	sqlite3_stmt *s = store_prepare(d, "SELECT id FROM customers WHERE id BETWEEN ?2 AND ?3 "
	                                "AND deleted = 0 AND rep_uid NOT IN (?1, '') ORDER BY id");
	size_t i = 0;
	int rc;

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, own, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, ids[0]);
	sqlite3_bind_int64(s, 3, ids[t->n - 1]);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		while (i < t->n && ids[i] < id)
			i++;
		if (i < t->n && ids[i] == id)
			t->rows[i].other_rep = true;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the reps"));
}

/* The day's calls and visits from their date indexes, grouped by customer,
 * calls first in logged order, each row's customer found through the uid
 * index. OWN (when not ""): only that rep's. */
static db_status load_calls(db *d, db_today *t, const int64_t *ids, const char *own)
{
	sqlite3_stmt *s = prepare_day(d,
		"SELECT c.id, k.outcome, 0, k.id, k.rep_uid FROM calls k "
		"LEFT JOIN customers c ON c.uid = k.customer_uid WHERE k.date = ?1 AND k.deleted = 0 "
		"UNION ALL SELECT c.id, NULL, 1, v.id, v.rep_uid FROM visits v "
		"LEFT JOIN customers c ON c.uid = v.customer_uid WHERE v.date = ?1 AND v.deleted = 0 "
		"ORDER BY 1, 3, 4", t->day);
	size_t cap = 0, i = 0;
	int64_t last = -1;
	int rc;

	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (own[0] && strcmp(store_col_text(s, 4), own) != 0)
			continue;
		bool visit = sqlite3_column_int(s, 2) != 0;
		if (visit)
			t->visits++;
		else
			t->dialed++;
		if (sqlite3_column_type(s, 0) == SQLITE_NULL)
			continue;
		int64_t id = sqlite3_column_int64(s, 0);
		while (i < t->n && ids[i] < id)
			i++;
		if (i == t->n || ids[i] != id)
			continue;
		if (visit) {
			t->rows[i].nvisits++;
			continue;
		}
		if (id != last)
			t->rows[i].calls_off = (uint32_t)t->noutcomes;
		last = id;
		if (!vec_room(&t->outcomes, &cap, t->noutcomes, sizeof *t->outcomes)) {
			sqlite3_finalize(s);
			return nomem(d);
		}
		copy(t->outcomes[t->noutcomes++], sizeof *t->outcomes, store_col_text(s, 1));
		t->rows[i].ncalls++;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the day's calls"));
}

/* Each customer's latest contact from S (customer_uid, date rows). */
static db_status take_contacts(db *d, db_today *t, sqlite3_stmt *s)
{
	int rc;

	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long i = row_index(t, store_col_text(s, 0));
		if (i >= 0)
			ledger_contact_take(&t->rows[i].last_contact, store_col_day(s, 1));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the last contacts"));
}

/* The contacts (ledger.h) of the customers WHO (an SQL set, or a condition
 * that is always true) up to the day ?1: calls that reached them, visits,
 * orders and payments. */
#define CONTACTS(table_hint, who) \
	"SELECT customer_uid, date FROM calls " table_hint "WHERE " who " AND date <= ?1 " \
	"AND deleted = 0 AND outcome NOT IN " LEDGER_SQL_NOT_CONTACT " " \
	"UNION ALL SELECT customer_uid, date FROM visits " table_hint "WHERE " who " AND date <= ?1 " \
	"AND deleted = 0 UNION ALL SELECT customer_uid, date FROM orders " table_hint "WHERE " who " " \
	"AND date <= ?1 AND deleted = 0 UNION ALL SELECT customer_uid, date FROM payments " \
	table_hint "WHERE " who " AND date <= ?1 AND deleted = 0"

/* The last day each customer was reached: one pass over each table
 * (reading it in row order is several times faster than visiting every row
 * through the customer index). */
static db_status load_contacts(db *d, db_today *t)
{
	return take_contacts(d, t, prepare_day(d, CONTACTS("NOT INDEXED ", "1"), t->day));
}

/* The attempts (no-answer, busy) on customer UID up to DAY: what a customer
 * never reached has had (the queue says "never reached; 3 tries"). Read for
 * the few the queue shows, each through its index, never for a whole book. */
db_status db_today_tries(db *d, int day, const char *uid, int *tries)
{
	sqlite3_stmt *s = prepare_day(d, "SELECT count(*) FROM calls WHERE customer_uid = ?2 "
	                                 "AND date <= ?1 AND deleted = 0 AND outcome IN " LEDGER_SQL_NOT_CONTACT, day);

	*tries = 0;
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 2, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*tries = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, _("reading the calls not answered"));
}

/* The earliest next step due on or before the day of each customer with an
 * open opportunity, through the index of next steps' days: a handful of rows
 * whatever the size of the book. */
static db_status load_steps(db *d, db_today *t)
{
	sqlite3_stmt *s = prepare_day(d, "SELECT customer_uid, min(next_date) FROM opportunities "
	                              "WHERE deleted = 0 AND "
	                              "next_date IS NOT NULL AND next_date <= ?1 AND stage NOT IN "
	                              "('won', 'lost') GROUP BY customer_uid", t->day);
	int rc;

	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long i = row_index(t, store_col_text(s, 0));
		if (i >= 0)
			t->rows[i].next_step = store_col_day(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the next steps"));
}

db_status db_today_step(db *d, int day, const char *uid, char *buf, size_t bufsz)
{
	sqlite3_stmt *s = prepare_day(d, "SELECT next_step FROM opportunities WHERE customer_uid = ?2 "
	                              "AND deleted = 0 AND next_date IS NOT NULL AND next_date <= ?1 "
	                              "AND stage NOT IN ('won', 'lost') ORDER BY next_date, title, uid "
	                              "LIMIT 1", day);

	if (bufsz)
		buf[0] = '\0';
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 2, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && bufsz)
		copy(buf, bufsz, store_col_text(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK
	       : store_fail(d, rc, _("reading the next steps"));
}

/* Orders held while payments are allocated. */
typedef ledger_order order;
typedef ledger_payment payment;

typedef struct {
	order *v;
	size_t n, cap;
	uint32_t *off, *cnt;         /* per customer row: its orders in V */
	payment *p;
	size_t np, pcap;
	uint32_t *poff, *pcnt;       /* per customer row: its payments in P */
} order_set;

static void order_set_free(order_set *o)
{
	free(o->v), free(o->off), free(o->cnt);
	free(o->p), free(o->poff), free(o->pcnt);
}

/* Group N items of SIZE by their row (ROW_OF) keeping their order, then sort
 * each group by date (stable: rows come in id order). OFF and CNT get each
 * row's range. */
#define GROUP_BY_ROW(type, items, n, nrows, off, cnt, ok)                               \
	do {                                                                            \
		type *sorted_ = malloc(((n) ? (n) : 1) * sizeof(type));                 \
		uint32_t *at_ = calloc((nrows) + 1, sizeof *at_);                       \
		(ok) = sorted_ && at_;                                                  \
		if (ok) {                                                               \
			for (size_t k_ = 0; k_ < (n); k_++)                             \
				(cnt)[(items)[k_].row]++;                               \
			uint32_t sum_ = 0;                                              \
			for (size_t r_ = 0; r_ < (nrows); r_++)                         \
				(off)[r_] = at_[r_] = sum_, sum_ += (cnt)[r_];          \
			for (size_t k_ = 0; k_ < (n); k_++)                             \
				sorted_[at_[(items)[k_].row]++] = (items)[k_];          \
			for (size_t r_ = 0; r_ < (nrows); r_++) {                       \
				type *g_ = sorted_ + (off)[r_];                         \
				for (uint32_t j_ = 1; j_ < (cnt)[r_]; j_++) {           \
					type x_ = g_[j_];                               \
					uint32_t m_ = j_;                               \
					for (; m_ > 0 && g_[m_ - 1].date > x_.date; m_--) \
						g_[m_] = g_[m_ - 1];                    \
					g_[m_] = x_;                                    \
				}                                                       \
			}                                                               \
			free(items);                                                    \
			(items) = sorted_;                                              \
			sorted_ = NULL;                                                 \
		}                                                                       \
		free(sorted_);                                                          \
		free(at_);                                                              \
	} while (0)

static order *add_order(order_set *o)
{
	return vec_room(&o->v, &o->cap, o->n, sizeof *o->v) ? &o->v[o->n++] : NULL;
}

/* Orders up to the day from SQL selecting customer_uid, uid, date, amount,
 * due. BOOK: count the day's and the month's sales of the whole book. DIRTY
 * (when given): keep only the rows flagged there. Kept rows get the month's
 * orders up to the day. */
static db_status add_orders(db *d, db_today *t, order_set *o, const char *sql, bool book,
                            const unsigned char *dirty)
{
	sqlite3_stmt *s = prepare_day(d, sql, t->day);
	int rc, y, m, dd;
	date_day month0;

	if (!s)
		return d->last;
	date_to_ymd(t->day, &y, &m, &dd);
	month0 = date_month_first_day(y, m);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int date = store_col_day(s, 2);
		int64_t amount = sqlite3_column_int64(s, 3);
		if (date == DB_NO_DAY)
			continue;
		if (book && date == t->day) {
			t->orders_today++;
			t->sales_today += amount;
		} else if (book && date >= month0) {
			t->month_before += amount;
		}
		long i = row_index(t, store_col_text(s, 0));
		if (i < 0 || (dirty && !dirty[i]))
			continue;
		if (date >= month0)
			t->rows[i].month_orders += amount;
		order *od = add_order(o);
		if (!od) {
			sqlite3_finalize(s);
			return nomem(d);
		}
		copy(od->uid, sizeof od->uid, store_col_text(s, 1));
		od->date = date;
		od->amount = amount;
		od->paid = 0;
		od->due = store_col_day(s, 4);
		od->row = (uint32_t)i;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading orders for today"));
}

static db_status order_arrays(db *d, db_today *t, order_set *o)
{
	if (!(o->off = calloc(t->n + 1, sizeof *o->off)) || !(o->cnt = calloc(t->n + 1, sizeof *o->cnt)))
		return nomem(d);
	return DB_OK;
}

/* Group the orders read by customer in date order (often they came so). */
static db_status group_orders(db *d, db_today *t, order_set *o)
{
	bool ok = true;
	for (size_t k = 1; k < o->n && ok; k++)
		ok = o->v[k].row > o->v[k - 1].row ||
		     (o->v[k].row == o->v[k - 1].row && o->v[k].date >= o->v[k - 1].date);
	if (!ok) {
		GROUP_BY_ROW(order, o->v, o->n, t->n, o->off, o->cnt, ok);
		return ok ? DB_OK : nomem(d);
	}
	for (size_t k = 0; k < o->n; k++)
		o->cnt[o->v[k].row]++;
	for (size_t i = 0, at = 0; i < t->n; at += o->cnt[i++])
		o->off[i] = (uint32_t)at;
	return DB_OK;
}

/* Every order up to the day, in one pass over the table, then grouped by
 * customer in date order; their days are the order days. */
static db_status load_orders(db *d, db_today *t, order_set *o)
{
	db_status st;
	if ((st = order_arrays(d, t, o)) != DB_OK ||
	    (st = add_orders(d, t, o, "SELECT customer_uid, uid, date, amount, due FROM orders NOT INDEXED "
	                     "WHERE date <= ?1 AND deleted = 0", true, NULL)) != DB_OK ||
	    (st = group_orders(d, t, o)) != DB_OK)
		return st;
	if (!(t->order_days = malloc((o->n ? o->n : 1) * sizeof *t->order_days)))
		return nomem(d);
	for (size_t i = 0; i < t->n; i++) {
		t->rows[i].days_off = o->off[i];
		t->rows[i].ndays = o->cnt[i];
	}
	for (size_t k = 0; k < o->n; k++)
		t->order_days[k] = o->v[k].date;
	t->norder_days = o->n;
	return DB_OK;
}

static bool payment_arrays(db_today *t, order_set *o)
{
	return (o->poff = calloc(t->n + 1, sizeof *o->poff)) && (o->pcnt = calloc(t->n + 1, sizeof *o->pcnt));
}

/* Payments up to the day from SQL (every one when TODAY counts the day's
 * takings), grouped by customer in date order. */
static db_status add_payments(db *d, db_today *t, order_set *o, const char *sql, bool today)
{
	sqlite3_stmt *s = prepare_day(d, sql, t->day);
	int rc;
	bool ok;

	if (!s)
		return d->last;
	if (!payment_arrays(t, o)) {
		sqlite3_finalize(s);
		return nomem(d);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t amount = sqlite3_column_int64(s, 2);
		int date = store_col_day(s, 3);
		if (today && date == t->day)
			t->paid_today += amount;
		long i = row_index(t, store_col_text(s, 0));
		if (i < 0 || date == DB_NO_DAY)
			continue;
		if (!vec_room(&o->p, &o->pcap, o->np, sizeof *o->p)) {
			sqlite3_finalize(s);
			return nomem(d);
		}
		payment *p = &o->p[o->np++];
		copy(p->order_uid, sizeof p->order_uid, store_col_text(s, 1));
		p->date = date;
		p->amount = amount;
		p->row = (uint32_t)i;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("reading payments for today"));
	GROUP_BY_ROW(payment, o->p, o->np, t->n, o->poff, o->pcnt, ok);
	return ok ? DB_OK : nomem(d);
}

/* Every payment up to the day, in one pass, grouped by customer in date order. */
static db_status load_payments(db *d, db_today *t, order_set *o)
{
	return add_payments(d, t, o, "SELECT customer_uid, order_uid, amount, date FROM payments NOT INDEXED "
	                    "WHERE date <= ?1 AND deleted = 0", true);
}

/* Apply each customer's payments, noting what was due at the start of the
 * day. DIRTY (when given): only those rows; the others' money due came with
 * their summaries. */
static void apply_payments(db_today *t, order_set *o, const unsigned char *dirty)
{
	for (size_t i = 0; i < t->n; i++) {
		/* No orders: nothing to pay into, nothing due. */
		if ((dirty && !dirty[i]) || !o->cnt[i])
			continue;
		int64_t due = ledger_apply(o->v + o->off[i], o->cnt[i],
		                           o->pcnt[i] ? o->p + o->poff[i] : NULL, o->pcnt[i], t->day);
		if (!t->rows[i].other_rep)      /* the day's money to collect is the book's rep's */
			t->due_start += due;
	}
}

/* Room in T->RECV for one more. */
static db_receivable *add_receivable(db_today *t, size_t *cap)
{
	return vec_room(&t->recv, cap, t->nrecv, sizeof *t->recv) ? &t->recv[t->nrecv++] : NULL;
}

/* Count an order of row I with money OPEN (> 0) after the day's payments:
 * into the customer's figures, and onto the list unless T leaves it out. */
static bool settle_one(db_today *t, size_t *cap, size_t i, const char *order_uid, int date, int due,
                       int64_t amount, int64_t paid, int64_t open)
{
	db_today_row *r = &t->rows[i];
	unsigned state = ledger_due_state(due, t->day);

	r->open += open;
	if (state & LEDGER_DUE)
		r->due += open;
	if (state & LEDGER_BROKEN) {
		r->broken += open;
		if (r->broken_since == DB_NO_DAY || due < r->broken_since)
			r->broken_since = due;
	}
	if ((state & LEDGER_DUE_NEXT) && !r->other_rep)
		t->due_next += open;
	if (t->flags & DB_TODAY_NO_RECEIVABLES)
		return true;
	db_receivable *rv = add_receivable(t, cap);
	if (!rv)
		return false;
	rv->row = i;
	memcpy(rv->order_uid, order_uid, sizeof rv->order_uid);
	rv->date = date;
	rv->amount = amount;
	rv->paid = paid;
	rv->due = due;
	return true;
}

/* Open balances after the day's payments of the customers whose orders are
 * in O: per customer and onto the list (*CAP: its room). Those already on it
 * (settled from their summaries, in row order) are merged with them, so the
 * list stays in the customers' order. */
static db_status settle(db *d, db_today *t, order_set *o, size_t *cap)
{
	size_t kept = t->nrecv;
	for (size_t i = 0; i < t->n; i++) {
		for (uint32_t k = 0; k < o->cnt[i]; k++) {
			const order *od = &o->v[o->off[i] + k];
			int64_t open = ledger_open(od);
			if (open && !settle_one(t, cap, i, od->uid, od->date, od->due, od->amount, od->paid, open))
				return nomem(d);
		}
	}
	size_t added = t->nrecv - kept;
	if (!kept || !added)
		return DB_OK;
	/* Merge the two runs, each in row order, from the back. */
	db_receivable *tail = malloc(added * sizeof *tail);
	if (!tail)
		return nomem(d);
	memcpy(tail, t->recv + kept, added * sizeof *tail);
	for (size_t at = t->nrecv, a = kept, b = added; b > 0;)
		t->recv[--at] = a > 0 && t->recv[a - 1].row > tail[b - 1].row ? t->recv[--a] : tail[--b];
	free(tail);
	return DB_OK;
}

/* The month's and the day's sales of the whole book, from the date index. */
static db_status add_month(db *d, db_today *t)
{
	char from[DATE_BUFSZ];
	int rc, y, m, dd;

	date_to_ymd(t->day, &y, &m, &dd);
	date_day month0 = date_month_first_day(y, m);
	sqlite3_stmt *s = prepare_day(d, "SELECT date, amount FROM orders INDEXED BY orders_date "
	                              "WHERE date >= ?2 AND date <= ?1 AND deleted = 0", t->day);
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 2, date_format(month0, from), -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int date = store_col_day(s, 0);
		int64_t amount = sqlite3_column_int64(s, 1);
		if (date == t->day) {
			t->orders_today++;
			t->sales_today += amount;
		} else if (date != DB_NO_DAY && date >= month0) {
			t->month_before += amount;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the month's orders"));
}

static db_status add_paid_today(db *d, db_today *t)
{
	sqlite3_stmt *s = prepare_day(d, "SELECT amount, date FROM payments "
	                              "WHERE date = ?1 AND deleted = 0", t->day);
	int rc;

	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (store_col_day(s, 1) == t->day)
			t->paid_today += sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the day's payments"));
}

/* Customers whose summaries do not describe the end of the day: a contact
 * (ledger.h: a call that reached them, a visit, an order, a payment) after it. */
#define DIRTY "(SELECT customer_uid FROM orders WHERE date > ?1 AND deleted = 0 " \
	"UNION SELECT customer_uid FROM payments WHERE date > ?1 AND deleted = 0 " \
	"UNION SELECT customer_uid FROM visits WHERE date > ?1 AND deleted = 0 " \
	"UNION SELECT customer_uid FROM calls WHERE date > ?1 AND deleted = 0 AND " \
	"outcome NOT IN " LEDGER_SQL_NOT_CONTACT ")"

typedef struct {
	db_today *t;
	unsigned char *dirty;        /* per row */
	size_t n;
	int *days;                   /* order days, grown as read */
	size_t ndays, days_cap;
	size_t recv_cap;             /* room in t->recv */
	int month;                   /* the day's month, ledger_month_key */
	bool nomem;
} stats_ctx;

/* Room in C->DAYS for N more. */
static bool days_room(stats_ctx *c, size_t n)
{
	if (c->ndays + n <= c->days_cap)
		return true;
	size_t cap = c->days_cap ? c->days_cap * 2 : 4096;
	while (cap < c->ndays + n)
		cap *= 2;
	int *p = realloc(c->days, cap * sizeof *p);
	if (!p)
		return false;
	c->days = p;
	c->days_cap = cap;
	return true;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Flag the customers with activity after the day; C->N counts them. */
static db_status mark_dirty(db *d, stats_ctx *c, const int64_t *ids)
{
	sqlite3_stmt *s = prepare_day(d, "SELECT id FROM customers WHERE uid IN " DIRTY, c->t->day);
	int64_t *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!vec_room(&v, &cap, n, sizeof *v)) {
			sqlite3_finalize(s);
			free(v);
			return nomem(d);
		}
		v[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return store_fail(d, rc, _("reading recent activity"));
	}
	if (n)         /* (no array at all when nothing was read) */
		qsort(v, n, sizeof *v, id_cmp);
	for (size_t i = 0, k = 0; i < n; i++) {
		while (k < c->t->n && ids[k] < v[i])
			k++;
		if (k < c->t->n && ids[k] == v[i] && !c->dirty[k]) {
			c->dirty[k] = 1;
			c->n++;
		}
	}
	free(v);
	return DB_OK;
}

/* A clean customer's summary: the last contact, the month's orders, the
 * order days, the money due at the start of the day, and its open orders
 * (in date order), settled at once: no payment after the day moves them. A
 * blob cut short is taken as far as it is whole. */
static bool take_summary(sqlite3_stmt *s, size_t i, void *ctx)
{
	stats_ctx *c = ctx;
	db_today *t = c->t;
	db_today_row *r = &t->rows[i];
	ledger_summary_view v;
	order od;

	if (c->dirty[i])
		return true;
	const void *b = sqlite3_column_blob(s, 1);
	if (!ledger_summary_read(&v, b, (size_t)sqlite3_column_bytes(s, 1)))
		return true;
	r->last_contact = v.last_contact;
	if (v.month == c->month)
		r->month_orders = v.month_total;
	if (!v.days_whole)
		return true;
	if (!days_room(c, v.ndays)) {
		c->nomem = true;
		return false;
	}
	r->days_off = (uint32_t)c->ndays;
	r->ndays = (uint32_t)v.ndays;
	for (size_t k = 0; k < v.ndays; k++)
		c->days[c->ndays++] = ledger_summary_day(&v, k);
	int64_t mine = r->other_rep ? 0 : 1;    /* the day's money to collect is the book's rep's */
	t->due_start += mine * ledger_summary_due_before(&v, t->day);
	for (const unsigned char *at = v.open; ledger_summary_next(&v, &at, &od);) {
		int64_t open = ledger_open(&od);
		t->due_start += mine * ledger_summary_due_of(&v, &od, t->day);
		if (open && !settle_one(t, &c->recv_cap, i, od.uid, od.date, od.due, od.amount, od.paid, open)) {
			c->nomem = true;
			return false;
		}
	}
	return true;
}

/* The day's figures and allocations from the summaries, reading history only
 * for the customers with activity after the day. */
static db_status load_fast(db *d, db_today *t, order_set *o, const int64_t *ids, stats_ctx *c)
{
	db_status st;
	int y, m, dd;

	date_to_ymd(t->day, &y, &m, &dd);
	c->month = ledger_month_key(y, m);
	if ((st = order_arrays(d, t, o)) != DB_OK ||
	    (st = store_join_ids(d, summaries(d, "SELECT customer_id, data FROM customer_today "
	                                      "WHERE customer_id BETWEEN ?1 AND ?2", ids, t->n),
	                         ids, t->n, take_summary, c, _("reading customer summaries"))) != DB_OK)
		return st;
	if (c->nomem)
		return nomem(d);
	if (c->n && ((st = take_contacts(d, t, prepare_day(d, CONTACTS("", "customer_uid IN " DIRTY),
		t->day))) != DB_OK ||
	    (st = add_orders(d, t, o, "SELECT customer_uid, uid, date, amount, due FROM orders "
	                     "WHERE customer_uid IN " DIRTY " AND date <= ?1 AND deleted = 0 ORDER BY id",
	                     false, c->dirty)) != DB_OK))
		return st;
	if ((st = group_orders(d, t, o)) != DB_OK)
		return st;
	/* The dirty customers' order days: the orders read. */
	for (size_t i = 0; i < t->n && c->n; i++) {
		if (!c->dirty[i])
			continue;
		if (!days_room(c, o->cnt[i]))
			return nomem(d);
		t->rows[i].days_off = (uint32_t)c->ndays;
		t->rows[i].ndays = o->cnt[i];
		for (uint32_t k = 0; k < o->cnt[i]; k++)
			c->days[c->ndays++] = o->v[o->off[i] + k].date;
	}
	t->order_days = c->days;
	t->norder_days = c->ndays;
	c->days = NULL;
	if ((st = add_month(d, t)) != DB_OK || (st = add_paid_today(d, t)) != DB_OK)
		return st;
	if (!c->n)
		return payment_arrays(t, o) ? DB_OK : nomem(d);
	return add_payments(d, t, o, "SELECT customer_uid, order_uid, amount, date FROM payments "
	                    "WHERE customer_uid IN " DIRTY " AND date <= ?1 AND deleted = 0 ORDER BY id", false);
}

db_status db_today_load(db *d, int day, db_today *out)
{
	return db_today_load_part(d, day, NULL, out);
}

db_status db_today_load_part(db *d, int day, const db_today_part *part, db_today *out)
{
	return db_today_load_flags(d, day, part, 0, out);
}

static db_status load(db *d, int day, const db_today_part *part, unsigned flags, bool split,
                      db_today *out)
{
	db_status st;
	order_set o = { 0 };
	int64_t *ids = NULL, version = 0;
	stats_ctx c = { .t = out };
	char own[UID_BUFSZ];
	/* Only a read transaction of our own can be checked for a commit
	 * between its start and the helper's (below). */
	bool reading = store_read_begin(d);

	split = split && reading;
	memset(out, 0, sizeof *out);
	out->day = day;
	out->flags = flags;
	if ((st = store_today_customers(d, out, &ids, part, &split, &version)) != DB_OK)
		goto fail;
	if (!index_rows(out) || !(c.dirty = calloc(out->n + 1, 1))) {
		st = nomem(d);
		goto fail;
	}
	if ((st = own_rep(d, own)) != DB_OK || (st = load_calls(d, out, ids, own)) != DB_OK ||
	    (st = load_steps(d, out)) != DB_OK ||
	    (st = mark_other_reps(d, out, ids, own)) != DB_OK ||
	    (st = mark_dirty(d, &c, ids)) != DB_OK)
		goto fail;
	/* Far in the past most of the book is dirty: one pass over history is faster. */
	bool fast = c.n <= out->n / 8 + 64 && !d->today_from_history;
	if (fast) {
		if ((st = load_fast(d, out, &o, ids, &c)) != DB_OK)
			goto fail;
	} else if ((st = load_contacts(d, out)) != DB_OK || (st = load_orders(d, out, &o)) != DB_OK ||
	           (st = load_payments(d, out, &o)) != DB_OK) {
		goto fail;
	}
	if (own[0] && (st = own_figures(d, out, own)) != DB_OK)
		goto fail;
	apply_payments(out, &o, fast ? c.dirty : NULL);
	if ((st = settle(d, out, &o, &c.recv_cap)) != DB_OK || (st = store_rank_today(d, out)) != DB_OK)
		goto fail;
	order_set_free(&o);
	free(c.dirty), free(c.days);
	out->ids = ids;
	store_read_end(d, reading);
	int64_t now;
	if (split && (!store_data_version(d, &now) || now != version)) {
		/* Something was committed after our read began, perhaps before the
		 * helper's: the two halves may be of different books. Once more,
		 * on one connection. */
		db_today_free(out);
		return load(d, day, part, flags, false, out);
	}
	return DB_OK;
fail:
	order_set_free(&o);
	free(c.dirty), free(c.days), free(ids);
	db_today_free(out);
	store_read_end(d, reading);
	return st;
}

db_status db_today_load_flags(db *d, int day, const db_today_part *part, unsigned flags, db_today *out)
{
	return load(d, day, part, flags, true, out);
}

db_status db_today_stamp(db *d, db_book_stamp *stamp)
{
	if (!store_data_version(d, &stamp->version))
		return store_fail(d, sqlite3_errcode(d->h), _("reading customers for today"));
	stamp->changes = sqlite3_total_changes64(d->h);
	return DB_OK;
}
