#ifndef REPDESK_DB_CALENDAR_H
#define REPDESK_DB_CALENDAR_H
/* The book's own holiday schedule (calendardays.c): days off and make-up
 * workdays with their names (calendar set, calendar import), synced rows
 * of the rep who set them, so a rep's bundle carries them to the lead.
 * A year's schedule is the book's own rep's days of that year when it has
 * any, else, day by day, the newest day merged from another rep. A day
 * cleared leaves a tombstone. */

#include <stdbool.h>
#include <stddef.h>
#include "repdesk/db/book.h"

typedef struct {
	int day;                     /* date_day */
	bool work;                   /* a make-up workday; else a day off */
	const char *name;            /* as calendar_name_check takes it */
} db_calendar_day;

/* Write DAYS[0..N) (a day off or a make-up workday, the book's rep's) in one
 * transaction. CLEAR[0..NCLEAR): days to clear (the book's own day of each
 * is tombstoned; a day set by another rep stays). With REPLACE (a year
 * FROM..TO, 0 0: none) every own day of those years that DAYS lacks is
 * cleared too (an imported file stands for its whole years). A day written
 * as it is changes nothing. *CHANGED (may be NULL): rows written.
 * Names are held to calendar_name_check (DB_INVALID). */
db_status db_calendar_write(db *d, const db_calendar_day *days, size_t n, const int *clear,
                            size_t nclear, int replace_from, int replace_to, long *changed);

/* The schedule the book goes by, by day: FN(day, work, name, rep, ctx), REP
 * "" for the book's own rep's days, else the name of the rep who set it.
 * FN returns false to stop. */
typedef bool (*db_calendar_fn)(const db_calendar_day *day, const char *rep, void *ctx);
db_status db_calendar_each(db *d, db_calendar_fn fn, void *ctx);

#endif
