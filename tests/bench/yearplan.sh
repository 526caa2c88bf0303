#!/bin/sh
# Year plan benchmark: 100,000 customers with an order each month of 2026
# (1.2 million orders); the 2027 plan made and saved (seasonal, from 2026's
# months) and shown, and 2026's shown with its orders; goal under 0.5 s each.
set -eu
BIN=${REPDESK_BIN:-build/repdesk}
GEN=${REPDESK_GEN:-build/gen_customers}
N=${BENCH_PLAN_CUSTOMERS:-100000}
W=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-year.XXXXXX")
trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC REPDESK_TODAY=2026-12-09

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (b < a ? b : a) }'; }

"$GEN" "$N" >"$W/customers.csv"
"$GEN" "$N" year 2026 >"$W/orders.csv"
"$BIN" --db "$W/book.db" init >/dev/null
"$BIN" --db "$W/book.db" import customers "$W/customers.csv" >/dev/null
"$BIN" --db "$W/book.db" import orders "$W/orders.csv" >/dev/null
"$BIN" --db "$W/book.db" plan 2026 --target 1200000万 >/dev/null
rows=$(($(wc -l <"$W/orders.csv") - 1))
best_make=9; best_show=9; best_past=9
for i in 1 2 3; do
	t0=$(now); "$BIN" --db "$W/book.db" plan 2027 --target 1500000万 >/dev/null; t1=$(now)
	"$BIN" --db "$W/book.db" plan 2027 --show --format csv >/dev/null; t2=$(now)
	"$BIN" --db "$W/book.db" plan 2026 --show >/dev/null; t3=$(now)
	best_make=$(best "$best_make" "$(elapsed "$t0" "$t1")")
	best_show=$(best "$best_show" "$(elapsed "$t1" "$t2")")
	best_past=$(best "$best_past" "$(elapsed "$t2" "$t3")")
done
echo "year plan for $N customers, $rows orders: make and save $best_make s, show $best_show s," \
     "show 2026 with its orders $best_past s (goal < 0.5 s; best of 3)"
