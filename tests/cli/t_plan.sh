# The month plan through the command line: the worked example, exact sums,
# shares, extra levels, the days view under the 2026 calendar, re-planning,
# the saved plan with achieved figures, and bad input.
. tests/cli/lib.sh

rd init; expect_rc 0 "init"
{
	echo "name,monthly_amount"
	for t in 20000 10000 5000 1000; do
		i=1; while [ $i -le 10 ]; do echo "客户$t-$i,$t"; i=$((i + 1)); done
	done
} >"$T/forty.csv"
rd import customers "$T/forty.csv"; expect_out "40 added" "forty customers"

# The first plan of a month replaces nothing; a second one says it does.
rd --today 2026-10-01 plan 2026-09 --target 1000
expect_out "Saved: the plan for 2026-09." "the first plan is saved"
expect_no_out "replaces" "the first plan of a month replaces nothing"
rd --today 2026-10-01 plan 2026-09 --target 2000
expect_out "replaces the earlier one" "a second plan replaces the first"

# The worked example: ¥400,000 over ten customers each at 20,000/10,000/5,000/1,000.
rd --today 2026-10-01 plan 2026-10 --target 400000 --format csv; expect_rc 0 "plan --format csv"
expect_eq "$(sed -n 1p "$T/out")" "tier,customers,baseline,target,share,achieved,weighted_closing,gap" "tier CSV header"
expect_eq "$(sed -n 2p "$T/out")" "S,10,200000.00,222222.00,55.56,0.00,0.00,222222.00" "S tier of the worked example"
expect_eq "$(sed -n 3p "$T/out")" "A,10,100000.00,111111.00,27.78,0.00,0.00,111111.00" "A tier"
expect_eq "$(sed -n 4p "$T/out")" "B,10,50000.00,55556.00,13.89,0.00,0.00,55556.00" "B tier"
expect_eq "$(sed -n 5p "$T/out")" "C,10,10000.00,11111.00,2.78,0.00,0.00,11111.00" "C tier"
expect_eq "$(sed -n 6p "$T/out")" "D,0,0.00,0.00,0.00,0.00,0.00,0.00" "D tier empty"

rd plan 2026-10 --show --view customers --format csv
expect_eq "$(sed -n 1p "$T/out")" "uid,name,tier,baseline,target,achieved,baseline_months,fixed,weighted_closing,gap" "customers CSV header: the months and the fixed flag after the earlier columns"
sum=$(tail -n +2 "$T/out" | awk -F, '{ s += $5 * 100 } END { printf "%d", s }')
expect_eq "$sum" "40000000" "customer targets sum exactly to the target"
s_sum=$(awk -F, '$3 == "S" { s += $5 * 100 } END { printf "%d", s }' "$T/out")
expect_eq "$s_sum" "22222200" "S customers sum exactly to the S tier"

rd plan 2026-10 --show --view days --format csv
expect_eq "$(sed -n 1p "$T/out")" "date,workday,target,achieved,cumulative_target,cumulative_achieved" "days CSV header"
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" "31" "31 days in October"
expect_eq "$(awk -F, 'NR > 1 && $2 == 1' "$T/out" | wc -l | tr -d ' ')" "18" "18 working days in October 2026"
expect_eq "$(grep '^2026-10-10,' "$T/out" | cut -d, -f2)" "1" "Saturday the 10th is a make-up workday"
expect_eq "$(grep '^2026-10-05,' "$T/out" | cut -d, -f2,3)" "0,0.00" "a National Day holiday gets nothing"
expect_eq "$(tail -1 "$T/out" | cut -d, -f5)" "400000.00" "days sum exactly to the month"
expect_eq "$(grep '^2026-10-08,' "$T/out" | cut -d, -f3)" "22223.00" "earlier days carry the extra yuan"
expect_eq "$(grep '^2026-10-31,' "$T/out" | cut -d, -f3)" "0.00" "Saturday the 31st is off"

# The table a rep puts on the wall.
rd --today 2026-10-12 plan 2026-10 --show
expect_out "Plan 2026-10 · target ¥400,000 · baseline ¥360,000 · gap ¥40,000 · 18 working days" "summary line"
expect_out "Total" "a total row"
expect_out "today 2026-10-12: sell ¥26,667 re-spread (the plan's own figure ¥22,223)" "today's re-spread target beside the plan's"
expect_out "Left: ¥400,000 target - ¥0 sold before today = ¥400,000 over 15 working days" "what is left, as the difference it is"
expect_out "+2 new S-tier customers at ¥20,000 a month" "gap: new customers"
expect_out "+20.0% from the S tier" "gap: growth of one tier"
expect_out "+11.2% across the book" "gap: uniform growth"

# Orders move the achieved figures and the re-spread.
rd log order 客户20000-1 1.5万 --date 2026-10-09; expect_rc 0 "an October order"
rd --today 2026-10-12 plan 2026-10 --show
expect_out "Achieved ¥15,000 of ¥400,000 (3.8%)" "achieved from logged orders"
expect_out "sell ¥25,667 re-spread (the plan's own figure ¥22,223)" "the remainder re-spread"
expect_out "Left: ¥400,000 target - ¥15,000 sold before today = ¥385,000 over 15 working days" "the remainder adds up on its line"
rd --today 2026-10-31 plan 2026-10 --show; expect_out "2026-10-31 is not a working day" "a day off carries nothing"
expect_out "none is left in the month for the ¥385,000 still to sell" "the month's last day off says nothing is left"
rd --today 2026-10-17 plan 2026-10 --show
expect_out "2026-10-17 is not a working day: the next one, 2026-10-19, carries ¥38,500 re-spread (the plan's own figure ¥22,222)" "a weekend names the next working day and its own figure"
expect_no_out "carries ¥385,000" "not the month's whole remainder"
rd --today 2026-10-12 plan 2026-10 --show --view days
expect_out "Plan    Re-spread" "the days view labels the plan's figure and the re-spread one"
expect_eq "$(grep '^2026-10-12 ' "$T/out" | awk '{ print $4, $5 }')" "¥22,223 ¥25,667" "today's row: the plan's figure beside the re-spread"
expect_eq "$(grep '^2026-10-09 ' "$T/out" | awk '{ print $4, $5 }')" "¥22,223 ¥15,000" "a past day: its plan figure, no re-spread, what it sold"
LANG=zh_CN.UTF-8 LC_ALL= rd --today 2026-10-12 plan 2026-10 --show --view days
expect_eq "$(grep '^2026-10-12 ' "$T/out" | awk '{ print $2 }')" "周一" "the weekday in Chinese is whole"
expect_eq "$(grep '^2026-10-13 ' "$T/out" | awk '{ print $2 }')" "周二" "each row its own weekday"
expect_no_out "Re-spread" "the days view's headings in Chinese"
LANG=zh_CN.UTF-8 LC_ALL= rd --today 2026-10-12 plan 2026-10 --show
expect_no_out "Customers" "the tiers view's headings in Chinese"
expect_no_out "Total" "the total row in Chinese"
LANG=zh_CN.UTF-8 LC_ALL= rd --today 2026-10-12 plan 2026-10 --show --view customers
grep -q '^级  名称 ' "$T/out" && _ok || _bad "the customers view's tier heading whole in Chinese, not cut to …"
expect_no_out "Baseline" "the customers view's headings in Chinese"

# Extra levels, shares, re-planning.
rd plan 2026-10 --target 40万 --stretch 45万 --challenge 50万 --format csv
expect_eq "$(sed -n 1p "$T/out")" "tier,customers,baseline,target,share,stretch,challenge,achieved,weighted_closing,gap" "extra levels as columns"
st=$(tail -n +2 "$T/out" | awk -F, '{ s += $6 * 100; c += $7 * 100 } END { printf "%d %d", s, c }')
expect_eq "$st" "45000000 50000000" "stretch and challenge tiers sum exactly"
rd plan 2026-10 --target 40万 --shares S=40,A=30,B=20,C=10 --format csv
expect_eq "$(sed -n 2p "$T/out")" "S,10,200000.00,160000.00,40.00,15000.00,0.00,145000.00" "shares: S gets 40%"
rd plan 2026-10 --target 40万 --shares S=40,A=30,B=15,C=10 --format csv
expect_rc 64 "shares not summing to 100"; expect_err "shares sum to 95, not 100" "names the sum"
rd plan 2026-10 --target 40万 --shares S=40,A=30,B=15,C=10,D=5
expect_out "Tier D has a target of ¥20,000 but no customers" "an empty tier with a target is reported"
rd plan 2026-10 --target 300000
n=$(sqlite3 "$DB" "SELECT length(detail) - length(replace(detail, char(10), '')) FROM targets WHERE month = '2026-10' AND deleted = 0 AND scope = 'customers'")
expect_eq "$n" "40" "re-planning replaces the plan: one line per customer"
n=$(sqlite3 "$DB" "SELECT count(*) - count(DISTINCT level || '|' || scope || '|' || key) FROM targets WHERE month = '2026-10' AND deleted = 0")
expect_eq "$n" "0" "re-planning leaves no duplicate rows"
rd plan 2026-10 --show --format csv; expect_eq "$(sed -n 2p "$T/out" | cut -d, -f4)" "166667.00" "the latest plan is shown"

# A zero target and an empty book.
rd plan 2026-11 --target 0 --format csv; expect_rc 0 "zero target"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f4 | sort -u)" "0.00" "zero everywhere"
DB="$T/empty.db"; rd init
rd plan 2026-11 --target 1万 --format csv; expect_rc 0 "an empty book"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f2 | sort -u)" "0" "no customers in any tier"

# The demo book comes with this month's plan, a round target just above its baseline.
DB="$T/demo.db"; rd init --demo; expect_rc 0 "init --demo"
rd plan --show; expect_rc 0 "the demo has a plan for the month"
expect_out "Plan 2026-11 · target ¥1,400,000 · baseline ¥1,393,167 · gap ¥6,833" "the demo's target is the next ¥100,000 above its baseline"
rd plan --show --format csv
expect_eq "$(tail -n +2 "$T/out" | awk -F, '{ s += $4 * 100 } END { printf "%d", s }')" "140000000" "the demo plan's tiers sum to its target"
rd today --format csv; expect_out "sales,0.00,192150.00" "the demo's first screen has a sales target"

# Bad input.
DB="$T/book.db"
rd plan 2026-13 --target 1; expect_rc 64 "bad month"
rd plan 2026-10 --target 12x; expect_rc 64 "bad amount"; expect_err "'12x' is not an amount" "names the amount"
rd plan 2026-10 --target 5万 --stretch 4万; expect_rc 64 "stretch below base"
rd plan 2026-10; expect_rc 64 "neither --target nor --show"
rd plan 2027-01 --show; expect_rc 66 "no saved plan"; expect_err "no plan for 2027-01 yet" "says how to make one"
rd plan 2026-10 --target 1 --method magic; expect_rc 64 "bad method"
finish
