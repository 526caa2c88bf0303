/* Customers grouped by one or two fields, with the month's sums per group
 * (customers --group-by): one query, the filter's clauses first. */
#include <stdio.h>
#include <string.h>

#include "repdesk/db/customers.h"
#include "repdesk/record.h"
#include "repdesk/where.h"
#include "store_int.h"

/* Group-by fields' attribute keys are parameters :wN_k from here on, after
 * the filter's own clauses. */
#define BY_PARAM 100

/* A new customer: its first order is this month's (the month's orders read
 * by date, then one seek a customer for an earlier one). */
#define NEW_CUSTOMERS_JOIN \
	"LEFT JOIN (SELECT x.customer_uid FROM orders x WHERE x.date BETWEEN :wfirst AND :wlast " \
	"AND x.deleted = 0 AND NOT EXISTS (SELECT 1 FROM orders p WHERE p.customer_uid = " \
	"x.customer_uid AND p.date < :wfirst AND p.deleted = 0) GROUP BY x.customer_uid) n " \
	"ON n.customer_uid = c.uid "

/* The month's sums of each customer come from joins: the summaries by the
 * customer's id, the month's customer targets and effective calls summed
 * per customer once (the month's rows, not a seek per customer). */
static void group_sql(sqlite3_str *b, const db_filter *f, const where_clause *by, size_t nby)
{
	sqlite3_str_appendall(b, "SELECT ");
	for (size_t j = 0; j < nby; j++) {
		store_where_expr(b, &by[j], BY_PARAM + (int)j, true);
		sqlite3_str_appendall(b, ", ");
	}
	sqlite3_str_appendall(b,
		"count(*), coalesce(sum(c.monthly_amount), 0), coalesce(sum(g.amount), 0), "
		"coalesce(sum(repdesk_summary('month', m.months, :wmkey)), 0), "
		"coalesce(sum(repdesk_summary('open', t.data)), 0), coalesce(sum(k.n), 0), "
		"count(n.customer_uid), coalesce(sum(CASE WHEN n.customer_uid IS NOT NULL THEN "
		"repdesk_summary('month', m.months, :wmkey) END), 0) "
		/* Every customer is read: in the table's order, not the list
		 * index's (which seeks the table once a row, several times slower). */
		"FROM customers c NOT INDEXED "
		"LEFT JOIN customer_today t ON t.customer_id = c.id "
		"LEFT JOIN customer_months m ON m.customer_id = c.id "
		"LEFT JOIN (SELECT key, sum(amount) AS amount FROM targets WHERE month = :wmonth "
		"AND level = 'customer' AND scope = 'rep' AND deleted = 0 GROUP BY key) g "
		"ON g.key = c.uid "
		"LEFT JOIN (SELECT customer_uid, count(*) AS n FROM calls WHERE date BETWEEN :wfirst "
		"AND :wlast AND deleted = 0 AND outcome NOT IN " RECORD_SQL_NOT_EFFECTIVE
		" GROUP BY customer_uid) k ON k.customer_uid = c.uid "
		NEW_CUSTOMERS_JOIN
		"WHERE c.deleted = 0");
	if (f && !f->include_inactive)
		sqlite3_str_appendall(b, " AND c.status IN ('active', 'prospect')");
	if (f && f->tier_mask)
		sqlite3_str_appendall(b, " AND ((:mask >> c.tier_eff) & 1)");
	store_where_sql(b, f);
	sqlite3_str_appendall(b, " GROUP BY ");
	for (size_t j = 0; j < nby; j++)
		sqlite3_str_appendf(b, "%s%d", j ? ", " : "", (int)j + 1);
	sqlite3_str_appendall(b, " ORDER BY ");
	for (size_t j = 0; j < nby; j++) {
		sqlite3_str_appendall(b, j ? ", min(" : "min(");
		store_where_expr(b, &by[j], BY_PARAM + (int)j, false);
		sqlite3_str_appendf(b, ") IS NULL, min(");
		store_where_expr(b, &by[j], BY_PARAM + (int)j, false);
		sqlite3_str_appendf(b, "), %d", (int)j + 1);
	}
}

static void bind_by(sqlite3_stmt *s, const db_filter *f, const where_clause *by, size_t nby)
{
	store_where_bind(s, f);
	int at = sqlite3_bind_parameter_index(s, ":mask");
	if (at && f)
		sqlite3_bind_int64(s, at, f->tier_mask);
	for (size_t j = 0; j < nby; j++)
		store_where_bind_key(s, &by[j], BY_PARAM + (int)j);
}

db_status db_customer_groups(db *d, const db_filter *f, const where_clause *by, size_t nby,
                             db_group_fn fn, void *ctx)
{
	sqlite3_str *b = sqlite3_str_new(d->h);
	db_status st = DB_OK;
	int rc;

	if (nby < 1 || nby > 2)
		return store_err(d, DB_INVALID, "%s", db_status_text(DB_INVALID));
	group_sql(b, f, by, nby);
	char *sql = sqlite3_str_finish(b);
	if (!sql)
		return store_err(d, DB_NOMEM, "%s", db_status_text(DB_NOMEM));
	sqlite3_stmt *s = store_prepare(d, sql);
	sqlite3_free(sql);
	if (!s)
		return d->last;
	bind_by(s, f, by, nby);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		db_group_row r;
		memset(&r, 0, sizeof r);
		for (size_t j = 0; j < 2; j++)
			r.key[j] = j < nby ? store_col_text(s, (int)j) : "";
		int c = (int)nby;
		r.customers = sqlite3_column_int64(s, c);
		r.monthly_amount = sqlite3_column_int64(s, c + 1);
		r.month_target = sqlite3_column_int64(s, c + 2);
		r.month_achieved = sqlite3_column_int64(s, c + 3);
		r.open_balance = sqlite3_column_int64(s, c + 4);
		r.effective_calls = sqlite3_column_int64(s, c + 5);
		r.new_customers = sqlite3_column_int64(s, c + 6);
		r.new_sales = sqlite3_column_int64(s, c + 7);
		if (!fn(&r, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = store_fail(d, rc, _("grouping customers"));
	sqlite3_finalize(s);
	return st;
}
