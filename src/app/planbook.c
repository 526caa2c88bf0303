/* The month's plan for the book: planner in, targets out, achieved back in. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/forecast.h"
#include "repdesk/db/plan.h"
#include "repdesk/money.h"
#include "repdesk/planbook.h"
#include "repdesk/status.h"
#include "repdesk/i18n.h"

const char *const planbook_level_names[PB_LEVELS] = { N_("base"), N_("stretch"), N_("challenge") };

void planbook_free(planbook *pb)
{
	free(pb->cust);
	db_plan_book_free(&pb->book);
	memset(pb, 0, sizeof *pb);
}

plan_day planbook_respread_day(const planbook *pb, const calendar *cal, date_day day,
                               int64_t *before, int64_t *planned)
{
	date_day first = date_month_first_day(pb->y, pb->m);

	*before = 0;
	for (date_day d = first; d < day && d - first < pb->ndays; d++)
		*before += pb->book.by_day[d - first];
	plan_day pd = plan_respread(pb->level[PB_BASE], *before, cal, day);
	*planned = pd.next_day >= first && pd.next_day - first < pb->ndays
	         ? pb->days[PB_BASE][pd.next_day - first].target : 0;
	return pd;
}

/* By tier, then book order: what the levels need, without comparing names. */
static int by_tier(const void *a, const void *b)
{
	const planbook_customer *x = a, *y = b;
	if (x->tier != y->tier)
		return (int)x->tier - (int)y->tier;
	return x->row < y->row ? -1 : x->row > y->row;
}

static bool sorted_by_tier(const planbook *pb)
{
	for (size_t i = 1; i < pb->ncust; i++)
		if (by_tier(&pb->cust[i - 1], &pb->cust[i]) > 0)
			return false;
	return true;
}

/* Customers come in book order (a new plan) or already by tier (a saved
 * one): a stable pass by tier sorts either, where qsort would compare
 * n log n times. Anything else is sorted the long way. */
static bool sort_by_tier(planbook *pb)
{
	size_t at[TIER_COUNT + 1] = { 0 };
	planbook_customer *v;

	if (sorted_by_tier(pb))
		return true;
	for (size_t i = 0; i < pb->ncust; i++)
		if (pb->cust[i].tier < 0 || pb->cust[i].tier >= TIER_COUNT)
			goto slow;
	if (!(v = malloc(pb->ncust * sizeof *v)))
		return false;
	for (size_t i = 0; i < pb->ncust; i++)
		at[pb->cust[i].tier + 1]++;
	for (int t = 0; t < TIER_COUNT; t++)
		at[t + 1] += at[t];
	for (size_t i = 0; i < pb->ncust; i++)
		v[at[pb->cust[i].tier]++] = pb->cust[i];
	memcpy(pb->cust, v, pb->ncust * sizeof *v);
	free(v);
	if (sorted_by_tier(pb))
		return true;
slow:
	qsort(pb->cust, pb->ncust, sizeof *pb->cust, by_tier);
	return true;
}

/* A customer's place in the customers view: tier, name, uid. The first
 * eight bytes of the name, read as a big-endian number, order as strcmp
 * does, so most comparisons need neither the row nor strcmp. Pointers to
 * the keys are sorted: qsort moves those fastest. */
typedef struct {
	int tier;
	uint64_t prefix;
	const planbook_customer *c;
} name_key;

static int by_tier_name(const void *a, const void *b)
{
	const name_key *x = *(const name_key *const *)a, *y = *(const name_key *const *)b;
	if (x->tier != y->tier)
		return x->tier - y->tier;
	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	int c = strcmp(x->c->row->name, y->c->row->name);
	return c ? c : strcmp(x->c->row->uid, y->c->row->uid);
}

/* The fair baseline (plan_basis_of, read with the book). */
static int64_t row_baseline(const db_plan_row *r)
{
	return plan_basis_baseline(&r->basis, r->monthly_amount);
}

bool planbook_sort_by_name(planbook *pb)
{
	if (!pb->ncust)
		return true;
	name_key *k = malloc(pb->ncust * sizeof *k);
	name_key **sorted = malloc(pb->ncust * sizeof *sorted);
	planbook_customer *v = malloc(pb->ncust * sizeof *v);
	if (!k || !sorted || !v) {
		free(k), free(sorted), free(v);
		return false;
	}
	for (size_t i = 0; i < pb->ncust; i++) {
		const char *name = pb->cust[i].row->name;
		uint64_t p = 0;
		for (int b = 0; b < 8 && name[b]; b++)
			p |= (uint64_t)(unsigned char)name[b] << (56 - 8 * b);
		k[i] = (name_key){ pb->cust[i].tier, p, &pb->cust[i] };
		sorted[i] = &k[i];
	}
	qsort(sorted, pb->ncust, sizeof *sorted, by_tier_name);
	for (size_t i = 0; i < pb->ncust; i++)
		v[i] = *sorted[i]->c;
	memcpy(pb->cust, v, pb->ncust * sizeof *v);
	free(k), free(sorted), free(v);
	return true;
}

/* Spread the extra levels over tiers and customers in proportion to the
 * base targets, so each level is exact and shaped like the base plan. */
static status_code spread_levels(planbook *pb, char *err, size_t errsz)
{
	for (int l = PB_STRETCH; l < PB_LEVELS; l++) {
		if (pb->level[l] < 0)
			continue;
		plan_status ps = plan_apportion(pb->level[l], pb->tier_target[PB_BASE], NULL,
		                                TIER_COUNT, pb->tier_target[l]);
		if (ps != PLAN_OK)
			goto fail;
		for (int t = 0; t < TIER_COUNT; t++) {
			size_t n = 0, first = 0;
			for (size_t i = 0; i < pb->ncust; i++)
				if (pb->cust[i].tier == (tier)t && n++ == 0)
					first = i;
			if (!n)
				continue;
			int64_t *w = malloc(n * sizeof *w), *out = malloc(n * sizeof *out);
			const char **uids = malloc(n * sizeof *uids);
			if (!w || !out || !uids) {
				free(w), free(out), free(uids);
				ps = PLAN_E_NOMEM;
				goto fail;
			}
			/* Customers are sorted by tier: a tier's are contiguous. */
			for (size_t i = 0; i < n; i++) {
				w[i] = pb->cust[first + i].target[PB_BASE];
				uids[i] = pb->cust[first + i].row->uid;
			}
			ps = plan_apportion(pb->tier_target[l][t], w, uids, n, out);
			for (size_t i = 0; ps == PLAN_OK && i < n; i++)
				pb->cust[first + i].target[l] = out[i];
			free(w), free(out), free(uids);
			if (ps != PLAN_OK)
				goto fail;
		}
		continue;
fail:
		snprintf(err, errsz, "%s", plan_status_text(ps));
		return STATUS_DATAERR;
	}
	return STATUS_OK;
}

/* Days, achieved figures and order: what make and load share. */
static status_code finish(planbook *pb, const calendar *cal, const int64_t *base_days,
                        char *err, size_t errsz)
{
	if (!sort_by_tier(pb)) {
		snprintf(err, errsz, _("out of memory"));
		return STATUS_IOERR;
	}
	status_code rs = spread_levels(pb, err, errsz);
	if (rs != STATUS_OK)
		return rs;
	pb->covered = calendar_covers(cal, pb->y, pb->m);
	pb->estimated = calendar_estimated(cal, pb->y);
	for (int l = 0; l < PB_LEVELS; l++) {
		int64_t amount = pb->level[l] < 0 ? 0 : pb->level[l];
		pb->ndays = plan_split_days(amount, cal, pb->y, pb->m, pb->days[l], &pb->workdays);
		if (pb->ndays < 0) {
			snprintf(err, errsz, "%s", plan_status_text(PLAN_E_TARGET));
			return STATUS_DATAERR;
		}
		if (l == PB_BASE && base_days)
			for (int i = 0; i < pb->ndays; i++)
				pb->days[l][i].target = base_days[i];
		for (int i = 0; i < pb->ndays; i++)
			pb->days[l][i].achieved = pb->book.by_day[i];
		plan_days_accumulate(pb->days[l], pb->ndays);
	}
	pb->achieved = 0;
	for (int i = 0; i < pb->ndays; i++)
		pb->achieved += pb->book.by_day[i];
	memset(pb->tier_achieved, 0, sizeof pb->tier_achieved);
	for (size_t i = 0; i < pb->ncust; i++)
		if (pb->cust[i].tier >= 0 && pb->cust[i].tier < TIER_COUNT)
			pb->tier_achieved[pb->cust[i].tier] += pb->cust[i].row->achieved;
	return STATUS_OK;
}

int64_t planbook_gap(const planbook *pb)
{
	return opp_forecast_gap(pb->level[PB_BASE], pb->achieved, pb->closing_weighted);
}

typedef struct {
	planbook *pb;
	const size_t *cust_of;       /* book row -> its index in pb->cust (SIZE_MAX: none) */
} closing_ctx;

static bool take_closing(const db_closing *c, void *arg)
{
	closing_ctx *cc = arg;
	planbook *pb = cc->pb;

	pb->closing_count += c->count;
	pb->closing_total += c->total;
	pb->closing_weighted += c->weighted;
	const db_plan_row *r = db_plan_book_find(&pb->book, c->customer_uid);
	size_t i = r ? cc->cust_of[r - pb->book.rows] : SIZE_MAX;
	if (i != SIZE_MAX) {
		pb->cust[i].closing += c->weighted;
		if (pb->cust[i].tier >= 0 && pb->cust[i].tier < TIER_COUNT)
			pb->tier_closing[pb->cust[i].tier] += c->weighted;
	}
	return true;
}

/* The month's forecast: the open pipeline expected to close in it, in all
 * and by planned customer and tier. */
static status_code read_closing(db *d, planbook *pb, char *err, size_t errsz)
{
	char from[DATE_BUFSZ], to[DATE_BUFSZ];
	size_t *cust_of = malloc((pb->book.n ? pb->book.n : 1) * sizeof *cust_of);
	db_status st;

	if (!cust_of) {
		snprintf(err, errsz, _("out of memory"));
		return STATUS_IOERR;
	}
	for (size_t i = 0; i < pb->book.n; i++)
		cust_of[i] = SIZE_MAX;
	for (size_t i = 0; i < pb->ncust; i++)
		cust_of[pb->cust[i].row - pb->book.rows] = i;
	closing_ctx cc = { pb, cust_of };
	date_format(date_month_first_day(pb->y, pb->m), from);
	date_format(date_month_last_day(pb->y, pb->m), to);
	st = db_opp_open_count(d, &pb->open);
	if (st == DB_OK && pb->open > 0)
		st = db_closing_each(d, from, to, take_closing, &cc);
	free(cust_of);
	if (st != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		return status_from_db(st);
	}
	return STATUS_OK;
}

status_code planbook_make(db *d, const calendar *cal, int y, int m,
                        const int64_t level[PB_LEVELS], plan_method method,
                        const plan_shares *shares, planbook *pb, char *err, size_t errsz)
{
	return planbook_make_picked(d, cal, y, m, level, method, shares, NULL, 0, pb, err, errsz);
}

status_code planbook_make_picked(db *d, const calendar *cal, int y, int m,
                                 const int64_t level[PB_LEVELS], plan_method method,
                                 const plan_shares *shares, const plan_slot *slots, size_t nslots,
                                 planbook *pb, char *err, size_t errsz)
{
	tier_thresholds th;
	db_status st;
	plan_customer *pc = NULL;
	bool *fixed = NULL;
	status_code rs = STATUS_OK;

	memset(pb, 0, sizeof *pb);
	pb->y = y;
	pb->m = m;
	pb->method = method;
	pb->shares = shares ? *shares : plan_shares_default();
	memcpy(pb->level, level, sizeof pb->level);
	if (level[PB_STRETCH] >= 0 && level[PB_STRETCH] < level[PB_BASE]) {
		snprintf(err, errsz, _("the stretch target is below the base target"));
		return STATUS_USAGE;
	}
	if (level[PB_CHALLENGE] >= 0 &&
	    level[PB_CHALLENGE] < (level[PB_STRETCH] >= 0 ? level[PB_STRETCH] : level[PB_BASE])) {
		snprintf(err, errsz, _("the challenge target is below the %s target"),
		         level[PB_STRETCH] >= 0 ? "stretch" : "base");
		return STATUS_USAGE;
	}
	if ((st = db_tiers_get(d, &th)) != DB_OK ||
	    (st = db_plan_book_load(d, y, m, true, &pb->book)) != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		return status_from_db(st);
	}
	size_t n = 0;
	pc = calloc(pb->book.n ? pb->book.n : 1, sizeof *pc);
	pb->cust = calloc(pb->book.n ? pb->book.n : 1, sizeof *pb->cust);
	const db_plan_row **rows = calloc(pb->book.n ? pb->book.n : 1, sizeof *rows);
	fixed = calloc(pb->book.n ? pb->book.n : 1, sizeof *fixed);
	if (!pc || !pb->cust || !rows || !fixed) {
		snprintf(err, errsz, _("out of memory"));
		rs = STATUS_IOERR;
		goto out;
	}
	for (size_t i = 0; i < pb->book.n; i++) {
		const db_plan_row *r = &pb->book.rows[i];
		if (!r->active)
			continue;
		pc[n].uid = r->uid;
		pc[n].baseline = row_baseline(r);
		pc[n].volume = plan_basis_volume(&r->basis, r->monthly_volume);
		pc[n].manual = r->manual;
		rows[n++] = r;
	}
	plan_status ps = plan_split_picked(pc, n, level[PB_BASE], method, &pb->shares, &th, slots,
	                                   nslots, fixed, &pb->picks, &pb->res);
	if (ps == PLAN_E_PICKS) {
		char a[MONEY_BUFSZ], b[MONEY_BUFSZ];
		int64_t want = plan_picks_total(slots, nslots);
		snprintf(err, errsz, _("--pick: the picks add up to %s, more than the target %s"),
		         want < 0 ? "?" : money_format(want, a, sizeof a),
		         money_format(level[PB_BASE], b, sizeof b));
		rs = STATUS_USAGE;
		goto out;
	}
	if (ps != PLAN_OK) {
		snprintf(err, errsz, "%s", plan_status_text(ps));
		rs = ps == PLAN_E_NOMEM ? STATUS_IOERR : STATUS_USAGE;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		pb->cust[i].row = rows[i];
		pb->cust[i].tier = pc[i].tier;
		pb->cust[i].baseline = pc[i].baseline;
		pb->cust[i].target[PB_BASE] = pc[i].target;
		pb->cust[i].months = plan_basis_months(&rows[i]->basis);
		pb->cust[i].fixed = fixed[i];
	}
	pb->ncust = n;
	for (int t = 0; t < TIER_COUNT; t++)
		pb->tier_target[PB_BASE][t] = pb->res.tiers[t].target;
	rs = finish(pb, cal, NULL, err, errsz);
	if (rs == STATUS_OK)
		rs = read_closing(d, pb, err, errsz);
out:
	free(pc);
	free(rows);
	free(fixed);
	if (rs != STATUS_OK)
		planbook_free(pb);
	return rs;
}

status_code planbook_set(planbook *pb, const calendar *cal, const char *uid, int64_t amount,
                         char *err, size_t errsz)
{
	size_t at = pb->ncust, n = 0;
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ];

	(void)cal;
	for (size_t i = 0; i < pb->ncust; i++)
		if (strcmp(pb->cust[i].row->uid, uid) == 0)
			at = i;
	if (at == pb->ncust) {
		snprintf(err, errsz, _("the customer has no target in the plan for %04d-%02d "
		                       "(not active when it was made?)"), pb->y, pb->m);
		return STATUS_NOINPUT;
	}
	tier t = pb->cust[at].tier;
	for (size_t i = 0; i < pb->ncust; i++)
		n += pb->cust[i].tier == t;
	size_t *idx = malloc(n * sizeof *idx);
	int64_t *base = malloc(n * sizeof *base), *target = malloc(n * sizeof *target);
	bool *fixed = malloc(n * sizeof *fixed);
	const char **uids = malloc(n * sizeof *uids);
	if (!idx || !base || !target || !fixed || !uids) {
		free(idx), free(base), free(target), free(fixed), free(uids);
		snprintf(err, errsz, _("out of memory"));
		return STATUS_IOERR;
	}
	int64_t held = 0;
	size_t k = 0;
	for (size_t i = 0; i < pb->ncust; i++) {
		if (pb->cust[i].tier != t)
			continue;
		idx[k] = i;
		base[k] = pb->cust[i].baseline < 0 ? 0 : pb->cust[i].baseline;
		target[k] = i == at && amount >= 0 ? amount : pb->cust[i].target[PB_BASE];
		fixed[k] = i == at ? amount >= 0 : pb->cust[i].fixed;
		uids[k] = pb->cust[i].row->uid;
		if (fixed[k] && i != at)
			held += target[k];
		k++;
	}
	int64_t total = pb->tier_target[PB_BASE][t];
	plan_status ps = plan_respread_fixed(total, base, fixed, uids, n, target);
	status_code rs = STATUS_OK;
	if (ps == PLAN_E_FIXED) {
		if (amount >= 0 && amount + held <= total)
			snprintf(err, errsz, _("tier %c's target is %s and no other customer of the tier is left "
			                       "to carry the difference"), tier_letter(t), money_format(total, a, sizeof a));
		else if (amount >= 0)
			snprintf(err, errsz, _("%s does not fit: tier %c's target is %s and its other fixed "
			                       "customers take %s"), money_format(amount, a, sizeof a), tier_letter(t),
			         money_format(total, b, sizeof b), money_format(held, c, sizeof c));
		else
			snprintf(err, errsz, _("tier %c's fixed targets no longer fit its target %s"), tier_letter(t),
			         money_format(total, a, sizeof a));
		rs = STATUS_USAGE;
	} else if (ps != PLAN_OK) {
		snprintf(err, errsz, "%s", plan_status_text(ps));
		rs = ps == PLAN_E_NOMEM ? STATUS_IOERR : STATUS_DATAERR;
	} else {
		for (size_t j = 0; j < n; j++) {
			pb->cust[idx[j]].target[PB_BASE] = target[j];
			pb->cust[idx[j]].fixed = fixed[j];
		}
		rs = spread_levels(pb, err, errsz);
	}
	free(idx), free(base), free(target), free(fixed), free(uids);
	return rs;
}

/* ---- saving and loading ---- */

typedef struct {
	db_target *v;
	size_t n, cap;
	char *keys;            /* one block for the keys' text */
	size_t keys_len, keys_cap;
	bool failed;
} target_list;

static void put(target_list *tl, int level, const char *scope, const char *key, int64_t amount)
{
	if (tl->failed)
		return;
	if (tl->n == tl->cap) {
		size_t cap = tl->cap ? tl->cap * 2 : 256;
		db_target *v = realloc(tl->v, cap * sizeof *v);
		if (!v) {
			tl->failed = true;
			return;
		}
		tl->v = v;
		tl->cap = cap;
	}
	/* Keys are copied into one block; pointers are fixed up before saving. */
	size_t klen = strlen(key) + 1;
	if (tl->keys_len + klen > tl->keys_cap) {
		size_t cap = tl->keys_cap ? tl->keys_cap * 2 : 8192;
		while (cap < tl->keys_len + klen)
			cap *= 2;
		char *k = realloc(tl->keys, cap);
		if (!k) {
			tl->failed = true;
			return;
		}
		tl->keys = k;
		tl->keys_cap = cap;
	}
	memcpy(tl->keys + tl->keys_len, key, klen);
	tl->v[tl->n++] = (db_target){ planbook_level_names[level], scope,
	                              (const char *)(uintptr_t)tl->keys_len, amount, NULL };
	tl->keys_len += klen;
}

/* The base level's customer targets: one line per customer in a single
 * saved row, "UID<TAB>TIER<TAB>BASELINE<TAB>TARGET<TAB>MONTHS<TAB>FIXED"
 * (fen; the months the baseline used, -1 unknown; FIXED 1 for a target
 * picked or set by hand, else 0), tier by tier and
 * in table order inside a tier, as the book was read (readers look each
 * customer up just after the last of its tier). */
/* V in decimal at P, as PRId64 writes it; the end. */
static char *put_int64(char *p, int64_t v)
{
	char tmp[24], *q = tmp + sizeof tmp;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--q = '-';
	memcpy(p, q, (size_t)(tmp + sizeof tmp - q));
	return p + (tmp + sizeof tmp - q);
}

static char *customers_detail(const planbook *pb)
{
	/* A line is at most a uid, a tier letter, two 20-character numbers,
	 * the months and the fixed flag, and six separators. Written by hand:
	 * snprintf cost a quarter of making a plan for 100,000 customers. */
	size_t cap = 64 + pb->ncust * (UID_LEN + 56);
	char *buf = malloc(cap), *p = buf;
	if (!buf)
		return NULL;
	for (size_t i = 0; i < pb->ncust; i++) {
		const planbook_customer *c = &pb->cust[i];
		size_t n = strnlen(c->row->uid, UID_LEN);
		memcpy(p, c->row->uid, n);
		p += n;
		*p++ = '\t';
		*p++ = tier_letter(c->tier);
		*p++ = '\t';
		p = put_int64(p, c->baseline);
		*p++ = '\t';
		p = put_int64(p, c->target[PB_BASE]);
		*p++ = '\t';
		p = put_int64(p, c->months);
		*p++ = '\t';
		*p++ = c->fixed ? '1' : '0';
		*p++ = '\n';
	}
	*p = '\0';
	return buf;
}

/* Whole fen at *P, as customers_detail writes them: an optional minus and
 * up to 18 digits, ending where a digit no longer follows (at the latest on
 * the newline or NUL that ends the line). */
static bool parse_fen(const char **p, long long *out)
{
	const char *q = *p;
	bool minus = *q == '-';
	uint64_t v = 0;
	unsigned digit;
	size_t n = 0;

	q += minus;
	for (; (digit = (unsigned)(unsigned char)q[n] - '0') <= 9; n++)
		v = v * 10 + digit;
	if (n == 0 || n > 18)
		return false;
	*out = minus ? -(long long)v : (long long)v;
	*p = q + n;
	return true;
}

/* One saved customer line. */
typedef struct {
	char uid[UID_BUFSZ];
	tier t;
	long long baseline, target, months;
	bool fixed;
} saved_line;

/* LINE (LEN bytes, then a newline or NUL) exactly as customers_detail writes
 * it, or as it did before the months and the flag; anything else is left to
 * sscanf. */
static bool parse_line(const char *line, size_t len, saved_line *out)
{
	const char *tab = memchr(line, '\t', len < UID_BUFSZ ? len : UID_BUFSZ);

	if (!tab || (size_t)(line + len - tab) < 3 || tab[2] != '\t' ||
	    (out->t = tier_from_letter((unsigned char)tab[1])) == TIER_NONE)
		return false;
	const char *p = tab + 3, *end = line + len;
	if (!parse_fen(&p, &out->baseline) || *p++ != '\t' || !parse_fen(&p, &out->target))
		return false;
	out->months = -1;
	out->fixed = false;
	if (p != end) {
		if (*p++ != '\t' || !parse_fen(&p, &out->months) || p + 2 != end || p[0] != '\t' ||
		    (p[1] != '0' && p[1] != '1'))
			return false;
		out->fixed = p[1] == '1';
	}
	memcpy(out->uid, line, (size_t)(tab - line));
	out->uid[tab - line] = '\0';
	return true;
}

static bool saved_line_of(const char *detail, size_t len, saved_line *sl)
{
	char line[UID_BUFSZ + 64], t;
	int fixed = 0;

	if (len >= sizeof line)
		return false;
	if (parse_line(detail, len, sl))
		return true;
	memcpy(line, detail, len);
	line[len] = '\0';
	char *tab = strchr(line, '\t');
	if (!tab || (size_t)(tab - line) >= sizeof sl->uid)
		return false;
	memcpy(sl->uid, line, (size_t)(tab - line));
	sl->uid[tab - line] = '\0';
	sl->months = -1;
	int got = sscanf(tab + 1, "%c\t%lld\t%lld\t%lld\t%d", &t, &sl->baseline, &sl->target,
	                 &sl->months, &fixed);
	if (got < 3 || (sl->t = tier_from_letter((unsigned char)t)) == TIER_NONE)
		return false;
	if (got < 4)
		sl->months = -1;
	sl->fixed = got == 5 && fixed == 1;
	return true;
}

void planbook_customer_line(const char *detail, size_t len, planbook_customer_fn fn, void *ctx)
{
	saved_line sl;

	if (saved_line_of(detail, len, &sl))
		fn(sl.uid, sl.t, sl.baseline, sl.target, ctx);
}

void planbook_customers_each(const char *detail, planbook_customer_fn fn, void *ctx)
{
	while (detail && *detail) {
		const char *end = strchr(detail, '\n');
		size_t len = end ? (size_t)(end - detail) : strlen(detail);
		planbook_customer_line(detail, len, fn, ctx);
		detail += len + (end ? 1 : 0);
	}
}

static int by_index_order(const void *a, const void *b)
{
	const db_target *x = a, *y = b;
	int c = strcmp(x->level, y->level);
	if (!c)
		c = strcmp(x->scope, y->scope);
	return c ? c : strcmp(x->key, y->key);
}

static bool any_target(const db_target *t, void *ctx)
{
	/* The year plan's figure for the month is not a plan of the month. */
	if (strcmp(t->level, "year") == 0)
		return true;
	*(bool *)ctx = true;
	return false;
}

status_code planbook_saved(db *d, int y, int m, bool *exists, char *err, size_t errsz)
{
	char month[DATE_MONTH_BUFSZ];

	*exists = false;
	snprintf(month, sizeof month, "%04d-%02d", y, m);
	db_status st = db_targets_each_brief(d, month, any_target, exists);
	if (st != DB_OK && !*exists) {
		snprintf(err, errsz, "%s", db_error(d));
		return status_from_db(st);
	}
	return STATUS_OK;
}

status_code planbook_save(db *d, const planbook *pb, char *err, size_t errsz)
{
	target_list tl = { 0 };
	char month[DATE_MONTH_BUFSZ], letter[2] = { 0, 0 }, date[DATE_BUFSZ];

	snprintf(month, sizeof month, "%04d-%02d", pb->y, pb->m);
	for (int l = 0; l < PB_LEVELS; l++)
		if (pb->level[l] >= 0) {
			put(&tl, l, "month", "", pb->level[l]);
			for (int t = 0; t < TIER_COUNT; t++) {
				letter[0] = tier_letter((tier)t);
				put(&tl, l, "tier", letter, pb->tier_target[l][t]);
			}
		}
	put(&tl, PB_BASE, "method", plan_method_name(pb->method), 0);
	put(&tl, PB_BASE, "baseline", "", pb->res.baseline);
	put(&tl, PB_BASE, "unplaced", "", pb->res.unplaced);
	for (int t = 0; t < TIER_COUNT; t++) {
		letter[0] = tier_letter((tier)t);
		if (pb->method == PLAN_SHARES)
			put(&tl, PB_BASE, "share", letter, pb->shares.pct[t]);
		put(&tl, PB_BASE, "tier-baseline", letter, pb->res.tiers[t].baseline);
		put(&tl, PB_BASE, "tier-customers", letter, (int64_t)pb->res.tiers[t].customers);
	}
	for (int i = 0; i < pb->ndays; i++)
		put(&tl, PB_BASE, "day", date_format(pb->days[PB_BASE][i].day, date),
		    pb->days[PB_BASE][i].target);
	char *detail = customers_detail(pb);
	put(&tl, PB_BASE, "customers", "", (int64_t)pb->ncust);
	if (!detail)
		tl.failed = true;
	if (tl.failed) {
		free(detail);
		free(tl.v);
		free(tl.keys);
		snprintf(err, errsz, _("out of memory"));
		return STATUS_IOERR;
	}
	for (size_t i = 0; i < tl.n; i++) {
		tl.v[i].key = tl.keys + (uintptr_t)tl.v[i].key;
		tl.v[i].detail = strcmp(tl.v[i].scope, "customers") == 0 ? detail : NULL;
	}
	/* In the month index's order, so a new plan's rows append to it. */
	qsort(tl.v, tl.n, sizeof *tl.v, by_index_order);
	db_status st = db_targets_replace(d, month, tl.v, tl.n);
	free(tl.v);
	free(tl.keys);
	free(detail);
	if (st != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		return status_from_db(st);
	}
	return STATUS_OK;
}

typedef struct {
	planbook *pb;
	int64_t base_days[PLAN_MAX_DAYS];
	bool any, bad;
	size_t near[TIER_COUNT];     /* where each tier's last customer was found */
} load_ctx;

static int level_of(const char *name)
{
	for (int l = 0; l < PB_LEVELS; l++)
		if (strcmp(name, planbook_level_names[l]) == 0)
			return l;
	return -1;
}

static void take_customer(const saved_line *sl, load_ctx *lc)
{
	planbook *pb = lc->pb;
	/* Saved tier by tier, each in table order (customers_detail). */
	const db_plan_row *r = db_plan_book_find_near(&pb->book, sl->uid, &lc->near[sl->t]);
	if (!r || pb->ncust >= pb->book.n)
		return;   /* a customer since removed from the book */
	planbook_customer *c = &pb->cust[pb->ncust++];
	c->row = r;
	c->tier = sl->t;
	c->baseline = sl->baseline;
	c->target[PB_BASE] = sl->target;
	c->months = sl->months < -1 || sl->months > 3 ? -1 : (int)sl->months;
	c->fixed = sl->fixed;
}

static void take_customers(const char *detail, load_ctx *lc)
{
	saved_line sl;

	while (detail && *detail) {
		const char *end = strchr(detail, '\n');
		size_t len = end ? (size_t)(end - detail) : strlen(detail);
		if (saved_line_of(detail, len, &sl))
			take_customer(&sl, lc);
		detail += len + (end ? 1 : 0);
	}
}

static bool take(const db_target *t, void *ctx)
{
	load_ctx *lc = ctx;
	planbook *pb = lc->pb;
	int l = level_of(t->level);
	tier letter = t->key[0] && !t->key[1] ? tier_from_letter((unsigned char)t->key[0]) : TIER_NONE;

	if (l < 0)
		return true;
	lc->any = true;
	if (strcmp(t->scope, "month") == 0) {
		pb->level[l] = t->amount;
	} else if (strcmp(t->scope, "tier") == 0 && letter != TIER_NONE) {
		pb->tier_target[l][letter] = t->amount;
		if (l == PB_BASE)
			pb->res.tiers[letter].target = t->amount;
	} else if (strcmp(t->scope, "method") == 0) {
		plan_method_parse(t->key, &pb->method);
	} else if (strcmp(t->scope, "baseline") == 0) {
		pb->res.baseline = t->amount;
	} else if (strcmp(t->scope, "unplaced") == 0) {
		pb->res.unplaced = t->amount;
	} else if (strcmp(t->scope, "share") == 0 && letter != TIER_NONE) {
		pb->shares.pct[letter] = (int)t->amount;
	} else if (strcmp(t->scope, "tier-baseline") == 0 && letter != TIER_NONE) {
		pb->res.tiers[letter].baseline = t->amount;
	} else if (strcmp(t->scope, "tier-customers") == 0 && letter != TIER_NONE) {
		pb->res.tiers[letter].customers = (size_t)t->amount;
	} else if (strcmp(t->scope, "day") == 0) {
		date_day day;
		int y, m, dd;
		if (date_parse(t->key, &day)) {
			date_to_ymd(day, &y, &m, &dd);
			lc->base_days[dd - 1] = t->amount;
		}
	} else if (strcmp(t->scope, "customers") == 0 && l == PB_BASE) {
		take_customers(t->detail, lc);
	}
	return true;
}

status_code planbook_load(db *d, const calendar *cal, int y, int m, planbook *pb,
                        char *err, size_t errsz)
{
	char month[DATE_MONTH_BUFSZ];
	load_ctx lc = { .pb = pb };
	db_status st;

	memset(pb, 0, sizeof *pb);
	pb->y = y;
	pb->m = m;
	pb->level[PB_STRETCH] = pb->level[PB_CHALLENGE] = -1;
	pb->method = PLAN_BASELINE;
	/* Baselines were saved with the plan: no need to read the history. */
	if ((st = db_plan_book_load(d, y, m, false, &pb->book)) != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		return status_from_db(st);
	}
	pb->cust = calloc(pb->book.n ? pb->book.n : 1, sizeof *pb->cust);
	if (!pb->cust) {
		planbook_free(pb);
		snprintf(err, errsz, _("out of memory"));
		return STATUS_IOERR;
	}
	snprintf(month, sizeof month, "%04d-%02d", y, m);
	if ((st = db_targets_each(d, month, take, &lc)) != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		planbook_free(pb);
		return status_from_db(st);
	}
	if (!lc.any) {
		planbook_free(pb);
		snprintf(err, errsz, _("no plan for %s yet: make one with 'repdesk plan %s --target AMOUNT'"),
		         month, month);
		return STATUS_NOINPUT;
	}
	pb->res.method = pb->method;
	pb->res.target = pb->level[PB_BASE];
	for (int t = 0; t < TIER_COUNT; t++) {
		pb->res.customers += pb->res.tiers[t].customers;
		pb->res.tiers[t].share_bp = pb->level[PB_BASE] > 0
			? (int)(pb->res.tiers[t].target * 10000 / pb->level[PB_BASE]) : 0;
		pb->res.tiers[t].unplaced = pb->res.tiers[t].target > 0 && pb->res.tiers[t].customers == 0;
	}
	status_code rs = finish(pb, cal, lc.base_days, err, errsz);
	if (rs == STATUS_OK)
		rs = read_closing(d, pb, err, errsz);
	if (rs != STATUS_OK)
		planbook_free(pb);
	return rs;
}

int planbook_online_share(const char *text)
{
	int whole = 0, frac = 0, digits = 0;
	const char *p = text;

	while (*p >= '0' && *p <= '9' && digits < 4)
		whole = whole * 10 + (*p++ - '0'), digits++;
	if (*p == '.' && p[1] >= '0' && p[1] <= '9')
		frac = p[1] - '0', p += 2;
	if (*p == '%')
		p++;
	if (!digits || *p || whole > 100 || (whole == 100 && frac))
		return -1;
	return whole * 10 + frac;
}
