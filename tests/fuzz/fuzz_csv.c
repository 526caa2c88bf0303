/* libFuzzer target: the CSV reader on arbitrary bytes never crashes, never
 * hands out a field with a NUL or invalid UTF-8, and always ends. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "repdesk/csv.h"
#include "repdesk/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[256];
	const char *tmp = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/repdesk-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);

	csvr_status st;
	char err[512];
	csv_reader *r = csvr_open(path, CSV_ENC_AUTO, &st, err, sizeof err);
	if (r) {
		csv_row row;
		long rows = 0;
		while ((st = csvr_next(r, &row, err, sizeof err)) == CSVR_ROW || st == CSVR_BAD_ROW) {
			if (st == CSVR_ROW)
				for (size_t i = 0; i < row.n; i++)
					if (strlen(row.fields[i]) != row.lens[i] ||
					    !text_valid_utf8(row.fields[i], row.lens[i]))
						abort();
			if (++rows > (long)size + 2)
				abort();   /* more records than bytes: a loop */
		}
		csvr_close(r);
	}
	unlink(path);
	return 0;
}
