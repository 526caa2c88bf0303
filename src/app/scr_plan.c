/* The Plan screen: the month plan as one text (tier table, calendar of
 * day targets against achieved, customer targets); T gives a new target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/i18n.h"
#include "repdesk/leverview.h"
#include "repdesk/oppnames.h"
#include "repdesk/money.h"
#include "repdesk/text.h"
#include "repdesk/yearbook.h"
#include "wb_int.h"

/* Months the Levers panel shows. */
#define LEVER_MONTHS 6

typedef struct {
	planbook pb;                 /* the month plan, when loaded */
	bool ok;
	char err[256];
	leverview lv;                /* the three levers, when loaded */
	bool lv_ok;
	yearbook yb;                 /* the year plan, when there is one */
	bool year_read, year_ok;
} plan_state;

/* Columns of a calendar day: seven fit in 72, room for ¥1,234,567. */
#define CELL 10

/* The day's target re-spread beside the plan's own figure, and what is left
 * as the difference it is; on a day off, the next working day's. */
static void today_lines(const wb *w, const planbook *pb, wb_text *L)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], day[64];
	date_day first = date_month_first_day(pb->y, pb->m);
	int64_t before, planned;

	if (w->day < first || w->day - first >= pb->ndays)
		return;
	plan_day pd = planbook_respread_day(pb, w->cal, w->day, &before, &planned);
	if (pd.met) {
		wb_text_add(L, "%s", _("The month's target is met."));
		return;
	}
	if (pd.no_days_left) {
		wb_text_add(L, _("No working day is left for the ¥%s still to sell."), wb_yuan(pd.remaining, a));
		return;
	}
	if (pd.workday)
		wb_text_add(L, _("Today ¥%s, re-spread (the plan's own figure ¥%s)"), wb_yuan(pd.target, a),
		    wb_yuan(planned, b));
	else
		wb_text_add(L, _("Day off: %s carries ¥%s re-spread (the plan's own ¥%s)"),
		    i18n_day(pd.next_day, day, sizeof day), wb_yuan(pd.next_target, a), wb_yuan(planned, b));
	wb_text_add(L, ngettext("Left ¥%s = ¥%s - ¥%s sold before today · %d working day",
	                        "Left ¥%s = ¥%s - ¥%s sold before today · %d working days",
	                        (unsigned long)pd.workdays_left),
	    wb_yuan(pd.remaining, a), wb_yuan(pb->level[PB_BASE], b), wb_yuan(before, c), pd.workdays_left);
}

/* A count and its change: "412 +12". */
static const char *with_change(int64_t v, int64_t d, char *buf, size_t sz)
{
	if (d == LEVERS_NONE || d == 0)
		snprintf(buf, sz, "%lld", (long long)v);
	else
		snprintf(buf, sz, "%lld %+lld", (long long)v, (long long)d);
	return buf;
}

/* Tenths of a percent: "41.2%" and its change "+1.3". */
static const char *conversion(const levers_month *mo, char *buf, size_t sz)
{
	if (mo->conversion == LEVERS_NONE) {
		snprintf(buf, sz, "-");
		return buf;
	}
	int n = snprintf(buf, sz, "%lld.%lld%%", (long long)(mo->conversion / 10), (long long)(mo->conversion % 10));
	int64_t d = mo->d_conversion;
	if (d != LEVERS_NONE && d != 0 && n > 0 && (size_t)n < sz)
		snprintf(buf + n, sz - (size_t)n, " %s%lld.%lld", d < 0 ? "-" : "+", (long long)((d < 0 ? -d : d) / 10),
		         (long long)((d < 0 ? -d : d) % 10));
	return buf;
}

/* Win rate and days to win from each open stage, from the opportunities
 * closed in the months shown; nothing when none closed. */
static void stage_lines(wb *w, const leverview *v, wb_text *L)
{
	const opp_stats *s = &v->stages;
	char rate[320], days[320], from[DATE_BUFSZ];
	size_t nr = 0, nd = 0;
	opp_names names;

	if (s->closed == 0)
		return;
	opp_names_load(w->d, &names);
	for (int st = 0; st < OPP_OPEN_COUNT; st++) {
		int pm = opp_stats_win_permille(s, (opp_stage)st), dt = opp_stats_days_tenths(s, (opp_stage)st);
		char p[16] = "-", d[16] = "-";
		if (pm >= 0)
			snprintf(p, sizeof p, "%d%%", (pm + 5) / 10);
		if (dt >= 0)
			snprintf(d, sizeof d, "%d", (dt + 5) / 10);
		if (nr < sizeof rate)
			nr += (size_t)snprintf(rate + nr, sizeof rate - nr, "%s%s %s", st ? " · " : "",
			                       names.name[st], p);
		if (nd < sizeof days)
			nd += (size_t)snprintf(days + nd, sizeof days - nd, "%s%s %s", st ? " · " : "",
			                       names.name[st], d);
	}
	wb_text_add(L, ngettext("By stage, from %ld opportunity closed since %s:",
	                        "By stage, from %ld opportunities closed since %s:", (unsigned long)s->closed),
	    s->closed, date_format(v->from, from));
	wb_text_add(L, _("  win rate: %s"), rate);
	wb_text_add(L, _("  days to win: %s"), days);
}

/* The Levers panel: the customer base, conversion and order value by month,
 * the gap to the month's target and what one step of each lever brings. */
static void lever_lines(wb *w, plan_state *ps, int y, int m, wb_text *L)
{
	char h[7][48], a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], cell[7][64];

	if (!ps->lv_ok)
		ps->lv_ok = leverview_load(w->d, y, m, LEVER_MONTHS, &ps->lv, ps->err, sizeof ps->err) == STATUS_OK;
	if (!ps->lv_ok)
		return;
	const leverview *v = &ps->lv;
	wb_text_add(L, "%s", "");
	wb_text_add(L, "%s", _("Levers (each month, with its change against the month before)"));
	wb_text_add(L, "  %s %s %s %s %s %s%s%s", text_fit(_("month"), 7, false, h[0], sizeof h[0]),
	    text_fit(_("ordering"), 10, true, h[1], sizeof h[1]), text_fit(_("new"), 6, true, h[2], sizeof h[2]),
	    text_fit(_("lost"), 6, true, h[3], sizeof h[3]),
	    text_fit(_("conversion"), 13, true, h[4], sizeof h[4]),
	    text_fit(_("order value"), 12, true, h[5], sizeof h[5]), v->volume ? " " : "",
	    v->volume ? text_fit(_("room-nights"), 11, true, h[6], sizeof h[6]) : "");
	for (int i = 1; i <= v->lv.n; i++) {
		const levers_month *mo = &v->lv.mon[i];
		char month[16], vol[24];
		snprintf(month, sizeof month, "%04d-%02d", mo->y % 10000, mo->m % 100);
		snprintf(vol, sizeof vol, "%lld", (long long)mo->volume);
		wb_text_add(L, "  %s %s %s %s %s %s%s%s", text_fit(month, 7, false, cell[0], sizeof cell[0]),
		    text_fit(with_change(mo->customers, mo->d_customers, a, sizeof a), 10, true, cell[1], sizeof cell[1]),
		    text_fit(with_change(mo->new_customers, LEVERS_NONE, b, sizeof b), 6, true, cell[2], sizeof cell[2]),
		    text_fit(with_change(mo->lost, LEVERS_NONE, c, sizeof c), 6, true, cell[3], sizeof cell[3]),
		    text_fit(conversion(mo, a, sizeof a), 13, true, cell[4], sizeof cell[4]),
		    text_fit(mo->order_value == LEVERS_NONE ? "-" : wb_yuan(mo->order_value, b), 12, true, cell[5],
		             sizeof cell[5]),
		    v->volume ? " " : "", v->volume ? text_fit(vol, 11, true, cell[6], sizeof cell[6]) : "");
	}
	const levers_worth *wo = &v->worth;
	char base[16];
	snprintf(base, sizeof base, "%04d-%02d", wo->base->y % 10000, wo->base->m % 100);
	if (v->has_plan)
		wb_text_add(L, _("Gap to the month's target ¥%s. At %s's size, each lever brings:"),
		    wb_yuan(v->gap, a), base);
	else
		wb_text_add(L, _("No target this month. At %s's size, each lever brings:"), base);
	wb_text_add(L, _("  one more new S customer ≈ ¥%s · +1 point of conversion ≈ ¥%s"),
	    wb_yuan(wo->new_customer[TIER_S], a), wb_yuan(wo->conversion_point, b));
	if (v->volume)
		wb_text_add(L, _("  +10%% order value ≈ ¥%s (%lld room-nights)"), wb_yuan(wo->order_value_10, c),
		    (long long)wo->volume_10);
	else
		wb_text_add(L, _("  +10%% order value ≈ ¥%s"), wb_yuan(wo->order_value_10, c));
	stage_lines(w, v, L);
}

/* Cells of a month's bar: the largest month's target (or orders) fills it. */
#define YEAR_BAR 24

/* The year plan as twelve bars, target against achieved (█ achieved, ░ the
 * rest of the target), today's month marked ▶. */
static void year_lines(const yearbook *yb, wb_text *L)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], bar[YEAR_BAR * 3 + 1];
	int64_t top = 0;

	wb_text_add(L, _("Year %04d  target ¥%s · achieved ¥%s (%d%%)%s"), yb->y, wb_yuan(yb->total, a),
	    wb_yuan(yb->achieved_total, b),
	    yb->total > 0 ? (int)(yb->achieved_total * 100 / yb->total) : 0,
	    yb->estimated ? _(" · holidays estimated") : "");
	for (int i = 0; i < YEAR_MONTHS; i++) {
		if (yb->target[i] > top)
			top = yb->target[i];
		if (yb->achieved[i] > top)
			top = yb->achieved[i];
	}
	for (int i = 0; i < YEAR_MONTHS; i++) {
		int t = top > 0 ? (int)((yb->target[i] * YEAR_BAR + top / 2) / top) : 0;
		int got = top > 0 && yb->achieved[i] > 0 ? (int)((yb->achieved[i] * YEAR_BAR + top / 2) / top) : 0;
		size_t n = 0;
		for (int k = 0; k < YEAR_BAR; k++) {
			const char *c = k < got ? "█" : k < t ? "░" : " ";
			size_t l = strlen(c);
			memcpy(bar + n, c, l);
			n += l;
		}
		bar[n] = '\0';
		wb_text_add(L, "%s%02d %s %12s / %s", yb->current == i + 1 ? "▶ " : "  ", i + 1, bar,
		    wb_yuan(yb->achieved[i], a), wb_yuan(yb->target[i], b));
	}
	wb_text_add(L, "%s", "");
}

static void plan_lines(wb *w)
{
	plan_state *ps = w->scr[WB_PLAN];
	wb_text L = { 0 };
	int y, m, d;
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], cell[128];

	date_to_ymd(w->day, &y, &m, &d);
	if (!ps->year_read) {
		char err[256];
		ps->year_ok = yearbook_load(w->d, w->cal, y, w->day, &ps->yb, err, sizeof err) == STATUS_OK;
		ps->year_read = true;
	}
	if (!ps->ok) {
		ps->ok = planbook_load(w->d, w->cal, y, m, &ps->pb, ps->err, sizeof ps->err) == STATUS_OK;
		if (ps->ok)
			planbook_sort_by_name(&ps->pb);
	}
	if (!ps->ok) {
		wb_text_add(&L, _("No plan for %04d-%02d yet."), y, m);
		wb_text_add(&L, "%s", "");
		wb_text_add(&L, "%s", _("Press T to give the month's target: it is split over the tiers, each"));
		wb_text_add(&L, "%s", _("tier's customers in proportion to their baseline, and the working days."));
		lever_lines(w, ps, y, m, &L);
		if (ps->year_ok) {
			wb_text_add(&L, "%s", "");
			year_lines(&ps->yb, &L);
		}
		wb_text_show(w, &L);
		w->lines_plan = true;
		return;
	}
	const planbook *pb = &ps->pb;
	int pct = pb->level[PB_BASE] > 0 ? (int)(pb->achieved * 100 / pb->level[PB_BASE]) : 0;
	wb_text_add(&L, _("%04d-%02d  target ¥%s · baseline ¥%s"), y, m, wb_yuan(pb->level[PB_BASE], a),
	    wb_yuan(pb->res.baseline, b));
	wb_text_add(&L, _("achieved ¥%s (%d%%) · %d working days%s"), wb_yuan(pb->achieved, c), pct, pb->workdays,
	    pb->covered ? "" : pb->estimated ? _(" (holidays estimated: no official schedule)")
	                                     : _(" (Mon–Fri only: no calendar for this year)"));
	today_lines(w, pb, &L);
	/* The forecast, when the book keeps opportunities. */
	if (pb->open > 0)
		wb_text_add(&L, _("pipeline closing this month ¥%s weighted (of ¥%s) · gap ¥%s"),
		    wb_yuan(pb->closing_weighted, a), wb_yuan(pb->closing_total, b),
		    wb_yuan(planbook_gap(pb), c));
	wb_text_add(&L, "%s", "");
	char h1[32], h2[32], h3[32], h4[32], h5[32];
	wb_text_add(&L, "  %s %s %s %s %s", text_fit(_("tier"), 6, false, h1, sizeof h1),
	    text_fit(_("customers"), 10, true, h2, sizeof h2),
	    text_fit(_("baseline"), 14, true, h3, sizeof h3),
	    text_fit(_("target"), 14, true, h4, sizeof h4),
	    text_fit(_("achieved"), 14, true, h5, sizeof h5));
	for (int t = 0; t < TIER_COUNT; t++) {
		const plan_tier_row *tr = &pb->res.tiers[t];
		wb_text_add(&L, "  %-6c %10zu %14s %14s %14s", tier_letter((tier)t), tr->customers,
		    wb_yuan(tr->baseline, a), wb_yuan(pb->tier_target[PB_BASE][t], b),
		    wb_yuan(pb->tier_achieved[t], c));
	}
	wb_text_add(&L, "  %s %10zu %14s %14s %14s", text_fit(_("total"), 6, false, h1, sizeof h1),
	    pb->res.customers, wb_yuan(pb->res.baseline, a), wb_yuan(pb->level[PB_BASE], b),
	    wb_yuan(pb->achieved, c));
	lever_lines(w, ps, y, m, &L);

	/* The year, when it has a plan. */
	wb_text_add(&L, "%s", "");
	if (ps->year_ok)
		year_lines(&ps->yb, &L);

	/* The month as a calendar: day, then target over achieved. */
	wb_text_add(&L, "%s", _("Day targets (target / achieved; 休 holiday, 班 make-up workday)"));
	static const char *const wd[7] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
	                                   N_("Sat"), N_("Sun") };
	char row[3][512];
	int len[3] = { 0, 0, 0 };
	for (int i = 0; i < 7; i++)
		len[0] += snprintf(row[0] + len[0], sizeof row[0] - (size_t)len[0], "%s",
		                   text_fit(_(wd[i]), CELL, false, cell, sizeof cell));
	wb_text_add(&L, "  %s", row[0]);
	int first = date_weekday(pb->days[PB_BASE][0].day);
	int col = first - 1;
	row[0][0] = row[1][0] = row[2][0] = '\0';
	len[0] = len[1] = len[2] = 0;
	for (int i = 0; i < col; i++)
		for (int k = 0; k < 3; k++)
			len[k] += snprintf(row[k] + len[k], sizeof row[k] - (size_t)len[k], "%*s", CELL, "");
	for (int i = 0; i < pb->ndays; i++) {
		const plan_day_row *dr = &pb->days[PB_BASE][i];
		const calendar_entry *e = calendar_lookup(w->cal, dr->day);
		char label[32];
		int dy, dm, dday;
		date_to_ymd(dr->day, &dy, &dm, &dday);
		snprintf(label, sizeof label, "%d%s%s", dday, dr->day == w->day ? "*" : "",
		         e ? (e->work ? " 班" : " 休") : "");
		len[0] += snprintf(row[0] + len[0], sizeof row[0] - (size_t)len[0], "%s",
		                   text_fit(label, CELL, false, cell, sizeof cell));
		len[1] += snprintf(row[1] + len[1], sizeof row[1] - (size_t)len[1], "%-*s", CELL,
		                   dr->workday ? wb_yuan(dr->target, a) : "-");
		len[2] += snprintf(row[2] + len[2], sizeof row[2] - (size_t)len[2], "%-*s", CELL,
		                   dr->day <= w->day && (dr->workday || dr->achieved) ?
		                   wb_yuan(dr->achieved, b) : "");
		if (++col == 7 || i == pb->ndays - 1) {
			for (int k = 0; k < 3; k++) {
				wb_text_add(&L, "  %s", row[k]);
				row[k][0] = '\0';
				len[k] = 0;
			}
			wb_text_add(&L, "%s", "");
			col = 0;
		}
	}

	/* Customer targets. */
	wb_text_add(&L, "%s", _("Customer targets"));
	for (size_t i = 0; i < pb->ncust; i++) {
		const planbook_customer *pc = &pb->cust[i];
		/* A target fixed by --pick or 'plan set' says so. */
		wb_text_add(&L, "  %c %s %14s %14s%s%s", tier_letter(pc->tier),
		    text_fit(pc->row->name, 28, false, cell, sizeof cell), wb_yuan(pc->target[PB_BASE], a),
		    wb_yuan(pc->row->achieved, b), pc->fixed ? "  " : "",
		    /* TRANSLATORS: a customer target fixed by hand or by a pick. */
		    pc->fixed ? _("fixed") : "");
	}
	wb_text_show(w, &L);
	w->lines_plan = true;
}

static void fini(wb *w)
{
	plan_state *ps = w->scr[WB_PLAN];

	if (ps->ok)
		planbook_free(&ps->pb);
	ps->ok = false;
	ps->lv_ok = false;
	ps->year_read = ps->year_ok = false;
}

static void side(wb *w)
{
	if (!w->lines_plan || w->lines_uid[0] != 'P') {
		plan_lines(w);
		snprintf(w->lines_uid, sizeof w->lines_uid, "P");
	}
}

/* The month's target is given here. */
static int act(wb *w, wb_action a)
{
	if (a != WB_A_REPLAN)
		return -1;
	wb_ask_start(w, a);
	return WB_REACT_REDRAW;
}

static const char *side_title(const wb *w)
{
	(void)w;
	return _("Plan · T sets the month's target");
}

const wb_screen_ops scr_plan_ops = {
	.info = { N_("Plan"), WB_LAYOUT_TEXT, 50 },
	.state_size = sizeof(plan_state),
	.fini = fini,
	.reload = fini,
	.side = side,
	.act = act,
	.side_title = side_title,
};

const planbook *wb_plan_book(wb *w)
{
	plan_state *ps = w->scr[WB_PLAN];
	return ps && ps->ok ? &ps->pb : NULL;
}
