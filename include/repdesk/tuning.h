#ifndef REPDESK_TUNING_H
#define REPDESK_TUNING_H
/* Every speed threshold and budget in one place, each beside the benchmark
 * (tests/bench/) and the figure it was measured against: change a value only
 * with that benchmark run before and after. The names are the ones their
 * users have always had, so a search for one finds both ends. Limits on what
 * is valid (VALID_TEXT_MAX, CSVIO_FIELD_MAX, WB_TEXT_MAX...) are not here: they
 * are rules, not speed.
 */

#include <stddef.h>
#include <stdint.h>

/* ---- import (src/app/import.c, src/store/customers.c) ---- */

/* Rows and bytes in one batch the reader thread hands over, and how many
 * batches take turns: run.sh, the import ratio against the sqlite3 shell
 * and the peak memory at both sizes. */
#define BATCH_ROWS 512
#define BATCH_BYTES ((size_t)256 * 1024)
#define NBATCH 3

/* 64K slots (512 KiB) for a small load's keys; past 3/4 of them, straight to
 * 2M slots (16 MiB, 1.5M keys), so a big load's memory does not depend on
 * its size; a bigger load builds the real indexes at that point and goes on
 * with them. run.sh: the import ratio and the peak memory. */
#define KEYS_MIN_SLOTS ((size_t)1 << 16)
#define KEYS_MAX_SLOTS ((size_t)1 << 21)

/* ---- the team (src/store/teambook.c, src/store/ftsside.c) ---- */

/* Pages the write-ahead log may grow to between checkpoints during a run
 * when they cannot be left to a helper thread (SQLite's default is 1000):
 * a bundle's merge writes several thousand, so each commit would otherwise
 * checkpoint, copying again the index pages every bundle touches. Bounded,
 * so readers' lookups in the log stay short. team.sh: the first merge of
 * 500 bundles and adding them all again. */
#define RUN_CHECKPOINT_PAGES 16384

/* Books from this size (max id) build their search index on the side at
 * the end of a team add. team.sh: the first merge and adding them again. */
#define SIDE_MIN 20000

/* ---- today and the summaries (src/store/custscan.c, summary.c) ---- */

/* Books from this size (max id) are read in two halves at once, the second
 * on a side connection. today.sh: `today` at 100,000 customers. */
#define SPLIT_MIN 20000

/* From this many customers a refresh of their summaries reads their history
 * in one query per table rather than one per customer and table; a flush
 * this large (against the summaries there are) repacks them. run.sh's import
 * ratio and team.sh's merges, both of which refresh at their commits. */
#define BATCH_MIN 64
#define REPACK_MIN 4096
/* Customers whose orders changed from which the computed tiers of the whole
 * book are made again in one pass rather than one by one (store/tiering.c). */
#define RETIER_ALL_MIN 4096

/* ---- opening a book (src/store/db.c) ---- */

/* quick_check reads every page: affordable at open for an ordinary book, too
 * slow for a million customers (damage there surfaces as DB_CORRUPT on use).
 * ui.sh: the first screen at 1,000,000 customers. `sync` never scans
 * (DB_OPEN_NO_SCAN): it reads little of the book and runs often. */
#define QUICK_CHECK_MAX_BYTES (16LL << 20)

/* ---- the workbench's list (src/store/list.c, src/app/wb.c) ---- */

/* A walk reading rows reads WALK_FIRST (a millisecond or two) before marking
 * the candidates instead, and up to WALK_BUDGET (a few milliseconds) when it
 * found some matches in the first stretch: a query whose matches are dense
 * where the walk starts fills a page within it; one whose first stretch
 * holds none is better marked at once. ui.sh: the search and tier-filter
 * keystrokes at 1,000,000. */
#define WALK_FIRST 160
#define WALK_BUDGET 640
/* Ids a bitmap may cover (4 MB): a book whose ids run past this (made
 * elsewhere with gaps) is walked reading rows. ui.sh: the search keystroke
 * and the peak memory. */
#define MARK_MAX_ID (INT64_C(1) << 25)

/* Counts on screen stop here ("5,000+"); a search's sooner, as each of its
 * candidates costs a row read. ui.sh: the move and search keystrokes. */
#define WB_COUNT_CAP 5000
#define WB_SEARCH_COUNT_CAP 500
/* A few milliseconds of walking the list at a million customers, so that
 * a search keystroke, and each step wb_idle takes after it, stays short.
 * ui.sh: the search keystroke's median and 99th percentile. */
#define WB_WALK_BUDGET 16384

#endif
