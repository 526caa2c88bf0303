/* The unit-test runner: every suite of suites.h, in one Check run. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

/* One directory for the whole run (made by main, inherited by Check's
 * forked tests through the environment), removed with everything in it at
 * the end; each test's own directory is made inside it. */
#define RUN_DIR_ENV "REPDESK_UNIT_DIR"

static char *make_dir(const char *parent, const char *name)
{
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/%s-XXXXXX", parent, name);
	char *dir = mkdtemp(tmpl);
	if (!dir) {
		perror("mkdtemp");
		abort();
	}
	return strdup(dir);
}

char *test_tmpdir(void)
{
	const char *run = getenv(RUN_DIR_ENV);
	const char *base = getenv("TMPDIR");
	return run && *run ? make_dir(run, "t") : make_dir(base && *base ? base : "/tmp", "repdesk-unit");
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 ? 0 : (perror(path), 0);
}

const char *test_fixture(const char *name)
{
	static char path[4096];
	const char *dir = getenv("REPDESK_FIXTURES");
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "tests/fixtures", name);
	return path;
}

int main(int argc, char **argv)
{
	SRunner *sr = srunner_create(NULL);
	const char *only = argc > 1 ? argv[1] : NULL;
	const char *base = getenv("TMPDIR");
	char *run = make_dir(base && *base ? base : "/tmp", "repdesk-unit");
	setenv(RUN_DIR_ENV, run, 1);

#define TEST_ADD(name) \
	if (suite_##name && (!only || strcmp(only, #name) == 0)) \
		srunner_add_suite(sr, suite_##name());
	TEST_SUITES(TEST_ADD)
#undef TEST_ADD

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	int ran = srunner_ntests_run(sr);
	srunner_free(sr);
	nftw(run, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(run);
	printf("unit: %d passed, %d failed\n", ran - failed, failed);
	return failed == 0 && ran > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
