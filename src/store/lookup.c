/* Customers looked up: one record whole, the uid an import's or a person's
 * words name (a uid, an exact name, else one unambiguous name prefix), and
 * the attribute keys in use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"

db_customer *db_customer_load(db *d, const char *uid)
{
	sqlite3_stmt *s = store_stmt(d, ST_CUST_BY_UID);
	db_customer row, *c = NULL;

	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		store_err(d, DB_NOT_FOUND, _("no customer %s"), uid);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		store_fail(d, rc, _("reading a customer"));
		goto out;
	}
	if (store_row_customer(d, s, &row, &d->old_attrs, &d->old_attrs_cap, &d->old_buf,
	                       &d->old_buf_cap) != DB_OK)
		goto out;
	/* One allocation: the record, its attribute array, then every string. */
	const char **strs[] = { &row.name, &row.contact, &row.phone, &row.city, &row.district,
	                        &row.type, &row.industry, &row.source, &row.notes, &row.priority,
	                        &row.next_call, &row.status, &row.referred_by };
	size_t nstrs = sizeof strs / sizeof *strs, size = sizeof *c + row.nattrs * sizeof(db_attr);
	for (size_t i = 0; i < nstrs; i++)
		size += strlen(*strs[i]) + 1;
	for (size_t i = 0; i < row.nattrs; i++)
		size += strlen(row.attrs[i].key) + strlen(row.attrs[i].value) + 2;
	if (!(c = malloc(size))) {
		store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
		goto out;
	}
	*c = row;
	db_attr *a = (db_attr *)(c + 1);
	char *p = (char *)(a + row.nattrs);
	const char **dst[] = { &c->name, &c->contact, &c->phone, &c->city, &c->district,
	                       &c->type, &c->industry, &c->source, &c->notes, &c->priority,
	                       &c->next_call, &c->status, &c->referred_by };
	for (size_t i = 0; i < nstrs; i++) {
		size_t n = strlen(*strs[i]) + 1;
		*dst[i] = memcpy(p, *strs[i], n);
		p += n;
	}
	for (size_t i = 0; i < row.nattrs; i++) {
		size_t nk = strlen(row.attrs[i].key) + 1, nv = strlen(row.attrs[i].value) + 1;
		a[i].key = memcpy(p, row.attrs[i].key, nk);
		a[i].value = memcpy(p + nk, row.attrs[i].value, nv);
		p += nk + nv;
	}
	c->attrs = row.nattrs ? a : NULL;
out:
	sqlite3_reset(s);
	return c;
}

void db_customer_free(db_customer *c)
{
	free(c);
}

/* The uid of the first row of S (bound and ready), or DB_NOT_FOUND. */
static db_status first_uid(db *d, sqlite3_stmt *s, int col, char uid[UID_BUFSZ])
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		snprintf(uid, UID_BUFSZ, "%s", store_col_text(s, col));
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return DB_OK;
	return rc == SQLITE_DONE ? DB_NOT_FOUND : store_fail(d, rc, _("looking up a customer"));
}

db_status db_customer_find(db *d, const char *uid_or_name, char uid[UID_BUFSZ])
{
	sqlite3_stmt *s;
	db_status st;

	if (!uid_or_name || !*uid_or_name)
		return store_err(d, DB_NOT_FOUND, _("no customer given"));
	/* A load into an empty book matches its rows without the indexes: a
	 * lookup in the middle of one (a referrer) builds them first. */
	if (d->bulk.on && d->bulk.fresh && (st = store_bulk_unfresh(d)) != DB_OK)
		return st;
	if (!(s = store_stmt(d, ST_CUST_BY_UID)))
		return d->last;
	sqlite3_bind_text(s, 1, uid_or_name, -1, SQLITE_STATIC);
	if ((st = first_uid(d, s, C_UID, uid)) != DB_NOT_FOUND)
		return st;
	if (!(s = store_stmt(d, ST_CUST_UID_BY_NAME)))
		return d->last;
	sqlite3_bind_text(s, 1, uid_or_name, -1, SQLITE_STATIC);
	st = first_uid(d, s, 0, uid);
	if (st == DB_NOT_FOUND)
		store_err(d, DB_NOT_FOUND, _("no customer '%.200s' (uid or exact name)"), uid_or_name);
	return st;
}

/* Up to 11 (uid, name) rows of S: one is an answer, more are ambiguous. */
static db_status pick_one(db *d, sqlite3_stmt *s, const char *text, char uid[UID_BUFSZ])
{
	char list[1600] = "";
	size_t len = 0;
	int n = 0, rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == 0)
			snprintf(uid, UID_BUFSZ, "%s", store_col_text(s, 0));
		if (n < 10 && len < sizeof list)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%.60s (%s)",
			                        n ? ", " : "", store_col_text(s, 1), store_col_text(s, 0));
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(d, rc, _("looking up a customer"));
	if (n == 0)
		return DB_NOT_FOUND;
	if (n == 1)
		return DB_OK;
	uid[0] = '\0';
	if (n > 10)
		return store_err(d, DB_AMBIGUOUS, _("'%.100s' matches more than 10 customers: %s, …"),
		                 text, list);
	return store_err(d, DB_AMBIGUOUS, _("'%.100s' matches %d customers: %s"), text, n, list);
}

db_status db_customer_resolve(db *d, const char *text, char uid[UID_BUFSZ])
{
	sqlite3_stmt *s;
	db_status st;

	uid[0] = '\0';
	if (!text || !*text)
		return store_err(d, DB_NOT_FOUND, _("no customer given"));
	/* A uid: live customers only. */
	if (!(s = store_stmt(d, ST_CUST_BY_UID)))
		return d->last;
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_int(s, C_DELETED) == 0) {
		snprintf(uid, UID_BUFSZ, "%s", store_col_text(s, C_UID));
		sqlite3_reset(s);
		return DB_OK;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d, rc, _("looking up a customer"));
	/* An exact name (two customers may share one). */
	if (!(s = store_prepare(d, "SELECT uid, name FROM customers WHERE name = ?1 AND deleted = 0 "
	                        "ORDER BY id LIMIT 11")))
		return d->last;
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	st = pick_one(d, s, text, uid);
	sqlite3_finalize(s);
	if (st != DB_NOT_FOUND)
		return st;
	/* The start of a name: every name with this prefix sorts in
	 * [text, text || 0xFF) under the binary collation. */
	size_t n = strlen(text);
	char *hi = malloc(n + 2);
	if (!hi)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	memcpy(hi, text, n);
	hi[n] = '\xff';
	hi[n + 1] = '\0';
	if (!(s = store_stmt(d, ST_CUST_PREFIX))) {
		free(hi);
		return d->last;
	}
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, hi, (int)n + 1, SQLITE_TRANSIENT);
	free(hi);
	st = pick_one(d, s, text, uid);
	if (st == DB_NOT_FOUND)
		store_err(d, DB_NOT_FOUND, _("no customer matches '%.200s'"), text);
	return st;
}

/* ---- attribute keys ---- */

db_status db_attr_keys(db *d, char ***keys, size_t *n)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT key FROM attr_keys ORDER BY id");
	char **v = NULL;
	size_t cap = 0;
	int rc;

	*keys = NULL;
	*n = 0;
	if (!s)
		return d->last;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			char **nv = realloc(v, cap * sizeof *nv);
			if (!nv)
				goto nomem;
			v = nv;
		}
		if (!(v[*n] = strdup(store_col_text(s, 0))))
			goto nomem;
		(*n)++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		db_strings_free(v, *n);
		*n = 0;
		return store_fail(d, rc, _("reading attribute names"));
	}
	*keys = v;
	return DB_OK;
nomem:
	sqlite3_finalize(s);
	db_strings_free(v, *n);
	*n = 0;
	return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
}

void db_strings_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

