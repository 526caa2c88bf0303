/* The book's choice lists in memory. See repdesk/choices.h. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "repdesk/choices.h"
#include "repdesk/i18n.h"
#include "repdesk/text.h"
#include "repdesk/valid.h"

static bool keep(const char *attr, const char *list, const char *rep, void *ctx)
{
	choices *c = ctx;

	(void)rep;
	char **a = realloc(c->attr, (c->n + 1) * sizeof *a);

	if (a)
		c->attr = a;
	char **l = a ? realloc(c->list, (c->n + 1) * sizeof *l) : NULL;
	if (l)
		c->list = l;
	if (!a || !l)
		return false;
	c->attr[c->n] = strdup(attr);
	c->list[c->n] = strdup(list);
	if (!c->attr[c->n] || !c->list[c->n]) {
		free(c->attr[c->n]);
		free(c->list[c->n]);
		return false;
	}
	c->n++;
	return true;
}

bool choices_load(db *d, choices *c)
{
	memset(c, 0, sizeof *c);
	return db_choices_each(d, keep, c) == DB_OK;
}

void choices_free(choices *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->attr[i]);
		free(c->list[i]);
	}
	free(c->attr);
	free(c->list);
	memset(c, 0, sizeof *c);
}

const char *choices_of(const choices *c, const char *attr)
{
	for (size_t i = 0; c && attr && i < c->n; i++)
		if (strcmp(c->attr[i], attr) == 0)
			return c->list[i];
	return NULL;
}

const char *choices_shown(const char *list, char *buf, size_t bufsz)
{
	const char *sep = _(", ");
	size_t len = 0;

	if (!bufsz)
		return buf;
	buf[0] = '\0';
	for (const char *p = list; p && *p && len < bufsz;) {
		size_t n = strcspn(p, ",");
		len += (size_t)snprintf(buf + len, bufsz - len, "%s%.*s", len ? sep : "", (int)n, p);
		p += n + (p[n] == ',');
	}
	return buf;
}

bool choices_check(const choices *c, const char *attr, const char *value, char *err, size_t errsz)
{
	const char *list = choices_of(c, attr);
	char shown[1024], clean[256];

	if (!list || valid_choice_ok(list, value))
		return true;
	text_sanitize(value, clean, sizeof clean);
	snprintf(err, errsz, _("'%s' is not one of the choices for %s: %s"), clean, attr,
	         choices_shown(list, shown, sizeof shown));
	return false;
}

void choices_step(const char *list, const char *value, int step, char *out, size_t outsz)
{
	/* The choices with "" first, as offsets into LIST. */
	size_t at[64], len[64], n = 1, cur = 0;

	at[0] = len[0] = 0;
	for (const char *p = list; p && *p && n < 64;) {
		size_t k = strcspn(p, ",");
		at[n] = (size_t)(p - list);
		len[n] = k;
		if (value && strlen(value) == k && memcmp(p, value, k) == 0)
			cur = n;
		n++;
		p += k + (p[k] == ',');
	}
	size_t next = (cur + n + (step < 0 ? n - 1 : 1)) % n;
	snprintf(out, outsz, "%.*s", (int)len[next], next ? list + at[next] : "");
}
