/* Opening, checking and closing the database; errors, transactions, settings
 * and version stamps (the book's owner: owner.c; integrity and snapshots:
 * snapshot.c).
 *
 * An existing file is examined before SQLite is allowed near it: its first
 * 100 bytes say whether it is a SQLite file at all, ours, complete, and of a
 * schema we know. A file we refuse is left byte for byte as it was. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "repdesk/bundlesig.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/team.h"
#include "repdesk/record.h"
#include "repdesk/valid.h"
#include "repdesk/tuning.h"
#include "store_int.h"
#include "repdesk/i18n.h"

const char *db_status_text(db_status st)
{
#define DB_TEXT(name, msg) case name: return _(msg);
	switch (st) {
	DB_X_STATUS(DB_TEXT)
	}
#undef DB_TEXT
	return "unknown status";
}

/* ---- errors ---- */

db_status store_map(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: case SQLITE_ROW: case SQLITE_DONE: return DB_OK;
	case SQLITE_BUSY: case SQLITE_LOCKED: return DB_BUSY;
	case SQLITE_FULL: return DB_FULL;
	case SQLITE_READONLY: return DB_READONLY;
	case SQLITE_IOERR: return rc == SQLITE_IOERR_NOMEM ? DB_NOMEM : DB_IOERR;
	case SQLITE_NOMEM: return DB_NOMEM;
	case SQLITE_CORRUPT: case SQLITE_NOTADB: return DB_CORRUPT;
	case SQLITE_CANTOPEN: return DB_NO_INPUT;
	case SQLITE_CONSTRAINT: case SQLITE_MISMATCH: case SQLITE_RANGE: case SQLITE_TOOBIG:
		return DB_INVALID;
	default: return DB_ERROR;
	}
}

db_status store_err(db *d, db_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->err, sizeof d->err, fmt, ap);
	va_end(ap);
	return d->last = st;
}

db_status store_fail(db *d, int rc, const char *ctx)
{
	db_status st = store_map(rc);
	const char *msg = d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc);
	int e = d->h ? sqlite3_system_errno(d->h) : 0;

	if (st == DB_OK)
		st = DB_ERROR;       /* an unexpected SQLITE_ROW/DONE is still a failure here */
	/* SQLite reports a failed write to the -shm or -wal file as an I/O
	 * error; the system's reason says what a rep can do about it. */
	if (st == DB_IOERR && (e == ENOSPC || e == EDQUOT))
		st = DB_FULL;
	if (st == DB_IOERR && (e == EROFS || e == EACCES || e == EPERM))
		st = DB_READONLY;
	d->last = st;
	if (st == DB_BUSY)
		snprintf(d->err, sizeof d->err, "%s: %s", ctx, db_status_text(DB_BUSY));
	else if (st == DB_FULL)
		snprintf(d->err, sizeof d->err, _("%s: the disk is full: nothing was saved (free some "
		         "space and try again)"), ctx);
	else if (st == DB_READONLY)
		snprintf(d->err, sizeof d->err, _("the book %s is read-only: it can be read (customers, "
		         "show, today, export) but not changed, so nothing was saved"), d->path);
	else
		snprintf(d->err, sizeof d->err, "%s: %s (%s)", ctx, db_status_text(st), msg);
	if (d->h && !sqlite3_get_autocommit(d->h)) {
		sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
		d->have_tiers = false;
		store_tx_ended(d);
	}
	return st;
}

const char *db_error(const db *d)
{
	return d ? d->err : "no database";
}

/* ---- statements ---- */

static const char *const stmt_sql[ST_COUNT] = {
#define ST_SQL(name, sql) [name] = sql,
	STORE_STMTS(ST_SQL)
#undef ST_SQL
};

sqlite3_stmt *store_stmt(db *d, int which)
{
	if (!d->st[which]) {
		int rc = sqlite3_prepare_v3(d->h, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
		                            &d->st[which], NULL);
		if (rc != SQLITE_OK) {
			store_fail(d, rc, _("preparing a statement"));
			return NULL;
		}
	}
	sqlite3_reset(d->st[which]);
	return d->st[which];
}

sqlite3_stmt *store_prepare(db *d, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(d->h, sql, -1, &s, NULL);

	if (rc != SQLITE_OK) {
		store_fail(d, rc, _("preparing a query"));
		return NULL;
	}
	return s;
}

db_status store_check_text(db *d, const char *field, const char *s, size_t max)
{
	const char *why = s ? valid_text(s, strlen(s), max) : NULL;

	return why ? store_err(d, DB_INVALID, _("%s is refused: %s"), field, _(why)) : DB_OK;
}

db_status store_exec(db *d, const char *sql)
{
	int rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? DB_OK : store_fail(d, rc, _("writing the database"));
}

db_status store_step_done(db *d, sqlite3_stmt *s, const char *ctx)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return DB_OK;
	return store_fail(d, rc, ctx);
}

bool store_exists(db *d, const char *sql, const char *uid, db_status *st)
{
	sqlite3_stmt *s = store_prepare(d, sql);

	*st = DB_OK;
	if (!s) {
		*st = d->last;
		return false;
	}
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		*st = store_fail(d, rc, _("looking up"));
	return rc == SQLITE_ROW;
}

void store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

void store_bind_int(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == DB_NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

const char *store_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}

/* strlen, not sqlite3_column_bytes: one call less per column of every row
 * of a book, and text stops at a NUL as C strings do. */
bool store_col_append(sqlite3_stmt *s, int i, char **buf, size_t *len, size_t *cap, size_t *off)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	size_t n = t ? strlen(t) : 0;

	if (*len + n + 1 > *cap) {
		size_t ncap = *cap ? *cap * 2 : 65536;
		while (ncap < *len + n + 1)
			ncap *= 2;
		char *p = realloc(*buf, ncap);
		if (!p)
			return false;
		*buf = p;
		*cap = ncap;
	}
	if (n)
		memcpy(*buf + *len, t, n);
	(*buf)[*len + n] = '\0';
	*off = *len;
	*len += n + 1;
	return true;
}

void store_col_copy(sqlite3_stmt *s, int i, char *dst, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	size_t n = t ? strnlen(t, size - 1) : 0;

	if (n)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

/* ---- transactions ---- */

static db_status begin_immediate(db *d)
{
	int rc = sqlite3_exec(d->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	d->have_stamp = false;
	if (rc == SQLITE_OK)
		return DB_OK;
	return store_fail(d, sqlite3_extended_errcode(d->h), _("starting a write"));
}

void store_tx_ended(db *d)
{
	d->have_stamp = false;
	d->have_rep = false;
	d->nstale = 0;
	if (d->bulk.on && d->h)      /* a load rolled back: its bigger cache goes too */
		sqlite3_exec(d->h, "PRAGMA cache_size = -16384", NULL, NULL, NULL);
	store_bulk_reset(d);
	for (size_t i = 0; i < d->nkeys_seen; i++)
		free(d->keys_seen[i]);
	d->nkeys_seen = 0;
}

db_status db_begin(db *d)
{
	if (d->user_tx && !sqlite3_get_autocommit(d->h))
		return store_err(d, DB_ERROR, _("a transaction is already open"));
	d->user_tx = false;
	db_status st = begin_immediate(d);
	if (st == DB_OK)
		d->user_tx = true;
	return st;
}

static db_status commit(db *d)
{
	if (d->nstale) {
		db_status st = store_stats_flush(d);
		if (st != DB_OK) {
			if (!sqlite3_get_autocommit(d->h))
				sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
			store_tx_ended(d);
			return st;
		}
	}
	int rc = sqlite3_exec(d->h, "COMMIT", NULL, NULL, NULL);

	if (rc == SQLITE_OK) {
		store_tx_ended(d);
		return DB_OK;
	}
	db_status st = store_fail(d, sqlite3_extended_errcode(d->h), _("committing"));
	store_tx_ended(d);
	return st;
}

db_status db_commit(db *d)
{
	db_status st = DB_OK;

	if (!d->user_tx || sqlite3_get_autocommit(d->h)) {
		d->user_tx = false;
		store_tx_ended(d);
		return store_err(d, DB_ERROR, _("nothing to commit: the transaction was rolled back "
		                 "after an earlier error"));
	}
	/* A load left in bulk mode must not commit without its search index. */
	if (d->bulk.on)
		st = db_bulk_end(d);
	if (st == DB_OK)
		st = commit(d);
	d->user_tx = false;
	return st;
}

void db_rollback(db *d)
{
	if (!d)
		return;
	if (!sqlite3_get_autocommit(d->h))
		sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
	d->user_tx = false;
	d->have_tiers = false;   /* the thresholds may have been rolled back too */
	store_tx_ended(d);
}

db_status store_tx_enter(db *d, bool *own)
{
	*own = false;
	if (d->user_tx) {
		if (sqlite3_get_autocommit(d->h))
			return store_err(d, DB_ERROR, _("the transaction was rolled back after an "
			                 "earlier error; nothing more is written"));
		return DB_OK;
	}
	if (!sqlite3_get_autocommit(d->h))
		return DB_OK;
	db_status st = begin_immediate(d);
	*own = st == DB_OK;
	return st;
}

bool store_read_begin(db *d)
{
	return sqlite3_get_autocommit(d->h) && sqlite3_exec(d->h, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

void store_read_end(db *d, bool began)
{
	/* store_fail rolls back after an error: then there is nothing to end. */
	if (began && !sqlite3_get_autocommit(d->h))
		sqlite3_exec(d->h, "COMMIT", NULL, NULL, NULL);
}

db_status store_tx_leave(db *d, bool own, db_status st)
{
	if (!own)
		return st;
	if (st == DB_OK)
		return commit(d);
	if (!sqlite3_get_autocommit(d->h))
		sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
	d->have_tiers = false;
	store_tx_ended(d);
	return st;
}

/* ---- time, uids, stamps ---- */

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void store_new_uid(db *d, char out[UID_BUFSZ])
{
	/* SQLite's generator takes a lock per call: draw for many uids at once
	 * (a load makes one per row). */
	if (d->rnd_left < 10) {
		sqlite3_randomness((int)sizeof d->rnd, d->rnd);
		d->rnd_left = sizeof d->rnd;
	}
	d->rnd_left -= 10;
	uid_make(now_ms(), d->rnd + d->rnd_left, out);
}

const char *store_stamp(db *d)
{
	char buf[64];
	hlc seen;

	if (d->have_stamp)
		return d->stamp;
	/* Another process may have written since we last looked: start from the
	 * later of our clock and the stored one (we hold the write lock). */
	if (db_setting_get(d, "clock", buf, sizeof buf) == DB_OK && hlc_parse(buf, &seen, NULL) &&
	    (seen.ms > d->clock.ms || (seen.ms == d->clock.ms && seen.counter > d->clock.counter)))
		d->clock = seen;
	d->clock = hlc_next(d->clock, now_ms());
	hlc_format(d->clock, d->device, d->stamp);
	if (db_setting_set(d, "clock", d->stamp) != DB_OK)
		return NULL;
	d->have_stamp = true;
	return d->stamp;
}

const char *db_device(db *d)
{
	return d->device;
}

/* ---- settings ---- */

db_status db_setting_get(db *d, const char *key, char *buf, size_t bufsz)
{
	sqlite3_stmt *s = store_stmt(d, ST_SETTING_GET);

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return DB_NOT_FOUND;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(d, rc, _("reading a setting"));
	}
	int n = snprintf(buf, bufsz, "%s", store_col_text(s, 0));
	sqlite3_reset(s);
	if (n < 0 || (size_t)n >= bufsz)
		return store_err(d, DB_INVALID, _("setting '%s' is longer than %zu bytes"), key, bufsz);
	return DB_OK;
}

db_status db_setting_set(db *d, const char *key, const char *value)
{
	bool own;
	db_status st = store_check_text(d, key, value, VALID_TEXT_MAX);

	if (st != DB_OK || (st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if (value) {
		sqlite3_stmt *s = store_stmt(d, ST_SETTING_SET);
		if (!s)
			return store_tx_leave(d, own, d->last);
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
		st = store_step_done(d, s, "saving a setting");
	} else {
		sqlite3_stmt *s = store_prepare(d, "DELETE FROM settings WHERE key = ?1");
		if (!s)
			return store_tx_leave(d, own, d->last);
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		st = store_step_done(d, s, "removing a setting");
		sqlite3_finalize(s);
	}
	return store_tx_leave(d, own, st);
}

/* ---- opening ---- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Judge an existing file by its header without letting SQLite touch it. */
static db_status check_header(const char *path, off_t size, int flags, char *err, size_t errsz)
{
	unsigned char h[100];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return DB_NO_INPUT;
	}
	ssize_t n = read(fd, h, sizeof h);
	int e = errno;
	close(fd);
	if (n < 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(e));
		return DB_IOERR;
	}
	if (size == 0) {
		snprintf(err, errsz, _("%s: empty file, not a repdesk database"), path);
		return DB_NOTDB;
	}
	if (n < (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
		snprintf(err, errsz, _("%s: not a repdesk database (not an SQLite file)"), path);
		return DB_NOTDB;
	}
	uint32_t pgsz = (uint32_t)h[16] << 8 | h[17];
	if (pgsz == 1)
		pgsz = 65536;
	uint32_t pages = be32(h + 28);
	if (pgsz < 512 || (pgsz & (pgsz - 1)) || size % pgsz ||
	    (be32(h + 92) == be32(h + 24) && (off_t)pages * pgsz > size)) {
		snprintf(err, errsz, _("%s: %s (truncated or damaged: %lld bytes)"), path,
		         db_status_text(DB_CORRUPT), (long long)size);
		return DB_CORRUPT;
	}
	uint32_t app = be32(h + 68), ver = be32(h + 60);
	if (app != STORE_APP_ID) {
		snprintf(err, errsz, _("%s: not a repdesk database (an SQLite database of another "
		         "program)"), path);
		return DB_NOTDB;
	}
	if (ver > STORE_SCHEMA_VERSION) {
		snprintf(err, errsz, _("%s: %s (schema version %u; this one knows up to %d)"), path,
		         db_status_text(DB_TOO_NEW), ver, STORE_SCHEMA_VERSION);
		return DB_TOO_NEW;
	}
	(void)flags;
	return DB_OK;
}

/* mkdir -p for the directory part of PATH. */
static int make_parents(const char *path)
{
	char buf[PATH_MAX];
	struct stat sb;

	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	char *slash = strrchr(buf, '/');
	if (!slash || slash == buf)
		return 0;
	*slash = '\0';
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(buf, 0777) != 0 && errno != EEXIST)
				return -1;
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode) ? 0 : (errno = ENOTDIR, -1);
}

static int busy_default(void)
{
	const char *env = getenv("REPDESK_BUSY_MS");
	char *end;

	if (env && *env) {
		long v = strtol(env, &end, 10);
		if (*end == '\0' && v >= 0 && v <= INT_MAX)
			return (int)v;
	}
	return 5000;
}

void db_set_busy_timeout(db *d, int ms)
{
	d->busy_ms = ms < 0 ? 0 : ms;
	sqlite3_busy_timeout(d->h, d->busy_ms);
}

static db_status pragma_int(db *d, const char *sql, int64_t *v)
{
	sqlite3_stmt *s = store_prepare(d, sql);

	*v = 0;
	if (!s)
		return store_map(sqlite3_extended_errcode(d->h));
	int rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, d->path);
}

static db_status quick_check(db *d)
{
	sqlite3_stmt *s = store_prepare(d, "PRAGMA quick_check");

	if (!s)
		return store_map(sqlite3_extended_errcode(d->h));
	int rc = sqlite3_step(s);
	bool ok = rc == SQLITE_ROW && strcmp(store_col_text(s, 0), "ok") == 0;
	char first[160];
	snprintf(first, sizeof first, "%s", rc == SQLITE_ROW ? store_col_text(s, 0) : "");
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d, rc, d->path);
	if (!ok)
		return store_err(d, DB_CORRUPT, "%s: %s (%s)", d->path, db_status_text(DB_CORRUPT),
		                 first);
	return DB_OK;
}

/* The connection's settings that do not write: safe before any check. */
static int connect_to(db *d, const char *name, int flags)
{
	/* A connection is used by one thread at a time: no per-call mutex. */
	int rc = sqlite3_open_v2(name, &d->h, flags | SQLITE_OPEN_NOMUTEX, NULL);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_extended_result_codes(d->h, 1);
	/* Until the file has passed, closing must not checkpoint into it. */
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	db_set_busy_timeout(d, busy_default());
	if ((rc = store_where_register(d->h)) != SQLITE_OK)
		return rc;
	return store_search_register(d->h);
}

/* SQLite's own view of the file: ours, not newer, not damaged. *VER gets
 * the schema version. */
static db_status check(db *d, bool thorough, int64_t *ver)
{
	int64_t app = 0, n = 0;
	db_status st;

	if ((st = pragma_int(d, "PRAGMA application_id", &app)) != DB_OK ||
	    (st = pragma_int(d, "PRAGMA user_version", ver)) != DB_OK ||
	    (st = pragma_int(d, "SELECT count(*) FROM sqlite_schema", &n)) != DB_OK)
		return st == DB_ERROR ? DB_CORRUPT : st;
	if (app != STORE_APP_ID)
		return store_err(d, DB_NOTDB, _("%s: not a repdesk database (an SQLite database of "
		                 "another program)"), d->path);
	if (*ver > STORE_SCHEMA_VERSION)
		return store_err(d, DB_TOO_NEW, _("%s: %s (schema version %lld; this one knows up to %d)"),
		                 d->path, db_status_text(DB_TOO_NEW), (long long)*ver,
		                 STORE_SCHEMA_VERSION);
	/* Another's file (guarded): nothing of it is computed by the check. */
	if (d->guarded && (st = store_bundle_computed(d)) != DB_OK)
		return st;
	return thorough || *ver < STORE_SCHEMA_VERSION ? quick_check(d) : DB_OK;
}

/* "file:PATH?QUERY": PATH escaped so that no character of it is read as
 * part of the URI. QUERY "immutable=1" reads the file as it is, with no
 * locks and no -wal or -shm files made beside it. */
char *store_file_uri(const char *path, const char *query)
{
	size_t n = strlen(path);
	char *uri = malloc(n * 3 + strlen(query) + 8), *o = uri;

	if (!uri)
		return NULL;
	o += sprintf(o, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20)
			o += sprintf(o, "%%%02X", *p);
		else
			*o++ = (char)*p;
	}
	sprintf(o, "%s%s", *query ? "?" : "", query);
	return uri;
}

static bool has_wal(const char *path)
{
	char wal[PATH_MAX];
	struct stat sb;

	snprintf(wal, sizeof wal, "%s-wal", path);
	return stat(wal, &sb) == 0 && sb.st_size > 0;
}

/* Everything after the header check. When no -wal file holds changes, the
 * checks run on a read-only view first, so a file refused here is left
 * exactly as it was, without even journal files beside it. */
/* The file or its directory cannot be written by us: no change can be
 * saved (and in a directory we cannot write, no -wal or -shm made). */
static bool cannot_write(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (access(path, W_OK) != 0)
		return errno == EACCES || errno == EROFS || errno == EPERM || errno == ETXTBSY;
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	return access(dir, W_OK) != 0 && (errno == EACCES || errno == EROFS || errno == EPERM);
}

#define STORE_OPEN_BOOK_RO (1 << 16)     /* our own book, which we cannot write */

static db_status open_checked(db *d, int flags, off_t size)
{
	bool ro = flags & (DB_OPEN_READONLY | STORE_OPEN_BOOK_RO);
	bool thorough = (flags & DB_OPEN_READONLY) ||
	                (size <= QUICK_CHECK_MAX_BYTES && !(flags & DB_OPEN_NO_SCAN));
	bool book_ro = flags & STORE_OPEN_BOOK_RO;
	bool checked = false;
	int64_t ver = 0;
	db_status st;
	int rc;

	if (!has_wal(d->path)) {
		char *uri = store_file_uri(d->path, "immutable=1");
		if (!uri)
			return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
		rc = connect_to(d, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
		free(uri);
		if (rc == SQLITE_OK && ro)   /* another's file: bounded from the first read */
			store_guard_on(d);
		st = rc == SQLITE_OK ? check(d, thorough, &ver) : store_fail(d, rc, d->path);
		sqlite3_close_v2(d->h);
		d->h = NULL;
		if (st != DB_OK)
			return st;
		checked = true;
	}
	/* Opened by URI, so a bundle can be attached read-only (teambook.c). A
	 * book we cannot write, with no -wal to read through, is read as it
	 * is: without it SQLite would need to make a -shm file beside it. */
	d->immutable = book_ro && !has_wal(d->path);
	char *uri = store_file_uri(d->path, !book_ro ? "" : d->immutable ? "immutable=1" : "mode=ro");
	if (!uri)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	rc = connect_to(d, uri, (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_URI);
	free(uri);
	if (rc != SQLITE_OK)
		return store_fail(d, rc, d->path);
	if (ro)
		store_guard_on(d);
	/* A -wal file with changes in it (a crash, another process) is part of
	 * the book: the checks read through it. */
	if ((st = check(d, thorough && !checked, &ver)) != DB_OK)
		return st;

	if (book_ro && ver < STORE_SCHEMA_VERSION)
		return store_err(d, DB_READONLY, _("the book %s is read-only and was made by an older "
		                 "repdesk: it must be upgraded once, which needs permission to write it"),
		                 d->path);
	if (ro) {
		d->readonly = true;
		d->book_readonly = book_ro;
		/* Our own book, passed as ours: trusted as when it is written
		 * (VACUUM INTO for a bundle needs it for the generated columns). */
		if (book_ro)
			sqlite3_db_config(d->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, NULL);
		if ((st = store_exec(d, "PRAGMA query_only = ON")) != DB_OK)
			return st;
	} else {
		/* WAL is set when the file is made; this only converts a file made
		 * elsewhere (a snapshot). On a file system without shared memory
		 * the rollback journal stays rather than the book being refused.
		 * Pages are read through a map of the file as far as SQLite maps
		 * (2 GiB): the summaries and a plan's detail are written late and
		 * sit past the first 256 MiB of a 100,000-customer book, where each
		 * page read was a pread into a freshly allocated cache page. */
		if ((st = store_exec(d, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
		                        "PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384; "
		                        "PRAGMA mmap_size = 2147418112")) != DB_OK)
			return st;
		/* The search index is kept in step by triggers writing to an FTS5
		 * table, which SQLite only allows with a trusted schema. The file has
		 * passed as ours; bundles from elsewhere are opened read-only. */
		sqlite3_db_config(d->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, NULL);
		if (ver < STORE_SCHEMA_VERSION && (st = store_migrate(d)) != DB_OK)
			return st;
		/* A team add cut short may have left the search index behind. */
		if ((st = db_team_finish(d)) != DB_OK)
			return st;
	}
	char dev[32];
	if (db_setting_get(d, "device", dev, sizeof dev) == DB_OK)
		snprintf(d->device, sizeof d->device, "%.8s", dev);
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	return DB_OK;
}

static void db_free(db *d)
{
	if (!d)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(d->st[i]);
	for (size_t k = 0; k < sizeof d->act / sizeof *d->act; k++)
		for (int i = 0; i < 3; i++)
			sqlite3_finalize(d->act[k][i]);
	store_tx_ended(d);
	if (d->h)
		sqlite3_close_v2(d->h);
	free(d->stale);
	free(d->path);
	free(d->plan_text);
	store_sorted_free(d);
	store_rank_free(d);
	free(d->json);
	store_attrs_memo_free(d);
	free(d->old_attrs);
	free(d->old_buf);
	free(d->merged);
	free(d);
}

db_status db_open(const char *path, int flags, db **out, char *err, size_t errsz)
{
	static bool configured;
	struct stat sb;
	db_status st;

	/* SQLite's allocation statistics take a global lock on every malloc
	 * and free; nothing reads them. Only possible before SQLite starts. */
	if (!configured) {
		configured = true;
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	*out = NULL;
	if (errsz)
		err[0] = '\0';
	if (!path || !*path) {
		snprintf(err, errsz, _("no database path"));
		return DB_NO_INPUT;
	}
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT || !(flags & DB_OPEN_CREATE) || (flags & DB_OPEN_READONLY)) {
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
			return errno == ENOENT || errno == ENOTDIR ? DB_NO_INPUT : DB_IOERR;
		}
		if (make_parents(path) != 0) {
			snprintf(err, errsz, _("%s: cannot create its directory: %s"), path, strerror(errno));
			return DB_NO_INPUT;
		}
		st = store_create(path, STORE_SCHEMA_VERSION, err, errsz);
		if (st != DB_OK)
			return st;
		if (stat(path, &sb) != 0) {
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
			return DB_IOERR;
		}
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errsz, _("%s: not a repdesk database (not a regular file)"), path);
		return DB_NOTDB;
	}
	if ((st = check_header(path, sb.st_size, flags, err, errsz)) != DB_OK)
		return st;

	db *d = calloc(1, sizeof *d);
	if (!d || !(d->path = strdup(path))) {
		free(d);
		snprintf(err, errsz, "%s", db_status_text(DB_NOMEM));
		return DB_NOMEM;
	}
	/* Asked only of our own books: a bundle is always opened read-only. */
	if (!(flags & DB_OPEN_READONLY) && cannot_write(path))
		flags |= STORE_OPEN_BOOK_RO;
	st = open_checked(d, flags, sb.st_size);
	if (st != DB_OK) {
		snprintf(err, errsz, "%s", d->err);
		db_free(d);
		return st;
	}
	*out = d;
	return DB_OK;
}

void db_close(db *d)
{
	if (!d)
		return;
	if (d->h && !sqlite3_get_autocommit(d->h))
		sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
	store_ckpt_stop(d);          /* a run not finished */
	db_free(d);
}

int db_schema_version(db *d)
{
	int64_t v = 0;

	pragma_int(d, "PRAGMA user_version", &v);
	return (int)v;
}

void db_new_uid(db *d, char out[UID_BUFSZ])
{
	store_new_uid(d, out);
}

void db_set_lean(db *d)
{
	sqlite3_exec(d->h, "PRAGMA mmap_size = 0", NULL, NULL, NULL);
}
