#ifndef REPDESK_DB_LEVERS_H
#define REPDESK_DB_LEVERS_H
/* The store's part of the three levers (levers.c): the months of every
 * customer not deleted, from the order summaries, and each month's contacts,
 * effective calls and orders, folded into a levers (repdesk/levers.h). */

#include "repdesk/db/book.h"
#include "repdesk/levers.h"

/* Read the N months ending with Y-M (and the month before them) into LV,
 * levers_finish included. */
db_status db_levers_load(db *d, int y, int m, int n, levers *lv);

/* The levers of one day DATE (YYYY-MM-DD) into OUT (y, m and the tier
 * figures left 0): customers ordering, those whose first order ever it is,
 * customers with an effective call or a visit, effective calls, orders,
 * sales and volume; levers_ratios included. */
db_status db_levers_day(db *d, const char *date, levers_month *out);

#endif
