/* digest: the fingerprint of a byte stream, the same however it is fed, and
 * different for every small change; a file's fingerprint and identity. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repdesk/digest.h"
#include "suites.h"

static void of(const void *p, size_t n, char out[DIGEST_HEXSZ])
{
	digest_state s;

	digest_init(&s);
	digest_update(&s, p, n);
	digest_hex(&s, out);
}

static unsigned char sample[200];

static void fill(void)
{
	for (size_t i = 0; i < sizeof sample; i++)
		sample[i] = (unsigned char)(i * 37 + 11);
}

START_TEST(test_digest_shape)
{
	char a[DIGEST_HEXSZ], b[DIGEST_HEXSZ];

	of("", 0, a);
	ck_assert_uint_eq(strlen(a), DIGEST_HEX);
	ck_assert_str_eq(DIGEST_PREFIX, "x3:");
	ck_assert(strncmp(a, DIGEST_PREFIX, 3) == 0);
	ck_assert_uint_eq(strspn(a + 3, "0123456789abcdef"), DIGEST_HEX - 3);
	ck_assert(!digest_is_legacy(a));
	of("", 0, b);
	ck_assert_str_eq(a, b);
	/* Fixed for good: a fingerprint stored in a book must mean the same
	 * file to every later build. XXH3-128, as xxh128sum prints it. */
	ck_assert_str_eq(a, "x3:99aa06d3014798d86001c324468d497f");
	of("abc", 3, a);
	ck_assert_str_eq(a, "x3:06b05ab6733a618578af5f94892f3950");
	of("repdesk", 7, a);
	ck_assert_str_eq(a, "x3:6f11ae427579ff5d73ce717628e3a88d");
}
END_TEST

static void legacy_of(const void *p, size_t n, char out[DIGEST_HEXSZ])
{
	digest_legacy_state s;

	digest_legacy_init(&s);
	digest_legacy_update(&s, p, n);
	digest_legacy_hex(&s, out);
}

/* The legacy hash gives what books stored before XXH3, fed whole or in
 * pieces, and its fingerprints read as legacy. */
START_TEST(test_digest_legacy)
{
	char a[DIGEST_HEXSZ], part[DIGEST_HEXSZ];
	digest_legacy_state s;

	legacy_of("", 0, a);
	ck_assert_str_eq(a, "d5c85a540a56f3ec2a9cb1cce8865d6c");
	ck_assert(digest_is_legacy(a));
	legacy_of("repdesk", 7, a);
	ck_assert_str_eq(a, "086b621e99ae7416d05f1389ae1ed74f");
	ck_assert_uint_eq(strlen(a), DIGEST_LEGACY_HEX);
	fill();
	for (size_t n = 0; n <= sizeof sample; n += 13) {
		legacy_of(sample, n, a);
		for (size_t cut = 0; cut <= n; cut += 5) {
			digest_legacy_init(&s);
			digest_legacy_update(&s, sample, cut);
			digest_legacy_update(&s, sample + cut, n - cut);
			digest_legacy_hex(&s, part);
			ck_assert_str_eq(part, a);
		}
	}
}
END_TEST

/* Fed in two pieces split anywhere, or a byte at a time: the same. */
START_TEST(test_digest_streaming)
{
	char whole[DIGEST_HEXSZ], part[DIGEST_HEXSZ];
	digest_state s;

	fill();
	for (size_t n = 0; n <= sizeof sample; n += 13) {
		of(sample, n, whole);
		for (size_t cut = 0; cut <= n; cut++) {
			digest_init(&s);
			digest_update(&s, sample, cut);
			digest_update(&s, sample + cut, n - cut);
			digest_hex(&s, part);
			ck_assert_str_eq(part, whole);
		}
		digest_init(&s);
		for (size_t i = 0; i < n; i++) {
			digest_update(&s, sample + i, 1);
			if (i % 7 == 0)
				digest_hex(&s, part);   /* reading midway changes nothing */
		}
		digest_hex(&s, part);
		ck_assert_str_eq(part, whole);
	}
}
END_TEST

/* Every single-bit change of a 1..64-byte input, and every length of a run
 * of zeros, gives its own fingerprint. */
START_TEST(test_digest_differs)
{
	enum { MAXN = 64, MANY = MAXN * 8 + MAXN + 2 };
	static char seen[MANY][DIGEST_HEXSZ];
	unsigned char buf[MAXN];
	size_t m = 0;

	fill();
	memcpy(buf, sample, sizeof buf);
	of(buf, sizeof buf, seen[m++]);
	for (size_t i = 0; i < MAXN; i++)
		for (int bit = 0; bit < 8; bit++) {
			buf[i] ^= (unsigned char)(1u << bit);
			of(buf, sizeof buf, seen[m++]);
			buf[i] ^= (unsigned char)(1u << bit);
		}
	memset(buf, 0, sizeof buf);
	for (size_t n = 0; n <= MAXN; n++)
		of(buf, n, seen[m++]);
	ck_assert_uint_le(m, MANY);
	for (size_t i = 0; i < m; i++)
		for (size_t j = i + 1; j < m; j++)
			ck_assert_msg(strcmp(seen[i], seen[j]) != 0, "inputs %zu and %zu collide", i, j);
}
END_TEST

START_TEST(test_digest_file)
{
	char *dir = test_tmpdir(), path[4096], err[512];
	char want[DIGEST_HEXSZ], got[DIGEST_HEXSZ], old[DIGEST_HEXSZ], old_want[DIGEST_HEXSZ];
	digest_file_id id;
	bool missing;
	static unsigned char big[3 << 20];

	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (unsigned char)(i ^ (i >> 9));
	snprintf(path, sizeof path, "%s/bundle", dir);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(big, 1, sizeof big, f), sizeof big);
	ck_assert_int_eq(fclose(f), 0);

	/* Read in blocks, as in one piece. */
	of(big, sizeof big, want);
	ck_assert_msg(digest_file(path, got, NULL, &id, &missing, err, sizeof err), "%s", err);
	ck_assert_str_eq(got, want);
	/* The legacy fingerprint from the same read, when asked for. */
	legacy_of(big, sizeof big, old_want);
	ck_assert(digest_file(path, got, old, &id, &missing, err, sizeof err));
	ck_assert_str_eq(got, want);
	ck_assert_str_eq(old, old_want);
	ck_assert(digest_file_unchanged(path, &id));

	/* Rewritten in place, the same size: no longer the file read. */
	f = fopen(path, "r+b");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputc('x', f), 'x');
	ck_assert_int_eq(fclose(f), 0);
	struct timespec later[2] = { { 0, UTIME_OMIT }, { 1, 0 } };
	ck_assert_int_eq(utimensat(AT_FDCWD, path, later, 0), 0);
	ck_assert(!digest_file_unchanged(path, &id));
	/* Replaced by another file under the same name. */
	char other[4200];
	snprintf(other, sizeof other, "%s.new", path);
	f = fopen(other, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert(digest_file(path, got, NULL, &id, &missing, err, sizeof err));
	ck_assert_int_eq(rename(other, path), 0);
	ck_assert(!digest_file_unchanged(path, &id));
	ck_assert(digest_file(path, got, NULL, &id, &missing, err, sizeof err));
	of("", 0, want);
	ck_assert_str_eq(got, want);

	/* Missing, and not a regular file. */
	ck_assert(!digest_file("/nonexistent/x.bundle", got, NULL, &id, &missing, err, sizeof err));
	ck_assert(missing);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/x.bundle"));
	ck_assert(!digest_file(dir, got, NULL, &id, &missing, err, sizeof err));
	ck_assert(!missing);
	ck_assert_ptr_nonnull(strstr(err, dir));
	unlink(path);
	rmdir(dir);
	free(dir);
}
END_TEST

Suite *suite_digest(void)
{
	Suite *s = suite_create("digest");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_digest_shape);
	tcase_add_test(tc, test_digest_legacy);
	tcase_add_test(tc, test_digest_streaming);
	tcase_add_test(tc, test_digest_differs);
	tcase_add_test(tc, test_digest_file);
	suite_add_tcase(s, tc);
	return s;
}
