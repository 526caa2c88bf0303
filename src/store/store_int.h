#ifndef REPDESK_STORE_INT_H
#define REPDESK_STORE_INT_H
/* The store's insides, shared by the files of src/store only: the connection record,
 * the cached statements, transaction and error helpers, the search tokenizer.
 * Nothing outside src/store includes this (or <sqlite3.h>); tests reach what
 * they need of it through repdesk/db/testing.h. */

#include <sqlite3.h>

#include "repdesk/db/book.h"
#include "repdesk/ledger.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/forecast.h"
#include "repdesk/db/team.h"
#include "repdesk/db/today.h"
#include "repdesk/db/yearplan.h"

/* "RPDK" in the header's application_id: tells our files from other SQLite files. */
#define STORE_APP_ID 0x5250444b
#define STORE_SCHEMA_VERSION 22
/* The book's own signing key (secret): never in a bundle (bundlesig.c). */
#define STORE_SIGNING_KEY_TABLE "signing_key"
/* The table itself: made by the v10 migration, and again on first use in a
 * book restored from a bundle (a snapshot leaves it out). */
#define STORE_SQL_SIGNING_KEY "CREATE TABLE IF NOT EXISTS " STORE_SIGNING_KEY_TABLE " (" \
	" id INTEGER PRIMARY KEY CHECK (id = 1)," \
	" public_key BLOB NOT NULL CHECK (length(public_key) = 32)," \
	" secret_key BLOB NOT NULL CHECK (length(secret_key) = 64)," \
	" created_at TEXT NOT NULL" \
	") STRICT"
/* Room for any uid an import may bring (uid_acceptable: up to 64 chars). */
#define STORE_UID_BUFSZ 65

/* Statements that run once per row or per keystroke, prepared once per
 * connection. Only used by functions that never call back into user code
 * while the statement is active (iterators prepare their own). */
#define STORE_STMTS(_) \
	_(ST_SETTING_GET, "SELECT value FROM settings WHERE key = ?1") \
	_(ST_SETTING_SET, "INSERT INTO settings(key, value) VALUES (?1, ?2) " \
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value") \
	_(ST_CUST_BY_UID, "SELECT " STORE_CUST_COLS " FROM customers c WHERE uid = ?1") \
	_(ST_CUST_BY_NAME, "SELECT " STORE_CUST_COLS " FROM customers c " \
		"WHERE name = ?1 AND deleted = 0 ORDER BY id LIMIT 1") \
	_(ST_CUST_INSERT, "INSERT INTO customers(uid, rep_uid, name, contact, phone, city, " \
		"district, type, industry, stores, rooms, monthly_amount, monthly_volume, tier, " \
		"tier_auto, priority, source, next_call, notes, status, attrs, referred_by, " \
		"payment_days, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, " \
		"?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)") \
	_(ST_CUST_MONTHS, "SELECT months FROM customer_months WHERE customer_id = ?1") \
	_(ST_CUST_UPDATE, "UPDATE customers SET name = ?3, contact = ?4, phone = ?5, city = ?6, " \
		"district = ?7, type = ?8, industry = ?9, stores = ?10, rooms = ?11, " \
		"monthly_amount = ?12, monthly_volume = ?13, tier = ?14, tier_auto = ?15, " \
		"priority = ?16, source = ?17, next_call = ?18, notes = ?19, status = ?20, " \
		"attrs = ?21, referred_by = ?22, payment_days = ?23, " STORE_REBASE("24") ", " \
		"updated_at = ?24, deleted = 0 WHERE id = ?25") \
	_(ST_ATTR_KEY_ADD, "INSERT OR IGNORE INTO attr_keys(key) VALUES (?1)") \
	_(ST_CUST_UID_BY_NAME, "SELECT uid FROM customers WHERE name = ?1 AND deleted = 0 ORDER BY id LIMIT 1") \
	_(ST_CUST_NAMED, "SELECT uid, name FROM customers WHERE name = ?1 AND deleted = 0 ORDER BY id LIMIT 11") \
	_(ST_CUST_PREFIX, "SELECT uid, name FROM customers WHERE deleted = 0 AND name >= ?1 AND name < ?2 ORDER BY name, id LIMIT 11") \
	_(ST_CUST_NEXT_CALL, "UPDATE customers SET next_call = ?2, " STORE_REBASE("3") ", updated_at = ?3 " \
		"WHERE uid = ?1 AND next_call IS NOT ?2") \
	_(ST_CUST_BY_ID, "SELECT " STORE_CUST_COLS " FROM customers c WHERE id = ?1") \
	_(ST_DATA_VERSION, "PRAGMA data_version") \
	_(ST_MONTH_VOLUME, "SELECT c.monthly_volume, mo.months FROM customers c " \
		"LEFT JOIN customer_months mo ON mo.customer_id = c.id WHERE c.id = ?1") \
	_(ST_ATTRS_EACH, STORE_ATTRS_EACH_SQL) \
	_(ST_ATTRS_READ, "SELECT key, type, value, " \
		"CASE WHEN type = 'text' THEN NULL ELSE ?1 -> fullkey END FROM json_each(?1)")

/* The pairs of the attributes object ?1 in their order: key, type, value, and
 * for a value that is not a string its JSON text. Text that is not a JSON
 * object gives one row whose key is not text (attrs.c). ST_ATTRS_READ is the
 * same for the book's own column, which holds only what was checked: JSON
 * that is not an object gives a key that is not text, malformed JSON an
 * error. */
#define STORE_ATTRS_EACH_SQL "SELECT key, type, value, " \
	"CASE WHEN type = 'text' THEN NULL ELSE ?1 -> fullkey END FROM json_each(" \
	"CASE WHEN CASE WHEN json_valid(?1) THEN json_type(?1) END = 'object' THEN ?1 ELSE '[0]' END)"

/* The columns every customer read selects, in this order (see store_row_customer),
 * from customers as "c". */
#define STORE_CUST_COLS "c.id, c.uid, c.name, c.contact, c.phone, c.city, c.district, " \
	"c.type, c.industry, c.stores, c.rooms, c.monthly_amount, c.monthly_volume, c.tier, " \
	"c.tier_auto, c.priority, c.source, c.next_call, c.notes, c.status, c.attrs, " \
	"c.referred_by, c.payment_days, c.updated_at, c.deleted, c.tier_eff"

#define ST_ENUM(name, sql) name,
enum { STORE_STMTS(ST_ENUM) ST_COUNT };
#undef ST_ENUM

/* Bulk loading state (db_bulk_begin .. db_bulk_end). */
typedef struct {
	uint32_t fp;             /* high hash bits, never 0 (0: empty slot) */
	uint32_t id;             /* the customer row */
} store_key;

typedef struct {
	bool on;
	bool deferred;           /* search-index triggers and list index dropped */
	bool fresh;              /* the book was empty: its indexes dropped, rows
	                          * matched through KEYS */
	bool attrs_later;        /* the attribute index's triggers dropped: the
	                          * index is filled at the end */
	int64_t existing;        /* rows (max id) when the load began */
	int64_t changed;         /* rows added or updated so far */
	store_key *keys;         /* open addressing on hashes of uids and names */
	size_t keys_mask, keys_n;
	/* The rows whose contact or phone the load wrote: their primary
	 * contacts are brought in step at its end (contacts.c). */
	int64_t *primary_ids;
	size_t nprimary, primary_cap;
} store_bulk;

/* What a parameter of the customer insert was last bound to, when that can
 * be told without looking at caller memory (see customers.c). */
enum { STORE_BOUND_UNKNOWN, STORE_BOUND_NULL, STORE_BOUND_INT, STORE_BOUND_CONST };
typedef struct {
	int kind;
	const char *text;        /* STORE_BOUND_CONST: a constant of the store */
	int64_t n;               /* STORE_BOUND_INT */
} store_bound;
#define STORE_CUST_NCOLS 26      /* the columns of STORE_CUST_COLS */
/* Columns of STORE_CUST_COLS; statement parameter ?N binds column N-1. */
enum {
	C_ID, C_UID, C_NAME, C_CONTACT, C_PHONE, C_CITY, C_DISTRICT, C_TYPE, C_INDUSTRY,
	C_STORES, C_ROOMS, C_AMOUNT, C_VOLUME, C_TIER, C_TIER_AUTO, C_PRIORITY, C_SOURCE,
	C_NEXT_CALL, C_NOTES, C_STATUS, C_ATTRS, C_REFERRED_BY, C_PAYMENT_DAYS, C_UPDATED, C_DELETED, C_TIER_EFF, C_NCOLS
};
_Static_assert(C_NCOLS == STORE_CUST_NCOLS, "STORE_CUST_NCOLS counts STORE_CUST_COLS");

struct db {
	sqlite3 *h;
	char *path;
	char err[2048];
	db_status last;          /* the status ERR describes */
	char device[HLC_DEVICE_LEN + 1];
	bool readonly;           /* DB_OPEN_READONLY, or a book that cannot be written */
	bool book_readonly;      /* the book itself cannot be written */
	bool immutable;          /* opened with immutable=1: no other writer expected */
	bool user_tx;            /* inside db_begin .. db_commit/db_rollback */
	bool have_stamp;         /* STAMP is this write transaction's stamp */
	char stamp[HLC_STAMP_BUFSZ];
	hlc clock;               /* the last stamp handed out */
	bool have_tiers;
	tier_thresholds tiers;
	int tier_month;          /* ledger_month_key the computed tiers are for; 0: not read */
	int book_start;          /* ledger_month_key the book began (setting book_start); 0: none */
	bool have_book_start;    /* BOOK_START was read */
	bool tier_fn;            /* repdesk_tier() is registered */
	int busy_ms;             /* the busy timeout set */
	sqlite3_stmt *st[ST_COUNT];
	store_bulk bulk;
	/* The last search's plan: true when its candidates are too many to
	 * sort, so the list index is walked instead (list.c). */
	char *plan_text;
	bool plan_dense;
	int64_t rows_seen;       /* the book's size (max id) when first searched */
	struct store_sorted *sorted;   /* what the last search remembers (list.c) */
	struct store_rank *rank;       /* the ranking rule, read for a query (rank.c) */
	/* db_customer_upsert's working buffers: the attrs JSON it writes, and
	 * the stored attributes it merges into. */
	char *json;
	size_t json_cap;
	/* The attributes texts read last, with their pairs (attrs.c): a book's
	 * rows mostly repeat a few of them, each read by a statement. */
	struct store_attrs_memo *attrs_memo;
	db_attr *old_attrs;
	size_t old_attrs_cap;
	char *old_buf;
	size_t old_buf_cap;
	db_attr *merged;
	size_t merged_cap;
	/* Attribute keys registered in this transaction (a load repeats them). */
	char *keys_seen[32];
	size_t nkeys_seen;
	char rep[UID_BUFSZ];     /* the current rep, cached per transaction */
	char new_uid[UID_BUFSZ]; /* the uid an insert is binding */
	store_bound ins_bound[STORE_CUST_NCOLS];   /* ST_CUST_INSERT's, by column */
	uint8_t rnd[640];        /* random bytes for uids: RND_LEFT not used yet */
	size_t rnd_left;
	bool have_rep;
	sqlite3_stmt *act[5][3]; /* activity: select by uid, insert, update */
	/* Tests: today reads the whole history, never the summaries. */
	bool today_from_history;
	/* The book's size (max id) from which today reads its second half of
	 * the customers on a helper connection (0: the default); and, for tests,
	 * a call made while the helper reads. */
	int64_t today_split_min;
	void (*today_split_hook)(db *d);
	long today_splits;       /* reads whose second half the helper gave */
	/* Customers whose calls, orders or payments this transaction wrote:
	 * their summaries are refreshed just before it commits. */
	char (*stale)[STORE_UID_BUFSZ];
	size_t nstale, stale_cap;
	int team_run;            /* bundles of the team add run still to merge */
	/* Whether a team add's end builds the search index on the side
	 * (ftsside.c): by the book's size, or (tests) always or never; and how
	 * many times it did. */
	enum { STORE_FTS_SIDE_AUTO, STORE_FTS_SIDE_NEVER, STORE_FTS_SIDE_ALWAYS } fts_side;
	long fts_side_builds;
	/* A run's checkpoints, made in a helper thread (ckpt.c); and, for
	 * tests, how many it made in the last run. */
	struct store_ckpt *ckpt;
	long ckpt_runs;
	int secure_delete;       /* PRAGMA secure_delete before the run (1: ON) */
	/* While a bundle is read (bundle.c): the limits it replaced, the
	 * deadline (monotonic ms), and whether the deadline cut a read short. */
	bool guarded, guard_tripped;
	/* The team's reads from a team server instead (pgteam.c), or NULL. */
	const struct store_team_src *team_src;
	void *team_arg;
	int guard_saved[2];
	uint64_t guard_deadline;
	uint64_t clamp_now;      /* the wall clock a merge clamps stamps to */
	/* What a merge reads each synced table of the bundle through (the table,
	 * or a view clamping its stamps), and our device id as a merge names it. */
	char from[DB_MERGE_TABLES][48];
	char own_device[HLC_DEVICE_LEN + 1];
};

/* ---- bundles: files from elsewhere (bundle.c) ---- */

uint64_t store_wall_ms(void);
/* Guard the connection while it reads a bundle: limits on a value's length
 * and a table's columns, and a deadline; off restores what was there. */
void store_guard_on(db *d);
void store_guard_off(db *d);
/* ST, or when the guard cut the read short or a value was too long, a
 * refusal naming PATH (DB_NOTDB). */
db_status store_guard_status(db *d, db_status st, const char *path);
/* No table of the file open as D has a column computed when it is read (a
 * virtual generated column; repdesk writes none): else DB_NOTDB. */
db_status store_bundle_computed(db *d);
/* Every table a merge reads, in schema SCHEMA ("main", "bundle"), exactly as
 * repdesk writes it at VERSION; else DB_NOTDB naming PATH. */
db_status store_bundle_schema(db *d, const char *schema, int version, const char *path);
/* Every row of the bundle open as D valid, REP's, and what it refers to in
 * it; the stamps ahead of OUT->now_ms counted in OUT. Else DB_NOTDB with the
 * table, row and reason (or the count of rows of other reps). */
db_status store_bundle_rows(db *d, const char *rep, int version, const char *path,
                            db_bundle_check *out);
/* repdesk_clamp(stamp): the stamp clamped to *NOW when it is too far ahead. */
db_status store_bundle_clamp_register(db *d, uint64_t *now);

/* Forget what is cached per transaction (on commit and rollback). */
void store_tx_ended(db *d);

/* ---- errors and transactions (db.c) ---- */

/* Record SQLite's error RC (with CTX naming what we did) in d->err and map it
 * to a db_status. Inside a transaction the whole transaction is rolled back:
 * after BUSY/FULL/IOERR/NOMEM SQLite may already have done so itself, and a
 * caller must never continue row by row. */
db_status store_fail(db *d, int rc, const char *ctx);
/* A status with our own message; touches nothing in the database. */
db_status store_err(db *d, db_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Functions that return NULL on error (store_stmt, store_prepare,
 * store_stamp) leave the status in d->last: "return d->last". */
db_status store_map(int rc);
/* Free text written into the book held to the rule a bundle's rows are
 * (core/valid.c): what one book could write, another must be able to merge.
 * DB_INVALID naming FIELD and the reason when S (NULL: none) is refused. */
db_status store_check_text(db *d, const char *field, const char *s, size_t max);

/* "file:PATH?QUERY" for sqlite3_open_v2 with SQLITE_OPEN_URI (caller frees);
 * NULL when out of memory. */
char *store_file_uri(const char *path, const char *query);

/* ---- helper connections (side.c) ---- */

/* What a helper thread's connection to the book is for. */
typedef enum {
	STORE_SIDE_READ,             /* reads the book (read-only; immutable if the book is) */
	STORE_SIDE_ATTACH,           /* builds in memory, the book attached read-only as "book" */
	STORE_SIDE_CKPT,             /* checkpoints the book's log (read-write) */
} store_side_kind;

typedef struct {
	store_side_kind kind;
	char *uri;                   /* the book's */
	bool map;                    /* read the book through a map of the file */
} store_side;

/* On the book's thread: what a helper of KIND needs to open its connection
 * to D's book, into *S (store_side_done frees it). False when out of
 * memory. */
bool store_side_init(const db *d, store_side_kind kind, store_side *s);
void store_side_done(store_side *s);
/* On the helper's thread: its connection, into *H (close it with
 * sqlite3_close whatever this returns). MEMORY: for STORE_SIDE_ATTACH, the
 * URI of the database in memory opened (the book attached to it). Returns
 * SQLite's code. */
int store_side_open(const store_side *s, const char *memory, sqlite3 **h);

/* Join the caller's transaction, or start our own (*OWN set). A caller's
 * transaction that SQLite already rolled back is an error, not a reason to
 * write in autocommit mode. */
db_status store_tx_enter(db *d, bool *own);
/* End our own transaction: commit when ST is DB_OK, else roll back. */
db_status store_tx_leave(db *d, bool own, db_status st);

/* Read what follows from one snapshot of the book (a reader of the whole
 * book runs several queries): a read transaction, unless one is open
 * already. Returns whether it began one, for store_read_end. */
bool store_read_begin(db *d);
void store_read_end(db *d, bool began);

/* The version stamp of the current write transaction (made on first use,
 * persisted so it never moves backwards). NULL on error. */
const char *store_stamp(db *d);
/* The current rep's uid, "" before db_book_init. */
db_status store_rep_uid(db *d, char uid[UID_BUFSZ]);
/* A new time-ordered uid. */
void store_new_uid(db *d, char out[UID_BUFSZ]);

sqlite3_stmt *store_stmt(db *d, int which);
/* Prepare SQL for one use (caller finalizes); NULL with the error recorded. */
sqlite3_stmt *store_prepare(db *d, const char *sql);
/* Run SQL without results (multiple statements allowed). */
db_status store_exec(db *d, const char *sql);
/* SQL text may name the registry's effective-call rule over a row R as
 * STORE_EFFECTIVE("R") (R "" for an unqualified column); store_sql_rules
 * writes the comparisons in (sqlite3_free the result; NULL: no memory), and
 * store_exec_rules runs the result. */
#define STORE_EFFECTIVE(r) "$effective(" r ")"
char *store_sql_rules(const char *sql);
db_status store_exec_rules(db *d, const char *sql);
/* Step a cached statement expected to be done in one go (INSERT/UPDATE). */
db_status store_step_done(db *d, sqlite3_stmt *s, const char *ctx);
void store_bind_text(sqlite3_stmt *s, int i, const char *v);    /* NULL -> NULL */
/* Whether SQL (one parameter, ?1 = UID) returns a row; *ST says whether it
 * could be asked (an error recorded). */
bool store_exists(db *d, const char *sql, const char *uid, db_status *st);
void store_bind_int(sqlite3_stmt *s, int i, int64_t v);         /* DB_NULL -> NULL */
const char *store_col_text(sqlite3_stmt *s, int i);             /* NULL -> "" */
/* Append column I's text and a NUL to the block *BUF (LEN used of CAP, grown
 * as needed); *OFF gets where it starts. False when out of memory. */
bool store_col_append(sqlite3_stmt *s, int i, char **buf, size_t *len, size_t *cap, size_t *off);
/* Copy column I's text into DST of SIZE bytes, cut short if need be. */
void store_col_copy(sqlite3_stmt *s, int i, char *dst, size_t size);

/* ---- uid maps (uidmap.c) ---- */

uint64_t store_hash(const char *s);
/* Index N records of STRIDE bytes at ROWS whose uid (a char array) is
 * UID_OFF bytes in; the records must stay put while the map lives. NULL when
 * out of memory. */
typedef struct db_uidmap store_uidmap;
store_uidmap *store_uidmap_new(const void *rows, size_t n, size_t stride, size_t uid_off);
void store_uidmap_free(store_uidmap *m);
/* The index of a record with UID, or -1. NEAR (may be NULL): one past where
 * the last of a series of lookups found its record; the records just after
 * it are looked at first, so uids asked for in the records' order are found
 * without hashing. The map builds its hash table on the first lookup that
 * needs it (so it changes, though the records do not). */
long store_uidmap_find(store_uidmap *m, const char *uid, size_t *near);

/* Pair the rows of S, ordered by a customer id in column 0, with IDS[0..N)
 * (ascending): FN gets each row whose id is among them, with the id's index,
 * and returns false to stop. Finalizes S; WHAT names the read in errors. */
typedef bool (*store_id_fn)(sqlite3_stmt *s, size_t i, void *ctx);
db_status store_join_ids(db *d, sqlite3_stmt *s, const int64_t *ids, size_t n, store_id_fn fn,
                         void *ctx, const char *what);

/* ---- schema (schema.c) ---- */

/* The team rollup's insert trigger on TABLE dropped (ON false) or made
 * again; nothing for a table without one. */
db_status store_team_insert_trigger(db *d, const char *table, bool on);
/* Where the team's figures are read when not from the book: the team
 * server (pgteam.c). */
typedef struct store_team_src {
	db_status (*reps)(db *d, const char *from, const char *to, const char *month,
	                  db_team_rep_fn fn, void *ctx);
	db_status (*days)(db *d, const char *rep_uid, const char *from, const char *to,
	                  db_team_day_fn fn, void *ctx);
	db_status (*ytd)(db *d, const char *month, db_team_ytd_fn fn, void *ctx);
	db_status (*conflicts)(db *d, db_conflict_fn fn, void *ctx);
	db_status (*pipeline)(db *d, db_team_pipeline_fn fn, void *ctx);
} store_team_src;

/* An opportunity x's value weighted by its probability, else its stage's
 * default (opp_stages), as SQL that SQLite and PostgreSQL read alike: the
 * one weight of the pipeline everywhere (forecast.c). X: the table's alias. */
void store_opp_weight_sql(sqlite3_str *b, const char *x);

/* What a row x of TABLE adds to the team rollup: the rollup's columns
 * (COLS, ", " between them) and each one's value over the row (EACH, in
 * the same order, with the $effective rule of store_sql_rules); false for a
 * table the rollup does not sum. */
bool store_team_rollup_of(const char *table, const char **cols, const char **each);
/* Add to the team rollup what TABLE's insert trigger would add for the rows
 * x of ROWS, a "FROM ... WHERE ..." clause naming them. */
db_status store_team_rollup_add(db *d, const char *table, const char *rows);

/* ---- bundles: signing and pinning (bundlesig.c) ---- */

/* The kind of value a synced column holds, as a bundle's rows are judged
 * (bundle.c) and the team server's merge checks them (pgserver.c). */
typedef enum {
	SK_UID, SK_OWNER, SK_NAME, SK_TEXT, SK_COUNT, SK_MONEY, SK_MONEY_NULL, SK_TIER, SK_TIER_NULL,
	SK_PRIORITY, SK_STATUS, SK_DATE, SK_DATE_NULL, SK_MONTH, SK_JSON, SK_STAMP, SK_BASE, SK_DELETED,
	SK_OUTCOME, SK_OUTCOME_NULL, SK_TIME_NULL, SK_LEVEL, SK_SCOPE, SK_KEY, SK_DETAIL, SK_REF, SK_REF_NULL,
	SK_CLAUSES, SK_ATTR, SK_CHOICES, SK_DAY_KIND, SK_DAY_NAME, SK_TERM_NULL, SK_FLAG, SK_STAGE,
	SK_PERCENT_NULL, SK_PATH, SK_NONE
} store_kind;
/* The kind of column COL of synced table TABLE (SK_NONE: not one). */
store_kind store_bundle_kind(const char *table, const char *col);


/* Table K (0..DB_MERGE_TABLES-1) a merge reads from a bundle of schema
 * VERSION: its name, the columns copied, and whether base_at is read too;
 * NULL when a bundle of that version has no such table (it came later). */
const char *store_bundle_table(size_t k, int version, const char **cols, bool *base_at);
/* Make the book's signing key if it has none (inside the caller's
 * transaction, or its own). */
db_status store_sign_key_ensure(db *d);
/* Check the signature of bundle B (opened read-only, judged sound so far)
 * against its content; on failure OUT's status and err say why. */
void store_bundle_verify(db *b, const char *path, db_bundle_check *out);
/* Inside the merge's transaction, before any row is read: the key that
 * signed the bundle must be the one pinned for its rep, or is pinned now
 * (OUT->pinned). */
db_status store_bundle_pin(db *d, const char *path, const db_bundle_check *j, const char *today,
                           db_merge_result *out);

/* The uid of the primary contact of CUSTOMER kept by REP (schema.c): made
 * from both, so every book makes the same one (the migration to v22, set and
 * import of a customer's contact or phone). */
char *store_primary_contact_uid(const char *customer, const char *rep, char out[UID_BUFSZ]);
/* The contacts' indexes (made by v22; a load that writes many primary
 * contacts drops and makes them again). */
#define STORE_SQL_CONTACT_INDEXES \
	"CREATE INDEX IF NOT EXISTS contacts_customer ON contacts(customer_uid, is_primary DESC, name);" \
	"CREATE INDEX IF NOT EXISTS contacts_name ON contacts(name) WHERE deleted = 0;" \
	"CREATE INDEX IF NOT EXISTS contacts_phone ON contacts(phone) WHERE deleted = 0 AND phone <> '';"
/* The primary contact of live customer CUSTOMER made NAME and PHONE, its
 * contact and phone just written (contacts.c): written when it differs,
 * made when there is none (deleted when both are empty and nothing else is
 * in it). */
db_status store_contact_primary_sync(db *d, const char *customer, const char *name,
                                     const char *phone);
/* Note that the load wrote customer row ID's contact or phone. */
db_status store_contacts_bulk_note(db *d, int64_t id);
/* The same as store_contact_primary_sync for every customer noted, set-wise:
 * at the end of a bulk load. */
db_status store_contacts_bulk_sync(db *d);
/* Bring the open database to STORE_SCHEMA_VERSION, backing it up first when
 * it already holds a schema. */
db_status store_migrate(db *d);
/* Create a new database at PATH atomically (built under a temporary name,
 * then linked into place), at schema version VERSION. Used by db_open and by
 * the tests (which need an old version to migrate). */
db_status store_create(const char *path, int version, char *err, size_t errsz);
/* The search index (an FTS5 table over customers, external content): its
 * columns, its options, and the statement that makes it. */
#define STORE_FTS_COLS "name, contact, phone, attrs, city, district, type, industry, source"
/* The same columns of the row P ("new.", "old.", "c."), in the same order:
 * what the triggers index and repdesk_match() confirms. */
#define STORE_FTS_VALUES(p) p "name, " p "contact, " p "phone, " p "attrs, " p "city, " \
	p "district, " p "type, " p "industry, " p "source"
#define STORE_FTS_OPTIONS "tokenize = 'repdesk', detail = none, columnsize = 0"
extern const char store_sql_fts_table[];
/* The SQL that keeps the search index in step with customers, and the
 * indexes a bulk load drops and rebuilds. */
extern const char store_sql_fts_triggers[];
extern const char store_sql_drop_fts_triggers[];
extern const char store_sql_indexes[];   /* IF NOT EXISTS: only the missing ones */
/* The customers' attributes as an index, kept by triggers (IF NOT EXISTS),
 * and the statements that fill it again from customers. */
extern const char store_sql_customer_attrs[];
extern const char store_sql_customer_attrs_fill[];
extern const char store_sql_drop_customer_attrs_triggers[];
/* The activity indexes a run of team merges may leave for its end. */
extern const char store_sql_activity_indexes[];   /* IF NOT EXISTS */
extern const char store_sql_drop_activity_indexes[];
/* Set base_at when a local write gives a row the stamp ?N: the version it
 * replaces becomes its base (a second write in the same transaction, with
 * the same stamp, keeps the base). */
#define STORE_REBASE(n) "base_at = CASE WHEN updated_at = ?" n " THEN base_at ELSE updated_at END"

/* ---- filters (where.c) ---- */

/* Register repdesk_summary() on a connection. */
int store_where_register(sqlite3 *h);
/* Append " AND (...)" for each clause of F (none for NULL). */
void store_where_sql(sqlite3_str *b, const db_filter *f);
/* Bind the parameters of F's clauses that S has (and :wday, :wmkey,
 * :wmonth, :wfirst, :wlast: F's day and month). */
void store_where_bind(sqlite3_stmt *s, const db_filter *f);
/* Append the value of clause I's field W for the row c (SHOWN: tier and
 * bands as their labels); an attribute's key is parameter :wI_k. */
void store_where_expr(sqlite3_str *b, const where_clause *w, int i, bool shown);
/* F's clauses as a text that is the same exactly when they are (a memo's
 * key), sqlite3_free'd; NULL when out of memory. */
char *store_where_key(const db_filter *f);
/* Bind the attribute key of W, clause I (:wI_k, :wI_p), when S has it. */
void store_where_bind_key(sqlite3_stmt *s, const where_clause *w, int i);

/* ---- search (search.c) ---- */

/* Register the tokenizer "repdesk" and the SQL functions repdesk_match()
 * and repdesk_marked() on a connection. */
int store_search_register(sqlite3 *h);
/* A set of customer ids, one bit per id below NBITS: what
 * repdesk_marked(id, set) tests, the set bound with
 * sqlite3_bind_pointer(..., STORE_MARKS_PTR, NULL). Walking the list index
 * by keys, it drops the ids not in the set without handing each row out.
 * BOUNDED: each id tested spends one of LEFT, and once LEFT is below zero
 * every id passes, so the walk sees where its budget ran out (the first id
 * handed out that the set does not hold). */
typedef struct {
	const uint64_t *bits;
	int64_t nbits;
	bool bounded;
	int64_t left;
} store_marks;
static inline bool store_marks_has(const store_marks *m, int64_t id)
{
	return id >= 0 && id < m->nbits && (m->bits[id >> 6] >> (id & 63) & 1);
}
#define STORE_MARKS_PTR "repdesk_marks"
/* Build the FTS5 MATCH expression for what a person typed into *OUT (caller
 * frees): 1, or 0 with *OUT NULL when the text holds nothing searchable (only
 * spaces or punctuation), -1 when out of memory. */
int store_search_query(const char *text, char **out);

/* ---- lists (list.c) ---- */

void store_sorted_free(db *d);

/* ---- customers (customers.c) ---- */

/* Fill C from a row selected with STORE_CUST_COLS. The strings point into the
 * statement; attrs are parsed into *ATTRS (grown as needed, caller frees). */
db_status store_row_customer(db *d, sqlite3_stmt *s, db_customer *c, db_attr **attrs,
                             size_t *cap, char **abuf, size_t *abufcap);
db_status store_tiers_load(db *d);
/* Tiering from the orders (tiering.c): STORE_TIER_SQL is the computed tier
 * of the customers row c (after store_tiers_ready); store_retier makes it
 * again for the customer UID, or for every customer when UID is NULL;
 * store_tier_of_row that of customer ID (0: a new one) with the amounts
 * given. */
#define STORE_TIER_SQL "repdesk_tier((SELECT months FROM customer_months m " \
	"WHERE m.customer_id = c.id), c.monthly_amount, c.monthly_volume)"
db_status store_tiers_ready(db *d);
db_status store_retier(db *d, const char *uid);
db_status store_retier_uids(db *d, char (*uids)[STORE_UID_BUFSZ], size_t n);
db_status store_tier_of_row(db *d, int64_t id, int64_t amount, int64_t volume, tier *out);
/* Rebuild the search index from customers, with an in-memory hash of up to
 * HASH_MB MiB, and put its triggers back. */
db_status store_fts_rebuild(db *d, int hash_mb);

/* ---- a run's checkpoints (ckpt.c) ---- */

typedef struct store_ckpt store_ckpt;
/* From now on, the book's commits leave their checkpoints to a helper
 * thread with a connection of its own. False (and nothing changed) when
 * it cannot start. */
bool store_ckpt_start(db *d);
/* Stop the helper (the caller sets the book's automatic checkpoint again);
 * returns how many checkpoints it made. */
long store_ckpt_stop(db *d);

/* ---- the search index built on the side (ftsside.c) ---- */

typedef struct store_fts_side store_fts_side;
/* In a write transaction that has changed no customer yet (and will not
 * before store_fts_side_install): start building the search index in a
 * helper thread, or NULL when it is better built in place. */
store_fts_side *store_fts_side_start(db *d);
/* Make the search index whole, from the side's build when it succeeded,
 * else rebuilt in place, with its triggers back (S may be NULL). */
db_status store_fts_side_install(db *d, store_fts_side *s);
/* Once the transaction has ended: let the side go. */
void store_fts_side_free(db *d, store_fts_side *s);
/* Leave bulk mode without rebuilding (its transaction is gone). */
void store_bulk_reset(db *d);
/* Build the indexes a fresh load dropped, now (activity rows need the uid
 * index for their foreign keys). */
db_status store_bulk_unfresh(db *d);

/* ---- per-customer summaries (summary.c; todayrows.c reads them) ---- */

/* The summaries' blobs hold little-endian integers: customer_months.months
 * STORE_MONTH_BYTES per month with orders (the month's key, its total in
 * fen, its volume), in month order. */
#define STORE_MONTH_BYTES LEDGER_MONTH_BYTES   /* read with ledger_month_* */

/* The day in column I of S, DB_NO_DAY for none or a malformed one
 * (todayrows.c). */
int store_col_day(sqlite3_stmt *s, int i);
/* The customers a day's reader starts from, into T's rows (custscan.c): all
 * not deleted, or PART of them; *IDS (caller frees) their ids. *SPLIT in:
 * a whole book may be read in two halves at once; out: it was (*VERSION then
 * our data version when the helper started). */
/* PRAGMA data_version of D's connection: it changes when another connection
 * commits. False when it cannot be read. */
bool store_data_version(db *d, int64_t *v);
db_status store_today_customers(db *d, db_today *t, int64_t **ids, const db_today_part *part,
                                bool *split, int64_t *version);

/* Note that UID's activity changed in this transaction. */
db_status store_stats_mark(db *d, const char *uid);
/* Refresh the summaries of the customers marked (before a commit). */
db_status store_stats_flush(db *d);
/* Compute every customer's summaries afresh (the v5 migration). */
db_status store_stats_rebuild(db *d);

/* ---- the ranking rule (rank.c) ---- */

/* Read the book's rule; repdesk_rank(attrs) then gives a customer's class
 * (1 the best) under it, 1 for every customer when there is none. */
db_status store_rank_load(db *d);
/* Each row's class of T (rank_class, rank_classes) when the book has a rule. */
db_status store_rank_today(db *d, db_today *t);
/* A page of F's customers in rank order after AFTER (NULL: the first), or
 * before it (BACK, nearest first): the order is read once and remembered
 * until anything is written. */
db_status store_rank_page(db *d, const db_filter *f, const db_page_key *after, bool back,
                          int limit, db_customer_fn fn, void *ctx);
void store_rank_free(db *d);

/* ---- attributes JSON (attrs.c) ---- */

/* Parse a flat JSON object of string values into A (keys and values point
 * into BUF, a decoded copy). Non-string values keep their JSON text. */
bool store_attrs_parse(db *d, const char *json, db_attr **a, size_t *n, size_t *cap,
                       char **buf, size_t *bufcap);
/* Free what store_attrs_parse remembers of D's texts. */
void store_attrs_memo_free(db *d);
/* Why S (LEN bytes) is not an attributes object a bundle may carry (flat,
 * string values held to valid_text, numbers), or NULL. EACH is a statement
 * of STORE_ATTRS_EACH_SQL; it is left reset. */
const char *store_attrs_check(sqlite3_stmt *each, const char *s, size_t len);
/* Write A[0..N) as a compact JSON object into *OUT (grown as needed). Pairs
 * with an empty or NULL value are left out. */
bool store_attrs_write(const db_attr *a, size_t n, char **out, size_t *cap);

#endif
