/* The team's figures read back: the report's rows per rep and per day from the rollup tables the triggers keep, and
 * the check that those rollups still add up to the activity they sum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/record.h"
#include "store_int.h"
#include "repdesk/i18n.h"

/* ---- reading ---- */

/* Step S, handing each row to TAKE until it returns false; finalizes S. */
static db_status each_row(db *d, sqlite3_stmt *s, bool (*take)(sqlite3_stmt *, void *),
                          void *arg, const char *what)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!take(s, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, what);
}

typedef struct {
	db_team_rep_fn fn;
	void *ctx;
} rep_reader;

static bool take_rep(sqlite3_stmt *s, void *arg)
{
	rep_reader *r = arg;
	db_team_rep t = { store_col_text(s, 0), store_col_text(s, 1), store_col_text(s, 2),
	                  sqlite3_column_int64(s, 3), sqlite3_column_int64(s, 4),
	                  sqlite3_column_int(s, 5), sqlite3_column_int(s, 6),
	                  sqlite3_column_int(s, 7), sqlite3_column_int64(s, 8),
	                  sqlite3_column_int(s, 9), sqlite3_column_int(s, 10) != 0,
	                  sqlite3_column_int(s, 11) != 0, store_col_text(s, 12) };
	return r->fn(&t, r->ctx);
}

/* A rep, their group and their base month target (one row of the partial
 * index targets_rep_month each); whether they own the book (?5), and then
 * whether they ever logged anything (through the rollup's key); the day
 * their latest bundle was added. */
#define REP_HEAD \
	"SELECT r.uid, r.name, coalesce(g.name, ''), coalesce((" \
	"  SELECT sum(amount) FROM targets t INDEXED BY targets_rep_month" \
	"  WHERE t.month = ?3 AND t.rep_uid = r.uid AND t.deleted = 0 AND t.level = 'base'" \
	"  AND t.scope = 'month' AND t.key = ''), 0),"
#define REP_TAIL \
	", r.uid = ?5, CASE WHEN r.uid = ?5 THEN EXISTS (SELECT 1 FROM team_days a" \
	"  WHERE a.rep_uid = r.uid AND (a.calls <> 0 OR a.deals <> 0 OR a.collected <> 0" \
	"  OR a.visits <> 0)) ELSE 1 END, coalesce((SELECT max(b.added_at) FROM team_bundles b" \
	"  WHERE b.rep_uid = r.uid), '') "
#define REP_FIGURES(x) \
	" coalesce(sum(" x ".sales), 0), coalesce(sum(" x ".calls), 0)," \
	" coalesce(sum(" x ".effective), 0), coalesce(sum(" x ".deals), 0)," \
	" coalesce(sum(" x ".collected), 0), coalesce(sum(" x ".visits), 0)"

db_status db_team_reps(db *d, const char *from, const char *to, const char *month,
                       db_team_rep_fn fn, void *ctx)
{
	if (d->team_src)
		return d->team_src->reps(d, from, to, month, fn, ctx);
	rep_reader r = { fn, ctx };
	char first[16], last[16], owner[UID_BUFSZ];
	db_status st = store_rep_uid(d, owner);

	if (st != DB_OK)
		return st;

	/* From the first of the month to a day in it (the report's usual
	 * range): the month's rollup row, less the days after TO, found
	 * through team_days_date (usually none). Any other range: the days. */
	snprintf(first, sizeof first, "%.7s-01", month);
	snprintf(last, sizeof last, "%.7s-31", month);
	bool whole = strcmp(from, first) == 0 && strncmp(to, month, 7) == 0 && strlen(to) == 10;
	sqlite3_stmt *s = store_prepare(d, whole ?
		REP_HEAD
		" coalesce(m.sales, 0) - coalesce(x.sales, 0), coalesce(m.calls, 0) - coalesce(x.calls, 0),"
		" coalesce(m.effective, 0) - coalesce(x.effective, 0),"
		" coalesce(m.deals, 0) - coalesce(x.deals, 0),"
		" coalesce(m.collected, 0) - coalesce(x.collected, 0),"
		" coalesce(m.visits, 0) - coalesce(x.visits, 0)" REP_TAIL
		"FROM reps r LEFT JOIN groups g ON g.uid = r.group_uid "
		"LEFT JOIN team_months m ON m.rep_uid = r.uid AND m.month = ?3 "
		"LEFT JOIN (SELECT rep_uid, sum(a.sales) AS sales,"
		"  sum(a.calls) AS calls, sum(a.effective) AS effective, sum(a.deals) AS deals,"
		"  sum(a.collected) AS collected, sum(a.visits) AS visits FROM team_days a"
		"  WHERE a.date > ?2 AND a.date <= ?4 GROUP BY rep_uid) x ON x.rep_uid = r.uid "
		"WHERE r.deleted = 0 ORDER BY r.id" :
		REP_HEAD REP_FIGURES("f") REP_TAIL
		"FROM reps r LEFT JOIN groups g ON g.uid = r.group_uid "
		/* Each rep's own days of the range, through the rollup's key. */
		"LEFT JOIN team_days f ON f.rep_uid = r.uid AND f.date >= ?1 AND f.date <= ?2 "
		"WHERE r.deleted = 0 GROUP BY r.id ORDER BY r.id");

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, month, -1, SQLITE_STATIC);
	if (whole)
		sqlite3_bind_text(s, 4, last, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, owner, -1, SQLITE_STATIC);
	return each_row(d, s, take_rep, &r, "reading the team's figures");
}

typedef struct {
	db_team_day_fn fn;
	void *ctx;
} day_reader;

static bool take_day(sqlite3_stmt *s, void *arg)
{
	day_reader *r = arg;
	db_team_day t;

	store_col_copy(s, 0, t.date, sizeof t.date);
	t.calls = sqlite3_column_int(s, 1);
	t.effective = sqlite3_column_int(s, 2);
	t.deals = sqlite3_column_int(s, 3);
	t.sales = sqlite3_column_int64(s, 4);
	t.collected = sqlite3_column_int64(s, 5);
	return r->fn(&t, r->ctx);
}

db_status db_team_days(db *d, const char *rep_uid, const char *from, const char *to,
                       db_team_day_fn fn, void *ctx)
{
	if (d->team_src)
		return d->team_src->days(d, rep_uid, from, to, fn, ctx);
	day_reader r = { fn, ctx };
	sqlite3_stmt *s = store_prepare(d, "SELECT date, calls, effective, deals, sales, collected "
	                                "FROM team_days WHERE rep_uid = ?1 AND date >= ?2 "
	                                "AND date <= ?3 ORDER BY date");

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, rep_uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, to, -1, SQLITE_STATIC);
	return each_row(d, s, take_day, &r, "reading a rep's days");
}

/* ---- checks ---- */

#define ROLLUP_FRESH \
	"SELECT rep_uid, date, sum(c), sum(e), sum(n), sum(s), sum(p), sum(v) FROM (" \
	" SELECT rep_uid, date, 1 AS c, " STORE_EFFECTIVE("") " AS e, 0 AS n, 0 AS s, 0 AS p," \
	" 0 AS v FROM calls WHERE deleted = 0" \
	" UNION ALL SELECT rep_uid, date, 0, 0, 1, amount, 0, 0 FROM orders WHERE deleted = 0" \
	" UNION ALL SELECT rep_uid, date, 0, 0, 0, 0, amount, 0 FROM payments WHERE deleted = 0" \
	" UNION ALL SELECT rep_uid, date, 0, 0, 0, 0, 0, 1 FROM visits WHERE deleted = 0)" \
	" GROUP BY rep_uid, date"
#define ROLLUP_KEPT \
	"SELECT rep_uid, date, calls, effective, deals, sales, collected, visits FROM team_days" \
	" WHERE calls <> 0 OR effective <> 0 OR deals <> 0 OR sales <> 0 OR collected <> 0" \
	" OR visits <> 0"

/* The month rollup against the days', with the month in the date column. */
#define ROLLUP_MONTHS \
	"SELECT rep_uid, month, calls, effective, deals, sales, collected, visits FROM team_months" \
	" WHERE calls <> 0 OR effective <> 0 OR deals <> 0 OR sales <> 0 OR collected <> 0" \
	" OR visits <> 0"
#define ROLLUP_DAYS_BY_MONTH \
	"SELECT rep_uid, m, sum(calls), sum(effective), sum(deals), sum(sales), sum(collected)," \
	" sum(visits) FROM (SELECT *, substr(date, 1, 7) AS m FROM team_days) GROUP BY rep_uid, m" \
	" HAVING sum(calls) <> 0 OR sum(effective) <> 0 OR sum(deals) <> 0 OR sum(sales) <> 0" \
	" OR sum(collected) <> 0 OR sum(visits) <> 0"

bool db_team_rollup_ok(db *d)
{
	char *sql = store_sql_rules("SELECT 'kept', * FROM (" ROLLUP_KEPT " EXCEPT "
	                            ROLLUP_FRESH ") UNION ALL SELECT 'from history', * FROM ("
	                            ROLLUP_FRESH " EXCEPT " ROLLUP_KEPT ") "
	                            "UNION ALL SELECT 'month kept', * FROM (" ROLLUP_MONTHS
	                            " EXCEPT " ROLLUP_DAYS_BY_MONTH ") "
	                            "UNION ALL SELECT 'month from days', * FROM ("
	                            ROLLUP_DAYS_BY_MONTH " EXCEPT " ROLLUP_MONTHS ") LIMIT 1");
	if (!sql) {
		store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
		return false;
	}
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s)
		return false;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		store_err(d, DB_CORRUPT, _("team rollup differs (%s): rep %s, %s: %d calls, %d effective, "
		          "%d deals, %lld sales, %lld collected"), store_col_text(s, 0),
		          store_col_text(s, 1), store_col_text(s, 2), sqlite3_column_int(s, 3),
		          sqlite3_column_int(s, 4), sqlite3_column_int(s, 5),
		          (long long)sqlite3_column_int64(s, 6), (long long)sqlite3_column_int64(s, 7));
	else if (rc != SQLITE_DONE)
		store_fail(d, rc, _("checking the team rollup"));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE;
}
