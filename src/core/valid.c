/* Values from another book held to the rules of the command line. See
 * repdesk/valid.h. */
#include <string.h>

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
#define OUTCOME_NAME(x, id, name, aliases, eff) name,
const char *const valid_outcomes[] = { REC_X_OUTCOMES(OUTCOME_NAME, , ) NULL };
#undef OUTCOME_NAME
const char *const valid_target_levels[] = { "base", "stretch", "challenge", NULL };
/* What a saved plan writes (app/planbook.c). */
const char *const valid_target_scopes[] = { "month", "tier", "method", "baseline", "unplaced",
                                            "share", "tier-baseline", "tier-customers", "day",
                                            "customers", NULL };

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
	rd_day day;

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

	return s && month_parse(s, &y, &m) ? NULL : N_("not a month");
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

/* ---- JSON: a flat object of strings and numbers ---- */

typedef struct {
	const char *s;
	size_t i, n;
} json;

static void json_ws(json *j)
{
	while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' ||
	       j->s[j->i] == '\r'))
		j->i++;
}

static int json_hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A string at j->i (its opening quote); its text, escapes decoded, held to
 * valid_text's rule. */
static const char *json_string(json *j)
{
	if (j->i >= j->n || j->s[j->i] != '"')
		return N_("attributes are not a JSON object");
	j->i++;
	size_t start = j->i;
	while (j->i < j->n && j->s[j->i] != '"') {
		unsigned char c = (unsigned char)j->s[j->i];
		if (c < 0x20)
			return N_("attributes are not a JSON object");
		if (c != '\\') {
			j->i++;
			continue;
		}
		if (j->i + 1 >= j->n)
			return N_("attributes are not a JSON object");
		char e = j->s[j->i + 1];
		if (e == 'u') {
			unsigned v = 0;
			for (int k = 0; k < 4; k++) {
				int h = j->i + 2 + (size_t)k < j->n ? json_hex(j->s[j->i + 2 + (size_t)k]) : -1;
				if (h < 0)
					return N_("attributes are not a JSON object");
				v = v * 16 + (unsigned)h;
			}
			if ((v < 0x20 && v != '\n' && v != '\t') || (v >= 0x7F && v <= 0x9F))
				return N_("a control character in text");
			j->i += 6;
		} else if (strchr("\"\\/bfnrt", e) && e) {
			if (e == 'b' || e == 'f' || e == 'r')
				return N_("a control character in text");
			j->i += 2;
		} else {
			return N_("attributes are not a JSON object");
		}
	}
	if (j->i >= j->n)
		return N_("attributes are not a JSON object");
	const char *why = valid_text(j->s + start, j->i - start, VALID_TEXT_MAX);
	j->i++;
	return why;
}

static bool json_number(json *j)
{
	size_t start = j->i;

	if (j->i < j->n && j->s[j->i] == '-')
		j->i++;
	size_t digits = j->i;
	while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
		j->i++;
	if (j->i == digits || (j->s[digits] == '0' && j->i - digits > 1))
		return false;
	if (j->i < j->n && j->s[j->i] == '.') {
		size_t f = ++j->i;
		while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
			j->i++;
		if (j->i == f)
			return false;
	}
	if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
		j->i++;
		if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
			j->i++;
		size_t e = j->i;
		while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
			j->i++;
		if (j->i == e)
			return false;
	}
	return j->i > start;
}

const char *valid_json_object(const char *s, size_t len)
{
	static const char *const bad = N_("attributes are not a JSON object");
	json j = { s, 0, len };
	const char *why;

	if (!s)
		return bad;
	if (len > VALID_TEXT_MAX)
		return N_("text too long");
	if (memchr(s, '\0', len))
		return bad;
	json_ws(&j);
	if (j.i >= j.n || s[j.i] != '{')
		return bad;
	j.i++;
	json_ws(&j);
	if (j.i < j.n && s[j.i] == '}') {
		j.i++;
	} else {
		for (;;) {
			json_ws(&j);
			if ((why = json_string(&j)))
				return why;
			json_ws(&j);
			if (j.i >= j.n || s[j.i] != ':')
				return bad;
			j.i++;
			json_ws(&j);
			if (j.i < j.n && s[j.i] == '"') {
				if ((why = json_string(&j)))
					return why;
			} else if (!json_number(&j)) {
				return bad;
			}
			json_ws(&j);
			if (j.i < j.n && s[j.i] == ',') {
				j.i++;
				continue;
			}
			if (j.i < j.n && s[j.i] == '}') {
				j.i++;
				break;
			}
			return bad;
		}
	}
	json_ws(&j);
	return j.i == j.n ? NULL : bad;
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
