/* A rep's sync with the team server (docs/guide.md §12).
 *
 * The book remembers three things: the last batch the server acknowledged
 * (sync_seq, and sync_acked, the book's clock when it was read: every row
 * stamped after it is pending), the batch in flight (sync_sent: its number
 * and clock, written before it is sent), and the pull cursor (sync_cursor).
 *
 * One sync is one transaction on the server: repdesk.push takes the pending
 * rows, each table's as one array parameter, and merges them (it returns
 * "replayed" for a batch it has already), and what changed on the server
 * for this rep since the cursor is read back. Only after the server's commit does the
 * book take the pulled rows and move its marks, in one transaction of its
 * own. Whatever fails before that leaves the book's rows pending; a batch
 * whose commit went through but whose answer was lost is recognised by its
 * (device, sequence) the next time. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pg_int.h"
#include "repdesk/hlc.h"
#include "repdesk/i18n.h"
#include "repdesk/opp.h"
#include "repdesk/merge.h"
#include "repdesk/record.h"
#include "repdesk/text.h"
#include "repdesk/valid.h"

/* ---- the batch's rows in PostgreSQL's binary form ---- */

/* Each table's rows go as one binary array of its repdesk.in_<table> rows:
 * the server takes the values as they are, with no quoting to undo or
 * text to parse (which took a first sync's server more time than writing
 * the rows). Numbers are big-endian. */
enum { PG_OID_INT8 = 20, PG_OID_TEXT = 25 };

static void put_u32(sqlite3_str *b, uint32_t v)
{
	const char x[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v };
	sqlite3_str_append(b, x, 4);
}

/* The 4 bytes at AT (written earlier by put_u32) set to V. */
static void set_u32(sqlite3_str *b, int at, uint32_t v)
{
	unsigned char *p = (unsigned char *)sqlite3_str_value(b);
	if (!p)
		return;                 /* out of memory: the caller sees the error */
	p += at;
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* ---- COPY's text format ---- */

/* Undo COPY's escapes of the field P..END in place; its length. */
static size_t copy_unescape(char *p, const char *end)
{
	char *o = p;

	for (const char *i = p; i < end; i++) {
		if (*i != '\\' || i + 1 >= end) {
			*o++ = *i;
			continue;
		}
		char c = *++i;
		switch (c) {
		case 't': *o++ = '\t'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'v': *o++ = '\v'; break;
		default:
			if (c >= '0' && c <= '7') {
				int v = 0, k = 0;
				for (; k < 3 && i < end && *i >= '0' && *i <= '7'; k++, i++)
					v = v * 8 + (*i - '0');
				i--;
				*o++ = (char)v;
			} else {
				*o++ = c;
			}
		}
	}
	return (size_t)(o - p);
}

/* ---- the book's side ---- */

static long setting_long(db *d, const char *key)
{
	char buf[64];
	return db_setting_get(d, key, buf, sizeof buf) == DB_OK ? strtol(buf, NULL, 10) : 0;
}

static void setting_text(db *d, const char *key, char *out, size_t outsz)
{
	if (db_setting_get(d, key, out, outsz) != DB_OK)
		out[0] = '\0';
}

/* The WHERE that picks this rep's pending rows of table K (?1 the rep,
 * ?2 the acknowledged clock). */
static const char *pending_where(size_t k)
{
	return strcmp(record_tables[k].name, "reps") == 0
	       ? "rep_uid = ?1 AND uid = ?1 AND updated_at > ?2"
	       : "rep_uid = ?1 AND updated_at > ?2";
}

db_status db_sync_pending(db *d, long *pending, char *last, size_t lastsz)
{
	char rep[UID_BUFSZ], acked[HLC_STAMP_BUFSZ + 8];
	db_status st = store_rep_uid(d, rep);

	*pending = 0;
	setting_text(d, "sync_last", last, lastsz);
	if (st != DB_OK)
		return st;
	setting_text(d, "sync_acked", acked, sizeof acked);
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM main.%s WHERE %s", record_tables[k].name,
		         pending_where(k));
		sqlite3_stmt *s = store_prepare(d, sql);
		if (!s)
			return d->last;
		sqlite3_bind_text(s, 1, rep, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, acked, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			*pending += (long)sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	return DB_OK;
}

/* A large batch goes in parts of about this many bytes, each a call of
 * its own in the one transaction: the server's process then takes each
 * part in memory the last one gave back, where one call of a whole first
 * sync (megabytes) made it map and touch new memory for every copy of the
 * rows (docs/scale.md). */
enum { PART_BYTES = 1 << 18 };

/* Rows of a table as one binary array of its repdesk.in_<table> rows. */
typedef struct {
	char *data;
	int len;                               /* its size in bytes */
	long rows;
} rowset;

/* The batch: each table's pending rows as arrays of about PART_BYTES,
 * read in one read transaction with the clock they are all stamped at or
 * before. */
typedef struct {
	rowset *sets[RECORD_TABLE_COUNT];
	int nsets[RECORD_TABLE_COUNT];
	long rows[RECORD_TABLE_COUNT];
	pg_col cols[RECORD_TABLE_COUNT][PG_MAX_COLS];
	int ncols[RECORD_TABLE_COUNT];
	char clock[HLC_STAMP_BUFSZ + 8];
	long total;
} batch;

static void batch_free(batch *b)
{
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++) {
		for (int i = 0; i < b->nsets[k]; i++)
			sqlite3_free(b->sets[k][i].data);
		sqlite3_free(b->sets[k]);
	}
}

/* A new array of rows of row type TYPE: one dimension, no NULL rows, the
 * type, the count (set when it is closed), numbered from 1. */
static sqlite3_str *rowset_open(Oid type)
{
	sqlite3_str *c = sqlite3_str_new(NULL);
	put_u32(c, 1);
	put_u32(c, 0);
	put_u32(c, type);
	put_u32(c, 0);
	put_u32(c, 1);
	return c;
}

/* Array C of ROWS rows becomes table K's next; false when out of memory. */
static bool rowset_close(batch *b, size_t k, sqlite3_str *c, long rows)
{
	set_u32(c, 12, (uint32_t)rows);
	/* (The object is gone once finished: its error first.) */
	bool nomem = sqlite3_str_errcode(c) == SQLITE_NOMEM;
	int len = sqlite3_str_length(c);
	char *data = sqlite3_str_finish(c);
	rowset *g = nomem || !data ? NULL
	            : sqlite3_realloc64(b->sets[k], (sqlite3_uint64)(b->nsets[k] + 1) * sizeof *g);
	if (!g) {
		sqlite3_free(data);
		return false;
	}
	b->sets[k] = g;
	g[b->nsets[k]++] = (rowset){ data, len, rows };
	return true;
}

static status_code batch_read(db *d, const Oid *types, const char *rep, const char *acked,
                              batch *b, char *err, size_t errsz)
{
	status_code st = STATUS_OK;
	bool began = store_read_begin(d);

	setting_text(d, "clock", b->clock, sizeof b->clock);
	for (size_t k = 0; k < RECORD_TABLE_COUNT && st == STATUS_OK; k++) {
		if ((st = pg_table_cols(d, k, b->cols[k], &b->ncols[k], err, errsz)) != STATUS_OK)
			break;
		sqlite3_str *q = sqlite3_str_new(NULL);
		sqlite3_str_appendall(q, "SELECT ");
		for (int i = 0; i < b->ncols[k]; i++)
			sqlite3_str_appendf(q, "%s\"%s\"", i ? ", " : "", b->cols[k][i].name);
		sqlite3_str_appendf(q, " FROM main.%s WHERE %s ORDER BY id", record_tables[k].name,
		                    pending_where(k));
		char *sql = sqlite3_str_finish(q);
		sqlite3_stmt *s = sql ? store_prepare(d, sql) : NULL;
		sqlite3_free(sql);
		if (!s) {
			snprintf(err, errsz, "%s", db_error(d));
			st = STATUS_IOERR;
			break;
		}
		sqlite3_bind_text(s, 1, rep, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, acked, -1, SQLITE_STATIC);
		sqlite3_str *c = rowset_open(types[k]);
		int rc;
		long in = 0;                            /* rows in c */
		bool nomem = false;
		const char *nul = NULL, *notint = NULL;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			int at = sqlite3_str_length(c);
			put_u32(c, 0);                      /* the row's size, set below */
			put_u32(c, (uint32_t)b->ncols[k]);
			for (int i = 0; i < b->ncols[k]; i++) {
				bool num = strcmp(b->cols[k][i].type, "bigint") == 0;
				int type = sqlite3_column_type(s, i);
				put_u32(c, num ? PG_OID_INT8 : PG_OID_TEXT);
				if (type == SQLITE_NULL) {
					put_u32(c, UINT32_MAX);     /* -1: NULL */
				} else if (num) {
					/* The server takes whole numbers only, as it would
					 * have refused the text of anything else. */
					if (type != SQLITE_INTEGER && !notint)
						notint = b->cols[k][i].name;
					uint64_t v = (uint64_t)sqlite3_column_int64(s, i);
					put_u32(c, 8);
					put_u32(c, (uint32_t)(v >> 32));
					put_u32(c, (uint32_t)v);
				} else {
					const char *v = (const char *)sqlite3_column_text(s, i);
					int n = sqlite3_column_bytes(s, i);
					/* Text is whole UTF-8 without NUL bytes. */
					if (v && memchr(v, '\0', (size_t)n) && !nul)
						nul = b->cols[k][i].name;
					put_u32(c, (uint32_t)n);
					sqlite3_str_append(c, v ? v : "", n);
				}
			}
			set_u32(c, at, (uint32_t)(sqlite3_str_length(c) - at - 4));
			b->rows[k]++;
			in++;
			if (sqlite3_str_length(c) >= PART_BYTES) {
				if (!rowset_close(b, k, c, in)) {
					nomem = true;
					c = NULL;
					break;
				}
				c = rowset_open(types[k]);
				in = 0;
			}
		}
		sqlite3_finalize(s);
		if (c && in > 0) {
			nomem = !rowset_close(b, k, c, in);
		} else if (c) {
			nomem = sqlite3_str_errcode(c) == SQLITE_NOMEM;
			sqlite3_free(sqlite3_str_finish(c));
		}
		b->total += b->rows[k];
		if (nul && rc == SQLITE_DONE) {
			snprintf(err, errsz, _("table %s: a NUL byte in column %s"), record_tables[k].name, nul);
			st = STATUS_DATAERR;
		} else if (notint && rc == SQLITE_DONE) {
			snprintf(err, errsz, _("table %s: column %s holds something other than a whole number"),
			         record_tables[k].name, notint);
			st = STATUS_DATAERR;
		} else if (nomem) {
			snprintf(err, errsz, "%s", _("out of memory"));
			st = STATUS_IOERR;
		} else if (rc != SQLITE_DONE) {
			snprintf(err, errsz, "%s", sqlite3_errstr(rc));
			st = STATUS_IOERR;
		}
	}
	store_read_end(d, began);
	return st;
}

/* ---- the server's side ---- */

static long json_num(const char *json, const char *key)
{
	char pat[48];
	snprintf(pat, sizeof pat, "\"%s\": ", key);
	const char *p = strstr(json, pat);
	return p ? strtol(p + strlen(pat), NULL, 10) : 0;
}

/* Rows read back: each table's rows as they came, fields split. */
typedef struct {
	char *text;                  /* COPY output, unescaped in place */
	char **fields;               /* nrows x ncols, NULL for \N */
	long nrows;
} pulled;

/* A query's rows R (text, NCOLS columns) as rows read back. */
static status_code rows_of(const PGresult *r, int ncols, pulled *out, char *err, size_t errsz)
{
	memset(out, 0, sizeof *out);
	out->nrows = PQntuples(r);
	if (!out->nrows)
		return STATUS_OK;
	size_t size = 0;
	for (long row = 0; row < out->nrows; row++)
		for (int i = 0; i < ncols; i++)
			size += (size_t)PQgetlength(r, (int)row, i) + 1;
	out->text = sqlite3_malloc64(size);
	out->fields = calloc((size_t)out->nrows * (size_t)ncols, sizeof *out->fields);
	if (!out->text || !out->fields) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return STATUS_IOERR;
	}
	char *p = out->text;
	for (long row = 0; row < out->nrows; row++)
		for (int i = 0; i < ncols; i++) {
			if (PQgetisnull(r, (int)row, i))
				continue;
			size_t len = (size_t)PQgetlength(r, (int)row, i);
			memcpy(p, PQgetvalue(r, (int)row, i), len + 1);
			out->fields[row * ncols + i] = p;
			p += len + 1;
		}
	return STATUS_OK;
}

/* The server's stamps of the rows of table K whose stamps it clamped: all
 * the batch's arrays of the table at once. */
static status_code clamped_rows(db_server *s, const batch *b, size_t k, pulled *out, char *err,
                                size_t errsz)
{
	const char *t = record_tables[k].name;
	int n = b->nsets[k];
	const char **arg = calloc((size_t)n, sizeof *arg);
	int *len = calloc((size_t)n, sizeof *len), *fmt = calloc((size_t)n, sizeof *fmt);
	sqlite3_str *q = sqlite3_str_new(NULL);
	sqlite3_str_appendall(q, "SELECT t.uid, t.updated_at, s.updated_at FROM (");
	for (int i = 0; i < n; i++)
		sqlite3_str_appendf(q, "%sSELECT uid, updated_at FROM unnest($%d::" PG_SCHEMA ".in_%s[])",
		                    i ? " UNION ALL " : "", i + 1, t);
	sqlite3_str_appendf(q, ") s JOIN " PG_SCHEMA ".%s t ON t.uid = s.uid WHERE t.updated_at < "
	                    "s.updated_at AND substr(t.updated_at, 25) = substr(s.updated_at, 25)", t);
	char *sql = sqlite3_str_finish(q);
	status_code st = STATUS_IOERR;
	PGresult *r;

	if (!arg || !len || !fmt || !sql) {
		snprintf(err, errsz, "%s", _("out of memory"));
	} else {
		for (int i = 0; i < n; i++) {
			arg[i] = b->sets[k][i].data;
			len[i] = b->sets[k][i].len;
			fmt[i] = 1;
		}
		if ((st = pg_query_in(s, sql, n, arg, len, fmt, &r, err, errsz)) == STATUS_OK) {
			st = rows_of(r, 3, out, err, errsz);
			PQclear(r);
		}
	}
	sqlite3_free(sql);
	free(arg);
	free(len);
	free(fmt);
	return st;
}

static status_code copy_out(db_server *s, const char *sql, int ncols, pulled *out, char *err,
                            size_t errsz)
{
	PGresult *r = PQexec(s->c, sql);
	memset(out, 0, sizeof *out);
	if (PQresultStatus(r) != PGRES_COPY_OUT) {
		status_code st = pg_fail(s, r, NULL, err, errsz);
		PQclear(r);
		return st;
	}
	PQclear(r);
	sqlite3_str *all = sqlite3_str_new(NULL);
	char *buf;
	int n;
	while ((n = PQgetCopyData(s->c, &buf, 0)) > 0) {
		sqlite3_str_append(all, buf, n);
		PQfreemem(buf);
		out->nrows++;
	}
	r = PQgetResult(s->c);
	status_code st = n == -1 && PQresultStatus(r) == PGRES_COMMAND_OK ? STATUS_OK
	                 : pg_fail(s, r, NULL, err, errsz);
	PQclear(r);
	while ((r = PQgetResult(s->c)))
		PQclear(r);
	out->text = sqlite3_str_finish(all);
	if (st != STATUS_OK || !out->nrows)
		return st;
	out->fields = calloc((size_t)out->nrows * (size_t)ncols, sizeof *out->fields);
	if (!out->fields || !out->text) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return STATUS_IOERR;
	}
	char *p = out->text;
	for (long row = 0; row < out->nrows; row++) {
		for (int i = 0; i < ncols; i++) {
			char *end = p + strcspn(p, i + 1 < ncols ? "\t\n" : "\n");
			char stop = *end;
			char **f = &out->fields[row * ncols + i];
			if (end - p == 2 && p[0] == '\\' && p[1] == 'N') {
				*f = NULL;
			} else {
				size_t len = copy_unescape(p, end);
				p[len] = '\0';
				*f = p;
			}
			if (!stop) {
				snprintf(err, errsz, "%s", _("the server's rows end early"));
				return STATUS_DATAERR;
			}
			p = end + 1;
		}
	}
	return STATUS_OK;
}

static void pulled_free(pulled *p)
{
	free(p->fields);
	sqlite3_free(p->text);
}

/* ---- applying the pull ---- */

static void sql_merge_rule(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	(void)argc;
	const char *mine = (const char *)sqlite3_value_text(v[0]);
	const char *mine_base = (const char *)sqlite3_value_text(v[1]);
	const char *theirs = (const char *)sqlite3_value_text(v[2]);
	const char *theirs_base = (const char *)sqlite3_value_text(v[3]);

	sqlite3_result_int(cx, (int)merge_decide(mine, mine_base ? mine_base : "",
	                                         theirs ? theirs : "", theirs_base ? theirs_base : ""));
}

/* Why value V of a column of kind K, as the server sent it, is not one a
 * book holds (NULL: it is). The server's rows are judged as any file from
 * elsewhere: what the push wrote was judged there, but the server is not
 * the book's to trust. */
static const char *pulled_value_bad(store_kind k, const char *v, bool integer)
{
	if (!v)
		return NULL;            /* NULL where the book takes none: its NOT NULL says so */
	if (integer) {
		const char *p = v + (*v == '-');
		if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 18)
			return N_("not a whole number");
		long long i = strtoll(v, NULL, 10);
		if (k == SK_FLAG || k == SK_DELETED)
			return i == 0 || i == 1 ? NULL : N_("not 0 or 1");
		if (k == SK_PERCENT_NULL)
			return i >= 0 && i <= 100 ? NULL : N_("not a probability of 0 to 100");
		return k == SK_MONEY || k == SK_MONEY_NULL ? valid_money(i) : NULL;
	}
	switch (k) {
	case SK_UID: case SK_OWNER: case SK_REF: case SK_REF_NULL:
		return valid_uid(v);
	case SK_STAMP:
		return valid_stamp(v);
	case SK_BASE:
		return *v ? valid_stamp(v) : NULL;
	case SK_DATE: case SK_DATE_NULL:
		return valid_date(v);
	case SK_MONTH:
		return valid_month(v);
	case SK_TIME_NULL:
		return valid_time(v);
	case SK_TIER: case SK_TIER_NULL:
		return valid_one_of(v, valid_tiers) ? NULL : N_("not a tier");
	case SK_PRIORITY:
		return valid_one_of(v, valid_priorities) ? NULL : N_("not a priority");
	case SK_STATUS:
		return valid_one_of(v, valid_statuses) ? NULL : N_("not a status");
	case SK_OUTCOME: case SK_OUTCOME_NULL:
		return valid_one_of(v, valid_outcomes) ? NULL : N_("not a call outcome");
	case SK_LEVEL:
		return valid_one_of(v, valid_target_levels) ? NULL : N_("not a target level");
	case SK_SCOPE:
		return valid_one_of(v, valid_target_scopes) ? NULL : N_("not a target scope");
	case SK_STAGE:
		return valid_one_of(v, opp_stage_keys) ? NULL : N_("not a stage");
	case SK_PATH:
		return opp_path_check(v, strlen(v));
	case SK_DAY_KIND:
		return strcmp(v, "off") == 0 || strcmp(v, "work") == 0 ? NULL : N_("not off or work");
	case SK_DETAIL: case SK_CLAUSES:
		return valid_text(v, strlen(v), VALID_DETAIL_MAX);
	default:
		return valid_text(v, strlen(v), VALID_TEXT_MAX);
	}
}

/* Take table K's pulled rows into the book, by the merge rule; a local
 * version that loses to one made without it is kept as a conflict. */
static db_status apply_table(db *d, size_t k, const pg_col *cols, int n, const pulled *p,
                             char *top, long *taken)
{
	const char *t = record_tables[k].name;
	sqlite3_str *q = sqlite3_str_new(NULL);

	sqlite3_str_appendf(q, "INSERT OR IGNORE INTO main.conflicts(tbl, uid, rep_uid, lost_at, lost, "
	                    "source) SELECT '%s', uid, rep_uid, updated_at, json_object(", t);
	for (int i = 0; i < n; i++)
		sqlite3_str_appendf(q, "%s'%s', \"%s\"", i ? ", " : "", cols[i].name, cols[i].name);
	sqlite3_str_appendf(q, "), 'sync' FROM main.%s WHERE uid = ?1 AND repdesk_sync_merge(updated_at, "
	                    "base_at, ?2, ?3) = %d", t, MERGE_TAKE_CONFLICT);
	char *sql = sqlite3_str_finish(q);
	sqlite3_stmt *keep = sql ? store_prepare(d, sql) : NULL;
	sqlite3_free(sql);
	if (!keep)
		return d->last;

	q = sqlite3_str_new(NULL);
	sqlite3_str_appendf(q, "INSERT INTO main.%s(", t);
	for (int i = 0; i < n; i++)
		sqlite3_str_appendf(q, "%s\"%s\"", i ? ", " : "", cols[i].name);
	sqlite3_str_appendall(q, ") VALUES (");
	for (int i = 0; i < n; i++)
		sqlite3_str_appendf(q, "%s?%d", i ? ", " : "", i + 1);
	sqlite3_str_appendall(q, ") ON CONFLICT(uid) DO UPDATE SET ");
	int upd = 0;
	for (int i = 0; i < n; i++)
		if (strcmp(cols[i].name, "uid") != 0)
			sqlite3_str_appendf(q, "%s\"%s\" = excluded.\"%s\"", upd++ ? ", " : "", cols[i].name,
			                    cols[i].name);
	sqlite3_str_appendf(q, " WHERE repdesk_sync_merge(%s.updated_at, %s.base_at, excluded.updated_at, "
	                    "excluded.base_at) IN (%d, %d)", t, t, MERGE_TAKE, MERGE_TAKE_CONFLICT);
	sql = sqlite3_str_finish(q);
	sqlite3_stmt *put = sql ? store_prepare(d, sql) : NULL;
	sqlite3_free(sql);
	if (!put) {
		sqlite3_finalize(keep);
		return d->last;
	}
	int at = -1, base = -1, cust = -1, uid = -1;
	for (int i = 0; i < n; i++) {
		if (strcmp(cols[i].name, "updated_at") == 0)
			at = i;
		else if (strcmp(cols[i].name, "base_at") == 0)
			base = i;
		else if (strcmp(cols[i].name, "customer_uid") == 0)
			cust = i;
		else if (strcmp(cols[i].name, "uid") == 0)
			uid = i;
	}
	db_status st = DB_OK;
	for (long row = 0; row < p->nrows && st == DB_OK; row++) {
		char *const *f = &p->fields[row * n];
		for (int i = 0; i < n && st == DB_OK; i++) {
			const char *why = pulled_value_bad(cols[i].k, f[i], strcmp(cols[i].type, "bigint") == 0);
			if (why) {
				char u[80], v[80];
				text_sanitize(uid >= 0 && f[uid] ? f[uid] : "", u, sizeof u);
				text_sanitize(f[i], v, sizeof v);
				st = store_err(d, DB_NOTDB, _("the team server sent a row this book does not take "
				               "(table %s, row %s, column %s '%s': %s); nothing of it was taken"),
				               t, u, cols[i].name, v, _(why));
			}
		}
		if (st != DB_OK)
			break;
		/* Each value as the server holds it must be one the book takes. */
		for (int i = 0; i < n; i++) {
			if (!f[i])
				sqlite3_bind_null(put, i + 1);
			else if (strcmp(cols[i].type, "bigint") == 0)
				sqlite3_bind_int64(put, i + 1, strtoll(f[i], NULL, 10));
			else
				sqlite3_bind_text(put, i + 1, f[i], -1, SQLITE_STATIC);
		}
		sqlite3_bind_text(keep, 1, f[uid], -1, SQLITE_STATIC);
		sqlite3_bind_text(keep, 2, f[at], -1, SQLITE_STATIC);
		sqlite3_bind_text(keep, 3, base >= 0 && f[base] ? f[base] : "", -1, SQLITE_STATIC);
		if ((st = store_step_done(d, keep, t)) == DB_OK)
			st = store_step_done(d, put, t);
		sqlite3_reset(keep);
		sqlite3_reset(put);
		if (st == DB_OK && sqlite3_changes(d->h) > 0) {
			(*taken)++;
			if (f[at] && strcmp(f[at], top) > 0 && strlen(f[at]) == HLC_STAMP_LEN)
				memcpy(top, f[at], HLC_STAMP_BUFSZ);
			if (record_tables[k].figures && cust >= 0 && f[cust])
				st = store_stats_mark(d, f[cust]);
			else if (strcmp(t, "customers") == 0)
				st = store_stats_mark(d, f[uid]);
		}
	}
	sqlite3_finalize(keep);
	sqlite3_finalize(put);
	return st;
}

/* The stamps the server clamped (uid, the server's stamp, the one sent):
 * the book's rows take them, so that they match the server's and are not
 * sent, and clamped, again with every sync. */
static db_status apply_clamped(db *d, size_t k, const pulled *p, char *top)
{
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE main.%s SET updated_at = ?1 WHERE uid = ?2 AND updated_at = ?3",
	         record_tables[k].name);
	sqlite3_stmt *u = store_prepare(d, sql);
	if (!u)
		return d->last;
	db_status st = DB_OK;
	for (long row = 0; row < p->nrows && st == DB_OK; row++) {
		char *const *f = &p->fields[row * 3];
		if (!f[0] || !f[1] || !f[2] || strlen(f[1]) != HLC_STAMP_LEN)
			continue;
		sqlite3_bind_text(u, 1, f[1], -1, SQLITE_STATIC);
		sqlite3_bind_text(u, 2, f[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(u, 3, f[2], -1, SQLITE_STATIC);
		st = store_step_done(d, u, record_tables[k].name);
		sqlite3_reset(u);
		if (st == DB_OK && sqlite3_changes(d->h) > 0 && strcmp(f[1], top) > 0)
			memcpy(top, f[1], HLC_STAMP_BUFSZ);
	}
	sqlite3_finalize(u);
	return st;
}

/* The book's clock past the newest stamp taken, but never past this
 * machine's wall clock and the bound of "trust". */
static db_status observe(db *d, const char *top)
{
	hlc seen, mine;
	char cur[64], out[HLC_STAMP_BUFSZ];
	uint64_t limit = store_wall_ms() + VALID_CLOCK_AHEAD_MS;

	if (!hlc_parse(top, &seen, NULL))
		return DB_OK;
	if (seen.ms > limit)
		seen = (hlc){ limit, 0 };
	if (db_setting_get(d, "clock", cur, sizeof cur) == DB_OK && hlc_parse(cur, &mine, NULL) &&
	    (mine.ms > seen.ms || (mine.ms == seen.ms && mine.counter >= seen.counter)))
		return DB_OK;
	return db_setting_set(d, "clock", hlc_format(seen, d->device, out));
}

/* ---- one sync ---- */

static status_code book_fail(db *d, char *err, size_t errsz, db_status st)
{
	snprintf(err, errsz, "%s", db_error(d));
	return status_from_db(st);
}

static void now_text(char *out, size_t outsz)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, outsz, "%Y-%m-%d %H:%M", &tm);
}

/* The WHERE of table T's rows to pull: this rep's (and for the team's
 * targets and calendar, its leads') changed since CURSOR, but what DEVICE
 * wrote. The rows this transaction wrote are the batch's own: the upper
 * bound keeps the look at a rep's index from walking through them (a first
 * sync's whole book). */
static void pull_where(char *out, size_t outsz, const char *t, long long cursor,
                       const char *device)
{
	bool team = strcmp(t, "targets") == 0 || strcmp(t, "calendar") == 0;
	snprintf(out, outsz, "rev >= %lld AND rev < (SELECT pg_current_xact_id()::text::bigint) AND "
	         "right(updated_at, 8) <> '%s' AND (rep_uid = (SELECT " PG_SCHEMA ".me())%s)", cursor,
	         device, team ? " OR rep_uid IN (SELECT unnest(" PG_SCHEMA ".leads()))" : "");
}

/* A test's pause inside the server's transaction, before its commit. */
static void test_pause(void)
{
	const char *ms = getenv("REPDESK_SYNC_PAUSE_MS");
	if (ms && *ms) {
		struct timespec ts = { atol(ms) / 1000, (atol(ms) % 1000) * 1000000L };
		nanosleep(&ts, NULL);
	}
}

status_code db_sync(db *d, db_server *s, db_sync_result *out, char *err, size_t errsz)
{
	char rep[UID_BUFSZ], acked[HLC_STAMP_BUFSZ + 8], sent[128], sql[1024];
	status_code st;
	db_status ds;
	PGresult *r;
	batch b;
	pulled pl[RECORD_TABLE_COUNT];
	pulled clamp[RECORD_TABLE_COUNT];
	pulled hand;

	memset(out, 0, sizeof *out);
	memset(&b, 0, sizeof b);
	memset(pl, 0, sizeof pl);
	memset(clamp, 0, sizeof clamp);
	memset(&hand, 0, sizeof hand);
	if ((ds = store_rep_uid(d, rep)) != DB_OK)
		return book_fail(d, err, errsz, ds);
	if ((st = pg_layout_check(s, err, errsz)) != STATUS_OK)
		goto out;
	snprintf(out->login, sizeof out->login, "%s", PQuser(s->c) ? PQuser(s->c) : "");

	/* A batch in flight when the last sync stopped: did it land? */
	long seq = setting_long(d, "sync_seq");
	setting_text(d, "sync_acked", acked, sizeof acked);
	setting_text(d, "sync_sent", sent, sizeof sent);
	if (sent[0]) {
		char *sp = strchr(sent, ' ');
		long flying = strtol(sent, NULL, 10);
		char seqtxt[24];
		snprintf(seqtxt, sizeof seqtxt, "%ld", flying);
		const char *params[] = { d->device, seqtxt };
		if ((st = pg_query(s, "SELECT 1 FROM " PG_SCHEMA ".batches WHERE device = $1 AND seq = $2",
		                   2, params, &r, err, errsz)) != STATUS_OK)
			goto out;
		bool landed = PQntuples(r) > 0;
		PQclear(r);
		if ((ds = db_begin(d)) != DB_OK) {
			st = book_fail(d, err, errsz, ds);
			goto out;
		}
		if (landed && sp) {
			seq = flying;
			snprintf(acked, sizeof acked, "%s", sp + 1);
			out->replayed = true;
			ds = db_setting_set(d, "sync_seq", seqtxt);
			if (ds == DB_OK)
				ds = db_setting_set(d, "sync_acked", acked);
		}
		if (ds == DB_OK)
			ds = db_setting_set(d, "sync_sent", "");
		ds = ds == DB_OK ? db_commit(d) : (db_rollback(d), ds);
		if (ds != DB_OK) {
			st = book_fail(d, err, errsz, ds);
			goto out;
		}
	}

	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++)
		if (!s->in_type[k]) {
			snprintf(err, errsz, _("the team server lacks the row type of table %s: its owner "
			         "runs 'repdesk server migrate'"), record_tables[k].name);
			st = STATUS_DATAERR;
			goto out;
		}
	if ((st = batch_read(d, s->in_type, rep, acked, &b, err, errsz)) != STATUS_OK)
		goto out;
	seq++;
	snprintf(sent, sizeof sent, "%ld %s", seq, b.clock);
	if ((ds = db_setting_set(d, "sync_sent", sent)) != DB_OK) {
		st = book_fail(d, err, errsz, ds);
		goto out;
	}
	/* The server's transaction: merge, read back. The rows go as one array
	 * parameter per table with rows (a day's change has few), in one call,
	 * or a call a part for a large batch: no staging, no catalog rows
	 * written. A generic plan for the calls and the statements under them:
	 * a custom one would take each array in as a constant, copied whole
	 * while it is planned. Only for this transaction, so a pooler's next
	 * client of the session does not inherit it. */
	if ((st = pg_exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ; "
	                  "SET LOCAL plan_cache_mode = force_generic_plan", err, errsz)) != STATUS_OK)
		goto out;
	char seqtxt[24];
	snprintf(seqtxt, sizeof seqtxt, "%ld", seq);
	int next[RECORD_TABLE_COUNT] = { 0 };   /* each table's next array */
	for (int part = 0; st == STATUS_OK; part++) {
		const char *params[4 + RECORD_TABLE_COUNT] = { d->device, seqtxt, rep };
		int lengths[4 + RECORD_TABLE_COUNT] = { 0 }, formats[4 + RECORD_TABLE_COUNT] = { 0 };
		int np = 3;
		long bytes = 0;
		char parttxt[16];
		sqlite3_str *q = sqlite3_str_new(NULL);
		sqlite3_str_appendall(q, "SELECT " PG_SCHEMA ".push($1, $2, $3");
		/* Each table's next array while the call stays within PART_BYTES
		 * (the first whatever its size). */
		for (size_t k = 0; k < RECORD_TABLE_COUNT; k++) {
			const rowset *g = next[k] < b.nsets[k] ? &b.sets[k][next[k]] : NULL;
			if (g && (bytes == 0 || bytes + g->len <= PART_BYTES)) {
				bytes += g->len;
				next[k]++;
				lengths[np] = g->len;
				formats[np] = 1;
				params[np++] = g->data;
				sqlite3_str_appendf(q, ", $%d::" PG_SCHEMA ".in_%s[]", np, record_tables[k].name);
			} else {
				sqlite3_str_appendf(q, ", '{}'::" PG_SCHEMA ".in_%s[]", record_tables[k].name);
			}
		}
		if (part > 0 && bytes == 0) {
			sqlite3_free(sqlite3_str_finish(q));
			break;                          /* all sent */
		}
		snprintf(parttxt, sizeof parttxt, "%d", part);
		params[np++] = parttxt;
		sqlite3_str_appendf(q, ", $%d::int)::text", np);
		char *call = sqlite3_str_finish(q);
		st = call ? pg_query_in(s, call, np, params, lengths, formats, &r, err, errsz)
		          : STATUS_IOERR;
		sqlite3_free(call);
		if (st != STATUS_OK)
			break;
		const char *res = PQgetvalue(r, 0, 0);
		bool again = strstr(res, "\"replayed\": true") != NULL;
		out->added += json_num(res, "added");
		out->updated += json_num(res, "updated");
		out->conflicts += json_num(res, "conflicts");
		out->clamped += json_num(res, "clamped");
		PQclear(r);
		if (again) {
			out->replayed = true;           /* it all landed before */
			break;
		}
	}
	if (st != STATUS_OK)
		goto rollback;
	out->sent = b.total;
	/* The rows whose stamps the server clamped (rare): the book takes the
	 * server's stamp. */
	for (size_t k = 0; k < RECORD_TABLE_COUNT && st == STATUS_OK && out->clamped; k++)
		if (b.nsets[k])
			st = clamped_rows(s, &b, k, &clamp[k], err, errsz);
	if (st != STATUS_OK)
		goto rollback;

	/* What changed here for this rep since the cursor, but what this
	 * device wrote; the next cursor is the oldest transaction still open.
	 * The server's marks (repdesk.changes) say which tables have any (most
	 * syncs: none), then only those are read. */
	char cur[32];
	setting_text(d, "sync_cursor", cur, sizeof cur);
	long long cursor = strtoll(cur, NULL, 10);
	char mine[256], look[1024];
	snprintf(look, sizeof look, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text, "
	         "(SELECT ' ' || string_agg(DISTINCT tbl, ' ') || ' ' FROM " PG_SCHEMA ".changes "
	         "WHERE rev >= %lld AND rev < (SELECT pg_current_xact_id()::text::bigint) AND "
	         "device <> '%s' AND (rep_uid = (SELECT " PG_SCHEMA ".me()) OR (tbl IN ('targets', "
	         "'calendar') AND rep_uid IN (SELECT unnest(" PG_SCHEMA ".leads()))))), "
	         "EXISTS (SELECT 1 FROM " PG_SCHEMA ".handoffs WHERE from_rep = (SELECT " PG_SCHEMA
	         ".me()) AND rev >= %lld)", cursor, d->device, cursor);
	if ((st = pg_query(s, look, 0, NULL, &r, err, errsz)) != STATUS_OK)
		goto rollback;
	snprintf(cur, sizeof cur, "%s", PQgetvalue(r, 0, 0));
	const char *changed = PQgetvalue(r, 0, 1);
	bool any[RECORD_TABLE_COUNT + 1];
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++) {
		char word[40];
		snprintf(word, sizeof word, " %s ", record_tables[k].name);
		any[k] = strstr(changed, word) != NULL;
	}
	any[RECORD_TABLE_COUNT] = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
	PQclear(r);
	for (size_t k = 0; k < RECORD_TABLE_COUNT && st == STATUS_OK; k++) {
		if (!any[k])
			continue;
		pull_where(mine, sizeof mine, record_tables[k].name, cursor, d->device);
		sqlite3_str *q = sqlite3_str_new(NULL);
		sqlite3_str_appendall(q, "COPY (SELECT ");
		for (int i = 0; i < b.ncols[k]; i++)
			sqlite3_str_appendf(q, "%s\"%s\"", i ? ", " : "", b.cols[k][i].name);
		sqlite3_str_appendf(q, " FROM " PG_SCHEMA ".%s WHERE %s ORDER BY rev, uid) TO STDOUT",
		                    record_tables[k].name, mine);
		char *pull = sqlite3_str_finish(q);
		st = pull ? copy_out(s, pull, b.ncols[k], &pl[k], err, errsz) : STATUS_IOERR;
		sqlite3_free(pull);
	}
	if (st == STATUS_OK && any[RECORD_TABLE_COUNT]) {
		snprintf(sql, sizeof sql, "COPY (SELECT uid, to_rep, stamp FROM " PG_SCHEMA ".handoffs "
		         "WHERE from_rep = (SELECT " PG_SCHEMA ".me()) AND rev >= %lld ORDER BY id) TO STDOUT",
		         cursor);
		st = copy_out(s, sql, 3, &hand, err, errsz);
	}
	if (st != STATUS_OK)
		goto rollback;
	test_pause();
	if ((st = pg_exec(s, "COMMIT", err, errsz)) != STATUS_OK)
		goto out;
	if (getenv("REPDESK_SYNC_DIE_AFTER_COMMIT"))
		_exit(9);

	/* The book takes it all, and moves its marks, at once. */
	if ((ds = db_begin(d)) != DB_OK) {
		st = book_fail(d, err, errsz, ds);
		goto out;
	}
	sqlite3_create_function_v2(d->h, "repdesk_sync_merge", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC |
	                           SQLITE_DIRECTONLY, NULL, sql_merge_rule, NULL, NULL, NULL);
	char top[HLC_STAMP_BUFSZ] = "";
	for (size_t k = 0; k < RECORD_TABLE_COUNT && ds == DB_OK; k++)
		if (pl[k].nrows)
			ds = apply_table(d, k, b.cols[k], b.ncols[k], &pl[k], top, &out->pulled);
	for (size_t k = 0; k < RECORD_TABLE_COUNT && ds == DB_OK; k++)
		if (clamp[k].nrows)
			ds = apply_clamped(d, k, &clamp[k], top);
	for (long i = 0; i < hand.nrows && ds == DB_OK; i++) {
		/* A customer the lead gave another rep leaves this book's work. */
		sqlite3_stmt *u = store_prepare(d, "UPDATE main.customers SET rep_uid = ?2, deleted = 1, "
		                                "base_at = updated_at, updated_at = ?3 WHERE uid = ?1 AND "
		                                "rep_uid = ?4 AND updated_at < ?3");
		if (!u) {
			ds = d->last;
			break;
		}
		for (int j = 0; j < 3; j++)
			sqlite3_bind_text(u, j + 1, hand.fields[i * 3 + j] ? hand.fields[i * 3 + j] : "", -1,
			                  SQLITE_STATIC);
		sqlite3_bind_text(u, 4, rep, -1, SQLITE_STATIC);
		ds = store_step_done(d, u, "customers");
		if (ds == DB_OK && sqlite3_changes(d->h) > 0) {
			out->handed++;
			ds = store_stats_mark(d, hand.fields[i * 3]);
		}
		sqlite3_finalize(u);
	}
	if (ds == DB_OK && d->nstale)
		ds = store_stats_flush(d);
	if (ds == DB_OK && top[0])
		ds = observe(d, top);
	now_text(out->at, sizeof out->at);
	if (ds == DB_OK)
		ds = db_setting_set(d, "sync_seq", seqtxt);
	if (ds == DB_OK)
		ds = db_setting_set(d, "sync_acked", b.clock);
	if (ds == DB_OK)
		ds = db_setting_set(d, "sync_sent", "");
	if (ds == DB_OK)
		ds = db_setting_set(d, "sync_cursor", cur);
	if (ds == DB_OK)
		ds = db_setting_set(d, "sync_last", out->at);
	if (ds == DB_OK)
		ds = db_commit(d);
	else
		db_rollback(d);
	if (ds != DB_OK)
		st = book_fail(d, err, errsz, ds);
	else
		out->pending = 0;
	goto out;
rollback:
	if (PQstatus(s->c) == CONNECTION_OK)
		PQclear(PQexec(s->c, "ROLLBACK"));
out:
	/* What still waits, for the message of a sync that did not end. */
	if (st != STATUS_OK) {
		char last[32];
		if (db_sync_pending(d, &out->pending, last, sizeof last) != DB_OK)
			out->pending = b.total;
	}
	for (size_t k = 0; k < RECORD_TABLE_COUNT; k++) {
		pulled_free(&pl[k]);
		pulled_free(&clamp[k]);
	}
	pulled_free(&hand);
	batch_free(&b);
	return st;
}
