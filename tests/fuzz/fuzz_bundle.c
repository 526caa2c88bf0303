/* libFuzzer target: merging a bundle made of arbitrary (mutated) bytes into
 * a small lead book never crashes and leaves the book readable. The bytes go
 * to a temporary file, are signed as a rep's (modified) program would sign
 * anything, and go to the store's merge: so past the signature, the bundle's
 * own checks (schema, owner, values) are what is fuzzed. One lead book serves
 * every input (a fresh copy each time ran at 20 a second): a refused bundle
 * leaves it as it was, and one merged adds its rows (merging again changes
 * nothing), so it stays small. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "repdesk/bundlesig.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/team.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256], book[320], bundle[320];
static db *lead, *signer;

static void setup(void)
{
	char err[1024];
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/repdesk-fuzz-bundle-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		abort();
	snprintf(book, sizeof book, "%s/lead.db", dir);
	snprintf(bundle, sizeof bundle, "%s/in.bundle", dir);
	if (db_open(book, DB_OPEN_CREATE, &lead, err, sizeof err) != DB_OK ||
	    db_book_init(lead, "李四", "一组") != DB_OK)
		abort();
	char key[320];
	snprintf(key, sizeof key, "%s/signer.db", dir);
	if (db_open(key, DB_OPEN_CREATE, &signer, err, sizeof err) != DB_OK ||
	    db_book_init(signer, "张三", "一组") != DB_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!lead)
		setup();
	FILE *f = fopen(bundle, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	/* Bytes that are no database cannot be signed: the merge refuses them. */
	(void)bundlesig_sign(signer, bundle);
	db_merge_result res;
	memset(&res, 0, sizeof res);
	db_team_merge(lead, bundle, NULL, "2026-11-27", NULL, &res);
	/* Whatever the bundle was, the book still answers. */
	int64_t n = -1;
	if (db_customer_count(lead, NULL, &n) != DB_OK || n < 0)
		abort();
	return 0;
}
