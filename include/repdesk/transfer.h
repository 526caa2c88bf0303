#ifndef REPDESK_TRANSFER_H
#define REPDESK_TRANSFER_H
/* The kinds of record that move in and out as CSV, shared by import and
 * export: their command-line names and the store table behind each. */

#include <stdbool.h>

#include "repdesk/db/activity.h"

typedef enum { TRANSFER_CUSTOMERS, TRANSFER_ORDERS, TRANSFER_PAYMENTS, TRANSFER_CALLS,
               TRANSFER_NOTES, TRANSFER_VISITS, TRANSFER_KIND_COUNT } transfer_kind;

const char *transfer_kind_name(transfer_kind k);  /* "customers", ... */
bool transfer_kind_parse(const char *s, transfer_kind *k);

/* The store's table for an activity kind (not TRANSFER_CUSTOMERS). */
db_activity_kind transfer_activity_kind(transfer_kind k);

#endif
