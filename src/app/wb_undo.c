/* The workbench's undo: what each thing logged was, so the last of them
 * can be taken back (the row flagged deleted, a next-contact date it set
 * put back). */
#include <stdio.h>
#include <string.h>

#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/custfield.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "wb_int.h"

void wb_undo_push(wb *w, db_activity_kind kind, const db_activity *a, bool restore,
                  const char *next_before)
{
	if (w->nundo == WB_UNDO_MAX) {
		memmove(w->undo, w->undo + 1, (WB_UNDO_MAX - 1) * sizeof *w->undo);
		w->nundo--;
	}
	wb_undo *u = &w->undo[w->nundo++];
	u->kind = kind;
	snprintf(u->uid, sizeof u->uid, "%s", a->uid);
	snprintf(u->customer_uid, sizeof u->customer_uid, "%s", a->customer_uid);
	u->restore_next = restore;
	snprintf(u->next_before, sizeof u->next_before, "%s", next_before ? next_before : "");
}

void wb_undo_last(wb *w)
{
	if (!w->nundo) {
		wb_message(w, false, "%s", _("Nothing logged since the workbench was opened."));
		return;
	}
	wb_undo *u = &w->undo[w->nundo - 1];
	db_status st = db_begin(w->d);
	if (st == DB_OK)
		st = db_activity_delete(w->d, u->kind, u->uid);
	if (st == DB_OK && u->restore_next) {
		db_customer c;
		int r;
		custfield_init(&c);
		c.name = "";
		snprintf(c.uid, sizeof c.uid, "%s", u->customer_uid);
		c.next_call = u->next_before;
		c.fields = DB_F_NEXT_CALL;
		st = db_customer_upsert(w->d, &c, &r);
	}
	if (!wb_commit(w, st))
		return;
	w->nundo--;
	wb_reload(w);
	wb_message(w, false, _("Undone: the %s."), _(wb_kind_noun(u->kind)));
}
