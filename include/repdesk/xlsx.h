#ifndef REPDESK_XLSX_H
#define REPDESK_XLSX_H
/* Excel workbooks (io/xlsx.c, libxlsxwriter): one sheet per table, its
 * heading row frozen, money as numbers formatted in yuan, columns wide
 * enough for their text (a CJK character counts two), and a chart of some
 * of its columns. The file is written beside its name and renamed into
 * place, so a failed write leaves an earlier file as it was. */

#include <stddef.h>
#include <stdint.h>

#include "repdesk/status.h"

typedef enum {
	XLSX_EMPTY,                  /* nothing */
	XLSX_TEXT,                   /* text */
	XLSX_MONEY,                  /* value in fen, shown ¥1,234.00 */
	XLSX_INT,                    /* a count, shown 1,234 */
	XLSX_PERCENT,                /* value in hundredths of a percent, shown 12.3% */
	XLSX_HUNDREDTHS,             /* value in hundredths, shown 1.25 */
} xlsx_kind;

typedef struct {
	xlsx_kind kind;
	const char *text;            /* XLSX_TEXT */
	int64_t value;               /* the others */
} xlsx_cell;

#define XLSX_MAX_SERIES 6

typedef enum { XLSX_CHART_COLUMN, XLSX_CHART_LINE } xlsx_chart_type;

/* A chart of a sheet's rows [FIRST, LAST] (0 based; LAST < 0: to the last
 * row): one series per column of SERIES, named by its heading, against the
 * labels of column CATEGORY. */
typedef struct {
	xlsx_chart_type type;
	const char *title;
	int category;
	int series[XLSX_MAX_SERIES], nseries;
	long first, last;
} xlsx_chart;

typedef struct {
	const char *title;           /* the sheet's name (cut to 31 bytes of whole characters) */
	const char *const *headings;
	int ncols;
	const xlsx_cell *cells;      /* NROWS rows of NCOLS cells */
	size_t nrows;
	const xlsx_chart *chart;     /* NULL: none */
} xlsx_sheet;

/* Write SHEETS[0..N) to PATH. STATUS_IOERR with the reason in ERR when the
 * file cannot be made or written. */
status_code xlsx_write(const char *path, const xlsx_sheet *sheets, size_t n, char *err, size_t errsz);

#endif
