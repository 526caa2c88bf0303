#ifndef REPDESK_TEST_SUITES_H
#define REPDESK_TEST_SUITES_H
/* One Check suite per module; each test file defines one of these. */
#include <check.h>

#define TEST_SUITES(_) \
	_(err) _(count) _(money) _(date) _(calendar) _(tier) _(rank) _(text) _(visible) _(conffile) _(ids) _(valid) _(record) _(where) \
	_(digest) _(sign) _(planner) _(pick) _(opp) _(contactrole) _(yearplan) _(queue) _(ledger) _(outlier) _(csvio) _(store) _(search) _(summary) _(team) _(levers) _(teamadd) _(app) _(workbench)

#define TEST_DECLARE(name) Suite *suite_##name(void) __attribute__((weak));
TEST_SUITES(TEST_DECLARE)
#undef TEST_DECLARE

/* A fresh temporary directory for a test (removed at exit by the runner's
 * caller); returns a malloc'd path. */
char *test_tmpdir(void);
/* Path of a fixture under tests/fixtures (static buffer). */
const char *test_fixture(const char *name);

#endif
