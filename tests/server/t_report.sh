#!/bin/sh
# The lead's report from the team server is the report from bundles: three
# reps in two groups sync to the server and send the lead their bundles; the
# lead's `team report` (this month and last, --by rep, CSV and table) and
# `team report day` read from the server equal what `team add` of the same
# bundles gives, column for column but the last-sync/bundle date (the pipeline
# and its weighted forecast too, from the reps' opportunities). Each rep's
# last sync shows. Without a server (or with --server none) the book is read.
. tests/cli/lib.sh
. tests/server/pg.sh
trap 'pg_stop; rm -rf "$T"' EXIT
pg_start || { _bad "no PostgreSQL cluster"; finish; exit 1; }

ADMINBOOK=$T/admin.db
"$BIN" --db "$ADMINBOOK" server init --server "$ADMIN" >/dev/null
"$BIN" --db "$ADMINBOOK" server add-lead 王五 --group '一组|二组' --login wang --password pw --server "$ADMIN" >/dev/null
# Each rep's book: the same 300 customers and three months of their
# activity, under uids of its own.
GEN=${REPDESK_GEN:-build/gen_customers}
"$GEN" 300 >"$T/customers.csv"
for k in calls orders payments; do
	"$GEN" 300 history 2026-11-27 "$k" | awk -F, 'NR == 1 || $2 >= "2026-09-01"' >"$T/$k.csv"
done
for r in 'zhang 张三 一组' 'li 李四 一组' 'zhao 赵六 二组'; do
	set -- $r
	"$BIN" --db "$ADMINBOOK" server add-rep "$2" --group "$3" --login "$1" --password "p-$1" \
		--server "$ADMIN" >/dev/null
	"$BIN" --db "$T/$1.db" init --rep "$2" --group "$3" >/dev/null
	"$BIN" --db "$T/$1.db" import customers "$T/customers.csv" >/dev/null
	for k in calls orders payments; do
		"$BIN" --db "$T/$1.db" import "$k" "$T/$k.csv" >/dev/null
	done
	"$BIN" --db "$T/$1.db" config server "$(pg_url "$1")" >/dev/null
done
# Different months for each: more orders for 李四 today, a plan for 赵六.
DB=$T/li.db
first=$(sqlite3 "$DB" "SELECT name FROM customers ORDER BY id LIMIT 1")
rd log order "$first" 2万
rd log order "$first" 8000
rd log call "$first" --outcome effective
DB=$T/zhao.db
rd plan 2026-11 --target 30万 >/dev/null
rd plan 2026-10 --target 20万 >/dev/null
DB=$T/zhang.db
rd plan 2026-11 --target 50万 >/dev/null
# Opportunities: 张三's open ones weighted by their stage (proposal 40%,
# tender 50%, 333.33 x 50% rounding half up to 166.67) or their own
# probability; one won, one lost and one deleted count for nothing. 李四 has
# a lead (10%), 赵六 none.
cust() { sqlite3 "$DB" "SELECT name FROM customers ORDER BY id LIMIT 1 OFFSET $1"; }
opp() { rd opp "$@"; [ "$rc" = 0 ] || _bad "opp $*: exit $rc"; }
opp add "$(cust 0)" 改造 120万 --stage proposal --close 2026-11-30
opp add "$(cust 1)" 监测 333.33 --stage tender
opp add "$(cust 2)" 回用 8万 --probability 35
opp add "$(cust 3)" 已赢 5万 --stage negotiation
opp win 已赢
opp add "$(cust 4)" 已丢 2万
opp lose 已丢 --reason 价格
opp add "$(cust 5)" 删掉 9万
opp delete 删掉
DB=$T/li.db
opp add "$(cust 0)" 线索 10万

for r in zhang li zhao; do
	DB=$T/$r.db
	PGPASSWORD=p-$r rd sync
	expect_rc 0 "$r syncs"
	rd export bundle --out "$T/$r.bundle" 2>/dev/null
done

# The lead: a book with the server set, and the same bundles added to it.
LEAD=$T/lead.db
"$BIN" --db "$LEAD" init --rep 王五 --group 一组 >/dev/null
"$BIN" --db "$LEAD" config server "$(pg_url wang)" >/dev/null
DB=$LEAD
rd team add "$T/zhang.bundle" "$T/li.bundle" "$T/zhao.bundle"
expect_rc 0 "the lead adds the bundles"
export PGPASSWORD=pw

# same ARGS...: the report from the server and from the book, bundle_date aside
same() {
	rd team report "$@" --format csv
	[ "$rc" = 0 ] || _bad "team report $* from the server: exit $rc"
	cut -d, -f1-12,14- "$T/out" >"$T/server.csv"
	cut -d, -f13 "$T/out" >"$T/synced.csv"
	rd team report "$@" --format csv --server none
	cut -d, -f1-12,14- "$T/out" >"$T/book.csv"
	expect_same "$T/server.csv" "$T/book.csv" "team report $* --format csv: server and bundles agree"
}
same
# The pipeline and its forecast, the last two columns, as computed by hand.
expect_eq "$(grep ',张三,' "$T/server.csv" | cut -d, -f15-)" "1280333.33,508166.67" "张三's pipeline and forecast"
expect_eq "$(grep ',李四,' "$T/server.csv" | cut -d, -f15-)" "100000.00,10000.00" "李四's lead at 10%"
expect_eq "$(grep ',赵六,' "$T/server.csv" | cut -d, -f15-)" "0.00,0.00" "赵六 has none"
expect_eq "$(grep ',一组,\*,' "$T/server.csv" | cut -d, -f15-)" "1380333.33,518166.67" "the group's sum"
same 2026-10
same --by rep
expect_eq "$(wc -l <"$T/server.csv" | tr -d ' ')" 4 "three reps (and the header) ranked together"
rd team report --format csv
expect_eq "$(grep -c ',20[0-9-]* [0-9:]*,' "$T/out")" 3 "every rep's row gives the date and time of their last sync"
expect_eq "$(head -1 "$T/out" | cut -d, -f13)" "bundle_date" "the same columns as the report from bundles"
grep -q '李四' "$T/server.csv" && _ok || _bad "the report names the reps"

# The table and the day report: the same figures; the table says last sync.
rd team report
expect_rc 0 "the table from the server"
expect_out "last sync" "the table's bundle column is the last sync"
# The last sync's date and time taken out (the pipeline columns follow it).
sed -E 's/ [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}//; s/ +/ /g; s/ $//' "$T/out" |
	grep -v 'last sync' >"$T/server.txt"
rd team report --server none
sed -E 's/ +/ /g; s/ $//' "$T/out" | grep -v 'bundle' >"$T/book.txt"
expect_same "$T/server.txt" "$T/book.txt" "the table's figures agree"
rd team report day
cp "$T/out" "$T/server.day"
rd team report day --server none
expect_same "$T/server.day" "$T/out" "team report day agrees"

# A rep who syncs again moves the server's figures at once; the book's
# only with a new bundle.
DB=$T/zhang.db
rd log order "$(sqlite3 "$DB" "SELECT name FROM customers ORDER BY id LIMIT 1")" 5万
PGPASSWORD=p-zhang rd sync
DB=$LEAD
rd team report --format csv
grep '张三' "$T/out" | cut -d, -f5 >"$T/now"
rd team report --format csv --server none
grep '张三' "$T/out" | cut -d, -f5 >"$T/then"
expect_eq "$(awk '{ print $1 }' "$T/now")" "$(awk '{ printf "%.2f\n", $1 + 50000 }' "$T/then")" \
	"the server's report has the order synced since; the book waits for a bundle"

# No server: the lead's team commands read the book.
"$BIN" --db "$LEAD" config server none >/dev/null
rd team report --format csv
expect_rc 0 "no server: the book"
cut -d, -f1-12,14- "$T/out" >"$T/a"
rd team report --format csv --server none
cut -d, -f1-12,14- "$T/out" >"$T/b"
expect_same "$T/a" "$T/b" "with the setting none, team report reads the book"

# A server out of reach: one line, exit 74.
rd team report --server "postgresql:///team?host=$T/nowhere&port=1&user=wang"
expect_rc 74 "a team server out of reach"
expect_err "cannot reach the team server" "says it cannot reach the server"
expect_eq "$(wc -l <"$T/err" | tr -d ' ')" 1 "in one line"
finish
