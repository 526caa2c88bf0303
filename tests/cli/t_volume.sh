#!/bin/sh
# Orders carry an optional volume (room-nights): log --volume, edit
# volume=, import and export under volume / 间夜, a bad one refused with
# exit 65 and nothing written; the list shows the month's volume under the
# volume metric and the plan tiers by the orders' volumes; a bundle carries
# them (one of the version before without the column still merges, a bad
# one is refused); a book of version 16 gains the column.
. tests/cli/lib.sh
OLDBOOK=${REPDESK_OLDBOOK:-build/oldbook}
BOOKSQL=${REPDESK_BOOKSQL:-build/booksql}
q() { sqlite3 "$1" "$2" </dev/null; }

rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'uid,name,monthly_volume\nh1,天河宾馆,10\nh2,白云酒店,40\nh3,越秀酒店,\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "customers"

# ---- log ----
rd log order h1 3万 --volume 120 --date 2026-11-20; expect_rc 0 "an order with a volume"
expect_out "天河宾馆: order of ¥30,000 (120 room-nights) logged on 2026-11-20" "its line"
rd log order h1 1万 --date 2026-11-21; expect_rc 0 "an order without one"
expect_out "order of ¥10,000 logged" "no volume in its line"
expect_eq "$(q "$DB" "SELECT amount, coalesce(volume, 'none') FROM orders ORDER BY id")" \
	"$(printf '3000000|120\n1000000|none')" "stored: 120 and NULL"
rd log order h1 5000 --volume 1,200 --date 2026-11-22; expect_rc 0 "thousands separators"
expect_eq "$(q "$DB" "SELECT volume FROM orders ORDER BY id DESC LIMIT 1")" "1200" "1,200 stored"
for bad in -5 abc 1.5 ''; do
	rd log order h1 5000 --volume "$bad"; expect_rc 65 "--volume '$bad' refused"
	expect_err "is not a volume" "--volume '$bad': the reason"
done
expect_eq "$(q "$DB" "SELECT count(*) FROM orders")" "3" "nothing written for a bad volume"
rd log payment h1 5000 --volume 3; expect_rc 64 "--volume is for orders"

# ---- show and edit ----
rd show h1; expect_out "¥30,000 (120 room-nights)" "the history line"
uid=$(q "$DB" "SELECT uid FROM orders WHERE volume = 120")
rd edit order "$uid" volume=90; expect_rc 0 "edit volume="
expect_eq "$(q "$DB" "SELECT volume FROM orders WHERE uid = '$uid'")" "90" "edited"
rd edit order "$uid" volume=-1; expect_rc 65 "a negative volume edited"
expect_err "is not a volume" "the reason"
rd edit order "$uid" 间夜=x; expect_rc 65 "a text volume edited (Chinese field)"
expect_eq "$(q "$DB" "SELECT volume FROM orders WHERE uid = '$uid'")" "90" "unchanged"
rd edit order "$uid" volume=; expect_rc 0 "volume= clears it"
expect_eq "$(q "$DB" "SELECT coalesce(volume, 'none') FROM orders WHERE uid = '$uid'")" "none" "cleared"
rd edit order "$uid" volume=120; expect_rc 0 "and back"

# ---- import and export ----
printf 'customer,date,amount,volume\nh2,2026-11-05,8000,60\nh3,2026-11-06,2000,\n' >"$T/o.csv"
rd import orders "$T/o.csv"; expect_rc 0 "English header"
printf '客户,下单日期,金额,间夜\n白云酒店,2026-11-07,9000,70\n' >"$T/o-zh.csv"
rd import orders "$T/o-zh.csv"; expect_rc 0 "Chinese header 间夜"
printf '客户,日期,金额,销量\n白云酒店,2026-11-08,1000,5\n' >"$T/o-zh2.csv"
rd import orders "$T/o-zh2.csv"; expect_rc 0 "Chinese header 销量"
expect_eq "$(q "$DB" "SELECT group_concat(coalesce(volume, '-'), ' ') FROM (SELECT volume FROM orders
	WHERE customer_uid IN ('h2', 'h3') ORDER BY id)")" "60 - 70 5" "imported volumes"
n=$(q "$DB" "SELECT count(*) FROM orders")
printf 'customer,date,amount,volume\nh2,2026-11-09,100,3\nh2,2026-11-09,100,-3\n' >"$T/bad.csv"
rd import orders "$T/bad.csv"; expect_rc 65 "a negative volume imported"
expect_err "bad.csv:3: column 'volume': '-3' is not a volume" "file, line and column"
printf '间夜,客户,日期,金额\n七十,h2,2026-11-09,100\n' >"$T/bad2.csv"
rd import orders "$T/bad2.csv"; expect_rc 65 "a text volume imported"
expect_err "column '间夜': '七十' is not a volume" "named by its Chinese heading"
expect_eq "$(q "$DB" "SELECT count(*) FROM orders")" "$n" "nothing imported"
rd export orders --out "$T/out.csv"; expect_rc 0 "export"
expect_eq "$(head -1 "$T/out.csv")" "uid,customer,customer_name,date,amount,due,note,volume" "the header"
grep -q ',2026-11-05,8000.00,,,60$' "$T/out.csv" && _ok || _bad "the volume exported"
grep -q ',2026-11-06,2000.00,,,$' "$T/out.csv" && _ok || _bad "none exported empty"
LANG=zh_CN.UTF-8 LC_ALL= "$BIN" --db "$DB" export orders --excel --out "$T/out-zh.csv" 2>"$T/err"
head -1 "$T/out-zh.csv" | grep -q ',备注,间夜' && _ok || _bad "Chinese header 间夜: $(head -1 "$T/out-zh.csv")"
# The export imports back into another book losslessly.
SAVED=$DB; DB="$T/other.db"
rd init --rep 李四 --group 二组
rd import customers "$T/c.csv"
rd import orders "$T/out.csv"; expect_rc 0 "the export imported"
expect_eq "$(q "$DB" "SELECT group_concat(coalesce(volume, '-'), ' ') FROM (SELECT volume FROM orders ORDER BY date, id)")" \
	"$(q "$SAVED" "SELECT group_concat(coalesce(volume, '-'), ' ') FROM (SELECT volume FROM orders ORDER BY date, id)")" \
	"the same volumes"
rd import orders "$T/out-zh.csv"; expect_rc 0 "the Chinese spreadsheet imported again"
expect_eq "$(q "$DB" "SELECT count(*) FROM orders")" "$(q "$SAVED" "SELECT count(*) FROM orders")" "updated in place"
DB=$SAVED

# ---- the list and the plan under the volume metric ----
rd customers; expect_out "Monthly" "the amount metric: money"
expect_no_out "Room-nights" "no volume column yet"
rd config tiers --metric volume; expect_rc 0 "volume metric"
rd customers; expect_rc 0 "customers"
expect_out "Room-nights" "the volume column"
# This month's orders' volume (120 + 1,200), else the stated figure; 越秀
# has neither (its only order gave none).
grep -q '天河宾馆 .* 1,320  active' "$T/out" && _ok || _bad "h1 shows its orders' 1,320"
grep -q '白云酒店 .* 135  active' "$T/out" && _ok || _bad "h2 shows its orders' 135"
grep -Eq '越秀酒店 +active' "$T/out" && _ok || _bad "h3 shows none"
LANG=zh_CN.UTF-8 LC_ALL= "$BIN" --db "$DB" customers >"$T/out" 2>"$T/err"
expect_out "间夜" "the column in Chinese"
# December's plan, made once November is over (an unfinished month never
# counts): h1's baseline months hold 1,320 room-nights in November, its first
# month with orders (S), h2's 135 in its first month (S: not a mean of 45 with
# two months before it ordered, nor its stated 40, B), h3 has orders but no
# volume: its stated monthly volume (none: D).
rd --today 2026-12-01 plan 2026-12 --target 10万 --view customers --format csv; expect_rc 0 "plan"
grep -q '^h1,天河宾馆,S,' "$T/out" && _ok || _bad "h1 tiered S by its orders' volume"
grep -q '^h2,白云酒店,S,' "$T/out" && _ok || _bad "h2 tiered S by its first month's volume"
grep -q '^h3,越秀酒店,D,' "$T/out" && _ok || _bad "h3 tiered by its stated volume"
# Without order volumes the stated figure counts: h2 says 40 (B) when its
# orders' volumes are taken away.
cp "$DB" "$T/copy.db"
for u in $(q "$T/copy.db" "SELECT uid FROM orders WHERE customer_uid = 'h1'"); do
	"$BIN" --db "$T/copy.db" edit order "$u" volume= >/dev/null 2>&1
done
"$BIN" --db "$T/copy.db" plan 2026-12 --target 10万 --view customers --format csv >"$T/out" 2>"$T/err"
grep -q '^h1,天河宾馆,C,' "$T/out" && _ok || _bad "h1 without volumes: its stated 10 (C)"

# ---- bundles ----
rd export bundle --out "$T/rep.bundle"; expect_rc 0 "the rep's bundle"
REP=$DB; DB="$T/lead.db"
rd init --rep 组长 --group 销售部
rd team add "$T/rep.bundle"; expect_rc 0 "merged"
expect_eq "$(q "$DB" "SELECT group_concat(coalesce(volume, '-'), ' ') FROM (SELECT volume FROM orders ORDER BY date, id)")" \
	"$(q "$REP" "SELECT group_concat(coalesce(volume, '-'), ' ') FROM (SELECT volume FROM orders ORDER BY date, id)")" \
	"the volumes reach the lead"
# A bundle of the version before, without the column, still merges.
cp "$T/rep.bundle" "$T/v17.bundle"
"$BOOKSQL" "$T/v17.bundle" "UPDATE orders SET volume = NULL; ALTER TABLE orders DROP COLUMN volume;
	ALTER TABLE customers DROP COLUMN payment_days; DROP TABLE calendar;
	ALTER TABLE calls DROP COLUMN contact_uid; ALTER TABLE visits DROP COLUMN contact_uid;
	DROP TABLE contacts; DROP TABLE opportunities; PRAGMA user_version = 17" || _bad "booksql: the version 17 bundle"
sign_bundle "$REP" "$T/v17.bundle"
expect_eq "$(q "$T/v17.bundle" "SELECT count(*) FROM pragma_table_info('orders') WHERE name = 'volume';
	PRAGMA user_version")" "$(printf '0\n17')" "the bundle is of version 17, without the column"
DB="$T/lead2.db"
rd init --rep 组长 --group 销售部
rd team add "$T/v17.bundle"; expect_rc 0 "a version 17 bundle merged"
expect_eq "$(q "$DB" "SELECT count(*), count(volume) FROM orders")" "$(q "$REP" "SELECT count(*), 0 FROM orders")" \
	"its orders, with no volume"
# A bundle whose volume no one could have typed is refused whole.
cp "$T/rep.bundle" "$T/bad.bundle"
q "$T/bad.bundle" "PRAGMA ignore_check_constraints = 1; UPDATE orders SET volume = -7 WHERE volume = 60" >/dev/null
sign_bundle "$REP" "$T/bad.bundle"
DB="$T/lead3.db"
rd init --rep 组长 --group 销售部
rd team add "$T/bad.bundle"; expect_rc 65 "a negative volume in a bundle"
expect_err "column volume -7: a negative count" "the reason"
expect_eq "$(q "$DB" "SELECT count(*) FROM orders")" "0" "nothing merged"
DB=$REP

# ---- a book of version 16 gains the column ----
printf 'name,contact,phone,city,district,type,monthly_amount,notes,性格,决策人\n老店,,,,,,,,,\n' >"$T/old.csv"
DB="$T/old.db"
if "$OLDBOOK" "$DB" "$T/old.csv" 16 >/dev/null 2>&1; then _ok; else _bad "the version 16 book made"; fi
expect_eq "$(q "$DB" "PRAGMA user_version")" "16" "made at 16"
cu=$(q "$DB" "SELECT uid FROM customers")
q "$DB" "INSERT INTO orders(uid, customer_uid, date, amount, updated_at) VALUES
	('old-1', '$cu', '2026-11-02', 500000, '2026-11-01T08:00:00.000Z.000000.0000abcd')" >/dev/null
rd log order 老店 1万 --volume 12 --date 2026-11-03; expect_rc 0 "the old book takes a volume"
expect_eq "$(q "$DB" "PRAGMA user_version")" "22" "migrated to 22"
expect_eq "$(q "$DB" "SELECT group_concat(coalesce(volume, '-'), ' ') FROM (SELECT volume FROM orders ORDER BY id)")" \
	"- 12" "the old order kept, without a volume"
# The months summary was made again: 20 bytes a month, the old order's
# month total counted.
expect_eq "$(q "$DB" "SELECT length(months) FROM customer_months")" "20" "one month of 20 bytes"
rd customers --where 'month_achieved>=15000' --format csv; expect_rc 0 "month_achieved reads it"
grep -q '老店' "$T/out" && _ok || _bad "the month's total: ¥15,000"
expect_eq "$(q "$DB" "PRAGMA integrity_check")" "ok" "the migrated book is sound"

finish
