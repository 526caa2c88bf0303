#ifndef REPDESK_DB_BOOK_H
#define REPDESK_DB_BOOK_H
/* The store: the only module that speaks SQL (and includes <sqlite3.h>).
 * Its API is split by subsystem under repdesk/db/; this part is the book
 * itself: the handle, statuses, open and close, transactions, settings, the
 * owner, uids, integrity and snapshots. The other parts include it.
 *
 * Every write runs in a transaction started with BEGIN IMMEDIATE; after any
 * error inside one the transaction is rolled back whole, never continued row
 * by row. Rows are never deleted: they are flagged.
 *
 * Errors: functions return a db_status; the message of the last error is
 * db_error(db). Strings handed in are copied by SQLite; records handed out
 * own their memory and are freed with the matching _free. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "repdesk/i18n.h"
#include "repdesk/uid.h"

#define DB_X_STATUS(_) \
	_(DB_OK,         N_("ok")) \
	_(DB_ERROR,      N_("database error")) \
	_(DB_BUSY,       N_("the database is busy (another repdesk is writing)")) \
	_(DB_IOERR,      N_("input/output error")) \
	_(DB_FULL,       N_("the disk is full")) \
	_(DB_READONLY,   N_("the book is read-only")) \
	_(DB_NOMEM,      N_("out of memory")) \
	_(DB_CORRUPT,    N_("the database file is damaged")) \
	_(DB_NOTDB,      N_("not a repdesk database")) \
	_(DB_TOO_NEW,    N_("the database was written by a newer repdesk")) \
	_(DB_NOT_FOUND,  N_("not found")) \
	_(DB_AMBIGUOUS,  N_("ambiguous")) \
	_(DB_INVALID,    N_("invalid value")) \
	_(DB_NO_INPUT,   N_("cannot open the database file"))

#define DB_ENUM(name, msg) name,
typedef enum { DB_X_STATUS(DB_ENUM) } db_status;
#undef DB_ENUM
const char *db_status_text(db_status st);

/* "No value" for optional integer fields. */
#define DB_NULL INT64_MIN

typedef struct db db;

enum {
	DB_OPEN_CREATE   = 1 << 0,   /* create file (and parent directories) if missing */
	DB_OPEN_READONLY = 1 << 1,   /* untrusted snapshots: read-only, quick_check */
	DB_OPEN_NO_SCAN  = 1 << 2,   /* our own book, for a command that reads little of it and
	                                runs often (sync): no quick_check of every page */
};

/* A book whose file or directory the user may not write (permissions, a
 * read-only mount, an immutable file) is opened read-only: everything that
 * reads works, and every write fails with DB_READONLY, saying so in words.
 * Open PATH, set the pragmas (WAL, synchronous=NORMAL, foreign_keys, busy
 * timeout), check application_id/user_version, and migrate forward (copying
 * the file to PATH.bak-vN first, through the backup API). A database of a
 * newer schema is DB_TOO_NEW; a 0-byte or foreign file that is not ours is
 * DB_NOTDB (the file is left untouched); damage is DB_CORRUPT. On failure
 * *out is NULL and ERR holds the message.
 * Only a missing file is created (atomically: a crash never leaves a half-made
 * book). quick_check runs at open for files up to 16 MiB, for READONLY opens
 * and before a migration; damage in a bigger book shows as DB_CORRUPT when
 * the damaged part is read. */
db_status db_open(const char *path, int flags, db **out, char *err, size_t errsz);
void db_close(db *d);
const char *db_error(const db *d);
/* Busy timeout in milliseconds (default 5000; REPDESK_BUSY_MS overrides). */
void db_set_busy_timeout(db *d, int ms);
/* A long-lived connection (the workbench): read through SQLite's bounded
 * page cache instead of mapping the file, so resident memory stays small
 * however big the book is. */
void db_set_lean(db *d);
int db_schema_version(db *d);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
db_status db_begin(db *d);
db_status db_commit(db *d);
void db_rollback(db *d);

/* Settings (key/value text). db_setting_get returns DB_NOT_FOUND when unset;
 * db_setting_set refuses a value valid_text refuses (DB_INVALID). */
db_status db_setting_get(db *d, const char *key, char *buf, size_t bufsz);
db_status db_setting_set(db *d, const char *key, const char *value);

/* The book's owner. db_book_init creates (or renames) the rep and the group
 * and makes them current; it is idempotent. A new name valid_text refuses
 * is DB_INVALID (a name kept as it is passes). */
typedef struct {
	char uid[UID_BUFSZ];
	char name[128];
	char group_uid[UID_BUFSZ];
	char group_name[128];
} db_rep;
db_status db_book_init(db *d, const char *rep_name, const char *group_name);
db_status db_rep_current(db *d, db_rep *out);   /* DB_NOT_FOUND before init */

/* Device id (8 hex) and the next version stamp for a write. */
const char *db_device(db *d);
/* A fresh time-ordered uid (a record made here that must not match another
 * by name). */
void db_new_uid(db *d, char out[UID_BUFSZ]);

/* ---- maintenance ---- */

/* PRAGMA integrity_check, and the search index against the customers; true
 * when both are fine (else the finding is in db_error). */
bool db_integrity_ok(db *d);
/* Snapshot through VACUUM INTO a temporary name, fsync, rename to PATH. */
db_status db_snapshot(db *d, const char *path);

#endif
