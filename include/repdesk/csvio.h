#ifndef REPDESK_CSVIO_H
#define REPDESK_CSVIO_H
/* Reading and writing CSV files through libcsv, with encodings converted at
 * this edge (UTF-8 with or without BOM, GB18030/GBK and UTF-16 with a BOM via
 * iconv) so everything above sees UTF-8 only. AUTO decides from the whole
 * file: UTF-8 when all of it is; refused (CSVIO_BAD_FILE at the first line
 * that is not) when some other line is; else GB18030. A header line with tabs
 * and no commas makes a tab-separated file (and UTF-16 files are tab-separated
 * unless their header has commas and no tabs). The reader guards libcsv's traps: BOM, unterminated
 * quotes, NUL bytes, ragged rows, huge fields, physical line numbers.
 * The writer writes to a temporary file and renames it on success.
 * (Not named csv.h: libcsv owns <csv.h>.) */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* UTF-16 is never asked for: AUTO finds it by its byte order mark. */
typedef enum {
	CSVIO_ENC_AUTO, CSVIO_ENC_UTF8, CSVIO_ENC_GB18030, CSVIO_ENC_UTF16LE, CSVIO_ENC_UTF16BE
} csvio_encoding;

typedef enum {
	CSVIO_ROW,        /* a row was read */
	CSVIO_EOF,        /* no more rows */
	CSVIO_BAD_ROW,    /* this row is bad (wrong field count, NUL byte, invalid
	                    UTF-8); the message says why; reading may continue */
	CSVIO_BAD_FILE,   /* the file cannot be read further (unterminated or
	                    malformed quote, undecodable bytes, field too large) */
	CSVIO_NO_FILE,    /* the file does not exist or cannot be opened */
	CSVIO_IO          /* a read error (or out of memory) */
} csvio_status;

/* Largest field accepted, in bytes; larger ones are a CSVIO_BAD_FILE. */
#define CSVIO_FIELD_MAX (8u * 1024u * 1024u)
/* Largest record (its fields' bytes together) and most fields in one record
 * (Excel's column limit); beyond either, CSVIO_BAD_FILE. With CSVIO_FIELD_MAX they
 * bound the reader's memory whatever the file's size. */
#define CSVIO_RECORD_MAX (32u * 1024u * 1024u)
#define CSVIO_COLUMNS_MAX 16384u

typedef struct csvio_reader csvio_reader;

typedef struct {
	size_t n;                  /* number of fields */
	char **fields;             /* UTF-8, NUL-terminated; valid until the next call */
	size_t *lens;              /* byte lengths (fields never contain NUL) */
	long line;                 /* physical line where the record starts (1-based) */
} csvio_row;

/* Open PATH ("-" is stdin) for reading. On failure returns NULL, sets *st to
 * CSVIO_NO_FILE or CSVIO_IO and writes "PATH: reason" to ERR. */
csvio_reader *csvio_read_open(const char *path, csvio_encoding enc, csvio_status *st,
                      char *err, size_t errsz);
/* Read the next record (the first one is the header). Every record must have
 * as many fields as the first. Quoted newlines are kept as "\n" (CRLF inside a
 * quoted field becomes LF, and so does CR in a file whose lines end in CR); a
 * BOM is stripped; blank lines (also ones of only spaces and tabs) are skipped
 * but counted. Otherwise fields are kept byte for byte: unquoted spaces are not
 * trimmed. On CSVIO_BAD_ROW/CSVIO_BAD_FILE the message in ERR is
 * "FILE:LINE[:COLUMN]: reason", COLUMN being the 1-based field number; after
 * CSVIO_BAD_ROW, ROW->line is set and ROW->n is 0. After CSVIO_BAD_FILE or
 * CSVIO_IO every later call returns the same. The reader owns ROW's memory. */
csvio_status csvio_read_next(csvio_reader *r, csvio_row *row, char *err, size_t errsz);
/* The encoding in use ("utf-8", "gb18030", "utf-16le" or "utf-16be") once
 * the first row was read ("auto" before, when detecting). */
const char *csvio_encoding_name(const csvio_reader *r);
const char *csvio_read_path(const csvio_reader *r);
void csvio_read_close(csvio_reader *r);

/* Undo what the writer did for a spreadsheet: a field that starts with one
 * or more apostrophes followed by one of = + - @ TAB CR loses one apostrophe;
 * a text column's ="..." gives back what is between the quotes. In place. */
void csvio_unneutralise(char *field);

typedef struct csvio_writer csvio_writer;

/* Open PATH for writing (NULL or "-": standard output). A file is written to
 * "PATH.tmp-XXXXXX" beside it and renamed over PATH by csvio_write_close, so an
 * earlier file survives a failure; through a symbolic link the file it points
 * to is replaced. An existing target that is not a regular file (/dev/stdout,
 * /dev/full, a pipe) is written directly. EXCEL: a UTF-8 BOM, CRLF line ends,
 * and text cells that start with = + - @ TAB CR (or apostrophes then one of
 * those) get a leading apostrophe; plain numbers such as -300.00 are left
 * alone. */
csvio_writer *csvio_write_open(const char *path, bool excel, char *err, size_t errsz);
/* In EXCEL mode, the columns whose TEXT entry is true (the first N; the
 * array stays the caller's) are written as ="..." so that a spreadsheet keeps
 * them as text: phone numbers and ids stay digits, not 1.38E+10. Values with
 * a quote, a line break or over 250 bytes are written as usual. So is, in
 * any column, a run of digits a spreadsheet would change as a number (a
 * leading 0, or 11 digits and more). */
void csvio_write_text_columns(csvio_writer *w, const bool *text, size_t n);
/* Write one record; fields are quoted only when needed (a NULL field is
 * written empty). Returns false on a write error (message in ERR). */
bool csvio_write_row(csvio_writer *w, const char *const *fields, size_t n, char *err, size_t errsz);
/* Flush, close, check for errors (a full disk shows here), rename into place.
 * Returns false (and removes the temporary file) on any error. Always frees W. */
bool csvio_write_close(csvio_writer *w, char *err, size_t errsz);
/* Discard: remove the temporary file, free W. */
void csvio_write_abort(csvio_writer *w);

#endif
