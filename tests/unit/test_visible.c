/* visible: what a terminal would act on is shown as text instead; what it
 * would only show is left byte for byte. */
#include <string.h>

#include "repdesk/visible.h"
#include "suites.h"

static const char *vis(const char *s, int flags)
{
	static char out[512];

	memset(out, 'Z', sizeof out);
	visible_text(s, flags, out, sizeof out);
	return out;
}

START_TEST(test_visible_plain_unchanged)
{
	const char *s = "广州天河宾馆 Zhang ¥1.5万 (ok) ^ \xef\xbf\xbd";
	ck_assert_str_eq(vis(s, 0), s);
	ck_assert(!visible_needed(s, 0));
	ck_assert_str_eq(vis("", 0), "");
	ck_assert(!visible_needed("", 0));
}
END_TEST

START_TEST(test_visible_c0_and_del)
{
	ck_assert_str_eq(vis("a\x1b[2Jb", 0), "a^[[2Jb");
	ck_assert_str_eq(vis("\x1b]52;c;ZXZpbA==\x07", 0), "^[]52;c;ZXZpbA==^G");
	ck_assert_str_eq(vis("\x1b]0;pwned\x1b\\", 0), "^[]0;pwned^[\\");
	ck_assert_str_eq(vis("ab\bc\rd\te\x7f", 0), "ab^Hc^Md^Ie^?");
	ck_assert_str_eq(vis("\x01\x1f", 0), "^A^_");
	ck_assert_str_eq(vis("line\nnext", 0), "line\u23cenext");	/* ⏎ */
	ck_assert_str_eq(vis("line\nnext\r\n", VIS_KEEP_NL), "line\nnext^M\n");
	ck_assert(visible_needed("a\x07", 0));
	ck_assert(visible_needed("a\n", 0));
	ck_assert(!visible_needed("a\n", VIS_KEEP_NL));
}
END_TEST

START_TEST(test_visible_c1_bidi_invalid)
{
	/* C1 as UTF-8 (CSI U+009B, NEL U+0085). */
	ck_assert_str_eq(vis("x\xc2\x9b" "2Jy\xc2\x85", 0), "x<U+009B>2Jy<U+0085>");
	ck_assert_str_eq(vis("\xc2\xa0", 0), "\xc2\xa0");           /* NBSP is text */
	/* RLO, PDF, LRI..PDI */
	ck_assert_str_eq(vis("a\xe2\x80\xae" "cba\xe2\x80\xac", 0), "a<U+202E>cba<U+202C>");
	ck_assert_str_eq(vis("\xe2\x81\xa6\xe2\x81\xa9", 0), "<U+2066><U+2069>");
	ck_assert_str_eq(vis("\xe2\x80\xaa\xe2\x80\xad", 0), "<U+202A><U+202D>");
	ck_assert_str_eq(vis("\xe2\x80\xa9", 0), "\xe2\x80\xa9");   /* not an override */
	/* Raw C1 bytes and other invalid UTF-8 show as U+FFFD. */
	ck_assert_str_eq(vis("a\x9b" "b", 0), "a\xef\xbf\xbd" "b");
	ck_assert_str_eq(vis("\xff\xfe", 0), "\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(vis("\xe5\xb9", 0), "\xef\xbf\xbd");
	ck_assert_str_eq(vis("\xc0\xaf", 0), "\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert(visible_needed("\xe2\x80\xae", 0));
	ck_assert(visible_needed("\xff", 0));
}
END_TEST

START_TEST(test_visible_idempotent)
{
	const char *nasty = "\x1b]52;c;x\x07\xc2\x9b\xe2\x80\xae\xff\r\n\b\x7f广";
	char once[256], twice[256];
	visible_text(nasty, 0, once, sizeof once);
	visible_text(once, 0, twice, sizeof twice);
	ck_assert_str_eq(once, twice);
	ck_assert(!visible_needed(once, 0));
	for (const unsigned char *p = (const unsigned char *)once; *p; p++)
		ck_assert(*p >= 0x20 && *p != 0x7f);
}
END_TEST

START_TEST(test_visible_cut)
{
	char out[8];
	/* The needed length is returned whatever the room. */
	ck_assert_uint_eq(visible_text("\x1b\x1b\x1b\x1b\x1b", 0, out, sizeof out), 10);
	ck_assert_str_eq(out, "^[^[^[");                  /* never half a ^[ */
	ck_assert_uint_eq(visible_text("广州天河", 0, out, sizeof out), 12);
	ck_assert_str_eq(out, "广州");                     /* never half a character */
	ck_assert_uint_eq(visible_text("abc", 0, out, 0), 3);
	ck_assert_uint_eq(visible_text("ab\xe2\x80\xae", 0, out, sizeof out), 10);
	ck_assert_str_eq(out, "ab");
	ck_assert_uint_eq(visible_text(NULL, 0, out, sizeof out), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

Suite *suite_visible(void)
{
	Suite *s = suite_create("visible");
	TCase *tc = tcase_create("visible");
	tcase_add_test(tc, test_visible_plain_unchanged);
	tcase_add_test(tc, test_visible_c0_and_del);
	tcase_add_test(tc, test_visible_c1_bidi_invalid);
	tcase_add_test(tc, test_visible_idempotent);
	tcase_add_test(tc, test_visible_cut);
	suite_add_tcase(s, tc);
	return s;
}
