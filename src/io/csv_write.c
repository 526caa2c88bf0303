/* The CSV writer: minimal quoting, Excel's formula neutralisation, and a
 * temporary file renamed into place, so a full disk or a crash never leaves
 * half a file where a good one was. libcsv's writer always quotes and never
 * neutralises, so this one is ours. */
#include "repdesk/csvio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct csvio_writer {
	FILE *fp;
	bool own_fp;            /* false for standard output */
	char *name;             /* PATH as given, for messages; NULL for stdout */
	char *target;           /* the file replaced (a link's target resolved) */
	char *tmp;              /* "TARGET.tmp-XXXXXX", or NULL when writing directly */
	bool excel;
	const bool *text;       /* per column: keep as text in a spreadsheet */
	size_t ntext;
	bool failed;
	int err;                /* errno of the first failure */
	char *row;              /* the row being written: one fwrite per row, */
	size_t row_len, row_cap;/* not one per piece (each takes the stream's lock) */
};

static void msg(char *err, size_t errsz, const char *name, int e)
{
	if (err && errsz)
		snprintf(err, errsz, "%s: %s", name, strerror(e));
}

/* ---- Formula neutralisation ---- */

static bool is_trigger(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* -300.00 or +5: a number, not a formula, and an apostrophe would turn it
 * into text in Excel. */
static bool plain_number(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	if (!is_digit(*s))
		return false;
	while (is_digit(*s))
		s++;
	if (*s == '.') {
		s++;
		if (!is_digit(*s))
			return false;
		while (is_digit(*s))
			s++;
	}
	return *s == '\0';
}

/* A field that Excel would run as a formula gets an apostrophe. So does one
 * that already starts with apostrophes before a trigger, so that removing one
 * apostrophe (csvio_unneutralise) always gives back the original. The number
 * exception applies only without apostrophes for the same reason. */
static bool needs_apostrophe(const char *f)
{
	const char *p = f;
	while (*p == '\'')
		p++;
	return is_trigger(*p) && (p != f || !plain_number(f));
}

/* ="13800138000": Excel shows the text and keeps it text (no 1.38E+10, no
 * leading zero lost). Only where the formula is short and has no quote. */
static bool wraps_as_text(size_t len, bool special)
{
	return len > 0 && len <= 250 && !special;
}

/* Digits a spreadsheet would turn into a number and so change: a leading 0
 * lost (0755), 11 digits and more shown as 1.38E+10 or rounded. */
static bool mangled_as_number(const char *f, size_t len)
{
	if (len < 2 || (f[0] != '0' && len < 11))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_digit(f[i]))
			return false;
	return true;
}

/* The text inside ="...", in place; false when FIELD is not of that form. */
static bool unwrap_text(char *field)
{
	size_t len = strlen(field);
	if (len < 3 || field[0] != '=' || field[1] != '"' || field[len - 1] != '"')
		return false;
	if (memchr(field + 2, '"', len - 3))
		return false;
	memmove(field, field + 2, len - 3);
	field[len - 3] = '\0';
	return true;
}

void csvio_unneutralise(char *field)
{
	if (field && unwrap_text(field))
		return;
	if (!field || *field != '\'')
		return;
	const char *p = field;
	while (*p == '\'')
		p++;
	if (is_trigger(*p))
		memmove(field, field + 1, strlen(field));
}

/* ---- Opening and closing ---- */

static void release(csvio_writer *w)
{
	free(w->row);
	free(w->tmp);
	free(w->target);
	free(w->name);
	free(w);
}

/* Open a temporary file beside TARGET, with the mode TARGET has (mkstemp
 * makes 0600), or the usual one for a new file. */
static FILE *open_tmp(csvio_writer *w, const char *target)
{
	size_t n = strlen(target);
	w->tmp = malloc(n + sizeof ".tmp-XXXXXX");
	if (!w->tmp) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(w->tmp, target, n);
	memcpy(w->tmp + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
	int fd = mkstemp(w->tmp);
	if (fd < 0)
		return NULL;
	struct stat sb;
	mode_t mode;
	if (stat(target, &sb) == 0) {
		mode = sb.st_mode & 07777;
	} else {
		mode = umask(0);
		umask(mode);
		mode = 0666 & ~mode;
	}
	FILE *fp = NULL;
	if (fchmod(fd, mode) != 0 || !(fp = fdopen(fd, "w"))) {
		int e = errno;
		close(fd);
		unlink(w->tmp);
		errno = e;
	}
	return fp;
}

csvio_writer *csvio_write_open(const char *path, bool excel, char *err, size_t errsz)
{
	bool is_stdout = !path || strcmp(path, "-") == 0;
	csvio_writer *w = calloc(1, sizeof *w);
	if (w && !is_stdout)
		w->name = strdup(path);
	if (!w || (!is_stdout && !w->name)) {
		msg(err, errsz, is_stdout ? "standard output" : path, ENOMEM);
		free(w);
		return NULL;
	}
	w->excel = excel;
	if (is_stdout) {
		w->fp = stdout;
	} else {
		struct stat sb;
		w->own_fp = true;
		if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			/* /dev/stdout, /dev/full, a pipe: nothing to rename over, and
			 * nothing that a failure could spoil. */
			w->fp = fopen(path, "w");
		} else {
			/* Through a symbolic link, the file it points to is replaced
			 * and the link stays. */
			if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
				w->target = realpath(path, NULL);
			if (!w->target)
				w->target = strdup(path);
			if (w->target)
				w->fp = open_tmp(w, w->target);
			else
				errno = ENOMEM;
		}
		if (!w->fp) {
			msg(err, errsz, path, errno);
			release(w);
			return NULL;
		}
	}
	/* Excel reads a CSV without a BOM in the ANSI code page (GBK). */
	if (excel && fwrite("\xEF\xBB\xBF", 1, 3, w->fp) != 3) {
		w->failed = true;
		w->err = errno ? errno : EIO;
	}
	return w;
}

/* Flush and close; the first error wins. */
static void finish(csvio_writer *w)
{
	if (fflush(w->fp) != 0 && !w->failed) {
		w->failed = true;
		w->err = errno;
	}
	if (w->tmp && !w->failed && fsync(fileno(w->fp)) != 0) {
		w->failed = true;
		w->err = errno;
	}
	if (w->own_fp) {
		if (fclose(w->fp) != 0 && !w->failed) {
			w->failed = true;
			w->err = errno;
		}
	} else if (ferror(w->fp) && !w->failed) {
		w->failed = true;
		w->err = EIO;
	}
	w->fp = NULL;
}

/* So that the rename itself survives a crash; some file systems cannot fsync
 * a directory, which costs nothing but that guarantee. */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	if (!dir)
		return;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

bool csvio_write_close(csvio_writer *w, char *err, size_t errsz)
{
	if (!w)
		return false;
	finish(w);
	if (w->tmp) {
		if (!w->failed && rename(w->tmp, w->target) != 0) {
			w->failed = true;
			w->err = errno;
		}
		if (w->failed)
			unlink(w->tmp);
		else
			sync_dir(w->target);
	}
	bool ok = !w->failed;
	if (!ok)
		msg(err, errsz, w->name ? w->name : "standard output", w->err ? w->err : EIO);
	release(w);
	return ok;
}

void csvio_write_abort(csvio_writer *w)
{
	if (!w)
		return;
	if (w->own_fp)
		fclose(w->fp);
	else
		fflush(w->fp);
	if (w->tmp)
		unlink(w->tmp);
	release(w);
}

/* ---- Rows ---- */

static void fail(csvio_writer *w, int e)
{
	if (!w->failed) {
		w->failed = true;
		w->err = e ? e : EIO;
	}
}

/* Room in the row for N more bytes. */
static bool room(csvio_writer *w, size_t n)
{
	if (w->failed)
		return false;
	if (w->row_len + n <= w->row_cap)
		return true;
	size_t cap = w->row_cap ? w->row_cap * 2 : 4096;
	while (cap < w->row_len + n)
		cap *= 2;
	char *p = realloc(w->row, cap);
	if (!p) {
		fail(w, ENOMEM);
		return false;
	}
	w->row = p;
	w->row_cap = cap;
	return true;
}

/* Add N bytes at S to the row. */
static void put(csvio_writer *w, const char *s, size_t n)
{
	if (n && room(w, n)) {
		memcpy(w->row + w->row_len, s, n);
		w->row_len += n;
	}
}

/* Add the byte C to the row (separators and quotes: no call to memcpy). */
static void put1(csvio_writer *w, char c)
{
	if (room(w, 1))
		w->row[w->row_len++] = c;
}

/* Quote only what a reader would otherwise take apart or trim: separators,
 * quotes, line ends (SPECIAL: seen in F), surrounding spaces; a lone empty
 * field (that line would be blank, and blank lines are skipped); text that
 * would pass for a BOM. */
static bool needs_quotes(const char *f, size_t len, bool special, bool apostrophe, bool alone)
{
	if (len == 0)
		return alone && !apostrophe;
	if (special)
		return true;
	char first = apostrophe ? '\'' : f[0], last = f[len - 1];
	return first == ' ' || first == '\t' || last == ' ' || last == '\t' ||
	       (!apostrophe && len >= 3 && memcmp(f, "\xEF\xBB\xBF", 3) == 0);
}

static void put_field(csvio_writer *w, const char *f, bool alone, bool text)
{
	/* Length and the characters that force quotes in one call for most
	 * fields (a row is written for every customer of a book). */
	size_t len = strcspn(f, ",\"\r\n");
	bool special = f[len] != '\0';
	if (special)
		len += strlen(f + len);
	if ((text || (w->excel && mangled_as_number(f, len))) && wraps_as_text(len, special)) {
		put(w, "\"=\"\"", 4);
		put(w, f, len);
		put(w, "\"\"\"", 3);
		return;
	}
	bool apostrophe = w->excel && needs_apostrophe(f);
	bool quote = needs_quotes(f, len, special, apostrophe, alone);

	if (quote)
		put1(w, '"');
	if (apostrophe)
		put1(w, '\'');
	if (!quote) {
		put(w, f, len);
		return;
	}
	for (const char *q; (q = strchr(f, '"')); f = q + 1) {
		put(w, f, (size_t)(q - f) + 1);   /* through the quote, then again */
		put1(w, '"');
	}
	put(w, f, strlen(f));
	put1(w, '"');
}

void csvio_write_text_columns(csvio_writer *w, const bool *text, size_t n)
{
	w->text = text;
	w->ntext = text ? n : 0;
}

bool csvio_write_row(csvio_writer *w, const char *const *fields, size_t n, char *err, size_t errsz)
{
	w->row_len = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			put1(w, ',');
		put_field(w, fields[i] ? fields[i] : "", n == 1,
		          w->excel && i < w->ntext && w->text[i]);
	}
	if (w->excel)
		put1(w, '\r');
	put1(w, '\n');
	if (!w->failed && fwrite(w->row, 1, w->row_len, w->fp) != w->row_len)
		fail(w, errno);
	if (w->failed) {
		msg(err, errsz, w->name ? w->name : "standard output", w->err);
		return false;
	}
	return true;
}
