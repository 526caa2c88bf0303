#!/bin/sh
# Today benchmark (DESIGN §9): `repdesk today` (plan rows and the call queue)
# on 100,000 customers with a year of calls, orders with promised dates and
# payments, and a month plan; goal well under 0.2 s.
set -eu
BIN=${REPDESK_BIN:-build/repdesk}
GEN=${REPDESK_GEN:-build/gen_customers}
N=${BENCH_TODAY_CUSTOMERS:-100000}
DAY=2026-12-09
W=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-today.XXXXXX")
trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC REPDESK_TODAY=$DAY

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

"$GEN" "$N" >"$W/customers.csv"
"$BIN" --db "$W/book.db" init >/dev/null
"$BIN" --db "$W/book.db" import customers "$W/customers.csv" >/dev/null
for k in calls orders payments; do
	"$GEN" "$N" history "$DAY" "$k" >"$W/$k.csv"
	"$BIN" --db "$W/book.db" import "$k" "$W/$k.csv" >/dev/null
done
"$BIN" --db "$W/book.db" plan --target 50000万 >/dev/null
rows=$(cat "$W/calls.csv" "$W/orders.csv" "$W/payments.csv" | wc -l)
best=9; best_q=9; best_r=9
for i in 1 2 3; do
	t0=$(now); "$BIN" --db "$W/book.db" today >/dev/null; t1=$(now)
	"$BIN" --db "$W/book.db" today --view queue --format csv --limit 100 >/dev/null; t2=$(now)
	"$BIN" --db "$W/book.db" receivables --format csv >/dev/null; t3=$(now)
	best=$(awk -v a="$best" -v b="$(elapsed "$t0" "$t1")" 'BEGIN { print (b < a ? b : a) }')
	best_q=$(awk -v a="$best_q" -v b="$(elapsed "$t1" "$t2")" 'BEGIN { print (b < a ? b : a) }')
	best_r=$(awk -v a="$best_r" -v b="$(elapsed "$t2" "$t3")" 'BEGIN { print (b < a ? b : a) }')
done
echo "today for $N customers and $rows activity rows: $best s (queue CSV $best_q s, receivables $best_r s; goal < 0.2 s; best of 3)"
