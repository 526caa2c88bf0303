/* repdesk log call|order|payment|visit, and repdesk note: a keystroke's
 * worth of logging from the command line, each write one transaction. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "repdesk/today.h"
#include "repdesk/actfield.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/contacts.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "repdesk/uid.h"
#include "repdesk/money.h"
#include "repdesk/record.h"
#include "repdesk/valid.h"

static int check_date(const char *cmd, const char *opt, const char *value, char out[11])
{
	date_day day;
	if (!date_parse(value, &day))
		return cli_usage_error(cmd, _("%s: '%s' is not a date (YYYY-MM-DD)"), opt, value);
	snprintf(out, 11, "%s", value);
	return 0;
}

/* A date ahead (--next, --due): YYYY-MM-DD, or +N days from today as in
 * the workbench. */
static int check_ahead(cli_ctx *ctx, const char *opt, const char *value, char out[11])
{
	date_day day;
	if (!date_parse_relative(value, ctx->today, &day))
		return cli_usage_error("log", _("%s: '%s' is not a date (YYYY-MM-DD, or +3 for in three days)"),
		                       opt, value);
	date_format(day, out);
	return 0;
}

static int save(cli_ctx *ctx, db_activity_kind kind, db_activity *a)
{
	int result = 0;
	db_status st = db_begin(ctx->d);
	if (st == DB_OK)
		st = db_activity_upsert(ctx->d, kind, a, &result);
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (st != DB_OK)
		return cli_fail(st == DB_INVALID ? STATUS_DATAERR : status_from_db(st), "%s", db_error(ctx->d));
	return 0;
}

/* An order far outside the customer's history is saved, with a warning. */
static void warn_outlier(cli_ctx *ctx, const db_activity *a)
{
	int64_t base;
	date_day day;
	char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ];

	if (!date_parse(a->date, &day))
		return;
	int64_t times = actrow_outlier(ctx->d, a->customer_uid, day, a->amount, &base);
	if (times)
		cli_warn(_("%s is %lld times this customer's month (%s): saved; check it "
		           "(repdesk edit order %s amount=...)"), money_format(a->amount, m1, sizeof m1),
		         (long long)times, money_format(base, m2, sizeof m2), a->uid);
}

int cmd_log(cli_ctx *ctx, int argc, char **argv)
{
	const char *outcome = NULL, *note = NULL, *next = NULL, *due = NULL, *order = NULL;
	const char *date = NULL, *place = NULL, *time = NULL, *volume = NULL, *contact = NULL;
	char *pos[3];
	int npos, rc;
	cli_opt opts[] = {
		{ "outcome", &outcome, NULL }, { "note", &note, NULL }, { "next", &next, NULL },
		{ "due", &due, NULL }, { "order", &order, NULL }, { "date", &date, NULL },
		{ "place", &place, NULL }, { "time", &time, NULL }, { "volume", &volume, NULL },
		{ "contact", &contact, NULL }, { NULL, NULL, NULL }
	};
	db_activity a;
	db_activity_kind kind;
	char name[256], names[160];

	if ((rc = cli_parse("log", argc, argv, opts, pos, 3, &npos)))
		return rc;
	if (npos < 2)
		return cli_usage_error("log", _("log needs call, order or payment, and a CUSTOMER"));
	memset(&a, 0, sizeof a);
	a.outcome = "";
	a.text = note ? note : "";
	if (strcmp(pos[0], "call") == 0) {
		kind = DB_CALLS;
		if (npos != 2)
			return cli_usage_error("log", _("log call takes a CUSTOMER and --outcome"));
		if (!outcome)
			return cli_usage_error("log", _("log call needs --outcome (%s)"),
			                       record_outcome_list(names, sizeof names, _(", "), _(", "), false));
		a.outcome = record_outcome_canon(outcome);
		if (!a.outcome)
			return cli_usage_error("log", _("--outcome: '%s' is not %s"), outcome,
			                       record_outcome_list(names, sizeof names, _(", "), _(" or "), false));
		if (next && (rc = check_ahead(ctx, "--next", next, a.next_call)))
			return rc;
	} else if (strcmp(pos[0], "order") == 0 || strcmp(pos[0], "payment") == 0) {
		kind = pos[0][0] == 'o' ? DB_ORDERS : DB_PAYMENTS;
		if (npos != 3)
			return cli_usage_error("log", _("log %s takes a CUSTOMER and an AMOUNT"), pos[0]);
		char why[128];
		if (!money_parse(pos[2], &a.amount, why, sizeof why))
			return cli_fail(STATUS_DATAERR, _("AMOUNT: '%s' %s"), pos[2], why);
		if (due && kind == DB_ORDERS && (rc = check_ahead(ctx, "--due", due, a.due)))
			return rc;
		if (volume && kind == DB_ORDERS) {
			const char *bad = valid_volume_parse(volume, &a.volume);
			if (bad)
				return cli_fail(STATUS_DATAERR, "--volume: '%s' %s", volume, _(bad));
			a.has_volume = true;
		}
		if (order && kind == DB_PAYMENTS) {
			if (!uid_acceptable(order))
				return cli_usage_error("log", _("--order: '%s' is not an order uid"), order);
			snprintf(a.order_uid, sizeof a.order_uid, "%s", order);
		}
	} else if (strcmp(pos[0], "visit") == 0) {
		kind = DB_VISITS;
		if (npos != 2)
			return cli_usage_error("log", _("log visit takes a CUSTOMER"));
		if (outcome && !(a.outcome = record_outcome_canon(outcome)))
			return cli_usage_error("log", _("--outcome: '%s' is not %s"), outcome,
			                       record_outcome_list(names, sizeof names, _(", "), _(" or "), false));
		if (next && (rc = check_ahead(ctx, "--next", next, a.next_call)))
			return rc;
		if (time) {
			if (valid_time(time))
				return cli_usage_error("log", _("--time: '%s' is not a time (HH:MM)"), time);
			snprintf(a.time, sizeof a.time, "%s", time);
		}
		a.place = place ? place : "";
	} else {
		return cli_usage_error("log", _("'%s' is not call, order or payment"), pos[0]);
	}
	if (((due || volume) && kind != DB_ORDERS) || (order && kind != DB_PAYMENTS) ||
	    ((outcome || next || contact) && kind != DB_CALLS && kind != DB_VISITS) ||
	    ((place || time) && kind != DB_VISITS))
		return cli_usage_error("log", _("an option does not apply to 'log %s'"), pos[0]);
	if (date) {
		if ((rc = check_date("log", "--date", date, a.date)))
			return rc;
	} else {
		date_format(ctx->today, a.date);
	}
	if ((rc = cli_open_db(ctx)) || (rc = cli_resolve(ctx, "log", pos[1], a.customer_uid)))
		return rc;
	/* Who was spoken to: one of this customer's contacts, by uid or name. */
	if (contact && contact[0]) {
		db_status cs = db_contact_find(ctx->d, a.customer_uid, contact, a.contact_uid);
		if (cs == DB_NOT_FOUND)
			return cli_usage_error("log", _("--contact: this customer has no contact '%s' (repdesk "
			                       "contact list CUSTOMER shows them)"), contact);
		if (cs == DB_AMBIGUOUS)
			return cli_usage_error("log", "--contact: %s", db_error(ctx->d));
		if (cs != DB_OK)
			return cli_fail(status_from_db(cs), "%s", db_error(ctx->d));
	}
	db_new_uid(ctx->d, a.uid);       /* known now, for the warning */
	bool by_term = false;
	if (kind == DB_ORDERS && !a.due[0]) {
		/* Without --due, the book's payment term gives the day. */
		date_day day;
		int when = date_parse(a.date, &day) ? today_order_due(ctx->d, a.customer_uid, day) : DB_NO_DAY;
		if (when != DB_NO_DAY) {
			date_format(when, a.due);
			by_term = true;
		}
	}
	if ((rc = save(ctx, kind, &a)))
		return rc;
	if (kind == DB_ORDERS)
		warn_outlier(ctx, &a);

	db_customer *c = db_customer_load(ctx->d, a.customer_uid);
	snprintf(name, sizeof name, "%s", c ? c->name : a.customer_uid);
	db_customer_free(c);
	if (kind == DB_CALLS) {
		if (a.next_call[0])
			cli_printf(_("%s: %s call logged on %s, next contact %s\n"), cli_vis(name), _(a.outcome), a.date,
			       a.next_call);
		else
			cli_printf(_("%s: %s call logged on %s\n"), cli_vis(name), _(a.outcome), a.date);
	} else if (kind == DB_VISITS) {
		if (a.outcome[0] && a.next_call[0])
			cli_printf(_("%s: %s visit logged on %s, next contact %s\n"), cli_vis(name), _(a.outcome),
			           a.date, a.next_call);
		else if (a.outcome[0])
			cli_printf(_("%s: %s visit logged on %s\n"), cli_vis(name), _(a.outcome), a.date);
		else if (a.next_call[0])
			cli_printf(_("%s: visit logged on %s, next contact %s\n"), cli_vis(name), a.date,
			           a.next_call);
		else
			cli_printf(_("%s: visit logged on %s\n"), cli_vis(name), a.date);
	} else {
		char money[MONEY_BUFSZ + 64];
		const char *what = kind == DB_ORDERS ? _("order") : _("payment");
		money_format(a.amount, money, sizeof money);
		if (a.has_volume) {
			/* "¥30,000 (120 room-nights)": the volume beside the money. */
			size_t len = strlen(money);
			snprintf(money + len, sizeof money - len, _(" (%" PRId64 " room-nights)"), a.volume);
		}
		if (by_term)
			cli_printf(_("%s: %s of %s logged on %s, to be paid by %s (payment term: %d days)\n"),
			           cli_vis(name), what, money, a.date, a.due, today_payment_term(ctx->d, a.customer_uid));
		else if (a.due[0])
			cli_printf(_("%s: %s of %s logged on %s, to be paid by %s\n"), cli_vis(name), what, money, a.date,
			       a.due);
		else
			cli_printf(_("%s: %s of %s logged on %s\n"), cli_vis(name), what, money, a.date);
	}
	return 0;
}

int cmd_note(cli_ctx *ctx, int argc, char **argv)
{
	const char *date = NULL;
	char *pos[2];
	int npos, rc;
	cli_opt opts[] = { { "date", &date, NULL }, { NULL, NULL, NULL } };
	db_activity a;

	if ((rc = cli_parse("note", argc, argv, opts, pos, 2, &npos)))
		return rc;
	if (npos != 2 || !pos[1][0])
		return cli_usage_error("note", _("note needs a CUSTOMER and a TEXT"));
	memset(&a, 0, sizeof a);
	a.outcome = "";
	a.text = pos[1];
	if (date) {
		if ((rc = check_date("note", "--date", date, a.date)))
			return rc;
	} else {
		date_format(ctx->today, a.date);
	}
	if ((rc = cli_open_db(ctx)) || (rc = cli_resolve(ctx, "note", pos[0], a.customer_uid)))
		return rc;
	if ((rc = save(ctx, DB_NOTES, &a)))
		return rc;
	cli_printf(_("note added on %s\n"), a.date);
	return 0;
}
