#!/bin/sh
# repdesk sync when things break: the answer to a committed batch lost (the
# batch is recognised, never merged twice, even replayed by hand), the
# client killed inside the server's transaction, the server killed in the
# middle of a merge, the server down before a sync. Each time nothing is
# lost and both sides end up equal.
. tests/server/synclib.sh
sl_start

A="$T/alice.db"
B="$T/bob.db"
sl_rep Alice alice pwA "$A" --demo
sl_rep Bob bob pwB "$B" --demo
own_demo "$B" b-
RA=$(setting "$A" rep_uid)
RB=$(setting "$B" rep_uid)
DEVA=$(setting "$A" device)
cust=$(sqlite3 "$A" "SELECT name FROM customers WHERE rep_uid = '$RA' AND deleted = 0 ORDER BY uid LIMIT 1")
bcust=$(sqlite3 "$B" "SELECT name FROM customers WHERE rep_uid = '$RB' AND deleted = 0 ORDER BY uid LIMIT 1")
call() {  # BOOK CUSTOMER NOTE: log a call now
	"$BIN" --db "$1" log call "$2" --outcome effective --note "$3" >/dev/null 2>&1 ||
		_bad "log call $3"
}
# open_tx LOGIN: wait (up to 10 s) until LOGIN's session is idle inside a
# transaction on the server (the sync paused before its COMMIT).
open_tx() {
	_i=0
	while [ $_i -lt 100 ]; do
		[ "$(pg_admin "SELECT count(*) FROM pg_stat_activity WHERE usename = '$1'
			AND state = 'idle in transaction'")" = 1 ] && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# ---- the answer to a committed batch is lost ----
REPDESK_SYNC_DIE_AFTER_COMMIT=1 PGPASSWORD=pwA "$BIN" --db "$A" sync >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" != 0 ] && _ok || _bad "a sync that dies after the server's commit exits 0"
expect_eq "$(setting "$A" sync_seq)" "" "the book did not record the ack"
case $(setting "$A" sync_sent) in "1 "*) _ok ;; *) _bad "the batch in flight is not recorded: $(setting "$A" sync_sent)" ;; esac
nsrv=$(pg_admin "SELECT count(*) FROM repdesk.calls WHERE rep_uid = '$RA'")
[ "$nsrv" -gt 1000 ] && _ok || _bad "the batch did not reach the server: $nsrv calls"
before=$(srv_state)
sums_srv "$RA" >"$T/sums0"
sy "$A" pwA
expect_rc 0 "the sync after the lost answer"
expect_out "reached the server already" "the sync says the batch had reached the server"
expect_eq "$(sent)" 0 "nothing is sent again"
expect_eq "$(srv_state)" "$before" "the server's rows are unchanged by the second sync"
sums_srv "$RA" >"$T/sums1"
expect_same "$T/sums0" "$T/sums1" "the rep's counts and checksums on the server are unchanged"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.batches WHERE device = '$DEVA' AND seq = 1")" 1 \
	"one row in repdesk.batches for (device, 1)"
expect_eq "$(pg_admin "SELECT sum(rows) FROM repdesk.batches WHERE device = '$DEVA'")" \
	"$(sums_book "$A" | awk '{ n += $2 } END { print n }')" "the batches carried every row once"
expect_synced "$A" "after a replayed batch"
expect_eq "$(setting "$A" sync_sent)" "" "no batch left in flight"

# Lost again, with a change made before the next sync: the replayed batch
# is recognised and only the change is sent.
call "$A" "$cust" 'lost answer'
REPDESK_SYNC_DIE_AFTER_COMMIT=1 PGPASSWORD=pwA "$BIN" --db "$A" sync >/dev/null 2>&1
seq=$(setting "$A" sync_seq)
call "$A" "$cust" 'after the lost answer'
sy "$A" pwA
expect_rc 0 "sync after a second lost answer"
expect_out "reached the server already" "the second lost answer is recognised"
expect_eq "$(sent)" 1 "only the call made since is sent"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.batches WHERE device = '$DEVA' AND seq = $((seq + 1))")" 1 \
	"one row in repdesk.batches for the replayed batch"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.calls WHERE note IN ('lost answer', 'after the lost answer')")" 2 \
	"both calls are on the server, once each"
expect_synced "$A" "after the second lost answer"

# A rep replays an old batch number by hand with other content: the server
# answers 'replayed' and takes nothing.
victim=$(pg_admin "SELECT uid FROM repdesk.calls WHERE rep_uid = '$RA' ORDER BY uid LIMIT 1")
before=$(srv_state)
args=""
for t in $SYNC_TABLES; do
	if [ "$t" = calls ]; then
		# By name, not position: the table's columns grow with the layout.
		args="$args, ARRAY(SELECT jsonb_populate_record(NULL::repdesk.in_calls, to_jsonb(x) || jsonb_build_object('note',
			'replayed by hand', 'updated_at', '$(now_stamp "$DEVA")', 'base_at', x.updated_at))
			FROM repdesk.calls x WHERE uid = '$victim')"
	else
		args="$args, ARRAY[]::repdesk.in_$t[]"
	fi
done
out=$(pg_psql alice pwA "SELECT repdesk.push('$DEVA', 1, '$RA'$args)::text" 2>&1)
case $out in *'"replayed": true'*) _ok ;; *) _bad "a batch number replayed by hand: $out" ;; esac
expect_eq "$(srv_state)" "$before" "a batch replayed by hand changes nothing"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.batches WHERE device = '$DEVA' AND seq = 1")" 1 \
	"still one row for (device, 1)"

# ---- the client killed inside the server's transaction ----
nb=$(sqlite3 "$B" "SELECT count(*) FROM calls")
before=$(srv_state)
REPDESK_SYNC_PAUSE_MS=5000 PGPASSWORD=pwB "$BIN" --db "$B" sync >/dev/null 2>&1 &
pid=$!
if open_tx bob; then _ok; else _bad "the paused sync never held a transaction open"; fi
kill -9 $pid
wait $pid 2>/dev/null
# The server notices the closed connection and rolls the transaction back.
i=0
while [ $i -lt 50 ] && [ "$(pg_admin "SELECT count(*) FROM pg_stat_activity WHERE usename = 'bob'")" != 0 ]; do
	sleep 0.1
	i=$((i + 1))
done
expect_eq "$(srv_state)" "$before" "a client killed mid-sync leaves the server unchanged"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.calls WHERE rep_uid = '$RB'")" 0 \
	"none of the killed batch's rows are on the server"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.batches WHERE rep_uid = '$RB'")" 0 \
	"the killed batch is not logged"
sy "$B" pwB
expect_rc 0 "the sync after the kill"
[ "$(sent)" -gt "$nb" ] && _ok || _bad "the sync after the kill sent only $(sent) rows"
expect_no_out "reached the server already" "the killed batch is not taken for a replay"
expect_synced "$B" "after a killed client"
sy "$B" pwB
expect_eq "$(sent)" 0 "the next sync sends 0"

# ---- two syncs of one book at once ----
# The first holds its batch open on the server; a call made meanwhile goes
# with the second, which numbers its batch the same: whichever way the
# server settles it, both calls end up there once.
call "$A" "$cust" 'twice at once 1'
REPDESK_SYNC_PAUSE_MS=3000 PGPASSWORD=pwA "$BIN" --db "$A" sync >"$T/o1" 2>"$T/e1" &
pid=$!
if open_tx alice; then _ok; else _bad "the paused sync never held a transaction open"; fi
call "$A" "$cust" 'twice at once 2'
sy "$A" pwA
wait $pid
r1=$?
[ "$r1" = 0 ] || [ "$rc" = 0 ] && _ok || _bad "two syncs of one book at once: both failed ($r1, $rc)"
sy "$A" pwA
expect_rc 0 "the sync after two at once"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.calls WHERE note LIKE 'twice at once %'")" 2 \
	"both calls made around two syncs at once are on the server"
expect_synced "$A" "after two syncs of one book at once"
sy "$A" pwA
expect_eq "$(sent)" 0 "then Alice sends 0"

# ---- the server killed in the middle of a merge ----
call "$A" "$cust" 'server dies'
call "$A" "$cust" 'server dies 2'
call "$B" "$bcust" 'server dies for bob'
sums_srv "$RA" >"$T/sums0"
REPDESK_SYNC_PAUSE_MS=5000 PGPASSWORD=pwA "$BIN" --db "$A" sync >"$T/out" 2>"$T/err" &
pid=$!
if open_tx alice; then _ok; else _bad "the paused sync never held a transaction open"; fi
pg_server_stop immediate
wait $pid
rc=$?
expect_rc 74 "a sync whose server died mid-merge"
sed '/rows\{0,1\} wait/d' "$T/err" >"$T/err1"
expect_eq "$(wc -l <"$T/err1" | tr -d ' ')" 1 "the failure is one line"
expect_err "2 rows wait for the next sync" "the sync says the rows wait"
pg_server_start || _bad "the server does not start again"
sums_srv "$RA" >"$T/sums1"
expect_same "$T/sums0" "$T/sums1" "the merge the server died in left nothing"
sy "$A" pwA
expect_rc 0 "the sync after the server came back"
expect_eq "$(sent)" 2 "the two waiting calls are sent"
expect_synced "$A" "Alice after the server died mid-merge"
sy "$B" pwB
expect_rc 0 "Bob's sync after the server came back"
expect_eq "$(sent)" 1 "Bob's waiting call is sent"
expect_synced "$B" "Bob after the server died mid-merge"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.calls WHERE note LIKE 'server dies%'")" 3 \
	"nothing is lost"
sy "$A" pwA
expect_eq "$(sent)" 0 "then Alice sends 0"

# ---- the server down before a sync ----
call "$A" "$cust" 'offline 1'
call "$A" "$cust" 'offline 2'
call "$A" "$cust" 'offline 3'
pg_server_stop fast
bs=$(book_state "$A")
settings0=$(sqlite3 "$A" "SELECT key || '=' || value FROM settings WHERE key LIKE 'sync%' ORDER BY key")
sy "$A" pwA
expect_rc 74 "a sync with the server down"
expect_err "3 rows wait for the next sync; nothing is lost" "the pending count is printed"
expect_eq "$(book_state "$A")" "$bs" "the book's rows are unchanged"
expect_eq "$(sqlite3 "$A" "SELECT key || '=' || value FROM settings WHERE key LIKE 'sync%' ORDER BY key")" \
	"$settings0" "the book's sync marks are unchanged"
pg_server_start || _bad "the server does not start again"
sy "$A" pwA
expect_rc 0 "the sync after the server is back"
expect_eq "$(sent)" 3 "everything pending is sent"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.calls WHERE note LIKE 'offline %'")" 3 \
	"the offline calls are on the server"
expect_synced "$A" "after the server was down"

finish
