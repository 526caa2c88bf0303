#ifndef REPDESK_DB_CONTACTS_H
#define REPDESK_DB_CONTACTS_H
/* A customer's contacts (contacts.c): the people a rep deals with there,
 * each with a role (repdesk/contactrole.h), phones, WeChat id, notes and what
 * they care about. One of a customer's contacts kept by its rep may be the
 * primary one: it is the customer's own contact and phone, kept in step both
 * ways (a customer's contact or phone written by db_customer_upsert writes
 * its primary contact; the primary contact written here writes the
 * customer's columns). Synced rows of the rep who keeps them: bundles and
 * the team server carry them. */

#include <stdbool.h>
#include <stddef.h>

#include "repdesk/db/book.h"
#include "repdesk/hlc.h"
#include "repdesk/uid.h"

typedef struct {
	char uid[UID_BUFSZ];         /* empty: db_contact_add makes one */
	char customer_uid[UID_BUFSZ];
	const char *customer_name;   /* filled when read */
	const char *name;            /* may be empty (a phone alone) */
	const char *role;            /* a role's key, or any word, or "" */
	const char *phone;           /* phones as typed ("138..., 020-...") */
	const char *wechat;
	const char *note;
	const char *cares;           /* what they care about */
	bool primary;
	char updated_at[HLC_STAMP_BUFSZ];
} db_contact;

/* Add C (a live customer's, DB_NOT_FOUND otherwise), into C->uid (kept
 * when given). Text held to valid_text; a contact needs a name or a phone.
 * A primary one takes the place of the customer's primary contact and
 * writes the customer's contact and phone. Inside a transaction (alone, it
 * makes its own). */
db_status db_contact_add(db *d, db_contact *c);
/* Write C's fields over contact C->uid (DB_NOT_FOUND when there is none or
 * it is deleted); *CHANGED (may be NULL) whether any changed. Making it
 * primary takes the primary's place; moving it to another customer leaves
 * it primary only when C->primary says so. A primary contact's name and
 * phone written become the customer's contact and phone. */
db_status db_contact_update(db *d, const db_contact *c, bool *changed);
/* Flag contact UID deleted (a tombstone that travels); a primary one
 * empties the customer's contact and phone. */
db_status db_contact_delete(db *d, const char *uid);
/* The contact TEXT names: its uid; else, among the contacts of CUSTOMER_UID
 * (NULL: every customer's), its exact name, else the start of one name.
 * DB_NOT_FOUND, or DB_AMBIGUOUS when several match (db_error() lists them
 * with their customers and uids). */
db_status db_contact_find(db *d, const char *customer_uid, const char *text, char uid[UID_BUFSZ]);

/* The name of contact UID (its phone when it has no name), deleted or not,
 * into OUT of SZ bytes; "" when there is none. */
db_status db_contact_name(db *d, const char *uid, char *out, size_t sz);

typedef struct {
	const char *uid;             /* just this one */
	const char *customer_uid;    /* just this customer's */
} db_contact_query;

typedef bool (*db_contact_fn)(const db_contact *c, void *ctx);
/* Every live contact of live customers Q allows (NULL: all), by customer
 * name, the primary first, then by name. The record is valid during the
 * call only. */
db_status db_contacts_each(db *d, const db_contact_query *q, db_contact_fn fn, void *ctx);

#endif
