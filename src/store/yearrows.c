/* The year plan's rows (targets of level 'year') and the book's orders by
 * month, read from the month rollup: a year of a whole book's orders in a
 * few dozen rows. */
#include <stdio.h>
#include <string.h>

#include "repdesk/db/yearplan.h"
#include "repdesk/i18n.h"
#include "store_int.h"

db_status db_year_orders(db *d, int y, int64_t out[YEAR_MONTHS])
{
	char from[24], to[24];
	sqlite3_stmt *s = store_prepare(d, "SELECT month, sum(sales) FROM team_months "
	                                "WHERE month BETWEEN ?1 AND ?2 GROUP BY month");
	int rc;

	for (int i = 0; i < YEAR_MONTHS; i++)
		out[i] = 0;
	if (!s)
		return d->last;
	snprintf(from, sizeof from, "%04d-01", y);
	snprintf(to, sizeof to, "%04d-12", y);
	sqlite3_bind_text(s, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *m = store_col_text(s, 0);
		if (strlen(m) == 7 && m[5] >= '0' && m[5] <= '1' && m[6] >= '0' && m[6] <= '9') {
			int k = (m[5] - '0') * 10 + (m[6] - '0');
			if (k >= 1 && k <= YEAR_MONTHS)
				out[k - 1] = sqlite3_column_int64(s, 1);
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the orders of the year"));
}

/* The detail of a year-plan row: the method, and " fixed" for a month set by hand. */
static void row_detail(const db_year_plan *p, int i, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s%s", p->method, p->fixed[i] ? " fixed" : "");
}

static void parse_detail(const char *detail, db_year_plan *p, int i)
{
	const char *sp = strchr(detail, ' ');
	size_t n = sp ? (size_t)(sp - detail) : strlen(detail);
	if (n < sizeof p->method && !p->method[0]) {
		memcpy(p->method, detail, n);
		p->method[n] = '\0';
	}
	p->fixed[i] = sp && strcmp(sp + 1, "fixed") == 0;
}

#define YEAR_ROWS \
	"SELECT id, month, amount, detail FROM targets WHERE month BETWEEN ?1 AND ?2 " \
	"AND rep_uid = ?3 AND deleted = 0 AND level = '" DB_YEAR_LEVEL "' AND scope = 'month' " \
	"AND key = ''"

static db_status load_rows(db *d, int y, db_year_plan *p, int64_t ids[YEAR_MONTHS], bool *exists)
{
	char rep[UID_BUFSZ], from[24], to[24];
	db_status st = store_rep_uid(d, rep);
	int rc;

	memset(p, 0, sizeof *p);
	*exists = false;
	for (int i = 0; i < YEAR_MONTHS; i++)
		ids[i] = 0;
	if (st != DB_OK)
		return st;
	sqlite3_stmt *s = store_prepare(d, YEAR_ROWS " ORDER BY month, id");
	if (!s)
		return d->last;
	snprintf(from, sizeof from, "%04d-01", y);
	snprintf(to, sizeof to, "%04d-12", y);
	sqlite3_bind_text(s, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, rep, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *m = store_col_text(s, 1);
		int k = strlen(m) == 7 ? (m[5] - '0') * 10 + (m[6] - '0') : 0;
		if (k < 1 || k > YEAR_MONTHS)
			continue;
		/* Two devices may each have made a row for the month: the later one counts. */
		ids[k - 1] = sqlite3_column_int64(s, 0);
		p->present[k - 1] = true;
		p->target[k - 1] = sqlite3_column_int64(s, 2);
		parse_detail(store_col_text(s, 3), p, k - 1);
		*exists = true;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the year plan"));
}

db_status db_year_plan_load(db *d, int y, db_year_plan *out, bool *exists)
{
	int64_t ids[YEAR_MONTHS];
	bool reading = store_read_begin(d);
	db_status st = load_rows(d, y, out, ids, exists);
	store_read_end(d, reading);
	return st;
}

db_status db_year_plan_save(db *d, int y, const db_year_plan *p)
{
	char rep[UID_BUFSZ], uid[UID_BUFSZ], month[24], detail[64], was[64];
	const char *stamp;
	bool own, exists;
	int64_t ids[YEAR_MONTHS];
	db_year_plan old;
	db_status st;
	sqlite3_stmt *ins = NULL, *upd = NULL;

	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if ((st = store_rep_uid(d, rep)) != DB_OK || (st = load_rows(d, y, &old, ids, &exists)) != DB_OK)
		goto out;
	if (!(stamp = store_stamp(d)) ||
	    !(ins = store_prepare(d, "INSERT INTO targets(uid, rep_uid, month, level, scope, key, "
	                             "amount, updated_at, detail) "
	                             "VALUES (?1, ?2, ?3, '" DB_YEAR_LEVEL "', 'month', '', ?4, ?5, ?6)")) ||
	    !(upd = store_prepare(d, "UPDATE targets SET amount = ?2, " STORE_REBASE("3") ", "
	                             "updated_at = ?3, detail = ?4 WHERE id = ?1"))) {
		st = d->last;
		goto out;
	}
	for (int i = 0; i < YEAR_MONTHS && st == DB_OK; i++) {
		snprintf(month, sizeof month, "%04d-%02d", y, i + 1);
		row_detail(p, i, detail, sizeof detail);
		if (ids[i]) {
			row_detail(&old, i, was, sizeof was);
			if (old.target[i] == p->target[i] && strcmp(was, detail) == 0)
				continue;
			sqlite3_bind_int64(upd, 1, ids[i]);
			sqlite3_bind_int64(upd, 2, p->target[i]);
			sqlite3_bind_text(upd, 3, stamp, -1, SQLITE_STATIC);
			sqlite3_bind_text(upd, 4, detail, -1, SQLITE_TRANSIENT);
			st = store_step_done(d, upd, "saving the year plan");
		} else {
			store_new_uid(d, uid);
			sqlite3_bind_text(ins, 1, uid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 2, rep, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 3, month, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(ins, 4, p->target[i]);
			sqlite3_bind_text(ins, 5, stamp, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 6, detail, -1, SQLITE_TRANSIENT);
			st = store_step_done(d, ins, "saving the year plan");
		}
	}
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	return store_tx_leave(d, own, st);
}

db_status db_year_month_target(db *d, int y, int m, int64_t *fen, bool *found)
{
	db_year_plan p;
	db_status st = db_year_plan_load(d, y, &p, found);

	*fen = 0;
	*found = false;
	if (st == DB_OK && m >= 1 && m <= YEAR_MONTHS && p.present[m - 1]) {
		*fen = p.target[m - 1];
		*found = true;
	}
	return st;
}

db_status db_team_ytd_each(db *d, const char *month, db_team_ytd_fn fn, void *ctx)
{
	if (d->team_src)
		return d->team_src->ytd(d, month, fn, ctx);
	char first[24];
	int rc;
	/* One pass over the months' targets (by the month index) and the month
	 * rollup, not a search per rep: the year plan's figure of a month where
	 * the rep has one, else the month plan's. */
	sqlite3_stmt *s = store_prepare(d,
		"SELECT r.uid, coalesce(t.v, 0), coalesce(o.v, 0) FROM reps r "
		"LEFT JOIN (SELECT rep_uid, sum(coalesce(y, b)) AS v FROM ("
		"  SELECT rep_uid, month,"
		"  sum(CASE WHEN level = '" DB_YEAR_LEVEL "' THEN amount END) AS y,"
		"  sum(CASE WHEN level = 'base' THEN amount END) AS b FROM targets"
		"  WHERE month BETWEEN ?1 AND ?2 AND deleted = 0 AND scope = 'month' AND key = ''"
		"  AND level IN ('" DB_YEAR_LEVEL "', 'base') GROUP BY rep_uid, month)"
		" GROUP BY rep_uid) t ON t.rep_uid = r.uid "
		"LEFT JOIN (SELECT rep_uid, sum(sales) AS v FROM team_months"
		"  WHERE month BETWEEN ?1 AND ?2 GROUP BY rep_uid) o ON o.rep_uid = r.uid "
		"WHERE r.deleted = 0");

	if (!s)
		return d->last;
	snprintf(first, sizeof first, "%.4s-01", month);
	sqlite3_bind_text(s, 1, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, month, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_team_ytd r = { store_col_text(s, 0), sqlite3_column_int64(s, 1),
		                  sqlite3_column_int64(s, 2) };
		if (!fn(&r, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the year to date"));
}
