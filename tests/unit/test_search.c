/* Search over the descriptive fields: a book whose search index holds only
 * names, contacts, phones and attributes (schema 13) has it made again over
 * city, district, type, industry and source when it opens (schema 14), and
 * the index follows later changes of those fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/testing.h"
#include "suites.h"

static bool has_name(const db_customer *c, void *ctx)
{
	const char **want = ctx;

	if (strcmp(c->name, want[0]) == 0)
		want[1] = c->name;
	return true;
}

/* Whether searching TEXT lists the customer NAME. */
static bool found(db *d, const char *text, const char *name)
{
	db_filter f = { .search = text, .include_inactive = true };
	const char *want[2] = { name, NULL };

	ck_assert_int_eq(db_customers_each(d, &f, has_name, want), DB_OK);
	return want[1] != NULL;
}

/* The index and its triggers as schema 13 made them. */
static const char old_index[] =
	"DROP TRIGGER customers_fts_ai; DROP TRIGGER customers_fts_ad; DROP TRIGGER customers_fts_au;"
	"DROP TABLE customers_fts;"
	"CREATE VIRTUAL TABLE customers_fts USING fts5(name, contact, phone, attrs,"
	" content = 'customers', content_rowid = 'id', tokenize = 'repdesk', detail = none,"
	" columnsize = 0);"
	"CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN"
	" INSERT INTO customers_fts(rowid, name, contact, phone, attrs)"
	" VALUES (new.id, new.name, new.contact, new.phone, new.attrs); END;";

START_TEST(test_search_v14_descriptive_fields)
{
	char *dir = test_tmpdir(), path[512], err[512];
	sqlite3 *h;
	db *d = NULL;

	snprintf(path, sizeof path, "%s/v13.db", dir);
	ck_assert_int_eq(store_create(path, 13, err, sizeof err), DB_OK);
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(store_search_register(h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, old_index, NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h,
		"INSERT INTO customers(uid, name, city, district, type, industry, source, attrs, "
		"updated_at) VALUES ('u-1', '甲店', '佛山', '珠江新城', '快消零售', '日化', '转介绍', "
		"'{\"性格\":\"爽朗型\"}', 'x'), ('u-2', '乙店', '广州', '天河', '酒店', '住宿', '展会', "
		"'{}', 'x')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);

	ck_assert_msg(db_open(path, DB_OPEN_CREATE, &d, err, sizeof err) == DB_OK, "%s", err);
	ck_assert_int_eq(db_schema_version(d), db_test_schema_version());
	ck_assert(found(d, "快消", "甲店"));            /* type, two characters */
	ck_assert(found(d, "消", "甲店"));              /* one */
	ck_assert(found(d, "珠江新城", "甲店"));        /* district */
	ck_assert(found(d, "佛", "甲店"));              /* city */
	ck_assert(found(d, "日化", "甲店"));            /* industry */
	ck_assert(found(d, "转介绍", "甲店"));          /* source */
	ck_assert(found(d, "爽朗", "甲店"));            /* an attribute, as before */
	ck_assert(!found(d, "快消", "乙店"));
	ck_assert(found(d, "天河 住宿", "乙店"));       /* two fields' words */
	ck_assert(!found(d, "天河 日化", "乙店"));
	/* A change of a descriptive field is searched at once. */
	ck_assert_int_eq(sqlite3_exec(db_test_handle(d), "UPDATE customers SET type = '连锁药店', "
	                              "source = '' WHERE uid = 'u-1'", NULL, NULL, NULL), SQLITE_OK);
	ck_assert(found(d, "药店", "甲店"));
	ck_assert(!found(d, "快消", "甲店"));
	ck_assert(!found(d, "转介绍", "甲店"));
	ck_assert(db_integrity_ok(d));
	db_close(d);
	snprintf(err, sizeof err, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(err), 0);
	free(dir);
}
END_TEST

Suite *suite_search(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tcase_create("fields");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_search_v14_descriptive_fields);
	suite_add_tcase(s, tc);
	return s;
}
