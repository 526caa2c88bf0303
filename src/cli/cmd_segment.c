/* Filters on the command line (--where, --segment) and repdesk segment:
 * saved filters, kept in the book and carried in bundles. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "repdesk/where.h"

int cli_where_take(const char *cmd, int *argc, char **argv, const char **texts, size_t *n)
{
	int out = 1;

	*n = 0;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i], *v = NULL;
		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(a, "--where") == 0) {
			if (i + 1 >= *argc)
				return cli_usage_error(cmd, _("option '--%s' needs a value"), "where");
			v = argv[++i];
		} else if (strncmp(a, "--where=", 8) == 0) {
			v = a + 8;
		} else {
			argv[out++] = argv[i];
			continue;
		}
		if (*n == CLI_WHERE_MAX)
			return cli_usage_error(cmd, _("at most %d --where filters"), CLI_WHERE_MAX);
		texts[(*n)++] = v;
	}
	*argc = out;
	argv[out] = NULL;
	return 0;
}

/* Parse TEXT as clause W against the book's attribute keys. */
static int parse_one(const char *cmd, const char *text, char **keys, size_t nkeys,
                     where_clause *w)
{
	char err[8192];

	if (!where_parse(text, (const char *const *)keys, nkeys, w, err, sizeof err))
		return cli_usage_error(cmd, "--where: %s", err);
	return 0;
}

int cli_where_filter(cli_ctx *ctx, const char *cmd, const char *const *texts, size_t n,
                     const char *segment, db_filter *f, where_clause **owned)
{
	char **keys = NULL, **seg = NULL;
	size_t nkeys = 0, nseg = 0;
	int rc = 0;

	f->where = *owned = NULL;
	f->nwhere = 0;
	f->today = ctx->today;
	if (n == 0 && !segment)
		return 0;
	db_status st = db_attr_keys(ctx->d, &keys, &nkeys);
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	if (segment && (rc = cli_segment_clauses(ctx, cmd, segment, &seg, &nseg)) != 0)
		goto out;
	where_clause *w = calloc(n + nseg, sizeof *w);
	if (!w) {
		rc = cli_fail(STATUS_IOERR, "%s", db_status_text(DB_NOMEM));
		goto out;
	}
	for (size_t i = 0; i < nseg && rc == 0; i++)
		rc = parse_one(cmd, seg[i], keys, nkeys, &w[i]);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = parse_one(cmd, texts[i], keys, nkeys, &w[nseg + i]);
	if (rc) {
		free(w);
		goto out;
	}
	f->where = *owned = w;
	f->nwhere = n + nseg;
out:
	db_strings_free(keys, nkeys);
	db_strings_free(seg, nseg);
	return rc;
}

int cli_segment_clauses(cli_ctx *ctx, const char *cmd, const char *name, char ***clauses,
                        size_t *n)
{
	(void)ctx;
	*clauses = NULL;
	*n = 0;
	return cli_usage_error(cmd, _("no segment '%s'"), name);
}
