#ifndef REPDESK_MONEY_H
#define REPDESK_MONEY_H
/* Money as integer fen (1/100 yuan), parsed and formatted with integer
 * arithmetic only: no floating point, no dependence on the locale.
 * Pure: no I/O, no allocation, no global state. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest magnitude accepted: 10^13 yuan, in fen. */
#define MONEY_MAX_FEN (INT64_C(1000000000000000))

/* Parse TEXT (NUL-terminated UTF-8) into fen. Accepted forms:
 *   12000  12,000  ¥12,000.50  ￥12,000.50  12000元  12,000元  1.5万  2万5 (=25,000)
 *   0.8万  -300  -¥300  ¥-300  fullwidth digits (１２０００), surrounding spaces
 *   (ASCII, U+3000, U+00A0).
 * At most two decimals for yuan; 万 multiplies by 10,000 and its decimals may go
 * to the fen, six places (1.2345万 = 12,345 yuan; 1.234567万 = 12,345.67 yuan;
 * 1.2345678万 is refused: finer than a fen). After 万 a single digit is the
 * thousands (2万5 = 2万5千 = 25,000 yuan); 万元, and a space before 万 or 元, are fine.
 * Thousands separators must group by three (1,2000 is refused). A point needs
 * digits on both sides: .5 and 5. are refused, as likely slips of the finger.
 * Magnitudes up to MONEY_MAX_FEN inclusive are accepted.
 * Returns true and sets *fen on success. On failure returns false and writes a
 * short reason to ERR (e.g. "is not an amount", "is too large"); the caller names
 * the text and the place. Empty text is refused with "is empty". */
bool money_parse(const char *text, int64_t *fen, char *err, size_t errsz);

/* Table form: ¥12,000 when whole yuan, ¥12,000.50 otherwise; -¥300 for
 * negatives. Returns BUF. BUF needs MONEY_BUFSZ bytes. */
#define MONEY_BUFSZ 40
char *money_format(int64_t fen, char *buf, size_t bufsz);

/* CSV form: 12000.00, -300.00 (no separators, no sign for zero). */
char *money_format_csv(int64_t fen, char *buf, size_t bufsz);

/* Whole yuan with thousands separators and no symbol: 12,000 (fen are
 * rounded half away from zero). Used in narrow table columns. */
char *money_format_yuan(int64_t fen, char *buf, size_t bufsz);

/* Chinese form for ¥10,000 and more: ¥21.23万, ¥40万, ¥1.5万 (to ¥100,
 * half away from zero); smaller amounts as money_format. Returns BUF. */
char *money_format_wan(int64_t fen, char *buf, size_t bufsz);

#endif
