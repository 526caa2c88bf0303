/* The accessors of repdesk/db/testing.h: what the tests set and read of the
 * connection record, which stays private to the store. */

#include "store_int.h"
#include "repdesk/db/book.h"
#include "repdesk/db/testing.h"

const char db_test_attrs_each_sql[] = STORE_ATTRS_EACH_SQL;

int db_test_schema_version(void)
{
	return STORE_SCHEMA_VERSION;
}

sqlite3 *db_test_handle(db *d)
{
	return d->h;
}

const struct store_ckpt *db_test_ckpt(const db *d)
{
	return d->ckpt;
}

long db_test_ckpt_runs(const db *d)
{
	return d->ckpt_runs;
}

void db_test_set_fts_side(db *d, int how)
{
	switch (how) {
	case DB_TEST_FTS_SIDE_NEVER:  d->fts_side = STORE_FTS_SIDE_NEVER; break;
	case DB_TEST_FTS_SIDE_ALWAYS: d->fts_side = STORE_FTS_SIDE_ALWAYS; break;
	default:                      d->fts_side = STORE_FTS_SIDE_AUTO; break;
	}
}

long db_test_fts_side_builds(const db *d)
{
	return d->fts_side_builds;
}

void db_test_set_today_from_history(db *d, bool on)
{
	d->today_from_history = on;
}

void db_test_set_today_split_min(db *d, int64_t rows)
{
	d->today_split_min = rows;
}

void db_test_set_today_split_hook(db *d, void (*hook)(db *))
{
	d->today_split_hook = hook;
}

long db_test_today_splits(const db *d)
{
	return d->today_splits;
}
