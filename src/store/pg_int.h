#ifndef REPDESK_STORE_PG_INT_H
#define REPDESK_STORE_PG_INT_H
/* Inside the team server's client (pgserver.c, pgsync.c, pgteam.c): the
 * connection, and the helpers the three share. */

#include <libpq-fe.h>

#include "repdesk/db/server.h"
#include "repdesk/record.h"
#include "store_int.h"

struct db_server {
	PGconn *c;
	int layout;                  /* the server's layout, once read (0: none) */
	/* The row types push takes each table's rows in (repdesk.in_<table>,
	 * by record_tables' order), once the layout is read: a batch's arrays
	 * go in binary, which names its element type. */
	Oid in_type[RECORD_TABLE_COUNT];
};

/* The schema every object lives in. */
#define PG_SCHEMA "repdesk"
/* Set (to on, for its transaction) while push merges: the merges mark
 * what they write in repdesk.changes themselves, and the tables' row
 * triggers, which mark every other write, stay quiet. */
#define PG_MERGING "repdesk.merging"
/* The roles every rep's and lead's login belongs to. */
#define PG_ROLE_REP "repdesk_rep"
#define PG_ROLE_LEAD "repdesk_lead"

/* The status a failed result R (or the connection, R NULL) maps to, with
 * its message's first line (sanitised, prefixed by WHAT when given) in ERR.
 * A lost connection is STATUS_IOERR, a refused login or privilege
 * STATUS_NOPERM, anything the server refused as data STATUS_DATAERR. */
status_code pg_fail(db_server *s, PGresult *r, const char *what, char *err, size_t errsz);
/* Run SQL (no parameters, any number of statements); STATUS_OK or the
 * failure as pg_fail. */
status_code pg_exec(db_server *s, const char *sql, char *err, size_t errsz);
/* Run SQL with text parameters; the result (PGRES_TUPLES_OK or
 * PGRES_COMMAND_OK) in *OUT for the caller to PQclear, or the failure. */
status_code pg_query(db_server *s, const char *sql, int n, const char *const *params,
                     PGresult **out, char *err, size_t errsz);
/* The same with each parameter's size and format (1: binary) given, as
 * PQexecParams takes them. */
status_code pg_query_in(db_server *s, const char *sql, int n, const char *const *params,
                        const int *lengths, const int *formats, PGresult **out, char *err,
                        size_t errsz);
/* End the transaction begun: COMMIT when ST is STATUS_OK (its status then),
 * else ROLLBACK and ST. */
status_code pg_end(db_server *s, status_code st, char *err, size_t errsz);
/* The server's layout: STATUS_DATAERR with a clear message when it has none,
 * or one newer or older than this repdesk's. */
status_code pg_layout_check(db_server *s, char *err, size_t errsz);

/* A synced table's column as the server has it. */
typedef struct {
	char name[32];
	char type[8];               /* text or bigint */
	bool notnull;
	store_kind k;
} pg_col;

#define PG_MAX_COLS 48

/* The columns a merge copies of table K of record_tables (its registry
 * columns, then base_at), with the book's types, into COLS (*N of them). */
status_code pg_table_cols(db *d, size_t k, pg_col *cols, int *n, char *err, size_t errsz);

#endif
