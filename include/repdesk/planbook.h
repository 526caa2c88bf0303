#ifndef REPDESK_PLANBOOK_H
#define REPDESK_PLANBOOK_H
/* A month's plan for the book: the store's figures run through the pure
 * planner, saved as targets, and read back with what the logged orders have
 * achieved. Base, stretch and challenge levels share one split: the extra
 * levels are spread in proportion to the base targets, so every level sums
 * exactly at every step. Never prints. */

#include <stdbool.h>
#include <stddef.h>
#include "repdesk/calendar.h"
#include "repdesk/db/book.h"
#include "repdesk/db/plan.h"
#include "repdesk/plan.h"
#include "repdesk/status.h"

enum { PB_BASE, PB_STRETCH, PB_CHALLENGE, PB_LEVELS };
extern const char *const planbook_level_names[PB_LEVELS];   /* "base", ... */

typedef struct {
	const db_plan_row *row;      /* into the planbook's book */
	tier tier;
	int64_t baseline;            /* fen */
	int64_t target[PB_LEVELS];   /* fen; levels not set are 0 */
	int months;                  /* months the baseline used (0: the stated
				      * amount; -1: not known, a plan saved before) */
	bool fixed;                  /* the target is fixed: picked or set by hand */
	int64_t closing;             /* fen: its open opportunities expected to close in
	                              * the month, weighted by probability */
} planbook_customer;

typedef struct {
	int y, m;
	int64_t level[PB_LEVELS];    /* month targets; stretch/challenge -1 when not set */
	plan_method method;
	plan_shares shares;
	plan_result res;             /* the base level's tier table */
	int64_t tier_target[PB_LEVELS][TIER_COUNT];
	int64_t tier_achieved[TIER_COUNT];
	planbook_customer *cust;     /* customers with a target, by tier */
	size_t ncust;
	plan_day_row days[PB_LEVELS][PLAN_MAX_DAYS];
	int ndays, workdays;
	bool covered;                /* the calendar knows the month */
	bool estimated;              /* its holidays are estimated (calendar_estimated) */
	int64_t achieved;            /* orders in the month, fen */
	db_plan_book book;
	plan_picks picks;            /* what --pick asked and got (planbook_make_picked) */
	/* The forecast: open opportunities (any customer's, planned or not)
	 * expected to close in the month, their value and that weighted by
	 * probability; OPEN: open opportunities in all, whatever their close. */
	long closing_count, open;
	int64_t closing_total, closing_weighted;
	int64_t tier_closing[TIER_COUNT]; /* weighted, of the tier's planned customers */
} planbook;

/* What remains of PB's base target after what is achieved and the
 * weighted pipeline closing in the month; never below 0. */
int64_t planbook_gap(const planbook *pb);

/* Plan month Y-M for LEVEL[PB_BASE] (and the extra levels when >= 0).
 * The levels must not decrease. On error the message is in ERR. */
status_code planbook_make(db *d, const calendar *cal, int y, int m,
                        const int64_t level[PB_LEVELS], plan_method method,
                        const plan_shares *shares, planbook *out, char *err, size_t errsz);
/* The same with picks (plan_split_picked): SLOTS[0..NSLOTS) fix the targets
 * of the customers best able to carry them, the rest is spread over the
 * others; STATUS_USAGE when the picks ask for more than the target. */
status_code planbook_make_picked(db *d, const calendar *cal, int y, int m,
                                 const int64_t level[PB_LEVELS], plan_method method,
                                 const plan_shares *shares, const plan_slot *slots, size_t nslots,
                                 planbook *out, char *err, size_t errsz);
/* Fix the base target of customer UID in PB (a loaded plan) at AMOUNT fen, or
 * release it when AMOUNT < 0; the rest of its tier re-spreads by baseline
 * (plan_respread_fixed), so tier and month totals are unchanged, and the
 * extra levels follow. STATUS_NOINPUT when UID has no target in the plan,
 * STATUS_USAGE when the amount does not fit its tier (ERR says why). Save
 * with planbook_save. */
status_code planbook_set(planbook *pb, const calendar *cal, const char *uid, int64_t amount,
                         char *err, size_t errsz);
/* Whether Y-M has a saved plan, into *EXISTS. */
status_code planbook_saved(db *d, int y, int m, bool *exists, char *err, size_t errsz);
/* Save PB as the month's plan, replacing an earlier one, in one transaction. */
status_code planbook_save(db *d, const planbook *pb, char *err, size_t errsz);
/* Read the saved plan of Y-M with today's achieved figures; STATUS_NOINPUT when
 * there is none. */
status_code planbook_load(db *d, const calendar *cal, int y, int m, planbook *out,
                        char *err, size_t errsz);
void planbook_free(planbook *pb);
/* DAY's target re-spread (plan_respread) from the orders logged before it,
 * DAY in PB's month: *BEFORE gets those orders, *PLANNED the plan's own
 * figure for the day that carries it (DAY, or the next working day on a
 * day off; 0 when none is left). */
plan_day planbook_respread_day(const planbook *pb, const calendar *cal, date_day day,
                               int64_t *before, int64_t *planned);
/* Customers come by tier in book order; this orders each tier by name.
 * False when out of memory (the order is then unchanged). */
bool planbook_sort_by_name(planbook *pb);

/* The saved base-level customer targets (the detail of the plan's
 * "customers" row): FN for each customer with its tier, baseline and target.
 * A line is "UID TIER BASELINE TARGET" with tabs, then (since the fair
 * baselines) "MONTHS FIXED": readers of the four fields ignore the rest. */
typedef void (*planbook_customer_fn)(const char *uid, tier t, int64_t baseline, int64_t target,
                                     void *ctx);
void planbook_customers_each(const char *detail, planbook_customer_fn fn, void *ctx);
/* The same for one line of that detail: LEN bytes, then a newline or NUL. */
void planbook_customer_line(const char *line, size_t len, planbook_customer_fn fn, void *ctx);

/* The online_share setting ("20", "20%", "12.5%") in per mille, or -1 when
 * it is not a percentage from 0 to 100 with at most one decimal. */
int planbook_online_share(const char *text);

#endif
