/* Connections of a helper thread to the book: Today's second half read
 * alongside the first (todayrows.c), the search index built on the side
 * (ftsside.c) and the checkpointer of a run of team merges (ckpt.c). The
 * one place that knows how such a connection is opened: the book's URI
 * (made on the book's thread), the flags, and the care it takes before it
 * trusts the file. */
#include <stdio.h>
#include <stdlib.h>

#include "store_int.h"
#include "repdesk/db/book.h"

/* As large a map as SQLite allows: a helper reads the book straight through. */
#define SIDE_MAP_SQL(schema) "PRAGMA " schema "mmap_size = 2147418112"

bool store_side_init(const db *d, store_side_kind kind, store_side *s)
{
	char query[96];

	switch (kind) {
	case STORE_SIDE_READ:
		snprintf(query, sizeof query, "%s", d->immutable ? "mode=ro&immutable=1" : "mode=ro");
		break;
	case STORE_SIDE_ATTACH:
		/* Attached to a database in memory, the book names its own file
		 * system: an attachment's default is that of the connection. */
		snprintf(query, sizeof query, "mode=ro&vfs=%s", sqlite3_vfs_find(NULL)->zName);
		break;
	case STORE_SIDE_CKPT:
	default:
		query[0] = '\0';
		break;
	}
	*s = (store_side){ .kind = kind, .map = !d->readonly && kind != STORE_SIDE_CKPT,
	                   .uri = store_file_uri(d->path, query) };
	return s->uri != NULL;
}

void store_side_done(store_side *s)
{
	free(s->uri);
	s->uri = NULL;
}

/* The care the book's own connection took before it trusted the file
 * (db.c): a helper's connection reads the book, or writes only what
 * SQLite itself writes. */
static void careful(sqlite3 *h)
{
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
}

static int attach(sqlite3 *h, const char *uri)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, "ATTACH ?1 AS book", -1, &st, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	return rc;
}

int store_side_open(const store_side *s, const char *memory, sqlite3 **h)
{
	int rc;

	*h = NULL;
	switch (s->kind) {
	case STORE_SIDE_READ:
		rc = sqlite3_open_v2(s->uri, h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
		                     SQLITE_OPEN_NOMUTEX, NULL);
		if (rc != SQLITE_OK)
			return rc;
		careful(*h);
		sqlite3_busy_timeout(*h, 1000);
		if (s->map)
			sqlite3_exec(*h, SIDE_MAP_SQL(""), NULL, NULL, NULL);
		return SQLITE_OK;
	case STORE_SIDE_ATTACH:
		rc = sqlite3_open_v2(memory, h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		                     SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
		if (rc != SQLITE_OK)
			return rc;
		careful(*h);
		sqlite3_busy_timeout(*h, 1000);
		if ((rc = attach(*h, s->uri)) != SQLITE_OK)
			return rc;
		if (s->map)
			sqlite3_exec(*h, SIDE_MAP_SQL("book."), NULL, NULL, NULL);
		return SQLITE_OK;
	case STORE_SIDE_CKPT:
		break;
	}
	rc = sqlite3_open_v2(s->uri, h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK)
		return rc;
	careful(*h);
	/* Its checkpoints are asked for: none of its own, none on close. */
	sqlite3_db_config(*h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_wal_autocheckpoint(*h, 0);
	/* As the book's own connection: the log is synced before the book is
	 * written, the book after. */
	return sqlite3_exec(*h, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
}
