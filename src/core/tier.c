/* Customer tiers from thresholds, the threshold spec reps type in settings
 * ("S=30000,A=15000,B=6000,C=1500"), and store-count bands. */
#include <stdio.h>
#include <string.h>

#include "repdesk/err.h"
#include "repdesk/money.h"
#include "repdesk/text.h"
#include "repdesk/tier.h"
#include "repdesk/i18n.h"

static const char letters[TIER_COUNT] = { 'S', 'A', 'B', 'C', 'D' };

tier_thresholds tier_default(tier_metric metric)
{
	if (metric == TIER_METRIC_VOLUME)
		return (tier_thresholds){ TIER_METRIC_VOLUME, { 100, 50, 20, 1 } };
	return (tier_thresholds){ TIER_METRIC_AMOUNT,
				  { 2000000, 1000000, 500000, 100000 } };
}

tier tier_of(int64_t value, const tier_thresholds *th)
{
	for (int t = TIER_S; t <= TIER_C; t++)
		if (value >= th->min[t])
			return (tier)t;
	return TIER_D;
}

tier tier_effective(tier manual, tier computed)
{
	return manual >= TIER_S && manual < TIER_COUNT ? manual : computed;
}

char tier_letter(tier t)
{
	return t >= TIER_S && t < TIER_COUNT ? letters[t] : '-';
}

tier tier_from_letter(int c)
{
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	for (int t = TIER_S; t < TIER_COUNT; t++)
		if (c == letters[t])
			return (tier)t;
	return TIER_NONE;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether a comma at S separates two entries: money may hold thousands
 * separators ("S=30,000,A=15,000"), so a comma only ends an entry when the
 * next thing is a tier letter and '='. */
static bool is_separator(const char *s)
{
	if (*s != ',')
		return false;
	for (s++; is_space(*s); s++)
		;
	if (tier_from_letter((unsigned char)*s) == TIER_NONE)
		return false;
	for (s++; is_space(*s); s++)
		;
	return *s == '=';
}

static bool parse_volume(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return true;
}

/* A threshold as the spec writes it: yuan for amounts, units for volumes. */
static void put_value(const tier_thresholds *th, int t, char *buf, size_t bufsz)
{
	if (th->metric == TIER_METRIC_VOLUME) {
		snprintf(buf, bufsz, "%lld", (long long)th->min[t]);
		return;
	}
	money_format_csv(th->min[t], buf, bufsz);
	size_t n = strlen(buf);
	if (n > 3 && strcmp(buf + n - 3, ".00") == 0)
		buf[n - 3] = '\0';
}

bool tier_parse_spec(const char *spec, tier_metric metric, tier_thresholds *out,
		     char *err, size_t errsz)
{
	tier_thresholds th = { metric, { 0, 0, 0, 0 } };
	bool seen[4] = { false, false, false, false };
	const char *p = spec ? spec : "";
	char shown[32];	/* user text quoted in a message, made safe to print */

	while (*p) {
		while (is_space(*p))
			p++;
		int letter = (unsigned char)*p;
		tier t = tier_from_letter(letter);
		if (t == TIER_NONE)
			return err_fail(err, errsz, _("expected S=, A=, B= or C= at '%s'"),
				    text_sanitize(p, shown, sizeof shown));
		if (t == TIER_D)
			return err_fail(err, errsz, _("D takes no threshold: it is everything below C"));
		if (seen[t])
			return err_fail(err, errsz, _("%c is given twice"), tier_letter(t));
		for (p++; is_space(*p); p++)
			;
		if (*p != '=')
			return err_fail(err, errsz, _("expected '=' after %c"), tier_letter(t));
		p++;

		const char *end = p;
		while (*end && !is_separator(end))
			end++;
		char value[64], why[64];
		size_t n = (size_t)(end - p);
		if (n >= sizeof value)
			return err_fail(err, errsz, _("%c: the value is too long"), tier_letter(t));
		memcpy(value, p, n);
		value[n] = '\0';
		while (n > 0 && is_space(value[n - 1]))
			value[--n] = '\0';
		const char *v = value;
		while (is_space(*v))
			v++;

		if (metric == TIER_METRIC_AMOUNT) {
			if (!money_parse(v, &th.min[t], why, sizeof why))
				return err_fail(err, errsz, "%c: '%s' %s", tier_letter(t),
					    text_sanitize(v, shown, sizeof shown), why);
		} else if (!parse_volume(v, &th.min[t])) {
			return err_fail(err, errsz, _("%c: '%s' is not a whole number"), tier_letter(t),
				    text_sanitize(v, shown, sizeof shown));
		}
		if (th.min[t] < 0)
			return err_fail(err, errsz, _("%c: the threshold must not be negative"), tier_letter(t));
		seen[t] = true;
		p = *end ? end + 1 : end;
	}

	for (int t = TIER_S; t <= TIER_C; t++)
		if (!seen[t])
			return err_fail(err, errsz, _("%c is missing (S, A, B and C are all needed)"),
				    letters[t]);
	for (int t = TIER_A; t <= TIER_C; t++)
		if (th.min[t] >= th.min[t - 1]) {
			char lo[MONEY_BUFSZ], hi[MONEY_BUFSZ];
			put_value(&th, t, lo, sizeof lo);
			put_value(&th, t - 1, hi, sizeof hi);
			return err_fail(err, errsz, _("%c=%s must be below %c=%s"), letters[t], lo,
				    letters[t - 1], hi);
		}
	*out = th;
	return true;
}

char *tier_format_spec(const tier_thresholds *th, char *buf, size_t bufsz)
{
	char v[4][MONEY_BUFSZ];

	for (int t = TIER_S; t <= TIER_C; t++)
		put_value(th, t, v[t], sizeof v[t]);
	snprintf(buf, bufsz, "S=%s,A=%s,B=%s,C=%s", v[0], v[1], v[2], v[3]);
	return buf;
}

const char *tier_metric_name(tier_metric m)
{
	return m == TIER_METRIC_VOLUME ? "volume" : "amount";
}

bool tier_metric_parse(const char *s, tier_metric *m)
{
	if (strcmp(s, "amount") == 0)
		*m = TIER_METRIC_AMOUNT;
	else if (strcmp(s, "volume") == 0)
		*m = TIER_METRIC_VOLUME;
	else
		return false;
	return true;
}

tier_band tier_band_of(int64_t stores)
{
	if (stores < 0)
		return TIER_BAND_UNKNOWN;
	return stores >= 30 ? TIER_BAND_30 : stores >= 10 ? TIER_BAND_10 : stores >= 3 ? TIER_BAND_3 : TIER_BAND_FEW;
}

const char *tier_band_label(tier_band b)
{
	switch (b) {
	case TIER_BAND_30:	return "30+";
	case TIER_BAND_10:	return "10-29";
	case TIER_BAND_3:	return "3-9";
	case TIER_BAND_FEW:	return "0-2";
	default:	return "";
	}
}
