/* libFuzzer target: the CSV reader on arbitrary bytes never crashes, never
 * hands out a field with a NUL or invalid UTF-8, and always ends. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "repdesk/csvio.h"
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

	csvio_status st;
	char err[512];
	csvio_reader *r = csvio_read_open(path, CSVIO_ENC_AUTO, &st, err, sizeof err);
	if (r) {
		csvio_row row;
		long rows = 0;
		while ((st = csvio_read_next(r, &row, err, sizeof err)) == CSVIO_ROW || st == CSVIO_BAD_ROW) {
			if (st == CSVIO_ROW)
				for (size_t i = 0; i < row.n; i++)
					if (strlen(row.fields[i]) != row.lens[i] ||
					    !text_valid_utf8(row.fields[i], row.lens[i]))
						abort();
			if (++rows > (long)size + 2)
				abort();   /* more records than bytes: a loop */
		}
		csvio_read_close(r);
	}
	unlink(path);
	return 0;
}
