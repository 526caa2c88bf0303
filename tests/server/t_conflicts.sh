#!/bin/sh
# Conflicts on the server: a version the server holds from another device
# (here the owner's hand edit, as after a rebind to another book) against
# the rep's own change of the same row. The newer one wins, the other is kept
# in conflicts; in the same batch a new row is added and a plain change
# taken, and the counts say so. A second sync changes nothing.
. tests/server/synclib.sh
sl_start
A=$T/ann.db
sl_rep Ann ann pa "$A"
printf 'name,phone,city\nAnn 1,13800000001,上海\nAnn 2,13800000002,上海\nAnn 3,13800000003,上海\n' >"$T/c.csv"
"$BIN" --db "$A" import customers "$T/c.csv" >/dev/null 2>&1
sy "$A" pa
expect_rc 0 "ann's first sync"
uid() { sqlite3 "$A" "SELECT uid FROM customers WHERE name = '$1'"; }
u1=$(uid "Ann 1") u2=$(uid "Ann 2") u3=$(uid "Ann 3")

# srv_edit UID CITY STAMP: the owner changes a row on the server, as another
# device would have (the row's old stamp its base).
srv_edit() {
	pg_admin "UPDATE repdesk.customers SET city = '$2', base_at = updated_at, updated_at = '$3'
		WHERE uid = '$1'" >/dev/null
}
# Ann 1: the server's version is older than ann's change (hers wins, the
# server's is lost); Ann 2: newer (the server's stays, hers is lost).
srv_edit "$u1" 服务器1 "$(now_stamp ffffffff -d '-1 min')"
"$BIN" --db "$A" set "Ann 2" city=书2 >/dev/null
srv_edit "$u2" 服务器2 "$(now_stamp ffffffff -d '+1 min')"
"$BIN" --db "$A" set "Ann 1" city=书1 >/dev/null
"$BIN" --db "$A" set "Ann 3" city=书3 >/dev/null
printf 'name,phone\nAnn 4,13800000004\n' >"$T/c4.csv"
"$BIN" --db "$A" import customers "$T/c4.csv" >/dev/null 2>&1
sy "$A" pa
expect_rc 0 "the sync with two conflicts"
expect_out "sent 5 (added 2, updated 2, conflicts 2)" \
	"Ann 4 and her contact added, two taken (one over another version), two conflicts"
expect_out "received 1" "the server's newer version of Ann 2 comes back"
srv_city() { pg_admin "SELECT city FROM repdesk.customers WHERE uid = '$1'"; }
expect_eq "$(srv_city "$u1")" 书1 "Ann 1: ann's newer change is the server's"
expect_eq "$(srv_city "$u2")" 服务器2 "Ann 2: the server's newer version stays"
expect_eq "$(srv_city "$u3")" 书3 "Ann 3: the plain change is taken"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.customers WHERE name = 'Ann 4'")" 1 "Ann 4 is added"
expect_eq "$(pg_admin "SELECT string_agg(uid || '=' || (lost->>'city'), ' ' ORDER BY lost->>'city')
	FROM repdesk.conflicts WHERE tbl = 'customers'")" "$u2=书2 $u1=服务器1" \
	"each losing version is kept: ann's of Ann 2, the server's of Ann 1"
expect_eq "$(sqlite3 "$A" "SELECT city FROM customers WHERE uid = '$u2'")" 服务器2 \
	"ann's book takes the server's Ann 2"
expect_eq "$(pg_admin "SELECT conflicts || ' ' || updated || ' ' || added FROM repdesk.batches ORDER BY seq DESC LIMIT 1")" \
	"2 2 2" "the batch's log has the same counts"

sy "$A" pa
expect_rc 0 "a second sync"
# (The server's Ann 2 is stamped ahead of the book's clock, so the book
# sends it once more; the server holds that version already.)
expect_out "(added 0, updated 0, conflicts 0)" "nothing is taken again"
expect_eq "$(srv_city "$u1") $(srv_city "$u2") $(srv_city "$u3")" "书1 服务器2 书3" "the server's rows are as they were"
expect_eq "$(pg_admin "SELECT count(*) FROM repdesk.conflicts")" 2 "no conflict is added again"
finish
