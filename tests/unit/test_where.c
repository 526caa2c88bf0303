/* where: filter clauses parsed, their fields found in English, Chinese or
 * among the attributes, values made canonical, and every error. */
#include <string.h>

#include "repdesk/where.h"
#include "repdesk/custfield.h"
#include "suites.h"

static const char *const attrs[] = { "性格", "星级" };

static where_clause w;
static char err[4096];

static bool parse(const char *s)
{
	err[0] = '\0';
	return where_parse(s, attrs, 2, &w, err, sizeof err);
}

START_TEST(test_where_operators)
{
	static const struct { const char *s; where_op op; } cases[] = {
		{ "type=快消零售", WHERE_EQ }, { "type != 快消零售", WHERE_NE }, { "stores<3", WHERE_LT },
		{ "stores<=3", WHERE_LE }, { "stores>3", WHERE_GT }, { "stores >= 3", WHERE_GE },
		{ "name~店", WHERE_HAS }, { "tier in S,A", WHERE_IN }, { "phone empty", WHERE_EMPTY },
		{ "phone not empty", WHERE_NOT_EMPTY }, { "phone NOT EMPTY", WHERE_NOT_EMPTY },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ck_assert_msg(parse(cases[i].s), "%s: %s", cases[i].s, err);
		ck_assert_int_eq(w.op, cases[i].op);
	}
	ck_assert(parse("type != 快消零售"));
	ck_assert_str_eq(w.name, "type");
	ck_assert_str_eq(w.text[0], "快消零售");
	ck_assert(parse("phone not empty"));
	ck_assert_str_eq(w.name, "phone");
	ck_assert_int_eq((int)w.n, 0);
}
END_TEST

START_TEST(test_where_fields)
{
	ck_assert(parse("客户类型=酒店"));
	ck_assert_int_eq(w.source, WHERE_FIXED);
	ck_assert_int_eq(w.field, CUSTFIELD_TYPE);
	ck_assert_str_eq(w.name, "type");
	ck_assert(parse("性格=爽朗型"));
	ck_assert_int_eq(w.source, WHERE_ATTR);
	ck_assert_str_eq(w.name, "性格");
	ck_assert(!w.numeric[0]);
	ck_assert(parse("星级>=4"));
	ck_assert(w.numeric[0]);
	ck_assert(parse("等级=S"));
	ck_assert_int_eq(w.source, WHERE_COMPUTED);
	ck_assert_int_eq(w.field, WHERE_C_TIER);
	ck_assert(parse("days_since_contact>30"));
	ck_assert_int_eq(w.field, WHERE_C_DAYS_SINCE_CONTACT);
	ck_assert_int_eq(w.num[0], 30);
	ck_assert(parse("last_order>=2026-11-01"));
	ck_assert_int_eq(w.kind, WHERE_V_DATE);
}
END_TEST

START_TEST(test_where_values)
{
	ck_assert(parse("monthly_amount>=1万"));
	ck_assert_int_eq(w.num[0], 1000000);
	ck_assert(parse("open_balance > 5,000"));
	ck_assert_int_eq(w.num[0], 500000);
	ck_assert(parse("tier in S, a，B"));
	ck_assert_int_eq((int)w.n, 3);
	ck_assert_int_eq(w.num[0], 0);
	ck_assert_int_eq(w.num[1], 1);
	ck_assert_int_eq(w.num[2], 2);
	ck_assert(parse("priority=重点"));
	ck_assert_str_eq(w.text[0], "key");
	ck_assert(parse("status in 潜在,lost"));
	ck_assert_str_eq(w.text[0], "prospect");
	ck_assert_str_eq(w.text[1], "lost");
	ck_assert(parse("store_band=10-29"));
	ck_assert_int_eq(w.num[0], 1);
	ck_assert(parse("amount_band=0-999"));
	ck_assert_int_eq(w.num[0], 3);
	ck_assert_str_eq(where_amount_band(1000000), "10000+");
	ck_assert_str_eq(where_amount_band(99999), "0-999");
	ck_assert_str_eq(where_amount_band(500000), "5000-9999");
}
END_TEST

START_TEST(test_where_errors)
{
	ck_assert(!parse("colour=red"));
	ck_assert(strstr(err, "colour") && strstr(err, "性格") && strstr(err, "store_band"));
	ck_assert(!parse("store_band=5"));
	ck_assert(strstr(err, "30+, 10-29, 3-9, 0-2"));
	ck_assert(!parse("amount_band=big"));
	ck_assert(strstr(err, "10000+, 5000-9999, 1000-4999, 0-999"));
	ck_assert(!parse("tier=X"));
	ck_assert(strstr(err, "S, A, B, C, D"));
	ck_assert(!parse("priority=huge"));
	ck_assert(strstr(err, "key"));
	ck_assert(!parse("stores>=many"));
	ck_assert(!parse("monthly_amount>lots"));
	ck_assert(!parse("last_order<soon"));
	ck_assert(!parse("days_since_contact>3.5"));
	ck_assert(!parse("stores~1"));
	ck_assert(!parse("tier<B"));
	ck_assert(!parse("tier in"));
	ck_assert(!parse("stores="));
	ck_assert(!parse("just words"));
	ck_assert(!parse("=1"));
	ck_assert(!parse(""));
	ck_assert(!parse("tier in S,A,B,C,D,S,A,B,C,D,S,A,B,C,D,S,A"));
}
END_TEST

/* A bundle's segment rows are held to the filters' form, whatever fields a
 * book has. */
START_TEST(test_where_lines)
{
	ck_assert_ptr_null(where_check_lines("性格=爽朗型\ntier in S,A\nphone not empty"));
	ck_assert_ptr_null(where_check_lines("anything~x"));
	ck_assert_ptr_nonnull(where_check_lines(""));
	ck_assert_ptr_nonnull(where_check_lines("no operator here"));
	ck_assert_ptr_nonnull(where_check_lines("a=1\n=2"));
}
END_TEST

Suite *suite_where(void)
{
	Suite *s = suite_create("where");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_where_operators);
	tcase_add_test(tc, test_where_fields);
	tcase_add_test(tc, test_where_values);
	tcase_add_test(tc, test_where_errors);
	tcase_add_test(tc, test_where_lines);
	suite_add_tcase(s, tc);
	return s;
}
