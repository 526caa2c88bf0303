/* Team standings: ratios, pace, group totals and ranks. See repdesk/team.h. */
#include <stdlib.h>
#include <string.h>

#include "repdesk/team.h"

#define RATIO_CAP 99999

int team_ratio(int64_t num, int64_t den)
{
	if (den <= 0)
		return TEAM_NONE;
	if (num <= 0)
		return 0;
	/* Hundredths without overflow for any amount the money parser takes:
	 * whole part and remainder apart. */
	int64_t whole = num / den, rest = num % den;
	if (whole >= RATIO_CAP / 100)
		return RATIO_CAP;
	int64_t frac;
	if (rest <= INT64_MAX / 200)
		frac = (rest * 200 / den + 1) / 2;
	else
		frac = (rest / (den / 200 + 1) + 1) / 2;
	int64_t r = whole * 100 + frac;
	return r > RATIO_CAP ? RATIO_CAP : (int)r;
}

int team_pace(int64_t achieved, int64_t target, int elapsed, int workdays)
{
	if (target <= 0 || elapsed <= 0 || workdays <= 0)
		return TEAM_NONE;
	if (elapsed > workdays)
		elapsed = workdays;
	/* achieved x workdays / (target x elapsed); the factors are at most 31. */
	if (achieved > INT64_MAX / 32 || target > INT64_MAX / 32)
		return team_ratio(achieved / elapsed, target / workdays);
	return team_ratio(achieved * workdays, target * elapsed);
}

static void figure(team_row *r, int elapsed, int workdays)
{
	r->progress = team_ratio(r->achieved, r->target);
	r->pace = team_pace(r->achieved, r->target, elapsed, workdays);
}

static int by_standing(const team_row *a, const team_row *b)
{
	if ((a->progress == TEAM_NONE) != (b->progress == TEAM_NONE))
		return a->progress == TEAM_NONE ? 1 : -1;
	/* Hundredths can tie where the figures do not: compare exactly,
	 * a.achieved / a.target against b.achieved / b.target. */
	if (a->progress != TEAM_NONE && a->target > 0 && b->target > 0 &&
	    a->achieved <= INT64_MAX / (b->target > 1 ? b->target : 1) &&
	    b->achieved <= INT64_MAX / (a->target > 1 ? a->target : 1)) {
		int64_t x = a->achieved * b->target, y = b->achieved * a->target;
		if (x != y)
			return x > y ? -1 : 1;
	} else if (a->progress != b->progress) {
		return a->progress > b->progress ? -1 : 1;
	}
	if (a->achieved != b->achieved)
		return a->achieved > b->achieved ? -1 : 1;
	return 0;
}

static int rep_cmp(const void *x, const void *y)
{
	const team_row *a = x, *b = y;
	int c = by_standing(a, b);
	if (c == 0)
		c = strcmp(a->rep, b->rep);
	return c ? c : strcmp(a->rep_uid, b->rep_uid);
}

static int group_name_cmp(const void *x, const void *y)
{
	const team_row *a = x, *b = y;
	int c = strcmp(a->group, b->group);
	return c ? c : rep_cmp(a, b);
}

static int group_cmp(const void *x, const void *y)
{
	const team_row *a = x, *b = y;
	int c = by_standing(a, b);
	return c ? c : strcmp(a->group, b->group);
}

size_t team_rank(const team_row *reps, size_t n, int elapsed, int workdays, bool by_rep,
                 team_row *out)
{
	team_row *r = malloc((n ? n : 1) * sizeof *r), *g;
	size_t ngroups = 0, m = 0;

	if (!r)
		return (size_t)-1;
	memcpy(r, reps, n * sizeof *r);
	for (size_t i = 0; i < n; i++) {
		figure(&r[i], elapsed, workdays);
		r[i].total = false;
	}
	if (by_rep) {
		qsort(r, n, sizeof *r, rep_cmp);
		for (size_t i = 0; i < n; i++) {
			out[i] = r[i];
			out[i].rank = (int)i + 1;
		}
		free(r);
		return n;
	}
	/* Reps by group, ranked inside it; one total per group, built in the
	 * second half of OUT (N rows of room there: at most one group a rep). */
	qsort(r, n, sizeof *r, group_name_cmp);
	g = out + n;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(r[i].group, r[i - 1].group) != 0) {
			team_row *t = &g[ngroups++];
			memset(t, 0, sizeof *t);
			memcpy(t->group, r[i].group, sizeof t->group);
			strcpy(t->rep, "*");
			t->total = true;
			t->rank = (int)i;    /* where its reps start in R */
		}
		team_row *t = &g[ngroups - 1];
		t->target += r[i].target;
		t->achieved += r[i].achieved;
		t->calls += r[i].calls;
		t->effective += r[i].effective;
		t->deals += r[i].deals;
		t->collected += r[i].collected;
		t->visits += r[i].visits;
		t->ytd_target += r[i].ytd_target;
		t->ytd_achieved += r[i].ytd_achieved;
		t->pipeline += r[i].pipeline;
		t->weighted += r[i].weighted;
	}
	for (size_t k = 0; k < ngroups; k++)
		figure(&g[k], elapsed, workdays);
	qsort(g, ngroups, sizeof *g, group_cmp);
	/* Written from the front: the output never overtakes the totals still
	 * to be read (k + reps before it < n + k). */
	for (size_t k = 0; k < ngroups; k++) {
		team_row t = g[k];
		size_t from = (size_t)t.rank;
		t.rank = (int)k + 1;
		out[m++] = t;
		for (size_t i = from; i < n && strcmp(r[i].group, t.group) == 0; i++) {
			out[m] = r[i];
			out[m++].rank = (int)(i - from) + 1;
		}
	}
	free(r);
	return m;
}
