/* libFuzzer target: merging a bundle made of arbitrary (mutated) bytes into
 * a small lead book never crashes and leaves the book readable. The bytes go
 * to a temporary file and straight to the store's merge, no signature in the
 * way, so the bundle's own checks are what is fuzzed. The lead book is a
 * fresh copy of the same template for every input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "repdesk/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256], tmpl[320], book[320], bundle[320];
static unsigned char *tbytes;
static size_t tlen;

static void put(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n)
		abort();
	fclose(f);
}

static void setup(void)
{
	char err[1024];
	db *d;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/repdesk-fuzz-bundle-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		abort();
	snprintf(tmpl, sizeof tmpl, "%s/lead.db", dir);
	snprintf(book, sizeof book, "%s/book.db", dir);
	snprintf(bundle, sizeof bundle, "%s/in.bundle", dir);
	if (db_open(tmpl, DB_OPEN_CREATE, &d, err, sizeof err) != DB_OK ||
	    db_book_init(d, "李四", "一组") != DB_OK)
		abort();
	db_close(d);
	/* A closed book in WAL mode is its main file alone. */
	FILE *f = fopen(tmpl, "rb");
	fseek(f, 0, SEEK_END);
	tlen = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	tbytes = malloc(tlen);
	if (fread(tbytes, 1, tlen, f) != tlen)
		abort();
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];
	db *d;
	if (!tbytes)
		setup();
	put(bundle, data, size);
	unlink(book);
	put(book, tbytes, tlen);
	if (db_open(book, 0, &d, err, sizeof err) != DB_OK)
		abort();
	db_merge_result res;
	memset(&res, 0, sizeof res);
	db_status st = db_team_merge(d, bundle, NULL, "2026-11-27", NULL, &res);
	if (st == DB_OK || st == DB_NOMEM || st == DB_IOERR || st == DB_FULL) {
		/* (out of memory under the fuzzer's limit is not a finding) */
	}
	/* Whatever the bundle was, the book still answers. */
	if (db_schema_version(d) <= 0)
		abort();
	db_close(d);
	char side[400];
	snprintf(side, sizeof side, "%s-wal", book);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", book);
	unlink(side);
	return 0;
}
