#ifndef REPDESK_IO_ENCODING_H
#define REPDESK_IO_ENCODING_H
/* Internal to src/io: the UTF-8 checks the CSV reader needs to tell UTF-8 from
 * GB18030 and to refuse invalid text. Pure; no iconv here. */

#include <stdbool.h>
#include <stddef.h>

/* Length of the longest valid UTF-8 prefix of S (N bytes): N when all of S is
 * valid. Overlong forms, surrogates and code points above U+10FFFF are
 * invalid. *CUT (if not NULL) is set when what stops the prefix is a sequence
 * that is valid so far but runs past the end of S — a character cut by a
 * chunk boundary, not an error. */
size_t io_utf8_prefix(const char *s, size_t n, bool *cut);

/* Whether the first bytes of a file (S, N bytes, AT_EOF if that is the whole
 * file) are UTF-8: a BOM, or valid UTF-8 up to a character cut at the end. */
bool io_looks_utf8(const char *s, size_t n, bool at_eof);

/* The line by line view of a file that is not UTF-8 throughout: is any line
 * with non-ASCII bytes UTF-8? Fed the whole file in pieces of any size
 * (io_lines_scan), then closed (io_lines_end). Lines end at LF, CR or CRLF,
 * as the reader counts them. */
typedef struct {
	long line;              /* the line being scanned (1-based) */
	long first_bad;         /* the first line that is not UTF-8, or 0 */
	long first_utf8;        /* the first line with non-ASCII bytes that is UTF-8, or 0 */
	/* scanning state */
	unsigned need, lo, hi;  /* continuation bytes still due, range of the next */
	bool bad, nonascii, after_cr;
} io_lines;

void io_lines_init(io_lines *l);
/* False once a UTF-8 line was seen: the rest cannot change the answer. */
bool io_lines_scan(io_lines *l, const char *s, size_t n);
void io_lines_end(io_lines *l);

#endif
