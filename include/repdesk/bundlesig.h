#ifndef REPDESK_BUNDLESIG_H
#define REPDESK_BUNDLESIG_H
/* Who made a bundle (docs/guide.md §10): each book's Ed25519 signing key, bundles
 * signed with it, and the public keys a lead pins, one a rep. A bundle's
 * signature is checked by db_bundle_judge and its key against the pin by
 * db_team_merge; these are the rest. */

#include "repdesk/db/book.h"

/* "SHA256:" and 43 characters of base64 (the size of db_merge_result's
 * pinned). */
#define BUNDLESIG_FPR_BUFSZ 51

/* Make the book's signing key if it has none yet (books made before keys
 * were get one on first use). The secret half never leaves the book. */
db_status bundlesig_key_ensure(db *d);
/* The fingerprint of the book's public key (making the key if needed). */
db_status bundlesig_own_fingerprint(db *d, char out[BUNDLESIG_FPR_BUFSZ]);
/* Sign the bundle at PATH with this book's key, replacing any signature it
 * has (db_snapshot does this to every bundle it writes). */
db_status bundlesig_sign(db *d, const char *path);

/* A rep's pinned key. Strings valid during the callback only. */
typedef struct {
	const char *rep_uid, *name, *group;   /* name, group: "" when unknown */
	const char *fingerprint;
	const char *pinned_at;                 /* the day it was pinned */
} bundlesig_pin;
typedef bool (*bundlesig_pin_fn)(const bundlesig_pin *p, void *ctx);
/* Every pinned key, by group and rep name. */
db_status bundlesig_pins_each(db *d, bundlesig_pin_fn fn, void *ctx);
/* Forget the key pinned for REP (a rep's name or uid), so their next
 * bundle pins again: DB_NOT_FOUND when none is, DB_AMBIGUOUS when the name
 * fits more than one pinned rep. */
db_status bundlesig_pin_reset(db *d, const char *rep);

#endif
