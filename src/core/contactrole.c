/* Contact roles: see repdesk/contactrole.h. */
#include <stdio.h>
#include <string.h>

#include "repdesk/contactrole.h"
#include "repdesk/i18n.h"
#include "repdesk/record.h"

const contact_role_info contact_roles[CONTACT_ROLE_COUNT] = {
	[CONTACT_ROLE_BOSS] = { "boss", N_("boss"), "老板|老总|总经理|owner" },
	[CONTACT_ROLE_DECISION] = { "decision-maker", N_("decision maker"), "决策人|决策者|decision maker" },
	[CONTACT_ROLE_MANAGER] = { "manager", N_("manager"), "经理|主管" },
	[CONTACT_ROLE_ENGINEER] = { "engineer", N_("engineer"), "工程师|技术|技术员" },
	[CONTACT_ROLE_PURCHASER] = { "purchaser", N_("purchaser"), "采购|采购员|buyer" },
	[CONTACT_ROLE_FINANCE] = { "finance", N_("finance"), "财务|会计" },
	[CONTACT_ROLE_FRONT_DESK] = { "front-desk", N_("front desk"), "前台|front desk|reception" },
};

contact_role contact_role_find(const char *s)
{
	if (!s)
		return CONTACT_ROLE_NONE;
	for (int i = 0; i < CONTACT_ROLE_COUNT; i++) {
		const contact_role_info *r = &contact_roles[i];
		if (record_header_matches(s, r->key, r->aliases) || record_header_matches(s, r->name, ""))
			return (contact_role)i;
	}
	return CONTACT_ROLE_NONE;
}

const char *contact_role_canon(const char *s, char *out, unsigned long sz)
{
	contact_role r = contact_role_find(s);

	if (r != CONTACT_ROLE_NONE)
		return contact_roles[r].key;
	if (!s)
		s = "";
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	snprintf(out, sz, "%.*s", (int)n, s);
	return out;
}

const char *contact_role_name(const char *s)
{
	for (int i = 0; s && i < CONTACT_ROLE_COUNT; i++)
		if (strcmp(s, contact_roles[i].key) == 0)
			return contact_roles[i].name;
	return s ? s : "";
}
