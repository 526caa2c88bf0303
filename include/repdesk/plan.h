#ifndef REPDESK_PLAN_H
#define REPDESK_PLAN_H
/* The month planner (docs/guide.md §6): a target split over tiers, customers and working
 * days so every level sums exactly to the fen; the re-spread, the gap check, potential.
 * Pure: never I/O, the clock, globals or floating point; today, calendar, month are parameters. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repdesk/calendar.h"
#include "repdesk/date.h"
#include "repdesk/tier.h"

/*
 * The exact-split rule, used at every level (tiers, customers, days).
 *
 * A total of T fen is Y whole yuan and F fen (0 <= F < 100). Each part first
 * gets its exact share T * w / W cut down to whole yuan; the yuan left over
 * (fewer than the parts) go one each to the parts with the largest fractions
 * cut off, and the F fen go to the next part in that same order, the one that
 * would have got one more yuan. So every share is whole yuan but that one, the
 * shares sum to T to the fen, and none is a yuan or more from its exact value.
 *
 * Order among equal fractions: the larger tie key (a customer's baseline, a
 * tier's total baseline), then the smaller uid (strcmp), then the earlier
 * position (tier S before D; the earlier day). Parts of weight 0 get nothing,
 * not even the fen, unless every weight is 0: then the total is shared equally
 * by the same rule.
 */

/* Outcomes, with a short untranslated reason (plan_status_text). */
#define PLAN_X_STATUS(_) \
	_(PLAN_OK,         "ok") \
	_(PLAN_E_TARGET,   "the target must be between 0 and 10,000,000,000,000 yuan") \
	_(PLAN_E_BASELINE, "a baseline is negative or too large") \
	_(PLAN_E_SHARES,   "the tier shares must be 0..100 each and sum to 100") \
	_(PLAN_E_NOMEM,    "out of memory") \
	_(PLAN_E_PICKS,    "the picks add up to more than the target") \
	_(PLAN_E_FIXED,    "the fixed targets do not fit the tier's target")

#define PLAN_ENUM(name, msg) name,
typedef enum { PLAN_X_STATUS(PLAN_ENUM) } plan_status;
#undef PLAN_ENUM

const char *plan_status_text(plan_status st);

/* Share TOTAL fen (0..MONEY_MAX_FEN) over N parts in proportion to WEIGHTS
 * (each >= 0, sum <= INT64_MAX; all 0 means equally), by the rule above with
 * the weight as tie key. UIDS may be NULL (ties then go by position). Writes
 * OUT[0..N-1] (caller-owned). Allocates scratch internally. */
plan_status plan_apportion(int64_t total, const int64_t *weights, const char *const *uids,
			   size_t n, int64_t *out);

/* ---- Baselines (§5.1) ---- */

/* Order days from FROM to TO (inclusive) make the baseline of month Y-M: the
 * three complete months before it. */
void plan_baseline_window(int y, int m, date_day *from, date_day *to);
/* Which of those months DAY falls in: 0, 1, 2 for M-3, M-2, M-1; -1 outside. */
int plan_baseline_slot(int y, int m, date_day day);
/* Mean of the three monthly order totals (fen, rounded half up, never below
 * 0) when HAS_HISTORY (any order in the window), else MONTHLY_AMOUNT, the
 * imported figure (negative, e.g. DB_NULL, means unknown: 0). */
int64_t plan_baseline(const int64_t totals[3], bool has_history, int64_t monthly_amount);
/* The mean of the N (1..3) monthly totals TOTALS, rounded half up and never
 * below 0, when HAS_HISTORY and N > 0, else MONTHLY_AMOUNT as plan_baseline. */
int64_t plan_baseline_of(const int64_t *totals, int n, bool has_history, int64_t monthly_amount);

/* Fair baselines (DESIGN §5.1). The window is three whole months: those
 * before the planned month Y-M, or, when Y-M is later than NOW (the month
 * of today, ledger_month_key; 0: no today), those before NOW, so an
 * unfinished month never counts. A month of the window counts toward the
 * mean when the customer ordered in it, or when it is neither before the
 * customer's first order nor before START (ledger key of the month the book
 * began; 0: none): months a customer did not exist are not zeros. With no
 * order in a counted month the stated figure is the baseline. */
typedef struct {
	int last;                 /* ledger key of the window's last month */
	int64_t totals[3];        /* order totals (fen) of the window, oldest first */
	int64_t volumes[3];       /* their volumes (0 where none was given) */
	bool counted[3];          /* the month counts toward the mean */
	int months;               /* months counted: 0..3 */
	bool has_history;         /* an order in a counted month */
	bool has_volume;          /* an order there gave a volume */
	int first;                /* ledger key of the first month with orders; 0: none */
} plan_basis;

/* The ledger key of the window's last month for Y-M planned in month NOW. */
int plan_window_last(int y, int m, int now);
/* The basis of a customer from its months blob (ledger.h; NULL/0: no
 * orders) for Y-M planned in month NOW, the book begun in START. */
void plan_basis_of(const unsigned char *months, size_t len, int y, int m, int now, int start,
                   plan_basis *out);
/* The baseline (fen) and the volume a customer is tiered by: the mean of the
 * counted months, else the stated figure (negative: unknown, 0). */
int64_t plan_basis_baseline(const plan_basis *b, int64_t monthly_amount);
int64_t plan_basis_volume(const plan_basis *b, int64_t monthly_volume);
/* How many months the baseline used: B->months with an order among them,
 * else 0 (the stated figure). */
int plan_basis_months(const plan_basis *b);

/* The volume a customer is tiered by under volume thresholds: the mean of
 * its orders' monthly volumes over the same three months (rounded as
 * plan_baseline) when HAS_VOLUME (an order in the window gave a volume; a
 * month whose orders gave none counts 0), else MONTHLY_VOLUME, the stated
 * figure (negative, e.g. DB_NULL, means unknown: 0). */
int64_t plan_volume_baseline(const int64_t volumes[3], bool has_volume, int64_t monthly_volume);
/* The volume a list shows for a customer's month: ORDERED, its orders'
 * volume that month (negative: none gave one), else MONTHLY_VOLUME, the
 * stated figure; -1 when neither is known. */
int64_t plan_month_volume(int64_t ordered, int64_t monthly_volume);

/* ---- Tier shares ---- */

typedef enum { PLAN_BASELINE, PLAN_SHARES } plan_method;

const char *plan_method_name(plan_method m);          /* "baseline" / "shares" */
bool plan_method_parse(const char *s, plan_method *m);

typedef struct {
	int pct[TIER_COUNT];      /* S..D, whole percent, summing to 100 */
} plan_shares;

#define PLAN_SHARES_BUFSZ 48

/* S=40,A=30,B=15,C=10,D=5. */
plan_shares plan_shares_default(void);
/* Parse "S=40,A=30,B=15,C=10,D=5": any order, lower case, spaces and a '%'
 * after a number are fine; an omitted tier gets 0. On error false with the
 * reason in ERR, e.g. "shares sum to 95, not 100", "B is given twice". */
bool plan_shares_parse(const char *text, plan_shares *out, char *err, size_t errsz);
/* Each 0..100 and the sum 100; else false with the reason in ERR. */
bool plan_shares_check(const plan_shares *s, char *err, size_t errsz);
char *plan_shares_format(const plan_shares *s, char *buf, size_t bufsz);

/* ---- The month plan (§5.2-5.4, 5.6) ---- */

/* One customer to plan for. The caller passes the customers that take part
 * (active ones) and keeps UID alive for the call; nothing is retained. */
typedef struct {
	const char *uid;          /* in: breaks ties (strcmp) */
	int64_t baseline;         /* in: fen, 0..MONEY_MAX_FEN (plan_baseline) */
	int64_t volume;           /* in: the tier value under volume thresholds */
	tier manual;              /* in: a tier set by hand, else TIER_NONE */
	tier tier;                /* out: effective tier */
	int64_t target;           /* out: fen */
} plan_customer;

typedef struct {
	size_t customers;         /* customers in the tier */
	int64_t baseline;         /* fen: their total baseline */
	int64_t target;           /* fen */
	int share_bp;             /* target as basis points of the month target */
	bool unplaced;            /* a target but no customers to carry it */
} plan_tier_row;

typedef struct {
	plan_method method;
	int64_t target;           /* fen: the month target */
	int64_t baseline;         /* fen: the book's total baseline */
	size_t customers;
	bool equal;               /* every baseline was 0: shared equally */
	int64_t unplaced;         /* fen of the target no customer carries */
	plan_tier_row tiers[TIER_COUNT];
} plan_result;

/* The effective tier: the manual one, else from the baseline (amount
 * thresholds) or the volume (volume thresholds). */
tier plan_tier(const plan_customer *c, const tier_thresholds *th);

/* A customer's computed tier in month Y-M, the one rule for every screen
 * and command: from the baseline of its orders (DESIGN §5; MONTHS is its
 * months summary, ledger.h, LEN bytes, NULL for none) when it has order
 * history, else its stated MONTHLY_AMOUNT; under volume thresholds from
 * its orders' volumes the same way (plan_volume_baseline), else
 * MONTHLY_VOLUME. DB_NULL-like negatives count as 0. */
tier plan_tier_in_month(const unsigned char *months, size_t len, int y, int m,
                        int64_t monthly_amount, int64_t monthly_volume, const tier_thresholds *th);
/* The same by the fair rule with the month NOW and the book's START
 * (plan_basis_of); plan_tier_in_month is this with both 0. */
tier plan_tier_at(const unsigned char *months, size_t len, int y, int m, int now, int start,
                  int64_t monthly_amount, int64_t monthly_volume, const tier_thresholds *th);

/* Fill RES->tiers[].target, share_bp and unplaced, and RES->equal and
 * unplaced, from RES->target, RES->method and the tiers' customers and
 * baseline (which the caller sets; plan_split does). SHARES is needed for
 * PLAN_SHARES only. Baseline method: each tier in proportion to its baseline,
 * or to its customer count when every baseline is 0 (the target shared equally
 * over the customers). Shares method: by the percentages; a tier with a
 * percentage but no customers keeps its amount, flagged unplaced, and the
 * amount is added to RES->unplaced (the caller must say so; nothing is moved
 * to other tiers behind the rep's back). Tiers sum exactly to the target,
 * except for an empty book under the baseline method, where every tier is 0
 * and RES->unplaced is the whole target. */
plan_status plan_split_tiers(plan_result *res, const plan_shares *shares);

/* The whole split: tiers each customer (plan_tier), splits TARGET over the
 * tiers (plan_split_tiers), then each tier over its customers in proportion to
 * baseline (equally where all are 0). Sets every CUST[i].tier and .target and
 * all of RES. Customers of a tier sum exactly to its target; customer targets
 * plus RES->unplaced sum exactly to TARGET. O(n log n); allocates scratch and
 * keeps nothing. On an error status CUST's outputs and RES are unspecified. */
plan_status plan_split(plan_customer *cust, size_t n, int64_t target, plan_method method,
		       const plan_shares *shares, const tier_thresholds *th, plan_result *res);

/* ---- Picks and fixed targets (the seed's way of building a month) ---- */

/* COUNT customers at AMOUNT fen each. */
typedef struct {
	int count;
	int64_t amount;
} plan_slot;

#define PLAN_MAX_SLOTS 16
#define PLAN_MAX_PICKS 100000

/* Parse "10x2万,10x1万,10x5000" (x, X or ×; amounts as money_parse takes
 * them) into OUT[0..*N), at most PLAN_MAX_SLOTS. Each count 1..PLAN_MAX_PICKS,
 * each amount above 0, the whole at most MONEY_MAX_FEN. On error false with
 * the reason in ERR. */
bool plan_picks_parse(const char *text, plan_slot *out, size_t *n, char *err, size_t errsz);
/* The fen the slots ask for, or -1 past MONEY_MAX_FEN. */
int64_t plan_picks_total(const plan_slot *slots, size_t n);

typedef struct {
	size_t wanted;            /* customers the slots ask for */
	size_t picked;            /* customers given a slot */
	int64_t total;            /* fen: their fixed targets */
} plan_picks;

/* plan_split with picks: each customer is tiered (plan_tier); the slots,
 * largest amount first, go to the customers best able to carry them: by tier
 * (S first, a manual tier counting as set), then larger baseline, then
 * smaller uid. A picked customer's target is its slot's amount and
 * FIXED[i] (caller-owned, N entries) is set; the rest of TARGET is split over
 * the others by METHOD as plan_split does. Each tier's target is its picks
 * plus its share of the rest; RES counts every customer. PLAN_E_PICKS when
 * the slots ask for more than TARGET. With no slots it is plan_split. */
plan_status plan_split_picked(plan_customer *cust, size_t n, int64_t target, plan_method method,
                              const plan_shares *shares, const tier_thresholds *th,
                              const plan_slot *slots, size_t nslots, bool *fixed,
                              plan_picks *picks, plan_result *res);

/* One tier's TOTAL over its N customers when some targets are fixed: those
 * with FIXED[i] keep TARGET[i], the others share TOTAL less the fixed sum in
 * proportion to BASELINE (equally when all are 0), by the exact rule, ties by
 * UIDS (may be NULL). PLAN_E_FIXED when the fixed targets exceed TOTAL, or
 * fall short of it with no other customer to carry the rest; TARGET is then
 * unchanged. */
plan_status plan_respread_fixed(int64_t total, const int64_t *baseline, const bool *fixed,
                                const char *const *uids, size_t n, int64_t *target);

/* ---- Days (§5.5) ---- */

#define PLAN_MAX_DAYS 31

typedef struct {
	date_day day;
	bool workday;
	int64_t target;           /* fen; 0 on a non-working day */
	int64_t achieved;         /* fen; set by the caller (0 from plan_split_days) */
	int64_t cum_target;       /* running totals from the 1st (plan_days_accumulate) */
	int64_t cum_achieved;
} plan_day_row;

/* The month's target TARGET (0..MONEY_MAX_FEN fen) over the working days of
 * Y-M, equally by the exact rule (earlier days get the extra yuan). Fills
 * ROWS[0..days-1] (caller-owned, PLAN_MAX_DAYS entries) and returns the number
 * of days in the month, or -1 when TARGET is out of range. *WORKDAYS (may be
 * NULL) gets the number of working days; when it is 0 every day is 0 and the
 * target is unplaced. */
int plan_split_days(int64_t target, const calendar *cal, int y, int m,
		    plan_day_row rows[PLAN_MAX_DAYS], int *workdays);
/* Recompute cum_target and cum_achieved of ROWS[0..N-1]. */
void plan_days_accumulate(plan_day_row *rows, int n);

/* The day's share of what is left of a month's target. */
typedef struct {
	int64_t target;           /* fen: the day's target */
	int64_t remaining;        /* fen: target - achieved before the day, >= 0 */
	int workdays_left;        /* working days from the day to month end, day included */
	bool workday;             /* the day is a working day */
	bool met;                 /* achieved before the day reaches the target */
	bool no_days_left;        /* something remains but no working day is left */
	date_day next_day;        /* the day itself on a working day, else the next
				   * working day of the month (0 when none is left) */
	int64_t next_target;      /* fen: NEXT_DAY's share, as the day's own on a
				   * working day (0 when met or none is left) */
} plan_day;

/* Re-spread (§5.5) for DAY: what is left of TARGET after ACHIEVED_BEFORE
 * (orders logged before DAY in its month) over the working days left, DAY
 * included, by the exact rule; the day gets the first of those shares. 0 past
 * the target, on a non-working day (the next working day carries it) and when
 * no working day is left (flagged); on a non-working day NEXT_DAY and
 * NEXT_TARGET say which day carries it and how much. With ACHIEVED_BEFORE equal to the planned
 * days before DAY it gives exactly plan_split_days' target for DAY. Serves the
 * month target and each customer's target alike. */
plan_day plan_respread(int64_t target, int64_t achieved_before, const calendar *cal, date_day day);

/* Each day's re-spread target for the month in ROWS[0..N-1] (their day,
 * achieved): what DAY was told when it began, from the orders before it; days
 * from TODAY on count the re-spread shares before them instead of orders not
 * yet made, so the rest of the month shows how what is left is shared. OUT
 * gets N figures (0 on days off and once the target is met). */
void plan_respread_days(int64_t target, const calendar *cal, const plan_day_row *rows, int n,
			date_day today, int64_t *out);

/* ---- Gap check (§5.7) ---- */

typedef struct {
	int64_t typical;          /* fen: mean baseline of the tier's customers, or its
				   * lower threshold when empty (amount thresholds
				   * only; 0 for volume) */
	int64_t new_customers;    /* new customers at TYPICAL that close the gap
				   * (rounded up); -1 when TYPICAL is 0 */
	int64_t growth_bp;        /* growth of this tier alone that closes the gap,
				   * basis points rounded up; -1 when its baseline is 0 */
	bool empty;               /* no customers */
	bool unplaced;            /* a target but no customers */
} plan_gap_tier;

typedef struct {
	int64_t gap;              /* fen: target - total baseline, 0 when not above */
	int64_t baseline;         /* fen: the book's total baseline */
	int64_t growth_bp;        /* uniform growth across the book that closes the
				   * gap, basis points rounded up; -1 when baseline is 0 */
	bool unplaced;            /* some tier has a target but no customers */
	plan_gap_tier tiers[TIER_COUNT];
} plan_gap;

/* Fill OUT from a plan (plan_split) and the thresholds. Returns true when the
 * target exceeds the book's baseline. Data only: the caller words it. */
bool plan_gap_check(const plan_result *res, const tier_thresholds *th, plan_gap *out);

/* ---- Market potential (§1) ---- */

#define PLAN_ONLINE_SHARE_DEFAULT 200   /* per mille: 20% */

typedef struct {
	int64_t potential;        /* units a month (room-nights) */
	int64_t headroom;         /* potential - current; may be negative */
} plan_potential;

/* potential = ROOMS x SHARE_PERMILLE / 1000 x DAYS (rounded half up);
 * CURRENT below 0 (unknown) counts as 0. False when ROOMS is unknown (< 0),
 * SHARE_PERMILLE is outside 0..1000, DAYS outside 0..31 or the result too big. */
bool plan_market_potential(int64_t rooms, int share_permille, int days, int64_t current,
			   plan_potential *out);

#endif
