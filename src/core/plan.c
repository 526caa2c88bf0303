/* The planner's splits. Proportions are computed exactly: Y * w / W with a
 * 64x64->128 product and a 128/64 division, since a yuan target times a fen
 * baseline overflows 64 bits long before real books do anything odd. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/err.h"
#include "repdesk/ledger.h"
#include "repdesk/money.h"
#include "repdesk/plan.h"
#include "repdesk/text.h"
#include "repdesk/i18n.h"

/* ---- 128-bit helpers ---- */

typedef struct {
	uint64_t hi, lo;
} u128;

static u128 mul64(uint64_t a, uint64_t b)
{
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
	uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
	u128 r;

	r.lo = (mid << 32) | (p00 & 0xffffffffu);
	r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	return r;
}

static int clz64(uint64_t v)
{
	int n = 0;

	for (int shift = 32; shift > 0; shift >>= 1)
		if (!(v >> (64 - shift))) {
			n += shift;
			v <<= shift;
		}
	return n;
}

/* N / D with remainder, for N.hi < D (so the quotient fits): two steps of
 * Knuth's algorithm D on 32-bit digits (Hacker's Delight, divlu). */
static uint64_t div128(u128 n, uint64_t d, uint64_t *rem)
{
	const uint64_t b = UINT64_C(1) << 32;

	if (n.hi == 0) {
		*rem = n.lo % d;
		return n.lo / d;
	}
	int s = clz64(d);
	d <<= s;
	uint64_t vn1 = d >> 32, vn0 = d & 0xffffffffu;
	uint64_t un32 = s ? (n.hi << s) | (n.lo >> (64 - s)) : n.hi;
	uint64_t un10 = n.lo << s;
	uint64_t un1 = un10 >> 32, un0 = un10 & 0xffffffffu;

	uint64_t q1 = un32 / vn1, rhat = un32 - q1 * vn1;
	while (q1 >= b || q1 * vn0 > b * rhat + un1) {
		q1--;
		rhat += vn1;
		if (rhat >= b)
			break;
	}
	uint64_t un21 = un32 * b + un1 - q1 * d;
	uint64_t q0 = un21 / vn1;
	rhat = un21 - q0 * vn1;
	while (q0 >= b || q0 * vn0 > b * rhat + un0) {
		q0--;
		rhat += vn1;
		if (rhat >= b)
			break;
	}
	*rem = (un21 * b + un0 - q0 * d) >> s;
	return q1 * b + q0;
}

/* ceil(A * B / D), saturating at INT64_MAX. */
static int64_t mul_div_ceil(uint64_t a, uint64_t b, uint64_t d)
{
	u128 p = mul64(a, b);
	uint64_t r, q;

	if (p.hi >= d)
		return INT64_MAX;
	q = div128(p, d, &r);
	if (r && q < UINT64_MAX)
		q++;
	return q > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)q;
}

/* ---- The largest-remainder split ---- */

typedef struct {
	uint64_t w;          /* weight */
	uint64_t cut;        /* fen cut off the exact share: (T * w / W) mod 100 */
	uint64_t rem;        /* and below the fen: T * w mod W */
	uint64_t tie;        /* larger first among equal remainders */
	const char *uid;     /* then strcmp; NULL: by position */
	size_t idx;          /* where the share goes; then smaller first */
} lr_key;

static int lr_cmp(const void *pa, const void *pb)
{
	const lr_key *a = pa, *b = pb;

	if (a->cut != b->cut)
		return a->cut > b->cut ? -1 : 1;
	if (a->rem != b->rem)
		return a->rem > b->rem ? -1 : 1;
	if (a->tie != b->tie)
		return a->tie > b->tie ? -1 : 1;
	if (a->uid && b->uid) {
		int c = strcmp(a->uid, b->uid);
		if (c)
			return c < 0 ? -1 : 1;
	} else if (a->uid != b->uid) {
		return a->uid ? -1 : 1;	/* no uid after a uid */
	}
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Share TOTAL (>= 0) fen over the N parts of K (weights summing to at most
 * UINT64_MAX; all 0 means equally); OUT[k.idx] gets each share. Reorders K.
 *
 * Each exact share E = T * w / W is cut to whole yuan, q = floor(E / 100); the
 * L = Y - sum(q) yuan left (Y = T div 100) go to the largest cut-off fractions,
 * the F = T mod 100 fen to the next in line. With f = the fraction cut off:
 * a part with a yuan added is off by 1 - f, the one with the fen by F/100 - f,
 * the rest by -f, all strictly within a yuan (only parts with f > 0 get a yuan:
 * L + F/100 = sum(f) < the number of parts with f > 0). */
static void lr_split(int64_t total, lr_key *k, size_t n, int64_t *out)
{
	uint64_t wsum = 0, yuan = (uint64_t)total / 100, fen = (uint64_t)total % 100;
	uint64_t given = 0, left;

	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++)
		wsum += k[i].w;
	if (wsum == 0) {
		for (size_t i = 0; i < n; i++)
			k[i].w = 1;
		wsum = n;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t exact = div128(mul64((uint64_t)total, k[i].w), wsum, &k[i].rem);
		k[i].cut = exact % 100;
		out[k[i].idx] = (int64_t)(exact / 100);
		given += exact / 100;
	}
	left = yuan - given;	/* < n, see above */
	if (left > 0 || fen > 0) {
		if (n > 1)
			qsort(k, n, sizeof *k, lr_cmp);
		for (size_t i = 0; i < left; i++)
			out[k[i].idx]++;
	}
	for (size_t i = 0; i < n; i++)
		out[k[i].idx] *= 100;
	out[k[left].idx] += (int64_t)fen;
}

#define PLAN_STATUS_TEXT(name, msg) msg,
static const char *const status_text[] = { PLAN_X_STATUS(PLAN_STATUS_TEXT) };
#undef PLAN_STATUS_TEXT

const char *plan_status_text(plan_status st)
{
	if ((size_t)st < sizeof status_text / sizeof status_text[0])
		return status_text[st];
	return "unknown planner error";
}

static bool target_ok(int64_t t)
{
	return t >= 0 && t <= MONEY_MAX_FEN;
}

plan_status plan_apportion(int64_t total, const int64_t *weights, const char *const *uids,
			   size_t n, int64_t *out)
{
	uint64_t sum = 0;
	lr_key *k;

	if (!target_ok(total))
		return PLAN_E_TARGET;
	for (size_t i = 0; i < n; i++) {
		if (weights[i] < 0 || (uint64_t)weights[i] > (uint64_t)INT64_MAX - sum)
			return PLAN_E_BASELINE;
		sum += (uint64_t)weights[i];
	}
	if (n == 0)
		return PLAN_OK;
	k = malloc(n * sizeof *k);
	if (!k)
		return PLAN_E_NOMEM;
	for (size_t i = 0; i < n; i++)
		k[i] = (lr_key){ (uint64_t)weights[i], 0, 0, (uint64_t)weights[i],
				 uids ? uids[i] : NULL, i };
	lr_split(total, k, n, out);
	free(k);
	return PLAN_OK;
}

/* ---- Baselines ---- */

void plan_baseline_window(int y, int m, date_day *from, date_day *to)
{
	date_day first = date_month_first_day(y, m);

	*from = date_add_months(first, -3);
	*to = first - 1;
}

int plan_baseline_slot(int y, int m, date_day day)
{
	int dy, dm, dd;

	date_to_ymd(day, &dy, &dm, &dd);
	int back = (y * 12 + m - 1) - (dy * 12 + dm - 1);	/* months before Y-M */
	return back >= 1 && back <= 3 ? 3 - back : -1;
}

int64_t plan_baseline_of(const int64_t *totals, int n, bool has_history, int64_t monthly_amount)
{
	if (!has_history || n <= 0)
		return monthly_amount > 0 ? monthly_amount : 0;

	/* Divide first so that no sum can overflow. */
	int64_t q = 0, r = 0;
	for (int i = 0; i < n; i++) {
		q += totals[i] / n;
		r += totals[i] % n;
	}
	q += r / n;
	r %= n;
	if (r < 0) {
		q--;
		r += n;
	}
	if (2 * r >= n)		/* half up: 2/3 and 1/2 up, 1/3 down */
		q++;
	return q > 0 ? q : 0;
}

int64_t plan_baseline(const int64_t totals[3], bool has_history, int64_t monthly_amount)
{
	return plan_baseline_of(totals, 3, has_history, monthly_amount);
}

/* Months since year 0 of a ledger key, and back. */
static int key_months(int key)
{
	return key / 100 * 12 + key % 100 - 1;
}

static int months_key(int months)
{
	return ledger_month_key(months / 12, months % 12 + 1);
}

int plan_window_last(int y, int m, int now)
{
	int planned = y * 12 + m - 1;

	if (now > 0 && key_months(now) < planned)
		planned = key_months(now);
	return months_key(planned - 1);
}

void plan_basis_of(const unsigned char *months, size_t len, int y, int m, int now, int start,
                   plan_basis *out)
{
	int64_t totals[3] = { 0, 0, 0 }, volumes[3] = { 0, 0, 0 };
	bool ordered[3] = { false, false, false }, gave[3] = { false, false, false };

	memset(out, 0, sizeof *out);
	out->last = plan_window_last(y, m, now);
	int last = key_months(out->last);
	for (size_t at = 0; months && at + LEDGER_MONTH_BYTES <= len; at += LEDGER_MONTH_BYTES) {
		int key = ledger_month_at(months + at);
		if (!out->first || key < out->first)
			out->first = key;
		int back = last - key_months(key);	/* 0: the window's last month */
		if (back < 0 || back > 2)
			continue;
		int slot = 2 - back;
		totals[slot] = ledger_month_total(months + at);
		ordered[slot] = true;
		int64_t v = ledger_month_volume(months + at);
		if (v != LEDGER_NO_VOLUME) {
			volumes[slot] = v;
			gave[slot] = true;
		}
	}
	for (int slot = 0; slot < 3; slot++) {
		int key = months_key(last - (2 - slot));
		out->totals[slot] = totals[slot];
		out->volumes[slot] = volumes[slot];
		out->counted[slot] = ordered[slot] ||
		                     (out->first && key >= out->first && key >= start);
		if (!out->counted[slot])
			continue;
		out->months++;
		out->has_history |= ordered[slot];
		out->has_volume |= gave[slot];
	}
}

/* The counted months' figures, in order. */
static int counted_of(const plan_basis *b, const int64_t *v, int64_t out[3])
{
	int n = 0;

	for (int slot = 0; slot < 3; slot++)
		if (b->counted[slot])
			out[n++] = v[slot];
	return n;
}

int64_t plan_basis_baseline(const plan_basis *b, int64_t monthly_amount)
{
	int64_t v[3];
	int n = counted_of(b, b->totals, v);

	return plan_baseline_of(v, n, b->has_history, monthly_amount);
}

int64_t plan_basis_volume(const plan_basis *b, int64_t monthly_volume)
{
	int64_t v[3];
	int n = counted_of(b, b->volumes, v);

	return plan_baseline_of(v, n, b->has_volume, monthly_volume);
}

int plan_basis_months(const plan_basis *b)
{
	return b->has_history ? b->months : 0;
}

int64_t plan_volume_baseline(const int64_t volumes[3], bool has_volume, int64_t monthly_volume)
{
	/* The same mean: units instead of fen. */
	return plan_baseline(volumes, has_volume, monthly_volume);
}

int64_t plan_month_volume(int64_t ordered, int64_t monthly_volume)
{
	if (ordered >= 0)
		return ordered;
	return monthly_volume >= 0 ? monthly_volume : -1;
}

/* ---- Methods and shares ---- */

const char *plan_method_name(plan_method m)
{
	return m == PLAN_SHARES ? "shares" : "baseline";
}

bool plan_method_parse(const char *s, plan_method *m)
{
	if (strcmp(s, "baseline") == 0)
		*m = PLAN_BASELINE;
	else if (strcmp(s, "shares") == 0)
		*m = PLAN_SHARES;
	else
		return false;
	return true;
}

plan_shares plan_shares_default(void)
{
	return (plan_shares){ { 40, 30, 15, 10, 5 } };
}

bool plan_shares_check(const plan_shares *s, char *err, size_t errsz)
{
	int sum = 0;

	for (int t = TIER_S; t < TIER_COUNT; t++) {
		if (s->pct[t] < 0 || s->pct[t] > 100)
			return err_fail(err, errsz, _("%c=%d is not a percentage (0-100)"),
				    tier_letter((tier)t), s->pct[t]);
		sum += s->pct[t];
	}
	if (sum != 100)
		return err_fail(err, errsz, _("shares sum to %d, not 100"), sum);
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

bool plan_shares_parse(const char *text, plan_shares *out, char *err, size_t errsz)
{
	plan_shares s = { { 0, 0, 0, 0, 0 } };
	bool seen[TIER_COUNT] = { false, false, false, false, false };
	const char *p = text ? text : "";
	char shown[32];
	bool any = false;

	for (;;) {
		while (is_space(*p))
			p++;
		if (!*p && !any)
			return err_fail(err, errsz, _("no shares given (e.g. S=40,A=30,B=15,C=10,D=5)"));
		tier t = tier_from_letter((unsigned char)*p);
		if (t == TIER_NONE)
			return err_fail(err, errsz, _("expected S=, A=, B=, C= or D= at '%s'"),
				    text_sanitize(p, shown, sizeof shown));
		if (seen[t])
			return err_fail(err, errsz, _("%c is given twice"), tier_letter(t));
		for (p++; is_space(*p); p++)
			;
		if (*p != '=')
			return err_fail(err, errsz, _("expected '=' after %c"), tier_letter(t));
		for (p++; is_space(*p); p++)
			;
		if (*p < '0' || *p > '9')
			return err_fail(err, errsz, _("%c: '%s' is not a whole percentage"), tier_letter(t),
				    text_sanitize(p, shown, sizeof shown));
		int v = 0;
		for (; *p >= '0' && *p <= '9'; p++) {
			v = v * 10 + (*p - '0');
			if (v > 100)
				return err_fail(err, errsz, _("%c: more than 100%%"), tier_letter(t));
		}
		if (*p == '%')
			p++;
		while (is_space(*p))
			p++;
		if (*p && *p != ',')
			return err_fail(err, errsz, _("%c: '%s' is not a whole percentage"), tier_letter(t),
				    text_sanitize(p, shown, sizeof shown));
		s.pct[t] = v;
		seen[t] = any = true;
		if (!*p)
			break;
		p++;
	}
	if (!plan_shares_check(&s, err, errsz))
		return false;
	*out = s;
	return true;
}

char *plan_shares_format(const plan_shares *s, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "S=%d,A=%d,B=%d,C=%d,D=%d", s->pct[TIER_S], s->pct[TIER_A],
		 s->pct[TIER_B], s->pct[TIER_C], s->pct[TIER_D]);
	return buf;
}

/* ---- The month plan ---- */

tier plan_tier(const plan_customer *c, const tier_thresholds *th)
{
	int64_t v = th->metric == TIER_METRIC_VOLUME ? c->volume : c->baseline;

	return tier_effective(c->manual, tier_of(v, th));
}

tier plan_tier_at(const unsigned char *months, size_t len, int y, int m, int now, int start,
                  int64_t monthly_amount, int64_t monthly_volume, const tier_thresholds *th)
{
	plan_basis b;

	plan_basis_of(months, len, y, m, now, start, &b);
	int64_t v = plan_basis_volume(&b, monthly_volume);
	plan_customer c = {
		.baseline = plan_basis_baseline(&b, monthly_amount),
		.volume = v > 0 ? v : 0,
		.manual = TIER_NONE,
	};

	return plan_tier(&c, th);
}

tier plan_tier_in_month(const unsigned char *months, size_t len, int y, int m,
                        int64_t monthly_amount, int64_t monthly_volume, const tier_thresholds *th)
{
	return plan_tier_at(months, len, y, m, 0, 0, monthly_amount, monthly_volume, th);
}

/* Basis points of PART in WHOLE, rounded half up. */
static int share_bp(int64_t part, int64_t whole)
{
	if (whole <= 0 || part <= 0)
		return 0;
	uint64_t r, q = div128(mul64((uint64_t)part, 20000), (uint64_t)whole, &r);
	return (int)((q + 1) / 2);
}

plan_status plan_split_tiers(plan_result *res, const plan_shares *shares)
{
	lr_key k[TIER_COUNT];
	int64_t out[TIER_COUNT];
	uint64_t total = 0;
	size_t customers = 0;

	if (!target_ok(res->target))
		return PLAN_E_TARGET;
	if (res->method == PLAN_SHARES && (!shares || !plan_shares_check(shares, NULL, 0)))
		return PLAN_E_SHARES;
	for (int t = TIER_S; t < TIER_COUNT; t++) {
		int64_t b = res->tiers[t].baseline;
		if (b < 0 || (uint64_t)b > (uint64_t)INT64_MAX - total)
			return PLAN_E_BASELINE;
		total += (uint64_t)b;
		customers += res->tiers[t].customers;
	}
	res->baseline = (int64_t)total;
	res->customers = customers;
	res->equal = customers > 0 && total == 0;
	res->unplaced = 0;

	for (int t = TIER_S; t < TIER_COUNT; t++) {
		const plan_tier_row *row = &res->tiers[t];
		uint64_t w;
		if (res->method == PLAN_SHARES)
			w = (uint64_t)shares->pct[t];
		else if (res->equal)
			w = row->customers;
		else
			w = (uint64_t)row->baseline;
		k[t] = (lr_key){ w, 0, 0, (uint64_t)row->baseline, NULL, (size_t)t };
	}
	if (res->method == PLAN_BASELINE && customers == 0) {
		/* Nothing to be proportional to and no one to carry it. */
		for (int t = TIER_S; t < TIER_COUNT; t++)
			out[t] = 0;
		res->unplaced = res->target;
	} else {
		lr_split(res->target, k, TIER_COUNT, out);
	}
	for (int t = TIER_S; t < TIER_COUNT; t++) {
		plan_tier_row *row = &res->tiers[t];
		row->target = out[t];
		row->share_bp = share_bp(out[t], res->target);
		row->unplaced = row->target > 0 && row->customers == 0;
		if (row->unplaced)
			res->unplaced += row->target;
	}
	return PLAN_OK;
}

plan_status plan_split(plan_customer *cust, size_t n, int64_t target, plan_method method,
		       const plan_shares *shares, const tier_thresholds *th, plan_result *res)
{
	size_t start[TIER_COUNT + 1], fill[TIER_COUNT];
	lr_key *k = NULL;
	int64_t *out = NULL;
	plan_status st;

	memset(res, 0, sizeof *res);
	res->method = method;
	res->target = target;
	if (!target_ok(target))
		return PLAN_E_TARGET;

	for (size_t i = 0; i < n; i++) {
		if (cust[i].baseline < 0 || cust[i].baseline > MONEY_MAX_FEN)
			return PLAN_E_BASELINE;
		cust[i].tier = plan_tier(&cust[i], th);
		cust[i].target = 0;
		plan_tier_row *row = &res->tiers[cust[i].tier];
		if (cust[i].baseline > INT64_MAX - row->baseline)
			return PLAN_E_BASELINE;
		row->customers++;
		row->baseline += cust[i].baseline;
	}
	st = plan_split_tiers(res, shares);
	if (st != PLAN_OK || n == 0)
		return st;

	k = malloc(n * sizeof *k);
	out = malloc(n * sizeof *out);
	if (!k || !out) {
		free(k);
		free(out);
		return PLAN_E_NOMEM;
	}
	/* Group the customers by tier (counting sort), then split each tier. */
	start[0] = 0;
	for (int t = TIER_S; t < TIER_COUNT; t++)
		start[t + 1] = start[t] + res->tiers[t].customers;
	memcpy(fill, start, sizeof fill);
	for (size_t i = 0; i < n; i++) {
		uint64_t b = (uint64_t)cust[i].baseline;
		k[fill[cust[i].tier]++] = (lr_key){ b, 0, 0, b, cust[i].uid, i };
	}
	for (int t = TIER_S; t < TIER_COUNT; t++)
		lr_split(res->tiers[t].target, k + start[t], start[t + 1] - start[t], out);
	for (size_t i = 0; i < n; i++)
		cust[i].target = out[i];
	free(k);
	free(out);
	return PLAN_OK;
}

/* ---- Picks and fixed targets ---- */

bool plan_picks_parse(const char *text, plan_slot *out, size_t *n, char *err, size_t errsz)
{
	const char *p = text ? text : "";
	char shown[48], amount[64], why[96];
	int64_t total = 0;

	*n = 0;
	for (;;) {
		while (is_space(*p))
			p++;
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0)
			return err_fail(err, errsz, _("expected COUNTxAMOUNT (e.g. 10x2万) at '%s'"),
			                text_sanitize(p, shown, sizeof shown));
		if (*n == PLAN_MAX_SLOTS)
			return err_fail(err, errsz, _("more than %d slots"), PLAN_MAX_SLOTS);
		long count = 0;
		size_t i = 0;
		for (; i < len && p[i] >= '0' && p[i] <= '9'; i++)
			if ((count = count * 10 + (p[i] - '0')) > PLAN_MAX_PICKS)
				return err_fail(err, errsz, _("'%.*s': at most %d customers a slot"), (int)len, p,
				                PLAN_MAX_PICKS);
		size_t x = i;
		while (x < len && is_space(p[x]))
			x++;
		size_t sep = x < len && (p[x] == 'x' || p[x] == 'X') ? 1
		           : x + 1 < len && (unsigned char)p[x] == 0xc3 && (unsigned char)p[x + 1] == 0x97 ? 2 : 0;
		if (i == 0 || !sep) {
			char piece[64];
			snprintf(piece, sizeof piece, "%.*s", (int)(len < 60 ? len : 60), p);
			return err_fail(err, errsz, _("'%s' is not COUNTxAMOUNT (e.g. 10x2万)"),
			                text_sanitize(piece, shown, sizeof shown));
		}
		if (count < 1)
			return err_fail(err, errsz, _("'%.*s': a slot needs at least one customer"), (int)len, p);
		size_t a = x + sep;
		while (a < len && is_space(p[a]))
			a++;
		size_t alen = len - a;
		while (alen && is_space(p[a + alen - 1]))
			alen--;
		if (alen >= sizeof amount)
			alen = sizeof amount - 1;
		memcpy(amount, p + a, alen);
		amount[alen] = '\0';
		int64_t fen;
		if (!money_parse(amount, &fen, why, sizeof why))
			return err_fail(err, errsz, _("'%s' %s"), text_sanitize(amount, shown, sizeof shown), why);
		if (fen <= 0)
			return err_fail(err, errsz, _("'%s': a slot's amount must be above 0"),
			                text_sanitize(amount, shown, sizeof shown));
		if (fen > (MONEY_MAX_FEN - total) / count)
			return err_fail(err, errsz, _("the picks add up to more than %s"), "MONEY_MAX");
		total += fen * count;
		out[(*n)++] = (plan_slot){ (int)count, fen };
		if (!end)
			break;
		p = end + 1;
	}
	return true;
}

int64_t plan_picks_total(const plan_slot *slots, size_t n)
{
	int64_t total = 0;

	for (size_t i = 0; i < n; i++) {
		if (slots[i].count < 0 || slots[i].amount < 0 ||
		    (slots[i].count && slots[i].amount > (MONEY_MAX_FEN - total) / slots[i].count))
			return -1;
		total += slots[i].amount * slots[i].count;
	}
	return total;
}

/* Best able to carry a slot first: tier, larger baseline, smaller uid. */
typedef struct {
	int tier;
	int64_t baseline;
	const char *uid;
	size_t idx;
} pick_key;

static int pick_cmp(const void *pa, const void *pb)
{
	const pick_key *a = pa, *b = pb;

	if (a->tier != b->tier)
		return a->tier < b->tier ? -1 : 1;
	if (a->baseline != b->baseline)
		return a->baseline > b->baseline ? -1 : 1;
	int c = strcmp(a->uid ? a->uid : "", b->uid ? b->uid : "");
	if (c)
		return c < 0 ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

plan_status plan_split_picked(plan_customer *cust, size_t n, int64_t target, plan_method method,
                              const plan_shares *shares, const tier_thresholds *th,
                              const plan_slot *slots, size_t nslots, bool *fixed,
                              plan_picks *picks, plan_result *res)
{
	plan_slot sorted[PLAN_MAX_SLOTS];
	int64_t want = plan_picks_total(slots, nslots);
	plan_status st;

	memset(picks, 0, sizeof *picks);
	for (size_t i = 0; i < n; i++)
		fixed[i] = false;
	if (!target_ok(target)) {
		memset(res, 0, sizeof *res);
		return PLAN_E_TARGET;
	}
	if (nslots > PLAN_MAX_SLOTS || want < 0 || want > target)
		return PLAN_E_PICKS;
	if (nslots == 0)
		return plan_split(cust, n, target, method, shares, th, res);
	for (size_t i = 0; i < n; i++) {
		if (cust[i].baseline < 0 || cust[i].baseline > MONEY_MAX_FEN)
			return PLAN_E_BASELINE;
		cust[i].tier = plan_tier(&cust[i], th);
	}
	/* Larger amounts first, equal ones as given (a stable insertion sort). */
	for (size_t s = 0; s < nslots; s++) {
		size_t j = s;
		for (; j > 0 && sorted[j - 1].amount < slots[s].amount; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = slots[s];
	}
	pick_key *order = malloc((n ? n : 1) * sizeof *order);
	plan_customer *rest = malloc((n ? n : 1) * sizeof *rest);
	size_t *where = malloc((n ? n : 1) * sizeof *where);
	if (!order || !rest || !where) {
		free(order), free(rest), free(where);
		return PLAN_E_NOMEM;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = (pick_key){ cust[i].tier, cust[i].baseline, cust[i].uid, i };
	qsort(order, n, sizeof *order, pick_cmp);
	size_t next = 0;
	int64_t by_tier[TIER_COUNT] = { 0 };
	for (size_t s = 0; s < nslots; s++) {
		picks->wanted += (size_t)sorted[s].count;
		for (int k = 0; k < sorted[s].count && next < n; k++, next++) {
			size_t i = order[next].idx;
			fixed[i] = true;
			cust[i].target = sorted[s].amount;
			by_tier[cust[i].tier] += sorted[s].amount;
			picks->picked++;
			picks->total += sorted[s].amount;
		}
	}
	size_t nrest = 0;
	for (size_t i = 0; i < n; i++)
		if (!fixed[i]) {
			rest[nrest] = cust[i];
			where[nrest++] = i;
		}
	plan_result sub;
	st = plan_split(rest, nrest, target - picks->total, method, shares, th, &sub);
	if (st == PLAN_OK) {
		for (size_t k = 0; k < nrest; k++)
			cust[where[k]].target = rest[k].target;
		memset(res, 0, sizeof *res);
		res->method = method;
		res->target = target;
		res->equal = sub.equal;
		res->unplaced = sub.unplaced;
		for (size_t i = 0; i < n; i++) {
			res->tiers[cust[i].tier].customers++;
			res->tiers[cust[i].tier].baseline += cust[i].baseline;
			res->baseline += cust[i].baseline;
		}
		res->customers = n;
		for (int t = TIER_S; t < TIER_COUNT; t++) {
			plan_tier_row *row = &res->tiers[t];
			row->target = by_tier[t] + sub.tiers[t].target;
			row->share_bp = share_bp(row->target, target);
			row->unplaced = sub.tiers[t].unplaced;
		}
	}
	free(order), free(rest), free(where);
	return st;
}

plan_status plan_respread_fixed(int64_t total, const int64_t *baseline, const bool *fixed,
                                const char *const *uids, size_t n, int64_t *target)
{
	int64_t held = 0;
	size_t free_n = 0;

	if (!target_ok(total))
		return PLAN_E_TARGET;
	for (size_t i = 0; i < n; i++) {
		if (baseline[i] < 0 || baseline[i] > MONEY_MAX_FEN)
			return PLAN_E_BASELINE;
		if (!fixed[i]) {
			free_n++;
			continue;
		}
		if (target[i] < 0 || target[i] > total - held)
			return PLAN_E_FIXED;
		held += target[i];
	}
	if (free_n == 0)
		return held == total ? PLAN_OK : PLAN_E_FIXED;
	lr_key *k = malloc(free_n * sizeof *k);
	int64_t *out = malloc(n * sizeof *out);
	if (!k || !out) {
		free(k), free(out);
		return PLAN_E_NOMEM;
	}
	size_t j = 0;
	for (size_t i = 0; i < n; i++)
		if (!fixed[i]) {
			uint64_t b = (uint64_t)baseline[i];
			k[j++] = (lr_key){ b, 0, 0, b, uids ? uids[i] : NULL, i };
		}
	lr_split(total - held, k, free_n, out);
	for (size_t i = 0; i < n; i++)
		if (!fixed[i])
			target[i] = out[i];
	free(k), free(out);
	return PLAN_OK;
}

/* ---- Days ---- */

int plan_split_days(int64_t target, const calendar *cal, int y, int m,
		    plan_day_row rows[PLAN_MAX_DAYS], int *workdays)
{
	lr_key k[PLAN_MAX_DAYS];
	int64_t out[PLAN_MAX_DAYS];
	date_day first = date_month_first_day(y, m);
	int days = date_days_in_month(y, m);
	size_t nwork = 0;

	if (!target_ok(target))
		return -1;
	for (int d = 0; d < days; d++) {
		rows[d] = (plan_day_row){ first + d, calendar_is_workday(cal, first + d), 0, 0, 0, 0 };
		if (rows[d].workday)
			k[nwork++] = (lr_key){ 1, 0, 0, 0, NULL, (size_t)d };
		out[d] = 0;
	}
	lr_split(target, k, nwork, out);
	for (int d = 0; d < days; d++)
		rows[d].target = out[d];
	plan_days_accumulate(rows, days);
	if (workdays)
		*workdays = (int)nwork;
	return days;
}

void plan_days_accumulate(plan_day_row *rows, int n)
{
	int64_t t = 0, a = 0;

	for (int d = 0; d < n; d++) {
		t += rows[d].target;
		a += rows[d].achieved;
		rows[d].cum_target = t;
		rows[d].cum_achieved = a;
	}
}

plan_day plan_respread(int64_t target, int64_t achieved_before, const calendar *cal, date_day day)
{
	plan_day r = { 0, 0, 0, false, false, false, 0, 0 };
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	r.workday = calendar_is_workday(cal, day);
	r.workdays_left = calendar_workdays_between(cal, day, date_month_last_day(y, m));
	if (target < 0)
		target = 0;
	if (achieved_before >= target) {
		r.met = true;
		return r;
	}
	/* target - achieved_before, saturating when a refund is absurdly large. */
	if (achieved_before < 0 && target > INT64_MAX + achieved_before)
		r.remaining = INT64_MAX;
	else
		r.remaining = target - achieved_before;
	if (r.workdays_left == 0) {
		r.no_days_left = true;
		return r;
	}
	r.next_day = day;
	while (!calendar_is_workday(cal, r.next_day))
		r.next_day++;     /* a working day is left: the loop ends in the month */

	/* The first of the equal shares over the days left: the same rule as
	 * plan_split_days, so an on-plan month re-spreads to the same days. */
	lr_key k[PLAN_MAX_DAYS];
	int64_t out[PLAN_MAX_DAYS];
	size_t n = (size_t)r.workdays_left;
	for (size_t i = 0; i < n; i++)
		k[i] = (lr_key){ 1, 0, 0, 0, NULL, i };
	lr_split(r.remaining, k, n, out);
	r.next_target = out[0];
	if (r.workday)
		r.target = out[0];
	return r;
}

void plan_respread_days(int64_t target, const calendar *cal, const plan_day_row *rows, int n,
			date_day today, int64_t *out)
{
	int64_t before = 0;

	for (int i = 0; i < n; i++) {
		plan_day p = plan_respread(target, before, cal, rows[i].day);
		out[i] = p.target;
		before += rows[i].day < today ? rows[i].achieved : p.target;
	}
}

/* ---- Gap check ---- */

bool plan_gap_check(const plan_result *res, const tier_thresholds *th, plan_gap *out)
{
	memset(out, 0, sizeof *out);
	out->baseline = res->baseline;
	out->gap = res->target > res->baseline ? res->target - res->baseline : 0;
	out->growth_bp = res->baseline > 0 ?
		mul_div_ceil((uint64_t)out->gap, 10000, (uint64_t)res->baseline) : -1;

	for (int t = TIER_S; t < TIER_COUNT; t++) {
		const plan_tier_row *row = &res->tiers[t];
		plan_gap_tier *g = &out->tiers[t];

		g->empty = row->customers == 0;
		g->unplaced = row->unplaced;
		out->unplaced |= row->unplaced;
		if (!g->empty)
			g->typical = row->baseline / (int64_t)row->customers;
		else if (t < TIER_D && th->metric == TIER_METRIC_AMOUNT)
			g->typical = th->min[t];
		else
			g->typical = 0;
		if (g->typical > 0)
			g->new_customers = out->gap / g->typical + (out->gap % g->typical != 0);
		else
			g->new_customers = -1;
		g->growth_bp = row->baseline > 0 ?
			mul_div_ceil((uint64_t)out->gap, 10000, (uint64_t)row->baseline) : -1;
	}
	return out->gap > 0;
}

/* ---- Market potential ---- */

bool plan_market_potential(int64_t rooms, int share_permille, int days, int64_t current,
			   plan_potential *out)
{
	if (rooms < 0 || share_permille < 0 || share_permille > 1000 || days < 0 || days > 31)
		return false;
	if (rooms > (INT64_MAX - 500) / (1000 * 31))
		return false;
	int64_t units = rooms * share_permille * days;	/* thousandths */
	out->potential = (units + 500) / 1000;
	if (current < 0)
		current = 0;
	out->headroom = out->potential - current;
	return true;
}
