/* The schema as forward migrations, numbered by PRAGMA user_version.
 *
 * Each migration runs in one transaction together with its version bump, so a
 * process killed half way leaves the previous version, and the next open runs
 * it again. Before the first migration of an existing book the file is copied
 * (backup API) to PATH.bak-vN. A new book is built under a temporary name and
 * linked into place, so a crash never leaves a half-made file to be refused. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_int.h"
#include "repdesk/db/book.h"
#include "repdesk/i18n.h"
#include "repdesk/record.h"
#include "repdesk/valid.h"

/* Every synced table carries uid, rep_uid (the owner), updated_at (an HLC
 * stamp) and deleted; rows are flagged, never removed. Money is INTEGER fen in
 * STRICT tables, so text like '1.5万' can never be stored as an amount. */
/* x IN ('a', 'b', 'c') builds a temporary index each time it runs: a CHECK
 * that costs more than the insert. These are plain comparisons. */
#define ONE_OF2(c, a, b) c " = " a " OR " c " = " b
#define ONE_OF4(c, a, b, d, e) ONE_OF2(c, a, b) " OR " ONE_OF2(c, d, e)
#define TIER_OK(c) "(" ONE_OF4(c, "'S'", "'A'", "'B'", "'C'") " OR " c " = 'D')"
#define DATE_OK(col) "(" col " GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')"
/* outcome = 'effective' OR outcome = 'no-answer' OR ...: the registry's list. */
#define OUTCOME_IS(x, id, name, aliases, eff, con) "outcome = '" name "'"
#define SYNCED \
	"uid TEXT NOT NULL UNIQUE, " \
	"rep_uid TEXT NOT NULL DEFAULT '', "
#define VERSIONED \
	"updated_at TEXT NOT NULL, " \
	"deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted = 0 OR deleted = 1)"

/* A customer's contact and size columns (the same in every version of the
 * table). */
#define CUSTOMER_DETAIL_COLS \
	" contact TEXT NOT NULL DEFAULT ''," \
	" phone TEXT NOT NULL DEFAULT ''," \
	" city TEXT NOT NULL DEFAULT ''," \
	" district TEXT NOT NULL DEFAULT ''," \
	" type TEXT NOT NULL DEFAULT ''," \
	" industry TEXT NOT NULL DEFAULT ''," \
	" stores INTEGER CHECK (stores >= 0)," \
	" rooms INTEGER CHECK (rooms >= 0)," \
	" monthly_amount INTEGER," \
	" monthly_volume INTEGER CHECK (monthly_volume >= 0),"

static const char *const sql_v1[] = {
	"CREATE TABLE settings ("
	" key TEXT PRIMARY KEY NOT NULL,"
	" value TEXT NOT NULL"
	") STRICT, WITHOUT ROWID;",

	"CREATE TABLE groups ("
	" id INTEGER PRIMARY KEY, " SYNCED
	" name TEXT NOT NULL CHECK (name <> ''), " VERSIONED
	") STRICT;",

	"CREATE TABLE reps ("
	" id INTEGER PRIMARY KEY, " SYNCED
	" name TEXT NOT NULL CHECK (name <> ''),"
	" group_uid TEXT REFERENCES groups(uid), " VERSIONED
	") STRICT;",

	/* tier is the manual tier (NULL: computed), tier_auto the computed one;
	 * tier_eff (0 = S .. 4 = D) is what lists sort by. attrs is a JSON
	 * object of the free attributes, keys in column order. */
	"CREATE TABLE customers ("
	" id INTEGER PRIMARY KEY,"
	" uid TEXT NOT NULL,"
	" rep_uid TEXT NOT NULL DEFAULT '',"
	" name TEXT NOT NULL CHECK (name <> ''),"
	CUSTOMER_DETAIL_COLS
	" tier TEXT CHECK " TIER_OK("tier") ","
	" tier_auto TEXT NOT NULL DEFAULT 'D' CHECK " TIER_OK("tier_auto") ","
	" tier_eff INTEGER GENERATED ALWAYS AS (instr('SABCD', coalesce(tier, tier_auto)) - 1) STORED,"
	" priority TEXT NOT NULL DEFAULT ''"
	"  CHECK (" ONE_OF4("priority", "''", "'key'", "'medium'", "'small'") "),"
	" source TEXT NOT NULL DEFAULT '',"
	" next_call TEXT CHECK (next_call IS NULL OR " DATE_OK("next_call") "),"
	" notes TEXT NOT NULL DEFAULT '',"
	" status TEXT NOT NULL DEFAULT 'active'"
	"  CHECK (" ONE_OF4("status", "'active'", "'prospect'", "'lost'", "'do-not-call'") "),"
	" attrs TEXT NOT NULL DEFAULT '{}', " VERSIONED
	") STRICT;"
	/* The uid index is an index, not a column constraint, so a bulk load
	 * can drop it and build it once at the end. Then keyset pages in list
	 * order, and exact-name and prefix lookups (one seek, where the list
	 * index would need one per tier: three times slower re-imports). */
	"CREATE UNIQUE INDEX customers_uid ON customers(uid);"
	"CREATE INDEX customers_list ON customers(tier_eff, name, id) WHERE deleted = 0;"
	"CREATE INDEX customers_name ON customers(name) WHERE deleted = 0;",

	"CREATE TABLE calls ("
	" id INTEGER PRIMARY KEY, " SYNCED
	" customer_uid TEXT NOT NULL REFERENCES customers(uid),"
	" date TEXT NOT NULL CHECK " DATE_OK("date") ","
	" outcome TEXT NOT NULL CHECK (" RECORD_X_OUTCOMES(OUTCOME_IS, " OR ", ) "),"
	" note TEXT NOT NULL DEFAULT '',"
	" next_call TEXT CHECK (next_call IS NULL OR " DATE_OK("next_call") "), " VERSIONED
	") STRICT;"
	"CREATE INDEX calls_customer ON calls(customer_uid, date);"
	"CREATE INDEX calls_date ON calls(date);",

	/* due: the date the customer promised to pay by. */
	"CREATE TABLE orders ("
	" id INTEGER PRIMARY KEY, " SYNCED
	" customer_uid TEXT NOT NULL REFERENCES customers(uid),"
	" date TEXT NOT NULL CHECK " DATE_OK("date") ","
	" amount INTEGER NOT NULL,"
	" due TEXT CHECK (due IS NULL OR " DATE_OK("due") "),"
	" note TEXT NOT NULL DEFAULT '', " VERSIONED
	") STRICT;"
	"CREATE INDEX orders_customer ON orders(customer_uid, date);"
	"CREATE INDEX orders_date ON orders(date);",

	"CREATE TABLE payments ("
	" id INTEGER PRIMARY KEY, " SYNCED
	" customer_uid TEXT NOT NULL REFERENCES customers(uid),"
	" date TEXT NOT NULL CHECK " DATE_OK("date") ","
	" amount INTEGER NOT NULL,"
	" order_uid TEXT REFERENCES orders(uid),"
	" note TEXT NOT NULL DEFAULT '', " VERSIONED
	") STRICT;"
	"CREATE INDEX payments_customer ON payments(customer_uid, date);"
	"CREATE INDEX payments_date ON payments(date);"
	"CREATE INDEX payments_order ON payments(order_uid) WHERE order_uid IS NOT NULL;",

	"CREATE TABLE notes ("
	" id INTEGER PRIMARY KEY, " SYNCED
	" customer_uid TEXT NOT NULL REFERENCES customers(uid),"
	" date TEXT NOT NULL CHECK " DATE_OK("date") ","
	" text TEXT NOT NULL, " VERSIONED
	") STRICT;"
	"CREATE INDEX notes_customer ON notes(customer_uid, date);",

	/* Targets at any level the planner needs: level 'month' (key ''), 'tier'
	 * (key S..D), 'customer' (key a customer uid), 'day' (key a date); scope
	 * says whose target it is ('rep', 'group', 'team'). */
	"CREATE TABLE targets ("
	" id INTEGER PRIMARY KEY, " SYNCED
	" month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),"
	" level TEXT NOT NULL CHECK (level <> ''),"
	" scope TEXT NOT NULL DEFAULT 'rep',"
	" key TEXT NOT NULL DEFAULT '',"
	" amount INTEGER NOT NULL, " VERSIONED
	") STRICT;"
	"CREATE INDEX targets_month ON targets(month, level, key);",

	/* Attribute keys in the order first seen: the export's extra columns. */
	"CREATE TABLE attr_keys ("
	" id INTEGER PRIMARY KEY,"
	" key TEXT NOT NULL UNIQUE CHECK (key <> '')"
	") STRICT;"

	"INSERT INTO settings(key, value) VALUES ('device', lower(hex(randomblob(4))));",
};

/* The search index: FTS5 over name, contact, phone, attribute values, city,
 * district, type, industry and source (schema 14 added the last five),
 * external content on customers (the text is not stored twice), tokenized by
 * our CJK-aware unigram+bigram tokenizer (search.c). detail=none keeps it
 * small and fast to build: a query's bigrams narrow the candidates, and
 * repdesk_match() confirms each one exactly. Every row is indexed, deleted or
 * not; readers filter on deleted. */
#define FTS_COLS STORE_FTS_COLS
const char store_sql_fts_table[] =
	"CREATE VIRTUAL TABLE customers_fts USING fts5(" FTS_COLS ","
	" content = 'customers', content_rowid = 'id', " STORE_FTS_OPTIONS ");";

const char store_sql_fts_triggers[] =
	"CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN"
	" INSERT INTO customers_fts(rowid, " FTS_COLS ")"
	" VALUES (new.id, " STORE_FTS_VALUES("new.") ");"
	" END;"
	"CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers BEGIN"
	" INSERT INTO customers_fts(customers_fts, rowid, " FTS_COLS ")"
	" VALUES ('delete', old.id, " STORE_FTS_VALUES("old.") ");"
	" END;"
	"CREATE TRIGGER customers_fts_au AFTER UPDATE OF " FTS_COLS " ON customers"
	" WHEN old.name IS NOT new.name OR old.contact IS NOT new.contact"
	"  OR old.phone IS NOT new.phone OR old.attrs IS NOT new.attrs"
	"  OR old.city IS NOT new.city OR old.district IS NOT new.district"
	"  OR old.type IS NOT new.type OR old.industry IS NOT new.industry"
	"  OR old.source IS NOT new.source BEGIN"
	" INSERT INTO customers_fts(customers_fts, rowid, " FTS_COLS ")"
	" VALUES ('delete', old.id, " STORE_FTS_VALUES("old.") ");"
	" INSERT INTO customers_fts(rowid, " FTS_COLS ")"
	" VALUES (new.id, " STORE_FTS_VALUES("new.") ");"
	" END;";

const char store_sql_drop_fts_triggers[] =
	"DROP TRIGGER IF EXISTS customers_fts_ai;"
	"DROP TRIGGER IF EXISTS customers_fts_ad;"
	"DROP TRIGGER IF EXISTS customers_fts_au;";

const char store_sql_indexes[] =
	"CREATE UNIQUE INDEX IF NOT EXISTS customers_uid ON customers(uid);"
	"CREATE INDEX IF NOT EXISTS customers_name ON customers(name) WHERE deleted = 0;"
	"CREATE INDEX IF NOT EXISTS customers_list ON customers(tier_eff, name, id) WHERE deleted = 0;";

/* Each live customer's attributes as (name, value, customer) rows, kept by
 * triggers on every write of customers (whatever path writes it: set,
 * import, merge, edit, delete, undo), so that a filter of attribute
 * equalities (a segment narrowing the call queue) reads its members from
 * this index instead of every customer's JSON (list.c). Derived data: never
 * synced, made again by store_sql_customer_attrs_fill. Deleted customers
 * have no rows; a JSON null has none (no equality matches it). A migration
 * that makes customers again must make these triggers again. */
#define ATTR_EACH(r) "json_each(CASE WHEN json_valid(" r "attrs) THEN " r "attrs ELSE '{}' END) j"
#define ATTR_KEEP "typeof(j.key) = 'text' AND j.value IS NOT NULL"
#define ATTR_ROWS(r) "SELECT j.key, j.value, " r "id FROM " ATTR_EACH(r) " WHERE " ATTR_KEEP
const char store_sql_customer_attrs[] =
	"CREATE TABLE IF NOT EXISTS customer_attrs ("
	" name TEXT NOT NULL, value NOT NULL, customer_id INTEGER NOT NULL,"
	" PRIMARY KEY (name, value, customer_id)"
	") WITHOUT ROWID;"
	"CREATE TRIGGER IF NOT EXISTS customer_attrs_ai AFTER INSERT ON customers"
	" WHEN new.deleted = 0 BEGIN"
	" INSERT OR IGNORE INTO customer_attrs(name, value, customer_id) " ATTR_ROWS("new.") ";"
	" END;"
	"CREATE TRIGGER IF NOT EXISTS customer_attrs_ad AFTER DELETE ON customers"
	" WHEN old.deleted = 0 BEGIN"
	" DELETE FROM customer_attrs WHERE (name, value, customer_id) IN (" ATTR_ROWS("old.") ");"
	" END;"
	"CREATE TRIGGER IF NOT EXISTS customer_attrs_au AFTER UPDATE OF attrs, deleted ON customers"
	" WHEN old.attrs IS NOT new.attrs OR old.deleted IS NOT new.deleted BEGIN"
	" DELETE FROM customer_attrs WHERE old.deleted = 0"
	"  AND (name, value, customer_id) IN (" ATTR_ROWS("old.") ");"
	" INSERT OR IGNORE INTO customer_attrs(name, value, customer_id) SELECT * FROM (" ATTR_ROWS("new.") ")"
	"  WHERE new.deleted = 0;"
	" END;";
const char store_sql_drop_customer_attrs_triggers[] =
	"DROP TRIGGER IF EXISTS customer_attrs_ai;"
	"DROP TRIGGER IF EXISTS customer_attrs_ad;"
	"DROP TRIGGER IF EXISTS customer_attrs_au;";
/* The table read in its own order (through the list index, which leaves
 * out the deleted, each row would be a seek: several times slower), the
 * rows sorted so that the index is written in order. */
const char store_sql_customer_attrs_fill[] =
	"DELETE FROM customer_attrs;"
	"INSERT OR IGNORE INTO customer_attrs(name, value, customer_id) SELECT j.key, j.value, c.id"
	" FROM customers c NOT INDEXED, " ATTR_EACH("c.") " WHERE c.deleted = 0 AND " ATTR_KEEP
	" ORDER BY 1, 2, 3;";

/* The indexes of calls, orders and payments that no merge reads, as the
 * migrations below leave them: a run of team merges that outgrows the book
 * builds them at its end (teambook.c). orders_date stays, named by readers. */
const char store_sql_activity_indexes[] =
	"CREATE INDEX IF NOT EXISTS calls_customer ON calls(customer_uid, date);"
	"CREATE INDEX IF NOT EXISTS calls_date ON calls(date, customer_uid, outcome, deleted);"
	"CREATE INDEX IF NOT EXISTS orders_customer ON orders(customer_uid, date, amount, deleted);"
	"CREATE INDEX IF NOT EXISTS payments_customer ON payments(customer_uid, date);"
	"CREATE INDEX IF NOT EXISTS payments_date ON payments(date, customer_uid, amount, deleted);"
	"CREATE INDEX IF NOT EXISTS payments_order ON payments(order_uid) WHERE order_uid IS NOT NULL;";
const char store_sql_drop_activity_indexes[] =
	"DROP INDEX IF EXISTS main.calls_customer; DROP INDEX IF EXISTS main.calls_date;"
	"DROP INDEX IF EXISTS main.orders_customer; DROP INDEX IF EXISTS main.payments_customer;"
	"DROP INDEX IF EXISTS main.payments_date; DROP INDEX IF EXISTS main.payments_order;";

/* ---- rules written into SQL ---- */

#define EFFECTIVE_MARK "$effective("

/* The registry's effective-call rule over the row R ("" for none) as SQL:
 * (R.outcome <> 'no-answer' AND ...), one comparison per outcome that is not
 * effective. Comparisons, not NOT IN, as the CHECKs above. */
static void put_effective(sqlite3_str *b, const char *r, size_t rlen)
{
	bool first = true;

	sqlite3_str_appendchar(b, 1, '(');
	for (int i = 0; i < RECORD_OUTCOME_COUNT; i++) {
		if (record_outcomes[i].effective)
			continue;
		sqlite3_str_appendf(b, "%s%.*s%soutcome <> '%s'", first ? "" : " AND ", (int)rlen, r,
		                    rlen ? "." : "", record_outcomes[i].name);
		first = false;
	}
	sqlite3_str_appendchar(b, 1, ')');
}

char *store_sql_rules(const char *sql)
{
	sqlite3_str *b = sqlite3_str_new(NULL);
	const char *p = sql, *m;

	while ((m = strstr(p, EFFECTIVE_MARK))) {
		const char *r = m + strlen(EFFECTIVE_MARK), *end = strchr(r, ')');
		if (!end)
			break;
		sqlite3_str_append(b, p, (int)(m - p));
		put_effective(b, r, (size_t)(end - r));
		p = end + 1;
	}
	sqlite3_str_appendall(b, p);
	return sqlite3_str_finish(b);
}

db_status store_exec_rules(db *d, const char *sql)
{
	char *text = store_sql_rules(sql);

	if (!text)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	db_status st = store_exec(d, text);
	sqlite3_free(text);
	return st;
}

typedef db_status (*migration_fn)(db *d);

/* The summaries made again by a migration (see below). */
static db_status summaries_again(db *d);

static db_status v1(db *d)
{
	char sql[64];

	db_status st = DB_OK;

	for (size_t i = 0; i < sizeof sql_v1 / sizeof *sql_v1 && st == DB_OK; i++)
		st = store_exec(d, sql_v1[i]);
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", STORE_APP_ID);
	return st == DB_OK ? store_exec(d, sql) : st;
}

static db_status v2(db *d)
{
	db_status st = store_exec(d, store_sql_fts_table);

	if (st == DB_OK)
		st = store_exec(d, store_sql_fts_triggers);
	if (st == DB_OK)
		st = store_exec(d, "INSERT INTO customers_fts(customers_fts) VALUES ('rebuild')");
	return st;
}

/* Month figures (the planner's baselines, achieved sales, the day's plan)
 * read orders by date range, and a plan is read back by month: indexes that
 * hold every column those reads need answer them without touching the table. */
static db_status v3(db *d)
{
	return store_exec(d, "DROP INDEX orders_date;"
	                     "CREATE INDEX orders_date ON orders(date, customer_uid, amount, deleted);"
	                     "DROP INDEX orders_customer;"
	                     "CREATE INDEX orders_customer ON orders(customer_uid, date, amount, deleted);"
	                     "DROP INDEX targets_month;"
	                     "CREATE INDEX targets_month ON targets(month, rep_uid, deleted, level, "
	                     "scope, key, amount);");
}

/* A plan's customer targets travel as one row per month and level (its
 * detail), not one row per customer: a plan is made and replaced whole. */
static db_status v4(db *d)
{
	return store_exec(d, "ALTER TABLE targets ADD COLUMN detail TEXT NOT NULL DEFAULT '';");
}

/* Today reads per-customer summaries kept current on every write, not a
 * year of history: the last effective contact and the order days of each
 * customer, and the orders with money still open after all payments
 * (date_day numbers; see todayrows.c). */
static db_status v5(db *d)
{
	db_status st = store_exec(d,
		"CREATE TABLE customer_stats ("
		" customer_uid TEXT PRIMARY KEY NOT NULL,"
		" last_contact INTEGER,"
		" order_days BLOB NOT NULL"
		") STRICT, WITHOUT ROWID;"
		"CREATE TABLE receivables ("
		" order_id INTEGER PRIMARY KEY,"
		" customer_uid TEXT NOT NULL,"
		" order_uid TEXT NOT NULL,"
		" date INTEGER NOT NULL,"
		" amount INTEGER NOT NULL,"
		" paid INTEGER NOT NULL,"
		" due INTEGER"
		") STRICT;"
		"CREATE INDEX receivables_customer ON receivables(customer_uid);");
	/* Filled by v6, which replaces both tables. */
	return st;
}

/* The summaries keyed by the customer's row id instead of its uid, so a
 * reader of the whole book pairs them with the customers it scanned, in the
 * same order, without a lookup per row. customer_today holds in one blob all
 * that today reads of a customer (the open orders too, and what was due
 * before its last day of payments, so on that day today needs no history);
 * customer_months its order totals by month, so the planner's baselines and
 * achieved figures need one row per customer rather than every order of four
 * months. See ledger.h for the layouts. The day's calls and payments, and
 * those after it, are read by date with their customer and figures: indexes
 * that hold those columns answer without visiting the tables. */
static db_status v6(db *d)
{
	db_status st = store_exec(d,
		"DROP TABLE customer_stats;"
		"DROP TABLE receivables;"
		"CREATE TABLE customer_today ("
		" customer_id INTEGER PRIMARY KEY,"
		" data BLOB NOT NULL"
		") STRICT;"
		"CREATE TABLE customer_months ("
		" customer_id INTEGER PRIMARY KEY,"
		" months BLOB NOT NULL"
		") STRICT;"
		"DROP INDEX calls_date;"
		"CREATE INDEX calls_date ON calls(date, customer_uid, outcome, deleted);"
		"DROP INDEX payments_date;"
		"CREATE INDEX payments_date ON payments(date, customer_uid, amount, deleted);"
		/* The rebuild reads the visits of v11 as contacts: none yet. */
		"CREATE TEMP TABLE visits(customer_uid TEXT, date TEXT, deleted INTEGER);");
	if (st == DB_OK)
		st = summaries_again(d);
	return st == DB_OK ? store_exec(d, "DROP TABLE temp.visits") : st;
}

/* The team (docs/guide.md §10). base_at: the stamp of the version a row's current
 * version was made from (set by every local write that replaces a stamp; ''
 * for a row made here), so a merge tells an edit of what the lead already
 * has from a concurrent edit (core/merge.c). conflicts: the losing versions
 * of rows two devices changed concurrently, kept for review (the row as JSON).
 * team_days: per rep and day, the figures of the team report, kept by
 * triggers on every write of a call, order or payment, local or merged;
 * team_months the same per rep and month (a month's report reads one row a
 * rep), and team_days_date finds the days of a range for every rep. */
#define TEAM_BASE(t) "ALTER TABLE " t " ADD COLUMN base_at TEXT NOT NULL DEFAULT ''"
#define TEAM_EFF(r) STORE_EFFECTIVE(r)
#define TEAM_UPSERT(r, cols, vals, sets) \
	"INSERT INTO team_days(rep_uid, date, " cols ") SELECT " r ".rep_uid, " r ".date, " vals \
	" ON CONFLICT(rep_uid, date) DO UPDATE SET " sets ";" \
	"INSERT INTO team_months(rep_uid, month, " cols ") SELECT " r ".rep_uid, " \
	"substr(" r ".date, 1, 7), " vals " ON CONFLICT(rep_uid, month) DO UPDATE SET " sets ";"
#define TEAM_CALLS(r, sign) TEAM_UPSERT(r, "calls, effective", \
	sign "1, " sign TEAM_EFF(r) " WHERE " r ".deleted = 0", \
	"calls = calls + excluded.calls, effective = effective + excluded.effective")
#define TEAM_ORDERS(r, sign) TEAM_UPSERT(r, "deals, sales", \
	sign "1, " sign r ".amount WHERE " r ".deleted = 0", \
	"deals = deals + excluded.deals, sales = sales + excluded.sales")
#define TEAM_PAYS(r, sign) TEAM_UPSERT(r, "collected", \
	sign r ".amount WHERE " r ".deleted = 0", \
	"collected = collected + excluded.collected")
#define TEAM_TRIGGER_AI(t, add) \
	"CREATE TRIGGER team_" t "_ai AFTER INSERT ON " t " BEGIN " add("new", "") " END;"
#define TEAM_TRIGGERS(t, add, cols) \
	TEAM_TRIGGER_AI(t, add) \
	"CREATE TRIGGER team_" t "_au AFTER UPDATE OF rep_uid, date, deleted, " cols " ON " t \
	" BEGIN " add("old", "-") add("new", "") " END;" \
	"CREATE TRIGGER team_" t "_ad AFTER DELETE ON " t " BEGIN " add("old", "-") " END;"

#define TEAM_VISITS(r, sign) TEAM_UPSERT(r, "visits", \
	sign "1 WHERE " r ".deleted = 0", "visits = visits + excluded.visits")

/* Visits came with version 11: their triggers are made there, not with the
 * others by the earlier migrations (which know no visits table). */
static const char team_visit_triggers[] =
	TEAM_TRIGGER_AI("visits", TEAM_VISITS)
	"CREATE TRIGGER team_visits_au AFTER UPDATE OF rep_uid, date, deleted ON visits"
	" BEGIN " TEAM_VISITS("old", "-") TEAM_VISITS("new", "") " END;"
	"CREATE TRIGGER team_visits_ad AFTER DELETE ON visits BEGIN " TEAM_VISITS("old", "-") " END;";

static const char *const team_triggers[] = {
	TEAM_TRIGGERS("calls", TEAM_CALLS, "outcome"),
	TEAM_TRIGGERS("orders", TEAM_ORDERS, "amount"),
	TEAM_TRIGGERS("payments", TEAM_PAYS, "amount"),
};

/* What the insert triggers add, for many rows at once: per table its
 * rollup columns, their sums over the rows x, and how they add up. */
static const struct {
	const char *table, *cols, *sums, *sets, *trigger, *each;
} team_rollup[] = {
	{ "calls", "calls, effective", "count(*), sum" TEAM_EFF("x"),
	  "calls = calls + excluded.calls, effective = effective + excluded.effective",
	  TEAM_TRIGGER_AI("calls", TEAM_CALLS), "1, " TEAM_EFF("x") },
	{ "orders", "deals, sales", "count(*), sum(x.amount)",
	  "deals = deals + excluded.deals, sales = sales + excluded.sales",
	  TEAM_TRIGGER_AI("orders", TEAM_ORDERS), "1, x.amount" },
	{ "payments", "collected", "sum(x.amount)", "collected = collected + excluded.collected",
	  TEAM_TRIGGER_AI("payments", TEAM_PAYS), "x.amount" },
	{ "visits", "visits", "count(*)", "visits = visits + excluded.visits",
	  TEAM_TRIGGER_AI("visits", TEAM_VISITS), "1" },
};

static int rollup_of(const char *table)
{
	for (int i = 0; i < (int)(sizeof team_rollup / sizeof *team_rollup); i++)
		if (strcmp(team_rollup[i].table, table) == 0)
			return i;
	return -1;
}

bool store_team_rollup_of(const char *table, const char **cols, const char **each)
{
	int i = rollup_of(table);

	if (i < 0)
		return false;
	*cols = team_rollup[i].cols;
	*each = team_rollup[i].each;
	return true;
}

db_status store_team_insert_trigger(db *d, const char *table, bool on)
{
	char sql[96];
	int i = rollup_of(table);

	if (i < 0)
		return DB_OK;
	if (on)
		return store_exec_rules(d, team_rollup[i].trigger);
	snprintf(sql, sizeof sql, "DROP TRIGGER IF EXISTS main.team_%s_ai", table);
	return store_exec(d, sql);
}

db_status store_team_rollup_add(db *d, const char *table, const char *rows)
{
	int i = rollup_of(table);
	char *sql;

	if (i < 0)
		return DB_OK;
	sql = sqlite3_mprintf(
		"INSERT INTO team_days(rep_uid, date, %s) SELECT x.rep_uid, x.date, %s %s "
		"AND x.deleted = 0 GROUP BY x.rep_uid, x.date "
		"ON CONFLICT(rep_uid, date) DO UPDATE SET %s;"
		"INSERT INTO team_months(rep_uid, month, %s) SELECT x.rep_uid, substr(x.date, 1, 7), "
		"%s %s AND x.deleted = 0 GROUP BY x.rep_uid, substr(x.date, 1, 7) "
		"ON CONFLICT(rep_uid, month) DO UPDATE SET %s;",
		team_rollup[i].cols, team_rollup[i].sums, rows, team_rollup[i].sets,
		team_rollup[i].cols, team_rollup[i].sums, rows, team_rollup[i].sets);
	if (!sql)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	db_status st = store_exec_rules(d, sql);
	sqlite3_free(sql);
	return st;
}

static db_status create_team_triggers(db *d)
{
	db_status st = DB_OK;

	for (size_t i = 0; i < sizeof team_triggers / sizeof *team_triggers && st == DB_OK; i++)
		st = store_exec_rules(d, team_triggers[i]);
	return st;
}

#define STORE_TEAM_DROP_TRIGGERS \
	"DROP TRIGGER IF EXISTS team_calls_ai; DROP TRIGGER IF EXISTS team_calls_au;" \
	"DROP TRIGGER IF EXISTS team_calls_ad; DROP TRIGGER IF EXISTS team_orders_ai;" \
	"DROP TRIGGER IF EXISTS team_orders_au; DROP TRIGGER IF EXISTS team_orders_ad;" \
	"DROP TRIGGER IF EXISTS team_payments_ai; DROP TRIGGER IF EXISTS team_payments_au;" \
	"DROP TRIGGER IF EXISTS team_payments_ad;" \
	"DROP TRIGGER IF EXISTS team_visits_ai; DROP TRIGGER IF EXISTS team_visits_au;" \
	"DROP TRIGGER IF EXISTS team_visits_ad;"

#define TEAM_MONTHS_TABLE \
	"CREATE TABLE IF NOT EXISTS team_months (" \
	" rep_uid TEXT NOT NULL," \
	" month TEXT NOT NULL," \
	" calls INTEGER NOT NULL DEFAULT 0," \
	" effective INTEGER NOT NULL DEFAULT 0," \
	" deals INTEGER NOT NULL DEFAULT 0," \
	" sales INTEGER NOT NULL DEFAULT 0," \
	" collected INTEGER NOT NULL DEFAULT 0," \
	" PRIMARY KEY (rep_uid, month)" \
	") STRICT, WITHOUT ROWID;" \
	"CREATE INDEX IF NOT EXISTS team_days_date ON team_days(date, rep_uid);"

static const char team_rebuild[] =
	"DELETE FROM team_days;"
	"INSERT INTO team_days(rep_uid, date, calls, effective) SELECT rep_uid, date, count(*), "
	" sum(" TEAM_EFF("calls") ") FROM calls WHERE deleted = 0 GROUP BY rep_uid, date;"
	"INSERT INTO team_days(rep_uid, date, deals, sales) SELECT rep_uid, date, count(*), sum(amount) "
	" FROM orders WHERE deleted = 0 GROUP BY rep_uid, date "
	" ON CONFLICT(rep_uid, date) DO UPDATE SET deals = excluded.deals, sales = excluded.sales;"
	"INSERT INTO team_days(rep_uid, date, collected) SELECT rep_uid, date, sum(amount) "
	" FROM payments WHERE deleted = 0 GROUP BY rep_uid, date "
	" ON CONFLICT(rep_uid, date) DO UPDATE SET collected = excluded.collected;"
	"DELETE FROM team_months;"
	"INSERT INTO team_months(rep_uid, month, calls, effective, deals, sales, collected) "
	" SELECT rep_uid, substr(date, 1, 7), sum(calls), sum(effective), sum(deals), sum(sales), "
	" sum(collected) FROM team_days GROUP BY 1, 2;";

/* Whether TABLE has COLUMN (a book made by a development build may). */
static db_status has_column(db *d, const char *table, const char *column, bool *yes)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");

	*yes = false;
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, column, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	*yes = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the schema"));
}

/* The per-customer summaries made again by a migration before v18: they
 * read the orders' volume, which v18 adds, and v18 makes them all again; a
 * book without the column leaves them to it. */
static db_status summaries_again(db *d)
{
	bool yes;
	db_status st = has_column(d, "orders", "volume", &yes);

	return st != DB_OK || !yes ? st : store_stats_rebuild(d);
}

static db_status v7(db *d)
{
	static const char *const synced[] = { "groups", "reps", "customers", "calls", "orders",
	                                      "payments", "notes", "targets" };
	db_status st = DB_OK;
	char sql[128];
	bool yes;

	for (size_t i = 0; i < sizeof synced / sizeof *synced && st == DB_OK; i++) {
		if ((st = has_column(d, synced[i], "base_at", &yes)) != DB_OK || yes)
			continue;
		snprintf(sql, sizeof sql, TEAM_BASE("%s"), synced[i]);
		st = store_exec(d, sql);
	}
	if (st == DB_OK)
		st = store_exec(d,
		"CREATE TABLE IF NOT EXISTS conflicts ("
		" id INTEGER PRIMARY KEY,"
		" tbl TEXT NOT NULL,"
		" uid TEXT NOT NULL,"
		" rep_uid TEXT NOT NULL,"
		" lost_at TEXT NOT NULL,"
		" lost TEXT NOT NULL,"
		" source TEXT NOT NULL DEFAULT '',"
		" UNIQUE (tbl, uid, lost_at)"
		") STRICT;"
		"CREATE TABLE IF NOT EXISTS team_days ("
		" rep_uid TEXT NOT NULL,"
		" date TEXT NOT NULL,"
		" calls INTEGER NOT NULL DEFAULT 0,"
		" effective INTEGER NOT NULL DEFAULT 0,"
		" deals INTEGER NOT NULL DEFAULT 0,"
		" sales INTEGER NOT NULL DEFAULT 0,"
		" collected INTEGER NOT NULL DEFAULT 0,"
		" PRIMARY KEY (rep_uid, date)"
		") STRICT, WITHOUT ROWID;"
		TEAM_MONTHS_TABLE
		STORE_TEAM_DROP_TRIGGERS);
	if (st == DB_OK)
		st = create_team_triggers(d);
	return st == DB_OK ? store_exec_rules(d, team_rebuild) : st;
}

/* The bundles merged whole, by fingerprint: adding one again has nothing to
 * bring (merging is idempotent), so it is recognised without reading it.
 * And what keeps the team report instant with hundreds of reps and a long
 * history: the month rollup and an index of the month targets. */
static db_status v8(db *d)
{
	db_status st = store_exec(d, "CREATE TABLE IF NOT EXISTS team_bundles ("
	                             " digest TEXT PRIMARY KEY NOT NULL,"
	                             " rep_uid TEXT NOT NULL DEFAULT '',"
	                             " added_at TEXT NOT NULL"
	                             ") STRICT, WITHOUT ROWID;"
	                             /* The month targets the team report sums, one a rep. */
	                             "CREATE INDEX IF NOT EXISTS targets_rep_month ON "
	                             "targets(month, rep_uid, amount) WHERE deleted = 0 AND "
	                             "level = 'base' AND scope = 'month' AND key = '';"
	                             /* Books made at version 7 gain the month rollup. */
	                             TEAM_MONTHS_TABLE
	                             STORE_TEAM_DROP_TRIGGERS);
	if (st == DB_OK)
		st = create_team_triggers(d);
	return st == DB_OK ? store_exec_rules(d, team_rebuild) : st;
}

/* The columns every reader of the whole book takes (today's queue, the
 * plan, the list) first in each customer's record: SQLite decodes a record's
 * header up to the last column asked for, and deleted and status sat at the
 * 24th and 22nd. The table is rebuilt with the same rows, ids and content;
 * its indexes and search triggers are made again (the search index reads the
 * table by id, so it stays as it is). Foreign keys are off meanwhile
 * (store_migrate): the dropped table's children are the new table's. */
static const char customers_v9[] =
	"CREATE TABLE customers_v9 ("
	" id INTEGER PRIMARY KEY,"
	" uid TEXT NOT NULL,"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted = 0 OR deleted = 1),"
	" status TEXT NOT NULL DEFAULT 'active'"
	"  CHECK (" ONE_OF4("status", "'active'", "'prospect'", "'lost'", "'do-not-call'") "),"
	" priority TEXT NOT NULL DEFAULT ''"
	"  CHECK (" ONE_OF4("priority", "''", "'key'", "'medium'", "'small'") "),"
	" tier TEXT CHECK " TIER_OK("tier") ","
	" tier_auto TEXT NOT NULL DEFAULT 'D' CHECK " TIER_OK("tier_auto") ","
	" tier_eff INTEGER GENERATED ALWAYS AS (instr('SABCD', coalesce(tier, tier_auto)) - 1) STORED,"
	" next_call TEXT CHECK (next_call IS NULL OR " DATE_OK("next_call") "),"
	" name TEXT NOT NULL CHECK (name <> ''),"
	" rep_uid TEXT NOT NULL DEFAULT '',"
	CUSTOMER_DETAIL_COLS
	" source TEXT NOT NULL DEFAULT '',"
	" notes TEXT NOT NULL DEFAULT '',"
	" attrs TEXT NOT NULL DEFAULT '{}',"
	" updated_at TEXT NOT NULL,"
	" base_at TEXT NOT NULL DEFAULT ''"
	") STRICT;";

#define CUSTOMERS_V9_COLS \
	"id, uid, deleted, status, priority, tier, tier_auto, next_call, name, rep_uid, contact, " \
	"phone, city, district, type, industry, stores, rooms, monthly_amount, monthly_volume, " \
	"source, notes, attrs, updated_at, base_at"

static db_status v9(db *d)
{
	db_status st = store_exec(d, "DROP TABLE IF EXISTS customers_v9;");

	if (st == DB_OK)
		st = store_exec(d, customers_v9);
	if (st == DB_OK)
		st = store_exec(d, "INSERT INTO customers_v9(" CUSTOMERS_V9_COLS ") "
		                   "SELECT " CUSTOMERS_V9_COLS " FROM customers ORDER BY id;"
		                   "DROP TABLE customers;"
		                   "ALTER TABLE customers_v9 RENAME TO customers;");
	if (st == DB_OK)
		st = store_exec(d, store_sql_indexes);
	if (st == DB_OK)
		st = store_exec(d, store_sql_fts_triggers);
	return st;
}

/* Who made a bundle: the book's own Ed25519 signing key (one row; a
 * snapshot drops the table before it leaves, so the secret half never
 * travels), and the public keys a lead pinned, one a rep, the first time
 * each rep's bundle was added. Keys are made at init or on first use, not
 * here: a migration draws no randomness. */
static db_status v10(db *d)
{
	return store_exec(d, STORE_SQL_SIGNING_KEY ";"
	                     "CREATE TABLE IF NOT EXISTS team_keys ("
	                     " rep_uid TEXT PRIMARY KEY NOT NULL,"
	                     " public_key TEXT NOT NULL,"
	                     " pinned_at TEXT NOT NULL"
	                     ") STRICT, WITHOUT ROWID;");
}

/* A field rep's visits (docs/architecture.md, the registry): a synced activity table like calls,
 * its columns the registry's (repdesk/record.h; a unit test holds the two
 * together), counted per rep and day for the team report. */
static db_status v11(db *d)
{
	bool yes;
	db_status st = store_exec(d,
		"CREATE TABLE IF NOT EXISTS visits ("
		" id INTEGER PRIMARY KEY, " SYNCED
		" customer_uid TEXT NOT NULL REFERENCES customers(uid),"
		" date TEXT NOT NULL CHECK " DATE_OK("date") ","
		" time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),"
		" place TEXT NOT NULL DEFAULT '',"
		" outcome TEXT CHECK (outcome IS NULL OR " RECORD_X_OUTCOMES(OUTCOME_IS, " OR ", ) "),"
		" note TEXT NOT NULL DEFAULT '',"
		" next_call TEXT CHECK (next_call IS NULL OR " DATE_OK("next_call") "), " VERSIONED ","
		" base_at TEXT NOT NULL DEFAULT ''"
		") STRICT;"
		"CREATE INDEX IF NOT EXISTS visits_customer ON visits(customer_uid, date);"
		"CREATE INDEX IF NOT EXISTS visits_date ON visits(date, customer_uid, outcome, deleted);"
		"DROP TRIGGER IF EXISTS team_visits_ai; DROP TRIGGER IF EXISTS team_visits_au;"
		"DROP TRIGGER IF EXISTS team_visits_ad;");
	/* The rollup's tables may have been made again by a development build. */
	static const char *const rollups[] = { "team_days", "team_months" };
	for (size_t i = 0; i < 2 && st == DB_OK; i++) {
		char sql[96];
		if ((st = has_column(d, rollups[i], "visits", &yes)) != DB_OK || yes)
			continue;
		snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN visits INTEGER NOT NULL DEFAULT 0",
		         rollups[i]);
		st = store_exec(d, sql);
	}
	if (st == DB_OK)
		st = store_exec(d, team_visit_triggers);
	/* Visits a development build kept, counted afresh. */
	if (st == DB_OK)
		st = store_exec(d, "UPDATE team_days SET visits = 0; UPDATE team_months SET visits = 0;");
	if (st == DB_OK)
		st = store_team_rollup_add(d, "visits", "FROM visits x WHERE 1");
	return st;
}

/* Each rep's latest bundle, which the team report reads to mark a rep whose
 * figures are older than its day: one seek a rep, however many bundles a
 * year of them leaves. */
static db_status v12(db *d)
{
	return store_exec(d, "CREATE INDEX IF NOT EXISTS team_bundles_rep ON "
	                     "team_bundles(rep_uid, added_at);");
}

/* A refused call, an order and a payment became contacts (ledger.h): every
 * customer's last contact is summed up again. */
static db_status v13(db *d)
{
	return summaries_again(d);
}

/* Search finds a customer's type, industry, district, city and source as
 * well: the search index is made again over the wider columns. (A book
 * made at an earlier version by this code already has them: made again all
 * the same.) */
static db_status v14(db *d)
{
	db_status st = store_exec(d, store_sql_drop_fts_triggers);

	if (st == DB_OK)
		st = store_exec(d, "DROP TABLE IF EXISTS customers_fts;");
	if (st == DB_OK)
		st = store_exec(d, store_sql_fts_table);
	return st == DB_OK ? store_fts_rebuild(d, 8) : st;
}

/* Saved segments (repdesk segment): a named filter, its clauses one a line
 * (repdesk/where.h), synced like the other tables so a lead sees the reps'. */
static db_status v15(db *d)
{
	return store_exec(d,
		"CREATE TABLE IF NOT EXISTS segments ("
		" id INTEGER PRIMARY KEY, " SYNCED
		" name TEXT NOT NULL CHECK (name <> ''),"
		" clauses TEXT NOT NULL, " VERSIONED ","
		" base_at TEXT NOT NULL DEFAULT ''"
		") STRICT;"
		"CREATE INDEX IF NOT EXISTS segments_name ON segments(name, rep_uid) WHERE deleted = 0;");
}

/* Referrals: the uid of the customer who referred this one ('' for none),
 * a fixed field like source. */
static db_status v16(db *d)
{
	bool yes;
	db_status st = has_column(d, "customers", "referred_by", &yes);

	if (st != DB_OK || yes)
		return st;
	return store_exec(d, "ALTER TABLE customers ADD COLUMN referred_by TEXT NOT NULL DEFAULT '';");
}

/* Choice lists (config choices) become synced rows like segments, so a
 * lead merging a rep's bundle gets the rep's lists: the attribute, its
 * choices as valid_choices_parse writes them, a tombstone when cleared. The
 * lists the book kept as settings ("choices:ATTR") move into the table as
 * they are, each the book owner's row with one new stamp, and leave the
 * settings. */
static db_status v17(db *d)
{
	db_status st = store_exec(d,
		"CREATE TABLE IF NOT EXISTS choices ("
		" id INTEGER PRIMARY KEY, " SYNCED
		" attr TEXT NOT NULL CHECK (attr <> ''),"
		" list TEXT NOT NULL, " VERSIONED ","
		" base_at TEXT NOT NULL DEFAULT ''"
		") STRICT;"
		"CREATE INDEX IF NOT EXISTS choices_attr ON choices(attr, rep_uid) WHERE deleted = 0;");
	char rep[UID_BUFSZ] = "", uid[UID_BUFSZ], dev[32];
	const char *stamp;
	sqlite3_stmt *s, *ins;

	if (st != DB_OK)
		return st;
	if (!(s = store_prepare(d, "SELECT 1 FROM settings WHERE key > 'choices:' AND "
	                        "key < 'choices;'")))
		return d->last;
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)   /* no list to move */
		return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("moving the choice lists"));
	/* The device is read once the book is open, after its migrations: the
	 * stamp needs it now. */
	if (!d->device[0] && db_setting_get(d, "device", dev, sizeof dev) == DB_OK)
		snprintf(d->device, sizeof d->device, "%.8s", dev);
	if ((st = db_setting_get(d, "rep_uid", rep, sizeof rep)) == DB_NOT_FOUND)
		st = DB_OK;
	if (st != DB_OK || !(stamp = store_stamp(d)))
		return st != DB_OK ? st : d->last;
	if (!(s = store_prepare(d, "SELECT substr(key, length('choices:') + 1), value FROM settings "
	                        "WHERE key > 'choices:' AND key < 'choices;' ORDER BY key")))
		return d->last;
	if (!(ins = store_prepare(d, "INSERT INTO choices(uid, rep_uid, attr, list, updated_at) "
	                          "VALUES (?1, ?2, ?3, ?4, ?5)"))) {
		sqlite3_finalize(s);
		return d->last;
	}
	while (st == DB_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_new_uid(d, uid);
		sqlite3_bind_text(ins, 1, uid, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, rep, -1, SQLITE_STATIC);
		sqlite3_bind_value(ins, 3, sqlite3_column_value(s, 0));
		sqlite3_bind_value(ins, 4, sqlite3_column_value(s, 1));
		sqlite3_bind_text(ins, 5, stamp, -1, SQLITE_STATIC);
		st = store_step_done(d, ins, _("moving the choice lists"));
	}
	if (st == DB_OK && rc != SQLITE_DONE)
		st = store_fail(d, rc, _("moving the choice lists"));
	sqlite3_finalize(ins);
	sqlite3_finalize(s);
	/* The stamp was this migration's: the next write makes its own. */
	d->have_stamp = false;
	if (st == DB_OK)
		st = store_exec(d, "DELETE FROM settings WHERE key > 'choices:' AND key < 'choices;'");
	return st;
}

/* An order's volume (units where the tiers count them: a hotel's
 * room-nights), NULL when not given; the months summaries carry each
 * month's volume beside its total, so every customer's are made again. */
static db_status v18(db *d)
{
	bool yes;
	db_status st = has_column(d, "orders", "volume", &yes);

	if (st == DB_OK && !yes)
		st = store_exec(d, "ALTER TABLE orders ADD COLUMN volume INTEGER "
		                   "CHECK (volume IS NULL OR volume >= 0);");
	return st == DB_OK ? store_stats_rebuild(d) : st;
}

_Static_assert(RECORD_VOLUME_SINCE == 18, "the orders' volume is made by v18");

/* The book's own holiday schedule (calendar set / import): a day off or a
 * make-up workday with its name, synced rows like the choice lists so a
 * lead's merge carries them; clearing a day leaves a tombstone. A year with
 * a live day here is the book's, over the shipped file and the estimate. */
static db_status v19(db *d)
{
	return store_exec(d,
		"CREATE TABLE IF NOT EXISTS calendar ("
		" id INTEGER PRIMARY KEY, " SYNCED
		" day TEXT NOT NULL CHECK " DATE_OK("day") ","
		" kind TEXT NOT NULL CHECK (kind = 'off' OR kind = 'work'),"
		" name TEXT NOT NULL CHECK (name <> ''), " VERSIONED ","
		" base_at TEXT NOT NULL DEFAULT ''"
		") STRICT;"
		"CREATE INDEX IF NOT EXISTS calendar_day ON calendar(day, rep_uid) "
		"WHERE deleted = 0;");
}

_Static_assert(VALID_PAYMENT_DAYS_MAX == 365, "v20's CHECK holds the longest payment term");

/* A customer's payment term: the days an order logged without a promised
 * day is given (NULL: the book's, config payment_days), a fixed field. */
static db_status v20(db *d)
{
	bool yes;
	db_status st = has_column(d, "customers", "payment_days", &yes);

	if (st != DB_OK || yes)
		return st;
	return store_exec(d, "ALTER TABLE customers ADD COLUMN payment_days INTEGER "
	                     "CHECK (payment_days IS NULL OR payment_days BETWEEN 0 AND 365);");
}

/* The customers' attributes as an index (customer_attrs above): the table,
 * its triggers, and every live customer's rows. */
static db_status v21(db *d)
{
	db_status st = store_exec(d, store_sql_customer_attrs);

	return st == DB_OK ? store_exec(d, store_sql_customer_attrs_fill) : st;
}

char *store_primary_contact_uid(const char *customer, const char *rep, char out[UID_BUFSZ])
{
	char key[2 * 72 + 16];
	int n = snprintf(key, sizeof key, "primary contact\x1f%.64s\x1f%.64s", customer, rep);

	return uid_from_content(key, n > 0 ? (size_t)n : 0, out);
}

static void sql_primary_uid(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	char uid[UID_BUFSZ];

	(void)argc;
	store_primary_contact_uid((const char *)sqlite3_value_text(v[0]) ? (const char *)sqlite3_value_text(v[0]) : "",
	                          (const char *)sqlite3_value_text(v[1]) ? (const char *)sqlite3_value_text(v[1]) : "",
	                          uid);
	sqlite3_result_text(cx, uid, -1, SQLITE_TRANSIENT);
}

_Static_assert(RECORD_CONTACTS_SINCE == 22, "contacts and opportunities are made by v22");

/* A customer's contacts (any number, one of them primary: the customer's
 * own contact and phone, kept in step) and opportunities (a deal not yet an
 * order, moving through stages), synced rows of the rep who keeps them; who
 * was spoken to on a call or a visit. Every customer with a contact or a
 * phone gets its primary contact, with an identity made from the customer
 * and its rep and the customer's own stamp, so every book that migrates the
 * same customer makes the same row, and a merge of two finds nothing new. */
static db_status v22(db *d)
{
	bool yes;
	db_status st = store_exec(d,
		"CREATE TABLE IF NOT EXISTS contacts ("
		" id INTEGER PRIMARY KEY, " SYNCED
		" customer_uid TEXT NOT NULL REFERENCES customers(uid),"
		" name TEXT NOT NULL DEFAULT '',"
		" role TEXT NOT NULL DEFAULT '',"
		" phone TEXT NOT NULL DEFAULT '',"
		" wechat TEXT NOT NULL DEFAULT '',"
		" note TEXT NOT NULL DEFAULT '',"
		" cares TEXT NOT NULL DEFAULT '',"
		" is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary = 0 OR is_primary = 1), "
		VERSIONED ","
		" base_at TEXT NOT NULL DEFAULT ''"
		") STRICT;"
		STORE_SQL_CONTACT_INDEXES
		"CREATE TABLE IF NOT EXISTS opportunities ("
		" id INTEGER PRIMARY KEY, " SYNCED
		" customer_uid TEXT NOT NULL REFERENCES customers(uid),"
		" title TEXT NOT NULL CHECK (title <> ''),"
		" value INTEGER NOT NULL,"
		" stage TEXT NOT NULL CHECK (" ONE_OF4("stage", "'lead'", "'qualified'", "'proposal'", "'tender'")
		"  OR " ONE_OF2("stage", "'negotiation'", "'won'") " OR stage = 'lost'),"
		" probability INTEGER CHECK (probability IS NULL OR probability BETWEEN 0 AND 100),"
		" close_date TEXT CHECK (close_date IS NULL OR " DATE_OK("close_date") "),"
		" competitors TEXT NOT NULL DEFAULT '',"
		" next_step TEXT NOT NULL DEFAULT '',"
		" next_date TEXT CHECK (next_date IS NULL OR " DATE_OK("next_date") "),"
		" lost_reason TEXT NOT NULL DEFAULT '',"
		" opened TEXT NOT NULL CHECK " DATE_OK("opened") ","
		" path TEXT NOT NULL DEFAULT '',"
		" order_uid TEXT, " VERSIONED ","
		" base_at TEXT NOT NULL DEFAULT ''"
		") STRICT;"
		"CREATE INDEX IF NOT EXISTS opportunities_customer ON opportunities(customer_uid);"
		"CREATE INDEX IF NOT EXISTS opportunities_stage ON opportunities(stage, close_date) "
		"WHERE deleted = 0;"
		"CREATE INDEX IF NOT EXISTS opportunities_next ON opportunities(next_date) "
		"WHERE deleted = 0 AND next_date IS NOT NULL;"
		/* The Pipeline screen's reads (pipeline.c), each from an index alone
		 * until the rows shown: a rep's cards by stage in their order with
		 * what the summary sums, the next steps by day, the day each card
		 * entered its stage (the path's last day; it holds what the summary
		 * sums too, so either serves the summary), and the few deleted
		 * customers whose cards are not shown. */
		"CREATE INDEX IF NOT EXISTS opportunities_pipeline ON opportunities(rep_uid, stage, "
		"close_date, title, uid, customer_uid, value, probability) WHERE deleted = 0;"
		"CREATE INDEX IF NOT EXISTS opportunities_due ON opportunities(rep_uid, next_date, title, "
		"uid, stage, customer_uid) WHERE deleted = 0 AND next_date IS NOT NULL;"
		"CREATE INDEX IF NOT EXISTS opportunities_since ON opportunities(rep_uid, stage, "
		"(CASE WHEN path <> '' THEN substr(path, -10) ELSE opened END), customer_uid, value, "
		"probability) WHERE deleted = 0;"
		"CREATE INDEX IF NOT EXISTS customers_gone ON customers(uid) WHERE deleted = 1;");

	for (int k = 0; st == DB_OK && k < 2; k++) {
		const char *t = k ? "visits" : "calls";
		if ((st = has_column(d, t, "contact_uid", &yes)) == DB_OK && !yes) {
			char sql[96];
			snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN contact_uid TEXT;", t);
			st = store_exec(d, sql);
		}
	}
	if (st != DB_OK)
		return st;
	int rc = sqlite3_create_function_v2(d->h, "repdesk_primary_uid", 2, SQLITE_UTF8 |
	                                    SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
	                                    sql_primary_uid, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(d, rc, _("upgrading the book"));
	st = store_exec(d,
		"INSERT INTO contacts(uid, rep_uid, customer_uid, name, phone, is_primary, updated_at) "
		"SELECT repdesk_primary_uid(uid, rep_uid), rep_uid, uid, contact, phone, 1, updated_at "
		"FROM customers WHERE deleted = 0 AND (contact <> '' OR phone <> '') "
		"ON CONFLICT (uid) DO NOTHING;");
	sqlite3_create_function_v2(d->h, "repdesk_primary_uid", 2, SQLITE_UTF8, NULL, NULL, NULL, NULL,
	                           NULL);
	return st;
}

static const migration_fn migrations[STORE_SCHEMA_VERSION + 1] = { NULL, v1, v2, v3, v4, v5, v6, v7,
                                                                   v8, v9, v10, v11, v12, v13,
                                                                   v14, v15, v16, v17, v18, v19, v20,
                                                                   v21, v22 };

static db_status user_version(db *d, int *v)
{
	sqlite3_stmt *s = store_prepare(d, "PRAGMA user_version");

	*v = 0;
	if (!s)
		return d->last;
	int rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, _("reading the schema version"));
}

/* Copy the book to PATH.bak-vVERSION through the backup API (a plain copy of
 * a WAL database can miss committed rows), under a temporary name so an
 * interrupted copy never poses as a backup. The caller holds the write lock;
 * a second connection reads the committed state beside it (WAL). */
static db_status backup(db *d, int version)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	sqlite3 *src = NULL, *dest = NULL;
	const char *why = NULL;

	if (snprintf(path, sizeof path, "%s.bak-v%d", d->path, version) >= (int)sizeof path)
		return store_err(d, DB_INVALID, _("%s: path too long for a backup"), d->path);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	unlink(tmp);
	int rc = sqlite3_open_v2(d->path, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_open_v2(tmp, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(dest, "main", src, "main");
		if (!b) {
			rc = sqlite3_errcode(dest);
		} else {
			rc = sqlite3_backup_step(b, -1);
			int rc2 = sqlite3_backup_finish(b);
			rc = rc == SQLITE_DONE ? rc2 : rc;
		}
	}
	if (rc != SQLITE_OK)
		why = dest && sqlite3_errcode(dest) ? sqlite3_errmsg(dest)
		    : src ? sqlite3_errmsg(src) : sqlite3_errstr(rc);
	if (why)
		store_err(d, store_map(rc) == DB_OK ? DB_IOERR : store_map(rc),
		          _("%s: cannot back up before upgrading the schema: %s"), path, why);
	sqlite3_close(src);
	if (sqlite3_close(dest) != SQLITE_OK && rc == SQLITE_OK) {
		rc = SQLITE_IOERR;
		store_err(d, DB_IOERR, _("%s: cannot finish the backup"), path);
	}
	if (rc == SQLITE_OK && rename(tmp, path) != 0) {
		rc = SQLITE_IOERR;
		store_err(d, DB_IOERR, "%s: %s", path, strerror(errno));
	}
	if (rc != SQLITE_OK) {
		unlink(tmp);
		return store_map(rc) == DB_OK ? DB_IOERR : store_map(rc);
	}
	return DB_OK;
}

/* Run migrations up to TARGET. BACKUP: copy the file before the first one. */
static db_status migrate_to(db *d, int target, bool keep_backup)
{
	bool backed_up = !keep_backup;
	db_status st;
	int v = 0;

	for (;;) {
		if ((st = store_exec(d, "BEGIN IMMEDIATE")) != DB_OK)
			return st;
		/* Another process may have migrated while we waited for the lock. */
		if ((st = user_version(d, &v)) != DB_OK)
			return st;
		if (v >= target)
			return store_exec(d, "COMMIT");
		if (!backed_up && v > 0) {
			if ((st = backup(d, v)) != DB_OK) {
				sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
				return st;
			}
			backed_up = true;
		}
		char bump[48];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
		if ((st = migrations[v + 1](d)) != DB_OK || (st = store_exec(d, bump)) != DB_OK)
			return st;   /* store_fail rolled back */
		if ((st = store_exec(d, "COMMIT")) != DB_OK)
			return st;
	}
}

db_status store_migrate(db *d)
{
	/* Outside any transaction: a rebuilt table (v9) is dropped with its
	 * children in place. Every migration keeps the references whole. */
	db_status st = store_exec(d, "PRAGMA foreign_keys = OFF");

	if (st == DB_OK)
		st = migrate_to(d, STORE_SCHEMA_VERSION, true);
	if (st != DB_OK) {   /* keep the migration's message */
		sqlite3_exec(d->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
		return st;
	}
	return store_exec(d, "PRAGMA foreign_keys = ON");
}

db_status store_create(const char *path, int version, char *err, size_t errsz)
{
	char tmp[PATH_MAX];
	db b = { 0 };
	db_status st = DB_OK;

	if (version < 1 || version > STORE_SCHEMA_VERSION) {
		snprintf(err, errsz, _("no schema version %d"), version);
		return DB_INVALID;
	}
	if (snprintf(tmp, sizeof tmp, "%s.new-%ld", path, (long)getpid()) >= (int)sizeof tmp) {
		snprintf(err, errsz, _("%s: path too long"), path);
		return DB_INVALID;
	}
	unlink(tmp);
	b.path = tmp;
	int rc = sqlite3_open_v2(tmp, &b.h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		st = store_fail(&b, rc, path);
		goto out;
	}
	sqlite3_extended_result_codes(b.h, 1);
	/* 8 KiB pages, not SQLite's 4: half the pages, log frames and write
	 * calls for what a load or a team merge writes (the first merge of 500
	 * bundles took 83 s with 4 KiB, 76 s with 8), at no cost to the
	 * workbench's lookups, which read through a map of the file. */
	if ((rc = sqlite3_exec(b.h, "PRAGMA page_size = 8192", NULL, NULL, NULL)) != SQLITE_OK) {
		st = store_fail(&b, rc, path);
		goto out;
	}
	sqlite3_db_config(b.h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, NULL);
	if ((rc = store_search_register(b.h)) != SQLITE_OK) {
		st = store_fail(&b, rc, path);
		goto out;
	}
	if ((st = migrate_to(&b, version, false)) != DB_OK)
		goto out;
	/* WAL is a property of the file: set it once here, while nobody else
	 * can see the file, and the close checkpoints everything into it. */
	st = store_exec(&b, "PRAGMA journal_mode = WAL");
out:
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(b.st[i]);
	if (b.h && sqlite3_close(b.h) != SQLITE_OK && st == DB_OK)
		st = store_err(&b, DB_IOERR, _("%s: cannot finish creating the file"), path);
	if (st == DB_OK) {
		int fd = open(tmp, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fsync(fd) != 0)
			st = store_err(&b, errno == ENOSPC ? DB_FULL : DB_IOERR, "%s: %s", path,
			               strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	/* link() refuses to replace: if another process created the book
	 * meanwhile, theirs stays and we open it. */
	if (st == DB_OK && link(tmp, path) != 0 && errno != EEXIST)
		st = store_err(&b, DB_IOERR, "%s: %s", path, strerror(errno));
	unlink(tmp);
	if (st != DB_OK)
		snprintf(err, errsz, "%s", b.err);
	return st;
}
