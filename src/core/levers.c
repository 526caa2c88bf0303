/* The three levers: the customer base, conversion and order value per
 * month, their changes, and what one step of each brings. See
 * repdesk/levers.h. */
#include <string.h>

#include "repdesk/levers.h"

/* Months since year 0: one number per month, so that gaps subtract. */
static int month_index(int key)
{
	return key / 100 * 12 + key % 100 - 1;
}

static int first_index(const levers *lv)
{
	return month_index(lv->mon[0].y * 100 + lv->mon[0].m);
}

void levers_init(levers *lv, int y, int m, int n)
{
	if (n < 1)
		n = 1;
	if (n > LEVERS_MAX_MONTHS)
		n = LEVERS_MAX_MONTHS;
	memset(lv, 0, sizeof *lv);
	lv->n = n;
	int last = y * 12 + m - 1;
	for (int i = 0; i <= n; i++) {
		int k = last - n + i;
		lv->mon[i].y = k / 12;
		lv->mon[i].m = k % 12 + 1;
	}
}

int levers_key(const levers *lv, int i)
{
	return lv->mon[i].y * 100 + lv->mon[i].m;
}

static levers_month *at(levers *lv, int index)
{
	int i = index - first_index(lv);
	return i >= 0 && i <= lv->n ? &lv->mon[i] : NULL;
}

void levers_add_customer(levers *lv, tier t, const int *keys, const int64_t *totals,
                         const int64_t *volumes, size_t n)
{
	levers_month *mo;

	for (size_t k = 0; k < n; k++) {
		int i = month_index(keys[k]);
		if ((mo = at(lv, i))) {
			mo->customers++;
			if (k == 0)
				mo->new_customers++;
			mo->sales += totals[k];
			if (volumes && volumes[k] > 0)
				mo->volume += volumes[k];
			if (t >= 0 && t < TIER_COUNT) {
				mo->tier_customers[t]++;
				mo->tier_sales[t] += totals[k];
			}
		}
		/* Lost in the third month after this one when none of the three
		 * has an order. */
		int next = k + 1 < n ? month_index(keys[k + 1]) : i + LEVERS_LOST_AFTER + 1;
		if (next > i + LEVERS_LOST_AFTER && (mo = at(lv, i + LEVERS_LOST_AFTER)))
			mo->lost++;
	}
}

void levers_set_counts(levers *lv, int i, int64_t contacted, int64_t effective, int64_t orders)
{
	if (i < 0 || i > lv->n)
		return;
	lv->mon[i].contacted = contacted;
	lv->mon[i].effective = effective;
	lv->mon[i].orders = orders;
}

/* NUM x SCALE / DEN rounded half up; LEVERS_NONE when DEN <= 0. */
static int64_t ratio(int64_t num, int64_t den, int64_t scale)
{
	if (den <= 0 || num < 0)
		return LEVERS_NONE;
	if (num > INT64_MAX / scale)
		return num / den * scale;
	return (num * scale + den / 2) / den;
}

static int64_t change(int64_t now, int64_t before)
{
	return now == LEVERS_NONE || before == LEVERS_NONE ? LEVERS_NONE : now - before;
}

void levers_ratios(levers_month *mo)
{
	mo->conversion = ratio(mo->customers, mo->contacted, 1000);
	mo->calls_per_order = ratio(mo->effective, mo->orders, 100);
	mo->order_value = ratio(mo->sales, mo->orders, 1);
}

void levers_finish(levers *lv)
{
	for (int i = 0; i <= lv->n; i++) {
		levers_month *mo = &lv->mon[i];
		levers_ratios(mo);
		if (i == 0) {
			mo->d_customers = mo->d_new = mo->d_lost = mo->d_conversion = LEVERS_NONE;
			mo->d_calls_per_order = mo->d_order_value = LEVERS_NONE;
			continue;
		}
		const levers_month *pv = &lv->mon[i - 1];
		mo->d_customers = mo->customers - pv->customers;
		mo->d_new = mo->new_customers - pv->new_customers;
		mo->d_lost = mo->lost - pv->lost;
		mo->d_conversion = change(mo->conversion, pv->conversion);
		mo->d_calls_per_order = change(mo->calls_per_order, pv->calls_per_order);
		mo->d_order_value = change(mo->order_value, pv->order_value);
	}
}

void levers_worth_of(const levers *lv, const tier_thresholds *th, levers_worth *out)
{
	const levers_month *b = &lv->mon[lv->n - 1];

	memset(out, 0, sizeof *out);
	out->base = b;
	for (int t = 0; t < TIER_COUNT; t++) {
		if (b->tier_customers[t] > 0)
			out->new_customer[t] = ratio(b->tier_sales[t], b->tier_customers[t], 1);
		else if (th && th->metric == TIER_METRIC_AMOUNT && t < 4)
			out->new_customer[t] = th->min[t];
	}
	/* contacted / 100 more customers, each at sales / customers. */
	if (b->customers > 0 && b->contacted > 0) {
		int64_t per = ratio(b->sales, b->customers, 1);
		out->conversion_point = per > INT64_MAX / b->contacted ? per / 100 * b->contacted
		                                                       : (per * b->contacted + 50) / 100;
	}
	out->order_value_10 = (b->sales + 5) / 10;
	out->volume_10 = (b->volume + 5) / 10;
}
