#ifndef REPDESK_DB_H
#define REPDESK_DB_H
/* The store: the only module that speaks SQL (and includes <sqlite3.h>).
 * Opens and migrates the database, and reads and writes every record with
 * prepared statements. Every write runs in a transaction started with
 * BEGIN IMMEDIATE; after any error inside one the transaction is rolled back
 * whole, never continued row by row. Rows are never deleted: they are flagged.
 *
 * Errors: functions return a db_status; the message of the last error is
 * db_error(db). Strings handed in are copied by SQLite; records handed out
 * own their memory and are freed with the matching _free. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "repdesk/i18n.h"
#include "repdesk/hlc.h"
#include "repdesk/uid.h"
#include "repdesk/tier.h"

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

/* ---- customers ---- */

typedef struct {
	const char *key;
	const char *value;
} db_attr;

typedef struct {
	int64_t id;                  /* local row id; 0 for a new customer */
	char uid[UID_BUFSZ];         /* empty: assign a new one */
	const char *name;            /* required */
	const char *contact, *phone, *city, *district, *type, *industry;
	const char *source, *notes;
	const char *priority;        /* "key" | "medium" | "small" | "" */
	/* Strings written as NULL are stored empty (next_call: none, status:
	 * "active"). Read back, every string is non-NULL. */
	const char *next_call;       /* "YYYY-MM-DD" or "" */
	const char *status;          /* "active" | "prospect" | "lost" | "do-not-call" */
	int64_t stores, rooms;       /* DB_NULL when unknown */
	int64_t monthly_amount;      /* fen, DB_NULL when unknown */
	int64_t monthly_volume;      /* DB_NULL when unknown */
	tier tier_manual;            /* TIER_NONE: computed */
	tier tier_auto;              /* computed from the thresholds (set by the store) */
	const db_attr *attrs;        /* free attributes, in column order */
	size_t nattrs;
	char updated_at[HLC_STAMP_BUFSZ];
	/* Which fields an update writes: DB_F_* bits; 0 means every field.
	 * Attributes given are merged into the existing ones (same key: replaced
	 * in place, new keys appended, an empty value removes the key). A new
	 * customer gets the fields given and defaults for the rest. */
	unsigned fields;
} db_customer;

enum {
	DB_F_CONTACT = 1u << 0, DB_F_PHONE = 1u << 1, DB_F_CITY = 1u << 2,
	DB_F_DISTRICT = 1u << 3, DB_F_TYPE = 1u << 4, DB_F_INDUSTRY = 1u << 5,
	DB_F_SOURCE = 1u << 6, DB_F_NOTES = 1u << 7, DB_F_PRIORITY = 1u << 8,
	DB_F_NEXT_CALL = 1u << 9, DB_F_STATUS = 1u << 10, DB_F_STORES = 1u << 11,
	DB_F_ROOMS = 1u << 12, DB_F_MONTHLY_AMOUNT = 1u << 13,
	DB_F_MONTHLY_VOLUME = 1u << 14, DB_F_TIER = 1u << 15, DB_F_ATTRS = 1u << 16,
	DB_F_NAME = 1u << 17
};

/* A customer read from the store (deleted or not); one allocation, freed by
 * db_customer_free. NULL when there is none or on error (see db_error). */
db_customer *db_customer_load(db *d, const char *uid);
void db_customer_free(db_customer *c);

/* Find by exact uid, else exact name (imports). DB_NOT_FOUND when neither. */
db_status db_customer_find(db *d, const char *uid_or_name, char uid[UID_BUFSZ]);
/* Resolve what a person typed: uid, exact name, or unambiguous name prefix.
 * DB_AMBIGUOUS lists up to ten candidates in db_error(). */
db_status db_customer_resolve(db *d, const char *text, char uid[UID_BUFSZ]);

/* Insert or update C. Matching: by C->uid when given, else by exact name;
 * no match inserts (with C->uid when given, else a new uid). The computed tier
 * is derived from the current thresholds. A write that changes nothing leaves
 * the row (and its stamp) alone. *result: 0 unchanged, 1 added, 2 updated.
 * Matched by uid, a deleted row comes back. A bad value is DB_INVALID with
 * the reason in db_error(), and nothing is written (the transaction goes on);
 * text is held to valid_text's rule (repdesk/valid.h), as a bundle's rows
 * are, where it is new or changed (an older book's text may stay).
 * Meant to run inside a caller's transaction; alone, it makes its own. */
db_status db_customer_upsert(db *d, const db_customer *c, int *result);

/* Bulk loading: between begin and end (inside one transaction) the store may
 * defer index and search-index maintenance and rebuild them at the end, which
 * is much faster for large loads. db_customer_upsert keeps its semantics
 * (exact results, rows matched by uid or name as they are loaded).
 * EXPECTED_ROWS may be 0 (unknown): the store decides as rows come in. Into
 * an empty book every index waits for the end; a load that changes many rows
 * of a big book rebuilds the search index once. db_commit ends a load left
 * open; db_rollback undoes it, indexes included. */
db_status db_bulk_begin(db *d, size_t expected_rows);
db_status db_bulk_end(db *d);

typedef struct {
	unsigned tier_mask;          /* bit (1 << TIER_S) ... ; 0 = all */
	const char *search;          /* substring of name/contact/phone/attributes */
	bool include_inactive;       /* lost and do-not-call too (false: active and
	                              * prospect only; a NULL filter: everything) */
} db_filter;

/* Call FN for every customer matching F, in tier then name order; stop early
 * when FN returns false. The record is only valid during the call. */
typedef bool (*db_customer_fn)(const db_customer *c, void *ctx);
db_status db_customers_each(db *d, const db_filter *f, db_customer_fn fn, void *ctx);
db_status db_customer_count(db *d, const db_filter *f, int64_t *n);
/* The count, but stop at CAP: cheap enough for a screen ("5,000+" when *n
 * reaches CAP), where a full count of a million rows is not. */
db_status db_customer_count_upto(db *d, const db_filter *f, int64_t cap, int64_t *n);

/* Keyset pages for screens: rows after (tier, name, id) of AFTER (NULL: first).
 * The tier is the effective one (tier_effective of the row). A page costs the
 * same anywhere in the list; a search page stays in milliseconds at a million
 * customers (the next pages of a search are cheaper than its first). */
typedef struct {
	int64_t id;
	char uid[UID_BUFSZ];
	tier tier;
	char name[256];
} db_page_key;
db_status db_customer_page(db *d, const db_filter *f, const db_page_key *after,
                           int limit, db_customer_fn fn, void *ctx);
/* db_customer_page within about BUDGET steps of work (0: no bound), some
 * milliseconds: a search whose matches lie far down the list may stop short
 * of LIMIT rows, handing out those found so far, with *MORE set and *RESUME
 * where it stopped. The next call from RESUME goes on from there, so the
 * calls together hand out exactly the rows of one unbounded page; every
 * call makes progress. RESUME and MORE must not be NULL. */
db_status db_customer_page_some(db *d, const db_filter *f, const db_page_key *after,
                                int limit, int64_t budget, db_page_key *resume, bool *more,
                                db_customer_fn fn, void *ctx);
/* The page before BEFORE (NULL: the end of the list), nearest row first, so
 * the rows come in reverse list order. */
db_status db_customer_page_before(db *d, const db_filter *f, const db_page_key *before,
                                  int limit, db_customer_fn fn, void *ctx);

/* Every attribute key ever given, in first-seen order (export columns: an
 * import's column order). Caller frees with db_strings_free. */
db_status db_attr_keys(db *d, char ***keys, size_t *n);
void db_strings_free(char **v, size_t n);

/* Store tier thresholds in the settings and recompute every computed tier. */
db_status db_tiers_set(db *d, const tier_thresholds *th);
db_status db_tiers_get(db *d, tier_thresholds *th);

/* ---- activity ---- */

/* In the order of the registry's kinds (repdesk/record.h). */
typedef enum { DB_CALLS, DB_ORDERS, DB_PAYMENTS, DB_NOTES, DB_VISITS } db_activity_kind;

typedef struct {
	char uid[UID_BUFSZ];         /* empty: assign */
	char customer_uid[UID_BUFSZ];
	const char *customer_name;   /* filled when read */
	char date[11];               /* YYYY-MM-DD */
	int64_t amount;              /* fen: orders, payments */
	char due[11];                /* orders: promised payment date or "" */
	char order_uid[UID_BUFSZ];   /* payments: the order paid, or "" */
	const char *outcome;         /* calls; visits: "" for none */
	const char *text;            /* call note, order note, note text */
	char next_call[11];          /* calls, visits: next contact date or "" */
	char time[6];                /* visits: HH:MM or "" */
	const char *place;           /* visits: where, or "" (NULL counts as "") */
	char updated_at[HLC_STAMP_BUFSZ];
} db_activity;

/* Insert (new uid) or, when A->uid names an existing row, update it (a
 * deleted one comes back). A uid given for a new row is kept. Logging a call
 * with a next-contact date also sets the customer's next_call. An unknown
 * customer or order is DB_NOT_FOUND, a bad value DB_INVALID (nothing
 * written), text that valid_text refuses included. *result as for db_customer_upsert. Inside a transaction (alone,
 * it makes its own). */
db_status db_activity_upsert(db *d, db_activity_kind kind, const db_activity *a,
                             int *result);
/* Flag a row deleted (undo). */
db_status db_activity_delete(db *d, db_activity_kind kind, const char *uid);

typedef bool (*db_activity_fn)(const db_activity *a, void *ctx);
/* Every non-deleted row of KIND in date order (CUSTOMER_UID NULL: all). */
db_status db_activity_each(db *d, db_activity_kind kind, const char *customer_uid,
                           db_activity_fn fn, void *ctx);

/* ---- planning (planrows.c) ---- */

/* What the planner needs of one customer, read in a few grouped queries. */
typedef struct {
	char uid[UID_BUFSZ];
	char *name;                  /* owned by the db_plan_book */
	bool active;                 /* active or prospect: takes part in a plan */
	int64_t monthly_amount;      /* fen; DB_NULL when unknown */
	int64_t monthly_volume;      /* DB_NULL when unknown */
	int64_t rooms;               /* DB_NULL when unknown */
	tier manual;                 /* TIER_NONE: computed */
	int64_t totals[3];           /* order totals (fen) of months M-3, M-2, M-1 */
	bool has_history;            /* any order in those three months */
	int64_t achieved;            /* orders (fen) in month M */
} db_plan_row;

typedef struct {
	db_plan_row *rows;           /* every customer not deleted */
	size_t n;
	int64_t by_day[31];          /* orders (fen) of month M by day of month */
	struct db_uidmap *uids;      /* private: uid -> row */
	char *names;                 /* private: the rows' names, one block */
} db_plan_book;

/* Load the book for planning month Y-M; HISTORY: also the order totals of
 * the three months before (baselines). Free with db_plan_book_free. */
db_status db_plan_book_load(db *d, int y, int m, bool history, db_plan_book *out);
void db_plan_book_free(db_plan_book *b);
/* The row of UID in B, or NULL. */
const db_plan_row *db_plan_book_find(const db_plan_book *b, const char *uid);
/* The same for lookups in table order (a saved plan lists its customers so,
 * tier by tier): *NEAR (0 to begin with) remembers where the last one found
 * its row, and the rows just after it are tried first. */
const db_plan_row *db_plan_book_find_near(const db_plan_book *b, const char *uid, size_t *near);

/* A saved target: LEVEL base|stretch|challenge, SCOPE month|tier|customer|day
 * or a plan detail (method, share, tier-baseline, tier-customers, baseline),
 * KEY the tier letter, customer uid or date. */
typedef struct {
	const char *level;
	const char *scope;
	const char *key;
	int64_t amount;
	const char *detail;          /* free text carried with the row; NULL: "" */
} db_target;

/* Replace the current rep's targets of MONTH (YYYY-MM) by ROWS, in one
 * transaction: earlier rows not given are flagged deleted. */
db_status db_targets_replace(db *d, const char *month, const db_target *rows, size_t n);
typedef bool (*db_target_fn)(const db_target *t, void *ctx);
/* Every live target of MONTH (in no particular order). */
db_status db_targets_each(db *d, const char *month, db_target_fn fn, void *ctx);
/* The same with every detail "", read from the month's index alone. */
db_status db_targets_each_brief(db *d, const char *month, db_target_fn fn, void *ctx);
/* The details of MONTH's live targets at LEVEL and SCOPE, a line at a time:
 * FN gets each line's LEN bytes without its newline (LINE[LEN] is a newline
 * or NUL; valid during the call). Read in pieces: a plan's customer lines
 * run to megabytes. */
typedef void (*db_line_fn)(const char *line, size_t len, void *ctx);
db_status db_target_lines(db *d, const char *month, const char *level, const char *scope,
                          db_line_fn fn, void *ctx);

/* ---- today (todayrows.c) ---- */

/* A day that is not set (next call, last contact, promised date). */
#define DB_NO_DAY (-2147483647 - 1)

/* What today's plan, queue, receivables and day report need of one customer,
 * read with a handful of indexed queries over the whole book. Days are
 * rd_day numbers (repdesk/date.h). */
typedef struct {
	const char *uid;             /* owned by the db_today */
	char *name;                  /* owned by the db_today */
	char status[12];             /* active | prospect | lost | do-not-call */
	char priority[8];            /* key | medium | small | "" */
	tier tier;                   /* effective tier */
	int next_call;               /* agreed next contact, or DB_NO_DAY */
	int last_contact;            /* latest day with an effective call (callback
	                              * included) or a visit on or before the day;
	                              * DB_NO_DAY */
	uint32_t calls_off, ncalls;  /* the day's call outcomes in OUTCOMES, as logged */
	uint32_t nvisits;            /* the day's visits */
	uint32_t days_off, ndays;    /* order days up to the day in ORDER_DAYS (sorted) */
	int64_t month_orders;        /* fen: orders of the day's month up to the day */
	int64_t open;                /* fen: every open order balance */
	int64_t due;                 /* fen: open balance promised on or before the day */
	int64_t broken;              /* fen: the part of DUE promised before the day */
	int broken_since;            /* the earliest promised day of BROKEN, or DB_NO_DAY */
} db_today_row;

/* An order with money still open after the day's payments. */
typedef struct {
	size_t row;                  /* the customer, into db_today.rows */
	char order_uid[UID_BUFSZ];
	int date;
	int64_t amount, paid;        /* fen; open = amount - paid */
	int due;                     /* promised payment day, or DB_NO_DAY */
} db_receivable;

typedef struct {
	int day;
	db_today_row *rows;          /* every customer not deleted, in table order */
	size_t n;
	char (*outcomes)[12];        /* the day's calls' outcomes, by customer */
	size_t noutcomes;
	int *order_days;             /* order days, by customer */
	size_t norder_days;
	db_receivable *recv;         /* open balances by customer, oldest first */
	size_t nrecv;
	int dialed;                  /* calls logged on the day (any customer) */
	int visits;                  /* visits logged on the day (any customer) */
	int orders_today;            /* orders logged on the day */
	int64_t sales_today;         /* fen */
	int64_t month_before;        /* fen: orders of the month before the day */
	int64_t paid_today;          /* fen: payments logged on the day */
	int64_t due_start;           /* fen: open at the start of the day and promised
	                              * on or before it */
	int64_t due_next;            /* fen: open and promised for the day after */
	int64_t last_id;             /* the last customer's row id (to read on) */
	struct db_uidmap *uids;      /* private: uid -> row */
	char *names;                 /* private: the rows' names, one block */
	char (*uid_text)[UID_BUFSZ]; /* private: the rows' uids, side by side */
	unsigned flags;              /* those it was read with */
} db_today;

/* Part of the book: with IDS, just those customers (ids ascending); else the
 * customers after row id AFTER_ID in id order, at most LIMIT (0: all). */
typedef struct {
	int64_t after_id;
	size_t limit;
	const int64_t *ids;
	size_t nids;
} db_today_part;

/* Read the book as it stands at the end of DAY. Payments pay the order they
 * name, else (and beyond its balance) the customer's oldest open order first;
 * a refund (negative payment) reopens the newest paid one. Free with
 * db_today_free. */
db_status db_today_load(db *d, int day, db_today *out);
/* The same for PART of the book only (NULL: all), so a big book can be read
 * a slice at a time in bounded memory. The per-customer figures are those of
 * the whole read; dialed, orders_today, sales_today, month_before and
 * paid_today are the book's whatever the part, due_start and due_next the
 * part's customers'. */
db_status db_today_load_part(db *d, int day, const db_today_part *part, db_today *out);
/* What a reader may leave out. NO_RECEIVABLES: recv stays empty (the
 * customers' open, due and broken figures and due_next still count every
 * open order). */
#define DB_TODAY_NO_RECEIVABLES 1u
/* db_today_load_part leaving out what FLAGS say. */
db_status db_today_load_flags(db *d, int day, const db_today_part *part, unsigned flags, db_today *out);
void db_today_free(db_today *t);
/* The row of UID in T, or NULL. */
const db_today_row *db_today_find(const db_today *t, const char *uid);
/* The same for lookups in table order, as db_plan_book_find_near. */
const db_today_row *db_today_find_near(const db_today *t, const char *uid, size_t *near);

/* ---- the team (teambook.c) ---- */

/* What a merge did to one table. */
typedef struct {
	const char *table;           /* static */
	long added, updated, conflicts;
	long kept;                   /* rows this book gave another rep: left as they are */
} db_merge_count;

#define DB_MERGE_TABLES 9
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
	const char *table, *uid, *rep;   /* rep: the row owner's name, or its uid */
	const char *lost_at;             /* the losing version's stamp */
	const char *kept_at;             /* the stamp the row has now */
	const char *lost;                /* the losing version as a JSON object */
	const char *source;              /* the bundle that brought one side */
} db_conflict;
typedef bool (*db_conflict_fn)(const db_conflict *c, void *ctx);
/* Every conflict kept, in the order they were found. */
db_status db_team_conflicts_each(db *d, db_conflict_fn fn, void *ctx);

/* One rep's figures over a date range, from the per-rep, per-day rollup
 * (team_days). Strings valid during the callback only. */
typedef struct {
	const char *uid, *name, *group;
	int64_t target;              /* fen: the month's base target, 0 when none */
	int64_t sales;               /* fen: orders */
	int calls, effective, deals;
	int64_t collected;           /* fen: payments */
	int visits;
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

/* ---- maintenance ---- */

/* The team rollup against the calls, orders and payments it sums up; true
 * when they agree (else the first difference is in db_error). */
bool db_team_rollup_ok(db *d);

/* PRAGMA integrity_check, and the search index against the customers; true
 * when both are fine (else the finding is in db_error). */
bool db_integrity_ok(db *d);
/* Snapshot through VACUUM INTO a temporary name, fsync, rename to PATH. */
db_status db_snapshot(db *d, const char *path);

#endif
