/* Import, export and the customer field table, on the real fixtures and a
 * real database file in a temporary directory; a saved plan's customer
 * lines read back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/choices.h"
#include "repdesk/custfield.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/plan.h"
#include "repdesk/db/opps.h"
#include "repdesk/db/pipeline.h"
#include "repdesk/db/testing.h"
#include "repdesk/demo.h"
#include "repdesk/planbook.h"
#include "repdesk/export.h"
#include "repdesk/import.h"
#include "repdesk/record.h"
#include "repdesk/rejects.h"
#include "suites.h"

static char *dir;
static db *d;

static db *open_db(const char *name)
{
	char path[4096], err[512];
	db *h = NULL;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_msg(db_open(path, DB_OPEN_CREATE, &h, err, sizeof err) == DB_OK, "%s", err);
	ck_assert_int_eq(db_book_init(h, "张三", "一组"), DB_OK);
	return h;
}

static void setup(void)
{
	dir = test_tmpdir();
	d = open_db("book.db");
}

static void teardown(void)
{
	db_close(d);
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(dir);
}

static status_code import(db *h, transfer_kind k, const char *fixture, import_report *rep,
                        char *err, size_t errsz)
{
	import_opts o = { .encoding = CSVIO_ENC_AUTO };
	return import_run(h, k, test_fixture(fixture), &o, rep, err, errsz);
}

/* The whole file's bytes, NUL-terminated (caller frees). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static char *export_text(db *h, transfer_kind k, const char *name)
{
	char path[4096], err[512];
	long rows;
	export_opts o = { .excel = false };
	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_msg(export_run(h, k, path, &o, &rows, err, sizeof err) == STATUS_OK, "%s", err);
	return slurp(path);
}

START_TEST(field_lookup)
{
	ck_assert_int_eq(custfield_lookup("客户名称"), CUSTFIELD_NAME);
	ck_assert_int_eq(custfield_lookup("名称"), CUSTFIELD_NAME);
	ck_assert_int_eq(custfield_lookup(" Monthly Amount "), CUSTFIELD_MONTHLY_AMOUNT);
	ck_assert_int_eq(custfield_lookup("月销售额"), CUSTFIELD_MONTHLY_AMOUNT);
	ck_assert_int_eq(custfield_lookup("手机"), CUSTFIELD_PHONE);
	ck_assert_int_eq(custfield_lookup("商圈"), CUSTFIELD_DISTRICT);
	ck_assert_int_eq(custfield_lookup("NEXT_CALL"), CUSTFIELD_NEXT_CALL);
	ck_assert_int_eq(custfield_lookup("性格"), CUSTFIELD_NONE);
	ck_assert_int_eq(custfield_lookup("name2"), CUSTFIELD_NONE);
}
END_TEST

START_TEST(field_values)
{
	db_customer c;
	char err[256];
	custfield_init(&c);
	ck_assert(custfield_set(&c, CUSTFIELD_MONTHLY_AMOUNT, "1.5万", err, sizeof err));
	ck_assert_int_eq(c.monthly_amount, 1500000);
	ck_assert(!custfield_set(&c, CUSTFIELD_MONTHLY_AMOUNT, "12x", err, sizeof err));
	ck_assert_str_eq(err, "'12x' is not an amount");
	ck_assert(custfield_set(&c, CUSTFIELD_MONTHLY_AMOUNT, "", err, sizeof err));
	ck_assert(c.monthly_amount == DB_NULL);
	ck_assert(custfield_set(&c, CUSTFIELD_PRIORITY, "重点", err, sizeof err));
	ck_assert_str_eq(c.priority, "key");
	ck_assert(!custfield_set(&c, CUSTFIELD_PRIORITY, "huge", err, sizeof err));
	ck_assert(custfield_set(&c, CUSTFIELD_STATUS, "勿扰", err, sizeof err));
	ck_assert_str_eq(c.status, "do-not-call");
	ck_assert(custfield_set(&c, CUSTFIELD_TIER, "a", err, sizeof err));
	ck_assert_int_eq(c.tier_manual, TIER_A);
	ck_assert(!custfield_set(&c, CUSTFIELD_TIER, "AA", err, sizeof err));
	ck_assert(custfield_set(&c, CUSTFIELD_TIER, "", err, sizeof err));
	ck_assert_int_eq(c.tier_manual, TIER_NONE);
	ck_assert(!custfield_set(&c, CUSTFIELD_NEXT_CALL, "2026-02-29", err, sizeof err));
	ck_assert_str_eq(err, "'2026-02-29' is not a date (YYYY-MM-DD)");
	ck_assert(!custfield_set(&c, CUSTFIELD_STORES, "3.5", err, sizeof err));
	ck_assert(custfield_set(&c, CUSTFIELD_STORES, "1,200", err, sizeof err));
	ck_assert_int_eq(c.stores, 1200);
	ck_assert(!custfield_set(&c, CUSTFIELD_NAME, "", err, sizeof err));
	/* Control bytes in a quoted value never reach a message raw. */
	ck_assert(!custfield_set(&c, CUSTFIELD_MONTHLY_AMOUNT, "1\0332", err, sizeof err));
	ck_assert_ptr_null(strchr(err, '\033'));
}
END_TEST

START_TEST(import_gb18030)
{
	import_report rep;
	char err[1024], uid[UID_BUFSZ];
	ck_assert_int_eq(import(d, TRANSFER_CUSTOMERS, "customers_gb18030_crlf.csv", &rep, err, sizeof err), STATUS_OK);
	ck_assert_str_eq(rep.encoding, "gb18030");
	ck_assert_int_eq(rep.added, 5);
	ck_assert_int_eq(db_customer_find(d, "越秀区华联电脑城", uid), DB_OK);
	db_customer *c = db_customer_load(d, uid);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->contact, "张三");
	ck_assert_ptr_null(strchr(c->notes, '\r'));
	db_customer_free(c);
	ck_assert_int_eq(db_customer_find(d, "白云商贸有限公司", uid), DB_OK);
	c = db_customer_load(d, uid);
	ck_assert_int_eq(c->monthly_amount, 1500000);
	ck_assert_uint_eq(c->nattrs, 1);
	ck_assert_str_eq(c->attrs[0].key, "性格");
	db_customer_free(c);
}
END_TEST

START_TEST(import_every_good_fixture)
{
	static const char *const files[] = {
		"customers_newlines.csv", "customers_bom.csv", "customers_cr_only.csv",
		"blank_lines.csv", "customers_gb18030_crlf.csv",
	};
	import_report rep;
	char err[1024];
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		ck_assert_msg(import(d, TRANSFER_CUSTOMERS, files[i], &rep, err, sizeof err) == STATUS_OK,
		              "%s: %s", files[i], err);
	/* Every file names the same customers: they were matched, not duplicated. */
	int64_t n;
	db_filter all = { .include_inactive = true };
	ck_assert_int_eq(db_customer_count(d, &all, &n), DB_OK);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(import(d, TRANSFER_ORDERS, "orders.csv", &rep, err, sizeof err), STATUS_OK);
	ck_assert_int_eq(rep.added, 6);
	ck_assert_int_eq(import(d, TRANSFER_PAYMENTS, "payments.csv", &rep, err, sizeof err), STATUS_OK);
	ck_assert_int_eq(rep.added, 4);
	ck_assert_int_eq(import(d, TRANSFER_CALLS, "calls.csv", &rep, err, sizeof err), STATUS_OK);
	ck_assert_int_eq(rep.added, 5);
	/* Again: nothing added, nothing changed. */
	ck_assert_int_eq(import(d, TRANSFER_ORDERS, "orders.csv", &rep, err, sizeof err), STATUS_OK);
	ck_assert_int_eq(rep.added, 0);
	ck_assert_int_eq(rep.updated, 0);
	ck_assert_int_eq(import(d, TRANSFER_CUSTOMERS, "customers_newlines.csv", &rep, err, sizeof err), STATUS_OK);
	ck_assert_int_eq(rep.added, 0);
}
END_TEST

START_TEST(bad_rows_change_nothing)
{
	static const struct { const char *file, *msg; } bad[] = {
		{ "bad_amount.csv", "bad_amount.csv:3: column 'monthly_amount': '12x' is not an amount" },
		{ "bad_after_blanks.csv", "bad_after_blanks.csv:6: column 'monthly_amount': '12x' is not an amount" },
		{ "bad_unterminated.csv", "bad_unterminated.csv:2: unterminated quote" },
		{ "bad_malformed_quote.csv", "bad_malformed_quote.csv:3:2: malformed quote" },
		{ "bad_ragged.csv", "bad_ragged.csv:3: expected 3 fields, got 2" },
		{ "bad_nul.csv", "bad_nul.csv:3:2: NUL byte" },
	};
	import_report rep;
	char err[1024];
	ck_assert_int_eq(import(d, TRANSFER_CUSTOMERS, "customers_newlines.csv", &rep, err, sizeof err), STATUS_OK);
	char *before = export_text(d, TRANSFER_CUSTOMERS, "before.csv");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ck_assert_int_eq(import(d, TRANSFER_CUSTOMERS, bad[i].file, &rep, err, sizeof err), STATUS_DATAERR);
		ck_assert_msg(strstr(err, bad[i].msg), "%s: got '%s'", bad[i].file, err);
		char *after = export_text(d, TRANSFER_CUSTOMERS, "after.csv");
		ck_assert_str_eq(before, after);
		free(after);
	}
	free(before);
}
END_TEST

/* The rejects file's reason: no "FILE:LINE:" and no colon left of it, with
 * an ASCII or a fullwidth colon (Chinese messages use the latter). */
START_TEST(rejects_reason_drops_the_place)
{
	static const char *const cases[][2] = {
		{ "a.csv:3: column 'x': bad", "column 'x': bad" },
		{ "a.csv:3：列 'x'：坏", "列 'x'：坏" },
		{ "a.csv：3：列 'x'：坏", "列 'x'：坏" },
		{ "a.csv:3:2: invalid UTF-8", "column 2: invalid UTF-8" },
		{ "a.csv:12:  spaced", "spaced" },
		{ "b.csv:3: other file", "b.csv:3: other file" },
		{ "a.csv says no", "a.csv says no" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char r[128];
		rejects_reason("a.csv", cases[i][0], r, sizeof r);
		ck_assert_str_eq(r, cases[i][1]);
	}
}
END_TEST

/* Whether the guide's headings table has a row for column CSV of FILE
 * (customers, orders...) listing ALIAS. */
static bool guide_lists(const char *guide, const char *csv, const char *file, const char *alias)
{
	char head[96];
	snprintf(head, sizeof head, "\n| %s | ", csv);
	for (const char *p = strstr(guide, head); p; p = strstr(p + 1, head)) {
		const char *end = strchr(p + 1, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char row[512];
		snprintf(row, sizeof row, "%.*s", (int)len, p + strlen(head));
		char *bar = strchr(row, '|');
		if (!bar)
			continue;
		*bar = '\0';
		if (!strstr(row, file))
			continue;
		/* the aliases: ", "-separated between the bars */
		for (char *a = strtok(bar + 1, ",|"); a; a = strtok(NULL, ",|")) {
			while (*a == ' ')
				a++;
			size_t n = strlen(a);
			while (n && a[n - 1] == ' ')
				a[--n] = '\0';
			if (strcmp(a, alias) == 0)
				return true;
		}
	}
	return false;
}

/* Every heading the registry takes is in the guide's table (the import
 * tests check the other way: every heading listed is taken). */
START_TEST(guide_lists_every_heading)
{
	char *guide = slurp(test_fixture("../../docs/guide.md"));
	ck_assert_ptr_nonnull(guide);
	char alias[64];
	for (int i = 0; i < CUSTFIELD_COUNT; i++)
		for (const char *a = custfield_fields[i].aliases; *a; a += strcspn(a, "|") + (a[strcspn(a, "|")] == '|')) {
			snprintf(alias, sizeof alias, "%.*s", (int)strcspn(a, "|"), a);
			ck_assert_msg(guide_lists(guide, custfield_fields[i].name, "customers", alias),
			              "the guide does not list %s for %s", alias, custfield_fields[i].name);
		}
	for (int k = 0; k < RECORD_KIND_COUNT; k++) {
		const char *file = record_kinds[k].table;
		const record_column *extra[] = { &record_uid_column, &record_customer_name_column };
		for (int e = -2; ; e++) {
			const record_column *c = e < 0 ? extra[e + 2] : &record_kinds[k].cols[e];
			if (!c->name)
				break;
			for (const char *a = c->aliases; *a; a += strcspn(a, "|") + (a[strcspn(a, "|")] == '|')) {
				snprintf(alias, sizeof alias, "%.*s", (int)strcspn(a, "|"), a);
				ck_assert_msg(guide_lists(guide, c->csv, file, alias),
				              "the guide does not list %s for %s in %s", alias, c->csv, file);
			}
		}
	}
	free(guide);
}
END_TEST

START_TEST(skip_bad_writes_rejects)
{
	import_report rep;
	char err[1024], path[4096];
	snprintf(path, sizeof path, "%s/rejects.csv", dir);
	import_opts o = { .encoding = CSVIO_ENC_AUTO, .rejects_path = path };
	ck_assert_int_eq(import_run(d, TRANSFER_CUSTOMERS, test_fixture("bad_amount.csv"), &o, &rep,
	                            err, sizeof err), STATUS_OK);
	ck_assert_int_eq(rep.added, 2);
	ck_assert_int_eq(rep.rejected, 1);
	char *text = slurp(path);
	/* For a spreadsheet: a BOM and CRLF. */
	ck_assert_str_eq(text, "\xEF\xBB\xBFline,reason,name,monthly_amount\r\n"
	                 "3,column 'monthly_amount': '12x' is not an amount,"
	                 "白云商贸有限公司,12x\r\n");
	free(text);
}
END_TEST

START_TEST(dry_run_writes_nothing)
{
	import_report rep;
	char err[1024];
	import_opts o = { .encoding = CSVIO_ENC_AUTO, .dry_run = true };
	char *before = export_text(d, TRANSFER_CUSTOMERS, "before.csv");
	ck_assert_int_eq(import_run(d, TRANSFER_CUSTOMERS, test_fixture("customers_newlines.csv"), &o,
	                            &rep, err, sizeof err), STATUS_OK);
	ck_assert_int_eq(rep.added, 5);
	char *after = export_text(d, TRANSFER_CUSTOMERS, "after.csv");
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}
END_TEST

START_TEST(round_trip)
{
	import_report rep;
	char err[1024];
	demo_counts n;
	calendar cal;
	calendar_init(&cal);
	ck_assert_int_eq(demo_fill(d, "assets", &cal, date_from_ymd(2026, 11, 27), &n, err, sizeof err), STATUS_OK);
	ck_assert_int_eq(n.customers, 240);
	ck_assert_int_eq(import(d, TRANSFER_CUSTOMERS, "customers_newlines.csv", &rep, err, sizeof err), STATUS_OK);
	db *other = open_db("other.db");
	static const transfer_kind kinds[] = { TRANSFER_CUSTOMERS, TRANSFER_ORDERS, TRANSFER_PAYMENTS, TRANSFER_CALLS };
	/* Everything first: a customer's computed tier comes from its orders. */
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		free(export_text(d, kinds[i], "a.csv"));
		char path[4096];
		snprintf(path, sizeof path, "%s/a.csv", dir);
		import_opts o = { .encoding = CSVIO_ENC_AUTO };
		ck_assert_msg(import_run(other, kinds[i], path, &o, &rep, err, sizeof err) == STATUS_OK, "%s", err);
	}
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		char *a = export_text(d, kinds[i], "a.csv");
		char *b = export_text(other, kinds[i], "b.csv");
		ck_assert_msg(strcmp(a, b) == 0, "export %zu differs after the round trip", i);
		free(a);
		free(b);
	}
	db_close(other);
}
END_TEST

static bool count_opp(const db_opp *o, void *ctx)
{
	(void)o;
	(*(long *)ctx)++;
	return true;
}

START_TEST(demo_is_deterministic)
{
	char err[1024];
	demo_counts n1, n2;
	calendar cal;
	calendar_init(&cal);
	ck_assert_int_eq(demo_fill(d, "assets", &cal, date_from_ymd(2026, 11, 27), &n1, err, sizeof err), STATUS_OK);
	char *a = export_text(d, TRANSFER_ORDERS, "a.csv");
	ck_assert_int_eq(demo_fill(d, "assets", &cal, date_from_ymd(2026, 11, 27), &n2, err, sizeof err), STATUS_OK);
	char *b = export_text(d, TRANSFER_ORDERS, "b.csv");
	ck_assert_str_eq(a, b);
	/* Its opportunities once, whatever the fills: 11 open, one won, one lost. */
	long opps = 0, open = 0;
	ck_assert_int_eq(db_opps_each(d, NULL, count_opp, &opps), DB_OK);
	db_opp_query oq = { .open_only = true, .stage = -1 };
	ck_assert_int_eq(db_opps_each(d, &oq, count_opp, &open), DB_OK);
	ck_assert_int_eq(opps, 13);
	ck_assert_int_eq(open, 11);
	ck_assert_int_gt(n1.orders, 200);
	ck_assert_int_gt(n1.calls, 500);
	ck_assert_int_gt(n1.payments, 100);
	/* Order dates (the fourth column) stay within the three months before today. */
	for (const char *line = strchr(a, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		const char *p = line + 1;
		for (int comma = 0; comma < 3; comma++)
			p = strchr(p, ',') + 1;
		ck_assert_msg(strncmp(p, "2026-08-27", 10) >= 0 && strncmp(p, "2026-11-27", 10) < 0,
		              "order dated %.10s", p);
	}
	/* Some orders still carry a promised payment date. */
	ck_assert_ptr_nonnull(strstr(a, ",2026-12-"));
	free(a);
	free(b);

	/* The month's plan, as a rep would make it: the next ¥100,000 above
	 * the baseline, split exactly. */
	planbook pb;
	ck_assert_msg(planbook_load(d, &cal, 2026, 11, &pb, err, sizeof err) == STATUS_OK, "%s", err);
	ck_assert_int_eq(pb.level[PB_BASE], demo_target(pb.res.baseline));
	ck_assert_int_gt(pb.level[PB_BASE], pb.res.baseline);
	ck_assert_int_le(pb.level[PB_BASE] - pb.res.baseline, 10000000);
	int64_t sum = 0;
	for (int t = 0; t < TIER_COUNT; t++)
		sum += pb.tier_target[PB_BASE][t];
	ck_assert_int_eq(sum, pb.level[PB_BASE]);
	planbook_free(&pb);
}
END_TEST

typedef struct {
	char title[8][128];
	int n;
} titles;

static bool take_title(const db_opp *o, void *ctx)
{
	titles *t = ctx;
	if (t->n < 8)
		snprintf(t->title[t->n++], sizeof t->title[0], "%s", o->title);
	return true;
}

/* The Pipeline screen's reads on the demo book: the summary by stage, a
 * stage's cards across its dated and undated ones, a card found again, the
 * due and the stuck; a tier filter and a deleted customer narrow them. */
START_TEST(pipeline_reads)
{
	char err[1024];
	demo_counts n;
	calendar cal;
	calendar_init(&cal);
	date_day today = date_from_ymd(2026, 11, 27);
	ck_assert_int_eq(demo_fill(d, "assets", &cal, today, &n, err, sizeof err), STATUS_OK);

	db_pipeline_stages sum;
	ck_assert_int_eq(db_pipeline_stages_get(d, NULL, &sum), DB_OK);
	static const long counts[OPP_OPEN_COUNT] = { 2, 2, 3, 2, 2 };
	for (int k = 0; k < OPP_OPEN_COUNT; k++)
		ck_assert_int_eq(sum.count[k], counts[k]);
	/* negotiation: 120,000 at its own 80% and 168,000 at the stage's 70%. */
	ck_assert_int_eq(sum.total[OPP_NEGOTIATION], 28800000);
	ck_assert_int_eq(sum.weighted[OPP_NEGOTIATION], 9600000 + 11760000);

	/* lead: the dated one first, the undated after it, from any offset. */
	titles t = { 0 };
	ck_assert_int_eq(db_pipeline_cards(d, NULL, OPP_LEAD, 0, 5, take_title, &t), DB_OK);
	ck_assert_int_eq(t.n, 2);
	ck_assert_str_eq(t.title[0], "前台电脑与打印机");
	ck_assert_str_eq(t.title[1], "收银系统升级");
	memset(&t, 0, sizeof t);
	ck_assert_int_eq(db_pipeline_cards(d, NULL, OPP_LEAD, 1, 5, take_title, &t), DB_OK);
	ck_assert_int_eq(t.n, 1);
	ck_assert_str_eq(t.title[0], "收银系统升级");

	char uid[UID_BUFSZ];
	opp_stage at;
	long index;
	ck_assert_int_eq(db_opp_find(d, "收银系统升级", uid), DB_OK);
	ck_assert_int_eq(db_pipeline_where(d, NULL, uid, &at, &index), DB_OK);
	ck_assert_int_eq(at, OPP_LEAD);
	ck_assert_int_eq(index, 1);
	ck_assert_int_eq(db_opp_find(d, "年度门店备货框架", uid), DB_OK);
	ck_assert_int_eq(db_pipeline_where(d, NULL, uid, &at, &index), DB_OK);
	ck_assert_int_eq(at, OPP_PROPOSAL);
	ck_assert_int_eq(index, 2);

	long total;
	memset(&t, 0, sizeof t);
	ck_assert_int_eq(db_pipeline_due(d, NULL, today, 2, take_title, &t, &total), DB_OK);
	ck_assert_int_eq(total, 6);
	ck_assert_int_eq(t.n, 2);
	ck_assert_str_eq(t.title[0], "全员笔记本采购");     /* 3 days late */
	memset(&t, 0, sizeof t);
	ck_assert_int_eq(db_pipeline_stuck(d, NULL, today, 5, take_title, &t, &total), DB_OK);
	ck_assert_int_eq(total, 1);
	ck_assert_str_eq(t.title[0], "全员笔记本采购");     /* 62 days in its tender */

	/* Tier S only: the cards of S customers. */
	db_filter s_only = { .tier_mask = 1u << TIER_S, .include_inactive = true, .today = today };
	ck_assert_int_eq(db_pipeline_stages_get(d, &s_only, &sum), DB_OK);
	long shown = 0, all = 0;
	for (int k = 0; k < OPP_OPEN_COUNT; k++)
		shown += sum.count[k], all += counts[k];
	ck_assert_int_gt(shown, 0);
	ck_assert_int_lt(shown, all);

	/* A deleted customer's cards go, with no filter as with one. */
	ck_assert_int_eq(sqlite3_exec(db_test_handle(d), "UPDATE customers SET deleted = 1 WHERE uid = 'demo-022'",
	                              NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(db_pipeline_stages_get(d, NULL, &sum), DB_OK);
	ck_assert_int_eq(sum.count[OPP_TENDER], 1);
	ck_assert_int_eq(db_pipeline_stuck(d, NULL, today, 5, take_title, &t, &total), DB_OK);
	ck_assert_int_eq(total, 0);
	ck_assert_int_eq(db_pipeline_stages_get(d, &s_only, &sum), DB_OK);
	ck_assert_int_eq(sum.count[OPP_TENDER], 0);
}
END_TEST

START_TEST(demo_target_is_round)
{
	ck_assert_int_eq(demo_target(0), 10000000);
	ck_assert_int_eq(demo_target(139316700), 140000000);
	ck_assert_int_eq(demo_target(140000000), 150000000);    /* above, not equal */
	ck_assert_int_eq(demo_target(-5), 10000000);
}
END_TEST

typedef struct {
	char text[1024];
	size_t len;
} taken;

static void take_line(const char *uid, tier t, int64_t baseline, int64_t target, void *ctx)
{
	taken *tk = ctx;
	tk->len += (size_t)snprintf(tk->text + tk->len, sizeof tk->text - tk->len, "%s %c %lld %lld|",
	                            uid, tier_letter(t), (long long)baseline, (long long)target);
}

/* The lines a plan saves, and the ones it never writes, read as they always were. */
START_TEST(plan_customer_lines)
{
	taken tk = { .len = 0 };
	planbook_customers_each("01a21b99-4677-7e08-aa35-6e38a0bab438\tS\t100\t200\n"
	                        "u2\ta\t-5\t-7\n"
	                        "u3\tX\t1\t2\n"
	                        "u4\tB\t 12\t13\n"
	                        "u5\tC\t12\t13 and more\n"
	                        "u6\tD\t99999999999999999999\t1\n"
	                        "u7\tD\t123456789012345678\t+4\n"
	                        "\n"
	                        "a-uid-far-too-long-for-any-customer-row\tS\t1\t1\n"
	                        "u8\tS\t1\t"
	                        "100000000000000000000000000000000000000000000000000000000000000000000000000000000000\n"
	                        "u8b\tS\t1\t"
	                        "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\n"
	                        "u9\tS\t1\n"
	                        "u10\tA\t0\t5", take_line, &tk);
	ck_assert_str_eq(tk.text, "01a21b99-4677-7e08-aa35-6e38a0bab438 S 100 200|u2 A -5 -7|u4 B 12 13|"
	                          "u5 C 12 13|u6 D 9223372036854775807 1|u7 D 123456789012345678 4|"
	                          "u8 S 1 9223372036854775807|u10 A 0 5|");
}
END_TEST

static int by_tier_name_uid(const void *a, const void *b)
{
	const planbook_customer *x = a, *y = b;
	if (x->tier != y->tier)
		return (int)x->tier - (int)y->tier;
	int c = strcmp(x->row->name, y->row->name);
	return c ? c : strcmp(x->row->uid, y->row->uid);
}

/* The customers view's order: tier, then name byte by byte (names that
 * share their first eight bytes or more, or end within them), then uid. */
START_TEST(plan_customers_by_name)
{
	static char names[][40] = {
		"b", "ab", "a", "", "abcdefgh", "abcdefghij", "abcdefghik", "abcdefgh", "佛山天天天科技有限公司",
		"佛山天天天便利店", "佛山天", "\xff\xfe", "abcdefg", "a b", "佛山天天天科技有限公司",
	};
	enum { N = sizeof names / sizeof *names };
	db_plan_row rows[N];
	planbook pb;
	planbook_customer want[N];

	memset(&pb, 0, sizeof pb);
	pb.cust = calloc(N, sizeof *pb.cust);
	ck_assert_ptr_nonnull(pb.cust);
	for (int i = 0; i < N; i++) {
		memset(&rows[i], 0, sizeof rows[i]);
		snprintf(rows[i].uid, sizeof rows[i].uid, "u-%02d", (i * 7) % N);
		rows[i].name = names[i];
		pb.cust[i].row = &rows[i];
		pb.cust[i].tier = (tier)(i % 3);
	}
	pb.ncust = N;
	memcpy(want, pb.cust, sizeof want);
	qsort(want, N, sizeof *want, by_tier_name_uid);
	ck_assert(planbook_sort_by_name(&pb));
	for (int i = 0; i < N; i++)
		ck_assert_ptr_eq(pb.cust[i].row, want[i].row);
	free(pb.cust);
}
END_TEST

/* The book's choice lists: kept, read back, checked, stepped through. */
START_TEST(choice_lists)
{
	choices ch;
	char err[512], v[64], buf[128];

	ck_assert(choices_load(d, &ch));
	ck_assert_uint_eq(ch.n, 0);
	ck_assert(choices_check(&ch, "性格", "随便", err, sizeof err));
	choices_free(&ch);
	ck_assert_int_eq(db_choices_set(d, "性格", "爽朗型,细致型,节奏快速型"), DB_OK);
	ck_assert_int_eq(db_choices_set(d, "地段", "好,一般,差"), DB_OK);
	ck_assert_int_eq(db_setting_set(d, "choicesx", "not a list"), DB_OK);
	ck_assert(choices_load(d, &ch));
	ck_assert_uint_eq(ch.n, 2);
	ck_assert_str_eq(ch.attr[0], "地段");              /* by attribute */
	ck_assert_str_eq(choices_of(&ch, "性格"), "爽朗型,细致型,节奏快速型");
	ck_assert_ptr_null(choices_of(&ch, "口味"));
	ck_assert(choices_check(&ch, "性格", "细致型", err, sizeof err));
	ck_assert(choices_check(&ch, "性格", "", err, sizeof err));
	ck_assert(choices_check(&ch, "口味", "随便", err, sizeof err));
	ck_assert(!choices_check(&ch, "性格", "外向", err, sizeof err));
	ck_assert_str_eq(err, "'外向' is not one of the choices for 性格: 爽朗型, 细致型, 节奏快速型");
	ck_assert_str_eq(choices_shown("好,一般,差", buf, sizeof buf), "好, 一般, 差");
	choices_step("好,一般,差", "", 1, v, sizeof v);
	ck_assert_str_eq(v, "好");
	choices_step("好,一般,差", "好", 1, v, sizeof v);
	ck_assert_str_eq(v, "一般");
	choices_step("好,一般,差", "差", 1, v, sizeof v);
	ck_assert_str_eq(v, "");                            /* round through no value */
	choices_step("好,一般,差", "", -1, v, sizeof v);
	ck_assert_str_eq(v, "差");
	choices_step("好,一般,差", "很好", -1, v, sizeof v);   /* not a choice: from none */
	ck_assert_str_eq(v, "差");
	choices_free(&ch);
	ck_assert_int_eq(db_choices_set(d, "性格", NULL), DB_OK);
	ck_assert_int_eq(db_choices_get(d, "性格", buf, sizeof buf), DB_NOT_FOUND);
	ck_assert_int_eq(db_choices_get(d, "地段", buf, sizeof buf), DB_OK);
	ck_assert_str_eq(buf, "好,一般,差");
}
END_TEST

Suite *suite_app(void)
{
	Suite *s = suite_create("app");
	TCase *tc = tcase_create("fields");
	tcase_add_test(tc, field_lookup);
	tcase_add_test(tc, field_values);
	suite_add_tcase(s, tc);
	tc = tcase_create("import");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, import_gb18030);
	tcase_add_test(tc, choice_lists);
	tcase_add_test(tc, import_every_good_fixture);
	tcase_add_test(tc, bad_rows_change_nothing);
	tcase_add_test(tc, skip_bad_writes_rejects);
	tcase_add_test(tc, rejects_reason_drops_the_place);
	tcase_add_test(tc, guide_lists_every_heading);
	tcase_add_test(tc, dry_run_writes_nothing);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, demo_is_deterministic);
	tcase_add_test(tc, pipeline_reads);
	tcase_add_test(tc, demo_target_is_round);
	tcase_add_test(tc, plan_customer_lines);
	tcase_add_test(tc, plan_customers_by_name);
	suite_add_tcase(s, tc);
	return s;
}
