#ifndef REPDESK_DB_CUSTOMERS_H
#define REPDESK_DB_CUSTOMERS_H
/* The store's customers (customers.c, lookup.c, list.c, search.c, attrs.c):
 * the record, its free attributes, upserts and bulk loads, lookups by uid or
 * name, filtered walks, counts and keyset pages, attribute keys and tier
 * thresholds. A db_customer handed out by db_customer_load is one allocation
 * freed by db_customer_free; one handed to a callback is valid during the
 * call only. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "repdesk/db/book.h"
#include "repdesk/hlc.h"
#include "repdesk/rank.h"
#include "repdesk/tier.h"
#include "repdesk/uid.h"
#include "repdesk/where.h"

typedef struct {
	const char *key;
	const char *value;
} db_attr;

typedef struct {
	int64_t id;                  /* local row id; 0 for a new customer */
	char uid[UID_BUFSZ];         /* empty: assign a new one */
	const char *name;            /* required */
	const char *contact, *phone, *city, *district, *type, *industry;
	const char *source, *notes;
	const char *referred_by;     /* the uid of the customer who referred this one, or "" */
	const char *priority;        /* "key" | "medium" | "small" | "" */
	/* Strings written as NULL are stored empty (next_call: none, status:
	 * "active"). Read back, every string is non-NULL. */
	const char *next_call;       /* "YYYY-MM-DD" or "" */
	const char *status;          /* "active" | "prospect" | "lost" | "do-not-call" */
	int64_t stores, rooms;       /* DB_NULL when unknown */
	int64_t monthly_amount;      /* fen, DB_NULL when unknown */
	int64_t monthly_volume;      /* DB_NULL when unknown */
	int64_t payment_days;        /* the customer's payment term in days (0-365),
	                              * DB_NULL: the book's (config payment_days) */
	tier tier_manual;            /* TIER_NONE: computed */
	tier tier_auto;              /* computed from the thresholds (set by the store) */
	const db_attr *attrs;        /* free attributes, in column order */
	size_t nattrs;
	char updated_at[HLC_STAMP_BUFSZ];
	/* Which fields an update writes: DB_F_* bits; 0 means every field.
	 * Attributes given are merged into the existing ones (same key: replaced
	 * in place, new keys appended, an empty value removes the key). A new
	 * customer gets the fields given and defaults for the rest. */
	unsigned fields;
} db_customer;

enum {
	DB_F_CONTACT = 1u << 0, DB_F_PHONE = 1u << 1, DB_F_CITY = 1u << 2,
	DB_F_DISTRICT = 1u << 3, DB_F_TYPE = 1u << 4, DB_F_INDUSTRY = 1u << 5,
	DB_F_SOURCE = 1u << 6, DB_F_NOTES = 1u << 7, DB_F_PRIORITY = 1u << 8,
	DB_F_NEXT_CALL = 1u << 9, DB_F_STATUS = 1u << 10, DB_F_STORES = 1u << 11,
	DB_F_ROOMS = 1u << 12, DB_F_MONTHLY_AMOUNT = 1u << 13,
	DB_F_MONTHLY_VOLUME = 1u << 14, DB_F_TIER = 1u << 15, DB_F_ATTRS = 1u << 16,
	DB_F_NAME = 1u << 17, DB_F_REFERRED_BY = 1u << 18, DB_F_PAYMENT_DAYS = 1u << 19
};

/* A customer read from the store (deleted or not); one allocation, freed by
 * db_customer_free. NULL when there is none or on error (see db_error). */
db_customer *db_customer_load(db *d, const char *uid);
/* Whether any live customer has a payment term of its own (payment_days). */
db_status db_customers_have_terms(db *d, bool *yes);
void db_customer_free(db_customer *c);

/* Find by exact uid, else exact name (imports). DB_NOT_FOUND when neither. */
db_status db_customer_find(db *d, const char *uid_or_name, char uid[UID_BUFSZ]);
/* Resolve what a person typed: uid, exact name, or unambiguous name prefix.
 * DB_AMBIGUOUS lists up to ten candidates in db_error(). */
db_status db_customer_resolve(db *d, const char *text, char uid[UID_BUFSZ]);

/* Insert or update C. Matching: by C->uid when given, else by exact name;
 * no match inserts (with C->uid when given, else a new uid). The computed tier
 * is derived from the current thresholds. A write that changes nothing leaves
 * the row (and its stamp) alone. *result: 0 unchanged, 1 added, 2 updated.
 * Matched by uid, a deleted row comes back. A bad value is DB_INVALID with
 * the reason in db_error(), and nothing is written (the transaction goes on);
 * text is held to valid_text's rule (repdesk/valid.h), as a bundle's rows
 * are, where it is new or changed (an older book's text may stay).
 * Meant to run inside a caller's transaction; alone, it makes its own. */
db_status db_customer_upsert(db *d, const db_customer *c, int *result);

/* Bulk loading: between begin and end (inside one transaction) the store may
 * defer index and search-index maintenance and rebuild them at the end, which
 * is much faster for large loads. db_customer_upsert keeps its semantics
 * (exact results, rows matched by uid or name as they are loaded).
 * EXPECTED_ROWS may be 0 (unknown): the store decides as rows come in. Into
 * an empty book every index waits for the end; a load that changes many rows
 * of a big book rebuilds the search index once. db_commit ends a load left
 * open; db_rollback undoes it, indexes included. */
db_status db_bulk_begin(db *d, size_t expected_rows);
db_status db_bulk_end(db *d);

typedef struct {
	unsigned tier_mask;          /* bit (1 << TIER_S) ... ; 0 = all */
	const char *search;          /* substring of name/contact/phone/attributes */
	bool include_inactive;       /* lost and do-not-call too (false: active and
	                              * prospect only; a NULL filter: everything) */
	bool by_rank;                /* db_customers_each: by the class under the
	                              * ranking rule first, then tier and name */
	const where_clause *where;   /* clauses that must all hold (repdesk/where.h) */
	size_t nwhere;
	int today;                   /* date_day the computed fields are of */
} db_filter;

/* The ranking rule, kept as the setting "rank" (rank.h). */
#define DB_RANK_SETTING "rank"
/* The book's ranking rule; none (nattrs 0) when unset or when the saved text
 * does not parse (it may have come from another book). */
db_status db_rank_rule(db *d, rank_rule *r);


/* Call FN for every customer matching F, in tier then name order; stop early
 * when FN returns false. The record is only valid during the call. */
typedef bool (*db_customer_fn)(const db_customer *c, void *ctx);
db_status db_customers_each(db *d, const db_filter *f, db_customer_fn fn, void *ctx);
db_status db_customer_count(db *d, const db_filter *f, int64_t *n);
/* The uid of every customer matching F, in no order (a filter's clauses
 * read the table in its own order, cheaper than the list's); stop early
 * when FN returns false. UID is only valid during the call. */
typedef bool (*db_uid_fn)(const char *uid, void *ctx);
db_status db_customer_uids(db *d, const db_filter *f, db_uid_fn fn, void *ctx);
/* The row ids of the customers matching F, ascending, into *IDS (N of
 * them; the caller frees). */
db_status db_customer_ids(db *d, const db_filter *f, int64_t **ids, size_t *n);
/* The count, but stop at CAP: cheap enough for a screen ("5,000+" when *n
 * reaches CAP), where a full count of a million rows is not. */
db_status db_customer_count_upto(db *d, const db_filter *f, int64_t cap, int64_t *n);

/* Keyset pages for screens: rows after (tier, name, id) of AFTER (NULL: first).
 * The tier is the effective one (tier_effective of the row). A page costs the
 * same anywhere in the list; a search page stays in milliseconds at a million
 * customers (the next pages of a search are cheaper than its first). */
typedef struct {
	int64_t id;
	char uid[UID_BUFSZ];
	tier tier;
	char name[256];
} db_page_key;
db_status db_customer_page(db *d, const db_filter *f, const db_page_key *after,
                           int limit, db_customer_fn fn, void *ctx);
/* db_customer_page within about BUDGET steps of work (0: no bound), some
 * milliseconds: a search whose matches lie far down the list may stop short
 * of LIMIT rows, handing out those found so far, with *MORE set and *RESUME
 * where it stopped. The next call from RESUME goes on from there, so the
 * calls together hand out exactly the rows of one unbounded page; every
 * call makes progress. RESUME and MORE must not be NULL. */
db_status db_customer_page_some(db *d, const db_filter *f, const db_page_key *after,
                                int limit, int64_t budget, db_page_key *resume, bool *more,
                                db_customer_fn fn, void *ctx);
/* The page before BEFORE (NULL: the end of the list), nearest row first, so
 * the rows come in reverse list order. */
db_status db_customer_page_before(db *d, const db_filter *f, const db_page_key *before,
                                  int limit, db_customer_fn fn, void *ctx);

/* One group of customers (db_customer_groups): the values of the group-by
 * fields as shown ("" for none), and its sums this month. */
typedef struct {
	const char *key[2];
	int64_t customers, monthly_amount, month_target, month_achieved, open_balance;
	int64_t effective_calls;
	/* Customers whose first order is this month, and their sales this month. */
	int64_t new_customers, new_sales;
} db_group_row;
typedef bool (*db_group_fn)(const db_group_row *r, void *ctx);
/* The customers F lets through (its tiers and clauses; the month is F's
 * today's), grouped by the NBY (1 or 2) fields BY, in the fields' order
 * (tiers S first, bands highest first); each group to FN. */
db_status db_customer_groups(db *d, const db_filter *f, const where_clause *by, size_t nby,
                             db_group_fn fn, void *ctx);

/* Every attribute key ever given, in first-seen order (export columns: an
 * import's column order). Caller frees with db_strings_free. */
db_status db_attr_keys(db *d, char ***keys, size_t *n);
void db_strings_free(char **v, size_t n);

/* Choice lists: the values an attribute may take ("爽朗型,细致型", as
 * valid_choices_parse writes them), synced rows of the book's rep carried in
 * bundles. The book goes by its own rep's list of an attribute, else by the
 * newest one merged from another rep.
 * db_choices_get: the list the book goes by; DB_NOT_FOUND when ATTR takes
 * any value. db_choices_set: the book's own list of ATTR (ATTR and LIST held
 * to valid_choices_attr and valid_choices_list: DB_INVALID); LIST NULL
 * clears every list of ATTR in the book, so it takes any value again.
 * db_choices_each: the list of every attribute the book goes by, by
 * attribute, with the name of the rep it came from ("" for the book's own);
 * FN returns false to stop. */
db_status db_choices_get(db *d, const char *attr, char *buf, size_t bufsz);
db_status db_choices_set(db *d, const char *attr, const char *list);
typedef bool (*db_choices_fn)(const char *attr, const char *list, const char *rep, void *ctx);
db_status db_choices_each(db *d, db_choices_fn fn, void *ctx);

/* Store tier thresholds in the settings and recompute every computed tier. */
db_status db_tiers_set(db *d, const tier_thresholds *th);
db_status db_tiers_get(db *d, tier_thresholds *th);
/* The month the computed tiers are for: a customer with order history is
 * tiered from its orders' baseline for that month (DESIGN §5), so the list,
 * the queue and the plan agree. Called once a book is open with today's
 * month; when the book's tiers were made for another month, they are made
 * again (a book that cannot be written keeps them as they are). */
db_status db_tiers_month(db *d, int y, int m);
/* Set the month the book began (setting book_start, YYYY-MM; "" clears it:
 * the earliest order then bounds it) and make the computed tiers again. A
 * baseline never counts months before it as zeros (plan_basis_of). */
db_status db_book_start_set(db *d, const char *month);
/* Where customer ID's computed tier comes from: the fair baseline of its
 * orders over the three months before the tier month Y-M (ORDERS true;
 * plan_basis_of: months before its first order or the book's start do not
 * count), else its stated MONTHLY_AMOUNT (DB_NULL for none). */
typedef struct {
	bool orders;
	int64_t baseline;        /* fen */
	int y, m;                /* the tier month */
	int months;              /* months the baseline used (0: the stated amount) */
	int from_y, from_m;      /* the first of them */
} db_tier_basis;
db_status db_tier_basis_of(db *d, int64_t id, int64_t monthly_amount, db_tier_basis *out);

#endif
