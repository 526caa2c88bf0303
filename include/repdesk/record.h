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
 * effective). An effective call reached the customer and is the customer's
 * contact of that day; no-answer, busy and refused are neither. SEP goes
 * between the entries (empty, or text such as " OR " where SQL is built from
 * the list); X is passed through to _. ID is only ever pasted onto a prefix
 * (REC_ID, QUEUE_ID). */
#define REC_X_OUTCOMES(_, SEP, X) \
	_(X, EFFECTIVE,   "effective",   "有效",         1) SEP \
	_(X, NO_ANSWER,   "no-answer",   "未接|无人接听", 0) SEP \
	_(X, BUSY,        "busy",        "占线|忙",       0) SEP \
	_(X, CALLBACK,    "callback",    "回电|约回电",   1) SEP \
	_(X, REFUSED,     "refused",     "拒绝",         0) SEP \
	_(X, ORDER,       "order",       "下单",         1) SEP \
	_(X, AFTER_SALES, "after-sales", "售后",         1)

#define REC_OUTCOME_ENUM(x, id, name, aliases, eff) REC_##id,
typedef enum { REC_X_OUTCOMES(REC_OUTCOME_ENUM, , ) REC_OUTCOME_COUNT, REC_OUTCOME_NONE = -1 }
	rec_outcome;
#undef REC_OUTCOME_ENUM

/* The outcomes that are not effective as an SQL list, made from the table
 * above at compile time, for the queries whose text must be a constant:
 * ('', 'no-answer', 'busy', 'refused'). '' is no outcome a call may have
 * (the CHECK), there so the list is never empty; never NULL, under which
 * NOT IN would match nothing. */
#define REC_SQL_NOT_EFFECTIVE_0(name) ", '" name "'"
#define REC_SQL_NOT_EFFECTIVE_1(name)
#define REC_SQL_NOT_EFFECTIVE_ONE(x, id, name, aliases, eff) REC_SQL_NOT_EFFECTIVE_##eff(name)
#define REC_SQL_NOT_EFFECTIVE "(''" REC_X_OUTCOMES(REC_SQL_NOT_EFFECTIVE_ONE, , ) ")"

typedef struct {
	const char *name;            /* as stored and exported */
	const char *aliases;         /* '|'-separated Chinese input words */
	bool effective;              /* reached the customer */
	bool contact;                /* counts as the customer's last contact */
} rec_outcome_info;

extern const rec_outcome_info rec_outcomes[REC_OUTCOME_COUNT];

/* The outcome S names (its English name or a Chinese alias, case- and
 * space-insensitive), or REC_OUTCOME_NONE. */
rec_outcome rec_outcome_find(const char *s);
/* The stored name of the outcome S names, or NULL. */
const char *rec_outcome_canon(const char *s);
/* Whether NAME (as stored) is an effective call; false for an unknown one. */
bool rec_outcome_effective(const char *name);
/* The stored names of the outcomes for a message, SEP between them and LAST
 * before the last one ("effective, no-answer, ... order or after-sales");
 * INEFFECTIVE: only those that are not effective calls. Cut to fit OUTSZ;
 * returns OUT. */
char *rec_outcome_list(char *out, size_t outsz, const char *sep, const char *last,
                       bool ineffective);

/* ---- Synced tables ---- */

/* The kind of a column's value, for validation. */
typedef enum {
	REC_V_UID, REC_V_OWNER, REC_V_REF, REC_V_REF_NULL, REC_V_DATE, REC_V_DATE_NULL,
	REC_V_MONEY, REC_V_TEXT, REC_V_OUTCOME, REC_V_OUTCOME_NULL, REC_V_TIME_NULL, REC_V_STAMP,
	REC_V_DELETED
} rec_value;

typedef struct {
	const char *name;            /* the column */
	const char *type;            /* SQL type: TEXT or INTEGER */
	bool required;               /* NOT NULL */
	rec_value value;
	const char *csv;             /* its CSV header (export) */
	const char *aliases;         /* '|'-separated other headers an import takes */
} rec_column;

/* Every activity row's uid as a CSV column (the row's identity). */
extern const rec_column rec_uid_column;

/* The activity kinds, in the order of db_activity_kind. */
typedef enum { REC_CALLS, REC_ORDERS, REC_PAYMENTS, REC_NOTES, REC_VISITS, REC_KIND_COUNT } rec_kind;

typedef struct {
	const char *word;            /* "call": the `log` word and messages */
	const char *table;           /* "calls" */
	const rec_column *cols;      /* the columns after uid and rep_uid, before the
				      * version columns; ends with a NULL name */
	bool figures;                /* a write changes the customer's summaries */
	bool contact;                /* a row is a contact (a call: by its outcome) */
	const char *history;         /* the label of a row in a customer's history */
} rec_kind_info;

extern const rec_kind_info rec_kinds[REC_KIND_COUNT];

/* The kind whose word or table is S, or -1. */
int rec_kind_find(const char *s);
/* Column NAME of kind K, or NULL. */
const rec_column *rec_kind_column(rec_kind k, const char *name);
/* The column of kind K whose CSV header is CSV, or NULL. */
const rec_column *rec_kind_csv(rec_kind k, const char *csv);
/* The first column of any kind whose CSV header is CSV (uid included), or NULL. */
const rec_column *rec_csv_column(const char *csv);

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
} rec_table;

#define REC_TABLE_COUNT 9
extern const rec_table rec_tables[REC_TABLE_COUNT];

/* The index of table NAME in rec_tables, or -1. */
int rec_table_find(const char *name);

/* Whether HEADER is NAME or one of the '|'-separated ALIASES (case- and
 * space-insensitive). */
bool rec_header_matches(const char *header, const char *name, const char *aliases);

#endif
