/* The team server's schema, made from the registry: a table for every
 * synced kind with the book's columns, the rollup, the sync log, the kept
 * conflicts, the hand-offs and the revision sequence; the roles, the
 * row-level security and the merge functions (docs/guide.md §12). Also the
 * owner's commands: logins for reps and leads, revoking and re-binding them,
 * and a lead's hand-off of a customer.
 *
 * Nothing here trusts the client. A rep's role has SELECT (filtered by row
 * level security) and EXECUTE on repdesk.push; the push function, which
 * runs as the schema's owner, takes the caller from session_user, judges
 * every row as a bundle's rows are judged (owner, values, stamps), clamps
 * stamps ahead of the server's clock, and merges with the rule of
 * core/merge.c, keeping losing versions and the rollup in the same
 * statement. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pg_int.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/opp.h"
#include "repdesk/record.h"
#include "repdesk/text.h"
#include "repdesk/valid.h"

/* The server's layout: its tables, indexes, functions and the rows push
 * takes. It was the book's schema version up to 22; since 23 it is its own
 * number, moved whenever what is made here changes (a book schema that
 * changes a synced table moves it too). */
#define PG_LAYOUT 24
_Static_assert(STORE_SCHEMA_VERSION == 22, "a new book schema: does the server's layout move?");

int db_server_layout(void)
{
	return PG_LAYOUT;
}

/* ---- the connection ---- */

static void first_line(const char *msg, const char *what, char *err, size_t errsz)
{
	char line[512], safe[768];
	size_t n = msg ? strcspn(msg, "\n") : 0;

	if (n >= sizeof line)
		n = sizeof line - 1;
	memcpy(line, msg ? msg : "", n);
	line[n] = '\0';
	if (strncmp(line, "ERROR:  ", 8) == 0)
		memmove(line, line + 8, strlen(line + 8) + 1);
	text_sanitize(line, safe, sizeof safe);
	if (what && *what)
		snprintf(err, errsz, "%s: %s", what, safe);
	else
		snprintf(err, errsz, "%s", safe);
}

/* The server's own refusals, as its functions word them (in English, the
 * server's language) and in the user's: %s is any text without ", " or
 * ": " in it. */
static const char *const server_words[] = {
	N_("not authorised: login %s is bound to another book; the lead or the server's owner frees it (repdesk server rebind)"),
	N_("not authorised: %s has no repdesk login here"),
	N_("not authorised: this book's rep syncs with another login"),
	N_("not authorised: only a lead hands customers over"),
	N_("not authorised: the customer is not of your groups"),
	N_("not authorised: only a lead re-binds a login"),
	N_("no rep %s in your groups has synced yet"),
	N_("more than one customer is named %s: give its uid"),
	N_("no customer %s"),
	N_("no login %s in your groups"),
	N_("a batch without a rep, device or sequence"),
	N_("table %s, row %s: another rep's row"),
	N_("table %s, row %s: belongs to another rep than the batch"),
};

/* Whether TEXT is TEMPLATE with its %s (at most three) filled, into ARGS. */
static bool words_match(const char *tmpl, const char *text, char args[3][256])
{
	int n = 0;

	while (*tmpl) {
		if (tmpl[0] == '%' && tmpl[1] == 's') {
			if (n == 3)
				return false;
			tmpl += 2;
			/* The argument runs to the template's next literal text. */
			size_t lit = strcspn(tmpl, "%");
			const char *end = lit ? NULL : text + strlen(text);
			if (lit) {
				char next[64];
				snprintf(next, sizeof next, "%.*s", (int)(lit < 63 ? lit : 63), tmpl);
				end = strstr(text, next);
			}
			if (!end || (size_t)(end - text) >= sizeof args[0])
				return false;
			snprintf(args[n++], sizeof args[0], "%.*s", (int)(end - text), text);
			text = end;
			continue;
		}
		if (*tmpl++ != *text++)
			return false;
	}
	return *text == '\0';
}

/* MSG in the user's language where it is one of the server's own. */
static const char *server_says(const char *msg, char *out, size_t outsz)
{
	char a[3][256];

	for (size_t i = 0; i < sizeof server_words / sizeof *server_words; i++)
		if (words_match(server_words[i], msg, a)) {
			/* The translation's %s filled in order, as text (no format
			 * is run on a string from a catalogue). */
			const char *t = _(server_words[i]);
			size_t o = 0;
			int k = 0;
			while (*t && o + 1 < outsz) {
				if (t[0] == '%' && t[1] == 's' && k < 3) {
					o += (size_t)snprintf(out + o, outsz - o, "%s", a[k++]);
					t += 2;
				} else {
					out[o++] = *t++;
				}
			}
			out[o < outsz ? o : outsz - 1] = '\0';
			return out;
		}
	/* A value refused: "table T, row U: column C VALUE: REASON". */
	const char *col = strstr(msg, ": column ");
	const char *why = col ? strrchr(col, ':') : NULL;
	if (strncmp(msg, "table ", 6) == 0 && col && why && why > col + 9) {
		char head[256], body[512];
		snprintf(head, sizeof head, "%.*s", (int)(col - msg), msg);
		snprintf(body, sizeof body, "%.*s", (int)(why - col - 2), col + 2);
		if (words_match("table %s, row %s", head, a)) {
			snprintf(out, outsz, _("table %s, row %s: %s: %s"), a[0], a[1], body,
			         _(why[1] == ' ' ? why + 2 : why + 1));
			return out;
		}
	}
	return msg;
}

status_code pg_fail(db_server *s, PGresult *r, const char *what, char *err, size_t errsz)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char said[1024];

	if (!msg || !*msg)
		msg = PQerrorMessage(s->c);
	else
		msg = server_says(msg, said, sizeof said);
	first_line(msg, what, err, errsz);
	if (PQstatus(s->c) != CONNECTION_OK || !state || strncmp(state, "08", 2) == 0 ||
	    strncmp(state, "57P", 3) == 0)
		return STATUS_IOERR;
	if (strcmp(state, "42501") == 0 || strncmp(state, "28", 2) == 0)
		return STATUS_NOPERM;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return STATUS_BUSY;
	return STATUS_DATAERR;
}

status_code pg_exec(db_server *s, const char *sql, char *err, size_t errsz)
{
	PGresult *r = PQexec(s->c, sql);
	ExecStatusType t = PQresultStatus(r);
	status_code st = t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK ? STATUS_OK
	                 : pg_fail(s, r, NULL, err, errsz);
	PQclear(r);
	return st;
}

status_code pg_query(db_server *s, const char *sql, int n, const char *const *params,
                     PGresult **out, char *err, size_t errsz)
{
	return pg_query_in(s, sql, n, params, NULL, NULL, out, err, errsz);
}

status_code pg_query_in(db_server *s, const char *sql, int n, const char *const *params,
                        const int *lengths, const int *formats, PGresult **out, char *err,
                        size_t errsz)
{
	PGresult *r = PQexecParams(s->c, sql, n, NULL, params, lengths, formats, 0);
	ExecStatusType t = PQresultStatus(r);

	if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) {
		*out = r;
		return STATUS_OK;
	}
	status_code st = pg_fail(s, r, NULL, err, errsz);
	PQclear(r);
	*out = NULL;
	return st;
}

bool db_server_url_check(const char *url, char *why, size_t whysz)
{
	char *msg = NULL;
	PQconninfoOption *o = PQconninfoParse(url, &msg);

	if (!o) {
		first_line(msg ? msg : _("out of memory"), NULL, why, whysz);
		PQfreemem(msg);
		return false;
	}
	bool secret = false;
	for (PQconninfoOption *p = o; p->keyword; p++)
		if (p->val && (strcmp(p->keyword, "password") == 0 ||
		               strcmp(p->keyword, "sslpassword") == 0))
			secret = true;
	PQconninfoFree(o);
	if (secret)
		snprintf(why, whysz, "%s", _("it holds a password: keep that in ~/.pgpass (or a service "
		         "file), not in the book"));
	return !secret;
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

status_code db_server_connect(const char *url, db_server **out, char *err, size_t errsz)
{
	/* The URL last, so its own connect_timeout wins over ours. */
	const char *keys[] = { "connect_timeout", "application_name", "dbname", NULL };
	const char *vals[] = { "10", "repdesk", url, NULL };
	db_server *s = calloc(1, sizeof *s);

	*out = NULL;
	if (!s) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return STATUS_IOERR;
	}
	if (!url || !*url)
		keys[2] = NULL;
	s->c = PQconnectdbParams(keys, vals, 1);
	if (!s->c || PQstatus(s->c) != CONNECTION_OK) {
		const char *msg = s->c ? PQerrorMessage(s->c) : _("out of memory");
		/* libpq says which: the last line that names the failure. */
		bool refused = strstr(msg, "authentication") || strstr(msg, "not permitted to log in") ||
		               strstr(msg, "password") || (strstr(msg, "role") && strstr(msg, "does not exist"));
		first_line(msg, NULL, err, errsz);
		if (refused) {
			char why[512];
			snprintf(why, sizeof why, "%s", err);
			snprintf(err, errsz, _("not authorised by the team server (%s)"), why);
		}
		db_server_close(s);
		return refused ? STATUS_NOPERM : STATUS_IOERR;
	}
	/* Quiet notices (IF NOT EXISTS on a second init, a REVOKE of what was
	 * never granted), UTC times. */
	PQsetNoticeProcessor(s->c, quiet, NULL);
	PQclear(PQexec(s->c, "SET client_min_messages = warning; SET TIME ZONE 'UTC'; "
	                   "SET client_encoding = 'UTF8'"));
	*out = s;
	return STATUS_OK;
}

void db_server_close(db_server *s)
{
	if (!s)
		return;
	if (s->c)
		PQfinish(s->c);
	free(s);
}

status_code pg_end(db_server *s, status_code st, char *err, size_t errsz)
{
	if (st == STATUS_OK)
		return pg_exec(s, "COMMIT", err, errsz);
	PQclear(PQexec(s->c, "ROLLBACK"));
	return st;
}

status_code pg_layout_check(db_server *s, char *err, size_t errsz)
{
	PGresult *r;
	status_code st = pg_query(s, "SELECT value::int, (SELECT string_agg(t.typname || ' ' || "
	                          "t.oid, ' ') FROM pg_type t WHERE t.typnamespace = '" PG_SCHEMA
	                          "'::regnamespace AND t.typname LIKE 'in\\_%') FROM " PG_SCHEMA
	                          ".meta WHERE key = 'layout'", 0, NULL, &r, err, errsz);
	if (st != STATUS_OK) {
		if (st == STATUS_DATAERR)
			snprintf(err, errsz, "%s", _("the database has no repdesk team server: run "
			         "'repdesk server init' there first"));
		return st;
	}
	s->layout = PQntuples(r) ? atoi(PQgetvalue(r, 0, 0)) : 0;
	/* "in_customers 16412 in_orders 16415 ...": each table's row type. */
	const char *types = PQntuples(r) ? PQgetvalue(r, 0, 1) : "";
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++) {
		char word[48];
		snprintf(word, sizeof word, "in_%s ", record_tables[k].name);
		size_t wl = strlen(word);
		s->in_type[k] = 0;
		for (const char *p = types; (p = strstr(p, word)); p += wl)
			if (p == types || p[-1] == ' ') {
				s->in_type[k] = (Oid)strtoul(p + wl, NULL, 10);
				break;
			}
	}
	PQclear(r);
	if (s->layout > db_server_layout()) {
		snprintf(err, errsz, _("the team server is of a newer repdesk (layout %d; this repdesk "
		         "knows %d): upgrade repdesk"), s->layout, db_server_layout());
		return STATUS_DATAERR;
	}
	if (s->layout < db_server_layout()) {
		snprintf(err, errsz, _("the team server is of an older repdesk (layout %d; this one "
		         "writes %d): its owner runs 'repdesk server migrate'"), s->layout,
		         db_server_layout());
		return STATUS_DATAERR;
	}
	return STATUS_OK;
}

/* ---- the schema, made from the registry ---- */

status_code pg_table_cols(db *d, size_t k, pg_col *cols, int *n, char *err, size_t errsz)
{
	const char *t = record_tables[k].name;
	char list[1024];

	snprintf(list, sizeof list, "%s, base_at", record_tables[k].cols);
	*n = 0;
	for (const char *p = list; *p && *n < PG_MAX_COLS;) {
		size_t len = strcspn(p, ",");
		pg_col *c = &cols[(*n)++];
		snprintf(c->name, sizeof c->name, "%.*s", (int)len, p);
		c->k = store_bundle_kind(t, c->name);
		p += len;
		while (*p == ',' || *p == ' ')
			p++;
	}
	sqlite3_stmt *s = store_prepare(d, "SELECT name, type, \"notnull\" FROM pragma_table_info(?1)");
	if (!s) {
		snprintf(err, errsz, "%s", db_error(d));
		return STATUS_IOERR;
	}
	sqlite3_bind_text(s, 1, t, -1, SQLITE_STATIC);
	int found = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = store_col_text(s, 0);
		for (int i = 0; i < *n; i++)
			if (strcmp(cols[i].name, name) == 0) {
				snprintf(cols[i].type, sizeof cols[i].type, "%s",
				         strcmp(store_col_text(s, 1), "INTEGER") == 0 ? "bigint" : "text");
				cols[i].notnull = sqlite3_column_int(s, 2) != 0;
				found++;
			}
	}
	sqlite3_finalize(s);
	if (found != *n) {
		snprintf(err, errsz, _("the book lacks columns of table %s"), t);
		return STATUS_DATAERR;
	}
	return STATUS_OK;
}

static void put_list(sqlite3_str *b, const char *const *list)
{
	sqlite3_str_appendall(b, "ARRAY[");
	for (int i = 0; list[i]; i++)
		sqlite3_str_appendf(b, "%s%Q", i ? ", " : "", list[i]);
	sqlite3_str_appendall(b, "]::text[]");
}

#define RE_UID "'^[A-Za-z0-9._:-]{1,64}$'"
/* The same checks without bounded repetition, which PostgreSQL's regular
 * expressions make slow (a few microseconds a value): every row of a batch
 * goes through them. $V is the value. */
#define PATH_STEP "(lead|qualified|proposal|tender|negotiation|won|lost) " \
	"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
#define BAD_UID "(length($V) NOT BETWEEN 1 AND 64 OR $V ~ '[^A-Za-z0-9._:-]')"
#define BAD_STAMP "(length($V) <> 40 OR translate(left($V, 32), '0123456789', '0000000000') " \
	"<> '0000-00-00T00:00:00.000Z.000000.' OR right($V, 8) ~ '[^0-9a-f]')"
#define BAD_DATE "(length($V) <> 10 OR translate($V, '0123456789', '0000000000') <> " \
	"'0000-00-00' OR substr($V, 6, 2) NOT BETWEEN '01' AND '12' OR " \
	"substr($V, 9, 2) NOT BETWEEN '01' AND '31')"
#define BAD_MONTH "(length($V) <> 7 OR translate($V, '0123456789', '0000000000') <> " \
	"'0000-00' OR substr($V, 6, 2) NOT BETWEEN '01' AND '12')"
#define BAD_TIME "(length($V) <> 5 OR translate($V, '0123456789', '0000000000') <> " \
	"'00:00' OR left($V, 2) > '23' OR substr($V, 4, 2) > '59')"
#define RE_CONTROL "'[\\u0001-\\u0008\\u000b-\\u001f\\u007f-\\u009f]'"

/* TMPL (one of the BAD_ checks) onto B, the value X for each $V in it. */
static void put_bad(sqlite3_str *b, const char *tmpl, const char *x)
{
	for (const char *p = tmpl; *p;) {
		const char *v = strstr(p, "$V");
		if (!v) {
			sqlite3_str_appendall(b, p);
			break;
		}
		sqlite3_str_append(b, p, (int)(v - p));
		sqlite3_str_appendall(b, x);
		p = v + 2;
	}
}

/* "WHEN <x.c is bad> THEN 'column c <value>: reason'" for column C. */
static void put_check(sqlite3_str *b, const pg_col *c)
{
	char x[48];
	const char *why = NULL;
	bool nullable = !c->notnull;

	snprintf(x, sizeof x, "x.\"%.31s\"", c->name);
	/* A CASE stops at its first match: a NULL that may be NULL must not end
	 * the judging of the row's other columns. */
	if (nullable)
		sqlite3_str_appendf(b, " WHEN %s IS NOT NULL AND (", x);
	else
		sqlite3_str_appendf(b, " WHEN %s IS NULL THEN 'column %s: missing' WHEN (", x, c->name);
	switch (c->k) {
	case SK_UID: case SK_OWNER: case SK_REF: case SK_REF_NULL:
		put_bad(b, BAD_UID, x);
		why = N_("not a uid");
		break;
	/* Control characters: see put_control. */
	case SK_NAME:
		sqlite3_str_appendf(b, "%s = '' OR length(%s) > %d", x, x, VALID_TEXT_MAX);
		why = N_("empty, too long or a control character");
		break;
	case SK_TEXT: case SK_KEY: case SK_CLAUSES: case SK_ATTR: case SK_CHOICES: case SK_DAY_NAME:
		sqlite3_str_appendf(b, "length(%s) > %d", x,
		                    c->k == SK_CLAUSES ? VALID_DETAIL_MAX : VALID_TEXT_MAX);
		why = N_("too long or a control character");
		break;
	case SK_DETAIL:
		sqlite3_str_appendf(b, "length(%s) > %d", x, VALID_DETAIL_MAX);
		why = N_("text too long");
		break;
	case SK_JSON:
		sqlite3_str_appendf(b, "%s !~ '^\\{.*\\}$' OR length(%s) > %d", x, x, VALID_TEXT_MAX);
		why = N_("not a JSON object");
		break;
	case SK_COUNT:
		sqlite3_str_appendf(b, "%s < 0", x);
		why = N_("a negative count");
		break;
	case SK_TERM_NULL:
		sqlite3_str_appendf(b, "%s NOT BETWEEN 0 AND %d", x, VALID_PAYMENT_DAYS_MAX);
		why = N_("not a payment term of 0 to 365 days");
		break;
	case SK_MONEY: case SK_MONEY_NULL:
		/* Not abs(): the smallest bigint has no absolute value. */
		sqlite3_str_appendf(b, "%s NOT BETWEEN %lld AND %lld", x, -(long long)MONEY_MAX_FEN,
		                    (long long)MONEY_MAX_FEN);
		why = N_("an amount out of range");
		break;
	case SK_DELETED: case SK_FLAG:
		sqlite3_str_appendf(b, "%s NOT IN (0, 1)", x);
		why = N_("not 0 or 1");
		break;
	case SK_PERCENT_NULL:
		sqlite3_str_appendf(b, "%s NOT BETWEEN 0 AND 100", x);
		why = N_("not a probability of 0 to 100");
		break;
	case SK_STAGE:
		sqlite3_str_appendf(b, "NOT (%s = ANY (", x);
		put_list(b, opp_stage_keys);
		sqlite3_str_appendall(b, "))");
		why = N_("not a stage");
		break;
	case SK_PATH:
		/* Steps "stage YYYY-MM-DD" joined by ';', the days never going back. */
		sqlite3_str_appendf(b, "length(%s) > %d OR %s !~ '^(" PATH_STEP "(;" PATH_STEP ")*)?$' OR "
		                    "EXISTS (SELECT 1 FROM (SELECT right(u.s, 10) AS day, lag(right(u.s, 10)) "
		                    "OVER (ORDER BY u.o) AS prev FROM unnest(string_to_array(%s, ';')) "
		                    "WITH ORDINALITY u(s, o)) q WHERE q.day < q.prev)",
		                    x, OPP_PATH_MAX, x, x);
		why = N_("not a path of stages and days");
		break;
	case SK_TIER: case SK_TIER_NULL: case SK_PRIORITY: case SK_STATUS: case SK_OUTCOME:
	case SK_OUTCOME_NULL: case SK_LEVEL: case SK_SCOPE: {
		const char *const *list = c->k == SK_PRIORITY ? valid_priorities
		                          : c->k == SK_STATUS ? valid_statuses
		                          : c->k == SK_LEVEL ? valid_target_levels
		                          : c->k == SK_SCOPE ? valid_target_scopes
		                          : c->k == SK_OUTCOME || c->k == SK_OUTCOME_NULL ? valid_outcomes
		                          : valid_tiers;
		sqlite3_str_appendf(b, "NOT (%s = ANY (", x);
		put_list(b, list);
		sqlite3_str_appendall(b, "))");
		why = c->k == SK_PRIORITY ? N_("not a priority") : c->k == SK_STATUS ? N_("not a status")
		      : c->k == SK_LEVEL ? N_("not a target level") : c->k == SK_SCOPE
		      ? N_("not a target scope") : c->k == SK_TIER || c->k == SK_TIER_NULL
		      ? N_("not a tier") : N_("not a call outcome");
		break;
	}
	case SK_DATE: case SK_DATE_NULL:
		put_bad(b, BAD_DATE, x);
		why = N_("not a date");
		break;
	case SK_MONTH:
		put_bad(b, BAD_MONTH, x);
		why = N_("not a month");
		break;
	case SK_TIME_NULL:
		put_bad(b, BAD_TIME, x);
		why = N_("not a time");
		break;
	case SK_DAY_KIND:
		sqlite3_str_appendf(b, "%s NOT IN ('off', 'work')", x);
		why = N_("not off or work");
		break;
	case SK_STAMP:
		put_bad(b, BAD_STAMP, x);
		why = N_("not a stamp");
		break;
	case SK_BASE:
		put_bad(b, "$V <> '' AND " BAD_STAMP, x);
		why = N_("not a stamp");
		break;
	case SK_NONE:
		sqlite3_str_appendall(b, "false");
		why = "";
		break;
	}
	sqlite3_str_appendf(b, ") THEN 'column %s ' || left(quote_literal(%s), 48) || ': %q'", c->name,
	                    x, why);
}

static bool text_kind(store_kind k)
{
	return k == SK_NAME || k == SK_TEXT || k == SK_KEY || k == SK_CLAUSES || k == SK_ATTR ||
	       k == SK_CHOICES || k == SK_DAY_NAME;
}

/* The control characters of every text column at once (one expression over
 * their concatenation, where a test a column would cost as much each);
 * only a row that has one is looked at column by column, for the message. */
static void put_control(sqlite3_str *b, const pg_col *cols, int n)
{
	int any = 0;

	sqlite3_str_appendall(b, " WHEN concat(");
	for (int i = 0; i < n; i++)
		if (text_kind(cols[i].k))
			sqlite3_str_appendf(b, "%sx.\"%s\"", any++ ? ", " : "", cols[i].name);
	if (!any) {
		sqlite3_str_appendall(b, "'') <> ''");
		return;
	}
	sqlite3_str_appendall(b, ") ~ " RE_CONTROL " THEN CASE");
	for (int i = 0; i < n; i++)
		if (text_kind(cols[i].k))
			sqlite3_str_appendf(b, " WHEN x.\"%s\" ~ " RE_CONTROL " THEN 'column %s ' || "
			                    "left(quote_literal(x.\"%s\"), 48) || ': %q'", cols[i].name,
			                    cols[i].name, cols[i].name, N_("a control character in text"));
	sqlite3_str_appendall(b, " END");
}

/* The policy over a table's rows: the rows of the reps the caller sees;
 * with LEADS, the team's rows (its leads') besides. */
static void put_policy(sqlite3_str *b, const char *t, const char *using)
{
	sqlite3_str_appendf(b, "ALTER TABLE " PG_SCHEMA ".%s ENABLE ROW LEVEL SECURITY;"
	                    "DROP POLICY IF EXISTS seen ON " PG_SCHEMA ".%s;"
	                    "CREATE POLICY seen ON " PG_SCHEMA ".%s FOR SELECT USING (%s);", t, t, t,
	                    using);
}

/* As IN over a set, which PostgreSQL hashes once a statement; = ANY of
 * the array would compare each row with every rep (slow for a lead of
 * hundreds). */
#define SEEN "rep_uid IN (SELECT unnest(" PG_SCHEMA ".seen()))"
#define LEADS "rep_uid IN (SELECT unnest(" PG_SCHEMA ".leads()))"

/* The tables every rep reads the team's (their leads') rows of. */
static bool team_table(const char *t)
{
	return strcmp(t, "targets") == 0 || strcmp(t, "calendar") == 0 || strcmp(t, "groups") == 0 ||
	       strcmp(t, "reps") == 0;
}

static const char fixed_ddl[] =
	"CREATE SCHEMA IF NOT EXISTS " PG_SCHEMA ";"
	"REVOKE ALL ON SCHEMA " PG_SCHEMA " FROM PUBLIC;"
	"DO $$ BEGIN"
	" IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" PG_ROLE_REP "') THEN"
	"  CREATE ROLE " PG_ROLE_REP " NOLOGIN; END IF;"
	" IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" PG_ROLE_LEAD "') THEN"
	"  CREATE ROLE " PG_ROLE_LEAD " NOLOGIN; END IF; END $$;"
	"CREATE TABLE IF NOT EXISTS " PG_SCHEMA ".meta (key text PRIMARY KEY, value text NOT NULL);"
	"CREATE SEQUENCE IF NOT EXISTS " PG_SCHEMA ".revision;"
	/* A login per rep and lead: which rep and book it is bound to. */
	"CREATE TABLE IF NOT EXISTS " PG_SCHEMA ".logins ("
	" login name PRIMARY KEY, kind text NOT NULL CHECK (kind IN ('rep', 'lead')),"
	" name text NOT NULL, groups text[] NOT NULL, rep_uid text UNIQUE, device text,"
	" removed boolean NOT NULL DEFAULT false, last_sync timestamptz,"
	" created timestamptz NOT NULL DEFAULT now());"
	/* The rep uids of the books a login was bound to before a rebind. */
	"ALTER TABLE " PG_SCHEMA ".logins ADD COLUMN IF NOT EXISTS former text[] NOT NULL DEFAULT '{}';"
	/* The sync log: one row per batch, its (device, sequence) its key. */
	"CREATE TABLE IF NOT EXISTS " PG_SCHEMA ".batches ("
	" device text NOT NULL, seq bigint NOT NULL, login name NOT NULL, rep_uid text NOT NULL,"
	" rev bigint NOT NULL DEFAULT nextval('" PG_SCHEMA ".revision'),"
	" rows bigint NOT NULL DEFAULT 0, added bigint NOT NULL DEFAULT 0,"
	" updated bigint NOT NULL DEFAULT 0, conflicts bigint NOT NULL DEFAULT 0,"
	" clamped bigint NOT NULL DEFAULT 0, at timestamptz NOT NULL DEFAULT now(),"
	" PRIMARY KEY (device, seq));"
	/* How many calls brought it (a large batch comes in parts). */
	"ALTER TABLE " PG_SCHEMA ".batches ADD COLUMN IF NOT EXISTS parts int NOT NULL DEFAULT 1;"
	"CREATE TABLE IF NOT EXISTS " PG_SCHEMA ".conflicts ("
	" id bigserial PRIMARY KEY, tbl text NOT NULL, uid text NOT NULL, rep_uid text NOT NULL,"
	" lost_at text NOT NULL, lost json NOT NULL, source text NOT NULL DEFAULT '',"
	" at timestamptz NOT NULL DEFAULT now(), UNIQUE (tbl, uid, lost_at));"
	/* A lead's hand-off of a customer from one rep to another. */
	"CREATE TABLE IF NOT EXISTS " PG_SCHEMA ".handoffs ("
	" id bigserial PRIMARY KEY, uid text NOT NULL, from_rep text NOT NULL,"
	" to_rep text NOT NULL, stamp text NOT NULL, by_login name NOT NULL,"
	" rev bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),"
	" at timestamptz NOT NULL DEFAULT now());"
	"CREATE INDEX IF NOT EXISTS handoffs_uid ON " PG_SCHEMA ".handoffs(uid);"
	"CREATE TABLE IF NOT EXISTS " PG_SCHEMA ".team_days ("
	" rep_uid text NOT NULL, date text NOT NULL, calls bigint NOT NULL DEFAULT 0,"
	" effective bigint NOT NULL DEFAULT 0, deals bigint NOT NULL DEFAULT 0,"
	" sales bigint NOT NULL DEFAULT 0, collected bigint NOT NULL DEFAULT 0,"
	" visits bigint NOT NULL DEFAULT 0, PRIMARY KEY (rep_uid, date));"
	"CREATE TABLE IF NOT EXISTS " PG_SCHEMA ".team_months ("
	" rep_uid text NOT NULL, month text NOT NULL, calls bigint NOT NULL DEFAULT 0,"
	" effective bigint NOT NULL DEFAULT 0, deals bigint NOT NULL DEFAULT 0,"
	" sales bigint NOT NULL DEFAULT 0, collected bigint NOT NULL DEFAULT 0,"
	" visits bigint NOT NULL DEFAULT 0, PRIMARY KEY (rep_uid, month));"
	/* Which tables changed for a rep, and when: per rep, table and the
	 * device of the rows' stamps, the newest revision written, kept by a
	 * trigger on every write (a merge, a hand-off, an owner's hand edit)
	 * in the writing transaction. A sync asks it what to pull (one small
	 * table) instead of looking at every table. */
	"CREATE TABLE IF NOT EXISTS " PG_SCHEMA ".changes ("
	" rep_uid text NOT NULL, tbl text NOT NULL, device text NOT NULL, rev bigint NOT NULL,"
	" PRIMARY KEY (rep_uid, tbl, device));"
	/* Who the caller is, and whose rows they see: their own; a lead's, their
	 * groups' reps'. Definers, so a policy may read the logins. */
	"CREATE OR REPLACE FUNCTION " PG_SCHEMA ".me() RETURNS text LANGUAGE sql STABLE"
	" SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"
	" SELECT rep_uid FROM " PG_SCHEMA ".logins WHERE login = session_user AND NOT removed $$;"
	"CREATE OR REPLACE FUNCTION " PG_SCHEMA ".seen() RETURNS text[] LANGUAGE sql STABLE"
	" SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"
	" SELECT coalesce(array_agg(u), '{}') FROM " PG_SCHEMA ".logins m"
	" JOIN " PG_SCHEMA ".logins o ON o.login = m.login OR (m.kind = 'lead' AND o.groups && m.groups)"
	" CROSS JOIN LATERAL unnest(o.former || o.rep_uid) u"
	" WHERE m.login = session_user AND NOT m.removed AND u IS NOT NULL $$;"
	"CREATE OR REPLACE FUNCTION " PG_SCHEMA ".leads() RETURNS text[] LANGUAGE sql STABLE"
	" SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"
	" SELECT coalesce(array_agg(o.rep_uid), '{}') FROM " PG_SCHEMA ".logins m"
	" JOIN " PG_SCHEMA ".logins o ON o.kind = 'lead' AND o.rep_uid IS NOT NULL"
	"  AND o.groups && m.groups"
	" WHERE m.login = session_user AND NOT m.removed $$;"
	/* The server's clock as a stamp's time part, and BOUND minutes ahead. */
	"CREATE OR REPLACE FUNCTION " PG_SCHEMA ".stamp_time(t timestamptz) RETURNS text"
	" LANGUAGE sql IMMUTABLE AS $$"
	" SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') $$;";

/* The trigger that keeps repdesk.changes: the statement's new rows, per
 * rep and stamp device. */
static const char changes_ddl[] =
	"CREATE OR REPLACE FUNCTION " PG_SCHEMA ".mark_row() RETURNS trigger LANGUAGE plpgsql"
	" SET search_path = pg_catalog, pg_temp AS $$ BEGIN"
	" INSERT INTO " PG_SCHEMA ".changes VALUES (NEW.rep_uid, TG_TABLE_NAME,"
	"  right(NEW.updated_at, 8), NEW.rev) ON CONFLICT (rep_uid, tbl, device)"
	"  DO UPDATE SET rev = greatest(changes.rev, excluded.rev);"
	" RETURN NULL; END $$;";

/* A lead hands a customer to another rep of their groups: the row gets a
 * new stamp, made from the old one (so it includes it), and the old rep's
 * next pull learns it. Rebinding a login: its owner, or a lead of its
 * groups. */
static const char lead_ddl[] =
	"CREATE OR REPLACE FUNCTION " PG_SCHEMA ".reassign(p_customer text, p_to text)"
	" RETURNS text LANGUAGE plpgsql SECURITY DEFINER"
	" SET search_path = pg_catalog, pg_temp AS $$"
	"DECLARE m " PG_SCHEMA ".logins; t " PG_SCHEMA ".logins; c " PG_SCHEMA ".customers;"
	" f " PG_SCHEMA ".logins; v_stamp text; v_at text; n int;"
	"BEGIN"
	/* The hand-off's rows are marked by the tables' triggers, whatever the
	 * session set. */
	" PERFORM set_config('" PG_MERGING "', 'off', true);"
	" SELECT * INTO m FROM " PG_SCHEMA ".logins WHERE login = session_user AND NOT removed;"
	" IF NOT FOUND OR m.kind <> 'lead' THEN"
	"  RAISE EXCEPTION 'not authorised: only a lead hands customers over' USING ERRCODE = '42501';"
	" END IF;"
	" SELECT * INTO t FROM " PG_SCHEMA ".logins WHERE (name = p_to OR login = p_to::name)"
	"  AND NOT removed AND rep_uid IS NOT NULL AND groups && m.groups LIMIT 1;"
	" IF NOT FOUND THEN RAISE EXCEPTION 'no rep % in your groups has synced yet', p_to"
	"  USING ERRCODE = '22023'; END IF;"
	/* By name, only the customers of the lead's groups: another group's
	 * names neither clash with theirs nor show. */
	" SELECT count(*) INTO n FROM " PG_SCHEMA ".customers WHERE (uid = p_customer OR (name = p_customer"
	"  AND rep_uid = ANY (" PG_SCHEMA ".seen()))) AND deleted = 0;"
	" IF n > 1 THEN RAISE EXCEPTION 'more than one customer is named %: give its uid', p_customer"
	"  USING ERRCODE = '22023'; END IF;"
	" SELECT * INTO c FROM " PG_SCHEMA ".customers WHERE (uid = p_customer OR (name = p_customer"
	"  AND rep_uid = ANY (" PG_SCHEMA ".seen()))) AND deleted = 0 FOR UPDATE;"
	" IF NOT FOUND THEN RAISE EXCEPTION 'no customer %', p_customer USING ERRCODE = '22023';"
	" END IF;"
	" SELECT * INTO f FROM " PG_SCHEMA ".logins WHERE rep_uid = c.rep_uid;"
	" IF NOT FOUND OR NOT (f.groups && m.groups) THEN"
	"  RAISE EXCEPTION 'not authorised: the customer is not of your groups' USING ERRCODE = '42501';"
	" END IF;"
	" IF c.rep_uid = t.rep_uid THEN RETURN t.name; END IF;"
	" v_at := " PG_SCHEMA ".stamp_time(clock_timestamp());"
	" IF v_at <= left(c.updated_at, 24) THEN"
	"  v_at := " PG_SCHEMA ".stamp_time((left(c.updated_at, 23) || '+00')::timestamptz"
	"   + interval '1 millisecond'); END IF;"
	" v_stamp := v_at || '.000000.00000000';"
	" UPDATE " PG_SCHEMA ".customers SET rep_uid = t.rep_uid, base_at = updated_at,"
	"  updated_at = v_stamp, rev = DEFAULT WHERE uid = c.uid;"
	" INSERT INTO " PG_SCHEMA ".handoffs(uid, from_rep, to_rep, stamp, by_login)"
	"  VALUES (c.uid, c.rep_uid, t.rep_uid, v_stamp, session_user);"
	" RETURN t.name;"
	"END $$;"
	"CREATE OR REPLACE FUNCTION " PG_SCHEMA ".rebind(p_login text) RETURNS void"
	" LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"
	"DECLARE m " PG_SCHEMA ".logins; n int;"
	"BEGIN"
	" SELECT * INTO m FROM " PG_SCHEMA ".logins WHERE login = session_user AND NOT removed;"
	" IF NOT FOUND OR m.kind <> 'lead' THEN"
	"  RAISE EXCEPTION 'not authorised: only a lead re-binds a login' USING ERRCODE = '42501';"
	" END IF;"
	" UPDATE " PG_SCHEMA ".logins SET former = former || rep_uid, rep_uid = NULL, device = NULL"
	"  WHERE (login = p_login::name OR name = p_login) AND groups && m.groups AND rep_uid IS NOT NULL;"
	" GET DIAGNOSTICS n = ROW_COUNT;"
	" IF n = 0 THEN RAISE EXCEPTION 'no login % in your groups', p_login USING ERRCODE = '22023';"
	" END IF;"
	"END $$;";

/* The columns of COLS as "x.c, ..." (PREFIX x), updated_at read as STAMP
 * when given. */
static void put_names(sqlite3_str *b, const pg_col *cols, int n, const char *prefix,
                      const char *stamp)
{
	for (int i = 0; i < n; i++) {
		if (stamp && strcmp(cols[i].name, "updated_at") == 0)
			sqlite3_str_appendf(b, "%s%s", i ? ", " : "", stamp);
		else
			sqlite3_str_appendf(b, "%s%s\"%s\"", i ? ", " : "", prefix, cols[i].name);
	}
}

static void put_json(sqlite3_str *b, const pg_col *cols, int n, const char *prefix,
                     const char *stamp)
{
	sqlite3_str_appendall(b, "json_build_object(");
	for (int i = 0; i < n; i++) {
		if (stamp && strcmp(cols[i].name, "updated_at") == 0)
			sqlite3_str_appendf(b, "%s'%s', %s", i ? ", " : "", cols[i].name, stamp);
		else
			sqlite3_str_appendf(b, "%s'%s', %s\"%s\"", i ? ", " : "", cols[i].name, prefix,
			                    cols[i].name);
	}
	sqlite3_str_appendall(b, ")");
}

/* The rollup's sums over rows (signed by s) of table T, as the rollup
 * columns' list and their sums: the new versions of the rows whose verdict
 * is one of ACTS, the old ones (old) taken away; false when T is not
 * summed. */
static bool put_rollup(sqlite3_str *b, const char *t, const pg_col *cols, int n, const char *acts)
{
	const char *rcols, *each;

	if (!store_team_rollup_of(t, &rcols, &each))
		return false;
	/* delta: the new versions added, the old ones taken away; then the sums
	 * per day and per month. */
	sqlite3_str_appendall(b, ", delta AS (SELECT x.rep_uid, x.date, x.s");
	/* Each value as a number ($effective is a truth value here). */
	int v = 0;
	for (const char *p = each; *p;) {
		size_t len = strcspn(p, ",");
		bool truth = strncmp(p, "$effective(", 11) == 0;
		sqlite3_str_appendf(b, ", (%.*s)%s AS v%d", (int)len, p, truth ? "::int" : "", v++);
		p += len;
		while (*p == ',' || *p == ' ')
			p++;
	}
	/* By name: a batch's rows (p) and the table's (old) differ in layout. */
	sqlite3_str_appendall(b, " FROM (SELECT ");
	put_names(b, cols, n, "p.", NULL);
	sqlite3_str_appendf(b, ", 1 AS s FROM p WHERE p.act IN (%s) AND p.deleted = 0 "
	                    "UNION ALL SELECT ", acts);
	put_names(b, cols, n, "o.", NULL);
	sqlite3_str_appendall(b, ", -1 FROM old o WHERE o.deleted = 0) x)");
	for (int level = 0; level < 2; level++) {
		const char *tbl = level ? "team_months" : "team_days", *key = level ? "month" : "date";
		sqlite3_str_appendf(b, ", %s AS (INSERT INTO " PG_SCHEMA ".%s AS r (rep_uid, %s, %s) "
		                    "SELECT rep_uid, %s", level ? "rm" : "rd", tbl, key, rcols,
		                    level ? "left(date, 7)" : "date");
		/* sum(s * value) for each rollup column, by position. */
		const char *p = rcols;
		int i = 0;
		while (*p) {
			size_t len = strcspn(p, ",");
			sqlite3_str_appendf(b, ", sum(s * v%d)", i++);
			p += len;
			while (*p == ',' || *p == ' ')
				p++;
		}
		sqlite3_str_appendf(b, " FROM delta GROUP BY 1, 2 ON CONFLICT (rep_uid, %s) DO UPDATE SET ",
		                    key);
		p = rcols;
		i = 0;
		while (*p) {
			size_t len = strcspn(p, ",");
			sqlite3_str_appendf(b, "%s%.*s = r.%.*s + excluded.%.*s", i++ ? ", " : "", (int)len, p,
			                    (int)len, p, (int)len, p);
			p += len;
			while (*p == ',' || *p == ' ')
				p++;
		}
		sqlite3_str_appendall(b, ")");
	}
	return true;
}

/* WITH x, p: the batch's rows of table T, stamps more than 10 minutes ahead
 * of the server's clock clamped, each paired with the stored one by uid and
 * given its verdict (act). */
static void put_verdicts(sqlite3_str *b, const char *t)
{
	sqlite3_str_appendf(b, " WITH x AS (SELECT r.*, CASE WHEN left(r.updated_at, 24) > v_bound "
	                    "THEN v_now || substr(r.updated_at, 25) ELSE r.updated_at END AS stamp "
	                    "FROM unnest(p_%s) r), "
	                    "p AS MATERIALIZED (SELECT x.*, CASE WHEN l.uid IS NULL THEN 1 "
	                    "WHEN l.rep_uid <> x.rep_uid THEN CASE WHEN NOT EXISTS (SELECT 1 FROM "
	                    PG_SCHEMA ".handoffs h WHERE h.uid = x.uid AND h.from_rep = x.rep_uid) "
	                    "THEN -1 WHEN x.stamp <> l.updated_at AND x.stamp <> l.base_at THEN -2 "
	                    "ELSE 5 END "
	                    "WHEN l.updated_at = x.stamp THEN 5 "
	                    "WHEN x.stamp > l.updated_at THEN CASE WHEN x.base_at = l.updated_at OR "
	                    "right(x.stamp, 8) = right(l.updated_at, 8) THEN 2 ELSE 3 END "
	                    "WHEN l.base_at = x.stamp OR right(x.stamp, 8) = right(l.updated_at, 8) "
	                    "THEN 0 ELSE 4 END AS act FROM x LEFT JOIN " PG_SCHEMA ".%s l ON "
	                    "l.uid = x.uid), ", t, t);
}

/* ins, upd: the rows to insert (act 1) and those whose verdict is one of
 * ACTS taken, each with the transaction's revision. */
static void put_writes(sqlite3_str *b, const char *t, const pg_col *cols, int n, const char *acts)
{
	sqlite3_str_appendf(b, "ins AS (INSERT INTO " PG_SCHEMA ".%s(", t);
	put_names(b, cols, n, "", NULL);
	sqlite3_str_appendall(b, ", rev) SELECT ");
	put_names(b, cols, n, "p.", "p.stamp");
	sqlite3_str_appendf(b, ", v_rev FROM p WHERE p.act = 1), upd AS (UPDATE " PG_SCHEMA ".%s t SET ", t);
	for (int i = 0; i < n; i++) {
		if (strcmp(cols[i].name, "uid") == 0)
			continue;
		if (strcmp(cols[i].name, "updated_at") == 0)
			sqlite3_str_appendall(b, "updated_at = p.stamp, ");
		else
			sqlite3_str_appendf(b, "\"%s\" = p.\"%s\", ", cols[i].name, cols[i].name);
	}
	sqlite3_str_appendf(b, "rev = v_rev FROM p WHERE p.act IN (%s) AND t.uid = p.uid)", acts);
}

/* mk: the marks of what ins and upd wrote (the rows whose verdict is one
 * of ACTS), one per device of their stamps, at the transaction's revision. */
static void put_marks(sqlite3_str *b, const char *t, const char *acts)
{
	sqlite3_str_appendf(b, ", mk AS (INSERT INTO " PG_SCHEMA ".changes SELECT p_rep, '%s', "
	                    "right(p.stamp, 8), v_rev FROM p WHERE p.act IN (%s) GROUP BY 3 "
	                    "ON CONFLICT (rep_uid, tbl, device) DO UPDATE SET rev = "
	                    "greatest(changes.rev, excluded.rev))", t, acts);
}

/* The body's part for table T (the array p_T): judge, refuse what is held
 * under another rep, merge, count. */
static void put_merge(sqlite3_str *b, const char *t, const pg_col *cols, int n)
{
	/* Judge every row: its owner, then each value. */
	sqlite3_str_appendf(b, " SELECT q.uid, q.why INTO v_uid, v_why FROM (SELECT x.uid, "
	                    "CASE WHEN x.rep_uid IS DISTINCT FROM p_rep%s THEN "
	                    "'belongs to another rep than the batch'", strcmp(t, "reps") == 0
	                    ? " OR x.uid IS DISTINCT FROM p_rep" : "");
	for (int i = 0; i < n; i++)
		put_check(b, &cols[i]);
	put_control(b, cols, n);
	sqlite3_str_appendf(b, " END AS why FROM unnest(p_%s) x) q WHERE q.why IS NOT NULL LIMIT 1;"
	                    " IF v_why IS NOT NULL THEN RAISE EXCEPTION 'table %s, row %%: %%', "
	                    "left(v_uid, 64), v_why USING ERRCODE = '22023'; END IF;", t, t);
	/* Each row's verdict, from one join with the server's rows (1 insert,
	 * 2 take, 3 take with a conflict, 4 keep with a conflict, 0 nothing, 5
	 * the same version; -1 a row held here under another rep, -2 a version
	 * of a row a lead handed to another rep meanwhile, which is kept as
	 * lost). The common case, first: the rows to insert and to take (stamps
	 * clamped) written and the rollup moved by what changed, in one
	 * statement. A row of another rep refuses the whole batch after it (the
	 * raise undoes it). */
	const char *rcols, *each;
	put_verdicts(b, t);
	if (store_team_rollup_of(t, &rcols, &each))
		sqlite3_str_appendf(b, "old AS (SELECT l.* FROM " PG_SCHEMA ".%s l JOIN p ON "
		                    "p.uid = l.uid AND p.act = 2), ", t);
	put_writes(b, t, cols, n, "2");
	put_marks(b, t, "1, 2");
	put_rollup(b, t, cols, n, "1, 2");
	sqlite3_str_appendf(b, " SELECT count(*) FILTER (WHERE act = 1), count(*) FILTER (WHERE "
	                    "act = 2), count(*) FILTER (WHERE act IN (3, 4, -2)), "
	                    "count(*) FILTER (WHERE stamp <> updated_at AND act IN (1, 2)), "
	                    "min(uid) FILTER (WHERE act = -1) INTO v_a, v_u, v_c, v_k, v_uid FROM p;"
	                    " IF v_uid IS NOT NULL THEN RAISE EXCEPTION 'table %s, row %%: another "
	                    "rep''s row', v_uid USING ERRCODE = '42501'; END IF;"
	                    " n_added := n_added + v_a; n_updated := n_updated + v_u;"
	                    " n_clamped := n_clamped + v_k;", t);
	/* Then, only when there are any, the rows with a conflict or handed over
	 * meanwhile: the same verdicts again (what the first statement wrote is
	 * now the same version here), the losers kept in conflicts, what wins
	 * written. PL/pgSQL prepares a statement when it first runs it, so a
	 * sync without conflicts never parses or plans this one. */
	sqlite3_str_appendall(b, " IF v_c > 0 THEN");
	put_verdicts(b, t);
	sqlite3_str_appendf(b, "old AS (SELECT l.* FROM " PG_SCHEMA ".%s l JOIN p ON p.uid = l.uid "
	                    "AND p.act IN (2, 3)), ", t);
	sqlite3_str_appendf(b, "lost AS (INSERT INTO " PG_SCHEMA ".conflicts(tbl, uid, rep_uid, lost_at, "
	                    "lost, source) SELECT '%s', o.uid, o.rep_uid, o.updated_at, ", t);
	put_json(b, cols, n, "o.", NULL);
	sqlite3_str_appendf(b, ", v_source FROM old o JOIN p ON p.uid = o.uid AND p.act = 3 "
	                    "UNION ALL SELECT '%s', p.uid, p.rep_uid, p.stamp, ", t);
	put_json(b, cols, n, "p.", "p.stamp");
	sqlite3_str_appendf(b, ", v_source FROM p WHERE p.act = 4 ON CONFLICT DO NOTHING), ");
	/* A version of a row the lead handed to another rep, made before its
	 * rep learnt of it: the server's stays, this one is kept as lost. */
	sqlite3_str_appendf(b, "handed AS (INSERT INTO " PG_SCHEMA ".conflicts(tbl, uid, rep_uid, "
	                    "lost_at, lost, source) SELECT '%s', p.uid, p.rep_uid, p.stamp, ", t);
	put_json(b, cols, n, "p.", "p.stamp");
	sqlite3_str_appendall(b, ", v_source FROM p WHERE p.act = -2 AND NOT EXISTS (SELECT 1 FROM "
	                      "p f WHERE f.act = -1) ON CONFLICT DO NOTHING RETURNING 1), ");
	put_writes(b, t, cols, n, "2, 3");
	put_marks(b, t, "1, 2, 3");
	put_rollup(b, t, cols, n, "1, 2, 3");
	sqlite3_str_appendf(b, " SELECT count(*) FILTER (WHERE act = 1), count(*) FILTER (WHERE "
	                    "act IN (2, 3)), count(*) FILTER (WHERE act IN (3, 4)) + (SELECT "
	                    "count(*) FROM handed), "
	                    "count(*) FILTER (WHERE stamp <> updated_at AND act IN (1, 2, 3)), "
	                    "min(uid) FILTER (WHERE act = -1) INTO v_a, v_u, v_c, v_k, v_uid FROM p;"
	                    " IF v_uid IS NOT NULL THEN RAISE EXCEPTION 'table %s, row %%: another "
	                    "rep''s row', v_uid USING ERRCODE = '42501'; END IF;"
	                    " n_added := n_added + v_a; n_updated := n_updated + v_u;"
	                    " n_conflicts := n_conflicts + v_c; n_clamped := n_clamped + v_k;"
	                    " END IF;", t);
}

/* repdesk.push(device, seq, rep, name, p_groups, p_reps, ...): the one call
 * a sync makes. */
static status_code put_push(sqlite3_str *b, db *d, char *err, size_t errsz)
{
	pg_col cols[PG_MAX_COLS];
	int n;

	/* What takes the batch's rows goes first: every function that names
	 * their types, then the types. */
	sqlite3_str_appendall(b, "DROP FUNCTION IF EXISTS " PG_SCHEMA ".push;");
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++)
		sqlite3_str_appendf(b, "DROP FUNCTION IF EXISTS " PG_SCHEMA ".merge_%s;"
		                    "DROP TYPE IF EXISTS " PG_SCHEMA ".in_%s;", record_tables[k].name,
		                    record_tables[k].name);
	/* Each table's merge: run by push only (its owner's), never granted.
	 * It takes the rows as the client sends them: repdesk.in_<table>, the
	 * registry's columns in the registry's order, whatever order a table
	 * of an older layout grew its columns in. */
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++) {
		const char *t = record_tables[k].name;
		status_code st = pg_table_cols(d, k, cols, &n, err, errsz);
		if (st != STATUS_OK)
			return st;
		sqlite3_str_appendf(b, "CREATE TYPE " PG_SCHEMA ".in_%s AS (", t);
		for (int i = 0; i < n; i++)
			sqlite3_str_appendf(b, "%s\"%s\" %s", i ? ", " : "", cols[i].name, cols[i].type);
		sqlite3_str_appendf(b, ");"
		                    "CREATE FUNCTION " PG_SCHEMA ".merge_%s(p_rep text, "
		                    "v_source text, v_now text, v_bound text, p_%s " PG_SCHEMA ".in_%s[]) "
		                    "RETURNS bigint[] LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp "
		                    /* The rows are looked up by uid; the tables are hot, and at
		                     * the default cost a batch of a few hundred rows against a
		                     * small team's table read all of it. */
		                    "SET random_page_cost = 1.1 "
		                    "AS $body$ DECLARE v_uid text; v_why text; v_a bigint; v_u bigint; "
		                    "v_rev bigint := pg_current_xact_id()::text::bigint; "
		                    "v_c bigint; v_k bigint; n_added bigint := 0; n_updated bigint := 0; "
		                    "n_conflicts bigint := 0; n_clamped bigint := 0; BEGIN ", t, t, t);
		put_merge(b, t, cols, n);
		sqlite3_str_appendall(b, " RETURN ARRAY[n_added, n_updated, n_conflicts, n_clamped]; "
		                      "END $body$;");
	}
	sqlite3_str_appendall(b, "CREATE FUNCTION " PG_SCHEMA ".push(p_device text, p_seq bigint, "
	                      "p_rep text");
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++)
		sqlite3_str_appendf(b, ", p_%s " PG_SCHEMA ".in_%s[]", record_tables[k].name,
		                    record_tables[k].name);
	/* p_part: a large batch comes in parts, each a call of its own in the
	 * one transaction (docs/scale.md); the first (0) enters the batch, each
	 * later one continues the batch that first call entered. */
	sqlite3_str_appendall(b, ", p_part int DEFAULT 0"
	                      ") RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER "
	                      "SET search_path = pg_catalog, pg_temp AS $body$ "
	                      "DECLARE m " PG_SCHEMA ".logins; v_uid text; v_why text; "
	                      "v_now text := " PG_SCHEMA ".stamp_time(clock_timestamp()); "
	                      "v_bound text := " PG_SCHEMA ".stamp_time(clock_timestamp() + "
	                      "interval '10 minutes'); v_source text; v_rows bigint := 0; "
	                      "v_n bigint[]; n_added bigint := 0; "
	                      "n_updated bigint := 0; n_conflicts bigint := 0; n_clamped bigint := 0; "
	                      "BEGIN "
	                      "SELECT * INTO m FROM " PG_SCHEMA ".logins WHERE login = session_user "
	                      "FOR UPDATE; "
	                      "IF NOT FOUND OR m.removed THEN RAISE EXCEPTION 'not authorised: % has "
	                      "no repdesk login here', session_user USING ERRCODE = '42501'; END IF; "
	                      "IF p_rep IS NULL OR p_rep !~ " RE_UID " OR p_device IS NULL OR "
	                      "p_device !~ '^[0-9a-f]{8}$' OR p_seq IS NULL OR p_seq < 1 THEN "
	                      "RAISE EXCEPTION 'a batch without a rep, device or sequence' USING "
	                      "ERRCODE = '22023'; END IF; "
	                      "IF m.rep_uid IS NULL THEN "
	                      " IF EXISTS (SELECT 1 FROM " PG_SCHEMA ".logins WHERE rep_uid = p_rep) THEN "
	                      "  RAISE EXCEPTION 'not authorised: this book''s rep syncs with another "
	                      "login' USING ERRCODE = '42501'; END IF; "
	                      " UPDATE " PG_SCHEMA ".logins SET rep_uid = p_rep, device = p_device "
	                      "WHERE login = session_user; "
	                      "ELSIF m.rep_uid <> p_rep THEN RAISE EXCEPTION 'not authorised: login % "
	                      "is bound to another book; the lead or the server''s owner frees it "
	                      "(repdesk server rebind)', session_user USING ERRCODE = '42501'; "
	                      "ELSIF m.device IS NULL THEN UPDATE " PG_SCHEMA ".logins SET device = "
	                      "p_device WHERE login = session_user; "
	                      "ELSIF m.device <> p_device THEN RAISE EXCEPTION 'not authorised: login % "
	                      "is bound to another book; the lead or the server''s owner frees it "
	                      "(repdesk server rebind)', session_user USING ERRCODE = '42501'; END IF; "
	                      "IF p_part IS NULL OR p_part < 0 THEN RAISE EXCEPTION 'a batch''s part "
	                      "without a number' USING ERRCODE = '22023'; "
	                      "ELSIF p_part > 0 THEN "
	                      /* Only the batch this transaction entered, of this login. */
	                      " IF NOT EXISTS (SELECT 1 FROM " PG_SCHEMA ".batches WHERE device = "
	                      "p_device AND seq = p_seq AND login = session_user AND rep_uid = p_rep "
	                      "AND xmin = pg_current_xact_id()::xid) THEN RAISE EXCEPTION 'part % of "
	                      "a batch this transaction did not begin', p_part USING ERRCODE = "
	                      "'22023'; END IF; "
	                      "ELSE "
	                      " INSERT INTO " PG_SCHEMA ".batches(device, seq, login, rep_uid) "
	                      "VALUES (p_device, p_seq, session_user, p_rep) ON CONFLICT DO NOTHING; "
	                      " IF NOT FOUND THEN UPDATE " PG_SCHEMA ".logins SET last_sync = now() "
	                      "WHERE login = session_user; "
	                      " RETURN jsonb_build_object('replayed', true); END IF; "
	                      "END IF; "
	                      "v_source := 'sync ' || session_user || ' ' || p_device || ' ' || p_seq; ");
	sqlite3_str_appendall(b, "PERFORM set_config('" PG_MERGING "', 'on', true); ");
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++) {
		/* A table the batch has no rows of costs nothing: its merge is a
		 * function of its own, compiled when first called. */
		const char *t = record_tables[k].name;
		sqlite3_str_appendf(b, "IF coalesce(cardinality(p_%s), 0) > 0 THEN "
		                    "v_rows := v_rows + cardinality(p_%s); "
		                    "v_n := " PG_SCHEMA ".merge_%s(p_rep, v_source, v_now, v_bound, p_%s); "
		                    "n_added := n_added + v_n[1]; n_updated := n_updated + v_n[2]; "
		                    "n_conflicts := n_conflicts + v_n[3]; n_clamped := n_clamped + v_n[4]; "
		                    "END IF; ", t, t, t, t);
	}
	sqlite3_str_appendall(b, "PERFORM set_config('" PG_MERGING "', 'off', true); "
	                      "UPDATE " PG_SCHEMA ".batches SET rows = rows + v_rows, added = added + "
	                      "n_added, updated = updated + n_updated, conflicts = conflicts + "
	                      "n_conflicts, clamped = clamped + n_clamped, parts = p_part + 1 "
	                      "WHERE device = p_device AND seq = p_seq; "
	                      "UPDATE " PG_SCHEMA ".logins SET last_sync = now() WHERE login = "
	                      "session_user; "
	                      "RETURN jsonb_build_object('replayed', false, 'added', n_added, 'updated', "
	                      "n_updated, 'conflicts', n_conflicts, 'clamped', n_clamped); "
	                      "END $body$;");
	return STATUS_OK;
}

static status_code put_tables(sqlite3_str *b, db *d, char *err, size_t errsz)
{
	pg_col cols[PG_MAX_COLS];
	int n;

	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++) {
		const char *t = record_tables[k].name;
		status_code st = pg_table_cols(d, k, cols, &n, err, errsz);
		if (st != STATUS_OK)
			return st;
		sqlite3_str_appendf(b, "CREATE TABLE IF NOT EXISTS " PG_SCHEMA ".%s (", t);
		for (int i = 0; i < n; i++)
			sqlite3_str_appendf(b, "\"%s\" %s%s%s, ", cols[i].name, cols[i].type,
			                    cols[i].notnull ? " NOT NULL" : "",
			                    strcmp(cols[i].name, "uid") == 0 ? " PRIMARY KEY" : "");
		sqlite3_str_appendall(b, "rev bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint));");
		/* A later layout's columns reach an existing table. */
		for (int i = 0; i < n; i++)
			if (cols[i].notnull)
				sqlite3_str_appendf(b, "ALTER TABLE " PG_SCHEMA ".%s ADD COLUMN IF NOT EXISTS "
				                    "\"%s\" %s NOT NULL DEFAULT %s;", t, cols[i].name, cols[i].type,
				                    strcmp(cols[i].type, "text") == 0 ? "''" : "0");
			else
				sqlite3_str_appendf(b, "ALTER TABLE " PG_SCHEMA ".%s ADD COLUMN IF NOT EXISTS "
				                    "\"%s\" %s;", t, cols[i].name, cols[i].type);
		/* One index serves the policies (a rep's rows), the pulls (a rep's
		 * rows since a revision) and the reports; layouts before 23 had
		 * two, each written by every row a sync adds. */
		sqlite3_str_appendf(b, "CREATE INDEX IF NOT EXISTS %s_rep_rev ON " PG_SCHEMA ".%s(rep_uid, rev);"
		                    "DROP INDEX IF EXISTS " PG_SCHEMA ".%s_rep;"
		                    "DROP INDEX IF EXISTS " PG_SCHEMA ".%s_rev;", t, t, t, t);

		put_policy(b, t, team_table(t) ? SEEN " OR " LEADS : SEEN);
	}
	/* The marks of what changed: a rep's own, and the team's (its
	 * leads'); filled from the tables once (a server of layout 22 had
	 * none), which changes nothing when run again. A merge marks what it
	 * writes itself, one row per device and statement; every other write
	 * (a lead's hand-off, the owner's hand edit) marks each row by a row
	 * trigger, which stays quiet while push merges (PG_MERGING on: a
	 * statement trigger's table of new rows copied every row of a first
	 * sync). */
	put_policy(b, "changes", SEEN " OR " LEADS);
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++) {
		const char *t = record_tables[k].name;
		for (int up = 0; up < 2; up++)
			sqlite3_str_appendf(b, "DROP TRIGGER IF EXISTS changes_%s ON " PG_SCHEMA ".%s;"
			                    "CREATE TRIGGER changes_%s AFTER %s ON " PG_SCHEMA ".%s "
			                    "FOR EACH ROW WHEN (current_setting('" PG_MERGING "', true) "
			                    "IS DISTINCT FROM 'on') EXECUTE FUNCTION " PG_SCHEMA
			                    ".mark_row();", up ? "upd" : "ins", t,
			                    up ? "upd" : "ins", up ? "UPDATE" : "INSERT", t);
		sqlite3_str_appendf(b, "INSERT INTO " PG_SCHEMA ".changes SELECT rep_uid, '%s', "
		                    "right(updated_at, 8), max(rev) FROM " PG_SCHEMA ".%s GROUP BY 1, 3 "
		                    "ON CONFLICT (rep_uid, tbl, device) DO UPDATE SET rev = "
		                    "greatest(changes.rev, excluded.rev);", t, t);
	}
	/* The statement trigger's function of the layout's first version. */
	sqlite3_str_appendall(b, "DROP FUNCTION IF EXISTS " PG_SCHEMA ".mark_changes();");
	put_policy(b, "team_days", SEEN);
	put_policy(b, "team_months", SEEN);
	put_policy(b, "conflicts", SEEN);
	put_policy(b, "batches", "login = session_user OR " SEEN);
	put_policy(b, "logins", "login = session_user OR " SEEN);
	put_policy(b, "handoffs", "from_rep IN (SELECT unnest(" PG_SCHEMA ".seen())) OR to_rep IN "
	           "(SELECT unnest(" PG_SCHEMA ".seen()))");
	/* The team report's reads: a month's totals of each rep's targets (a
	 * rep's month has dozens of targets, by tier and day, and a report
	 * reads one or two of them), and the days of a range for every rep. */
	sqlite3_str_appendall(b, "DROP INDEX IF EXISTS " PG_SCHEMA ".targets_month;"
	                      "CREATE INDEX IF NOT EXISTS targets_totals ON " PG_SCHEMA
	                      ".targets(month, rep_uid) WHERE scope = 'month' AND key = '';"
	                      "CREATE INDEX IF NOT EXISTS team_days_date ON " PG_SCHEMA
	                      ".team_days(date, rep_uid);");
	return STATUS_OK;
}

/* Grants: the schema, SELECT on every table, EXECUTE on the functions
 * that write; nothing else, to nobody else. */
static const char grants[] =
	"GRANT USAGE ON SCHEMA " PG_SCHEMA " TO " PG_ROLE_REP ", " PG_ROLE_LEAD ";"
	"REVOKE ALL ON ALL TABLES IN SCHEMA " PG_SCHEMA " FROM PUBLIC, " PG_ROLE_REP ", " PG_ROLE_LEAD ";"
	"REVOKE ALL ON ALL SEQUENCES IN SCHEMA " PG_SCHEMA " FROM PUBLIC, " PG_ROLE_REP ", "
	PG_ROLE_LEAD ";"
	"GRANT SELECT ON ALL TABLES IN SCHEMA " PG_SCHEMA " TO " PG_ROLE_REP ", " PG_ROLE_LEAD ";"
	"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA " PG_SCHEMA " FROM PUBLIC;"
	"GRANT EXECUTE ON FUNCTION " PG_SCHEMA ".me(), " PG_SCHEMA ".seen(), " PG_SCHEMA ".leads(), "
	PG_SCHEMA ".stamp_time(timestamptz), " PG_SCHEMA ".push TO " PG_ROLE_REP ", " PG_ROLE_LEAD ";"
	"GRANT EXECUTE ON FUNCTION " PG_SCHEMA ".reassign(text, text), " PG_SCHEMA ".rebind(text) TO "
	PG_ROLE_LEAD ";";

status_code db_server_init(db_server *s, db *d, bool migrate, int *from, char *err, size_t errsz)
{
	PGresult *r;
	status_code st;

	*from = 0;
	/* One at a time: a second init waits for the first. */
	if ((st = pg_exec(s, "BEGIN; SELECT pg_advisory_xact_lock(hashtext('repdesk server init'))",
	                  err, errsz)) != STATUS_OK)
		return st;
	st = pg_query(s, "SELECT to_regclass('" PG_SCHEMA ".meta') IS NOT NULL", 0, NULL, &r, err, errsz);
	bool exists = st == STATUS_OK && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (st == STATUS_OK && exists) {
		st = pg_query(s, "SELECT coalesce((SELECT value::int FROM " PG_SCHEMA ".meta "
		              "WHERE key = 'layout'), 0)", 0, NULL, &r, err, errsz);
		if (st == STATUS_OK)
			*from = atoi(PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	if (st == STATUS_OK && *from > db_server_layout()) {
		snprintf(err, errsz, _("the team server is of a newer repdesk (layout %d; this repdesk "
		         "knows %d): upgrade repdesk"), *from, db_server_layout());
		st = STATUS_DATAERR;
	}
	if (st == STATUS_OK && migrate && !exists) {
		snprintf(err, errsz, "%s", _("the database has no repdesk team server: run "
		         "'repdesk server init' there first"));
		st = STATUS_DATAERR;
	}
	sqlite3_str *b = sqlite3_str_new(NULL);
	if (st == STATUS_OK) {
		sqlite3_str_appendall(b, fixed_ddl);
		sqlite3_str_appendall(b, changes_ddl);
		st = put_tables(b, d, err, errsz);
	}
	if (st == STATUS_OK) {
		sqlite3_str_appendall(b, lead_ddl);
		st = put_push(b, d, err, errsz);
	}
	char *body = sqlite3_str_finish(b);
	if (st == STATUS_OK && !body) {
		snprintf(err, errsz, "%s", _("out of memory"));
		st = STATUS_IOERR;
	}
	if (st == STATUS_OK) {
		char *rules = store_sql_rules(body);
		st = rules ? pg_exec(s, rules, err, errsz) : STATUS_IOERR;
		sqlite3_free(rules);
	}
	sqlite3_free(body);
	if (st == STATUS_OK)
		st = pg_exec(s, grants, err, errsz);
	if (st == STATUS_OK) {
		char sql[160];
		snprintf(sql, sizeof sql, "INSERT INTO " PG_SCHEMA ".meta VALUES ('layout', '%d') "
		         "ON CONFLICT (key) DO UPDATE SET value = excluded.value", db_server_layout());
		st = pg_exec(s, sql, err, errsz);
	}
	st = pg_end(s, st, err, errsz);
	if (st == STATUS_OK)
		s->layout = db_server_layout();
	return st;
}

/* ---- logins ---- */

/* A role name from NAME: lower-case ASCII letters and digits kept, the
 * rest as hex, prefixed "rep_" (a role name is an identifier). */
static void role_from(const char *name, char *out, size_t outsz)
{
	size_t n = (size_t)snprintf(out, outsz, "rep_");
	for (const unsigned char *p = (const unsigned char *)name; *p && n + 3 < outsz && n < 60; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')
			out[n++] = (char)*p;
		else if (*p >= 'A' && *p <= 'Z')
			out[n++] = (char)(*p - 'A' + 'a');
		else
			n += (size_t)snprintf(out + n, outsz - n, "%02x", *p);
	}
	out[n] = '\0';
}

static bool role_ok(const char *r)
{
	size_t n = strlen(r);

	if (n == 0 || n > 63 || !((r[0] >= 'a' && r[0] <= 'z') || r[0] == '_'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((r[i] >= 'a' && r[i] <= 'z') || (r[i] >= '0' && r[i] <= '9') || r[i] == '_'))
			return false;
	return strncmp(r, "pg_", 3) != 0 && strcmp(r, PG_ROLE_REP) && strcmp(r, PG_ROLE_LEAD);
}

status_code db_server_add_login(db_server *s, const char *name, const char *groups,
                                const char *login, const char *password, bool lead,
                                char *made, size_t madesz, char *role, size_t rolesz,
                                char *err, size_t errsz)
{
	char pw[40];
	status_code st;
	const char *why;

	if ((st = pg_layout_check(s, err, errsz)) != STATUS_OK)
		return st;
	if ((why = valid_text(name, strlen(name), 200)) || !*name) {
		snprintf(err, errsz, _("the name: %s"), *name ? _(why) : _("empty"));
		return STATUS_USAGE;
	}
	if (login)
		snprintf(role, rolesz, "%s", login);
	else
		role_from(name, role, rolesz);
	if (!role_ok(role)) {
		snprintf(err, errsz, _("login '%s': a role name is lower-case letters, digits and _, "
		         "not starting with pg_"), role);
		return STATUS_USAGE;
	}
	made[0] = '\0';
	if (!password) {
		/* 24 characters of a 62-letter alphabet: about 143 bits. */
		static const char abc[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
		if (sodium_init() < 0) {
			snprintf(err, errsz, "%s", _("no random source"));
			return STATUS_IOERR;
		}
		for (int i = 0; i < 24; i++)
			pw[i] = abc[randombytes_uniform(sizeof abc - 1)];
		pw[24] = '\0';
		password = pw;
		snprintf(made, madesz, "%s", pw);
	}
	/* The group list as a text[] literal through a parameter. */
	char arr[1024];
	size_t at = (size_t)snprintf(arr, sizeof arr, "{");
	for (const char *p = groups; *p && at < sizeof arr - 8;) {
		size_t len = strcspn(p, "|,");
		at += (size_t)snprintf(arr + at, sizeof arr - at, "%s\"", at > 1 ? "," : "");
		for (size_t i = 0; i < len && at < sizeof arr - 4; i++) {
			if (p[i] == '"' || p[i] == '\\')
				arr[at++] = '\\';
			arr[at++] = p[i];
		}
		at += (size_t)snprintf(arr + at, sizeof arr - at, "\"");
		p += len;
		if (*p)
			p++;
	}
	snprintf(arr + at, sizeof arr - at, "}");
	const char *params[] = { role, NULL, lead ? "lead" : "rep", name, arr };
	PGresult *r;
	/* The role, its password (encrypted by the server as password_encryption
	 * says), membership; then the login row. quote_ident/quote_literal on
	 * the server, so nothing typed is pasted into SQL here. */
	if ((st = pg_exec(s, "BEGIN", err, errsz)) != STATUS_OK)
		return st;
	/* The password leaves this machine only as the server's verifier. */
	char *verifier = PQencryptPasswordConn(s->c, password, role, NULL);
	if (!verifier) {
		st = pg_fail(s, NULL, NULL, err, errsz);
		PQclear(PQexec(s->c, "ROLLBACK"));
		return st;
	}
	params[1] = verifier;
	/* A role of the server that is no repdesk login (the owner's, another
	 * application's) is not taken over: its password and rights stay. */
	/* A repdesk login of another database of the cluster (a member of our
	 * roles, and no more than that) may become one of this one's. */
	st = pg_query(s, "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AND NOT "
		              "EXISTS (SELECT 1 FROM " PG_SCHEMA ".logins WHERE login = $1) AND NOT EXISTS "
		              "(SELECT 1 FROM pg_roles WHERE rolname = $1 AND NOT rolsuper AND NOT "
		              "rolcreaterole AND NOT rolcreatedb AND NOT rolbypassrls AND NOT rolreplication "
		              "AND (pg_has_role($1, '" PG_ROLE_REP "', 'MEMBER') OR "
		              "pg_has_role($1, '" PG_ROLE_LEAD "', 'MEMBER'))) THEN "
		              "format('DO $r$ BEGIN RAISE EXCEPTION %L USING ERRCODE = ''42710''; END $r$', "
		              "'role ' || $1::text || ' is not a repdesk login: choose another --login') ELSE "
		              "format(CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) "
		              "THEN 'ALTER ROLE %I LOGIN PASSWORD %L' ELSE 'CREATE ROLE %I LOGIN PASSWORD %L' "
		              "END, $1::text, $2::text) || format('; GRANT %I TO %I', CASE $3 WHEN 'lead' THEN '"
		              PG_ROLE_LEAD "' ELSE '" PG_ROLE_REP "' END, $1::text) || format('; REVOKE %I FROM %I', "
		              "CASE $3 WHEN 'lead' THEN '" PG_ROLE_REP "' ELSE '" PG_ROLE_LEAD "' END, $1::text) END",
		              3, params, &r, err, errsz);
	if (st == STATUS_OK) {
		char *ddl = strdup(PQgetvalue(r, 0, 0));
		PQclear(r);
		st = ddl ? pg_exec(s, ddl, err, errsz) : STATUS_IOERR;
		if (ddl)
			sodium_memzero(ddl, strlen(ddl));
		free(ddl);
	}
	if (st == STATUS_OK) {
		const char *row[] = { role, params[2], name, arr };
		st = pg_query(s, "INSERT INTO " PG_SCHEMA ".logins(login, kind, name, groups) "
		              "VALUES ($1, $2, $3, $4::text[]) ON CONFLICT (login) DO UPDATE SET "
		              "kind = excluded.kind, name = excluded.name, groups = excluded.groups, "
		              "removed = false", 4, row, &r, err, errsz);
		PQclear(r);
	}
	sodium_memzero(pw, sizeof pw);
	PQfreemem(verifier);
	return pg_end(s, st, err, errsz);
}

status_code db_server_remove_login(db_server *s, const char *name, char *err, size_t errsz)
{
	const char *params[] = { name };
	PGresult *r;
	status_code st;

	if ((st = pg_layout_check(s, err, errsz)) != STATUS_OK)
		return st;
	if ((st = pg_exec(s, "BEGIN", err, errsz)) != STATUS_OK)
		return st;
	st = pg_query(s, "UPDATE " PG_SCHEMA ".logins SET removed = true WHERE login = $1::name "
	              "OR name = $1 RETURNING format('ALTER ROLE %I NOLOGIN; REVOKE " PG_ROLE_REP ", "
	              PG_ROLE_LEAD " FROM %I', login, login)", 1, params, &r, err, errsz);
	if (st == STATUS_OK && PQntuples(r) == 0) {
		snprintf(err, errsz, _("no login %s on the team server"), name);
		st = STATUS_DATAERR;
	}
	for (int i = 0; st == STATUS_OK && i < PQntuples(r); i++)
		st = pg_exec(s, PQgetvalue(r, i, 0), err, errsz);
	PQclear(r);
	/* And end the sessions it has open. */
	if (st == STATUS_OK) {
		st = pg_query(s, "SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a JOIN "
		              PG_SCHEMA ".logins l ON a.usename = l.login WHERE l.removed AND "
		              "(l.login = $1::name OR l.name = $1)", 1, params, &r, err, errsz);
		PQclear(r);
	}
	return pg_end(s, st, err, errsz);
}

status_code db_server_rebind(db_server *s, const char *name, char *err, size_t errsz)
{
	const char *params[] = { name };
	PGresult *r;
	status_code st;

	if ((st = pg_layout_check(s, err, errsz)) != STATUS_OK)
		return st;
	/* The owner of the schema updates directly; a lead through rebind(). */
	st = pg_query(s, "SELECT has_table_privilege('" PG_SCHEMA ".logins', 'UPDATE')", 0, NULL, &r,
	              err, errsz);
	bool owner = st == STATUS_OK && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (st != STATUS_OK)
		return st;
	st = pg_query(s, owner ? "UPDATE " PG_SCHEMA ".logins SET former = former || rep_uid, "
	              "rep_uid = NULL, device = NULL WHERE (login = $1::name OR name = $1) AND "
	              "rep_uid IS NOT NULL" : "SELECT " PG_SCHEMA ".rebind($1)", 1, params, &r, err, errsz);
	if (st == STATUS_OK && owner && strcmp(PQcmdTuples(r), "0") == 0) {
		snprintf(err, errsz, _("no login %s on the team server"), name);
		st = STATUS_DATAERR;
	}
	PQclear(r);
	return st;
}

status_code db_server_reassign(db_server *s, const char *customer, const char *to, char *err,
                               size_t errsz)
{
	const char *params[] = { customer, to };
	PGresult *r;
	status_code st;

	if ((st = pg_layout_check(s, err, errsz)) != STATUS_OK)
		return st;
	st = pg_query(s, "SELECT " PG_SCHEMA ".reassign($1, $2)", 2, params, &r, err, errsz);
	PQclear(r);
	return st;
}
