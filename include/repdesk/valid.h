#ifndef REPDESK_VALID_H
#define REPDESK_VALID_H
/* The checks a value from another book (a bundle) must pass before it is
 * merged: the same rules as a value typed on the command line, so nothing
 * reaches the lead's book that the lead could not have typed. Pure: no I/O,
 * no allocation; each check reads only its arguments.
 *
 * Each check returns NULL for a good value, else the reason in English
 * (marked for translation: the caller passes it through _()). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repdesk/hlc.h"

/* The longest text of any one field (a name, a note, the attributes). */
#define VALID_TEXT_MAX 65536
/* The longest payment term, in days (config payment_days, a customer's). */
#define VALID_PAYMENT_DAYS_MAX 365
/* A plan's detail holds a line per customer: a plan of 400,000 customers. */
#define VALID_DETAIL_MAX (32 * 1024 * 1024)

/* Text of LEN bytes: valid UTF-8, at most MAX bytes, no control characters
 * but LF and TAB (no other C0, no DEL, no C1 U+0080..U+009F). */
const char *valid_text(const char *s, size_t len, size_t max);
/* A real calendar date YYYY-MM-DD (core/date.c's rule: 2026-02-31 is not). */
const char *valid_date(const char *s);
/* A month YYYY-MM, 01..12. */
const char *valid_month(const char *s);
/* An amount in fen within what the command line accepts (core/money.c). */
const char *valid_money(int64_t fen);
/* A time of day as HH:MM, 00:00 to 23:59 (a visit's). */
const char *valid_time(const char *s);
/* A uid as an import or the book makes them (repdesk/uid.h). */
const char *valid_uid(const char *s);
/* A stamp exactly as hlc_format writes it. */
const char *valid_stamp(const char *s);
/* A volume as typed (an order's units: 120, 1,200): a whole number, 0 or
 * more, into *OUT; NULL, or the reason it is refused. */
const char *valid_volume_parse(const char *s, int64_t *out);
/* Whether S is one of the NULL-terminated LIST. */
bool valid_one_of(const char *s, const char *const *list);

/* The enumerations of the schema and the command line. */
extern const char *const valid_statuses[];     /* customers.status */
extern const char *const valid_priorities[];   /* customers.priority ('' included) */
extern const char *const valid_tiers[];        /* S A B C D */
extern const char *const valid_outcomes[];     /* calls.outcome, visits.outcome */
extern const char *const valid_target_levels[];
extern const char *const valid_target_scopes[];
/* One word of an enumeration as typed (IN) and the value stored for it
 * (CANON). The tables end with { NULL, NULL }. */
typedef struct {
	const char *in, *canon;
} valid_word;
extern const valid_word valid_priority_words[];   /* key, 重点, 中型, 小型 ... */
extern const valid_word valid_status_words[];     /* active, 合作中, 潜在, 流失, 勿扰 ... */
/* The stored value of the word S in WORDS (case- and space-insensitive, as
 * import headers), or NULL. */
const char *valid_word_find(const valid_word *words, const char *s);
/* An attribute's choice list as typed ("爽朗型,细致型", also separated by
 * '，', '、' or ';'; spaces around a choice dropped, empty ones skipped),
 * written into OUT as the book keeps it: the choices joined by ','. NULL, or
 * the reason the list is refused (none, one given twice, too long). */
#define VALID_CHOICES_MAX 4096
const char *valid_choices_parse(const char *spec, char *out, size_t outsz);
/* Whether VALUE is one of the choices of LIST (as the book keeps it),
 * exactly; an empty VALUE (no value) always is. */
bool valid_choice_ok(const char *list, const char *value);
/* The attribute a choice list is for, S of LEN bytes, as `config choices`
 * takes it: not empty, text of at most VALID_CHOICES_ATTR_MAX bytes, and no
 * fixed field's name (English or Chinese). */
#define VALID_CHOICES_ATTR_MAX 512
const char *valid_choices_attr(const char *s, size_t len);
/* A choice list as the book keeps it, S of LEN bytes: text that
 * valid_choices_parse takes and writes back exactly so. */
const char *valid_choices_list(const char *s, size_t len);
/* A target's key for its SCOPE: '' for a month's figures, a tier letter, a
 * plan method, a date. */
const char *valid_target_key(const char *scope, const char *key);

/* How far ahead of this machine's wall clock a stamp from elsewhere may be
 * before it is taken as a wrong clock rather than a slightly fast one. */
#define VALID_CLOCK_AHEAD_MS (10u * 60u * 1000u)
/* STAMP (valid) when it is more than VALID_CLOCK_AHEAD_MS ahead of NOW_MS:
 * the same stamp with its time set to NOW_MS (counter and device kept) in
 * OUT, and true; else false. *AHEAD_MS gets how far ahead it was (0 when not
 * ahead). */
bool valid_clamp_stamp(const char *stamp, uint64_t now_ms, char out[HLC_STAMP_BUFSZ],
                       uint64_t *ahead_ms);

#endif
