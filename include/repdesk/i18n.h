#ifndef REPDESK_I18N_H
#define REPDESK_I18N_H
/* Words on screen go through gettext: _() where text is used, N_() where it
 * sits in a table and is translated when shown. Machine-readable output
 * (CSV, exit codes, settings) never does. */

#include <libintl.h>

#define _(text) gettext(text)
#define N_(text) (text)

#endif
