/* Filter clauses (repdesk/where.h) as SQL over the customers c: each clause
 * one condition, its values bound as parameters (:wI_J), never pasted in.
 * The computed fields read the per-customer summaries (customer_today,
 * customer_months) through repdesk_summary(), the month's targets and calls
 * by their indexes; attributes through json_each over c.attrs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/date.h"
#include "repdesk/db/customers.h"
#include "repdesk/ledger.h"
#include "repdesk/record.h"
#include "repdesk/where.h"
#include "store_int.h"

/* repdesk_summary(WHAT, BLOB, ARG): from a today blob, 'days' the days since
 * the last contact up to day ARG, 'open' the money open, 'last' the last
 * order's date; from a months blob, 'month' the total of month key ARG,
 * 'volume' its orders' volume. NULL where the blob says nothing. */
static void summary_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *what = (const char *)sqlite3_value_text(argv[0]);
	const unsigned char *b = sqlite3_value_blob(argv[1]);
	size_t len = (size_t)sqlite3_value_bytes(argv[1]);
	int64_t arg = argc > 2 ? sqlite3_value_int64(argv[2]) : 0;
	ledger_summary_view v;

	if (!what || !b)
		return;
	if (strcmp(what, "month") == 0 || strcmp(what, "volume") == 0) {
		int64_t total, volume;
		if (!ledger_months_find(b, len, (int)arg, &total, &volume))
			return;
		if (what[0] == 'm')
			sqlite3_result_int64(cx, total);
		else if (volume != LEDGER_NO_VOLUME)
			sqlite3_result_int64(cx, volume);
		return;
	}
	if (!ledger_summary_read(&v, b, len))
		return;
	if (strcmp(what, "days") == 0 && v.last_contact != LEDGER_NO_DAY) {
		sqlite3_result_int64(cx, arg - v.last_contact);
	} else if (strcmp(what, "last") == 0 && v.days_whole && v.ndays) {
		char buf[DATE_BUFSZ];
		sqlite3_result_text(cx, date_format(ledger_summary_day(&v, v.ndays - 1), buf), -1,
		                    SQLITE_TRANSIENT);
	} else if (strcmp(what, "open") == 0) {
		const unsigned char *at = v.open;
		ledger_order o;
		int64_t sum = 0;
		while (ledger_summary_next(&v, &at, &o))
			sum += ledger_open(&o);
		sqlite3_result_int64(cx, sum);
	}
}

int store_where_register(sqlite3 *h)
{
	return sqlite3_create_function_v2(h, "repdesk_summary", -1,
	                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
	                                  NULL, summary_fn, NULL, NULL, NULL);
}

/* "CASE ... END": the band index (0 highest) of COL by MIN, NULL unknown. */
static void band_expr(sqlite3_str *b, const char *col, const int64_t *min, const char *const *labels)
{
	sqlite3_str_appendf(b, "CASE WHEN %s IS NULL THEN NULL", col);
	for (int i = 0; i < WHERE_BANDS; i++) {
		if (labels)
			sqlite3_str_appendf(b, " WHEN %s >= %lld THEN '%s'", col, (long long)min[i], labels[i]);
		else
			sqlite3_str_appendf(b, " WHEN %s >= %lld THEN %d", col, (long long)min[i], i);
	}
	sqlite3_str_appendall(b, " END");
}

static const char *const store_labels[WHERE_BANDS] = { "30+", "10-29", "3-9", "0-2" };

/* The value of W's field for the row c; SHOWN: as a group shows it (tier
 * and bands as their labels). Attribute keys are bound as :wI_k. */
void store_where_expr(sqlite3_str *b, const where_clause *w, int i, bool shown)
{
	if (w->source == WHERE_FIXED && strcmp(w->name, "referred_by") == 0) {
		/* The referrer by name (its uid is what the row keeps). */
		sqlite3_str_appendall(b, "(SELECT r.name FROM customers r WHERE r.uid = c.referred_by "
		                      "AND c.referred_by <> '')");
		return;
	}
	if (w->source == WHERE_FIXED) {
		sqlite3_str_appendf(b, "c.%s", w->name);
		return;
	}
	if (w->source == WHERE_ATTR) {
		/* A key a JSON path can quote is read straight out (a path bound as
		 * :wI_p); any other through json_each. */
		if (!strpbrk(w->name, "\"\\"))
			sqlite3_str_appendf(b, "json_extract(c.attrs, :w%d_p)", i);
		else
			sqlite3_str_appendf(b, "(SELECT j.value FROM json_each(c.attrs) j WHERE j.key = :w%d_k)", i);
		return;
	}
	switch ((where_computed)w->field) {
	case WHERE_C_TIER:
		sqlite3_str_appendall(b, shown ? "substr('SABCD', c.tier_eff + 1, 1)" : "c.tier_eff");
		break;
	case WHERE_C_AMOUNT_BAND:
		band_expr(b, "c.monthly_amount", where_amount_band_min, shown ? where_amount_bands : NULL);
		break;
	case WHERE_C_STORE_BAND:
		band_expr(b, "c.stores", where_store_band_min, shown ? store_labels : NULL);
		break;
	case WHERE_C_DAYS_SINCE_CONTACT:
		sqlite3_str_appendall(b, "(SELECT repdesk_summary('days', t.data, :wday) "
		                      "FROM customer_today t WHERE t.customer_id = c.id)");
		break;
	case WHERE_C_OPEN_BALANCE:
		sqlite3_str_appendall(b, "coalesce((SELECT repdesk_summary('open', t.data) "
		                      "FROM customer_today t WHERE t.customer_id = c.id), 0)");
		break;
	case WHERE_C_LAST_ORDER:
		sqlite3_str_appendall(b, "(SELECT repdesk_summary('last', t.data) "
		                      "FROM customer_today t WHERE t.customer_id = c.id)");
		break;
	case WHERE_C_MONTH_ACHIEVED:
		sqlite3_str_appendall(b, "coalesce((SELECT repdesk_summary('month', m.months, :wmkey) "
		                      "FROM customer_months m WHERE m.customer_id = c.id), 0)");
		break;
	case WHERE_C_MONTH_TARGET:
		sqlite3_str_appendall(b, "(SELECT sum(g.amount) FROM targets g WHERE g.month = :wmonth "
		                      "AND g.level = 'customer' AND g.key = c.uid AND g.scope = 'rep' "
		                      "AND g.deleted = 0)");
		break;
	default:
		sqlite3_str_appendall(b, "NULL");
	}
}

/* The condition of clause I. */
static void clause_sql(sqlite3_str *b, const where_clause *w, int i)
{
	static const char *const cmp[] = { [WHERE_LT] = "<", [WHERE_LE] = "<=", [WHERE_GT] = ">",
	                                   [WHERE_GE] = ">=" };
	bool cast = w->source == WHERE_ATTR && w->n && w->numeric[0] && w->op >= WHERE_LT &&
	            w->op <= WHERE_GE;

	sqlite3_str_appendall(b, " AND (");
	if (w->source == WHERE_ATTR && (w->op == WHERE_EQ || w->op == WHERE_HAS) && w->n == 1 &&
	    w->text[0][0]) {
		/* A value equal to or containing the text has the text in the
		 * attributes' JSON as written, unless the JSON escapes something
		 * (a backslash in it): a test much cheaper than reading the JSON,
		 * which most rows of a book then skip. */
		sqlite3_str_appendf(b, "(instr(c.attrs, :w%d_0) > 0 OR instr(c.attrs, '\\') > 0) AND ", i);
	}
	if (cast)
		sqlite3_str_appendall(b, "CAST(");
	store_where_expr(b, w, i, false);
	if (cast)
		sqlite3_str_appendall(b, " AS REAL)");
	switch (w->op) {
	case WHERE_EQ:
		sqlite3_str_appendf(b, " = :w%d_0", i);
		break;
	case WHERE_NE:
		sqlite3_str_appendf(b, " IS NOT :w%d_0", i);
		break;
	case WHERE_LT: case WHERE_LE: case WHERE_GT: case WHERE_GE:
		sqlite3_str_appendf(b, " %s :w%d_0", cmp[w->op], i);
		break;
	case WHERE_HAS:
		sqlite3_str_appendf(b, " IS NOT NULL AND instr(");
		store_where_expr(b, w, i, false);
		sqlite3_str_appendf(b, ", :w%d_0) > 0", i);
		break;
	case WHERE_IN:
		sqlite3_str_appendall(b, " IN (");
		for (size_t k = 0; k < w->n; k++)
			sqlite3_str_appendf(b, "%s:w%d_%d", k ? ", " : "", i, (int)k);
		sqlite3_str_appendall(b, ")");
		break;
	case WHERE_EMPTY:
		sqlite3_str_appendall(b, " IS NULL OR ");
		store_where_expr(b, w, i, false);
		sqlite3_str_appendall(b, " = ''");
		break;
	case WHERE_NOT_EMPTY:
		sqlite3_str_appendall(b, " IS NOT NULL AND ");
		store_where_expr(b, w, i, false);
		sqlite3_str_appendall(b, " <> ''");
		break;
	}
	sqlite3_str_appendall(b, ")");
}

void store_where_sql(sqlite3_str *b, const db_filter *f)
{
	for (size_t i = 0; f && i < f->nwhere; i++)
		clause_sql(b, &f->where[i], (int)i);
}

static void bind_value(sqlite3_stmt *s, int at, const where_clause *w, size_t k)
{
	bool num = w->kind == WHERE_V_NUMBER ||
	           (w->kind == WHERE_V_WORD && w->source == WHERE_COMPUTED);

	if (num && w->op != WHERE_HAS)
		sqlite3_bind_int64(s, at, w->num[k]);
	else if (w->source == WHERE_ATTR && w->numeric[k] && w->op >= WHERE_LT && w->op <= WHERE_GE)
		sqlite3_bind_double(s, at, strtod(w->text[k], NULL));
	else
		sqlite3_bind_text(s, at, w->text[k], -1, SQLITE_STATIC);
}

void store_where_bind_key(sqlite3_stmt *s, const where_clause *w, int i)
{
	char name[32], path[WHERE_TEXT_SZ + 8];
	int at;

	snprintf(name, sizeof name, ":w%d_k", i);
	if ((at = sqlite3_bind_parameter_index(s, name)))
		sqlite3_bind_text(s, at, w->name, -1, SQLITE_STATIC);
	snprintf(name, sizeof name, ":w%d_p", i);
	if ((at = sqlite3_bind_parameter_index(s, name))) {
		snprintf(path, sizeof path, "$.\"%s\"", w->name);
		sqlite3_bind_text(s, at, path, -1, SQLITE_TRANSIENT);
	}
}

void store_where_bind(sqlite3_stmt *s, const db_filter *f)
{
	char name[32];
	int y, m, dd;

	if (!f)
		return;
	date_to_ymd(f->today, &y, &m, &dd);
	for (int k = 0; k < 5; k++) {
		static const char *const names[] = { ":wday", ":wmkey", ":wmonth", ":wfirst", ":wlast" };
		int at = sqlite3_bind_parameter_index(s, names[k]);
		char buf[DATE_BUFSZ];
		if (!at)
			continue;
		if (k == 0)
			sqlite3_bind_int64(s, at, f->today);
		else if (k == 1)
			sqlite3_bind_int64(s, at, ledger_month_key(y, m));
		else if (k == 2) {
			snprintf(buf, sizeof buf, "%04d-%02d", y, m);
			sqlite3_bind_text(s, at, buf, -1, SQLITE_TRANSIENT);
		} else {
			date_format(k == 3 ? date_month_first_day(y, m) : date_month_last_day(y, m), buf);
			sqlite3_bind_text(s, at, buf, -1, SQLITE_TRANSIENT);
		}
	}
	for (size_t i = 0; i < f->nwhere; i++) {
		const where_clause *w = &f->where[i];
		int at;
		store_where_bind_key(s, w, (int)i);
		for (size_t k = 0; k < w->n; k++) {
			snprintf(name, sizeof name, ":w%d_%d", (int)i, (int)k);
			if ((at = sqlite3_bind_parameter_index(s, name)))
				bind_value(s, at, w, k);
		}
	}
}

char *store_where_key(const db_filter *f)
{
	sqlite3_str *b = sqlite3_str_new(NULL);

	sqlite3_str_appendf(b, "%d;", f ? f->today : 0);
	for (size_t i = 0; f && i < f->nwhere; i++) {
		const where_clause *w = &f->where[i];
		sqlite3_str_appendf(b, "%d,%d,%Q,%d", (int)w->source, w->field, w->name, (int)w->op);
		for (size_t k = 0; k < w->n; k++)
			sqlite3_str_appendf(b, ",%Q,%lld", w->text[k], (long long)w->num[k]);
		sqlite3_str_appendall(b, ";");
	}
	return sqlite3_str_finish(b);
}
