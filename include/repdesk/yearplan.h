#ifndef REPDESK_YEARPLAN_H
#define REPDESK_YEARPLAN_H
/* The year plan (docs/guide.md §6): a year's target split over its twelve
 * months by the planner's exact rule (plan_apportion), months fixed by hand
 * kept, and what is left of the year re-spread over the months still open.
 * Pure: never I/O, the clock, globals or floating point. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repdesk/calendar.h"

#define YEAR_MONTHS 12

typedef enum { YEAR_SEASONAL, YEAR_WORKDAYS, YEAR_EVEN } year_method;

/* "seasonal", "working-days", "even". */
const char *year_method_name(year_method m);
bool year_method_parse(const char *s, year_method *m);

/* Outcomes, with a short untranslated reason (year_status_text). */
#define YEAR_X_STATUS(_) \
	_(YEAR_OK,          "ok") \
	_(YEAR_E_TARGET,    "the target must be between 0 and 10,000,000,000,000 yuan") \
	_(YEAR_E_FIXED,     "a fixed month is out of range") \
	_(YEAR_E_OVER,      "the fixed months add up to more than the year's target") \
	_(YEAR_E_ALL_FIXED, "every month is fixed but they do not add up to the year's target") \
	_(YEAR_E_WEIGHT,    "a month's weight is negative or too large") \
	_(YEAR_E_NOMEM,     "out of memory")

#define YEAR_ENUM(name, msg) name,
typedef enum { YEAR_X_STATUS(YEAR_ENUM) } year_status;
#undef YEAR_ENUM

const char *year_status_text(year_status st);

/* Parse "1=30万,2=200000,12=¥15,000.50" (spaces fine) into FIXED[0..11]:
 * the fen of each month named, -1 for the others. On error false with the
 * reason in ERR (a month not 1..12, a month given twice, an amount that is
 * not one or is negative, a missing '='). */
bool year_months_parse(const char *text, int64_t fixed[YEAR_MONTHS], char *err, size_t errsz);

/* The months' weights for METHOD: SEASONAL, LAST_YEAR[i] (the orders of each
 * month of the year before, fen; negatives count 0, each capped at the
 * largest amount); WORKDAYS, the working days of each month of year Y in CAL;
 * EVEN, 1 each. */
void year_weights(year_method method, const int64_t last_year[YEAR_MONTHS], const calendar *cal,
                  int y, int64_t weights[YEAR_MONTHS]);

/* Whether the year before has orders in each of its twelve months: then
 * SEASONAL is the default method, else WORKDAYS. */
bool year_seasonal_default(const int64_t last_year[YEAR_MONTHS]);

/* Split TARGET fen (0..MONEY_MAX_FEN) over the twelve months: the months with
 * FIXED[i] >= 0 keep that figure (FIXED may be NULL: none), the rest of the
 * target goes to the other months in proportion to WEIGHTS by the planner's
 * exact rule (equally when all their weights are 0; the earlier month first
 * among equal fractions). OUT[0..11] sums exactly to TARGET. */
year_status year_split(int64_t target, const int64_t weights[YEAR_MONTHS],
                       const int64_t fixed[YEAR_MONTHS], int64_t out[YEAR_MONTHS]);

/* The year must still be made: what is left of the year's target (the sum
 * of TARGET) after ACHIEVED in the months already over (those before
 * FIRST_OPEN, 0..12: 0 when the year has not begun, 12 when it is over)
 * re-spread over the months from FIRST_OPEN on, in proportion to their
 * targets (equally when those are all 0). OUT[i] is -1 for a month already
 * over, 0 for every open month once the year's target is reached. The open
 * months' figures sum exactly to what is left. */
year_status year_respread(const int64_t target[YEAR_MONTHS], const int64_t achieved[YEAR_MONTHS],
                          int first_open, int64_t out[YEAR_MONTHS]);

#endif
