#ifndef REPDESK_CHOICES_H
#define REPDESK_CHOICES_H
/* The book's choice lists in memory, for the writers that check an
 * attribute's value against its list: `set`, import and the workbench's
 * customer form (`config choices` makes them). */

#include <stdbool.h>
#include <stddef.h>

#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"

typedef struct {
	size_t n;
	char **attr;                 /* the attribute */
	char **list;                 /* its choices, joined by ',' */
} choices;

/* Read every choice list of the book into C (empty when there are none).
 * False when the book could not be read (db_error says why). */
bool choices_load(db *d, choices *c);
void choices_free(choices *c);
/* ATTR's list, or NULL when it takes any value. */
const char *choices_of(const choices *c, const char *attr);
/* Whether VALUE may be ATTR's; when not, ERR says so with the choices. */
bool choices_check(const choices *c, const char *attr, const char *value, char *err, size_t errsz);
/* The choices of LIST for a message: "a, b, c" (in Chinese "a、b、c"). */
const char *choices_shown(const char *list, char *buf, size_t bufsz);
/* The choice after (STEP 1) or before (STEP -1) VALUE in LIST, going round
 * through "" (no value), into OUT. */
void choices_step(const char *list, const char *value, int step, char *out, size_t outsz);

#endif
