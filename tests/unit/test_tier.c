/* tier: thresholds and boundaries, the spec reps type, and store bands. */
#include <string.h>

#include "repdesk/tier.h"
#include "suites.h"

START_TEST(test_tier_defaults)
{
	tier_thresholds a = tier_default(TIER_METRIC_AMOUNT), v = tier_default(TIER_METRIC_VOLUME);

	ck_assert_int_eq(a.metric, TIER_METRIC_AMOUNT);
	ck_assert_int_eq(a.min[0], 2000000);	/* ¥20,000 in fen */
	ck_assert_int_eq(a.min[1], 1000000);
	ck_assert_int_eq(a.min[2], 500000);
	ck_assert_int_eq(a.min[3], 100000);
	ck_assert_int_eq(v.metric, TIER_METRIC_VOLUME);
	ck_assert_int_eq(v.min[0], 100);
	ck_assert_int_eq(v.min[1], 50);
	ck_assert_int_eq(v.min[2], 20);
	ck_assert_int_eq(v.min[3], 1);
}
END_TEST

START_TEST(test_tier_of_boundaries)
{
	tier_thresholds a = tier_default(TIER_METRIC_AMOUNT), v = tier_default(TIER_METRIC_VOLUME);

	/* Exactly at a threshold goes up. */
	ck_assert_int_eq(tier_of(2000000, &a), TIER_S);
	ck_assert_int_eq(tier_of(1999999, &a), TIER_A);
	ck_assert_int_eq(tier_of(1000000, &a), TIER_A);
	ck_assert_int_eq(tier_of(999999, &a), TIER_B);
	ck_assert_int_eq(tier_of(500000, &a), TIER_B);
	ck_assert_int_eq(tier_of(499999, &a), TIER_C);
	ck_assert_int_eq(tier_of(100000, &a), TIER_C);
	ck_assert_int_eq(tier_of(99999, &a), TIER_D);
	ck_assert_int_eq(tier_of(0, &a), TIER_D);
	ck_assert_int_eq(tier_of(-500, &a), TIER_D);
	ck_assert_int_eq(tier_of(INT64_MAX, &a), TIER_S);
	ck_assert_int_eq(tier_of(100, &v), TIER_S);
	ck_assert_int_eq(tier_of(99, &v), TIER_A);
	ck_assert_int_eq(tier_of(50, &v), TIER_A);
	ck_assert_int_eq(tier_of(49, &v), TIER_B);
	ck_assert_int_eq(tier_of(20, &v), TIER_B);
	ck_assert_int_eq(tier_of(19, &v), TIER_C);
	ck_assert_int_eq(tier_of(1, &v), TIER_C);
	ck_assert_int_eq(tier_of(0, &v), TIER_D);
}
END_TEST

START_TEST(test_tier_effective_and_letters)
{
	ck_assert_int_eq(tier_effective(TIER_NONE, TIER_B), TIER_B);
	ck_assert_int_eq(tier_effective(TIER_S, TIER_D), TIER_S);
	ck_assert_int_eq(tier_effective(TIER_D, TIER_S), TIER_D);
	ck_assert_int_eq(tier_letter(TIER_S), 'S');
	ck_assert_int_eq(tier_letter(TIER_D), 'D');
	ck_assert_int_eq(tier_letter(TIER_NONE), '-');
	ck_assert_int_eq(tier_from_letter('a'), TIER_A);
	ck_assert_int_eq(tier_from_letter('C'), TIER_C);
	ck_assert_int_eq(tier_from_letter('d'), TIER_D);
	ck_assert_int_eq(tier_from_letter('E'), TIER_NONE);
	ck_assert_int_eq(tier_from_letter('-'), TIER_NONE);
	ck_assert_int_eq(tier_from_letter(0), TIER_NONE);
	for (int t = TIER_S; t < TIER_COUNT; t++)
		ck_assert_int_eq(tier_from_letter(tier_letter((tier)t)), t);
}
END_TEST

/* Field by field: the struct has padding that memcmp would read. */
static bool th_eq(const tier_thresholds *a, const tier_thresholds *b)
{
	return a->metric == b->metric && a->min[0] == b->min[0] && a->min[1] == b->min[1] &&
	       a->min[2] == b->min[2] && a->min[3] == b->min[3];
}

static tier_thresholds spec_ok(const char *spec, tier_metric metric)
{
	tier_thresholds th;
	char err[128] = "";

	ck_assert_msg(tier_parse_spec(spec, metric, &th, err, sizeof err), "'%s': %s", spec, err);
	ck_assert_int_eq(th.metric, metric);
	return th;
}

static const char *spec_err(const char *spec, tier_metric metric)
{
	static char err[128];
	tier_thresholds th = tier_default(metric), before = th;

	strcpy(err, "(unset)");
	ck_assert_msg(!tier_parse_spec(spec, metric, &th, err, sizeof err), "'%s' accepted", spec);
	ck_assert(th_eq(&th, &before));	/* untouched */
	return err;
}

START_TEST(test_tier_parse_spec)
{
	tier_thresholds th = spec_ok("S=30000,A=15000,B=6000,C=1500", TIER_METRIC_AMOUNT);

	ck_assert_int_eq(th.min[0], 3000000);
	ck_assert_int_eq(th.min[1], 1500000);
	ck_assert_int_eq(th.min[2], 600000);
	ck_assert_int_eq(th.min[3], 150000);

	/* Any order, spaces, lower case, money forms with their own commas. */
	th = spec_ok(" c = 1,500 , b=6,000, A = 1.5万,S=3万 ", TIER_METRIC_AMOUNT);
	ck_assert_int_eq(th.min[0], 3000000);
	ck_assert_int_eq(th.min[1], 1500000);
	ck_assert_int_eq(th.min[2], 600000);
	ck_assert_int_eq(th.min[3], 150000);
	th = spec_ok("S=¥20,000.50,A=10000,B=5000,C=0", TIER_METRIC_AMOUNT);
	ck_assert_int_eq(th.min[0], 2000050);
	ck_assert_int_eq(th.min[3], 0);

	th = spec_ok("S=100,A=50,B=20,C=1", TIER_METRIC_VOLUME);
	ck_assert_int_eq(th.min[0], 100);
	ck_assert_int_eq(th.min[3], 1);
}
END_TEST

START_TEST(test_tier_parse_spec_errors)
{
	ck_assert_str_eq(spec_err("S=30000,A=15000,B=6000", TIER_METRIC_AMOUNT),
			 "C is missing (S, A, B and C are all needed)");
	ck_assert_str_eq(spec_err("", TIER_METRIC_AMOUNT),
			 "S is missing (S, A, B and C are all needed)");
	ck_assert_str_eq(spec_err("S=30000,A=35000,B=6000,C=1500", TIER_METRIC_AMOUNT),
			 "A=35000 must be below S=30000");
	ck_assert_str_eq(spec_err("S=30000,A=15000,B=6000,C=6000", TIER_METRIC_AMOUNT),
			 "C=6000 must be below B=6000");
	ck_assert_str_eq(spec_err("S=100,A=50,B=50,C=1", TIER_METRIC_VOLUME),
			 "B=50 must be below A=50");
	ck_assert_str_eq(spec_err("S=1,S=2,B=3,C=4", TIER_METRIC_AMOUNT), "S is given twice");
	ck_assert_str_eq(spec_err("S=4,A=3,B=2,C=1,D=0", TIER_METRIC_AMOUNT),
			 "D takes no threshold: it is everything below C");
	ck_assert_str_eq(spec_err("S=4,A=3,B=2,X=1", TIER_METRIC_AMOUNT),
			 "B: '2,X=1' is not an amount");
	ck_assert_str_eq(spec_err("X=1", TIER_METRIC_AMOUNT), "expected S=, A=, B= or C= at 'X=1'");
	ck_assert_str_eq(spec_err("S 30000", TIER_METRIC_AMOUNT), "expected '=' after S");
	ck_assert_str_eq(spec_err("S=30000x,A=1,B=2,C=3", TIER_METRIC_AMOUNT),
			 "S: '30000x' is not an amount");
	ck_assert_str_eq(spec_err("S=,A=1,B=2,C=3", TIER_METRIC_AMOUNT), "S: '' is empty");
	ck_assert_str_eq(spec_err("S=1.5,A=1,B=2,C=3", TIER_METRIC_VOLUME),
			 "S: '1.5' is not a whole number");
	ck_assert_str_eq(spec_err("S=4,A=3,B=2,C=-1", TIER_METRIC_AMOUNT),
			 "C: the threshold must not be negative");
	ck_assert_str_eq(spec_err("S=4,A=3,B=2,C=1,", TIER_METRIC_AMOUNT),
			 "C: '1,' is not an amount");
}
END_TEST

START_TEST(test_tier_format_spec)
{
	char buf[128];
	tier_thresholds a = tier_default(TIER_METRIC_AMOUNT), v = tier_default(TIER_METRIC_VOLUME);
	static const char *const specs[] = {
		"S=30000,A=15000,B=6000,C=1500",
		"S=20000.50,A=10000,B=5000.05,C=0",
		"S=10000000000000,A=1,B=0.02,C=0.01",
	};

	ck_assert_str_eq(tier_format_spec(&a, buf, sizeof buf), "S=20000,A=10000,B=5000,C=1000");
	ck_assert_str_eq(tier_format_spec(&v, buf, sizeof buf), "S=100,A=50,B=20,C=1");
	for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
		tier_thresholds th = spec_ok(specs[i], TIER_METRIC_AMOUNT), back;
		ck_assert_str_eq(tier_format_spec(&th, buf, sizeof buf), specs[i]);
		back = spec_ok(buf, TIER_METRIC_AMOUNT);
		ck_assert(th_eq(&th, &back));
	}
	tier_thresholds th = spec_ok("S=3万,A=1.5万,B=6000,C=1,500", TIER_METRIC_AMOUNT);
	ck_assert_str_eq(tier_format_spec(&th, buf, sizeof buf), "S=30000,A=15000,B=6000,C=1500");
}
END_TEST

START_TEST(test_tier_metric_names)
{
	tier_metric m = TIER_METRIC_AMOUNT;

	ck_assert_str_eq(tier_metric_name(TIER_METRIC_AMOUNT), "amount");
	ck_assert_str_eq(tier_metric_name(TIER_METRIC_VOLUME), "volume");
	ck_assert(tier_metric_parse("volume", &m));
	ck_assert_int_eq(m, TIER_METRIC_VOLUME);
	ck_assert(tier_metric_parse("amount", &m));
	ck_assert_int_eq(m, TIER_METRIC_AMOUNT);
	ck_assert(!tier_metric_parse("rooms", &m));
	ck_assert_int_eq(m, TIER_METRIC_AMOUNT);
}
END_TEST

START_TEST(test_store_bands)
{
	ck_assert_int_eq(tier_band_of(30), TIER_BAND_30);
	ck_assert_int_eq(tier_band_of(1000), TIER_BAND_30);
	ck_assert_int_eq(tier_band_of(29), TIER_BAND_10);
	ck_assert_int_eq(tier_band_of(10), TIER_BAND_10);
	ck_assert_int_eq(tier_band_of(9), TIER_BAND_3);
	ck_assert_int_eq(tier_band_of(3), TIER_BAND_3);
	ck_assert_int_eq(tier_band_of(2), TIER_BAND_FEW);
	ck_assert_int_eq(tier_band_of(0), TIER_BAND_FEW);
	ck_assert_int_eq(tier_band_of(-1), TIER_BAND_UNKNOWN);
	ck_assert_str_eq(tier_band_label(TIER_BAND_30), "30+");
	ck_assert_str_eq(tier_band_label(TIER_BAND_10), "10-29");
	ck_assert_str_eq(tier_band_label(TIER_BAND_3), "3-9");
	ck_assert_str_eq(tier_band_label(TIER_BAND_FEW), "0-2");
	ck_assert_str_eq(tier_band_label(TIER_BAND_UNKNOWN), "");
}
END_TEST

Suite *suite_tier(void)
{
	Suite *s = suite_create("tier");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_tier_defaults);
	tcase_add_test(tc, test_tier_of_boundaries);
	tcase_add_test(tc, test_tier_effective_and_letters);
	tcase_add_test(tc, test_tier_parse_spec);
	tcase_add_test(tc, test_tier_parse_spec_errors);
	tcase_add_test(tc, test_tier_format_spec);
	tcase_add_test(tc, test_tier_metric_names);
	tcase_add_test(tc, test_store_bands);
	suite_add_tcase(s, tc);
	return s;
}
