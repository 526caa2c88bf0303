/* contactrole: the known roles by key, English name and Chinese word; any
 * other word kept as typed. */
#include <string.h>

#include "repdesk/contactrole.h"
#include "suites.h"

START_TEST(test_contact_role_find)
{
	ck_assert_int_eq(contact_role_find("boss"), CONTACT_ROLE_BOSS);
	ck_assert_int_eq(contact_role_find("老板"), CONTACT_ROLE_BOSS);
	ck_assert_int_eq(contact_role_find(" 工程师 "), CONTACT_ROLE_ENGINEER);
	ck_assert_int_eq(contact_role_find("Decision-Maker"), CONTACT_ROLE_DECISION);
	ck_assert_int_eq(contact_role_find("decision maker"), CONTACT_ROLE_DECISION);
	ck_assert_int_eq(contact_role_find("决策人"), CONTACT_ROLE_DECISION);
	ck_assert_int_eq(contact_role_find("经理"), CONTACT_ROLE_MANAGER);
	ck_assert_int_eq(contact_role_find("采购"), CONTACT_ROLE_PURCHASER);
	ck_assert_int_eq(contact_role_find("财务"), CONTACT_ROLE_FINANCE);
	ck_assert_int_eq(contact_role_find("前台"), CONTACT_ROLE_FRONT_DESK);
	ck_assert_int_eq(contact_role_find("front desk"), CONTACT_ROLE_FRONT_DESK);
	ck_assert_int_eq(contact_role_find("出纳"), CONTACT_ROLE_NONE);
	ck_assert_int_eq(contact_role_find(""), CONTACT_ROLE_NONE);
	ck_assert_int_eq(contact_role_find(NULL), CONTACT_ROLE_NONE);
	for (int i = 0; i < CONTACT_ROLE_COUNT; i++)
		ck_assert_int_eq(contact_role_find(contact_roles[i].key), i);
}
END_TEST

START_TEST(test_contact_role_canon)
{
	char buf[64];

	ck_assert_str_eq(contact_role_canon("老板", buf, sizeof buf), "boss");
	ck_assert_str_eq(contact_role_canon("Engineer", buf, sizeof buf), "engineer");
	ck_assert_str_eq(contact_role_canon("  出纳 ", buf, sizeof buf), "出纳");
	ck_assert_str_eq(contact_role_canon("", buf, sizeof buf), "");
	ck_assert_str_eq(contact_role_name("front-desk"), "front desk");
	ck_assert_str_eq(contact_role_name("出纳"), "出纳");
	ck_assert_str_eq(contact_role_name(NULL), "");
}
END_TEST

Suite *suite_contactrole(void)
{
	Suite *s = suite_create("contactrole");
	TCase *t = tcase_create("roles");
	tcase_add_test(t, test_contact_role_find);
	tcase_add_test(t, test_contact_role_canon);
	suite_add_tcase(s, t);
	return s;
}
