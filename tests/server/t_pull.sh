#!/bin/sh
# What a sync brings back: the lead's calendar reaches every rep of the
# group (and a day the lead clears is cleared on the reps' books too), a rep
# of another group does not get it, and a second sync brings nothing again.
. tests/cli/lib.sh
. tests/server/pg.sh
trap 'pg_stop; rm -rf "$T"' EXIT
pg_start || { _bad "no PostgreSQL cluster"; finish; exit 1; }

ADMINBOOK=$T/admin.db
"$BIN" --db "$ADMINBOOK" server init --server "$ADMIN" >/dev/null
"$BIN" --db "$ADMINBOOK" server add-lead 钱七 --group 三组 --login qian --password pq --server "$ADMIN" >/dev/null
"$BIN" --db "$ADMINBOOK" server add-rep 孙八 --group 三组 --login sun --password ps --server "$ADMIN" >/dev/null
"$BIN" --db "$ADMINBOOK" server add-rep 周九 --group 四组 --login zhou --password pz --server "$ADMIN" >/dev/null

# book NAME LOGIN PASSWORD GROUP: a book of NAME's, set to sync as LOGIN
book() {
	"$BIN" --db "$T/$2.db" init --rep "$1" --group "$4" >/dev/null
	"$BIN" --db "$T/$2.db" config server "$(pg_url "$2")" >/dev/null
}
# sync LOGIN PASSWORD: one sync of LOGIN's book
sync_as() { _db=$DB; DB=$T/$1.db; PGPASSWORD=$2 rd sync; DB=$_db; }

book 钱七 qian pq 三组
book 孙八 sun ps 三组
book 周九 zhou pz 四组
DB=$T/qian.db
rd calendar set 2027-02-06..2027-02-12 off --name 春节
rd calendar set 2027-02-14 work
sync_as qian pq
expect_rc 0 "the lead syncs"
expect_out "sent 10 " "the lead's rows: their rep and group, and 8 days"
rd calendar export "$T/lead.cal"

sync_as sun ps
expect_rc 0 "the rep syncs"
expect_out "received 8" "the rep receives the lead's 8 days"
DB=$T/sun.db
rd calendar export "$T/sun.cal"
expect_same "$T/sun.cal" "$T/lead.cal" "the rep's book holds the lead's schedule, day for day"
rd calendar 2027-02
expect_out "2027-02: 16 working days" "the rep's month counts the lead's holidays and make-up day"
expect_out "2027-02-14 Sun work" "the make-up workday is the rep's too"
sync_as sun ps
expect_out "received 0" "a second sync brings nothing again"

sync_as zhou pz
expect_rc 0 "a rep of another group syncs"
expect_out "received 0" "another group's rep does not receive the lead's schedule"

# The lead clears a day: the tombstone travels.
DB=$T/qian.db
rd calendar set 2027-02-12 clear
sync_as qian pq
expect_out "sent 1 " "the cleared day is one row"
sync_as sun ps
expect_out "received 1" "the rep receives the cleared day"
DB=$T/sun.db
rd calendar 2027-02
expect_no_out "2027-02-12 Fri off" "the cleared day is an ordinary day on the rep's book"
expect_out "2027-02: 17 working days" "the rep's month has the day back"

# The rows a rep reads of the lead's are the lead's: the rep may not change
# them through a batch of their own (the server keeps the owner).
pg_psql sun ps "SELECT count(*) FROM repdesk.calendar" >"$T/out" 2>"$T/err"
expect_eq "$(cat "$T/out")" 8 "the rep reads the lead's calendar rows (7 days and the cleared one)"
pg_psql zhou pz "SELECT count(*) FROM repdesk.calendar" >"$T/out" 2>"$T/err"
expect_eq "$(cat "$T/out")" 0 "another group's rep reads none of them"
# What the rep reads of the marks of what changed: their own and their
# lead's, and they may not write one.
expect_eq "$(pg_psql sun ps "SELECT count(DISTINCT rep_uid) FROM repdesk.changes WHERE tbl = 'calendar'")" 1 \
	"the rep reads the lead's marks of the calendar"
expect_eq "$(pg_psql zhou pz "SELECT count(*) FROM repdesk.changes WHERE tbl = 'calendar'")" 0 \
	"another group's rep reads none"
pg_psql sun ps "INSERT INTO repdesk.changes VALUES ('x', 'calendar', 'ffffffff', 1)" >"$T/out" 2>"$T/err"
expect_err "permission denied" "a rep may not write a mark"
# A row the server holds that no book writes (its owner edited it by hand:
# a control character in a day's name; the edit marks itself as a change)
# is refused by the rep's book whole, the row named; the book is left as
# it was.
DB=$T/sun.db
rd calendar export "$T/sun-before.cal"
pg_admin "UPDATE repdesk.calendar SET name = E'春节\\x01', updated_at = '2030-01-01T00:00:00.000Z.000000.00000000', rev = pg_current_xact_id()::text::bigint WHERE day = '2027-02-07'" >/dev/null
PGPASSWORD=ps rd sync
expect_rc 65 "a row no book writes: the sync is refused"
expect_err "the team server sent a row this book does not take (table calendar" "the refusal names the table"
expect_err "column name" "and the column"
rd calendar export "$T/sun-after.cal"
expect_same "$T/sun-after.cal" "$T/sun-before.cal" "the book's schedule is as it was"

# The server's own refusals read in the user's language: another book with
# sun's login, under a Chinese locale.
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	DB=$T/zhou.db
	PGPASSWORD=ps LC_ALL=zh_CN.UTF-8 "$BIN" --db "$DB" sync --server "$(pg_url sun)" >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 77 "another book with sun's login is not authorised"
	expect_err "未授权：登录 sun 已绑定到另一个账本" "the server's refusal in Chinese, the login named"
	expect_err "repdesk server rebind" "with the command that frees it"
else
	_ok
fi
finish
