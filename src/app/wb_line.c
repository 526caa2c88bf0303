/* The workbench's line editor: one line of UTF-8 text edited a grapheme
 * cluster at a time (repdesk/wb.h), for every prompt and form field. */
#include <string.h>

#include "repdesk/text.h"
#include "wb_int.h"

/* ---- the line editor ---- */

/* Characters (code points) in the LEN bytes of S. */
size_t wb_count_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

bool wb_line_set(wb_line *l, const char *text)
{
	size_t len = 0, chars = 0;
	int w;

	text = text ? text : "";
	/* Whole clusters while they fit in the characters and the bytes. */
	for (size_t all = strlen(text); len < all;) {
		size_t n = text_cluster(text + len, all - len, &w);
		size_t c = wb_count_chars(text + len, n);
		if (chars + c > WB_TEXT_MAX || len + n >= sizeof l->text)
			break;
		len += n;
		chars += c;
	}
	memcpy(l->text, text, len);
	l->text[len] = '\0';
	l->len = l->cur = len;
	l->full = false;
	return text[len] == '\0';
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Start of the cluster before byte AT. */
static size_t prev_char(const char *s, size_t at)
{
	return text_cluster_before(s, at);
}

static size_t next_char(const char *s, size_t len, size_t at)
{
	int w;
	return at < len ? at + text_cluster(s + at, len - at, &w) : len;
}

bool wb_line_key(wb_line *l, wb_key k)
{
	char enc[4];
	size_t n, from;

	l->full = false;
	switch (k.kind) {
	case WB_K_CHAR:
		/* Control characters and surrogates have no place in a field. */
		if (k.ch < 0x20 || k.ch == 0x7F || (k.ch >= 0x80 && k.ch < 0xA0) ||
		    (k.ch >= 0xD800 && k.ch < 0xE000) || k.ch > 0x10FFFF)
			return true;
		n = utf8_encode(k.ch, enc);
		if (l->len + n >= sizeof l->text || wb_count_chars(l->text, l->len) >= WB_TEXT_MAX) {
			l->full = true;
			return true;
		}
		memmove(l->text + l->cur + n, l->text + l->cur, l->len - l->cur + 1);
		memcpy(l->text + l->cur, enc, n);
		l->len += n;
		l->cur += n;
		return true;
	case WB_K_BACKSPACE:
		if (l->cur == 0)
			return true;
		from = prev_char(l->text, l->cur);
		memmove(l->text + from, l->text + l->cur, l->len - l->cur + 1);
		l->len -= l->cur - from;
		l->cur = from;
		return true;
	case WB_K_DELETE:
		if (l->cur >= l->len)
			return true;
		n = next_char(l->text, l->len, l->cur) - l->cur;
		memmove(l->text + l->cur, l->text + l->cur + n, l->len - l->cur - n + 1);
		l->len -= n;
		return true;
	case WB_K_LEFT: l->cur = prev_char(l->text, l->cur); return true;
	case WB_K_RIGHT: l->cur = next_char(l->text, l->len, l->cur); return true;
	case WB_K_HOME: l->cur = 0; return true;
	case WB_K_END: l->cur = l->len; return true;
	default: return false;
	}
}
