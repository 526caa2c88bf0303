#ifndef REPDESK_MERGE_H
#define REPDESK_MERGE_H
/* The merge rule for one synced row (docs/guide.md §10): which version of a row wins
 * when a bundle brings one, and whether the two sides changed it
 * concurrently (a conflict, whose losing version the store keeps).
 * Pure: stamps are the fixed-width HLC text of repdesk/hlc.h; nothing is
 * allocated and nothing is read but the arguments. */

#include <stdbool.h>

typedef enum {
	MERGE_SAME,           /* the same version on both sides: nothing to do */
	MERGE_INSERT,         /* the row is new here */
	MERGE_KEEP,           /* ours is newer and already includes theirs */
	MERGE_TAKE,           /* theirs is newer and already includes ours */
	MERGE_KEEP_CONFLICT,  /* ours wins; theirs was made without ours: keep theirs aside */
	MERGE_TAKE_CONFLICT   /* theirs wins; ours was made without theirs: keep ours aside */
} merge_action;

/* MINE / MINE_BASE: our version's stamp and the stamp it was made from
 * ("" for a row made on its device); MINE NULL when we do not have the row.
 * THEIRS / THEIRS_BASE the same for the bundle's row.
 *
 * The newer stamp wins (stamps sort in time order; equal times are ordered
 * by counter, then device id). A version includes an older one when it was
 * made from it (its base is that stamp) or on the same device (a device's
 * edits of a row follow one another). When the newer one does not include
 * the older, both sides changed the row since they last agreed: a conflict.
 * The result depends only on the two versions, so merging bundles in any
 * order ends with the same rows. */
merge_action merge_decide(const char *mine, const char *mine_base, const char *theirs,
                          const char *theirs_base);
/* Whether version X (made from X_BASE) includes version Y. */
bool merge_includes(const char *x, const char *x_base, const char *y);

/* Why the version stamped KEPT won over the one stamped LOST. */
typedef enum {
	MERGE_WHY_LATER,      /* made later */
	MERGE_WHY_COUNTER,    /* the same millisecond, a later count of the clock */
	MERGE_WHY_DEVICE,     /* the same time and count: the higher device id */
	MERGE_WHY_UNKNOWN     /* a stamp that does not parse, or LOST the newer */
} merge_why;
merge_why merge_explain(const char *kept, const char *lost);

#endif
