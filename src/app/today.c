/* Today: the plan rows, the call queue and the day report's figures, from
 * the store's view of the book, the saved month plan and the settings. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/actfield.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/plan.h"
#include "repdesk/db/today.h"
#include "repdesk/planbook.h"
#include "repdesk/money.h"
#include "repdesk/today.h"
#include "repdesk/i18n.h"

/* A whole-number setting in LO..HI, else DEF (with a warning in T->warn). */
static int setting_int(db *d, today *t, const char *key, int def, int lo, int hi)
{
	char v[64], *end;
	if (db_setting_get(d, key, v, sizeof v) != DB_OK || !v[0])
		return def;
	long n = strtol(v, &end, 10);
	if (end == v || *end || n < lo || n > hi) {
		snprintf(t->warn, sizeof t->warn, _("setting %s: '%.32s' is not a number from %d to %d; using %d"),
		         key, v, lo, hi, def);
		return def;
	}
	return (int)n;
}

static void load_weights(db *d, today *t)
{
	char v[512], why[160];
	t->w = queue_weights_default();
	if (db_setting_get(d, "queue_weights", v, sizeof v) == DB_OK &&
	    !queue_weights_parse(v, &t->w, why, sizeof why))
		snprintf(t->warn, sizeof t->warn, _("setting queue_weights: %.160s; using the defaults"), why);
	if (db_setting_get(d, "queue_cadence", v, sizeof v) == DB_OK &&
	    !queue_cadence_parse(v, &t->w, why, sizeof why))
		snprintf(t->warn, sizeof t->warn, _("setting queue_cadence: %.160s; using the defaults"), why);
}

/* The saved plan's month target and customer targets (base level). */
typedef struct {
	today *t;
	int64_t *cust_target;
	int64_t month;
	int64_t planned[PLAN_MAX_DAYS];   /* the plan's own day figures, by day of month */
	bool found;
	size_t near[TIER_COUNT];     /* where each tier's last customer was found */
} target_ctx;

static void on_customer_target(const char *uid, tier t, int64_t baseline, int64_t target,
                               void *ctx)
{
	target_ctx *tc = ctx;
	/* A plan lists its customers tier by tier, each in table order. */
	const db_today_row *r = db_today_find_near(&tc->t->book, uid, &tc->near[t]);
	(void)baseline;
	if (r)
		tc->cust_target[r - tc->t->book.rows] = target;
}

static bool on_target(const db_target *tg, void *ctx)
{
	target_ctx *tc = ctx;
	if (strcmp(tg->level, planbook_level_names[PB_BASE]) != 0)
		return true;
	if (strcmp(tg->scope, "month") == 0) {
		tc->month = tg->amount;
		tc->found = true;
	} else if (strcmp(tg->scope, "day") == 0) {
		date_day day;
		int y, m, d;
		if (date_parse(tg->key, &day)) {
			date_to_ymd(day, &y, &m, &d);
			tc->planned[d - 1] = tg->amount;
		}
	}
	return true;
}

static void on_customer_line(const char *line, size_t len, void *ctx)
{
	planbook_customer_line(line, len, on_customer_target, ctx);
}

static void fill_customer(const db_today *b, size_t i, int64_t target, date_day *scratch,
                          queue_customer *c)
{
	const db_today_row *r = &b->rows[i];
	queue_outcome o;

	queue_customer_init(c, r->uid);
	if (!queue_status_parse(r->status, &c->status))
		c->status = QUEUE_ACTIVE;
	c->tier = r->tier;
	if (!queue_priority_parse(r->priority, &c->priority))
		c->priority = QUEUE_PRIO_NONE;
	c->rank_class = r->rank_class;
	c->rank_classes = b->rank_classes;
	c->next_call = r->next_call == DB_NO_DAY ? QUEUE_NO_DAY : r->next_call;
	c->next_step = r->next_step == DB_NO_DAY ? QUEUE_NO_DAY : r->next_step;
	c->last_contact = r->last_contact == DB_NO_DAY ? QUEUE_NO_DAY : r->last_contact;
	c->due = r->due;
	c->broken = r->broken;
	c->broken_since = r->broken_since == DB_NO_DAY ? QUEUE_NO_DAY : r->broken_since;
	c->target = target;
	c->achieved = r->month_orders;
	c->other_rep = r->other_rep;
	if (r->ndays) {
		memcpy(scratch, b->order_days + r->days_off, r->ndays * sizeof *scratch);
		queue_order_history(c, scratch, r->ndays);
	}
	for (uint32_t k = 0; k < r->ncalls; k++)
		if (queue_outcome_parse(b->outcomes[r->calls_off + k], &o))
			queue_count_call(c, o);
	if (r->nvisits)
		queue_count_visit(c);
}

status_code today_load(db *d, const calendar *cal, date_day day, today *out, char *err, size_t errsz)
{
	return today_load_part(d, cal, day, NULL, out, err, errsz);
}

status_code today_load_part(db *d, const calendar *cal, date_day day, const db_today_part *part,
                          today *out, char *err, size_t errsz)
{
	return today_load_flags(d, cal, day, part, 0, out, err, errsz);
}

status_code today_load_flags(db *d, const calendar *cal, date_day day, const db_today_part *part,
                           unsigned flags, today *out, char *err, size_t errsz)
{
	int y, m, dd;
	char month[8];
	db_status st;
	date_day *scratch = NULL;
	int64_t *cust_target = NULL;

	memset(out, 0, sizeof *out);
	today_plan *p = &out->plan;
	p->day = day;
	p->calls_target = setting_int(d, out, "daily_calls", TODAY_CALLS_DEFAULT, 0, 100000);
	p->deals_min = setting_int(d, out, "deals_min", TODAY_DEALS_MIN_DEFAULT, 0, 100000);
	p->deals_max = setting_int(d, out, "deals_max", TODAY_DEALS_MAX_DEFAULT, 0, 100000);
	if (p->deals_max < p->deals_min)
		p->deals_max = p->deals_min;
	load_weights(d, out);

	if ((st = db_today_load_flags(d, day, part, flags, &out->book)) != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		return st == DB_BUSY ? STATUS_BUSY : STATUS_IOERR;
	}
	db_today *b = &out->book;
	size_t maxdays = 1;
	for (size_t i = 0; i < b->n; i++)
		if (b->rows[i].ndays > maxdays)
			maxdays = b->rows[i].ndays;
	out->cust = calloc(b->n ? b->n : 1, sizeof *out->cust);
	cust_target = calloc(b->n ? b->n : 1, sizeof *cust_target);
	scratch = malloc(maxdays * sizeof *scratch);
	if (!out->cust || !cust_target || !scratch) {
		snprintf(err, errsz, _("out of memory"));
		goto nomem;
	}

	date_to_ymd(day, &y, &m, &dd);
	snprintf(month, sizeof month, "%04d-%02d", y, m);
	target_ctx tc = { .t = out, .cust_target = cust_target };
	/* The customer lines a piece at a time: they are megabytes. */
	if ((st = db_targets_each_brief(d, month, on_target, &tc)) != DB_OK ||
	    (st = db_target_lines(d, month, planbook_level_names[PB_BASE], "customers", on_customer_line,
	                          &tc)) != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		free(scratch), free(cust_target);
		today_free(out);
		return st == DB_BUSY ? STATUS_BUSY : STATUS_IOERR;
	}
	p->has_plan = tc.found;
	p->month_target = tc.month;
	p->month_achieved = b->month_before + b->sales_today;
	p->workday = calendar_is_workday(cal, day);
	p->next_workday = day;
	for (int i = 0; i < 62 && !calendar_is_workday(cal, p->next_workday); i++)
		p->next_workday++;
	if (tc.found) {
		p->sales_day = plan_respread(tc.month, b->month_before, cal, day);
		if (p->sales_day.next_day) {
			date_to_ymd(p->sales_day.next_day, &y, &m, &dd);
			p->sales_planned = tc.planned[dd - 1];
		}
	}

	for (size_t i = 0; i < b->n; i++) {
		fill_customer(b, i, cust_target[i], scratch, &out->cust[i]);
		const db_today_row *r = &b->rows[i];
		for (uint32_t k = 0; k < r->ncalls; k++) {
			queue_outcome o;
			if (queue_outcome_parse(b->outcomes[r->calls_off + k], &o) && queue_outcome_effective(o))
				p->calls++;
		}
		if (r->broken > 0 && !r->other_rep) {
			p->broken++;
			p->broken_amount += r->broken;
		}
	}
	p->dialed = b->dialed;
	p->visits = b->visits;
	p->deals = b->orders_today;
	p->sales = b->sales_today;
	p->collected = b->paid_today;
	p->due_start = b->due_start;
	p->due_next = b->due_next;
	free(scratch);
	free(cust_target);
	return STATUS_OK;
nomem:
	free(scratch);
	free(cust_target);
	today_free(out);
	return STATUS_IOERR;
}

void today_free(today *t)
{
	db_today_free(&t->book);
	free(t->cust);
	t->cust = NULL;
}

void today_words_read(db *d, date_day day, queue_customer *c, char *step, size_t stepsz)
{
	if (c->last_contact == QUEUE_NO_DAY && db_today_tries(d, day, c->uid, &c->tries) != DB_OK)
		c->tries = 0;
	if (c->next_step != QUEUE_NO_DAY && c->next_step <= day && stepsz &&
	    db_today_step(d, day, c->uid, step, stepsz) == DB_OK)
		c->step = step;
}

int today_calls_left(const today *t)
{
	int left = t->plan.calls_target - t->plan.calls;
	return left > 0 ? left : 0;
}

size_t today_queue(const today *t, size_t limit, queue_entry *out, size_t *in_queue)
{
	return queue_rank(t->cust, t->book.n, t->plan.day, &t->w, limit, out, in_queue);
}

const db_today_row *today_row(const today *t, const queue_entry *e)
{
	return &t->book.rows[e->index];
}

/* ---- the best of the queue, a slice of the book at a time ---- */

/* Better first: higher score, then uid (queue_rank's order). */
static int pick_cmp(const void *a, const void *b)
{
	const today_pick *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->uid, y->uid);
}

void today_top_free(today_top *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->pick[i].name);
	free(t->pick);
	memset(t, 0, sizeof *t);
}

status_code today_top_load(db *d, const calendar *cal, date_day day, size_t limit, size_t slice,
                         today_top *out, char *err, size_t errsz)
{
	return today_top_load_only(d, cal, day, limit, slice, NULL, out, err, errsz);
}

status_code today_only_read(db *d, const db_filter *f, today_only *out, char *err, size_t errsz)
{
	memset(out, 0, sizeof *out);
	db_status st = db_customer_ids(d, f, &out->id, &out->n);
	if (st != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		return status_from_db(st);
	}
	return STATUS_OK;
}

void today_only_free(today_only *o)
{
	free(o->id);
	memset(o, 0, sizeof *o);
}

/* Both in id order: one walk along the two. */
void today_only_apply(today *t, const today_only *only)
{
	size_t k = 0;

	for (size_t i = 0; i < t->book.n; i++) {
		int64_t id = t->book.ids[i];
		while (k < only->n && only->id[k] < id)
			k++;
		if (k == only->n || only->id[k] != id)
			t->cust[i].status = QUEUE_DNC;
	}
}

status_code today_top_load_only(db *d, const calendar *cal, date_day day, size_t limit,
                                size_t slice, const today_only *only, today_top *out, char *err,
                                size_t errsz)
{
	return today_top_load_ranked(d, cal, day, limit, slice, only, out, NULL, err, errsz);
}

void today_ranking_free(today_ranking *r)
{
	free(r->id);
	free(r->score);
	free(r->uid);
	memset(r, 0, sizeof *r);
}

/* Every queued customer of T (the whole queue, before any narrowing) onto R. */
static bool rank_take(today_ranking *r, const today *t)
{
	for (size_t i = 0; i < t->book.n; i++) {
		if (queue_state_of(&t->cust[i], t->plan.day) != QUEUE_IN)
			continue;
		if (r->n == r->cap) {
			size_t cap = r->cap ? 2 * r->cap : 4096;
			int64_t *id = realloc(r->id, cap * sizeof *id);
			if (id)
				r->id = id;
			int *sc = realloc(r->score, cap * sizeof *sc);
			if (sc)
				r->score = sc;
			char (*u)[UID_BUFSZ] = realloc(r->uid, cap * sizeof *u);
			if (u)
				r->uid = u;
			if (!id || !sc || !u)
				return false;
			r->cap = cap;
		}
		r->id[r->n] = t->book.ids[i];
		snprintf(r->uid[r->n], sizeof *r->uid, "%s", t->cust[i].uid ? t->cust[i].uid : "");
		r->score[r->n++] = queue_score(&t->cust[i], t->plan.day, &t->w, NULL, NULL);
	}
	return true;
}

status_code today_top_load_ranked(db *d, const calendar *cal, date_day day, size_t limit,
                                  size_t slice, const today_only *only, today_top *out,
                                  today_ranking *rank, char *err, size_t errsz)
{
	db_today_part part = { .after_id = 0, .limit = slice ? slice : 50000 };
	queue_entry *e = NULL;
	status_code st = STATUS_OK;
	bool first = true;

	memset(out, 0, sizeof *out);
	if (rank)
		memset(rank, 0, sizeof *rank);
	if (!limit)
		limit = 1;
	out->pick = malloc(2 * limit * sizeof *out->pick);
	e = malloc(limit * sizeof *e);
	if (!out->pick || !e) {
		snprintf(err, errsz, _("out of memory"));
		st = STATUS_IOERR;
		goto out;
	}
	for (;;) {
		today t;
		/* Picks need no list of open orders. */
		if ((st = today_load_flags(d, cal, day, &part, DB_TODAY_NO_RECEIVABLES, &t, err, errsz)) != STATUS_OK)
			goto out;
		if (rank && !rank_take(rank, &t)) {
			today_free(&t);
			snprintf(err, errsz, _("out of memory"));
			st = STATUS_IOERR;
			goto out;
		}
		if (only)
			today_only_apply(&t, only);
		if (first) {
			out->plan = t.plan;         /* the book's totals, and the settings */
			out->w = t.w;
			memcpy(out->warn, t.warn, sizeof out->warn);
			first = false;
		} else {                        /* the slice's customers' figures */
			out->plan.calls += t.plan.calls;
			out->plan.broken += t.plan.broken;
			out->plan.broken_amount += t.plan.broken_amount;
			out->plan.due_start += t.plan.due_start;
			out->plan.due_next += t.plan.due_next;
		}
		if (!t.book.n) {
			today_free(&t);
			break;
		}
		size_t in = 0, n = today_queue(&t, limit, e, &in);
		out->in_queue += in;
		for (size_t i = 0; i < n && st == STATUS_OK; i++) {
			const db_today_row *r = today_row(&t, &e[i]);
			today_pick *pk = &out->pick[out->n];
			memset(pk, 0, sizeof *pk);
			snprintf(pk->uid, sizeof pk->uid, "%s", r->uid);
			pk->tier = r->tier;
			pk->cust = t.cust[e[i].index];
			pk->score = e[i].score;
			if (!(pk->name = strdup(r->name))) {
				snprintf(err, errsz, _("out of memory"));
				st = STATUS_IOERR;
				break;
			}
			out->n++;
		}
		part.after_id = t.book.last_id;
		today_free(&t);
		if (st != STATUS_OK)
			goto out;
		/* Keep the best LIMIT so far. */
		if (out->n > limit) {
			qsort(out->pick, out->n, sizeof *out->pick, pick_cmp);
			for (size_t i = limit; i < out->n; i++)
				free(out->pick[i].name);
			out->n = limit;
		}
	}
	qsort(out->pick, out->n, sizeof *out->pick, pick_cmp);
	for (size_t i = 0; i < out->n; i++)
		out->pick[i].cust.uid = out->pick[i].uid;
	if (rank) {
		rank->day = day;
		rank->plan = out->plan;
		rank->w = out->w;
		memcpy(rank->warn, out->warn, sizeof rank->warn);
	}
out:
	free(e);
	if (st != STATUS_OK) {
		today_top_free(out);
		if (rank)
			today_ranking_free(rank);
	}
	return st;
}

/* The K-th largest (1: the largest) of V[0..N-1], 1 <= K <= N; V is
 * reordered. */
static int kth_largest(int *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n, want = k - 1;    /* [LO, HI) holds place WANT */

	while (hi - lo > 1) {
		int pivot = v[lo + (hi - lo) / 2], x;
		size_t lt = lo, i = lo, gt = hi;  /* > pivot | = pivot | < pivot */
		while (i < gt) {
			if (v[i] > pivot) {
				x = v[lt], v[lt++] = v[i], v[i++] = x;
			} else if (v[i] < pivot) {
				x = v[--gt], v[gt] = v[i], v[i] = x;
			} else {
				i++;
			}
		}
		if (want < lt)
			hi = lt;
		else if (want >= gt)
			lo = gt;
		else
			return pivot;
	}
	return v[want];
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Ties go by uid (queue_rank's order): indices into the ranking. */
static const today_ranking *tie_rank;
static int tie_cmp(const void *a, const void *b)
{
	return strcmp(tie_rank->uid[*(const size_t *)a], tie_rank->uid[*(const size_t *)b]);
}

status_code today_top_narrow(db *d, const calendar *cal, size_t limit, const today_ranking *rank,
                             const today_only *only, today_top *out, char *err, size_t errsz)
{
	status_code st = STATUS_OK;
	size_t count = 0, ntake = 0, k = 0, ntied = 0;
	int *sc = NULL;
	size_t *mem = NULL;
	int64_t *take = NULL;
	queue_entry *e = NULL;
	today t;
	bool loaded = false;

	memset(out, 0, sizeof *out);
	out->plan = rank->plan;
	out->w = rank->w;
	memcpy(out->warn, rank->warn, sizeof out->warn);
	if (!limit)
		limit = 1;
	/* The queue's members (by place in RANK), and their scores. */
	if (!(sc = malloc((rank->n ? rank->n : 1) * sizeof *sc)) ||
	    !(mem = malloc((rank->n ? rank->n : 1) * sizeof *mem)))
		goto nomem;
	for (size_t i = 0; i < rank->n; i++) {
		if (only) {
			while (k < only->n && only->id[k] < rank->id[i])
				k++;
			if (k == only->n)
				break;
			if (only->id[k] != rank->id[i])
				continue;
		}
		mem[count] = i;
		sc[count++] = rank->score[i];
	}
	out->in_queue = count;
	if (!count)
		goto done;
	/* The best LIMIT: every member above the LIMIT-th best score, then
	 * those at that score by uid. */
	int cut = count <= limit ? INT_MIN : kth_largest(sc, count, limit);
	if (!(take = malloc((count < limit ? count : limit) * sizeof *take)))
		goto nomem;
	for (size_t j = 0; j < count; j++) {
		size_t i = mem[j];
		if (rank->score[i] > cut)
			take[ntake++] = rank->id[i];
		else if (rank->score[i] == cut)
			mem[ntied++] = i;         /* behind J: MEM's place J is read */
	}
	if (ntake + ntied > limit) {
		tie_rank = rank;
		qsort(mem, ntied, sizeof *mem, tie_cmp);
		ntied = limit - ntake;
	}
	for (size_t j = 0; j < ntied; j++)
		take[ntake++] = rank->id[mem[j]];
	qsort(take, ntake, sizeof *take, id_cmp);
	db_today_part part = { .ids = take, .nids = ntake };
	if ((st = today_load_flags(d, cal, rank->day, &part, DB_TODAY_NO_RECEIVABLES, &t, err, errsz)) !=
	    STATUS_OK)
		goto out;
	loaded = true;
	size_t in = 0, n;
	if (!(e = malloc(ntake * sizeof *e)) || !(out->pick = malloc(ntake * sizeof *out->pick)))
		goto nomem;
	n = today_queue(&t, ntake, e, &in);
	if (in != ntake) {
		/* The book is not as it was ranked: the caller reads it all again. */
		snprintf(err, errsz, "%s", "");
		st = STATUS_BUSY;
		goto out;
	}
	if (n > limit)
		n = limit;
	for (size_t i = 0; i < n; i++) {
		const db_today_row *r = today_row(&t, &e[i]);
		today_pick *pk = &out->pick[out->n];
		memset(pk, 0, sizeof *pk);
		snprintf(pk->uid, sizeof pk->uid, "%s", r->uid);
		pk->tier = r->tier;
		pk->cust = t.cust[e[i].index];
		pk->cust.uid = pk->uid;
		pk->score = e[i].score;
		if (!(pk->name = strdup(r->name)))
			goto nomem;
		out->n++;
	}
done:
	st = STATUS_OK;
	goto out;
nomem:
	snprintf(err, errsz, _("out of memory"));
	st = STATUS_IOERR;
out:
	if (loaded)
		today_free(&t);
	free(e), free(take), free(sc), free(mem);
	if (st != STATUS_OK)
		today_top_free(out);
	return st;
}

int today_payment_days(db *d)
{
	char buf[32], *end;

	if (db_setting_get(d, "payment_days", buf, sizeof buf) != DB_OK || !buf[0])
		return -1;
	long n = strtol(buf, &end, 10);
	return end != buf && !*end && n >= 0 && n <= TODAY_PAYMENT_DAYS_MAX ? (int)n : -1;
}

int today_payment_term(db *d, const char *uid)
{
	db_customer *c = uid && *uid ? db_customer_load(d, uid) : NULL;
	int64_t own = c ? c->payment_days : DB_NULL;
	db_customer_free(c);
	return own != DB_NULL && own >= 0 && own <= TODAY_PAYMENT_DAYS_MAX ? (int)own : today_payment_days(d);
}

int today_order_due(db *d, const char *uid, date_day date)
{
	int term = today_payment_term(d, uid);
	return term < 0 ? DB_NO_DAY : date + term;
}

typedef struct {
	char order_uid[UID_BUFSZ], customer_uid[UID_BUFSZ];
	date_day date;
} undated_order;

status_code today_apply_terms(db *d, const calendar *cal, date_day day, const char *customer_uid,
                              size_t *filled, char *err, size_t errsz)
{
	today t;
	undated_order *v = NULL;
	size_t n = 0;

	*filled = 0;
	/* No term anywhere: nothing to give, and no need to read the day. */
	bool own_terms = false;
	if (today_payment_days(d) < 0) {
		db_status ts = db_customers_have_terms(d, &own_terms);
		if (ts != DB_OK) {
			snprintf(err, errsz, "%s", db_error(d));
			return status_from_db(ts);
		}
		if (!own_terms)
			return STATUS_OK;
	}
	status_code st = today_load(d, cal, day, &t, err, errsz);
	if (st != STATUS_OK)
		return st;
	v = malloc((t.book.nrecv ? t.book.nrecv : 1) * sizeof *v);
	if (!v) {
		today_free(&t);
		snprintf(err, errsz, _("out of memory"));
		return STATUS_IOERR;
	}
	for (size_t i = 0; i < t.book.nrecv; i++) {
		const db_receivable *rv = &t.book.recv[i];
		const db_today_row *r = &t.book.rows[rv->row];
		if (rv->due != DB_NO_DAY || r->other_rep || (customer_uid && strcmp(r->uid, customer_uid) != 0))
			continue;
		snprintf(v[n].order_uid, sizeof v[n].order_uid, "%s", rv->order_uid);
		snprintf(v[n].customer_uid, sizeof v[n].customer_uid, "%s", r->uid);
		v[n++].date = rv->date;
	}
	today_free(&t);

	db_status ds = n ? db_begin(d) : DB_OK;
	size_t done = 0;
	for (size_t i = 0; i < n && ds == DB_OK; i++) {
		int due = today_order_due(d, v[i].customer_uid, v[i].date);
		if (due == DB_NO_DAY)
			continue;
		actrow r;
		ds = actrow_load(d, DB_ORDERS, v[i].order_uid, &r);
		if (ds != DB_OK)
			break;
		if (!r.a.due[0]) {
			int result = 0;
			date_format(due, r.a.due);
			ds = db_activity_upsert(d, DB_ORDERS, &r.a, &result);
			done += result != 0;
		}
		actrow_free(&r);
	}
	free(v);
	if (n && ds == DB_OK)
		ds = db_commit(d);
	else if (n)
		db_rollback(d);
	if (ds != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		return ds == DB_INVALID ? STATUS_DATAERR : status_from_db(ds);
	}
	*filled = done;
	return STATUS_OK;
}
