/* repdesk customers / show: the book as a table or CSV, and one customer. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/plan.h"
#include "repdesk/count.h"
#include "repdesk/i18n.h"
#include "repdesk/csvio.h"
#include "repdesk/custfield.h"
#include "repdesk/money.h"
#include "repdesk/text.h"
#include "repdesk/where.h"

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


typedef struct {
	long n;
	db *d;
	bool by_volume;              /* the tier metric is volume */
	int y, m;                    /* this month, for its volumes */
} table_ctx;

static bool print_row(const db_customer *c, void *ctx)
{
	table_ctx *t = ctx;
	char tierbuf[2] = { tier_letter(tier_effective(c->tier_manual, c->tier_auto)), '\0' };
	char money[MONEY_BUFSZ] = "";
	int64_t volume;
	if (t->by_volume) {
		/* This month's orders' volume, else the stated monthly volume. */
		if (db_month_volumes(t->d, &c->id, 1, t->y, t->m, &volume) == DB_OK && volume != DB_NULL)
			count_format(volume, 0, money, sizeof money);
	} else if (c->monthly_amount != DB_NULL) {
		money_format(c->monthly_amount, money, sizeof money);
	}
	const char *status = word_shown(c->status, status_words, sizeof status_words / sizeof *status_words);
	const char *cells[] = { tierbuf, c->name, c->contact, c->phone, c->city, money, status };
	cli_table_row(stdout, cells, widths, right, 7);
	t->n++;
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

/* ---- groups ---- */

typedef struct {
	size_t nby;
	csvio_writer *csv;           /* NULL: a table */
	bool ok;
	char err[256];
	db_group_row total;
} group_out;

static const int group_widths[] = { 10, 10, 9, 14, 12, 14, 12, 9, 7, 12 };
static const bool group_right[] = { false, false, true, true, true, true, true, true, true, true };

/* A row of cells: CSV as it is, a table padded and made visible. */
static void group_cells(group_out *g, const char *const *cells, size_t k)
{
	if (g->csv) {
		g->ok = g->ok && csvio_write_row(g->csv, cells, k, g->err, sizeof g->err);
		return;
	}
	int w[10];
	bool rt[10];
	const char *shown[10];
	for (size_t i = 0; i < k; i++) {
		w[i] = group_widths[i + 2 - g->nby];
		rt[i] = group_right[i + 2 - g->nby];
		shown[i] = cli_vis(cells[i]);
	}
	cli_table_row(stdout, shown, w, rt, (int)k);
}

static void group_print(group_out *g, const db_group_row *r, const char *const *key)
{
	char num[8][MONEY_BUFSZ];
	int64_t money[] = { r->monthly_amount, r->month_target, r->month_achieved, r->open_balance };
	const char *cells[10];
	size_t k = 0;

	snprintf(num[0], sizeof num[0], "%" PRId64, r->customers);
	for (int i = 0; i < 4; i++) {
		if (g->csv)
			money_format_csv(money[i], num[1 + i], sizeof num[1 + i]);
		else
			money_format(money[i], num[1 + i], sizeof num[1 + i]);
	}
	snprintf(num[5], sizeof num[5], "%" PRId64, r->effective_calls);
	snprintf(num[6], sizeof num[6], "%" PRId64, r->new_customers);
	if (g->csv)
		money_format_csv(r->new_sales, num[7], sizeof num[7]);
	else
		money_format(r->new_sales, num[7], sizeof num[7]);
	for (size_t j = 0; j < g->nby; j++)
		cells[k++] = key[j];
	for (int i = 0; i < 8; i++)
		cells[k++] = num[i];
	group_cells(g, cells, k);
}

static bool group_row(const db_group_row *r, void *ctx)
{
	group_out *g = ctx;
	const char *key[2] = { r->key[0], r->key[1] };

	g->total.customers += r->customers;
	g->total.monthly_amount += r->monthly_amount;
	g->total.month_target += r->month_target;
	g->total.month_achieved += r->month_achieved;
	g->total.open_balance += r->open_balance;
	g->total.effective_calls += r->effective_calls;
	g->total.new_customers += r->new_customers;
	g->total.new_sales += r->new_sales;
	group_print(g, r, key);
	return true;
}

/* "tier,store_band" -> BY (one or two fields). */
static int parse_group_by(cli_ctx *ctx, const char *spec, where_clause *by, size_t *nby)
{
	char **keys = NULL, buf[512], list[4096];
	size_t nkeys = 0;
	db_status st = db_attr_keys(ctx->d, &keys, &nkeys);
	int rc = 0;

	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	snprintf(buf, sizeof buf, "%s", spec);
	*nby = 0;
	for (char *save = NULL, *f = strtok_r(buf, ",", &save); f && rc == 0;
	     f = strtok_r(NULL, ",", &save)) {
		while (*f == ' ')
			f++;
		for (size_t n = strlen(f); n && f[n - 1] == ' '; n--)
			f[n - 1] = '\0';
		if (*nby == 2)
			rc = cli_usage_error("customers", _("--group-by: one or two fields"));
		else if (!where_field(f, (const char *const *)keys, nkeys, &by[(*nby)++]))
			rc = cli_usage_error("customers", _("--group-by: no field '%s'; the fields are: %s"), f,
			                     where_fields_list((const char *const *)keys, nkeys, list,
			                                       sizeof list));
	}
	if (rc == 0 && *nby == 0)
		rc = cli_usage_error("customers", _("--group-by: one or two fields"));
	db_strings_free(keys, nkeys);
	return rc;
}

static int print_groups(cli_ctx *ctx, const db_filter *f, const char *spec, bool csv)
{
	where_clause by[2];
	size_t nby = 0;
	int rc = parse_group_by(ctx, spec, by, &nby);
	group_out g = { .nby = nby, .ok = true };

	if (rc)
		return rc;
	if (csv && !(g.csv = csvio_write_open(NULL, false, g.err, sizeof g.err)))
		return cli_fail(STATUS_IOERR, "%s", g.err);
	const char *head[10];
	size_t k = 0;
	for (size_t j = 0; j < nby; j++)
		head[k++] = by[j].name;
	const char *cols[] = { "customers", "monthly_amount", "month_target", "month_achieved",
	                       "open_balance", "effective_calls", "new_customers", "new_sales" };
	const char *cols_shown[] = { _("customers"), _("monthly"), _("target"), _("achieved"),
	                             _("open"), _("effective"), _("new"), _("new sales") };
	for (int i = 0; i < 8; i++)
		head[k++] = csv ? cols[i] : cols_shown[i];
	group_cells(&g, head, k);
	db_status st = db_customer_groups(ctx->d, f, by, nby, group_row, &g);
	if (st == DB_OK) {
		const char *star[2] = { "*", "*" };
		group_print(&g, &g.total, star);
	}
	if (g.csv) {
		if (st != DB_OK)
			csvio_write_abort(g.csv);
		else if (!csvio_write_close(g.csv, g.err, sizeof g.err))
			g.ok = false;
	}
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	return g.ok ? 0 : cli_fail(STATUS_IOERR, "%s", g.err);
}

static int list_customers(cli_ctx *ctx, const db_filter *f, const char *format, const char *group_by)
{
	if (group_by)
		return print_groups(ctx, f, group_by, strcmp(format, "csv") == 0);
	if (strcmp(format, "csv") == 0) {
		char err[1024];
		long rows;
		export_opts o = { .excel = false, .filter = f };
		status_code rs = export_run(ctx->d, TRANSFER_CUSTOMERS, NULL, &o, &rows, err, sizeof err);
		return rs == STATUS_OK ? 0 : cli_fail(rs, "%s", err);
	}

	table_ctx t = { .d = ctx->d };
	tier_thresholds th;
	int dd;
	t.by_volume = db_tiers_get(ctx->d, &th) == DB_OK && th.metric == TIER_METRIC_VOLUME;
	date_to_ymd(ctx->today, &t.y, &t.m, &dd);
	/* Under the volume metric the month is counted in room-nights. */
	const char *head[] = { _("T"), _("Name"), _("Contact"), _("Phone"), _("City"),
	                       t.by_volume ? _("Room-nights") : _("Monthly"), _("Status") };
	widths[0] = text_width(head[0]) > 1 ? text_width(head[0]) : 1;
	widths[5] = t.by_volume && text_width(head[5]) > 10 ? text_width(head[5]) : 10;
	cli_table_row(stdout, head, widths, right, 7);
	db_status st = db_customers_each(ctx->d, f, print_row, &t);
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	long n = t.n;
	char cnt[32];
	cli_printf(ngettext("%s customer\n", "%s customers\n", (unsigned long)n), cli_count(n, cnt, sizeof cnt));
	return 0;
}

int cmd_customers(cli_ctx *ctx, int argc, char **argv)
{
	const char *tiers = NULL, *search = NULL, *format = "table", *group_by = NULL, *sort = "tier";
	const char *segment = NULL, *wheres[CLI_WHERE_MAX];
	size_t nwhere;
	char *pos[1];
	int npos, rc;
	cli_opt opts[] = {
		{ "tier", &tiers, NULL }, { "search", &search, NULL }, { "format", &format, NULL },
		{ "group-by", &group_by, NULL }, { "segment", &segment, NULL }, { "sort", &sort, NULL },
		{ NULL, NULL, NULL }
	};
	db_filter f = { .include_inactive = true };

	if ((rc = cli_where_take("customers", &argc, argv, wheres, &nwhere)))
		return rc;
	if ((rc = cli_parse("customers", argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (tiers && !parse_tiers(tiers, &f.tier_mask))
		return cli_usage_error("customers", _("--tier: '%s' is not a list of tiers (S, A, B, C, D)"), tiers);
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0)
		return cli_usage_error("customers", _("--format: '%s' is not table or csv"), format);
	if (group_by && search)
		return cli_usage_error("customers", _("--group-by takes --where and --tier, not --search"));
	if (strcmp(sort, "tier") != 0 && strcmp(sort, "rank") != 0)
		return cli_usage_error("customers", _("--sort: '%s' is not tier or rank"), sort);
	f.by_rank = strcmp(sort, "rank") == 0;
	f.search = search && *search ? search : NULL;
	if ((rc = cli_open_db(ctx)))
		return rc;
	where_clause *owned = NULL;
	if ((rc = cli_where_filter(ctx, "customers", wheres, nwhere, segment, &f, &owned)))
		return rc;
	rc = list_customers(ctx, &f, format, group_by);
	free(owned);
	return rc;
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

/* The tier as `show` prints it: a computed one says what it comes from
 * (the orders' baseline or the stated monthly amount, DESIGN §5). */
static const char *tier_shown(db *d, const db_customer *c, char *buf, size_t bufsz)
{
	tier_thresholds th;
	db_tier_basis b;
	char money[MONEY_BUFSZ];

	if (c->tier_manual != TIER_NONE || db_tiers_get(d, &th) != DB_OK ||
	    th.metric != TIER_METRIC_AMOUNT || db_tier_basis_of(d, c->id, c->monthly_amount, &b) != DB_OK)
		return shown_value(c, CUSTFIELD_TIER, buf, bufsz);
	tier eff = tier_effective(c->tier_manual, c->tier_auto);
	if (b.orders) {
		int y0 = b.from_y, m0 = b.from_m, y1 = b.y, m1 = b.m - 1;
		if (m1 < 1) { m1 += 12; y1--; }
		/* TRANSLATORS: a tier letter, the orders' monthly mean and its months. */
		snprintf(buf, bufsz, _("%c (computed) from orders: %s a month in %04d-%02d..%04d-%02d"),
		         tier_letter(eff), money_format(b.baseline, money, sizeof money), y0, m0, y1, m1);
	} else {
		/* TRANSLATORS: a tier letter; the customer has no orders in the three months before. */
		snprintf(buf, bufsz, _("%c (computed) from the stated monthly amount: no orders in the "
		         "three months before"), tier_letter(eff));
	}
	return buf;
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
		const char *v = i == CUSTFIELD_REFERRED_BY ? custfield_referrer_name(ctx->d, c, buf, sizeof buf)
		              : i == CUSTFIELD_TIER ? tier_shown(ctx->d, c, buf, sizeof buf)
		                                    : shown_value(c, i, buf, sizeof buf);
		if (*v)
			print_field(_(custfield_fields[i].name), v);
	}
	tier_band band = tier_band_of(c->stores == DB_NULL ? -1 : c->stores);
	if (band != TIER_BAND_UNKNOWN)
		print_field(_("store_band"), tier_band_label(band));
	for (size_t a = 0; a < c->nattrs; a++)
		print_field(c->attrs[a].key, c->attrs[a].value);
	db_customer_free(c);
	rc = cli_show_contacts(ctx, uid);
	return rc ? rc : cli_show_history(ctx, uid);
}
