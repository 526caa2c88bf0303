/* repdesk today, receivables and report day: the day's plan and call queue,
 * the open balances, and a copy-ready summary of the day. */
#include <locale.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/book.h"
#include "repdesk/db/levers.h"
#include "repdesk/db/today.h"
#include "repdesk/i18n.h"
#include "repdesk/ledger.h"
#include "repdesk/csvio.h"
#include "repdesk/money.h"
#include "repdesk/team.h"
#include "repdesk/today.h"

typedef struct {
	csvio_writer *csv;
	char err[512];
} out_ctx;

static bool emit(out_ctx *o, const char *const *cells, const int *widths, const bool *right, int n)
{
	if (o->csv)
		return csvio_write_row(o->csv, cells, (size_t)n, o->err, sizeof o->err);
	cli_table_row(stdout, cells, widths, right, n);
	return true;
}

/* Money for a cell: ¥12,000 in tables, 12000.00 in CSV. */
static const char *cash(const out_ctx *o, int64_t fen, char *buf)
{
	return o->csv ? money_format_csv(fen, buf, MONEY_BUFSZ) : money_format(fen, buf, MONEY_BUFSZ);
}

/* FLAGS: what db_today_load_flags may leave out. */
static int load(cli_ctx *ctx, date_day day, unsigned flags, today *t)
{
	char err[1024];
	int rc;
	if ((rc = cli_open_db(ctx)) || (rc = cli_load_calendar(ctx)))
		return rc;
	status_code rs = today_load_flags(ctx->d, &ctx->cal, day, NULL, flags, t, err, sizeof err);
	if (rs != STATUS_OK)
		return cli_fail(rs, "%s", err);
	if (t->warn[0])
		cli_warn("%s", t->warn);
	return 0;
}

static bool plan_rows(out_ctx *o, const today *t)
{
	static const int w[] = { 8, 14, 14 };
	static const bool r[] = { false, true, true };
	const today_plan *p = &t->plan;
	char d[6][MONEY_BUFSZ], g[6][MONEY_BUFSZ];
	const char *cells[3];

	snprintf(d[0], sizeof d[0], "%d", p->calls);
	snprintf(g[0], sizeof g[0], "%d", p->calls_target);
	snprintf(d[1], sizeof d[1], "%d", p->dialed);
	g[1][0] = 0;
	snprintf(d[2], sizeof d[2], "%d", p->deals);
	if (p->deals_min == p->deals_max)
		snprintf(g[2], sizeof g[2], "%d", p->deals_min);
	else
		snprintf(g[2], sizeof g[2], "%d-%d", p->deals_min, p->deals_max);
	cash(o, p->collected, d[3]);
	cash(o, p->due_start, g[3]);
	cash(o, p->sales, d[4]);
	cash(o, p->has_plan ? p->sales_day.target : 0, g[4]);
	snprintf(d[5], sizeof d[5], "%d", p->visits);
	g[5][0] = 0;
	/* A row a later kind adds goes last: CSV readers take rows by place. */
	static const char *const names[] = { N_("calls"), N_("dialed"), N_("deals"), N_("collect"),
	                                     N_("sales"), N_("visits") };

	cells[0] = o->csv ? "metric" : _("Metric");
	cells[1] = o->csv ? "done" : _("Done");
	cells[2] = o->csv ? "target" : _("Target");
	if (!emit(o, cells, w, r, 3))
		return false;
	for (int i = 0; i < 6; i++) {
		cells[0] = o->csv ? names[i] : _(names[i]);
		cells[1] = d[i];
		cells[2] = g[i];
		if (!emit(o, cells, w, r, 3))
			return false;
	}
	return true;
}

static void plan_notes(const today *t)
{
	const today_plan *p = &t->plan;
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], date[DATE_BUFSZ], next[DATE_BUFSZ];

	date_format(p->day, date);
	date_format(p->next_workday, next);
	if (!p->workday && (!p->has_plan || p->sales_day.met || p->sales_day.no_days_left))
		cli_printf(_("%s is not a working day; the next one is %s.\n"), date, next);
	if (!p->has_plan)
		cli_printf(_("No plan for this month: make one with 'repdesk plan --target AMOUNT' to get a sales target.\n"));
	else if (p->sales_day.met)
		cli_printf(_("This month's target is met.\n"));
	else if (p->sales_day.no_days_left)
		cli_printf(_("No working day is left in the month for the %s still to sell.\n"),
		           money_format(p->sales_day.remaining, a, sizeof a));
	else if (!p->workday)
		cli_printf(_("%s is not a working day: the next one, %s, carries %s re-spread "
		             "(the plan's own figure %s).\n"), date, date_format(p->sales_day.next_day, next),
		           money_format(p->sales_day.next_target, a, sizeof a),
		           money_format(p->sales_planned, b, sizeof b));
	else
		cli_printf(_("Sales target %s: what is left of the month re-spread over the working days "
		             "left (the plan's own figure %s).\n"),
		           money_format(p->sales_day.target, a, sizeof a),
		           money_format(p->sales_planned, b, sizeof b));
	if (p->broken)
		cli_printf(ngettext("Broken promises: %zu customer, %s overdue (see 'repdesk receivables').\n",
		                "Broken promises: %zu customers, %s overdue (see 'repdesk receivables').\n",
		                (unsigned long)p->broken),
		       p->broken, money_format(p->broken_amount, a, sizeof a));
}

static bool queue_rows(out_ctx *o, db *d, const today *t, size_t limit, size_t *shown,
                       size_t *in_queue)
{
	static const int w[] = { 4, 26, 24, 4, 8, 400 };
	static const bool r[] = { true, false, false, false, true, false };
	queue_entry *e = malloc((limit ? limit : 1) * sizeof *e);
	queue_term terms[QUEUE_TERM_COUNT];
	char rank[24], tierc[4], score[QUEUE_SCORE_BUFSZ], reasons[QUEUE_REASONS_BUFSZ];
	const char *cells[6] = { o->csv ? "rank" : "#", o->csv ? "uid" : _("UID"),
	                         o->csv ? "name" : _("Name"), o->csv ? "tier" : _("Tier"),
	                         o->csv ? "score" : _("Score"), o->csv ? "reasons" : _("Reasons") };
	bool ok;

	if (!e) {
		snprintf(o->err, sizeof o->err, _("out of memory"));
		return false;
	}
	*shown = today_queue(t, limit, e, in_queue);
	ok = emit(o, cells, w, r, 6);
	for (size_t i = 0; ok && i < *shown; i++) {
		const db_today_row *row = today_row(t, &e[i]);
		int nt = 0;
		queue_customer c = t->cust[e[i].index];   /* never reached: how often tried */
		char step[512];
		today_words_read(d, t->plan.day, &c, step, sizeof step);
		queue_score(&c, t->plan.day, &t->w, terms, &nt);
		snprintf(rank, sizeof rank, "%zu", i + 1);
		snprintf(tierc, sizeof tierc, "%c", tier_letter(row->tier));
		cells[0] = rank;
		cells[1] = row->uid;
		cells[2] = row->name;
		cells[3] = tierc;
		cells[4] = queue_score_format(e[i].score, score, sizeof score);
		/* CSV stays machine-readable English; a table speaks the reader's language. */
		cells[5] = queue_reasons_format(terms, nt, o->csv ? queue_words_en : queue_words_local,
		                                reasons, sizeof reasons);
		ok = emit(o, cells, w, r, 6);
	}
	free(e);
	return ok;
}

/* ---- narrowed to a segment ---- */

/* Leave in T's queue only the customers filter F lets through: the others
 * count as do-not-call for the day (as the workbench's narrowed queue). */
static int narrow(cli_ctx *ctx, today *t, const db_filter *f)
{
	today_only only;
	char err[512];
	status_code st = today_only_read(ctx->d, f, &only, err, sizeof err);

	if (st != STATUS_OK)
		return cli_fail(st, "%s", err);
	today_only_apply(t, &only);
	today_only_free(&only);
	return 0;
}

int cmd_today(cli_ctx *ctx, int argc, char **argv)
{
	const char *view = NULL, *format = "table", *limit_text = NULL;
	char *pos[1];
	int npos, rc;
	long limit = -1;
	const char *segment = NULL, *wheres[CLI_WHERE_MAX];
	size_t nwhere;
	cli_opt opts[] = {
		{ "view", &view, NULL }, { "format", &format, NULL }, { "limit", &limit_text, NULL },
		{ "segment", &segment, NULL }, { NULL, NULL, NULL }
	};

	if ((rc = cli_where_take("today", &argc, argv, wheres, &nwhere)) ||
	    (rc = cli_parse("today", argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (view && strcmp(view, "plan") != 0 && strcmp(view, "queue") != 0)
		return cli_usage_error("today", _("--view: '%s' is not plan or queue"), view);
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0)
		return cli_usage_error("today", _("--format: '%s' is not table or csv"), format);
	if (limit_text) {
		char *end;
		limit = strtol(limit_text, &end, 10);
		if (end == limit_text || *end || limit < 0 || limit > 10000000)
			return cli_usage_error("today", _("--limit: '%s' is not a count"), limit_text);
	}
	bool csv = strcmp(format, "csv") == 0;
	bool show_plan = view ? strcmp(view, "plan") == 0 : true;
	bool show_queue = view ? strcmp(view, "queue") == 0 : !csv;

	today t;
	if ((rc = load(ctx, ctx->today, DB_TODAY_NO_RECEIVABLES, &t)))
		return rc;
	if (segment || nwhere) {
		db_filter f = { .include_inactive = true };
		where_clause *owned = NULL;
		if ((rc = cli_where_filter(ctx, "today", wheres, nwhere, segment, &f, &owned)) == 0)
			rc = narrow(ctx, &t, &f);
		free(owned);
		if (rc) {
			today_free(&t);
			return rc;
		}
	}
	out_ctx o = { 0 };
	if (csv && !(o.csv = csvio_write_open(NULL, false, o.err, sizeof o.err))) {
		today_free(&t);
		return cli_fail(STATUS_IOERR, "%s", o.err);
	}
	bool ok = true;
	char date[DATE_BUFSZ];
	if (!csv)
		cli_printf(_("Today %s\n\n"), date_format(ctx->today, date));
	if (show_plan) {
		ok = plan_rows(&o, &t);
		if (!csv) {
			putchar('\n');
			plan_notes(&t);
		}
	}
	if (ok && show_queue) {
		size_t n = limit >= 0 ? (size_t)limit : (size_t)today_calls_left(&t), shown = 0, in_queue = 0;
		if (!csv && show_plan)
			putchar('\n');
		ok = queue_rows(&o, ctx->d, &t, n, &shown, &in_queue);
		if (ok && !csv) {
			char a[32], b[32];
			cli_printf(ngettext("\n%s of %s customer in today's queue", "\n%s of %s customers in today's queue",
			                (unsigned long)in_queue),
			       cli_count((long)shown, a, sizeof a), cli_count((long)in_queue, b, sizeof b));
			if (limit < 0)
				cli_printf(ngettext(" (%d call still needed today)", " (%d calls still needed today)",
				                (unsigned long)today_calls_left(&t)), today_calls_left(&t));
			cli_printf("\n");
		}
	}
	if (csv)
		ok = csvio_write_close(o.csv, o.err, sizeof o.err) && ok;
	today_free(&t);
	if (!ok)
		return cli_fail(STATUS_IOERR, "%s", o.err);
	return 0;
}

/* A receivable's place in the list: most overdue first, then undated last,
 * then by order date, customer and order. Pointers to small keys are sorted,
 * not the receivables (76,000 of them on a big book): qsort moves pointers
 * fastest. The customer's uid starts with its first sixteen bytes as two
 * big-endian numbers, which order as strcmp does. A key also carries what
 * its line prints, so writing the list in its order reads one key per line,
 * not a receivable and a row far apart in memory. */
typedef struct {
	int due, date;               /* due: DB_NO_DAY for none */
	uint64_t uid_hi, uid_lo;
	const char *customer, *name;
	int64_t amount, paid;
	const db_receivable *rv;
} recv_key;

/* Undated last. */
static int due_rank(int due)
{
	return due == DB_NO_DAY ? INT32_MAX : due;
}

static int recv_cmp(const void *pa, const void *pb)
{
	const recv_key *a = *(const recv_key *const *)pa, *b = *(const recv_key *const *)pb;
	if (a->due != b->due)
		return due_rank(a->due) < due_rank(b->due) ? -1 : 1;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->uid_hi != b->uid_hi)
		return a->uid_hi < b->uid_hi ? -1 : 1;
	if (a->uid_lo != b->uid_lo)
		return a->uid_lo < b->uid_lo ? -1 : 1;
	int c = strcmp(a->customer, b->customer);
	return c ? c : strcmp(a->rv->order_uid, b->rv->order_uid);
}

/* Bytes FROM..FROM+7 of S (NUL-padded) as a big-endian number. */
static uint64_t be64(const char *s, size_t from)
{
	uint64_t v = 0;
	size_t n = strnlen(s, from + 8);
	for (size_t i = from; i < from + 8; i++)
		v = v << 8 | (i < n ? (unsigned char)s[i] : 0);
	return v;
}

/* T's receivables in the order of the list (caller frees both), or NULL. */
static recv_key **sorted_receivables(const today *t, recv_key **keys)
{
	size_t n = t->book.nrecv;
	recv_key *k = malloc((n ? n : 1) * sizeof *k);
	recv_key **p = malloc((n ? n : 1) * sizeof *p);
	if (!k || !p) {
		free(k), free(p);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		const db_receivable *rv = &t->book.recv[i];
		const db_today_row *r = &t->book.rows[rv->row];
		k[i] = (recv_key){ rv->due, rv->date, be64(r->uid, 0), be64(r->uid, 8), r->uid, r->name,
		                   rv->amount, rv->paid, rv };
		p[i] = &k[i];
	}
	qsort(p, n, sizeof *p, recv_cmp);
	*keys = k;
	return p;
}

/* N in decimal, without snprintf's cost (a cell of every receivable). */
static char *decimal(int n, char buf[24])
{
	char tmp[24], *q = tmp + sizeof tmp;
	unsigned u = n < 0 ? 0u - (unsigned)n : (unsigned)n;
	*--q = '\0';
	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		*--q = '-';
	memcpy(buf, q, (size_t)(tmp + sizeof tmp - q));
	return buf;
}

/* Open money by ageing bucket, per customer row of T and in total
 * (TOTAL[LEDGER_AGE_COUNT]); the caller frees. */
static int64_t (*ageing_sums(const today *t, date_day day, int64_t total[LEDGER_AGE_COUNT]))[LEDGER_AGE_COUNT]
{
	int64_t (*per)[LEDGER_AGE_COUNT] = calloc(t->book.n ? t->book.n : 1, sizeof *per);
	memset(total, 0, LEDGER_AGE_COUNT * sizeof *total);
	if (!per)
		return NULL;
	for (size_t i = 0; i < t->book.nrecv; i++) {
		const db_receivable *rv = &t->book.recv[i];
		ledger_age a = ledger_ageing(rv->due, day);
		per[rv->row][a] += rv->amount - rv->paid;
		total[a] += rv->amount - rv->paid;
	}
	return per;
}

/* The buckets' headings: CSV, then table. */
static const char *const age_csv[LEDGER_AGE_COUNT] = { "not_due", "overdue_1_30", "overdue_31_60",
                                                       "overdue_over_60", "no_due" };
static const char *const age_head[LEDGER_AGE_COUNT] = { N_("Not yet due"), N_("1-30 days"),
                                                        N_("31-60 days"), N_("Over 60"), N_("No due") };

/* A customer's order in the ageing list: most overdue money first. */
typedef struct {
	size_t row;
	const int64_t *sum;
	const char *uid;
} age_key;

static int age_cmp(const void *pa, const void *pb)
{
	const age_key *a = pa, *b = pb;
	for (int k = LEDGER_AGE_OVER_60; k >= LEDGER_AGE_1_30; k--)
		if (a->sum[k] != b->sum[k])
			return a->sum[k] > b->sum[k] ? -1 : 1;
	return strcmp(a->uid, b->uid);
}

/* receivables --ageing: per customer with money open, then the total. */
static int ageing_table(cli_ctx *ctx, out_ctx *o, const today *t)
{
	static const int w[] = { 26, 24, 12, 12, 12, 12, 12, 12 };
	static const bool r[] = { false, false, true, true, true, true, true, true };
	int64_t total[LEDGER_AGE_COUNT], (*per)[LEDGER_AGE_COUNT] = ageing_sums(t, ctx->today, total);
	age_key *keys = malloc((t->book.n ? t->book.n : 1) * sizeof *keys);
	size_t n = 0;
	const char *cells[8];
	char m[LEDGER_AGE_COUNT + 1][MONEY_BUFSZ];

	if (!per || !keys) {
		free(per), free(keys);
		snprintf(o->err, sizeof o->err, "%s", _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < t->book.n; i++) {
		int64_t open = 0;
		for (int k = 0; k < LEDGER_AGE_COUNT; k++)
			open += per[i][k];
		if (open)
			keys[n++] = (age_key){ i, per[i], t->book.rows[i].uid };
	}
	qsort(keys, n, sizeof *keys, age_cmp);
	cells[0] = o->csv ? "uid" : _("UID");
	cells[1] = o->csv ? "name" : _("Name");
	for (int k = 0; k < LEDGER_AGE_COUNT; k++)
		cells[2 + k] = o->csv ? age_csv[k] : _(age_head[k]);
	cells[7] = o->csv ? "open" : _("Open");
	bool ok = emit(o, cells, w, r, 8);
	for (size_t i = 0; ok && i <= n; i++) {
		const int64_t *sum = i < n ? keys[i].sum : total;
		int64_t open = 0;
		for (int k = 0; k < LEDGER_AGE_COUNT; k++) {
			cells[2 + k] = cash(o, sum[k], m[k]);
			open += sum[k];
		}
		cells[7] = cash(o, open, m[LEDGER_AGE_COUNT]);
		/* The total row last, as the team report's: uid '*'. */
		cells[0] = i < n ? keys[i].uid : "*";
		cells[1] = i < n ? t->book.rows[keys[i].row].name : o->csv ? "total" : _("Total");
		ok = emit(o, cells, w, r, 8);
	}
	free(per);
	free(keys);
	return ok ? 0 : -1;
}

int cmd_receivables(cli_ctx *ctx, int argc, char **argv)
{
	const char *format = "table";
	char *pos[1];
	int npos, rc;
	bool by_age = false;
	cli_opt opts[] = { { "format", &format, NULL }, { "ageing", NULL, &by_age }, { NULL, NULL, NULL } };
	static const int w[] = { 26, 24, 10, 12, 12, 12, 10, 7, 40 };
	static const bool r[] = { false, false, false, true, true, true, false, true, false };

	if ((rc = cli_parse("receivables", argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0)
		return cli_usage_error("receivables", _("--format: '%s' is not table or csv"), format);
	today t;
	if ((rc = load(ctx, ctx->today, 0, &t)))
		return rc;
	out_ctx o = { 0 };
	bool csv = strcmp(format, "csv") == 0;
	if (csv && !(o.csv = csvio_write_open(NULL, false, o.err, sizeof o.err))) {
		today_free(&t);
		return cli_fail(STATUS_IOERR, "%s", o.err);
	}
	if (by_age) {
		bool ok = ageing_table(ctx, &o, &t) == 0;
		if (o.csv)
			ok = csvio_write_close(o.csv, o.err, sizeof o.err) && ok;
		today_free(&t);
		return ok ? 0 : cli_fail(STATUS_IOERR, "%s", o.err);
	}
	recv_key *keys = NULL, **order = sorted_receivables(&t, &keys);
	if (!order) {
		if (o.csv)
			csvio_write_abort(o.csv);
		today_free(&t);
		return cli_fail(STATUS_IOERR, _("out of memory"));
	}
	const char *cells[9] = { "uid", "name", "order_date", "amount", "paid", "open", "due", "days_overdue", "" };
	if (!csv) {
		static const char *const heads[] = { N_("UID"), N_("Name"), N_("Ordered"), N_("Amount"),
		                                     N_("Paid"), N_("Open"), N_("Due"), N_("Overdue"), "" };
		for (int i = 0; i < 8; i++)
			cells[i] = _(heads[i]);
		cells[8] = "";
	}
	bool ok = emit(&o, cells, w, r, csv ? 8 : 9);
	int64_t total = 0, overdue = 0;
	for (size_t i = 0; ok && i < t.book.nrecv; i++) {
		const recv_key *k = order[i];
		char od[DATE_BUFSZ], due[DATE_BUFSZ], a[MONEY_BUFSZ], p[MONEY_BUFSZ], op[MONEY_BUFSZ], days[24];
		int late = k->due != DB_NO_DAY && k->due < ctx->today ? ctx->today - k->due : 0;
		cells[0] = k->customer;
		cells[1] = k->name;
		cells[2] = date_format(k->date, od);
		cells[3] = cash(&o, k->amount, a);
		cells[4] = cash(&o, k->paid, p);
		cells[5] = cash(&o, k->amount - k->paid, op);
		if (k->due == DB_NO_DAY)
			due[0] = 0;
		else
			date_format(k->due, due);
		cells[6] = due;
		cells[7] = decimal(late, days);
		cells[8] = late > 0 ? _("broken promise") : k->due == ctx->today ? _("due today") : "";
		total += k->amount - k->paid;
		if (late > 0)
			overdue += k->amount - k->paid;
		ok = emit(&o, cells, w, r, csv ? 8 : 9);
	}
	if (csv) {
		ok = csvio_write_close(o.csv, o.err, sizeof o.err) && ok;
	} else if (ok) {
		char a[MONEY_BUFSZ], b[MONEY_BUFSZ], n[32];
		cli_printf(ngettext("\n%s open order, %s in all; %s of it past a promised date.\n",
		                "\n%s open orders, %s in all; %s of it past a promised date.\n",
		                (unsigned long)t.book.nrecv),
		       cli_count((long)t.book.nrecv, n, sizeof n),
		       money_format(total, a, sizeof a), money_format(overdue, b, sizeof b));
		int64_t age[LEDGER_AGE_COUNT], (*per)[LEDGER_AGE_COUNT] = ageing_sums(&t, ctx->today, age);
		free(per);
		if (t.book.nrecv) {
			char m[LEDGER_AGE_COUNT][MONEY_BUFSZ];
			for (int k = 0; k < LEDGER_AGE_COUNT; k++)
				money_format(age[k], m[k], sizeof m[k]);
			cli_printf(_("Ageing: not yet due %s; overdue 1-30 days %s, 31-60 days %s, over 60 days %s; "
			             "no due date %s (by customer: receivables --ageing).\n"),
			           m[0], m[1], m[2], m[3], m[4]);
		}
		ok = cli_print_credits(ctx, true, ctx->today) == 0;
	}
	free(order);
	free(keys);
	today_free(&t);
	if (!ok)
		return cli_fail(STATUS_IOERR, "%s", o.err);
	return 0;
}

/* The month to date against its plan with the pace, and the day's levers
 * on one line. */
static int month_and_levers(cli_ctx *ctx, date_day day, const today_plan *p)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], date[DATE_BUFSZ];
	int y, m, dd;

	date_to_ymd(day, &y, &m, &dd);
	if (p->has_plan) {
		int workdays = calendar_workdays_in_month(&ctx->cal, y, m);
		int elapsed = calendar_workdays_between(&ctx->cal, date_month_first_day(y, m), day);
		int pace = team_pace(p->month_achieved, p->month_target, elapsed, workdays);
		char ps[16];
		if (pace == TEAM_NONE)
			snprintf(ps, sizeof ps, "-");
		else
			snprintf(ps, sizeof ps, "%d.%02d", pace / 100, pace % 100);
		cli_printf(_("Month to date: %s / %s, pace %s\n"), money_format(p->month_achieved, a, sizeof a),
		           money_format(p->month_target, b, sizeof b), ps);
	} else
		cli_printf(_("Month to date: %s (no plan this month)\n"),
		           money_format(p->month_achieved, a, sizeof a));

	levers_month lv;
	if (db_levers_day(ctx->d, date_format(day, date), &lv) != DB_OK)
		return cli_fail(STATUS_IOERR, "%s", db_error(ctx->d));
	char conv[32], value[MONEY_BUFSZ];
	if (lv.conversion == LEVERS_NONE)
		snprintf(conv, sizeof conv, "-");
	else
		snprintf(conv, sizeof conv, "%" PRId64 ".%" PRId64 "%%", lv.conversion / 10, lv.conversion % 10);
	if (lv.order_value == LEVERS_NONE)
		snprintf(value, sizeof value, "-");
	else
		money_format(lv.order_value, value, sizeof value);
	cli_printf(_("Levers today: %" PRId64 " ordering (%" PRId64 " new) · %" PRId64
	             " reached, conversion %s · order value %s\n"), lv.customers, lv.new_customers,
	           lv.contacted, conv, value);
	return 0;
}

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
	char *pos[2];
	int npos, rc;
	cli_opt opts[] = { { NULL, NULL, NULL } };
	date_day day = ctx->today;

	if (argc >= 2 && strcmp(argv[1], "levers") == 0)
		return cli_report_levers(ctx, argc - 1, argv + 1);
	if ((rc = cli_parse("report", argc, argv, opts, pos, 2, &npos)))
		return rc;
	if (npos < 1 || strcmp(pos[0], "day") != 0)
		return cli_usage_error("report", _("which report? 'day' or 'levers'"));
	if (npos == 2 && !date_parse(pos[1], &day))
		return cli_usage_error("report", _("'%s' is not a date (YYYY-MM-DD)"), pos[1]);

	today t, next;
	if ((rc = load(ctx, day, DB_TODAY_NO_RECEIVABLES, &t)))
		return rc;
	if ((rc = load(ctx, day + 1, DB_TODAY_NO_RECEIVABLES, &next))) {
		today_free(&t);
		return rc;
	}
	const today_plan *p = &t.plan;
	char date[DATE_BUFSZ], a[MONEY_BUFSZ], b[MONEY_BUFSZ], deals[32];
	db_rep rep;
	bool have_rep = db_rep_current(ctx->d, &rep) == DB_OK && rep.name[0];

	if (p->deals_min == p->deals_max)
		snprintf(deals, sizeof deals, "%d", p->deals_min);
	else
		snprintf(deals, sizeof deals, "%d-%d", p->deals_min, p->deals_max);
	date_format(day, date);
	if (have_rep)
		cli_printf(_("Day report %s · %s\n"), date, cli_vis(rep.name));
	else
		cli_printf(_("Day report %s\n"), date);
	cli_printf(_("Calls: %d effective / %d dialed (target %d)\n"), p->calls, p->dialed, p->calls_target);
	if (p->visits)
		cli_printf(_("Visits: %d\n"), p->visits);
	cli_printf(_("Deals: %d (target %s)\n"), p->deals, deals);
	if (p->has_plan && !p->workday && p->sales_day.next_day) {
		char nday[DATE_BUFSZ];
		cli_printf(_("Sales: %s (not a working day; %s carries %s re-spread)\n"),
		           money_format(p->sales, a, sizeof a), date_format(p->sales_day.next_day, nday),
		           money_format(p->sales_day.next_target, b, sizeof b));
	} else if (p->has_plan)
		cli_printf(_("Sales: %s / %s re-spread\n"), money_format(p->sales, a, sizeof a),
		       money_format(p->sales_day.target, b, sizeof b));
	else
		cli_printf(_("Sales: %s (no plan this month)\n"), money_format(p->sales, a, sizeof a));
	if ((rc = month_and_levers(ctx, day, p))) {
		today_free(&next);
		today_free(&t);
		return rc;
	}
	cli_printf(_("Collected: %s / due %s\n"), money_format(p->collected, a, sizeof a),
	       money_format(p->due_start, b, sizeof b));
	if (p->broken)
		cli_printf(ngettext("Broken promises: %zu customer, %s\n", "Broken promises: %zu customers, %s\n",
		                (unsigned long)p->broken),
		       p->broken, money_format(p->broken_amount, a, sizeof a));
	else
		cli_printf(_("Broken promises: none\n"));
	cli_printf(_("Tomorrow: %s due\n"), money_format(p->due_next, a, sizeof a));
	if ((rc = cli_print_credits(ctx, false, day))) {
		today_free(&next);
		today_free(&t);
		return rc;
	}
	queue_entry e[5];
	size_t n = today_queue(&next, 5, e, NULL);
	if (n) {
		/* TRANSLATORS: the list of names that follows is joined by the next string. */
		cli_puts(_("Call first tomorrow: "));
		for (size_t i = 0; i < n; i++)
			cli_printf("%s%s", i ? _(", ") : "", cli_vis(today_row(&next, &e[i])->name));
		putchar('\n');
	}
	today_free(&next);
	today_free(&t);
	return 0;
}

int cli_apply_terms(cli_ctx *ctx, const char *uid)
{
	char err[1024];
	size_t filled = 0;
	int rc = cli_load_calendar(ctx);

	if (rc)
		return rc;
	status_code st = today_apply_terms(ctx->d, &ctx->cal, ctx->today, uid, &filled, err, sizeof err);
	if (st != STATUS_OK)
		return cli_fail(st, _("the term is kept, but the open orders were not given it: %s"), err);
	if (filled)
		cli_printf(ngettext("%zu open order without a promised day is now due at its date plus the term\n",
		                    "%zu open orders without a promised day are now due at their date plus the term\n",
		                    (unsigned long)filled), filled);
	return 0;
}
