/* Lists of customers: every match in order (commands, export), counts, and
 * keyset pages for screens, whose cost must not grow with the book.
 *
 * A page is read per tier from the index (tier_eff, name, id), so a tier
 * filter costs nothing. A search page takes one of two routes: when the
 * query's candidates are few, they come from the search index and only they
 * are sorted (once: the order is remembered for the next pages); when they
 * are many (a one-character query), the list is walked in order and each row
 * tested, which finds a page of matches quickly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* See dense(). */
#define PAGE_TYPICAL 50
#define PLAN_SAMPLE 256

typedef struct {
	db_attr *attrs;
	size_t cap;
	char *buf;
	size_t bufcap;
} row_buf;

static void row_buf_free(row_buf *b)
{
	free(b->attrs);
	free(b->buf);
}

/* How a query finds its rows: the list alone, the search index's candidates
 * confirmed by repdesk_match, or the list with every row tested. */
typedef enum { FIND_ALL, FIND_FTS, FIND_WALK } find_how;

/* "FROM ... WHERE ..." for F (parameters :mask, :q, :text). */
static void from_where(char *out, size_t n, const db_filter *f, find_how how)
{
	snprintf(out, n, "%s WHERE %sc.deleted = 0%s%s%s",
	         how == FIND_FTS ? "FROM customers_fts CROSS JOIN customers c "
	                           "ON c.id = customers_fts.rowid" : "FROM customers c",
	         how == FIND_FTS ? "customers_fts MATCH :q AND " : "",
	         f && !f->include_inactive ? " AND c.status IN ('active', 'prospect')" : "",
	         f && f->tier_mask ? " AND ((:mask >> c.tier_eff) & 1)" : "",
	         how != FIND_ALL ? " AND repdesk_match(c.name, c.contact, c.phone, c.attrs, :text)" : "");
}

static void bind_named_text(sqlite3_stmt *s, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static void bind_named_int(sqlite3_stmt *s, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i)
		sqlite3_bind_int64(s, i, v);
}

static void bind_filter(sqlite3_stmt *s, const db_filter *f, const char *q)
{
	if (f)
		bind_named_int(s, ":mask", f->tier_mask);
	bind_named_text(s, ":q", q);
	bind_named_text(s, ":text", f ? f->search : NULL);
}

/* The search F asks for as a MATCH expression, NULL when none (text with
 * nothing searchable in it, only spaces or punctuation, filters nothing). */
static db_status search_of(db *d, const db_filter *f, char **q)
{
	*q = NULL;
	if (!f || !f->search || !*f->search)
		return DB_OK;
	if (store_search_query(f->search, q) < 0)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	return DB_OK;
}

/* Step S and hand each row to FN; *N counts the rows handed out. */
static db_status feed(db *d, sqlite3_stmt *s, db_customer_fn fn, void *ctx, int64_t *n,
                      bool *stopped)
{
	row_buf b = { 0 };
	db_customer c;
	db_status st = DB_OK;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((st = store_row_customer(d, s, &c, &b.attrs, &b.cap, &b.buf, &b.bufcap)) != DB_OK)
			break;
		(*n)++;
		if (!fn(&c, ctx)) {
			*stopped = true;
			break;
		}
	}
	row_buf_free(&b);
	if (st == DB_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = store_fail(d, rc, "reading customers");
	return st;
}

db_status db_customers_each(db *d, const db_filter *f, db_customer_fn fn, void *ctx)
{
	char fw[512], sql[1024], *q;
	db_status st = search_of(d, f, &q);
	int64_t n = 0;
	bool stopped = false;

	if (st != DB_OK)
		return st;
	from_where(fw, sizeof fw, f, q ? FIND_FTS : FIND_ALL);
	snprintf(sql, sizeof sql, "SELECT " STORE_CUST_COLS " %s ORDER BY c.tier_eff, c.name, c.id", fw);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (s) {
		bind_filter(s, f, q);
		st = feed(d, s, fn, ctx, &n, &stopped);
		sqlite3_finalize(s);
	} else {
		st = d->last;
	}
	free(q);
	return st;
}

/* Count up to CAP rows (all when CAP < 0). Driven by the search index when
 * searching, so a capped count stops early instead of collecting every
 * candidate first. */
/* One counting query: FW's rows (tier T only when T >= 0), at most CAP. */
static db_status count_one(db *d, const db_filter *f, const char *q, const char *fw, int t,
                           int64_t cap, int64_t *n)
{
	char sql[1200];
	const char *by_tier = t >= 0 ? " AND c.tier_eff = :t" : "";
	db_status st = DB_OK;

	if (cap >= 0)
		snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT 1 %s%s LIMIT :cap)", fw, by_tier);
	else
		snprintf(sql, sizeof sql, "SELECT count(*) %s%s", fw, by_tier);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s)
		return d->last;
	bind_filter(s, f, q);
	bind_named_int(s, ":cap", cap);
	bind_named_int(s, ":t", t);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		st = store_fail(d, rc, "counting customers");
	sqlite3_finalize(s);
	return st;
}

/* A tier filter counts tier by tier along the list index: the filter as
 * one expression would read the whole table to find a rare tier's rows. */
static db_status count(db *d, const db_filter *f, int64_t cap, int64_t *n)
{
	char fw[512], *q;
	db_status st = search_of(d, f, &q);

	*n = 0;
	if (st != DB_OK)
		return st;
	from_where(fw, sizeof fw, f, q ? FIND_FTS : FIND_ALL);
	if (f && f->tier_mask && !q) {
		for (int t = 0; t < TIER_COUNT && st == DB_OK; t++) {
			int64_t k = 0;
			if (!(f->tier_mask & (1u << t)))
				continue;
			if (cap >= 0 && *n >= cap)
				break;
			st = count_one(d, f, q, fw, t, cap >= 0 ? cap - *n : -1, &k);
			*n += k;
		}
	} else {
		st = count_one(d, f, q, fw, -1, cap, n);
	}
	free(q);
	return st;
}

db_status db_customer_count(db *d, const db_filter *f, int64_t *n)
{
	return count(d, f, -1, n);
}

db_status db_customer_count_upto(db *d, const db_filter *f, int64_t cap, int64_t *n)
{
	return count(d, f, cap < 0 ? 0 : cap, n);
}

static int max_id(db *d, int64_t *out)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT coalesce(max(id), 0) FROM customers");
	int rc;

	if (!s)
		return sqlite3_extended_errcode(d->h);
	rc = sqlite3_step(s);
	*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Whether to walk the list for the search Q (typed as TEXT) rather than sort
 * its candidates. Sorting costs about one row read per candidate; walking
 * about PAGE x rows / matches. The index gives the candidates' number (up to
 * a cap); checking the first SAMPLE of them estimates how many are matches.
 * Remembered for the last text: a person pages through one search at a time. */
static db_status dense(db *d, const char *text, const char *q, bool *out)
{
	sqlite3_stmt *s;
	int64_t v[3];   /* rows, candidates, confirmed in the sample */
	int rc;

	if (d->plan_text && strcmp(d->plan_text, text) == 0) {
		*out = d->plan_dense;
		return DB_OK;
	}
	if (!(s = store_stmt(d, ST_SEARCH_PLAN)))
		return d->last;
	/* Counting stops where sorting would cost several times what a walk
	 * through a dense search costs anyway (4 x sqrt(PAGE x rows)). */
	if (d->rows_seen <= 0 && (rc = max_id(d, &d->rows_seen)) != SQLITE_OK)
		return store_fail(d, rc, "searching");
	int64_t cap = 1000;
	while (cap * cap < 16 * PAGE_TYPICAL * d->rows_seen)
		cap += cap / 4;
	sqlite3_bind_text(s, 1, q, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, cap);
	sqlite3_bind_int(s, 3, PLAN_SAMPLE);
	sqlite3_bind_text(s, 4, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	for (int i = 0; i < 2; i++)
		v[i + 1] = sqlite3_column_int64(s, i);
	v[0] = d->rows_seen;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail(d, rc, "searching");
	int64_t sampled = v[1] < PLAN_SAMPLE ? v[1] : PLAN_SAMPLE;
	double matches = sampled ? (double)v[1] * (double)v[2] / (double)sampled : 0;
	double walk = matches > 0 ? PAGE_TYPICAL * (double)v[0] / matches : (double)v[0];
	free(d->plan_text);
	d->plan_text = strdup(text);
	d->plan_dense = *out = walk < (double)v[1];
	return DB_OK;
}

/* The key to continue after: the caller's, made exact from the row itself when
 * its name was cut to fit db_page_key. */
static db_status resume_key(db *d, const db_page_key *after, int *t, char **name, int64_t *id)
{
	*t = 0;
	*name = NULL;
	*id = -1;
	if (!after)
		return DB_OK;
	*t = after->tier >= TIER_S && after->tier < TIER_COUNT ? (int)after->tier : 0;
	*id = after->id;
	if (strlen(after->name) + 1 < sizeof after->name) {
		*name = strdup(after->name);
	} else {
		sqlite3_stmt *s = store_prepare(d, "SELECT name, tier_eff FROM customers WHERE id = ?1");
		if (!s)
			return d->last;
		sqlite3_bind_int64(s, 1, after->id);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			*name = strdup(store_col_text(s, 0));
			*t = sqlite3_column_int(s, 1);
		} else {
			*name = strdup(after->name);
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(d, rc, "reading customers");
	}
	return *name ? DB_OK : store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
}

/* ---- sorted search results, remembered ---- */

/* The matches of the last sorted search, in list order, so that paging
 * through them reads 50 rows instead of sorting every candidate again. Any
 * write, here or by another process, forgets them. */
struct store_sorted {
	char *text;
	unsigned mask;
	bool inactive;
	int64_t *ids;
	size_t n;
	int64_t changes, version;
};

void store_sorted_free(db *d)
{
	if (d->sorted) {
		free(d->sorted->text);
		free(d->sorted->ids);
		free(d->sorted);
		d->sorted = NULL;
	}
}

/* The book's change counters: ours, and SQLite's for other connections. */
static db_status versions(db *d, int64_t *changes, int64_t *version)
{
	sqlite3_stmt *s = store_stmt(d, ST_DATA_VERSION);

	*changes = *version = -1;
	if (!s)
		return d->last;
	int rc = sqlite3_step(s);
	*version = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	*changes = sqlite3_total_changes64(d->h);
	return rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, "searching");
}

static size_t c_count(const struct store_sorted *c)
{
	return c ? c->n : 0;
}

static struct store_sorted *sorted_find(db *d, const db_filter *f)
{
	struct store_sorted *c = d->sorted;
	int64_t changes, version;

	if (!c || strcmp(c->text, f->search) != 0 || c->mask != f->tier_mask ||
	    c->inactive != f->include_inactive)
		return NULL;
	if (versions(d, &changes, &version) != DB_OK || changes != c->changes ||
	    version != c->version) {
		store_sorted_free(d);
		return NULL;
	}
	return c;
}

/* Every match of F in list order (the search's candidates are few). */
static db_status sorted_fill(db *d, const db_filter *f, const char *q)
{
	char fw[512], sql[1024];
	struct store_sorted *c = calloc(1, sizeof *c);
	size_t cap = 0;
	db_status st = DB_OK;
	int rc;

	store_sorted_free(d);
	if (!c || !(c->text = strdup(f->search))) {
		free(c);
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	}
	c->mask = f->tier_mask;
	c->inactive = f->include_inactive;
	from_where(fw, sizeof fw, f, FIND_FTS);
	snprintf(sql, sizeof sql, "SELECT c.id %s ORDER BY c.tier_eff, c.name, c.id", fw);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s) {
		free(c->text);
		free(c);
		return d->last;
	}
	bind_filter(s, f, q);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (c->n == cap) {
			int64_t *ids = realloc(c->ids, (cap = cap ? cap * 2 : 256) * sizeof *ids);
			if (!ids) {
				st = store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
				break;
			}
			c->ids = ids;
		}
		c->ids[c->n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (st == DB_OK && rc != SQLITE_DONE)
		st = store_fail(d, rc, "searching");
	if (st == DB_OK)
		st = versions(d, &c->changes, &c->version);
	d->sorted = c;
	if (st != DB_OK)
		store_sorted_free(d);
	return st;
}

/* The page after (T, NAME, ID) of the search's candidates, sorted (BACK:
 * the page before it, nearest first). */
static db_status keyset_page(db *d, const db_filter *f, const char *q, bool back,
                             int t, const char *name, int64_t id, int limit,
                             db_customer_fn fn, void *ctx)
{
	char fw[512], sql[1024];
	int64_t n = 0;
	bool stopped = false;

	from_where(fw, sizeof fw, f, FIND_FTS);
	snprintf(sql, sizeof sql, "SELECT " STORE_CUST_COLS " %s %s "
	         "ORDER BY c.tier_eff%s, c.name%s, c.id%s LIMIT :limit", fw,
	         back ? "AND (c.tier_eff, c.name, c.id) < (:t, :name, :id)"
	              : "AND (c.tier_eff, c.name, c.id) > (:t, :name, :id)",
	         back ? " DESC" : "", back ? " DESC" : "", back ? " DESC" : "");
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s)
		return d->last;
	bind_filter(s, f, q);
	bind_named_int(s, ":t", t);
	bind_named_text(s, ":name", name);
	bind_named_int(s, ":id", id);
	bind_named_int(s, ":limit", limit);
	db_status st = feed(d, s, fn, ctx, &n, &stopped);
	sqlite3_finalize(s);
	return st;
}

/* A page of a search with few candidates: sorted once, then read by id. A
 * key that is not among the remembered matches (made elsewhere) is looked
 * up the long way. */
static db_status sorted_page(db *d, const db_filter *f, const char *q, bool back,
                             const db_page_key *after, int t, const char *name, int64_t id,
                             int limit, db_customer_fn fn, void *ctx)
{
	struct store_sorted *c = sorted_find(d, f);
	db_status st;
	size_t at = back ? c_count(c) : 0;

	if (!c) {
		if ((st = sorted_fill(d, f, q)) != DB_OK)
			return st;
		c = d->sorted;
		at = back ? c->n : 0;
	}
	if (after) {
		at = 0;
		while (at < c->n && c->ids[at] != after->id)
			at++;
		if (at == c->n)
			return keyset_page(d, f, q, back, t, name, id, limit, fn, ctx);
		if (!back)
			at++;
	}
	sqlite3_stmt *s = store_prepare(d, "SELECT " STORE_CUST_COLS " FROM customers c WHERE id = ?1");
	if (!s)
		return d->last;
	int64_t n = 0;
	bool stopped = false;
	st = DB_OK;
	/* Forward from AT; backward from the row before AT. */
	for (size_t k = 0; n < limit && !stopped && st == DB_OK; k++) {
		size_t i;
		if (back) {
			if (k >= at)
				break;
			i = at - 1 - k;
		} else {
			if (at + k >= c->n)
				break;
			i = at + k;
		}
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, c->ids[i]);
		st = feed(d, s, fn, ctx, &n, &stopped);
	}
	sqlite3_finalize(s);
	return st;
}

/* A page forward after AFTER, or backward before it (nearest first). */
static db_status page(db *d, const db_filter *f, const db_page_key *after, bool back,
                      int limit, db_customer_fn fn, void *ctx)
{
	char fw[512], sql[1024], *q = NULL, *name = NULL;
	int64_t id, n = 0;
	int t0;
	bool stopped = false, walk = true;
	db_status st;
	sqlite3_stmt *s[2] = { NULL, NULL };

	if (limit <= 0)
		return DB_OK;
	if ((st = search_of(d, f, &q)) != DB_OK)
		return st;
	if ((st = resume_key(d, after, &t0, &name, &id)) != DB_OK)
		goto out;
	if (q && (st = dense(d, f->search, q, &walk)) != DB_OK)
		goto out;

	if (!walk) {
		st = sorted_page(d, f, q, back, after, after ? t0 : -1, name ? name : "", id,
		                 limit, fn, ctx);
		goto out;
	}

	/* Walk the list index tier by tier: each query is one index range. The
	 * first tier starts at the key; the others are read whole. */
	from_where(fw, sizeof fw, f, q ? FIND_WALK : FIND_ALL);
	for (int k = 0; k < 2; k++) {
		snprintf(sql, sizeof sql, "SELECT " STORE_CUST_COLS " %s AND c.tier_eff = :t %s "
		         "ORDER BY c.tier_eff%s, c.name%s, c.id%s LIMIT :limit", fw,
		         k == 0 ? "" : back ? "AND (c.name, c.id) < (:name, :id)"
		                            : "AND (c.name, c.id) > (:name, :id)",
		         back ? " DESC" : "", back ? " DESC" : "", back ? " DESC" : "");
		if (!(s[k] = store_prepare(d, sql))) {
			st = d->last;
			goto out;
		}
	}
	if (!after)
		t0 = back ? TIER_COUNT - 1 : 0;
	for (int t = t0; t >= 0 && t < TIER_COUNT && n < limit && !stopped && st == DB_OK;
	     t += back ? -1 : 1) {
		if (f && f->tier_mask && !(f->tier_mask & (1u << t)))
			continue;
		sqlite3_stmt *st1 = s[after && t == t0 ? 1 : 0];
		sqlite3_reset(st1);
		bind_filter(st1, f, q);
		bind_named_int(st1, ":t", t);
		bind_named_text(st1, ":name", name ? name : "");
		bind_named_int(st1, ":id", id);
		bind_named_int(st1, ":limit", limit - n);
		st = feed(d, st1, fn, ctx, &n, &stopped);
	}
out:
	sqlite3_finalize(s[0]);
	sqlite3_finalize(s[1]);
	free(q);
	free(name);
	return st;
}

db_status db_customer_page(db *d, const db_filter *f, const db_page_key *after,
                           int limit, db_customer_fn fn, void *ctx)
{
	return page(d, f, after, false, limit, fn, ctx);
}

db_status db_customer_page_before(db *d, const db_filter *f, const db_page_key *before,
                                  int limit, db_customer_fn fn, void *ctx)
{
	return page(d, f, before, true, limit, fn, ctx);
}
