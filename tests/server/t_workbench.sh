#!/bin/sh
# The workbench and the team server, in a real terminal (tmux): the message
# line says the book has not synced; y syncs (the rows reach the server, the
# line then gives the time); a call logged with keys reaches the server with
# the next y; a lead's Team screen reads the server. Skipped without tmux.
. tests/cli/lib.sh
. tests/server/pg.sh
if ! command -v tmux >/dev/null 2>&1; then
	echo 't_workbench: tmux not installed, skipped'
	printf '1 0\n' >"${RESULT_FILE:-/dev/null}"
	exit 0
fi
SOCK=repdesk-srv-$$
tm() { tmux -u -L "$SOCK" -f "$T/tmux.conf" "$@"; }
trap 'tm kill-server >/dev/null 2>&1; pg_stop; rm -rf "$T"' EXIT
printf 'set -s exit-empty off\nset -g remain-on-exit on\nset -g default-shell /bin/sh\n' >"$T/tmux.conf"
pg_start || { _bad "no PostgreSQL cluster"; finish; exit 1; }

screen() { tm capture-pane -p -t "$1"; }
wait_for() {
	_i=0
	while [ "$_i" -lt "${3:-80}" ]; do
		screen "$1" 2>/dev/null | grep -qF -- "$2" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
# expect_screen SESSION TEXT WHAT: TEXT shows within 8 s
expect_screen() {
	if wait_for "$1" "$2"; then _ok; else _bad "$3: the screen lacks '$2'"; screen "$1" | sed 's/^/  | /' >&2; fi
}
# quit SESSION: q, then wait until the workbench has closed the book (under
# the sanitizers its exit takes a while, and the book is locked until then)
quit() {
	tm send-keys -t "$1" q
	_i=0
	while [ "$_i" -lt 200 ]; do
		[ "$(tm display-message -p -t "$1" '#{pane_dead}' 2>/dev/null)" = 1 ] && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	_bad "the workbench in $1 did not quit on q"
}
# book SQL: a figure from the rep's book, waiting out a brief lock
book() { sqlite3 -cmd '.timeout 5000' "$REP" "$1"; }
# on_server SQL: a number from the server, as its owner
on_server() { pg_admin "$1"; }

ADMINBOOK=$T/admin.db
"$BIN" --db "$ADMINBOOK" server init --server "$ADMIN" >/dev/null
"$BIN" --db "$ADMINBOOK" server add-rep 张三 --group 一组 --login zhang --password 'pw-zhang' \
	--server "$ADMIN" >/dev/null
"$BIN" --db "$ADMINBOOK" server add-lead 王五 --group 一组 --login wang --password 'pw-wang' \
	--server "$ADMIN" >/dev/null

# The rep's book, its server set; the workbench with the password in its
# environment only.
REP=$T/rep.db
"$BIN" --db "$REP" init --rep 张三 --group 一组 --demo >/dev/null
"$BIN" --db "$REP" config server "$(pg_url zhang)" >/dev/null
book_rows=$(book "SELECT count(*) FROM customers")
tm new-session -d -s rep -x 120 -y 40 -e PGPASSWORD=pw-zhang -e LC_ALL=C.UTF-8 -e TZ=UTC \
	-e REPDESK_TODAY=2026-11-27 "'$BIN' --db '$REP'"
expect_screen rep "not synced · y" "before the first sync, the message line says so"
expect_eq "$(on_server "SELECT count(*) FROM repdesk.customers")" 0 "nothing on the server yet"

tm send-keys -t rep y
expect_screen rep "Synced " "y syncs and says so"
expect_screen rep " synced 20" "the message line ends with the last sync's time"
expect_eq "$(on_server "SELECT count(*) FROM repdesk.customers")" "$book_rows" \
	"the book's customers reached the server"
calls=$(on_server "SELECT count(*) FROM repdesk.calls")
expect_eq "$calls" "$(book "SELECT count(*) FROM calls")" "the book's calls reached the server"

# A call logged with keys (c, outcome e = effective, no note, no next
# date), then y: one more call on the server, the rollup counts it.
eff=$(on_server "SELECT coalesce(sum(effective), 0) FROM repdesk.team_days")
tm send-keys -t rep c
sleep 0.3
tm send-keys -t rep e
sleep 0.3
tm send-keys -t rep Enter
sleep 0.3
tm send-keys -t rep Enter
sleep 0.5
expect_eq "$(book "SELECT count(*) FROM calls")" "$((calls + 1))" "the call was logged in the book"
tm send-keys -t rep y
wait_for rep "sent 1," >/dev/null
expect_screen rep "sent 1," "the next y sends the one call"
expect_eq "$(on_server "SELECT count(*) FROM repdesk.calls")" "$((calls + 1))" "the call reached the server"
expect_eq "$(on_server "SELECT sum(effective) FROM repdesk.team_days")" "$((eff + 1))" \
	"the server's rollup counts the effective call"
quit rep

# The server out of reach: y says so and that the rows wait.
"$BIN" --db "$REP" log call "$(book "SELECT name FROM customers LIMIT 1")" --outcome busy >/dev/null
pg_server_stop fast
tm new-session -d -s off -x 120 -y 40 -e PGPASSWORD=pw-zhang -e LC_ALL=C.UTF-8 -e TZ=UTC \
	-e REPDESK_TODAY=2026-11-27 "'$BIN' --db '$REP'"
expect_screen off " synced 20" "the last sync's time is kept in the book"
tm send-keys -t off y
expect_screen off "Not synced (" "y with the server stopped says it did not sync"
# And how many rows wait (the call, and whatever else logging it changed).
_i=0
while [ "$_i" -lt 80 ] && ! screen off | grep -qE '\([0-9]+ rows? waits?; nothing is lost\)'; do
	sleep 0.1
	_i=$((_i + 1))
done
waiting=$(screen off | sed -n 's/.*(\([0-9]*\) rows\{0,1\} waits\{0,1\}; nothing is lost).*/\1/p' | head -1)
if [ -n "$waiting" ] && [ "$waiting" -ge 1 ]; then _ok; else _bad "the message says how many rows wait"; fi
quit off
pg_server_start
tm new-session -d -s back -x 120 -y 40 -e PGPASSWORD=pw-zhang -e LC_ALL=C.UTF-8 -e TZ=UTC \
	-e REPDESK_TODAY=2026-11-27 "'$BIN' --db '$REP'"
wait_for back " synced 20" >/dev/null
tm send-keys -t back y
expect_screen back "sent ${waiting:-1}," "back online, y sends the rows that waited"
quit back

# The lead's Team screen reads the server: the rep's month is there though
# the lead's book has no bundle of theirs.
LEAD=$T/lead.db
"$BIN" --db "$LEAD" init --rep 王五 --group 一组 >/dev/null
"$BIN" --db "$LEAD" config server "$(pg_url wang)" >/dev/null
PGPASSWORD=pw-wang "$BIN" --db "$LEAD" sync >/dev/null
tm new-session -d -s lead -x 120 -y 40 -e PGPASSWORD=pw-wang -e LC_ALL=C.UTF-8 -e TZ=UTC \
	-e REPDESK_TODAY=2026-11-27 "'$BIN' --db '$LEAD'"
sleep 0.5
tm send-keys -t lead 4
expect_screen lead "From the team server" "the Team screen says where its figures come from"
expect_screen lead "张三" "the rep synced to the server is on the lead's Team screen"
quit lead
finish
