#!/bin/sh
# repdesk sync against a real PostgreSQL server: a demo book arrives whole
# (counts, checksums, every column, the rollup), a second sync sends
# nothing, a new call is sent alone, two reps syncing at once both finish,
# the server's final state does not depend on the order reps sync in, and a
# stamp from the future is clamped to the server's clock.
. tests/server/synclib.sh
sl_start

A="$T/alice.db"
B="$T/bob.db"
sl_rep Alice alice pwA "$A" --demo
sl_rep Bob bob pwB "$B" --demo
own_demo "$B" bob-
RA=$(setting "$A" rep_uid)
RB=$(setting "$B" rep_uid)
DEVA=$(setting "$A" device)
# Copies of both books before they ever synced, for the second database.
cp "$A" "$T/alice2.db"
cp "$B" "$T/bob2.db"

# ---- a demo book arrives whole ----
nbook=0
for t in $SYNC_TABLES; do
	n=$(sqlite3 "$A" "SELECT count(*) FROM main.$t WHERE $(_mine "$t" "$RA")")
	nbook=$((nbook + n))
done
[ "$nbook" -gt 3000 ] && _ok || _bad "the demo book has only $nbook rows of its rep"
sy "$A" pwA
expect_rc 0 "first sync"
expect_eq "$(sent)" "$nbook" "the first sync sends every row of the rep"
expect_synced "$A" "after the first sync"
expect_eq "$(setting "$A" sync_seq)" 1 "the first batch is number 1"
expect_eq "$(setting "$A" sync_sent)" "" "no batch left in flight"
expect_eq "$(pg_admin "SELECT rows FROM repdesk.batches WHERE device = '$DEVA' AND seq = 1")" \
	"$nbook" "the server logged the batch with its rows"
# The demo's rows are about 0.8 MB: they went in parts of about 256 kB.
parts=$(pg_admin "SELECT parts FROM repdesk.batches WHERE device = '$DEVA' AND seq = 1")
[ "$parts" -ge 3 ] && _ok || _bad "the first sync came in $parts parts, not 3 or more"

# The rollup: the server's team days of the rep add up to the book's.
q="SELECT count(*), sum(calls), sum(effective), sum(deals), sum(sales), sum(collected), sum(visits)
	FROM team_days WHERE rep_uid = '$RA'"
bsum=$(sqlite3 -separator '|' "$A" "$q")
ssum=$(pg_admin "SET search_path = repdesk; $q")
expect_eq "$ssum" "$bsum" "the server's rollup (team_days) equals the book's"
case $bsum in 0\|*) _bad "the book's rollup is empty: $bsum" ;; *) _ok ;; esac
q="SELECT sum(calls), sum(effective), sum(deals), sum(sales), sum(collected), sum(visits)
	FROM team_months WHERE rep_uid = '$RA'"
expect_eq "$(pg_admin "SET search_path = repdesk; $q")" "$(sqlite3 -separator '|' "$A" "$q")" \
	"the server's rollup (team_months) equals the book's"
# Sales on the server are the orders' amounts, computed from the rows.
expect_eq "$(pg_admin "SELECT sum(sales) FROM repdesk.team_days WHERE rep_uid = '$RA'")" \
	"$(pg_admin "SELECT sum(amount) FROM repdesk.orders WHERE rep_uid = '$RA' AND deleted = 0")" \
	"the server's sales are the sum of the rep's orders"

# ---- a second sync sends nothing ----
before=$(srv_state)
sy "$A" pwA
expect_rc 0 "second sync"
expect_eq "$(sent)" 0 "a second sync sends 0"
expect_eq "$(srv_state)" "$before" "a second sync changes no row on the server"
expect_eq "$(setting "$A" sync_seq)" 2 "the second batch is number 2"

# ---- a new call and a new order are sent alone ----
cust=$(sqlite3 "$A" "SELECT name FROM customers WHERE rep_uid = '$RA' AND deleted = 0 ORDER BY uid LIMIT 1")
cuid=$(sqlite3 "$A" "SELECT uid FROM customers WHERE rep_uid = '$RA' AND deleted = 0 ORDER BY uid LIMIT 1")
calls0=$(pg_admin "SELECT sum(calls) FROM repdesk.team_days WHERE rep_uid = '$RA'")
sales0=$(pg_admin "SELECT sum(sales) FROM repdesk.team_days WHERE rep_uid = '$RA'")
"$BIN" --db "$A" log call "$cust" --outcome effective --note 'sync me' >/dev/null 2>&1 ||
	_bad "log call"
sy "$A" pwA
expect_rc 0 "sync after a call"
expect_eq "$(sent)" 1 "a sync after one call sends exactly that row"
newcall=$(sqlite3 "$A" "SELECT uid FROM calls WHERE note = 'sync me'")
expect_eq "$(pg_admin "SELECT customer_uid || ' ' || outcome FROM repdesk.calls WHERE uid = '$newcall'")" \
	"$cuid effective" "the call is on the server"
expect_eq "$(pg_admin "SELECT sum(calls) FROM repdesk.team_days WHERE rep_uid = '$RA'")" \
	"$((calls0 + 1))" "the rollup counts the new call"
"$BIN" --db "$A" log order "$cust" 12345 --note 'order me' >/dev/null 2>&1 ||
	_bad "log order"
sy "$A" pwA
expect_eq "$(sent)" 1 "a sync after one order sends exactly that row"
expect_eq "$(pg_admin "SELECT amount FROM repdesk.orders WHERE note = 'order me'")" 1234500 \
	"the order's amount (fen) is on the server"
expect_eq "$(pg_admin "SELECT sum(sales) FROM repdesk.team_days WHERE rep_uid = '$RA'")" \
	"$((sales0 + 1234500))" "the rollup counts the new order"
expect_synced "$A" "after a call and an order"

# ---- text the batch must carry as it is ----
# The rows travel as array literals of rows: quotes, backslashes, commas,
# brackets and braces, line breaks and tabs, CJK, and an empty text beside
# a NULL all arrive unchanged.
odd=$(printf 'a "q" \\b\\ ,(p) {c} \\" 中文\n第二行\tx "" \\\\N')
"$BIN" --db "$A" set "$cust" "notes=$odd" "contact=" >/dev/null 2>&1 || _bad "set odd text"
"$BIN" --db "$A" note "$cust" "$odd" >/dev/null 2>&1 || _bad "log an odd note"
sy "$A" pwA
expect_rc 0 "sync of odd text"
oddsum=$(printf '%s' "$odd" | md5sum | cut -c1-32)
expect_eq "$(pg_admin "SELECT md5(notes) FROM repdesk.customers WHERE uid = '$cuid'")" "$oddsum" \
	"the customer's notes arrive byte for byte"
expect_eq "$(pg_admin "SELECT md5(text) FROM repdesk.notes WHERE customer_uid = '$cuid' AND text LIKE 'a %' AND rep_uid = '$RA'")" \
	"$oddsum" "the note's text arrives byte for byte"
expect_eq "$(pg_admin "SELECT coalesce(contact, '(null)') FROM repdesk.customers WHERE uid = '$cuid'")" \
	"$(sqlite3 "$A" "SELECT coalesce(contact, '(null)') FROM customers WHERE uid = '$cuid'")" \
	"an emptied contact arrives as the book has it"
expect_synced "$A" "after odd text"

# ---- two reps at the same moment ----
# Bob's first sync (a whole demo book) and Alice's with new rows, at once;
# then both at once again with a change each.
"$BIN" --db "$A" log call "$cust" --outcome busy --note 'at once' >/dev/null 2>&1
sy_both "$A" pwA "$B" pwB
expect_eq "$ra $rb" "0 0" "two reps syncing at once both exit 0 ($(cat "$T/ea" "$T/eb"))"
grep -q 'sent 1 ' "$T/oa" && _ok || _bad "Alice's concurrent sync sent her call: $(cat "$T/oa")"
expect_synced "$A" "Alice after syncing alongside Bob"
expect_synced "$B" "Bob after syncing alongside Alice"
i=0
for r in 1 2 3; do
	bc=$(sqlite3 "$B" "SELECT name FROM customers WHERE rep_uid = '$RB' ORDER BY uid LIMIT 1")
	"$BIN" --db "$A" log call "$cust" --outcome busy >/dev/null 2>&1
	"$BIN" --db "$B" log order "$bc" 100 >/dev/null 2>&1
	sy_both "$A" pwA "$B" pwB
	[ "$ra $rb" = "0 0" ] && grep -q 'sent 1 ' "$T/oa" && grep -q 'sent 1 ' "$T/ob" && i=$((i + 1)) ||
		_bad "round $r of concurrent syncs: $(cat "$T/oa" "$T/ea" "$T/ob" "$T/eb")"
done
expect_eq "$i" 3 "three rounds of concurrent syncs all complete"
expect_synced "$A" "Alice after concurrent rounds"
expect_synced "$B" "Bob after concurrent rounds"
q="SELECT count(*), sum(calls), sum(effective), sum(deals), sum(sales), sum(collected)
	FROM team_days WHERE rep_uid = '$RB'"
expect_eq "$(pg_admin "SET search_path = repdesk; $q")" "$(sqlite3 -separator '|' "$B" "$q")" \
	"Bob's rollup on the server equals his book's"

# ---- the same final state whatever the order ----
# Two more databases of the same cluster, each set up by its owner, with the
# same reps (the roles are the cluster's), and copies of both books as they
# were before any sync. Into 'team2': Alice syncs, Alice edits, Bob syncs,
# Alice syncs again. Into 'team3': Bob syncs, then Alice syncs her edited
# book once. Alice's edit carries the same stamp in both of her books.
second_db() {  # NAME: a database of the cluster with the schema and both reps
	pg_admin "CREATE DATABASE $1" >/dev/null || _bad "create database $1"
	adm=$(printf '%s' "$ADMIN" | sed "s|/team?|/$1?|")
	"$BIN" --db "$T/owner-$1.db" init --rep Owner --group G1 >/dev/null
	"$BIN" --db "$T/owner-$1.db" server init --server "$adm" >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 0 "server init of database $1"
	for who in "Alice alice pwA" "Bob bob pwB"; do
		set -- "$1" $who
		"$BIN" --db "$T/owner-$1.db" server add-rep "$2" --group G1 --login "$3" --password "$4" \
			--server "$adm" >"$T/out" 2>"$T/err"
		rc=$?
		expect_rc 0 "add-rep $2 on database $1 (a role that exists already)"
	done
}
second_db team2
second_db team3
A1="$T/alice1.db"
B1="$T/bob1.db"
A2="$T/alice2.db"
B2="$T/bob2.db"
cp "$A2" "$A1"
cp "$B2" "$B1"
"$BIN" --db "$A1" config server "$(pg_url alice | sed 's|/team?|/team2?|')" >/dev/null
"$BIN" --db "$B1" config server "$(pg_url bob | sed 's|/team?|/team2?|')" >/dev/null
"$BIN" --db "$A2" config server "$(pg_url alice | sed 's|/team?|/team3?|')" >/dev/null
"$BIN" --db "$B2" config server "$(pg_url bob | sed 's|/team?|/team3?|')" >/dev/null
edit() {  # BOOK STAMP: Alice edits a call, a customer and deletes a payment
	"$BOOKSQL" "$1" "UPDATE calls SET note = 'edited', updated_at = ?1, base_at = updated_at
		WHERE uid = (SELECT min(uid) FROM calls WHERE rep_uid = ?2);
		UPDATE customers SET city = '杭州', updated_at = ?1, base_at = updated_at
		WHERE uid = (SELECT min(uid) FROM customers WHERE rep_uid = ?2);
		UPDATE payments SET deleted = 1, updated_at = ?1, base_at = updated_at
		WHERE uid = (SELECT min(uid) FROM payments WHERE rep_uid = ?2)" "$2" "$RA" ||
		_bad "booksql: Alice's edit in $1"
}
sy "$A1" pwA
expect_rc 0 "order 1: Alice syncs"
sleep 1
STAMP=$(now_stamp "$DEVA")
edit "$A1" "$STAMP"
edit "$A2" "$STAMP"
sy "$B1" pwB
expect_rc 0 "order 1: Bob syncs"
sy "$A1" pwA
expect_rc 0 "order 1: Alice syncs her edit"
expect_eq "$(sent)" 3 "order 1: Alice's edit is three rows"
sy "$B2" pwB
expect_rc 0 "order 2: Bob syncs"
sy "$A2" pwA
expect_rc 0 "order 2: Alice syncs once, edit included"
dump_db() {  # DB: every repdesk table but the sync log, sorted, without rev
	srv_cols calls >/dev/null
	for t in $(pg_admin_db "$1" "SELECT table_name FROM information_schema.tables
			WHERE table_schema = 'repdesk' AND table_type = 'BASE TABLE'
			AND table_name NOT IN ('batches', 'logins', 'meta') ORDER BY 1"); do
		c=$(srv_cols "$t")
		printf "SELECT '== %s'; SELECT %s FROM repdesk.%s ORDER BY %s;\n" "$t" "$c" "$t" "$c"
	done | pg_admin_db "$1"
}
dump_db team2 >"$T/order1"
dump_db team3 >"$T/order2"
expect_same "$T/order1" "$T/order2" "the server's final state does not depend on the order of syncs"
[ "$(wc -l <"$T/order1")" -gt 6000 ] && _ok || _bad "the dump holds too few rows: $(wc -l <"$T/order1")"
expect_eq "$(pg_admin_db team3 "SELECT city FROM repdesk.customers
	WHERE uid = (SELECT min(uid) FROM repdesk.customers WHERE rep_uid = '$RA')")" "杭州" \
	"Alice's edit reached the server"
expect_eq "$(pg_admin_db team3 "SELECT count(*) FROM repdesk.payments WHERE rep_uid = '$RA' AND deleted = 1")" \
	1 "Alice's deleted payment is deleted on the server"
expect_eq "$(pg_admin_db team3 "SELECT sum(collected) FROM repdesk.team_days WHERE rep_uid = '$RA'")" \
	"$(pg_admin_db team3 "SELECT sum(amount) FROM repdesk.payments WHERE rep_uid = '$RA' AND deleted = 0")" \
	"the rollup drops the deleted payment"

# ---- a stamp from the future ----
fut=$(sqlite3 "$A" "SELECT uid FROM calls WHERE rep_uid = '$RA' ORDER BY uid LIMIT 1 OFFSET 5")
FSTAMP="2030-01-01T00:00:00.000Z.000000.$DEVA"
"$BOOKSQL" "$A" "UPDATE calls SET updated_at = ?1, note = 'from 2030' WHERE uid = ?2" "$FSTAMP" "$fut" ||
	_bad "booksql: plant a stamp in 2030"
sy "$A" pwA
expect_rc 0 "sync of a row stamped in 2030"
expect_eq "$(sent)" 1 "the row from 2030 is sent"
expect_out "clamped" "the sync says a stamp was clamped"
expect_eq "$(pg_admin "SELECT note FROM repdesk.calls WHERE uid = '$fut'")" "from 2030" \
	"the row from 2030 arrived"
expect_eq "$(pg_admin "SELECT left(updated_at, 23) <= to_char((now() + interval '10 minutes')
	AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') FROM repdesk.calls WHERE uid = '$fut'")" t \
	"the server's stamp is not after its clock + 10 minutes"
expect_eq "$(pg_admin "SELECT clamped FROM repdesk.batches WHERE device = '$DEVA' ORDER BY seq DESC LIMIT 1")" \
	1 "the batch log counts the clamped stamp"
# The book takes the server's stamp: both sides hold the same row, and the
# next syncs neither clamp it again nor change the server.
expect_eq "$(sqlite3 "$A" "SELECT updated_at FROM calls WHERE uid = '$fut'")" \
	"$(pg_admin "SELECT updated_at FROM repdesk.calls WHERE uid = '$fut'")" \
	"the book's row carries the server's clamped stamp"
expect_synced "$A" "after a clamped stamp"
before=$(srv_state)
sy "$A" pwA
expect_rc 0 "the sync after the clamped one"
expect_no_out "clamped" "the row is not clamped a second time"
expect_out "updated 0" "the row is not updated a second time"
expect_eq "$(srv_state)" "$before" "the sync after the clamped one changes nothing on the server"
sy "$A" pwA
expect_eq "$(sent)" 0 "then nothing is pending"
clk=$(setting "$A" clock)
case $clk in 2030*) _bad "the book's clock followed the stamp from 2030: $clk" ;; *) _ok ;; esac

# ---- a NUL byte in the book's text ----
# No command writes one, but a book edited by other means may hold one: a
# text parameter would end there, so the sync refuses with the table and
# column and sends nothing.
before=$(srv_state)
sqlite3 "$A" "UPDATE customers SET notes = 'a' || char(0) || 'b', updated_at = '$(now_stamp "$DEVA")' WHERE uid = '$cuid'"
sy "$A" pwA
expect_rc 65 "a NUL byte in a customer's notes"
expect_err "table customers: a NUL byte in column notes" "the refusal names the table and column"
expect_eq "$(srv_state)" "$before" "nothing reached the server"

# ---- text where the book keeps a whole number ----
# The book's tables are STRICT, but a book edited by other means may not
# be: a table made loose again keeps text in an INTEGER column. The server's
# column is a bigint; the sync refuses with the table and column and sends
# nothing.
sqlite3 "$A" "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, ') STRICT', ')') WHERE name = 'customers'" &&
	sqlite3 "$A" "UPDATE customers SET notes = 'ab', stores = 'many', updated_at = '$(now_stamp "$DEVA")' WHERE uid = '$cuid'" ||
	_bad "the book's customers table made loose"
sy "$A" pwA
expect_rc 65 "text in a customer's store count"
expect_err "table customers: column stores holds something other than a whole number" \
	"the refusal names the table and column"
expect_eq "$(srv_state)" "$before" "nothing reached the server"
sqlite3 "$A" "UPDATE customers SET stores = 3, updated_at = '$(now_stamp "$DEVA" -d '+1 sec')' WHERE uid = '$cuid'"
sy "$A" pwA
expect_rc 0 "the sync once the count is a number again"
expect_eq "$(pg_admin "SELECT stores || ' ' || notes FROM repdesk.customers WHERE uid = '$cuid'")" "3 ab" \
	"the server has the row as the book now holds it"

# ---- a bad row in a later part ----
# The last call of a book sent whole goes in a later part than the first
# (the demo's calls alone are more than a part); the server refuses the row,
# and with it every part before it: nothing of the batch stays.
D="$T/dora.db"
sl_rep Dora dora pwD "$D" --demo
own_demo "$D" dora-
RD=$(setting "$D" rep_uid)
DEVD=$(setting "$D" device)
last=$(sqlite3 "$D" "SELECT uid FROM calls ORDER BY id DESC LIMIT 1")
sqlite3 "$D" "UPDATE calls SET note = 'bad' || char(27) || '[31m' WHERE uid = '$last'"
before=$(srv_state)
sy "$D" pwD
expect_rc 65 "a control character in the last call"
expect_err "table calls, row $last: column note" "the refusal names the row of the later part"
expect_eq "$(srv_state)" "$before" "nothing of the refused batch stayed on the server"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.customers WHERE rep_uid = '$RD'")" 0 \
	"none of the first part's customers"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.batches WHERE device = '$DEVD'")" 0 \
	"no batch of dora's in the sync log"
sqlite3 "$D" "UPDATE calls SET note = 'mended' WHERE uid = '$last'"
sy "$D" pwD
expect_rc 0 "the sync once the call is mended"
expect_synced "$D" "dora's book sent whole in parts"
parts=$(pg_admin "SELECT parts FROM repdesk.batches WHERE device = '$DEVD'")
[ "$parts" -ge 3 ] && _ok || _bad "dora's book came in $parts parts, not 3 or more"

finish
