#ifndef REPDESK_WHERE_H
#define REPDESK_WHERE_H
/* Filters over customers, one clause at a time: "type=快消零售",
 * "stores>=10", "tier in S,A", "phone empty", "性格 not empty". A clause
 * names a fixed field (English or Chinese, as the import headers do), a
 * computed one (tier, the bands, the month's figures) or an attribute of the
 * book; its values are checked and made canonical here (money in fen, the
 * fixed words in their stored spelling, bands and tiers as numbers), so the
 * store only binds them. Pure: no SQL, no I/O. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
	WHERE_EQ, WHERE_NE, WHERE_LT, WHERE_LE, WHERE_GT, WHERE_GE, WHERE_HAS,
	WHERE_IN, WHERE_EMPTY, WHERE_NOT_EMPTY
} where_op;

/* Where a field's value comes from. */
typedef enum { WHERE_FIXED, WHERE_COMPUTED, WHERE_ATTR } where_source;

/* The computed fields. */
typedef enum {
	WHERE_C_TIER, WHERE_C_AMOUNT_BAND, WHERE_C_STORE_BAND, WHERE_C_DAYS_SINCE_CONTACT,
	WHERE_C_MONTH_TARGET, WHERE_C_MONTH_ACHIEVED, WHERE_C_OPEN_BALANCE, WHERE_C_LAST_ORDER,
	WHERE_C_COUNT
} where_computed;

/* How a field's values compare. */
typedef enum {
	WHERE_V_TEXT,        /* text: every operator */
	WHERE_V_NUMBER,      /* integers, money in fen: no ~ */
	WHERE_V_DATE,        /* ISO dates, compared as text: no ~ */
	WHERE_V_WORD,        /* one of a list (tier, bands, priority, status): =, !=, in, empty */
} where_value;

#define WHERE_MAX_VALUES 16
#define WHERE_MAX_CLAUSES 16         /* in one filter, a segment's included */
#define WHERE_TEXT_SZ 256

typedef struct {
	where_source source;
	int field;                   /* custfield_id or where_computed; -1 for an attribute */
	char name[WHERE_TEXT_SZ];    /* the English field name, or the attribute key */
	where_value kind;
	where_op op;
	size_t n;                    /* values (0 for empty / not empty) */
	char text[WHERE_MAX_VALUES][WHERE_TEXT_SZ];  /* canonical text */
	int64_t num[WHERE_MAX_VALUES];   /* numbers, fen, tier index, band index */
	bool numeric[WHERE_MAX_VALUES];  /* an attribute's value that is a number */
} where_clause;

/* The English names of the computed fields (WHERE_C_*). */
extern const char *const where_computed_names[WHERE_C_COUNT];

/* The bands as `show` prints them, from the highest: store counts (30+ ..
 * 0-2) and monthly amounts in yuan (10000+ .. 0-999), and their lower bounds
 * (stores; fen). */
#define WHERE_BANDS 4
extern const char *const where_amount_bands[WHERE_BANDS];
extern const int64_t where_amount_band_min[WHERE_BANDS];
extern const int64_t where_store_band_min[WHERE_BANDS];
/* The amount band label of FEN ("" when FEN < 0 means unknown: DB_NULL). */
const char *where_amount_band(int64_t fen);

/* Parse CLAUSE. ATTRS (N keys) are the book's attribute keys. On error false
 * with the reason in ERR: an unknown field lists the valid ones, a bad value
 * the values or form the field takes, a bad operator the operators. */
bool where_parse(const char *clause, const char *const *attrs, size_t nattrs, where_clause *out,
                 char *err, size_t errsz);

/* The field NAME names (fixed, computed or one of ATTRS): false when none.
 * The group-by fields go through this. */
bool where_field(const char *name, const char *const *attrs, size_t nattrs, where_clause *out);

/* Whether every line of TEXT (a saved segment's clauses) has a filter's
 * form, FIELD OP VALUE, whatever the fields of a book: NULL, else why not
 * (untranslated, N_). */
const char *where_check_lines(const char *text);

/* Every field name, for messages: fixed, computed, then ATTRS, ", " between. */
char *where_fields_list(const char *const *attrs, size_t nattrs, char *out, size_t outsz);

#endif
