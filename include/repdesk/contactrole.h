#ifndef REPDESK_CONTACTROLE_H
#define REPDESK_CONTACTROLE_H
/* The roles a customer's contact may have: a few known ones (boss, decision
 * maker, manager, engineer, purchaser, finance, front desk), each with the
 * Chinese word a rep types, stored by its key; any other word is a role too,
 * stored as typed. Pure: no SQL, no I/O. */

typedef enum {
	CONTACT_ROLE_BOSS, CONTACT_ROLE_DECISION, CONTACT_ROLE_MANAGER, CONTACT_ROLE_ENGINEER,
	CONTACT_ROLE_PURCHASER, CONTACT_ROLE_FINANCE, CONTACT_ROLE_FRONT_DESK, CONTACT_ROLE_COUNT,
	CONTACT_ROLE_NONE = -1
} contact_role;

typedef struct {
	const char *key;             /* as stored: "boss", "decision-maker" ... */
	const char *name;            /* the English name shown (marked for translation) */
	const char *aliases;         /* '|'-separated words a rep may type (Chinese, spaced) */
} contact_role_info;

extern const contact_role_info contact_roles[CONTACT_ROLE_COUNT];

/* The known role S names (its key, English name or an alias, case- and
 * space-insensitive), or CONTACT_ROLE_NONE. */
contact_role contact_role_find(const char *s);
/* What a role typed as S is stored as: the key of a known role, else S
 * itself with the spaces around it left out (into OUT of SZ bytes). */
const char *contact_role_canon(const char *s, char *out, unsigned long sz);
/* The English name of stored role S when it is a known one (for _()), else
 * S as stored. */
const char *contact_role_name(const char *s);
/* Whether stored role S is a known one: only then is its name translated
 * (a free word is the rep's own text, and "" would give the catalogue's
 * header). */
static inline int contact_role_known(const char *s) { return contact_role_find(s) != CONTACT_ROLE_NONE; }

#endif
