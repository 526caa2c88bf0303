/* The stages' names as the book shows them: see repdesk/oppnames.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/i18n.h"
#include "repdesk/oppnames.h"
#include "repdesk/text.h"

const char *opp_names_key(opp_stage st, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "stage.%s", (unsigned)st < OPP_STAGE_COUNT ? opp_stages[st].key : "");
	return buf;
}

void opp_names_load(db *d, opp_names *out)
{
	for (int i = 0; i < OPP_STAGE_COUNT; i++) {
		char key[32], value[OPP_NAME_MAX];
		const char *t = _(opp_stages[i].msgid);
		snprintf(out->name[i], OPP_NAME_MAX, "%s", t == opp_stages[i].msgid ||
		         strncmp(t, "stage|", 6) == 0 ? opp_stages[i].name : t);
		if (d && db_setting_get(d, opp_names_key((opp_stage)i, key, sizeof key), value,
		                        sizeof value) == DB_OK && value[0])
			text_sanitize(value, out->name[i], OPP_NAME_MAX);
	}
}

opp_stage opp_names_find(const opp_names *n, const char *text)
{
	for (int i = 0; n && text && i < OPP_STAGE_COUNT; i++)
		if (text_header_eq(text, n->name[i]))
			return (opp_stage)i;
	return opp_stage_find(text);
}
