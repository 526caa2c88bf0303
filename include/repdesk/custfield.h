#ifndef REPDESK_CUSTFIELD_H
#define REPDESK_CUSTFIELD_H
/* The customer's fixed fields in one table: canonical (export) name, the
 * Chinese aliases an import header may use, the kind of value, and how a
 * value is checked and set. Import, export and `repdesk set` all go through
 * it, so a field is spelled and validated the same way everywhere.
 * No SQL, no I/O. */

#include <stdbool.h>
#include <stddef.h>
#include "repdesk/db/customers.h"

typedef enum {
	CUSTFIELD_UID, CUSTFIELD_NAME, CUSTFIELD_CONTACT, CUSTFIELD_PHONE, CUSTFIELD_CITY, CUSTFIELD_DISTRICT, CUSTFIELD_TYPE,
	CUSTFIELD_INDUSTRY, CUSTFIELD_STORES, CUSTFIELD_ROOMS, CUSTFIELD_MONTHLY_AMOUNT, CUSTFIELD_MONTHLY_VOLUME,
	CUSTFIELD_TIER, CUSTFIELD_PRIORITY, CUSTFIELD_SOURCE, CUSTFIELD_NEXT_CALL, CUSTFIELD_NOTES, CUSTFIELD_STATUS,
	CUSTFIELD_REFERRED_BY, CUSTFIELD_PAYMENT_DAYS,
	CUSTFIELD_COUNT,
	CUSTFIELD_NONE = -1
} custfield_id;

typedef enum { CUSTFIELD_TEXT, CUSTFIELD_INT, CUSTFIELD_MONEY, CUSTFIELD_TIER_KIND, CUSTFIELD_PRIORITY_KIND,
               CUSTFIELD_DATE, CUSTFIELD_STATUS_KIND, CUSTFIELD_UID_KIND,
               CUSTFIELD_CUSTOMER_KIND } custfield_kind;

typedef struct {
	const char *name;          /* canonical English name, the export header */
	const char *aliases;       /* '|'-separated Chinese aliases; the first is the
	                            * label a Chinese spreadsheet gets */
	custfield_kind kind;
	unsigned bit;              /* DB_F_* bit (0 for uid) */
} custfield_field;

extern const custfield_field custfield_fields[CUSTFIELD_COUNT];

/* The effective tier (the manual one, else the computed one): a column
 * export --excel adds after the tier for people to read and sort by. */
extern const custfield_field custfield_effective_tier;
/* Whether HEADER is such a computed column: an import skips it. */
bool custfield_computed(const char *header);

/* The field a CSV header or a `set` FIELD names (English or Chinese,
 * case- and space-insensitive), or CUSTFIELD_NONE (then it is an attribute). */
custfield_id custfield_lookup(const char *header);

/* Check VALUE for field ID and store it in C. Text values point into VALUE
 * (the caller keeps it alive); numbers are converted. An empty VALUE clears
 * the field (except name, which is required). Canonical spellings are used
 * for priority, status and tier ("重点" -> "key"). On error false, with
 * "'VALUE' is not an amount"-style text in ERR (VALUE sanitised).
 * A customer field (referred_by) keeps the name or uid as given: the caller
 * resolves it against the book (custfield_resolve_customer). */
bool custfield_set(db_customer *c, custfield_id id, const char *value, char *err, size_t errsz);

/* The field's value as export text into BUF (money as 12000.00, empty when
 * unset). Returns a pointer to the text (BUF or a field of C). */
const char *custfield_get(const db_customer *c, custfield_id id, char *buf, size_t bufsz);

/* The name of the customer who referred C into BUF ("" when none, its uid
 * when that customer cannot be read). Returns BUF. */
const char *custfield_referrer_name(db *d, const db_customer *c, char *buf, size_t bufsz);

/* C's referred_by, a name or uid as given, made the referrer's uid (kept in
 * UID). Empty stays empty. False when no customer has that uid or exact name,
 * or it is C itself, with the reason in ERR; *dbst is set when the store
 * failed. */
bool custfield_resolve_referrer(db *d, db_customer *c, char uid[UID_BUFSZ], db_status *dbst,
                                char *err, size_t errsz);

/* A fresh record with every field unset and status "active". */
void custfield_init(db_customer *c);

#endif
