/* Fingerprints (repdesk/digest.h): XXH3-128 from libxxhash, and the legacy
 * hash that stored fingerprints were made with before it. */
#include <string.h>

#include "repdesk/digest.h"

static const char hexdigits[] = "0123456789abcdef";

void digest_init(digest_state *s)
{
	XXH3_INITSTATE(&s->x);
	XXH3_128bits_reset(&s->x);
}

void digest_update(digest_state *s, const void *p, size_t n)
{
	XXH3_128bits_update(&s->x, p, n);
}

void digest_hex(const digest_state *s, char out[DIGEST_HEXSZ])
{
	XXH128_canonical_t c;
	size_t o = strlen(DIGEST_PREFIX);

	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(&s->x));
	memcpy(out, DIGEST_PREFIX, o);
	for (size_t i = 0; i < sizeof c.digest; i++) {
		out[o++] = hexdigits[c.digest[i] >> 4];
		out[o++] = hexdigits[c.digest[i] & 15];
	}
	out[o] = '\0';
}

bool digest_is_legacy(const char *stored)
{
	return strncmp(stored, DIGEST_PREFIX, strlen(DIGEST_PREFIX)) != 0;
}

/* ---- Legacy: the hash before XXH3 ----
 * Four 64-bit lanes, each taking every fourth 8-byte word of the stream
 * with a multiply and a rotate, folded at the end into two differently
 * mixed halves. Frozen: it must give what it gave when the fingerprints a
 * book holds were stored. */

#define K1 0x9e3779b185ebca87ULL
#define K2 0xc2b2ae3d27d4eb4fULL
#define K3 0x165667b19e3779f9ULL
#define K4 0x85ebca77c2b2ae63ULL
#define K5 0x27d4eb2f165667c5ULL

static uint64_t rotl(uint64_t x, unsigned r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t load64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t lane(uint64_t acc, uint64_t w)
{
	return rotl(acc + w * K2, 31) * K1;
}

static void stripe(uint64_t v[4], const unsigned char *p)
{
	for (int i = 0; i < 4; i++)
		v[i] = lane(v[i], load64(p + 8 * i));
}

/* Spread every input bit over the whole word. */
static uint64_t avalanche(uint64_t h)
{
	h ^= h >> 33;
	h *= K2;
	h ^= h >> 29;
	h *= K3;
	h ^= h >> 32;
	return h;
}

void digest_legacy_init(digest_legacy_state *s)
{
	memset(s, 0, sizeof *s);
	s->v[0] = K1 + K2;
	s->v[1] = K2;
	s->v[2] = 0;
	s->v[3] = 0 - K1;
}

void digest_legacy_update(digest_legacy_state *s, const void *p, size_t n)
{
	const unsigned char *b = p;

	s->len += n;
	if (s->nbuf) {
		size_t k = sizeof s->buf - s->nbuf;
		if (k > n)
			k = n;
		memcpy(s->buf + s->nbuf, b, k);
		s->nbuf += k;
		b += k;
		n -= k;
		if (s->nbuf < sizeof s->buf)
			return;
		stripe(s->v, s->buf);
		s->nbuf = 0;
	}
	for (; n >= 32; b += 32, n -= 32)
		stripe(s->v, b);
	memcpy(s->buf, b, n);
	s->nbuf = n;
}

void digest_legacy_hex(const digest_legacy_state *s, char out[DIGEST_HEXSZ])
{
	uint64_t v[4];
	unsigned char tail[32] = { 0 };

	memcpy(v, s->v, sizeof v);
	/* The last partial stripe, zero-padded; the length below tells it
	 * from a stream that really ended in zeros. */
	memcpy(tail, s->buf, s->nbuf);
	if (s->nbuf)
		stripe(v, tail);
	uint64_t a = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18);
	uint64_t b = rotl(v[3], 5) ^ rotl(v[2], 23) ^ (v[1] * K4) ^ (v[0] * K5);
	a = avalanche(a ^ (s->len * K3));
	b = avalanche(b + a + rotl(s->len, 17) * K5);
	a = avalanche(a + b * K4);
	for (int i = 0; i < 16; i++) {
		out[i] = hexdigits[(a >> (60 - 4 * i)) & 15];
		out[16 + i] = hexdigits[(b >> (60 - 4 * i)) & 15];
	}
	out[DIGEST_LEGACY_HEX] = '\0';
}
