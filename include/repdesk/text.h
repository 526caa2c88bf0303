#ifndef REPDESK_TEXT_H
#define REPDESK_TEXT_H
/* UTF-8 text measured and cut by display width (CJK is two columns), never by
 * bytes, with its own width table so results do not depend on the locale.
 * Invalid UTF-8 counts as U+FFFD (one column); control characters are
 * replaced by sanitising. Pure. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a line break shows as where text is one line: ⏎ (one column). */
#define TEXT_LINE_BREAK 0x23CEu

/* Decode one code point from S (at most LEN bytes). Returns bytes consumed
 * (>= 1 when LEN > 0); *cp is U+FFFD for an invalid sequence. */
size_t text_decode(const char *s, size_t len, uint32_t *cp);
/* 0, 1 or 2; a control character is 1, the width of its replacement. */
int text_cp_width(uint32_t cp);
bool text_valid_utf8(const char *s, size_t len);

/* The grapheme cluster at the start of S (LEN bytes): its length in bytes
 * (>= 1 when LEN > 0) and in *WIDTH the columns a terminal gives it: an
 * emoji ZWJ or modifier sequence and a flag (regional indicator pair) are
 * 2, combining marks and variation selectors add nothing, the rest is the
 * width of its first code point; a control character or an invalid byte is
 * a cluster of its own, 1 column; marks with no base before them are 0.
 * Cursors, cuts and widths all go by clusters, so none is split. */
size_t text_cluster(const char *s, size_t len, int *width);
/* The start of the cluster that ends at byte AT of S (0 when AT is 0). */
size_t text_cluster_before(const char *s, size_t at);

/* Display width of NUL-terminated S, cluster by cluster. */
int text_width(const char *s);

/* Write S into OUT (OUTSZ bytes) cut and padded to exactly WIDTH columns:
 * if it is wider, it keeps what fits in WIDTH-1 columns, cut at a cluster
 * boundary, then "…" (one column), then padding: "广州天河宾馆" in 7 is
 * "广州天…", in 6 "广州… " (the wide character that would straddle the edge
 * becomes padding). LF shows as ⏎, tab and CR as a space; other control characters
 * and invalid bytes as U+FFFD. RIGHT pads on the left instead (numbers).
 * OUTSZ of at least WIDTH + 4 guarantees the exact width (text that does not
 * fit in the bytes is cut like text too wide); 4 * WIDTH + 4 holds any text
 * without zero-width characters. Returns OUT. */
char *text_fit(const char *s, int width, bool right, char *out, size_t outsz);

/* Write S into OUT cut to WIDTH columns as text_fit does, so that it still
 * tells S apart from the N names of OTHERS shown beside it: when S's cut
 * shows the same as another's, the leading part S shares with those (a
 * city and district, say) gives way to "…" so the part that differs shows:
 * "佛山南海全家便利店" beside "佛山南海美宜佳便利店" in 10 columns is
 * "…全家便利…", not "佛山南海…". OTHERS may hold S itself. Returns OUT. */
char *text_fit_apart(const char *s, const char *const *others, size_t n, int width, char *out,
                     size_t outsz);

/* Copy S into OUT replacing invalid UTF-8 by U+FFFD, a line break by ⏎ and
 * other control characters (C0, DEL, C1) by '?', so it is safe to print to a
 * terminal on one line. Returns OUT. */
char *text_sanitize(const char *s, char *out, size_t outsz);

/* Case-insensitive (ASCII) comparison ignoring ASCII spaces, U+3000 and
 * underscores: used to match CSV headers. */
bool text_header_eq(const char *a, const char *b);

#endif
