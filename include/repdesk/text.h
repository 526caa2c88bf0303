#ifndef REPDESK_TEXT_H
#define REPDESK_TEXT_H
/* UTF-8 text measured and cut by display width (CJK is two columns), never by
 * bytes, with its own width table so results do not depend on the locale.
 * Invalid UTF-8 counts as U+FFFD (one column); control characters are
 * replaced by sanitising. Pure. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one code point from S (at most LEN bytes). Returns bytes consumed
 * (>= 1 when LEN > 0); *cp is U+FFFD for an invalid sequence. */
size_t text_decode(const char *s, size_t len, uint32_t *cp);
int text_cp_width(uint32_t cp);               /* 0, 1 or 2 */
bool text_valid_utf8(const char *s, size_t len);

/* Display width of NUL-terminated S. */
int text_width(const char *s);

/* Write S into OUT (OUTSZ bytes) cut and padded to exactly WIDTH columns:
 * if it is wider, it is cut at a character boundary and ends with "…";
 * a double-width character that would straddle the edge is replaced by a space.
 * Control characters and invalid bytes are replaced (U+FFFD), newlines by a space.
 * RIGHT pads on the left instead (numbers). Returns OUT. */
char *text_fit(const char *s, int width, bool right, char *out, size_t outsz);

/* Copy S into OUT replacing invalid UTF-8 by U+FFFD and control characters
 * (C0, DEL, C1) by '?', so it is safe to print to a terminal. Returns OUT. */
char *text_sanitize(const char *s, char *out, size_t outsz);

/* Case-insensitive (ASCII) comparison ignoring ASCII spaces, U+3000 and
 * underscores: used to match CSV headers. */
bool text_header_eq(const char *a, const char *b);

#endif
