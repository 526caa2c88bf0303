#ifndef REPDESK_DB_SERVER_H
#define REPDESK_DB_SERVER_H
/* The team server: the same synced kinds on PostgreSQL, in a schema
 * `repdesk` of an existing database (docs/guide.md §12).
 *
 * The server is set up by whoever owns that database (server init and
 * migrate; add-rep, add-lead, remove-rep, rebind). Each rep and lead logs in
 * as a role of their own; PostgreSQL itself keeps them to their rows:
 * row-level security on every table, SELECT only, and every write through
 * the merge functions, which apply the rules of a bundle's merge (owner,
 * values, newer stamp wins, stamps clamped to the server's clock, losing
 * versions kept). A rep's book syncs with one batch per sync (COPY into
 * staging, one merge call, in the same transaction as the pull).
 *
 * Connections follow libpq: URL or key=value connection strings, PGSERVICE,
 * ~/.pgpass, sslmode. Nothing secret is stored in the book. Every function
 * returns a status and, on failure, one line (never a password) in ERR. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repdesk/db/book.h"
#include "repdesk/status.h"

typedef struct db_server db_server;

/* The layout of the server's schema this repdesk writes: the book's
 * schema version, whose synced tables it mirrors. */
int db_server_layout(void);

/* Whether URL is a connection string libpq takes that holds no password
 * (a book keeps no secret); else why not, in WHY. */
bool db_server_url_check(const char *url, char *why, size_t whysz);

/* Connect to URL (NULL or "": libpq's defaults and PG* variables).
 * STATUS_IOERR: the server cannot be reached (an offline laptop).
 * STATUS_NOPERM: the server refused the login. */
status_code db_server_connect(const char *url, db_server **out, char *err, size_t errsz);
void db_server_close(db_server *s);

/* Create the schema, its tables (one per synced kind, with the book's
 * column names), the rollup, the sync log, the conflicts, the revision
 * sequence, the roles, policies and functions; or (MIGRATE) bring an
 * existing one up to this layout. Both may be run again. The book D gives
 * the synced tables' columns. *FROM: the layout found (0: none). */
status_code db_server_init(db_server *s, db *d, bool migrate, int *from, char *err, size_t errsz);

/* A login for a rep (LEAD false) or a lead, named NAME, in GROUPS ('|'
 * between several); LOGIN the role's name (NULL: made from NAME), PASSWORD
 * its password (NULL: one is generated and copied to MADE, once). */
status_code db_server_add_login(db_server *s, const char *name, const char *groups,
                                const char *login, const char *password, bool lead,
                                char *made, size_t madesz, char *role, size_t rolesz,
                                char *err, size_t errsz);
/* Revoke the login of the rep or lead NAME (or whose role is NAME): they
 * can no longer log in; their rows stay. */
status_code db_server_remove_login(db_server *s, const char *name, char *err, size_t errsz);
/* Forget which book the login NAME synced from: the next book to sync with
 * it binds it again. The owner, or a lead of the login's group. */
status_code db_server_rebind(db_server *s, const char *name, char *err, size_t errsz);
/* A lead gives customer CUSTOMER (uid or exact name) to the rep TO. */
status_code db_server_reassign(db_server *s, const char *customer, const char *to, char *err,
                               size_t errsz);

/* One sync of book D (docs/guide.md §12). */
typedef struct {
	long sent;                   /* rows pushed */
	long added, updated, conflicts, kept;   /* what the server did with them */
	long clamped;                /* stamps ahead of the server's clock, clamped */
	long pulled;                 /* rows taken from the server */
	long handed;                 /* customers the lead gave another rep */
	long pending;                /* rows still waiting (after a failure) */
	bool replayed;               /* the batch had reached the server already */
	char login[64];              /* the server login it synced as */
	char at[32];                 /* when, YYYY-MM-DD HH:MM (local time) */
} db_sync_result;
status_code db_sync(db *d, db_server *s, db_sync_result *out, char *err, size_t errsz);

/* How many rows of D wait for the next sync; the last sync's time
 * ("" when never). */
db_status db_sync_pending(db *d, long *pending, char *last, size_t lastsz);

/* From now on D's team reads (db_team_reps, db_team_days, db_team_ytd_each,
 * db_team_conflicts_each, db_team_pipeline_each) come from the server's rollup under the lead's
 * login. S must outlive D's use of it; NULL goes back to the book. */
status_code db_team_use_server(db *d, db_server *s, char *err, size_t errsz);

#endif
