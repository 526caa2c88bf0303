/* repdesk import / export: CSV in and out, and the team bundle. */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli.h"
#include "repdesk/db/book.h"
#include "repdesk/i18n.h"

int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
	const char *rejects = NULL, *encoding = NULL;
	bool dry = false;
	char *pos[2];
	int npos, rc;
	cli_opt opts[] = {
		{ "dry-run", NULL, &dry }, { "skip-bad", &rejects, NULL },
		{ "encoding", &encoding, NULL }, { NULL, NULL, NULL }
	};
	import_opts o = { .encoding = CSVIO_ENC_AUTO, .dry_run = false };
	transfer_kind kind;

	if ((rc = cli_parse("import", argc, argv, opts, pos, 2, &npos)))
		return rc;
	if (npos != 2)
		return cli_usage_error("import", _("import needs a kind and a FILE"));
	if (!transfer_kind_parse(pos[0], &kind))
		return cli_usage_error("import", _("'%s' is not something to import "
		                       "(customers, orders, payments, calls, notes)"), pos[0]);
	if (encoding) {
		if (strcmp(encoding, "auto") == 0)
			o.encoding = CSVIO_ENC_AUTO;
		else if (strcmp(encoding, "utf-8") == 0 || strcmp(encoding, "utf8") == 0)
			o.encoding = CSVIO_ENC_UTF8;
		else if (strcmp(encoding, "gb18030") == 0 || strcmp(encoding, "gbk") == 0)
			o.encoding = CSVIO_ENC_GB18030;
		else
			return cli_usage_error("import", _("--encoding: '%s' is not auto, utf-8 or gb18030"), encoding);
	}
	if (rejects && cli_same_file(rejects, pos[1]))
		return cli_usage_error("import", _("--skip-bad %s: that is the file being imported; "
		                       "the rejected rows would overwrite it: choose another file"), rejects);
	if ((rc = cli_guard_book(ctx, "import", "--skip-bad", rejects)))
		return rc;
	o.dry_run = dry;
	o.rejects_path = rejects;
	if ((rc = cli_open_db(ctx)))
		return rc;

	import_report rep;
	char err[2048];
	status_code rs = import_run(ctx->d, kind, pos[1], &o, &rep, err, sizeof err);
	if (rs != STATUS_OK) {
		if (rs == STATUS_DATAERR)
			return cli_fail(rs, _("%s (nothing was imported)"), err);
		return cli_fail(rs, "%s", err);
	}
	if (getenv("REPDESK_TIMING")) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "timing: load %.2f s, indexes %.2f s, peak %ld MB\n",
		        rep.load_seconds, rep.index_seconds, ru.ru_maxrss / 1024);
	}
	if (rep.ignored[0])
		cli_warn(_("%s: ignored columns: %s"), pos[1], rep.ignored);
	char a[32], u[32], r[32];
	cli_printf(dry ? _("%s: dry run, would have %s added, %s updated, %s rejected\n")
	           : _("%s: %s added, %s updated, %s rejected\n"), cli_vis(pos[1]),
	       cli_count(rep.added, a, sizeof a), cli_count(rep.updated, u, sizeof u),
	       cli_count(rep.rejected, r, sizeof r));
	if (rejects && rep.rejected)
		cli_printf(_("%s: the rejected rows, with line and reason\n"), cli_vis(rejects));
	/* Orders imported without a promised day take the payment terms, as
	 * orders logged without --due do. */
	if (!dry && kind == TRANSFER_ORDERS && rep.added > 0)
		return cli_apply_terms(ctx, NULL);
	return 0;
}

/* "repdesk: 15 calls written to FILE", counted in the user's language. */
static void say_written(transfer_kind kind, long n, const char *out)
{
	unsigned long k = (unsigned long)n;
	char c[32];
	const char *cnt = cli_count(n, c, sizeof c), *f = cli_vis(out);

	fprintf(stderr, "repdesk: ");
	switch (kind) {
	case TRANSFER_CUSTOMERS:
		fprintf(stderr, ngettext("%s customer written to %s\n", "%s customers written to %s\n", k), cnt, f);
		break;
	case TRANSFER_ORDERS:
		fprintf(stderr, ngettext("%s order written to %s\n", "%s orders written to %s\n", k), cnt, f);
		break;
	case TRANSFER_PAYMENTS:
		fprintf(stderr, ngettext("%s payment written to %s\n", "%s payments written to %s\n", k), cnt, f);
		break;
	case TRANSFER_CALLS:
		fprintf(stderr, ngettext("%s call written to %s\n", "%s calls written to %s\n", k), cnt, f);
		break;
	case TRANSFER_NOTES:
		fprintf(stderr, ngettext("%s note written to %s\n", "%s notes written to %s\n", k), cnt, f);
		break;
	case TRANSFER_CONTACTS:
		fprintf(stderr, ngettext("%s contact written to %s\n", "%s contacts written to %s\n", k), cnt, f);
		break;
	case TRANSFER_VISITS:
	case TRANSFER_KIND_COUNT:
		fprintf(stderr, ngettext("%s visit written to %s\n", "%s visits written to %s\n", k), cnt, f);
		break;
	}
}

int cmd_export(cli_ctx *ctx, int argc, char **argv)
{
	const char *out = NULL;
	bool excel = false;
	char *pos[1];
	int npos, rc;
	cli_opt opts[] = {
		{ "out", &out, NULL }, { "excel", NULL, &excel }, { NULL, NULL, NULL }
	};
	transfer_kind kind;
	char err[2048];

	if ((rc = cli_parse("export", argc, argv, opts, pos, 1, &npos)))
		return rc;
	if (npos != 1)
		return cli_usage_error("export", _("export needs a kind"));
	if (strcmp(pos[0], "bundle") == 0) {
		if (!out)
			return cli_usage_error("export", _("export bundle needs --out FILE"));
		if ((rc = cli_guard_book(ctx, "export", "--out", out)))
			return rc;
		if ((rc = cli_open_db(ctx)))
			return rc;
		db_status st = db_snapshot(ctx->d, out);
		if (st != DB_OK)
			return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
		fprintf(stderr, "repdesk: ");
		fprintf(stderr, _("bundle written to %s\n"), cli_vis(out));
		return 0;
	}
	if (!transfer_kind_parse(pos[0], &kind))
		return cli_usage_error("export", _("'%s' is not something to export "
		                       "(customers, orders, payments, calls, notes, bundle)"), pos[0]);
	if ((rc = cli_guard_book(ctx, "export", "--out", out)))
		return rc;
	if ((rc = cli_open_db(ctx)))
		return rc;
	export_opts o = { .excel = excel };
	long rows;
	status_code rs = export_run(ctx->d, kind, out, &o, &rows, err, sizeof err);
	if (rs != STATUS_OK)
		return cli_fail(rs, "%s", err);
	if (out)
		say_written(kind, rows, out);
	return 0;
}
