# Faults a real process must survive (RELIABILITY items 13-15, 20-23):
# kill -9 during an import, a full disk, failing allocations, a busy
# database, damaged or foreign database files. Each bounded in time.
. tests/cli/lib.sh
GEN=${REPDESK_GEN:-build/gen_customers}
FAILMALLOC=${REPDESK_FAILMALLOC:-}

count() { sqlite3 "$DB" "SELECT count(*) FROM customers" 2>/dev/null; }

rd init; expect_rc 0 "init"
printf 'name,city\n老客户甲,广州\n老客户乙,深圳\n' >"$T/small.csv"
rd import customers "$T/small.csv"; expect_rc 0 "seed import"
rd export customers --out "$T/before.csv"

# 13. kill -9 at several moments of a large import: unchanged or complete.
"$GEN" 100000 >"$T/big.csv"
for delay in 0.2 0.5 0.9 1.4; do
	"$BIN" --db "$DB" import customers "$T/big.csv" >/dev/null 2>&1 &
	pid=$!
	sleep $delay
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	n=$(count)
	if [ "$n" = 2 ] || [ "$n" = 100002 ]; then _ok; else _bad "after kill -9 at ${delay}s: $n customers (neither 2 nor 100002)"; fi
	ic=$(sqlite3 "$DB" "PRAGMA integrity_check" 2>&1)
	expect_eq "$ic" "ok" "integrity_check after kill -9 at ${delay}s"
	if [ "$n" = 100002 ]; then break; fi
done
# Start again from the small book for the rest.
rm -f "$DB" "$DB-wal" "$DB-shm"
rd init; rd import customers "$T/small.csv"
rd export customers --out "$T/before.csv"

# 14. Disk full at the Nth write: exit 74, data unchanged.
printf 'name,city\n' >"$T/mid.csv"; i=0; while [ $i -lt 3000 ]; do echo "新客户$i,广州"; i=$((i + 1)); done >>"$T/mid.csv"
for n in 1 2 3 5 8; do
	# LeakSanitizer cannot run under ptrace; the plain build checks leaks elsewhere.
	ASAN_OPTIONS=detect_leaks=0 strace -f -o /dev/null -e trace=pwrite64,write -e inject=pwrite64:error=ENOSPC:when=$n+ \
		"$BIN" --db "$DB" import customers "$T/mid.csv" >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 74 "disk full at write $n"
	rd export customers --out "$T/after.csv"
	expect_same "$T/before.csv" "$T/after.csv" "data unchanged after disk full at write $n"
done

# 15. Allocation failure at the Nth allocation: an error each time, no crash.
if [ -n "$FAILMALLOC" ]; then
	for n in 50 200 400 800 1500 3000 6000 12000 20000; do
		LD_PRELOAD=$FAILMALLOC FAILMALLOC_AT=$n "$BIN" --db "$DB" import customers "$T/mid.csv" >"$T/out" 2>"$T/err"
		rc=$?
		if [ "$rc" -ge 128 ]; then _bad "allocation failure at $n crashed (status $rc)"; else _ok; fi
		if [ "$rc" != 0 ] && ! grep -q '^repdesk: ' "$T/err"; then _bad "allocation failure at $n: no message"; else _ok; fi
		rd export customers --out "$T/after.csv"
		n_after=$(count)
		if [ "$n_after" = 2 ] || [ "$n_after" = 3002 ]; then _ok; else _bad "after allocation failure at $n: $n_after customers"; fi
		if [ "$n_after" = 3002 ]; then
			rm -f "$DB" "$DB-wal" "$DB-shm"; rd init; rd import customers "$T/small.csv"
		fi
	done
fi

# 21. Another process holds the write lock: wait and succeed; too long: exit 75.
rd export customers --out "$T/before.csv"
(echo "BEGIN IMMEDIATE; UPDATE settings SET value = value WHERE 0;"; sleep 2; echo "COMMIT;") | sqlite3 "$DB" &
holder=$!
sleep 0.3
rd import customers "$T/mid.csv"; expect_rc 0 "waits for a 2 s writer and succeeds"
wait $holder
printf 'name\n忙碌客户\n' >"$T/busy.csv"
(echo "BEGIN IMMEDIATE; UPDATE settings SET value = value WHERE 0;"; sleep 4; echo "COMMIT;") | sqlite3 "$DB" &
holder=$!
sleep 0.3
REPDESK_BUSY_MS=1000 "$BIN" --db "$DB" import customers "$T/busy.csv" >"$T/out" 2>"$T/err"; rc=$?
expect_rc 75 "a writer holding longer than the timeout: exit 75"
expect_err "busy" "says the database is busy"
wait $holder
rd customers --search 忙碌客户; expect_out "0 customers" "nothing written while busy"

# 23. Files that are not (or no longer) a repdesk database: clear error, untouched.
check_refused() {
	cp "$1" "$T/copy"
	"$BIN" --db "$1" customers >"$T/out" 2>"$T/err"; rc=$?
	if [ "$rc" != 0 ] && [ "$rc" -lt 128 ]; then _ok; else _bad "$2: status $rc"; fi
	expect_err "repdesk: " "$2: a message"
	expect_same "$1" "$T/copy" "$2: file untouched"
}
: >"$T/empty.db"; check_refused "$T/empty.db" "0-byte file"
echo "just some text, not a database at all" >"$T/text.db"; check_refused "$T/text.db" "text file named .db"
sqlite3 "$T/foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"; check_refused "$T/foreign.db" "someone else's SQLite file"
"$BIN" --db "$T/new.db" init >/dev/null 2>&1
sqlite3 "$T/new.db" "PRAGMA user_version = 999;"; check_refused "$T/new.db" "a newer schema"
expect_err "newer" "newer schema message"
"$BIN" --db "$T/trunc-src.db" init --demo >/dev/null 2>&1
sqlite3 "$T/trunc-src.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
head -c 20000 "$T/trunc-src.db" >"$T/trunc.db"; check_refused "$T/trunc.db" "a truncated database"
cp "$T/trunc-src.db" "$T/damaged.db"
size=$(wc -c <"$T/damaged.db")
dd if=/dev/urandom of="$T/damaged.db" bs=4096 seek=$((size / 4096 / 2)) count=2 conv=notrunc 2>/dev/null
check_refused "$T/damaged.db" "a damaged page"

# 22. kill -9 while a new database is being set up: the next start finishes it.
for delay in 0.001 0.005 0.01 0.02; do
	rm -f "$T/mig.db" "$T/mig.db-wal" "$T/mig.db-shm"
	"$BIN" --db "$T/mig.db" init >/dev/null 2>&1 &
	pid=$!; sleep $delay; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
	"$BIN" --db "$T/mig.db" customers >"$T/out" 2>"$T/err"; rc=$?
	expect_rc 0 "restart after kill -9 during set-up (${delay}s)"
	ic=$(sqlite3 "$T/mig.db" "PRAGMA integrity_check" 2>&1)
	expect_eq "$ic" "ok" "integrity after kill -9 during set-up (${delay}s)"
done
# kill -9 during a team add of several bundles, at several moments: the
# lead's book stays whole, and adding them all again ends with the same book
# as one add never interrupted.
for r in 1 2 3 4; do
	"$GEN" 4000 >"$T/team-c.csv"    # the same names, each rep's own uids
	"$BIN" --db "$T/rep$r.db" init --rep "R$r" --group "G$((r % 2))" >/dev/null 2>&1
	"$BIN" --db "$T/rep$r.db" import customers "$T/team-c.csv" >/dev/null 2>&1
	expect_eq "$?" 0 "customers of rep $r"
	for k in calls orders payments; do
		"$GEN" 4000 history 2026-11-27 "$k" | awk -F, 'NR == 1 || $2 >= "2026-11-01"' \
			>"$T/team-$k.csv"
		"$BIN" --db "$T/rep$r.db" import "$k" "$T/team-$k.csv" >/dev/null 2>&1
		expect_eq "$?" 0 "$k of rep $r"
	done
	"$BIN" --db "$T/rep$r.db" export bundle --out "$T/rep$r.bundle" 2>/dev/null
	expect_eq "$?" 0 "bundle of rep $r"
done
bundles="$T/rep1.bundle $T/rep2.bundle $T/rep3.bundle $T/rep4.bundle"
# team_book DB NAME: what the book shows, sorted, in $T/NAME.book.
team_book() {
	: >"$T/$2.book"
	for k in customers orders payments calls; do
		"$BIN" --db "$1" export "$k" --out "$T/x.csv" 2>/dev/null
		sort "$T/x.csv" >>"$T/$2.book"
	done
	"$BIN" --db "$1" team report 2026-11 --format csv >>"$T/$2.book"
	"$BIN" --db "$1" customers --search "1 有限" --format csv | sort >>"$T/$2.book"
}
"$BIN" --db "$T/lead-ref.db" init --rep Lead --group L >/dev/null 2>&1
# shellcheck disable=SC2086
"$BIN" --db "$T/lead-ref.db" team add $bundles >/dev/null 2>&1
expect_eq "$?" 0 "an add never interrupted"
team_book "$T/lead-ref.db" ref
for delay in 0.05 0.2 0.4 0.7 1.0; do
	L="$T/lead-$delay.db"
	"$BIN" --db "$L" init --rep Lead --group L >/dev/null 2>&1
	# shellcheck disable=SC2086
	"$BIN" --db "$L" team add $bundles >/dev/null 2>&1 &
	pid=$!; sleep $delay; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
	ic=$(sqlite3 "$L" "PRAGMA integrity_check" 2>&1)
	expect_eq "$ic" "ok" "integrity after kill -9 during team add (${delay}s)"
	# shellcheck disable=SC2086
	"$BIN" --db "$L" team add $bundles >"$T/out" 2>"$T/err"; rc=$?
	expect_rc 0 "team add again after kill -9 (${delay}s)"
	team_book "$L" "k$delay"
	expect_same "$T/ref.book" "$T/k$delay.book" "the same book after kill -9 at ${delay}s"
done
finish
