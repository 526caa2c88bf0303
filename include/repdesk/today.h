#ifndef REPDESK_TODAY_H
#define REPDESK_TODAY_H
/* Today (docs/guide.md §7): the day's plan rows, the ranked call queue and the
 * figures of the day report, from the store's view of the book
 * (db_today_load), the saved month plan and the settings. Never prints. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repdesk/calendar.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/today.h"
#include "repdesk/plan.h"
#include "repdesk/queue.h"
#include "repdesk/status.h"
#include "repdesk/valid.h"

#define TODAY_CALLS_DEFAULT 50
#define TODAY_DEALS_MIN_DEFAULT 2
#define TODAY_DEALS_MAX_DEFAULT 4
/* The longest payment term (setting payment_days), in days. */
#define TODAY_PAYMENT_DAYS_MAX VALID_PAYMENT_DAYS_MAX

/* The book's payment term (setting payment_days): the days an order logged
 * without a promised payment day is given, or -1 for none (the default, and
 * a value that is not a term). */
int today_payment_days(db *d);
/* The payment term of customer UID: its own (payment_days), else the
 * book's; -1 for none. */
int today_payment_term(db *d, const char *uid);
/* The promised payment day of an order of customer UID on DATE logged
 * without one: DATE plus the customer's term, else the book's; DB_NO_DAY
 * when there is none. */
int today_order_due(db *d, const char *uid, date_day date);
/* Give the terms to the orders still open on DAY that have no promised
 * payment day (the book's own rep's; only customer CUSTOMER_UID's when it is
 * not NULL): each becomes due at its date plus its customer's term, else
 * the book's, as if logged under it, in one transaction. *FILLED: how many. */
status_code today_apply_terms(db *d, const calendar *cal, date_day day, const char *customer_uid,
                              size_t *filled, char *err, size_t errsz);

typedef struct {
	date_day day;
	int calls;                   /* effective calls on the day */
	int calls_target;            /* setting daily_calls */
	int dialed;                  /* every call logged on the day */
	int visits;                  /* every visit logged on the day */
	int deals;                   /* orders on the day */
	int deals_min, deals_max;    /* settings deals_min, deals_max */
	int64_t collected;           /* fen: payments on the day */
	int64_t due_start;           /* fen: money due at the start of the day */
	int64_t sales;               /* fen: orders on the day */
	bool has_plan;               /* a month plan is saved */
	int64_t month_target;        /* fen: the plan's month target (base level) */
	int64_t month_achieved;      /* fen: the month's orders up to the day */
	plan_day sales_day;          /* the plan re-spread for the day (zero without a plan) */
	int64_t sales_planned;       /* fen: the plan's own figure for sales_day.next_day
	                              * (the day, or the next working day on a day off) */
	bool workday;                /* the day is a working day */
	date_day next_workday;       /* the day on a working day, else the next one */
	int64_t due_next;            /* fen: promised for the next day and still open */
	size_t broken;               /* customers with a broken promise */
	int64_t broken_amount;       /* fen */
} today_plan;

typedef struct {
	db_today book;
	queue_customer *cust;        /* one per book row */
	queue_weights w;
	today_plan plan;
	char warn[256];              /* a setting that was ignored, or "" */
} today;

/* Read everything for DAY. On error the message is in ERR. */
status_code today_load(db *d, const calendar *cal, date_day day, today *out, char *err, size_t errsz);
/* The same for PART of the book (db_today_load_part): the plan's per-customer
 * figures (calls, broken promises, money due) are the part's. */
status_code today_load_part(db *d, const calendar *cal, date_day day, const db_today_part *part,
                          today *out, char *err, size_t errsz);
/* The same leaving out what FLAGS say (db_today_load_flags). */
status_code today_load_flags(db *d, const calendar *cal, date_day day, const db_today_part *part,
                           unsigned flags, today *out, char *err, size_t errsz);

/* The day's plan and the best of its queue, read a SLICE of customers at a
 * time (0: a default) so memory stays bounded however big the book: what a
 * screen needs, where today_load holds the whole book. */
typedef struct {
	char uid[UID_BUFSZ];
	char *name;                  /* owned */
	tier tier;
	queue_customer cust;         /* its uid points at UID */
	int score;                   /* centi-points */
} today_pick;

typedef struct {
	today_plan plan;
	queue_weights w;
	today_pick *pick;            /* the best LIMIT, best first (queue_rank's order) */
	size_t n;
	size_t in_queue;             /* customers in the whole queue */
	char warn[256];
} today_top;

status_code today_top_load(db *d, const calendar *cal, date_day day, size_t limit, size_t slice,
                         today_top *out, char *err, size_t errsz);

/* A queue narrowed for the day (a segment, a campaign): the customers a
 * filter lets through, by row id; the others count as do-not-call. */
typedef struct {
	int64_t *id;                 /* ascending, owned */
	size_t n;
} today_only;

/* The customers filter F lets through (every status) into OUT. */
status_code today_only_read(db *d, const db_filter *f, today_only *out, char *err, size_t errsz);
void today_only_free(today_only *o);
/* Leave in T's queue only ONLY's customers. */
void today_only_apply(today *t, const today_only *only);
/* today_top_load with the queue narrowed to ONLY (NULL: the whole queue). */
status_code today_top_load_only(db *d, const calendar *cal, date_day day, size_t limit,
                                size_t slice, const today_only *only, today_top *out, char *err,
                                size_t errsz);
void today_top_free(today_top *t);

/* The whole queue's order, kept so that the queue can be narrowed (or
 * widened again) without reading the book again: every queued customer's
 * row id (ascending), uid and score, and the day's plan. */
typedef struct {
	int64_t *id;
	int *score;
	char (*uid)[UID_BUFSZ];      /* ties in score go by uid */
	size_t n, cap;
	date_day day;
	today_plan plan;
	queue_weights w;
	char warn[256];
} today_ranking;

/* today_top_load_only also keeping the whole queue's order in RANK (NULL:
 * not kept): the queue before ONLY narrows it. */
status_code today_top_load_ranked(db *d, const calendar *cal, date_day day, size_t limit,
                                  size_t slice, const today_only *only, today_top *out,
                                  today_ranking *rank, char *err, size_t errsz);
/* The same top as today_top_load_only (RANK's day, ONLY: NULL for the whole
 * queue), from RANK: only the customers that can make the best LIMIT are
 * read again. STATUS_BUSY when the book is no longer as RANK has it. */
status_code today_top_narrow(db *d, const calendar *cal, size_t limit, const today_ranking *rank,
                             const today_only *only, today_top *out, char *err, size_t errsz);
void today_ranking_free(today_ranking *r);
void today_free(today *t);

/* What only the words of C's reasons need, read for a customer shown:
 * the attempts on one never reached (tries), and the words of a next step
 * due (into STEP of STEPSZ bytes, C->step pointing there). */
void today_words_read(db *d, date_day day, queue_customer *c, char *step, size_t stepsz);

/* Calls still needed on the day to reach the call target (0 when met). */
int today_calls_left(const today *t);

/* The best LIMIT customers of the day's queue into OUT (LIMIT entries);
 * returns how many, *IN_QUEUE (may be NULL) how many are in it. */
size_t today_queue(const today *t, size_t limit, queue_entry *out, size_t *in_queue);
/* The row behind a queue entry. */
const db_today_row *today_row(const today *t, const queue_entry *e);

#endif
