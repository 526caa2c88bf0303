/* Exit statuses for whole operations. */
#include "repdesk/i18n.h"
#include "repdesk/status.h"

int rd_exit_code(rd_status st)
{
#define RD_CODE(name, code, msg) case name: return code;
	switch (st) { RD_X_STATUS(RD_CODE) }
#undef RD_CODE
	return 70;
}

const char *rd_status_text(rd_status st)
{
#define RD_TEXT(name, code, msg) case name: return _(msg);
	switch (st) { RD_X_STATUS(RD_TEXT) }
#undef RD_TEXT
	return _("internal error");
}
