/* The search index built on the side: while the book's connection builds
 * the list and name indexes at the end of a team add (teambook.c), a helper
 * thread reads the customers on a read-only connection of its own and
 * builds the same FTS5 index into a database in memory; the book's
 * connection then copies the index's rows in. On two cores the two builds,
 * most of that end, overlap.
 *
 * An FTS5 index is the rows of its %_data and %_idx tables, whose format
 * does not depend on where the indexed text is kept: a contentless table
 * with our columns, tokenizer and options holds exactly what the external
 * content table would (integrity-check compares the copy against the
 * customers, test_store.c). The book's table is dropped and made again
 * before the copy, so no cached picture of the old index outlives it.
 *
 * What the helper reads is the book as the caller's write transaction
 * found it: the helper starts after that transaction began, no other
 * connection can commit meanwhile, and the caller changes no customer
 * before the copy. Only a book in WAL mode is read this way (with a
 * rollback journal our own writer would wait for the helper's lock). If
 * anything fails on the side, the index is rebuilt in place, as before. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/book.h"
#include "repdesk/tuning.h"
#include "store_int.h"

struct store_fts_side {
	store_side book;             /* the book, attached read-only */
	char name[64];               /* the database in memory, shared by name */
	pthread_t th;
	bool started;                /* the thread runs or ran, not joined */
	bool attached;               /* to the book's connection, as fts_side */
	sqlite3 *h;                  /* the helper's connection (kept open until
	                              * the copy: the memory goes with the last) */
	int rc;
};

/* The in-memory database's URI; the same name from two connections of this
 * process reaches the same memory. */
static void side_uri(const store_fts_side *s, char *out, size_t outsz)
{
	snprintf(out, outsz, "file:/%s?vfs=memdb", s->name);
}

static int side_exec(sqlite3 *h, const char *sql)
{
	return sqlite3_exec(h, sql, NULL, NULL, NULL);
}

static void *side_build(void *arg)
{
	store_fts_side *s = arg;
	char uri[96];

	side_uri(s, uri, sizeof uri);
	if ((s->rc = store_side_open(&s->book, uri, &s->h)) != SQLITE_OK ||
	    (s->rc = store_search_register(s->h)) != SQLITE_OK)
		return NULL;
	/* Memory holds nothing to roll back to: a failure drops it all. */
	s->rc = side_exec(s->h, "PRAGMA journal_mode = OFF;"
	                  "CREATE VIRTUAL TABLE main.side USING fts5(" STORE_FTS_COLS ","
	                  " content = '', " STORE_FTS_OPTIONS ");"
	                  "INSERT INTO main.side(side, rank) VALUES ('hashsize', 134217728);"
	                  "BEGIN;"
	                  "INSERT INTO main.side(rowid, " STORE_FTS_COLS ") SELECT id, "
	                  STORE_FTS_COLS " FROM book.customers;"
	                  "COMMIT;"
	                  "DETACH book;");
	if (s->rc != SQLITE_OK && !sqlite3_get_autocommit(s->h))
		side_exec(s->h, "ROLLBACK");
	return NULL;
}

store_fts_side *store_fts_side_start(db *d)
{
	int64_t top = 0;
	sqlite3_stmt *st;

	if (d->readonly || d->fts_side == STORE_FTS_SIDE_NEVER)
		return NULL;
	if (!(st = store_prepare(d, "PRAGMA main.journal_mode")))
		return NULL;
	bool wal = sqlite3_step(st) == SQLITE_ROW && strcmp(store_col_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (!wal || !(st = store_prepare(d, "SELECT coalesce(max(id), 0) FROM main.customers")))
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		top = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (top < SIDE_MIN && d->fts_side != STORE_FTS_SIDE_ALWAYS)
		return NULL;
	store_fts_side *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	snprintf(s->name, sizeof s->name, "repdesk-fts-%p", (void *)s);
	if (!store_side_init(d, STORE_SIDE_ATTACH, &s->book) ||
	    !(s->started = pthread_create(&s->th, NULL, side_build, s) == 0)) {
		store_fts_side_free(d, s);
		return NULL;
	}
	return s;
}

/* Copy the side's index into the book's search index, made anew. */
static db_status side_copy(db *d, store_fts_side *s)
{
	char uri[96], sql[160];

	side_uri(s, uri, sizeof uri);
	snprintf(sql, sizeof sql, "ATTACH '%s' AS fts_side", uri);
	db_status st = store_exec(d, sql);
	if (st != DB_OK)
		return st;
	s->attached = true;
	/* The index's own tables are written directly, which only defensive
	 * mode forbids: off for this copy. */
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
	st = store_exec(d, "DROP TABLE main.customers_fts");
	if (st == DB_OK)
		st = store_exec(d, store_sql_fts_table);
	if (st == DB_OK)
		st = store_exec(d, "DELETE FROM main.customers_fts_data;"
		                   "INSERT INTO main.customers_fts_data(id, block) "
		                   "SELECT id, block FROM fts_side.side_data;"
		                   "INSERT INTO main.customers_fts_idx(segid, term, pgno) "
		                   "SELECT segid, term, pgno FROM fts_side.side_idx;");
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	return st;
}

db_status store_fts_side_install(db *d, store_fts_side *s)
{
	if (s && s->started) {
		pthread_join(s->th, NULL);
		s->started = false;
	}
	if (!s || s->rc != SQLITE_OK)
		return store_fts_rebuild(d, 128);
	db_status st = side_copy(d, s);
	if (st == DB_OK)
		st = store_exec(d, store_sql_fts_triggers);
	if (st == DB_OK)
		d->fts_side_builds++;
	return st;
}

void store_fts_side_free(db *d, store_fts_side *s)
{
	if (!s)
		return;
	if (s->started)
		pthread_join(s->th, NULL);
	if (s->attached)
		sqlite3_exec(d->h, "DETACH fts_side", NULL, NULL, NULL);
	sqlite3_close(s->h);
	store_side_done(&s->book);
	free(s);
}
