/* Search: a substring search over name, contact, phone, attribute values,
 * city, district, type, industry and source (STORE_FTS_COLS),
 * that finds Chinese queries of any length, fast at a million customers.
 *
 * Text is cut into runs of word characters (letters, digits, CJK; ASCII and
 * fullwidth forms folded to lower-case ASCII; punctuation and spaces end a
 * run, except a single space or '-' between digits, so "138-0013 8000" is one
 * run). A query matches a customer when every run of the query is a substring
 * of some run of the customer's text.
 *
 * The FTS5 tokenizer "repdesk" indexes each character of a run (unigram),
 * each pair with a non-ASCII character in it (bigram) and each ASCII triple
 * (trigram); FTS5's own trigram tokenizer finds nothing for the 1-2 character
 * queries Chinese needs. A query asks the index for the AND of the terms its
 * runs must contain, a superset of the matches; repdesk_match() confirms each
 * candidate with the exact rule above, and is the whole filter when a query
 * matches so much that walking the list in order is cheaper (list.c). Both
 * use one scanner, so they cannot disagree.
 *
 * The index is detail=none (no positions): small and quick to build. Changing
 * what the tokenizer emits needs a migration that rebuilds the index. */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* ---- characters ---- */

/* The character C stands for in a search, or 0 when it separates words. */
static uint32_t fold(uint32_t c)
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return c + 32;
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : 0;
	}
	if (c < 0xC0 || c == 0xD7 || c == 0xF7)
		return 0;                            /* Latin-1 punctuation, NBSP, · */
	if (c >= 0xFF01 && c <= 0xFF5E)
		return fold(c - 0xFEE0);             /* fullwidth ASCII: Ａ１ -> a1 */
	if (c >= 0x3000 && c <= 0x303F)          /* CJK punctuation, but 々 〆 〇 */
		return c >= 0x3005 && c <= 0x3007 ? c : 0;
	if ((c >= 0x2000 && c <= 0x2BFF) ||      /* punctuation, symbols, arrows, boxes */
	    (c >= 0x2E00 && c <= 0x2E7F) ||
	    (c >= 0xD800 && c <= 0xF8FF) ||      /* surrogates, private use */
	    (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE6F) ||
	    (c >= 0xFF5F && c <= 0xFF65) ||      /* halfwidth CJK punctuation */
	    (c >= 0xFFE0 && c <= 0xFFFF) ||      /* ￥, replacement character */
	    (c >= 0x1F000 && c <= 0x1FAFF))      /* emoji */
		return 0;
	return c;
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Decode one UTF-8 character at S (N bytes left); *LEN its length. Invalid
 * bytes decode as 0xFFFD one at a time (and so separate words). */
static uint32_t utf8_next(const unsigned char *s, int n, int *len)
{
	uint32_t c = s[0];
	int need;

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF)
		need = 1, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3, c &= 0x07;
	else
		goto bad;
	if (need >= n)
		goto bad;
	for (int i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = c << 6 | (s[i] & 0x3F);
	}
	if ((need == 2 && c < 0x800) || (need == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*len = need + 1;
	return c;
bad:
	*len = 1;
	return 0xFFFD;
}

static int utf8_put(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* ---- the scanner ---- */

/* Called for each word character: its folded value, its bytes in the input,
 * and whether it starts a new run. Non-zero stops the scan. */
typedef int (*scan_fn)(void *ctx, uint32_t c, int start, int end, bool run_start);

typedef struct {
	scan_fn fn;
	void *ctx;
	bool in_run;
	bool held;       /* a space or '-' after a digit: joins if a digit follows */
	uint32_t prev;
	int rc;
} scanner;

static void feed(scanner *sc, uint32_t raw, int start, int end)
{
	uint32_t c = fold(raw);

	if (sc->rc)
		return;
	if (c) {
		bool run_start = !sc->in_run || (sc->held && !(is_digit(c) && is_digit(sc->prev)));
		sc->held = false;
		sc->in_run = true;
		sc->prev = c;
		sc->rc = sc->fn(sc->ctx, c, start, end, run_start);
		return;
	}
	if (sc->in_run && !sc->held && is_digit(sc->prev) && (raw == ' ' || raw == '-')) {
		sc->held = true;
		return;
	}
	sc->in_run = false;
	sc->held = false;
}

static void brk(scanner *sc)
{
	sc->in_run = false;
	sc->held = false;
}

static int skip_ws(const unsigned char *s, int i, int n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* Our attributes column: a JSON object. Only its values are searchable. */
static bool looks_json(const unsigned char *s, int n)
{
	int i = skip_ws(s, 0, n), j = n;

	if (i >= n || s[i] != '{')
		return false;
	i = skip_ws(s, i + 1, n);
	while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t' || s[j - 1] == '\n' || s[j - 1] == '\r'))
		j--;
	return i < n && (s[i] == '"' || s[i] == '}') && s[j - 1] == '}';
}

static int hex4(const unsigned char *s, int i, int n)
{
	int v = 0;

	if (i + 4 > n)
		return -1;
	for (int k = 0; k < 4; k++) {
		int c = s[i + k];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= c - '0';
		else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
		else return -1;
	}
	return v;
}

/* The string starting after the quote at I; returns the index after its
 * closing quote. With SC, feeds its decoded characters. */
static int json_string(const unsigned char *s, int i, int n, scanner *sc)
{
	while (i < n && s[i] != '"') {
		int len = 1;
		uint32_t c;
		if (s[i] == '\\' && i + 1 < n) {
			int h;
			if (s[i + 1] == 'u' && (h = hex4(s, i + 2, n)) >= 0) {
				c = (uint32_t)h;
				len = 6;
				if (c >= 0xD800 && c <= 0xDBFF && i + 12 <= n && s[i + 6] == '\\' &&
				    s[i + 7] == 'u' && (h = hex4(s, i + 8, n)) >= 0xDC00 && h <= 0xDFFF) {
					c = 0x10000 + ((c - 0xD800) << 10) + ((uint32_t)h - 0xDC00);
					len = 12;
				}
			} else {
				c = ' ';             /* \n, \", \\ ...: separators */
				len = 2;
			}
		} else {
			c = utf8_next(s + i, n - i, &len);
		}
		if (sc)
			feed(sc, c, i, i + len);
		i += len;
	}
	return i < n ? i + 1 : n;
}

static void scan_json(const unsigned char *s, int n, scanner *sc)
{
	int i = skip_ws(s, 0, n) + 1;

	while (i < n && !sc->rc) {
		i = skip_ws(s, i, n);
		if (i >= n)
			break;
		if (s[i] == '"') {
			/* A key is followed by ':'; skip it, search the value. */
			int end = json_string(s, i + 1, n, NULL);
			int k = skip_ws(s, end, n);
			if (k < n && s[k] == ':') {
				i = k + 1;
				continue;
			}
			brk(sc);
			json_string(s, i + 1, n, sc);
			brk(sc);
			i = end;
		} else if (s[i] == ',' || s[i] == '}' || s[i] == ':') {
			brk(sc);
			i++;
		} else {
			/* A bare value (number, true...) from another writer: as text. */
			int len;
			uint32_t c = utf8_next(s + i, n - i, &len);
			feed(sc, c, i, i + len);
			i += len;
		}
	}
}

static int scan(const char *text, int n, scan_fn fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	scanner sc = { .fn = fn, .ctx = ctx };

	if (!s || n <= 0)
		return 0;
	if (looks_json(s, n)) {
		scan_json(s, n, &sc);
		return sc.rc;
	}
	for (int i = 0; i < n && !sc.rc; ) {
		int len = 1;
		uint32_t c = s[i] < 0x80 ? s[i] : utf8_next(s + i, n - i, &len);
		feed(&sc, c, i, i + len);
		i += len;
	}
	return sc.rc;
}

/* ---- the FTS5 tokenizer ---- */

typedef int (*token_fn)(void *, int, const char *, int, int, int);

/* Documents: for each character of a run, its unigram; (colocated) the
 * bigram it starts when either character of it is not ASCII; and the
 * trigram it ends when all three are ASCII letters or digits. ASCII pairs
 * are not indexed: a hundred digit pairs narrow nothing, while a thousand
 * digit triples do (a phone search), at a fraction of the cost of 4-grams
 * (FTS5's build slows with every rare token). */
typedef struct {
	void *ctx;
	token_fn tok;
	bool have;          /* PREV is the previous character of this run */
	char prev[4];
	int prev_len, prev_start, prev_end;
	char asc[3];        /* the last ASCII characters of the run ... */
	int nasc;           /* ... how many in a row */
	int asc_starts[3];  /* where each of them began */
} tokenizing;

static int unigram(tokenizing *t)
{
	return t->tok(t->ctx, 0, t->prev, t->prev_len, t->prev_start, t->prev_end);
}

static int on_char(void *ctx, uint32_t c, int start, int end, bool run_start)
{
	tokenizing *t = ctx;
	char buf[8];
	int rc = SQLITE_OK, len;

	if (run_start) {
		if (t->have)
			rc = unigram(t);
		t->have = false;
		t->nasc = 0;
	}
	len = utf8_put(c, buf);
	if (rc == SQLITE_OK && t->have) {
		rc = unigram(t);
		if (rc == SQLITE_OK && (c >= 0x80 || t->prev_len > 1)) {
			char pair[8];
			memcpy(pair, t->prev, (size_t)t->prev_len);
			memcpy(pair + t->prev_len, buf, (size_t)len);
			rc = t->tok(t->ctx, FTS5_TOKEN_COLOCATED, pair, t->prev_len + len,
			            t->prev_start, end);
		}
	}
	if (c < 0x80) {
		t->asc[0] = t->asc[1];
		t->asc[1] = t->asc[2];
		t->asc[2] = (char)c;
		t->asc_starts[0] = t->asc_starts[1];
		t->asc_starts[1] = t->asc_starts[2];
		t->asc_starts[2] = start;
		if (++t->nasc >= 3 && rc == SQLITE_OK)
			rc = t->tok(t->ctx, FTS5_TOKEN_COLOCATED, t->asc, 3, t->asc_starts[0], end);
	} else {
		t->nasc = 0;
	}
	memcpy(t->prev, buf, (size_t)len);
	t->prev_len = len;
	t->prev_start = start;
	t->prev_end = end;
	t->have = true;
	return rc;
}

/* Queries: store_search_query hands over one term per string (a unigram, a
 * bigram or an ASCII trigram). Longer strings (a MATCH written by hand) are
 * cut as a run would be indexed: trigrams when all ASCII, else bigrams. */
typedef struct {
	void *ctx;
	token_fn tok;
	char text[64];
	int len, n, start, end;     /* the run so far: bytes, characters, offsets */
	bool ascii;
	int rc;
} querying;

static void query_flush(querying *q)
{
	int step = q->n == 1 ? 1 : q->ascii && q->n >= 3 ? 3 : 2;
	int at[65], k = 0;

	for (int b = 0; b < q->len; b++)
		if (((unsigned char)q->text[b] & 0xC0) != 0x80)
			at[k++] = b;
	at[k] = q->len;
	for (int i = 0; i + step <= q->n && q->rc == SQLITE_OK; i++)
		q->rc = q->tok(q->ctx, 0, q->text + at[i], at[i + step] - at[i], q->start, q->end);
	q->len = q->n = 0;
	q->ascii = true;
}

static int on_query_char(void *ctx, uint32_t c, int start, int end, bool run_start)
{
	querying *q = ctx;

	if (run_start && q->n)
		query_flush(q);
	if (q->n == 0)
		q->start = start;
	if (q->len + 4 > (int)sizeof q->text - 1 || q->n >= 64)
		return q->rc;           /* a very long word: its start is enough */
	q->len += utf8_put(c, q->text + q->len);
	q->n++;
	q->ascii = q->ascii && c < 0x80;
	q->end = end;
	return q->rc;
}

static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	static int instance;

	(void)ctx;
	(void)argv;
	(void)argc;
	*out = (Fts5Tokenizer *)&instance;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int tok_tokenize(Fts5Tokenizer *unused, void *ctx, int flags, const char *text, int n,
                        token_fn tok)
{
	(void)unused;
	if (flags & FTS5_TOKENIZE_QUERY) {
		querying q = { .ctx = ctx, .tok = tok, .ascii = true };
		int rc = scan(text, n, on_query_char, &q);
		if (rc == SQLITE_OK && q.n)
			query_flush(&q);
		return rc ? rc : q.rc;
	}
	tokenizing t = { .ctx = ctx, .tok = tok };
	int rc = scan(text, n, on_char, &t);
	if (rc == SQLITE_OK && t.have)
		rc = unigram(&t);
	return rc;
}

/* ---- normalised text: runs joined by \1 ---- */

typedef struct {
	char *p;
	size_t len, cap;
	char stack[512];
	bool oom;
} normbuf;

static bool nb_reserve(normbuf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return true;
	size_t cap = (b->len + more) * 2;
	char *p = b->p == b->stack ? malloc(cap) : realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	if (b->p == b->stack)
		memcpy(p, b->stack, b->len);
	b->p = p;
	b->cap = cap;
	return true;
}

static void nb_init(normbuf *b)
{
	b->p = b->stack;
	b->len = 0;
	b->cap = sizeof b->stack;
	b->oom = false;
}

static void nb_free(normbuf *b)
{
	if (b->p != b->stack)
		free(b->p);
}

static int on_norm(void *ctx, uint32_t c, int start, int end, bool run_start)
{
	normbuf *b = ctx;

	(void)start;
	(void)end;
	if (!nb_reserve(b, 5))
		return SQLITE_NOMEM;
	if (run_start && b->len)
		b->p[b->len++] = '\1';
	b->len += (size_t)utf8_put(c, b->p + b->len);
	return SQLITE_OK;
}

/* Append TEXT's runs to B, separated from what is there by \1. */
static int normalise(normbuf *b, const char *text, int n)
{
	if (b->len && nb_reserve(b, 1))
		b->p[b->len++] = '\1';
	return b->oom ? SQLITE_NOMEM : scan(text, n, on_norm, b);
}

/* ---- the MATCH expression ---- */

/* Enough terms to make a query selective; the rest is left to repdesk_match. */
#define QUERY_MAX_TERMS 16

/* Append the term B[S..E) as a quoted FTS5 string unless it is already there. */
static void add_term(char *q, size_t *qlen, const char *b, size_t s, size_t e, size_t *nterms)
{
	char *start = q + *qlen;
	char *p = start;

	*p++ = ' ';
	*p++ = '"';
	for (size_t k = s; k < e; k++) {
		if (b[k] == '"')            /* never happens (quotes split runs): still safe */
			*p++ = '"';
		*p++ = b[k];
	}
	*p++ = '"';
	*p = '\0';
	q[*qlen] = '\0';
	if (strstr(q, start + 1)) {     /* the same term again adds nothing */
		q[*qlen] = '\0';
		return;
	}
	*start = ' ';
	*qlen = (size_t)(p - q);
	(*nterms)++;
}

int store_search_query(const char *text, char **out)
{
	normbuf b;
	size_t qlen = 0, nterms = 0;

	*out = NULL;
	nb_init(&b);
	if (!text || normalise(&b, text, (int)strlen(text)) != SQLITE_OK || b.len == 0) {
		bool oom = b.oom;
		nb_free(&b);
		return oom ? -1 : 0;
	}
	char *q = malloc(b.len * 8 + 16);
	size_t *at = malloc(5 * (b.len + 1) * sizeof *at);
	size_t *sel = at + b.len + 1, *uni = sel + 2 * (b.len + 1);
	if (!q || !at) {
		free(q);
		free(at);
		nb_free(&b);
		return -1;
	}
	q[0] = '\0';
	for (size_t i = 0; i < b.len; ) {
		/* The character offsets of one run, and its end. */
		size_t n = 0, j = i;
		for (; j < b.len && b.p[j] != '\1'; j++)
			if (((unsigned char)b.p[j] & 0xC0) != 0x80)
				at[n++] = j;
		at[n] = j;
		if (n == 1) {
			add_term(q, &qlen, b.p, at[0], at[1], &nterms);
			i = j + 1;
			continue;
		}
		/* The terms the index holds for this run, as the tokenizer makes
		 * them: bigrams with a non-ASCII character, ASCII trigrams. An
		 * ASCII pair that no trigram of the run covers falls back on its
		 * characters' unigrams. Every term is in every matching row, so
		 * the terms' AND is a superset of the matches, which
		 * repdesk_match() then confirms. Many terms are thinned evenly:
		 * the index only has to narrow. */
		size_t nsel = 0, nuni = 0;
		#define ASC(k) (at[(k) + 1] - at[k] == 1)
		for (size_t k = 0; k + 1 < n; k++) {
			if (k + 2 < n && ASC(k) && ASC(k + 1) && ASC(k + 2))
				sel[nsel++] = k << 2 | 3;
			if (!ASC(k) || !ASC(k + 1))
				sel[nsel++] = k << 2 | 2;
			else if (!(k + 2 < n && ASC(k + 2)) && !(k > 0 && ASC(k - 1)))
				uni[nuni++] = k, uni[nuni++] = k + 1;
		}
		#undef ASC
		for (size_t t = 0, use = nsel < QUERY_MAX_TERMS ? nsel : QUERY_MAX_TERMS; t < use; t++) {
			size_t v = sel[use == 1 ? 0 : t * (nsel - 1) / (use - 1)];
			add_term(q, &qlen, b.p, at[v >> 2], at[(v >> 2) + (v & 3)], &nterms);
		}
		for (size_t t = 0; t < nuni && (nsel == 0 || t < 2); t++)
			add_term(q, &qlen, b.p, at[uni[t]], at[uni[t] + 1], &nterms);
		i = j + 1;
	}
	free(at);
	nb_free(&b);
	if (!nterms) {
		free(q);
		return 0;
	}
	memmove(q, q + 1, qlen);         /* drop the leading space */
	*out = q;
	return 1;
}

static bool contains(const char *hay, size_t n, const char *needle, size_t m)
{
	if (m == 0)
		return true;
	for (const char *p = hay, *end = hay + n; (size_t)(end - p) >= m; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) - m + 1);
		if (!p)
			return false;
		if (memcmp(p, needle, m) == 0)
			return true;
	}
	return false;
}

/* ---- repdesk_match(STORE_FTS_VALUES, query) ---- */

typedef struct {
	size_t n;
	char **run;
	size_t *len;
	char *text;
} query_runs;

static void runs_free(void *p)
{
	query_runs *r = p;

	if (!r)
		return;
	free(r->text);
	free(r->run);
	free(r->len);
	free(r);
}

static query_runs *runs_make(const char *text)
{
	normbuf b;
	query_runs *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	nb_init(&b);
	if (normalise(&b, text, (int)strlen(text)) != SQLITE_OK ||
	    !(r->text = malloc(b.len + 1))) {
		nb_free(&b);
		free(r);
		return NULL;
	}
	memcpy(r->text, b.p, b.len);
	r->text[b.len] = '\0';
	nb_free(&b);
	size_t cap = 1;
	for (char *p = r->text; *p; p++)
		cap += *p == '\1';
	r->run = calloc(cap, sizeof *r->run);
	r->len = calloc(cap, sizeof *r->len);
	if (!r->run || !r->len) {
		runs_free(r);
		return NULL;
	}
	for (char *p = r->text; *p; ) {
		char *e = strchr(p, '\1');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		r->run[r->n] = p;
		r->len[r->n++] = l;
		p += l + (e != NULL);
	}
	return r;
}

static void match_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	query_runs *q = sqlite3_get_auxdata(ctx, argc - 1);
	normbuf b;
	int rc = SQLITE_OK;

	if (!q) {
		const unsigned char *t = sqlite3_value_text(argv[argc - 1]);
		q = runs_make(t ? (const char *)t : "");
		if (!q) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		sqlite3_set_auxdata(ctx, argc - 1, q, runs_free);
		q = sqlite3_get_auxdata(ctx, argc - 1);   /* may have been freed */
		if (!q) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	nb_init(&b);
	for (int i = 0; i < argc - 1 && rc == SQLITE_OK; i++) {
		const char *t = (const char *)sqlite3_value_text(argv[i]);
		rc = normalise(&b, t, sqlite3_value_bytes(argv[i]));
	}
	if (rc != SQLITE_OK) {
		nb_free(&b);
		sqlite3_result_error_nomem(ctx);
		return;
	}
	bool all = true;
	for (size_t i = 0; i < q->n && all; i++)
		all = contains(b.p, b.len, q->run[i], q->len[i]);
	nb_free(&b);
	sqlite3_result_int(ctx, all && q->n > 0);
}

/* ---- repdesk_marked(id, set) ---- */

static void marked_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	store_marks *m = sqlite3_value_pointer(argv[1], STORE_MARKS_PTR);
	sqlite3_int64 id = sqlite3_value_int64(argv[0]);

	(void)argc;
	if (!m) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	if (m->bounded)
		m->left--;
	sqlite3_result_int(ctx, store_marks_has(m, id) || (m->bounded && m->left < 0));
}

int store_search_register(sqlite3 *h)
{
	static fts5_tokenizer tokenizer = { tok_create, tok_delete, tok_tokenize };
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &s, NULL);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	rc = sqlite3_finalize(s);
	if (rc != SQLITE_OK)
		return rc;
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	rc = api->xCreateTokenizer(api, "repdesk", NULL, &tokenizer, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_create_function_v2(h, "repdesk_match", -1,
	                                SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
	                                NULL, match_fn, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	return sqlite3_create_function_v2(h, "repdesk_marked", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
	                                  NULL, marked_fn, NULL, NULL, NULL);
}
