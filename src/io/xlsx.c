/* Excel workbooks through libxlsxwriter. See repdesk/xlsx.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/text.h"
#include "repdesk/xlsx.h"

/* Excel's limits on a sheet's name: 31 characters, none of []:*?/\ . */
static void sheet_name(const char *title, int index, char *out, size_t outsz)
{
	size_t o = 0;

	for (const char *p = title ? title : ""; *p && o + 4 < outsz;) {
		size_t len = 1;
		while (((unsigned char)p[len] & 0xC0) == 0x80)
			len++;
		if (o + len > 31 || o + len + 1 > outsz)
			break;
		if (len == 1 && strchr("[]:*?/\\'", *p))
			out[o++] = '_';
		else {
			memcpy(out + o, p, len);
			o += len;
		}
		p += len;
	}
	out[o] = '\0';
	if (!o)
		snprintf(out, outsz, "Sheet%d", index + 1);
}

/* The width a cell's content takes, in Excel's character units. */
static int cell_width(const xlsx_cell *c)
{
	char buf[64];

	switch (c->kind) {
	case XLSX_TEXT:
		return text_width(c->text ? c->text : "");
	case XLSX_MONEY:
		return (int)strlen(money_format(c->value, buf, sizeof buf));
	case XLSX_INT:
		return snprintf(buf, sizeof buf, "%lld", (long long)c->value) * 4 / 3 + 1;
	case XLSX_PERCENT:
	case XLSX_HUNDREDTHS:
		return snprintf(buf, sizeof buf, "%lld", (long long)c->value) + 3;
	default:
		return 0;
	}
}

typedef struct {
	lxw_format *head, *money, *count, *percent, *hundredths;
} formats;

static void add_chart(lxw_workbook *wb, lxw_worksheet *ws, const char *name, const xlsx_sheet *sh)
{
	const xlsx_chart *c = sh->chart;
	if (!c || !sh->nrows || c->nseries <= 0)
		return;
	lxw_row_t first = (lxw_row_t)(c->first < 0 ? 0 : c->first) + 1;
	lxw_row_t last = (lxw_row_t)(c->last < 0 || (size_t)c->last >= sh->nrows ? (long)sh->nrows - 1 : c->last) + 1;
	if (last < first)
		return;
	lxw_chart *ch = workbook_add_chart(wb, c->type == XLSX_CHART_LINE ? LXW_CHART_LINE : LXW_CHART_COLUMN);
	if (!ch)
		return;
	for (int k = 0; k < c->nseries; k++) {
		int col = c->series[k];
		if (col < 0 || col >= sh->ncols)
			continue;
		lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
		if (!s)
			continue;
		chart_series_set_categories(s, name, first, (lxw_col_t)c->category, last, (lxw_col_t)c->category);
		chart_series_set_values(s, name, first, (lxw_col_t)col, last, (lxw_col_t)col);
		chart_series_set_name_range(s, name, 0, (lxw_col_t)col);
	}
	if (c->title)
		chart_title_set_name(ch, c->title);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
	lxw_chart_options o = { .x_offset = 10, .y_offset = 10, .x_scale = 1.5, .y_scale = 1.2 };
	worksheet_insert_chart_opt(ws, (lxw_row_t)sh->nrows + 2, 0, ch, &o);
}

static lxw_error write_sheet(lxw_workbook *wb, const formats *f, const xlsx_sheet *sh, int index)
{
	char name[64];
	sheet_name(sh->title, index, name, sizeof name);
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	lxw_error e = LXW_NO_ERROR;

	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	for (int c = 0; c < sh->ncols && !e; c++) {
		int w = text_width(sh->headings[c] ? sh->headings[c] : "");
		for (size_t r = 0; r < sh->nrows; r++) {
			int cw = cell_width(&sh->cells[r * (size_t)sh->ncols + (size_t)c]);
			if (cw > w)
				w = cw;
		}
		w = w < 6 ? 6 : w > 80 ? 80 : w;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w + 2, NULL);
		e = worksheet_write_string(ws, 0, (lxw_col_t)c, sh->headings[c] ? sh->headings[c] : "", f->head);
	}
	for (size_t r = 0; r < sh->nrows && !e; r++)
		for (int c = 0; c < sh->ncols && !e; c++) {
			const xlsx_cell *x = &sh->cells[r * (size_t)sh->ncols + (size_t)c];
			lxw_row_t row = (lxw_row_t)r + 1;
			switch (x->kind) {
			case XLSX_TEXT:
				e = worksheet_write_string(ws, row, (lxw_col_t)c, x->text ? x->text : "", NULL);
				break;
			case XLSX_MONEY:
				e = worksheet_write_number(ws, row, (lxw_col_t)c, (double)x->value / 100.0, f->money);
				break;
			case XLSX_INT:
				e = worksheet_write_number(ws, row, (lxw_col_t)c, (double)x->value, f->count);
				break;
			case XLSX_PERCENT:
				e = worksheet_write_number(ws, row, (lxw_col_t)c, (double)x->value / 10000.0, f->percent);
				break;
			case XLSX_HUNDREDTHS:
				e = worksheet_write_number(ws, row, (lxw_col_t)c, (double)x->value / 100.0, f->hundredths);
				break;
			default:
				break;
			}
		}
	worksheet_freeze_panes(ws, 1, 0);
	if (!e)
		add_chart(wb, ws, name, sh);
	return e;
}

status_code xlsx_write(const char *path, const xlsx_sheet *sheets, size_t n, char *err, size_t errsz)
{
	size_t len = strlen(path);
	char *part = malloc(len + 16);

	if (!part) {
		snprintf(err, errsz, _("%s: out of memory"), path);
		return STATUS_IOERR;
	}
	snprintf(part, len + 16, "%s.part", path);
	/* libxlsxwriter says only that it could not create the file: try it
	 * first, for the system's reason. */
	FILE *probe = fopen(part, "wb");
	if (!probe) {
		snprintf(err, errsz, _("%s: cannot create the workbook: %s"), path, strerror(errno));
		free(part);
		return STATUS_IOERR;
	}
	fclose(probe);
	lxw_workbook *wb = workbook_new(part);
	if (!wb) {
		snprintf(err, errsz, _("%s: cannot create the workbook"), path);
		unlink(part);
		free(part);
		return STATUS_IOERR;
	}
	formats f;
	f.head = workbook_add_format(wb);
	format_set_bold(f.head);
	format_set_bottom(f.head, LXW_BORDER_THIN);
	f.money = workbook_add_format(wb);
	format_set_num_format(f.money, "\"¥\"#,##0.00;-\"¥\"#,##0.00");
	f.count = workbook_add_format(wb);
	format_set_num_format(f.count, "#,##0");
	f.percent = workbook_add_format(wb);
	format_set_num_format(f.percent, "0.0%");
	f.hundredths = workbook_add_format(wb);
	format_set_num_format(f.hundredths, "0.00");

	lxw_error e = LXW_NO_ERROR;
	for (size_t i = 0; i < n && !e; i++)
		e = write_sheet(wb, &f, &sheets[i], (int)i);
	lxw_error ce = workbook_close(wb);
	if (!e)
		e = ce;
	if (!e && rename(part, path) != 0) {
		snprintf(err, errsz, _("%s: cannot write the workbook: %s"), path, strerror(errno));
		unlink(part);
		free(part);
		return STATUS_IOERR;
	}
	if (e) {
		snprintf(err, errsz, _("%s: cannot write the workbook: %s"), path, lxw_strerror(e));
		unlink(part);
		free(part);
		return STATUS_IOERR;
	}
	free(part);
	return STATUS_OK;
}
