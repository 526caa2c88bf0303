/* UTF-8 validation for the CSV edge. Strict (RFC 3629), because GBK bytes must
 * not pass as UTF-8: detection relies on GBK text being invalid UTF-8, and a
 * file is only taken for GB18030 when none of its lines is UTF-8. */
#include "encoding.h"

#include <stdint.h>
#include <string.h>

size_t io_utf8_prefix(const char *s, size_t n, bool *cut)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	if (cut)
		*cut = false;
	while (i < n) {
		unsigned c = u[i];
		if (c < 0x80) {
			/* ASCII runs (numbers, phones, dates) eight bytes at a time */
			uint64_t w;
			while (i + 8 <= n && (memcpy(&w, u + i, 8), (w & 0x8080808080808080u) == 0))
				i += 8;
			if (i < n && u[i] < 0x80)
				i++;
			continue;
		}
		/* Bytes after the lead, and the range allowed for the first of them:
		 * the narrowed ranges exclude overlongs, surrogates, > U+10FFFF. */
		size_t more;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			more = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			more = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			more = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return i;
		}
		for (size_t j = 1; j <= more; j++) {
			if (i + j == n) {
				if (cut)
					*cut = true;
				return i;
			}
			unsigned d = u[i + j];
			if (d < lo || d > hi)
				return i;
			lo = 0x80, hi = 0xBF;
		}
		i += more + 1;
	}
	return n;
}

bool io_looks_utf8(const char *s, size_t n, bool at_eof)
{
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		return true;
	bool cut;
	size_t ok = io_utf8_prefix(s, n, &cut);
	return ok == n || (cut && !at_eof);
}

void io_lines_init(io_lines *l)
{
	memset(l, 0, sizeof *l);
	l->line = 1;
}

/* Close the line being scanned: it is UTF-8 or not, and has non-ASCII bytes
 * or not. */
static void end_line(io_lines *l)
{
	if (l->need)            /* a character cut by the line end */
		l->bad = true;
	if (l->bad && !l->first_bad)
		l->first_bad = l->line;
	if (!l->bad && l->nonascii && !l->first_utf8)
		l->first_utf8 = l->line;
	l->need = 0;
	l->bad = l->nonascii = false;
}

bool io_lines_scan(io_lines *l, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		unsigned c = u[i];
		if (c == '\n' || c == '\r') {
			bool crlf = c == '\n' && l->after_cr;
			l->after_cr = c == '\r';
			if (crlf)
				continue;
			end_line(l);
			l->line++;
			if (l->first_utf8)
				return false;
			continue;
		}
		l->after_cr = false;
		if (c < 0x80 && !l->need)
			continue;
		l->nonascii = true;
		if (l->bad)
			continue;
		if (l->need) {
			/* the same ranges as io_utf8_prefix */
			if (c >= l->lo && c <= l->hi) {
				l->need--;
				l->lo = 0x80, l->hi = 0xBF;
			} else {
				l->bad = true;
				l->need = 0;
			}
			continue;
		}
		l->lo = 0x80, l->hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			l->need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			l->need = 2;
			if (c == 0xE0)
				l->lo = 0xA0;
			else if (c == 0xED)
				l->hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			l->need = 3;
			if (c == 0xF0)
				l->lo = 0x90;
			else if (c == 0xF4)
				l->hi = 0x8F;
		} else {
			l->bad = true;
		}
	}
	return true;
}

void io_lines_end(io_lines *l)
{
	end_line(l);
}
