/* The workbench's side texts: a customer's whole file (fields, attributes,
 * tier and band, potential, receivables, plan target, notes and history,
 * newest first) and the month plan (tier table, calendar of day targets
 * against achieved, customer targets). Built as lines the UI draws as they
 * are; columns are padded by display width, so CJK stays aligned. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/teamview.h"
#include "repdesk/text.h"
#include "wb_int.h"

typedef struct {
	char **v;
	int n, cap;
	bool nomem;
} lines;

static void add(lines *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(lines *L, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (L->nomem)
		return;
	if (L->n == L->cap) {
		int cap = L->cap ? L->cap * 2 : 64;
		char **v = realloc(L->v, (size_t)cap * sizeof *v);
		if (!v) {
			L->nomem = true;
			return;
		}
		L->v = v;
		L->cap = cap;
	}
	if (!(L->v[L->n] = strdup(buf)))
		L->nomem = true;
	else
		L->n++;
}

/* "LABEL  value" with the label padded to WIDTH columns ("monthly_amount"
 * reads "monthly amount"). */
static void add_field(lines *L, const char *label, const char *value, int width)
{
	char cell[256], words[128];

	if (!value || !*value)
		return;
	snprintf(words, sizeof words, "%s", label);
	for (char *p = words; *p; p++)
		if (*p == '_')
			*p = ' ';
	add(L, "%s %s", text_fit(words, width, false, cell, sizeof cell), value);
}

static void set_lines(wb *w, lines *L)
{
	wb_lines_free(w);
	w->lines = L->v;
	w->nlines = L->n;
	w->ltop = 0;
}

/* ---- a customer's file ---- */

typedef struct {
	db_activity_kind kind;
	char date[11];
	char *text;
	int64_t seq;
} hist;

typedef struct {
	hist *v;
	size_t n, cap;
	db_activity_kind kind;
	bool nomem;
} hist_list;

static bool on_activity(const db_activity *a, void *ctx)
{
	hist_list *h = ctx;
	char buf[768], money[MONEY_BUFSZ];

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 32;
		hist *v = realloc(h->v, cap * sizeof *v);
		if (!v) {
			h->nomem = true;
			return false;
		}
		h->v = v;
		h->cap = cap;
	}
	switch (h->kind) {
	case DB_CALLS:
		snprintf(buf, sizeof buf, "%s %s%s%s%s%s", _("call"), _(a->outcome),
		         a->text[0] ? " · " : "", a->text, a->next_call[0] ? _(" · next ") : "",
		         a->next_call);
		break;
	case DB_ORDERS:
		snprintf(buf, sizeof buf, "%s %s%s%s%s%s", _("order"),
		         money_format(a->amount, money, sizeof money),
		         a->due[0] ? _(" · to pay by ") : "", a->due, a->text[0] ? " · " : "", a->text);
		break;
	case DB_PAYMENTS:
		snprintf(buf, sizeof buf, "%s %s%s%s", _("payment"),
		         money_format(a->amount, money, sizeof money), a->text[0] ? " · " : "", a->text);
		break;
	case DB_NOTES:
		snprintf(buf, sizeof buf, "%s %s", _("note"), a->text);
		break;
	case DB_VISITS:
		snprintf(buf, sizeof buf, "%s%s%s%s%s%s%s%s%s%s%s", _("visit"), a->time[0] ? " " : "", a->time,
		         a->outcome[0] ? " " : "", a->outcome[0] ? _(a->outcome) : "",
		         a->place[0] ? " · " : "", a->place, a->text[0] ? " · " : "", a->text,
		         a->next_call[0] ? _(" · next ") : "", a->next_call);
		break;
	}
	hist *e = &h->v[h->n];
	e->kind = h->kind;
	memcpy(e->date, a->date, sizeof e->date);
	e->seq = (int64_t)h->n;
	if (!(e->text = strdup(buf))) {
		h->nomem = true;
		return false;
	}
	h->n++;
	return true;
}

/* Newest first; on one day, the later logged first. */
static int hist_cmp(const void *a, const void *b)
{
	const hist *x = a, *y = b;
	int c = strcmp(y->date, x->date);
	return c ? c : (y->seq > x->seq) - (y->seq < x->seq);
}

static const char *const priority_words[] = { N_("key"), N_("medium"), N_("small") };
static const char *const status_words[] = { N_("active"), N_("prospect"), N_("lost"),
                                            N_("do-not-call") };

/* V translated when it is one of LIST's words. */
static const char *shown(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return _(list[i]);
	return v;
}

static int online_share_permille(wb *w)
{
	char v[64];
	if (db_setting_get(w->d, "online_share", v, sizeof v) != DB_OK)
		return PLAN_ONLINE_SHARE_DEFAULT;
	int share = planbook_online_share(v);
	return share < 0 ? PLAN_ONLINE_SHARE_DEFAULT : share;
}

static void file_lines(wb *w, const char *uid)
{
	lines L = { 0 };
	char buf[256], money[MONEY_BUFSZ], m2[MONEY_BUFSZ];
	db_customer *c = db_customer_load(w->d, uid);
	const int lw = 14;

	if (!c) {
		add(&L, "%s", _("This customer could not be read."));
		set_lines(w, &L);
		return;
	}
	tier t = tier_effective(c->tier_manual, c->tier_auto);
	add(&L, "%c  %s", tier_letter(t), c->name);
	add(&L, "%s", "");
	for (int id = 0; id < CF_COUNT; id++) {
		if (id == CF_UID || id == CF_NAME || id == CF_TIER)
			continue;
		const char *v = cf_get(c, (cf_id)id, buf, sizeof buf);
		if (id == CF_MONTHLY_AMOUNT && c->monthly_amount != DB_NULL)
			v = money_format(c->monthly_amount, money, sizeof money);
		/* Values from a fixed list read in the reader's language. */
		if (id == CF_STATUS)
			v = shown(v, status_words, sizeof status_words / sizeof *status_words);
		else if (id == CF_PRIORITY)
			v = shown(v, priority_words, sizeof priority_words / sizeof *priority_words);
		add_field(&L, _(cf_fields[id].name), v, lw);
	}
	for (size_t i = 0; i < c->nattrs; i++)
		add_field(&L, c->attrs[i].key, c->attrs[i].value, lw);
	add(&L, "%s", "");

	/* Tier and band. */
	snprintf(buf, sizeof buf, "%c%s", tier_letter(t),
	         c->tier_manual != TIER_NONE ? _(" (set by hand)") : _(" (from the figures)"));
	add_field(&L, _("tier"), buf, lw);
	const char *band = store_band_label(store_band_of(c->stores));
	add_field(&L, _("store band"), band, lw);

	/* Potential and headroom. */
	int y, m, d;
	date_to_ymd(w->day, &y, &m, &d);
	plan_potential pp;
	if (c->rooms != DB_NULL &&
	    plan_market_potential(c->rooms, online_share_permille(w), date_days_in_month(y, m),
	                          c->monthly_volume == DB_NULL ? -1 : c->monthly_volume, &pp)) {
		snprintf(buf, sizeof buf, _("%" PRId64 " room-nights a month · headroom %" PRId64),
		         pp.potential, pp.headroom);
		add_field(&L, _("potential"), buf, lw);
	}

	/* This month. */
	const db_today_row *r = wb_today_row(w, uid);
	if (r) {
		int64_t target = wb_customer_target(w, uid);
		if (target > 0)
			snprintf(buf, sizeof buf, "%s / %s", money_format(r->month_orders, money, sizeof money),
			         money_format(target, m2, sizeof m2));
		else
			snprintf(buf, sizeof buf, _("%s (no target)"),
			         money_format(r->month_orders, money, sizeof money));
		add_field(&L, _("this month"), buf, lw);
		if (r->last_contact != DB_NO_DAY) {
			char day[DATE_BUFSZ];
			snprintf(buf, sizeof buf, _("%s (%dd ago)"), date_format(r->last_contact, day),
			         w->day - r->last_contact);
			add_field(&L, _("last contact"), buf, lw);
		}
	}

	/* Receivables. */
	if (r && w->fig_ok) {
		size_t row = (size_t)(r - w->fig.book.rows);
		bool head = false;
		for (size_t i = 0; i < w->fig.book.nrecv; i++) {
			const db_receivable *rv = &w->fig.book.recv[i];
			if (rv->row != row)
				continue;
			if (!head) {
				add(&L, "%s", "");
				add(&L, "%s", _("Open balances"));
				head = true;
			}
			char od[DATE_BUFSZ], dd[DATE_BUFSZ], m3[MONEY_BUFSZ];
			char due[64] = "";
			if (rv->due != DB_NO_DAY) {
				if (rv->due < w->day)
					snprintf(due, sizeof due, _(" · promised %s, broken %dd"),
					         date_format(rv->due, dd), w->day - rv->due);
				else
					snprintf(due, sizeof due, _(" · promised %s"), date_format(rv->due, dd));
			}
			add(&L, _("  %s  %s ordered, %s paid, %s open%s"), date_format(rv->date, od),
			    money_format(rv->amount, money, sizeof money),
			    money_format(rv->paid, m2, sizeof m2),
			    money_format(rv->amount - rv->paid, m3, sizeof m3), due);
		}
	}

	/* History, newest first. */
	hist_list h = { 0 };
	static const db_activity_kind kinds[] = { DB_CALLS, DB_ORDERS, DB_PAYMENTS, DB_NOTES, DB_VISITS };
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds && !h.nomem; k++) {
		h.kind = kinds[k];
		size_t from = h.n;
		if (db_activity_each(w->d, kinds[k], uid, on_activity, &h) != DB_OK)
			break;
		/* Sequence numbers follow the store's order (date, then logged). */
		for (size_t i = from; i < h.n; i++)
			h.v[i].seq = (int64_t)i;
	}
	if (h.n)
		qsort(h.v, h.n, sizeof *h.v, hist_cmp);
	add(&L, "%s", "");
	add(&L, "%s", h.n ? _("History") : _("No calls, orders, payments or notes yet."));
	for (size_t i = 0; i < h.n; i++) {
		add(&L, "  %s  %s", h.v[i].date, h.v[i].text);
		free(h.v[i].text);
	}
	free(h.v);
	db_customer_free(c);
	set_lines(w, &L);
}

/* ---- the plan ---- */

static const char *yuan(int64_t fen, char *buf)
{
	return money_format_yuan(fen, buf, MONEY_BUFSZ);
}

/* Columns of a calendar day: seven fit in 72, room for ¥1,234,567. */
#define CELL 10

static void plan_lines(wb *w)
{
	lines L = { 0 };
	int y, m, d;
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], cell[128];

	date_to_ymd(w->day, &y, &m, &d);
	if (!w->pb_ok) {
		w->pb_ok = planbook_load(w->d, w->cal, y, m, &w->pb, w->pb_err, sizeof w->pb_err) == RD_OK;
		if (w->pb_ok)
			planbook_sort_by_name(&w->pb);
	}
	if (!w->pb_ok) {
		add(&L, _("No plan for %04d-%02d yet."), y, m);
		add(&L, "%s", "");
		add(&L, "%s", _("Press T to give the month's target: it is split over the tiers, each"));
		add(&L, "%s", _("tier's customers in proportion to their baseline, and the working days."));
		set_lines(w, &L);
		w->lines_plan = true;
		return;
	}
	const planbook *pb = &w->pb;
	int pct = pb->level[PB_BASE] > 0 ? (int)(pb->achieved * 100 / pb->level[PB_BASE]) : 0;
	add(&L, _("%04d-%02d  target ¥%s · baseline ¥%s"), y, m, yuan(pb->level[PB_BASE], a),
	    yuan(pb->res.baseline, b));
	add(&L, _("achieved ¥%s (%d%%) · %d working days%s"), yuan(pb->achieved, c), pct, pb->workdays,
	    pb->covered ? "" : _(" (Mon–Fri only: no calendar for this year)"));
	add(&L, "%s", "");
	char h1[32], h2[32], h3[32], h4[32], h5[32];
	add(&L, "  %s %s %s %s %s", text_fit(_("tier"), 6, false, h1, sizeof h1),
	    text_fit(_("customers"), 10, true, h2, sizeof h2),
	    text_fit(_("baseline"), 14, true, h3, sizeof h3),
	    text_fit(_("target"), 14, true, h4, sizeof h4),
	    text_fit(_("achieved"), 14, true, h5, sizeof h5));
	for (int t = 0; t < TIER_COUNT; t++) {
		const plan_tier_row *tr = &pb->res.tiers[t];
		add(&L, "  %-6c %10zu %14s %14s %14s", tier_letter((tier)t), tr->customers,
		    yuan(tr->baseline, a), yuan(pb->tier_target[PB_BASE][t], b),
		    yuan(pb->tier_achieved[t], c));
	}
	add(&L, "  %s %10zu %14s %14s %14s", text_fit(_("total"), 6, false, h1, sizeof h1),
	    pb->res.customers, yuan(pb->res.baseline, a), yuan(pb->level[PB_BASE], b),
	    yuan(pb->achieved, c));

	/* The month as a calendar: day, then target over achieved. */
	add(&L, "%s", "");
	add(&L, "%s", _("Day targets (target / achieved; 休 holiday, 班 make-up workday)"));
	static const char *const wd[7] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
	                                   N_("Sat"), N_("Sun") };
	char row[3][512];
	int len[3] = { 0, 0, 0 };
	for (int i = 0; i < 7; i++)
		len[0] += snprintf(row[0] + len[0], sizeof row[0] - (size_t)len[0], "%s",
		                   text_fit(_(wd[i]), CELL, false, cell, sizeof cell));
	add(&L, "  %s", row[0]);
	int first = date_weekday(pb->days[PB_BASE][0].day);
	int col = first - 1;
	row[0][0] = row[1][0] = row[2][0] = '\0';
	len[0] = len[1] = len[2] = 0;
	for (int i = 0; i < col; i++)
		for (int k = 0; k < 3; k++)
			len[k] += snprintf(row[k] + len[k], sizeof row[k] - (size_t)len[k], "%*s", CELL, "");
	for (int i = 0; i < pb->ndays; i++) {
		const plan_day_row *dr = &pb->days[PB_BASE][i];
		const cal_entry *e = cal_lookup(w->cal, dr->day);
		char label[32];
		int dy, dm, dday;
		date_to_ymd(dr->day, &dy, &dm, &dday);
		snprintf(label, sizeof label, "%d%s%s", dday, dr->day == w->day ? "*" : "",
		         e ? (e->work ? " 班" : " 休") : "");
		len[0] += snprintf(row[0] + len[0], sizeof row[0] - (size_t)len[0], "%s",
		                   text_fit(label, CELL, false, cell, sizeof cell));
		len[1] += snprintf(row[1] + len[1], sizeof row[1] - (size_t)len[1], "%-*s", CELL,
		                   dr->workday ? yuan(dr->target, a) : "-");
		len[2] += snprintf(row[2] + len[2], sizeof row[2] - (size_t)len[2], "%-*s", CELL,
		                   dr->day <= w->day && (dr->workday || dr->achieved) ?
		                   yuan(dr->achieved, b) : "");
		if (++col == 7 || i == pb->ndays - 1) {
			for (int k = 0; k < 3; k++) {
				add(&L, "  %s", row[k]);
				row[k][0] = '\0';
				len[k] = 0;
			}
			add(&L, "%s", "");
			col = 0;
		}
	}

	/* Customer targets. */
	add(&L, "%s", _("Customer targets"));
	for (size_t i = 0; i < pb->ncust; i++) {
		const planbook_customer *pc = &pb->cust[i];
		add(&L, "  %c %s %14s %14s", tier_letter(pc->tier),
		    text_fit(pc->row->name, 28, false, cell, sizeof cell), yuan(pc->target[PB_BASE], a),
		    yuan(pc->row->achieved, b));
	}
	set_lines(w, &L);
	w->lines_plan = true;
}

/* ---- the team ---- */

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
static void month_cells(const teamview_month *tm, rd_day upto, char *out, size_t outsz)
{
	size_t o = 0;

	for (int i = 0; i < tm->ndays && o + 4 < outsz; i++) {
		const plan_day_row *r = &tm->days[i];
		const char *c;
		if (r->day > upto)
			c = r->workday ? "-" : " ";
		else if (!r->workday)
			c = r->achieved > 0 ? "+" : " ";
		else if (r->target <= 0)       /* no plan: only whether anything sold */
			c = r->achieved > 0 ? "+" : "\u00b7";
		else if (r->achieved >= r->target)
			c = "\u2588";
		else if (r->achieved * 2 >= r->target)
			c = "\u2584";
		else
			c = r->achieved > 0 ? "\u2581" : "\u00b7";
		size_t n = strlen(c);
		memcpy(out + o, c, n);
		o += n;
	}
	out[o] = '\0';
}

static void free_lines(lines *L)
{
	for (int i = 0; i < L->n; i++)
		free(L->v[i]);
	free(L->v);
	memset(L, 0, sizeof *L);
}

/* One rep's month, day by day: each working day's target against what was
 * ordered, and the running totals. */
static void rep_month_lines(wb *w, lines *L, const team_row *r, int y, int m, rd_day upto)
{
	teamview_month tm;
	char err[256], a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], d[MONEY_BUFSZ];
	char h[6][64], label[64], bar[64];

	add(L, _("%s (%s) · %04d-%02d · achieved ¥%s of ¥%s"), r->rep, r->group, y, m,
	    yuan(r->achieved, a), yuan(r->target, b));
	add(L, "%s", _("Esc comes back to the team."));
	add(L, "%s", "");
	if (teamview_rep_month(w->d, w->cal, r, y, m, &tm, err, sizeof err) != RD_OK) {
		add(L, "%s", err);
		return;
	}
	plan_days_accumulate(tm.days, tm.ndays);
	add(L, "%s %s %s %s %s %s", text_fit(_("Date"), 15, false, h[0], sizeof h[0]),
	    text_fit(_("Target"), 10, true, h[1], sizeof h[1]),
	    text_fit(_("Achieved"), 10, true, h[2], sizeof h[2]),
	    text_fit(_("Cum target"), 12, true, h[3], sizeof h[3]),
	    text_fit(_("Cum done"), 12, true, h[4], sizeof h[4]), text_fit("", 10, false, h[5], sizeof h[5]));
	for (int i = 0; i < tm.ndays; i++) {
		const plan_day_row *dr = &tm.days[i];
		if (dr->day > upto && !dr->workday)
			continue;
		i18n_day(dr->day, label, sizeof label);
		teamview_bar(dr->target > 0 ? (int)(dr->achieved * 100 / dr->target) : -1, 10, bar, sizeof bar);
		add(L, "%s %10s %10s %12s %12s %s", text_fit(label, 15, false, h[0], sizeof h[0]),
		    dr->workday ? yuan(dr->target, a) : "-", dr->day <= upto ? yuan(dr->achieved, b) : "",
		    yuan(dr->cum_target, c), dr->day <= upto ? yuan(dr->cum_achieved, d) : "",
		    dr->day <= upto && dr->workday ? bar : "");
	}
}

/* The groups as a leaderboard, reps inside, with bars against the target
 * and against the pace; then each rep's month day by day. */
static void team_lines(wb *w)
{
	lines L = { 0 };
	teamview tv;
	char err[256], name[64], a[MONEY_BUFSZ], b[MONEY_BUFSZ], p[16], q[16];
	char bar1[64], bar2[64], days[PLAN_MAX_DAYS * 3 + 1], date[DATE_BUFSZ];
	int y, m, dd, nteam = 0;

	date_to_ymd(w->day, &y, &m, &dd);
	if (teamview_load(w->d, w->cal, y, m, w->day, false, &tv, err, sizeof err) != RD_OK) {
		add(&L, "%s", err);
		set_lines(w, &L);
		w->lines_plan = true;
		return;
	}
	add(&L, _("%04d-%02d · %d of %d working days to %s · groups ranked by progress"), y, m,
	    tv.elapsed, tv.workdays, date_format(tv.date, date));
	add(&L, "%s", "");
	/* The header cut to the columns' widths, so it lines up in any language. */
	char h[8][64];
	add(&L, "%s %s %s %s %s %s %s %s", text_fit("#", 2, true, h[0], sizeof h[0]),
	    text_fit(_("Group / rep"), 14, false, h[1], sizeof h[1]),
	    text_fit(_("achieved"), 11, true, h[2], sizeof h[2]),
	    text_fit(_("target"), 11, true, h[3], sizeof h[3]),
	    text_fit(_("prog"), 5, true, h[4], sizeof h[4]),
	    text_fit(_("pace"), 5, true, h[5], sizeof h[5]),
	    text_fit(_("vs target"), 10, false, h[6], sizeof h[6]),
	    text_fit(_("vs pace"), 10, false, h[7], sizeof h[7]));
	for (size_t i = 0; i < tv.n; i++) {
		const team_row *r = &tv.rows[i];
		teamview_bar(r->progress, 10, bar1, sizeof bar1);
		teamview_bar(r->pace, 10, bar2, sizeof bar2);
		if (r->total)
			add(&L, "%2d %s %11s %11s %5s %5s %s %s", r->rank,
			    text_fit(r->group, 14, false, name, sizeof name), yuan(r->achieved, a),
			    yuan(r->target, b), hundredths(r->progress, true, p, sizeof p),
			    hundredths(r->pace, false, q, sizeof q), bar1, bar2);
		else {
			add(&L, "   %2d %s %11s %11s %5s %5s %s %s", r->rank,
			    text_fit(r->rep, 11, false, name, sizeof name), yuan(r->achieved, a),
			    yuan(r->target, b), hundredths(r->progress, true, p, sizeof p),
			    hundredths(r->pace, false, q, sizeof q), bar1, bar2);
			if (nteam < WB_TEAM_MAX) {     /* a rep to select and open */
				w->team_line[nteam] = L.n - 1;
				snprintf(w->team_uid[nteam], sizeof w->team_uid[0], "%s", r->rep_uid);
				nteam++;
			}
		}
	}
	if (tv.n == 0) {
		add(&L, "%s", _("No reps yet. Each rep runs 'repdesk export bundle --out FILE' and the"));
		add(&L, "%s", _("lead adds the files with 'repdesk team add FILE...'."));
	} else {
		add(&L, "%s", "");
		add(&L, "%s", _("Each rep's month, day by day: \u2588 day target met, \u2584 half of it,"));
		add(&L, "%s", _("\u2581 less, \u00b7 nothing, + a sale without a target, - days to come"));
		add(&L, "%s", _("Enter opens the selected rep's month; Esc comes back."));
	}
	for (size_t i = 0; i < tv.n; i++) {
		const team_row *r = &tv.rows[i];
		teamview_month tm;
		if (r->total) {
			add(&L, "%s", r->group);
			continue;
		}
		if (teamview_rep_month(w->d, w->cal, r, y, m, &tm, err, sizeof err) != RD_OK) {
			add(&L, "  %s", err);
			continue;
		}
		month_cells(&tm, tv.date, days, sizeof days);
		add(&L, "  %s %s", text_fit(r->rep, 12, false, name, sizeof name), days);
	}
	/* The rep who was selected stays selected when still listed. */
	char keep[UID_BUFSZ] = "";
	if (w->team_sel >= 0 && w->team_sel < w->nteam)
		snprintf(keep, sizeof keep, "%s", w->team_uid[w->team_sel]);
	w->nteam = nteam;
	w->team_sel = 0;
	for (int i = 0; i < nteam; i++)
		if (keep[0] && strcmp(w->team_uid[i], keep) == 0)
			w->team_sel = i;
	const team_row *open = NULL;
	for (size_t i = 0; w->team_open && nteam && i < tv.n; i++)
		if (!tv.rows[i].total && strcmp(tv.rows[i].rep_uid, w->team_uid[w->team_sel]) == 0)
			open = &tv.rows[i];
	if (open) {
		lines R = { 0 };
		rep_month_lines(w, &R, open, y, m, tv.date);
		free_lines(&L);
		teamview_free(&tv);
		set_lines(w, &R);
		w->lines_plan = true;
		return;
	}
	w->team_open = false;
	teamview_free(&tv);
	set_lines(w, &L);
	w->lines_plan = true;
	if (nteam) {
		w->lines_hl = w->team_line[w->team_sel];
		if (w->lines_hl >= w->lheight)
			w->ltop = w->lines_hl - w->lheight + 1;
	}
}

void wb_side_update(wb *w)
{
	if (w->screen == WB_PLAN) {
		if (!w->lines_plan || w->lines_uid[0] != 'P') {
			plan_lines(w);
			snprintf(w->lines_uid, sizeof w->lines_uid, "P");
		}
		return;
	}
	if (w->screen == WB_TEAM) {
		if (!w->lines_plan || w->lines_uid[0] != 'T') {
			team_lines(w);
			snprintf(w->lines_uid, sizeof w->lines_uid, "T");
		}
		return;
	}
	if (w->screen != WB_CUSTOMERS)
		return;
	const char *uid = w->list.n ? w->list.rows[w->list.sel].uid : NULL;
	if (!uid) {
		wb_lines_free(w);
		return;
	}
	if (w->lines_plan || strcmp(w->lines_uid, uid) != 0) {
		file_lines(w, uid);
		snprintf(w->lines_uid, sizeof w->lines_uid, "%s", uid);
		w->lines_plan = false;
	}
}
