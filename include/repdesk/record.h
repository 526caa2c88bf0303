#ifndef REPDESK_RECORD_H
#define REPDESK_RECORD_H
/* The registry of records: the synced tables in the order a merge writes
 * them, the activity kinds with their columns (type, whether required, the
 * kind of value, CSV name and the English and Chinese aliases an import
 * header may use), how a row shows in a customer's history, and the call
 * outcome vocabulary with which outcomes count as effective and as a
 * contact. The store builds its statements from it, import, export and `log`
 * read it; a kind or an outcome is spelled here and nowhere else.
 * Pure data and lookups: no SQL is run, no I/O. Everything is static and
 * read-only; returned pointers never need freeing. */

#include <stdbool.h>
#include <stddef.h>

/* ---- Call outcomes ---- */

/* Each outcome as _(X, ID, name as stored, the Chinese a rep may type ('|'),
 * effective, contact). An effective call is one of the day's calls that count
 * (the 50 a day): no-answer, busy and refused are not. A contact reached the
 * customer and is the customer's last contact of that day: every outcome but
 * no-answer and busy, which are attempts (refused reached them). SEP goes
 * between the entries (empty, or text such as " OR " where SQL is built from
 * the list); X is passed through to _. ID is only ever pasted onto a prefix
 * (RECORD_ID, QUEUE_ID). */
#define RECORD_X_OUTCOMES(_, SEP, X) \
	_(X, EFFECTIVE,   "effective",   "有效",         1, 1) SEP \
	_(X, NO_ANSWER,   "no-answer",   "未接|无人接听", 0, 0) SEP \
	_(X, BUSY,        "busy",        "占线|忙",       0, 0) SEP \
	_(X, CALLBACK,    "callback",    "回电|约回电",   1, 1) SEP \
	_(X, REFUSED,     "refused",     "拒绝",         0, 1) SEP \
	_(X, ORDER,       "order",       "下单|订单",    1, 1) SEP \
	_(X, AFTER_SALES, "after-sales", "售后",         1, 1)

#define RECORD_OUTCOME_ENUM(x, id, name, aliases, eff, con) RECORD_##id,
typedef enum { RECORD_X_OUTCOMES(RECORD_OUTCOME_ENUM, , ) RECORD_OUTCOME_COUNT, RECORD_OUTCOME_NONE = -1 }
	record_outcome;
#undef RECORD_OUTCOME_ENUM

/* The outcomes that are not effective as an SQL list, made from the table
 * above at compile time, for the queries whose text must be a constant:
 * ('', 'no-answer', 'busy', 'refused'). '' is no outcome a call may have
 * (the CHECK), there so the list is never empty; never NULL, under which
 * NOT IN would match nothing. */
#define RECORD_SQL_NOT_EFFECTIVE_0(name) ", '" name "'"
#define RECORD_SQL_NOT_EFFECTIVE_1(name)
#define RECORD_SQL_NOT_EFFECTIVE_ONE(x, id, name, aliases, eff, con) RECORD_SQL_NOT_EFFECTIVE_##eff(name)
#define RECORD_SQL_NOT_EFFECTIVE "(''" RECORD_X_OUTCOMES(RECORD_SQL_NOT_EFFECTIVE_ONE, , ) ")"
/* The outcomes that are no contact (the attempts), the same way:
 * ('', 'no-answer', 'busy'). */
#define RECORD_SQL_NOT_CONTACT_ONE(x, id, name, aliases, eff, con) RECORD_SQL_NOT_EFFECTIVE_##con(name)
#define RECORD_SQL_NOT_CONTACT "(''" RECORD_X_OUTCOMES(RECORD_SQL_NOT_CONTACT_ONE, , ) ")"

typedef struct {
	const char *name;            /* as stored and exported */
	const char *aliases;         /* '|'-separated Chinese input words */
	bool effective;              /* reached the customer */
	bool contact;                /* reached the customer: its last contact */
} record_outcome_info;

extern const record_outcome_info record_outcomes[RECORD_OUTCOME_COUNT];

/* The outcome S names (its English name or a Chinese alias, case- and
 * space-insensitive), or RECORD_OUTCOME_NONE. */
record_outcome record_outcome_find(const char *s);
/* The stored name of the outcome S names, or NULL. */
const char *record_outcome_canon(const char *s);
/* Whether NAME (as stored) is an effective call; false for an unknown one. */
bool record_outcome_effective(const char *name);
/* The stored names of the outcomes for a message, SEP between them and LAST
 * before the last one ("effective, no-answer, ... order or after-sales");
 * INEFFECTIVE: only those that are not effective calls. Cut to fit OUTSZ;
 * returns OUT. */
char *record_outcome_list(char *out, size_t outsz, const char *sep, const char *last,
                       bool ineffective);

/* ---- Synced tables ---- */

/* The kind of a column's value, for validation. */
typedef enum {
	RECORD_V_UID, RECORD_V_OWNER, RECORD_V_REF, RECORD_V_REF_NULL, RECORD_V_DATE, RECORD_V_DATE_NULL,
	RECORD_V_MONEY, RECORD_V_TEXT, RECORD_V_OUTCOME, RECORD_V_OUTCOME_NULL, RECORD_V_TIME_NULL, RECORD_V_STAMP,
	RECORD_V_DELETED,
	RECORD_V_COUNT_NULL          /* a whole number >= 0, or none (an order's volume) */
} record_value;

typedef struct {
	const char *name;            /* the column */
	const char *type;            /* SQL type: TEXT or INTEGER */
	bool required;               /* NOT NULL */
	record_value value;
	const char *csv;             /* its CSV header (export) */
	const char *aliases;         /* '|'-separated other headers an import takes */
	int since;                   /* the schema version that made it (0: its table's) */
} record_column;

/* An order's volume came with this schema version (bundles of earlier ones
 * have no such column). */
#define RECORD_VOLUME_SINCE 18
/* A customer's contacts and opportunities came with this schema version, and
 * with them who was spoken to on a call or a visit (contact_uid). */
#define RECORD_CONTACTS_SINCE 22

/* The schema version that made column NAME of any activity kind (0: its
 * table's first). */
int record_column_since(const char *name);

/* Every activity row's uid as a CSV column (the row's identity). */
extern const record_column record_uid_column;

/* The customer's name in an activity export (beside its uid). */
extern const record_column record_customer_name_column;

/* The heading a Chinese spreadsheet gets for a column: the first alias in
 * Chinese (copied into BUF), else ENGLISH. Import takes it back. */
const char *record_heading_chinese(const char *english, const char *aliases, char *buf, size_t bufsz);

/* The two columns a rejects file (import --skip-bad) starts with, line and
 * reason: NAME is the English heading (translated when written), ALIASES the
 * Chinese one. */
extern const record_column record_reject_columns[2];

/* Whether a header starting FIRST, SECOND is a rejects file's (in English or
 * Chinese): an import then skips those two columns. */
bool record_rejects_header(const char *first, const char *second);

/* The activity kinds, in the order of db_activity_kind. */
typedef enum { RECORD_CALLS, RECORD_ORDERS, RECORD_PAYMENTS, RECORD_NOTES, RECORD_VISITS, RECORD_KIND_COUNT } record_kind;

typedef struct {
	const char *word;            /* "call": the `log` word and messages */
	const char *table;           /* "calls" */
	const record_column *cols;      /* the columns after uid and rep_uid, before the
				      * version columns; ends with a NULL name */
	bool figures;                /* a write changes the customer's summaries */
	bool contact;                /* a row is a contact (a call: by its outcome) */
	const char *history;         /* the label of a row in a customer's history */
} record_kind_info;

extern const record_kind_info record_kinds[RECORD_KIND_COUNT];

/* The kind whose word or table is S, or -1. */
int record_kind_find(const char *s);
/* Column NAME of kind K, or NULL. */
const record_column *record_kind_column(record_kind k, const char *name);
/* The column of kind K whose CSV header is CSV, or NULL. */
const record_column *record_kind_csv(record_kind k, const char *csv);
/* The first column of any kind whose CSV header is CSV (uid and
 * customer_name included), or NULL. */
const record_column *record_csv_column(const char *csv);

/* Every synced table, in the order a merge writes them (what a row refers
 * to comes first; a table added later comes last, so the indexes of the
 * others stay). */
typedef struct {
	const char *name;
	const char *cols;            /* the columns a merge copies (all but id and
				      * generated ones), in table order */
	bool figures;                /* summarised per customer (customer_uid) */
	bool owned;                  /* a book's first owner takes its rows */
	int since;                   /* the schema version that made it (0: the first) */
} record_table;

#define RECORD_TABLE_COUNT 14
extern const record_table record_tables[RECORD_TABLE_COUNT];

/* The index of table NAME in record_tables, or -1. */
int record_table_find(const char *name);

/* Whether HEADER is NAME or one of the '|'-separated ALIASES (case- and
 * space-insensitive). */
bool record_header_matches(const char *header, const char *name, const char *aliases);

#endif
