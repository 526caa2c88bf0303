/* libFuzzer target: money_parse never crashes, and whatever it accepts
 * formats and parses back to the same fen. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[256], err[128], buf[MONEY_BUFSZ];
	int64_t fen, back;
	if (size >= sizeof text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (!money_parse(text, &fen, err, sizeof err))
		return 0;
	if (fen > MONEY_MAX_FEN || fen < -MONEY_MAX_FEN)
		abort();
	if (!money_parse(money_format_csv(fen, buf, sizeof buf), &back, err, sizeof err) || back != fen)
		abort();
	if (!money_parse(money_format(fen, buf, sizeof buf), &back, err, sizeof err) || back != fen)
		abort();
	return 0;
}
