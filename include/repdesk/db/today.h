#ifndef REPDESK_DB_TODAY_H
#define REPDESK_DB_TODAY_H
/* The book read for one day (todayrows.c, custscan.c, summary.c): what
 * today's plan, queue, receivables and day report need of every customer.
 * A db_today owns its rows, names and arrays; db_today_free frees them. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "repdesk/db/book.h"
#include "repdesk/tier.h"
#include "repdesk/uid.h"

/* A day that is not set (next call, last contact, promised date). */
#define DB_NO_DAY (-2147483647 - 1)

/* What today's plan, queue, receivables and day report need of one customer,
 * read with a handful of indexed queries over the whole book. Days are
 * date_day numbers (repdesk/date.h). */
typedef struct {
	const char *uid;             /* owned by the db_today */
	char *name;                  /* owned by the db_today */
	char status[12];             /* active | prospect | lost | do-not-call */
	char priority[8];            /* key | medium | small | "" */
	tier tier;                   /* effective tier */
	int next_call;               /* agreed next contact, or DB_NO_DAY */
	int next_step;               /* the earliest next step of an open opportunity
	                              * due on or before the day, or DB_NO_DAY */
	int last_contact;            /* latest contact on or before the day (ledger.h:
	                              * a call that reached them, a visit, an order,
	                              * a payment); DB_NO_DAY */
	uint32_t calls_off, ncalls;  /* the day's call outcomes in OUTCOMES, as logged */
	uint32_t nvisits;            /* the day's visits */
	uint32_t days_off, ndays;    /* order days up to the day in ORDER_DAYS (sorted) */
	int64_t month_orders;        /* fen: orders of the day's month up to the day */
	int64_t open;                /* fen: every open order balance */
	int64_t due;                 /* fen: open balance promised on or before the day */
	int64_t broken;              /* fen: the part of DUE promised before the day */
	int broken_since;            /* the earliest promised day of BROKEN, or DB_NO_DAY */
	int64_t rank_class;          /* under the book's ranking rule (rank.h), 1 the
	                              * best; 0 when the book has none */
	bool other_rep;              /* in a lead's book, another rep's customer */
} db_today_row;

/* An order with money still open after the day's payments. */
typedef struct {
	size_t row;                  /* the customer, into db_today.rows */
	char order_uid[UID_BUFSZ];
	int date;
	int64_t amount, paid;        /* fen; open = amount - paid */
	int due;                     /* promised payment day, or DB_NO_DAY */
} db_receivable;

typedef struct {
	int day;
	db_today_row *rows;          /* every customer not deleted, in table order */
	size_t n;
	char (*outcomes)[12];        /* the day's calls' outcomes, by customer */
	size_t noutcomes;
	int *order_days;             /* order days, by customer */
	size_t norder_days;
	db_receivable *recv;         /* open balances by customer, oldest first */
	size_t nrecv;
	/* The day's work and the month's orders are the book's own rep's: in a
	 * lead's book (one holding other reps' rows) the others' calls, visits,
	 * orders and payments count in the team report, not here; so are the
	 * day's call outcomes and visits of each customer row. */
	int dialed;                  /* calls logged on the day (any customer) */
	int visits;                  /* visits logged on the day (any customer) */
	int orders_today;            /* orders logged on the day */
	int64_t sales_today;         /* fen */
	int64_t month_before;        /* fen: orders of the month before the day */
	int64_t paid_today;          /* fen: payments logged on the day */
	int64_t due_start;           /* fen: open at the start of the day and promised
	                              * on or before it (in a lead's book, of the
	                              * book's own rep's customers, as due_next) */
	int64_t due_next;            /* fen: open and promised for the day after */
	int64_t last_id;             /* the last customer's row id (to read on) */
	int64_t *ids;                /* the rows' row ids (ascending) */
	int64_t rank_classes;        /* classes of the ranking rule; 0: none */
	struct db_uidmap *uids;      /* private: uid -> row */
	char *names;                 /* private: the rows' names, one block */
	char (*uid_text)[UID_BUFSZ]; /* private: the rows' uids, side by side */
	unsigned flags;              /* those it was read with */
} db_today;

/* Part of the book: with IDS, just those customers (ids ascending); else the
 * customers after row id AFTER_ID in id order, at most LIMIT (0: all). */
typedef struct {
	int64_t after_id;
	size_t limit;
	const int64_t *ids;
	size_t nids;
} db_today_part;

/* Read the book as it stands at the end of DAY. Payments pay the order they
 * name, else (and beyond its balance) the customer's oldest open order first;
 * a refund (negative payment) reopens the newest paid one. Free with
 * db_today_free. */
db_status db_today_load(db *d, int day, db_today *out);
/* The same for PART of the book only (NULL: all), so a big book can be read
 * a slice at a time in bounded memory. The per-customer figures are those of
 * the whole read; dialed, orders_today, sales_today, month_before and
 * paid_today are the book's whatever the part, due_start and due_next the
 * part's customers'. */
db_status db_today_load_part(db *d, int day, const db_today_part *part, db_today *out);
/* What a reader may leave out. NO_RECEIVABLES: recv stays empty (the
 * customers' open, due and broken figures and due_next still count every
 * open order). */
#define DB_TODAY_NO_RECEIVABLES 1u
/* db_today_load_part leaving out what FLAGS say. */
db_status db_today_load_flags(db *d, int day, const db_today_part *part, unsigned flags, db_today *out);

/* Where the book stands: it changed (here or through another connection)
 * when a later stamp differs. */
typedef struct {
	int64_t changes, version;
} db_book_stamp;
db_status db_today_stamp(db *d, db_book_stamp *stamp);

/* The attempts (no-answer, busy) logged on customer UID up to DAY, into
 * *TRIES: for a customer never reached, whom the queue says was tried so
 * many times. One indexed read: for the entries shown, not a whole book. */
db_status db_today_tries(db *d, int day, const char *uid, int *tries);
/* The words of customer UID's earliest next step due on or before DAY
 * (an open opportunity's), into BUF ("" when there is none). One indexed
 * read, as db_today_tries: for the entries shown. */
db_status db_today_step(db *d, int day, const char *uid, char *buf, size_t bufsz);
void db_today_free(db_today *t);
/* The row of UID in T, or NULL. */
const db_today_row *db_today_find(const db_today *t, const char *uid);
/* The same for lookups in table order, as db_plan_book_find_near. */
const db_today_row *db_today_find_near(const db_today *t, const char *uid, size_t *near);

#endif
