/* The ranking rule read from the book's settings, and each customer's class
 * under it: for a list sorted by rank (list.c, through the SQL function
 * repdesk_rank) and for the day's queue (todayrows.c). The rule is text
 * that may come from a bundle: one that does not parse counts as none. */
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/today.h"
#include "repdesk/rank.h"
#include "store_int.h"

/* A list sorted by rank, remembered for its next pages: the ids in order
 * for one filter, until anything is written. */
typedef struct {
	int64_t *ids;
	size_t n, cap;
	char *search;
	unsigned mask;
	bool inactive, valid, nomem;
	int64_t changes, version;
} rank_list;

/* Up to this many customers are read one by one, by uid. */
#define RANK_BY_UID_MAX 2000

struct store_rank {
	rank_rule rule;
	bool registered;             /* repdesk_rank is known to the connection */
	db_attr *attrs;              /* a customer's attributes, parsed */
	size_t nattrs, cap;
	char *buf;
	size_t bufcap;
	rank_list list;
};

static void list_clear(rank_list *l)
{
	free(l->ids);
	free(l->search);
	memset(l, 0, sizeof *l);
}

void store_rank_free(db *d)
{
	if (d->rank) {
		free(d->rank->attrs);
		free(d->rank->buf);
		list_clear(&d->rank->list);
		free(d->rank);
		d->rank = NULL;
	}
}

db_status db_rank_rule(db *d, rank_rule *r)
{
	char text[RANK_TEXT_MAX + 2];
	db_status st = db_setting_get(d, DB_RANK_SETTING, text, sizeof text);

	r->nattrs = 0;
	if (st == DB_NOT_FOUND)
		return DB_OK;
	if (st != DB_OK)
		return st;
	if (!rank_parse(text, r, NULL, 0))
		r->nattrs = 0;
	return DB_OK;
}

static const char *attr_value(const char *name, void *ctx)
{
	const struct store_rank *k = ctx;
	for (size_t i = 0; i < k->nattrs; i++)
		if (strcmp(k->attrs[i].key, name) == 0)
			return k->attrs[i].value;
	return NULL;
}

/* The class of the customer whose attributes are the JSON text ATTRS. */
static int64_t class_of(db *d, const char *attrs)
{
	struct store_rank *k = d->rank;

	if (!store_attrs_parse(d, attrs, &k->attrs, &k->nattrs, &k->cap, &k->buf, &k->bufcap))
		k->nattrs = 0;              /* unreadable: no values, the last class */
	return rank_class(&k->rule, attr_value, k);
}

static void sql_rank(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	db *d = sqlite3_user_data(cx);
	const char *attrs = argc == 1 ? (const char *)sqlite3_value_text(argv[0]) : NULL;

	sqlite3_result_int64(cx, d->rank ? class_of(d, attrs) : 1);
}

/* Read the rule into D and make repdesk_rank(attrs) give the class under it. */
db_status store_rank_load(db *d)
{
	if (!d->rank && !(d->rank = calloc(1, sizeof *d->rank)))
		return store_fail(d, SQLITE_NOMEM, "rank");
	db_status st = db_rank_rule(d, &d->rank->rule);
	if (st != DB_OK)
		return st;
	if (!d->rank->registered) {
		int rc = sqlite3_create_function_v2(d->h, "repdesk_rank", 1, SQLITE_UTF8 |
		                                    SQLITE_DIRECTONLY, d, sql_rank, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return store_fail(d, rc, "repdesk_rank");
		d->rank->registered = true;
	}
	return DB_OK;
}

/* The classes of T's rows from S (uid, attrs), stepped to its end. */
static db_status classes_from(db *d, db_today *t, sqlite3_stmt *s)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long i = store_uidmap_find(t->uids, store_col_text(s, 0), NULL);
		if (i >= 0)
			t->rows[i].rank_class = class_of(d, store_col_text(s, 1));
	}
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, "rank");
}

/* Each customer's class of T, when the book has a rule: a few rows (a
 * screen's window) each by its uid, a whole book in one pass. */
db_status store_rank_today(db *d, db_today *t)
{
	db_status st = store_rank_load(d);
	const rank_rule *r = d->rank ? &d->rank->rule : NULL;

	if (st != DB_OK || !r || !r->nattrs)
		return st;
	t->rank_classes = rank_classes(r);
	for (size_t i = 0; i < t->n; i++)          /* no attributes: the last class */
		t->rows[i].rank_class = t->rank_classes;
	bool few = t->n <= RANK_BY_UID_MAX;
	sqlite3_stmt *s = store_prepare(d, few ? "SELECT uid, attrs FROM customers WHERE uid = ?1"
	                                       : "SELECT uid, attrs FROM customers "
	                                         "WHERE deleted = 0 AND attrs <> '{}'");
	if (!s)
		return d->last;
	for (size_t i = 0; st == DB_OK && i < (few ? t->n : 1); i++) {
		if (few) {
			sqlite3_reset(s);
			sqlite3_bind_text(s, 1, t->rows[i].uid, -1, SQLITE_STATIC);
		}
		st = classes_from(d, t, s);
	}
	sqlite3_finalize(s);
	return st;
}

/* ---- pages of the list sorted by rank ---- */

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
	return rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, "rank");
}

static bool same_filter(const rank_list *l, const db_filter *f)
{
	const char *q = f->search ? f->search : "";
	return l->valid && l->mask == f->tier_mask && l->inactive == f->include_inactive &&
	       strcmp(l->search ? l->search : "", q) == 0;
}

static bool take_id(const db_customer *c, void *ctx)
{
	rank_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		int64_t *ids = realloc(l->ids, cap * sizeof *ids);
		if (!ids) {
			l->nomem = true;
			return false;
		}
		l->ids = ids;
		l->cap = cap;
	}
	l->ids[l->n++] = c->id;
	return true;
}

/* The ids of F's customers in rank order, read again when anything was
 * written since they were. */
static db_status list_get(db *d, const db_filter *f, rank_list **out)
{
	int64_t changes, version;
	db_status st = versions(d, &changes, &version);

	if (st != DB_OK)
		return st;
	rank_list *l = &d->rank->list;
	if (same_filter(l, f) && l->changes == changes && l->version == version) {
		*out = l;
		return DB_OK;
	}
	list_clear(l);
	if (f->search && !(l->search = strdup(f->search)))
		return store_fail(d, SQLITE_NOMEM, "rank");
	l->mask = f->tier_mask;
	l->inactive = f->include_inactive;
	st = db_customers_each(d, f, take_id, l);
	if (st == DB_OK && l->nomem)
		st = store_fail(d, SQLITE_NOMEM, "rank");
	if (st == DB_OK)
		st = versions(d, &l->changes, &l->version);
	if (st != DB_OK) {
		list_clear(l);
		return st;
	}
	l->valid = true;
	*out = l;
	return DB_OK;
}

/* The row of ID handed to FN (*STOP: FN wants no more). */
static db_status feed_one(db *d, sqlite3_stmt *s, int64_t id, db_customer_fn fn, void *ctx,
                          bool *stop)
{
	db_attr *attrs = NULL;
	char *buf = NULL;
	size_t cap = 0, bufcap = 0;
	db_customer c;
	db_status st = DB_OK;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		st = store_row_customer(d, s, &c, &attrs, &cap, &buf, &bufcap);
		if (st == DB_OK && !fn(&c, ctx))
			*stop = true;
	} else if (rc != SQLITE_DONE) {
		st = store_fail(d, rc, "rank");
	}
	free(attrs);
	free(buf);
	return st;
}

db_status store_rank_page(db *d, const db_filter *f, const db_page_key *after, bool back,
                          int limit, db_customer_fn fn, void *ctx)
{
	rank_list *l = NULL;
	db_status st = store_rank_load(d);

	if (st == DB_OK)
		st = list_get(d, f, &l);
	if (st != DB_OK)
		return st;
	/* Where AFTER is (not found, as a row deleted meanwhile: the start). */
	size_t at = back ? l->n : 0;
	if (after) {
		size_t i = 0;
		while (i < l->n && l->ids[i] != after->id)
			i++;
		if (i < l->n)
			at = back ? i : i + 1;
	}
	sqlite3_stmt *s = store_prepare(d, "SELECT " STORE_CUST_COLS " FROM customers c WHERE id = ?1");
	if (!s)
		return d->last;
	bool stop = false;
	for (int k = 0; k < limit && !stop && st == DB_OK; k++) {
		if (back ? at == 0 : at >= l->n)
			break;
		st = feed_one(d, s, l->ids[back ? --at : at++], fn, ctx, &stop);
	}
	sqlite3_finalize(s);
	return st;
}
