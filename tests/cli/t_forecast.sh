#!/bin/sh
# The forecast from opportunities: the month's plan shows the weighted
# pipeline closing in the month and the gap it leaves (summary, tier and
# customer CSV, a month it covers); report levers gives the win rate and the
# days to win from each stage over the opportunities closed in its months
# (table, --view stages, CSV, a longer window); the team report gains each
# rep's pipeline and weighted forecast from the reps' bundles. Every figure
# is computed by hand below.
. tests/cli/lib.sh
export REPDESK_TODAY=2026-12-06

opp() { rd opp "$@"; [ "$rc" = 0 ] || _bad "opp $*: exit $rc"; }

rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'uid,name\nc1,天河商行\nc2,白云超市\nc3,越秀便利店\nc4,海珠批发\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "customers"
rd log order c1 1万 --date 2026-12-02; expect_rc 0 "December's order"
rd log order c2 3万 --date 2026-09-10; expect_rc 0 "September's order"

# A book with no opportunity: the plan says nothing of a pipeline.
rd plan 2026-12 --target 10万; expect_rc 0 "plan without opportunities"
expect_no_out "Pipeline" "no pipeline line without opportunities"
expect_no_out "Gap:" "no gap line without opportunities"
rd report levers; expect_rc 0 "levers without opportunities"
expect_no_out "Win rate" "no stage lines without opportunities"

# ---- the month's plan ----
# Closing in December: A ¥20,000 at proposal (40%) = ¥8,000; B ¥10,000 at
# its own 65% = ¥6,500; E ¥333.33 at tender (50%) = ¥166.665, rounded half
# up to ¥166.67. Weighted ¥14,666.67 of ¥30,333.33 in 3.
opp add c1 A 20000 --stage proposal --close 2026-12-20
opp add c2 B 10000 --stage tender --probability 65 --close 2026-12-31
opp add c4 E 333.33 --stage tender --close 2026-12-01
# Not December's: C closes in January, N has no close; a deleted one, and
# won and lost ones, count for nothing.
opp add c3 C 50000 --close 2027-01-10
opp add c3 N 4000 --stage qualified
opp add c1 X 90000 --stage negotiation --close 2026-12-15
opp delete X
opp add c2 W 7000 --stage negotiation --close 2026-12-10
opp win W
opp add c3 L 6000 --close 2026-12-10
opp lose L --reason price

rd plan --show; expect_rc 0 "the plan with its forecast"
expect_out "Achieved ¥10,000 of ¥100,000 (10.0%)" "achieved"
expect_out "Pipeline closing in 2026-12: ¥14,666.67 weighted (¥30,333.33 in 3 opportunities)" \
	"the weighted pipeline closing this month"
# ¥100,000 - ¥10,000 - ¥14,666.67 = ¥75,333.33
expect_out "Gap: ¥100,000 target - ¥10,000 achieved - ¥14,666.67 weighted closing = ¥75,333.33" \
	"the gap left, as the difference it is"
expect_eq "$(grep -n '^Achieved\|^Pipeline closing\|^Gap:' "$T/out" | cut -d: -f1 | tr '\n' ' ')" "2 3 4 " \
	"beside the target and what is achieved"

rd plan --show --view customers --format csv; expect_rc 0 "customers CSV"
expect_eq "$(head -1 "$T/out")" \
	"uid,name,tier,baseline,target,achieved,baseline_months,fixed,weighted_closing,gap" \
	"the customers CSV appends weighted_closing and gap"
expect_eq "$(awk -F, '$1 == "c1" { print $9 }' "$T/out")" "8000.00" "c1 closes A at 40%"
expect_eq "$(awk -F, '$1 == "c2" { print $9 }' "$T/out")" "6500.00" "c2 closes B at its own 65%"
expect_eq "$(awk -F, '$1 == "c3" { print $9 }' "$T/out")" "0.00" "c3 closes nothing this month"
expect_eq "$(awk -F, '$1 == "c4" { print $9 }' "$T/out")" "166.67" "c4 closes E, rounded half up"
# Each gap is its target less achieved less weighted closing, never below 0.
expect_eq "$(awk -F, 'NR > 1 { g = $5 - $6 - $9; if (g < 0) g = 0; if (sprintf("%.2f", g) != $10) print $1 }' "$T/out")" \
	"" "every customer's gap"
rd plan --show --format csv; expect_rc 0 "tiers CSV"
expect_eq "$(head -1 "$T/out")" "tier,customers,baseline,target,share,achieved,weighted_closing,gap" \
	"the tier CSV appends achieved, weighted_closing and gap"
expect_eq "$(awk -F, 'NR > 1 { a += $6 * 100; w += $7 * 100 } END { printf "%d %d", a, w }' "$T/out")" \
	"1000000 1466667" "the tiers add up to the month's achieved and weighted closing (fen)"
expect_eq "$(awk -F, 'NR > 1 { g = $4 - $6 - $7; if (g < 0) g = 0; if (sprintf("%.2f", g) != $8) print $1 }' "$T/out")" \
	"" "every tier's gap"

# January: C's ¥50,000 lead at 10% covers a ¥5,000 target.
rd plan 2027-01 --target 5000; expect_rc 0 "January's plan"
expect_out "Pipeline closing in 2027-01: ¥5,000 weighted (¥50,000 in 1 opportunity)" "January's pipeline"
expect_out "Gap: none: ¥0 achieved and ¥5,000 weighted closing cover the ¥5,000 target" "covered: no gap"

# ---- report levers ----
# Closed in the six months to December (2026-07-01 to 2026-12-31):
#   W: added at negotiation and won the same day: the win replaces the
#      day's step, so its path is lead 12-06, won 12-06 (0 days)
#   L: lead 12-06, lost 12-06
#   F: lead 10-01, negotiation 10-11, won 11-10: 40 days from lead, 30 from negotiation
#   G: lead 10-01, negotiation 10-21, lost 11-30
#   J: lead 11-01, proposal 11-01, won 11-21: 20 days from lead and proposal
# lead: 5 reached, 3 won (60.0%), (0 + 40 + 20) / 3 = 20.0 days;
# proposal: 1 of 1 (100.0%), 20.0 days; negotiation: 2 reached, 1 won (50.0%),
# 30.0 days; qualified and tender: none closed.
# H, lost in June, is outside the window.
rd --today 2026-10-01 opp add c2 F 7000; rd --today 2026-10-11 opp move F negotiation
rd --today 2026-11-10 opp win F; expect_rc 0 "F won"
rd --today 2026-10-01 opp add c3 G 7000; rd --today 2026-10-21 opp move G negotiation
rd --today 2026-11-30 opp lose G --reason timing; expect_rc 0 "G lost"
rd --today 2026-11-01 opp add c4 J 9000 --stage proposal
rd --today 2026-11-21 opp win J; expect_rc 0 "J won"
rd --today 2026-06-01 opp add c4 H 1000
rd --today 2026-06-20 opp lose H --reason gone; expect_rc 0 "H lost in June"

rd report levers; expect_rc 0 "levers"
expect_out "Win rate and days to win by stage, from 5 opportunities closed from 2026-07-01 to 2026-12-31 (3 won, 2 lost):" \
	"the basis: how many closed, when"
stage_row() { awk -v s="$1" '$1 == s { print $2, $3, $4, $5 }' "$T/out"; }
expect_eq "$(stage_row lead)" "5 3 60.0% 20.0" "lead: reached, won, win rate, days to win"
expect_eq "$(stage_row qualified)" "0 0 - -" "qualified: none"
expect_eq "$(stage_row proposal)" "1 1 100.0% 20.0" "proposal"
expect_eq "$(stage_row tender)" "0 0 - -" "tender: none"
expect_eq "$(stage_row negotiation)" "2 1 50.0% 30.0" "negotiation"
expect_out "2026-12: target ¥100,000, achieved ¥10,000" "the lever lines stay"

rd report levers --view stages --format csv; expect_rc 0 "stages CSV"
expect_eq "$(cat "$T/out")" "stage,reached,won,win_rate,days_to_win,closed,from,to
lead,5,3,0.600,20.0,5,2026-07-01,2026-12-31
qualified,0,0,,,5,2026-07-01,2026-12-31
proposal,1,1,1.000,20.0,5,2026-07-01,2026-12-31
tender,0,0,,,5,2026-07-01,2026-12-31
negotiation,2,1,0.500,30.0,5,2026-07-01,2026-12-31" "the stages as CSV"
# Twelve months take H in: lead 6 reached, 3 won (50.0%).
rd report levers --months 12 --view stages; expect_rc 0 "twelve months"
expect_out "from 6 opportunities closed from 2026-01-01 to 2026-12-31 (3 won, 3 lost)" "H counted"
expect_eq "$(stage_row lead)" "6 3 50.0% 20.0" "lead over twelve months"
expect_no_out "Ordering" "--view stages shows the stages alone"
rd report levers --format csv; expect_rc 0 "the months' CSV"
expect_eq "$(head -1 "$T/out" | cut -d, -f1-3)" "month,customers,customers_change" "the months' CSV as before"
rd report levers --view weeks; expect_rc 64 "a view that is not one"
expect_err "--view: 'weeks' is not months or stages" "names the views"
rd report levers --view stages --xlsx "$T/x.xlsx"; expect_rc 64 "no workbook of stages"
LC_ALL=zh_CN.UTF-8 rd report levers --view stages; expect_rc 0 "stages in Chinese"
expect_out "各阶段赢单率与赢单天数" "the basis in Chinese"
expect_out "赢单率" "headings in Chinese"

# ---- the year ----
# Each month's forecast, as the month's plan gives it: December's ¥14,666.67
# against its year-plan share; January 2027 is not 2026's.
rd plan 2026 --target 120万 --method even; expect_rc 0 "a year plan"
rd plan 2026 --format csv; expect_rc 0 "the year's CSV"
expect_eq "$(head -1 "$T/out")" \
	"month,workdays,target,achieved,cumulative_target,cumulative_achieved,respread,weighted_closing,gap" \
	"the year CSV appends weighted_closing and gap"
expect_eq "$(grep '^2026-12,' "$T/out" | cut -d, -f3,4,8,9)" "100000.00,10000.00,14666.67,75333.33" \
	"December: target, achieved, weighted closing, gap"
expect_eq "$(grep '^2026-11,' "$T/out" | cut -d, -f8)" "0.00" "November: nothing closing"

# ---- the team report ----
# Rep A (G1): ¥100,000 at proposal (40%) and ¥50,000 at its own 90%: a
# pipeline of ¥150,000, ¥85,000 weighted; a won and a deleted one aside.
# Rep B (G2): ¥20,000 as a lead (10%) and ¥33.33 at tender (50%, ¥16.665 up
# to ¥16.67): ¥20,033.33, ¥2,016.67 weighted.
DB="$T/A.db"
rd init --rep A --group G1; expect_rc 0 "A's book"
rd import customers "$T/c.csv"
opp add c1 A1 100000 --stage proposal --close 2026-12-20
opp add c2 A2 50000 --stage negotiation --probability 90
opp add c3 A3 70000 --stage tender
opp win A3
opp add c4 A4 30000
opp delete A4
rd export bundle --out "$T/A.bundle"; expect_rc 0 "A's bundle"
DB="$T/B.db"
rd init --rep B --group G2; expect_rc 0 "B's book"
printf 'uid,name\nb1,荔湾商店\nb2,南沙仓库\n' >"$T/b.csv"
rd import customers "$T/b.csv"
opp add b1 B1 20000
opp add b2 B2 33.33 --stage tender
rd export bundle --out "$T/B.bundle"; expect_rc 0 "B's bundle"
DB="$T/lead.db"
rd init --rep Lead --group Leads; expect_rc 0 "the lead's book"
rd team add "$T/A.bundle" "$T/B.bundle"; expect_rc 0 "team add"

rd team report --format csv; expect_rc 0 "team CSV"
expect_eq "$(head -1 "$T/out")" \
	"rank,group,rep,target,achieved,progress,pace,calls,effective_calls,deals,collected,visits,bundle_date,ytd_target,ytd_achieved,pipeline,weighted" \
	"pipeline and weighted appended after the earlier columns"
expect_eq "$(awk -F, '$3 == "A" { print $16 "," $17 }' "$T/out")" "150000.00,85000.00" "A's pipeline and forecast"
expect_eq "$(awk -F, '$3 == "B" { print $16 "," $17 }' "$T/out")" "20033.33,2016.67" "B's pipeline and forecast"
expect_eq "$(awk -F, '$2 == "G1" && $3 == "*" { print $16 "," $17 }' "$T/out")" "150000.00,85000.00" "G1's total"
expect_eq "$(awk -F, '$2 == "G2" && $3 == "*" { print $16 "," $17 }' "$T/out")" "20033.33,2016.67" "G2's total"
rd team report --by rep --format csv; expect_rc 0 "by rep"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f3,16,17 | sort | tr '\n' ' ')" \
	"A,150000.00,85000.00 B,20033.33,2016.67 " "by rep: the same figures"
rd team report; expect_rc 0 "the table"
expect_eq "$(head -3 "$T/out" | tail -1 | awk '{ print $(NF - 1), $NF }')" "pipeline weighted" \
	"the table's last two headings"
expect_eq "$(grep -E '^ +[0-9]+ +G1 +A ' "$T/out" | awk '{ print $(NF - 1), $NF }')" "¥150,000 ¥85,000" \
	"A's row in the table"
expect_eq "$(grep -E '^ +[0-9]+ +G2 +B ' "$T/out" | awk '{ print $(NF - 1), $NF }')" "¥20,033.33 ¥2,016.67" \
	"B's row in the table"
# The lead, with nothing logged or planned, is left out, until they keep an
# opportunity of their own.
expect_no_out "Leads" "no empty lead in the table"
opp add c3 L1 10000 --stage proposal
rd team report --format csv; expect_rc 0 "the lead's own pipeline"
expect_eq "$(awk -F, '$3 == "Lead" { print $16 "," $17 }' "$T/out")" "10000.00,4000.00" \
	"a lead with a pipeline is ranked like any rep"
# The lead's own plan sees every rep's pipeline closing this month.
rd plan 2026-12 --target 50万; expect_rc 0 "the lead's plan"
expect_out "Pipeline closing in 2026-12: ¥40,000 weighted (¥100,000 in 1 opportunity)" \
	"the book's whole pipeline closing in December"
finish
