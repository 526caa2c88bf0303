/* A bundle is a file from someone else: nothing in it is run, and nothing
 * of it is merged unless all of it passes (docs/architecture.md, step 7 of a row's path).
 *
 * - The connection that reads it is guarded: SQLite's limits on a value's
 *   length and a table's columns, and a deadline (a progress handler), so a
 *   hostile file can take neither much memory nor much time. The judge's
 *   connection is defensive with an untrusted schema (db.c); the lead's,
 *   which attaches the bundle to merge it, keeps its trusted schema (its
 *   search index's triggers need it), so there nothing is read from the
 *   bundle before its tables have passed the exact-schema check again:
 *   a table of plain stored columns runs no SQL of the file's when read.
 * - Its tables are read by named columns only, and only when each one is a
 *   plain table whose declared columns are exactly those repdesk writes at
 *   the bundle's schema version (no generated columns, no views, no virtual
 *   tables in their place). Tables not read are not looked at.
 * - Every row is held to the command line's rules (core/valid.c) by an SQL
 *   function, one SELECT per table; every row must belong to the bundle's
 *   rep, and what a row refers to must be in the bundle.
 * - Stamps more than a few minutes ahead of this machine's clock are
 *   counted here; the merge clamps them (teambook.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"
#include "repdesk/calendar.h"
#include "repdesk/db/book.h"
#include "repdesk/db/team.h"
#include "repdesk/i18n.h"
#include "repdesk/opp.h"
#include "repdesk/record.h"
#include "repdesk/text.h"
#include "repdesk/valid.h"

/* The longest value a bundle may hold (a plan's detail, with room). */
#define GUARD_LENGTH (VALID_DETAIL_MAX + (1 << 20))
/* More columns than any table of ours has. */
#define GUARD_COLUMNS 64
/* The time one bundle may take to open, check and merge: ample for any real
 * one (a rep's 5,000 customers and a month of activity take a fraction of a
 * second); REPDESK_BUNDLE_SECONDS sets another. */
#define GUARD_SECONDS 300
/* How many SQLite steps between looks at the clock. */
#define GUARD_STEPS 100000

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t store_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int guard_progress(void *arg)
{
	db *d = arg;

	if (mono_ms() < d->guard_deadline)
		return 0;
	d->guard_tripped = true;
	return 1;
}

void store_guard_on(db *d)
{
	const char *env = getenv("REPDESK_BUNDLE_SECONDS");
	long secs = env && *env ? strtol(env, NULL, 10) : GUARD_SECONDS;

	if (secs <= 0)
		secs = GUARD_SECONDS;
	d->guard_saved[0] = sqlite3_limit(d->h, SQLITE_LIMIT_LENGTH, GUARD_LENGTH);
	d->guard_saved[1] = sqlite3_limit(d->h, SQLITE_LIMIT_COLUMN, GUARD_COLUMNS);
	d->guard_deadline = mono_ms() + (uint64_t)secs * 1000u;
	d->guard_tripped = false;
	d->guarded = true;
	sqlite3_progress_handler(d->h, GUARD_STEPS, guard_progress, d);
}

void store_guard_off(db *d)
{
	if (!d->guarded)
		return;
	sqlite3_progress_handler(d->h, 0, NULL, NULL);
	sqlite3_limit(d->h, SQLITE_LIMIT_LENGTH, d->guard_saved[0]);
	sqlite3_limit(d->h, SQLITE_LIMIT_COLUMN, d->guard_saved[1]);
	d->guarded = false;
}

db_status store_guard_status(db *d, db_status st, const char *path)
{
	if (st == DB_OK)
		return st;
	if (d->guard_tripped)
		return store_err(d, DB_NOTDB, _("%s: the bundle takes too long to read; refused"), path);
	if (sqlite3_extended_errcode(d->h) == SQLITE_TOOBIG)
		return store_err(d, DB_NOTDB, _("%s: the bundle holds a value larger than repdesk "
		                 "writes; refused"), path);
	return st;
}

db_status store_bundle_computed(db *d)
{
	/* Before quick_check, which computes such columns for every row. */
	sqlite3_stmt *s = store_prepare(d, "SELECT t.name FROM pragma_table_list t, "
	                                "pragma_table_xinfo(t.name, t.schema) x WHERE "
	                                "t.schema = 'main' AND t.type = 'table' AND x.hidden = 2 "
	                                "LIMIT 1");
	if (!s)
		return d->last;
	int rc = sqlite3_step(s);
	char t[64] = "";
	if (rc == SQLITE_ROW)
		text_sanitize(store_col_text(s, 0), t, sizeof t);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return store_err(d, DB_NOTDB, _("%s: table %s is not as repdesk writes it; refused"),
		                 d->path, t);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, d->path);
}

/* ---- the tables read, and their columns ---- */

typedef store_kind kind;

typedef struct {
	const char *name, *type;
	bool notnull;
	kind k;
} column;

#define SYNCED_HEAD { "uid", "TEXT", true, SK_UID }, { "rep_uid", "TEXT", true, SK_OWNER }
#define VERSIONED_TAIL { "updated_at", "TEXT", true, SK_STAMP }, \
	{ "deleted", "INTEGER", true, SK_DELETED }, { "base_at", "TEXT", true, SK_BASE }
#define END { NULL, NULL, false, SK_NONE }

static const column c_groups[] = { SYNCED_HEAD, { "name", "TEXT", true, SK_NAME }, VERSIONED_TAIL,
                                   END };
static const column c_reps[] = { SYNCED_HEAD, { "name", "TEXT", true, SK_NAME },
                                 { "group_uid", "TEXT", false, SK_REF_NULL }, VERSIONED_TAIL, END };
static const column c_customers[] = {
	SYNCED_HEAD, { "name", "TEXT", true, SK_NAME }, { "contact", "TEXT", true, SK_TEXT },
	{ "phone", "TEXT", true, SK_TEXT }, { "city", "TEXT", true, SK_TEXT },
	{ "district", "TEXT", true, SK_TEXT }, { "type", "TEXT", true, SK_TEXT },
	{ "industry", "TEXT", true, SK_TEXT }, { "stores", "INTEGER", false, SK_COUNT },
	{ "rooms", "INTEGER", false, SK_COUNT }, { "monthly_amount", "INTEGER", false, SK_MONEY_NULL },
	{ "monthly_volume", "INTEGER", false, SK_COUNT }, { "tier", "TEXT", false, SK_TIER_NULL },
	{ "tier_auto", "TEXT", true, SK_TIER }, { "priority", "TEXT", true, SK_PRIORITY },
	{ "source", "TEXT", true, SK_TEXT }, { "next_call", "TEXT", false, SK_DATE_NULL },
	{ "notes", "TEXT", true, SK_TEXT }, { "status", "TEXT", true, SK_STATUS },
	{ "attrs", "TEXT", true, SK_JSON }, { "referred_by", "TEXT", true, SK_TEXT },
	{ "payment_days", "INTEGER", false, SK_TERM_NULL }, VERSIONED_TAIL, END };
static const column c_targets[] = {
	SYNCED_HEAD, { "month", "TEXT", true, SK_MONTH }, { "level", "TEXT", true, SK_LEVEL },
	{ "scope", "TEXT", true, SK_SCOPE }, { "key", "TEXT", true, SK_KEY },
	{ "amount", "INTEGER", true, SK_MONEY }, { "detail", "TEXT", true, SK_DETAIL },
	VERSIONED_TAIL, END };
static const column c_segments[] = {
	SYNCED_HEAD, { "name", "TEXT", true, SK_NAME }, { "clauses", "TEXT", true, SK_CLAUSES },
	VERSIONED_TAIL, END };
static const column c_choices[] = {
	SYNCED_HEAD, { "attr", "TEXT", true, SK_ATTR }, { "list", "TEXT", true, SK_CHOICES },
	VERSIONED_TAIL, END };
static const column c_calendar[] = {
	SYNCED_HEAD, { "day", "TEXT", true, SK_DATE }, { "kind", "TEXT", true, SK_DAY_KIND },
	{ "name", "TEXT", true, SK_DAY_NAME }, VERSIONED_TAIL, END };
/* A customer's contact: the name may be empty on the primary one (a
 * customer known by its phone alone). */
static const column c_contacts[] = {
	SYNCED_HEAD, { "customer_uid", "TEXT", true, SK_REF }, { "name", "TEXT", true, SK_TEXT },
	{ "role", "TEXT", true, SK_TEXT }, { "phone", "TEXT", true, SK_TEXT },
	{ "wechat", "TEXT", true, SK_TEXT }, { "note", "TEXT", true, SK_TEXT },
	{ "cares", "TEXT", true, SK_TEXT }, { "is_primary", "INTEGER", true, SK_FLAG },
	VERSIONED_TAIL, END };
static const column c_opportunities[] = {
	SYNCED_HEAD, { "customer_uid", "TEXT", true, SK_REF }, { "title", "TEXT", true, SK_NAME },
	{ "value", "INTEGER", true, SK_MONEY }, { "stage", "TEXT", true, SK_STAGE },
	{ "probability", "INTEGER", false, SK_PERCENT_NULL },
	{ "close_date", "TEXT", false, SK_DATE_NULL }, { "competitors", "TEXT", true, SK_TEXT },
	{ "next_step", "TEXT", true, SK_TEXT }, { "next_date", "TEXT", false, SK_DATE_NULL },
	{ "lost_reason", "TEXT", true, SK_TEXT }, { "opened", "TEXT", true, SK_DATE },
	{ "path", "TEXT", true, SK_PATH }, { "order_uid", "TEXT", false, SK_REF_NULL },
	VERSIONED_TAIL, END };
static const column c_attr_keys[] = { { "key", "TEXT", true, SK_NAME }, END };
static const column c_settings[] = { { "key", "TEXT", true, SK_NONE },
                                     { "value", "TEXT", true, SK_NONE }, END };

/* What the rows of a table must satisfy besides their values: SQL over the
 * table as x (in the bundle's own connection, as main), true for a row that
 * refers to something the bundle lacks. An activity table's columns and
 * references come from the registry (cols NULL: see table_cols). */
static const struct {
	const char *name;
	const column *cols;
	const char *dangling;        /* NULL: refers to nothing */
	bool rowid;                  /* has the id INTEGER PRIMARY KEY */
} tables[] = {
	{ "groups", c_groups, NULL, true },
	{ "reps", c_reps, "x.group_uid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM main.groups g "
	  "WHERE g.uid = x.group_uid)", true },
	{ "customers", c_customers, NULL, true },
	{ "orders", NULL, NULL, true },
	{ "calls", NULL, NULL, true },
	{ "payments", NULL, NULL, true },
	{ "notes", NULL, NULL, true },
	{ "targets", c_targets, NULL, true },
	{ "visits", NULL, NULL, true },
	{ "segments", c_segments, NULL, true },
	{ "choices", c_choices, NULL, true },
	{ "calendar", c_calendar, NULL, true },
	{ "contacts", c_contacts, "NOT EXISTS (SELECT 1 FROM main.customers c WHERE c.uid = "
	  "x.customer_uid)", true },
	{ "opportunities", c_opportunities, "NOT EXISTS (SELECT 1 FROM main.customers c WHERE "
	  "c.uid = x.customer_uid) OR (x.order_uid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
	  "main.orders o WHERE o.uid = x.order_uid))", true },
	{ "attr_keys", c_attr_keys, NULL, true },
	{ "settings", c_settings, NULL, false },
};
#define NTABLES (sizeof tables / sizeof *tables)
#define CHECKED_ROWS (NTABLES - 1)   /* settings: read by name only */

/* The columns of table K into COLS (room for GUARD_COLUMNS); an activity
 * table's are uid and rep_uid, its kind's in the registry, the version
 * columns. */
static const column *table_cols(size_t k, column cols[GUARD_COLUMNS])
{
	static const column head[] = { SYNCED_HEAD }, tail[] = { VERSIONED_TAIL, END };
	static const kind of[] = {
		[RECORD_V_UID] = SK_UID, [RECORD_V_OWNER] = SK_OWNER, [RECORD_V_REF] = SK_REF,
		[RECORD_V_REF_NULL] = SK_REF_NULL, [RECORD_V_DATE] = SK_DATE, [RECORD_V_DATE_NULL] = SK_DATE_NULL,
		[RECORD_V_MONEY] = SK_MONEY, [RECORD_V_TEXT] = SK_TEXT, [RECORD_V_OUTCOME] = SK_OUTCOME,
		[RECORD_V_OUTCOME_NULL] = SK_OUTCOME_NULL, [RECORD_V_TIME_NULL] = SK_TIME_NULL,
		[RECORD_V_STAMP] = SK_STAMP, [RECORD_V_DELETED] = SK_DELETED,
		[RECORD_V_COUNT_NULL] = SK_COUNT,
	};
	size_t n = 0;

	if (tables[k].cols)
		return tables[k].cols;
	const record_column *rc = record_kinds[record_kind_find(tables[k].name)].cols;
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		cols[n++] = head[i];
	for (; rc->name && n < GUARD_COLUMNS - 4; rc++)
		cols[n++] = (column){ rc->name, rc->type, rc->required, of[rc->value] };
	for (size_t i = 0; i < sizeof tail / sizeof *tail; i++)
		cols[n++] = tail[i];
	return cols;
}

store_kind store_bundle_kind(const char *table, const char *col)
{
	for (size_t k = 0; k < NTABLES; k++) {
		if (strcmp(tables[k].name, table) != 0)
			continue;
		column buf[GUARD_COLUMNS];
		for (const column *c = table_cols(k, buf); c->name; c++)
			if (strcmp(c->name, col) == 0)
				return c->k;
	}
	return SK_NONE;
}

/* An activity table's references as SQL over x (see tables): a column
 * NAME_uid names a row of the table NAMEs; one that may be NULL only when
 * given. Into OUT; NULL when the table's dangling is written by hand. */
static bool wanted(const column *c, int version);

static const char *table_dangling(size_t k, const column *cols, int version, char *out,
                                  size_t outsz)
{
	size_t at = 0;

	if (tables[k].cols)
		return tables[k].dangling;
	out[0] = '\0';
	for (const column *c = cols; c->name; c++) {
		size_t n = strlen(c->name);
		if ((c->k != SK_REF && c->k != SK_REF_NULL) || n < 5 || strcmp(c->name + n - 4, "_uid") ||
		    !wanted(c, version))
			continue;
		bool null_ok = c->k == SK_REF_NULL;
		int w = snprintf(out + at, outsz - at, "%s%s%s%sNOT EXISTS (SELECT 1 FROM main.%.*ss r "
		                 "WHERE r.uid = x.%s)%s", at ? " OR " : "", null_ok ? "(x." : "",
		                 null_ok ? c->name : "", null_ok ? " IS NOT NULL AND " : "",
		                 (int)(n - 4), c->name, c->name, null_ok ? ")" : "");
		if (w < 0 || (size_t)w >= outsz - at)
			break;
		at += (size_t)w;
	}
	return out[0] ? out : NULL;
}

/* Whether a bundle of VERSION has table K: a synced table since the
 * version the registry gives it. */
static bool has_table(size_t k, int version)
{
	int t = record_table_find(tables[k].name);
	return t < 0 || version >= record_tables[t].since;
}

/* base_at came with schema version 7. */
#define BASE_VERSION 7

/* customers' referred_by with version 16, payment_days with 20. */
#define REFERRED_VERSION 16
#define PAYMENT_DAYS_VERSION 20

static bool wanted(const column *c, int version)
{
	if (version < record_column_since(c->name))
		return false;
	if (strcmp(c->name, "referred_by") == 0)
		return version >= REFERRED_VERSION;
	if (strcmp(c->name, "payment_days") == 0)
		return version >= PAYMENT_DAYS_VERSION;
	return strcmp(c->name, "base_at") != 0 || version >= BASE_VERSION;
}

/* Table K of schema SCHEMA is exactly what repdesk writes: a plain table
 * (not WITHOUT ROWID unless settings, STRICT), with exactly the expected
 * columns, and no generated column but customers' tier_eff, stored. */
static db_status table_ok(db *d, const char *schema, size_t k, int version, const char *path)
{
	const char *t = tables[k].name;
	char sql[256];
	int rc;

	snprintf(sql, sizeof sql, "SELECT type, sql LIKE 'CREATE TABLE %%' FROM \"%s\".sqlite_schema "
	         "WHERE name = ?1", schema);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, t, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	bool plain = rc == SQLITE_ROW && strcmp(store_col_text(s, 0), "table") == 0 &&
	             sqlite3_column_int(s, 1) && sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d, rc, path);
	if (!plain)
		return store_err(d, DB_NOTDB, _("%s: table %s is not as repdesk writes it; refused"),
		                 path, t);
	if (!(s = store_prepare(d, "SELECT strict, wr FROM pragma_table_list WHERE schema = ?2 "
	                        "AND name = ?1")))
		return d->last;
	sqlite3_bind_text(s, 1, t, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, schema, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	bool shaped = rc == SQLITE_ROW && sqlite3_column_int(s, 0) == 1 &&
	              sqlite3_column_int(s, 1) == !tables[k].rowid;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d, rc, path);

	snprintf(sql, sizeof sql, "SELECT name, type, \"notnull\", pk, hidden "
	         "FROM pragma_table_xinfo(?1, '%s')", schema);
	if (!(s = store_prepare(d, sql)))
		return d->last;
	sqlite3_bind_text(s, 1, t, -1, SQLITE_STATIC);
	size_t want = 0, seen = 0;
	column buf[GUARD_COLUMNS];
	const column *cols = table_cols(k, buf);
	for (const column *c = cols; c->name; c++)
		want += wanted(c, version);
	bool id = !tables[k].rowid;
	while (shaped && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = store_col_text(s, 0), *type = store_col_text(s, 1);
		int notnull = sqlite3_column_int(s, 2), pk = sqlite3_column_int(s, 3);
		int hidden = sqlite3_column_int(s, 4);
		if (strcmp(name, "id") == 0 && tables[k].rowid) {
			shaped = !id && strcmp(type, "INTEGER") == 0 && pk == 1 && hidden == 0;
			id = true;
			continue;
		}
		if (strcmp(name, "tier_eff") == 0 && strcmp(t, "customers") == 0) {
			/* Stored: its value is read from the row, never computed. */
			shaped = strcmp(type, "INTEGER") == 0 && hidden == 3;
			continue;
		}
		const column *c = cols;
		while (c->name && strcmp(c->name, name) != 0)
			c++;
		shaped = c->name && wanted(c, version) && strcmp(c->type, type) == 0 &&
		         notnull == c->notnull && hidden == 0 && (pk == 0 || !tables[k].rowid);
		seen++;
	}
	if (shaped && rc != SQLITE_DONE) {
		sqlite3_finalize(s);
		return store_fail(d, rc, path);
	}
	sqlite3_finalize(s);
	if (!shaped || !id || seen != want)
		return store_err(d, DB_NOTDB, _("%s: table %s is not as repdesk writes it; refused"),
		                 path, t);
	return DB_OK;
}

db_status store_bundle_schema(db *d, const char *schema, int version, const char *path)
{
	db_status st = DB_OK;

	for (size_t k = 0; k < NTABLES && st == DB_OK; k++)
		if (has_table(k, version))
			st = table_ok(d, schema, k, version, path);
	return st;
}

/* ---- the rows ---- */

typedef struct {
	const column *cols;
	int version;
	uint64_t now;
	char bound[HLC_STAMP_BUFSZ];     /* stamps after this one may be clamped */
	long clamped;
	uint64_t ahead;
	char why[256];
	sqlite3_stmt *each;          /* reads attributes (store_attrs_check) */
} row_check;

/* A short, printable form of a value for a message. */
static void shown(sqlite3_value *v, char *out, size_t outsz)
{
	char cut[48];

	if (sqlite3_value_type(v) == SQLITE_NULL) {
		snprintf(out, outsz, "NULL");
	} else if (sqlite3_value_type(v) == SQLITE_INTEGER) {
		snprintf(out, outsz, "%lld", (long long)sqlite3_value_int64(v));
	} else {
		const char *s = (const char *)sqlite3_value_text(v);
		int n = sqlite3_value_bytes(v);
		size_t k = n < (int)sizeof cut - 4 ? (size_t)n : sizeof cut - 4;
		while (k > 0 && k < (size_t)n && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		memcpy(cut, s ? s : "", s ? k : 0);
		snprintf(cut + (s ? k : 0), sizeof cut - k, "%s", s && k < (size_t)n ? "…" : "");
		char safe[160];
		snprintf(out, outsz, "'%s'", text_sanitize(cut, safe, sizeof safe));
	}
}

/* The reason value V (of column C) is refused, or NULL. */
static const char *judge_value(row_check *r, const column *c, sqlite3_value *v,
                               sqlite3_value *scope)
{
	int type = sqlite3_value_type(v);
	const char *s = type == SQLITE_TEXT ? (const char *)sqlite3_value_text(v) : NULL;
	size_t n = s ? (size_t)sqlite3_value_bytes(v) : 0;
	int64_t i = type == SQLITE_INTEGER ? sqlite3_value_int64(v) : 0;
	bool nullable = c->k == SK_COUNT || c->k == SK_MONEY_NULL || c->k == SK_TIER_NULL ||
	                c->k == SK_DATE_NULL || c->k == SK_REF_NULL || c->k == SK_OUTCOME_NULL ||
	                c->k == SK_TIME_NULL || c->k == SK_TERM_NULL || c->k == SK_PERCENT_NULL;
	bool number = c->k == SK_COUNT || c->k == SK_MONEY || c->k == SK_MONEY_NULL ||
	              c->k == SK_DELETED || c->k == SK_TERM_NULL || c->k == SK_FLAG ||
	              c->k == SK_PERCENT_NULL;

	if (type == SQLITE_NULL)
		return nullable ? NULL : N_("missing");
	if (number ? type != SQLITE_INTEGER : type != SQLITE_TEXT)
		return N_("of the wrong type");
	switch (c->k) {
	case SK_UID: case SK_OWNER: case SK_REF: case SK_REF_NULL:
		return valid_uid(s);
	case SK_NAME:
		return n == 0 ? N_("empty") : valid_text(s, n, VALID_TEXT_MAX);
	case SK_TEXT:
		return valid_text(s, n, VALID_TEXT_MAX);
	case SK_DETAIL:
		return valid_text(s, n, VALID_DETAIL_MAX);
	case SK_COUNT:
		return i >= 0 ? NULL : N_("a negative count");
	case SK_TERM_NULL:   /* a customer's payment term, as set takes it */
		return i >= 0 && i <= VALID_PAYMENT_DAYS_MAX ? NULL : N_("not a payment term of 0 to 365 days");
	case SK_MONEY: case SK_MONEY_NULL:
		return valid_money(i);
	case SK_DELETED: case SK_FLAG:
		return i == 0 || i == 1 ? NULL : N_("not 0 or 1");
	case SK_PERCENT_NULL:
		return i >= 0 && i <= 100 ? NULL : N_("not a probability of 0 to 100");
	case SK_STAGE:
		return opp_stage_find(s) != OPP_STAGE_NONE && valid_one_of(s, opp_stage_keys) ? NULL
		       : N_("not a stage");
	case SK_PATH:
		return opp_path_check(s, n);
	case SK_TIER: case SK_TIER_NULL:
		return valid_one_of(s, valid_tiers) ? NULL : N_("not a tier");
	case SK_PRIORITY:
		return valid_one_of(s, valid_priorities) ? NULL : N_("not a priority");
	case SK_STATUS:
		return valid_one_of(s, valid_statuses) ? NULL : N_("not a status");
	case SK_OUTCOME: case SK_OUTCOME_NULL:
		return valid_one_of(s, valid_outcomes) ? NULL : N_("not a call outcome");
	case SK_TIME_NULL:
		return valid_time(s);
	case SK_LEVEL:
		return valid_one_of(s, valid_target_levels) ? NULL : N_("not a target level");
	case SK_SCOPE:
		return valid_one_of(s, valid_target_scopes) ? NULL : N_("not a target scope");
	case SK_KEY:
		return valid_target_key((const char *)sqlite3_value_text(scope), s);
	case SK_DATE: case SK_DATE_NULL:
		return valid_date(s);
	case SK_MONTH:
		return valid_month(s);
	case SK_JSON:
		return store_attrs_check(r->each, s, n);
	case SK_CLAUSES: {
		const char *why = valid_text(s, n, VALID_DETAIL_MAX);
		return why ? why : where_check_lines(s);
	}
	/* A choice list as config choices takes and keeps it. */
	case SK_ATTR:
		return valid_choices_attr(s, n);
	case SK_CHOICES:
		return valid_choices_list(s, n);
	/* A day of a schedule as calendar set and import take it. */
	case SK_DAY_KIND:
		return (n == 3 && memcmp(s, "off", 3) == 0) || (n == 4 && memcmp(s, "work", 4) == 0)
		       ? NULL : N_("not off or work");
	case SK_DAY_NAME:
		return calendar_name_check(s, n);
	case SK_STAMP: {
		const char *why = valid_stamp(s);
		char clamped[HLC_STAMP_BUFSZ];
		uint64_t ahead;
		/* Stamps sort as text in time order: only those past the bound are
		 * parsed again. */
		if (!why && strcmp(s, r->bound) > 0 && valid_clamp_stamp(s, r->now, clamped, &ahead)) {
			r->clamped++;
			if (ahead > r->ahead)
				r->ahead = ahead;
		}
		return why;
	}
	case SK_BASE:
		return n == 0 ? NULL : valid_stamp(s);
	case SK_NONE:
		return NULL;
	}
	return NULL;
}

/* repdesk_bundle_row(col...): NULL for a good row, else "column: reason". */
static void sql_row(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	row_check *r = sqlite3_user_data(cx);
	sqlite3_value *scope = NULL;
	int a = 0;

	for (const column *c = r->cols; c->name && a < argc; c++) {
		if (!wanted(c, r->version))
			continue;
		if (c->k == SK_SCOPE)
			scope = v[a];
		const char *why = judge_value(r, c, v[a], scope);
		if (why) {
			char val[200];
			shown(v[a], val, sizeof val);
			snprintf(r->why, sizeof r->why, _("column %s %s: %s"), c->name, val, _(why));
			sqlite3_result_text(cx, r->why, -1, SQLITE_TRANSIENT);
			return;
		}
		a++;
	}
	sqlite3_result_null(cx);
}

db_status store_bundle_rows(db *d, const char *rep, int version, const char *path,
                            db_bundle_check *out)
{
	row_check r = { .version = version, .now = out->now_ms };
	char first_uid[160] = "", first_table[16] = "", bad_uid[160] = "";
	char bad_table[16] = "", why[256] = "";
	long foreign = 0;
	db_status st = DB_OK;

	hlc bound = { r.now + VALID_CLOCK_AHEAD_MS, 0 };
	hlc_format(bound, "00000000", r.bound);
	if (!(r.each = store_stmt(d, ST_ATTRS_EACH)))
		return d->last;
	int rc = sqlite3_create_function_v2(d->h, "repdesk_bundle_row", -1,
	                                    SQLITE_UTF8 | SQLITE_DIRECTONLY, &r, sql_row, NULL,
	                                    NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(d, rc, path);
	for (size_t k = 0; k < CHECKED_ROWS && st == DB_OK; k++) {
		if (!has_table(k, version))
			continue;
		column buf[GUARD_COLUMNS];
		const column *cols = table_cols(k, buf);
		char refs[512];
		const char *dangling = table_dangling(k, cols, version, refs, sizeof refs);
		bool synced = cols[0].k == SK_UID;
		char full[2600];
		size_t at = 0;
		r.cols = cols;
		/* The row check once a row (twice for a row refused), its owner,
		 * and what it refers to. */
		at += (size_t)snprintf(full + at, sizeof full - at,
		                       "SELECT u, f, w, g FROM (SELECT %s AS u, %s AS f, repdesk_bundle_row(",
		                       synced ? "x.uid" : "x.key",
		                       !synced ? "0" : strcmp(tables[k].name, "reps") == 0
		                       ? "x.rep_uid IS NOT ?1 OR x.uid IS NOT ?1" : "x.rep_uid IS NOT ?1");
		bool any = false;
		for (const column *c = cols; c->name; c++)
			if (wanted(c, version)) {
				at += (size_t)snprintf(full + at, sizeof full - at, "%sx.\"%s\"",
				                       any ? ", " : "", c->name);
				any = true;
			}
		at += (size_t)snprintf(full + at, sizeof full - at, ") AS w, ");
		if (dangling)
			at += (size_t)snprintf(full + at, sizeof full - at, "%s", dangling);
		else
			at += (size_t)snprintf(full + at, sizeof full - at, "0");
		snprintf(full + at, sizeof full - at, " AS g FROM main.\"%s\" x ORDER BY x.rowid) "
		         "WHERE f OR w IS NOT NULL OR g", tables[k].name);
		sqlite3_stmt *s;
		if (!(s = store_prepare(d, full))) {
			st = d->last;
			break;
		}
		sqlite3_bind_text(s, 1, rep, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			char uid[160];
			text_sanitize(store_col_text(s, 0), uid, sizeof uid);
			if (sqlite3_column_int(s, 1)) {
				if (!foreign++) {
					snprintf(first_uid, sizeof first_uid, "%s", uid);
					snprintf(first_table, sizeof first_table, "%s", tables[k].name);
				}
			} else if (!why[0]) {
				snprintf(bad_uid, sizeof bad_uid, "%s", uid);
				snprintf(bad_table, sizeof bad_table, "%s", tables[k].name);
				snprintf(why, sizeof why, "%s", sqlite3_column_type(s, 2) == SQLITE_NULL
				         ? _("what it refers to is not in the bundle") : store_col_text(s, 2));
			}
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			st = store_fail(d, rc, path);
	}
	sqlite3_create_function_v2(d->h, "repdesk_bundle_row", -1, SQLITE_UTF8, NULL, NULL, NULL,
	                           NULL, NULL);
	if (st != DB_OK)
		return st;
	out->clamped = r.clamped;
	out->ahead_ms = r.ahead;
	if (foreign)
		return store_err(d, DB_NOTDB, ngettext("%s: %ld row belongs to another rep than the "
		                 "bundle's (table %s, row %s); refused",
		                 "%s: %ld rows belong to another rep than the bundle's (the first: "
		                 "table %s, row %s); refused", (unsigned long)foreign), path, foreign,
		                 first_table, first_uid);
	if (why[0])
		return store_err(d, DB_NOTDB, _("%s: table %s, row %s: %s"), path, bad_table, bad_uid,
		                 why);
	return DB_OK;
}

/* ---- clamping, for the merge ---- */

static void sql_clamp(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	const uint64_t *now = sqlite3_user_data(cx);
	char out[HLC_STAMP_BUFSZ];
	uint64_t ahead;

	(void)argc;
	if (sqlite3_value_type(v[0]) == SQLITE_TEXT &&
	    valid_clamp_stamp((const char *)sqlite3_value_text(v[0]), *now, out, &ahead))
		sqlite3_result_text(cx, out, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_value(cx, v[0]);
}

db_status store_bundle_clamp_register(db *d, uint64_t *now)
{
	/* Used by the temporary views the merge reads a clamped bundle through:
	 * not DIRECTONLY; pure, so harmless wherever it is named. */
	int rc = sqlite3_create_function_v2(d->h, "repdesk_clamp", 1, SQLITE_UTF8 |
	                                    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, now,
	                                    sql_clamp, NULL, NULL, NULL);
	return rc == SQLITE_OK ? DB_OK : store_fail(d, rc, "repdesk_clamp");
}
