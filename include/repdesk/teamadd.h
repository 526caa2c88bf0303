#ifndef REPDESK_TEAMADD_H
#define REPDESK_TEAMADD_H
/* team add: merge reps' bundles into the book, one after the other, with
 * the reading done in threads beside the merges: every bundle's fingerprint
 * first (half in a helper thread), so bundles merged before are not read
 * again, and the next bundle judged while the one before merges. Never
 * prints: each bundle's outcome goes to the caller as it is reached. */

#include <stdbool.h>

#include "repdesk/db/book.h"
#include "repdesk/db/team.h"

/* One bundle's outcome. ST is the merge's status (then db_error says why
 * when it is not DB_OK); R its figures when it is. FORGET_FAILED: the file
 * changed while it was read and its fingerprint could not be dropped
 * (db_error says why); the merge stands. */
typedef struct {
	const char *path;
	db_status st;
	const db_merge_result *r;
	bool forget_failed;
} teamadd_event;

typedef void (*teamadd_cb)(const teamadd_event *ev, void *ctx);

/* Merge the N bundles of PATHS into D in order, TODAY (YYYY-MM-DD) being the
 * day recorded for their fingerprints; EACH hears of every bundle in turn.
 * Returns DB_NOMEM when it could not start, else the status of finishing the
 * run (db_team_finish); a bundle that failed does not stop the others. */
db_status teamadd_run(db *d, const char *const *paths, int n, const char *today, teamadd_cb each,
                      void *ctx);

#endif
