/* Lists of customers: every match in order (commands, export), counts, and
 * keyset pages for screens, whose cost must not grow with the book.
 *
 * A page is read per tier from the index (tier_eff, name, id), so a tier
 * filter costs nothing. A search page takes one of two routes. When the
 * query's candidates are few, they come from the search index and only they
 * are sorted (once: the order is remembered for the next pages). When they
 * are many, the list is walked in order: first reading each row and testing
 * it, which finds a page of matches quickly when they are dense; when a
 * budget of rows passes without a page (the matches lie further down, as a
 * surname found only among later imports does), the candidates' ids are read
 * from the search index once into a bitmap (ids only, no rows) and the walk
 * goes on by the index's keys alone, reading and confirming with
 * repdesk_match only the rows whose ids are marked: a row walked then costs
 * a fraction of a microsecond instead of several. At a million customers
 * that walk can still pass a hundred thousand keys (30-50 ms) before its
 * first match, so a screen may read with a budget: the candidates are then
 * read and the list walked a few milliseconds at a time, each call handing
 * out what it found and the key to go on from.
 *
 * Filter clauses (customers --where, the workbench's f) are tested on each
 * row read. A screen's page of a filter walks WALK_BUDGET rows a call, as a
 * search does, so a filter that matches little goes on a step at a time;
 * counts and uid lists of a filter read the table in its own order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/tuning.h"
#include "store_int.h"
#include "repdesk/i18n.h"

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
 * confirmed by repdesk_match, the list with every row tested, or the table
 * read in its own order (scan_table). */
typedef enum { FIND_ALL, FIND_FTS, FIND_WALK, FIND_SCAN } find_how;

/* Whether F's rows, wanted in no order (counted, or their uids), are found
 * by reading the table in its own order (FIND_SCAN) rather than along the
 * list index: when filter clauses are tested on every row read (and no tier
 * filter picks the index), several times cheaper a row than a seek from
 * each index entry, and a filter that matches little reads much of the
 * book. Not when a clause names the customer, which its index finds. */
static bool scan_table(const db_filter *f)
{
	if (!f || !f->nwhere || f->tier_mask)
		return false;
	for (size_t i = 0; i < f->nwhere; i++)
		if (f->where[i].source == WHERE_FIXED && strcmp(f->where[i].name, "name") == 0)
			return false;
	return true;
}

/* Room for "FROM ... WHERE ...": the filter's clauses are some hundred bytes
 * each (a filter has at most WHERE_MAX_CLAUSES). */
#define FW_SZ 16384

/* What the last search found among the contacts (see contacts_get). */
static const struct store_contact_hits *hits_of(db *d);

/* "FROM ... WHERE ..." for F (parameters :mask, :q, :text, :cids, :cmarks,
 * and the clauses' own, bound by bind_filter). A search whose text starts
 * the name or phone of contacts (other than the primary ones, whose name
 * and phone are the customer's own columns) finds their customers too: the
 * search index's candidates and theirs, each confirmed by either rule. */
static void from_where(db *d, char *out, size_t n, const db_filter *f, find_how how)
{
	sqlite3_str *b = sqlite3_str_new(NULL);
	bool hits = (how == FIND_FTS || how == FIND_WALK) && hits_of(d);

	store_where_sql(b, f);
	char *where = sqlite3_str_finish(b);
	snprintf(out, n, "%s WHERE %sc.deleted = 0%s%s%s%s%s%s",
	         how == FIND_FTS && hits ? "FROM (SELECT rowid AS cid FROM customers_fts WHERE "
	                                   "customers_fts MATCH :q UNION SELECT value FROM "
	                                   "json_each(:cids)) m CROSS JOIN customers c ON c.id = m.cid" :
	         how == FIND_FTS ? "FROM customers_fts CROSS JOIN customers c "
	                           "ON c.id = customers_fts.rowid" :
	         how == FIND_SCAN ? "FROM customers c NOT INDEXED" : "FROM customers c",
	         how == FIND_FTS && !hits ? "customers_fts MATCH :q AND " : "",
	         f && !f->include_inactive ? " AND c.status IN ('active', 'prospect')" : "",
	         f && f->tier_mask ? " AND ((:mask >> c.tier_eff) & 1)" : "",
	         how == FIND_FTS || how == FIND_WALK
	         ? (hits ? " AND (repdesk_match(" STORE_FTS_VALUES("c.") ", :text)"
	                 : " AND repdesk_match(" STORE_FTS_VALUES("c.") ", :text)") : "",
	         (how == FIND_FTS || how == FIND_WALK) && hits ? " OR repdesk_marked(c.id, :cmarks))" : "",
	         "",
	         where ? where : "");
	sqlite3_free(where);
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

static void bind_hits(db *d, sqlite3_stmt *s);

static void bind_filter(db *d, sqlite3_stmt *s, const db_filter *f, const char *q)
{
	if (f)
		bind_named_int(s, ":mask", f->tier_mask);
	bind_named_text(s, ":q", q);
	bind_named_text(s, ":text", f ? f->search : NULL);
	bind_hits(d, s);
	store_where_bind(s, f);
}

/* The search F asks for as a MATCH expression, NULL when none (text with
 * nothing searchable in it, only spaces or punctuation, filters nothing). */
static db_status contacts_get(db *d, const char *text);
static void hits_off(db *d);

static db_status search_of(db *d, const db_filter *f, char **q)
{
	*q = NULL;
	hits_off(d);
	if (!f || !f->search || !*f->search)
		return DB_OK;
	if (store_search_query(f->search, q) < 0)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	db_status st = *q ? contacts_get(d, f->search) : DB_OK;
	if (st != DB_OK) {
		free(*q);
		*q = NULL;
	}
	return st;
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
		st = store_fail(d, rc, _("reading customers"));
	return st;
}

db_status db_customers_each(db *d, const db_filter *f, db_customer_fn fn, void *ctx)
{
	char fw[FW_SZ], sql[FW_SZ + 1024], *q;
	db_status st = search_of(d, f, &q);
	int64_t n = 0;
	bool stopped = false;

	if (st == DB_OK && f && f->by_rank)
		st = store_rank_load(d);
	if (st != DB_OK) {
		free(q);
		return st;
	}
	from_where(d, fw, sizeof fw, f, q ? FIND_FTS : FIND_ALL);
	snprintf(sql, sizeof sql, "SELECT " STORE_CUST_COLS " %s ORDER BY %sc.tier_eff, c.name, c.id", fw,
	         f && f->by_rank ? "repdesk_rank(c.attrs), " : "");
	sqlite3_stmt *s = store_prepare(d, sql);
	if (s) {
		bind_filter(d, s, f, q);
		st = feed(d, s, fn, ctx, &n, &stopped);
		sqlite3_finalize(s);
	} else {
		st = d->last;
	}
	free(q);
	return st;
}

db_status db_customer_uids(db *d, const db_filter *f, db_uid_fn fn, void *ctx)
{
	char fw[FW_SZ], sql[FW_SZ + 64], *q;
	db_status st = search_of(d, f, &q);
	int rc = SQLITE_DONE;

	if (st != DB_OK)
		return st;
	from_where(d, fw, sizeof fw, f, q ? FIND_FTS : scan_table(f) ? FIND_SCAN : FIND_ALL);
	snprintf(sql, sizeof sql, "SELECT c.uid %s", fw);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (s) {
		bind_filter(d, s, f, q);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			if (!fn(store_col_text(s, 0), ctx))
				break;
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			st = store_fail(d, rc, _("reading customers"));
		sqlite3_finalize(s);
	} else {
		st = d->last;
	}
	free(q);
	return st;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Whether F's customers are exactly those the attribute index
 * (customer_attrs, schema.c) gives: every status, no search, no tier, and
 * every clause an attribute equal to a value or to one of a list, which the
 * index answers as the row's clause would (the same comparison with the
 * same parameters; the index has the live customers' attributes only). */
static bool by_attr_index(const db_filter *f)
{
	if (!f || !f->nwhere || !f->include_inactive || f->tier_mask || (f->search && *f->search))
		return false;
	for (size_t i = 0; i < f->nwhere; i++) {
		const where_clause *w = &f->where[i];
		if (w->source != WHERE_ATTR || !w->n ||
		    !((w->op == WHERE_EQ && w->n == 1) || w->op == WHERE_IN))
			return false;
	}
	return true;
}

/* The members of F (by_attr_index) from the index, one set per clause and
 * what they share; NULL when the book has no such index (a read-only book of
 * an older schema), and then F is read from the customers. */
static sqlite3_stmt *attr_index_query(db *d, const db_filter *f)
{
	sqlite3_str *b = sqlite3_str_new(NULL);
	sqlite3_stmt *s = NULL;

	for (size_t i = 0; i < f->nwhere; i++) {
		const where_clause *w = &f->where[i];
		sqlite3_str_appendf(b, "%sSELECT customer_id FROM customer_attrs WHERE name = :w%d_k AND ",
		                    i ? " INTERSECT " : "", (int)i);
		if (w->op == WHERE_EQ) {
			sqlite3_str_appendf(b, "value = :w%d_0", (int)i);
			continue;
		}
		sqlite3_str_appendall(b, "value IN (");
		for (size_t k = 0; k < w->n; k++)
			sqlite3_str_appendf(b, "%s:w%d_%d", k ? ", " : "", (int)i, (int)k);
		sqlite3_str_appendall(b, ")");
	}
	char *sql = sqlite3_str_finish(b);
	if (sql && sqlite3_prepare_v2(d->h, sql, -1, &s, NULL) != SQLITE_OK) {
		sqlite3_finalize(s);
		s = NULL;
	}
	sqlite3_free(sql);
	if (s)
		store_where_bind(s, f);
	return s;
}

db_status db_customer_ids(db *d, const db_filter *f, int64_t **ids, size_t *n)
{
	char fw[FW_SZ], sql[FW_SZ + 64], *q;
	db_status st = search_of(d, f, &q);
	int rc = SQLITE_DONE;
	size_t cap = 0;
	bool sorted = true;

	*ids = NULL;
	*n = 0;
	if (st != DB_OK)
		return st;
	sqlite3_stmt *s = by_attr_index(f) ? attr_index_query(d, f) : NULL;
	if (!s) {
		from_where(d, fw, sizeof fw, f, q ? FIND_FTS : scan_table(f) ? FIND_SCAN : FIND_ALL);
		snprintf(sql, sizeof sql, "SELECT c.id %s", fw);
		if ((s = store_prepare(d, sql)))
			bind_filter(d, s, f, q);
	}
	if (s) {
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (*n == cap) {
				size_t c2 = cap ? 2 * cap : 1024;
				int64_t *v = realloc(*ids, c2 * sizeof *v);
				if (!v) {
					st = store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
					break;
				}
				*ids = v;
				cap = c2;
			}
			int64_t id = sqlite3_column_int64(s, 0);
			if (*n && id < (*ids)[*n - 1])
				sorted = false;
			(*ids)[(*n)++] = id;
		}
		if (st == DB_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
			st = store_fail(d, rc, _("reading customers"));
		sqlite3_finalize(s);
	} else {
		st = d->last;
	}
	free(q);
	if (st != DB_OK) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	} else if (!sorted) {
		qsort(*ids, *n, sizeof **ids, id_cmp);
	}
	return st;
}

/* Count up to CAP rows (all when CAP < 0). Driven by the search index when
 * searching, so a capped count stops early instead of collecting every
 * candidate first. */
/* One counting query: FW's rows (tier T only when T >= 0), at most CAP. */
static db_status count_one(db *d, const db_filter *f, const char *q, const char *fw, int t,
                           int64_t cap, int64_t *n)
{
	char sql[FW_SZ + 1200];
	const char *by_tier = t >= 0 ? " AND c.tier_eff = :t" : "";
	db_status st = DB_OK;

	if (cap >= 0)
		snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT 1 %s%s LIMIT :cap)", fw, by_tier);
	else
		snprintf(sql, sizeof sql, "SELECT count(*) %s%s", fw, by_tier);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s)
		return d->last;
	bind_filter(d, s, f, q);
	bind_named_int(s, ":cap", cap);
	bind_named_int(s, ":t", t);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		st = store_fail(d, rc, _("counting customers"));
	sqlite3_finalize(s);
	return st;
}

/* A tier filter counts tier by tier along the list index: the filter as
 * one expression would read the whole table to find a rare tier's rows. */
static db_status count(db *d, const db_filter *f, int64_t cap, int64_t *n)
{
	char fw[FW_SZ], *q;
	db_status st = search_of(d, f, &q);

	*n = 0;
	if (st != DB_OK)
		return st;
	from_where(d, fw, sizeof fw, f, q ? FIND_FTS : scan_table(f) ? FIND_SCAN : FIND_ALL);
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
			return store_fail(d, rc, _("reading customers"));
	}
	return *name ? DB_OK : store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
}

/* ---- what the last search remembers ---- */

/* For the last search text: its candidates' ids, marked in a bitmap (one
 * bit per id up to the largest: 125 KB at a million), and, for the last
 * search with few candidates, its matches in list order, so that paging
 * reads 50 rows instead of reading the candidates or sorting them again.
 * Any write, here or by another process, forgets both. */
/* The customers a search text finds by their other contacts: the text's
 * start of a contact's name or phone. */
struct store_contact_hits {
	char *text;
	bool active;            /* for the search under way */
	int64_t changes, version;
	size_t n;
	char *json;             /* their ids, "[id,...]" for json_each */
	uint64_t *bits;
	store_marks marks;      /* the same as a set for repdesk_marked */
};

struct store_sorted {
	struct store_contact_hits hits;
	struct {
		char *text;
		unsigned mask;
		bool inactive;
		char *where;            /* the filter's clauses (store_where_key) */
		int64_t *ids;
		size_t n;
		int64_t changes, version;
	} sort;
	struct {
		char *text;
		uint64_t *bits;
		int64_t nbits;
		int64_t n;              /* ids marked */
		int64_t last;           /* the last id read: the next read goes on
		                         * after it */
		bool complete;          /* false: reading stopped at a limit */
		bool too_far;           /* an id at or past MARK_MAX_ID: no bitmap */
		bool sparse;            /* a walk reading rows found too few: the
		                         * next page marks them at once */
		int64_t changes, version;
	} mark;
};

static void sort_clear(struct store_sorted *m)
{
	sqlite3_free(m->sort.where);
	free(m->sort.text);
	free(m->sort.ids);
	memset(&m->sort, 0, sizeof m->sort);
}

static void mark_clear(struct store_sorted *m)
{
	free(m->mark.text);
	free(m->mark.bits);
	memset(&m->mark, 0, sizeof m->mark);
}

static void hits_clear(struct store_contact_hits *h)
{
	free(h->text);
	free(h->json);
	free(h->bits);
	memset(h, 0, sizeof *h);
}

void store_sorted_free(db *d)
{
	if (d->sorted) {
		hits_clear(&d->sorted->hits);
		sort_clear(d->sorted);
		mark_clear(d->sorted);
		free(d->sorted);
		d->sorted = NULL;
	}
}

static struct store_sorted *memo(db *d)
{
	if (!d->sorted && !(d->sorted = calloc(1, sizeof *d->sorted)))
		store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	return d->sorted;
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
	return rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, _("searching"));
}

/* The candidates of Q (typed as TEXT) marked, the first UPTO ids of them
 * at least (all when UPTO < 0), going on from those an earlier call read
 * for the same text: *OUT the memo, whose mark.complete tells whether all
 * were. */
static db_status marks_get(db *d, const char *text, const char *q, int64_t upto,
                           struct store_sorted **out)
{
	struct store_sorted *m = memo(d);
	int64_t changes, version, want, got = 0;
	db_status st;
	int rc;

	*out = NULL;
	if (!m)
		return d->last;
	if ((st = versions(d, &changes, &version)) != DB_OK)
		return st;
	bool same = m->mark.text && strcmp(m->mark.text, text) == 0 &&
	            changes == m->mark.changes && version == m->mark.version;
	if (same && (m->mark.complete || m->mark.too_far || (upto >= 0 && m->mark.n >= upto))) {
		*out = m;
		return DB_OK;
	}
	if (!same) {
		mark_clear(m);
		if (!(m->mark.text = strdup(text)))
			return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
		m->mark.changes = changes;
		m->mark.version = version;
		m->mark.last = INT64_MIN;
		/* The customers found by their contacts are candidates too. */
		const struct store_contact_hits *h = hits_of(d);
		for (int64_t id = 0; h && id < h->marks.nbits; id++) {
			if (!store_marks_has(&h->marks, id))
				continue;
			if (id >= MARK_MAX_ID) {
				m->mark.too_far = true;
				break;
			}
			if (id >= m->mark.nbits) {
				int64_t nbits = m->mark.nbits ? m->mark.nbits : 4096;
				while (nbits <= id)
					nbits *= 2;
				uint64_t *bits = realloc(m->mark.bits, (size_t)(nbits / 64) * sizeof *bits);
				if (!bits) {
					mark_clear(m);
					return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
				}
				memset(bits + m->mark.nbits / 64, 0,
				       (size_t)((nbits - m->mark.nbits) / 64) * sizeof *bits);
				m->mark.bits = bits;
				m->mark.nbits = nbits;
			}
			m->mark.bits[id >> 6] |= UINT64_C(1) << (id & 63);
			m->mark.n++;
		}
	}
	want = upto >= 0 ? upto - m->mark.n : -1;
	sqlite3_stmt *s = store_prepare(d, "SELECT rowid FROM customers_fts "
	                                "WHERE customers_fts MATCH ?1 AND rowid > ?2 LIMIT ?3");
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, q, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, m->mark.last);
	sqlite3_bind_int64(s, 3, want >= 0 ? want + 1 : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (want >= 0 && got++ == want)
			break;                  /* one more than wanted: not complete */
		if (id >= MARK_MAX_ID) {
			m->mark.too_far = true;
			break;
		}
		m->mark.last = id;
		if (id < 0)
			continue;
		if (id >= m->mark.nbits) {
			int64_t nbits = m->mark.nbits ? m->mark.nbits : 4096;
			while (nbits <= id)
				nbits *= 2;
			uint64_t *bits = realloc(m->mark.bits, (size_t)(nbits / 64) * sizeof *bits);
			if (!bits) {
				sqlite3_finalize(s);
				mark_clear(m);
				return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
			}
			memset(bits + m->mark.nbits / 64, 0,
			       (size_t)((nbits - m->mark.nbits) / 64) * sizeof *bits);
			m->mark.bits = bits;
			m->mark.nbits = nbits;
		}
		m->mark.bits[id >> 6] |= UINT64_C(1) << (id & 63);
		m->mark.n++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		mark_clear(m);
		return store_fail(d, rc, _("searching"));
	}
	m->mark.complete = rc == SQLITE_DONE && !m->mark.too_far;
	*out = m;
	return DB_OK;
}

/* The shortest text (in characters) that looks among the contacts: one
 * character starts too many names for a keystroke's time. */
#define CONTACT_SEARCH_MIN_CHARS 2
/* The most contacts' names (or phones) a text may start for the contacts
 * to be looked among: each is read to tell a primary contact (whose name
 * and phone the search index has already, as the customer's) from the
 * others. Counting them by the index alone costs about a microsecond
 * each; reading them some microseconds: 4,096 keeps a keystroke within its
 * time at a million customers (tests/bench/ui.sh), where "13" starts a
 * third of all phones. A text that starts more finds customers by their
 * own fields only. */
#define CONTACT_SEARCH_MAX 4096

/* The customers whose other contacts' names or phones start with TEXT
 * (trimmed), remembered for that text until anything is written. */
static db_status contacts_get(db *d, const char *text)
{
	struct store_sorted *m = memo(d);
	int64_t changes, version;
	db_status st;

	if (!m)
		return d->last;
	struct store_contact_hits *h = &m->hits;
	while (*text == ' ' || *text == '\t')
		text++;
	size_t len = strlen(text), chars = 0;
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)text[i] & 0xC0) != 0x80;
	if (chars < CONTACT_SEARCH_MIN_CHARS)
		return DB_OK;
	if ((st = versions(d, &changes, &version)) != DB_OK)
		return st;
	if (h->text && strlen(h->text) == len && memcmp(h->text, text, len) == 0 &&
	    h->changes == changes && h->version == version) {
		h->active = h->n > 0;
		return DB_OK;
	}
	hits_clear(h);
	if (!(h->text = strndup(text, len)))
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	h->changes = changes;
	h->version = version;
	/* Too many contacts start with it: the customers' own fields only. */
	static const char *const counts[2] = {
		"SELECT count(*) FROM (SELECT 1 FROM contacts WHERE name >= ?1 AND "
		"name < ?1 || x'f4908080' AND deleted = 0 LIMIT ?2)",
		"SELECT count(*) FROM (SELECT 1 FROM contacts WHERE phone >= ?1 AND "
		"phone < ?1 || x'f4908080' AND deleted = 0 AND phone <> '' LIMIT ?2)",
	};
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *c = store_prepare(d, counts[i]);
		if (!c)
			return d->last;
		sqlite3_bind_text(c, 1, h->text, -1, SQLITE_STATIC);
		sqlite3_bind_int(c, 2, CONTACT_SEARCH_MAX + 1);
		int crc = sqlite3_step(c);
		int64_t n = crc == SQLITE_ROW ? sqlite3_column_int64(c, 0) : 0;
		sqlite3_finalize(c);
		if (crc != SQLITE_ROW)
			return store_fail(d, crc, _("searching"));
		if (n > CONTACT_SEARCH_MAX)
			return DB_OK;
	}
	sqlite3_stmt *s = store_prepare(d,
		"SELECT c.id FROM contacts k JOIN customers c ON c.uid = k.customer_uid "
		"WHERE k.deleted = 0 AND k.name >= ?1 AND k.name < ?1 || x'f4908080' AND k.is_primary = 0 "
		"AND c.deleted = 0 UNION "
		"SELECT c.id FROM contacts k JOIN customers c ON c.uid = k.customer_uid "
		"WHERE k.deleted = 0 AND k.phone <> '' AND k.phone >= ?1 AND k.phone < ?1 || x'f4908080' "
		"AND k.is_primary = 0 AND c.deleted = 0 ORDER BY 1");
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, h->text, -1, SQLITE_STATIC);
	sqlite3_str *json = sqlite3_str_new(NULL);
	int64_t nbits = 0;
	int rc;
	sqlite3_str_appendchar(json, 1, '[');
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (id < 0 || id >= MARK_MAX_ID)
			continue;
		if (id >= nbits) {
			int64_t want = nbits ? nbits : 4096;
			while (want <= id)
				want *= 2;
			uint64_t *bits = realloc(h->bits, (size_t)(want / 64) * sizeof *bits);
			if (!bits) {
				rc = SQLITE_NOMEM;
				break;
			}
			memset(bits + nbits / 64, 0, (size_t)((want - nbits) / 64) * sizeof *bits);
			h->bits = bits;
			nbits = want;
		}
		h->bits[id >> 6] |= UINT64_C(1) << (id & 63);
		sqlite3_str_appendf(json, "%s%lld", h->n ? "," : "", (long long)id);
		h->n++;
	}
	sqlite3_finalize(s);
	sqlite3_str_appendchar(json, 1, ']');
	char *j = sqlite3_str_finish(json);
	h->json = j ? strdup(j) : NULL;
	sqlite3_free(j);
	if (rc == SQLITE_DONE && !h->json)
		rc = SQLITE_NOMEM;
	if (rc != SQLITE_DONE) {
		hits_clear(h);
		return store_fail(d, rc, _("searching"));
	}
	h->marks = (store_marks){ h->bits, nbits, false, 0 };
	h->active = h->n > 0;
	return DB_OK;
}

static void hits_off(db *d)
{
	if (d->sorted)
		d->sorted->hits.active = false;
}

static const struct store_contact_hits *hits_of(db *d)
{
	return d->sorted && d->sorted->hits.active ? &d->sorted->hits : NULL;
}

static void bind_hits(db *d, sqlite3_stmt *s)
{
	struct store_contact_hits *h = d->sorted && d->sorted->hits.active ? &d->sorted->hits : NULL;
	int i;

	if (!h)
		return;
	if ((i = sqlite3_bind_parameter_index(s, ":cids")))
		sqlite3_bind_text(s, i, h->json, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(s, ":cmarks")))
		sqlite3_bind_pointer(s, i, &h->marks, STORE_MARKS_PTR, NULL);
}

/* The most candidates worth sorting. Sorting costs a row read per
 * candidate (some microseconds); a walk by keys about a tenth of that per row
 * walked, a page of evenly spread matches lying PAGE x rows / matches rows
 * in. Sorting wins below about 2 x sqrt(rows) candidates, and its cost does
 * not depend on where the matches lie. */
static int64_t few(db *d)
{
	int64_t n = 64;

	while (n * n < 4 * d->rows_seen)
		n++;
	return n;
}

/* Whether to walk the list for the search Q (typed as TEXT) rather than sort
 * its candidates: whether they are more than few(). Remembered for the last
 * text: a person pages through one search at a time. */
static db_status plan(db *d, const char *text, const char *q, bool *walk)
{
	struct store_sorted *m;
	db_status st;
	int rc;

	if (d->plan_text && strcmp(d->plan_text, text) == 0) {
		*walk = d->plan_dense;
		return DB_OK;
	}
	if (d->rows_seen <= 0 && (rc = max_id(d, &d->rows_seen)) != SQLITE_OK)
		return store_fail(d, rc, _("searching"));
	if ((st = marks_get(d, text, q, few(d), &m)) != DB_OK)
		return st;
	free(d->plan_text);
	d->plan_text = strdup(text);
	d->plan_dense = *walk = !m->mark.complete;
	return DB_OK;
}

static struct store_sorted *sorted_find(db *d, const db_filter *f)
{
	struct store_sorted *c = d->sorted;
	int64_t changes, version;

	if (!c || !c->sort.text || strcmp(c->sort.text, f->search) != 0 ||
	    c->sort.mask != f->tier_mask || c->sort.inactive != f->include_inactive)
		return NULL;
	char *where = store_where_key(f);
	bool same = where && c->sort.where && strcmp(where, c->sort.where) == 0;
	sqlite3_free(where);
	if (!same)
		return NULL;
	if (versions(d, &changes, &version) != DB_OK || changes != c->sort.changes ||
	    version != c->sort.version) {
		sort_clear(c);
		return NULL;
	}
	return c;
}

/* Every match of F in list order (the search's candidates are few). */
static db_status sorted_fill(db *d, const db_filter *f, const char *q)
{
	char fw[FW_SZ], sql[FW_SZ + 1024];
	struct store_sorted *c = memo(d);
	size_t cap = 0;
	db_status st = DB_OK;
	int rc;

	if (!c)
		return d->last;
	sort_clear(c);
	if (!(c->sort.text = strdup(f->search)))
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	c->sort.mask = f->tier_mask;
	c->sort.inactive = f->include_inactive;
	if (!(c->sort.where = store_where_key(f))) {
		sort_clear(c);
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	}
	from_where(d, fw, sizeof fw, f, FIND_FTS);
	snprintf(sql, sizeof sql, "SELECT c.id %s ORDER BY c.tier_eff, c.name, c.id", fw);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s) {
		sort_clear(c);
		return d->last;
	}
	bind_filter(d, s, f, q);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (c->sort.n == cap) {
			int64_t *ids = realloc(c->sort.ids, (cap = cap ? cap * 2 : 256) * sizeof *ids);
			if (!ids) {
				st = store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
				break;
			}
			c->sort.ids = ids;
		}
		c->sort.ids[c->sort.n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (st == DB_OK && rc != SQLITE_DONE)
		st = store_fail(d, rc, _("searching"));
	if (st == DB_OK)
		st = versions(d, &c->sort.changes, &c->sort.version);
	if (st != DB_OK)
		sort_clear(c);
	return st;
}

/* The page after (T, NAME, ID) of the search's candidates, sorted (BACK:
 * the page before it, nearest first). */
static db_status keyset_page(db *d, const db_filter *f, const char *q, bool back,
                             int t, const char *name, int64_t id, int limit,
                             db_customer_fn fn, void *ctx)
{
	char fw[FW_SZ], sql[FW_SZ + 1024];
	int64_t n = 0;
	bool stopped = false;

	from_where(d, fw, sizeof fw, f, FIND_FTS);
	snprintf(sql, sizeof sql, "SELECT " STORE_CUST_COLS " %s %s "
	         "ORDER BY c.tier_eff%s, c.name%s, c.id%s LIMIT :limit", fw,
	         back ? "AND (c.tier_eff, c.name, c.id) < (:t, :name, :id)"
	              : "AND (c.tier_eff, c.name, c.id) > (:t, :name, :id)",
	         back ? " DESC" : "", back ? " DESC" : "", back ? " DESC" : "");
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s)
		return d->last;
	bind_filter(d, s, f, q);
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
	size_t at = back ? (c ? c->sort.n : 0) : 0;

	if (!c) {
		if ((st = sorted_fill(d, f, q)) != DB_OK)
			return st;
		c = d->sorted;
		at = back ? c->sort.n : 0;
	}
	if (after) {
		at = 0;
		while (at < c->sort.n && c->sort.ids[at] != after->id)
			at++;
		if (at == c->sort.n)
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
			if (at + k >= c->sort.n)
				break;
			i = at + k;
		}
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, c->sort.ids[i]);
		st = feed(d, s, fn, ctx, &n, &stopped);
	}
	sqlite3_finalize(s);
	return st;
}

/* ---- walking the list ---- */

/* Where a walk is: the tier, and the last key passed in it (none yet when
 * NAME is NULL: the tier from its start, or its end going back). */
typedef struct {
	int t;
	char *name;
	int64_t id;
} walk_at;

static db_status walk_set(db *d, walk_at *w, const char *name, int64_t id)
{
	char *copy = strdup(name);

	if (!copy)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	free(w->name);
	w->name = copy;
	w->id = id;
	return DB_OK;
}

/* The next tier F lets through after T (before it, BACK), or -1. */
static int next_tier(const db_filter *f, int t, bool back)
{
	for (t += back ? -1 : 1; t >= 0 && t < TIER_COUNT; t += back ? -1 : 1)
		if (!f || !f->tier_mask || (f->tier_mask & (1u << t)))
			return t;
	return -1;
}

/* "SELECT COLS FW" for tier :t of the list in order (from the key
 * (:name, :id) when FROM_KEY, up to (:ename, :eid) included when TO_KEY),
 * then TAIL. */
static void walk_sql(char *out, size_t n, const char *cols, const char *fw, bool back,
                     bool from_key, bool to_key, const char *tail)
{
	snprintf(out, n, "SELECT %s %s AND c.tier_eff = :t%s%s "
	         "ORDER BY c.tier_eff%s, c.name%s, c.id%s%s", cols, fw,
	         !from_key ? "" : back ? " AND (c.name, c.id) < (:name, :id)"
	                               : " AND (c.name, c.id) > (:name, :id)",
	         !to_key ? "" : back ? " AND (c.name, c.id) >= (:ename, :eid)"
	                             : " AND (c.name, c.id) <= (:ename, :eid)",
	         back ? " DESC" : "", back ? " DESC" : "", back ? " DESC" : "", tail);
}

static sqlite3_stmt *walk_prepare(db *d, const char *cols, const char *fw, bool back,
                                  bool from_key, bool to_key, const char *tail)
{
	char sql[FW_SZ + 1400];

	walk_sql(sql, sizeof sql, cols, fw, back, from_key, to_key, tail);
	return store_prepare(d, sql);
}

static void walk_bind(db *d, sqlite3_stmt *s, const db_filter *f, const char *q, const walk_at *w)
{
	bind_filter(d, s, f, q);
	bind_named_int(s, ":t", w->t);
	bind_named_text(s, ":name", w->name);
	bind_named_int(s, ":id", w->id);
}

/* What a walk by keys counts for a row it reads and confirms, in keys
 * passed: a row read costs some microseconds, a key a tenth of one. */
#define MARK_ROW_KEYS 32

/* Walk the list from W by keys only, reading and confirming the rows whose
 * ids M marks, until LIMIT rows are handed out (*N counts them). BOUNDED:
 * about BUDGET keys only (one at least): *SPENT is set when the page is not
 * full by then, and W is left on the last key passed. */
static db_status mark_walk(db *d, const db_filter *f, const char *q, bool back,
                           const struct store_sorted *m, walk_at *w, bool bounded,
                           int64_t budget, int limit, db_customer_fn fn, void *ctx, int64_t *n,
                           bool *stopped, bool *spent)
{
	char fw[FW_SZ], sql[FW_SZ + 1100];
	store_marks set = { m->mark.bits, m->mark.nbits, bounded, budget };
	db_status st = DB_OK;
	int rc = SQLITE_DONE;

	*spent = false;
	from_where(d, fw, sizeof fw, f, FIND_WALK);
	snprintf(sql, sizeof sql, "SELECT " STORE_CUST_COLS " %s AND c.id = :cid", fw);
	sqlite3_stmt *row = store_prepare(d, sql);
	if (!row)
		return d->last;
	bind_filter(d, row, f, q);
	int cid = sqlite3_bind_parameter_index(row, ":cid");
	for (; w->t >= 0 && *n < limit && !*stopped && st == DB_OK; w->t = next_tier(f, w->t, back)) {
		sqlite3_stmt *keys = walk_prepare(d, "c.id, c.name", "FROM customers c WHERE c.deleted = 0 "
		                                  "AND repdesk_marked(c.id, :marks)",
		                                  back, w->name != NULL, false, "");
		if (!keys) {
			st = d->last;
			break;
		}
		walk_bind(d, keys, f, q, w);
		sqlite3_bind_pointer(keys, sqlite3_bind_parameter_index(keys, ":marks"), &set,
		                     STORE_MARKS_PTR, NULL);
		while (*n < limit && !*stopped && st == DB_OK &&
		       (rc = sqlite3_step(keys)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(keys, 0);
			if (store_marks_has(&set, id)) {
				sqlite3_reset(row);
				sqlite3_bind_int64(row, cid, id);
				st = feed(d, row, fn, ctx, n, stopped);
				set.left -= MARK_ROW_KEYS;
			}
			/* Out of budget (the key handed out only for that, or the
			 * row just read): stop on it, unless the page is done. */
			if (set.bounded && set.left < 0 && st == DB_OK && *n < limit && !*stopped) {
				st = walk_set(d, w, store_col_text(keys, 1), id);
				*spent = true;
				break;
			}
		}
		if (st == DB_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
			st = store_fail(d, rc, _("searching"));
		sqlite3_finalize(keys);
		if (*spent)
			break;
		free(w->name);
		w->name = NULL;
		if (*n >= limit || *stopped)
			break;
	}
	sqlite3_finalize(row);
	return st;
}

/* Walk the list from W reading every row, testing it when searching. With
 * BUDGET > 0, only that many rows: *SPENT is set when the page is not full
 * by then, and W is left on the last row walked. */
static db_status row_walk(db *d, const db_filter *f, const char *q, bool back, walk_at *w,
                          int64_t budget, int limit, db_customer_fn fn, void *ctx, int64_t *n,
                          bool *stopped, bool *spent)
{
	char fw[FW_SZ];
	db_status st = DB_OK;
	int rc;

	*spent = false;
	from_where(d, fw, sizeof fw, f, q ? FIND_WALK : FIND_ALL);
	for (; w->t >= 0 && *n < limit && !*stopped && st == DB_OK; w->t = next_tier(f, w->t, back)) {
		bool bounded = false;
		char *end = NULL;
		int64_t eid = 0;
		if (budget > 0) {
			/* The key BUDGET rows on, by the index alone. */
			sqlite3_stmt *k = walk_prepare(d, "c.name, c.id",
			                               "FROM customers c WHERE c.deleted = 0", back,
			                               w->name != NULL, false, " LIMIT :budget");
			if (!k)
				return d->last;
			walk_bind(d, k, f, q, w);
			bind_named_int(k, ":budget", budget);
			int64_t seen = 0;
			while ((rc = sqlite3_step(k)) == SQLITE_ROW) {
				seen++;
				if (seen == budget && !(end = strdup(store_col_text(k, 0)))) {
					sqlite3_finalize(k);
					return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
				}
				eid = sqlite3_column_int64(k, 1);
			}
			sqlite3_finalize(k);
			if (rc != SQLITE_DONE) {
				free(end);
				return store_fail(d, rc, _("searching"));
			}
			budget -= seen;
			bounded = end != NULL;
		}
		sqlite3_stmt *s = walk_prepare(d, STORE_CUST_COLS, fw, back, w->name != NULL,
		                               bounded, " LIMIT :limit");
		if (!s) {
			free(end);
			return d->last;
		}
		walk_bind(d, s, f, q, w);
		bind_named_text(s, ":ename", end);
		bind_named_int(s, ":eid", eid);
		bind_named_int(s, ":limit", limit - *n);
		st = feed(d, s, fn, ctx, n, stopped);
		sqlite3_finalize(s);
		if (bounded && st == DB_OK && *n < limit && !*stopped) {
			st = walk_set(d, w, end, eid);
			free(end);
			*spent = true;
			return st;
		}
		free(end);
		free(w->name);
		w->name = NULL;
		if (*n >= limit || *stopped)
			break;
	}
	return st;
}

/* Where walk W stands, as a key to go on from (at the start of its tier:
 * before every row of it, an empty name and no id). */
static void resume_of(const walk_at *w, db_page_key *k)
{
	memset(k, 0, sizeof *k);
	k->tier = (tier)w->t;
	k->id = w->name ? w->id : -1;
	snprintf(k->name, sizeof k->name, "%s", w->name ? w->name : "");
}

/* A page forward after AFTER, or backward before it (nearest first). With
 * BUDGET > 0, a search walking the list stops short (*MORE, where it stood
 * in *RESUME) after about BUDGET keys, or 2 x BUDGET candidates read, and
 * leaves reading its candidates to the next call when it has read rows
 * already: each is a few milliseconds. */
static db_status page(db *d, const db_filter *f, const db_page_key *after, bool back,
                      int limit, int64_t budget, db_page_key *resume, bool *more,
                      db_customer_fn fn, void *ctx)
{
	char *q = NULL;
	int64_t n = 0;
	bool stopped = false, walk = true, spent = false;
	db_status st;
	walk_at w = { 0, NULL, -1 };
	struct store_sorted *m = NULL;
	bool bounded = budget > 0;

	if (more)
		*more = false;
	if (limit <= 0)
		return DB_OK;
	if (f && f->by_rank)
		return store_rank_page(d, f, after, back, limit, fn, ctx);
	if ((st = search_of(d, f, &q)) != DB_OK)
		return st;
	if ((st = resume_key(d, after, &w.t, &w.name, &w.id)) != DB_OK)
		goto out;
	if (q && (st = plan(d, f->search, q, &walk)) != DB_OK)
		goto out;

	if (!walk) {
		st = sorted_page(d, f, q, back, after, after ? w.t : -1, w.name ? w.name : "",
		                 w.id, limit, fn, ctx);
		goto out;
	}
	if (!after) {
		free(w.name);
		w.name = NULL;
		w.t = next_tier(f, back ? TIER_COUNT : -1, back);
	} else if (f && f->tier_mask && !(f->tier_mask & (1u << w.t))) {
		free(w.name);
		w.name = NULL;
		w.t = next_tier(f, w.t, back);
	}
	if (!q && bounded && f && f->nwhere) {
		/* Filtering: WALK_BUDGET rows at a time, as a search walks; a
		 * filter that matches little goes on in the next calls. */
		st = row_walk(d, f, NULL, back, &w, WALK_BUDGET, limit, fn, ctx, &n, &stopped, &spent);
		if (st == DB_OK && spent) {
			resume_of(&w, resume);
			*more = true;
		}
		goto out;
	}
	/* Searching: by keys when the candidates are marked already; else a
	 * plain walk, which finds a page of matches that are dense where the
	 * walk starts at once, marking them when it finds too few within its
	 * budget (at once when an earlier page found too few). */
	if (q && (st = marks_get(d, f->search, q, few(d), &m)) != DB_OK)
		goto out;
	bool sparse = m && !m->mark.complete && !m->mark.too_far && m->mark.sparse;
	if ((!m || !m->mark.complete) && !sparse)
		st = row_walk(d, f, q, back, &w, m && !m->mark.too_far ? WALK_FIRST : 0, limit,
		              fn, ctx, &n, &stopped, &spent);
	if (st == DB_OK && spent && n > 0)
		st = row_walk(d, f, q, back, &w, WALK_BUDGET - WALK_FIRST, limit, fn, ctx, &n,
		              &stopped, &spent);
	if (st == DB_OK && spent && bounded) {
		/* Reading the candidates is left to the next steps. */
		m->mark.sparse = true;
		resume_of(&w, resume);
		*more = true;
		goto out;
	}
	if (st == DB_OK && (spent || sparse)) {
		/* Bounded, twice BUDGET ids at a time: an id read costs about
		 * half a key passed. */
		int64_t had = m->mark.n;
		st = marks_get(d, f->search, q, bounded ? had + 2 * budget : -1, &m);
		if (st == DB_OK && bounded && !m->mark.complete && !m->mark.too_far) {
			resume_of(&w, resume);
			*more = true;
			goto out;
		}
		if (st == DB_OK && !m->mark.complete)
			st = row_walk(d, f, q, back, &w, 0, limit, fn, ctx, &n, &stopped, &spent);
		else if (st == DB_OK)
			budget -= (m->mark.n - had) / 2;
	}
	if (st == DB_OK && m && m->mark.complete && n < limit && !stopped) {
		st = mark_walk(d, f, q, back, m, &w, bounded, budget, limit, fn, ctx, &n, &stopped,
		               &spent);
		if (st == DB_OK && spent && more) {
			resume_of(&w, resume);
			*more = true;
		}
	}
out:
	free(q);
	free(w.name);
	return st;
}

db_status db_customer_page(db *d, const db_filter *f, const db_page_key *after,
                           int limit, db_customer_fn fn, void *ctx)
{
	return page(d, f, after, false, limit, 0, NULL, NULL, fn, ctx);
}

db_status db_customer_page_some(db *d, const db_filter *f, const db_page_key *after,
                                int limit, int64_t budget, db_page_key *resume, bool *more,
                                db_customer_fn fn, void *ctx)
{
	return page(d, f, after, false, limit, budget > 0 ? budget : 0, resume, more, fn, ctx);
}

db_status db_customer_page_before(db *d, const db_filter *f, const db_page_key *before,
                                  int limit, db_customer_fn fn, void *ctx)
{
	return page(d, f, before, true, limit, 0, NULL, NULL, fn, ctx);
}
