/* Writes a customers CSV of N rows for the benchmarks: Chinese names (all
 * distinct), contacts, phones, money in several forms, attributes, and quoted
 * notes with commas, quotes and newlines. With "orders YYYY-MM" it writes
 * instead one to three orders a month for each of those customers over the
 * three months before YYYY-MM. With "history YYYY-MM-DD calls|orders|payments"
 * it writes a year of that activity up to the day: calls to every fourth
 * customer at intervals of 20 to 40 days (some of them today), orders from
 * every third every 25 to 60 days (a quarter with a promised date), and the
 * payments of those orders (most in full, some in part, some not yet).
 * With "year YYYY-MM" it writes a year of orders, the twelve months to
 * YYYY-MM: each customer one order a month on average (none in a sixth of
 * its months, two in another sixth), some with a volume.
 * With "segments" the customers CSV has what the segment benchmark filters
 * on: the four personalities of the reps' notes (爽朗型 ..) as 性格, types
 * some of which are 快消, and a store count (门店数); the other columns as
 * without it. With "year YYYY" it writes one order a month for each
 * customer over the twelve months of YYYY (the year plan's benchmark).
 * Deterministic. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const chars[] = {
	"天","河","丽","江","白","云","珠","花","城","金","穗","南","粤","岭","越","秀","羊","荔",
	"湾","新","港","东","山","华","景","星","盛","世","恒","通","永","安","百","信","万","家",
	"嘉","禾","富","力","合","广","祥","和","锦","绣","宏","图","兴","业","正","佳","海","印",
	"番","禺","黄","埔","宝","龙","凤","鹏","程","达","利","源","泰","康","瑞","福","乐","美",
	"欣","明","德","顺","发","昌","隆","宁","远","志","卓","润","丰","茂","鑫","汇","联","创",
	"辉","煌","启","航","尚","品","优","选","精","诚",
};
static const char *const trades[] = { "宾馆", "大酒店", "便利店", "超市", "商贸有限公司",
	"电脑城", "科技有限公司", "数码专营店" };
static const char *const cities[] = { "广州", "深圳", "佛山", "东莞" };
static const char *const districts[] = { "天河", "越秀", "海珠", "番禺", "福田", "南山", "禅城", "南城" };
static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周" };
static const char *const given[] = { "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "秀英" };
/* The name of customer I, as main() writes it (same generator, replayed). */
static const char *name_of(long i);

static const char *const traits[] = { "外向", "细致", "节奏快", "喜欢被赞美" };
static const char *const roles[] = { "老板", "工程师", "经理", "采购" };
static const char *const personalities[] = { "爽朗型", "细致型", "节奏快速型", "爱表现型" };
static const char *const seg_types[] = { "快消零售", "宾馆", "大酒店", "便利店", "超市", "快消批发",
	"电脑城", "科技公司" };

static void orders(long n, int y, int m)
{
	uint64_t s = 7;
	printf("customer,date,amount\n");
	for (long i = 0; i < n; i++) {
		for (int back = 3; back >= 1; back--) {
			int mm = m - back, yy = y;
			while (mm < 1)
				mm += 12, yy--;
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			int k = 1 + (int)((s >> 33) % 3);
			for (int j = 0; j < k; j++) {
				s = s * 6364136223846793005ULL + 1442695040888963407ULL;
				printf("%s,%04d-%02d-%02d,%ld\n", name_of(i), yy, mm, 1 + (int)((s >> 33) % 28),
				       100 + (long)((s >> 40) % 20000));
			}
		}
	}
}

static void year_orders(long n, int y)
{
	uint64_t s = 11;
	printf("customer,date,amount\n");
	for (long i = 0; i < n; i++)
		for (int m = 1; m <= 12; m++) {
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			printf("%s,%04d-%02d-%02d,%ld\n", name_of(i), y, m, 1 + (int)((s >> 33) % 28),
			       100 + (long)((s >> 40) % 20000));
		}
}

/* Days since 1970-01-01 and back (the civil calendar). */
static long day_of(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static const char *date_of(long z, char *buf)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	sprintf(buf, "%04ld-%02ld-%02ld", yoe + era * 400 + (m <= 2), m, d);
	return buf;
}

static uint64_t step(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

static void history(long n, const char *today, const char *kind)
{
	static const char *const outcomes[] = { "effective", "effective", "no-answer", "busy",
		"callback", "order", "effective", "refused", "after-sales", "effective" };
	long t = day_of(atoi(today), atoi(today + 5), atoi(today + 8));
	char a[16], b[16];
	uint64_t s = 11;

	if (strcmp(kind, "calls") == 0) {
		printf("customer,date,outcome\n");
		for (long i = 0; i < n; i += 4)
			for (long d = t - 365 + (long)(step(&s) % 40); d <= t; d += 20 + (long)(step(&s) % 21))
				printf("%s,%s,%s\n", name_of(i), date_of(d, a), outcomes[step(&s) % 10]);
		return;
	}
	bool pay = strcmp(kind, "payments") == 0;
	printf(pay ? "customer,date,amount\n" : "customer,date,amount,due\n");
	for (long i = 0; i < n; i += 3)
		for (long d = t - 365 + (long)(step(&s) % 60); d <= t; d += 25 + (long)(step(&s) % 36)) {
			long amount = 100 + (long)(step(&s) % 20000);
			uint64_t r = step(&s);
			bool promised = r % 4 == 0;
			if (!pay) {
				printf("%s,%s,%ld,%s\n", name_of(i), date_of(d, a), amount,
				       promised ? date_of(d + 30, b) : "");
				continue;
			}
			long paid = r % 10 < 8 ? amount : r % 10 == 8 ? amount / 2 : 0;
			long when = d + 5 + (long)((r >> 8) % 40);
			if (paid > 0 && when <= t)
				printf("%s,%s,%ld\n", name_of(i), date_of(when, a), paid);
		}
}

static void year(long n, int y, int m)
{
	uint64_t s = 13;
	printf("customer,date,amount,volume\n");
	for (long i = 0; i < n; i++)
		for (int back = 11; back >= 0; back--) {
			int mm = m - back, yy = y;
			while (mm < 1)
				mm += 12, yy--;
			uint64_t r = step(&s);
			int k = r % 6 == 0 ? 0 : r % 6 == 1 ? 2 : 1;
			for (int j = 0; j < k; j++) {
				uint64_t q = step(&s);
				if (q % 4 == 0)
					printf("%s,%04d-%02d-%02d,%ld,%ld\n", name_of(i), yy, mm, 1 + (int)(q >> 8) % 28,
					       100 + (long)((q >> 12) % 20000), 1 + (long)((q >> 20) % 90));
				else
					printf("%s,%04d-%02d-%02d,%ld,\n", name_of(i), yy, mm, 1 + (int)(q >> 8) % 28,
					       100 + (long)((q >> 12) % 20000));
			}
		}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	uint64_t s = 42;
	const size_t nc = sizeof chars / sizeof *chars;

	if (argc > 3 && strcmp(argv[2], "orders") == 0) {
		int y = atoi(argv[3]), m = atoi(argv[3] + 5);
		orders(n, y, m);
		return ferror(stdout) ? 1 : 0;
	}
	if (argc > 3 && strcmp(argv[2], "year") == 0) {
		if (strlen(argv[3]) > 4 && argv[3][4] == '-')
			year(n, atoi(argv[3]), atoi(argv[3] + 5));
		else
			year_orders(n, atoi(argv[3]));
		return ferror(stdout) ? 1 : 0;
	}
	if (argc > 4 && strcmp(argv[2], "history") == 0) {
		history(n, argv[3], argv[4]);
		return ferror(stdout) ? 1 : 0;
	}

	bool seg = argc > 2 && strcmp(argv[2], "segments") == 0;
	printf("name,contact,phone,city,district,type,monthly_amount,notes,性格,决策人%s\n",
	       seg ? ",门店数" : "");
	for (long i = 0; i < n; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		uint64_t r = s >> 33;
		long k = i;
		char name[64];
		int len = snprintf(name, sizeof name, "%s%s%s%s%s", cities[r % 4],
		                   chars[k % nc], chars[(k / nc) % nc], chars[(k / nc / nc) % nc],
		                   trades[(r >> 3) % 8]);
		if (k >= (long)(nc * nc * nc))
			snprintf(name + len, sizeof name - (size_t)len, "%ld", k / (long)(nc * nc * nc));
		long amount = (long)((r >> 7) % 40000);
		char money[32];
		switch ((r >> 20) % 4) {
		case 0: snprintf(money, sizeof money, "%ld", amount); break;
		case 1: snprintf(money, sizeof money, "\"%ld,%03ld\"", amount / 1000, amount % 1000); break;
		case 2: snprintf(money, sizeof money, "%ld.%ld万", amount / 10000, amount % 10000 / 1000); break;
		default: snprintf(money, sizeof money, "%ld元", amount); break;
		}
		const char *note = "";
		if (i % 10 == 0)
			note = "\"老板周一在店, 下午不接电话\n月底结款，说\"\"先发货\"\"\"";
		else if (i % 10 == 5)
			note = "\"对价格敏感, 比较三家\"";
		printf("%s,%s%s,1%02ld%08ld,%s,%s,%s,%s,%s,%s,%s", name,
		       surnames[r % 10], given[(r >> 4) % 10], 30 + (long)((r >> 9) % 60),
		       (long)((r >> 11) % 100000000), cities[r % 4], districts[(r >> 5) % 8],
		       seg ? seg_types[(r >> 17) % 8] : trades[(r >> 3) % 8], money, note,
		       seg ? personalities[(r >> 13) % 4] : traits[(r >> 13) % 4], roles[(r >> 15) % 4]);
		if (seg)   /* mostly small, a few chains: 0-2 half, 30+ one in sixteen */
			printf(",%ld", (r >> 21) % 2 ? (long)((r >> 22) % 3) : (long)((r >> 23) % 64));
		putchar('\n');
	}
	return ferror(stdout) ? 1 : 0;
}

static const char *name_of(long i)
{
	static char name[64];
	static long at = -1;
	static uint64_t s = 42;
	const size_t nc = sizeof chars / sizeof *chars;
	uint64_t r = 0;

	if (i < at)
		at = -1, s = 42;
	while (at < i) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		at++;
	}
	r = s >> 33;
	int len = snprintf(name, sizeof name, "%s%s%s%s%s", cities[r % 4], chars[i % nc],
	                   chars[(i / nc) % nc], chars[(i / nc / nc) % nc], trades[(r >> 3) % 8]);
	if (i >= (long)(nc * nc * nc))
		snprintf(name + len, sizeof name - (size_t)len, "%ld", i / (long)(nc * nc * nc));
	return name;
}
