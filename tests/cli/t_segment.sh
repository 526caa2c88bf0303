#!/bin/sh
# Filters (--where), groups (--group-by) and saved segments: every operator,
# fields in English and Chinese, attributes with Chinese values, computed
# fields from what is logged, and group sums that add up to the whole book.
. tests/cli/lib.sh

rd init --rep X --group G; expect_rc 0 "init"
cat >"$T/c.csv" <<'CSV'
uid,name,type,stores,monthly_amount,priority,status,phone,性格,房量,星级
A1,甲店,快消零售,12,1.2万,重点,active,111,爽朗型,120,5
A2,乙店,快消零售,3,5000,medium,active,,细致型,,
A3,丙店,酒店,40,800,small,prospect,333,爽朗型,80,10
A4,丁店,电脑零售,,,,lost,444,,,
CSV
rd import customers "$T/c.csv"; expect_rc 0 "import"
rd log order A1 3000 --date 2026-11-20; expect_rc 0 "an order"
rd log payment A1 1000 --date 2026-11-21; expect_rc 0 "a payment"
rd log call A1 --outcome effective --date 2026-11-25; expect_rc 0 "a call"
rd log call A2 --outcome no-answer --date 2026-11-26; expect_rc 0 "an attempt"
rd log call A3 --outcome effective --date 2026-10-02; expect_rc 0 "a call last month"

# names: the uids of the customers listed, in order, on one line
names() { rd customers --format csv "$@"; [ "$rc" = 0 ] && cut -d, -f1 "$T/out" | tail -n +2 | sort | tr '\n' ' '; }
check() { want=$1; shift; expect_eq "$(names "$@")" "$want" "$*"; }

# every operator, on fixed, computed and attribute fields
check "A1 A2 " --where 'type=快消零售'
check "A1 A2 " --where '客户类型=快消零售'
check "A3 A4 " --where 'type!=快消零售'
check "A1 A3 " --where 'stores>=10'
check "A2 " --where 'stores<10'
check "A2 " --where 'stores<=3'
check "A3 " --where 'stores>12'
check "A1 " --where '性格=爽朗型' --where 'stores>=10' --where 'type=快消零售'
check "A1 A3 " --where '性格~爽朗'
check "A1 A2 " --where 'type ~ 零售' --where 'type!=电脑零售'
check "A1 A3 " --where 'tier in S,A,D' --where 'phone not empty' --where 'stores not empty'
check "A2 " --where 'phone empty'
check "A2 A4 " --where '房量 empty'
check "A1 " --where '房量>100'
check "A3 " --where '星级>=6'
check "A1 A3 " --where '星级 in 5,10'
check "A2 A4 " --where '星级 empty'
rd set A2 'say"so=yes'; expect_rc 0 "an attribute whose name has a quote"
check "A2 " --where 'say"so=yes'
check "A2 " --where 'say"so not empty'
check "A1 A2 " --where 'priority in 重点,medium'
check "A1 A2 " --where '重要程度 in key, 一般'
check "A3 " --where 'status=prospect'
check "A1 " --where 'monthly_amount>=1万'
check "A1 A2 " --where '月订货额 >= 5000'
check "A1 " --where 'amount_band=10000+'
check "A2 " --where 'amount_band=5000-9999'
check "A3 " --where 'amount_band in 0-999'
check "A4 " --where 'amount_band empty'
check "A3 " --where 'store_band=30+'
check "A1 " --where 'store_band=10-29'
check "A2 " --where '门店档=3-9'
check "A1 " --where 'open_balance>0'
check "A1 " --where 'open_balance=2000'
check "A1 " --where 'month_achieved>=3000'
check "A1 " --where 'last_order=2026-11-20'
check "A2 A3 A4 " --where 'last_order empty'
check "A1 " --where 'days_since_contact<=2'
check "A3 " --where 'days_since_contact>30'
check "A2 A4 " --where 'days_since_contact empty'

# a bad field or value: exit 64 with the valid ones
rd customers --where 'colour=red'; expect_rc 64 "an unknown field"
expect_err "no field 'colour'" "named"
expect_err "性格" "the attributes among the fields"
expect_err "store_band" "the computed fields among them"
rd customers --where 'store_band=5'; expect_rc 64 "a bad band"
expect_err "30+, 10-29, 3-9, 0-2" "the bands listed"
rd customers --where 'amount_band=big'; expect_rc 64 "a bad amount band"
expect_err "10000+, 5000-9999, 1000-4999, 0-999" "the amount bands listed"
rd customers --where 'tier in S,X'; expect_rc 64 "a bad tier"
expect_err "S, A, B, C, D" "the tiers listed"
rd customers --where 'priority=big'; expect_rc 64 "a bad priority"
expect_err "key (重点), medium (一般), small (小)" "the priorities listed"
rd customers --where 'stores>=many'; expect_rc 64 "a bad number"
rd customers --where 'monthly_amount>lots'; expect_rc 64 "a bad amount"
rd customers --where 'last_order>yesterday'; expect_rc 64 "a bad date"
rd customers --where 'stores~1'; expect_rc 64 "contains on a number"
rd customers --where 'store_band>3-9'; expect_rc 64 "order on a band"
rd customers --where 'just words'; expect_rc 64 "no operator"

# the table and its count
rd customers --where 'type=快消零售'; expect_rc 0 "table"
expect_out "2 customers" "the table's count"

# groups: sums that add up to the whole book exactly
rd plan 2026-11 --target 10万; expect_rc 0 "a plan for the month"
rd customers --group-by tier,store_band --format csv; expect_rc 0 "group by two"
head -1 "$T/out" >"$T/head"
expect_eq "$(cat "$T/head")" "tier,store_band,customers,monthly_amount,month_target,month_achieved,open_balance,effective_calls,new_customers,new_sales" "the CSV columns"
tail -1 "$T/out" | cut -d, -f1,2 >"$T/star"
expect_eq "$(cat "$T/star")" "*,*" "a total row last"
cp "$T/out" "$T/groups.csv"
sums=$(sed '1d;$d' "$T/groups.csv" | awk -F, '{ for (i = 3; i <= 10; i++) s[i] += $i } END { printf "%d,%.2f,%.2f,%.2f,%.2f,%d,%d,%.2f", s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10] }')
total=$(tail -1 "$T/groups.csv" | cut -d, -f3-)
expect_eq "$sums" "$total" "the groups add up to the total row"
book=$(sqlite3 "$DB" "SELECT count(*) || ',' || printf('%.2f', sum(coalesce(monthly_amount, 0)) / 100.0) FROM customers WHERE deleted = 0" </dev/null)
expect_eq "$(echo "$total" | cut -d, -f1,2)" "$book" "the total is the whole book"
targets=$(sqlite3 "$DB" "SELECT printf('%.2f', sum(amount) / 100.0) FROM targets WHERE month = '2026-11' AND level = 'customer' AND deleted = 0" </dev/null)
expect_eq "$(echo "$total" | cut -d, -f3)" "$targets" "the month's customer targets, all of them"
expect_eq "$(echo "$total" | cut -d, -f4-6)" "3000.00,2000.00,1" "achieved, open and effective calls this month"
rd customers --group-by type --where 'type=快消零售' --format csv; expect_rc 0 "a filtered group"
expect_eq "$(sed -n 2p "$T/out" | cut -d, -f1-3)" "快消零售,2,17000.00" "where first"
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" "3" "one group and the total"
rd customers --group-by 性格; expect_rc 0 "group by an attribute, in Chinese"
expect_out "爽朗型" "its values"
rd customers --group-by tier,type,city; expect_rc 64 "three fields"
rd customers --group-by colour; expect_rc 64 "an unknown group field"
rd customers --group-by tier --search 店; expect_rc 64 "groups do not search"
rd customers --group-by tier --tier S,A --format csv; expect_rc 0 "groups of some tiers"
expect_eq "$(tail -1 "$T/out" | cut -d, -f1,2)" "*,1" "the tiers' customers only"

# saved segments: usable wherever --where is
rd segment save 爽朗S --where '性格=爽朗型' --where 'tier in S,A,B,C'; expect_rc 0 "save a segment"
expect_out "segment '爽朗S' saved" "said"
check "A1 " --segment 爽朗S
check "" --segment 爽朗S --where 'stores<10'
rd segment save 大店 --where 'stores>=10'; expect_rc 0 "another"
rd segment list; expect_rc 0 "list"
expect_out "爽朗S (X)  --where '性格=爽朗型'  --where 'tier in S,A,B,C'" "the list shows the filters"
expect_out "大店 (X)  --where 'stores>=10'" "and the other"
rd segment show 大店; expect_rc 0 "show"
expect_out "  stores>=10" "its filter"
rd segment save 大店 --where 'stores>=30'; expect_rc 0 "saved again"
expect_out "segment '大店' changed" "changed, not added"
check "A3 " --segment 大店
rd segment save bad --where 'colour=red'; expect_rc 64 "a segment with an unknown field"
expect_err "no field 'colour'" "the fields listed"
rd segment save empty; expect_rc 64 "a segment without filters"
rd customers --segment nope; expect_rc 64 "an unknown segment"
expect_err "no segment 'nope'" "named"
rd customers --segment 大店 --where 'a~1' --where 'a~2' --where 'a~3' --where 'a~4' \
	--where 'a~5' --where 'a~6' --where 'a~7' --where 'a~8' --where 'a~9' --where 'a~10' \
	--where 'a~11' --where 'a~12' --where 'a~13' --where 'a~14' --where 'a~15' --where 'a~16'
expect_rc 64 "too many filters with the segment's"
expect_err "at most 16 filters" "the limit said"
rd segment delete 大店; expect_rc 0 "delete"
rd segment list; expect_no_out "大店" "gone from the list"
rd customers --segment 大店; expect_rc 64 "a deleted segment is gone"

# today --segment narrows the queue to the segment
rd today --view queue --format csv --limit 10; expect_rc 0 "the queue"
expect_out ",A2," "the whole book's queue"
rd today --view queue --format csv --limit 10 --segment 爽朗S; expect_rc 0 "the queue narrowed"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f2 | tr '\n' ' ')" "A1 " "only the segment's customers"
rd today --view queue --limit 10 --where 'type=快消零售'; expect_rc 0 "a --where narrows it too"
expect_no_out "丙店" "a customer outside it"

# a segment travels in the bundle to the lead
REP=$DB
rd export bundle --out "$T/X.bundle"; expect_rc 0 "the rep's bundle"
DB="$T/lead.db"
rd init --rep Lead --group Leads; expect_rc 0 "the lead's book"
cp "$T/X.bundle" "$T/bad.bundle"
sqlite3 "$T/bad.bundle" "UPDATE segments SET clauses = 'no operator here'" </dev/null
sign_bundle "$REP" "$T/bad.bundle"
rd team add "$T/bad.bundle"; expect_rc 65 "a bundle with a bad segment: refused"
expect_err "table segments, row" "the segment named"
rd segment list; expect_no_out "爽朗S" "nothing of it merged"
rd team add "$T/X.bundle"; expect_rc 0 "the bundle merged"
expect_out "1 added" "the segment added"
rd segment list; expect_rc 0 "the lead's segments"
expect_out "爽朗S (X)" "the rep's segment, with its rep"
check "A1 " --segment 爽朗S

finish
