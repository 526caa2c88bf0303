# The per-customer summaries behind today, receivables and the plan, on a
# book built by imports (with a bad row skipped, then re-imported with
# changes) and log commands: the figures are the known ones, and the same as
# those of the same book rebuilt from its history, as a book of schema
# version 5 is when it is upgraded.
. tests/cli/lib.sh

rd init; expect_rc 0 "init"
printf 'uid,name,monthly_amount\nc-a,Alpha,30000\nc-b,Beta,8000\nc-c,Gamma,2000\nc-d,Delta,500\nc-e,Epsilon,100\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "customers"

# Orders over three months, one bad row skipped.
cat >"$T/o.csv" <<'CSV'
uid,customer,date,amount,due
o-1,c-a,2026-08-05,10000,2026-08-31
o-2,c-a,2026-09-10,6000,2026-10-10
o-3,c-b,2026-09-12,3000,
o-4,c-d,2026-10-02,12x,
o-5,c-c,2026-10-20,2000,2026-11-20
o-6,c-a,2026-10-28,4000,2026-11-25
CSV
rd import orders "$T/o.csv" --skip-bad "$T/rej.csv"; expect_rc 0 "orders with a bad row"
expect_out "5 added, 0 updated, 1 rejected" "the bad order skipped"
cat >"$T/p.csv" <<'CSV'
uid,customer,date,amount,order
p-1,c-a,2026-09-01,10000,
p-2,c-a,2026-10-15,3000,o-6
p-3,c-c,2026-11-26,500,
CSV
rd import payments "$T/p.csv"; expect_rc 0 "payments"
printf 'uid,customer,date,outcome\nk-1,c-b,2026-11-02,effective\nk-2,c-c,2026-11-20,busy\n' >"$T/k.csv"
rd import calls "$T/k.csv"; expect_rc 0 "calls"

# The order file again, corrected: o-4 now valid, o-3 moved to Gamma and o-5 changed.
sed -e 's/12x/1500/' -e 's/^o-3,c-b/o-3,c-c/' -e 's/^o-5,c-c,2026-10-20,2000/o-5,c-c,2026-10-20,2500/' \
	"$T/o.csv" >"$T/o2.csv"
rd import orders "$T/o2.csv"; expect_rc 0 "orders again"
expect_out "1 added, 2 updated, 0 rejected" "updated in place"

# The day's work: a refund, a payment of a named order, an overpayment.
rd --today 2026-11-26 log payment Alpha -1000; expect_rc 0 "a refund"
rd log payment Gamma 1000 --order o-3; expect_rc 0 "a payment naming an order"
rd log order Delta 800 --due 2026-11-27; expect_rc 0 "an order today"
rd log payment Epsilon 2000; expect_rc 0 "paid ahead"
rd log call Alpha --outcome effective; expect_rc 0 "a call"

# Known figures. Alpha: the first payment settles o-1 exactly, the second
# pays the order it names (o-6), and the refund takes 1,000 back from it.
# Gamma: o-3 (moved to her) is her oldest, so the payment without an order
# goes to it, and so does today's, which names it.
rd receivables --format csv; expect_rc 0 "receivables"
expect_out "c-a,Alpha,2026-09-10,6000.00,0.00,6000.00,2026-10-10,48" "Alpha's older order"
expect_out "c-a,Alpha,2026-10-28,4000.00,2000.00,2000.00,2026-11-25,2" "Alpha's refunded order"
expect_out "c-c,Gamma,2026-09-12,3000.00,1500.00,1500.00,,0" "the moved order, paid twice"
expect_out "c-c,Gamma,2026-10-20,2500.00,0.00,2500.00,2026-11-20,7" "Gamma's changed order"
expect_out "c-d,Delta,2026-11-27,800.00,0.00,800.00,2026-11-27,0" "today's order"
expect_no_out "2026-08-05" "a paid order is not listed"
rd today --format csv
expect_out "collect,3000.00,10500.00" "paid today against what was due this morning"
expect_out "deals,1,2-4" "today's order counted"

# Every view, on several days; then the same book as schema 5 left it.
views() {
	for day in 2026-09-30 2026-10-15 2026-11-25 2026-11-26 2026-11-27 2026-12-01; do
		"$BIN" --db "$DB" --today $day today --format csv
		"$BIN" --db "$DB" --today $day today --view queue --format csv --limit 100
		"$BIN" --db "$DB" --today $day receivables --format csv
		"$BIN" --db "$DB" --today $day report day
	done
	"$BIN" --db "$DB" plan 2026-11 --show --view customers --format csv
	"$BIN" --db "$DB" plan 2026-11 --show --view days --format csv
}
rd plan 2026-11 --target 5万; expect_rc 0 "a plan"
rd plan 2026-11 --show --view customers --format csv
expect_out "c-a,Alpha,B,6666.67," "Alpha's baseline: three months of orders over three"
expect_out "c-b,Beta,B,8000.00," "Beta's baseline: o-3 moved away, so her monthly amount"
# Months before a customer's first order are not zeros (fair baselines).
expect_out "c-d,Delta,C,1500.00," "Delta's baseline: the corrected o-4, her first month"
expect_out "c-c,Gamma,C,2750.00," "Gamma's baseline: o-3 and the changed o-5 over her two months"
expect_eq "$(grep '^c-d,' "$T/out" | cut -d, -f7)" "1" "Delta's baseline used one month"
expect_eq "$(grep '^c-c,' "$T/out" | cut -d, -f7)" "2" "Gamma's baseline used two months"
expect_eq "$(grep '^c-b,' "$T/out" | cut -d, -f7)" "0" "Beta's baseline is her stated amount"
views >"$T/kept.txt" 2>&1
sqlite3 "$DB" "DROP TABLE customer_today; DROP TABLE customer_months;
	CREATE TABLE customer_stats (customer_uid TEXT PRIMARY KEY NOT NULL, last_contact INTEGER,
		order_days BLOB NOT NULL) STRICT, WITHOUT ROWID;
	CREATE TABLE receivables (order_id INTEGER PRIMARY KEY, customer_uid TEXT NOT NULL,
		order_uid TEXT NOT NULL, date INTEGER NOT NULL, amount INTEGER NOT NULL,
		paid INTEGER NOT NULL, due INTEGER) STRICT;
	DROP TABLE conflicts; DROP TABLE team_days;
	DROP TRIGGER team_calls_ai; DROP TRIGGER team_calls_au; DROP TRIGGER team_calls_ad;
	DROP TRIGGER team_orders_ai; DROP TRIGGER team_orders_au; DROP TRIGGER team_orders_ad;
	DROP TRIGGER team_payments_ai; DROP TRIGGER team_payments_au; DROP TRIGGER team_payments_ad;
	PRAGMA user_version = 5;"
views >"$T/rebuilt.txt" 2>&1
expect_same "$T/kept.txt" "$T/rebuilt.txt" "figures kept up to date equal those rebuilt from history"
[ -f "$DB.bak-v5" ] && _ok || _bad "a backup before the upgrade"
expect_eq "$(sqlite3 "$DB" 'PRAGMA user_version')" "22" "upgraded"
rd team report 2026-11 --format csv
expect_out "1,一组,rep,50000.00,800.00,0.02," "the team rollup built by the upgrade"
finish
