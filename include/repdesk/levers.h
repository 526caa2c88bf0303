#ifndef REPDESK_LEVERS_H
#define REPDESK_LEVERS_H
/* The three levers of growth (docs/guide.md, "The three levers"): per month
 * the customer base (customers ordering, new, lost), the conversion rate and
 * the average order value, each with its change against the month before,
 * and what one step of each lever would bring at its current size.
 * Pure: the store hands in each customer's months with orders and each
 * month's counts; no I/O, integer arithmetic only. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repdesk/tier.h"

#define LEVERS_MAX_MONTHS 24
/* Months in a row without an order that make an ordering customer lost. */
#define LEVERS_LOST_AFTER 3
/* "No value" for a ratio whose denominator is zero. */
#define LEVERS_NONE INT64_MIN

typedef struct {
	int y, m;
	/* Counted by levers_add_customer: */
	int64_t customers;           /* customers with an order in the month */
	int64_t new_customers;       /* ... whose first order ever is in the month */
	int64_t lost;                /* customers for whom the month is the third in a
	                              * row without an order, after a month with one */
	int64_t sales;               /* fen: their orders */
	int64_t volume;              /* the volumes the orders gave (room-nights) */
	int64_t tier_customers[TIER_COUNT], tier_sales[TIER_COUNT];
	/* Given by the store (levers_set_counts): */
	int64_t contacted;           /* customers with an effective contact */
	int64_t effective;           /* effective calls */
	int64_t orders;              /* orders */
	/* Made by levers_finish (LEVERS_NONE for a zero denominator): */
	int64_t conversion;          /* customers / contacted, in tenths of a percent */
	int64_t calls_per_order;     /* effective / orders, in hundredths */
	int64_t order_value;         /* fen: sales / orders */
	/* Change against the month before (LEVERS_NONE when either side is): */
	int64_t d_customers, d_new, d_lost, d_conversion, d_calls_per_order, d_order_value;
} levers_month;

typedef struct {
	int n;                       /* months shown */
	/* mon[0] is the month before the first shown (for its changes);
	 * mon[1..n] are shown, mon[n] the current month. */
	levers_month mon[LEVERS_MAX_MONTHS + 1];
} levers;

/* What one step of each lever brings in a month, at the size of the last
 * whole month (the one before the current). */
typedef struct {
	const levers_month *base;    /* that month */
	int64_t new_customer[TIER_COUNT]; /* fen: one more customer of the tier: the mean
	                              * month of the tier's ordering customers, else the
	                              * tier's lower threshold (amount metric), else 0 */
	int64_t conversion_point;    /* fen: one point more of conversion: contacted / 100
	                              * more customers ordering, at sales per customer */
	int64_t order_value_10;      /* fen: orders x 10% more order value */
	int64_t volume_10;           /* room-nights of 10% more order value */
} levers_worth;

/* Start LV for the N months (1..LEVERS_MAX_MONTHS) ending with Y-M. */
void levers_init(levers *lv, int y, int m, int n);
/* The month key (ledger_month_key: 202612) of month I of LV (0..n). */
int levers_key(const levers *lv, int i);
/* One customer of tier T: its months with orders, KEYS[0..N) ascending
 * (202612 for December 2026) with their TOTALS (fen) and VOLUMES (< 0: none
 * given; VOLUMES may be NULL). Every month the customer ever ordered must be
 * given, so that "new" and "lost" are right. */
void levers_add_customer(levers *lv, tier t, const int *keys, const int64_t *totals,
                         const int64_t *volumes, size_t n);
/* The store's counts of month I (0..n). */
void levers_set_counts(levers *lv, int i, int64_t contacted, int64_t effective, int64_t orders);
/* MO's ratios (conversion, calls per order, order value) from its counts:
 * a month's, or a day's (the day report). */
void levers_ratios(levers_month *mo);
/* The ratios and the changes. */
void levers_finish(levers *lv);
/* Each lever's step at the size of the month before the current one
 * (mon[n-1]); TH for the tiers' thresholds when a tier had no customer. */
void levers_worth_of(const levers *lv, const tier_thresholds *th, levers_worth *out);

#endif
