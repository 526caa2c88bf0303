/* Text made visible and harmless for a terminal (see visible.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "repdesk/text.h"
#include "repdesk/visible.h"

static bool is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* What code point CP (BAD when its bytes are not UTF-8) shows as: into
 * REP, returning its length (0: shown as itself). */
static size_t replacement(uint32_t cp, bool bad, int flags, char rep[16])
{
	if (bad)
		return (size_t)snprintf(rep, 16, "\xef\xbf\xbd");       /* U+FFFD */
	if (cp == '\n') {
		if (flags & VIS_KEEP_NL)
			return 0;
		return (size_t)snprintf(rep, 16, "\xe2\x8f\x8e");	/* ⏎: a line break in one line */
	}
	if (cp < 0x20) {
		rep[0] = '^';
		rep[1] = (char)(cp + '@');
		rep[2] = '\0';
		return 2;
	}
	if (cp == 0x7F)
		return (size_t)snprintf(rep, 16, "^?");
	if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp))
		return (size_t)snprintf(rep, 16, "<U+%04X>", (unsigned)cp);
	return 0;
}

/* One step: the next character of S, how many bytes it takes, and what
 * it shows as (SHOW, SHOWLEN). */
static size_t step(const char *s, int flags, char rep[16], const char **show, size_t *showlen)
{
	size_t avail = strnlen(s, 4);
	uint32_t cp;
	size_t n = text_decode(s, avail, &cp);
	/* text_decode reports U+FFFD for a bad sequence; a real U+FFFD is
	 * three bytes that decode to it. */
	bool bad = cp == 0xFFFD && !(n == 3 && memcmp(s, "\xef\xbf\xbd", 3) == 0);
	size_t r = replacement(cp, bad, flags, rep);
	if (r) {
		*show = rep;
		*showlen = r;
	} else {
		*show = s;
		*showlen = n;
	}
	return n;
}

size_t visible_text(const char *s, int flags, char *out, size_t outsz)
{
	size_t need = 0, used = 0;
	bool full = false;
	char rep[16];

	if (!s)
		s = "";
	while (*s) {
		const char *show;
		size_t showlen;
		s += step(s, flags, rep, &show, &showlen);
		if (!full && outsz > 0 && used + showlen < outsz) {
			memcpy(out + used, show, showlen);
			used += showlen;
		} else {
			full = true;
		}
		need += showlen;
	}
	if (outsz > 0)
		out[used] = '\0';
	return need;
}

bool visible_needed(const char *s, int flags)
{
	char rep[16];

	if (!s)
		return false;
	while (*s) {
		const char *show;
		size_t showlen;
		s += step(s, flags, rep, &show, &showlen);
		if (show == rep)
			return true;
	}
	return false;
}
