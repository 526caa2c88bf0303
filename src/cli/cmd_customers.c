/* repdesk customers / show: the book as a table or CSV, and one customer. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "repdesk/custfield.h"
#include "repdesk/money.h"
#include "repdesk/text.h"

/* The tier column is as wide as its heading ("T", "等级"). */
static int widths[] = { 1, 26, 8, 14, 6, 10, 11 };
static const bool right[] = { false, false, false, false, false, true, false };

static const char *const priority_words[] = { N_("key"), N_("medium"), N_("small") };
static const char *const status_words[] = { N_("active"), N_("prospect"), N_("lost"),
                                            N_("do-not-call") };

/* V in the reader's language when it is one of the N words of LIST. */
static const char *word_shown(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return _(list[i]);
	return v;
}


static bool print_row(const db_customer *c, void *ctx)
{
	long *n = ctx;
	char tierbuf[2] = { tier_letter(tier_effective(c->tier_manual, c->tier_auto)), '\0' };
	char money[MONEY_BUFSZ] = "";
	if (c->monthly_amount != DB_NULL)
		money_format(c->monthly_amount, money, sizeof money);
	const char *status = word_shown(c->status, status_words, sizeof status_words / sizeof *status_words);
	const char *cells[] = { tierbuf, c->name, c->contact, c->phone, c->city, money, status };
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
	const char *tiers = NULL, *search = NULL, *format = "table", *sort = "tier";
	char *pos[1];
	int npos, rc;
	cli_opt opts[] = {
		{ "tier", &tiers, NULL }, { "search", &search, NULL }, { "format", &format, NULL },
		{ "sort", &sort, NULL }, { NULL, NULL, NULL }
	};
	db_filter f = { .include_inactive = true };

	if ((rc = cli_parse("customers", argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (tiers && !parse_tiers(tiers, &f.tier_mask))
		return cli_usage_error("customers", _("--tier: '%s' is not a list of tiers (S, A, B, C, D)"), tiers);
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0)
		return cli_usage_error("customers", _("--format: '%s' is not table or csv"), format);
	if (strcmp(sort, "tier") != 0 && strcmp(sort, "rank") != 0)
		return cli_usage_error("customers", _("--sort: '%s' is not tier or rank"), sort);
	f.by_rank = strcmp(sort, "rank") == 0;
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
	widths[0] = text_width(head[0]) > 1 ? text_width(head[0]) : 1;
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

/* KEY, then VALUE; a value with line breaks goes on, line by line, under
 * its first line. */
static void print_field(const char *key, const char *value)
{
	char k[256];
	const char *line = value;

	text_fit(cli_vis(key), 15, false, k, sizeof k);
	for (;;) {
		const char *nl = strchr(line, '\n');
		char *part = nl ? strndup(line, (size_t)(nl - line)) : NULL;
		if (nl && !part) {              /* no memory: one line, ⏎ for each break */
			cli_printf("%s %s\n", k, cli_vis(line));
			return;
		}
		cli_printf("%s %s\n", k, cli_vis(part ? part : line));
		free(part);
		if (!nl)
			return;
		line = nl + 1;
		memset(k, ' ', 15);
		k[15] = '\0';
	}
}

/* Field I of C as `show` prints it: money formatted, the tier with where it
 * comes from, words of a fixed list translated. */
static const char *shown_value(const db_customer *c, int i, char *buf, size_t bufsz)
{
	const char *v = custfield_get(c, (custfield_id)i, buf, bufsz);

	if (i == CUSTFIELD_MONTHLY_AMOUNT && c->monthly_amount != DB_NULL)
		return money_format(c->monthly_amount, buf, bufsz);
	if (i == CUSTFIELD_TIER) {
		tier eff = tier_effective(c->tier_manual, c->tier_auto);
		/* TRANSLATORS: a tier letter and how it was set (computed, manual). */
		snprintf(buf, bufsz, _("%c (%s)"), tier_letter(eff),
		         c->tier_manual != TIER_NONE ? _("manual") : _("computed"));
		return buf;
	}
	if (i == CUSTFIELD_STATUS)
		return word_shown(v, status_words, sizeof status_words / sizeof *status_words);
	if (i == CUSTFIELD_PRIORITY)
		return word_shown(v, priority_words, sizeof priority_words / sizeof *priority_words);
	return v;
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
		const char *v = shown_value(c, i, buf, sizeof buf);
		if (*v)
			print_field(_(custfield_fields[i].name), v);
	}
	tier_band band = tier_band_of(c->stores == DB_NULL ? -1 : c->stores);
	if (band != TIER_BAND_UNKNOWN)
		print_field(_("store_band"), tier_band_label(band));
	for (size_t a = 0; a < c->nattrs; a++)
		print_field(c->attrs[a].key, c->attrs[a].value);
	db_customer_free(c);
	return cli_show_history(ctx, uid);
}
