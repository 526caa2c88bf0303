/* The forecast from the opportunities: see repdesk/db/forecast.h. */
#include <stdio.h>
#include <string.h>

#include "store_int.h"
#include "repdesk/db/forecast.h"
#include "repdesk/i18n.h"

void store_opp_weight_sql(sqlite3_str *b, const char *x)
{
	/* As opp_weighted over opp_probability: value is never below 0, so
	 * integer division rounds half up in SQLite and PostgreSQL alike. */
	sqlite3_str_appendf(b, "((%s.value * coalesce(%s.probability, CASE %s.stage", x, x, x);
	for (int i = 0; i < OPP_OPEN_COUNT; i++)
		sqlite3_str_appendf(b, " WHEN '%s' THEN %d", opp_stages[i].key, opp_stages[i].probability);
	sqlite3_str_appendall(b, " ELSE 0 END) + 50) / 100)");
}

static db_status nomem(db *d)
{
	return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
}

/* SQL built in B, prepared. */
static sqlite3_stmt *prepare_built(db *d, sqlite3_str *b)
{
	char *sql = sqlite3_str_finish(b);
	if (!sql) {
		nomem(d);
		return NULL;
	}
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	return s;
}

db_status db_closing_each(db *d, const char *from, const char *to, db_closing_fn fn, void *ctx)
{
	sqlite3_str *b = sqlite3_str_new(NULL);
	int rc;

	sqlite3_str_appendall(b, "SELECT o.customer_uid, count(*), sum(o.value), sum(");
	store_opp_weight_sql(b, "o");
	sqlite3_str_appendall(b, ") FROM opportunities o INDEXED BY opportunities_stage "
	                      "JOIN customers c ON c.uid = o.customer_uid AND c.deleted = 0 "
	                      "WHERE o.deleted = 0 AND o.stage IN (");
	for (int i = 0; i < OPP_OPEN_COUNT; i++)
		sqlite3_str_appendf(b, "%s'%s'", i ? ", " : "", opp_stages[i].key);
	sqlite3_str_appendall(b, ") AND o.close_date BETWEEN ?1 AND ?2 GROUP BY o.customer_uid");
	sqlite3_stmt *s = prepare_built(d, b);
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_closing c = { store_col_text(s, 0), (long)sqlite3_column_int64(s, 1),
		                 sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3) };
		if (!fn(&c, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the pipeline"));
}

db_status db_opp_open_count(db *d, long *n)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT count(*) FROM opportunities o INDEXED BY "
	                                "opportunities_stage JOIN customers c ON c.uid = "
	                                "o.customer_uid AND c.deleted = 0 WHERE o.deleted = 0 AND "
	                                "o.stage NOT IN ('won', 'lost')");
	*n = 0;
	if (!s)
		return d->last;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, _("reading the pipeline"));
}

db_status db_opp_stats_get(db *d, date_day from, date_day to, opp_stats *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	/* The path says when it closed; the few closed rows are read whole. */
	sqlite3_stmt *s = store_prepare(d, "SELECT o.path FROM opportunities o INDEXED BY "
	                                "opportunities_stage JOIN customers c ON c.uid = "
	                                "o.customer_uid AND c.deleted = 0 WHERE o.deleted = 0 AND "
	                                "o.stage IN ('won', 'lost')");
	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		opp_stats_add_path(out, store_col_text(s, 0), from, to);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading closed opportunities"));
}

db_status db_team_pipeline_each(db *d, db_team_pipeline_fn fn, void *ctx)
{
	if (d->team_src)
		return d->team_src->pipeline(d, fn, ctx);
	sqlite3_str *b = sqlite3_str_new(NULL);
	int rc;

	sqlite3_str_appendall(b, "SELECT o.rep_uid, count(*), sum(o.value), sum(");
	store_opp_weight_sql(b, "o");
	sqlite3_str_appendall(b, ") FROM opportunities o JOIN customers c ON c.uid = o.customer_uid "
	                      "AND c.deleted = 0 WHERE o.deleted = 0 AND o.stage NOT IN ('won', 'lost') "
	                      "GROUP BY o.rep_uid");
	sqlite3_stmt *s = prepare_built(d, b);
	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_team_pipeline p = { store_col_text(s, 0), (long)sqlite3_column_int64(s, 1),
		                       sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3) };
		if (!fn(&p, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the team's pipeline"));
}
