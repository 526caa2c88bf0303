#ifndef REPDESK_QUEUE_H
#define REPDESK_QUEUE_H
/* Today's call queue (docs/guide.md §7): who to call next, ranked by a transparent sum
 * of named, weighted terms (taskwarrior's urgency), each one explainable in words.
 * Pure: never I/O, the clock, globals or floating point; today and all data are parameters.
 *
 * Ownership: every struct here is plain data owned by the caller. Nothing is
 * allocated and nothing is retained: a queue_customer's uid is borrowed for the
 * duration of a call only, and output arrays are caller-sized.
 *
 * Scores and points are fixed-point centi-points (1 point = 100), so a ranking
 * is the same on every machine. A term's points are its weight times a factor
 * of 0..100 percent (rounded down); a term whose points come to 0 did not
 * contribute and is neither listed nor named.
 */

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repdesk/date.h"
#include "repdesk/record.h"
#include "repdesk/tier.h"

/* ---- What a customer brings ---- */

typedef enum { QUEUE_ACTIVE, QUEUE_PROSPECT, QUEUE_LOST, QUEUE_DNC } queue_status;
typedef enum { QUEUE_PRIO_NONE, QUEUE_PRIO_KEY, QUEUE_PRIO_MEDIUM, QUEUE_PRIO_SMALL } queue_priority;

/* Call outcomes as logged (§6), from the registry (repdesk/record.h) as
 * _(QUEUE_ID, "name"). no-answer, busy and refused are not effective. */
#define QUEUE_OUTCOME_ONE(f, id, name, aliases, eff, con) f(QUEUE_##id, name)
#define QUEUE_X_OUTCOMES(_) RECORD_X_OUTCOMES(QUEUE_OUTCOME_ONE, , _)

#define QUEUE_ENUM(name, text) name,
typedef enum { QUEUE_X_OUTCOMES(QUEUE_ENUM) QUEUE_OUTCOME_COUNT } queue_outcome;
#undef QUEUE_ENUM

/* Where today's calls left a customer (queue_count_call keeps it). */
typedef enum {
	QUEUE_NOT_REACHED,        /* no call today, or only failed attempts */
	QUEUE_REACHED,            /* an effective call: out for today */
	QUEUE_CALLED_BACK,        /* asked to be called back: stays unless dated later */
	QUEUE_REFUSED_TODAY       /* refused: out for today, back on later days */
} queue_reached;

#define QUEUE_NO_DAY INT_MIN      /* a date that is not set */

/* One customer as the store reads it (a few indexed queries). Start from
 * queue_customer_init, since day 0 is a real date (1970-01-01). */
typedef struct {
	const char *uid;          /* breaks ties (strcmp); borrowed, NULL counts as "" */
	queue_status status;
	tier tier;                /* effective tier; TIER_NONE counts as D */
	queue_priority priority;
	int64_t rank_class;       /* under the book's ranking rule, 1 the best */
	int64_t rank_classes;     /* its classes; 0: no rule, PRIORITY counts */
	date_day next_call;         /* agreed next contact, or QUEUE_NO_DAY */
	date_day next_step;         /* the earliest next step of an open opportunity
				   * due on or before today, or QUEUE_NO_DAY */
	const char *step;         /* that step's words (borrowed, NULL: not read);
				   * only words use it */
	date_day last_contact;      /* latest contact on or before today (a call that
				   * reached them, refused included, a visit, an
				   * order, a payment: ledger.h); QUEUE_NO_DAY: never */
	int tries;                /* never reached: the attempts (no-answer, busy) up
				   * to today, today's included, when the caller has
				   * read them (db_today_tries); only words use it */
	int64_t due;              /* fen: open order balance promised on or before today */
	int64_t broken;           /* fen: the part of DUE promised before today */
	date_day broken_since;      /* the earliest promised day of BROKEN */
	int64_t target;           /* fen: this month's customer target (0: none) */
	int64_t achieved;         /* fen: ordered this month so far */
	int orders;               /* distinct days with an order (queue_order_history) */
	date_day last_order;        /* QUEUE_NO_DAY: none */
	int order_gap;            /* median days between order days; used from 3 orders */
	queue_reached reached;    /* today's calls, folded by queue_count_call */
	int attempts;             /* failed attempts today (no-answer, busy) */
	bool other_rep;           /* another rep's customer in a team lead's book: it is
				   * in that rep's queue, not the lead's */
} queue_customer;

/* Zero everything, set the dates to QUEUE_NO_DAY, status active, tier none. */
void queue_customer_init(queue_customer *c, const char *uid);

/* Fold one of today's calls into C; call it for each, in the order logged.
 * The last word of the day decides: effective, order and after-sales reach
 * the customer; callback asks for another call (it stays in today's queue
 * unless NEXT_CALL is later than today); refused takes it out for today (the
 * rep does not ring again after a no; later days rank it as usual). no-answer
 * and busy count an attempt and change nothing else, so a customer reached
 * earlier stays out. */
void queue_count_call(queue_customer *c, queue_outcome o);
/* Fold one of today's visits into C, after the calls: a visit reached the
 * customer, whatever its outcome, so it takes C out of today's queue. */
void queue_count_visit(queue_customer *c);

/* Order history from the days of the customer's orders (none after today):
 * sets ORDERS (distinct days: two orders on one day are one occasion),
 * LAST_ORDER and ORDER_GAP, the median of the gaps between consecutive order
 * days (the mean of the two middle gaps, rounded down, when they are even in
 * number); ORDER_GAP is 0 below three order days. DAYS is scratch: sorted and
 * overwritten. */
void queue_order_history(queue_customer *c, date_day *days, size_t n);

bool queue_status_parse(const char *s, queue_status *out);     /* active|prospect|lost|do-not-call */
const char *queue_status_name(queue_status s);
bool queue_priority_parse(const char *s, queue_priority *out); /* key|medium|small, "" = none */
const char *queue_priority_name(queue_priority p);             /* "" for none */
bool queue_outcome_parse(const char *s, queue_outcome *out);
const char *queue_outcome_name(queue_outcome o);
bool queue_outcome_effective(queue_outcome o);  /* not no-answer, busy or refused */

/* ---- Who is in today's queue ---- */

#define QUEUE_X_STATES(_) \
	_(QUEUE_IN,          "in the queue") \
	_(QUEUE_OUT_LOST,    "lost") \
	_(QUEUE_OUT_DNC,     "do not call") \
	_(QUEUE_OUT_REACHED, "reached today") \
	_(QUEUE_OUT_REFUSED, "refused today") \
	_(QUEUE_OUT_LATER,   "callback on a later day") \
	_(QUEUE_OUT_OTHER_REP, "another rep's customer")

#define QUEUE_ENUM(name, text) name,
typedef enum { QUEUE_X_STATES(QUEUE_ENUM) } queue_state;
#undef QUEUE_ENUM

/* Active and prospect customers are in unless today's calls took them out:
 * reached, refused, or a callback whose NEXT_CALL is after TODAY. Another
 * rep's customer (OTHER_REP) is never in: a lead calls their own. */
queue_state queue_state_of(const queue_customer *c, date_day today);
const char *queue_state_text(queue_state s);

/* ---- Terms and weights ---- */

/*
 * The terms, in the order reasons are listed; the setting name; the default
 * weight in centi-points. Factors (0..100):
 *   followup  next_call <= today and the customer not reached since: 50 on the
 *             day, +5 a day overdue, full at 10 days. Not with a callback.
 *             An opportunity's next step due (NEXT_STEP <= today) is a
 *             follow-up too, until the step is done or moved (reaching the
 *             customer does not do it); the older of the two counts, the
 *             step on a tie.
 *   callback  a callback asked today (the customer stays in the queue): 100.
 *   money     DUE > 0, log-scaled: 20 per tenfold yuan (¥1 0, ¥10 20, ¥1,000
 *             60, ¥4,000 72, ¥100,000 and more 100).
 *   broken    BROKEN > 0 promised before today: money's scale of BROKEN times
 *             the follow-up ramp of the days since BROKEN_SINCE (55 at 1 day).
 *   cadence   days since last contact past the tier's cadence: the part of a
 *             cadence overdue, rounded up (S cadence 3: 1 day past 34, 3 days
 *             past 100); exactly at the cadence is 0; never reached is 100.
 *             Silent while a next contact is agreed for a later day.
 *   reorder   from three order days: days since the last order past the median
 *             gap, as a part of that gap rounded up, capped at 100.
 *   target    this month's target not yet ordered, as a percent of it, rounded up.
 *   priority  key 100, medium 50, small and none 0; with a ranking rule
 *             (rank.h) the class instead: the best 100, the last 0.
 *   tier      S 100, A 80, B 60, C 40, D 20.
 *   attempt   a penalty: minus the weight per failed attempt today, at most
 *             QUEUE_ATTEMPTS_CAP attempts (factor = attempts counted).
 */
#define QUEUE_X_TERMS(_) \
	_(QUEUE_T_FOLLOWUP, "followup", 1000) \
	_(QUEUE_T_CALLBACK, "callback", 1000) \
	_(QUEUE_T_MONEY,    "money",     800) \
	_(QUEUE_T_BROKEN,   "broken",    600) \
	_(QUEUE_T_CADENCE,  "cadence",   500) \
	_(QUEUE_T_REORDER,  "reorder",   400) \
	_(QUEUE_T_TARGET,   "target",    400) \
	_(QUEUE_T_PRIORITY, "priority",  300) \
	_(QUEUE_T_TIER,     "tier",      300) \
	_(QUEUE_T_ATTEMPT,  "attempt",   500)

#define QUEUE_ENUM(name, key, weight) name,
typedef enum { QUEUE_X_TERMS(QUEUE_ENUM) QUEUE_TERM_COUNT } queue_term_id;
#undef QUEUE_ENUM

#define QUEUE_WEIGHT_MAX   100000   /* centi-points: 1000 points */
#define QUEUE_CADENCE_MAX  3650     /* days */
#define QUEUE_ATTEMPTS_CAP 10

typedef struct {
	int weight[QUEUE_TERM_COUNT];   /* centi-points, 0..QUEUE_WEIGHT_MAX */
	int cadence[TIER_COUNT];        /* days between contacts, 1..QUEUE_CADENCE_MAX */
} queue_weights;

/* The weights above; cadence S 3, A 7, B 14, C 30, D 60 days. */
queue_weights queue_weights_default(void);
const char *queue_term_key(queue_term_id id);   /* the setting name: "followup" */

#define QUEUE_WEIGHTS_BUFSZ 192
#define QUEUE_CADENCE_BUFSZ 64

/* Settings text "followup=10,money=8,attempt=2.5": names as in QUEUE_X_TERMS
 * (ASCII case ignored), values in points 0..1000 with at most two decimals,
 * spaces around anything. Only the named weights change, so start from
 * queue_weights_default or the saved ones; empty text changes nothing. On error
 * false with the reason in ERR (an unknown name, a name given twice, a bad
 * value, an empty entry) and *W untouched. */
bool queue_weights_parse(const char *text, queue_weights *w, char *err, size_t errsz);
/* "followup=10,callback=10,...,attempt=5": every term, in term order. */
char *queue_weights_format(const queue_weights *w, char *buf, size_t bufsz);

/* Cadence text "S=3,A=7,B=14,C=30,D=60": tier letters, whole days
 * 1..QUEUE_CADENCE_MAX (a trailing 'd' is fine), any subset in any order; the
 * rest keep their values. Errors as for queue_weights_parse. */
bool queue_cadence_parse(const char *text, queue_weights *w, char *err, size_t errsz);
char *queue_cadence_format(const queue_weights *w, char *buf, size_t bufsz);

/* ---- Scores ---- */

/* One contributing term, with the numbers its words need:
 *   followup  days = days overdue (0: due today); ref = 1 and text = the
 *             step's words (may be NULL) when it is an opportunity's next step
 *   callback  -
 *   money     amount = fen due
 *   broken    amount = fen broken, days = days since the promise
 *   cadence   days = days since contact (-1: never), ref = the cadence, tier = tier,
 *             amount = the tries since (never reached; 3 tries)
 *   reorder   days = days since the last order, ref = the median gap
 *   target    amount = fen left to the target, ref = percent of it left
 *   priority  ref = queue_priority; with a ranking rule, ref = the class
 *             and amount = the number of classes
 *   tier      tier = the tier
 *   attempt   ref = failed attempts today (all of them, even past the cap)
 */
typedef struct {
	queue_term_id id;
	int points;               /* centi-points; negative for attempt */
	int64_t amount;
	int days;
	int ref;
	tier tier;
	const char *text;         /* borrowed from the customer (followup: its step) */
} queue_term;

/* Score C for TODAY: the sum of its terms' points. TERMS (NULL: not wanted;
 * else QUEUE_TERM_COUNT entries) gets the contributing terms in term order and
 * *NTERMS (may be NULL) their number. Scores whatever the customer's state:
 * check queue_state_of first. */
int queue_score(const queue_customer *c, date_day today, const queue_weights *w,
		queue_term *terms, int *nterms);

typedef struct {
	size_t index;             /* into the customers given to queue_rank */
	int score;                /* centi-points */
	const char *uid;          /* that customer's uid ("" for NULL): lives as long as it does */
	uint64_t key_[2];         /* private: the uid's first 16 bytes, for fast ties */
} queue_entry;

/* Rank the customers in today's queue (queue_state_of is QUEUE_IN): by score,
 * higher first, then by uid (strcmp), then by index, so the order is total and
 * the same everywhere. Writes the best min(LIMIT, in queue) to OUT (caller-owned,
 * LIMIT entries; pass N for all) and returns how many; *IN_QUEUE (may be NULL)
 * gets how many are in the queue in all. O(n log LIMIT): a heap keeps the best
 * LIMIT, then they are sorted in place. No allocation. */
size_t queue_rank(const queue_customer *cust, size_t n, date_day today, const queue_weights *w,
		  size_t limit, queue_entry *out, size_t *in_queue);

/* ---- Words ---- */

#define QUEUE_TERM_BUFSZ    80
#define QUEUE_REASONS_BUFSZ 800
#define QUEUE_SCORE_BUFSZ   16
/* A next step in a reason: at most so many columns (and 4 bytes each). */
#define QUEUE_STEP_WIDTH    24

/* A translation of a message: queue_words_en keeps English (CSV, always the
 * same), queue_words_local gives the language of the messages (screens). */
typedef const char *(*queue_words)(const char *msgid);
const char *queue_words_en(const char *msgid);
const char *queue_words_local(const char *msgid);

/* One term's words, from its id and numbers, through TR (NULL: English), e.g.
 * "follow-up overdue 2d", "next step due: send the proposal", "next step
 * overdue 3d: visit the plant" (the step cut to QUEUE_STEP_WIDTH columns),
 * "¥4,000 due", "promise broken 3d ago (¥1,000)",
 * "9d since contact (S: 3d)", "never contacted (S: 3d)", "never reached; 3
 * tries (S: 3d)", "40d since order
 * (usually 14d)", "¥12,000 to target (60%)", "key customer", "tier S",
 * "2 failed attempts today". Returns BUF. */
char *queue_term_format(const queue_term *t, queue_words tr, char *buf, size_t bufsz);
/* The terms' words joined by "; " (or its translation). Only whole terms are
 * written: one that does not fit ends the text (QUEUE_REASONS_BUFSZ always
 * fits all in English). Returns BUF. */
char *queue_reasons_format(const queue_term *terms, int n, queue_words tr, char *buf,
			   size_t bufsz);
/* The text queue_reasons_format puts between two terms, through TR. */
const char *queue_reasons_sep(queue_words tr);
/* REASONS as queue_reasons_format wrote them (SEP between the terms) in at
 * most WIDTH columns, cut where a reason ends, never inside one (nor inside
 * an amount): the whole reasons that fit, then "…" when some are left out
 * ("¥4,200 due…", not "¥4,200 due; pro…"). When not even the first fits,
 * as much of it as fits without splitting a word or a figure, then "…"
 * ("¥10,600…", "今日需跟进…"); when nothing does, "…" alone. Returns OUT. */
char *queue_reasons_fit(const char *reasons, const char *sep, int width, char *out, size_t outsz);
/* Centi-points as points: "25.16", "-4.50", "0.00". Returns BUF. */
char *queue_score_format(int score, char *buf, size_t bufsz);

#endif
