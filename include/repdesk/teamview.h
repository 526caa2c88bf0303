#ifndef REPDESK_TEAMVIEW_H
#define REPDESK_TEAMVIEW_H
/* The team report (docs/guide.md §10) as the command line and the Team screen show
 * it: every rep's month from the store's per-rep, per-day rollup, the
 * working days of the calendar for pace, ranked by core/team. Also one rep's
 * month day by day. Never prints. */

#include <stdbool.h>
#include <stddef.h>

#include "repdesk/calendar.h"
#include "repdesk/db/book.h"
#include "repdesk/plan.h"
#include "repdesk/status.h"
#include "repdesk/team.h"

typedef struct {
	int y, m;
	date_day date;                 /* the report date: pace counts working days up to it */
	int workdays, elapsed;       /* the month's working days; those up to DATE */
	bool covered;                /* the calendar knows the month (else Mon-Fri) */
	bool estimated;              /* its holidays are estimated (calendar_estimated) */
	team_row *rows;              /* ranked: group totals and reps (see team_rank) */
	size_t n;
	team_row *day;               /* with teamview_load_day: each rep's figures of
	                              * DATE alone, unranked, NDAY of them */
	size_t nday;
	bool synced;                 /* read from the team server: BUNDLE_DATE is the last sync */
} teamview;

/* Load month Y-M as of TODAY (the report date is TODAY inside the month, the
 * month's last day after it, the day before it before it). BY_REP: rank the
 * reps together, without group totals. Free with teamview_free. */
status_code teamview_load(db *d, const calendar *cal, int y, int m, date_day today, bool by_rep,
                        teamview *out, char *err, size_t errsz);
/* The same for DAY's month as of DAY, plus each rep's figures of DAY. */
status_code teamview_load_day(db *d, const calendar *cal, date_day day, teamview *out, char *err,
                            size_t errsz);
void teamview_free(teamview *t);
/* The day figures of the rep REP_UID (teamview_load_day), or NULL. */
const team_row *teamview_day_of(const teamview *t, const char *rep_uid);

/* A bar of WIDTH cells for a ratio in hundredths (100 = full), of █ and ░,
 * into OUT (3 x WIDTH + 1 bytes). TEAM_NONE gives an empty bar. */
char *teamview_bar(int hundredths, int width, char *out, size_t outsz);

/* One rep's month, day by day: the plan's day targets (0 without a plan)
 * and the re-spread ones (plan_respread_days as of UPTO, what "met" is
 * judged by) against the day's orders, effective calls and deals. */
typedef struct {
	plan_day_row days[PLAN_MAX_DAYS];
	int64_t respread[PLAN_MAX_DAYS];
	int effective[PLAN_MAX_DAYS], deals[PLAN_MAX_DAYS];
	int ndays;
	int64_t target;
} teamview_month;
status_code teamview_rep_month(db *d, const calendar *cal, const team_row *rep, int y, int m,
                             date_day upto, teamview_month *out, char *err, size_t errsz);
/* N a day over ELAPSED working days, with one decimal ("2.5"), or "-"
 * before the first working day. */
char *teamview_per_day(int n, int elapsed, char *out, size_t outsz);

#endif
