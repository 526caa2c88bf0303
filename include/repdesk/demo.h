#ifndef REPDESK_DEMO_H
#define REPDESK_DEMO_H
/* The demo book: customers from assets/demo/customers.csv, three months
 * of calls, orders and payments generated around TODAY so the demo always
 * looks like a live month, and a plan for TODAY's month made as a rep would:
 * a round target just above the book's baseline, split by the calendar CAL.
 * Deterministic: the same TODAY gives the same book, and filling it twice
 * changes nothing. */

#include <stddef.h>
#include "repdesk/calendar.h"
#include "repdesk/date.h"
#include "repdesk/db/book.h"
#include "repdesk/status.h"

typedef struct {
	long customers, calls, orders, payments, notes;
} demo_counts;

status_code demo_fill(db *d, const char *assets_dir, const calendar *cal, date_day today,
                    demo_counts *n, char *err, size_t errsz);
/* The month target a rep would choose for BASELINE (fen): the next whole
 * ¥100,000 above it. */
int64_t demo_target(int64_t baseline);

#endif
