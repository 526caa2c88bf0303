#ifndef REPDESK_OPP_H
#define REPDESK_OPP_H
/* Opportunities: a potential deal on a customer moving through stages, from
 * a lead to won or lost. The stages, their default probabilities and the
 * days an opportunity usually spends in each; the path an opportunity took
 * (the day it entered each stage), kept with its row; what the pipeline is
 * worth weighted by probability; and, over many opportunities, the win rate
 * and the days to win from each stage (report levers).
 * Pure: no SQL, no I/O, no allocation. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repdesk/date.h"

typedef enum {
	OPP_LEAD, OPP_QUALIFIED, OPP_PROPOSAL, OPP_TENDER, OPP_NEGOTIATION, OPP_WON, OPP_LOST,
	OPP_STAGE_COUNT, OPP_STAGE_NONE = -1
} opp_stage;

/* The stages still open (lead .. negotiation). */
#define OPP_OPEN_COUNT 5

typedef struct {
	const char *key;             /* as stored: "lead", "tender" ... */
	const char *name;            /* the English name shown */
	const char *msgid;           /* "stage|lead": its name marked for translation with
				      * a context ("lost" is also a customer's status);
				      * shown without "stage|" when untranslated */
	const char *aliases;         /* '|'-separated Chinese words a rep may type */
	int probability;             /* percent, when the opportunity gives none */
	int usual_days;              /* longer in the stage is "stuck" (0: closed) */
} opp_stage_info;

extern const opp_stage_info opp_stages[OPP_STAGE_COUNT];
/* The stored keys, NULL-terminated (for validation lists). */
extern const char *const opp_stage_keys[];

/* The stage S names: its key, its English name, a Chinese alias (case- and
 * space-insensitive), or a number 1..7 in order; OPP_STAGE_NONE. */
opp_stage opp_stage_find(const char *s);
/* Whether stage ST is still open. */
static inline bool opp_stage_open(opp_stage st) { return st >= OPP_LEAD && st < OPP_WON; }
/* The probability of an opportunity: its own (0..100), or its stage's when
 * OWN is negative. */
int opp_probability(opp_stage st, int own);
/* VALUE weighted by PERCENT, in fen, rounded half away from zero. */
int64_t opp_weighted(int64_t value, int percent);

/* ---- the path: "lead 2026-01-05;qualified 2026-02-01;..." ---- */

/* The longest path kept: a stage entered again and again stops being
 * recorded past this many steps (the last step is always the current). */
#define OPP_PATH_STEPS 32
#define OPP_PATH_MAX (OPP_PATH_STEPS * 24)

typedef struct {
	opp_stage stage;
	date_day day;
} opp_step;

/* Parse PATH into STEPS (room for OPP_PATH_STEPS); the count, or -1 when it
 * is not a path: steps separated by ';', each a stage key, a space and a
 * day, the days never going back. An empty path has no steps. */
int opp_path_parse(const char *path, opp_step *steps);
/* NULL for a good path, else why it is refused (marked for translation). */
const char *opp_path_check(const char *s, size_t len);
/* PATH with STAGE entered on DAY appended, into OUT (OPP_PATH_MAX + 1);
 * a stage entered the day the last one was, replaces it; past
 * OPP_PATH_STEPS the oldest but the first step are dropped. False when PATH
 * is not a path or DAY goes back. */
bool opp_path_append(const char *path, opp_stage stage, date_day day, char *out, size_t outsz);
/* The day the current stage was entered (the last step), or 0. */
date_day opp_path_since(const char *path);

/* ---- over many opportunities ---- */

/* Win rate and days to win, by stage. Feed every closed opportunity's
 * path (its last step won or lost) with opp_stats_add; then for each open
 * stage, REACHED: how many closed opportunities passed through it, WON: how
 * many of those were won, DAYS: the sum of days from entering it to the
 * win over those won. */
typedef struct {
	long reached[OPP_STAGE_COUNT], won[OPP_STAGE_COUNT];
	long long days[OPP_STAGE_COUNT];
	long closed, closed_won;     /* the closed opportunities fed, and those won */
} opp_stats;

void opp_stats_add(opp_stats *s, const opp_step *steps, int n);
/* Feed the opportunity whose path is PATH when it closed (its last step
 * won or lost) on a day from FROM to TO, inclusive; whether it was. */
bool opp_stats_add_path(opp_stats *s, const char *path, date_day from, date_day to);
/* The win rate from stage ST as percent x 10 (per mille), -1 with none. */
int opp_stats_win_permille(const opp_stats *s, opp_stage st);
/* The average days from entering ST to a win, x 10 (tenths), -1 with none. */
int opp_stats_days_tenths(const opp_stats *s, opp_stage st);

/* The forecast's gap: what TARGET leaves after what is ACHIEVED and the
 * WEIGHTED pipeline expected to close (fen); never below 0. */
int64_t opp_forecast_gap(int64_t target, int64_t achieved, int64_t weighted);

#endif
