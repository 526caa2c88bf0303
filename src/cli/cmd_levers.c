/* repdesk report levers: the three levers of growth month by month (the
 * customer base, conversion, order value), the gap to this month's target
 * and what one step of each lever would bring; as a table, CSV or an Excel
 * workbook. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/csvio.h"
#include "repdesk/i18n.h"
#include "repdesk/leverview.h"
#include "repdesk/money.h"
#include "repdesk/oppnames.h"
#include "repdesk/xlsx.h"

/* A count with its change: "412 (+12)". */
static const char *count_change(int64_t v, int64_t d, bool first, char *buf, size_t sz)
{
	if (first || d == LEVERS_NONE)
		snprintf(buf, sz, "%" PRId64, v);
	else
		snprintf(buf, sz, "%" PRId64 " (%+" PRId64 ")", v, d);
	return buf;
}

/* Tenths of a percent: "41.2%", its change "+1.3". */
static const char *tenths(int64_t v, char *buf, size_t sz, bool sign)
{
	if (v == LEVERS_NONE) {
		snprintf(buf, sz, "-");
		return buf;
	}
	int64_t a = v < 0 ? -v : v;
	snprintf(buf, sz, "%s%" PRId64 ".%" PRId64, v < 0 ? "-" : sign ? "+" : "", a / 10, a % 10);
	return buf;
}

static const char *hundredths(int64_t v, char *buf, size_t sz, bool sign)
{
	if (v == LEVERS_NONE) {
		snprintf(buf, sz, "-");
		return buf;
	}
	int64_t a = v < 0 ? -v : v;
	snprintf(buf, sz, "%s%" PRId64 ".%02" PRId64, v < 0 ? "-" : sign ? "+" : "", a / 100, a % 100);
	return buf;
}

/* A ratio in thousandths for CSV: 0.412; "" for none. */
static const char *csv_ratio(int64_t tenths_pct, char *buf, size_t sz)
{
	if (tenths_pct == LEVERS_NONE) {
		buf[0] = '\0';
		return buf;
	}
	int64_t a = tenths_pct < 0 ? -tenths_pct : tenths_pct;
	snprintf(buf, sz, "%s%" PRId64 ".%03" PRId64, tenths_pct < 0 ? "-" : "", a / 1000, a % 1000);
	return buf;
}

static const char *csv_int(int64_t v, char *buf, size_t sz)
{
	if (v == LEVERS_NONE)
		buf[0] = '\0';
	else
		snprintf(buf, sz, "%" PRId64, v);
	return buf;
}

static const char *yuan(int64_t fen, char *buf)
{
	char digits[32];
	money_format_yuan(fen < 0 ? -fen : fen, digits, sizeof digits);
	snprintf(buf, MONEY_BUFSZ, "%s¥%s", fen < 0 ? "-" : "", digits);
	return buf;
}

static void month_label(const levers_month *mo, char *buf, size_t sz)
{
	snprintf(buf, sz, "%04d-%02d", mo->y % 10000, mo->m % 100);
}

static int print_table(const leverview *v)
{
	const levers *lv = &v->lv;
	static const int w[] = { 7, 12, 10, 10, 9, 16, 13, 22, 14, 11 };
	static const bool r[] = { false, true, true, true, true, true, true, true, true, true };
	const char *head[] = { _("Period"), _("Ordering"), _("New"), _("Lost"), _("Contacted"),
		_("Conversion"), _("Calls/order"), _("Order value"), _("Sales"), _("Room-nights") };
	int ncol = v->volume ? 10 : 9;
	char c[10][160], x[MONEY_BUFSZ], y[MONEY_BUFSZ];
	const char *cells[10];

	cli_table_row(stdout, head, w, r, ncol);
	for (int i = 1; i <= lv->n; i++) {
		const levers_month *mo = &lv->mon[i];
		month_label(mo, c[0], sizeof c[0]);
		count_change(mo->customers, mo->d_customers, false, c[1], sizeof c[1]);
		count_change(mo->new_customers, mo->d_new, false, c[2], sizeof c[2]);
		count_change(mo->lost, mo->d_lost, false, c[3], sizeof c[3]);
		snprintf(c[4], sizeof c[4], "%" PRId64, mo->contacted);
		if (mo->conversion == LEVERS_NONE)
			snprintf(c[5], sizeof c[5], "-");
		else if (mo->d_conversion == LEVERS_NONE)
			snprintf(c[5], sizeof c[5], "%s%%", tenths(mo->conversion, x, sizeof x, false));
		else
			snprintf(c[5], sizeof c[5], "%s%% (%s)", tenths(mo->conversion, x, sizeof x, false),
			         tenths(mo->d_conversion, y, sizeof y, true));
		if (mo->calls_per_order == LEVERS_NONE || mo->d_calls_per_order == LEVERS_NONE)
			snprintf(c[6], sizeof c[6], "%s", hundredths(mo->calls_per_order, x, sizeof x, false));
		else
			snprintf(c[6], sizeof c[6], "%s (%s)", hundredths(mo->calls_per_order, x, sizeof x, false),
			         hundredths(mo->d_calls_per_order, y, sizeof y, true));
		if (mo->order_value == LEVERS_NONE)
			snprintf(c[7], sizeof c[7], "-");
		else if (mo->d_order_value == LEVERS_NONE)
			snprintf(c[7], sizeof c[7], "%s", yuan(mo->order_value, x));
		else
			snprintf(c[7], sizeof c[7], "%s (%s%s)", yuan(mo->order_value, x),
			         mo->d_order_value >= 0 ? "+" : "", yuan(mo->d_order_value, y));
		yuan(mo->sales, c[8]);
		snprintf(c[9], sizeof c[9], "%" PRId64, mo->volume);
		for (int k = 0; k < ncol; k++)
			cells[k] = c[k];
		cli_table_row(stdout, cells, w, r, ncol);
	}
	return 0;
}

/* This month's gap and the levers' worth. */
static void print_worth(const leverview *v)
{
	const levers_month *now = &v->lv.mon[v->lv.n];
	const levers_worth *wo = &v->worth;
	char m[16], bm[16], a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ];

	month_label(now, m, sizeof m);
	month_label(wo->base, bm, sizeof bm);
	if (v->has_plan)
		cli_printf(_("%s: target %s, achieved %s, gap %s\n"), m, yuan(v->target, a), yuan(v->achieved, b),
		           yuan(v->gap, c));
	else
		cli_printf(_("%s: achieved %s (no plan this month)\n"), m, yuan(v->achieved, a));
	cli_printf(_("What each lever brings in a month, at %s's size:\n"), bm);
	cli_puts(_("  one more new customer:"));
	bool any = false;
	for (int t = 0; t < TIER_COUNT; t++)
		if (wo->new_customer[t] > 0) {
			cli_printf(_("%s %c ≈ %s"), any ? _(";") : "", tier_letter((tier)t), yuan(wo->new_customer[t], a));
			any = true;
		}
	if (!any)
		cli_puts(_(" -"));
	putchar('\n');
	cli_printf(_("  +1 point of conversion ≈ %s\n"), yuan(wo->conversion_point, a));
	if (v->volume)
		cli_printf(_("  +10%% order value ≈ %s (%" PRId64 " room-nights)\n"), yuan(wo->order_value_10, a),
		           wo->volume_10);
	else
		cli_printf(_("  +10%% order value ≈ %s\n"), yuan(wo->order_value_10, a));
	if (v->gap > 0) {
		int64_t s = wo->new_customer[TIER_S];
		if (s > 0)
			cli_printf(_("  the gap is %" PRId64 " new S customers, or +%s points of conversion, or +%" PRId64
			             "%% order value\n"),
			           (v->gap + s - 1) / s,
			           wo->conversion_point > 0 ? tenths((v->gap * 10 + wo->conversion_point - 1) / wo->conversion_point, b, sizeof b, false) : "-",
			           wo->order_value_10 > 0 ? (v->gap * 10 + wo->order_value_10 - 1) / wo->order_value_10 : 0);
	}
}

/* Per mille as "60.0%", tenths of a day as "41.3"; "-" for none. */
static const char *permille(int v, char *buf, size_t sz)
{
	if (v < 0)
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%d.%d%%", v / 10, v % 10);
	return buf;
}

static const char *day_tenths(int v, char *buf, size_t sz)
{
	if (v < 0)
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%d.%d", v / 10, v % 10);
	return buf;
}

/* Win rate and days to win from each open stage, and what they rest on:
 * the opportunities closed in the months shown. Said only when the book
 * keeps opportunities (or when asked for, ALWAYS). */
static void print_stages(const leverview *v, const opp_names *names, bool always)
{
	const opp_stats *s = &v->stages;
	char from[DATE_BUFSZ], to[DATE_BUFSZ];

	if (s->closed == 0) {
		if (always || v->open > 0)
			cli_printf(_("Win rate by stage: no opportunity closed from %s to %s yet\n"),
			           date_format(v->from, from), date_format(v->to, to));
		return;
	}
	cli_printf(ngettext("Win rate and days to win by stage, from %ld opportunity closed from %s to %s "
	                    "(%ld won, %ld lost):\n",
	                    "Win rate and days to win by stage, from %ld opportunities closed from %s to %s "
	                    "(%ld won, %ld lost):\n", (unsigned long)s->closed),
	           s->closed, date_format(v->from, from), date_format(v->to, to), s->closed_won,
	           s->closed - s->closed_won);
	static const int w[] = { 14, 8, 6, 9, 12 };
	static const bool r[] = { false, true, true, true, true };
	const char *head[] = { _("Stage"), _("Reached"), _("Won"), _("Win rate"), _("Days to win") };
	cli_table_row(stdout, head, w, r, 5);
	for (int st = 0; st < OPP_OPEN_COUNT; st++) {
		char c[4][32];
		snprintf(c[0], sizeof c[0], "%ld", s->reached[st]);
		snprintf(c[1], sizeof c[1], "%ld", s->won[st]);
		permille(opp_stats_win_permille(s, (opp_stage)st), c[2], sizeof c[2]);
		day_tenths(opp_stats_days_tenths(s, (opp_stage)st), c[3], sizeof c[3]);
		const char *cells[] = { cli_vis(names->name[st]), c[0], c[1], c[2], c[3] };
		cli_table_row(stdout, cells, w, r, 5);
	}
}

/* The stages as CSV: one row an open stage, the basis on every row. */
static bool print_stages_csv(const leverview *v, char *err, size_t errsz)
{
	const char *head[] = { "stage", "reached", "won", "win_rate", "days_to_win", "closed", "from", "to" };
	enum { NC = sizeof head / sizeof *head };
	const opp_stats *s = &v->stages;
	csvio_writer *w = csvio_write_open(NULL, false, err, errsz);
	bool ok = w && csvio_write_row(w, head, NC, err, errsz);

	for (int st = 0; ok && st < OPP_OPEN_COUNT; st++) {
		char c[NC][32];
		const char *cells[NC];
		int pm = opp_stats_win_permille(s, (opp_stage)st), dt = opp_stats_days_tenths(s, (opp_stage)st);
		snprintf(c[0], sizeof c[0], "%s", opp_stages[st].key);
		snprintf(c[1], sizeof c[1], "%ld", s->reached[st]);
		snprintf(c[2], sizeof c[2], "%ld", s->won[st]);
		csv_ratio(pm < 0 ? LEVERS_NONE : pm, c[3], sizeof c[3]);
		if (dt < 0)
			c[4][0] = '\0';
		else
			day_tenths(dt, c[4], sizeof c[4]);
		snprintf(c[5], sizeof c[5], "%ld", s->closed);
		date_format(v->from, c[6]);
		date_format(v->to, c[7]);
		for (int j = 0; j < NC; j++)
			cells[j] = c[j];
		ok = csvio_write_row(w, cells, NC, err, errsz);
	}
	if (w)
		ok = csvio_write_close(w, err, errsz) && ok;
	return ok;
}

static bool print_csv(const leverview *v, char *err, size_t errsz)
{
	const char *head[] = { "month", "customers", "customers_change", "new", "new_change", "lost",
		"lost_change", "contacted", "conversion", "conversion_change", "effective_calls", "orders",
		"calls_per_order", "calls_per_order_change", "order_value", "order_value_change", "sales",
		"room_nights" };
	enum { NC = sizeof head / sizeof *head };
	char c[NC][48];
	const char *cells[NC];
	csvio_writer *w = csvio_write_open(NULL, false, err, errsz);
	bool ok = w && csvio_write_row(w, head, NC, err, errsz);

	for (int i = 1; ok && i <= v->lv.n; i++) {
		const levers_month *mo = &v->lv.mon[i];
		int k = 0;
		month_label(mo, c[k++], 48);
		csv_int(mo->customers, c[k++], 48);
		csv_int(mo->d_customers, c[k++], 48);
		csv_int(mo->new_customers, c[k++], 48);
		csv_int(mo->d_new, c[k++], 48);
		csv_int(mo->lost, c[k++], 48);
		csv_int(mo->d_lost, c[k++], 48);
		csv_int(mo->contacted, c[k++], 48);
		csv_ratio(mo->conversion, c[k++], 48);
		csv_ratio(mo->d_conversion, c[k++], 48);
		csv_int(mo->effective, c[k++], 48);
		csv_int(mo->orders, c[k++], 48);
		if (mo->calls_per_order == LEVERS_NONE)
			c[k++][0] = '\0';
		else
			hundredths(mo->calls_per_order, c[k++], 48, false);
		if (mo->d_calls_per_order == LEVERS_NONE)
			c[k++][0] = '\0';
		else
			hundredths(mo->d_calls_per_order, c[k++], 48, false);
		if (mo->order_value == LEVERS_NONE)
			c[k++][0] = '\0';
		else
			money_format_csv(mo->order_value, c[k++], 48);
		if (mo->d_order_value == LEVERS_NONE)
			c[k++][0] = '\0';
		else
			money_format_csv(mo->d_order_value, c[k++], 48);
		money_format_csv(mo->sales, c[k++], 48);
		csv_int(mo->volume, c[k++], 48);
		for (int j = 0; j < NC; j++)
			cells[j] = c[j];
		ok = csvio_write_row(w, cells, NC, err, errsz);
	}
	if (w)
		ok = csvio_write_close(w, err, errsz) && ok;
	return ok;
}

static xlsx_cell num(xlsx_kind k, int64_t v)
{
	return v == LEVERS_NONE ? (xlsx_cell){ XLSX_EMPTY, NULL, 0 } : (xlsx_cell){ k, NULL, v };
}

static status_code write_xlsx(const leverview *v, const char *path, char *err, size_t errsz)
{
	enum { NC = 13 };
	const char *head[NC] = { _("Period"), _("Target"), _("Sales"), _("Ordering"), _("New"), _("Lost"),
		_("Contacted"), _("Conversion"), _("Effective calls"), _("Orders"), _("Calls/order"),
		_("Order value"), _("Room-nights") };
	int ncol = v->volume ? NC : NC - 1;
	char months[LEVERS_MAX_MONTHS][16];
	xlsx_cell *cells = calloc((size_t)v->lv.n * NC, sizeof *cells);
	if (!cells) {
		snprintf(err, errsz, _("out of memory"));
		return STATUS_IOERR;
	}
	for (int i = 1; i <= v->lv.n; i++) {
		const levers_month *mo = &v->lv.mon[i];
		xlsx_cell *row = cells + (size_t)(i - 1) * (size_t)ncol;
		month_label(mo, months[i - 1], sizeof months[i - 1]);
		int k = 0;
		row[k++] = (xlsx_cell){ XLSX_TEXT, months[i - 1], 0 };
		row[k++] = i == v->lv.n && v->has_plan ? num(XLSX_MONEY, v->target) : num(XLSX_EMPTY, 0);
		row[k++] = num(XLSX_MONEY, mo->sales);
		row[k++] = num(XLSX_INT, mo->customers);
		row[k++] = num(XLSX_INT, mo->new_customers);
		row[k++] = num(XLSX_INT, mo->lost);
		row[k++] = num(XLSX_INT, mo->contacted);
		row[k++] = num(XLSX_PERCENT, mo->conversion == LEVERS_NONE ? LEVERS_NONE : mo->conversion * 10);
		row[k++] = num(XLSX_INT, mo->effective);
		row[k++] = num(XLSX_INT, mo->orders);
		row[k++] = num(XLSX_HUNDREDTHS, mo->calls_per_order);
		row[k++] = num(XLSX_MONEY, mo->order_value);
		if (v->volume)
			row[k++] = num(XLSX_INT, mo->volume);
	}
	xlsx_chart chart = { XLSX_CHART_COLUMN, _("Sales by month against target"), 0, { 2, 1 }, 2, 0, -1 };
	xlsx_sheet sheet = { _("Levers"), head, ncol, cells, (size_t)v->lv.n, &chart };
	status_code st = xlsx_write(path, &sheet, 1, err, errsz);
	free(cells);
	return st;
}

int cli_report_levers(cli_ctx *ctx, int argc, char **argv)
{
	const char *months = "6", *format = "table", *xlsx = NULL, *view = "months";
	cli_opt opts[] = { { "months", &months, NULL }, { "format", &format, NULL }, { "xlsx", &xlsx, NULL },
	                   { "view", &view, NULL }, { NULL, NULL, NULL } };
	char *pos[1], err[1024], *end;
	int npos, rc;

	if ((rc = cli_parse("report", argc, argv, opts, pos, 0, &npos)))
		return rc;
	long n = strtol(months, &end, 10);
	if (*end || end == months || n < 1 || n > LEVERS_MAX_MONTHS)
		return cli_usage_error("report", _("--months: '%s' is not a number from 1 to %d"), months,
		                       LEVERS_MAX_MONTHS);
	bool csv = strcmp(format, "csv") == 0;
	if (!csv && strcmp(format, "table") != 0)
		return cli_usage_error("report", _("--format: '%s' is not table or csv"), format);
	bool stages = strcmp(view, "stages") == 0;
	if (!stages && strcmp(view, "months") != 0)
		return cli_usage_error("report", _("--view: '%s' is not months or stages"), view);
	if (stages && xlsx)
		return cli_usage_error("report", _("--xlsx writes the months; it takes no --view stages"));
	if (xlsx && (rc = cli_guard_book(ctx, "report", "--xlsx", xlsx)))
		return rc;
	if ((rc = cli_open_db(ctx)))
		return rc;

	int y, m, d;
	date_to_ymd(ctx->today, &y, &m, &d);
	leverview *v = malloc(sizeof *v);
	if (!v)
		return cli_fail(STATUS_IOERR, "%s", _("out of memory"));
	status_code st = leverview_load(ctx->d, y, m, (int)n, v, err, sizeof err);
	if (st != STATUS_OK) {
		free(v);
		return cli_fail(st, "%s", err);
	}
	if (xlsx) {
		st = write_xlsx(v, xlsx, err, sizeof err);
		free(v);
		if (st != STATUS_OK)
			return cli_fail(st, "%s", err);
		return 0;
	}
	if (csv) {
		bool ok = stages ? print_stages_csv(v, err, sizeof err) : print_csv(v, err, sizeof err);
		free(v);
		return ok ? 0 : cli_fail(STATUS_IOERR, "%s", err);
	}
	opp_names names;
	opp_names_load(ctx->d, &names);
	if (!stages) {
		print_table(v);
		print_worth(v);
	}
	print_stages(v, &names, stages);
	free(v);
	return 0;
}
