#ifndef REPDESK_DB_PIPELINE_H
#define REPDESK_DB_PIPELINE_H
/* What the workbench's Pipeline screen reads (pipeline.c): the open
 * opportunities of the book's own rep whose customers pass a filter, as a
 * summary by stage, a page of cards, the next steps due and the stuck.
 * Each read is one statement bounded by what a screen shows, however many
 * opportunities the book holds. */

#include <stdint.h>

#include "repdesk/date.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/opps.h"
#include "repdesk/opp.h"

/* The open stages: count, value and probability-weighted value of each. */
typedef struct {
	long count[OPP_OPEN_COUNT];
	int64_t total[OPP_OPEN_COUNT], weighted[OPP_OPEN_COUNT];
} db_pipeline_stages;

/* F (may be NULL: every customer) filters by the customer: its tiers, its
 * search and its clauses, as the customer list does. */
db_status db_pipeline_stages_get(db *d, const db_filter *f, db_pipeline_stages *out);

/* Up to LIMIT cards of stage ST from the OFFSET-th, in the order of
 * db_opps_each (expected close, none last, then title). The records carry
 * the card's fields (uid, customer, title, value, stage, probability,
 * close, next step, path and since); valid during the call only. */
db_status db_pipeline_cards(db *d, const db_filter *f, opp_stage st, long offset, int limit,
                            db_opp_fn fn, void *ctx);

/* Where opportunity UID stands: its stage and the number of cards before
 * it in that stage. DB_NOT_FOUND when it is not an open card F shows. */
db_status db_pipeline_where(db *d, const db_filter *f, const char *uid, opp_stage *st, long *index);

/* Open opportunities whose next step is due by TODAY (its day on or before
 * it), the longest overdue first: up to LIMIT, and *TOTAL of them. */
db_status db_pipeline_due(db *d, const db_filter *f, date_day today, int limit, db_opp_fn fn,
                          void *ctx, long *total);

/* Open opportunities in their stage longer than its usual days on TODAY,
 * the furthest past it first: up to LIMIT, and *TOTAL of them. */
db_status db_pipeline_stuck(db *d, const db_filter *f, date_day today, int limit, db_opp_fn fn,
                            void *ctx, long *total);

#endif
