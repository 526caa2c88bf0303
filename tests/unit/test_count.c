/* count: thousands separators, the cap's "+", and cutting to the buffer. */
#include <stdint.h>

#include "repdesk/count.h"
#include "suites.h"

START_TEST(test_count_groups)
{
	char b[COUNT_BUFSZ];

	ck_assert_str_eq(count_format(0, 0, b, sizeof b), "0");
	ck_assert_str_eq(count_format(999, 0, b, sizeof b), "999");
	ck_assert_str_eq(count_format(1000, 0, b, sizeof b), "1,000");
	ck_assert_str_eq(count_format(1204, 0, b, sizeof b), "1,204");
	ck_assert_str_eq(count_format(1000000, 0, b, sizeof b), "1,000,000");
	ck_assert_str_eq(count_format(-123, 0, b, sizeof b), "-123");
	ck_assert_str_eq(count_format(-1234, 0, b, sizeof b), "-1,234");
	ck_assert_str_eq(count_format(INT64_MAX, 0, b, sizeof b), "9,223,372,036,854,775,807");
	ck_assert_str_eq(count_format(INT64_MIN, 0, b, sizeof b), "-9,223,372,036,854,775,808");
}
END_TEST

START_TEST(test_count_cap)
{
	char b[COUNT_BUFSZ];

	ck_assert_str_eq(count_format(4999, 5000, b, sizeof b), "4,999");
	ck_assert_str_eq(count_format(5000, 5000, b, sizeof b), "5,000+");
	ck_assert_str_eq(count_format(500, 500, b, sizeof b), "500+");
	ck_assert_str_eq(count_format(0, 0, b, sizeof b), "0");
}
END_TEST

/* A short buffer holds a NUL-terminated beginning, never a dangling comma. */
START_TEST(test_count_cut)
{
	char b[COUNT_BUFSZ];

	ck_assert_str_eq(count_format(1234567, 0, b, 6), "1,234");
	ck_assert_str_eq(count_format(1234567, 0, b, 3), "1");
	ck_assert_str_eq(count_format(5000, 5000, b, 6), "5,000");
	ck_assert_str_eq(count_format(12, 0, b, 1), "");
	b[0] = 'x';
	count_format(12, 0, b, 0);
	ck_assert_int_eq(b[0], 'x');
}
END_TEST

Suite *suite_count(void)
{
	Suite *s = suite_create("count");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_count_groups);
	tcase_add_test(tc, test_count_cap);
	tcase_add_test(tc, test_count_cut);
	suite_add_tcase(s, tc);
	return s;
}
