/* valid: the rules a bundle's values are held to, the command line's own. */
#include <stdio.h>
#include <string.h>

#include "repdesk/money.h"
#include "repdesk/record.h"
#include "repdesk/valid.h"
#include "suites.h"

#define OK(x) ck_assert_ptr_null(x)
#define BAD(x) ck_assert_ptr_nonnull(x)
#define T(s) valid_text((s), strlen(s), 100)

START_TEST(test_text)
{
	OK(T(""));
	OK(T("广州天河宾馆"));
	OK(T("line one\nline two\tcolumn"));
	OK(T("\xEF\xBF\xBD"));                   /* a literal U+FFFD */
	BAD(T("bell\a"));
	BAD(T("esc\x1b[31m"));
	BAD(T("cr\r"));
	BAD(T("del\x7f"));
	BAD(T("c1 \xC2\x85"));                   /* U+0085 NEL */
	BAD(T("c1 \xC2\x9F"));
	OK(T("\xC2\xA0 nbsp"));                  /* U+00A0 is text */
	BAD(T("bad \xFF utf-8"));
	BAD(T("cut \xE5\xB9"));
	BAD(valid_text("a\0b", 3, 100));         /* NUL inside */
	char big[102];
	memset(big, 'x', sizeof big);
	OK(valid_text(big, 100, 100));
	BAD(valid_text(big, 101, 100));
}
END_TEST

START_TEST(test_dates_months)
{
	OK(valid_date("2026-02-28"));
	OK(valid_date("2028-02-29"));
	BAD(valid_date("2026-02-31"));
	BAD(valid_date("2026-19-39"));
	BAD(valid_date("2026-02-29"));
	BAD(valid_date("2026-2-1"));
	BAD(valid_date("2026-02-01 "));
	BAD(valid_date(""));
	BAD(valid_date(NULL));
	OK(valid_month("2026-12"));
	BAD(valid_month("2026-19"));
	BAD(valid_month("2026-00"));
	BAD(valid_month("2026-1"));
}
END_TEST

START_TEST(test_money_uid_stamp)
{
	OK(valid_money(0));
	OK(valid_money(-1200));
	OK(valid_money(MONEY_MAX_FEN));
	OK(valid_money(-MONEY_MAX_FEN));
	BAD(valid_money(MONEY_MAX_FEN + 1));
	BAD(valid_money(INT64_MAX));
	BAD(valid_money(INT64_MIN));
	OK(valid_uid("01a2490f-7846-7858-bc16-583e438e0c74"));
	OK(valid_uid("A-1"));
	BAD(valid_uid(""));
	BAD(valid_uid("a b"));
	BAD(valid_uid("x\x1b"));
	OK(valid_stamp("2026-11-27T09:00:00.000Z.000000.0a1b2c3d"));
	BAD(valid_stamp("2026-11-27T09:00:00.000Z.000000.0A1B2C3D"));
	BAD(valid_stamp("2026-11-27T09:00:00Z"));
	BAD(valid_stamp("2026-13-27T09:00:00.000Z.000000.0a1b2c3d"));
	BAD(valid_stamp(NULL));
}
END_TEST

START_TEST(test_enumerations)
{
	ck_assert(valid_one_of("do-not-call", valid_statuses));
	ck_assert(!valid_one_of("gone", valid_statuses));
	ck_assert(valid_one_of("", valid_priorities));
	ck_assert(!valid_one_of("urgent", valid_priorities));
	ck_assert(valid_one_of("D", valid_tiers));
	ck_assert(!valid_one_of("E", valid_tiers));
	ck_assert(!valid_one_of("s", valid_tiers));
	ck_assert(valid_one_of("after-sales", valid_outcomes));
	ck_assert(!valid_one_of("hung-up", valid_outcomes));
	ck_assert(valid_one_of("challenge", valid_target_levels));
	ck_assert(valid_one_of("year", valid_target_levels));   /* a year plan's months */
	ck_assert(!valid_one_of("month", valid_target_levels));
	ck_assert(valid_one_of("tier-customers", valid_target_scopes));
	ck_assert(!valid_one_of("group", valid_target_scopes));
	ck_assert(!valid_one_of(NULL, valid_statuses));
	OK(valid_target_key("month", ""));
	BAD(valid_target_key("month", "S"));
	OK(valid_target_key("tier", "S"));
	BAD(valid_target_key("tier", "X"));
	OK(valid_target_key("method", "shares"));
	BAD(valid_target_key("method", "guess"));
	OK(valid_target_key("day", "2026-11-30"));
	BAD(valid_target_key("day", "2026-11-31"));
}
END_TEST

/* Every enumeration takes its Chinese words (what the reps write and what
 * the book shows) to the stored value, and nothing else. */
START_TEST(test_enum_words)
{
	static const struct { const char *in, *canon; } prio[] = {
		{ "key", "key" }, { "KEY", "key" }, { "重点", "key" }, { "中型", "medium" },
		{ "一般", "medium" }, { "小型", "small" }, { "小客户", "small" }, { " 小型 ", "small" },
	}, stat[] = {
		{ "active", "active" }, { "合作中", "active" }, { "潜在", "prospect" },
		{ "意向客户", "prospect" }, { "流失", "lost" }, { "已流失", "lost" },
		{ "勿扰", "do-not-call" }, { "DNC", "do-not-call" },
	};

	for (size_t i = 0; i < sizeof prio / sizeof *prio; i++)
		ck_assert_str_eq(valid_word_find(valid_priority_words, prio[i].in), prio[i].canon);
	for (size_t i = 0; i < sizeof stat / sizeof *stat; i++)
		ck_assert_str_eq(valid_word_find(valid_status_words, stat[i].in), stat[i].canon);
	ck_assert_ptr_null(valid_word_find(valid_priority_words, "巨型"));
	ck_assert_ptr_null(valid_word_find(valid_priority_words, "合作中"));
	ck_assert_ptr_null(valid_word_find(valid_status_words, "重点"));
	ck_assert_ptr_null(valid_word_find(valid_status_words, NULL));
	/* Every word stands for a value the book stores. */
	for (const valid_word *w = valid_priority_words; w->in; w++)
		ck_assert(valid_one_of(w->canon, valid_priorities));
	for (const valid_word *w = valid_status_words; w->in; w++)
		ck_assert(valid_one_of(w->canon, valid_statuses));
	/* Outcomes as the workbench shows them (有效, 无人接听, 占线, 拒绝, 约回电,
	 * 订单, 售后) are the registry's words. */
	static const char *const shown[][2] = {
		{ "有效", "effective" }, { "无人接听", "no-answer" }, { "占线", "busy" },
		{ "拒绝", "refused" }, { "约回电", "callback" }, { "订单", "order" },
		{ "下单", "order" }, { "售后", "after-sales" },
	};
	for (size_t i = 0; i < sizeof shown / sizeof *shown; i++)
		ck_assert_str_eq(record_outcome_canon(shown[i][0]), shown[i][1]);
}
END_TEST

START_TEST(test_choices)
{
	char out[256];

	ck_assert_ptr_null(valid_choices_parse("爽朗型,细致型,节奏快速型,爱表现型", out, sizeof out));
	ck_assert_str_eq(out, "爽朗型,细致型,节奏快速型,爱表现型");
	ck_assert_ptr_null(valid_choices_parse(" 好 ，一般、差;; ", out, sizeof out));
	ck_assert_str_eq(out, "好,一般,差");
	ck_assert(valid_choice_ok(out, "一般"));
	ck_assert(valid_choice_ok(out, "差"));
	ck_assert(valid_choice_ok(out, ""));           /* no value */
	ck_assert(!valid_choice_ok(out, "一"));         /* whole choices only */
	ck_assert(!valid_choice_ok(out, "好,一般"));
	ck_assert(!valid_choice_ok(out, "很好"));
	ck_assert_ptr_nonnull(valid_choices_parse("好,好", out, sizeof out));
	ck_assert_ptr_nonnull(valid_choices_parse(" , ，", out, sizeof out));
	ck_assert_ptr_nonnull(valid_choices_parse("", out, sizeof out));
	ck_assert_ptr_nonnull(valid_choices_parse("甲甲甲甲,乙乙乙乙", out, 12));
}
END_TEST

/* A choice list from another book (a bundle): its attribute and its list
 * as `config choices` takes and keeps them. */
#define ATTR(s) valid_choices_attr(s, strlen(s))
#define LIST(s) valid_choices_list(s, strlen(s))
START_TEST(test_choices_kept)
{
	ck_assert_ptr_null(ATTR("性格"));
	ck_assert_ptr_null(ATTR("口味 two words"));
	ck_assert_str_eq(ATTR(""), "empty");
	ck_assert_str_eq(ATTR("type"), "a fixed field, not an attribute");
	ck_assert_str_eq(ATTR("重要程度"), "a fixed field, not an attribute");   /* in Chinese too */
	ck_assert_str_eq(ATTR("Referred_By"), "a fixed field, not an attribute");
	ck_assert_str_eq(ATTR("性\x1b格"), "a control character in text");
	char big[VALID_CHOICES_ATTR_MAX + 2];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ck_assert_str_eq(ATTR(big), "text too long");
	big[VALID_CHOICES_ATTR_MAX] = '\0';
	ck_assert_ptr_null(ATTR(big));

	ck_assert_ptr_null(LIST("爽朗型,细致型,节奏快速型,爱表现型"));
	ck_assert_ptr_null(LIST("好"));
	ck_assert_ptr_null(LIST("two words,x y"));
	ck_assert_str_eq(LIST("好,好"), "a choice is given twice");
	ck_assert_str_eq(LIST(""), "no choices given");
	ck_assert_str_eq(LIST("a\nb"), "a choice holds a line break");
	ck_assert_str_eq(LIST("a\x07,b"), "a control character in text");
	/* What a command would have taken, but not as the book keeps it. */
	ck_assert_str_eq(LIST("好，一般"), "not a choice list as repdesk keeps one");
	ck_assert_str_eq(LIST(" 好,一般"), "not a choice list as repdesk keeps one");
	ck_assert_str_eq(LIST("好,,一般"), "not a choice list as repdesk keeps one");
	ck_assert_str_eq(LIST("好,"), "not a choice list as repdesk keeps one");
	ck_assert_str_eq(valid_choices_list("好\0,差", 7), "a control character in text");
	char long_list[VALID_CHOICES_MAX + 8];
	size_t n = 0;
	for (int i = 0; n + 5 < sizeof long_list; i++)
		n += (size_t)snprintf(long_list + n, sizeof long_list - n, "%s%03d", i ? "," : "", i % 1000);
	ck_assert_ptr_nonnull(LIST(long_list));        /* longer than a command takes */
}
END_TEST

START_TEST(test_clamp)
{
	/* 2026-11-27T03:40:00.123Z */
	const uint64_t now = UINT64_C(1795750800123);
	char out[HLC_STAMP_BUFSZ];
	uint64_t ahead;

	ck_assert(!valid_clamp_stamp("2026-11-27T03:40:00.123Z.000004.0a1b2c3d", now, out, &ahead));
	ck_assert_uint_eq(ahead, 0);
	ck_assert(!valid_clamp_stamp("2026-11-27T03:50:00.123Z.000004.0a1b2c3d", now, out, &ahead));
	ck_assert_uint_eq(ahead, 600000);      /* 10 minutes ahead: a fast clock, kept */
	ck_assert(valid_clamp_stamp("2026-11-27T03:50:00.124Z.000004.0a1b2c3d", now, out, &ahead));
	ck_assert_uint_eq(ahead, 600001);
	ck_assert_str_eq(out, "2026-11-27T03:40:00.123Z.000004.0a1b2c3d");
	ck_assert(valid_clamp_stamp("2026-11-28T03:40:00.123Z.000000.0a1b2c3d", now, out, &ahead));
	ck_assert_uint_eq(ahead, 86400000);
	ck_assert(valid_clamp_stamp("9999-12-31T23:59:59.999Z.999999.ffffffff", now, out, &ahead));
	ck_assert_str_eq(out, "2026-11-27T03:40:00.123Z.999999.ffffffff");
	ck_assert(!valid_clamp_stamp("2020-01-01T00:00:00.000Z.000000.0a1b2c3d", now, out, &ahead));
	ck_assert(!valid_clamp_stamp("garbage", now, out, &ahead));
}
END_TEST

Suite *suite_valid(void)
{
	Suite *s = suite_create("valid");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_dates_months);
	tcase_add_test(tc, test_money_uid_stamp);
	tcase_add_test(tc, test_enumerations);
	tcase_add_test(tc, test_enum_words);
	tcase_add_test(tc, test_choices);
	tcase_add_test(tc, test_choices_kept);
	tcase_add_test(tc, test_clamp);
	suite_add_tcase(s, tc);
	return s;
}
