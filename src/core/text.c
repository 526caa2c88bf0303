/* Display width and safe cutting of UTF-8 text, with our own width table so
 * a screen lays out the same under every locale. */
#include <string.h>

#include "repdesk/text.h"

#define REPLACEMENT 0xFFFDu

size_t text_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned lo = 0x80, hi = 0xBF;
	size_t need;
	uint32_t v;

	*cp = REPLACEMENT;
	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	/* The ranges of the second byte rule out overlong forms, surrogates
	 * and code points past U+10FFFF (RFC 3629, table 3-7 of Unicode). */
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		need = 1;
		v = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		need = 2;
		v = u[0] & 0x0F;
		if (u[0] == 0xE0)
			lo = 0xA0;
		else if (u[0] == 0xED)
			hi = 0x9F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		need = 3;
		v = u[0] & 0x07;
		if (u[0] == 0xF0)
			lo = 0x90;
		else if (u[0] == 0xF4)
			hi = 0x8F;
	} else {
		return 1;
	}
	for (size_t i = 1; i <= need; i++) {
		/* A broken sequence is one U+FFFD for its longest valid prefix,
		 * so the byte that broke it starts the next character. */
		if (i >= len || u[i] < lo || u[i] > hi)
			return i;
		v = (v << 6) | (u[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

bool text_valid_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		/* A literal U+FFFD is three bytes; a replacement for bad input is fewer. */
		if (cp == REPLACEMENT && n != 3)
			return false;
		i += n;
	}
	return true;
}

struct range {
	uint32_t lo, hi;
};

static const struct range zero_width[] = {
	{ 0x0300, 0x036F },	/* combining diacritical marks */
	{ 0x200B, 0x200F },	/* zero-width space, joiners, direction marks */
	{ 0xFE00, 0xFE0F },	/* variation selectors (FE0F: emoji presentation) */
};

static const struct range double_width[] = {
	{ 0x1100, 0x115F },	/* Hangul Jamo initials */
	{ 0x2E80, 0x2FDF },	/* CJK and Kangxi radicals */
	{ 0x2FF0, 0x303F },	/* ideographic description, CJK symbols and punctuation */
	{ 0x3040, 0x33FF },	/* kana, Bopomofo, Hangul compatibility, enclosed and compatibility CJK */
	{ 0x3400, 0x4DBF },	/* CJK Unified Ideographs Extension A */
	{ 0x4E00, 0x9FFF },	/* CJK Unified Ideographs */
	{ 0xA000, 0xA4CF },	/* Yi */
	{ 0xAC00, 0xD7A3 },	/* Hangul syllables */
	{ 0xF900, 0xFAFF },	/* CJK compatibility ideographs */
	{ 0xFE30, 0xFE4F },	/* CJK compatibility forms */
	{ 0xFF01, 0xFF60 },	/* fullwidth ASCII forms */
	{ 0xFFE0, 0xFFE6 },	/* fullwidth signs: ￠ ￡ ￢ ￣ ￤ ￥ ￦ */
	{ 0x1F300, 0x1F64F },	/* pictographs, emoticons */
	{ 0x1F900, 0x1F9FF },	/* supplemental symbols and pictographs */
	{ 0x20000, 0x2FFFD },	/* CJK Extensions B.. */
	{ 0x30000, 0x3FFFD },	/* CJK Extension G.. */
};

static bool in_table(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Control characters count as one column: they are only ever shown through
 * the one-column mark that replaces them. */
int text_cp_width(uint32_t cp)
{
	if (cp < 0x0300)
		return 1;
	if (in_table(cp, zero_width, COUNT(zero_width)))
		return 0;
	if (in_table(cp, double_width, COUNT(double_width)))
		return 2;
	return 1;
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* What a cell shows in place of CP: a terminal must never receive a control
 * character from data (\r rewinds the row, ESC starts a sequence). */
static uint32_t cell_char(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return ' ';
	return is_control(cp) ? REPLACEMENT : cp;
}

static size_t utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static char *utf8_put(char *p, uint32_t cp)
{
	if (cp < 0x80) {
		*p++ = (char)cp;
	} else if (cp < 0x800) {
		*p++ = (char)(0xC0 | (cp >> 6));
		*p++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*p++ = (char)(0xE0 | (cp >> 12));
		*p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*p++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*p++ = (char)(0xF0 | (cp >> 18));
		*p++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*p++ = (char)(0x80 | (cp & 0x3F));
	}
	return p;
}

int text_width(const char *s)
{
	size_t len = strlen(s);
	int w = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += text_decode(s + i, len - i, &cp);
		w += text_cp_width(cell_char(cp));
	}
	return w;
}

/* How much of S fits in LIMIT columns while the cell's bytes, padding to
 * LIMIT included, stay within BUDGET. Sets *end (bytes of S taken) and *cols;
 * returns whether all of S was taken. */
static bool fit_plan(const char *s, size_t len, int limit, size_t budget,
		     size_t *end, int *cols)
{
	size_t i = 0, bytes = 0;
	int acc = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		cp = cell_char(cp);
		int w = text_cp_width(cp);
		if (acc + w > limit || bytes + utf8_len(cp) + (size_t)(limit - acc - w) > budget)
			break;
		acc += w;
		bytes += utf8_len(cp);
		i += n;
	}
	*end = i;
	*cols = acc;
	return i == len;
}

static char *put_spaces(char *p, int n)
{
	while (n-- > 0)
		*p++ = ' ';
	return p;
}

/* The cut text is followed by the ellipsis at once ("广州…" then padding),
 * so a dropped half of a wide character shows as padding beside it. */
char *text_fit(const char *s, int width, bool right, char *out, size_t outsz)
{
	size_t len, end;
	int cols, limit;
	bool cut;

	if (outsz == 0)
		return out;
	if (width < 0)
		width = 0;
	if (!s)
		s = "";
	len = strlen(s);

	limit = width;
	cut = (size_t)limit > outsz - 1 || !fit_plan(s, len, limit, outsz - 1, &end, &cols);
	if (cut) {
		limit = width - 1;
		if (width == 0 || outsz < (size_t)width + 4) {
			/* Too small a buffer for an exact cell: blanks, never a broken one. */
			size_t n = (size_t)width < outsz - 1 ? (size_t)width : outsz - 1;
			memset(out, ' ', n);
			out[n] = '\0';
			return out;
		}
		fit_plan(s, len, limit, outsz - 1 - 3, &end, &cols);
	}

	char *p = out;
	if (right)
		p = put_spaces(p, limit - cols);
	for (size_t i = 0; i < end;) {
		uint32_t cp;
		i += text_decode(s + i, end - i, &cp);
		p = utf8_put(p, cell_char(cp));
	}
	if (cut)
		p = utf8_put(p, 0x2026);
	if (!right)
		p = put_spaces(p, limit - cols);
	*p = '\0';
	return out;
}

char *text_sanitize(const char *s, char *out, size_t outsz)
{
	size_t len = strlen(s), used = 0;

	if (outsz == 0)
		return out;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += text_decode(s + i, len - i, &cp);
		if (is_control(cp))
			cp = '?';
		if (used + utf8_len(cp) > outsz - 1)
			break;	/* cut between characters, never inside one */
		used = (size_t)(utf8_put(out + used, cp) - out);
	}
	out[used] = '\0';
	return out;
}

static bool header_ignored(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '_' || cp == 0x3000 || cp == 0xA0;
}

/* The next code point of a header that matters, folded to lower case ASCII;
 * 0 at the end. An invalid byte stands for itself (above U+10FFFF) so two
 * different broken headers never match. */
static uint32_t header_next(const char **s)
{
	for (;;) {
		size_t len = strnlen(*s, 4);
		uint32_t cp;
		size_t n;

		if (len == 0)
			return 0;
		n = text_decode(*s, len, &cp);
		if (cp == REPLACEMENT && n != 3)
			cp = 0x110000u + (unsigned char)**s;
		*s += n;
		if (header_ignored(cp))
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		return cp;
	}
}

bool text_header_eq(const char *a, const char *b)
{
	for (;;) {
		uint32_t ca = header_next(&a), cb = header_next(&b);
		if (ca != cb)
			return false;
		if (ca == 0)
			return true;
	}
}
