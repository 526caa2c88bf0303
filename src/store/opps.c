/* Opportunities: see repdesk/db/opps.h. Every write gives the row a new
 * stamp (base_at the version it replaces), so a merge and the team server
 * take it like any other synced row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "repdesk/date.h"
#include "repdesk/db/opps.h"
#include "repdesk/i18n.h"
#include "repdesk/money.h"
#include "repdesk/text.h"
#include "repdesk/valid.h"

/* The columns a read selects, in this order, over o (and c, the customer,
 * r the keeper). */
#define OPP_COLS "o.uid, o.customer_uid, c.name, o.title, o.value, o.stage, o.probability, " \
	"o.close_date, o.competitors, o.next_step, o.next_date, o.lost_reason, o.opened, o.path, " \
	"o.order_uid, o.updated_at, o.rep_uid, coalesce(r.name, '')"
enum { O_UID, O_CUSTOMER, O_CNAME, O_TITLE, O_VALUE, O_STAGE, O_PROB, O_CLOSE, O_COMP, O_NEXT,
       O_NEXT_DATE, O_LOST, O_OPENED, O_PATH, O_ORDER, O_STAMP, O_REP_UID, O_REP };

static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

static db_status check(db *d, const db_opp *o)
{
	db_status st;
	date_day day;
	const char *why;

	if (!o->title || !*o->title)
		return store_err(d, DB_INVALID, _("an opportunity needs a title"));
	if ((st = store_check_text(d, "title", o->title, VALID_TEXT_MAX)) != DB_OK ||
	    (st = store_check_text(d, "competitors", o->competitors, VALID_TEXT_MAX)) != DB_OK ||
	    (st = store_check_text(d, "next step", o->next_step, VALID_TEXT_MAX)) != DB_OK ||
	    (st = store_check_text(d, "lost reason", o->lost_reason, VALID_TEXT_MAX)) != DB_OK)
		return st;
	if ((why = valid_money(o->value)))
		return store_err(d, DB_INVALID, _("value: %s"), _(why));
	if (o->value < 0)
		return store_err(d, DB_INVALID, _("an opportunity's value is not below 0"));
	if (o->probability > 100 || o->probability < -1)
		return store_err(d, DB_INVALID, _("probability %d is not 0 to 100"), o->probability);
	if (o->close_date[0] && !date_parse(o->close_date, &day))
		return store_err(d, DB_INVALID, _("'%.16s' is not a date (YYYY-MM-DD)"), o->close_date);
	if (o->next_date[0] && !date_parse(o->next_date, &day))
		return store_err(d, DB_INVALID, _("'%.16s' is not a date (YYYY-MM-DD)"), o->next_date);
	return DB_OK;
}

db_status db_opp_add(db *d, db_opp *o, const char *today)
{
	char rep[UID_BUFSZ], path[OPP_PATH_MAX + 1];
	date_day t;
	bool own;
	db_status st;

	if (!today || !date_parse(today, &t))
		return store_err(d, DB_INVALID, _("'%.16s' is not a date (YYYY-MM-DD)"), today ? today : "");
	if ((unsigned)o->stage >= OPP_STAGE_COUNT)
		return store_err(d, DB_INVALID, _("not a stage"));
	if ((st = check(d, o)) != DB_OK)
		return st;
	if (!o->opened[0])
		snprintf(o->opened, sizeof o->opened, "%s", today);
	date_day opened;
	if (!date_parse(o->opened, &opened) || opened > t)
		return store_err(d, DB_INVALID, _("'%.16s' is not a day up to today"), o->opened);
	/* Opened as a lead and moved on the same day: the path says both. */
	path[0] = '\0';
	if (!opp_path_append("", OPP_LEAD, opened, path, sizeof path) ||
	    (o->stage != OPP_LEAD && !opp_path_append(path, o->stage, t, path, sizeof path)))
		return store_err(d, DB_INVALID, _("not a stage"));
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if (!store_exists(d, "SELECT 1 FROM customers WHERE uid = ?1 AND deleted = 0", o->customer_uid, &st)) {
		if (st == DB_OK)
			st = store_err(d, DB_NOT_FOUND, _("no customer %.64s"), o->customer_uid);
		return store_tx_leave(d, own, st);
	}
	if (o->order_uid[0] && !store_exists(d, "SELECT 1 FROM orders WHERE uid = ?1", o->order_uid, &st)) {
		if (st == DB_OK)
			st = store_err(d, DB_NOT_FOUND, _("no order %.64s"), o->order_uid);
		return store_tx_leave(d, own, st);
	}
	const char *stamp;
	sqlite3_stmt *s;
	if ((st = store_rep_uid(d, rep)) != DB_OK || !(stamp = store_stamp(d)) ||
	    !(s = store_prepare(d, "INSERT INTO opportunities(uid, rep_uid, customer_uid, title, value, "
	                        "stage, probability, close_date, competitors, next_step, next_date, "
	                        "lost_reason, opened, path, order_uid, updated_at) VALUES (?1, ?2, ?3, "
	                        "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)")))
		return store_tx_leave(d, own, st != DB_OK ? st : d->last);
	if (!o->uid[0])
		store_new_uid(d, o->uid);
	sqlite3_bind_text(s, 1, o->uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, o->customer_uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, o->title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, o->value);
	sqlite3_bind_text(s, 6, opp_stages[o->stage].key, -1, SQLITE_STATIC);
	if (o->probability >= 0)
		sqlite3_bind_int(s, 7, o->probability);
	store_bind_text(s, 8, opt(o->close_date));
	sqlite3_bind_text(s, 9, o->competitors ? o->competitors : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, o->next_step ? o->next_step : "", -1, SQLITE_STATIC);
	store_bind_text(s, 11, opt(o->next_date));
	sqlite3_bind_text(s, 12, o->lost_reason ? o->lost_reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 13, o->opened, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 14, path, -1, SQLITE_STATIC);
	store_bind_text(s, 15, opt(o->order_uid));
	sqlite3_bind_text(s, 16, stamp, -1, SQLITE_STATIC);
	st = store_step_done(d, s, _("saving the opportunity"));
	sqlite3_finalize(s);
	return store_tx_leave(d, own, st);
}

typedef struct {
	db_opp_held *h;
	bool found;
} holding;

static bool hold(const db_opp *o, void *ctx)
{
	holding *g = ctx;
	db_opp_held *h = g->h;
	h->o = *o;
	h->o.title = h->title = strdup(o->title);
	h->o.competitors = h->competitors = strdup(o->competitors);
	h->o.next_step = h->next_step = strdup(o->next_step);
	h->o.lost_reason = h->lost_reason = strdup(o->lost_reason);
	h->o.path = h->path = strdup(o->path);
	h->o.customer_name = h->o.rep = NULL;    /* the statement's */
	g->found = true;
	return false;
}

void db_opp_held_free(db_opp_held *h)
{
	free(h->title);
	free(h->competitors);
	free(h->next_step);
	free(h->lost_reason);
	free(h->path);
	memset(h, 0, sizeof *h);
}

db_status db_opp_get(db *d, const char *uid, db_opp_held *h)
{
	holding g = { h, false };
	memset(h, 0, sizeof *h);
	db_opp_query q = { .uid = uid, .stage = -1 };
	db_status st = db_opps_each(d, &q, hold, &g);
	if (st == DB_OK && g.found && (!h->title || !h->competitors || !h->next_step ||
	                               !h->lost_reason || !h->path)) {
		db_opp_held_free(h);
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	}
	if (st == DB_OK && !g.found)
		return store_err(d, DB_NOT_FOUND, _("no opportunity %.64s"), uid);
	if (st != DB_OK)
		db_opp_held_free(h);
	return st;
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

db_status db_opp_update(db *d, const db_opp *o, bool *changed)
{
	db_opp_held h;
	bool own;
	db_status st;

	if (changed)
		*changed = false;
	if ((st = check(d, o)) != DB_OK)
		return st;
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if ((st = db_opp_get(d, o->uid, &h)) != DB_OK)
		return store_tx_leave(d, own, st);
	if (strcmp(h.o.customer_uid, o->customer_uid) != 0 &&
	    !store_exists(d, "SELECT 1 FROM customers WHERE uid = ?1 AND deleted = 0", o->customer_uid, &st)) {
		db_opp_held_free(&h);
		if (st == DB_OK)
			st = store_err(d, DB_NOT_FOUND, _("no customer %.64s"), o->customer_uid);
		return store_tx_leave(d, own, st);
	}
	bool differ = strcmp(h.o.customer_uid, o->customer_uid) != 0 || !same(h.title, o->title) ||
	              h.o.value != o->value || h.o.probability != o->probability ||
	              !same(h.o.close_date, o->close_date) || !same(h.competitors, o->competitors) ||
	              !same(h.next_step, o->next_step) || !same(h.o.next_date, o->next_date) ||
	              !same(h.lost_reason, o->lost_reason) || !same(h.o.order_uid, o->order_uid);
	db_opp_held_free(&h);
	if (!differ)
		return store_tx_leave(d, own, DB_OK);
	const char *stamp = store_stamp(d);
	sqlite3_stmt *s;
	if (!stamp || !(s = store_prepare(d, "UPDATE opportunities SET customer_uid = ?2, title = ?3, "
	                                  "value = ?4, probability = ?5, close_date = ?6, "
	                                  "competitors = ?7, next_step = ?8, next_date = ?9, "
	                                  "lost_reason = ?10, order_uid = ?11, " STORE_REBASE("12") ", "
	                                  "updated_at = ?12 WHERE uid = ?1")))
		return store_tx_leave(d, own, d->last);
	sqlite3_bind_text(s, 1, o->uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, o->customer_uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, o->title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, o->value);
	if (o->probability >= 0)
		sqlite3_bind_int(s, 5, o->probability);
	store_bind_text(s, 6, opt(o->close_date));
	sqlite3_bind_text(s, 7, o->competitors ? o->competitors : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, o->next_step ? o->next_step : "", -1, SQLITE_STATIC);
	store_bind_text(s, 9, opt(o->next_date));
	sqlite3_bind_text(s, 10, o->lost_reason ? o->lost_reason : "", -1, SQLITE_STATIC);
	store_bind_text(s, 11, opt(o->order_uid));
	sqlite3_bind_text(s, 12, stamp, -1, SQLITE_STATIC);
	st = store_step_done(d, s, _("saving the opportunity"));
	sqlite3_finalize(s);
	if (st == DB_OK && changed)
		*changed = true;
	return store_tx_leave(d, own, st);
}

db_status db_opp_move(db *d, const char *uid, opp_stage stg, const char *today,
                      const char *lost_reason, const char *order_uid, bool *changed)
{
	char path[OPP_PATH_MAX + 1];
	date_day t;
	db_opp_held h;
	bool own;
	db_status st;

	if (changed)
		*changed = false;
	if ((unsigned)stg >= OPP_STAGE_COUNT)
		return store_err(d, DB_INVALID, _("not a stage"));
	if (!today || !date_parse(today, &t))
		return store_err(d, DB_INVALID, _("'%.16s' is not a date (YYYY-MM-DD)"), today ? today : "");
	if (lost_reason && (st = store_check_text(d, "lost reason", lost_reason, VALID_TEXT_MAX)) != DB_OK)
		return st;
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if ((st = db_opp_get(d, uid, &h)) != DB_OK)
		return store_tx_leave(d, own, st);
	if (order_uid && *order_uid && !store_exists(d, "SELECT 1 FROM orders WHERE uid = ?1", order_uid, &st)) {
		db_opp_held_free(&h);
		if (st == DB_OK)
			st = store_err(d, DB_NOT_FOUND, _("no order %.64s"), order_uid);
		return store_tx_leave(d, own, st);
	}
	bool moved = h.o.stage != stg;
	bool differ = moved || (stg == OPP_LOST && lost_reason && !same(h.lost_reason, lost_reason)) ||
	              (stg == OPP_WON && order_uid && !same(h.o.order_uid, order_uid));
	/* A day that went back (a clock set right) keeps the path's last day. */
	date_day last = opp_path_since(h.path);
	if (moved && !opp_path_append(h.path, stg, t < last ? last : t, path, sizeof path)) {
		/* A path that is not one (merged from elsewhere) starts again. */
		path[0] = '\0';
		opp_path_append("", stg, t, path, sizeof path);
	} else if (!moved) {
		snprintf(path, sizeof path, "%s", h.path);
	}
	db_opp_held_free(&h);
	if (!differ)
		return store_tx_leave(d, own, DB_OK);
	const char *stamp = store_stamp(d);
	sqlite3_stmt *s;
	if (!stamp || !(s = store_prepare(d, "UPDATE opportunities SET stage = ?2, path = ?3, "
	                                  "lost_reason = CASE WHEN ?2 = 'lost' THEN coalesce(?4, "
	                                  "lost_reason) ELSE lost_reason END, order_uid = CASE WHEN "
	                                  "?2 = 'won' THEN coalesce(?5, order_uid) ELSE order_uid END, "
	                                  STORE_REBASE("6") ", updated_at = ?6 WHERE uid = ?1")))
		return store_tx_leave(d, own, d->last);
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, opp_stages[stg].key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, path, -1, SQLITE_STATIC);
	store_bind_text(s, 4, lost_reason);
	store_bind_text(s, 5, opt(order_uid));
	sqlite3_bind_text(s, 6, stamp, -1, SQLITE_STATIC);
	st = store_step_done(d, s, _("moving the opportunity"));
	sqlite3_finalize(s);
	if (st == DB_OK && changed)
		*changed = true;
	return store_tx_leave(d, own, st);
}

db_status db_opp_delete(db *d, const char *uid)
{
	bool own;
	db_status st;

	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if (!store_exists(d, "SELECT 1 FROM opportunities WHERE uid = ?1 AND deleted = 0", uid, &st)) {
		if (st == DB_OK)
			st = store_err(d, DB_NOT_FOUND, _("no opportunity %.64s"), uid);
		return store_tx_leave(d, own, st);
	}
	const char *stamp = store_stamp(d);
	sqlite3_stmt *s;
	if (!stamp || !(s = store_prepare(d, "UPDATE opportunities SET deleted = 1, " STORE_REBASE("2")
	                                  ", updated_at = ?2 WHERE uid = ?1")))
		return store_tx_leave(d, own, d->last);
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, stamp, -1, SQLITE_STATIC);
	st = store_step_done(d, s, _("deleting the opportunity"));
	sqlite3_finalize(s);
	return store_tx_leave(d, own, st);
}

db_status db_opp_find(db *d, const char *text, char uid[UID_BUFSZ])
{
	char rep[UID_BUFSZ], list[1200] = "";
	size_t len = 0;
	int n = 0, rc;
	db_status st;

	uid[0] = '\0';
	if (!text || !*text)
		return store_err(d, DB_NOT_FOUND, _("no opportunity given"));
	if ((st = store_rep_uid(d, rep)) != DB_OK)
		return st;
	/* A uid, else an exact title, else the start of titles. */
	static const char *const sql[3] = {
		"SELECT uid, title FROM opportunities WHERE uid = ?1 AND deleted = 0",
		"SELECT uid, title FROM opportunities WHERE title = ?1 AND deleted = 0 AND rep_uid = ?2 "
		"ORDER BY uid LIMIT 11",
		"SELECT uid, title FROM opportunities WHERE substr(title, 1, length(?1)) = ?1 AND "
		"deleted = 0 AND rep_uid = ?2 ORDER BY title, uid LIMIT 11",
	};
	for (int k = 0; k < 3 && n == 0; k++) {
		sqlite3_stmt *s = store_prepare(d, sql[k]);
		if (!s)
			return d->last;
		sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
		if (k)
			sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			char safe[200];
			if (n == 0)
				snprintf(uid, UID_BUFSZ, "%s", store_col_text(s, 0));
			if (n < 10 && len < sizeof list)
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%.60s (%s)", n ? ", " : "",
				                        text_sanitize(store_col_text(s, 1), safe, sizeof safe),
				                        store_col_text(s, 0));
			n++;
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return store_fail(d, rc, _("looking up an opportunity"));
	}
	char safe[200];
	text_sanitize(text, safe, sizeof safe);
	if (n == 0)
		return store_err(d, DB_NOT_FOUND, _("no opportunity '%.100s' (uid, title or the start of one)"),
		                 safe);
	if (n == 1)
		return DB_OK;
	uid[0] = '\0';
	if (n > 10)
		return store_err(d, DB_AMBIGUOUS, _("'%.100s' matches more than 10 opportunities: %s, …"),
		                 safe, list);
	return store_err(d, DB_AMBIGUOUS, _("'%.100s' matches %d opportunities: %s"), safe, n, list);
}

db_status db_opps_each(db *d, const db_opp_query *q, db_opp_fn fn, void *ctx)
{
	char rep[UID_BUFSZ];
	db_status st;
	int rc;

	if ((st = store_rep_uid(d, rep)) != DB_OK)
		return st;
	sqlite3_str *b = sqlite3_str_new(NULL);
	sqlite3_str_appendall(b, "SELECT " OPP_COLS " FROM opportunities o JOIN customers c ON "
	                      "c.uid = o.customer_uid LEFT JOIN reps r ON r.uid = o.rep_uid AND "
	                      "o.rep_uid <> :me WHERE o.deleted = 0");
	if (q && q->uid)
		sqlite3_str_appendall(b, " AND o.uid = :uid");
	else
		sqlite3_str_appendall(b, " AND c.deleted = 0");
	if (q && q->customer_uid)
		sqlite3_str_appendall(b, " AND o.customer_uid = :cust");
	if (q && q->open_only)
		sqlite3_str_appendall(b, " AND o.stage NOT IN ('won', 'lost')");
	if (q && q->stage >= 0)
		sqlite3_str_appendall(b, " AND o.stage = :stage");
	if (q && q->mine)
		sqlite3_str_appendall(b, " AND o.rep_uid = :me");
	if (q && q->customers)
		store_where_sql(b, q->customers);
	sqlite3_str_appendall(b, " ORDER BY CASE o.stage");
	for (int i = 0; i < OPP_STAGE_COUNT; i++)
		sqlite3_str_appendf(b, " WHEN '%s' THEN %d", opp_stages[i].key, i);
	sqlite3_str_appendall(b, " END, o.close_date IS NULL, o.close_date, o.title, o.uid");
	char *sql = sqlite3_str_finish(b);
	if (!sql)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s)
		return d->last;
	int at;
	if ((at = sqlite3_bind_parameter_index(s, ":me")))
		sqlite3_bind_text(s, at, rep, -1, SQLITE_STATIC);
	if ((at = sqlite3_bind_parameter_index(s, ":uid")))
		sqlite3_bind_text(s, at, q->uid, -1, SQLITE_STATIC);
	if ((at = sqlite3_bind_parameter_index(s, ":cust")))
		sqlite3_bind_text(s, at, q->customer_uid, -1, SQLITE_STATIC);
	if ((at = sqlite3_bind_parameter_index(s, ":stage")))
		sqlite3_bind_text(s, at, opp_stages[q->stage].key, -1, SQLITE_STATIC);
	if (q && q->customers)
		store_where_bind(s, q->customers);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_opp o;
		memset(&o, 0, sizeof o);
		snprintf(o.uid, sizeof o.uid, "%s", store_col_text(s, O_UID));
		snprintf(o.customer_uid, sizeof o.customer_uid, "%s", store_col_text(s, O_CUSTOMER));
		o.customer_name = store_col_text(s, O_CNAME);
		o.rep = store_col_text(s, O_REP);
		o.title = store_col_text(s, O_TITLE);
		o.value = sqlite3_column_int64(s, O_VALUE);
		o.stage = opp_stage_find(store_col_text(s, O_STAGE));
		o.probability = sqlite3_column_type(s, O_PROB) == SQLITE_NULL ? -1
		                : sqlite3_column_int(s, O_PROB);
		snprintf(o.close_date, sizeof o.close_date, "%s", store_col_text(s, O_CLOSE));
		o.competitors = store_col_text(s, O_COMP);
		o.next_step = store_col_text(s, O_NEXT);
		snprintf(o.next_date, sizeof o.next_date, "%s", store_col_text(s, O_NEXT_DATE));
		o.lost_reason = store_col_text(s, O_LOST);
		snprintf(o.opened, sizeof o.opened, "%s", store_col_text(s, O_OPENED));
		o.path = store_col_text(s, O_PATH);
		o.since = opp_path_since(o.path);
		if (!o.since)
			date_parse(o.opened, &o.since);
		snprintf(o.order_uid, sizeof o.order_uid, "%s", store_col_text(s, O_ORDER));
		snprintf(o.updated_at, sizeof o.updated_at, "%s", store_col_text(s, O_STAMP));
		if (!fn(&o, ctx))
			break;
	}
	st = rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading opportunities"));
	sqlite3_finalize(s);
	return st;
}

db_status db_pipeline_sum_get(db *d, const char *rep_uid, const char *from, const char *to,
                              db_pipeline_sum *out)
{
	char rep[UID_BUFSZ];
	db_status st;

	memset(out, 0, sizeof *out);
	if (!rep_uid) {
		if ((st = store_rep_uid(d, rep)) != DB_OK)
			return st;
		rep_uid = rep;
	}
	/* The weights of the stages as SQL, from the table in core. */
	sqlite3_str *b = sqlite3_str_new(NULL);
	sqlite3_str_appendall(b, "SELECT count(*), coalesce(sum(value), 0), coalesce(sum(w), 0), "
	                      "coalesce(sum(CASE WHEN close_date BETWEEN ?2 AND ?3 THEN value END), 0), "
	                      "coalesce(sum(CASE WHEN close_date BETWEEN ?2 AND ?3 THEN w END), 0) FROM "
	                      "(SELECT o.value, o.close_date, ");
	store_opp_weight_sql(b, "o");
	sqlite3_str_appendall(b, " AS w FROM opportunities o "
	                      "WHERE rep_uid = ?1 AND deleted = 0 AND stage NOT IN ('won', 'lost') AND "
	                      "customer_uid IN (SELECT uid FROM customers WHERE deleted = 0))");
	char *sql = sqlite3_str_finish(b);
	if (!sql)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, rep_uid, -1, SQLITE_TRANSIENT);
	store_bind_text(s, 2, from);
	store_bind_text(s, 3, to);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->count = sqlite3_column_int64(s, 0);
		out->total = sqlite3_column_int64(s, 1);
		out->weighted = sqlite3_column_int64(s, 2);
		out->closing_total = sqlite3_column_int64(s, 3);
		out->closing_weighted = sqlite3_column_int64(s, 4);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? DB_OK : store_fail(d, rc, _("reading the pipeline"));
}
