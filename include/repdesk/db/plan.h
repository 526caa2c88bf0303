#ifndef REPDESK_DB_PLAN_H
#define REPDESK_DB_PLAN_H
/* What the store keeps for planning (planrows.c): the book read for a month's
 * plan, freed with db_plan_book_free, and the saved targets of a month with
 * their detail lines. Rows handed to a callback are valid during the call
 * only. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "repdesk/db/book.h"
#include "repdesk/plan.h"
#include "repdesk/tier.h"
#include "repdesk/uid.h"

/* What the planner needs of one customer, read in a few grouped queries. */
typedef struct {
	char uid[UID_BUFSZ];
	char *name;                  /* owned by the db_plan_book */
	bool active;                 /* active or prospect: takes part in a plan */
	int64_t monthly_amount;      /* fen; DB_NULL when unknown */
	int64_t monthly_volume;      /* DB_NULL when unknown */
	int64_t rooms;               /* DB_NULL when unknown */
	tier manual;                 /* TIER_NONE: computed */
	int64_t totals[3];           /* order totals (fen) of months M-3, M-2, M-1 */
	bool has_history;            /* any order in those three months */
	int64_t volumes[3];          /* the volumes their orders gave, the same months */
	bool has_volume;             /* any order in those months gave a volume */
	int64_t achieved;            /* orders (fen) in month M */
	plan_basis basis;            /* the fair baseline's months (plan_basis_of), for
				      * month M planned in the book's current month */
} db_plan_row;

typedef struct {
	db_plan_row *rows;           /* every customer not deleted */
	size_t n;
	int64_t by_day[31];          /* orders (fen) of month M by day of month */
	struct db_uidmap *uids;      /* private: uid -> row */
	char *names;                 /* private: the rows' names, one block */
} db_plan_book;

/* Load the book for planning month Y-M; HISTORY: also the order totals of
 * the three months before, and each row's fair basis: its window ends
 * before the book's current month (db_tiers_month, today's) when Y-M is
 * later, and the book began in db_book_start. Free with db_plan_book_free. */
db_status db_plan_book_load(db *d, int y, int m, bool history, db_plan_book *out);
void db_plan_book_free(db_plan_book *b);
/* The month the book began (ledger_month_key), from the setting book_start
 * (YYYY-MM); 0 when unset: the book then began with its earliest order,
 * which no customer's first order precedes. */
int db_book_start(db *d);

/* The volume each customer IDS[0..N) (row ids) shows for month Y-M, into
 * OUT[0..N): its orders' volume that month when one of them gave one, else
 * its stated monthly_volume (plan_month_volume); DB_NULL when neither, or
 * for an id not in the book. One seek a customer: for a window of a list,
 * or a listing walked once. */
db_status db_month_volumes(db *d, const int64_t *ids, size_t n, int y, int m, int64_t *out);
/* The row of UID in B, or NULL. */
const db_plan_row *db_plan_book_find(const db_plan_book *b, const char *uid);
/* The same for lookups in table order (a saved plan lists its customers so,
 * tier by tier): *NEAR (0 to begin with) remembers where the last one found
 * its row, and the rows just after it are tried first. */
const db_plan_row *db_plan_book_find_near(const db_plan_book *b, const char *uid, size_t *near);

/* A saved target: LEVEL base|stretch|challenge, SCOPE month|tier|customer|day
 * or a plan detail (method, share, tier-baseline, tier-customers, baseline),
 * KEY the tier letter, customer uid or date. */
typedef struct {
	const char *level;
	const char *scope;
	const char *key;
	int64_t amount;
	const char *detail;          /* free text carried with the row; NULL: "" */
} db_target;

/* Replace the current rep's targets of MONTH (YYYY-MM) by ROWS, in one
 * transaction: earlier rows not given are flagged deleted. */
db_status db_targets_replace(db *d, const char *month, const db_target *rows, size_t n);
typedef bool (*db_target_fn)(const db_target *t, void *ctx);
/* Every live target of MONTH (in no particular order). */
db_status db_targets_each(db *d, const char *month, db_target_fn fn, void *ctx);
/* The same with every detail "", read from the month's index alone. */
db_status db_targets_each_brief(db *d, const char *month, db_target_fn fn, void *ctx);
/* The details of MONTH's live targets at LEVEL and SCOPE, a line at a time:
 * FN gets each line's LEN bytes without its newline (LINE[LEN] is a newline
 * or NUL; valid during the call). Read in pieces: a plan's customer lines
 * run to megabytes. */
typedef void (*db_line_fn)(const char *line, size_t len, void *ctx);
db_status db_target_lines(db *d, const char *month, const char *level, const char *scope,
                          db_line_fn fn, void *ctx);

#endif
