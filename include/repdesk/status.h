#ifndef REPDESK_STATUS_H
#define REPDESK_STATUS_H
/* Outcomes of whole operations (an import, a command) and the exit status
 * each one maps to (DESIGN §9). Lower layers return these with a message in
 * a caller-supplied buffer; only cli/ prints or exits. */

#define RD_X_STATUS(_) \
	_(RD_OK,       0,  N_("ok")) \
	_(RD_USAGE,    64, N_("usage error")) \
	_(RD_DATAERR,  65, N_("bad data")) \
	_(RD_NOINPUT,  66, N_("missing input file")) \
	_(RD_IOERR,    74, N_("input/output error")) \
	_(RD_BUSY,     75, N_("database busy"))

#define RD_ENUM(name, code, msg) name,
typedef enum { RD_X_STATUS(RD_ENUM) } rd_status;
#undef RD_ENUM

int rd_exit_code(rd_status st);
const char *rd_status_text(rd_status st);

#endif
