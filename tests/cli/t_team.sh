# The team: three reps' books built with log commands, their bundles merged
# into two lead books in different orders and twice, the report's figures
# exact and the books the same; concurrent edits kept as conflicts; damaged,
# foreign, truncated and newer bundles refused with the book unchanged.
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
rd log call A-1 --outcome effective --date 2026-11-02; expect_rc 0 "call"
rd log call A-2 --outcome effective --date 2026-11-20
rd log call A-2 --outcome busy --date 2026-11-27
rd log order A-1 30000 --date 2026-11-02
rd log order A-2 20000 --date 2026-11-20
rd log order A-1 7000 --date 2026-10-15
rd log payment A-1 10000 --date 2026-11-27; expect_rc 0 "payment"
rd team report --format csv; expect_rc 0 "a rep's own report"
expect_out "1,G1,A,100000.00,50000.00,0.50,0.53,3,2,2,10000.00" "the rep's own figures"

rep B G1 50000
rd log call B-1 --outcome effective --date 2026-11-03
rd log call B-2 --outcome order --date 2026-11-27
rd log order B-1 40000 --date 2026-11-27

rep C G2 200000
rd log call C-1 --outcome no-answer --date 2026-11-05
rd log order C-2 60000 --date 2026-11-05

for r in A B C; do
	DB="$T/$r.db"
	rd export bundle --out "$T/$r.bundle"; expect_rc 0 "bundle of $r"
done

DB="$T/lead1.db"
rd init --rep Lead --group Leads
rd team add "$T/A.bundle" "$T/B.bundle" "$T/C.bundle"; expect_rc 0 "lead 1 adds A B C"
expect_out "customers  2 added, 0 updated, 0 conflicts" "added per table"
expect_out "orders     3 added, 0 updated, 0 conflicts" "A's orders added"
rd team add "$T/A.bundle"; expect_rc 0 "A again"
expect_out "nothing new" "adding twice changes nothing"
expect_out "A (G1)" "the bundle added again names its rep"
expect_out "the same bundle was added on 2026-11-27" "the bundle is recognised"
# Recognised by its bytes, whatever its name.
cp "$T/A.bundle" "$T/A-copy.bundle"
rd team add "$T/A-copy.bundle"; expect_rc 0 "a copy of A"
expect_out "the same bundle was added on" "a copy is recognised"

DB="$T/lead2.db"
rd init --rep Lead --group Leads
rd team add "$T/C.bundle" "$T/B.bundle"; expect_rc 0 "lead 2 adds C B"
rd team add "$T/A.bundle" "$T/C.bundle" "$T/B.bundle" "$T/A.bundle"; expect_rc 0 "lead 2 adds A C B A"
expect_eq "$(grep -c 'the same bundle was added' "$T/out")" 3 "C, B and the second A recognised"

cat >"$T/want.csv" <<'CSV'
rank,group,rep,target,achieved,progress,pace,calls,effective_calls,deals,collected,visits,bundle_date,ytd_target,ytd_achieved,pipeline,weighted
1,G1,*,150000.00,90000.00,0.60,0.63,5,4,3,10000.00,0,,150000.00,97000.00,0.00,0.00
1,G1,B,50000.00,40000.00,0.80,0.84,2,2,1,0.00,0,2026-11-27,50000.00,40000.00,0.00,0.00
2,G1,A,100000.00,50000.00,0.50,0.53,3,2,2,10000.00,0,2026-11-27,100000.00,57000.00,0.00,0.00
2,G2,*,200000.00,60000.00,0.30,0.32,1,0,1,0.00,0,,200000.00,60000.00,0.00,0.00
1,G2,C,200000.00,60000.00,0.30,0.32,1,0,1,0.00,0,2026-11-27,200000.00,60000.00,0.00,0.00
CSV
# The year to date: A's October order counts, with no October plan to add to the target.
# Every figure, and the whole book, the same in both leads.
for l in 1 2; do
	DB="$T/lead$l.db"
	rd team report 2026-11 --format csv; expect_rc 0 "report of lead $l"
	expect_same "$T/out" "$T/want.csv" "report of lead $l"
	for what in customers orders payments calls; do
		# The same rows; rows of one day may come in another order (local row ids).
		rd export "$what" --out "$T/x.csv"; expect_rc 0 "export $what of lead $l"
		sort "$T/x.csv" >"$T/lead$l.$what.csv"
	done
	rd team report 2026-11 --by rep --format csv >/dev/null
	cp "$T/out" "$T/lead$l.byrep"
	rd team report day 2026-11-27; expect_rc 0 "day report of lead $l"
	cp "$T/out" "$T/lead$l.day"
done
for what in customers orders payments calls byrep day; do
	f=$what; case $what in byrep|day) ;; *) f=$what.csv ;; esac
	expect_same "$T/lead1.$f" "$T/lead2.$f" "$what of the two leads"
done
DB="$T/lead1.db"
rd team report 2026-11 --by rep --format csv
expect_eq "$(sed -n 2p "$T/out")" "1,G1,B,50000.00,40000.00,0.80,0.84,2,2,1,0.00,0,2026-11-27,50000.00,40000.00,0.00,0.00" "by rep: B first"
expect_eq "$(sed -n 4p "$T/out")" "3,G2,C,200000.00,60000.00,0.30,0.32,1,0,1,0.00,0,2026-11-27,200000.00,60000.00,0.00,0.00" "by rep: C third"
rd team report day 2026-11-27
expect_out "1. G1: ¥90,000 / ¥150,000 60%, pace 63%" "day report: the group (pace as a percentage, as on the screens)"
expect_out "  B: calls 1 effective / 1 dialed, deals 1, sales ¥40,000, collected ¥0; month ¥40,000 / ¥50,000 80%, pace 84%" "day report: a rep"
rd team report 2026-11
expect_eq "$(grep -E '^ +1 +G1 +\* ' "$T/out" | awk '{ print $6, $7 }')" "60% 63%" "the table gives pace as a percentage"
rd team report 2026-11
expect_out "20 of 21 working days to 2026-11-27" "working days"
expect_out "¥150,000" "table money"
rd team report 2026-10 --format csv
expect_out "1,G1,A,0.00,7000.00,-,-,0,0,1,0.00" "October: no target, its order"

# A re-plan travels: the old targets' deletions too.
DB="$T/A.db"
rd plan 2026-11 --target 200000; expect_rc 0 "A plans again"
rd export bundle --out "$T/A2.bundle"
DB="$T/lead1.db"
rd team add "$T/A2.bundle"; expect_rc 0 "the new plan"
expect_out "targets" "targets travel"
rd team report 2026-11 --format csv
expect_out "2,G1,A,200000.00,50000.00,0.25,0.26,3,2,2,10000.00" "the new target counts"

# A bundle carries its own rep's rows only: B took A's bundle, so B's next
# one carries A's rows, and is refused whole.
DB="$T/B.db"
rd team add "$T/A2.bundle"; expect_rc 0 "B adds A's bundle"
rd export bundle --out "$T/Bx.bundle"
DB="$T/lead1.db"
rd team add "$T/Bx.bundle"; expect_rc 65 "a bundle with another rep's rows"
expect_err "belong to another rep" "the rows of another rep named"
# Concurrent edits of one customer: A's book on a second device (a copy
# with its own device id) and A's laptop both changed A-1.
cp "$T/A.db" "$T/A-phone.db"
sqlite3 "$T/A-phone.db" "UPDATE settings SET value = '0b0b0b0b' WHERE key = 'device'" </dev/null
DB="$T/A.db"
rd set A-1 phone=111; expect_rc 0 "A edits A-1"
rd export bundle --out "$T/A3.bundle"
sleep 0.01
DB="$T/A-phone.db"
rd set A-1 phone=222; expect_rc 0 "A's second device edits A-1"
rd export bundle --out "$T/B3.bundle"
for order in "A3 B3" "B3 A3"; do
	DB="$T/lead-$(echo $order | tr -d ' ').db"
	for b in A2 $order; do rd team add "$T/$b.bundle"; done
	rd team conflicts --format csv; expect_rc 0 "conflicts ($order)"
	expect_eq "$(grep -c '^customers,A-1,A,' "$T/out")" 1 "one conflict kept ($order)"
	expect_out '"phone"":""111""' "the losing version kept ($order)"
	rd show A-1
	expect_out "222" "the later edit wins ($order)"
	rd export customers --out "$T/x.csv"
	sort "$T/x.csv" >"$T/cust-$(echo $order | tr -d ' ').csv"
done
expect_same "$T/cust-A3B3.csv" "$T/cust-B3A3.csv" "conflicting bundles in either order"
# An edit made after seeing the other side is no conflict.
DB="$T/A.db"
rd team add "$T/B3.bundle"; expect_rc 0 "A adds the second device's bundle"
rd set A-1 phone=333
rd export bundle --out "$T/A4.bundle"
DB="$T/lead-A3B3.db"
rd team add "$T/A4.bundle"; expect_rc 0 "A's later edit"
expect_out "customers  0 added, 1 updated, 0 conflicts" "a fast-forward"

# Bad bundles: refused, the lead's book exactly as it was.
DB="$T/lead1.db"
rd export customers --out "$T/before.csv"
rd team report 2026-11 --format csv; cp "$T/out" "$T/before.report"
size=$(wc -c <"$T/C.bundle")
head -c $((size / 2)) "$T/C.bundle" >"$T/trunc.bundle"
rd team add "$T/trunc.bundle"; expect_rc 65 "truncated bundle"
expect_err "trunc.bundle" "the message names the file"
expect_err "nothing of it was merged" "and says nothing was merged"
printf 'name,phone\nx,1\n' >"$T/text.bundle"
rd team add "$T/text.bundle"; expect_rc 65 "a text file"
expect_err "not a repdesk database" "foreign"
: >"$T/empty.bundle"
rd team add "$T/empty.bundle"; expect_rc 65 "an empty file"
rd team add "$T/missing.bundle"; expect_rc 66 "a missing file"
if command -v sqlite3 >/dev/null; then
	cp "$T/C.bundle" "$T/new.bundle"
	sqlite3 "$T/new.bundle" "PRAGMA user_version = 99" </dev/null
	rd team add "$T/new.bundle"; expect_rc 65 "a newer bundle"
	expect_err "newer repdesk" "the newer schema named"
	sqlite3 "$T/other.bundle" "CREATE TABLE t(x); INSERT INTO t VALUES (1)" </dev/null
	rd team add "$T/other.bundle"; expect_rc 65 "another program's database"
	cp "$T/C.bundle" "$T/damaged.bundle"
	printf 'garbagegarbagegarbage' | dd of="$T/damaged.bundle" bs=1 seek=$((size - 3000)) conv=notrunc 2>/dev/null
	# The second page's header, whatever the page size (header bytes 16-17).
	pg=$(od -An -tu1 -j16 -N2 "$T/damaged.bundle" | awk '{ print $1 * 256 + $2 }')
	dd if=/dev/zero of="$T/damaged.bundle" bs=1 seek="$pg" count=2048 conv=notrunc 2>/dev/null
	rd team add "$T/damaged.bundle"; [ "$rc" != 0 ] && _ok || _bad "a damaged bundle: exit $rc"
fi
rd team add "$T/A.bundle" "$T/trunc.bundle"; expect_rc 65 "a good and a bad bundle"
rd export customers --out "$T/after.csv"
expect_same "$T/before.csv" "$T/after.csv" "the book unchanged"
rd team report 2026-11 --format csv
expect_same "$T/out" "$T/before.report" "the figures unchanged"

# The rep's name and group change later; the next bundle carries it.
DB="$T/C.db"
rd config rep --group G1; expect_rc 0 "config rep"
expect_out "group G1" "C moves to G1"
rd config rep --name Carol
expect_out "rep Carol" "C renamed"
rd export bundle --out "$T/C2.bundle"
DB="$T/lead1.db"
rd team add "$T/C2.bundle"; expect_rc 0 "C's new identity"
rd team report 2026-11 --format csv
expect_out ",G1,Carol,200000.00," "Carol in G1"
expect_no_out ",G2," "G2 gone"
rd team report 2026-13; expect_rc 64 "a bad month"
rd team frob; expect_rc 64 "a bad subcommand"
# A run whose bundles outgrow the book builds the search index and the list
# indexes once at the end; the book ends as with one bundle at a time.
for r in D E; do
	DB="$T/$r.db"
	rd init --rep "$r" --group G3
	awk -v r="$r" 'BEGIN { print "uid,name,phone"
		for (i = 1; i <= 600; i++) printf "%s-%d,%s shop %d,139%08d\n", r, i, r, i, i }' >"$T/c.csv"
	rd import customers "$T/c.csv"; expect_rc 0 "600 customers of $r"
	rd log call "$r-7" --outcome effective --date 2026-11-03
	rd export bundle --out "$T/$r.bundle"; expect_rc 0 "bundle of $r"
done
DB="$T/lead3.db"
rd init --rep Lead --group Leads
rd team add "$T/D.bundle" "$T/E.bundle"; expect_rc 0 "D and E in one run"
DB="$T/lead4.db"
rd init --rep Lead --group Leads
rd team add "$T/D.bundle"; rd team add "$T/E.bundle"; expect_rc 0 "D, then E"
for db in lead3 lead4; do
	DB="$T/$db.db"
	rd customers --search "E shop 59" --format csv; expect_rc 0 "search $db"
	cp "$T/out" "$T/$db.search"
	rd customers --format csv; cp "$T/out" "$T/$db.list"
	rd today --format csv; cp "$T/out" "$T/$db.today"
	rd team report 2026-11 --format csv; cp "$T/out" "$T/$db.report"
done
expect_same "$T/lead3.search" "$T/lead4.search" "the same search after one run"
expect_eq "$(grep -c 'E shop 59' "$T/lead3.search")" 11 "the run's last bundle searchable"
expect_same "$T/lead3.list" "$T/lead4.list" "the same list after one run"
expect_same "$T/lead3.today" "$T/lead4.today" "the same day after one run"
expect_same "$T/lead3.report" "$T/lead4.report" "the same team report after one run"
grep -q '^[0-9]*,G3,D,.*,1,1,0,0.00,0,2026-11-27,[0-9.]*,[0-9.]*,0.00,0.00$' "$T/lead3.report" && _ok ||
	_bad "D's call in the team report after the run"
if command -v sqlite3 >/dev/null; then
	expect_eq "$(sqlite3 "$T/lead3.db" "SELECT count(*) FROM sqlite_schema WHERE name IN
		('customers_list', 'customers_name', 'customers_fts_ai', 'customers_fts_au',
		 'customers_fts_ad')" "SELECT count(*) FROM settings WHERE key = 'team_deferred'" \
		"SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'team_%'" \
		</dev/null | tr '\n' ' ')" "5 0 12 " "indexes and triggers back"
	# A run cut short: the next open builds what it left.
	sqlite3 "$T/lead4.db" </dev/null "DROP TRIGGER customers_fts_ai;
		DROP INDEX customers_name; INSERT INTO settings VALUES ('team_deferred', '1');
		INSERT INTO customers(uid, name, updated_at) VALUES ('late-1', 'Late shop',
		'2026-11-27T09:00:00.000Z.000000.00000000')"
	DB="$T/lead4.db"
	rd customers --search "Late shop" --format csv; expect_rc 0 "a book left by a run"
	expect_out "Late shop" "its search index finished at open"
	expect_eq "$(sqlite3 "$T/lead4.db" "SELECT count(*) FROM sqlite_schema WHERE name IN
		('customers_name', 'customers_fts_ai')" </dev/null)" 2 "its indexes back"
fi

# The month's report counts every day of the month, a past month all of its
# days; a day's report that day alone; the month rollup agrees with the days.
DB="$T/later.db"
rd init --rep F --group G9
printf 'uid,name\nF-1,F one\n' >"$T/c.csv"
rd import customers "$T/c.csv"
rd log order F-1 1000 --date 2026-11-20
rd log order F-1 2000 --date 2026-11-29; expect_rc 0 "an order dated after today"
rd log order F-1 4000 --date 2026-10-31
rd log call F-1 --outcome effective --date 2026-11-30
rd team report 2026-11 --format csv
expect_out "1,G9,F,0.00,3000.00,-,-,1,1,2,0.00" "November"
rd team report 2026-10 --format csv
expect_out "1,G9,F,0.00,4000.00,-,-,0,0,1,0.00" "the whole of October"
rd log order F-1 500 --date 2026-11-27
rd team report 2026-11 --format csv
expect_out "1,G9,F,0.00,3500.00,-,-,1,1,3,0.00" "today's order counts"
rd team report day 2026-11-20; expect_rc 0 "the day report of a past day"
expect_out "F: calls 0 effective / 0 dialed, deals 1, sales ¥1,000" "that day alone"
if command -v sqlite3 >/dev/null; then
	expect_eq "$(sqlite3 "$DB" "SELECT month, deals, sales, calls FROM team_months ORDER BY month" \
		</dev/null | tr '\n' ' ')" "2026-10|1|400000|0 2026-11|3|350000|1 " "the month rollup"
fi
finish
