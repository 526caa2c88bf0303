/* err: a refusal's message lands in the caller's buffer, cut to fit, and
 * the answer is always false. */
#include <string.h>

#include "repdesk/err.h"
#include "suites.h"

START_TEST(test_err_fail_formats)
{
	char err[64] = "stale";

	ck_assert(!err_fail(err, sizeof err, "line %d: %s", 7, "is empty"));
	ck_assert_str_eq(err, "line 7: is empty");
	/* A message with a percent sign passes through "%s" untouched. */
	ck_assert(!err_fail(err, sizeof err, "%s", "50% off"));
	ck_assert_str_eq(err, "50% off");
}
END_TEST

START_TEST(test_err_fail_cuts_and_tolerates_no_buffer)
{
	char err[6];

	ck_assert(!err_fail(err, sizeof err, "%s", "is not an amount"));
	ck_assert_str_eq(err, "is no");
	ck_assert(!err_fail(NULL, 0, "%s", "nobody reads this"));
	err[0] = 'x';
	ck_assert(!err_fail(err, 0, "%s", "no room"));
	ck_assert_int_eq(err[0], 'x');
}
END_TEST

Suite *suite_err(void)
{
	Suite *s = suite_create("err");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_err_fail_formats);
	tcase_add_test(tc, test_err_fail_cuts_and_tolerates_no_buffer);
	suite_add_tcase(s, tc);
	return s;
}
