/* The attributes column: a flat JSON object of string values, keys in column
 * order. Written compactly by us; read through SQLite's JSON functions,
 * leniently, since a bundle from another writer may hold numbers (kept as
 * their text). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "repdesk/valid.h"

/* Step EACH: 1 for a row, 0 at the end, -1 on an error. */
static int each_step(sqlite3_stmt *each)
{
	int rc = sqlite3_step(each);

	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* A pair's key is text, unless the statement stood in for a refused text. */
static bool each_is_pair(sqlite3_stmt *each)
{
	return sqlite3_column_type(each, 0) == SQLITE_TEXT;
}

static bool only_space(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* SQLite decodes an escaped lone surrogate ("\\ud800") to its three bytes,
 * ED A0..BF 80..BF, which are not UTF-8; the escape is taken, and read as
 * U+FFFD. The length of such a sequence at P (N bytes left), else 0. */
static size_t surrogate_at(const unsigned char *p, size_t n)
{
	return n >= 3 && p[0] == 0xED && p[1] >= 0xA0 && p[1] <= 0xBF && p[2] >= 0x80 &&
	       p[2] <= 0xBF ? 3 : 0;
}

/* Whether the JSON text S holds the escape \u0000, which SQLite's decoding
 * cuts a string at: a control character, refused. */
static bool escaped_nul(const char *s, size_t len)
{
	for (size_t i = 1; i + 5 <= len; i++) {
		if (memcmp(s + i, "u0000", 5) != 0 || s[i - 1] != '\\')
			continue;
		size_t k = 0;
		while (k < i && s[i - 1 - k] == '\\')
			k++;
		if (k % 2)
			return true;
	}
	return false;
}

/* valid_text's verdict on decoded text T (N bytes), a decoded surrogate
 * escape passing when LAX. */
static const char *decoded_text(const char *t, size_t n, bool lax)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t from = 0;
	const char *why;

	for (size_t i = 0; lax && i < n; i++) {
		size_t k = surrogate_at(u + i, n - i);
		if (!k)
			continue;
		if ((why = valid_text(t + from, i - from, VALID_TEXT_MAX)))
			return why;
		i += k - 1;
		from = i + 1;
	}
	return valid_text(t + from, n - from, VALID_TEXT_MAX);
}

/* Append column COL of EACH and a NUL to *BUF (*LEN used); its offset. */
static bool append(sqlite3_stmt *each, int col, char **buf, size_t *bufcap, size_t *len,
                   size_t *at)
{
	const char *t = (const char *)sqlite3_column_text(each, col);
	size_t n = (size_t)sqlite3_column_bytes(each, col);

	if (*len + n + 1 > *bufcap) {
		size_t c = *bufcap ? *bufcap : 64;
		while (c < *len + n + 1)
			c *= 2;
		char *b = realloc(*buf, c);
		if (!b)
			return false;
		*buf = b;
		*bufcap = c;
	}
	if (n)
		memcpy(*buf + *len, t, n);
	for (size_t i = 0; i + 3 <= n; i++)
		if (surrogate_at((unsigned char *)*buf + *len + i, n - i))
			memcpy(*buf + *len + i, "\xEF\xBF\xBD", 3);
	(*buf)[*len + n] = '\0';
	*at = *len;
	*len += n + 1;
	return true;
}

/* A text store_attrs_parse read, and its pairs as they were left in BUF:
 * BYTES bytes, key N at offs[2N], its value at offs[2N + 1]. */
struct store_attrs_memo {
	uint64_t hash;
	char *json;              /* NULL: an empty slot */
	size_t jlen;
	char *bytes;
	size_t nbytes;
	size_t *offs;
	size_t npairs;
};
#define MEMO_SLOTS 256           /* a power of two */
#define MEMO_TEXT_MAX 1024       /* longer texts are read each time */

static uint64_t memo_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static void memo_clear(struct store_attrs_memo *m)
{
	free(m->json);
	free(m->bytes);
	free(m->offs);
	memset(m, 0, sizeof *m);
}

void store_attrs_memo_free(db *d)
{
	for (size_t i = 0; d->attrs_memo && i < MEMO_SLOTS; i++)
		memo_clear(&d->attrs_memo[i]);
	free(d->attrs_memo);
	d->attrs_memo = NULL;
}

/* Remember in M that JSON (JLEN bytes) read as BYTES with OFFS; a failure
 * to allocate only leaves the slot empty. */
static void memo_keep(struct store_attrs_memo *m, uint64_t h, const char *json, size_t jlen,
                      const char *bytes, size_t nbytes, const size_t *offs, size_t npairs)
{
	memo_clear(m);
	m->json = malloc(jlen + 1);
	m->bytes = malloc(nbytes ? nbytes : 1);
	m->offs = malloc(npairs ? 2 * npairs * sizeof *offs : 1);
	if (!m->json || !m->bytes || !m->offs) {
		memo_clear(m);
		return;
	}
	memcpy(m->json, json, jlen + 1);
	if (nbytes)
		memcpy(m->bytes, bytes, nbytes);
	if (npairs)
		memcpy(m->offs, offs, 2 * npairs * sizeof *offs);
	m->hash = h;
	m->jlen = jlen;
	m->nbytes = nbytes;
	m->npairs = npairs;
}

/* Whether OFFS (2 * NPAIRS, into BYTES) fit A and BUF, grown as needed;
 * then A's pairs point into BUF. */
static bool set_pairs(const char *bytes, size_t nbytes, const size_t *offs, size_t npairs,
                      db_attr **a, size_t *cap, char **buf, size_t *bufcap)
{
	if (nbytes > *bufcap) {
		char *b = realloc(*buf, nbytes);
		if (!b)
			return false;
		*buf = b;
		*bufcap = nbytes;
	}
	if (npairs > *cap) {
		db_attr *na = realloc(*a, npairs * sizeof *na);
		if (!na)
			return false;
		*a = na;
		*cap = npairs;
	}
	if (bytes != *buf && nbytes)
		memcpy(*buf, bytes, nbytes);
	for (size_t i = 0; i < npairs; i++) {
		(*a)[i].key = *buf + offs[2 * i];
		(*a)[i].value = *buf + offs[2 * i + 1];
	}
	return true;
}

bool store_attrs_parse(db *d, const char *json, db_attr **a, size_t *n, size_t *cap,
                       char **buf, size_t *bufcap)
{
	size_t *offs = NULL, noffs = 0, offcap = 0, len = 0;
	sqlite3_stmt *each;
	bool ok = true;
	int rc = 0;

	*n = 0;
	if (!json || only_space(json) || strcmp(json, "{}") == 0)
		return true;                 /* no attributes */
	size_t jlen = strlen(json);
	uint64_t h = memo_hash(json, jlen);
	struct store_attrs_memo *m = NULL;
	if (jlen <= MEMO_TEXT_MAX &&
	    (d->attrs_memo || (d->attrs_memo = calloc(MEMO_SLOTS, sizeof *d->attrs_memo))))
		m = &d->attrs_memo[h & (MEMO_SLOTS - 1)];
	if (m && m->json && m->hash == h && m->jlen == jlen && memcmp(m->json, json, jlen) == 0) {
		if (!set_pairs(m->bytes, m->nbytes, m->offs, m->npairs, a, cap, buf, bufcap))
			return false;
		*n = m->npairs;
		return true;
	}
	if (!(each = store_stmt(d, ST_ATTRS_READ)))
		return false;
	sqlite3_bind_text(each, 1, json, -1, SQLITE_STATIC);
	/* Offsets first: pointers into BUF only once it is complete. */
	while (ok && (rc = each_step(each)) > 0) {
		size_t k, v;
		if (!each_is_pair(each)) {
			ok = false;
			break;
		}
		if (noffs + 2 > offcap) {
			size_t c = offcap ? 2 * offcap : 32;
			size_t *o = realloc(offs, c * sizeof *o);
			if (!o) {
				ok = false;
				break;
			}
			offs = o;
			offcap = c;
		}
		/* Strings decoded; any other value as its JSON text. */
		ok = append(each, 0, buf, bufcap, &len, &k) &&
		     append(each, sqlite3_column_type(each, 3) == SQLITE_NULL ? 2 : 3, buf, bufcap,
		            &len, &v);
		if (ok) {
			offs[noffs++] = k;
			offs[noffs++] = v;
		}
	}
	if (ok && rc < 0)
		ok = false;
	sqlite3_reset(each);
	sqlite3_clear_bindings(each);
	if (ok && (ok = set_pairs(*buf, len, offs, noffs / 2, a, cap, buf, bufcap)))
		*n = noffs / 2;
	if (ok && m)
		memo_keep(m, h, json, jlen, *buf, len, offs, noffs / 2);
	free(offs);
	return ok;
}

const char *store_attrs_check(sqlite3_stmt *each, const char *s, size_t len)
{
	static const char *const bad = N_("attributes are not a JSON object");
	const char *why = NULL;
	int rc = 0;

	if (!s)
		return bad;
	if (len > VALID_TEXT_MAX)
		return N_("text too long");
	if (memchr(s, '\0', len))
		return bad;
	/* A surrogate escape is taken unless such bytes came as they are. */
	bool lax = true;
	for (size_t i = 0; lax && i < len; i++)
		lax = !surrogate_at((const unsigned char *)s + i, len - i);
	sqlite3_bind_text(each, 1, s, (int)len, SQLITE_STATIC);
	while (!why && (rc = each_step(each)) > 0) {
		const char *type = (const char *)sqlite3_column_text(each, 1);
		if (!each_is_pair(each))
			why = bad;
		else if ((why = decoded_text((const char *)sqlite3_column_text(each, 0),
		                             (size_t)sqlite3_column_bytes(each, 0), lax)))
			;
		else if (strcmp(type, "text") == 0)
			why = decoded_text((const char *)sqlite3_column_text(each, 2),
			                   (size_t)sqlite3_column_bytes(each, 2), lax);
		else if (strcmp(type, "integer") != 0 && strcmp(type, "real") != 0)
			why = bad;                   /* not flat, or true/false/null */
	}
	if (!why && rc < 0)
		why = bad;
	if (!why && escaped_nul(s, len))
		why = N_("a control character in text");
	sqlite3_reset(each);
	sqlite3_clear_bindings(each);
	return why;
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
