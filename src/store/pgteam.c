/* The team's figures read from the team server (docs/guide.md §12): the
 * same rows db_team_reps, db_team_days, db_team_ytd_each and
 * db_team_conflicts_each give from a lead's book, read from the server's
 * rollup under the lead's own login, so row-level security hands them their
 * groups only. The report's arithmetic above the store is the same either
 * way (app/teamview.c), so both give the same figures for the same rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pg_int.h"
#include "repdesk/i18n.h"
#include "repdesk/record.h"

static db_status failed(db *d, db_server *s, PGresult *r, const char *what)
{
	char err[1024];
	status_code st = pg_fail(s, r, what, err, sizeof err);
	PQclear(r);
	return store_err(d, st == STATUS_IOERR ? DB_IOERR : DB_ERROR, "%s", err);
}

static PGresult *run(db *d, const char *sql, int n, const char *const *params, const char *what,
                     db_status *st)
{
	db_server *s = d->team_arg;
	PGresult *r = PQexecParams(s->c, sql, n, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		*st = failed(d, s, r, what);
		return NULL;
	}
	*st = DB_OK;
	return r;
}

static int64_t num(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* A rep, their group, the month's base target; the figures; whether they
 * own the lead's book, and then whether they logged anything; the day of
 * their last sync. As teamreport.c's REP_HEAD and REP_TAIL. */
#define PG_REP_HEAD \
	"SELECT r.uid, r.name, coalesce(g.name, ''), coalesce((SELECT sum(amount) FROM " PG_SCHEMA \
	".targets t WHERE t.month = $3 AND t.rep_uid = r.uid AND t.deleted = 0 AND t.level = 'base' " \
	"AND t.scope = 'month' AND t.key = ''), 0), "
#define PG_REP_TAIL \
	", r.uid = $5, CASE WHEN r.uid = $5 THEN EXISTS (SELECT 1 FROM " PG_SCHEMA ".team_days a " \
	"WHERE a.rep_uid = r.uid AND (a.calls <> 0 OR a.deals <> 0 OR a.collected <> 0 OR " \
	"a.visits <> 0)) ELSE true END, (SELECT extract(epoch FROM max(l.last_sync))::bigint " \
	"FROM " PG_SCHEMA ".logins l WHERE l.rep_uid = r.uid) " \
	"FROM " PG_SCHEMA ".reps r LEFT JOIN " PG_SCHEMA ".groups g ON g.uid = r.group_uid "

static db_status pg_reps(db *d, const char *from, const char *to, const char *month,
                         db_team_rep_fn fn, void *ctx)
{
	char first[16], last[16], owner[UID_BUFSZ];
	db_status st = store_rep_uid(d, owner);

	if (st != DB_OK)
		return st;
	snprintf(first, sizeof first, "%.7s-01", month);
	snprintf(last, sizeof last, "%.7s-31", month);
	bool whole = strcmp(from, first) == 0 && strncmp(to, month, 7) == 0 && strlen(to) == 10;
	const char *params[] = { from, to, month, last, owner };
	/* The month's rollup row less the days after TO; any other range, the
	 * days. Ordered as the book orders its reps: by when they arrived. */
	PGresult *r = run(d, whole ?
		PG_REP_HEAD
		"coalesce(m.sales, 0) - coalesce(x.sales, 0), coalesce(m.calls, 0) - coalesce(x.calls, 0), "
		"coalesce(m.effective, 0) - coalesce(x.effective, 0), "
		"coalesce(m.deals, 0) - coalesce(x.deals, 0), "
		"coalesce(m.collected, 0) - coalesce(x.collected, 0), "
		"coalesce(m.visits, 0) - coalesce(x.visits, 0)" PG_REP_TAIL
		"LEFT JOIN " PG_SCHEMA ".team_months m ON m.rep_uid = r.uid AND m.month = $3 "
		"LEFT JOIN (SELECT rep_uid, sum(sales) AS sales, sum(calls) AS calls, "
		"sum(effective) AS effective, sum(deals) AS deals, sum(collected) AS collected, "
		"sum(visits) AS visits FROM " PG_SCHEMA ".team_days WHERE date > $2 AND date <= $4 "
		"GROUP BY rep_uid) x ON x.rep_uid = r.uid "
		"WHERE r.deleted = 0 AND $1::text IS NOT NULL ORDER BY r.uid = $5 DESC, r.rev, r.uid" :
		PG_REP_HEAD
		"coalesce(f.sales, 0), coalesce(f.calls, 0), coalesce(f.effective, 0), "
		"coalesce(f.deals, 0), coalesce(f.collected, 0), coalesce(f.visits, 0)" PG_REP_TAIL
		"LEFT JOIN (SELECT rep_uid, sum(sales) AS sales, sum(calls) AS calls, "
		"sum(effective) AS effective, sum(deals) AS deals, sum(collected) AS collected, "
		"sum(visits) AS visits FROM " PG_SCHEMA ".team_days WHERE date >= $1 AND date <= $2 "
		"GROUP BY rep_uid) f ON f.rep_uid = r.uid "
		"WHERE r.deleted = 0 AND $4::text IS NOT NULL ORDER BY r.uid = $5 DESC, r.rev, r.uid",
		5, params, _("reading the team's figures"), &st);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r); i++) {
		/* The last sync in this machine's local time. */
		char synced[24] = "";
		if (!PQgetisnull(r, i, 12)) {
			time_t at = (time_t)num(r, i, 12);
			struct tm tm;
			if (localtime_r(&at, &tm))
				strftime(synced, sizeof synced, "%Y-%m-%d %H:%M", &tm);
		}
		db_team_rep t = { PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
		                  num(r, i, 3), num(r, i, 4), (int)num(r, i, 5), (int)num(r, i, 6),
		                  (int)num(r, i, 7), num(r, i, 8), (int)num(r, i, 9),
		                  strcmp(PQgetvalue(r, i, 10), "t") == 0,
		                  strcmp(PQgetvalue(r, i, 11), "t") == 0, synced };
		if (!fn(&t, ctx))
			break;
	}
	PQclear(r);
	return DB_OK;
}

static db_status pg_days(db *d, const char *rep_uid, const char *from, const char *to,
                         db_team_day_fn fn, void *ctx)
{
	const char *params[] = { rep_uid, from, to };
	db_status st;
	PGresult *r = run(d, "SELECT date, calls, effective, deals, sales, collected FROM " PG_SCHEMA
	                  ".team_days WHERE rep_uid = $1 AND date >= $2 AND date <= $3 ORDER BY date",
	                  3, params, _("reading a rep's days"), &st);

	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r); i++) {
		db_team_day t;
		snprintf(t.date, sizeof t.date, "%s", PQgetvalue(r, i, 0));
		t.calls = (int)num(r, i, 1);
		t.effective = (int)num(r, i, 2);
		t.deals = (int)num(r, i, 3);
		t.sales = num(r, i, 4);
		t.collected = num(r, i, 5);
		if (!fn(&t, ctx))
			break;
	}
	PQclear(r);
	return DB_OK;
}

static db_status pg_ytd(db *d, const char *month, db_team_ytd_fn fn, void *ctx)
{
	char first[24];
	db_status st;

	snprintf(first, sizeof first, "%.4s-01", month);
	const char *params[] = { first, month };
	PGresult *r = run(d,
		"SELECT r.uid, coalesce(t.v, 0), coalesce(o.v, 0) FROM " PG_SCHEMA ".reps r "
		"LEFT JOIN (SELECT rep_uid, sum(coalesce(y, b)) AS v FROM ("
		" SELECT rep_uid, month,"
		" sum(CASE WHEN level = '" DB_YEAR_LEVEL "' THEN amount END) AS y,"
		" sum(CASE WHEN level = 'base' THEN amount END) AS b FROM " PG_SCHEMA ".targets"
		" WHERE month BETWEEN $1 AND $2 AND deleted = 0 AND scope = 'month' AND key = ''"
		" AND level IN ('" DB_YEAR_LEVEL "', 'base') GROUP BY rep_uid, month) q"
		" GROUP BY rep_uid) t ON t.rep_uid = r.uid "
		"LEFT JOIN (SELECT rep_uid, sum(sales) AS v FROM " PG_SCHEMA ".team_months"
		" WHERE month BETWEEN $1 AND $2 GROUP BY rep_uid) o ON o.rep_uid = r.uid "
		"WHERE r.deleted = 0", 2, params, _("reading the year to date"), &st);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r); i++) {
		db_team_ytd y = { PQgetvalue(r, i, 0), num(r, i, 1), num(r, i, 2) };
		if (!fn(&y, ctx))
			break;
	}
	PQclear(r);
	return DB_OK;
}

static db_status pg_conflicts(db *d, db_conflict_fn fn, void *ctx)
{
	pg_col cols[PG_MAX_COLS];
	int n;
	char err[512];
	db_status st;
	sqlite3_str *b = sqlite3_str_new(NULL);

	/* The row as it is now, from whichever table it belongs to. */
	sqlite3_str_appendall(b, "SELECT c.id, c.tbl, c.uid, coalesce(r.name, c.rep_uid), c.lost_at, "
	                      "CASE c.tbl");
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++)
		sqlite3_str_appendf(b, " WHEN '%s' THEN (SELECT updated_at FROM " PG_SCHEMA ".%s x WHERE "
		                    "x.uid = c.uid)", record_tables[k].name, record_tables[k].name);
	sqlite3_str_appendall(b, " END, c.lost::text, c.source, CASE c.tbl");
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++) {
		if (pg_table_cols(d, k, cols, &n, err, sizeof err) != STATUS_OK) {
			sqlite3_free(sqlite3_str_finish(b));
			return store_err(d, DB_ERROR, "%s", err);
		}
		sqlite3_str_appendf(b, " WHEN '%s' THEN (SELECT json_build_object(", record_tables[k].name);
		for (int i = 0; i < n; i++)
			sqlite3_str_appendf(b, "%s'%s', x.\"%s\"", i ? ", " : "", cols[i].name, cols[i].name);
		sqlite3_str_appendf(b, ")::text FROM " PG_SCHEMA ".%s x WHERE x.uid = c.uid)",
		                    record_tables[k].name);
	}
	sqlite3_str_appendall(b, " END FROM " PG_SCHEMA ".conflicts c LEFT JOIN " PG_SCHEMA
	                      ".reps r ON r.uid = c.rep_uid ORDER BY c.id");
	char *sql = sqlite3_str_finish(b);
	if (!sql)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	PGresult *r = run(d, sql, 0, NULL, _("reading the conflicts"), &st);
	sqlite3_free(sql);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r); i++) {
		db_conflict c = { num(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
		                  PQgetvalue(r, i, 3), PQgetvalue(r, i, 4), PQgetvalue(r, i, 5),
		                  PQgetvalue(r, i, 6), PQgetvalue(r, i, 8), PQgetvalue(r, i, 7), 0, false,
		                  false, false, true };
		if (!fn(&c, ctx))
			break;
	}
	PQclear(r);
	return DB_OK;
}

/* Each rep's open pipeline in one query, weighted as the book weighs it
 * (store_opp_weight_sql): the same rows give the same figures. */
static db_status pg_pipeline(db *d, db_team_pipeline_fn fn, void *ctx)
{
	db_status st;
	sqlite3_str *b = sqlite3_str_new(NULL);

	sqlite3_str_appendall(b, "SELECT o.rep_uid, count(*), sum(o.value), sum(");
	store_opp_weight_sql(b, "o");
	sqlite3_str_appendall(b, ") FROM " PG_SCHEMA ".opportunities o JOIN " PG_SCHEMA ".customers c "
	                      "ON c.uid = o.customer_uid AND c.deleted = 0 WHERE o.deleted = 0 AND "
	                      "o.stage NOT IN ('won', 'lost') GROUP BY o.rep_uid");
	char *sql = sqlite3_str_finish(b);
	if (!sql)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	PGresult *r = run(d, sql, 0, NULL, _("reading the team's pipeline"), &st);
	sqlite3_free(sql);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r); i++) {
		db_team_pipeline p = { PQgetvalue(r, i, 0), (long)num(r, i, 1), num(r, i, 2), num(r, i, 3) };
		if (!fn(&p, ctx))
			break;
	}
	PQclear(r);
	return DB_OK;
}

static const store_team_src server_src = { pg_reps, pg_days, pg_ytd, pg_conflicts, pg_pipeline };

status_code db_team_use_server(db *d, db_server *s, char *err, size_t errsz)
{
	if (!s) {
		d->team_src = NULL;
		d->team_arg = NULL;
		return STATUS_OK;
	}
	status_code st = pg_layout_check(s, err, errsz);
	if (st != STATUS_OK)
		return st;
	d->team_src = &server_src;
	d->team_arg = s;
	return STATUS_OK;
}
