#ifndef REPDESK_OPPNAMES_H
#define REPDESK_OPPNAMES_H
/* The names the stages of opportunities are shown by: the book's own (config
 * stage KEY NAME, kept in the setting "stage.KEY"), else the translated
 * default. Typed stage names are read back through the same table, so a
 * rep who renamed "tender" to 招投标 types either. */

#include <stddef.h>

#include "repdesk/db/book.h"
#include "repdesk/opp.h"

#define OPP_NAME_MAX 64

typedef struct {
	char name[OPP_STAGE_COUNT][OPP_NAME_MAX];
} opp_names;

/* Load the book's names (the translated defaults when unset or
 * unreadable). */
void opp_names_load(db *d, opp_names *out);
/* The stage TEXT names: a renamed stage's name first, then what
 * opp_stage_find takes. */
opp_stage opp_names_find(const opp_names *n, const char *text);
/* The setting key of stage ST's name ("stage.tender") into BUF. */
const char *opp_names_key(opp_stage st, char *buf, size_t bufsz);

#endif
