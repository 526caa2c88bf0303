/* conffile: every documented line of the config file is understood, in
 * each spelling the guide uses; anything else is named as unknown or bad. */
#include <stdio.h>
#include <string.h>

#include "repdesk/conffile.h"
#include "suites.h"

static conffile_kind parse(const char *text, char *a1, char *a2)
{
	char line[256];
	const char *x, *y;
	snprintf(line, sizeof line, "%s", text);
	conffile_kind k = conffile_line(line, &x, &y);
	snprintf(a1, 64, "%s", x ? x : "(null)");
	snprintf(a2, 64, "%s", y ? y : "(null)");
	return k;
}

START_TEST(test_conffile_lines)
{
	char a[64], b[64];

	ck_assert_int_eq(parse("", a, b), CONFFILE_BLANK);
	ck_assert_int_eq(parse("   \t\r\n", a, b), CONFFILE_BLANK);
	ck_assert_int_eq(parse("# language = en", a, b), CONFFILE_BLANK);
	ck_assert_int_eq(parse("  #bind q quit", a, b), CONFFILE_BLANK);

	ck_assert_int_eq(parse("language = zh_CN\n", a, b), CONFFILE_LANGUAGE);
	ck_assert_str_eq(a, "zh_CN");
	ck_assert_int_eq(parse("language=en\r\n", a, b), CONFFILE_LANGUAGE);
	ck_assert_str_eq(a, "en");
	ck_assert_int_eq(parse("  language en", a, b), CONFFILE_LANGUAGE);
	ck_assert_str_eq(a, "en");
	ck_assert_int_eq(parse("language =", a, b), CONFFILE_BAD);
	ck_assert_int_eq(parse("language = zh_CN en", a, b), CONFFILE_BAD);

	ck_assert_int_eq(parse("bind ^N down", a, b), CONFFILE_BIND);
	ck_assert_str_eq(a, "^N");
	ck_assert_str_eq(b, "down");
	ck_assert_int_eq(parse("bind = zoom\n", a, b), CONFFILE_BIND);   /* the '=' key */
	ck_assert_str_eq(a, "=");
	ck_assert_str_eq(b, "zoom");
	ck_assert_int_eq(parse("bind <F2>", a, b), CONFFILE_BAD);
	ck_assert_int_eq(parse("bind a b c", a, b), CONFFILE_BAD);

	ck_assert_int_eq(parse("colour = red", a, b), CONFFILE_UNKNOWN);
	ck_assert_str_eq(a, "colour");
	ck_assert_int_eq(parse("daly_calls=60", a, b), CONFFILE_UNKNOWN);
	ck_assert_str_eq(a, "daly_calls");
	ck_assert_int_eq(parse("languages zh", a, b), CONFFILE_UNKNOWN);
}
END_TEST

Suite *suite_conffile(void)
{
	Suite *s = suite_create("conffile");
	TCase *tc = tcase_create("conffile");
	tcase_add_test(tc, test_conffile_lines);
	suite_add_tcase(s, tc);
	return s;
}
