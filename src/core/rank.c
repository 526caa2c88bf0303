/* The ranking rule: parse, format, and a customer's class (rank.h). */
#include <stdio.h>
#include <string.h>

#include "repdesk/err.h"
#include "repdesk/i18n.h"
#include "repdesk/rank.h"
#include "repdesk/valid.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* [*S, *E) without the spaces around it. */
static void trim(const char **s, const char **e)
{
	while (*s < *e && is_space(**s))
		(*s)++;
	while (*e > *s && is_space((*e)[-1]))
		(*e)--;
}

/* Copy the word [S, E) into OUT (RANK_WORD_MAX + 1 bytes); false when it is
 * too long. */
static bool take_word(const char *s, const char *e, char *out)
{
	size_t n = (size_t)(e - s);
	if (n > RANK_WORD_MAX)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

static const rank_attr *find_attr(const rank_rule *r, const char *name)
{
	for (int i = 0; i < r->nattrs; i++)
		if (strcmp(r->attr[i].name, name) == 0)
			return &r->attr[i];
	return NULL;
}

/* The levels "好>一般>差" of [S, E) into A. */
static bool parse_levels(const char *s, const char *e, rank_attr *a, char *err, size_t errsz)
{
	for (;;) {
		const char *end = memchr(s, '>', (size_t)(e - s));
		const char *ws = s, *we = end ? end : e;
		trim(&ws, &we);
		if (ws == we)
			return err_fail(err, errsz, _("%s: a level is empty"), a->name);
		if (a->nlevels == RANK_LEVELS_MAX)
			return err_fail(err, errsz, _("%s: more than %d levels"), a->name, RANK_LEVELS_MAX);
		char *lv = a->level[a->nlevels];
		if (!take_word(ws, we, lv))
			return err_fail(err, errsz, _("%s: a level is longer than %d bytes"), a->name,
			                RANK_WORD_MAX);
		for (int i = 0; i < a->nlevels; i++)
			if (strcmp(a->level[i], lv) == 0)
				return err_fail(err, errsz, _("%s: the level '%s' is given twice"), a->name, lv);
		a->nlevels++;
		if (!end)
			return true;
		s = end + 1;
	}
}

/* One clause "地段=好>一般>差", [S, E) trimmed and not empty. */
static bool parse_clause(const char *s, const char *e, rank_rule *r, char *err, size_t errsz)
{
	const char *eq = memchr(s, '=', (size_t)(e - s));
	if (!eq)
		return err_fail(err, errsz, _("'%.*s' has no '=' (write ATTRIBUTE=BEST>...>WORST)"),
		                (int)(e - s), s);
	const char *ns = s, *ne = eq;
	trim(&ns, &ne);
	if (ns == ne)
		return err_fail(err, errsz, _("'%.*s' has no attribute before '='"), (int)(e - s), s);
	if (r->nattrs == RANK_ATTRS_MAX)
		return err_fail(err, errsz, _("more than %d attributes"), RANK_ATTRS_MAX);
	rank_attr *a = &r->attr[r->nattrs];
	memset(a, 0, sizeof *a);
	if (!take_word(ns, ne, a->name))
		return err_fail(err, errsz, _("an attribute's name is longer than %d bytes"), RANK_WORD_MAX);
	if (find_attr(r, a->name))
		return err_fail(err, errsz, _("the attribute '%s' is given twice"), a->name);
	if (!parse_levels(eq + 1, e, a, err, errsz))
		return false;
	r->nattrs++;
	return true;
}

bool rank_parse(const char *text, rank_rule *out, char *err, size_t errsz)
{
	size_t len = strlen(text);
	const char *why = valid_text(text, len, RANK_TEXT_MAX);

	out->nattrs = 0;
	if (why)
		return err_fail(err, errsz, "%s", len > RANK_TEXT_MAX
		                ? _("the rule is longer than 1024 bytes") : _(why));
	for (const char *s = text, *end = text + len; s <= end;) {
		const char *semi = memchr(s, ';', (size_t)(end - s));
		const char *cs = s, *ce = semi ? semi : end;
		trim(&cs, &ce);
		if (cs < ce && !parse_clause(cs, ce, out, err, errsz)) {
			out->nattrs = 0;
			return false;
		}
		if (!semi)
			break;
		s = semi + 1;
	}
	return true;
}

char *rank_format(const rank_rule *r, char *buf, size_t bufsz)
{
	size_t o = 0;

	if (!bufsz)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < r->nattrs && o < bufsz; i++) {
		const rank_attr *a = &r->attr[i];
		o += (size_t)snprintf(buf + o, bufsz - o, "%s%s=", i ? "; " : "", a->name);
		for (int k = 0; k < a->nlevels && o < bufsz; k++)
			o += (size_t)snprintf(buf + o, bufsz - o, "%s%s", k ? ">" : "", a->level[k]);
	}
	return buf;
}

int64_t rank_classes(const rank_rule *r)
{
	int64_t n = 1;

	for (int i = 0; i < r->nattrs; i++)
		n *= r->attr[i].nlevels + 1;   /* at most 17^8: fits */
	return n;
}

/* The place of V among A's levels; after the last when it is not one. */
static int level_of(const rank_attr *a, const char *v)
{
	if (v)
		for (int k = 0; k < a->nlevels; k++)
			if (strcmp(a->level[k], v) == 0)
				return k;
	return a->nlevels;
}

int64_t rank_class(const rank_rule *r, rank_value_fn value, void *ctx)
{
	int64_t key = 0;

	for (int i = 0; i < r->nattrs; i++) {
		const rank_attr *a = &r->attr[i];
		key = key * (a->nlevels + 1) + level_of(a, value(a->name, ctx));
	}
	return key + 1;
}

int rank_percent(int64_t cls, int64_t classes)
{
	if (classes <= 1 || cls <= 1)
		return 100;
	if (cls >= classes)
		return 0;
	return (int)(100 * (classes - cls) / (classes - 1));
}
