#ifndef REPDESK_TEAM_H
#define REPDESK_TEAM_H
/* Team standings (docs/guide.md §10): progress against target, pace against the
 * working days elapsed, group totals and the ranking of groups and reps.
 * Pure: figures come in as plain rows, the calendar's counts as numbers;
 * no I/O, no global state, integer arithmetic only. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repdesk/uid.h"

/* "No value" for a ratio (no target, or no working day elapsed yet). */
#define TEAM_NONE (-1)

typedef struct {
	char group[128];
	char rep[128];               /* "*" on a group's total row */
	char rep_uid[UID_BUFSZ];     /* "" on a total row */
	int64_t target;              /* fen: the month's base target; 0 without a plan */
	int64_t achieved;            /* fen: orders of the month */
	int calls, effective, deals;
	int64_t collected;           /* fen: payments of the month */
	int visits;
	int64_t ytd_target;          /* fen: the year's months up to this one (the year
	                              * plan's figure, else the month's base target) */
	int64_t ytd_achieved;        /* fen: orders of those months */
	int64_t pipeline;            /* fen: open opportunities, as they stand now */
	int64_t weighted;            /* fen: those weighted by probability (the forecast) */
	char bundle_date[20];        /* YYYY-MM-DD their latest bundle was added; "" for
	                              * none (the book's own rep, a total row) */
	bool stale;                  /* that bundle is older than the report's day */
	/* Set by team_rank: */
	int rank;                    /* group rank on a total row, else rank in the group
	                              * (or among all reps, by rep) */
	bool total;
	int progress;                /* achieved / target in hundredths, or TEAM_NONE */
	int pace;                    /* achieved / (target x elapsed / workdays) in
	                              * hundredths (100 = on pace), or TEAM_NONE */
} team_row;

/* NUM / DEN in hundredths, rounded half up; TEAM_NONE when DEN <= 0.
 * Capped at 99999 (a target of a fen met by a fortune). */
int team_ratio(int64_t num, int64_t den);
/* Pace as the guide gives it (§10): ACHIEVED / (TARGET x ELAPSED / WORKDAYS), where
 * ELAPSED counts the month's working days up to and including the report
 * date. TEAM_NONE without a target or before the first working day. */
int team_pace(int64_t achieved, int64_t target, int elapsed, int workdays);

/* Rank REPS[0..N) (the caller's rows, left as they are) into OUT, which has
 * room for 2 x N rows: each group's total row (rep "*"), groups ranked by
 * progress, followed by its reps ranked by progress; with BY_REP only the
 * reps, all ranked together. Ties: more achieved first, then by name. A row
 * without a target ranks after those with one. Returns the rows written, or
 * (size_t)-1 when out of memory. */
size_t team_rank(const team_row *reps, size_t n, int elapsed, int workdays, bool by_rep,
                 team_row *out);

#endif
