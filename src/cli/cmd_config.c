/* repdesk config: tier thresholds, the calendar, and other settings. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/server.h"
#include "repdesk/choices.h"
#include "repdesk/custfield.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "repdesk/oppnames.h"
#include "repdesk/planbook.h"
#include "repdesk/queue.h"
#include "repdesk/today.h"
#include "repdesk/valid.h"

static int show_tiers(cli_ctx *ctx)
{
	tier_thresholds th;
	char spec[128];
	db_status st = db_tiers_get(ctx->d, &th);
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	cli_printf(_("tiers %s %s\n"), tier_metric_name(th.metric), tier_format_spec(&th, spec, sizeof spec));
	return 0;
}

static int config_tiers(cli_ctx *ctx, int argc, char **argv)
{
	const char *metric = NULL;
	char *pos[1];
	int npos, rc;
	cli_opt opts[] = { { "metric", &metric, NULL }, { NULL, NULL, NULL } };
	tier_thresholds th;
	char err[256];

	if ((rc = cli_parse("config", argc, argv, opts, pos, 1, &npos)))
		return rc;
	if ((rc = cli_open_db(ctx)))
		return rc;
	if (!metric && npos == 0)
		return show_tiers(ctx);
	db_status st = db_tiers_get(ctx->d, &th);
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	tier_metric m = th.metric;
	if (metric && !tier_metric_parse(metric, &m))
		return cli_usage_error("config", _("--metric: '%s' is not amount or volume"), metric);
	if (npos == 1) {
		if (!tier_parse_spec(pos[0], m, &th, err, sizeof err))
			return cli_usage_error("config", _("tiers: %s"), err);
	} else {
		th = tier_default(m);   /* a new metric starts from its preset */
	}
	st = db_begin(ctx->d);
	if (st == DB_OK)
		st = db_tiers_set(ctx->d, &th);
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	return show_tiers(ctx);
}

/* ---- the settings: one table for checking, listing and help ---- */

#define STR_(x) #x
#define STR(x) STR_(x)

typedef enum { SET_CALENDAR, SET_INT, SET_CHOICE, SET_PERCENT, SET_WEIGHTS, SET_CADENCE, SET_MONTH,
               SET_DAYS, SET_SERVER } set_type;

typedef struct {
	const char *key;
	set_type type;
	long lo, hi;               /* SET_INT: the range */
	const char *choices;       /* SET_CHOICE: "a|b|c" */
	const char *def;           /* the default as text; NULL: formatted from the code's */
	const char *help;
} setting;

static const setting settings[] = {
	{ "book_start", SET_MONTH, 0, 0, NULL, "none",
	  N_("the month the book began: baselines never count months before it as zeros\n"
	     "(none: the month of the book's earliest order)") },
	{ "calendar", SET_CALENDAR, 0, 0, NULL, "default",
	  N_("the working-day calendar: a FILE, none (Monday to Friday) or default") },
	{ "daily_calls", SET_INT, 0, 100000, NULL, STR(TODAY_CALLS_DEFAULT),
	  N_("effective calls a day, the target of today's plan") },
	{ "deals_min", SET_INT, 0, 100000, NULL, STR(TODAY_DEALS_MIN_DEFAULT),
	  N_("fewest deals a day; not above deals_max") },
	{ "deals_max", SET_INT, 0, 100000, NULL, STR(TODAY_DEALS_MAX_DEFAULT),
	  N_("most deals a day; not below deals_min") },
	{ "money_style", SET_CHOICE, 0, 0, "yuan|wan|auto", "auto",
	  N_("amounts in whole yuan, in 万, or auto (万 in Chinese)") },
	{ "online_share", SET_PERCENT, 0, 100, NULL, "20%",
	  N_("the share of a hotel's capacity sold online, for market potential") },
	{ "payment_days", SET_DAYS, 0, TODAY_PAYMENT_DAYS_MAX, NULL, "none",
	  N_("days an order is given to be paid when logged without --due, or none") },
	{ "queue_cadence", SET_CADENCE, 1, QUEUE_CADENCE_MAX, NULL, NULL,
	  N_("days between contacts per tier, e.g. S=2,A=5") },
	{ "server", SET_SERVER, 0, 0, NULL, "none",
	  N_("the team server, as a PostgreSQL URL (postgresql://HOST/DB?user=LOGIN) or a\n"
	     "service (service=NAME); its password is kept in ~/.pgpass, never here") },
	{ "sync_minutes", SET_INT, 0, 1440, NULL, "0",
	  N_("minutes between the workbench's own syncs with the team server (0: only on y)") },
	{ "queue_weights", SET_WEIGHTS, 0, QUEUE_WEIGHT_MAX / 100, NULL, NULL,
	  N_("points of the call queue's terms, e.g. money=12,tier=2; the terms: followup,\n"
	     "callback, money, broken, cadence, reorder, target, priority, tier, attempt") },
};
#define NSETTINGS (sizeof settings / sizeof *settings)

static const setting *find_setting(const char *key)
{
	for (size_t i = 0; i < NSETTINGS; i++)
		if (strcmp(settings[i].key, key) == 0)
			return &settings[i];
	return NULL;
}

static const char *default_of(const setting *s, char *buf, size_t bufsz)
{
	queue_weights w = queue_weights_default();
	if (s->def)
		return s->def;
	if (s->type == SET_WEIGHTS)
		return queue_weights_format(&w, buf, bufsz);
	return queue_cadence_format(&w, buf, bufsz);
}

/* What values S takes, for help and errors: "0 to 100000", "yuan, wan or auto". */
static const char *range_of(const setting *s, char *buf, size_t bufsz)
{
	switch (s->type) {
	case SET_CALENDAR:
		return _("FILE, none or default");
	case SET_INT:
		snprintf(buf, bufsz, _("a whole number from %ld to %ld"), s->lo, s->hi);
		return buf;
	case SET_CHOICE: {
		size_t o = 0;
		buf[0] = '\0';
		for (const char *c = s->choices; *c && o + 8 < bufsz;) {
			size_t n = strcspn(c, "|");
			bool last = !c[n];
			o += (size_t)snprintf(buf + o, bufsz - o, "%s%.*s", o ? (last ? _(" or ") : ", ") : "",
			                      (int)n, c);
			c += n + !last;
		}
		return buf;
	}
	case SET_PERCENT:
		return _("a percentage from 0 to 100 (one decimal at most), e.g. 20%");
	case SET_MONTH:
		return _("a month YYYY-MM, or none");
	case SET_DAYS:
		snprintf(buf, bufsz, _("a whole number of days from %ld to %ld, or none"), s->lo, s->hi);
		return buf;
	case SET_SERVER:
		return _("a PostgreSQL URL or connection string without a password, or none");
	case SET_CADENCE:
		snprintf(buf, bufsz, _("TIER=DAYS,... with days from %ld to %ld"), s->lo, s->hi);
		return buf;
	case SET_WEIGHTS:
		snprintf(buf, bufsz, _("TERM=POINTS,... with points from %ld to %ld"), s->lo, s->hi);
		return buf;
	}
	return "";
}

/* The settings for 'config --help'. */
void cli_config_help(FILE *out)
{
	char range[256], def[256];
	fputs(_("\nSettings (config KEY VALUE; an empty VALUE restores the default):\n"), out);
	for (size_t i = 0; i < NSETTINGS; i++) {
		const setting *s = &settings[i];
		const char *h = _(s->help);
		/* A help of two lines: the second under the first. */
		size_t first = strcspn(h, "\n");
		fprintf(out, "  %-14s %.*s\n", s->key, (int)first, h);
		if (h[first])
			fprintf(out, "  %-14s %s\n", "", h + first + 1);
		fprintf(out, _("  %-14s %s; default %s\n"), "", range_of(s, range, sizeof range),
		        default_of(s, def, sizeof def));
	}
	fputs(_("\nStages of opportunities: repdesk config stage [KEY [NAME|--reset]]\n"
	        "  Show the stages' names, or give stage KEY (lead, qualified, proposal, tender,\n"
	        "  negotiation, won, lost) the NAME the book shows and takes for it; an empty\n"
	        "  NAME or --reset gives back the default. A name is one line, and names no\n"
	        "  other stage.\n"), out);
}

/* Closest setting name to KEY (a typo), or NULL. */
static const char *nearest(const char *key)
{
	const char *best = NULL;
	size_t best_d = 3;          /* at most two edits away */
	for (size_t i = 0; i < NSETTINGS; i++) {
		const char *k = settings[i].key;
		size_t n = strlen(key), m = strlen(k), row[64];
		if (n > 60 || m > 60)
			continue;
		for (size_t j = 0; j <= m; j++)
			row[j] = j;
		for (size_t a = 1; a <= n; a++) {
			size_t diag = row[0];
			row[0] = a;
			for (size_t j = 1; j <= m; j++) {
				size_t up = row[j];
				size_t best_here = diag + (key[a - 1] != k[j - 1]);
				if (row[j] + 1 < best_here)
					best_here = row[j] + 1;
				if (row[j - 1] + 1 < best_here)
					best_here = row[j - 1] + 1;
				row[j] = best_here;
				diag = up;
			}
		}
		if (row[m] < best_d) {
			best_d = row[m];
			best = k;
		}
	}
	return best;
}

static int unknown_key(const char *key)
{
	char list[512];
	size_t o = 0;
	list[0] = '\0';
	for (size_t i = 0; i < NSETTINGS; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", settings[i].key);
	const char *near = nearest(key);
	if (near)
		return cli_usage_error("config", _("'%s' is not a setting (did you mean %s?); the settings "
		                       "are tiers, rep, %s"), key, near, list);
	return cli_usage_error("config", _("'%s' is not a setting; the settings are tiers, rep, %s"),
	                       key, list);
}

/* The value of setting S: saved, else its default; the queue's settings
 * in full, the saved terms over the defaults. */
static const char *value_of(cli_ctx *ctx, const setting *s, char *buf, size_t bufsz)
{
	queue_weights w = queue_weights_default();
	char why[160];

	if (db_setting_get(ctx->d, s->key, buf, bufsz) != DB_OK || !buf[0])
		return default_of(s, buf, bufsz);
	if (s->type == SET_WEIGHTS && queue_weights_parse(buf, &w, why, sizeof why))
		return queue_weights_format(&w, buf, bufsz);
	if (s->type == SET_CADENCE && queue_cadence_parse(buf, &w, why, sizeof why))
		return queue_cadence_format(&w, buf, bufsz);
	return buf;
}

/* Check VALUE for S: 0, or the usage error's exit status. */
static int check_value(cli_ctx *ctx, const setting *s, const char *value)
{
	char range[256], why[160], other[64];
	queue_weights w = queue_weights_default();
	char *end;
	long n;

	switch (s->type) {
	case SET_CALENDAR:
		return 0;           /* checked by loading it */
	case SET_SERVER:
		if (strcmp(value, "none") == 0 || db_server_url_check(value, why, sizeof why))
			return 0;
		return cli_usage_error("config", _("%s: %s; the value is %s"), s->key, why,
		                       range_of(s, range, sizeof range));
	case SET_MONTH: {
		int y, m;
		if (strcmp(value, "none") == 0 || date_month_parse(value, &y, &m))
			return 0;
		break;
	}
	case SET_DAYS:
		if (strcmp(value, "none") == 0)
			return 0;
		/* else a number of days */
		/* fall through */
	case SET_INT:
		errno = 0;
		n = strtol(value, &end, 10);
		if (end == value || *end || errno || n < s->lo || n > s->hi)
			break;
		if (ctx->d && (strcmp(s->key, "deals_min") == 0 || strcmp(s->key, "deals_max") == 0)) {
			bool is_min = strcmp(s->key, "deals_min") == 0;
			const setting *o = find_setting(is_min ? "deals_max" : "deals_min");
			/* The other one as today reads it: a value an old book
			 * holds that is not a number counts as its default. */
			const char *ov = value_of(ctx, o, other, sizeof other);
			long m = strtol(ov, &end, 10);
			if (end == ov || *end || m < o->lo || m > o->hi)
				m = strtol(o->def, NULL, 10);
			if (is_min ? n > m : n < m)
				return cli_usage_error("config", is_min
				    ? _("deals_min %ld would be above deals_max %ld: raise deals_max first")
				    : _("deals_max %ld would be below deals_min %ld: lower deals_min first"), n, m);
		}
		return 0;
	case SET_CHOICE:
		for (const char *c = s->choices; *c;) {
			size_t len = strcspn(c, "|");
			if (strlen(value) == len && strncmp(c, value, len) == 0)
				return 0;
			c += len + (c[len] != '\0');
		}
		break;
	case SET_PERCENT:
		if (planbook_online_share(value) >= 0)
			return 0;
		break;
	case SET_WEIGHTS:
		if (queue_weights_parse(value, &w, why, sizeof why))
			return 0;
		return cli_usage_error("config", _("%s: %s; the value is %s"), s->key, why,
		                       range_of(s, range, sizeof range));
	case SET_CADENCE:
		if (queue_cadence_parse(value, &w, why, sizeof why))
			return 0;
		return cli_usage_error("config", _("%s: %s; the value is %s"), s->key, why,
		                       range_of(s, range, sizeof range));
	}
	return cli_usage_error("config", _("%s: '%s' is not %s"), s->key, value,
	                       range_of(s, range, sizeof range));
}

static int set_setting(cli_ctx *ctx, const char *key, const char *value)
{
	if (strcmp(key, "book_start") == 0) {
		/* The computed tiers follow it at once. */
		db_status bs = db_book_start_set(ctx->d, strcmp(value, "none") == 0 ? "" : value);
		if (bs != DB_OK)
			return cli_fail(bs == DB_INVALID ? STATUS_DATAERR : status_from_db(bs), "%s",
			                db_error(ctx->d));
		cli_printf("%s %s\n", key, cli_vis(value));
		return 0;
	}
	db_status st = db_begin(ctx->d);
	if (st == DB_OK)
		st = db_setting_set(ctx->d, key, value);
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (st != DB_OK)
		return cli_fail(st == DB_INVALID ? STATUS_DATAERR : status_from_db(st), "%s", db_error(ctx->d));
	cli_printf("%s %s\n", key, cli_vis(value));
	if (strcmp(key, "payment_days") == 0 && strcmp(value, "none") != 0 && value[0])
		return cli_apply_terms(ctx, NULL);
	return 0;
}

static int config_calendar(cli_ctx *ctx, const char *which)
{
	int rc;
	char abs[PATH_MAX];
	if ((rc = cli_open_db(ctx)))
		return rc;
	if (strcmp(which, "none") != 0 && strcmp(which, "default") != 0) {
		/* Check the file now rather than on every later command. */
		ctx->calendar_arg = which;
		if ((rc = cli_load_calendar(ctx)))
			return rc;
		if (!realpath(which, abs))
			return cli_fail(STATUS_NOINPUT, _("%s: cannot resolve the path"), which);
		which = abs;
	}
	return set_setting(ctx, "calendar", which);
}

/* The book's owner: a new name or group travels in the next bundle. */
static int config_rep(cli_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *group = NULL;
	char *pos[1];
	int npos, rc;
	cli_opt opts[] = { { "name", &name, NULL }, { "group", &group, NULL }, { NULL, NULL, NULL } };
	db_rep cur;

	if ((rc = cli_parse("config", argc, argv, opts, pos, 0, &npos)))
		return rc;
	if ((name && !*name) || (group && !*group))
		return cli_usage_error("config", _("rep: --name and --group need a name"));
	if ((rc = cli_open_db(ctx)))
		return rc;
	bool had = db_rep_current(ctx->d, &cur) == DB_OK;
	if (!name && !group) {
		if (!had)
			return cli_fail(STATUS_DATAERR, "%s", db_error(ctx->d));
		cli_printf(_("rep %s\ngroup %s\n"), cli_vis(cur.name), cli_vis(cur.group_name));
		return 0;
	}
	if (!had && !name)
		return cli_usage_error("config", _("rep: the book has no owner yet: give --name"));
	db_status st = db_book_init(ctx->d, name ? name : cur.name,
	                            group ? group : had ? cur.group_name : "");
	if (st == DB_OK)
		st = db_rep_current(ctx->d, &cur);
	if (st != DB_OK)
		return cli_fail(st == DB_INVALID ? STATUS_DATAERR : status_from_db(st), "%s", db_error(ctx->d));
	cli_printf(_("rep %s\ngroup %s\n"), cli_vis(cur.name), cli_vis(cur.group_name));
	return 0;
}

static void show_rank(const rank_rule *r)
{
	char text[RANK_TEXT_MAX + 64];

	if (r->nattrs)
		cli_printf("rank %s\n", cli_vis(rank_format(r, text, sizeof text)));
	else
		cli_printf("%s", _("rank: no rule (the list sorts by tier, the queue weighs priority)\n"));
}

/* The ranking rule: shown, set (checked first: the text is untrusted), or
 * removed by --clear or an empty rule. */
static int config_rank(cli_ctx *ctx, int argc, char **argv)
{
	bool clear = false;
	char *pos[1], err[256], text[RANK_TEXT_MAX + 64];
	int npos, rc;
	cli_opt opts[] = { { "clear", NULL, &clear }, { NULL, NULL, NULL } };
	rank_rule r;

	if ((rc = cli_parse("config", argc, argv, opts, pos, 1, &npos)))
		return rc;
	if (clear && npos)
		return cli_usage_error("config", _("rank: give a rule or --clear, not both"));
	if (npos && !rank_parse(pos[0], &r, err, sizeof err))
		return cli_usage_error("config", _("rank: %s"), err);
	if ((rc = cli_open_db(ctx)))
		return rc;
	if (!clear && !npos) {
		db_status st = db_rank_rule(ctx->d, &r);
		if (st != DB_OK)
			return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
		show_rank(&r);
		return 0;
	}
	if (clear)
		r.nattrs = 0;
	db_status st = db_begin(ctx->d);
	if (st == DB_OK)
		st = db_setting_set(ctx->d, DB_RANK_SETTING, rank_format(&r, text, sizeof text));
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (st != DB_OK)
		return cli_fail(st == DB_INVALID ? STATUS_DATAERR : status_from_db(st), "%s", db_error(ctx->d));
	show_rank(&r);
	return 0;
}

/* ---- choice lists: config choices [ATTR [LIST | --clear]] ---- */

/* Which lists show_choices prints: every one, or ATTR's; how many it did. */
typedef struct {
	const char *attr;
	int n;
} choices_shown_ctx;

/* An attribute and its choices; a list merged from another rep's bundle
 * names the rep, as segment list does. */
static bool print_choices(const char *attr, const char *list, const char *rep, void *ctx)
{
	choices_shown_ctx *c = ctx;
	char shown[2048];

	if (c->attr && strcmp(c->attr, attr) != 0)
		return true;
	c->n++;
	cli_printf("%s %s", cli_vis(attr), cli_vis(choices_shown(list, shown, sizeof shown)));
	if (rep[0])
		cli_printf(" (%s)", cli_vis(rep));
	cli_printf("\n");
	return true;
}

static int show_choices(cli_ctx *ctx, const char *attr)
{
	choices_shown_ctx c = { attr, 0 };
	db_status st = db_choices_each(ctx->d, print_choices, &c);

	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	if (!c.n && attr)
		cli_printf(_("%s takes any value\n"), cli_vis(attr));
	else if (!c.n)
		cli_printf("%s\n", _("No attribute has a choice list."));
	return 0;
}

static int config_choices(cli_ctx *ctx, int argc, char **argv)
{
	bool clear = false;
	char *pos[2], list[VALID_CHOICES_MAX];
	int npos, rc;
	cli_opt opts[] = { { "clear", NULL, &clear }, { NULL, NULL, NULL } };

	if ((rc = cli_parse("config", argc, argv, opts, pos, 2, &npos)))
		return rc;
	const char *attr = npos ? pos[0] : NULL;
	if (attr && custfield_lookup(attr) != CUSTFIELD_NONE)
		return cli_usage_error("config", _("choices: %s is a fixed field, not an attribute"), attr);
	if (clear && (!attr || npos > 1))
		return cli_usage_error("config", _("choices: --clear takes an attribute and no list"));
	const char *why = npos > 1 ? valid_choices_parse(pos[1], list, sizeof list) : NULL;
	if (why)
		return cli_usage_error("config", _("choices for %s: %s"), attr, _(why));
	if ((rc = cli_open_db(ctx)))
		return rc;
	if (npos < 2 && !clear)
		return show_choices(ctx, attr);
	db_status st = db_begin(ctx->d);
	if (st == DB_OK)
		st = db_choices_set(ctx->d, attr, clear ? NULL : list);
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (st != DB_OK)
		return cli_fail(st == DB_INVALID ? STATUS_DATAERR : status_from_db(st), "%s", db_error(ctx->d));
	return show_choices(ctx, attr);
}

/* ---- the stages' names: config stage [KEY [NAME|--reset]] ---- */

static void show_stages(db *d)
{
	opp_names n;

	opp_names_load(d, &n);
	for (int i = 0; i < OPP_STAGE_COUNT; i++)
		cli_printf("stage.%s %s\n", opp_stages[i].key, cli_vis(n.name[i]));
}

/* Whether NAME may name stage ST: one line of text of at most
 * OPP_NAME_MAX - 1 bytes, and no other stage's name, key, number or word. */
static int check_stage_name(const opp_names *n, opp_stage st, const char *name)
{
	const char *why = valid_text(name, strlen(name), OPP_NAME_MAX - 1);

	if (why)
		return cli_usage_error("config", _("stage %s: '%s' %s"), opp_stages[st].key, name, _(why));
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return cli_usage_error("config", _("stage %s: a name is one line without control "
			                       "characters"), opp_stages[st].key);
	if (strlen(name) >= OPP_NAME_MAX)
		return cli_usage_error("config", _("stage %s: a name is at most %d bytes"),
		                       opp_stages[st].key, OPP_NAME_MAX - 1);
	opp_stage other = opp_names_find(n, name);
	if (other != OPP_STAGE_NONE && other != st)
		return cli_usage_error("config", _("stage %s: '%s' already names the stage %s"),
		                       opp_stages[st].key, name, opp_stages[other].key);
	return 0;
}

static int config_stage(cli_ctx *ctx, int argc, char **argv)
{
	bool reset = false;
	char *pos[2], key[32];
	int npos, rc;
	cli_opt opts[] = { { "reset", NULL, &reset }, { NULL, NULL, NULL } };
	opp_names n;

	if ((rc = cli_parse("config", argc, argv, opts, pos, 2, &npos)))
		return rc;
	if (reset && npos != 1)
		return cli_usage_error("config", _("stage: --reset takes a stage and no name"));
	if ((rc = cli_open_db(ctx)))
		return rc;
	if (npos == 0) {
		show_stages(ctx->d);
		return 0;
	}
	opp_names_load(ctx->d, &n);
	opp_stage st = opp_names_find(&n, pos[0]);
	if (st == OPP_STAGE_NONE) {
		char list[128];
		size_t at = 0;
		list[0] = '\0';
		for (int i = 0; i < OPP_STAGE_COUNT; i++)
			at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "",
			                       opp_stages[i].key);
		return cli_usage_error("config", _("stage: '%s' is not a stage (%s)"), pos[0], list);
	}
	if (npos == 1 && !reset) {
		cli_printf("stage.%s %s\n", opp_stages[st].key, cli_vis(n.name[st]));
		return 0;
	}
	const char *name = npos == 2 && pos[1][0] ? pos[1] : NULL;
	if (name && (rc = check_stage_name(&n, st, name)))
		return rc;
	db_status s = db_begin(ctx->d);
	if (s == DB_OK)
		s = db_setting_set(ctx->d, opp_names_key(st, key, sizeof key), name);
	if (s == DB_OK)
		s = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (s != DB_OK)
		return cli_fail(s == DB_INVALID ? STATUS_DATAERR : status_from_db(s), "%s", db_error(ctx->d));
	opp_names_load(ctx->d, &n);
	cli_printf("stage.%s %s\n", opp_stages[st].key, cli_vis(n.name[st]));
	return 0;
}

int cmd_config(cli_ctx *ctx, int argc, char **argv)
{
	int rc;
	char value[1024];

	if (argc >= 2 && strcmp(argv[1], "rep") == 0)
		return config_rep(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "tiers") == 0)
		return config_tiers(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "rank") == 0)
		return config_rank(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "choices") == 0)
		return config_choices(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "stage") == 0)
		return config_stage(ctx, argc - 1, argv + 1);
	if (argc > 3)
		return cli_usage_error("config", _("too many arguments"));
	const setting *s = argc >= 2 ? find_setting(argv[1]) : NULL;
	if (argc >= 2 && !s)
		return unknown_key(argv[1]);
	if (s && argc == 3 && s->type == SET_CALENDAR)
		return config_calendar(ctx, argv[2][0] ? argv[2] : "default");
	/* A bad value is refused before the book is opened (or made). */
	if (s && argc == 3 && argv[2][0] && (rc = check_value(ctx, s, argv[2])) != 0)
		return rc;
	if ((rc = cli_open_db(ctx)))
		return rc;
	if (argc == 1) {
		if ((rc = show_tiers(ctx)))
			return rc;
		if (db_setting_get(ctx->d, "calendar", value, sizeof value) != DB_OK)
			snprintf(value, sizeof value, "default");
		cli_printf(_("calendar %s\n"), cli_vis(value));
		db_rep rep;
		if (db_rep_current(ctx->d, &rep) == DB_OK)
			cli_printf(_("rep %s\ngroup %s\n"), cli_vis(rep.name), cli_vis(rep.group_name));
		for (size_t i = 0; i < NSETTINGS; i++)
			if (settings[i].type != SET_CALENDAR)
				cli_printf("%s %s\n", settings[i].key,
				           cli_vis(value_of(ctx, &settings[i], value, sizeof value)));
		rank_rule r;
		if (db_rank_rule(ctx->d, &r) == DB_OK && r.nattrs)   /* the ranking rule, when set */
			show_rank(&r);
		show_stages(ctx->d);
		return 0;
	}
	if (argc == 3) {
		char def[256];
		/* An empty value restores the default. */
		const char *v = argv[2][0] ? argv[2] : default_of(s, def, sizeof def);
		/* deals_min/deals_max were checked against the saved other one,
		 * which needed the book: check again now it is open. */
		if ((rc = check_value(ctx, s, v)) != 0)
			return rc;
		return set_setting(ctx, s->key, v);
	}
	cli_printf("%s %s\n", s->key, cli_vis(value_of(ctx, s, value, sizeof value)));
	return 0;
}
