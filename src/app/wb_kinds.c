/* What the workbench logs, in one place: the activity kinds its keys log
 * (in the order a customer's history reads them) and the outcomes a call
 * can have, with the words shown for them. */
#include <string.h>

#include "repdesk/db/activity.h"
#include "repdesk/i18n.h"
#include "repdesk/record.h"
#include "wb_int.h"

const wb_kind wb_kinds[] = {
	{ DB_CALLS, WB_A_CALL },
	{ DB_ORDERS, WB_A_ORDER },
	{ DB_PAYMENTS, WB_A_PAY },
	{ DB_NOTES, WB_A_NOTE },
	{ DB_VISITS, WB_A_VISIT },
};
const int wb_nkinds = (int)(sizeof wb_kinds / sizeof *wb_kinds);

const wb_choice wb_outcomes[] = {
	{ 'e', N_("effective"), "effective", false },
	{ 'n', N_("no-answer"), "no-answer", false },
	{ 'b', N_("busy"), "busy", false },
	{ 'r', N_("refused"), "refused", false },
	{ 'k', N_("callback"), "callback", false },
	{ 'o', N_("order"), "order", true },
	{ 'a', N_("after-sales"), "after-sales", false },
};
const int wb_noutcomes = (int)(sizeof wb_outcomes / sizeof *wb_outcomes);

const char *wb_outcome_label(const char *value)
{
	for (int i = 0; i < wb_noutcomes; i++)
		if (strcmp(wb_outcomes[i].value, value) == 0)
			return _(wb_outcomes[i].label);
	return value;
}

/* The registry's label of a kind's row in a customer's history. */
const char *wb_kind_noun(db_activity_kind kind)
{
	return (unsigned)kind < RECORD_KIND_COUNT ? record_kinds[kind].history : "";
}
