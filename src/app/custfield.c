/* The customer field table: one place that knows every fixed field. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/custfield.h"
#include "repdesk/date.h"
#include "repdesk/money.h"
#include "repdesk/text.h"
#include "repdesk/i18n.h"

const cf_field cf_fields[CF_COUNT] = {
	[CF_UID]            = { N_("uid"),            "编号|客户编号",         CF_UID_KIND,      0 },
	[CF_NAME]           = { N_("name"),           "客户名称|名称|客户",     CF_TEXT,          DB_F_NAME },
	[CF_CONTACT]        = { N_("contact"),        "联系人",                CF_TEXT,          DB_F_CONTACT },
	[CF_PHONE]          = { N_("phone"),          "电话|手机|联系电话",     CF_TEXT,          DB_F_PHONE },
	[CF_CITY]           = { N_("city"),           "城市",                  CF_TEXT,          DB_F_CITY },
	[CF_DISTRICT]       = { N_("district"),       "区域|商圈",             CF_TEXT,          DB_F_DISTRICT },
	[CF_TYPE]           = { N_("type"),           "客户类型|类型",          CF_TEXT,          DB_F_TYPE },
	[CF_INDUSTRY]       = { N_("industry"),       "行业",                  CF_TEXT,          DB_F_INDUSTRY },
	[CF_STORES]         = { N_("stores"),         "门店数",                CF_INT,           DB_F_STORES },
	[CF_ROOMS]          = { N_("rooms"),          "房量|房间数",            CF_INT,           DB_F_ROOMS },
	[CF_MONTHLY_AMOUNT] = { N_("monthly_amount"), "月订货额|月销售额",       CF_MONEY,         DB_F_MONTHLY_AMOUNT },
	[CF_MONTHLY_VOLUME] = { N_("monthly_volume"), "月间夜|月销量",          CF_INT,           DB_F_MONTHLY_VOLUME },
	[CF_TIER]           = { N_("tier"),           "等级",                  CF_TIER_KIND,     DB_F_TIER },
	[CF_PRIORITY]       = { N_("priority"),       "重要程度",              CF_PRIORITY_KIND, DB_F_PRIORITY },
	[CF_SOURCE]         = { N_("source"),         "来源",                  CF_TEXT,          DB_F_SOURCE },
	[CF_NEXT_CALL]      = { N_("next_call"),      "下次联系",              CF_DATE,          DB_F_NEXT_CALL },
	[CF_NOTES]          = { N_("notes"),          "备注",                  CF_TEXT,          DB_F_NOTES },
	[CF_STATUS]         = { N_("status"),         "状态",                  CF_STATUS_KIND,   DB_F_STATUS },
};

bool cf_header_matches(const char *header, const char *name, const char *aliases)
{
	if (text_header_eq(header, name))
		return true;
	while (*aliases) {
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

cf_id cf_lookup(const char *header)
{
	for (int i = 0; i < CF_COUNT; i++)
		if (cf_header_matches(header, cf_fields[i].name, cf_fields[i].aliases))
			return (cf_id)i;
	return CF_NONE;
}

void cf_init(db_customer *c)
{
	memset(c, 0, sizeof *c);
	c->name = c->contact = c->phone = c->city = c->district = c->type = "";
	c->industry = c->source = c->notes = c->priority = c->next_call = "";
	c->status = "active";
	c->stores = c->rooms = c->monthly_amount = c->monthly_volume = DB_NULL;
	c->tier_manual = c->tier_auto = TIER_NONE;
}

/* One word of a closed vocabulary, with the Chinese a rep would type. */
struct word { const char *in, *canon; };

static const char *match_word(const struct word *w, const char *value)
{
	for (; w->in; w++)
		if (text_header_eq(value, w->in))
			return w->canon;
	return NULL;
}

static const struct word priorities[] = {
	{ "key", "key" }, { "medium", "medium" }, { "small", "small" },
	{ "重点", "key" }, { "重要", "key" }, { "一般", "medium" }, { "中", "medium" },
	{ "小", "small" }, { "次要", "small" }, { NULL, NULL }
};

static const struct word statuses[] = {
	{ "active", "active" }, { "prospect", "prospect" }, { "lost", "lost" },
	{ "do-not-call", "do-not-call" }, { "dnc", "do-not-call" },
	{ "活跃", "active" }, { "合作", "active" }, { "潜在", "prospect" },
	{ "流失", "lost" }, { "勿扰", "do-not-call" }, { NULL, NULL }
};

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

bool cf_set(db_customer *c, cf_id id, const char *value, char *err, size_t errsz)
{
	const cf_field *f = &cf_fields[id];
	char q[128];
	bool empty = value[0] == '\0';

	switch (f->kind) {
	case CF_UID_KIND:
		if (!empty && !uid_acceptable(value)) {
			quote_value(value, q, sizeof q);
			snprintf(err, errsz, _("%s is not a valid uid (1-64 letters, digits, '.', '_', ':', '-')"), q);
			return false;
		}
		snprintf(c->uid, sizeof c->uid, "%s", value);
		return true;
	case CF_TEXT: {
		if (id == CF_NAME && text_width(value) == 0) {
			snprintf(err, errsz, _("the name is empty (every customer needs one)"));
			return false;
		}
		const char **slot[] = {
			[CF_NAME] = &c->name, [CF_CONTACT] = &c->contact, [CF_PHONE] = &c->phone,
			[CF_CITY] = &c->city, [CF_DISTRICT] = &c->district, [CF_TYPE] = &c->type,
			[CF_INDUSTRY] = &c->industry, [CF_SOURCE] = &c->source, [CF_NOTES] = &c->notes,
		};
		*slot[id] = value;
		return true;
	}
	case CF_INT: {
		int64_t v = DB_NULL;
		if (!empty && !parse_count(value, &v)) {
			quote_value(value, q, sizeof q);
			snprintf(err, errsz, _("%s is not a whole number"), q);
			return false;
		}
		if (id == CF_STORES)
			c->stores = v;
		else if (id == CF_ROOMS)
			c->rooms = v;
		else
			c->monthly_volume = v;
		return true;
	}
	case CF_MONEY: {
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
	case CF_TIER_KIND: {
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
	case CF_PRIORITY_KIND: {
		const char *canon = empty ? "" : match_word(priorities, value);
		if (!canon) {
			quote_value(value, q, sizeof q);
			snprintf(err, errsz, _("%s is not a priority (key, medium, small)"), q);
			return false;
		}
		c->priority = canon;
		return true;
	}
	case CF_STATUS_KIND: {
		const char *canon = empty ? "active" : match_word(statuses, value);
		if (!canon) {
			quote_value(value, q, sizeof q);
			snprintf(err, errsz, _("%s is not a status (active, prospect, lost, do-not-call)"), q);
			return false;
		}
		c->status = canon;
		return true;
	}
	case CF_DATE: {
		rd_day day;
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

const char *cf_get(const db_customer *c, cf_id id, char *buf, size_t bufsz)
{
	buf[0] = '\0';
	switch (id) {
	case CF_UID: return c->uid;
	case CF_NAME: return c->name;
	case CF_CONTACT: return c->contact;
	case CF_PHONE: return c->phone;
	case CF_CITY: return c->city;
	case CF_DISTRICT: return c->district;
	case CF_TYPE: return c->type;
	case CF_INDUSTRY: return c->industry;
	case CF_SOURCE: return c->source;
	case CF_NOTES: return c->notes;
	case CF_PRIORITY: return c->priority;
	case CF_NEXT_CALL: return c->next_call;
	case CF_STATUS: return c->status;
	case CF_STORES:
	case CF_ROOMS:
	case CF_MONTHLY_VOLUME: {
		int64_t v = id == CF_STORES ? c->stores : id == CF_ROOMS ? c->rooms : c->monthly_volume;
		if (v != DB_NULL)
			snprintf(buf, bufsz, "%" PRId64, v);
		return buf;
	}
	case CF_MONTHLY_AMOUNT:
		if (c->monthly_amount != DB_NULL)
			money_format_csv(c->monthly_amount, buf, bufsz);
		return buf;
	case CF_TIER:
		if (c->tier_manual != TIER_NONE)
			snprintf(buf, bufsz, "%c", tier_letter(c->tier_manual));
		return buf;
	case CF_COUNT:
	case CF_NONE:
		break;
	}
	return buf;
}
