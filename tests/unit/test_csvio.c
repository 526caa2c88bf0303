/* The CSV edge: the reader against libcsv's traps (RELIABILITY.md), encodings,
 * the writer's quoting, neutralisation and atomic replace, and the fixtures. */
#include <errno.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "repdesk/csvio.h"
#include "suites.h"

/* ---- helpers ---- */

/* Write LEN bytes to NAME in a fresh temporary directory; malloc'd path. */
static char *put_file(const char *name, const void *data, size_t len)
{
	char *dir = test_tmpdir();
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	free(dir);
	FILE *fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}
#define PUT(lit) put_file("f.csv", lit, sizeof lit - 1)

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(fp);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

struct sbuf {
	char *s;
	size_t n, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		while (b->n + n + 1 > b->cap)
			b->cap = b->cap ? 2 * b->cap : 256;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* Everything a reader returns for PATH, one line per call: "LINE:f1|f2" for a
 * row, "row! MSG" / "file! MSG" / "io! MSG" for errors, with the directory
 * cut from the path in messages. Caller frees. */
static char *dump_enc(const char *path, csvio_encoding enc, char *encname, size_t encsz)
{
	char err[512], num[32];
	csvio_status st;
	struct sbuf b = { 0 };
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	csvio_reader *r = csvio_read_open(path, enc, &st, err, sizeof err);
	ck_assert_msg(r != NULL, "open %s: %s", path, err);
	sb_str(&b, "");
	for (;;) {
		csvio_row row;
		st = csvio_read_next(r, &row, err, sizeof err);
		if (st == CSVIO_EOF)
			break;
		if (st == CSVIO_ROW) {
			snprintf(num, sizeof num, "%ld:", row.line);
			sb_str(&b, num);
			for (size_t i = 0; i < row.n; i++) {
				if (i)
					sb_str(&b, "|");
				if (strlen(row.fields[i]) != row.lens[i])   /* no ck_assert in loops: slow */
					ck_abort_msg("line %ld field %zu: length %zu", row.line, i, row.lens[i]);
				sb_add(&b, row.fields[i], row.lens[i]);
			}
			sb_str(&b, "\n");
			continue;
		}
		ck_assert_int_eq(row.n, 0);
		sb_str(&b, st == CSVIO_BAD_ROW ? "row! " : st == CSVIO_BAD_FILE ? "file! " : "io! ");
		const char *m = strncmp(err, path, strlen(path)) == 0 ? err + strlen(path) : err;
		if (m != err)
			sb_str(&b, base);
		sb_str(&b, m);
		sb_str(&b, "\n");
		if (st != CSVIO_BAD_ROW) {
			/* it stays stopped */
			char err2[512];
			ck_assert_int_eq(csvio_read_next(r, &row, err2, sizeof err2), st);
			ck_assert_str_eq(err2, err);
			break;
		}
	}
	if (encname)
		snprintf(encname, encsz, "%s", csvio_encoding_name(r));
	csvio_read_close(r);
	return b.s;
}

static char *dump(const char *path)
{
	return dump_enc(path, CSVIO_ENC_AUTO, NULL, 0);
}

#define ck_dump(path, expected) do { \
	char *got_ = dump(path); \
	ck_assert_str_eq(got_, expected); \
	free(got_); \
} while (0)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_bytes(void)
{
	long pages = 0, resident = 0;
	FILE *fp = fopen("/proc/self/statm", "r");
	if (!fp)
		return -1;
	if (fscanf(fp, "%ld %ld", &pages, &resident) != 2)
		resident = -1;
	fclose(fp);
	return resident * sysconf(_SC_PAGESIZE);
}

/* Entries in DIR besides . and .. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static char *dir_of(const char *path)
{
	return strndup(path, (size_t)(strrchr(path, '/') - path));
}

/* Remove a big test file and its directory (the runner leaves temp dirs). */
static void drop(const char *path, char *dir)
{
	unlink(path);
	rmdir(dir);
	free(dir);
}

/* ---- reader: syntax ---- */

START_TEST(quotes_and_commas)
{
	char *p = PUT("name,note,n\n\"he said \"\"hi\"\"\",\"a,b\",\"\"\n,,\n");
	ck_dump(p, "1:name|note|n\n2:he said \"hi\"|a,b|\n3:||\n");
	free(p);
}
END_TEST

START_TEST(bytes_kept)
{
	/* Unquoted spaces, U+3000, U+00A0, tabs: kept byte for byte. */
	char *p = PUT("a,b\n  x ,\t\xE3\x80\x80y\xC2\xA0\n");
	ck_dump(p, "1:a|b\n2:  x |\t\xE3\x80\x80y\xC2\xA0\n");
	free(p);
}
END_TEST

START_TEST(bom_unquoted_header)
{
	char *p = PUT("\xEF\xBB\xBFname,city\n广州天河宾馆,广州\n");
	ck_dump(p, "1:name|city\n2:广州天河宾馆|广州\n");
	free(p);
}
END_TEST

START_TEST(bom_quoted_header)
{
	char *p = PUT("\xEF\xBB\xBF\"name\",\"city\"\r\n\"广州天河宾馆\",\"广州\"\r\n");
	char enc[16];
	char *got = dump_enc(p, CSVIO_ENC_AUTO, enc, sizeof enc);
	ck_assert_str_eq(got, "1:name|city\n2:广州天河宾馆|广州\n");
	ck_assert_str_eq(enc, "utf-8");
	free(got);
	free(p);
}
END_TEST

START_TEST(line_ends_alike)
{
	const char *expected = "1:a|b|c\n2:1|x y|3\n3:4||6\n";
	char *lf = put_file("lf.csv", "a,b,c\n1,x y,3\n4,,6\n", 19);
	char *crlf = put_file("crlf.csv", "a,b,c\r\n1,x y,3\r\n4,,6\r\n", 22);
	char *cr = put_file("cr.csv", "a,b,c\r1,x y,3\r4,,6\r", 19);
	char *noend = put_file("noend.csv", "a,b,c\r\n1,x y,3\r\n4,,6", 20);
	ck_dump(lf, expected);
	ck_dump(crlf, expected);
	ck_dump(cr, expected);
	ck_dump(noend, expected);
	free(lf);
	free(crlf);
	free(cr);
	free(noend);
}
END_TEST

START_TEST(quoted_line_breaks)
{
	char *p = PUT("a,b,c\r\na,\"line1\r\nline2\",c\r\n");
	ck_dump(p, "1:a|b|c\n2:a|line1\nline2|c\n");
	free(p);
	/* In a file whose lines end in CR, a quoted CR is its line break. */
	p = PUT("a,b\rx,\"1\r2\"\r");
	ck_dump(p, "1:a|b\n2:x|1\n2\n");
	free(p);
	/* Elsewhere a lone CR in quotes is data. */
	p = PUT("a,b\nx,\"1\r2\"\n");
	ck_dump(p, "1:a|b\n2:x|1\r2\n");
	free(p);
}
END_TEST

START_TEST(line_numbers)
{
	char *p = PUT("h1,h2\n"            /* 1 */
	              "\n"                 /* 2 blank */
	              "a,\"x\ny\"\n"       /* 3-4 */
	              "   \n"              /* 5 spaces only */
	              "b,c\r\n"            /* 6 */
	              "\r\n"               /* 7 */
	              "\"q\",\"\n\n\"\n"   /* 8-10 */
	              "\t\n"               /* 11 */
	              "d,e");              /* 12, no line end */
	ck_dump(p, "1:h1|h2\n3:a|x\ny\n6:b|c\n8:q|\n\n\n12:d|e\n");
	free(p);
	/* Leading spaces before data are data, not a blank line. */
	p = PUT("a,b\n  ,x\n");
	ck_dump(p, "1:a|b\n2:  |x\n");
	free(p);
}
END_TEST

START_TEST(empty_files)
{
	char *p = PUT("");
	ck_dump(p, "");
	free(p);
	p = PUT("\xEF\xBB\xBF");
	ck_dump(p, "");
	free(p);
	p = PUT("\n\r\n  \n");
	ck_dump(p, "");
	free(p);
	/* A one-column file keeps its quoted empty and blank values. */
	p = PUT("name\n\"\"\n\" \"\n");
	ck_dump(p, "1:name\n2:\n3: \n");
	free(p);
}
END_TEST

/* ---- reader: bad files and rows ---- */

START_TEST(unterminated_quote_200k)
{
	char *dir = test_tmpdir();
	char path[4096];
	snprintf(path, sizeof path, "%s/f.csv", dir);
	FILE *fp = fopen(path, "w");
	fputs("a,b,c\nx,\"open,z\n", fp);
	for (int i = 0; i < 200000; i++)
		fprintf(fp, "name%d,%d,note\n", i, i);
	ck_assert_int_eq(fclose(fp), 0);
	ck_dump(path, "1:a|b|c\nfile! f.csv:2: unterminated quote\n");
	drop(path, dir);
}
END_TEST

START_TEST(unterminated_quote_huge)
{
	/* More than CSVIO_FIELD_MAX after the open quote: refused at the cap, not
	 * after swallowing the file, and with memory bounded. */
	char *dir = test_tmpdir();
	char path[4096];
	snprintf(path, sizeof path, "%s/f.csv", dir);
	FILE *fp = fopen(path, "w");
	fputs("a,b,c\n\n1,2,3\nx,\"open,z\n", fp);
	for (int i = 0; i < 600000; i++)
		fprintf(fp, "customer %d,%d,some note\n", i, i);
	ck_assert_int_eq(fclose(fp), 0);
	long before = rss_bytes();
	char *got = dump(path);
	long grown = rss_bytes() - before;
	ck_assert_str_eq(got, "1:a|b|c\n3:1|2|3\n"
	                 "file! f.csv:4: unterminated quote (or a field larger than 8 MiB)\n");
#ifndef __SANITIZE_ADDRESS__
	/* (ASan keeps the buffers libcsv outgrew in its quarantine.) */
	ck_assert_msg(grown < 16L * 1024 * 1024, "grew %ld bytes", grown);
#else
	(void)grown;
#endif
	free(got);
	drop(path, dir);
}
END_TEST

START_TEST(unterminated_quote_later_line)
{
	/* The quote that never closes opened on line 4, in a record from line 2. */
	char *p = PUT("a,b,c\nx,\"ok\n\",\"y\n1,2,3\n");
	ck_dump(p, "1:a|b|c\nfile! f.csv:3: unterminated quote\n");
	free(p);
	p = PUT("a,b\nx,\"1\n2\",\"3\n4\n5");
	ck_dump(p, "1:a|b\nfile! f.csv:3: unterminated quote\n");
	free(p);
	/* A doubled quote on a later line opens nothing. */
	p = PUT("a,b\nx,\"he said\n\"\"hi\"\"\n\"\"\"\"\n");
	ck_dump(p, "1:a|b\nfile! f.csv:2: unterminated quote\n");
	free(p);
}
END_TEST

START_TEST(malformed_quote)
{
	char *p = PUT("a,\"bc\"d,e\n1,2,3\n");
	ck_dump(p, "file! f.csv:1:2: malformed quote: text after the closing quote\n");
	free(p);
	p = PUT("a,b\n1,2\n\nx,ab\"c\n");
	ck_dump(p, "1:a|b\n2:1|2\nfile! f.csv:4:2: malformed quote: a quote inside an unquoted field\n");
	free(p);
}
END_TEST

START_TEST(ragged_rows)
{
	char *p = PUT("a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n\"x\ny\"\n13,14,15\n");
	ck_dump(p, "1:a|b|c\n2:1|2|3\n"
	           "row! f.csv:3: expected 3 fields, got 2\n"
	           "4:6|7|8\n"
	           "row! f.csv:5: expected 3 fields, got 4\n"
	           "row! f.csv:6: expected 3 fields, got 1\n"
	           "8:13|14|15\n");
	free(p);
}
END_TEST

START_TEST(nul_byte)
{
	char *p = PUT("a,b,c\n1,2,3\n4,x\0y,6\n7,8,9\n\"\0\",1,2\n");
	ck_dump(p, "1:a|b|c\n2:1|2|3\n"
	           "row! f.csv:3:2: NUL byte in field\n"
	           "4:7|8|9\n"
	           "row! f.csv:5:1: NUL byte in field\n");
	free(p);
}
END_TEST

START_TEST(invalid_utf8)
{
	/* Forced UTF-8, and auto-detected UTF-8 whose bad byte comes after the
	 * first chunk: a bad row naming line and column, then reading goes on. */
	char *p = PUT("a,b\n\xE5\xB9\xBF,x\xFFy\n\xED\xA0\x80,1\nok,\xE5\xB9\n2,3\n");
	char *got = dump_enc(p, CSVIO_ENC_UTF8, NULL, 0);
	ck_assert_str_eq(got, "1:a|b\nrow! f.csv:2:2: invalid UTF-8\n"
	                      "row! f.csv:3:1: invalid UTF-8\n"
	                      "row! f.csv:4:2: invalid UTF-8\n5:2|3\n");
	free(got);
	free(p);

	char *dir = test_tmpdir();
	char path[4096];
	snprintf(path, sizeof path, "%s/f.csv", dir);
	FILE *fp = fopen(path, "w");
	fputs("name,amount\n", fp);
	for (int i = 0; i < 100000; i++)
		fprintf(fp, "客户%d,%d\n", i, i);
	fputs("\xD5\xC5\xC8\xFD,100\n", fp);
	ck_assert_int_eq(fclose(fp), 0);
	char enc[16];
	got = dump_enc(path, CSVIO_ENC_AUTO, enc, sizeof enc);
	ck_assert_str_eq(enc, "utf-8");
	ck_assert_ptr_nonnull(strstr(got, "\n100001:客户99999|99999\nrow! f.csv:100002:1: invalid UTF-8\n"));
	free(got);
	drop(path, dir);
}
END_TEST

START_TEST(big_field)
{
	/* 1 MB with commas, quotes and line breaks, between two short fields. */
	size_t n = 1000000;
	char *text = malloc(2 * n + 64), *want = malloc(n + 1);
	size_t len = 0;
	len += (size_t)sprintf(text, "a,big,c\r\nx,\"");
	for (size_t i = 0; i < n; i++) {
		char c = "ab,\"\n\xE5\xB9\xBF"[i % 8];
		if (i % 8 >= 5)       /* keep 广 whole */
			c = "\xE5\xB9\xBF"[i % 8 - 5];
		want[i] = c;
		text[len++] = c;
		if (c == '"')
			text[len++] = '"';
	}
	want[n] = '\0';
	len += (size_t)sprintf(text + len, "\",z\r\n");
	char *p = put_file("f.csv", text, len);

	double t0 = now();
	char err[256];
	csvio_status st;
	csvio_reader *r = csvio_read_open(p, CSVIO_ENC_AUTO, &st, err, sizeof err);
	ck_assert_ptr_nonnull(r);
	csvio_row row;
	ck_assert_int_eq(csvio_read_next(r, &row, err, sizeof err), CSVIO_ROW);
	ck_assert_int_eq(csvio_read_next(r, &row, err, sizeof err), CSVIO_ROW);
	double took = now() - t0;
	ck_assert_uint_eq(row.n, 3);
	ck_assert_uint_eq(row.lens[1], n);
	ck_assert(memcmp(row.fields[1], want, n) == 0);
	ck_assert_str_eq(row.fields[2], "z");
	ck_assert_int_eq(csvio_read_next(r, &row, err, sizeof err), CSVIO_EOF);
	csvio_read_close(r);
	ck_assert_msg(took < 0.5, "a 1 MB field took %.3f s", took);
	free(text);
	free(want);
	free(p);
}
END_TEST

START_TEST(field_too_large)
{
	char *dir = test_tmpdir();
	char path[4096];
	snprintf(path, sizeof path, "%s/f.csv", dir);
	FILE *fp = fopen(path, "w");
	fputs("a,b\n1,", fp);
	for (unsigned i = 0; i <= CSVIO_FIELD_MAX; i++)
		putc('x', fp);
	fputs("\n2,3\n", fp);
	ck_assert_int_eq(fclose(fp), 0);
	ck_dump(path, "1:a|b\nfile! f.csv:2:2: field larger than 8 MiB\n");

	/* Exactly CSVIO_FIELD_MAX is accepted. */
	fp = fopen(path, "w");
	fputs("a,b\n1,\"", fp);
	for (unsigned i = 0; i < CSVIO_FIELD_MAX; i++)
		putc('x', fp);
	fputs("\"\n2,3\n", fp);
	ck_assert_int_eq(fclose(fp), 0);
	char err[256];
	csvio_status st;
	csvio_reader *r = csvio_read_open(path, CSVIO_ENC_AUTO, &st, err, sizeof err);
	csvio_row row;
	ck_assert_int_eq(csvio_read_next(r, &row, err, sizeof err), CSVIO_ROW);
	ck_assert_int_eq(csvio_read_next(r, &row, err, sizeof err), CSVIO_ROW);
	ck_assert_uint_eq(row.lens[1], CSVIO_FIELD_MAX);
	ck_assert_int_eq(csvio_read_next(r, &row, err, sizeof err), CSVIO_ROW);
	ck_assert_str_eq(row.fields[1], "3");
	csvio_read_close(r);
	drop(path, dir);
}
END_TEST

START_TEST(too_many_columns)
{
	size_t n = CSVIO_COLUMNS_MAX + 1;
	char *text = malloc(2 * n + 2);
	for (size_t i = 0; i < n; i++)
		text[2 * i] = 'x', text[2 * i + 1] = ',';
	text[2 * n - 1] = '\n';
	char *p = put_file("f.csv", text, 2 * n);
	ck_dump(p, "file! f.csv:1: more than 16384 fields\n");
	free(p);
	free(text);
}
END_TEST

START_TEST(memory_bounded)
{
	/* A 24 MiB file streams through with flat memory. */
	char *dir = test_tmpdir();
	char path[4096];
	snprintf(path, sizeof path, "%s/f.csv", dir);
	FILE *fp = fopen(path, "w");
	fputs("name,phone,city,notes\n", fp);
	long rows = 0;
	while (ftell(fp) < 24L * 1024 * 1024) {
		fprintf(fp, "白云商贸有限公司%ld,13800138000,广州,\"说过 \"\"月底\"\"\n再订\"\n", rows);
		rows++;
	}
	ck_assert_int_eq(fclose(fp), 0);

	char err[256];
	csvio_status st;
	csvio_reader *r = csvio_read_open(path, CSVIO_ENC_AUTO, &st, err, sizeof err);
	csvio_row row;
	long before = rss_bytes(), peak = before, seen = 0;
	while ((st = csvio_read_next(r, &row, err, sizeof err)) == CSVIO_ROW) {
		if (++seen % 20000 == 0) {
			long now_rss = rss_bytes();
			peak = now_rss > peak ? now_rss : peak;
		}
	}
	ck_assert_int_eq(st, CSVIO_EOF);
	ck_assert_int_eq(seen, rows + 1);
	ck_assert_str_eq(csvio_encoding_name(r), "utf-8");
	csvio_read_close(r);
	ck_assert_msg(peak - before < 8L * 1024 * 1024, "memory grew by %ld bytes", peak - before);
	drop(path, dir);
}
END_TEST

START_TEST(missing_file)
{
	char err[256] = "";
	csvio_status st = CSVIO_ROW;
	ck_assert_ptr_null(csvio_read_open("/nonexistent/f.csv", CSVIO_ENC_AUTO, &st, err, sizeof err));
	ck_assert_int_eq(st, CSVIO_NO_FILE);
	ck_assert_str_eq(err, "/nonexistent/f.csv: No such file or directory");
	char *dir = test_tmpdir();
	ck_assert_ptr_null(csvio_read_open(dir, CSVIO_ENC_AUTO, &st, err, sizeof err));
	ck_assert_int_eq(st, CSVIO_NO_FILE);
	ck_assert_ptr_nonnull(strstr(err, ": Is a directory"));
	free(dir);
}
END_TEST

/* ---- reader: encodings ---- */

START_TEST(gbk_detected)
{
	char *p = PUT("\xD0\xD5\xC3\xFB,\xBD\xF0\xB6\xEE\r\n\xD5\xC5\xC8\xFD,100\r\n");
	char enc[16];
	char *got = dump_enc(p, CSVIO_ENC_AUTO, enc, sizeof enc);
	ck_assert_str_eq(got, "1:姓名|金额\n2:张三|100\n");
	ck_assert_str_eq(enc, "gb18030");
	free(got);
	/* GB18030's four-byte sequences too (€ is A2E3, ¥ is 81 30 84 36). */
	free(p);
	p = PUT("a\n\x81\x30\x84\x36\xA2\xE3\n");
	got = dump_enc(p, CSVIO_ENC_GB18030, enc, sizeof enc);
	ck_assert_str_eq(got, "1:a\n2:¥€\n");
	ck_assert_str_eq(enc, "gb18030");
	free(got);
	free(p);
}
END_TEST

START_TEST(encoding_forced)
{
	/* UTF-8 bytes read as GB18030 are mojibake, as asked; GBK bytes read as
	 * UTF-8 are invalid. */
	char *p = PUT("n\n张三\n");
	char enc[16];
	char *got = dump_enc(p, CSVIO_ENC_GB18030, enc, sizeof enc);
	ck_assert_str_eq(enc, "gb18030");
	ck_assert_str_eq(got, "1:n\n2:寮犱笁\n");
	free(got);
	free(p);
	p = PUT("n\n\xD5\xC5\xC8\xFD\n");
	got = dump_enc(p, CSVIO_ENC_UTF8, enc, sizeof enc);
	ck_assert_str_eq(enc, "utf-8");
	ck_assert_str_eq(got, "1:n\nrow! f.csv:2:1: invalid UTF-8\n");
	free(got);
	free(p);
}
END_TEST

START_TEST(gb18030_undecodable)
{
	char *p = PUT("a,b\r\n\xD5\xC5\xC8\xFD,1\r\n\r\nx\xFF,y\r\n");
	ck_dump(p, "1:a|b\n2:张三|1\nfile! f.csv:4: bytes not valid in GB18030: FF 2C 79 0D\n");
	free(p);
	p = PUT("a\r\n\xD5\xC5\r\n\xD5");
	char *got = dump_enc(p, CSVIO_ENC_GB18030, NULL, 0);
	ck_assert_str_eq(got, "1:a\n2:张\nfile! f.csv:3: incomplete GB18030 character at end of file: D5\n");
	free(got);
	free(p);
}
END_TEST

/* The encoding comes from the whole file: one line that is not UTF-8 does
 * not make a UTF-8 file GB18030 (天河宾馆 read so is 澶╂渤瀹鹃); it is a bad
 * row. Only a file with no UTF-8 line is GB18030. */
START_TEST(encoding_whole_file)
{
	char enc[16];
	char *p = PUT("name,n\n天河宾馆,1\ncaf\xE9,2\nx,y\n");
	char *got = dump_enc(p, CSVIO_ENC_AUTO, enc, sizeof enc);
	ck_assert_str_eq(enc, "utf-8");
	ck_assert_str_eq(got, "1:name|n\n2:天河宾馆|1\nrow! f.csv:3:1: invalid UTF-8\n4:x|y\n");
	free(got);
	free(p);
	/* UTF-8 and GB18030 lines mixed, the GB18030 one first; CRLF. */
	p = PUT("name,n\r\n\xD5\xC5\xC8\xFD,1\r\n天河宾馆,2\r\n");
	got = dump_enc(p, CSVIO_ENC_AUTO, enc, sizeof enc);
	ck_assert_str_eq(enc, "utf-8");
	ck_assert_str_eq(got, "1:name|n\nrow! f.csv:2:1: invalid UTF-8\n3:天河宾馆|2\n");
	free(got);
	free(p);
	/* A character cut by a line end is not UTF-8 either. */
	p = PUT("a\n\xE5\xB9\n\xB3\n");
	got = dump_enc(p, CSVIO_ENC_AUTO, enc, sizeof enc);
	ck_assert_str_eq(enc, "gb18030");
	free(got);
	free(p);
}
END_TEST

/* GB18030 text that would be written back as other bytes is refused: glibc
 * reads 95 32 90 31 as U+20087, whose GB18030 form is FE 51. */
START_TEST(gb18030_round_trip)
{
	char *p = PUT("a\n\xD5\xC5\n\xFE\x51\nx\x95\x32\x90\x31y\n");
	ck_dump(p, "1:a\n2:张\n3:\xF0\xA0\x82\x87\n"
	           "file! f.csv:4: GB18030 bytes that would not be written back the same: 95 32 90 31\n");
	char *got = dump_enc(p, CSVIO_ENC_GB18030, NULL, 0);
	ck_assert_str_eq(got, "1:a\n2:张\n3:\xF0\xA0\x82\x87\n"
	                      "file! f.csv:4: GB18030 bytes that would not be written back the same: 95 32 90 31\n");
	free(got);
	free(p);
}
END_TEST

/* Write UTF-8 TEXT to NAME as UTF-16 (BE or LE) with a BOM. */
static char *put_utf16(const char *name, const char *text, bool be)
{
	size_t n = strlen(text);
	unsigned char *buf = malloc(2 * n + 2);   /* no UTF-8 byte makes more than two */
	size_t k = 0;
	buf[k++] = be ? 0xFE : 0xFF;
	buf[k++] = be ? 0xFF : 0xFE;
	const unsigned char *u = (const unsigned char *)text;
	for (size_t i = 0; i < n;) {
		unsigned cp, len = u[i] < 0x80 ? 1 : u[i] < 0xE0 ? 2 : u[i] < 0xF0 ? 3 : 4;
		cp = len == 1 ? u[i] : len == 2 ? u[i] & 0x1F : len == 3 ? u[i] & 0x0F : u[i] & 0x07;
		for (unsigned j = 1; j < len; j++)
			cp = cp << 6 | (u[i + j] & 0x3F);
		i += len;
		unsigned units[2], nu = 1;
		units[0] = cp;
		if (cp >= 0x10000) {
			units[0] = 0xD800 + ((cp - 0x10000) >> 10);
			units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			nu = 2;
		}
		for (unsigned j = 0; j < nu; j++) {
			buf[k++] = (unsigned char)(be ? units[j] >> 8 : units[j] & 0xFF);
			buf[k++] = (unsigned char)(be ? units[j] & 0xFF : units[j] >> 8);
		}
	}
	char *path = put_file(name, buf, k);
	free(buf);
	return path;
}

/* Excel's "Unicode Text": UTF-16LE with a BOM, tab-separated, CRLF. */
START_TEST(utf16_read)
{
	char enc[16];
	char *p = put_utf16("u.txt", "名称\t备注\r\n天河宾馆\t\"有\t制表符,\r\n和换行\"\r\n𠂇\t\r\n", false);
	char *got = dump_enc(p, CSVIO_ENC_AUTO, enc, sizeof enc);
	ck_assert_str_eq(enc, "utf-16le");
	ck_assert_str_eq(got, "1:名称|备注\n2:天河宾馆|有\t制表符,\n和换行\n4:𠂇|\n");
	free(got);
	free(p);
	/* Big-endian, and commas in the header: comma-separated. */
	p = put_utf16("u.csv", "name,city\nA,广州\n", true);
	got = dump_enc(p, CSVIO_ENC_AUTO, enc, sizeof enc);
	ck_assert_str_eq(enc, "utf-16be");
	ck_assert_str_eq(got, "1:name|city\n2:A|广州\n");
	free(got);
	free(p);
	/* An odd byte at the end, and a lone surrogate. */
	p = PUT("\xFF\xFE" "a\0\n\0b\0\n\0c");
	ck_dump(p, "1:a\n2:b\nfile! f.csv:3: incomplete UTF-16LE character at end of file: 63\n");
	free(p);
	p = PUT("\xFF\xFE" "a\0\n\0\x00\xD8" "b\0\n\0");
	ck_dump(p, "1:a\nfile! f.csv:2: bytes not valid in UTF-16LE: 00 D8 62 00\n");
	free(p);
}
END_TEST

/* Many UTF-16 rows: characters cut by every read. */
START_TEST(utf16_long)
{
	size_t cap = 1u << 21, n = 0;
	char *text = malloc(cap);
	n += (size_t)sprintf(text, "名称\t金额\r\n");
	int rows = 0;
	while (n < cap - 64) {
		n += (size_t)sprintf(text + n, "客户%d\t%d\r\n", rows, rows);
		rows++;
	}
	char *p = put_utf16("long.txt", text, false);
	char err[256];
	csvio_status st;
	csvio_reader *r = csvio_read_open(p, CSVIO_ENC_AUTO, &st, err, sizeof err);
	csvio_row row;
	ck_assert_int_eq(csvio_read_next(r, &row, err, sizeof err), CSVIO_ROW);
	int k = 0;
	char want[64];
	while ((st = csvio_read_next(r, &row, err, sizeof err)) == CSVIO_ROW) {
		snprintf(want, sizeof want, "客户%d", k);
		if (row.n != 2 || strcmp(row.fields[0], want) != 0 || row.line != k + 2)
			ck_abort_msg("row %d: %s", k, row.fields[0]);
		k++;
	}
	ck_assert_msg(st == CSVIO_EOF, "%s", err);
	ck_assert_int_eq(k, rows);
	csvio_read_close(r);
	free(text);
	free(p);
}
END_TEST

/* A header with tabs and no commas makes a tab-separated file. */
START_TEST(tab_separated)
{
	char *p = PUT("name\tcity\n甲,乙\t广州\n");
	ck_dump(p, "1:name|city\n2:甲,乙|广州\n");
	free(p);
	/* With commas in the header, tabs are data. */
	p = PUT("name,note\ta\nx,y\tz\n");
	ck_dump(p, "1:name|note\ta\n2:x|y\tz\n");
	free(p);
}
END_TEST

START_TEST(excel_workbook)
{
	char *p = PUT("PK\x03\x04\x14\0\x06\0rest");
	ck_dump(p, "file! f.csv: this is an Excel workbook, not a CSV file: save it as CSV in Excel\n");
	free(p);
	p = PUT("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
	ck_dump(p, "file! f.csv: this is an Excel workbook, not a CSV file: save it as CSV in Excel\n");
	free(p);
}
END_TEST

/* Files of many rows with a character cut by every read boundary. */
static void check_boundaries(bool gb)
{
	char *dir = test_tmpdir();
	char path[4096];
	snprintf(path, sizeof path, "%s/f.csv", dir);
	/* 张三 is 4 bytes in GBK, 6 in UTF-8; the rows are 9 or 11 bytes, so
	 * padding the header by 0..10 puts every offset on each boundary. */
	const char *zs = gb ? "\xD5\xC5\xC8\xFD" : "张三";
	for (int pad = 0; pad <= 10; pad++) {
		FILE *fp = fopen(path, "w");
		fprintf(fp, "n%.*s,a\r\n", pad, "xxxxxxxxxx");
		long rows = 0;
		while (ftell(fp) < 1100L * 1024) {
			fprintf(fp, "%s,12\r\n", zs);
			rows++;
		}
		ck_assert_int_eq(fclose(fp), 0);
		for (int forced = 0; forced < 2; forced++) {
			csvio_encoding enc = forced ? (gb ? CSVIO_ENC_GB18030 : CSVIO_ENC_UTF8) : CSVIO_ENC_AUTO;
			char err[256];
			csvio_status st;
			csvio_reader *r = csvio_read_open(path, enc, &st, err, sizeof err);
			csvio_row row;
			ck_assert_int_eq(csvio_read_next(r, &row, err, sizeof err), CSVIO_ROW);
			long n = 0;
			while ((st = csvio_read_next(r, &row, err, sizeof err)) == CSVIO_ROW) {
				if (strcmp(row.fields[0], "张三") != 0 || strcmp(row.fields[1], "12") != 0 ||
				    row.line != n + 2)
					ck_abort_msg("pad %d, line %ld: %s|%s", pad, row.line,
					             row.fields[0], row.fields[1]);
				n++;
			}
			ck_assert_msg(st == CSVIO_EOF, "pad %d: %s", pad, err);
			ck_assert_int_eq(n, rows);
			ck_assert_str_eq(csvio_encoding_name(r), gb ? "gb18030" : "utf-8");
			csvio_read_close(r);
		}
	}
	drop(path, dir);
}

START_TEST(gb18030_chunk_boundaries)
{
	check_boundaries(true);
}
END_TEST

START_TEST(utf8_chunk_boundaries)
{
	check_boundaries(false);
}
END_TEST

/* ---- neutralisation ---- */

START_TEST(unneutralise)
{
	static const char *const cases[][2] = {
		{ "'=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0" },
		{ "'+86 138 0000", "+86 138 0000" },
		{ "'-x", "-x" }, { "'@SUM(A1)", "@SUM(A1)" },
		{ "'\tx", "\tx" }, { "'\rx", "\rx" },
		{ "''=x", "'=x" }, { "'''-1", "''-1" },
		{ "'hello", "'hello" }, { "'", "'" }, { "''", "''" },
		{ "=x", "=x" }, { "-300.00", "-300.00" }, { "", "" },
		{ "a'=b", "a'=b" },
		/* a text column of an Excel export */
		{ "=\"13800138000\"", "13800138000" }, { "=\"=x\"", "=x" }, { "=\"'a\"", "'a" },
		{ "'=\"x\"", "=\"x\"" }, { "=\"a\"b\"", "=\"a\"b\"" }, { "=\"a", "=\"a" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[64];
		snprintf(buf, sizeof buf, "%s", cases[i][0]);
		csvio_unneutralise(buf);
		ck_assert_str_eq(buf, cases[i][1]);
	}
	csvio_unneutralise(NULL);
}
END_TEST

/* ---- writer ---- */

static char *write_rows(bool excel, const char *const *fields, size_t n, size_t per_row)
{
	char *dir = test_tmpdir();
	char path[4096], err[256];
	snprintf(path, sizeof path, "%s/out.csv", dir);
	csvio_writer *w = csvio_write_open(path, excel, err, sizeof err);
	ck_assert_msg(w != NULL, "%s", err);
	for (size_t i = 0; i < n; i += per_row)
		ck_assert(csvio_write_row(w, fields + i, per_row, err, sizeof err));
	ck_assert_msg(csvio_write_close(w, err, sizeof err), "%s", err);
	char *out = slurp(path, NULL);
	ck_assert_int_eq(count_entries(dir), 1);
	free(dir);
	return out;
}

START_TEST(writer_minimal_quoting)
{
	static const char *const f[] = {
		"plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere",
		" lead", "trail\t", "in side", "", "广州天河宾馆", "=1+1", "-300.00", NULL,
	};
	char *out = write_rows(false, f, 13, 13);
	ck_assert_str_eq(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\","
	                      "\" lead\",\"trail\t\",in side,,广州天河宾馆,=1+1,-300.00,\n");
	free(out);
	/* A lone empty field is quoted: an empty line would be skipped. */
	static const char *const g[] = { "name", "", " ", "\xEF\xBB\xBFx" };
	out = write_rows(false, g, 4, 1);
	ck_assert_str_eq(out, "name\n\"\"\n\" \"\n\"\xEF\xBB\xBFx\"\n");
	free(out);
}
END_TEST

START_TEST(writer_excel)
{
	static const char *const f[] = {
		"=cmd|' /C calc'!A0", "+86 138 0000", "-300.00", "+5", "-5e3", "@SUM(A1)",
		"\tx", "\r=1", "'=x", "'hi", "12000.00", "张三", "-", "a=b",
	};
	char *out = write_rows(true, f, 14, 14);
	ck_assert_str_eq(out, "\xEF\xBB\xBF"
	                      "'=cmd|' /C calc'!A0,'+86 138 0000,-300.00,+5,'-5e3,'@SUM(A1),"
	                      "'\tx,\"'\r=1\",''=x,'hi,12000.00,张三,'-,a=b\r\n");
	free(out);
}
END_TEST

/* Text columns of a spreadsheet: ="..." unless that cannot hold the value;
 * the heading row before the columns are set stays plain; plain CSV never. */
START_TEST(writer_text_columns)
{
	char *dir = test_tmpdir();
	char path[4096], err[256];
	static const bool text[] = { true, false, true };
	char longv[300];
	memset(longv, '1', sizeof longv - 1);
	longv[sizeof longv - 1] = '\0';
	const char *head[] = { "uid", "name", "phone" };
	const char *rows[][3] = {
		{ "01a2", "13800138000", "013800138000" }, { "", "0755", "a\"b" },
		{ "+86 1", "y", "1\n2" }, { longv, "z", "=1" },
	};
	for (int excel = 0; excel < 2; excel++) {
		snprintf(path, sizeof path, "%s/t%d.csv", dir, excel);
		csvio_writer *w = csvio_write_open(path, excel, err, sizeof err);
		ck_assert(w != NULL);
		ck_assert(csvio_write_row(w, head, 3, err, sizeof err));
		csvio_write_text_columns(w, text, 3);
		for (size_t i = 0; i < 4; i++)
			ck_assert(csvio_write_row(w, rows[i], 3, err, sizeof err));
		ck_assert(csvio_write_close(w, err, sizeof err));
		char *out = slurp(path, NULL);
		char expect[2048];
		if (excel)
			snprintf(expect, sizeof expect, "\xEF\xBB\xBFuid,name,phone\r\n"
			         "\"=\"\"01a2\"\"\",\"=\"\"13800138000\"\"\",\"=\"\"013800138000\"\"\"\r\n"
			         ",\"=\"\"0755\"\"\",\"a\"\"b\"\r\n"
			         "\"=\"\"+86 1\"\"\",y,\"1\n2\"\r\n"
			         "%s,z,\"=\"\"=1\"\"\"\r\n", longv);
		else
			snprintf(expect, sizeof expect, "uid,name,phone\n01a2,13800138000,013800138000\n"
			         ",0755,\"a\"\"b\"\n+86 1,y,\"1\n2\"\n%s,z,=1\n", longv);
		ck_assert_str_eq(out, expect);
		free(out);
	}
	free(dir);
}
END_TEST

/* Strings that trip writers and readers. */
static size_t tricky(char out[][48], size_t max)
{
	static const char *const pre[] = { "", "'", "''", "'''" };
	static const char *const head[] = {
		"=", "+", "-", "@", "\t", "\r", "a", " ", "1", "-1", "+86 ", "\"", ",", "\n", "广", "",
	};
	static const char *const tail[] = {
		"", "1+1", "300.00", ".5", " x", "cmd|' /C calc'!A0", "\n", ",", "\"q\"", "张三 ", "\t",
	};
	size_t n = 0;
	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < sizeof head / sizeof *head; j++)
			for (size_t k = 0; k < sizeof tail / sizeof *tail && n < max; k++) {
				snprintf(out[n], sizeof out[n], "%s%s%s", pre[i], head[j], tail[k]);
				/* CRLF inside a field reads back as LF, by design. */
				if (!strstr(out[n], "\r\n"))
					n++;
			}
	return n;
}

static void round_trip(bool excel, size_t per_row)
{
	static char s[1024][48];
	size_t n = tricky(s, 1024);
	n -= n % per_row;
	const char **f = malloc(n * sizeof *f);
	for (size_t i = 0; i < n; i++)
		f[i] = s[i];

	char *dir = test_tmpdir();
	char path[4096], err[256];
	snprintf(path, sizeof path, "%s/out.csv", dir);
	csvio_writer *w = csvio_write_open(path, excel, err, sizeof err);
	for (size_t i = 0; i < n; i += per_row)
		if (!csvio_write_row(w, f + i, per_row, err, sizeof err))
			ck_abort_msg("%s", err);
	ck_assert(csvio_write_close(w, err, sizeof err));

	csvio_status st;
	csvio_reader *r = csvio_read_open(path, CSVIO_ENC_AUTO, &st, err, sizeof err);
	csvio_row row;
	size_t i = 0;
	while ((st = csvio_read_next(r, &row, err, sizeof err)) == CSVIO_ROW) {
		if (row.n != per_row)
			ck_abort_msg("line %ld: %zu fields", row.line, row.n);
		for (size_t k = 0; k < row.n; k++, i++) {
			if (excel)
				csvio_unneutralise(row.fields[k]);
			if (strcmp(row.fields[k], f[i]) != 0)
				ck_abort_msg("field %zu: wrote [%s] read [%s]", i, f[i], row.fields[k]);
		}
	}
	ck_assert_msg(st == CSVIO_EOF, "%s", err);
	ck_assert_uint_eq(i, n);
	csvio_read_close(r);
	free(f);
	free(dir);
}

START_TEST(round_trip_plain)
{
	round_trip(false, 1);
	round_trip(false, 7);
}
END_TEST

START_TEST(round_trip_excel)
{
	round_trip(true, 1);
	round_trip(true, 7);
}
END_TEST

START_TEST(writer_replaces_atomically)
{
	char *p = put_file("out.csv", "old\n", 4);
	char *dir = dir_of(p), err[256];
	static const char *const f[] = { "new", "row" };

	csvio_writer *w = csvio_write_open(p, false, err, sizeof err);
	ck_assert(csvio_write_row(w, f, 2, err, sizeof err));
	char *mid = slurp(p, NULL);
	ck_assert_str_eq(mid, "old\n");   /* untouched until close */
	ck_assert_int_eq(count_entries(dir), 2);
	free(mid);
	csvio_write_abort(w);
	char *after = slurp(p, NULL);
	ck_assert_str_eq(after, "old\n");
	ck_assert_int_eq(count_entries(dir), 1);
	free(after);

	chmod(p, 0640);
	w = csvio_write_open(p, false, err, sizeof err);
	ck_assert(csvio_write_row(w, f, 2, err, sizeof err));
	ck_assert(csvio_write_close(w, err, sizeof err));
	after = slurp(p, NULL);
	ck_assert_str_eq(after, "new,row\n");
	ck_assert_int_eq(count_entries(dir), 1);
	struct stat sb;
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0640);   /* the old file's mode kept */
	free(after);

	/* A new file gets the usual mode, not mkstemp's 0600. */
	char q[4096];
	snprintf(q, sizeof q, "%s/new.csv", dir);
	mode_t old = umask(022);
	w = csvio_write_open(q, false, err, sizeof err);
	ck_assert(csvio_write_close(w, err, sizeof err));
	umask(old);
	ck_assert_int_eq(stat(q, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0644);

	/* Through a symbolic link the target is replaced, the link stays. */
	char link[4096];
	snprintf(link, sizeof link, "%s/link.csv", dir);
	ck_assert_int_eq(symlink(p, link), 0);
	w = csvio_write_open(link, false, err, sizeof err);
	ck_assert(csvio_write_row(w, f + 1, 1, err, sizeof err));
	ck_assert(csvio_write_close(w, err, sizeof err));
	ck_assert_int_eq(lstat(link, &sb), 0);
	ck_assert(S_ISLNK(sb.st_mode));
	after = slurp(p, NULL);
	ck_assert_str_eq(after, "row\n");
	free(after);
	free(dir);
	free(p);
}
END_TEST

START_TEST(writer_dev_full)
{
	char err[256] = "";
	static const char *const f[] = { "广州天河宾馆", "18200" };
	csvio_writer *w = csvio_write_open("/dev/full", true, err, sizeof err);
	ck_assert_msg(w != NULL, "%s", err);
	bool ok = true;
	for (int i = 0; i < 10 && ok; i++)
		ok = csvio_write_row(w, f, 2, err, sizeof err);
	ck_assert(!csvio_write_close(w, err, sizeof err));
	ck_assert_str_eq(err, "/dev/full: No space left on device");
}
END_TEST

START_TEST(writer_failure_keeps_old)
{
	/* A file-size limit makes the write fail part way, as a full disk would. */
	char *p = put_file("out.csv", "old,file\n", 9);
	char *dir = dir_of(p), err[256] = "";
	static const char *const f[] = { "白云商贸有限公司", "a fairly long note, to fill the file" };
	struct rlimit saved, lim;
	getrlimit(RLIMIT_FSIZE, &saved);
	lim = saved;
	lim.rlim_cur = 64 * 1024;
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);

	csvio_writer *w = csvio_write_open(p, false, err, sizeof err);
	bool ok = w != NULL;
	for (int i = 0; i < 20000 && ok; i++)
		ok = csvio_write_row(w, f, 2, err, sizeof err);
	bool closed = w && csvio_write_close(w, ok ? err : NULL, sizeof err);
	setrlimit(RLIMIT_FSIZE, &saved);
	signal(SIGXFSZ, SIG_DFL);

	ck_assert(!ok && !closed);
	ck_assert_msg(strstr(err, "out.csv: File too large") != NULL, "%s", err);
	char *after = slurp(p, NULL);
	ck_assert_str_eq(after, "old,file\n");
	ck_assert_int_eq(count_entries(dir), 1);
	free(after);
	free(dir);
	free(p);
}
END_TEST

START_TEST(writer_stdout)
{
	char *p = put_file("out.csv", "", 0);
	fflush(stdout);
	int saved = dup(1);
	FILE *fp = fopen(p, "w");
	dup2(fileno(fp), 1);
	fclose(fp);
	char err[256];
	static const char *const f[] = { "a", "b c" };
	csvio_writer *w = csvio_write_open("-", false, err, sizeof err);
	ck_assert(csvio_write_row(w, f, 2, err, sizeof err));
	ck_assert(csvio_write_close(w, err, sizeof err));
	w = csvio_write_open(NULL, false, err, sizeof err);
	ck_assert(csvio_write_row(w, f + 1, 1, err, sizeof err));
	ck_assert(csvio_write_close(w, err, sizeof err));
	dup2(saved, 1);
	close(saved);
	char *out = slurp(p, NULL);
	ck_assert_str_eq(out, "a,b c\nb c\n");
	free(out);
	free(p);
}
END_TEST

START_TEST(writer_open_fails)
{
	char err[256];
	ck_assert_ptr_null(csvio_write_open("/nonexistent/dir/out.csv", false, err, sizeof err));
	ck_assert_str_eq(err, "/nonexistent/dir/out.csv: No such file or directory");
}
END_TEST

/* ---- fixtures ---- */

START_TEST(fixture_gb18030)
{
	char enc[16];
	char *got = dump_enc(test_fixture("customers_gb18030_crlf.csv"), CSVIO_ENC_AUTO, enc, sizeof enc);
	ck_assert_str_eq(enc, "gb18030");
	ck_assert_str_eq(got,
		"1:客户名称|联系人|电话|城市|月订货额|等级|备注|性格\n"
		"2:广州天河宾馆|陈经理|020-38881234|广州|￥18,200|S|前台转分机8012, 上午打|外向\n"
		"3:白云商贸有限公司|李总|13800138000|广州|1.5万|A|要先发报价|雷厉风行\n"
		"4:番禺丽江酒店|王小姐|13922223333|广州|9000|A|财务付款慢, 月底催|细致\n"
		"5:越秀区华联电脑城|张三|020-83336666|广州|3200|C||喜欢被夸\n"
		"6:海珠晨光便利店|刘老板|13711112222|广州|800元|D|老客户介绍|外向\n");
	free(got);
}
END_TEST

START_TEST(fixture_customers)
{
	char *got = dump(test_fixture("customers_newlines.csv"));
	ck_assert_str_eq(got,
		"1:name|contact|phone|city|district|type|industry|monthly_amount|tier|notes\n"
		"2:广州天河宾馆|陈经理|020-3888 1234|广州|天河|酒店|hotel|¥18,200|S|周一上午联系，前台转分机 8012\n老板喜欢被夸，先聊入住率\n"
		"4:白云商贸有限公司|李总|13800138000|广州|白云|批发|consumer goods|7500|A|说过 \"月底前再订一批\", 要先发报价\n"
		"5:番禺丽江酒店|王小姐|+86 139 2222 3333|广州|番禺|酒店|hotel|9000|S|两栋楼, 共 120 间房\n财务姓黄，付款慢\n"
		"7:越秀区华联电脑城|张工|020-8333 6666|广州|越秀|电脑卖场|computer retail|3200|C|=SUM(A1:A3) 是他们报价单里的写法\n"
		"8:海珠晨光便利店|刘老板|13922223333|广州|海珠|便利店|consumer goods|800|D|\n");
	free(got);

	got = dump(test_fixture("customers_bom.csv"));
	ck_assert_str_eq(got,
		"1:name|contact|phone|city|monthly_amount|tier\n"
		"2:广州天河宾馆|陈经理|020-38881234|广州|18200|S\n"
		"3:白云商贸有限公司|李总|13800138000|广州|7500|A\n"
		"4:番禺丽江酒店|王小姐|13922223333|广州|9000|S\n");
	free(got);

	got = dump(test_fixture("customers_cr_only.csv"));
	ck_assert_str_eq(got,
		"1:name|contact|phone|city|monthly_amount|tier|notes\n"
		"2:广州天河宾馆|陈经理|020-38881234|广州|18200|S|上午打\n"
		"3:白云商贸有限公司|李总|13800138000|广州|7500|A|先发报价\n再约见面\n"
		"5:番禺丽江酒店|王小姐|13922223333|广州|9000|S|\n");
	free(got);

	got = dump(test_fixture("blank_lines.csv"));
	ck_assert_str_eq(got, "1:name|city|monthly_amount\n3:广州天河宾馆|广州|18200\n"
	                      "6:白云商贸有限公司|广州|7500\n8:番禺丽江酒店|广州|9000\n");
	free(got);
}
END_TEST

/* Every customer that orders, payments and calls name is in customers_newlines. */
START_TEST(fixture_activity)
{
	char *customers = dump(test_fixture("customers_newlines.csv"));
	static const char *const files[] = { "orders.csv", "payments.csv", "calls.csv" };
	static const char *const headers[] = {
		"1:customer|date|amount|due\n", "1:customer|date|amount\n",
		"1:customer|date|outcome|note\n",
	};
	static const int rows[] = { 6, 4, 5 };
	for (int i = 0; i < 3; i++) {
		char err[256];
		csvio_status st;
		csvio_reader *r = csvio_read_open(test_fixture(files[i]), CSVIO_ENC_AUTO, &st, err, sizeof err);
		ck_assert_ptr_nonnull(r);
		csvio_row row;
		int n = 0;
		while ((st = csvio_read_next(r, &row, err, sizeof err)) == CSVIO_ROW) {
			if (n++ == 0)
				continue;
			char key[128];
			snprintf(key, sizeof key, ":%s|", row.fields[0]);
			ck_assert_msg(strstr(customers, key), "%s names %s", files[i], row.fields[0]);
		}
		ck_assert_msg(st == CSVIO_EOF, "%s", err);
		ck_assert_int_eq(n - 1, rows[i]);
		csvio_read_close(r);
		char *got = dump(test_fixture(files[i]));
		ck_assert_msg(strncmp(got, headers[i], strlen(headers[i])) == 0, "%s", got);
		free(got);
	}
	char *calls = dump(test_fixture("calls.csv"));
	ck_assert_ptr_nonnull(strstr(calls, "\n4:番禺丽江酒店|2026-11-25|callback|黄会计说 \"月底付\"\n"));
	ck_assert_ptr_nonnull(strstr(calls, "\n5:越秀区华联电脑城|2026-11-26|order|追加 10 台显示器\n下周三送货\n7:"));
	free(calls);
	free(customers);
}
END_TEST

START_TEST(fixture_bad)
{
	ck_dump(test_fixture("bad_unterminated.csv"),
	        "1:name|city|notes\nfile! bad_unterminated.csv:2: unterminated quote\n");
	ck_dump(test_fixture("bad_malformed_quote.csv"),
	        "1:name|city|notes\n2:广州天河宾馆|广州|上午打\n"
	        "file! bad_malformed_quote.csv:3:2: malformed quote: text after the closing quote\n");
	ck_dump(test_fixture("bad_ragged.csv"),
	        "1:name|city|monthly_amount\n2:广州天河宾馆|广州|18200\n"
	        "row! bad_ragged.csv:3: expected 3 fields, got 2\n4:番禺丽江酒店|广州|9000\n");
	ck_dump(test_fixture("bad_nul.csv"),
	        "1:name|city|monthly_amount\n2:广州天河宾馆|广州|18200\n"
	        "row! bad_nul.csv:3:2: NUL byte in field\n4:番禺丽江酒店|广州|9000\n");
	ck_dump(test_fixture("bad_amount.csv"),
	        "1:name|monthly_amount\n2:广州天河宾馆|18200\n3:白云商贸有限公司|12x\n4:番禺丽江酒店|9000\n");
	ck_dump(test_fixture("bad_after_blanks.csv"),
	        "1:name|city|monthly_amount\n3:广州天河宾馆|广州|18200\n6:白云商贸有限公司|广州|12x\n");
}
END_TEST

Suite *suite_csvio(void)
{
	Suite *s = suite_create("csvio");
	TCase *tc = tcase_create("reader");
	tcase_add_test(tc, quotes_and_commas);
	tcase_add_test(tc, bytes_kept);
	tcase_add_test(tc, bom_unquoted_header);
	tcase_add_test(tc, bom_quoted_header);
	tcase_add_test(tc, line_ends_alike);
	tcase_add_test(tc, quoted_line_breaks);
	tcase_add_test(tc, line_numbers);
	tcase_add_test(tc, empty_files);
	tcase_add_test(tc, unterminated_quote_later_line);
	tcase_add_test(tc, malformed_quote);
	tcase_add_test(tc, ragged_rows);
	tcase_add_test(tc, nul_byte);
	tcase_add_test(tc, too_many_columns);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, gbk_detected);
	tcase_add_test(tc, encoding_forced);
	tcase_add_test(tc, gb18030_undecodable);
	tcase_add_test(tc, encoding_whole_file);
	tcase_add_test(tc, gb18030_round_trip);
	tcase_add_test(tc, utf16_read);
	tcase_add_test(tc, utf16_long);
	tcase_add_test(tc, tab_separated);
	tcase_add_test(tc, excel_workbook);
	suite_add_tcase(s, tc);

	/* Files of megabytes: slow under ASan, so a longer timeout. */
	tc = tcase_create("reader-large");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, unterminated_quote_200k);
	tcase_add_test(tc, unterminated_quote_huge);
	tcase_add_test(tc, invalid_utf8);
	tcase_add_test(tc, big_field);
	tcase_add_test(tc, field_too_large);
	tcase_add_test(tc, memory_bounded);
	tcase_add_test(tc, gb18030_chunk_boundaries);
	tcase_add_test(tc, utf8_chunk_boundaries);
	suite_add_tcase(s, tc);

	tc = tcase_create("writer");
	tcase_add_test(tc, unneutralise);
	tcase_add_test(tc, writer_minimal_quoting);
	tcase_add_test(tc, writer_excel);
	tcase_add_test(tc, writer_text_columns);
	tcase_add_test(tc, round_trip_plain);
	tcase_add_test(tc, round_trip_excel);
	tcase_add_test(tc, writer_replaces_atomically);
	tcase_add_test(tc, writer_dev_full);
	tcase_add_test(tc, writer_failure_keeps_old);
	tcase_add_test(tc, writer_stdout);
	tcase_add_test(tc, writer_open_fails);
	suite_add_tcase(s, tc);

	tc = tcase_create("fixtures");
	tcase_add_test(tc, fixture_gb18030);
	tcase_add_test(tc, fixture_customers);
	tcase_add_test(tc, fixture_activity);
	tcase_add_test(tc, fixture_bad);
	suite_add_tcase(s, tc);
	return s;
}
