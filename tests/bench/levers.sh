#!/bin/sh
# Levers benchmark (DESIGN §9): `repdesk report levers` on 100,000 customers
# with a year of orders (1.2 M rows) and of calls; goal under 0.5 s. Also
# twelve months as CSV, and the workbook.
set -eu
BIN=${REPDESK_BIN:-build/repdesk}
GEN=${REPDESK_GEN:-build/gen_customers}
N=${BENCH_LEVERS_CUSTOMERS:-100000}
DAY=2026-12-09
W=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-levers.XXXXXX")
trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC REPDESK_TODAY=$DAY

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (b < a ? b : a) }'; }

"$GEN" "$N" >"$W/customers.csv"
"$GEN" "$N" year 2026-12 >"$W/orders.csv"
"$GEN" "$N" history "$DAY" calls >"$W/calls.csv"
"$BIN" --db "$W/book.db" init >/dev/null
"$BIN" --db "$W/book.db" import customers "$W/customers.csv" >/dev/null
"$BIN" --db "$W/book.db" import orders "$W/orders.csv" >/dev/null
"$BIN" --db "$W/book.db" import calls "$W/calls.csv" >/dev/null
"$BIN" --db "$W/book.db" plan --target 50000万 >/dev/null
orders=$(($(wc -l <"$W/orders.csv") - 1))
calls=$(($(wc -l <"$W/calls.csv") - 1))
b6=9; b12=9; bx=9
for i in 1 2 3; do
	t0=$(now); "$BIN" --db "$W/book.db" report levers >/dev/null; t1=$(now)
	"$BIN" --db "$W/book.db" report levers --months 12 --format csv >/dev/null; t2=$(now)
	"$BIN" --db "$W/book.db" report levers --xlsx "$W/levers.xlsx" >/dev/null; t3=$(now)
	b6=$(best "$b6" "$(elapsed "$t0" "$t1")")
	b12=$(best "$b12" "$(elapsed "$t1" "$t2")")
	bx=$(best "$bx" "$(elapsed "$t2" "$t3")")
done
echo "report levers for $N customers, $orders orders and $calls calls: $b6 s (12 months CSV $b12 s, workbook $bx s; goal < 0.5 s; best of 3)"

# The day's screen and report on the same book, whose orders are all still
# open and partly dated after the day (DESIGN §9: `today` under 0.2 s, memory
# modest). The peak resident size where the system's time(1) reports it.
bt=9; bd=9
for i in 1 2 3; do
	t0=$(now); "$BIN" --db "$W/book.db" today >/dev/null; t1=$(now)
	"$BIN" --db "$W/book.db" report day >/dev/null; t2=$(now)
	bt=$(best "$bt" "$(elapsed "$t0" "$t1")")
	bd=$(best "$bd" "$(elapsed "$t1" "$t2")")
done
rss=""
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	mt=$( { /usr/bin/time -f %M "$BIN" --db "$W/book.db" today >/dev/null; } 2>&1 | tail -n 1)
	md=$( { /usr/bin/time -f %M "$BIN" --db "$W/book.db" report day >/dev/null; } 2>&1 | tail -n 1)
	rss=" (peak resident: today $((mt / 1024)) MB, report day $((md / 1024)) MB)"
fi
echo "today on that book: $bt s, report day $bd s$rss (goal: today < 0.2 s; best of 3)"
