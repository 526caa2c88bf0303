/* Filter clauses: see repdesk/where.h. */
#include <ctype.h>
#include <strings.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/custfield.h"
#include "repdesk/date.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/record.h"
#include "repdesk/text.h"
#include "repdesk/tier.h"
#include "repdesk/where.h"

const char *const where_computed_names[WHERE_C_COUNT] = {
	"tier", "amount_band", "store_band", "days_since_contact", "month_target", "month_achieved",
	"open_balance", "last_order"
};

/* The Chinese a rep may type for each computed field. */
static const char *const computed_aliases[WHERE_C_COUNT] = {
	"等级|实际等级", "订货额档|金额档", "门店档|门店数档", "未联系天数", "本月目标", "本月完成",
	"未收款|欠款", "最近下单|最后下单"
};

static const where_value computed_kinds[WHERE_C_COUNT] = {
	WHERE_V_WORD, WHERE_V_WORD, WHERE_V_WORD, WHERE_V_NUMBER, WHERE_V_NUMBER, WHERE_V_NUMBER,
	WHERE_V_NUMBER, WHERE_V_DATE
};

const char *const where_amount_bands[WHERE_BANDS] = { "10000+", "5000-9999", "1000-4999", "0-999" };
const int64_t where_amount_band_min[WHERE_BANDS] = { 1000000, 500000, 100000, 0 };
const int64_t where_store_band_min[WHERE_BANDS] = { 30, 10, 3, 0 };

const char *where_amount_band(int64_t fen)
{
	if (fen < 0)
		return "";
	for (int i = 0; i < WHERE_BANDS; i++)
		if (fen >= where_amount_band_min[i])
			return where_amount_bands[i];
	return "";
}

static const char *store_band_label(int i)
{
	return tier_band_label((tier_band)i);
}

static where_value fixed_kind(custfield_kind k)
{
	switch (k) {
	case CUSTFIELD_INT:
	case CUSTFIELD_MONEY:
		return WHERE_V_NUMBER;
	case CUSTFIELD_DATE:
		return WHERE_V_DATE;
	case CUSTFIELD_PRIORITY_KIND:
	case CUSTFIELD_STATUS_KIND:
	case CUSTFIELD_TIER_KIND:
		return WHERE_V_WORD;
	default:
		return WHERE_V_TEXT;
	}
}

bool where_field(const char *name, const char *const *attrs, size_t nattrs, where_clause *out)
{
	memset(out, 0, sizeof *out);
	for (int i = 0; i < WHERE_C_COUNT; i++)
		if (record_header_matches(name, where_computed_names[i], computed_aliases[i])) {
			out->source = WHERE_COMPUTED;
			out->field = i;
			out->kind = computed_kinds[i];
			snprintf(out->name, sizeof out->name, "%s", where_computed_names[i]);
			return true;
		}
	custfield_id id = custfield_lookup(name);
	if (id != CUSTFIELD_NONE) {
		out->source = WHERE_FIXED;
		out->field = (int)id;
		out->kind = fixed_kind(custfield_fields[id].kind);
		snprintf(out->name, sizeof out->name, "%s", custfield_fields[id].name);
		return true;
	}
	for (size_t i = 0; i < nattrs; i++)
		if (text_header_eq(name, attrs[i])) {
			out->source = WHERE_ATTR;
			out->field = -1;
			out->kind = WHERE_V_TEXT;
			snprintf(out->name, sizeof out->name, "%s", attrs[i]);
			return true;
		}
	return false;
}

/* Append S to OUT (LEN so far), SEP before it unless first. */
static void append(char *out, size_t outsz, size_t *len, const char *sep, const char *s)
{
	if (*len >= outsz)
		return;
	int n = snprintf(out + *len, outsz - *len, "%s%s", *len ? sep : "", s);
	if (n > 0)
		*len += (size_t)n;
	if (*len >= outsz)
		*len = outsz - 1;
}

char *where_fields_list(const char *const *attrs, size_t nattrs, char *out, size_t outsz)
{
	size_t len = 0;

	if (outsz)
		out[0] = '\0';
	for (int i = 0; i < CUSTFIELD_COUNT; i++)
		if (i != CUSTFIELD_TIER)
			append(out, outsz, &len, ", ", custfield_fields[i].name);
	for (int i = 0; i < WHERE_C_COUNT; i++)
		append(out, outsz, &len, ", ", where_computed_names[i]);
	for (size_t i = 0; i < nattrs; i++)
		append(out, outsz, &len, ", ", attrs[i]);
	return out;
}

/* The words field W takes, for a message. */
static char *words_list(const where_clause *w, char *out, size_t outsz)
{
	size_t len = 0;

	out[0] = '\0';
	if (w->source == WHERE_COMPUTED && w->field == WHERE_C_TIER) {
		for (int t = 0; t < TIER_COUNT; t++) {
			char l[2] = { tier_letter((tier)t), '\0' };
			append(out, outsz, &len, ", ", l);
		}
	} else if (w->source == WHERE_COMPUTED) {
		for (int i = 0; i < WHERE_BANDS; i++)
			append(out, outsz, &len, ", ", w->field == WHERE_C_AMOUNT_BAND ? where_amount_bands[i]
			                                                              : store_band_label(i));
	} else if (w->field == CUSTFIELD_PRIORITY) {
		append(out, outsz, &len, ", ", "key (重点), medium (一般), small (小)");
	} else if (w->field == CUSTFIELD_STATUS) {
		append(out, outsz, &len, ", ", "active (合作中), prospect (潜在), lost (流失), do-not-call (勿扰)");
	} else {
		append(out, outsz, &len, ", ", "S, A, B, C, D");
	}
	return out;
}

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
}

/* A word value: tier letter, band label, priority or status. */
static bool word_value(where_clause *w, const char *v, size_t k)
{
	if (w->source == WHERE_COMPUTED && w->field == WHERE_C_TIER) {
		tier t = v[0] && !v[1] ? tier_from_letter((unsigned char)v[0]) : TIER_NONE;
		w->num[k] = t;
		return t != TIER_NONE;
	}
	if (w->source == WHERE_COMPUTED) {
		for (int i = 0; i < WHERE_BANDS; i++) {
			const char *label = w->field == WHERE_C_AMOUNT_BAND ? where_amount_bands[i]
			                                                    : store_band_label(i);
			if (strcmp(v, label) == 0) {
				w->num[k] = i;
				return true;
			}
		}
		return false;
	}
	db_customer c;
	char err[256];
	custfield_init(&c);
	if (!custfield_set(&c, (custfield_id)w->field, v, err, sizeof err))
		return false;
	/* (tier names the computed field: the manual one is not filtered on) */
	const char *canon = w->field == CUSTFIELD_PRIORITY ? c.priority :
	                    w->field == CUSTFIELD_STATUS ? c.status : v;
	snprintf(w->text[k], sizeof w->text[k], "%s", canon);
	return true;
}

static bool number_value(where_clause *w, const char *v, size_t k, char *err, size_t errsz)
{
	bool money = w->source == WHERE_COMPUTED ? w->field != WHERE_C_DAYS_SINCE_CONTACT
	                                         : custfield_fields[w->field].kind == CUSTFIELD_MONEY;
	if (money)
		return money_parse(v, &w->num[k], err, errsz);
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || errno) {
		snprintf(err, errsz, _("'%s' is not a whole number"), v);
		return false;
	}
	w->num[k] = n;
	return true;
}

/* Check value V (the K-th) of W and keep it canonical. */
static bool take_value(where_clause *w, const char *v, size_t k, char *err, size_t errsz)
{
	char list[512];

	snprintf(w->text[k], sizeof w->text[k], "%s", v);
	switch (w->kind) {
	case WHERE_V_WORD:
		if (word_value(w, v, k))
			return true;
		snprintf(err, errsz, _("'%s' is not a value of %s; the values are: %s"), v, w->name,
		         words_list(w, list, sizeof list));
		return false;
	case WHERE_V_NUMBER:
		return number_value(w, v, k, err, errsz);
	case WHERE_V_DATE: {
		date_day day;
		if (date_parse(v, &day))
			return true;
		snprintf(err, errsz, _("'%s' is not a date (YYYY-MM-DD)"), v);
		return false;
	}
	default: {
		char *end;
		if (*v) {
			errno = 0;
			(void)strtod(v, &end);
			w->numeric[k] = !*end && !errno;
		}
		return true;
	}
	}
}

/* Which operators a kind of field takes. */
static bool op_allowed(where_value kind, where_op op)
{
	if (kind == WHERE_V_WORD)
		return op == WHERE_EQ || op == WHERE_NE || op == WHERE_IN || op == WHERE_EMPTY ||
		       op == WHERE_NOT_EMPTY;
	if (kind != WHERE_V_TEXT)
		return op != WHERE_HAS;
	return true;
}

/* The operator starting at P (*LEN its length), or -1. */
static int symbol_op(const char *p, size_t *len)
{
	static const struct { const char *s; where_op op; } ops[] = {
		{ "!=", WHERE_NE }, { "<=", WHERE_LE }, { ">=", WHERE_GE }, { "=", WHERE_EQ },
		{ "<", WHERE_LT }, { ">", WHERE_GT }, { "~", WHERE_HAS },
	};
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		if (strncmp(p, ops[i].s, strlen(ops[i].s)) == 0) {
			*len = strlen(ops[i].s);
			return (int)ops[i].op;
		}
	return -1;
}

/* Whether S ends with the word WORD (after a space): cut it off. */
static bool cut_word(char *s, const char *word)
{
	size_t n = strlen(s), k = strlen(word);

	if (n <= k || strcasecmp(s + n - k, word) != 0 || !isspace((unsigned char)s[n - k - 1]))
		return false;
	s[n - k] = '\0';
	trim(s);
	return true;
}

/* Split CLAUSE into FIELD, OP and VALUE (the rest, untrimmed in BUF). */
static bool split(char *buf, char **field, where_op *op, char **value)
{
	size_t len;

	*value = NULL;
	for (char *p = buf; *p; p++) {
		int o = symbol_op(p, &len);
		if (o >= 0) {
			*op = (where_op)o;
			*p = '\0';
			*field = buf;
			*value = p + len;
			trim(*field);
			trim(*value);
			return true;
		}
	}
	*field = buf;
	if (cut_word(buf, "not empty")) {
		*op = WHERE_NOT_EMPTY;
		return true;
	}
	if (cut_word(buf, "empty")) {
		*op = WHERE_EMPTY;
		return true;
	}
	for (char *p = buf; *p; p++)
		if (isspace((unsigned char)*p) && strncasecmp(p + 1, "in", 2) == 0 &&
		    isspace((unsigned char)p[3])) {
			*p = '\0';
			*op = WHERE_IN;
			*value = p + 4;
			trim(*field);
			trim(*value);
			return true;
		}
	return false;
}

const char *where_check_lines(const char *text)
{
	char buf[1024], *field, *value;
	where_op op;

	if (!*text)
		return N_("no filters");
	while (*text) {
		size_t n = strcspn(text, "\n");
		if (n >= sizeof buf)
			return N_("a filter too long");
		memcpy(buf, text, n);
		buf[n] = '\0';
		if (!split(buf, &field, &op, &value) || !*field)
			return N_("not a filter");
		text += n + (text[n] == '\n');
	}
	return NULL;
}

/* The values of an `in` list (commas, Chinese commas too) into W. */
static bool take_list(where_clause *w, char *v, char *err, size_t errsz)
{
	while (*v) {
		size_t n = strcspn(v, ",");
		char *cn = strstr(v, "，");
		if (cn && (size_t)(cn - v) < n)
			n = (size_t)(cn - v);
		size_t skip = v[n] == ',' ? 1 : v[n] ? strlen("，") : 0;
		char one[WHERE_TEXT_SZ];
		snprintf(one, sizeof one, "%.*s", (int)n, v);
		trim(one);
		if (w->n == WHERE_MAX_VALUES) {
			snprintf(err, errsz, _("at most %d values in a list"), WHERE_MAX_VALUES);
			return false;
		}
		if (*one && !take_value(w, one, w->n++, err, errsz))
			return false;
		v += n + skip;
	}
	if (w->n == 0) {
		snprintf(err, errsz, _("'in' needs a list of values, such as: tier in S,A"));
		return false;
	}
	return true;
}

bool where_parse(const char *clause, const char *const *attrs, size_t nattrs, where_clause *out,
                 char *err, size_t errsz)
{
	char buf[1024], *field, *value, list[4096];
	where_op op;

	memset(out, 0, sizeof *out);
	if (snprintf(buf, sizeof buf, "%s", clause ? clause : "") >= (int)sizeof buf) {
		snprintf(err, errsz, _("a filter is at most %d bytes"), (int)sizeof buf - 1);
		return false;
	}
	if (!split(buf, &field, &op, &value) || !*field) {
		snprintf(err, errsz, _("'%s' is not a filter: FIELD OP VALUE, the operators "
		         "= != < <= > >= ~ (contains), 'in' a list, 'empty' or 'not empty'"), clause);
		return false;
	}
	if (!where_field(field, attrs, nattrs, out)) {
		snprintf(err, errsz, _("no field '%s'; the fields are: %s"), field,
		         where_fields_list(attrs, nattrs, list, sizeof list));
		return false;
	}
	out->op = op;
	if (!op_allowed(out->kind, op)) {
		snprintf(err, errsz, out->kind == WHERE_V_WORD
		         ? _("%s takes = != in empty and not empty")
		         : _("%s takes = != < <= > >= in empty and not empty"), out->name);
		return false;
	}
	if (op == WHERE_EMPTY || op == WHERE_NOT_EMPTY)
		return true;
	if (op == WHERE_IN)
		return take_list(out, value, err, errsz);
	if (!*value && out->kind != WHERE_V_TEXT) {
		snprintf(err, errsz, _("%s needs a value after the operator"), out->name);
		return false;
	}
	out->n = 1;
	return take_value(out, value, 0, err, errsz);
}
