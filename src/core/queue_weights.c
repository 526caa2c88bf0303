/* The call queue's settings: the weights of its terms and the days between
 * contacts per tier, parsed from and formatted to settings text (queue.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/err.h"
#include "repdesk/queue.h"
#include "repdesk/text.h"
#include "repdesk/i18n.h"

static const int default_cadence[TIER_COUNT] = { 3, 7, 14, 30, 60 };

#define QUEUE_KEY(name, key, weight) key,
static const char *const term_keys[QUEUE_TERM_COUNT] = { QUEUE_X_TERMS(QUEUE_KEY) };
#undef QUEUE_KEY

queue_weights queue_weights_default(void)
{
	queue_weights w;

#define QUEUE_DEFAULT(name, key, centi) w.weight[name] = (centi);
	QUEUE_X_TERMS(QUEUE_DEFAULT)
#undef QUEUE_DEFAULT
	for (int t = TIER_S; t < TIER_COUNT; t++)
		w.cadence[t] = default_cadence[t];
	return w;
}

const char *queue_term_key(queue_term_id id)
{
	return id >= 0 && id < QUEUE_TERM_COUNT ? term_keys[id] : "";
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* One "name=value" entry of settings text, trimmed, in caller buffers. */
typedef struct {
	char name[32];
	char value[32];
	bool name_too_long;       /* then no name matches */
	bool value_too_long;      /* then no value parses */
	bool no_equals;
	bool empty;
} entry;

/* Split the entry at *P (up to ',' or the end) and step past it; *MORE says
 * whether a comma followed, so "a=1," ends in an empty entry. */
static entry next_entry(const char **p, bool *more)
{
	entry e;
	const char *s = *p, *end = strchr(s, ',');
	const char *eq;

	memset(&e, 0, sizeof e);
	if (!end)
		end = s + strlen(s);
	*more = *end == ',';
	*p = *more ? end + 1 : end;

	while (s < end && is_space(*s))
		s++;
	const char *stop = end;
	while (stop > s && is_space(stop[-1]))
		stop--;
	if (s == stop) {
		e.empty = true;
		return e;
	}
	eq = memchr(s, '=', (size_t)(stop - s));
	if (!eq) {
		e.no_equals = true;
		eq = stop;
	}
	const char *ne = eq;
	while (ne > s && is_space(ne[-1]))
		ne--;
	const char *v = eq < stop ? eq + 1 : stop;
	while (v < stop && is_space(*v))
		v++;
	size_t nn = (size_t)(ne - s), nv = (size_t)(stop - v);
	if (nn >= sizeof e.name) {
		e.name_too_long = true;
		nn = sizeof e.name - 1;
	}
	if (nv >= sizeof e.value) {
		e.value_too_long = true;
		nv = sizeof e.value - 1;
	}
	memcpy(e.name, s, nn);
	e.name[nn] = '\0';
	memcpy(e.value, v, nv);
	e.value[nv] = '\0';
	return e;
}

static bool blank(const char *s)
{
	while (is_space(*s))
		s++;
	return *s == '\0';
}

static bool ascii_eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return false;
	}
	return *a == *b;
}

/* Points with at most two decimals, 0..1000, into centi-points. */
static bool parse_points(const char *s, int *out)
{
	long v = 0;
	int decimals = 0;
	bool point = false, digits = false;

	for (; *s; s++) {
		if (*s == '.' && !point && digits) {
			point = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			return false;
		if (point && ++decimals > 2)
			return false;
		v = v * 10 + (*s - '0');
		digits = true;
		if (v > QUEUE_WEIGHT_MAX)
			return false;
	}
	if (!digits || (point && decimals == 0))
		return false;
	for (; decimals < 2; decimals++)
		v *= 10;
	if (v > QUEUE_WEIGHT_MAX)
		return false;
	*out = (int)v;
	return true;
}

static const char known_names[] =
	"followup, callback, money, broken, cadence, reorder, target, priority, tier, attempt";

bool queue_weights_parse(const char *text, queue_weights *w, char *err, size_t errsz)
{
	queue_weights nw = *w;
	bool seen[QUEUE_TERM_COUNT] = { false };
	const char *p = text ? text : "";
	char shown[48];

	if (blank(p))
		return true;
	for (bool more = true; more;) {
		entry e = next_entry(&p, &more);
		int id = -1;

		if (e.empty)
			return err_fail(err, errsz, _("an entry is empty (expected name=points, ...)"));
		if (e.no_equals)
			return err_fail(err, errsz, _("expected name=points at '%s'"),
				    text_sanitize(e.name, shown, sizeof shown));
		for (int i = 0; i < QUEUE_TERM_COUNT; i++)
			if (ascii_eq_nocase(e.name, term_keys[i]))
				id = i;
		if (id < 0 || e.name_too_long)
			return err_fail(err, errsz, _("unknown weight '%s' (known: %s)"),
				    text_sanitize(e.name, shown, sizeof shown), known_names);
		if (seen[id])
			return err_fail(err, errsz, _("'%s' is given twice"), term_keys[id]);
		if (e.value_too_long || !parse_points(e.value, &nw.weight[id]))
			return err_fail(err, errsz, _("%s: '%s' is not a weight from 0 to 1000 "
				    "(two decimals at most)"), term_keys[id],
				    text_sanitize(e.value, shown, sizeof shown));
		seen[id] = true;
	}
	*w = nw;
	return true;
}

static void put_points(int v, char *buf, size_t bufsz)
{
	if (v % 100 == 0)
		snprintf(buf, bufsz, "%d", v / 100);
	else if (v % 10 == 0)
		snprintf(buf, bufsz, "%d.%d", v / 100, v % 100 / 10);
	else
		snprintf(buf, bufsz, "%d.%02d", v / 100, v % 100);
}

char *queue_weights_format(const queue_weights *w, char *buf, size_t bufsz)
{
	size_t len = 0;

	if (!bufsz)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < QUEUE_TERM_COUNT; i++) {
		char v[16];
		put_points(w->weight[i], v, sizeof v);
		int k = snprintf(buf + len, bufsz - len, "%s%s=%s", i ? "," : "", term_keys[i], v);
		if (k < 0 || (size_t)k >= bufsz - len)
			break;
		len += (size_t)k;
	}
	return buf;
}

bool queue_cadence_parse(const char *text, queue_weights *w, char *err, size_t errsz)
{
	queue_weights nw = *w;
	bool seen[TIER_COUNT] = { false };
	const char *p = text ? text : "";
	char shown[48];

	if (blank(p))
		return true;
	for (bool more = true; more;) {
		entry e = next_entry(&p, &more);

		if (e.empty)
			return err_fail(err, errsz, _("an entry is empty (expected S=3,A=7,...)"));
		if (e.no_equals)
			return err_fail(err, errsz, _("expected tier=days at '%s'"),
				    text_sanitize(e.name, shown, sizeof shown));
		tier t = e.name[0] && !e.name[1] && !e.name_too_long
			 ? tier_from_letter((unsigned char)e.name[0]) : TIER_NONE;
		if (t == TIER_NONE)
			return err_fail(err, errsz, _("'%s' is not a tier (S, A, B, C or D)"),
				    text_sanitize(e.name, shown, sizeof shown));
		if (seen[t])
			return err_fail(err, errsz, _("%c is given twice"), tier_letter(t));

		const char *v = e.value;
		long days = 0;
		bool ok = !e.value_too_long && *v >= '0' && *v <= '9';
		for (; ok && *v >= '0' && *v <= '9'; v++)
			if ((days = days * 10 + (*v - '0')) > QUEUE_CADENCE_MAX)
				ok = false;
		if (ok && (*v == 'd' || *v == 'D'))
			v++;
		if (!ok || *v || days < 1)
			return err_fail(err, errsz, _("%c: '%s' is not a number of days from 1 to %d"),
				    tier_letter(t), text_sanitize(e.value, shown, sizeof shown),
				    QUEUE_CADENCE_MAX);
		nw.cadence[t] = (int)days;
		seen[t] = true;
	}
	*w = nw;
	return true;
}

char *queue_cadence_format(const queue_weights *w, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "S=%d,A=%d,B=%d,C=%d,D=%d", w->cadence[TIER_S], w->cadence[TIER_A],
		 w->cadence[TIER_B], w->cadence[TIER_C], w->cadence[TIER_D]);
	return buf;
}
