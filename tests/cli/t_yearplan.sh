# The year plan through the command line: a year's target over its months
# (seasonal, working days, even, months fixed by hand) summing exactly, the
# CSV and the re-spread of what is left, a month's plan taking its target
# from it, bad input refused with the book unchanged, and the plan carried
# in a bundle to the lead's team report as the year to date.
. tests/cli/lib.sh
export REPDESK_TODAY=2026-12-06

rd init --rep Rep --group G1; expect_rc 0 "init"
printf 'uid,name,monthly_amount\nc1,甲,20000\nc2,乙,10000\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "customers"
# Orders in every month of 2025 (month M: M x ¥1,000), and in March and November 2026.
m=1; while [ $m -le 12 ]; do
	rd log order c1 "$((m * 1000))" --date "$(printf '2025-%02d-10' $m)"; expect_rc 0 "order 2025-$m"
	m=$((m + 1))
done
rd log order c1 30000 --date 2026-03-05; expect_rc 0 "order in March"
rd log order c2 12000 --date 2026-11-05; expect_rc 0 "order in November"

# Twelve months of orders in 2025: 2026 follows them (seasonal by default).
rd plan 2026 --target 780000 --format csv; expect_rc 0 "plan 2026"
expect_eq "$(sed -n 1p "$T/out")" "month,workdays,target,achieved,cumulative_target,cumulative_achieved,respread,weighted_closing,gap" "year CSV header"
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" "13" "twelve months, no total row"
expect_eq "$(sed -n 2p "$T/out" | cut -d, -f1,3)" "2026-01,10000.00" "January: 1/78 of the year"
expect_eq "$(sed -n 13p "$T/out" | cut -d, -f1,3)" "2026-12,120000.00" "December: 12/78 of the year"
expect_eq "$(sed -n 4p "$T/out" | cut -d, -f4)" "30000.00" "March's orders achieved"
expect_eq "$(tail -n +2 "$T/out" | awk -F, '{ s += $3 * 100 } END { printf "%d", s }')" "78000000" "months sum to the target"
# It is December: January to November are over, December carries what is left.
expect_eq "$(awk -F, 'NR > 1 && NR < 13 && $7 != ""' "$T/out" | wc -l | tr -d ' ')" "0" "no re-spread for months over"
expect_eq "$(sed -n 13p "$T/out" | cut -d, -f7)" "738000.00" "December: the year less the orders so far"
expect_eq "$(sed -n 13p "$T/out" | cut -d, -f6)" "42000.00" "cumulative achieved"
rd plan 2026 --show
expect_out "Year plan 2026 · target ¥780,000 · spread seasonal (last year's orders by month)" "table summary"
expect_out "¥738,000 still to make over 1 month left" "what is left of the year"
expect_out "◀ now" "the current month marked"

# The year as a workbook: one sheet of its months, money in yuan, a chart.
x() { unzip -p "$T/$1" "$2" 2>/dev/null; }
rd plan 2026 --show --xlsx "$T/year.xlsx"; expect_rc 0 "plan 2026 --show --xlsx"
expect_eq "$(wc -c <"$T/out" | tr -d ' ')" "0" "the saved plan: nothing printed"
expect_eq "$(x year.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"')" '<sheet name="Year 2026"' "the sheet"
x year.xlsx xl/sharedStrings.xml >"$T/out"
for h in Period Workdays Target Achieved "Cum target" "Cum done" Re-spread 2026-01 2026-12; do
	expect_out "<t>$h</t>" "year heading or cell $h"
done
x year.xlsx xl/worksheets/sheet1.xml >"$T/out"
expect_out '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' "the heading frozen"
expect_out '<c r="C13" s="3"><v>120000</v></c>' "December's target in yuan"
expect_out '<c r="E13" s="3"><v>780000</v></c>' "the cumulative target reaches the year's"
expect_out '<c r="D4" s="3"><v>30000</v></c>' "March's orders"
expect_out '<c r="G13" s="3"><v>738000</v></c>' "December carries what is left"
expect_no_out '<c r="G12"' "no re-spread for a month already over"
x year.xlsx xl/charts/chart1.xml >"$T/out"
expect_out "<c:f>'Year 2026'!\$C\$2:\$C\$13</c:f>" "the chart: the months' targets"
expect_out "<c:f>'Year 2026'!\$D\$2:\$D\$13</c:f>" "... against achieved"
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$BIN" --db "$DB" plan 2026 --xlsx "$T/yzh.xlsx" >"$T/out" 2>"$T/err"
rc=$?; expect_rc 0 "--xlsx in Chinese"
expect_eq "$(x yzh.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"')" '<sheet name="2026 年"' "the sheet in Chinese"
x yzh.xlsx xl/charts/chart1.xml >"$T/out"
expect_out "各月目标与完成" "the chart's title in Chinese"
rd plan 2026 --show --xlsx "$T/y.xlsx" --format csv; expect_rc 64 "--xlsx with --format csv"
rd plan 2026 --xlsx "$DB"; expect_rc 64 "the book itself is not a workbook"
rd plan 2026 --xlsx "$T/no/such/dir/y.xlsx"; expect_rc 74 "an unwritable workbook"
rd plan 2026 --target 780000 --pick 1x1000; expect_rc 64 "--pick is a month's"
expect_no_out "estimated" "2026 has its official calendar"

# 2026 lacks months of orders: 2027 goes by working days, on an estimated calendar.
rd plan 2027 --target 500万; expect_rc 0 "plan 2027"
expect_out "spread by working days" "working days by default"
expect_out "no official schedule for 2027: its statutory holidays are estimated" "the estimated calendar said"
expect_out "Saved: the year plan for 2027." "saved"
rd plan 2027 --format csv
expect_eq "$(tail -n +2 "$T/out" | awk -F, '{ s += $3 * 100 } END { printf "%d", s }')" "500000000" "2027 sums to ¥5,000,000"
expect_eq "$(tail -n +2 "$T/out" | awk -F, '{ s += $2 } END { print s }')" "254" "254 working days in 2027 (estimated holidays)"
expect_eq "$(sed -n 2p "$T/out" | cut -d, -f2,3)" "20,393701.00" "January 2027: 20 of 254 days"
expect_eq "$(awk -F, 'NR > 1 && $7 == ""' "$T/out" | wc -l | tr -d ' ')" "0" "a year to come: every month open"
rd plan 2027 --target 500万 --method even --format csv; expect_rc 0 "even"
expect_eq "$(sed -n 2p "$T/out" | cut -d, -f3)" "416667.00" "even: January"
expect_eq "$(sed -n 13p "$T/out" | cut -d, -f3)" "416666.00" "even: December"
rd plan 2027 --target 500万 --method even
expect_out "replaces the earlier one" "a second year plan replaces the first"

# Months fixed by hand keep their figures; the rest spreads exactly.
rd plan 2027 --target 500万 --months '1=30万,2=20万,12=1,000,000' --format csv; expect_rc 0 "--months"
expect_eq "$(sed -n 2p "$T/out" | cut -d, -f3)" "300000.00" "January fixed"
expect_eq "$(sed -n 3p "$T/out" | cut -d, -f3)" "200000.00" "February fixed"
expect_eq "$(sed -n 13p "$T/out" | cut -d, -f3)" "1000000.00" "December fixed, with thousands separators"
expect_eq "$(tail -n +2 "$T/out" | awk -F, '{ s += $3 * 100 } END { printf "%d", s }')" "500000000" "fixed and spread sum to the target"
expect_eq "$(sed -n 4,12p "$T/out" | awk -F, '{ s += $3 * 100 } END { printf "%d", s }')" "350000000" "the rest re-spread exactly"
rd plan 2027 --show; expect_out "3 months fixed by hand" "fixed months said"

# A month's plan takes its target from the year plan.
rd plan 2027-03; expect_rc 0 "a month without --target"
mar=$(sqlite3 "$DB" "SELECT amount FROM targets WHERE level = 'year' AND month = '2027-03' AND deleted = 0")
expect_out "from the year plan for 2027" "the month says where its target came from"
expect_out "Saved: the plan for 2027-03." "the month's first plan"
expect_no_out "replaces" "the year plan's row for the month is not an earlier month plan"
expect_eq "$(sqlite3 "$DB" "SELECT amount FROM targets WHERE level = 'base' AND scope = 'month' AND month = '2027-03' AND deleted = 0")" "$mar" "the month's target is the year plan's"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM targets WHERE level = 'year' AND deleted = 0")" "24" "the month plan left the year plan's rows alone"
rd plan 2028-03; expect_rc 64 "no year plan, no --target"
expect_err "no year plan" "said why"

# Bad input: exit 64, the book unchanged.
before=$(sqlite3 "$DB" "SELECT group_concat(amount || detail || updated_at) FROM targets ORDER BY id")
for args in "--target 500万 --months 13=1" "--target 500万 --months 0=1" \
            "--target 500万 --months 1=1,1=2" "--target 500万 --months 1=400万,2=200万" \
            "--target abc" "--target -5" "--months 1=1" "--target 500万 --method baseline" \
            "--target 500万 --months 1=x" "--show --target 1" "--target 1 --view days" \
            "--target 1 --shares S=100" "--target 500万 --months 1=1,"; do
	# shellcheck disable=SC2086
	rd plan 2027 $args; expect_rc 64 "plan 2027 $args"
done
rd plan 2027 --target 500万 --months 1=400万,2=200万
expect_err "add up to ¥6,000,000, more than the year's target ¥5,000,000" "fixed months over the target"
rd plan 2027 --target 500万 --months 13=1; expect_err "'13' is not a month from 1 to 12" "month out of range"
rd plan 2027 --target 500万 --months 1=1,1=2; expect_err "month 1 is given twice" "duplicate month"
rd plan 2027 --months 1=1; expect_err "--months needs --target" "--months alone"
rd plan 2027-03 --months 1=1 --target 1; expect_rc 64 "--months on a month"
rd plan 2027 --target 500万 --months 1=100,2=100,3=100,4=100,5=100,6=100,7=100,8=100,9=100,10=100,11=100,12=100
expect_rc 64 "every month fixed short of the target"
rd plan 2030 --target 1 --method seasonal; expect_rc 64 "seasonal with no orders the year before"
expect_err "no orders in 2029" "said why"
after=$(sqlite3 "$DB" "SELECT group_concat(amount || detail || updated_at) FROM targets ORDER BY id")
expect_eq "$after" "$before" "the book unchanged by refused plans"
rd plan 2031 --show; expect_rc 66 "no saved plan to show"
rd plan 2031; expect_rc 64 "plain plan of a year without one"

# The year plan travels in the bundle; the lead's team report sums it.
rd export bundle --out "$T/rep.bundle"; expect_rc 0 "bundle"
DB="$T/lead.db"
rd init --rep Lead --group Leads
rd team add "$T/rep.bundle"; expect_rc 0 "the lead merges the bundle"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM targets WHERE level = 'year' AND deleted = 0")" "24" "the year plans arrived"
rd team report 2026-11 --format csv; expect_rc 0 "team report"
expect_eq "$(head -1 "$T/out" | cut -d, -f14,15)" "ytd_target,ytd_achieved" "the year-to-date pair last"
# January to November of the 2026 plan: 780,000 x 66/78 = 660,000; orders 42,000.
expect_eq "$(grep ',G1,Rep,' "$T/out" | cut -d, -f14,15)" "660000.00,42000.00" "the rep's year to date"
rd team report 2026-11
expect_out "ytd" "a year-to-date column in the table"
expect_out "6%" "the year to date as a percentage"
finish
