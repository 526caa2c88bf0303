/* repdesk customers / show: the book as a table or CSV, and one customer. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "repdesk/custfield.h"
#include "repdesk/money.h"
#include "repdesk/text.h"

static const int widths[] = { 1, 26, 8, 14, 6, 10, 11 };
static const bool right[] = { false, false, false, false, false, true, false };

static bool print_row(const db_customer *c, void *ctx)
{
	long *n = ctx;
	char tierbuf[2] = { tier_letter(tier_effective(c->tier_manual, c->tier_auto)), '\0' };
	char money[MONEY_BUFSZ] = "";
	if (c->monthly_amount != DB_NULL)
		money_format(c->monthly_amount, money, sizeof money);
	const char *cells[] = { tierbuf, c->name, c->contact, c->phone, c->city, money, c->status };
	cli_table_row(stdout, cells, widths, right, 7);
	(*n)++;
	return true;
}

/* "S,A", "sa" or "S A" -> mask; false on anything else. */
static bool parse_tiers(const char *s, unsigned *mask)
{
	*mask = 0;
	for (; *s; s++) {
		if (*s == ',' || *s == ' ')
			continue;
		tier t = tier_from_letter((unsigned char)*s);
		if (t == TIER_NONE)
			return false;
		*mask |= 1u << t;
	}
	return *mask != 0;
}

int cmd_customers(cli_ctx *ctx, int argc, char **argv)
{
	const char *tiers = NULL, *search = NULL, *format = "table";
	char *pos[1];
	int npos, rc;
	cli_opt opts[] = {
		{ "tier", &tiers, NULL }, { "search", &search, NULL }, { "format", &format, NULL },
		{ NULL, NULL, NULL }
	};
	db_filter f = { .include_inactive = true };

	if ((rc = cli_parse("customers", argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (tiers && !parse_tiers(tiers, &f.tier_mask))
		return cli_usage_error("customers", _("--tier: '%s' is not a list of tiers (S, A, B, C, D)"), tiers);
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0)
		return cli_usage_error("customers", _("--format: '%s' is not table or csv"), format);
	f.search = search && *search ? search : NULL;
	if ((rc = cli_open_db(ctx)))
		return rc;

	if (strcmp(format, "csv") == 0) {
		char err[1024];
		long rows;
		export_opts o = { .excel = false, .filter = &f };
		status_code rs = export_run(ctx->d, TRANSFER_CUSTOMERS, NULL, &o, &rows, err, sizeof err);
		return rs == STATUS_OK ? 0 : cli_fail(rs, "%s", err);
	}

	const char *head[] = { _("T"), _("Name"), _("Contact"), _("Phone"), _("City"), _("Monthly"),
	                       _("Status") };
	cli_table_row(stdout, head, widths, right, 7);
	long n = 0;
	db_status st = db_customers_each(ctx->d, &f, print_row, &n);
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	char cnt[32];
	cli_printf(ngettext("%s customer\n", "%s customers\n", (unsigned long)n), cli_count(n, cnt, sizeof cnt));
	return 0;
}

int cli_resolve(cli_ctx *ctx, const char *cmd, const char *text, char uid[UID_BUFSZ])
{
	db_status st = db_customer_resolve(ctx->d, text, uid);
	if (st == DB_OK)
		return 0;
	if (st == DB_NOT_FOUND)
		return cli_usage_error(cmd, _("no customer matches '%s' (give a uid, an exact name or "
		                       "the start of a name)"), text);
	if (st == DB_AMBIGUOUS)
		return cli_usage_error(cmd, "%s", db_error(ctx->d));
	return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
}

static void print_field(const char *key, const char *value)
{
	char k[256];
	text_fit(cli_vis(key), 15, false, k, sizeof k);
	cli_printf("%s %s\n", k, cli_vis(value));
}

int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;
	char uid[UID_BUFSZ];

	if ((rc = cli_parse("show", argc, argv, NULL, pos, 1, &npos)))
		return rc;
	if (npos != 1)
		return cli_usage_error("show", _("show needs a CUSTOMER"));
	if ((rc = cli_open_db(ctx)) || (rc = cli_resolve(ctx, "show", pos[0], uid)))
		return rc;
	db_customer *c = db_customer_load(ctx->d, uid);
	if (!c)
		return cli_fail(STATUS_IOERR, "%s", db_error(ctx->d));

	char buf[256];
	for (int i = 0; i < CUSTFIELD_COUNT; i++) {
		const char *v = custfield_get(c, (custfield_id)i, buf, sizeof buf);
		if (i == CUSTFIELD_MONTHLY_AMOUNT && c->monthly_amount != DB_NULL)
			v = money_format(c->monthly_amount, buf, sizeof buf);
		if (i == CUSTFIELD_TIER) {
			tier eff = tier_effective(c->tier_manual, c->tier_auto);
			snprintf(buf, sizeof buf, "%c (%s)", tier_letter(eff),
			         c->tier_manual != TIER_NONE ? "manual" : "computed");
			v = buf;
		}
		if (!*v)
			continue;
		print_field(custfield_fields[i].name, v);
	}
	tier_band band = tier_band_of(c->stores == DB_NULL ? -1 : c->stores);
	if (band != TIER_BAND_UNKNOWN)
		print_field("store_band", tier_band_label(band));
	for (size_t a = 0; a < c->nattrs; a++)
		print_field(c->attrs[a].key, c->attrs[a].value);
	db_customer_free(c);
	return cli_show_history(ctx, uid);
}
