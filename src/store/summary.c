/* The per-customer summaries (customer_today, customer_months; what they
 * hold is in ledger.h): kept up to date before every commit that wrote a
 * customer's calls, orders or payments (store_stats_mark, then
 * store_stats_flush), and made afresh for the whole book by a migration or
 * a long run of team merges (store_stats_rebuild). Each customer's history
 * is read here and summed up by the ledger (core/ledger.c); todayrows.c reads
 * the summaries back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/book.h"
#include "repdesk/db/today.h"
#include "repdesk/ledger.h"
#include "repdesk/vec.h"
#include "repdesk/tuning.h"
#include "store_int.h"
#include "repdesk/i18n.h"

static db_status nomem(db *d)
{
	return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
}

/* Copy SRC into DST of SIZE bytes, cut short if need be (this runs for
 * every row a load writes). */
static void copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* A call that is a contact (ledger.h): the orders and payments the history
 * takes are contacts too. */
#define CONTACT "outcome NOT IN " LEDGER_SQL_NOT_CONTACT

static int uid_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Sort the marked uids and keep one of each. */
static void stale_unique(db *d)
{
	size_t m = 0;

	if (d->nstale == 0)         /* nothing marked: no list to sort */
		return;
	qsort(d->stale, d->nstale, sizeof *d->stale, uid_cmp);
	for (size_t i = 0; i < d->nstale; i++)
		if (m == 0 || strcmp(d->stale[i], d->stale[m - 1]) != 0)
			memmove(d->stale[m++], d->stale[i], sizeof *d->stale);
	d->nstale = m;
}

db_status store_stats_mark(db *d, const char *uid)
{
	if (d->nstale > 0 && strcmp(d->stale[d->nstale - 1], uid) == 0)
		return DB_OK;
	/* A long load marks each customer many times: keep the list as long as
	 * the customers, not the rows. */
	if (d->nstale * 2 >= d->stale_cap && d->nstale >= 4096)
		stale_unique(d);
	if (d->nstale * 2 >= d->stale_cap) {
		size_t ncap = d->stale_cap ? d->stale_cap * 2 : 256;
		void *p = realloc(d->stale, ncap * sizeof *d->stale);
		if (!p)
			return nomem(d);
		d->stale = p;
		d->stale_cap = ncap;
	}
	copy(d->stale[d->nstale++], sizeof *d->stale, uid);
	return DB_OK;
}

enum { RS_ID, RS_CALLS, RS_ORDERS, RS_PAYS, RS_TODAY, RS_NOTODAY, RS_MONTHS, RS_NOMONTHS, RS_COUNT };

static const char *const refresh_sql[RS_COUNT] = {
	"SELECT id FROM customers WHERE uid = ?1",
	"SELECT date FROM calls WHERE customer_uid = ?1 AND deleted = 0 AND " CONTACT
	" UNION ALL SELECT date FROM visits WHERE customer_uid = ?1 AND deleted = 0",
	"SELECT uid, date, amount, due, volume FROM orders WHERE customer_uid = ?1 AND deleted = 0 ORDER BY id",
	"SELECT order_uid, amount, date FROM payments WHERE customer_uid = ?1 AND deleted = 0 ORDER BY id",
	"INSERT INTO customer_today(customer_id, data) VALUES (?1, ?2) "
	"ON CONFLICT(customer_id) DO UPDATE SET data = excluded.data",
	"DELETE FROM customer_today WHERE customer_id = ?1",
	"INSERT INTO customer_months(customer_id, months) VALUES (?1, ?2) "
	"ON CONFLICT(customer_id) DO UPDATE SET months = excluded.months",
	"DELETE FROM customer_months WHERE customer_id = ?1",
};

typedef struct {
	sqlite3_stmt *s[RS_COUNT];
	ledger_history h;            /* one customer's, gathered */
	ledger_summary sum;
} refresher;

/* Bind blob B (empty when nothing was written) to parameter I of S. */
static void bind_blob(sqlite3_stmt *s, int i, const ledger_blob *b)
{
	sqlite3_bind_blob(s, i, b->n ? (const void *)b->p : "", (int)b->n, SQLITE_STATIC);
}

static db_status step_done(db *d, sqlite3_stmt *s, const char *ctx)
{
	int rc = sqlite3_step(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, ctx);
}

/* A call's day (column I of S): the call counts as a contact (the
 * queries keep only those). */
static void take_call(refresher *r, sqlite3_stmt *s, int i)
{
	ledger_contact_take(&r->h.last_contact, store_col_day(s, i));
}

/* An order from columns I.. of S (uid, date, amount, due, volume), rows coming in
 * id order. */
static bool take_order(refresher *r, sqlite3_stmt *s, int i)
{
	ledger_order o = { .date = store_col_day(s, i + 1) };

	if (o.date == DB_NO_DAY)
		return true;
	store_col_copy(s, i, o.uid, sizeof o.uid);
	o.amount = sqlite3_column_int64(s, i + 2);
	o.due = store_col_day(s, i + 3);
	o.volume = sqlite3_column_type(s, i + 4) == SQLITE_NULL ? LEDGER_NO_VOLUME
	         : sqlite3_column_int64(s, i + 4);
	return ledger_history_order(&r->h, &o);
}

/* A payment from columns I.. of S (order_uid, amount, date), rows coming
 * in id order. */
static bool take_payment(refresher *r, sqlite3_stmt *s, int i)
{
	ledger_payment p = { .date = store_col_day(s, i + 2) };

	if (p.date == DB_NO_DAY)
		return true;
	store_col_copy(s, i, p.order_uid, sizeof p.order_uid);
	p.amount = sqlite3_column_int64(s, i + 1);
	return ledger_history_payment(&r->h, &p);
}

static db_status summarise(db *d, refresher *r, int64_t id);

/* Recompute the summaries of customer ID (uid UID) from all of its history,
 * a query per table. */
static db_status refresh_one(db *d, refresher *r, int64_t id, const char *uid)
{
	sqlite3_stmt *s;
	int rc;

	for (int k = 0; k < RS_COUNT; k++) {
		sqlite3_reset(r->s[k]);
		sqlite3_clear_bindings(r->s[k]);
	}
	ledger_history_start(&r->h);
	s = r->s[RS_CALLS];
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		take_call(r, s, 0);
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("summing up calls"));
	s = r->s[RS_ORDERS];
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!take_order(r, s, 0))
			return nomem(d);
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("summing up orders"));
	s = r->s[RS_PAYS];
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!take_payment(r, s, 0))
			return nomem(d);
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("summing up payments"));
	return summarise(d, r, id);
}

static bool summary_make(refresher *r)
{
	return ledger_summary_of(&r->sum, &r->h);
}

static bool has_today(const refresher *r)
{
	return ledger_summary_has_today(r->h.last_contact, r->h.n);
}

/* Write the summaries of customer ID from its history gathered in R. */
static db_status summarise(db *d, refresher *r, int64_t id)
{
	sqlite3_stmt *s;

	for (int k = RS_TODAY; k < RS_COUNT; k++) {
		sqlite3_reset(r->s[k]);
		sqlite3_clear_bindings(r->s[k]);
	}
	if (!summary_make(r))
		return nomem(d);
	s = r->s[has_today(r) ? RS_TODAY : RS_NOTODAY];
	sqlite3_bind_int64(s, 1, id);
	if (s == r->s[RS_TODAY])
		bind_blob(s, 2, &r->sum.today);
	db_status st = step_done(d, s, "saving customer summaries");
	if (st != DB_OK)
		return st;
	s = r->s[r->h.n ? RS_MONTHS : RS_NOMONTHS];
	sqlite3_bind_int64(s, 1, id);
	if (r->h.n)
		bind_blob(s, 2, &r->sum.months);
	return step_done(d, s, "saving order totals");
}

typedef struct {
	int64_t id;
	size_t at;                   /* into the uids refreshed */
} customer_ref;

static int ref_cmp(const void *a, const void *b)
{
	const customer_ref *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Many customers' history at once: their uids in a temporary table, and
 * one query per table over them, in customer id order, walked side by side.
 * CROSS JOIN keeps the uids the outer loop (SQLite has no statistics to
 * tell that they are few against the book). */
#define STALE_JOIN "FROM temp.stale_uids s CROSS JOIN customers c ON c.uid = s.uid "
enum { SB_CUST, SB_CALLS, SB_ORDERS, SB_PAYS, SB_COUNT };
static const char *const batch_sql[SB_COUNT] = {
	"SELECT c.id " STALE_JOIN "ORDER BY c.id",
	"SELECT c.id, k.date " STALE_JOIN "CROSS JOIN calls k ON k.customer_uid = s.uid "
	"WHERE k.deleted = 0 AND k." CONTACT " "
	"UNION ALL SELECT c.id, v.date " STALE_JOIN "CROSS JOIN visits v ON v.customer_uid = s.uid "
	"WHERE v.deleted = 0 ORDER BY 1",
	"SELECT c.id, o.uid, o.date, o.amount, o.due, o.volume " STALE_JOIN "CROSS JOIN orders o "
	"ON o.customer_uid = s.uid WHERE o.deleted = 0 ORDER BY c.id, o.id",
	"SELECT c.id, p.order_uid, p.amount, p.date " STALE_JOIN "CROSS JOIN payments p "
	"ON p.customer_uid = s.uid WHERE p.deleted = 0 ORDER BY c.id, p.id",
};

/* The row of S, from the query of table K (SB_CALLS..SB_PAYS, the
 * customer first), taken into R. False when out of memory. */
static bool take_row(refresher *r, int k, sqlite3_stmt *s)
{
	if (k == SB_CALLS) {
		take_call(r, s, 1);
		return true;
	}
	return k == SB_ORDERS ? take_order(r, s, 1) : take_payment(r, s, 1);
}

static void refresher_free(refresher *r)
{
	ledger_history_free(&r->h);
	ledger_summary_free(&r->sum);
}

static db_status refresh_batch(db *d, refresher *r, char (*uids)[STORE_UID_BUFSZ], size_t n)
{
	sqlite3_stmt *q[SB_COUNT] = { NULL };
	int rc[SB_COUNT];
	db_status st = store_exec(d, "CREATE TEMP TABLE IF NOT EXISTS stale_uids("
	                             "uid TEXT PRIMARY KEY) WITHOUT ROWID;"
	                             "DELETE FROM temp.stale_uids;");
	sqlite3_stmt *ins = st == DB_OK ? store_prepare(d, "INSERT OR IGNORE INTO temp.stale_uids(uid) "
	                                                   "VALUES (?1)") : NULL;

	if (st == DB_OK && !ins)
		st = d->last;
	for (size_t i = 0; i < n && st == DB_OK; i++) {
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, uids[i], -1, SQLITE_STATIC);
		st = step_done(d, ins, _("finding a customer"));
	}
	sqlite3_finalize(ins);
	for (int k = 0; k < SB_COUNT && st == DB_OK; k++) {
		if (!(q[k] = store_prepare(d, batch_sql[k])))
			st = d->last;
		else
			rc[k] = sqlite3_step(q[k]);
	}
	while (st == DB_OK && rc[SB_CUST] == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q[SB_CUST], 0);
		ledger_history_start(&r->h);
		for (int k = SB_CALLS; k < SB_COUNT && st == DB_OK; k++) {
			/* Each query's rows of this customer, all together. */
			for (; rc[k] == SQLITE_ROW && sqlite3_column_int64(q[k], 0) <= id;
			     rc[k] = sqlite3_step(q[k])) {
				if (sqlite3_column_int64(q[k], 0) < id)
					continue;
				if (!take_row(r, k, q[k]))
					st = nomem(d);
			}
			if (st == DB_OK && rc[k] != SQLITE_ROW && rc[k] != SQLITE_DONE)
				st = store_fail(d, rc[k], _("summing up customers' history"));
		}
		if (st == DB_OK)
			st = summarise(d, r, id);
		if (st == DB_OK)
			rc[SB_CUST] = sqlite3_step(q[SB_CUST]);
	}
	if (st == DB_OK && rc[SB_CUST] != SQLITE_DONE)
		st = store_fail(d, rc[SB_CUST], _("finding a customer"));
	for (int k = 0; k < SB_COUNT; k++)
		sqlite3_finalize(q[k]);
	if (st == DB_OK)
		st = store_exec(d, "DELETE FROM temp.stale_uids;");
	return st;
}

/* Refresh the customers UIDS[0..N) in id order: a load's summaries are then
 * written as appends, in full pages, not scattered over half-empty ones. */
static db_status refresh(db *d, char (*uids)[STORE_UID_BUFSZ], size_t n)
{
	refresher r = { 0 };
	db_status st = DB_OK;
	customer_ref *refs = NULL;
	size_t nrefs = 0;
	int rc;

	for (int k = 0; k < RS_COUNT && st == DB_OK; k++)
		if (!(r.s[k] = store_prepare(d, refresh_sql[k])))
			st = d->last;
	if (st == DB_OK && n >= BATCH_MIN) {
		st = refresh_batch(d, &r, uids, n);
		n = 0;
	}
	if (st == DB_OK && !(refs = malloc((n ? n : 1) * sizeof *refs)))
		st = nomem(d);
	for (size_t i = 0; i < n && st == DB_OK; i++) {
		sqlite3_stmt *s = r.s[RS_ID];
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, uids[i], -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW)
			refs[nrefs++] = (customer_ref){ sqlite3_column_int64(s, 0), i };
		else if (rc != SQLITE_DONE)
			st = store_fail(d, rc, _("finding a customer"));
	}
	if (st == DB_OK)
		qsort(refs, nrefs, sizeof *refs, ref_cmp);
	for (size_t i = 0; i < nrefs && st == DB_OK; i++)
		st = refresh_one(d, &r, refs[i].id, uids[refs[i].at]);
	for (int k = 0; k < RS_COUNT; k++)
		sqlite3_finalize(r.s[k]);
	refresher_free(&r);
	free(refs);
	return st;
}

/* Rewrite the summary tables in id order. After a load rewrote many
 * summaries, rows that grew and then shrank again (orders, then their
 * payments) leave pages two thirds empty, and every reader of the whole
 * book walks them. */
static db_status repack(db *d)
{
	static const char *const tables[] = { "customer_today", "customer_months" };
	char sql[512];
	db_status st = DB_OK;

	for (size_t k = 0; k < 2 && st == DB_OK; k++) {
		snprintf(sql, sizeof sql,
		         "CREATE TEMP TABLE repack AS SELECT * FROM %s;"
		         "DELETE FROM %s;"
		         "INSERT INTO %s SELECT * FROM repack ORDER BY customer_id;"
		         "DROP TABLE repack;", tables[k], tables[k], tables[k]);
		st = store_exec(d, sql);
	}
	return st;
}

db_status store_stats_flush(db *d)
{
	stale_unique(d);
	db_status st = refresh(d, d->stale, d->nstale);
	if (st == DB_OK)
		st = store_retier_uids(d, d->stale, d->nstale);
	if (st == DB_OK && d->nstale >= REPACK_MIN) {
		sqlite3_stmt *s = store_prepare(d, "SELECT max(customer_id) FROM customer_today");
		int64_t rows = s && sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_finalize(s);
		if ((int64_t)d->nstale * 4 >= rows)
			st = repack(d);
	}
	d->nstale = 0;
	return st;
}

/* Every customer's summaries at once, from all of the history: the
 * customers and each table's rows in customer uid order (their indexes,
 * read straight through), walked side by side. The summaries made are kept
 * in memory and written in id order into the emptied tables, so the pages
 * fill in order. */
static const char *const all_sql[SB_COUNT] = {
	"SELECT uid, id FROM customers ORDER BY uid",
	"SELECT customer_uid, date FROM calls WHERE deleted = 0 AND " CONTACT
	" UNION ALL SELECT customer_uid, date FROM visits WHERE deleted = 0 ORDER BY 1",
	/* Rows of one customer in date, then id order: as refresh_one's rows
	 * in id order come out of take_order, kept stable by date. */
	"SELECT customer_uid, uid, date, amount, due, volume FROM orders WHERE deleted = 0 "
	"ORDER BY customer_uid, date, id",
	"SELECT customer_uid, order_uid, amount, date FROM payments WHERE deleted = 0 "
	"ORDER BY customer_uid, date, id",
};

typedef struct {
	int64_t id;
	size_t at, today, months;    /* into the kept bytes: offset, lengths */
} made_summary;

static int made_cmp(const void *a, const void *b)
{
	const made_summary *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct {
	made_summary *v;
	size_t n, cap;
	unsigned char *bytes;        /* the blobs, one after another */
	size_t nbytes, bytes_cap;
} made_set;

static bool keep_made(made_set *m, int64_t id, const refresher *r)
{
	const ledger_blob *today = &r->sum.today;
	size_t months = r->h.n ? r->sum.months.n : 0, need = m->nbytes + today->n + months;

	if (!vec_room(&m->v, &m->cap, m->n, sizeof *m->v))
		return false;
	if (need > m->bytes_cap) {
		size_t cap = m->bytes_cap ? m->bytes_cap * 2 : 256;
		while (cap < need)
			cap *= 2;
		unsigned char *p = realloc(m->bytes, cap);
		if (!p)
			return false;
		m->bytes = p;
		m->bytes_cap = cap;
	}
	unsigned char *p = m->bytes + m->nbytes;
	memcpy(p, today->p, today->n);
	if (months)
		memcpy(p + today->n, r->sum.months.p, months);
	m->v[m->n++] = (made_summary){ id, m->nbytes, today->n, months };
	m->nbytes = need;
	return true;
}

static db_status write_made(db *d, made_set *m)
{
	sqlite3_stmt *t = NULL, *mo = NULL;
	db_status st = store_exec(d, "DELETE FROM customer_today; DELETE FROM customer_months;");

	if (m->n)
		qsort(m->v, m->n, sizeof *m->v, made_cmp);
	if (st == DB_OK &&
	    (!(t = store_prepare(d, "INSERT INTO customer_today(customer_id, data) VALUES (?1, ?2)")) ||
	     !(mo = store_prepare(d, "INSERT INTO customer_months(customer_id, months) "
	                             "VALUES (?1, ?2)"))))
		st = d->last;
	for (size_t i = 0; i < m->n && st == DB_OK; i++) {
		const made_summary *x = &m->v[i];
		sqlite3_reset(t);
		sqlite3_bind_int64(t, 1, x->id);
		sqlite3_bind_blob(t, 2, m->bytes + x->at, (int)x->today, SQLITE_STATIC);
		st = step_done(d, t, "saving customer summaries");
		if (st == DB_OK && x->months) {
			sqlite3_reset(mo);
			sqlite3_bind_int64(mo, 1, x->id);
			sqlite3_bind_blob(mo, 2, m->bytes + x->at + x->today, (int)x->months,
			                  SQLITE_STATIC);
			st = step_done(d, mo, "saving order totals");
		}
	}
	sqlite3_finalize(t);
	sqlite3_finalize(mo);
	return st;
}

db_status store_stats_rebuild(db *d)
{
	sqlite3_stmt *q[SB_COUNT] = { NULL };
	int rc[SB_COUNT];
	refresher r = { 0 };
	made_set made = { 0 };
	db_status st = DB_OK;

	for (int k = 0; k < SB_COUNT && st == DB_OK; k++) {
		if (!(q[k] = store_prepare(d, all_sql[k])))
			st = d->last;
		else
			rc[k] = sqlite3_step(q[k]);
	}
	while (st == DB_OK && rc[SB_CUST] == SQLITE_ROW) {
		const char *uid = store_col_text(q[SB_CUST], 0);
		ledger_history_start(&r.h);
		for (int k = SB_CALLS; k < SB_COUNT && st == DB_OK; k++) {
			int c = -1;
			/* Rows of no customer (none, with foreign keys) are passed by. */
			for (; rc[k] == SQLITE_ROW && (c = strcmp(store_col_text(q[k], 0), uid)) <= 0;
			     rc[k] = sqlite3_step(q[k])) {
				if (c < 0)
					continue;
				if (!take_row(&r, k, q[k]))
					st = nomem(d);
			}
			if (st == DB_OK && rc[k] != SQLITE_ROW && rc[k] != SQLITE_DONE)
				st = store_fail(d, rc[k], _("summing up customers' history"));
		}
		if (st == DB_OK && has_today(&r) &&
		    (!summary_make(&r) || !keep_made(&made, sqlite3_column_int64(q[SB_CUST], 1), &r)))
			st = nomem(d);
		if (st == DB_OK)
			rc[SB_CUST] = sqlite3_step(q[SB_CUST]);
	}
	if (st == DB_OK && rc[SB_CUST] != SQLITE_DONE)
		st = store_fail(d, rc[SB_CUST], _("reading customers"));
	for (int k = 0; k < SB_COUNT; k++)
		sqlite3_finalize(q[k]);
	if (st == DB_OK)
		st = write_made(d, &made);
	refresher_free(&r);
	free(made.v);
	free(made.bytes);
	return st;
}
