#ifndef REPDESK_TRANSFER_H
#define REPDESK_TRANSFER_H
/* The kinds of record that move in and out as CSV, shared by import and
 * export: their command-line names and the store table behind each. */

#include <stdbool.h>

#include "repdesk/db/activity.h"

typedef enum { TRANSFER_CUSTOMERS, TRANSFER_ORDERS, TRANSFER_PAYMENTS, TRANSFER_CALLS,
               TRANSFER_NOTES, TRANSFER_VISITS, TRANSFER_CONTACTS, TRANSFER_KIND_COUNT } transfer_kind;

const char *transfer_kind_name(transfer_kind k);  /* "customers", ... */
bool transfer_kind_parse(const char *s, transfer_kind *k);

/* The store's table for an activity kind (not TRANSFER_CUSTOMERS or
 * TRANSFER_CONTACTS). */
db_activity_kind transfer_activity_kind(transfer_kind k);
/* Whether K is one of the activity kinds. */
bool transfer_is_activity(transfer_kind k);

/* The columns of a contacts file, in the order export writes them, with the
 * headings import also takes ('|'-separated, the first Chinese one what a
 * Chinese spreadsheet gets). */
typedef enum { KC_CUSTOMER, KC_CUSTOMER_NAME, KC_NAME, KC_ROLE, KC_PHONE, KC_WECHAT, KC_NOTE,
               KC_CARES, KC_PRIMARY, KC_UID, KC_COUNT, KC_NONE = -1 } transfer_contact_col;
typedef struct {
	const char *name;
	const char *aliases;
} transfer_column;
extern const transfer_column transfer_contact_cols[KC_COUNT];
/* The primary column's value V read: yes (1, y, true, 是, *) or no (0, n,
 * false, 否, empty); false when it is neither. */
bool transfer_parse_flag(const char *v, bool *yes);

#endif
