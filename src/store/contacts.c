/* Contacts: see repdesk/db/contacts.h. Every write gives the row a new stamp
 * (base_at the version it replaces), so a merge and the team server take it
 * like any other synced row.
 *
 * The primary contact and the customer's contact and phone columns say the
 * same thing twice, and are written together here: the customer's columns
 * from a primary contact written (customer_columns), and the primary contact
 * from a customer's columns written by an upsert (store_contact_primary_sync,
 * or store_contacts_bulk_sync once at the end of a load). A customer with
 * neither a contact nor a phone has no primary contact, as the migration to
 * v22 made them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "repdesk/db/contacts.h"
#include "repdesk/i18n.h"
#include "repdesk/text.h"
#include "repdesk/valid.h"

#define CONTACT_COLS "k.uid, k.customer_uid, c.name, k.name, k.role, k.phone, k.wechat, k.note, " \
	"k.cares, k.is_primary, k.updated_at"
enum { K_UID, K_CUSTOMER, K_CNAME, K_NAME, K_ROLE, K_PHONE, K_WECHAT, K_NOTE, K_CARES, K_PRIMARY,
       K_STAMP };

static const char *nz(const char *s)
{
	return s ? s : "";
}

static bool same(const char *a, const char *b)
{
	return strcmp(nz(a), nz(b)) == 0;
}

static db_status check(db *d, const db_contact *c)
{
	db_status st;

	if (!*nz(c->name) && !*nz(c->phone))
		return store_err(d, DB_INVALID, _("a contact needs a name or a phone"));
	if ((st = store_check_text(d, "name", c->name, VALID_TEXT_MAX)) != DB_OK ||
	    (st = store_check_text(d, "role", c->role, VALID_TEXT_MAX)) != DB_OK ||
	    (st = store_check_text(d, "phone", c->phone, VALID_TEXT_MAX)) != DB_OK ||
	    (st = store_check_text(d, "wechat", c->wechat, VALID_TEXT_MAX)) != DB_OK ||
	    (st = store_check_text(d, "note", c->note, VALID_TEXT_MAX)) != DB_OK ||
	    (st = store_check_text(d, "cares", c->cares, VALID_TEXT_MAX)) != DB_OK)
		return st;
	return DB_OK;
}

/* The rep of live customer UID into REP; DB_NOT_FOUND when there is none. */
static db_status customer_rep(db *d, const char *uid, char rep[UID_BUFSZ])
{
	sqlite3_stmt *s = store_prepare(d, "SELECT rep_uid FROM customers WHERE uid = ?1 AND deleted = 0");

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(rep, UID_BUFSZ, "%s", store_col_text(s, 0));
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return store_err(d, DB_NOT_FOUND, _("no customer %.64s"), uid);
	return store_fail(d, rc, _("looking up a customer"));
}

/* The customer's contact and phone made NAME and PHONE (when they differ). */
static db_status customer_columns(db *d, const char *customer, const char *name, const char *phone)
{
	const char *stamp = store_stamp(d);
	sqlite3_stmt *s;

	if (!stamp || !(s = store_prepare(d, "UPDATE customers SET contact = ?2, phone = ?3, "
	                                  STORE_REBASE("4") ", updated_at = ?4 WHERE uid = ?1 AND "
	                                  "(contact IS NOT ?2 OR phone IS NOT ?3)")))
		return d->last;
	sqlite3_bind_text(s, 1, customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, nz(name), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, nz(phone), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, stamp, -1, SQLITE_STATIC);
	db_status st = store_step_done(d, s, _("saving a customer"));
	sqlite3_finalize(s);
	return st;
}

/* Every primary contact of CUSTOMER kept by REP but KEEP made not primary. */
static db_status demote_others(db *d, const char *customer, const char *rep, const char *keep)
{
	const char *stamp = store_stamp(d);
	sqlite3_stmt *s;

	if (!stamp || !(s = store_prepare(d, "UPDATE contacts SET is_primary = 0, " STORE_REBASE("4")
	                                  ", updated_at = ?4 WHERE customer_uid = ?1 AND rep_uid = ?2 "
	                                  "AND is_primary = 1 AND deleted = 0 AND uid <> ?3")))
		return d->last;
	sqlite3_bind_text(s, 1, customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, nz(keep), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, stamp, -1, SQLITE_STATIC);
	db_status st = store_step_done(d, s, _("saving a contact"));
	sqlite3_finalize(s);
	return st;
}

/* Insert C kept by REP under uid C->uid, or bring back the deleted row of
 * that uid with C's fields. */
static db_status insert(db *d, const db_contact *c, const char *rep)
{
	const char *stamp = store_stamp(d);
	sqlite3_stmt *s;

	if (!stamp || !(s = store_prepare(d, "INSERT INTO contacts(uid, rep_uid, customer_uid, name, "
	                                  "role, phone, wechat, note, cares, is_primary, updated_at) "
	                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
	                                  "ON CONFLICT (uid) DO UPDATE SET rep_uid = ?2, "
	                                  "customer_uid = ?3, name = ?4, role = ?5, phone = ?6, "
	                                  "wechat = ?7, note = ?8, cares = ?9, is_primary = ?10, "
	                                  "deleted = 0, " STORE_REBASE("11") ", updated_at = ?11 "
	                                  "WHERE deleted = 1")))
		return d->last;
	sqlite3_bind_text(s, 1, c->uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->customer_uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, nz(c->name), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, nz(c->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, nz(c->phone), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, nz(c->wechat), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, nz(c->note), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, nz(c->cares), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 10, c->primary);
	sqlite3_bind_text(s, 11, stamp, -1, SQLITE_STATIC);
	db_status st = store_step_done(d, s, _("saving a contact"));
	sqlite3_finalize(s);
	if (st == DB_OK && sqlite3_changes(d->h) == 0)
		st = store_err(d, DB_INVALID, _("contact %.64s exists already"), c->uid);
	return st;
}

db_status db_contact_add(db *d, db_contact *c)
{
	char rep[UID_BUFSZ], own_rep[UID_BUFSZ];
	bool own;
	db_status st;

	if (c->uid[0] && !uid_acceptable(c->uid))
		return store_err(d, DB_INVALID, _("uid '%.64s' is not valid (1-64 of A-Z a-z 0-9 . _ : -)"),
		                 c->uid);
	if ((st = check(d, c)) != DB_OK)
		return st;
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if ((st = customer_rep(d, c->customer_uid, rep)) != DB_OK ||
	    (st = store_rep_uid(d, own_rep)) != DB_OK)
		return store_tx_leave(d, own, st);
	if (!c->uid[0])
		store_new_uid(d, c->uid);
	/* A primary contact stands for the customer's own columns, which are
	 * its rep's: it is kept by the same rep. */
	const char *keeper = c->primary ? rep : own_rep;
	if (c->primary && (st = demote_others(d, c->customer_uid, keeper, c->uid)) != DB_OK)
		return store_tx_leave(d, own, st);
	st = insert(d, c, keeper);
	if (st == DB_OK && c->primary)
		st = customer_columns(d, c->customer_uid, c->name, c->phone);
	return store_tx_leave(d, own, st);
}

/* ---- reading ---- */

typedef struct {
	db_contact c;
	char *name, *role, *phone, *wechat, *note, *cares;
	char rep[UID_BUFSZ];
	bool found;
} held;

static void held_free(held *h)
{
	free(h->name);
	free(h->role);
	free(h->phone);
	free(h->wechat);
	free(h->note);
	free(h->cares);
}

/* Contact UID (live, of a live customer) into H, with its keeper. */
static db_status get(db *d, const char *uid, held *h)
{
	memset(h, 0, sizeof *h);
	sqlite3_stmt *s = store_prepare(d, "SELECT " CONTACT_COLS ", k.rep_uid FROM contacts k "
	                                "JOIN customers c ON c.uid = k.customer_uid "
	                                "WHERE k.uid = ?1 AND k.deleted = 0");
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(h->c.uid, sizeof h->c.uid, "%s", store_col_text(s, K_UID));
		snprintf(h->c.customer_uid, sizeof h->c.customer_uid, "%s", store_col_text(s, K_CUSTOMER));
		h->name = strdup(store_col_text(s, K_NAME));
		h->role = strdup(store_col_text(s, K_ROLE));
		h->phone = strdup(store_col_text(s, K_PHONE));
		h->wechat = strdup(store_col_text(s, K_WECHAT));
		h->note = strdup(store_col_text(s, K_NOTE));
		h->cares = strdup(store_col_text(s, K_CARES));
		h->c.primary = sqlite3_column_int(s, K_PRIMARY) != 0;
		snprintf(h->rep, sizeof h->rep, "%s", store_col_text(s, K_STAMP + 1));
		h->found = true;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d, rc, _("reading contacts"));
	if (!h->found)
		return store_err(d, DB_NOT_FOUND, _("no contact %.64s"), uid);
	if (!h->name || !h->role || !h->phone || !h->wechat || !h->note || !h->cares) {
		held_free(h);
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	}
	h->c.name = h->name;
	h->c.role = h->role;
	h->c.phone = h->phone;
	h->c.wechat = h->wechat;
	h->c.note = h->note;
	h->c.cares = h->cares;
	return DB_OK;
}

db_status db_contact_update(db *d, const db_contact *c, bool *changed)
{
	char rep[UID_BUFSZ];
	held h;
	bool own;
	db_status st;

	if (changed)
		*changed = false;
	if ((st = check(d, c)) != DB_OK)
		return st;
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if ((st = get(d, c->uid, &h)) != DB_OK)
		return store_tx_leave(d, own, st);
	bool moved = strcmp(h.c.customer_uid, c->customer_uid) != 0;
	if ((st = customer_rep(d, c->customer_uid, rep)) != DB_OK)
		goto out;
	bool differ = moved || h.c.primary != c->primary || !same(h.name, c->name) ||
	              !same(h.role, c->role) || !same(h.phone, c->phone) ||
	              !same(h.wechat, c->wechat) || !same(h.note, c->note) || !same(h.cares, c->cares);
	if (!differ)
		goto out;
	/* A primary contact is its customer's rep's; any other keeps its keeper. */
	const char *keeper = c->primary ? rep : h.rep;
	if (c->primary && (st = demote_others(d, c->customer_uid, keeper, c->uid)) != DB_OK)
		goto out;
	const char *stamp = store_stamp(d);
	sqlite3_stmt *s;
	if (!stamp || !(s = store_prepare(d, "UPDATE contacts SET rep_uid = ?2, customer_uid = ?3, "
	                                  "name = ?4, role = ?5, phone = ?6, wechat = ?7, note = ?8, "
	                                  "cares = ?9, is_primary = ?10, " STORE_REBASE("11") ", "
	                                  "updated_at = ?11 WHERE uid = ?1"))) {
		st = d->last;
		goto out;
	}
	sqlite3_bind_text(s, 1, c->uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, keeper, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->customer_uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, nz(c->name), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, nz(c->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, nz(c->phone), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, nz(c->wechat), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, nz(c->note), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, nz(c->cares), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 10, c->primary);
	sqlite3_bind_text(s, 11, stamp, -1, SQLITE_STATIC);
	st = store_step_done(d, s, _("saving a contact"));
	sqlite3_finalize(s);
	/* The customer it was the primary contact of has none now; the one it
	 * is the primary contact of takes its name and phone. */
	if (st == DB_OK && h.c.primary && (moved || !c->primary))
		st = customer_columns(d, h.c.customer_uid, "", "");
	if (st == DB_OK && c->primary)
		st = customer_columns(d, c->customer_uid, c->name, c->phone);
	if (st == DB_OK && changed)
		*changed = true;
out:
	held_free(&h);
	return store_tx_leave(d, own, st);
}

db_status db_contact_delete(db *d, const char *uid)
{
	held h;
	bool own;
	db_status st;

	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	if ((st = get(d, uid, &h)) != DB_OK)
		return store_tx_leave(d, own, st);
	const char *stamp = store_stamp(d);
	sqlite3_stmt *s;
	if (!stamp || !(s = store_prepare(d, "UPDATE contacts SET deleted = 1, " STORE_REBASE("2")
	                                  ", updated_at = ?2 WHERE uid = ?1"))) {
		held_free(&h);
		return store_tx_leave(d, own, d->last);
	}
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, stamp, -1, SQLITE_STATIC);
	st = store_step_done(d, s, _("deleting the contact"));
	sqlite3_finalize(s);
	if (st == DB_OK && h.c.primary)
		st = customer_columns(d, h.c.customer_uid, "", "");
	held_free(&h);
	return store_tx_leave(d, own, st);
}

db_status db_contact_find(db *d, const char *customer_uid, const char *text, char uid[UID_BUFSZ])
{
	char list[1400] = "";
	size_t len = 0;
	int n = 0, rc;

	uid[0] = '\0';
	if (!text || !*text)
		return store_err(d, DB_NOT_FOUND, _("no contact given"));
	/* A uid, else an exact name, else the start of names. */
	static const char *const sql[3] = {
		"WHERE k.uid = ?1 AND k.deleted = 0",
		"WHERE k.name = ?1 AND k.deleted = 0 AND c.deleted = 0",
		"WHERE k.name >= ?1 AND k.name < ?1 || x'f4908080' AND k.deleted = 0 AND c.deleted = 0",
	};
	static const char *const order[3] = { "", " ORDER BY c.name, k.uid LIMIT 11",
	                                      " ORDER BY k.name, c.name, k.uid LIMIT 11" };
	for (int k = 0; k < 3 && n == 0; k++) {
		char text_sql[512];
		snprintf(text_sql, sizeof text_sql, "SELECT k.uid, k.name, c.name FROM contacts k JOIN "
		         "customers c ON c.uid = k.customer_uid %s%s%s", sql[k],
		         customer_uid ? " AND k.customer_uid = ?2" : "", order[k]);
		sqlite3_stmt *s = store_prepare(d, text_sql);
		if (!s)
			return d->last;
		sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
		if (customer_uid)
			sqlite3_bind_text(s, 2, customer_uid, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			char safe[200], cust[200];
			if (n == 0)
				snprintf(uid, UID_BUFSZ, "%s", store_col_text(s, 0));
			if (n < 10 && len < sizeof list)
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%.60s/%.60s (%s)",
				                        n ? ", " : "",
				                        text_sanitize(store_col_text(s, 2), cust, sizeof cust),
				                        text_sanitize(store_col_text(s, 1), safe, sizeof safe),
				                        store_col_text(s, 0));
			n++;
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return store_fail(d, rc, _("looking up a contact"));
	}
	char safe[200];
	text_sanitize(text, safe, sizeof safe);
	if (n == 0)
		return store_err(d, DB_NOT_FOUND, _("no contact '%.100s' (uid, name or the start of one)"),
		                 safe);
	if (n == 1)
		return DB_OK;
	uid[0] = '\0';
	if (n > 10)
		return store_err(d, DB_AMBIGUOUS, _("'%.100s' matches more than 10 contacts: %s, …"),
		                 safe, list);
	return store_err(d, DB_AMBIGUOUS, _("'%.100s' matches %d contacts: %s"), safe, n, list);
}

db_status db_contact_name(db *d, const char *uid, char *out, size_t sz)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT CASE WHEN name <> '' THEN name ELSE phone END "
	                                "FROM contacts WHERE uid = ?1");

	if (sz)
		out[0] = '\0';
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sz)
		snprintf(out, sz, "%s", store_col_text(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading contacts"));
}

db_status db_contacts_each(db *d, const db_contact_query *q, db_contact_fn fn, void *ctx)
{
	db_status st;
	int rc;
	/* Each filter written only when given, so the uid's or the customer's
	 * index finds the rows (a customer's file reads them on every move). */
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT " CONTACT_COLS " FROM contacts k JOIN customers c "
	         "ON c.uid = k.customer_uid WHERE k.deleted = 0%s%s%s "
	         "ORDER BY c.name, c.uid, k.is_primary DESC, k.name, k.uid",
	         q && q->uid ? " AND k.uid = ?1" : "",
	         q && q->customer_uid ? " AND k.customer_uid = ?2" : "",
	         q && q->uid ? "" : " AND c.deleted = 0");
	sqlite3_stmt *s = store_prepare(d, sql);
	if (!s)
		return d->last;
	if (q && q->uid)
		sqlite3_bind_text(s, 1, q->uid, -1, SQLITE_STATIC);
	if (q && q->customer_uid)
		sqlite3_bind_text(s, 2, q->customer_uid, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_contact c;
		memset(&c, 0, sizeof c);
		snprintf(c.uid, sizeof c.uid, "%s", store_col_text(s, K_UID));
		snprintf(c.customer_uid, sizeof c.customer_uid, "%s", store_col_text(s, K_CUSTOMER));
		c.customer_name = store_col_text(s, K_CNAME);
		c.name = store_col_text(s, K_NAME);
		c.role = store_col_text(s, K_ROLE);
		c.phone = store_col_text(s, K_PHONE);
		c.wechat = store_col_text(s, K_WECHAT);
		c.note = store_col_text(s, K_NOTE);
		c.cares = store_col_text(s, K_CARES);
		c.primary = sqlite3_column_int(s, K_PRIMARY) != 0;
		snprintf(c.updated_at, sizeof c.updated_at, "%s", store_col_text(s, K_STAMP));
		if (!fn(&c, ctx))
			break;
	}
	st = rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : store_fail(d, rc, _("reading contacts"));
	sqlite3_finalize(s);
	return st;
}

/* ---- the primary contact from the customer's columns ---- */

static void sql_primary_uid(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	char uid[UID_BUFSZ];
	const char *a = (const char *)sqlite3_value_text(v[0]), *b = (const char *)sqlite3_value_text(v[1]);

	(void)argc;
	store_primary_contact_uid(a ? a : "", b ? b : "", uid);
	sqlite3_result_text(cx, uid, -1, SQLITE_TRANSIENT);
}

/* A primary contact with nothing left in it (the customer's contact and
 * phone both emptied, and no role, WeChat, note or care) goes; one with
 * something left keeps it. */
#define EMPTIED(k) "(?2 = '' AND ?3 = '' AND " k "role = '' AND " k "wechat = '' AND " \
	k "note = '' AND " k "cares = '')"

db_status store_contact_primary_sync(db *d, const char *customer, const char *name,
                                     const char *phone)
{
	char rep[UID_BUFSZ], uid[UID_BUFSZ];
	db_status st;
	const char *stamp;
	sqlite3_stmt *s;
	int rc;

	if ((st = customer_rep(d, customer, rep)) != DB_OK)
		return st;
	if (!(stamp = store_stamp(d)))
		return d->last;
	/* The live primary contact, written when it differs. */
	if (!(s = store_prepare(d, "UPDATE contacts SET name = ?2, phone = ?3, deleted = "
	                        "CASE WHEN " EMPTIED("") " THEN 1 ELSE 0 END, " STORE_REBASE("5")
	                        ", updated_at = ?5 WHERE customer_uid = ?1 AND rep_uid = ?4 AND "
	                        "is_primary = 1 AND deleted = 0 AND (name IS NOT ?2 OR phone IS NOT ?3)"
	                        " RETURNING 1")))
		return d->last;
	sqlite3_bind_text(s, 1, customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, nz(name), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, nz(phone), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, rep, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, stamp, -1, SQLITE_STATIC);
	int updated = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		updated++;
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("saving a contact"));
	if (updated || (!*nz(name) && !*nz(phone)))
		return DB_OK;
	/* Is there one already in step? */
	if (!(s = store_prepare(d, "SELECT 1 FROM contacts WHERE customer_uid = ?1 AND rep_uid = ?2 "
	                        "AND is_primary = 1 AND deleted = 0")))
		return d->last;
	sqlite3_bind_text(s, 1, customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("reading contacts"));
	/* None: the primary contact every book makes for this customer and rep,
	 * unless that uid is taken by a live contact (made not primary since):
	 * then a new one. */
	db_contact c = { .name = name, .phone = phone, .primary = true };
	snprintf(c.customer_uid, sizeof c.customer_uid, "%s", customer);
	store_primary_contact_uid(customer, rep, uid);
	if (!(s = store_prepare(d, "SELECT 1 FROM contacts WHERE uid = ?1 AND deleted = 0")))
		return d->last;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d, rc, _("reading contacts"));
	if (rc == SQLITE_ROW)
		store_new_uid(d, c.uid);
	else
		memcpy(c.uid, uid, sizeof c.uid);
	return insert(d, &c, rep);
}

db_status store_contacts_bulk_note(db *d, int64_t id)
{
	store_bulk *b = &d->bulk;

	if (b->nprimary == b->primary_cap) {
		size_t cap = b->primary_cap ? 2 * b->primary_cap : 4096;
		int64_t *ids = realloc(b->primary_ids, cap * sizeof *ids);
		if (!ids)
			return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
		b->primary_ids = ids;
		b->primary_cap = cap;
	}
	b->primary_ids[b->nprimary++] = id;
	return DB_OK;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The customers noted, as the table temp.repdesk_primary(id). */
static db_status noted_table(db *d)
{
	store_bulk *b = &d->bulk;
	db_status st = store_exec(d, "CREATE TEMP TABLE IF NOT EXISTS repdesk_primary"
	                             "(id INTEGER PRIMARY KEY); DELETE FROM temp.repdesk_primary;");
	if (st != DB_OK)
		return st;
	qsort(b->primary_ids, b->nprimary, sizeof *b->primary_ids, id_cmp);
	sqlite3_stmt *s = store_prepare(d, "INSERT OR IGNORE INTO temp.repdesk_primary(id) VALUES (?1)");
	if (!s)
		return d->last;
	for (size_t i = 0; i < b->nprimary && st == DB_OK; i++) {
		sqlite3_bind_int64(s, 1, b->primary_ids[i]);
		st = store_step_done(d, s, _("saving contacts"));
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return st;
}

db_status store_contacts_bulk_sync(db *d)
{
	db_status st;

	/* Nothing written that has a primary contact. */
	if (!d->bulk.nprimary || !d->have_stamp)
		return DB_OK;
	if ((st = noted_table(d)) != DB_OK)
		return st;
	int rc = sqlite3_create_function_v2(d->h, "repdesk_primary_uid", 2, SQLITE_UTF8 |
	                                    SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
	                                    sql_primary_uid, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(d, rc, _("saving contacts"));
	sqlite3_stmt *s = NULL;
	/* The customers noted: their live primary contacts that differ take
	 * their columns; then those with a contact or a phone and no primary
	 * contact get theirs, under the uid every book makes (brought back when
	 * deleted), else a new one. A book that was empty has no contacts: only
	 * the second is needed. */
	static const char *const sql[] = {
		"UPDATE contacts SET name = x.contact, phone = x.phone, deleted = CASE WHEN "
		"x.contact = '' AND x.phone = '' AND contacts.role = '' AND contacts.wechat = '' AND "
		"contacts.note = '' AND contacts.cares = '' THEN 1 ELSE 0 END, base_at = CASE WHEN "
		"contacts.updated_at = ?1 THEN contacts.base_at ELSE contacts.updated_at END, "
		"updated_at = ?1 FROM (SELECT c.uid, c.rep_uid, c.contact, c.phone FROM "
		"temp.repdesk_primary p JOIN customers c ON c.id = p.id WHERE c.deleted = 0) AS x "
		"WHERE contacts.customer_uid = x.uid AND contacts.rep_uid = x.rep_uid AND "
		"contacts.is_primary = 1 AND contacts.deleted = 0 AND "
		"(contacts.name IS NOT x.contact OR contacts.phone IS NOT x.phone)",
		"INSERT INTO contacts(uid, rep_uid, customer_uid, name, phone, is_primary, updated_at) "
		"SELECT repdesk_primary_uid(c.uid, c.rep_uid), c.rep_uid, c.uid, c.contact, c.phone, 1, ?1 "
		"FROM temp.repdesk_primary p JOIN customers c ON c.id = p.id WHERE c.deleted = 0 AND "
		"(c.contact <> '' OR c.phone <> '') AND NOT EXISTS (SELECT 1 FROM contacts k WHERE "
		"k.customer_uid = c.uid AND k.rep_uid = c.rep_uid AND k.is_primary = 1 AND "
		"k.deleted = 0) ORDER BY p.id "
		"ON CONFLICT (uid) DO UPDATE SET customer_uid = excluded.customer_uid, "
		"name = excluded.name, role = '', phone = excluded.phone, wechat = '', note = '', "
		"cares = '', is_primary = 1, deleted = 0, base_at = CASE WHEN updated_at = ?1 THEN "
		"base_at ELSE updated_at END, updated_at = ?1 WHERE deleted = 1",
		"INSERT INTO contacts(uid, rep_uid, customer_uid, name, phone, is_primary, updated_at) "
		"SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-8' || "
		"substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || "
		"hex(randomblob(6))), c.rep_uid, c.uid, c.contact, c.phone, 1, ?1 "
		"FROM temp.repdesk_primary p JOIN customers c ON c.id = p.id WHERE c.deleted = 0 AND "
		"(c.contact <> '' OR c.phone <> '') AND NOT EXISTS (SELECT 1 FROM contacts k WHERE "
		"k.customer_uid = c.uid AND k.rep_uid = c.rep_uid AND k.is_primary = 1 AND "
		"k.deleted = 0)",
	};
	/* Into a book that was empty, one insert of rows in the customers'
	 * order, every index but the uid's made after by a sort. */
	static const char fresh[] =
		"INSERT INTO contacts(uid, rep_uid, customer_uid, name, phone, is_primary, updated_at) "
		"SELECT repdesk_primary_uid(c.uid, c.rep_uid), c.rep_uid, c.uid, c.contact, c.phone, 1, ?1 "
		"FROM temp.repdesk_primary p JOIN customers c ON c.id = p.id WHERE c.deleted = 0 AND "
		"(c.contact <> '' OR c.phone <> '') ORDER BY p.id";
	bool empty = d->bulk.existing == 0;
	/* A load that wrote many rows next to the book's size writes about as
	 * many contacts: their name and phone indexes are made once after, by a
	 * sort, rather than row by row (the uid and customer indexes stay: rows
	 * are matched by them). */
	bool rebuild = empty || d->bulk.deferred;
	st = rebuild ? store_exec(d, "DROP INDEX IF EXISTS contacts_name;"
	                             "DROP INDEX IF EXISTS contacts_phone;") : DB_OK;
	if (st == DB_OK && empty)
		st = store_exec(d, "DROP INDEX IF EXISTS contacts_customer;");
	for (size_t i = 0; i < (empty ? 1 : sizeof sql / sizeof *sql) && st == DB_OK; i++) {
		if (!(s = store_prepare(d, empty ? fresh : sql[i]))) {
			st = d->last;
			break;
		}
		sqlite3_bind_text(s, 1, d->stamp, -1, SQLITE_STATIC);
		st = store_step_done(d, s, _("saving contacts"));
		sqlite3_finalize(s);
	}
	if (st == DB_OK && rebuild)
		st = store_exec(d, STORE_SQL_CONTACT_INDEXES);
	if (st == DB_OK)
		st = store_exec(d, "DELETE FROM temp.repdesk_primary");
	sqlite3_create_function_v2(d->h, "repdesk_primary_uid", 2, SQLITE_UTF8, NULL, NULL, NULL, NULL,
	                           NULL);
	return st;
}
