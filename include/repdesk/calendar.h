#ifndef REPDESK_CALENDAR_H
#define REPDESK_CALENDAR_H
/* The working-day calendar: Monday to Friday, minus holidays, plus make-up
 * workdays, from calendar files of lines "DATE off NAME" / "DATE work NAME"
 * with '#' comments. Parsing takes text already read by the caller.
 * Pure: no I/O. calendar_free releases what calendar_parse allocated. */

#include <stdbool.h>
#include <stddef.h>
#include "repdesk/date.h"

typedef struct {
	date_day day;
	bool work;        /* true: make-up workday; false: holiday */
	bool estimated;   /* a statutory holiday computed, not from a schedule */
	bool book;        /* from the book's own schedule (calendar_overlay) */
	char *name;       /* owned */
} calendar_entry;

typedef struct {
	calendar_entry *entries;   /* sorted by day, no duplicates; owned */
	size_t n;
	int year_min, year_max;  /* years the file covers (0, -1 when empty) */
	int est_min, est_max;    /* years estimated (calendar_estimate; 0, -1: none) */
	int *years;              /* years the book's schedule gives, ascending; owned */
	size_t nyears;
} calendar;

/* An empty calendar: plain Monday to Friday, covering no year. */
void calendar_init(calendar *cal);
void calendar_free(calendar *cal);

/* Parse calendar TEXT of LEN bytes (UTF-8); FILENAME is used in messages.
 * The name is the rest of the line and may hold spaces; '#' at the start of a
 * line or after a blank begins a comment; CRLF and a leading BOM are fine.
 * Errors also cover a missing kind or name and a NUL byte.
 * On error returns false with "FILE:LINE: reason" in ERR (bad date, bad kind,
 * duplicate date) and CAL left empty. */
bool calendar_parse(calendar *cal, const char *text, size_t len, const char *filename,
               char *err, size_t errsz);

/* calendar_parse holding every name to calendar_name_check as well: a file
 * to be kept in the book (calendar import). */
bool calendar_parse_strict(calendar *cal, const char *text, size_t len, const char *filename,
                           char *err, size_t errsz);

bool calendar_is_workday(const calendar *cal, date_day day);
/* The entry for DAY, or NULL when the day is an ordinary one. */
const calendar_entry *calendar_lookup(const calendar *cal, date_day day);
/* Whether the calendar knows the year of month Y-M from a schedule (the
 * file's or the book's; else it is estimated or Mon-Fri only). */
bool calendar_covers(const calendar *cal, int y, int m);
int calendar_workdays_in_month(const calendar *cal, int y, int m);

/* The longest name a day of the book's schedule may have, in bytes. */
#define CALENDAR_NAME_MAX 64
/* Why NAME (N bytes) cannot name a day of a schedule, or NULL when it can:
 * not empty, at most CALENDAR_NAME_MAX bytes, valid UTF-8, no control
 * character, no blank at either end and no '#' that a calendar file would
 * read as a comment, so that every name the book keeps exports and imports
 * again as it was. The reason is untranslated (N_). */
const char *calendar_name_check(const char *name, size_t n);

/* Lay the book's schedule E[0..N) (sorted by day, no duplicates) over CAL:
 * every year it has a day in is the book's, its entries replace those CAL
 * had for that year (a file's or estimated), marked book. False when out of
 * memory (CAL unchanged). Call before calendar_estimate. */
bool calendar_overlay(calendar *cal, const calendar_entry *e, size_t n);
/* Whether year Y's schedule is the book's (calendar_overlay). */
bool calendar_from_book(const calendar *cal, int y);

/* Add the estimated statutory holidays (lunar.h; no make-up workdays) of
 * the years FROM..TO that the file does not cover. False when out of memory
 * (CAL unchanged). */
bool calendar_estimate(calendar *cal, int from, int to);
/* The CLI estimates the years within this many of today's. */
#define CALENDAR_ESTIMATE_YEARS 10
/* Whether the holidays of year Y are estimated (not covered, estimated). */
bool calendar_estimated(const calendar *cal, int y);
/* Working days from FROM to TO inclusive (0 when FROM > TO). */
int calendar_workdays_between(const calendar *cal, date_day from, date_day to);

#endif
