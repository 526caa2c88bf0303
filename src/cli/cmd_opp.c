/* repdesk opp: opportunities from the command line. add, edit, move, win
 * (with its order), lose and delete write one transaction each; list shows
 * them by stage, narrowed by customer, stage, what is due or stuck, and the
 * customer filters of customers --where and --segment. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/csvio.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/opps.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/opp.h"
#include "repdesk/oppnames.h"
#include "repdesk/text.h"
#include "repdesk/today.h"
#include "repdesk/where.h"

#define CMD "opp"

/* ---- what a rep types ---- */

/* The stages by the book's names, for messages: "lead, qualified, ...". */
static const char *stage_list(const opp_names *n, char *buf, size_t bufsz)
{
	size_t at = 0;

	buf[0] = '\0';
	for (int i = 0; i < OPP_STAGE_COUNT && at < bufsz; i++)
		at += (size_t)snprintf(buf + at, bufsz - at, "%s%s", i ? ", " : "", n->name[i]);
	return buf;
}

static int parse_stage(const opp_names *n, const char *opt, const char *text, opp_stage *st)
{
	char list[OPP_STAGE_COUNT * (OPP_NAME_MAX + 2)];

	*st = opp_names_find(n, text);
	if (*st == OPP_STAGE_NONE)
		return cli_usage_error(CMD, _("%s: '%s' is not a stage (%s, or 1 to %d)"), opt, text,
		                       stage_list(n, list, sizeof list), OPP_STAGE_COUNT);
	return 0;
}

/* A day as other commands take it: YYYY-MM-DD or +N days from today;
 * NONE_OK: "none" clears it (OUT ""). */
static int parse_day(cli_ctx *ctx, const char *opt, const char *text, bool none_ok, char out[11])
{
	date_day day;

	if (none_ok && (strcmp(text, "none") == 0 || !*text)) {
		out[0] = '\0';
		return 0;
	}
	if (!date_parse_relative(text, ctx->today, &day))
		return cli_usage_error(CMD, none_ok
		    ? _("%s: '%s' is not a date (YYYY-MM-DD, +3 for in three days, or none)")
		    : _("%s: '%s' is not a date (YYYY-MM-DD, or +3 for in three days)"), opt, text);
	date_format(day, out);
	return 0;
}

static int parse_money(const char *what, const char *text, int64_t *fen)
{
	char why[128];

	if (!money_parse(text, fen, why, sizeof why))
		return cli_fail(STATUS_DATAERR, _("%s: '%s' %s"), what, text, why);
	if (*fen < 0)
		return cli_fail(STATUS_DATAERR, _("%s: '%s' is below 0"), what, text);
	return 0;
}

/* A percentage 0..100 ("40", "40%"); "default": the stage's (-1). */
static int parse_probability(const char *text, bool default_ok, int *p)
{
	const char *s = text;
	int v = 0, digits = 0;

	if (default_ok && strcmp(text, "default") == 0) {
		*p = -1;
		return 0;
	}
	for (; *s >= '0' && *s <= '9' && digits < 4; s++, digits++)
		v = v * 10 + (*s - '0');
	if (*s == '%')
		s++;
	if (!digits || *s || v > 100)
		return cli_fail(STATUS_DATAERR, default_ok
		    ? _("--probability: '%s' is not a percentage from 0 to 100, or default")
		    : _("--probability: '%s' is not a percentage from 0 to 100"), text);
	*p = v;
	return 0;
}

/* The exit status of a failed write. */
static int failed(cli_ctx *ctx, db_status st)
{
	return cli_fail(st == DB_INVALID ? STATUS_DATAERR : status_from_db(st), "%s", db_error(ctx->d));
}

/* OPP as typed (uid, exact title, unique start of one) into UID. */
static int find_opp(cli_ctx *ctx, const char *text, char uid[UID_BUFSZ])
{
	db_status st = db_opp_find(ctx->d, text, uid);

	if (st == DB_OK)
		return 0;
	if (st == DB_NOT_FOUND || st == DB_AMBIGUOUS || st == DB_INVALID)
		return cli_usage_error(CMD, "%s", db_error(ctx->d));
	return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
}

/* One opportunity read whole, its text held past the read. */
typedef struct {
	db_opp o;
	char *title, *customer, *competitors, *next_step, *lost_reason;
	bool found, oom;
} held;

static char *dup_or(const char *s, bool *oom)
{
	char *p = strdup(s ? s : "");
	if (!p)
		*oom = true;
	return p;
}

static bool hold(const db_opp *o, void *ctx)
{
	held *h = ctx;

	h->o = *o;
	h->title = dup_or(o->title, &h->oom);
	h->customer = dup_or(o->customer_name, &h->oom);
	h->competitors = dup_or(o->competitors, &h->oom);
	h->next_step = dup_or(o->next_step, &h->oom);
	h->lost_reason = dup_or(o->lost_reason, &h->oom);
	h->o.title = h->title;
	h->o.customer_name = h->customer;
	h->o.competitors = h->competitors;
	h->o.next_step = h->next_step;
	h->o.lost_reason = h->lost_reason;
	h->o.path = "";
	h->o.rep = "";
	h->found = true;
	return false;
}

static void held_free(held *h)
{
	free(h->title);
	free(h->customer);
	free(h->competitors);
	free(h->next_step);
	free(h->lost_reason);
	memset(h, 0, sizeof *h);
}

static int load(cli_ctx *ctx, const char *uid, held *h)
{
	db_opp_query q = { .uid = uid, .stage = -1 };

	memset(h, 0, sizeof *h);
	db_status st = db_opps_each(ctx->d, &q, hold, h);
	if (st == DB_OK && h->oom)
		st = DB_NOMEM;
	if (st != DB_OK) {
		held_free(h);
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	}
	if (!h->found)
		return cli_usage_error(CMD, _("no opportunity %s"), uid);
	return 0;
}

/* OPP found and read: 0, or the exit status. */
static int open_opp(cli_ctx *ctx, const char *text, held *h)
{
	char uid[UID_BUFSZ];
	int rc;

	if ((rc = cli_open_db(ctx)) || (rc = find_opp(ctx, text, uid)))
		return rc;
	return load(ctx, uid, h);
}

/* ---- add ---- */

static int opp_add(cli_ctx *ctx, int argc, char **argv)
{
	const char *stage = NULL, *close = NULL, *prob = NULL, *comp = NULL, *next = NULL;
	const char *next_date = NULL;
	cli_opt opts[] = {
		{ "stage", &stage, NULL }, { "close", &close, NULL }, { "probability", &prob, NULL },
		{ "competitors", &comp, NULL }, { "next", &next, NULL }, { "next-date", &next_date, NULL },
		{ NULL, NULL, NULL }
	};
	char *pos[3], day_text[DATE_BUFSZ];
	int npos, rc;
	db_opp o;
	opp_names names;

	if ((rc = cli_parse(CMD, argc, argv, opts, pos, 3, &npos)))
		return rc;
	if (npos != 3)
		return cli_usage_error(CMD, _("opp add needs a CUSTOMER, a TITLE and a VALUE"));
	if (!*pos[1])
		return cli_usage_error(CMD, _("opp add: the TITLE is empty"));
	memset(&o, 0, sizeof o);
	o.title = pos[1];
	o.competitors = comp ? comp : "";
	o.next_step = next ? next : "";
	o.lost_reason = "";
	o.probability = -1;
	o.stage = OPP_LEAD;
	if ((rc = parse_money(_("VALUE"), pos[2], &o.value)) ||
	    (prob && (rc = parse_probability(prob, false, &o.probability))) ||
	    (close && (rc = parse_day(ctx, "--close", close, false, o.close_date))) ||
	    (next_date && (rc = parse_day(ctx, "--next-date", next_date, false, o.next_date))))
		return rc;
	if ((rc = cli_open_db(ctx)))
		return rc;
	opp_names_load(ctx->d, &names);
	if ((stage && (rc = parse_stage(&names, "--stage", stage, &o.stage))) ||
	    (rc = cli_resolve(ctx, CMD, pos[0], o.customer_uid)))
		return rc;
	db_status st = db_opp_add(ctx->d, &o, date_format(ctx->today, day_text));
	if (st != DB_OK)
		return failed(ctx, st);
	cli_printf("%s\n", o.uid);
	return 0;
}

/* ---- edit ---- */

static int opp_edit(cli_ctx *ctx, int argc, char **argv)
{
	const char *title = NULL, *value = NULL, *close = NULL, *prob = NULL, *comp = NULL;
	const char *next = NULL, *next_date = NULL, *customer = NULL;
	cli_opt opts[] = {
		{ "title", &title, NULL }, { "value", &value, NULL }, { "close", &close, NULL },
		{ "probability", &prob, NULL }, { "competitors", &comp, NULL }, { "next", &next, NULL },
		{ "next-date", &next_date, NULL }, { "customer", &customer, NULL }, { NULL, NULL, NULL }
	};
	char *pos[1];
	int npos, rc;
	held h;

	if ((rc = cli_parse(CMD, argc, argv, opts, pos, 1, &npos)))
		return rc;
	if (npos != 1)
		return cli_usage_error(CMD, _("opp edit needs an OPP"));
	if (!title && !value && !close && !prob && !comp && !next && !next_date && !customer)
		return cli_usage_error(CMD, _("opp edit: nothing to change (--title, --value, --close, "
		                       "--probability, --competitors, --next, --next-date, --customer)"));
	if (title && !*title)
		return cli_usage_error(CMD, _("--title: an opportunity needs a title"));
	db_opp o;
	memset(&o, 0, sizeof o);
	if ((value && (rc = parse_money("--value", value, &o.value))) ||
	    (prob && (rc = parse_probability(prob, true, &o.probability))) ||
	    (close && (rc = parse_day(ctx, "--close", close, true, o.close_date))) ||
	    (next_date && (rc = parse_day(ctx, "--next-date", next_date, true, o.next_date))))
		return rc;
	db_opp given = o;
	if ((rc = open_opp(ctx, pos[0], &h)))
		return rc;
	o = h.o;
	if (customer && (rc = cli_resolve(ctx, CMD, customer, o.customer_uid))) {
		held_free(&h);
		return rc;
	}
	if (title)
		o.title = title;
	if (value)
		o.value = given.value;
	if (prob)
		o.probability = given.probability;
	if (close)
		memcpy(o.close_date, given.close_date, sizeof o.close_date);
	if (comp)
		o.competitors = comp;
	if (next)
		o.next_step = next;
	if (next_date)
		memcpy(o.next_date, given.next_date, sizeof o.next_date);
	bool changed = false;
	db_status st = db_opp_update(ctx->d, &o, &changed);
	if (st != DB_OK) {
		held_free(&h);
		return failed(ctx, st);
	}
	cli_printf(changed ? _("%s: updated\n") : _("%s: unchanged\n"), cli_vis(o.title));
	held_free(&h);
	return 0;
}

/* ---- move, win, lose, delete ---- */

static void say_moved(const opp_names *n, const held *h, opp_stage to, bool changed)
{
	if (!changed)
		cli_printf(_("%s: already %s\n"), cli_vis(h->o.title), cli_vis(n->name[to]));
	else
		cli_printf(_("%s: %s -> %s\n"), cli_vis(h->o.title), cli_vis(n->name[h->o.stage]),
		           cli_vis(n->name[to]));
}

static int opp_move(cli_ctx *ctx, int argc, char **argv)
{
	char *pos[2], day_text[DATE_BUFSZ];
	int npos, rc;
	opp_names names;
	opp_stage to;
	held h;

	if ((rc = cli_parse(CMD, argc, argv, NULL, pos, 2, &npos)))
		return rc;
	if (npos != 2)
		return cli_usage_error(CMD, _("opp move needs an OPP and a STAGE"));
	if ((rc = cli_open_db(ctx)))
		return rc;
	opp_names_load(ctx->d, &names);
	if ((rc = parse_stage(&names, "STAGE", pos[1], &to)) || (rc = open_opp(ctx, pos[0], &h)))
		return rc;
	bool changed = false;
	db_status st = db_opp_move(ctx->d, h.o.uid, to, date_format(ctx->today, day_text), NULL, NULL,
	                           &changed);
	if (st == DB_OK)
		say_moved(&names, &h, to, changed);
	held_free(&h);
	return st == DB_OK ? 0 : failed(ctx, st);
}

static int opp_win(cli_ctx *ctx, int argc, char **argv)
{
	const char *date = NULL, *amount = NULL;
	bool order = false;
	cli_opt opts[] = { { "order", NULL, &order }, { "date", &date, NULL },
	                   { "amount", &amount, NULL }, { NULL, NULL, NULL } };
	char *pos[1], day[DATE_BUFSZ], money[MONEY_BUFSZ];
	int npos, rc;
	int64_t fen = 0;
	opp_names names;
	held h;

	if ((rc = cli_parse(CMD, argc, argv, opts, pos, 1, &npos)))
		return rc;
	if (npos != 1)
		return cli_usage_error(CMD, _("opp win needs an OPP"));
	if (amount && !order)
		return cli_usage_error(CMD, _("--amount is the order's: give --order too"));
	if (date) {
		if ((rc = parse_day(ctx, "--date", date, false, day)))
			return rc;
	} else {
		date_format(ctx->today, day);
	}
	if (amount && (rc = parse_money("--amount", amount, &fen)))
		return rc;
	if ((rc = open_opp(ctx, pos[0], &h)))
		return rc;
	opp_names_load(ctx->d, &names);
	if (order && h.o.order_uid[0]) {
		rc = cli_fail(STATUS_DATAERR, _("%s: already won with order %s; no second order"),
		              h.o.title, h.o.order_uid);
		held_free(&h);
		return rc;
	}
	if (order && !amount)
		fen = h.o.value;
	if (order && fen <= 0) {
		rc = cli_fail(STATUS_DATAERR, _("%s: an order needs an amount above 0 (give --amount)"),
		              h.o.title);
		held_free(&h);
		return rc;
	}

	/* The order and the win together, or neither. */
	db_activity a;
	memset(&a, 0, sizeof a);
	bool changed = false;
	db_status st = db_begin(ctx->d);
	if (st == DB_OK && order) {
		a.outcome = "";
		a.text = h.o.title;
		a.amount = fen;
		snprintf(a.date, sizeof a.date, "%s", day);
		snprintf(a.customer_uid, sizeof a.customer_uid, "%s", h.o.customer_uid);
		date_day d;
		int when = date_parse(a.date, &d) ? today_order_due(ctx->d, a.customer_uid, d) : DB_NO_DAY;
		if (when != DB_NO_DAY)
			date_format(when, a.due);
		db_new_uid(ctx->d, a.uid);
		int result = 0;
		st = db_activity_upsert(ctx->d, DB_ORDERS, &a, &result);
	}
	if (st == DB_OK)
		st = db_opp_move(ctx->d, h.o.uid, OPP_WON, day, NULL, order ? a.uid : NULL, &changed);
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (st != DB_OK) {
		held_free(&h);
		return failed(ctx, st);
	}
	say_moved(&names, &h, OPP_WON, h.o.stage != OPP_WON);
	if (order)
		cli_printf(_("%s: order of %s logged on %s (%s)\n"), cli_vis(h.o.customer_name),
		           money_format(fen, money, sizeof money), a.date, a.uid);
	held_free(&h);
	return 0;
}

static int opp_lose(cli_ctx *ctx, int argc, char **argv)
{
	const char *reason = NULL;
	cli_opt opts[] = { { "reason", &reason, NULL }, { NULL, NULL, NULL } };
	char *pos[1], day_text[DATE_BUFSZ];
	int npos, rc;
	opp_names names;
	held h;

	if ((rc = cli_parse(CMD, argc, argv, opts, pos, 1, &npos)))
		return rc;
	if (npos != 1)
		return cli_usage_error(CMD, _("opp lose needs an OPP"));
	if (!reason || !*reason)
		return cli_usage_error(CMD, _("opp lose needs --reason TEXT: why it was lost"));
	if ((rc = open_opp(ctx, pos[0], &h)))
		return rc;
	opp_names_load(ctx->d, &names);
	bool changed = false;
	db_status st = db_opp_move(ctx->d, h.o.uid, OPP_LOST, date_format(ctx->today, day_text), reason,
	                           NULL, &changed);
	if (st == DB_OK)
		say_moved(&names, &h, OPP_LOST, changed);
	held_free(&h);
	return st == DB_OK ? 0 : failed(ctx, st);
}

static int opp_delete(cli_ctx *ctx, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;
	held h;

	if ((rc = cli_parse(CMD, argc, argv, NULL, pos, 1, &npos)))
		return rc;
	if (npos != 1)
		return cli_usage_error(CMD, _("opp delete needs an OPP"));
	if ((rc = open_opp(ctx, pos[0], &h)))
		return rc;
	db_status st = db_opp_delete(ctx->d, h.o.uid);
	if (st == DB_OK)
		cli_printf(_("%s: deleted\n"), cli_vis(h.o.title));
	held_free(&h);
	return st == DB_OK ? 0 : failed(ctx, st);
}

/* ---- list ---- */

typedef struct {
	cli_ctx *ctx;
	const opp_names *names;
	bool due, stuck;
	csvio_writer *csv;           /* NULL: a table */
	bool ok;
	char err[256];
	long n, nstuck;
	int64_t value, weighted;
} list_ctx;

static const int list_widths[] = { 11, 22, 16, 12, 4, 12, 10, 20, 10, 5 };
static const bool list_right[] = { false, false, false, true, true, true, false, false, false, true };

/* Days in the stage, and whether that is longer than it usually takes. */
static int days_in(const list_ctx *l, const db_opp *o, bool *stuck)
{
	int days = o->since ? (int)(l->ctx->today - o->since) : 0;

	if (days < 0)
		days = 0;
	*stuck = opp_stage_open(o->stage) && opp_stages[o->stage].usual_days > 0 &&
	         days > opp_stages[o->stage].usual_days;
	return days;
}

static bool list_one(const db_opp *o, void *ctx)
{
	list_ctx *l = ctx;
	char day_text[DATE_BUFSZ];
	bool stuck;
	int days = days_in(l, o, &stuck);

	if (l->due && (!opp_stage_open(o->stage) || !o->next_date[0] ||
	               strcmp(o->next_date, date_format(l->ctx->today, day_text)) > 0))
		return true;
	if (l->stuck && !stuck)
		return true;
	int pct = opp_probability(o->stage, o->probability);
	int64_t weighted = opp_weighted(o->value, pct);
	char value[MONEY_BUFSZ], w[MONEY_BUFSZ], p[16], dd[24], since[DATE_BUFSZ];

	l->n++;
	l->nstuck += stuck;
	l->value += o->value;
	l->weighted += weighted;
	if (l->csv) {
		snprintf(p, sizeof p, "%d", pct);
		snprintf(dd, sizeof dd, "%d", days);
		const char *cells[] = {
			o->uid, o->customer_uid, o->customer_name, o->title, opp_stages[o->stage].key,
			money_format_csv(o->value, value, sizeof value), p,
			money_format_csv(weighted, w, sizeof w), o->close_date, o->competitors,
			o->next_step, o->next_date, o->opened, o->since ? date_format(o->since, since) : "",
			dd, stuck ? "1" : "0", o->lost_reason, o->order_uid
		};
		l->ok = csvio_write_row(l->csv, cells, sizeof cells / sizeof *cells, l->err, sizeof l->err);
		return l->ok;
	}
	snprintf(p, sizeof p, "%d%%", pct);
	snprintf(dd, sizeof dd, stuck ? "%d!" : "%d", days);
	const char *cells[] = {
		l->names->name[o->stage], o->title, o->customer_name,
		money_format(o->value, value, sizeof value), p, money_format(weighted, w, sizeof w),
		o->close_date, o->next_step, o->next_date, opp_stage_open(o->stage) ? dd : ""
	};
	cli_table_row(stdout, cells, list_widths, list_right, 10);
	return true;
}

static int opp_list(cli_ctx *ctx, int argc, char **argv)
{
	const char *stage = NULL, *segment = NULL, *format = "table", *wheres[CLI_WHERE_MAX];
	bool open = false, due = false, stuck = false;
	cli_opt opts[] = {
		{ "stage", &stage, NULL }, { "open", NULL, &open }, { "due", NULL, &due },
		{ "stuck", NULL, &stuck }, { "segment", &segment, NULL }, { "format", &format, NULL },
		{ NULL, NULL, NULL }
	};
	char *pos[1], cust[UID_BUFSZ];
	size_t nwhere;
	int npos, rc;
	opp_names names;
	opp_stage st_only = OPP_STAGE_NONE;

	if ((rc = cli_where_take(CMD, &argc, argv, wheres, &nwhere)) ||
	    (rc = cli_parse(CMD, argc, argv, opts, pos, 1, &npos)))
		return rc;
	bool csv = strcmp(format, "csv") == 0;
	if (!csv && strcmp(format, "table") != 0)
		return cli_usage_error(CMD, _("--format: '%s' is not table or csv"), format);
	if ((rc = cli_open_db(ctx)))
		return rc;
	opp_names_load(ctx->d, &names);
	if (stage && (rc = parse_stage(&names, "--stage", stage, &st_only)))
		return rc;
	if (npos && (rc = cli_resolve(ctx, CMD, pos[0], cust)))
		return rc;
	db_filter f = { .include_inactive = true };
	where_clause *owned = NULL;
	if ((rc = cli_where_filter(ctx, CMD, wheres, nwhere, segment, &f, &owned)))
		return rc;
	db_opp_query q = { .customer_uid = npos ? cust : NULL, .open_only = open || due || stuck,
	                   .stage = st_only, .customers = f.nwhere ? &f : NULL };
	list_ctx l = { .ctx = ctx, .names = &names, .due = due, .stuck = stuck, .ok = true };
	if (csv) {
		if (!(l.csv = csvio_write_open(NULL, false, l.err, sizeof l.err))) {
			free(owned);
			return cli_fail(STATUS_IOERR, "%s", l.err);
		}
		const char *head[] = { "uid", "customer_uid", "customer", "title", "stage", "value",
		                       "probability", "weighted", "close_date", "competitors",
		                       "next_step", "next_date", "opened", "stage_since",
		                       "days_in_stage", "stuck", "lost_reason", "order_uid" };
		l.ok = csvio_write_row(l.csv, head, sizeof head / sizeof *head, l.err, sizeof l.err);
	} else {
		const char *head[] = { _("Stage"), _("Title"), _("Customer"), _("Value"), _("Prob"),
		                       _("Weighted"), _("Close"), _("Next step"), _("Next date"),
		                       _("Days") };
		cli_table_row(stdout, head, list_widths, list_right, 10);
	}
	db_status st = l.ok ? db_opps_each(ctx->d, &q, list_one, &l) : DB_OK;
	free(owned);
	if (l.csv) {
		if (st != DB_OK || !l.ok)
			csvio_write_abort(l.csv);
		else if (!csvio_write_close(l.csv, l.err, sizeof l.err))
			l.ok = false;
	}
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	if (!l.ok)
		return cli_fail(STATUS_IOERR, "%s", l.err);
	if (csv)
		return 0;
	char cnt[32], value[MONEY_BUFSZ], w[MONEY_BUFSZ];
	cli_printf(ngettext("%s opportunity, value %s, weighted %s\n",
	                    "%s opportunities, value %s, weighted %s\n", (unsigned long)l.n),
	           cli_count(l.n, cnt, sizeof cnt), money_format(l.value, value, sizeof value),
	           money_format(l.weighted, w, sizeof w));
	if (l.nstuck)
		cli_printf("%s", _("! longer in its stage than it usually takes (see repdesk opp --help)\n"));
	return 0;
}

int cmd_opp(cli_ctx *ctx, int argc, char **argv)
{
	static const struct {
		const char *verb;
		int (*fn)(cli_ctx *, int, char **);
	} verbs[] = {
		{ "add", opp_add }, { "edit", opp_edit }, { "move", opp_move }, { "win", opp_win },
		{ "lose", opp_lose }, { "delete", opp_delete }, { "list", opp_list },
	};

	if (argc < 2)
		return cli_usage_error(CMD, _("opp needs add, edit, move, win, lose, delete or list"));
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
		if (strcmp(argv[1], verbs[i].verb) == 0)
			return verbs[i].fn(ctx, argc - 1, argv + 1);
	return cli_usage_error(CMD, _("'%s' is not add, edit, move, win, lose, delete or list"), argv[1]);
}
