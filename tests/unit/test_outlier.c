/* Amounts far outside a customer's history. */
#include "repdesk/outlier.h"
#include "suites.h"

START_TEST(test_outlier_against_target)
{
	/* ¥12,000 a month: ¥120,000 is ten times it, ¥119,999.99 is not. */
	ck_assert_int_eq(outlier_multiple(12000000, 1200000, 0), 10);
	ck_assert_int_eq(outlier_multiple(11999999, 1200000, 0), 0);
	ck_assert_int_eq(outlier_multiple(36000000, 1200000, 500000), 30);
	/* The target counts first, the monthly amount only without one. */
	ck_assert_int_eq(outlier_multiple(6000000, 1200000, 500000), 0);
	ck_assert_int_eq(outlier_multiple(6000000, 0, 500000), 12);
}
END_TEST

START_TEST(test_outlier_nothing_to_measure)
{
	ck_assert_int_eq(outlier_multiple(99900000000, 0, 0), 0);
	ck_assert_int_eq(outlier_multiple(-50000000, 100000, 0), 0);    /* a refund */
	ck_assert_int_eq(outlier_multiple(0, 100000, 0), 0);
	ck_assert_int_eq(outlier_multiple(INT64_MAX, 1, 0), INT64_MAX);
	ck_assert_int_eq(outlier_multiple(INT64_MAX, INT64_MAX, 0), 0);
}
END_TEST

Suite *suite_outlier(void)
{
	Suite *s = suite_create("outlier");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_outlier_against_target);
	tcase_add_test(tc, test_outlier_nothing_to_measure);
	suite_add_tcase(s, tc);
	return s;
}
