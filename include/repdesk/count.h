#ifndef REPDESK_COUNT_H
#define REPDESK_COUNT_H
/* Counts as people read them: "12,345", and "5,000+" for a count that
 * stopped at its cap. The same in every language and on every surface.
 * Pure. */

#include <stddef.h>
#include <stdint.h>

#define COUNT_BUFSZ 32

/* N with a comma every three digits (a '-' first when negative), then "+"
 * when CAP is positive and N reached it: the caller counted no further.
 * Cut to BUFSZ; COUNT_BUFSZ holds any int64_t. Returns BUF. */
char *count_format(int64_t n, int64_t cap, char *buf, size_t bufsz);

#endif
