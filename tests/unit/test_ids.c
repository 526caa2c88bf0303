/* ids: uid layout and order, content ids, and the hybrid logical clock whose
 * text form sorts in time order. */
#include <stdio.h>
#include <string.h>

#include "repdesk/hlc.h"
#include "repdesk/uid.h"
#include "suites.h"

static const uint8_t zeros[10], ones[10] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static bool uid_shaped(const char *u, char version)
{
	if (strlen(u) != UID_LEN)
		return false;
	for (int i = 0; i < UID_LEN; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? u[i] != '-' : !strchr("0123456789abcdef", u[i]) || !u[i])
			return false;
	}
	return u[14] == version && strchr("89ab", u[19]) != NULL;
}

START_TEST(test_uid_make_layout)
{
	char u[UID_BUFSZ];
	const uint8_t r[10] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x11, 0x22 };

	/* 2026-11-27T03:40:00.123Z = 1795750800123 ms = 0x01a21b16aafb. */
	ck_assert_str_eq(uid_make(UINT64_C(1795750800123), r, u), "01a21b16-aafb-7234-9678-9abcdef01122");
	ck_assert(uid_shaped(u, '7'));
	ck_assert_str_eq(uid_make(0, zeros, u), "00000000-0000-7000-8000-000000000000");
	ck_assert_str_eq(uid_make(UINT64_C(0xffffffffffff), ones, u), "ffffffff-ffff-7fff-bfff-ffffffffffff");
	ck_assert(uid_acceptable(u));
}
END_TEST

START_TEST(test_uid_make_orders_by_time)
{
	char a[UID_BUFSZ], b[UID_BUFSZ];

	/* Later milliseconds sort later whatever the random bits. */
	for (uint64_t ms = UINT64_C(1700000000000); ms < UINT64_C(1700000000000) + 5000; ms += 7) {
		uid_make(ms, ones, a);
		uid_make(ms + 1, zeros, b);
		if (strcmp(a, b) >= 0)
			ck_abort_msg("%s >= %s", a, b);
	}
	uid_make(UINT64_C(0xfeffffffffff), ones, a);
	uid_make(UINT64_C(0xff0000000000), zeros, b);
	ck_assert_str_lt(a, b);
}
END_TEST

START_TEST(test_uid_acceptable)
{
	char big[70];

	ck_assert(uid_acceptable("01a21b16-aafb-7234-9678-9abcdef01122"));
	ck_assert(uid_acceptable("C-1001"));
	ck_assert(uid_acceptable("crm:acct.42_x"));
	ck_assert(uid_acceptable("7"));
	ck_assert(!uid_acceptable(""));
	ck_assert(!uid_acceptable("has space"));
	ck_assert(!uid_acceptable("编号1"));
	ck_assert(!uid_acceptable("a/b"));
	ck_assert(!uid_acceptable("a,b"));
	ck_assert(!uid_acceptable("a\nb"));
	memset(big, 'x', 64);
	big[64] = '\0';
	ck_assert(uid_acceptable(big));
	big[64] = 'x';
	big[65] = '\0';
	ck_assert(!uid_acceptable(big));
}
END_TEST

START_TEST(test_uid_from_content)
{
	char a[UID_BUFSZ], b[UID_BUFSZ];
	static const char row[] = "广州天河宾馆,张经理,13800000000";

	/* Stable across calls (and across machines: this value is pinned). */
	uid_from_content(row, strlen(row), a);
	uid_from_content(row, strlen(row), b);
	ck_assert_str_eq(a, b);
	ck_assert(uid_shaped(a, '8'));
	ck_assert(uid_acceptable(a));
	uid_from_content("", 0, b);
	ck_assert(uid_shaped(b, '8'));
	ck_assert_str_ne(a, b);
	ck_assert_str_eq(uid_from_content("abc", 3, a), "dd1bab3f-8617-8d62-8a6a-41d692300787");

	/* Any change to the bytes, or to the length, changes the id. */
	uid_from_content("abc", 3, a);
	uid_from_content("abd", 3, b);
	ck_assert_str_ne(a, b);
	uid_from_content("abc\0", 4, b);
	ck_assert_str_ne(a, b);
	uid_from_content("bac", 3, b);
	ck_assert_str_ne(a, b);

	/* No collisions among many near-identical rows, in either half. */
	enum { N = 2000 };
	static char ids[N][UID_BUFSZ];
	for (int i = 0; i < N; i++) {
		char buf[32];
		int n = snprintf(buf, sizeof buf, "customer %d", i);
		uid_from_content(buf, (size_t)n, ids[i]);
	}
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++)
			if (memcmp(ids[i], ids[j], 18) == 0 || memcmp(ids[i] + 19, ids[j] + 19, 17) == 0)
				ck_abort_msg("%s ~ %s", ids[i], ids[j]);
}
END_TEST

START_TEST(test_hlc_next)
{
	hlc h = { 1000, 5 };

	h = hlc_next(h, 2000);	/* the clock moved on: counter resets */
	ck_assert_uint_eq(h.ms, 2000);
	ck_assert_uint_eq(h.counter, 0);
	h = hlc_next(h, 2000);	/* same millisecond */
	ck_assert_uint_eq(h.ms, 2000);
	ck_assert_uint_eq(h.counter, 1);
	h = hlc_next(h, 1500);	/* the wall clock went back: we do not */
	ck_assert_uint_eq(h.ms, 2000);
	ck_assert_uint_eq(h.counter, 2);
	h = hlc_next((hlc){ 2000, 999998 }, 10);
	ck_assert_uint_eq(h.ms, 2000);
	ck_assert_uint_eq(h.counter, 999999);
	h = hlc_next(h, 10);	/* counter full: the millisecond advances */
	ck_assert_uint_eq(h.ms, 2001);
	ck_assert_uint_eq(h.counter, 0);
}
END_TEST

START_TEST(test_hlc_observe)
{
	hlc h;

	h = hlc_observe((hlc){ 1000, 3 }, (hlc){ 5000, 7 });	/* a newer stamp: move past it */
	ck_assert_uint_eq(h.ms, 5000);
	ck_assert_uint_eq(h.counter, 8);
	ck_assert_uint_eq(hlc_observe(h, (hlc){ 5000, 7 }).counter, 8);	/* again: no change */
	h = hlc_observe((hlc){ 9000, 0 }, (hlc){ 5000, 7 });	/* an older one: keep ours */
	ck_assert_uint_eq(h.ms, 9000);
	ck_assert_uint_eq(h.counter, 0);
	h = hlc_observe((hlc){ 5000, 7 }, (hlc){ 5000, 7 });	/* equal: strictly after */
	ck_assert_uint_eq(h.ms, 5000);
	ck_assert_uint_eq(h.counter, 8);
	h = hlc_observe((hlc){ 0, 0 }, (hlc){ 5000, 999999 });
	ck_assert_uint_eq(h.ms, 5001);
	ck_assert_uint_eq(h.counter, 0);
	/* The next local stamp is after everything seen, even with a slow clock. */
	h = hlc_next(hlc_observe((hlc){ 1000, 0 }, (hlc){ 5000, 7 }), 1200);
	ck_assert(h.ms == 5000 && h.counter == 9);
}
END_TEST

START_TEST(test_hlc_format_parse)
{
	char s[HLC_STAMP_BUFSZ], dev[HLC_DEVICE_LEN + 1];
	hlc h = { UINT64_C(1795750800123), 42 }, back;

	ck_assert_str_eq(hlc_format(h, "1a2b3c4d", s), "2026-11-27T03:40:00.123Z.000042.1a2b3c4d");
	ck_assert_int_eq((int)strlen(s), HLC_STAMP_LEN);
	ck_assert(hlc_parse(s, &back, dev));
	ck_assert(back.ms == h.ms && back.counter == h.counter);
	ck_assert_str_eq(dev, "1a2b3c4d");
	ck_assert(hlc_parse(s, &back, NULL));

	ck_assert_str_eq(hlc_format((hlc){ 0, 0 }, "00000000", s), "1970-01-01T00:00:00.000Z.000000.00000000");
	ck_assert_str_eq(hlc_format((hlc){ UINT64_C(253402300799999), 999999 }, "ffffffff", s),
			 "9999-12-31T23:59:59.999Z.999999.ffffffff");
	ck_assert(hlc_parse(s, &back, dev));
	ck_assert(back.ms == UINT64_C(253402300799999) && back.counter == 999999);
	/* Beyond the width: clamped, still HLC_STAMP_LEN. */
	ck_assert_str_eq(hlc_format((hlc){ UINT64_MAX, 5000000 }, "ffffffff", s),
			 "9999-12-31T23:59:59.999Z.999999.ffffffff");
	/* A device that is not 8 hex digits keeps the width. */
	ck_assert_str_eq(hlc_format((hlc){ 0, 0 }, "1A2B", s), "1970-01-01T00:00:00.000Z.000000.1a2b0000");
	ck_assert_str_eq(hlc_format((hlc){ 0, 0 }, "xyz123456789", s), "1970-01-01T00:00:00.000Z.000000.00012345");
	ck_assert_str_eq(hlc_format((hlc){ 0, 0 }, NULL, s), "1970-01-01T00:00:00.000Z.000000.00000000");
}
END_TEST

START_TEST(test_hlc_parse_rejects)
{
	static const char *const bad[] = {
		"",
		"2026-11-27T03:40:00.123Z.000042.1a2b3c4",
		"2026-11-27T03:40:00.123Z.000042.1a2b3c4d0",
		"2026-11-27T03:40:00.123Z.000042.1A2B3C4D",
		"2026-11-27T03:40:00.123Z.000042.1a2b3c4g",
		"2026-11-27 03:40:00.123Z.000042.1a2b3c4d",
		"2026-11-27T24:40:00.123Z.000042.1a2b3c4d",
		"2026-11-27T03:60:00.123Z.000042.1a2b3c4d",
		"2026-11-27T03:40:60.123Z.000042.1a2b3c4d",
		"2026-02-29T03:40:00.123Z.000042.1a2b3c4d",
		"1969-12-31T23:59:59.999Z.000042.1a2b3c4d",
		"2026-11-27T03:40:00.123+.000042.1a2b3c4d",
		"2026-11-27T03:40:00.123Z-000042.1a2b3c4d",
		"2026-11-27T03:40:00.12aZ.000042.1a2b3c4d",
		"2026-11-27T03:40:00.123Z.00004x.1a2b3c4d",
		"2026-11-27T03:40:00.123Z.000042:1a2b3c4d",
	};
	hlc h = { 77, 7 };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!hlc_parse(bad[i], &h, NULL), "accepted '%s'", bad[i]);
	ck_assert(!hlc_parse(NULL, &h, NULL));
	ck_assert(h.ms == 77 && h.counter == 7);
}
END_TEST

START_TEST(test_hlc_text_sorts_in_time_order)
{
	char a[HLC_STAMP_BUFSZ], b[HLC_STAMP_BUFSZ];
	hlc h = { UINT64_C(1795750799990), 0 }, prev = h;
	uint64_t now = UINT64_C(1795750800000);

	/* A clock that stalls, jumps back and runs on: every stamp sorts after
	 * the one before, as text and as a value, and round-trips. */
	hlc_format(h, "0000000a", a);
	for (int i = 0; i < 5000; i++) {
		now += (uint64_t)((i * 7919) % 5) - 1;	/* -1, 0, +1, +2, +3 ms */
		h = hlc_next(h, now);
		hlc_format(h, "0000000a", b);
		hlc back;
		if (strcmp(a, b) >= 0 || !hlc_parse(b, &back, NULL) || back.ms != h.ms ||
		    back.counter != h.counter || (h.ms == prev.ms && h.counter <= prev.counter))
			ck_abort_msg("%s then %s", a, b);
		memcpy(a, b, sizeof a);
		prev = h;
	}
	/* The device breaks a tie between equal clocks; the counter outranks it. */
	hlc_format((hlc){ 5000, 1 }, "ffffffff", a);
	hlc_format((hlc){ 5000, 2 }, "00000000", b);
	ck_assert_str_lt(a, b);
	hlc_format((hlc){ 5000, 2 }, "00000001", a);
	ck_assert_str_lt(b, a);
	hlc_format((hlc){ 4999, 999999 }, "ffffffff", a);
	hlc_format((hlc){ 5000, 0 }, "00000000", b);
	ck_assert_str_lt(a, b);
}
END_TEST

Suite *suite_ids(void)
{
	Suite *s = suite_create("ids");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_uid_make_layout);
	tcase_add_test(tc, test_uid_make_orders_by_time);
	tcase_add_test(tc, test_uid_acceptable);
	tcase_add_test(tc, test_uid_from_content);
	tcase_add_test(tc, test_hlc_next);
	tcase_add_test(tc, test_hlc_observe);
	tcase_add_test(tc, test_hlc_format_parse);
	tcase_add_test(tc, test_hlc_parse_rejects);
	tcase_add_test(tc, test_hlc_text_sorts_in_time_order);
	suite_add_tcase(s, tc);
	return s;
}
