#ifndef REPDESK_DB_YEARPLAN_H
#define REPDESK_DB_YEARPLAN_H
/* What the store keeps for the year plan (yearrows.c): the book's orders by
 * month, and the year's month targets, saved as synced targets rows of level
 * 'year' (scope 'month', key '', month each YYYY-MM of the year) so they
 * travel in bundles like any plan. A month's own plan never touches them. */

#include <stdbool.h>
#include <stdint.h>
#include "repdesk/db/book.h"
#include "repdesk/yearplan.h"

/* The level a year plan's rows are saved at. */
#define DB_YEAR_LEVEL "year"

/* The orders (fen) of each month of year Y in the whole book, from the
 * month rollup (a row a rep and month). */
db_status db_year_orders(db *d, int y, int64_t out[YEAR_MONTHS]);

typedef struct {
	bool present[YEAR_MONTHS];   /* the month has a year-plan row */
	int64_t target[YEAR_MONTHS]; /* fen; 0 where not present */
	bool fixed[YEAR_MONTHS];     /* fixed by hand (--months) */
	char method[16];             /* how the rest was spread: year_method_name */
} db_year_plan;

/* The current rep's year plan of Y into OUT; *EXISTS whether any month has
 * one. */
db_status db_year_plan_load(db *d, int y, db_year_plan *out, bool *exists);
/* Save the current rep's year plan of Y (every month present), in one
 * transaction, writing only the rows that changed. */
db_status db_year_plan_save(db *d, int y, const db_year_plan *p);
/* The current rep's year-plan target of month Y-M into *FEN; *FOUND false
 * when there is none. */
db_status db_year_month_target(db *d, int y, int m, int64_t *fen, bool *found);

/* Year to date for the team report: per rep, the targets of the months of
 * the year of MONTH up to it (the year plan's figure where there is one,
 * else the month plan's base target) and the orders of those months. */
typedef struct {
	const char *rep_uid;
	int64_t target;
	int64_t achieved;
} db_team_ytd;
typedef bool (*db_team_ytd_fn)(const db_team_ytd *r, void *ctx);
db_status db_team_ytd_each(db *d, const char *month, db_team_ytd_fn fn, void *ctx);

#endif
