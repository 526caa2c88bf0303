/* repdesk plan: make the month's plan, or show the saved one with what the
 * logged orders have achieved, by tier, customer or day. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "repdesk/csvio.h"
#include "repdesk/money.h"
#include "repdesk/opp.h"
#include "repdesk/planbook.h"
#include "repdesk/text.h"
#include "repdesk/db/yearplan.h"

typedef enum { VIEW_TIERS, VIEW_CUSTOMERS, VIEW_DAYS } plan_view;

typedef struct {
	const planbook *pb;
	bool extra[PB_LEVELS];       /* stretch / challenge columns shown */
	int share_permille;          /* online share, for potential */
	csvio_writer *csv;
	char err[512];
} out_ctx;

static const char *money(int64_t fen, char *buf)
{
	return money_format(fen, buf, MONEY_BUFSZ);
}

/* Whole yuan for figures that are means (baselines): ¥434,100. */
static const char *yuan(int64_t fen, char *buf)
{
	char digits[32];
	money_format_yuan(fen < 0 ? -fen : fen, digits, sizeof digits);
	snprintf(buf, MONEY_BUFSZ, "%s¥%s", fen < 0 ? "-" : "", digits);
	return buf;
}

/* One output row: a table row, or a CSV record. */
static bool emit(out_ctx *o, const char *const *cells, const int *widths, const bool *right, int n)
{
	if (o->csv)
		return csvio_write_row(o->csv, cells, (size_t)n, o->err, sizeof o->err);
	cli_table_row(stdout, cells, widths, right, n);
	return true;
}

/* Today's share of what is left, re-spread, beside the plan's own figure;
 * what is left is shown as the difference it is. */
static void today_share(const planbook *pb, const cli_ctx *ctx)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], d[MONEY_BUFSZ], e[MONEY_BUFSZ];
	char date[DATE_BUFSZ], next[DATE_BUFSZ];
	int64_t before, planned;
	plan_day pd = planbook_respread_day(pb, &ctx->cal, ctx->today, &before, &planned);

	date_format(ctx->today, date);
	if (pd.met) {
		cli_printf(_(" · target met"));
	} else if (pd.no_days_left && !pd.workday) {
		cli_printf(_(" · %s is not a working day, and none is left in the month for the %s still to sell"),
		           date, money(pd.remaining, a));
	} else if (pd.no_days_left) {
		cli_printf(_(" · no working day is left in the month for the %s still to sell"),
		           money(pd.remaining, a));
	} else if (!pd.workday) {
		cli_printf(_(" · %s is not a working day: the next one, %s, carries %s re-spread "
		             "(the plan's own figure %s)"), date, date_format(pd.next_day, next),
		           money(pd.next_target, a), money(planned, b));
	} else {
		cli_printf(_(" · today %s: sell %s re-spread (the plan's own figure %s)"), date,
		           money(pd.target, a), money(planned, b));
		cli_printf(ngettext("\nLeft: %s target - %s sold before today = %s over %d working day",
		                    "\nLeft: %s target - %s sold before today = %s over %d working days",
		                    (unsigned long)pd.workdays_left),
		           money(pb->level[PB_BASE], c), money(before, d), money(pd.remaining, e),
		           pd.workdays_left);
	}
}

/* How much of the target the fixed targets (picks, plan set) carry. */
static void fixed_line(const planbook *pb)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], p[48];
	size_t fixed = 0, others = 0;
	int64_t held = 0;

	for (size_t i = 0; i < pb->ncust; i++)
		if (pb->cust[i].fixed) {
			fixed++;
			held += pb->cust[i].target[PB_BASE];
		} else {
			others++;
		}
	if (pb->picks.wanted > pb->picks.picked)
		cli_printf(_("note: the picks ask for %zu customers; the book has %zu to pick from\n"),
		           pb->picks.wanted, pb->picks.picked);
	if (!fixed)
		return;
	cli_printf(ngettext("Fixed: %zu customer carries %s, %s of the target",
	                    "Fixed: %zu customers carry %s, %s of the target", (unsigned long)fixed),
	           fixed, money(held, a), cli_pct(held, pb->level[PB_BASE], p, sizeof p));
	if (others)
		cli_printf(ngettext("; the other %s is spread over %zu customer\n",
		                    "; the other %s is spread over %zu customers\n", (unsigned long)others),
		           money(pb->level[PB_BASE] - held, b), others);
	else if (pb->level[PB_BASE] > held)
		cli_printf(_("; no other customer is left to carry the other %s\n"),
		           money(pb->level[PB_BASE] - held, b));
	else
		putchar('\n');
	if (others && pb->res.unplaced > 0)
		cli_printf(_("note: %s of the target has no customer to carry it: a tier's share has only "
		             "fixed customers left\n"), money(pb->res.unplaced, a));
}

/* The open pipeline expected to close in the month, weighted, and the gap
 * it leaves; said only when the book keeps opportunities. */
static void forecast_line(const planbook *pb)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], d[MONEY_BUFSZ];

	if (pb->open <= 0)
		return;
	cli_printf(ngettext("Pipeline closing in %04d-%02d: %s weighted (%s in %ld opportunity)\n",
	                    "Pipeline closing in %04d-%02d: %s weighted (%s in %ld opportunities)\n",
	                    (unsigned long)pb->closing_count),
	           pb->y, pb->m, money(pb->closing_weighted, a), money(pb->closing_total, b),
	           pb->closing_count);
	int64_t gap = planbook_gap(pb);
	if (gap > 0)
		cli_printf(_("Gap: %s target - %s achieved - %s weighted closing = %s\n"),
		           money(pb->level[PB_BASE], a), money(pb->achieved, b),
		           money(pb->closing_weighted, c), money(gap, d));
	else
		cli_printf(_("Gap: none: %s achieved and %s weighted closing cover the %s target\n"),
		           money(pb->achieved, a), money(pb->closing_weighted, b),
		           money(pb->level[PB_BASE], c));
}

static void summary(const out_ctx *o, const cli_ctx *ctx)
{
	const planbook *pb = o->pb;
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], p[48];
	int64_t gap = pb->level[PB_BASE] - pb->res.baseline;

	cli_printf(_("Plan %04d-%02d · target %s · baseline %s · %s %s · %d working days\n"), pb->y, pb->m,
	       money(pb->level[PB_BASE], a), yuan(pb->res.baseline, b),
	       gap > 0 ? _("gap") : _("baseline above target by"), yuan(gap > 0 ? gap : -gap, c), pb->workdays);
	for (int l = PB_STRETCH; l < PB_LEVELS; l++)
		if (pb->level[l] >= 0)
			cli_printf(_("  %s target %s\n"), _(planbook_level_names[l]), money(pb->level[l], a));
	cli_printf(_("Achieved %s of %s (%s)"), money(pb->achieved, a), money(pb->level[PB_BASE], b),
	       cli_pct(pb->achieved, pb->level[PB_BASE], p, sizeof p));
	date_day first = date_month_first_day(pb->y, pb->m), last = date_month_last_day(pb->y, pb->m);
	if (ctx->today >= first && ctx->today <= last)
		today_share(pb, ctx);
	putchar('\n');
	forecast_line(pb);
	fixed_line(pb);
	if (pb->estimated)
		cli_printf(_("note: no official schedule for %04d: its statutory holidays are estimated "
		             "(no make-up workdays)\n"), pb->y);
	else if (!pb->covered)
		cli_printf(_("note: the calendar does not cover %04d, so working days are Mon-Fri only\n"), pb->y);
}

static void gap_advice(const planbook *pb, const tier_thresholds *th)
{
	plan_gap g;
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ];

	for (int t = 0; t < TIER_COUNT; t++)
		if (pb->res.tiers[t].target > 0 && pb->res.tiers[t].customers == 0)
			cli_printf(_("Tier %c has a target of %s but no customers: add %c-tier customers or change --shares.\n"),
			       tier_letter((tier)t), money(pb->res.tiers[t].target, a), tier_letter((tier)t));
	if (!plan_gap_check(&pb->res, th, &g))
		return;
	cli_printf(_("The target exceeds the baseline by %s. Any one of these closes it:\n"), yuan(g.gap, a));
	for (int t = 0; t < TIER_COUNT; t++)
		if (g.tiers[t].new_customers > 0)
			cli_printf(ngettext("  +%" PRId64 " new %c-tier customer at %s a month\n",
			                "  +%" PRId64 " new %c-tier customers at %s a month\n",
			                (unsigned long)g.tiers[t].new_customers),
			       g.tiers[t].new_customers, tier_letter((tier)t), yuan(g.tiers[t].typical, b));
	/* Growth is rounded up: a tenth of a percent less would not close the gap. */
	for (int t = 0; t < TIER_COUNT; t++)
		if (g.tiers[t].growth_bp > 0)
			cli_printf(_("  +%" PRId64 ".%" PRId64 "%% from the %c tier\n"), (g.tiers[t].growth_bp + 9) / 100,
			       (g.tiers[t].growth_bp + 9) / 10 % 10, tier_letter((tier)t));
	if (g.growth_bp > 0)
		cli_printf(_("  +%" PRId64 ".%" PRId64 "%% across the book\n"), (g.growth_bp + 9) / 100,
		       (g.growth_bp + 9) / 10 % 10);
}

static bool view_tiers(out_ctx *o)
{
	const planbook *pb = o->pb;
	static const int w[] = { 5, 9, 13, 13, 7, 13, 13, 13 };
	static const bool r[] = { false, true, true, true, true, true, true, true };
	char c1[32], c2[MONEY_BUFSZ], c3[MONEY_BUFSZ], c4[48], c5[MONEY_BUFSZ], c6[MONEY_BUFSZ], c7[MONEY_BUFSZ];
	const char *cells[11];
	int n;

	n = 0;
	cells[n++] = o->csv ? "tier" : _("Tier");
	cells[n++] = o->csv ? "customers" : _("Customers");
	cells[n++] = o->csv ? "baseline" : _("Baseline");
	cells[n++] = o->csv ? "target" : _("Target");
	cells[n++] = o->csv ? "share" : _("Share");
	if (!o->csv)
		cells[n++] = _("Achieved");
	for (int l = PB_STRETCH; l < PB_LEVELS; l++)
		if (o->extra[l])
			cells[n++] = o->csv ? planbook_level_names[l] : l == PB_STRETCH ? _("Stretch") : _("Challenge");
	if (o->csv) {
		/* After every earlier column, so readers of those keep working. */
		cells[n++] = "achieved";
		cells[n++] = "weighted_closing";
		cells[n++] = "gap";
	}
	if (!emit(o, cells, w, r, n))
		return false;
	int64_t tot[PB_LEVELS] = { 0 }, base = 0, achieved = 0;
	size_t custs = 0;
	for (int t = 0; t <= TIER_COUNT; t++) {
		bool total = t == TIER_COUNT;
		char letter[2] = { total ? 0 : tier_letter((tier)t), 0 };
		size_t k = total ? custs : pb->res.tiers[t].customers;
		int64_t bl = total ? base : pb->res.tiers[t].baseline;
		int64_t tg = total ? tot[PB_BASE] : pb->tier_target[PB_BASE][t];
		int64_t ac = total ? achieved : pb->tier_achieved[t];
		if (total && o->csv)
			break;   /* the CSV holds the tiers only */
		n = 0;
		cells[n++] = total ? _("Total") : letter;
		snprintf(c1, sizeof c1, "%zu", k);
		cells[n++] = c1;
		if (o->csv) {
			cells[n++] = money_format_csv(bl, c2, sizeof c2);
			cells[n++] = money_format_csv(tg, c3, sizeof c3);
			int64_t bp = pb->level[PB_BASE] > 0 ? (tg * 10000 + pb->level[PB_BASE] / 2) / pb->level[PB_BASE] : 0;
			snprintf(c4, sizeof c4, "%" PRId64 ".%02" PRId64, bp / 100, bp % 100);
			cells[n++] = c4;
		} else {
			cells[n++] = yuan(bl, c2);
			cells[n++] = money(tg, c3);
			cells[n++] = cli_pct(tg, pb->level[PB_BASE], c4, sizeof c4);
			cells[n++] = money(ac, c5);
		}
		char *extra[] = { NULL, c6, c7 };
		for (int l = PB_STRETCH; l < PB_LEVELS; l++)
			if (o->extra[l]) {
				int64_t v = total ? tot[l] : pb->tier_target[l][t];
				cells[n++] = o->csv ? money_format_csv(v, extra[l], MONEY_BUFSZ) : money(v, extra[l]);
			}
		char f1[MONEY_BUFSZ], f2[MONEY_BUFSZ];
		if (o->csv) {
			cells[n++] = money_format_csv(ac, c5, sizeof c5);
			cells[n++] = money_format_csv(pb->tier_closing[t], f1, sizeof f1);
			cells[n++] = money_format_csv(opp_forecast_gap(tg, ac, pb->tier_closing[t]), f2, sizeof f2);
		}
		if (!emit(o, cells, w, r, n))
			return false;
		if (!total) {
			for (int l = 0; l < PB_LEVELS; l++)
				tot[l] += pb->tier_target[l][t];
			base += bl;
			achieved += ac;
			custs += k;
		}
	}
	return true;
}

/* The months a baseline used: 0 for the stated amount, "-" when a plan
 * saved before did not say. */
static const char *months_cell(int months, char *buf, size_t sz)
{
	static const char *const digits[] = { "0", "1", "2", "3" };

	/* 0..3 as they are (no snprintf: a plan lists 100,000 customers). */
	if (months >= 0 && months <= 3)
		return digits[months];
	if (months < 0)
		return "-";
	snprintf(buf, sz, "%d", months);
	return buf;
}

static bool view_customers(out_ctx *o, const cli_ctx *ctx)
{
	const planbook *pb = o->pb;
	const char *cells[16];
	int wv[16];
	bool rv[16];
	int n = 0;
	bool capacity = false;
	int days = date_days_in_month(pb->y, pb->m);

	(void)ctx;
	for (size_t i = 0; i < pb->ncust && !capacity; i++)
		capacity = pb->cust[i].row->rooms != DB_NULL;
#define COL(text, width, right) (cells[n] = (text), wv[n] = (width), rv[n++] = (right))
	if (o->csv) {
		static const char *const h[] = { "uid", "name", "tier", "baseline", "target", "achieved" };
		for (int i = 0; i < 6; i++)
			COL(h[i], 0, false);
	} else {
		COL(_("T"), 1, false);
		COL(_("Name"), 24, false);
		COL(_("Baseline"), 11, true);
		/* TRANSLATORS: the months a customer's baseline was averaged over. */
		COL(_("Months"), 6, true);
		COL(_("Target"), 11, true);
		/* TRANSLATORS: a target fixed by --pick or 'plan set'. */
		COL(_("Fixed"), 5, false);
		COL(_("Achieved"), 11, true);
		COL(_("Done"), 7, true);
	}
	for (int l = PB_STRETCH; l < PB_LEVELS; l++)
		if (o->extra[l])
			COL(o->csv ? planbook_level_names[l] : l == PB_STRETCH ? _("Stretch") : _("Challenge"),
			    11, true);
	if (capacity && !o->csv) {
		COL(_("Potential"), 9, true);
		COL(_("Headroom"), 9, true);
	}
	if (o->csv) {
		/* After every earlier column, so readers of those keep working. */
		COL("baseline_months", 0, false);
		COL("fixed", 0, false);
		COL("weighted_closing", 0, false);
		COL("gap", 0, false);
	}
#undef COL
	int cols = n;
	/* The tier column is as wide as its heading (级 in Chinese), never cut to "…". */
	if (!o->csv && text_width(cells[0]) > wv[0])
		wv[0] = text_width(cells[0]);
	if (!o->csv && text_width(cells[5]) > wv[5])
		wv[5] = text_width(cells[5]);
	if (!emit(o, cells, wv, rv, cols))
		return false;
	for (size_t i = 0; i < pb->ncust; i++) {
		const planbook_customer *c = &pb->cust[i];
		char t[2] = { tier_letter(c->tier), 0 };
		char b1[MONEY_BUFSZ], b2[MONEY_BUFSZ], b3[MONEY_BUFSZ], b4[48], e1[MONEY_BUFSZ], e2[MONEY_BUFSZ];
		char p1[24], p2[24], mo[16], f1[MONEY_BUFSZ], f2[MONEY_BUFSZ];
		n = 0;
		if (o->csv) {
			cells[n++] = c->row->uid;
			cells[n++] = c->row->name;
			cells[n++] = t;
			cells[n++] = money_format_csv(c->baseline, b1, sizeof b1);
			cells[n++] = money_format_csv(c->target[PB_BASE], b2, sizeof b2);
			cells[n++] = money_format_csv(c->row->achieved, b3, sizeof b3);
		} else {
			cells[n++] = t;
			cells[n++] = c->row->name;
			cells[n++] = yuan(c->baseline, b1);
			cells[n++] = months_cell(c->months, mo, sizeof mo);
			cells[n++] = money(c->target[PB_BASE], b2);
			cells[n++] = c->fixed ? _("yes") : "";
			cells[n++] = money(c->row->achieved, b3);
			cells[n++] = cli_pct(c->row->achieved, c->target[PB_BASE], b4, sizeof b4);
		}
		char *extra[] = { NULL, e1, e2 };
		for (int l = PB_STRETCH; l < PB_LEVELS; l++)
			if (o->extra[l])
				cells[n++] = o->csv ? money_format_csv(c->target[l], extra[l], MONEY_BUFSZ)
				                    : money(c->target[l], extra[l]);
		if (capacity && !o->csv) {
			plan_potential pp;
			p1[0] = p2[0] = '\0';
			if (plan_market_potential(c->row->rooms, o->share_permille, days,
			                          c->row->monthly_volume, &pp)) {
				snprintf(p1, sizeof p1, "%" PRId64, pp.potential);
				snprintf(p2, sizeof p2, "%" PRId64, pp.headroom);
			}
			cells[n++] = p1;
			cells[n++] = p2;
		}
		if (o->csv) {
			cells[n++] = c->months < 0 ? "" : months_cell(c->months, mo, sizeof mo);
			cells[n++] = c->fixed ? "1" : "0";
			cells[n++] = money_format_csv(c->closing, f1, sizeof f1);
			cells[n++] = money_format_csv(opp_forecast_gap(c->target[PB_BASE], c->row->achieved,
			                                               c->closing), f2, sizeof f2);
		}
		if (!emit(o, cells, wv, rv, n))
			return false;
	}
	return true;
}

static bool view_days(out_ctx *o, const cli_ctx *ctx)
{
	const planbook *pb = o->pb;
	static const char *const wdn[] = { "", N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
	                                   N_("Sat"), N_("Sun") };
	/* Date, day, work, plan, re-spread, achieved, cum target, cum done, a
	 * level, the calendar's note. */
	static const int w[] = { 10, 4, 4, 11, 11, 11, 11, 11, 11, 16 };
	static const bool r[] = { false, false, false, true, true, true, true, true, true, false };
	const char *cells[12];
	int n = 0;
	int64_t now[PLAN_MAX_DAYS];

	plan_respread_days(pb->level[PB_BASE], &ctx->cal, pb->days[PB_BASE], pb->ndays, ctx->today, now);
	if (o->csv) {
		static const char *const h[] = { "date", "workday", "target", "achieved",
		                                  "cumulative_target", "cumulative_achieved" };
		for (int i = 0; i < 6; i++)
			cells[n++] = h[i];
	} else {
		/* TRANSLATORS: "Plan" is the plan's own day figure, "Re-spread" what
		 * is left of the month shared over the working days left. */
		static const char *const h[] = { N_("Date"), N_("Day"), N_("Work"), N_("Plan"),
		                                  N_("Re-spread"), N_("Achieved"), N_("Cum target"),
		                                  N_("Cum done") };
		for (int i = 0; i < 8; i++)
			cells[n++] = _(h[i]);
	}
	for (int l = PB_STRETCH; l < PB_LEVELS; l++)
		if (o->extra[l])
			cells[n++] = o->csv ? planbook_level_names[l] : l == PB_STRETCH ? _("Stretch") : _("Challenge");
	if (!o->csv)
		cells[n++] = "";
	int cols = n;
	int wv[12];
	bool rv[12];
	for (int i = 0; i < cols; i++) {
		int src = o->csv ? i + 1 : i;
		if (src > 9)
			src = 9;
		if (!o->csv && i == cols - 1)
			src = 9;
		else if (i >= (o->csv ? 6 : 8))
			src = 8;
		wv[i] = w[src];
		rv[i] = r[src];
	}
	if (!emit(o, cells, wv, rv, cols))
		return false;
	for (int i = 0; i < pb->ndays; i++) {
		const plan_day_row *d = &pb->days[PB_BASE][i];
		char date[DATE_BUFSZ], b1[MONEY_BUFSZ], b2[MONEY_BUFSZ], b3[MONEY_BUFSZ], b4[MONEY_BUFSZ];
		char b5[MONEY_BUFSZ], e1[MONEY_BUFSZ], e2[MONEY_BUFSZ], note[128];
		n = 0;
		cells[n++] = date_format(d->day, date);
		if (o->csv) {
			cells[n++] = d->workday ? "1" : "0";
			cells[n++] = money_format_csv(d->target, b1, sizeof b1);
			cells[n++] = money_format_csv(d->achieved, b2, sizeof b2);
			cells[n++] = money_format_csv(d->cum_target, b3, sizeof b3);
			cells[n++] = money_format_csv(d->cum_achieved, b4, sizeof b4);
		} else {
			cells[n++] = _(wdn[date_weekday(d->day)]);
			cells[n++] = d->workday ? _("yes") : "-";
			cells[n++] = d->workday ? money(d->target, b1) : "";
			cells[n++] = d->workday && d->day >= ctx->today ? money(now[i], b5) : "";
			cells[n++] = d->achieved ? money(d->achieved, b2) : "";
			cells[n++] = money(d->cum_target, b3);
			cells[n++] = money(d->cum_achieved, b4);
		}
		char *extra[] = { NULL, e1, e2 };
		for (int l = PB_STRETCH; l < PB_LEVELS; l++)
			if (o->extra[l]) {
				int64_t v = pb->days[l][i].target;
				cells[n++] = o->csv ? money_format_csv(v, extra[l], MONEY_BUFSZ) : money(v, extra[l]);
			}
		if (!o->csv) {
			const calendar_entry *e = calendar_lookup(&ctx->cal, d->day);
			/* TRANSLATORS: a holiday's name, then that it is estimated. */
			snprintf(note, sizeof note, e && e->estimated ? _("%s (estimated)") : "%s",
			         e ? e->name : "");
			cells[n++] = note;
		}
		if (!emit(o, cells, wv, rv, n))
			return false;
	}
	return true;
}

static int online_share(cli_ctx *ctx)
{
	char v[64];
	if (db_setting_get(ctx->d, "online_share", v, sizeof v) != DB_OK)
		return PLAN_ONLINE_SHARE_DEFAULT;
	int share = planbook_online_share(v);
	if (share < 0) {
		cli_warn(_("setting online_share: '%s' is not a percentage; using 20%%"), v);
		return PLAN_ONLINE_SHARE_DEFAULT;
	}
	return share;
}

/* repdesk plan set CUSTOMER AMOUNT|clear [--month YYYY-MM]: fix one
 * customer's target in the saved plan; its tier's others re-spread. */
static int plan_set(cli_ctx *ctx, int argc, char **argv)
{
	const char *month = NULL;
	cli_opt opts[] = { { "month", &month, NULL }, { NULL, NULL, NULL } };
	char *pos[2], uid[UID_BUFSZ], err[1024], why[128], a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	int npos, rc, y, m, d;
	int64_t amount = -1;

	if ((rc = cli_parse("plan", argc, argv, opts, pos, 2, &npos)))
		return rc;
	if (npos != 2)
		return cli_usage_error("plan", _("plan set needs a customer and an amount (or 'clear')"));
	if (month) {
		if (!date_month_parse(month, &y, &m))
			return cli_usage_error("plan", _("--month: '%s' is not a month (YYYY-MM)"), month);
	} else {
		date_to_ymd(ctx->today, &y, &m, &d);
	}
	if (strcmp(pos[1], "clear") != 0) {
		if (!money_parse(pos[1], &amount, why, sizeof why))
			return cli_usage_error("plan", "'%s' %s", pos[1], why);
		if (amount < 0)
			return cli_usage_error("plan", _("a target cannot be negative"));
	}
	if ((rc = cli_open_db(ctx)) || (rc = cli_load_calendar(ctx)) ||
	    (rc = cli_resolve(ctx, "plan", pos[0], uid)))
		return rc;
	planbook pb;
	status_code rs = planbook_load(ctx->d, &ctx->cal, y, m, &pb, err, sizeof err);
	if (rs != STATUS_OK)
		return cli_fail(rs, "%s", err);
	rs = planbook_set(&pb, &ctx->cal, uid, amount, err, sizeof err);
	if (rs == STATUS_OK)
		rs = planbook_save(ctx->d, &pb, err, sizeof err);
	if (rs != STATUS_OK) {
		planbook_free(&pb);
		return rs == STATUS_USAGE ? cli_usage_error("plan", "%s", err) : cli_fail(rs, "%s", err);
	}
	for (size_t i = 0; i < pb.ncust; i++) {
		const planbook_customer *c = &pb.cust[i];
		char name[256];
		if (strcmp(c->row->uid, uid) != 0)
			continue;
		text_sanitize(c->row->name, name, sizeof name);
		if (amount >= 0)
			cli_printf(_("Plan %04d-%02d: %s fixed at %s; the rest of tier %c re-spread (tier target %s unchanged)\n"),
			           y, m, name, money(c->target[PB_BASE], a), tier_letter(c->tier),
			           money(pb.tier_target[PB_BASE][c->tier], b));
		else
			cli_printf(_("Plan %04d-%02d: %s released, now %s by baseline; tier %c re-spread (tier target %s unchanged)\n"),
			           y, m, name, money(c->target[PB_BASE], a), tier_letter(c->tier),
			           money(pb.tier_target[PB_BASE][c->tier], b));
	}
	planbook_free(&pb);
	return 0;
}

int cmd_plan(cli_ctx *ctx, int argc, char **argv)
{
	const char *target = NULL, *stretch = NULL, *challenge = NULL, *method = NULL;
	const char *shares = NULL, *view = NULL, *format = "table", *pick = NULL, *xlsx = NULL;
	const char *months = NULL;
	bool show = false, replaced = false;
	char *pos[1];
	int npos, rc, y, m, d;
	cli_opt opts[] = {
		{ "target", &target, NULL }, { "stretch", &stretch, NULL },
		{ "challenge", &challenge, NULL }, { "method", &method, NULL },
		{ "shares", &shares, NULL }, { "view", &view, NULL }, { "format", &format, NULL },
		{ "show", NULL, &show }, { "pick", &pick, NULL }, { "xlsx", &xlsx, NULL },
		{ "months", &months, NULL }, { NULL, NULL, NULL }
	};
	plan_slot slots[PLAN_MAX_SLOTS];
	size_t nslots = 0;
	char err[1024];
	int64_t level[PB_LEVELS] = { -1, -1, -1 };
	const char *amounts[PB_LEVELS];
	plan_method pm = PLAN_BASELINE;
	plan_shares ps = plan_shares_default();
	plan_view pv;

	if (argc >= 2 && strcmp(argv[1], "set") == 0)
		return plan_set(ctx, argc - 1, argv + 1);
	if ((rc = cli_parse("plan", argc, argv, opts, pos, 1, &npos)))
		return rc;
	if (npos == 1 && cli_plan_is_year(pos[0], &y)) {
		if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0)
			return cli_usage_error("plan", _("--format: '%s' is not table or csv"), format);
		if (pick)
			return cli_usage_error("plan", _("--pick is for a month's plan"));
		cli_plan_year_args ya = { target, method, months, format, xlsx, show, view != NULL,
		                          stretch || challenge || shares };
		return cli_plan_year(ctx, y, &ya);
	}
	if (months)
		return cli_usage_error("plan", _("--months is for a year plan: 'repdesk plan YYYY --target "
		                                 "AMOUNT --months 1=AMOUNT,...'"));
	if (!view)
		view = "tiers";
	if (npos == 1) {
		if (!date_month_parse(pos[0], &y, &m))
			return cli_usage_error("plan", _("'%s' is not a month (YYYY-MM)"), pos[0]);
	} else {
		date_to_ymd(ctx->today, &y, &m, &d);
	}
	if (strcmp(view, "tiers") == 0)
		pv = VIEW_TIERS;
	else if (strcmp(view, "customers") == 0)
		pv = VIEW_CUSTOMERS;
	else if (strcmp(view, "days") == 0)
		pv = VIEW_DAYS;
	else
		return cli_usage_error("plan", _("--view: '%s' is not tiers, customers or days"), view);
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0)
		return cli_usage_error("plan", _("--format: '%s' is not table or csv"), format);
	if (xlsx && strcmp(format, "csv") == 0)
		return cli_usage_error("plan", _("--xlsx writes a workbook; it takes no --format csv"));
	if (xlsx && (rc = cli_guard_book(ctx, "plan", "--xlsx", xlsx)))
		return rc;
	if (show && (target || stretch || challenge || method || shares || pick))
		return cli_usage_error("plan", _("--show prints the saved plan; it takes no targets"));
	/* Without --target a month takes its figure from the year plan. */
	bool from_year = !show && !target;
	amounts[PB_BASE] = target;
	amounts[PB_STRETCH] = stretch;
	amounts[PB_CHALLENGE] = challenge;
	for (int l = 0; l < PB_LEVELS && !show; l++) {
		char why[128];
		if (!amounts[l])
			continue;
		if (!money_parse(amounts[l], &level[l], why, sizeof why))
			return cli_usage_error("plan", "--%s: '%s' %s", l == PB_BASE ? "target" :
			                       planbook_level_names[l], amounts[l], why);
		if (level[l] < 0)
			return cli_usage_error("plan", _("--%s: a target cannot be negative"),
			                       l == PB_BASE ? "target" : planbook_level_names[l]);
	}
	if (pick) {
		if (!plan_picks_parse(pick, slots, &nslots, err, sizeof err))
			return cli_usage_error("plan", _("--pick: %s"), err);
		int64_t want = plan_picks_total(slots, nslots);
		if (want > level[PB_BASE]) {
			char a[MONEY_BUFSZ], b[MONEY_BUFSZ];
			return cli_usage_error("plan", _("--pick: the picks add up to %s, more than the target %s"),
			                       money(want, a), money(level[PB_BASE], b));
		}
	}
	if (method && !plan_method_parse(method, &pm))
		return cli_usage_error("plan", _("--method: '%s' is not baseline or shares"), method);
	if (shares) {
		if (!plan_shares_parse(shares, &ps, err, sizeof err))
			return cli_usage_error("plan", _("--shares: %s"), err);
		if (!method)
			pm = PLAN_SHARES;
	}
	if ((rc = cli_open_db(ctx)) || (rc = cli_load_calendar(ctx)))
		return rc;
	if (from_year) {
		bool found = false;
		db_status ds = db_year_month_target(ctx->d, y, m, &level[PB_BASE], &found);
		if (ds != DB_OK)
			return cli_fail(status_from_db(ds), "%s", db_error(ctx->d));
		if (!found)
			return cli_usage_error("plan", _("give --target AMOUNT to make a plan, or --show to see "
			                                 "the saved one (%04d has no year plan to take it from)"), y);
	}

	planbook pb;
	status_code rs;
	if (show) {
		rs = planbook_load(ctx->d, &ctx->cal, y, m, &pb, err, sizeof err);
	} else {
		rs = planbook_saved(ctx->d, y, m, &replaced, err, sizeof err);
		if (rs == STATUS_OK)
			rs = planbook_make_picked(ctx->d, &ctx->cal, y, m, level, pm, &ps, slots, nslots, &pb,
			                          err, sizeof err);
		if (rs == STATUS_OK && (rs = planbook_save(ctx->d, &pb, err, sizeof err)) != STATUS_OK)
			planbook_free(&pb);
	}
	if (rs != STATUS_OK)
		return rs == STATUS_USAGE ? cli_usage_error("plan", "%s", err) : cli_fail(rs, "%s", err);

	if (pv == VIEW_CUSTOMERS && !planbook_sort_by_name(&pb)) {
		planbook_free(&pb);
		return cli_fail(STATUS_IOERR, _("out of memory"));
	}
	if (xlsx) {
		/* The workbook in place of the table: its tiers and its days. */
		if (!show)
			cli_printf(replaced ? _("Saved: the plan for %04d-%02d replaces the earlier one.\n")
			                    : _("Saved: the plan for %04d-%02d.\n"), y, m);
		rc = cli_plan_xlsx(&pb, ctx, xlsx);
		planbook_free(&pb);
		return rc;
	}
	out_ctx o = { .pb = &pb, .share_permille = online_share(ctx) };
	for (int l = PB_STRETCH; l < PB_LEVELS; l++)
		o.extra[l] = pb.level[l] >= 0;
	bool csv = strcmp(format, "csv") == 0;
	if (csv) {
		o.csv = csvio_write_open(NULL, false, o.err, sizeof o.err);
		if (!o.csv) {
			planbook_free(&pb);
			return cli_fail(STATUS_IOERR, "%s", o.err);
		}
	} else {
		if (from_year) {
			char yt[MONEY_BUFSZ];
			cli_printf(_("Target %s from the year plan for %04d.\n"),
			           money(pb.level[PB_BASE], yt), y);
		}
		summary(&o, ctx);
		putchar('\n');
	}
	bool ok = pv == VIEW_TIERS ? view_tiers(&o)
	        : pv == VIEW_CUSTOMERS ? view_customers(&o, ctx) : view_days(&o, ctx);
	if (csv)
		ok = csvio_write_close(o.csv, o.err, sizeof o.err) && ok;
	else if (pv == VIEW_TIERS) {
		tier_thresholds th;
		putchar('\n');
		if (db_tiers_get(ctx->d, &th) == DB_OK)
			gap_advice(&pb, &th);
	}
	planbook_free(&pb);
	if (!ok)
		return cli_fail(STATUS_IOERR, "%s", o.err);
	if (!show && !csv && replaced)
		cli_printf(_("\nSaved: the plan for %04d-%02d replaces the earlier one.\n"), y, m);
	else if (!show && !csv)
		cli_printf(_("\nSaved: the plan for %04d-%02d.\n"), y, m);
	return 0;
}
