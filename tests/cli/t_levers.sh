#!/bin/sh
# report levers: customers ordering, new and lost (three months without an
# order), conversion (customers ordering / customers with an effective call
# or a visit), effective calls per order and order value by month, with
# their changes; this month's gap to its plan and what each lever brings;
# room-nights under the volume metric; CSV; the workbook (--xlsx) in both
# languages, unzipped; bad options and an unwritable file.
. tests/cli/lib.sh
export REPDESK_TODAY=2026-12-06

rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'uid,name\nc1,天河商行\nc2,白云超市\nc3,越秀便利店\nc4,海珠批发\nc5,番禺酒店\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "customers"
# c1 orders in July, November and December; c2 in August only (lost in
# November); c3 first in December (new); c4 in September only (December is
# its third month without one: lost so far); c5 never.
for o in "c1 3万 2026-07-10" "c1 2万 2026-11-05" "c1 1万 2026-11-20" "c1 1万 2026-12-02" \
         "c2 5000 2026-08-15" "c3 8000 2026-12-03" "c4 4000 2026-09-01"; do
	set -- $o
	rd log order "$1" "$2" --date "$3" --volume 10; expect_rc 0 "order $o"
done
# November: c1 and c5 reached, c2 not (no answer), c4 visited; two
# effective calls for c1. December: c3 reached.
rd log call c1 --outcome effective --date 2026-11-04; expect_rc 0 "call"
rd log call c1 --outcome order --date 2026-11-19; expect_rc 0 "call"
rd log call c5 --outcome effective --date 2026-11-10; expect_rc 0 "call"
rd log call c2 --outcome no-answer --date 2026-11-11; expect_rc 0 "call"
rd log visit c4 --date 2026-11-12; expect_rc 0 "visit"
rd log call c3 --outcome effective --date 2026-12-03; expect_rc 0 "call"

rd report levers --format csv; expect_rc 0 "csv"
expect_eq "$(head -1 "$T/out")" \
	"month,customers,customers_change,new,new_change,lost,lost_change,contacted,conversion,conversion_change,effective_calls,orders,calls_per_order,calls_per_order_change,order_value,order_value_change,sales,room_nights" \
	"the CSV header"
expect_eq "$(sed -n 2p "$T/out")" "2026-07,1,1,1,1,0,0,0,,,0,1,0.00,,30000.00,,30000.00,10" "July: c1 new, no contact"
expect_eq "$(sed -n 3p "$T/out")" "2026-08,1,0,1,0,0,0,0,,,0,1,0.00,0.00,5000.00,-25000.00,5000.00,10" "August: c2 new"
expect_eq "$(sed -n 4p "$T/out")" "2026-09,1,0,1,0,0,0,0,,,0,1,0.00,0.00,4000.00,-1000.00,4000.00,10" "September: c4 new"
expect_eq "$(sed -n 5p "$T/out")" "2026-10,0,-1,0,-1,1,1,0,,,0,0,,,,,0.00,0" "October: c1 lost (July + 3)"
expect_eq "$(sed -n 6p "$T/out")" "2026-11,1,1,0,0,1,0,3,0.333,,3,2,1.50,,15000.00,,30000.00,20" \
	"November: c1 orders; c2 lost; 3 reached (c1, c5, c4's visit); 3 effective calls (c1 twice, c5), 2 orders"
expect_eq "$(sed -n 7p "$T/out")" "2026-12,2,1,1,1,1,0,1,2.000,1.667,1,2,0.50,-1.00,9000.00,-6000.00,18000.00,20" \
	"December: c1 and new c3; c4 lost so far; c3 reached"
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" "7" "six months by default"
rd report levers --format csv --months 2; expect_rc 0 "--months 2"
expect_eq "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" "month 2026-11 2026-12 " "two months"


rd report levers; expect_rc 0 "table"
expect_out "2026-12        2 (+1)      1 (+1)      1 (+0)          1   200.0% (+166.7)   0.50 (-1.00)        ¥9,000 (-¥6,000)         ¥18,000" \
	"December's row with its changes"
expect_out "2026-11        1 (+1)      0 (+0)      1 (+0)          3             33.3%           1.50" \
	"no change where October had no contact or order"
expect_no_out "Room-nights" "room-nights only under the volume metric"
expect_out "2026-12: achieved ¥18,000 (no plan this month)" "no plan: no gap"
expect_out "What each lever brings in a month, at 2026-11's size:" "the levers' month"
# November: c1 (tier A by its ¥30,000) the only customer ordering: A at
# its month, S, B and C at their lower thresholds; 3 reached x ¥30,000 a
# customer / 100; a tenth of ¥30,000.
expect_out "  one more new customer: S ≈ ¥20,000; A ≈ ¥30,000; B ≈ ¥5,000; C ≈ ¥1,000" "a new customer"
expect_out "  +1 point of conversion ≈ ¥900" "a point of conversion"
expect_out "  +10% order value ≈ ¥3,000" "order value"

rd plan 2026-12 --target 5万; expect_rc 0 "a month plan"
rd report levers --months 1; expect_rc 0 "with a plan"
expect_out "2026-12: target ¥50,000, achieved ¥18,000, gap ¥32,000" "the gap to the plan"
# ¥32,000 / ¥20,000 = 2 S customers; / ¥900 = 35.6 points; / ¥3,000 = 107%.
expect_out "the gap is 2 new S customers, or +35.6 points of conversion, or +107% order value" "the gap in levers"
expect_eq "$(grep -c '^2026-.. ' "$T/out")" "1" "one month"

rd config tiers --metric volume; expect_rc 0 "volume metric"
rd report levers --months 2; expect_rc 0 "hotel book"
expect_out "Room-nights" "room-nights column"
expect_out "¥18,000           20" "December's room-nights"
expect_out "  +10% order value ≈ ¥3,000 (2 room-nights)" "order value in room-nights"
rd config tiers --metric amount; expect_rc 0 "amount metric again"

# ---- the workbook ----
rd report levers --xlsx "$T/levers.xlsx"; expect_rc 0 "--xlsx"
expect_eq "$(wc -c <"$T/out" | tr -d ' ')" "0" "nothing printed"
x() { unzip -p "$T/$1" "$2" 2>/dev/null; }
expect_eq "$(x levers.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"')" '<sheet name="Levers"' "the sheet"
x levers.xlsx xl/sharedStrings.xml >"$T/out"
for h in Period Target Sales Ordering New Lost Contacted Conversion Orders "Order value" 2026-07 2026-12; do
	expect_out "<t>$h</t>" "heading or month $h"
done
x levers.xlsx xl/worksheets/sheet1.xml >"$T/out"
expect_out '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' "the heading row frozen"
expect_out '<c r="C2" s="2"><v>30000</v></c>' "July's sales as a number in yuan"
expect_out '<c r="B7" s="2"><v>50000</v></c>' "December's target"
expect_out '<c r="H6" s="5"><v>0.333</v></c>' "November's conversion as a percentage"
expect_out '<drawing r:id="rId1"/>' "a drawing on the sheet"
x levers.xlsx xl/styles.xml >"$T/out"
expect_out 'formatCode="&quot;¥&quot;#,##0.00' "money formatted in yuan with thousands"
x levers.xlsx xl/charts/chart1.xml >"$T/out"
expect_out '<c:f>Levers!$C$2:$C$7</c:f>' "the chart plots the sales"
expect_out '<c:f>Levers!$B$2:$B$7</c:f>' "... against the target"
expect_out '<c:f>Levers!$A$2:$A$7</c:f>' "... by month"
expect_out 'Sales by month against target' "the chart's title"

LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$BIN" --db "$DB" report levers --xlsx "$T/zh.xlsx" >"$T/out" 2>"$T/err"
rc=$?; expect_rc 0 "--xlsx in Chinese"
expect_eq "$(x zh.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"')" '<sheet name="三个杠杆"' "the sheet in Chinese"
x zh.xlsx xl/sharedStrings.xml >"$T/out"
for h in 月份 目标 销售 下单客户 新客户 流失 接触客户 转化率 订单数 客单价; do
	expect_out "<t>$h</t>" "heading $h"
done
x zh.xlsx xl/charts/chart1.xml >"$T/out"
expect_out "<c:f>'三个杠杆'!\$C\$2:\$C\$7</c:f>" "the chart on the Chinese sheet"
expect_out '各月销售额与目标' "the chart's title in Chinese"
x zh.xlsx xl/worksheets/sheet1.xml >"$T/out"
# 下单客户 is 8 columns wide (CJK counts two): at least 10 with the margin.
expect_out '<col min="4" max="4" width="10.7109375" customWidth="1"/>' "a CJK heading's width"

# ---- the month plan and the team report as workbooks ----
rd plan 2026-12 --show --xlsx "$T/plan.xlsx"; expect_rc 0 "plan --show --xlsx"
expect_eq "$(wc -c <"$T/out" | tr -d ' ')" "0" "the saved plan: nothing printed"
expect_eq "$(x plan.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"' | tr '\n' ' ')" \
	'<sheet name="Tiers 2026-12" <sheet name="Days 2026-12" ' "two sheets: tiers and days"
x plan.xlsx xl/sharedStrings.xml >"$T/out"
for h in Tier Customers Baseline Target Share Achieved Date Day Work Plan "Cum target" "Cum done" \
         2026-12-01 2026-12-31 Total; do
	expect_out "<t>$h</t>" "plan heading or cell $h"
done
x plan.xlsx xl/worksheets/sheet1.xml >"$T/out"
expect_out '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' "tiers: heading frozen"
# The Total row (row 7): ¥50,000 of target, ¥18,000 achieved.
expect_out '<c r="D7" s="3"><v>50000</v></c>' "the tiers' total target in yuan"
expect_out '<c r="F7" s="3"><v>18000</v></c>' "the tiers' total achieved"
x plan.xlsx xl/worksheets/sheet2.xml >"$T/out"
expect_out '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' "days: heading frozen"
expect_out '<c r="G32" s="3"><v>18000</v></c>' "the month's cumulative achieved on the 31st"
expect_out '<c r="F32" s="3"><v>50000</v></c>' "the cumulative target reaches the month's"
x plan.xlsx xl/charts/chart1.xml >"$T/out"
expect_out "<c:f>'Tiers 2026-12'!\$D\$2:\$D\$6</c:f>" "tiers' chart: the targets of S to D"
expect_out "<c:f>'Tiers 2026-12'!\$F\$2:\$F\$6</c:f>" "... against achieved"
expect_out "<c:barChart>" "a column chart"
x plan.xlsx xl/charts/chart2.xml >"$T/out"
expect_out "<c:f>'Days 2026-12'!\$F\$2:\$F\$32</c:f>" "days' chart: the cumulative target"
expect_out "<c:f>'Days 2026-12'!\$G\$2:\$G\$32</c:f>" "... against the cumulative achieved"
expect_out "<c:lineChart>" "a line chart"
rd plan 2026-12 --target 6万 --xlsx "$T/plan2.xlsx"; expect_rc 0 "plan --target --xlsx"
expect_out "Saved: the plan for 2026-12 replaces the earlier one." "made, saved and written"
expect_eq "$(x plan2.xlsx xl/worksheets/sheet1.xml | grep -o '<c r="D7" s="3"><v>60000</v></c>')" \
	'<c r="D7" s="3"><v>60000</v></c>' "the new target in the workbook"
rd plan 2026-12 --show --xlsx "$T/p.xlsx" --format csv; expect_rc 64 "--xlsx with --format csv"
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$BIN" --db "$DB" plan 2026-12 --show --xlsx "$T/pzh.xlsx" >"$T/out" 2>"$T/err"
rc=$?; expect_rc 0 "the plan's workbook in Chinese"
expect_eq "$(x pzh.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"' | tr '\n' ' ')" \
	'<sheet name="等级 2026-12" <sheet name="每日 2026-12" ' "Chinese sheet names"
x pzh.xlsx xl/sharedStrings.xml >"$T/out"
for h in 级别 目标 累计目标 合计; do expect_out "<t>$h</t>" "Chinese plan heading $h"; done
x pzh.xlsx xl/charts/chart2.xml >"$T/out"
expect_out "每日累计目标与完成" "the days' chart title in Chinese"

rd team report --xlsx "$T/team.xlsx"; expect_rc 0 "team report --xlsx"
expect_eq "$(x team.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"')" '<sheet name="Team 2026-12"' "the team sheet"
x team.xlsx xl/sharedStrings.xml >"$T/out"
for h in rank group rep target achieved progress pace 张三 "一组 (group)"; do
	expect_out "<t>$h</t>" "team heading or cell $h"
done
x team.xlsx xl/worksheets/sheet1.xml >"$T/out"
expect_out '<c r="D2" s="3"><v>60000</v></c>' "the group's target in yuan"
expect_out '<c r="E3" s="3"><v>18000</v></c>' "the rep's achieved"
expect_out '<c r="F3" s="4"><v>0.3</v></c>' "the rep's progress as a percentage"
x team.xlsx xl/charts/chart1.xml >"$T/out"
expect_out "<c:f>'Team 2026-12'!\$F\$2:\$F\$3</c:f>" "the chart of progress"
expect_out "<c:f>'Team 2026-12'!\$G\$2:\$G\$3</c:f>" "... and pace"
expect_out "<c:f>'Team 2026-12'!\$C\$2:\$C\$3</c:f>" "... by group and rep"
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$BIN" --db "$DB" team report --xlsx "$T/tzh.xlsx" >"$T/out" 2>"$T/err"
rc=$?; expect_rc 0 "the team workbook in Chinese"
expect_eq "$(x tzh.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"')" '<sheet name="团队 2026-12"' "the Chinese team sheet"
x tzh.xlsx xl/sharedStrings.xml >"$T/out"
expect_out "<t>一组（组合计）</t>" "the group's row in Chinese"
rd team report day --xlsx "$T/t.xlsx"; expect_rc 64 "team report day takes no --xlsx"
rd team report --xlsx "$T/t.xlsx" --format csv; expect_rc 64 "team --xlsx with --format csv"
rd team report --xlsx "$T/none/t.xlsx"; expect_rc 74 "team: an unwritable workbook"
rd plan 2026-12 --show --xlsx "$T/none/t.xlsx"; expect_rc 74 "plan: an unwritable workbook"
expect_err "cannot create the workbook" "the reason"

# ---- errors ----
cp "$T/levers.xlsx" "$T/keep.xlsx"
rd report levers --xlsx "$T/no/such/dir/x.xlsx"; expect_rc 74 "an unwritable workbook"
expect_err "cannot create the workbook" "the reason"
expect_err "No such file or directory" "the system's reason"
chmod 555 "$T" 2>/dev/null
if [ "$(id -u)" != 0 ]; then
	rd report levers --xlsx "$T/levers.xlsx"; expect_rc 74 "a read-only directory"
	expect_same "$T/levers.xlsx" "$T/keep.xlsx" "the earlier file kept"
fi
chmod 755 "$T"
rd report levers --xlsx "$DB"; expect_rc 64 "the book is no workbook"
rd report levers --months 0; expect_rc 64 "--months 0"
expect_err "--months: '0' is not a number from 1 to 24" "the reason"
rd report levers --months 25; expect_rc 64 "--months 25"
rd report levers --format xml; expect_rc 64 "--format xml"
rd report levers extra; expect_rc 64 "no positional"
# ---- the day report: the month to date and the day's levers ----
rd report day 2026-12-03; expect_rc 0 "report day"
# Working days 1-3 December of 23: ¥18,000 of ¥60,000 is 0.3 of the
# month in 3/23 of it: pace 2.30.
expect_out "Month to date: ¥18,000 / ¥60,000, pace 2.30" "the month to date and its pace"
expect_out "Levers today: 1 ordering (1 new) · 1 reached, conversion 100.0% · order value ¥8,000" "the day's levers"
rd report day 2026-12-06; expect_rc 0 "a Sunday"
expect_out "Levers today: 0 ordering (0 new) · 0 reached, conversion - · order value -" "nothing that day"
rd report day 2026-11-20; expect_rc 0 "a November day"
expect_out "Month to date: ¥30,000 (no plan this month)" "no plan in November"
expect_out "Levers today: 1 ordering (0 new) · 0 reached, conversion - · order value ¥10,000" "an old customer"

rd report weekly; expect_rc 64 "an unknown report"
expect_err "which report? 'day' or 'levers'" "the reports named"
finish
