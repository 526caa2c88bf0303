/* The workbench's filter prompt (f): the clauses of customers --where, ';'
 * between them, or the name of a saved segment, narrowing the Customers
 * list as the search does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/customers.h"
#include "repdesk/db/segments.h"
#include "repdesk/i18n.h"
#include "repdesk/where.h"
#include "wb_int.h"

static bool segment_take(const db_segment *g, void *ctx)
{
	char **clauses = ctx;

	*clauses = strdup(g->clauses);
	return false;
}

/* BUF (';' between the pieces) with each piece that names a saved segment
 * replaced by its filters: a new string, NULL when out of memory. */
static char *expand_segments(wb *w, char *buf)
{
	size_t cap = strlen(buf) + 2, len = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	out[0] = '\0';
	for (char *save = NULL, *c = strtok_r(buf, ";", &save); c; c = strtok_r(NULL, ";", &save)) {
		char *clauses = NULL;
		while (*c == ' ')
			c++;
		size_t n = strlen(c);
		while (n && c[n - 1] == ' ')
			c[--n] = '\0';
		if (*c && db_segments_each(w->d, c, segment_take, &clauses) == DB_OK && clauses)
			for (char *p = clauses; *p; p++)
				*p = *p == '\n' ? ';' : *p;
		const char *piece = clauses ? clauses : c;
		size_t k = strlen(piece);
		char *grown = len + k + 2 > cap ? realloc(out, cap = 2 * (len + k + 2)) : out;
		if (!grown) {
			free(clauses);
			free(out);
			return NULL;
		}
		out = grown;
		memcpy(out + len, piece, k);
		len += k;
		out[len++] = ';';
		out[len] = '\0';
		free(clauses);
	}
	return out;
}

/* TEXT's clauses into *OUT (*N of them), checked against the book's
 * attributes; false with the reason in ERR. */
static bool parse_all(wb *w, const char *text, where_clause **out, size_t *n, char *err,
                      size_t errsz)
{
	char **keys = NULL, buf[WB_LINE_MAX], *all;
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
	if (!(all = expand_segments(w, buf))) {
		db_strings_free(keys, nkeys);
		snprintf(err, errsz, "%s", db_status_text(DB_NOMEM));
		return false;
	}
	for (char *save = NULL, *c = strtok_r(all, ";", &save); c && ok;
	     c = strtok_r(NULL, ";", &save)) {
		if (strspn(c, " ") == strlen(c))
			continue;
		if (*n == WHERE_MAX_CLAUSES) {
			snprintf(err, errsz, _("at most %d filters, a segment's included"), WHERE_MAX_CLAUSES);
			ok = false;
			break;
		}
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
	free(all);
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

/* TEXT with the spaces around it gone, into OUT. */
static void trimmed(const char *text, char *out, size_t outsz)
{
	while (*text == ' ')
		text++;
	size_t n = strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	snprintf(out, outsz, "%.*s", (int)n, text);
}

bool wb_queue_filter_set(wb *w, const char *text, char *err, size_t errsz)
{
	char why[2048], t[WB_LINE_MAX];
	where_clause *v = NULL;
	size_t n = 0;

	trimmed(text, t, sizeof t);
	if (strcmp(t, "0") == 0)      /* 0 widens it again, as an empty answer */
		t[0] = '\0';
	if (*t && !parse_all(w, t, &v, &n, why, sizeof why)) {
		if (err)
			snprintf(err, errsz, "%s", why);
		return false;
	}
	bool same = strcmp(w->queue_filter, t) == 0;
	free(w->qwhere);
	w->qwhere = n ? v : NULL;
	w->nqwhere = n;
	if (!n)
		free(v);
	snprintf(w->queue_filter, sizeof w->queue_filter, "%s", n ? t : "");
	if (!same)
		wb_today_narrow(w);
	return true;
}

typedef struct {
	char names[120], last[WB_LINE_MAX];
	size_t len;
	bool cut;
} name_list;

/* The segments' names, each once (they come by name: the same name from
 * another rep's bundle follows). */
static bool name_take(const db_segment *g, void *ctx)
{
	name_list *l = ctx;

	if (strcmp(g->name, l->last) == 0)
		return true;
	snprintf(l->last, sizeof l->last, "%s", g->name);
	size_t n = strlen(g->name) + (l->len ? 2 : 0);
	if (l->len + n >= sizeof l->names) {
		l->cut = true;
		return false;
	}
	l->len += (size_t)snprintf(l->names + l->len, sizeof l->names - l->len, "%s%s",
	                           l->len ? ", " : "", g->name);
	return true;
}

const char *wb_filter_title(wb *w, char *out, size_t outsz)
{
	name_list l = { "", "", 0, false };

	if (db_segments_each(w->d, NULL, name_take, &l) != DB_OK || !l.len) {
		snprintf(out, outsz, "%s", _("Filter (type=酒店; stores>=10; tier in S,A), Enter:"));
		return out;
	}
	snprintf(out, outsz, _("Filter, or a segment (%s%s):"), l.names, l.cut ? ", …" : "");
	return out;
}

const char *wb_queue_filter_title(wb *w, char *out, size_t outsz)
{
	name_list l = { "", "", 0, false };

	if (db_segments_each(w->d, NULL, name_take, &l) != DB_OK || !l.len) {
		snprintf(out, outsz, "%s", _("Narrow the queue (type=酒店; tier in S,A), empty widens:"));
		return out;
	}
	snprintf(out, outsz, _("Narrow the queue to a segment (%s%s), empty widens:"), l.names,
	         l.cut ? ", …" : "");
	return out;
}

void wb_segments_read(wb *w)
{
	name_list l = { "", "", 0, false };

	if (db_segments_each(w->d, NULL, name_take, &l) != DB_OK)
		l.len = 0;
	snprintf(w->segments, sizeof w->segments, "%s%s", l.len ? l.names : "",
	         l.len && l.cut ? ", …" : "");
}

typedef struct {
	const char *after;           /* the line's text */
	char first[WB_LINE_MAX], next[WB_LINE_MAX];
} next_pick;

static bool next_take(const db_segment *g, void *ctx)
{
	next_pick *p = ctx;

	if (!p->first[0])
		snprintf(p->first, sizeof p->first, "%s", g->name);
	if (strcmp(g->name, p->after) > 0) {   /* by name: the first past it */
		snprintf(p->next, sizeof p->next, "%s", g->name);
		return false;
	}
	return true;
}

bool wb_filter_next_segment(wb *w, wb_line *l)
{
	next_pick *p = calloc(1, sizeof *p);   /* two lines: kept off the stack */
	bool found = false;

	if (!p)
		return false;
	p->after = l->text;
	if (db_segments_each(w->d, NULL, next_take, p) == DB_OK && p->first[0]) {
		wb_line_set(l, p->next[0] ? p->next : p->first);
		found = true;
	}
	free(p);
	return found;
}
