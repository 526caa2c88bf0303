/* The rejects file of import --skip-bad: see repdesk/rejects.h. */
#include <stdlib.h>
#include <string.h>

#include "repdesk/i18n.h"
#include "repdesk/record.h"
#include "repdesk/rejects.h"

/* Past one colon, ASCII or fullwidth (a translation may use either); NULL
 * when R does not start with one. */
static const char *past_colon(const char *r)
{
	if (*r == ':')
		return r + 1;
	if (strncmp(r, "\xEF\xBC\x9A", 3) == 0)	/* ： */
		return r + 3;
	return NULL;
}

void rejects_reason(const char *from, const char *why, char *reason, size_t reasonsz)
{
	size_t plen = strlen(from);
	const char *r = why, *c;

	if (strncmp(why, from, plen) == 0 && (c = past_colon(why + plen)) != NULL) {
		while (*c >= '0' && *c <= '9')
			c++;
		if ((c = past_colon(c)) != NULL) {
			r = c;
			if (*r >= '0' && *r <= '9') {
				snprintf(reason, reasonsz, _("column %s"), r);
				return;
			}
		}
	}
	while (*r == ' ')
		r++;
	snprintf(reason, reasonsz, "%s", r);
}

/* Write FIRST, SECOND, then the N strings of REST as one row. */
static bool write_row(csvio_writer *w, const char *first, const char *second,
                      char *const *rest, size_t n, char *err, size_t errsz)
{
	const char **f = calloc(n + 2, sizeof *f);
	if (!f) {
		snprintf(err, errsz, _("out of memory"));
		return false;
	}
	f[0] = first;
	f[1] = second;
	for (size_t i = 0; i < n; i++)
		f[i + 2] = rest[i];
	bool ok = csvio_write_row(w, f, n + 2, err, errsz);
	free(f);
	return ok;
}

csvio_writer *rejects_open(const char *path, char *const *headers, size_t ncols,
                           char *err, size_t errsz)
{
	csvio_writer *w = csvio_write_open(path, true, err, errsz);
	if (!w)
		return NULL;
	if (!write_row(w, _(record_reject_columns[0].name), _(record_reject_columns[1].name),
	               headers, ncols, err, errsz)) {
		csvio_write_abort(w);
		return NULL;
	}
	return w;
}

bool rejects_write(csvio_writer *w, const char *from, long line, const char *why,
                   char *const *fields, size_t n, char *err, size_t errsz)
{
	char reason[1200], num[32];

	rejects_reason(from, why, reason, sizeof reason);
	snprintf(num, sizeof num, "%ld", line);
	return write_row(w, num, reason, fields, n, err, errsz);
}
