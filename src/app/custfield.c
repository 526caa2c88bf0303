/* The customer field table: one place that knows every fixed field. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/custfield.h"
#include "repdesk/date.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/money.h"
#include "repdesk/record.h"
#include "repdesk/text.h"
#include "repdesk/valid.h"
#include "repdesk/i18n.h"

const custfield_field custfield_fields[CUSTFIELD_COUNT] = {
	[CUSTFIELD_UID]            = { N_("uid"),            "编号|客户编号",         CUSTFIELD_UID_KIND,      0 },
	[CUSTFIELD_NAME]           = { N_("name"),           "客户名称|名称|客户|酒店名称|门店名称", CUSTFIELD_TEXT,          DB_F_NAME },
	[CUSTFIELD_CONTACT]        = { N_("contact"),        "联系人",                CUSTFIELD_TEXT,          DB_F_CONTACT },
	[CUSTFIELD_PHONE]          = { N_("phone"),          "电话|手机|联系电话",     CUSTFIELD_TEXT,          DB_F_PHONE },
	[CUSTFIELD_CITY]           = { N_("city"),           "城市",                  CUSTFIELD_TEXT,          DB_F_CITY },
	[CUSTFIELD_DISTRICT]       = { N_("district"),       "商圈|区域",             CUSTFIELD_TEXT,          DB_F_DISTRICT },
	[CUSTFIELD_TYPE]           = { N_("type"),           "客户类型|类型",          CUSTFIELD_TEXT,          DB_F_TYPE },
	[CUSTFIELD_INDUSTRY]       = { N_("industry"),       "行业",                  CUSTFIELD_TEXT,          DB_F_INDUSTRY },
	[CUSTFIELD_STORES]         = { N_("stores"),         "门店数",                CUSTFIELD_INT,           DB_F_STORES },
	[CUSTFIELD_ROOMS]          = { N_("rooms"),          "客房数|房量|房间数",      CUSTFIELD_INT,           DB_F_ROOMS },
	[CUSTFIELD_MONTHLY_AMOUNT] = { N_("monthly_amount"), "月订货额|月销售额",       CUSTFIELD_MONEY,         DB_F_MONTHLY_AMOUNT },
	[CUSTFIELD_MONTHLY_VOLUME] = { N_("monthly_volume"), "月间夜|月销量",          CUSTFIELD_INT,           DB_F_MONTHLY_VOLUME },
	[CUSTFIELD_TIER]           = { N_("tier"),           "等级",                  CUSTFIELD_TIER_KIND,     DB_F_TIER },
	[CUSTFIELD_PRIORITY]       = { N_("priority"),       "重要程度",              CUSTFIELD_PRIORITY_KIND, DB_F_PRIORITY },
	[CUSTFIELD_SOURCE]         = { N_("source"),         "来源",                  CUSTFIELD_TEXT,          DB_F_SOURCE },
	[CUSTFIELD_NEXT_CALL]      = { N_("next_call"),      "下次联系",              CUSTFIELD_DATE,          DB_F_NEXT_CALL },
	[CUSTFIELD_NOTES]          = { N_("notes"),          "备注",                  CUSTFIELD_TEXT,          DB_F_NOTES },
	[CUSTFIELD_STATUS]         = { N_("status"),         "状态",                  CUSTFIELD_STATUS_KIND,   DB_F_STATUS },
	[CUSTFIELD_REFERRED_BY]    = { N_("referred_by"),    "介绍人|推荐人",          CUSTFIELD_CUSTOMER_KIND, DB_F_REFERRED_BY },
	[CUSTFIELD_PAYMENT_DAYS]   = { N_("payment_days"),   "账期|付款期限天数",       CUSTFIELD_INT,           DB_F_PAYMENT_DAYS },
};

/* Written by export --excel beside the tier, never read back. */
const custfield_field custfield_effective_tier = {
	N_("effective_tier"), "实际等级", CUSTFIELD_TIER_KIND, 0
};

bool custfield_computed(const char *header)
{
	return record_header_matches(header, custfield_effective_tier.name, custfield_effective_tier.aliases);
}

custfield_id custfield_lookup(const char *header)
{
	for (int i = 0; i < CUSTFIELD_COUNT; i++)
		if (record_header_matches(header, custfield_fields[i].name, custfield_fields[i].aliases))
			return (custfield_id)i;
	return CUSTFIELD_NONE;
}

void custfield_init(db_customer *c)
{
	memset(c, 0, sizeof *c);
	c->name = c->contact = c->phone = c->city = c->district = c->type = "";
	c->industry = c->source = c->notes = c->priority = c->next_call = c->referred_by = "";
	c->status = "active";
	c->stores = c->rooms = c->monthly_amount = c->monthly_volume = c->payment_days = DB_NULL;
	c->tier_manual = c->tier_auto = TIER_NONE;
}

static bool parse_count(const char *s, int64_t *out)
{
	/* Whole non-negative numbers only; thousands separators allowed. */
	int64_t v = 0;
	int digits = 0;
	for (; *s; s++) {
		if (*s == ',' && digits > 0)
			continue;
		if (*s < '0' || *s > '9')
			return false;
		if (v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*s - '0');
		digits++;
	}
	if (!digits)
		return false;
	*out = v;
	return true;
}

static void quote_value(const char *value, char *out, size_t outsz)
{
	char clean[96];
	/* Long values are cut so a message stays one readable line. */
	if (strlen(value) > 60) {
		char head[64];
		size_t n = 60;
		while (n > 0 && ((unsigned char)value[n] & 0xC0) == 0x80)
			n--;
		memcpy(head, value, n);
		head[n] = '\0';
		text_sanitize(head, clean, sizeof clean);
		snprintf(out, outsz, "'%s…'", clean);
	} else {
		text_sanitize(value, clean, sizeof clean);
		snprintf(out, outsz, "'%s'", clean);
	}
}

bool custfield_set(db_customer *c, custfield_id id, const char *value, char *err, size_t errsz)
{
	const custfield_field *f = &custfield_fields[id];
	char q[128];
	bool empty = value[0] == '\0';

	switch (f->kind) {
	case CUSTFIELD_UID_KIND:
		if (!empty && !uid_acceptable(value)) {
			quote_value(value, q, sizeof q);
			snprintf(err, errsz, _("%s is not a valid uid (1-64 letters, digits, '.', '_', ':', '-')"), q);
			return false;
		}
		snprintf(c->uid, sizeof c->uid, "%s", value);
		return true;
	case CUSTFIELD_TEXT: {
		if (id == CUSTFIELD_NAME && text_width(value) == 0) {
			snprintf(err, errsz, _("the name is empty (every customer needs one)"));
			return false;
		}
		const char **slot[] = {
			[CUSTFIELD_NAME] = &c->name, [CUSTFIELD_CONTACT] = &c->contact, [CUSTFIELD_PHONE] = &c->phone,
			[CUSTFIELD_CITY] = &c->city, [CUSTFIELD_DISTRICT] = &c->district, [CUSTFIELD_TYPE] = &c->type,
			[CUSTFIELD_INDUSTRY] = &c->industry, [CUSTFIELD_SOURCE] = &c->source, [CUSTFIELD_NOTES] = &c->notes,
		};
		*slot[id] = value;
		return true;
	}
	case CUSTFIELD_INT: {
		int64_t v = DB_NULL;
		if (!empty && !parse_count(value, &v)) {
			quote_value(value, q, sizeof q);
			snprintf(err, errsz, _("%s is not a whole number"), q);
			return false;
		}
		if (id == CUSTFIELD_PAYMENT_DAYS && v != DB_NULL && v > VALID_PAYMENT_DAYS_MAX) {
			quote_value(value, q, sizeof q);
			snprintf(err, errsz, _("%s is not a payment term of 0 to %d days"), q,
			         VALID_PAYMENT_DAYS_MAX);
			return false;
		}
		if (id == CUSTFIELD_PAYMENT_DAYS)
			c->payment_days = v;
		else if (id == CUSTFIELD_STORES)
			c->stores = v;
		else if (id == CUSTFIELD_ROOMS)
			c->rooms = v;
		else
			c->monthly_volume = v;
		return true;
	}
	case CUSTFIELD_MONEY: {
		int64_t fen = DB_NULL;
		char why[128];
		if (!empty && !money_parse(value, &fen, why, sizeof why)) {
			quote_value(value, q, sizeof q);
			snprintf(err, errsz, "%s %s", q, why);
			return false;
		}
		c->monthly_amount = fen;
		return true;
	}
	case CUSTFIELD_TIER_KIND: {
		tier t = TIER_NONE;
		if (!empty) {
			t = value[1] == '\0' ? tier_from_letter((unsigned char)value[0]) : TIER_NONE;
			if (t == TIER_NONE) {
				quote_value(value, q, sizeof q);
				snprintf(err, errsz, _("%s is not a tier (S, A, B, C, D or empty)"), q);
				return false;
			}
		}
		c->tier_manual = t;
		return true;
	}
	case CUSTFIELD_PRIORITY_KIND: {
		const char *canon = empty ? "" : valid_word_find(valid_priority_words, value);
		if (!canon) {
			quote_value(value, q, sizeof q);
			snprintf(err, errsz, _("%s is not a priority (key, medium, small)"), q);
			return false;
		}
		c->priority = canon;
		return true;
	}
	case CUSTFIELD_STATUS_KIND: {
		const char *canon = empty ? "active" : valid_word_find(valid_status_words, value);
		if (!canon) {
			quote_value(value, q, sizeof q);
			snprintf(err, errsz, _("%s is not a status (active, prospect, lost, do-not-call)"), q);
			return false;
		}
		c->status = canon;
		return true;
	}
	case CUSTFIELD_CUSTOMER_KIND:
		c->referred_by = value;
		return true;
	case CUSTFIELD_DATE: {
		date_day day;
		if (!empty && !date_parse(value, &day)) {
			quote_value(value, q, sizeof q);
			snprintf(err, errsz, _("%s is not a date (YYYY-MM-DD)"), q);
			return false;
		}
		c->next_call = value;
		return true;
	}
	}
	return false;
}

const char *custfield_referrer_name(db *d, const db_customer *c, char *buf, size_t bufsz)
{
	buf[0] = '\0';
	if (!c->referred_by || !c->referred_by[0])
		return buf;
	db_customer *r = db_customer_load(d, c->referred_by);
	snprintf(buf, bufsz, "%s", r ? r->name : c->referred_by);
	db_customer_free(r);
	return buf;
}

const char *custfield_get(const db_customer *c, custfield_id id, char *buf, size_t bufsz)
{
	buf[0] = '\0';
	switch (id) {
	case CUSTFIELD_UID: return c->uid;
	case CUSTFIELD_NAME: return c->name;
	case CUSTFIELD_CONTACT: return c->contact;
	case CUSTFIELD_PHONE: return c->phone;
	case CUSTFIELD_CITY: return c->city;
	case CUSTFIELD_DISTRICT: return c->district;
	case CUSTFIELD_TYPE: return c->type;
	case CUSTFIELD_INDUSTRY: return c->industry;
	case CUSTFIELD_SOURCE: return c->source;
	case CUSTFIELD_NOTES: return c->notes;
	case CUSTFIELD_PRIORITY: return c->priority;
	case CUSTFIELD_NEXT_CALL: return c->next_call;
	case CUSTFIELD_STATUS: return c->status;
	case CUSTFIELD_REFERRED_BY: return c->referred_by ? c->referred_by : "";
	case CUSTFIELD_STORES:
	case CUSTFIELD_ROOMS:
	case CUSTFIELD_MONTHLY_VOLUME:
	case CUSTFIELD_PAYMENT_DAYS: {
		int64_t v = id == CUSTFIELD_STORES ? c->stores : id == CUSTFIELD_ROOMS ? c->rooms
		          : id == CUSTFIELD_PAYMENT_DAYS ? c->payment_days : c->monthly_volume;
		if (v != DB_NULL)
			snprintf(buf, bufsz, "%" PRId64, v);
		return buf;
	}
	case CUSTFIELD_MONTHLY_AMOUNT:
		if (c->monthly_amount != DB_NULL)
			money_format_csv(c->monthly_amount, buf, bufsz);
		return buf;
	case CUSTFIELD_TIER:
		if (c->tier_manual != TIER_NONE)
			snprintf(buf, bufsz, "%c", tier_letter(c->tier_manual));
		return buf;
	case CUSTFIELD_COUNT:
	case CUSTFIELD_NONE:
		break;
	}
	return buf;
}

bool custfield_resolve_referrer(db *d, db_customer *c, char uid[UID_BUFSZ], db_status *dbst,
                                char *err, size_t errsz)
{
	char q[128];

	*dbst = DB_OK;
	if (!c->referred_by || !c->referred_by[0])
		return true;
	quote_value(c->referred_by, q, sizeof q);
	db_status st = db_customer_find(d, c->referred_by, uid);
	if (st == DB_NOT_FOUND) {
		snprintf(err, errsz, _("%s is not a customer of this book (uid or exact name)"), q);
		return false;
	}
	if (st != DB_OK) {
		*dbst = st;
		snprintf(err, errsz, "%s", db_error(d));
		return false;
	}
	if (c->uid[0] && strcmp(uid, c->uid) == 0) {
		snprintf(err, errsz, _("%s cannot have referred itself"), q);
		return false;
	}
	c->referred_by = uid;
	return true;
}
