#ifndef REPDESK_IO_ENCODING_H
#define REPDESK_IO_ENCODING_H
/* Internal to src/io: the UTF-8 checks the CSV reader needs to tell UTF-8 from
 * GB18030 and to refuse invalid text. Pure; no iconv here. */

#include <stdbool.h>
#include <stddef.h>

/* Length of the longest valid UTF-8 prefix of S (N bytes): N when all of S is
 * valid. Overlong forms, surrogates and code points above U+10FFFF are
 * invalid. *CUT (if not NULL) is set when what stops the prefix is a sequence
 * that is valid so far but runs past the end of S — a character cut by a
 * chunk boundary, not an error. */
size_t io_utf8_prefix(const char *s, size_t n, bool *cut);

/* Whether the first bytes of a file (S, N bytes, AT_EOF if that is the whole
 * file) are UTF-8: a BOM, or valid UTF-8 up to a character cut at the end. */
bool io_looks_utf8(const char *s, size_t n, bool at_eof);

#endif
