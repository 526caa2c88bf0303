/* repdesk server: set up the team server (init, migrate) and its logins
 * (add-rep, add-lead, remove-rep, rebind); a lead's reassign. And repdesk
 * sync: the rep's book and the server, both ways. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/server.h"
#include "repdesk/i18n.h"

int cli_server_url(cli_ctx *ctx, const char *given, char *out, size_t outsz)
{
	char why[256];

	if (given) {
		if (!db_server_url_check(given, why, sizeof why))
			return cli_usage_error("server", "--server: %s", why);
		snprintf(out, outsz, "%s", given);
		return 0;
	}
	if (db_setting_get(ctx->d, "server", out, outsz) != DB_OK || !out[0] ||
	    strcmp(out, "none") == 0)
		return cli_fail(STATUS_USAGE, "%s", _("no team server: give --server URL, or set it once "
		                "with 'repdesk config server URL'"));
	return 0;
}

int cli_server_connect(cli_ctx *ctx, const char *given, db_server **s)
{
	char url[1024], err[1024];
	int rc = cli_server_url(ctx, given, url, sizeof url);

	if (rc)
		return rc;
	status_code st = db_server_connect(url, s, err, sizeof err);
	if (st != STATUS_OK) {
		if (st == STATUS_IOERR)
			return cli_fail(st, _("cannot reach the team server: %s"), err);
		return cli_fail(st, "%s", err);
	}
	return 0;
}

static int server_init(cli_ctx *ctx, db_server *s, bool migrate)
{
	char err[1024];
	int from = 0;
	status_code st = db_server_init(s, ctx->d, migrate, &from, err, sizeof err);

	if (st != STATUS_OK)
		return cli_fail(st, "%s", err);
	if (from == db_server_layout())
		cli_printf(_("the team server is up to date (layout %d)\n"), from);
	else if (from)
		cli_printf(_("the team server went from layout %d to %d\n"), from, db_server_layout());
	else
		cli_printf(_("the team server is ready (layout %d): add reps with 'repdesk server "
		             "add-rep NAME --group GROUP'\n"), db_server_layout());
	return 0;
}

static int server_add(cli_ctx *ctx, db_server *s, const char *name, const char *group,
                      const char *login, const char *password, bool lead)
{
	char made[64], role[80], err[1024];

	(void)ctx;
	if (!group)
		return cli_usage_error("server", "%s", _("a login needs --group GROUP"));
	status_code st = db_server_add_login(s, name, group, login, password, lead, made, sizeof made,
	                                     role, sizeof role, err, sizeof err);
	if (st != STATUS_OK)
		return cli_fail(st, "%s", err);
	cli_printf(lead ? _("lead %s (%s) may log in as %s\n") : _("rep %s (%s) may log in as %s\n"),
	           cli_vis(name), cli_vis(group), role);
	if (made[0])
		cli_printf(_("password (shown this once; keep it in the rep's ~/.pgpass): %s\n"), made);
	return 0;
}

int cmd_server(cli_ctx *ctx, int argc, char **argv)
{
	char *pos[3];
	const char *server = NULL, *group = NULL, *login = NULL, *password = NULL, *to = NULL;
	int npos, rc;
	cli_opt opts[] = { { "server", &server, NULL }, { "group", &group, NULL },
	                   { "login", &login, NULL }, { "password", &password, NULL },
	                   { "to", &to, NULL }, { NULL, NULL, NULL } };

	if ((rc = cli_parse("server", argc, argv, opts, pos, 3, &npos)))
		return rc;
	if (npos == 0)
		return cli_usage_error("server", "%s", _("server needs init, migrate, add-rep, add-lead, "
		                       "remove-rep, rebind or reassign"));
	const char *sub = pos[0];
	bool init = strcmp(sub, "init") == 0, migrate = strcmp(sub, "migrate") == 0;
	bool add_rep = strcmp(sub, "add-rep") == 0, add_lead = strcmp(sub, "add-lead") == 0;
	bool remove = strcmp(sub, "remove-rep") == 0, rebind = strcmp(sub, "rebind") == 0;
	bool reassign = strcmp(sub, "reassign") == 0;
	if (!(init || migrate || add_rep || add_lead || remove || rebind || reassign))
		return cli_usage_error("server", _("'%s' is not a server command"), sub);
	int want = init || migrate ? 1 : 2;
	if (npos != want)
		return cli_usage_error("server", init || migrate ? _("server %s takes no other word")
		                       : reassign ? _("server %s needs the CUSTOMER")
		                       : _("server %s needs the NAME"), sub);
	if ((group || login || password) && !(add_rep || add_lead))
		return cli_usage_error("server", "%s", _("--group, --login and --password go with "
		                       "add-rep and add-lead"));
	if (reassign != (to != NULL))
		return cli_usage_error("server", "%s", _("reassign CUSTOMER needs --to REP, and --to goes "
		                       "with reassign only"));
	db_server *s;
	if ((rc = cli_open_db(ctx)) || (rc = cli_server_connect(ctx, server, &s)))
		return rc;
	char err[1024];
	status_code st = STATUS_OK;
	if (init || migrate) {
		rc = server_init(ctx, s, migrate);
	} else if (add_rep || add_lead) {
		rc = server_add(ctx, s, pos[1], group, login, password, add_lead);
	} else if (remove) {
		if ((st = db_server_remove_login(s, pos[1], err, sizeof err)) == STATUS_OK)
			cli_printf(_("%s may no longer log in; their rows stay\n"), cli_vis(pos[1]));
	} else if (rebind) {
		if ((st = db_server_rebind(s, pos[1], err, sizeof err)) == STATUS_OK)
			cli_printf(_("%s's login is free: the next book to sync with it is bound to it\n"),
			           cli_vis(pos[1]));
	} else {
		if ((st = db_server_reassign(s, pos[1], to, err, sizeof err)) == STATUS_OK)
			cli_printf(_("%s now belongs to %s: it reaches them with their next sync\n"),
			           cli_vis(pos[1]), cli_vis(to));
	}
	db_server_close(s);
	if (st != STATUS_OK)
		return cli_fail(st, "%s", err);
	return rc;
}

int cmd_sync(cli_ctx *ctx, int argc, char **argv)
{
	const char *server = NULL;
	int npos, rc;
	char *pos[1];
	cli_opt opts[] = { { "server", &server, NULL }, { NULL, NULL, NULL } };

	/* A sync reads the pending rows and the marks, and runs often (every
	 * few minutes from a scheduler): it skips reading every page of a small
	 * book first. Damage in what it reads still stops it (DB_CORRUPT), the
	 * server judges every row it sends, and any other command checks. */
	ctx->open_flags |= DB_OPEN_NO_SCAN;
#ifdef M_MMAP_THRESHOLD
	/* A first sync builds megabytes of rows, and libpq copies them into a
	 * buffer it doubles: blocks this large of their own mapping grow in
	 * place (the C library's default moves the threshold up after the
	 * first is freed, and each doubling then copies all of it). */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
	if ((rc = cli_parse("sync", argc, argv, opts, pos, 0, &npos)) || (rc = cli_open_db(ctx)))
		return rc;
	db_server *s;
	long pending = 0;
	char last[32], err[1024];
	if ((rc = cli_server_connect(ctx, server, &s))) {
		if (db_sync_pending(ctx->d, &pending, last, sizeof last) == DB_OK && pending)
			cli_warn(ngettext("%ld row waits for the next sync; nothing is lost",
			                  "%ld rows wait for the next sync; nothing is lost",
			                  (unsigned long)pending), pending);
		return rc;
	}
	db_sync_result r;
	status_code st = db_sync(ctx->d, s, &r, err, sizeof err);
	db_server_close(s);
	if (st != STATUS_OK) {
		int code = cli_fail(st, "%s", err);
		if (r.pending)
			cli_warn(ngettext("%ld row waits for the next sync; nothing is lost",
			                  "%ld rows wait for the next sync; nothing is lost",
			                  (unsigned long)r.pending), r.pending);
		return code;
	}
	cli_printf(_("synced as %s at %s: sent %ld (added %ld, updated %ld, conflicts %ld), "
	             "received %ld\n"), r.login, r.at, r.sent, r.added, r.updated, r.conflicts,
	           r.pulled);
	if (r.replayed)
		cli_printf("%s\n", _("the last batch had reached the server already: nothing was sent twice"));
	if (r.clamped)
		cli_printf(ngettext("%ld stamp was ahead of the server's clock and was clamped to it: "
		                    "check this computer's clock\n",
		                    "%ld stamps were ahead of the server's clock and were clamped to it: "
		                    "check this computer's clock\n", (unsigned long)r.clamped), r.clamped);
	if (r.handed)
		cli_printf(ngettext("%ld customer was handed to another rep by your lead\n",
		                    "%ld customers were handed to another rep by your lead\n",
		                    (unsigned long)r.handed), r.handed);
	return 0;
}
