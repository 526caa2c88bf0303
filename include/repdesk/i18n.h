#ifndef REPDESK_I18N_H
#define REPDESK_I18N_H
/* Words on screen go through gettext: _() where text is used, N_() where it
 * sits in a table and is translated when shown. Machine-readable output
 * (CSV, exit codes, settings) never does. */

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repdesk/date.h"

#define _(text) gettext(text)
#define N_(text) (text)

/* Chinese conventions where Chinese is shown (src/app/i18n.c). */

/* Messages are in Chinese (the catalogue in use says so). */
bool i18n_chinese(void);
/* A day as people read it: "11月27日 周五" in Chinese, "2026-11-27 Fri"
 * otherwise. Returns BUF. */
char *i18n_day(date_day day, char *buf, size_t bufsz);
/* Amounts for people: ¥21.23万 from ¥10,000 when WAN, else ¥212,300. */
char *i18n_money(int64_t fen, bool wan, char *buf, size_t bufsz);
/* Whether to show amounts in 万: the money_style setting's text ("wan",
 * "yuan"; anything else or NULL: wan exactly when Chinese is shown). */
bool i18n_wan(const char *money_style);

#endif
