# The workbench's call queue as a rep working through it sees it (script
# mode on the demo book): the selection after an outcome, which customer the
# keys act on (named in the side pane's title), what the queue shows.
. tests/cli/lib.sh

# play SCRIPT: run the workbench on the book with the keys of SCRIPT.
play() {
	(cd "$T" && LINES=${ROWS:-24} COLUMNS=${COLS:-80} REPDESK_SCRIPT="$1" \
	 "$BIN" --db "$DB" >"$T/out" 2>"$T/err")
	rc=$?
}
# has SCREEN TEXT WHAT: the dumped screen shows TEXT.
has() { if grep -qF -- "$2" "$T/$1"; then _ok; else _bad "$3: $1 lacks '$2'"; sed 's/^/  | /' "$T/$1" >&2; fi; }
lacks() { if grep -qF -- "$2" "$T/$1"; then _bad "$3: $1 has '$2'"; sed 's/^/  | /' "$T/$1" >&2; else _ok; fi; }
# fresh: the demo book again.
fresh() { rm -f "$DB"; rd init --demo --rep 张三 --group 一组; expect_rc 0 "demo book"; }
# queue_row N: the name of the queue's Nth entry (its first 12 characters).
queue_row() { "$BIN" --db "$DB" today --view queue --format csv | awk -F, -v n="$1" 'NR == n + 1 { print $3 }'; }

fresh
FIRST=$(queue_row 1)
SECOND=$(queue_row 2)
expect_eq "$(test -n "$FIRST" && test -n "$SECOND" && echo ok)" ok "the demo book has a queue"

# A no-answer from the queue: the selection moves on to the next entry, and
# the next call is to that customer, not the same one again. The second has
# several contacts in the demo: its call asks who was spoken to (none).
printf '<Tab>\n:dump q0.screen\nc\nn\n<Enter>\n<Enter>\n:dump q1.screen\nc\nb\n<Enter>\n<Enter>\n<Enter>\n:dump q2.screen\nq\n' \
	>"$T/noanswer.keys"
play "$T/noanswer.keys"; expect_rc 0 "two unanswered calls from the queue"
has q0.screen "acting on $FIRST" "the title names the queue's first entry"
has q1.screen "$FIRST: no-answer call logged." "the first call"
has q1.screen "acting on $SECOND" "after a no-answer the next entry is selected"
has q2.screen "$SECOND: busy call logged." "the second call is to the next customer"
"$BIN" --db "$DB" export calls >"$T/calls.csv"
expect_eq "$(awk -F, '$4 == "2026-11-27"' "$T/calls.csv" | wc -l)" 2 "two calls today"

# The keys act on the selected row of the pane in focus, and the side pane's
# title says which. A search is of the list: after it the list has the focus,
# so `p` asks for the payment of the customer the list shows.
fresh
FIRST=$(queue_row 1)
FOUND=$("$BIN" --db "$DB" customers --search 百 --format csv | sed -n 2p | cut -d, -f2)
printf '%s\n' '<Tab>' '/' 'type 百' '<Enter>' ':dump s1.screen' 'p' ':dump s2.screen' '<Esc>' \
	'<Tab>' ':dump s3.screen' 'C' ':dump s4.screen' 'C' '<Tab>' '2' '1' ':dump s5.screen' \
	'<Tab>' '2' ':dump s6.screen' '3' 'c' ':dump s7.screen' '4' 'p' ':dump s8.screen' '1' \
	':dump s9.screen' 'q' >"$T/target.keys"
play "$T/target.keys"; expect_rc 0 "search, filter and screen switches"
has s1.screen "acting on $FOUND" "after a search the list's customer is the one acted on"
has s2.screen "Payment from $FOUND" "p asks for the payment of the customer the list shows"
has s3.screen "acting on $FIRST" "Tab: the queue's entry"
lacks s4.screen "acting on $FIRST" "a tier filter gives the list the focus"
has s5.screen "acting on $FOUND" "back on Today from Customers: the list's customer"
has s6.screen "$FOUND" "the Customers screen's file is the list's customer"
has s7.screen "No customer is selected." "the Plan screen shows no customer to call"
has s8.screen "No customer is selected." "nor does the Team screen"
has s9.screen "acting on $FOUND" "and Today again: the list's customer still"
"$BIN" --db "$DB" export payments >"$T/pay.csv"
expect_eq "$(grep -c ',2026-11-27,' "$T/pay.csv")" 0 "nothing was paid"

# What counts as contact: a call that reached the customer (refused too), a
# visit, an order, a payment. A refusal yesterday and three orders are not
# "never contacted"; the day report's "call first tomorrow" puts those never
# reached first.
rm -f "$DB"
rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'uid,name,monthly_amount\n' >"$T/c.csv"
printf 'a0,拒绝客户,30000\na1,下单客户,30000\na2,付款客户,30000\n' >>"$T/c.csv"
for i in 1 2 3 4 5; do printf 'b%s,新客户%s,30000\n' "$i" "$i" >>"$T/c.csv"; done
rd import customers "$T/c.csv"; expect_rc 0 "import"
rd config tiers --metric amount S=2万,A=1万,B=5000,C=1000; expect_rc 0 "every customer tier S"
rd --today 2026-11-26 log call a0 --outcome refused; expect_rc 0 "refused yesterday"
for d in 2026-10-05 2026-10-20 2026-11-20; do
	rd --today "$d" log order a1 30000; expect_rc 0 "order on $d"
done
rd --today 2026-11-25 log payment a2 500; expect_rc 0 "a payment"
# No-answer and busy are attempts: counted, never a contact.
rd --today 2026-11-25 log call b2 --outcome no-answer; expect_rc 0 "an attempt"
rd --today 2026-11-26 log call b2 --outcome busy; expect_rc 0 "another"
rd log call b2 --outcome no-answer; expect_rc 0 "a third, today"
rd today --view queue --format csv --limit 20; expect_rc 0 "the queue"
expect_out ',a0,拒绝客户,S,' "a refusal yesterday leaves the customer in today's queue"
if grep ',a0,' "$T/out" | grep -q "never contacted"; then _bad "a refusal is a contact"; else _ok; fi
if grep ',a0,' "$T/out" | grep -qF "since contact"; then _bad "refused yesterday: within the cadence"; else _ok; fi
if grep ',a1,' "$T/out" | grep -q "never contacted"; then _bad "three orders are contact"; else _ok; fi
if grep ',a1,' "$T/out" | grep -qF "7d since contact (S: 3d)"; then _ok; else _bad "days since the last order"; fi
if grep ',a2,' "$T/out" | grep -qF "2d since contact"; then _bad "a payment 2 days ago is within the cadence"; else _ok; fi
if grep ',b1,' "$T/out" | grep -qF "never contacted (S: 3d)"; then _ok; else _bad "never reached at all"; fi
if grep ',b2,' "$T/out" | grep -qF "never reached; 3 tries (S: 3d)"; then _ok; else _bad "the attempts are counted"; fi
LC_ALL= LANG=zh_CN.UTF-8 "$BIN" --db "$DB" today --view queue --limit 20 >"$T/zh.txt" 2>&1
if grep -qF "从未接通，已拨3次（S级：3天）" "$T/zh.txt"; then _ok; else _bad "the attempts in Chinese"; fi
rd report day; expect_rc 0 "day report"
expect_out "Call first tomorrow: 下单客户, 新客户1, 新客户2, 新客户3, 新客户4" "the overdue and the never reached first"
expect_no_out "拒绝客户" "the customer who refused is contacted"
# The workbench: the list's days column and the file's last contact.
printf '%s\n' '2' ':dump c1.screen' 'q' >"$T/days.keys"
play "$T/days.keys"; expect_rc 0 "the Customers screen"
hasre() { if grep -qE -- "$2" "$T/$1"; then _ok; else _bad "$3: $1 lacks /$2/"; sed 's/^/  | /' "$T/$1" >&2; fi; }
hasre c1.screen "拒绝客户 +1d" "the list: refused yesterday, 1d"
hasre c1.screen "下单客户 +7d" "the list: an order 7 days ago"
hasre c1.screen "付款客户 +2d" "the list: a payment 2 days ago"
has c1.screen "last contact   2026-11-20 (7d ago)" "the file: the last order is the last contact"

# The queue's rows: each customer's phone, the reasons cut where one ends
# (never inside an amount), names told apart from the rows beside them; the
# whole reasons are in the file Enter opens.
rm -f "$DB"
rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'uid,name,phone,monthly_amount\nq1,佛山南海全家便利店,13800138001,30000\nq2,佛山南海美宜佳便利店,13800138002,30000\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "import"
rd --today 2026-11-01 log order q1 4200 --due 2026-11-18; expect_rc 0 "an order promised"
printf '%s\n' '<Tab>' ':dump r1.screen' '<Enter>' ':dump r2.screen' 'q' >"$T/rows.keys"
play "$T/rows.keys"; expect_rc 0 "the queue's rows"
has r1.screen "13800138001" "the queue shows the phone"
has r1.screen "13800138002" "each row's phone"
has r1.screen "…全家便利" "the name's distinguishing part shows"
has r1.screen "…美宜佳便" "and the other's"
lacks r1.screen "佛山南海全…" "never two names that read alike"
has r1.screen "¥4,200 due…" "the reasons end where a reason ends"
lacks r1.screen "; pro" "never a reason cut short"
has r2.screen "Today's queue: #1" "Enter: the file says where it is in the queue"
has r2.screen "· promise broken 9d ago (¥4,200)" "and every reason in full"

# The list has column headings, and at 80x24 its columns never run
# together: with a month target the figures that do not fit give way to the
# percent of the target (never "0天12,000/29,…").
rd plan 2026-11 --target 10万; expect_rc 0 "a month plan: customer targets"
rd --today 2026-11-20 log call q1 --outcome effective; expect_rc 0 "a contact"
printf '%s\n' '2' ':dump h1.screen' 'q' >"$T/head.keys"
play "$T/head.keys"; expect_rc 0 "the list in English"
hasre h1.screen "│  Name +Last +Month│" "the list's headings"
lacksre() { if grep -qE -- "$2" "$T/$1"; then _bad "$3: $1 has /$2/"; sed 's/^/  | /' "$T/$1" >&2; else _ok; fi; }
lacksre h1.screen "[0-9]d[0-9]" "the days and the month never touch"
hasre h1.screen "7d +[0-9]+%" "a month figure too wide shows as a percent"
(cd "$T" && LC_ALL= LANG=zh_CN.UTF-8 LINES=24 COLUMNS=80 REPDESK_SCRIPT="$T/head.keys" \
	"$BIN" --db "$DB" >"$T/out" 2>"$T/err"); rc=$?
expect_rc 0 "the list in Chinese"
hasre h1.screen "│  名称 +联系 +本月│" "the headings in Chinese"
lacksre h1.screen "天[0-9]" "the days and the month never touch (Chinese)"

finish
