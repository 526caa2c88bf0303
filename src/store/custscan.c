/* The customers a day's reader starts from (todayrows.c): every one not
 * deleted in id order, or a part of them, read from the book's connection
 * alone or, for a whole big book, in two halves at once with a helper
 * thread on a side connection (side.c) reading the second. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/book.h"
#include "repdesk/db/today.h"
#include "repdesk/tuning.h"
#include "store_int.h"
#include "repdesk/i18n.h"

/* Customers as read: each row's name is an offset into NAMES until the
 * block stops growing. */
typedef struct {
	db_today_row *rows;
	char (*uid_text)[UID_BUFSZ];
	int64_t *ids;
	char *names;
	size_t n, cap, nlen, ncap;
} cust_block;

static const char cust_cols[] = "SELECT id, uid, name, status, priority, tier_eff, next_call "
                                "FROM customers ";

static void block_free(cust_block *b)
{
	free(b->rows), free(b->uid_text), free(b->ids), free(b->names);
	memset(b, 0, sizeof *b);
}

/* Room for MORE rows in B beyond its N. */
static bool block_room(cust_block *b, size_t more)
{
	if (b->n + more <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap * 2 : 256;
	while (cap < b->n + more)
		cap *= 2;
	void *r = realloc(b->rows, cap * sizeof *b->rows);
	if (r)
		b->rows = r;
	void *u = realloc(b->uid_text, cap * sizeof *b->uid_text);
	if (u)
		b->uid_text = u;
	void *i = realloc(b->ids, cap * sizeof *b->ids);
	if (i)
		b->ids = i;
	if (!r || !u || !i)
		return false;
	b->cap = cap;
	return true;
}

/* Step S (the columns of cust_cols) to its end, appending each customer to
 * B. Returns SQLITE_DONE, SQLite's error, or SQLITE_NOMEM. Uses nothing but
 * S and B: it also runs on the helper's connection. */
static int read_customers(sqlite3_stmt *s, cust_block *b)
{
	int rc;
	size_t off;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!block_room(b, 1))
			return SQLITE_NOMEM;
		db_today_row *r = &b->rows[b->n];
		memset(r, 0, sizeof *r);
		b->ids[b->n] = sqlite3_column_int64(s, 0);
		store_col_copy(s, 1, b->uid_text[b->n], sizeof *b->uid_text);
		if (!store_col_append(s, 2, &b->names, &b->nlen, &b->ncap, &off))
			return SQLITE_NOMEM;
		r->name = (char *)(uintptr_t)off;
		b->n++;
		store_col_copy(s, 3, r->status, sizeof r->status);
		store_col_copy(s, 4, r->priority, sizeof r->priority);
		int te = sqlite3_column_int(s, 5);
		r->tier = te >= 0 && te < TIER_COUNT ? (tier)te : TIER_D;
		r->next_call = store_col_day(s, 6);
		r->next_step = DB_NO_DAY;
		r->last_contact = DB_NO_DAY;
		r->broken_since = DB_NO_DAY;
	}
	return rc;
}

/* Append block B to A (B's names move behind A's). */
static bool block_join(cust_block *a, const cust_block *b)
{
	if (!block_room(a, b->n))
		return false;
	if (b->nlen) {
		if (a->nlen + b->nlen > a->ncap) {
			char *p = realloc(a->names, a->nlen + b->nlen);
			if (!p)
				return false;
			a->names = p;
			a->ncap = a->nlen + b->nlen;
		}
		memcpy(a->names + a->nlen, b->names, b->nlen);
	}
	for (size_t i = 0; i < b->n; i++) {
		a->rows[a->n + i] = b->rows[i];
		a->rows[a->n + i].name = (char *)((uintptr_t)b->rows[i].name + a->nlen);
	}
	memcpy(a->uid_text + a->n, b->uid_text, b->n * sizeof *b->uid_text);
	memcpy(a->ids + a->n, b->ids, b->n * sizeof *b->ids);
	a->n += b->n;
	a->nlen += b->nlen;
	return true;
}

/* The second half of a big book, read on a connection of its own in a
 * helper thread while the caller's connection reads the first half: on two
 * cores the scan of the customers, most of today's time, takes half as
 * long. */
typedef struct {
	store_side side;             /* the book, read-only */
	int64_t after;               /* the ids after this one */
	cust_block b;
	int rc;                      /* SQLITE_DONE when B is whole */
} split_reader;

static void *split_read(void *arg)
{
	split_reader *w = arg;
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	char sql[160];

	w->rc = store_side_open(&w->side, NULL, &h);
	if (w->rc == SQLITE_OK) {
		snprintf(sql, sizeof sql, "%sWHERE id > ?1 AND deleted = 0", cust_cols);
		w->rc = sqlite3_prepare_v2(h, sql, -1, &s, NULL);
	}
	if (w->rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, w->after);
		w->rc = read_customers(s, &w->b);
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	return NULL;
}

/* PRAGMA data_version of D's connection: it changes when another connection
 * commits, as seen from the read transaction this starts or is in. */
bool store_data_version(db *d, int64_t *v)
{
	sqlite3_stmt *s = store_prepare(d, "PRAGMA data_version");
	bool ok = s && sqlite3_step(s) == SQLITE_ROW;

	*v = ok ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return ok;
}

/* Start the helper on the customers after the first half of the book, once
 * our own read transaction has begun (*V its data version): what the
 * helper sees is then the same book unless something was committed in
 * between, which db_today_load_flags checks afterwards. */
static bool split_start(db *d, split_reader *w, pthread_t *th, int64_t *v)
{
	int64_t top = 0;
	sqlite3_stmt *s;

	if (!store_data_version(d, v) || !(s = store_prepare(d, "SELECT max(id) FROM customers")))
		return false;
	if (sqlite3_step(s) == SQLITE_ROW)
		top = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	int64_t min = d->today_split_min ? d->today_split_min : SPLIT_MIN;
	if (top < min || top < 2)
		return false;
	*w = (split_reader){ .after = top / 2 };
	if (!store_side_init(d, STORE_SIDE_READ, &w->side))
		return false;
	if (pthread_create(th, NULL, split_read, w) == 0)
		return true;
	store_side_done(&w->side);
	return false;
}

/* Every customer not deleted, in table (id) order, or the part of them PART
 * names; *IDS (caller frees) gets their ids. SPLIT: a whole book may be
 * read in two halves at once, *SPLIT left true if it was (with *VERSION our
 * data version when the helper started). */
db_status store_today_customers(db *d, db_today *t, int64_t **ids, const db_today_part *part,
                                bool *split, int64_t *version)
{
	char sql[256];
	size_t k = 0;
	int rc = SQLITE_DONE;
	cust_block a = { 0 };
	split_reader w;
	pthread_t th;
	bool helper = !part && *split && split_start(d, &w, &th, version);

	*ids = NULL;
	*split = false;
	if (helper)
		snprintf(sql, sizeof sql, "%sWHERE id <= ?1 AND deleted = 0", cust_cols);
	else if (!part)
		snprintf(sql, sizeof sql, "%sNOT INDEXED WHERE deleted = 0", cust_cols);
	else if (part->ids)
		snprintf(sql, sizeof sql, "%sWHERE id = ?1 AND deleted = 0", cust_cols);
	else
		snprintf(sql, sizeof sql, "%sWHERE id > ?1 AND deleted = 0 ORDER BY id LIMIT ?2", cust_cols);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (s && helper)
		sqlite3_bind_int64(s, 1, w.after);
	if (s && part && !part->ids) {
		sqlite3_bind_int64(s, 1, part->after_id);
		sqlite3_bind_int64(s, 2, part->limit ? (int64_t)part->limit : -1);
	}
	if (s && helper && d->today_split_hook)
		d->today_split_hook(d);
	for (; s;) {
		if (part && part->ids) {
			if (k == part->nids)
				break;
			sqlite3_reset(s);
			sqlite3_bind_int64(s, 1, part->ids[k++]);
		}
		rc = read_customers(s, &a);
		if (rc != SQLITE_DONE || !part || !part->ids)
			break;
	}
	sqlite3_finalize(s);
	if (helper) {
		pthread_join(th, NULL);
		if (s && rc == SQLITE_DONE && w.rc != SQLITE_DONE) {
			/* The helper could not read: the rest on our own connection. */
			snprintf(sql, sizeof sql, "%sWHERE id > ?1 AND deleted = 0", cust_cols);
			if ((s = store_prepare(d, sql))) {
				sqlite3_bind_int64(s, 1, w.after);
				rc = read_customers(s, &a);
				sqlite3_finalize(s);
			}
		} else if (s && rc == SQLITE_DONE) {
			if (!block_join(&a, &w.b))
				rc = SQLITE_NOMEM;
			*split = true;
			d->today_splits++;
		}
		block_free(&w.b);
		store_side_done(&w.side);
	}
	/* The block is the book's: its rows point into it from here on. */
	t->rows = a.rows;
	t->uid_text = a.uid_text;
	t->names = a.names;
	t->n = a.n;
	*ids = a.ids;
	for (size_t i = 0; i < t->n; i++) {
		t->rows[i].name = t->names + (uintptr_t)t->rows[i].name;
		t->rows[i].uid = t->uid_text[i];
	}
	t->last_id = t->n ? (*ids)[t->n - 1] : (part && !part->ids ? part->after_id : 0);
	if (!s)
		return d->last;
	if (rc == SQLITE_NOMEM)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading customers for today"));
}

