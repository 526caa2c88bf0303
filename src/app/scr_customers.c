/* The Customers screen: the list on the left, the selected customer's
 * whole file on the right (fields, attributes, tier and band, potential,
 * receivables, plan target, notes and history, newest first). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/actfield.h"
#include "repdesk/contactrole.h"
#include "repdesk/db/contacts.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/today.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/text.h"
#include "wb_int.h"

typedef struct {
	db_activity_kind kind;
	char uid[UID_BUFSZ];
	char date[11];
	char *text;
	int64_t seq;
} hist;

typedef struct {
	hist *v;
	size_t n, cap;
	db_activity_kind kind;
	bool nomem;
	db *d;
} hist_list;

/* " · with NAME" for a call or a visit that names who was spoken to. */
static const char *with_whom(db *d, const db_activity *a, char *buf, size_t bufsz)
{
	char name[256];

	buf[0] = '\0';
	if (a->contact_uid[0] && db_contact_name(d, a->contact_uid, name, sizeof name) == DB_OK && name[0]) {
		char with[300];
		snprintf(with, sizeof with, _("with %s"), name);
		snprintf(buf, bufsz, " · %s", with);
	}
	return buf;
}

static bool on_activity(const db_activity *a, void *ctx)
{
	hist_list *h = ctx;
	char buf[768], money[MONEY_BUFSZ], who[320];

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 32;
		hist *v = realloc(h->v, cap * sizeof *v);
		if (!v) {
			h->nomem = true;
			return false;
		}
		h->v = v;
		h->cap = cap;
	}
	switch (h->kind) {
	case DB_CALLS:
		snprintf(buf, sizeof buf, "%s %s%s%s%s%s%s", _(wb_kind_noun(h->kind)), wb_outcome_label(a->outcome),
		         with_whom(h->d, a, who, sizeof who), a->text[0] ? " · " : "", a->text,
		         a->next_call[0] ? _(" · next ") : "", a->next_call);
		break;
	case DB_ORDERS: {
		char volume[64] = "";
		if (a->has_volume)
			snprintf(volume, sizeof volume, _(" (%" PRId64 " room-nights)"), a->volume);
		snprintf(buf, sizeof buf, "%s %s%s%s%s%s%s", _(wb_kind_noun(h->kind)),
		         money_format(a->amount, money, sizeof money), volume,
		         a->due[0] ? _(" · to pay by ") : "", a->due, a->text[0] ? " · " : "", a->text);
		break;
	}
	case DB_PAYMENTS:
		snprintf(buf, sizeof buf, "%s %s%s%s", _(wb_kind_noun(h->kind)),
		         money_format(a->amount, money, sizeof money), a->text[0] ? " · " : "", a->text);
		break;
	case DB_NOTES:
		snprintf(buf, sizeof buf, "%s %s", _(wb_kind_noun(h->kind)), a->text);
		break;
	case DB_VISITS:
		snprintf(buf, sizeof buf, "%s%s%s%s%s%s%s%s%s%s%s%s", _(wb_kind_noun(h->kind)),
		         a->time[0] ? " " : "", a->time, a->outcome[0] ? " " : "",
		         a->outcome[0] ? wb_outcome_label(a->outcome) : "",
		         with_whom(h->d, a, who, sizeof who), a->place[0] ? " · " : "",
		         a->place, a->text[0] ? " · " : "", a->text, a->next_call[0] ? _(" · next ") : "",
		         a->next_call);
		break;
	}
	hist *e = &h->v[h->n];
	e->kind = h->kind;
	memcpy(e->uid, a->uid, sizeof e->uid);
	memcpy(e->date, a->date, sizeof e->date);
	e->seq = (int64_t)h->n;
	if (!(e->text = strdup(buf))) {
		h->nomem = true;
		return false;
	}
	h->n++;
	return true;
}

/* Newest first; on one day, the later logged first. */
static int hist_cmp(const void *a, const void *b)
{
	const hist *x = a, *y = b;
	int c = strcmp(y->date, x->date);
	return c ? c : (y->seq > x->seq) - (y->seq < x->seq);
}

/* The file's history entries, which the arrows select, and whose they are. */
typedef struct {
	wb_file_entries entries;     /* first: the file's entries */
	char whose[UID_BUFSZ];
} file_state;

static const char *const priority_words[] = { N_("key"), N_("medium"), N_("small") };
static const char *const status_words[] = { N_("active"), N_("prospect"), N_("lost"),
                                            N_("do-not-call") };

/* V translated when it is one of LIST's words. */
static const char *shown(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return _(list[i]);
	return v;
}

static int online_share_permille(wb *w)
{
	char v[64];
	if (db_setting_get(w->d, "online_share", v, sizeof v) != DB_OK)
		return PLAN_ONLINE_SHARE_DEFAULT;
	int share = planbook_online_share(v);
	return share < 0 ? PLAN_ONLINE_SHARE_DEFAULT : share;
}

/* Why the customer is in today's queue, every reason whole (the queue's
 * own line has room for the first ones only). */
static void queue_lines(wb_text *L, const wb *w, const char *uid)
{
	size_t rank;
	const wb_queue_row *q = wb_queue_find(w, uid, &rank);

	if (!q)
		return;
	wb_text_add(L, _("Today's queue: #%zu"), rank);
	const char *sep = queue_reasons_sep(queue_words_local);
	size_t seplen = strlen(sep);
	for (const char *p = q->reasons; *p;) {
		const char *end = strstr(p, sep);
		size_t n = end ? (size_t)(end - p) : strlen(p);
		wb_text_add(L, "  · %.*s", (int)n, p);
		p += n + (end ? seplen : 0);
	}
}

typedef struct {
	wb_text *L;
	bool head;
} contacts_text;

static bool contact_line(const db_contact *c, void *ctx)
{
	contacts_text *t = ctx;
	wb_text *L = t->L;
	char line[1024];
	size_t len = 0;
	const char *parts[] = { contact_role_known(c->role) ? _(contact_role_name(c->role)) : c->role, c->phone };

	if (!t->head) {
		wb_text_add(L, "%s", "");
		wb_text_add(L, "%s", _("Contacts (* primary)"));
		t->head = true;
	}
	len += (size_t)snprintf(line, sizeof line, "%s %s", c->primary ? "*" : " ",
	                        c->name[0] ? c->name : "-");
	for (int i = 0; i < 2; i++)
		if (*parts[i] && len < sizeof line)
			len += (size_t)snprintf(line + len, sizeof line - len, " · %s", parts[i]);
	if (c->wechat[0] && len < sizeof line)
		snprintf(line + len, sizeof line - len, _(" · WeChat %s"), c->wechat);
	wb_text_add(L, "%s", line);
	if (c->cares[0])
		wb_text_add(L, _("    cares about: %s"), c->cares);
	if (c->note[0])
		wb_text_add(L, "    %s", c->note);
	return true;
}

/* Whether a contact says more than the customer's contact and phone. */
static bool tells_more(const db_contact *c, void *ctx)
{
	int *n = ctx;
	bool bare = c->primary && !c->role[0] && !c->wechat[0] && !c->cares[0] && !c->note[0];
	*n += bare ? 1 : 2;
	return true;
}

/* The customer's contacts, the primary first: who they are, how to reach
 * them, what they care about. Not when the only one is the primary
 * contact with nothing but the name and phone the fields show above. */
static void contact_lines(wb_text *L, wb *w, const char *uid)
{
	db_contact_query q = { .customer_uid = uid };
	contacts_text t = { .L = L };
	int weight = 0;
	if (db_contacts_each(w->d, &q, tells_more, &weight) == DB_OK && weight > 1)
		db_contacts_each(w->d, &q, contact_line, &t);
}

static void file_lines(wb *w, const char *uid)
{
	wb_text L = { 0 };
	char buf[256], money[MONEY_BUFSZ], m2[MONEY_BUFSZ];
	db_customer *c = db_customer_load(w->d, uid);
	const int lw = 14;

	if (!c) {
		wb_text_add(&L, "%s", _("This customer could not be read."));
		wb_text_show(w, &L);
		return;
	}
	tier t = tier_effective(c->tier_manual, c->tier_auto);
	wb_text_add(&L, "%c  %s", tier_letter(t), c->name);
	queue_lines(&L, w, uid);
	wb_text_add(&L, "%s", "");
	for (int id = 0; id < CUSTFIELD_COUNT; id++) {
		if (id == CUSTFIELD_UID || id == CUSTFIELD_NAME || id == CUSTFIELD_TIER)
			continue;
		const char *v = id == CUSTFIELD_REFERRED_BY ? custfield_referrer_name(w->d, c, buf, sizeof buf)
		                : custfield_get(c, (custfield_id)id, buf, sizeof buf);
		if (id == CUSTFIELD_MONTHLY_AMOUNT && c->monthly_amount != DB_NULL)
			v = money_format(c->monthly_amount, money, sizeof money);
		/* Values from a fixed list read in the reader's language. */
		if (id == CUSTFIELD_STATUS)
			v = shown(v, status_words, sizeof status_words / sizeof *status_words);
		else if (id == CUSTFIELD_PRIORITY)
			v = shown(v, priority_words, sizeof priority_words / sizeof *priority_words);
		wb_text_field(&L, _(custfield_fields[id].name), v, lw);
	}
	for (size_t i = 0; i < c->nattrs; i++)
		wb_text_field(&L, c->attrs[i].key, c->attrs[i].value, lw);
	contact_lines(&L, w, uid);
	wb_text_add(&L, "%s", "");

	/* Tier and band. */
	snprintf(buf, sizeof buf, "%c%s", tier_letter(t),
	         c->tier_manual != TIER_NONE ? _(" (set by hand)") : _(" (from the figures)"));
	wb_text_field(&L, _("tier"), buf, lw);
	const char *band = tier_band_label(tier_band_of(c->stores));
	wb_text_field(&L, _("store band"), band, lw);

	/* Potential and headroom. */
	int y, m, d;
	date_to_ymd(w->day, &y, &m, &d);
	plan_potential pp;
	if (c->rooms != DB_NULL &&
	    plan_market_potential(c->rooms, online_share_permille(w), date_days_in_month(y, m),
	                          c->monthly_volume == DB_NULL ? -1 : c->monthly_volume, &pp)) {
		snprintf(buf, sizeof buf, _("%" PRId64 " room-nights a month · headroom %" PRId64),
		         pp.potential, pp.headroom);
		wb_text_field(&L, _("potential"), buf, lw);
	}

	/* This month. */
	const db_today_row *r = wb_today_row(w, uid);
	if (r) {
		int64_t target = wb_customer_target(w, uid);
		if (target > 0)
			snprintf(buf, sizeof buf, "%s / %s", money_format(r->month_orders, money, sizeof money),
			         money_format(target, m2, sizeof m2));
		else
			snprintf(buf, sizeof buf, _("%s (no target)"),
			         money_format(r->month_orders, money, sizeof money));
		wb_text_field(&L, _("this month"), buf, lw);
		if (r->last_contact != DB_NO_DAY) {
			char day[DATE_BUFSZ];
			snprintf(buf, sizeof buf, _("%s (%dd ago)"), date_format(r->last_contact, day),
			         w->day - r->last_contact);
			wb_text_field(&L, _("last contact"), buf, lw);
		}
	}
	int64_t credit = actrow_credit(w->d, uid);
	if (credit > 0) {
		snprintf(buf, sizeof buf, _("%s (paid beyond its orders)"), money_format(credit, money, sizeof money));
		wb_text_field(&L, _("credit"), buf, lw);
	}

	/* Receivables. */
	if (r && w->fig_ok) {
		size_t row = (size_t)(r - w->fig.book.rows);
		bool head = false;
		for (size_t i = 0; i < w->fig.book.nrecv; i++) {
			const db_receivable *rv = &w->fig.book.recv[i];
			if (rv->row != row)
				continue;
			if (!head) {
				wb_text_add(&L, "%s", "");
				wb_text_add(&L, "%s", _("Open balances"));
				head = true;
			}
			char od[DATE_BUFSZ], dd[DATE_BUFSZ], m3[MONEY_BUFSZ];
			char due[64] = "";
			if (rv->due != DB_NO_DAY) {
				if (rv->due < w->day)
					snprintf(due, sizeof due, _(" · promised %s, broken %dd"),
					         date_format(rv->due, dd), w->day - rv->due);
				else
					snprintf(due, sizeof due, _(" · promised %s"), date_format(rv->due, dd));
			}
			wb_text_add(&L, _("  %s  %s ordered, %s paid, %s open%s"), date_format(rv->date, od),
			    money_format(rv->amount, money, sizeof money),
			    money_format(rv->paid, m2, sizeof m2),
			    money_format(rv->amount - rv->paid, m3, sizeof m3), due);
		}
	}

	/* History, newest first. */
	hist_list h = { .d = w->d };
	for (int k = 0; k < wb_nkinds && !h.nomem; k++) {
		h.kind = wb_kinds[k].kind;
		size_t from = h.n;
		if (db_activity_each(w->d, h.kind, uid, on_activity, &h) != DB_OK)
			break;
		/* Sequence numbers follow the store's order (date, then logged). */
		for (size_t i = from; i < h.n; i++)
			h.v[i].seq = (int64_t)i;
	}
	if (h.n)
		qsort(h.v, h.n, sizeof *h.v, hist_cmp);
	wb_text_add(&L, "%s", "");
	wb_text_add(&L, "%s", h.n ? _("History") : _("No calls, orders, payments or notes yet."));
	wb_file_entries *fe = &((file_state *)w->scr[WB_CUSTOMERS])->entries;
	wb_file_clear(fe);
	for (size_t i = 0; i < h.n; i++) {
		if (!wb_file_add(fe, L.n, h.v[i].kind, h.v[i].uid))
			L.nomem = true;
		wb_text_add(&L, "  %s  %s", h.v[i].date, h.v[i].text);
		free(h.v[i].text);
	}
	free(h.v);
	db_customer_free(c);
	wb_text_show(w, &L);
}

static void side(wb *w)
{
	const char *uid = w->list.n ? w->list.rows[w->list.sel].uid : NULL;

	if (!uid) {
		wb_lines_free(w);
		return;
	}
	if (w->lines_plan || strcmp(w->lines_uid, uid) != 0) {
		file_state *fs = w->scr[WB_CUSTOMERS];
		if (strcmp(fs->whose, uid) != 0)         /* another customer's file */
			fs->entries.sel = -1;
		snprintf(fs->whose, sizeof fs->whose, "%s", uid);
		file_lines(w, uid);
		snprintf(w->lines_uid, sizeof w->lines_uid, "%s", uid);
		w->lines_plan = false;
		wb_file_shown(w, &fs->entries);
	}
}

/* The arrows in the file select its history's entries. */
static bool move(wb *w, int delta)
{
	file_state *fs = w->scr[WB_CUSTOMERS];
	return wb_file_move(w, &fs->entries, delta);
}

static void fini(wb *w)
{
	file_state *fs = w->scr[WB_CUSTOMERS];
	free(fs->entries.v);
}

/* The list by the book's ranking rule, or by tier again. */
static int sort_by_rank(wb *w)
{
	rank_rule r;

	if (!w->by_rank && (db_rank_rule(w->d, &r) != DB_OK || !r.nattrs)) {
		wb_message(w, true, "%s", _("No ranking rule: set one with repdesk config rank."));
		return WB_REACT_STATUS;
	}
	w->by_rank = !w->by_rank;
	wb_filter_changed(w);
	wb_message(w, false, "%s", w->by_rank ? _("Sorted by rank.") : _("Sorted by tier."));
	return WB_REACT_REDRAW;
}

/* Esc from the file goes back to the list; e and d (Delete) change or
 * delete the history entry selected; r sorts the list by rank. */
static int act(wb *w, wb_action a)
{
	file_state *fs = w->scr[WB_CUSTOMERS];
	if (a == WB_A_SORT)
		return sort_by_rank(w);
	int r = wb_file_act(w, &fs->entries, a);
	if (r >= 0)
		return r;
	if (a != WB_A_BACK || w->pane != WB_PANE_SIDE)
		return -1;
	w->pane = WB_PANE_LIST;
	return WB_REACT_LIST | WB_REACT_SIDE | WB_REACT_STATUS;
}

static const char *side_title(const wb *w)
{
	return w->list.n ? w->list.rows[w->list.sel].name : _("Customer");
}

const wb_screen_ops scr_customers_ops = {
	.info = { N_("Customers"), WB_LAYOUT_LIST_TEXT, 50 },
	.state_size = sizeof(file_state),
	.fini = fini,
	.side = side,
	.move = move,
	.act = act,
	.side_title = side_title,
};
