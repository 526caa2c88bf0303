/* A customer's money and contacts: what counts as a contact, payments
 * allocated to orders, what is due and broken, and the summary blobs the
 * store keeps per customer (their format is in ledger.h). */
#include <stdlib.h>
#include <string.h>

#include "repdesk/date.h"
#include "repdesk/ledger.h"
#include "repdesk/vec.h"

/* ---- contacts ---- */

/* The registry says which outcomes did not reach the customer; anything
 * else is effective, as the queries' NOT IN has it. */
bool ledger_outcome_effective(const char *outcome)
{
	for (int i = 0; i < RECORD_OUTCOME_COUNT; i++)
		if (strcmp(outcome, record_outcomes[i].name) == 0)
			return record_outcomes[i].effective;
	return true;
}

bool ledger_outcome_contact(const char *outcome)
{
	for (int i = 0; i < RECORD_OUTCOME_COUNT; i++)
		if (strcmp(outcome, record_outcomes[i].name) == 0)
			return record_outcomes[i].contact;
	return true;
}

bool ledger_is_contact(ledger_kind kind, const char *outcome)
{
	switch (kind) {
	case LEDGER_CALL:
		return outcome && *outcome && ledger_outcome_contact(outcome);
	case LEDGER_VISIT: case LEDGER_ORDER: case LEDGER_PAYMENT:
		return true;
	case LEDGER_KIND_COUNT:
		break;
	}
	return false;
}

/* ---- allocation ---- */

void ledger_allocate(ledger_order *v, uint32_t n, uint32_t *first_open, const char *order_uid,
                     int64_t amount)
{
	if (amount < 0) {
		for (uint32_t k = n; k-- > 0 && amount < 0;) {
			int64_t back = v[k].paid < -amount ? v[k].paid : -amount;
			if (back > 0) {
				v[k].paid -= back;
				amount += back;
				if (k < *first_open)
					*first_open = k;
			}
		}
		return;
	}
	if (order_uid[0])
		for (uint32_t k = 0; k < n; k++)
			if (strcmp(v[k].uid, order_uid) == 0) {
				int64_t pay = ledger_open(&v[k]) < amount ? ledger_open(&v[k]) : amount;
				v[k].paid += pay;
				amount -= pay;
				break;
			}
	for (uint32_t k = *first_open; k < n && amount > 0; k++) {
		int64_t pay = ledger_open(&v[k]) < amount ? ledger_open(&v[k]) : amount;
		v[k].paid += pay;
		amount -= pay;
	}
	while (*first_open < n && ledger_open(&v[*first_open]) == 0)
		(*first_open)++;
	/* Paid beyond every order: a credit on the newest one. */
	if (amount > 0 && n > 0)
		v[n - 1].paid += amount;
}

int64_t ledger_apply(ledger_order *v, uint32_t n, const ledger_payment *p, uint32_t np, int day)
{
	uint32_t k = 0, first_open = 0;
	int64_t due = 0;

	for (; k < np && p[k].date < day; k++)
		ledger_allocate(v, n, &first_open, p[k].order_uid, p[k].amount);
	for (uint32_t j = 0; j < n; j++)
		if (ledger_due_at_start(v[j].date, v[j].due, day))
			due += ledger_open(&v[j]);
	for (; k < np; k++)
		ledger_allocate(v, n, &first_open, p[k].order_uid, p[k].amount);
	return due;
}

void ledger_history_start(ledger_history *h)
{
	h->last_contact = LEDGER_NO_DAY;
	h->n = h->np = 0;
}

void ledger_history_free(ledger_history *h)
{
	free(h->v), free(h->p);
	memset(h, 0, sizeof *h);
}

bool ledger_history_order(ledger_history *h, const ledger_order *o)
{
	if (o->date == LEDGER_NO_DAY)
		return true;
	if (ledger_is_contact(LEDGER_ORDER, NULL))
		ledger_contact_take(&h->last_contact, o->date);
	if (!vec_room(&h->v, &h->cap, h->n, sizeof *h->v))
		return false;
	size_t m = h->n++;
	for (; m > 0 && h->v[m - 1].date > o->date; m--)
		h->v[m] = h->v[m - 1];
	h->v[m] = *o;
	return true;
}

bool ledger_history_payment(ledger_history *h, const ledger_payment *p)
{
	if (p->date == LEDGER_NO_DAY)
		return true;
	if (ledger_is_contact(LEDGER_PAYMENT, NULL))
		ledger_contact_take(&h->last_contact, p->date);
	if (!vec_room(&h->p, &h->pcap, h->np, sizeof *h->p))
		return false;
	size_t m = h->np++;
	for (; m > 0 && h->p[m - 1].date > p->date; m--)
		h->p[m] = h->p[m - 1];
	h->p[m] = *p;
	return true;
}

/* ---- what is due ---- */

/* ---- summaries ---- */

static unsigned char *blob_room(ledger_blob *b, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->n + n)
			cap *= 2;
		unsigned char *p = realloc(b->p, cap);
		if (!p)
			return NULL;
		b->p = p;
		b->cap = cap;
	}
	b->n += n;
	return b->p + b->n - n;
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

void ledger_summary_free(ledger_summary *s)
{
	free(s->today.p), free(s->months.p), free(s->days.p), free(s->before.p), free(s->recv.p);
	memset(s, 0, sizeof *s);
}

bool ledger_summary_has_today(int last_contact, size_t norders)
{
	return last_contact != LEDGER_NO_DAY || norders > 0;
}

bool ledger_summary_make(ledger_summary *s, int last, ledger_order *v, size_t n,
                         const ledger_payment *p, size_t np)
{
	uint32_t first_open = 0;
	unsigned char *q;
	int paid_on = np ? p[np - 1].date : LEDGER_NO_DAY;

	s->months.n = s->days.n = s->recv.n = s->before.n = 0;
	for (size_t k = 0; k < np; k++) {
		/* The morning of the last day of payments: what was due. */
		for (size_t j = 0; p[k].date == paid_on && (k == 0 || p[k - 1].date != paid_on) && j < n; j++) {
			const ledger_order *od = &v[j];
			if (od->date >= paid_on || od->due == LEDGER_NO_DAY || ledger_open(od) == 0)
				continue;
			if (!(q = blob_room(&s->before, 12)))
				return false;
			put32(q, (uint32_t)od->due);
			put64(q + 4, (uint64_t)ledger_open(od));
		}
		ledger_allocate(v, (uint32_t)n, &first_open, p[k].order_uid, p[k].amount);
	}

	for (size_t k = 0; k < n; k++) {
		const ledger_order *od = &v[k];
		int y, m, dd;
		date_to_ymd(od->date, &y, &m, &dd);
		uint32_t key = (uint32_t)ledger_month_key(y, m);
		if (s->months.n && ledger_get32(s->months.p + s->months.n - LEDGER_MONTH_BYTES) == key) {
			q = s->months.p + s->months.n - LEDGER_MONTH_BYTES;
			put64(q + 4, ledger_get64(q + 4) + (uint64_t)od->amount);
		} else {
			if (!(q = blob_room(&s->months, LEDGER_MONTH_BYTES)))
				return false;
			put32(q, key);
			put64(q + 4, (uint64_t)od->amount);
			put64(q + 12, (uint64_t)(int64_t)LEDGER_NO_VOLUME);
		}
		if (od->volume >= 0) {
			int64_t had = ledger_month_volume(q);
			put64(q + 12, (uint64_t)((had < 0 ? 0 : had) + od->volume));
		}
		if (k == 0 || od->date != v[k - 1].date) {
			if (!(q = blob_room(&s->days, 4)))
				return false;
			put32(q, (uint32_t)od->date);
		}
		if (ledger_open(od) == 0)
			continue;
		size_t len = strlen(od->uid);
		if (!(q = blob_room(&s->recv, 25 + len)))
			return false;
		put32(q, (uint32_t)od->date);
		put32(q + 4, (uint32_t)od->due);
		put64(q + 8, (uint64_t)od->amount);
		put64(q + 16, (uint64_t)od->paid);
		q[24] = (unsigned char)len;
		memcpy(q + 25, od->uid, len);
	}

	/* The today blob: the head, then the parts (see ledger.h). */
	s->today.n = 0;
	const unsigned char *latest = s->months.n ? s->months.p + s->months.n - LEDGER_MONTH_BYTES : NULL;
	if (!(q = blob_room(&s->today, LEDGER_TODAY_HEAD + s->days.n + 4 + s->before.n + s->recv.n)))
		return false;
	put32(q, (uint32_t)last);
	put32(q + 4, latest ? ledger_get32(latest) : 0);
	put64(q + 8, latest ? ledger_get64(latest + 4) : 0);
	put32(q + 16, (uint32_t)paid_on);
	put32(q + 20, (uint32_t)(s->days.n / 4));
	q += LEDGER_TODAY_HEAD;
	if (s->days.n)
		memcpy(q, s->days.p, s->days.n);
	q += s->days.n;
	put32(q, (uint32_t)(s->before.n / 12));
	q += 4;
	if (s->before.n)
		memcpy(q, s->before.p, s->before.n);
	q += s->before.n;
	if (s->recv.n)
		memcpy(q, s->recv.p, s->recv.n);
	return true;
}

bool ledger_months_find(const void *blob, size_t len, int key, int64_t *total, int64_t *volume)
{
	const unsigned char *b = blob;

	for (size_t at = 0; b && at + LEDGER_MONTH_BYTES <= len; at += LEDGER_MONTH_BYTES)
		if (ledger_month_at(b + at) == key) {
			if (total)
				*total = ledger_month_total(b + at);
			if (volume)
				*volume = ledger_month_volume(b + at);
			return true;
		}
	return false;
}

bool ledger_summary_of(ledger_summary *s, ledger_history *h)
{
	return ledger_summary_make(s, h->last_contact, h->v, h->n, h->p, h->np);
}

bool ledger_summary_read(ledger_summary_view *v, const void *blob, size_t len)
{
	const unsigned char *b = blob, *end = b + len;

	memset(v, 0, sizeof *v);
	if (!b || len < LEDGER_TODAY_HEAD)
		return false;
	v->end = end;
	v->last_contact = (int)ledger_get32(b);
	v->month = (int)ledger_get32(b + 4);
	v->month_total = (int64_t)ledger_get64(b + 8);
	v->paid_on = (int)ledger_get32(b + 16);
	size_t n = ledger_get32(b + 20);
	b += LEDGER_TODAY_HEAD;
	if ((size_t)(end - b) / 4 < n)
		return true;
	v->days = b;
	v->ndays = n;
	v->days_whole = true;
	b += 4 * n;
	if (end - b < 4)
		return true;
	n = ledger_get32(b);
	b += 4;
	if ((size_t)(end - b) / 12 < n)
		return true;
	v->before = b;
	v->nbefore = n;
	v->open = b + 12 * n;
	v->before_whole = true;
	return true;
}

int64_t ledger_summary_due_before(const ledger_summary_view *v, int day)
{
	int64_t due = 0;

	if (!v->before_whole || v->paid_on != day)
		return 0;
	for (size_t k = 0; k < v->nbefore; k++) {
		const unsigned char *b = v->before + 12 * k;
		if ((int)ledger_get32(b) <= day)
			due += (int64_t)ledger_get64(b + 4);
	}
	return due;
}

int64_t ledger_summary_due_start(const ledger_summary_view *v, int day)
{
	int64_t due = ledger_summary_due_before(v, day);
	ledger_order o;

	for (const unsigned char *at = v->open; ledger_summary_next(v, &at, &o);)
		due += ledger_summary_due_of(v, &o, day);
	return due;
}

bool ledger_months_before(const unsigned char *b, size_t len, int y, int m, int64_t totals[3],
                          int64_t volumes[3], bool *has_volume)
{
	int planned = y * 12 + m - 1;   /* months since year 0 */
	bool any = false, vol = false;

	totals[0] = totals[1] = totals[2] = 0;
	if (volumes)
		volumes[0] = volumes[1] = volumes[2] = 0;
	for (size_t at = 0; b && at + LEDGER_MONTH_BYTES <= len; at += LEDGER_MONTH_BYTES) {
		int key = ledger_month_at(b + at);
		int back = planned - (key / 100 * 12 + key % 100 - 1);
		if (back >= 1 && back <= 3) {
			totals[3 - back] = ledger_month_total(b + at);
			any = true;
			int64_t v = ledger_month_volume(b + at);
			if (volumes && v != LEDGER_NO_VOLUME) {
				volumes[3 - back] = v;
				vol = true;
			}
		}
	}
	if (has_volume)
		*has_volume = vol;
	return any;
}
