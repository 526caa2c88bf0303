/* Exit statuses for whole operations. */
#include "repdesk/i18n.h"
#include "repdesk/status.h"

int status_exit_code(status_code st)
{
#define STATUS_CODE(name, code, msg) case name: return code;
	switch (st) { STATUS_X(STATUS_CODE) }
#undef STATUS_CODE
	return 70;
}

const char *status_text(status_code st)
{
#define STATUS_TEXT(name, code, msg) case name: return _(msg);
	switch (st) { STATUS_X(STATUS_TEXT) }
#undef STATUS_TEXT
	return _("internal error");
}
