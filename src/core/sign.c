/* Signatures and the canonical digest a bundle's signature covers. */
#include <string.h>

#include "repdesk/sign.h"

bool sign_ready(void)
{
	return sodium_init() >= 0;
}

/* A tag byte, then an 8-byte big-endian number. */
static void put_tagged(sign_digest *g, char tag, uint64_t v)
{
	unsigned char b[9];

	b[0] = (unsigned char)tag;
	for (int i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(v >> (56 - 8 * i));
	crypto_generichash_update(&g->st, b, sizeof b);
}

void sign_digest_start(sign_digest *g, const char *domain)
{
	crypto_generichash_init(&g->st, NULL, 0, SIGN_DIGEST_BYTES);
	sign_digest_text(g, domain, strlen(domain));
}

void sign_digest_null(sign_digest *g)
{
	unsigned char t = 'N';

	crypto_generichash_update(&g->st, &t, 1);
}

void sign_digest_int(sign_digest *g, int64_t v)
{
	put_tagged(g, 'I', (uint64_t)v);
}

void sign_digest_real(sign_digest *g, double v)
{
	uint64_t bits;

	memcpy(&bits, &v, sizeof bits);
	put_tagged(g, 'F', bits);
}

void sign_digest_text(sign_digest *g, const void *p, size_t n)
{
	put_tagged(g, 'T', n);
	if (n)
		crypto_generichash_update(&g->st, p, n);
}

void sign_digest_blob(sign_digest *g, const void *p, size_t n)
{
	put_tagged(g, 'B', n);
	if (n)
		crypto_generichash_update(&g->st, p, n);
}

void sign_digest_mark(sign_digest *g, char what, int64_t n)
{
	put_tagged(g, what, (uint64_t)n);
}

void sign_digest_end(sign_digest *g, unsigned char out[SIGN_DIGEST_BYTES])
{
	crypto_generichash_final(&g->st, out, SIGN_DIGEST_BYTES);
}

void sign_detached(const unsigned char sk[SIGN_SK_BYTES], const unsigned char digest[SIGN_DIGEST_BYTES],
                   unsigned char sig[SIGN_SIG_BYTES])
{
	crypto_sign_detached(sig, NULL, digest, SIGN_DIGEST_BYTES, sk);
}

bool sign_verify(const unsigned char pk[SIGN_PK_BYTES], const unsigned char digest[SIGN_DIGEST_BYTES],
                 const unsigned char sig[SIGN_SIG_BYTES])
{
	return crypto_sign_verify_detached(sig, digest, SIGN_DIGEST_BYTES, pk) == 0;
}

char *sign_fingerprint(const unsigned char pk[SIGN_PK_BYTES], char out[SIGN_FPR_BUFSZ])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, pk, SIGN_PK_BYTES);
	memcpy(out, "SHA256:", 7);
	sodium_bin2base64(out + 7, SIGN_FPR_BUFSZ - 7, h, sizeof h,
	                  sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	return out;
}

char *sign_hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
	return out;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool sign_unhex(const char *text, unsigned char *out, size_t n)
{
	if (!text || strlen(text) != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int hi = nibble(text[2 * i]), lo = nibble(text[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}
