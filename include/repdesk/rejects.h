#ifndef REPDESK_REJECTS_H
#define REPDESK_REJECTS_H
/* The rejects file of `import --skip-bad`: each bad row with its line and
 * reason, then the row as it was. Written for a spreadsheet (a BOM, CRLF,
 * the line and reason headings in the user's language), so a rep fixes the
 * cells in Excel and imports the file itself, which skips those two columns
 * (record_rejects_header). */

#include <stdbool.h>
#include <stddef.h>

#include "repdesk/csvio.h"

/* Open PATH and write the heading: line, reason, then HEADERS. NULL with
 * the message in ERR on failure. */
csvio_writer *rejects_open(const char *path, char *const *headers, size_t ncols,
                           char *err, size_t errsz);

/* One bad row of the file FROM (LINE, FIELDS): WHY as the import says it,
 * "FROM:LINE: column 'X': ..." , loses the "FROM:LINE:" part (the line has
 * its own column). */
bool rejects_write(csvio_writer *w, const char *from, long line, const char *why,
                   char *const *fields, size_t n, char *err, size_t errsz);

/* WHY without the "FROM:LINE:" prefix and the separator after it, in REASON;
 * "FROM:LINE:COL: ..." becomes "column COL: ...". */
void rejects_reason(const char *from, const char *why, char *reason, size_t reasonsz);

#endif
