/* Test tool: run SQL on a book as an older repdesk might have left it,
 * without the checks the store makes on what it writes (text with control
 * characters, say), through a connection that has repdesk's search
 * tokenizer, so the customers' search-index triggers run as they do in the
 * program. Usage: booksql BOOK SQL [ARG...]; ?1, ?2... in each statement
 * are bound to the ARGs as text, byte for byte; SQL that changes no row is
 * an error (a test would otherwise pass on an unplanted book). Uses the store's insides,
 * like the unit tests. */
#include <stdio.h>
#include <string.h>

#include "repdesk/db/testing.h"

static int fail(sqlite3 *h, const char *what)
{
	fprintf(stderr, "booksql: %s: %s\n", what, h ? sqlite3_errmsg(h) : "");
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: booksql BOOK SQL [ARG...]\n");
		return 64;
	}
	sqlite3 *h;
	if (sqlite3_open_v2(argv[1], &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    store_search_register(h) != SQLITE_OK)
		return fail(h, "open");
	if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail(h, "begin");
	long changed = 0;
	for (const char *sql = argv[2]; sql && *sql;) {
		sqlite3_stmt *s;
		const char *tail;
		if (sqlite3_prepare_v2(h, sql, -1, &s, &tail) != SQLITE_OK)
			return fail(h, "prepare");
		if (!s)
			break;
		for (int i = 1; i <= sqlite3_bind_parameter_count(s) && i < argc - 2; i++)
			sqlite3_bind_text(s, i, argv[i + 2], (int)strlen(argv[i + 2]), SQLITE_STATIC);
		int rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE)
			return fail(h, "step");
		if (!sqlite3_stmt_readonly(s))
			changed += sqlite3_changes(h);
		sqlite3_finalize(s);
		sql = tail;
	}
	if (changed == 0) {
		fprintf(stderr, "booksql: no row changed\n");
		return 1;
	}
	if (sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(h, "commit");
	return sqlite3_close(h) == SQLITE_OK ? 0 : fail(NULL, "close");
}
