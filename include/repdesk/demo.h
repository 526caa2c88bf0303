#ifndef REPDESK_DEMO_H
#define REPDESK_DEMO_H
/* The demo book: customers from assets/demo/customers.csv, and three months
 * of calls, orders and payments generated around TODAY so the demo always
 * looks like a live month. Deterministic: the same TODAY gives the same book,
 * and filling it twice changes nothing. */

#include <stddef.h>
#include "repdesk/date.h"
#include "repdesk/db/book.h"
#include "repdesk/status.h"

typedef struct {
	long customers, calls, orders, payments, notes;
} demo_counts;

status_code demo_fill(db *d, const char *assets_dir, date_day today, demo_counts *n,
                    char *err, size_t errsz);

#endif
