/* CSV export in the canonical columns, so an export re-imports losslessly:
 * customers' fixed fields first (uid leading), then every attribute key in
 * use; activity with the customer's uid and, for people, its name.
 * For a spreadsheet (--excel) also: the headings in Chinese when Chinese is
 * shown (the registry's first Chinese alias, so they import back), the
 * effective tier beside the tier, ids and phone numbers as ="..." so that
 * Excel keeps them as text, and under Chinese the status, priority and
 * outcome words in Chinese; import reads all of it back. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/contactrole.h"
#include "repdesk/custfield.h"
#include "repdesk/db/contacts.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/money.h"
#include "repdesk/record.h"
#include "repdesk/csvio.h"
#include "repdesk/export.h"
#include "repdesk/i18n.h"
#include "repdesk/tier.h"

typedef struct {
	csvio_writer *w;
	bool excel;
	bool chinese;                /* a spreadsheet's words in Chinese */
	char **keys;
	size_t nkeys;
	const char **row;
	long rows;
	bool failed;
	char *err;
	size_t errsz;
} exporter;

/* A status or priority word as a Chinese spreadsheet has it (合作中, 重点:
 * import takes them back); "" stays "". */
static const char *word_chinese(const char *v)
{
	return *v ? _(v) : v;
}

static bool write_customer(const db_customer *c, void *ctx)
{
	exporter *ex = ctx;
	char num[CUSTFIELD_COUNT][48];
	size_t n = 0;

	char eff[2] = "";
	for (int i = 0; i < CUSTFIELD_COUNT; i++) {
		ex->row[n++] = custfield_get(c, (custfield_id)i, num[i], sizeof num[i]);
		if (ex->chinese && (i == CUSTFIELD_STATUS || i == CUSTFIELD_PRIORITY))
			ex->row[n - 1] = word_chinese(ex->row[n - 1]);
		if (i == CUSTFIELD_TIER && ex->excel) {
			tier t = tier_effective(c->tier_manual, c->tier_auto);
			eff[0] = t == TIER_NONE ? '\0' : tier_letter(t);
			ex->row[n++] = eff;
		}
	}
	for (size_t k = 0; k < ex->nkeys; k++) {
		const char *v = "";
		for (size_t a = 0; a < c->nattrs; a++)
			if (strcmp(c->attrs[a].key, ex->keys[k]) == 0) {
				v = c->attrs[a].value;
				break;
			}
		ex->row[n++] = v;
	}
	if (!csvio_write_row(ex->w, ex->row, n, ex->err, ex->errsz)) {
		ex->failed = true;
		return false;
	}
	ex->rows++;
	return true;
}

enum { EC_UID, EC_CUSTOMER, EC_NAME, EC_DATE, EC_AMOUNT, EC_DUE, EC_ORDER,
       EC_OUTCOME, EC_NOTE, EC_NEXT, EC_TIME, EC_PLACE, EC_VOLUME, EC_CONTACT, EC_COUNT };

static const char *const ec_names[EC_COUNT] = {
	"uid", "customer", "customer_name", "date", "amount", "due", "order",
	"outcome", "note", "next_call", "time", "place", "volume", "contact"
};

/* The columns of activity kind K, in order, ending with -1: the uid, then
 * the registry's columns by their CSV names, the customer's name after the
 * customer. */
static void ec_layout(transfer_kind k, int out[EC_COUNT + 1])
{
	size_t n = 0;

	out[n++] = EC_UID;
	for (const record_column *c = record_kinds[transfer_activity_kind(k)].cols; c->name; c++)
		for (int e = 0; e < EC_COUNT && n + 1 < EC_COUNT; e++)
			if (strcmp(ec_names[e], c->csv) == 0) {
				out[n++] = e;
				if (e == EC_CUSTOMER)
					out[n++] = EC_NAME;
				break;
			}
	out[n] = -1;
}

typedef struct {
	exporter *ex;
	int layout[EC_COUNT + 1];
} activity_ctx;

static bool write_activity(const db_activity *a, void *ctx)
{
	activity_ctx *ac = ctx;
	exporter *ex = ac->ex;
	char amount[MONEY_BUFSZ], volume[24] = "";
	if (a->has_volume)
		snprintf(volume, sizeof volume, "%" PRId64, a->volume);
	const char *v[EC_COUNT] = {
		[EC_UID] = a->uid, [EC_CUSTOMER] = a->customer_uid,
		[EC_NAME] = a->customer_name ? a->customer_name : "",
		[EC_DATE] = a->date, [EC_AMOUNT] = money_format_csv(a->amount, amount, sizeof amount),
		[EC_DUE] = a->due, [EC_ORDER] = a->order_uid,
		[EC_OUTCOME] = a->outcome ? a->outcome : "", [EC_NOTE] = a->text ? a->text : "",
		[EC_NEXT] = a->next_call, [EC_TIME] = a->time, [EC_PLACE] = a->place ? a->place : "",
		[EC_VOLUME] = volume, [EC_CONTACT] = a->contact_uid,
	};
	char outcome[64];
	record_outcome o = ex->chinese && a->outcome ? record_outcome_find(a->outcome) : RECORD_OUTCOME_NONE;
	if (o != RECORD_OUTCOME_NONE)      /* its first Chinese name, which import takes */
		v[EC_OUTCOME] = record_heading_chinese(a->outcome, record_outcomes[o].aliases, outcome,
		                                       sizeof outcome);
	size_t n = 0;
	for (const int *c = ac->layout; *c >= 0; c++)
		ex->row[n++] = v[*c];
	if (!csvio_write_row(ex->w, ex->row, n, ex->err, ex->errsz)) {
		ex->failed = true;
		return false;
	}
	ex->rows++;
	return true;
}

static bool write_contact(const db_contact *c, void *ctx)
{
	exporter *ex = ctx;
	char role[64];
	contact_role r = ex->chinese ? contact_role_find(c->role) : CONTACT_ROLE_NONE;
	const char *v[KC_COUNT] = {
		[KC_CUSTOMER] = c->customer_uid, [KC_CUSTOMER_NAME] = c->customer_name,
		[KC_NAME] = c->name, [KC_ROLE] = c->role, [KC_PHONE] = c->phone, [KC_WECHAT] = c->wechat,
		[KC_NOTE] = c->note, [KC_CARES] = c->cares,
		[KC_PRIMARY] = c->primary ? (ex->chinese ? "是" : "yes") : "", [KC_UID] = c->uid,
	};
	/* A Chinese spreadsheet has the role's Chinese word (import takes it back). */
	if (r != CONTACT_ROLE_NONE)
		v[KC_ROLE] = record_heading_chinese(c->role, contact_roles[r].aliases, role, sizeof role);
	for (int i = 0; i < KC_COUNT; i++)
		ex->row[i] = v[i];
	if (!csvio_write_row(ex->w, ex->row, KC_COUNT, ex->err, ex->errsz)) {
		ex->failed = true;
		return false;
	}
	ex->rows++;
	return true;
}

/* The most columns before a customer's attributes (or of an activity). */
#define FIXED_MAX (EC_COUNT > CUSTFIELD_COUNT + 1 ? EC_COUNT : CUSTFIELD_COUNT + 1)
_Static_assert((int)KC_COUNT <= (int)FIXED_MAX, "a contacts file's columns fit");

/* The canonical headings into EX->row; returns how many. */
static size_t heading(transfer_kind kind, exporter *ex)
{
	size_t n = 0;

	if (kind == TRANSFER_CONTACTS) {
		for (int i = 0; i < KC_COUNT; i++)
			ex->row[n++] = transfer_contact_cols[i].name;
		return n;
	}
	if (kind == TRANSFER_CUSTOMERS) {
		for (int i = 0; i < CUSTFIELD_COUNT; i++)
			ex->row[n++] = custfield_fields[i].name;
		for (size_t k = 0; k < ex->nkeys; k++)
			ex->row[n++] = ex->keys[k];
		return n;
	}
	int layout[EC_COUNT + 1];
	ec_layout(kind, layout);
	for (const int *c = layout; *c >= 0; c++)
		ex->row[n++] = ec_names[*c];
	return n;
}

/* The registry's column behind activity heading EC of KIND. */
static const record_column *ec_column(transfer_kind kind, int ec)
{
	const record_column *c = record_kind_csv((record_kind)transfer_activity_kind(kind), ec_names[ec]);
	return c ? c : record_csv_column(ec_names[ec]);
}

/* The headings for a spreadsheet into EX->row (in Chinese when CHINESE,
 * spelled in NAMES), and which columns hold ids or phone numbers (TEXT). */
static size_t excel_heading(transfer_kind kind, exporter *ex, bool chinese,
                            char names[][64], bool *text)
{
	size_t n = 0;

	if (kind == TRANSFER_CONTACTS) {
		for (int i = 0; i < KC_COUNT; i++) {
			const transfer_column *c = &transfer_contact_cols[i];
			text[n] = i == KC_CUSTOMER || i == KC_PHONE || i == KC_UID;
			ex->row[n] = chinese ? record_heading_chinese(c->name, c->aliases, names[n], 64) : c->name;
			n++;
		}
		return n;
	}
	if (kind == TRANSFER_CUSTOMERS) {
		for (int i = 0; i < CUSTFIELD_COUNT; i++) {
			const custfield_field *f = &custfield_fields[i];
			text[n] = i == CUSTFIELD_UID || i == CUSTFIELD_PHONE;
			ex->row[n] = chinese ? record_heading_chinese(f->name, f->aliases, names[n], 64) : f->name;
			n++;
			if (i == CUSTFIELD_TIER) {
				f = &custfield_effective_tier;
				ex->row[n] = chinese ? record_heading_chinese(f->name, f->aliases, names[n], 64) : f->name;
				n++;
			}
		}
		for (size_t k = 0; k < ex->nkeys; k++)
			ex->row[n++] = ex->keys[k];
		return n;
	}
	int layout[EC_COUNT + 1];
	ec_layout(kind, layout);
	for (const int *c = layout; *c >= 0; c++) {
		const record_column *col = ec_column(kind, *c);
		text[n] = *c == EC_UID || *c == EC_CUSTOMER || *c == EC_ORDER;
		ex->row[n] = chinese && col ? record_heading_chinese(ec_names[*c], col->aliases, names[n], 64)
		                            : ec_names[*c];
		n++;
	}
	return n;
}

status_code export_run(db *d, transfer_kind kind, const char *path, const export_opts *o,
                     long *rows, char *err, size_t errsz)
{
	exporter ex = { .err = err, .errsz = errsz, .excel = o->excel, .chinese = o->excel && i18n_chinese() };
	status_code rs = STATUS_OK;
	db_status st;
	size_t ncols = 0;

	*rows = 0;
	if (kind == TRANSFER_CUSTOMERS) {
		st = db_attr_keys(d, &ex.keys, &ex.nkeys);
		if (st != DB_OK) {
			snprintf(err, errsz, "%s", db_error(d));
			return status_from_db(st);
		}
		ncols = CUSTFIELD_COUNT + 1 + ex.nkeys;
	} else {
		ncols = (int)EC_COUNT > (int)KC_COUNT ? (size_t)EC_COUNT : (size_t)KC_COUNT;
	}
	ex.row = calloc(ncols, sizeof *ex.row);
	if (!ex.row) {
		db_strings_free(ex.keys, ex.nkeys);
		snprintf(err, errsz, _("out of memory"));
		return STATUS_IOERR;
	}
	ex.w = csvio_write_open(path, o->excel, err, errsz);
	if (!ex.w) {
		rs = STATUS_IOERR;
		goto out;
	}

	/* Room for the fixed columns; attributes come after them, never text. */
	char names[FIXED_MAX][64];
	bool text[FIXED_MAX] = { false };
	size_t n = o->excel ? excel_heading(kind, &ex, ex.chinese, names, text)
	                    : heading(kind, &ex);
	if (!csvio_write_row(ex.w, ex.row, n, err, errsz)) {
		csvio_write_abort(ex.w);
		rs = STATUS_IOERR;
		goto out;
	}

	csvio_write_text_columns(ex.w, text, n < FIXED_MAX ? n : FIXED_MAX);
	if (kind == TRANSFER_CUSTOMERS) {
		db_filter all = { .include_inactive = true };
		st = db_customers_each(d, o->filter ? o->filter : &all, write_customer, &ex);
	} else if (kind == TRANSFER_CONTACTS) {
		db_contact_query q = { .customer_uid = o->customer_uid };
		st = db_contacts_each(d, &q, write_contact, &ex);
	} else {
		activity_ctx ac = { .ex = &ex };
		ec_layout(kind, ac.layout);
		st = db_activity_each(d, transfer_activity_kind(kind), NULL, write_activity, &ac);
	}
	if (ex.failed) {
		csvio_write_abort(ex.w);
		rs = STATUS_IOERR;
		goto out;
	}
	if (st != DB_OK) {
		snprintf(err, errsz, "%s", db_error(d));
		csvio_write_abort(ex.w);
		rs = status_from_db(st);
		goto out;
	}
	if (!csvio_write_close(ex.w, err, errsz)) {
		rs = STATUS_IOERR;
		goto out;
	}
	*rows = ex.rows;
out:
	free(ex.row);
	db_strings_free(ex.keys, ex.nkeys);
	return rs;
}
