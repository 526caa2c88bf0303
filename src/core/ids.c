/* Row ids and hybrid-logical-clock stamps. Both are text whose byte order is
 * the order that matters (time), so SQLite compares them with plain text
 * collation and indexes on them stay append-mostly. */
#include <string.h>

#include "repdesk/date.h"
#include "repdesk/ids.h"

#define HLC_COUNTER_MAX 999999u
/* 9999-12-31T23:59:59.999Z: the last instant the stamp's fixed width holds. */
#define HLC_MS_MAX UINT64_C(253402300799999)

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

static int hlc_cmp(hlc a, hlc b)
{
	if (a.ms != b.ms)
		return a.ms < b.ms ? -1 : 1;
	return a.counter < b.counter ? -1 : a.counter > b.counter;
}

/* The smallest clock after H. */
static hlc hlc_tick(hlc h)
{
	if (h.counter >= HLC_COUNTER_MAX)
		return (hlc){ h.ms + 1, 0 };
	return (hlc){ h.ms, h.counter + 1 };
}

hlc hlc_next(hlc last, uint64_t now_ms)
{
	if (now_ms > last.ms)
		return (hlc){ now_ms, 0 };
	return hlc_tick(last);
}

/* At or after LAST and strictly after SEEN: a stamp made from the result
 * sorts after everything merged, and observing the same stamp twice changes
 * nothing the second time. */
hlc hlc_observe(hlc last, hlc seen)
{
	hlc past = hlc_tick(seen);

	return hlc_cmp(last, past) >= 0 ? last : past;
}

static char *put_dec(char *p, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/* A device that is not 8 hex digits is written with '0' in place of each bad
 * or missing digit (and lower-cased), so the stamp keeps its width and order. */
char *hlc_format(hlc h, const char *device, char out[STAMP_BUFSZ])
{
	uint64_t ms = h.ms > HLC_MS_MAX ? HLC_MS_MAX : h.ms;
	unsigned counter = h.counter > HLC_COUNTER_MAX ? HLC_COUNTER_MAX : h.counter;
	uint64_t secs = ms / 1000;
	unsigned sod = (unsigned)(secs % 86400);
	char *p;

	date_format((rd_day)(secs / 86400), out);
	p = out + 10;
	*p++ = 'T';
	p = put_dec(p, sod / 3600, 2);
	*p++ = ':';
	p = put_dec(p, sod / 60 % 60, 2);
	*p++ = ':';
	p = put_dec(p, sod % 60, 2);
	*p++ = '.';
	p = put_dec(p, (unsigned)(ms % 1000), 3);
	*p++ = 'Z';
	*p++ = '.';
	p = put_dec(p, counter, 6);
	*p++ = '.';
	bool ended = !device;
	for (int i = 0; i < DEVICE_LEN; i++) {
		char c = ended ? '0' : device[i];
		if (c == '\0') {
			ended = true;
			c = '0';
		}
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		*p++ = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ? c : '0';
	}
	*p = '\0';
	return out;
}

/* Exactly N decimal digits at S, no more than MAX. */
static bool dec(const char *s, int n, unsigned max, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return v <= max;
}

bool hlc_parse(const char *text, hlc *h, char device[DEVICE_LEN + 1])
{
	char date[DATE_BUFSZ];
	unsigned hh, mm, ss, ms, counter;
	rd_day day;

	if (!text || strnlen(text, STAMP_LEN + 1) != STAMP_LEN)
		return false;
	memcpy(date, text, 10);
	date[10] = '\0';
	if (!date_parse(date, &day) || day < 0 || text[10] != 'T' ||
	    !dec(text + 11, 2, 23, &hh) || text[13] != ':' ||
	    !dec(text + 14, 2, 59, &mm) || text[16] != ':' ||
	    !dec(text + 17, 2, 59, &ss) || text[19] != '.' ||
	    !dec(text + 20, 3, 999, &ms) || text[23] != 'Z' || text[24] != '.' ||
	    !dec(text + 25, 6, HLC_COUNTER_MAX, &counter) || text[31] != '.')
		return false;
	/* Lower case only: upper-case hex would sort apart from the same device. */
	for (int i = 0; i < DEVICE_LEN; i++) {
		char c = text[32 + i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	h->ms = ((uint64_t)day * 86400 + hh * 3600u + mm * 60u + ss) * 1000 + ms;
	h->counter = counter;
	if (device) {
		memcpy(device, text + 32, DEVICE_LEN);
		device[DEVICE_LEN] = '\0';
	}
	return true;
}
