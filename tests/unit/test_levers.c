/* The three levers' arithmetic (core/levers.c): new and lost at their
 * boundaries, zero denominators, the changes and the levers' worth. */
#include "repdesk/levers.h"
#include "suites.h"

/* Levers of the 6 months to 2026-12 (mon[0] = 2026-06). */
static levers six(void)
{
	levers lv;
	levers_init(&lv, 2026, 12, 6);
	return lv;
}

START_TEST(test_window)
{
	levers lv;
	levers_init(&lv, 2026, 2, 3);
	ck_assert_int_eq(lv.n, 3);
	/* Three months shown across the year's end, and the one before. */
	ck_assert_int_eq(levers_key(&lv, 0), 202511);
	ck_assert_int_eq(levers_key(&lv, 1), 202512);
	ck_assert_int_eq(levers_key(&lv, 2), 202601);
	ck_assert_int_eq(levers_key(&lv, 3), 202602);
	levers_init(&lv, 2026, 12, 99);
	ck_assert_int_eq(lv.n, LEVERS_MAX_MONTHS);
	levers_init(&lv, 2026, 12, 0);
	ck_assert_int_eq(lv.n, 1);
	ck_assert_int_eq(levers_key(&lv, 0), 202611);
}
END_TEST

START_TEST(test_new)
{
	levers lv = six();
	/* First order in 2026-09: new then, ordering in 09 and 10. */
	int k1[] = { 202609, 202610 };
	int64_t t1[] = { 1000, 2000 };
	levers_add_customer(&lv, TIER_S, k1, t1, NULL, 2);
	/* First order before the window: never new in it. */
	int k2[] = { 202601, 202609 };
	int64_t t2[] = { 500, 700 };
	levers_add_customer(&lv, TIER_A, k2, t2, NULL, 2);
	/* First order in the month before the window (mon[0]). */
	int k3[] = { 202606 };
	int64_t t3[] = { 300 };
	levers_add_customer(&lv, TIER_B, k3, t3, NULL, 1);
	levers_finish(&lv);
	ck_assert_int_eq(lv.mon[0].new_customers, 1);      /* 2026-06 */
	ck_assert_int_eq(lv.mon[3].customers, 2);          /* 2026-09 */
	ck_assert_int_eq(lv.mon[3].new_customers, 1);
	ck_assert_int_eq(lv.mon[3].sales, 1700);
	ck_assert_int_eq(lv.mon[4].customers, 1);          /* 2026-10 */
	ck_assert_int_eq(lv.mon[4].new_customers, 0);
	ck_assert_int_eq(lv.mon[4].d_new, -1);
	ck_assert_int_eq(lv.mon[3].tier_customers[TIER_S], 1);
	ck_assert_int_eq(lv.mon[3].tier_sales[TIER_A], 700);
}
END_TEST

START_TEST(test_lost)
{
	levers lv = six();
	/* Ordered in 08, none in 09, 10, 11: lost in 11. */
	int a[] = { 202608 };
	int64_t t[] = { 100, 100, 100 };
	levers_add_customer(&lv, TIER_C, a, t, NULL, 1);
	/* Ordered in 08 and again in 11: two empty months, never lost. */
	int b[] = { 202608, 202611 };
	levers_add_customer(&lv, TIER_C, b, t, NULL, 2);
	/* Ordered in 07, back in 11 after three empty months: lost in 10. */
	int c[] = { 202607, 202611 };
	levers_add_customer(&lv, TIER_C, c, t, NULL, 2);
	/* Last order in 09: the current month (12) is its third without one. */
	int d[] = { 202609 };
	levers_add_customer(&lv, TIER_C, d, t, NULL, 1);
	/* Lost across a year's end: 2026-03 is before the window; lost in 06
	 * (mon[0]); ordered 2025-12, lost 2026-03, outside. */
	int e[] = { 202512, 202603 };
	levers_add_customer(&lv, TIER_C, e, t, NULL, 2);
	/* Never ordered: nothing. */
	levers_add_customer(&lv, TIER_C, NULL, NULL, NULL, 0);
	levers_finish(&lv);
	ck_assert_int_eq(lv.mon[0].lost, 1);   /* 06: e */
	ck_assert_int_eq(lv.mon[3].lost, 0);   /* 09 */
	ck_assert_int_eq(lv.mon[4].lost, 1);   /* 10: c */
	ck_assert_int_eq(lv.mon[5].lost, 1);   /* 11: a, not b */
	ck_assert_int_eq(lv.mon[6].lost, 1);   /* 12: d */
	ck_assert_int_eq(lv.mon[5].customers, 2);
	ck_assert_int_eq(lv.mon[6].d_lost, 0);
}
END_TEST

START_TEST(test_zero_denominators)
{
	levers lv = six();
	int k[] = { 202611 };
	int64_t t[] = { 9000 };
	levers_add_customer(&lv, TIER_A, k, t, NULL, 1);
	/* November: one customer ordered, none contacted, no orders counted;
	 * December: nothing at all. */
	levers_set_counts(&lv, 5, 0, 4, 0);
	levers_finish(&lv);
	ck_assert(lv.mon[5].conversion == LEVERS_NONE);
	ck_assert(lv.mon[5].calls_per_order == LEVERS_NONE);
	ck_assert(lv.mon[5].order_value == LEVERS_NONE);
	ck_assert(lv.mon[6].conversion == LEVERS_NONE);
	ck_assert(lv.mon[6].d_conversion == LEVERS_NONE);
	ck_assert(lv.mon[6].d_order_value == LEVERS_NONE);
	ck_assert_int_eq(lv.mon[6].d_customers, -1);
	/* Out of range counts are ignored. */
	levers_set_counts(&lv, 7, 1, 1, 1);
	levers_set_counts(&lv, -1, 1, 1, 1);
	levers_worth w;
	tier_thresholds th = tier_default(TIER_METRIC_AMOUNT);
	levers_worth_of(&lv, &th, &w);
	/* The base is November: conversion needs contacts. */
	ck_assert_int_eq(w.conversion_point, 0);
	ck_assert_int_eq(w.order_value_10, 900);
	ck_assert_int_eq(w.new_customer[TIER_A], 9000);
	/* No S customer ordered: its threshold. */
	ck_assert_int_eq(w.new_customer[TIER_S], th.min[0]);
	ck_assert_int_eq(w.new_customer[TIER_D], 0);
	tier_thresholds tv = tier_default(TIER_METRIC_VOLUME);
	levers_worth_of(&lv, &tv, &w);
	ck_assert_int_eq(w.new_customer[TIER_S], 0);
}
END_TEST

START_TEST(test_changes_and_worth)
{
	levers lv = six();
	/* November: 3 customers of 10 contacted, 4 orders, ¥12,000, 8
	 * effective calls; December: 4 of 10, 5 orders, ¥20,000, 5 calls. */
	int nov[] = { 202611 }, both[] = { 202611, 202612 }, dec[] = { 202612 };
	int64_t t4000[] = { 400000, 500000 }, t5000[] = { 500000 };
	int64_t vol[] = { 30, -1 };
	levers_add_customer(&lv, TIER_S, nov, t4000, vol, 1);
	levers_add_customer(&lv, TIER_S, both, t4000, vol, 2);
	levers_add_customer(&lv, TIER_A, both, t4000, NULL, 2);
	levers_add_customer(&lv, TIER_B, dec, t5000, NULL, 1);
	levers_add_customer(&lv, TIER_B, dec, t5000, NULL, 1);
	levers_set_counts(&lv, 5, 10, 8, 4);
	levers_set_counts(&lv, 6, 10, 5, 5);
	levers_finish(&lv);
	const levers_month *n = &lv.mon[5], *d = &lv.mon[6];
	ck_assert_int_eq(n->customers, 3);
	ck_assert_int_eq(n->sales, 1200000);
	ck_assert_int_eq(n->volume, 60);
	ck_assert_int_eq(n->conversion, 300);      /* 30.0% */
	ck_assert_int_eq(n->calls_per_order, 200); /* 2.00 */
	ck_assert_int_eq(n->order_value, 300000);  /* ¥3,000 */
	ck_assert_int_eq(d->customers, 4);
	ck_assert_int_eq(n->new_customers, 3);
	ck_assert_int_eq(d->new_customers, 2);
	ck_assert_int_eq(d->d_new, -1);
	ck_assert_int_eq(d->volume, 0);            /* none given */
	ck_assert_int_eq(d->conversion, 400);
	ck_assert_int_eq(d->d_conversion, 100);    /* +10.0 points */
	ck_assert_int_eq(d->d_calls_per_order, -100);
	ck_assert_int_eq(d->order_value, 400000);
	ck_assert_int_eq(d->d_order_value, 100000);
	ck_assert_int_eq(d->d_customers, 1);
	levers_worth w;
	levers_worth_of(&lv, NULL, &w);
	ck_assert_ptr_eq(w.base, n);
	ck_assert_int_eq(w.new_customer[TIER_S], 400000);
	/* 10 contacted / 100 x ¥4,000 a customer = ¥400. */
	ck_assert_int_eq(w.conversion_point, 40000);
	ck_assert_int_eq(w.order_value_10, 120000);
	ck_assert_int_eq(w.volume_10, 6);
	/* Rounding: 2 / 3 = 66.7%. */
	levers_set_counts(&lv, 5, 3, 2, 3);
	levers_finish(&lv);
	ck_assert_int_eq(lv.mon[5].conversion, 1000);
	ck_assert_int_eq(lv.mon[5].calls_per_order, 67);
}
END_TEST

Suite *suite_levers(void)
{
	Suite *s = suite_create("levers");
	TCase *tc = tcase_create("levers");
	tcase_add_test(tc, test_window);
	tcase_add_test(tc, test_new);
	tcase_add_test(tc, test_lost);
	tcase_add_test(tc, test_zero_denominators);
	tcase_add_test(tc, test_changes_and_worth);
	suite_add_tcase(s, tc);
	return s;
}
