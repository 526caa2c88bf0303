# The seed's way of building a month and fair baselines: a customer's first
# month is not averaged with months before it existed, nor with months before
# the book began; the current, unfinished month never counts; the customers
# view says how many months each baseline used; --pick fixes the customers
# best able to carry each slot; plan set fixes one customer's target and its
# tier re-spreads exactly; the fixes survive --show and travel in bundles.
. tests/cli/lib.sh

command -v sqlite3 >/dev/null || { echo "t_pick: needs the sqlite3 shell" >&2; exit 1; }
q() { sqlite3 "$@" </dev/null; }
# col UID FIELD: a field of the customers CSV in $T/out, by uid.
col() { awk -F, -v u="$1" -v f="$2" '$1 == u { print $f }' "$T/out"; }

# ---- fair baselines ----
rd init; expect_rc 0 "init"
printf 'uid,name,monthly_amount\nnew,新户,5000\nold,老户,30000\ngap,跳月户,10000\nnone,空户,8000\nlate,近户,12000\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "customers"
rd log order new 4万 --date 2026-11-15; expect_rc 0 "a new customer's first order"
for m in 09 10 11; do rd log order old 3万 --date 2026-$m-10; done
rd log order old 9万 --date 2026-12-03; expect_rc 0 "December's partial orders"
rd log order gap 1万 --date 2026-08-05; rd log order gap 2万 --date 2026-11-05
rd log order late 5万 --date 2026-12-02; expect_rc 0 "an order this month only"

# The issue's example: ¥40,000 in its first month is a ¥40,000 baseline, not ¥13,333.
rd --today 2026-12-01 plan 2026-12 --target 20万 --view customers --format csv; expect_rc 0 "plan December"
expect_eq "$(sed -n 1p "$T/out")" "uid,name,tier,baseline,target,achieved,baseline_months,fixed,weighted_closing,gap" \
	"the months and the fixed flag come after every earlier column"
expect_eq "$(col new 4),$(col new 7)" "40000.00,1" "the first month alone: ¥40,000 over one month"
expect_eq "$(col new 3)" "S" "and its tier follows (S, not A at ¥13,333)"
expect_eq "$(col old 4),$(col old 7)" "30000.00,3" "three whole months"
expect_eq "$(col gap 4),$(col gap 7)" "6666.67,3" "months after the first order with none count as zeros"
expect_eq "$(col none 4),$(col none 7)" "8000.00,0" "no orders: the stated amount, no months"
rd --today 2026-12-01 show new; expect_out "S (computed) from orders: ¥40,000 a month in 2026-11..2026-11" \
	"show names the one month the tier comes from"

# Planning January on 7 December: November is the last whole month; December's
# partial orders (old's ¥90,000, late's ¥50,000) never count.
rd --today 2026-12-07 plan 2027-01 --target 20万 --view customers --format csv; expect_rc 0 "plan January on 7 December"
expect_eq "$(col old 4),$(col old 7)" "30000.00,3" "7 December: September to November, not December's ¥90,000"
expect_eq "$(col late 4),$(col late 7)" "12000.00,0" "orders this month only: no whole month, the stated amount"
expect_eq "$(col new 4)" "40000.00" "the new customer's first month still counts"
# Once December is over it counts.
rd --today 2027-01-05 plan 2027-01 --target 20万 --view customers --format csv
expect_eq "$(col old 4)" "50000.00" "January on 5 January: October to December"
expect_eq "$(col late 4),$(col late 7)" "50000.00,1" "late's December, now whole, is its first month"

# The book began in October: months before it are not zeros either.
rd --today 2026-12-01 config book_start 2026-10; expect_rc 0 "config book_start"
rd --today 2026-12-01 plan 2026-12 --target 20万 --view customers --format csv
expect_eq "$(col gap 4),$(col gap 7)" "10000.00,2" "October and November only, after the book began"
rd --today 2026-12-01 config book_start 2026-1x; expect_rc 64 "a bad book_start"
rd --today 2026-12-01 config book_start none; expect_rc 0 "book_start cleared"
rd --today 2026-12-01 plan 2026-12 --target 20万 --view customers --format csv
expect_eq "$(col gap 4)" "6666.67" "cleared: back to three months"

# The table says it too.
rd --today 2026-12-01 plan 2026-12 --show --view customers
expect_out "Months" "the months column in the table"
expect_eq "$(grep '新户' "$T/out" | awk '{ print $4 }')" "1" "the table's months for the new customer"

# ---- picks ----
DB="$T/forty.db"
rd init; expect_rc 0 "init forty"
{
	echo "name,monthly_amount"
	for t in 20000 10000 5000 1000; do
		i=1; while [ $i -le 10 ]; do echo "客户$t-$i,$t"; i=$((i + 1)); done
	done
} >"$T/forty.csv"
rd import customers "$T/forty.csv"; expect_out "40 added" "forty customers"

rd plan 2026-12 --target 40万 --pick 10x2万,10x1万,10x5000; expect_rc 0 "the issue's picks"
expect_out "Fixed: 30 customers carry ¥350,000, 87.5% of the target; the other ¥50,000 is spread over 10 customers" \
	"how much of the target the picks cover"
rd plan 2026-12 --show --view customers --format csv
expect_eq "$(awk -F, 'NR > 1 && $3 == "S" && $8 == 1 && $5 == "20000.00"' "$T/out" | wc -l | tr -d ' ')" "10" \
	"ten S customers fixed at ¥20,000"
expect_eq "$(awk -F, 'NR > 1 && $3 == "A" && $8 == 1 && $5 == "10000.00"' "$T/out" | wc -l | tr -d ' ')" "10" \
	"ten A customers fixed at ¥10,000"
expect_eq "$(awk -F, 'NR > 1 && $3 == "B" && $8 == 1 && $5 == "5000.00"' "$T/out" | wc -l | tr -d ' ')" "10" \
	"ten B customers fixed at ¥5,000"
expect_eq "$(awk -F, 'NR > 1 && $3 == "C" && $8 == 0 && $5 == "5000.00"' "$T/out" | wc -l | tr -d ' ')" "10" \
	"the other ¥50,000 over the ten C customers"
expect_eq "$(tail -n +2 "$T/out" | awk -F, '{ s += $5 * 100 } END { printf "%d", s }')" "40000000" \
	"customer targets sum exactly to the target"
rd plan 2026-12 --show --format csv
expect_eq "$(tail -n +2 "$T/out" | awk -F, '{ s += $4 * 100 } END { printf "%d", s }')" "40000000" \
	"tier targets sum exactly to the target"
expect_eq "$(sed -n 5p "$T/out")" "C,10,10000.00,50000.00,12.50,0.00,0.00,50000.00" "the C tier carries the rest"

# A smaller pick: the best-placed customers by baseline, inside the tier order.
rd plan 2026-12 --target 40万 --pick 3x3万 --view customers --format csv; expect_rc 0 "three picks"
expect_eq "$(awk -F, 'NR > 1 && $8 == 1 { print $3 }' "$T/out" | sort -u)" "S" "the picks go to the S tier"

# Shares with every S customer picked: the S share of the rest has nobody to
# carry it, and the summary says so rather than hiding it.
rd plan 2026-12 --target 40万 --shares S=50,A=20,B=15,C=10,D=5 --pick 10x1万; expect_rc 0 "picks with shares"
expect_out "note: ¥165,000 of the target has no customer to carry it" "the unplaced share is named"

# Bad picks: exit 64, the saved plan unchanged.
before=$(q "$DB" "SELECT group_concat(amount || detail, '|') FROM targets WHERE deleted = 0 ORDER BY id")
for bad in 10y2万 10x x2万 0x1万 10x0 "10x2万," 3x5,000; do
	rd plan 2026-12 --target 40万 --pick "$bad"; expect_rc 64 "--pick '$bad' refused"
done
rd plan 2026-12 --target 40万 --pick 10y2万; expect_err "is not COUNTxAMOUNT" "says what a slot is"
rd plan 2026-12 --target 40万 --pick 30x2万; expect_rc 64 "picks over the target"
expect_err "the picks add up to ¥600,000, more than the target ¥400,000" "names both figures"
expect_eq "$(q "$DB" "SELECT group_concat(amount || detail, '|') FROM targets WHERE deleted = 0 ORDER BY id")" "$before" \
	"a refused pick leaves the saved plan as it was"
rd plan 2026-12 --show --pick 1x1; expect_rc 64 "--show takes no picks"

# ---- plan set ----
rd plan 2026-12 --target 40万; expect_rc 0 "a plan without picks"
rd plan set 客户20000-1 3万 --month 2026-12; expect_rc 0 "plan set"
expect_out "客户20000-1 fixed at ¥30,000; the rest of tier S re-spread (tier target ¥222,222 unchanged)" "what plan set did"
rd plan 2026-12 --show --view customers --format csv
u1=$(awk -F, '$2 == "客户20000-1" { print $1 }' "$T/out")
expect_eq "$(col "$u1" 5),$(col "$u1" 8)" "30000.00,1" "the fixed target, flagged"
expect_eq "$(awk -F, '$3 == "S" && $8 == 0 { print $5 }' "$T/out" | sort -u)" "21358.00" \
	"the other nine share ¥192,222 by baseline"
expect_eq "$(awk -F, '$3 == "S" { s += $5 * 100 } END { printf "%d", s }' "$T/out")" "22222200" "the S tier still sums exactly"
expect_eq "$(tail -n +2 "$T/out" | awk -F, '{ s += $5 * 100 } END { printf "%d", s }')" "40000000" "the month still sums exactly"
rd plan 2026-12 --show --format csv; expect_eq "$(sed -n 2p "$T/out")" "S,10,200000.00,222222.00,55.56,0.00,0.00,222222.00" "the tier row unchanged"
rd plan 2026-12 --show; expect_out "Fixed: 1 customer carries ¥30,000, 7.5% of the target" "the summary says what is fixed"
# A second fix keeps the first.
rd plan set 客户20000-2 25000 --month 2026-12; expect_rc 0 "a second fix"
rd plan 2026-12 --show --view customers --format csv
expect_eq "$(col "$u1" 5)" "30000.00" "the first fix survives the second"
expect_eq "$(awk -F, '$3 == "S" { s += $5 * 100 } END { printf "%d", s }' "$T/out")" "22222200" "S still exact"
# Too much for the tier: refused, nothing changed.
before=$(q "$DB" "SELECT group_concat(amount || detail, '|') FROM targets WHERE deleted = 0 ORDER BY id")
rd plan set 客户20000-3 20万 --month 2026-12; expect_rc 64 "more than the tier can give"
expect_err "does not fit: tier S's target is ¥222,222 and its other fixed customers take ¥55,000" "says why"
expect_eq "$(q "$DB" "SELECT group_concat(amount || detail, '|') FROM targets WHERE deleted = 0 ORDER BY id")" "$before" \
	"a refused fix leaves the plan as it was"
rd plan set 客户20000-3 -5 --month 2026-12; expect_rc 64 "a negative target"
rd plan set 客户20000-3 12x --month 2026-12; expect_rc 64 "a bad amount"
rd plan set 客户20000-3 --month 2026-12; expect_rc 64 "no amount"
rd plan set 客户20000-3 1万 --month 2026-13; expect_rc 64 "a bad month"
rd plan set 客户20000-3 1万 --month 2027-03; expect_rc 66 "no plan for the month"
rd plan set 没有这个客户 1万 --month 2026-12; expect_rc 64 "no such customer"; expect_err "no customer matches" "says so"
# Released: the tier re-spreads by baseline again around the other fix.
rd plan set 客户20000-1 clear --month 2026-12; expect_rc 0 "plan set clear"
expect_out "客户20000-1 released" "says it is released"
rd plan 2026-12 --show --view customers --format csv
expect_eq "$(col "$u1" 8)" "0" "no longer fixed"
expect_eq "$(awk -F, '$3 == "S" && $8 == 0' "$T/out" | wc -l | tr -d ' ')" "9" "nine customers re-spread"
expect_eq "$(awk -F, '$3 == "S" && $8 == 0 { print $5 }' "$T/out" | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')" \
	"4×21913.00 5×21914.00 " "they share ¥197,222 by baseline, to the yuan"
expect_eq "$(awk -F, '$3 == "S" { s += $5 * 100 } END { printf "%d", s }' "$T/out")" "22222200" "S exact after release"

# The stretch level follows the fixed base targets and still sums exactly.
rd plan 2026-11 --target 40万 --stretch 45万; expect_rc 0 "a plan with a stretch level"
rd plan set 客户10000-1 2万 --month 2026-11; expect_rc 0 "plan set with a stretch level"
rd plan 2026-11 --show --view customers --format csv
expect_eq "$(head -1 "$T/out")" "uid,name,tier,baseline,target,achieved,stretch,baseline_months,fixed,weighted_closing,gap" \
	"the months and the flag after the stretch column"
expect_eq "$(tail -n +2 "$T/out" | awk -F, '{ b += $5 * 100; s += $7 * 100 } END { printf "%d %d", b, s }')" \
	"40000000 45000000" "base and stretch still sum exactly"
expect_eq "$(awk -F, '$2 == "客户10000-1" { print $5, $9 }' "$T/out")" "20000.00 1" "the fixed base target"

# The fix travels with the plan in the rep's bundle.
rd config rep --name 阿明; expect_rc 0 "the rep's name"
rd export bundle --out "$T/forty.bundle"; expect_rc 0 "bundle"
DB="$T/lead.db"; rd init --rep 组长; expect_rc 0 "the lead's book"
rd team add "$T/forty.bundle"; expect_rc 0 "the lead merges it"
u2=$(q "$T/forty.db" "SELECT uid FROM customers WHERE name = '客户20000-2'")
n=$(q "$T/lead.db" "SELECT count(*) FROM targets WHERE month = '2026-12' AND scope = 'customers' AND deleted = 0
	AND instr(detail, '$u2' || char(9) || 'S' || char(9) || '2000000' || char(9) || '2500000' || char(9) || '0' || char(9) || '1') > 0")
expect_eq "$n" "1" "the lead's copy holds the fixed target and its flag"

finish
