/* The workbench's undo stack: each thing logged, changed or deleted is a
 * step; `u` asks, naming the step, before it takes the latest back, and redo
 * (U, Ctrl-R) does again what was undone. Undoing a row logged flags it
 * deleted and puts back a next-contact date it set; undoing an edit or a
 * deletion writes the row as it was (stamped anew, so it travels too). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/actfield.h"
#include "repdesk/custfield.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "wb_int.h"

static void row_free(actrow **r)
{
	if (*r) {
		actrow_free(*r);
		free(*r);
		*r = NULL;
	}
}

static void step_free(wb_undo *u)
{
	row_free(&u->before);
	row_free(&u->after);
	free(u->reason_before);
	free(u->reason_after);
	u->reason_before = u->reason_after = NULL;
}

static actrow *row_dup(db_activity_kind kind, const db_activity *a)
{
	actrow *r = malloc(sizeof *r);
	if (r && !actrow_copy(r, kind, a)) {
		free(r);
		r = NULL;
	}
	return r;
}

/* Drop the steps that could be redone, and the oldest when the stack is full. */
static wb_undo *step_new(wb *w)
{
	for (int i = w->nundo; i < w->nundo + w->nredo; i++)
		step_free(&w->undo[i]);
	w->nredo = 0;
	if (w->nundo == WB_UNDO_MAX) {
		step_free(&w->undo[0]);
		memmove(w->undo, w->undo + 1, (WB_UNDO_MAX - 1) * sizeof *w->undo);
		w->nundo--;
	}
	wb_undo *u = &w->undo[w->nundo++];
	memset(u, 0, sizeof *u);
	return u;
}

wb_undo *wb_undo_step(wb *w)
{
	return step_new(w);
}

static void step_name(wb *w, wb_undo *u)
{
	db_customer *c = db_customer_load(w->d, u->customer_uid);
	snprintf(u->name, sizeof u->name, "%s", c ? c->name : u->customer_uid);
	db_customer_free(c);
}

void wb_undo_push(wb *w, db_activity_kind kind, const db_activity *a, bool restore,
                  const char *next_before)
{
	if (!w->edit && (kind == DB_CALLS || kind == DB_VISITS))
		wb_queue_move_on(w, a->customer_uid);   /* the next call is the next row's */
	wb_undo *u = step_new(w);

	u->op = w->edit ? WB_UNDO_EDITED : WB_UNDO_LOGGED;
	u->kind = kind;
	snprintf(u->uid, sizeof u->uid, "%s", a->uid);
	snprintf(u->customer_uid, sizeof u->customer_uid, "%s", a->customer_uid);
	u->restore_next = restore && !w->edit;
	snprintf(u->next_before, sizeof u->next_before, "%s", next_before ? next_before : "");
	u->after = row_dup(kind, a);
	u->before = w->edit;           /* the edit's row as it was is the step's now */
	w->edit = NULL;
	step_name(w, u);
}

void wb_undo_push_delete(wb *w, actrow *before)
{
	wb_undo *u = step_new(w);

	u->op = WB_UNDO_DELETED;
	u->kind = before->kind;
	snprintf(u->uid, sizeof u->uid, "%s", before->a.uid);
	snprintf(u->customer_uid, sizeof u->customer_uid, "%s", before->a.customer_uid);
	u->before = before;
	step_name(w, u);
}

void wb_undo_free(wb *w)
{
	for (int i = 0; i < w->nundo + w->nredo; i++)
		step_free(&w->undo[i]);
	w->nundo = w->nredo = 0;
	row_free(&w->edit);
}

/* Write ROW back as it is (a deleted row comes back). */
static db_status row_write(wb *w, const actrow *row)
{
	int result;
	return row ? db_activity_upsert(w->d, row->kind, &row->a, &result) : DB_INVALID;
}

static db_status next_restore(wb *w, const wb_undo *u)
{
	db_customer c;
	int r;

	custfield_init(&c);
	c.name = "";
	snprintf(c.uid, sizeof c.uid, "%s", u->customer_uid);
	c.next_call = u->next_before;
	c.fields = DB_F_NEXT_CALL;
	return db_customer_upsert(w->d, &c, &r);
}

/* Take step U back (REDO false) or do it again. */
static bool step_apply(wb *w, const wb_undo *u, bool redo)
{
	db_status st = db_begin(w->d);

	if (st != DB_OK)
		return wb_commit(w, st);
	bool remove = (u->op == WB_UNDO_LOGGED && !redo) || (u->op == WB_UNDO_DELETED && redo);
	if (u->op == WB_UNDO_MOVED)
		st = wb_pipeline_undo(w, u, redo);
	else if (remove)
		st = db_activity_delete(w->d, u->kind, u->uid);
	else
		st = row_write(w, redo ? u->after : u->before);
	if (st == DB_OK && u->op == WB_UNDO_LOGGED && !redo && u->restore_next)
		st = next_restore(w, u);
	return wb_commit(w, st);
}

void wb_undo_last(wb *w)
{
	char title[256], brief[96];

	if (!w->nundo) {
		wb_message(w, false, "%s", _("Nothing logged since the workbench was opened."));
		return;
	}
	wb_undo *u = &w->undo[w->nundo - 1];
	if (u->op == WB_UNDO_MOVED) {
		wb_pipeline_undo_words(w, u, 'q', title, sizeof title);
		wb_ask_yes_no(w, WB_CONFIRM_UNDO, title);
		return;
	}
	wb_row_brief(u->op == WB_UNDO_LOGGED ? u->after : u->before, brief, sizeof brief);
	const char *noun = _(wb_kind_noun(u->kind));
	if (u->op == WB_UNDO_LOGGED)
		snprintf(title, sizeof title, _("Undo the %s logged for %s (%s)?"), noun, u->name, brief);
	else if (u->op == WB_UNDO_EDITED)
		snprintf(title, sizeof title, _("Undo the change to %s's %s (%s before)?"), u->name, noun, brief);
	else
		snprintf(title, sizeof title, _("Undo deleting %s's %s (%s)?"), u->name, noun, brief);
	wb_ask_yes_no(w, WB_CONFIRM_UNDO, title);
}

void wb_undo_confirmed(wb *w)
{
	if (!w->nundo)
		return;
	wb_undo *u = &w->undo[w->nundo - 1];
	if (!step_apply(w, u, false))
		return;
	w->nundo--;
	w->nredo++;
	wb_reload(w);
	if (u->op == WB_UNDO_MOVED)
		wb_pipeline_undo_words(w, u, 'u', w->msg, sizeof w->msg), w->msg_error = false;
	else
		wb_message(w, false, _("Undone: the %s."), _(wb_kind_noun(u->kind)));
}

void wb_redo(wb *w)
{
	if (!w->nredo) {
		wb_message(w, false, "%s", _("Nothing to redo."));
		return;
	}
	wb_undo *u = &w->undo[w->nundo];
	if (!step_apply(w, u, true))
		return;
	w->nundo++;
	w->nredo--;
	wb_reload(w);
	if (u->op == WB_UNDO_MOVED)
		wb_pipeline_undo_words(w, u, 'r', w->msg, sizeof w->msg), w->msg_error = false;
	else
		wb_message(w, false, _("Redone: the %s of %s."), _(wb_kind_noun(u->kind)), u->name);
}

void wb_undo_say_edit(wb *w)
{
	const wb_undo *u = w->nundo ? &w->undo[w->nundo - 1] : NULL;

	if (u && u->op == WB_UNDO_EDITED)
		wb_message(w, false, _("%s: the %s is changed (u undoes it)."), u->name, _(wb_kind_noun(u->kind)));
}
