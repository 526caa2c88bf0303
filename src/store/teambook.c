/* The team: merging a rep's bundle into the lead's book, keeping the
 * conflicts and the per-rep, per-day rollup (read back in teamreport.c).
 *
 * A merge is set-based: the bundle is attached read-only (after db_open has
 * judged it as an untrusted file), each table's rows are paired with ours by
 * uid in one join, the pure rule of core/merge.c decides each pair (as the
 * SQL function repdesk_merge), and the rows that win are copied in with one
 * INSERT and one UPDATE per table. The rows inserted are summed into the
 * team rollup (team_days, team_months) per rep and day with one statement;
 * the triggers on calls, orders and payments keep it for the rows updated.
 * The customers touched are marked for the per-customer summaries,
 * refreshed before the commit (or, in a run that outgrows the book, made
 * afresh for every customer when the run ends). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/book.h"
#include "repdesk/db/team.h"
#include "repdesk/digest.h"
#include "repdesk/merge.h"
#include "store_int.h"
#include "repdesk/i18n.h"
#include "repdesk/valid.h"
#include "repdesk/record.h"
#include "repdesk/tuning.h"

/* The synced tables in the order a merge writes them, and the columns
 * copied, are the registry's record_tables (repdesk/record.h). */
_Static_assert(RECORD_TABLE_COUNT == DB_MERGE_TABLES, "a merge writes every synced table");

/* The setting that marks a book whose search index, customer list indexes,
 * some activity indexes and per-customer summaries wait for
 * db_team_finish. */
#define DEFER_KEY "team_deferred"

/* The oldest bundle schema taken: targets' detail came with version 4. */
#define BUNDLE_MIN_VERSION 4
/* base_at came with version 7: older bundles' rows have no base. */
#define BASE_VERSION 7

/* referred_by came with version 16: older bundles' customers have the
 * columns before it. */
#define REFERRED_VERSION 16
static const char customers_v15_cols[] =
	"uid, rep_uid, name, contact, phone, city, district, type, industry, stores, rooms, "
	"monthly_amount, monthly_volume, tier, tier_auto, priority, source, next_call, notes, "
	"status, attrs, updated_at, deleted";

/* payment_days came with version 20: bundles of 16 to 19 have the columns
 * before it. */
#define PAYMENT_DAYS_VERSION 20
static const char customers_v19_cols[] =
	"uid, rep_uid, name, contact, phone, city, district, type, industry, stores, rooms, "
	"monthly_amount, monthly_volume, tier, tier_auto, priority, source, next_call, notes, "
	"status, attrs, referred_by, updated_at, deleted";

/* orders' volume came with RECORD_VOLUME_SINCE: older bundles' orders have
 * the columns before it. */
static const char orders_v17_cols[] =
	"uid, rep_uid, customer_uid, date, amount, due, note, updated_at, deleted";

/* Who was spoken to came with RECORD_CONTACTS_SINCE. */
static const char calls_v21_cols[] =
	"uid, rep_uid, customer_uid, date, outcome, note, next_call, updated_at, deleted";
static const char visits_v21_cols[] =
	"uid, rep_uid, customer_uid, date, time, place, outcome, note, next_call, updated_at, deleted";

const char *store_bundle_table(size_t k, int version, const char **cols, bool *base_at)
{
	if (version < record_tables[k].since)
		return NULL;
	*cols = record_tables[k].cols;
	if (version < PAYMENT_DAYS_VERSION && strcmp(record_tables[k].name, "customers") == 0)
		*cols = version < REFERRED_VERSION ? customers_v15_cols : customers_v19_cols;
	if (version < RECORD_VOLUME_SINCE && strcmp(record_tables[k].name, "orders") == 0)
		*cols = orders_v17_cols;
	if (version < RECORD_CONTACTS_SINCE && strcmp(record_tables[k].name, "calls") == 0)
		*cols = calls_v21_cols;
	if (version < RECORD_CONTACTS_SINCE && strcmp(record_tables[k].name, "visits") == 0)
		*cols = visits_v21_cols;
	*base_at = version >= BASE_VERSION;
	return record_tables[k].name;
}

static void sql_merge(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	(void)argc;
	const char *mine = (const char *)sqlite3_value_text(v[0]);
	const char *mine_base = (const char *)sqlite3_value_text(v[1]);
	const char *theirs = (const char *)sqlite3_value_text(v[2]);
	const char *theirs_base = (const char *)sqlite3_value_text(v[3]);

	sqlite3_result_int(cx, (int)merge_decide(mine, mine_base ? mine_base : "",
	                                         theirs ? theirs : "",
	                                         theirs_base ? theirs_base : ""));
}

/* A growing SQL text. */
typedef struct {
	char *p;
	size_t n, cap;
	bool oom;
} sqlbuf;

static void put(sqlbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sqlbuf *b, const char *fmt, ...)
{
	va_list ap;

	for (;;) {
		va_start(ap, fmt);
		int k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
		va_end(ap);
		if (k < 0) {
			b->oom = true;
			return;
		}
		if (b->p && b->n + (size_t)k < b->cap) {
			b->n += (size_t)k;
			return;
		}
		size_t cap = b->cap ? b->cap * 2 : 1024;
		while (cap < b->n + (size_t)k + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
}

/* COLS with each name prefixed by PREFIX ("b.uid, b.rep_uid..."), or as
 * "name = b.name" pairs (SET), or as "'name', b.name" pairs (json_object). */
enum { COLS_PLAIN, COLS_SET, COLS_JSON };
static void put_cols(sqlbuf *b, const char *cols, const char *prefix, int how)
{
	const char *p = cols;

	while (*p) {
		size_t len = strcspn(p, ",");
		if (how == COLS_SET)
			put(b, "%.*s = %s%.*s", (int)len, p, prefix, (int)len, p);
		else if (how == COLS_JSON)
			put(b, "'%.*s', %s%.*s", (int)len, p, prefix, (int)len, p);
		else
			put(b, "%s%.*s", prefix, (int)len, p);
		p += len;
		if (*p == ',') {
			put(b, ", ");
			p++;
			while (*p == ' ')
				p++;
		}
	}
}

static db_status run(db *d, sqlbuf *b, const char *src)
{
	if (b->oom)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	int rc = sqlite3_exec(d->h, b->p, NULL, NULL, NULL);
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
	return rc == SQLITE_OK ? DB_OK : store_fail(d, rc, src);
}

/* Mark the customers whose calls, orders or payments the merge of table K
 * changes (the old row's customer and the new one's). */
static db_status mark_customers(db *d, sqlbuf *b, size_t k, const char *from, const char *src)
{
	put(b, "SELECT l.customer_uid FROM temp.merge_plan m JOIN main.%s l ON l.id = m.lid "
	    "WHERE m.act IN (%d, %d) UNION SELECT x.customer_uid FROM temp.merge_plan m "
	    "JOIN %s x ON x.id = m.xid WHERE m.act IN (%d, %d, %d)",
	    record_tables[k].name, MERGE_TAKE, MERGE_TAKE_CONFLICT, from, MERGE_INSERT,
	    MERGE_TAKE, MERGE_TAKE_CONFLICT);
	if (b->oom)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	sqlite3_stmt *s = store_prepare(d, b->p);
	b->n = 0;
	if (!s)
		return d->last;
	db_status st = DB_OK;
	int rc;
	while (st == DB_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
		st = store_stats_mark(d, store_col_text(s, 0));
	if (st == DB_OK && rc != SQLITE_DONE)
		st = store_fail(d, rc, src);
	sqlite3_finalize(s);
	return st;
}

#define CUSTOMERS 2   /* record_tables[CUSTOMERS] */

/* Whether the book waits for db_team_finish (read in the transaction, so
 * another process finishing meanwhile is seen). */
static db_status deferred(db *d, bool *yes)
{
	char v[8];
	db_status st = db_setting_get(d, DEFER_KEY, v, sizeof v);

	*yes = st == DB_OK;
	return st == DB_NOT_FOUND ? DB_OK : st;
}

/* Before ADDED customers go in: when more bundles follow and the run's
 * bundles, if like this one, outgrow the book, stop keeping the search
 * index, the list indexes, the activity indexes no merge reads and the
 * summaries (maintaining the indexes row by row is most of a merge's cost;
 * building them once at the end is far cheaper (tests/bench/team.sh); the summaries
 * are then made in one pass over the history). */
static db_status maybe_defer(db *d, long added, const char *src)
{
	bool yes;
	db_status st;

	int64_t coming = (int64_t)added * d->team_run;

	if (d->team_run < 2 || coming < 1000)
		return DB_OK;
	if ((st = deferred(d, &yes)) != DB_OK || yes)
		return st;
	sqlite3_stmt *s = store_prepare(d, "SELECT coalesce(max(id), 0) FROM main.customers");
	if (!s)
		return d->last;
	int rc = sqlite3_step(s);
	int64_t existing = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(d, rc, src);
	if (coming <= existing / 5)
		return DB_OK;
	st = store_exec(d, "DROP TRIGGER IF EXISTS main.customers_fts_ai;"
	                   "DROP TRIGGER IF EXISTS main.customers_fts_ad;"
	                   "DROP TRIGGER IF EXISTS main.customers_fts_au;"
	                   "DROP INDEX IF EXISTS main.customers_list;"
	                   "DROP INDEX IF EXISTS main.customers_name;");
	if (st == DB_OK)
		st = store_exec(d, store_sql_drop_activity_indexes);
	return st == DB_OK ? db_setting_set(d, DEFER_KEY, "1") : st;
}

/* How many rows of the bundle, in tables K and after, this book holds under
 * another rep than the row says, other than as this book's own decision;
 * and the first of them, in table K or after. */
static db_status count_foreign(db *d, size_t k, const char *device, long *n, char *table,
                               size_t tablesz, char *uid, size_t uidsz)
{
	sqlbuf b = { 0 };
	db_status st = DB_OK;

	*n = 0;
	for (; k < DB_MERGE_TABLES && st == DB_OK; k++) {
		if (!d->from[k][0])
			continue;
		put(&b, "SELECT count(*), (SELECT x.uid FROM %s x JOIN main.%s l ON l.uid = x.uid "
		    "WHERE l.rep_uid <> x.rep_uid AND substr(l.updated_at, 33) IS NOT '%s' "
		    "ORDER BY x.id LIMIT 1) FROM %s x JOIN main.%s l ON l.uid = x.uid "
		    "WHERE l.rep_uid <> x.rep_uid AND substr(l.updated_at, 33) IS NOT '%s'",
		    d->from[k], record_tables[k].name, device, d->from[k], record_tables[k].name, device);
		if (b.oom) {
			st = store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
			break;
		}
		sqlite3_stmt *s = store_prepare(d, b.p);
		b.n = 0;
		if (!s) {
			st = d->last;
			break;
		}
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0) {
			if (!*n) {
				snprintf(table, tablesz, "%s", record_tables[k].name);
				store_col_copy(s, 1, uid, uidsz);
			}
			*n += (long)sqlite3_column_int64(s, 0);
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_ROW)
			st = store_fail(d, rc, "team");
	}
	free(b.p);
	return st;
}

/* The plan's verdicts besides core/merge.c's: a row this book holds under
 * another rep (refused), or that this book itself gave another rep (kept). */
#define ACT_FOREIGN (-1)
#define ACT_KEPT (-2)

/* Keep the losing versions of table K's conflicts: ours before it is
 * replaced, or theirs (the bundle's columns COLS). When the bundle's stamps
 * are read clamped, a version says whether the bundle's side of it was:
 * "clamped" is "kept" (the winner's stamp, WON_AT, was clamped) or "lost". */
static db_status keep_losers(db *d, size_t k, const char *cols, const char *base, const char *src)
{
	const char *t = record_tables[k].name, *from = d->from[k];
	bool clamped = strncmp(from, "temp.", 5) == 0;
	sqlbuf b = { 0 };
	db_status st = DB_OK;

	for (int side = 0; side < 2 && st == DB_OK; side++) {
		const char *r = side == 0 ? "l" : "x";
		put(&b, "INSERT OR IGNORE INTO conflicts(tbl, uid, rep_uid, lost_at, lost, source) "
		    "SELECT '%s', %s.uid, %s.rep_uid, %s.updated_at, json_object(", t, r, r, r);
		put_cols(&b, side == 0 ? record_tables[k].cols : cols, side == 0 ? "l." : "x.", COLS_JSON);
		put(&b, ", 'base_at', %s", side == 0 ? "l.base_at" : base);
		if (clamped)
			put(&b, ", 'clamped', CASE WHEN x.updated_at IS NOT (SELECT y.updated_at FROM "
			    "bundle.%s y WHERE y.id = x.id) THEN '%s' END, 'won_at', %s.updated_at", t,
			    side == 0 ? "kept" : "lost", side == 0 ? "x" : "l");
		put(&b, "), ?1 FROM temp.merge_plan m JOIN %s x ON x.id = m.xid ", from);
		if (side == 0)
			put(&b, "JOIN main.%s l ON l.id = m.lid WHERE m.act = %d", t, MERGE_TAKE_CONFLICT);
		else
			put(&b, "LEFT JOIN main.%s l ON l.id = m.lid WHERE m.act = %d", t,
			    MERGE_KEEP_CONFLICT);
		if (b.oom) {
			st = store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
			break;
		}
		sqlite3_stmt *s = store_prepare(d, b.p);
		b.n = 0;
		if (!s) {
			st = d->last;
			break;
		}
		sqlite3_bind_text(s, 1, src, -1, SQLITE_STATIC);
		st = store_step_done(d, s, src);
		sqlite3_finalize(s);
	}
	free(b.p);
	return st;
}

static db_status merge_table(db *d, size_t k, int version, const char *src, db_merge_count *cnt)
{
	const char *t = record_tables[k].name, *cols, *from = d->from[k];
	const char *base = version >= BASE_VERSION ? "x.base_at" : "''";
	sqlbuf b = { 0 };
	db_status st;
	long foreign = 0;
	bool with_base;

	/* The columns the bundle's version has: an older bundle's rows leave
	 * a column that came later as it is here (a default when added). */
	store_bundle_table(k, version, &cols, &with_base);

	cnt->table = t;
	/* Pair the bundle's rows with ours; rows of the same version and owner
	 * drop out before the rule is asked. A row we hold under another rep
	 * is the bundle's to change only if it is ours to give: when our own
	 * device wrote it there (a customer reassigned here), it stays. */
	put(&b, "DELETE FROM temp.merge_plan;"
	    "INSERT INTO temp.merge_plan(xid, lid, act) SELECT x.id, l.id, "
	    "CASE WHEN l.rep_uid <> x.rep_uid THEN CASE WHEN substr(l.updated_at, 33) = '%s' "
	    "THEN %d ELSE %d END "
	    "ELSE repdesk_merge(l.updated_at, l.base_at, x.updated_at, %s) END "
	    "FROM %s x LEFT JOIN main.%s l ON l.uid = x.uid "
	    "WHERE l.updated_at IS NOT x.updated_at OR l.rep_uid IS NOT x.rep_uid",
	    d->own_device, ACT_KEPT, ACT_FOREIGN, base, from, t);
	if ((st = run(d, &b, src)) != DB_OK)
		goto out;
	sqlite3_stmt *s = store_prepare(d, "SELECT act, count(*) FROM temp.merge_plan GROUP BY act");
	if (!s) {
		st = d->last;
		goto out;
	}
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long n = (long)sqlite3_column_int64(s, 1);
		switch (sqlite3_column_int(s, 0)) {
		case MERGE_INSERT: cnt->added += n; break;
		case MERGE_TAKE: cnt->updated += n; break;
		case MERGE_TAKE_CONFLICT: cnt->updated += n; cnt->conflicts += n; break;
		case MERGE_KEEP_CONFLICT: cnt->conflicts += n; break;
		case ACT_FOREIGN: foreign += n; break;
		case ACT_KEPT: cnt->kept += n; break;
		default: break;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		st = store_fail(d, rc, src);
		goto out;
	}
	if (foreign) {
		/* Refused whole: the rows of every table counted, for the message. */
		char table[16] = "", uid[STORE_UID_BUFSZ] = "";
		long n = 0;
		if ((st = count_foreign(d, k, d->own_device, &n, table, sizeof table, uid,
		                        sizeof uid)) == DB_OK)
			st = store_err(d, DB_NOTDB, ngettext("%s: %ld row belongs to another rep in this "
			               "book (table %s, row %s); refused", "%s: %ld rows belong to another "
			               "rep in this book (the first: table %s, row %s); refused",
			               (unsigned long)n), src, n, table, uid);
		goto out;
	}
	if (cnt->added + cnt->updated + cnt->conflicts == 0)
		goto out;
	if (k == CUSTOMERS && (st = maybe_defer(d, cnt->added, src)) != DB_OK)
		goto out;

	if (cnt->conflicts && (st = keep_losers(d, k, cols, base, src)) != DB_OK)
		goto out;
	/* The customers whose history changed, for their summaries; while the
	 * book waits for db_team_finish, it makes them all afresh instead. */
	bool waits = false;
	if (record_tables[k].figures && ((st = deferred(d, &waits)) != DB_OK ||
	    (!waits && (st = mark_customers(d, &b, k, from, src)) != DB_OK)))
		goto out;

	if (cnt->added) {
		/* The rows added reach the team rollup as sums, not through its
		 * insert trigger once each: the trigger is left out of this
		 * transaction only, so other writers never miss it. */
		if (record_tables[k].figures && (st = store_team_insert_trigger(d, t, false)) != DB_OK)
			goto out;
		put(&b, "INSERT INTO main.%s(%s, base_at) SELECT ", t, cols);
		put_cols(&b, cols, "x.", COLS_PLAIN);
		put(&b, ", %s FROM temp.merge_plan m JOIN %s x ON x.id = m.xid "
		    "WHERE m.act = %d ORDER BY x.id", base, from, MERGE_INSERT);
		if ((st = run(d, &b, src)) != DB_OK)
			goto out;
		if (record_tables[k].figures) {
			put(&b, "FROM temp.merge_plan m JOIN %s x ON x.id = m.xid WHERE m.act = %d",
			    from, MERGE_INSERT);
			st = b.oom ? store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM))
			           : store_team_rollup_add(d, t, b.p);
			b.n = 0;
			if (st == DB_OK)
				st = store_team_insert_trigger(d, t, true);
			if (st != DB_OK)
				goto out;
		}
	}
	if (cnt->updated) {
		put(&b, "UPDATE main.%s SET ", t);
		put_cols(&b, cols, "x.", COLS_SET);
		put(&b, ", base_at = %s FROM (SELECT m.lid AS lid, y.* FROM temp.merge_plan m "
		    "JOIN %s y ON y.id = m.xid WHERE m.act IN (%d, %d)) AS x "
		    "WHERE %s.id = x.lid", base, from, MERGE_TAKE, MERGE_TAKE_CONFLICT, t);
		st = run(d, &b, src);
	}
	/* The customers taken are tiered here, from this book's orders and
	 * thresholds, not as the bundle's book tiered them (a book waiting for
	 * db_team_finish tiers them all there). */
	if (st == DB_OK && k == CUSTOMERS && (st = deferred(d, &waits)) == DB_OK && !waits &&
	    (st = store_tiers_ready(d)) == DB_OK) {
		put(&b, "UPDATE main.customers AS c SET tier_auto = " STORE_TIER_SQL " WHERE c.uid IN "
		    "(SELECT x.uid FROM temp.merge_plan p JOIN %s x ON x.id = p.xid WHERE p.act IN "
		    "(%d, %d, %d)) AND c.tier_auto IS NOT " STORE_TIER_SQL, from, MERGE_INSERT,
		    MERGE_TAKE, MERGE_TAKE_CONFLICT);
		st = run(d, &b, src);
	}
out:
	free(b.p);
	return st;
}

/* Move our clock past every stamp the bundle brought, so a later local edit
 * of a merged row is newer than the version it replaces. The stamps are
 * read clamped: another's clock never sets ours past our wall clock plus
 * VALID_CLOCK_AHEAD_MS. */
static db_status observe_clock(db *d, const char *src)
{
	sqlbuf b = { 0 };
	char cur[64];
	hlc seen, mine;

	put(&b, "SELECT max(m) FROM (");
	for (size_t k = 0; k < DB_MERGE_TABLES; k++)
		if (d->from[k][0])
			put(&b, "%sSELECT max(updated_at) AS m FROM %s", k ? " UNION ALL " : "", d->from[k]);
	put(&b, ")");
	if (b.oom) {
		free(b.p);
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	}
	sqlite3_stmt *s = store_prepare(d, b.p);
	free(b.p);
	if (!s)
		return d->last;
	int rc = sqlite3_step(s);
	char top[HLC_STAMP_BUFSZ] = "";
	if (rc == SQLITE_ROW)
		store_col_copy(s, 0, top, sizeof top);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(d, rc, src);
	if (!hlc_parse(top, &seen, NULL))
		return DB_OK;
	if (db_setting_get(d, "clock", cur, sizeof cur) == DB_OK && hlc_parse(cur, &mine, NULL) &&
	    (mine.ms > seen.ms || (mine.ms == seen.ms && mine.counter >= seen.counter)))
		return DB_OK;
	return db_setting_set(d, "clock", top);
}

/* The bundle's tables must be tables: a view in their place could run
 * anything when read. */
static db_status check_tables(db *d, const char *src, int version)
{
	int want = 1;
	sqlite3_str *q = sqlite3_str_new(NULL);
	sqlite3_str_appendall(q, "SELECT count(*) FROM bundle.sqlite_schema WHERE type = 'table' "
	                      "AND name IN ('attr_keys'");
	for (int i = 0; i < RECORD_TABLE_COUNT; i++)
		if (version >= record_tables[i].since) {
			sqlite3_str_appendf(q, ", '%s'", record_tables[i].name);
			want++;
		}
	sqlite3_str_appendchar(q, 1, ')');
	char *sql = sqlite3_str_finish(q);
	if (!sql)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s)
		return d->last;
	int rc = sqlite3_step(s);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(d, rc, src);
	if (n != want)
		return store_err(d, DB_NOTDB, _("%s: not a repdesk bundle (tables missing)"), src);
	return DB_OK;
}

/* The SQL that drops the temporary views through which a bundle with stamps
 * from a clock too far ahead is read: one a synced table, named from the
 * registry, so a table added later is not left behind (the next bundle's
 * view of it could then not be made). Into BUF. */
#define DROP_VIEWS_SZ 1024
static const char *drop_views(char buf[DROP_VIEWS_SZ])
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < DB_MERGE_TABLES && at < DROP_VIEWS_SZ; k++)
		at += (size_t)snprintf(buf + at, DROP_VIEWS_SZ - at, "DROP VIEW IF EXISTS temp.bundle_%s;",
		                       record_tables[k].name);
	return buf;
}

/* Where the merge reads each table of the bundle: the table itself, or,
 * when the judge found stamps too far ahead, a view that clamps them to the
 * wall clock it judged by (stored clamped, compared clamped). */
static db_status bundle_sources(db *d, const db_bundle_check *judged)
{
	const char *dev = d->device;
	bool hex = strlen(dev) == HLC_DEVICE_LEN;
	for (size_t i = 0; hex && i < HLC_DEVICE_LEN; i++)
		hex = (dev[i] >= '0' && dev[i] <= '9') || (dev[i] >= 'a' && dev[i] <= 'f');
	snprintf(d->own_device, sizeof d->own_device, "%s", hex ? dev : "-");
	char drop[DROP_VIEWS_SZ];
	db_status st = store_exec(d, drop_views(drop));
	if (st == DB_OK && judged->clamped) {
		d->clamp_now = judged->now_ms;
		st = store_bundle_clamp_register(d, &d->clamp_now);
	}
	for (size_t k = 0; k < DB_MERGE_TABLES && st == DB_OK; k++) {
		if (judged->version < record_tables[k].since) {
			d->from[k][0] = '\0';     /* an older bundle has no such table */
			continue;
		}
		if (!judged->clamped) {
			snprintf(d->from[k], sizeof d->from[k], "bundle.%s", record_tables[k].name);
			continue;
		}
		snprintf(d->from[k], sizeof d->from[k], "temp.bundle_%s", record_tables[k].name);
		sqlbuf b = { 0 };
		put(&b, "CREATE TEMP VIEW bundle_%s AS SELECT id, ", record_tables[k].name);
		const char *p;
		bool with_base;
		store_bundle_table(k, judged->version, &p, &with_base);
		while (*p) {
			size_t len = strcspn(p, ",");
			if (len == 10 && strncmp(p, "updated_at", len) == 0)
				put(&b, "repdesk_clamp(updated_at) AS updated_at");
			else
				put(&b, "%.*s", (int)len, p);
			p += len;
			if (*p == ',') {
				put(&b, ", ");
				p++;
				while (*p == ' ')
					p++;
			}
		}
		if (judged->version >= BASE_VERSION)
			put(&b, ", repdesk_clamp(base_at) AS base_at");
		put(&b, " FROM bundle.%s", record_tables[k].name);
		st = b.oom ? store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM)) : store_exec(d, b.p);
		free(b.p);
	}
	return st;
}

static db_status merge_all(db *d, const char *path, db_merge_result *out)
{
	/* Keyed by the bundle's row id: the plan is written in that order, and
	 * read back against the bundle by rowid rather than through its uids. */
	db_status st = store_exec(d, "CREATE TEMP TABLE IF NOT EXISTS merge_plan("
	                             "xid INTEGER PRIMARY KEY, lid INTEGER, act INTEGER)");
	for (size_t k = 0; k < DB_MERGE_TABLES && st == DB_OK; k++)
		if (d->from[k][0])
			st = merge_table(d, k, out->version, path, &out->t[k]);
	if (st == DB_OK)
		st = store_exec(d, "INSERT OR IGNORE INTO main.attr_keys(key) "
		                   "SELECT key FROM bundle.attr_keys ORDER BY id");
	if (st == DB_OK)
		st = observe_clock(d, path);
	return st;
}

void db_bundle_judge(const char *path, db_bundle_check *out)
{
	db *b = NULL;

	memset(out, 0, sizeof *out);
	out->status = db_open(path, DB_OPEN_READONLY, &b, out->err, sizeof out->err);
	if (out->status == DB_TOO_NEW) {
		char why[sizeof out->err];
		memcpy(why, out->err, sizeof why);
		snprintf(out->err, sizeof out->err, _("%s: the bundle was made by a newer repdesk (%s); "
		         "update repdesk before adding it"), path, why);
	}
	/* A value too long or a read too slow while it was checked: a file no
	 * repdesk wrote. */
	if (out->status == DB_INVALID || out->status == DB_ERROR)
		out->status = DB_NOTDB;
	if (out->status != DB_OK)
		return;
	out->version = db_schema_version(b);
	if (out->version < BUNDLE_MIN_VERSION) {
		db_close(b);
		out->status = DB_NOTDB;
		snprintf(out->err, sizeof out->err, _("%s: the bundle's schema (version %d) is too old "
		         "to merge; export it again with this repdesk"), path, out->version);
		return;
	}
	db_status st = store_bundle_schema(b, "main", out->version, path);
	db_rep rep;
	if (st == DB_OK && (st = db_rep_current(b, &rep)) == DB_OK) {
		snprintf(out->rep, sizeof out->rep, "%s", rep.name);
		snprintf(out->group, sizeof out->group, "%s", rep.group_name);
		memcpy(out->rep_uid, rep.uid, sizeof out->rep_uid);
	} else if (st == DB_NOT_FOUND) {
		/* Every row belongs to the bundle's rep: a book without one has
		 * nobody to answer for its rows. */
		st = store_err(b, DB_NOTDB, _("%s: the bundle has no rep (its book was never given "
		               "one with 'repdesk init --rep NAME'); refused"), path);
	}
	if (st == DB_OK) {
		/* Who made it, before what it says is weighed: an edited bundle is
		 * refused as edited, whatever else is wrong with it. */
		store_bundle_verify(b, path, out);
		if (out->status != DB_OK) {
			db_close(b);
			return;
		}
		out->now_ms = store_wall_ms();
		st = store_bundle_rows(b, out->rep_uid, out->version, path, out);
	}
	st = store_guard_status(b, st, path);
	if (st != DB_OK) {
		out->status = st == DB_INVALID || st == DB_ERROR ? DB_NOTDB : st;
		snprintf(out->err, sizeof out->err, "%s", db_error(b));
	}
	db_close(b);
}

/* Whether the bundle with fingerprint DIGEST was merged before: then OUT
 * says when and whose it was. */
static db_status known_bundle(db *d, const char *digest, db_merge_result *out)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT b.added_at, coalesce(r.name, ''), "
	                                "coalesce(g.name, '') FROM team_bundles b "
	                                "LEFT JOIN reps r ON r.uid = b.rep_uid "
	                                "LEFT JOIN groups g ON g.uid = r.group_uid "
	                                "WHERE b.digest = ?1");
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, digest, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->again = true;
		store_col_copy(s, 0, out->added_at, sizeof out->added_at);
		store_col_copy(s, 1, out->rep, sizeof out->rep);
		store_col_copy(s, 2, out->group, sizeof out->group);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, "team_bundles");
}

db_status db_team_known(db *d, const char *digest, bool *known)
{
	db_merge_result r = { .again = false };
	db_status st = known_bundle(d, digest, &r);

	*known = st == DB_OK && r.again;
	return st;
}

db_status db_team_legacy(db *d, bool *any)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT EXISTS (SELECT 1 FROM team_bundles "
	                                "WHERE substr(digest, 1, length(?1)) <> ?1)");
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, DIGEST_PREFIX, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*any = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, "team_bundles");
}

/* Remember the bundle just merged, in the merge's transaction. */
static db_status remember_bundle(db *d, const char *digest, const char *rep_uid,
                                 const char *today)
{
	sqlite3_stmt *s = store_prepare(d, "INSERT OR IGNORE INTO team_bundles(digest, rep_uid, "
	                                "added_at) VALUES (?1, ?2, ?3)");
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep_uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, today, -1, SQLITE_STATIC);
	db_status st = store_step_done(d, s, "team_bundles");
	sqlite3_finalize(s);
	return st;
}

db_status db_team_forget(db *d, const char *digest)
{
	sqlite3_stmt *s = store_prepare(d, "DELETE FROM team_bundles WHERE digest = ?1");
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, digest, -1, SQLITE_STATIC);
	db_status st = store_step_done(d, s, "team_bundles");
	sqlite3_finalize(s);
	return st;
}

db_status db_team_merge(db *d, const char *path, const char *digest, const char *today,
                        const db_bundle_check *judged, db_merge_result *out)
{
	db_status st;
	db_bundle_check own;

	memset(out, 0, sizeof *out);
	for (size_t k = 0; k < DB_MERGE_TABLES; k++)
		out->t[k].table = record_tables[k].name;
	if (!sqlite3_get_autocommit(d->h))
		return store_err(d, DB_ERROR, _("a bundle cannot be merged inside a transaction"));
	if (digest && (st = known_bundle(d, digest, out)) != DB_OK)
		return st;
	if (out->again)
		return DB_OK;
	if (!judged) {
		db_bundle_judge(path, &own);
		judged = &own;
	}
	if (judged->status != DB_OK)
		return store_err(d, judged->status, "%s", judged->err);
	out->version = judged->version;
	snprintf(out->rep, sizeof out->rep, "%s", judged->rep);
	snprintf(out->group, sizeof out->group, "%s", judged->group);
	int rc = sqlite3_create_function_v2(d->h, "repdesk_merge", 4,
	                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
	                                    NULL, sql_merge, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(d, rc, path);
	char *uri = store_file_uri(path, "mode=ro&immutable=1");
	if (!uri)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	sqlite3_stmt *s = store_prepare(d, "ATTACH ?1 AS bundle");
	if (!s) {
		free(uri);
		return d->last;
	}
	sqlite3_bind_text(s, 1, uri, -1, SQLITE_STATIC);
	/* Bounded from the first read of its schema to the detach. */
	store_guard_on(d);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	free(uri);
	if (rc != SQLITE_DONE) {
		st = store_guard_status(d, store_fail(d, rc, path), path);
		store_guard_off(d);
		return st;
	}
	/* The file judged may have been replaced since: its tables are looked
	 * at again before anything is read from them. */
	st = check_tables(d, path, out->version);
	if (st == DB_OK)
		st = store_bundle_schema(d, "bundle", out->version, path);
	if (st == DB_OK)
		st = bundle_sources(d, judged);
	if (st == DB_OK && (st = db_begin(d)) == DB_OK) {
		st = store_bundle_pin(d, path, judged, today ? today : "", out);
		if (st == DB_OK)
			st = merge_all(d, path, out);
		if (st == DB_OK && digest)
			st = remember_bundle(d, digest, judged->rep_uid, today ? today : "");
		if (st == DB_OK)
			st = db_commit(d);
		else
			db_rollback(d);
	}
	if (!sqlite3_get_autocommit(d->h))
		db_rollback(d);
	st = store_guard_status(d, st, path);
	store_guard_off(d);
	if (st == DB_OK && judged->clamped) {
		out->clamped = judged->clamped;
		out->ahead_ms = judged->ahead_ms;
	}
	char keep[sizeof d->err];
	memcpy(keep, d->err, sizeof keep);
	char drop[DROP_VIEWS_SZ];
	sqlite3_exec(d->h, drop_views(drop), NULL, NULL, NULL);
	if (sqlite3_exec(d->h, "DETACH bundle", NULL, NULL, NULL) != SQLITE_OK && st == DB_OK)
		st = store_fail(d, sqlite3_extended_errcode(d->h), path);
	else
		memcpy(d->err, keep, sizeof keep);
	if (st != DB_OK)
		memset(out->t, 0, sizeof out->t);
	for (size_t k = 0; k < DB_MERGE_TABLES; k++)
		out->t[k].table = record_tables[k].name;
	return st;
}

/* SQLite's secure_delete (Debian builds it on) zeroes every page a run
 * frees, and a run frees many: the plan of each table of each bundle, the
 * list indexes it drops. FAST still clears what is deleted inside the pages
 * that stay, at no extra writes; whole pages freed keep their bytes until
 * reused. What a run frees whole is derived data and its own scratch. */
static void run_settings(db *d, bool on)
{
	if (on) {
		if (!store_ckpt_start(d))
			sqlite3_wal_autocheckpoint(d->h, RUN_CHECKPOINT_PAGES);
		sqlite3_stmt *s = store_prepare(d, "PRAGMA secure_delete");
		d->secure_delete = s && sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
		sqlite3_finalize(s);
		if (d->secure_delete == 1)
			sqlite3_exec(d->h, "PRAGMA secure_delete = FAST", NULL, NULL, NULL);
	} else {
		d->ckpt_runs = store_ckpt_stop(d);
		sqlite3_wal_autocheckpoint(d->h, 1000);
		if (d->secure_delete == 1)
			sqlite3_exec(d->h, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
		d->secure_delete = 0;
	}
}

void db_team_run(db *d, int n)
{
	if (n >= 2 && d->team_run < 2 && !d->readonly)
		run_settings(d, true);
	else if (n < 2 && d->team_run >= 2)
		run_settings(d, false);
	d->team_run = n;
}

db_status db_team_finish(db *d)
{
	bool yes;
	db_status st;
	store_fts_side *side = NULL;

	if (d->team_run >= 2)
		run_settings(d, false);
	d->team_run = 0;
	if (d->readonly)
		return DB_OK;
	if ((st = deferred(d, &yes)) != DB_OK || !yes)
		return st;
	if ((st = db_begin(d)) != DB_OK)
		return st;
	if ((st = deferred(d, &yes)) == DB_OK && yes) {
		/* The search index is built on the side while the list and name
		 * indexes are built here (nothing here changes a customer). */
		side = store_fts_side_start(d);
		st = store_exec(d, store_sql_indexes);
		if (st == DB_OK)
			st = store_exec(d, store_sql_activity_indexes);
		if (st == DB_OK)   /* those of a run cut short may be left */
			st = store_exec(d, store_sql_drop_fts_triggers);
		if (st == DB_OK)
			st = store_stats_rebuild(d);
		if (st == DB_OK)
			st = store_retier(d, NULL);
		if (st == DB_OK)
			st = store_fts_side_install(d, side);
		if (st == DB_OK)
			st = db_setting_set(d, DEFER_KEY, NULL);
	}
	if (st == DB_OK)
		st = db_commit(d);
	else
		db_rollback(d);
	store_fts_side_free(d, side);
	return st;
}
