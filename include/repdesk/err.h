#ifndef REPDESK_ERR_H
#define REPDESK_ERR_H
/* The one way a pure function reports why it refused: a message formatted
 * into the caller's buffer (cut to fit), and false to return. Pure. */

#include <stdbool.h>
#include <stddef.h>

/* Format FMT into ERR (ERRSZ bytes, NUL-terminated, cut at the byte that
 * does not fit); ERR may be NULL or ERRSZ 0 when the caller wants no
 * message. Always returns false, so a refusal reads
 * `return err_fail(err, errsz, _("is empty"));`. */
bool err_fail(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
