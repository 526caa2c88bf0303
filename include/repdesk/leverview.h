#ifndef REPDESK_LEVERVIEW_H
#define REPDESK_LEVERVIEW_H
/* The three levers as the report, the Plan screen and the day report show
 * them: the months (db_levers_load), this month's target from its plan and
 * the gap to it, and what each lever brings. Never prints. */

#include <stdbool.h>
#include <stdint.h>

#include "repdesk/db/book.h"
#include "repdesk/levers.h"
#include "repdesk/opp.h"
#include "repdesk/status.h"
#include "repdesk/tier.h"

typedef struct {
	levers lv;                   /* mon[lv.n] is the month Y-M */
	levers_worth worth;
	tier_thresholds th;
	bool volume;                 /* the tier metric is volume: show room-nights */
	bool has_plan;               /* the month has a saved plan */
	int64_t target;              /* fen: its base target (0 without) */
	int64_t achieved;            /* fen: the month's orders */
	int64_t gap;                 /* fen: target - achieved, 0 when met or no plan */
	/* Win rate and days to win by stage, from the opportunities closed
	 * (won or lost) in the months shown, FROM .. TO; STAGES.closed of them. */
	opp_stats stages;
	date_day from, to;
	long open;                   /* open opportunities in the book */
} leverview;

/* The N months ending with Y-M, and the opportunities closed in them. On error the message is in ERR. */
status_code leverview_load(db *d, int y, int m, int n, leverview *out, char *err, size_t errsz);

#endif
