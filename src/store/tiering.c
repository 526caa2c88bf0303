/* The computed tier of each customer (customers.tier_auto), one rule for
 * the list, the queue and the plan: from the baseline of its orders when it
 * has order history, else its stated monthly amount (plan_tier_in_month).
 * The baseline is of the three months before the book's tier month, so the
 * tiers are made again when the month turns (db_tiers_month), when the
 * thresholds change (customers.c), and for each customer whose orders
 * changed (summary.c) or whose row a write or a merge replaced. A computed
 * tier is derived data: making it again stamps nothing. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "repdesk/db/customers.h"
#include "repdesk/ledger.h"
#include "repdesk/plan.h"
#include "repdesk/tuning.h"
#include "store_int.h"
#include "repdesk/i18n.h"

#define MONTH_KEY "tier_month"
#define START_KEY "book_start"

static const char letters[TIER_COUNT][2] = { "S", "A", "B", "C", "D" };

/* repdesk_tier(months, monthly_amount, monthly_volume): the letter. */
static void sql_tier(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	db *d = sqlite3_user_data(cx);
	const unsigned char *months = sqlite3_value_blob(v[0]);
	size_t len = (size_t)sqlite3_value_bytes(v[0]);
	int64_t amount = sqlite3_value_type(v[1]) == SQLITE_INTEGER ? sqlite3_value_int64(v[1]) : 0;
	int64_t volume = sqlite3_value_type(v[2]) == SQLITE_INTEGER ? sqlite3_value_int64(v[2]) : 0;

	(void)argc;
	tier t = plan_tier_at(months, len, d->tier_month / 100, d->tier_month % 100, d->tier_month,
	                      d->book_start, amount, volume, &d->tiers);
	sqlite3_result_text(cx, letters[t], 1, SQLITE_STATIC);
}

/* The month of the system clock, for a book no command told the month. */
static int clock_month(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm))
		return ledger_month_key(1970, 1);
	return ledger_month_key(tm.tm_year + 1900, tm.tm_mon + 1);
}

static bool month_parse(const char *s, int *key)
{
	int y, m;
	char end;

	if (sscanf(s, "%4d-%2d%c", &y, &m, &end) != 2 || y < 1 || m < 1 || m > 12)
		return false;
	*key = ledger_month_key(y, m);
	return true;
}

db_status store_tiers_ready(db *d)
{
	db_status st = store_tiers_load(d);

	if (st != DB_OK)
		return st;
	if (!d->tier_month) {
		char v[16];
		if ((st = db_setting_get(d, MONTH_KEY, v, sizeof v)) == DB_OK) {
			if (!month_parse(v, &d->tier_month))
				d->tier_month = clock_month();
		} else if (st == DB_NOT_FOUND) {
			d->tier_month = clock_month();
		} else {
			return st;
		}
	}
	if (!d->have_book_start) {
		char v[16];
		if ((st = db_setting_get(d, START_KEY, v, sizeof v)) == DB_OK) {
			if (!month_parse(v, &d->book_start))
				d->book_start = 0;
		} else if (st != DB_NOT_FOUND) {
			return st;
		}
		d->have_book_start = true;
	}
	if (!d->tier_fn) {
		int rc = sqlite3_create_function_v2(d->h, "repdesk_tier", 3, SQLITE_UTF8 |
		                                    SQLITE_DIRECTONLY, d, sql_tier, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return store_fail(d, rc, "repdesk_tier");
		d->tier_fn = true;
	}
	return DB_OK;
}

db_status store_retier(db *d, const char *uid)
{
	db_status st = store_tiers_ready(d);

	if (st != DB_OK)
		return st;
	sqlite3_stmt *s = store_prepare(d, uid
		? "UPDATE customers AS c SET tier_auto = " STORE_TIER_SQL
		  " WHERE c.uid = ?1 AND c.tier_auto IS NOT " STORE_TIER_SQL
		: "UPDATE customers AS c SET tier_auto = " STORE_TIER_SQL
		  " WHERE c.tier_auto IS NOT " STORE_TIER_SQL);
	if (!s)
		return d->last;
	if (uid)
		sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("recomputing tiers"));
}

db_status store_retier_uids(db *d, char (*uids)[STORE_UID_BUFSZ], size_t n)
{
	/* Past a few thousand, one pass over the book is quicker than a lookup
	 * each (tests/bench/run.sh loads orders for most of a book). */
	if (n >= RETIER_ALL_MIN)
		return store_retier(d, NULL);
	db_status st = store_tiers_ready(d);
	if (st != DB_OK || n == 0)
		return st;
	sqlite3_stmt *s = store_prepare(d, "UPDATE customers AS c SET tier_auto = " STORE_TIER_SQL
	                                   " WHERE c.uid = ?1 AND c.tier_auto IS NOT " STORE_TIER_SQL);
	if (!s)
		return d->last;
	for (size_t i = 0; i < n && st == DB_OK; i++) {
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, uids[i], -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		if (rc != SQLITE_DONE)
			st = store_fail(d, rc, _("recomputing tiers"));
	}
	sqlite3_finalize(s);
	return st;
}

db_status store_tier_of_row(db *d, int64_t id, int64_t amount, int64_t volume, tier *out)
{
	db_status st = store_tiers_ready(d);
	const unsigned char *months = NULL;
	size_t len = 0;
	sqlite3_stmt *s = NULL;

	if (st != DB_OK)
		return st;
	if (id > 0) {
		if (!(s = store_stmt(d, ST_CUST_MONTHS)))
			return d->last;
		sqlite3_bind_int64(s, 1, id);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			months = sqlite3_column_blob(s, 0);
			len = (size_t)sqlite3_column_bytes(s, 0);
		} else if (rc != SQLITE_DONE) {
			sqlite3_reset(s);
			return store_fail(d, rc, _("reading order totals"));
		}
	}
	*out = plan_tier_at(months, len, d->tier_month / 100, d->tier_month % 100, d->tier_month,
	                    d->book_start, amount == DB_NULL ? 0 : amount,
	                    volume == DB_NULL ? 0 : volume, &d->tiers);
	if (s)
		sqlite3_reset(s);
	return DB_OK;
}

db_status db_tier_basis_of(db *d, int64_t id, int64_t monthly_amount, db_tier_basis *out)
{
	db_status st = store_tiers_ready(d);
	sqlite3_stmt *s;
	plan_basis b;

	memset(out, 0, sizeof *out);
	if (st != DB_OK)
		return st;
	out->y = d->tier_month / 100;
	out->m = d->tier_month % 100;
	if (!(s = store_stmt(d, ST_CUST_MONTHS)))
		return d->last;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		plan_basis_of(sqlite3_column_blob(s, 0), (size_t)sqlite3_column_bytes(s, 0), out->y, out->m,
		              d->tier_month, d->book_start, &b);
	else
		plan_basis_of(NULL, 0, out->y, out->m, d->tier_month, d->book_start, &b);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d, rc, _("reading order totals"));
	out->orders = b.has_history;
	out->months = plan_basis_months(&b);
	for (int slot = 2, key = b.last; slot >= 0; slot--, key = key % 100 == 1 ? key - 89 : key - 1)
		if (b.counted[slot]) {
			out->from_y = key / 100;
			out->from_m = key % 100;
		}
	out->baseline = plan_basis_baseline(&b, monthly_amount == DB_NULL ? 0 : monthly_amount);
	return DB_OK;
}

db_status db_book_start_set(db *d, const char *month)
{
	int key = 0;
	bool own;
	db_status st;

	if (month[0] && !month_parse(month, &key))
		return store_err(d, DB_INVALID, _("'%s' is not a month (YYYY-MM)"), month);
	if ((st = store_tiers_ready(d)) != DB_OK || (st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	st = db_setting_set(d, START_KEY, month);
	if (st == DB_OK) {
		d->book_start = key;
		st = store_retier(d, NULL);
	}
	st = store_tx_leave(d, own, st);
	if (st != DB_OK)
		d->have_book_start = false;	/* read again from the book */
	return st;
}

db_status db_tiers_month(db *d, int y, int m)
{
	char want[16], have[16];
	bool own;
	db_status st;

	if (y < 1 || y > 9999 || m < 1 || m > 12)
		return store_err(d, DB_INVALID, _("%d-%d is not a month"), y, m);
	d->tier_month = ledger_month_key(y, m);
	if ((st = store_tiers_ready(d)) != DB_OK)
		return st;
	snprintf(want, sizeof want, "%04d-%02d", y, m);
	st = db_setting_get(d, MONTH_KEY, have, sizeof have);
	if (st == DB_OK && strcmp(have, want) == 0)
		return DB_OK;
	if (st != DB_OK && st != DB_NOT_FOUND)
		return st;
	/* A book that cannot be written now (read-only, or another repdesk
	 * writing) is read with the tiers it has: no command waits for this. */
	if (d->readonly)
		return DB_OK;
	int busy = d->busy_ms;
	sqlite3_busy_timeout(d->h, 0);
	st = store_tx_enter(d, &own);
	sqlite3_busy_timeout(d->h, busy);
	if (st == DB_BUSY || st == DB_READONLY)
		return DB_OK;
	if (st != DB_OK)
		return st;
	st = store_retier(d, NULL);
	if (st == DB_OK)
		st = db_setting_set(d, MONTH_KEY, want);
	return store_tx_leave(d, own, st);
}
