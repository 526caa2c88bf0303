/* Maps from a record's uid or id to its place in an array, for the readers
 * that gather a book in a few queries and then match hundreds of thousands of
 * rows to their customers: a hash table, not a search over time-ordered uids
 * that share long prefixes; and for rows keyed by the customer's id, one
 * ordered pass beside the customers read in the same order. */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

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

/* How far past the last find a lookup in table order looks first. */
#define NEAR_SPAN 64

struct db_uidmap {
	const char *rows;
	size_t n, stride, uid_off;
	uint32_t *fp;                /* per record: its uid's hash, high bits */
	uint32_t *slots;             /* open addressing: hash -> index + 1 */
	size_t mask;
};

static const char *uid_at(const store_uidmap *m, size_t i)
{
	return m->rows + i * m->stride + m->uid_off;
}

store_uidmap *store_uidmap_new(const void *rows, size_t n, size_t stride, size_t uid_off)
{
	store_uidmap *m = calloc(1, sizeof *m);
	size_t cap = 1024;

	while (cap < n * 2)
		cap *= 2;
	if (!m || !(m->slots = calloc(cap, sizeof *m->slots)) ||
	    !(m->fp = malloc((n ? n : 1) * sizeof *m->fp))) {
		store_uidmap_free(m);
		return NULL;
	}
	m->rows = rows;
	m->n = n;
	m->stride = stride;
	m->uid_off = uid_off;
	m->mask = cap - 1;
	for (size_t i = 0; i < n; i++) {
		uint64_t h = store_hash(uid_at(m, i));
		size_t j = h & m->mask;
		m->fp[i] = (uint32_t)(h >> 32);
		while (m->slots[j])
			j = (j + 1) & m->mask;
		m->slots[j] = (uint32_t)i + 1;
	}
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

long store_uidmap_find(const store_uidmap *m, const char *uid, size_t *near)
{
	if (!m)
		return -1;
	uint64_t h = store_hash(uid);
	uint32_t fp = (uint32_t)(h >> 32);
	if (near) {
		size_t from = *near < m->n ? *near : m->n;
		size_t end = m->n - from > NEAR_SPAN ? from + NEAR_SPAN : m->n;
		for (size_t i = from; i < end; i++)
			if (m->fp[i] == fp && strcmp(uid_at(m, i), uid) == 0) {
				*near = i + 1;
				return (long)i;
			}
	}
	for (size_t j = h & m->mask; m->slots[j]; j = (j + 1) & m->mask) {
		size_t i = m->slots[j] - 1;
		if (m->fp[i] == fp && strcmp(uid_at(m, i), uid) == 0) {
			if (near)
				*near = i + 1;
			return (long)i;
		}
	}
	return -1;
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
