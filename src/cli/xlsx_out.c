/* The team report and the month plan as Excel workbooks (--xlsx FILE):
 * the same rows the table shows, money as numbers in yuan, each sheet with
 * a chart (io/xlsx.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/i18n.h"
#include "repdesk/planbook.h"
#include "repdesk/teamview.h"
#include "repdesk/yearbook.h"
#include "repdesk/xlsx.h"

static xlsx_cell text(const char *s)
{
	return (xlsx_cell){ XLSX_TEXT, s, 0 };
}

static xlsx_cell number(xlsx_kind k, int64_t v)
{
	return (xlsx_cell){ k, NULL, v };
}

/* Hundredths (team_ratio) as a percentage cell; empty for none. */
static xlsx_cell ratio(int h)
{
	return h == TEAM_NONE ? (xlsx_cell){ XLSX_EMPTY, NULL, 0 } : number(XLSX_PERCENT, (int64_t)h * 100);
}

static int written(status_code st, const char *err)
{
	return st == STATUS_OK ? 0 : cli_fail(st, "%s", err);
}

int cli_team_xlsx(const teamview *tv, const char *path)
{
	enum { RANK, GROUP, REP, TARGET, ACHIEVED, PROGRESS, PACE, CALLS, EFFECTIVE, DEALS, COLLECTED,
	       VISITS, BUNDLE, NC };
	const char *head[NC] = { _("rank"), _("group"), _("rep"), _("target"), _("achieved"), _("progress"),
		_("pace"), _("dialed"), _("effective"), _("deals"), _("collected"), _("visits"), _("bundle") };
	size_t n = tv->n ? tv->n : 1;
	xlsx_cell *cells = calloc(n * NC, sizeof *cells);
	char (*labels)[300] = calloc(n, sizeof *labels);
	char err[1024], title[128];

	if (!cells || !labels) {
		free(cells);
		free(labels);
		return cli_fail(STATUS_IOERR, "%s", _("out of memory"));
	}
	for (size_t i = 0; i < tv->n; i++) {
		const team_row *r = &tv->rows[i];
		xlsx_cell *row = cells + i * NC;
		/* A group's total row names the group where the table has "*". */
		if (r->total)
			snprintf(labels[i], sizeof labels[i], _("%s (group)"), r->group);
		else
			snprintf(labels[i], sizeof labels[i], "%s", r->rep);
		row[RANK] = number(XLSX_INT, r->rank);
		row[GROUP] = text(r->group);
		row[REP] = text(labels[i]);
		row[TARGET] = number(XLSX_MONEY, r->target);
		row[ACHIEVED] = number(XLSX_MONEY, r->achieved);
		row[PROGRESS] = ratio(r->progress);
		row[PACE] = ratio(r->pace);
		row[CALLS] = number(XLSX_INT, r->calls);
		row[EFFECTIVE] = number(XLSX_INT, r->effective);
		row[DEALS] = number(XLSX_INT, r->deals);
		row[COLLECTED] = number(XLSX_MONEY, r->collected);
		row[VISITS] = number(XLSX_INT, r->visits);
		row[BUNDLE] = text(r->bundle_date);
	}
	snprintf(title, sizeof title, _("Team %04d-%02d"), tv->y % 10000, tv->m % 100);
	xlsx_chart chart = { XLSX_CHART_COLUMN, _("Progress against target, and pace"), REP,
	                     { PROGRESS, PACE }, 2, 0, -1 };
	xlsx_sheet sheet = { title, head, NC, cells, tv->n, &chart };
	status_code st = xlsx_write(path, &sheet, 1, err, sizeof err);
	free(cells);
	free(labels);
	return written(st, err);
}

int cli_plan_xlsx(const planbook *pb, const cli_ctx *ctx, const char *path)
{
	static const char *const wdn[] = { "", N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
	                                   N_("Sat"), N_("Sun") };
	enum { T_TIER, T_CUSTOMERS, T_BASELINE, T_TARGET, T_SHARE, T_ACHIEVED, T_STRETCH, T_CHALLENGE, TNC };
	enum { D_DATE, D_DAY, D_WORK, D_TARGET, D_ACHIEVED, D_CUMT, D_CUMA, DNC };
	const char *thead[TNC] = { _("Tier"), _("Customers"), _("Baseline"), _("Target"), _("Share"),
		_("Achieved"), _("Stretch"), _("Challenge") };
	const char *dhead[DNC] = { _("Date"), _("Day"), _("Work"), _("Plan"), _("Achieved"), _("Cum target"),
		_("Cum done") };
	int tcols = pb->level[PB_CHALLENGE] >= 0 ? TNC : pb->level[PB_STRETCH] >= 0 ? TNC - 1 : TNC - 2;
	/* Without a stretch level but with a challenge one, the stretch column stays, empty. */
	xlsx_cell tiers[(TIER_COUNT + 1) * TNC];
	xlsx_cell days[PLAN_MAX_DAYS * DNC];
	char letters[TIER_COUNT + 1][8], dates[PLAN_MAX_DAYS][DATE_BUFSZ];
	char err[1024], ttitle[128], dtitle[128];
	int64_t tot[PB_LEVELS] = { 0 }, base = 0, achieved = 0, custs = 0;

	memset(tiers, 0, sizeof tiers);
	memset(days, 0, sizeof days);
	for (int t = 0; t <= TIER_COUNT; t++) {
		bool total = t == TIER_COUNT;
		xlsx_cell *row = tiers + t * tcols;
		if (total)
			snprintf(letters[t], sizeof letters[t], "%s", _("Total"));
		else
			snprintf(letters[t], sizeof letters[t], "%c", tier_letter((tier)t));
		int64_t tg = total ? tot[PB_BASE] : pb->tier_target[PB_BASE][t];
		row[T_TIER] = text(letters[t]);
		row[T_CUSTOMERS] = number(XLSX_INT, total ? custs : (int64_t)pb->res.tiers[t].customers);
		row[T_BASELINE] = number(XLSX_MONEY, total ? base : pb->res.tiers[t].baseline);
		row[T_TARGET] = number(XLSX_MONEY, tg);
		row[T_SHARE] = pb->level[PB_BASE] > 0
		             ? number(XLSX_PERCENT, (tg * 10000 + pb->level[PB_BASE] / 2) / pb->level[PB_BASE])
		             : (xlsx_cell){ XLSX_EMPTY, NULL, 0 };
		row[T_ACHIEVED] = number(XLSX_MONEY, total ? achieved : pb->tier_achieved[t]);
		for (int l = PB_STRETCH; l < PB_LEVELS && T_STRETCH + l - 1 < tcols; l++)
			if (pb->level[l] >= 0)
				row[T_STRETCH + l - 1] = number(XLSX_MONEY, total ? tot[l] : pb->tier_target[l][t]);
		if (!total) {
			for (int l = 0; l < PB_LEVELS; l++)
				tot[l] += pb->tier_target[l][t];
			base += pb->res.tiers[t].baseline;
			achieved += pb->tier_achieved[t];
			custs += (int64_t)pb->res.tiers[t].customers;
		}
	}
	for (int i = 0; i < pb->ndays; i++) {
		const plan_day_row *d = &pb->days[PB_BASE][i];
		xlsx_cell *row = days + i * DNC;
		row[D_DATE] = text(date_format(d->day, dates[i]));
		row[D_DAY] = text(_(wdn[date_weekday(d->day)]));
		row[D_WORK] = text(d->workday ? _("yes") : "-");
		row[D_TARGET] = number(XLSX_MONEY, d->workday ? d->target : 0);
		row[D_ACHIEVED] = number(XLSX_MONEY, d->achieved);
		row[D_CUMT] = number(XLSX_MONEY, d->cum_target);
		row[D_CUMA] = number(XLSX_MONEY, d->cum_achieved);
	}
	(void)ctx;
	snprintf(ttitle, sizeof ttitle, _("Tiers %04d-%02d"), pb->y % 10000, pb->m % 100);
	snprintf(dtitle, sizeof dtitle, _("Days %04d-%02d"), pb->y % 10000, pb->m % 100);
	/* The tiers' chart leaves out the total row. */
	xlsx_chart tchart = { XLSX_CHART_COLUMN, _("Target and achieved by tier"), T_TIER,
	                      { T_TARGET, T_ACHIEVED }, 2, 0, TIER_COUNT - 1 };
	xlsx_chart dchart = { XLSX_CHART_LINE, _("Cumulative target and achieved by day"), D_DATE,
	                      { D_CUMT, D_CUMA }, 2, 0, -1 };
	xlsx_sheet sheets[2] = {
		{ ttitle, thead, tcols, tiers, TIER_COUNT + 1, &tchart },
		{ dtitle, dhead, DNC, days, (size_t)pb->ndays, &dchart },
	};
	return written(xlsx_write(path, sheets, 2, err, sizeof err), err);
}

int cli_plan_year_xlsx(const yearbook *yb, const char *path)
{
	enum { MONTH, WORKDAYS, TARGET, ACHIEVED, CUMT, CUMA, RESPREAD, NC };
	const char *head[NC] = { _("Period"), _("Workdays"), _("Target"), _("Achieved"), _("Cum target"),
		_("Cum done"), _("Re-spread") };
	xlsx_cell cells[YEAR_MONTHS * NC];
	yearbook_row rows[YEAR_MONTHS];
	char err[1024], title[128];

	yearbook_rows(yb, rows);
	for (int i = 0; i < YEAR_MONTHS; i++) {
		xlsx_cell *row = cells + i * NC;
		const yearbook_row *x = &rows[i];
		row[MONTH] = text(x->month);
		row[WORKDAYS] = number(XLSX_INT, x->workdays);
		row[TARGET] = number(XLSX_MONEY, x->target);
		row[ACHIEVED] = number(XLSX_MONEY, x->achieved);
		row[CUMT] = number(XLSX_MONEY, x->cum_target);
		row[CUMA] = number(XLSX_MONEY, x->cum_achieved);
		/* A month already over has nothing re-spread to it: an empty cell. */
		row[RESPREAD] = x->respread >= 0 ? number(XLSX_MONEY, x->respread) : (xlsx_cell){ XLSX_EMPTY, NULL, 0 };
	}
	snprintf(title, sizeof title, _("Year %04d"), yb->y % 10000);
	xlsx_chart chart = { XLSX_CHART_COLUMN, _("Target and achieved by month"), MONTH,
	                     { TARGET, ACHIEVED }, 2, 0, -1 };
	xlsx_sheet sheet = { title, head, NC, cells, YEAR_MONTHS, &chart };
	return written(xlsx_write(path, &sheet, 1, err, sizeof err), err);
}
