/* Opportunities' stages, paths and figures: see repdesk/opp.h. */
#include <stdio.h>
#include <string.h>

#include "repdesk/i18n.h"
#include "repdesk/opp.h"
#include "repdesk/record.h"
#include "repdesk/text.h"

/* The usual days are a project seller's rhythm: a lead is qualified or
 * dropped within two weeks, a tender runs a month and a half. */
const opp_stage_info opp_stages[OPP_STAGE_COUNT] = {
	[OPP_LEAD]        = { "lead",        "lead",        N_("stage|lead"),
	                      "线索|潜在",          10, 14 },
	[OPP_QUALIFIED]   = { "qualified",   "qualified",   N_("stage|qualified"),
	                      "确认|意向|已确认",   20, 21 },
	[OPP_PROPOSAL]    = { "proposal",    "proposal",    N_("stage|proposal"),
	                      "方案|报价",          40, 30 },
	[OPP_TENDER]      = { "tender",      "tender",      N_("stage|tender"),
	                      "投标|招标|bid",      50, 45 },
	[OPP_NEGOTIATION] = { "negotiation", "negotiation", N_("stage|negotiation"),
	                      "谈判|商务谈判",      70, 21 },
	[OPP_WON]         = { "won",         "won",         N_("stage|won"),
	                      "赢单|成交|赢",      100, 0 },
	[OPP_LOST]        = { "lost",        "lost",        N_("stage|lost"),
	                      "丢单|输单|输",        0, 0 },
};

const char *const opp_stage_keys[] = { "lead", "qualified", "proposal", "tender", "negotiation",
                                       "won", "lost", NULL };

opp_stage opp_stage_find(const char *s)
{
	if (!s)
		return OPP_STAGE_NONE;
	while (*s == ' ')
		s++;
	if (s[0] >= '1' && s[0] <= '0' + OPP_STAGE_COUNT && (s[1] == '\0' || s[1] == ' '))
		return (opp_stage)(s[0] - '1');
	for (int i = 0; i < OPP_STAGE_COUNT; i++)
		if (record_header_matches(s, opp_stages[i].key, opp_stages[i].aliases))
			return (opp_stage)i;
	return OPP_STAGE_NONE;
}

int opp_probability(opp_stage st, int own)
{
	if (own >= 0 && own <= 100)
		return own;
	return (unsigned)st < OPP_STAGE_COUNT ? opp_stages[st].probability : 0;
}

int64_t opp_weighted(int64_t value, int percent)
{
	/* value is within MONEY_MAX_FEN (< 2^53): times 100 does not overflow. */
	int64_t p = value * percent;
	return p >= 0 ? (p + 50) / 100 : -((-p + 50) / 100);
}

/* ---- paths ---- */

/* One step "key YYYY-MM-DD" of LEN bytes at S. */
static bool parse_step(const char *s, size_t len, opp_step *out)
{
	const char *sp = memchr(s, ' ', len);
	char key[16], day[DATE_BUFSZ];

	if (!sp || (size_t)(sp - s) >= sizeof key || len - (size_t)(sp - s) - 1 != DATE_BUFSZ - 1)
		return false;
	memcpy(key, s, (size_t)(sp - s));
	key[sp - s] = '\0';
	memcpy(day, sp + 1, DATE_BUFSZ - 1);
	day[DATE_BUFSZ - 1] = '\0';
	out->stage = OPP_STAGE_NONE;
	for (int i = 0; i < OPP_STAGE_COUNT; i++)
		if (strcmp(key, opp_stages[i].key) == 0)
			out->stage = (opp_stage)i;
	return out->stage != OPP_STAGE_NONE && date_parse(day, &out->day);
}

int opp_path_parse(const char *path, opp_step *steps)
{
	int n = 0;

	if (!path)
		return -1;
	while (*path) {
		const char *semi = strchr(path, ';');
		size_t len = semi ? (size_t)(semi - path) : strlen(path);
		if (n == OPP_PATH_STEPS || !parse_step(path, len, &steps[n]))
			return -1;
		if (n && steps[n].day < steps[n - 1].day)
			return -1;
		n++;
		path += len;
		if (semi && !*++path)
			return -1;   /* a trailing ';' */
	}
	return n;
}

const char *opp_path_check(const char *s, size_t len)
{
	opp_step steps[OPP_PATH_STEPS];

	if (len > OPP_PATH_MAX || strlen(s) != len)
		return N_("too long");
	return opp_path_parse(s, steps) < 0 ? N_("not a path of stages and days") : NULL;
}

bool opp_path_append(const char *path, opp_stage stage, date_day day, char *out, size_t outsz)
{
	opp_step steps[OPP_PATH_STEPS + 1];
	int n = opp_path_parse(path, steps);

	if (n < 0 || (unsigned)stage >= OPP_STAGE_COUNT || outsz < OPP_PATH_MAX + 1)
		return false;
	if (n && day < steps[n - 1].day)
		return false;
	if (n && steps[n - 1].stage == stage)
		;                         /* already there: the path stays */
	else if (n && steps[n - 1].day == day && n > 1)
		steps[n - 1].stage = stage;
	else {
		if (n == OPP_PATH_STEPS) {
			/* Keep the first (when it was opened) and the latest. */
			memmove(&steps[1], &steps[2], (size_t)(n - 2) * sizeof *steps);
			n--;
		}
		steps[n++] = (opp_step){ stage, day };
	}
	/* A step that replaced the last may now repeat the one before it. */
	if (n > 1 && steps[n - 1].stage == steps[n - 2].stage)
		n--;
	size_t at = 0;
	for (int i = 0; i < n; i++) {
		char d[DATE_BUFSZ];
		int w = snprintf(out + at, outsz - at, "%s%s %s", i ? ";" : "",
		                 opp_stages[steps[i].stage].key, date_format(steps[i].day, d));
		if (w < 0 || (size_t)w >= outsz - at)
			return false;
		at += (size_t)w;
	}
	if (n == 0)
		out[0] = '\0';
	return true;
}

date_day opp_path_since(const char *path)
{
	opp_step steps[OPP_PATH_STEPS];
	int n = opp_path_parse(path, steps);

	return n > 0 ? steps[n - 1].day : 0;
}

/* ---- figures ---- */

void opp_stats_add(opp_stats *s, const opp_step *steps, int n)
{
	if (n <= 0)
		return;
	opp_stage end = steps[n - 1].stage;
	if (end != OPP_WON && end != OPP_LOST)
		return;
	date_day closed = steps[n - 1].day;
	s->closed++;
	if (end == OPP_WON)
		s->closed_won++;
	/* Each open stage once, from the first day it was entered. */
	bool seen[OPP_STAGE_COUNT] = { false };
	for (int i = 0; i < n - 1; i++) {
		opp_stage st = steps[i].stage;
		if (!opp_stage_open(st) || seen[st])
			continue;
		seen[st] = true;
		s->reached[st]++;
		if (end == OPP_WON) {
			s->won[st]++;
			s->days[st] += closed - steps[i].day;
		}
	}
}

int opp_stats_win_permille(const opp_stats *s, opp_stage st)
{
	if ((unsigned)st >= OPP_STAGE_COUNT || s->reached[st] == 0)
		return -1;
	return (int)((s->won[st] * 1000 + s->reached[st] / 2) / s->reached[st]);
}

int opp_stats_days_tenths(const opp_stats *s, opp_stage st)
{
	if ((unsigned)st >= OPP_STAGE_COUNT || s->won[st] == 0)
		return -1;
	return (int)((s->days[st] * 10 + s->won[st] / 2) / s->won[st]);
}

bool opp_stats_add_path(opp_stats *s, const char *path, date_day from, date_day to)
{
	opp_step steps[OPP_PATH_STEPS];
	int n = opp_path_parse(path, steps);

	if (n <= 0 || (steps[n - 1].stage != OPP_WON && steps[n - 1].stage != OPP_LOST) ||
	    steps[n - 1].day < from || steps[n - 1].day > to)
		return false;
	opp_stats_add(s, steps, n);
	return true;
}

int64_t opp_forecast_gap(int64_t target, int64_t achieved, int64_t weighted)
{
	int64_t gap = target - achieved - weighted;
	return gap > 0 ? gap : 0;
}
