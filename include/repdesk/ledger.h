#ifndef REPDESK_LEDGER_H
#define REPDESK_LEDGER_H
/* The rules of a customer's money and contacts: which activity counts as a
 * contact, payments allocated to orders (refunds, credits), what is due
 * and what promises are broken on a day, and the per-customer summary
 * blobs that keep all of it between loads. Pure: the store reads the rows
 * and saves what comes out. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "repdesk/uid.h"
#include "repdesk/record.h"

/* No day (a date missing or not given); the same as DB_NO_DAY. */
#define LEDGER_NO_DAY (-2147483647 - 1)

/* ---- contacts ---- */

/* The kinds of activity that may count as a contact (the customer was
 * reached): a call by its outcome (every one but no-answer and busy, which
 * are attempts; refused reached them), a visit, an order and a payment
 * always. The last contact and the days since it, wherever they show, are
 * the latest of these; an effective call (the day's count) is another thing.
 * A kind that counts goes here and in ledger_is_contact. */
typedef enum { LEDGER_CALL, LEDGER_VISIT, LEDGER_ORDER, LEDGER_PAYMENT, LEDGER_KIND_COUNT } ledger_kind;

/* A call with OUTCOME was effective: it counts among the day's calls. */
bool ledger_outcome_effective(const char *outcome);
/* A call with OUTCOME reached the customer: not an attempt. */
bool ledger_outcome_contact(const char *outcome);
/* Activity of KIND with OUTCOME (NULL or "": none) counts as a contact. */
bool ledger_is_contact(ledger_kind kind, const char *outcome);
/* The outcomes that are not effective, as an SQL list, for the queries
 * that filter calls in the database: the registry's (repdesk/record.h),
 * which ledger_outcome_effective reads too. */
#define LEDGER_SQL_NOT_EFFECTIVE RECORD_SQL_NOT_EFFECTIVE
/* The call outcomes that are no contact, as an SQL list, the same way. */
#define LEDGER_SQL_NOT_CONTACT RECORD_SQL_NOT_CONTACT
/* Take a contact on DAY into *LAST, the latest so far (LEDGER_NO_DAY:
 * none). */
static inline void ledger_contact_take(int *last, int day)
{
	if (day != LEDGER_NO_DAY && (*last == LEDGER_NO_DAY || day > *last))
		*last = day;
}

/* ---- allocation ---- */

/* An order that gave no volume. */
#define LEDGER_NO_VOLUME (-1)

typedef struct {
	char uid[UID_BUFSZ];
	int date, due;               /* due: the promised day, or LEDGER_NO_DAY */
	int64_t amount, paid;
	uint32_t row;                /* the caller's: whose order */
	int64_t volume;              /* units ordered (room-nights), or
				      * LEDGER_NO_VOLUME; summed by month only */
} ledger_order;

typedef struct {
	char order_uid[UID_BUFSZ];   /* the order named, or "" */
	int date;
	int64_t amount;              /* negative: a refund */
	uint32_t row;
} ledger_payment;

/* Money still open on an order (never negative: a credit is not owed). */
static inline int64_t ledger_open(const ledger_order *o)
{
	int64_t open = o->amount - o->paid;
	return open > 0 ? open : 0;
}
/* A customer's credit: what it paid (PAID, refunds netted) beyond every
 * order it placed (ORDERED), kept for the orders to come; 0 when it owes or
 * is square. Payments fill the open orders first (ledger_allocate), so this
 * is what is left over. */
static inline int64_t ledger_credit(int64_t ordered, int64_t paid)
{
	return paid > ordered ? paid - ordered : 0;
}
/* Pay AMOUNT into one customer's orders V[0..N) (in date order): the one
 * named ORDER_UID first, then the oldest open; beyond every order, a
 * credit on the newest. A negative amount (a refund) takes money back from
 * the newest paid first. *FIRST_OPEN (start it at 0) remembers that no
 * order before it is open. */
void ledger_allocate(ledger_order *v, uint32_t n, uint32_t *first_open, const char *order_uid,
                     int64_t amount);
/* Apply one customer's payments P[0..NP) (in date order) to its orders
 * V[0..N) (in date order): those before DAY, then the day's own. Returns
 * the money due at the start of DAY (between the two). */
int64_t ledger_apply(ledger_order *v, uint32_t n, const ledger_payment *p, uint32_t np, int day);

/* One customer's history, gathered before it is summed up. */
typedef struct {
	int last_contact;            /* the latest contact's day, or LEDGER_NO_DAY
				      * (its orders and payments count too) */
	ledger_order *v;             /* orders, in date order, stable */
	size_t n, cap;
	ledger_payment *p;           /* payments, in date order, stable */
	size_t np, pcap;
} ledger_history;

/* Start H afresh for the next customer (its memory is kept). */
void ledger_history_start(ledger_history *h);
void ledger_history_free(ledger_history *h);
/* Take an order or a payment into H, rows coming in id order (one of no
 * day is passed by); either is a contact on its day. False when out of
 * memory. */
bool ledger_history_order(ledger_history *h, const ledger_order *o);
bool ledger_history_payment(ledger_history *h, const ledger_payment *p);

/* ---- what is due ---- */

enum {
	LEDGER_DUE = 1,              /* promised on or before the day: due */
	LEDGER_BROKEN = 2,           /* promised before the day: broken */
	LEDGER_DUE_NEXT = 4,         /* promised for the next day */
};
/* What an order promised for DUE is on DAY: LEDGER_* flags. */
static inline unsigned ledger_due_state(int due, int day)
{
	unsigned f = 0;

	if (due == LEDGER_NO_DAY)
		return 0;
	if (due <= day)
		f |= LEDGER_DUE;
	if (due < day)
		f |= LEDGER_BROKEN;
	if (due == day + 1)
		f |= LEDGER_DUE_NEXT;
	return f;
}
/* How long money promised for DUE is overdue on DAY, in the buckets of a
 * receivables ageing: not yet due (due on the day or later), 1-30, 31-60,
 * over 60 days overdue, or no promised day at all. */
typedef enum {
	LEDGER_AGE_NOT_DUE, LEDGER_AGE_1_30, LEDGER_AGE_31_60, LEDGER_AGE_OVER_60, LEDGER_AGE_NO_DUE,
	LEDGER_AGE_COUNT
} ledger_age;
static inline ledger_age ledger_ageing(int due, int day)
{
	if (due == LEDGER_NO_DAY)
		return LEDGER_AGE_NO_DUE;
	long late = (long)day - due;
	return late <= 0 ? LEDGER_AGE_NOT_DUE : late <= 30 ? LEDGER_AGE_1_30
	       : late <= 60 ? LEDGER_AGE_31_60 : LEDGER_AGE_OVER_60;
}
/* An order of DATE promised for DUE was due at the start of DAY. */
static inline bool ledger_due_at_start(int date, int due, int day)
{
	return date < day && due != LEDGER_NO_DAY && due <= day;
}

/* ---- summaries ---- */

/* The per-customer summary blobs hold little-endian integers.
 * The months blob: per month with orders, in month order, its key
 * (ledger_month_key), total and volume (int32, int64, int64; the volume is
 * the sum of the volumes its orders gave, LEDGER_NO_VOLUME when none gave
 * one), LEDGER_MONTH_BYTES each; read with ledger_month_*.
 * The today blob, so a reader takes a customer in one column:
 *   last_contact    int32, LEDGER_NO_DAY for none
 *   month, total    int32, int64: the latest month with orders (0: none)
 *   paid_on         int32: the last day of payments, LEDGER_NO_DAY for none
 *   n, order days   uint32, then int32 each: distinct, ascending
 *   n, due before   uint32, then int32 promised day and int64 money each: the
 *                   orders from before paid_on with a promised day and money
 *                   open at its start (what was due that morning)
 *   open orders     to the end: each order with money open after every
 *                   payment, by date then id: date and promised day (int32,
 *                   LEDGER_NO_DAY for none), amount and paid (int64), the
 *                   uid's length (one byte) and the uid (cut to UID_LEN).
 * Books on disk hold these: a change of format makes them again (schema
 * 19 added the months' volumes). */
#define LEDGER_MONTH_BYTES 20
#define LEDGER_TODAY_HEAD 24

static inline uint32_t ledger_get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t ledger_get64(const unsigned char *p)
{
	return (uint64_t)ledger_get32(p) | (uint64_t)ledger_get32(p + 4) << 32;
}
/* A month's key in the months blob: 202612 for December 2026. */
static inline int ledger_month_key(int y, int m)
{
	return y * 100 + m;
}

/* The order totals of the three months before Y-M in months blob B of LEN
 * bytes, oldest first (as plan_baseline takes them); true when any of those
 * months had orders. VOLUMES (may be NULL) gets their volumes the same way
 * (0 where none was given) and *HAS_VOLUME whether any order there gave
 * one (as plan_volume_baseline takes them). A blob cut short is read as
 * far as it is whole. */
bool ledger_months_before(const unsigned char *b, size_t len, int y, int m, int64_t totals[3],
                          int64_t volumes[3], bool *has_volume);
/* The month at P in a months blob: its key, total (fen) and volume
 * (LEDGER_NO_VOLUME: no order of the month gave one). */
static inline int ledger_month_at(const unsigned char *p)
{
	return (int)ledger_get32(p);
}
static inline int64_t ledger_month_total(const unsigned char *p)
{
	return (int64_t)ledger_get64(p + 4);
}
static inline int64_t ledger_month_volume(const unsigned char *p)
{
	return (int64_t)ledger_get64(p + 12);
}
/* Month KEY of months blob B (LEN bytes): its total and volume into *TOTAL
 * and *VOLUME (either may be NULL). False, leaving them, when the month has
 * no orders. */
bool ledger_months_find(const void *b, size_t len, int key, int64_t *total, int64_t *volume);

typedef struct {
	unsigned char *p;
	size_t n, cap;
} ledger_blob;

/* A customer's summaries being made; its buffers are reused from one
 * customer to the next. */
typedef struct {
	ledger_blob today, months;
	ledger_blob days, before, recv;  /* parts of today, while it is made */
} ledger_summary;

void ledger_summary_free(ledger_summary *s);
/* A customer has summary rows only with something to say, so that one made
 * afresh and one kept up to date are the same rows: a today blob for a last
 * contact or any order, a months blob for any order. */
bool ledger_summary_has_today(int last_contact, size_t norders);
/* Make S->today and S->months from a customer's history: its last contact
 * LAST, orders V[0..N) and payments P[0..NP), both in date order (stable
 * by id). The orders are paid by the payments on the way. False when out
 * of memory. */
bool ledger_summary_make(ledger_summary *s, int last, ledger_order *v, size_t n,
                         const ledger_payment *p, size_t np);

/* The summaries of H, into S (H's orders are paid on the way). */
bool ledger_summary_of(ledger_summary *s, ledger_history *h);

/* A today blob as read. A blob cut short is read as far as it is whole:
 * DAYS_WHOLE false leaves out the order days and what follows,
 * BEFORE_WHOLE false what is due and the open orders. */
typedef struct {
	int last_contact;
	int month;                   /* the latest month with orders, or 0 */
	int64_t month_total;
	int paid_on;
	size_t ndays, nbefore;
	const unsigned char *days, *before, *open, *end;
	bool days_whole, before_whole;
} ledger_summary_view;

/* Read the head of today blob B of LEN bytes into V. False when even the
 * head is cut short (then nothing of it counts). */
bool ledger_summary_read(ledger_summary_view *v, const void *b, size_t len);
/* The K-th order day of V. */
static inline int ledger_summary_day(const ledger_summary_view *v, size_t k)
{
	return (int)ledger_get32(v->days + 4 * k);
}
/* The next open order of V from *AT (start it at V->open) into *O (uid,
 * date, due, amount, paid). False at the end. Inline: a day's reader takes
 * every customer's open orders through it. */
static inline bool ledger_summary_next(const ledger_summary_view *v, const unsigned char **at,
                                       ledger_order *o)
{
	const unsigned char *b = *at;

	if (!v->before_whole || !b || v->end - b < 25 || v->end - b < 25 + b[24])
		return false;
	memset(o->uid, 0, sizeof o->uid);
	o->date = (int)ledger_get32(b);
	o->due = (int)ledger_get32(b + 4);
	o->amount = (int64_t)ledger_get64(b + 8);
	o->paid = (int64_t)ledger_get64(b + 16);
	o->row = 0;
	memcpy(o->uid, b + 25, b[24] < UID_LEN ? b[24] : UID_LEN);
	*at = b + 25 + b[24];
	return true;
}
/* The money due at the start of DAY by the summary V: what was due before
 * the payments of the day when V was paid on it, else the open orders from
 * before the day promised by it. Its parts, for a reader that walks the
 * open orders anyway: the first, and each open order O's share. */
int64_t ledger_summary_due_start(const ledger_summary_view *v, int day);
int64_t ledger_summary_due_before(const ledger_summary_view *v, int day);
static inline int64_t ledger_summary_due_of(const ledger_summary_view *v, const ledger_order *o, int day)
{
	return v->paid_on != day && ledger_due_at_start(o->date, o->due, day) ? ledger_open(o) : 0;
}

#endif
