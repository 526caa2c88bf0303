# The team lead's own book: their empty book is no rep to rank, a lead who
# sells is ranked like any rep; their Today counts their own work, not the
# reps' merged into it; a rep whose latest bundle is older than the
# report's day is marked stale with its date.
. tests/cli/lib.sh

# rep NAME GROUP TARGET: a rep's book $T/NAME.db with two customers.
rep() {
	DB="$T/$1.db"
	rd init --rep "$1" --group "$2"; expect_rc 0 "init $1"
	printf 'uid,name,monthly_amount\n%s-1,%s one,30000\n%s-2,%s two,8000\n' "$1" "$1" "$1" "$1" >"$T/c.csv"
	rd import customers "$T/c.csv"; expect_rc 0 "customers of $1"
	rd plan 2026-11 --target "$3"; expect_rc 0 "plan of $1"
}

rep A G1 100000
rd log call A-1 --outcome effective; expect_rc 0 "A's call"
rd log call A-2 --outcome busy
rd log visit A-2 --outcome effective
rd log order A-1 30000; expect_rc 0 "A's order today"
rd log order A-2 5000 --date 2026-11-03
rd log payment A-1 1000
rd export bundle --out "$T/A.bundle"; expect_rc 0 "bundle of A"
rep B G1 50000
rd log order B-1 20000 --date 2026-11-20
rd export bundle --out "$T/B.bundle"; expect_rc 0 "bundle of B"

DB="$T/lead.db"
rd init --rep Lead --group Leads; expect_rc 0 "the lead's book"
# B's bundle came two days ago, A's today.
REPDESK_TODAY=2026-11-25 rd team add "$T/B.bundle"; expect_rc 0 "B on the 25th"
rd team add "$T/A.bundle"; expect_rc 0 "A today"

# The lead's empty book is not ranked, as a group or a rep.
rd team report 2026-11 --format csv; expect_rc 0 "report"
expect_no_out "Leads" "no empty group of the lead"
expect_no_out ",Lead," "no empty lead"
expect_eq "$(head -1 "$T/out")" \
	"rank,group,rep,target,achieved,progress,pace,calls,effective_calls,deals,collected,visits,bundle_date" \
	"the bundle's date, last"
expect_out "2,G1,A,100000.00,35000.00,0.35,0.37,2,1,2,1000.00,1,2026-11-27" "A's bundle of today"
expect_out "1,G1,B,50000.00,20000.00,0.40,0.42,0,0,1,0.00,0,2026-11-25" "B's bundle of the 25th"
rd team report 2026-11 --by rep --format csv
expect_no_out ",Lead," "no empty lead by rep"
rd team report day 2026-11-27; expect_rc 0 "day report"
expect_no_out "Leads" "no empty group in the day report"
expect_out "stale: their latest bundle was added on 2026-11-25" "B stale in the day report"
# The table marks B, and only B, stale with the date.
rd team report 2026-11; expect_rc 0 "table"
expect_out "stale: 2026-11-25" "B stale in the table"
expect_eq "$(grep -c 'stale' "$T/out")" 1 "only B is stale"
grep ' B ' "$T/out" | grep -q 'stale: 2026-11-25' && _ok || _bad "the mark on B's line"
# Not stale for a day the bundle covers.
rd team report day 2026-11-25
expect_no_out "stale" "B's bundle covers the 25th"

# The lead's Today: the reps' calls, visits, orders and payments are theirs.
rd today --format csv; expect_rc 0 "the lead's today"
expect_out "calls,0,50" "no effective call of the lead's"
expect_out "dialed,0," "none dialed"
expect_out "deals,0," "no deal"
expect_out "sales,0.00," "no sale"
expect_out "collect,0.00," "nothing collected"
expect_out "visits,0," "no visit"
rd today; expect_rc 0 "the lead's queue"
expect_no_out "failed attempt today" "A's busy call is not the lead's attempt"
rd report day; expect_rc 0 "the lead's day report"
expect_out "Calls: 0 effective / 0 dialed" "the day report counts the lead's calls"
expect_out "Sales: ¥0" "and the lead's sales"

# A lead who sells is ranked like any rep, and their Today is their own.
printf 'uid,name\nL-1,Lead shop\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "the lead's own customer"
rd log call L-1 --outcome effective; expect_rc 0 "the lead calls"
rd log order L-1 8000; expect_rc 0 "the lead sells"
rd log order L-1 2000 --date 2026-11-10
rd today --format csv
expect_out "calls,1,50" "the lead's call"
expect_out "dialed,1," "dialed once"
expect_out "deals,1," "the lead's deal"
expect_out "sales,8000.00," "the lead's sale"
rd report day
expect_out "Sales: ¥8,000" "the lead's day report"
rd team report 2026-11 --format csv
expect_out ",Leads,*,0.00,10000.00," "the lead's group ranked"
expect_out ",Leads,Lead,0.00,10000.00,-,-,1,1,2,0.00,0," "the lead ranked, no bundle date"
# A plan of the lead's own also ranks them.
DB="$T/lead2.db"
rd init --rep Lead --group Leads
rd team add "$T/A.bundle"
rd plan 2026-11 --target 10000; expect_rc 0 "the lead plans"
rd team report 2026-11 --format csv
expect_out ",Leads,Lead,10000.00,0.00," "a lead with a plan is ranked"
finish
