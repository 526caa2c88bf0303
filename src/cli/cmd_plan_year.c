/* repdesk plan YEAR: split a year's target over its months, or show the
 * saved year plan with what the orders have achieved and what is left of
 * the year re-spread over the months still open. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "repdesk/csvio.h"
#include "repdesk/db/forecast.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/opp.h"
#include "repdesk/yearbook.h"

/* Whether TEXT is a year (four digits) the calendar can hold, into *Y. */
bool cli_plan_is_year(const char *text, int *y)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		if (!text || text[i] < '0' || text[i] > '9')
			return false;
		v = v * 10 + (text[i] - '0');
	}
	if (text[4] != '\0' || v < 1901 || v > 9998)
		return false;
	*y = v;
	return true;
}

/* Years the calendar does not reach yet get their holidays estimated as
 * those around today's are, the estimated span kept unbroken (lunar.h
 * computes 1901..2099). */
static bool estimate_year(calendar *cal, int y)
{
	if (calendar_covers(cal, y, 1) || calendar_estimated(cal, y) || cal->est_max < cal->est_min ||
	    y < 1901 || y > 2099)
		return true;
	if (y > cal->est_max)
		return calendar_estimate(cal, cal->est_max + 1, y);
	return calendar_estimate(cal, y, cal->est_min - 1);
}

static const char *method_label(year_method m)
{
	switch (m) {
	case YEAR_SEASONAL:
		return _("seasonal (last year's orders by month)");
	case YEAR_WORKDAYS:
		return _("by working days");
	case YEAR_EVEN:
		return _("evenly");
	}
	return "";
}

static void summary(const yearbook *yb)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], p[32];
	int work = 0, nfixed = 0;

	for (int i = 0; i < YEAR_MONTHS; i++) {
		work += yb->workdays[i];
		nfixed += yb->fixed[i];
	}
	cli_printf(_("Year plan %04d · target %s · spread %s · %d working days\n"), yb->y,
	           money_format(yb->total, a, sizeof a), method_label(yb->method), work);
	if (nfixed)
		cli_printf(ngettext("%d month fixed by hand; the rest spread over the others\n",
		                    "%d months fixed by hand; the rest spread over the others\n",
		                    (unsigned long)nfixed), nfixed);
	cli_printf(_("Achieved %s of %s (%s)"), money_format(yb->achieved_total, a, sizeof a),
	           money_format(yb->total, b, sizeof b), cli_pct(yb->achieved_total, yb->total, p, sizeof p));
	if (yb->first_open > 0 && yb->first_open < YEAR_MONTHS) {
		int64_t left = 0;
		for (int i = yb->first_open; i < YEAR_MONTHS; i++)
			left += yb->respread[i];
		cli_printf(ngettext(" · %s still to make over %d month left",
		                    " · %s still to make over %d months left",
		                    (unsigned long)(YEAR_MONTHS - yb->first_open)),
		           money_format(left, b, sizeof b), YEAR_MONTHS - yb->first_open);
	}
	putchar('\n');
	if (yb->estimated)
		cli_printf(_("note: no official schedule for %04d: its statutory holidays are estimated "
		             "(no make-up workdays)\n"), yb->y);
	else if (!yb->covered)
		cli_printf(_("note: the calendar does not cover %04d, so working days are Mon-Fri only\n"), yb->y);
}

static int table(const yearbook *yb)
{
	static const int w[] = { 7, 8, 11, 11, 11, 11, 11, 12 };
	static const bool r[] = { false, true, true, true, true, true, true, false };
	/* TRANSLATORS: the year plan's columns: month, working days, the month's
	 * target, orders, running totals, and what is left of the year re-spread. */
	const char *head[] = { _("Period"), _("Workdays"), _("Target"), _("Achieved"), _("Cum target"),
	                       _("Cum done"), _("Re-spread"), "" };
	yearbook_row rows[YEAR_MONTHS];

	yearbook_rows(yb, rows);
	cli_table_row(stdout, head, w, r, 8);
	for (int i = 0; i < YEAR_MONTHS; i++) {
		char wd[16], t[MONEY_BUFSZ], a[MONEY_BUFSZ], ct[MONEY_BUFSZ], ca[MONEY_BUFSZ];
		char rs[MONEY_BUFSZ], note[64];
		const yearbook_row *x = &rows[i];
		snprintf(wd, sizeof wd, "%d", x->workdays);
		snprintf(note, sizeof note, "%s%s%s", x->fixed ? _("fixed") : "",
		         x->fixed && x->current ? " " : "", x->current ? _("◀ now") : "");
		const char *cells[] = { x->month, wd, money_format(x->target, t, sizeof t),
		                        x->achieved ? money_format(x->achieved, a, sizeof a) : "",
		                        money_format(x->cum_target, ct, sizeof ct),
		                        money_format(x->cum_achieved, ca, sizeof ca),
		                        x->respread >= 0 ? money_format(x->respread, rs, sizeof rs) : "",
		                        note };
		cli_table_row(stdout, cells, w, r, 8);
	}
	return 0;
}

static bool add_closing(const db_closing *c, void *ctx)
{
	*(int64_t *)ctx += c->weighted;
	return true;
}

/* The weighted pipeline closing in each month of Y (as the month's plan
 * gives it), into OUT. */
static int year_closing(cli_ctx *ctx, int y, int64_t out[YEAR_MONTHS])
{
	for (int m = 1; m <= YEAR_MONTHS; m++) {
		char from[DATE_BUFSZ], to[DATE_BUFSZ];
		out[m - 1] = 0;
		db_status st = db_closing_each(ctx->d, date_format(date_month_first_day(y, m), from),
		                               date_format(date_month_last_day(y, m), to), add_closing,
		                               &out[m - 1]);
		if (st != DB_OK)
			return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	}
	return 0;
}

static int csv_out(cli_ctx *ctx, const yearbook *yb)
{
	static const char *const head[] = { "month", "workdays", "target", "achieved",
	                                    "cumulative_target", "cumulative_achieved", "respread",
	                                    "weighted_closing", "gap" };
	enum { NC = sizeof head / sizeof *head };
	char err[512];
	yearbook_row rows[YEAR_MONTHS];
	int64_t closing[YEAR_MONTHS];
	int rc = year_closing(ctx, yb->y, closing);
	if (rc)
		return rc;
	csvio_writer *w = csvio_write_open(NULL, false, err, sizeof err);
	bool ok = w && csvio_write_row(w, head, NC, err, sizeof err);

	yearbook_rows(yb, rows);
	for (int i = 0; i < YEAR_MONTHS && ok; i++) {
		char wd[16], t[MONEY_BUFSZ], a[MONEY_BUFSZ], ct[MONEY_BUFSZ], ca[MONEY_BUFSZ];
		char rs[MONEY_BUFSZ], wc[MONEY_BUFSZ], g[MONEY_BUFSZ];
		const yearbook_row *x = &rows[i];
		snprintf(wd, sizeof wd, "%d", x->workdays);
		const char *cells[] = { x->month, wd, money_format_csv(x->target, t, sizeof t),
		                        money_format_csv(x->achieved, a, sizeof a),
		                        money_format_csv(x->cum_target, ct, sizeof ct),
		                        money_format_csv(x->cum_achieved, ca, sizeof ca),
		                        x->respread >= 0 ? money_format_csv(x->respread, rs, sizeof rs) : "",
		                        money_format_csv(closing[i], wc, sizeof wc),
		                        money_format_csv(opp_forecast_gap(x->target, x->achieved, closing[i]),
		                                         g, sizeof g) };
		ok = csvio_write_row(w, cells, NC, err, sizeof err);
	}
	if (w)
		ok = csvio_write_close(w, err, sizeof err) && ok;
	return ok ? 0 : cli_fail(STATUS_IOERR, "%s", err);
}

int cli_plan_year(cli_ctx *ctx, int y, const cli_plan_year_args *a)
{
	char err[1024];
	int64_t target = -1, fixed[YEAR_MONTHS];
	year_method method;
	bool csv = strcmp(a->format, "csv") == 0, show = a->show, exists = false;
	int rc;

	if (a->view)
		return cli_usage_error("plan", _("--view is for a month's plan; a year plan shows its months"));
	if (a->xlsx && csv)
		return cli_usage_error("plan", _("--xlsx writes a workbook; it takes no --format csv"));
	if (a->xlsx && (rc = cli_guard_book(ctx, "plan", "--xlsx", a->xlsx)))
		return rc;
	if (a->others)
		return cli_usage_error("plan", _("--stretch, --challenge and --shares are for a month's plan"));
	if (show && (a->target || a->method || a->months))
		return cli_usage_error("plan", _("--show prints the saved plan; it takes no targets"));
	if (a->months && !a->target)
		return cli_usage_error("plan", _("--months needs --target: the months fixed are part of the "
		                                 "year's target"));
	if (a->method && !a->target)
		return cli_usage_error("plan", _("--method needs --target"));
	if (a->target) {
		char why[128];
		if (!money_parse(a->target, &target, why, sizeof why))
			return cli_usage_error("plan", "--target: '%s' %s", a->target, why);
		if (target < 0)
			return cli_usage_error("plan", _("--target: a target cannot be negative"));
	}
	if (a->method && !year_method_parse(a->method, &method))
		return cli_usage_error("plan", _("--method: '%s' is not seasonal, working-days or even "
		                                 "(for a year)"), a->method);
	if (a->months && !year_months_parse(a->months, fixed, err, sizeof err))
		return cli_usage_error("plan", _("--months: %s"), err);
	if ((rc = cli_open_db(ctx)) || (rc = cli_load_calendar(ctx)))
		return rc;
	if (!estimate_year(&ctx->cal, y))
		return cli_fail(STATUS_IOERR, "%s", _("out of memory"));

	yearbook yb;
	status_code rs;
	if (!a->target && !show) {
		/* Plain "plan YEAR": the saved plan when there is one. */
		if ((rs = yearbook_exists(ctx->d, y, &exists, err, sizeof err)) != STATUS_OK)
			return cli_fail(rs, "%s", err);
		if (!exists)
			return cli_usage_error("plan", _("give --target AMOUNT to make a year plan for %04d, "
			                                 "or --show to see the saved one"), y);
		show = true;
	}
	if (show) {
		rs = yearbook_load(ctx->d, &ctx->cal, y, ctx->today, &yb, err, sizeof err);
	} else {
		rs = yearbook_exists(ctx->d, y, &exists, err, sizeof err);
		if (rs == STATUS_OK)
			rs = yearbook_make(ctx->d, &ctx->cal, y, target, a->method ? &method : NULL,
			                   a->months ? fixed : NULL, ctx->today, &yb, err, sizeof err);
		if (rs == STATUS_OK)
			rs = yearbook_save(ctx->d, &yb, err, sizeof err);
	}
	if (rs != STATUS_OK)
		return rs == STATUS_USAGE ? cli_usage_error("plan", "%s", err) : cli_fail(rs, "%s", err);
	if (csv)
		return csv_out(ctx, &yb);
	if (a->xlsx) {
		if (!show)
			cli_printf(exists ? _("Saved: the year plan for %04d replaces the earlier one.\n")
			                  : _("Saved: the year plan for %04d.\n"), y);
		return cli_plan_year_xlsx(&yb, a->xlsx);
	}
	summary(&yb);
	putchar('\n');
	table(&yb);
	if (!show)
		cli_printf(exists ? _("\nSaved: the year plan for %04d replaces the earlier one.\n")
		                  : _("\nSaved: the year plan for %04d.\n"), y);
	return 0;
}
