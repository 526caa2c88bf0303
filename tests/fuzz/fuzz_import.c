/* libFuzzer target: the whole import (customers, orders, payments, calls)
 * of arbitrary bytes into a book on a temporary file never crashes, and a
 * file it refuses leaves the book as it was. The first byte picks the kind;
 * bits 2-3 the encoding (auto, UTF-8, GB18030). Imports are dry runs (rolled
 * back), so every input meets the same book: the fixtures' five customers,
 * made once, whom activity files can name. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "repdesk/db/book.h"
#include "repdesk/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static db *book;
static char dir[256], csv[320];

static void setup(void)
{
	char err[1024], path[320];
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/repdesk-fuzz-import-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof path, "%s/book.db", dir);
	snprintf(csv, sizeof csv, "%s/in.csv", dir);
	if (db_open(path, DB_OPEN_CREATE, &book, err, sizeof err) != DB_OK ||
	    db_book_init(book, "张三", "一组") != DB_OK)
		abort();
	FILE *f = fopen(csv, "w");
	fputs("uid,name,city,monthly_amount\nC1,广州天河宾馆,广州,12000\n,白云商贸有限公司,广州,1.5万\n"
	      ",番禺丽江酒店,广州,2万\n,越秀区华联电脑城,广州,0\n,海珠晨光便利店,广州,300\n", f);
	fclose(f);
	import_opts o = { .encoding = CSVIO_ENC_AUTO };
	import_report rep;
	if (import_run(book, TRANSFER_CUSTOMERS, csv, &o, &rep, err, sizeof err) != STATUS_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const transfer_kind kinds[4] = { TRANSFER_CUSTOMERS, TRANSFER_ORDERS, TRANSFER_PAYMENTS, TRANSFER_CALLS };
	if (!book)
		setup();
	if (size < 1)
		return 0;
	FILE *f = fopen(csv, "wb");
	if (!f)
		return 0;
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);

	import_opts o = { .encoding = (csvio_encoding)((data[0] >> 2) % 3), .dry_run = true };
	import_report rep;
	char err[2048];
	err[0] = '\0';
	status_code st = import_run(book, kinds[data[0] & 3], csv, &o, &rep, err, sizeof err);
	if (st != STATUS_OK && st != STATUS_DATAERR)
		abort();        /* no I/O error, no usage error from a file's content */
	if (st != STATUS_OK && !err[0])
		abort();        /* a refusal says why */
	return 0;
}
