# The team lead's own book: their empty book is no rep to rank, a lead who
# sells is ranked like any rep; their Today counts their own work, not the
# reps' merged into it; a rep whose latest bundle is older than the
# report's day is marked stale with its date; team conflicts reads field by
# field, says which side won and why, and --take N takes the other side.
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
	"rank,group,rep,target,achieved,progress,pace,calls,effective_calls,deals,collected,visits,bundle_date,ytd_target,ytd_achieved,pipeline,weighted" \
	"the bundle's date, then the year to date, then the pipeline"
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
# A book of the schema before (no index of the bundles by rep) gains it.
sqlite3 "$DB" "DROP INDEX team_bundles_rep; PRAGMA user_version = 11" </dev/null
rd team report 2026-11 --format csv; expect_rc 0 "the report of a book of schema 11"
expect_out ",G1,B,50000.00,20000.00,0.40,0.42,0,0,1,0.00,0,2026-11-25" "its bundle dates"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'team_bundles_rep'"
	</dev/null)" 1 "the index made by the migration"
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
# The reps' customers are in the reps' queues, not the lead's: a call A
# made today does not leave A-1 for the lead to call again.
expect_no_out "A-1" "A's customer called today is not in the lead's queue"
expect_no_out "A-2" "nor A's other customer"
expect_out "0 of 0 customers in today's queue" "the lead's own queue is empty"
rd report day; expect_rc 0 "the lead's day report"
expect_out "Calls: 0 effective / 0 dialed" "the day report counts the lead's calls"
expect_out "Sales: ¥0" "and the lead's sales"

# A rep's customer who owes money is the rep's to collect: the lead's
# collect target, broken promises and tomorrow's money due are the lead's own.
DB="$T/C.db"
rd init --rep C --group G3; expect_rc 0 "C's book"
printf 'uid,name,monthly_amount\nC-1,C one,30000\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "C's customer"
rd log order C-1 4000 --date 2026-11-10 --due 2026-11-20; expect_rc 0 "an order promised for the 20th"
rd log order C-1 3000 --date 2026-11-10 --due 2026-11-28; expect_rc 0 "and one for tomorrow"
rd today --format csv; expect_out "collect,0.00,4000.00" "C's own collect target"
rd export bundle --out "$T/C.bundle"; expect_rc 0 "C's bundle"
DB="$T/lead4.db"
rd init --rep Lead --group Leads; expect_rc 0 "a lead's book"
rd team add "$T/C.bundle"; expect_rc 0 "C's bundle added"
rd today --format csv; expect_out "collect,0.00,0.00" "the lead has nothing to collect of C's"
rd report day; expect_out "Collected: ¥0 / due ¥0" "the lead's day report: nothing due"
expect_out "Broken promises: none" "C's broken promise is C's"
expect_out "Tomorrow: ¥0 due" "and so is tomorrow's money"
rd receivables --format csv; expect_out "C-1," "the receivables still list the team's open orders"

# A lead who sells is ranked like any rep, and their Today is their own.
printf 'uid,name\nL-1,Lead shop\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "the lead's own customer"
rd today; expect_out "L-1" "the lead's own customer in the lead's queue"
expect_no_out "B-1" "B's customer is not"
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

# ---- conflicts: readable, and the other side taken ----
# A's laptop and A's phone (a copy with its own device id) both change A-1's
# phone; the laptop also changes an order's amount, the phone the same order.
DB="$T/A.db"
order=$(sqlite3 "$T/A.db" "SELECT uid FROM orders WHERE amount = 3000000" </dev/null)
cp "$T/A.db" "$T/A-phone.db"
sqlite3 "$T/A-phone.db" "UPDATE settings SET value = '0b0b0b0b' WHERE key = 'device'" </dev/null
rd set A-1 phone=111; expect_rc 0 "the laptop's edit"
sqlite3 "$T/A.db" "UPDATE orders SET amount = 3150000, base_at = updated_at,
	updated_at = substr(updated_at, 1, 25) || '000005.0a0a0a0a' WHERE uid = '$order'" </dev/null
# The laptop deletes A-2's order (a tombstone), the phone changes it.
order2=$(sqlite3 "$T/A.db" "SELECT uid FROM orders WHERE amount = 500000" </dev/null)
sqlite3 "$T/A.db" "UPDATE orders SET deleted = 1, base_at = updated_at,
	updated_at = substr(updated_at, 1, 25) || '000007.0a0a0a0a' WHERE uid = '$order2'" </dev/null
rd export bundle --out "$T/A-laptop.bundle"; expect_rc 0 "the laptop's bundle"
sleep 0.01
DB="$T/A-phone.db"
rd set A-1 phone=222; expect_rc 0 "the phone's later edit"
sqlite3 "$T/A-phone.db" "UPDATE orders SET amount = 3200000, base_at = updated_at,
	updated_at = substr(updated_at, 1, 25) || '000006.0b0b0b0b' WHERE uid = '$order'" </dev/null
sqlite3 "$T/A-phone.db" "UPDATE orders SET amount = 600000, base_at = updated_at,
	updated_at = substr(updated_at, 1, 25) || '000008.0b0b0b0b' WHERE uid = '$order2'" </dev/null
rd export bundle --out "$T/A-phone.bundle"; expect_rc 0 "the phone's bundle"
DB="$T/lead3.db"
rd init --rep Lead --group Leads
rd team add "$T/A.bundle" "$T/A-laptop.bundle" "$T/A-phone.bundle"; expect_rc 0 "both sides merged"
rd team conflicts; expect_rc 0 "the conflicts"
expect_out "customers A-1 (A), from " "the row, its rep and the bundle"
expect_out "  phone: kept 222, lost 111" "field by field"
expect_out "  amount: kept ¥32,000, lost ¥31,500" "money formatted"
expect_out ": made in the same millisecond, it came later by the clock's count" "why the order's version won"
expect_out ": it was made later" "why the phone's version won"
grep -q '^  lost the version of 20[0-9-]* [0-9:]* UTC$' "$T/out" && _ok || _bad "the lost version's time"
expect_no_out '{"' "no raw JSON in the table"
grep -A5 "^#[0-9]* orders $order2 " "$T/out" >"$T/o2.txt"
grep -q "^  amount: kept ¥6,000, lost ¥5,000$" "$T/o2.txt" && _ok || _bad "the edit that won: $(cat "$T/o2.txt")"
grep -q "^  lost: a deletion" "$T/o2.txt" && _ok || _bad "the tombstone that lost named"
id=$(grep '^#[0-9]* customers A-1' "$T/out" | sed 's/^#\([0-9]*\).*/\1/')
expect_out "to keep the lost version instead: repdesk team conflicts --take $id" "the way to take it"
rd team conflicts --format csv
expect_eq "$(head -1 "$T/out")" "table,uid,rep,lost_at,kept_at,source,lost,id,resolved,taken" "the CSV's columns"
rd team conflicts --take "$id"; expect_rc 0 "take the laptop's phone"
expect_out "Conflict #$id taken: customers A-1" "says what was taken"
rd show A-1
expect_out "111" "the lost version is the current one"
rd team conflicts --format csv
grep -q "^customers,A-1,.*,$id,1,\$" "$T/out" && _ok || _bad "the taken conflict is resolved"
grep -q "^customers,A-1,.*\"\"phone\"\":\"\"222\"\".*,0,$id\$" "$T/out" && _ok ||
	_bad "the version it replaced is kept, marked as replaced by the take"
rd team conflicts
expect_out "the version replaced when #$id was taken" "the replaced version listed"
expect_out "resolved: the lost version was taken" "the taken one shown resolved"
rd team conflicts --take "$id"; expect_rc 64 "taken twice"
expect_err "was taken already" "says so"
rd team conflicts --take 999; expect_rc 64 "no such conflict"
rd team conflicts --take x; expect_rc 64 "not a number"
# A bundle merged afterwards that carries the version the take replaced
# changes nothing: the taken version stays, without a new conflict.
DB="$T/A-phone.db"
rd log call A-2 --outcome effective; expect_rc 0 "the phone logs a call"
rd export bundle --out "$T/A-phone2.bundle"
DB="$T/lead3.db"
n=$(sqlite3 "$T/lead3.db" "SELECT count(*) FROM conflicts" </dev/null)
rd team add "$T/A-phone2.bundle"; expect_rc 0 "the phone's next bundle"
expect_no_out "customers" "the customer is not touched"
rd show A-1
expect_out "111" "the taken version kept"
expect_eq "$(sqlite3 "$T/lead3.db" "SELECT count(*) FROM conflicts" </dev/null)" "$n" "no new conflict"

# A kept version that is not a row's fields (no merge writes one) is shown
# as it is and cannot be taken.
bad=$(sqlite3 "$T/lead3.db" "INSERT INTO conflicts(tbl, uid, rep_uid, lost_at, lost, source)
	VALUES ('customers', 'A-1', 'r', '2026-11-01T00:00:00Z', 'not json', 'x') RETURNING id" </dev/null)
rd team conflicts; expect_rc 0 "a version that is not JSON listed"
expect_out "  lost: not json" "shown as it is"
rd team conflicts --take "$bad"; expect_rc 65 "and not taken"
expect_err "cannot be taken" "says why"
sqlite3 "$T/lead3.db" "DELETE FROM conflicts WHERE id = $bad" </dev/null

# A clock running a day ahead: its stamps are clamped to the lead's time,
# and a conflict they take part in says so.
DB="$T/F.db"
rd init --rep F --group G2
dev=$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'device'" </dev/null)
ahead=$(date -u -d "@$(( $(date +%s) + 86400 ))" +%Y-%m-%dT%H:%M:%S)
sqlite3 "$DB" "UPDATE settings SET value = '$ahead.000Z.000000.$dev' WHERE key = 'clock'" </dev/null
printf 'uid,name\nF-1,F one\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "F's customer"
rd export bundle --out "$T/F.bundle"
DB="$T/lead3.db"
rd team add "$T/F.bundle"; expect_rc 0 "F's bundle, clamped"
expect_out "clamped to this machine's time" "the clamp reported"
rd set F-1 phone=91; expect_rc 0 "the lead edits F-1"
DB="$T/F.db"
rd set F-1 phone=92; expect_rc 0 "F edits F-1 without the lead's edit"
rd export bundle --out "$T/F2.bundle"
DB="$T/lead3.db"
rd team add "$T/F2.bundle"; expect_rc 0 "F's next bundle"
expect_out "1 conflict" "a conflict"
rd team conflicts
grep -A5 '^#[0-9]* customers F-1' "$T/out" >"$T/f.txt"
grep -q "clamped to this machine's time" "$T/f.txt" && _ok || _bad "the clamped stamp named: $(cat "$T/f.txt")"
grep -q "phone: kept 9[12], lost 9[12]" "$T/f.txt" && _ok || _bad "F's conflict field by field"
finish
