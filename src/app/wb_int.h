#ifndef REPDESK_WB_INT_H
#define REPDESK_WB_INT_H
/* Shared inside the workbench's app files; not for the UI. */

#include <stdarg.h>
#include "repdesk/workbench.h"

/* Queue entries ranked and kept; the screen shows the first of them. */
#define WB_QUEUE_MAX 2000

void wb_message(wb *w, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Rebuild the side text (the customer's file, the plan) if it is stale. */
void wb_side_update(wb *w);
void wb_lines_free(wb *w);
void wb_list_goto(wb *w, const char *uid);
void wb_undo_last(wb *w);
/* Read today's figures for the list window again if its rows changed. */
void wb_figures_sync(wb *w);
/* The search or tier filter changed: the list from its start. */
void wb_filter_changed(wb *w);
void wb_ask_start(wb *w, wb_action a);

#endif
