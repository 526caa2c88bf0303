#ifndef REPDESK_OUTLIER_H
#define REPDESK_OUTLIER_H
/* An amount far outside a customer's history, asked about before it is
 * saved (a slip of the keyboard: 120000 for 12000). Pure. */

#include <stdint.h>

/* How many times too big an amount counts as far outside. */
#define OUTLIER_FACTOR 10

/* AMOUNT (fen) measured against the customer's month TARGET, or without
 * one (0) against its MONTHLY amount or baseline (0: none either): the
 * whole multiple it is of that figure when that is OUTLIER_FACTOR or more,
 * else 0 (an ordinary amount, a refund, or nothing to measure against). */
int64_t outlier_multiple(int64_t amount, int64_t target, int64_t monthly);

#endif
