/* The key table: which key does which action, the defaults of the guide (docs/guide.md §8),
 * rebindable from the config file ("bind KEY ACTION"). Help is generated
 * from it, so what the help says is what the keys do. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/conffile.h"
#include "repdesk/i18n.h"
#include "repdesk/text.h"
#include "ui.h"

typedef struct {
	int key;
	bool is_char;
	wb_action action;
} binding;

#define MAX_BINDINGS 128
static binding table[MAX_BINDINGS];
static int nbind;

static const struct {
	const char *name;
	int key;
	bool is_char;
} names[] = {
	{ "Up", KEY_UP, false }, { "Down", KEY_DOWN, false }, { "Left", KEY_LEFT, false },
	{ "Right", KEY_RIGHT, false }, { "PgUp", KEY_PPAGE, false }, { "PgDn", KEY_NPAGE, false },
	{ "Home", KEY_HOME, false }, { "End", KEY_END, false }, { "Enter", '\n', true },
	{ "Esc", 27, true }, { "Tab", '\t', true }, { "BTab", KEY_BTAB, false },
	{ "Space", ' ', true }, { "BS", KEY_BACKSPACE, false }, { "Del", KEY_DC, false },
	{ "F1", KEY_F(1), false }, { "F2", KEY_F(2), false }, { "F3", KEY_F(3), false },
	{ "F4", KEY_F(4), false }, { "F5", KEY_F(5), false }, { "F10", KEY_F(10), false },
};

static void bind(int key, bool is_char, wb_action a)
{
	for (int i = 0; i < nbind; i++)
		if (table[i].key == key && table[i].is_char == is_char) {
			table[i].action = a;
			return;
		}
	if (nbind < MAX_BINDINGS)
		table[nbind++] = (binding){ key, is_char, a };
}

void ui_keys_defaults(void)
{
	static const struct { int key; bool is_char; wb_action a; } defaults[] = {
		{ KEY_UP, false, WB_A_UP }, { 'k', true, WB_A_UP },
		{ KEY_DOWN, false, WB_A_DOWN }, { 'j', true, WB_A_DOWN },
		{ KEY_PPAGE, false, WB_A_PAGE_UP }, { KEY_NPAGE, false, WB_A_PAGE_DOWN },
		{ KEY_HOME, false, WB_A_FIRST }, { 'g', true, WB_A_FIRST },
		{ KEY_END, false, WB_A_LAST }, { 'G', true, WB_A_LAST },
		{ '\t', true, WB_A_PANE }, { '\n', true, WB_A_OPEN }, { KEY_ENTER, false, WB_A_OPEN },
		{ 27, true, WB_A_BACK },
		{ '1', true, WB_A_TODAY }, { '2', true, WB_A_CUSTOMERS }, { '3', true, WB_A_PLAN },
		{ '4', true, WB_A_TEAM }, { '?', true, WB_A_HELP }, { KEY_F(1), false, WB_A_HELP },
		{ 'q', true, WB_A_QUIT }, { '/', true, WB_A_SEARCH },
		{ 's', true, WB_A_TIER_S }, { 'S', true, WB_A_TIER_S },
		{ 'a', true, WB_A_TIER_A }, { 'A', true, WB_A_TIER_A },
		{ 'b', true, WB_A_TIER_B }, { 'B', true, WB_A_TIER_B },
		{ 'C', true, WB_A_TIER_C },
		{ 'd', true, WB_A_TIER_D }, { 'D', true, WB_A_TIER_D },
		{ '0', true, WB_A_CLEAR }, { 'r', true, WB_A_SORT },
		{ 'c', true, WB_A_CALL }, { 'o', true, WB_A_ORDER }, { 'p', true, WB_A_PAY },
		{ 'n', true, WB_A_NOTE }, { 'v', true, WB_A_VISIT }, { 'u', true, WB_A_UNDO }, { '+', true, WB_A_ADD },
		{ 'U', true, WB_A_REDO }, { 18, true, WB_A_REDO }, { KEY_DC, false, WB_A_DELETE },
		{ 'e', true, WB_A_EDIT }, { 'x', true, WB_A_STATUS }, { 't', true, WB_A_SET_TIER },
		{ 'T', true, WB_A_REPLAN }, { 'f', true, WB_A_FILTER }, { 12, true, WB_A_REDRAW }, { KEY_F(5), false, WB_A_REDRAW },
		{ 'y', true, WB_A_SYNC },
		{ '5', true, WB_A_PIPELINE }, { '>', true, WB_A_OPP_NEXT }, { ']', true, WB_A_OPP_NEXT },
		{ '<', true, WB_A_OPP_BACK }, { '[', true, WB_A_OPP_BACK }, { 'W', true, WB_A_OPP_WIN },
		{ 'L', true, WB_A_OPP_LOSE },
	};
	nbind = 0;
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
		bind(defaults[i].key, defaults[i].is_char, defaults[i].a);
}

wb_action ui_key_action(int key, bool is_char)
{
	if (is_char && key == '\r')
		key = '\n';
	for (int i = 0; i < nbind; i++)
		if (table[i].key == key && table[i].is_char == is_char)
			return table[i].action;
	return WB_A_NONE;
}

bool ui_key_parse(const char *name, int *key, bool *is_char)
{
	size_t len = strlen(name);
	uint32_t cp;

	if (len >= 3 && name[0] == '<' && name[len - 1] == '>') {
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			if (strlen(names[i].name) == len - 2 && strncmp(names[i].name, name + 1, len - 2) == 0) {
				*key = names[i].key;
				*is_char = names[i].is_char;
				return true;
			}
		return false;
	}
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i].name, name) == 0 && len > 1) {
			*key = names[i].key;
			*is_char = names[i].is_char;
			return true;
		}
	if (len == 2 && name[0] == '^' && name[1] >= '@' && name[1] <= '_') {
		*key = name[1] - '@';
		*is_char = true;
		return true;
	}
	if (len && text_decode(name, len, &cp) == len && cp != 0xFFFD) {
		*key = (int)cp;
		*is_char = true;
		return true;
	}
	return false;
}

static void describe_key(int key, bool is_char, char *buf, size_t bufsz)
{
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (names[i].key == key && names[i].is_char == is_char) {
			snprintf(buf, bufsz, "%s", names[i].name);
			return;
		}
	if (is_char && key < 32)
		snprintf(buf, bufsz, "^%c", key + '@');
	else if (is_char && key < 128)
		snprintf(buf, bufsz, "%c", key);
	else
		snprintf(buf, bufsz, "%s", is_char ? "?" : keyname(key));
}

char *ui_keys_of(wb_action a, char *buf, size_t bufsz)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < nbind; i++) {
		if (table[i].action != a || (!table[i].is_char && table[i].key == KEY_ENTER))
			continue;
		char k[32];
		describe_key(table[i].key, table[i].is_char, k, sizeof k);
		int n = snprintf(buf + len, bufsz - len, "%s%s", len ? " " : "", k);
		if (n < 0 || (size_t)n >= bufsz - len)
			break;
		len += (size_t)n;
	}
	return buf;
}

bool ui_keys_load(const char *path, char *err, size_t errsz)
{
	FILE *f = fopen(path, "r");
	char line[512];
	int lineno = 0;
	bool ok = true;

	if (!f)
		return true;          /* no config: the defaults */
	while (fgets(line, sizeof line, f)) {
		lineno++;
		const char *keytext, *action;
		/* The whole file is shared with the command line: its lines for
		 * others (language) are fine here, and only the first mistake is
		 * shown. */
		switch (conffile_line(line, &keytext, &action)) {
		case CONFFILE_BLANK:
		case CONFFILE_LANGUAGE:
			continue;
		case CONFFILE_UNKNOWN:
			if (ok)
				snprintf(err, errsz, _("%s:%d: unknown setting '%s' ignored (the config "
				         "file takes: %s)"), path, lineno, keytext, CONFFILE_KEYS);
			ok = false;
			continue;
		case CONFFILE_BAD:
			if (ok)
				snprintf(err, errsz, _("%s:%d: expected 'bind KEY ACTION' or "
				         "'language = zh_CN|en'"), path, lineno);
			ok = false;
			continue;
		case CONFFILE_BIND:
			break;
		}
		int key;
		bool is_char;
		wb_action a = wb_action_parse(action);
		if (!ui_key_parse(keytext, &key, &is_char) || (a == WB_A_NONE && strcmp(action, "none") != 0)) {
			if (ok)
				snprintf(err, errsz, _("%s:%d: unknown key '%s' or action '%s'"), path, lineno,
				         keytext, action);
			ok = false;
			continue;
		}
		bind(key, is_char, a);
	}
	fclose(f);
	return ok;
}
