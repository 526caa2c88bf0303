#ifndef REPDESK_DB_ACTIVITY_H
#define REPDESK_DB_ACTIVITY_H
/* The store's activity rows (activity.c): calls, orders, payments, notes and
 * visits of a customer, written, flagged deleted and walked in date order.
 * A db_activity handed to a callback is valid during the call only. */

#include <stdbool.h>
#include <stdint.h>
#include "repdesk/db/book.h"
#include "repdesk/hlc.h"
#include "repdesk/uid.h"

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
	bool has_volume;             /* orders: a volume was given (false: NULL) */
	int64_t volume;              /* orders: units (room-nights), >= 0 */
	char contact_uid[UID_BUFSZ]; /* calls, visits: the contact spoken to, or "" */
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
/* Flag a row deleted: a tombstone, stamped so it travels in bundles and wins
 * over the older row in a merge (undo, `repdesk delete`). */
db_status db_activity_delete(db *d, db_activity_kind kind, const char *uid);

typedef bool (*db_activity_fn)(const db_activity *a, void *ctx);
/* Every non-deleted row of KIND in date order (CUSTOMER_UID NULL: all). */
db_status db_activity_each(db *d, db_activity_kind kind, const char *customer_uid,
                           db_activity_fn fn, void *ctx);
/* The non-deleted row UID of KIND, handed to FN; DB_NOT_FOUND when there is
 * none (never logged, or deleted). */
db_status db_activity_get(db *d, db_activity_kind kind, const char *uid, db_activity_fn fn,
                          void *ctx);

/* Per customer (CUSTOMER_UID, or every one when NULL) with orders or
 * payments: the money it ordered and paid (refunds netted), for its credit
 * (ledger_credit). NAME is the customer's; valid during the call. */
typedef bool (*db_money_fn)(const char *uid, const char *name, int64_t ordered, int64_t paid, void *ctx);
db_status db_money_totals(db *d, const char *customer_uid, db_money_fn fn, void *ctx);
/* The same counting only the orders and payments dated UNTIL (YYYY-MM-DD)
 * or before (NULL: all): the credit as it stood at the end of that day. */
db_status db_money_totals_to(db *d, const char *customer_uid, const char *until, db_money_fn fn,
                             void *ctx);

#endif
