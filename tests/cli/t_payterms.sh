# Payment terms: config payment_days (or a customer's payment_days) gives an order logged without --due
# its promised day; receivables ages what is open; today's money to
# collect counts it (the issue's ¥110,000 open since September).
. tests/cli/lib.sh
q() { sqlite3 "$@" </dev/null; }
BOOKSQL=${REPDESK_BOOKSQL:-build/booksql}
export REPDESK_TODAY=2026-12-07

rd init --rep 张三; expect_rc 0 "init"
printf 'uid,name,contact,phone\nc-1,华府酒店,王,1\nc-2,新港宾馆,李,2\nc-3,老街客栈,赵,3\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "customers"

# ---- the setting ----
rd config payment_days; expect_out "payment_days none" "no term by default"
rd config payment_days 400; expect_rc 64 "more than a year refused"
expect_err "'400' is not a whole number of days from 0 to 365, or none" "the range said"
rd config payment_days 30天; expect_rc 64 "not a number"
rd config payment_days; expect_out "payment_days none" "still none"
rd config --help; expect_out "payment_days" "listed in the help"
# Without a term an order has no promised day, as before.
rd log order c-3 2000 --date 2026-12-02; expect_rc 0 "an order without a term"
expect_eq "$(q "$DB" "SELECT coalesce(due, '-') FROM orders WHERE amount = 200000")" "-" "no due date stored"
rd config payment_days 30; expect_rc 0 "a 30-day term"
expect_out "payment_days 30" "set"
# The open order logged before the term is given it too.
expect_out "1 open order without a promised day is now due at its date plus the term" "the open order given the term"
expect_eq "$(q "$DB" "SELECT due FROM orders WHERE amount = 200000")" "2027-01-01" "due at its date plus 30 days"

# ---- orders logged without --due ----
rd log order c-1 11万 --date 2026-09-01; expect_rc 0 "the ¥110,000 order of September"
expect_out "to be paid by 2026-10-01 (payment term: 30 days)" "due at its date plus the term"
expect_eq "$(q "$DB" "SELECT due FROM orders WHERE amount = 11000000")" "2026-10-01" "stored as --due stores it"
rd log order c-2 8000 --date 2026-10-20; expect_out "to be paid by 2026-11-19" "another"
rd log order c-2 5000 --date 2026-11-20
rd log order c-3 3000 --date 2026-12-01 --due 2026-12-31; expect_rc 0 "--due given"
expect_out "to be paid by 2026-12-31" "--due wins over the term"
expect_no_out "payment term" "and is not said to come from it"
expect_eq "$(q "$DB" "SELECT due FROM orders WHERE amount = 300000")" "2026-12-31" "the given day stored"

# ---- receivables: the ¥110,000 is overdue, and aged ----
rd receivables; expect_rc 0 "receivables"
grep '华府酒店' "$T/out" | grep -q '2026-10-01 *67 *broken promise' && _ok || \
	_bad "the September order 67 days overdue: $(grep 华府酒店 "$T/out")"
expect_out "¥118,000 of it past a promised date" "overdue in all"
expect_out "Ageing: not yet due ¥10,000; overdue 1-30 days ¥8,000, 31-60 days ¥0, over 60 days ¥110,000; no due date ¥0" \
	"the ageing in total"
rd receivables --ageing --format csv; expect_rc 0 "ageing as CSV"
expect_eq "$(cat "$T/out")" "$(printf '%s\n' \
	'uid,name,not_due,overdue_1_30,overdue_31_60,overdue_over_60,no_due,open' \
	'c-1,华府酒店,0.00,0.00,0.00,110000.00,0.00,110000.00' \
	'c-2,新港宾馆,5000.00,8000.00,0.00,0.00,0.00,13000.00' \
	'c-3,老街客栈,5000.00,0.00,0.00,0.00,0.00,5000.00' \
	'*,total,10000.00,8000.00,0.00,110000.00,0.00,128000.00')" \
	"per customer, most overdue first, then the total"
rd receivables --ageing; expect_rc 0 "ageing as a table"
expect_out "Not yet due" "its headings"
grep -q '^\* *Total *¥10,000 *¥8,000 *¥0 *¥110,000 *¥0 *¥128,000' "$T/out" && _ok || \
	_bad "the total row: $(grep Total "$T/out")"
# A payment moves the money out of its bucket.
rd log payment c-1 10万 --date 2026-12-07
rd receivables --ageing --format csv
expect_out "c-1,华府酒店,0.00,0.00,0.00,10000.00,0.00,10000.00" "the rest still over 60 days"

# ---- today: the money to collect counts it ----
rd log payment c-1 -10万 --date 2026-12-07   # the payment undone: ¥110,000 open again
rd today; expect_rc 0 "today"
grep -q '^collect .*¥118,000' "$T/out" && _ok || _bad "today's collection target: $(grep collect "$T/out")"
expect_out "Broken promises: 2 customers, ¥118,000 overdue" "not 'overdue 0'"
rd today --format csv
expect_out "collect,0.00,118000.00" "the same in CSV (the payment and its undoing net 0)"

# ---- a customer's own term (a fixed field since schema 20) ----
expect_eq "$(q "$DB" "PRAGMA user_version")" "22" "the current schema"
rd set c-2 payment_days=45; expect_rc 0 "set a customer's term"
rd show c-2; expect_out "payment_days    45" "shown"
rd log order c-2 1000 --date 2026-12-07; expect_out "to be paid by 2027-01-21 (payment term: 45 days)" \
	"the customer's term before the book's"
rd log order c-1 1000 --date 2026-12-07; expect_out "to be paid by 2027-01-06 (payment term: 30 days)" \
	"another customer: the book's"
rd set c-2 payment_days=366; expect_rc 65 "more than a year refused"
expect_err "'366' is not a payment term of 0 to 365 days" "why"
rd set c-2 payment_days=abc; expect_rc 65 "not a number"
rd show c-2; expect_out "payment_days    45" "unchanged"
rd set c-2 payment_days=; expect_rc 0 "cleared: the book's again"
rd log order c-2 1000 --date 2026-12-07; expect_out "(payment term: 30 days)" "the book's term again"
printf 'uid,name,账期\nc-3,老街客栈,15\nc-4,东门饭店,7\n' >"$T/t.csv"
rd import customers "$T/t.csv"; expect_rc 0 "import takes 账期"
expect_eq "$(q "$DB" "SELECT group_concat(uid || '=' || coalesce(payment_days, '-'), ' ') FROM customers ORDER BY id")" \
	"c-1=- c-2=- c-3=15 c-4=7" "kept per customer"
q "$DB" "SELECT group_concat(uid || '=' || coalesce(payment_days, '-'), ' ') FROM customers" >"$T/before.txt"
printf 'uid,name,账期\nc-3,老街客栈,9\nc-4,东门饭店,400\n' >"$T/t.csv"
rd import customers "$T/t.csv"; expect_rc 65 "a bad term refuses the file"
expect_err "t.csv:3: column '账期': '400' is not a payment term of 0 to 365 days" "file, line, column, value, why"
q "$DB" "SELECT group_concat(uid || '=' || coalesce(payment_days, '-'), ' ') FROM customers" >"$T/after.txt"
expect_same "$T/before.txt" "$T/after.txt" "the book unchanged"
rd export customers --out "$T/e.csv"; expect_rc 0 "export"
expect_eq "$(grep '^c-3,' "$T/e.csv" | awk -F, '{print $NF}')" "15" "exported as payment_days"
# The term travels to the lead; a bundle from before the field still merges.
rd export bundle --out "$T/P.bundle"; expect_rc 0 "the rep's bundle"
REP=$DB; DB="$T/lead.db"
rd init --rep 组长 --group 管理
rd team add "$T/P.bundle"; expect_rc 0 "merged"
expect_eq "$(q "$DB" "SELECT payment_days FROM customers WHERE uid = 'c-3'")" "15" "the term reached the lead"
cp "$T/P.bundle" "$T/v19.bundle"
"$BOOKSQL" "$T/v19.bundle" "UPDATE customers SET payment_days = NULL; ALTER TABLE customers DROP COLUMN payment_days;
	ALTER TABLE calls DROP COLUMN contact_uid; ALTER TABLE visits DROP COLUMN contact_uid;
	DROP TABLE contacts; DROP TABLE opportunities; PRAGMA user_version = 19" ||
	_bad "booksql: the version 19 bundle"
sign_bundle "$REP" "$T/v19.bundle"
DB="$T/lead2.db"
rd init --rep 组长 --group 管理
rd team add "$T/v19.bundle"; expect_rc 0 "a version 19 bundle merged"
expect_eq "$(q "$DB" "SELECT count(*), count(payment_days) FROM customers")" "4|0" "its customers, with no term"
cp "$T/P.bundle" "$T/bad.bundle"
q "$T/bad.bundle" "PRAGMA ignore_check_constraints = 1; UPDATE customers SET payment_days = 999 WHERE uid = 'c-3'"
sign_bundle "$REP" "$T/bad.bundle"
DB="$T/lead3.db"
rd init --rep 组长 --group 管理
rd team add "$T/bad.bundle"; expect_rc 65 "a term no one could set: refused"
expect_err "table customers, row c-3: column payment_days 999: not a payment term of 0 to 365 days" "named"
DB=$REP

# ---- the term off again ----
rd config payment_days none; expect_rc 0 "none again"
rd log order c-1 100 --date 2026-12-07; expect_rc 0 "an order"
expect_no_out "to be paid by" "no promised day without a term"
rd receivables; expect_out "no due date ¥100" "without a term the order has no promised day"
rd config payment_days 0; expect_rc 0 "a term of 0 days: cash on delivery"
expect_out "1 open order without a promised day is now due" "the undated order given the new term"
rd log order c-1 200 --date 2026-12-07; expect_out "to be paid by 2026-12-07" "due the same day"

# ---- the issue's book: ¥110,000 open since September with no term, then terms set ----
DB="$T/sept.db"
rd init --rep 李四; expect_rc 0 "a book without terms"
printf 'uid,name\ns-1,华府酒店\ns-2,新港宾馆\n' >"$T/s.csv"
rd import customers "$T/s.csv"; expect_rc 0 "its customers"
rd log order s-1 11万 --date 2026-09-01; expect_rc 0 "the September order, no promised day"
rd log order s-2 2万 --date 2026-10-15; expect_rc 0 "October's, no promised day"
rd today; expect_no_out "Broken promises" "with no term and no promised day nothing is overdue"
rd config payment_days 30; expect_rc 0 "a 30-day term"
expect_out "2 open orders without a promised day are now due at their date plus the term" "both given it"
rd today
expect_out "Broken promises: 2 customers, ¥130,000 overdue" "the ¥110,000 since September is overdue now"
rd set s-2 payment_days=90; expect_rc 0 "a customer's own term"
expect_eq "$(q "$DB" "SELECT due FROM orders WHERE amount = 2000000")" "2026-11-14" "a promised day already given stays"
rd log order s-2 1万 --date 2026-12-01 --due 2026-12-01; rd edit order "$(q "$DB" "SELECT uid FROM orders WHERE amount = 1000000")" due=
rd set s-2 payment_days=60; expect_rc 0 "the customer's term changed"
expect_out "1 open order without a promised day is now due" "its undated open order given the customer's term"
expect_eq "$(q "$DB" "SELECT due FROM orders WHERE amount = 1000000")" "2027-01-30" "at its date plus 60 days"
expect_eq "$(q "$DB" "SELECT due FROM orders WHERE amount = 11000000")" "2026-10-01" "another customer's order untouched"
# The workbench's customer form: a term typed there reaches the open orders too.
DB="$T/wb.db"
rd init --rep 王五; expect_rc 0 "a book for the workbench"
printf 'uid,name\nw-1,华府酒店\n' >"$T/w.csv"
rd import customers "$T/w.csv"
rd log order w-1 11万 --date 2026-09-01; expect_rc 0 "the September order, no promised day"
{ printf '2\ne\n'; i=0; while [ $i -lt 11 ]; do echo '<Tab>'; i=$((i + 1)); done
  printf 'type 30\n:dump form.screen\n<Enter>\nq\n'; } >"$T/wb.keys"
(cd "$T" && LINES=40 COLUMNS=120 REPDESK_SCRIPT="$T/wb.keys" "$BIN" --db "$DB" >/dev/null 2>"$T/err"); rc=$?
expect_rc 0 "the workbench"
grep -q 'payment_days *30' "$T/form.screen" && _ok || _bad "the form's payment_days field typed: $(grep payment "$T/form.screen")"
expect_eq "$(q "$DB" "SELECT payment_days FROM customers WHERE uid = 'w-1'")" "30" "the term saved from the form"
expect_eq "$(q "$DB" "SELECT due FROM orders WHERE amount = 11000000")" "2026-10-01" "the open order given it"
rd today; expect_out "Broken promises: 1 customer, ¥110,000 overdue" "overdue once the term is typed"
DB="$T/sept.db"
# Orders imported without a due column take the terms too.
printf 'customer,date,amount\ns-1,2026-11-02,7000\ns-2,2026-11-03,9000\n' >"$T/o.csv"
rd import orders "$T/o.csv"; expect_rc 0 "orders imported without a due column"
expect_out "2 open orders without a promised day are now due" "both given their terms"
expect_eq "$(q "$DB" "SELECT due FROM orders WHERE amount = 700000")" "2026-12-02" "the book's 30 days"
expect_eq "$(q "$DB" "SELECT due FROM orders WHERE amount = 900000")" "2027-01-02" "the customer's own 60 days"
finish
