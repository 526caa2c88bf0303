/* repdesk team: add reps' bundles, the team report, the day's lines for the
 * team chat, and the conflicts kept by merges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/server.h"
#include "repdesk/bundlesig.h"
#include "repdesk/db/book.h"
#include "repdesk/db/team.h"
#include "repdesk/i18n.h"
#include "repdesk/merge.h"
#include "repdesk/record.h"
#include "repdesk/csvio.h"
#include "repdesk/money.h"
#include "repdesk/teamadd.h"
#include "repdesk/teamview.h"
#include "repdesk/text.h"

/* How far ahead a clock ran, rounded, in the largest unit that is at least
 * one. */
static void print_ahead(const db_merge_result *r)
{
	char ahead[64], n[32];
	unsigned long long m = (unsigned long long)(r->ahead_ms / 60000);
	unsigned long long y = (m + 525960 / 2) / 525960, d = (m + 720) / 1440, h = (m + 30) / 60;

	if (y)
		snprintf(ahead, sizeof ahead, ngettext("%llu year", "%llu years", (unsigned long)y), y);
	else if (d)
		snprintf(ahead, sizeof ahead, ngettext("%llu day", "%llu days", (unsigned long)d), d);
	else if (h)
		snprintf(ahead, sizeof ahead, ngettext("%llu hour", "%llu hours", (unsigned long)h), h);
	else
		snprintf(ahead, sizeof ahead, ngettext("%llu minute", "%llu minutes", (unsigned long)m), m);
	cli_printf(ngettext("  %s: clock %s ahead, %s stamp clamped to this machine's time\n",
	                    "  %s: clock %s ahead, %s stamps clamped to this machine's time\n",
	                    (unsigned long)r->clamped), r->rep[0] ? cli_vis(r->rep) : "-", ahead,
	           cli_count(r->clamped, n, sizeof n));
}

/* A merged table: its name, or its word in the reader's language. */
static const char *table_word(const char *table)
{
	static const char *const words[][2] = {
		{ "groups", N_("group") }, { "reps", N_("rep") }, { "customers", N_("customer") },
		{ "orders", N_("order") }, { "calls", N_("call") }, { "payments", N_("payment") },
		{ "notes", N_("note") }, { "targets", N_("target") }, { "visits", N_("visit") },
		{ "segments", N_("segment") }, { "choices", N_("choice list") },
		{ "calendar", N_("calendar day") }, { "contacts", N_("contact") },
		{ "opportunities", N_("opportunity") },
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(table, words[i][0]) == 0 && strcmp(_(words[i][1]), words[i][1]) != 0)
			return _(words[i][1]);
	return table;
}

/* A merged table's row label: table_word padded to ten columns (a longer
 * word whole). */
static const char *table_label(const char *table, char *buf, size_t bufsz)
{
	const char *w = table_word(table);
	int width = text_width(w);

	return text_fit(w, width > 10 ? width : 10, false, buf, bufsz);
}

/* A column of TABLE as the reader says it: its name, or under Chinese the
 * customer field's label or the activity column's Chinese heading. */
static const char *field_word(const char *table, const char *field, char *buf, size_t bufsz)
{
	if (!i18n_chinese())
		return field;
	if (strcmp(table, "customers") == 0)
		return _(field);
	int k = record_kind_find(table);
	const record_column *col = k >= 0 ? record_kind_column((record_kind)k, field) : NULL;
	return col && col->aliases ? record_heading_chinese(field, col->aliases, buf, bufsz) : field;
}

static void print_merge(const char *path, const db_merge_result *r)
{
	char a[32], b[32], c[32], lab[64];
	bool any = false;

	if (r->rep[0])
		cli_printf(_("%s: %s (%s)\n"), cli_vis(path), cli_vis(r->rep), r->group[0] ? cli_vis(r->group) : "-");
	else
		cli_printf("%s:\n", cli_vis(path));
	if (r->again) {
		cli_printf(_("  nothing new: the same bundle was added on %s\n"), r->added_at);
		return;
	}
	if (r->pinned[0])   /* the rep's first bundle: its key is theirs from now on */
		cli_printf(_("%s (%s): new signing key %s pinned\n"), r->rep[0] ? cli_vis(r->rep) : "-",
		           r->group[0] ? cli_vis(r->group) : "-", r->pinned);
	for (int k = 0; k < DB_MERGE_TABLES; k++) {
		const db_merge_count *t = &r->t[k];
		if (!t->added && !t->updated && !t->conflicts)
			continue;
		any = true;
		cli_printf(ngettext("  %-10s %s added, %s updated, %s conflict\n",
		                "  %-10s %s added, %s updated, %s conflicts\n",
		                (unsigned long)t->conflicts), table_label(t->table, lab, sizeof lab),
		       cli_count(t->added, a, sizeof a), cli_count(t->updated, b, sizeof b),
		       cli_count(t->conflicts, c, sizeof c));
	}
	if (!any)
		cli_printf(_("  nothing new\n"));
	for (int k = 0; k < DB_MERGE_TABLES; k++)
		if (r->t[k].kept)
			cli_printf(ngettext("  %-10s %s row left as this book gave it to another rep\n",
			                    "  %-10s %s rows left as this book gave them to another rep\n",
			                    (unsigned long)r->t[k].kept), table_label(r->t[k].table, lab, sizeof lab),
			           cli_count(r->t[k].kept, a, sizeof a));
	if (r->clamped)
		print_ahead(r);
}

/* What team add prints of each bundle, as it is merged. */
typedef struct {
	cli_ctx *ctx;
	int first;                   /* the exit status of the first failure */
	int seen;                    /* bundles heard of */
} add_out;

static void added(const teamadd_event *ev, void *arg)
{
	add_out *o = arg;

	o->seen++;
	if (ev->forget_failed)
		cli_warn("%s", db_error(o->ctx->d));
	if (ev->st != DB_OK) {
		int rc = cli_fail(ev->st == DB_NO_INPUT ? STATUS_NOINPUT : status_from_db(ev->st),
		                  _("%s; nothing of it was merged"), db_error(o->ctx->d));
		o->first = o->first ? o->first : rc;
		return;
	}
	print_merge(ev->path, ev->r);
}

static int team_add(cli_ctx *ctx, int argc, char **argv)
{
	int rc;
	char today[DATE_BUFSZ];

	if (argc < 2)
		return cli_usage_error("team", _("team add needs at least one BUNDLE"));
	if ((rc = cli_open_db(ctx)))
		return rc;
	date_format(ctx->today, today);
	add_out o = { ctx, 0, 0 };
	db_status st = teamadd_run(ctx->d, (const char *const *)(argv + 1), argc - 1, today, added, &o);
	if (st == DB_NOMEM && !o.seen)   /* it could not start */
		return cli_fail(status_from_db(DB_NOMEM), "%s", db_status_text(DB_NOMEM));
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	return o.first;
}

typedef struct {
	cli_ctx *ctx;
	csvio_writer *csv;
	char err[512];
	bool ok;
	long n;
	const db_conflict *c;        /* the conflict being printed */
	int deleted;                 /* 1: the kept version is a deletion, -1: the lost one */
} out_ctx;

/* A stamp as a reader says it: "2026-11-27 09:12:03 UTC". */
static const char *stamp_text(const char *stamp, char *buf, size_t bufsz)
{
	if (strlen(stamp) < 19)
		return cli_vis(stamp[0] ? stamp : "-");
	snprintf(buf, bufsz, "%.10s %.8s UTC", stamp, stamp + 11);
	return buf;
}

/* Whether FIELD of TABLE holds money (fen). */
static bool money_field(const char *table, const char *field)
{
	int k = record_kind_find(table);

	if (k >= 0) {
		const record_column *col = record_kind_column((record_kind)k, field);
		return col && col->value == RECORD_V_MONEY;
	}
	return strcmp(field, "monthly_amount") == 0 ||
	       (strcmp(table, "targets") == 0 && strcmp(field, "amount") == 0);
}

static const char *field_value(const char *table, const char *field, const char *v, bool null,
                               char *buf, size_t bufsz)
{
	char *end;

	if (null || !*v)
		return "-";
	long long fen = strtoll(v, &end, 10);
	if (*end == '\0' && money_field(table, field))
		return money_format(fen, buf, bufsz);
	return cli_vis(v);
}

static bool put_field(const db_conflict_field *f, void *ctx)
{
	out_ctx *o = ctx;
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], word[64];

	if (strcmp(f->name, "deleted") == 0) {
		o->deleted = strcmp(f->kept, "1") == 0 ? 1 : strcmp(f->lost, "1") == 0 ? -1 : 0;
		return true;
	}
	cli_printf(_("  %s: kept %s, lost %s\n"), cli_vis(field_word(o->c->table, f->name, word, sizeof word)),
	           field_value(o->c->table, f->name, f->kept, f->kept_null, a, sizeof a),
	           field_value(o->c->table, f->name, f->lost, f->lost_null, b, sizeof b));
	return true;
}

/* Why the kept version won, as a sentence. */
static const char *why_kept(const db_conflict *c)
{
	if (!c->kept_at[0])
		return _("the row is no longer in the book");
	if (c->kept_clamped)
		return _("its stamp, from a clock running ahead, was clamped to this machine's time "
		         "and is the later");
	switch (merge_explain(c->kept_at, c->lost_at)) {
	case MERGE_WHY_LATER: return _("it was made later");
	case MERGE_WHY_COUNTER: return _("made in the same millisecond, it came later by the clock's count");
	case MERGE_WHY_DEVICE: return _("made at the same moment, the higher device id wins");
	default: return _("it is the current version");
	}
}

static bool print_conflict(const db_conflict *c, out_ctx *o)
{
	char t1[64], t2[64];

	cli_printf(_("#%lld %s %s (%s)"), (long long)c->id, cli_vis(table_word(c->table)), cli_vis(c->uid),
			   cli_vis(c->rep));
	if (c->taken)
		cli_printf(_(": the version replaced when #%lld was taken\n"), (long long)c->taken);
	else
		cli_printf(_(", from %s\n"), cli_vis(c->source[0] ? c->source : "-"));
	o->c = c;
	o->deleted = 0;
	db_status st = DB_OK;
	if (c->readable)
		st = db_team_conflict_fields(o->ctx->d, c->kept, c->lost, put_field, o);
	else       /* not a version a merge wrote: shown as it is */
		cli_printf(_("  lost: %s\n"), cli_vis(c->lost));
	if (st != DB_OK) {
		snprintf(o->err, sizeof o->err, "%s", db_error(o->ctx->d));
		return o->ok = false;
	}
	if (o->deleted > 0)
		cli_printf("%s", _("  kept: a deletion (the row is deleted)\n"));
	else if (o->deleted < 0)
		cli_printf("%s", _("  lost: a deletion (the row was deleted on that side)\n"));
	cli_printf(_("  kept the version of %s: %s\n"), stamp_text(c->kept_at, t1, sizeof t1), why_kept(c));
	cli_printf(_("  lost the version of %s\n"), stamp_text(c->lost_at, t2, sizeof t2));
	if (c->lost_clamped)
		cli_printf("%s", _("  its stamp, from a clock running ahead, was clamped to this "
		                   "machine's time\n"));
	if (c->resolved)
		cli_printf("%s", _("  resolved: the lost version was taken\n"));
	else if (c->kept_at[0] && strcmp(c->kept_at, c->lost_at) != 0)
		cli_printf(_("  to keep the lost version instead: repdesk team conflicts --take %lld\n"),
		           (long long)c->id);
	return true;
}

static bool put_conflict(const db_conflict *c, void *ctx)
{
	out_ctx *o = ctx;
	char id[24], taken[24];

	o->n++;
	if (o->csv) {
		snprintf(id, sizeof id, "%lld", (long long)c->id);
		snprintf(taken, sizeof taken, "%lld", (long long)c->taken);
		const char *cells[] = { c->table, c->uid, c->rep, c->lost_at, c->kept_at, c->source, c->lost,
		                        id, c->resolved ? "1" : "0", c->taken ? taken : "" };
		o->ok = csvio_write_row(o->csv, cells, 10, o->err, sizeof o->err);
		return o->ok;
	}
	return print_conflict(c, o);
}

/* team conflicts --take ID: the losing version becomes the current one. */
static int take_conflict(cli_ctx *ctx, const char *arg)
{
	char *end;
	long long id = strtoll(arg, &end, 10);
	db_conflict_taken t;

	if (end == arg || *end || id <= 0)
		return cli_usage_error("team", _("--take: '%s' is not a conflict's number"), arg);
	db_status st = db_team_conflict_take(ctx->d, id, &t);
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	cli_printf(_("Conflict #%lld taken: %s %s has the version that lost, stamped anew; the version "
	             "it replaced is kept as a conflict.\n"), id, cli_vis(table_word(t.table)), cli_vis(t.uid));
	return 0;
}

static int list_conflicts(cli_ctx *ctx, out_ctx *op, bool csv);

/* The team's figures from the team server when one is given (--server) or
 * configured (the 'server' setting; --server none: the book): *S is then
 * the connection, closed by the caller. 0 or the exit status. */
static int team_source(cli_ctx *ctx, const char *given, db_server **s)
{
	char url[1024], err[1024];

	*s = NULL;
	if (given && strcmp(given, "none") == 0)
		return 0;
	if (!given && (db_setting_get(ctx->d, "server", url, sizeof url) != DB_OK || !url[0] ||
	               strcmp(url, "none") == 0))
		return 0;
	int rc = cli_server_connect(ctx, given, s);
	if (rc)
		return rc;
	status_code st = db_team_use_server(ctx->d, *s, err, sizeof err);
	if (st != STATUS_OK) {
		db_server_close(*s);
		*s = NULL;
		return cli_fail(st, "%s", err);
	}
	return 0;
}

static int team_conflicts(cli_ctx *ctx, int argc, char **argv)
{
	const char *format = "table", *take = NULL, *server = NULL;
	char *pos[1];
	int npos, rc;
	cli_opt opts[] = { { "format", &format, NULL }, { "take", &take, NULL },
	                   { "server", &server, NULL }, { NULL, NULL, NULL } };
	out_ctx o = { .ctx = ctx, .ok = true };

	if ((rc = cli_parse("team", argc, argv, opts, pos, 0, &npos)))
		return rc;
	bool csv = strcmp(format, "csv") == 0;
	if (!csv && strcmp(format, "table") != 0)
		return cli_usage_error("team", _("--format: '%s' is not table or csv"), format);
	if (take && server && strcmp(server, "none") != 0)
		return cli_usage_error("team", "%s", _("--take works on this book's conflicts: the team "
		                       "server's are listed only (the rep edits the row again)"));
	if ((rc = cli_open_db(ctx)))
		return rc;
	if (take)
		return take_conflict(ctx, take);
	db_server *srv;
	if ((rc = team_source(ctx, server, &srv)))
		return rc;
	rc = list_conflicts(ctx, &o, csv);
	db_team_use_server(ctx->d, NULL, NULL, 0);
	db_server_close(srv);
	return rc;
}

static int list_conflicts(cli_ctx *ctx, out_ctx *op, bool csv)
{
	out_ctx o = *op;

	if (csv) {
		static const char *const head[] = { "table", "uid", "rep", "lost_at", "kept_at",
		                                    "source", "lost", "id", "resolved", "taken" };
		if (!(o.csv = csvio_write_open(NULL, false, o.err, sizeof o.err)) ||
		    !csvio_write_row(o.csv, head, 10, o.err, sizeof o.err))
			return cli_fail(STATUS_IOERR, "%s", o.err);
	}
	db_status st = db_team_conflicts_each(ctx->d, put_conflict, &o);
	if (o.csv)
		o.ok = csvio_write_close(o.csv, o.err, sizeof o.err) && o.ok;
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	if (!o.ok)
		return cli_fail(STATUS_IOERR, "%s", o.err);
	if (!csv && o.n == 0)
		cli_printf(_("No conflicts.\n"));
	return 0;
}

/* Hundredths as "0.98", or "-". */
static char *ratio(int h, char *buf, size_t bufsz)
{
	if (h == TEAM_NONE)
		snprintf(buf, bufsz, "-");
	else
		snprintf(buf, bufsz, "%d.%02d", h / 100, h % 100);
	return buf;
}

static char *percent(int h, char *buf, size_t bufsz)
{
	if (h == TEAM_NONE)
		snprintf(buf, bufsz, "-");
	else
		snprintf(buf, bufsz, "%d%%", h);
	return buf;
}

enum { TC_RANK, TC_GROUP, TC_REP, TC_TARGET, TC_ACHIEVED, TC_PROGRESS, TC_PACE, TC_CALLS,
       TC_EFFECTIVE, TC_DEALS, TC_COLLECTED, TC_VISITS, TC_BUNDLE, TC_YTD_TARGET, TC_YTD_ACHIEVED,
       TC_PIPELINE, TC_WEIGHTED, TC_COUNT };
/* The table shows the year to date as one column, before the bundle's;
 * the pipeline and its weighted forecast follow. */
#define TC_TABLE (TC_COUNT - 1)

static int print_report(const teamview *tv, bool csv)
{
	static const char *const head[TC_COUNT] = { "rank", "group", "rep", "target", "achieved",
		"progress", "pace", "calls", "effective_calls", "deals", "collected", "visits",
		"bundle_date", "ytd_target", "ytd_achieved", "pipeline", "weighted" };
	static const int widths[TC_TABLE] = { 4, 8, 10, 11, 11, 8, 5, 6, 9, 5, 11, 6, 7, 18, 12, 12 };
	static const bool right[TC_TABLE] = { true, false, false, true, true, true, true, true,
	                                      true, true, true, true, true, false, true, true };
	char cell[TC_COUNT][MONEY_BUFSZ], err[512];
	const char *cells[TC_COUNT];
	csvio_writer *w = NULL;
	bool ok = true;

	if (csv) {
		if (!(w = csvio_write_open(NULL, false, err, sizeof err)) ||
		    !csvio_write_row(w, head, TC_COUNT, err, sizeof err))
			return cli_fail(STATUS_IOERR, "%s", err);
	} else {
		char month[DATE_MONTH_BUFSZ], date[DATE_BUFSZ];
		snprintf(month, sizeof month, "%04d-%02d", tv->y, tv->m);
		cli_printf(_("Team %s · %d of %d working days to %s%s\n\n"), month, tv->elapsed, tv->workdays,
		       date_format(tv->date, date), tv->covered ? "" : tv->estimated ? _(" (holidays estimated)")
		                                                       : _(" (Mon-Fri only)"));
		/* TRANSLATORS: "ytd": the year to date, achieved against its target. */
		static const char *const th[TC_TABLE] = { N_("rank"), N_("group"), N_("rep"), N_("target"),
			N_("achieved"), N_("progress"), N_("pace"), N_("dialed"), N_("effective"), N_("deals"),
			N_("collected"), N_("visits"), N_("ytd"), N_("bundle"), N_("pipeline"),
			/* TRANSLATORS: the open pipeline weighted by each deal's probability. */
			N_("weighted") };
		const char *shown[TC_TABLE];
		for (int c = 0; c < TC_TABLE; c++)
			shown[c] = _(th[c]);
		if (tv->synced)
			shown[TC_YTD_TARGET] = _("last sync");
		cli_table_row(stdout, shown, widths, right, TC_TABLE);
	}
	for (size_t i = 0; i < tv->n && ok; i++) {
		const team_row *r = &tv->rows[i];
		char *(*money)(int64_t, char *, size_t) = csv ? money_format_csv : money_format;
		snprintf(cell[TC_RANK], sizeof cell[0], "%d", r->rank);
		cells[TC_GROUP] = r->group;
		cells[TC_REP] = r->rep;
		money(r->target, cell[TC_TARGET], sizeof cell[0]);
		money(r->achieved, cell[TC_ACHIEVED], sizeof cell[0]);
		(csv ? ratio : percent)(r->progress, cell[TC_PROGRESS], sizeof cell[0]);
		(csv ? ratio : percent)(r->pace, cell[TC_PACE], sizeof cell[0]);
		snprintf(cell[TC_CALLS], sizeof cell[0], "%d", r->calls);
		snprintf(cell[TC_EFFECTIVE], sizeof cell[0], "%d", r->effective);
		snprintf(cell[TC_DEALS], sizeof cell[0], "%d", r->deals);
		money(r->collected, cell[TC_COLLECTED], sizeof cell[0]);
		snprintf(cell[TC_VISITS], sizeof cell[0], "%d", r->visits);
		/* The CSV gives every rep's date; the table marks those behind. */
		if (csv || !r->stale)
			snprintf(cell[TC_BUNDLE], sizeof cell[0], "%s", csv ? r->bundle_date : "");
		else
			snprintf(cell[TC_BUNDLE], sizeof cell[0], _("stale: %s"), r->bundle_date);
		/* From the server, every rep's last sync, the stale ones marked. */
		if (!csv && tv->synced)
			snprintf(cell[TC_BUNDLE], sizeof cell[0], "%s%s", r->stale ? "!" : "", r->bundle_date);
		money(r->ytd_target, cell[TC_YTD_TARGET], sizeof cell[0]);
		money(r->ytd_achieved, cell[TC_YTD_ACHIEVED], sizeof cell[0]);
		money(r->pipeline, cell[TC_PIPELINE], sizeof cell[0]);
		money(r->weighted, cell[TC_WEIGHTED], sizeof cell[0]);
		for (int c = 0; c < TC_COUNT; c++)
			if (c != TC_GROUP && c != TC_REP)
				cells[c] = cell[c];
		if (csv) {
			ok = csvio_write_row(w, cells, TC_COUNT, err, sizeof err);
		} else {
			/* The year to date as achieved / target, where the bundle was;
			 * the bundle, then the pipeline. */
			char ytd[MONEY_BUFSZ];
			percent(team_ratio(r->ytd_achieved, r->ytd_target), ytd, sizeof ytd);
			cells[TC_YTD_TARGET] = cells[TC_BUNDLE];
			cells[TC_BUNDLE] = ytd;
			cells[TC_YTD_ACHIEVED] = cells[TC_PIPELINE];
			cells[TC_PIPELINE] = cells[TC_WEIGHTED];
			cli_table_row(stdout, cells, widths, right, TC_TABLE);
		}
	}
	if (w)
		ok = csvio_write_close(w, err, sizeof err) && ok;
	if (!ok)
		return cli_fail(STATUS_IOERR, "%s", err);
	if (!csv && tv->n == 0)
		cli_printf(_("No reps yet: add bundles with 'repdesk team add BUNDLE...'.\n"));
	return 0;
}

/* One line per rep, groups in rank order, for the team chat. */
static int print_day(const teamview *tv)
{
	char date[DATE_BUFSZ], a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], d[MONEY_BUFSZ];
	char p[16], q[16];

	cli_printf(_("Team day %s\n"), date_format(tv->date, date));
	for (size_t i = 0; i < tv->n; i++) {
		const team_row *r = &tv->rows[i];
		if (r->total) {
			cli_printf(_("%d. %s: %s / %s %s, pace %s\n"), r->rank, cli_vis(r->group),
			       money_format(r->achieved, a, sizeof a), money_format(r->target, b, sizeof b),
			       percent(r->progress, p, sizeof p), percent(r->pace, q, sizeof q));
			continue;
		}
		const team_row *t = teamview_day_of(tv, r->rep_uid);
		team_row zero = { .calls = 0 };
		if (!t)
			t = &zero;
		cli_printf(_("  %s: calls %d effective / %d dialed, deals %d, sales %s, collected %s; "
		       "month %s / %s %s, pace %s\n"), cli_vis(r->rep), t->effective, t->calls, t->deals,
		       money_format(t->achieved, a, sizeof a), money_format(t->collected, b, sizeof b),
		       money_format(r->achieved, c, sizeof c), money_format(r->target, d, sizeof d),
		       percent(r->progress, p, sizeof p), percent(r->pace, q, sizeof q));
		if (r->stale && tv->synced)
			cli_printf(_("    stale: last synced %s\n"), r->bundle_date);
		else if (r->stale)
			cli_printf(_("    stale: their latest bundle was added on %s\n"), r->bundle_date);
	}
	if (tv->n == 0)
		cli_printf(_("No reps yet: add bundles with 'repdesk team add BUNDLE...'.\n"));
	return 0;
}

static int team_report(cli_ctx *ctx, int argc, char **argv)
{
	const char *format = "table", *by = NULL, *xlsx = NULL, *server = NULL;
	char *pos[2], err[1024];
	int npos, rc, y, m, dd;
	cli_opt opts[] = { { "format", &format, NULL }, { "by", &by, NULL }, { "xlsx", &xlsx, NULL },
	                   { "server", &server, NULL }, { NULL, NULL, NULL } };
	teamview tv;
	status_code rs;

	if ((rc = cli_parse("team", argc, argv, opts, pos, 2, &npos)))
		return rc;
	bool csv = strcmp(format, "csv") == 0, day = npos >= 1 && strcmp(pos[0], "day") == 0;
	if (!csv && strcmp(format, "table") != 0)
		return cli_usage_error("team", _("--format: '%s' is not table or csv"), format);
	if (by && strcmp(by, "rep") != 0)
		return cli_usage_error("team", _("--by: '%s' is not rep"), by);
	date_day date = ctx->today;
	date_to_ymd(date, &y, &m, &dd);
	if (day) {
		if (npos == 2 && !date_parse(pos[1], &date))
			return cli_usage_error("team", _("'%s' is not a date (YYYY-MM-DD)"), pos[1]);
		if (csv || by || xlsx)
			return cli_usage_error("team", _("report day takes no --format, --by or --xlsx"));
	} else if (npos == 2) {
		return cli_usage_error("team", _("unexpected argument '%s'"), pos[1]);
	} else if (npos == 1 && !date_month_parse(pos[0], &y, &m)) {
		return cli_usage_error("team", _("'%s' is not a month (YYYY-MM) or 'day'"), pos[0]);
	}
	if (xlsx && csv)
		return cli_usage_error("team", _("--xlsx writes a workbook; it takes no --format csv"));
	if (xlsx && (rc = cli_guard_book(ctx, "team", "--xlsx", xlsx)))
		return rc;
	db_server *srv;
	if ((rc = cli_open_db(ctx)) || (rc = cli_load_calendar(ctx)) ||
	    (rc = team_source(ctx, server, &srv)))
		return rc;
	if (day)
		rs = teamview_load_day(ctx->d, &ctx->cal, date, &tv, err, sizeof err);
	else
		rs = teamview_load(ctx->d, &ctx->cal, y, m, date, by != NULL, &tv, err, sizeof err);
	db_team_use_server(ctx->d, NULL, NULL, 0);
	db_server_close(srv);
	if (rs != STATUS_OK)
		return cli_fail(rs, "%s", err);
	tv.synced = srv != NULL;
	rc = day ? print_day(&tv) : xlsx ? cli_team_xlsx(&tv, xlsx) : print_report(&tv, csv);
	teamview_free(&tv);
	return rc;
}

static bool put_pin(const bundlesig_pin *p, void *ctx)
{
	++*(long *)ctx;
	cli_printf(_("  %s (%s): %s, pinned %s\n"), cli_vis(p->name[0] ? p->name : p->rep_uid),
	           p->group[0] ? cli_vis(p->group) : "-", p->fingerprint, cli_vis(p->pinned_at));
	return true;
}

/* The reps' pinned signing keys, or forgetting one (after a rep's
 * reinstall, so their next bundle pins its new key). */
static int team_trust(cli_ctx *ctx, int argc, char **argv)
{
	bool reset = false;
	char *pos[1], fpr[BUNDLESIG_FPR_BUFSZ];
	int npos, rc;
	cli_opt opts[] = { { "reset", NULL, &reset }, { NULL, NULL, NULL } };

	if ((rc = cli_parse("team", argc, argv, opts, pos, 1, &npos)))
		return rc;
	if (npos == 1 && !reset)
		return cli_usage_error("team", _("team trust %s needs --reset"), pos[0]);
	if (reset && npos == 0)
		return cli_usage_error("team", _("team trust --reset needs the rep's name"));
	if ((rc = cli_open_db(ctx)))
		return rc;
	db_status st;
	if (reset) {
		if ((st = bundlesig_pin_reset(ctx->d, pos[0])) != DB_OK)
			return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
		cli_printf(_("%s: signing key forgotten; the next bundle pins its key\n"), cli_vis(pos[0]));
		return 0;
	}
	if ((st = bundlesig_own_fingerprint(ctx->d, fpr)) != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	cli_printf(_("This book's signing key: %s\n"), fpr);
	long n = 0;
	cli_puts(_("Pinned reps' keys:\n"));
	if ((st = bundlesig_pins_each(ctx->d, put_pin, &n)) != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	if (n == 0)
		cli_puts(_("  none yet: each rep's key is pinned when their first bundle is added\n"));
	return 0;
}

int cmd_team(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("team", _("which? add, report, conflicts or trust"));
	if (strcmp(argv[1], "add") == 0)
		return team_add(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "report") == 0)
		return team_report(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "conflicts") == 0)
		return team_conflicts(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "trust") == 0)
		return team_trust(ctx, argc - 1, argv + 1);
	return cli_usage_error("team", _("no 'team %s': add, report, conflicts or trust"), argv[1]);
}
