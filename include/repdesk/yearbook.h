#ifndef REPDESK_YEARBOOK_H
#define REPDESK_YEARBOOK_H
/* A year's plan for the book: the year's target over its months (the pure
 * split, yearplan.h) from the book's orders and the calendar, saved as the
 * year's month targets, and read back with what the orders have achieved
 * and what is left of the year re-spread over the months still open.
 * Never prints. */

#include <stdbool.h>
#include <stdint.h>
#include "repdesk/calendar.h"
#include "repdesk/date.h"
#include "repdesk/db/book.h"
#include "repdesk/status.h"
#include "repdesk/yearplan.h"

typedef struct {
	int y;
	year_method method;
	bool seasonal_default;       /* the book has orders in each month of the year before */
	int64_t total;               /* fen: the year's target */
	int64_t target[YEAR_MONTHS];
	bool fixed[YEAR_MONTHS];     /* fixed by hand */
	int workdays[YEAR_MONTHS];
	int64_t achieved[YEAR_MONTHS];       /* orders of the month, fen */
	int64_t last_year[YEAR_MONTHS];      /* orders of the same month a year before */
	int64_t cum_target[YEAR_MONTHS], cum_achieved[YEAR_MONTHS];
	int64_t respread[YEAR_MONTHS];       /* -1: the month is over */
	int64_t achieved_total;
	int first_open;              /* 0..12: the months before it are over */
	int current;                 /* today's month 1..12 when today is in the year, else 0 */
	bool estimated;              /* the year's holidays are estimated */
	bool covered;                /* the calendar's file covers the year */
} yearbook;

/* Plan year Y for TARGET fen by METHOD (NULL: seasonal where the book has
 * orders in every month of the year before, else working days), FIXED the
 * months set by hand (-1: not; NULL: none). TODAY places the months already
 * over. The calendar must cover or estimate Y. STATUS_USAGE with the reason
 * in ERR for a plan that cannot be made (fixed months over the target,
 * seasonal with no orders the year before). */
status_code yearbook_make(db *d, const calendar *cal, int y, int64_t target,
                          const year_method *method, const int64_t fixed[YEAR_MONTHS],
                          date_day today, yearbook *out, char *err, size_t errsz);
/* Save YB as the year's plan, replacing an earlier one. */
status_code yearbook_save(db *d, const yearbook *yb, char *err, size_t errsz);
/* The saved plan of Y with the orders so far; STATUS_NOINPUT when none. */
status_code yearbook_load(db *d, const calendar *cal, int y, date_day today, yearbook *out,
                          char *err, size_t errsz);
/* Whether Y has a saved year plan. */
status_code yearbook_exists(db *d, int y, bool *exists, char *err, size_t errsz);

/* One month of the plan as the CSV and workbooks give it. */
typedef struct {
	char month[12];              /* YYYY-MM */
	int workdays;
	int64_t target, achieved, cum_target, cum_achieved;
	int64_t respread;            /* -1: the month is over (an empty cell) */
	bool fixed, current;
} yearbook_row;

/* The twelve rows of YB, January first. */
void yearbook_rows(const yearbook *yb, yearbook_row out[YEAR_MONTHS]);

#endif
