#ifndef REPDESK_SIGN_H
#define REPDESK_SIGN_H
/* Ed25519 signatures and a canonical content digest (BLAKE2b), over
 * libsodium: pure computation on bytes, no keys made here (that draws on
 * the system's randomness, in the store). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sodium.h>

#define SIGN_PK_BYTES 32
#define SIGN_SK_BYTES 64
#define SIGN_SIG_BYTES 64
#define SIGN_DIGEST_BYTES 32
/* "SHA256:" and 43 characters of unpadded base64, as ssh shows a key. */
#define SIGN_FPR_BUFSZ 51

/* Whether libsodium is ready (initialised once; safe from any thread). */
bool sign_ready(void);

/* A digest fed value by value: each value carries its type and, when it
 * has one, its length, so no two different sequences feed the same bytes. */
typedef struct {
	crypto_generichash_state st;
} sign_digest;

void sign_digest_start(sign_digest *g, const char *domain);
void sign_digest_null(sign_digest *g);
void sign_digest_int(sign_digest *g, int64_t v);
void sign_digest_real(sign_digest *g, double v);
void sign_digest_text(sign_digest *g, const void *p, size_t n);
void sign_digest_blob(sign_digest *g, const void *p, size_t n);
/* A marker between parts (a table, a row, an end), tagged with its count. */
void sign_digest_mark(sign_digest *g, char what, int64_t n);
void sign_digest_end(sign_digest *g, unsigned char out[SIGN_DIGEST_BYTES]);

/* Sign DIGEST with secret key SK; verify it against public key PK. */
void sign_detached(const unsigned char sk[SIGN_SK_BYTES], const unsigned char digest[SIGN_DIGEST_BYTES],
                   unsigned char sig[SIGN_SIG_BYTES]);
bool sign_verify(const unsigned char pk[SIGN_PK_BYTES], const unsigned char digest[SIGN_DIGEST_BYTES],
                 const unsigned char sig[SIGN_SIG_BYTES]);

/* PK's fingerprint: "SHA256:" and the unpadded base64 of its SHA-256. */
char *sign_fingerprint(const unsigned char pk[SIGN_PK_BYTES], char out[SIGN_FPR_BUFSZ]);

/* N bytes as 2N lowercase hex digits (OUT holds 2N + 1). */
char *sign_hex(const unsigned char *p, size_t n, char *out);
/* Exactly 2N hex digits in TEXT into N bytes; false for anything else. */
bool sign_unhex(const char *text, unsigned char *out, size_t n);

#endif
