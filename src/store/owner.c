/* The book's owner: the rep whose book it is, named once by init (with the
 * group, the signing key and the registry's owned tables), and read back
 * by every write that stamps a row. */
#include <stdio.h>
#include <string.h>

#include "repdesk/bundlesig.h"
#include "repdesk/db/book.h"
#include "repdesk/record.h"
#include "repdesk/valid.h"
#include "store_int.h"
#include "repdesk/i18n.h"

db_status store_rep_uid(db *d, char uid[UID_BUFSZ])
{
	if (d->have_rep) {
		memcpy(uid, d->rep, UID_BUFSZ);
		return DB_OK;
	}
	db_status st = db_setting_get(d, "rep_uid", uid, UID_BUFSZ);
	if (st == DB_NOT_FOUND) {
		uid[0] = '\0';
		st = DB_OK;
	}
	if (st == DB_OK) {
		memcpy(d->rep, uid, UID_BUFSZ);
		d->have_rep = true;
	}
	return st;
}

db_status db_rep_current(db *d, db_rep *out)
{
	char uid[UID_BUFSZ];
	db_status st = store_rep_uid(d, uid);

	memset(out, 0, sizeof *out);
	if (st != DB_OK)
		return st;
	if (!uid[0])
		return store_err(d, DB_NOT_FOUND, _("the book has no owner yet (repdesk init --rep NAME)"));
	sqlite3_stmt *s = store_prepare(d, "SELECT r.uid, r.name, coalesce(g.uid, ''), "
	                                "coalesce(g.name, '') FROM reps r LEFT JOIN groups g "
	                                "ON g.uid = r.group_uid WHERE r.uid = ?1");
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(out->uid, sizeof out->uid, "%s", store_col_text(s, 0));
		snprintf(out->name, sizeof out->name, "%s", store_col_text(s, 1));
		snprintf(out->group_uid, sizeof out->group_uid, "%s", store_col_text(s, 2));
		snprintf(out->group_name, sizeof out->group_name, "%s", store_col_text(s, 3));
		st = DB_OK;
	} else if (rc == SQLITE_DONE) {
		st = store_err(d, DB_NOT_FOUND, _("the book's owner %s is missing"), uid);
	} else {
		st = store_fail(d, rc, _("reading the book's owner"));
	}
	sqlite3_finalize(s);
	return st;
}

/* Run SQL with text parameters ?1.. (NULL binds NULL). */
static db_status exec_args(db *d, const char *sql, int n, const char *const *args)
{
	sqlite3_stmt *s = store_prepare(d, sql);

	if (!s)
		return d->last;
	for (int i = 0; i < n; i++)
		store_bind_text(s, i + 1, args[i]);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, _("saving the book's owner"));
}

static db_status book_init(db *d, const char *rep_name, const char *group_name)
{
	char rep[UID_BUFSZ], group[UID_BUFSZ] = "";
	const char *stamp;
	db_status st;
	db_rep cur;

	if ((st = store_rep_uid(d, rep)) != DB_OK)
		return st;
	bool had = rep[0] && db_rep_current(d, &cur) == DB_OK;
	if (!had)
		store_new_uid(d, rep);
	/* Only a name that changes is checked: an older book's owner keeps the
	 * name it has while another part of the line is changed. */
	if ((!had || strcmp(cur.name, rep_name) != 0) &&
	    (st = store_check_text(d, "rep name", rep_name, VALID_TEXT_MAX)) != DB_OK)
		return st;
	if ((!had || strcmp(cur.group_name, group_name ? group_name : "") != 0) &&
	    (st = store_check_text(d, "group name", group_name, VALID_TEXT_MAX)) != DB_OK)
		return st;
	if (group_name && *group_name) {
		sqlite3_stmt *s = store_prepare(d, "SELECT uid FROM groups WHERE name = ?1 AND deleted = 0 "
		                                "ORDER BY id LIMIT 1");
		if (!s)
			return d->last;
		sqlite3_bind_text(s, 1, group_name, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			snprintf(group, sizeof group, "%s", store_col_text(s, 0));
		sqlite3_finalize(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(d, rc, _("reading the groups"));
		if (!group[0]) {
			store_new_uid(d, group);
			if (!(stamp = store_stamp(d)))
				return d->last;
			const char *a[] = { group, rep, group_name, stamp };
			if ((st = exec_args(d, "INSERT INTO groups(uid, rep_uid, name, updated_at) "
			                    "VALUES (?1, ?2, ?3, ?4)", 4, a)) != DB_OK)
				return st;
		}
	}
	if (had && strcmp(cur.name, rep_name) == 0 && strcmp(cur.group_uid, group) == 0)
		return DB_OK;   /* idempotent: nothing changes, no new stamp */
	if (!(stamp = store_stamp(d)))
		return d->last;
	const char *a[] = { rep, rep_name, group[0] ? group : NULL, stamp };
	if (had)
		st = exec_args(d, "UPDATE reps SET name = ?2, group_uid = ?3, " STORE_REBASE("4") ", updated_at = ?4 "
		               "WHERE uid = ?1", 4, a);
	else
		st = exec_args(d, "INSERT INTO reps(uid, rep_uid, name, group_uid, updated_at) "
		               "VALUES (?1, ?1, ?2, ?3, ?4)", 4, a);
	if (st != DB_OK || had)
		return st;
	d->have_rep = false;
	if ((st = db_setting_set(d, "rep_uid", rep)) != DB_OK)
		return st;
	/* The rep's signing key, made with the book's owner. */
	if ((st = store_sign_key_ensure(d)) != DB_OK)
		return st;
	/* Rows written before the book had an owner become the owner's. */
	for (size_t i = 0; i < RECORD_TABLE_COUNT && st == DB_OK; i++) {
		char sql[256];
		if (!record_tables[i].owned)
			continue;
		snprintf(sql, sizeof sql, "UPDATE %s SET rep_uid = ?1, " STORE_REBASE("2") ", updated_at = ?2 "
		         "WHERE rep_uid = ''", record_tables[i].name);
		const char *b[] = { rep, stamp };
		st = exec_args(d, sql, 2, b);
	}
	return st;
}

db_status db_book_init(db *d, const char *rep_name, const char *group_name)
{
	bool own;
	db_status st;

	if (!rep_name || !*rep_name)
		return store_err(d, DB_INVALID, _("the rep needs a name"));
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	return store_tx_leave(d, own, book_init(d, rep_name, group_name));
}

