/* The workbench's questions: the line editor, one-key choices, the
 * customer form, and what each confirmed answer writes (one transaction
 * each, through the same store calls as the commands); undo is wb_undo.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/actfield.h"
#include "repdesk/db/contacts.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/text.h"
#include "repdesk/today.h"
#include "repdesk/valid.h"
#include "wb_int.h"

/* ---- flows ---- */

enum { F_SEARCH, F_FILTER, F_QUEUE, F_CALL, F_VISIT, F_ORDER, F_PAY, F_NOTE, F_STATUS, F_TIER, F_REPLAN, F_ADD, F_EDIT,
       F_UNDO, F_DELETE, F_SCREEN };

static const wb_choice status_choices[] = {
	{ 'a', N_("active"), NULL, false }, { 'p', N_("prospect"), NULL, false },
	{ 'l', N_("lost"), NULL, false }, { 'd', N_("do-not-call"), NULL, false },
};
static const char *const status_values[] = { "active", "prospect", "lost", "do-not-call" };

static const wb_choice yes_no[] = { { 'y', N_("yes"), NULL, false }, { 'n', N_("no"), NULL, false } };

static const wb_choice tier_choices[] = {
	{ 's', "S", NULL, false }, { 'a', "A", NULL, false }, { 'b', "B", NULL, false },
	{ 'c', "C", NULL, false }, { 'd', "D", NULL, false }, { 'x', N_("computed"), NULL, false },
};

static void ask_close(wb *w)
{
	memset(&w->ask, 0, sizeof w->ask);
}

static void ask_line(wb *w, const char *title, const char *initial)
{
	w->ask.kind = WB_ASK_LINE;
	snprintf(w->ask.title, sizeof w->ask.title, "%s", title);
	wb_line_set(&w->ask.line, initial);
	w->ask.error[0] = '\0';
}

static void ask_choice(wb *w, const char *title, const wb_choice *c, int n)
{
	w->ask.kind = WB_ASK_CHOICE;
	snprintf(w->ask.title, sizeof w->ask.title, "%s", title);
	w->ask.choices = c;
	w->ask.nchoices = n;
	w->ask.error[0] = '\0';
}

void wb_ask_screen_line(wb *w, const char *title, const char *initial)
{
	ask_close(w);
	w->ask.flow = F_SCREEN;
	ask_line(w, title, initial);
}

void wb_ask_yes_no(wb *w, int what, const char *title)
{
	ask_close(w);
	w->ask.flow = what == WB_CONFIRM_UNDO ? F_UNDO : F_DELETE;
	ask_choice(w, title, yes_no, 2);
}

/* A visit's outcome is one of a call's, or none. */
static wb_choice visit_choices[16];
static int nvisit_choices;

static void visit_choices_make(void)
{
	if (nvisit_choices)
		return;
	for (int i = 0; i < wb_noutcomes && nvisit_choices < 15; i++)
		visit_choices[nvisit_choices++] = wb_outcomes[i];
	visit_choices[nvisit_choices++] = (wb_choice){ '-', N_("no outcome"), "", false };
}

/* The form's fields, in the order a rep fills them in. */
static const custfield_id form_fields[] = {
	CUSTFIELD_NAME, CUSTFIELD_CONTACT, CUSTFIELD_PHONE, CUSTFIELD_CITY, CUSTFIELD_DISTRICT, CUSTFIELD_TYPE, CUSTFIELD_INDUSTRY, CUSTFIELD_STORES,
	CUSTFIELD_ROOMS, CUSTFIELD_MONTHLY_AMOUNT, CUSTFIELD_MONTHLY_VOLUME, CUSTFIELD_PAYMENT_DAYS, CUSTFIELD_PRIORITY, CUSTFIELD_SOURCE, CUSTFIELD_NEXT_CALL,
	CUSTFIELD_NOTES,
};
#define NFORM (sizeof form_fields / sizeof *form_fields)

static void form_open(wb *w, const db_customer *c)
{
	char buf[256];
	wb_ask *a = &w->ask;

	a->kind = WB_ASK_FORM;
	a->nfields = 0;
	for (size_t i = 0; i < NFORM; i++) {
		wb_form_field *f = &a->fields[a->nfields++];
		f->field = form_fields[i];
		f->label = custfield_fields[form_fields[i]].name;
		const char *v = c ? custfield_get(c, form_fields[i], buf, sizeof buf) : "";
		/* Amounts as a rep types them: 12000, not 12000.00. */
		if (c && form_fields[i] == CUSTFIELD_MONTHLY_AMOUNT && c->monthly_amount != DB_NULL &&
		    c->monthly_amount % 100 == 0)
			snprintf(buf, sizeof buf, "%lld", (long long)(c->monthly_amount / 100)), v = buf;
		f->partial = !wb_line_set(&f->line, v);
	}
	wb_form_choice_fields(w, c);
	wb_form_field *f = &a->fields[a->nfields++];
	f->field = CUSTFIELD_NONE;
	f->label = N_("attributes");
	f->partial = false;
	wb_line_set(&f->line, "");
	size_t len = 0, chars = 0;
	for (size_t i = 0; c && i < c->nattrs; i++) {
		if (wb_form_has_attr(a, c->attrs[i].key))
			continue;
		int n = snprintf(f->line.text + len, sizeof f->line.text - len, "%s%s=%s",
		                 len ? "; " : "", c->attrs[i].key, c->attrs[i].value);
		if (n >= 0 && (size_t)n < sizeof f->line.text - len)
			chars += wb_count_chars(f->line.text + len, (size_t)n);
		if (n < 0 || (size_t)n >= sizeof f->line.text - len || chars > WB_TEXT_MAX) {
			/* Saving a cut list would delete the attributes left out. */
			f->line.text[len] = '\0';
			f->partial = true;
			break;
		}
		len += (size_t)n;
	}
	f->line.len = f->line.cur = strlen(f->line.text);
	a->cur = 0;
}

static void ask_start(wb *w, wb_action act);

void wb_ask_start(wb *w, wb_action act)
{
	wb_edit_drop(w);
	ask_start(w, act);
}

void wb_ask_edit(wb *w, wb_action act, actrow *row)
{
	wb_edit_drop(w);
	w->edit = row;
	ask_start(w, act);
}

static void ask_start(wb *w, wb_action act)
{
	const char *uid = wb_selected_uid(w);
	char pre[MONEY_BUFSZ];
	wb_ask *a = &w->ask;
	char title[256];

	ask_close(w);
	bool needs_customer = act == WB_A_EDIT || act == WB_A_STATUS || act == WB_A_SET_TIER;
	for (int k = 0; k < wb_nkinds; k++)        /* whatever is logged is logged on someone */
		needs_customer |= act == wb_kinds[k].action;
	db_customer *c = NULL;
	if (needs_customer) {
		if (!uid || !(c = db_customer_load(w->d, uid))) {
			wb_message(w, true, "%s", _("No customer is selected."));
			return;
		}
		snprintf(a->uid, sizeof a->uid, "%s", uid);
		snprintf(a->name, sizeof a->name, "%s", c->name);
	}
	if (w->edit)
		snprintf(a->uid, sizeof a->uid, "%s", w->edit->a.customer_uid);
	switch (act) {
	case WB_A_SEARCH:
		a->flow = F_SEARCH;
		ask_line(w, "/", w->search);
		break;
	case WB_A_FILTER:
		if (w->screen == WB_TODAY && w->pane == WB_PANE_SIDE) {   /* the queue's */
			a->flow = F_QUEUE;
			ask_line(w, wb_queue_filter_title(w, title, sizeof title), "");
			break;
		}
		a->flow = F_FILTER;
		ask_line(w, wb_filter_title(w, title, sizeof title), w->filter);
		break;
	case WB_A_CALL:
		a->flow = F_CALL;
		snprintf(title, sizeof title, _("Call to %s, outcome:"), a->name);
		ask_choice(w, title, wb_outcomes, wb_noutcomes);
		break;
	case WB_A_VISIT:
		a->flow = F_VISIT;
		visit_choices_make();
		snprintf(title, sizeof title, _("Visit to %s, outcome (- for none):"), a->name);
		ask_choice(w, title, visit_choices, nvisit_choices);
		break;
	case WB_A_ORDER:
		a->flow = F_ORDER;
		snprintf(title, sizeof title, _("Order from %s, amount:"), a->name);
		ask_line(w, title, wb_edit_prefill(w, "amount", pre, sizeof pre));
		break;
	case WB_A_PAY:
		a->flow = F_PAY;
		snprintf(title, sizeof title, _("Payment from %s, amount:"), a->name);
		ask_line(w, title, wb_edit_prefill(w, "amount", pre, sizeof pre));
		break;
	case WB_A_NOTE:
		a->flow = F_NOTE;
		snprintf(title, sizeof title, _("Note on %s:"), a->name);
		ask_line(w, title, wb_edit_prefill(w, "note", pre, sizeof pre));
		break;
	case WB_A_STATUS:
		a->flow = F_STATUS;
		snprintf(title, sizeof title, _("Status of %s (now %s):"), a->name, _(c->status));
		ask_choice(w, title, status_choices, 4);
		break;
	case WB_A_SET_TIER:
		a->flow = F_TIER;
		snprintf(title, sizeof title, _("Tier of %s (now %c%s):"), a->name,
		         tier_letter(tier_effective(c->tier_manual, c->tier_auto)),
		         c->tier_manual != TIER_NONE ? _(", set by hand") : "");
		ask_choice(w, title, tier_choices, 6);
		break;
	case WB_A_REPLAN:
		a->flow = F_REPLAN;
		ask_line(w, _("The month's target (12000, 40万, ¥400,000):"), "");
		break;
	case WB_A_ADD:
		a->flow = F_ADD;
		snprintf(a->title, sizeof a->title, "%s", _("New customer"));
		form_open(w, NULL);
		break;
	case WB_A_EDIT:
		a->flow = F_EDIT;
		snprintf(a->title, sizeof a->title, _("Edit %s"), a->name);
		form_open(w, c);
		break;
	default:
		break;
	}
	if (w->edit) {        /* an entry of the file is changed, not a new one logged */
		snprintf(title, sizeof title, _("Changing: %s"), a->title);
		snprintf(a->title, sizeof a->title, "%s", title);
	}
	db_customer_free(c);
}

/* ---- writing ---- */

/* End the transaction a write began: committed when ST is fine, else rolled
 * back with the reason on the message line. */
bool wb_commit(wb *w, db_status st)
{
	if (st == DB_OK)
		st = db_commit(w->d);
	else
		db_rollback(w->d);
	if (st != DB_OK) {
		wb_message(w, true, "%s", db_error(w->d));
		return false;
	}
	return true;
}

static bool save_activity(wb *w, db_activity_kind kind, db_activity *a)
{
	int result = 0;
	db_status st = db_begin(w->d);

	if (st == DB_OK)
		st = db_activity_upsert(w->d, kind, a, &result);
	return wb_commit(w, st);
}

static void activity_init(wb *w, db_activity *a)
{
	if (w->edit) {          /* the row edited: its uid, date and the rest kept */
		*a = w->edit->a;
		return;
	}
	memset(a, 0, sizeof *a);
	db_new_uid(w->d, a->uid);        /* known now, for undo */
	snprintf(a->customer_uid, sizeof a->customer_uid, "%s", w->ask.uid);
	date_format(w->day, a->date);
	a->outcome = "";
	a->text = "";
}

static bool customer_write(wb *w, const db_customer *c, int *result)
{
	db_status st = db_begin(w->d);

	if (st == DB_OK)
		st = db_customer_upsert(w->d, c, result);
	if (!wb_commit(w, st))
		return false;
	/* A term given: the customer's open orders without a promised day
	 * take it, as on the command line (set CUSTOMER payment_days=N). */
	if (*result && (c->fields & DB_F_PAYMENT_DAYS) && c->payment_days != DB_NULL) {
		char err[512];
		size_t filled = 0;
		if (today_apply_terms(w->d, w->cal, w->day, c->uid, &filled, err, sizeof err) != STATUS_OK)
			wb_message(w, true, "%s", err);
	}
	return true;
}

/* "YYYY-MM-DD", "+N" days from today, or empty. False with the reason. */
static bool parse_day(wb *w, const char *text, char out[11])
{
	date_day d;

	out[0] = '\0';
	if (!*text)
		return true;
	if (date_parse_relative(text, w->day, &d)) {
		date_format(d, out);
		return true;
	}
	snprintf(w->ask.error, sizeof w->ask.error, _("'%.60s' is not a date (YYYY-MM-DD, or +3 for in three days)"),
	         text);
	return false;
}

static bool parse_amount(wb *w, const char *text, int64_t *fen)
{
	char why[128], clean[128];

	if (money_parse(text, fen, why, sizeof why))
		return true;
	snprintf(w->ask.error, sizeof w->ask.error, "'%s' %s", text_sanitize(text, clean, sizeof clean),
	         _(why));
	return false;
}

/* Ask for the order an "order" outcome announced, from customer UID, NAME. */
static void ask_order(wb *w, const char *uid, const char *name)
{
	char title[256];

	snprintf(w->ask.uid, sizeof w->ask.uid, "%s", uid);
	snprintf(w->ask.name, sizeof w->ask.name, "%s", name);
	w->ask.flow = F_ORDER;
	snprintf(title, sizeof title, _("Order from %s, amount:"), name);
	ask_line(w, title, "");
}

static int finish_call(wb *w, const char *next)
{
	db_activity a;
	char before[11] = "";
	db_customer *c = db_customer_load(w->d, w->ask.uid);

	if (c)
		snprintf(before, sizeof before, "%s", c->next_call);
	db_customer_free(c);
	activity_init(w, &a);
	a.outcome = wb_outcomes[w->ask.choice].value;
	a.text = w->ask.note;
	snprintf(a.contact_uid, sizeof a.contact_uid, "%s", w->ask.contact_uid);
	snprintf(a.next_call, sizeof a.next_call, "%s", next);
	bool order = wb_outcomes[w->ask.choice].then_order;
	char name[256], uid[UID_BUFSZ];
	snprintf(name, sizeof name, "%s", w->ask.name);
	snprintf(uid, sizeof uid, "%s", w->ask.uid);
	/* The note is the prompt's own text: saved before the prompt is
	 * cleared, never after. */
	bool saved = save_activity(w, DB_CALLS, &a);
	if (saved)
		wb_undo_push(w, DB_CALLS, &a, next[0] != '\0', before);
	ask_close(w);
	if (!saved)
		return WB_REACT_REDRAW;
	wb_reload(w);
	wb_message(w, false, _("%s: %s call logged."), name, wb_outcome_label(a.outcome));
	wb_undo_say_edit(w);
	if (order)            /* the order itself next */
		ask_order(w, uid, name);
	return WB_REACT_REDRAW | WB_REACT_RELOAD;
}

static int finish_visit(wb *w, const char *next)
{
	db_activity a;
	char before[11] = "", name[256], uid[UID_BUFSZ];
	db_customer *c = db_customer_load(w->d, w->ask.uid);

	if (c)
		snprintf(before, sizeof before, "%s", c->next_call);
	db_customer_free(c);
	activity_init(w, &a);
	const wb_choice *o = &visit_choices[w->ask.choice];
	a.outcome = o->value;
	a.place = w->ask.place;
	a.text = w->ask.note;
	snprintf(a.contact_uid, sizeof a.contact_uid, "%s", w->ask.contact_uid);
	snprintf(a.next_call, sizeof a.next_call, "%s", next);
	snprintf(name, sizeof name, "%s", w->ask.name);
	snprintf(uid, sizeof uid, "%s", w->ask.uid);
	/* Place and note are the prompt's own text: saved before it closes. */
	bool saved = save_activity(w, DB_VISITS, &a);
	if (saved)
		wb_undo_push(w, DB_VISITS, &a, next[0] != '\0', before);
	ask_close(w);
	if (!saved)
		return WB_REACT_REDRAW;
	wb_reload(w);
	wb_message(w, false, _("%s: visit logged."), name);
	wb_undo_say_edit(w);
	if (o->then_order)
		ask_order(w, uid, name);
	return WB_REACT_REDRAW | WB_REACT_RELOAD;
}

static int finish_money(wb *w, db_activity_kind kind, const char *due)
{
	db_activity a;
	char money[MONEY_BUFSZ + 64], name[256];

	activity_init(w, &a);
	a.amount = w->ask.amount;
	if (kind == DB_ORDERS && w->by_volume) {   /* the volume question was asked */
		a.has_volume = w->ask.has_volume;
		a.volume = w->ask.has_volume ? w->ask.volume : 0;
	}
	snprintf(a.due, sizeof a.due, "%s", due ? due : "");
	date_day day;
	/* A new order without a promised day: the book's payment term gives it. */
	if (kind == DB_ORDERS && !a.due[0] && !w->edit && date_parse(a.date, &day) &&
	    today_order_due(w->d, a.customer_uid, day) != DB_NO_DAY)
		date_format(today_order_due(w->d, a.customer_uid, day), a.due);
	snprintf(name, sizeof name, "%s", w->ask.name);
	ask_close(w);
	if (!save_activity(w, kind, &a))
		return WB_REACT_REDRAW;
	wb_undo_push(w, kind, &a, false, NULL);
	wb_reload(w);
	money_format(a.amount, money, sizeof money);
	if (kind == DB_ORDERS && a.has_volume) {
		size_t len = strlen(money);
		snprintf(money + len, sizeof money - len, _(" (%" PRId64 " room-nights)"), a.volume);
	}
	if (kind == DB_ORDERS && a.due[0])
		wb_message(w, false, _("%s: order of %s logged, to be paid by %s."), name, money, a.due);
	else
		wb_message(w, false, kind == DB_ORDERS ? _("%s: order of %s logged.") : _("%s: payment of %s logged."),
		           name, money);
	wb_undo_say_edit(w);
	return WB_REACT_REDRAW | WB_REACT_RELOAD;
}

static int finish_note(wb *w, const char *text)
{
	db_activity a;
	char name[256];

	activity_init(w, &a);
	a.text = text;
	snprintf(name, sizeof name, "%s", w->ask.name);
	if (!save_activity(w, DB_NOTES, &a)) {
		ask_close(w);
		return WB_REACT_REDRAW;
	}
	wb_undo_push(w, DB_NOTES, &a, false, NULL);
	ask_close(w);
	wb_reload(w);
	wb_message(w, false, _("%s: note added."), name);
	wb_undo_say_edit(w);
	return WB_REACT_REDRAW | WB_REACT_RELOAD;
}

static int finish_replan(wb *w)
{
	int y, m, d;
	planbook pb;
	char err[256];
	int64_t level[PB_LEVELS] = { w->ask.amount, -1, -1 };
	plan_method method = PLAN_BASELINE;
	plan_shares shares = plan_shares_default();

	date_to_ymd(w->day, &y, &m, &d);
	/* Keep the method, shares and extra levels of the plan it replaces. */
	const planbook *old = wb_plan_book(w);
	if (old) {
		method = old->method;
		shares = old->shares;
		for (int l = PB_STRETCH; l < PB_LEVELS; l++)
			if (old->level[l] >= 0 && old->level[l] >= w->ask.amount)
				level[l] = old->level[l];
	}
	if (planbook_make(w->d, w->cal, y, m, level, method, &shares, &pb, err, sizeof err) != STATUS_OK) {
		snprintf(w->ask.error, sizeof w->ask.error, "%s", err);
		return WB_REACT_REDRAW;
	}
	status_code st = planbook_save(w->d, &pb, err, sizeof err);
	planbook_free(&pb);
	ask_close(w);
	if (st != STATUS_OK) {
		wb_message(w, true, "%s", err);
		return WB_REACT_REDRAW;
	}
	wb_reload(w);
	wb_side_update(w);
	char money[MONEY_BUFSZ];
	wb_message(w, false, _("Planned %04d-%02d for %s."), y, m, money_format(level[PB_BASE], money, sizeof money));
	return WB_REACT_REDRAW | WB_REACT_RELOAD;
}

/* A call's note, after its outcome (and who was spoken to). */
static void ask_call_note(wb *w, wb_ask *a)
{
	a->kind = WB_ASK_LINE;
	a->step = 1;
	snprintf(a->title, sizeof a->title, _("%s, %s: note (Enter skips):"), a->name,
	         _(wb_outcomes[a->choice].label));
	wb_line_set(&a->line, wb_edit_prefill(w, "note", NULL, 0));
}

/* A visit's place, after its outcome (and who was spoken to). */
static void ask_visit_place(wb *w, wb_ask *a)
{
	a->kind = WB_ASK_LINE;
	a->step = 1;
	snprintf(a->title, sizeof a->title, _("%s: where (Enter skips):"), a->name);
	wb_line_set(&a->line, wb_edit_prefill(w, "place", NULL, 0));
}

/* The step that asks who was spoken to on a call or a visit. */
#define STEP_WHO 9

typedef struct {
	char list[200];
	size_t len;
	int n;
	const char *want;            /* a number typed: the Nth contact */
	int at;
	char uid[UID_BUFSZ];
} who_list;

static bool who_each(const db_contact *c, void *ctx)
{
	who_list *l = ctx;
	char name[64];
	const char *n = c->name[0] ? c->name : c->phone;
	l->n++;
	/* A long name cut to 12 columns; a short one as it is. */
	if (text_width(n) > 12)
		text_fit(n, 12, false, name, sizeof name);
	else
		text_sanitize(n, name, sizeof name);
	if (l->want && atoi(l->want) == l->n)
		snprintf(l->uid, sizeof l->uid, "%s", c->uid);
	if (l->len < sizeof l->list - 1)
		l->len += (size_t)snprintf(l->list + l->len, sizeof l->list - l->len, "%s%d %s",
		                           l->n > 1 ? ", " : "", l->n, name);
	return true;
}

/* Ask who was spoken to when the customer has contacts to choose from
 * (the title lists them by number, WHAT the call's or visit's outcome);
 * false when it has one or none. */
static bool ask_who(wb *w, wb_ask *a, const char *what)
{
	who_list l = { 0 };
	db_contact_query q = { .customer_uid = a->uid };
	char name[256];

	/* An entry changed keeps its contact unless another is named. */
	snprintf(a->contact_uid, sizeof a->contact_uid, "%s", w->edit ? w->edit->a.contact_uid : "");
	/* One contact alone (the customer's own) leaves nothing to choose. */
	if (db_contacts_each(w->d, &q, who_each, &l) != DB_OK || l.n < 2)
		return false;
	a->kind = WB_ASK_LINE;
	a->step = STEP_WHO;
	snprintf(a->title, sizeof a->title, _("%s, %s: spoken to (%s; Enter skips):"), a->name, what,
	         l.list);
	name[0] = '\0';
	if (w->edit && w->edit->a.contact_uid[0])
		db_contact_name(w->d, w->edit->a.contact_uid, name, sizeof name);
	wb_line_set(&a->line, name);
	return true;
}

/* The contact TEXT names among the customer's (its number in the list, its
 * name or the start of one); false with the reason in a->error. */
static bool parse_who(wb *w, wb_ask *a, const char *text)
{
	a->contact_uid[0] = '\0';
	while (*text == ' ')
		text++;
	if (!*text)
		return true;
	if (strspn(text, "0123456789") == strlen(text)) {
		who_list l = { .want = text };
		db_contact_query q = { .customer_uid = a->uid };
		if (db_contacts_each(w->d, &q, who_each, &l) == DB_OK && l.uid[0]) {
			snprintf(a->contact_uid, sizeof a->contact_uid, "%s", l.uid);
			return true;
		}
	}
	db_status st = db_contact_find(w->d, a->uid, text, a->contact_uid);
	if (st == DB_OK)
		return true;
	char clean[128];
	if (st == DB_NOT_FOUND)
		snprintf(a->error, sizeof a->error, _("'%s' is not one of this customer's contacts"),
		         text_sanitize(text, clean, sizeof clean));
	else
		snprintf(a->error, sizeof a->error, "%s", db_error(w->d));
	return false;
}

static int finish_choice(wb *w, int i)
{
	wb_ask *a = &w->ask;
	db_customer c;
	int r;
	char name[256];

	snprintf(name, sizeof name, "%s", a->name);
	switch (a->flow) {
	case F_UNDO:
	case F_DELETE: {
		bool undo = a->flow == F_UNDO;
		ask_close(w);
		if (!undo)
			wb_edit_delete_confirmed(w, i == 0);
		else if (i == 0)
			wb_undo_confirmed(w);
		else
			wb_message(w, false, "%s", _("Nothing undone."));
		return WB_REACT_REDRAW | WB_REACT_RELOAD;
	}
	case F_CALL:
		a->choice = i;
		if (!ask_who(w, a, _(wb_outcomes[i].label)))
			ask_call_note(w, a);
		return WB_REACT_STATUS;
	case F_VISIT:
		a->choice = i;
		if (!ask_who(w, a, _(visit_choices[i].value[0] ? visit_choices[i].label : N_("visit"))))
			ask_visit_place(w, a);
		return WB_REACT_STATUS;
	case F_STATUS:
	case F_TIER:
		custfield_init(&c);
		c.name = "";
		snprintf(c.uid, sizeof c.uid, "%s", a->uid);
		if (a->flow == F_STATUS) {
			c.status = status_values[i];
			c.fields = DB_F_STATUS;
		} else {
			c.tier_manual = i < TIER_COUNT ? (tier)i : TIER_NONE;
			c.fields = DB_F_TIER;
		}
		ask_close(w);
		if (customer_write(w, &c, &r)) {
			wb_reload(w);
			if (c.fields == DB_F_STATUS)
				wb_message(w, false, _("%s is now %s."), name, _(status_values[i]));
			else if (i < TIER_COUNT)
				wb_message(w, false, _("%s is now tier %c, set by hand."), name, tier_letter((tier)i));
			else
				wb_message(w, false, _("%s's tier is computed again."), name);
		}
		return WB_REACT_REDRAW | WB_REACT_RELOAD;
	}
	return WB_REACT_REDRAW | WB_REACT_RELOAD;
}

/* A call's or a visit's note is TEXT: keep it, and ask for the next contact. */
static int ask_next(wb *w, wb_ask *a, const char *text)
{
	snprintf(a->note, sizeof a->note, "%s", text);
	a->step++;
	snprintf(a->title, sizeof a->title, _("%s: next contact (YYYY-MM-DD or +N days; Enter skips):"),
	         a->name);
	wb_line_set(&a->line, wb_edit_prefill(w, "next_call", NULL, 0));
	return WB_REACT_STATUS;
}

/* A promised payment date before the order's date is refused where it is typed. */
static bool due_refused(wb *w, const char *due)
{
	char date[DATE_BUFSZ];

	if (w->edit)
		snprintf(date, sizeof date, "%s", w->edit->a.date);
	else
		date_format(w->day, date);
	if (!due[0] || strcmp(due, date) >= 0)
		return false;
	snprintf(w->ask.error, sizeof w->ask.error, _("the promised payment date %.16s is before the order's date %.16s"),
	         due, date);
	return true;
}

/* An order far outside the customer's history is asked about once: the
 * question, and true, the first time Enter gives it. */
static bool outlier_asked(wb *w)
{
	wb_ask *a = &w->ask;
	int64_t base;
	char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ];

	if (a->confirm)
		return false;
	int64_t times = actrow_outlier(w->d, a->uid, w->day, a->amount, &base);
	if (!times)
		return false;
	snprintf(a->error, sizeof a->error, _("%s is %lld times this customer's month (%s): Enter saves it, "
	         "or correct it."), money_format(a->amount, m1, sizeof m1), (long long)times,
	         money_format(base, m2, sizeof m2));
	a->confirm = true;
	return true;
}

static int submit_line(wb *w)
{
	wb_ask *a = &w->ask;
	const char *text = a->line.text;
	char day[11];

	a->error[0] = '\0';
	switch (a->flow) {
	case F_SEARCH:
		ask_close(w);
		return WB_REACT_REDRAW;
	case F_SCREEN: {
		int r = wb_ops(w)->answer ? wb_ops(w)->answer(w, text) : WB_REACT_REDRAW;
		if (r < 0)
			return WB_REACT_STATUS;
		ask_close(w);
		return r;
	}
	case F_FILTER:
		if (!wb_filter_set(w, text, a->error, sizeof a->error))
			return WB_REACT_STATUS;
		ask_close(w);
		return WB_REACT_REDRAW;
	case F_QUEUE:
		if (!wb_queue_filter_set(w, text, a->error, sizeof a->error))
			return WB_REACT_STATUS;
		ask_close(w);
		return WB_REACT_REDRAW;
	case F_CALL:
		if (a->step == STEP_WHO) {
			if (!parse_who(w, a, text))
				return WB_REACT_STATUS;
			ask_call_note(w, a);
			return WB_REACT_STATUS;
		}
		if (a->step == 1)
			return ask_next(w, a, text);
		if (!parse_day(w, text, day))
			return WB_REACT_STATUS;
		return finish_call(w, day);
	case F_VISIT:
		if (a->step == STEP_WHO) {
			if (!parse_who(w, a, text))
				return WB_REACT_STATUS;
			ask_visit_place(w, a);
			return WB_REACT_STATUS;
		}
		if (a->step == 1) {
			snprintf(a->place, sizeof a->place, "%s", text);
			a->step = 2;
			snprintf(a->title, sizeof a->title, _("%s, %s: note (Enter skips):"), a->name,
			         _(visit_choices[a->choice].value[0] ? visit_choices[a->choice].label : N_("visit")));
			wb_line_set(&a->line, wb_edit_prefill(w, "note", NULL, 0));
			return WB_REACT_STATUS;
		}
		if (a->step == 2)
			return ask_next(w, a, text);
		if (!parse_day(w, text, day))
			return WB_REACT_STATUS;
		return finish_visit(w, day);
	case F_ORDER:
		if (a->step == 0 && w->by_volume) {
			/* Under the volume metric the units come after the amount. */
			if (!parse_amount(w, text, &a->amount) || outlier_asked(w))
				return WB_REACT_STATUS;
			a->step = 2;
			snprintf(a->title, sizeof a->title, _("%s: room-nights (Enter skips):"), a->name);
			char pre[32];
			wb_line_set(&a->line, wb_edit_prefill(w, "volume", pre, sizeof pre));
			return WB_REACT_STATUS;
		}
		if (a->step == 0 || a->step == 2) {
			if (a->step == 0 && (!parse_amount(w, text, &a->amount) || outlier_asked(w)))
				return WB_REACT_STATUS;
			if (a->step == 2) {
				const char *bad = *text ? valid_volume_parse(text, &a->volume) : NULL;
				if (bad) {
					char clean[128];
					snprintf(a->error, sizeof a->error, "'%s' %s",
					         text_sanitize(text, clean, sizeof clean), _(bad));
					return WB_REACT_STATUS;
				}
				a->has_volume = *text != '\0';
			}
			a->step = 1;
			snprintf(a->title, sizeof a->title, _("%s: promised payment date (YYYY-MM-DD or +N; Enter skips):"),
			         a->name);
			wb_line_set(&a->line, wb_edit_prefill(w, "due", NULL, 0));
			return WB_REACT_STATUS;
		}
		if (!parse_day(w, text, day) || due_refused(w, day))
			return WB_REACT_STATUS;
		return finish_money(w, DB_ORDERS, day);
	case F_PAY:
		if (!parse_amount(w, text, &a->amount))
			return WB_REACT_STATUS;
		return finish_money(w, DB_PAYMENTS, NULL);
	case F_NOTE:
		if (!*text) {
			snprintf(a->error, sizeof a->error, "%s", _("A note needs some text (Esc cancels)."));
			return WB_REACT_STATUS;
		}
		return finish_note(w, text);
	case F_REPLAN:
		if (!parse_amount(w, text, &a->amount))
			return WB_REACT_STATUS;
		if (a->amount < 0) {
			snprintf(a->error, sizeof a->error, "%s", _("A target cannot be negative."));
			return WB_REACT_STATUS;
		}
		return finish_replan(w);
	}
	return WB_REACT_STATUS;
}

/* ---- the customer form ---- */

typedef struct {
	const char *phone, *except;
	char uid[UID_BUFSZ];
	char name[256];
} phone_probe;

static bool on_phone(const db_customer *c, void *ctx)
{
	phone_probe *p = ctx;
	if (strcmp(c->phone, p->phone) == 0 && strcmp(c->uid, p->except) != 0) {
		snprintf(p->uid, sizeof p->uid, "%s", c->uid);
		snprintf(p->name, sizeof p->name, "%s", c->name);
		return false;
	}
	return true;
}

/* Whether another customer has this name or phone: the warning, or "". */
static void duplicates(wb *w, const db_customer *c, const char *self, char *out, size_t outsz)
{
	char uid[UID_BUFSZ];

	out[0] = '\0';
	if (db_customer_find(w->d, c->name, uid) == DB_OK && strcmp(uid, self) != 0) {
		snprintf(out, outsz, _("A customer named %s already exists."), c->name);
		return;
	}
	if (c->phone && *c->phone) {
		phone_probe p = { .phone = c->phone, .except = self };
		db_filter f = { .search = c->phone, .include_inactive = true };
		if (db_customers_each(w->d, &f, on_phone, &p) == DB_OK && p.uid[0])
			snprintf(out, outsz, _("%s already has the phone %s."), p.name, c->phone);
	}
}

/* Split "k=v; k=v" into ATTRS (pointing into BUF, which it cuts up). */
static bool parse_attrs(wb *w, char *buf, db_attr *attrs, size_t max, size_t *n)
{
	*n = 0;
	for (char *p = buf; p && *p;) {
		char *end = strchr(p, ';');
		if (end)
			*end = '\0';
		while (*p == ' ')
			p++;
		if (*p) {
			char *eq = strchr(p, '=');
			if (!eq || eq == p) {
				snprintf(w->ask.error, sizeof w->ask.error,
				         _("attributes: '%.60s' is not key=value"), p);
				return false;
			}
			*eq = '\0';
			char *k = p, *v = eq + 1;
			for (char *e = eq; e > k && e[-1] == ' ';)
				*--e = '\0';
			while (*v == ' ')
				v++;
			for (char *e = v + strlen(v); e > v && e[-1] == ' ';)
				*--e = '\0';
			if (*n >= max) {
				snprintf(w->ask.error, sizeof w->ask.error,
				         _("attributes: at most %zu here; 'repdesk set' takes more"), max);
				return false;
			}
			attrs[*n].key = k;
			attrs[*n].value = v;
			(*n)++;
		}
		p = end ? end + 1 : NULL;
	}
	return true;
}

static int submit_form(wb *w)
{
	wb_ask *a = &w->ask;
	db_customer c, *old = NULL;
	char err[200], warn[512];
	static char attrbuf[WB_LINE_MAX];
	db_attr attrs[64], choice_attrs[WB_FORM_MAX];
	size_t nattrs = 0, nchoice = 0;

	a->error[0] = '\0';
	if (a->flow == F_EDIT) {
		if (!(old = db_customer_load(w->d, a->uid))) {
			snprintf(a->error, sizeof a->error, "%s", db_error(w->d));
			return WB_REACT_REDRAW;
		}
		c = *old;
	} else {
		custfield_init(&c);
	}
	c.fields = 0;
	bool attrs_kept = false;
	for (int i = 0; i < a->nfields; i++) {
		wb_form_field *f = &a->fields[i];
		if (f->partial) {         /* not shown whole: left as the book has it */
			attrs_kept |= f->field == CUSTFIELD_NONE && !f->attr[0];
			continue;
		}
		if (f->attr[0]) {
			choice_attrs[nchoice].key = f->attr;
			choice_attrs[nchoice++].value = f->line.text;
			continue;
		}
		if (f->field == CUSTFIELD_NONE) {
			snprintf(attrbuf, sizeof attrbuf, "%s", f->line.text);
			if (!parse_attrs(w, attrbuf, attrs, 48, &nattrs)) {
				a->cur = i;
				goto out;
			}
			continue;
		}
		if (!custfield_set(&c, f->field, f->line.text, err, sizeof err)) {
			snprintf(a->error, sizeof a->error, "%s: %s", _(custfield_fields[f->field].name), err);
			a->cur = i;
			goto out;
		}
		c.fields |= custfield_fields[f->field].bit;
	}
	for (size_t i = 0; i < nchoice && nattrs < 64; i++)
		attrs[nattrs++] = choice_attrs[i];
	if (!wb_form_choices_ok(w, attrs, nattrs))
		goto out;
	/* Attributes left out of the line are removed. */
	for (size_t i = 0; old && !attrs_kept && i < old->nattrs && nattrs < 64; i++) {
		bool kept = false;
		for (size_t k = 0; k < nattrs; k++)
			kept |= strcmp(attrs[k].key, old->attrs[i].key) == 0;
		if (!kept) {
			attrs[nattrs].key = old->attrs[i].key;
			attrs[nattrs].value = "";
			nattrs++;
		}
	}
	if (!attrs_kept) {
		c.attrs = attrs;
		c.nattrs = nattrs;
		c.fields |= DB_F_ATTRS;
	}
	c.fields |= DB_F_NAME;
	if (!c.name || !*c.name) {
		snprintf(a->error, sizeof a->error, "%s", _("name: a customer needs a name."));
		a->cur = 0;
		goto out;
	}
	if (!a->confirm) {
		duplicates(w, &c, a->flow == F_EDIT ? a->uid : "", warn, sizeof warn);
		if (warn[0]) {
			snprintf(a->error, sizeof a->error, _("%s Enter saves anyway, Esc cancels."), warn);
			a->confirm = true;
			goto out;
		}
	}
	if (a->flow == F_ADD)
		c.uid[0] = '\0';
	int result = 0;
	char name[256];
	snprintf(name, sizeof name, "%s", c.name);
	/* A new customer is matched by uid only: a new uid is assigned first. */
	if (a->flow == F_ADD)
		db_new_uid(w->d, c.uid);
	if (!customer_write(w, &c, &result)) {
		snprintf(a->error, sizeof a->error, "%s", w->msg);
		w->msg[0] = '\0';
		goto out;
	}
	char uid[UID_BUFSZ];
	snprintf(uid, sizeof uid, "%s", c.uid);
	bool added = a->flow == F_ADD;
	ask_close(w);
	w->empty_book = false;
	wb_reload(w);
	wb_list_goto(w, uid);
	wb_side_update(w);
	wb_message(w, false, added ? _("%s added.") : result ? _("%s saved.") : _("%s: nothing changed."),
	           name);
out:
	db_customer_free(old);
	return WB_REACT_REDRAW | WB_REACT_RELOAD;
}

/* ---- keys ---- */

/* A key refused because the line is full says so where the answer is. */
static void line_full(wb *w, const wb_line *l)
{
	if (l->full)
		snprintf(w->ask.error, sizeof w->ask.error,
		         _("At most %d characters fit here: that key was not taken."), WB_TEXT_MAX);
}

static int line_key(wb *w, wb_key k)
{
	wb_ask *a = &w->ask;

	if (k.kind == WB_K_ESC) {
		bool search = a->flow == F_SEARCH;
		ask_close(w);
		if (!search)
			return WB_REACT_STATUS;
		if (w->search[0]) {
			w->search[0] = '\0';
			wb_filter_changed(w);
		}
		return WB_REACT_REDRAW;
	}
	if (k.kind == WB_K_ENTER)
		return submit_line(w);
	if (k.kind == WB_K_TAB && (a->flow == F_FILTER || a->flow == F_QUEUE))
		return wb_filter_next_segment(w, &a->line) ? WB_REACT_STATUS : WB_REACT_NONE;
	if (!wb_line_key(&a->line, k))
		return WB_REACT_NONE;
	a->error[0] = '\0';
	a->confirm = false;
	line_full(w, &a->line);
	if (a->flow != F_SEARCH)
		return WB_REACT_STATUS;          /* only the prompt changed */
	if (strcmp(w->search, a->line.text) != 0) {
		snprintf(w->search, sizeof w->search, "%s", a->line.text);
		wb_filter_changed(w);
	}
	return WB_REACT_REDRAW;
}

static int form_key(wb *w, wb_key k)
{
	wb_ask *a = &w->ask;

	switch (k.kind) {
	case WB_K_ESC:
		ask_close(w);
		wb_message(w, false, "%s", _("Nothing saved."));
		return WB_REACT_REDRAW;
	case WB_K_ENTER:
		return submit_form(w);
	case WB_K_TAB: case WB_K_DOWN:
		a->cur = (a->cur + 1) % a->nfields;
		return WB_REACT_REDRAW;
	case WB_K_BTAB: case WB_K_UP:
		a->cur = (a->cur + a->nfields - 1) % a->nfields;
		return WB_REACT_REDRAW;
	default:
		if (a->fields[a->cur].attr[0] && !a->fields[a->cur].partial)
			return wb_form_choice_key(w, &a->fields[a->cur], k);
		if (a->fields[a->cur].partial) {
			if (k.kind == WB_K_LEFT || k.kind == WB_K_RIGHT || k.kind == WB_K_HOME ||
			    k.kind == WB_K_END)
				return wb_line_key(&a->fields[a->cur].line, k) ? WB_REACT_REDRAW : WB_REACT_NONE;
			snprintf(a->error, sizeof a->error,
			         _("%s is over %d characters: change it with 'repdesk set'"),
			         _(a->fields[a->cur].label), WB_TEXT_MAX);
			return WB_REACT_REDRAW;
		}
		if (!wb_line_key(&a->fields[a->cur].line, k))
			return WB_REACT_NONE;
		a->confirm = false;
		a->error[0] = '\0';
		line_full(w, &a->fields[a->cur].line);
		return WB_REACT_REDRAW;
	}
}

static int input(wb *w, wb_key k);

int wb_input(wb *w, wb_key k)
{
	int r = input(w, k);
	wb_figures_sync(w);
	return r;
}

static int input(wb *w, wb_key k)
{
	wb_ask *a = &w->ask;

	switch (a->kind) {
	case WB_ASK_NONE:
		return WB_REACT_NONE;
	case WB_ASK_LINE:
		return line_key(w, k);
	case WB_ASK_FORM:
		return form_key(w, k);
	case WB_ASK_CHOICE:
		if (k.kind == WB_K_ESC) {
			ask_close(w);
			return WB_REACT_STATUS;
		}
		if (k.kind != WB_K_CHAR)
			return WB_REACT_NONE;
		for (int i = 0; i < a->nchoices; i++)
			if ((uint32_t)a->choices[i].key == k.ch ||
			    (uint32_t)a->choices[i].key == (k.ch | 0x20))
				return finish_choice(w, i);
		return WB_REACT_NONE;
	}
	return WB_REACT_NONE;
}
