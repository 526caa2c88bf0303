/* The workbench's state and actions (see repdesk/wb.h). The list is a
 * window of keyset pages around the selection, so a keystroke costs one page
 * at most whatever the size of the book; everything written goes through the
 * same store calls the commands use, one transaction per confirmed answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/plan.h"
#include "repdesk/db/today.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/team.h"
#include "repdesk/text.h"
#include "repdesk/wb.h"
#include "wb_int.h"
#include "repdesk/db/server.h"

static void wb_sync_read(wb *w);

/* ---- actions ---- */

static const struct {
	const char *name, *help;
} actions[] = {
#define WB_ROW(id, name, help) { name, help },
	WB_X_ACTIONS(WB_ROW)
#undef WB_ROW
};

const char *wb_action_name(wb_action a)
{
	return a >= 0 && a < WB_ACTION_COUNT ? actions[a].name : "";
}

const char *wb_action_help(wb_action a)
{
	return a >= 0 && a < WB_ACTION_COUNT ? actions[a].help : "";
}

wb_action wb_action_parse(const char *name)
{
	for (int a = 0; a < WB_ACTION_COUNT; a++)
		if (strcmp(actions[a].name, name) == 0)
			return (wb_action)a;
	return WB_A_NONE;
}

void wb_message(wb *w, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->msg, sizeof w->msg, fmt, ap);
	va_end(ap);
	w->msg_error = error;
}

/* ---- the list window ---- */

/* Rows read per page: a screenful and some, so a scroll rarely reads. */
static int page_rows(const wb *w)
{
	return w->list.height > 30 ? w->list.height + 10 : 40;
}

static void row_clear(wb_row *r)
{
	free(r->name);
	free(r->phone);
	r->name = r->phone = NULL;
}

static void list_clear(wb_list *l)
{
	l->version++;
	for (int i = 0; i < l->n; i++)
		row_clear(&l->rows[i]);
	l->n = 0;
	l->sel = l->top = 0;
	l->at_start = l->at_end = true;
	l->pending = false;
}

typedef struct {
	wb_row *rows;
	int n, cap;
	bool nomem;
} row_batch;

static bool on_row(const db_customer *c, void *ctx)
{
	row_batch *b = ctx;

	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 64;
		wb_row *r = realloc(b->rows, (size_t)cap * sizeof *r);
		if (!r) {
			b->nomem = true;
			return false;
		}
		b->rows = r;
		b->cap = cap;
	}
	wb_row *r = &b->rows[b->n];
	memset(r, 0, sizeof *r);
	r->id = c->id;
	snprintf(r->uid, sizeof r->uid, "%s", c->uid);
	r->name = strdup(c->name);
	r->phone = strdup(c->phone);
	if (!r->name || !r->phone) {
		row_clear(r);
		b->nomem = true;
		return false;
	}
	r->tier = tier_effective(c->tier_manual, c->tier_auto);
	r->manual = c->tier_manual != TIER_NONE;
	snprintf(r->status, sizeof r->status, "%s", c->status);
	b->n++;
	return true;
}

static void batch_free(row_batch *b)
{
	for (int i = 0; i < b->n; i++)
		row_clear(&b->rows[i]);
	free(b->rows);
}

static db_filter list_filter(const wb *w)
{
	db_filter f = { .tier_mask = w->tier_mask, .search = w->search[0] ? w->search : NULL,
	                .include_inactive = true, .by_rank = w->by_rank, .where = w->where, .nwhere = w->nwhere,
	                .today = w->day };
	return f;
}

static void key_of(const wb_row *r, db_page_key *k)
{
	memset(k, 0, sizeof *k);
	k->id = r->id;
	k->tier = r->tier;
	snprintf(k->uid, sizeof k->uid, "%s", r->uid);
	snprintf(k->name, sizeof k->name, "%s", r->name);
}

static bool list_reserve(wb_list *l, int n)
{
	if (n <= l->cap)
		return true;
	int cap = l->cap ? l->cap : 128;
	while (cap < n)
		cap *= 2;
	wb_row *r = realloc(l->rows, (size_t)cap * sizeof *r);
	if (!r)
		return false;
	l->rows = r;
	l->cap = cap;
	return true;
}

/* Keep the window to a few pages: drop rows far from the selection. */
static void list_trim(wb *w)
{
	wb_list *l = &w->list;
	int keep = page_rows(w) * 3;

	if (l->n <= keep)
		return;
	if (l->sel > l->n / 2) {            /* drop from the front */
		int drop = l->n - keep;
		if (drop > l->top)
			drop = l->top;
		if (drop <= 0)
			return;
		for (int i = 0; i < drop; i++)
			row_clear(&l->rows[i]);
		memmove(l->rows, l->rows + drop, (size_t)(l->n - drop) * sizeof *l->rows);
		l->n -= drop;
		l->version++;
		l->sel -= drop;
		l->top -= drop;
		l->at_start = false;
	} else {                            /* drop from the back */
		int last = l->top + l->height + page_rows(w);
		if (last >= l->n)
			return;
		for (int i = last; i < l->n; i++)
			row_clear(&l->rows[i]);
		l->n = last;
		l->version++;
		l->at_end = false;
		l->pending = false;             /* goes on from the last row kept */
	}
}

/* Read the page after the window's last row (or the first page), or as
 * much of it as the walk budget finds: the rest is then pending. */
static bool list_more_down(wb *w)
{
	wb_list *l = &w->list;
	db_filter f = list_filter(w);
	db_page_key k, resume;
	const db_page_key *from = NULL;
	row_batch b = { 0 };
	int want = page_rows(w);
	bool more = false;

	if (l->n && l->at_end)
		return false;
	if (l->pending) {
		from = &l->resume;
	} else if (l->n) {
		key_of(&l->rows[l->n - 1], &k);
		from = &k;
	}
	db_status st = db_customer_page_some(w->d, &f, from, want, w->walk_budget, &resume, &more,
	                                     on_row, &b);
	if (st != DB_OK || b.nomem || !list_reserve(l, l->n + b.n)) {
		batch_free(&b);
		wb_message(w, true, "%s", st != DB_OK ? db_error(w->d) : _("out of memory"));
		l->pending = false;
		return false;
	}
	if (!l->n)
		l->at_start = true;
	if (b.n)       /* (an empty page may come with no array at all) */
		memcpy(l->rows + l->n, b.rows, (size_t)b.n * sizeof *b.rows);
	l->n += b.n;
	l->version++;
	l->at_end = !more && b.n < want;
	l->pending = more;
	if (more)
		l->resume = resume;
	free(b.rows);
	return b.n > 0;
}

/* Read the page before the window's first row (or the last page). */
static bool list_more_up(wb *w)
{
	wb_list *l = &w->list;
	db_filter f = list_filter(w);
	db_page_key k;
	row_batch b = { 0 };
	int want = page_rows(w);

	if (l->n && l->at_start)
		return false;
	if (l->n)
		key_of(&l->rows[0], &k);
	db_status st = db_customer_page_before(w->d, &f, l->n ? &k : NULL, want, on_row, &b);
	if (st != DB_OK || b.nomem || !list_reserve(l, l->n + b.n)) {
		batch_free(&b);
		wb_message(w, true, "%s", st != DB_OK ? db_error(w->d) : _("out of memory"));
		return false;
	}
	if (!l->n)
		l->at_end = true;
	if (b.n && l->n)
		memmove(l->rows + b.n, l->rows, (size_t)l->n * sizeof *l->rows);
	for (int i = 0; i < b.n; i++)        /* they came nearest first */
		l->rows[i] = b.rows[b.n - 1 - i];
	l->n += b.n;
	l->version++;
	l->sel += b.n;
	l->top += b.n;
	l->at_start = b.n < want;
	free(b.rows);
	return b.n > 0;
}

static int64_t count_cap(const wb *w)
{
	return w->search[0] ? WB_SEARCH_COUNT_CAP : WB_COUNT_CAP;
}

/* A list still being walked for (a search's or a filter's rows, in wb_idle)
 * holding every row its count found is done: a filter that matches little
 * need not walk the rest of the book once they are all listed. */
static void list_done_if_counted(wb *w)
{
	wb_list *l = &w->list;

	if (l->pending && w->count < count_cap(w) && l->n >= w->count) {
		l->pending = false;
		l->at_end = true;
	}
}

static void list_count(wb *w)
{
	db_filter f = list_filter(w);
	int64_t n = 0;

	if (db_customer_count_upto(w->d, &f, count_cap(w), &n) == DB_OK) {
		w->count = n;
		list_done_if_counted(w);
	}
}

/* The list from its start, for the current filter. */
static void list_reset(wb *w)
{
	list_clear(&w->list);
	list_more_down(w);
	list_count(w);
	w->lines_uid[0] = '\0';
}

/* The window again from the selected row (after a write): the same row stays
 * selected when it is still listed. */
static void list_refresh(wb *w)
{
	wb_list *l = &w->list;
	db_filter f = list_filter(w);
	row_batch b = { 0 };
	char uid[UID_BUFSZ] = "";
	int offset = l->sel - l->top;

	if (l->n == 0) {
		list_reset(w);
		return;
	}
	snprintf(uid, sizeof uid, "%s", l->rows[l->sel].uid);
	/* Re-read from just before the top row. */
	db_page_key k;
	bool from_start = l->at_start && l->top == 0;
	if (!from_start)
		key_of(&l->rows[l->top], &k);
	list_clear(l);
	if (!from_start) {
		/* Rows before the old top (one page), then forward from there. */
		if (db_customer_page_before(w->d, &f, &k, 1, on_row, &b) == DB_OK && !b.nomem && b.n) {
			db_page_key k2;
			key_of(&b.rows[0], &k2);
			row_batch c = { 0 };
			if (db_customer_page(w->d, &f, &k2, page_rows(w), on_row, &c) == DB_OK &&
			    !c.nomem && c.n && list_reserve(l, c.n)) {
				memcpy(l->rows, c.rows, (size_t)c.n * sizeof *c.rows);
				l->n = c.n;
				l->at_start = false;
				l->at_end = c.n < page_rows(w);
				free(c.rows);
			} else {
				batch_free(&c);
			}
		}
		batch_free(&b);
	}
	if (l->n == 0)
		list_more_down(w);
	l->sel = 0;
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->rows[i].uid, uid) == 0)
			l->sel = i;
	l->top = l->sel - offset;
	if (l->top < 0)
		l->top = 0;
	list_count(w);
}

/* Keep the selection on screen, reading pages as it nears an end. */
static void list_settle(wb *w)
{
	wb_list *l = &w->list;
	int h = l->height > 0 ? l->height : 1;

	/* (A pending search reads on in wb_idle.) */
	if (l->sel >= l->n - 1 && !l->at_end && !l->pending)
		list_more_down(w);
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	/* Rows below the screen for the next keystroke. */
	if (l->top + h >= l->n && !l->at_end && !l->pending)
		list_more_down(w);
	list_trim(w);
}

static void list_move(wb *w, int delta)
{
	wb_list *l = &w->list;

	if (!l->n)
		return;
	int target = l->sel + delta;
	while (target < 0 && !l->at_start) {
		int before = l->n;
		if (!list_more_up(w))
			break;
		target += l->n - before;
	}
	while (target >= l->n && !l->at_end)
		if (!list_more_down(w) || l->pending)
			break;
	if (target < 0)
		target = 0;
	if (target >= l->n)
		target = l->n - 1;
	/* A page key moves the view with the selection. */
	if (delta > 1 || delta < -1) {
		l->top += target - l->sel;
		if (l->top < 0)
			l->top = 0;
	}
	l->sel = target;
	list_settle(w);
}

static void list_first(wb *w)
{
	wb_list *l = &w->list;

	if (l->at_start) {
		l->sel = l->top = 0;
		list_settle(w);
		return;
	}
	list_reset(w);
}

static void list_last(wb *w)
{
	wb_list *l = &w->list;

	if (!l->at_end) {
		list_clear(l);
		list_more_up(w);
		l->at_end = true;
	}
	l->sel = l->n - 1;
	l->top = l->n - (l->height > 0 ? l->height : 1);
	if (l->top < 0)
		l->top = 0;
	list_settle(w);
}

/* ---- the figures beside the list ---- */

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Today's figures for the rows in the list window (read again whenever the
 * window changes: a page of rows, not the book). */
static void figures_reload(wb *w)
{
	char err[256];
	int64_t *ids = malloc((size_t)(w->list.n ? w->list.n : 1) * sizeof *ids);

	if (w->fig_ok)
		today_free(&w->fig);
	w->fig_ok = false;
	free(w->fig_volume);
	w->fig_volume = NULL;
	if (!ids)
		return;
	for (int i = 0; i < w->list.n; i++)
		ids[i] = w->list.rows[i].id;
	if (w->by_volume && (w->fig_volume = malloc((size_t)(w->list.n ? w->list.n : 1) *
	                                             sizeof *w->fig_volume))) {
		int y, m, dd;
		date_to_ymd(w->day, &y, &m, &dd);
		if (db_month_volumes(w->d, ids, (size_t)w->list.n, y, m, w->fig_volume) != DB_OK) {
			free(w->fig_volume);
			w->fig_volume = NULL;
		}
	}
	qsort(ids, (size_t)w->list.n, sizeof *ids, id_cmp);
	db_today_part part = { .ids = ids, .nids = (size_t)w->list.n };
	w->fig_ok = today_load_part(w->d, w->cal, w->day, &part, &w->fig, err, sizeof err) == STATUS_OK;
	free(ids);
}

const db_today_row *wb_today_row(const wb *w, const char *uid)
{
	return w->fig_ok ? db_today_find(&w->fig.book, uid) : NULL;
}

int64_t wb_customer_target(const wb *w, const char *uid)
{
	const db_today_row *r = wb_today_row(w, uid);
	return r ? w->fig.cust[r - w->fig.book.rows].target : 0;
}

bool wb_row_figures(const wb *w, const char *uid, wb_figures *out)
{
	const db_today_row *r = wb_today_row(w, uid);

	if (!r)
		return false;
	out->last_days = r->last_contact != DB_NO_DAY ? w->day - r->last_contact : -1;
	out->month_orders = r->month_orders;
	out->target = w->fig.cust[r - w->fig.book.rows].target;
	out->open = r->open;
	out->broken = r->broken > 0;
	return true;
}

bool wb_row_volume(const wb *w, int k, int64_t *volume)
{
	if (!w->by_volume || !w->fig_volume || k < 0 || k >= w->list.n || w->fig_volume[k] == DB_NULL)
		return false;
	*volume = w->fig_volume[k];
	return true;
}

void wb_month(const wb *w, int64_t *achieved, int64_t *target, int *pace)
{
	int y, m, d;

	*achieved = *target = 0;
	*pace = -1;
	if (!w->td.ok)
		return;
	*achieved = w->td.top.plan.month_achieved;
	*target = w->td.top.plan.month_target;
	if (!w->td.top.plan.has_plan || *target <= 0)
		return;
	date_to_ymd(w->day, &y, &m, &d);
	int all = calendar_workdays_in_month(w->cal, y, m);
	int done = calendar_workdays_between(w->cal, date_month_first_day(y, m), w->day);
	/* The team's rule, so the header and the Team screen give one figure. */
	int h = team_pace(*achieved, *target, done, all);
	*pace = h == TEAM_NONE ? -1 : h;
}

/* The figures follow the window. */
void wb_figures_sync(wb *w)
{
	if (!w->fig_ok || w->fig_version != w->list.version) {
		figures_reload(w);
		w->fig_version = w->list.version;
		/* A customer's file shows them too. */
		if (!w->lines_plan && w->lines_uid[0]) {
			w->lines_uid[0] = '\0';
			wb_side_update(w);
		}
	}
}

/* ---- selection ---- */

static bool text_screen(const wb *w);

/* One rule for the customer a key acts on: the selected row of the pane in
 * focus. The side pane has its own rows only where the screen keeps a
 * selection there (the queue); a customer's file is the list's selection;
 * a screen of text alone (the plan, the team) shows no customer, so none is
 * acted on. The side pane's title names it. */
static const wb_row *list_selected(const wb *w)
{
	if (text_screen(w) || !w->list.n || w->list.sel >= w->list.n)
		return NULL;
	return &w->list.rows[w->list.sel];
}

static bool side_selects(const wb *w)
{
	return wb_ops(w)->selected && w->pane == WB_PANE_SIDE;
}

const char *wb_selected_uid(const wb *w)
{
	if (side_selects(w))
		return wb_ops(w)->selected(w);
	const wb_row *r = list_selected(w);
	return r ? r->uid : NULL;
}

const char *wb_selected_name(const wb *w)
{
	if (side_selects(w))
		return wb_ops(w)->selected_name(w);
	const wb_row *r = list_selected(w);
	return r ? r->name : NULL;
}

void wb_set_heights(wb *w, int list, int queue, int lines)
{
	w->list.height = list > 0 ? list : 1;
	w->td.height = queue > 0 ? queue : 1;
	bool resized = w->lheight != (lines > 0 ? lines : 1);
	w->lheight = lines > 0 ? lines : 1;
	if (resized && wb_ops(w)->relayout)
		wb_ops(w)->relayout(w);
	list_settle(w);
	wb_figures_sync(w);
	if (w->td.sel < w->td.first)
		w->td.first = w->td.sel;
	if (w->td.sel >= w->td.first + w->td.height)
		w->td.first = w->td.sel - w->td.height + 1;
	wb_queue_phones(w);
}

void wb_set_width(wb *w, int lines)
{
	int cols = lines > 0 ? lines : 1;

	if (cols == w->lwidth)
		return;
	w->lwidth = cols;
	if (wb_ops(w)->relayout)
		wb_ops(w)->relayout(w);
}

/* ---- open and close ---- */

wb *wb_open(db *d, const calendar *cal, date_day day, int flags, char *err, size_t errsz)
{
	wb *w = calloc(1, sizeof *w);

	if (!w) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return NULL;
	}
	w->d = d;
	w->cal = cal;
	w->day = day;
	w->list.height = 20;
	w->walk_budget = WB_WALK_BUDGET;
	w->lines_hl = -1;
	w->td.height = w->lheight = 10;
	if (!wb_screens_init(w)) {
		snprintf(err, errsz, "%s", _("out of memory"));
		wb_close(w);
		return NULL;
	}
	if (flags & WB_LEAN)
		db_set_lean(d);
	if (db_rep_current(d, &w->rep) != DB_OK)
		memset(&w->rep, 0, sizeof w->rep);
	char style[16];
	w->wan = i18n_wan(db_setting_get(d, "money_style", style, sizeof style) == DB_OK ? style : NULL);
	tier_thresholds th;
	w->by_volume = db_tiers_get(d, &th) == DB_OK && th.metric == TIER_METRIC_VOLUME;
	list_reset(w);
	if (w->msg_error) {
		snprintf(err, errsz, "%s", w->msg);
		wb_close(w);
		return NULL;
	}
	w->empty_book = w->list.n == 0;
	wb_sync_read(w);
	wb_segments_read(w);
	if (flags & WB_DEFER_TODAY)
		w->td.pending = true;
	else
		wb_today_load(w);
	wb_figures_sync(w);
	if (w->empty_book)
		wb_message(w, false, "%s", _("The book is empty: import a CSV (repdesk import customers FILE), "
		                             "load the demo (repdesk init --demo), or press + to add a customer."));
	return w;
}

void wb_lines_free(wb *w)
{
	for (int i = 0; i < w->nlines; i++)
		free(w->lines[i]);
	free(w->lines);
	w->lines = NULL;
	w->nlines = 0;
	w->lines_uid[0] = '\0';
	w->lines_plan = false;
	w->lines_hl = -1;
}

void wb_close(wb *w)
{
	if (!w)
		return;
	list_clear(&w->list);
	free(w->list.rows);
	wb_today_free(w);
	if (w->fig_ok)
		today_free(&w->fig);
	free(w->fig_volume);
	wb_lines_free(w);
	wb_undo_free(w);
	wb_screens_fini(w);
	free(w->where);
	free(w->qwhere);
	free(w);
}

/* ---- the team server ---- */

static long long mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec;
}

static void wb_sync_read(wb *w)
{
	char url[1024], buf[32];
	long pending;

	w->server = db_setting_get(w->d, "server", url, sizeof url) == DB_OK && url[0] &&
	            strcmp(url, "none") != 0;
	w->sync_minutes = db_setting_get(w->d, "sync_minutes", buf, sizeof buf) == DB_OK
	                  ? atoi(buf) : 0;
	if (w->sync_minutes < 0 || w->sync_minutes > 1440)
		w->sync_minutes = 0;
	if (db_sync_pending(w->d, &pending, w->synced, sizeof w->synced) != DB_OK)
		w->synced[0] = '\0';
	w->sync_next = w->sync_minutes ? mono_s() + 60LL * w->sync_minutes : 0;
}

int wb_sync_now(wb *w)
{
	char url[1024], err[1024];
	db_server *s;
	db_sync_result r;

	wb_sync_read(w);
	if (!w->server) {
		wb_message(w, true, "%s", _("No team server: set one with 'repdesk config server URL'."));
		return WB_REACT_STATUS;
	}
	db_setting_get(w->d, "server", url, sizeof url);
	status_code st = db_server_connect(url, &s, err, sizeof err);
	if (st == STATUS_OK) {
		st = db_sync(w->d, s, &r, err, sizeof err);
		db_server_close(s);
	} else {
		memset(&r, 0, sizeof r);
		db_sync_pending(w->d, &r.pending, w->synced, sizeof w->synced);
	}
	if (st != STATUS_OK) {
		wb_message(w, true, ngettext("Not synced (%ld row waits; nothing is lost): %s",
		                             "Not synced (%ld rows wait; nothing is lost): %s",
		                             (unsigned long)r.pending), r.pending, err);
		return WB_REACT_STATUS;
	}
	snprintf(w->synced, sizeof w->synced, "%s", r.at);
	wb_message(w, false, _("Synced %s: sent %ld, received %ld."), r.at, r.sent, r.pulled);
	if (r.pulled || r.handed)
		wb_reload(w);
	return WB_REACT_REDRAW | WB_REACT_RELOAD;
}

int wb_sync_wait(const wb *w)
{
	if (!w->server || !w->sync_minutes)
		return -1;
	long long left = w->sync_next - mono_s();
	return left <= 0 ? 0 : left > 3600 ? 3600000 : (int)(left * 1000);
}

int wb_sync_tick(wb *w)
{
	if (wb_sync_wait(w) != 0)
		return 0;
	int r = wb_sync_now(w);
	w->sync_next = mono_s() + 60LL * (w->sync_minutes ? w->sync_minutes : 1);
	return r;
}

bool wb_idle(wb *w)
{
	if (w->list.pending) {          /* first: someone is waiting for these */
		list_more_down(w);
		list_done_if_counted(w);
		list_settle(w);
		wb_side_update(w);
		wb_figures_sync(w);
		return true;
	}
	if (!w->td.pending)
		return false;
	wb_today_load(w);
	return true;
}

void wb_reload(wb *w)
{
	wb_segments_read(w);
	wb_today_load(w);
	list_refresh(w);
	figures_reload(w);
	w->fig_version = w->list.version;
	wb_lines_free(w);
	wb_screens_reload(w);
	wb_side_update(w);
}

/* ---- moving ---- */

/* Screens that are one text to scroll (the Plan, the Team). */
static bool text_screen(const wb *w)
{
	return wb_ops(w)->info.layout == WB_LAYOUT_TEXT;
}

static void lines_move(wb *w, int delta)
{
	int max = w->nlines - w->lheight;

	w->ltop += delta;
	if (w->ltop > max)
		w->ltop = max;
	if (w->ltop < 0)
		w->ltop = 0;
}

/* The side pane's selection (the screen's own) or its text, or the list. */
static int move(wb *w, int delta)
{
	const wb_screen_ops *o = wb_ops(w);

	if (w->pane == WB_PANE_SIDE || text_screen(w)) {
		if (!o->move || !o->move(w, delta))
			lines_move(w, delta);
		wb_side_update(w);
		return WB_REACT_SIDE | WB_REACT_STATUS;
	}
	list_move(w, delta);
	wb_side_update(w);
	return WB_REACT_LIST | WB_REACT_SIDE | WB_REACT_STATUS;
}

static int page(const wb *w)
{
	const wb_screen_ops *o = wb_ops(w);
	int h = w->list.height;

	if (text_screen(w))
		h = w->lheight;
	else if (w->pane == WB_PANE_SIDE)
		h = o->side_height ? o->side_height(w) : w->lheight;
	return h > 1 ? h - 1 : 1;
}

int wb_open_customer(wb *w)
{
	if (!wb_selected_uid(w))
		return WB_REACT_STATUS;
	w->screen = WB_CUSTOMERS;
	w->pane = WB_PANE_SIDE;
	wb_side_update(w);
	return WB_REACT_REDRAW;
}

static int back(wb *w)
{
	const wb_screen_ops *o = wb_ops(w);

	if (w->search[0]) {
		w->search[0] = '\0';
		wb_filter_changed(w);
	} else if (!o->home) {
		for (int s = 0; s < WB_SCREEN_COUNT; s++)
			if (wb_ops_of((wb_screen)s)->home) {
				w->screen = (wb_screen)s;
				break;
			}
		w->pane = WB_PANE_LIST;
		wb_side_update(w);
	}
	return WB_REACT_REDRAW;
}

/* What a search or a filter narrows is the list, and so the list is what
 * the keys act on after it: the focus goes there. */
void wb_filter_changed(wb *w)
{
	if (wb_ops(w)->selected)
		w->pane = WB_PANE_LIST;
	list_reset(w);
	wb_side_update(w);
}

static void toggle_tier(wb *w, tier t)
{
	w->tier_mask ^= 1u << t;
	if (w->tier_mask == (1u << TIER_COUNT) - 1)
		w->tier_mask = 0;
	wb_filter_changed(w);
}

static int do_action(wb *w, wb_action a);

int wb_do(wb *w, wb_action a)
{
	int r = do_action(w, a);
	wb_figures_sync(w);
	return r;
}

static int do_action(wb *w, wb_action a)
{
	int r = WB_REACT_REDRAW;

	if (w->ask.kind != WB_ASK_NONE)
		return WB_REACT_NONE;
	bool help = w->help;
	if (w->help && a != WB_A_HELP && a != WB_A_QUIT) {
		w->help = false;
		if (a == WB_A_BACK)
			return WB_REACT_REDRAW;
	}
	w->msg[0] = '\0';
	/* The screen's own way first. */
	const wb_screen_ops *o = wb_ops(w);
	int own = o->act ? o->act(w, a) : -1;
	if (own >= 0)
		return help ? own | WB_REACT_REDRAW : own;
	switch (a) {
	case WB_A_UP: r = move(w, -1); break;
	case WB_A_DOWN: r = move(w, 1); break;
	case WB_A_PAGE_UP: r = move(w, -page(w)); break;
	case WB_A_PAGE_DOWN: r = move(w, page(w)); break;
	case WB_A_FIRST:
		if (w->pane == WB_PANE_SIDE || text_screen(w))
			r = move(w, -(1 << 30));
		else
			list_first(w), wb_side_update(w);
		break;
	case WB_A_LAST:
		if (w->pane == WB_PANE_SIDE || text_screen(w))
			r = move(w, 1 << 30);
		else
			list_last(w), wb_side_update(w);
		break;
	case WB_A_PANE:
		w->pane = w->pane == WB_PANE_LIST ? WB_PANE_SIDE : WB_PANE_LIST;
		r = WB_REACT_LIST | WB_REACT_SIDE | WB_REACT_STATUS;
		break;
	case WB_A_OPEN: r = wb_open_customer(w); break;
	case WB_A_BACK: r = back(w); break;
	case WB_A_TODAY: case WB_A_CUSTOMERS: case WB_A_PLAN: case WB_A_TEAM: case WB_A_PIPELINE:
		w->screen = (wb_screen)(a - WB_A_TODAY);
		w->pane = WB_PANE_LIST;
		wb_side_update(w);
		break;
	case WB_A_HELP:          /* the keys, then what the screens show, then closed */
		w->help_more = w->help && !w->help_more;
		w->help = !w->help || w->help_more;
		break;
	case WB_A_QUIT: w->quit = true; return WB_REACT_QUIT;
	case WB_A_TIER_S: case WB_A_TIER_A: case WB_A_TIER_B: case WB_A_TIER_C: case WB_A_TIER_D:
		toggle_tier(w, (tier)(a - WB_A_TIER_S));
		break;
	case WB_A_CLEAR:
		w->tier_mask = 0;
		w->search[0] = '\0';
		wb_filter_set(w, "", NULL, 0);
		wb_filter_changed(w);
		break;
	case WB_A_REDRAW: wb_reload(w); r = WB_REACT_REDRAW | WB_REACT_RELOAD; break;
	case WB_A_SYNC: r = wb_sync_now(w); break;
	case WB_A_UNDO: wb_undo_last(w); r = WB_REACT_REDRAW; break;
	case WB_A_REDO: wb_redo(w); r = WB_REACT_REDRAW | WB_REACT_RELOAD; break;
	case WB_A_DELETE:
		wb_message(w, true, "%s", _("Delete takes an entry of the customer's file: open it (Enter), Tab, pick one."));
		r = WB_REACT_STATUS;
		break;
	case WB_A_SORT:          /* (the Customers screen's own) */
		wb_message(w, true, "%s", _("The customer list is sorted on the Customers screen (2)."));
		r = WB_REACT_STATUS;
		break;
	case WB_A_REPLAN:        /* (the Plan screen's own) */
		wb_message(w, true, "%s", _("A new target is given on the Plan screen (3)."));
		r = WB_REACT_STATUS;
		break;
	case WB_A_OPP_NEXT: case WB_A_OPP_BACK: case WB_A_OPP_WIN: case WB_A_OPP_LOSE:
		/* (the Pipeline screen's own) */
		wb_message(w, true, "%s", _("Opportunities are moved on the Pipeline screen (5)."));
		r = WB_REACT_STATUS;
		break;
	case WB_A_SEARCH: case WB_A_CALL: case WB_A_ORDER: case WB_A_PAY: case WB_A_NOTE: case WB_A_VISIT:
	case WB_A_ADD: case WB_A_EDIT: case WB_A_STATUS: case WB_A_SET_TIER: case WB_A_FILTER:
		wb_ask_start(w, a);
		break;
	case WB_A_NONE: case WB_ACTION_COUNT: break;
	}
	if (help)                /* the help went: everything shows again */
		r |= WB_REACT_REDRAW;
	return r;
}

static int click(wb *w, wb_pane pane, int index);

int wb_click(wb *w, wb_pane pane, int index)
{
	int r = click(w, pane, index);
	wb_figures_sync(w);
	return r;
}

static int click(wb *w, wb_pane pane, int index)
{
	if (w->ask.kind != WB_ASK_NONE)
		return WB_REACT_NONE;
	w->help = false;
	w->pane = pane;
	if (pane == WB_PANE_LIST)
		list_move(w, w->list.top + index - w->list.sel);
	else if (wb_ops(w)->click)
		wb_ops(w)->click(w, index);
	wb_side_update(w);
	return WB_REACT_REDRAW;
}

/* Select UID in the list: the window is re-read from it (it is the first
 * row shown when it was not in the window). */
void wb_list_goto(wb *w, const char *uid)
{
	wb_list *l = &w->list;

	for (int i = 0; i < l->n; i++)
		if (strcmp(l->rows[i].uid, uid) == 0) {
			l->sel = i;
			list_settle(w);
			return;
		}
	db_customer *c = db_customer_load(w->d, uid);
	if (!c)
		return;
	/* Clear filters that would hide it, then read from just before it. */
	db_page_key k;
	memset(&k, 0, sizeof k);
	k.id = c->id;
	k.tier = tier_effective(c->tier_manual, c->tier_auto);
	snprintf(k.uid, sizeof k.uid, "%s", c->uid);
	snprintf(k.name, sizeof k.name, "%s", c->name);
	db_customer_free(c);
	w->search[0] = '\0';
	w->tier_mask = 0;
	list_clear(l);
	row_batch b = { 0 };
	db_filter f = list_filter(w);
	if (db_customer_page_before(w->d, &f, &k, 1, on_row, &b) == DB_OK && !b.nomem && b.n &&
	    list_reserve(l, 1)) {
		l->rows[0] = b.rows[0];
		l->n = 1;
		l->at_start = false;
		l->at_end = false;
		free(b.rows);
	} else {
		batch_free(&b);
	}
	list_more_down(w);
	list_count(w);
	l->sel = 0;
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->rows[i].uid, uid) == 0)
			l->sel = i;
	l->top = l->sel;
	list_settle(w);
}
