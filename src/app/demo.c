/* The demo book: the customers shipped in assets/demo/customers.csv and
 * three months of activity generated around today from a fixed seed, so the
 * demo always looks like a live month and tests can rely on it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/contacts.h"
#include "repdesk/db/customers.h"
#include "repdesk/db/opps.h"
#include "repdesk/demo.h"
#include "repdesk/uid.h"
#include "repdesk/record.h"
#include "repdesk/import.h"
#include "repdesk/planbook.h"

typedef struct {
	char uid[UID_BUFSZ];
	char name[256];
	tier t;
	int64_t monthly;        /* fen */
	bool active;
} demo_customer;

typedef struct {
	demo_customer *v;
	size_t n, cap;
	tier_thresholds th;
} demo_list;

static bool collect(const db_customer *c, void *ctx)
{
	demo_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		demo_customer *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return false;
		l->v = v;
		l->cap = cap;
	}
	demo_customer *d = &l->v[l->n++];
	snprintf(d->uid, sizeof d->uid, "%s", c->uid);
	snprintf(d->name, sizeof d->name, "%s", c->name);
	d->monthly = c->monthly_amount == DB_NULL ? 0 : c->monthly_amount;
	/* The demo's size is the stated month (a second fill of the same book
	 * makes the same history, whatever tiers the first one's orders gave). */
	d->t = tier_effective(c->tier_manual, tier_of(d->monthly, &l->th));
	d->active = strcmp(c->status, "active") == 0 || strcmp(c->status, "prospect") == 0;
	return true;
}

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int rand_below(uint64_t *s, int n)
{
	return n > 0 ? (int)(next_rand(s) % (uint64_t)n) : 0;
}

typedef struct {
	db *d;
	demo_counts *n;
	char *err;
	size_t errsz;
} demo_ctx;

static db_status put(demo_ctx *x, db_activity_kind kind, db_activity *a, const char *cust,
                     int seq)
{
	char key[128];
	int len = snprintf(key, sizeof key, "demo:%s:%d:%d", cust, (int)kind, seq);
	uid_from_content(key, (size_t)len, a->uid);
	snprintf(a->customer_uid, sizeof a->customer_uid, "%s", cust);
	int result;
	db_status st = db_activity_upsert(x->d, kind, a, &result);
	if (st != DB_OK)
		snprintf(x->err, x->errsz, "%s", db_error(x->d));
	return st;
}

static const char *const call_notes[] = {
	"", "", "", "问了新品价格", "老板不在，明天再打", "确认了下周送货", "对促销感兴趣",
	"要求发报价单", "库存还够，下月再订", "介绍了新的结算方式",
};

/* Every call, order and payment of one customer over the last three months. */
static db_status customer_activity(demo_ctx *x, const demo_customer *c, date_day today)
{
	static const int cadence[TIER_COUNT] = { 3, 6, 12, 25, 45 };
	static const int orders_per_month[TIER_COUNT] = { 4, 3, 2, 1, 1 };
	uint64_t seed = 0;
	/* From the name, not the uid (made at import): the same book every time. */
	for (const char *p = c->name; *p; p++)
		seed = seed * 131 + (unsigned char)*p;
	date_day start = date_add_months(today, -3);
	int seq = 0;
	db_status st;
	db_activity a;

	if (!c->active)
		return DB_OK;
	tier t = c->t == TIER_NONE ? TIER_D : c->t;

	/* Calls at the tier's rhythm, with real-life outcomes. */
	for (date_day day = start + rand_below(&seed, cadence[t]); day < today;
	     day += cadence[t] + rand_below(&seed, 3)) {
		if (date_weekday(day) >= 6)
			day += 8 - date_weekday(day);
		if (day >= today)
			break;
		memset(&a, 0, sizeof a);
		date_format(day, a.date);
		int r = rand_below(&seed, 100);
		record_outcome o = r < 62 ? RECORD_EFFECTIVE : r < 80 ? RECORD_NO_ANSWER : r < 88 ? RECORD_BUSY
		              : r < 94 ? RECORD_CALLBACK : r < 97 ? RECORD_ORDER : RECORD_REFUSED;
		a.outcome = record_outcomes[o].name;
		a.text = call_notes[rand_below(&seed, (int)(sizeof call_notes / sizeof *call_notes))];
		if (day + cadence[t] >= today && rand_below(&seed, 3) == 0)
			date_format(today + rand_below(&seed, 5) - 1, a.next_call);
		if ((st = put(x, DB_CALLS, &a, c->uid, seq++)) != DB_OK)
			return st;
		x->n->calls++;
	}

	/* Orders around the customer's monthly amount; most paid, some open. */
	if (c->monthly <= 0)
		return DB_OK;
	int per = orders_per_month[t];
	int total = per * 3;
	if (t == TIER_D && rand_below(&seed, 2))
		total = 1;
	for (int i = 0; i < total; i++) {
		date_day day = start + (int)((int64_t)(today - start) * i / total) + rand_below(&seed, 5);
		if (day >= today)
			day = today - 1;
		if (date_weekday(day) >= 6)
			day -= date_weekday(day) - 5;
		int64_t base = c->monthly / per;
		int64_t amount = base * (70 + rand_below(&seed, 61)) / 100;
		amount = amount / 10000 * 10000;     /* whole hundreds of yuan */
		if (amount <= 0)
			amount = 10000;
		memset(&a, 0, sizeof a);
		date_format(day, a.date);
		a.amount = amount;
		a.outcome = "";
		a.text = "";
		int age = today - day;
		int r = rand_below(&seed, 100);
		/* Recent orders are often still open with a promised date, mostly
		 * ahead; an old one left open is a promise already broken. */
		bool open = (age < 21 && r < 40) || (age >= 21 && r < 3);
		if (open)
			date_format(day + 10 + rand_below(&seed, 21), a.due);
		int order_seq = seq++;
		if ((st = put(x, DB_ORDERS, &a, c->uid, order_seq)) != DB_OK)
			return st;
		x->n->orders++;
		char order_uid[UID_BUFSZ];
		snprintf(order_uid, sizeof order_uid, "%s", a.uid);

		db_activity p;
		memset(&p, 0, sizeof p);
		p.outcome = "";
		p.text = "";
		if (!open) {
			date_day paid = day + rand_below(&seed, 15);
			if (paid >= today)
				continue;
			date_format(paid, p.date);
			p.amount = amount;
		} else if (rand_below(&seed, 3) == 0 && day + 3 < today) {
			date_format(day + 3, p.date);      /* a deposit, the rest open */
			p.amount = amount / 3 / 100 * 100;
		} else {
			continue;
		}
		snprintf(p.order_uid, sizeof p.order_uid, "%s", order_uid);
		if ((st = put(x, DB_PAYMENTS, &p, c->uid, seq++)) != DB_OK)
			return st;
		x->n->payments++;
	}
	return DB_OK;
}

#define DEMO_TARGET_STEP 10000000    /* fen: ¥100,000 */

int64_t demo_target(int64_t baseline)
{
	if (baseline < 0)
		baseline = 0;
	return (baseline / DEMO_TARGET_STEP + 1) * DEMO_TARGET_STEP;
}

/* The month's plan as a rep makes it: the baseline first (what the plan
 * shows for any target), then a round target just above it. */
static status_code month_plan(db *d, const calendar *cal, date_day today, char *err, size_t errsz)
{
	int64_t level[PB_LEVELS] = { 0, -1, -1 };
	plan_shares shares = plan_shares_default();
	planbook pb;
	int y, m, dd;

	date_to_ymd(today, &y, &m, &dd);
	status_code rs = planbook_make(d, cal, y, m, level, PLAN_BASELINE, &shares, &pb, err, errsz);
	if (rs != STATUS_OK)
		return rs;
	level[PB_BASE] = demo_target(pb.res.baseline);
	planbook_free(&pb);
	rs = planbook_make(d, cal, y, m, level, PLAN_BASELINE, &shares, &pb, err, errsz);
	if (rs != STATUS_OK)
		return rs;
	rs = planbook_save(d, &pb, err, errsz);
	planbook_free(&pb);
	return rs;
}

/* ---- opportunities ----
 * A dozen deals around today across the stages, so the Pipeline screen (5)
 * shows every part of itself: next steps due (some overdue), one deal stuck
 * in its tender past the usual days, and one won and one lost behind them.
 * Days are counted from today; each deal went through the stages before
 * its own, evenly between the day it was opened and the day it entered
 * the stage it is in. */
typedef struct {
	const char *customer, *title;
	int64_t yuan;
	opp_stage stage;
	int opened, since;           /* days before today */
	int close;                   /* days after today, 0: none */
	int probability;             /* -1: the stage's */
	const char *next;            /* the next step, or "" */
	int next_in;                 /* its day, from today */
	const char *lost_reason;
} demo_opp;

static const demo_opp demo_opps[] = {
	{ "demo-007", "办公电脑换新40台", 168000, OPP_NEGOTIATION, 60, 5, 10, -1, "送合同终稿", -1, NULL },
	{ "demo-022", "全员笔记本采购", 320000, OPP_TENDER, 75, 62, 20, -1, "问评标结果", -3, NULL },
	{ "demo-034", "年度门店备货框架", 450000, OPP_PROPOSAL, 30, 10, 45, -1, "报价单改好再发", 0, NULL },
	{ "demo-039", "电竞主机专柜合作", 260000, OPP_QUALIFIED, 20, 8, 60, -1, "约老板看样机", 3, NULL },
	{ "demo-044", "收银系统升级", 85000, OPP_LEAD, 4, 4, 0, -1, "电话确认需求", -2, NULL },
	{ "demo-001", "客房电视更新30间", 96000, OPP_PROPOSAL, 40, 18, 25, -1, "", 0, NULL },
	{ "demo-036", "前台电脑与打印机", 42000, OPP_LEAD, 9, 9, 30, -1, "发产品资料", 1, NULL },
	{ "demo-012", "机房服务器维保", 120000, OPP_NEGOTIATION, 90, 12, 7, 80, "谈付款方式", 0, NULL },
	{ "demo-051", "门店监控系统", 58000, OPP_QUALIFIED, 25, 15, 40, -1, "", 0, NULL },
	{ "demo-043", "仓库扫码枪与标签机", 36000, OPP_PROPOSAL, 35, 20, 15, -1, "现场演示", 5, NULL },
	{ "demo-030", "客房网络改造", 210000, OPP_TENDER, 50, 20, 30, -1, "投标文件盖章", -1, NULL },
	{ "demo-047", "自助收银机试点", 150000, OPP_WON, 80, 6, 0, -1, "", 0, NULL },
	{ "demo-025", "会议室投影改造", 30000, OPP_LOST, 70, 15, 0, -1, "", 0, "预算砍掉了" },
};

static status_code demo_opportunities(db *d, date_day today, char *err, size_t errsz)
{
	db_status st = db_begin(d);

	for (size_t i = 0; st == DB_OK && i < sizeof demo_opps / sizeof *demo_opps; i++) {
		const demo_opp *p = &demo_opps[i];
		char key[64], opened[DATE_BUFSZ], day[DATE_BUFSZ];
		db_opp o;
		memset(&o, 0, sizeof o);
		int len = snprintf(key, sizeof key, "demo:opp:%zu", i);
		uid_from_content(key, (size_t)len, o.uid);
		char have[UID_BUFSZ];
		if (db_opp_find(d, o.uid, have) == DB_OK)
			continue;               /* a second fill: there already */
		snprintf(o.customer_uid, sizeof o.customer_uid, "%s", p->customer);
		o.title = p->title;
		o.value = p->yuan * 100;
		o.stage = OPP_LEAD;
		o.probability = p->probability;
		if (p->close)
			date_format(today + p->close, o.close_date);
		o.competitors = "";
		o.next_step = p->next;
		if (p->next[0])
			date_format(today + p->next_in, o.next_date);
		o.lost_reason = "";
		st = db_opp_add(d, &o, date_format(today - p->opened, opened));
		/* The stages before its own, then its own on its day. */
		int steps = p->stage == OPP_LOST ? 2 : (int)p->stage;
		for (int k = 1; st == DB_OK && k <= steps; k++) {
			opp_stage to = k == steps ? p->stage : (opp_stage)k;
			date_day on = today - p->opened + (p->opened - p->since) * k / steps;
			st = db_opp_move(d, o.uid, to, date_format(on, day), p->lost_reason, NULL, NULL);
		}
	}
	if (st == DB_OK)
		st = db_commit(d);
	if (st != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		db_rollback(d);
		return status_from_db(st);
	}
	return STATUS_OK;
}

/* ---- the demo's contacts ----
 * A few customers with the people a rep deals with there: their roles, and
 * what each cares about; the primary contact (the customer's own contact)
 * given its role. A second fill finds them by name and changes nothing. */
static const struct {
	const char *customer;        /* demo uid */
	const char *name, *role, *phone, *wechat, *cares, *note;
} demo_people[] = {
	{ "demo-001", "郭军", "boss", NULL, "guojun_gz", "入住率, 成本", NULL },
	{ "demo-001", "刘工", "engineer", "13660218833", NULL, "系统稳定, 售后响应", "周二下午在店" },
	{ "demo-001", "陈丽", "front-desk", "020-38861234", NULL, "操作简单", NULL },
	{ "demo-002", "肖静", "manager", NULL, "xiaojing88", "价格, 账期", NULL },
	{ "demo-002", "王总", "boss", "13902265511", "wang_dongshan", "利润, 参考案例", "只在月初见面" },
	{ "demo-002", "赵敏", "finance", "13725519020", NULL, "发票, 对账", NULL },
	{ "demo-002", "孙浩", "purchaser", "13580012277", NULL, "交期, 比价", NULL },
	{ "demo-004", "蔡静", "purchaser", NULL, NULL, "价格", NULL },
	{ "demo-004", "林总", "decision-maker", "13826604418", "linzong_hz", "排放达标, 投资回报", NULL },
	{ "demo-007", "黄工", "engineer", "13650097731", NULL, "自动化, 质保", NULL },
	{ "demo-007", "周经理", "manager", "13760021190", "zhou_jl", "个人风险, 响应时间", NULL },
};

static db_status demo_contacts(db *d)
{
	db_status st = DB_OK;

	for (size_t i = 0; st == DB_OK && i < sizeof demo_people / sizeof *demo_people; i++) {
		db_contact c = { .name = demo_people[i].name, .role = demo_people[i].role,
		                 .phone = demo_people[i].phone, .wechat = demo_people[i].wechat,
		                 .cares = demo_people[i].cares, .note = demo_people[i].note };
		char uid[UID_BUFSZ];
		if (db_customer_find(d, demo_people[i].customer, c.customer_uid) != DB_OK)
			continue;           /* not in this demo file */
		/* The customer's own contact: its primary one, given a role. */
		if (!c.phone && db_contact_find(d, c.customer_uid, c.name, uid) == DB_OK) {
			char phone[64];
			db_customer *cu = db_customer_load(d, c.customer_uid);
			if (!cu)
				return DB_NOT_FOUND;
			snprintf(phone, sizeof phone, "%s", cu->phone);
			db_customer_free(cu);
			snprintf(c.uid, sizeof c.uid, "%s", uid);
			c.phone = phone;
			c.primary = true;
			st = db_contact_update(d, &c, NULL);
			continue;
		}
		/* Made by an earlier fill: left as it is. Each book makes its own
		 * (two reps' demo books hold the same customers, but contacts are
		 * their rep's rows). */
		st = db_contact_find(d, c.customer_uid, c.name, uid);
		if (st == DB_OK)
			continue;
		if (st != DB_NOT_FOUND)
			break;
		st = db_contact_add(d, &c);
	}
	return st;
}

status_code demo_fill(db *d, const char *assets_dir, const calendar *cal, date_day today,
                    demo_counts *n, char *err, size_t errsz)
{
	char path[4096];
	import_opts o = { .encoding = CSVIO_ENC_UTF8 };
	import_report rep;
	demo_list list = { 0 };
	demo_ctx x = { d, n, err, errsz };

	memset(n, 0, sizeof *n);
	err[0] = '\0';
	snprintf(path, sizeof path, "%s/demo/customers.csv", assets_dir);
	status_code rs = import_run(d, TRANSFER_CUSTOMERS, path, &o, &rep, err, errsz);
	if (rs != STATUS_OK)
		return rs;

	db_filter all = { .include_inactive = true };
	db_status st = db_tiers_get(d, &list.th);
	if (st == DB_OK)
		st = db_customers_each(d, &all, collect, &list);
	if (st == DB_OK)
		st = db_begin(d);
	for (size_t i = 0; st == DB_OK && i < list.n; i++)
		st = customer_activity(&x, &list.v[i], today);
	if (st == DB_OK)
		st = demo_contacts(d);
	if (st == DB_OK)
		st = db_commit(d);
	if (st != DB_OK) {
		db_rollback(d);
		if (!err[0])
			snprintf(err, errsz, "%s", db_error(d));
		free(list.v);
		return status_from_db(st);
	}
	n->customers = (long)list.n;
	free(list.v);
	rs = month_plan(d, cal, today, err, errsz);
	return rs == STATUS_OK ? demo_opportunities(d, today, err, errsz) : rs;
}
