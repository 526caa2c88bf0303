/* The CSV reader: file bytes -> UTF-8 text -> libcsv -> one record at a time.
 *
 * libcsv is fed one physical line at a time, never more: so we know the line
 * each record starts on, the line where a still-open quote began (libcsv only
 * says "unterminated" at csv_fini, with no position), and we can stop as soon
 * as a record ends, keeping the rest of the text for the next call. Memory is
 * two buffers, libcsv's field buffer (capped) and one record (capped),
 * whatever the file's size. */
#include "repdesk/csvio.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "encoding.h"
#include "repdesk/i18n.h"

/* (Overridable so that a fuzzing build can put buffer ends everywhere.) */
#ifndef READ_CHUNK
#define READ_CHUNK  (64u * 1024u)     /* one read of undecoded bytes */
#endif
#define DETECT_MAX  (1024u * 1024u)   /* bytes looked at to guess the encoding */
#ifndef TEXT_CAP
#define TEXT_CAP    (128u * 1024u)    /* UTF-8 text waiting for libcsv */
#endif
#define PARSER_BLK  (1024u * 1024u)   /* libcsv grows by 128 bytes by default:
                                         seconds for a 1 MB field under ASan */
/* libcsv's field buffer also holds a closing quote before it knows the field
 * ended; past this size our realloc refuses and libcsv stops with ENOMEM. */
#define PARSER_BUF_MAX ((size_t)CSV_FIELD_MAX + 2)

enum input_error { IN_OK, IN_IO, IN_DECODE, IN_CUT };

/* What stops the whole file (reported as CSVR_BAD_FILE or CSVR_IO). */
enum fatal {
	F_NONE, F_MALFORMED, F_FIELD_BIG, F_RECORD_BIG, F_COLUMNS, F_NOMEM
};

/* What makes one record bad (CSVR_BAD_ROW); the first one found is named. */
enum bad { B_NONE, B_NUL, B_UTF8 };

struct csv_reader {
	FILE *fp;
	bool own_fp;
	char *path;             /* as given */
	const char *name;       /* in messages */
	csv_encoding enc;       /* CSV_ENC_AUTO until the first read decides */
	iconv_t cd;             /* GB18030 -> UTF-8, or (iconv_t)-1 */

	char *raw;              /* undecoded bytes (detection, GB18030) */
	size_t rpos, rlen;
	bool raw_eof;
	char *text;             /* UTF-8 text not yet given to libcsv */
	size_t tpos, tlen;
	size_t lf;              /* index of the next LF (or tlen), if lf_ok */
	bool lf_ok;
	bool eof;               /* no text will come beyond text[tlen] */
	enum input_error in_err;/* sticky: reported once the text before it is used */
	int in_errno;
	unsigned char bad_bytes[4];
	size_t nbad_bytes;
	bool bom_checked;

	struct csv_parser p;
	long line;              /* physical line of text[tpos] */
	bool eol_seen, cr_only; /* the file's first line end was a lone CR */
	bool in_record;
	long rec_line;
	bool quote_open;        /* odd number of quotes so far in this record */
	long quote_line;        /* where the last opening quote was */
	bool after_quote;       /* the last byte scanned was a quote */

	/* The record the callbacks are building. */
	char *arena;
	size_t alen, acap;
	size_t *offs, *lens;
	char **ptrs;
	size_t nf, fcap;
	bool row_done;
	enum bad bad;
	size_t bad_col;
	enum fatal fatal;
	size_t fatal_col;

	size_t ncols;           /* the header's field count; 0 before it */
	csvr_status dead;       /* CSVR_ROW while readable, else repeated */
	char msg[1024];
};

static void *capped_realloc(void *old, size_t n)
{
	/* A field that outgrows the cap (often an unterminated quote swallowing
	 * the file) fails here early rather than eating memory. */
	return n > PARSER_BUF_MAX ? NULL : realloc(old, n);
}

static int no_space(unsigned char c)
{
	/* Unquoted fields are kept byte for byte, spaces included (RFC 4180);
	 * trimming is the importer's decision, and it knows about U+3000. */
	(void)c;
	return 0;
}

static void set_err(char *err, size_t errsz, const char *msg)
{
	if (err && errsz)
		snprintf(err, errsz, "%s", msg);
}

/* Stop reading for good: the same status and message on every later call. */
__attribute__((format(printf, 5, 6)))
static csvr_status die(csv_reader *r, csvr_status st, char *err, size_t errsz,
                       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
	r->dead = st;
	set_err(err, errsz, r->msg);
	return st;
}

__attribute__((format(printf, 4, 5)))
static csvr_status bad_row(const csv_reader *r, char *err, size_t errsz, const char *fmt, ...)
{
	char reason[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	if (err && errsz)
		snprintf(err, errsz, "%s:%ld%s", r->name, r->rec_line, reason);
	return CSVR_BAD_ROW;
}

csv_reader *csvr_open(const char *path, csv_encoding enc, csvr_status *st,
                      char *err, size_t errsz)
{
	csvr_status dummy;
	if (!st)
		st = &dummy;
	bool is_stdin = !path || strcmp(path, "-") == 0;
	if (is_stdin)
		path = "-";
	FILE *fp = is_stdin ? stdin : fopen(path, "rb");
	if (!fp) {
		*st = CSVR_NO_FILE;
		if (err && errsz)
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (!is_stdin && fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		/* fopen succeeds on a directory; reading it would fail later. */
		fclose(fp);
		*st = CSVR_NO_FILE;
		if (err && errsz)
			snprintf(err, errsz, "%s: %s", path, strerror(EISDIR));
		return NULL;
	}

	csv_reader *r = calloc(1, sizeof *r);
	if (r) {
		r->path = strdup(path);
		r->text = malloc(TEXT_CAP);
		if (enc != CSV_ENC_UTF8)
			r->raw = malloc(DETECT_MAX);
	}
	if (!r || !r->path || !r->text || (enc != CSV_ENC_UTF8 && !r->raw)) {
		if (r) {
			free(r->path);
			free(r->text);
			free(r->raw);
			free(r);
		}
		if (!is_stdin)
			fclose(fp);
		*st = CSVR_IO;
		if (err && errsz)
			snprintf(err, errsz, "%s: %s", path, strerror(ENOMEM));
		return NULL;
	}
	r->fp = fp;
	r->own_fp = !is_stdin;
	r->name = is_stdin ? "standard input" : r->path;
	r->enc = enc;
	r->cd = (iconv_t)-1;
	r->line = 1;
	r->dead = CSVR_ROW;
	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_blk_size(&r->p, PARSER_BLK);
	csv_set_realloc_func(&r->p, capped_realloc);
	csv_set_space_func(&r->p, no_space);
	if (enc == CSV_ENC_GB18030) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1) {
			int e = errno;
			csvr_close(r);
			*st = CSVR_IO;
			if (err && errsz)
				snprintf(err, errsz, _("%s: GB18030 conversion: %s"), path, strerror(e));
			return NULL;
		}
	}
	*st = CSVR_ROW;
	return r;
}

void csvr_close(csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	if (r->own_fp)
		fclose(r->fp);
	free(r->path);
	free(r->raw);
	free(r->text);
	free(r->arena);
	free(r->offs);
	free(r->lens);
	free(r->ptrs);
	free(r);
}

const char *csvr_encoding_name(const csv_reader *r)
{
	switch (r->enc) {
	case CSV_ENC_UTF8: return "utf-8";
	case CSV_ENC_GB18030: return "gb18030";
	default: return "auto";
	}
}

const char *csvr_path(const csv_reader *r)
{
	return r->path;
}

/* ---- Input: bytes to UTF-8 text ---- */

/* Read into BUF up to N bytes; a short count means end of file or error. */
static size_t read_raw(csv_reader *r, char *buf, size_t n)
{
	size_t got = fread(buf, 1, n, r->fp);
	if (got < n) {
		if (ferror(r->fp)) {
			r->in_err = IN_IO;
			r->in_errno = errno ? errno : EIO;
		}
		r->raw_eof = true;
	}
	return got;
}

/* Decide the encoding from the first chunk: what is valid UTF-8 (a character
 * cut at the chunk's end allowed) is UTF-8, anything else is taken for
 * GB18030, which is what Excel on Chinese Windows writes. */
static bool detect(csv_reader *r, char *err, size_t errsz)
{
	r->rlen = read_raw(r, r->raw, DETECT_MAX);
	if (io_looks_utf8(r->raw, r->rlen, r->raw_eof)) {
		r->enc = CSV_ENC_UTF8;
		return true;
	}
	r->enc = CSV_ENC_GB18030;
	r->cd = iconv_open("UTF-8", "GB18030");
	if (r->cd == (iconv_t)-1) {
		die(r, CSVR_IO, err, errsz, _("%s: GB18030 conversion: %s"), r->name, strerror(errno));
		return false;
	}
	return true;
}

static void fill_utf8(csv_reader *r)
{
	size_t room = TEXT_CAP - r->tlen;
	if (r->rpos < r->rlen) {        /* what detection read comes first */
		size_t n = r->rlen - r->rpos < room ? r->rlen - r->rpos : room;
		memcpy(r->text + r->tlen, r->raw + r->rpos, n);
		r->rpos += n;
		r->tlen += n;
		return;
	}
	if (!r->raw_eof)
		r->tlen += read_raw(r, r->text + r->tlen, room);
	if (r->raw_eof && !r->in_err)
		r->eof = true;
}

static void fill_gb18030(csv_reader *r)
{
	size_t before = r->tlen;
	for (;;) {
		if (r->rpos < r->rlen) {
			char *in = r->raw + r->rpos, *out = r->text + r->tlen;
			size_t inleft = r->rlen - r->rpos, outleft = TEXT_CAP - r->tlen;
			size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
			int e = errno;
			r->rpos = (size_t)(in - r->raw);
			r->tlen = (size_t)(out - r->text);
			if (rc == (size_t)-1 && e == E2BIG)
				return;
			if (rc == (size_t)-1 && e != EINVAL) {
				/* The text before the bad bytes is still given out, so the
				 * error is reported on the line where they are. */
				r->in_err = IN_DECODE;
				r->nbad_bytes = r->rlen - r->rpos < 4 ? r->rlen - r->rpos : 4;
				memcpy(r->bad_bytes, r->raw + r->rpos, r->nbad_bytes);
				return;
			}
			/* All converted, or EINVAL: a character cut by the read, its
			 * first bytes stay in raw for the next one. */
		}
		if (r->tlen > before)
			return;
		if (r->raw_eof) {
			if (r->in_err)
				return;
			if (r->rpos < r->rlen) {
				r->in_err = IN_CUT;
				r->nbad_bytes = r->rlen - r->rpos;
				memcpy(r->bad_bytes, r->raw + r->rpos, r->nbad_bytes);
			} else {
				r->eof = true;
			}
			return;
		}
		memmove(r->raw, r->raw + r->rpos, r->rlen - r->rpos);
		r->rlen -= r->rpos;
		r->rpos = 0;
		r->rlen += read_raw(r, r->raw + r->rlen, READ_CHUNK);
	}
}

/* Make more text available after text[tlen]. Callers make sure there will be
 * room for a character once text[0, tpos) is dropped; afterwards there is more
 * text, or eof or in_err is set. */
static void fill(csv_reader *r)
{
	r->lf_ok = false;
	if (r->tpos > 0) {
		memmove(r->text, r->text + r->tpos, r->tlen - r->tpos);
		r->tlen -= r->tpos;
		r->tpos = 0;
	}
	do {
		if (r->enc == CSV_ENC_UTF8)
			fill_utf8(r);
		else
			fill_gb18030(r);
	} while (!r->bom_checked && r->tlen < 3 && !r->eof && !r->in_err);
	if (!r->bom_checked) {
		/* A BOM is not field data (libcsv would keep it, and fail on a
		 * quoted header in strict mode). GB18030's own BOM decodes to this. */
		if (r->tlen >= 3 && memcmp(r->text, "\xEF\xBB\xBF", 3) == 0)
			r->tpos = 3;
		r->bom_checked = true;
	}
}

static csvr_status input_error(csv_reader *r, char *err, size_t errsz)
{
	char hex[16] = "";
	for (size_t i = 0; i < r->nbad_bytes; i++)
		snprintf(hex + 3 * i, sizeof hex - 3 * i, " %02X", r->bad_bytes[i]);
	switch (r->in_err) {
	case IN_DECODE:
		return die(r, CSVR_BAD_FILE, err, errsz, _("%s:%ld: bytes not valid in GB18030:%s"),
		           r->name, r->line, hex);
	case IN_CUT:
		return die(r, CSVR_BAD_FILE, err, errsz,
		           _("%s:%ld: incomplete GB18030 character at end of file:%s"),
		           r->name, r->line, hex);
	default:
		return die(r, CSVR_IO, err, errsz, "%s: %s", r->name, strerror(r->in_errno));
	}
}

/* ---- libcsv callbacks: build the record ---- */

static bool grow_arena(csv_reader *r, size_t need)
{
	if (need <= r->acap)
		return true;
	size_t cap = r->acap ? r->acap : 256;
	while (cap < need)
		cap *= 2;
	char *a = realloc(r->arena, cap);
	if (!a)
		return false;
	r->arena = a;
	r->acap = cap;
	return true;
}

static bool grow_fields(csv_reader *r)
{
	if (r->nf < r->fcap)
		return true;
	size_t cap = r->fcap ? 2 * r->fcap : 16;
	size_t *o = realloc(r->offs, cap * sizeof *o);
	if (o)
		r->offs = o;
	size_t *l = realloc(r->lens, cap * sizeof *l);
	if (l)
		r->lens = l;
	char **q = realloc(r->ptrs, cap * sizeof *q);
	if (q)
		r->ptrs = q;
	if (!o || !l || !q)
		return false;
	r->fcap = cap;
	return true;
}

static void on_field(void *data, size_t len, void *user)
{
	csv_reader *r = user;
	const char *f = data;
	size_t col = r->nf + 1;

	if (r->fatal)
		return;
	if (len > CSV_FIELD_MAX || r->nf == CSV_COLUMNS_MAX || r->alen + len + 1 > CSV_RECORD_MAX) {
		r->fatal = len > CSV_FIELD_MAX ? F_FIELD_BIG
		         : r->nf == CSV_COLUMNS_MAX ? F_COLUMNS : F_RECORD_BIG;
		r->fatal_col = col;
		return;
	}
	if (!r->bad && len && memchr(f, '\0', len)) {
		r->bad = B_NUL;
		r->bad_col = col;
	} else if (!r->bad && r->enc == CSV_ENC_UTF8 && io_utf8_prefix(f, len, NULL) != len) {
		r->bad = B_UTF8;     /* iconv's output needs no check */
		r->bad_col = col;
	}
	if (!grow_fields(r) || !grow_arena(r, r->alen + len + 1)) {
		r->fatal = F_NOMEM;
		return;
	}

	/* Only quoted fields can hold CR: CRLF becomes LF, and so does a lone CR
	 * in a file whose lines end in CR. Elsewhere a lone CR is data. */
	char *d = r->arena + r->alen;
	size_t n = len;
	if (len && memchr(f, '\r', len)) {
		n = 0;
		for (size_t i = 0; i < len; i++) {
			if (f[i] == '\r' && i + 1 < len && f[i + 1] == '\n')
				continue;
			d[n++] = f[i] == '\r' && r->cr_only ? '\n' : f[i];
		}
	} else if (len) {
		memcpy(d, f, len);
	}
	d[n] = '\0';
	r->offs[r->nf] = r->alen;
	r->lens[r->nf] = n;
	r->nf++;
	r->alen += n + 1;
}

static void on_record(int c, void *user)
{
	(void)c;
	((csv_reader *)user)->row_done = true;
}

/* ---- Records ---- */

static void start_record(csv_reader *r)
{
	r->in_record = true;
	r->rec_line = r->line;
	r->quote_open = r->after_quote = false;
	r->nf = r->alen = 0;
	r->bad = B_NONE;
	r->row_done = false;
}

/* Give text[tpos, end) to libcsv (if a record is under way). False when the
 * file cannot be read further: r->fatal says why. */
static bool feed(csv_reader *r, size_t end)
{
	const char *s = r->text + r->tpos;
	size_t n = end - r->tpos;
	r->tpos = end;
	if (!r->in_record || n == 0)
		return true;
	if (csv_parse(&r->p, s, n, on_field, on_record, r) != n && !r->fatal) {
		if (csv_error(&r->p) == CSV_EPARSE)
			r->fatal = F_MALFORMED;
		else if (csv_get_buffer_size(&r->p) + PARSER_BLK > PARSER_BUF_MAX)
			r->fatal = F_FIELD_BIG;
		else
			r->fatal = F_NOMEM;
		r->fatal_col = r->nf + 1;
	}
	return !r->fatal;
}

static csvr_status fatal_error(csv_reader *r, char *err, size_t errsz)
{
	const char *name = r->name;
	unsigned mib = CSV_FIELD_MAX / (1024u * 1024u);
	switch (r->fatal) {
	case F_MALFORMED:
		/* p.quoted tells which rule was broken. */
		return die(r, CSVR_BAD_FILE, err, errsz, _("%s:%ld:%zu: malformed quote: %s"),
		           name, r->line, r->fatal_col,
		           r->p.quoted ? "text after the closing quote"
		                       : "a quote inside an unquoted field");
	case F_FIELD_BIG:
		if (r->quote_open)
			return die(r, CSVR_BAD_FILE, err, errsz,
			           _("%s:%ld: unterminated quote (or a field larger than %u MiB)"),
			           name, r->quote_line, mib);
		return die(r, CSVR_BAD_FILE, err, errsz, _("%s:%ld:%zu: field larger than %u MiB"),
		           name, r->rec_line, r->fatal_col, mib);
	case F_RECORD_BIG:
		return die(r, CSVR_BAD_FILE, err, errsz, _("%s:%ld: record larger than %u MiB"),
		           name, r->rec_line, CSV_RECORD_MAX / (1024u * 1024u));
	case F_COLUMNS:
		return die(r, CSVR_BAD_FILE, err, errsz, _("%s:%ld: more than %u fields"),
		           name, r->rec_line, CSV_COLUMNS_MAX);
	default:
		return die(r, CSVR_IO, err, errsz, "%s: %s", name, strerror(ENOMEM));
	}
}

static csvr_status finish_record(csv_reader *r, csv_row *row, char *err, size_t errsz)
{
	r->in_record = false;
	r->row_done = false;
	row->line = r->rec_line;
	if (r->ncols == 0)
		r->ncols = r->nf;
	else if (r->nf != r->ncols)
		return bad_row(r, err, errsz, ": expected %zu fields, got %zu", r->ncols, r->nf);
	if (r->bad == B_NUL)
		return bad_row(r, err, errsz, ":%zu: NUL byte in field", r->bad_col);
	if (r->bad == B_UTF8)
		return bad_row(r, err, errsz, ":%zu: invalid UTF-8", r->bad_col);
	for (size_t i = 0; i < r->nf; i++)
		r->ptrs[i] = r->arena + r->offs[i];
	row->n = r->nf;
	row->fields = r->ptrs;
	row->lens = r->lens;
	return CSVR_ROW;
}

static csvr_status at_end(csv_reader *r, csv_row *row, char *err, size_t errsz)
{
	if (!r->in_record)
		return CSVR_EOF;
	/* libcsv reports an unterminated quote only here, with no position
	 * (STRICT_FINI): the line is ours. */
	if (csv_fini(&r->p, on_field, on_record, r) != 0)
		return die(r, CSVR_BAD_FILE, err, errsz, _("%s:%ld: unterminated quote"),
		           r->name, r->quote_line);
	if (r->fatal)
		return fatal_error(r, err, errsz);
	return finish_record(r, row, err, errsz);
}

static bool is_eol(char c)
{
	return c == '\n' || c == '\r';
}

/* The end of the physical line that goes on at text[i]: the index of its CR
 * or LF, or tlen. Quotes on the way are counted to know where an unterminated
 * one began (the line end may be inside one). memchr, because this runs over
 * every byte of the file. */
static size_t scan_line(csv_reader *r, size_t i)
{
	const char *t = r->text;
	/* The next LF is remembered: searching again from every CR of a file
	 * without LFs would be quadratic. */
	if (!r->lf_ok || r->lf < i) {
		const char *lf = memchr(t + i, '\n', r->tlen - i);
		r->lf = lf ? (size_t)(lf - t) : r->tlen;
		r->lf_ok = true;
	}
	const char *cr = memchr(t + i, '\r', r->lf - i);
	size_t end = cr ? (size_t)(cr - t) : r->lf;
	for (const char *q = t + i; (q = memchr(q, '"', (size_t)(t + end - q))); q++) {
		/* The second quote of a "" pair reopens, but began nothing. */
		bool pair = q > t + i ? q[-1] == '"' : r->after_quote;
		if ((r->quote_open = !r->quote_open) && !pair)
			r->quote_line = r->line;
	}
	if (end > i)
		r->after_quote = t[end - 1] == '"';
	return end;
}

csvr_status csvr_next(csv_reader *r, csv_row *row, char *err, size_t errsz)
{
	row->n = 0;
	row->fields = NULL;
	row->lens = NULL;
	row->line = 0;
	if (r->dead != CSVR_ROW) {
		set_err(err, errsz, r->msg);
		return r->dead;
	}
	if (r->enc == CSV_ENC_AUTO && !detect(r, err, errsz))
		return r->dead;

	for (;;) {
		if (r->tpos == r->tlen) {
			if (r->in_err)
				return input_error(r, err, errsz);
			if (r->eof)
				return at_end(r, row, err, errsz);
			fill(r);
			continue;
		}
		const char *t = r->text;
		bool more = !r->eof && !r->in_err;      /* text may follow text[tlen] */
		/* fill() compacts first; leave iconv room for a whole character */
		bool room = TEXT_CAP - (r->tlen - r->tpos) >= 16;
		size_t i = r->tpos;

		if (!r->in_record) {
			/* A line of nothing but spaces and tabs is blank, like an empty
			 * one: skipped, but counted. */
			size_t j = i;
			while (j < r->tlen && (t[j] == ' ' || t[j] == '\t'))
				j++;
			if (j == r->tlen && more && room) {
				fill(r);
				continue;
			}
			if (j < r->tlen ? is_eol(t[j]) : !more)
				i = r->tpos = j;        /* only its line end is left */
			else
				start_record(r);
			if (i == r->tlen)
				continue;
		}

		i = scan_line(r, i);
		if (i == r->tlen) {             /* the line goes on past our text */
			if (!feed(r, i))
				return fatal_error(r, err, errsz);
			continue;
		}
		if (t[i] == '\r' && i + 1 == r->tlen && more) {
			/* CR or CRLF? Feed up to the CR and look further. */
			if (!feed(r, i))
				return fatal_error(r, err, errsz);
			fill(r);
			continue;
		}
		size_t end = i + 1;
		if (t[i] == '\r' && end < r->tlen && t[end] == '\n')
			end++;
		if (!r->eol_seen) {
			r->eol_seen = true;
			r->cr_only = t[i] == '\r' && end == i + 1;
		}
		if (!feed(r, end))
			return fatal_error(r, err, errsz);
		r->line++;
		r->after_quote = false;
		if (r->row_done)
			return finish_record(r, row, err, errsz);
	}
}
