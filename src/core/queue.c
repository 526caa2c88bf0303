/* The call queue's score: a sum of weight x factor terms in centi-points, and
 * a top-k heap that ranks without allocating. Every number is an integer, and
 * every day difference is clamped, so odd dates from a hand-edited database
 * rank oddly but never overflow. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/err.h"
#include "repdesk/money.h"
#include "repdesk/queue.h"
#include "repdesk/rank.h"
#include "repdesk/text.h"
#include "repdesk/i18n.h"

#define DAYS_CLAMP 999999           /* day differences kept to six digits */
#define RAMP_START 50               /* follow-up and broken promise: the day itself */
#define RAMP_STEP  5                /* +5 a day, full at 10 days */

static const int tier_factor[TIER_COUNT] = { 100, 80, 60, 40, 20 };

#define QUEUE_TEXT(name, text) text,
static const char *const outcome_names[QUEUE_OUTCOME_COUNT] = { QUEUE_X_OUTCOMES(QUEUE_TEXT) };
static const char *const state_texts[] = { QUEUE_X_STATES(QUEUE_TEXT) };
#undef QUEUE_TEXT

static const char *const status_names[] = { "active", "prospect", "lost", "do-not-call" };
static const char *const priority_names[] = { "", "key", "medium", "small" };

/* ---- Customers ---- */

void queue_customer_init(queue_customer *c, const char *uid)
{
	memset(c, 0, sizeof *c);
	c->uid = uid;
	c->status = QUEUE_ACTIVE;
	c->tier = TIER_NONE;
	c->priority = QUEUE_PRIO_NONE;
	c->next_call = QUEUE_NO_DAY;
	c->next_step = QUEUE_NO_DAY;
	c->last_contact = QUEUE_NO_DAY;
	c->broken_since = QUEUE_NO_DAY;
	c->last_order = QUEUE_NO_DAY;
	c->reached = QUEUE_NOT_REACHED;
}

void queue_count_call(queue_customer *c, queue_outcome o)
{
	switch (o) {
	case QUEUE_NO_ANSWER:
	case QUEUE_BUSY:
		if (c->attempts < INT_MAX)
			c->attempts++;
		break;
	case QUEUE_CALLBACK:
		c->reached = QUEUE_CALLED_BACK;
		break;
	case QUEUE_REFUSED:
		c->reached = QUEUE_REFUSED_TODAY;
		break;
	case QUEUE_EFFECTIVE:
	case QUEUE_ORDER:
	case QUEUE_AFTER_SALES:
		c->reached = QUEUE_REACHED;
		break;
	case QUEUE_OUTCOME_COUNT:
		break;
	}
}

void queue_count_visit(queue_customer *c)
{
	c->reached = QUEUE_REACHED;
}

static int day_cmp(const void *a, const void *b)
{
	date_day x = *(const date_day *)a, y = *(const date_day *)b;

	return (x > y) - (x < y);
}

/* Day difference TO - FROM, clamped. */
static int days_between(date_day from, date_day to)
{
	long long d = (long long)to - (long long)from;

	if (d > DAYS_CLAMP)
		return DAYS_CLAMP;
	if (d < -DAYS_CLAMP)
		return -DAYS_CLAMP;
	return (int)d;
}

/* A customer has a few dozen order days, often already in order: insertion
 * sort is linear then, where qsort costs a call per comparison. */
static void sort_days(date_day *v, size_t n)
{
	if (n > 64) {
		qsort(v, n, sizeof *v, day_cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		date_day x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

void queue_order_history(queue_customer *c, date_day *days, size_t n)
{
	size_t m = 0;

	c->orders = 0;
	c->order_gap = 0;
	c->last_order = QUEUE_NO_DAY;
	if (n == 0)
		return;
	sort_days(days, n);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || days[i] != days[m - 1])
			days[m++] = days[i];
	c->orders = m > INT_MAX ? INT_MAX : (int)m;
	c->last_order = days[m - 1];
	if (m < 3)
		return;
	/* Gaps in place: days[i] only feeds gaps i-1 and i, read before it is overwritten. */
	for (size_t i = 0; i + 1 < m; i++)
		days[i] = days_between(days[i], days[i + 1]);
	size_t g = m - 1;
	sort_days(days, g);
	if (g % 2)
		c->order_gap = days[g / 2];
	else
		c->order_gap = (int)(((long long)days[g / 2 - 1] + days[g / 2]) / 2);
}

static bool lookup(const char *const *names, int count, const char *s, int *out)
{
	if (!s)
		return false;
	for (int i = 0; i < count; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return true;
		}
	return false;
}

bool queue_status_parse(const char *s, queue_status *out)
{
	int i;

	if (!lookup(status_names, 4, s, &i))
		return false;
	*out = (queue_status)i;
	return true;
}

const char *queue_status_name(queue_status s)
{
	return s >= QUEUE_ACTIVE && s <= QUEUE_DNC ? status_names[s] : "";
}

bool queue_priority_parse(const char *s, queue_priority *out)
{
	int i;

	if (!lookup(priority_names, 4, s, &i))
		return false;
	*out = (queue_priority)i;
	return true;
}

const char *queue_priority_name(queue_priority p)
{
	return p >= QUEUE_PRIO_NONE && p <= QUEUE_PRIO_SMALL ? priority_names[p] : "";
}

bool queue_outcome_parse(const char *s, queue_outcome *out)
{
	int i;

	if (!lookup(outcome_names, QUEUE_OUTCOME_COUNT, s, &i))
		return false;
	*out = (queue_outcome)i;
	return true;
}

const char *queue_outcome_name(queue_outcome o)
{
	return o >= 0 && o < QUEUE_OUTCOME_COUNT ? outcome_names[o] : "";
}

bool queue_outcome_effective(queue_outcome o)
{
	return o >= 0 && o < QUEUE_OUTCOME_COUNT && o != QUEUE_NO_ANSWER && o != QUEUE_BUSY &&
	       o != QUEUE_REFUSED;
}

/* ---- State ---- */

queue_state queue_state_of(const queue_customer *c, date_day today)
{
	if (c->other_rep || c->status == QUEUE_DNC)
		return c->other_rep ? QUEUE_OUT_OTHER_REP : QUEUE_OUT_DNC;
	if (c->status != QUEUE_ACTIVE && c->status != QUEUE_PROSPECT)
		return QUEUE_OUT_LOST;
	switch (c->reached) {
	case QUEUE_REACHED:
		return QUEUE_OUT_REACHED;
	case QUEUE_REFUSED_TODAY:
		return QUEUE_OUT_REFUSED;
	case QUEUE_CALLED_BACK:
		return c->next_call != QUEUE_NO_DAY && c->next_call > today ? QUEUE_OUT_LATER
									    : QUEUE_IN;
	case QUEUE_NOT_REACHED:
		break;
	}
	return QUEUE_IN;
}

const char *queue_state_text(queue_state s)
{
	return s >= QUEUE_IN && s <= QUEUE_OUT_OTHER_REP ? state_texts[s] : "";
}

/* ---- Factors ---- */

/* 50 on the day, +5 a day, 100 from ten days on. */
static int ramp(int days)
{
	if (days < 0)
		return 0;
	if (days >= (100 - RAMP_START) / RAMP_STEP)
		return 100;
	return RAMP_START + RAMP_STEP * days;
}

/* 10^(i/10) x 1000, rounded: the mantissas of a decade in tenths. */
static const int mantissa[11] = { 1000, 1259, 1585, 1995, 2512, 3162, 3981, 5012, 6310, 7943, 10000 };

/* 20 x log10(whole yuan), capped at 100 (¥100,000); 0 below ¥1. The
 * logarithm is interpolated between tenths of a decade: within 0.1 point. */
static int money_factor(int64_t fen)
{
	if (fen < 100)
		return 0;
	int64_t y = fen / 100;
	if (y >= 100000)
		return 100;
	int k = 0;
	int64_t p = 1;
	while (y >= p * 10) {
		p *= 10;
		k++;
	}
	int m = (int)(y * 1000 / p);	/* 1000..9999 */
	int i = 0;
	while (m >= mantissa[i + 1])
		i++;
	int milli = k * 1000 + i * 100 + 100 * (m - mantissa[i]) / (mantissa[i + 1] - mantissa[i]);
	return milli / 50;
}

/* OVER as a percent of WHOLE, rounded up, capped at 100; 0 unless both > 0. */
static int part_of(int64_t over, int64_t whole)
{
	if (over <= 0 || whole <= 0)
		return 0;
	if (over >= whole)
		return 100;
	return (int)((over * 100 + whole - 1) / whole);
}

static int64_t clamp_money(int64_t fen)
{
	return fen < 0 ? 0 : fen > MONEY_MAX_FEN ? MONEY_MAX_FEN : fen;
}

static int clamp_weight(int v)
{
	return v < 0 ? 0 : v > QUEUE_WEIGHT_MAX ? QUEUE_WEIGHT_MAX : v;
}

typedef struct {
	const queue_weights *w;
	queue_term *terms;        /* NULL when only the score is wanted */
	int n;
	int score;
} scoring;

/* Add term ID at FACTOR (attempt: the attempts counted), with the numbers its
 * words need. Scalars, not a struct: ranking scores every customer. */
static void add(scoring *s, queue_term_id id, int factor, int64_t amount, int days, int ref,
		tier t)
{
	int weight = clamp_weight(s->w->weight[id]);
	int points = id == QUEUE_T_ATTEMPT ? -weight * factor : weight * factor / 100;

	if (points == 0)
		return;
	s->score += points;
	if (s->terms) {
		queue_term *q = &s->terms[s->n];
		q->id = id;
		q->points = points;
		q->amount = amount;
		q->days = days;
		q->ref = ref;
		q->tier = t;
		q->text = NULL;
	}
	s->n++;
}

int queue_score(const queue_customer *c, date_day today, const queue_weights *w,
		queue_term *terms, int *nterms)
{
	scoring s = { w, terms, 0, 0 };
	tier tr = c->tier >= TIER_S && c->tier < TIER_COUNT ? c->tier : TIER_D;
	bool callback = c->reached == QUEUE_CALLED_BACK;
	bool scheduled = c->next_call != QUEUE_NO_DAY && c->next_call > today;
	int days;

	/* A follow-up is done once the customer is reached on or after its day;
	 * an opportunity's next step once it is done or moved on. The older of
	 * the two counts (the step on a tie: its words say more). */
	bool follow = c->next_call != QUEUE_NO_DAY && c->next_call <= today &&
	              (c->last_contact == QUEUE_NO_DAY || c->last_contact < c->next_call);
	bool step = c->next_step != QUEUE_NO_DAY && c->next_step <= today;
	if (!callback && (follow || step)) {
		bool by_step = step && (!follow || c->next_step <= c->next_call);
		days = days_between(by_step ? c->next_step : c->next_call, today);
		int before = s.n;
		add(&s, QUEUE_T_FOLLOWUP, ramp(days), 0, days, by_step, TIER_NONE);
		if (by_step && terms && s.n > before)
			terms[before].text = c->step;
	}
	if (callback)
		add(&s, QUEUE_T_CALLBACK, 100, 0, 0, 0, TIER_NONE);

	int64_t due = clamp_money(c->due);
	if (due > 0)
		add(&s, QUEUE_T_MONEY, money_factor(due), due, 0, 0, TIER_NONE);
	int64_t broken = clamp_money(c->broken);
	if (broken > 0 && c->broken_since != QUEUE_NO_DAY && c->broken_since < today) {
		days = days_between(c->broken_since, today);
		add(&s, QUEUE_T_BROKEN, money_factor(broken) * ramp(days) / 100, broken, days, 0,
		    TIER_NONE);
	}

	if (!scheduled) {
		int cadence = w->cadence[tr] >= 1 ? w->cadence[tr] : 1;
		if (c->last_contact == QUEUE_NO_DAY) {
			add(&s, QUEUE_T_CADENCE, 100, c->tries > 0 ? c->tries : 0, -1, cadence, tr);
		} else {
			days = days_between(c->last_contact, today);
			add(&s, QUEUE_T_CADENCE, part_of((int64_t)days - cadence, cadence), 0, days,
			    cadence, tr);
		}
	}

	if (c->orders >= 3 && c->order_gap >= 1 && c->last_order != QUEUE_NO_DAY) {
		days = days_between(c->last_order, today);
		add(&s, QUEUE_T_REORDER, part_of((int64_t)days - c->order_gap, c->order_gap), 0, days,
		    c->order_gap, TIER_NONE);
	}

	int64_t target = clamp_money(c->target);
	if (target > 0) {
		int64_t left = target - clamp_money(c->achieved);
		int pct = part_of(left, target);
		add(&s, QUEUE_T_TARGET, pct, left, 0, pct, TIER_NONE);
	}

	if (c->rank_classes > 0)
		add(&s, QUEUE_T_PRIORITY, rank_percent(c->rank_class, c->rank_classes),
		    c->rank_classes, 0, (int)c->rank_class, TIER_NONE);
	else if (c->priority == QUEUE_PRIO_KEY || c->priority == QUEUE_PRIO_MEDIUM)
		add(&s, QUEUE_T_PRIORITY, c->priority == QUEUE_PRIO_KEY ? 100 : 50, 0, 0,
		    (int)c->priority, TIER_NONE);

	add(&s, QUEUE_T_TIER, tier_factor[tr], 0, 0, 0, tr);

	if (c->attempts > 0)
		add(&s, QUEUE_T_ATTEMPT,
		    c->attempts < QUEUE_ATTEMPTS_CAP ? c->attempts : QUEUE_ATTEMPTS_CAP, 0, 0,
		    c->attempts, TIER_NONE);

	if (nterms)
		*nterms = s.n;
	return s.score;
}

/* ---- Ranking ---- */

/* The first 16 bytes of a uid as two big-endian integers, NUL-padded: they
 * compare as strcmp compares those bytes, so most ties on score are settled
 * without touching the strings (uids of one import share their leading,
 * time-ordered digits, so 8 bytes would not do). */
static void uid_key(const char *uid, uint64_t key[2])
{
	unsigned char b[16] = { 0 };

	memcpy(b, uid, strnlen(uid, sizeof b));
	key[0] = key[1] = 0;
	for (int i = 0; i < 8; i++) {
		key[0] = key[0] << 8 | b[i];
		key[1] = key[1] << 8 | b[8 + i];
	}
}

/* Whether A ranks before B: higher score, then smaller uid, then index. */
static inline bool before(const queue_entry *a, const queue_entry *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	if (a->key_[0] != b->key_[0])
		return a->key_[0] < b->key_[0];
	if (a->key_[1] != b->key_[1])
		return a->key_[1] < b->key_[1];
	/* The first 16 bytes are equal: the rest decides, if there is a rest. */
	if (a->key_[1] & 0xff) {
		int c = strcmp(a->uid + 16, b->uid + 16);
		if (c)
			return c < 0;
	}
	return a->index < b->index;
}

static inline void swap(queue_entry *a, queue_entry *b)
{
	queue_entry t = *a;
	*a = *b;
	*b = t;
}

/* A heap with the worst entry at the root (a parent ranks after its
 * children): a newcomer to the best LIMIT only has to beat the root. */
static void sift_down(queue_entry *h, size_t size, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, worst = i;
		if (l < size && before(&h[worst], &h[l]))
			worst = l;
		if (l + 1 < size && before(&h[worst], &h[l + 1]))
			worst = l + 1;
		if (worst == i)
			return;
		swap(&h[i], &h[worst]);
		i = worst;
	}
}

static void heapify(queue_entry *h, size_t size)
{
	for (size_t k = size / 2; k-- > 0;)
		sift_down(h, size, k);
}

/* Best first, in place: quicksort (median of three, Hoare), insertion sort for
 * short runs, heapsort past a depth limit so no input is quadratic. Entries
 * are all distinct (the index settles every tie), which Hoare's scheme likes. */
static void sort_entries(queue_entry *a, size_t n, int depth)
{
	while (n > 16) {
		if (depth-- <= 0) {
			heapify(a, n);
			for (size_t k = n; k > 1; k--) {
				swap(&a[0], &a[k - 1]);
				sift_down(a, k - 1, 0);
			}
			return;
		}
		size_t mid = (n - 1) / 2;
		if (before(&a[mid], &a[0]))
			swap(&a[mid], &a[0]);
		if (before(&a[n - 1], &a[0]))
			swap(&a[n - 1], &a[0]);
		if (before(&a[n - 1], &a[mid]))
			swap(&a[n - 1], &a[mid]);
		queue_entry pivot = a[mid];
		size_t i = 0, j = n - 1;
		for (;;) {
			while (before(&a[i], &pivot))
				i++;
			while (before(&pivot, &a[j]))
				j--;
			if (i >= j)
				break;
			swap(&a[i], &a[j]);
			i++;
			j--;
		}
		/* [0, j] and [j + 1, n): recurse into the smaller, loop on the larger. */
		size_t left = j + 1;
		if (left < n - left) {
			sort_entries(a, left, depth);
			a += left;
			n -= left;
		} else {
			sort_entries(a + left, n - left, depth);
			n = left;
		}
	}
	for (size_t k = 1; k < n; k++) {
		queue_entry e = a[k];
		size_t m = k;
		for (; m > 0 && before(&e, &a[m - 1]); m--)
			a[m] = a[m - 1];
		a[m] = e;
	}
}

size_t queue_rank(const queue_customer *cust, size_t n, date_day today, const queue_weights *w,
		  size_t limit, queue_entry *out, size_t *in_queue)
{
	size_t count = 0, kept = 0;

	for (size_t i = 0; i < n; i++) {
		if (queue_state_of(&cust[i], today) != QUEUE_IN)
			continue;
		count++;
		if (limit == 0)
			continue;
		queue_entry e;
		e.score = queue_score(&cust[i], today, w, NULL, NULL);
		if (kept == limit && e.score < out[0].score)
			continue;	/* the common case, settled cheaply */
		e.index = i;
		e.uid = cust[i].uid ? cust[i].uid : "";
		uid_key(e.uid, e.key_);
		if (kept < limit) {
			out[kept++] = e;
			/* Full with customers still to come: keep only the best LIMIT. */
			if (kept == limit && i + 1 < n)
				heapify(out, kept);
		} else if (before(&e, &out[0])) {
			out[0] = e;
			sift_down(out, kept, 0);
		}
	}
	int depth = 0;
	for (size_t k = kept; k > 1; k >>= 1)
		depth += 2;
	sort_entries(out, kept, depth);
	if (in_queue)
		*in_queue = count;
	return kept;
}

/* ---- Words ---- */

const char *queue_words_en(const char *msgid)
{
	return msgid;
}

const char *queue_words_local(const char *msgid)
{
	return gettext(msgid);
}

/* TR applied to a format: the attribute keeps the format checked against
 * its arguments whatever the translation function. */
__attribute__((format_arg(2)))
static const char *say(queue_words tr, const char *msgid)
{
	return tr ? tr(msgid) : msgid;
}

/* An opportunity's next step due: "next step due: WORDS", the words made
 * safe and cut to QUEUE_STEP_WIDTH columns, and cut further (never inside a
 * character) when BUF is short. */
static void step_format(const queue_term *t, queue_words tr, char *buf, size_t bufsz)
{
	char words[QUEUE_STEP_WIDTH * 4 + 8], safe[QUEUE_STEP_WIDTH * 8 + 8];
	int width = QUEUE_STEP_WIDTH;

	if (!t->text || !*t->text) {
		if (t->days > 0)
			snprintf(buf, bufsz, say(tr, N_("next step overdue %dd")), t->days);
		else
			snprintf(buf, bufsz, "%s", say(tr, N_("next step due")));
		return;
	}
	/* Only the first stretch of the step can show (text_fit cuts it, and
	 * shows what would act on a terminal as text); breaks become spaces. */
	snprintf(safe, sizeof safe, "%s", t->text);
	for (char *p = safe; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	for (;;) {
		text_fit(safe, width, false, words, sizeof words);
		size_t n = strlen(words);
		while (n > 0 && words[n - 1] == ' ')
			words[--n] = '\0';
		int w = t->days > 0 ? snprintf(buf, bufsz, say(tr, N_("next step overdue %dd: %s")),
		                               t->days, words)
		                    : snprintf(buf, bufsz, say(tr, N_("next step due: %s")), words);
		if (w < 0 || (size_t)w < bufsz || width <= 1)
			break;
		width--;
	}
}

char *queue_term_format(const queue_term *t, queue_words tr, char *buf, size_t bufsz)
{
	char m[MONEY_BUFSZ];

	if (!bufsz)
		return buf;
	switch (t->id) {
	case QUEUE_T_FOLLOWUP:
		if (t->ref == 1) {
			step_format(t, tr, buf, bufsz);
			break;
		}
		if (t->days > 0)
			snprintf(buf, bufsz, say(tr, N_("follow-up overdue %dd")), t->days);
		else
			snprintf(buf, bufsz, "%s", say(tr, N_("follow-up due")));
		break;
	case QUEUE_T_CALLBACK:
		snprintf(buf, bufsz, "%s", say(tr, N_("callback asked")));
		break;
	case QUEUE_T_MONEY:
		snprintf(buf, bufsz, say(tr, N_("%s due")), money_format(t->amount, m, sizeof m));
		break;
	case QUEUE_T_BROKEN:
		snprintf(buf, bufsz, say(tr, N_("promise broken %dd ago (%s)")), t->days,
			 money_format(t->amount, m, sizeof m));
		break;
	case QUEUE_T_CADENCE:
		/* Two messages rather than a plural, as for the attempts. */
		if (t->days < 0 && t->amount == 1)
			snprintf(buf, bufsz, say(tr, N_("never reached; 1 try (%c: %dd)")),
				 tier_letter(t->tier), t->ref);
		else if (t->days < 0 && t->amount > 1)
			snprintf(buf, bufsz, say(tr, N_("never reached; %d tries (%c: %dd)")),
				 (int)(t->amount < 1000000 ? t->amount : 999999), tier_letter(t->tier), t->ref);
		else if (t->days < 0)
			snprintf(buf, bufsz, say(tr, N_("never contacted (%c: %dd)")),
				 tier_letter(t->tier), t->ref);
		else
			snprintf(buf, bufsz, say(tr, N_("%dd since contact (%c: %dd)")), t->days,
				 tier_letter(t->tier), t->ref);
		break;
	case QUEUE_T_REORDER:
		snprintf(buf, bufsz, say(tr, N_("%dd since order (usually %dd)")), t->days, t->ref);
		break;
	case QUEUE_T_TARGET:
		snprintf(buf, bufsz, say(tr, N_("%s to target (%d%%)")),
			 money_format(t->amount, m, sizeof m), t->ref);
		break;
	case QUEUE_T_PRIORITY:
		if (t->amount > 0) {            /* a class under the ranking rule */
			snprintf(buf, bufsz, say(tr, N_("rank class %d of %d")), t->ref, (int)t->amount);
			break;
		}
		snprintf(buf, bufsz, "%s", say(tr, t->ref == QUEUE_PRIO_KEY ? N_("key customer")
					   : t->ref == QUEUE_PRIO_MEDIUM ? N_("medium priority")
					   : N_("small customer")));
		break;
	case QUEUE_T_TIER:
		snprintf(buf, bufsz, say(tr, N_("tier %c")), tier_letter(t->tier));
		break;
	case QUEUE_T_ATTEMPT:
		/* Two messages rather than a plural: a one-argument translation
		 * cannot choose a form. Chinese has one form for both. */
		if (t->ref == 1)
			snprintf(buf, bufsz, say(tr, N_("%d failed attempt today")), t->ref);
		else
			snprintf(buf, bufsz, say(tr, N_("%d failed attempts today")), t->ref);
		break;
	default:
		buf[0] = '\0';
		break;
	}
	return buf;
}

char *queue_reasons_format(const queue_term *terms, int n, queue_words tr, char *buf,
			   size_t bufsz)
{
	size_t len = 0;
	const char *sep = queue_reasons_sep(tr);

	if (!bufsz)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		char one[QUEUE_TERM_BUFSZ * 2];
		queue_term_format(&terms[i], tr, one, sizeof one);
		size_t gap = len ? strlen(sep) : 0, k = strlen(one);
		if (len + gap + k >= bufsz)
			break;
		memcpy(buf + len, sep, gap);
		memcpy(buf + len + gap, one, k + 1);
		len += gap + k;
	}
	return buf;
}

const char *queue_reasons_sep(queue_words tr)
{
	return say(tr, N_("; "));
}

/* Width of the first N bytes of S. */
static int width_of(const char *s, size_t n, char *scratch, size_t size)
{
	if (n >= size)
		return INT_MAX;
	memcpy(scratch, s, n);
	scratch[n] = '\0';
	return text_width(scratch);
}

/* Part of a word or a figure (an ASCII letter or digit, a separator of
 * thousands, '¥'): a cut beside it would split it. */
static bool in_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == ',' || c == '.' || c == '%' || c == '-' || c == 0xA5 || c == 0xC2;
}

/* Whether the first reason of S may be cut at byte I: at a space, or
 * anywhere but inside a word or a figure or just after one (Chinese has no
 * spaces). */
static bool word_cut(const char *s, size_t i)
{
	unsigned char before = (unsigned char)s[text_cluster_before(s, i)], after = (unsigned char)s[i];

	if (after == ' ')
		return true;
	/* Never a figure cut from its unit ("1|天"), nor a cut after a space. */
	if (before == ' ' || (before >= '0' && before <= '9') || (after & 0xC0) == 0x80)
		return false;
	return !(in_word(before) && in_word(after));
}

/* The longest cut of REASONS before a separator (or, failing that, inside
 * the first reason where no figure is split) that leaves room for "…" in
 * WIDTH columns. */
static size_t reasons_cut(const char *reasons, const char *sep, int width)
{
	char scratch[QUEUE_REASONS_BUFSZ];
	size_t keep = 0, seplen = strlen(sep);
	const char *first = seplen ? strstr(reasons, sep) : NULL;

	for (const char *p = first; p; p = strstr(p + seplen, sep)) {
		if (width_of(reasons, (size_t)(p - reasons), scratch, sizeof scratch) + 1 > width)
			break;
		keep = (size_t)(p - reasons);
	}
	if (keep)
		return keep;
	size_t end = first ? (size_t)(first - reasons) : strlen(reasons);
	for (size_t i = 1; i < end; i++) {
		if (!word_cut(reasons, i))
			continue;
		if (width_of(reasons, i, scratch, sizeof scratch) + 1 > width)
			break;
		keep = i;
	}
	return keep;
}

char *queue_reasons_fit(const char *reasons, const char *sep, int width, char *out, size_t outsz)
{
	if (!outsz)
		return out;
	out[0] = '\0';
	if (width <= 0)
		return out;
	if (text_width(reasons) <= width) {
		snprintf(out, outsz, "%s", reasons);
		return out;
	}
	size_t keep = reasons_cut(reasons, sep, width);
	snprintf(out, outsz, "%.*s\xe2\x80\xa6", (int)keep, reasons);   /* … */
	return out;
}

char *queue_score_format(int score, char *buf, size_t bufsz)
{
	long long v = score;
	long long a = v < 0 ? -v : v;

	snprintf(buf, bufsz, "%s%lld.%02lld", v < 0 ? "-" : "", a / 100, a % 100);
	return buf;
}
