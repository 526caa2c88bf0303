/* The attributes column: a flat JSON object of string values, keys in column
 * order. Written compactly by us; read leniently, since a bundle from another
 * writer may hold numbers (kept as their text). */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

typedef struct {
	const char *s;
	size_t i;
	char *out;         /* decoded strings, NUL-terminated, one after another */
	size_t o;
} reader;

static void ws(reader *r)
{
	while (r->s[r->i] == ' ' || r->s[r->i] == '\t' || r->s[r->i] == '\n' || r->s[r->i] == '\r')
		r->i++;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static long hex4(const char *p)
{
	long v = 0;

	for (int k = 0; k < 4; k++) {
		int h = hexval((unsigned char)p[k]);
		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

static void put_utf8(reader *r, unsigned long c)
{
	char *o = r->out + r->o;

	if (c < 0x80) {
		o[0] = (char)c;
		r->o += 1;
	} else if (c < 0x800) {
		o[0] = (char)(0xC0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3F));
		r->o += 2;
	} else if (c < 0x10000) {
		o[0] = (char)(0xE0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		r->o += 3;
	} else {
		o[0] = (char)(0xF0 | c >> 18);
		o[1] = (char)(0x80 | (c >> 12 & 0x3F));
		o[2] = (char)(0x80 | (c >> 6 & 0x3F));
		o[3] = (char)(0x80 | (c & 0x3F));
		r->o += 4;
	}
}

/* A string at r->i (on its opening quote), decoded into out; its offset. */
static bool string(reader *r, size_t *at)
{
	*at = r->o;
	r->i++;
	for (;;) {
		unsigned char c = (unsigned char)r->s[r->i];
		if (c == '\0')
			return false;
		if (c == '"') {
			r->i++;
			r->out[r->o++] = '\0';
			return true;
		}
		if (c != '\\') {
			r->out[r->o++] = (char)c;
			r->i++;
			continue;
		}
		char e = r->s[r->i + 1], d;
		switch (e) {
		case '"': case '\\': case '/': d = e; break;
		case 'b': d = '\b'; break;
		case 'f': d = '\f'; break;
		case 'n': d = '\n'; break;
		case 'r': d = '\r'; break;
		case 't': d = '\t'; break;
		default: d = 0; break;
		}
		if (d) {
			r->out[r->o++] = d;
			r->i += 2;
		} else if (e == 'u') {
			long v = hex4(r->s + r->i + 2);   /* stops at the NUL */
			if (v < 0)
				return false;
			r->i += 6;
			if (v >= 0xD800 && v <= 0xDBFF && r->s[r->i] == '\\' && r->s[r->i + 1] == 'u') {
				long lo = hex4(r->s + r->i + 2);
				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
					r->i += 6;
				}
			}
			if ((v >= 0xD800 && v <= 0xDFFF) || v == 0)
				v = 0xFFFD;          /* a lone surrogate or NUL cannot be text */
			put_utf8(r, (unsigned long)v);
		} else {
			return false;
		}
	}
}

/* Any other value, copied as its JSON text (nested containers balanced). */
static bool bare(reader *r, size_t *at)
{
	int depth = 0;
	bool in_str = false;

	*at = r->o;
	for (;;) {
		char c = r->s[r->i];
		if (c == '\0')
			break;
		if (in_str) {
			if (c == '\\' && r->s[r->i + 1]) {
				r->out[r->o++] = c;
				c = r->s[++r->i];
			} else if (c == '"') {
				in_str = false;
			}
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				break;
			depth--;
		} else if (c == ',' && depth == 0) {
			break;
		}
		r->out[r->o++] = c;
		r->i++;
	}
	while (r->o > *at && (r->out[r->o - 1] == ' ' || r->out[r->o - 1] == '\t' ||
	                      r->out[r->o - 1] == '\n' || r->out[r->o - 1] == '\r'))
		r->o--;
	if (r->o == *at)
		return false;
	r->out[r->o++] = '\0';
	return true;
}

bool store_attrs_parse(const char *json, db_attr **a, size_t *n, size_t *cap,
                       char **buf, size_t *bufcap)
{
	size_t len = json ? strlen(json) : 0;
	size_t *offs = NULL, noffs = 0;
	reader r = { .s = json ? json : "" };
	bool ok = false;

	*n = 0;
	if (*bufcap < len + 1) {
		char *b = realloc(*buf, len + 1);
		if (!b)
			return false;
		*buf = b;
		*bufcap = len + 1;
	}
	r.out = *buf;
	ws(&r);
	if (r.s[r.i] == '\0')
		return true;                 /* empty: no attributes */
	if (r.s[r.i] != '{')
		return false;
	r.i++;
	/* Offsets first: pointers into BUF only once it is complete. */
	offs = malloc((len / 2 + 1) * sizeof *offs);
	if (!offs)
		return false;
	ws(&r);
	if (r.s[r.i] == '}') {
		ok = true;
		goto done;
	}
	for (;;) {
		size_t k, v;
		ws(&r);
		if (r.s[r.i] != '"' || !string(&r, &k))
			goto done;
		ws(&r);
		if (r.s[r.i] != ':')
			goto done;
		r.i++;
		ws(&r);
		if (!(r.s[r.i] == '"' ? string(&r, &v) : bare(&r, &v)))
			goto done;
		offs[noffs++] = k;
		offs[noffs++] = v;
		ws(&r);
		if (r.s[r.i] == ',') {
			r.i++;
			continue;
		}
		if (r.s[r.i] != '}')
			goto done;
		r.i++;
		ws(&r);
		ok = r.s[r.i] == '\0';
		break;
	}
done:
	if (ok && noffs / 2 > *cap) {
		db_attr *na = realloc(*a, noffs / 2 * sizeof *na);
		if (!na)
			ok = false;
		else {
			*a = na;
			*cap = noffs / 2;
		}
	}
	if (ok) {
		for (size_t i = 0; i < noffs / 2; i++) {
			(*a)[i].key = *buf + offs[2 * i];
			(*a)[i].value = *buf + offs[2 * i + 1];
		}
		*n = noffs / 2;
	}
	free(offs);
	return ok;
}

static bool grow(char **out, size_t *cap, size_t need)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap : 256;
	while (c < need)
		c *= 2;
	char *p = realloc(*out, c);
	if (!p)
		return false;
	*out = p;
	*cap = c;
	return true;
}

static size_t put_string(char *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	o[n++] = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			o[n++] = '\\';
			o[n++] = (char)c;
		} else if (c == '\n') {
			o[n++] = '\\';
			o[n++] = 'n';
		} else if (c == '\t') {
			o[n++] = '\\';
			o[n++] = 't';
		} else if (c == '\r') {
			o[n++] = '\\';
			o[n++] = 'r';
		} else if (c < 0x20) {
			memcpy(o + n, "\\u00", 4);
			n += 4;
			o[n++] = hex[c >> 4];
			o[n++] = hex[c & 15];
		} else {
			o[n++] = (char)c;
		}
	}
	o[n++] = '"';
	return n;
}

bool store_attrs_write(const db_attr *a, size_t n, char **out, size_t *cap)
{
	size_t need = 3, len = 0;

	for (size_t i = 0; i < n; i++)
		if (a[i].key && a[i].value && a[i].value[0])
			need += 6 * (strlen(a[i].key) + strlen(a[i].value)) + 6;
	if (!grow(out, cap, need))
		return false;
	char *o = *out;
	o[len++] = '{';
	for (size_t i = 0; i < n; i++) {
		if (!a[i].key || !a[i].value || !a[i].value[0])
			continue;
		if (len > 1)
			o[len++] = ',';
		len += put_string(o + len, a[i].key);
		o[len++] = ':';
		len += put_string(o + len, a[i].value);
	}
	o[len++] = '}';
	o[len] = '\0';
	return true;
}
