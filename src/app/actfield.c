/* One logged row changed a field at a time: see repdesk/actfield.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/actfield.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/plan.h"
#include "repdesk/i18n.h"
#include "repdesk/ledger.h"
#include "repdesk/money.h"
#include "repdesk/outlier.h"
#include "repdesk/planbook.h"
#include "repdesk/record.h"
#include "repdesk/text.h"
#include "repdesk/uid.h"
#include "repdesk/valid.h"

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

static bool on_row(const db_activity *a, void *ctx)
{
	actrow *r = ctx;

	r->a = *a;
	r->a.customer_name = NULL;
	r->outcome = dup_or_empty(a->outcome);
	r->text = dup_or_empty(a->text);
	r->place = dup_or_empty(a->place);
	r->a.outcome = r->outcome;
	r->a.text = r->text;
	r->a.place = r->place;
	return false;
}

bool actrow_copy(actrow *r, db_activity_kind kind, const db_activity *a)
{
	memset(r, 0, sizeof *r);
	r->kind = kind;
	on_row(a, r);
	if (!r->outcome || !r->text || !r->place) {
		actrow_free(r);
		return false;
	}
	return true;
}

db_status actrow_load(db *d, db_activity_kind kind, const char *uid, actrow *r)
{
	memset(r, 0, sizeof *r);
	r->kind = kind;
	db_status st = db_activity_get(d, kind, uid, on_row, r);
	if (st == DB_OK && (!r->outcome || !r->text || !r->place)) {
		actrow_free(r);
		return DB_NOMEM;
	}
	return st;
}

void actrow_free(actrow *r)
{
	free(r->outcome);
	free(r->text);
	free(r->place);
	r->outcome = r->text = r->place = NULL;
}

/* Column C as the reader says it: its name, or under Chinese its Chinese
 * heading (edit takes either). */
static const char *column_word(const record_column *c, char *buf, size_t bufsz)
{
	return i18n_chinese() ? record_heading_chinese(c->csv, c->aliases, buf, bufsz) : c->csv;
}

char *actrow_fields(db_activity_kind kind, char *out, size_t outsz)
{
	size_t len = 0;
	char word[64];

	if (outsz)
		out[0] = '\0';
	for (const record_column *c = record_kinds[kind].cols; c->name && len < outsz; c++) {
		int n = snprintf(out + len, outsz - len, "%s%s", len ? _(", ") : "",
		                 column_word(c, word, sizeof word));
		if (n < 0)
			break;
		len += (size_t)n;
	}
	return out;
}

static const record_column *column_named(db_activity_kind kind, const char *field)
{
	for (const record_column *c = record_kinds[kind].cols; c->name; c++)
		if (record_header_matches(field, c->csv, c->aliases) || text_header_eq(field, c->name))
			return c;
	return NULL;
}

/* Replace the owned string *SLOT by VALUE; the row's pointer follows. */
static bool replace(char **slot, const char **field, const char *value)
{
	char *s = strdup(value);
	if (!s)
		return false;
	free(*slot);
	*slot = s;
	*field = s;
	return true;
}

static bool set_date(const char *value, bool may_clear, date_day today, char out[11])
{
	date_day day;

	if (may_clear && !*value) {
		out[0] = '\0';
		return true;
	}
	if (!date_parse_relative(value, today, &day))
		return false;
	date_format(day, out);
	return true;
}

/* Where column C of R keeps its text (due, next_call...), or NULL. */
static char *date_slot(actrow *r, const record_column *c)
{
	if (strcmp(c->name, "date") == 0)
		return r->a.date;
	if (strcmp(c->name, "due") == 0)
		return r->a.due;
	if (strcmp(c->name, "next_call") == 0)
		return r->a.next_call;
	return NULL;
}

static bool set_text(actrow *r, const record_column *c, const char *value)
{
	if (strcmp(c->name, "place") == 0)
		return replace(&r->place, &r->a.place, value);
	return replace(&r->text, &r->a.text, value);
}

actrow_result actrow_set(db *d, actrow *r, const char *field, const char *value, date_day today,
                char *why, size_t whysz)
{
	const record_column *c = column_named(r->kind, field);
	char q[128], names[200], reason[128], word[64];

	text_sanitize(value, q, sizeof q);
	if (!c) {
		snprintf(why, whysz, _("'%s' is not one of the %s's fields (%s)"), field, _(record_kinds[r->kind].word),
		         actrow_fields(r->kind, names, sizeof names));
		return ACTROW_NO_FIELD;
	}
	const char *cw = column_word(c, word, sizeof word);
	switch (c->value) {
	case RECORD_V_REF:
		if (db_customer_find(d, value, r->a.customer_uid) == DB_OK)
			return ACTROW_OK;
		snprintf(why, whysz, _("%s: '%s' is not a known customer (uid or exact name)"), cw, q);
		return ACTROW_BAD_VALUE;
	case RECORD_V_DATE:
	case RECORD_V_DATE_NULL:
		if (set_date(value, c->value == RECORD_V_DATE_NULL, today, date_slot(r, c)))
			return ACTROW_OK;
		snprintf(why, whysz, _("%s: '%s' is not a date (YYYY-MM-DD, or +3 for in three days)"), cw, q);
		return ACTROW_BAD_VALUE;
	case RECORD_V_MONEY:
		if (money_parse(value, &r->a.amount, reason, sizeof reason))
			return ACTROW_OK;
		snprintf(why, whysz, "%s: '%s' %s", cw, q, _(reason));
		return ACTROW_BAD_VALUE;
	case RECORD_V_OUTCOME:
	case RECORD_V_OUTCOME_NULL: {
		const char *o = c->value == RECORD_V_OUTCOME_NULL && !*value ? "" : record_outcome_canon(value);
		if (o) {
			r->a.outcome = o;
			return ACTROW_OK;
		}
		snprintf(why, whysz, _("%s: '%s' is not %s"), cw, q,
		         record_outcome_list(names, sizeof names, _(", "), _(" or "), false));
		return ACTROW_BAD_VALUE;
	}
	case RECORD_V_TIME_NULL:
		if (!*value || !valid_time(value)) {
			snprintf(r->a.time, sizeof r->a.time, "%s", value);
			return ACTROW_OK;
		}
		snprintf(why, whysz, _("%s: '%s' is not a time (HH:MM)"), cw, q);
		return ACTROW_BAD_VALUE;
	case RECORD_V_COUNT_NULL: {
		const char *bad = *value ? valid_volume_parse(value, &r->a.volume) : NULL;
		if (!bad) {
			r->a.has_volume = *value != '\0';
			if (!*value)
				r->a.volume = 0;
			return ACTROW_OK;
		}
		snprintf(why, whysz, "%s: '%s' %s", cw, q, _(bad));
		return ACTROW_BAD_VALUE;
	}
	case RECORD_V_REF_NULL:
		if (!*value || uid_acceptable(value)) {
			snprintf(r->a.order_uid, sizeof r->a.order_uid, "%s", value);
			return ACTROW_OK;
		}
		snprintf(why, whysz, _("%s: '%s' is not an order uid"), cw, q);
		return ACTROW_BAD_VALUE;
	default:
		if (set_text(r, c, value))
			return ACTROW_OK;
		snprintf(why, whysz, "%s", _("out of memory"));
		return ACTROW_BAD_VALUE;
	}
}

typedef struct {
	const char *uid;
	int64_t target, baseline;
} target_probe;

static void on_customer(const char *uid, tier t, int64_t baseline, int64_t target, void *ctx)
{
	target_probe *p = ctx;
	(void)t;
	if (strcmp(uid, p->uid) == 0) {
		p->target = target;
		p->baseline = baseline;
	}
}

static void on_line(const char *line, size_t len, void *ctx)
{
	planbook_customer_line(line, len, on_customer, ctx);
}

int64_t actrow_outlier(db *d, const char *customer_uid, date_day day, int64_t amount, int64_t *base)
{
	int y, m, dd;
	char month[16];
	target_probe p = { customer_uid, 0, 0 };

	*base = 0;
	date_to_ymd(day, &y, &m, &dd);
	snprintf(month, sizeof month, "%04d-%02d", y, m);
	if (db_target_lines(d, month, "base", "customers", on_line, &p) != DB_OK)
		p.target = p.baseline = 0;
	int64_t monthly = p.baseline;
	if (monthly <= 0) {
		db_customer *c = db_customer_load(d, customer_uid);
		monthly = c && c->monthly_amount != DB_NULL ? c->monthly_amount : 0;
		db_customer_free(c);
	}
	*base = p.target > 0 ? p.target : monthly;
	return outlier_multiple(amount, p.target, monthly);
}

static bool on_money(const char *uid, const char *name, int64_t ordered, int64_t paid, void *ctx)
{
	(void)uid;
	(void)name;
	*(int64_t *)ctx = ledger_credit(ordered, paid);
	return false;
}

int64_t actrow_credit(db *d, const char *customer_uid)
{
	int64_t credit = 0;
	if (db_money_totals(d, customer_uid, on_money, &credit) != DB_OK)
		return 0;
	return credit;
}
