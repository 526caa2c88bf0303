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
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	/* FNV's low bits mix poorly; the murmur finaliser spreads them. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static const char *uid_at(const void *rows, size_t i, size_t stride, size_t uid_off)
{
	return (const char *)rows + i * stride + uid_off;
}

bool store_uid_index(uint32_t **slots, size_t *mask, const void *rows, size_t n,
                     size_t stride, size_t uid_off)
{
	size_t cap = 1024;
	while (cap < n * 2)
		cap *= 2;
	if (!(*slots = calloc(cap, sizeof **slots)))
		return false;
	*mask = cap - 1;
	for (size_t i = 0; i < n; i++) {
		size_t j = store_hash(uid_at(rows, i, stride, uid_off)) & *mask;
		while ((*slots)[j])
			j = (j + 1) & *mask;
		(*slots)[j] = (uint32_t)i + 1;
	}
	return true;
}

long store_uid_lookup(const uint32_t *slots, size_t mask, const void *rows, size_t stride,
                      size_t uid_off, const char *uid)
{
	if (!slots)
		return -1;
	for (size_t j = store_hash(uid) & mask; slots[j]; j = (j + 1) & mask)
		if (strcmp(uid_at(rows, slots[j] - 1, stride, uid_off), uid) == 0)
			return (long)slots[j] - 1;
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
