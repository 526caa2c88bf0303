/* The Pipeline screen's reads: see repdesk/db/pipeline.h. Every statement
 * starts from the same FROM and WHERE: the live open opportunities of the
 * book's own rep, joined to their customers and filtered by them as the
 * customer list filters (tiers, search, clauses). The stages' weights and
 * usual days come from the table in core, written into the SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/pipeline.h"
#include "repdesk/i18n.h"
#include "store_int.h"

/* The card's columns, in this order. */
#define CARD_COLS "o.uid, o.customer_uid, c.name, o.title, o.value, o.stage, o.probability, " \
	"o.close_date, o.next_step, o.next_date, o.path, o.opened"
enum { K_UID, K_CUSTOMER, K_CNAME, K_TITLE, K_VALUE, K_STAGE, K_PROB, K_CLOSE, K_NEXT, K_NEXT_DATE,
       K_PATH, K_OPENED, K_COLS };

/* The day the stage was entered: the path's last day, else the opening. */
#define SINCE_SQL "(CASE WHEN o.path <> '' THEN substr(o.path, -10) ELSE o.opened END)"

typedef struct {
	sqlite3_str *b;
	char *q;                     /* the search as a MATCH expression, or NULL */
} query;

/* A CASE over the open stages giving each stage's probability (USUAL
 * false) or usual days. */
static void stage_case(sqlite3_str *b, bool usual)
{
	sqlite3_str_appendall(b, "CASE o.stage");
	for (int i = 0; i < OPP_OPEN_COUNT; i++)
		sqlite3_str_appendf(b, " WHEN '%s' THEN %d", opp_stages[i].key,
		                    usual ? opp_stages[i].usual_days : opp_stages[i].probability);
	sqlite3_str_appendall(b, " ELSE 0 END");
}

/* "FROM ... WHERE ..." of the open cards F shows, into Q->b. */
static db_status from_where(db *d, query *q, const db_filter *f)
{
	sqlite3_str *b = q->b;

	q->q = NULL;
	if (f && f->search && *f->search && store_search_query(f->search, &q->q) < 0)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	sqlite3_str_appendall(b, " FROM opportunities o JOIN customers c ON c.uid = o.customer_uid "
	                      "WHERE o.deleted = 0 AND c.deleted = 0 AND o.rep_uid = :me AND o.stage IN (");
	for (int i = 0; i < OPP_OPEN_COUNT; i++)
		sqlite3_str_appendf(b, "%s'%s'", i ? ", " : "", opp_stages[i].key);
	sqlite3_str_appendall(b, ")");
	if (f && f->tier_mask)
		sqlite3_str_appendall(b, " AND ((:mask >> c.tier_eff) & 1)");
	if (q->q)
		sqlite3_str_appendall(b, " AND c.id IN (SELECT rowid FROM customers_fts WHERE customers_fts "
		                      "MATCH :q) AND repdesk_match(" STORE_FTS_VALUES("c.") ", :text)");
	store_where_sql(b, f);
	return DB_OK;
}

static void bind_named(sqlite3_stmt *s, const char *name, const char *v)
{
	int at = sqlite3_bind_parameter_index(s, name);
	if (at)
		sqlite3_bind_text(s, at, v, -1, SQLITE_TRANSIENT);
}

/* Prepare the statement Q built and bind what from_where asked for (and
 * ST, TODAY when the statement names them). */
static sqlite3_stmt *prepare(db *d, query *q, const db_filter *f, const char *rep, int st,
                             const char *today)
{
	char *sql = sqlite3_str_finish(q->b);
	q->b = NULL;
	if (!sql) {
		store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
		return NULL;
	}
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s)
		return NULL;
	int at;
	bind_named(s, ":me", rep);
	if (f && (at = sqlite3_bind_parameter_index(s, ":mask")))
		sqlite3_bind_int64(s, at, f->tier_mask);
	bind_named(s, ":q", q->q);
	if (f)
		bind_named(s, ":text", f->search);
	if (st >= 0)
		bind_named(s, ":stage", opp_stages[st].key);
	bind_named(s, ":today", today);
	store_where_bind(s, f);
	return s;
}

static void query_free(query *q)
{
	if (q->b)
		sqlite3_free(sqlite3_str_finish(q->b));
	free(q->q);
}

db_status db_pipeline_stages_get(db *d, const db_filter *f, db_pipeline_stages *out)
{
	char rep[UID_BUFSZ];
	query q = { sqlite3_str_new(NULL), NULL };
	db_status st;
	int rc;

	memset(out, 0, sizeof *out);
	if ((st = store_rep_uid(d, rep)) != DB_OK) {
		query_free(&q);
		return st;
	}
	sqlite3_str_appendall(q.b, "SELECT o.stage, count(*), sum(o.value), sum((o.value * "
	                      "coalesce(o.probability, ");
	stage_case(q.b, false);
	sqlite3_str_appendall(q.b, ") + 50) / 100)");
	if ((st = from_where(d, &q, f)) != DB_OK) {
		query_free(&q);
		return st;
	}
	sqlite3_str_appendall(q.b, " GROUP BY o.stage");
	sqlite3_stmt *s = prepare(d, &q, f, rep, -1, NULL);
	query_free(&q);
	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		opp_stage k = opp_stage_find(store_col_text(s, 0));
		if (!opp_stage_open(k))
			continue;
		out->count[k] = (long)sqlite3_column_int64(s, 1);
		out->total[k] = sqlite3_column_int64(s, 2);
		out->weighted[k] = sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the pipeline"));
}

/* Hand the rows of S to FN as cards; S is finalized. */
static db_status each_card(db *d, sqlite3_stmt *s, db_opp_fn fn, void *ctx, long *total, int total_col)
{
	int rc;

	if (total)
		*total = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_opp o;
		memset(&o, 0, sizeof o);
		if (total)
			*total = (long)sqlite3_column_int64(s, total_col);
		snprintf(o.uid, sizeof o.uid, "%s", store_col_text(s, K_UID));
		snprintf(o.customer_uid, sizeof o.customer_uid, "%s", store_col_text(s, K_CUSTOMER));
		o.customer_name = store_col_text(s, K_CNAME);
		o.rep = "";
		o.title = store_col_text(s, K_TITLE);
		o.value = sqlite3_column_int64(s, K_VALUE);
		o.stage = opp_stage_find(store_col_text(s, K_STAGE));
		o.probability = sqlite3_column_type(s, K_PROB) == SQLITE_NULL ? -1
		                : sqlite3_column_int(s, K_PROB);
		snprintf(o.close_date, sizeof o.close_date, "%s", store_col_text(s, K_CLOSE));
		o.competitors = "";
		o.next_step = store_col_text(s, K_NEXT);
		snprintf(o.next_date, sizeof o.next_date, "%s", store_col_text(s, K_NEXT_DATE));
		o.lost_reason = "";
		snprintf(o.opened, sizeof o.opened, "%s", store_col_text(s, K_OPENED));
		o.path = store_col_text(s, K_PATH);
		o.since = opp_path_since(o.path);
		if (!o.since)
			date_parse(o.opened, &o.since);
		if (!fn || !fn(&o, ctx))
			break;
	}
	db_status st = rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK
	               : store_fail(d, rc, _("reading opportunities"));
	sqlite3_finalize(s);
	return st;
}

/* A card's place in its stage's order, as a row value. */
#define CARD_KEY "(o.close_date IS NULL, coalesce(o.close_date, ''), o.title, o.uid)"

db_status db_pipeline_cards(db *d, const db_filter *f, opp_stage stg, long offset, int limit,
                            db_opp_fn fn, void *ctx)
{
	char rep[UID_BUFSZ];
	query q = { sqlite3_str_new(NULL), NULL };
	db_status st;

	if (!opp_stage_open(stg) || limit <= 0) {
		query_free(&q);
		return DB_OK;
	}
	if ((st = store_rep_uid(d, rep)) != DB_OK) {
		query_free(&q);
		return st;
	}
	sqlite3_str_appendall(q.b, "SELECT " CARD_COLS);
	if ((st = from_where(d, &q, f)) != DB_OK) {
		query_free(&q);
		return st;
	}
	sqlite3_str_appendf(q.b, " AND o.stage = :stage ORDER BY o.close_date IS NULL, o.close_date, "
	                    "o.title, o.uid LIMIT %d OFFSET %ld", limit, offset > 0 ? offset : 0);
	sqlite3_stmt *s = prepare(d, &q, f, rep, stg, NULL);
	query_free(&q);
	return s ? each_card(d, s, fn, ctx, NULL, 0) : d->last;
}

db_status db_pipeline_where(db *d, const db_filter *f, const char *uid, opp_stage *stg, long *index)
{
	char rep[UID_BUFSZ];
	query q = { sqlite3_str_new(NULL), NULL };
	db_status st;
	int rc;

	*stg = OPP_STAGE_NONE;
	*index = 0;
	if ((st = store_rep_uid(d, rep)) != DB_OK) {
		query_free(&q);
		return st;
	}
	/* The card itself (it must pass the filter), then those before it. */
	sqlite3_str_appendall(q.b, "SELECT x.stage, (SELECT count(*)");
	if ((st = from_where(d, &q, f)) != DB_OK) {
		query_free(&q);
		return st;
	}
	sqlite3_str_appendall(q.b, " AND o.stage = x.stage AND " CARD_KEY " < (x.close_date IS NULL, "
	                      "coalesce(x.close_date, ''), x.title, x.uid)) FROM (SELECT o.*");
	free(q.q);
	if ((st = from_where(d, &q, f)) != DB_OK) {
		query_free(&q);
		return st;
	}
	sqlite3_str_appendall(q.b, " AND o.uid = :uid) x");
	sqlite3_stmt *s = prepare(d, &q, f, rep, -1, NULL);
	query_free(&q);
	if (!s)
		return d->last;
	bind_named(s, ":uid", uid);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*stg = opp_stage_find(store_col_text(s, 0));
		*index = (long)sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return store_err(d, DB_NOT_FOUND, _("no opportunity %.64s"), uid);
	return store_fail(d, rc, _("reading opportunities"));
}

/* The cards CONDITION picks, ordered by ORDER, up to LIMIT, with the count
 * of them all. */
static db_status cards_where(db *d, const db_filter *f, date_day today, const char *condition,
                             const char *order, int limit, db_opp_fn fn, void *ctx, long *total)
{
	char rep[UID_BUFSZ], day[DATE_BUFSZ];
	query q = { sqlite3_str_new(NULL), NULL };
	db_status st;

	*total = 0;
	if ((st = store_rep_uid(d, rep)) != DB_OK) {
		query_free(&q);
		return st;
	}
	sqlite3_str_appendall(q.b, "SELECT " CARD_COLS ", count(*) OVER ()");
	if ((st = from_where(d, &q, f)) != DB_OK) {
		query_free(&q);
		return st;
	}
	sqlite3_str_appendf(q.b, " AND %s ORDER BY %s LIMIT %d", condition, order, limit > 0 ? limit : 1);
	sqlite3_stmt *s = prepare(d, &q, f, rep, -1, date_format(today, day));
	query_free(&q);
	if (!s)
		return d->last;
	return each_card(d, s, limit > 0 ? fn : NULL, ctx, total, K_COLS);
}

db_status db_pipeline_due(db *d, const db_filter *f, date_day today, int limit, db_opp_fn fn,
                          void *ctx, long *total)
{
	return cards_where(d, f, today, "o.next_date IS NOT NULL AND o.next_date <= :today",
	                   "o.next_date, o.title, o.uid", limit, fn, ctx, total);
}

db_status db_pipeline_stuck(db *d, const db_filter *f, date_day today, int limit, db_opp_fn fn,
                            void *ctx, long *total)
{
	sqlite3_str *b = sqlite3_str_new(NULL);
	sqlite3_str_appendall(b, "julianday(:today) - julianday(" SINCE_SQL ") > ");
	stage_case(b, true);
	char *cond = sqlite3_str_finish(b);
	b = sqlite3_str_new(NULL);
	sqlite3_str_appendall(b, "julianday(" SINCE_SQL ") + ");
	stage_case(b, true);
	sqlite3_str_appendall(b, ", o.title, o.uid");
	char *order = sqlite3_str_finish(b);
	db_status st = cond && order ? cards_where(d, f, today, cond, order, limit, fn, ctx, total)
	               : store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	sqlite3_free(cond);
	sqlite3_free(order);
	return st;
}
