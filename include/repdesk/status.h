#ifndef REPDESK_STATUS_H
#define REPDESK_STATUS_H
/* Outcomes of whole operations (an import, a command) and the exit status
 * each one maps to (the man page's EXIT STATUS). Lower layers return these with a message in
 * a caller-supplied buffer; only cli/ prints or exits. */

#include "repdesk/db/book.h"

#define STATUS_X(_) \
	_(STATUS_OK,       0,  N_("ok")) \
	_(STATUS_USAGE,    64, N_("usage error")) \
	_(STATUS_DATAERR,  65, N_("bad data")) \
	_(STATUS_NOINPUT,  66, N_("missing input file")) \
	_(STATUS_IOERR,    74, N_("input/output error")) \
	_(STATUS_BUSY,     75, N_("database busy")) \
	_(STATUS_NOPERM,   77, N_("not authorised"))

#define STATUS_ENUM(name, code, msg) name,
typedef enum { STATUS_X(STATUS_ENUM) } status_code;
#undef STATUS_ENUM

int status_exit_code(status_code st);
const char *status_text(status_code st);

/* Map a store status to the exit status class. */
status_code status_from_db(db_status st);

#endif
