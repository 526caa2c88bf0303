/* Which language repdesk speaks, and where its translations are: the
 * locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), unless the config file's
 * "language" line forces one; catalogues beside the binary (a source tree's
 * build/locale, an installation's share/locale) or where the build put
 * them. */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "repdesk/conffile.h"
#include "repdesk/i18n.h"

/* What is wrong with the config file, said once a command runs (the
 * workbench says it on its own screen): kept, not printed, while reading,
 * as the file's language line decides the language of the message. */
static struct {
	int line;
	char key[64];          /* the unknown key, or "" for a malformed line */
} warnings[4];
static int nwarnings;
static char config_file[PATH_MAX];

/* The "language" line of the config file, into BUF ("" when none). */
static void configured(const char *config, char *buf, size_t bufsz)
{
	FILE *f = config ? fopen(config, "r") : NULL;
	char line[512];
	int lineno = 0;

	buf[0] = '\0';
	if (!f)
		return;
	snprintf(config_file, sizeof config_file, "%s", config);
	while (fgets(line, sizeof line, f)) {
		const char *a, *b;
		conffile_kind k = conffile_line(line, &a, &b);
		lineno++;
		if (k == CONFFILE_LANGUAGE)
			snprintf(buf, bufsz, "%s", a);
		if ((k == CONFFILE_UNKNOWN || k == CONFFILE_BAD) && nwarnings < 4) {
			warnings[nwarnings].line = lineno;
			snprintf(warnings[nwarnings].key, sizeof warnings[0].key, "%s",
			         k == CONFFILE_UNKNOWN ? a : "");
			nwarnings++;
		}
	}
	fclose(f);
}

void cli_config_warnings(void)
{
	for (int i = 0; i < nwarnings; i++) {
		if (warnings[i].key[0])
			cli_warn(_("%s:%d: unknown setting '%s' ignored (the config file takes: %s)"),
			         config_file, warnings[i].line, warnings[i].key, CONFFILE_KEYS);
		else
			cli_warn(_("%s:%d: expected 'bind KEY ACTION' or 'language = zh_CN|en'"),
			         config_file, warnings[i].line);
	}
}

/* The first language the environment asks for, as gettext reads it. */
static const char *asked(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	for (int i = 0; i < 4; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "";
}

static const char *locale_dir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("REPDESK_LOCALEDIR");
	char exe[PATH_MAX];
	struct stat sb;

	if (env && *env)
		return env;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* build/repdesk beside build/locale; bin/ beside share/locale. */
			static const char *const layouts[] = { "locale", "../share/locale" };
			for (size_t l = 0; l < 2; l++) {
				char probe[PATH_MAX + 64];
				snprintf(probe, sizeof probe, "%s/%s/zh_CN/LC_MESSAGES/repdesk.mo", exe, layouts[l]);
				if (stat(probe, &sb) == 0 &&
				    snprintf(dir, sizeof dir, "%s/%s", exe, layouts[l]) < (int)sizeof dir)
					return dir;
			}
		}
	}
	return REPDESK_LOCALEDIR;
}

void cli_i18n_init(const char *config)
{
	char lang[64];
	bool have_locale = setlocale(LC_ALL, "") != NULL;

	configured(config, lang, sizeof lang);
	if (lang[0]) {
		/* Forced: English is the untranslated text; any other language
		 * goes first in LANGUAGE, which gettext reads before the locale. */
		setenv("LANGUAGE", strncmp(lang, "en", 2) == 0 ? "en" : lang, 1);
	}
	const char *want = lang[0] ? lang : asked();
	/* A language whose locale is not installed: read text in UTF-8 and let
	 * LANGUAGE pick the catalogue (glibc honours it under C.UTF-8). */
	if (!have_locale || strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0) {
		if (strncmp(want, "zh", 2) == 0 && setlocale(LC_ALL, "C.UTF-8")) {
			char code[16];
			snprintf(code, sizeof code, "%.5s", want);
			if (!getenv("LANGUAGE") || !*getenv("LANGUAGE"))
				setenv("LANGUAGE", code, 1);
		} else if (!have_locale) {
			setlocale(LC_ALL, "C.UTF-8");
		}
	}
	bindtextdomain("repdesk", locale_dir());
	bind_textdomain_codeset("repdesk", "UTF-8");
	textdomain("repdesk");
}
