# Fixing mistakes: `edit` and `delete` of a call, an order, a payment, a visit
# and a note by uid, each value checked as `log` checks it, the figures worked
# out again; an edit and a deletion reach the team lead's book in the next
# bundle. Also what `log` refuses or warns about: a promised payment date
# before the order's, `--next +3`.
. tests/cli/lib.sh

uid_of() { sqlite3 "$DB" "SELECT uid FROM $1 WHERE deleted = 0 ORDER BY id DESC LIMIT 1"; }

DB="$T/rep.db"
rd init --rep A --group G1; expect_rc 0 "init"
printf 'uid,name,monthly_amount\nA-1,百信科技,30000\nA-2,Other,8000\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "customers"

# ---- log call --next +3: days from today, as the workbench takes it ----
rd log call A-1 --outcome effective --next +3; expect_rc 0 "--next +3"
expect_out "next contact 2026-11-30" "+3 from 2026-11-27"
rd show A-1; expect_out "next_call       2026-11-30" "the follow-up is three days on"
rd log call A-1 --outcome effective --next +x; expect_rc 64 "--next +x refused"
expect_err "+3 for in three days" "the message shows the form"

# ---- a promised payment date before the order's date is refused ----
rd log order A-1 5000 --date 2026-11-20 --due 2026-11-10; expect_rc 65 "due before the order"
expect_err "before the order's date" "says why"
expect_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM orders')" 0 "nothing written"
printf 'customer,date,amount,due\nA-1,2026-11-20,5000,2026-11-01\n' >"$T/o.csv"
rd import orders "$T/o.csv"; expect_rc 65 "import refuses it too"

# ---- an order ten times the customer's month: saved, with a warning ----
DB="$T/big.db"
rd init --rep B --group G1
printf 'uid,name,monthly_amount\nB-1,Big,12000\n' >"$T/b.csv"
rd import customers "$T/b.csv"
rd log order B-1 119999; expect_rc 0 "under ten times: no warning"
expect_eq "$(cat "$T/err")" "" "nothing on stderr"
rd log order B-1 120000; expect_rc 0 "ten times the monthly amount: saved"
expect_err "10 times" "with a warning"
expect_err "repdesk edit order" "naming the way to correct it"
expect_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM orders')" 2 "both saved"
rd plan 2026-11 --target 5000; expect_rc 0 "a plan: the customer's target counts first"
rd log order B-1 60000; expect_rc 0 "against the target"
expect_err "times" "ten times the plan's target for the customer"
DB="$T/rep.db"

# ---- a payment beyond the open balance is kept as a credit ----
DB="$T/credit.db"
rd init --rep C --group G1
printf 'uid,name\nC-1,百信科技\nC-2,Prepaid\n' >"$T/cr.csv"
rd import customers "$T/cr.csv"
rd log order C-1 10000 --date 2026-11-20
rd log payment C-1 15000 --date 2026-11-21; expect_rc 0 "a payment above the balance"
rd log payment C-2 300; expect_rc 0 "a payment before any order"
rd show C-1; expect_out "¥5,000" "show: the credit"
expect_out "credit" "show: named a credit"
rd show C-2; expect_out "¥300" "show: paid before any order is a credit too"
rd receivables; expect_rc 0 "receivables"
expect_out "百信科技 ¥5,000" "receivables lists the credit"
expect_out "Prepaid ¥300" "and the one paid before any order"
rd receivables --format csv; expect_no_out "5000.00" "the CSV stays the open orders only"
rd report day; expect_out "Credit held: ¥5,300 for 2 customers" "the day report shows the credit"
# The day report of an earlier day has the credit as it stood then: the
# payment of the 21st is not yet made on the 20th.
rd report day 2026-11-21; expect_out "Credit held: ¥5,000 for 1 customer" "the 21st: C-1's credit, not C-2's of today"
rd report day 2026-11-20; expect_no_out "Credit held" "the 20th: no credit yet"
rd log order C-1 8000 --date 2026-11-27; expect_rc 0 "the next order"
rd show C-1; expect_no_out "credit" "the next order takes the credit"
rd receivables --format csv; expect_out "8000.00" "the new order is listed"
expect_out "5000.00" "with the credit paid towards it"
DB="$T/rep.db"

# ---- show lists the history with each row's uid ----
rd log order A-1 5000 --date 2026-11-20 --due 2026-11-30; expect_rc 0 "an order"
ORDER=$(uid_of orders)
rd log payment A-1 1000 --date 2026-11-21; expect_rc 0 "a payment"
PAY=$(uid_of payments)
rd note A-1 "wrong note"; NOTE=$(uid_of notes)
rd log visit A-1 --place 天河 --outcome effective; VISIT=$(uid_of visits)
CALL=$(uid_of calls)
rd show A-1; expect_rc 0 "show"
expect_out "$ORDER" "the order's uid is listed"
expect_out "$PAY" "the payment's uid is listed"
expect_out "$NOTE" "the note's uid is listed"
expect_out "$VISIT" "the visit's uid is listed"
expect_out "$CALL" "the call's uid is listed"

# ---- edit ----
rd edit order "$ORDER" amount=6000; expect_rc 0 "edit an order's amount"
expect_out "updated" "says so"
rd receivables --format csv; expect_out "6000.00" "the ledger follows the edit"
expect_out "5000.00" "open: 6000 less 1000 paid"
rd today --format csv; expect_rc 0 "today after an edit"
rd edit order "$ORDER" amount=6000; expect_rc 0 "the same value again"
expect_out "nothing changed" "nothing to change"
rd edit order "$ORDER" due=2026-11-01; expect_rc 65 "an edit is checked as log is"
expect_err "before the order's date" "the due rule holds for edits"
rd edit order "$ORDER" colour=red; expect_rc 64 "an unknown field"
expect_err "amount" "the valid fields are named"
expect_err "due" "every one of them"
rd edit order "$ORDER" amount=lots; expect_rc 65 "a bad amount"
rd edit order "$ORDER" amount; expect_rc 64 "not FIELD=VALUE"
rd edit order 01234567-89ab-7cde-8f01-23456789abcd amount=1; expect_rc 64 "an unknown uid"
expect_err "no order" "says which"
rd edit calls "$CALL" outcome=busy; expect_rc 64 "KIND is singular"
rd edit call "$CALL" outcome=拒绝 note=changed next=2026-12-05; expect_rc 0 "a call's outcome, note, next"
expect_eq "$(sqlite3 "$DB" "SELECT outcome || '|' || note || '|' || next_call FROM calls WHERE uid = '$CALL'")" \
	"refused|changed|2026-12-05" "the call changed"
rd edit call "$CALL" outcome=maybe; expect_rc 65 "a bad outcome"
expect_err "effective" "the outcomes are named"
rd edit visit "$VISIT" place=海珠 time=10:30; expect_rc 0 "a visit's place and time"
rd edit visit "$VISIT" time=25:00; expect_rc 65 "a bad time"
rd edit note "$NOTE" note="right note"; expect_rc 0 "a note's text"
rd show A-1; expect_out "right note" "the note changed"; expect_no_out "wrong note" "the old text gone"
rd edit payment "$PAY" customer=A-2; expect_rc 0 "a payment moved to another customer"
rd receivables --format csv; expect_out "6000.00" "A-1's order now wholly open"
rd edit payment "$PAY" customer=Nobody; expect_rc 65 "an unknown customer"
rd edit payment "$PAY" customer=A-1; expect_rc 0 "and back"
STAMP1=$(sqlite3 "$DB" "SELECT updated_at FROM orders WHERE uid = '$ORDER'")

# ---- delete ----
rd delete note "$NOTE"; expect_rc 0 "delete a note"
expect_out "deleted" "says so"
expect_eq "$(sqlite3 "$DB" "SELECT deleted FROM notes WHERE uid = '$NOTE'")" 1 "a tombstone, not a gap"
rd delete note "$NOTE"; expect_rc 64 "a deleted row is not found again"
rd edit note "$NOTE" note=x; expect_rc 64 "nor edited"
rd delete order 01234567-89ab-7cde-8f01-23456789abcd; expect_rc 64 "an unknown uid"
rd delete gadget "$NOTE"; expect_rc 64 "an unknown kind"
rd delete call; expect_rc 64 "no uid"

# ---- the edit and the deletion travel in the bundle ----
rd export bundle --out "$T/a1.bundle"; expect_rc 0 "first bundle"
DB="$T/lead.db"
rd init --rep Lead --group Leads; expect_rc 0 "lead"
rd team add "$T/a1.bundle"; expect_rc 0 "lead adds A"
expect_eq "$(sqlite3 "$DB" "SELECT amount FROM orders WHERE uid = '$ORDER'")" 600000 "the lead has the edited amount"
DB="$T/rep.db"
rd edit order "$ORDER" amount=7000; expect_rc 0 "a later edit"
STAMP2=$(sqlite3 "$DB" "SELECT updated_at FROM orders WHERE uid = '$ORDER'")
[ "$STAMP2" \> "$STAMP1" ] && _ok || _bad "an edit bumps the stamp ($STAMP1 -> $STAMP2)"
rd delete payment "$PAY"; expect_rc 0 "delete the payment"
rd delete call "$CALL"; expect_rc 0 "delete the call"
rd receivables --format csv; expect_out "7000.00" "open again in full"
rd export bundle --out "$T/a2.bundle"; expect_rc 0 "second bundle"
DB="$T/lead.db"
rd team add "$T/a2.bundle"; expect_rc 0 "lead adds A again"
expect_eq "$(sqlite3 "$DB" "SELECT amount FROM orders WHERE uid = '$ORDER'")" 700000 "the lead sees the later edit"
expect_eq "$(sqlite3 "$DB" "SELECT deleted FROM payments WHERE uid = '$PAY'")" 1 "the lead sees the payment deleted"
expect_eq "$(sqlite3 "$DB" "SELECT deleted FROM calls WHERE uid = '$CALL'")" 1 "the lead sees the call deleted"
rd team report --format csv; expect_rc 0 "the lead's report"
expect_out "7000.00" "the report counts the edited order"

# Under Chinese, edit's and delete's complaints name the kind and the field
# in Chinese; in English they read as sentences.
zh() { LANG=zh_CN.UTF-8 LC_ALL= "$BIN" --db "$DB" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
zh edit order "$ORDER" amount=abc; expect_rc 65 "a bad amount in Chinese"
expect_err "金额: 'abc' 不是金额" "the field named in Chinese"
zh edit order "$ORDER" bogus=1; expect_rc 64 "no such field in Chinese"
expect_err "“bogus”不是订单的字段（客户编号、日期、金额" "the kind and the fields in Chinese"
zh edit order "$ORDER" bogus; expect_rc 64 "not FIELD=VALUE in Chinese"
expect_err "（订单的字段：客户编号" "the kind's fields in Chinese"
zh delete call "$ORDER"; expect_rc 64 "no such call"
expect_err "找不到通话 $ORDER" "the kind in Chinese"
if grep -q "order\|call\|amount" "$T/err"; then _bad "English in Chinese: $(cat "$T/err")"; else _ok; fi
rd edit order "$ORDER" bogus=1
expect_err "'bogus' is not one of the order's fields (customer, date, amount, due, note, volume)" "in English"

finish
