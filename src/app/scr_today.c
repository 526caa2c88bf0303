/* The Today screen: the list on the left; today's plan and the call queue
 * on the right. Its figures head every screen (the month in the header), so
 * they are read whatever screen shows; the queue's reasons are worked out
 * once per load, not per frame. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/i18n.h"
#include "wb_int.h"

/* Customers read at a time for the queue: memory stays within a slice. */
#define WB_SLICE 20000

static void rows_free(wb_today *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->rows[i].reasons);
		free(t->rows[i].phone);
	}
	free(t->rows);
	t->rows = NULL;
	t->n = 0;
}

/* The queue as the screen shows it; false when memory ran out. */
static bool rows_make(wb *w)
{
	wb_today *t = &w->td;

	if (!t->top.n)
		return true;
	if (!(t->rows = calloc(t->top.n, sizeof *t->rows)))
		return false;
	for (size_t i = 0; i < t->top.n; i++) {
		const today_pick *p = &t->top.pick[i];
		wb_queue_row *r = &t->rows[i];
		queue_term terms[QUEUE_TERM_COUNT];
		char reasons[QUEUE_REASONS_BUFSZ];
		int nt = 0;
		queue_customer c = p->cust;
		char step[512];
		today_words_read(w->d, w->day, &c, step, sizeof step);
		queue_score(&c, w->day, &t->top.w, terms, &nt);
		queue_reasons_format(terms, nt, queue_words_local, reasons, sizeof reasons);
		r->uid = p->uid;
		r->name = p->name;
		r->tier = p->tier;
		if (!(r->reasons = strdup(reasons))) {
			t->n = i;
			return false;
		}
	}
	t->n = t->top.n;
	return true;
}

static void top_free(wb *w)
{
	rows_free(&w->td);
	if (w->td.ok)
		today_top_free(&w->td.top);
	w->td.ok = false;
}

static void rank_free(wb *w)
{
	if (w->td.ranked)
		today_ranking_free(&w->td.rank);
	w->td.ranked = false;
	if (w->td.members_ok)
		today_only_free(&w->td.members);
	w->td.members_ok = false;
}

void wb_today_free(wb *w)
{
	top_free(w);
	rank_free(w);
}

/* Today's plan and queue, narrowed for the day when the queue has filters
 * (the same narrowing as today --segment). The whole book is read, and the
 * whole queue's order kept for narrowing it again. */
static bool top_load(wb *w, char *err, size_t errsz)
{
	today_only only = { 0 };
	db_filter f = { .include_inactive = true, .where = w->qwhere, .nwhere = w->nqwhere,
	                .today = w->day };

	rank_free(w);
	if (db_today_stamp(w->d, &w->td.stamp) != DB_OK) {
		snprintf(err, errsz, "%s", db_error(w->d));
		return false;
	}
	if (w->nqwhere && today_only_read(w->d, &f, &only, err, errsz) != STATUS_OK)
		return false;
	bool ok = today_top_load_ranked(w->d, w->cal, w->day, WB_QUEUE_MAX, WB_SLICE,
	                                w->nqwhere ? &only : NULL, &w->td.top, &w->td.rank, err,
	                                errsz) == STATUS_OK;
	today_only_free(&only);
	w->td.ranked = ok;
	return ok;
}

/* The same from the whole queue's order kept by the last load, while the
 * book and the day are as they were then: only the filter's members are
 * read, and the customers that can make the top. False: not possible (then
 * nothing has changed), or an error in ERR (*FAILED). */
static bool top_narrow(wb *w, char *err, size_t errsz, bool *failed)
{
	wb_today *t = &w->td;
	db_filter f = { .include_inactive = true, .where = w->qwhere, .nwhere = w->nqwhere,
	                .today = w->day };
	db_book_stamp now;

	*failed = false;
	if (!t->ranked || t->rank.day != w->day || db_today_stamp(w->d, &now) != DB_OK ||
	    now.changes != t->stamp.changes || now.version != t->stamp.version)
		return false;
	if (w->nqwhere && !(t->members_ok && strcmp(t->members_of, w->queue_filter) == 0)) {
		if (t->members_ok)
			today_only_free(&t->members);
		t->members_ok = false;
		if (today_only_read(w->d, &f, &t->members, err, errsz) != STATUS_OK) {
			*failed = true;
			return false;
		}
		t->members_ok = true;
		snprintf(t->members_of, sizeof t->members_of, "%s", w->queue_filter);
	}
	status_code st = today_top_narrow(w->d, w->cal, WB_QUEUE_MAX, &t->rank,
	                                  w->nqwhere ? &t->members : NULL, &t->top, err, errsz);
	if (st == STATUS_BUSY)           /* the book moved on: read it all again */
		return false;
	*failed = st != STATUS_OK;
	return st == STATUS_OK;
}

/* Load (NARROW: from the kept order when it can) and settle the selection. */
static void load(wb *w, bool narrow)
{
	wb_today *t = &w->td;
	char err[256];
	char uid[UID_BUFSZ] = "";
	bool failed = false;

	t->pending = false;
	if (t->sel >= 0 && (size_t)t->sel < t->n)
		snprintf(uid, sizeof uid, "%s", t->rows[t->sel].uid);
	top_free(w);
	t->ok = narrow && top_narrow(w, err, sizeof err, &failed);
	if (!t->ok && !failed)
		t->ok = top_load(w, err, sizeof err);
	if (!t->ok) {
		memset(&t->top, 0, sizeof t->top);
		wb_message(w, true, "%s", err);
	} else if (!rows_make(w)) {
		wb_message(w, true, "%s", _("out of memory"));
	}
	t->in_queue = t->ok ? t->top.in_queue : 0;
	/* After an outcome, the entry that came next; else the same customer
	 * when it is still queued, else the same place. */
	if (t->move_on)
		snprintf(uid, sizeof uid, "%s", t->move_to);
	t->move_on = false;
	for (size_t i = 0; uid[0] && i < t->n; i++)
		if (strcmp(t->rows[i].uid, uid) == 0)
			t->sel = (int)i;
	if ((size_t)t->sel >= t->n)
		t->sel = t->n ? (int)t->n - 1 : 0;
	if (t->sel < t->first)
		t->first = t->sel;
	if (t->height > 0 && t->sel >= t->first + t->height)
		t->first = t->sel - t->height + 1;
	wb_queue_phones(w);
}

void wb_today_load(wb *w)
{
	load(w, false);
}

void wb_today_narrow(wb *w)
{
	load(w, true);
}

/* A load ranks thousands and a screen shows a few dozen: the phones are
 * read as entries come into view. */
void wb_queue_phones(wb *w)
{
	wb_today *t = &w->td;

	for (int i = t->first; i >= 0 && i < t->first + t->height && (size_t)i < t->n; i++) {
		wb_queue_row *r = &t->rows[i];
		if (r->phone)
			continue;
		db_customer *c = db_customer_load(w->d, r->uid);
		r->phone = strdup(c && c->phone ? c->phone : "");
		db_customer_free(c);
		if (!r->phone)           /* out of memory: shown without */
			return;
	}
}

const wb_queue_row *wb_queue_find(const wb *w, const char *uid, size_t *rank)
{
	for (size_t i = 0; i < w->td.n; i++)
		if (strcmp(w->td.rows[i].uid, uid) == 0) {
			*rank = i + 1;
			return &w->td.rows[i];
		}
	return NULL;
}

void wb_queue_move_on(wb *w, const char *uid)
{
	wb_today *t = &w->td;

	if (t->sel < 0 || (size_t)t->sel >= t->n || strcmp(t->rows[t->sel].uid, uid) != 0)
		return;
	t->move_on = true;
	snprintf(t->move_to, sizeof t->move_to, "%s",
	         (size_t)t->sel + 1 < t->n ? t->rows[t->sel + 1].uid : "");
}

static bool move(wb *w, int delta)
{
	wb_today *t = &w->td;
	int n = (int)t->n;

	if (!n)
		return true;
	int s = t->sel + delta;
	if (s < 0)
		s = 0;
	if (s >= n)
		s = n - 1;
	if (delta > 1 || delta < -1)
		t->first += s - t->sel;
	t->sel = s;
	if (t->first > n - t->height)
		t->first = n - t->height;
	if (t->first < 0)
		t->first = 0;
	if (t->sel < t->first)
		t->first = t->sel;
	if (t->sel >= t->first + t->height)
		t->first = t->sel - t->height + 1;
	wb_queue_phones(w);
	return true;
}

static int side_height(const wb *w)
{
	return w->td.height;
}

static const char *selected(const wb *w)
{
	if ((size_t)w->td.sel < w->td.n)
		return w->td.rows[w->td.sel].uid;
	return NULL;
}

static const char *selected_name(const wb *w)
{
	if ((size_t)w->td.sel < w->td.n)
		return w->td.rows[w->td.sel].name;
	return NULL;
}

static void click(wb *w, int index)
{
	move(w, w->td.first + index - w->td.sel);
}

/* The queue's customer opens where the list shows it. */
static int open_customer(wb *w)
{
	const char *uid = wb_selected_uid(w);

	if (!uid)
		return WB_REACT_STATUS;
	if (w->pane == WB_PANE_SIDE)
		wb_list_goto(w, uid);
	return wb_open_customer(w);
}

static int act(wb *w, wb_action a)
{
	return a == WB_A_OPEN ? open_customer(w) : -1;
}

/* The title says whose row the keys act on: the queue's or the list's. */
static const char *side_title(const wb *w)
{
	static char title[320];
	const char *name = wb_selected_name(w);

	if (!name)
		return _("Today");
	snprintf(title, sizeof title, _("Today · acting on %s"), name);
	return title;
}

const wb_screen_ops scr_today_ops = {
	.info = { N_("Today"), WB_LAYOUT_LIST_QUEUE, 45 },
	.home = true,
	.move = move,
	.side_height = side_height,
	.act = act,
	.selected = selected,
	.selected_name = selected_name,
	.click = click,
	.side_title = side_title,
};
