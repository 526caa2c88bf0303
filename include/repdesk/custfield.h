#ifndef REPDESK_CUSTFIELD_H
#define REPDESK_CUSTFIELD_H
/* The customer's fixed fields in one table: canonical (export) name, the
 * Chinese aliases an import header may use, the kind of value, and how a
 * value is checked and set. Import, export and `repdesk set` all go through
 * it, so a field is spelled and validated the same way everywhere.
 * No SQL, no I/O. */

#include <stdbool.h>
#include <stddef.h>
#include "repdesk/db.h"

typedef enum {
	CF_UID, CF_NAME, CF_CONTACT, CF_PHONE, CF_CITY, CF_DISTRICT, CF_TYPE,
	CF_INDUSTRY, CF_STORES, CF_ROOMS, CF_MONTHLY_AMOUNT, CF_MONTHLY_VOLUME,
	CF_TIER, CF_PRIORITY, CF_SOURCE, CF_NEXT_CALL, CF_NOTES, CF_STATUS,
	CF_COUNT,
	CF_NONE = -1
} cf_id;

typedef enum { CF_TEXT, CF_INT, CF_MONEY, CF_TIER_KIND, CF_PRIORITY_KIND,
               CF_DATE, CF_STATUS_KIND, CF_UID_KIND } cf_kind;

typedef struct {
	const char *name;          /* canonical English name, the export header */
	const char *aliases;       /* '|'-separated Chinese aliases */
	cf_kind kind;
	unsigned bit;              /* DB_F_* bit (0 for uid) */
} cf_field;

extern const cf_field cf_fields[CF_COUNT];

/* The field a CSV header or a `set` FIELD names (English or Chinese,
 * case- and space-insensitive), or CF_NONE (then it is an attribute). */
cf_id cf_lookup(const char *header);

/* Whether HEADER is NAME or one of the '|'-separated ALIASES. */
bool cf_header_matches(const char *header, const char *name, const char *aliases);

/* Check VALUE for field ID and store it in C. Text values point into VALUE
 * (the caller keeps it alive); numbers are converted. An empty VALUE clears
 * the field (except name, which is required). Canonical spellings are used
 * for priority, status and tier ("重点" -> "key"). On error false, with
 * "'VALUE' is not an amount"-style text in ERR (VALUE sanitised). */
bool cf_set(db_customer *c, cf_id id, const char *value, char *err, size_t errsz);

/* The field's value as export text into BUF (money as 12000.00, empty when
 * unset). Returns a pointer to the text (BUF or a field of C). */
const char *cf_get(const db_customer *c, cf_id id, char *buf, size_t bufsz);

/* A fresh record with every field unset and status "active". */
void cf_init(db_customer *c);

#endif
