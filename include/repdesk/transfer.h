#ifndef REPDESK_TRANSFER_H
#define REPDESK_TRANSFER_H
/* Import and export of customers and activity as CSV: header matching,
 * validation of every value, all-or-nothing writes (or good rows only with a
 * rejects file), and the canonical export columns that re-import losslessly.
 * Sits above the store and the CSV edge; never prints. */

#include <stdbool.h>
#include <stddef.h>
#include "repdesk/csvio.h"
#include "repdesk/db.h"
#include "repdesk/status.h"

typedef enum { XFER_CUSTOMERS, XFER_ORDERS, XFER_PAYMENTS, XFER_CALLS, XFER_NOTES,
               XFER_VISITS, XFER_KIND_COUNT } xfer_kind;

const char *xfer_kind_name(xfer_kind k);          /* "customers", ... */
bool xfer_kind_parse(const char *s, xfer_kind *k);

typedef struct {
	csv_encoding encoding;
	bool dry_run;               /* validate and count, write nothing */
	const char *rejects_path;   /* NULL: the first bad row stops the import */
} import_opts;

typedef struct {
	long rows, added, updated, unchanged, rejected;
	char encoding[16];          /* "utf-8" / "gb18030" */
	char ignored[256];          /* columns an activity import ignored */
	double load_seconds;        /* reading and writing the rows */
	double index_seconds;       /* rebuilding indexes and the search index */
} import_report;

/* Import PATH into D. On failure the database is exactly as before and ERR
 * holds "FILE:LINE: column 'X': 'VALUE' reason" (or another located message). */
rd_status import_run(db *d, xfer_kind kind, const char *path, const import_opts *o,
                     import_report *rep, char *err, size_t errsz);

typedef struct {
	bool excel;                 /* BOM, CRLF, formula cells neutralised */
	const db_filter *filter;    /* customers only; NULL: all */
} export_opts;

/* Write KIND as CSV to PATH (NULL or "-": standard output). *rows counts
 * the records written. */
rd_status export_run(db *d, xfer_kind kind, const char *path, const export_opts *o,
                     long *rows, char *err, size_t errsz);

/* The store's table for an activity kind (not XFER_CUSTOMERS). */
db_activity_kind xfer_activity_kind(xfer_kind k);

/* Map a store status to the exit status class. */
rd_status rd_from_db(db_status st);

#endif
