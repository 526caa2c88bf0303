/* rank: the ranking rule's parse and format, and a customer's class. */
#include <stdio.h>
#include <string.h>

#include "repdesk/queue.h"
#include "repdesk/rank.h"
#include "suites.h"

#define HOTEL "地段=好>一般>差; 配合度=高>中>低; 房量=多>少"

/* A customer as "key=value" pairs, NULL-terminated. */
static const char *value_of(const char *name, void *ctx)
{
	const char *const *kv = ctx;
	size_t n = strlen(name);
	for (; *kv; kv++)
		if (strncmp(*kv, name, n) == 0 && (*kv)[n] == '=')
			return *kv + n + 1;
	return NULL;
}

static int64_t class_of(const rank_rule *r, const char *a, const char *b, const char *c)
{
	char k1[64], k2[64], k3[64];
	snprintf(k1, sizeof k1, "地段=%s", a);
	snprintf(k2, sizeof k2, "配合度=%s", b);
	snprintf(k3, sizeof k3, "房量=%s", c);
	const char *kv[] = { k1, k2, k3, NULL };
	return rank_class(r, value_of, kv);
}

START_TEST(test_rank_parse_and_format)
{
	rank_rule r;
	char err[256], buf[RANK_TEXT_MAX];

	ck_assert(rank_parse(HOTEL, &r, err, sizeof err));
	ck_assert_int_eq(r.nattrs, 3);
	ck_assert_str_eq(r.attr[0].name, "地段");
	ck_assert_int_eq(r.attr[0].nlevels, 3);
	ck_assert_str_eq(r.attr[0].level[1], "一般");
	ck_assert_int_eq(r.attr[2].nlevels, 2);
	ck_assert_str_eq(rank_format(&r, buf, sizeof buf), HOTEL);
	/* Spaces around words and an empty last clause are fine. */
	ck_assert(rank_parse("  地段 = 好 > 差 ;; 房量=多>少; ", &r, err, sizeof err));
	ck_assert_str_eq(rank_format(&r, buf, sizeof buf), "地段=好>差; 房量=多>少");
	/* Empty text: no rule. */
	ck_assert(rank_parse("  ", &r, err, sizeof err));
	ck_assert_int_eq(r.nattrs, 0);
	ck_assert_str_eq(rank_format(&r, buf, sizeof buf), "");
	ck_assert_int_eq(rank_classes(&r), 1);
}
END_TEST

static void refused(const char *text, const char *why)
{
	rank_rule r;
	char err[256] = "";
	ck_assert_msg(!rank_parse(text, &r, err, sizeof err), "accepted: %s", text);
	ck_assert_int_eq(r.nattrs, 0);
	ck_assert_msg(strstr(err, why), "'%s' gave '%s'", text, err);
}

START_TEST(test_rank_parse_errors)
{
	char big[RANK_TEXT_MAX + 16], word[RANK_WORD_MAX + 8];

	refused("地段", "has no '='");
	refused("地段=好>差; 配合度", "has no '='");
	refused("=好>差", "no attribute");
	refused("地段=好>>差", "a level is empty");
	refused("地段=", "a level is empty");
	refused("地段=好>差>", "a level is empty");
	refused("地段=好>差; 地段=好", "given twice");
	refused("地段=好>好", "given twice");
	refused("a\x01=b", "control");
	refused("a=\xff\xfe", "UTF-8");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	big[1] = '=';
	refused(big, "longer than");
	memset(word, 'x', sizeof word - 1);
	word[sizeof word - 1] = '\0';
	char clause[256];
	snprintf(clause, sizeof clause, "%s=a", word);
	refused(clause, "longer than");
	snprintf(clause, sizeof clause, "a=%s", word);
	refused(clause, "longer than");
	refused("a=1;b=1;c=1;d=1;e=1;f=1;g=1;h=1;i=1", "more than 8 attributes");
	refused("a=1>2>3>4>5>6>7>8>9>10>11>12>13>14>15>16>17", "more than 16 levels");
}
END_TEST

START_TEST(test_rank_class)
{
	rank_rule r;
	char err[256];

	ck_assert(rank_parse(HOTEL, &r, err, sizeof err));
	ck_assert_int_eq(rank_classes(&r), 4 * 4 * 3);
	ck_assert_int_eq(class_of(&r, "好", "高", "多"), 1);
	ck_assert_int_eq(class_of(&r, "好", "高", "少"), 2);
	ck_assert_int_eq(class_of(&r, "好", "高", "?"), 3);    /* not a level: after them */
	ck_assert_int_eq(class_of(&r, "好", "中", "多"), 4);
	/* The first attribute weighs most. */
	ck_assert_int_lt(class_of(&r, "好", "低", "少"), class_of(&r, "一般", "高", "多"));
	ck_assert_int_lt(class_of(&r, "差", "低", "少"), class_of(&r, "?", "高", "多"));
	ck_assert_int_eq(class_of(&r, "?", "?", "?"), 48);
	const char *none[] = { NULL };
	ck_assert_int_eq(rank_class(&r, value_of, none), 48);
	ck_assert_int_eq(rank_percent(1, 48), 100);
	ck_assert_int_eq(rank_percent(48, 48), 0);
	ck_assert_int_eq(rank_percent(2, 3), 50);
	ck_assert_int_eq(rank_percent(1, 1), 100);
}
END_TEST

/* The queue's priority term alone for C, and its words in R. */
static int priority_points(const queue_customer *c, char *r)
{
	queue_weights w = queue_weights_default();
	queue_term t[QUEUE_TERM_COUNT];
	int n = 0;

	for (int i = 0; i < QUEUE_TERM_COUNT; i++)
		if (i != QUEUE_T_PRIORITY)
			w.weight[i] = 0;
	int s = queue_score(c, 20000, &w, t, &n);
	queue_reasons_format(t, n, NULL, r, QUEUE_REASONS_BUFSZ);
	return s;
}

/* With a ranking rule the class stands for the queue's priority: the best
 * class weighs like a key customer, the last like none, whatever the
 * priority. */
START_TEST(test_rank_queue_priority)
{
	char r[QUEUE_REASONS_BUFSZ];
	queue_customer c;

	queue_customer_init(&c, "u");
	c.priority = QUEUE_PRIO_KEY;
	ck_assert_int_eq(priority_points(&c, r), 300);       /* no rule: as before */
	ck_assert_str_eq(r, "key customer");
	c.priority = QUEUE_PRIO_SMALL;
	c.rank_classes = 48;
	c.rank_class = 1;
	ck_assert_int_eq(priority_points(&c, r), 300);
	ck_assert_str_eq(r, "rank class 1 of 48");
	c.rank_class = 2;
	ck_assert_int_eq(priority_points(&c, r), 300 * 97 / 100);
	ck_assert_str_eq(r, "rank class 2 of 48");
	c.priority = QUEUE_PRIO_KEY;
	c.rank_class = 48;
	ck_assert_int_eq(priority_points(&c, r), 0);
	ck_assert_str_eq(r, "");
	c.rank_classes = 3;
	c.rank_class = 2;
	ck_assert_int_eq(priority_points(&c, r), 150);
}
END_TEST

Suite *suite_rank(void)
{
	Suite *s = suite_create("rank");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_rank_parse_and_format);
	tcase_add_test(tc, test_rank_parse_errors);
	tcase_add_test(tc, test_rank_class);
	tcase_add_test(tc, test_rank_queue_priority);
	suite_add_tcase(s, tc);
	return s;
}
