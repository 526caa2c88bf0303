/* libFuzzer target: the calendar file parser on arbitrary bytes never
 * crashes; what it accepts is sorted, without duplicates, and answers
 * questions about every month it covers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	calendar cal;
	char err[512];
	calendar_init(&cal);
	if (!calendar_parse(&cal, (const char *)data, size, "fuzz.cal", err, sizeof err)) {
		if (cal.n != 0 || !err[0])
			abort();
		calendar_free(&cal);
		return 0;
	}
	for (size_t i = 1; i < cal.n; i++)
		if (cal.entries[i - 1].day >= cal.entries[i].day)
			abort();
	for (size_t i = 0; i < cal.n; i++)
		if (!cal.entries[i].name || calendar_lookup(&cal, cal.entries[i].day) != &cal.entries[i])
			abort();
	if (cal.n && cal.year_max - cal.year_min < 3)
		for (int y = cal.year_min; y <= cal.year_max; y++)
			for (int m = 1; m <= 12; m++)
				if (calendar_workdays_in_month(&cal, y, m) < 0)
					abort();
	calendar_free(&cal);
	return 0;
}
