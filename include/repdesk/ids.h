#ifndef REPDESK_IDS_H
#define REPDESK_IDS_H
/* Row identities and version stamps for merging many laptops' data.
 * uid: 128-bit, time-ordered (UUIDv7 layout), as 36-char lowercase text.
 * stamp: a hybrid logical clock rendered as fixed-width text
 *   YYYY-MM-DDTHH:MM:SS.mmmZ.CCCCCC.DDDDDDDD
 * (counter 6 decimal digits, device 8 hex digits) that sorts in time order.
 * Pure: the caller supplies the wall clock and the random bytes. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UID_LEN 36
#define UID_BUFSZ 37
#define STAMP_LEN 40
#define STAMP_BUFSZ 41
#define DEVICE_LEN 8

/* RAND: 10 random bytes. MS: Unix time in milliseconds. */
char *uid_make(uint64_t ms, const uint8_t rand[10], char out[UID_BUFSZ]);
/* A uid-shaped id derived from content: a 128-bit hash of LEN bytes at DATA,
 * version nibble 8 (UUIDv8, "custom"), variant 10. The same bytes always give
 * the same id, so a row imported without a uid keeps one identity however
 * often it is re-imported. Not time-ordered. */
char *uid_from_content(const void *data, size_t len, char out[UID_BUFSZ]);
/* Whether S looks like any uid we accept from an import: 1..64 chars of
 * [A-Za-z0-9._:-]. Imports may bring their own ids. */
bool uid_acceptable(const char *s);

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
/* Exactly STAMP_LEN chars. DEVICE is 8 hex digits, written lower-case; a bad
 * or missing digit is written as '0'. Milliseconds past 9999-12-31 clamp. */
char *hlc_format(hlc h, const char *device, char out[STAMP_BUFSZ]);
/* The inverse of hlc_format; false for anything it would not write (upper-case
 * hex included). DEVICE may be NULL. */
bool hlc_parse(const char *text, hlc *h, char device[DEVICE_LEN + 1]);

#endif
