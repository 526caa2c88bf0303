/* Refusal messages into a caller's buffer (see err.h). */
#include <stdarg.h>
#include <stdio.h>

#include "repdesk/err.h"

bool err_fail(char *err, size_t errsz, const char *fmt, ...)
{
	if (err && errsz) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return false;
}
