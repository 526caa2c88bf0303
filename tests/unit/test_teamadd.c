/* teamadd: a run of bundles merged with their fingerprints, and a book that
 * stored a bundle's fingerprint under the legacy hash still knows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/book.h"
#include "repdesk/db/team.h"
#include "repdesk/digest.h"
#include "repdesk/teamadd.h"
#include "suites.h"

typedef struct {
	int n, again, failed;
} heard;

static void note(const teamadd_event *ev, void *ctx)
{
	heard *h = ctx;

	h->n++;
	if (ev->st != DB_OK)
		h->failed++;
	else if (ev->r->again)
		h->again++;
}

static db *book(const char *dir, const char *name, const char *rep)
{
	char path[4096], err[512];
	db *d = NULL;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_msg(db_open(path, DB_OPEN_CREATE, &d, err, sizeof err) == DB_OK, "%s", err);
	ck_assert_int_eq(db_book_init(d, rep, "G"), DB_OK);
	return d;
}

/* The bundle of a fresh book of REP at DIR/NAME. */
static void bundle(const char *dir, const char *rep, const char *name, char *path, size_t pathsz)
{
	char bk[64];

	snprintf(bk, sizeof bk, "%s.db", rep);
	db *d = book(dir, bk, rep);
	snprintf(path, pathsz, "%s/%s", dir, name);
	ck_assert_int_eq(db_snapshot(d, path), DB_OK);
	db_close(d);
}

/* Fingerprints are stored with the version prefix, and recognise the
 * bundle when it is added again. */
START_TEST(test_teamadd_prefixed)
{
	char *dir = test_tmpdir(), a[4096];
	heard h = { 0 };

	bundle(dir, "A", "a.bundle", a, sizeof a);
	db *lead = book(dir, "lead.db", "Lead");
	const char *one[] = { a };
	ck_assert_int_eq(teamadd_run(lead, one, 1, "2026-11-27", note, &h), DB_OK);
	ck_assert_int_eq(h.n, 1);
	ck_assert_int_eq(h.failed, 0);
	ck_assert_int_eq(h.again, 0);

	char fp[DIGEST_HEXSZ];
	digest_file_id id;
	bool missing, known = false, legacy = true;
	char err[512];
	ck_assert(digest_file(a, fp, NULL, &id, &missing, err, sizeof err));
	ck_assert(strncmp(fp, DIGEST_PREFIX, strlen(DIGEST_PREFIX)) == 0);
	ck_assert_int_eq(db_team_known(lead, fp, &known), DB_OK);
	ck_assert(known);
	ck_assert_int_eq(db_team_legacy(lead, &legacy), DB_OK);
	ck_assert(!legacy);

	ck_assert_int_eq(teamadd_run(lead, one, 1, "2026-11-28", note, &h), DB_OK);
	ck_assert_int_eq(h.n, 2);
	ck_assert_int_eq(h.again, 1);
	db_close(lead);
	free(dir);
}
END_TEST

/* A book that merged bundle B before the fingerprint changed holds B's
 * legacy fingerprint: adding B again after the upgrade is recognised
 * (nothing is read or merged again), and a new bundle C beside it merges. */
START_TEST(test_teamadd_legacy_book)
{
	char *dir = test_tmpdir(), b[4096], c[4096], err[512];
	char fp[DIGEST_HEXSZ], old[DIGEST_HEXSZ];
	digest_file_id id;
	bool missing, legacy = false;
	db_merge_result r;
	heard h = { 0 };

	bundle(dir, "B", "b.bundle", b, sizeof b);
	bundle(dir, "C", "c.bundle", c, sizeof c);
	db *lead = book(dir, "lead.db", "Lead");
	/* As the earlier repdesk merged it: under the legacy fingerprint. */
	ck_assert(digest_file(b, fp, old, &id, &missing, err, sizeof err));
	ck_assert(digest_is_legacy(old));
	ck_assert_str_ne(fp, old);
	ck_assert_int_eq(db_team_merge(lead, b, old, "2026-11-20", NULL, &r), DB_OK);
	ck_assert(!r.again);
	ck_assert_int_eq(db_team_legacy(lead, &legacy), DB_OK);
	ck_assert(legacy);

	const char *both[] = { b, c };
	ck_assert_int_eq(teamadd_run(lead, both, 2, "2026-11-27", note, &h), DB_OK);
	ck_assert_int_eq(h.n, 2);
	ck_assert_int_eq(h.failed, 0);
	ck_assert_int_eq(h.again, 1);
	/* B stays known by its legacy fingerprint, not stored a second time;
	 * C is stored with the prefix. */
	bool known = true;
	ck_assert_int_eq(db_team_known(lead, fp, &known), DB_OK);
	ck_assert(!known);
	ck_assert(digest_file(c, fp, NULL, &id, &missing, err, sizeof err));
	ck_assert_int_eq(db_team_known(lead, fp, &known), DB_OK);
	ck_assert(known);

	/* And again: both recognised. */
	h = (heard){ 0 };
	ck_assert_int_eq(teamadd_run(lead, both, 2, "2026-11-28", note, &h), DB_OK);
	ck_assert_int_eq(h.again, 2);
	db_close(lead);
	free(dir);
}
END_TEST

Suite *suite_teamadd(void)
{
	Suite *s = suite_create("teamadd");
	TCase *tc = tcase_create("app");

	tcase_add_test(tc, test_teamadd_prefixed);
	tcase_add_test(tc, test_teamadd_legacy_book);
	suite_add_tcase(s, tc);
	return s;
}
