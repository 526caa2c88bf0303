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

/* The card's columns, in this order: the customer's name read for the
 * rows handed out only (a join would read it for every row passed over). */
#define CARD_COLS "o.uid, o.customer_uid, (SELECT name FROM customers WHERE uid = o.customer_uid), " \
	"o.title, o.value, o.stage, o.probability, o.close_date, o.next_step, o.next_date, o.path, " \
	"o.opened"
enum { K_UID, K_CUSTOMER, K_CNAME, K_TITLE, K_VALUE, K_STAGE, K_PROB, K_CLOSE, K_NEXT, K_NEXT_DATE,
       K_PATH, K_OPENED, K_COLS };

/* The day the stage was entered: the path's last day, else the opening
 * (as the index opportunities_since has it). */
#define SINCE_SQL "(CASE WHEN o.path <> '' THEN substr(o.path, -10) ELSE o.opened END)"

typedef struct {
	sqlite3_str *b;
	char *q;                     /* the search as a MATCH expression, or NULL */
	bool join;                   /* the customers are joined (a filter reads them) */
} query;

/* A new statement for F: its search made a MATCH expression once. */
static db_status query_start(db *d, query *q, const db_filter *f)
{
	memset(q, 0, sizeof *q);
	if (f && f->search && *f->search && store_search_query(f->search, &q->q) < 0)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	q->join = f && (f->tier_mask || q->q || f->nwhere);
	if (!(q->b = sqlite3_str_new(NULL))) {
		free(q->q);
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	}
	return DB_OK;
}

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

/* "FROM ... WHERE ..." of the cards of stage ST (-1: every open stage) F
 * shows. Without a filter the customers are not read: a card of a deleted
 * customer is told from the few deleted ones (customers_gone). */
static void from_where(query *q, const db_filter *f, int st)
{
	sqlite3_str *b = q->b;

	if (q->join)
		sqlite3_str_appendall(b, " FROM opportunities o JOIN customers c ON c.uid = o.customer_uid "
		                      "WHERE o.deleted = 0 AND c.deleted = 0");
	else
		sqlite3_str_appendall(b, " FROM opportunities o WHERE o.deleted = 0 AND o.customer_uid NOT IN "
		                      "(SELECT uid FROM customers WHERE deleted = 1)");
	sqlite3_str_appendall(b, " AND o.rep_uid = :me");
	if (st >= 0) {
		sqlite3_str_appendf(b, " AND o.stage = '%s'", opp_stages[st].key);
	} else {
		sqlite3_str_appendall(b, " AND o.stage IN (");
		for (int i = 0; i < OPP_OPEN_COUNT; i++)
			sqlite3_str_appendf(b, "%s'%s'", i ? ", " : "", opp_stages[i].key);
		sqlite3_str_appendall(b, ")");
	}
	if (f && f->tier_mask)
		sqlite3_str_appendall(b, " AND ((:mask >> c.tier_eff) & 1)");
	if (q->q)
		sqlite3_str_appendall(b, " AND c.id IN (SELECT rowid FROM customers_fts WHERE customers_fts "
		                      "MATCH :q) AND repdesk_match(" STORE_FTS_VALUES("c.") ", :text)");
	if (q->join)
		store_where_sql(b, f);
}

static void bind_named(sqlite3_stmt *s, const char *name, const char *v)
{
	int at = sqlite3_bind_parameter_index(s, name);
	if (at)
		sqlite3_bind_text(s, at, v, -1, SQLITE_TRANSIENT);
}

/* Prepare the statement Q built and bind what from_where asked for (and
 * TODAY when the statement names it). The statement text is reset for the
 * next one; the search stays. */
static sqlite3_stmt *prepare(db *d, query *q, const db_filter *f, const char *rep, const char *today)
{
	char *sql = sqlite3_str_finish(q->b);
	q->b = sqlite3_str_new(NULL);
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
	bind_named(s, ":today", today);
	if (q->join)
		store_where_bind(s, f);
	return s;
}

static void query_free(query *q)
{
	if (q->b)
		sqlite3_free(sqlite3_str_finish(q->b));
	free(q->q);
}

/* One number the statement S gives; S is finalized. */
static db_status one_count(db *d, sqlite3_stmt *s, long *n)
{
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, _("reading opportunities"));
}

db_status db_pipeline_stages_get(db *d, const db_filter *f, db_pipeline_stages *out)
{
	char rep[UID_BUFSZ];
	query q;
	db_status st;
	int rc;

	memset(out, 0, sizeof *out);
	if ((st = store_rep_uid(d, rep)) != DB_OK || (st = query_start(d, &q, f)) != DB_OK)
		return st;
	sqlite3_str_appendall(q.b, "SELECT o.stage, count(*), sum(o.value), sum((o.value * "
	                      "coalesce(o.probability, ");
	stage_case(q.b, false);
	sqlite3_str_appendall(q.b, ") + 50) / 100)");
	from_where(&q, f, -1);
	sqlite3_str_appendall(q.b, " GROUP BY o.stage");
	sqlite3_stmt *s = prepare(d, &q, f, rep, NULL);
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

/* Hand the rows of S to FN as cards, *GOT of them; S is finalized. */
static db_status each_card(db *d, sqlite3_stmt *s, db_opp_fn fn, void *ctx, long *got)
{
	int rc;

	*got = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_opp o;
		memset(&o, 0, sizeof o);
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
		(*got)++;
		if (!fn(&o, ctx))
			break;
	}
	db_status st = rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK
	               : store_fail(d, rc, _("reading opportunities"));
	sqlite3_finalize(s);
	return st;
}

/* A stage's cards come with an expected close first, by it, then those
 * without, by title: two ranges of the index opportunities_pipeline, each
 * read in its own order and from its own offset. */
db_status db_pipeline_cards(db *d, const db_filter *f, opp_stage stg, long offset, int limit,
                            db_opp_fn fn, void *ctx)
{
	char rep[UID_BUFSZ];
	query q;
	db_status st;
	long got = 0, dated = 0;

	if (!opp_stage_open(stg) || limit <= 0)
		return DB_OK;
	if (offset < 0)
		offset = 0;
	if ((st = store_rep_uid(d, rep)) != DB_OK || (st = query_start(d, &q, f)) != DB_OK)
		return st;
	sqlite3_str_appendall(q.b, "SELECT " CARD_COLS);
	from_where(&q, f, stg);
	sqlite3_str_appendf(q.b, " AND o.close_date IS NOT NULL ORDER BY o.close_date, o.title, o.uid "
	                    "LIMIT %d OFFSET %ld", limit, offset);
	sqlite3_stmt *s = prepare(d, &q, f, rep, NULL);
	st = s ? each_card(d, s, fn, ctx, &got) : d->last;
	if (st == DB_OK && got < limit && got == 0) {
		/* Past the dated ones: how many there are places the rest. */
		sqlite3_str_appendall(q.b, "SELECT count(*)");
		from_where(&q, f, stg);
		sqlite3_str_appendall(q.b, " AND o.close_date IS NOT NULL");
		st = (s = prepare(d, &q, f, rep, NULL)) ? one_count(d, s, &dated) : d->last;
	}
	if (st == DB_OK && got < limit) {
		long from = got ? 0 : offset - dated, more = 0;
		sqlite3_str_appendall(q.b, "SELECT " CARD_COLS);
		from_where(&q, f, stg);
		sqlite3_str_appendf(q.b, " AND o.close_date IS NULL ORDER BY o.title, o.uid LIMIT %ld OFFSET %ld",
		                    limit - got, from > 0 ? from : 0);
		st = (s = prepare(d, &q, f, rep, NULL)) ? each_card(d, s, fn, ctx, &more) : d->last;
	}
	query_free(&q);
	return st;
}

db_status db_pipeline_where(db *d, const db_filter *f, const char *uid, opp_stage *stg, long *index)
{
	char rep[UID_BUFSZ];
	query q;
	db_status st;
	int rc;

	*stg = OPP_STAGE_NONE;
	*index = 0;
	if ((st = store_rep_uid(d, rep)) != DB_OK || (st = query_start(d, &q, f)) != DB_OK)
		return st;
	/* The card itself (it must be one F shows). */
	sqlite3_str_appendall(q.b, "SELECT o.stage, o.close_date IS NULL, coalesce(o.close_date, ''), o.title");
	from_where(&q, f, -1);
	sqlite3_str_appendall(q.b, " AND o.uid = :uid");
	sqlite3_stmt *s = prepare(d, &q, f, rep, NULL);
	if (!s) {
		query_free(&q);
		return d->last;
	}
	bind_named(s, ":uid", uid);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		query_free(&q);
		if (rc == SQLITE_DONE)
			return store_err(d, DB_NOT_FOUND, _("no opportunity %.64s"), uid);
		return store_fail(d, rc, _("reading opportunities"));
	}
	*stg = opp_stage_find(store_col_text(s, 0));
	int null_close = sqlite3_column_int(s, 1);
	char close[16], title[4096];
	snprintf(close, sizeof close, "%s", store_col_text(s, 2));
	snprintf(title, sizeof title, "%s", store_col_text(s, 3));
	sqlite3_finalize(s);
	if (!opp_stage_open(*stg)) {
		query_free(&q);
		return DB_OK;
	}
	/* Then those before it in its stage: ranges of opportunities_pipeline,
	 * the dated ones before it, or all the dated and the undated before it. */
	sqlite3_str_appendall(q.b, "SELECT (SELECT count(*)");
	from_where(&q, f, *stg);
	if (null_close) {
		sqlite3_str_appendall(q.b, " AND o.close_date IS NOT NULL) + (SELECT count(*)");
		from_where(&q, f, *stg);
		sqlite3_str_appendall(q.b, " AND o.close_date IS NULL AND (o.title, o.uid) < (:title, :uid))");
	} else {
		sqlite3_str_appendall(q.b, " AND o.close_date IS NOT NULL AND (o.close_date, o.title, o.uid) < "
		                      "(:close, :title, :uid))");
	}
	s = prepare(d, &q, f, rep, NULL);
	query_free(&q);
	if (!s)
		return d->last;
	bind_named(s, ":close", close);
	bind_named(s, ":title", title);
	bind_named(s, ":uid", uid);
	return one_count(d, s, index);
}

db_status db_pipeline_due(db *d, const db_filter *f, date_day today, int limit, db_opp_fn fn,
                          void *ctx, long *total)
{
	char rep[UID_BUFSZ], day[DATE_BUFSZ];
	query q;
	db_status st;
	long got;

	*total = 0;
	if ((st = store_rep_uid(d, rep)) != DB_OK || (st = query_start(d, &q, f)) != DB_OK)
		return st;
	date_format(today, day);
	/* The count from the index opportunities_due alone, then a page. */
	sqlite3_str_appendall(q.b, "SELECT count(*)");
	from_where(&q, f, -1);
	sqlite3_str_appendall(q.b, " AND o.next_date IS NOT NULL AND o.next_date <= :today");
	sqlite3_stmt *s = prepare(d, &q, f, rep, day);
	st = s ? one_count(d, s, total) : d->last;
	if (st == DB_OK && limit > 0 && *total > 0) {
		sqlite3_str_appendall(q.b, "SELECT " CARD_COLS);
		from_where(&q, f, -1);
		sqlite3_str_appendf(q.b, " AND o.next_date IS NOT NULL AND o.next_date <= :today "
		                    "ORDER BY o.next_date, o.title, o.uid LIMIT %d", limit);
		st = (s = prepare(d, &q, f, rep, day)) ? each_card(d, s, fn, ctx, &got) : d->last;
	}
	query_free(&q);
	return st;
}

/* Stuck: per stage, the cards that entered it before today less its usual
 * days, a range of the index opportunities_since; the furthest past it of
 * each stage, then of them all. */
db_status db_pipeline_stuck(db *d, const db_filter *f, date_day today, int limit, db_opp_fn fn,
                            void *ctx, long *total)
{
	char rep[UID_BUFSZ], day[DATE_BUFSZ];
	query q;
	db_status st;
	long got;

	*total = 0;
	if ((st = store_rep_uid(d, rep)) != DB_OK || (st = query_start(d, &q, f)) != DB_OK)
		return st;
	date_format(today, day);
	sqlite3_str_appendall(q.b, "SELECT 0");
	for (int k = 0; k < OPP_OPEN_COUNT; k++) {
		sqlite3_str_appendall(q.b, " + (SELECT count(*)");
		from_where(&q, f, k);
		sqlite3_str_appendf(q.b, " AND " SINCE_SQL " < date(:today, '-%d days'))",
		                    opp_stages[k].usual_days);
	}
	sqlite3_stmt *s = prepare(d, &q, f, rep, day);
	st = s ? one_count(d, s, total) : d->last;
	if (st == DB_OK && limit > 0 && *total > 0) {
		sqlite3_str_appendall(q.b, "SELECT * FROM (");
		for (int k = 0; k < OPP_OPEN_COUNT; k++) {
			sqlite3_str_appendf(q.b, "%sSELECT * FROM (SELECT " CARD_COLS ", julianday(" SINCE_SQL
			                    ") + %d AS past", k ? " UNION ALL " : "", opp_stages[k].usual_days);
			from_where(&q, f, k);
			sqlite3_str_appendf(q.b, " AND " SINCE_SQL " < date(:today, '-%d days') ORDER BY " SINCE_SQL
			                    ", o.title, o.uid LIMIT %d)", opp_stages[k].usual_days, limit);
		}
		sqlite3_str_appendf(q.b, ") ORDER BY past, 4, 1 LIMIT %d", limit);
		st = (s = prepare(d, &q, f, rep, day)) ? each_card(d, s, fn, ctx, &got) : d->last;
	}
	query_free(&q);
	return st;
}
