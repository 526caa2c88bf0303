/* The year plan: a year's target over its months, and the re-spread of what
 * is left of it, both by the planner's exact rule. */
#include <stdio.h>
#include <string.h>

#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/plan.h"
#include "repdesk/yearplan.h"

static const char *const method_names[] = { "seasonal", "working-days", "even" };

const char *year_method_name(year_method m)
{
	return (unsigned)m < 3 ? method_names[m] : "?";
}

bool year_method_parse(const char *s, year_method *m)
{
	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, method_names[i]) == 0) {
			*m = (year_method)i;
			return true;
		}
	if (s && (strcmp(s, "workdays") == 0 || strcmp(s, "working_days") == 0)) {
		*m = YEAR_WORKDAYS;
		return true;
	}
	return false;
}

#define YEAR_TEXT(name, msg) msg,
static const char *const status_texts[] = { YEAR_X_STATUS(YEAR_TEXT) };
#undef YEAR_TEXT

const char *year_status_text(year_status st)
{
	return (unsigned)st < sizeof status_texts / sizeof *status_texts ? status_texts[st] : "?";
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The comma that ends the item at P: one followed by MONTH '=', so an
 * amount may keep its thousands separators (12=15,000). NULL: the last. */
static const char *next_item(const char *p)
{
	for (const char *c = strchr(p, ','); c; c = strchr(c + 1, ',')) {
		const char *q = c + 1;
		int digits = 0;
		while (blank(*q))
			q++;
		while (*q >= '0' && *q <= '9' && digits < 3) {
			q++;
			digits++;
		}
		while (blank(*q))
			q++;
		/* The next MONTH=, or no digit at all (a trailing comma, a bad
		 * month reported as it stands); digits without '=' are the
		 * amount's own thousands. */
		if ((digits >= 1 && digits <= 2 && *q == '=') || digits == 0)
			return c;
	}
	return NULL;
}

bool year_months_parse(const char *text, int64_t fixed[YEAR_MONTHS], char *err, size_t errsz)
{
	const char *p = text;

	for (int i = 0; i < YEAR_MONTHS; i++)
		fixed[i] = -1;
	if (!text || !*text) {
		snprintf(err, errsz, _("no month given (expected e.g. 1=300000,2=200000)"));
		return false;
	}
	while (*p) {
		const char *end = next_item(p);
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char item[128];
		if (len >= sizeof item) {
			snprintf(err, errsz, _("'%.40s...' is too long"), p);
			return false;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		char *s = item, *e = item + len;
		while (blank(*s))
			s++;
		while (e > s && blank(e[-1]))
			*--e = '\0';
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errsz, _("'%s' is not MONTH=AMOUNT"), s);
			return false;
		}
		char *me = eq;
		while (me > s && blank(me[-1]))
			me--;
		int month = 0, digits = 0;
		for (char *q = s; q < me; q++, digits++) {
			if (*q < '0' || *q > '9' || digits >= 2) {
				month = -1;
				break;
			}
			month = month * 10 + (*q - '0');
		}
		if (digits == 0 || month < 1 || month > 12) {
			snprintf(err, errsz, _("'%.*s' is not a month from 1 to 12"), (int)(me - s), s);
			return false;
		}
		if (fixed[month - 1] >= 0) {
			snprintf(err, errsz, _("month %d is given twice"), month);
			return false;
		}
		char *a = eq + 1;
		while (blank(*a))
			a++;
		char why[128];
		int64_t fen;
		if (!money_parse(a, &fen, why, sizeof why)) {
			snprintf(err, errsz, _("month %d: '%s' %s"), month, a, why);
			return false;
		}
		if (fen < 0) {
			snprintf(err, errsz, _("month %d: a target cannot be negative"), month);
			return false;
		}
		fixed[month - 1] = fen;
		if (!end)
			break;
		p = end + 1;
		if (!*p) {
			snprintf(err, errsz, _("a trailing ',' with no month after it"));
			return false;
		}
	}
	return true;
}

void year_weights(year_method method, const int64_t last_year[YEAR_MONTHS], const calendar *cal,
                  int y, int64_t weights[YEAR_MONTHS])
{
	for (int i = 0; i < YEAR_MONTHS; i++) {
		if (method == YEAR_SEASONAL) {
			int64_t v = last_year ? last_year[i] : 0;
			weights[i] = v < 0 ? 0 : v > MONEY_MAX_FEN ? MONEY_MAX_FEN : v;
		} else if (method == YEAR_WORKDAYS) {
			weights[i] = calendar_workdays_in_month(cal, y, i + 1);
		} else {
			weights[i] = 1;
		}
	}
}

bool year_seasonal_default(const int64_t last_year[YEAR_MONTHS])
{
	for (int i = 0; i < YEAR_MONTHS; i++)
		if (!last_year || last_year[i] <= 0)
			return false;
	return true;
}

year_status year_split(int64_t target, const int64_t weights[YEAR_MONTHS],
                       const int64_t fixed[YEAR_MONTHS], int64_t out[YEAR_MONTHS])
{
	int64_t rest = target, w[YEAR_MONTHS], part[YEAR_MONTHS];
	int idx[YEAR_MONTHS], n = 0;

	if (target < 0 || target > MONEY_MAX_FEN)
		return YEAR_E_TARGET;
	for (int i = 0; i < YEAR_MONTHS; i++) {
		if (weights[i] < 0 || weights[i] > MONEY_MAX_FEN)
			return YEAR_E_WEIGHT;
		if (fixed && fixed[i] >= 0) {
			if (fixed[i] > MONEY_MAX_FEN)
				return YEAR_E_FIXED;
			if (fixed[i] > rest)
				return YEAR_E_OVER;
			rest -= fixed[i];
			out[i] = fixed[i];
		} else {
			idx[n] = i;
			w[n++] = weights[i];
		}
	}
	if (n == 0)
		return rest == 0 ? YEAR_OK : YEAR_E_ALL_FIXED;
	plan_status st = plan_apportion(rest, w, NULL, (size_t)n, part);
	if (st == PLAN_E_NOMEM)
		return YEAR_E_NOMEM;
	if (st != PLAN_OK)
		return YEAR_E_WEIGHT;
	for (int k = 0; k < n; k++)
		out[idx[k]] = part[k];
	return YEAR_OK;
}

year_status year_respread(const int64_t target[YEAR_MONTHS], const int64_t achieved[YEAR_MONTHS],
                          int first_open, int64_t out[YEAR_MONTHS])
{
	int64_t total = 0, done = 0, w[YEAR_MONTHS], part[YEAR_MONTHS];
	int n = 0;

	if (first_open < 0)
		first_open = 0;
	if (first_open > YEAR_MONTHS)
		first_open = YEAR_MONTHS;
	for (int i = 0; i < YEAR_MONTHS; i++) {
		if (target[i] < 0 || target[i] > MONEY_MAX_FEN)
			return YEAR_E_TARGET;
		total += target[i];
		if (i < first_open) {
			out[i] = -1;
			int64_t a = achieved[i];
			if (a > MONEY_MAX_FEN)
				a = MONEY_MAX_FEN;
			if (a < -MONEY_MAX_FEN)
				a = -MONEY_MAX_FEN;
			done += a;
		} else {
			w[n++] = target[i];
		}
	}
	if (n == 0)
		return YEAR_OK;
	int64_t left = total - done;
	if (left < 0)
		left = 0;
	if (left > MONEY_MAX_FEN)
		left = MONEY_MAX_FEN;
	plan_status st = plan_apportion(left, w, NULL, (size_t)n, part);
	if (st == PLAN_E_NOMEM)
		return YEAR_E_NOMEM;
	if (st != PLAN_OK)
		return YEAR_E_TARGET;
	for (int k = 0; k < n; k++)
		out[first_open + k] = part[k];
	return YEAR_OK;
}
