/* The team report and the Team screen's figures: see repdesk/teamview.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/book.h"
#include "repdesk/db/forecast.h"
#include "repdesk/db/team.h"
#include "repdesk/db/yearplan.h"
#include "repdesk/teamview.h"
#include "repdesk/status.h"
#include "repdesk/i18n.h"

typedef struct {
	team_row *v;
	size_t n, cap;
	bool oom;
	size_t idle;                 /* the book's own rep with nothing logged or planned
	                              * (SIZE_MAX: none), kept only with a pipeline */
} rows;

static bool take_rep(const db_team_rep *r, void *ctx)
{
	rows *l = ctx;

	/* The lead's own book, empty: no rep to rank (a lead who sells, or
	 * plans a month of their own, or keeps opportunities, is ranked like
	 * any rep). Whether it keeps any is known after the pipeline's read. */
	if (r->owner && !r->active && r->target <= 0)
		l->idle = l->n;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		team_row *p = realloc(l->v, cap * sizeof *p);
		if (!p) {
			l->oom = true;
			return false;
		}
		l->v = p;
		l->cap = cap;
	}
	team_row *t = &l->v[l->n++];
	memset(t, 0, sizeof *t);
	snprintf(t->group, sizeof t->group, "%s", r->group);
	snprintf(t->rep, sizeof t->rep, "%s", r->name);
	snprintf(t->rep_uid, sizeof t->rep_uid, "%s", r->uid);
	t->target = r->target;
	t->achieved = r->sales;
	t->calls = r->calls;
	t->effective = r->effective;
	t->deals = r->deals;
	t->collected = r->collected;
	t->visits = r->visits;
	snprintf(t->bundle_date, sizeof t->bundle_date, "%s", r->bundle_date);
	return true;
}

/* Mark the reps whose latest bundle was added before DATE. */
static void mark_stale(team_row *v, size_t n, date_day date)
{
	char day[DATE_BUFSZ];

	date_format(date, day);
	for (size_t i = 0; i < n; i++)
		v[i].stale = v[i].bundle_date[0] && strcmp(v[i].bundle_date, day) < 0;
}

static status_code read_reps(db *d, date_day from, date_day to, int y, int m, rows *l, char *err,
                           size_t errsz)
{
	char a[DATE_BUFSZ], b[DATE_BUFSZ], month[DATE_MONTH_BUFSZ];

	snprintf(month, sizeof month, "%04d-%02d", y, m);
	db_status st = db_team_reps(d, date_format(from, a), date_format(to, b), month, take_rep, l);
	if (l->oom) {
		snprintf(err, errsz, _("out of memory"));
		return STATUS_IOERR;
	}
	if (st != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		return status_from_db(st);
	}
	return STATUS_OK;
}

static bool take_ytd(const db_team_ytd *r, void *ctx)
{
	rows *l = ctx;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].rep_uid, r->rep_uid) == 0) {
			l->v[i].ytd_target = r->target;
			l->v[i].ytd_achieved = r->achieved;
			break;
		}
	return true;
}

/* Each rep's year to date (the team report's last pair of columns). */
static status_code read_ytd(db *d, int y, int m, rows *l, char *err, size_t errsz)
{
	char month[DATE_MONTH_BUFSZ];

	snprintf(month, sizeof month, "%04d-%02d", y, m);
	db_status st = db_team_ytd_each(d, month, take_ytd, l);
	if (st != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		return status_from_db(st);
	}
	return STATUS_OK;
}

static bool take_pipeline(const db_team_pipeline *p, void *ctx)
{
	rows *l = ctx;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].rep_uid, p->rep_uid) == 0) {
			l->v[i].pipeline = p->total;
			l->v[i].weighted = p->weighted;
			break;
		}
	return true;
}

/* Each rep's open pipeline and its weighted forecast (the report's columns
 * after the year to date). */
static status_code read_pipeline(db *d, rows *l, char *err, size_t errsz)
{
	db_status st = db_team_pipeline_each(d, take_pipeline, l);
	if (st != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		return status_from_db(st);
	}
	if (l->idle < l->n && l->v[l->idle].pipeline <= 0) {
		memmove(&l->v[l->idle], &l->v[l->idle + 1], (l->n - l->idle - 1) * sizeof *l->v);
		l->n--;
	}
	return STATUS_OK;
}

static status_code load(db *d, const calendar *cal, int y, int m, date_day date, bool by_rep,
                      teamview *out, char *err, size_t errsz)
{
	date_day first = date_month_first_day(y, m), last = date_month_last_day(y, m);
	rows l = { .idle = SIZE_MAX };

	memset(out, 0, sizeof *out);
	out->y = y;
	out->m = m;
	out->date = date;
	out->covered = calendar_covers(cal, y, m);
	out->estimated = calendar_estimated(cal, y);
	out->workdays = calendar_workdays_in_month(cal, y, m);
	out->elapsed = calendar_workdays_between(cal, first, date < last ? date : last);
	status_code rs = read_reps(d, first, last, y, m, &l, err, errsz);
	if (rs == STATUS_OK)
		rs = read_ytd(d, y, m, &l, err, errsz);
	if (rs == STATUS_OK)
		rs = read_pipeline(d, &l, err, errsz);
	if (rs != STATUS_OK) {
		free(l.v);
		return rs;
	}
	mark_stale(l.v, l.n, date);
	out->rows = malloc((2 * l.n + 1) * sizeof *out->rows);
	size_t n = out->rows ? team_rank(l.v, l.n, out->elapsed, out->workdays, by_rep, out->rows)
	                     : (size_t)-1;
	free(l.v);
	if (n == (size_t)-1) {
		teamview_free(out);
		snprintf(err, errsz, _("out of memory"));
		return STATUS_IOERR;
	}
	out->n = n;
	return STATUS_OK;
}

status_code teamview_load(db *d, const calendar *cal, int y, int m, date_day today, bool by_rep,
                        teamview *out, char *err, size_t errsz)
{
	date_day first = date_month_first_day(y, m), last = date_month_last_day(y, m);
	date_day date = today < first ? first - 1 : today > last ? last : today;

	return load(d, cal, y, m, date, by_rep, out, err, errsz);
}

status_code teamview_load_day(db *d, const calendar *cal, date_day day, teamview *out, char *err,
                            size_t errsz)
{
	int y, m, dd;
	rows l = { .idle = SIZE_MAX };

	date_to_ymd(day, &y, &m, &dd);
	status_code rs = load(d, cal, y, m, day, false, out, err, errsz);
	if (rs == STATUS_OK)
		rs = read_reps(d, day, day, y, m, &l, err, errsz);
	if (rs == STATUS_OK)
		mark_stale(l.v, l.n, day);
	if (rs != STATUS_OK) {
		free(l.v);
		teamview_free(out);
		return rs;
	}
	out->day = l.v;
	out->nday = l.n;
	return STATUS_OK;
}

void teamview_free(teamview *t)
{
	free(t->rows);
	free(t->day);
	t->rows = t->day = NULL;
	t->n = t->nday = 0;
}

const team_row *teamview_day_of(const teamview *t, const char *rep_uid)
{
	for (size_t i = 0; i < t->nday; i++)
		if (strcmp(t->day[i].rep_uid, rep_uid) == 0)
			return &t->day[i];
	return NULL;
}

char *teamview_bar(int hundredths, int width, char *out, size_t outsz)
{
	size_t o = 0;
	long full = hundredths == TEAM_NONE ? 0 : ((long)hundredths * width + 50) / 100;

	if (full > width)
		full = width;
	for (int i = 0; i < width && o + 4 <= outsz; i++) {
		memcpy(out + o, i < full ? "\u2588" : "\u2591", 3);
		o += 3;
	}
	if (outsz)
		out[o < outsz ? o : outsz - 1] = '\0';
	return out;
}

static bool take_day(const db_team_day *r, void *ctx)
{
	teamview_month *tm = ctx;
	date_day day;

	if (date_parse(r->date, &day))
		for (int i = 0; i < tm->ndays; i++)
			if (tm->days[i].day == day) {
				tm->days[i].achieved = r->sales;
				tm->effective[i] = r->effective;
				tm->deals[i] = r->deals;
			}
	return true;
}

status_code teamview_rep_month(db *d, const calendar *cal, const team_row *rep, int y, int m,
                             date_day upto, teamview_month *out, char *err, size_t errsz)
{
	char a[DATE_BUFSZ], b[DATE_BUFSZ];

	memset(out, 0, sizeof *out);
	out->target = rep->target;
	out->ndays = plan_split_days(rep->target > 0 ? rep->target : 0, cal, y, m, out->days, NULL);
	if (out->ndays < 0) {
		snprintf(err, errsz, _("the target of %s is out of range"), rep->rep);
		return STATUS_DATAERR;
	}
	db_status st = db_team_days(d, rep->rep_uid, date_format(date_month_first_day(y, m), a),
	                            date_format(date_month_last_day(y, m), b), take_day, out);
	if (st != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		return status_from_db(st);
	}
	plan_days_accumulate(out->days, out->ndays);
	/* Days up to UPTO are judged by what they were told as they began. */
	plan_respread_days(rep->target > 0 ? rep->target : 0, cal, out->days, out->ndays, upto + 1,
	                   out->respread);
	return STATUS_OK;
}

char *teamview_per_day(int n, int elapsed, char *out, size_t outsz)
{
	if (elapsed <= 0) {
		snprintf(out, outsz, "-");
		return out;
	}
	long tenths = ((long)n * 20 + elapsed) / (2L * elapsed);    /* rounded half up */
	snprintf(out, outsz, "%ld.%ld", tenths / 10, tenths % 10);
	return out;
}
