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

/* (Overridable so that a fuzzing build can put buffer ends everywhere, and
 * not spend its time in megabyte allocations. READ_CHUNK + 4 <= DETECT_MAX.) */
#ifndef READ_CHUNK
#define READ_CHUNK  (64u * 1024u)     /* one read of undecoded bytes */
#endif
#ifndef DETECT_MAX
#define DETECT_MAX  (1024u * 1024u)   /* one read of the pass that decides the
                                         encoding from the whole file */
#endif
#ifndef TEXT_CAP
#define TEXT_CAP    (128u * 1024u)    /* UTF-8 text waiting for libcsv */
#endif
#ifndef PARSER_BLK
#define PARSER_BLK  (1024u * 1024u)   /* libcsv grows by 128 bytes by default:
                                         seconds for a 1 MB field under ASan */
#endif
/* libcsv's field buffer also holds a closing quote before it knows the field
 * ended; past this size our realloc refuses and libcsv stops with ENOMEM. */
#define PARSER_BUF_MAX ((size_t)CSVIO_FIELD_MAX + 2)

enum input_error { IN_OK, IN_IO, IN_DECODE, IN_CUT, IN_ROUNDTRIP };

/* What stops the whole file (reported as CSVIO_BAD_FILE or CSVIO_IO). */
enum fatal {
	F_NONE, F_MALFORMED, F_FIELD_BIG, F_RECORD_BIG, F_COLUMNS, F_NOMEM
};

/* What makes one record bad (CSVIO_BAD_ROW); the first one found is named. */
enum bad { B_NONE, B_NUL, B_UTF8 };

struct csvio_reader {
	FILE *fp;
	bool own_fp;
	char *path;             /* as given */
	const char *name;       /* in messages */
	csvio_encoding enc;       /* CSVIO_ENC_AUTO until the first read decides */
	iconv_t cd;             /* GB18030 or UTF-16 -> UTF-8, or (iconv_t)-1 */
	iconv_t back;           /* UTF-8 -> GB18030, to check what cd made */

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
	bool delim_chosen;      /* comma or tab, from the header line */

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
	csvio_status dead;       /* CSVIO_ROW while readable, else repeated */
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
static csvio_status die(csvio_reader *r, csvio_status st, char *err, size_t errsz,
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
static csvio_status bad_row(const csvio_reader *r, char *err, size_t errsz, const char *fmt, ...)
{
	char reason[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	if (err && errsz)
		snprintf(err, errsz, "%s:%ld%s", r->name, r->rec_line, reason);
	return CSVIO_BAD_ROW;
}

/* The encoding's name as iconv and messages know it. */
static const char *enc_label(csvio_encoding enc)
{
	switch (enc) {
	case CSVIO_ENC_UTF16LE: return "UTF-16LE";
	case CSVIO_ENC_UTF16BE: return "UTF-16BE";
	case CSVIO_ENC_GB18030: return "GB18030";
	default: return "UTF-8";
	}
}

/* Converters for r->enc. GB18030 text is converted back too: glibc maps a
 * few four-byte sequences to characters that have a two-byte form as well,
 * and text that would not be written back as the same bytes is refused. */
static bool open_decoder(csvio_reader *r, char *err, size_t errsz)
{
	const char *label = enc_label(r->enc);
	r->cd = iconv_open("UTF-8", label);
	if (r->cd != (iconv_t)-1 && r->enc == CSVIO_ENC_GB18030)
		r->back = iconv_open("GB18030", "UTF-8");
	if (r->cd == (iconv_t)-1 || (r->enc == CSVIO_ENC_GB18030 && r->back == (iconv_t)-1)) {
		if (err && errsz)
			snprintf(err, errsz, _("%s: %s conversion: %s"), r->path, label, strerror(errno));
		return false;
	}
	return true;
}

csvio_reader *csvio_read_open(const char *path, csvio_encoding enc, csvio_status *st,
                      char *err, size_t errsz)
{
	csvio_status dummy;
	if (!st)
		st = &dummy;
	bool is_stdin = !path || strcmp(path, "-") == 0;
	if (is_stdin)
		path = "-";
	FILE *fp = is_stdin ? stdin : fopen(path, "rb");
	if (!fp) {
		*st = CSVIO_NO_FILE;
		if (err && errsz)
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (!is_stdin && fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		/* fopen succeeds on a directory; reading it would fail later. */
		fclose(fp);
		*st = CSVIO_NO_FILE;
		if (err && errsz)
			snprintf(err, errsz, "%s: %s", path, strerror(EISDIR));
		return NULL;
	}

	csvio_reader *r = calloc(1, sizeof *r);
	if (r) {
		r->path = strdup(path);
		r->text = malloc(TEXT_CAP);
		if (enc != CSVIO_ENC_UTF8)
			r->raw = malloc(DETECT_MAX);
	}
	if (!r || !r->path || !r->text || (enc != CSVIO_ENC_UTF8 && !r->raw)) {
		if (r) {
			free(r->path);
			free(r->text);
			free(r->raw);
			free(r);
		}
		if (!is_stdin)
			fclose(fp);
		*st = CSVIO_IO;
		if (err && errsz)
			snprintf(err, errsz, "%s: %s", path, strerror(ENOMEM));
		return NULL;
	}
	r->fp = fp;
	r->own_fp = !is_stdin;
	r->name = is_stdin ? "standard input" : r->path;
	r->enc = enc;
	r->cd = r->back = (iconv_t)-1;
	r->line = 1;
	r->dead = CSVIO_ROW;
	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_blk_size(&r->p, PARSER_BLK);
	csv_set_realloc_func(&r->p, capped_realloc);
	csv_set_space_func(&r->p, no_space);
	if (enc == CSVIO_ENC_GB18030 && !open_decoder(r, err, errsz)) {
		csvio_read_close(r);
		*st = CSVIO_IO;
		return NULL;
	}
	*st = CSVIO_ROW;
	return r;
}

void csvio_read_close(csvio_reader *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	if (r->back != (iconv_t)-1)
		iconv_close(r->back);
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

const char *csvio_encoding_name(const csvio_reader *r)
{
	switch (r->enc) {
	case CSVIO_ENC_UTF8: return "utf-8";
	case CSVIO_ENC_GB18030: return "gb18030";
	case CSVIO_ENC_UTF16LE: return "utf-16le";
	case CSVIO_ENC_UTF16BE: return "utf-16be";
	default: return "auto";
	}
}

const char *csvio_read_path(const csvio_reader *r)
{
	return r->path;
}

/* ---- Input: bytes to UTF-8 text ---- */

/* Read into BUF up to N bytes; a short count means end of file or error. */
static size_t read_raw(csvio_reader *r, char *buf, size_t n)
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

/* Back to the file's first byte for the reading proper. */
static bool rewind_input(csvio_reader *r)
{
	if (fseek(r->fp, 0, SEEK_SET) != 0) {
		r->in_err = IN_IO;
		r->in_errno = errno;
		return false;
	}
	r->rpos = r->rlen = 0;
	r->raw_eof = false;
	return true;
}

/* Whether the whole file is valid UTF-8: one pass over it, a chunk at a time
 * (a character cut by a read is carried to the next). A file that did not fit
 * in the first chunk is read again afterwards, so what is not a regular file
 * (standard input, a pipe) is copied to a temporary file on the way. */
static bool whole_file_utf8(csvio_reader *r, bool *valid, char *err, size_t errsz)
{
	struct stat sb;
	FILE *spool = NULL;
	if (!r->raw_eof && (fstat(fileno(r->fp), &sb) != 0 || !S_ISREG(sb.st_mode))) {
		spool = tmpfile();
		if (!spool) {
			die(r, CSVIO_IO, err, errsz, _("%s: temporary copy: %s"), r->name, strerror(errno));
			return false;
		}
	}
	*valid = true;
	size_t carry = 0, fresh = 0, n = r->rlen;
	for (;;) {
		if (spool && fwrite(r->raw + fresh, 1, n - fresh, spool) != n - fresh) {
			die(r, CSVIO_IO, err, errsz, _("%s: temporary copy: %s"), r->name, strerror(errno));
			fclose(spool);
			return false;
		}
		if (*valid) {
			bool cut;
			size_t ok = io_utf8_prefix(r->raw, n, &cut);
			carry = 0;
			if (ok < n && cut && !r->raw_eof) {
				carry = n - ok;
				memmove(r->raw, r->raw + ok, carry);
			} else if (ok < n) {
				*valid = false;
				if (!spool)
					break;
			}
		}
		if (r->raw_eof)
			break;
		fresh = carry;
		n = carry + read_raw(r, r->raw + carry, DETECT_MAX - carry);
	}
	if (r->in_err) {
		if (spool)
			fclose(spool);
		die(r, CSVIO_IO, err, errsz, "%s: %s", r->name, strerror(r->in_errno));
		return false;
	}
	if (spool) {
		if (fflush(spool) != 0 || ferror(spool)) {
			die(r, CSVIO_IO, err, errsz, _("%s: temporary copy: %s"), r->name, strerror(errno));
			fclose(spool);
			return false;
		}
		if (r->own_fp)
			fclose(r->fp);
		r->fp = spool;
		r->own_fp = true;
	}
	return true;
}

/* The file is not UTF-8 throughout: which lines are, which are not. */
static bool scan_lines(csvio_reader *r, io_lines *l, bool in_memory, char *err, size_t errsz)
{
	io_lines_init(l);
	if (in_memory) {
		io_lines_scan(l, r->raw, r->rlen);
	} else {
		if (!rewind_input(r)) {
			die(r, CSVIO_IO, err, errsz, "%s: %s", r->name, strerror(r->in_errno));
			return false;
		}
		while (!r->raw_eof) {
			size_t n = read_raw(r, r->raw, DETECT_MAX);
			if (!io_lines_scan(l, r->raw, n))
				break;
		}
		if (r->in_err) {
			die(r, CSVIO_IO, err, errsz, "%s: %s", r->name, strerror(r->in_errno));
			return false;
		}
	}
	io_lines_end(l);
	return true;
}

/* Decide the encoding from the whole file, never from a guess on its start:
 * UTF-8 when all of it is valid UTF-8, and also when it is not but some line
 * with non-ASCII bytes is (a stray byte in a UTF-8 file, or UTF-8 and GB18030
 * lines mixed): then its lines that are not UTF-8 are refused as bad rows
 * instead of the whole file turning into mojibake. Only when no line is UTF-8,
 * GB18030 (what Excel on Chinese Windows writes), whose decoder stops the file
 * at the first line that is not GB18030 either. A BOM says UTF-16; a ZIP or
 * OLE header, an Excel workbook. */
static bool detect(csvio_reader *r, char *err, size_t errsz)
{
	r->rlen = read_raw(r, r->raw, DETECT_MAX);
	if (r->in_err) {
		die(r, CSVIO_IO, err, errsz, "%s: %s", r->name, strerror(r->in_errno));
		return false;
	}
	const unsigned char *u = (const unsigned char *)r->raw;
	if (r->rlen >= 4 && (memcmp(u, "PK\x03\x04", 4) == 0 || memcmp(u, "\xD0\xCF\x11\xE0", 4) == 0)) {
		die(r, CSVIO_BAD_FILE, err, errsz,
		    _("%s: this is an Excel workbook, not a CSV file: save it as CSV in Excel"), r->name);
		return false;
	}
	if (r->rlen >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		r->enc = u[0] == 0xFF ? CSVIO_ENC_UTF16LE : CSVIO_ENC_UTF16BE;
		r->rpos = 2;            /* the BOM */
		char why[256];
		if (!open_decoder(r, why, sizeof why)) {
			die(r, CSVIO_IO, err, errsz, "%s", why);
			return false;
		}
		return true;
	}

	bool in_memory = r->raw_eof, valid;
	if (!whole_file_utf8(r, &valid, err, errsz))
		return false;
	if (!valid) {
		io_lines l;
		if (!scan_lines(r, &l, in_memory, err, errsz))
			return false;
		/* Read as UTF-8, the lines that are not are bad rows
		 * ("invalid UTF-8", with line and column): refused, never
		 * decoded as something else. */
		valid = l.first_utf8 != 0;
	}
	if (!in_memory && !rewind_input(r)) {
		die(r, CSVIO_IO, err, errsz, "%s: %s", r->name, strerror(r->in_errno));
		return false;
	}
	r->rpos = 0;
	r->enc = valid ? CSVIO_ENC_UTF8 : CSVIO_ENC_GB18030;
	char why[256];
	if (!valid && !open_decoder(r, why, sizeof why)) {
		die(r, CSVIO_IO, err, errsz, "%s", why);
		return false;
	}
	return true;
}

static void fill_utf8(csvio_reader *r)
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

/* Whether the UTF-8 text U8 (ULEN bytes, whole characters) converts back to
 * exactly the ORIG bytes (OLEN). */
static bool round_trips(csvio_reader *r, const char *orig, size_t olen, char *u8, size_t ulen)
{
	char buf[4096];
	iconv(r->back, NULL, NULL, NULL, NULL);
	while (ulen) {
		char *out = buf;
		size_t outleft = sizeof buf;
		size_t rc = iconv(r->back, &u8, &ulen, &out, &outleft);
		int e = errno;
		size_t got = sizeof buf - outleft;
		if (got > olen || memcmp(buf, orig, got) != 0)
			return false;
		orig += got;
		olen -= got;
		if (rc == (size_t)-1 && e != E2BIG)
			return false;
	}
	return olen == 0;
}

/* The length of the GB18030 character that starts at S (N bytes left). */
static size_t gb_char_len(const unsigned char *s, size_t n)
{
	if (s[0] < 0x81 || s[0] == 0xFF)
		return 1;
	if (n >= 2 && s[1] >= 0x30 && s[1] <= 0x39)
		return 4;
	return 2;
}

/* Some text from raw[A..] went into text[C..] and does not convert back to
 * the same bytes: do it again a character at a time to stop at the culprit
 * (the text before it is still given out, and the error is reported on its
 * line). */
static void find_roundtrip_error(csvio_reader *r, size_t a, size_t c)
{
	r->rpos = a;
	r->tlen = c;
	while (r->rpos < r->rlen) {
		size_t len = gb_char_len((unsigned char *)r->raw + r->rpos, r->rlen - r->rpos);
		if (len > r->rlen - r->rpos)
			return;         /* cut by the read: the next one has the rest */
		char *in = r->raw + r->rpos, *out = r->text + r->tlen;
		size_t inleft = len, outleft = TEXT_CAP - r->tlen;
		iconv(r->cd, NULL, NULL, NULL, NULL);
		size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
		size_t made = TEXT_CAP - r->tlen - outleft;
		if (rc == (size_t)-1 || inleft ||
		    !round_trips(r, r->raw + r->rpos, len, r->text + r->tlen, made)) {
			r->in_err = IN_ROUNDTRIP;
			r->nbad_bytes = len;
			memcpy(r->bad_bytes, r->raw + r->rpos, len);
			return;
		}
		r->rpos += len;
		r->tlen += made;
	}
}

static void fill_iconv(csvio_reader *r)
{
	size_t before = r->tlen;
	for (;;) {
		if (r->rpos < r->rlen) {
			size_t a = r->rpos, c = r->tlen;
			char *in = r->raw + r->rpos, *out = r->text + r->tlen;
			size_t inleft = r->rlen - r->rpos, outleft = TEXT_CAP - r->tlen;
			size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
			int e = errno;
			r->rpos = (size_t)(in - r->raw);
			r->tlen = (size_t)(out - r->text);
			if (r->back != (iconv_t)-1 &&
			    !round_trips(r, r->raw + a, r->rpos - a, r->text + c, r->tlen - c)) {
				find_roundtrip_error(r, a, c);
				if (r->in_err)
					return;
			}
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
				r->nbad_bytes = r->rlen - r->rpos < 4 ? r->rlen - r->rpos : 4;
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
static void fill(csvio_reader *r)
{
	r->lf_ok = false;
	if (r->tpos > 0) {
		memmove(r->text, r->text + r->tpos, r->tlen - r->tpos);
		r->tlen -= r->tpos;
		r->tpos = 0;
	}
	do {
		if (r->enc == CSVIO_ENC_UTF8)
			fill_utf8(r);
		else
			fill_iconv(r);
	} while (!r->bom_checked && r->tlen < 3 && !r->eof && !r->in_err);
	if (!r->bom_checked) {
		/* A BOM is not field data (libcsv would keep it, and fail on a
		 * quoted header in strict mode). GB18030's own BOM decodes to this. */
		if (r->tlen >= 3 && memcmp(r->text, "\xEF\xBB\xBF", 3) == 0)
			r->tpos = 3;
		r->bom_checked = true;
	}
}

static csvio_status input_error(csvio_reader *r, char *err, size_t errsz)
{
	char hex[16] = "";
	for (size_t i = 0; i < r->nbad_bytes; i++)
		snprintf(hex + 3 * i, sizeof hex - 3 * i, " %02X", r->bad_bytes[i]);
	switch (r->in_err) {
	case IN_DECODE:
		return die(r, CSVIO_BAD_FILE, err, errsz, _("%s:%ld: bytes not valid in %s:%s"),
		           r->name, r->line, enc_label(r->enc), hex);
	case IN_CUT:
		return die(r, CSVIO_BAD_FILE, err, errsz,
		           _("%s:%ld: incomplete %s character at end of file:%s"),
		           r->name, r->line, enc_label(r->enc), hex);
	case IN_ROUNDTRIP:
		return die(r, CSVIO_BAD_FILE, err, errsz,
		           _("%s:%ld: GB18030 bytes that would not be written back the same:%s"),
		           r->name, r->line, hex);
	default:
		return die(r, CSVIO_IO, err, errsz, "%s: %s", r->name, strerror(r->in_errno));
	}
}

static bool is_eol(char c)
{
	return c == '\n' || c == '\r';
}

/* ---- libcsv callbacks: build the record ---- */

static bool grow_arena(csvio_reader *r, size_t need)
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

static bool grow_fields(csvio_reader *r)
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
	csvio_reader *r = user;
	const char *f = data;
	size_t col = r->nf + 1;

	if (r->fatal)
		return;
	if (len > CSVIO_FIELD_MAX || r->nf == CSVIO_COLUMNS_MAX || r->alen + len + 1 > CSVIO_RECORD_MAX) {
		r->fatal = len > CSVIO_FIELD_MAX ? F_FIELD_BIG
		         : r->nf == CSVIO_COLUMNS_MAX ? F_COLUMNS : F_RECORD_BIG;
		r->fatal_col = col;
		return;
	}
	if (!r->bad && len && memchr(f, '\0', len)) {
		r->bad = B_NUL;
		r->bad_col = col;
	} else if (!r->bad && r->enc == CSVIO_ENC_UTF8 && io_utf8_prefix(f, len, NULL) != len) {
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
	((csvio_reader *)user)->row_done = true;
}

/* ---- Records ---- */

/* Tab-separated text is what Excel saves as "Unicode Text" (UTF-16): such a
 * file is read with tabs unless its header line has commas and no tabs, any
 * other with commas unless its header line has tabs and no commas. I is where
 * the header line starts. */
static void choose_delim(csvio_reader *r, size_t i)
{
	const char *t = r->text + i;
	size_t n = r->tlen - i;
	for (size_t k = 0; k < n; k++)
		if (is_eol(t[k]))
			n = k;
	bool tab = memchr(t, '\t', n) != NULL, comma = memchr(t, ',', n) != NULL;
	bool utf16 = r->enc == CSVIO_ENC_UTF16LE || r->enc == CSVIO_ENC_UTF16BE;
	if (utf16 ? !(comma && !tab) : tab && !comma)
		csv_set_delim(&r->p, '\t');
	r->delim_chosen = true;
}

static void start_record(csvio_reader *r)
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
static bool feed(csvio_reader *r, size_t end)
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

static csvio_status fatal_error(csvio_reader *r, char *err, size_t errsz)
{
	const char *name = r->name;
	unsigned mib = CSVIO_FIELD_MAX / (1024u * 1024u);
	switch (r->fatal) {
	case F_MALFORMED:
		/* p.quoted tells which rule was broken. */
		return die(r, CSVIO_BAD_FILE, err, errsz, _("%s:%ld:%zu: malformed quote: %s"),
		           name, r->line, r->fatal_col,
		           r->p.quoted ? "text after the closing quote"
		                       : "a quote inside an unquoted field");
	case F_FIELD_BIG:
		if (r->quote_open)
			return die(r, CSVIO_BAD_FILE, err, errsz,
			           _("%s:%ld: unterminated quote (or a field larger than %u MiB)"),
			           name, r->quote_line, mib);
		return die(r, CSVIO_BAD_FILE, err, errsz, _("%s:%ld:%zu: field larger than %u MiB"),
		           name, r->rec_line, r->fatal_col, mib);
	case F_RECORD_BIG:
		return die(r, CSVIO_BAD_FILE, err, errsz, _("%s:%ld: record larger than %u MiB"),
		           name, r->rec_line, CSVIO_RECORD_MAX / (1024u * 1024u));
	case F_COLUMNS:
		return die(r, CSVIO_BAD_FILE, err, errsz, _("%s:%ld: more than %u fields"),
		           name, r->rec_line, CSVIO_COLUMNS_MAX);
	default:
		return die(r, CSVIO_IO, err, errsz, "%s: %s", name, strerror(ENOMEM));
	}
}

static csvio_status finish_record(csvio_reader *r, csvio_row *row, char *err, size_t errsz)
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
	return CSVIO_ROW;
}

static csvio_status at_end(csvio_reader *r, csvio_row *row, char *err, size_t errsz)
{
	if (!r->in_record)
		return CSVIO_EOF;
	/* libcsv reports an unterminated quote only here, with no position
	 * (STRICT_FINI): the line is ours. */
	if (csv_fini(&r->p, on_field, on_record, r) != 0)
		return die(r, CSVIO_BAD_FILE, err, errsz, _("%s:%ld: unterminated quote"),
		           r->name, r->quote_line);
	if (r->fatal)
		return fatal_error(r, err, errsz);
	return finish_record(r, row, err, errsz);
}

/* The end of the physical line that goes on at text[i]: the index of its CR
 * or LF, or tlen. Quotes on the way are counted to know where an unterminated
 * one began (the line end may be inside one). memchr, because this runs over
 * every byte of the file. */
static size_t scan_line(csvio_reader *r, size_t i)
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

csvio_status csvio_read_next(csvio_reader *r, csvio_row *row, char *err, size_t errsz)
{
	row->n = 0;
	row->fields = NULL;
	row->lens = NULL;
	row->line = 0;
	if (r->dead != CSVIO_ROW) {
		set_err(err, errsz, r->msg);
		return r->dead;
	}
	if (r->enc == CSVIO_ENC_AUTO && !detect(r, err, errsz))
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
			if (j < r->tlen ? is_eol(t[j]) : !more) {
				i = r->tpos = j;        /* only its line end is left */
			} else {
				if (!r->delim_chosen)
					choose_delim(r, i);
				start_record(r);
			}
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
