/* The levers read in three queries: every customer's months with orders
 * (the months blobs summary.c keeps, one row a customer), the customers
 * with an effective contact per month (the calls and visits by date, from
 * indexes that hold the columns), and the effective calls and orders per
 * month (the team rollup the triggers keep). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/levers.h"
#include "repdesk/ledger.h"
#include "store_int.h"
#include "repdesk/i18n.h"

/* The month of LV's month I as text: "2026-12". */
static void month_text(const levers *lv, int i, char buf[16])
{
	snprintf(buf, 16, "%04d-%02d", lv->mon[i].y % 10000, lv->mon[i].m % 100);
}

static int month_at(const levers *lv, const char *text)
{
	for (int i = 0; i <= lv->n; i++) {
		char t[16];
		month_text(lv, i, t);
		if (strncmp(t, text, 7) == 0)
			return i;
	}
	return -1;
}

typedef struct {
	int64_t id;
	int tier;
} id_tier;

static int by_id(const void *pa, const void *pb)
{
	const id_tier *a = pa, *b = pb;
	return (a->id > b->id) - (a->id < b->id);
}

/* The live customers' ids and tiers, by id: a scan of the list's partial
 * index (deleted = 0), not of the customers' rows. */
static db_status live_customers(db *d, id_tier **out, size_t *n)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT id, tier_eff FROM customers WHERE deleted = 0");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			id_tier *v = realloc(*out, nc * sizeof *v);
			if (!v) {
				rc = SQLITE_NOMEM;
				break;
			}
			*out = v;
			cap = nc;
		}
		(*out)[*n].id = sqlite3_column_int64(s, 0);
		(*out)[(*n)++].tier = sqlite3_column_int(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		return store_fail(d, rc, _("reading the customers' months"));
	}
	qsort(*out, *n, sizeof **out, by_id);
	return DB_OK;
}

/* Every live customer's months blob, in id order, paired with its tier. */
static db_status customers(db *d, levers *lv)
{
	id_tier *live;
	size_t nlive, at = 0;
	db_status st = live_customers(d, &live, &nlive);
	if (st != DB_OK)
		return st;
	sqlite3_stmt *s = store_prepare(d, "SELECT customer_id, months FROM customer_months ORDER BY customer_id");
	int *keys = NULL, rc;
	int64_t *totals = NULL, *volumes = NULL;
	size_t cap = 0;

	if (!s) {
		free(live);
		return d->last;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		while (at < nlive && live[at].id < id)
			at++;
		if (at == nlive || live[at].id != id)
			continue;            /* a deleted customer */
		int t = live[at].tier;
		const unsigned char *b = sqlite3_column_blob(s, 1);
		size_t len = (size_t)sqlite3_column_bytes(s, 1), n = len / LEDGER_MONTH_BYTES;
		if (n > cap) {
			size_t nc = n * 2;
			int *k = realloc(keys, nc * sizeof *k);
			if (k)
				keys = k;
			int64_t *to = k ? realloc(totals, nc * sizeof *to) : NULL;
			if (to)
				totals = to;
			int64_t *vo = to ? realloc(volumes, nc * sizeof *vo) : NULL;
			if (!vo) {
				rc = SQLITE_NOMEM;
				break;
			}
			volumes = vo;
			cap = nc;
		}
		for (size_t i = 0; i < n; i++, b += LEDGER_MONTH_BYTES) {
			keys[i] = ledger_month_at(b);
			totals[i] = ledger_month_total(b);
			volumes[i] = ledger_month_volume(b);
		}
		levers_add_customer(lv, t >= 0 && t < TIER_COUNT ? (tier)t : TIER_NONE, keys, totals,
		                    volumes, n);
	}
	sqlite3_finalize(s);
	free(live);
	free(keys);
	free(totals);
	free(volumes);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the customers' months"));
}

/* A set of customers (their uids' 64-bit hashes), one per month: open
 * addressing, grown at half full. */
typedef struct {
	uint64_t *slot;
	size_t cap, n;
} uid_set;

static uint64_t uid_hash(const unsigned char *s, int len)
{
	uint64_t h = 1469598103934665603ULL;
	for (int i = 0; i < len; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return h ? h : 1;            /* 0 marks an empty slot */
}

static bool set_add(uid_set *u, uint64_t h)
{
	if (2 * (u->n + 1) > u->cap) {
		size_t nc = u->cap ? u->cap * 2 : 4096;
		uint64_t *v = calloc(nc, sizeof *v);
		if (!v)
			return false;
		for (size_t i = 0; i < u->cap; i++)
			if (u->slot[i])
				for (size_t j = u->slot[i] & (nc - 1);; j = (j + 1) & (nc - 1))
					if (!v[j]) {
						v[j] = u->slot[i];
						break;
					}
		free(u->slot);
		u->slot = v;
		u->cap = nc;
	}
	for (size_t j = h & (u->cap - 1);; j = (j + 1) & (u->cap - 1)) {
		if (u->slot[j] == h)
			return true;
		if (!u->slot[j]) {
			u->slot[j] = h;
			u->n++;
			return true;
		}
	}
}

/* Customers with an effective call or a visit, per month; the effective
 * calls and the orders per month. */
static db_status counts(db *d, levers *lv)
{
	char from[16], to[16];
	int64_t contacted[LEVERS_MAX_MONTHS + 1] = { 0 }, effective[LEVERS_MAX_MONTHS + 1] = { 0 };
	int64_t orders[LEVERS_MAX_MONTHS + 1] = { 0 };
	int rc;

	month_text(lv, 0, from);
	month_text(lv, lv->n, to);
	strcat(from, "-01");
	strcat(to, "-32");
	/* Distinct customers per month counted here, from the rows in index
	 * order: a set of hashes is several times quicker than SQLite's
	 * count(DISTINCT) over a union. */
	char *sql = store_sql_rules(
		"SELECT date, customer_uid FROM calls INDEXED BY calls_date"
		" WHERE date >= ?1 AND date < ?2 AND deleted = 0 AND " STORE_EFFECTIVE("")
		" UNION ALL SELECT date, customer_uid FROM visits INDEXED BY visits_date"
		" WHERE date >= ?1 AND date < ?2 AND deleted = 0");
	if (!sql)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
	uid_set sets[LEVERS_MAX_MONTHS + 1] = { { NULL, 0, 0 } };
	char last[8] = "";
	int i = -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *date = store_col_text(s, 0);
		if (strncmp(date, last, 7) != 0) {
			snprintf(last, sizeof last, "%.7s", date);
			i = month_at(lv, date);
		}
		if (i >= 0 && !set_add(&sets[i], uid_hash(sqlite3_column_text(s, 1), sqlite3_column_bytes(s, 1)))) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(s);
	for (int k = 0; k <= lv->n; k++) {
		contacted[k] = (int64_t)sets[k].n;
		free(sets[k].slot);
	}
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("reading the month's contacts"));

	from[7] = to[7] = '\0';
	if (!(s = store_prepare(d, "SELECT month, sum(effective), sum(deals) FROM team_months "
	                           "WHERE month >= ?1 AND month <= ?2 GROUP BY month")))
		return d->last;
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int k = month_at(lv, store_col_text(s, 0));
		if (k >= 0) {
			effective[k] = sqlite3_column_int64(s, 1);
			orders[k] = sqlite3_column_int64(s, 2);
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("reading the month's calls and orders"));
	for (int k = 0; k <= lv->n; k++)
		levers_set_counts(lv, k, contacted[k], effective[k], orders[k]);
	return DB_OK;
}

db_status db_levers_load(db *d, int y, int m, int n, levers *lv)
{
	bool reading = store_read_begin(d);
	db_status st;

	levers_init(lv, y, m, n);
	if ((st = customers(d, lv)) == DB_OK && (st = counts(d, lv)) == DB_OK)
		levers_finish(lv);
	store_read_end(d, reading);
	return st;
}

db_status db_levers_day(db *d, const char *date, levers_month *out)
{
	bool reading = store_read_begin(d);
	char *sql = store_sql_rules(
		"SELECT"
		" (SELECT count(DISTINCT customer_uid) FROM orders INDEXED BY orders_date"
		"   WHERE date = ?1 AND deleted = 0),"
		" (SELECT count(*) FROM (SELECT DISTINCT customer_uid FROM orders INDEXED BY orders_date"
		"   WHERE date = ?1 AND deleted = 0) t WHERE NOT EXISTS (SELECT 1 FROM orders p"
		"   INDEXED BY orders_customer WHERE p.customer_uid = t.customer_uid AND p.date < ?1"
		"   AND p.deleted = 0)),"
		" (SELECT count(*) FROM (SELECT customer_uid FROM calls INDEXED BY calls_date"
		"   WHERE date = ?1 AND deleted = 0 AND " STORE_EFFECTIVE("")
		"   UNION SELECT customer_uid FROM visits INDEXED BY visits_date"
		"   WHERE date = ?1 AND deleted = 0)),"
		" (SELECT count(*) FROM calls INDEXED BY calls_date WHERE date = ?1 AND deleted = 0"
		"   AND " STORE_EFFECTIVE("") "),"
		" (SELECT count(*) FROM orders INDEXED BY orders_date WHERE date = ?1 AND deleted = 0),"
		" (SELECT coalesce(sum(amount), 0) FROM orders INDEXED BY orders_date"
		"   WHERE date = ?1 AND deleted = 0),"
		" (SELECT coalesce(sum(volume), 0) FROM orders INDEXED BY orders_date"
		"   WHERE date = ?1 AND deleted = 0)");
	db_status st = DB_OK;

	memset(out, 0, sizeof *out);
	if (!sql) {
		st = store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
		goto done;
	}
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s) {
		st = d->last;
		goto done;
	}
	sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->customers = sqlite3_column_int64(s, 0);
		out->new_customers = sqlite3_column_int64(s, 1);
		out->contacted = sqlite3_column_int64(s, 2);
		out->effective = sqlite3_column_int64(s, 3);
		out->orders = sqlite3_column_int64(s, 4);
		out->sales = sqlite3_column_int64(s, 5);
		out->volume = sqlite3_column_int64(s, 6);
		levers_ratios(out);
	} else
		st = store_fail(d, rc, _("reading the day's levers"));
	sqlite3_finalize(s);
done:
	store_read_end(d, reading);
	return st;
}
