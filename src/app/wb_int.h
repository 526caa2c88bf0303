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
	void (*click)(wb *w, int index);       /* a click on the side pane */
	const char *(*side_title)(const wb *w);
} wb_screen_ops;

extern const wb_screen_ops scr_today_ops, scr_customers_ops, scr_plan_ops, scr_team_ops;

const wb_screen_ops *wb_ops(const wb *w);
const wb_screen_ops *wb_ops_of(wb_screen s);
/* Allocate (open) and free (close) every screen's own state. */
bool wb_screens_init(wb *w);
void wb_screens_fini(wb *w);
void wb_screens_reload(wb *w);

/* ---- Today (scr_today.c): its data heads every screen ---- */
void wb_today_load(wb *w);
void wb_today_free(wb *w);

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
void wb_undo_last(wb *w);
/* Remember row A of KIND just logged; RESTORE: it set the customer's next
 * contact, which was NEXT_BEFORE. */
void wb_undo_push(wb *w, db_activity_kind kind, const db_activity *a, bool restore,
                  const char *next_before);
/* Read today's figures for the list window again if its rows changed. */
void wb_figures_sync(wb *w);
/* The search or tier filter changed: the list from its start. */
void wb_filter_changed(wb *w);
void wb_ask_start(wb *w, wb_action a);

#endif
