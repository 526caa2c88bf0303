#ifndef REPDESK_DB_FORECAST_H
#define REPDESK_DB_FORECAST_H
/* The forecast from the opportunities (forecast.c): what is expected to
 * close in a month, customer by customer (the month's plan); the win rate
 * and days to win of the opportunities closed in a window (report levers);
 * and each rep's open pipeline (the team report, from the book or the team
 * server). Every weight is the one of repdesk/opp.h: an opportunity's own
 * probability, else its stage's default (opp_stages). */

#include <stdbool.h>
#include <stdint.h>

#include "repdesk/date.h"
#include "repdesk/db/book.h"
#include "repdesk/opp.h"

/* The open opportunities of one customer expected to close in a range:
 * their count, their value and that value weighted by probability (fen). */
typedef struct {
	const char *customer_uid;
	long count;
	int64_t total, weighted;
} db_closing;
typedef bool (*db_closing_fn)(const db_closing *c, void *ctx);
/* Every customer (not deleted) with open opportunities (any rep's) whose
 * expected close is from FROM to TO (ISO days, inclusive), in no particular
 * order. */
db_status db_closing_each(db *d, const char *from, const char *to, db_closing_fn fn, void *ctx);

/* How many open opportunities the book has (any rep's, of customers not
 * deleted), into *N. */
db_status db_opp_open_count(db *d, long *n);

/* Feed into OUT (cleared first) every live opportunity of a customer not
 * deleted that closed, won or lost, from FROM to TO (its path's last day). */
db_status db_opp_stats_get(db *d, date_day from, date_day to, opp_stats *out);

/* One rep's open pipeline: COUNT opportunities worth TOTAL, WEIGHTED by
 * probability (fen). */
typedef struct {
	const char *rep_uid;
	long count;
	int64_t total, weighted;
} db_team_pipeline;
typedef bool (*db_team_pipeline_fn)(const db_team_pipeline *p, void *ctx);
/* Every rep with open opportunities on customers not deleted, in one pass:
 * from the book, or from the team server under db_team_use_server. */
db_status db_team_pipeline_each(db *d, db_team_pipeline_fn fn, void *ctx);

#endif
