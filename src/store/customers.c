/* Customers: upsert with "unchanged means untouched", the computed tier, and
 * bulk loading (lookups a person types and attribute keys: lookup.c).
 *
 * Bulk loading builds indexes once instead of row by row wherever it can:
 * - into an empty book, every index is dropped and built at the end (a sort
 *   beats a million random inserts); rows are matched meanwhile through a
 *   bounded in-memory table of hashes of their uids and names;
 * - once a load has changed many rows next to the book's size, the list
 *   index and the search index's triggers go, and both are rebuilt at the end
 *   (FTS5's rebuild is several times faster than maintaining the index). The
 *   uid and name indexes stay: every row is matched against them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "repdesk/date.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/text.h"
#include "repdesk/valid.h"
#include "repdesk/tuning.h"
#include "store_int.h"
#include "repdesk/i18n.h"

#define P_UPDATED 24
#define P_ID 25
#define P_REP 2

/* The columns an upsert may write, with their DB_F_ bit. */
static const struct { int col; unsigned bit; } writable[] = {
	{ C_NAME, DB_F_NAME }, { C_CONTACT, DB_F_CONTACT }, { C_PHONE, DB_F_PHONE },
	{ C_CITY, DB_F_CITY }, { C_DISTRICT, DB_F_DISTRICT }, { C_TYPE, DB_F_TYPE },
	{ C_INDUSTRY, DB_F_INDUSTRY }, { C_STORES, DB_F_STORES }, { C_ROOMS, DB_F_ROOMS },
	{ C_AMOUNT, DB_F_MONTHLY_AMOUNT }, { C_VOLUME, DB_F_MONTHLY_VOLUME },
	{ C_TIER, DB_F_TIER }, { C_PRIORITY, DB_F_PRIORITY }, { C_SOURCE, DB_F_SOURCE },
	{ C_NEXT_CALL, DB_F_NEXT_CALL }, { C_NOTES, DB_F_NOTES }, { C_STATUS, DB_F_STATUS },
	{ C_ATTRS, DB_F_ATTRS }, { C_REFERRED_BY, DB_F_REFERRED_BY },
	{ C_PAYMENT_DAYS, DB_F_PAYMENT_DAYS },
};
#define NWRITABLE (sizeof writable / sizeof *writable)

static const char *const letters[TIER_COUNT] = { "S", "A", "B", "C", "D" };
static const char *const statuses[] = { "active", "prospect", "lost", "do-not-call" };
static const char *const priorities[] = { "", "key", "medium", "small" };

typedef struct {
	const char *t[C_NCOLS];      /* text columns; NULL is SQL NULL */
	int64_t n[C_NCOLS];          /* integer columns; DB_NULL is SQL NULL */
} row_vals;

/* The integer columns (the rest are text). */
static bool int_col(int col)
{
	return (col >= C_STORES && col <= C_VOLUME) || col == C_PAYMENT_DAYS;
}

static bool one_of(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* The value C gives for column COL, as stored. */
static void given(const db_customer *c, int col, row_vals *v)
{
	switch (col) {
	case C_NAME: v->t[col] = nz(c->name); break;
	case C_CONTACT: v->t[col] = nz(c->contact); break;
	case C_PHONE: v->t[col] = nz(c->phone); break;
	case C_CITY: v->t[col] = nz(c->city); break;
	case C_DISTRICT: v->t[col] = nz(c->district); break;
	case C_TYPE: v->t[col] = nz(c->type); break;
	case C_INDUSTRY: v->t[col] = nz(c->industry); break;
	case C_SOURCE: v->t[col] = nz(c->source); break;
	case C_REFERRED_BY: v->t[col] = nz(c->referred_by); break;
	case C_NOTES: v->t[col] = nz(c->notes); break;
	case C_PRIORITY: v->t[col] = nz(c->priority); break;
	case C_NEXT_CALL: v->t[col] = c->next_call && *c->next_call ? c->next_call : NULL; break;
	case C_STATUS: v->t[col] = c->status && *c->status ? c->status : "active"; break;
	case C_TIER: v->t[col] = c->tier_manual == TIER_NONE ? NULL : letters[c->tier_manual]; break;
	case C_STORES: v->n[col] = c->stores; break;
	case C_ROOMS: v->n[col] = c->rooms; break;
	case C_AMOUNT: v->n[col] = c->monthly_amount; break;
	case C_VOLUME: v->n[col] = c->monthly_volume; break;
	case C_PAYMENT_DAYS: v->n[col] = c->payment_days; break;
	default: break;
	}
}

static db_status validate(db *d, const db_customer *c, unsigned fields)
{
	if (c->uid[0] && !uid_acceptable(c->uid))
		return store_err(d, DB_INVALID, _("uid '%.64s' is not valid (1-64 of A-Z a-z 0-9 . _ : -)"),
		                 c->uid);
	if ((fields & DB_F_NAME) && (!c->name || !*c->name))
		return store_err(d, DB_INVALID, _("a customer needs a name"));
	if ((fields & DB_F_PRIORITY) && !one_of(nz(c->priority), priorities, 4))
		return store_err(d, DB_INVALID, _("priority '%.64s' is not key, medium or small"),
		                 c->priority);
	if ((fields & DB_F_STATUS) && c->status && *c->status && !one_of(c->status, statuses, 4))
		return store_err(d, DB_INVALID, _("status '%.64s' is not active, prospect, lost or "
		                 "do-not-call"), c->status);
	date_day day;
	if ((fields & DB_F_NEXT_CALL) && c->next_call && *c->next_call &&
	    !date_parse(c->next_call, &day))
		return store_err(d, DB_INVALID, _("next_call '%.32s' is not a date (YYYY-MM-DD)"),
		                 c->next_call);
	if ((fields & DB_F_TIER) && (c->tier_manual < TIER_NONE || c->tier_manual >= TIER_COUNT))
		return store_err(d, DB_INVALID, _("tier %d is not S, A, B, C or D"), (int)c->tier_manual);
	const struct { unsigned bit; const char *name; int64_t v; } counts[] = {
		{ DB_F_STORES, "stores", c->stores }, { DB_F_ROOMS, "rooms", c->rooms },
		{ DB_F_MONTHLY_VOLUME, "monthly_volume", c->monthly_volume },
	};
	for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
		if ((fields & counts[i].bit) && counts[i].v != DB_NULL && counts[i].v < 0)
			return store_err(d, DB_INVALID, _("%s cannot be negative"), counts[i].name);
	if ((fields & DB_F_PAYMENT_DAYS) && c->payment_days != DB_NULL &&
	    (c->payment_days < 0 || c->payment_days > VALID_PAYMENT_DAYS_MAX))
		return store_err(d, DB_INVALID, _("payment_days %lld is not from 0 to %d days"),
		                 (long long)c->payment_days, VALID_PAYMENT_DAYS_MAX);
	for (size_t i = 0; (fields & DB_F_ATTRS) && i < c->nattrs; i++)
		if (!c->attrs[i].key || !c->attrs[i].key[0])
			return store_err(d, DB_INVALID, _("an attribute needs a name"));
	return DB_OK;
}

/* ---- tiers ---- */

db_status store_tiers_load(db *d)
{
	char metric[32], mins[128];
	tier_thresholds th;
	db_status st;

	if (d->have_tiers)
		return DB_OK;
	th = tier_default(TIER_METRIC_AMOUNT);
	if ((st = db_setting_get(d, "tier_metric", metric, sizeof metric)) == DB_OK) {
		if (!tier_metric_parse(metric, &th.metric))
			return store_err(d, DB_CORRUPT, _("setting tier_metric '%s' is not amount or volume"),
			                 metric);
		th = tier_default(th.metric);
	} else if (st != DB_NOT_FOUND) {
		return st;
	}
	if ((st = db_setting_get(d, "tier_min", mins, sizeof mins)) == DB_OK) {
		long long v[4];
		if (sscanf(mins, "%lld,%lld,%lld,%lld", &v[0], &v[1], &v[2], &v[3]) != 4)
			return store_err(d, DB_CORRUPT, _("setting tier_min '%s' is not four numbers"), mins);
		for (int i = 0; i < 4; i++)
			th.min[i] = v[i];
	} else if (st != DB_NOT_FOUND) {
		return st;
	}
	d->tiers = th;
	d->have_tiers = true;
	return DB_OK;
}

db_status db_tiers_get(db *d, tier_thresholds *th)
{
	db_status st = store_tiers_load(d);

	if (st == DB_OK)
		*th = d->tiers;
	return st;
}

/* The computed tier of the row V of customer ID (0: a new one, with no
 * orders yet), into V. */
static db_status computed_tier(db *d, int64_t id, row_vals *v)
{
	tier t;
	db_status st = store_tier_of_row(d, id, v->n[C_AMOUNT], v->n[C_VOLUME], &t);

	if (st == DB_OK)
		v->t[C_TIER_AUTO] = letters[t];
	return st;
}

static db_status tiers_set(db *d, const tier_thresholds *th)
{
	char mins[128];
	db_status st;

	snprintf(mins, sizeof mins, "%lld,%lld,%lld,%lld", (long long)th->min[0],
	         (long long)th->min[1], (long long)th->min[2], (long long)th->min[3]);
	if ((st = db_setting_set(d, "tier_metric", tier_metric_name(th->metric))) != DB_OK ||
	    (st = db_setting_set(d, "tier_min", mins)) != DB_OK)
		return st;
	d->tiers = *th;
	d->have_tiers = true;
	/* The computed tier is derived data: recomputing it is not an edit, so
	 * the rows keep their stamps. */
	return store_retier(d, NULL);
}

db_status db_tiers_set(db *d, const tier_thresholds *th)
{
	bool own;
	db_status st;

	if (th->metric != TIER_METRIC_AMOUNT && th->metric != TIER_METRIC_VOLUME)
		return store_err(d, DB_INVALID, _("tier metric %d is not amount or volume"), (int)th->metric);
	for (int i = 0; i < 3; i++)
		if (th->min[i] <= th->min[i + 1])
			return store_err(d, DB_INVALID, _("tier thresholds must decrease from S to C"));
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	return store_tx_leave(d, own, tiers_set(d, th));
}

/* ---- reading rows ---- */

db_status store_row_customer(db *d, sqlite3_stmt *s, db_customer *c, db_attr **attrs,
                             size_t *cap, char **abuf, size_t *abufcap)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(s, C_ID);
	snprintf(c->uid, sizeof c->uid, "%s", store_col_text(s, C_UID));
	c->name = store_col_text(s, C_NAME);
	c->contact = store_col_text(s, C_CONTACT);
	c->phone = store_col_text(s, C_PHONE);
	c->city = store_col_text(s, C_CITY);
	c->district = store_col_text(s, C_DISTRICT);
	c->type = store_col_text(s, C_TYPE);
	c->industry = store_col_text(s, C_INDUSTRY);
	c->source = store_col_text(s, C_SOURCE);
	c->referred_by = store_col_text(s, C_REFERRED_BY);
	c->payment_days = sqlite3_column_type(s, C_PAYMENT_DAYS) == SQLITE_NULL
	                ? DB_NULL : sqlite3_column_int64(s, C_PAYMENT_DAYS);
	c->notes = store_col_text(s, C_NOTES);
	c->priority = store_col_text(s, C_PRIORITY);
	c->next_call = store_col_text(s, C_NEXT_CALL);
	c->status = store_col_text(s, C_STATUS);
	int64_t *nums[] = { &c->stores, &c->rooms, &c->monthly_amount, &c->monthly_volume };
	for (int i = 0; i < 4; i++)
		*nums[i] = sqlite3_column_type(s, C_STORES + i) == SQLITE_NULL
		         ? DB_NULL : sqlite3_column_int64(s, C_STORES + i);
	const char *t = (const char *)sqlite3_column_text(s, C_TIER);
	c->tier_manual = t ? tier_from_letter((unsigned char)t[0]) : TIER_NONE;
	c->tier_auto = tier_from_letter((unsigned char)store_col_text(s, C_TIER_AUTO)[0]);
	snprintf(c->updated_at, sizeof c->updated_at, "%s", store_col_text(s, C_UPDATED));
	if (!store_attrs_parse(d, store_col_text(s, C_ATTRS), attrs, &c->nattrs, cap, abuf, abufcap))
		return store_err(d, DB_CORRUPT, _("customer %s: its attributes are not a JSON object"),
		                 c->uid);
	c->attrs = *attrs;
	return DB_OK;
}

/* ---- upsert ---- */

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The text columns of V held to the rule a bundle's rows are (valid_text),
 * those that differ from OLD (NULL: a new row) alone: an older book's text
 * stays while other fields change. */
static db_status check_texts(db *d, const row_vals *v, const row_vals *old)
{
	static const struct { int col; const char *name; } texts[] = {
		{ C_NAME, "name" }, { C_CONTACT, "contact" }, { C_PHONE, "phone" }, { C_CITY, "city" },
		{ C_DISTRICT, "district" }, { C_TYPE, "type" }, { C_INDUSTRY, "industry" },
		{ C_SOURCE, "source" }, { C_NOTES, "notes" },
	};
	db_status st;

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if ((!old || !same_text(v->t[texts[i].col], old->t[texts[i].col])) &&
		    (st = store_check_text(d, texts[i].name, v->t[texts[i].col], VALID_TEXT_MAX)) != DB_OK)
			return st;
	return DB_OK;
}

/* An attribute C gives that is new or changed, held to the same rule; one
 * given unchanged, or emptied (removed), passes as it is. */
static db_status check_attr(db *d, const db_attr *a, const char *old_value)
{
	char safe[96], field[128];
	db_status st;

	if (!a->value || !a->value[0] || (old_value && strcmp(old_value, a->value) == 0))
		return DB_OK;
	if (!old_value && (st = store_check_text(d, "attribute name", a->key, VALID_TEXT_MAX)) != DB_OK)
		return st;
	snprintf(field, sizeof field, "attribute '%s'", text_sanitize(a->key, safe, sizeof safe));
	return store_check_text(d, field, a->value, VALID_TEXT_MAX);
}

/* Merge the attributes C gives into the stored ones (JSON OLD): same key
 * replaced in place, new keys appended, an empty value removes the key. The
 * result goes to d->json. */
static db_status merge_attrs(db *d, const char *old, const db_customer *c)
{
	size_t n = 0;

	if (strcmp(old, "{}") != 0 &&   /* most rows: nothing to parse */
	    !store_attrs_parse(d, old, &d->old_attrs, &n, &d->old_attrs_cap, &d->old_buf,
	                       &d->old_buf_cap))
		return store_err(d, DB_CORRUPT, _("customer %s: its attributes are not a JSON object"),
		                 c->uid);
	if (d->merged_cap < n + c->nattrs) {
		db_attr *m = realloc(d->merged, (n + c->nattrs) * sizeof *m);
		if (!m)
			return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
		d->merged = m;
		d->merged_cap = n + c->nattrs;
	}
	if (n)
		memcpy(d->merged, d->old_attrs, n * sizeof *d->merged);
	for (size_t i = 0; i < c->nattrs; i++) {
		size_t j = 0;
		while (j < n && strcmp(d->merged[j].key, c->attrs[i].key) != 0)
			j++;
		db_status st = check_attr(d, &c->attrs[i], j < n ? d->merged[j].value : NULL);
		if (st != DB_OK)
			return st;
		if (j == n)
			d->merged[n++] = c->attrs[i];
		else
			d->merged[j].value = c->attrs[i].value;
	}
	if (!store_attrs_write(d->merged, n, &d->json, &d->json_cap))
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	return DB_OK;
}

/* Register the attribute names C gives, in its order: the export's columns
 * (a column empty in the first rows still keeps its place). */
static db_status register_keys(db *d, const db_customer *c)
{
	for (size_t i = 0; i < c->nattrs; i++) {
		const char *k = c->attrs[i].key;
		bool seen = false;
		for (size_t j = 0; j < d->nkeys_seen && !seen; j++)
			seen = strcmp(d->keys_seen[j], k) == 0;
		if (seen)
			continue;
		sqlite3_stmt *s = store_stmt(d, ST_ATTR_KEY_ADD);
		if (!s)
			return d->last;
		sqlite3_bind_text(s, 1, k, -1, SQLITE_STATIC);
		db_status st = store_step_done(d, s, "registering an attribute");
		if (st != DB_OK)
			return st;
		if (d->nkeys_seen < sizeof d->keys_seen / sizeof *d->keys_seen &&
		    (d->keys_seen[d->nkeys_seen] = strdup(k)))
			d->nkeys_seen++;
	}
	return DB_OK;
}

/* Copies: the values may go before the statement's next step. */
static void bind_vals(sqlite3_stmt *s, const row_vals *v)
{
	for (int col = C_NAME; col <= C_PAYMENT_DAYS; col++) {
		if (int_col(col))
			store_bind_int(s, col + 1, v->n[col]);
		else if (!v->t[col])
			sqlite3_bind_null(s, col + 1);
		else
			sqlite3_bind_text(s, col + 1, v->t[col], -1, SQLITE_TRANSIENT);
	}
}

/* A new row's values into the insert statement. Bindings stay across steps:
 * a value that is one of the store's own constants ("", NULL, a tier letter,
 * a status or priority word) and was bound last time is not bound again,
 * which in a load is about half of them. Other text is bound without a copy
 * (it outlives the step). */
static void bind_insert(db *d, sqlite3_stmt *s, const row_vals *v)
{
	static const char empty[] = "";

	for (int col = C_NAME; col <= C_PAYMENT_DAYS; col++) {
		store_bound *b = &d->ins_bound[col];
		if (int_col(col)) {
			int64_t n = v->n[col];
			if (b->kind == STORE_BOUND_INT && b->n == n)
				continue;
			store_bind_int(s, col + 1, n);
			*b = (store_bound){ STORE_BOUND_INT, NULL, n };
			continue;
		}
		const char *t = v->t[col];
		if (!t) {
			if (b->kind != STORE_BOUND_NULL) {
				sqlite3_bind_null(s, col + 1);
				*b = (store_bound){ STORE_BOUND_NULL, NULL, 0 };
			}
			continue;
		}
		/* The store's own copy of a constant value, if it is one. */
		const char *k = NULL;
		if (!*t)
			k = empty;
		else if (col == C_STATUS || col == C_PRIORITY || col == C_TIER || col == C_TIER_AUTO) {
			const char *const *set = col == C_STATUS ? statuses
			                       : col == C_PRIORITY ? priorities : letters;
			size_t n = col == C_STATUS || col == C_PRIORITY ? 4 : TIER_COUNT;
			for (size_t i = 0; i < n && !k; i++)
				if (strcmp(t, set[i]) == 0)
					k = set[i];
		}
		if (k && b->kind == STORE_BOUND_CONST && b->text == k)
			continue;
		sqlite3_bind_text(s, col + 1, k ? k : t, -1, SQLITE_STATIC);
		*b = k ? (store_bound){ STORE_BOUND_CONST, k, 0 } : (store_bound){ 0 };
	}
}

/* Switch a load to deferred indexing: the search-index triggers and the
 * list index (not needed to match rows) go; db_bulk_end builds them once. */
static db_status bulk_defer(db *d)
{
	db_status st = store_exec(d, store_sql_drop_fts_triggers);

	if (st == DB_OK)
		st = store_exec(d, "DROP INDEX IF EXISTS customers_list");
	if (st == DB_OK)
		d->bulk.deferred = true;
	return st;
}

/* ---- fresh loads: keys in memory ---- */

/* A zeroed table of N slots. A big one is asked for in huge pages where
 * the system has them: every row probes a random slot, and with small pages
 * nearly every probe would also miss the TLB. */
static store_key *keys_alloc(size_t n)
{
	size_t bytes = n * sizeof(store_key), huge = (size_t)2 << 20;

	if (bytes < huge)
		return calloc(n, sizeof(store_key));
	store_key *k = aligned_alloc(huge, bytes);
	if (!k)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(k, bytes, MADV_HUGEPAGE);
#endif
	return memset(k, 0, bytes);
}

/* A 64-bit hash of TAG and TEXT (FNV-1a, then murmur3's finaliser). */
static uint64_t key_hash(char tag, const char *text)
{
	uint64_t h = 0xcbf29ce484222325u;

	h = (h ^ (unsigned char)tag) * 0x100000001b3u;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		h = (h ^ *p) * 0x100000001b3u;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

/* The fingerprint kept per slot; its bits also place it, so the table can
 * grow without the full hashes. Never 0 (0 marks an empty slot). */
static uint32_t key_fp(uint64_t h)
{
	return (uint32_t)(h >> 32) | 1;
}

static size_t key_home(uint32_t fp, size_t mask)
{
	return (fp >> 1) & mask;
}

/* Linear probing without deletions: entries of one key are met in the order
 * they were put, so the smallest id comes first, as "ORDER BY id" would. */
static void keys_put(store_key *slots, size_t mask, uint32_t fp, uint32_t id)
{
	size_t i = key_home(fp, mask);

	while (slots[i].fp)
		i = (i + 1) & mask;
	slots[i] = (store_key){ fp, id };
}

void store_bulk_reset(db *d)
{
	free(d->bulk.keys);
	free(d->bulk.primary_ids);
	d->bulk = (store_bulk){ 0 };
}

/* The load outgrew the key table (or something else needs the indexes):
 * build them now and match through them from here on. */
db_status store_bulk_unfresh(db *d)
{
	free(d->bulk.keys);
	d->bulk.keys = NULL;
	d->bulk.keys_mask = d->bulk.keys_n = 0;
	d->bulk.fresh = false;
	/* Rows are matched through the indexes now: the bigger cache of a load
	 * into an existing book (the key table's memory is free again). */
	db_status st = store_exec(d, store_sql_indexes);
	return st == DB_OK ? store_exec(d, "PRAGMA cache_size = -32768") : st;
}

static db_status keys_add(db *d, char tag, const char *text, int64_t id)
{
	store_bulk *b = &d->bulk;
	size_t slots = b->keys ? b->keys_mask + 1 : 0;

	if (id <= 0 || id > (int64_t)UINT32_MAX)
		return store_bulk_unfresh(d);
	if ((b->keys_n + 1) * 4 > slots * 3) {
		size_t n = slots == 0 ? KEYS_MIN_SLOTS : slots < KEYS_MAX_SLOTS ? KEYS_MAX_SLOTS
		                                                                 : slots * 2;
		store_key *k = n <= KEYS_MAX_SLOTS ? keys_alloc(n) : NULL;
		if (!k)
			return store_bulk_unfresh(d);
		/* Walk from an empty slot so every chain is met in its order. */
		size_t start = 0;
		while (start < slots && b->keys[start].fp)
			start++;
		for (size_t j = 0; j < slots; j++) {
			const store_key *e = &b->keys[(start + j) & (slots - 1)];
			if (e->fp)
				keys_put(k, n - 1, e->fp, e->id);
		}
		free(b->keys);
		b->keys = k;
		b->keys_mask = n - 1;
	}
	keys_put(b->keys, b->keys_mask, key_fp(key_hash(tag, text)), (uint32_t)id);
	b->keys_n++;
	return DB_OK;
}

/* Position a statement on the stored row C matches: by uid when given, else
 * by exact name among live rows. SQLITE_ROW with *SEL on the row, or
 * SQLITE_DONE; anything else is an error code. In a fresh load the indexes
 * are gone: the key table holds every row's uid and name, and each candidate
 * it gives is compared exactly. */
static int lookup(db *d, const db_customer *c, sqlite3_stmt **sel)
{
	int rc;

	if (d->bulk.on && d->bulk.fresh) {
		if (!d->bulk.keys)
			return SQLITE_DONE;
		uint32_t fp = key_fp(c->uid[0] ? key_hash('u', c->uid) : key_hash('n', c->name));
		size_t mask = d->bulk.keys_mask;
		for (size_t i = key_home(fp, mask); d->bulk.keys[i].fp; i = (i + 1) & mask) {
			if (d->bulk.keys[i].fp != fp)
				continue;
			if (!(*sel = store_stmt(d, ST_CUST_BY_ID)))
				return SQLITE_ERROR;
			sqlite3_bind_int64(*sel, 1, d->bulk.keys[i].id);
			rc = sqlite3_step(*sel);
			if (rc == SQLITE_ROW &&
			    (c->uid[0] ? strcmp(store_col_text(*sel, C_UID), c->uid) == 0
			               : strcmp(store_col_text(*sel, C_NAME), c->name) == 0 &&
			                 sqlite3_column_int(*sel, C_DELETED) == 0))
				return SQLITE_ROW;
			sqlite3_reset(*sel);
			if (rc != SQLITE_ROW && rc != SQLITE_DONE)
				return rc;
		}
		return SQLITE_DONE;
	}
	if (!(*sel = store_stmt(d, c->uid[0] ? ST_CUST_BY_UID : ST_CUST_BY_NAME)))
		return SQLITE_ERROR;
	sqlite3_bind_text(*sel, 1, c->uid[0] ? c->uid : c->name, -1, SQLITE_STATIC);
	return sqlite3_step(*sel);
}

static db_status upsert(db *d, const db_customer *c, unsigned fields, int *result)
{
	sqlite3_stmt *sel = NULL, *w;
	const char *key_name = NULL;   /* a name later rows may match (fresh load) */
	char sync_uid[STORE_UID_BUFSZ], *sync_contact = NULL, *sync_phone = NULL;
	row_vals v;
	const char *stamp;
	db_status st;
	int rc;
	bool all = fields == 0;

	if (!c->uid[0] && (!c->name || !*c->name))
		return store_err(d, DB_INVALID, _("a customer needs a uid or a name"));
	rc = lookup(d, c, &sel);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		if (sel)
			sqlite3_reset(sel);
		return store_fail(d, rc, _("looking up a customer"));
	}
	if ((st = store_tiers_load(d)) != DB_OK) {
		if (sel)
			sqlite3_reset(sel);
		return st;
	}

	memset(&v, 0, sizeof v);
	if (rc == SQLITE_ROW) {
		/* Start from the stored row; replace the fields given. */
		for (int col = C_NAME; col <= C_PAYMENT_DAYS; col++) {
			if (int_col(col))
				v.n[col] = sqlite3_column_type(sel, col) == SQLITE_NULL
				         ? DB_NULL : sqlite3_column_int64(sel, col);
			else
				v.t[col] = (const char *)sqlite3_column_text(sel, col);
		}
		row_vals old = v;
		for (size_t i = 0; i < NWRITABLE; i++)
			if ((all || (fields & writable[i].bit)) && writable[i].col != C_ATTRS)
				given(c, writable[i].col, &v);
		if ((all || (fields & DB_F_ATTRS)) && c->nattrs) {
			if ((st = merge_attrs(d, old.t[C_ATTRS], c)) != DB_OK) {
				sqlite3_reset(sel);
				return st;
			}
			v.t[C_ATTRS] = d->json;
		}
		if ((st = computed_tier(d, sqlite3_column_int64(sel, C_ID), &v)) != DB_OK) {
			sqlite3_reset(sel);
			return st;
		}
		bool changed = sqlite3_column_int(sel, C_DELETED) != 0;
		for (int col = C_NAME; col <= C_PAYMENT_DAYS && !changed; col++)
			changed = int_col(col) ? v.n[col] != old.n[col]
			                                             : !same_text(v.t[col], old.t[col]);
		if (!changed) {
			sqlite3_reset(sel);
			*result = 0;
			return DB_OK;
		}
		if ((st = check_texts(d, &v, &old)) != DB_OK) {
			sqlite3_reset(sel);
			return st;
		}
		int64_t id = v.n[C_ID] = sqlite3_column_int64(sel, C_ID);
		if (!same_text(v.t[C_NAME], old.t[C_NAME]))
			key_name = c->name;    /* a changed name can only be the given one */
		/* Its primary contact follows a contact or phone written (a load
		 * brings them all in step at its end). */
		bool sync = !same_text(v.t[C_CONTACT], old.t[C_CONTACT]) ||
		            !same_text(v.t[C_PHONE], old.t[C_PHONE]) ||
		            sqlite3_column_int(sel, C_DELETED) != 0;
		if (sync && d->bulk.on && (st = store_contacts_bulk_note(d, id)) != DB_OK) {
			sqlite3_reset(sel);
			return st;
		}
		if (sync && !d->bulk.on) {
			snprintf(sync_uid, sizeof sync_uid, "%s", store_col_text(sel, C_UID));
			if (!(sync_contact = strdup(nz(v.t[C_CONTACT]))) ||
			    !(sync_phone = strdup(nz(v.t[C_PHONE])))) {
				free(sync_contact);
				sqlite3_reset(sel);
				return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
			}
		}
		if (!(w = store_stmt(d, ST_CUST_UPDATE))) {
			free(sync_contact);
			free(sync_phone);
			sqlite3_reset(sel);
			return d->last;
		}
		bind_vals(w, &v);   /* the stored row may go now */
		sqlite3_reset(sel);
		sqlite3_bind_int64(w, P_ID, id);
		*result = 2;
	} else {
		if (sel)
			sqlite3_reset(sel);
		if (!c->name || !*c->name)
			return store_err(d, DB_INVALID, _("a new customer needs a name"));
		for (int col = C_NAME; col <= C_PAYMENT_DAYS; col++)
			v.t[col] = "";
		v.t[C_NEXT_CALL] = v.t[C_TIER] = NULL;
		v.t[C_STATUS] = "active";
		v.n[C_STORES] = v.n[C_ROOMS] = v.n[C_AMOUNT] = v.n[C_VOLUME] = v.n[C_PAYMENT_DAYS] = DB_NULL;
		for (size_t i = 0; i < NWRITABLE; i++)
			if ((all || (fields & writable[i].bit)) && writable[i].col != C_ATTRS)
				given(c, writable[i].col, &v);
		v.t[C_NAME] = key_name = c->name;
		if ((st = check_texts(d, &v, NULL)) != DB_OK)
			return st;
		v.t[C_ATTRS] = "{}";
		if ((all || (fields & DB_F_ATTRS)) && c->nattrs) {
			if ((st = merge_attrs(d, "{}", c)) != DB_OK)
				return st;
			v.t[C_ATTRS] = d->json;
		}
		if ((st = computed_tier(d, 0, &v)) != DB_OK)
			return st;
		char rep[UID_BUFSZ];
		if (c->uid[0])
			memcpy(d->new_uid, c->uid, sizeof d->new_uid);
		else
			store_new_uid(d, d->new_uid);
		if ((st = store_rep_uid(d, rep)) != DB_OK)
			return st;
		if (!(w = store_stmt(d, ST_CUST_INSERT)))
			return d->last;
		bind_insert(d, w, &v);
		/* Both outlive the step: no copies. */
		sqlite3_bind_text(w, 1, d->new_uid, -1, SQLITE_STATIC);
		sqlite3_bind_text(w, P_REP, d->rep, -1, SQLITE_STATIC);
		*result = 1;
	}
	if (*result == 1 && !d->bulk.on && (*nz(v.t[C_CONTACT]) || *nz(v.t[C_PHONE]))) {
		snprintf(sync_uid, sizeof sync_uid, "%s", d->new_uid);
		if (!(sync_contact = strdup(nz(v.t[C_CONTACT]))) ||
		    !(sync_phone = strdup(nz(v.t[C_PHONE])))) {
			free(sync_contact);
			return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
		}
	}
	if (((all || (fields & DB_F_ATTRS)) && (st = register_keys(d, c)) != DB_OK) ||
	    (!(stamp = store_stamp(d)) && (st = d->last) != DB_OK)) {
		free(sync_contact);
		free(sync_phone);
		return st;
	}
	sqlite3_bind_text(w, P_UPDATED, stamp, -1, SQLITE_STATIC);
	st = store_step_done(d, w, "saving a customer");
	if (st == DB_OK && sync_contact)
		st = store_contact_primary_sync(d, sync_uid, sync_contact, sync_phone);
	free(sync_contact);
	free(sync_phone);
	if (st != DB_OK) {
		*result = 0;
		return st;
	}
	/* Once a load has changed many rows next to the book's size, one
	 * rebuild of the search index at the end is cheaper than maintaining it
	 * row by row. Unchanged rows do not count: a re-import costs nothing. */
	if (d->bulk.on && !d->bulk.deferred && ++d->bulk.changed > 1000 &&
	    d->bulk.changed > d->bulk.existing / 5 && (st = bulk_defer(d)) != DB_OK)
		return st;
	if (*result == 1 && d->bulk.on && (*nz(v.t[C_CONTACT]) || *nz(v.t[C_PHONE])) &&
	    (st = store_contacts_bulk_note(d, sqlite3_last_insert_rowid(d->h))) != DB_OK)
		return st;
	/* A fresh load remembers the keys later rows may match. */
	if (d->bulk.on && d->bulk.fresh) {
		int64_t id = *result == 1 ? sqlite3_last_insert_rowid(d->h) : v.n[C_ID];
		if (*result == 1 && c->uid[0])
			st = keys_add(d, 'u', c->uid, id);
		if (st == DB_OK && key_name && d->bulk.fresh)
			st = keys_add(d, 'n', key_name, id);
	}
	return st;
}

db_status db_customer_upsert(db *d, const db_customer *c, int *result)
{
	unsigned fields = c->fields;
	bool own;
	db_status st;

	*result = 0;
	if ((st = validate(d, c, fields ? fields : ~0u)) != DB_OK)
		return st;
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	return store_tx_leave(d, own, upsert(d, c, fields, result));
}

/* ---- bulk loading ---- */

/* A larger in-memory FTS hash (set back after) writes fewer, larger
 * segments to merge than the usual 1 MiB. 8 MiB takes a third or so less
 * time at a million rows, and more is only a little faster again there,
 * while the peak memory grows with the rows; the team's runs, which rebuild
 * millions of rows at once, gain a third again from HASH_MB = 128. */
db_status store_fts_rebuild(db *d, int hash_mb)
{
	char sql[256];

	snprintf(sql, sizeof sql, "INSERT INTO customers_fts(customers_fts, rank) VALUES ('hashsize', %d);"
	         "INSERT INTO customers_fts(customers_fts) VALUES ('rebuild');"
	         "INSERT INTO customers_fts(customers_fts, rank) VALUES ('hashsize', 1048576);",
	         hash_mb << 20);
	db_status st = store_exec(d, sql);
	return st == DB_OK ? store_exec(d, store_sql_fts_triggers) : st;
}

db_status db_bulk_begin(db *d, size_t expected_rows)
{
	sqlite3_stmt *s;
	db_status st;

	if (!d->user_tx || sqlite3_get_autocommit(d->h))
		return store_err(d, DB_ERROR, _("a bulk load runs inside a transaction (db_begin first)"));
	if (d->bulk.on)
		return DB_OK;
	if (!(s = store_prepare(d, "SELECT coalesce(max(id), 0) FROM customers")))
		return d->last;
	int rc = sqlite3_step(s);
	int64_t existing = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(d, rc, _("starting a load"));
	/* Into an empty book rows are only appended and a small page cache
	 * does as well as a big one; into an existing one a bigger cache keeps
	 * its indexes' pages at hand. Bounded either way, so memory stays flat. */
	if ((st = store_exec(d, existing == 0 ? "PRAGMA cache_size = -8192"
	                                      : "PRAGMA cache_size = -32768")) != DB_OK)
		return st;
	d->bulk = (store_bulk){ .on = true, .existing = existing };
	if (existing == 0) {
		/* An empty book: every index can wait for the end. Rows are matched
		 * through a bounded table of hashes of their uids and names. (With
		 * no trigger on customers left, inserting a parent row needs no
		 * foreign-key lookup, so the uid index can go too; activity
		 * written meanwhile brings it back first.) The attribute index's
		 * triggers go as well: the index is filled once at the end. */
		st = store_exec(d, "DROP INDEX IF EXISTS customers_uid;"
		                   "DROP INDEX IF EXISTS customers_name;"
		                   "DROP INDEX IF EXISTS customers_list;");
		if (st == DB_OK)
			st = store_exec(d, store_sql_drop_customer_attrs_triggers);
		if (st != DB_OK)
			return st;
		d->bulk.fresh = true;
		d->bulk.attrs_later = true;
	}
	if (existing == 0 || expected_rows > (size_t)existing / 5)
		return bulk_defer(d);
	return DB_OK;
}

db_status db_bulk_end(db *d)
{
	db_status st = DB_OK;

	if (!d->bulk.on)
		return DB_OK;
	if (sqlite3_get_autocommit(d->h)) {
		store_bulk_reset(d);
		return store_err(d, DB_ERROR, _("the load's transaction was rolled back"));
	}
	/* The key table is done with. Sorting once beats a million random
	 * index inserts, and needs no big page cache. */
	free(d->bulk.keys);
	d->bulk.keys = NULL;
	d->bulk.keys_mask = d->bulk.keys_n = 0;
	st = store_exec(d, "PRAGMA cache_size = -8192");
	if (st == DB_OK)
		st = store_exec(d, store_sql_indexes);
	if (st == DB_OK && d->bulk.deferred)
		st = store_fts_rebuild(d, 8);
	if (st == DB_OK && d->bulk.attrs_later)
		st = store_exec(d, store_sql_customer_attrs_fill);
	if (st == DB_OK && d->bulk.attrs_later)
		st = store_exec(d, store_sql_customer_attrs);
	/* The primary contacts of the customers written, in one pass. */
	if (st == DB_OK)
		st = store_contacts_bulk_sync(d);
	if (st == DB_OK)
		st = store_exec(d, "PRAGMA cache_size = -16384");
	store_bulk_reset(d);
	/* Search plans were sized for the book before the load. */
	free(d->plan_text);
	d->plan_text = NULL;
	d->rows_seen = 0;
	return st;
}

db_status db_customers_have_terms(db *d, bool *yes)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT 1 FROM customers WHERE payment_days IS NOT NULL "
	                                   "AND deleted = 0 LIMIT 1");
	*yes = false;
	if (!s)
		return d->last;
	int rc = sqlite3_step(s);
	*yes = rc == SQLITE_ROW;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading the payment terms"));
}
