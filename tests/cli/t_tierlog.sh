# Tiers follow what is logged (DESIGN §5): one effective tier in the list,
# the queue, filters, show and the plan — from the orders' baseline when the
# customer has orders in the three months before, else the stated monthly
# amount; a manual tier overrides both. The tiers are for today's month.
. tests/cli/lib.sh
play() {
	(cd "$T" && LINES=${ROWS:-24} COLUMNS=${COLS:-80} REPDESK_SCRIPT="$1" \
	 "$BIN" --db "$DB" >"$T/out" 2>"$T/err")
	rc=$?
}
tier_of() { # NAME: the tier letter `customers` prints (its first column)
	"$BIN" --db "$DB" customers | awk -v n="$1" '$2 == n { print $1 }'
}

rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'uid,name,monthly_amount,tier\nc1,福田合景,500,\nc2,南山小店,25000,\nc3,手定客户,500,B\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "import"
expect_eq "$(tier_of 福田合景)" "D" "¥500 stated, no orders: D"
expect_eq "$(tier_of 南山小店)" "S" "¥25,000 stated: S"

# Three ¥30,000 orders: S in the list, the queue, a filter, show and the plan.
for d in 2026-08-10 2026-09-10 2026-10-10; do
	rd log order 福田合景 30000 --date $d; expect_rc 0 "order on $d"
	rd log order 手定客户 30000 --date $d; expect_rc 0 "order on $d (manual tier)"
done
expect_eq "$(tier_of 福田合景)" "S" "three ¥30,000 orders: S in the list"
expect_eq "$(tier_of 手定客户)" "B" "a manual tier overrides the orders"
rd customers --where 'tier=S'
expect_eq "$(awk 'NR > 1 && $2 != "customers" { print $2 }' "$T/out" | sort | tr '\n' ' ')" "南山小店 福田合景 " "a tier filter"
rd today --view queue --format csv --limit 10
grep -q ',c1,福田合景,S,' "$T/out" && _ok || _bad "the queue tiers it S: $(cat "$T/out")"
rd show 福田合景
expect_out "S (computed) from orders: ¥30,000 a month in 2026-08..2026-10" "show says where the tier comes from"
rd show 南山小店
expect_out "S (computed) from the stated monthly amount" "no orders: the stated month"
LC_ALL= LANG=zh_CN.UTF-8 "$BIN" --db "$DB" show 福田合景 >"$T/out" 2>&1
expect_out "S（自动计算）按订单：每月 ¥30,000，2026-08..2026-10" "show in Chinese"
rd plan 2026-11 --target 10万 --view customers --format csv; expect_rc 0 "the plan"
grep -q '^c1,福田合景,S,' "$T/out" && _ok || _bad "the plan tiers it S too: $(cat "$T/out")"
# The workbench's list says S as well.
printf '%s\n' '2' ':dump list.screen' 'q' >"$T/list.keys"
play "$T/list.keys"; expect_rc 0 "the workbench"
grep -qE '│S 福田合景' "$T/list.screen" && _ok || { _bad "the list shows S"; cat "$T/list.screen" >&2; }

# Deleting the orders tiers it from the stated month again.
"$BIN" --db "$DB" export orders --out "$T/o.csv" 2>/dev/null
for u in $(grep ',c1,' "$T/o.csv" | cut -d, -f1); do
	rd delete order "$u"; expect_rc 0 "delete order $u"
done
expect_eq "$(tier_of 福田合景)" "D" "no orders left: D again"
for d in 2026-08-10 2026-09-10 2026-10-10; do
	rd log order 福田合景 30000 --date $d >/dev/null; expect_rc 0 "order on $d again"
done

# The month turns: in February the August–October orders are out of the
# window (November to January has none), so the stated month decides.
expect_eq "$(REPDESK_TODAY=2027-02-03 tier_of 福田合景)" "D" "February: the stated ¥500"
expect_eq "$(REPDESK_TODAY=2027-01-04 tier_of 福田合景)" "A" "December: Sep–Nov, ¥60,000 / 3 = ¥20,000: S; January: Oct–Dec, ¥10,000: A"
expect_eq "$(tier_of 福田合景)" "S" "back in November: S"

# Thresholds changed: the orders' baseline is tiered under the new ones.
rd config tiers --metric amount S=4万,A=3万,B=1万,C=1000; expect_rc 0 "new thresholds"
expect_eq "$(tier_of 福田合景)" "A" "¥30,000 a month is A under S=4万"
expect_eq "$(tier_of 南山小店)" "B" "¥25,000 stated is B under A=3万"
rd config tiers --metric amount S=2万,A=1万,B=5000,C=1000; expect_rc 0 "the thresholds back"

# Under volume thresholds the orders' room-nights tier the customer the same way.
rd config tiers --metric volume; expect_rc 0 "volume thresholds"
expect_eq "$(tier_of 南山小店)" "D" "no volume stated or ordered: D"
for d in 2026-08-12 2026-09-12 2026-10-12; do
	rd log order 南山小店 3000 --date $d --volume 120; expect_rc 0 "room-nights on $d"
done
expect_eq "$(tier_of 南山小店)" "S" "120 room-nights a month: S"
expect_eq "$(tier_of 福田合景)" "D" "orders without room-nights: the stated volume (none)"
rd config tiers --metric amount S=2万,A=1万,B=5000,C=1000; expect_rc 0 "amount again"
expect_eq "$(tier_of 南山小店)" "C" "¥3,000 a month of orders: C by amount"

# A book that cannot be written is read with the tiers it has (root writes
# through permissions: then the reader is nobody, as in t_readonly.sh).
# The binary is copied beside the book, so nobody may run it wherever the
# checkout is.
AS="" ROBIN=$BIN
if [ "$(id -u)" = 0 ]; then
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
	ROBIN="$T/repdesk-ro"
	cp "$BIN" "$ROBIN" && chmod 755 "$ROBIN"
fi
chmod 755 "$T"
chmod 444 "$DB"
ro_tier() { REPDESK_TODAY=$1 $AS env HOME="$T/home" "$ROBIN" --db "$DB" customers 2>"$T/err" |
	awk -v n="$2" '$2 == n { print $1 }'; }
expect_eq "$(ro_tier 2027-02-03 福田合景)" "S" "read-only in February: the tiers it has"
expect_eq "$(ro_tier 2026-11-27 南山小店)" "C" "read-only: listed"
chmod 644 "$DB"
expect_eq "$(REPDESK_TODAY=2027-02-03 tier_of 福田合景)" "D" "writable again: February's tiers"
expect_eq "$(tier_of 福田合景)" "S" "and November's"

# The lead tiers a rep's customers from the orders the lead's book holds.
REP=$DB
rd export bundle --out "$T/rep.bundle"; expect_rc 0 "the rep's bundle"
DB="$T/lead.db"
rd init --rep Lead --group Leads; expect_rc 0 "the lead's book"
rd team add "$T/rep.bundle"; expect_rc 0 "merged"
expect_eq "$(tier_of 福田合景)" "S" "the lead's book: S from the orders merged"
expect_eq "$(tier_of 手定客户)" "B" "the lead's book: the manual tier"
DB=$REP

finish
