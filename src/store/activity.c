/* Activity: calls, orders, payments, notes and visits, each referring to its
 * customer by uid (so rows merge across books). One generic record, a table
 * per kind; the statements are written from the registry's columns
 * (repdesk/record.h), which also names the kinds and the outcomes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/date.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/record.h"
#include "repdesk/valid.h"
#include "store_int.h"
#include "repdesk/i18n.h"

_Static_assert((int)DB_CALLS == RECORD_CALLS && (int)DB_ORDERS == RECORD_ORDERS &&
               (int)DB_PAYMENTS == RECORD_PAYMENTS && (int)DB_NOTES == RECORD_NOTES &&
               (int)DB_VISITS == RECORD_VISITS && RECORD_KIND_COUNT == 5,
               "activity kinds in the registry's order");

enum { A_SELECT, A_INSERT, A_UPDATE };
enum { F_CUSTOMER, F_DATE, F_AMOUNT, F_DUE, F_ORDER, F_OUTCOME, F_TEXT, F_NEXT, F_TIME, F_PLACE,
       F_VOLUME, F_CONTACT, F_DELETED };

/* One generic record, a table per kind: each field of the record, the
 * columns that hold it (a kind has at most one of them: the registry says
 * which), its parameter in every statement (?1 uid, ?2 rep_uid, ?11
 * updated_at besides), and what a read gives for a kind without it. Reads
 * select the fields in this order, then deleted. */
static const struct {
	const char *cols[2];
	int param;
	const char *none;
} fields[F_DELETED] = {
	[F_CUSTOMER] = { { "customer_uid" }, 3, "NULL" },
	[F_DATE] = { { "date" }, 4, "NULL" },
	[F_AMOUNT] = { { "amount" }, 5, "0" },
	[F_DUE] = { { "due" }, 6, "NULL" },
	[F_ORDER] = { { "order_uid" }, 7, "NULL" },
	[F_OUTCOME] = { { "outcome" }, 8, "NULL" },
	[F_TEXT] = { { "note", "text" }, 9, "NULL" },
	[F_NEXT] = { { "next_call" }, 10, "NULL" },
	[F_TIME] = { { "time" }, 12, "NULL" },
	[F_PLACE] = { { "place" }, 13, "NULL" },
	[F_VOLUME] = { { "volume" }, 14, "NULL" },
	[F_CONTACT] = { { "contact_uid" }, 15, "NULL" },
};

/* The column of kind K that holds field F, or NULL. */
static const char *column_of(db_activity_kind k, int f)
{
	for (int i = 0; i < 2 && fields[f].cols[i]; i++)
		if (record_kind_column((record_kind)k, fields[f].cols[i]))
			return fields[f].cols[i];
	return NULL;
}

/* The field the column COL holds, or -1. */
static int field_of(const char *col)
{
	for (int f = 0; f < F_DELETED; f++)
		for (int i = 0; i < 2 && fields[f].cols[i]; i++)
			if (strcmp(fields[f].cols[i], col) == 0)
				return f;
	return -1;
}

/* The fields of kind K as a read selects them, from its table as "a". */
static void put_fields(sqlite3_str *b, db_activity_kind k)
{
	for (int f = 0; f < F_DELETED; f++) {
		const char *c = column_of(k, f);
		sqlite3_str_appendf(b, "%s%s%s", f ? ", " : "", c ? "a." : "", c ? c : fields[f].none);
	}
}

/* The statements of kind K, written from the registry's columns. */
static char *act_sql(db_activity_kind k, int which)
{
	const char *t = record_kinds[k].table;
	const record_column *c;
	sqlite3_str *b = sqlite3_str_new(NULL);

	if (which == A_SELECT) {
		sqlite3_str_appendall(b, "SELECT ");
		put_fields(b, k);
		sqlite3_str_appendf(b, ", a.deleted FROM %s a WHERE a.uid = ?1", t);
	} else if (which == A_INSERT) {
		sqlite3_str_appendf(b, "INSERT INTO %s(uid, rep_uid", t);
		for (c = record_kinds[k].cols; c->name; c++)
			sqlite3_str_appendf(b, ", %s", c->name);
		sqlite3_str_appendall(b, ", updated_at) VALUES (?1, ?2");
		for (c = record_kinds[k].cols; c->name; c++)
			sqlite3_str_appendf(b, ", ?%d", fields[field_of(c->name)].param);
		sqlite3_str_appendall(b, ", ?11)");
	} else {
		sqlite3_str_appendf(b, "UPDATE %s SET ", t);
		for (c = record_kinds[k].cols; c->name; c++)
			sqlite3_str_appendf(b, "%s = ?%d, ", c->name, fields[field_of(c->name)].param);
		sqlite3_str_appendall(b, STORE_REBASE("11") ", updated_at = ?11, deleted = 0 WHERE uid = ?1");
	}
	return sqlite3_str_finish(b);
}

static sqlite3_stmt *act_stmt(db *d, db_activity_kind k, int which)
{
	if (!d->act[k][which]) {
		char *sql = act_sql(k, which);
		if (!sql) {
			store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
			return NULL;
		}
		int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &d->act[k][which],
		                            NULL);
		sqlite3_free(sql);
		if (rc != SQLITE_OK) {
			store_fail(d, rc, _("preparing a statement"));
			return NULL;
		}
	}
	sqlite3_reset(d->act[k][which]);
	return d->act[k][which];
}

static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

static bool same(const char *stored, const char *given)
{
	return strcmp(stored ? stored : "", given ? given : "") == 0;
}

static db_status validate(db *d, db_activity_kind k, const db_activity *a)
{
	date_day day;
	db_status st;

	if (a->uid[0] && !uid_acceptable(a->uid))
		return store_err(d, DB_INVALID, _("uid '%.64s' is not valid"), a->uid);
	if (!date_parse(a->date, &day))
		return store_err(d, DB_INVALID, _("date '%.16s' is not a date (YYYY-MM-DD)"), a->date);
	if (k == DB_VISITS && a->time[0] && valid_time(a->time))
		return store_err(d, DB_INVALID, _("time '%.16s' is not a time (HH:MM)"), a->time);
	if (k == DB_CALLS || (k == DB_VISITS && a->outcome && a->outcome[0])) {
		bool ok = false;
		for (int i = 0; i < RECORD_OUTCOME_COUNT && !ok; i++)
			ok = a->outcome && strcmp(a->outcome, record_outcomes[i].name) == 0;
		if (!ok) {
			char names[160];
			return store_err(d, DB_INVALID, _("outcome '%.32s' is not %s"),
			                 a->outcome ? a->outcome : "",
			                 record_outcome_list(names, sizeof names, _(", "), _(" or "), false));
		}
		if (a->next_call[0] && !date_parse(a->next_call, &day))
			return store_err(d, DB_INVALID, _("next_call '%.16s' is not a date (YYYY-MM-DD)"),
			                 a->next_call);
	}
	if (k == DB_ORDERS && a->due[0] && !date_parse(a->due, &day))
		return store_err(d, DB_INVALID, _("due '%.16s' is not a date (YYYY-MM-DD)"), a->due);
	if (k == DB_ORDERS && a->due[0] && strcmp(a->due, a->date) < 0)
		return store_err(d, DB_INVALID, _("the promised payment date %.16s is before the order's date %.16s"),
		                 a->due, a->date);
	if (k == DB_ORDERS && a->has_volume && a->volume < 0)
		return store_err(d, DB_INVALID, _("volume %lld is below 0"), (long long)a->volume);
	if ((k == DB_ORDERS || k == DB_PAYMENTS) && a->amount == DB_NULL)
		return store_err(d, DB_INVALID, _("a %s needs an amount"), _(record_kinds[k].word));
	if (k == DB_NOTES && (!a->text || !a->text[0]))
		return store_err(d, DB_INVALID, _("a note needs text"));
	if (k == DB_VISITS && (st = store_check_text(d, "visit place", a->place ? a->place : "",
	                                              VALID_TEXT_MAX)) != DB_OK)
		return st;
	char field[48];
	snprintf(field, sizeof field, "%s note", record_kinds[k].word);
	return store_check_text(d, k == DB_NOTES ? "note" : field, a->text, VALID_TEXT_MAX);
}

static db_status upsert(db *d, db_activity_kind k, const db_activity *a, int *result)
{
	char uid[UID_BUFSZ], rep[UID_BUFSZ], old_customer[UID_BUFSZ] = "";
	db_status st;
	sqlite3_stmt *s, *w;
	int rc;

	/* Checked here rather than left to the foreign keys: a clear message. */
	if (!store_exists(d, "SELECT 1 FROM customers WHERE uid = ?1", a->customer_uid, &st))
		return st != DB_OK ? st : store_err(d, DB_NOT_FOUND, _("no customer %.64s"), a->customer_uid);
	if (k == DB_PAYMENTS && a->order_uid[0] &&
	    !store_exists(d, "SELECT 1 FROM orders WHERE uid = ?1", a->order_uid, &st))
		return st != DB_OK ? st : store_err(d, DB_NOT_FOUND, _("no order %.64s"), a->order_uid);
	if ((k == DB_CALLS || k == DB_VISITS) && a->contact_uid[0] &&
	    !store_exists(d, "SELECT 1 FROM contacts WHERE uid = ?1", a->contact_uid, &st))
		return st != DB_OK ? st : store_err(d, DB_NOT_FOUND, _("no contact %.64s"), a->contact_uid);

	const char *f[F_DELETED] = {
		[F_CUSTOMER] = a->customer_uid, [F_DATE] = a->date,
		[F_DUE] = k == DB_ORDERS ? opt(a->due) : NULL,
		[F_ORDER] = k == DB_PAYMENTS ? opt(a->order_uid) : NULL,
		[F_OUTCOME] = k == DB_CALLS ? a->outcome : k == DB_VISITS ? opt(a->outcome) : NULL,
		[F_TEXT] = a->text ? a->text : "",
		[F_NEXT] = k == DB_CALLS || k == DB_VISITS ? opt(a->next_call) : NULL,
		[F_TIME] = k == DB_VISITS ? opt(a->time) : NULL,
		[F_PLACE] = k == DB_VISITS ? (a->place ? a->place : "") : NULL,
		[F_CONTACT] = k == DB_CALLS || k == DB_VISITS ? opt(a->contact_uid) : NULL,
	};
	int64_t amount = k == DB_ORDERS || k == DB_PAYMENTS ? a->amount : 0;
	bool has_volume = k == DB_ORDERS && a->has_volume;

	*result = 1;
	if (a->uid[0]) {
		memcpy(uid, a->uid, sizeof uid);
		if (!(s = act_stmt(d, k, A_SELECT)))
			return d->last;
		sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			bool changed = sqlite3_column_int(s, F_DELETED) != 0 ||
			               sqlite3_column_int64(s, F_AMOUNT) != amount ||
			               (sqlite3_column_type(s, F_VOLUME) != SQLITE_NULL) != has_volume ||
			               (has_volume && sqlite3_column_int64(s, F_VOLUME) != a->volume);
			for (int i = 0; i < F_DELETED && !changed; i++)
				if (i != F_AMOUNT && i != F_VOLUME)
					changed = !same((const char *)sqlite3_column_text(s, i), f[i]);
			*result = changed ? 2 : 0;
			snprintf(old_customer, sizeof old_customer, "%s", store_col_text(s, F_CUSTOMER));
		}
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(d, rc, _("looking up"));
		if (*result == 0)
			return DB_OK;
	} else {
		store_new_uid(d, uid);
	}
	if ((st = store_rep_uid(d, rep)) != DB_OK)
		return st;
	const char *stamp = store_stamp(d);
	if (!stamp || !(w = act_stmt(d, k, *result == 1 ? A_INSERT : A_UPDATE)))
		return d->last;
	sqlite3_bind_text(w, 1, uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 2, rep, -1, SQLITE_STATIC);
	store_bind_text(w, 3, f[F_CUSTOMER]);
	store_bind_text(w, 4, f[F_DATE]);
	sqlite3_bind_int64(w, 5, amount);
	store_bind_text(w, 6, f[F_DUE]);
	store_bind_text(w, 7, f[F_ORDER]);
	store_bind_text(w, 8, f[F_OUTCOME]);
	store_bind_text(w, 9, f[F_TEXT]);
	store_bind_text(w, 10, f[F_NEXT]);
	sqlite3_bind_text(w, 11, stamp, -1, SQLITE_STATIC);
	store_bind_text(w, 12, f[F_TIME]);
	store_bind_text(w, 13, f[F_PLACE]);
	if (has_volume)
		sqlite3_bind_int64(w, 14, a->volume);
	else
		sqlite3_bind_null(w, 14);
	store_bind_text(w, 15, f[F_CONTACT]);
	if ((st = store_step_done(d, w, "saving activity")) != DB_OK)
		return st;
	if (k != DB_NOTES) {
		if ((st = store_stats_mark(d, f[F_CUSTOMER])) != DB_OK)
			return st;
		if (old_customer[0] && strcmp(old_customer, f[F_CUSTOMER]) != 0 &&
		    (st = store_stats_mark(d, old_customer)) != DB_OK)
			return st;
	}

	/* The next contact date a call or a visit sets is the customer's follow-up. */
	if (f[F_NEXT]) {
		if (!(w = store_stmt(d, ST_CUST_NEXT_CALL)))
			return d->last;
		sqlite3_bind_text(w, 1, f[F_CUSTOMER], -1, SQLITE_STATIC);
		sqlite3_bind_text(w, 2, f[F_NEXT], -1, SQLITE_STATIC);
		sqlite3_bind_text(w, 3, stamp, -1, SQLITE_STATIC);
		st = store_step_done(d, w, "saving the next contact date");
	}
	return st;
}

db_status db_activity_upsert(db *d, db_activity_kind kind, const db_activity *a, int *result)
{
	bool own;
	db_status st;

	*result = 0;
	if ((unsigned)kind > DB_VISITS)
		return store_err(d, DB_INVALID, _("no activity kind %d"), (int)kind);
	if ((st = validate(d, kind, a)) != DB_OK)
		return st;
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if (d->bulk.on && d->bulk.fresh && (st = store_bulk_unfresh(d)) != DB_OK)
		return store_tx_leave(d, own, st);
	st = upsert(d, kind, a, result);
	if (st != DB_OK)
		*result = 0;
	return store_tx_leave(d, own, st);
}

static db_status delete(db *d, db_activity_kind k, const char *uid)
{
	char sql[256], customer[UID_BUFSZ];
	db_status st;
	const char *stamp;

	snprintf(sql, sizeof sql, "SELECT deleted, customer_uid FROM %s WHERE uid = ?1", record_kinds[k].table);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	bool live = rc == SQLITE_ROW && sqlite3_column_int(s, 0) == 0;
	snprintf(customer, sizeof customer, "%s", rc == SQLITE_ROW ? store_col_text(s, 1) : "");
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return store_err(d, DB_NOT_FOUND, _("no %s %.64s"), _(record_kinds[k].word), uid);
	if (rc != SQLITE_ROW)
		return store_fail(d, rc, _("looking up"));
	if (!live)
		return DB_OK;   /* already deleted: nothing changes */
	if (!(stamp = store_stamp(d)))
		return d->last;
	snprintf(sql, sizeof sql, "UPDATE %s SET deleted = 1, " STORE_REBASE("2") ", updated_at = ?2 WHERE uid = ?1",
	         record_kinds[k].table);
	if (!(s = store_prepare(d, sql)))
		return d->last;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, stamp, -1, SQLITE_STATIC);
	st = store_step_done(d, s, "deleting");
	sqlite3_finalize(s);
	if (st == DB_OK && k != DB_NOTES)
		st = store_stats_mark(d, customer);
	return st;
}

db_status db_activity_delete(db *d, db_activity_kind kind, const char *uid)
{
	bool own;
	db_status st;

	if ((unsigned)kind > DB_VISITS)
		return store_err(d, DB_INVALID, _("no activity kind %d"), (int)kind);
	if (!uid || !*uid)
		return store_err(d, DB_NOT_FOUND, _("no uid given"));
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	return store_tx_leave(d, own, delete(d, kind, uid));
}

/* Every non-deleted row of KIND of CUSTOMER_UID (NULL: all), or the one
 * whose uid is UID (non-NULL), in date order. */
static db_status each(db *d, db_activity_kind kind, const char *customer_uid, const char *uid,
                      db_activity_fn fn, void *ctx, int *seen)
{
	db_status st = DB_OK;
	int rc;

	*seen = 0;
	if ((unsigned)kind > DB_VISITS)
		return store_err(d, DB_INVALID, _("no activity kind %d"), (int)kind);
	sqlite3_str *b = sqlite3_str_new(NULL);
	sqlite3_str_appendall(b, "SELECT a.uid, c.name, a.updated_at, ");
	put_fields(b, kind);
	sqlite3_str_appendf(b, " FROM %s a LEFT JOIN customers c ON c.uid = a.customer_uid "
	                    "WHERE a.deleted = 0%s ORDER BY a.date, a.id", record_kinds[kind].table,
	                    uid ? " AND a.uid = ?1" : customer_uid ? " AND a.customer_uid = ?1" : "");
	char *sql = sqlite3_str_finish(b);
	if (!sql)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s)
		return d->last;
	if (uid || customer_uid)
		sqlite3_bind_text(s, 1, uid ? uid : customer_uid, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_activity a;
		memset(&a, 0, sizeof a);
		snprintf(a.uid, sizeof a.uid, "%s", store_col_text(s, 0));
		a.customer_name = store_col_text(s, 1);
		snprintf(a.updated_at, sizeof a.updated_at, "%s", store_col_text(s, 2));
		snprintf(a.customer_uid, sizeof a.customer_uid, "%s", store_col_text(s, 3 + F_CUSTOMER));
		snprintf(a.date, sizeof a.date, "%s", store_col_text(s, 3 + F_DATE));
		a.amount = sqlite3_column_int64(s, 3 + F_AMOUNT);
		snprintf(a.due, sizeof a.due, "%s", store_col_text(s, 3 + F_DUE));
		snprintf(a.order_uid, sizeof a.order_uid, "%s", store_col_text(s, 3 + F_ORDER));
		a.outcome = store_col_text(s, 3 + F_OUTCOME);
		a.text = store_col_text(s, 3 + F_TEXT);
		snprintf(a.next_call, sizeof a.next_call, "%s", store_col_text(s, 3 + F_NEXT));
		snprintf(a.time, sizeof a.time, "%s", store_col_text(s, 3 + F_TIME));
		a.place = store_col_text(s, 3 + F_PLACE);
		a.has_volume = sqlite3_column_type(s, 3 + F_VOLUME) != SQLITE_NULL;
		a.volume = a.has_volume ? sqlite3_column_int64(s, 3 + F_VOLUME) : 0;
		snprintf(a.contact_uid, sizeof a.contact_uid, "%s", store_col_text(s, 3 + F_CONTACT));
		(*seen)++;
		if (!fn(&a, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = store_fail(d, rc, _("reading activity"));
	sqlite3_finalize(s);
	return st;
}

db_status db_activity_each(db *d, db_activity_kind kind, const char *customer_uid,
                           db_activity_fn fn, void *ctx)
{
	int seen;
	return each(d, kind, customer_uid, NULL, fn, ctx, &seen);
}

db_status db_activity_get(db *d, db_activity_kind kind, const char *uid, db_activity_fn fn,
                          void *ctx)
{
	int seen;
	if (!uid || !*uid)
		return store_err(d, DB_NOT_FOUND, _("no uid given"));
	db_status st = each(d, kind, NULL, uid, fn, ctx, &seen);
	if (st == DB_OK && !seen)
		return store_err(d, DB_NOT_FOUND, _("no %s %.64s"), _(record_kinds[kind].word), uid);
	return st;
}

db_status db_money_totals(db *d, const char *customer_uid, db_money_fn fn, void *ctx)
{
	return db_money_totals_to(d, customer_uid, NULL, fn, ctx);
}

db_status db_money_totals_to(db *d, const char *customer_uid, const char *until, db_money_fn fn,
                             void *ctx)
{
	char sql[1024], only[64];
	int rc;

	snprintf(only, sizeof only, "%s%s", customer_uid ? " AND customer_uid = ?1" : "",
	         until ? " AND date <= ?2" : "");
	snprintf(sql, sizeof sql,
	         /* Each table summed per customer first, from its customer index:
	          * the join and the grouping then see one row per customer, not
	          * one per order. */
	         "SELECT m.customer_uid, c.name, SUM(m.ordered), SUM(m.paid) FROM ("
	         "SELECT customer_uid, SUM(amount) AS ordered, 0 AS paid FROM orders "
	         "WHERE deleted = 0%s GROUP BY customer_uid "
	         "UNION ALL SELECT customer_uid, 0, SUM(amount) FROM payments "
	         "WHERE deleted = 0%s GROUP BY customer_uid) m "
	         "JOIN customers c ON c.uid = m.customer_uid GROUP BY m.customer_uid ORDER BY c.name",
	         only, only);
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s)
		return d->last;
	if (customer_uid)
		sqlite3_bind_text(s, 1, customer_uid, -1, SQLITE_STATIC);
	if (until)
		sqlite3_bind_text(s, 2, until, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!fn(store_col_text(s, 0), store_col_text(s, 1), sqlite3_column_int64(s, 2),
		        sqlite3_column_int64(s, 3), ctx))
			break;
	db_status st = rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading activity"));
	sqlite3_finalize(s);
	return st;
}
