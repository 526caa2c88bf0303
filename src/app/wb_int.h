#ifndef REPDESK_WB_INT_H
#define REPDESK_WB_INT_H
/* Shared inside the workbench's app files; not for the UI. */

#include <stdarg.h>
#include "repdesk/db/activity.h"
#include "repdesk/db/today.h"
#include "repdesk/wb.h"

/* Queue entries ranked and kept; the screen shows the first of them. */
#define WB_QUEUE_MAX 2000

/* ---- screens as operations ----
 * Each screen is one file (scr_*.c) giving one of these; the table in
 * wb_screens.c lists them in tab order. What a screen leaves NULL, the
 * workbench does the common way. */
typedef struct {
	wb_screen_info info;
	bool home;                   /* Esc comes back to it */
	size_t state_size;           /* its own state (w->scr[]), zeroed at open */
	void (*fini)(wb *w);         /* free what its state holds */
	void (*reload)(wb *w);       /* the book changed: drop what was read */
	void (*side)(wb *w);         /* rebuild the side text if it is stale */
	/* Move the side pane's selection; false: the side text scrolls. */
	bool (*move)(wb *w, int delta);
	int (*side_height)(const wb *w);       /* rows of the side pane's page */
	/* An action the screen does its own way (open, back, replan...):
	 * WB_REACT_* flags, or -1 when the common way applies. */
	int (*act)(wb *w, wb_action a);
	const char *(*selected)(const wb *w);  /* the side pane's customer */
	const char *(*selected_name)(const wb *w);  /* and its name */
	void (*click)(wb *w, int index);       /* a click on the side pane */
	const char *(*side_title)(const wb *w);
	/* The side pane's size changed (wb_set_heights, wb_set_width): lay
	 * out its text again for it. */
	void (*relayout)(wb *w);
	/* The answer to the screen's own question (wb_ask_screen_line): WB_REACT_*
	 * flags, or -1 to keep asking (W->ask.error says why). */
	int (*answer)(wb *w, const char *text);
} wb_screen_ops;

extern const wb_screen_ops scr_today_ops, scr_customers_ops, scr_plan_ops, scr_team_ops,
                           scr_pipeline_ops;

const wb_screen_ops *wb_ops(const wb *w);
const wb_screen_ops *wb_ops_of(wb_screen s);
/* Allocate (open) and free (close) every screen's own state. */
bool wb_screens_init(wb *w);
void wb_screens_fini(wb *w);
void wb_screens_reload(wb *w);

/* ---- Today (scr_today.c): its data heads every screen ---- */
void wb_today_load(wb *w);
/* The same after the queue's filters changed: from the whole queue's order
 * kept by the last load when the book is as it was. */
void wb_today_narrow(wb *w);
void wb_today_free(wb *w);
/* An outcome is being logged on UID: when it is the queue's selected entry,
 * the queue moves on to the next one at the next load. */
void wb_queue_move_on(wb *w, const char *uid);
/* Read the phones of the entries in view. */
void wb_queue_phones(wb *w);
/* UID's entry in the queue loaded and its rank (from 1), or NULL. */
const wb_queue_row *wb_queue_find(const wb *w, const char *uid, size_t *rank);

/* The month plan the Plan screen read, or NULL (scr_plan.c). */
const planbook *wb_plan_book(wb *w);

/* ---- the outcome and kind tables (wb_kinds.c) ---- */
extern const wb_choice wb_outcomes[];
extern const int wb_noutcomes;
/* The translated label of a saved outcome (the value itself when unknown). */
const char *wb_outcome_label(const char *value);
/* What the workbench logs: the key's action and the words for it. */
typedef struct {
	db_activity_kind kind;
	wb_action action;
} wb_kind;
extern const wb_kind wb_kinds[];
extern const int wb_nkinds;
const char *wb_kind_noun(db_activity_kind kind);

/* ---- the side text (wb_side.c) ---- */
typedef struct {
	char **v;
	int n, cap;
	bool nomem;
} wb_text;

void wb_text_add(wb_text *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "LABEL  value" with the label padded to WIDTH columns. */
void wb_text_field(wb_text *L, const char *label, const char *value, int width);
void wb_text_free(wb_text *L);
/* L becomes the side text (the workbench owns it now). */
void wb_text_show(wb *w, wb_text *L);
const char *wb_yuan(int64_t fen, char *buf);

/* The figures row of UID in the list window, or NULL; its month target. */
const db_today_row *wb_today_row(const wb *w, const char *uid);
int64_t wb_customer_target(const wb *w, const char *uid);

void wb_message(wb *w, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Rebuild the side text (the customer's file, the plan) if it is stale. */
void wb_side_update(wb *w);
void wb_lines_free(wb *w);
void wb_list_goto(wb *w, const char *uid);
/* Show the selected customer's file on the Customers screen. */
int wb_open_customer(wb *w);
/* End the transaction a write began: committed when ST is fine, else rolled
 * back with the reason on the message line. */
bool wb_commit(wb *w, db_status st);
/* ---- undo (wb_undo.c) ---- */
/* Ask whether to undo the latest step, naming it; wb_undo_confirmed does it. */
void wb_undo_last(wb *w);
void wb_undo_confirmed(wb *w);
void wb_redo(wb *w);
/* Remember row A of KIND just logged (or, while W->edit is set, changed: the
 * step takes W->edit); RESTORE: it set the customer's next contact, which
 * was NEXT_BEFORE. */
void wb_undo_push(wb *w, db_activity_kind kind, const db_activity *a, bool restore,
                  const char *next_before);
/* A new step on top of the stack, zeroed, for a screen to fill (the steps
 * that could be redone are dropped). */
wb_undo *wb_undo_step(wb *w);
/* Remember the row BEFORE (owned by the step now) just deleted. */
void wb_undo_push_delete(wb *w, actrow *before);
void wb_undo_free(wb *w);
/* When the latest step is an edit, the message line says so. */
void wb_undo_say_edit(wb *w);

/* Take back (REDO false) or do again an opportunity's move, step U
 * (scr_pipeline.c), inside the caller's transaction. */
db_status wb_pipeline_undo(wb *w, const wb_undo *u, bool redo);
/* Words for step U, an opportunity's move: the undo question (WHAT 'q'),
 * or what was undone ('u') or redone ('r'). */
void wb_pipeline_undo_words(wb *w, const wb_undo *u, int what, char *out, size_t outsz);

/* A line asked on the prompt line for the current screen: its answer goes
 * to the screen's own answer operation. */
void wb_ask_screen_line(wb *w, const char *title, const char *initial);

/* A yes/no question on the prompt line; y goes to what WHAT names. */
enum { WB_CONFIRM_UNDO, WB_CONFIRM_DELETE };
void wb_ask_yes_no(wb *w, int what, const char *title);

/* ---- the customer's file: its history entries (wb_edit.c) ---- */
typedef struct {
	int line;                    /* into the side text */
	db_activity_kind kind;
	char uid[UID_BUFSZ];
} wb_file_entry;

typedef struct {
	wb_file_entry *v;
	int n, cap;
	int sel;                     /* the entry selected, -1: none */
} wb_file_entries;

/* Forget the entries (the file is read again); add one shown at LINE. */
void wb_file_clear(wb_file_entries *f);
bool wb_file_add(wb_file_entries *f, int line, db_activity_kind kind, const char *uid);
/* Move the selection among the entries by one; false when there are none
 * or DELTA is a page (the file scrolls). */
bool wb_file_move(wb *w, wb_file_entries *f, int delta);
/* e and d (or Delete) on a selected entry: WB_REACT_* flags, or -1 when no
 * entry is selected. */
int wb_file_act(wb *w, wb_file_entries *f, wb_action a);
/* The file was shown again: the selection highlighted, kept in range. */
void wb_file_shown(wb *w, wb_file_entries *f);
/* The answer to "Delete this ...?" (W->edit holds the row). */
void wb_edit_delete_confirmed(wb *w, bool yes);
/* The text an edit pre-fills a prompt with (FIELD a registry column), or ""
 * when no edit is open. BUF holds at least MONEY_BUFSZ. */
const char *wb_edit_prefill(wb *w, const char *field, char *buf, size_t bufsz);
/* Forget the row an edit or a deletion was about (W->edit). */
void wb_edit_drop(wb *w);
/* A row in a few words: its date, then its amount, outcome or text. */
void wb_row_brief(const actrow *r, char *out, size_t outsz);
/* Open action A's prompts (call, order...) to change ROW (owned now). */
void wb_ask_edit(wb *w, wb_action a, actrow *row);
/* Read today's figures for the list window again if its rows changed. */
void wb_figures_sync(wb *w);
/* The search or tier filter changed: the list from its start. */
void wb_filter_changed(wb *w);
void wb_ask_start(wb *w, wb_action a);
/* Filter the list by TEXT, clauses with ';' between (wb_filter.c); "" drops
 * the filters. False, with the reason in ERR, when a clause is not one:
 * the filters are then as they were. */
bool wb_filter_set(wb *w, const char *text, char *err, size_t errsz);
/* The filter prompt's question: an example, or the saved segments' names
 * when there are some. Into OUT, returned. */
const char *wb_filter_title(wb *w, char *out, size_t outsz);
/* Narrow today's queue to TEXT (a segment's name or clauses, as the filter
 * prompt takes them) for the day; "" or "0" widens it to the whole queue.
 * False, with the reason in ERR, when a clause is not one. */
bool wb_queue_filter_set(wb *w, const char *text, char *err, size_t errsz);
/* The queue prompt's question, naming the saved segments. */
const char *wb_queue_filter_title(wb *w, char *out, size_t outsz);
/* Tab in the filter prompts: L becomes the name of the saved segment after
 * the one it holds (by name, the first after the last); false when there
 * are none. */
bool wb_filter_next_segment(wb *w, wb_line *l);
/* Read the saved segments' names into W->segments. */
void wb_segments_read(wb *w);
/* Characters (code points) in the LEN bytes of S (wb_line.c). */
size_t wb_count_chars(const char *s, size_t len);

/* ---- the customer form's choice lists (wb_choices.c) ---- */

/* Add a field for each attribute with a choice list, with C's value. */
void wb_form_choice_fields(wb *w, const db_customer *c);
/* Whether the form has a field of its own for attribute KEY. */
bool wb_form_has_attr(const wb_ask *a, const char *key);
/* Whether each of ATTRS holds one of its choices; else the form's error
 * says which and the cursor goes to the attributes line. */
bool wb_form_choices_ok(wb *w, const db_attr *attrs, size_t n);
/* A key on the choice field F. */
int wb_form_choice_key(wb *w, wb_form_field *f, wb_key k);

#endif
