/* repdesk edit KIND UID FIELD=VALUE..., repdesk delete KIND UID: a row
 * logged by mistake put right or taken back, each one transaction. An edit
 * is stamped anew, so it wins over the older row in a merge; a deletion is
 * a tombstone that travels in the next bundle. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "repdesk/actfield.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/record.h"

/* The kind the word names (as `log` spells it), or -1 with a usage error. */
static int kind_of(const char *cmd, const char *word, int *rc)
{
	for (int k = 0; k < RECORD_KIND_COUNT; k++)
		if (strcmp(word, record_kinds[k].word) == 0)
			return k;
	*rc = cli_usage_error(cmd, _("'%s' is not call, order, payment, visit or note"), word);
	return -1;
}

static int db_failure(cli_ctx *ctx, db_status st)
{
	return cli_fail(st == DB_INVALID ? STATUS_DATAERR : status_from_db(st), "%s", db_error(ctx->d));
}

/* Apply each FIELD=VALUE of ARGV to R. */
static int apply(cli_ctx *ctx, actrow *r, int argc, char **argv)
{
	char why[512], field[64];

	for (int i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof field) {
			char names[200];
			return cli_usage_error("edit", _("'%s' is not FIELD=VALUE (the %s's fields: %s)"), argv[i],
			                       _(record_kinds[r->kind].word), actrow_fields(r->kind, names, sizeof names));
		}
		memcpy(field, argv[i], (size_t)(eq - argv[i]));
		field[eq - argv[i]] = '\0';
		actrow_result res = actrow_set(ctx->d, r, field, eq + 1, ctx->today, why, sizeof why);
		if (res == ACTROW_NO_FIELD)
			return cli_usage_error("edit", "%s", why);
		if (res != ACTROW_OK)
			return cli_fail(STATUS_DATAERR, "%s", why);
	}
	return 0;
}

int cmd_edit(cli_ctx *ctx, int argc, char **argv)
{
	char *pos[32];
	int npos, rc = 0;

	if ((rc = cli_parse("edit", argc, argv, NULL, pos, 32, &npos)))
		return rc;
	if (npos < 3)
		return cli_usage_error("edit", _("edit needs a KIND, a UID and at least one FIELD=VALUE"));
	int kind = kind_of("edit", pos[0], &rc);
	if (kind < 0)
		return rc;
	if ((rc = cli_open_db(ctx)))
		return rc;
	actrow r;
	db_status st = actrow_load(ctx->d, (db_activity_kind)kind, pos[1], &r);
	if (st != DB_OK)
		return db_failure(ctx, st);
	if ((rc = apply(ctx, &r, npos - 2, pos + 2))) {
		actrow_free(&r);
		return rc;
	}
	int result = 0;
	st = db_begin(ctx->d);
	if (st == DB_OK)
		st = db_activity_upsert(ctx->d, r.kind, &r.a, &result);
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	actrow_free(&r);
	if (st != DB_OK)
		return db_failure(ctx, st);
	cli_printf(result ? _("%s %s: updated\n") : _("%s %s: nothing changed\n"), _(record_kinds[kind].word),
	           pos[1]);
	return 0;
}

int cmd_delete(cli_ctx *ctx, int argc, char **argv)
{
	char *pos[2];
	int npos, rc = 0;

	if ((rc = cli_parse("delete", argc, argv, NULL, pos, 2, &npos)))
		return rc;
	if (npos != 2)
		return cli_usage_error("delete", _("delete needs a KIND and a UID"));
	int kind = kind_of("delete", pos[0], &rc);
	if (kind < 0)
		return rc;
	if ((rc = cli_open_db(ctx)))
		return rc;
	actrow r;
	db_status st = actrow_load(ctx->d, (db_activity_kind)kind, pos[1], &r);
	if (st != DB_OK)
		return db_failure(ctx, st);
	actrow_free(&r);
	st = db_begin(ctx->d);
	if (st == DB_OK)
		st = db_activity_delete(ctx->d, (db_activity_kind)kind, pos[1]);
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (st != DB_OK)
		return db_failure(ctx, st);
	cli_printf(_("%s %s: deleted\n"), _(record_kinds[kind].word), pos[1]);
	return 0;
}
