# Today: plan rows, the call queue, receivables and the day report, on a
# book built by log commands on different days.
. tests/cli/lib.sh

rd init; expect_rc 0 "init"
cat >"$T/c.csv" <<'CSV'
name,monthly_amount,priority,status,tier
Alpha,30000,key,active,S
Beta,8000,,active,
Gamma,2000,small,prospect,
Delta,500,,lost,
Epsilon,100,,do-not-call,
Zeta,12000,medium,active,
Eta,3000,,active,
CSV
# Alpha is S by hand: its few orders below would tier it C (DESIGN §5).
rd import customers "$T/c.csv"; expect_rc 0 "import customers"

# An empty day: nothing done, the defaults as targets, a hint to make a plan.
rd today --format csv; expect_rc 0 "today csv"
printf 'metric,done,target\ncalls,0,50\ndialed,0,\ndeals,0,2-4\ncollect,0.00,0.00\nsales,0.00,0.00\nvisits,0,\n' >"$T/want"
expect_same "$T/out" "$T/want" "empty day plan rows"
rd today --view plan; expect_out "No plan for this month" "hint to make a plan"

# History: orders with promised dates, partial payments, calls on other days.
rd --today 2026-10-01 log order Alpha 5000 --due 2026-10-15; expect_rc 0 "order 1"
rd --today 2026-10-20 log order Alpha 3000 --due 2026-11-30; expect_rc 0 "order 2"
rd --today 2026-11-10 log payment Alpha 6000; expect_rc 0 "payment pays oldest first"
rd --today 2026-11-01 log order Eta 2000 --due 2026-11-20; expect_rc 0 "order Eta"
rd --today 2026-11-15 log payment Eta 500; expect_rc 0 "partial payment Eta"
rd --today 2026-11-20 log call Beta --outcome effective; expect_rc 0 "call Beta earlier"
rd --today 2026-11-26 log call Eta --outcome effective; expect_rc 0 "call Eta yesterday"

# Today's activity.
rd log call Beta --outcome no-answer; expect_rc 0 "failed attempt"
rd log call Zeta --outcome effective; expect_rc 0 "effective call"
rd log call Gamma --outcome callback; expect_rc 0 "callback today"
rd log call Delta --outcome effective; expect_rc 0 "call a lost customer"
rd log payment Alpha 500; expect_rc 0 "payment today"
rd log order Zeta 4000 --due 2026-11-27; expect_rc 0 "order today"
rd log call Epsilon --outcome busy; expect_rc 0 "busy on do-not-call"

rd today --format csv; expect_rc 0 "today csv"
# calls: Zeta, Gamma (callback), Delta; dialed 5; collect: Eta's broken ¥1,500 is due.
printf 'metric,done,target\ncalls,3,50\ndialed,5,\ndeals,1,2-4\ncollect,500.00,1500.00\nsales,4000.00,0.00\nvisits,0,\n' >"$T/want"
expect_same "$T/out" "$T/want" "plan rows after the day's work"

rd today --view queue --format csv --limit 20; expect_rc 0 "queue csv"
expect_out "rank,uid,name,tier,score,reasons" "queue header"
expect_no_out ",Delta," "lost customers never appear"
expect_no_out ",Epsilon," "do-not-call customers never appear"
expect_no_out ",Zeta," "an effective call takes a customer out"
expect_out ",Beta,B," "a failed attempt keeps the customer"
expect_out "1 failed attempt today" "the penalty is named"
expect_out "callback asked" "a callback brings the customer back"
expect_out "promise broken 7d ago (¥1,500)" "broken promise named"
expect_out "¥1,500 due" "money due named"
# Alpha's orders and today's payment are contacts: never "never contacted".
expect_out ",Alpha,S,6.00,key customer; tier S" "a payment today is a contact: no cadence term"
expect_eq "$(sed -n 2p "$T/out" | cut -d, -f3)" "Gamma" "the callback ranks first"
expect_eq "$(tail -n 1 "$T/out" | cut -d, -f3)" "Beta" "the failed attempt sinks to the bottom"
expect_eq "$(wc -l <"$T/out")" "5" "four customers in the queue"

rd today --view queue --format csv --limit 2; expect_eq "$(wc -l <"$T/out")" "3" "--limit"
rd today --view queue; expect_out "4 of 4 customers in today's queue (47 calls still needed today)" "default limit: calls left"
rd config daily_calls 3; rd today --view queue --format csv; expect_eq "$(wc -l <"$T/out")" "1" "no calls left: empty queue"
rd today --format csv; expect_out "calls,3,3" "daily_calls setting"
rd config daily_calls 50
rd config deals_max 6; rd today --format csv; expect_out "deals,1,2-6" "deals range setting"

# A callback on a later day leaves today's queue until then.
rd log call Gamma --outcome callback --next 2026-11-30
rd today --view queue --format csv --limit 20; expect_no_out ",Gamma," "callback dated later"
rd --today 2026-11-30 today --view queue --format csv --limit 20; expect_out ",Gamma," "back when due"
expect_out "follow-up due;" "follow-up named on the day"

# Weights are settings.
rd config queue_weights tier=0,priority=0; rd today --view queue --format csv --limit 20
expect_no_out "tier S" "a zero weight drops the term"
rd config queue_weights bogus=1; expect_rc 64 "config refuses bad weights"
# A book that took bad weights before config checked them still runs.
sqlite3 "$DB" "INSERT OR REPLACE INTO settings(key, value) VALUES ('queue_weights', 'bogus=1')"
rd today --format csv; expect_rc 0 "bad weights still run"
expect_err "setting queue_weights" "bad weights are reported"
rd config queue_weights ""

# Receivables: FIFO allocation, broken promises, days overdue.
rd receivables --format csv; expect_rc 0 "receivables csv"
head -n 1 "$T/out" >"$T/h"; printf 'uid,name,order_date,amount,paid,open,due,days_overdue\n' >"$T/want"
expect_same "$T/h" "$T/want" "receivables header"
expect_out ",Eta,2026-11-01,2000.00,500.00,1500.00,2026-11-20,7" "partial payment, overdue"
expect_out ",Alpha,2026-10-20,3000.00,1500.00,1500.00,2026-11-30,0" "FIFO: the oldest order paid first"
expect_out ",Zeta,2026-11-27,4000.00,0.00,4000.00,2026-11-27,0" "due today"
expect_no_out "2026-10-01" "a paid order is not listed"
rd receivables; expect_out "broken promise" "table marks broken promises"
expect_out "3 open orders, ¥7,000 in all; ¥1,500 of it past a promised date." "receivables total"

# A payment naming an order pays that one.
rd --today 2026-10-02 log order Beta 1000; rd --today 2026-10-03 log order Beta 2000
rd receivables --format csv; uid2=$(grep ',Beta,2026-10-03' "$T/out" | cut -d, -f1)
rd log payment Beta 2000 --order "$(sqlite3 "$DB" "SELECT uid FROM orders WHERE date = '2026-10-03'")"
rd receivables --format csv; expect_out ",Beta,2026-10-02,1000.00,0.00,1000.00,,0" "the named order is paid, not the oldest"
expect_no_out ",Beta,2026-10-03" "the named order is settled"
[ -n "$uid2" ] && _ok || _bad "Beta's order listed before payment"

# A month plan gives the sales target.
rd plan --target 100000; expect_rc 0 "plan"
rd today --format csv; expect_out "sales,4000.00,49000.00" "the re-spread day target: (100,000 - 2,000) over 2 working days"
rd today --view plan; expect_no_out "No plan for this month" "no hint with a plan"
expect_out "Sales target ¥49,000: what is left of the month re-spread over the working days left (the plan's own figure ¥4,761)" "the re-spread day target beside the plan's own"
rd --today 2026-11-28 today --view plan
expect_out "2026-11-28 is not a working day: the next one, 2026-11-30, carries ¥" "a Saturday names the next working day"
expect_no_out "carries ¥96,000" "not the month's whole remainder"
rd --today 2026-11-28 today --format csv; expect_out "sales,0.00,0.00" "no sales target on a day off"
rd --today 2026-12-05 today --view plan
expect_out "2026-12-05 is not a working day; the next one is 2026-12-07." "a day off without a plan names the next working day"
LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 "$BIN" --db "$DB" today >"$T/out" 2>"$T/err"
expect_no_out "Metric" "the plan table's headings in Chinese"
expect_no_out "Reasons" "the queue's headings in Chinese"
expect_out "计划原定" "the plan's own figure named in Chinese"

# The day report.
rd report day; expect_rc 0 "report day"
expect_out "Day report 2026-11-27" "report title"
expect_out "Calls: 4 effective / 6 dialed (target 50)" "report calls"
expect_out "Deals: 1 (target 2-6)" "report deals"
expect_out "Collected: ¥2,500 / due ¥1,500" "report collected"
expect_out "Sales: ¥4,000 / ¥49,000 re-spread" "report sales against the re-spread target, labelled so"
expect_out "Broken promises: 1 customer, ¥1,500" "report broken promises"
expect_out "Call first tomorrow: " "tomorrow's queue"
rd report day 2026-11-26; expect_out "Calls: 1 effective / 1 dialed" "report of another day"
rd report day 2026-11-28; expect_out "Sales: ¥0 (not a working day; 2026-11-30 carries ¥" "a day off's report names the next working day"
"$BIN" --db "$DB" report day >"$T/out" 2>"$T/err"
LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 "$BIN" --db "$DB" report day >"$T/out" 2>"$T/err"
expect_out "日报 2026-11-27" "Chinese title"
expect_out "电话：有效 4 / 拨打 6（目标 50）" "Chinese calls"
rd report week; expect_rc 64 "unknown report"
rd report day 2026-13-01; expect_rc 64 "bad date"
rd today --view nope; expect_rc 64 "bad view"
rd today --limit x; expect_rc 64 "bad limit"
for c in today receivables report; do
	rd "$c" --help; expect_rc 0 "$c --help"; expect_out "usage: repdesk $c" "$c usage"
done
finish
