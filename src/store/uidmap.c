/* Maps from a record's uid or id to its place in an array, for the readers
 * that gather a book in a few queries and then match hundreds of thousands of
 * rows to their customers: a hash table, not a search over time-ordered uids
 * that share long prefixes; and for rows keyed by the customer's id, one
 * ordered pass beside the customers read in the same order. */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "repdesk/db/book.h"

uint64_t store_hash(const char *s)
{
	size_t n = strlen(s);
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	/* Eight bytes a step: uids are 36 characters, and a plan's detail text
	 * is megabytes. */
	for (; n >= 8; n -= 8, s += 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	/* The murmur finaliser spreads every bit over the low ones. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* How far past the last find a lookup in table order looks: first just
 * past it; then, while the hash table is not made, further (a sparse tier's
 * customers lie far apart), until that has failed a few times (the uids do
 * not come in table order after all). */
#define NEAR_SPAN 64
#define FAR_SPAN 4096
#define FAR_MISSES 16

struct db_uidmap {
	const char *rows;
	size_t n, stride, uid_off;
	uint32_t *fp;                /* per record: its uid's fingerprint */
	/* Open addressing, hash -> index + 1: made by the first lookup that
	 * needs it (a reader whose lookups all come in table order never
	 * hashes). NULL with FAILED: no memory for it, so records are searched. */
	uint32_t *slots;
	size_t mask;
	bool failed;
	unsigned far_misses;         /* far looks that found nothing */
};

static const char *uid_at(const store_uidmap *m, size_t i)
{
	return m->rows + i * m->stride + m->uid_off;
}

/* Cheap and good enough to pass over most records without comparing their
 * uids: the last four bytes (the random end of a time-ordered uid) and the
 * length. */
static uint32_t fingerprint(const char *uid)
{
	size_t n = strlen(uid);
	uint32_t tail = 0;

	memcpy(&tail, uid + (n > 4 ? n - 4 : 0), n > 4 ? 4 : n);
	return tail ^ (uint32_t)n * 0x9e3779b9u;
}

store_uidmap *store_uidmap_new(const void *rows, size_t n, size_t stride, size_t uid_off)
{
	store_uidmap *m = calloc(1, sizeof *m);

	if (!m || !(m->fp = malloc((n ? n : 1) * sizeof *m->fp))) {
		store_uidmap_free(m);
		return NULL;
	}
	m->rows = rows;
	m->n = n;
	m->stride = stride;
	m->uid_off = uid_off;
	for (size_t i = 0; i < n; i++)
		m->fp[i] = fingerprint(uid_at(m, i));
	return m;
}

void store_uidmap_free(store_uidmap *m)
{
	if (m) {
		free(m->slots);
		free(m->fp);
		free(m);
	}
}

static bool make_slots(store_uidmap *m)
{
	size_t cap = 1024;

	while (cap < m->n * 2)
		cap *= 2;
	if (!(m->slots = calloc(cap, sizeof *m->slots))) {
		m->failed = true;
		return false;
	}
	m->mask = cap - 1;
	for (size_t i = 0; i < m->n; i++) {
		size_t j = store_hash(uid_at(m, i)) & m->mask;
		while (m->slots[j])
			j = (j + 1) & m->mask;
		m->slots[j] = (uint32_t)i + 1;
	}
	return true;
}

/* Whether record I has UID (whose fingerprint is FP). */
static bool is(const store_uidmap *m, size_t i, uint32_t fp, const char *uid)
{
	return m->fp[i] == fp && strcmp(uid_at(m, i), uid) == 0;
}

/* The first record from FROM for SPAN records with UID, or -1. */
static long scan(const store_uidmap *m, size_t from, size_t span, uint32_t fp, const char *uid)
{
	size_t end = m->n - from > span ? from + span : m->n;
	for (size_t i = from; i < end; i++)
		if (is(m, i, fp, uid))
			return (long)i;
	return -1;
}

long store_uidmap_find(store_uidmap *m, const char *uid, size_t *near)
{
	long found = -1;

	if (!m)
		return -1;
	uint32_t fp = fingerprint(uid);
	if (near) {
		size_t from = *near < m->n ? *near : m->n;
		found = scan(m, from, NEAR_SPAN, fp, uid);
		if (found < 0 && !m->slots && m->far_misses < FAR_MISSES && m->n - from > NEAR_SPAN &&
		    (found = scan(m, from + NEAR_SPAN, FAR_SPAN, fp, uid)) < 0)
			m->far_misses++;
	}
	if (found < 0 && (m->slots || (!m->failed && make_slots(m)))) {
		for (size_t j = store_hash(uid) & m->mask; m->slots[j] && found < 0; j = (j + 1) & m->mask)
			if (is(m, m->slots[j] - 1, fp, uid))
				found = (long)m->slots[j] - 1;
	} else if (found < 0 && !m->slots) {
		found = scan(m, 0, m->n, fp, uid);
	}
	if (found >= 0 && near)
		*near = (size_t)found + 1;
	return found;
}

db_status store_join_ids(db *d, sqlite3_stmt *s, const int64_t *ids, size_t n, store_id_fn fn,
                         void *ctx, const char *what)
{
	size_t i = 0;
	int rc;

	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		while (i < n && ids[i] < id)
			i++;
		if (i == n) {
			rc = SQLITE_DONE;
			break;
		}
		if (ids[i] == id && !fn(s, i, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, what);
}
