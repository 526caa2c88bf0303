/* Counts with thousands separators (see count.h). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "repdesk/count.h"

char *count_format(int64_t n, int64_t cap, char *buf, size_t bufsz)
{
	char digits[24];
	/* Through the unsigned magnitude, so INT64_MIN has one too. */
	uint64_t mag = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	int len = snprintf(digits, sizeof digits, "%" PRIu64, mag);
	size_t o = 0;

	if (!bufsz)
		return buf;
	if (n < 0 && o + 1 < bufsz)
		buf[o++] = '-';
	for (int i = 0; i < len; i++) {
		bool comma = i > 0 && (len - i) % 3 == 0;
		if (o + 1 + comma >= bufsz)
			break;
		if (comma)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	if (cap > 0 && n >= cap && o + 1 < bufsz)
		buf[o++] = '+';
	buf[o] = '\0';
	return buf;
}
