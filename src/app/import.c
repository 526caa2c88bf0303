/* CSV import: every row validated before anything is written, the whole file
 * in one transaction, and a bad row either stops everything (the database is
 * left exactly as it was) or goes to a rejects file with its line and reason. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "repdesk/choices.h"
#include "repdesk/contactrole.h"
#include "repdesk/db/contacts.h"
#include "repdesk/custfield.h"
#include "repdesk/date.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/uid.h"
#include "repdesk/money.h"
#include "repdesk/record.h"
#include "repdesk/rejects.h"
#include "repdesk/text.h"
#include "repdesk/import.h"
#include "repdesk/tuning.h"
#include "repdesk/valid.h"
#include "repdesk/i18n.h"

static const char *const kind_names[TRANSFER_KIND_COUNT] = {
	"customers", "orders", "payments", "calls", "notes", "visits", "contacts"
};

const transfer_column transfer_contact_cols[KC_COUNT] = {
	[KC_CUSTOMER] = { "customer", "客户|客户编号|customer_uid" },
	[KC_CUSTOMER_NAME] = { "customer_name", "客户名|客户名称" },
	[KC_NAME] = { "name", "联系人|姓名|contact" },
	[KC_ROLE] = { "role", "角色|职务|职位" },
	[KC_PHONE] = { "phone", "电话|手机|联系电话" },
	[KC_WECHAT] = { "wechat", "微信|微信号" },
	[KC_NOTE] = { "note", "备注|notes" },
	[KC_CARES] = { "cares", "关注点|关注|cares_about" },
	[KC_PRIMARY] = { "primary", "主要联系人|主联系人|首要" },
	[KC_UID] = { "uid", "编号|联系人编号" },
};

bool transfer_parse_flag(const char *v, bool *yes)
{
	static const char *const on[] = { "1", "y", "yes", "true", "是", "*" };
	static const char *const off[] = { "", "0", "n", "no", "false", "否" };

	while (*v == ' ')
		v++;
	for (size_t i = 0; i < sizeof on / sizeof *on; i++)
		if (record_header_matches(v, on[i], "")) {
			*yes = true;
			return true;
		}
	for (size_t i = 0; i < sizeof off / sizeof *off; i++)
		if (*off[i] ? record_header_matches(v, off[i], "") : !*v) {
			*yes = false;
			return true;
		}
	return false;
}

bool transfer_is_activity(transfer_kind k)
{
	return k != TRANSFER_CUSTOMERS && k != TRANSFER_CONTACTS && k < TRANSFER_KIND_COUNT;
}

const char *transfer_kind_name(transfer_kind k)
{
	return kind_names[k];
}

bool transfer_kind_parse(const char *s, transfer_kind *k)
{
	for (int i = 0; i < TRANSFER_KIND_COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*k = (transfer_kind)i;
			return true;
		}
	return false;
}

db_activity_kind transfer_activity_kind(transfer_kind k)
{
	static const db_activity_kind map[TRANSFER_KIND_COUNT] = {
		[TRANSFER_ORDERS] = DB_ORDERS, [TRANSFER_PAYMENTS] = DB_PAYMENTS,
		[TRANSFER_CALLS] = DB_CALLS, [TRANSFER_NOTES] = DB_NOTES, [TRANSFER_VISITS] = DB_VISITS,
	};
	return map[k];
}

status_code status_from_db(db_status st)
{
	switch (st) {
	case DB_OK: return STATUS_OK;
	case DB_BUSY: return STATUS_BUSY;
	case DB_IOERR: case DB_FULL: case DB_NOMEM: case DB_READONLY: return STATUS_IOERR;
	case DB_NO_INPUT: return STATUS_NOINPUT;
	case DB_NOT_FOUND: case DB_AMBIGUOUS: case DB_INVALID: return STATUS_USAGE;
	default: return STATUS_DATAERR;
	}
}

/* ---- columns of activity files ---- */

typedef enum { AC_UID, AC_CUSTOMER, AC_CUSTOMER_NAME, AC_DATE, AC_AMOUNT, AC_DUE,
               AC_ORDER, AC_OUTCOME, AC_NOTE, AC_NEXT, AC_TIME, AC_PLACE, AC_VOLUME, AC_CONTACT, AC_COUNT,
               AC_NONE = -1 } ac_id;

/* The CSV header of each column; its aliases are the registry's. */
static const char *const ac_names[AC_COUNT] = {
	[AC_UID] = "uid", [AC_CUSTOMER] = "customer", [AC_CUSTOMER_NAME] = "customer_name",
	[AC_DATE] = "date", [AC_AMOUNT] = "amount", [AC_DUE] = "due", [AC_ORDER] = "order",
	[AC_OUTCOME] = "outcome", [AC_NOTE] = "note", [AC_NEXT] = "next_call", [AC_TIME] = "time",
	[AC_PLACE] = "place", [AC_VOLUME] = "volume", [AC_CONTACT] = "contact",
};

/* Which columns each activity kind reads (the rest are ignored): its own in
 * the registry, and the uid and customer name of any. */
static bool ac_used(transfer_kind k, ac_id c)
{
	if (c == AC_UID || c == AC_CUSTOMER_NAME)
		return true;
	return c > AC_NONE && c < AC_COUNT &&
	       record_kind_csv((record_kind)transfer_activity_kind(k), ac_names[c]) != NULL;
}

/* The column HEADER names in an import of K: by K's own aliases first,
 * else by any kind's (a column of another kind is then ignored). */
static ac_id ac_lookup(transfer_kind k, const char *header)
{
	for (int i = 0; i < AC_COUNT; i++) {
		const record_column *c = record_kind_csv((record_kind)transfer_activity_kind(k), ac_names[i]);
		if (!c)
			c = record_csv_column(ac_names[i]);
		if (record_header_matches(header, ac_names[i], c ? c->aliases : ""))
			return (ac_id)i;
	}
	return AC_NONE;
}

/* The column HEADER names in a contacts file, or KC_NONE. */
static transfer_contact_col kc_lookup(const char *header)
{
	for (int i = 0; i < KC_COUNT; i++)
		if (record_header_matches(header, transfer_contact_cols[i].name, transfer_contact_cols[i].aliases))
			return (transfer_contact_col)i;
	return KC_NONE;
}

/* ---- one import ---- */

/* A rejects file's line and reason columns: read past, never attributes. */
#define COL_SKIP (-2)

typedef struct {
	db *d;
	transfer_kind kind;
	const char *path;
	const import_opts *o;
	import_report *rep;
	csvio_reader *r;
	csvio_writer *rejects;
	size_t ncols;
	char **headers;            /* owned copies of the header fields */
	int *map;                  /* per column: custfield_id / ac_id, CUSTFIELD_NONE
	                            * (an attribute or an ignored column) or COL_SKIP */
	unsigned fields;           /* DB_F_* bits present (customers) */
	choices choices;           /* the book's choice lists (customers) */
	const char **choice;       /* per column: its attribute's choices, or NULL */
	/* Identical activity rows in one file get distinct stable ids: count
	 * earlier occurrences of each content hash. */
	uint64_t *seen;
	uint32_t *seen_n;
	size_t seen_cap, seen_len;
} importer;

/* The choice lists of the file's attribute columns. */
static bool attribute_choices(importer *im, char *err, size_t errsz)
{
	if (!choices_load(im->d, &im->choices)) {
		snprintf(err, errsz, "%s", db_error(im->d));
		return false;
	}
	for (size_t i = 0; i < im->ncols; i++)
		if (im->map[i] == CUSTFIELD_NONE)
			im->choice[i] = choices_of(&im->choices, im->headers[i]);
	return true;
}

static void sanitize_into(const char *s, char *out, size_t outsz)
{
	text_sanitize(s, out, outsz);
}

/* "FILE:LINE: column 'X': WHY" */
static void row_error(const importer *im, long line, size_t col, const char *why,
                      char *err, size_t errsz)
{
	char hdr[96];
	sanitize_into(im->headers[col], hdr, sizeof hdr);
	snprintf(err, errsz, _("%s:%ld: column '%s': %s"), im->path, line, hdr, why);
}

/* The first control character in S (LEN bytes of UTF-8): a C0 control other
 * than LF and TAB (the two that notes and addresses hold), DEL, or a C1
 * control U+0080-U+009F. They are invisible, some move the cursor or recolour
 * a terminal, and none is text anyone typed. 0 when there is none. */
static unsigned control_char(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t k = 0; k < len; k++) {
		unsigned c = u[k];
		if (c >= 0x20 && c != 0x7F && c != 0xC2)
			continue;
		if (c < 0x20 && c != '\n' && c != '\t')
			return c;
		if (c == 0x7F)
			return c;
		if (c == 0xC2 && k + 1 < len && u[k + 1] >= 0x80 && u[k + 1] <= 0x9F)
			return u[k + 1];
	}
	return 0;
}

/* False, with "FILE:LINE: column 'X': ..." in ERR, when a field of ROW holds
 * a control character. */
static bool control_free(const importer *im, const csvio_row *row, char *err, size_t errsz)
{
	for (size_t i = 0; i < row->n; i++) {
		unsigned cp = control_char(row->fields[i], strlen(row->fields[i]));
		if (cp) {
			char why[160];
			snprintf(why, sizeof why,
			         _("control character U+%04X (only line breaks and tabs may be in text)"), cp);
			row_error(im, row->line, i, why, err, errsz);
			return false;
		}
	}
	return true;
}

static bool read_header(importer *im, char *err, size_t errsz)
{
	csvio_row row;
	csvio_status st = csvio_read_next(im->r, &row, err, errsz);
	if (st == CSVIO_EOF) {
		snprintf(err, errsz, _("%s: the file is empty (expected a header line)"), im->path);
		return false;
	}
	if (st != CSVIO_ROW)
		return false;
	im->ncols = row.n;
	im->headers = calloc(row.n, sizeof *im->headers);
	im->map = calloc(row.n, sizeof *im->map);
	im->choice = calloc(row.n, sizeof *im->choice);
	if (!im->headers || !im->map || !im->choice) {
		snprintf(err, errsz, _("out of memory"));
		return false;
	}
	bool have[(int)CUSTFIELD_COUNT > (int)AC_COUNT ? (int)CUSTFIELD_COUNT : (int)AC_COUNT] = { false };
	_Static_assert((int)KC_COUNT <= (int)CUSTFIELD_COUNT || (int)KC_COUNT <= (int)AC_COUNT,
	               "HAVE has room for a contacts file's columns");
	/* A rejects file of an earlier import, fixed and imported again. */
	size_t skip = row.n >= 2 && record_rejects_header(row.fields[0], row.fields[1]) ? 2 : 0;
	for (size_t i = 0; i < row.n; i++) {
		/* Header cells are trimmed of the spaces spreadsheets leave. */
		const char *h = row.fields[i];
		while (*h == ' ' || *h == '\t')
			h++;
		size_t n = strlen(h);
		while (n > 0 && (h[n - 1] == ' ' || h[n - 1] == '\t'))
			n--;
		im->headers[i] = strndup(h, n);
		if (!im->headers[i]) {
			snprintf(err, errsz, _("out of memory"));
			return false;
		}
		unsigned cp = control_char(h, n);
		if (cp) {
			snprintf(err, errsz, _("%s:%ld: column %zu: control character U+%04X in the header"),
			         im->path, row.line, i + 1, cp);
			return false;
		}
		char shown[96];
		sanitize_into(im->headers[i], shown, sizeof shown);
		if (n == 0) {
			snprintf(err, errsz, _("%s:%ld: column %zu has an empty header"), im->path, row.line, i + 1);
			return false;
		}
		if (i < skip || (im->kind == TRANSFER_CUSTOMERS && custfield_computed(im->headers[i]))) {
			im->map[i] = COL_SKIP;
			continue;
		}
		int id = im->kind == TRANSFER_CUSTOMERS ? (int)custfield_lookup(im->headers[i])
		       : im->kind == TRANSFER_CONTACTS ? (int)kc_lookup(im->headers[i])
		                                        : (int)ac_lookup(im->kind, im->headers[i]);
		if (id >= 0 && have[id]) {
			snprintf(err, errsz, _("%s:%ld: column '%s' repeats an earlier column"), im->path, row.line, shown);
			return false;
		}
		if (id >= 0)
			have[id] = true;
		if (im->kind == TRANSFER_CUSTOMERS) {
			for (size_t j = 0; j < i && id < 0; j++)
				if (im->map[j] == CUSTFIELD_NONE && strcmp(im->headers[j], im->headers[i]) == 0) {
					snprintf(err, errsz, _("%s:%ld: column '%s' repeats an earlier column"), im->path, row.line, shown);
					return false;
				}
			if (id >= 0 && id != CUSTFIELD_UID)
				im->fields |= custfield_fields[id].bit;
			if (id < 0)
				im->fields |= DB_F_ATTRS;
		} else if (id < 0 || (im->kind != TRANSFER_CONTACTS && !ac_used(im->kind, (ac_id)id))) {
			size_t used = strlen(im->rep->ignored);
			snprintf(im->rep->ignored + used, sizeof im->rep->ignored - used, "%s%s",
			         used ? ", " : "", shown);
			id = -1;
		}
		im->map[i] = id;
	}
	const char *need = NULL;
	if (im->kind == TRANSFER_CUSTOMERS) {
		if (!have[CUSTFIELD_NAME])
			need = "name (客户名称)";
	} else if (im->kind == TRANSFER_CONTACTS) {
		if (!have[KC_CUSTOMER])
			need = "customer (客户)";
		else if (!have[KC_NAME] && !have[KC_PHONE])
			need = "name (联系人)";
	} else if (!have[AC_CUSTOMER]) {
		need = "customer (客户)";
	} else if (!have[AC_DATE]) {
		need = "date (日期)";
	} else if ((im->kind == TRANSFER_ORDERS || im->kind == TRANSFER_PAYMENTS) && !have[AC_AMOUNT]) {
		need = "amount (金额)";
	} else if (im->kind == TRANSFER_CALLS && !have[AC_OUTCOME]) {
		need = "outcome (结果)";
	} else if (im->kind == TRANSFER_NOTES && !have[AC_NOTE]) {
		need = "note (备注)";
	}
	if (need) {
		snprintf(err, errsz, _("%s:%ld: no '%s' column in the header"), im->path, row.line, need);
		return false;
	}
	return im->kind != TRANSFER_CUSTOMERS || attribute_choices(im, err, errsz);
}

/* Count what the store did with a row. A value the store refused (or a
 * reference it could not follow) is the row's fault and the import may go on;
 * any other failure stops it (*dbst stays set). */
static bool tally(importer *im, const csvio_row *row, db_status *dbst, int result,
                  char *err, size_t errsz)
{
	if (*dbst != DB_OK) {
		snprintf(err, errsz, "%s:%ld: %s", im->path, row->line, db_error(im->d));
		if (*dbst == DB_INVALID || *dbst == DB_NOT_FOUND)
			*dbst = DB_OK;
		return false;
	}
	if (result == 1)
		im->rep->added++;
	else if (result == 2)
		im->rep->updated++;
	else
		im->rep->unchanged++;
	return true;
}

/* Turn a customer row's fields into C (attributes into ATTRS, ncols long).
 * False with the reason in ERR when a value is refused. The strings C holds
 * point into ROW. */
static bool customer_fields(const importer *im, const csvio_row *row, db_customer *c,
                            db_attr *attrs, char *err, size_t errsz)
{
	char why[256];
	size_t nattrs = 0;

	custfield_init(c);
	c->fields = im->fields;
	if (!control_free(im, row, err, errsz))
		return false;
	for (size_t i = 0; i < row->n; i++) {
		csvio_unneutralise(row->fields[i]);
		if (im->map[i] == COL_SKIP)
			continue;
		if (im->map[i] < 0) {
			if (im->choice[i] && !valid_choice_ok(im->choice[i], row->fields[i])) {
				choices_check(&im->choices, im->headers[i], row->fields[i], why, sizeof why);
				row_error(im, row->line, i, why, err, errsz);
				return false;
			}
			attrs[nattrs].key = im->headers[i];
			attrs[nattrs].value = row->fields[i];
			nattrs++;
			continue;
		}
		if (!custfield_set(c, (custfield_id)im->map[i], row->fields[i], why, sizeof why)) {
			row_error(im, row->line, i, why, err, errsz);
			return false;
		}
	}
	c->attrs = attrs;
	c->nattrs = nattrs;
	return true;
}

/* Write a customer whose fields were accepted. True when the row is good; on
 * a bad row false with the reason. *dbst is set when the store failed (then
 * the import must stop). */
static bool customer_store(importer *im, const csvio_row *row, const db_customer *c,
                           db_status *dbst, char *err, size_t errsz)
{
	int result = 0;
	db_customer r = *c;
	char referrer[UID_BUFSZ], why[256];
	/* A referrer is a customer of the book or of an earlier row. */
	if ((r.fields & DB_F_REFERRED_BY) &&
	    !custfield_resolve_referrer(im->d, &r, referrer, dbst, why, sizeof why)) {
		if (*dbst != DB_OK)
			return false;
		snprintf(err, errsz, "%s:%ld: %s: %s", im->path, row->line,
		         _(custfield_fields[CUSTFIELD_REFERRED_BY].name), why);
		return false;
	}
	*dbst = db_customer_upsert(im->d, &r, &result);
	return tally(im, row, dbst, result, err, errsz);
}

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* How many earlier rows of this file had content hash H (then counts this one). */
static uint32_t occurrence(importer *im, uint64_t h)
{
	if (im->seen_len * 2 >= im->seen_cap) {
		size_t cap = im->seen_cap ? im->seen_cap * 2 : 1024;
		uint64_t *keys = calloc(cap, sizeof *keys);
		uint32_t *vals = calloc(cap, sizeof *vals);
		if (!keys || !vals) {
			free(keys);
			free(vals);
			return 0;   /* worst case: identical rows collapse into one */
		}
		for (size_t i = 0; i < im->seen_cap; i++) {
			if (!im->seen_n[i])
				continue;
			size_t j = im->seen[i] & (cap - 1);
			while (vals[j])
				j = (j + 1) & (cap - 1);
			keys[j] = im->seen[i];
			vals[j] = im->seen_n[i];
		}
		free(im->seen);
		free(im->seen_n);
		im->seen = keys;
		im->seen_n = vals;
		im->seen_cap = cap;
	}
	size_t j = h & (im->seen_cap - 1);
	while (im->seen_n[j] && im->seen[j] != h)
		j = (j + 1) & (im->seen_cap - 1);
	if (!im->seen_n[j]) {
		im->seen[j] = h;
		im->seen_len++;
	}
	return im->seen_n[j]++;
}

/* A call's or a visit's contact as the file names it: a uid, or the exact
 * name of one of the customer's contacts. */
typedef struct {
	const char *text;
	char uid[UID_BUFSZ];
	int by_name;
} contact_pick;

static bool pick_contact(const db_contact *c, void *ctx)
{
	contact_pick *p = ctx;
	if (strcmp(c->uid, p->text) == 0) {
		snprintf(p->uid, sizeof p->uid, "%s", c->uid);
		p->by_name = 0;
		return false;
	}
	if (c->name[0] && strcmp(c->name, p->text) == 0 && p->by_name++ == 0)
		snprintf(p->uid, sizeof p->uid, "%s", c->uid);
	return true;
}

static bool activity_row(importer *im, const csvio_row *row, db_status *dbst,
                         char *err, size_t errsz)
{
	db_activity a;
	char why[512], q[128], names[160];
	const char *given[AC_COUNT] = { NULL };
	size_t col[AC_COUNT] = { 0 };

	if (!control_free(im, row, err, errsz))
		return false;
	memset(&a, 0, sizeof a);
	a.outcome = "";
	a.text = "";
	for (size_t i = 0; i < row->n; i++) {
		if (im->map[i] < 0)
			continue;
		csvio_unneutralise(row->fields[i]);
		given[im->map[i]] = row->fields[i];
		col[im->map[i]] = i;
	}

#define BAD(c, ...) do { snprintf(why, sizeof why, __VA_ARGS__); \
		row_error(im, row->line, col[c], why, err, errsz); return false; } while (0)
#define QUOTE(s) (text_sanitize((s), q, sizeof q), q)

	if (given[AC_UID] && given[AC_UID][0]) {
		if (!uid_acceptable(given[AC_UID]))
			BAD(AC_UID, _("'%s' is not a valid uid"), QUOTE(given[AC_UID]));
		snprintf(a.uid, sizeof a.uid, "%s", given[AC_UID]);
	}
	const char *cust = given[AC_CUSTOMER];
	if (!cust[0])
		BAD(AC_CUSTOMER, _("is empty (a customer uid or exact name is required)"));
	db_status st = db_customer_find(im->d, cust, a.customer_uid);
	if (st == DB_NOT_FOUND)
		BAD(AC_CUSTOMER, _("'%s' is not a known customer (uid or exact name)"), QUOTE(cust));
	if (st != DB_OK) {
		*dbst = st;
		snprintf(err, errsz, "%s:%ld: %s", im->path, row->line, db_error(im->d));
		return false;
	}
	date_day day;
	if (!date_parse(given[AC_DATE], &day))
		BAD(AC_DATE, _("'%s' is not a date (YYYY-MM-DD)"), QUOTE(given[AC_DATE]));
	snprintf(a.date, sizeof a.date, "%s", given[AC_DATE]);
	if (im->kind == TRANSFER_ORDERS || im->kind == TRANSFER_PAYMENTS) {
		char reason[128];
		if (!money_parse(given[AC_AMOUNT], &a.amount, reason, sizeof reason))
			BAD(AC_AMOUNT, "'%s' %s", QUOTE(given[AC_AMOUNT]), reason);
	}
	if (im->kind == TRANSFER_ORDERS && given[AC_VOLUME] && given[AC_VOLUME][0]) {
		const char *bad = valid_volume_parse(given[AC_VOLUME], &a.volume);
		if (bad)
			BAD(AC_VOLUME, "'%s' %s", QUOTE(given[AC_VOLUME]), _(bad));
		a.has_volume = true;
	}
	if (given[AC_DUE] && given[AC_DUE][0]) {
		if (!date_parse(given[AC_DUE], &day))
			BAD(AC_DUE, _("'%s' is not a date (YYYY-MM-DD)"), QUOTE(given[AC_DUE]));
		snprintf(a.due, sizeof a.due, "%s", given[AC_DUE]);
	}
	if (given[AC_ORDER] && given[AC_ORDER][0]) {
		if (!uid_acceptable(given[AC_ORDER]))
			BAD(AC_ORDER, _("'%s' is not an order uid"), QUOTE(given[AC_ORDER]));
		snprintf(a.order_uid, sizeof a.order_uid, "%s", given[AC_ORDER]);
	}
	bool visit = im->kind == TRANSFER_VISITS;
	if ((im->kind == TRANSFER_CALLS || visit) && given[AC_CONTACT] && given[AC_CONTACT][0]) {
		/* One of the customer's contacts by its exact name, else a uid. */
		contact_pick p = { .text = given[AC_CONTACT] };
		db_contact_query cq = { .customer_uid = a.customer_uid };
		st = db_contacts_each(im->d, &cq, pick_contact, &p);
		if (st != DB_OK) {
			*dbst = st;
			snprintf(err, errsz, "%s:%ld: %s", im->path, row->line, db_error(im->d));
			return false;
		}
		if (p.by_name > 1)
			BAD(AC_CONTACT, _("'%s' names %d of this customer's contacts (give its uid)"),
			    QUOTE(given[AC_CONTACT]), p.by_name);
		if (!p.uid[0] && !uid_acceptable(given[AC_CONTACT]))
			BAD(AC_CONTACT, _("'%s' is not one of this customer's contacts (a name or a uid)"),
			    QUOTE(given[AC_CONTACT]));
		snprintf(a.contact_uid, sizeof a.contact_uid, "%s", p.uid[0] ? p.uid : given[AC_CONTACT]);
	}
	if (im->kind == TRANSFER_CALLS || visit) {
		/* A visit's outcome may be left empty. */
		if (!visit || (given[AC_OUTCOME] && given[AC_OUTCOME][0])) {
			a.outcome = record_outcome_canon(given[AC_OUTCOME]);
			if (!a.outcome)
				BAD(AC_OUTCOME, _("'%s' is not an outcome (%s)"), QUOTE(given[AC_OUTCOME]),
				    record_outcome_list(names, sizeof names, ", ", ", ", false));
		}
		if (given[AC_NEXT] && given[AC_NEXT][0]) {
			if (!date_parse(given[AC_NEXT], &day))
				BAD(AC_NEXT, _("'%s' is not a date (YYYY-MM-DD)"), QUOTE(given[AC_NEXT]));
			snprintf(a.next_call, sizeof a.next_call, "%s", given[AC_NEXT]);
		}
	}
	if (visit && given[AC_TIME] && given[AC_TIME][0]) {
		if (valid_time(given[AC_TIME]))
			BAD(AC_TIME, _("'%s' is not a time (HH:MM)"), QUOTE(given[AC_TIME]));
		snprintf(a.time, sizeof a.time, "%s", given[AC_TIME]);
	}
	a.place = visit && given[AC_PLACE] ? given[AC_PLACE] : "";
	if (given[AC_NOTE])
		a.text = given[AC_NOTE];
	if (im->kind == TRANSFER_NOTES && !a.text[0])
		BAD(AC_NOTE, _("is empty"));
#undef BAD
#undef QUOTE

	if (!a.uid[0]) {
		/* A stable id from the row's content, so the same file imported
		 * again matches what the first import wrote. */
		char amount[32];
		snprintf(amount, sizeof amount, "%" PRId64, a.amount);
		const char *parts[] = { kind_names[im->kind], a.customer_uid, a.date, amount,
		                        a.due, a.order_uid, a.outcome, a.text, a.next_call,
		                        a.time, a.place };
		/* A visit's time and place count too; the other kinds' ids stay
		 * as earlier versions made them. */
		size_t nparts = visit ? 11 : 9;
		uint64_t h = 0xcbf29ce484222325ULL;
		for (size_t i = 0; i < nparts; i++)
			h = fnv1a(h, parts[i], strlen(parts[i]) + 1);
		uint32_t k = occurrence(im, h);
		char key[64];
		int n = snprintf(key, sizeof key, "%016" PRIx64 ":%" PRIu32 ":%zu", h, k,
		                 strlen(a.text));
		char buf[4096];
		size_t len = 0;
		for (size_t i = 0; i < nparts; i++) {
			size_t pl = strlen(parts[i]);
			if (len + pl + 1 >= sizeof buf)
				break;
			memcpy(buf + len, parts[i], pl + 1);
			len += pl + 1;
		}
		if (n > 0 && len + (size_t)n < sizeof buf) {
			memcpy(buf + len, key, (size_t)n);
			len += (size_t)n;
		}
		uid_from_content(buf, len, a.uid);
	}

	int result = 0;
	*dbst = db_activity_upsert(im->d, transfer_activity_kind(im->kind), &a, &result);
	return tally(im, row, dbst, result, err, errsz);
}

/* A stored contact's fields, copied (a row of the file updates it). */
typedef struct {
	db_contact c;
	char *text[6];
	bool found;
} stored_contact;

static bool keep_contact(const db_contact *c, void *ctx)
{
	stored_contact *h = ctx;
	const char *t[6] = { c->name, c->role, c->phone, c->wechat, c->note, c->cares };
	h->c = *c;
	for (int i = 0; i < 6; i++)
		h->text[i] = strdup(t[i]);
	h->found = true;
	return false;
}

static void stored_contact_free(stored_contact *h)
{
	for (int i = 0; i < 6; i++)
		free(h->text[i]);
}

/* The contact of customer CUSTOMER whose NAME (else, with no name, PHONE)
 * is the one given: what a row without a uid updates. */
static bool same_contact(const db_contact *c, void *ctx)
{
	const db_contact *want = ctx;
	bool hit = want->name[0] ? strcmp(c->name, want->name) == 0
	                         : !c->name[0] && strcmp(c->phone, want->phone) == 0;
	if (hit)
		snprintf(((db_contact *)ctx)->uid, UID_BUFSZ, "%s", c->uid);
	return !hit;
}

static bool contact_row(importer *im, const csvio_row *row, db_status *dbst, char *err, size_t errsz)
{
	char why[512], q[128], role[256];
	const char *given[KC_COUNT] = { NULL };
	size_t col[KC_COUNT] = { 0 };
	db_status st;

	if (!control_free(im, row, err, errsz))
		return false;
	for (size_t i = 0; i < row->n; i++) {
		if (im->map[i] < 0)
			continue;
		csvio_unneutralise(row->fields[i]);
		given[im->map[i]] = row->fields[i];
		col[im->map[i]] = i;
	}
#define BAD(c, ...) do { snprintf(why, sizeof why, __VA_ARGS__); \
		row_error(im, row->line, col[c], why, err, errsz); return false; } while (0)
#define QUOTE(s) (text_sanitize((s), q, sizeof q), q)
	db_contact c = { 0 };
	if (given[KC_UID] && given[KC_UID][0]) {
		if (!uid_acceptable(given[KC_UID]))
			BAD(KC_UID, _("'%s' is not a valid uid"), QUOTE(given[KC_UID]));
		snprintf(c.uid, sizeof c.uid, "%s", given[KC_UID]);
	}
	const char *cust = given[KC_CUSTOMER];
	if (!cust[0])
		BAD(KC_CUSTOMER, _("is empty (a customer uid or exact name is required)"));
	st = db_customer_find(im->d, cust, c.customer_uid);
	if (st == DB_NOT_FOUND)
		BAD(KC_CUSTOMER, _("'%s' is not a known customer (uid or exact name)"), QUOTE(cust));
	if (st != DB_OK) {
		*dbst = st;
		snprintf(err, errsz, "%s:%ld: %s", im->path, row->line, db_error(im->d));
		return false;
	}
	bool primary = false;
	if (given[KC_PRIMARY] && !transfer_parse_flag(given[KC_PRIMARY], &primary))
		BAD(KC_PRIMARY, _("'%s' is not yes or no (1/0, 是/否, or empty)"), QUOTE(given[KC_PRIMARY]));
	const char *name = given[KC_NAME] ? given[KC_NAME] : "";
	const char *phone = given[KC_PHONE] ? given[KC_PHONE] : "";
	if (!name[0] && !phone[0])
		BAD(given[KC_NAME] ? KC_NAME : KC_PHONE, _("is empty (a contact needs a name or a phone)"));

	/* The contact the row updates: its uid's, else the customer's contact
	 * of that name (or, without a name, that phone). */
	stored_contact h = { 0 };
	if (!c.uid[0]) {
		db_contact want = { .name = name, .phone = phone };
		db_contact_query cq = { .customer_uid = c.customer_uid };
		st = db_contacts_each(im->d, &cq, same_contact, &want);
		if (st == DB_OK && want.uid[0])
			snprintf(c.uid, sizeof c.uid, "%s", want.uid);
	}
	if (c.uid[0] && st == DB_OK) {
		db_contact_query uq = { .uid = c.uid };
		st = db_contacts_each(im->d, &uq, keep_contact, &h);
		for (int i = 0; h.found && i < 6; i++)
			if (!h.text[i])
				st = DB_NOMEM;
	}
	if (st != DB_OK) {
		stored_contact_free(&h);
		*dbst = st;
		snprintf(err, errsz, "%s:%ld: %s", im->path, row->line, db_error(im->d));
		return false;
	}
	/* Columns the file does not have keep what is stored. */
	const char *t[6] = { name, NULL, phone, given[KC_WECHAT], given[KC_NOTE], given[KC_CARES] };
	if (given[KC_ROLE])
		t[1] = contact_role_canon(given[KC_ROLE], role, sizeof role);
	for (int i = 0; i < 6; i++)
		if (!t[i] || (i == 0 && !given[KC_NAME]) || (i == 2 && !given[KC_PHONE]))
			t[i] = h.found ? h.text[i] : "";
	c.name = t[0];
	c.role = t[1];
	c.phone = t[2];
	c.wechat = t[3];
	c.note = t[4];
	c.cares = t[5];
	c.primary = given[KC_PRIMARY] ? primary : h.found && h.c.primary;
	int result = 0;
	if (h.found) {
		bool changed = false;
		*dbst = db_contact_update(im->d, &c, &changed);
		result = changed ? 2 : 0;
	} else {
		*dbst = db_contact_add(im->d, &c);
		result = 1;
	}
	stored_contact_free(&h);
	return tally(im, row, dbst, result, err, errsz);
#undef BAD
#undef QUOTE
}

static bool reject(importer *im, const csvio_row *row, const char *why, char *err, size_t errsz)
{
	im->rep->rejected++;
	if (!im->rejects)
		return true;
	return rejects_write(im->rejects, im->path, row ? row->line : 0L, why,
	                     row ? row->fields : NULL, row ? row->n : 0, err, errsz);
}

static bool open_rejects(importer *im, char *err, size_t errsz)
{
	im->rejects = rejects_open(im->o->rejects_path, im->headers, im->ncols, err, errsz);
	return im->rejects != NULL;
}

/* ---- reading ahead ----
 *
 * Customer files are read, decoded and checked field by field on a second
 * thread while this one writes: the two halves cost about the same. Rows go
 * across in a few batches of bounded size, used in turn, so memory stays flat
 * and the rows reach the store in file order. Everything that decides what
 * happens to a row (the store, the rejects file, stopping) stays on this
 * thread; the reader only prepares. Without a thread (it could not be
 * started) the same batches are filled here, one at a time. */

#define WHY_MAX 1024

typedef struct {
	csvio_status st;            /* CSVIO_ROW and CSVIO_BAD_ROW; after them only
	                              the last row may be EOF, IO or BAD_FILE */
	csvio_row row;               /* fields in the batch's arena */
	bool parsed;               /* a row whose fields were all accepted: C */
	db_customer c;
	const char *why;           /* the reason when not parsed or not a row */
} ahead_row;

typedef struct {
	ahead_row rows[BATCH_ROWS];
	size_t nrows;
	bool full;                 /* handed to the writer */
	bool last;                 /* ends with EOF, IO or BAD_FILE */
	char *arena;
	size_t used, cap;
	char why[WHY_MAX];         /* the last row's reason (needs no arena) */
} batch;

typedef struct {
	importer *im;
	batch b[NBATCH];
	size_t fill, take;         /* the batches the reader and the writer are at */
	bool threaded, stop;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* The reader's record that did not fit the last batch. */
	bool pending;
	csvio_status pst;
	csvio_row prow;
	char pwhy[WHY_MAX];
	/* The writer's place. */
	batch *cur;
	size_t next;
} reader_ahead;

static void *arena_take(batch *b, size_t n, bool align)
{
	size_t at = align ? (b->used + 15) & ~(size_t)15 : b->used;
	b->used = at + n;
	return b->arena + at;
}

/* Put the record ST/ROW/WHY into B. False when B has no room left for it
 * (B holds other rows: the record goes into the next batch). */
static bool batch_put(const importer *im, batch *b, csvio_status st, const csvio_row *row,
                      const char *why)
{
	ahead_row *r = &b->rows[b->nrows];

	if (b->nrows == BATCH_ROWS)
		return false;
	memset(r, 0, sizeof *r);
	r->st = st;
	r->row.line = row->line;
	if (st != CSVIO_ROW && st != CSVIO_BAD_ROW) {
		snprintf(b->why, sizeof b->why, "%s", why);
		r->why = b->why;
		b->last = true;
		b->nrows++;
		return true;
	}
	size_t n = st == CSVIO_ROW ? row->n : 0, need = WHY_MAX + 4 * 16;
	need += n * (sizeof(char *) + sizeof(db_attr));
	for (size_t i = 0; i < n; i++)
		need += row->lens[i] + 1;
	if (b->cap - b->used < need) {
		if (b->nrows)
			return false;
		char *a = realloc(b->arena, need);
		if (!a) {
			r->st = CSVIO_IO;
			snprintf(b->why, sizeof b->why, _("out of memory"));
			r->why = b->why;
			b->last = true;
			b->nrows++;
			return true;
		}
		b->arena = a;
		b->cap = need;
		b->used = 0;
	}
	if (n) {
		r->row.n = n;
		r->row.fields = arena_take(b, n * sizeof(char *), true);
		for (size_t i = 0; i < n; i++)
			r->row.fields[i] = memcpy(arena_take(b, row->lens[i] + 1, false), row->fields[i],
			                          row->lens[i] + 1);
	}
	char *msg = arena_take(b, 0, false);
	if (st == CSVIO_ROW) {
		db_attr *attrs = arena_take(b, n * sizeof(db_attr), true);
		msg = arena_take(b, 0, false);
		r->parsed = customer_fields(im, &r->row, &r->c, attrs, msg, WHY_MAX);
	} else {
		snprintf(msg, WHY_MAX, "%s", why);
	}
	if (!r->parsed) {
		r->why = msg;
		b->used += strlen(msg) + 1;
	}
	b->nrows++;
	return true;
}

/* Fill B from the file until it is full or the file ends (or fails). */
static void batch_fill(reader_ahead *ra, batch *b)
{
	b->nrows = 0;
	b->used = 0;
	b->last = false;
	if (!b->arena) {
		b->arena = malloc(BATCH_BYTES);
		b->cap = b->arena ? BATCH_BYTES : 0;
	}
	for (;;) {
		if (!ra->pending) {
			ra->prow = (csvio_row){ 0 };
			ra->pst = csvio_read_next(ra->im->r, &ra->prow, ra->pwhy, sizeof ra->pwhy);
			ra->pending = true;
		}
		if (!batch_put(ra->im, b, ra->pst, &ra->prow, ra->pwhy))
			return;
		ra->pending = false;
		if (b->last)
			return;
	}
}

static void *reader_main(void *arg)
{
	reader_ahead *ra = arg;

	pthread_mutex_lock(&ra->mu);
	for (;;) {
		batch *b = &ra->b[ra->fill];
		while (b->full && !ra->stop)
			pthread_cond_wait(&ra->cv, &ra->mu);
		if (ra->stop)
			break;
		pthread_mutex_unlock(&ra->mu);
		batch_fill(ra, b);
		pthread_mutex_lock(&ra->mu);
		b->full = true;
		ra->fill = (ra->fill + 1) % NBATCH;
		pthread_cond_broadcast(&ra->cv);
		if (b->last)
			break;
	}
	pthread_mutex_unlock(&ra->mu);
	return NULL;
}

static void ahead_start(reader_ahead *ra, importer *im)
{
	memset(ra, 0, sizeof *ra);
	ra->im = im;
	if (pthread_mutex_init(&ra->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&ra->cv, NULL) != 0) {
		pthread_mutex_destroy(&ra->mu);
		return;
	}
	ra->threaded = pthread_create(&ra->th, NULL, reader_main, ra) == 0;
	if (!ra->threaded) {
		pthread_cond_destroy(&ra->cv);
		pthread_mutex_destroy(&ra->mu);
	}
}

/* Give the writer's batch back to the reader: a batch a huge record made
 * big is freed, so memory stays at its usual size. */
static void ahead_release(reader_ahead *ra)
{
	batch *b = ra->cur;

	ra->cur = NULL;
	if (b->cap > 2 * BATCH_BYTES) {
		free(b->arena);
		b->arena = NULL;
		b->cap = 0;
	}
	if (ra->threaded) {
		pthread_mutex_lock(&ra->mu);
		b->full = false;
		pthread_cond_broadcast(&ra->cv);
		pthread_mutex_unlock(&ra->mu);
	} else {
		b->full = false;
	}
}

/* The next record, in file order. */
static ahead_row *ahead_next(reader_ahead *ra)
{
	if (ra->cur && ra->next == ra->cur->nrows)
		ahead_release(ra);
	if (!ra->cur) {
		batch *b = &ra->b[ra->take];
		if (ra->threaded) {
			pthread_mutex_lock(&ra->mu);
			while (!b->full)
				pthread_cond_wait(&ra->cv, &ra->mu);
			pthread_mutex_unlock(&ra->mu);
		} else {
			batch_fill(ra, b);
			b->full = true;
		}
		ra->take = (ra->take + 1) % NBATCH;
		ra->cur = b;
		ra->next = 0;
	}
	return &ra->cur->rows[ra->next++];
}

/* Stop the reader (wherever it is) and free the batches. */
static void ahead_end(reader_ahead *ra)
{
	if (ra->threaded) {
		pthread_mutex_lock(&ra->mu);
		ra->stop = true;
		pthread_cond_broadcast(&ra->cv);
		pthread_mutex_unlock(&ra->mu);
		pthread_join(ra->th, NULL);
		pthread_cond_destroy(&ra->cv);
		pthread_mutex_destroy(&ra->mu);
		ra->threaded = false;
	}
	for (size_t i = 0; i < NBATCH; i++)
		free(ra->b[i].arena);
	memset(ra->b, 0, sizeof ra->b);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void importer_free(importer *im)
{
	if (im->headers)
		for (size_t i = 0; i < im->ncols; i++)
			free(im->headers[i]);
	free(im->headers);
	free(im->map);
	free(im->choice);
	choices_free(&im->choices);
	free(im->seen);
	free(im->seen_n);
	if (im->r)
		csvio_read_close(im->r);
	if (im->rejects)
		csvio_write_abort(im->rejects);
}

status_code import_run(db *d, transfer_kind kind, const char *path, const import_opts *o,
                     import_report *rep, char *err, size_t errsz)
{
	importer im = { .d = d, .kind = kind, .path = path, .o = o, .rep = rep };
	csvio_status cst;
	status_code rs = STATUS_OK;
	bool in_tx = false, bulk = false, ahead = false;
	reader_ahead ra;

	memset(rep, 0, sizeof *rep);
	double t0 = seconds();
	im.r = csvio_read_open(path, o->encoding, &cst, err, errsz);
	if (!im.r)
		return cst == CSVIO_NO_FILE ? STATUS_NOINPUT : STATUS_IOERR;
	if (!read_header(&im, err, errsz)) {
		rs = STATUS_DATAERR;
		goto out;
	}
	snprintf(rep->encoding, sizeof rep->encoding, "%s", csvio_encoding_name(im.r));
	if (o->rejects_path && !open_rejects(&im, err, errsz)) {
		rs = STATUS_IOERR;
		goto out;
	}

	db_status st = db_begin(d);
	if (st != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		rs = status_from_db(st);
		goto out;
	}
	in_tx = true;
	if (kind == TRANSFER_CUSTOMERS) {
		st = db_bulk_begin(d, 0);
		if (st != DB_OK) {
			snprintf(err, errsz, "%s", db_error(d));
			rs = status_from_db(st);
			goto out;
		}
		bulk = true;
	}

	if (kind == TRANSFER_CUSTOMERS) {
		ahead_start(&ra, &im);
		ahead = true;
	}
	for (;;) {
		csvio_row row = { 0 };
		char why[1024];
		const char *reason = why;
		ahead_row *ar = NULL;
		if (ahead) {
			ar = ahead_next(&ra);
			cst = ar->st;
			row = ar->row;
			if (ar->why)
				reason = ar->why;
		} else {
			cst = csvio_read_next(im.r, &row, why, sizeof why);
		}
		if (cst == CSVIO_EOF)
			break;
		if (cst == CSVIO_IO) {
			snprintf(err, errsz, "%s", reason);
			rs = STATUS_IOERR;
			goto out;
		}
		if (cst == CSVIO_BAD_FILE) {
			snprintf(err, errsz, "%s", reason);
			rs = STATUS_DATAERR;
			goto out;
		}
		rep->rows++;
		bool good = false;
		st = DB_OK;
		if (cst == CSVIO_ROW && ahead && ar->parsed) {
			good = customer_store(&im, &row, &ar->c, &st, why, sizeof why);
			reason = why;
		} else if (cst == CSVIO_ROW && kind == TRANSFER_CONTACTS) {
			good = contact_row(&im, &row, &st, why, sizeof why);
		} else if (cst == CSVIO_ROW && !ahead) {
			good = activity_row(&im, &row, &st, why, sizeof why);
		}
		if (st != DB_OK) {
			snprintf(err, errsz, "%s", reason);
			rs = status_from_db(st);
			goto out;
		}
		if (good)
			continue;
		if (!o->rejects_path) {
			snprintf(err, errsz, "%s", reason);
			rs = STATUS_DATAERR;
			goto out;
		}
		if (!reject(&im, &row, reason, err, errsz)) {
			rs = STATUS_IOERR;
			goto out;
		}
	}
	if (ahead) {
		ahead = false;
		ahead_end(&ra);
	}

	double t1 = seconds();
	rep->load_seconds = t1 - t0;
	if (bulk) {
		bulk = false;
		st = db_bulk_end(d);
		if (st != DB_OK) {
			snprintf(err, errsz, "%s", db_error(d));
			rs = status_from_db(st);
			goto out;
		}
	}
	rep->index_seconds = seconds() - t1;
	if (o->dry_run) {
		db_rollback(d);
		in_tx = false;
	} else {
		st = db_commit(d);
		in_tx = false;
		if (st != DB_OK) {
			db_rollback(d);
			snprintf(err, errsz, "%s", db_error(d));
			rs = status_from_db(st);
			goto out;
		}
	}
	if (im.rejects) {
		csvio_writer *w = im.rejects;
		im.rejects = NULL;
		if (!csvio_write_close(w, err, errsz))
			rs = STATUS_IOERR;   /* the rows are in; only the rejects file failed */
	}
out:
	if (ahead)
		ahead_end(&ra);
	if (in_tx)
		db_rollback(d);
	importer_free(&im);
	return rs;
}
