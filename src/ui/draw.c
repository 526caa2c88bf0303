/* Drawing: a pure layout of the screen, then every screen drawn from the
 * workbench's state. All text goes through text_fit, so a cell never holds
 * half a character, control characters and bad UTF-8 never reach the
 * terminal, and CJK columns line up. Colours are semantic roles; without
 * colour (NO_COLOR, monochrome) the selection is reverse video. */
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "repdesk/count.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/text.h"
#include "ui.h"

/* ---- colours ---- */

enum { ROLE_NONE, ROLE_HEADER, ROLE_TAB, ROLE_TIER_S, ROLE_TIER_A, ROLE_TIER_B, ROLE_TIER_C,
       ROLE_TIER_D, ROLE_ERROR, ROLE_BAR, ROLE_DIM, ROLE_TITLE, ROLE_COUNT };

static attr_t roles[ROLE_COUNT];

void ui_colors_init(void)
{
	static const struct { short fg, bg; attr_t mono; } theme[ROLE_COUNT] = {
		[ROLE_NONE] = { -1, -1, A_NORMAL },
		[ROLE_HEADER] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE },
		[ROLE_TAB] = { COLOR_BLACK, COLOR_YELLOW, A_REVERSE },
		[ROLE_TIER_S] = { COLOR_RED, -1, A_BOLD },
		[ROLE_TIER_A] = { COLOR_YELLOW, -1, A_BOLD },
		[ROLE_TIER_B] = { COLOR_GREEN, -1, A_NORMAL },
		[ROLE_TIER_C] = { COLOR_CYAN, -1, A_NORMAL },
		[ROLE_TIER_D] = { COLOR_BLUE, -1, A_NORMAL },
		[ROLE_ERROR] = { COLOR_RED, -1, A_BOLD },
		[ROLE_BAR] = { COLOR_GREEN, -1, A_NORMAL },
		[ROLE_DIM] = { COLOR_WHITE, -1, A_DIM },
		[ROLE_TITLE] = { COLOR_CYAN, -1, A_BOLD },
	};
	const char *no_color = getenv("NO_COLOR");
	bool color = has_colors() && !(no_color && *no_color);

	if (color) {
		start_color();
		use_default_colors();
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		roles[r] = theme[r].mono;
		if (color && r != ROLE_NONE && init_pair((short)r, theme[r].fg, theme[r].bg) == OK)
			roles[r] = COLOR_PAIR(r) | (r == ROLE_TIER_S || r == ROLE_ERROR || r == ROLE_TITLE ?
			                            A_BOLD : A_NORMAL);
	}
}

static attr_t tier_role(tier t)
{
	return t >= TIER_S && t <= TIER_D ? roles[ROLE_TIER_S + t] : roles[ROLE_NONE];
}

/* ---- layout ---- */

ui_layout ui_layout_of(int rows, int cols, wb_screen screen)
{
	ui_layout l;

	memset(&l, 0, sizeof l);
	if (rows < UI_MIN_ROWS || cols < UI_MIN_COLS) {
		l.too_small = true;
		return l;
	}
	l.header = (ui_rect){ 0, 0, 1, cols };
	l.tabs = (ui_rect){ 1, 0, 1, cols };
	l.body = (ui_rect){ 2, 0, rows - 4, cols };
	l.message = (ui_rect){ rows - 2, 0, 1, cols };
	l.keys = (ui_rect){ rows - 1, 0, 1, cols };
	int left = cols * wb_screen_info_of(screen)->left_percent / 100;
	if (left < 30)
		left = 30;
	l.left = (ui_rect){ l.body.y, 0, l.body.h, left };
	l.right = (ui_rect){ l.body.y, left, l.body.h, cols - left };
	return l;
}

/* ---- primitives ---- */

/* One grapheme cluster (N bytes of S, WIDTH columns by text_cluster) as
 * screen cells. ncurses gives a cell the width of its first code point and
 * would start a new cell for each wide code point after it, so an emoji
 * sequence is put as one cell holding the whole sequence (as much of it as
 * a cell holds, cut before a joiner): the screen then moves on by the
 * columns we measured. A flag's two regional indicators are one column
 * each to ncurses, which is the flag's width too. Where the first code
 * point is narrower than the cluster (a narrow pictograph with a
 * modifier), a blank keeps the columns. */
static void put_cluster(const char *s, size_t n, int width)
{
	wchar_t wc[CCHARW_MAX];
	int k = 0;
	uint32_t cp;

	if (width == 0)
		return;
	text_decode(s, n, &cp);
	if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
		addnstr(s, (int)n);
		return;
	}
	for (size_t i = 0; i < n && k < CCHARW_MAX;) {
		i += text_decode(s + i, n - i, &cp);
		wc[k++] = (wchar_t)cp;
	}
	while (k > 1 && wc[k - 1] == 0x200D)
		k--;
	/* A code point the C library does not know (unassigned) would be laid
	 * out as a mark on the cell before: its column shows U+FFFD. */
	if (wcwidth(wc[0]) < 0) {
		wc[0] = 0xFFFD;
		k = 1;
	}
	cchar_t c;
	wchar_t first[2] = { wc[0], 0 };
	if (setcchar(&c, first, A_NORMAL, 0, NULL) == ERR) {
		addnstr(s, (int)n);
		return;
	}
	for (int i = 1; i < k && i < CCHARW_MAX; i++)
		c.chars[i] = wc[i];
	add_wch(&c);
	for (int pad = width - wcwidth(wc[0]); pad > 0; pad--)
		addch(' ');
}

/* TEXT cut and padded to W columns at (Y, X). */
static void put(int y, int x, int w, const char *text, attr_t a, bool right)
{
	char buf[8192];

	if (w <= 0)
		return;
	text_fit(text, w, right, buf, sizeof buf);
	attrset(a);
	move(y, x);
	for (size_t i = 0, len = strlen(buf); i < len;) {
		int cw;
		size_t n = text_cluster(buf + i, len - i, &cw);
		put_cluster(buf + i, n, cw);
		i += n;
	}
	attrset(A_NORMAL);
}

static void rule(int y, int x, int w, const char *ch)
{
	for (int i = 0; i < w; i++)
		mvaddstr(y, x + i, ch);
}

/* TITLE on row Y of box R's border; one too wide is cut with its spaces
 * kept around it. */
static void border_title(ui_rect r, int y, const char *title, attr_t attr)
{
	if (!title || !*title || r.w <= 6)
		return;
	char cut[512], t[sizeof cut + 3];
	snprintf(cut, sizeof cut, "%s", title);
	if (text_width(title) > r.w - 6) {
		text_fit(title, r.w - 6, false, cut, sizeof cut);
		for (size_t n = strlen(cut); n && cut[n - 1] == ' ';)
			cut[--n] = '\0';
	}
	snprintf(t, sizeof t, " %s ", cut);
	int tw = text_width(t);
	if (tw > r.w - 4)
		tw = r.w - 4;
	put(y, r.x + 1, tw, t, attr, false);
}

/* A box with TITLE in its top border; FOCUS draws the title bold. */
static void frame(ui_rect r, const char *title, bool focus)
{
	if (r.w < 2 || r.h < 2)
		return;
	mvaddstr(r.y, r.x, "┌");
	rule(r.y, r.x + 1, r.w - 2, "─");
	mvaddstr(r.y, r.x + r.w - 1, "┐");
	for (int i = 1; i < r.h - 1; i++) {
		mvaddstr(r.y + i, r.x, "│");
		mvaddstr(r.y + i, r.x + r.w - 1, "│");
	}
	mvaddstr(r.y + r.h - 1, r.x, "└");
	rule(r.y + r.h - 1, r.x + 1, r.w - 2, "─");
	mvaddstr(r.y + r.h - 1, r.x + r.w - 1, "┘");
	border_title(r, r.y, title, focus ? roles[ROLE_TITLE] : A_NORMAL);
}

/* A separator across box R at row Y with TITLE. */
static void tee(ui_rect r, int y, const char *title)
{
	mvaddstr(y, r.x, "├");
	rule(y, r.x + 1, r.w - 2, "─");
	mvaddstr(y, r.x + r.w - 1, "┤");
	border_title(r, y, title, A_NORMAL);
}

/* DONE of TARGET as a bar of W cells. */
static void bar(int y, int x, int w, int64_t done, int64_t target)
{
	if (w <= 0)
		return;
	int full = target > 0 ? (int)(done >= target ? w : done * w / target) : 0;
	if (full < 0)
		full = 0;
	attrset(roles[ROLE_BAR]);
	for (int i = 0; i < w; i++)
		mvaddstr(y, x + i, i < full ? "█" : "░");
	attrset(A_NORMAL);
}

static const char *yuan(int64_t fen, char *buf)
{
	return money_format_yuan(fen, buf, MONEY_BUFSZ);
}

/* An amount for people: ¥12,000, or ¥21.23万 where 万 is the style. */
static const char *amount(const wb *w, int64_t fen, char *buf)
{
	if (w->wan)
		return money_format_wan(fen, buf, MONEY_BUFSZ);
	char y[MONEY_BUFSZ];
	snprintf(buf, MONEY_BUFSZ, "¥%s", money_format_yuan(fen, y, sizeof y));
	return buf;
}

/* ---- the header and tabs ---- */

static void draw_header(const wb *w, const ui_layout *l)
{
	static const char *const months[12] = {
		N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
		N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")
	};
	char left[512], right[256], day[64], a[MONEY_BUFSZ], t[MONEY_BUFSZ];
	int y, m, d, pace;
	int64_t achieved, target;

	date_to_ymd(w->day, &y, &m, &d);
	i18n_day(w->day, day, sizeof day);
	if (w->rep.name[0])
		snprintf(left, sizeof left, " repdesk · %s · %s (%s)", day, w->rep.name, w->rep.group_name);
	else
		snprintf(left, sizeof left, " repdesk · %s", day);
	wb_month(w, &achieved, &target, &pace);
	int lw = text_width(left);
	if (lw > 40)
		lw = 40;
	if (target > 0) {
		int pct = (int)(achieved * 100 / target);
		char p[32] = "";
		if (pace >= 0)
			snprintf(p, sizeof p, _("  pace %d%%"), pace);
		snprintf(right, sizeof right, "%s %s / %s  %d%%%s ", _(months[m - 1]), amount(w, achieved, a),
		         amount(w, target, t), pct, p);
		if (text_width(right) > l->header.w - lw) {     /* narrow: the figures alone */
			if (pace >= 0)
				snprintf(p, sizeof p, _(" pace %d%%"), pace);
			snprintf(right, sizeof right, "%s/%s %d%%%s ", amount(w, achieved, a), amount(w, target, t), pct, p);
		}
	} else {
		snprintf(right, sizeof right, _("%s %s · no plan yet "), _(months[m - 1]), amount(w, achieved, a));
	}
	int rw = text_width(right);
	if (rw > l->header.w - lw)
		rw = l->header.w - lw;
	put(0, 0, l->header.w - rw, left, roles[ROLE_HEADER], false);
	put(0, l->header.w - rw, rw, right, roles[ROLE_HEADER], true);
}

static void draw_tabs(const wb *w, const ui_layout *l, ui_frame *f)
{
	int x = 0;
	char t[128], filt[600];

	move(l->tabs.y, 0);
	clrtoeol();
	for (int s = 0; s < WB_SCREEN_COUNT; s++) {
		snprintf(t, sizeof t, " %d %s ", s + 1, _(wb_screen_info_of((wb_screen)s)->name));
		int tw = text_width(t);
		f->tab_x[s] = x;
		if (x + tw > l->tabs.w)
			tw = l->tabs.w - x;
		put(l->tabs.y, x, tw, t, !w->help && w->screen == (wb_screen)s ? roles[ROLE_TAB] : A_NORMAL,
		    false);
		x += tw;
	}
	f->tab_x[WB_SCREEN_COUNT] = x;
	/* The filters in force, on the right. */
	filt[0] = '\0';
	size_t len = 0;
	if (w->tier_mask) {
		len += (size_t)snprintf(filt, sizeof filt, "%s ", _("tiers"));
		for (int i = 0; i < TIER_COUNT; i++)
			if (w->tier_mask & (1u << i))
				len += (size_t)snprintf(filt + len, sizeof filt - len, "%c", tier_letter((tier)i));
	}
	if (w->search[0])
		snprintf(filt + len, sizeof filt - len, "%s/%s", len ? "  " : "", w->search);
	if (w->filter[0]) {
		size_t at = strlen(filt);
		snprintf(filt + at, sizeof filt - at, "%sf:%.200s", at ? "  " : "", w->filter);
	}
	if (filt[0] && x + 4 < l->tabs.w) {
		int fw = text_width(filt) + 1;
		if (fw > l->tabs.w - x - 2)
			fw = l->tabs.w - x - 2;
		put(l->tabs.y, l->tabs.w - fw, fw, filt, roles[ROLE_TITLE], true);
	}
}

/* ---- the customer list ---- */

static void list_title(const wb *w, char *buf, size_t bufsz)
{
	char n[48], tiers[32] = "";
	int k = 0;

	for (int i = 0; i < TIER_COUNT; i++)
		if (w->tier_mask & (1u << i))
			tiers[k++] = tier_letter((tier)i);
	tiers[k] = '\0';
	count_format(w->count, w->search[0] ? WB_SEARCH_COUNT_CAP : WB_COUNT_CAP, n, sizeof n);
	snprintf(buf, bufsz, "%s %s · %s%s", _("Customers"), n,
	         k ? tiers : _("all tiers"), w->by_rank ? _(" · by rank") : "");
}

/* The list's columns: the name, days since the last contact, this month's
 * orders against the target, the money open. Each figure column keeps a
 * space before its figures, so two never run together. */
typedef struct {
	int name, last, month, open;
} list_columns;

static list_columns list_columns_of(int iw, bool wide)
{
	list_columns c = { .last = 6, .month = iw >= 48 ? 16 : iw >= 32 ? 12 : 0,
	                   .open = wide && iw >= 50 ? 10 : 0 };
	c.name = iw - 2 - c.last - c.month - c.open;
	if (c.name < 4) {
		c.month = c.open = 0;
		c.name = iw - 2 - c.last;
	}
	return c;
}

/* (The help screen says what each heading means.) */
#define LIST_SHOWN_MAX 256          /* list rows told apart at most */

static void list_headings(int y, int x, const list_columns *c, bool by_volume)
{
	put(y, x, 2 + c->name, _("  Name"), roles[ROLE_DIM], false);
	x += 2 + c->name;
	put(y, x, c->last, _("Last"), roles[ROLE_DIM], true);
	x += c->last;
	if (c->month) {
		/* Under the volume metric the month is counted in room-nights. */
		put(y, x, c->month, by_volume ? _("Room-nights") : _("Month"), roles[ROLE_DIM], true);
		x += c->month;
	}
	if (c->open)
		put(y, x, c->open, _("Open"), roles[ROLE_DIM], true);
}

/* This month's orders against the target in WIDTH columns with a space
 * before: the amounts, or the percent of the target when they do not fit. */
static void month_cell(const wb_figures *fg, int width, char *buf, size_t size)
{
	char a[MONEY_BUFSZ], t[MONEY_BUFSZ];

	buf[0] = '\0';
	if (fg->target > 0) {
		snprintf(buf, size, "%s/%s", yuan(fg->month_orders, a), yuan(fg->target, t));
		if (text_width(buf) > width - 1)
			snprintf(buf, size, "%d%%", (int)(fg->month_orders * 100 / fg->target));
	} else if (fg->month_orders) {
		snprintf(buf, size, "%s", yuan(fg->month_orders, a));
	}
	if (text_width(buf) > width - 1)
		buf[0] = '\0';
}

static void draw_list(const wb *w, ui_rect r, bool wide, ui_frame *f)
{
	char title[256];
	bool focus = w->pane == WB_PANE_LIST;

	list_title(w, title, sizeof title);
	frame(r, title, focus);
	int iw = r.w - 2, h = r.h - 3;
	list_columns c = list_columns_of(iw, wide);
	list_headings(r.y + 1, r.x + 1, &c, w->by_volume);
	if (wide && w->segments[0]) {   /* Customers: the saved segments, for f */
		char segs[256];
		snprintf(segs, sizeof segs, _("Segments (f): %s"), w->segments);
		border_title(r, r.y + r.h - 1, segs, A_NORMAL);
	}
	f->list_y = r.y + 2;
	f->list_h = h;
	int name_w = c.name, last_w = c.last, month_w = c.month, open_w = c.open;
	if (w->list.n == 0) {
		put(r.y + 2, r.x + 1, iw, w->list.pending ? _(" searching…") :
		    w->search[0] || w->tier_mask || w->filter[0] ? _(" nothing matches") :
		    _(" no customers yet: + adds one"), roles[ROLE_DIM], false);
		return;
	}
	/* Each name told apart from the others shown, as in the queue. */
	const char *names[LIST_SHOWN_MAX];
	int shown = 0;
	for (int k = w->list.top; k < w->list.top + h && k < w->list.n && shown < LIST_SHOWN_MAX; k++)
		names[shown++] = w->list.rows[k].name;
	for (int i = 0; i < h; i++) {
		int k = w->list.top + i;
		int y = r.y + 2 + i, x = r.x + 1;
		if (k >= w->list.n) {
			if (w->list.pending)     /* more may come (wb_idle) */
				put(y, x, iw, _(" searching…"), roles[ROLE_DIM], false);
			break;
		}
		const wb_row *row = &w->list.rows[k];
		bool sel = k == w->list.sel;
		attr_t base = sel ? (focus ? A_REVERSE : A_BOLD | A_UNDERLINE) : A_NORMAL;
		bool out = strcmp(row->status, "lost") == 0 || strcmp(row->status, "do-not-call") == 0;
		char badge[4] = { tier_letter(row->tier), ' ', 0, 0 };
		put(y, x, 2, badge, sel ? base : tier_role(row->tier), false);
		x += 2;
		char nb[1024];
		put(y, x, name_w, text_fit_apart(row->name, names, (size_t)shown, name_w, nb, sizeof nb),
		    base | (out ? roles[ROLE_DIM] : A_NORMAL), false);
		x += name_w;
		char last[32] = "", month[64] = "", open[48] = "";
		wb_figures fg;
		bool known = wb_row_figures(w, row->uid, &fg);
		if (known) {
			if (fg.last_days >= 0)
				snprintf(last, sizeof last, _("%dd"), fg.last_days);
			else
				snprintf(last, sizeof last, "—");
			char a[MONEY_BUFSZ];
			if (month_w && !w->by_volume)
				month_cell(&fg, month_w, month, sizeof month);
			if (fg.open > 0)
				snprintf(open, sizeof open, "¥%s", yuan(fg.open, a));
		}
		int64_t vol;
		if (month_w && wb_row_volume(w, k, &vol))
			count_format(vol, 0, month, sizeof month);
		put(y, x, last_w, last, base, true);
		x += last_w;
		if (month_w) {
			put(y, x, month_w, month, base, true);
			x += month_w;
		}
		if (open_w)
			put(y, x, open_w, open, base | (known && fg.broken && !sel ? roles[ROLE_ERROR] : 0), true);
	}
}

/* ---- today ---- */

static void plan_row(int y, int x, int w, const char *label, const char *figures, int64_t done,
                     int64_t target)
{
	int lw = 9, fw = 22;
	if (w < lw + fw + 4)
		fw = w - lw;
	put(y, x, lw, label, A_BOLD, false);
	put(y, x + lw, fw, figures, A_NORMAL, false);
	if (w - lw - fw - 1 > 2)
		bar(y, x + lw + fw, w - lw - fw - 1, done, target);
}

/* The queue's columns: rank, tier, name, phone, then the reasons. */
typedef struct {
	int rank, name, phone, reasons;
} queue_columns;

#define QUEUE_SHOWN_MAX 256

static queue_columns queue_columns_of(const wb_today *td, int iw)
{
	queue_columns c = { .rank = td->n > 999 ? 4 : 3, .phone = 11 };
	int avail = iw - c.rank - 1 - 2 - 1 - c.phone - 1;
	if (avail < 16) {                /* narrow: no phone */
		avail += c.phone + 1;
		c.phone = 0;
	}
	c.name = avail * 12 / 25;
	c.reasons = avail - c.name;
	return c;
}

/* Entry K of the queue on row Y: the name told apart from the NAMES shown
 * beside it, the reasons cut where one ends. */
static void queue_row_draw(const wb_queue_row *row, int k, int y, int x, int iw,
                           const queue_columns *c, bool sel, bool focus, const char *const *names,
                           int shown)
{
	char buf[1024];
	attr_t base = sel ? (focus ? A_REVERSE : A_BOLD | A_UNDERLINE) : A_NORMAL;
	int cx = x;

	snprintf(buf, sizeof buf, "%d", k + 1);
	put(y, cx, c->rank, buf, base, true);
	cx += c->rank;
	put(y, cx, 1, " ", base, false);
	cx += 1;
	char badge[3] = { tier_letter(row->tier), ' ', 0 };
	put(y, cx, 2, badge, sel ? base : tier_role(row->tier), false);
	cx += 2;
	put(y, cx, c->name, text_fit_apart(row->name, names, (size_t)shown, c->name, buf, sizeof buf),
	    base, false);
	cx += c->name;
	put(y, cx, 1, " ", base, false);
	cx += 1;
	if (c->phone) {
		put(y, cx, c->phone + 1, row->phone ? row->phone : "", base, false);
		cx += c->phone + 1;
	}
	queue_reasons_fit(row->reasons, queue_reasons_sep(queue_words_local), x + iw - cx, buf, sizeof buf);
	put(y, cx, x + iw - cx, buf, base | (sel ? 0 : roles[ROLE_DIM]), false);
}

/* The sales row: the day's re-spread target, and the plan's own figure
 * under it when the two differ; without a plan, how to make one. Returns
 * the next free line. */
static int sales_rows(const wb *w, const today_plan *p, int x, int y, int iw, bool bar_row)
{
	static const char *const months[12] = {
		N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
		N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December")
	};
	char buf[256], a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	int y0, m, d;

	if (!p->has_plan) {
		date_to_ymd(p->day, &y0, &m, &d);
		snprintf(buf, sizeof buf, _("%s · no plan for %s yet:"), amount(w, p->sales, a), _(months[m - 1]));
		put(y, x, 9, _("Sales"), A_BOLD, false);
		put(y++, x + 9, iw - 9, buf, A_NORMAL, false);
		put(y++, x + 9, iw - 9, _("press 3 for the Plan screen,"), A_NORMAL, false);
		put(y++, x + 9, iw - 9, _("then T to set a target."), A_NORMAL, false);
		return y;
	}
	int64_t target = p->workday ? p->sales_day.target : p->sales_day.next_target;
	if (bar_row) {
		snprintf(buf, sizeof buf, "%s / %s", amount(w, p->sales, a), amount(w, target, b));
		plan_row(y++, x, iw, _("Sales"), buf, p->sales, target);
	} else {
		put(y, x, 9, _("Sales"), A_BOLD, false);
		put(y++, x + 9, iw - 9, amount(w, target, a), A_NORMAL, false);
	}
	if (p->sales_day.met) {
		put(y++, x + 9, iw - 9, _("the month's target is met"), roles[ROLE_DIM], false);
	} else if (p->sales_planned != target) {
		snprintf(buf, sizeof buf, _("re-spread; the plan's own %s"), amount(w, p->sales_planned, a));
		put(y++, x + 9, iw - 9, buf, roles[ROLE_DIM], false);
	}
	return y;
}

/* A working day: the day's targets against what is done. */
static int day_plan(const wb *w, const today_plan *p, int x, int y, int iw)
{
	char buf[256], a[MONEY_BUFSZ], b[MONEY_BUFSZ];

	snprintf(buf, sizeof buf, "%3d / %d", p->calls, p->calls_target);
	plan_row(y++, x, iw, _("Calls"), buf, p->calls, p->calls_target);
	snprintf(buf, sizeof buf, "%3d / %d–%d", p->deals, p->deals_min, p->deals_max);
	plan_row(y++, x, iw, _("Deals"), buf, p->deals, p->deals_min);
	snprintf(buf, sizeof buf, "%s / %s", amount(w, p->collected, a), amount(w, p->due_start, b));
	plan_row(y++, x, iw, _("Collect"), buf, p->collected, p->due_start);
	return sales_rows(w, p, x, y, iw, true);
}

/* A weekend or holiday: says so, and shows the next working day's plan. */
static int day_off(const wb *w, const today_plan *p, int x, int y, int iw)
{
	char buf[256], day[64], a[MONEY_BUFSZ];

	i18n_day(p->day, day, sizeof day);
	snprintf(buf, sizeof buf, _("%s is not a working day"), day);
	put(y++, x, iw, buf, A_BOLD, false);
	if (p->dialed || p->sales) {
		snprintf(buf, sizeof buf, ngettext("done today: %d call, %s sold", "done today: %d calls, %s sold",
		                                   (unsigned long)p->dialed), p->dialed, amount(w, p->sales, a));
		put(y++, x, iw, buf, A_NORMAL, false);
	}
	i18n_day(p->next_workday, day, sizeof day);
	snprintf(buf, sizeof buf, _("Next working day, %s:"), day);
	put(y++, x, iw, buf, roles[ROLE_DIM], false);
	snprintf(buf, sizeof buf, _("%d · deals %d–%d"), p->calls_target, p->deals_min, p->deals_max);
	put(y, x, 9, _("Calls"), A_BOLD, false);
	put(y++, x + 9, iw - 9, buf, A_NORMAL, false);
	return sales_rows(w, p, x, y, iw, false);
}

static void draw_today(const wb *w, ui_rect r, ui_frame *f)
{
	char buf[256];
	bool focus = w->pane == WB_PANE_SIDE;
	int iw = r.w - 2, x = r.x + 1, y = r.y + 1;

	frame(r, wb_side_title(w), false);
	const wb_today *td = &w->td;
	if (!td->ok && !td->pending) {
		put(y, x, iw, _("Today's figures could not be read."), roles[ROLE_ERROR], false);
		return;
	}
	if (!td->ok) {
		put(y, x, iw, _("Reading today's figures…"), roles[ROLE_DIM], false);
		return;
	}
	const today_plan *p = &td->top.plan;
	if (p->workday)
		y = day_plan(w, p, x, y, iw);
	else
		y = day_off(w, p, x, y, iw);
	if (y + 2 >= r.y + r.h)
		return;
	char n[48];
	if (w->queue_filter[0])
		snprintf(buf, sizeof buf, _("Call queue · %.200s · %s left"), w->queue_filter,
		         count_format((int64_t)td->in_queue, 0, n, sizeof n));
	else
		snprintf(buf, sizeof buf, _("Call queue · %s left"), count_format((int64_t)td->in_queue, 0, n, sizeof n));
	tee(r, y, buf);
	y++;
	int h = r.y + r.h - 1 - y;
	f->queue_y = y;
	f->queue_h = h;
	if (!td->n) {
		put(y, x, iw, _(" nobody left to call today"), roles[ROLE_DIM], false);
		return;
	}
	queue_columns c = queue_columns_of(td, iw);
	const char *names[QUEUE_SHOWN_MAX];
	int shown = 0;
	for (int k = td->first; k < td->first + h && (size_t)k < td->n && shown < QUEUE_SHOWN_MAX; k++)
		names[shown++] = td->rows[k].name;
	for (int i = 0; i < h; i++) {
		int k = td->first + i;
		if ((size_t)k >= td->n)
			break;
		queue_row_draw(&td->rows[k], k, y + i, x, iw, &c, k == td->sel, focus, names, shown);
	}
}

/* ---- text panes ---- */

static void draw_lines(const wb *w, ui_rect r, const char *title, bool focus)
{
	frame(r, title, focus);
	int iw = r.w - 2, h = r.h - 2;
	for (int i = 0; i < h; i++) {
		int k = w->ltop + i;
		if (k >= w->nlines)
			break;
		put(r.y + 1 + i, r.x + 1, iw, w->lines[k], k == w->lines_hl ? A_REVERSE : A_NORMAL, false);
	}
	if (w->nlines > h && r.w > 12) {
		char more[48];
		snprintf(more, sizeof more, " %d/%d ", w->ltop + h < w->nlines ? w->ltop + h : w->nlines,
		         w->nlines);
		int mw = text_width(more);
		put(r.y + r.h - 1, r.x + r.w - 1 - mw, mw, more, roles[ROLE_DIM], false);
	}
}

/* The help's second page: what the columns and panes show, and why tier
 * C's key is a capital. */
static const char *const help_more_lines[] = {
	N_("The list, left:"),
	N_("  Name   the customer, its tier letter before it (S best, D least)"),
	N_("  Last   days since the last contact: a call that reached them (any"),
	N_("         outcome but no-answer and busy), a visit, an order, a payment"),
	N_("  Month  this month's orders / the customer's target this month (the"),
	N_("         percent of the target when the figures do not fit)"),
	N_("  Open   money owed on their orders; red when a promise to pay is broken"),
	"",
	N_("The right pane: on Today the day's plan and the call queue (rank, tier,"),
	N_("name, phone, why: Enter shows every reason); on Customers the file."),
	N_("Tab moves the focus between the list and the right pane. c o p n v e x t"),
	N_("act on the selected row of the pane in focus, named in Today's title."),
	"",
	N_("S A B D (or s a b d) show or hide a tier. Tier C is the capital C only,"),
	N_("because the lowercase c logs a call."),
	"",
	N_("5 Pipeline: ] > next stage, [ < back, W won, L lost; the commands are"),
	N_("repdesk opp move OPP STAGE, repdesk opp win OPP, repdesk opp lose OPP."),
};

static void draw_help_more(ui_rect r)
{
	int n = (int)(sizeof help_more_lines / sizeof *help_more_lines);

	frame(r, _("Help · what the screens show · any key closes"), true);
	for (int i = 0; i < n && i < r.h - 2; i++)
		put(r.y + 1 + i, r.x + 1, r.w - 2, help_more_lines[i][0] ? _(help_more_lines[i]) : "",
		    A_NORMAL, false);
}

/* The help's keys for action A in BUF, and what they do: the five tier
 * keys share one row (a tier's last key each, "S A B C D"), so the whole
 * list fits in two columns at 80x24. Returns NULL for a row not shown. */
static const char *help_row(wb_action a, char *buf, size_t bufsz)
{
	/* Rows shared by several actions: their first, last, and words. */
	static const struct { wb_action first, last; const char *what; } rows[] = {
		{ WB_A_TIER_S, WB_A_TIER_D, N_("show or hide a tier") },
		{ WB_A_TODAY, WB_A_PIPELINE, N_("the screens (tabs)") },
		{ WB_A_OPP_NEXT, WB_A_OPP_BACK, N_("card to next / previous stage") },
	};
	int g = -1;
	for (int i = 0; i < (int)(sizeof rows / sizeof *rows); i++)
		if (a >= rows[i].first && a <= rows[i].last)
			g = i;
	if (g >= 0 && a != rows[g].first)
		return NULL;
	if (g < 0)
		return ui_keys_of(a, buf, bufsz)[0] ? _(wb_action_help(a)) : NULL;
	size_t len = 0;
	buf[0] = '\0';
	for (int t = rows[g].first; t <= (int)rows[g].last; t++) {
		char keys[64];
		ui_keys_of((wb_action)t, keys, sizeof keys);
		const char *last = strrchr(keys, ' ');
		last = last ? last + 1 : keys;
		if (*last && len + strlen(last) + 2 < bufsz)
			len += (size_t)snprintf(buf + len, bufsz - len, "%s%s", len ? " " : "", last);
	}
	return buf[0] ? _(rows[g].what) : NULL;
}

static void draw_help(ui_rect r)
{
	char keys[128];
	int rows = r.h - 2, n = 0, widest = 0;

	frame(r, _("Help · ? what the screens show · any other key closes"), true);
	for (int a = 0; a < WB_ACTION_COUNT; a++)
		if (help_row((wb_action)a, keys, sizeof keys)) {
			n++;
			if (text_width(keys) > widest)
				widest = text_width(keys);
		}
	if (rows < 1)
		return;
	/* As many columns as it takes to show every key; the keys' column as
	 * wide as the widest keys and a space, up to a third of a column. */
	int cols = (n + rows - 1) / rows, colw = (r.w - 2) / (cols ? cols : 1);
	int kw = widest + 1 < colw / 3 ? widest + 1 : colw / 3;
	for (int a = 0, i = 0; a < WB_ACTION_COUNT; a++) {
		const char *what = help_row((wb_action)a, keys, sizeof keys);
		if (!what)
			continue;
		int x = r.x + 1 + (i / rows) * colw, y = r.y + 1 + i % rows;
		put(y, x, kw, keys, A_BOLD, false);
		put(y, x + kw, colw - kw - 1, what, A_NORMAL, false);
		i++;
	}
}

/* ---- prompts and forms ---- */

/* The line editor at (Y, X) in W columns, scrolled by whole clusters so
 * the cursor shows; returns the cursor's column. Two passes over the text
 * before the cursor, however long the line. */
static int draw_field(int y, int x, int w, const wb_line *l, attr_t a)
{
	int cur = 0, cw;
	size_t from = 0;

	for (size_t i = 0; i < l->cur;) {
		i += text_cluster(l->text + i, l->cur - i, &cw);
		cur += cw;
	}
	while (cur >= w && from < l->cur) {
		from += text_cluster(l->text + from, l->cur - from, &cw);
		cur -= cw;
	}
	put(y, x, w, l->text + from, a, false);
	return x + cur;
}

static void draw_form(const wb *w, const ui_layout *l, int *cy, int *cx)
{
	const wb_ask *a = &w->ask;
	int bw = l->body.w - 4 > 76 ? 76 : l->body.w - 4;
	int bh = a->nfields + 4;
	if (bh > l->body.h)
		bh = l->body.h;
	ui_rect r = { l->body.y + (l->body.h - bh) / 2, (l->body.w - bw) / 2, bh, bw };
	for (int i = 0; i < l->body.h; i++)       /* the form alone on the body */
		put(l->body.y + i, 0, l->body.w, "", A_NORMAL, false);
	frame(r, a->title, true);
	int rows = r.h - 4, first = a->cur >= rows ? a->cur - rows + 1 : 0;
	for (int i = 0; i < rows && first + i < a->nfields; i++) {
		const wb_form_field *fd = &a->fields[first + i];
		int y = r.y + 1 + i;
		bool cur = first + i == a->cur;
		put(y, r.x + 2, 16, _(fd->label), cur ? A_BOLD : A_NORMAL, false);
		int fx = draw_field(y, r.x + 18, r.w - 20, &fd->line, cur ? A_REVERSE : A_UNDERLINE);
		if (cur) {
			*cy = y;
			*cx = fx;
		}
	}
	put(r.y + r.h - 3, r.x + 2, r.w - 4, a->error, roles[ROLE_ERROR], false);
	bool pick = a->cur < a->nfields && a->fields[a->cur].attr[0];
	put(r.y + r.h - 2, r.x + 2, r.w - 4,
	    pick ? _("Space/←/→ choose · Enter save · Tab/↓ next field · Esc cancel")
	         : _("Enter save · Tab/↓ next field · ↑ previous · Esc cancel"),
	    roles[ROLE_DIM], false);
}

static void draw_bottom(const wb *w, const ui_layout *l, int *cy, int *cx)
{
	const wb_ask *a = &w->ask;
	int y = l->message.y, cols = l->message.w;
	char buf[1024];

	move(y, 0);
	clrtoeol();
	move(l->keys.y, 0);
	clrtoeol();
	if (a->kind == WB_ASK_LINE) {
		snprintf(buf, sizeof buf, "%s ", a->title);
		int tw = text_width(buf);
		*cy = y;
		if (tw <= cols / 2) {          /* question and answer on one line */
			put(y, 0, tw, buf, A_BOLD, false);
			*cx = draw_field(y, tw, cols - tw - 1, &a->line, A_NORMAL);
			put(l->keys.y, 0, cols, a->error[0] ? a->error : _("Enter confirms · Esc cancels"),
			    a->error[0] ? roles[ROLE_ERROR] : roles[ROLE_DIM], false);
		} else {                        /* a long question above its answer */
			put(y, 0, cols, a->error[0] ? a->error : buf,
			    a->error[0] ? roles[ROLE_ERROR] : A_BOLD, false);
			*cy = l->keys.y;
			*cx = draw_field(l->keys.y, 0, cols - 1, &a->line, A_NORMAL);
		}
		return;
	}
	if (a->kind == WB_ASK_CHOICE) {
		size_t len = 0;
		buf[0] = '\0';
		for (int i = 0; i < a->nchoices && len < sizeof buf; i++)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%c %s", i ? "  " : "",
			                        a->choices[i].key, _(a->choices[i].label));
		put(y, 0, cols, a->title, A_BOLD, false);
		put(l->keys.y, 0, cols, buf, A_NORMAL, false);
		return;
	}
	/* With a team server, the last sync at the message line's end. */
	int sw = 0;
	if (w->server) {
		char synced[64];
		snprintf(synced, sizeof synced, w->synced[0] ? _(" synced %s · y ") : _(" not synced · y "),
		         w->synced);
		sw = text_width(synced);
		if (sw < cols / 2)
			put(y, cols - sw, sw, synced, roles[ROLE_DIM], true);
		else
			sw = 0;
	}
	if (w->msg[0])
		put(y, 0, cols - sw, w->msg, w->msg_error ? roles[ROLE_ERROR] : A_NORMAL, false);
	put(l->keys.y, 0, cols,
	    _(" c call  o order  p pay  n note  / search  S/A/B/C/D tier  Tab pane  1-5 view  ? help  q quit"),
	    roles[ROLE_DIM], false);
}

/* The cursor where the prompt put it, or hidden. */
static void place_cursor(int cy, int cx)
{
	if (cy >= 0) {
		curs_set(1);
		move(cy, cx);
	} else {
		curs_set(0);
	}
}

void ui_draw(const wb *w, ui_frame *f)
{
	int rows, cols, cy = -1, cx = -1;

	getmaxyx(stdscr, rows, cols);
	erase();
	ui_layout l = ui_layout_of(rows, cols, w->screen);
	f->lay = l;
	f->list_h = f->queue_h = 0;
	if (l.too_small) {
		char msg[128];
		snprintf(msg, sizeof msg, _("terminal too small (need %d×%d)"), UI_MIN_COLS, UI_MIN_ROWS);
		if (cols > 0 && rows > 0)
			put(0, 0, cols, msg, A_BOLD, false);
		curs_set(0);
		return;
	}
	draw_header(w, &l);
	draw_tabs(w, &l, f);
	f->side_x = l.right.x;
	if (w->help && w->help_more) {
		draw_help_more(l.body);
	} else if (w->help) {
		draw_help(l.body);
	} else {
		switch (wb_screen_now(w)->layout) {
		case WB_LAYOUT_LIST_QUEUE:
			draw_list(w, l.left, false, f);
			draw_today(w, l.right, f);
			break;
		case WB_LAYOUT_LIST_TEXT:
			draw_list(w, l.left, true, f);
			draw_lines(w, l.right, wb_side_title(w), w->pane == WB_PANE_SIDE);
			break;
		case WB_LAYOUT_TEXT:
			draw_lines(w, l.body, wb_side_title(w), true);
			break;
		}
	}
	if (w->ask.kind == WB_ASK_FORM)
		draw_form(w, &l, &cy, &cx);
	draw_bottom(w, &l, &cy, &cx);
	place_cursor(cy, cx);
}
