#ifndef REPDESK_UID_H
#define REPDESK_UID_H
/* Row identities for merging many laptops' data: 128-bit, time-ordered
 * (UUIDv7 layout), as 36-char lowercase text.
 * Pure: the caller supplies the wall clock and the random bytes. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UID_LEN 36
#define UID_BUFSZ 37

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

#endif
