/* The conflicts merges kept: listed with each row as it is now, compared
 * field by field, and taken back (the losing version written again as the
 * current one, with a new stamp, the version it replaces kept in its turn). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/team.h"
#include "repdesk/record.h"
#include "store_int.h"
#include "repdesk/i18n.h"

/* A conflict row whose source is TAKE_MARK followed by a conflict's id is the
 * version that conflict's taking replaced; that conflict is resolved. */
#define TAKE_MARK "take:"

/* "'name', P.name, ..." for the columns COLS (record_tables' form). */
static void json_pairs(sqlite3_str *b, const char *cols, const char *prefix)
{
	for (const char *p = cols; *p;) {
		size_t len = strcspn(p, ",");
		sqlite3_str_appendf(b, "'%.*s', %s%.*s", (int)len, p, prefix, (int)len, p);
		p += len;
		if (*p == ',') {
			sqlite3_str_appendall(b, ", ");
			for (p++; *p == ' '; p++)
				;
		}
	}
}

static char *finish(db *d, sqlite3_str *b)
{
	char *sql = sqlite3_str_finish(b);
	if (!sql)
		store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	return sql;
}

db_status db_team_conflicts_each(db *d, db_conflict_fn fn, void *ctx)
{
	if (d->team_src)
		return d->team_src->conflicts(d, fn, ctx);
	sqlite3_str *b = sqlite3_str_new(d->h);

	/* The row's stamp and content now, from whichever table it belongs to. */
	sqlite3_str_appendall(b, "SELECT c.id, c.tbl, c.uid, coalesce(r.name, c.rep_uid), c.lost_at, "
	                      "CASE c.tbl");
	for (size_t k = 0; k < DB_MERGE_TABLES; k++)
		sqlite3_str_appendf(b, " WHEN '%s' THEN (SELECT updated_at FROM %s WHERE uid = c.uid)",
		                    record_tables[k].name, record_tables[k].name);
	sqlite3_str_appendall(b, " END, c.lost, c.source, CASE c.tbl");
	for (size_t k = 0; k < DB_MERGE_TABLES; k++) {
		sqlite3_str_appendf(b, " WHEN '%s' THEN (SELECT json_object(", record_tables[k].name);
		json_pairs(b, record_tables[k].cols, "x.");
		sqlite3_str_appendf(b, ", 'base_at', x.base_at) FROM %s x WHERE x.uid = c.uid)",
		                    record_tables[k].name);
	}
	sqlite3_str_appendall(b, " END, EXISTS (SELECT 1 FROM conflicts t WHERE t.source = '" TAKE_MARK
	                      "' || c.id), CASE WHEN json_valid(c.lost) THEN json_extract(c.lost, "
	                      "'$.clamped') END, CASE WHEN json_valid(c.lost) THEN json_extract(c.lost, "
	                      "'$.won_at') END, json_valid(c.lost) FROM conflicts c "
	                      "LEFT JOIN reps r ON r.uid = c.rep_uid ORDER BY c.id");
	char *sql = finish(d, b);
	if (!sql)
		return d->last;
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s)
		return d->last;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *source = store_col_text(s, 7), *clamped = store_col_text(s, 10);
		bool taken = strncmp(source, TAKE_MARK, strlen(TAKE_MARK)) == 0;
		db_conflict c = { sqlite3_column_int64(s, 0), store_col_text(s, 1), store_col_text(s, 2),
		                  store_col_text(s, 3), store_col_text(s, 4), store_col_text(s, 5),
		                  store_col_text(s, 6), store_col_text(s, 8), taken ? "" : source,
		                  taken ? strtoll(source + strlen(TAKE_MARK), NULL, 10) : 0,
		                  sqlite3_column_int(s, 9) != 0,
		                  /* The winner clamped, if it is still the row's version. */
		                  strcmp(clamped, "kept") == 0 &&
		                  strcmp(store_col_text(s, 11), store_col_text(s, 5)) == 0,
		                  strcmp(clamped, "lost") == 0, sqlite3_column_int(s, 12) != 0 };
		if (!fn(&c, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the conflicts"));
}

db_status db_team_conflict_fields(db *d, const char *kept, const char *lost,
                                  db_conflict_field_fn fn, void *ctx)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT l.key, json_extract(?1, '$.' || l.key), l.atom "
	                                "FROM json_each(CASE WHEN json_valid(?2) THEN ?2 ELSE '{}' END) l "
	                                "WHERE l.key NOT IN ('updated_at', "
	                                "'base_at', 'clamped', 'won_at') AND json_extract(?1, '$.' || l.key) IS NOT l.atom "
	                                "ORDER BY l.id");
	int rc;

	if (!s)
		return d->last;
	if (kept && *kept)
		sqlite3_bind_text(s, 1, kept, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, lost, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_conflict_field f = { store_col_text(s, 0), store_col_text(s, 1), store_col_text(s, 2),
		                        sqlite3_column_type(s, 1) == SQLITE_NULL,
		                        sqlite3_column_type(s, 2) == SQLITE_NULL };
		if (!fn(&f, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the conflicts"));
}

/* Conflict ID: its table's index, uid and losing version; whether it was
 * taken already. */
static db_status read_conflict(db *d, int64_t id, int *k, char *uid, size_t uidsz, char **lost,
                               bool *taken)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT tbl, uid, lost, EXISTS (SELECT 1 FROM conflicts t "
	                                "WHERE t.source = '" TAKE_MARK "' || c.id), "
	                                "json_type(CASE WHEN json_valid(lost) THEN lost END) "
	                                "FROM conflicts c WHERE id = ?1");
	if (!s)
		return d->last;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	db_status st = DB_OK;
	if (rc == SQLITE_ROW) {
		*k = record_table_find(store_col_text(s, 0));
		store_col_copy(s, 1, uid, uidsz);
		*lost = strdup(store_col_text(s, 2));
		*taken = sqlite3_column_int(s, 3) != 0;
		if (!*lost)
			st = store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
		else if (*k < 0)
			st = store_err(d, DB_CORRUPT, _("conflict #%lld: no table %s"), (long long)id,
			               store_col_text(s, 0));
		else if (strcmp(store_col_text(s, 4), "object") != 0)
			st = store_err(d, DB_CORRUPT, _("conflict #%lld: its version is not a row's "
			               "fields; it cannot be taken"), (long long)id);
	} else if (rc == SQLITE_DONE) {
		st = store_err(d, DB_NOT_FOUND, _("no conflict #%lld (see 'repdesk team conflicts')"),
		               (long long)id);
	} else {
		st = store_fail(d, rc, _("reading the conflicts"));
	}
	sqlite3_finalize(s);
	return st;
}

/* Keep the current version of row UID of table K as a conflict of its own,
 * marked as replaced by the taking of conflict ID; its stamp into AT. */
static db_status keep_current(db *d, int k, const char *uid, int64_t id, char *at, size_t atsz)
{
	sqlite3_str *b = sqlite3_str_new(d->h);
	char mark[32];

	snprintf(mark, sizeof mark, TAKE_MARK "%lld", (long long)id);
	sqlite3_str_appendf(b, "INSERT INTO conflicts(tbl, uid, rep_uid, lost_at, lost, source) "
	                    "SELECT '%s', x.uid, x.rep_uid, x.updated_at, json_object(",
	                    record_tables[k].name);
	json_pairs(b, record_tables[k].cols, "x.");
	sqlite3_str_appendf(b, ", 'base_at', x.base_at), ?2 FROM %s x WHERE x.uid = ?1 "
	                    "ON CONFLICT(tbl, uid, lost_at) DO UPDATE SET source = excluded.source "
	                    "RETURNING lost_at", record_tables[k].name);
	char *sql = finish(d, b);
	if (!sql)
		return d->last;
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, mark, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		store_col_copy(s, 0, at, atsz);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("keeping the current version"));
	return at[0] ? DB_OK : store_err(d, DB_NOT_FOUND, _("%s %s is no longer in the book"),
	                                 record_tables[k].name, uid);
}

/* Mark for their summaries the customer of row UID of table K (when its
 * table is summarised per customer). */
static db_status mark_customer(db *d, int k, const char *uid)
{
	if (!record_tables[k].figures)
		return DB_OK;
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT customer_uid FROM %s WHERE uid = ?1", record_tables[k].name);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	db_status st = rc == SQLITE_ROW ? store_stats_mark(d, store_col_text(s, 0))
	               : rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the conflicts"));
	sqlite3_finalize(s);
	return st;
}

/* Write LOST (a version as JSON) over row UID of table K, made from the
 * version stamped BASE, stamped anew. */
static db_status write_lost(db *d, int k, const char *uid, const char *lost, const char *base)
{
	const char *stamp = store_stamp(d);
	if (!stamp)
		return d->last;
	sqlite3_str *b = sqlite3_str_new(d->h);
	sqlite3_str_appendf(b, "UPDATE %s SET ", record_tables[k].name);
	for (const char *p = record_tables[k].cols; *p;) {
		size_t len = strcspn(p, ",");
		if (!(len == 3 && strncmp(p, "uid", 3) == 0) &&
		    !(len == 10 && strncmp(p, "updated_at", 10) == 0))
			sqlite3_str_appendf(b, "%.*s = json_extract(?2, '$.%.*s'), ", (int)len, p, (int)len, p);
		p += len;
		for (p += *p == ','; *p == ' '; p++)
			;
	}
	sqlite3_str_appendall(b, "base_at = ?3, updated_at = ?4 WHERE uid = ?1");
	char *sql = finish(d, b);
	if (!sql)
		return d->last;
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, lost, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, base, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, stamp, -1, SQLITE_TRANSIENT);
	db_status st = store_step_done(d, s, _("writing the version taken"));
	sqlite3_finalize(s);
	return st;
}

static db_status take(db *d, int64_t id, db_conflict_taken *out)
{
	char *lost = NULL, at[HLC_STAMP_BUFSZ] = "";
	bool taken = false;
	int k = -1;
	db_status st = read_conflict(d, id, &k, out->uid, sizeof out->uid, &lost, &taken);

	if (st == DB_OK && taken)
		st = store_err(d, DB_INVALID, _("conflict #%lld was taken already: its version is the "
		               "current one or was replaced since"), (long long)id);
	if (st == DB_OK) {
		out->table = record_tables[k].name;
		st = mark_customer(d, k, out->uid);
	}
	if (st == DB_OK)
		st = keep_current(d, k, out->uid, id, at, sizeof at);
	if (st == DB_OK)
		st = write_lost(d, k, out->uid, lost, at);
	if (st == DB_OK)
		st = mark_customer(d, k, out->uid);
	free(lost);
	return st;
}

db_status db_team_conflict_take(db *d, int64_t id, db_conflict_taken *out)
{
	bool own;
	db_status st;

	memset(out, 0, sizeof *out);
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	return store_tx_leave(d, own, take(d, id, out));
}
