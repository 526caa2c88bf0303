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

struct store_rank {
	rank_rule rule;
	bool registered;             /* repdesk_rank is known to the connection */
	db_attr *attrs;              /* a customer's attributes, parsed */
	size_t nattrs, cap;
	char *buf;
	size_t bufcap;
};

void store_rank_free(db *d)
{
	if (d->rank) {
		free(d->rank->attrs);
		free(d->rank->buf);
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

/* Each customer's class of T, when the book has a rule. */
db_status store_rank_today(db *d, db_today *t)
{
	db_status st = store_rank_load(d);
	const rank_rule *r = d->rank ? &d->rank->rule : NULL;

	if (st != DB_OK || !r || !r->nattrs)
		return st;
	t->rank_classes = rank_classes(r);
	for (size_t i = 0; i < t->n; i++)          /* no attributes: the last class */
		t->rows[i].rank_class = t->rank_classes;
	sqlite3_stmt *s = store_prepare(d, "SELECT uid, attrs FROM customers "
	                                   "WHERE deleted = 0 AND attrs <> '{}'");
	if (!s)
		return d->last;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long i = store_uidmap_find(t->uids, store_col_text(s, 0), NULL);
		if (i >= 0)
			t->rows[i].rank_class = class_of(d, store_col_text(s, 1));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, "rank");
}
