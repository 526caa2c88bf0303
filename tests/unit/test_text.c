/* text: widths from our own table, cells of exactly the asked width with CJK
 * never cut in half, and data that cannot harm a terminal. */
#include <string.h>

#include "repdesk/text.h"
#include "suites.h"

static const char *fit(const char *s, int width, bool right)
{
	static char out[256];

	memset(out, 'Z', sizeof out);
	return text_fit(s, width, right, out, sizeof out);
}

START_TEST(test_text_decode)
{
	uint32_t cp = 0;

	ck_assert_uint_eq(text_decode("a", 1, &cp), 1);
	ck_assert_uint_eq(cp, 'a');
	ck_assert_uint_eq(text_decode("\xc2\xa5", 2, &cp), 2);
	ck_assert_uint_eq(cp, 0xA5);
	ck_assert_uint_eq(text_decode("广", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x5E7F);
	ck_assert_uint_eq(text_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x1F600);
	/* Invalid: overlong, surrogate, beyond U+10FFFF, stray continuation, truncated. */
	ck_assert_uint_eq(text_decode("\xc0\xaf", 2, &cp), 1);
	ck_assert_uint_eq(cp, 0xFFFD);
	ck_assert_uint_eq(text_decode("\xe0\x80\x80", 3, &cp), 1);
	ck_assert_uint_eq(cp, 0xFFFD);
	ck_assert_uint_eq(text_decode("\xed\xa0\x80", 3, &cp), 1);
	ck_assert_uint_eq(cp, 0xFFFD);
	ck_assert_uint_eq(text_decode("\xf4\x90\x80\x80", 4, &cp), 1);
	ck_assert_uint_eq(cp, 0xFFFD);
	ck_assert_uint_eq(text_decode("\x80", 1, &cp), 1);
	ck_assert_uint_eq(cp, 0xFFFD);
	ck_assert_uint_eq(text_decode("\xe5\xb9", 2, &cp), 2);	/* one U+FFFD for the prefix */
	ck_assert_uint_eq(cp, 0xFFFD);
	ck_assert_uint_eq(text_decode("\xe5\xb9" "a", 3, &cp), 2);	/* 'a' starts the next */
	ck_assert_uint_eq(text_decode("广", 2, &cp), 2);	/* LEN cuts the sequence */
	ck_assert_uint_eq(cp, 0xFFFD);
	ck_assert_uint_eq(text_decode("", 0, &cp), 0);

	ck_assert(text_valid_utf8("广州 abc \xef\xbf\xbd", strlen("广州 abc \xef\xbf\xbd")));
	ck_assert(!text_valid_utf8("ab\xff", 3));
	ck_assert(!text_valid_utf8("广", 2));
	ck_assert(text_valid_utf8("", 0));
}
END_TEST

START_TEST(test_text_widths)
{
	static const struct {
		uint32_t cp;
		int w;
	} cases[] = {
		{ 'a', 1 }, { 0xA5, 1 }, { 0xE9, 1 }, { 0x2026, 1 }, { 0xFFFD, 1 },
		{ 0x4E00, 2 }, { 0x9FFF, 2 }, { 0x3400, 2 }, { 0x4DBF, 2 },
		{ 0x3000, 2 }, { 0x3001, 2 }, { 0x303F, 2 }, { 0x3042, 2 }, { 0x30A2, 2 },
		{ 0xAC00, 2 }, { 0xD7A3, 2 }, { 0xD7A4, 1 }, { 0xFF01, 2 }, { 0xFF10, 2 },
		{ 0xFF60, 2 }, { 0xFF61, 1 }, { 0xFFE0, 2 }, { 0xFFE5, 2 }, { 0xFFE6, 2 },
		{ 0xFFE7, 1 }, { 0x1F300, 2 }, { 0x1F600, 2 }, { 0x1F64F, 2 }, { 0x1F650, 1 },
		{ 0x1F900, 2 }, { 0x1F9FF, 2 }, { 0x20000, 2 },
		{ 0x0300, 0 }, { 0x036F, 0 }, { 0x0370, 1 }, { 0x200B, 0 }, { 0x200D, 0 },
		{ 0x200F, 0 }, { 0x2010, 1 }, { 0xFE0F, 0 },
		{ 0x1B, 1 }, { 0x7F, 1 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(text_cp_width(cases[i].cp) == cases[i].w, "U+%04X: %d, expected %d",
			      (unsigned)cases[i].cp, text_cp_width(cases[i].cp), cases[i].w);

	ck_assert_int_eq(text_width(""), 0);
	ck_assert_int_eq(text_width("abc"), 3);
	ck_assert_int_eq(text_width("广州天河宾馆"), 12);
	ck_assert_int_eq(text_width("A 白云商贸"), 10);
	ck_assert_int_eq(text_width("e\xcc\x81"), 1);	/* e + combining acute */
	ck_assert_int_eq(text_width("ab\xff\xfe"), 4);	/* each bad byte is one U+FFFD */
	ck_assert_int_eq(text_width("a\tb\n"), 4);
	ck_assert_int_eq(text_width("１２"), 4);
}
END_TEST

START_TEST(test_text_fit_cjk)
{
	ck_assert_str_eq(fit("广州天河宾馆", 12, false), "广州天河宾馆");
	ck_assert_str_eq(fit("广州天河宾馆", 13, false), "广州天河宾馆 ");
	ck_assert_str_eq(fit("广州天河宾馆", 11, false), "广州天河宾…");
	ck_assert_str_eq(fit("广州天河宾馆", 7, false), "广州天…");
	ck_assert_str_eq(fit("广州天河宾馆", 6, false), "广州… ");
	ck_assert_str_eq(fit("广州天河宾馆", 6, true), " 广州…");
	ck_assert_str_eq(fit("广州天河宾馆", 2, false), "… ");
	ck_assert_str_eq(fit("广州天河宾馆", 1, false), "…");
	ck_assert_str_eq(fit("广州天河宾馆", 0, false), "");
	ck_assert_str_eq(fit("广州天河宾馆", -3, false), "");
	ck_assert_str_eq(fit("a广州", 4, false), "a广…");
	ck_assert_str_eq(fit("a广州", 3, false), "a… ");

	/* Whatever the input and width, the cell is exactly WIDTH columns. */
	static const char *const inputs[] = {
		"", "a", "广州天河宾馆", "A 白云商贸有限公司", "e\xcc\x81\xcc\x81x", "x\xff\xfe\xe5",
		"tab\there\r\nnew", "😀🙏🤝 ok", "\x1b[31mred\x07",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
		for (int w = 0; w <= 24; w++) {
			ck_assert_int_eq(text_width(fit(inputs[i], w, false)), w);
			ck_assert_int_eq(text_width(fit(inputs[i], w, true)), w);
			ck_assert(text_valid_utf8(fit(inputs[i], w, w % 2), strlen(fit(inputs[i], w, w % 2))));
		}
}
END_TEST

START_TEST(test_text_fit_ascii)
{
	ck_assert_str_eq(fit("hello", 8, false), "hello   ");
	ck_assert_str_eq(fit("hello", 8, true), "   hello");
	ck_assert_str_eq(fit("hello", 5, false), "hello");
	ck_assert_str_eq(fit("hello", 4, false), "hel…");
	ck_assert_str_eq(fit("¥12,000", 7, true), "¥12,000");
	ck_assert_str_eq(fit("¥12,000", 10, true), "   ¥12,000");
	ck_assert_str_eq(fit(NULL, 3, false), "   ");
	ck_assert_str_eq(fit("", 3, true), "   ");
	/* Combining marks stay with their base letter. */
	ck_assert_str_eq(fit("e\xcc\x81tude", 4, false), "e\xcc\x81tu…");
}
END_TEST

START_TEST(test_text_fit_sanitizes)
{
	/* A line break in one line shows as ⏎. */
	ck_assert_str_eq(fit("a\r\nb", 5, false), "a \u23ceb ");
	ck_assert_str_eq(fit("a\nb", 2, false), "a…");
	ck_assert_int_eq(text_width("a\nb"), 3);
	ck_assert_str_eq(fit("a\tb", 3, false), "a b");
	ck_assert_str_eq(fit("\x1b[2J", 4, false), "\xef\xbf\xbd[2J");
	ck_assert_str_eq(fit("ding\x07", 5, false), "ding\xef\xbf\xbd");
	ck_assert_str_eq(fit("a\xc2\x9b" "b", 3, false), "a\xef\xbf\xbd" "b");	/* C1 CSI */
	ck_assert_str_eq(fit("ab\xff", 3, false), "ab\xef\xbf\xbd");
	ck_assert_str_eq(fit("广\xe5\xb9", 3, false), "广\xef\xbf\xbd");
	ck_assert_str_eq(fit("ab\x7f", 3, false), "ab\xef\xbf\xbd");
}
END_TEST

START_TEST(test_text_fit_small_buffers)
{
	char out[20];

	/* Room for the columns but not for all the bytes: cut like wide text. */
	ck_assert_str_eq(text_fit("广州天河宾馆", 12, false, out, 19), "广州天河宾馆");
	ck_assert_str_eq(text_fit("广州天河宾馆", 12, false, out, 18), "广州天…     ");
	ck_assert_int_eq(text_width(out), 12);
	ck_assert_str_eq(text_fit("广州天河宾馆", 12, true, out, 18), "     广州天…");
	ck_assert_str_eq(text_fit("广州天河宾馆", 12, false, out, 16), "广…         ");
	ck_assert_str_eq(text_fit("abc", 3, false, out, 4), "abc");
	/* Too small for an exact cell: blanks, still terminated and valid. */
	ck_assert_str_eq(text_fit("广州天河宾馆", 5, false, out, 6), "     ");
	ck_assert_str_eq(text_fit("广州天河宾馆", 20, false, out, 16), "               ");
	out[0] = 'x';
	ck_assert_ptr_eq(text_fit("abc", 3, false, out, 0), out);
	ck_assert_int_eq(out[0], 'x');
}
END_TEST

START_TEST(test_text_sanitize)
{
	char out[64];

	ck_assert_str_eq(text_sanitize("广州 ok", out, sizeof out), "广州 ok");
	ck_assert_str_eq(text_sanitize("a\rb\nc\x1b[0m\x07", out, sizeof out), "a?b\u23cec?[0m?");
	ck_assert_str_eq(text_sanitize("x\xff" "y", out, sizeof out), "x\xef\xbf\xbdy");
	ck_assert_str_eq(text_sanitize("a\xc2\x85" "b\x7f", out, sizeof out), "a?b?");
	/* A short buffer cuts between characters, never inside one. */
	ck_assert_str_eq(text_sanitize("ab广州", out, 6), "ab广");
	ck_assert_str_eq(text_sanitize("ab广州", out, 5), "ab");
	ck_assert_str_eq(text_sanitize("abc", out, 1), "");
}
END_TEST

START_TEST(test_text_header_eq)
{
	ck_assert(text_header_eq("Monthly Amount", "monthly_amount"));
	ck_assert(text_header_eq("月订货额", " 月订货额 "));
	ck_assert(text_header_eq("月订货额", "\u3000月订货额\u3000"));
	ck_assert(text_header_eq("NAME", "name"));
	ck_assert(text_header_eq("next_call", "Next Call"));
	ck_assert(text_header_eq("uid", "\tUID\u00a0"));
	ck_assert(text_header_eq("", "  _ "));
	ck_assert(!text_header_eq("name", "names"));
	ck_assert(!text_header_eq("月订货额", "月销售额"));
	ck_assert(!text_header_eq("amount", "amount2"));
	ck_assert(!text_header_eq("a-b", "ab"));
	ck_assert(!text_header_eq("a\xff", "a\xfe"));
	ck_assert(!text_header_eq("a\xff", "a\xef\xbf\xbd"));
	ck_assert(!text_header_eq("Ａ", "a"));	/* only ASCII folds */
}
END_TEST

/* Emoji sequences and combining marks, by their bytes. */
#define THUMB_MEDIUM "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"                  /* 👍🏽 */
#define FAMILY "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d" \
               "\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6"          /* 👨‍👩‍👧‍👦 */
#define FLAG_CN "\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3"                       /* 🇨🇳 */
#define RI_U "\xf0\x9f\x87\xba"                                          /* 🇺 alone */
#define KEYCAP_1 "1\xef\xb8\x8f\xe2\x83\xa3"                            /* 1️⃣ */
#define HEART_VS "\xe2\x9d\xa4\xef\xb8\x8f"                              /* ❤️ */
#define E_ACUTE "e\xcc\x81"                                              /* é, decomposed */
#define MODIFIER "\xf0\x9f\x8f\xbd"                                      /* 🏽 alone */

START_TEST(test_text_clusters)
{
	static const struct {
		const char *s;
		size_t bytes;
		int w;
	} cases[] = {
		{ THUMB_MEDIUM "x", 8, 2 },       /* modifier sequence: one unit, 2 columns */
		{ FAMILY "x", 25, 2 },            /* ZWJ sequence */
		{ FLAG_CN "x", 8, 2 },            /* regional indicator pair */
		{ FLAG_CN RI_U, 8, 2 },           /* pairs from the left; the odd one alone */
		{ RI_U "x", 4, 1 },
		{ KEYCAP_1 "x", 7, 1 },           /* keycap: the base's width */
		{ HEART_VS "x", 6, 1 },           /* variation selector joins, adds nothing */
		{ E_ACUTE "x", 3, 1 },            /* combining mark */
		{ "e\xcc\x81\xcc\xa3x", 5, 1 },   /* two marks */
		{ "\xcc\x81x", 2, 0 },            /* a mark with no base before it */
		{ "a" MODIFIER, 1, 1 },           /* a modifier joins pictographs only */
		{ MODIFIER "x", 4, 2 },
		{ "a\xe2\x80\x8d" "b", 4, 1 },     /* ZWJ after a letter joins no letter */
		{ "\xe5\xb9\xbf" "x", 3, 2 },      /* 广 */
		{ "\x1b\xcc\x81", 1, 1 },          /* a control character stands alone */
		{ "\xff\xcc\x81", 1, 1 },          /* so does a bad byte */
		{ "\r\n", 1, 1 },
	};
	int w;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = text_cluster(cases[i].s, strlen(cases[i].s), &w);
		ck_assert_msg(n == cases[i].bytes && w == cases[i].w, "case %zu: %zu bytes, %d columns", i, n, w);
	}
	ck_assert_uint_eq(text_cluster("", 0, &w), 0);
	ck_assert_int_eq(w, 0);
	/* A sequence cut short by the buffer ends where the bytes end. */
	ck_assert_uint_eq(text_cluster(FAMILY, 11, &w), 11);

	ck_assert_int_eq(text_width(THUMB_MEDIUM FAMILY FLAG_CN KEYCAP_1 HEART_VS E_ACUTE), 2 + 2 + 2 + 1 + 1 + 1);
	ck_assert_int_eq(text_width("王" FAMILY "店"), 6);

	const char *s = "a" FAMILY E_ACUTE;
	ck_assert_uint_eq(text_cluster_before(s, strlen(s)), 26);
	ck_assert_uint_eq(text_cluster_before(s, 26), 1);
	ck_assert_uint_eq(text_cluster_before(s, 1), 0);
	ck_assert_uint_eq(text_cluster_before(s, 0), 0);
}
END_TEST

START_TEST(test_text_fit_clusters)
{
	/* Never half a cluster: what does not fit is left out whole. */
	ck_assert_str_eq(fit(FAMILY "x", 3, false), FAMILY "x");
	ck_assert_str_eq(fit(FAMILY "x", 2, false), "\xe2\x80\xa6 ");
	ck_assert_str_eq(fit("ab" THUMB_MEDIUM, 3, false), "ab\xe2\x80\xa6");
	ck_assert_str_eq(fit("ab" THUMB_MEDIUM, 4, false), "ab" THUMB_MEDIUM);
	ck_assert_str_eq(fit(FLAG_CN FLAG_CN, 4, false), FLAG_CN FLAG_CN);
	ck_assert_str_eq(fit(FLAG_CN FLAG_CN, 3, false), FLAG_CN "\xe2\x80\xa6");
	ck_assert_str_eq(fit(E_ACUTE E_ACUTE E_ACUTE, 2, false), E_ACUTE "\xe2\x80\xa6");
	ck_assert_str_eq(fit(HEART_VS "!", 2, true), HEART_VS "!");
	ck_assert_str_eq(fit(KEYCAP_1, 3, true), "  " KEYCAP_1);
	/* Marks with nothing to sit on are not drawn at all. */
	ck_assert_str_eq(fit("\xcc\x81" "ab", 3, false), "ab ");

	/* Padding goes by the same measure: every cell is exactly its width. */
	static const char *const inputs[] = {
		THUMB_MEDIUM "王" FAMILY, FLAG_CN RI_U FLAG_CN, KEYCAP_1 HEART_VS E_ACUTE "x",
		"\xcc\x81\xcc\x81" FAMILY "a" MODIFIER, "广州" FAMILY "\x1b\xff" E_ACUTE,
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
		for (int w = 0; w <= 16; w++) {
			ck_assert_int_eq(text_width(fit(inputs[i], w, false)), w);
			ck_assert_int_eq(text_width(fit(inputs[i], w, true)), w);
			ck_assert(text_valid_utf8(fit(inputs[i], w, w % 2), strlen(fit(inputs[i], w, w % 2))));
		}
}
END_TEST

START_TEST(test_text_fit_apart)
{
	static const char *const names[] = { "佛山南海全家便利店", "佛山南海美宜佳便利店", "广州天河宾馆" };
	char out[128];

	/* Cut from the end both read 佛山南海…: the shared start gives way. */
	ck_assert_str_eq(text_fit_apart(names[0], names, 3, 10, out, sizeof out), "…全家便利…");
	ck_assert_str_eq(text_fit_apart(names[1], names, 3, 10, out, sizeof out), "…美宜佳便…");
	/* One character past the shared start is not enough: 佛山南海全… */
	ck_assert_str_eq(text_fit_apart(names[0], names, 3, 12, out, sizeof out), "…全家便利店 ");
	/* Two are. */
	ck_assert_str_eq(text_fit_apart(names[0], names, 3, 14, out, sizeof out), "佛山南海全家… ");
	/* Apart already, or short enough: as text_fit has it. */
	ck_assert_str_eq(text_fit_apart(names[2], names, 3, 10, out, sizeof out), "广州天河… ");
	ck_assert_str_eq(text_fit_apart(names[2], names, 3, 12, out, sizeof out), "广州天河宾馆");
	ck_assert_str_eq(text_fit_apart(names[0], names, 3, 20, out, sizeof out), "佛山南海全家便利店  ");
	ck_assert_str_eq(text_fit_apart(names[0], names, 1, 10, out, sizeof out), "佛山南海… ");
	ck_assert_str_eq(text_fit_apart(names[0], NULL, 0, 10, out, sizeof out), "佛山南海… ");
	/* A name that is the start of another shows its own end, never a bare
	 * "…"; the longer one shows its end too. */
	static const char *const hotels[] = { "广州天河宾馆大酒店", "广州天河宾馆大酒" };
	ck_assert_str_eq(text_fit_apart(hotels[1], hotels, 2, 10, out, sizeof out), "…宾馆大酒 ");
	ck_assert_str_eq(text_fit_apart(hotels[0], hotels, 2, 10, out, sizeof out), "…馆大酒店 ");
}
END_TEST

START_TEST(test_text_widths_match_the_screen)
{
	/* Emoji that wcwidth makes wide are wide here too, so a row measured
	 * here is laid out the same by the screen library. */
	static const uint32_t wide[] = { 0x231A, 0x2705, 0x2B50, 0x1F004, 0x1FA70, 0x1F3FD, 0x1F9D1 };
	static const uint32_t zero[] = { 0x0483, 0x0E31, 0x20E3, 0xE0067, 0x1160 };
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		ck_assert_msg(text_cp_width(wide[i]) == 2, "U+%04X", (unsigned)wide[i]);
	for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
		ck_assert_msg(text_cp_width(zero[i]) == 0, "U+%04X", (unsigned)zero[i]);
	ck_assert_int_eq(text_cp_width(0x1F1E8), 1);     /* a regional indicator alone */
	ck_assert_int_eq(text_cp_width(0x2764), 1);
}
END_TEST

Suite *suite_text(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_text_decode);
	tcase_add_test(tc, test_text_widths);
	tcase_add_test(tc, test_text_fit_cjk);
	tcase_add_test(tc, test_text_fit_ascii);
	tcase_add_test(tc, test_text_fit_sanitizes);
	tcase_add_test(tc, test_text_fit_small_buffers);
	tcase_add_test(tc, test_text_sanitize);
	tcase_add_test(tc, test_text_header_eq);
	tcase_add_test(tc, test_text_clusters);
	tcase_add_test(tc, test_text_fit_clusters);
	tcase_add_test(tc, test_text_widths_match_the_screen);
	tcase_add_test(tc, test_text_fit_apart);
	suite_add_tcase(s, tc);
	return s;
}
