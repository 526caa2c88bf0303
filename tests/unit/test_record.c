/* record: the registry of tables, activity kinds and call outcomes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/testing.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/queue.h"
#include "repdesk/record.h"
#include "repdesk/valid.h"
#include "suites.h"

START_TEST(test_outcome_flags)
{
	/* Refused reached the customer (a contact) but is no effective call;
	 * no-answer and busy are attempts, neither. */
	static const struct { const char *name; bool effective, contact; } want[] = {
		{ "effective", true, true }, { "no-answer", false, false }, { "busy", false, false },
		{ "callback", true, true }, { "refused", false, true }, { "order", true, true },
		{ "after-sales", true, true },
	};
	ck_assert_int_eq(RECORD_OUTCOME_COUNT, sizeof want / sizeof *want);
	for (int i = 0; i < RECORD_OUTCOME_COUNT; i++) {
		ck_assert_str_eq(record_outcomes[i].name, want[i].name);
		ck_assert_int_eq(record_outcomes[i].effective, want[i].effective);
		ck_assert_int_eq(record_outcomes[i].contact, want[i].contact);
		ck_assert_int_eq(record_outcome_effective(want[i].name), want[i].effective);
		ck_assert_int_eq(record_outcome_find(want[i].name), i);
	}
	ck_assert(!record_outcome_effective("reached"));
	ck_assert(!record_outcome_effective(NULL));
	ck_assert(!record_outcome_effective("有效"));       /* stored names only */
}
END_TEST

START_TEST(test_outcome_list)
{
	char buf[128], tiny[12];

	ck_assert_str_eq(record_outcome_list(buf, sizeof buf, ", ", " or ", false),
	                 "effective, no-answer, busy, callback, refused, order or after-sales");
	ck_assert_str_eq(record_outcome_list(buf, sizeof buf, ", ", ", ", false),
	                 "effective, no-answer, busy, callback, refused, order, after-sales");
	ck_assert_str_eq(record_outcome_list(buf, sizeof buf, ", ", " and ", true),
	                 "no-answer, busy and refused");
	ck_assert_str_eq(record_outcome_list(tiny, sizeof tiny, ", ", " or ", false), "effective, ");
}
END_TEST

START_TEST(test_outcome_aliases)
{
	ck_assert_str_eq(record_outcome_canon("有效"), "effective");
	ck_assert_str_eq(record_outcome_canon("未接"), "no-answer");
	ck_assert_str_eq(record_outcome_canon("无人接听"), "no-answer");
	ck_assert_str_eq(record_outcome_canon("占线"), "busy");
	ck_assert_str_eq(record_outcome_canon("忙"), "busy");
	ck_assert_str_eq(record_outcome_canon("回电"), "callback");
	ck_assert_str_eq(record_outcome_canon("约回电"), "callback");
	ck_assert_str_eq(record_outcome_canon("拒绝"), "refused");
	ck_assert_str_eq(record_outcome_canon("下单"), "order");
	ck_assert_str_eq(record_outcome_canon("售后"), "after-sales");
	ck_assert_str_eq(record_outcome_canon("  Busy "), "busy");
	ck_assert_ptr_null(record_outcome_canon("reached"));
	ck_assert_ptr_null(record_outcome_canon(""));
	ck_assert_ptr_null(record_outcome_canon(NULL));
	ck_assert_int_eq(record_outcome_find("未"), RECORD_OUTCOME_NONE);
}
END_TEST

/* The queue's and the validator's outcomes are the registry's. */
START_TEST(test_outcome_users)
{
	ck_assert_int_eq(QUEUE_OUTCOME_COUNT, RECORD_OUTCOME_COUNT);
	for (int i = 0; i < RECORD_OUTCOME_COUNT; i++) {
		queue_outcome o;
		ck_assert(queue_outcome_parse(record_outcomes[i].name, &o));
		ck_assert_int_eq(o, i);
		ck_assert_int_eq(queue_outcome_effective(o), record_outcomes[i].effective);
		ck_assert_str_eq(valid_outcomes[i], record_outcomes[i].name);
	}
	ck_assert_ptr_null(valid_outcomes[RECORD_OUTCOME_COUNT]);
	ck_assert_int_eq(QUEUE_NO_ANSWER, RECORD_NO_ANSWER);
	ck_assert_int_eq(QUEUE_AFTER_SALES, RECORD_AFTER_SALES);
}
END_TEST

/* An activity kind's columns are the ones a merge copies, in table order. */
START_TEST(test_kinds_match_tables)
{
	for (int k = 0; k < RECORD_KIND_COUNT; k++) {
		char want[512] = "uid, rep_uid";
		for (const record_column *c = record_kinds[k].cols; c->name; c++) {
			strcat(want, ", ");
			strcat(want, c->name);
			ck_assert(strcmp(c->type, "TEXT") == 0 || strcmp(c->type, "INTEGER") == 0);
			ck_assert_ptr_nonnull(c->csv);
			ck_assert_ptr_nonnull(c->aliases);
			ck_assert_ptr_eq(record_kind_column((record_kind)k, c->name), c);
			ck_assert_ptr_eq(record_kind_csv((record_kind)k, c->csv), c);
		}
		strcat(want, ", updated_at, deleted");
		int t = record_table_find(record_kinds[k].table);
		ck_assert_int_ge(t, 0);
		ck_assert_str_eq(record_tables[t].cols, want);
		ck_assert_int_eq(record_tables[t].figures, record_kinds[k].figures);
		ck_assert(record_tables[t].owned);
		ck_assert_int_eq(record_kind_find(record_kinds[k].word), k);
		ck_assert_int_eq(record_kind_find(record_kinds[k].table), k);
		ck_assert_ptr_nonnull(record_kinds[k].history);
	}
	ck_assert_int_eq(record_kind_find("visitor"), -1);
	ck_assert_int_eq(record_kind_find("visit"), RECORD_VISITS);
	ck_assert(record_kinds[RECORD_VISITS].contact);
	ck_assert(record_kinds[RECORD_ORDERS].contact);      /* an order reached them */
	ck_assert(!record_kinds[RECORD_NOTES].contact);
	ck_assert_ptr_null(record_kind_column(RECORD_NOTES, "amount"));
	ck_assert_ptr_null(record_kind_column(RECORD_KIND_COUNT, "date"));
}
END_TEST

START_TEST(test_tables)
{
	static const char *const order[] = { "groups", "reps", "customers", "orders", "calls",
	                                     "payments", "notes", "targets", "visits", "segments",
	                                     "choices", "calendar", "contacts", "opportunities" };
	for (int i = 0; i < RECORD_TABLE_COUNT; i++) {
		ck_assert_str_eq(record_tables[i].name, order[i]);
		ck_assert_int_eq(record_table_find(order[i]), i);
		ck_assert(strncmp(record_tables[i].cols, "uid, rep_uid, ", 14) == 0);
	}
	ck_assert(!record_tables[record_table_find("reps")].owned);
	ck_assert(!record_tables[record_table_find("notes")].figures);
	ck_assert(record_tables[record_table_find("payments")].figures);
	ck_assert_int_eq(record_table_find("settings"), -1);
	ck_assert_int_eq(record_tables[record_table_find("visits")].since, 11);
	ck_assert_int_eq(record_tables[record_table_find("segments")].since, 15);
	ck_assert_int_eq(record_tables[record_table_find("choices")].since, 17);
	ck_assert(record_tables[record_table_find("choices")].owned);
	ck_assert_int_eq(record_tables[record_table_find("calendar")].since, 19);
	ck_assert(record_tables[record_table_find("calendar")].owned);
	ck_assert_int_eq(record_tables[record_table_find("calls")].since, 0);
}
END_TEST

START_TEST(test_csv_columns)
{
	const record_column *c = record_csv_column("customer");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->name, "customer_uid");
	ck_assert(record_header_matches("客户名称", c->csv, c->aliases));
	ck_assert_str_eq(record_csv_column("order")->name, "order_uid");
	ck_assert(record_header_matches("Order_UID", "order", record_csv_column("order")->aliases));
	ck_assert_str_eq(record_csv_column("note")->name, "note");
	ck_assert_str_eq(record_kind_csv(RECORD_NOTES, "note")->name, "text");
	ck_assert(record_header_matches("下次联系", "next_call", record_csv_column("next_call")->aliases));
	ck_assert_ptr_eq(record_csv_column("uid"), &record_uid_column);
	ck_assert(record_header_matches("编号", "uid", record_uid_column.aliases));
	ck_assert_ptr_eq(record_csv_column("customer_name"), &record_customer_name_column);
	ck_assert(record_header_matches("客户名", "customer_name", record_customer_name_column.aliases));
	ck_assert(!record_header_matches("客户名", c->csv, c->aliases));
	char buf[64];
	ck_assert_str_eq(record_heading_chinese("customer", c->aliases, buf, sizeof buf), "客户编号");
	ck_assert_str_eq(record_heading_chinese("note", record_csv_column("note")->aliases, buf, sizeof buf), "备注");
	ck_assert_str_eq(record_heading_chinese("x", "a|b", buf, sizeof buf), "x");
	ck_assert_str_eq(record_heading_chinese("x", "客户编号", buf, 4), "x");
	ck_assert(record_rejects_header("line", "Reason"));
	ck_assert(record_rejects_header("行号", "原因"));
	ck_assert(!record_rejects_header("reason", "line"));
	ck_assert(!record_rejects_header("name", "reason"));
	ck_assert_ptr_null(record_kind_csv(RECORD_CALLS, "amount"));
	ck_assert_ptr_nonnull(record_kind_csv(RECORD_ORDERS, "due"));
	ck_assert_ptr_null(record_kind_csv(RECORD_PAYMENTS, "due"));
	ck_assert(!record_header_matches("备", "note", record_csv_column("note")->aliases));
	ck_assert(record_header_matches("x", "x", NULL));
}
END_TEST

static db *fresh_book(void)
{
	char *dir = test_tmpdir(), path[1024], err[512];
	db *d = NULL;

	snprintf(path, sizeof path, "%s/book.db", dir);
	free(dir);
	ck_assert_msg(db_open(path, DB_OPEN_CREATE, &d, err, sizeof err) == DB_OK, "%s", err);
	return d;
}

/* A new book's tables have the registry's columns, in its order, of its
 * types: the schema is written out in the migrations, the registry must
 * agree with it. */
START_TEST(test_schema_matches)
{
	db *d = fresh_book();

	for (int k = 0; k < RECORD_KIND_COUNT; k++) {
		sqlite3_stmt *s = store_prepare(d, "SELECT name, type, \"notnull\" FROM "
		                                "pragma_table_info(?1) ORDER BY cid");
		ck_assert_ptr_nonnull(s);
		sqlite3_bind_text(s, 1, record_kinds[k].table, -1, SQLITE_STATIC);
		static const char *const head[] = { "id", "uid", "rep_uid" };
		for (int i = 0; i < 3; i++) {
			ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
			ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), head[i]);
		}
		/* The table's first columns, then the version columns, then
		 * those a later version added (ALTER TABLE puts them last). */
		for (int later = 0; later < 2; later++) {
			for (const record_column *c = record_kinds[k].cols; c->name; c++) {
				if ((c->since > 0) != later)
					continue;
				ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
				ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), c->name);
				ck_assert_str_eq((const char *)sqlite3_column_text(s, 1), c->type);
				ck_assert_int_eq(sqlite3_column_int(s, 2), c->required);
			}
			static const char *const tail[] = { "updated_at", "deleted", "base_at" };
			for (int i = 0; i < 3 && !later; i++) {
				ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
				ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), tail[i]);
			}
		}
		ck_assert_int_eq(sqlite3_step(s), SQLITE_DONE);
		sqlite3_finalize(s);
	}
	db_close(d);
}
END_TEST

typedef struct {
	db_activity a;
	char place[64], outcome[16];
} kept_visit;

static bool keep_visit(const db_activity *a, void *ctx)
{
	kept_visit *k = ctx;
	k->a = *a;
	snprintf(k->place, sizeof k->place, "%s", a->place);
	snprintf(k->outcome, sizeof k->outcome, "%s", a->outcome);
	return true;
}

START_TEST(test_visit_store)
{
	db *d = fresh_book();
	db_customer c;
	int r;

	memset(&c, 0, sizeof c);
	snprintf(c.uid, sizeof c.uid, "cust-1");
	c.name = "天河宾馆";
	c.status = "active";
	c.stores = c.rooms = c.monthly_amount = c.monthly_volume = c.payment_days = DB_NULL;
	c.tier_manual = c.tier_auto = TIER_NONE;
	c.contact = c.phone = c.city = c.district = c.type = c.industry = c.source = "";
	c.notes = c.priority = c.next_call = "";
	ck_assert_int_eq(db_customer_upsert(d, &c, &r), DB_OK);

	db_activity a;
	memset(&a, 0, sizeof a);
	snprintf(a.customer_uid, sizeof a.customer_uid, "%s", c.uid);
	snprintf(a.date, sizeof a.date, "2026-11-27");
	snprintf(a.time, sizeof a.time, "09:05");
	snprintf(a.next_call, sizeof a.next_call, "2026-12-03");
	a.place = "体育西店";
	a.outcome = "callback";
	a.text = "见了店长";
	ck_assert_int_eq(db_activity_upsert(d, DB_VISITS, &a, &r), DB_OK);
	ck_assert_int_eq(r, 1);

	kept_visit got;
	memset(&got, 0, sizeof got);
	ck_assert_int_eq(db_activity_each(d, DB_VISITS, c.uid, keep_visit, &got), DB_OK);
	ck_assert_str_eq(got.a.time, "09:05");
	ck_assert_str_eq(got.place, "体育西店");
	ck_assert_str_eq(got.outcome, "callback");
	ck_assert_str_eq(got.a.next_call, "2026-12-03");
	db_customer *back = db_customer_load(d, c.uid);
	ck_assert_str_eq(back->next_call, "2026-12-03");
	db_customer_free(back);

	/* The outcome, time and place are optional; a bad one writes nothing. */
	a.outcome = "";
	a.place = NULL;
	a.time[0] = a.next_call[0] = '\0';
	ck_assert_int_eq(db_activity_upsert(d, DB_VISITS, &a, &r), DB_OK);
	snprintf(a.time, sizeof a.time, "24:00");
	ck_assert_int_eq(db_activity_upsert(d, DB_VISITS, &a, &r), DB_INVALID);
	a.time[0] = '\0';
	a.outcome = "met";
	ck_assert_int_eq(db_activity_upsert(d, DB_VISITS, &a, &r), DB_INVALID);
	db_close(d);
}
END_TEST

Suite *suite_record(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_outcome_flags);
	tcase_add_test(tc, test_outcome_list);
	tcase_add_test(tc, test_outcome_aliases);
	tcase_add_test(tc, test_outcome_users);
	tcase_add_test(tc, test_kinds_match_tables);
	tcase_add_test(tc, test_tables);
	tcase_add_test(tc, test_csv_columns);
	tcase_add_test(tc, test_schema_matches);
	tcase_add_test(tc, test_visit_store);
	suite_add_tcase(s, tc);
	return s;
}
