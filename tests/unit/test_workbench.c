/* The workbench without a terminal: sequences of actions and keys on a real
 * database in a temporary directory, checked against the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/text.h"
#include "repdesk/today.h"
#include "repdesk/where.h"
#include "repdesk/wb.h"
#include "suites.h"

static char *dir;
static db *d;
static calendar cal;
static date_day day;

static void add_customer(const char *name, const char *phone, int64_t monthly_yuan)
{
	db_customer c;
	int r;

	custfield_init(&c);
	c.name = name;
	c.phone = phone;
	c.monthly_amount = monthly_yuan * 100;
	ck_assert_int_eq(db_customer_upsert(d, &c, &r), DB_OK);
	ck_assert_int_eq(r, 1);
}

/* N customers over every tier; names sort in the order they are made. */
static void book(int n)
{
	static const int64_t amounts[] = { 30000, 12000, 6000, 2000, 500 };
	char name[64], phone[32];

	ck_assert_int_eq(db_begin(d), DB_OK);
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%s%04d", i % 3 == 0 ? "天河客户" : "白云客户", i);
		snprintf(phone, sizeof phone, "1380000%04d", i);
		add_customer(name, phone, amounts[i % 5]);
	}
	ck_assert_int_eq(db_commit(d), DB_OK);
}

static void setup(void)
{
	char path[4096], err[512];

	dir = test_tmpdir();
	snprintf(path, sizeof path, "%s/book.db", dir);
	ck_assert_msg(db_open(path, DB_OPEN_CREATE, &d, err, sizeof err) == DB_OK, "%s", err);
	ck_assert_int_eq(db_book_init(d, "张三", "一组"), DB_OK);
	calendar_init(&cal);
	ck_assert(date_parse("2026-11-27", &day));
}

static void teardown(void)
{
	char cmd[4200];

	db_close(d);
	calendar_free(&cal);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(dir);
}

static wb *open_wb(void)
{
	char err[512];
	wb *w = wb_open(d, &cal, day, 0, err, sizeof err);

	ck_assert_msg(w != NULL, "%s", err);
	wb_set_heights(w, 10, 10, 10);
	return w;
}

static void keys(wb *w, const char *text)
{
	size_t len = strlen(text);

	while (len) {
		uint32_t cp;
		size_t n = text_decode(text, len, &cp);
		wb_input(w, (wb_key){ WB_K_CHAR, cp });
		text += n;
		len -= n;
	}
}

static void key(wb *w, wb_key_kind k)
{
	wb_input(w, (wb_key){ k, 0 });
}

/* Undo asks first, naming the step (WHAT in the question): yes. */
static void undo_yes(wb *w, const char *what)
{
	wb_do(w, WB_A_UNDO);
	ck_assert_int_eq(w->ask.kind, WB_ASK_CHOICE);
	ck_assert_msg(strstr(w->ask.title, what), "undo asks about '%s': %s", what, w->ask.title);
	keys(w, "y");
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);
}

static bool on_count(const db_activity *a, void *ctx)
{
	(void)a;
	(*(int *)ctx)++;
	return true;
}

static int count_of(db_activity_kind kind, const char *uid)
{
	int n = 0;
	ck_assert_int_eq(db_activity_each(d, kind, uid, on_count, &n), DB_OK);
	return n;
}

static const char *selected_name(const wb *w)
{
	return w->list.rows[w->list.sel].name;
}

/* ---- the line editor ---- */

START_TEST(line_editor_works_by_character)
{
	wb_line l;

	wb_line_set(&l, "");
	const char *text = "广州a天";
	size_t len = strlen(text);
	while (len) {
		uint32_t cp;
		size_t n = text_decode(text, len, &cp);
		ck_assert(wb_line_key(&l, (wb_key){ WB_K_CHAR, cp }));
		text += n;
		len -= n;
	}
	ck_assert_str_eq(l.text, "广州a天");
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_BACKSPACE, 0 }));
	ck_assert_str_eq(l.text, "广州a");                 /* one character, three bytes */
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_LEFT, 0 }));
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_LEFT, 0 }));
	ck_assert_uint_eq(l.cur, 3);                        /* after 广 */
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_DELETE, 0 }));
	ck_assert_str_eq(l.text, "广a");
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_CHAR, 0x1B }));   /* ESC byte: dropped */
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_CHAR, '\r' }));
	ck_assert_str_eq(l.text, "广a");
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_HOME, 0 }));
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_BACKSPACE, 0 }));
	ck_assert_str_eq(l.text, "广a");
	ck_assert(!wb_line_key(&l, (wb_key){ WB_K_ENTER, 0 }));
	/* A full line takes no more, and never a cut character. */
	wb_line_set(&l, "");
	for (int i = 0; i < WB_LINE_MAX; i++)
		wb_line_key(&l, (wb_key){ WB_K_CHAR, 0x5E7F });
	ck_assert(text_valid_utf8(l.text, l.len));
	ck_assert_uint_lt(l.len, WB_LINE_MAX);
}
END_TEST

static void type_text(wb_line *l, const char *text)
{
	size_t len = strlen(text);
	while (len) {
		uint32_t cp;
		size_t n = text_decode(text, len, &cp);
		wb_line_key(l, (wb_key){ WB_K_CHAR, cp });
		text += n;
		len -= n;
	}
}

START_TEST(line_editor_holds_a_long_text_and_says_when_full)
{
	static wb_line l;

	/* 4,000 characters of four bytes each: all of them. */
	wb_line_set(&l, "");
	for (int i = 0; i < WB_TEXT_MAX; i++) {
		wb_line_key(&l, (wb_key){ WB_K_CHAR, 0x1F600 });
		ck_assert(!l.full);
	}
	ck_assert_uint_eq(l.len, 4 * WB_TEXT_MAX);
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_CHAR, 'x' }));
	ck_assert(l.full);                                  /* refused, and it says so */
	ck_assert_uint_eq(l.len, 4 * WB_TEXT_MAX);
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_BACKSPACE, 0 }));
	ck_assert(!l.full);
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_CHAR, 0x5E7F }));
	ck_assert(!l.full);
	ck_assert(text_valid_utf8(l.text, l.len));

	/* A text from the book longer than a line: false, cut whole. */
	static char big[3 * WB_TEXT_MAX + 16];
	for (int i = 0; i <= WB_TEXT_MAX; i++)
		memcpy(big + 3 * i, "广", 3);
	big[3 * (WB_TEXT_MAX + 1)] = '\0';
	ck_assert(!wb_line_set(&l, big));
	ck_assert_uint_eq(l.len, 3 * WB_TEXT_MAX);
	big[3 * WB_TEXT_MAX] = '\0';
	ck_assert(wb_line_set(&l, big));
	ck_assert_uint_eq(l.len, 3 * WB_TEXT_MAX);
}
END_TEST

START_TEST(line_editor_moves_by_cluster)
{
	wb_line l;

	wb_line_set(&l, "");
	/* a, a ZWJ family, e with a combining acute, a flag */
	type_text(&l, "a\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"
	              "e\xcc\x81" "\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3");
	ck_assert_uint_eq(l.len, 1 + 18 + 3 + 8);
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_LEFT, 0 }));
	ck_assert_uint_eq(l.cur, 22);                       /* before the flag */
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_LEFT, 0 }));
	ck_assert_uint_eq(l.cur, 19);                       /* before é */
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_BACKSPACE, 0 }));
	ck_assert_str_eq(l.text, "ae\xcc\x81\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3");   /* the family at once */
	ck_assert_uint_eq(l.cur, 1);
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_DELETE, 0 }));
	ck_assert_str_eq(l.text, "a\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3");            /* é with its mark */
	ck_assert(wb_line_key(&l, (wb_key){ WB_K_RIGHT, 0 }));
	ck_assert_uint_eq(l.cur, l.len);                    /* over the flag in one step */
}
END_TEST

/* ---- moving through the list ---- */

typedef struct { char uid[1000][UID_BUFSZ]; int n; } uids;

static bool on_uid(const db_customer *c, void *ctx)
{
	uids *u = ctx;
	snprintf(u->uid[u->n++], UID_BUFSZ, "%s", c->uid);
	return true;
}

START_TEST(list_walks_every_row_both_ways)
{
	static uids all;
	db_filter f = { .include_inactive = true };

	book(300);
	all.n = 0;
	ck_assert_int_eq(db_customers_each(d, &f, on_uid, &all), DB_OK);
	wb *w = open_wb();
	ck_assert_int_eq(w->count, 300);
	for (int i = 0; i < 300; i++) {
		ck_assert_str_eq(w->list.rows[w->list.sel].uid, all.uid[i]);
		ck_assert_int_le(w->list.n, 3 * 40);     /* a window, not the book */
		wb_do(w, WB_A_DOWN);
	}
	ck_assert_str_eq(w->list.rows[w->list.sel].uid, all.uid[299]);   /* stays at the end */
	for (int i = 299; i >= 0; i--) {
		ck_assert_str_eq(w->list.rows[w->list.sel].uid, all.uid[i]);
		wb_do(w, WB_A_UP);
	}
	wb_do(w, WB_A_LAST);
	ck_assert_str_eq(w->list.rows[w->list.sel].uid, all.uid[299]);
	wb_do(w, WB_A_PAGE_UP);
	ck_assert_str_eq(w->list.rows[w->list.sel].uid, all.uid[290]);
	ck_assert_int_ge(w->list.sel, w->list.top);
	ck_assert_int_lt(w->list.sel, w->list.top + 10);
	wb_do(w, WB_A_FIRST);
	ck_assert_str_eq(w->list.rows[w->list.sel].uid, all.uid[0]);
	wb_do(w, WB_A_PAGE_DOWN);
	wb_do(w, WB_A_PAGE_DOWN);
	ck_assert_str_eq(w->list.rows[w->list.sel].uid, all.uid[18]);
	wb_close(w);
}
END_TEST

START_TEST(filters_and_search)
{
	book(60);
	wb *w = open_wb();

	wb_do(w, WB_A_TIER_S);
	ck_assert_int_eq(w->count, 12);
	for (int i = 0; i < w->list.n; i++)
		ck_assert_int_eq(w->list.rows[i].tier, TIER_S);
	wb_do(w, WB_A_TIER_A);
	ck_assert_int_eq(w->count, 24);
	wb_do(w, WB_A_CLEAR);
	ck_assert_int_eq(w->count, 60);

	/* Search as you type, Chinese included; Esc clears it. */
	wb_do(w, WB_A_SEARCH);
	ck_assert_int_eq(w->ask.kind, WB_ASK_LINE);
	keys(w, "天");
	ck_assert_int_eq(w->count, 20);
	keys(w, "河客户0003");
	ck_assert_int_eq(w->count, 1);
	ck_assert_str_eq(selected_name(w), "天河客户0003");
	key(w, WB_K_BACKSPACE);
	ck_assert_int_eq(w->count, 4);           /* 天河客户0000, 0003, 0006, 0009 */
	key(w, WB_K_ENTER);                      /* keeps the search */
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);
	ck_assert_str_eq(w->search, "天河客户000");
	wb_do(w, WB_A_BACK);                     /* Esc outside: clears it */
	ck_assert_str_eq(w->search, "");
	ck_assert_int_eq(w->count, 60);
	wb_do(w, WB_A_SEARCH);
	keys(w, "无此人");
	ck_assert_int_eq(w->count, 0);
	ck_assert_int_eq(w->list.n, 0);
	ck_assert_ptr_null(wb_selected_uid(w));
	key(w, WB_K_ESC);
	ck_assert_int_eq(w->count, 60);
	wb_close(w);
}
END_TEST

/* A search whose matches all lie past what one step may walk (600 rows
 * that do not match, then 200 that do): the keystroke finds nothing yet and
 * leaves the walk pending; wb_idle carries it on a short step at a time
 * until the window holds exactly the rows the store lists. A keystroke
 * meanwhile drops the walk under way and starts its own from the top. */
START_TEST(search_goes_on_when_idle)
{
	static uids all;
	char name[64], phone[32];

	ck_assert_int_eq(db_begin(d), DB_OK);
	for (int i = 0; i < 800; i++) {
		snprintf(name, sizeof name, "%s%04d", i < 600 ? "白云" : "陈", i);
		snprintf(phone, sizeof phone, "1380000%04d", i);
		add_customer(name, phone, 500);
	}
	ck_assert_int_eq(db_commit(d), DB_OK);
	wb *w = open_wb();
	w->walk_budget = 50;
	wb_do(w, WB_A_SEARCH);
	keys(w, "陈");
	ck_assert(w->list.pending);
	ck_assert_int_eq(w->list.n, 0);
	ck_assert_ptr_null(wb_selected_uid(w));
	ck_assert_int_eq(w->count, 200);
	for (int i = 0; i < 3; i++)
		ck_assert(wb_idle(w));
	ck_assert(w->list.pending);              /* not there yet */
	ck_assert_int_eq(w->list.n, 0);
	db_page_key far = w->list.resume;

	keys(w, "07");                           /* 陈0700 to 陈0799 */
	ck_assert(w->list.pending);
	ck_assert_int_eq(w->list.n, 0);
	ck_assert_int_lt(strcmp(w->list.resume.name, far.name), 0);
	int steps = 0;
	while (wb_idle(w))
		ck_assert_int_lt(++steps, 1000);
	ck_assert_int_gt(steps, 3);
	ck_assert(!w->list.pending);
	db_filter f = { .search = "陈07", .include_inactive = true };
	all.n = 0;
	ck_assert_int_eq(db_customers_each(d, &f, on_uid, &all), DB_OK);
	ck_assert_int_eq(all.n, 100);
	ck_assert_int_ge(w->list.n, 10);         /* a screenful at least */
	for (int i = 0; i < w->list.n; i++)
		ck_assert_str_eq(w->list.rows[i].uid, all.uid[i]);
	ck_assert_str_eq(wb_selected_uid(w), all.uid[0]);

	/* On down to the last match, each once. */
	w->walk_budget = WB_WALK_BUDGET;
	key(w, WB_K_ENTER);
	for (int i = 0; i < all.n; i++) {
		ck_assert_str_eq(w->list.rows[w->list.sel].uid, all.uid[i]);
		wb_do(w, WB_A_DOWN);
	}
	ck_assert(!wb_idle(w));
	wb_close(w);
}
END_TEST

/* A filter (f) reads the list as a search does, a short step at a time:
 * its one match lies past what a step walks, so Enter leaves the walk
 * pending and wb_idle finds it. A filter matching nothing is done at once:
 * its count of 0 says there is nothing to walk for. */
START_TEST(filter_goes_on_when_idle)
{
	char name[64], phone[32];

	ck_assert_int_eq(db_begin(d), DB_OK);
	for (int i = 0; i < 1500; i++) {
		snprintf(name, sizeof name, "%s%04d", i < 1200 ? "白云" : "陈", i);
		snprintf(phone, sizeof phone, "1380000%04d", i);
		add_customer(name, phone, 500);
	}
	ck_assert_int_eq(db_commit(d), DB_OK);
	wb *w = open_wb();
	wb_do(w, WB_A_CUSTOMERS);
	wb_do(w, WB_A_FILTER);
	keys(w, "phone=13800001400");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);
	ck_assert_int_eq(w->count, 1);
	ck_assert(w->list.pending);
	ck_assert_int_eq(w->list.n, 0);
	int steps = 0;
	while (w->list.pending) {
		ck_assert(wb_idle(w));
		ck_assert_int_lt(++steps, 100);
	}
	ck_assert_int_eq(w->list.n, 1);
	ck_assert_str_eq(w->list.rows[0].name, "陈1400");

	wb_do(w, WB_A_FILTER);
	for (int i = 0; i < 20; i++)
		key(w, WB_K_BACKSPACE);
	keys(w, "phone=13899999999");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);
	ck_assert_int_eq(w->count, 0);
	ck_assert(!w->list.pending);
	ck_assert_int_eq(w->list.n, 0);
	wb_close(w);
}
END_TEST

/* ---- logging ---- */

START_TEST(call_moves_the_queue_on_and_undo_restores)
{
	book(20);
	wb *w = open_wb();
	char first[UID_BUFSZ], next_call[11];

	wb_do(w, WB_A_PANE);
	ck_assert_uint_eq(w->td.in_queue, 20);
	snprintf(first, sizeof first, "%s", wb_selected_uid(w));
	const char *second = w->td.top.pick[1].uid;
	char second_uid[UID_BUFSZ];
	snprintf(second_uid, sizeof second_uid, "%s", second);

	wb_do(w, WB_A_CALL);
	ck_assert_int_eq(w->ask.kind, WB_ASK_CHOICE);
	keys(w, "z");                                  /* not a choice */
	ck_assert_int_eq(w->ask.kind, WB_ASK_CHOICE);
	keys(w, "e");
	ck_assert_int_eq(w->ask.kind, WB_ASK_LINE);
	keys(w, "谈了新品");
	key(w, WB_K_ENTER);
	keys(w, "2026-13-01");
	key(w, WB_K_ENTER);
	ck_assert_str_ne(w->ask.error, "");           /* refused inline */
	ck_assert_int_eq(count_of(DB_CALLS, first), 0);
	for (int i = 0; i < 10; i++)
		key(w, WB_K_BACKSPACE);
	keys(w, "+3");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);
	ck_assert_int_eq(count_of(DB_CALLS, first), 1);
	ck_assert_int_eq(w->td.top.plan.calls, 1);
	ck_assert_uint_eq(w->td.in_queue, 19);
	ck_assert_str_eq(wb_selected_uid(w), second_uid);   /* on to the next */
	db_customer *c = db_customer_load(d, first);
	ck_assert_str_eq(c->next_call, "2026-11-30");
	db_customer_free(c);

	undo_yes(w, "call");
	ck_assert_int_eq(count_of(DB_CALLS, first), 0);
	c = db_customer_load(d, first);
	snprintf(next_call, sizeof next_call, "%s", c->next_call);
	db_customer_free(c);
	ck_assert_str_eq(next_call, "");
	ck_assert_uint_eq(w->td.in_queue, 20);
	wb_do(w, WB_A_UNDO);                          /* nothing more to undo */
	ck_assert(!w->msg_error);
	wb_close(w);
}
END_TEST

START_TEST(bad_amount_is_refused_inline)
{
	book(5);
	wb *w = open_wb();
	char uid[UID_BUFSZ];

	snprintf(uid, sizeof uid, "%s", wb_selected_uid(w));
	wb_do(w, WB_A_ORDER);
	keys(w, "12abc");
	key(w, WB_K_ENTER);
	ck_assert_ptr_nonnull(strstr(w->ask.error, "12abc"));
	ck_assert_int_eq(w->ask.kind, WB_ASK_LINE);
	ck_assert_int_eq(count_of(DB_ORDERS, uid), 0);
	for (int i = 0; i < 3; i++)
		key(w, WB_K_BACKSPACE);
	keys(w, "万");
	key(w, WB_K_ENTER);                            /* 12万 */
	keys(w, "2026-12-05");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(count_of(DB_ORDERS, uid), 1);
	ck_assert_int_eq(w->td.top.plan.sales, 12000000);
	ck_assert_int_eq(w->td.top.plan.deals, 1);

	wb_do(w, WB_A_PAY);
	keys(w, "¥3,000");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(count_of(DB_PAYMENTS, uid), 1);
	ck_assert_int_eq(w->td.top.plan.collected, 300000);

	wb_do(w, WB_A_NOTE);
	key(w, WB_K_ENTER);                            /* empty: refused */
	ck_assert_str_ne(w->ask.error, "");
	keys(w, "老板下周回来");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(count_of(DB_NOTES, uid), 1);

	undo_yes(w, "note");
	ck_assert_int_eq(count_of(DB_NOTES, uid), 0);
	undo_yes(w, "payment");
	ck_assert_int_eq(count_of(DB_PAYMENTS, uid), 0);
	undo_yes(w, "order");
	ck_assert_int_eq(count_of(DB_ORDERS, uid), 0);
	ck_assert_int_eq(w->td.top.plan.sales, 0);
	wb_close(w);
}
END_TEST

/* ---- keeping the book ---- */

START_TEST(form_adds_flags_duplicates_and_validates)
{
	int64_t n;

	book(5);
	wb *w = open_wb();
	wb_do(w, WB_A_ADD);
	ck_assert_int_eq(w->ask.kind, WB_ASK_FORM);
	key(w, WB_K_ENTER);                            /* no name */
	ck_assert_str_ne(w->ask.error, "");
	keys(w, "白云客户0001");                       /* exists */
	key(w, WB_K_ENTER);
	ck_assert_ptr_nonnull(strstr(w->ask.error, "白云客户0001"));
	ck_assert(w->ask.confirm);
	key(w, WB_K_ESC);
	ck_assert_int_eq(db_customer_count(d, NULL, &n), DB_OK);
	ck_assert_int_eq(n, 5);

	wb_do(w, WB_A_ADD);
	keys(w, "番禺新客户");
	key(w, WB_K_TAB);
	keys(w, "李四");
	key(w, WB_K_TAB);
	keys(w, "13800000002");                        /* someone's phone */
	for (int i = 0; i < 5; i++)
		key(w, WB_K_TAB);                          /* to stores */
	keys(w, "many");
	key(w, WB_K_ENTER);
	ck_assert_ptr_nonnull(strstr(w->ask.error, "many"));   /* a bad number */
	for (int i = 0; i < 4; i++)
		key(w, WB_K_BACKSPACE);
	keys(w, "12");
	key(w, WB_K_BTAB);
	key(w, WB_K_UP);
	key(w, WB_K_DOWN);
	key(w, WB_K_ENTER);
	ck_assert_ptr_nonnull(strstr(w->ask.error, "13800000002"));
	key(w, WB_K_ENTER);                            /* save anyway */
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);
	ck_assert_int_eq(db_customer_count(d, NULL, &n), DB_OK);
	ck_assert_int_eq(n, 6);
	ck_assert_str_eq(selected_name(w), "番禺新客户");
	db_customer *c = db_customer_load(d, wb_selected_uid(w));
	ck_assert_str_eq(c->contact, "李四");
	ck_assert_int_eq(c->stores, 12);
	db_customer_free(c);

	/* Edit: change the phone, add an attribute. */
	wb_do(w, WB_A_EDIT);
	ck_assert_str_eq(w->ask.fields[0].line.text, "番禺新客户");
	key(w, WB_K_TAB);
	key(w, WB_K_TAB);
	for (int i = 0; i < 11; i++)
		key(w, WB_K_BACKSPACE);
	keys(w, "13900000000");
	key(w, WB_K_BTAB);
	key(w, WB_K_BTAB);
	key(w, WB_K_BTAB);                             /* wraps to attributes */
	keys(w, "性格=外向");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);
	c = db_customer_load(d, wb_selected_uid(w));
	ck_assert_str_eq(c->phone, "13900000000");
	ck_assert_uint_eq(c->nattrs, 1);
	ck_assert_str_eq(c->attrs[0].key, "性格");
	ck_assert_str_eq(c->attrs[0].value, "外向");
	db_customer_free(c);
	wb_close(w);
}
END_TEST

START_TEST(status_and_manual_tier)
{
	book(5);
	wb *w = open_wb();
	char uid[UID_BUFSZ];

	wb_do(w, WB_A_LAST);
	snprintf(uid, sizeof uid, "%s", wb_selected_uid(w));
	wb_do(w, WB_A_SET_TIER);
	keys(w, "s");
	db_customer *c = db_customer_load(d, uid);
	ck_assert_int_eq(c->tier_manual, TIER_S);
	db_customer_free(c);
	ck_assert_str_eq(wb_selected_uid(w), uid);     /* it moved up the list with it */
	wb_do(w, WB_A_SET_TIER);
	keys(w, "x");
	c = db_customer_load(d, uid);
	ck_assert_int_eq(c->tier_manual, TIER_NONE);
	db_customer_free(c);

	size_t before = w->td.in_queue;
	wb_do(w, WB_A_STATUS);
	keys(w, "d");
	c = db_customer_load(d, uid);
	ck_assert_str_eq(c->status, "do-not-call");
	db_customer_free(c);
	ck_assert_uint_eq(w->td.in_queue, before - 1);
	wb_close(w);
}
END_TEST

START_TEST(replan_from_the_plan_screen)
{
	book(40);
	wb *w = open_wb();

	wb_do(w, WB_A_REPLAN);                         /* only on the Plan screen */
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);
	ck_assert(w->msg_error);
	wb_do(w, WB_A_PLAN);
	ck_assert_int_gt(w->nlines, 0);
	wb_do(w, WB_A_REPLAN);
	keys(w, "40万");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);
	ck_assert(w->td.top.plan.has_plan);
	ck_assert_int_eq(w->td.top.plan.month_target, 40000000);
	int64_t a, t;
	int pace;
	wb_month(w, &a, &t, &pace);
	ck_assert_int_eq(t, 40000000);
	ck_assert_int_eq(pace, 0);
	/* The plan's lines show it. */
	bool found = false;
	for (int i = 0; i < w->nlines; i++)
		found |= strstr(w->lines[i], "400,000") != NULL;
	ck_assert(found);
	wb_close(w);
}
END_TEST

START_TEST(empty_book_says_how_to_begin)
{
	wb *w = open_wb();

	ck_assert(w->empty_book);
	ck_assert_ptr_nonnull(strstr(w->msg, "import"));
	ck_assert_ptr_null(wb_selected_uid(w));
	wb_do(w, WB_A_CALL);                           /* nobody to call */
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);
	wb_do(w, WB_A_DOWN);
	wb_do(w, WB_A_LAST);
	wb_do(w, WB_A_PAGE_UP);
	ck_assert_int_eq(w->list.n, 0);
	ck_assert(wb_do(w, WB_A_QUIT) & WB_REACT_QUIT);
	wb_close(w);
}
END_TEST

START_TEST(undo_asks_and_redo_does_again)
{
	book(5);
	wb *w = open_wb();
	char uid[UID_BUFSZ];

	snprintf(uid, sizeof uid, "%s", wb_selected_uid(w));
	wb_do(w, WB_A_NOTE);
	keys(w, "first");
	key(w, WB_K_ENTER);
	wb_do(w, WB_A_NOTE);
	keys(w, "second");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(count_of(DB_NOTES, uid), 2);

	/* Each step is named before it is undone; n keeps it. */
	wb_do(w, WB_A_UNDO);
	ck_assert_msg(strstr(w->ask.title, "second"), "%s", w->ask.title);
	keys(w, "n");
	ck_assert_int_eq(count_of(DB_NOTES, uid), 2);
	undo_yes(w, "second");
	undo_yes(w, "first");
	ck_assert_int_eq(count_of(DB_NOTES, uid), 0);
	wb_do(w, WB_A_UNDO);                           /* nothing more: no question */
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);

	/* Redo, in order; a new step drops what was left to redo. */
	wb_do(w, WB_A_REDO);
	ck_assert_int_eq(count_of(DB_NOTES, uid), 1);
	ck_assert_ptr_nonnull(strstr(w->msg, "note"));
	wb_do(w, WB_A_NOTE);
	keys(w, "third");
	key(w, WB_K_ENTER);
	wb_do(w, WB_A_REDO);
	ck_assert_int_eq(count_of(DB_NOTES, uid), 2);
	ck_assert_ptr_nonnull(strstr(w->msg, "Nothing to redo"));
	wb_close(w);
}
END_TEST

/* The text of the file's line LINE. */
static const char *file_line(const wb *w)
{
	return w->lines_hl >= 0 && w->lines_hl < w->nlines ? w->lines[w->lines_hl] : "";
}

START_TEST(file_entries_are_edited_and_deleted)
{
	book(5);
	wb *w = open_wb();
	char uid[UID_BUFSZ];

	wb_do(w, WB_A_CUSTOMERS);
	snprintf(uid, sizeof uid, "%s", wb_selected_uid(w));
	wb_do(w, WB_A_PAY);
	keys(w, "500");
	key(w, WB_K_ENTER);
	wb_do(w, WB_A_NOTE);
	keys(w, "typo");
	key(w, WB_K_ENTER);
	wb_do(w, WB_A_OPEN);
	ck_assert_int_eq(w->pane, WB_PANE_SIDE);

	/* The arrows select the history's entries, newest first. */
	wb_do(w, WB_A_DOWN);
	ck_assert_msg(strstr(file_line(w), "typo"), "hl %d of %d: %s", w->lines_hl, w->nlines, file_line(w));
	wb_do(w, WB_A_EDIT);                           /* the note's prompt, pre-filled */
	ck_assert_int_eq(w->ask.kind, WB_ASK_LINE);
	ck_assert_str_eq(w->ask.line.text, "typo");
	for (int i = 0; i < 4; i++)
		key(w, WB_K_BACKSPACE);
	keys(w, "fixed");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(count_of(DB_NOTES, uid), 1);
	ck_assert_ptr_nonnull(strstr(file_line(w), "fixed"));

	wb_do(w, WB_A_DOWN);
	ck_assert_ptr_nonnull(strstr(file_line(w), "500"));
	wb_do(w, WB_A_EDIT);
	ck_assert_str_eq(w->ask.line.text, "500");
	keys(w, "0");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(w->td.top.plan.collected, 500000);

	/* Delete asks; the deletion and the edits are undone in turn. */
	wb_do(w, WB_A_DELETE);
	ck_assert_int_eq(w->ask.kind, WB_ASK_CHOICE);
	keys(w, "y");
	ck_assert_int_eq(count_of(DB_PAYMENTS, uid), 0);
	ck_assert_int_eq(w->td.top.plan.collected, 0);
	undo_yes(w, "payment");
	ck_assert_int_eq(count_of(DB_PAYMENTS, uid), 1);
	ck_assert_int_eq(w->td.top.plan.collected, 500000);
	undo_yes(w, "payment");
	ck_assert_int_eq(w->td.top.plan.collected, 50000);
	undo_yes(w, "note");
	wb_do(w, WB_A_FIRST);
	wb_do(w, WB_A_DOWN);
	ck_assert_ptr_nonnull(strstr(file_line(w), "typo"));
	wb_close(w);
}
END_TEST

START_TEST(outlier_order_is_asked_once)
{
	book(5);
	wb *w = open_wb();
	char uid[UID_BUFSZ], amount[32];

	snprintf(uid, sizeof uid, "%s", wb_selected_uid(w));
	db_customer *c = db_customer_load(d, uid);
	ck_assert_int_gt(c->monthly_amount, 0);
	snprintf(amount, sizeof amount, "%lld", (long long)(c->monthly_amount / 100 * 10));
	db_customer_free(c);

	wb_do(w, WB_A_ORDER);
	keys(w, amount);
	key(w, WB_K_ENTER);                            /* ten times the month: asked */
	ck_assert_ptr_nonnull(strstr(w->ask.error, "10 times"));
	ck_assert_int_eq(count_of(DB_ORDERS, uid), 0);
	key(w, WB_K_ENTER);                            /* once: Enter again goes on */
	ck_assert_str_eq(w->ask.error, "");
	keys(w, "2026-11-01");                          /* before the order: refused */
	key(w, WB_K_ENTER);
	ck_assert_ptr_nonnull(strstr(w->ask.error, "before the order"));
	for (int i = 0; i < 10; i++)
		key(w, WB_K_BACKSPACE);
	key(w, WB_K_ENTER);
	ck_assert_int_eq(count_of(DB_ORDERS, uid), 1);

	wb_do(w, WB_A_ORDER);                          /* an ordinary amount: no question */
	keys(w, "100");
	key(w, WB_K_ENTER);
	ck_assert_str_eq(w->ask.error, "");
	key(w, WB_K_ENTER);
	ck_assert_int_eq(count_of(DB_ORDERS, uid), 2);
	wb_close(w);
}
END_TEST

/* ---- the queue narrowed from the whole queue's order ---- */

/* A and B are the same top: plan figures, queue size, entries in order. */
static void same_top(const today_top *a, const today_top *b, const char *what)
{
	ck_assert_msg(a->in_queue == b->in_queue, "%s: in queue %zu, read whole %zu", what, a->in_queue,
	              b->in_queue);
	ck_assert_msg(a->n == b->n, "%s: %zu entries, read whole %zu", what, a->n, b->n);
	ck_assert_int_eq(a->plan.calls, b->plan.calls);
	ck_assert_int_eq(a->plan.calls_target, b->plan.calls_target);
	ck_assert_int_eq(a->plan.deals, b->plan.deals);
	ck_assert_int_eq(a->plan.month_achieved, b->plan.month_achieved);
	ck_assert_uint_eq(a->plan.broken, b->plan.broken);
	ck_assert_int_eq(a->plan.broken_amount, b->plan.broken_amount);
	ck_assert_int_eq(a->plan.due_start, b->plan.due_start);
	ck_assert_int_eq(a->plan.due_next, b->plan.due_next);
	for (size_t i = 0; i < a->n; i++) {
		const today_pick *x = &a->pick[i], *y = &b->pick[i];
		ck_assert_msg(strcmp(x->uid, y->uid) == 0, "%s: entry %zu is %s, read whole %s", what, i,
		              x->name, y->name);
		ck_assert_str_eq(x->name, y->name);
		ck_assert_int_eq(x->score, y->score);
		ck_assert_int_eq(x->tier, y->tier);
		ck_assert_int_eq(x->cust.status, y->cust.status);
		ck_assert_int_eq(x->cust.achieved, y->cust.achieved);
		ck_assert_int_eq(x->cust.due, y->cust.due);
		ck_assert_int_eq(x->cust.next_call, y->cust.next_call);
		ck_assert_str_eq(x->cust.uid, x->uid);
	}
}

/* Narrowing from the kept order gives what reading the whole book narrowed
 * does (a slice of 7 at a time, the best 5): a filter whose customers are
 * at the bottom of the queue, one with a single customer, one with none,
 * one tied in score (ties go by uid), and the whole queue again. */
START_TEST(narrowed_from_the_order_as_read_whole)
{
	static const char *const filters[] = { "tier=D", "name~0007", "name~无此人", "name~天河",
	                                       "status=do-not-call", NULL };
	char err[512];
	today_top all, whole, narrowed;
	today_ranking rank;

	book(40);
	/* Some history, so that scores differ: calls with a next call, an
	 * order, one customer not to call. */
	wb *w = open_wb();
	const char *top = w->td.top.pick[0].uid;
	char first[UID_BUFSZ];
	snprintf(first, sizeof first, "%s", top);
	wb_close(w);
	db_customer c;
	custfield_init(&c);
	snprintf(c.uid, sizeof c.uid, "%s", first);
	c.status = "do-not-call";
	c.fields = DB_F_STATUS;
	int r;
	ck_assert_int_eq(db_customer_upsert(d, &c, &r), DB_OK);

	ck_assert_int_eq(today_top_load_ranked(d, &cal, day, 5, 7, NULL, &all, &rank, err, sizeof err),
	                 STATUS_OK);
	ck_assert_uint_eq(rank.n, 39);
	for (size_t i = 0; i <= sizeof filters / sizeof *filters - 1; i++) {
		where_clause wc;
		today_only only;
		const today_only *o = NULL;
		if (filters[i]) {
			ck_assert_msg(where_parse(filters[i], NULL, 0, &wc, err, sizeof err), "%s", err);
			db_filter f = { .include_inactive = true, .where = &wc, .nwhere = 1, .today = day };
			ck_assert_int_eq(today_only_read(d, &f, &only, err, sizeof err), STATUS_OK);
			o = &only;
		}
		ck_assert_int_eq(today_top_load_only(d, &cal, day, 5, 7, o, &whole, err, sizeof err),
		                 STATUS_OK);
		ck_assert_int_eq(today_top_narrow(d, &cal, 5, &rank, o, &narrowed, err, sizeof err),
		                 STATUS_OK);
		same_top(&narrowed, &whole, filters[i] ? filters[i] : "(whole queue)");
		if (!filters[i])
			same_top(&narrowed, &all, "(whole queue, as first read)");
		today_top_free(&whole);
		today_top_free(&narrowed);
		if (o)
			today_only_free(&only);
	}
	today_top_free(&all);
	today_ranking_free(&rank);
}
END_TEST

/* The workbench's narrowed queue is the one read whole, and a change to the
 * book since the queue was read is seen when it is narrowed again. */
/* The queue's filter set as typed on the queue (f, the filter, Enter). */
static void queue_filter(wb *w, const char *text)
{
	wb_do(w, WB_A_FILTER);
	ck_assert_int_eq(w->ask.kind, WB_ASK_LINE);
	for (int i = 0; i < 40; i++)
		key(w, WB_K_BACKSPACE);
	keys(w, text);
	key(w, WB_K_ENTER);
	ck_assert_int_eq(w->ask.kind, WB_ASK_NONE);
	ck_assert(!w->msg_error);
}

START_TEST(workbench_narrows_from_the_kept_order)
{
	book(30);
	wb *w = open_wb();
	size_t in_all = w->td.in_queue;

	wb_do(w, WB_A_PANE);                          /* f filters the queue */
	queue_filter(w, "tier=D");
	size_t in_d = w->td.in_queue;
	ck_assert_uint_gt(in_d, 0);
	ck_assert_uint_lt(in_d, in_all);
	size_t n = w->td.n;
	char (*shown)[UID_BUFSZ] = calloc(n + 1, sizeof *shown);
	for (size_t i = 0; i < n; i++)
		snprintf(shown[i], sizeof *shown, "%s", w->td.rows[i].uid);
	wb_reload(w);                                 /* the whole book, read narrowed */
	ck_assert_uint_eq(w->td.in_queue, in_d);
	ck_assert_uint_eq(w->td.n, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_str_eq(w->td.rows[i].uid, shown[i]);

	queue_filter(w, "");                          /* widened again: the whole queue */
	ck_assert_uint_eq(w->td.in_queue, in_all);

	/* Behind the workbench's back, a new customer comes in the filter:
	 * narrowing again reads the book anew. */
	add_customer("新来的客户", "13900000000", 500);
	queue_filter(w, "tier=D");
	ck_assert_uint_eq(w->td.in_queue, in_d + 1);
	bool seen = false;
	for (size_t i = 0; i < w->td.n; i++)
		seen |= strcmp(w->td.rows[i].name, "新来的客户") == 0;
	ck_assert(seen);
	/* And the first of the narrowed queue is not to be called any more. */
	queue_filter(w, "");
	db_customer c;
	custfield_init(&c);
	snprintf(c.uid, sizeof c.uid, "%s", shown[0]);
	c.status = "do-not-call";
	c.fields = DB_F_STATUS;
	int r;
	ck_assert_int_eq(db_customer_upsert(d, &c, &r), DB_OK);
	queue_filter(w, "tier=D");
	ck_assert_uint_eq(w->td.in_queue, in_d);
	for (size_t i = 0; i < w->td.n; i++)
		ck_assert_str_ne(w->td.rows[i].uid, shown[0]);
	free(shown);
	wb_close(w);
}
END_TEST

Suite *suite_workbench(void)
{
	Suite *s = suite_create("workbench");
	TCase *tc = tcase_create("line");
	tcase_add_test(tc, line_editor_works_by_character);
	tcase_add_test(tc, line_editor_holds_a_long_text_and_says_when_full);
	tcase_add_test(tc, line_editor_moves_by_cluster);
	suite_add_tcase(s, tc);
	tc = tcase_create("actions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, list_walks_every_row_both_ways);
	tcase_add_test(tc, filters_and_search);
	tcase_add_test(tc, filter_goes_on_when_idle);
	tcase_add_test(tc, search_goes_on_when_idle);
	tcase_add_test(tc, call_moves_the_queue_on_and_undo_restores);
	tcase_add_test(tc, bad_amount_is_refused_inline);
	tcase_add_test(tc, undo_asks_and_redo_does_again);
	tcase_add_test(tc, outlier_order_is_asked_once);
	tcase_add_test(tc, file_entries_are_edited_and_deleted);
	tcase_add_test(tc, form_adds_flags_duplicates_and_validates);
	tcase_add_test(tc, status_and_manual_tier);
	tcase_add_test(tc, replan_from_the_plan_screen);
	tcase_add_test(tc, empty_book_says_how_to_begin);
	tcase_add_test(tc, narrowed_from_the_order_as_read_whole);
	tcase_add_test(tc, workbench_narrows_from_the_kept_order);
	suite_add_tcase(s, tc);
	return s;
}
