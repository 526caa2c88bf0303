/* Who made a bundle: the book's Ed25519 signing key, the signature a bundle
 * carries, and the keys a lead pins, one a rep.
 *
 * A bundle stays a plain SQLite file with the book's tables; its signature
 * is one more table, bundle_signature (one row of hex text), over a digest
 * of everything a merge reads: the schema version, the rep the bundle
 * declares (settings.rep_uid), and every row of the merged tables and
 * attr_keys, by id, each value tagged with its type and length. The digest
 * is streamed row by row; no table is held in memory. The secret key lives
 * in its own table of the book, which a snapshot drops (with secure_delete
 * on, so its bytes are overwritten) before it is signed and leaves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/bundlesig.h"
#include "repdesk/db/book.h"
#include "repdesk/db/team.h"
#include "repdesk/sign.h"
#include "store_int.h"
#include "repdesk/i18n.h"

/* db/team.h and bundlesig.h size these without including sign.h. */
_Static_assert(sizeof ((db_merge_result *)0)->pinned == SIGN_FPR_BUFSZ, "pinned fingerprint size");
_Static_assert(BUNDLESIG_FPR_BUFSZ == SIGN_FPR_BUFSZ, "fingerprint size");
_Static_assert(sizeof ((db_bundle_check *)0)->key == SIGN_PK_BYTES, "public key size");

#define DIGEST_DOMAIN "repdesk bundle v1"
#define ALGORITHM "ed25519"

/* ---- the book's key ---- */

static db_status load_key(db *d, unsigned char pk[SIGN_PK_BYTES], unsigned char sk[SIGN_SK_BYTES],
                          bool *have)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' "
	                                "AND name = '" STORE_SIGNING_KEY_TABLE "'");

	*have = false;
	if (!s)
		return d->last;
	int rc = sqlite3_step(s);
	bool table = rc == SQLITE_ROW && sqlite3_column_int(s, 0) == 1;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(d, rc, _("reading the book's signing key"));
	if (!table)   /* a book restored from a bundle: no key yet */
		return DB_OK;
	if (!(s = store_prepare(d, "SELECT public_key, secret_key FROM " STORE_SIGNING_KEY_TABLE
	                        " WHERE id = 1")))
		return d->last;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == SIGN_PK_BYTES &&
	    sqlite3_column_bytes(s, 1) == SIGN_SK_BYTES) {
		memcpy(pk, sqlite3_column_blob(s, 0), SIGN_PK_BYTES);
		if (sk)
			memcpy(sk, sqlite3_column_blob(s, 1), SIGN_SK_BYTES);
		*have = true;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK
	       : store_fail(d, rc, _("reading the book's signing key"));
}

static db_status make_key(db *d)
{
	unsigned char pk[SIGN_PK_BYTES], sk[SIGN_SK_BYTES];
	bool have;
	db_status st = load_key(d, pk, NULL, &have);

	if (st != DB_OK || have)
		return st;
	if (!sign_ready())
		return store_err(d, DB_ERROR, _("cannot make a signing key: libsodium failed to start"));
	if ((st = store_exec(d, STORE_SQL_SIGNING_KEY)) != DB_OK)
		return st;
	crypto_sign_keypair(pk, sk);
	sqlite3_stmt *s = store_prepare(d, "INSERT INTO " STORE_SIGNING_KEY_TABLE "(id, public_key, "
	                                "secret_key, created_at) VALUES (1, ?1, ?2, "
	                                "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
	if (!s) {
		sodium_memzero(sk, sizeof sk);
		return d->last;
	}
	sqlite3_bind_blob(s, 1, pk, sizeof pk, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, sk, sizeof sk, SQLITE_STATIC);
	st = store_step_done(d, s, _("saving the book's signing key"));
	sqlite3_finalize(s);
	sodium_memzero(sk, sizeof sk);
	return st;
}

db_status store_sign_key_ensure(db *d)
{
	bool own;
	db_status st = store_tx_enter(d, &own);

	return st == DB_OK ? store_tx_leave(d, own, make_key(d)) : st;
}

db_status bundlesig_key_ensure(db *d)
{
	unsigned char pk[SIGN_PK_BYTES];
	bool have;
	db_status st = load_key(d, pk, NULL, &have);

	return st != DB_OK || have ? st : store_sign_key_ensure(d);
}

db_status bundlesig_own_fingerprint(db *d, char out[BUNDLESIG_FPR_BUFSZ])
{
	unsigned char pk[SIGN_PK_BYTES];
	bool have;
	db_status st = bundlesig_key_ensure(d);

	out[0] = '\0';
	if (st == DB_OK)
		st = load_key(d, pk, NULL, &have);
	if (st == DB_OK && have)
		sign_fingerprint(pk, out);
	return st;
}

/* ---- the digest ---- */

/* Why a digest could not be made (an untrusted file may be anything). */
typedef struct {
	db_status st;
	char why[512];
} digest_err;

static bool dfail(digest_err *e, db_status st, const char *why)
{
	e->st = st;
	snprintf(e->why, sizeof e->why, "%s", why);
	return false;
}

static void digest_value(sign_digest *g, sqlite3_stmt *s, int i)
{
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_INTEGER:
		sign_digest_int(g, sqlite3_column_int64(s, i));
		break;
	case SQLITE_FLOAT:
		sign_digest_real(g, sqlite3_column_double(s, i));
		break;
	case SQLITE_TEXT: {
		const unsigned char *p = sqlite3_column_text(s, i);
		sign_digest_text(g, p, (size_t)sqlite3_column_bytes(s, i));
		break;
	}
	case SQLITE_BLOB: {
		const void *p = sqlite3_column_blob(s, i);
		sign_digest_blob(g, p, (size_t)sqlite3_column_bytes(s, i));
		break;
	}
	default:
		sign_digest_null(g);
		break;
	}
}

/* Every row of one table, in id order, each of its columns COLS. */
static bool digest_table(sqlite3 *h, sign_digest *g, int k, const char *name, const char *cols,
                         digest_err *e)
{
	char sql[1024];

	snprintf(sql, sizeof sql, "SELECT id, %s FROM main.\"%s\" ORDER BY id", cols, name);
	sign_digest_mark(g, 'S', k);
	sign_digest_text(g, name, strlen(name));
	sign_digest_text(g, cols, strlen(cols));
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) != SQLITE_OK)
		return dfail(e, DB_NOTDB, sqlite3_errmsg(h));
	int n = sqlite3_column_count(s), rc;
	int64_t rows = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sign_digest_mark(g, 'R', rows++);
		for (int i = 0; i < n; i++)
			digest_value(g, s, i);
	}
	sign_digest_mark(g, 'E', rows);
	bool ok = rc == SQLITE_DONE || dfail(e, store_map(rc), sqlite3_errmsg(h));
	sqlite3_finalize(s);
	return ok;
}

/* A single text value of H (the first column of the first row of SQL), or
 * "" when there is no row. */
static bool one_text(sqlite3 *h, const char *sql, char *out, size_t outsz, digest_err *e)
{
	sqlite3_stmt *s;

	out[0] = '\0';
	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) != SQLITE_OK)
		return dfail(e, DB_NOTDB, sqlite3_errmsg(h));
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE || dfail(e, store_map(rc), sqlite3_errmsg(h));
}

/* The digest of the bundle open as H's main database, and the rep it
 * declares. */
static bool content_digest(sqlite3 *h, unsigned char out[SIGN_DIGEST_BYTES],
                           char rep_uid[STORE_UID_BUFSZ], digest_err *e)
{
	char v[32], n[32];
	sign_digest g;

	if (!sign_ready())
		return dfail(e, DB_ERROR, "libsodium failed to start");
	if (!one_text(h, "PRAGMA main.user_version", v, sizeof v, e))
		return false;
	int version = atoi(v);
	/* Tables, not views: a view in a table's place could run anything. The
	 * synced ones the bundle's version has, and attr_keys and settings. */
	char list[512] = "SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' AND name IN "
	                 "('attr_keys', 'settings'";
	int want = 2;
	for (int k = 0; k < DB_MERGE_TABLES; k++) {
		const char *cols;
		bool base;
		const char *name = store_bundle_table((size_t)k, version, &cols, &base);
		if (name) {
			size_t at = strlen(list);
			snprintf(list + at, sizeof list - at, ", '%s'", name);
			want++;
		}
	}
	strcat(list, ")");
	if (!one_text(h, list, n, sizeof n, e))
		return false;
	if (atoi(n) != want)
		return dfail(e, DB_NOTDB, "tables missing");
	if (!one_text(h, "SELECT value FROM main.settings WHERE key = 'rep_uid'", rep_uid,
	              STORE_UID_BUFSZ, e))
		return false;
	sign_digest_start(&g, DIGEST_DOMAIN);
	sign_digest_int(&g, version);
	sign_digest_text(&g, rep_uid, strlen(rep_uid));
	int present = 0;
	for (int k = 0; k < DB_MERGE_TABLES; k++) {
		const char *cols;
		bool base;
		const char *name = store_bundle_table((size_t)k, version, &cols, &base);
		if (!name)
			continue;     /* not in a bundle of this version */
		present++;
		char all[768];
		snprintf(all, sizeof all, "%s%s", cols, base ? ", base_at" : "");
		if (!digest_table(h, &g, k, name, all, e))
			return false;
	}
	/* Numbered after the synced tables the version has, as when it was
	 * signed: an older bundle's digest stays what it was. */
	if (!digest_table(h, &g, present, "attr_keys", "key", e))
		return false;
	sign_digest_end(&g, out);
	return true;
}

/* ---- signing ---- */

/* Sign the bundle at PATH (a file of this process, not yet anyone's) with
 * the key PK/SK: drop the book's secret key table and any old signature,
 * then write the new one. */
static db_status sign_file(db *d, const unsigned char pk[SIGN_PK_BYTES],
                           const unsigned char sk[SIGN_SK_BYTES], const char *path)
{
	sqlite3 *h = NULL;
	digest_err e = { DB_OK, "" };
	unsigned char dg[SIGN_DIGEST_BYTES], sig[SIGN_SIG_BYTES];
	char rep[STORE_UID_BUFSZ], pk_hex[2 * SIGN_PK_BYTES + 1], dg_hex[2 * SIGN_DIGEST_BYTES + 1];
	char sig_hex[2 * SIGN_SIG_BYTES + 1];

	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		db_status st = store_err(d, store_map(rc) == DB_OK ? DB_IOERR : store_map(rc), "%s: %s",
		                         path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return st;
	}
	sqlite3_busy_timeout(h, 5000);
	/* secure_delete: the dropped table's pages are overwritten with zeros,
	 * not left in the file's free list. */
	rc = sqlite3_exec(h, "PRAGMA secure_delete = ON; BEGIN IMMEDIATE;"
	                  "DROP TABLE IF EXISTS main." STORE_SIGNING_KEY_TABLE ";"
	                  "DROP TABLE IF EXISTS main.bundle_signature;", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		dfail(&e, store_map(rc), sqlite3_errmsg(h));
	else if (content_digest(h, dg, rep, &e)) {
		sign_detached(sk, dg, sig);
		sign_hex(pk, SIGN_PK_BYTES, pk_hex);
		sign_hex(dg, SIGN_DIGEST_BYTES, dg_hex);
		sign_hex(sig, SIGN_SIG_BYTES, sig_hex);
		sqlite3_stmt *s = NULL;
		rc = sqlite3_exec(h, "CREATE TABLE main.bundle_signature ("
		                  " algorithm TEXT NOT NULL, rep_uid TEXT NOT NULL,"
		                  " public_key TEXT NOT NULL, digest TEXT NOT NULL,"
		                  " signature TEXT NOT NULL) STRICT", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_prepare_v2(h, "INSERT INTO main.bundle_signature(algorithm, rep_uid, "
			                        "public_key, digest, signature) VALUES (?1, ?2, ?3, ?4, ?5)",
			                        -1, &s, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(s, 1, ALGORITHM, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 3, pk_hex, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 4, dg_hex, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 5, sig_hex, -1, SQLITE_STATIC);
			rc = sqlite3_step(s);
			rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		}
		sqlite3_finalize(s);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			dfail(&e, store_map(rc), sqlite3_errmsg(h));
	}
	if (!sqlite3_get_autocommit(h))
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	if (sqlite3_close(h) != SQLITE_OK && e.st == DB_OK)
		dfail(&e, DB_IOERR, "close");
	if (e.st != DB_OK)
		return store_err(d, e.st == DB_OK ? DB_ERROR : e.st, _("%s: cannot sign the bundle: %s"),
		                 path, e.why);
	return DB_OK;
}

db_status bundlesig_sign(db *d, const char *path)
{
	unsigned char pk[SIGN_PK_BYTES], sk[SIGN_SK_BYTES];
	bool have;
	db_status st = bundlesig_key_ensure(d);

	if (st == DB_OK)
		st = load_key(d, pk, sk, &have);
	if (st == DB_OK && !have)
		st = store_err(d, DB_ERROR, _("the book has no signing key"));
	if (st == DB_OK)
		st = sign_file(d, pk, sk, path);
	sodium_memzero(sk, sizeof sk);
	return st;
}

/* ---- checking ---- */

void store_bundle_verify(db *b, const char *path, db_bundle_check *out)
{
	digest_err e = { DB_OK, "" };
	unsigned char dg[SIGN_DIGEST_BYTES], claimed[SIGN_DIGEST_BYTES], sig[SIGN_SIG_BYTES];
	char rep[STORE_UID_BUFSZ], n[32];

	if (!one_text(b->h, "SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' AND "
	              "name = 'bundle_signature'", n, sizeof n, &e)) {
		out->status = e.st;
		snprintf(out->err, sizeof out->err, "%s: %s", path, e.why);
		return;
	}
	if (atoi(n) != 1) {
		out->status = DB_NOTDB;
		snprintf(out->err, sizeof out->err, _("%s: the bundle is not signed (it was made by an older "
		         "repdesk); ask the rep to export it again with this version"), path);
		return;
	}
	sqlite3_stmt *s;
	bool sound = false;
	if (sqlite3_prepare_v2(b->h, "SELECT algorithm, rep_uid, public_key, digest, signature "
	                       "FROM main.bundle_signature LIMIT 2", -1, &s, NULL) == SQLITE_OK) {
		int rows = 0, rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW && ++rows == 1) {
			const char *alg = (const char *)sqlite3_column_text(s, 0);
			const char *who = (const char *)sqlite3_column_text(s, 1);
			sound = alg && strcmp(alg, ALGORITHM) == 0 && who &&
			        snprintf(rep, sizeof rep, "%s", who) < (int)sizeof rep &&
			        sign_unhex((const char *)sqlite3_column_text(s, 2), out->key, SIGN_PK_BYTES) &&
			        sign_unhex((const char *)sqlite3_column_text(s, 3), claimed, SIGN_DIGEST_BYTES) &&
			        sign_unhex((const char *)sqlite3_column_text(s, 4), sig, SIGN_SIG_BYTES);
		}
		sound = sound && rows == 1 && rc == SQLITE_DONE;
		sqlite3_finalize(s);
	}
	char declared[STORE_UID_BUFSZ];
	if (sound && !content_digest(b->h, dg, declared, &e)) {
		out->status = e.st;
		if (e.st == DB_NOTDB)
			snprintf(out->err, sizeof out->err, _("%s: not a repdesk bundle (tables missing)"), path);
		else
			snprintf(out->err, sizeof out->err, "%s: %s", path, e.why);
		return;
	}
	/* The signature must be over this content, by this key, for the rep
	 * the bundle declares; anything else is one answer. */
	if (!sound || strcmp(rep, declared) != 0 || sodium_memcmp(dg, claimed, sizeof dg) != 0 ||
	    !sign_verify(out->key, dg, sig)) {
		out->status = DB_CORRUPT;
		snprintf(out->err, sizeof out->err, _("%s: the signature does not match its content"), path);
	}
}

/* ---- pinning ---- */

db_status store_bundle_pin(db *d, const char *path, const db_bundle_check *j, const char *today,
                           db_merge_result *out)
{
	char hex[2 * SIGN_PK_BYTES + 1], pinned[2 * SIGN_PK_BYTES + 1] = "";
	unsigned char old[SIGN_PK_BYTES];
	char fa[SIGN_FPR_BUFSZ], fb[SIGN_FPR_BUFSZ];

	sign_hex(j->key, SIGN_PK_BYTES, hex);
	sqlite3_stmt *s = store_prepare(d, "SELECT public_key FROM team_keys WHERE rep_uid = ?1");
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, j->rep_uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		store_col_copy(s, 0, pinned, sizeof pinned);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d, rc, "team_keys");
	if (rc == SQLITE_ROW) {
		if (strcmp(pinned, hex) == 0)
			return DB_OK;
		const char *who = j->rep[0] ? j->rep : j->rep_uid;
		if (!sign_unhex(pinned, old, sizeof old))
			memset(old, 0, sizeof old);
		return store_err(d, DB_NOTDB, _("%s: %s (%s) signs with the key %s pinned here, but this "
		                 "bundle is signed by %s; if the rep reinstalled repdesk, run 'repdesk "
		                 "team trust %s --reset' and add the bundle again"), path, who,
		                 j->group[0] ? j->group : "-", sign_fingerprint(old, fa), sign_fingerprint(j->key, fb),
		                 who);
	}
	if (!(s = store_prepare(d, "INSERT INTO team_keys(rep_uid, public_key, pinned_at) "
	                        "VALUES (?1, ?2, ?3)")))
		return d->last;
	sqlite3_bind_text(s, 1, j->rep_uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, today, -1, SQLITE_STATIC);
	db_status st = store_step_done(d, s, "team_keys");
	sqlite3_finalize(s);
	if (st == DB_OK)
		snprintf(out->pinned, sizeof out->pinned, "%s", sign_fingerprint(j->key, fa));
	return st;
}

db_status bundlesig_pins_each(db *d, bundlesig_pin_fn fn, void *ctx)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT k.rep_uid, coalesce(r.name, ''), "
	                                "coalesce(g.name, ''), k.public_key, k.pinned_at "
	                                "FROM team_keys k LEFT JOIN reps r ON r.uid = k.rep_uid "
	                                "LEFT JOIN groups g ON g.uid = r.group_uid "
	                                "ORDER BY g.name, r.name, k.rep_uid");
	int rc;

	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		unsigned char pk[SIGN_PK_BYTES];
		char fpr[SIGN_FPR_BUFSZ] = "?";
		if (sign_unhex(store_col_text(s, 3), pk, sizeof pk))
			sign_fingerprint(pk, fpr);
		bundlesig_pin p = { store_col_text(s, 0), store_col_text(s, 1), store_col_text(s, 2), fpr,
		                    store_col_text(s, 4) };
		if (!fn(&p, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, "team_keys");
}

/* The pins REP (a name or a uid) names, in a transaction. */
static db_status reset_pin(db *d, const char *rep, int *n)
{
	static const char which[] = "FROM team_keys WHERE rep_uid = ?1 OR rep_uid IN "
	                            "(SELECT uid FROM reps WHERE name = ?1 AND deleted = 0)";
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT count(*) %s", which);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, rep, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(d, rc, "team_keys");
	if (*n == 0)
		return store_err(d, DB_NOT_FOUND, _("no signing key is pinned for '%s'"), rep);
	if (*n > 1)
		return store_err(d, DB_AMBIGUOUS, _("'%s' names %d reps with pinned keys; give the rep's "
		                 "uid instead"), rep, *n);
	snprintf(sql, sizeof sql, "DELETE %s", which);
	if (!(s = store_prepare(d, sql)))
		return d->last;
	sqlite3_bind_text(s, 1, rep, -1, SQLITE_STATIC);
	db_status st = store_step_done(d, s, "team_keys");
	sqlite3_finalize(s);
	return st;
}

db_status bundlesig_pin_reset(db *d, const char *rep)
{
	bool own;
	int n;
	db_status st = store_tx_enter(d, &own);

	return st == DB_OK ? store_tx_leave(d, own, reset_pin(d, rep, &n)) : st;
}
