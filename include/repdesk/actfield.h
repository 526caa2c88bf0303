#ifndef REPDESK_ACTFIELD_H
#define REPDESK_ACTFIELD_H
/* One logged row (a call, an order, a payment, a note, a visit) read whole
 * and changed a field at a time, for `repdesk edit` and the workbench's
 * edit form. The fields are the registry's columns (repdesk/record.h),
 * named as `log`'s options or the export headers name them, and each value
 * is checked as `log` and import check it. */

#include <stdbool.h>
#include <stddef.h>
#include "repdesk/date.h"
#include "repdesk/db/activity.h"

typedef struct {
	db_activity_kind kind;
	db_activity a;               /* its strings point at the copies below */
	char *outcome, *text, *place;
} actrow;

/* Read row UID of KIND into R (free with actrow_free). DB_NOT_FOUND when
 * there is none. */
db_status actrow_load(db *d, db_activity_kind kind, const char *uid, actrow *r);
void actrow_free(actrow *r);
/* R becomes an owned copy of row A of KIND; false when out of memory. */
bool actrow_copy(actrow *r, db_activity_kind kind, const db_activity *a);

typedef enum { ACTROW_OK, ACTROW_NO_FIELD, ACTROW_BAD_VALUE } actrow_result;

/* Set FIELD (a column, its CSV header or an alias: customer, date, amount,
 * due, order, outcome, note, next, time, place, volume) of R to VALUE. Dates take
 * +N days from TODAY as well. Else the reason in WHY: an unknown field
 * names the valid ones. */
actrow_result actrow_set(db *d, actrow *r, const char *field, const char *value, date_day today,
                char *why, size_t whysz);
/* The names actrow_set takes for KIND, ", " between them. Returns OUT. */
char *actrow_fields(db_activity_kind kind, char *out, size_t outsz);

/* Whether an order of AMOUNT for CUSTOMER_UID is far outside its history
 * (repdesk/outlier.h): the multiple of the month's target (of DAY's month
 * plan) or, without one, of its baseline or monthly amount it is; 0 when
 * it is not.
 * *BASE gets the figure it was measured against. */
int64_t actrow_outlier(db *d, const char *customer_uid, date_day day, int64_t amount, int64_t *base);
/* The customer's credit: what it paid beyond every order (ledger_credit);
 * 0 when none, or when it cannot be read. */
int64_t actrow_credit(db *d, const char *customer_uid);

#endif
