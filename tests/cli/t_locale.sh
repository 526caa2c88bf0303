# Money and dates do not depend on the locale (RELIABILITY item 17): the same
# import and logging under a German locale, where strtod("19.99") is 19,
# give the same book as under C.UTF-8.
. tests/cli/lib.sh

mkdir -p "$T/locales"
if ! localedef -i de_DE -f UTF-8 "$T/locales/de_DE.UTF-8" 2>/dev/null; then
	_bad "cannot build the de_DE.UTF-8 locale (package 'locales')"
	finish; exit 1
fi
printf 'name,monthly_amount\n甲公司,19.99\n乙公司,"12,000.50"\n丙公司,1.5万\n丁公司,"1,234,567.89"\n' >"$T/c.csv"

run_book() {
	DB="$T/$1.db"
	rd init; rd import customers "$T/c.csv"; expect_rc 0 "import under $1"
	rd log order 甲公司 19.99; expect_rc 0 "log order under $1"
	rd log payment 乙公司 0.01; expect_rc 0 "log payment under $1"
	rd export customers --out "$T/$1-customers.csv"
	rd export orders --out "$T/$1-orders.csv"
	rd export payments --out "$T/$1-payments.csv"
	rd show 甲公司; expect_out "¥19.99" "19.99 is 1999 fen under $1"
}
run_book c
LOCPATH="$T/locales" LC_ALL=de_DE.UTF-8 run_book de
if grep -q '^甲公司\|,甲公司,' "$T/de-customers.csv" && grep -q '19.99' "$T/de-customers.csv"; then _ok; else _bad "19.99 under de_DE"; fi
cut -d, -f2- "$T/c-customers.csv" >"$T/a"; cut -d, -f2- "$T/de-customers.csv" >"$T/b"
expect_same "$T/a" "$T/b" "customers identical under de_DE and C"
cut -d, -f3- "$T/c-orders.csv" >"$T/a"; cut -d, -f3- "$T/de-orders.csv" >"$T/b"
expect_same "$T/a" "$T/b" "orders identical under de_DE and C"
cut -d, -f3- "$T/c-payments.csv" >"$T/a"; cut -d, -f3- "$T/de-payments.csv" >"$T/b"
expect_same "$T/a" "$T/b" "payments identical under de_DE and C"

# Under Chinese, what people read is Chinese: show's labels and values, the
# customers table, set's and export's messages, team add's rows. CSV is not.
DB="$T/zh.db"
zh() { LANG=zh_CN.UTF-8 LC_ALL= "$BIN" --db "$DB" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
rd init --rep 张三 --group 一组
printf 'name,phone,monthly_amount,stores,客房数,priority\n东山酒店,13800000001,3万,12,80,key\n' >"$T/zh.csv"
rd import customers "$T/zh.csv"
rd set 东山酒店 "notes=$(printf '老客户\n月底结款')"
zh show 东山酒店
for want in "编号 " "客户名称        东山酒店" "电话            13800000001" "客房数          80" \
    "月订货额        ¥30,000" "等级            S（自动计算）" "重要程度        重点" "状态            合作中" \
    "门店规模        10-29" "备注            老客户"; do
	expect_out "$want" "Chinese show: $want"
done
if grep -q "^ \{16\}月底结款\$" "$T/out"; then _ok; else _bad "Chinese show: the note's second line"; fi
if grep -q "uid\|name \|computed\|active\|store_band" "$T/out"; then _bad "English left in show: $(cat "$T/out")"; else _ok; fi
zh customers
expect_out "状态" "Chinese customers heading"; expect_out "合作中" "Chinese customers status"
if head -1 "$T/out" | grep -q "^级  名称"; then _ok; else _bad "the tier heading is cut: $(head -1 "$T/out")"; fi
expect_no_out "active" "no English status in the customers table"
zh set 东山酒店 status=合作中; expect_rc 0 "the status show prints is accepted"; expect_out "东山酒店：没有变化" "set unchanged in Chinese"
zh set 东山酒店 status=已流失; expect_out "东山酒店：已更新" "set updated in Chinese"
rd show 东山酒店; expect_out "status          lost" "已流失 is lost"
zh log call 东山酒店 --outcome no-answer --next +3
expect_out "东山酒店：已记录通话（无人接听），日期 2026-11-27，下次联系 2026-11-30" "a call logged, in Chinese as the workbench says it"
zh log visit 东山酒店 --outcome effective
expect_out "东山酒店：已记录拜访（有效），日期 2026-11-27" "a visit logged, in Chinese"
zh export customers --out "$T/zh-out.csv"; expect_err "已写出 1 位客户到" "export message in Chinese"
zh export bundle --out "$T/zh.bundle"; expect_err "数据包已写出到" "bundle message in Chinese"
rd export customers --out "$T/en-out.csv"; expect_same "$T/en-out.csv" "$T/zh-out.csv" "CSV is the same in Chinese"
DB="$T/zh-lead.db"
rd init --rep 组长 --group 一组
zh team add "$T/zh.bundle"
expect_out "  客户       新增 1" "team add rows in Chinese"
if grep -q "customers\|groups" "$T/out"; then _bad "English table names in team add: $(cat "$T/out")"; else _ok; fi
expect_out "zh.bundle：张三（一组）" "team add's bundle line in Chinese punctuation"
# The team report's columns: every call dialed, then the effective ones.
zh team report 2026-11
head -3 "$T/out" | grep -q "节奏 *拨打 *有效 " && _ok || _bad "team report: dialed calls headed 拨打: $(sed -n 3p "$T/out")"
expect_no_out "有效…" "no cut heading in the team report"
rd team report 2026-11
head -3 "$T/out" | grep -q "pace *dialed *effective " && _ok || _bad "team report: the dialed heading: $(sed -n 3p "$T/out")"
# A conflict reads in Chinese: the table and the field in the reader's words.
rd set 东山酒店 phone=13800000009
DB="$T/zh.db"
rd set 东山酒店 phone=13800000008
rd export bundle --out "$T/zh2.bundle"
DB="$T/zh-lead.db"
rd team add "$T/zh2.bundle"
zh team conflicts
expect_out "客户 " "the conflict's table in Chinese"
expect_out "  电话：保留 13800000008，落选 13800000009" "the conflict's field in Chinese"
expect_no_out "customers" "no English table name in the conflicts"
rd team conflicts
expect_out "  phone: kept 13800000008, lost 13800000009" "the field's name in English"

finish
