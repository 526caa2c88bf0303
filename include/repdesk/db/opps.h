#ifndef REPDESK_DB_OPPS_H
#define REPDESK_DB_OPPS_H
/* Opportunities (opps.c): a potential deal on a customer, with its stage,
 * value, probability, expected close, competitors, next step, and the path
 * it took through the stages (repdesk/opp.h). Synced rows of the rep who
 * keeps them, like the activity: bundles and the team server carry them. */

#include <stdbool.h>
#include <stdint.h>

#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/hlc.h"
#include "repdesk/opp.h"
#include "repdesk/uid.h"

typedef struct {
	char uid[UID_BUFSZ];         /* empty: db_opp_add makes one */
	char customer_uid[UID_BUFSZ];
	const char *customer_name;   /* filled when read */
	const char *rep;             /* filled when read: the keeper's name ("" the book's rep) */
	const char *title;
	int64_t value;               /* fen */
	opp_stage stage;
	int probability;             /* percent as set; -1: the stage's (opp_probability) */
	char close_date[11];         /* expected close, or "" */
	const char *competitors;     /* "" none */
	const char *next_step;       /* "" none */
	char next_date[11];          /* the next step's day, or "" */
	const char *lost_reason;     /* "" unless lost */
	char opened[11];             /* the day it was added */
	const char *path;            /* read: "lead 2026-01-05;qualified ..." */
	date_day since;              /* read: the day its stage was entered */
	char order_uid[UID_BUFSZ];   /* the order a win made, or "" */
	char updated_at[HLC_STAMP_BUFSZ];
} db_opp;

/* Add O (its stage entered on TODAY, opened TODAY unless O->opened is
 * set), into O->uid. Text held to valid_text, the value to valid_money, the
 * title must not be empty, the customer must exist (DB_NOT_FOUND). Inside a
 * transaction (alone, it makes its own). */
db_status db_opp_add(db *d, db_opp *o, const char *today);
/* Write O's fields over the opportunity O->uid, all but its stage, path and
 * opened day (db_opp_move moves it); *CHANGED (may be NULL): whether any
 * changed. DB_NOT_FOUND when there is none (or it is deleted). */
db_status db_opp_update(db *d, const db_opp *o, bool *changed);
/* Move opportunity UID to stage ST on TODAY, its path extended. LOST_REASON
 * (may be NULL: kept) is kept with a move to lost; ORDER_UID (may be NULL)
 * with a move to won. Moving it where it is changes nothing (*CHANGED
 * false). A move to an earlier stage is allowed (a deal that went back). */
db_status db_opp_move(db *d, const char *uid, opp_stage st, const char *today,
                      const char *lost_reason, const char *order_uid, bool *changed);
/* Flag it deleted (a tombstone that travels). */
db_status db_opp_delete(db *d, const char *uid);
/* The uid of the opportunity TEXT names: its uid, its exact title, or the
 * start of one title (of the book's own rep's live ones); DB_NOT_FOUND, or
 * DB_AMBIGUOUS when more than one matches (db_error() names them). */
db_status db_opp_find(db *d, const char *text, char uid[UID_BUFSZ]);

typedef struct {
	const char *uid;             /* just this one */
	const char *customer_uid;    /* just this customer's */
	bool open_only;              /* lead .. negotiation */
	int stage;                   /* just this stage (-1: any) */
	bool mine;                   /* only the book's own rep's */
	const db_filter *customers;  /* only of customers that pass it (NULL: all) */
} db_opp_query;

/* One opportunity read and kept past its statement: the record, its texts
 * copied (o's text fields point at the copies; customer_name and rep are
 * NULL). */
typedef struct {
	db_opp o;
	char *title, *competitors, *next_step, *lost_reason, *path;
} db_opp_held;
/* Opportunity UID (live) into H; DB_NOT_FOUND when there is none. Free
 * with db_opp_held_free after DB_OK. */
db_status db_opp_get(db *d, const char *uid, db_opp_held *h);
void db_opp_held_free(db_opp_held *h);

typedef bool (*db_opp_fn)(const db_opp *o, void *ctx);
/* Every live opportunity Q allows, by stage, then expected close (none
 * last), then title. The record is valid during the call only. */
db_status db_opps_each(db *d, const db_opp_query *q, db_opp_fn fn, void *ctx);

/* The open pipeline of the book's own rep: TOTAL value, WEIGHTED by
 * probability; CLOSING_* those expected to close from FROM to TO (ISO days,
 * inclusive; both NULL: none). */
typedef struct {
	long count;
	int64_t total, weighted, closing_total, closing_weighted;
} db_pipeline_sum;
db_status db_pipeline_sum_get(db *d, const char *rep_uid, const char *from, const char *to,
                              db_pipeline_sum *out);

#endif
