/* The Pipeline screen: the rep's open opportunities by stage (count, value
 * and weighted value of each), the cards in stage order with a cursor, and
 * under them the next steps due and the opportunities stuck in a stage
 * past its usual time. One key moves the selected card: ] or > on to the
 * next stage, [ or < back one, W won, L lost (asking why); u undoes it.
 * Enter opens the card's customer, and c o n v... act on that customer.
 * The workbench's filters (tiers, search, f) pick the customers whose
 * opportunities show.
 *
 * A book may hold tens of thousands of opportunities: the summary is one
 * GROUP BY, and only a window of cards around the ones shown is read
 * (db/pipeline.h); the text is laid out to fit the pane, so moving the
 * cursor reads nothing until it leaves the window. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/opps.h"
#include "repdesk/db/pipeline.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/oppnames.h"
#include "repdesk/text.h"
#include "wb_int.h"

/* Next steps and stuck cards read at most (the pane shows some of them). */
#define LOWER_MAX 30
/* Cards read around the ones shown, at most. */
#define WINDOW_MAX 400

typedef struct {
	char uid[UID_BUFSZ], customer_uid[UID_BUFSZ];
	char *title, *customer, *next_step;
	int64_t value;
	opp_stage stage;
	int probability;             /* its own, -1: the stage's */
	char close[11], next_date[11];
	date_day since;
} card;

typedef struct {
	card *v;
	int n, cap;
	bool nomem;
} cards;

typedef struct {
	bool loaded;                 /* the summary and the lists below are read */
	/* The filters they were read for. */
	unsigned tier_mask;
	char search[WB_LINE_MAX], filter[WB_LINE_MAX];
	opp_names names;
	db_pipeline_stages sum;
	long start[OPP_OPEN_COUNT];  /* each stage's first card in the whole order */
	long total;                  /* the open cards shown */
	long sel, top;               /* the selected card and the first shown */
	cards win;                   /* cards WIN_FROM.. of the whole order */
	long win_from;
	cards due, stuck;
	long due_total, stuck_total;
	char follow[UID_BUFSZ];      /* select this card at the next load */
	char lose_uid[UID_BUFSZ];    /* the card the lost question is about */
	char err[256];
} pipe_state;

static pipe_state *state(const wb *w)
{
	return w->scr[WB_PIPELINE];
}

/* ---- cards ---- */

static void cards_clear(cards *c)
{
	for (int i = 0; i < c->n; i++) {
		free(c->v[i].title);
		free(c->v[i].customer);
		free(c->v[i].next_step);
	}
	c->n = 0;
	c->nomem = false;
}

static void cards_free(cards *c)
{
	cards_clear(c);
	free(c->v);
	memset(c, 0, sizeof *c);
}

static bool on_card(const db_opp *o, void *ctx)
{
	cards *c = ctx;

	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		card *v = realloc(c->v, (size_t)cap * sizeof *v);
		if (!v) {
			c->nomem = true;
			return false;
		}
		c->v = v;
		c->cap = cap;
	}
	card *k = &c->v[c->n];
	memset(k, 0, sizeof *k);
	snprintf(k->uid, sizeof k->uid, "%s", o->uid);
	snprintf(k->customer_uid, sizeof k->customer_uid, "%s", o->customer_uid);
	k->title = strdup(o->title);
	k->customer = strdup(o->customer_name ? o->customer_name : "");
	k->next_step = strdup(o->next_step ? o->next_step : "");
	if (!k->title || !k->customer || !k->next_step) {
		free(k->title);
		free(k->customer);
		free(k->next_step);
		c->nomem = true;
		return false;
	}
	k->value = o->value;
	k->stage = o->stage;
	k->probability = o->probability;
	snprintf(k->close, sizeof k->close, "%s", o->close_date);
	snprintf(k->next_date, sizeof k->next_date, "%s", o->next_date);
	k->since = o->since;
	c->n++;
	return true;
}

/* The filter the customer list uses, for the cards' customers. */
static db_filter filter_of(const wb *w)
{
	db_filter f = { .tier_mask = w->tier_mask, .search = w->search[0] ? w->search : NULL,
	                .include_inactive = true, .where = w->where, .nwhere = w->nwhere, .today = w->day };
	return f;
}

static bool failed(wb *w, db_status st, bool nomem)
{
	pipe_state *ps = state(w);

	if (st == DB_OK && !nomem)
		return false;
	snprintf(ps->err, sizeof ps->err, "%s", st != DB_OK ? db_error(w->d) : _("out of memory"));
	return true;
}

/* The card selected, when it is in the window. */
static const card *selected_card(const wb *w)
{
	const pipe_state *ps = state(w);
	long k = ps->sel - ps->win_from;

	if (!ps->loaded || ps->total <= 0 || k < 0 || k >= ps->win.n)
		return NULL;
	return &ps->win.v[k];
}

/* Read the cards FROM..FROM+N of the whole order (and some around them)
 * unless the window holds them. */
static void window_cover(wb *w, long from, long n)
{
	pipe_state *ps = state(w);

	if (n <= 0 || (from >= ps->win_from && from + n <= ps->win_from + ps->win.n) ||
	    (from >= ps->win_from && ps->win_from + ps->win.n >= ps->total && ps->win.n > 0))
		return;
	long want = n * 3 > WINDOW_MAX ? WINDOW_MAX : n * 3;
	long at = from - (want - n) / 2;
	if (at + want > ps->total)
		at = ps->total - want;
	if (at < 0)
		at = 0;
	cards_clear(&ps->win);
	ps->win_from = at;
	db_filter f = filter_of(w);
	for (int k = 0; k < OPP_OPEN_COUNT && want > 0; k++) {
		long first = ps->start[k], count = ps->sum.count[k];
		if (at >= first + count)
			continue;
		long take = first + count - at < want ? first + count - at : want;
		int before = ps->win.n;
		db_status st = db_pipeline_cards(w->d, &f, (opp_stage)k, at - first, (int)take, on_card, &ps->win);
		if (failed(w, st, ps->win.nomem))
			return;
		long got = ps->win.n - before;
		if (got < take)          /* the book changed under us: what there is */
			break;
		at += got;
		want -= got;
	}
}

static void starts(pipe_state *ps)
{
	ps->total = 0;
	for (int k = 0; k < OPP_OPEN_COUNT; k++) {
		ps->start[k] = ps->total;
		ps->total += ps->sum.count[k];
	}
}

static void load_due(wb *w)
{
	pipe_state *ps = state(w);
	db_filter f = filter_of(w);

	cards_clear(&ps->due);
	ps->due_total = 0;
	failed(w, db_pipeline_due(w->d, &f, w->day, LOWER_MAX, on_card, &ps->due, &ps->due_total),
	       ps->due.nomem);
}

static void load_stuck(wb *w)
{
	pipe_state *ps = state(w);
	db_filter f = filter_of(w);

	cards_clear(&ps->stuck);
	ps->stuck_total = 0;
	failed(w, db_pipeline_stuck(w->d, &f, w->day, LOWER_MAX, on_card, &ps->stuck, &ps->stuck_total),
	       ps->stuck.nomem);
}

/* The card followed (moved) is selected again, the window read anew. */
static void locate(wb *w)
{
	pipe_state *ps = state(w);
	db_filter f = filter_of(w);

	cards_clear(&ps->win);
	ps->win_from = 0;
	if (ps->follow[0]) {
		opp_stage at;
		long index;
		if (db_pipeline_where(w->d, &f, ps->follow, &at, &index) == DB_OK && opp_stage_open(at))
			ps->sel = ps->start[at] + index;
		ps->follow[0] = '\0';
	}
	if (ps->sel >= ps->total)
		ps->sel = ps->total - 1;
	if (ps->sel < 0)
		ps->sel = 0;
}

/* Read the summary, the next steps due and the stuck for the filters in
 * force. */
static void load(wb *w)
{
	pipe_state *ps = state(w);
	db_filter f = filter_of(w);

	ps->err[0] = '\0';
	ps->loaded = true;
	ps->tier_mask = w->tier_mask;
	snprintf(ps->search, sizeof ps->search, "%s", w->search);
	snprintf(ps->filter, sizeof ps->filter, "%s", w->filter);
	cards_clear(&ps->due);
	cards_clear(&ps->stuck);
	ps->due_total = ps->stuck_total = 0;
	opp_names_load(w->d, &ps->names);
	if (failed(w, db_pipeline_stages_get(w->d, &f, &ps->sum), false))
		memset(&ps->sum, 0, sizeof ps->sum);
	starts(ps);
	if (ps->total > 0 && !ps->err[0])
		load_due(w);
	if (ps->total > 0 && !ps->err[0])
		load_stuck(w);
	locate(w);
}

/* ---- the text ---- */

static const char *amount(const wb *w, int64_t fen, char *buf)
{
	if (w->wan)
		return money_format_wan(fen, buf, MONEY_BUFSZ);
	char y[MONEY_BUFSZ];
	snprintf(buf, MONEY_BUFSZ, "¥%s", money_format_yuan(fen, y, sizeof y));
	return buf;
}

/* TEXT cut or padded to WIDTH columns into a cell of CELLS. */
#define CELL_SZ 512
static const char *cell(char cells[][CELL_SZ], int *used, const char *text, int width, bool right)
{
	return text_fit(text, width, right, cells[(*used)++ % 16], CELL_SZ);
}

/* The columns of a card's row for a pane WIDTH wide. */
typedef struct {
	int stage, title, customer, value, close, days;
} columns;

static columns columns_of(int width)
{
	columns c = { .stage = 11, .value = 11, .close = 10, .days = 5 };
	int rest = width - 2 - c.stage - c.value - c.close - c.days - 5;
	if (rest < 16)
		rest = 16;
	c.title = rest * 55 / 100;
	c.customer = rest - c.title;
	return c;
}

static int days_in(const wb *w, date_day since)
{
	return since ? (int)(w->day - since) : 0;
}

static bool stuck(const wb *w, const card *k)
{
	return opp_stage_open(k->stage) && days_in(w, k->since) > opp_stages[k->stage].usual_days;
}

static void summary_lines(const wb *w, wb_text *L, const card *sel)
{
	const pipe_state *ps = state(w);
	char cells[16][CELL_SZ], a[MONEY_BUFSZ], b[MONEY_BUFSZ], n[32];
	int u = 0;
	long count = 0;
	int64_t total = 0, weighted = 0;

	wb_text_add(L, "  %s %s %s %s", cell(cells, &u, _("Stage"), 14, false),
	    cell(cells, &u, _("Cards"), 7, true), cell(cells, &u, _("Value"), 16, true),
	    cell(cells, &u, _("Weighted"), 16, true));
	for (int k = 0; k < OPP_OPEN_COUNT; k++) {
		snprintf(n, sizeof n, "%ld", ps->sum.count[k]);
		wb_text_add(L, "%s %s %s %s %s", sel && sel->stage == (opp_stage)k ? "▶" : " ",
		    cell(cells, &u, ps->names.name[k], 14, false), cell(cells, &u, n, 7, true),
		    cell(cells, &u, amount(w, ps->sum.total[k], a), 16, true),
		    cell(cells, &u, amount(w, ps->sum.weighted[k], b), 16, true));
		count += ps->sum.count[k];
		total += ps->sum.total[k];
		weighted += ps->sum.weighted[k];
	}
	snprintf(n, sizeof n, "%ld", count);
	wb_text_add(L, "  %s %s %s %s", cell(cells, &u, _("Total"), 14, false), cell(cells, &u, n, 7, true),
	    cell(cells, &u, amount(w, total, a), 16, true), cell(cells, &u, amount(w, weighted, b), 16, true));
}

static void card_line(const wb *w, wb_text *L, const columns *c, const card *k, bool name_stage)
{
	const pipe_state *ps = state(w);
	char cells[16][CELL_SZ], a[MONEY_BUFSZ], days[32];
	int u = 0;

	snprintf(days, sizeof days, _("%dd"), days_in(w, k->since));
	if (stuck(w, k))
		snprintf(days + strlen(days), sizeof days - strlen(days), "!");
	wb_text_add(L, "  %s %s %s %s %s %s", cell(cells, &u, name_stage ? ps->names.name[k->stage] : "",
	                                            c->stage, false),
	    cell(cells, &u, k->title, c->title, false), cell(cells, &u, k->customer, c->customer, false),
	    cell(cells, &u, amount(w, k->value, a), c->value, true),
	    cell(cells, &u, k->close[0] ? k->close : "-", c->close, false),
	    cell(cells, &u, days, c->days, true));
}

/* A next step due: its day and how late, the customer, the step and the
 * opportunity's title. */
static void due_line(const wb *w, wb_text *L, int width, const card *k)
{
	char cells[16][CELL_SZ], late[48], what[1024];
	int u = 0;
	date_day day;

	int over = date_parse(k->next_date, &day) ? (int)(w->day - day) : 0;
	if (over > 0)
		snprintf(late, sizeof late, _("%dd late"), over);
	else
		snprintf(late, sizeof late, "%s", _("today"));
	snprintf(what, sizeof what, "%s · %s", k->next_step[0] ? k->next_step : _("(no step written)"),
	         k->title);
	int cw = width >= 100 ? 24 : 16;
	int rest = width - 2 - 10 - 1 - 9 - 1 - cw - 1;
	wb_text_add(L, "  %s %s %s %s", cell(cells, &u, k->next_date, 10, false),
	    cell(cells, &u, late, 9, false), cell(cells, &u, k->customer, cw, false),
	    cell(cells, &u, what, rest > 8 ? rest : 8, false));
}

/* A card stuck: its stage, its days there against the usual, the customer
 * and the title. */
static void stuck_line(const wb *w, wb_text *L, int width, const card *k)
{
	const pipe_state *ps = state(w);
	char cells[16][CELL_SZ], days[48];
	int u = 0;

	snprintf(days, sizeof days, _("%dd/%dd"), days_in(w, k->since), opp_stages[k->stage].usual_days);
	int cw = width >= 100 ? 24 : 16;
	int rest = width - 2 - 11 - 1 - 9 - 1 - cw - 1;
	wb_text_add(L, "  %s %s %s %s", cell(cells, &u, ps->names.name[k->stage], 11, false),
	    cell(cells, &u, days, 9, true), cell(cells, &u, k->customer, cw, false),
	    cell(cells, &u, k->title, rest > 8 ? rest : 8, false));
}

/* The text for a pane of W->lheight rows and W->lwidth columns: the summary,
 * as many cards as fit around the selected one, then the next steps due and
 * the stuck, each cut to its share of the rows. */
static void build(wb *w)
{
	pipe_state *ps = state(w);
	wb_text L = { 0 };
	int height = w->lheight > 0 ? w->lheight : 18, width = w->lwidth > 0 ? w->lwidth : 78;
	char cells[16][CELL_SZ], head[256];
	int u = 0, sel_line = -1;

	if (!ps->loaded)
		load(w);
	bool roomy = height >= 30;
	/* The rows each part gets: the summary's 7, the three headings, blank
	 * rows between the parts when there is room, then the next steps and
	 * the stuck their share, and the cards the rest. */
	int avail = height - 7 - 3 - (roomy ? 3 : 0);
	int ndue = ps->due.n, nstuck = ps->stuck.n;
	int due_rows = avail / 4 > 1 ? avail / 4 : 1, stuck_rows = avail / 5 > 1 ? avail / 5 : 1;
	if (ndue < due_rows)
		due_rows = ndue;
	if (nstuck < stuck_rows)
		stuck_rows = nstuck;
	int card_rows = avail - due_rows - stuck_rows;
	/* Rows the cards do not need go to the lists under them. */
	long need = ps->total > 0 ? ps->total : 1;
	if (card_rows > need) {
		int extra = card_rows - (int)need;
		card_rows = (int)need;
		int more = ndue - due_rows < extra ? ndue - due_rows : extra;
		due_rows += more;
		extra -= more;
		stuck_rows += nstuck - stuck_rows < extra ? nstuck - stuck_rows : extra;
	}
	if (card_rows < 1)
		card_rows = 1;

	/* The cards shown: the selected one in view. */
	if (ps->sel < ps->top)
		ps->top = ps->sel;
	if (ps->sel >= ps->top + card_rows)
		ps->top = ps->sel - card_rows + 1;
	if (ps->top > ps->total - card_rows)
		ps->top = ps->total - card_rows;
	if (ps->top < 0)
		ps->top = 0;
	window_cover(w, ps->top, card_rows);
	const card *sel = selected_card(w);

	summary_lines(w, &L, sel);
	if (roomy)
		wb_text_add(&L, "%s", "");
	columns c = columns_of(width);
	if (ps->total == 0) {
		bool filtered = w->tier_mask || w->search[0] || w->filter[0];
		wb_text_add(&L, "  %s", filtered ? _("No open opportunity of the customers the filters show.")
		                                 : _("No open opportunity yet: repdesk opp add CUSTOMER TITLE VALUE"));
		for (int i = 1; i < card_rows; i++)
			wb_text_add(&L, "%s", "");
	} else {
		wb_text_add(&L, "  %s %s %s %s %s %s", cell(cells, &u, _("Stage"), c.stage, false),
		    cell(cells, &u, _("Title"), c.title, false), cell(cells, &u, _("Customer"), c.customer, false),
		    cell(cells, &u, _("Value"), c.value, true), cell(cells, &u, _("Close"), c.close, false),
		    cell(cells, &u, _("Days"), c.days, true));
		for (int i = 0; i < card_rows; i++) {
			long g = ps->top + i, k = g - ps->win_from;
			if (g >= ps->total || k < 0 || k >= ps->win.n) {
				wb_text_add(&L, "%s", "");
				continue;
			}
			const card *kd = &ps->win.v[k];
			bool first = i == 0 || k == 0 || ps->win.v[k - 1].stage != kd->stage;
			if (g == ps->sel)
				sel_line = L.n;
			card_line(w, &L, &c, kd, first);
		}
	}
	if (roomy)
		wb_text_add(&L, "%s", "");
	if (ps->due_total)
		snprintf(head, sizeof head, _("Next steps due: %ld (the most overdue first)"), ps->due_total);
	else
		snprintf(head, sizeof head, "%s", _("Next steps due: none"));
	wb_text_add(&L, "%s", head);
	for (int i = 0; i < due_rows; i++)
		due_line(w, &L, width, &ps->due.v[i]);
	if (roomy)
		wb_text_add(&L, "%s", "");
	if (ps->stuck_total)
		snprintf(head, sizeof head, _("Stuck past the stage's usual days: %ld (days in stage/usual)"),
		         ps->stuck_total);
	else
		snprintf(head, sizeof head, "%s", _("Stuck past the stage's usual days: none"));
	wb_text_add(&L, "%s", head);
	for (int i = 0; i < stuck_rows; i++)
		stuck_line(w, &L, width, &ps->stuck.v[i]);
	if (ps->err[0] && L.n)
		wb_text_add(&L, "%s", ps->err);

	wb_text_show(w, &L);
	w->lines_plan = true;
	snprintf(w->lines_uid, sizeof w->lines_uid, "O");
	w->lines_hl = sel_line;
}

/* ---- the screen's operations ---- */

static void fini(wb *w)
{
	pipe_state *ps = state(w);

	cards_free(&ps->win);
	cards_free(&ps->due);
	cards_free(&ps->stuck);
	ps->loaded = false;
}

static void reload(wb *w)
{
	state(w)->loaded = false;
}

static void side(wb *w)
{
	pipe_state *ps = state(w);

	/* The card's customer is what c, o, n, v... act on. */
	w->pane = WB_PANE_SIDE;
	if (ps->loaded && (ps->tier_mask != w->tier_mask || strcmp(ps->search, w->search) != 0 ||
	                   strcmp(ps->filter, w->filter) != 0)) {
		ps->loaded = false;
		ps->sel = ps->top = 0;
	}
	if (!ps->loaded || !w->lines_plan || w->lines_uid[0] != 'O')
		build(w);
}

static void relayout(wb *w)
{
	if (w->lines_plan && w->lines_uid[0] == 'O')
		build(w);
}

static bool move(wb *w, int delta)
{
	pipe_state *ps = state(w);
	long s = ps->sel + delta;

	if (s >= ps->total)
		s = ps->total - 1;
	if (s < 0)
		s = 0;
	ps->sel = s;
	build(w);
	return true;
}

/* The rows of cards shown: what a page key moves. */
static int card_page(const wb *w)
{
	int n = 0;
	for (int i = 0; i < w->nlines; i++)
		n += i == w->lines_hl || (w->lines[i][0] == ' ' && w->lines[i][1] == ' ');
	return n > 2 ? n / 2 : 1;
}

static const char *now(const wb *w, char *buf)
{
	return date_format(w->day, buf);
}

/* Card UID went to stage TO: the summary is worked out again from the card
 * as it was (what a move changes of it is known), the next steps due read
 * again only when the card leaves them, the stuck when it joins them, the card
 * found in its new place; a move of a card not in view reads it all again.
 * SINCE: the day it entered TO, as its path now says. */
static void moved(wb *w, const char *uid, opp_stage to, date_day since)
{
	pipe_state *ps = state(w);
	const card *k = NULL;

	for (int i = 0; ps->loaded && i < ps->win.n && !k; i++)
		if (strcmp(ps->win.v[i].uid, uid) == 0)
			k = &ps->win.v[i];
	if (!k || !opp_stage_open(k->stage)) {
		ps->loaded = false;
		return;
	}
	opp_stage from = k->stage;
	ps->sum.count[from]--;
	ps->sum.total[from] -= k->value;
	ps->sum.weighted[from] -= opp_weighted(k->value, opp_probability(from, k->probability));
	if (opp_stage_open(to)) {
		ps->sum.count[to]++;
		ps->sum.total[to] += k->value;
		ps->sum.weighted[to] += opp_weighted(k->value, opp_probability(to, k->probability));
	}
	starts(ps);
	date_day next;
	bool due = k->next_date[0] && date_parse(k->next_date, &next) && next <= w->day;
	if (due && !opp_stage_open(to))
		load_due(w);
	else if (due)                /* the list shows no stage: as it was */
		for (int i = 0; i < ps->due.n; i++)
			if (strcmp(ps->due.v[i].uid, uid) == 0)
				ps->due.v[i].stage = to;
	/* Stuck now (a card moved back the day it moved on takes up its old
	 * day again): the stuck are read again. No longer stuck: it leaves
	 * their list (those after it move up; the next read fills the end). */
	if (opp_stage_open(to) && w->day - since > opp_stages[to].usual_days) {
		load_stuck(w);
	} else if (stuck(w, k)) {
		ps->stuck_total--;
		for (int i = 0; i < ps->stuck.n; i++)
			if (strcmp(ps->stuck.v[i].uid, uid) == 0) {
				free(ps->stuck.v[i].title);
				free(ps->stuck.v[i].customer);
				free(ps->stuck.v[i].next_step);
				memmove(&ps->stuck.v[i], &ps->stuck.v[i + 1],
				        (size_t)(ps->stuck.n - i - 1) * sizeof *ps->stuck.v);
				ps->stuck.n--;
				break;
			}
	}
	locate(w);
}

/* Move the selected card to stage TO (REASON: a loss's, NULL otherwise),
 * as one step to undo. */
static int move_to(wb *w, const char *uid, opp_stage to, const char *reason)
{
	pipe_state *ps = state(w);
	char day[DATE_BUFSZ];
	db_opp_held h;
	bool changed = false;

	db_status st = db_opp_get(w->d, uid, &h);
	if (st != DB_OK) {
		wb_message(w, true, "%s", st == DB_NOT_FOUND ? _("The opportunity is gone from the book.")
		                                             : db_error(w->d));
		return WB_REACT_STATUS;
	}
	opp_stage from = h.o.stage;
	/* The day the card is in TO from, as the move writes its path. */
	char path[OPP_PATH_MAX + 1];
	date_day since = w->day, last = opp_path_since(h.path);
	if (opp_path_append(h.path, to, w->day < last ? last : w->day, path, sizeof path))
		since = opp_path_since(path);
	st = db_begin(w->d);
	if (st == DB_OK)
		st = db_opp_move(w->d, uid, to, now(w, day), reason, NULL, &changed);
	if (!wb_commit(w, st)) {
		db_opp_held_free(&h);
		return WB_REACT_REDRAW;
	}
	if (changed) {
		wb_undo *u = wb_undo_step(w);
		u->op = WB_UNDO_MOVED;
		snprintf(u->uid, sizeof u->uid, "%s", uid);
		snprintf(u->customer_uid, sizeof u->customer_uid, "%s", h.o.customer_uid);
		const card *k = selected_card(w);
		if (k && strcmp(k->uid, uid) == 0)
			text_sanitize(k->customer, u->name, sizeof u->name);
		text_sanitize(h.title, u->title, sizeof u->title);
		u->stage_before = from;
		u->stage_after = to;
		u->reason_before = to == OPP_LOST ? h.lost_reason : NULL;
		u->reason_after = to == OPP_LOST && reason ? strdup(reason) : NULL;
		if (to == OPP_LOST)
			h.lost_reason = NULL;          /* the step's now */
	}
	char title[128];
	text_sanitize(h.title, title, sizeof title);
	db_opp_held_free(&h);
	if (!changed) {
		wb_message(w, false, _("%s is already in %s."), title, ps->names.name[to]);
		return WB_REACT_STATUS;
	}
	/* The card is followed to its new stage; won or lost, the next card
	 * takes its place. Today's queue is read again when the keys rest. */
	if (opp_stage_open(to))
		snprintf(ps->follow, sizeof ps->follow, "%s", uid);
	w->td.pending = true;
	moved(w, uid, to, since);
	if (to == OPP_WON)
		wb_message(w, false, _("%s is won (u undoes; its order: repdesk opp win)."), title);
	else if (to == OPP_LOST)
		wb_message(w, false, _("%s is lost (u undoes)."), title);
	else
		wb_message(w, false, _("%s moved to %s (u undoes)."), title, ps->names.name[to]);
	build(w);
	return WB_REACT_REDRAW;
}

static int step(wb *w, int by)
{
	pipe_state *ps = state(w);
	const card *k = selected_card(w);

	if (!k) {
		wb_message(w, true, "%s", _("No opportunity is selected."));
		return WB_REACT_STATUS;
	}
	if (by > 0 && k->stage == OPP_NEGOTIATION) {
		wb_message(w, true, _("%s is the last open stage: W marks the opportunity won, L lost."),
		           ps->names.name[OPP_NEGOTIATION]);
		return WB_REACT_STATUS;
	}
	if (by < 0 && k->stage == OPP_LEAD) {
		wb_message(w, true, _("%s is the first stage."), ps->names.name[OPP_LEAD]);
		return WB_REACT_STATUS;
	}
	char uid[UID_BUFSZ];
	snprintf(uid, sizeof uid, "%s", k->uid);
	return move_to(w, uid, (opp_stage)(k->stage + by), NULL);
}

static int lose(wb *w)
{
	pipe_state *ps = state(w);
	const card *k = selected_card(w);
	char title[256], t[160];

	if (!k) {
		wb_message(w, true, "%s", _("No opportunity is selected."));
		return WB_REACT_STATUS;
	}
	snprintf(ps->lose_uid, sizeof ps->lose_uid, "%s", k->uid);
	/* The title cut to 30 columns, without the padding. */
	text_fit(k->title, 30, false, t, sizeof t);
	for (size_t n = strlen(t); n && t[n - 1] == ' ';)
		t[--n] = '\0';
	snprintf(title, sizeof title, _("%s lost, why (Enter skips):"), t);
	wb_ask_screen_line(w, title, "");
	return WB_REACT_STATUS;
}

static int answer(wb *w, const char *text)
{
	pipe_state *ps = state(w);
	char uid[UID_BUFSZ];

	snprintf(uid, sizeof uid, "%s", ps->lose_uid);
	ps->lose_uid[0] = '\0';
	if (!uid[0])
		return WB_REACT_STATUS;
	return move_to(w, uid, OPP_LOST, text) | WB_REACT_REDRAW;
}

static int open_customer(wb *w)
{
	const card *k = selected_card(w);

	if (!k) {
		wb_message(w, true, "%s", _("No opportunity is selected."));
		return WB_REACT_STATUS;
	}
	char uid[UID_BUFSZ];
	snprintf(uid, sizeof uid, "%s", k->customer_uid);
	wb_list_goto(w, uid);
	w->screen = WB_CUSTOMERS;
	w->pane = WB_PANE_SIDE;
	wb_side_update(w);
	return WB_REACT_REDRAW;
}

static int act(wb *w, wb_action a)
{
	switch (a) {
	case WB_A_OPP_NEXT: return step(w, 1);
	case WB_A_OPP_BACK: return step(w, -1);
	case WB_A_OPP_WIN: {
		const card *k = selected_card(w);
		if (!k) {
			wb_message(w, true, "%s", _("No opportunity is selected."));
			return WB_REACT_STATUS;
		}
		char uid[UID_BUFSZ];
		snprintf(uid, sizeof uid, "%s", k->uid);
		return move_to(w, uid, OPP_WON, NULL);
	}
	case WB_A_OPP_LOSE: return lose(w);
	case WB_A_OPEN: return open_customer(w);
	case WB_A_PANE: return WB_REACT_NONE;     /* one pane */
	case WB_A_PAGE_DOWN: move(w, card_page(w)); return WB_REACT_SIDE | WB_REACT_STATUS;
	case WB_A_PAGE_UP: move(w, -card_page(w)); return WB_REACT_SIDE | WB_REACT_STATUS;
	default: return -1;
	}
}

static const char *selected(const wb *w)
{
	const card *k = selected_card(w);
	return k ? k->customer_uid : NULL;
}

static const char *selected_name(const wb *w)
{
	const card *k = selected_card(w);
	return k ? k->customer : NULL;
}

static const char *side_title(const wb *w)
{
	(void)w;
	return _("Pipeline · ] next stage · [ back · W won · L lost · Enter customer");
}

const wb_screen_ops scr_pipeline_ops = {
	.info = { N_("Pipeline"), WB_LAYOUT_TEXT, 50 },
	.state_size = sizeof(pipe_state),
	.fini = fini,
	.reload = reload,
	.side = side,
	.move = move,
	.act = act,
	.selected = selected,
	.selected_name = selected_name,
	.side_title = side_title,
	.relayout = relayout,
	.answer = answer,
};

/* ---- undo ---- */

db_status wb_pipeline_undo(wb *w, const wb_undo *u, bool redo)
{
	pipe_state *ps = state(w);
	char day[DATE_BUFSZ];
	opp_stage to = (opp_stage)(redo ? u->stage_after : u->stage_before);

	db_status st = db_opp_move(w->d, u->uid, to, now(w, day), to == OPP_LOST ? u->reason_after : NULL,
	                           NULL, NULL);
	/* A loss undone puts back the reason the book had before it. */
	if (st == DB_OK && !redo && u->stage_after == OPP_LOST) {
		db_opp_held h;
		if ((st = db_opp_get(w->d, u->uid, &h)) == DB_OK) {
			h.o.lost_reason = u->reason_before ? u->reason_before : "";
			st = db_opp_update(w->d, &h.o, NULL);
			db_opp_held_free(&h);
		}
	}
	if (st == DB_OK && opp_stage_open(to))
		snprintf(ps->follow, sizeof ps->follow, "%s", u->uid);
	return st;
}

void wb_pipeline_undo_words(wb *w, const wb_undo *u, int what, char *out, size_t outsz)
{
	pipe_state *ps = state(w);

	opp_names_load(w->d, &ps->names);
	const char *before = ps->names.name[(unsigned)u->stage_before < OPP_STAGE_COUNT ? u->stage_before : 0];
	const char *after = ps->names.name[(unsigned)u->stage_after < OPP_STAGE_COUNT ? u->stage_after : 0];
	if (what == 'q')
		snprintf(out, outsz, _("Undo moving %s to %s (back to %s)?"), u->title, after, before);
	else if (what == 'u')
		snprintf(out, outsz, _("Undone: %s is back in %s."), u->title, before);
	else
		snprintf(out, outsz, _("Redone: %s moved to %s."), u->title, after);
}
