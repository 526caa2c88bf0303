/* The year's plan for the book: orders and calendar in, month targets out,
 * achieved and the re-spread back in. */
#include <stdio.h>
#include <string.h>

#include "repdesk/db/yearplan.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/yearbook.h"

static status_code db_fail(db *d, db_status st, char *err, size_t errsz)
{
	snprintf(err, errsz, "%s", db_error(d));
	return status_from_db(st);
}

/* The calendar, today's place in the year, and the running figures. */
static void figures(yearbook *yb, const calendar *cal, date_day today)
{
	int ty, tm, td;

	date_to_ymd(today, &ty, &tm, &td);
	yb->first_open = ty < yb->y ? 0 : ty > yb->y ? YEAR_MONTHS : tm - 1;
	yb->current = ty == yb->y ? tm : 0;
	yb->estimated = calendar_estimated(cal, yb->y);
	yb->covered = calendar_covers(cal, yb->y, 1);
	int64_t ct = 0, ca = 0;
	yb->total = yb->achieved_total = 0;
	for (int i = 0; i < YEAR_MONTHS; i++) {
		yb->workdays[i] = calendar_workdays_in_month(cal, yb->y, i + 1);
		ct += yb->target[i];
		ca += yb->achieved[i];
		yb->cum_target[i] = ct;
		yb->cum_achieved[i] = ca;
	}
	yb->total = ct;
	yb->achieved_total = ca;
	if (year_respread(yb->target, yb->achieved, yb->first_open, yb->respread) != YEAR_OK)
		for (int i = 0; i < YEAR_MONTHS; i++)
			yb->respread[i] = i < yb->first_open ? -1 : 0;
}

static status_code read_orders(db *d, yearbook *yb, char *err, size_t errsz)
{
	db_status st;

	if ((st = db_year_orders(d, yb->y, yb->achieved)) != DB_OK ||
	    (st = db_year_orders(d, yb->y - 1, yb->last_year)) != DB_OK)
		return db_fail(d, st, err, errsz);
	yb->seasonal_default = year_seasonal_default(yb->last_year);
	return STATUS_OK;
}

status_code yearbook_make(db *d, const calendar *cal, int y, int64_t target,
                          const year_method *method, const int64_t fixed[YEAR_MONTHS],
                          date_day today, yearbook *out, char *err, size_t errsz)
{
	int64_t w[YEAR_MONTHS];
	status_code rs;

	memset(out, 0, sizeof *out);
	out->y = y;
	if ((rs = read_orders(d, out, err, errsz)) != STATUS_OK)
		return rs;
	out->method = method ? *method : out->seasonal_default ? YEAR_SEASONAL : YEAR_WORKDAYS;
	if (out->method == YEAR_SEASONAL) {
		bool any = false;
		for (int i = 0; i < YEAR_MONTHS; i++)
			any = any || out->last_year[i] > 0;
		if (!any) {
			snprintf(err, errsz, _("--method seasonal: the book has no orders in %04d to follow; "
			                       "use working-days or even"), y - 1);
			return STATUS_USAGE;
		}
	}
	year_weights(out->method, out->last_year, cal, y, w);
	year_status ys = year_split(target, w, fixed, out->target);
	if (ys != YEAR_OK) {
		int64_t sum = 0;
		for (int i = 0; fixed && i < YEAR_MONTHS; i++)
			sum += fixed[i] > 0 ? fixed[i] : 0;
		char a[MONEY_BUFSZ], b[MONEY_BUFSZ];
		money_format(sum, a, sizeof a);
		money_format(target, b, sizeof b);
		if (ys == YEAR_E_OVER)
			snprintf(err, errsz, _("--months: the fixed months add up to %s, more than the "
			                       "year's target %s"), a, b);
		else if (ys == YEAR_E_ALL_FIXED)
			snprintf(err, errsz, _("--months: every month is fixed, but they add up to %s, "
			                       "not the year's target %s"), a, b);
		else
			snprintf(err, errsz, "%s", _(year_status_text(ys)));
		return ys == YEAR_E_NOMEM ? STATUS_IOERR : STATUS_USAGE;
	}
	for (int i = 0; i < YEAR_MONTHS; i++)
		out->fixed[i] = fixed && fixed[i] >= 0;
	figures(out, cal, today);
	return STATUS_OK;
}

status_code yearbook_save(db *d, const yearbook *yb, char *err, size_t errsz)
{
	db_year_plan p;

	memset(&p, 0, sizeof p);
	snprintf(p.method, sizeof p.method, "%s", year_method_name(yb->method));
	for (int i = 0; i < YEAR_MONTHS; i++) {
		p.present[i] = true;
		p.target[i] = yb->target[i];
		p.fixed[i] = yb->fixed[i];
	}
	db_status st = db_year_plan_save(d, yb->y, &p);
	return st == DB_OK ? STATUS_OK : db_fail(d, st, err, errsz);
}

status_code yearbook_exists(db *d, int y, bool *exists, char *err, size_t errsz)
{
	db_year_plan p;
	db_status st = db_year_plan_load(d, y, &p, exists);
	return st == DB_OK ? STATUS_OK : db_fail(d, st, err, errsz);
}

status_code yearbook_load(db *d, const calendar *cal, int y, date_day today, yearbook *out,
                          char *err, size_t errsz)
{
	db_year_plan p;
	bool exists;
	db_status st;
	status_code rs;

	memset(out, 0, sizeof *out);
	out->y = y;
	if ((st = db_year_plan_load(d, y, &p, &exists)) != DB_OK)
		return db_fail(d, st, err, errsz);
	if (!exists) {
		snprintf(err, errsz, _("no year plan for %04d yet: make one with "
		                       "'repdesk plan %04d --target AMOUNT'"), y, y);
		return STATUS_NOINPUT;
	}
	if ((rs = read_orders(d, out, err, errsz)) != STATUS_OK)
		return rs;
	if (!year_method_parse(p.method, &out->method))
		out->method = YEAR_WORKDAYS;
	for (int i = 0; i < YEAR_MONTHS; i++) {
		out->target[i] = p.present[i] ? p.target[i] : 0;
		out->fixed[i] = p.fixed[i];
	}
	figures(out, cal, today);
	return STATUS_OK;
}

void yearbook_rows(const yearbook *yb, yearbook_row out[YEAR_MONTHS])
{
	for (int i = 0; i < YEAR_MONTHS; i++) {
		yearbook_row *r = &out[i];
		snprintf(r->month, sizeof r->month, "%04u-%02u", (unsigned)yb->y % 10000u, (unsigned)(i + 1) % 100u);
		r->workdays = yb->workdays[i];
		r->target = yb->target[i];
		r->achieved = yb->achieved[i];
		r->cum_target = yb->cum_target[i];
		r->cum_achieved = yb->cum_achieved[i];
		r->respread = yb->respread[i];
		r->fixed = yb->fixed[i];
		r->current = yb->current == i + 1;
	}
}
