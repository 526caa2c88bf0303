/* What today's plan, call queue, receivables and day report read: the
 * customers, the day's calls, the last contact, order days and open balances,
 * each in one query over an index (never one query per customer). Payments
 * are allocated to orders here, oldest open balance first. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/date.h"
#include "store_int.h"

static bool index_rows(db_today *t)
{
	return store_uid_index(&t->slots, &t->mask, t->rows, t->n, sizeof *t->rows,
	                       offsetof(db_today_row, uid));
}

static long row_index(const db_today *t, const char *uid)
{
	return store_uid_lookup(t->slots, t->mask, t->rows, sizeof *t->rows,
	                        offsetof(db_today_row, uid), uid);
}

const db_today_row *db_today_find(const db_today *t, const char *uid)
{
	long i = row_index(t, uid);
	return i < 0 ? NULL : &t->rows[i];
}

void db_today_free(db_today *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->rows[i].name);
	free(t->rows);
	free(t->outcomes);
	free(t->order_days);
	free(t->recv);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

/* Grow *V (of *CAP elements of SIZE) to hold one more than N. */
static bool grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 256;
	void *p = realloc(*(void **)v, ncap * size);
	if (!p)
		return false;
	*(void **)v = p;
	*cap = ncap;
	return true;
}

static db_status nomem(db *d)
{
	return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
}

static int col_day(sqlite3_stmt *s, int i)
{
	rd_day day;
	if (sqlite3_column_type(s, i) == SQLITE_NULL || !date_parse(store_col_text(s, i), &day))
		return DB_NO_DAY;
	return day;
}

static db_status load_customers(db *d, db_today *t)
{
	sqlite3_stmt *s = store_prepare(d,
		"SELECT uid, name, status, priority, tier_eff, next_call "
		"FROM customers NOT INDEXED WHERE deleted = 0");
	size_t cap = 0;
	int rc;

	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!grow(&t->rows, &cap, t->n, sizeof *t->rows)) {
			sqlite3_finalize(s);
			return nomem(d);
		}
		db_today_row *r = &t->rows[t->n];
		memset(r, 0, sizeof *r);
		snprintf(r->uid, sizeof r->uid, "%s", store_col_text(s, 0));
		if (!(r->name = strdup(store_col_text(s, 1)))) {
			sqlite3_finalize(s);
			return nomem(d);
		}
		t->n++;
		snprintf(r->status, sizeof r->status, "%s", store_col_text(s, 2));
		snprintf(r->priority, sizeof r->priority, "%s", store_col_text(s, 3));
		int te = sqlite3_column_int(s, 4);
		r->tier = te >= 0 && te < TIER_COUNT ? (tier)te : TIER_D;
		r->next_call = col_day(s, 5);
		r->last_contact = DB_NO_DAY;
		r->broken_since = DB_NO_DAY;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, "reading customers for today");
}

static sqlite3_stmt *prepare_day(db *d, const char *sql, int day)
{
	char buf[DATE_BUFSZ];
	sqlite3_stmt *s = store_prepare(d, sql);
	if (s)
		sqlite3_bind_text(s, 1, date_format(day, buf), -1, SQLITE_TRANSIENT);
	return s;
}

/* The day's calls from the date index, grouped by customer in logged order. */
static db_status load_calls(db *d, db_today *t)
{
	sqlite3_stmt *s = prepare_day(d,
		"SELECT customer_uid, outcome FROM calls INDEXED BY calls_date "
		"WHERE date = ?1 AND deleted = 0 ORDER BY customer_uid, id", t->day);
	size_t cap = 0;
	long last = -2;
	char last_uid[UID_BUFSZ] = "";
	int rc;

	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *uid = store_col_text(s, 0);
		t->dialed++;
		if (last == -2 || strcmp(uid, last_uid) != 0) {
			last = row_index(t, uid);
			snprintf(last_uid, sizeof last_uid, "%s", uid);
			if (last >= 0)
				t->rows[last].calls_off = (uint32_t)t->noutcomes;
		}
		if (last < 0)
			continue;
		if (!grow(&t->outcomes, &cap, t->noutcomes, sizeof *t->outcomes)) {
			sqlite3_finalize(s);
			return nomem(d);
		}
		snprintf(t->outcomes[t->noutcomes++], sizeof *t->outcomes, "%s", store_col_text(s, 1));
		t->rows[last].ncalls++;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, "reading the day's calls");
}

/* The last day each customer was reached: one pass over the calls table
 * (reading it in row order is several times faster than visiting every row
 * through the customer index). */
static db_status load_contacts(db *d, db_today *t)
{
	sqlite3_stmt *s = prepare_day(d,
		"SELECT customer_uid, date FROM calls NOT INDEXED "
		"WHERE date <= ?1 AND deleted = 0 AND outcome NOT IN ('no-answer', 'busy', 'refused')", t->day);
	int rc;

	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long i = row_index(t, store_col_text(s, 0));
		int day = i >= 0 ? col_day(s, 1) : DB_NO_DAY;
		if (day != DB_NO_DAY && (t->rows[i].last_contact == DB_NO_DAY || day > t->rows[i].last_contact))
			t->rows[i].last_contact = day;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, "reading the last contacts");
}

/* Orders held while payments are allocated. */
typedef struct {
	char uid[UID_BUFSZ];
	int date, due;
	int64_t amount, paid;
	uint32_t row;
} order;

typedef struct {
	char order_uid[UID_BUFSZ];
	int date;
	int64_t amount;
	uint32_t row;
} payment;

typedef struct {
	order *v;
	size_t n, cap;
	uint32_t *off, *cnt;         /* per customer row: its orders in V */
	uint32_t *first_open;        /* per row: no open balance before this one */
	payment *p;
	size_t np, pcap;
	uint32_t *poff, *pcnt;       /* per customer row: its payments in P */
} order_set;

static void order_set_free(order_set *o)
{
	free(o->v), free(o->off), free(o->cnt), free(o->first_open);
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

/* Every order up to the day, in one pass over the table, then grouped by
 * customer in date order. */
static db_status load_orders(db *d, db_today *t, order_set *o)
{
	sqlite3_stmt *s = prepare_day(d,
		"SELECT customer_uid, uid, date, amount, due FROM orders NOT INDEXED "
		"WHERE date <= ?1 AND deleted = 0", t->day);
	int rc, y, m, dd;
	bool ok;
	rd_day month0;

	if (!s)
		return d->last;
	date_to_ymd(t->day, &y, &m, &dd);
	month0 = month_first_day(y, m);
	if (!(o->off = calloc(t->n + 1, sizeof *o->off)) || !(o->cnt = calloc(t->n + 1, sizeof *o->cnt)) ||
	    !(o->first_open = calloc(t->n + 1, sizeof *o->first_open))) {
		sqlite3_finalize(s);
		return nomem(d);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int date = col_day(s, 2);
		int64_t amount = sqlite3_column_int64(s, 3);
		if (date == DB_NO_DAY)
			continue;
		if (date == t->day) {
			t->orders_today++;
			t->sales_today += amount;
		} else if (date >= month0) {
			t->month_before += amount;
		}
		long i = row_index(t, store_col_text(s, 0));
		if (i < 0)
			continue;
		if (!grow(&o->v, &o->cap, o->n, sizeof *o->v)) {
			sqlite3_finalize(s);
			return nomem(d);
		}
		order *od = &o->v[o->n++];
		snprintf(od->uid, sizeof od->uid, "%s", store_col_text(s, 1));
		od->date = date;
		od->amount = amount;
		od->paid = 0;
		od->due = col_day(s, 4);
		od->row = (uint32_t)i;
		if (date >= month0)
			t->rows[i].month_orders += amount;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, "reading orders for today");
	GROUP_BY_ROW(order, o->v, o->n, t->n, o->off, o->cnt, ok);
	if (!ok || !(t->order_days = malloc((o->n ? o->n : 1) * sizeof *t->order_days)))
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

static int64_t open_of(const order *od)
{
	int64_t open = od->amount - od->paid;
	return open > 0 ? open : 0;
}

/* Pay AMOUNT into row I's orders: the named one first, then oldest first. */
static void allocate(order_set *o, size_t i, const char *order_uid, int64_t amount)
{
	order *v = o->v + o->off[i];
	uint32_t n = o->cnt[i];

	if (amount < 0) {
		for (uint32_t k = n; k-- > 0 && amount < 0;) {
			int64_t back = v[k].paid < -amount ? v[k].paid : -amount;
			if (back > 0) {
				v[k].paid -= back;
				amount += back;
				if (k < o->first_open[i])
					o->first_open[i] = k;
			}
		}
		return;
	}
	if (order_uid[0])
		for (uint32_t k = 0; k < n; k++)
			if (strcmp(v[k].uid, order_uid) == 0) {
				int64_t pay = open_of(&v[k]) < amount ? open_of(&v[k]) : amount;
				v[k].paid += pay;
				amount -= pay;
				break;
			}
	for (uint32_t k = o->first_open[i]; k < n && amount > 0; k++) {
		int64_t pay = open_of(&v[k]) < amount ? open_of(&v[k]) : amount;
		v[k].paid += pay;
		amount -= pay;
	}
	while (o->first_open[i] < n && open_of(&v[o->first_open[i]]) == 0)
		o->first_open[i]++;
	/* Paid beyond every order: a credit on the newest one. */
	if (amount > 0 && n > 0)
		v[n - 1].paid += amount;
}

/* Every payment up to the day, in one pass, grouped by customer in date order. */
static db_status load_payments(db *d, db_today *t, order_set *o)
{
	sqlite3_stmt *s = prepare_day(d,
		"SELECT customer_uid, order_uid, amount, date FROM payments NOT INDEXED "
		"WHERE date <= ?1 AND deleted = 0", t->day);
	int rc;
	bool ok;

	if (!s)
		return d->last;
	if (!(o->poff = calloc(t->n + 1, sizeof *o->poff)) || !(o->pcnt = calloc(t->n + 1, sizeof *o->pcnt))) {
		sqlite3_finalize(s);
		return nomem(d);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t amount = sqlite3_column_int64(s, 2);
		int date = col_day(s, 3);
		if (date == t->day)
			t->paid_today += amount;
		long i = row_index(t, store_col_text(s, 0));
		if (i < 0 || date == DB_NO_DAY)
			continue;
		if (!grow(&o->p, &o->pcap, o->np, sizeof *o->p)) {
			sqlite3_finalize(s);
			return nomem(d);
		}
		payment *p = &o->p[o->np++];
		snprintf(p->order_uid, sizeof p->order_uid, "%s", store_col_text(s, 1));
		p->date = date;
		p->amount = amount;
		p->row = (uint32_t)i;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, "reading payments for today");
	GROUP_BY_ROW(payment, o->p, o->np, t->n, o->poff, o->pcnt, ok);
	return ok ? DB_OK : nomem(d);
}

/* Apply each customer's payments: those before the day, then (after noting
 * what was due at the start of the day) the day's own. */
static void apply_payments(db_today *t, order_set *o)
{
	for (size_t i = 0; i < t->n; i++) {
		const payment *p = o->p + o->poff[i];
		uint32_t k = 0, np = o->pcnt[i];
		for (; k < np && p[k].date < t->day; k++)
			allocate(o, i, p[k].order_uid, p[k].amount);
		for (uint32_t j = 0; j < o->cnt[i]; j++) {
			const order *od = &o->v[o->off[i] + j];
			if (od->date < t->day && od->due != DB_NO_DAY && od->due <= t->day)
				t->due_start += open_of(od);
		}
		for (; k < np; k++)
			allocate(o, i, p[k].order_uid, p[k].amount);
	}
}

/* Open balances after the day's payments: per customer and as a list. */
static db_status settle(db *d, db_today *t, order_set *o)
{
	size_t cap = 0;
	for (size_t i = 0; i < t->n; i++) {
		db_today_row *r = &t->rows[i];
		for (uint32_t k = 0; k < o->cnt[i]; k++) {
			const order *od = &o->v[o->off[i] + k];
			int64_t open = open_of(od);
			if (open == 0)
				continue;
			r->open += open;
			if (od->due != DB_NO_DAY && od->due <= t->day)
				r->due += open;
			if (od->due != DB_NO_DAY && od->due < t->day) {
				r->broken += open;
				if (r->broken_since == DB_NO_DAY || od->due < r->broken_since)
					r->broken_since = od->due;
			}
			if (od->due != DB_NO_DAY && od->due == t->day + 1)
				t->due_next += open;
			if (!grow(&t->recv, &cap, t->nrecv, sizeof *t->recv))
				return nomem(d);
			db_receivable *rv = &t->recv[t->nrecv++];
			rv->row = i;
			memcpy(rv->order_uid, od->uid, sizeof rv->order_uid);
			rv->date = od->date;
			rv->amount = od->amount;
			rv->paid = od->paid;
			rv->due = od->due;
		}
	}
	return DB_OK;
}

db_status db_today_load(db *d, int day, db_today *out)
{
	db_status st;
	order_set o = { 0 };

	memset(out, 0, sizeof *out);
	out->day = day;
	if ((st = load_customers(d, out)) != DB_OK)
		goto fail;
	if (!index_rows(out)) {
		st = nomem(d);
		goto fail;
	}
	if ((st = load_calls(d, out)) != DB_OK || (st = load_contacts(d, out)) != DB_OK ||
	    (st = load_orders(d, out, &o)) != DB_OK || (st = load_payments(d, out, &o)) != DB_OK)
		goto fail;
	apply_payments(out, &o);
	if ((st = settle(d, out, &o)) != DB_OK)
		goto fail;
	order_set_free(&o);
	return DB_OK;
fail:
	order_set_free(&o);
	db_today_free(out);
	return st;
}
