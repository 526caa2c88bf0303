/* Fixing mistakes from the customer's file: the history's entries can be
 * selected (Tab to the file, then the arrows); `e` edits the one selected
 * with the same prompts as logging it, pre-filled, and `d` or Delete
 * deletes it after asking. Both are steps of the undo stack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/actfield.h"
#include "repdesk/db/activity.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/text.h"
#include "wb_int.h"

void wb_file_clear(wb_file_entries *f)
{
	f->n = 0;
}

bool wb_file_add(wb_file_entries *f, int line, db_activity_kind kind, const char *uid)
{
	if (f->n == f->cap) {
		int cap = f->cap ? f->cap * 2 : 32;
		wb_file_entry *v = realloc(f->v, (size_t)cap * sizeof *v);
		if (!v)
			return false;
		f->v = v;
		f->cap = cap;
	}
	wb_file_entry *e = &f->v[f->n++];
	e->line = line;
	e->kind = kind;
	snprintf(e->uid, sizeof e->uid, "%s", uid);
	return true;
}

/* Highlight the selected entry and keep it in view. */
static void show_selected(wb *w, const wb_file_entries *f)
{
	if (f->sel < 0) {
		w->lines_hl = -1;
		w->ltop = 0;
		return;
	}
	w->lines_hl = f->v[f->sel].line;
	if (w->lines_hl < w->ltop)
		w->ltop = w->lines_hl;
	if (w->lines_hl >= w->ltop + w->lheight)
		w->ltop = w->lines_hl - w->lheight + 1;
}

bool wb_file_move(wb *w, wb_file_entries *f, int delta)
{
	bool ends = delta >= 1 << 29 || delta <= -(1 << 29);    /* Home, End */
	if (f->n <= 0 || (!ends && (delta > 1 || delta < -1)))  /* pages scroll the file */
		return false;
	int s = ends ? (delta > 0 ? f->n - 1 : -1) : f->sel + delta;
	if (s < -1)
		s = -1;
	if (s >= f->n)
		s = f->n - 1;
	f->sel = s;
	show_selected(w, f);
	return true;
}

void wb_file_shown(wb *w, wb_file_entries *f)
{
	if (f->sel >= f->n)
		f->sel = f->n - 1;
	if (f->sel >= 0)
		show_selected(w, f);
}

static void edit_drop(wb *w)
{
	if (w->edit) {
		actrow_free(w->edit);
		free(w->edit);
		w->edit = NULL;
	}
}

void wb_edit_drop(wb *w)
{
	edit_drop(w);
}

void wb_row_brief(const actrow *r, char *out, size_t outsz)
{
	char what[64] = "", money[MONEY_BUFSZ];

	if (!r) {
		snprintf(out, outsz, "%s", "");
		return;
	}
	if (r->kind == DB_ORDERS || r->kind == DB_PAYMENTS)
		snprintf(what, sizeof what, "%s", money_format(r->a.amount, money, sizeof money));
	else if (r->a.outcome[0])
		snprintf(what, sizeof what, "%s", wb_outcome_label(r->a.outcome));
	else if (text_width(r->a.text) > 24)
		text_fit(r->a.text, 24, false, what, sizeof what);
	else
		snprintf(what, sizeof what, "%s", r->a.text);
	snprintf(out, outsz, "%s%s%s", r->a.date, what[0] ? ", " : "", what);
}

/* The selected entry's row, read from the book (NULL with the reason shown). */
static actrow *selected_row(wb *w, const wb_file_entries *f)
{
	const wb_file_entry *e = &f->v[f->sel];
	actrow *r = malloc(sizeof *r);

	if (!r) {
		wb_message(w, true, "%s", _("out of memory"));
		return NULL;
	}
	if (actrow_load(w->d, e->kind, e->uid, r) != DB_OK) {
		wb_message(w, true, "%s", db_error(w->d));
		free(r);
		return NULL;
	}
	return r;
}

static int ask_delete(wb *w, actrow *r)
{
	char title[256], brief[96];

	edit_drop(w);
	w->edit = r;
	wb_row_brief(r, brief, sizeof brief);
	snprintf(title, sizeof title, _("Delete this %s (%s)?"), _(wb_kind_noun(r->kind)), brief);
	wb_ask_yes_no(w, WB_CONFIRM_DELETE, title);
	return WB_REACT_REDRAW;
}

int wb_file_act(wb *w, wb_file_entries *f, wb_action a)
{
	if (w->pane != WB_PANE_SIDE || f->sel < 0 || f->sel >= f->n)
		return -1;
	if (a != WB_A_EDIT && a != WB_A_DELETE && a != WB_A_TIER_D)
		return -1;
	actrow *r = selected_row(w, f);
	if (!r)
		return WB_REACT_STATUS;
	if (a != WB_A_EDIT)
		return ask_delete(w, r);
	for (int k = 0; k < wb_nkinds; k++)
		if (wb_kinds[k].kind == r->kind) {
			wb_ask_edit(w, wb_kinds[k].action, r);
			return WB_REACT_REDRAW;
		}
	actrow_free(r);
	free(r);
	return WB_REACT_STATUS;
}

void wb_edit_delete_confirmed(wb *w, bool yes)
{
	actrow *r = w->edit;

	if (!r)
		return;
	if (!yes) {
		edit_drop(w);
		wb_message(w, false, "%s", _("Nothing deleted."));
		return;
	}
	db_status st = db_begin(w->d);
	if (st == DB_OK)
		st = db_activity_delete(w->d, r->kind, r->a.uid);
	if (!wb_commit(w, st)) {
		edit_drop(w);
		return;
	}
	w->edit = NULL;
	wb_undo_push_delete(w, r);
	wb_reload(w);
	wb_message(w, false, _("Deleted: the %s (u undoes it)."), _(wb_kind_noun(r->kind)));
}

const char *wb_edit_prefill(wb *w, const char *field, char *buf, size_t bufsz)
{
	const db_activity *a = w->edit ? &w->edit->a : NULL;

	if (!a)
		return "";
	if (strcmp(field, "amount") == 0) {
		/* As a rep types it: 12000, not 12000.00. */
		if (a->amount % 100 == 0)
			snprintf(buf, bufsz, "%lld", (long long)(a->amount / 100));
		else
			money_format(a->amount, buf, bufsz);
		return buf;
	}
	if (strcmp(field, "volume") == 0) {
		if (!a->has_volume)
			return "";
		snprintf(buf, bufsz, "%lld", (long long)a->volume);
		return buf;
	}
	if (strcmp(field, "due") == 0)
		return a->due;
	if (strcmp(field, "next_call") == 0)
		return a->next_call;
	if (strcmp(field, "place") == 0)
		return a->place;
	if (strcmp(field, "note") == 0)
		return a->text;
	return "";
}
