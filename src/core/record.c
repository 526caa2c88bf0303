/* The registry of records: see repdesk/record.h. */
#include <stdio.h>
#include <string.h>

#include "repdesk/i18n.h"
#include "repdesk/record.h"
#include "repdesk/text.h"

#define OUTCOME_INFO(x, id, name, aliases, eff, con) [RECORD_##id] = { name, aliases, eff, con },
const record_outcome_info record_outcomes[RECORD_OUTCOME_COUNT] = { RECORD_X_OUTCOMES(OUTCOME_INFO, , ) };
#undef OUTCOME_INFO

/* Columns every activity table starts with, after uid and rep_uid. */
#define ACTIVITY_HEAD \
	{ "customer_uid", "TEXT", true, RECORD_V_REF, "customer", "客户编号|客户|客户名称", 0 }, \
	{ "date", "TEXT", true, RECORD_V_DATE, "date", "日期|下单日期|付款日期|通话日期|拜访日期", 0 }
#define NOTE_COL(name) { name, "TEXT", true, RECORD_V_TEXT, "note", "notes|text|备注|内容", 0 }
#define AMOUNT_COL { "amount", "INTEGER", true, RECORD_V_MONEY, "amount", "金额|订货额|付款金额", 0 }
/* Who was spoken to on a call or a visit: one of the customer's contacts. */
#define CONTACT_COL { "contact_uid", "TEXT", false, RECORD_V_REF_NULL, "contact", \
	"contact_uid|联系人|联系人编号", RECORD_CONTACTS_SINCE }
#define END { NULL, NULL, false, RECORD_V_TEXT, NULL, NULL, 0 }

const record_column record_uid_column = { "uid", "TEXT", true, RECORD_V_UID, "uid", "编号", 0 };

/* An activity export's customer name beside the customer's uid: read past
 * on import (the customer column decides). */
const record_column record_customer_name_column = {
	"customer_name", "TEXT", false, RECORD_V_TEXT, "customer_name", "客户名", 0
};

/* The rejects file's own columns, written in the user's language. */
const record_column record_reject_columns[2] = {
	{ N_("line"), "TEXT", false, RECORD_V_TEXT, "line", "行号", 0 },
	{ N_("reason"), "TEXT", false, RECORD_V_TEXT, "reason", "原因", 0 },
};

static const record_column calls_cols[] = {
	ACTIVITY_HEAD,
	{ "outcome", "TEXT", true, RECORD_V_OUTCOME, "outcome", "结果|通话结果", 0 },
	NOTE_COL("note"),
	{ "next_call", "TEXT", false, RECORD_V_DATE_NULL, "next_call", "next|下次联系", 0 },
	CONTACT_COL,
	END
};
static const record_column orders_cols[] = {
	ACTIVITY_HEAD, AMOUNT_COL,
	{ "due", "TEXT", false, RECORD_V_DATE_NULL, "due", "约定付款日|承诺付款日|付款期限", 0 },
	NOTE_COL("note"),
	/* Units ordered where the tiers count them (a hotel's room-nights),
	 * as a customer's monthly_volume (月间夜, 月销量) does. */
	{ "volume", "INTEGER", false, RECORD_V_COUNT_NULL, "volume", "间夜|销量", RECORD_VOLUME_SINCE },
	END
};
static const record_column payments_cols[] = {
	ACTIVITY_HEAD, AMOUNT_COL,
	{ "order_uid", "TEXT", false, RECORD_V_REF_NULL, "order", "order_uid|订单|订单编号", 0 },
	NOTE_COL("note"),
	END
};
static const record_column notes_cols[] = {
	ACTIVITY_HEAD,
	NOTE_COL("text"),
	END
};

/* A field rep's visit: the time and place are optional, and so is the
 * outcome (the calls' vocabulary). */
static const record_column visits_cols[] = {
	ACTIVITY_HEAD,
	{ "time", "TEXT", false, RECORD_V_TIME_NULL, "time", "时间|拜访时间", 0 },
	{ "place", "TEXT", true, RECORD_V_TEXT, "place", "地点|拜访地点", 0 },
	{ "outcome", "TEXT", false, RECORD_V_OUTCOME_NULL, "outcome", "结果|拜访结果", 0 },
	NOTE_COL("note"),
	{ "next_call", "TEXT", false, RECORD_V_DATE_NULL, "next_call", "next|下次联系", 0 },
	CONTACT_COL,
	END
};

const record_kind_info record_kinds[RECORD_KIND_COUNT] = {
	[RECORD_CALLS]    = { "call",    "calls",    calls_cols,    true,  true,  N_("call") },
	[RECORD_ORDERS]   = { "order",   "orders",   orders_cols,   true,  true,  N_("order") },
	[RECORD_PAYMENTS] = { "payment", "payments", payments_cols, true,  true,  N_("payment") },
	[RECORD_NOTES]    = { "note",    "notes",    notes_cols,    false, false, N_("note") },
	[RECORD_VISITS]   = { "visit",   "visits",   visits_cols,   true,  true,  N_("visit") },
};

const record_table record_tables[RECORD_TABLE_COUNT] = {
	{ "groups", "uid, rep_uid, name, updated_at, deleted", false, true, 0 },
	{ "reps", "uid, rep_uid, name, group_uid, updated_at, deleted", false, false, 0 },
	{ "customers", "uid, rep_uid, name, contact, phone, city, district, type, industry, stores, "
	  "rooms, monthly_amount, monthly_volume, tier, tier_auto, priority, source, next_call, "
	  "notes, status, attrs, referred_by, payment_days, updated_at, deleted", false, true, 0 },
	{ "orders", "uid, rep_uid, customer_uid, date, amount, due, note, volume, updated_at, deleted",
	  true, true, 0 },
	{ "calls", "uid, rep_uid, customer_uid, date, outcome, note, next_call, contact_uid, "
	  "updated_at, deleted",
	  true, true, 0 },
	{ "payments", "uid, rep_uid, customer_uid, date, amount, order_uid, note, updated_at, deleted",
	  true, true, 0 },
	{ "notes", "uid, rep_uid, customer_uid, date, text, updated_at, deleted", false, true, 0 },
	{ "targets", "uid, rep_uid, month, level, scope, key, amount, detail, updated_at, deleted",
	  false, true, 0 },
	{ "visits", "uid, rep_uid, customer_uid, date, time, place, outcome, note, next_call, "
	  "contact_uid, updated_at, deleted", true, true, 11 },
	{ "segments", "uid, rep_uid, name, clauses, updated_at, deleted", false, true, 15 },
	{ "choices", "uid, rep_uid, attr, list, updated_at, deleted", false, true, 17 },
	{ "calendar", "uid, rep_uid, day, kind, name, updated_at, deleted", false, true, 19 },
	{ "contacts", "uid, rep_uid, customer_uid, name, role, phone, wechat, note, cares, "
	  "is_primary, updated_at, deleted", false, true, RECORD_CONTACTS_SINCE },
	{ "opportunities", "uid, rep_uid, customer_uid, title, value, stage, probability, "
	  "close_date, competitors, next_step, next_date, lost_reason, opened, path, order_uid, "
	  "updated_at, deleted", false, true, RECORD_CONTACTS_SINCE },
};

bool record_header_matches(const char *header, const char *name, const char *aliases)
{
	if (text_header_eq(header, name))
		return true;
	while (aliases && *aliases) {
		const char *bar = strchr(aliases, '|');
		size_t n = bar ? (size_t)(bar - aliases) : strlen(aliases);
		char alias[64];
		if (n < sizeof alias) {
			memcpy(alias, aliases, n);
			alias[n] = '\0';
			if (text_header_eq(header, alias))
				return true;
		}
		aliases += n + (bar ? 1 : 0);
	}
	return false;
}

const char *record_heading_chinese(const char *english, const char *aliases, char *buf, size_t bufsz)
{
	while (aliases && *aliases) {
		size_t n = strcspn(aliases, "|");
		bool chinese = false;
		for (size_t i = 0; i < n; i++)
			chinese |= (unsigned char)aliases[i] >= 0x80;
		if (chinese && n < bufsz) {
			memcpy(buf, aliases, n);
			buf[n] = '\0';
			return buf;
		}
		aliases += n + (aliases[n] == '|');
	}
	return english;
}

bool record_rejects_header(const char *first, const char *second)
{
	const record_column *c = record_reject_columns;
	return first && second && record_header_matches(first, c[0].csv, c[0].aliases) &&
	       record_header_matches(second, c[1].csv, c[1].aliases);
}

record_outcome record_outcome_find(const char *s)
{
	for (int i = 0; s && i < RECORD_OUTCOME_COUNT; i++)
		if (record_header_matches(s, record_outcomes[i].name, record_outcomes[i].aliases))
			return (record_outcome)i;
	return RECORD_OUTCOME_NONE;
}

const char *record_outcome_canon(const char *s)
{
	record_outcome o = record_outcome_find(s);
	return o == RECORD_OUTCOME_NONE ? NULL : record_outcomes[o].name;
}

bool record_outcome_effective(const char *name)
{
	for (int i = 0; name && i < RECORD_OUTCOME_COUNT; i++)
		if (strcmp(name, record_outcomes[i].name) == 0)
			return record_outcomes[i].effective;
	return false;
}

char *record_outcome_list(char *out, size_t outsz, const char *sep, const char *last,
                       bool ineffective)
{
	size_t len = 0, left = 0;

	for (int i = 0; i < RECORD_OUTCOME_COUNT; i++)
		left += !ineffective || !record_outcomes[i].effective;
	if (outsz)
		out[0] = '\0';
	for (int i = 0; i < RECORD_OUTCOME_COUNT && len < outsz; i++) {
		if (ineffective && record_outcomes[i].effective)
			continue;
		left--;
		int n = snprintf(out + len, outsz - len, "%s%s", record_outcomes[i].name,
		                 left > 1 ? sep : left == 1 ? last : "");
		if (n < 0)
			break;
		len += (size_t)n;
	}
	return out;
}

int record_kind_find(const char *s)
{
	for (int i = 0; s && i < RECORD_KIND_COUNT; i++)
		if (strcmp(s, record_kinds[i].word) == 0 || strcmp(s, record_kinds[i].table) == 0)
			return i;
	return -1;
}

const record_column *record_kind_column(record_kind k, const char *name)
{
	if ((unsigned)k >= RECORD_KIND_COUNT || !name)
		return NULL;
	for (const record_column *c = record_kinds[k].cols; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int record_table_find(const char *name)
{
	for (int i = 0; name && i < RECORD_TABLE_COUNT; i++)
		if (strcmp(name, record_tables[i].name) == 0)
			return i;
	return -1;
}

const record_column *record_kind_csv(record_kind k, const char *csv)
{
	if ((unsigned)k >= RECORD_KIND_COUNT || !csv)
		return NULL;
	for (const record_column *c = record_kinds[k].cols; c->name; c++)
		if (strcmp(c->csv, csv) == 0)
			return c;
	return NULL;
}

const record_column *record_csv_column(const char *csv)
{
	if (csv && strcmp(csv, record_uid_column.csv) == 0)
		return &record_uid_column;
	if (csv && strcmp(csv, record_customer_name_column.csv) == 0)
		return &record_customer_name_column;
	for (int k = 0; k < RECORD_KIND_COUNT; k++) {
		const record_column *c = record_kind_csv((record_kind)k, csv);
		if (c)
			return c;
	}
	return NULL;
}

int record_column_since(const char *name)
{
	int since = 0;

	for (int k = 0; name && k < RECORD_KIND_COUNT; k++) {
		const record_column *c = record_kind_column((record_kind)k, name);
		if (c && c->since > since)
			since = c->since;
	}
	return since;
}
