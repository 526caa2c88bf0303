/* The Team screen: the groups as a leaderboard, reps inside, with bars
 * against the target and the pace, then each rep's month day by day; Enter
 * opens the selected rep's month. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/teamview.h"
#include "repdesk/text.h"
#include "wb_int.h"
#include "repdesk/db/server.h"

#define TEAM_MAX 512

/* Its reps' lines, the one selected, and whether that rep's month is open. */
typedef struct {
	int line[TEAM_MAX];          /* line of each rep in the side text */
	char uid[TEAM_MAX][UID_BUFSZ];
	int n, sel;
	bool open;
} team_state;

/* Hundredths as "63%" or "0.63"; "-" for none. */
static const char *hundredths(int h, bool percent, char *buf, size_t bufsz)
{
	if (h == TEAM_NONE)
		snprintf(buf, bufsz, "-");
	else if (percent)
		snprintf(buf, bufsz, "%d%%", h);
	else
		snprintf(buf, bufsz, "%d.%02d", h / 100, h % 100);
	return buf;
}

/* One cell per day of a rep's month: the day's orders against its target. */
static void month_cells(const teamview_month *tm, date_day upto, char *out, size_t outsz)
{
	size_t o = 0;

	for (int i = 0; i < tm->ndays && o + 4 < outsz; i++) {
		const plan_day_row *r = &tm->days[i];
		int64_t target = tm->respread[i];     /* what the day was told */
		const char *c;
		if (r->day > upto)
			c = r->workday ? "-" : " ";
		else if (!r->workday)
			c = r->achieved > 0 ? "+" : " ";
		else if (target <= 0)          /* no plan, or the month already met */
			c = r->achieved > 0 ? "+" : "\u00b7";
		else if (r->achieved >= target)
			c = "\u2588";
		else if (r->achieved * 2 >= target)
			c = "\u2584";
		else
			c = r->achieved > 0 ? "\u2581" : "\u00b7";
		size_t n = strlen(c);
		memcpy(out + o, c, n);
		o += n;
	}
	out[o] = '\0';
}

/* One rep's month, day by day: each working day's target as the plan
 * split it and as re-spread from what was sold before it (the figure "met"
 * is judged by), against what was ordered, the effective calls and deals,
 * and the running totals. */
static void rep_month_lines(wb *w, wb_text *L, const team_row *r, int y, int m, date_day upto,
                            int elapsed)
{
	teamview_month tm;
	char err[256], a[MONEY_BUFSZ], b[MONEY_BUFSZ], d[MONEY_BUFSZ], e[MONEY_BUFSZ];
	char h[8][64], label[64], bar[64], calls[16], deals[16];

	wb_text_add(L, _("%s (%s) · %04d-%02d · achieved ¥%s of ¥%s"), r->rep, r->group, y, m,
	    wb_yuan(r->achieved, a), wb_yuan(r->target, b));
	/* The year to date: the year plan's months (else the month plans') to this one. */
	wb_text_add(L, _("Year to date ¥%s of ¥%s (%d%%)"), wb_yuan(r->ytd_achieved, a),
	    wb_yuan(r->ytd_target, b),
	    r->ytd_target > 0 ? (int)(r->ytd_achieved * 100 / r->ytd_target) : 0);
	if (r->pipeline > 0)
		wb_text_add(L, _("Pipeline ¥%s open · ¥%s weighted by probability (the forecast)"),
		    wb_yuan(r->pipeline, a), wb_yuan(r->weighted, b));
	wb_text_add(L, _("Effective calls %s a day, deals %s a day · Esc comes back to the team."),
	    teamview_per_day(r->effective, elapsed, calls, sizeof calls),
	    teamview_per_day(r->deals, elapsed, deals, sizeof deals));
	wb_text_add(L, "%s", _("Plan: as planned; re-spread: what was left over the working days left."));
	if (r->stale)
		wb_text_add(L, _("Stale: the latest bundle was added on %s."), r->bundle_date);
	if (teamview_rep_month(w->d, w->cal, r, y, m, upto, &tm, err, sizeof err) != STATUS_OK) {
		wb_text_add(L, "%s", err);
		return;
	}
	/* The plan's and the re-spread figures say where the month stands, so
	 * the running totals keep only what was done: 80 columns hold it all. */
	wb_text_add(L, "%s %s %s %s %s %s %s %s", text_fit(_("Date"), 14, false, h[0], sizeof h[0]),
	    text_fit(_("Plan"), 9, true, h[1], sizeof h[1]),
	    text_fit(_("Re-spread"), 9, true, h[2], sizeof h[2]),
	    text_fit(_("Achieved"), 9, true, h[3], sizeof h[3]),
	    text_fit(_("Calls"), 5, true, h[4], sizeof h[4]),
	    text_fit(_("Deals"), 5, true, h[5], sizeof h[5]),
	    text_fit(_("Cum done"), 11, true, h[6], sizeof h[6]), text_fit("", 8, false, h[7], sizeof h[7]));
	for (int i = 0; i < tm.ndays; i++) {
		const plan_day_row *dr = &tm.days[i];
		bool past = dr->day <= upto;
		if (dr->day > upto && !dr->workday)
			continue;
		i18n_day(dr->day, label, sizeof label);
		teamview_bar(tm.respread[i] > 0 ? (int)(dr->achieved * 100 / tm.respread[i]) : -1, 8, bar,
		             sizeof bar);
		snprintf(calls, sizeof calls, "%d", tm.effective[i]);
		snprintf(deals, sizeof deals, "%d", tm.deals[i]);
		wb_text_add(L, "%s %9s %9s %9s %5s %5s %11s %s", text_fit(label, 14, false, h[0], sizeof h[0]),
		    dr->workday ? wb_yuan(dr->target, a) : "-", dr->workday ? wb_yuan(tm.respread[i], e) : "-",
		    past ? wb_yuan(dr->achieved, b) : "", past ? calls : "", past ? deals : "",
		    past ? wb_yuan(dr->cum_achieved, d) : "", past && dr->workday ? bar : "");
	}
}

/* The groups as a leaderboard, reps inside, with bars against the target
 * and against the pace; then each rep's month day by day. */
static void team_lines_read(wb *w, const char *from, bool server);

/* From the team server when the book has one (its rollup under this login),
 * else from the book; a server out of reach is said, and the book used. */
static void team_lines(wb *w)
{
	char url[1024], err[1024], note[1200] = "";
	db_server *s = NULL;

	if (w->server && db_setting_get(w->d, "server", url, sizeof url) == DB_OK) {
		status_code st = db_server_connect(url, &s, err, sizeof err);
		if (st == STATUS_OK && (st = db_team_use_server(w->d, s, err, sizeof err)) != STATUS_OK) {
			db_server_close(s);
			s = NULL;
		}
		if (st != STATUS_OK)
			snprintf(note, sizeof note, _("The team server is out of reach (%s): this book's "
			         "figures."), err);
	}
	team_lines_read(w, note, s != NULL);
	db_team_use_server(w->d, NULL, NULL, 0);
	db_server_close(s);
}

static void team_lines_read(wb *w, const char *from, bool server)
{
	team_state *ts = w->scr[WB_TEAM];
	wb_text L = { 0 };
	teamview tv;
	char err[256], name[64], a[MONEY_BUFSZ], b[MONEY_BUFSZ], p[16], q[16], cd[16], dd2[16];
	char bar1[64], bar2[64], days[PLAN_MAX_DAYS * 3 + 1], date[DATE_BUFSZ];
	int y, m, dd, nteam = 0, nstale = 0;

	date_to_ymd(w->day, &y, &m, &dd);
	if (teamview_load(w->d, w->cal, y, m, w->day, false, &tv, err, sizeof err) != STATUS_OK) {
		wb_text_add(&L, "%s", err);
		wb_text_show(w, &L);
		w->lines_plan = true;
		return;
	}
	wb_text_add(&L, _("%04d-%02d · %d of %d working days to %s · groups ranked by progress"), y, m,
	    tv.elapsed, tv.workdays, date_format(tv.date, date));
	if (from[0])
		wb_text_add(&L, "%s", from);
	else if (server)
		wb_text_add(&L, "%s", _("From the team server, as of each rep's last sync."));
	wb_text_add(&L, "%s", "");
	/* The pipeline and its forecast follow the bars, when the book keeps
	 * opportunities (past 80 columns: a wider terminal shows them). */
	bool pipe = false;
	for (size_t i = 0; i < tv.n; i++)
		pipe = pipe || tv.rows[i].pipeline > 0;
	char h[11][64], pl[2][MONEY_BUFSZ + 8];
	/* The header cut to the columns' widths, so it lines up in any language. */
	wb_text_add(&L, "%s %s %s %s %s %s %s %s %s%s%s%s%s", text_fit("#", 2, true, h[0], sizeof h[0]),
	    text_fit(_("Group / rep"), 14, false, h[1], sizeof h[1]),
	    text_fit(_("achieved"), 10, true, h[2], sizeof h[2]),
	    text_fit(_("target"), 10, true, h[3], sizeof h[3]),
	    text_fit(_("prog"), 5, true, h[4], sizeof h[4]),
	    text_fit(_("pace"), 5, true, h[5], sizeof h[5]),
	    text_fit(_("call/d"), 6, true, h[6], sizeof h[6]),
	    text_fit(_("deal/d"), 6, true, h[7], sizeof h[7]),
	    text_fit(_("vs tgt/pace"), 11, false, h[8], sizeof h[8]), pipe ? " " : "",
	    pipe ? text_fit(_("pipeline"), 10, true, h[9], sizeof h[9]) : "", pipe ? " " : "",
	    pipe ? text_fit(_("weighted"), 10, true, h[10], sizeof h[10]) : "");
	for (size_t i = 0; i < tv.n; i++) {
		const team_row *r = &tv.rows[i];
		pl[0][0] = pl[1][0] = '\0';
		if (pipe) {
			snprintf(pl[0], sizeof pl[0], " %10s", wb_yuan(r->pipeline, a));
			snprintf(pl[1], sizeof pl[1], " %10s", wb_yuan(r->weighted, b));
		}
		teamview_bar(r->progress, 5, bar1, sizeof bar1);
		teamview_bar(r->pace, 5, bar2, sizeof bar2);
		teamview_per_day(r->effective, tv.elapsed, cd, sizeof cd);
		teamview_per_day(r->deals, tv.elapsed, dd2, sizeof dd2);
		if (r->total)
			wb_text_add(&L, "%2d %s %10s %10s %5s %5s %6s %6s %s %s%s%s", r->rank,
			    text_fit(r->group, 14, false, name, sizeof name), wb_yuan(r->achieved, a),
			    wb_yuan(r->target, b), hundredths(r->progress, true, p, sizeof p),
			    hundredths(r->pace, true, q, sizeof q), cd, dd2, bar1, bar2, pl[0], pl[1]);
		else {
			wb_text_add(&L, "%s%2d %s %10s %10s %5s %5s %6s %6s %s %s%s%s", r->stale ? "  !" : "   ", r->rank,
			    text_fit(r->rep, 11, false, name, sizeof name), wb_yuan(r->achieved, a),
			    wb_yuan(r->target, b), hundredths(r->progress, true, p, sizeof p),
			    hundredths(r->pace, true, q, sizeof q), cd, dd2, bar1, bar2, pl[0], pl[1]);
			nstale += r->stale;
			if (nteam < TEAM_MAX) {     /* a rep to select and open */
				ts->line[nteam] = L.n - 1;
				snprintf(ts->uid[nteam], sizeof ts->uid[0], "%s", r->rep_uid);
				nteam++;
			}
		}
	}
	if (tv.n == 0) {
		wb_text_add(&L, "%s", _("No reps yet. Each rep runs 'repdesk export bundle --out FILE' and the"));
		wb_text_add(&L, "%s", _("lead adds the files with 'repdesk team add FILE...'."));
	} else {
		wb_text_add(&L, "%s", "");
		wb_text_add(&L, "%s", _("call/d, deal/d: effective calls and deals per working day so far."));
		wb_text_add(&L, "%s", _("Each rep's month, day by day: \u2588 day target met, \u2584 half of it,"));
		wb_text_add(&L, "%s", _("\u2581 less, \u00b7 nothing, + a sale without a target, - days to come"));
		wb_text_add(&L, "%s", _("Enter opens the selected rep's month; Esc comes back."));
		if (nstale)
			wb_text_add(&L, "%s", _("! stale: the rep's latest bundle is older than this day"));
	}
	for (size_t i = 0; i < tv.n; i++) {
		const team_row *r = &tv.rows[i];
		teamview_month tm;
		if (r->total) {
			wb_text_add(&L, "%s", r->group);
			continue;
		}
		if (teamview_rep_month(w->d, w->cal, r, y, m, tv.date, &tm, err, sizeof err) != STATUS_OK) {
			wb_text_add(&L, "  %s", err);
			continue;
		}
		month_cells(&tm, tv.date, days, sizeof days);
		if (r->stale)
			wb_text_add(&L, _("  %s %s  ! bundle of %s"), text_fit(r->rep, 12, false, name, sizeof name),
			    days, r->bundle_date);
		else
			wb_text_add(&L, "  %s %s", text_fit(r->rep, 12, false, name, sizeof name), days);
	}
	/* The rep who was selected stays selected when still listed. */
	char keep[UID_BUFSZ] = "";
	if (ts->sel >= 0 && ts->sel < ts->n)
		snprintf(keep, sizeof keep, "%s", ts->uid[ts->sel]);
	ts->n = nteam;
	ts->sel = 0;
	for (int i = 0; i < nteam; i++)
		if (keep[0] && strcmp(ts->uid[i], keep) == 0)
			ts->sel = i;
	const team_row *open = NULL;
	for (size_t i = 0; ts->open && nteam && i < tv.n; i++)
		if (!tv.rows[i].total && strcmp(tv.rows[i].rep_uid, ts->uid[ts->sel]) == 0)
			open = &tv.rows[i];
	if (open) {
		wb_text R = { 0 };
		rep_month_lines(w, &R, open, y, m, tv.date, tv.elapsed);
		wb_text_free(&L);
		teamview_free(&tv);
		wb_text_show(w, &R);
		w->lines_plan = true;
		return;
	}
	ts->open = false;
	teamview_free(&tv);
	wb_text_show(w, &L);
	w->lines_plan = true;
	if (nteam) {
		w->lines_hl = ts->line[ts->sel];
		if (w->lines_hl >= w->lheight)
			w->ltop = w->lines_hl - w->lheight + 1;
	}
}

static void side(wb *w)
{
	if (!w->lines_plan || w->lines_uid[0] != 'T') {
		team_lines(w);
		snprintf(w->lines_uid, sizeof w->lines_uid, "T");
	}
}

/* The selection is a rep of the leaderboard, kept in view; a rep's month
 * open scrolls as text. */
static bool move(wb *w, int delta)
{
	team_state *ts = w->scr[WB_TEAM];

	if (ts->open || ts->n <= 0)
		return false;
	int s = ts->sel + delta;
	if (s < 0)
		s = 0;
	if (s >= ts->n)
		s = ts->n - 1;
	ts->sel = s;
	w->lines_hl = ts->line[s];
	if (w->lines_hl < w->ltop)
		w->ltop = w->lines_hl;
	if (w->lines_hl >= w->ltop + w->lheight)
		w->ltop = w->lines_hl - w->lheight + 1;
	return true;
}

/* A rep's month. */
static int open_rep(wb *w)
{
	team_state *ts = w->scr[WB_TEAM];

	if (ts->n > 0 && !ts->open) {
		ts->open = true;
		w->lines_uid[0] = '\0';
		wb_side_update(w);
	}
	return WB_REACT_SIDE | WB_REACT_STATUS;
}

static int back(wb *w)
{
	team_state *ts = w->scr[WB_TEAM];

	if (!ts->open)
		return -1;
	ts->open = false;
	w->lines_uid[0] = '\0';
	wb_side_update(w);
	return WB_REACT_SIDE | WB_REACT_STATUS;
}

static int act(wb *w, wb_action a)
{
	switch (a) {
	case WB_A_OPEN: return open_rep(w);
	case WB_A_BACK: return back(w);
	default: return -1;
	}
}

static const char *side_title(const wb *w)
{
	(void)w;
	return _("Team");
}

const wb_screen_ops scr_team_ops = {
	.info = { N_("Team"), WB_LAYOUT_TEXT, 50 },
	.state_size = sizeof(team_state),
	.side = side,
	.move = move,
	.act = act,
	.side_title = side_title,
};
