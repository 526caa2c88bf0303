/* libFuzzer target: the config file reader (key bindings) on arbitrary
 * bytes never crashes, and whatever it binds can be described back. A thin
 * wrapper: the bytes go to a temporary file, as the config comes from one. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/ui/ui.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[256];
	if (!path[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(path, sizeof path, "%s/repdesk-fuzz-config-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		int fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	char err[1024] = "";
	ui_keys_defaults();
	bool ok = ui_keys_load(path, err, sizeof err);
	if (!ok && !err[0])
		abort();
	char buf[256];
	for (int a = 0; a < WB_ACTION_COUNT; a++)
		ui_keys_of((wb_action)a, buf, sizeof buf);
	return 0;
}
