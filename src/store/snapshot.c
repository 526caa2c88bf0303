/* A book checked whole (integrity, the search index against its content)
 * and copied whole: a snapshot (a bundle is one) is written beside its
 * target, signed, synced and renamed into place. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "repdesk/bundlesig.h"
#include "store_int.h"
#include "repdesk/db/book.h"
#include "repdesk/i18n.h"

bool db_integrity_ok(db *d)
{
	sqlite3_stmt *s = store_prepare(d, "PRAGMA integrity_check");

	if (!s)
		return false;
	int rc = sqlite3_step(s);
	bool ok = rc == SQLITE_ROW && strcmp(store_col_text(s, 0), "ok") == 0;
	if (rc == SQLITE_ROW && !ok)
		store_err(d, DB_CORRUPT, _("integrity check: %s"), store_col_text(s, 0));
	else if (rc != SQLITE_ROW)
		store_fail(d, rc, _("integrity check"));
	sqlite3_finalize(s);
	if (!ok)
		return false;
	/* The search index against its content (rows are indexed as stored);
	 * FTS5 asks for it with an INSERT, which a read-only book refuses. */
	if (!sqlite3_db_readonly(d->h, "main") && !d->readonly && sqlite3_exec(d->h, "INSERT INTO customers_fts(customers_fts, rank) "
	                 "VALUES ('integrity-check', 0)", NULL, NULL, NULL) != SQLITE_OK) {
		store_err(d, DB_CORRUPT, _("integrity check: search index: %s"), sqlite3_errmsg(d->h));
		return false;
	}
	return true;
}

static int fsync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);

	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* The snapshot of a book we cannot write. VACUUM INTO from a read-only
 * connection fails on tables with generated columns (SQLite 3.40: "has 25
 * columns but 26 values were supplied"), so the pages are copied with the
 * backup API into TMP, which is then compacted as VACUUM INTO would have. */
static db_status snapshot_copy(db *d, const char *tmp, const char *path)
{
	sqlite3 *to = NULL;
	int rc = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                         SQLITE_OPEN_NOMUTEX, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(to, 1);
		rc = store_search_register(to);
	}
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(to, "main", d->h, "main");
		if (!b) {
			rc = sqlite3_extended_errcode(to);
		} else {
			rc = sqlite3_backup_step(b, -1);
			int fin = sqlite3_backup_finish(b);
			rc = rc == SQLITE_DONE ? fin : rc;
		}
	}
	if (rc == SQLITE_OK) {
		sqlite3_db_config(to, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, NULL);
		rc = sqlite3_exec(to, "PRAGMA journal_mode = DELETE; VACUUM", NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		db_status st = store_map(rc);
		int e = to ? sqlite3_system_errno(to) : 0;
		if (st == DB_IOERR && (e == ENOSPC || e == EDQUOT))
			st = DB_FULL;
		store_err(d, st == DB_OK ? DB_ERROR : st, "%s: %s (%s)", path,
		          db_status_text(st == DB_OK ? DB_ERROR : st), to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
	}
	sqlite3_close(to);
	return rc == SQLITE_OK ? DB_OK : d->last;
}

db_status db_snapshot(db *d, const char *path)
{
	char tmp[PATH_MAX], dir[PATH_MAX];

	if (!sqlite3_get_autocommit(d->h))
		return store_err(d, DB_ERROR, _("a snapshot cannot be taken inside a transaction"));
	if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return store_err(d, DB_INVALID, _("%s: path too long"), path);
	unlink(tmp);
	if (d->book_readonly) {
		db_status st = snapshot_copy(d, tmp, path);
		if (st != DB_OK) {
			unlink(tmp);
			return st;
		}
	} else {
		sqlite3_stmt *s = store_prepare(d, "VACUUM INTO ?1");
		if (!s)
			return d->last;
		sqlite3_bind_text(s, 1, tmp, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			db_status st = store_fail(d, sqlite3_extended_errcode(d->h), path);
			unlink(tmp);
			return st;
		}
	}
	/* Signed before it takes its name: the book's secret key is dropped
	 * from the copy, and a bundle is never seen unsigned. */
	db_status signed_st = bundlesig_sign(d, tmp);
	if (signed_st != DB_OK) {
		unlink(tmp);
		return signed_st;
	}
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	if (fsync_path(tmp, false) != 0 || rename(tmp, path) != 0 || fsync_path(dir, true) != 0) {
		int e = errno;
		unlink(tmp);
		return store_err(d, e == ENOSPC ? DB_FULL : DB_IOERR, "%s: %s", path, strerror(e));
	}
	return DB_OK;
}

