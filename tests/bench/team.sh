#!/bin/sh
# Team benchmark (DESIGN §8): BUNDLES reps' bundles of CUSTOMERS customers and
# a month of calls, orders and payments each, merged into a lead's book:
# the first merge (goal <= 60 s at 500 x 5,000), adding them all again
# (goal <= 15 s), one bundle with 10% of its rows changed, and the team
# report on the result (goal <= 20 ms). The bundles are copies of one rep's
# book with every uid, the rep and the group rewritten (sqlite3 shell).
set -eu
BIN=${REPDESK_BIN:-build/repdesk}
GEN=${REPDESK_GEN:-build/gen_customers}
# Bundles edited here are signed again with the rep's key (make bundle-sign).
SIGN=${REPDESK_SIGN:-build/bundle-sign}
N=${BENCH_TEAM_BUNDLES:-500}
C=${BENCH_TEAM_CUSTOMERS:-5000}
DAY=2026-11-27
W=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-team.XXXXXX")
trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC REPDESK_TODAY=$DAY

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
command -v sqlite3 >/dev/null || { echo "team bench: needs the sqlite3 shell"; exit 1; }
[ -x "$SIGN" ] || { echo "team bench: needs $SIGN (make $SIGN)"; exit 1; }

# One rep's book: the customers, a month of their activity, a plan.
"$GEN" "$C" >"$W/customers.csv"
"$BIN" --db "$W/rep.db" init --rep rep --group G >/dev/null
"$BIN" --db "$W/rep.db" import customers "$W/customers.csv" >/dev/null
for k in calls orders payments; do
	"$GEN" "$C" history "$DAY" "$k" | awk -F, 'NR == 1 || $2 >= "2026-11-01"' >"$W/$k.csv"
	"$BIN" --db "$W/rep.db" import "$k" "$W/$k.csv" >/dev/null
done
"$BIN" --db "$W/rep.db" plan 2026-11 --target 50万 >/dev/null
"$BIN" --db "$W/rep.db" export bundle --out "$W/rep.bundle" 2>/dev/null
rows=$(sqlite3 "$W/rep.bundle" "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM calls)
	+ (SELECT count(*) FROM orders) + (SELECT count(*) FROM payments) + (SELECT count(*) FROM targets)")

# Rep I's bundle: the first five characters of every uid made its own (so
# uids keep their length), its own rep and one of 25 groups.
make_bundle() {
	p=$(printf 'r%04d' "$1")
	cp "$W/rep.bundle" "$W/b$1.db"
	sqlite3 "$W/b$1.db" >/dev/null <<SQL
BEGIN;
UPDATE customers SET uid = '$p' || substr(uid, 6), rep_uid = '$p' || substr(rep_uid, 6);
UPDATE calls SET uid = '$p' || substr(uid, 6), rep_uid = '$p' || substr(rep_uid, 6), customer_uid = '$p' || substr(customer_uid, 6);
UPDATE orders SET uid = '$p' || substr(uid, 6), rep_uid = '$p' || substr(rep_uid, 6), customer_uid = '$p' || substr(customer_uid, 6);
UPDATE payments SET uid = '$p' || substr(uid, 6), rep_uid = '$p' || substr(rep_uid, 6), customer_uid = '$p' || substr(customer_uid, 6),
	order_uid = CASE WHEN order_uid IS NULL THEN NULL ELSE '$p' || substr(order_uid, 6) END;
UPDATE targets SET uid = '$p' || substr(uid, 6), rep_uid = '$p' || substr(rep_uid, 6);
UPDATE contacts SET uid = '$p' || substr(uid, 6), rep_uid = '$p' || substr(rep_uid, 6), customer_uid = '$p' || substr(customer_uid, 6);
UPDATE groups SET uid = '$p' || substr(uid, 6), rep_uid = '$p' || substr(rep_uid, 6), name = 'G' || ($1 % 25);
UPDATE reps SET uid = '$p' || substr(uid, 6), rep_uid = '$p' || substr(rep_uid, 6), group_uid = '$p' || substr(group_uid, 6),
	name = 'rep$1';
UPDATE settings SET value = '$p' || substr(value, 6) WHERE key = 'rep_uid';
COMMIT;
SQL
	"$SIGN" "$W/rep.db" "$W/b$1.db"
}
i=1
while [ "$i" -le "$N" ]; do make_bundle "$i"; i=$((i + 1)); done
list=$(i=1; while [ "$i" -le "$N" ]; do printf '%s ' "$W/b$i.db"; i=$((i + 1)); done)

"$BIN" --db "$W/lead.db" init --rep lead --group leads >/dev/null
# shellcheck disable=SC2086
t0=$(now); "$BIN" --db "$W/lead.db" team add $list >/dev/null; t1=$(now)
# shellcheck disable=SC2086
"$BIN" --db "$W/lead.db" team add $list >"$W/again.txt"; t2=$(now)
[ "$(grep -c 'nothing new' "$W/again.txt")" = "$N" ] || { echo "team bench: adding again changed rows"; exit 1; }

# One rep changed a tenth of their customers and calls since.
sqlite3 "$W/b1.db" >/dev/null <<'SQL'
UPDATE customers SET notes = notes || ' (changed)', base_at = updated_at,
	updated_at = '2026-11-28T09:00:00.000Z.000000.0000beef' WHERE id % 10 = 0;
UPDATE calls SET note = 'changed', base_at = updated_at,
	updated_at = '2026-11-28T09:00:00.000Z.000000.0000beef' WHERE id % 10 = 0;
SQL
"$SIGN" "$W/rep.db" "$W/b1.db"
t3=$(now); "$BIN" --db "$W/lead.db" team add "$W/b1.db" >"$W/changed.txt"; t4=$(now)

best=9
for k in 1 2 3 4 5; do
	a=$(now); "$BIN" --db "$W/lead.db" team report 2026-11 --format csv >"$W/report.csv"; b=$(now)
	best=$(awk -v x="$best" -v y="$(elapsed "$a" "$b")" 'BEGIN { print (y < x ? y : x) }')
done
reps=$(($(wc -l <"$W/report.csv") - 1))
echo "team: $N bundles of $C customers ($rows rows each, $((N * rows)) in all)"
echo "team: first merge $(elapsed "$t0" "$t1") s (goal <= 60 s at 500 x 5,000)"
echo "team: adding all again $(elapsed "$t1" "$t2") s (goal <= 15 s)"
echo "team: one bundle with 10% changed $(elapsed "$t3" "$t4") s ($(grep -c updated "$W/changed.txt") tables updated)"
echo "team: team report, $reps rows: $(awk -v x="$best" 'BEGIN { printf "%.1f", x * 1000 }') ms, whole command (goal <= 20 ms; best of 5)"
