#ifndef REPDESK_CSV_H
#define REPDESK_CSV_H
/* Reading and writing CSV files through libcsv, with encodings converted at
 * this edge (UTF-8 with or without BOM, GB18030/GBK and UTF-16 with a BOM via
 * iconv) so everything above sees UTF-8 only. AUTO decides from the whole
 * file: UTF-8 when all of it is; refused (CSVR_BAD_FILE at the first line
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
	CSV_ENC_AUTO, CSV_ENC_UTF8, CSV_ENC_GB18030, CSV_ENC_UTF16LE, CSV_ENC_UTF16BE
} csv_encoding;

typedef enum {
	CSVR_ROW,        /* a row was read */
	CSVR_EOF,        /* no more rows */
	CSVR_BAD_ROW,    /* this row is bad (wrong field count, NUL byte, invalid
	                    UTF-8); the message says why; reading may continue */
	CSVR_BAD_FILE,   /* the file cannot be read further (unterminated or
	                    malformed quote, undecodable bytes, field too large) */
	CSVR_NO_FILE,    /* the file does not exist or cannot be opened */
	CSVR_IO          /* a read error (or out of memory) */
} csvr_status;

/* Largest field accepted, in bytes; larger ones are a CSVR_BAD_FILE. */
#define CSV_FIELD_MAX (8u * 1024u * 1024u)
/* Largest record (its fields' bytes together) and most fields in one record
 * (Excel's column limit); beyond either, CSVR_BAD_FILE. With CSV_FIELD_MAX they
 * bound the reader's memory whatever the file's size. */
#define CSV_RECORD_MAX (32u * 1024u * 1024u)
#define CSV_COLUMNS_MAX 16384u

typedef struct csv_reader csv_reader;

typedef struct {
	size_t n;                  /* number of fields */
	char **fields;             /* UTF-8, NUL-terminated; valid until the next call */
	size_t *lens;              /* byte lengths (fields never contain NUL) */
	long line;                 /* physical line where the record starts (1-based) */
} csv_row;

/* Open PATH ("-" is stdin) for reading. On failure returns NULL, sets *st to
 * CSVR_NO_FILE or CSVR_IO and writes "PATH: reason" to ERR. */
csv_reader *csvr_open(const char *path, csv_encoding enc, csvr_status *st,
                      char *err, size_t errsz);
/* Read the next record (the first one is the header). Every record must have
 * as many fields as the first. Quoted newlines are kept as "\n" (CRLF inside a
 * quoted field becomes LF, and so does CR in a file whose lines end in CR); a
 * BOM is stripped; blank lines (also ones of only spaces and tabs) are skipped
 * but counted. Otherwise fields are kept byte for byte: unquoted spaces are not
 * trimmed. On CSVR_BAD_ROW/CSVR_BAD_FILE the message in ERR is
 * "FILE:LINE[:COLUMN]: reason", COLUMN being the 1-based field number; after
 * CSVR_BAD_ROW, ROW->line is set and ROW->n is 0. After CSVR_BAD_FILE or
 * CSVR_IO every later call returns the same. The reader owns ROW's memory. */
csvr_status csvr_next(csv_reader *r, csv_row *row, char *err, size_t errsz);
/* The encoding in use ("utf-8", "gb18030", "utf-16le" or "utf-16be") once
 * the first row was read ("auto" before, when detecting). */
const char *csvr_encoding_name(const csv_reader *r);
const char *csvr_path(const csv_reader *r);
void csvr_close(csv_reader *r);

/* Undo the writer's formula neutralisation: a field that starts with one or
 * more apostrophes followed by one of = + - @ TAB CR loses one apostrophe.
 * In place. */
void csv_unneutralise(char *field);

typedef struct csv_writer csv_writer;

/* Open PATH for writing (NULL or "-": standard output). A file is written to
 * "PATH.tmp-XXXXXX" beside it and renamed over PATH by csvw_close, so an
 * earlier file survives a failure; through a symbolic link the file it points
 * to is replaced. An existing target that is not a regular file (/dev/stdout,
 * /dev/full, a pipe) is written directly. EXCEL: a UTF-8 BOM, CRLF line ends,
 * and text cells that start with = + - @ TAB CR (or apostrophes then one of
 * those) get a leading apostrophe; plain numbers such as -300.00 are left
 * alone. */
csv_writer *csvw_open(const char *path, bool excel, char *err, size_t errsz);
/* Write one record; fields are quoted only when needed (a NULL field is
 * written empty). Returns false on a write error (message in ERR). */
bool csvw_row(csv_writer *w, const char *const *fields, size_t n, char *err, size_t errsz);
/* Flush, close, check for errors (a full disk shows here), rename into place.
 * Returns false (and removes the temporary file) on any error. Always frees W. */
bool csvw_close(csv_writer *w, char *err, size_t errsz);
/* Discard: remove the temporary file, free W. */
void csvw_abort(csv_writer *w);

#endif
