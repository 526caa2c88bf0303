/* The history `show` prints under a customer's fields: every call, order,
 * payment, visit and note, newest first, each with its uid for `repdesk edit`
 * and `repdesk delete`. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/contacts.h"
#include "repdesk/i18n.h"
#include "repdesk/ledger.h"
#include "repdesk/money.h"
#include "repdesk/record.h"
#include "repdesk/text.h"

typedef struct {
	char date[11];
	char uid[UID_BUFSZ];
	int kind;
	long seq;
	char *what;
} hist_row;

typedef struct {
	hist_row *v;
	size_t n, cap;
	int kind;
	bool nomem;
	db *d;
} hist_rows;

/* What a row says besides its date and kind: amount or outcome, who was
 * spoken to (WHO), note. */
static void describe(int kind, const db_activity *a, const char *who, char *out, size_t outsz)
{
	char money[MONEY_BUFSZ + 64] = "", with[300] = "";
	const char *head = "";

	if (kind == RECORD_ORDERS || kind == RECORD_PAYMENTS)
		head = money_format(a->amount, money, sizeof money);
	if (kind == RECORD_ORDERS && a->has_volume) {
		size_t len = strlen(money);
		snprintf(money + len, sizeof money - len, _(" (%" PRId64 " room-nights)"), a->volume);
	}
	else if (a->outcome && *a->outcome)
		head = _(a->outcome);
	if (who && *who)
		snprintf(with, sizeof with, _("with %s"), who);
	const char *place = kind == RECORD_VISITS && a->place ? a->place : "";
	snprintf(out, outsz, "%s%s%s%s%s%s%s%s%s", head, *head && *place ? " · " : "", place,
	         (*head || *place) && *with ? " · " : "", with,
	         (*head || *place || *with) && a->text[0] ? " · " : "", a->text,
	         a->due[0] && kind == RECORD_ORDERS ? _(" · to pay by ") : "",
	         kind == RECORD_ORDERS ? a->due : "");
}

static bool on_row(const db_activity *a, void *ctx)
{
	hist_rows *h = ctx;
	char what[512];

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		hist_row *v = realloc(h->v, cap * sizeof *v);
		if (!v) {
			h->nomem = true;
			return false;
		}
		h->v = v;
		h->cap = cap;
	}
	hist_row *r = &h->v[h->n];
	char who[256] = "";
	if (a->contact_uid[0] && db_contact_name(h->d, a->contact_uid, who, sizeof who) != DB_OK)
		who[0] = '\0';
	describe(h->kind, a, who, what, sizeof what);
	if (!(r->what = strdup(what))) {
		h->nomem = true;
		return false;
	}
	memcpy(r->date, a->date, sizeof r->date);
	memcpy(r->uid, a->uid, sizeof r->uid);
	r->kind = h->kind;
	r->seq = (long)h->n;
	h->n++;
	return true;
}

/* Newest first; on one day, the later logged first. */
static int newest_first(const void *a, const void *b)
{
	const hist_row *x = a, *y = b;
	int c = strcmp(y->date, x->date);
	return c ? c : (y->seq > x->seq) - (y->seq < x->seq);
}

static bool on_money(const char *uid, const char *name, int64_t ordered, int64_t paid, void *ctx)
{
	(void)uid;
	(void)name;
	*(int64_t *)ctx = ledger_credit(ordered, paid);
	return false;
}

/* A payment beyond every order is kept as the customer's credit. */
static int show_credit(cli_ctx *ctx, const char *customer_uid)
{
	int64_t credit = 0;
	char label[64], money[MONEY_BUFSZ];
	db_status st = db_money_totals(ctx->d, customer_uid, on_money, &credit);

	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	if (credit > 0)
		cli_printf(_("%s %s (paid beyond its orders; the next order takes it)\n"),
		           text_fit(_("credit"), 15, false, label, sizeof label),
		           money_format(credit, money, sizeof money));
	return 0;
}

int cli_show_history(cli_ctx *ctx, const char *customer_uid)
{
	int rc = show_credit(ctx, customer_uid);
	if (rc)
		return rc;

	hist_rows h = { .d = ctx->d };
	db_status st = DB_OK;

	for (int k = 0; k < RECORD_KIND_COUNT && st == DB_OK && !h.nomem; k++) {
		h.kind = k;
		st = db_activity_each(ctx->d, (db_activity_kind)k, customer_uid, on_row, &h);
	}
	if (h.n) {
		qsort(h.v, h.n, sizeof *h.v, newest_first);
		cli_printf("%s\n", _("history (repdesk edit|delete KIND UID):"));
	}
	for (size_t i = 0; i < h.n; i++) {
		cli_printf("  %s  %-8s %s  %s\n", h.v[i].date, _(record_kinds[h.v[i].kind].word), h.v[i].uid,
		           cli_vis(h.v[i].what));
		free(h.v[i].what);
	}
	free(h.v);
	if (h.nomem)
		return cli_fail(STATUS_IOERR, "%s", _("out of memory"));
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	return 0;
}

typedef struct {
	bool names;
	size_t n;
	int64_t total;
} credits;

static bool on_credit(const char *uid, const char *name, int64_t ordered, int64_t paid, void *ctx)
{
	credits *c = ctx;
	char money[MONEY_BUFSZ];
	int64_t credit = ledger_credit(ordered, paid);

	(void)uid;
	if (credit <= 0)
		return true;
	if (c->names)
		cli_printf("%s%s %s", c->n ? _(", ") : _("Credits (paid beyond their orders): "), cli_vis(name),
		           money_format(credit, money, sizeof money));
	c->n++;
	c->total += credit;
	return true;
}

int cli_print_credits(cli_ctx *ctx, bool names, date_day day)
{
	credits c = { names, 0, 0 };
	char money[MONEY_BUFSZ], until[DATE_BUFSZ];
	/* As they stood at the end of DAY: no later payment yet. */
	db_status st = db_money_totals_to(ctx->d, NULL, date_format(day, until), on_credit, &c);

	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	if (names && c.n)
		putchar('\n');
	if (!names && c.n)
		cli_printf(ngettext("Credit held: %s for %zu customer\n", "Credit held: %s for %zu customers\n",
		                    (unsigned long)c.n), money_format(c.total, money, sizeof money), c.n);
	return 0;
}
