/* libFuzzer target: date_parse and date_month_parse never crash; a date they
 * accept is written back as the same text (the format is strict), a month
 * has as many days as it should, and the next month starts the day after. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[128];
	date_day day, back;
	if (size >= sizeof text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	int y, m;
	/* (date_add_months clamps at 9999-12: not "the next month" there.) */
	if (date_month_parse(text, &y, &m) &&
	    (date_month_last_day(y, m) - date_month_first_day(y, m) + 1 != date_days_in_month(y, m) ||
	     date_add_months(date_month_first_day(y, m), 1) !=
	     (y == 9999 && m == 12 ? date_month_first_day(y, m) : date_month_last_day(y, m) + 1)))
		abort();
	if (!date_parse(text, &day))
		return 0;
	char buf[DATE_BUFSZ];
	date_format(day, buf);
	if (!date_parse(buf, &back) || back != day || strcmp(buf, text) != 0)
		abort();
	return 0;
}
