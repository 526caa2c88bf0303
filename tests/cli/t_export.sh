# Export: canonical columns, lossless round trip, Excel safety, failures.
. tests/cli/lib.sh

rd init --demo; expect_rc 0 "init --demo"
expect_out "demo: 240 customers" "the demo book has 240 customers"
rd customers; expect_out "240 customers" "listed"
for t in S A B C D; do
	rd customers --tier $t --format csv
	n=$(($(wc -l <"$T/out") - 1))
	if [ "$n" -gt 0 ]; then _ok; else _bad "demo has no $t-tier customers"; fi
done
rd export customers --out "$T/a.csv"; expect_rc 0 "export customers"
head -1 "$T/a.csv" >"$T/head"
expect_eq "$(cut -c1-200 "$T/head")" "uid,name,contact,phone,city,district,type,industry,stores,rooms,monthly_amount,monthly_volume,tier,priority,source,next_call,notes,status,referred_by,payment_days,性格,决策人,合作情况" "canonical header, attributes after the fixed columns"

# Round trip: export, import into a new database, export again: identical.
for k in customers orders payments calls; do rd export $k --out "$T/a-$k.csv"; done
DB="$T/second.db"
# Everything is imported first: a customer's computed tier comes from its orders.
rd init; for k in customers orders payments calls; do
	rd import $k "$T/a-$k.csv"; expect_rc 0 "re-import $k into a new database"
done
for k in customers orders payments calls; do
	rd export $k --out "$T/b-$k.csv"; expect_same "$T/a-$k.csv" "$T/b-$k.csv" "$k round-trips exactly"
done

# Excel: BOM, CRLF, formula cells neutralised, numbers untouched; re-imports exactly.
DB="$T/excel.db"
printf 'name,phone,notes,monthly_amount\n"=cmd|'"'"' /C calc'"'"'!A0",+86 138 0000 0000,@SUM(A1),-300\n普通客户,13800138000,"-减价",100\n' >"$T/evil.csv"
rd import customers "$T/evil.csv"; expect_rc 0 "import formula-looking cells"
rd export customers --excel --out "$T/x.csv"
if head -c 3 "$T/x.csv" | od -An -tx1 | grep -q 'ef bb bf'; then _ok; else _bad "no BOM"; fi
if head -1 "$T/x.csv" | grep -q "$(printf '\r')\$"; then _ok; else _bad "no CRLF"; fi
# (a phone number is text: ="+86 138 0000 0000", neither a formula nor a number)
if grep -qF "'=cmd" "$T/x.csv" && grep -qF '"=""+86 138 0000 0000"""' "$T/x.csv" && grep -qF "'@SUM" "$T/x.csv" && grep -qF "'-减价" "$T/x.csv"; then _ok; else _bad "formula cells not neutralised"; fi
if grep -qF -- ",-300.00," "$T/x.csv" || grep -qF -- ",-300.00" "$T/x.csv"; then _ok; else _bad "a plain negative number was changed"; fi
rd export customers --out "$T/plain.csv"
DB="$T/excel2.db"
rd import customers "$T/x.csv"; expect_rc 0 "re-import the Excel export"
rd export customers --out "$T/plain2.csv"
# uids differ between books made from the same file only if generated; compare without uid.
cut -d, -f2- "$T/plain.csv" >"$T/p1"; cut -d, -f2- "$T/plain2.csv" >"$T/p2"
expect_same "$T/p1" "$T/p2" "the Excel export re-imports to the exact values"

# Excel keeps phone numbers and ids as text (no 1.38E+10, no lost 0), shows
# the effective tier, and under Chinese has Chinese headings; all of it
# imports back to the same book, uids included.
DB="$T/excel.db"
rd set 普通客户 monthly_amount=2万 phone=013800138000 性格=外向 决策人=13900000000
rd export customers --excel --out "$T/x.csv"
if grep -qF '"=""013800138000"""' "$T/x.csv"; then _ok; else _bad "phone not written as text: $(grep 普通客户 "$T/x.csv")"; fi
if grep -q '^"=""[0-9a-f-]*""",普通客户,' "$T/x.csv"; then _ok; else _bad "uid not written as text: $(grep 普通客户 "$T/x.csv")"; fi
if grep -qF ',外向,"=""13900000000"""' "$T/x.csv"; then _ok; else _bad "a long number in an attribute not written as text: $(grep 普通客户 "$T/x.csv")"; fi
if head -1 "$T/x.csv" | grep -qF ',tier,effective_tier,priority,'; then _ok; else _bad "no effective tier column: $(head -1 "$T/x.csv")"; fi
if grep -q '普通客户,.*,20000\.00,,,S,' "$T/x.csv"; then _ok; else _bad "effective tier not S: $(grep 普通客户 "$T/x.csv")"; fi
LANG=zh_CN.UTF-8 LC_ALL= "$BIN" --db "$DB" export customers --excel --out "$T/zh.csv" 2>"$T/err"
expect_err "已写出 2 位客户到" "the export says so in Chinese"
expect_eq "$(head -1 "$T/zh.csv" | tr -d '\r')" "$(printf '\357\273\277')编号,客户名称,联系人,电话,城市,商圈,客户类型,行业,门店数,客房数,月订货额,月间夜,等级,实际等级,重要程度,来源,下次联系,备注,状态,介绍人,账期,性格,决策人" "Chinese headings"
# The words in it are Chinese too: status, priority, a call's outcome.
if grep -q ',合作中,' "$T/zh.csv" && ! grep -q ',active,' "$T/zh.csv"; then _ok; else _bad "status not in Chinese: $(cat "$T/zh.csv")"; fi
rd set 普通客户 priority=key
LANG=zh_CN.UTF-8 LC_ALL= "$BIN" --db "$DB" export customers --excel --out "$T/zh.csv" 2>/dev/null
if grep -q '普通客户,.*,重点,' "$T/zh.csv"; then _ok; else _bad "priority not in Chinese: $(grep 普通客户 "$T/zh.csv")"; fi
rd export customers --out "$T/plain.csv"
rd log order 普通客户 8千 --due 2026-12-20; rd log payment 普通客户 3千5
rd log call 普通客户 --outcome no-answer; rd log call 普通客户 --outcome order
for k in orders payments calls; do
	rd export $k --out "$T/plain-$k.csv"
	LANG=zh_CN.UTF-8 LC_ALL= "$BIN" --db "$DB" export $k --excel --out "$T/zh-$k.csv" 2>/dev/null
done
if head -1 "$T/zh-orders.csv" | grep -q '编号,客户编号,客户名,日期,金额,约定付款日,备注'; then _ok; else _bad "Chinese order headings: $(head -1 "$T/zh-orders.csv")"; fi
if grep -q ',未接,' "$T/zh-calls.csv" && grep -q ',下单,' "$T/zh-calls.csv"; then _ok; else _bad "outcomes not in Chinese: $(cat "$T/zh-calls.csv")"; fi
DB="$T/excel3.db"
rd init
rd import customers "$T/zh.csv"; expect_rc 0 "import the Chinese Excel export"
rd export customers --out "$T/plain3.csv"
expect_same "$T/plain.csv" "$T/plain3.csv" "the Chinese Excel export imports back exactly, uids and phones included"
for k in orders payments calls; do
	rd import $k "$T/zh-$k.csv"; expect_rc 0 "import the Chinese Excel $k"
	rd export $k --out "$T/plain3-$k.csv"
	expect_same "$T/plain-$k.csv" "$T/plain3-$k.csv" "Chinese Excel $k import back exactly"
done

# A full disk: exit 74, no success message, an earlier file intact.
DB="$T/book.db"
rd export customers --out /dev/full; expect_rc 74 "export to /dev/full"
cp "$T/a.csv" "$T/keep.csv"
chmod 500 "$T" 2>/dev/null
if [ "$(id -u)" != 0 ]; then
	rd export customers --out "$T/keep.csv"; expect_rc 74 "unwritable directory"
fi
chmod 700 "$T"
expect_same "$T/a.csv" "$T/keep.csv" "the earlier file is intact"
rd export bundle --out "$T/me.bundle"; expect_rc 0 "export bundle"
if [ "$(head -c 15 "$T/me.bundle")" = "SQLite format 3" ]; then _ok; else _bad "bundle is not a database"; fi
finish
