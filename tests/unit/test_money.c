/* money: every accepted form gives the exact fen, every refused form says why,
 * formatting round-trips, and nothing depends on the locale. */
#include <locale.h>
#include <string.h>

#include "repdesk/money.h"
#include "suites.h"

static int64_t parse_ok(const char *text)
{
	int64_t fen = INT64_C(-777);
	char err[64] = "";

	ck_assert_msg(money_parse(text, &fen, err, sizeof err), "'%s' refused: %s", text, err);
	return fen;
}

static const char *parse_err(const char *text)
{
	static char err[64];
	int64_t fen = INT64_C(-777);

	strcpy(err, "(unset)");
	ck_assert_msg(!money_parse(text, &fen, err, sizeof err), "'%s' accepted as %lld", text,
		      (long long)fen);
	ck_assert_int_eq(fen, -777);	/* untouched on failure */
	return err;
}

static const struct {
	const char *text;
	int64_t fen;
} accepted[] = {
	{ "12000", 1200000 },
	{ "12,000", 1200000 },
	{ "¥12,000.50", 1200050 },
	{ "￥12,000.50", 1200050 },
	{ "12000元", 1200000 },
	{ "12,000元", 1200000 },
	{ "12000 元", 1200000 },
	{ "1.5 万 元", 1500000 },
	{ "1.5万", 1500000 },
	{ "1.5万元", 1500000 },
	{ "2万5", 2500000 },
	{ "2万5千", 2500000 },
	{ "2万5元", 2500000 },
	{ "0.8万", 800000 },
	{ "3万", 3000000 },
	{ "1.2345万", 1234500 },
	{ "1.234567万", 1234567 },
	{ "-300", -30000 },
	{ "-¥300", -30000 },
	{ "¥-300", -30000 },
	{ "¥ 300", 30000 },
	{ "１２０００", 1200000 },
	{ "１２，０００．５０", 1200050 },
	{ "－３００", -30000 },
	{ "  12000  ", 1200000 },
	{ "\t12000\t", 1200000 },
	{ "\u300012000\u3000", 1200000 },
	{ "\u00a012,000\u00a0", 1200000 },
	{ "12000                                                                     ", 1200000 },
	{ "0", 0 },
	{ "-0", 0 },
	{ "0.01", 1 },
	{ "19.99", 1999 },
	{ "0.1", 10 },
	{ "007", 700 },
	{ "1,000,000", 100000000 },
	{ "999", 99900 },
	{ "10000000000000", INT64_C(1000000000000000) },
	{ "-10,000,000,000,000.00", -INT64_C(1000000000000000) },
	{ "100000000万", INT64_C(100000000000000) },
	{ "1000000000万", INT64_C(1000000000000000) },
	{ "8千", 800000 },
	{ "8 千", 800000 },
	{ "¥8千", 800000 },
	{ "8千元", 800000 },
	{ "8千块", 800000 },
	{ "5000块", 500000 },
	{ "5,000 块", 500000 },
	{ "3千5", 350000 },
	{ "3千5百", 350000 },
	{ "3千5块", 350000 },
	{ "1.5千", 150000 },
	{ "0.00001千", 1 },
	{ "-2千", -200000 },
	{ "1万2", 1200000 },
	{ "1万2千", 1200000 },
	{ "1万2块", 1200000 },
	{ "10000000000千", INT64_C(1000000000000000) },
};

START_TEST(test_money_accepts)
{
	ck_assert_int_eq(parse_ok(accepted[_i].text), accepted[_i].fen);
}
END_TEST

static const struct {
	const char *text;
	const char *why;
} refused[] = {
	{ "", "is empty" },
	{ "   ", "is empty" },
	{ "\u3000", "is empty" },
	{ "12x", "is not an amount" },
	{ "1..2", "is not an amount" },
	{ "1,2,3,4", "has misplaced thousands separators" },
	{ "1,2000", "has misplaced thousands separators" },
	{ "12,00", "has misplaced thousands separators" },
	{ "1234,567", "has misplaced thousands separators" },
	{ ",100", "has misplaced thousands separators" },
	{ "100,", "is not an amount" },
	{ "0.295", "has more than two decimals" },
	{ "1.2345678万", "is finer than a fen" },
	{ "1e5", "is not an amount" },
	{ "(300)", "is not an amount" },
	{ "12345678901234567890", "is too large" },
	{ "99999999999999999999999999999999999999", "is too large" },
	{ "10000000000000.01", "is too large" },
	{ "-10000000000001", "is too large" },
	{ "1000000001万", "is too large" },
	{ "1000000000.000001万", "is too large" },
	{ "¥", "is not an amount" },
	{ "万", "is not an amount" },
	{ "元", "is not an amount" },
	{ "-", "is not an amount" },
	{ "--3", "is not an amount" },
	{ "-¥-3", "is not an amount" },
	{ "1万万", "is not an amount" },
	{ "1.5万5", "is not an amount" },
	{ "2万50", "is not an amount" },
	{ "2万 5", "is not an amount" },
	{ "2 万5 千", "is not an amount" },
	{ ".5", "is not an amount" },
	{ "5.", "is not an amount" },
	{ "12 000", "is not an amount" },
	{ "+300", "is not an amount" },
	{ "$300", "is not an amount" },
	{ "12000元元", "is not an amount" },
	{ "300-", "is not an amount" },
	{ "1 2", "is not an amount" },
	{ "\xff" "12", "is not an amount" },
	{ "1234567890123456789012345678901234567890123456789012345678901234567890", "is too long" },
	{ "千", "is not an amount" },
	{ "块", "is not an amount" },
	{ "3千50", "is not an amount" },
	{ "3千 5", "is not an amount" },
	{ "3千5千", "is not an amount" },
	{ "1.5千5", "is not an amount" },
	{ "8千万", "is not an amount" },
	{ "8万千", "is not an amount" },
	{ "1万2千5", "is not an amount" },
	{ "2万5百", "is not an amount" },
	{ "3千5万", "is not an amount" },
	{ "5000块元", "is not an amount" },
	{ "5000块块", "is not an amount" },
	{ "块5000", "is not an amount" },
	{ "0.000001千", "is finer than a fen" },
	{ "1.123456千", "is finer than a fen" },
	{ "10000000001千", "is too large" },
};

START_TEST(test_money_refuses)
{
	ck_assert_str_eq(parse_err(refused[_i].text), refused[_i].why);
}
END_TEST

START_TEST(test_money_err_buffer)
{
	int64_t fen;
	char err[4];

	/* A short buffer still gets a terminated (cut) reason. */
	ck_assert(!money_parse("x", &fen, err, sizeof err));
	ck_assert_str_eq(err, "is ");
	ck_assert(!money_parse("x", &fen, NULL, 0));
	ck_assert(!money_parse(NULL, &fen, err, sizeof err));
}
END_TEST

START_TEST(test_money_format)
{
	char buf[MONEY_BUFSZ];

	ck_assert_str_eq(money_format(1200000, buf, sizeof buf), "¥12,000");
	ck_assert_str_eq(money_format(1200050, buf, sizeof buf), "¥12,000.50");
	ck_assert_str_eq(money_format(-30000, buf, sizeof buf), "-¥300");
	ck_assert_str_eq(money_format(0, buf, sizeof buf), "¥0");
	ck_assert_str_eq(money_format(5, buf, sizeof buf), "¥0.05");
	ck_assert_str_eq(money_format(-5, buf, sizeof buf), "-¥0.05");
	ck_assert_str_eq(money_format(99900, buf, sizeof buf), "¥999");
	ck_assert_str_eq(money_format(100000, buf, sizeof buf), "¥1,000");
	ck_assert_str_eq(money_format(123456789012, buf, sizeof buf), "¥1,234,567,890.12");
	ck_assert_str_eq(money_format(INT64_MIN, buf, sizeof buf), "-¥92,233,720,368,547,758.08");
	ck_assert_str_eq(money_format(INT64_MAX, buf, sizeof buf), "¥92,233,720,368,547,758.07");
}
END_TEST

START_TEST(test_money_format_csv)
{
	char buf[MONEY_BUFSZ];

	ck_assert_str_eq(money_format_csv(1200000, buf, sizeof buf), "12000.00");
	ck_assert_str_eq(money_format_csv(-30000, buf, sizeof buf), "-300.00");
	ck_assert_str_eq(money_format_csv(0, buf, sizeof buf), "0.00");
	ck_assert_str_eq(money_format_csv(1200050, buf, sizeof buf), "12000.50");
	ck_assert_str_eq(money_format_csv(-1, buf, sizeof buf), "-0.01");
	ck_assert_str_eq(money_format_csv(INT64_MIN, buf, sizeof buf), "-92233720368547758.08");
}
END_TEST

START_TEST(test_money_format_yuan)
{
	char buf[MONEY_BUFSZ];

	ck_assert_str_eq(money_format_yuan(1200000, buf, sizeof buf), "12,000");
	ck_assert_str_eq(money_format_yuan(1200049, buf, sizeof buf), "12,000");
	ck_assert_str_eq(money_format_yuan(1200050, buf, sizeof buf), "12,001");
	ck_assert_str_eq(money_format_yuan(-1200050, buf, sizeof buf), "-12,001");
	ck_assert_str_eq(money_format_yuan(-40, buf, sizeof buf), "0");
	ck_assert_str_eq(money_format_yuan(-50, buf, sizeof buf), "-1");
	ck_assert_str_eq(money_format_yuan(0, buf, sizeof buf), "0");
	ck_assert_str_eq(money_format_yuan(99999999, buf, sizeof buf), "1,000,000");
}
END_TEST

START_TEST(test_money_format_wan)
{
	char buf[MONEY_BUFSZ];

	ck_assert_str_eq(money_format_wan(21230000, buf, sizeof buf), "¥21.23万");
	ck_assert_str_eq(money_format_wan(40000000, buf, sizeof buf), "¥40万");
	ck_assert_str_eq(money_format_wan(1500000, buf, sizeof buf), "¥1.5万");
	ck_assert_str_eq(money_format_wan(1000000, buf, sizeof buf), "¥1万");
	ck_assert_str_eq(money_format_wan(999999, buf, sizeof buf), "¥9,999.99");   /* under ¥10,000 */
	ck_assert_str_eq(money_format_wan(21234999, buf, sizeof buf), "¥21.23万");  /* ¥212,349.99 */
	ck_assert_str_eq(money_format_wan(21235000, buf, sizeof buf), "¥21.24万");  /* half up */
	ck_assert_str_eq(money_format_wan(-21235000, buf, sizeof buf), "-¥21.24万");
	ck_assert_str_eq(money_format_wan(100650000, buf, sizeof buf), "¥100.65万");
	ck_assert_str_eq(money_format_wan(123456789000000, buf, sizeof buf), "¥123,456,789万");
}
END_TEST

START_TEST(test_money_format_small_buffer)
{
	char buf[6];

	ck_assert_str_eq(money_format_csv(1200000, buf, sizeof buf), "12000");
	ck_assert_str_eq(money_format_yuan(123456789, buf, 1), "");
}
END_TEST

/* splitmix64: a fixed sequence, so a failure reproduces. */
static uint64_t next_rand(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

START_TEST(test_money_round_trip)
{
	uint64_t state = 42;
	char buf[MONEY_BUFSZ];

	for (int i = 0; i < 20000; i++) {
		uint64_t r = next_rand(&state);
		/* Spread over magnitudes: small amounts matter as much as large. */
		uint64_t mod = (uint64_t[]){ 100, 10000, 1000000, 100000000,
					     (uint64_t)MONEY_MAX_FEN + 1 }[i % 5];
		int64_t v = (int64_t)(r % mod);
		if (r >> 63)
			v = -v;
		/* Plain checks in the loop: each Check assertion writes a mark point. */
		int64_t back = 0;
		if (!money_parse(money_format_csv(v, buf, sizeof buf), &back, NULL, 0) || back != v)
			ck_abort_msg("csv %lld -> '%s' -> %lld", (long long)v, buf, (long long)back);
		back = 0;
		if (!money_parse(money_format(v, buf, sizeof buf), &back, NULL, 0) || back != v)
			ck_abort_msg("table %lld -> '%s' -> %lld", (long long)v, buf, (long long)back);
	}
	ck_assert_int_eq(parse_ok(money_format(MONEY_MAX_FEN, buf, sizeof buf)), MONEY_MAX_FEN);
	ck_assert_int_eq(parse_ok(money_format(-MONEY_MAX_FEN, buf, sizeof buf)), -MONEY_MAX_FEN);
}
END_TEST

/* RELIABILITY 17: the same text gives the same fen under a locale whose
 * decimal point is a comma. Skipped quietly where no such locale exists. */
START_TEST(test_money_locale_independent)
{
	static const char *const locales[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8" };
	char buf[MONEY_BUFSZ];

	for (size_t i = 0; i < sizeof locales / sizeof locales[0]; i++) {
		if (!setlocale(LC_ALL, locales[i]))
			continue;
		ck_assert_int_eq(parse_ok("19.99"), 1999);
		ck_assert_int_eq(parse_ok("¥12,000.50"), 1200050);
		ck_assert_int_eq(parse_ok("1.5万"), 1500000);
		ck_assert_str_eq(money_format(1200050, buf, sizeof buf), "¥12,000.50");
		ck_assert_str_eq(money_format_csv(1999, buf, sizeof buf), "19.99");
	}
	setlocale(LC_ALL, "C");
}
END_TEST

Suite *suite_money(void)
{
	Suite *s = suite_create("money");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_money_accepts, 0, sizeof accepted / sizeof accepted[0]);
	tcase_add_loop_test(tc, test_money_refuses, 0, sizeof refused / sizeof refused[0]);
	tcase_add_test(tc, test_money_err_buffer);
	tcase_add_test(tc, test_money_format);
	tcase_add_test(tc, test_money_format_csv);
	tcase_add_test(tc, test_money_format_yuan);
	tcase_add_test(tc, test_money_format_wan);
	tcase_add_test(tc, test_money_format_small_buffer);
	tcase_add_test(tc, test_money_round_trip);
	tcase_add_test(tc, test_money_locale_independent);
	suite_add_tcase(s, tc);
	return s;
}
