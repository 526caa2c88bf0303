#ifndef REPDESK_DATE_H
#define REPDESK_DATE_H
/* Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian),
 * ISO YYYY-MM-DD text, and month arithmetic done here rather than in SQL
 * (SQLite's '+1 month' from the 31st overflows into the next month).
 * Pure: no time(), no I/O. */

#include <stdbool.h>
#include <stddef.h>

typedef int date_day;            /* days since 1970-01-01 */

#define DATE_BUFSZ 11          /* "YYYY-MM-DD" + NUL */

/* Strict ISO date: exactly YYYY-MM-DD, year 1900..9999, real month and day
 * (2026-02-29 is refused). */
bool date_parse(const char *text, date_day *day);
/* A day as a rep types it: an ISO date, or "+N" for N days after TODAY
 * (0..3650). */
bool date_parse_relative(const char *text, date_day today, date_day *day);
bool date_valid_ymd(int y, int m, int d);
date_day date_from_ymd(int y, int m, int d);   /* caller ensures validity */
void date_to_ymd(date_day day, int *y, int *m, int *d);
char *date_format(date_day day, char buf[DATE_BUFSZ]);

int date_days_in_month(int y, int m);
bool date_is_leap(int y);
int date_weekday(date_day day);                /* 1 = Monday .. 7 = Sunday */

/* The same day N months later (or earlier), clamped to the month's end:
 * 2026-01-31 + 1 month = 2026-02-28. */
date_day date_add_months(date_day day, int months);

/* Months as "YYYY-MM". */
#define DATE_MONTH_BUFSZ 8
bool date_month_parse(const char *text, int *y, int *m);
date_day date_month_first_day(int y, int m);
date_day date_month_last_day(int y, int m);

#endif
