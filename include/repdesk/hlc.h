#ifndef REPDESK_HLC_H
#define REPDESK_HLC_H
/* Version stamps for merging many laptops' data: a hybrid logical clock
 * rendered as fixed-width text
 *   YYYY-MM-DDTHH:MM:SS.mmmZ.CCCCCC.DDDDDDDD
 * (counter 6 decimal digits, device 8 hex digits) that sorts in time order.
 * Pure: the caller supplies the wall clock. */

#include <stdbool.h>
#include <stdint.h>

#define HLC_STAMP_LEN 40
#define HLC_STAMP_BUFSZ 41
#define HLC_DEVICE_LEN 8

typedef struct {
	uint64_t ms;        /* milliseconds since the epoch */
	uint32_t counter;   /* 0..999999 */
} hlc;

/* The next local stamp: max(now, last) with the counter bumped when time has
 * not moved forward (and the millisecond advanced when the counter is full). */
hlc hlc_next(hlc last, uint64_t now_ms);
/* Move LAST past a stamp seen from elsewhere (merge): the result is at or
 * after LAST and strictly after SEEN; observing the same stamp again is a no-op. */
hlc hlc_observe(hlc last, hlc seen);
/* Exactly HLC_STAMP_LEN chars. DEVICE is 8 hex digits, written lower-case; a bad
 * or missing digit is written as '0'. Milliseconds past 9999-12-31 clamp. */
char *hlc_format(hlc h, const char *device, char out[HLC_STAMP_BUFSZ]);
/* The inverse of hlc_format; false for anything it would not write (upper-case
 * hex included). DEVICE may be NULL. */
bool hlc_parse(const char *text, hlc *h, char device[HLC_DEVICE_LEN + 1]);

#endif
