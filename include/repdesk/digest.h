#ifndef REPDESK_DIGEST_H
#define REPDESK_DIGEST_H
/* A 128-bit fingerprint of a byte stream, to recognise a file seen before
 * (a team bundle added again): XXH3-128 (libxxhash), written "x3:" and 32
 * lowercase hex digits in xxh128sum's order. Fast and well mixed, not
 * cryptographic: it tells copies of one file apart from other files, not
 * from a file forged to collide. The prefix names the hash, so a book can
 * tell the fingerprints it stored before (32 hex digits, no prefix) from
 * today's: those were made by the legacy hash below, kept only to recognise
 * them. The pure part (digest_*) reads nothing but its arguments;
 * digest_file reads a file (src/io/digest_file.c). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define XXH_STATIC_LINKING_ONLY          /* digest_state holds the state itself */
#include <xxhash.h>

#define DIGEST_PREFIX "x3:"
#define DIGEST_HEX 35                    /* characters of a fingerprint */
#define DIGEST_HEXSZ (DIGEST_HEX + 1)

typedef struct {
	XXH3_state_t x;
} digest_state;

void digest_init(digest_state *s);
void digest_update(digest_state *s, const void *p, size_t n);
/* The fingerprint of everything given so far, DIGEST_PREFIX and 32 hex
 * digits; S is left as it was, so more may follow. */
void digest_hex(const digest_state *s, char out[DIGEST_HEXSZ]);
/* Whether a stored fingerprint is of the legacy hash (no prefix). */
bool digest_is_legacy(const char *stored);

/* Legacy: the hand-made hash that made fingerprints before XXH3, as 32 hex
 * digits without a prefix. Only to recognise bundles a book merged then;
 * nothing new is stored with it. */
#define DIGEST_LEGACY_HEX 32
typedef struct {
	uint64_t v[4];
	unsigned char buf[32];
	size_t nbuf;
	uint64_t len;
} digest_legacy_state;

void digest_legacy_init(digest_legacy_state *s);
void digest_legacy_update(digest_legacy_state *s, const void *p, size_t n);
void digest_legacy_hex(const digest_legacy_state *s, char out[DIGEST_HEXSZ]);

/* What identifies a file's version cheaply: a file whose identity changed
 * between two looks was written in between. */
typedef struct {
	dev_t dev;
	ino_t ino;
	off_t size;
	int64_t mtime_ns, ctime_ns;
} digest_file_id;

/* The fingerprint of the file at PATH and its identity when read; LEGACY,
 * when not NULL, gets the legacy fingerprint of the same bytes from the same
 * read. False with a message ("PATH: reason") in ERR when it cannot be read;
 * *MISSING tells whether it does not exist. */
bool digest_file(const char *path, char out[DIGEST_HEXSZ], char *legacy, digest_file_id *id,
                    bool *missing, char *err, size_t errsz);
/* Whether the file at PATH still has identity ID. */
bool digest_file_unchanged(const char *path, const digest_file_id *id);

#endif
