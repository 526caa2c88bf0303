#ifndef REPDESK_IMPORT_H
#define REPDESK_IMPORT_H
/* CSV import of customers and activity: header matching, validation of every
 * value, all-or-nothing writes (or good rows only with a rejects file).
 * Sits above the store and the CSV edge; never prints. */

#include <stdbool.h>
#include <stddef.h>
#include "repdesk/csvio.h"
#include "repdesk/db/book.h"
#include "repdesk/status.h"
#include "repdesk/transfer.h"

typedef struct {
	csvio_encoding encoding;
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
status_code import_run(db *d, transfer_kind kind, const char *path, const import_opts *o,
                       import_report *rep, char *err, size_t errsz);

#endif
