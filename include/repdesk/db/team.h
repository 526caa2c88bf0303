#ifndef REPDESK_DB_TEAM_H
#define REPDESK_DB_TEAM_H
/* The team in the store (teambook.c, bundle.c, bundlesig.c): bundles judged
 * and merged, what a merge did, the conflicts kept, and the reps' figures
 * from the team rollup. Results are filled into the caller's structs; rows
 * handed to a callback are valid during the call only. */

#include <stdbool.h>
#include <stdint.h>
#include "repdesk/db/book.h"
#include "repdesk/uid.h"

/* What a merge did to one table. */
typedef struct {
	const char *table;           /* static */
	long added, updated, conflicts;
	long kept;                   /* rows this book gave another rep: left as they are */
} db_merge_count;

#define DB_MERGE_TABLES 14
typedef struct {
	char rep[128], group[128];   /* the bundle's owner ("" when it has none) */
	int version;                 /* the bundle's schema version */
	db_merge_count t[DB_MERGE_TABLES];
	bool again;                  /* the same bundle was merged before: nothing done */
	char added_at[32];           /* when it was (the TODAY of that merge) */
	char pinned[51];             /* the signing key's fingerprint when this merge
	                                pinned it (the rep's first bundle), else "" */
	long clamped;                /* stamps too far ahead of our clock, clamped to it */
	uint64_t ahead_ms;           /* the furthest ahead of them */
} db_merge_result;

/* A bundle judged before it is merged: opened read-only as an untrusted
 * file (application id, quick_check, a schema this repdesk knows and can
 * merge), each table a merge reads exactly as repdesk writes it, its owner
 * read, its signature checked against its content (bundlesig.c; which key
 * may sign for the owner is the merge's question), and every row its
 * owner's, valid as the command line would take it (core/valid.c) and
 * referring only to rows in the bundle; the stamps ahead of this machine's
 * clock counted. The reading is bounded in memory and time. Any failure is
 * DB_NOTDB (or DB_TOO_NEW, DB_NO_INPUT...) with ERR naming the file, and for
 * a bad row its table, uid and reason. */
typedef struct {
	db_status status;            /* DB_OK: it may be merged */
	char err[2048];              /* why not, naming the file */
	int version;
	char rep[128], group[128], rep_uid[UID_BUFSZ];
	unsigned char key[32];       /* the public key that signed it */
	uint64_t now_ms;             /* this machine's wall clock when judged */
	long clamped;                /* stamps more than 10 minutes ahead of it */
	uint64_t ahead_ms;           /* the furthest ahead */
} db_bundle_check;
/* Judge the bundle at PATH. It touches no open book, so it may run in
 * another thread while a book merges the bundle before (team add does). */
void db_bundle_judge(const char *path, db_bundle_check *out);

/* Merge the bundle at PATH (another book's snapshot) into this book, in one
 * transaction: rows match by uid and the rule of core/merge.c picks each
 * row's version; the losing version of a conflict goes to the conflicts
 * table; the summaries and the team rollup follow. PATH is opened read-only
 * and checked first (ours, complete, quick_check, a schema we know); a file
 * refused, or any error, leaves the book as it was. The error names PATH:
 * DB_TOO_NEW for a newer schema, DB_NOTDB / DB_CORRUPT for a foreign or
 * damaged file, DB_NO_INPUT when missing. Not inside a caller's transaction.
 * JUDGED: db_bundle_judge's verdict on PATH, or NULL to judge it here.
 * The merge also refuses (DB_NOTDB) a bundle with a row this book holds
 * under another rep, unless this book's own device wrote it there (then the
 * row is left as it is, counted in kept); and it reads stamps more than
 * VALID_CLOCK_AHEAD_MS ahead of the judge's clock as that clock. */
db_status db_team_merge(db *d, const char *path, const char *digest, const char *today,
                        const db_bundle_check *judged, db_merge_result *out);
/* DIGEST, when not NULL, is the fingerprint of PATH's bytes (repdesk/digest.h).
 * A bundle with a fingerprint merged before is not read again: merging is
 * idempotent, so it has nothing to bring, and OUT says so (again, added_at,
 * its owner). Otherwise the merge records the fingerprint with TODAY.
 * db_team_forget drops a fingerprint (the file changed while it was read). */
db_status db_team_forget(db *d, const char *digest);
/* Whether a bundle with fingerprint DIGEST was merged before. */
db_status db_team_known(db *d, const char *digest, bool *known);
/* Whether the book holds fingerprints of the legacy hash (repdesk/digest.h). */
db_status db_team_legacy(db *d, bool *any);
/* A run of N bundles about to be merged one after the other. While more
 * than one is left, a merge that brings more customers than a fifth of the
 * book leaves the search index, the customer list indexes and the
 * per-customer summaries to db_team_finish, which makes them once for the
 * whole run (the book says so in the same transaction, and db_open finishes
 * a run cut short). */
void db_team_run(db *d, int n);
/* Build what the merges of a run left for later, if anything; then the run
 * is over. */
db_status db_team_finish(db *d);

/* A kept losing version. Strings valid during the callback only. */
typedef struct {
	int64_t id;                      /* its number (team conflicts --take ID) */
	const char *table, *uid, *rep;   /* rep: the row owner's name, or its uid */
	const char *lost_at;             /* the losing version's stamp */
	const char *kept_at;             /* the stamp the row has now ("" when gone) */
	const char *lost;                /* the losing version as a JSON object */
	const char *kept;                /* the row as it is now, the same way ("" when gone) */
	const char *source;              /* the bundle that brought one side ("" for TAKEN) */
	int64_t taken;                   /* not 0: the version the taking of conflict TAKEN
	                                  * replaced */
	bool resolved;                   /* its losing version was taken */
	bool kept_clamped;               /* the current version won with a stamp from a
	                                  * clock running ahead, clamped to ours */
	bool lost_clamped;               /* the losing version's stamp was clamped */
	bool readable;                   /* LOST is JSON (else shown as it is) */
} db_conflict;
typedef bool (*db_conflict_fn)(const db_conflict *c, void *ctx);
/* Every conflict kept, in the order they were found. */
db_status db_team_conflicts_each(db *d, db_conflict_fn fn, void *ctx);

/* One field in which two versions of a row differ, as text (a number's
 * digits); NULL values flagged. */
typedef struct {
	const char *name, *kept, *lost;
	bool kept_null, lost_null;
} db_conflict_field;
typedef bool (*db_conflict_field_fn)(const db_conflict_field *f, void *ctx);
/* The fields of LOST whose value KEPT does not have (both JSON objects of a
 * conflict; KEPT "" when the row is gone), stamps and the merge's notes
 * aside, in column order. */
db_status db_team_conflict_fields(db *d, const char *kept, const char *lost,
                                  db_conflict_field_fn fn, void *ctx);

/* Take conflict ID's losing version: it is written back as the row's current
 * version with a new stamp (made from the version it replaces, so a later
 * bundle carrying that one changes nothing), and the version it replaces is
 * kept as a conflict of its own; conflict ID is then resolved. One
 * transaction. DB_NOT_FOUND: no such conflict, or its row is gone;
 * DB_INVALID: taken already. */
typedef struct {
	const char *table;               /* static */
	char uid[UID_BUFSZ];
} db_conflict_taken;
db_status db_team_conflict_take(db *d, int64_t id, db_conflict_taken *out);

/* One rep's figures over a date range, from the per-rep, per-day rollup
 * (team_days). Strings valid during the callback only. */
typedef struct {
	const char *uid, *name, *group;
	int64_t target;              /* fen: the month's base target, 0 when none */
	int64_t sales;               /* fen: orders */
	int calls, effective, deals;
	int64_t collected;           /* fen: payments */
	int visits;
	bool owner;                  /* the book's own rep */
	bool active;                 /* not the owner, or an owner who ever logged a
	                              * call, order, payment or visit */
	const char *bundle_date;     /* YYYY-MM-DD their latest bundle was added, or "" */
} db_team_rep;
typedef bool (*db_team_rep_fn)(const db_team_rep *r, void *ctx);
/* Every rep of the book (their own and every bundle's), with the figures
 * of FROM..TO (YYYY-MM-DD, inclusive) and the base target of MONTH. */
db_status db_team_reps(db *d, const char *from, const char *to, const char *month,
                       db_team_rep_fn fn, void *ctx);

/* One rep's day. */
typedef struct {
	char date[11];
	int calls, effective, deals;
	int64_t sales, collected;    /* fen */
} db_team_day;
typedef bool (*db_team_day_fn)(const db_team_day *r, void *ctx);
/* REP_UID's days with any figure in FROM..TO, in date order. */
db_status db_team_days(db *d, const char *rep_uid, const char *from, const char *to,
                       db_team_day_fn fn, void *ctx);

/* The team rollup against the calls, orders and payments it sums up; true
 * when they agree (else the first difference is in db_error). */
bool db_team_rollup_ok(db *d);

#endif
