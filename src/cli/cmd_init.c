/* repdesk init: create the book and name its owner; optionally the demo. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/book.h"
#include "repdesk/i18n.h"
#include "repdesk/demo.h"

int cmd_init(cli_ctx *ctx, int argc, char **argv)
{
	const char *rep = NULL, *group = NULL;
	bool demo = false;
	char *pos[1];
	int npos, rc;
	cli_opt opts[] = {
		{ "rep", &rep, NULL }, { "group", &group, NULL }, { "demo", NULL, &demo },
		{ NULL, NULL, NULL }
	};

	if ((rc = cli_parse("init", argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (rep && !*rep)
		return cli_usage_error("init", _("--rep needs a name"));
	if (group && !*group)
		return cli_usage_error("init", _("--group needs a name"));
	if ((rc = cli_open_db(ctx)))
		return rc;

	db_rep cur;
	bool had = db_rep_current(ctx->d, &cur) == DB_OK;
	if (!rep)
		rep = had ? cur.name : getenv("USER") && *getenv("USER") ? getenv("USER") : "rep";
	if (!group)
		group = had ? cur.group_name : "一组";
	db_status st = db_book_init(ctx->d, rep, group);
	if (st != DB_OK)
		return cli_fail(st == DB_INVALID ? STATUS_DATAERR : status_from_db(st), "%s", db_error(ctx->d));
	cli_printf(_("%s: the book of %s (%s)\n"), cli_vis(ctx->db_path), cli_vis(rep), cli_vis(group));

	if (demo) {
		demo_counts n;
		char err[1024], a[32], b[32], c[32], d[32];
		int crc = cli_load_calendar(ctx);
		if (crc)
			return crc;
		status_code rs = demo_fill(ctx->d, cli_assets_dir(), &ctx->cal, ctx->today, &n, err, sizeof err);
		if (rs != STATUS_OK)
			return cli_fail(rs, _("demo: %s"), err);
		cli_printf(_("demo: %s customers, %s calls, %s orders, %s payments\n"),
		       cli_count(n.customers, a, sizeof a), cli_count(n.calls, b, sizeof b),
		       cli_count(n.orders, c, sizeof c), cli_count(n.payments, d, sizeof d));
	}
	return 0;
}
