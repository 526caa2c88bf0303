/* store: real database files in temporary directories. Opening, refusing
 * files that are not ours (byte for byte untouched), migrating with a
 * backup, upsert semantics, lookups, tiers, search (Chinese of any length,
 * phones, attributes) in both of its routes, keyset pages, activity, bulk
 * loads, busy handling, stamps, snapshots. White-box where a file has to be
 * made by hand: this suite may use the store's internal header. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "repdesk/bundlesig.h"
#include "repdesk/db/testing.h"
#include "suites.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/calendar.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/opps.h"
#include "repdesk/db/plan.h"
#include "repdesk/db/today.h"
#include "repdesk/db/team.h"
#include "repdesk/where.h"
#include "repdesk/valid.h"

/* ---- helpers ---- */

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	ck_assert_ptr_nonnull(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static db *open_ok(const char *path)
{
	char err[512];
	db *d = NULL;
	db_status st = db_open(path, DB_OPEN_CREATE, &d, err, sizeof err);

	ck_assert_msg(st == DB_OK, "open %s: %s", path, err);
	ck_assert_ptr_nonnull(d);
	return d;
}

static db *fresh(const char *name)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, name);
	db *d = open_ok(p);

	free(dir);
	free(p);
	return d;
}

static int pragma_value(db *d, const char *sql);

static db_customer cust(const char *name)
{
	db_customer c;

	memset(&c, 0, sizeof c);
	c.name = name;
	c.stores = c.rooms = c.monthly_amount = c.monthly_volume = c.payment_days = DB_NULL;
	c.tier_manual = c.tier_auto = TIER_NONE;
	return c;
}

static int put(db *d, db_customer *c)
{
	int result = -1;
	db_status st = db_customer_upsert(d, c, &result);

	ck_assert_msg(st == DB_OK, "upsert %s: %s", c->name ? c->name : c->uid, db_error(d));
	return result;
}

static void add(db *d, const char *name, const char *phone, char uid[UID_BUFSZ])
{
	db_customer c = cust(name);

	c.phone = phone;
	ck_assert_int_eq(put(d, &c), 1);
	if (uid)
		ck_assert_int_eq(db_customer_find(d, name, uid), DB_OK);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*len = n;
	return buf ? buf : malloc(1);
}

static void spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static bool exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Open must fail with WANT and leave the file exactly as it was, with no
 * journal files beside it. */
static void refused(const char *path, db_status want, const char *says)
{
	size_t n0, n1;
	unsigned char *before = slurp(path, &n0), *after;
	char err[512], side[4096];
	db *d = NULL;
	db_status st = db_open(path, DB_OPEN_CREATE, &d, err, sizeof err);

	ck_assert_msg(st == want, "%s: got %s (%s), want %s", path, db_status_text(st), err,
	              db_status_text(want));
	ck_assert_ptr_null(d);
	ck_assert_msg(strstr(err, says), "message '%s' lacks '%s'", err, says);
	after = slurp(path, &n1);
	ck_assert_uint_eq(n0, n1);
	ck_assert_msg(n0 == 0 || memcmp(before, after, n0) == 0, "%s changed", path);
	snprintf(side, sizeof side, "%s-wal", path);
	ck_assert_msg(!exists(side), "%s left behind", side);
	snprintf(side, sizeof side, "%s-shm", path);
	ck_assert_msg(!exists(side), "%s left behind", side);
	free(before);
	free(after);
}

/* Make a small book at PATH, closed, checkpointed into the file. */
static void make_book(const char *path, int customers)
{
	db *d = open_ok(path);
	char name[64];

	ck_assert_int_eq(db_begin(d), DB_OK);
	for (int i = 0; i < customers; i++) {
		snprintf(name, sizeof name, "客户%03d", i);
		add(d, name, "020-12345678", NULL);
	}
	ck_assert_int_eq(db_commit(d), DB_OK);
	db_close(d);
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Collected rows of a listing. */
typedef struct {
	int n;
	char uid[8192][UID_BUFSZ];
	char name[8192][64];
	tier t[8192];
	int64_t id[8192];
} rows;

static bool collect(const db_customer *c, void *ctx)
{
	rows *r = ctx;

	ck_assert_int_lt(r->n, 8192);
	snprintf(r->uid[r->n], UID_BUFSZ, "%s", c->uid);
	snprintf(r->name[r->n], sizeof r->name[0], "%s", c->name);
	r->t[r->n] = tier_effective(c->tier_manual, c->tier_auto);
	r->id[r->n] = c->id;
	r->n++;
	return true;
}

static rows *search(db *d, const char *text)
{
	static rows r;
	db_filter f = { .search = text, .include_inactive = true };

	r.n = 0;
	ck_assert_int_eq(db_customers_each(d, &f, collect, &r), DB_OK);
	return &r;
}

static bool found(db *d, const char *text, const char *name)
{
	rows *r = search(d, text);

	for (int i = 0; i < r->n; i++)
		if (strcmp(r->name[i], name) == 0)
			return true;
	return false;
}

/* Pages of F, LIMIT at a time, appended to OUT: from KEY on (FIRST: from the
 * start, or with BACK backward from the end, which lists the rows in
 * reverse), at most PAGES of them; KEY is left on the last row handed out. */
static void page_from(db *d, const db_filter *f, int limit, bool back, db_page_key *key,
                      bool first, int pages, rows *out)
{
	static rows pg;

	for (int p = 0; p < pages; p++) {
		pg.n = 0;
		if (back)
			ck_assert_int_eq(db_customer_page_before(d, f, first ? NULL : key, limit,
			                                         collect, &pg), DB_OK);
		else
			ck_assert_int_eq(db_customer_page(d, f, first ? NULL : key, limit, collect, &pg),
			                 DB_OK);
		ck_assert_int_le(pg.n, limit);
		for (int i = 0; i < pg.n; i++) {
			memcpy(out->uid[out->n], pg.uid[i], UID_BUFSZ);
			memcpy(out->name[out->n], pg.name[i], sizeof pg.name[0]);
			out->t[out->n] = pg.t[i];
			out->id[out->n] = pg.id[i];
			out->n++;
		}
		if (pg.n < limit)
			return;
		first = false;
		memset(key, 0, sizeof *key);
		key->id = pg.id[pg.n - 1];
		key->tier = pg.t[pg.n - 1];
		snprintf(key->uid, sizeof key->uid, "%s", pg.uid[pg.n - 1]);
		snprintf(key->name, sizeof key->name, "%s", pg.name[pg.n - 1]);
	}
}

/* Every page of F into OUT (see page_from). */
static void page_all(db *d, const db_filter *f, int limit, bool back, rows *out)
{
	db_page_key key;

	out->n = 0;
	page_from(d, f, limit, back, &key, true, INT_MAX, out);
}

/* Paging F forward and backward, LIMIT at a time, gives ALL (case K). */
static void pages_equal(db *d, const db_filter *f, int limit, const rows *all, size_t k)
{
	static rows paged;

	page_all(d, f, limit, false, &paged);
	ck_assert_msg(paged.n == all->n, "case %zu limit %d: %d paged, %d listed", k, limit,
	              paged.n, all->n);
	for (int i = 0; i < all->n; i++)
		ck_assert_str_eq(paged.uid[i], all->uid[i]);
	page_all(d, f, limit, true, &paged);
	ck_assert_msg(paged.n == all->n, "case %zu limit %d back: %d paged, %d listed", k, limit,
	              paged.n, all->n);
	for (int i = 0; i < all->n; i++)
		ck_assert_str_eq(paged.uid[i], all->uid[all->n - 1 - i]);
}

/* ---- opening ---- */

START_TEST(test_store_open_create_reopen)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "a/b/c/book.db");
	char dev[HLC_DEVICE_LEN + 1];
	db *d = open_ok(p);

	ck_assert_int_eq(db_schema_version(d), db_test_schema_version());
	ck_assert_uint_eq(strlen(db_device(d)), HLC_DEVICE_LEN);
	ck_assert_uint_eq(strspn(db_device(d), "0123456789abcdef"), HLC_DEVICE_LEN);
	snprintf(dev, sizeof dev, "%s", db_device(d));
	add(d, "广州天河宾馆", "13800138000", NULL);
	ck_assert(db_integrity_ok(d));
	db_close(d);

	d = open_ok(p);
	ck_assert_str_eq(db_device(d), dev);
	int64_t n = 0;
	ck_assert_int_eq(db_customer_count(d, NULL, &n), DB_OK);
	ck_assert_int_eq(n, 1);
	db_close(d);

	/* Without CREATE a missing file is an error, and stays missing. */
	char *q = path_in(dir, "missing.db");
	char err[256];
	ck_assert_int_eq(db_open(q, 0, &d, err, sizeof err), DB_NO_INPUT);
	ck_assert(!exists(q));
	free(q);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_store_refuses_what_is_not_ours)
{
	char *dir = test_tmpdir();
	char *p;
	size_t len;

	/* A 0-byte file is not turned into a book. */
	p = path_in(dir, "empty.db");
	spit(p, "", 0);
	refused(p, DB_NOTDB, "empty file");
	free(p);

	/* Text named .db. */
	p = path_in(dir, "text.db");
	const char *text = "name,phone\n张三,138\n";
	spit(p, text, strlen(text));
	refused(p, DB_NOTDB, "not a repdesk database");
	free(p);

	/* Our book, truncated. */
	p = path_in(dir, "short.db");
	make_book(p, 300);
	unsigned char *b = slurp(p, &len);
	ck_assert_uint_gt(len, 16384);
	spit(p, b, len / 2 + 100);
	refused(p, DB_CORRUPT, "damaged");
	free(b);
	free(p);

	/* Our book with a damaged page (the size is right, the content not). */
	p = path_in(dir, "damaged.db");
	make_book(p, 300);
	b = slurp(p, &len);
	for (size_t i = 4096 * 2; i < 4096 * 4 && i < len; i++)
		b[i] = (unsigned char)(i * 7);
	spit(p, b, len);
	refused(p, DB_CORRUPT, "damaged");
	free(b);
	free(p);

	/* Another program's SQLite file. */
	p = path_in(dir, "foreign.db");
	make_book(p, 1);
	b = slurp(p, &len);
	put_be32(b + 68, 0);
	spit(p, b, len);
	refused(p, DB_NOTDB, "another program");
	free(b);
	free(p);

	/* A book from a newer repdesk. */
	p = path_in(dir, "newer.db");
	make_book(p, 1);
	b = slurp(p, &len);
	put_be32(b + 60, db_test_schema_version() + 1);
	spit(p, b, len);
	refused(p, DB_TOO_NEW, "newer");
	free(b);
	free(p);

	/* A directory. */
	p = path_in(dir, "dir.db");
	ck_assert_int_eq(mkdir(p, 0700), 0);
	char err[256];
	db *d = NULL;
	ck_assert_int_eq(db_open(p, DB_OPEN_CREATE, &d, err, sizeof err), DB_NOTDB);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_store_readonly)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "book.db");
	char err[256];
	db *d = NULL;
	int r;

	make_book(p, 3);
	ck_assert_int_eq(db_open(p, DB_OPEN_READONLY, &d, err, sizeof err), DB_OK);
	int64_t n = 0;
	ck_assert_int_eq(db_customer_count(d, NULL, &n), DB_OK);
	ck_assert_int_eq(n, 3);
	ck_assert(found(d, "客户001", "客户001"));
	db_customer c = cust("new");
	ck_assert_int_ne(db_customer_upsert(d, &c, &r), DB_OK);
	db_close(d);
	/* Read-only never creates. */
	char *q = path_in(dir, "none.db");
	ck_assert_int_eq(db_open(q, DB_OPEN_READONLY | DB_OPEN_CREATE, &d, err, sizeof err), DB_NO_INPUT);
	ck_assert(!exists(q));
	free(q);
	free(p);
	free(dir);
}
END_TEST

/* A book made at schema VERSION, at PATH, written through SQL on a plain
 * connection (as that version's repdesk would have) until closed. */
static sqlite3 *old_book(const char *path, int version)
{
	char err[256];
	sqlite3 *h;

	ck_assert_int_eq(store_create(path, version, err, sizeof err), DB_OK);
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(store_search_register(h), SQLITE_OK);
	return h;
}

/* A bundle from a book made at any schema version a merge takes passes the
 * exact-schema check and the row checks; the same bundle with a value no
 * command accepts, or without a rep, is refused. */
START_TEST(test_store_bundle_versions)
{
	char *dir = test_tmpdir(), path[512];
	db_bundle_check c;
	db *signer = fresh("signer.db");   /* the rep's book, whose key signs */
	db *lead = fresh("lead.db");       /* merges every version's bundle */

	ck_assert_int_eq(db_book_init(lead, "Lead", "Leads"), DB_OK);

	for (int v = 4; v <= db_test_schema_version(); v++) {
		snprintf(path, sizeof path, "%s/v%d.bundle", dir, v);
		sqlite3 *h = old_book(path, v);
		const char *st = "'2026-11-27T09:00:00.000Z.000000.0a0b0c0d'";
		char sql[1024];
		snprintf(sql, sizeof sql,
		         "INSERT INTO groups(uid, rep_uid, name, updated_at) VALUES ('g', 'r', 'G', %s);"
		         "INSERT INTO reps(uid, rep_uid, name, group_uid, updated_at) "
		         "VALUES ('r', 'r', 'R', 'g', %s);"
		         "INSERT INTO customers(uid, rep_uid, name, updated_at) VALUES ('c', 'r', 'C', %s);"
		         "INSERT INTO orders(uid, rep_uid, customer_uid, date, amount, updated_at) "
		         "VALUES ('o', 'r', 'c', '2026-11-02', 1200, %s);", st, st, st, st);
		ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
		if (v >= 19) {   /* the book's holiday schedule travels from version 19 */
			snprintf(sql, sizeof sql, "INSERT INTO calendar(uid, rep_uid, day, kind, name, "
			         "updated_at) VALUES ('k', 'r', '2027-02-14', 'work', '调休', %s)", st);
			ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
		}
		if (v >= 17) {   /* choice lists travel from version 17 */
			snprintf(sql, sizeof sql, "INSERT INTO choices(uid, rep_uid, attr, list, updated_at) "
			         "VALUES ('h', 'r', '性格', '爽朗型,细致型', %s)", st);
			ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
		}
		db_bundle_judge(path, &c);
		ck_assert_int_eq(c.status, DB_NOTDB);           /* no rep yet */
		ck_assert_msg(strstr(c.err, "no rep"), "v%d: %s", v, c.err);
		ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO settings(key, value) VALUES ('rep_uid', 'r')",
		                              NULL, NULL, NULL), SQLITE_OK);
		db_bundle_judge(path, &c);
		ck_assert_int_eq(c.status, DB_NOTDB);           /* not signed */
		ck_assert_int_eq(bundlesig_sign(signer, path), DB_OK);
		db_bundle_judge(path, &c);
		ck_assert_msg(c.status == DB_OK, "v%d: %s", v, c.err);
		ck_assert_int_eq(c.version, v);
		ck_assert_int_eq(c.clamped, 0);
		/* Merged into a book of the current version: an older bundle lacks the
		 * tables that came later, and merges all the same. (The merge
		 * reads the file alone, as a bundle is: its log written into it.) */
		ck_assert_int_eq(sqlite3_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL),
		                 SQLITE_OK);
		db_merge_result r;
		ck_assert_msg(db_team_merge(lead, path, NULL, NULL, NULL, &r) == DB_OK, "v%d: %s", v,
		              db_error(lead));
		ck_assert_int_eq(r.version, v);
		ck_assert_int_eq(r.t[2].added + r.t[2].updated, v == 4);   /* the customer, once */
		char list[64];
		db_status got = db_choices_get(lead, "性格", list, sizeof list);
		if (v >= 17) {
			ck_assert_int_eq(got, DB_OK);
			ck_assert_str_eq(list, "爽朗型,细致型");
		} else {
			ck_assert_int_eq(got, DB_NOT_FOUND);
		}
		ck_assert_int_eq(pragma_value(lead, "SELECT count(*) FROM calendar WHERE uid = 'k' AND "
		                              "name = '调休'"), v >= 19);
		ck_assert_int_eq(sqlite3_exec(h, "UPDATE orders SET date = '2026-02-31'", NULL, NULL, NULL),
		                 SQLITE_OK);
		/* Signed again, as a modified program would: the value is still refused. */
		ck_assert_int_eq(bundlesig_sign(signer, path), DB_OK);
		db_bundle_judge(path, &c);
		ck_assert_int_eq(c.status, DB_NOTDB);
		ck_assert_msg(strstr(c.err, "table orders, row o: column date '2026-02-31'"), "v%d: %s",
		              v, c.err);
		sqlite3_close(h);
	}
	ck_assert(db_integrity_ok(lead));
	db_close(lead);
	db_close(signer);
	free(dir);
}
END_TEST

/* A bundle from before referred_by (version 15) whose stamps run far ahead,
 * changing a customer the lead changed too: it is read through the views
 * that clamp its stamps, its version wins the conflict and the lead's
 * losing one is kept whole, and the column the bundle lacks stays as the
 * lead's book has it. */
START_TEST(test_store_bundle_old_clamped_conflict)
{
	char *dir = test_tmpdir(), *path = path_in(dir, "v15.bundle");
	db *signer = fresh("signer15.db"), *lead = fresh("lead15.db");
	db_merge_result r;
	const char *base = "2026-11-27T09:00:00.000Z.000000.0a0b0c0d";
	char sql[1024];

	ck_assert_int_eq(db_book_init(lead, "Lead", "Leads"), DB_OK);
	sqlite3 *h = old_book(path, 15);
	snprintf(sql, sizeof sql,
	         "INSERT INTO settings(key, value) VALUES ('rep_uid', 'r');"
	         "INSERT INTO groups(uid, rep_uid, name, updated_at) VALUES ('g', 'r', 'G', '%s');"
	         "INSERT INTO reps(uid, rep_uid, name, group_uid, updated_at) VALUES ('r', 'r', 'R', 'g', '%s');"
	         "INSERT INTO customers(uid, rep_uid, name, phone, updated_at) VALUES ('c', 'r', 'C', '0', '%s');"
	         "PRAGMA wal_checkpoint(TRUNCATE);", base, base, base);
	ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(bundlesig_sign(signer, path), DB_OK);
	ck_assert_msg(db_team_merge(lead, path, NULL, NULL, NULL, &r) == DB_OK, "%s", db_error(lead));
	ck_assert_int_eq(r.t[2].added, 1);
	/* The lead changes the customer (and names its referrer)... */
	snprintf(sql, sizeof sql, "UPDATE customers SET phone = '1', referred_by = 'ref', base_at = '%s', "
	         "updated_at = '2026-11-28T09:00:00.000Z.000000.%s' WHERE uid = 'c'", base,
	         db_device(lead));
	ck_assert_int_eq(sqlite3_exec(db_test_handle(lead), sql, NULL, NULL, NULL), SQLITE_OK);
	/* ... and so does the rep, on a clock decades ahead. */
	snprintf(sql, sizeof sql, "UPDATE customers SET phone = '2', base_at = '%s', "
	         "updated_at = '2099-01-01T00:00:00.000Z.000000.0a0b0c0d' WHERE uid = 'c';"
	         "PRAGMA wal_checkpoint(TRUNCATE);", base);
	ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	ck_assert_int_eq(bundlesig_sign(signer, path), DB_OK);
	ck_assert_msg(db_team_merge(lead, path, NULL, NULL, NULL, &r) == DB_OK, "%s", db_error(lead));
	ck_assert_int_eq(r.version, 15);
	ck_assert_int_gt(r.clamped, 0);
	ck_assert_int_eq(r.t[2].updated, 1);
	ck_assert_int_eq(r.t[2].conflicts, 1);
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(lead), "SELECT phone, referred_by, "
	                                    "updated_at < '2099', (SELECT lost ->> '$.phone' || ' ' || "
	                                    "(lost ->> '$.referred_by') FROM conflicts) FROM customers "
	                                    "WHERE uid = 'c'", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), "2");      /* the rep's won */
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 1), "ref");    /* not in the bundle */
	ck_assert_int_eq(sqlite3_column_int(s, 2), 1);                       /* clamped */
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 3), "1 ref");  /* the lead's, kept */
	sqlite3_finalize(s);
	ck_assert(db_integrity_ok(lead));
	db_close(lead);
	db_close(signer);
	free(path);
	free(dir);
}
END_TEST

/* A book restored from a bundle (the snapshot leaves the signing key out)
 * gets a key of its own on first use, and its bundles are signed. */
START_TEST(test_store_key_restored_book)
{
	char *dir = test_tmpdir(), *book = path_in(dir, "a.db"), *bundle = path_in(dir, "a.bundle");
	char *again = path_in(dir, "b.bundle"), fpr[BUNDLESIG_FPR_BUFSZ], fpr2[BUNDLESIG_FPR_BUFSZ];
	db_bundle_check c;
	db *d = open_ok(book);

	ck_assert_int_eq(db_book_init(d, "A", "G"), DB_OK);
	ck_assert_int_eq(bundlesig_own_fingerprint(d, fpr), DB_OK);
	ck_assert_int_eq(db_snapshot(d, bundle), DB_OK);
	db_close(d);
	d = open_ok(bundle);
	ck_assert_int_eq(bundlesig_own_fingerprint(d, fpr2), DB_OK);
	ck_assert(strncmp(fpr2, "SHA256:", 7) == 0);
	ck_assert_str_ne(fpr, fpr2);
	ck_assert_int_eq(db_snapshot(d, again), DB_OK);
	db_close(d);
	db_bundle_judge(again, &c);
	ck_assert_msg(c.status == DB_OK, "%s", c.err);
	free(again);
	free(bundle);
	free(book);
	free(dir);
}
END_TEST

static int pragma_value(db *d, const char *sql)
{
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), sql, -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	int v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* A run of team merges clears deleted content only where it costs no
 * writes (secure_delete FAST, when SQLite's default is ON), and leaves its
 * checkpoints to a helper thread; the book's settings are back once the
 * run is over. When the helper cannot open the book (it was renamed while
 * open), the book's connection checkpoints, less often. */
START_TEST(test_store_team_run_settings)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "run.db"), *moved = path_in(dir, "run2.db");
	db *d = open_ok(p);
	int before = pragma_value(d, "PRAGMA secure_delete");

	ck_assert_int_eq(pragma_value(d, "PRAGMA wal_autocheckpoint"), 1000);
	db_team_run(d, 3);
	ck_assert_int_eq(pragma_value(d, "PRAGMA secure_delete"), before == 1 ? 2 : before);
	ck_assert_ptr_nonnull(db_test_ckpt(d));
	ck_assert_int_eq(pragma_value(d, "PRAGMA wal_autocheckpoint"), 0);   /* not SQLite's */
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(db_begin(d), DB_OK);
		for (int k = 0; k < 200; k++) {
			char name[32];
			snprintf(name, sizeof name, "run %d-%d", i, k);
			add(d, name, "13800000000", NULL);
		}
		ck_assert_int_eq(db_commit(d), DB_OK);
	}
	db_team_run(d, 2);
	ck_assert_int_eq(pragma_value(d, "PRAGMA secure_delete"), before == 1 ? 2 : before);
	db_team_run(d, 1);
	ck_assert_int_eq(pragma_value(d, "PRAGMA secure_delete"), before);
	ck_assert_ptr_null(db_test_ckpt(d));
	ck_assert_int_ge(db_test_ckpt_runs(d), 1);
	ck_assert_int_eq(pragma_value(d, "PRAGMA wal_autocheckpoint"), 1000);
	ck_assert(found(d, "run 2-199", "run 2-199"));
	ck_assert(db_integrity_ok(d));
	db_team_run(d, 5);
	ck_assert_int_eq(db_team_finish(d), DB_OK);
	ck_assert_int_eq(pragma_value(d, "PRAGMA secure_delete"), before);
	ck_assert_int_eq(pragma_value(d, "PRAGMA wal_autocheckpoint"), 1000);

	ck_assert_int_eq(rename(p, moved), 0);
	db_team_run(d, 4);
	ck_assert_ptr_null(db_test_ckpt(d));
	ck_assert_int_eq(pragma_value(d, "PRAGMA wal_autocheckpoint"), 16384);
	ck_assert_int_eq(db_team_finish(d), DB_OK);
	ck_assert_int_eq(pragma_value(d, "PRAGMA wal_autocheckpoint"), 1000);
	db_close(d);
	free(p);
	free(moved);
	free(dir);
}
END_TEST

/* A book left as a team run leaves it: the search index's triggers and the
 * list indexes gone, customers written meanwhile not indexed. */
static void defer_like_a_run(db *d, int customers)
{
	char name[64], phone[32];

	ck_assert_int_eq(sqlite3_exec(db_test_handle(d), "DROP TRIGGER customers_fts_ai; DROP TRIGGER "
	                              "customers_fts_ad; DROP TRIGGER customers_fts_au; DROP INDEX "
	                              "customers_list; DROP INDEX customers_name; INSERT INTO "
	                              "settings(key, value) VALUES ('team_deferred', '1')",
	                              NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(db_begin(d), DB_OK);
	for (int i = 0; i < customers; i++) {
		snprintf(name, sizeof name, "%s%s%d号店", i % 3 ? "番禺" : "天河", i % 2 ? "丽江" : "KTV",
		         i);
		snprintf(phone, sizeof phone, "1390000%04d", i);
		add(d, name, phone, NULL);
	}
	ck_assert_int_eq(db_commit(d), DB_OK);
	ck_assert(!found(d, "丽江1号", "番禺丽江1号店"));
}

/* What searches for the test's customers find, as one text. */
static void search_all(db *d, char *out, size_t outsz)
{
	static const char *const q[] = { "丽江", "天河KTV", "KTV", "9号店", "13900000017", "0001",
	                                 "番", "号", "T" };
	size_t n = 0;

	for (size_t k = 0; k < sizeof q / sizeof *q; k++) {
		rows *r = search(d, q[k]);
		n += (size_t)snprintf(out + n, outsz - n, "%s:%d;", q[k], r->n);
		ck_assert_uint_lt(n, outsz);
	}
}

/* Finish D's run with the search index built as HOW says; BUILDS: whether
 * it was built on the side. OUT gets what the searches then find. */
static void finish_as(db *d, int how, long builds, char *out, size_t outsz)
{
	db_test_set_fts_side(d, how);
	ck_assert_int_eq(db_team_finish(d), DB_OK);
	ck_assert_int_eq(db_test_fts_side_builds(d), builds);
	ck_assert(db_integrity_ok(d));
	search_all(d, out, outsz);
}

/* The end of a team run builds the search index in a helper thread while
 * the list indexes are built, and copies it in: the index then answers
 * exactly as one rebuilt in place, agrees with every customer, and is kept
 * up by its triggers again. When the helper cannot read the book (it was
 * renamed while open), the index is rebuilt in place. */
START_TEST(test_store_team_finish_side)
{
	char *dir = test_tmpdir();
	char *pa = path_in(dir, "side.db"), *pb = path_in(dir, "place.db"),
	     *pc = path_in(dir, "moved.db"), *pc2 = path_in(dir, "moved2.db");
	char in_place[2048], beside[2048], moved[2048];
	db *a = open_ok(pa), *b = open_ok(pb), *c = open_ok(pc);

	defer_like_a_run(a, 300);
	defer_like_a_run(b, 300);
	defer_like_a_run(c, 300);
	finish_as(b, DB_TEST_FTS_SIDE_NEVER, 0, in_place, sizeof in_place);
	finish_as(a, DB_TEST_FTS_SIDE_ALWAYS, 1, beside, sizeof beside);
	ck_assert_str_eq(beside, in_place);
	ck_assert(found(a, "丽江1号", "番禺丽江1号店"));
	ck_assert_int_eq(pragma_value(a, "SELECT count(*) FROM sqlite_schema WHERE name IN "
	                              "('customers_list', 'customers_name', 'customers_fts_ai', "
	                              "'customers_fts_ad', 'customers_fts_au')"), 5);
	ck_assert_int_eq(pragma_value(a, "SELECT count(*) FROM settings WHERE key = "
	                              "'team_deferred'"), 0);
	/* Nothing of the side is left attached. */
	ck_assert_int_eq(pragma_value(a, "SELECT count(*) FROM pragma_database_list"), 2);
	add(a, "白云新开1号店", "13911112222", NULL);
	ck_assert(found(a, "白云新开", "白云新开1号店"));
	db_customer ren = cust("番禺丽江1号店");
	char uid[UID_BUFSZ];
	ck_assert_int_eq(db_customer_find(a, "番禺丽江1号店", uid), DB_OK);
	memcpy(ren.uid, uid, sizeof ren.uid);
	ren.name = "黄埔港1号店";
	ren.phone = "13900000001";
	ck_assert_int_eq(put(a, &ren), 2);   /* updated */
	ck_assert(found(a, "黄埔港", "黄埔港1号店"));
	ck_assert(!found(a, "丽江1号", "番禺丽江1号店"));
	ck_assert(db_integrity_ok(a));
	db_close(a);

	ck_assert_int_eq(rename(pc, pc2), 0);
	finish_as(c, DB_TEST_FTS_SIDE_ALWAYS, 0, moved, sizeof moved);
	ck_assert_str_eq(moved, in_place);
	db_close(c);
	db_close(b);
	free(pa), free(pb), free(pc), free(pc2);
	free(dir);
}
END_TEST

/* A new book is made with 8 KiB pages; a book made with other pages keeps
 * them. */
START_TEST(test_store_page_size)
{
	db *d = fresh("pages.db");
	ck_assert_int_eq(pragma_value(d, "PRAGMA page_size"), 8192);
	db_close(d);

	char *dir = test_tmpdir();
	char *p = path_in(dir, "small.db");
	sqlite3 *h = old_book(p, 1);
	ck_assert_int_eq(sqlite3_exec(h, "PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; "
	                              "VACUUM; PRAGMA journal_mode = WAL", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	d = open_ok(p);
	ck_assert_int_eq(pragma_value(d, "PRAGMA page_size"), 4096);
	ck_assert_int_eq(db_schema_version(d), db_test_schema_version());
	db_close(d);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_store_migration_backs_up)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "old.db");
	char *bak = path_in(dir, "old.db.bak-v1");
	size_t len;

	/* A customer written by the old version. */
	sqlite3 *h = old_book(p, 1);
	ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO customers(uid, name, updated_at) "
	                              "VALUES ('u-1', '番禺丽江酒店', 'x')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);

	db *d = open_ok(p);
	ck_assert_int_eq(db_schema_version(d), db_test_schema_version());
	ck_assert(found(d, "丽江", "番禺丽江酒店"));   /* indexed by the migration */
	ck_assert(db_integrity_ok(d));
	db_close(d);

	unsigned char *b = slurp(bak, &len);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_gt(len, 100);
	ck_assert_mem_eq(b, "SQLite format 3", 16);
	ck_assert_uint_eq((unsigned)b[63], 1);     /* user_version 1 */
	free(b);

	/* Opening again migrates nothing and backs up nothing more. */
	unlink(bak);
	d = open_ok(p);
	db_close(d);
	ck_assert(!exists(bak));
	free(bak);
	free(p);
	free(dir);
}
END_TEST

/* Every column of every customer, as SQL literals, in id order. */
static char *customers_dump(sqlite3 *h)
{
	sqlite3_stmt *s;
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);

	ck_assert_ptr_nonnull(out);
	out[0] = '\0';
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT quote(id) || ',' || quote(uid) || ',' || "
	                                    "quote(rep_uid) || ',' || quote(name) || ',' || quote(contact) "
	                                    "|| ',' || quote(phone) || ',' || quote(city) || ',' || "
	                                    "quote(district) || ',' || quote(type) || ',' || "
	                                    "quote(industry) || ',' || quote(stores) || ',' || "
	                                    "quote(rooms) || ',' || quote(monthly_amount) || ',' || "
	                                    "quote(monthly_volume) || ',' || quote(tier) || ',' || "
	                                    "quote(tier_auto) || ',' || quote(tier_eff) || ',' || "
	                                    "quote(priority) || ',' || quote(source) || ',' || "
	                                    "quote(next_call) || ',' || quote(notes) || ',' || "
	                                    "quote(status) || ',' || quote(attrs) || ',' || "
	                                    "quote(updated_at) || ',' || quote(deleted) || ',' || "
	                                    "quote(base_at) FROM customers ORDER BY id", -1, &s, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *row = (const char *)sqlite3_column_text(s, 0);
		size_t n = strlen(row);
		while (len + n + 2 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			ck_assert_ptr_nonnull(out);
		}
		memcpy(out + len, row, n);
		len += n;
		out[len++] = '\n';
		out[len] = '\0';
	}
	sqlite3_finalize(s);
	return out;
}

/* Version 9 rebuilds the customers table with the columns whole-book
 * readers take first: every value, id and reference survives, the search
 * index still answers and follows edits, and foreign keys are enforced
 * again afterwards. */
START_TEST(test_store_migration_v9_keeps_customers)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "v8.db");
	sqlite3 *h = old_book(p, 8);

	ck_assert_int_eq(sqlite3_exec(h,
		"INSERT INTO customers(uid, rep_uid, name, contact, phone, city, district, type, "
		"industry, stores, rooms, monthly_amount, monthly_volume, tier, tier_auto, priority, "
		"source, next_call, notes, status, attrs, updated_at, deleted, base_at) VALUES "
		"('u-1', 'r-1', '番禺丽江酒店', '陈经理', '138-0013 8000', '广州', '番禺', '酒店', "
		" '住宿', 3, 120, 450000, 900, 'S', 'B', 'key', '展会', '2026-12-01', '老客户\n两行', "
		" 'active', '{\"等级\":\"金\"}', '2026-11-01T08:00:00.000Z.000000.0000abcd', 0, 'b-1'),"
		"('u-2', '', '白云商贸', '', '', '', '', '', '', NULL, NULL, NULL, NULL, NULL, 'D', '', "
		" '', NULL, '', 'lost', '{}', 'x', 1, ''),"
		"('u-3', '', 'Gamma Trading', 'Li', '020-1234', '', '', '', '', 0, 0, 0, 0, NULL, 'C', "
		" 'small', '', NULL, '', 'prospect', '{}', 'y', 0, '');"
		"INSERT INTO calls(uid, customer_uid, date, outcome, updated_at) VALUES "
		"('k-1', 'u-1', '2026-11-05', 'effective', 'x');",
		NULL, NULL, NULL), SQLITE_OK);
	char *before = customers_dump(h);
	sqlite3_close(h);

	db *d = open_ok(p);
	ck_assert_int_eq(db_schema_version(d), db_test_schema_version());
	char *after = customers_dump(db_test_handle(d));
	ck_assert_str_eq(after, before);
	/* The columns a scan reads lead the record. */
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), "SELECT group_concat(name, ' ') FROM "
	                                    "(SELECT name FROM pragma_table_info('customers') "
	                                    "ORDER BY cid LIMIT 4)", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), "id uid deleted status");
	sqlite3_finalize(s);
	ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), "PRAGMA foreign_key_check", -1, &s, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	ck_assert(found(d, "丽江", "番禺丽江酒店"));
	ck_assert(found(d, "13800138000", "番禺丽江酒店"));
	ck_assert(found(d, "金", "番禺丽江酒店"));
	ck_assert(!found(d, "白云", "白云商贸"));     /* deleted */
	/* The search triggers came back with the table. */
	ck_assert_int_eq(sqlite3_exec(db_test_handle(d), "UPDATE customers SET name = '番禺锦绣酒店' "
	                              "WHERE uid = 'u-1'", NULL, NULL, NULL), SQLITE_OK);
	ck_assert(found(d, "锦绣", "番禺锦绣酒店"));
	ck_assert(!found(d, "丽江", "番禺丽江酒店"));
	/* References are checked again. */
	ck_assert_int_eq(sqlite3_exec(db_test_handle(d), "INSERT INTO calls(uid, customer_uid, date, outcome, "
	                              "updated_at) VALUES ('k-2', 'nobody', '2026-11-06', 'busy', 'x')",
	                              NULL, NULL, NULL), SQLITE_CONSTRAINT_FOREIGNKEY);
	ck_assert(db_integrity_ok(d));
	db_close(d);
	free(before);
	free(after);
	free(p);
	free(dir);
}
END_TEST

/* Version 10: a book of version 9 gains the tables of signing keys and
 * pinned keys, with no key yet (a migration draws no randomness); its
 * first bundle makes the key, and is signed with it; a flipped value in the
 * bundle's rows no longer passes the judge. */
START_TEST(test_store_migration_v10_signing)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "v9.db"), *snap = path_in(dir, "v9.bundle");
	sqlite3 *h = old_book(p, 9);
	sqlite3_close(h);

	db *d = open_ok(p);
	ck_assert_int_eq(db_schema_version(d), db_test_schema_version());
	ck_assert_int_eq(pragma_value(d, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
	                              "AND name IN ('signing_key', 'team_keys')"), 2);
	ck_assert_int_eq(pragma_value(d, "SELECT count(*) FROM signing_key"), 0);
	ck_assert_int_eq(db_book_init(d, "张三", "一组"), DB_OK);
	ck_assert_int_eq(pragma_value(d, "SELECT count(*) FROM signing_key"), 1);
	ck_assert_int_eq(db_snapshot(d, snap), DB_OK);
	db_close(d);

	db_bundle_check j;
	db_bundle_judge(snap, &j);
	ck_assert_msg(j.status == DB_OK, "%s", j.err);
	ck_assert_str_eq(j.rep, "张三");
	/* A row changed behind the signature's back. */
	ck_assert_int_eq(sqlite3_open(snap, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "UPDATE reps SET name = '李四'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	db_bundle_judge(snap, &j);
	ck_assert_int_eq(j.status, DB_CORRUPT);
	ck_assert_msg(strstr(j.err, "the signature does not match its content"), "%s", j.err);
	free(snap);
	free(p);
	free(dir);
}
END_TEST


/* Version 17: the choice lists a book kept as settings become synced rows
 * of its rep, each list exactly as it was, with a uid and the migration's
 * stamp; the settings keep nothing of them, and other settings stay. A
 * later change is a newer version of the same row. */
START_TEST(test_store_migration_v17_choices)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "v16.db");
	sqlite3 *h = old_book(p, 16);

	ck_assert_int_eq(sqlite3_exec(h,
		"INSERT INTO settings(key, value) VALUES ('rep_uid', 'r-1'),"
		"('choices:性格', '爽朗型,细致型,节奏快速型,爱表现型'), ('choices:地段', '好,一般,差'),"
		"('choices:two words', 'a b,c'), ('choicesx', 'not a list'), ('choices', 'nor this'),"
		"('clock', '2026-11-01T08:00:00.000Z.000000.0000abcd');",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);

	db *d = open_ok(p);
	ck_assert_int_eq(db_schema_version(d), db_test_schema_version());
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), "SELECT attr, list, rep_uid, uid, "
	                                    "updated_at, deleted, base_at, (SELECT value FROM settings "
	                                    "WHERE key = 'device'), (SELECT value FROM settings WHERE "
	                                    "key = 'clock') FROM choices ORDER BY id", -1, &s, NULL),
	                 SQLITE_OK);
	static const char *const want[][2] = {
		{ "two words", "a b,c" }, { "地段", "好,一般,差" },
		{ "性格", "爽朗型,细致型,节奏快速型,爱表现型" },
	};
	char stamp[64] = "", uids[3][64];
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
		ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), want[i][0]);
		ck_assert_str_eq((const char *)sqlite3_column_text(s, 1), want[i][1]);
		ck_assert_str_eq((const char *)sqlite3_column_text(s, 2), "r-1");
		snprintf(uids[i], sizeof uids[i], "%s", (const char *)sqlite3_column_text(s, 3));
		ck_assert_ptr_null(valid_uid(uids[i]));
		for (int j = 0; j < i; j++)
			ck_assert_str_ne(uids[i], uids[j]);
		const char *at = (const char *)sqlite3_column_text(s, 4);
		ck_assert_ptr_null(valid_stamp(at));
		if (i)
			ck_assert_str_eq(at, stamp);            /* one stamp for the move */
		snprintf(stamp, sizeof stamp, "%s", at);
		ck_assert_str_gt(at, "2026-11-01T08:00:00.000Z.000000.0000abcd");
		ck_assert_str_eq(at + strlen(at) - 8, (const char *)sqlite3_column_text(s, 7));
		ck_assert_str_eq((const char *)sqlite3_column_text(s, 8), at);   /* the clock moved */
		ck_assert_int_eq(sqlite3_column_int(s, 5), 0);
		ck_assert_str_eq((const char *)sqlite3_column_text(s, 6), "");
	}
	ck_assert_int_eq(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	ck_assert_int_eq(pragma_value(d, "SELECT count(*) FROM settings WHERE key LIKE 'choices%'"), 2);
	char buf[256];
	ck_assert_int_eq(db_setting_get(d, "choicesx", buf, sizeof buf), DB_OK);
	ck_assert_str_eq(buf, "not a list");
	ck_assert_int_eq(db_choices_get(d, "性格", buf, sizeof buf), DB_OK);
	ck_assert_str_eq(buf, "爽朗型,细致型,节奏快速型,爱表现型");
	/* A change afterwards: a newer version of the same row, based on the
	 * migrated one. */
	ck_assert_int_eq(db_choices_set(d, "地段", "好,差"), DB_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db_test_handle(d), "SELECT uid, list, updated_at > base_at, "
	                                    "base_at FROM choices WHERE attr = '地段'", -1, &s, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), uids[1]);
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 1), "好,差");
	ck_assert_int_eq(sqlite3_column_int(s, 2), 1);
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 3), stamp);
	sqlite3_finalize(s);
	ck_assert(db_integrity_ok(d));
	db_close(d);
	free(p);
	free(dir);
}
END_TEST

/* A process killed in the middle of a migration leaves the old version,
 * and the next open runs the migration again. */
/* The book's holiday schedule: a year goes by the book's own rep's days
 * when it has any, else day by day by the newest set by another rep; a
 * cleared day leaves a tombstone; an import's year replaces the own days
 * it lacks, and a day written as it is changes nothing. */
typedef struct {
	char text[1024];
	size_t n;
} cal_seen;

static bool cal_take(const db_calendar_day *day, const char *rep, void *ctx)
{
	cal_seen *c = ctx;
	char date[DATE_BUFSZ];
	size_t at = strlen(c->text);
	snprintf(c->text + at, sizeof c->text - at, "%s%s %s %s %s", c->n++ ? "; " : "",
	         date_format(day->day, date), day->work ? "work" : "off", day->name, rep[0] ? rep : "-");
	return true;
}

static const char *cal_list(db *d)
{
	static cal_seen c;
	memset(&c, 0, sizeof c);
	ck_assert_int_eq(db_calendar_each(d, cal_take, &c), DB_OK);
	return c.text;
}

static date_day DAY(const char *s)
{
	date_day d;
	ck_assert(date_parse(s, &d));
	return d;
}

START_TEST(test_store_calendar_days)
{
	db *d = fresh("calendar.db");
	long changed;

	ck_assert_int_eq(db_book_init(d, "张三", "一组"), DB_OK);
	db_calendar_day days[] = { { DAY("2027-02-06"), false, "春节" }, { DAY("2027-02-14"), true, "调休" } };
	ck_assert_int_eq(db_calendar_write(d, days, 2, NULL, 0, 0, 0, &changed), DB_OK);
	ck_assert_int_eq(changed, 2);
	ck_assert_int_eq(db_calendar_write(d, days, 2, NULL, 0, 0, 0, &changed), DB_OK);
	ck_assert_int_eq(changed, 0);     /* as it is: no new stamp */
	/* Another rep's days: 2027 stays the book's own; 2028 is the other's,
	 * the newest of a day first. */
	ck_assert_int_eq(sqlite3_exec(db_test_handle(d),
		"INSERT INTO reps(uid, rep_uid, name, updated_at) VALUES ('o', 'o', '李四', "
		"'2026-11-27T09:00:00.000Z.000000.0a0b0c0d');"
		"INSERT INTO calendar(uid, rep_uid, day, kind, name, updated_at) VALUES "
		"('x1', 'o', '2027-03-01', 'off', 'X', '2026-11-27T09:00:00.000Z.000000.0a0b0c0d'),"
		"('x2', 'o', '2028-01-01', 'off', '旧', '2026-11-27T09:00:00.000Z.000000.0a0b0c0d'),"
		"('x3', 'o', '2028-01-01', 'off', '元旦', '2026-11-28T09:00:00.000Z.000000.0a0b0c0d'),"
		"('x4', 'o', '2028-01-02', 'work', '补班', '2026-11-27T09:00:00.000Z.000000.0a0b0c0d')",
		NULL, NULL, NULL), SQLITE_OK);
	ck_assert_str_eq(cal_list(d), "2027-02-06 off 春节 -; 2027-02-14 work 调休 -; "
	                 "2028-01-01 off 元旦 李四; 2028-01-02 work 补班 李四");
	/* Cleared: a tombstone; another rep's day stays. */
	int clear[] = { DAY("2027-02-14"), DAY("2028-01-02") };
	ck_assert_int_eq(db_calendar_write(d, NULL, 0, clear, 2, 0, 0, &changed), DB_OK);
	ck_assert_int_eq(changed, 1);
	ck_assert_str_eq(cal_list(d), "2027-02-06 off 春节 -; 2028-01-01 off 元旦 李四; "
	                 "2028-01-02 work 补班 李四");
	ck_assert_int_eq(pragma_value(d, "SELECT deleted FROM calendar WHERE day = '2027-02-14'"), 1);
	/* Set again: the same row made live. */
	ck_assert_int_eq(db_calendar_write(d, days + 1, 1, NULL, 0, 0, 0, &changed), DB_OK);
	ck_assert_int_eq(pragma_value(d, "SELECT count(*) FROM calendar WHERE day = '2027-02-14'"), 1);
	/* An import of 2027 with one day: the other own day of 2027 cleared. */
	db_calendar_day one[] = { { DAY("2027-10-01"), false, "国庆节" } };
	ck_assert_int_eq(db_calendar_write(d, one, 1, NULL, 0, 2027, 2027, &changed), DB_OK);
	ck_assert_int_eq(changed, 3);
	ck_assert_str_eq(cal_list(d), "2027-10-01 off 国庆节 -; 2028-01-01 off 元旦 李四; "
	                 "2028-01-02 work 补班 李四");
	/* A name the book cannot keep is refused; nothing written. */
	db_calendar_day bad[] = { { DAY("2027-05-01"), false, "劳动 #节" } };
	ck_assert_int_eq(db_calendar_write(d, bad, 1, NULL, 0, 0, 0, &changed), DB_INVALID);
	ck_assert_int_eq(pragma_value(d, "SELECT count(*) FROM calendar WHERE day = '2027-05-01'"), 0);
	db_close(d);
}
END_TEST

START_TEST(test_store_migration_killed_reruns)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "old.db");
	char err[256];

	ck_assert_int_eq(store_create(p, 1, err, sizeof err), DB_OK);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		sqlite3 *h;
		if (sqlite3_open(p, &h) != SQLITE_OK || store_search_register(h) != SQLITE_OK)
			_exit(2);
		sqlite3_exec(h, "BEGIN IMMEDIATE;"
		             "CREATE VIRTUAL TABLE customers_fts USING fts5(name, tokenize = 'repdesk');"
		             "INSERT INTO customers(uid, name, updated_at) VALUES ('u', 'n', 'x');",
		             NULL, NULL, NULL);
		kill(getpid(), SIGKILL);
		_exit(3);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));

	db *d = open_ok(p);
	ck_assert_int_eq(db_schema_version(d), db_test_schema_version());
	int64_t n = -1;
	ck_assert_int_eq(db_customer_count(d, NULL, &n), DB_OK);
	ck_assert_int_eq(n, 0);
	ck_assert(db_integrity_ok(d));
	db_close(d);
	free(p);
	free(dir);
}
END_TEST

/* ---- customers ---- */

START_TEST(test_store_upsert_semantics)
{
	db *d = fresh("book.db");
	db_customer c = cust("白云商贸有限公司");
	char uid[UID_BUFSZ], stamp[HLC_STAMP_BUFSZ];
	int r;

	c.contact = "李四";
	c.phone = "13900001111";
	c.monthly_amount = 750000;
	ck_assert_int_eq(put(d, &c), 1);
	ck_assert_int_eq(db_customer_find(d, "白云商贸有限公司", uid), DB_OK);
	ck_assert_uint_eq(strlen(uid), UID_LEN);

	db_customer *got = db_customer_load(d, uid);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got->contact, "李四");
	ck_assert_int_eq(got->monthly_amount, 750000);
	ck_assert_int_eq(got->tier_auto, TIER_B);
	ck_assert_int_eq(got->tier_manual, TIER_NONE);
	ck_assert_int_eq(got->stores, DB_NULL);
	ck_assert_str_eq(got->status, "active");
	snprintf(stamp, sizeof stamp, "%s", got->updated_at);
	db_customer_free(got);

	/* The same again, matched by name: nothing changes, not even the stamp. */
	ck_assert_int_eq(put(d, &c), 0);
	got = db_customer_load(d, uid);
	ck_assert_str_eq(got->updated_at, stamp);
	db_customer_free(got);

	/* A changed field: updated, newer stamp, same uid. */
	c.phone = "13900002222";
	ck_assert_int_eq(put(d, &c), 2);
	got = db_customer_load(d, uid);
	ck_assert_str_eq(got->phone, "13900002222");
	ck_assert_str_gt(got->updated_at, stamp);
	db_customer_free(got);

	/* Only the fields named: the contact stays. */
	db_customer part = cust(NULL);
	snprintf(part.uid, sizeof part.uid, "%s", uid);
	part.fields = DB_F_CITY;
	part.city = "广州";
	ck_assert_int_eq(put(d, &part), 2);
	got = db_customer_load(d, uid);
	ck_assert_str_eq(got->city, "广州");
	ck_assert_str_eq(got->contact, "李四");
	ck_assert_str_eq(got->name, "白云商贸有限公司");
	db_customer_free(got);

	/* A uid given for a new customer is kept as given. */
	db_customer g = cust("海珠五金店");
	snprintf(g.uid, sizeof g.uid, "%s", "crm:00042");
	ck_assert_int_eq(put(d, &g), 1);
	ck_assert_int_eq(db_customer_find(d, "海珠五金店", uid), DB_OK);
	ck_assert_str_eq(uid, "crm:00042");
	/* ... and matched by it later, even under a new name. */
	g.name = "海珠五金总店";
	ck_assert_int_eq(put(d, &g), 2);
	ck_assert_int_eq(db_customer_find(d, "crm:00042", uid), DB_OK);
	got = db_customer_load(d, "crm:00042");
	ck_assert_str_eq(got->name, "海珠五金总店");
	db_customer_free(got);

	/* Bad values are refused with a reason and write nothing. */
	int64_t before, after;
	db_customer bad = cust("坏数据");
	bad.status = "gone";
	ck_assert_int_eq(db_customer_count(d, NULL, &before), DB_OK);
	ck_assert_int_eq(db_customer_upsert(d, &bad, &r), DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_error(d), "status"));
	bad = cust("坏数据");
	bad.next_call = "2026-02-30";
	ck_assert_int_eq(db_customer_upsert(d, &bad, &r), DB_INVALID);
	bad = cust("坏数据");
	bad.priority = "urgent";
	ck_assert_int_eq(db_customer_upsert(d, &bad, &r), DB_INVALID);
	bad = cust("");
	ck_assert_int_eq(db_customer_upsert(d, &bad, &r), DB_INVALID);
	bad = cust("坏数据");
	snprintf(bad.uid, sizeof bad.uid, "%s", "has space");
	ck_assert_int_eq(db_customer_upsert(d, &bad, &r), DB_INVALID);
	ck_assert_int_eq(db_customer_count(d, NULL, &after), DB_OK);
	ck_assert_int_eq(before, after);

	/* Inside a caller's transaction, rolled back: gone. */
	ck_assert_int_eq(db_begin(d), DB_OK);
	add(d, "回滚的客户", "", NULL);
	db_rollback(d);
	ck_assert_int_eq(db_customer_find(d, "回滚的客户", uid), DB_NOT_FOUND);
	db_close(d);
}
END_TEST

START_TEST(test_store_attrs_round_trip)
{
	db *d = fresh("book.db");
	db_customer c = cust("越秀电脑城");
	db_attr a[] = { { "性格", "外向" }, { "age", "30-40" }, { "note", "say \"hi\"\n\\ok" },
	                { "空", "" } };
	char uid[UID_BUFSZ];
	char **keys;
	size_t nkeys;

	c.attrs = a;
	c.nattrs = 4;
	ck_assert_int_eq(put(d, &c), 1);
	ck_assert_int_eq(db_customer_find(d, c.name, uid), DB_OK);
	db_customer *got = db_customer_load(d, uid);
	ck_assert_uint_eq(got->nattrs, 3);     /* the empty one is not stored */
	ck_assert_str_eq(got->attrs[0].key, "性格");
	ck_assert_str_eq(got->attrs[0].value, "外向");
	ck_assert_str_eq(got->attrs[1].key, "age");
	ck_assert_str_eq(got->attrs[2].value, "say \"hi\"\n\\ok");
	db_customer_free(got);

	/* Merge: a key replaced in place, one added at the end, one removed. */
	db_attr m[] = { { "新", "1" }, { "性格", "细致" }, { "age", "" } };
	c.attrs = m;
	c.nattrs = 3;
	c.fields = DB_F_ATTRS;
	ck_assert_int_eq(put(d, &c), 2);
	got = db_customer_load(d, uid);
	ck_assert_uint_eq(got->nattrs, 3);
	ck_assert_str_eq(got->attrs[0].key, "性格");
	ck_assert_str_eq(got->attrs[0].value, "细致");
	ck_assert_str_eq(got->attrs[1].key, "note");
	ck_assert_str_eq(got->attrs[2].key, "新");
	db_customer_free(got);
	ck_assert_int_eq(put(d, &c), 0);       /* the same merge again: nothing */

	ck_assert_int_eq(db_attr_keys(d, &keys, &nkeys), DB_OK);
	ck_assert_uint_eq(nkeys, 5);     /* in the order given, empty or not */
	ck_assert_str_eq(keys[0], "性格");
	ck_assert_str_eq(keys[1], "age");
	ck_assert_str_eq(keys[2], "note");
	ck_assert_str_eq(keys[3], "空");
	ck_assert_str_eq(keys[4], "新");
	db_strings_free(keys, nkeys);
	db_close(d);
}
END_TEST

START_TEST(test_store_resolve)
{
	db *d = fresh("book.db");
	char a[UID_BUFSZ], b[UID_BUFSZ], got[UID_BUFSZ];

	add(d, "天河宾馆", "", a);
	add(d, "天河商贸", "", b);
	add(d, "番禺酒店", "", NULL);

	ck_assert_int_eq(db_customer_resolve(d, a, got), DB_OK);
	ck_assert_str_eq(got, a);
	ck_assert_int_eq(db_customer_resolve(d, "天河商贸", got), DB_OK);
	ck_assert_str_eq(got, b);
	ck_assert_int_eq(db_customer_resolve(d, "天河宾", got), DB_OK);
	ck_assert_str_eq(got, a);
	ck_assert_int_eq(db_customer_resolve(d, "天河", got), DB_AMBIGUOUS);
	ck_assert_ptr_nonnull(strstr(db_error(d), "天河宾馆"));
	ck_assert_ptr_nonnull(strstr(db_error(d), "天河商贸"));
	ck_assert_int_eq(db_customer_resolve(d, "白云", got), DB_NOT_FOUND);
	ck_assert_int_eq(db_customer_resolve(d, "", got), DB_NOT_FOUND);

	/* An exact name wins over the longer names it starts. */
	add(d, "天河", "", a);
	ck_assert_int_eq(db_customer_resolve(d, "天河", got), DB_OK);
	ck_assert_str_eq(got, a);
	/* Two customers with one exact name: ambiguous, uids listed. */
	db_customer twin = cust("天河");
	snprintf(twin.uid, sizeof twin.uid, "%s", "twin-2");
	ck_assert_int_eq(put(d, &twin), 1);
	ck_assert_int_eq(db_customer_resolve(d, "天河", got), DB_AMBIGUOUS);
	ck_assert_ptr_nonnull(strstr(db_error(d), "twin-2"));
	/* find (imports) takes the first of them. */
	ck_assert_int_eq(db_customer_find(d, "天河", got), DB_OK);
	ck_assert_str_eq(got, a);
	db_close(d);
}
END_TEST

START_TEST(test_store_tiers)
{
	db *d = fresh("book.db");
	tier_thresholds th;
	char uid[UID_BUFSZ];
	db_customer c;

	ck_assert_int_eq(db_tiers_get(d, &th), DB_OK);
	ck_assert_int_eq(th.metric, TIER_METRIC_AMOUNT);
	ck_assert_int_eq(th.min[0], 2000000);

	c = cust("大酒店");
	c.monthly_amount = 2500000;
	c.monthly_volume = 30;
	put(d, &c);
	c = cust("小旅馆");
	c.monthly_amount = 50000;
	c.monthly_volume = 120;
	put(d, &c);
	c = cust("手动");
	c.monthly_amount = 50000;
	c.tier_manual = TIER_A;
	put(d, &c);

	rows *r = search(d, NULL);
	ck_assert_int_eq(r->n, 3);
	ck_assert_str_eq(r->name[0], "大酒店");
	ck_assert_int_eq(r->t[0], TIER_S);
	ck_assert_str_eq(r->name[1], "手动");
	ck_assert_int_eq(r->t[1], TIER_A);
	ck_assert_int_eq(r->t[2], TIER_D);

	/* Room-nights instead: the computed tiers follow, the manual one stays. */
	th = tier_default(TIER_METRIC_VOLUME);
	ck_assert_int_eq(db_tiers_set(d, &th), DB_OK);
	ck_assert_int_eq(db_customer_find(d, "小旅馆", uid), DB_OK);
	db_customer *got = db_customer_load(d, uid);
	ck_assert_int_eq(got->tier_auto, TIER_S);
	db_customer_free(got);
	ck_assert_int_eq(db_customer_find(d, "大酒店", uid), DB_OK);
	got = db_customer_load(d, uid);
	ck_assert_int_eq(got->tier_auto, TIER_B);
	db_customer_free(got);
	ck_assert_int_eq(db_customer_find(d, "手动", uid), DB_OK);
	got = db_customer_load(d, uid);
	ck_assert_int_eq(got->tier_manual, TIER_A);
	ck_assert_int_eq(got->tier_auto, TIER_D);
	db_customer_free(got);
	r = search(d, NULL);
	ck_assert_str_eq(r->name[0], "小旅馆");

	db_close(d);
	tier_thresholds bad = th;
	bad.min[1] = bad.min[0];
	d = fresh("other.db");
	ck_assert_int_eq(db_tiers_set(d, &bad), DB_INVALID);
	db_close(d);
}
END_TEST

START_TEST(test_store_tiers_persist)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "book.db");
	db *d = open_ok(p);
	tier_thresholds th = tier_default(TIER_METRIC_VOLUME), got;
	char uid[UID_BUFSZ];

	th.min[0] = 500;
	ck_assert_int_eq(db_tiers_set(d, &th), DB_OK);
	db_close(d);
	d = open_ok(p);
	ck_assert_int_eq(db_tiers_get(d, &got), DB_OK);
	ck_assert_int_eq(got.metric, TIER_METRIC_VOLUME);
	ck_assert_int_eq(got.min[0], 500);
	db_customer c = cust("宾馆");
	c.monthly_volume = 499;
	put(d, &c);
	ck_assert_int_eq(db_customer_find(d, "宾馆", uid), DB_OK);
	db_customer *l = db_customer_load(d, uid);
	ck_assert_int_eq(l->tier_auto, TIER_A);
	db_customer_free(l);
	db_close(d);
	free(p);
	free(dir);
}
END_TEST

/* ---- search ---- */

static db *search_book(void)
{
	db *d = fresh("book.db");
	db_customer c;
	db_attr a1[] = { { "性格", "外向" }, { "行业", "连锁酒店" } };
	db_attr a2[] = { { "来源渠道", "竞品" } };

	add(d, "广州天河宾馆", "13800138000", NULL);
	add(d, "天河商贸有限公司", "020-8888 1234", NULL);
	add(d, "番禺丽江酒店", "138-0013-9999", NULL);
	c = cust("Hello World Trading");
	c.contact = "Mr. ＳＭＩＴＨ";
	c.attrs = a1;
	c.nattrs = 2;
	put(d, &c);
	c = cust("白云区天马电脑城");
	c.contact = "王天";
	c.attrs = a2;
	c.nattrs = 1;
	put(d, &c);
	return d;
}

START_TEST(test_store_search_chinese_any_length)
{
	db *d = search_book();

	ck_assert_int_eq(search(d, "天")->n, 3);
	ck_assert(found(d, "天", "白云区天马电脑城"));
	ck_assert_int_eq(search(d, "天河")->n, 2);
	ck_assert_int_eq(search(d, "天河宾馆")->n, 1);
	ck_assert(found(d, "天河宾馆", "广州天河宾馆"));
	ck_assert(found(d, "河宾", "广州天河宾馆"));
	ck_assert_int_eq(search(d, "宾馆天河")->n, 0);
	ck_assert_int_eq(search(d, "天河 酒店")->n, 0);   /* every word must match */
	ck_assert_int_eq(search(d, "天河 宾馆")->n, 1);
	ck_assert_int_eq(search(d, "馆")->n, 1);
	ck_assert_int_eq(search(d, "不存在")->n, 0);
	/* Contact names too. */
	ck_assert(found(d, "王天", "白云区天马电脑城"));
	db_close(d);
}
END_TEST

START_TEST(test_store_search_ascii_phone_attrs)
{
	db *d = search_book();

	/* ASCII and fullwidth letters, any case. */
	ck_assert(found(d, "hello", "Hello World Trading"));
	ck_assert(found(d, "WORLD", "Hello World Trading"));
	ck_assert(found(d, "smith", "Hello World Trading"));
	ck_assert(found(d, "ｈｅｌｌｏ", "Hello World Trading"));
	ck_assert(found(d, "wo", "Hello World Trading"));
	ck_assert(found(d, "h", "Hello World Trading"));
	ck_assert_int_eq(search(d, "worlds")->n, 0);
	/* Phones: digits across spaces and dashes. */
	ck_assert_int_eq(search(d, "1380013")->n, 2);
	ck_assert(found(d, "1380013", "广州天河宾馆"));
	ck_assert(found(d, "1380013", "番禺丽江酒店"));
	ck_assert(found(d, "8888", "天河商贸有限公司"));
	ck_assert(found(d, "88881234", "天河商贸有限公司"));
	ck_assert(found(d, "138-0013", "广州天河宾馆"));
	ck_assert(found(d, "9999", "番禺丽江酒店"));
	ck_assert_int_eq(search(d, "99999")->n, 0);
	ck_assert_int_eq(search(d, "13")->n, 2);
	/* Attribute values, not their names. */
	ck_assert(found(d, "外向", "Hello World Trading"));
	ck_assert(found(d, "连锁", "Hello World Trading"));
	ck_assert(found(d, "竞品", "白云区天马电脑城"));
	ck_assert_int_eq(search(d, "性格")->n, 0);
	ck_assert_int_eq(search(d, "来源渠道")->n, 0);
	/* Quotes and FTS5 syntax are text. */
	ck_assert_int_eq(search(d, "\"天河\"*")->n, 2);
	ck_assert_int_eq(search(d, "\"天河\" OR *")->n, 0);   /* "or" is a word too */
	ck_assert_int_eq(search(d, "NEAR(a b)")->n, 0);
	/* Nothing searchable: no filter. */
	ck_assert_int_eq(search(d, " - ")->n, 5);
	db_close(d);
}
END_TEST

START_TEST(test_store_search_follows_updates)
{
	db *d = search_book();
	char uid[UID_BUFSZ];
	db_customer c = cust(NULL);

	ck_assert_int_eq(db_customer_find(d, "广州天河宾馆", uid), DB_OK);
	snprintf(c.uid, sizeof c.uid, "%s", uid);
	c.fields = DB_F_NAME | DB_F_PHONE;
	c.name = "海珠江南宾馆";
	c.phone = "13912345678";
	ck_assert_int_eq(put(d, &c), 2);
	ck_assert_int_eq(search(d, "天河宾馆")->n, 0);
	ck_assert_int_eq(search(d, "13800138000")->n, 0);
	ck_assert(found(d, "江南", "海珠江南宾馆"));
	ck_assert(found(d, "12345678", "海珠江南宾馆"));
	ck_assert_int_eq(search(d, "天河")->n, 1);

	/* Attributes changed. */
	db_attr a[] = { { "性格", "爱表扬" } };
	c = cust("Hello World Trading");
	c.fields = DB_F_ATTRS;
	c.attrs = a;
	c.nattrs = 1;
	ck_assert_int_eq(put(d, &c), 2);
	ck_assert_int_eq(search(d, "外向")->n, 0);
	ck_assert(found(d, "表扬", "Hello World Trading"));
	ck_assert(found(d, "连锁", "Hello World Trading"));
	ck_assert(db_integrity_ok(d));
	db_close(d);
}
END_TEST

/* Many rows: both search routes (sorting the index's candidates, walking
 * the list) and plain lists give the same rows in the same order. */
START_TEST(test_store_pages_cover_everything_once)
{
	db *d = fresh("book.db");
	static rows all;
	char name[64];
	static const char *const words[] = { "天河", "白云", "海珠", "番禺", "黄埔" };
	static const char *const kinds[] = { "宾馆", "酒店", "商贸", "电脑城" };

	ck_assert_int_eq(db_begin(d), DB_OK);
	srand(7);
	for (int i = 0; i < 900; i++) {
		snprintf(name, sizeof name, "%s%s%d", words[rand() % 5], kinds[rand() % 4], rand() % 300);
		db_customer c = cust(name);
		char phone[16];
		snprintf(phone, sizeof phone, "13%09d", rand() % 1000000000);
		c.phone = phone;
		c.monthly_amount = (int64_t)(rand() % 3000000);
		if (i % 50 == 0)
			c.status = i % 100 == 0 ? "lost" : "do-not-call";
		if (i % 7 == 0)     /* same names as other rows: distinct uids */
			snprintf(c.uid, sizeof c.uid, "dup-%d", i);
		int r;
		ck_assert_int_eq(db_customer_upsert(d, &c, &r), DB_OK);
	}
	ck_assert_int_eq(db_commit(d), DB_OK);

	static const struct { const char *search; unsigned mask; bool inactive; } cases[] = {
		{ NULL, 0, true }, { NULL, 0, false }, { NULL, 1u << TIER_B | 1u << TIER_D, true },
		{ "天", 0, true }, { "宾馆", 0, true }, { "天河宾馆", 0, true }, { "13", 0, true },
		{ "河宾", 1u << TIER_S, false }, { "电脑城1", 0, true }, { "7", 0, true },
		{ "1234", 0, true }, { "无", 0, true },
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		db_filter f = { .tier_mask = cases[k].mask, .search = cases[k].search,
		                .include_inactive = cases[k].inactive };
		all.n = 0;
		ck_assert_int_eq(db_customers_each(d, &f, collect, &all), DB_OK);
		for (int i = 1; i < all.n; i++) {
			int order = all.t[i - 1] != all.t[i] ? (all.t[i - 1] < all.t[i] ? -1 : 1)
			          : strcmp(all.name[i - 1], all.name[i]) != 0 ? strcmp(all.name[i - 1], all.name[i])
			          : (all.id[i - 1] < all.id[i] ? -1 : 1);
			ck_assert_int_lt(order, 0);
		}
		int64_t n = -1, capped = -1;
		ck_assert_int_eq(db_customer_count(d, &f, &n), DB_OK);
		ck_assert_int_eq(n, all.n);
		ck_assert_int_eq(db_customer_count_upto(d, &f, 10, &capped), DB_OK);
		ck_assert_int_eq(capped, n < 10 ? n : 10);
		static const int limits[] = { 1, 7, 50 };
		for (size_t l = 0; l < 3; l++)
			pages_equal(d, &f, limits[l], &all, k);
	}
	db_close(d);
}
END_TEST


/* 700 rows of tiers S and A, then 4,300 sorting after them whose contact
 * is 陈 (陈敏 one in fifteen), some of tier B, some lost. */
static void clustered_book(db *d)
{
	char name[64];

	ck_assert_int_eq(db_begin(d), DB_OK);
	for (int i = 0; i < 5000; i++) {
		bool chen = i >= 700;
		snprintf(name, sizeof name, "%s%04d", chen ? "Z乙" : "A甲", (i * 7919) % 5000);
		db_customer c = cust(name);
		c.contact = !chen ? "王" : i % 15 == 0 ? "陈敏" : "陈";
		if (!chen)
			c.tier_manual = i % 2 ? TIER_S : TIER_A;
		else if (i % 9 == 0)
			c.tier_manual = TIER_B;
		if (chen && i % 50 == 0)
			c.status = "lost";
		snprintf(c.uid, sizeof c.uid, "u%d", i);
		put(d, &c);
	}
	ck_assert_int_eq(db_commit(d), DB_OK);
}

static const struct { const char *search; unsigned mask; bool inactive; } clustered_cases[] = {
	{ "陈", 0, true }, { "陈", 0, false }, { "陈", 1u << TIER_S | 1u << TIER_D, true },
	{ "陈敏", 0, true }, { "陈敏", 1u << TIER_B, false }, { "乙 陈", 0, true },
};

/* Matches that all lie far down the list (a surname only among the rows
 * that sort last): the walk that marks the candidates finds them, pages
 * cover every match once in order both ways, and a write between pages
 * is seen. Enough candidates that reading them all is put off at first. */
START_TEST(test_store_pages_clustered_matches)
{
	db *d = fresh("book.db");
	static rows all, paged;
	char uid[UID_BUFSZ];

	clustered_book(d);
	for (size_t k = 0; k < sizeof clustered_cases / sizeof *clustered_cases; k++) {
		db_filter f = { .tier_mask = clustered_cases[k].mask, .search = clustered_cases[k].search,
		                .include_inactive = clustered_cases[k].inactive };
		all.n = 0;
		ck_assert_int_eq(db_customers_each(d, &f, collect, &all), DB_OK);
		ck_assert_int_gt(all.n, 0);
		static const int limits[] = { 7, 40 };
		for (size_t l = 0; l < 2; l++)
			pages_equal(d, &f, limits[l], &all, k);
	}

	/* A write between pages: a new match after the key going forward,
	 * before it going back. */
	for (int back = 0; back < 2; back++) {
		db_filter f = { .search = "陈", .include_inactive = true };
		db_page_key key;
		paged.n = 0;
		page_from(d, &f, 40, back, &key, true, 1, &paged);
		ck_assert_int_eq(paged.n, 40);
		db_customer c = cust(back ? "Z乙0000" : "Z乙9999");
		c.contact = "陈";
		if (back)
			c.tier_manual = TIER_B;
		snprintf(uid, sizeof uid, "new%d", back);
		snprintf(c.uid, sizeof c.uid, "%s", uid);
		put(d, &c);
		page_from(d, &f, 40, back, &key, false, 1000, &paged);
		all.n = 0;
		ck_assert_int_eq(db_customers_each(d, &f, collect, &all), DB_OK);
		ck_assert_int_eq(paged.n, all.n);
		for (int i = 0; i < all.n; i++)
			ck_assert_str_eq(paged.uid[i], all.uid[back ? all.n - 1 - i : i]);
		ck_assert(found(d, "陈", back ? "Z乙0000" : "Z乙9999"));
	}

	/* Ids too far apart to mark (a row written elsewhere with its own id):
	 * the walk reads rows, and still finds everything. */
	ck_assert_int_eq(sqlite3_exec(db_test_handle(d), "INSERT INTO customers(id, uid, name, contact, "
	                              "updated_at) VALUES (900000000, 'far', 'Z乙far', '陈', 'x')",
	                              NULL, NULL, NULL), SQLITE_OK);
	db_filter f = { .search = "陈", .include_inactive = true };
	all.n = 0;
	ck_assert_int_eq(db_customers_each(d, &f, collect, &all), DB_OK);
	ck_assert_str_eq(all.uid[all.n - 1], "far");
	pages_equal(d, &f, 40, &all, 0);
	db_close(d);
}
END_TEST

/* Pages of F, LIMIT rows wanted at a time, each read in calls of about
 * BUDGET steps, as the workbench reads them when idle, into OUT; *STOPS
 * counts the calls that stopped short. */
static void steps_all(db *d, const db_filter *f, int limit, int64_t budget, rows *out,
                      int *stops)
{
	static rows pg;
	db_page_key key, resume;
	bool first = true, more = false;

	out->n = 0;
	*stops = 0;
	for (int calls = 0;; calls++) {
		ck_assert_int_lt(calls, 100000);
		pg.n = 0;
		ck_assert_int_eq(db_customer_page_some(d, f, first ? NULL : &key, limit, budget, &resume,
		                                       &more, collect, &pg), DB_OK);
		ck_assert_int_le(pg.n, limit);
		for (int i = 0; i < pg.n; i++) {
			memcpy(out->uid[out->n], pg.uid[i], UID_BUFSZ);
			out->n++;
		}
		first = false;
		if (more) {
			(*stops)++;
			key = resume;
			continue;
		}
		if (pg.n < limit)
			return;
		memset(&key, 0, sizeof key);
		key.id = pg.id[pg.n - 1];
		key.tier = pg.t[pg.n - 1];
		snprintf(key.name, sizeof key.name, "%s", pg.name[pg.n - 1]);
	}
}

/* A search read in short steps (db_customer_page_some): matches far down
 * the list stop a step short, and the steps, each going on where the last
 * stopped, hand out exactly the rows of the whole list, whatever the
 * budget. A list without a search never stops short. */
START_TEST(test_store_pages_in_steps)
{
	db *d = fresh("book.db");
	static rows all, stepped;
	static const int64_t budgets[] = { 1, 200, 1000000 };
	int stops;

	clustered_book(d);
	for (size_t k = 0; k < sizeof clustered_cases / sizeof *clustered_cases; k++) {
		db_filter f = { .tier_mask = clustered_cases[k].mask, .search = clustered_cases[k].search,
		                .include_inactive = clustered_cases[k].inactive };
		all.n = 0;
		ck_assert_int_eq(db_customers_each(d, &f, collect, &all), DB_OK);
		for (size_t b = 0; b < sizeof budgets / sizeof *budgets; b++) {
			if (budgets[b] == 1 && all.n > 500)
				continue;                /* a call a row: a few cases are enough */
			steps_all(d, &f, 40, budgets[b], &stepped, &stops);
			ck_assert_msg(stepped.n == all.n, "case %zu budget %lld: %d stepped, %d listed", k,
			              (long long)budgets[b], stepped.n, all.n);
			for (int i = 0; i < all.n; i++)
				ck_assert_str_eq(stepped.uid[i], all.uid[i]);
			/* Stopped short: before reading every candidate (the first
			 * time a text is searched), and wherever the budget ran out. */
			if (budgets[b] < 1000000)
				ck_assert_int_gt(stops, 10);
		}
	}
	db_filter plain = { .include_inactive = true };
	all.n = 0;
	ck_assert_int_eq(db_customers_each(d, &plain, collect, &all), DB_OK);
	steps_all(d, &plain, 40, 1, &stepped, &stops);
	ck_assert_int_eq(stops, 0);
	ck_assert_int_eq(stepped.n, all.n);
	db_close(d);
}
END_TEST

static bool collect_uid(const char *uid, void *ctx)
{
	rows *r = ctx;

	ck_assert_int_lt(r->n, 8192);
	snprintf(r->uid[r->n++], UID_BUFSZ, "%s", uid);
	return true;
}

static int uid_order(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Filter clauses on the clustered book: matches dense at the top of the
 * list, few and far down it, none, and a clause on the name (counted along
 * its index). The count reads the table in its own order, the uids come
 * in no order and the pages in short steps (a filter walking rows), yet
 * each gives exactly the rows of the whole list. */
START_TEST(test_store_filters_count_uids_steps)
{
	db *d = fresh("book.db");
	static rows all, got;
	static const char *const clauses[][2] = {
		{ "contact=王", NULL }, { "contact=陈敏", NULL }, { "contact=无人", NULL },
		{ "contact~陈", "name~Z乙00" }, { "name=Z乙0005", NULL }, { "contact!=陈", "tier in B" },
	};
	int stops;

	clustered_book(d);
	for (size_t k = 0; k < sizeof clauses / sizeof *clauses; k++) {
		where_clause w[2];
		char err[512];
		size_t nw = 0;
		for (int j = 0; j < 2 && clauses[k][j]; j++, nw++)
			ck_assert_msg(where_parse(clauses[k][j], NULL, 0, &w[j], err, sizeof err), "%s", err);
		for (int inactive = 0; inactive < 2; inactive++) {
			db_filter f = { .include_inactive = inactive, .where = w, .nwhere = nw };
			all.n = 0;
			ck_assert_int_eq(db_customers_each(d, &f, collect, &all), DB_OK);
			int64_t n = -1, capped = -1;
			ck_assert_int_eq(db_customer_count(d, &f, &n), DB_OK);
			ck_assert_int_eq(n, all.n);
			ck_assert_int_eq(db_customer_count_upto(d, &f, 10, &capped), DB_OK);
			ck_assert_int_eq(capped, n < 10 ? n : 10);

			got.n = 0;
			ck_assert_int_eq(db_customer_uids(d, &f, collect_uid, &got), DB_OK);
			ck_assert_int_eq(got.n, all.n);
			static rows sorted;
			memcpy(sorted.uid, all.uid, sizeof all.uid[0] * (size_t)all.n);
			qsort(sorted.uid, (size_t)all.n, sizeof sorted.uid[0], uid_order);
			qsort(got.uid, (size_t)got.n, sizeof got.uid[0], uid_order);
			for (int i = 0; i < all.n; i++)
				ck_assert_str_eq(got.uid[i], sorted.uid[i]);

			steps_all(d, &f, 40, 200, &got, &stops);
			ck_assert_msg(got.n == all.n, "case %zu: %d stepped, %d listed", k, got.n, all.n);
			for (int i = 0; i < all.n; i++)
				ck_assert_str_eq(got.uid[i], all.uid[i]);
			if (k == 1 || k == 2)    /* far down the list, or nowhere: stopped short */
				ck_assert_int_gt(stops, 0);
			pages_equal(d, &f, 40, &all, k);
		}
	}
	db_close(d);
}
END_TEST

/* An attribute's value found by = and ~ whether the attributes' JSON holds
 * it as written or escaped (a quote, a backslash, a line break in some
 * value of the row): every listing of a filter gives the same rows. */
START_TEST(test_store_filters_on_escaped_attributes)
{
	db *d = fresh("book.db");
	static rows all, got;
	static const char *const values[][2] = {
		{ "爽朗型", "老板" }, { "说\"好\"", "老板" }, { "爽朗型", "经理\n采购" }, { "细致型", "a\\b" },
		{ "爽朗型x", NULL }, { "说\"好\"吧", "经理" },
	};
	static const struct { const char *clause; int n; } cases[] = {
		{ "性格=爽朗型", 2 }, { "性格=说\"好\"", 1 }, { "性格~说\"好", 2 }, { "性格~爽朗", 3 },
		{ "决策人=经理\n采购", 1 }, { "决策人~采购", 1 }, { "决策人=a\\b", 1 }, { "性格=无", 0 },
	};
	const char *keys[] = { "性格", "决策人" };
	char name[32];

	ck_assert_int_eq(db_begin(d), DB_OK);
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		db_attr a[2] = { { "性格", values[i][0] }, { "决策人", values[i][1] ? values[i][1] : "" } };
		snprintf(name, sizeof name, "客户%zu", i);
		db_customer c = cust(name);
		c.attrs = a;
		c.nattrs = 2;
		put(d, &c);
	}
	ck_assert_int_eq(db_commit(d), DB_OK);
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		where_clause w;
		char err[512];
		ck_assert_msg(where_parse(cases[k].clause, keys, 2, &w, err, sizeof err), "%s", err);
		db_filter f = { .include_inactive = true, .where = &w, .nwhere = 1 };
		all.n = 0;
		ck_assert_int_eq(db_customers_each(d, &f, collect, &all), DB_OK);
		ck_assert_msg(all.n == cases[k].n, "%s: %d listed", cases[k].clause, all.n);
		int64_t n = -1;
		ck_assert_int_eq(db_customer_count(d, &f, &n), DB_OK);
		ck_assert_int_eq(n, cases[k].n);
		got.n = 0;
		ck_assert_int_eq(db_customer_uids(d, &f, collect_uid, &got), DB_OK);
		ck_assert_int_eq(got.n, cases[k].n);
	}
	db_close(d);
}
END_TEST

/* ---- activity ---- */

typedef struct {
	int n;
	char uid[16][UID_BUFSZ];
	char date[16][11];
	char name[16][64];
	int64_t amount[16];
	char text[16][64];
} acts;

static bool collect_act(const db_activity *a, void *ctx)
{
	acts *r = ctx;

	ck_assert_int_lt(r->n, 16);
	snprintf(r->uid[r->n], UID_BUFSZ, "%s", a->uid);
	snprintf(r->date[r->n], 11, "%s", a->date);
	snprintf(r->name[r->n], 64, "%s", a->customer_name ? a->customer_name : "");
	snprintf(r->text[r->n], 64, "%s", a->text ? a->text : "");
	r->amount[r->n] = a->amount;
	r->n++;
	return true;
}

START_TEST(test_store_activity)
{
	db *d = fresh("book.db");
	char cu[UID_BUFSZ], other[UID_BUFSZ];
	db_activity a;
	acts got;
	int r;

	add(d, "天河宾馆", "", cu);
	add(d, "番禺酒店", "", other);

	/* A call with a next contact date sets the customer's follow-up. */
	memset(&a, 0, sizeof a);
	snprintf(a.customer_uid, sizeof a.customer_uid, "%s", cu);
	snprintf(a.date, sizeof a.date, "2026-11-20");
	a.outcome = "callback";
	a.text = "老板不在";
	snprintf(a.next_call, sizeof a.next_call, "2026-11-23");
	ck_assert_int_eq(db_activity_upsert(d, DB_CALLS, &a, &r), DB_OK);
	ck_assert_int_eq(r, 1);
	db_customer *c = db_customer_load(d, cu);
	ck_assert_str_eq(c->next_call, "2026-11-23");
	db_customer_free(c);

	snprintf(a.date, sizeof a.date, "2026-11-18");
	a.outcome = "effective";
	a.next_call[0] = '\0';
	a.text = "";
	ck_assert_int_eq(db_activity_upsert(d, DB_CALLS, &a, &r), DB_OK);
	got.n = 0;
	ck_assert_int_eq(db_activity_each(d, DB_CALLS, cu, collect_act, &got), DB_OK);
	ck_assert_int_eq(got.n, 2);
	ck_assert_str_eq(got.date[0], "2026-11-18");   /* date order */
	ck_assert_str_eq(got.date[1], "2026-11-20");
	ck_assert_str_eq(got.name[1], "天河宾馆");
	ck_assert_str_eq(got.text[1], "老板不在");

	/* Upsert by uid: unchanged, then updated. */
	db_activity again = a;
	snprintf(again.uid, sizeof again.uid, "%s", got.uid[0]);
	ck_assert_int_eq(db_activity_upsert(d, DB_CALLS, &again, &r), DB_OK);
	ck_assert_int_eq(r, 0);
	again.text = "谈妥了";
	ck_assert_int_eq(db_activity_upsert(d, DB_CALLS, &again, &r), DB_OK);
	ck_assert_int_eq(r, 2);

	/* Orders and a payment against one. */
	db_activity o;
	memset(&o, 0, sizeof o);
	snprintf(o.uid, sizeof o.uid, "order-1");
	snprintf(o.customer_uid, sizeof o.customer_uid, "%s", other);
	snprintf(o.date, sizeof o.date, "2026-11-02");
	o.amount = 1200050;
	snprintf(o.due, sizeof o.due, "2026-11-30");
	ck_assert_int_eq(db_activity_upsert(d, DB_ORDERS, &o, &r), DB_OK);
	ck_assert_int_eq(r, 1);
	db_activity p;
	memset(&p, 0, sizeof p);
	snprintf(p.customer_uid, sizeof p.customer_uid, "%s", other);
	snprintf(p.date, sizeof p.date, "2026-11-10");
	p.amount = 500000;
	snprintf(p.order_uid, sizeof p.order_uid, "order-1");
	ck_assert_int_eq(db_activity_upsert(d, DB_PAYMENTS, &p, &r), DB_OK);
	got.n = 0;
	ck_assert_int_eq(db_activity_each(d, DB_ORDERS, NULL, collect_act, &got), DB_OK);
	ck_assert_int_eq(got.n, 1);
	ck_assert_int_eq(got.amount[0], 1200050);
	got.n = 0;
	ck_assert_int_eq(db_activity_each(d, DB_PAYMENTS, NULL, collect_act, &got), DB_OK);
	ck_assert_int_eq(got.amount[0], 500000);
	ck_assert_str_eq(got.name[0], "番禺酒店");

	/* A note. */
	db_activity nt;
	memset(&nt, 0, sizeof nt);
	snprintf(nt.customer_uid, sizeof nt.customer_uid, "%s", cu);
	snprintf(nt.date, sizeof nt.date, "2026-11-21");
	nt.text = "喜欢被表扬";
	ck_assert_int_eq(db_activity_upsert(d, DB_NOTES, &nt, &r), DB_OK);

	/* Undo: flagged, gone from the lists, deleting again changes nothing. */
	ck_assert_int_eq(db_activity_delete(d, DB_ORDERS, "order-1"), DB_OK);
	ck_assert_int_eq(db_activity_delete(d, DB_ORDERS, "order-1"), DB_OK);
	ck_assert_int_eq(db_activity_delete(d, DB_ORDERS, "no-such"), DB_NOT_FOUND);
	got.n = 0;
	ck_assert_int_eq(db_activity_each(d, DB_ORDERS, NULL, collect_act, &got), DB_OK);
	ck_assert_int_eq(got.n, 0);
	/* Logged again by its uid: back. */
	ck_assert_int_eq(db_activity_upsert(d, DB_ORDERS, &o, &r), DB_OK);
	ck_assert_int_eq(r, 2);

	/* Refusals. */
	db_activity bad = a;
	bad.uid[0] = '\0';
	bad.outcome = "maybe";
	ck_assert_int_eq(db_activity_upsert(d, DB_CALLS, &bad, &r), DB_INVALID);
	bad.outcome = "busy";
	snprintf(bad.date, sizeof bad.date, "2026-13-01");
	ck_assert_int_eq(db_activity_upsert(d, DB_CALLS, &bad, &r), DB_INVALID);
	snprintf(bad.date, sizeof bad.date, "2026-11-01");
	snprintf(bad.customer_uid, sizeof bad.customer_uid, "nobody");
	ck_assert_int_eq(db_activity_upsert(d, DB_CALLS, &bad, &r), DB_NOT_FOUND);
	db_activity badp = p;
	snprintf(badp.order_uid, sizeof badp.order_uid, "order-x");
	ck_assert_int_eq(db_activity_upsert(d, DB_PAYMENTS, &badp, &r), DB_NOT_FOUND);
	ck_assert(db_integrity_ok(d));
	db_close(d);
}
END_TEST

/* ---- bulk loads ---- */

static void load(db *d, int n, const char *prefix, int dups, int *added, int *updated, int *same)
{
	char name[64], phone[16];

	*added = *updated = *same = 0;
	ck_assert_int_eq(db_begin(d), DB_OK);
	ck_assert_int_eq(db_bulk_begin(d, 0), DB_OK);
	for (int i = 0; i < n; i++) {
		/* The last DUPS rows repeat earlier names with other phones. */
		int k = i < n - dups ? i : i - (n - dups);
		snprintf(name, sizeof name, "%s%d", prefix, k);
		snprintf(phone, sizeof phone, "139%08d", i < n - dups ? k : k + 1);
		db_customer c = cust(name);
		c.phone = phone;
		int r = put(d, &c);
		*added += r == 1;
		*updated += r == 2;
		*same += r == 0;
	}
	ck_assert_int_eq(db_bulk_end(d), DB_OK);
	ck_assert_int_eq(db_commit(d), DB_OK);
}

START_TEST(test_store_bulk_load)
{
	db *d = fresh("book.db");
	int added, updated, same;
	int64_t n;

	/* Into an empty book, duplicates inside the file update the first. */
	load(d, 3000, "天河客户", 100, &added, &updated, &same);
	ck_assert_int_eq(added, 2900);
	ck_assert_int_eq(updated, 100);
	ck_assert_int_eq(same, 0);
	ck_assert_int_eq(db_customer_count(d, NULL, &n), DB_OK);
	ck_assert_int_eq(n, 2900);
	ck_assert(found(d, "客户1234", "天河客户1234"));
	ck_assert(found(d, "13900000001", "天河客户0"));      /* the later phone won */
	ck_assert_int_eq(search(d, "13900000000")->n, 0);
	ck_assert(db_integrity_ok(d));

	/* The same file again: nothing changes ... */
	load(d, 3000, "天河客户", 100, &added, &updated, &same);
	/* ... but for the duplicates, which flip to their first and back. */
	ck_assert_int_eq(added, 0);
	ck_assert_int_eq(updated, 200);
	ck_assert_int_eq(same, 2800);
	ck_assert_int_eq(db_customer_count(d, NULL, &n), DB_OK);
	ck_assert_int_eq(n, 2900);

	/* A big load into a book that has rows: the search index is rebuilt. */
	load(d, 2000, "白云客户", 0, &added, &updated, &same);
	ck_assert_int_eq(added, 2000);
	ck_assert(found(d, "白云客户1999", "白云客户1999"));
	ck_assert(found(d, "天河客户7", "天河客户7"));
	ck_assert(db_integrity_ok(d));

	/* A small one keeps the index up to date row by row. */
	load(d, 10, "番禺客户", 0, &added, &updated, &same);
	ck_assert(found(d, "番禺客户9", "番禺客户9"));
	ck_assert(db_integrity_ok(d));

	/* A load rolled back leaves the indexes as they were. */
	ck_assert_int_eq(db_begin(d), DB_OK);
	ck_assert_int_eq(db_bulk_begin(d, 1000000), DB_OK);
	add(d, "不会留下", "", NULL);
	db_rollback(d);
	ck_assert_int_eq(search(d, "不会留下")->n, 0);
	add(d, "之后的客户", "", NULL);
	ck_assert(found(d, "之后", "之后的客户"));
	ck_assert(db_integrity_ok(d));
	db_close(d);
}
END_TEST

START_TEST(test_store_bulk_fresh_uids)
{
	db *d = fresh("book.db");
	char uid[UID_BUFSZ];
	int r;

	/* Given uids in an empty book: matched within the load, kept. */
	ck_assert_int_eq(db_begin(d), DB_OK);
	ck_assert_int_eq(db_bulk_begin(d, 0), DB_OK);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 500; i++) {
			char name[32];
			db_customer c = cust(NULL);
			snprintf(c.uid, sizeof c.uid, "ext-%d", i);
			snprintf(name, sizeof name, "客户%d", round ? i + 1000 : i);
			c.name = name;
			ck_assert_int_eq(db_customer_upsert(d, &c, &r), DB_OK);
			ck_assert_int_eq(r, round ? 2 : 1);
		}
	/* A row without a uid matches a renamed one by its new name only. */
	db_customer c = cust("客户1007");
	c.phone = "1";
	ck_assert_int_eq(db_customer_upsert(d, &c, &r), DB_OK);
	ck_assert_int_eq(r, 2);
	c = cust("客户7");
	ck_assert_int_eq(db_customer_upsert(d, &c, &r), DB_OK);
	ck_assert_int_eq(r, 1);
	/* Activity in the same load needs the uid index: it is built on the spot. */
	db_activity a;
	memset(&a, 0, sizeof a);
	snprintf(a.customer_uid, sizeof a.customer_uid, "ext-3");
	snprintf(a.date, sizeof a.date, "2026-11-27");
	a.outcome = "effective";
	ck_assert_int_eq(db_activity_upsert(d, DB_CALLS, &a, &r), DB_OK);
	c = cust("客户1008");
	ck_assert_int_eq(db_customer_upsert(d, &c, &r), DB_OK);
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(db_bulk_end(d), DB_OK);
	ck_assert_int_eq(db_commit(d), DB_OK);
	ck_assert_int_eq(db_customer_find(d, "客户1007", uid), DB_OK);
	ck_assert_str_eq(uid, "ext-7");
	ck_assert(found(d, "客户1499", "客户1499"));
	ck_assert(db_integrity_ok(d));
	db_close(d);
}
END_TEST

/* ---- transactions, busy, stamps ---- */

START_TEST(test_store_busy)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "book.db");
	db *a = open_ok(p), *b = open_ok(p);
	struct timespec t0, t1;
	int r;

	ck_assert_int_eq(db_begin(b), DB_OK);
	add(b, "占着写锁", "", NULL);
	db_set_busy_timeout(a, 150);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(db_begin(a), DB_BUSY);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	ck_assert_msg(ms >= 100, "gave up after %.0f ms", ms);
	ck_assert_ptr_nonnull(strstr(db_error(a), "busy"));
	/* A write outside a transaction waits the same way. */
	db_customer c = cust("等不到");
	ck_assert_int_eq(db_customer_upsert(a, &c, &r), DB_BUSY);
	/* Reads go on meanwhile (WAL). */
	int64_t n = -1;
	ck_assert_int_eq(db_customer_count(a, NULL, &n), DB_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(db_commit(b), DB_OK);
	ck_assert_int_eq(db_begin(a), DB_OK);
	add(a, "轮到我了", "", NULL);
	ck_assert_int_eq(db_commit(a), DB_OK);
	db_close(a);
	db_close(b);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_store_stamps_increase)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "book.db");
	db *d = open_ok(p);
	char prev[HLC_STAMP_BUFSZ] = "", uid[UID_BUFSZ];
	hlc h;
	char dev[HLC_DEVICE_LEN + 1];

	add(d, "客户", "1", uid);
	for (int i = 0; i < 20; i++) {
		if (i == 10) {   /* across a reopen too */
			db_close(d);
			d = open_ok(p);
		}
		db_customer c = cust("客户");
		char phone[16];
		snprintf(phone, sizeof phone, "%d", i + 2);
		c.phone = phone;
		ck_assert_int_eq(put(d, &c), 2);
		db_customer *got = db_customer_load(d, uid);
		ck_assert_msg(strcmp(got->updated_at, prev) > 0, "%s after %s", got->updated_at, prev);
		ck_assert(hlc_parse(got->updated_at, &h, dev));
		ck_assert_str_eq(dev, db_device(d));
		snprintf(prev, sizeof prev, "%s", got->updated_at);
		db_customer_free(got);
	}
	/* A stamp stored from a clock ahead of ours is never undercut. */
	ck_assert_int_eq(db_setting_set(d, "clock", "2999-01-01T00:00:00.000Z.000005.00000000"), DB_OK);
	db_customer c = cust("客户");
	c.phone = "x";
	ck_assert_int_eq(put(d, &c), 2);
	db_customer *got = db_customer_load(d, uid);
	ck_assert_msg(strncmp(got->updated_at, "2999-01-01T00:00:00.000Z.000006.", 32) == 0,
	              "stamp %s", got->updated_at);
	db_customer_free(got);
	db_close(d);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_store_settings_book_snapshot)
{
	char *dir = test_tmpdir();
	char *p = path_in(dir, "book.db"), *snap = path_in(dir, "snap.db");
	db *d = open_ok(p);
	char buf[64], small[4];
	db_rep rep;

	ck_assert_int_eq(db_setting_get(d, "calendar", buf, sizeof buf), DB_NOT_FOUND);
	ck_assert_int_eq(db_setting_set(d, "calendar", "none"), DB_OK);
	ck_assert_int_eq(db_setting_get(d, "calendar", buf, sizeof buf), DB_OK);
	ck_assert_str_eq(buf, "none");
	ck_assert_int_eq(db_setting_get(d, "calendar", small, sizeof small), DB_INVALID);
	ck_assert_int_eq(db_setting_set(d, "calendar", NULL), DB_OK);
	ck_assert_int_eq(db_setting_get(d, "calendar", buf, sizeof buf), DB_NOT_FOUND);

	/* The owner: none yet; rows written before are adopted. */
	ck_assert_int_eq(db_rep_current(d, &rep), DB_NOT_FOUND);
	add(d, "早来的客户", "", NULL);
	ck_assert_int_eq(db_book_init(d, "张三", "一组"), DB_OK);
	ck_assert_int_eq(db_rep_current(d, &rep), DB_OK);
	ck_assert_str_eq(rep.name, "张三");
	ck_assert_str_eq(rep.group_name, "一组");
	ck_assert_uint_eq(strlen(rep.uid), UID_LEN);
	char uid[UID_BUFSZ];
	ck_assert_int_eq(db_customer_find(d, "早来的客户", uid), DB_OK);
	char owner[UID_BUFSZ];
	ck_assert_int_eq(store_rep_uid(d, owner), DB_OK);
	ck_assert_str_eq(owner, rep.uid);
	/* Idempotent; a new name renames. */
	ck_assert_int_eq(db_book_init(d, "张三", "一组"), DB_OK);
	ck_assert_int_eq(db_book_init(d, "张三丰", "二组"), DB_OK);
	db_rep again;
	ck_assert_int_eq(db_rep_current(d, &again), DB_OK);
	ck_assert_str_eq(again.uid, rep.uid);
	ck_assert_str_eq(again.name, "张三丰");
	ck_assert_str_eq(again.group_name, "二组");

	/* A snapshot: a complete, checkable copy, opened read-only. */
	ck_assert_int_eq(db_snapshot(d, snap), DB_OK);
	db *s = NULL;
	char err[256];
	ck_assert_int_eq(db_open(snap, DB_OPEN_READONLY, &s, err, sizeof err), DB_OK);
	int64_t n = 0;
	ck_assert_int_eq(db_customer_count(s, NULL, &n), DB_OK);
	ck_assert_int_eq(n, 1);
	ck_assert(found(s, "早来", "早来的客户"));
	ck_assert(db_integrity_ok(s));
	db_close(s);
	ck_assert_int_eq(db_begin(d), DB_OK);
	ck_assert_int_ne(db_snapshot(d, snap), DB_OK);   /* not inside a transaction */
	db_rollback(d);
	db_close(d);
	free(snap);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_store_transaction_rules)
{
	db *d = fresh("book.db");
	char uid[UID_BUFSZ];
	int r;

	/* A write that fails inside a transaction ends it whole: what came
	 * before is gone, and nothing after it is written row by row. */
	ck_assert_int_eq(sqlite3_exec(db_test_handle(d), "CREATE TEMP TRIGGER boom BEFORE INSERT ON customers "
	                              "WHEN new.name = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END",
	                              NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(db_begin(d), DB_OK);
	add(d, "之前", "", NULL);
	db_customer c = cust("boom");
	ck_assert_int_ne(db_customer_upsert(d, &c, &r), DB_OK);
	ck_assert_ptr_nonnull(strstr(db_error(d), "boom"));
	c = cust("之后");
	ck_assert_int_eq(db_customer_upsert(d, &c, &r), DB_ERROR);
	ck_assert_int_eq(db_commit(d), DB_ERROR);
	ck_assert_int_eq(db_customer_find(d, "之前", uid), DB_NOT_FOUND);
	ck_assert_int_eq(db_customer_find(d, "之后", uid), DB_NOT_FOUND);
	ck_assert_int_eq(sqlite3_exec(db_test_handle(d), "DROP TRIGGER temp.boom", NULL, NULL, NULL), SQLITE_OK);

	ck_assert_int_eq(db_commit(d), DB_ERROR);            /* nothing open */
	ck_assert_int_eq(db_begin(d), DB_OK);
	ck_assert_int_eq(db_begin(d), DB_ERROR);             /* no nesting */
	ck_assert_int_eq(db_bulk_begin(d, 0), DB_OK);
	add(d, "批量", "", NULL);
	/* Committing a load without db_bulk_end still leaves the index whole. */
	ck_assert_int_eq(db_commit(d), DB_OK);
	ck_assert(found(d, "批量", "批量"));
	ck_assert(db_integrity_ok(d));
	ck_assert_int_eq(db_bulk_begin(d, 0), DB_ERROR);    /* needs a transaction */
	db_rollback(d);                                      /* harmless */
	db_close(d);
}
END_TEST

/* The uid map: lookups in table order with a hint (dense runs, sparse
 * ones, gaps wider than any look ahead), in no order, with stale hints and
 * for uids it lacks, all find what a plain lookup finds. */
START_TEST(test_store_uid_map)
{
	enum { N = 20000 };
	static char uids[N][UID_BUFSZ];
	unsigned seed = 7;

	for (int i = 0; i < N; i++)
		if (i % 7)
			snprintf(uids[i], UID_BUFSZ, "01a21b99-4677-7e08-aa35-%012x", i * 2654435761u);
		else
			snprintf(uids[i], UID_BUFSZ, "c-%d", i);
	store_uidmap *m = store_uidmap_new(uids, N, sizeof uids[0], 0);
	ck_assert_ptr_nonnull(m);
	/* Runs in table order, as a saved plan has them: every row, every 50th,
	 * and a few rows far apart. */
	for (int step = 1; step <= 9000; step = step < 50 ? step * 50 : step * 3) {
		size_t near = 0;
		for (int i = step / 2; i < N; i += step)
			ck_assert_int_eq(store_uidmap_find(m, uids[i], &near), i);
	}
	/* Out of order, hinted and not; uids the map lacks. */
	size_t near = 0;
	for (int k = 0; k < 3 * N; k++) {
		seed = seed * 1103515245u + 12345u;
		int i = (int)((seed >> 8) % N);
		size_t before = near;
		ck_assert_int_eq(store_uidmap_find(m, uids[i], k % 2 ? &near : NULL), i);
		ck_assert_uint_eq(near, k % 2 ? (size_t)i + 1 : before);
	}
	ck_assert_int_eq(store_uidmap_find(m, "no-such-uid", &near), -1);
	ck_assert_int_eq(store_uidmap_find(m, "", NULL), -1);
	near = N + 10;
	ck_assert_int_eq(store_uidmap_find(m, uids[3], &near), 3);
	store_uidmap_free(m);
	m = store_uidmap_new(uids, 0, sizeof uids[0], 0);
	ck_assert_int_eq(store_uidmap_find(m, uids[0], &near), -1);
	store_uidmap_free(m);
}
END_TEST

/* Lines as db_target_lines gives them, joined back with newlines. */
typedef struct {
	char *text;
	size_t n, lines;
} line_sink;

static void take_line(const char *line, size_t len, void *ctx)
{
	line_sink *k = ctx;
	ck_assert(line[len] == '\n' || line[len] == '\0');
	char *p = realloc(k->text, k->n + len + 2);
	ck_assert_ptr_nonnull(p);
	memcpy(p + k->n, line, len);
	p[k->n + len] = '\n';
	k->text = p;
	k->n += len + 1;
	k->lines++;
}

START_TEST(test_store_target_lines)
{
	db *d = fresh("book.db");
	/* Lines of every length around the pieces it is read in, empty ones,
	 * one longer than a piece, and no newline at the end. */
	size_t cap = 400000, n = 0, lines = 0;
	char *detail = malloc(cap);
	ck_assert_ptr_nonnull(detail);
	for (size_t len = 0; n + 2 * len + 200000 < cap; len = (len * 7 + 13) % 97, lines++) {
		for (size_t k = 0; k < len; k++, n++)
			detail[n] = (char)('a' + (n + k) % 26);
		detail[n++] = '\n';
		if (lines == 500) {
			memset(detail + n, 'x', 150000);
			n += 150000;
			memcpy(detail + n, "\n\n\n", 3);
			n += 3;
			lines += 3;
		}
	}
	memcpy(detail + n, "last", 5);
	n += 4;
	lines++;
	db_target tg[] = {
		{ "base", "customers", "", 0, detail },
		{ "base", "month", "", 5, "not\nthis" },
		{ "stretch", "customers", "", 0, "nor\nthis" },
	};
	ck_assert_int_eq(db_targets_replace(d, "2026-12", tg, 3), DB_OK);

	line_sink k = { 0 };
	ck_assert_int_eq(db_target_lines(d, "2026-12", "base", "customers", take_line, &k), DB_OK);
	ck_assert_uint_eq(k.lines, lines);
	ck_assert_uint_eq(k.n, n + 1);
	ck_assert(memcmp(k.text, detail, n) == 0);
	free(k.text);

	/* Nothing for another month; an empty detail has no lines. */
	memset(&k, 0, sizeof k);
	ck_assert_int_eq(db_target_lines(d, "2026-11", "base", "customers", take_line, &k), DB_OK);
	tg[0].detail = "";
	ck_assert_int_eq(db_targets_replace(d, "2026-12", tg, 1), DB_OK);
	ck_assert_int_eq(db_target_lines(d, "2026-12", "base", "customers", take_line, &k), DB_OK);
	ck_assert_uint_eq(k.lines, 0);
	free(detail);
	db_close(d);
}
END_TEST

/* ---- attributes JSON, read through SQLite ---- */

#define J_OK(x) ck_assert_ptr_null(x)
#define J_BAD(x) ck_assert_ptr_nonnull(x)
#define J(s) store_attrs_check(each, (s), strlen(s))
START_TEST(test_store_attrs_check)
{
	sqlite3 *h;
	sqlite3_stmt *each;

	ck_assert_int_eq(sqlite3_open(":memory:", &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, db_test_attrs_each_sql, -1, &each, NULL), SQLITE_OK);
	J_OK(J("{}"));
	J_OK(J(" { } "));
	J_OK(J("{\"渠道\":\"携程\",\"rooms\":\"120\"}"));
	J_OK(J("{\"n\": 12, \"x\": -1.5e3, \"s\": \"a\\\"b\\\\c\\u4e2d\\n\"}"));
	J_BAD(J("not json {"));
	J_BAD(J(""));
	J_BAD(J("[]"));
	J_BAD(J("\"x\""));
	J_BAD(J("{\"a\":\"b\""));
	J_BAD(J("{\"a\":\"b\"} x"));
	J_BAD(J("{\"a\":{\"b\":\"c\"}}"));          /* not flat */
	J_BAD(J("{\"a\":[1]}"));
	J_BAD(J("{\"a\":true}"));
	J_BAD(J("{\"a\":01}"));
	J_BAD(J("{\"a\":\"b\",}"));
	J_BAD(J("{a:\"b\"}"));
	J_BAD(J("{\"a\":\"\\u001b[2J\"}"));         /* an escaped control character */
	J_BAD(J("{\"a\":\"\\r\"}"));
	J_BAD(J("{\"a\":\"\x1b\"}"));
	J_BAD(J("{\"a\":\"\\q\"}"));
	J_BAD(J("{\"a\":\"\\u12\"}"));
	J_BAD(store_attrs_check(each, "{}\0", 3));
	/* The reasons shown. */
	ck_assert_str_eq(J("{\"a\":\"\\u001b\"}"), "a control character in text");
	ck_assert_str_eq(J("{\"a\\u0085\":\"b\"}"), "a control character in text");
	ck_assert_str_eq(J("{\"a\":\"\xff\"}"), "not UTF-8");
	ck_assert_str_eq(J("{\"a\":null}"), "attributes are not a JSON object");
	/* SQLite cuts a string at an escaped NUL and writes a lone surrogate
	 * as bytes that are not UTF-8: judged as the escapes they were. */
	ck_assert_str_eq(J("{\"a\":\"x\\u0000y\"}"), "a control character in text");
	J_OK(J("{\"a\":\"x\\\\u0000y\"}"));
	J_OK(J("{\"a\":\"\\ud800\",\"\\udc00\":\"\\ud83d\\ude00\"}"));
	ck_assert_str_eq(J("{\"a\":\"\xed\xa0\x80\"}"), "not UTF-8");
	sqlite3_finalize(each);
	sqlite3_close(h);
}
END_TEST
#undef J

START_TEST(test_store_attrs_parse)
{
	db *d = fresh("attrs.db");
	db_attr *a = NULL;
	char *buf = NULL;
	size_t n = 9, cap = 0, bufcap = 0;

	ck_assert(store_attrs_parse(d, "", &a, &n, &cap, &buf, &bufcap));
	ck_assert_uint_eq(n, 0);
	ck_assert(store_attrs_parse(d, " {} ", &a, &n, &cap, &buf, &bufcap));
	ck_assert_uint_eq(n, 0);
	/* In their order; strings decoded, numbers as they are written. */
	ck_assert(store_attrs_parse(d, "{\"z\":\"1\",\"渠道\":\"携\\u7a0b\\n\", \"n\": -1.50e3,"
	                            "\"a b\":12,\"q\\\"\":\"\\ud83d\\ude00\"}", &a, &n, &cap, &buf, &bufcap));
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(a[0].key, "z");
	ck_assert_str_eq(a[0].value, "1");
	ck_assert_str_eq(a[1].key, "渠道");
	ck_assert_str_eq(a[1].value, "携程\n");
	ck_assert_str_eq(a[2].key, "n");
	ck_assert_str_eq(a[2].value, "-1.50e3");
	ck_assert_str_eq(a[3].key, "a b");
	ck_assert_str_eq(a[3].value, "12");
	ck_assert_str_eq(a[4].key, "q\"");
	ck_assert_str_eq(a[4].value, "\xf0\x9f\x98\x80");
	ck_assert(store_attrs_parse(d, "{\"s\":\"a\\ud800b\"}", &a, &n, &cap, &buf, &bufcap));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(a[0].value, "a\xef\xbf\xbd" "b");       /* read as U+FFFD */
	ck_assert(!store_attrs_parse(d, "[\"x\"]", &a, &n, &cap, &buf, &bufcap));
	ck_assert(!store_attrs_parse(d, "{\"a\":", &a, &n, &cap, &buf, &bufcap));
	ck_assert(!store_attrs_parse(d, "x", &a, &n, &cap, &buf, &bufcap));
	free(a);
	free(buf);
	db_close(d);
}
END_TEST

/* A text read again is remembered: the same pairs, in a caller's buffers
 * that may be new or written over, and a refused text refused again. */
START_TEST(test_store_attrs_parse_again)
{
	db *d = fresh("attrs.db");
	static const char *const texts[] = {
		"{\"性格\":\"节奏快\",\"决策人\":\"采购\"}",
		"{\"s\":\"a\\ud800b\",\"n\":1e5,\"t\":\"x\\ty\\nz\"}",
		"{\"a\":\"x\\u0000y\",\"b\":\"2\"}",
	};
	char text[64];

	for (int round = 0; round < 3; round++) {
		db_attr *a = NULL;
		char *buf = NULL;
		size_t n = 9, cap = 0, bufcap = 0;

		for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
			ck_assert(store_attrs_parse(d, texts[i], &a, &n, &cap, &buf, &bufcap));
			if (i == 0) {
				ck_assert_uint_eq(n, 2);
				ck_assert_str_eq(a[0].key, "性格");
				ck_assert_str_eq(a[0].value, "节奏快");
				ck_assert_str_eq(a[1].key, "决策人");
				ck_assert_str_eq(a[1].value, "采购");
			} else if (i == 1) {
				ck_assert_uint_eq(n, 3);
				ck_assert_str_eq(a[0].value, "a\xef\xbf\xbd" "b");
				ck_assert_str_eq(a[1].key, "n");
				ck_assert_str_eq(a[1].value, "1e5");
				ck_assert_str_eq(a[2].value, "x\ty\nz");
			} else {
				ck_assert_uint_eq(n, 2);
				ck_assert_str_eq(a[0].key, "a");
				ck_assert_str_eq(a[0].value, "x");      /* cut at the NUL */
				ck_assert_str_eq(a[1].key, "b");
				ck_assert_str_eq(a[1].value, "2");
			}
			memset(buf, '#', bufcap);       /* the caller's to write over */
		}
		ck_assert(!store_attrs_parse(d, "[\"x\"]", &a, &n, &cap, &buf, &bufcap));
		/* More texts than are remembered, each read right. */
		for (int i = 0; i < 700; i++) {
			snprintf(text, sizeof text, "{\"k%d\":\"v%d\"}", i % 350, i % 350);
			ck_assert(store_attrs_parse(d, text, &a, &n, &cap, &buf, &bufcap));
			ck_assert_uint_eq(n, 1);
			snprintf(text, sizeof text, "k%d", i % 350);
			ck_assert_str_eq(a[0].key, text);
			text[0] = 'v';
			ck_assert_str_eq(a[0].value, text);
		}
		free(a);
		free(buf);
	}
	db_close(d);
}
END_TEST

/* The day's read gives each customer its earliest next step due on an open
 * opportunity, and the words of that step for the entries shown. */
static void opp_with_step(db *d, const char *cu, const char *title, const char *step,
                          const char *day, char uid[UID_BUFSZ])
{
	db_opp o;

	memset(&o, 0, sizeof o);
	snprintf(o.customer_uid, sizeof o.customer_uid, "%s", cu);
	o.title = title;
	o.value = 100000;
	o.stage = OPP_PROPOSAL;
	o.probability = -1;
	o.competitors = o.lost_reason = "";
	o.next_step = step;
	snprintf(o.next_date, sizeof o.next_date, "%s", day);
	ck_assert_int_eq(db_opp_add(d, &o, "2026-11-01"), DB_OK);
	if (uid)
		snprintf(uid, UID_BUFSZ, "%s", o.uid);
}

START_TEST(test_store_today_next_steps)
{
	db *d = fresh("book.db");
	char a[UID_BUFSZ], b[UID_BUFSZ], c[UID_BUFSZ], won[UID_BUFSZ], gone[UID_BUFSZ], words[64];
	date_day day, due;
	db_today t;

	add(d, "甲电厂", "", a);
	add(d, "乙水务", "", b);
	add(d, "丙化工", "", c);
	opp_with_step(d, a, "改造", "send the proposal", "2026-11-25", NULL);
	opp_with_step(d, a, "二期", "visit the plant", "2026-11-26", NULL);
	opp_with_step(d, a, "旧单", "long done", "2026-11-20", won);
	ck_assert_int_eq(db_opp_move(d, won, OPP_WON, "2026-11-21", NULL, NULL, NULL), DB_OK);
	opp_with_step(d, b, "中水", "call the engineer", "2026-12-01", NULL);     /* not yet due */
	opp_with_step(d, c, "废气", "deleted step", "2026-11-10", gone);
	ck_assert_int_eq(db_opp_delete(d, gone), DB_OK);

	ck_assert(date_parse("2026-11-27", &day));
	ck_assert(date_parse("2026-11-25", &due));
	ck_assert_int_eq(db_today_load(d, day, &t), DB_OK);
	ck_assert_int_eq(db_today_find(&t, a)->next_step, due);   /* the earliest open one due */
	ck_assert_int_eq(db_today_find(&t, b)->next_step, DB_NO_DAY);
	ck_assert_int_eq(db_today_find(&t, c)->next_step, DB_NO_DAY);
	db_today_free(&t);
	ck_assert_int_eq(db_today_step(d, day, a, words, sizeof words), DB_OK);
	ck_assert_str_eq(words, "send the proposal");
	ck_assert_int_eq(db_today_step(d, day, b, words, sizeof words), DB_OK);
	ck_assert_str_eq(words, "");
	/* A day later the other's step is due too; before the first, none. */
	ck_assert_int_eq(db_today_load(d, day + 4, &t), DB_OK);
	ck_assert(date_parse("2026-12-01", &due));
	ck_assert_int_eq(db_today_find(&t, b)->next_step, due);
	db_today_free(&t);
	ck_assert_int_eq(db_today_load(d, day - 3, &t), DB_OK);
	ck_assert_int_eq(db_today_find(&t, a)->next_step, DB_NO_DAY);
	db_today_free(&t);
	/* Cut to the buffer given. */
	ck_assert_int_eq(db_today_step(d, day, a, words, 5), DB_OK);
	ck_assert_str_eq(words, "send");
	db_close(d);
}
END_TEST

Suite *suite_store(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_store_open_create_reopen);
	tcase_add_test(tc, test_store_today_next_steps);
	tcase_add_test(tc, test_store_refuses_what_is_not_ours);
	tcase_add_test(tc, test_store_readonly);
	tcase_add_test(tc, test_store_migration_backs_up);
	tcase_add_test(tc, test_store_migration_killed_reruns);
	tcase_add_test(tc, test_store_migration_v9_keeps_customers);
	tcase_add_test(tc, test_store_migration_v10_signing);
	tcase_add_test(tc, test_store_migration_v17_choices);
	tcase_add_test(tc, test_store_calendar_days);
	tcase_add_test(tc, test_store_bundle_versions);
	tcase_add_test(tc, test_store_bundle_old_clamped_conflict);
	tcase_add_test(tc, test_store_key_restored_book);
	tcase_add_test(tc, test_store_team_run_settings);
	tcase_add_test(tc, test_store_team_finish_side);
	tcase_add_test(tc, test_store_page_size);
	tcase_add_test(tc, test_store_upsert_semantics);
	tcase_add_test(tc, test_store_attrs_round_trip);
	tcase_add_test(tc, test_store_attrs_check);
	tcase_add_test(tc, test_store_attrs_parse);
	tcase_add_test(tc, test_store_attrs_parse_again);
	tcase_add_test(tc, test_store_resolve);
	tcase_add_test(tc, test_store_tiers);
	tcase_add_test(tc, test_store_tiers_persist);
	tcase_add_test(tc, test_store_search_chinese_any_length);
	tcase_add_test(tc, test_store_search_ascii_phone_attrs);
	tcase_add_test(tc, test_store_search_follows_updates);
	tcase_add_test(tc, test_store_pages_cover_everything_once);
	tcase_add_test(tc, test_store_pages_clustered_matches);
	tcase_add_test(tc, test_store_pages_in_steps);
	tcase_add_test(tc, test_store_filters_count_uids_steps);
	tcase_add_test(tc, test_store_filters_on_escaped_attributes);
	tcase_add_test(tc, test_store_activity);
	tcase_add_test(tc, test_store_bulk_load);
	tcase_add_test(tc, test_store_bulk_fresh_uids);
	tcase_add_test(tc, test_store_busy);
	tcase_add_test(tc, test_store_stamps_increase);
	tcase_add_test(tc, test_store_settings_book_snapshot);
	tcase_add_test(tc, test_store_transaction_rules);
	tcase_add_test(tc, test_store_uid_map);
	tcase_add_test(tc, test_store_target_lines);
	suite_add_tcase(s, tc);
	return s;
}
