/* core/sign: the digest's encoding, signatures and fingerprints. */
#include <string.h>

#include "repdesk/sign.h"
#include "suites.h"

static void digest_of(const char *a, const char *b, unsigned char out[SIGN_DIGEST_BYTES])
{
	sign_digest g;

	sign_digest_start(&g, "test");
	sign_digest_text(&g, a, strlen(a));
	sign_digest_text(&g, b, strlen(b));
	sign_digest_end(&g, out);
}

/* Values are length-prefixed and typed: moving a byte between two values,
 * or reading a number as text, gives another digest. */
START_TEST(test_sign_digest_unambiguous)
{
	unsigned char x[SIGN_DIGEST_BYTES], y[SIGN_DIGEST_BYTES];
	sign_digest g;

	ck_assert(sign_ready());
	digest_of("ab", "c", x);
	digest_of("a", "bc", y);
	ck_assert(memcmp(x, y, sizeof x) != 0);
	digest_of("ab", "c", y);
	ck_assert(memcmp(x, y, sizeof x) == 0);

	sign_digest_start(&g, "test");
	sign_digest_int(&g, 7);
	sign_digest_end(&g, x);
	sign_digest_start(&g, "test");
	sign_digest_text(&g, "\0\0\0\0\0\0\0\7", 8);
	sign_digest_end(&g, y);
	ck_assert(memcmp(x, y, sizeof x) != 0);
	sign_digest_start(&g, "test");
	sign_digest_null(&g);
	sign_digest_end(&g, x);
	sign_digest_start(&g, "test");
	sign_digest_text(&g, "", 0);
	sign_digest_end(&g, y);
	ck_assert(memcmp(x, y, sizeof x) != 0);
}
END_TEST

START_TEST(test_sign_verify_and_fingerprint)
{
	unsigned char pk[SIGN_PK_BYTES], sk[SIGN_SK_BYTES], other[SIGN_PK_BYTES], osk[SIGN_SK_BYTES];
	unsigned char dg[SIGN_DIGEST_BYTES], sig[SIGN_SIG_BYTES], back[SIGN_SIG_BYTES];
	char fpr[SIGN_FPR_BUFSZ], hex[2 * SIGN_SIG_BYTES + 1];

	ck_assert(sign_ready());
	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(other, osk);
	digest_of("bundle", "content", dg);
	sign_detached(sk, dg, sig);
	ck_assert(sign_verify(pk, dg, sig));
	ck_assert(!sign_verify(other, dg, sig));
	dg[5] ^= 1;                                  /* one bit of the content */
	ck_assert(!sign_verify(pk, dg, sig));

	/* ssh's form: SHA256: and 43 characters of unpadded base64. */
	sign_fingerprint(pk, fpr);
	ck_assert_uint_eq(strlen(fpr), 50);
	ck_assert(strncmp(fpr, "SHA256:", 7) == 0);
	ck_assert(strspn(fpr + 7, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") == 43);

	/* Hex both ways; anything but exactly the digits refused. */
	sign_hex(sig, sizeof sig, hex);
	ck_assert(sign_unhex(hex, back, sizeof back));
	ck_assert(memcmp(sig, back, sizeof sig) == 0);
	ck_assert(!sign_unhex("abc", back, 2));
	ck_assert(!sign_unhex("zz00", back, 2));
	ck_assert(!sign_unhex(NULL, back, 2));
	ck_assert(sign_unhex("0aFf", back, 2) && back[0] == 0x0a && back[1] == 0xff);
}
END_TEST

Suite *suite_sign(void)
{
	Suite *s = suite_create("sign");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sign_digest_unambiguous);
	tcase_add_test(tc, test_sign_verify_and_fingerprint);
	suite_add_tcase(s, tc);
	return s;
}
