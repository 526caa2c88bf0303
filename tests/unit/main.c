/* The unit-test runner: every suite of suites.h, in one Check run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

char *test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/repdesk-unit-XXXXXX", base && *base ? base : "/tmp");
	char *dir = mkdtemp(tmpl);
	if (!dir) {
		perror("mkdtemp");
		abort();
	}
	return strdup(dir);
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

#define TEST_ADD(name) \
	if (suite_##name && (!only || strcmp(only, #name) == 0)) \
		srunner_add_suite(sr, suite_##name());
	TEST_SUITES(TEST_ADD)
#undef TEST_ADD

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	int run = srunner_ntests_run(sr);
	srunner_free(sr);
	printf("unit: %d passed, %d failed\n", run - failed, failed);
	return failed == 0 && run > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
