/* Values from another book held to the rules of the command line. See
 * repdesk/valid.h. */
#include <string.h>

#include "repdesk/custfield.h"
#include "repdesk/date.h"
#include "repdesk/hlc.h"
#include "repdesk/uid.h"
#include "repdesk/money.h"
#include "repdesk/record.h"
#include "repdesk/text.h"
#include "repdesk/valid.h"

/* Reasons are translated where they are shown (pure code calls no gettext). */
#define N_(text) (text)

const char *const valid_statuses[] = { "active", "prospect", "lost", "do-not-call", NULL };
const char *const valid_priorities[] = { "", "key", "medium", "small", NULL };
const char *const valid_tiers[] = { "S", "A", "B", "C", "D", NULL };
#define OUTCOME_NAME(x, id, name, aliases, eff, con) name,
const char *const valid_outcomes[] = { RECORD_X_OUTCOMES(OUTCOME_NAME, , ) NULL };
#undef OUTCOME_NAME
/* "year": a year plan's month targets (db/yearplan.h). */
const char *const valid_target_levels[] = { "base", "stretch", "challenge", "year", NULL };
/* What a saved plan writes (app/planbook.c). */
const char *const valid_target_scopes[] = { "month", "tier", "method", "baseline", "unplaced",
                                            "share", "tier-baseline", "tier-customers", "day",
                                            "customers", NULL };

/* The words a rep may type for each enumeration: the stored English word,
 * the Chinese ones the reps' notes use (重点/中型/小型, 合作中/潜在/流失/勿扰),
 * and the words `show` and the workbench print, so what is shown can be
 * typed back. Outcomes are the registry's (repdesk/record.h). */
const valid_word valid_priority_words[] = {
	{ "key", "key" }, { "medium", "medium" }, { "small", "small" },
	{ "重点", "key" }, { "重要", "key" },
	{ "中型", "medium" }, { "一般", "medium" }, { "中", "medium" },
	{ "小型", "small" }, { "小", "small" }, { "次要", "small" }, { "小客户", "small" },
	{ NULL, NULL }
};

const valid_word valid_status_words[] = {
	{ "active", "active" }, { "prospect", "prospect" }, { "lost", "lost" },
	{ "do-not-call", "do-not-call" }, { "dnc", "do-not-call" },
	{ "合作中", "active" }, { "合作", "active" }, { "活跃", "active" },
	{ "潜在", "prospect" }, { "意向客户", "prospect" }, { "意向", "prospect" },
	{ "流失", "lost" }, { "已流失", "lost" }, { "勿扰", "do-not-call" },
	{ NULL, NULL }
};

const char *valid_word_find(const valid_word *words, const char *s)
{
	for (; s && words->in; words++)
		if (text_header_eq(s, words->in))
			return words->canon;
	return NULL;
}

/* The length of the separator at S (',', '，', '、', ';', '；'), or 0. */
static size_t choice_sep(const char *s)
{
	if (*s == ',' || *s == ';')
		return 1;
	if (strncmp(s, "\xEF\xBC\x8C", 3) == 0 || strncmp(s, "\xE3\x80\x81", 3) == 0 ||
	    strncmp(s, "\xEF\xBC\x9B", 3) == 0)
		return 3;
	return 0;
}

/* The next choice of the list at *S: its start and length, spaces trimmed;
 * *S moves past it and its separator. False at the end. */
static bool next_choice(const char **s, const char **start, size_t *len)
{
	const char *p = *s;
	size_t sep = 0;

	if (!*p)
		return false;
	while (*p && !(sep = choice_sep(p)))
		p++;
	const char *a = *s, *e = p;
	while (a < e && (*a == ' ' || *a == '\t'))
		a++;
	while (e > a && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*start = a;
	*len = (size_t)(e - a);
	*s = p + sep;
	return true;
}

const char *valid_choices_parse(const char *spec, char *out, size_t outsz)
{
	const char *p = spec, *c;
	size_t len, used = 0, n = 0;

	if (!outsz)
		return N_("the choices are too long");
	out[0] = '\0';
	while (p && next_choice(&p, &c, &len)) {
		if (!len)
			continue;
		if (memchr(c, '\n', len))
			return N_("a choice holds a line break");
		char one[256];
		if (len >= sizeof one)
			return N_("a choice is too long");
		memcpy(one, c, len);
		one[len] = '\0';
		if (valid_choice_ok(out, one))
			return N_("a choice is given twice");
		if (used + len + 2 > outsz)
			return N_("the choices are too long");
		if (n++)
			out[used++] = ',';
		memcpy(out + used, c, len);
		used += len;
		out[used] = '\0';
	}
	return n ? NULL : N_("no choices given");
}

bool valid_choice_ok(const char *list, const char *value)
{
	const char *p = list, *c;
	size_t len, vlen = value ? strlen(value) : 0;

	if (!vlen)
		return true;
	while (p && next_choice(&p, &c, &len))
		if (len == vlen && memcmp(c, value, len) == 0)
			return true;
	return false;
}

const char *valid_choices_attr(const char *s, size_t len)
{
	const char *why = len ? valid_text(s, len, VALID_CHOICES_ATTR_MAX) : N_("empty");

	if (!why && custfield_lookup(s) != CUSTFIELD_NONE)
		why = N_("a fixed field, not an attribute");
	return why;
}

const char *valid_choices_list(const char *s, size_t len)
{
	char kept[VALID_CHOICES_MAX];
	const char *why = valid_text(s, len, VALID_CHOICES_MAX - 1);

	if (!why)
		why = valid_choices_parse(s, kept, sizeof kept);
	if (!why && (strlen(kept) != len || memcmp(kept, s, len) != 0))
		why = N_("not a choice list as repdesk keeps one");
	return why;
}

bool valid_one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

const char *valid_text(const char *s, size_t len, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len > max)
		return N_("text too long");
	/* One pass: ASCII byte by byte (most text is), the rest decoded. */
	for (size_t i = 0; i < len;) {
		if (u[i] < 0x80) {
			if ((u[i] < 0x20 && u[i] != '\n' && u[i] != '\t') || u[i] == 0x7F)
				return N_("a control character in text");
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		/* As text_valid_utf8: a literal U+FFFD is three bytes. */
		if (cp == 0xFFFD && n != 3)
			return N_("not UTF-8");
		if (cp <= 0x9F)
			return N_("a control character in text");
		i += n;
	}
	return NULL;
}

const char *valid_date(const char *s)
{
	date_day day;

	return s && date_parse(s, &day) ? NULL : N_("not a date");
}

const char *valid_time(const char *s)
{
	bool ok = s && strlen(s) == 5 && s[2] == ':';

	for (int i = 0; ok && i < 5; i++)
		ok = i == 2 || (s[i] >= '0' && s[i] <= '9');
	ok = ok && (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
	return ok ? NULL : N_("not a time");
}

const char *valid_month(const char *s)
{
	int y, m;

	return s && date_month_parse(s, &y, &m) ? NULL : N_("not a month");
}

const char *valid_money(int64_t fen)
{
	return fen >= -MONEY_MAX_FEN && fen <= MONEY_MAX_FEN ? NULL : N_("an amount out of range");
}

const char *valid_uid(const char *s)
{
	return s && uid_acceptable(s) ? NULL : N_("not a uid");
}

const char *valid_stamp(const char *s)
{
	hlc h;

	return s && hlc_parse(s, &h, NULL) ? NULL : N_("not a stamp");
}

const char *valid_target_key(const char *scope, const char *key)
{
	static const char *const bad = N_("a target's key does not fit its scope");

	if (!scope || !key)
		return bad;
	if (strcmp(scope, "tier") == 0 || strcmp(scope, "share") == 0 ||
	    strcmp(scope, "tier-baseline") == 0 || strcmp(scope, "tier-customers") == 0)
		return valid_one_of(key, valid_tiers) ? NULL : bad;
	if (strcmp(scope, "method") == 0)
		return strcmp(key, "baseline") == 0 || strcmp(key, "shares") == 0 ? NULL : bad;
	if (strcmp(scope, "day") == 0)
		return valid_date(key) ? bad : NULL;
	return key[0] ? bad : NULL;
}

bool valid_clamp_stamp(const char *stamp, uint64_t now_ms, char out[HLC_STAMP_BUFSZ],
                       uint64_t *ahead_ms)
{
	hlc h;
	char device[HLC_DEVICE_LEN + 1];

	*ahead_ms = 0;
	if (!stamp || !hlc_parse(stamp, &h, device) || h.ms <= now_ms)
		return false;
	*ahead_ms = h.ms - now_ms;
	if (*ahead_ms <= VALID_CLOCK_AHEAD_MS)
		return false;
	h.ms = now_ms;
	hlc_format(h, device, out);
	return true;
}

const char *valid_volume_parse(const char *s, int64_t *out)
{
	int64_t v = 0;
	int digits = 0;

	/* Whole numbers only, thousands separators allowed: as stores and
	 * monthly_volume are typed. */
	for (; s && *s; s++) {
		if (*s == ',' && digits > 0)
			continue;
		if (*s < '0' || *s > '9')
			return N_("is not a volume (a whole number, 0 or more)");
		if (v > (INT64_MAX - 9) / 10)
			return N_("is too large a volume");
		v = v * 10 + (*s - '0');
		digits++;
	}
	if (!digits)
		return N_("is not a volume (a whole number, 0 or more)");
	*out = v;
	return NULL;
}
