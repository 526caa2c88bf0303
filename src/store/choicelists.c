/* Choice lists (config choices): an attribute's allowed values, synced rows
 * like segments so a lead gets the reps' lists with their bundles. A book
 * goes by its own rep's list of an attribute, else by the newest live list
 * merged from another rep; clearing a list leaves a tombstone. */
#include <stdio.h>
#include <string.h>

#include "store_int.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "repdesk/text.h"
#include "repdesk/valid.h"

/* The list of an attribute the book goes by, as an ORDER BY over the lists
 * y of that attribute, ?1 the book's rep. */
#define CHOICES_FIRST "y.rep_uid = ?1 DESC, y.updated_at DESC, y.id"

db_status db_choices_get(db *d, const char *attr, char *buf, size_t bufsz)
{
	char rep[UID_BUFSZ];
	db_status st;

	if (!attr || !*attr)
		return DB_NOT_FOUND;
	if ((st = store_rep_uid(d, rep)) != DB_OK)
		return st;
	sqlite3_stmt *s = store_prepare(d, "SELECT y.list FROM choices y WHERE y.attr = ?2 AND "
	                                "y.deleted = 0 ORDER BY " CHOICES_FIRST " LIMIT 1");
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, rep, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, attr, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s), n = 0;
	if (rc == SQLITE_ROW)
		n = snprintf(buf, bufsz, "%s", store_col_text(s, 0));
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return DB_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return store_fail(d, rc, _("reading the choice lists"));
	if (n < 0 || (size_t)n >= bufsz)
		return store_err(d, DB_INVALID, _("the choice list of %s is longer than %zu bytes"), attr,
		                 bufsz);
	return DB_OK;
}

db_status db_choices_each(db *d, db_choices_fn fn, void *ctx)
{
	char rep[UID_BUFSZ];
	db_status st = store_rep_uid(d, rep);

	if (st != DB_OK)
		return st;
	sqlite3_stmt *s = store_prepare(d, "SELECT c.attr, c.list, CASE WHEN c.rep_uid = ?1 THEN '' "
	                                "ELSE coalesce(r.name, '') END FROM choices c "
	                                "LEFT JOIN reps r ON r.uid = c.rep_uid WHERE c.deleted = 0 AND "
	                                "c.id = (SELECT y.id FROM choices y WHERE y.attr = c.attr AND "
	                                "y.deleted = 0 ORDER BY " CHOICES_FIRST " LIMIT 1) "
	                                "ORDER BY c.attr");
	int rc;

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, rep, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!fn(store_col_text(s, 0), store_col_text(s, 1), store_col_text(s, 2), ctx))
			break;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the choice lists"));
}

/* LIST for ATTR in this book's own row: the live one changed, else the
 * last cleared one made live again, else a new row. */
static db_status set_list(db *d, const char *rep, const char *attr, const char *list)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT id, list IS ?3 AND deleted = 0 FROM choices "
	                                "WHERE attr = ?1 AND rep_uid = ?2 "
	                                "ORDER BY deleted, updated_at DESC, id LIMIT 1");
	int64_t id = 0;
	bool same = false;
	const char *stamp;
	char uid[UID_BUFSZ];

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, attr, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, list, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		same = sqlite3_column_int(s, 1) != 0;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d, rc, _("reading the choice lists"));
	if (same)
		return DB_OK;     /* nothing changes, no new stamp */
	if (!(stamp = store_stamp(d)))
		return d->last;
	if (id) {
		s = store_prepare(d, "UPDATE choices SET list = ?2, deleted = 0, " STORE_REBASE("3") ", "
		                  "updated_at = ?3 WHERE id = ?1");
		if (s)
			sqlite3_bind_int64(s, 1, id);
	} else {
		s = store_prepare(d, "INSERT INTO choices(uid, rep_uid, attr, list, updated_at) "
		                  "VALUES (?4, ?5, ?1, ?2, ?3)");
		if (s) {
			store_new_uid(d, uid);
			sqlite3_bind_text(s, 1, attr, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 4, uid, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 5, rep, -1, SQLITE_STATIC);
		}
	}
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 2, list, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, stamp, -1, SQLITE_STATIC);
	db_status st = store_step_done(d, s, _("saving the choice list"));
	sqlite3_finalize(s);
	return st;
}

/* Every live list of ATTR in the book, the book's own and those merged
 * from others, cleared (a tombstone each), so the attribute takes any value
 * again. */
static db_status clear_lists(db *d, const char *attr)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT 1 FROM choices WHERE attr = ?1 AND deleted = 0");
	const char *stamp;

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, attr, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return DB_OK;     /* none: nothing changes */
	if (rc != SQLITE_ROW)
		return store_fail(d, rc, _("reading the choice lists"));
	if (!(stamp = store_stamp(d)) ||
	    !(s = store_prepare(d, "UPDATE choices SET deleted = 1, " STORE_REBASE("2") ", "
	                        "updated_at = ?2 WHERE attr = ?1 AND deleted = 0")))
		return d->last;
	sqlite3_bind_text(s, 1, attr, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, stamp, -1, SQLITE_STATIC);
	db_status st = store_step_done(d, s, _("clearing the choice list"));
	sqlite3_finalize(s);
	return st;
}

db_status db_choices_set(db *d, const char *attr, const char *list)
{
	size_t n = attr ? strlen(attr) : 0;
	char rep[UID_BUFSZ], clean[160];
	const char *why;
	bool own;
	db_status st;

	/* Held to what a bundle's list must be (core/valid.c): what one book
	 * could write, another must be able to merge. */
	if (!n || n > VALID_CHOICES_ATTR_MAX)
		return store_err(d, DB_INVALID, _("an attribute's name is empty or too long"));
	if ((why = valid_choices_attr(attr, n)))
		return store_err(d, DB_INVALID, _("%s is refused: %s"),
		                 text_sanitize(attr, clean, sizeof clean), _(why));
	if (list && (why = valid_choices_list(list, strlen(list))))
		return store_err(d, DB_INVALID, _("the choices for %s are refused: %s"),
		                 text_sanitize(attr, clean, sizeof clean), _(why));
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if ((st = store_rep_uid(d, rep)) == DB_OK)
		st = list ? set_list(d, rep, attr, list) : clear_lists(d, attr);
	return store_tx_leave(d, own, st);
}
