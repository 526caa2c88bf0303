/* Test tool: a book at the schema version before this one (or VERSION),
 * holding the customers of a CSV file with gen_customers' columns, as an
 * older repdesk left it; the migration of a big book is then tested on it
 * (t_migrate.sh). Usage: oldbook BOOK CSV [VERSION]. Uses the store's
 * insides, like the unit tests. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "repdesk/csvio.h"
#include "repdesk/db/testing.h"
#include "repdesk/db/book.h"

static int fail(sqlite3 *h, const char *what)
{
	fprintf(stderr, "oldbook: %s: %s\n", what, h ? sqlite3_errmsg(h) : "");
	return 1;
}

int main(int argc, char **argv)
{
	char err[1024];
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: oldbook BOOK CSV [VERSION]\n");
		return 64;
	}
	int version = argc == 4 ? atoi(argv[3]) : db_test_schema_version() - 1;
	if (store_create(argv[1], version, err, sizeof err) != DB_OK) {
		fprintf(stderr, "oldbook: %s\n", err);
		return 1;
	}
	sqlite3 *h;
	if (sqlite3_open(argv[1], &h) != SQLITE_OK || store_search_register(h) != SQLITE_OK)
		return fail(h, "open");
	csvio_status st;
	csvio_reader *r = csvio_read_open(argv[2], CSVIO_ENC_UTF8, &st, err, sizeof err);
	if (!r) {
		fprintf(stderr, "oldbook: %s\n", err);
		return 1;
	}
	/* Loaded the way the import loads: without the customers' indexes and
	 * search triggers (kept, and made again after), then the search index
	 * rebuilt once. */
	sqlite3_stmt *ins, *q;
	char *later = sqlite3_mprintf("%s", ""), *drops = sqlite3_mprintf("%s", "");
	if (sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = "
	                       "'customers' AND type IN ('index', 'trigger') AND sql IS NOT NULL",
	                       -1, &q, NULL) != SQLITE_OK)
		return fail(h, "schema");
	while (sqlite3_step(q) == SQLITE_ROW) {
		char *d = sqlite3_mprintf("%sDROP %s \"%w\";\n", drops, sqlite3_column_text(q, 0),
		                          (const char *)sqlite3_column_text(q, 1));
		char *l = sqlite3_mprintf("%s%s;\n", later, sqlite3_column_text(q, 2));
		sqlite3_free(drops);
		sqlite3_free(later);
		drops = d;
		later = l;
	}
	sqlite3_finalize(q);
	if (sqlite3_exec(h, drops, NULL, NULL, NULL) != SQLITE_OK)
		return fail(h, "drop");
	sqlite3_free(drops);
	if (
	    sqlite3_prepare_v2(h, "INSERT INTO customers(uid, name, contact, phone, city, district, "
	                       "type, notes, attrs, updated_at) VALUES (printf('u-%06d', ?1), ?2, ?3, "
	                       "?4, ?5, ?6, ?7, ?8, json_object('性格', ?9, '决策人', ?10), "
	                       "'2026-11-01T08:00:00.000Z.000000.0000abcd')", -1, &ins, NULL) != SQLITE_OK)
		return fail(h, "prepare");
	csvio_row row;
	long n = 0;
	if (csvio_read_next(r, &row, err, sizeof err) != CSVIO_ROW || row.n != 10) {
		fprintf(stderr, "oldbook: %s: not gen_customers' columns\n", argv[2]);
		return 1;
	}
	while ((st = csvio_read_next(r, &row, err, sizeof err)) == CSVIO_ROW) {
		sqlite3_bind_int64(ins, 1, ++n);
		static const int cols[9] = { 0, 1, 2, 3, 4, 5, 7, 8, 9 };
		for (int i = 0; i < 9; i++)
			sqlite3_bind_text(ins, i + 2, row.fields[cols[i]], (int)row.lens[cols[i]],
			                  SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE)
			return fail(h, "insert");
		sqlite3_reset(ins);
	}
	if (st != CSVIO_EOF) {
		fprintf(stderr, "oldbook: %s\n", err);
		return 1;
	}
	csvio_read_close(r);
	sqlite3_finalize(ins);
	if (sqlite3_exec(h, later, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(h, "INSERT INTO customers_fts(customers_fts) VALUES ('rebuild')",
	                 NULL, NULL, NULL) != SQLITE_OK)
		return fail(h, "indexes");
	sqlite3_free(later);
	if (sqlite3_exec(h, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
		return fail(h, "commit");
	sqlite3_close(h);
	printf("%ld\n", n);
	return 0;
}
