# Bundles are files from other people: a rep who edits theirs with the
# sqlite3 shell cannot touch another rep's rows, a clock running ahead
# cannot win every later change, a bad value is refused as the command line
# would refuse it, and a hostile schema runs nothing and costs little. Every
# refusal leaves the lead's book exactly as it was.
. tests/cli/lib.sh

command -v sqlite3 >/dev/null || { echo "t_bundle: needs the sqlite3 shell" >&2; exit 1; }
q() { sqlite3 "$@" </dev/null; }
# edit BUNDLE SQL: a hand edit, as the sqlite3 shell allows it (the search
# index's triggers need repdesk's tokenizer: an editor drops them first).
edit() { q "$1" "DROP TRIGGER IF EXISTS customers_fts_ai; DROP TRIGGER IF EXISTS customers_fts_ad;
	DROP TRIGGER IF EXISTS customers_fts_au; $2"; }
# A stamp of this machine's time, shifted by $1 seconds, on device $2.
stamp() { printf '%s.000Z.000001.%s' "$(date -u -d "@$(( $(date +%s) + $1 ))" +%Y-%m-%dT%H:%M:%S)" "$2"; }

# rep NAME GROUP: a rep's book $T/NAME.db with two customers, an order and a call.
rep() {
	DB="$T/$1.db"
	rd init --rep "$1" --group "$2"; expect_rc 0 "init $1"
	printf 'uid,name,phone\n%s-1,%s one,1\n%s-2,%s two,2\n' "$1" "$1" "$1" "$1" >"$T/c.csv"
	rd import customers "$T/c.csv"; expect_rc 0 "customers of $1"
	rd log order "$1-1" 5000 --date 2026-11-20; expect_rc 0 "order of $1"
	rd log call "$1-2" --outcome effective --date 2026-11-21; expect_rc 0 "call of $1"
	rd export bundle --out "$T/$1.bundle"; expect_rc 0 "bundle of $1"
}
# snap NAME: what the lead's book shows, to compare after a refusal.
snap() {
	DB="$T/lead.db"
	rd export customers --out "$T/$1.customers"
	rd export orders --out "$T/$1.orders"
	rd team report 2026-11 --format csv; cp "$T/out" "$T/$1.report"
	q "$T/lead.db" "SELECT value FROM settings WHERE key = 'clock'" >"$T/$1.clock"
}
# unchanged WHAT: the lead's book as at the last snap "before".
unchanged() {
	snap after
	for f in customers orders report clock; do
		expect_same "$T/before.$f" "$T/after.$f" "$1: the lead's $f unchanged"
	done
}
# refused BUNDLE WHAT TEXT [TEXT2]: team add refuses it whole, exit 65,
# saying TEXT (and TEXT2).
refused() {
	DB="$T/lead.db"
	rd team add "$1"; expect_rc 65 "$2: refused"
	expect_err "$3" "$2: the reason"
	[ -z "${4:-}" ] || expect_err "$4" "$2: the row named"
	expect_err "nothing of it was merged" "$2: nothing merged"
	unchanged "$2"
}

rep V G1
rep X G2
V=$(q "$T/V.db" "SELECT value FROM settings WHERE key = 'rep_uid'")
X=$(q "$T/X.db" "SELECT value FROM settings WHERE key = 'rep_uid'")
xdev=$(q "$T/X.db" "SELECT value FROM settings WHERE key = 'device'")
xgroup=$(q "$T/X.db" "SELECT uid FROM groups")
vorder=$(q "$T/V.db" "SELECT uid FROM orders")
DB="$T/lead.db"
rd init --rep Lead --group Leads
rd team add "$T/V.bundle" "$T/X.bundle"; expect_rc 0 "the lead adds V and X"
snap before

# 1. Ownership. X edits their bundle so its rows claim V's: V's customer
# renamed, V's order deleted, V renamed and moved to X's group, all with
# newer stamps and V's rep id.
s=$(stamp 60 "$xdev")
cp "$T/X.bundle" "$T/evil.bundle"
edit "$T/evil.bundle" "INSERT INTO customers(uid, rep_uid, name, attrs, updated_at)
	VALUES ('V-1', '$V', 'Owned by X', '{}', '$s');
	INSERT INTO orders(uid, rep_uid, customer_uid, date, amount, updated_at, deleted)
	VALUES ('$vorder', '$V', 'V-1', '2026-11-20', 500000, '$s', 1);
	INSERT INTO reps(uid, rep_uid, name, group_uid, updated_at)
	VALUES ('$V', '$V', 'Renamed', '$xgroup', '$s')"
sign_bundle "$T/X.db" "$T/evil.bundle"
refused "$T/evil.bundle" "rows with V's rep id" "3 rows belong to another rep" \
	"table reps, row $V"
# The same rows under X's own rep id: the lead's book holds them under V.
cp "$T/X.bundle" "$T/evil2.bundle"
edit "$T/evil2.bundle" "INSERT INTO customers(uid, rep_uid, name, attrs, updated_at)
	VALUES ('V-1', '$X', 'Owned by X', '{}', '$s');
	INSERT INTO orders(uid, rep_uid, customer_uid, date, amount, updated_at, deleted)
	VALUES ('$vorder', '$X', 'V-1', '2026-11-20', 500000, '$s', 1)"
sign_bundle "$T/X.db" "$T/evil2.bundle"
refused "$T/evil2.bundle" "V's uids under X's rep id" "2 rows belong to another rep in this book" \
	"table customers, row V-1"
# A call of X's on V's customer, which X's bundle does not hold.
cp "$T/X.bundle" "$T/evil3.bundle"
edit "$T/evil3.bundle" "INSERT INTO calls(uid, rep_uid, customer_uid, date, outcome, updated_at)
	VALUES ('x-call-on-v', '$X', 'V-1', '2026-11-22', 'refused', '$s')"
sign_bundle "$T/X.db" "$T/evil3.bundle"
refused "$T/evil3.bundle" "a call on V's customer" "table calls, row x-call-on-v"
# A reps row of another rep, under X's own rep id.
cp "$T/X.bundle" "$T/evil4.bundle"
edit "$T/evil4.bundle" "INSERT INTO reps(uid, rep_uid, name, updated_at) VALUES ('$V', '$X', 'Renamed', '$s')"
sign_bundle "$T/X.db" "$T/evil4.bundle"
refused "$T/evil4.bundle" "V's reps row" "table reps, row $V"
DB="$T/lead.db"
rd show V-1; expect_out "V one" "V's customer keeps its name"
rd team report 2026-11 --format csv
expect_out ",G1,V," "V keeps their name and group"
# V's next genuine bundle merges, and wins.
DB="$T/V.db"
rd set V-1 phone=555; expect_rc 0 "V edits V-1"
rd export bundle --out "$T/V2.bundle"
DB="$T/lead.db"
rd team add "$T/V2.bundle"; expect_rc 0 "V's next bundle"
rd show V-1; expect_out "555" "V's edit arrives"
expect_eq "$(q "$T/lead.db" "SELECT deleted FROM orders WHERE uid = '$vorder'")" 0 "V's order stands"

# A customer this book gave another rep stays theirs: the lead's own device
# wrote it under X (no command does yet; the sqlite3 shell stands in).
ldev=$(q "$T/lead.db" "SELECT value FROM settings WHERE key = 'device'")
q "$T/lead.db" "UPDATE customers SET rep_uid = '$X', updated_at = '$(stamp 0 "$ldev")' WHERE uid = 'V-2'"
sleep 1
DB="$T/V.db"
rd set V-2 phone=777; expect_rc 0 "V edits V-2 after"
rd export bundle --out "$T/V3.bundle"
DB="$T/lead.db"
rd team add "$T/V3.bundle"; expect_rc 0 "V's bundle with the customer given to X"
expect_out "1 row left as this book gave it to another rep" "the lead's decision reported"
expect_eq "$(q "$T/lead.db" "SELECT rep_uid FROM customers WHERE uid = 'V-2'")" "$X" \
	"the customer stays X's"

# 2. Clocks: a laptop a day fast, one a year fast, one at the end of time.
n=0
for ahead in 86400 31536000 max; do
	n=$((n + 1))
	r=F$n
	DB="$T/$r.db"
	rd init --rep "$r" --group G3
	dev=$(q "$DB" "SELECT value FROM settings WHERE key = 'device'")
	if [ "$ahead" = max ]; then c="9999-12-31T23:59:59.999Z.000000.$dev"; else c=$(stamp "$ahead" "$dev"); fi
	q "$DB" "UPDATE settings SET value = '$c' WHERE key = 'clock'"
	printf 'uid,name\n%s-1,%s one\n' "$r" "$r" >"$T/c.csv"
	rd import customers "$T/c.csv"; expect_rc 0 "customers of $r"
	rd log call "$r-1" --outcome effective --date 2026-11-25
	rd export bundle --out "$T/$r.bundle"
	DB="$T/lead.db"
	rd team add "$T/$r.bundle"; expect_rc 0 "the lead adds $r"
	case $ahead in
	86400) expect_out "$r: clock 1 day ahead, 2 stamps clamped to this machine's time" "$r's skew" ;;
	31536000) expect_out "$r: clock 1 year ahead" "$r's skew" ;;
	*) expect_out "$r: clock 7973 years ahead" "$r's skew" ;;
	esac
	limit=$(date -u -d "@$(( $(date +%s) + 601 ))" +%Y-%m-%dT%H:%M:%S)
	clock=$(q "$T/lead.db" "SELECT value FROM settings WHERE key = 'clock'")
	if [ "$(printf '%s\n%s\n' "$clock" "$limit" | sort | head -1)" = "$clock" ]; then _ok; else
		_bad "$r: the lead's clock $clock went past $limit"; fi
	top=$(q "$T/lead.db" "SELECT max(updated_at) FROM (SELECT updated_at FROM customers UNION ALL
		SELECT updated_at FROM calls UNION ALL SELECT updated_at FROM reps)")
	if [ "$(printf '%s\n%s\n' "$top" "$limit" | sort | head -1)" = "$top" ]; then _ok; else
		_bad "$r: a stamp $top stored past $limit"; fi
	# A later genuine edit, here, wins.
	rd set "$r-1" phone=9$n; expect_rc 0 "the lead edits $r-1"
	rd show "$r-1"; expect_out "9$n" "the lead's later edit stands"
	# And a later bundle from the fast laptop is clamped again, not refused.
	DB="$T/$r.db"
	rd set "$r-1" city=Later; rd export bundle --out "$T/$r-2.bundle"
	DB="$T/lead.db"
	rd team add "$T/$r-2.bundle"; expect_rc 0 "$r's next bundle"
	rd show "$r-1"; expect_out "Later" "$r's later edit arrives"
done
# Two fast laptops' bundles in one run: each is read through views that
# clamp its stamps, made afresh for the second.
for r in F1 F2; do
	DB="$T/$r.db"
	rd set "$r-1" city=Both; expect_rc 0 "$r edits again"
	rd export bundle --out "$T/$r-3.bundle"
done
DB="$T/lead.db"
rd team add "$T/F1-3.bundle" "$T/F2-3.bundle"; expect_rc 0 "two clamped bundles in one run"
expect_out "F2: clock 1 year ahead" "the second one clamped too"
expect_eq "$(q "$T/lead.db" "SELECT group_concat(city, ' ') FROM (SELECT city FROM customers
	WHERE uid IN ('F1-1', 'F2-1') ORDER BY uid)")" "Both Both" "both edits arrive"

# 3. Every value as if typed: each bad value refuses its bundle whole.
snap before
# bad TABLE UID SQL WHAT: V's bundle with SQL applied to it is refused, naming the row.
bad() {
	cp "$T/V2.bundle" "$T/bad.bundle"
	edit "$T/bad.bundle" "PRAGMA ignore_check_constraints = 1; $3"
	sign_bundle "$T/V.db" "$T/bad.bundle"
	refused "$T/bad.bundle" "$4" "bad.bundle: table $1, row $2: "
}
bad customers V-1 "UPDATE customers SET attrs = 'not json {' WHERE uid = 'V-1'" "attrs not JSON"
bad customers V-1 "UPDATE customers SET attrs = '[1,2]' WHERE uid = 'V-1'" "attrs an array"
bad orders "$vorder" "UPDATE orders SET date = '2026-19-39'" "a date in month 19"
bad orders "$vorder" "UPDATE orders SET date = '2026-02-31'" "February 31"
bad orders "$vorder" "UPDATE orders SET due = '2026-13-01'" "a due date in month 13"
bad orders "$vorder" "UPDATE orders SET amount = 9223372036854775807" "the largest amount"
bad orders "$vorder" "UPDATE orders SET amount = -9223372036854775807" "the smallest amount"
bad calls "$(q "$T/V.db" "SELECT uid FROM calls")" "UPDATE calls SET outcome = 'hung-up'" "a call outcome"
bad customers V-1 "UPDATE customers SET status = 'gone' WHERE uid = 'V-1'" "a status"
bad customers V-1 "UPDATE customers SET priority = 'urgent' WHERE uid = 'V-1'" "a priority"
bad customers V-1 "UPDATE customers SET tier = 'E' WHERE uid = 'V-1'" "a tier"
bad customers V-1 "UPDATE customers SET next_call = '2026-11-31' WHERE uid = 'V-1'" "a next call"
bad customers V-1 "UPDATE customers SET name = 'esc' || char(27) || '[2J' WHERE uid = 'V-1'" "ESC in a name"
bad customers V-1 "UPDATE customers SET notes = 'bell' || char(7) WHERE uid = 'V-1'" "BEL in notes"
bad customers V-1 "UPDATE customers SET city = 'cr' || char(13) WHERE uid = 'V-1'" "CR in a city"
bad customers V-1 "UPDATE customers SET phone = 'del' || char(127) WHERE uid = 'V-1'" "DEL"
bad customers V-1 "UPDATE customers SET contact = 'c1' || char(133) WHERE uid = 'V-1'" "a C1 control"
bad customers V-1 "UPDATE customers SET notes = printf('%.*c', 1000000, 'x') WHERE uid = 'V-1'" "1 MB of notes"
bad customers V-1 "UPDATE customers SET name = '' WHERE uid = 'V-1'" "an empty name"
bad customers V-1 "UPDATE customers SET updated_at = 'yesterday' WHERE uid = 'V-1'" "a stamp"
bad customers V-1 "UPDATE customers SET stores = -3 WHERE uid = 'V-1'" "a negative count"
bad customers V-1 "UPDATE customers SET deleted = 2 WHERE uid = 'V-1'" "deleted 2"
bad customers 'a b' "UPDATE customers SET uid = 'a b' WHERE uid = 'V-2'" "a uid"
bad targets t-month "INSERT INTO targets(uid, rep_uid, month, level, scope, key, amount, updated_at)
	VALUES ('t-month', '$V', '2026-19', 'base', 'month', '', 100, '$(stamp 0 00000000)')" "a month 19"
bad targets t-lvl "INSERT INTO targets(uid, rep_uid, month, level, scope, key, amount, updated_at)
	VALUES ('t-lvl', '$V', '2026-11', 'boss', 'month', '', 100, '$(stamp 0 00000000)')" "a target level"
bad targets t-scope "INSERT INTO targets(uid, rep_uid, month, level, scope, key, amount, updated_at)
	VALUES ('t-scope', '$V', '2026-11', 'base', 'galaxy', '', 100, '$(stamp 0 00000000)')" "a target scope"
# LF and TAB are text: a note over several lines merges.
cp "$T/V2.bundle" "$T/lines.bundle"
edit "$T/lines.bundle" "UPDATE customers SET notes = 'one' || char(10) || 'two' || char(9) || 'three',
	updated_at = '$(stamp 1 00000000)' WHERE uid = 'V-1'"
sign_bundle "$T/V.db" "$T/lines.bundle"
DB="$T/lead.db"
rd team add "$T/lines.bundle"; expect_rc 0 "LF and TAB in notes"
rd customers --format csv; expect_rc 0 "the list after"
rd export customers --out "$T/x.csv"; expect_rc 0 "the export after"
snap before

# 4. A hostile schema: attr_keys with a generated column that makes 100 MB a
# row. Refused, the book unchanged, and little memory used.
cp "$T/V2.bundle" "$T/gen.bundle"
edit "$T/gen.bundle" "DROP TABLE attr_keys; CREATE TABLE attr_keys(id INTEGER PRIMARY KEY,
	key TEXT GENERATED ALWAYS AS (printf('%.*c', 100000000, 'x')));
	INSERT INTO attr_keys(id) VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9)"
sign_bundle "$T/V.db" "$T/gen.bundle"
DB="$T/lead.db"
/usr/bin/time -f '%M' -o "$T/rss" "$BIN" --db "$DB" team add "$T/gen.bundle" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 65 "a generated column in attr_keys: refused"
expect_err "table attr_keys is not as repdesk writes it" "the table named"
rss=$(tail -1 "$T/rss")
if [ "$rss" -lt 200000 ]; then _ok; else _bad "peak memory ${rss} KiB for the hostile bundle"; fi
unchanged "a generated column"
# Other changes of schema: a view in place of a table, a column more, a
# table no longer STRICT.
cp "$T/V2.bundle" "$T/view.bundle"
edit "$T/view.bundle" "ALTER TABLE notes RENAME TO notes_old; CREATE VIEW notes AS SELECT * FROM notes_old"
sign_bundle "$T/V.db" "$T/view.bundle"
refused "$T/view.bundle" "a view for a table" "table notes is not as repdesk writes it"
cp "$T/V2.bundle" "$T/col.bundle"
edit "$T/col.bundle" "ALTER TABLE orders ADD COLUMN extra TEXT"
sign_bundle "$T/V.db" "$T/col.bundle"
refused "$T/col.bundle" "an extra column" "table orders is not as repdesk writes it"
cp "$T/V2.bundle" "$T/loose.bundle"
edit "$T/loose.bundle" "CREATE TABLE g2(id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
	rep_uid TEXT NOT NULL DEFAULT '', name TEXT NOT NULL, updated_at TEXT NOT NULL,
	deleted INTEGER NOT NULL DEFAULT 0, base_at TEXT NOT NULL DEFAULT '');
	INSERT INTO g2 SELECT * FROM groups; DROP TABLE groups; ALTER TABLE g2 RENAME TO groups"
sign_bundle "$T/V.db" "$T/loose.bundle"
refused "$T/loose.bundle" "a table not STRICT" "table groups is not as repdesk writes it"
# A bundle that takes too long to read is cut off (here, a deadline of a
# second and a check made slow by dropping the uid index it uses).
DB="$T/lead.db"
cp "$T/V2.bundle" "$T/slow.bundle"
edit "$T/slow.bundle" "CREATE TABLE n AS WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL
	SELECT i + 1 FROM k WHERE i < 30000) SELECT i FROM k;
	INSERT INTO notes(uid, rep_uid, customer_uid, date, text, updated_at)
	SELECT 'n' || i, '$V', 'c' || i, '2026-11-20', 'x', '$(stamp 0 00000000)' FROM n;
	INSERT INTO customers(uid, rep_uid, name, attrs, updated_at)
	SELECT 'c' || i, '$V', 'c' || i, '{}', '$(stamp 0 00000000)' FROM n;
	DROP TABLE n; DROP INDEX IF EXISTS customers_uid"
sign_bundle "$T/V.db" "$T/slow.bundle"
REPDESK_BUNDLE_SECONDS=1 "$BIN" --db "$DB" team add "$T/slow.bundle" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 65 "a bundle too slow to read"
expect_err "takes too long to read" "the deadline named"
unchanged "a bundle too slow to read"
finish
