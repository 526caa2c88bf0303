/* repdesk config: tier thresholds, the calendar, and other settings. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/i18n.h"

static int show_tiers(cli_ctx *ctx)
{
	tier_thresholds th;
	char spec[128];
	db_status st = db_tiers_get(ctx->d, &th);
	if (st != DB_OK)
		return cli_fail(rd_from_db(st), "%s", db_error(ctx->d));
	cli_printf(_("tiers %s %s\n"), tier_metric_name(th.metric), tier_format_spec(&th, spec, sizeof spec));
	return 0;
}

static int config_tiers(cli_ctx *ctx, int argc, char **argv)
{
	const char *metric = NULL;
	char *pos[1];
	int npos, rc;
	cli_opt opts[] = { { "metric", &metric, NULL }, { NULL, NULL, NULL } };
	tier_thresholds th;
	char err[256];

	if ((rc = cli_parse("config", argc, argv, opts, pos, 1, &npos)))
		return rc;
	if ((rc = cli_open_db(ctx)))
		return rc;
	if (!metric && npos == 0)
		return show_tiers(ctx);
	db_status st = db_tiers_get(ctx->d, &th);
	if (st != DB_OK)
		return cli_fail(rd_from_db(st), "%s", db_error(ctx->d));
	tier_metric m = th.metric;
	if (metric && !tier_metric_parse(metric, &m))
		return cli_usage_error("config", _("--metric: '%s' is not amount or volume"), metric);
	if (npos == 1) {
		if (!tier_parse_spec(pos[0], m, &th, err, sizeof err))
			return cli_usage_error("config", _("tiers: %s"), err);
	} else {
		th = tier_default(m);   /* a new metric starts from its preset */
	}
	st = db_begin(ctx->d);
	if (st == DB_OK)
		st = db_tiers_set(ctx->d, &th);
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (st != DB_OK)
		return cli_fail(rd_from_db(st), "%s", db_error(ctx->d));
	return show_tiers(ctx);
}

static int set_setting(cli_ctx *ctx, const char *key, const char *value)
{
	if (strcmp(key, "money_style") == 0 && strcmp(value, "yuan") != 0 && strcmp(value, "wan") != 0)
		return cli_usage_error("config", _("money_style: '%s' is not yuan or wan"), value);
	db_status st = db_begin(ctx->d);
	if (st == DB_OK)
		st = db_setting_set(ctx->d, key, value);
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (st != DB_OK)
		return cli_fail(rd_from_db(st), "%s", db_error(ctx->d));
	cli_printf("%s %s\n", key, cli_vis(value));
	return 0;
}

static int config_calendar(cli_ctx *ctx, const char *which)
{
	int rc;
	char abs[PATH_MAX];
	if ((rc = cli_open_db(ctx)))
		return rc;
	if (strcmp(which, "none") != 0 && strcmp(which, "default") != 0) {
		/* Check the file now rather than on every later command. */
		ctx->calendar_arg = which;
		if ((rc = cli_load_calendar(ctx)))
			return rc;
		if (!realpath(which, abs))
			return cli_fail(RD_NOINPUT, _("%s: cannot resolve the path"), which);
		which = abs;
	}
	return set_setting(ctx, "calendar", which);
}

/* The book's owner: a new name or group travels in the next bundle. */
static int config_rep(cli_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *group = NULL;
	char *pos[1];
	int npos, rc;
	cli_opt opts[] = { { "name", &name, NULL }, { "group", &group, NULL }, { NULL, NULL, NULL } };
	db_rep cur;

	if ((rc = cli_parse("config", argc, argv, opts, pos, 0, &npos)))
		return rc;
	if ((name && !*name) || (group && !*group))
		return cli_usage_error("config", _("rep: --name and --group need a name"));
	if ((rc = cli_open_db(ctx)))
		return rc;
	bool had = db_rep_current(ctx->d, &cur) == DB_OK;
	if (!name && !group) {
		if (!had)
			return cli_fail(RD_DATAERR, "%s", db_error(ctx->d));
		cli_printf(_("rep %s\ngroup %s\n"), cli_vis(cur.name), cli_vis(cur.group_name));
		return 0;
	}
	if (!had && !name)
		return cli_usage_error("config", _("rep: the book has no owner yet: give --name"));
	db_status st = db_book_init(ctx->d, name ? name : cur.name,
	                            group ? group : had ? cur.group_name : "");
	if (st == DB_OK)
		st = db_rep_current(ctx->d, &cur);
	if (st != DB_OK)
		return cli_fail(rd_from_db(st), "%s", db_error(ctx->d));
	cli_printf(_("rep %s\ngroup %s\n"), cli_vis(cur.name), cli_vis(cur.group_name));
	return 0;
}

int cmd_config(cli_ctx *ctx, int argc, char **argv)
{
	int rc;
	char value[1024];

	if (argc >= 2 && strcmp(argv[1], "rep") == 0)
		return config_rep(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "tiers") == 0)
		return config_tiers(ctx, argc - 1, argv + 1);
	if (argc == 3 && strcmp(argv[1], "calendar") == 0)
		return config_calendar(ctx, argv[2]);
	if (argc > 3)
		return cli_usage_error("config", _("too many arguments"));
	if ((rc = cli_open_db(ctx)))
		return rc;
	if (argc == 1) {
		if ((rc = show_tiers(ctx)))
			return rc;
		if (db_setting_get(ctx->d, "calendar", value, sizeof value) != DB_OK)
			snprintf(value, sizeof value, "default");
		cli_printf(_("calendar %s\n"), cli_vis(value));
		db_rep rep;
		if (db_rep_current(ctx->d, &rep) == DB_OK)
			cli_printf(_("rep %s\ngroup %s\n"), cli_vis(rep.name), cli_vis(rep.group_name));
		return 0;
	}
	const char *key = argv[1];
	for (const char *k = key; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || *k == '_' || (*k >= '0' && *k <= '9')))
			return cli_usage_error("config", _("'%s' is not a setting name (a-z, 0-9, _)"), key);
	if (argc == 3)
		return set_setting(ctx, key, argv[2]);
	if (db_setting_get(ctx->d, key, value, sizeof value) != DB_OK)
		return cli_usage_error("config", _("'%s' is not set"), key);
	cli_printf("%s %s\n", key, cli_vis(value));
	return 0;
}
