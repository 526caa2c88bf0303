#!/bin/sh
# Import benchmark (DESIGN §9): a generated customers CSV (Chinese names,
# quoted notes with commas and newlines) imported by repdesk into a new
# database, against the sqlite3 shell doing the same work in the same run:
# `.import` into a table of the same columns, then the same indexes (the
# attributes' included) and a search index. Prints both ratios and repdesk's peak memory at two sizes.
set -eu
BIN=${REPDESK_BIN:-build/repdesk}
GEN=${REPDESK_GEN:-build/gen_customers}
ROWS=${BENCH_ROWS:-1000000}
W=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

"$GEN" "$ROWS" >"$W/customers.csv"
"$GEN" $((ROWS / 4)) >"$W/quarter.csv"
echo "bench: $ROWS customers, $(du -m "$W/customers.csv" | cut -f1) MB of CSV"

# The sqlite3 shell: load, then indexes and an FTS5 trigram index.
cat >"$W/load.sql" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE customers(name TEXT, contact TEXT, phone TEXT, city TEXT, district TEXT,
  type TEXT, monthly_amount TEXT, notes TEXT, 性格 TEXT, 决策人 TEXT);
.mode csv
.import --skip 1 $W/customers.csv customers
SQL
cat >"$W/index.sql" <<SQL
PRAGMA synchronous=NORMAL;
CREATE INDEX customers_name ON customers(name);
CREATE INDEX customers_keyset ON customers(city, name);
-- repdesk indexes every attribute's values (customer_attrs); the shell's
-- attributes are columns, so the same work is an index on each.
CREATE INDEX customers_xingge ON customers(性格);
CREATE INDEX customers_juece ON customers(决策人);
CREATE VIRTUAL TABLE customers_fts USING fts5(name, contact, phone, attrs,
  content='', tokenize='trigram');
INSERT INTO customers_fts(rowid, name, contact, phone, attrs)
  SELECT rowid, name, contact, phone, 性格 || ' ' || 决策人 FROM customers;
SQL
t0=$(now); sqlite3 "$W/shell.db" <"$W/load.sql" >/dev/null; t1=$(now); sqlite3 "$W/shell.db" <"$W/index.sql" >/dev/null; t2=$(now)
shell_load=$(elapsed "$t0" "$t1"); shell_all=$(elapsed "$t0" "$t2")

# repdesk: REPDESK_TIMING makes the import report its phases and peak memory.
t0=$(now)
REPDESK_TIMING=1 "$BIN" --db "$W/ours.db" import customers "$W/customers.csv" >"$W/out" 2>"$W/timing"
t1=$(now)
ours_all=$(elapsed "$t0" "$t1")
ours_load=$(sed -n 's/.*load \([0-9.]*\) s.*/\1/p' "$W/timing")
ours_rss=$(sed -n 's/.*peak \([0-9]*\) MB.*/\1/p' "$W/timing")
REPDESK_TIMING=1 "$BIN" --db "$W/quarter.db" import customers "$W/quarter.csv" >/dev/null 2>"$W/timing4"
quarter_rss=$(sed -n 's/.*peak \([0-9]*\) MB.*/\1/p' "$W/timing4")
cat "$W/out"

# Search still finds 1- and 2-character Chinese queries at this size.
for q in 天 天河 天河丽; do
	t0=$(now); n=$("$BIN" --db "$W/ours.db" customers --search "$q" --format csv | wc -l); t1=$(now)
	echo "search '$q': $((n - 1)) customers in $(elapsed "$t0" "$t1") s (full listing, not a page)"
done

echo "sqlite3 shell: load $shell_load s, whole $shell_all s"
echo "repdesk:       load $ours_load s, whole $ours_all s"
echo "load ratio (shell time / repdesk time, >= 1.00 means repdesk is as fast): $(ratio "$shell_load" "$ours_load")"
echo "whole-import ratio (shell / repdesk, >= 1.00 means no slower):             $(ratio "$shell_all" "$ours_all")"
echo "repdesk peak memory: $ours_rss MB at $ROWS rows, $quarter_rss MB at $((ROWS / 4)) rows"
