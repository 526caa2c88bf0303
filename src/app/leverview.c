/* The levers with the month's target. See repdesk/leverview.h. */
#include <stdio.h>
#include <string.h>

#include "repdesk/db/customers.h"
#include "repdesk/db/forecast.h"
#include "repdesk/db/levers.h"
#include "repdesk/db/plan.h"
#include "repdesk/leverview.h"
#include "repdesk/planbook.h"

static bool on_target(const db_target *tg, void *ctx)
{
	leverview *v = ctx;
	if (strcmp(tg->level, planbook_level_names[PB_BASE]) == 0 && strcmp(tg->scope, "month") == 0) {
		v->target = tg->amount;
		v->has_plan = true;
	}
	return true;
}

static status_code fail(db *d, db_status st, char *err, size_t errsz)
{
	snprintf(err, errsz, "%s", db_error(d));
	return st == DB_BUSY ? STATUS_BUSY : STATUS_IOERR;
}

status_code leverview_load(db *d, int y, int m, int n, leverview *out, char *err, size_t errsz)
{
	char month[16];
	db_status st;

	memset(out, 0, sizeof *out);
	if ((st = db_tiers_get(d, &out->th)) != DB_OK || (st = db_levers_load(d, y, m, n, &out->lv)) != DB_OK)
		return fail(d, st, err, errsz);
	snprintf(month, sizeof month, "%04d-%02d", y % 10000, m % 100);
	if ((st = db_targets_each_brief(d, month, on_target, out)) != DB_OK)
		return fail(d, st, err, errsz);
	out->volume = out->th.metric == TIER_METRIC_VOLUME;
	out->achieved = out->lv.mon[out->lv.n].sales;
	out->gap = out->has_plan && out->target > out->achieved ? out->target - out->achieved : 0;
	levers_worth_of(&out->lv, &out->th, &out->worth);
	out->from = date_month_first_day(out->lv.mon[1].y, out->lv.mon[1].m);
	out->to = date_month_last_day(y, m);
	if ((st = db_opp_stats_get(d, out->from, out->to, &out->stages)) != DB_OK ||
	    (st = db_opp_open_count(d, &out->open)) != DB_OK)
		return fail(d, st, err, errsz);
	return STATUS_OK;
}
