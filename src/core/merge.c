/* The merge rule for one row: newer stamp wins; a conflict when the winner
 * was made without the loser. See repdesk/merge.h. */
#include <string.h>

#include "repdesk/hlc.h"
#include "repdesk/merge.h"

static bool same_device(const char *x, const char *y)
{
	size_t nx = strlen(x), ny = strlen(y);

	return nx == HLC_STAMP_LEN && ny == HLC_STAMP_LEN &&
	       memcmp(x + HLC_STAMP_LEN - HLC_DEVICE_LEN, y + HLC_STAMP_LEN - HLC_DEVICE_LEN, HLC_DEVICE_LEN) == 0;
}

bool merge_includes(const char *x, const char *x_base, const char *y)
{
	int c = strcmp(x, y);

	if (c == 0)
		return true;
	if (c < 0)
		return false;    /* a version never includes a later one */
	return (x_base && strcmp(x_base, y) == 0) || same_device(x, y);
}

merge_action merge_decide(const char *mine, const char *mine_base, const char *theirs,
                          const char *theirs_base)
{
	if (!mine)
		return MERGE_INSERT;
	int c = strcmp(theirs, mine);
	if (c == 0)
		return MERGE_SAME;
	if (c > 0)
		return merge_includes(theirs, theirs_base, mine) ? MERGE_TAKE : MERGE_TAKE_CONFLICT;
	return merge_includes(mine, mine_base, theirs) ? MERGE_KEEP : MERGE_KEEP_CONFLICT;
}

merge_why merge_explain(const char *kept, const char *lost)
{
	hlc k, l;

	if (!hlc_parse(kept, &k, NULL) || !hlc_parse(lost, &l, NULL) || strcmp(kept, lost) <= 0)
		return MERGE_WHY_UNKNOWN;
	if (k.ms != l.ms)
		return MERGE_WHY_LATER;
	return k.counter != l.counter ? MERGE_WHY_COUNTER : MERGE_WHY_DEVICE;
}
