#!/bin/sh
# Team server benchmark (DESIGN §8, §9), on a throwaway PostgreSQL cluster of
# its own (tests/server/pg.sh: a Unix socket only). BENCH_SERVER_REPS reps'
# books (500) of BENCH_TEAM_CUSTOMERS customers (5,000) and a month of calls,
# orders and payments each, made
# as tests/bench/team.sh makes its bundles: one rep's book, copied with every
# uid, the rep, the group, the device and the stamps' device rewritten
# (sqlite3 shell), each rep a login of its own (server add-rep).
#  1. each rep's first sync, as many at a time as there are processors
#     (BENCH_SERVER_STREAMS), against `team add` of the same reps' bundles
#     into a lead's book in the same run (goal: the server no slower); a
#     VACUUM (ANALYZE), a checkpoint and a sync between the two, timed
#     apart, so that team add and what follows run on a quiet machine;
#  2. a day's change: 10% of one rep's rows changed, one sync (goal < 0.2 s);
#  3. 50 reps syncing at once from 50 processes, 5 rounds (goal: all succeed,
#     none waits more than 5 s), then every row of those 50 reps compared
#     between the books and the server (count and checksum per table);
#     2 and 3 again through PgBouncer in transaction mode (docs/scale.md),
#     when the pgbouncer package is there;
#  4. the team report at that many reps from the server's rollup (goal < 20 ms):
#     the rollup query as the owner and as a lead, and `repdesk team report
#     --server` when this repdesk has it.
# The goals are printed beside the figures; the script fails when a sync
# fails or a row differs between a book and the server.
set -eu
BIN=${REPDESK_BIN:-build/repdesk}
GEN=${REPDESK_GEN:-build/gen_customers}
N=${BENCH_SERVER_REPS:-500}
C=${BENCH_TEAM_CUSTOMERS:-5000}
P=50                                   # reps syncing at once
STREAMS=${BENCH_SERVER_STREAMS:-$(nproc 2>/dev/null || echo 2)}
[ "$P" -le "$N" ] || P=$N
ROUNDS=5
DAY=2026-11-27
MONTH=2026-11
# Server settings for the benchmark (pg.sh already runs with fsync=off).
PGSET="-c shared_buffers=256MB -c max_wal_size=4GB -c synchronous_commit=off"
export LC_ALL=C.UTF-8 TZ=UTC REPDESK_TODAY=$DAY

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
fail() { echo "server bench: $*"; exit 1; }
command -v sqlite3 >/dev/null || fail "needs the sqlite3 shell"
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
# The timer of the syncs at once: built beside the binary by `make bench`.
SW=${REPDESK_STOPWATCH:-$(dirname "$BIN")/stopwatch}
case $SW in /*) ;; *) SW=$(pwd)/$SW ;; esac
[ -x "$SW" ] || fail "no $SW (make bench builds it)"
case $GEN in /*) ;; *) GEN=$(pwd)/$GEN ;; esac

# shellcheck source=tests/server/pg.sh
. "$(dirname "$0")/../server/pg.sh"
W=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-srvbench.XXXXXX")
# Huge pages for the server's shared memory, as a production server has
# them (docs/scale.md): with 4 kB pages every new session faults in each
# page of shared memory it touches, which on this kind of machine costs more
# than the sync's own work. Run as root, the benchmark reserves what the
# cluster needs for the run and gives the old number back at the end;
# BENCH_HUGE_PAGES=no runs without.
HP_OLD=""
huge=no
if [ "${BENCH_HUGE_PAGES:-yes}" != no ] && [ "$(id -u)" = 0 ] && [ -w /proc/sys/vm/nr_hugepages ] &&
	grep -q '^Hugepagesize: *2048 kB' /proc/meminfo; then
	HP_OLD=$(cat /proc/sys/vm/nr_hugepages)
	# shared_buffers (256 MB) and the rest of the shared memory: 160 pages of 2 MB.
	[ "$HP_OLD" -ge 160 ] || echo 160 >/proc/sys/vm/nr_hugepages 2>/dev/null || true
	PGSET="$PGSET -c huge_pages=try"
fi
hp_restore() { [ -z "$HP_OLD" ] || echo "$HP_OLD" >/proc/sys/vm/nr_hugepages 2>/dev/null || true; }
trap 'pg_stop; hp_restore; rm -rf "$W"' EXIT
trap 'exit 130' INT TERM
hp_free0=$(awk '/^HugePages_Free/ { print $2 }' /proc/meminfo)
# shellcheck disable=SC2086
pg_start $PGSET || fail "no PostgreSQL cluster (make deps)"
# In use when the cluster took some (huge_pages=try falls back silently).
[ -z "$HP_OLD" ] || [ "$(awk '/^HugePages_Free/ { print $2 }' /proc/meminfo)" -ge "${hp_free0:-0}" ] || huge=yes
PSQL="$PGBIN/psql"
# Every rep's password, for libpq; the owner needs none on the socket.
PW=bench-secret-7
printf '*:*:*:*:%s\n' "$PW" >"$W/pgpass"
chmod 600 "$W/pgpass"
export PGPASSFILE="$W/pgpass"

# ---- one rep's book: the customers, a month of their activity, a plan ----
"$GEN" "$C" >"$W/customers.csv"
"$BIN" --db "$W/rep.db" init --rep rep --group G >/dev/null
"$BIN" --db "$W/rep.db" import customers "$W/customers.csv" >/dev/null
for k in calls orders payments; do
	"$GEN" "$C" history "$DAY" "$k" | awk -F, 'NR == 1 || $2 >= "2026-11-01"' >"$W/$k.csv"
	"$BIN" --db "$W/rep.db" import "$k" "$W/$k.csv" >/dev/null
done
"$BIN" --db "$W/rep.db" plan "$MONTH" --target 50万 >/dev/null
TABLES="groups reps customers orders calls payments notes targets visits segments choices calendar contacts opportunities"
count_rows() { # DB: the synced rows of a book
	q="SELECT 0"
	for t in $TABLES; do q="$q + (SELECT count(*) FROM $t)"; done
	sqlite3 "$1" "$q"
}
rows=$(count_rows "$W/rep.db")
old_rep=$(sqlite3 "$W/rep.db" "SELECT value FROM settings WHERE key = 'rep_uid'")

# Rep I's book: the first five characters of every uid made its own (uids
# keep their length), its own rep, one of 25 groups, its own device, and
# every stamp (and the clock) ending with that device. The book's triggers
# move the rollup to the new rep; the old rep's emptied rows go.
rep_prefix() { printf 'r%04d' "$1"; }
rep_device() { printf '5e%06x' "$1"; }
make_book() {
	p=$(rep_prefix "$1")
	dev=$(rep_device "$1")
	u() { printf "%s = '%s' || substr(%s, 6)" "$1" "$p" "$1"; }
	st="updated_at = substr(updated_at, 1, length(updated_at) - 8) || '$dev'"
	cp "$W/rep.db" "$W/b$1.db"
	sqlite3 "$W/b$1.db" >/dev/null <<SQL
BEGIN;
UPDATE groups SET $(u uid), $(u rep_uid), name = 'G' || ($1 % 25), $st;
UPDATE reps SET $(u uid), $(u rep_uid), $(u group_uid), name = 'rep$1', $st;
UPDATE customers SET $(u uid), $(u rep_uid), $st,
	referred_by = CASE WHEN coalesce(referred_by, '') = '' THEN referred_by ELSE '$p' || substr(referred_by, 6) END;
UPDATE orders SET $(u uid), $(u rep_uid), $(u customer_uid), $st;
UPDATE calls SET $(u uid), $(u rep_uid), $(u customer_uid), $st;
UPDATE payments SET $(u uid), $(u rep_uid), $(u customer_uid), $st,
	order_uid = CASE WHEN order_uid IS NULL THEN NULL ELSE '$p' || substr(order_uid, 6) END;
UPDATE notes SET $(u uid), $(u rep_uid), $(u customer_uid), $st;
UPDATE visits SET $(u uid), $(u rep_uid), $(u customer_uid), $st;
UPDATE targets SET $(u uid), $(u rep_uid), $st;
UPDATE segments SET $(u uid), $(u rep_uid), $st;
UPDATE choices SET $(u uid), $(u rep_uid), $st;
UPDATE calendar SET $(u uid), $(u rep_uid), $st;
UPDATE contacts SET $(u uid), $(u rep_uid), $(u customer_uid), $st;
UPDATE opportunities SET $(u uid), $(u rep_uid), $(u customer_uid), $st,
	order_uid = CASE WHEN order_uid IS NULL THEN NULL ELSE '$p' || substr(order_uid, 6) END;
UPDATE calls SET contact_uid = '$p' || substr(contact_uid, 6) WHERE contact_uid IS NOT NULL;
UPDATE visits SET contact_uid = '$p' || substr(contact_uid, 6) WHERE contact_uid IS NOT NULL;
DELETE FROM team_days WHERE rep_uid = '$old_rep';
DELETE FROM team_months WHERE rep_uid = '$old_rep';
UPDATE settings SET value = '$p' || substr(value, 6) WHERE key = 'rep_uid';
UPDATE settings SET value = '$dev' WHERE key = 'device';
UPDATE settings SET value = substr(value, 1, length(value) - 8) || '$dev' WHERE key = 'clock';
COMMIT;
SQL
}
# The server, then each rep's book, login and bundle (for team add), in two
# streams at once (not timed as part of any figure).
"$BIN" --db "$W/rep.db" server init --server "$ADMIN" >/dev/null || fail "server init failed"
all_groups=$(i=0; while [ "$i" -lt 25 ]; do printf '%sG%s' "${sep:-}" "$i"; sep='|'; i=$((i + 1)); done)
"$BIN" --db "$W/rep.db" server add-lead lead --group "$all_groups" --login lead --password "$PW" \
	--server "$ADMIN" >/dev/null || fail "add-lead failed"
setup() { # FIRST: reps FIRST, FIRST + 2, ...
	i=$1
	while [ "$i" -le "$N" ]; do
		make_book "$i"
		"$BIN" --db "$W/b$i.db" server add-rep "rep$i" --group "G$((i % 25))" --login "r$i" \
			--password "$PW" --server "$ADMIN" >/dev/null || { echo "add-rep rep$i failed"; return 1; }
		"$BIN" --db "$W/b$i.db" export bundle --out "$W/b$i.bundle" 2>/dev/null ||
			{ echo "export of book $i failed"; return 1; }
		i=$((i + 2))
	done
}
t0=$(now)
setup 1 & s1=$!
setup 2 & s2=$!
wait "$s1" || fail "setup failed"
wait "$s2" || fail "setup failed"
t1=$(now)
echo "server: $N books of $C customers ($rows rows each, $((N * rows)) in all), logins and bundles made in $(elapsed "$t0" "$t1") s"
# The copies are whole books: the rollup moved to the new rep.
[ "$(sqlite3 "$W/b$N.db" "SELECT count(*) FROM team_months WHERE rep_uid = '$(rep_prefix "$N")' || substr('$old_rep', 6)")" = 1 ] ||
	fail "the copied book's rollup did not follow its rep"

wal_lsn() { pg_admin "SELECT pg_current_wal_lsn()"; }
wal_mb() { pg_admin "SELECT round(pg_wal_lsn_diff('$2', '$1') / 1048576.0)"; }

# ---- 1. every rep's first sync, in as many streams as processors ----
# Reps sync from laptops of their own, so the server takes their first syncs
# side by side; here the clients share the server's processors.
first() { # FIRST: reps FIRST, FIRST + STREAMS, ...
	i=$1
	while [ "$i" -le "$N" ]; do
		"$BIN" --db "$W/b$i.db" sync --server "$(pg_url "r$i")" >"$W/sync$1.out" 2>&1 ||
			{ cat "$W/sync$1.out"; echo "first sync of rep $i failed"; return 1; }
		i=$((i + STREAMS))
	done
}
lsn0=$(wal_lsn)
t0=$(now)
k=1
pids=""
while [ "$k" -le "$STREAMS" ]; do
	first "$k" &
	pids="$pids $!"
	k=$((k + 1))
done
for p in $pids; do wait "$p" || fail "a first sync failed"; done
t1=$(now)
lsn1=$(wal_lsn)
sync_all=$(elapsed "$t0" "$t1")
server_rows=0
for t in $TABLES; do
	server_rows=$((server_rows + $(pg_admin "SELECT count(*) FROM repdesk.$t")))
done
[ "$server_rows" = $((N * rows)) ] || fail "the server holds $server_rows rows, not $((N * rows))"
first_wal=$(wal_mb "$lsn0" "$lsn1")
# What an owner does after a load like this (and what autovacuum would
# otherwise do in the background of whatever is timed next, team add
# included): VACUUM (ANALYZE); then a checkpoint and the system's own
# sync, so that the server's gigabytes still to be written do not slow team
# add's own writes to disk. Timed on its own.
t0=$(now)
pg_admin "VACUUM (ANALYZE)" >/dev/null || fail "VACUUM after the first syncs failed"
pg_admin "CHECKPOINT" >/dev/null || fail "CHECKPOINT after the first syncs failed"
sync
t1=$(now)
vacuum_all=$(elapsed "$t0" "$t1")

# The same reps' bundles into a lead's book, in the same run.
"$BIN" --db "$W/lead.db" init --rep lead --group leads >/dev/null
list=$(i=1; while [ "$i" -le "$N" ]; do printf '%s ' "$W/b$i.bundle"; i=$((i + 1)); done)
t0=$(now)
# shellcheck disable=SC2086 # one argument per bundle
"$BIN" --db "$W/lead.db" team add $list >/dev/null
t1=$(now)
team_all=$(elapsed "$t0" "$t1")

# ---- 2. a day's change: 10% of one rep's rows, one sync ----
# Rows get a stamp of now (later than the book's sync_acked), their old one
# as base; the book's clock moves to it.
change() { # BOOK I MOD K: rows with id % MOD = K of book I changed now
	dev=$(rep_device "$2")
	s="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ).000000.$dev"
	sqlite3 "$1" >/dev/null <<SQL
BEGIN;
UPDATE customers SET notes = coalesce(notes, '') || ' +', base_at = updated_at, updated_at = '$s' WHERE id % $3 = $4;
UPDATE calls SET note = coalesce(note, '') || ' +', base_at = updated_at, updated_at = '$s' WHERE id % $3 = $4;
UPDATE orders SET note = coalesce(note, '') || ' +', base_at = updated_at, updated_at = '$s' WHERE id % $3 = $4;
UPDATE payments SET note = coalesce(note, '') || ' +', base_at = updated_at, updated_at = '$s' WHERE id % $3 = $4;
UPDATE settings SET value = '$s' WHERE key = 'clock';
COMMIT;
SQL
}
stats() { # a list of numbers: median and worst
	# shellcheck disable=SC2086 # one number per line
	printf '%s\n' $1 | sort -n | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f", m, v[NR] }'
}
day() { # URL-FUNCTION FIRST-K: five syncs of rep 1's day's change; day_med, day_max
	day_times=""
	k=$2
	while [ "$k" -lt $(($2 + 5)) ]; do
		change "$W/b1.db" 1 10 "$k"
		t0=$(now)
		"$BIN" --db "$W/b1.db" sync --server "$($1 r1)" >"$W/day.out" 2>&1 ||
			{ cat "$W/day.out"; fail "the day's sync failed"; }
		t1=$(now)
		day_times="$day_times $(elapsed "$t0" "$t1")"
		k=$((k + 1))
	done
	day_sent=$(sed -n 's/.*sent \([0-9]*\).*/\1/p' "$W/day.out")
	day_upd=$(sed -n 's/.*updated \([0-9]*\).*/\1/p' "$W/day.out")
	if [ "${day_upd:-0}" -eq 0 ] || [ "$day_upd" != "$day_sent" ]; then
		cat "$W/day.out"; fail "the day's sync did not update what it sent"
	fi
	# shellcheck disable=SC2046 # the two numbers
	set -- $(stats "$day_times")
	day_med=$1 day_max=$2
}
lsn0=$(wal_lsn)
day pg_url 0
lsn1=$(wal_lsn)
day_wal=$(wal_mb "$lsn0" "$lsn1")
# Through a pooler that keeps each rep's server session (docs/scale.md):
# the first of the five pays for a new session, the others reuse it.
pooled=no
if pgb_start; then
	pooled=yes
	d_med=$day_med d_max=$day_max
	day pgb_url 5
	pday_med=$day_med pday_max=$day_max
	day_med=$d_med day_max=$d_max
fi

# A whole book sent again (its marks forgotten, as after a restored laptop):
# the server must write none of its unchanged rows.
sqlite3 "$W/b$N.db" "UPDATE settings SET value = '' WHERE key = 'sync_acked'"
lsn0=$(wal_lsn)
t0=$(now)
"$BIN" --db "$W/b$N.db" sync --server "$(pg_url "r$N")" >"$W/again.out" 2>&1 ||
	{ cat "$W/again.out"; fail "sending a book again failed"; }
t1=$(now)
lsn1=$(wal_lsn)
again_s=$(elapsed "$t0" "$t1")
again_kb=$(pg_admin "SELECT round(pg_wal_lsn_diff('$lsn1', '$lsn0') / 1024.0)")
grep -q "sent $rows (added 0, updated 0, conflicts 0)" "$W/again.out" ||
	{ cat "$W/again.out"; fail "a book sent again changed rows"; }

# ---- 3. P reps syncing at the same moment, ROUNDS rounds ----
conc() { # URL-FUNCTION FIRST-ROUND: conc_fail, conc_med, conc_max, conc_rows, conc_rate
	: >"$W/conc.txt"
	conc_wall=0
	round=$2
	while [ "$round" -lt $(($2 + ROUNDS)) ]; do
		i=1
		while [ "$i" -le "$P" ]; do change "$W/b$i.db" "$i" 500 "$round"; i=$((i + 1)); done
		rm -f "$W/go"
		i=1
		while [ "$i" -le "$P" ]; do
			url=$($1 "r$i")
			(
				while [ ! -e "$W/go" ]; do sleep 0.01; done
				exec "$SW" "$W/c$i.t" "$BIN" --db "$W/b$i.db" sync --server "$url" >"$W/c$i.out" 2>&1
			) &
			i=$((i + 1))
		done
		sleep 1
		t0=$(now)
		touch "$W/go"
		wait
		t1=$(now)
		conc_wall=$(awk -v a="$conc_wall" -v b="$(elapsed "$t0" "$t1")" 'BEGIN { print a + b }')
		# Each sync's own time and status (c$i.t: "seconds status"), read
		# once every sync of the round is over.
		i=1
		while [ "$i" -le "$P" ]; do
			read -r secs rc <"$W/c$i.t" || { secs=0 rc=1; }
			echo "$round $i $rc $secs $(sed -n 's/.*sent \([0-9]*\).*/\1/p' "$W/c$i.out")" >>"$W/conc.txt"
			if [ "$rc" != 0 ]; then cat "$W/c$i.out"; fi
			i=$((i + 1))
		done
		round=$((round + 1))
	done
	conc_fail=$(awk '$3 != 0' "$W/conc.txt" | wc -l)
	conc_rows=$(awk '{ s += $5 } END { print s + 0 }' "$W/conc.txt")
	# shellcheck disable=SC2046 # the two numbers
	set -- $(stats "$(cut -d' ' -f4 "$W/conc.txt")")
	conc_med=$1 conc_max=$2
	conc_rate=$(awk -v r="$conc_rows" -v t="$conc_wall" 'BEGIN { printf "%.0f", r / t }')
	# The worst wait of each round, in order.
	conc_rounds=$(awk '{ if ($4 > m[$1]) m[$1] = $4; if (!($1 in seen)) { seen[$1] = 1; o[++n] = $1 } }
		END { for (i = 1; i <= n; i++) printf "%s%.2f", (i > 1 ? " " : ""), m[o[i]] }' "$W/conc.txt")
}
conc pg_url 1
if [ "$pooled" = yes ]; then
	d_fail=$conc_fail d_med=$conc_med d_max=$conc_max d_rows=$conc_rows d_rate=$conc_rate
	d_rounds=$conc_rounds
	conc pgb_url $((ROUNDS + 1))
	pc_fail=$conc_fail pc_med=$conc_med pc_max=$conc_max pc_rows=$conc_rows pc_rate=$conc_rate
	pc_rounds=$conc_rounds
	conc_fail=$d_fail conc_med=$d_med conc_max=$d_max conc_rows=$d_rows conc_rate=$d_rate
	conc_rounds=$d_rounds
fi

# Nothing lost: each of the P reps' rows, book against server: every
# table's uids and stamps in uid order (count and checksum per table).
rep_rows() { # SOURCE REP: "table uid|updated_at" lines, by table and uid
	q=""
	for t in $TABLES; do
		q="$q${q:+ UNION ALL }SELECT '$t' AS t, uid || '|' || updated_at AS v FROM $1$t WHERE rep_uid = '$2'"
	done
	echo "$q"
}
per_table() { awk '{ n[$1]++ } END { for (t in n) print t, n[t] }' "$1" | sort; }
lost=0
i=1
while [ "$i" -le "$P" ]; do
	rep=$(sqlite3 "$W/b$i.db" "SELECT value FROM settings WHERE key = 'rep_uid'")
	sqlite3 -separator ' ' "$W/b$i.db" "$(rep_rows "" "$rep") ORDER BY 1, 2" >"$W/book.rows"
	pg_admin "SELECT t || ' ' || v FROM ($(rep_rows repdesk. "$rep")) x ORDER BY t COLLATE \"C\", v COLLATE \"C\"" \
		>"$W/server.rows"
	[ "$(wc -l <"$W/book.rows")" -ge "$rows" ] || fail "rep $i: the book lists too few rows"
	for t in $TABLES; do
		b=$(grep "^$t " "$W/book.rows" | md5sum | cut -c1-32)-$(grep -c "^$t " "$W/book.rows" || true)
		s=$(grep "^$t " "$W/server.rows" | md5sum | cut -c1-32)-$(grep -c "^$t " "$W/server.rows" || true)
		if [ "$b" != "$s" ]; then
			echo "server bench: rep $i table $t: book $b, server $s (checksum-count)"
			lost=$((lost + 1))
		fi
	done
	i=$((i + 1))
done

# ---- 4. the team report from the server's rollup ----
ROLLUP="SELECT coalesce(g.name, ''), r.name, coalesce(t.amount, 0), coalesce(m.sales, 0),
 coalesce(m.calls, 0), coalesce(m.effective, 0), coalesce(m.deals, 0), coalesce(m.collected, 0),
 coalesce(m.visits, 0)
 FROM repdesk.reps r LEFT JOIN repdesk.groups g ON g.uid = r.group_uid
 LEFT JOIN repdesk.team_months m ON m.rep_uid = r.uid AND m.month = '$MONTH'
 LEFT JOIN (SELECT rep_uid, sum(amount) AS amount FROM repdesk.targets WHERE month = '$MONTH'
  AND level = 'base' AND scope = 'month' AND key = '' AND deleted = 0 GROUP BY rep_uid) t
  ON t.rep_uid = r.uid
 WHERE r.deleted = 0 ORDER BY coalesce(m.sales, 0) DESC, r.name"
# On a settled server, as a lead reads it during the day: the rounds above
# left dead versions of the rollup's rows that autovacuum would clear soon
# after (with ANALYZE alone the lead's query took 24 ms in one run, 15.6 ms
# once vacuumed).
pg_admin "VACUUM (ANALYZE)" >/dev/null
best=9
k=0
while [ "$k" -lt 5 ]; do
	a=$(now); pg_admin "$ROLLUP" >"$W/rollup.txt"; b=$(now)
	best=$(awk -v x="$best" -v y="$(elapsed "$a" "$b")" 'BEGIN { print (y < x ? y : x) }')
	k=$((k + 1))
done
report_reps=$(wc -l <"$W/rollup.txt")
[ "$report_reps" = "$N" ] || fail "the rollup query gave $report_reps reps, not $N"
exec_ms=$(printf '%s\n' "\\timing on" "$ROLLUP;" "$ROLLUP;" "$ROLLUP;" |
	"$PSQL" -X -q -At -h "$PGDIR" -p "$PGPORT_T" -U postgres -d team 2>&1 |
	sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n | head -n 1)
# The same query as the lead of all 25 groups, through row-level security.
lead_ms=$(printf '%s\n' "\\timing on" "$ROLLUP;" "$ROLLUP;" "$ROLLUP;" |
	PGPASSWORD=$PW "$PSQL" -X -q -At -h "$PGDIR" -p "$PGPORT_T" -U lead -d team 2>&1 |
	sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n | head -n 1)
report_cli=""
if "$BIN" team --help 2>&1 | grep -q -- --server; then
	best_cli=9
	k=0
	while [ "$k" -lt 5 ]; do
		a=$(now)
		if ! "$BIN" --db "$W/lead.db" team report "$MONTH" --format csv --server "$(pg_url lead)" \
			>"$W/report.csv" 2>"$W/report.err"; then
			report_cli="failed: $(head -n 1 "$W/report.err")"
			break
		fi
		b=$(now)
		best_cli=$(awk -v x="$best_cli" -v y="$(elapsed "$a" "$b")" 'BEGIN { print (y < x ? y : x) }')
		k=$((k + 1))
	done
	[ -n "$report_cli" ] ||
		report_cli="$(awk -v x="$best_cli" 'BEGIN { printf "%.1f", x * 1000 }') ms, whole command, $(($(wc -l <"$W/report.csv") - 1)) rows"
fi

# ---- the server's size ----
db_mb=$(pg_admin "SELECT round(pg_database_size('team') / 1048576.0)")
rollup_rows=$(pg_admin "SELECT (SELECT count(*) FROM repdesk.team_days) || ' team_days, ' ||
	(SELECT count(*) FROM repdesk.team_months) || ' team_months'")

rate() { awk -v r="$1" -v t="$2" 'BEGIN { printf "%.0f", r / t }'; }
echo "server: PostgreSQL $("$PSQL" -V | awk '{ print $3 }'), fsync=off $PGSET; huge pages in use: $huge"
echo "server: $N reps x $C customers, $rows rows each ($((N * rows)) in all)"
echo "server: first syncs, $STREAMS at a time: $sync_all s, $(rate $((N * rows)) "$sync_all") rows/s, WAL $first_wal MB"
echo "server: team add of the same $N bundles: $team_all s, $(rate $((N * rows)) "$team_all") rows/s"
echo "server: ratio (team add time / sync time, >= 1.00 means the server is no slower): $(awk -v a="$team_all" -v b="$sync_all" 'BEGIN { printf "%.2f", a / b }')"
echo "server: VACUUM (ANALYZE), CHECKPOINT and sync after the first syncs, before team add: $vacuum_all s (ratio with it counted: $(awk -v a="$team_all" -v b="$sync_all" -v v="$vacuum_all" 'BEGIN { printf "%.2f", a / (b + v) }'))"
echo "server: a day's change ($day_sent rows, 10% of one rep): sync median $day_med s, worst $day_max s of 5 (goal < 0.2 s); WAL $day_wal MB for the 5"
if [ "$pooled" = yes ]; then
	echo "server: the same through PgBouncer (transaction pooling): median $pday_med s, worst $pday_max s of 5 (the first opens the rep's server session)"
fi
echo "server: a whole book sent again ($rows unchanged rows): $again_s s, WAL $again_kb kB (no row written: the batch and the login)"
echo "server: $P reps at once x $ROUNDS rounds: $conc_fail failed (goal 0); wait median $conc_med s, max $conc_max s (goal <= 5 s); $conc_rows rows, $conc_rate rows/s; worst of each round: $conc_rounds s"
if [ "$pooled" = yes ]; then
	echo "server: the same through PgBouncer, $ROUNDS more rounds: $pc_fail failed; wait median $pc_med s, max $pc_max s; $pc_rows rows, $pc_rate rows/s; worst of each round: $pc_rounds s (the first opens every rep's server session)"
else
	echo "server: through PgBouncer: not measured (no pgbouncer; make deps)"
fi
echo "server: book against server for those $P reps, $(echo "$TABLES" | wc -w) tables each: $lost differ (goal 0)"
echo "server: team report rollup query at $N reps: $(awk -v x="$best" 'BEGIN { printf "%.1f", x * 1000 }') ms whole psql command, ${exec_ms:-?} ms in the server (goal < 20 ms; best of 5)"
echo "server: the same query as the lead (row-level security): ${lead_ms:-?} ms in the server (best of 3)"
if [ -n "$report_cli" ]; then
	echo "server: repdesk team report --server: $report_cli (goal < 20 ms; best of 5)"
else
	echo "server: repdesk team report --server: not in this repdesk yet (not measured)"
fi
echo "server: database $db_mb MB; rollup $rollup_rows"
if [ "$conc_fail" != 0 ] || [ "${pc_fail:-0}" != 0 ] || [ "$lost" != 0 ]; then
	fail "syncs failed or rows differ"
fi
