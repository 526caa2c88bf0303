/* Filters on the command line (--where, --segment) and repdesk segment:
 * saved filters, kept in the book and carried in bundles. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/segments.h"
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
	if (n + nseg > WHERE_MAX_CLAUSES) {
		rc = cli_usage_error(cmd, _("at most %d filters, a segment's included"), WHERE_MAX_CLAUSES);
		goto out;
	}
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

/* ---- saved segments ---- */

typedef struct {
	char **v;
	size_t n;
} lines;

/* The segment's clauses, one a line, into L (the first segment of the name:
 * the book's own). */
static bool take_lines(const db_segment *g, void *ctx)
{
	lines *l = ctx;
	const char *p = g->clauses;

	while (*p) {
		size_t n = strcspn(p, "\n");
		char **v = realloc(l->v, (l->n + 1) * sizeof *v);
		if (!v)
			return false;
		l->v = v;
		if (!(l->v[l->n] = strndup(p, n)))
			return false;
		l->n++;
		p += n + (p[n] == '\n');
	}
	return false;
}

int cli_segment_clauses(cli_ctx *ctx, const char *cmd, const char *name, char ***clauses,
                        size_t *n)
{
	lines l = { NULL, 0 };
	db_status st = db_segments_each(ctx->d, name, take_lines, &l);

	*clauses = l.v;
	*n = l.n;
	if (st == DB_NOT_FOUND)
		return cli_usage_error(cmd, _("no segment '%s' (repdesk segment list shows them)"), name);
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	return 0;
}

/* segment save NAME --where ...: each clause checked against the book. */
static int segment_save(cli_ctx *ctx, int argc, char **argv)
{
	const char *wheres[CLI_WHERE_MAX];
	size_t nwhere;
	char *pos[1];
	int npos, rc;

	if ((rc = cli_where_take("segment", &argc, argv, wheres, &nwhere)) ||
	    (rc = cli_parse("segment", argc, argv, NULL, pos, 1, &npos)))
		return rc;
	if (npos != 1 || !*pos[0])
		return cli_usage_error("segment", _("segment save needs a NAME"));
	if (nwhere == 0)
		return cli_usage_error("segment", _("segment save needs at least one --where"));
	for (size_t i = 0; i < nwhere; i++)
		if (strchr(wheres[i], '\n'))
			return cli_usage_error("segment", _("--where: a filter is one line"));
	if ((rc = cli_open_db(ctx)))
		return rc;
	db_filter f = { 0 };
	where_clause *owned = NULL;
	if ((rc = cli_where_filter(ctx, "segment", wheres, nwhere, NULL, &f, &owned)))
		return rc;
	free(owned);
	size_t len = 1;
	for (size_t i = 0; i < nwhere; i++)
		len += strlen(wheres[i]) + 1;
	char *text = calloc(1, len);
	if (!text)
		return cli_fail(STATUS_IOERR, "%s", db_status_text(DB_NOMEM));
	for (size_t i = 0; i < nwhere; i++) {
		if (i)
			strcat(text, "\n");
		strcat(text, wheres[i]);
	}
	bool added = false;
	db_status st = db_segment_save(ctx->d, pos[0], text, &added);
	free(text);
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	cli_printf(added ? _("segment '%s' saved\n") : _("segment '%s' changed\n"), cli_vis(pos[0]));
	return 0;
}

static bool list_one(const db_segment *g, void *ctx)
{
	(void)ctx;
	cli_printf("%s", cli_vis(g->name));
	if (g->rep[0])
		cli_printf(" (%s)", cli_vis(g->rep));
	for (const char *p = g->clauses; *p;) {
		size_t n = strcspn(p, "\n");
		char *one = strndup(p, n);
		cli_printf("  --where '%s'", cli_vis(one ? one : ""));
		free(one);
		p += n + (p[n] == '\n');
	}
	cli_printf("\n");
	return true;
}

static bool show_one(const db_segment *g, void *ctx)
{
	(void)ctx;
	cli_printf("%s\n", cli_vis(g->name));
	for (const char *p = g->clauses; *p;) {
		size_t n = strcspn(p, "\n");
		char *one = strndup(p, n);
		cli_printf("  %s\n", cli_vis(one ? one : ""));
		free(one);
		p += n + (p[n] == '\n');
	}
	return false;
}

/* segment list | show NAME | delete NAME */
static int segment_read(cli_ctx *ctx, const char *verb, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;
	bool list = strcmp(verb, "list") == 0;

	if ((rc = cli_parse("segment", argc, argv, NULL, pos, list ? 0 : 1, &npos)))
		return rc;
	if (!list && npos != 1)
		return cli_usage_error("segment", _("segment %s needs a NAME"), verb);
	if ((rc = cli_open_db(ctx)))
		return rc;
	db_status st;
	if (strcmp(verb, "delete") == 0) {
		if ((st = db_segment_delete(ctx->d, pos[0])) == DB_OK)
			cli_printf(_("segment '%s' deleted\n"), cli_vis(pos[0]));
	} else {
		st = db_segments_each(ctx->d, list ? NULL : pos[0], list ? list_one : show_one, NULL);
	}
	if (st == DB_NOT_FOUND)
		return cli_usage_error("segment", _("no segment '%s' (repdesk segment list shows them)"),
		                       pos[0]);
	return st == DB_OK ? 0 : cli_fail(status_from_db(st), "%s", db_error(ctx->d));
}

int cmd_segment(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("segment", _("segment needs save, list, show or delete"));
	const char *verb = argv[1];
	if (strcmp(verb, "save") == 0)
		return segment_save(ctx, argc - 1, argv + 1);
	if (strcmp(verb, "list") == 0 || strcmp(verb, "show") == 0 || strcmp(verb, "delete") == 0)
		return segment_read(ctx, verb, argc - 1, argv + 1);
	return cli_usage_error("segment", _("'%s' is not save, list, show or delete"), verb);
}
