/* Saved segments: see repdesk/db/segments.h. A book's own segment of a name
 * comes before those merged from others of the same name. */
#include <stdio.h>
#include <string.h>

#include "repdesk/db/segments.h"
#include "repdesk/i18n.h"
#include "repdesk/valid.h"
#include "store_int.h"

/* The row id of the segment NAME this book's rep saved, else 0. */
static db_status own_id(db *d, const char *name, const char *rep, int64_t *id)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT id FROM segments WHERE name = ?1 AND rep_uid = ?2 "
	                                "AND deleted = 0");
	int rc;

	*id = 0;
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading segments"));
}

db_status db_segment_save(db *d, const char *name, const char *clauses, bool *added)
{
	char rep[UID_BUFSZ], uid[UID_BUFSZ];
	const char *stamp;
	int64_t id;
	bool own;
	db_status st;
	sqlite3_stmt *s = NULL;

	if ((st = store_check_text(d, "segment name", name, VALID_TEXT_MAX)) != DB_OK ||
	    (st = store_check_text(d, "segment filters", clauses, VALID_DETAIL_MAX)) != DB_OK)
		return st;
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if ((st = store_rep_uid(d, rep)) != DB_OK || (st = own_id(d, name, rep, &id)) != DB_OK)
		goto out;
	*added = id == 0;
	if (!(stamp = store_stamp(d))) {
		st = d->last;
		goto out;
	}
	if (id) {
		s = store_prepare(d, "UPDATE segments SET clauses = ?2, " STORE_REBASE("3") ", "
		                  "updated_at = ?3 WHERE id = ?1 AND clauses IS NOT ?2");
		if (s)
			sqlite3_bind_int64(s, 1, id);
	} else {
		s = store_prepare(d, "INSERT INTO segments(uid, rep_uid, name, clauses, updated_at) "
		                  "VALUES (?4, ?5, ?1, ?2, ?3)");
		if (s) {
			store_new_uid(d, uid);
			sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 4, uid, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 5, rep, -1, SQLITE_STATIC);
		}
	}
	if (!s) {
		st = d->last;
		goto out;
	}
	sqlite3_bind_text(s, 2, clauses, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, stamp, -1, SQLITE_STATIC);
	st = store_step_done(d, s, _("saving the segment"));
	sqlite3_finalize(s);
out:
	return store_tx_leave(d, own, st);
}

/* "FROM ..." of the segments, the book's own of a name first. */
#define SEGMENTS_FROM "FROM segments s LEFT JOIN reps r ON r.uid = s.rep_uid " \
	"WHERE s.deleted = 0 AND (?1 IS NULL OR s.name = ?1) " \
	"ORDER BY s.name, s.rep_uid = ?2 DESC, s.updated_at DESC, s.id"

db_status db_segment_delete(db *d, const char *name)
{
	char rep[UID_BUFSZ];
	const char *stamp;
	bool own;
	db_status st;
	int64_t id = 0;

	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if ((st = store_rep_uid(d, rep)) != DB_OK)
		goto out;
	sqlite3_stmt *s = store_prepare(d, "SELECT s.id " SEGMENTS_FROM " LIMIT 1");
	if (!s) {
		st = d->last;
		goto out;
	}
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		st = store_fail(d, rc, _("reading segments"));
		goto out;
	}
	if (!id) {
		st = store_err(d, DB_NOT_FOUND, _("no segment '%s'"), name);
		goto out;
	}
	if (!(stamp = store_stamp(d)) ||
	    !(s = store_prepare(d, "UPDATE segments SET deleted = 1, " STORE_REBASE("2") ", "
	                        "updated_at = ?2 WHERE id = ?1"))) {
		st = d->last;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, stamp, -1, SQLITE_STATIC);
	st = store_step_done(d, s, _("deleting the segment"));
	sqlite3_finalize(s);
out:
	return store_tx_leave(d, own, st);
}

db_status db_segments_each(db *d, const char *name, db_segment_fn fn, void *ctx)
{
	char rep[UID_BUFSZ];
	db_status st = store_rep_uid(d, rep);
	int rc, n = 0;

	if (st != DB_OK)
		return st;
	sqlite3_stmt *s = store_prepare(d, "SELECT s.uid, s.name, s.clauses, coalesce(r.name, ''), "
	                                "s.updated_at " SEGMENTS_FROM);
	if (!s)
		return d->last;
	if (name)
		sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_segment g;
		memset(&g, 0, sizeof g);
		snprintf(g.uid, sizeof g.uid, "%s", store_col_text(s, 0));
		g.name = store_col_text(s, 1);
		g.clauses = store_col_text(s, 2);
		g.rep = store_col_text(s, 3);
		snprintf(g.updated_at, sizeof g.updated_at, "%s", store_col_text(s, 4));
		n++;
		if (!fn(&g, ctx))
			break;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d, rc, _("reading segments"));
	if (name && n == 0)
		return store_err(d, DB_NOT_FOUND, _("no segment '%s'"), name);
	return DB_OK;
}
