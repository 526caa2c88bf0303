/* The workbench's filter prompt (f): the clauses of customers --where, ';'
 * between them, narrowing the Customers list as the search does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "repdesk/where.h"
#include "wb_int.h"

/* TEXT's clauses into *OUT (*N of them), checked against the book's
 * attributes; false with the reason in ERR. */
static bool parse_all(wb *w, const char *text, where_clause **out, size_t *n, char *err,
                      size_t errsz)
{
	char **keys = NULL, buf[WB_LINE_MAX];
	size_t nkeys = 0, cap = 0;
	bool ok = true;

	*out = NULL;
	*n = 0;
	if (db_attr_keys(w->d, &keys, &nkeys) != DB_OK) {
		snprintf(err, errsz, "%s", db_error(w->d));
		return false;
	}
	snprintf(buf, sizeof buf, "%s", text);
	for (char *p; (p = strstr(buf, "；")) != NULL;) {   /* a Chinese semicolon too */
		size_t k = strlen("；");
		*p = ';';
		memmove(p + 1, p + k, strlen(p + k) + 1);
	}
	for (char *save = NULL, *c = strtok_r(buf, ";", &save); c && ok;
	     c = strtok_r(NULL, ";", &save)) {
		if (strspn(c, " ") == strlen(c))
			continue;
		if (*n == cap) {
			where_clause *v = realloc(*out, (cap = cap ? 2 * cap : 4) * sizeof *v);
			if (!v) {
				snprintf(err, errsz, "%s", db_status_text(DB_NOMEM));
				ok = false;
				break;
			}
			*out = v;
		}
		ok = where_parse(c, (const char *const *)keys, nkeys, &(*out)[*n], err, errsz);
		*n += ok;
	}
	db_strings_free(keys, nkeys);
	if (!ok) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return ok;
}

bool wb_filter_set(wb *w, const char *text, char *err, size_t errsz)
{
	char why[2048];
	where_clause *v = NULL;
	size_t n = 0;

	if (*text && !parse_all(w, text, &v, &n, why, sizeof why)) {
		if (err)
			snprintf(err, errsz, "%s", why);
		return false;
	}
	bool same = strcmp(w->filter, text) == 0;
	free(w->where);
	w->where = n ? v : NULL;
	w->nwhere = n;
	if (!n)
		free(v);
	snprintf(w->filter, sizeof w->filter, "%s", n ? text : "");
	if (!same)
		wb_filter_changed(w);
	return true;
}
