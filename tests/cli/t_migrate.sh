# kill -9 in the middle of migrating a 200,000-customer book of the previous
# schema version (the backup copy, the table rebuild, its indexes): whenever
# it dies, the book opens again, migrates cleanly and holds every customer,
# exactly as an uninterrupted migration leaves them.
. tests/cli/lib.sh
GEN=${REPDESK_GEN:-build/gen_customers}
OLDBOOK=${REPDESK_OLDBOOK:-build/oldbook}
N=${MIGRATE_ROWS:-200000}

count() { sqlite3 "$1" "SELECT count(*) FROM customers" 2>&1; }
version() { sqlite3 "$1" "PRAGMA user_version" 2>&1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

"$GEN" "$N" >"$T/c.csv"
"$OLDBOOK" "$T/old.db" "$T/c.csv" >"$T/out" 2>"$T/err"; rc=$?
expect_rc 0 "old book made"
old=$(version "$T/old.db")
expect_eq "$(count "$T/old.db")" "$N" "the old book holds every customer"

# The uninterrupted migration (by the export, which opens the book first),
# timed: the kills fall at fractions of its length.
cp "$T/old.db" "$DB"
t0=$(now_ms)
rd export customers --out "$T/ref.csv"; expect_rc 0 "uninterrupted migration and export"
ms=$(($(now_ms) - t0))
new=$(version "$DB")
if [ "$new" -gt "$old" ]; then _ok; else _bad "schema $old not migrated (now $new)"; fi
ref=$(md5sum <"$T/ref.csv")
expect_eq "$(count "$DB")" "$N" "every customer after the migration"

for pct in 15 50 85; do
	rm -f "$DB" "$DB-wal" "$DB-shm" "$DB".bak-v*
	cp "$T/old.db" "$DB"
	"$BIN" --db "$DB" export customers --out "$T/killed.csv" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v ms="$ms" -v p="$pct" 'BEGIN { printf "%.3f", ms * p / 100000 }')"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	left=$(version "$DB")
	if [ "$left" = "$old" ] || [ "$left" = "$new" ]; then _ok; else _bad "killed at $pct%: schema $left"; fi
	# A backup is there whole or not at all (a half one keeps its .tmp name).
	for bak in "$DB".bak-v*; do
		case $bak in *.tmp*) continue ;; esac
		[ -e "$bak" ] || continue
		expect_eq "$(count "$bak")" "$N" "killed at $pct%: the backup holds every customer"
	done
	rd export customers --out "$T/after.csv"; expect_rc 0 "killed at $pct% (schema $left): opens and migrates"
	expect_eq "$(version "$DB")" "$new" "killed at $pct%: migrated"
	expect_eq "$(count "$DB")" "$N" "killed at $pct%: every customer"
	expect_eq "$(md5sum <"$T/after.csv")" "$ref" "killed at $pct%: the same export as uninterrupted"
	expect_eq "$(sqlite3 "$DB" "PRAGMA integrity_check" 2>&1)" "ok" "killed at $pct%: integrity_check"
	rd customers --search 陈敏 --format csv; expect_rc 0 "killed at $pct%: search"
	if [ "$(grep -c . "$T/out")" -gt 1 ]; then _ok; else _bad "killed at $pct%: the search index lost its rows"; fi
done
finish
