#ifndef REPDESK_VISIBLE_H
#define REPDESK_VISIBLE_H
/* Text from a book, a CSV file or a bundle made harmless for a terminal
 * while staying readable: every character that would act on the terminal
 * instead of being shown is written out as what it is.
 *
 *   a line break (LF)     ⏎ (U+23CE), unless VIS_KEEP_NL keeps it
 *   other C0 controls     caret notation: ESC is ^[, BEL ^G, CR ^M, DEL ^?
 *   and DEL
 *   C1 controls           <U+0080> ... <U+009F>
 *   bidi overrides and    <U+202A> ... <U+202E>, <U+2066> ... <U+2069>
 *   isolates
 *   invalid UTF-8         U+FFFD, one per bad byte sequence, as the
 *                         workbench's cells show it (text.h)
 *
 * Everything else, Chinese included, is copied unchanged, so the result of
 * text that needs nothing is byte for byte the text. The result contains no
 * byte below 0x20 (but LF with VIS_KEEP_NL), no DEL, no C1 and no bidi
 * control, and is valid UTF-8; making visible text already visible changes
 * nothing. Pure. */

#include <stdbool.h>
#include <stddef.h>

enum {
	VIS_KEEP_NL = 1 << 0,       /* LF stays a line break (a format's own) */
};

/* Write S made visible into OUT (OUTSZ bytes, NUL-terminated when OUTSZ > 0).
 * Returns the length the whole result needs, without the NUL (as snprintf);
 * when OUT is too small it is cut between two shown characters, never
 * inside a ^[ or a UTF-8 sequence. */
size_t visible_text(const char *s, int flags, char *out, size_t outsz);

/* True when visible_text would change S. */
bool visible_needed(const char *s, int flags);

#endif
