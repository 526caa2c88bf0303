#ifndef REPDESK_DB_TESTING_H
#define REPDESK_DB_TESTING_H
/* For tests and test tools only: never included by src/ (src/store/testing.c
 * defines it). What they reach of the store's insides: the connection record
 * stays private, read and set through the accessors below; the few store
 * functions they call are declared again here, with the prototypes of
 * src/store/store_int.h (testing.c sees both, so the compiler keeps them
 * the same). Nothing here is part of the store's API. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/uid.h"

/* The schema version this repdesk writes. */
int db_test_schema_version(void);
/* D's own SQLite connection: for SQL the API has no call for. */
sqlite3 *db_test_handle(db *d);

/* A run's checkpointer (NULL when none runs), and how many checkpoints the
 * last run made. */
struct store_ckpt;
const struct store_ckpt *db_test_ckpt(const db *d);
long db_test_ckpt_runs(const db *d);

/* Where a team run's end builds the search index: by the book's size, in
 * place, or on the side; and how many times it was built on the side. */
enum { DB_TEST_FTS_SIDE_AUTO, DB_TEST_FTS_SIDE_NEVER, DB_TEST_FTS_SIDE_ALWAYS };
void db_test_set_fts_side(db *d, int how);
long db_test_fts_side_builds(const db *d);

/* Today read from the whole history, never from the summaries. */
void db_test_set_today_from_history(db *d, bool on);
/* The book's size from which today reads its second half on a helper
 * connection (0: the default), a call made while the helper reads (NULL:
 * none), and how many reads the helper shared. */
void db_test_set_today_split_min(db *d, int64_t rows);
void db_test_set_today_split_hook(db *d, void (*hook)(db *));
long db_test_today_splits(const db *d);

/* The SQL of the statement store_attrs_check reads an attributes object
 * through (STORE_ATTRS_EACH_SQL). */
extern const char db_test_attrs_each_sql[];

/* ---- the store's own functions (store_int.h) ---- */

db_status store_create(const char *path, int version, char *err, size_t errsz);
int store_search_register(sqlite3 *h);
sqlite3_stmt *store_prepare(db *d, const char *sql);
db_status store_rep_uid(db *d, char uid[UID_BUFSZ]);
db_status store_stats_rebuild(db *d);
extern const char store_sql_drop_activity_indexes[];

typedef struct db_uidmap store_uidmap;
store_uidmap *store_uidmap_new(const void *rows, size_t n, size_t stride, size_t uid_off);
void store_uidmap_free(store_uidmap *m);
long store_uidmap_find(store_uidmap *m, const char *uid, size_t *near);

bool store_attrs_parse(db *d, const char *json, db_attr **a, size_t *n, size_t *cap,
                       char **buf, size_t *bufcap);
const char *store_attrs_check(sqlite3_stmt *each, const char *s, size_t len);

#endif
