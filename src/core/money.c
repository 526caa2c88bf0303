/* Money in integer fen. Parsing reads what reps and Excel write (¥, ￥, 元,
 * 块, 万, 千, fullwidth digits, thousands separators) with integer arithmetic only:
 * strtod would lose a fen (19.99 * 100 = 1998) and follow the locale. */
#include <string.h>

#include "repdesk/err.h"
#include "repdesk/money.h"
#include "repdesk/text.h"
#include "repdesk/i18n.h"

#define MAX_YUAN UINT64_C(10000000000000)	/* 10^13 */
#define MAX_SYMS 64

/* Place values of the first six decimals, in millionths. */
static const uint64_t millionths[6] = { 100000, 10000, 1000, 100, 10, 1 };

/* Each character of the input reduced to one symbol: the grammar below then
 * reads ASCII and never thinks about fullwidth forms or UTF-8. */
static char symbol(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (char)cp;
	if (cp >= 0xFF10 && cp <= 0xFF19)	/* fullwidth digits */
		return (char)('0' + (cp - 0xFF10));
	switch (cp) {
	case ',': case 0xFF0C:			return ',';
	case '.': case 0xFF0E:			return '.';
	case '-': case 0xFF0D: case 0x2212:	return '-';
	case 0xA5: case 0xFFE5:			return 'Y';	/* ¥ ￥ */
	case 0x5143: case 0x5757:		return 'E';	/* 元 块 */
	case 0x4E07:				return 'W';	/* 万 */
	case 0x5343:				return 'Q';	/* 千 */
	case 0x767E:				return 'H';	/* 百 */
	case ' ': case '\t': case 0xA0: case 0x3000:	return ' ';
	default:				return '?';
	}
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Grammar, on symbols with the surrounding spaces trimmed:
 *   amount := prefix* number (' '* unit)? (' '* ('元' | '块'))?
 *   prefix := '-' | '¥' ' '*            (each at most once, either order)
 *   number := int ('.' digit+)?
 *   int    := digit+ | digit{1,3} (',' digit{3})+
 *   unit   := '万' (digit '千'?)?        (2万5 = 2.5万; no decimals then)
 *           | '千' (digit '百'?)?        (3千5 = 3.5千; no decimals then)
 * Up to two decimals for yuan; with a unit, as many as still name whole fen
 * (six for 万, five for 千). */
struct unit {
	uint64_t fen;		/* one unit in fen: 100, 100000 or 1000000 */
	int sub;		/* the digit after the unit, in tenths of it */
};

/* The symbols, one per character; false with ERR set when there are too many. */
static bool symbolize(const char *text, char *sym, char *err, size_t errsz)
{
	size_t n = 0, len = text ? strlen(text) : 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		char c;
		i += text_decode(text + i, len - i, &cp);
		c = symbol(cp);
		/* Runs of spaces mean what one space means: a cell padded to a
		 * fixed width must not look too long. */
		if (c == ' ' && (n == 0 || sym[n - 1] == ' '))
			continue;
		if (n == MAX_SYMS)
			return err_fail(err, errsz, "%s", _("is too long"));
		sym[n++] = c;
	}
	if (n > 0 && sym[n - 1] == ' ')
		n--;
	sym[n] = '\0';
	return true;
}

/* The unit after the number ('万' or '千', with its optional next digit);
 * false when a digit follows a number that had decimals (1.5万5). */
static bool read_unit(const char **pp, int nfrac, struct unit *u)
{
	const char *p = *pp;
	char next = 0;

	u->fen = 100;
	u->sub = 0;
	while (*p == ' ')
		p++;
	if (*p == 'W') {
		u->fen = 1000000;
		next = 'Q';
	} else if (*p == 'Q') {
		u->fen = 100000;
		next = 'H';
	}
	if (next) {
		p++;
		if (is_digit(*p)) {
			if (nfrac > 0)
				return false;
			u->sub = *p++ - '0';
			if (*p == next)
				p++;
		}
	}
	*pp = p;
	return true;
}

bool money_parse(const char *text, int64_t *fen, char *err, size_t errsz)
{
	char sym[MAX_SYMS + 1];

	if (!symbolize(text, sym, err, errsz))
		return false;
	const char *p = sym;
	if (*p == '\0')
		return err_fail(err, errsz, "%s", _("is empty"));

	bool neg = false, yen = false;
	for (;;) {
		if (*p == '-' && !neg) {
			neg = true;
			p++;
		} else if (*p == 'Y' && !yen) {
			yen = true;
			for (p++; *p == ' '; p++)
				;
		} else {
			break;
		}
	}

	/* The integer part. The value stops growing once it is too large, but
	 * the syntax is still read to the end: "12x" is not an amount, however
	 * many digits come first. */
	uint64_t yuan = 0;
	bool big = false, grouped = false, bad_group = false;
	int ndigits = 0, group = 0;
	for (;; p++) {
		if (is_digit(*p)) {
			if (yuan > MAX_YUAN)
				big = true;
			else
				yuan = yuan * 10 + (uint64_t)(*p - '0');
			ndigits++;
			group++;
		} else if (*p == ',' && is_digit(p[1])) {
			if (group == 0 || group > 3 || (grouped && group != 3))
				bad_group = true;
			grouped = true;
			group = 0;
		} else {
			break;
		}
	}
	if (grouped && group != 3)
		bad_group = true;
	if (ndigits == 0)
		return err_fail(err, errsz, "%s", _("is not an amount"));

	/* Decimals, kept as a count of millionths so that 1.5, 1.5千 and 1.5万 fit. */
	uint64_t frac = 0;
	int nfrac = 0;
	if (*p == '.') {
		for (p++; is_digit(*p); p++) {
			if (nfrac < 6)
				frac += (uint64_t)(*p - '0') * millionths[nfrac];
			nfrac++;
		}
		if (nfrac == 0)
			return err_fail(err, errsz, "%s", _("is not an amount"));
	}

	struct unit unit;
	if (!read_unit(&p, nfrac, &unit))
		return err_fail(err, errsz, "%s", _("is not an amount"));
	while (*p == ' ')
		p++;
	if (*p == 'E')
		p++;
	if (*p != '\0')
		return err_fail(err, errsz, "%s", _("is not an amount"));
	if (bad_group)
		return err_fail(err, errsz, "%s", _("has misplaced thousands separators"));
	if (unit.fen == 100 && nfrac > 2)
		return err_fail(err, errsz, "%s", _("has more than two decimals"));
	if (nfrac > 6 || frac * unit.fen % 1000000 != 0)
		return err_fail(err, errsz, "%s", _("is finer than a fen"));

	uint64_t v;
	if (big || yuan > MAX_YUAN / (unit.fen / 100))
		return err_fail(err, errsz, "%s", _("is too large"));
	v = yuan * unit.fen + frac * unit.fen / 1000000 + (uint64_t)unit.sub * unit.fen / 10;
	if (v > (uint64_t)MONEY_MAX_FEN)
		return err_fail(err, errsz, "%s", _("is too large"));
	*fen = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

/* Decimal digits of V, with commas every three when GROUP; returns the end. */
static char *put_uint(char *p, uint64_t v, bool group)
{
	char tmp[32];
	int n = 0, digits = 0;

	do {
		if (group && digits > 0 && digits % 3 == 0)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
		digits++;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_cents(char *p, uint64_t cents)
{
	*p++ = '.';
	*p++ = (char)('0' + cents / 10);
	*p++ = (char)('0' + cents % 10);
	return p;
}

/* Copy the finished text into the caller's buffer, truncating if it must. */
static char *finish(const char *tmp, const char *end, char *buf, size_t bufsz)
{
	size_t n = (size_t)(end - tmp);

	if (bufsz == 0)
		return buf;
	if (n >= bufsz)
		n = bufsz - 1;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return buf;
}

/* Magnitude without overflow: -INT64_MIN does not fit an int64_t. */
static uint64_t magnitude(int64_t fen)
{
	return fen < 0 ? UINT64_C(0) - (uint64_t)fen : (uint64_t)fen;
}

char *money_format(int64_t fen, char *buf, size_t bufsz)
{
	char tmp[MONEY_BUFSZ], *p = tmp;
	uint64_t u = magnitude(fen);

	if (fen < 0)
		*p++ = '-';
	memcpy(p, "\xc2\xa5", 2);	/* ¥ */
	p = put_uint(p + 2, u / 100, true);
	if (u % 100)
		p = put_cents(p, u % 100);
	return finish(tmp, p, buf, bufsz);
}

char *money_format_csv(int64_t fen, char *buf, size_t bufsz)
{
	char tmp[MONEY_BUFSZ], *p = tmp;
	uint64_t u = magnitude(fen);

	if (fen < 0)
		*p++ = '-';
	p = put_cents(put_uint(p, u / 100, false), u % 100);
	return finish(tmp, p, buf, bufsz);
}

char *money_format_yuan(int64_t fen, char *buf, size_t bufsz)
{
	char tmp[MONEY_BUFSZ], *p = tmp;
	uint64_t u = magnitude(fen);
	uint64_t yuan = u / 100 + (u % 100 >= 50);

	if (fen < 0 && yuan > 0)	/* -0.40 yuan shows as 0, not -0 */
		*p++ = '-';
	p = put_uint(p, yuan, true);
	return finish(tmp, p, buf, bufsz);
}

char *money_format_wan(int64_t fen, char *buf, size_t bufsz)
{
	char tmp[MONEY_BUFSZ], *p = tmp;
	uint64_t u = magnitude(fen);

	if (u < 1000000)              /* under ¥10,000: as usual */
		return money_format(fen, buf, bufsz);
	/* Hundredths of 万 (100 yuan = 10,000 fen), half away from zero. */
	uint64_t h = u / 10000 + (u % 10000 >= 5000);
	if (fen < 0)
		*p++ = '-';
	memcpy(p, "\xc2\xa5", 2);	/* ¥ */
	p = put_uint(p + 2, h / 100, true);
	if (h % 100) {
		*p++ = '.';
		*p++ = (char)('0' + h % 100 / 10);
		if (h % 10)
			*p++ = (char)('0' + h % 10);
	}
	memcpy(p, "\xe4\xb8\x87", 3);	/* 万 */
	return finish(tmp, p + 3, buf, bufsz);
}
