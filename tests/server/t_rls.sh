#!/bin/sh
# Who may do what, enforced by PostgreSQL itself: reps A and B of group G1,
# C of G2, L a lead of G1, each with a book synced. With psql and their own
# passwords, a rep reads only their rows, writes no table, calls neither the
# lead's functions nor the merge for another rep, and a batch with another
# rep's row or a bad value is refused whole. The lead reads the group's rows,
# writes none, and hands a customer of the group (not another group's) to
# another rep; both reps' next syncs follow.
. tests/server/lib.sh
command -v sqlite3 >/dev/null || { _bad "needs the sqlite3 shell"; finish; exit 1; }
q() { sqlite3 "$@" </dev/null; }

OWNER=$T/owner.db
rb "$OWNER" init --rep Owner --group G1
rb "$OWNER" server init --server "$ADMIN"
expect_rc 0 "server init"
for l in "Alice G1 alice pa" "Bob G1 bob pb" "Carol G2 carol pc"; do
	set -- $l
	rb "$OWNER" server add-rep "$1" --group "$2" --login "$3" --password "$4" --server "$ADMIN"
	expect_rc 0 "add-rep $1"
done
rb "$OWNER" server add-lead Lena --group G1 --login lena --password pl --server "$ADMIN"
expect_rc 0 "add-lead Lena"

# book NAME GROUP LOGIN PASSWORD PREFIX N: a book of N customers (PREFIX-1...),
# a call and an order on the first two, synced.
book() {
	b=$T/$3.db
	rb "$b" init --rep "$1" --group "$2"
	expect_rc 0 "$1's book"
	printf 'uid,name,contact,phone,monthly_amount\n' >"$T/c.csv"
	i=1
	while [ "$i" -le "$6" ]; do
		printf '%s-%d,%s %d,联系人%d,1390000%04d,%d\n' "$5" "$i" "$1" "$i" "$i" "$i" $((i * 3000)) >>"$T/c.csv"
		i=$((i + 1))
	done
	rb "$b" import customers "$T/c.csv"
	expect_rc 0 "$1's customers"
	rb "$b" log call "$1 1" --outcome effective
	rb "$b" log call "$1 2" --outcome busy
	rb "$b" log order "$1 1" 5000
	rb "$b" opp add "$1 1" "$1's project" 10万 --stage proposal --close 2026-12-20
	expect_rc 0 "$1's opportunity"
	rb "$b" config server "$(pg_url "$3")"
	pw "$4" "$b" sync
	expect_rc 0 "$1's first sync"
}
book Alice G1 alice pa A 4
book Bob G1 bob pb B 3
book Carol G2 carol pc C 2
A=$T/alice.db B=$T/bob.db C=$T/carol.db L=$T/lena.db
rb "$L" init --rep Lena --group G1
rb "$L" config server "$(pg_url lena)"

ua=$(sa "SELECT rep_uid FROM repdesk.logins WHERE login = 'alice'")
ub=$(sa "SELECT rep_uid FROM repdesk.logins WHERE login = 'bob'")
uc=$(sa "SELECT rep_uid FROM repdesk.logins WHERE login = 'carol'")
expect_eq "$ua" "$(q "$A" "SELECT value FROM settings WHERE key = 'rep_uid'")" "alice's login is bound to her rep"

# ---- a rep reads their own rows only ----
for r in "alice pa $A $ua" "bob pb $B $ub" "carol pc $C $uc"; do
	set -- $r
	for t in customers calls orders contacts opportunities; do
		sq "$1" "$2" "SELECT count(*) FROM repdesk.$t"
		expect_eq "$(cat "$T/out")" "$(q "$3" "SELECT count(*) FROM $t")" "$1 reads as many $t as their book holds"
		sq "$1" "$2" "SELECT count(*) FROM repdesk.$t WHERE rep_uid <> '$4'"
		expect_eq "$(cat "$T/out")" 0 "$1 reads no other rep's $t"
	done
	sq "$1" "$2" "SELECT count(*) FROM repdesk.logins"
	expect_eq "$(cat "$T/out")" 1 "$1 reads their own login only"
	sq "$1" "$2" "SELECT count(*) FROM repdesk.batches WHERE login <> session_user"
	expect_eq "$(cat "$T/out")" 0 "$1 reads their own batches only"
	sq "$1" "$2" "SELECT count(*) FROM repdesk.team_days WHERE rep_uid <> '$4'"
	expect_eq "$(cat "$T/out")" 0 "$1 reads their own rollup only"
done
expect_eq "$(sa "SELECT count(*) FROM repdesk.customers")" 9 "the server holds the three reps' customers"
sq alice pa "SELECT count(*) FROM repdesk.customers WHERE uid IN ('B-1', 'C-1')"
expect_eq "$(cat "$T/out")" 0 "alice asks for B-1 and C-1 by uid: nothing"

# ---- a rep writes no table ----
b1=$(sa "SELECT name || '|' || updated_at FROM repdesk.customers WHERE uid = 'B-1'")
a1=$(sa "SELECT name || '|' || updated_at FROM repdesk.customers WHERE uid = 'A-1'")
for sql in "UPDATE repdesk.customers SET name = 'mine' WHERE uid = 'B-1'" \
	"UPDATE repdesk.customers SET rep_uid = '$ua' WHERE uid = 'B-1'" \
	"UPDATE repdesk.customers SET name = 'mine' WHERE uid = 'A-1'" \
	"DELETE FROM repdesk.customers WHERE uid = 'B-1'" \
	"DELETE FROM repdesk.customers WHERE uid = 'A-1'" \
	"DELETE FROM repdesk.calls" \
	"DELETE FROM repdesk.contacts" \
	"UPDATE repdesk.contacts SET phone = '110'" \
	"UPDATE repdesk.opportunities SET stage = 'won'" \
	"DELETE FROM repdesk.opportunities" \
	"INSERT INTO repdesk.contacts (uid, rep_uid, customer_uid, name, role, phone, wechat, note, cares, is_primary, updated_at, deleted, base_at) VALUES ('k-1', '$ub', 'B-1', 'x', '', '', '', '', '', 0, '2026-12-01T00:00:00.000Z.000000.00000000', 0, '')" \
	"INSERT INTO repdesk.customers SELECT * FROM repdesk.customers WHERE uid = 'A-1' ON CONFLICT DO NOTHING" \
	"INSERT INTO repdesk.customers (uid, rep_uid, name, contact, phone, city, district, type, industry, tier_auto, priority, source, notes, status, attrs, referred_by, updated_at, deleted, base_at) VALUES ('A-99', '$ub', 'x', '', '', '', '', '', '', 'D', 'small', '', '', 'active', '{}', '', '2026-12-01T00:00:00.000Z.000000.00000000', 0, '')" \
	"INSERT INTO repdesk.conflicts (tbl, uid, rep_uid, lost_at, lost) VALUES ('customers', 'B-1', '$ub', 'x', '{}')" \
	"UPDATE repdesk.logins SET rep_uid = '$ub'" \
	"UPDATE repdesk.team_days SET sales = sales + 1" \
	"TRUNCATE repdesk.calls" \
	"SELECT nextval('repdesk.revision')" \
	"CREATE TABLE repdesk.mine (i int)" \
	"SELECT repdesk.reassign('A-1', 'carol')" \
	"SELECT repdesk.rebind('bob')"; do
	sq alice pa "$sql"
	expect_rc 1 "alice: $sql"
	expect_err "permission denied" "alice is denied: $sql"
done
expect_eq "$(sa "SELECT name || '|' || updated_at FROM repdesk.customers WHERE uid = 'B-1'")" "$b1" "B-1 unchanged"
expect_eq "$(sa "SELECT name || '|' || updated_at FROM repdesk.customers WHERE uid = 'A-1'")" "$a1" "A-1 unchanged"
expect_eq "$(sa "SELECT count(*) FROM repdesk.customers")" 9 "no customer added or deleted"
sq carol pc "SELECT repdesk.rebind('alice')"
expect_err "permission denied" "carol may not rebind"
pw pa "$A" server reassign "A 1" --to bob
expect_rc 77 "a rep's repdesk server reassign is not authorised"

# ---- the merge called by hand ----
# push LOGIN PASSWORD SEQ REP TABLE=EXPR...: repdesk.push as the client calls
# it, its arguments in the function's own order, each table's array given
# or NULL; the batch's device the login's.
push() {
	_l=$1 _p=$2 _seq=$3 _rep=$4
	shift 4
	_args=$(sa "SELECT pg_get_function_arguments('repdesk.push'::regproc)" | tr ',' '\n' |
		sed 's/^ *//' | sed -n 's/^p_\([a-z_]*\) repdesk\.in_\([a-z_]*\)\[\]$/\1/p')
	_sql="SELECT repdesk.push((SELECT device FROM repdesk.logins WHERE login = session_user), $_seq, $_rep"
	for _t in $_args; do
		_e="NULL::repdesk.in_$_t[]"
		for _g in "$@"; do
			case $_g in "$_t="*) _e=${_g#*=} ;; esac
		done
		_sql="$_sql, $_e"
	done
	sq "$_l" "$_p" "$_sql)"
}
# row TABLE UID JSON: that row of the caller's, changed by JSON, as an array.
row() { printf "(SELECT array_agg(jsonb_populate_record(NULL::repdesk.in_%s, to_jsonb(x) || '%s'::jsonb)) FROM repdesk.%s x WHERE uid = '%s')" "$1" "$3" "$1" "$2"; }

push alice pa 900001 "'$ua'" "customers=$(row customers A-1 '{"uid": "A-8", "name": "Alice 8"}')"
expect_rc 0 "alice's own batch by hand"
expect_out '"added": 1' "it adds her row"
expect_eq "$(sa "SELECT rep_uid FROM repdesk.customers WHERE uid = 'A-8'")" "$ua" "A-8 is alice's"

customers=$(sa "SELECT count(*) FROM repdesk.customers")
calls=$(sa "SELECT count(*) FROM repdesk.calls")
batches=$(sa "SELECT count(*) FROM repdesk.batches")
push alice pa 900002 "'$ub'" "customers=$(row customers A-1 "{\"uid\": \"A-9\", \"rep_uid\": \"$ub\"}")"
expect_rc 1 "a batch for bob's rep by alice"
expect_err "not authorised" "refused: not authorised"
push alice pa 900003 "'$ua'" "customers=$(row customers A-1 '{"uid": "B-1", "name": "taken"}')"
expect_rc 1 "alice's batch with bob's customer's uid"
expect_err "table customers, row B-1: another rep's row" "refused: another rep's row"
expect_eq "$(sa "SELECT name || '|' || updated_at FROM repdesk.customers WHERE uid = 'B-1'")" "$b1" "B-1 unchanged"
expect_eq "$(sa "SELECT rep_uid FROM repdesk.customers WHERE uid = 'B-1'")" "$ub" "B-1 still bob's"
push alice pa 900004 "'$ua'" "customers=$(row customers A-1 "{\"uid\": \"B-9\", \"rep_uid\": \"$ub\"}")"
expect_rc 1 "a row of bob's inside alice's batch"
expect_err "table customers, row B-9: belongs to another rep than the batch" "the row and the reason"
push alice pa 900005 "'$ua'" "reps=$(row reps "$ua" "{\"uid\": \"$ub\", \"rep_uid\": \"$ua\"}")"
expect_rc 1 "alice's batch with a reps row of bob's uid"
expect_err "table reps, row $ub" "refused with the row"
# A bad value anywhere refuses the whole batch: a good new customer first.
good=$(row customers A-1 '{"uid": "A-10", "name": "Alice 10"}')
callsuid=$(sa "SELECT uid FROM repdesk.calls WHERE rep_uid = '$ua' ORDER BY uid LIMIT 1")
push alice pa 900006 "'$ua'" "customers=$good" "calls=$(row calls "$callsuid" '{"deleted": 7}')"
expect_rc 1 "deleted = 7"
expect_err "table calls, row $callsuid: column deleted '7': not 0 or 1" "the table, row, column and reason"
push alice pa 900007 "'$ua'" "customers=$good" "calls=$(row calls "$callsuid" '{"updated_at": "2026-12-01 10:00"}')"
expect_rc 1 "a malformed stamp"
expect_err "table calls, row $callsuid: column updated_at '2026-12-01 10:00': not a stamp" "the stamp refused"
push alice pa 900008 "'$ua'" "customers=$good" "orders=$(row orders "$(sa "SELECT uid FROM repdesk.orders WHERE rep_uid = '$ua' LIMIT 1")" '{"amount": 1000000000000001}')"
expect_rc 1 "an amount out of range"
expect_err "column amount" "the amount refused"
push alice pa 900011 "'$ua'" "customers=$good" "orders=$(row orders "$(sa "SELECT uid FROM repdesk.orders WHERE rep_uid = '$ua' LIMIT 1")" '{"amount": -9223372036854775808}')"
expect_rc 1 "the smallest bigint as an amount"
expect_err "column amount '-9223372036854775808': an amount out of range" "refused with its table, row and column"
push alice pa 900009 "'$ua'" "customers=$(row customers A-2 '{"uid": "A-11", "name": "bad\u001b[31m"}')"
expect_rc 1 "a control character in a name"
expect_err "table customers, row A-11: column name" "the name refused"
push alice pa 900010 "'$ua'" "customers=$(row customers A-2 '{"uid": "x y", "name": "A x"}')"
expect_rc 1 "a malformed uid"
expect_err "column uid" "the uid refused"
# An opportunity or a contact not as a book writes it, by hand.
oppuid=$(sa "SELECT uid FROM repdesk.opportunities WHERE rep_uid = '$ua' LIMIT 1")
[ -n "$oppuid" ] && _ok || _bad "alice's opportunity is on the server"
push alice pa 900012 "'$ua'" "customers=$good" "opportunities=$(row opportunities "$oppuid" '{"stage": "dreaming"}')"
expect_rc 1 "a stage no book has"
expect_err "table opportunities, row $oppuid: column stage 'dreaming': not a stage" "the stage refused"
push alice pa 900013 "'$ua'" "customers=$good" "opportunities=$(row opportunities "$oppuid" '{"path": "lead 2026-11-27;won 2026-01-01"}')"
expect_rc 1 "a path going back in time"
expect_err "column path" "the path refused"
push alice pa 900014 "'$ua'" "customers=$good" "opportunities=$(row opportunities "$oppuid" '{"probability": 140}')"
expect_rc 1 "a probability over 100"
expect_err "column probability '140': not a probability of 0 to 100" "the probability refused"
kuid=$(sa "SELECT uid FROM repdesk.contacts WHERE rep_uid = '$ua' LIMIT 1")
[ -n "$kuid" ] && _ok || _bad "alice's contacts are on the server"
push alice pa 900015 "'$ua'" "customers=$good" "contacts=$(row contacts "$kuid" '{"is_primary": 2}')"
expect_rc 1 "a primary flag of 2"
expect_err "table contacts, row $kuid: column is_primary '2': not 0 or 1" "the flag refused"
expect_eq "$(sa "SELECT stage || '|' || coalesce(probability, -1) FROM repdesk.opportunities WHERE uid = '$oppuid'")" \
	"proposal|-1" "alice's opportunity unchanged"

# A large batch comes in parts, each a call in the one transaction (psql -c
# runs its statements as one): a later part only continues the batch its
# transaction began, and a bad row in it refuses the parts before it too.
pcall() { # SEQ CUSTOMER-UID NAME PART: the SQL of push's call of one part
	_args=$(sa "SELECT pg_get_function_arguments('repdesk.push'::regproc)" | tr ',' '\n' |
		sed 's/^ *//' | sed -n 's/^p_\([a-z_]*\) repdesk\.in_\([a-z_]*\)\[\]$/\1/p')
	_sql="SELECT repdesk.push((SELECT device FROM repdesk.logins WHERE login = session_user), $1, '$ua'"
	for _t in $_args; do
		if [ "$_t" = customers ]; then
			_sql="$_sql, $(row customers A-1 "{\"uid\": \"$2\", \"name\": \"$3\"}")"
		else
			_sql="$_sql, NULL::repdesk.in_$_t[]"
		fi
	done
	printf '%s, p_part => %s);' "$_sql" "$4"
}
sq alice pa "$(pcall 900020 A-12 'Alice 12' 0) $(pcall 900020 A-13 'Alice 13' 1)"
expect_rc 0 "alice's batch in two parts"
expect_eq "$(sa "SELECT count(*) FROM repdesk.customers WHERE uid IN ('A-12', 'A-13') AND rep_uid = '$ua'")" 2 \
	"both parts' rows are alice's on the server"
expect_eq "$(sa "SELECT rows || ' ' || added || ' ' || parts FROM repdesk.batches WHERE seq = 900020")" "2 2 2" \
	"the sync log counts both parts' rows and the parts"
customers=$(sa "SELECT count(*) FROM repdesk.customers")
batches=$(sa "SELECT count(*) FROM repdesk.batches")
sq alice pa "$(pcall 900020 A-14 'Alice 14' 1)"
expect_rc 1 "a later part of a batch committed before"
expect_err "part 1 of a batch this transaction did not begin" "refused: not this transaction's batch"
sq alice pa "$(pcall 900021 A-15 'Alice 15' 0) $(pcall 900022 A-16 'Alice 16' 1)"
expect_rc 1 "a later part of another batch than the transaction's"
expect_err "part 1 of a batch this transaction did not begin" "refused: another batch"
sq bob pb "$(pcall 900020 A-17 'Alice 17' 1)"
expect_rc 1 "bob continues alice's batch"
sq alice pa "$(pcall 900023 A-18 'Alice 18' 0) $(pcall 900023 A-19 'bad\u001b[31m' 1)"
expect_rc 1 "a bad row in the second part"
expect_err "table customers, row A-19: column name" "the row of the later part is named"
sq alice pa "$(pcall 900024 A-20 'Alice 20' -1)"
expect_rc 1 "a part without a number"
expect_eq "$(sa "SELECT count(*) FROM repdesk.customers")" "$customers" "no refused part added a row, nor the parts before it"
expect_eq "$(sa "SELECT count(*) FROM repdesk.batches")" "$batches" "no refused batch in the sync log"
expect_eq "$(sa "SELECT count(*) FROM repdesk.customers")" "$customers" "nothing of the refused batches was added"
expect_eq "$(sa "SELECT count(*) FROM repdesk.customers WHERE uid IN ('A-9', 'A-10', 'A-11', 'B-9')")" 0 "not their good rows either"
expect_eq "$(sa "SELECT count(*) FROM repdesk.calls")" "$calls" "no call changed in number"
expect_eq "$(sa "SELECT count(*) FROM repdesk.calls WHERE deleted <> 0")" 0 "no call deleted"
expect_eq "$(sa "SELECT count(*) FROM repdesk.batches")" "$batches" "no refused batch in the sync log"
push carol pc 900001 "'$uc'" "customers=$(row customers C-1 "{\"uid\": \"A-1\", \"rep_uid\": \"$uc\"}")"
expect_rc 1 "carol's batch with alice's customer"
expect_err "another rep's row" "refused: another rep's row"
expect_eq "$(sa "SELECT name || '|' || updated_at FROM repdesk.customers WHERE uid = 'A-1'")" "$a1" "A-1 unchanged"

# ---- the lead ----
sq lena pl "SELECT count(*) FROM repdesk.customers"
expect_eq "$(cat "$T/out")" "$(sa "SELECT count(*) FROM repdesk.customers WHERE rep_uid IN ('$ua', '$ub')")" \
	"the lead reads G1's customers"
sq lena pl "SELECT count(DISTINCT rep_uid) FROM repdesk.calls"
expect_eq "$(cat "$T/out")" 2 "the lead reads alice's and bob's calls"
sq lena pl "SELECT count(*) FROM repdesk.customers WHERE rep_uid = '$uc' OR uid LIKE 'C-%'"
expect_eq "$(cat "$T/out")" 0 "the lead reads none of G2's customers"
sq lena pl "SELECT count(*) FROM repdesk.calls WHERE rep_uid = '$uc'"
expect_eq "$(cat "$T/out")" 0 "the lead reads none of G2's calls"
for sql in "UPDATE repdesk.customers SET name = 'lead' WHERE uid = 'A-1'" \
	"DELETE FROM repdesk.customers WHERE uid = 'B-1'" \
	"INSERT INTO repdesk.customers SELECT * FROM repdesk.customers WHERE uid = 'A-1' ON CONFLICT DO NOTHING" \
	"UPDATE repdesk.customers SET rep_uid = '$ub' WHERE uid = 'A-1'" \
	"UPDATE repdesk.logins SET device = NULL"; do
	sq lena pl "$sql"
	expect_rc 1 "lena: $sql"
	expect_err "permission denied" "the lead is denied: $sql"
done
expect_eq "$(sa "SELECT name || '|' || updated_at FROM repdesk.customers WHERE uid = 'A-1'")" "$a1" "A-1 unchanged by the lead"

# Another group's customer is not the lead's to name: refused as a name
# that is nowhere; by its uid, not authorised.
pw pl "$L" server reassign "Nobody at all" --to Bob
expect_rc 65 "a name that is nowhere"
expect_err "no customer Nobody at all" "no such customer"
pw pl "$L" server reassign "Carol 1" --to Bob
expect_rc 65 "the lead cannot reassign another group's customer by name"
expect_err "no customer Carol 1" "the lead learns nothing of another group's names"
pw pl "$L" server reassign C-1 --to Bob
expect_rc 77 "nor by its uid"
expect_err "not authorised" "refused: not authorised"
# A name alice's group shares with a customer of carol's group: the lead
# means alice's.
printf 'uid,name\nA-5,Carol 2\n' >"$T/c.csv"
rb "$A" import customers "$T/c.csv"
pw pa "$A" sync
expect_rc 0 "alice sends her Carol 2"
pw pl "$L" server reassign "Carol 2" --to Bob
expect_rc 0 "the lead hands alice's Carol 2 by its name"
expect_eq "$(sa "SELECT rep_uid FROM repdesk.customers WHERE uid = 'A-5'")" "$ub" "A-5 is bob's"
expect_eq "$(sa "SELECT rep_uid FROM repdesk.customers WHERE uid = 'C-2'")" "$uc" "carol's Carol 2 stays hers"
expect_eq "$(sa "SELECT rep_uid FROM repdesk.customers WHERE uid = 'C-1'")" "$uc" "C-1 still carol's"
pw pl "$L" server reassign "Alice 2" --to Carol
expect_rc 65 "the lead cannot hand a customer to another group's rep"
expect_eq "$(sa "SELECT rep_uid FROM repdesk.customers WHERE uid = 'A-2'")" "$ua" "A-2 still alice's"
# Alice changes Alice 2 before she learns of the hand-off.
rb "$A" set "Alice 2" city=杭州
expect_rc 0 "alice changes Alice 2, not synced"
pw pl "$L" server reassign "Alice 2" --to Bob
expect_rc 0 "the lead hands Alice 2 to Bob"
expect_out "now belongs to Bob" "the hand-off is told"
expect_eq "$(sa "SELECT rep_uid FROM repdesk.customers WHERE uid = 'A-2'")" "$ub" "A-2 is bob's on the server"
sq alice pa "SELECT count(*) FROM repdesk.customers WHERE uid = 'A-2'"
expect_eq "$(cat "$T/out")" 0 "alice no longer reads A-2"
sq bob pb "SELECT count(*) FROM repdesk.customers WHERE uid = 'A-2'"
expect_eq "$(cat "$T/out")" 1 "bob reads A-2"

# A lead frees a login of the group for another book; not another group's.
pw pl "$L" server rebind Carol
expect_rc 65 "the lead cannot rebind another group's login"
expect_err "no login Carol in your groups" "refused: not of the lead's groups"
expect_eq "$(sa "SELECT device IS NOT NULL FROM repdesk.logins WHERE login = 'carol'")" t "carol's login stays bound"
pw pl "$L" server rebind bob
expect_rc 0 "the lead rebinds bob's login"
expect_eq "$(sa "SELECT device IS NULL FROM repdesk.logins WHERE login = 'bob'")" t "bob's login is free"
pw pb "$B" sync
expect_rc 0 "bob's sync after the hand-off"
expect_eq "$(sa "SELECT device FROM repdesk.logins WHERE login = 'bob'")" "$(q "$B" "SELECT value FROM settings WHERE key = 'device'")" \
	"bob's book is bound again"
rb "$B" customers --format csv
expect_out "Alice 2" "Alice 2 is in bob's list"
rb "$B" set "Alice 2" city=深圳
expect_rc 0 "bob changes his new customer"
pw pb "$B" sync
expect_rc 0 "bob sends the change"
expect_eq "$(sa "SELECT city FROM repdesk.customers WHERE uid = 'A-2'")" 深圳 "bob's change reached the server"
pw pa "$A" sync
expect_rc 0 "alice's sync after the hand-off"
expect_out "handed to another rep" "alice is told of the hand-off"
expect_out "conflicts 1)" "her change to Alice 2 is counted as a conflict"
rb "$A" customers --format csv
expect_no_out "Alice 2" "Alice 2 has left alice's list"
expect_out "Alice 1" "alice keeps her other customers"
rb "$A" set "Alice 2" city=北京
expect_rc 64 "alice can no longer change Alice 2"
expect_err "no customer matches" "Alice 2 is not in alice's book any more"
pw pa "$A" sync
expect_rc 0 "alice syncs again"
expect_eq "$(sa "SELECT city || '|' || rep_uid FROM repdesk.customers WHERE uid = 'A-2'")" "深圳|$ub" "A-2 stays bob's with his change"
# Her change lost to the hand-off is kept, for the lead to see.
expect_eq "$(sa "SELECT count(*) FROM repdesk.conflicts WHERE tbl = 'customers' AND uid = 'A-2' AND rep_uid = '$ua' AND lost->>'city' = '杭州'")" 1 \
	"alice's change to Alice 2 is kept as a lost version"
sq lena pl "SELECT lost->>'city' FROM repdesk.conflicts WHERE uid = 'A-2'"
expect_eq "$(cat "$T/out")" 杭州 "the lead reads it"
sq bob pb "SELECT count(*) FROM repdesk.conflicts"
expect_eq "$(cat "$T/out")" 0 "bob does not read alice's lost version"


# A hand-off is marked for the rep who gets the customer whatever the lead's
# session set: the setting that quiets the tables' row triggers while push
# merges is set off again by reassign.
printf 'uid,name\nA-9,Alice 9\n' >"$T/c.csv"
rb "$A" import customers "$T/c.csv"
pw pa "$A" sync
expect_rc 0 "alice sends Alice 9"
sq lena pl "SET repdesk.merging = 'on'; SELECT repdesk.reassign('A-9', 'bob')"
expect_rc 0 "the lead hands Alice 9 to bob from psql, the setting on"
expect_eq "$(sa "SELECT count(*) FROM repdesk.changes c JOIN repdesk.customers r ON r.uid = 'A-9'
	WHERE c.tbl = 'customers' AND c.rep_uid = '$ub' AND c.rev >= r.rev")" 1 "the hand-off is marked for bob"
pw pb "$B" sync
expect_rc 0 "bob syncs"
rb "$B" customers --format csv
expect_out "Alice 9" "bob's book has Alice 9"

finish
