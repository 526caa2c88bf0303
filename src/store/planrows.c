/* What the planner reads (customers, their order totals by month from the
 * summaries summary.c keeps, the month's orders by day) and what it saves
 * (targets), each in a handful of queries rather than one per customer. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/date.h"
#include "repdesk/db/book.h"
#include "repdesk/db/plan.h"
#include "repdesk/plan.h"
#include "repdesk/valid.h"
#include "repdesk/ledger.h"
#include "store_int.h"
#include "repdesk/i18n.h"

static bool index_rows(db_plan_book *b)
{
	return (b->uids = store_uidmap_new(b->rows, b->n, sizeof *b->rows, offsetof(db_plan_row, uid)));
}

const db_plan_row *db_plan_book_find_near(const db_plan_book *b, const char *uid, size_t *near)
{
	long i = store_uidmap_find(b->uids, uid, near);
	return i < 0 ? NULL : &b->rows[i];
}

const db_plan_row *db_plan_book_find(const db_plan_book *b, const char *uid)
{
	return db_plan_book_find_near(b, uid, NULL);
}

void db_plan_book_free(db_plan_book *b)
{
	free(b->rows);
	free(b->names);
	store_uidmap_free(b->uids);
	memset(b, 0, sizeof *b);
}

static db_status nomem(db *d)
{
	return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
}

/* Every customer not deleted, in table (id) order; *IDS (caller frees) gets
 * their ids. */
static db_status load_customers(db *d, db_plan_book *b, int64_t **ids)
{
	sqlite3_stmt *s = store_prepare(d,
		/* Every row is read: a scan in table order, not the list index's. */
		"SELECT id, uid, name, status, monthly_amount, monthly_volume, rooms, tier "
		"FROM customers NOT INDEXED WHERE deleted = 0");
	size_t cap = 0, nlen = 0, ncap = 0, off;
	int rc;

	*ids = NULL;
	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (b->n == cap) {
			size_t ncap_rows = cap ? cap * 2 : 1024;
			db_plan_row *rows = realloc(b->rows, ncap_rows * sizeof *rows);
			if (rows)
				b->rows = rows;
			int64_t *v = realloc(*ids, ncap_rows * sizeof *v);
			if (v)
				*ids = v;
			if (!rows || !v) {
				sqlite3_finalize(s);
				return nomem(d);
			}
			cap = ncap_rows;
		}
		db_plan_row *r = &b->rows[b->n];
		memset(r, 0, sizeof *r);
		(*ids)[b->n] = sqlite3_column_int64(s, 0);
		store_col_copy(s, 1, r->uid, sizeof r->uid);
		if (!store_col_append(s, 2, &b->names, &nlen, &ncap, &off)) {
			sqlite3_finalize(s);
			return nomem(d);
		}
		/* An offset until the block stops moving. */
		r->name = (char *)(uintptr_t)off;
		b->n++;
		const char *status = store_col_text(s, 3);
		r->active = strcmp(status, "active") == 0 || strcmp(status, "prospect") == 0;
		for (int i = 0; i < 3; i++) {
			int64_t v = sqlite3_column_type(s, 4 + i) == SQLITE_NULL
			          ? DB_NULL : sqlite3_column_int64(s, 4 + i);
			*(i == 0 ? &r->monthly_amount : i == 1 ? &r->monthly_volume : &r->rooms) = v;
		}
		const char *t = store_col_text(s, 7);
		r->manual = t[0] ? tier_from_letter((unsigned char)t[0]) : TIER_NONE;
	}
	sqlite3_finalize(s);
	for (size_t i = 0; i < b->n; i++)
		b->rows[i].name = b->names + (uintptr_t)b->rows[i].name;
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("reading customers for the plan"));
	return DB_OK;
}

typedef struct {
	db_plan_book *b;
	int y, m, now, start;        /* the fair basis (plan_basis_of) */
	int month;                   /* the month planned (ledger_month_key) */
	int before[3];               /* the baseline months, by slot; 0: not read */
} months_ctx;

/* A customer's order totals by month: the baseline months' (and their
 * volumes) and the month's. */
static bool take_months(sqlite3_stmt *s, size_t i, void *ctx)
{
	months_ctx *mc = ctx;
	db_plan_row *r = &mc->b->rows[i];
	const unsigned char *p = sqlite3_column_blob(s, 1);
	size_t n = (size_t)sqlite3_column_bytes(s, 1) / STORE_MONTH_BYTES;

	if (mc->before[0])
		plan_basis_of(p, n * STORE_MONTH_BYTES, mc->y, mc->m, mc->now, mc->start, &r->basis);
	for (size_t k = 0; k < n; k++, p += STORE_MONTH_BYTES) {
		int key = ledger_month_at(p);
		int64_t total = ledger_month_total(p), volume = ledger_month_volume(p);
		if (key == mc->month)
			r->achieved = total;
		for (int slot = 0; slot < 3; slot++)
			if (key == mc->before[slot]) {
				r->totals[slot] = total;
				r->has_history = true;
				if (volume != LEDGER_NO_VOLUME) {
					r->volumes[slot] = volume;
					r->has_volume = true;
				}
			}
	}
	return true;
}

/* The month's orders of the whole book, by day, from the date index. */
static db_status sum_days(db *d, date_day first, date_day last, db_plan_book *b)
{
	char f[DATE_BUFSZ], t[DATE_BUFSZ];
	sqlite3_stmt *s = store_prepare(d,
		"SELECT date, amount FROM orders INDEXED BY orders_date "
		"WHERE date BETWEEN ?1 AND ?2 AND deleted = 0");
	int rc;

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, date_format(first, f), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, date_format(last, t), -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		date_day day;
		if (date_parse(store_col_text(s, 0), &day) && day >= first && day <= last)
			b->by_day[day - first] += sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("summing orders for the plan"));
}

db_status db_plan_book_load(db *d, int y, int m, bool history, db_plan_book *out)
{
	db_status st;
	months_ctx mc = { .b = out, .y = y, .m = m, .month = ledger_month_key(y, m) };
	int64_t *ids = NULL;
	bool reading = store_read_begin(d);

	memset(out, 0, sizeof *out);
	if (history) {
		if ((st = store_tiers_ready(d)) != DB_OK) {
			store_read_end(d, reading);
			return st;
		}
		mc.now = d->tier_month;
		mc.start = d->book_start;
	}
	if ((st = load_customers(d, out, &ids)) != DB_OK)
		goto fail;
	if (!index_rows(out)) {
		st = nomem(d);
		goto fail;
	}
	/* A customer with no orders has no months row: its basis stays all
	 * zero (load_customers clears each row), the basis of none. */
	date_day first = date_month_first_day(y, m);
	for (int i = 0; i < 3 && history; i++) {
		int yy, mm, dd;
		date_day month = date_add_months(first, i - 3);
		date_to_ymd(month, &yy, &mm, &dd);
		mc.before[plan_baseline_slot(y, m, month)] = ledger_month_key(yy, mm);
	}
	if ((st = store_join_ids(d, store_prepare(d, "SELECT customer_id, months FROM customer_months"),
	                         ids, out->n, take_months, &mc, "reading order totals for the plan")) != DB_OK ||
	    (st = sum_days(d, first, date_month_last_day(y, m), out)) != DB_OK)
		goto fail;
	free(ids);
	store_read_end(d, reading);
	return DB_OK;
fail:
	free(ids);
	db_plan_book_free(out);
	store_read_end(d, reading);
	return st;
}

int db_book_start(db *d)
{
	return store_tiers_ready(d) == DB_OK ? d->book_start : 0;
}

db_status db_month_volumes(db *d, const int64_t *ids, size_t n, int y, int m, int64_t *out)
{
	sqlite3_stmt *s = store_stmt(d, ST_MONTH_VOLUME);
	int key = ledger_month_key(y, m), rc = SQLITE_DONE;

	for (size_t i = 0; i < n; i++)
		out[i] = DB_NULL;
	if (!s)
		return d->last;
	bool reading = store_read_begin(d);
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, ids[i]);
		if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
			if (rc != SQLITE_DONE)
				break;
			continue;
		}
		int64_t stated = sqlite3_column_type(s, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 0);
		int64_t ordered = LEDGER_NO_VOLUME;
		ledger_months_find(sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1), key, NULL,
		                   &ordered);
		int64_t v = plan_month_volume(ordered, stated);
		out[i] = v < 0 ? DB_NULL : v;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(s);
	store_read_end(d, reading);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the months' volumes"));
}

/* ---- targets ---- */

/* The live targets of a month, found by what they are (level, scope, key). */
typedef struct {
	int64_t *id, *amount;
	uint64_t *detail;            /* hash of the detail text */
	char **what;                 /* "level\x1fscope\x1fkey" */
	bool *seen;
	size_t n, cap;
	uint32_t *slots;
	size_t mask;
} target_set;

static void target_set_free(target_set *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->what[i]);
	free(t->id), free(t->amount), free(t->detail), free(t->what), free(t->seen), free(t->slots);
}

static char *target_what(const char *level, const char *scope, const char *key)
{
	size_t a = strlen(level), b = strlen(scope), c = strlen(key);
	char *w = malloc(a + b + c + 3);
	if (w) {
		memcpy(w, level, a);
		w[a] = '\x1f';
		memcpy(w + a + 1, scope, b);
		w[a + 1 + b] = '\x1f';
		memcpy(w + a + b + 2, key, c + 1);
	}
	return w;
}

static db_status target_set_load(db *d, const char *month, const char *rep, target_set *t)
{
	sqlite3_stmt *s = store_prepare(d,
		"SELECT id, level, scope, key, amount, detail FROM targets "
		"WHERE month = ?1 AND rep_uid = ?2 AND deleted = 0 "
		/* The year plan's row for the month is the year's (yearrows.c). */
		"AND level <> 'year'");
	int rc;

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, month, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 256;
			int64_t *id = realloc(t->id, cap * sizeof *id);
			if (id)
				t->id = id;
			int64_t *am = realloc(t->amount, cap * sizeof *am);
			if (am)
				t->amount = am;
			char **w = realloc(t->what, cap * sizeof *w);
			if (w)
				t->what = w;
			uint64_t *dh = realloc(t->detail, cap * sizeof *dh);
			if (dh)
				t->detail = dh;
			if (!id || !am || !w || !dh)
				goto nomem;
			t->cap = cap;
		}
		t->id[t->n] = sqlite3_column_int64(s, 0);
		t->amount[t->n] = sqlite3_column_int64(s, 4);
		t->detail[t->n] = store_hash(store_col_text(s, 5));
		if (!(t->what[t->n] = target_what(store_col_text(s, 1), store_col_text(s, 2),
		                                  store_col_text(s, 3))))
			goto nomem;
		t->n++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("reading the plan"));
	size_t cap = 1024;
	while (cap < t->n * 2)
		cap *= 2;
	t->slots = calloc(cap, sizeof *t->slots);
	t->seen = calloc(t->n ? t->n : 1, sizeof *t->seen);
	if (!t->slots || !t->seen)
		return nomem(d);
	t->mask = cap - 1;
	for (size_t i = 0; i < t->n; i++) {
		size_t j = store_hash(t->what[i]) & t->mask;
		while (t->slots[j])
			j = (j + 1) & t->mask;
		t->slots[j] = (uint32_t)i + 1;
	}
	return DB_OK;
nomem:
	sqlite3_finalize(s);
	return nomem(d);
}

static long target_set_find(const target_set *t, const char *what)
{
	for (size_t j = store_hash(what) & t->mask; t->slots[j]; j = (j + 1) & t->mask)
		if (strcmp(t->what[t->slots[j] - 1], what) == 0)
			return (long)t->slots[j] - 1;
	return -1;
}

/* Write only what changed: a plan made again for the same figures touches
 * nothing, and merged books see just the rows that moved. */
db_status db_targets_replace(db *d, const char *month, const db_target *rows, size_t n)
{
	char rep[UID_BUFSZ], uid[UID_BUFSZ];
	const char *stamp;
	bool own;
	db_status st;
	sqlite3_stmt *ins = NULL, *upd = NULL, *del = NULL;
	target_set old = { 0 };

	for (size_t i = 0; i < n; i++)
		if ((st = store_check_text(d, "target level", rows[i].level, VALID_TEXT_MAX)) != DB_OK ||
		    (st = store_check_text(d, "target scope", rows[i].scope, VALID_TEXT_MAX)) != DB_OK ||
		    (st = store_check_text(d, "target key", rows[i].key, VALID_TEXT_MAX)) != DB_OK ||
		    (st = store_check_text(d, "target detail", rows[i].detail, VALID_DETAIL_MAX)) != DB_OK)
			return st;
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if ((st = store_rep_uid(d, rep)) != DB_OK || (st = target_set_load(d, month, rep, &old)) != DB_OK)
		goto out;
	if (!(stamp = store_stamp(d)) ||
	    !(ins = store_prepare(d, "INSERT INTO targets(uid, rep_uid, month, level, scope, key, "
	                             "amount, updated_at, detail) "
	                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")) ||
	    !(upd = store_prepare(d, "UPDATE targets SET amount = ?2, " STORE_REBASE("3") ", updated_at = ?3, detail = ?4 "
	                             "WHERE id = ?1")) ||
	    !(del = store_prepare(d, "UPDATE targets SET deleted = 1, " STORE_REBASE("2") ", updated_at = ?2 WHERE id = ?1"))) {
		st = d->last;
		goto out;
	}
	for (size_t i = 0; i < n && st == DB_OK; i++) {
		char *what = target_what(rows[i].level, rows[i].scope, rows[i].key);
		if (!what) {
			st = nomem(d);
			break;
		}
		long at = target_set_find(&old, what);
		free(what);
		sqlite3_stmt *s = NULL;
		const char *detail = rows[i].detail ? rows[i].detail : "";
		if (at >= 0) {
			old.seen[at] = true;
			if (old.amount[at] == rows[i].amount && old.detail[at] == store_hash(detail))
				continue;
			s = upd;
			sqlite3_bind_int64(s, 1, old.id[at]);
			sqlite3_bind_int64(s, 2, rows[i].amount);
			sqlite3_bind_text(s, 3, stamp, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 4, detail, -1, SQLITE_STATIC);
		} else {
			s = ins;
			store_new_uid(d, uid);
			sqlite3_bind_text(s, 1, uid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 3, month, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 4, rows[i].level, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 5, rows[i].scope, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 6, rows[i].key, -1, SQLITE_STATIC);
			sqlite3_bind_int64(s, 7, rows[i].amount);
			sqlite3_bind_text(s, 8, stamp, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 9, detail, -1, SQLITE_STATIC);
		}
		st = store_step_done(d, s, "saving the plan");
	}
	for (size_t i = 0; i < old.n && st == DB_OK; i++) {
		if (old.seen[i])
			continue;
		sqlite3_bind_int64(del, 1, old.id[i]);
		sqlite3_bind_text(del, 2, stamp, -1, SQLITE_STATIC);
		st = store_step_done(d, del, "replacing the plan");
	}
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	sqlite3_finalize(del);
	target_set_free(&old);
	return store_tx_leave(d, own, st);
}

static db_status targets_each(db *d, const char *month, bool details, db_target_fn fn, void *ctx)
{
	char rep[UID_BUFSZ];
	db_status st = store_rep_uid(d, rep);
	if (st != DB_OK)
		return st;
	sqlite3_stmt *s = store_prepare(d, details
		? "SELECT level, scope, key, amount, detail FROM targets "
		  "WHERE month = ?1 AND rep_uid = ?2 AND deleted = 0"
		: "SELECT level, scope, key, amount, '' FROM targets "
		  "WHERE month = ?1 AND rep_uid = ?2 AND deleted = 0");
	int rc;
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, month, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_target t = { store_col_text(s, 0), store_col_text(s, 1), store_col_text(s, 2),
		                sqlite3_column_int64(s, 3), store_col_text(s, 4) };
		if (!fn(&t, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the plan"));
}

db_status db_targets_each(db *d, const char *month, db_target_fn fn, void *ctx)
{
	return targets_each(d, month, true, fn, ctx);
}

db_status db_targets_each_brief(db *d, const char *month, db_target_fn fn, void *ctx)
{
	return targets_each(d, month, false, fn, ctx);
}

/* How much of a detail is read at a time. */
#define LINES_CHUNK 65536

/* The lines of one target's detail (row ID), through BUF (*CAP bytes). A
 * detail ends at its first NUL, as the text sqlite3_column_text gives. */
static db_status detail_lines(db *d, int64_t id, char **buf, size_t *cap, db_line_fn fn, void *ctx)
{
	sqlite3_blob *b = NULL;
	int rc = sqlite3_blob_open(d->h, "main", "targets", "detail", id, 0, &b);
	if (rc != SQLITE_OK) {
		sqlite3_blob_close(b);
		return store_fail(d, rc, _("reading the plan"));
	}
	size_t size = (size_t)sqlite3_blob_bytes(b), at = 0, kept = 0;
	bool end = false;
	while (!end && (at < size || kept)) {
		size_t n = size - at < LINES_CHUNK ? size - at : LINES_CHUNK;
		if (kept + n + 1 > *cap) {
			size_t ncap = *cap ? *cap : LINES_CHUNK + 1;
			while (ncap < kept + n + 1)
				ncap *= 2;
			char *p = realloc(*buf, ncap);
			if (!p) {
				sqlite3_blob_close(b);
				return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
			}
			*buf = p;
			*cap = ncap;
		}
		if (n && (rc = sqlite3_blob_read(b, *buf + kept, (int)n, (int)at)) != SQLITE_OK) {
			sqlite3_blob_close(b);
			return store_fail(d, rc, _("reading the plan"));
		}
		at += n;
		char *nul = memchr(*buf + kept, '\0', n);
		if (nul) {
			n = (size_t)(nul - (*buf + kept));
			end = true;
		}
		size_t len = kept + n, from = 0;
		(*buf)[len] = '\0';
		for (char *nl; (nl = memchr(*buf + from, '\n', len - from)); from = (size_t)(nl - *buf) + 1)
			fn(*buf + from, (size_t)(nl - (*buf + from)), ctx);
		kept = len - from;
		if (kept && (end || at == size)) {
			fn(*buf + from, kept, ctx);
			kept = 0;
		} else if (kept) {
			memmove(*buf, *buf + from, kept);
		}
	}
	sqlite3_blob_close(b);
	return DB_OK;
}

db_status db_target_lines(db *d, const char *month, const char *level, const char *scope,
                          db_line_fn fn, void *ctx)
{
	char rep[UID_BUFSZ], *buf = NULL;
	size_t cap = 0;
	db_status st = store_rep_uid(d, rep);
	if (st != DB_OK)
		return st;
	/* In the order db_targets_each meets them: that of the month's index. */
	sqlite3_stmt *s = store_prepare(d,
		"SELECT id FROM targets WHERE month = ?1 AND rep_uid = ?2 AND deleted = 0 "
		"AND level = ?3 AND scope = ?4 ORDER BY key, amount, id");
	int rc;
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, month, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, level, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, scope, -1, SQLITE_STATIC);
	while (st == DB_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
		st = detail_lines(d, sqlite3_column_int64(s, 0), &buf, &cap, fn, ctx);
	sqlite3_finalize(s);
	free(buf);
	if (st != DB_OK)
		return st;
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the plan"));
}
