/* Row ids: text whose byte order is the order that matters (time), so
 * SQLite compares them with plain text collation and indexes on them stay
 * append-mostly. */
#include <string.h>

#include "repdesk/uid.h"

static const char hex[] = "0123456789abcdef";

/* 16 bytes as 8-4-4-4-12 lowercase hex. */
static char *uid_text(const uint8_t b[16], char out[UID_BUFSZ])
{
	char *p = out;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 15];
	}
	*p = '\0';
	return out;
}

/* UUIDv7 (RFC 9562): 48-bit big-endian milliseconds first, so ids made later
 * sort later as text; then version 7, 12 random bits, variant 10, 62 more. */
char *uid_make(uint64_t ms, const uint8_t rand[10], char out[UID_BUFSZ])
{
	uint8_t b[16];

	for (int i = 0; i < 6; i++)
		b[i] = (uint8_t)(ms >> (40 - 8 * i));
	b[6] = (uint8_t)(0x70 | (rand[0] & 0x0F));
	b[7] = rand[1];
	b[8] = (uint8_t)(0x80 | (rand[2] & 0x3F));
	memcpy(b + 9, rand + 3, 7);
	return uid_text(b, out);
}

/* murmur3's 64-bit finaliser: every input bit reaches every output bit. */
static uint64_t fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

/* Two FNV-1a lanes with different bases and primes, each finalised, then
 * crossed: 128 bits that change with every byte and with the length. The
 * bytes are read one by one, so the result does not depend on endianness. */
char *uid_from_content(const void *data, size_t len, char out[UID_BUFSZ])
{
	const uint8_t *d = data;
	uint64_t h1 = UINT64_C(0xcbf29ce484222325);
	uint64_t h2 = UINT64_C(0x84222325cbf29ce4) ^ (uint64_t)len;
	uint8_t b[16];

	for (size_t i = 0; i < len; i++) {
		h1 = (h1 ^ d[i]) * UINT64_C(0x100000001b3);
		h2 = (h2 ^ d[i]) * UINT64_C(0x9e3779b97f4a7c15);
		h2 ^= h2 >> 29;
	}
	h1 = fmix64(h1 ^ (uint64_t)len);
	h2 = fmix64(h2 + h1);
	h1 = fmix64(h1 + h2);

	for (int i = 0; i < 8; i++) {
		b[i] = (uint8_t)(h1 >> (56 - 8 * i));
		b[8 + i] = (uint8_t)(h2 >> (56 - 8 * i));
	}
	b[6] = (uint8_t)(0x80 | (b[6] & 0x0F));
	b[8] = (uint8_t)(0x80 | (b[8] & 0x3F));
	return uid_text(b, out);
}

bool uid_acceptable(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++) {
		char c = s[n];
		if (n == 64)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == ':' || c == '-'))
			return false;
	}
	return n > 0;
}
