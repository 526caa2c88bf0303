#ifndef REPDESK_DB_SEGMENTS_H
#define REPDESK_DB_SEGMENTS_H
/* Saved segments (segments.c): a name and its filter clauses, one a line
 * (repdesk/where.h), a synced row like the others, so it travels in bundles.
 * Names are the book's: a segment saved again under its name is changed. */

#include <stdbool.h>
#include "repdesk/db/book.h"
#include "repdesk/hlc.h"
#include "repdesk/uid.h"

typedef struct {
	char uid[UID_BUFSZ];
	const char *name;
	const char *clauses;         /* one clause a line */
	const char *rep;             /* the name of the rep who saved it ("" unknown) */
	char updated_at[HLC_STAMP_BUFSZ];
} db_segment;

/* Save NAME with CLAUSES (replacing the clauses of a segment of that name).
 * *ADDED: whether it is new. Text held to valid_text. */
db_status db_segment_save(db *d, const char *name, const char *clauses, bool *added);
/* Flag segment NAME deleted (a tombstone that travels); DB_NOT_FOUND when
 * there is none. */
db_status db_segment_delete(db *d, const char *name);
typedef bool (*db_segment_fn)(const db_segment *s, void *ctx);
/* Every segment, by name; NAME not NULL: only that one (DB_NOT_FOUND when
 * none). The record is valid during the call only. */
db_status db_segments_each(db *d, const char *name, db_segment_fn fn, void *ctx);

#endif
