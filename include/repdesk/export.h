#ifndef REPDESK_EXPORT_H
#define REPDESK_EXPORT_H
/* CSV export of customers and activity in the canonical columns, which
 * re-import losslessly. Sits above the store and the CSV edge; never prints. */

#include <stdbool.h>
#include <stddef.h>
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/status.h"
#include "repdesk/transfer.h"

typedef struct {
	bool excel;                 /* BOM, CRLF, formula cells neutralised */
	const db_filter *filter;    /* customers only; NULL: all */
	const char *customer_uid;   /* contacts only: this customer's; NULL: all */
} export_opts;

/* Write KIND as CSV to PATH (NULL or "-": standard output). *rows counts
 * the records written. */
status_code export_run(db *d, transfer_kind kind, const char *path, const export_opts *o,
                       long *rows, char *err, size_t errsz);

#endif
