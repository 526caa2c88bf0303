#!/bin/sh
# Sync through a pooler, as docs/scale.md advises past a few hundred reps:
# PgBouncer in transaction mode in front of the cluster, each rep logging in
# with their own password. A demo book arrives whole, a change is sent alone,
# two reps sync at once, a rep still cannot write another's rows, and the
# lead's report through the pooler is the report read directly. A sync is
# one transaction, so a server connection kept between reps' syncs carries
# nothing from one to the next.
. tests/server/synclib.sh
sl_start
if ! pgb_start; then
	_bad "no PgBouncer in front of the cluster"
	finish
	exit 1
fi

A="$T/alice.db"
B="$T/bob.db"
sl_rep Alice alice pwA "$A" --demo
sl_rep Bob bob pwB "$B" --demo
own_demo "$B" bob-
"$BIN" --db "$OWNER" server add-lead Lee --group G1 --login lee --password pwL \
	--server "$ADMIN" >/dev/null 2>"$T/err" || _bad "add-lead"
pgb_users
"$BIN" --db "$A" config server "$(pgb_url alice)" >/dev/null
"$BIN" --db "$B" config server "$(pgb_url bob)" >/dev/null
RA=$(setting "$A" rep_uid)

sy "$A" pwA
expect_rc 0 "alice's first sync through the pooler"
expect_synced "$A" "through the pooler"
sy "$A" pwA
expect_rc 0 "a second sync through the pooler"
expect_eq "$(sent)" 0 "it sends nothing"

cust=$(sqlite3 "$A" "SELECT name FROM customers WHERE rep_uid = '$RA' AND deleted = 0 ORDER BY uid LIMIT 1")
"$BIN" --db "$A" log call "$cust" --outcome effective --note 'pooled' >/dev/null 2>&1 || _bad "log call"
sy "$A" pwA
expect_rc 0 "a sync after a call"
expect_eq "$(sent)" 1 "the call alone is sent"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.calls WHERE note = 'pooled' AND rep_uid = '$RA'")" 1 \
	"the call is on the server"

# Both reps at once, Bob's whole book and Alice's change, each in its own
# transaction on whichever server connection the pooler gives.
"$BIN" --db "$A" log call "$cust" --outcome busy --note 'pooled at once' >/dev/null 2>&1
sy_both "$A" pwA "$B" pwB
expect_eq "$ra $rb" "0 0" "two reps at once through the pooler ($(cat "$T/ea" "$T/eb"))"
expect_synced "$A" "alice after syncing beside bob"
expect_synced "$B" "bob's whole book through the pooler"

# The pooler logs in as the rep: row-level security still applies.
out=$(PGPASSWORD=pwB "$PGBIN/psql" -X -q -At -h "$PGDIR/pgb" -p "$PGB_PORT" -U bob -d team \
	-c "SELECT count(*) FROM repdesk.customers WHERE rep_uid = '$RA'" 2>&1)
expect_eq "$out" 0 "through the pooler bob sees none of alice's customers"
out=$(PGPASSWORD=pwB "$PGBIN/psql" -X -q -At -h "$PGDIR/pgb" -p "$PGB_PORT" -U bob -d team \
	-c "UPDATE repdesk.customers SET name = 'mine' WHERE rep_uid = '$RA'" 2>&1)
case $out in *"permission denied"*) _ok ;; *) _bad "bob's UPDATE through the pooler: $out" ;; esac

# The lead's report, through the pooler and directly.
PGPASSWORD=pwL "$BIN" --db "$OWNER" team report --format csv --server "$(pgb_url lee)" \
	>"$T/pooled.csv" 2>"$T/err"
rc=$?
expect_rc 0 "the lead's report through the pooler"
PGPASSWORD=pwL "$BIN" --db "$OWNER" team report --format csv --server "$(pg_url lee)" \
	>"$T/direct.csv" 2>"$T/err"
expect_same "$T/pooled.csv" "$T/direct.csv" "the report through the pooler is the report read directly"
[ "$(wc -l <"$T/pooled.csv")" -ge 3 ] && _ok || _bad "the report lists both reps: $(cat "$T/pooled.csv")"
finish
