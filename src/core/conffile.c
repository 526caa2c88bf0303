/* The config file's lines (see conffile.h). */
#include <stdbool.h>
#include <string.h>

#include "repdesk/conffile.h"

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* The next word of *P (NUL-terminated in place), or NULL at the end. A '='
 * right after the key is a separator. */
static char *word(char **p, bool stop_at_eq)
{
	char *s = *p;
	while (space(*s) || (stop_at_eq && *s == '='))
		s++;
	if (!*s)
		return *p = s, NULL;
	char *w = s;
	while (*s && !space(*s) && !(stop_at_eq && *s == '='))
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

conffile_kind conffile_line(char *line, const char **arg1, const char **arg2)
{
	char *p = line;
	*arg1 = *arg2 = NULL;

	char *key = word(&p, true);
	if (!key || key[0] == '#')
		return CONFFILE_BLANK;
	if (strcmp(key, "bind") == 0) {
		/* No '=' here: '=' is a key that can be bound. */
		char *a = word(&p, false), *b = word(&p, false), *c = word(&p, false);
		*arg1 = a;
		*arg2 = b;
		return a && b && !c ? CONFFILE_BIND : CONFFILE_BAD;
	}
	/* "key = value", "key=value" and "key value" alike. */
	while (space(*p))
		p++;
	if (*p == '=')
		p++;
	char *a = word(&p, false), *b = word(&p, false);
	if (strcmp(key, "language") == 0) {
		*arg1 = a;
		return a && !b ? CONFFILE_LANGUAGE : CONFFILE_BAD;
	}
	*arg1 = key;
	return CONFFILE_UNKNOWN;
}
