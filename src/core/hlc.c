/* Hybrid-logical-clock stamps: fixed-width text whose byte order is time
 * order, so the newest version of a row wins by plain text comparison. */
#include <string.h>

#include "repdesk/date.h"
#include "repdesk/hlc.h"

#define HLC_COUNTER_MAX 999999u
/* 9999-12-31T23:59:59.999Z: the last instant the stamp's fixed width holds. */
#define HLC_MS_MAX UINT64_C(253402300799999)

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
char *hlc_format(hlc h, const char *device, char out[HLC_STAMP_BUFSZ])
{
	uint64_t ms = h.ms > HLC_MS_MAX ? HLC_MS_MAX : h.ms;
	unsigned counter = h.counter > HLC_COUNTER_MAX ? HLC_COUNTER_MAX : h.counter;
	uint64_t secs = ms / 1000;
	unsigned sod = (unsigned)(secs % 86400);
	char *p;

	date_format((date_day)(secs / 86400), out);
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
	for (int i = 0; i < HLC_DEVICE_LEN; i++) {
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

bool hlc_parse(const char *text, hlc *h, char device[HLC_DEVICE_LEN + 1])
{
	char date[DATE_BUFSZ];
	unsigned hh, mm, ss, ms, counter;
	date_day day;

	if (!text || strnlen(text, HLC_STAMP_LEN + 1) != HLC_STAMP_LEN)
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
	for (int i = 0; i < HLC_DEVICE_LEN; i++) {
		char c = text[32 + i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	h->ms = ((uint64_t)day * 86400 + hh * 3600u + mm * 60u + ss) * 1000 + ms;
	h->counter = counter;
	if (device) {
		memcpy(device, text + 32, HLC_DEVICE_LEN);
		device[HLC_DEVICE_LEN] = '\0';
	}
	return true;
}
