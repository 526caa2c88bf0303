#!/bin/sh
# Pipeline benchmark (issue "Project sales"): the workbench's Pipeline
# screen (5) on a generated book of 100,000 customers with 300,000 contacts
# and 50,000 opportunities (four in five open, spread over the stages, with
# next steps and days in stage of every kind), through the script mode:
#   1. the screen's first draw: the key 5, from the key to the drawn
#      screen, in a new process each run: goal under 100 ms;
#   2. a stage move: ] and [ on cards (each a transaction, the card followed
#      to its new place and the screen drawn again): goal under 20 ms;
#   and, for the record, the cursor (j) and a page of cards (PgDn).
# Medians over BENCH_PIPE_RUNS runs (7). BENCH_PIPE_BOOK=FILE keeps the
# generated book there and uses it again when it exists.
set -eu
BIN=${REPDESK_BIN:-build/repdesk}
GEN=${REPDESK_GEN:-build/gen_customers}
N=${BENCH_PIPE_CUSTOMERS:-100000}
NC=${BENCH_PIPE_CONTACTS:-300000}
NO=${BENCH_PIPE_OPPS:-50000}
RUNS=${BENCH_PIPE_RUNS:-7}
DAY=2026-12-09
W=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-pipe.XXXXXX")
trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC REPDESK_TODAY=$DAY LINES=40 COLUMNS=120
export HOME="$W" XDG_CONFIG_HOME="$W/config"

# median of the numbers (microseconds) on standard input, in ms
median_ms() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%.2f", v[int((NR + 1) / 2)] / 1000; else printf "-" }'
}

BOOK=${BENCH_PIPE_BOOK:-$W/book.db}
if [ ! -f "$BOOK" ]; then
	"$GEN" "$N" >"$W/customers.csv"
	"$BIN" --db "$BOOK" init --rep 张三 --group 一组 >/dev/null
	"$BIN" --db "$BOOK" import customers "$W/customers.csv" >/dev/null
	rm -f "$W/customers.csv"
	# Contacts and opportunities as the book keeps them, written by SQL: the
	# customer of each is spread over the book; an opportunity's path says
	# when it was opened and when it entered its stage (never after today).
	sqlite3 "$BOOK" <<SQL >/dev/null
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE ids AS SELECT row_number() OVER (ORDER BY id) AS k, uid FROM customers;
CREATE UNIQUE INDEX temp.ids_k ON ids(k);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NC)
INSERT INTO contacts(uid, rep_uid, customer_uid, name, role, phone, updated_at)
SELECT printf('bench-contact-%07d', i), (SELECT value FROM settings WHERE key = 'rep_uid'),
       (SELECT uid FROM ids WHERE k = 1 + (i * 7919) % $N),
       substr('王李张刘陈杨黄赵吴周', 1 + i % 10, 1) || substr('伟芳娜敏静丽强磊军洋', 1 + (i / 10) % 10, 1),
       substr('bossmgr engpur', 1 + (i % 4) * 4, 4), printf('139%08d', i), '2026-12-01T00:00:00.000Z.000000.00000000'
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NO),
o AS (SELECT i, 1 + i % 120 AS age,
             CASE i % 10 WHEN 0 THEN 'lead' WHEN 1 THEN 'lead' WHEN 2 THEN 'qualified'
             WHEN 3 THEN 'qualified' WHEN 4 THEN 'proposal' WHEN 5 THEN 'proposal'
             WHEN 6 THEN 'tender' WHEN 7 THEN 'negotiation' WHEN 8 THEN 'won' ELSE 'lost' END AS stage
      FROM n)
INSERT INTO opportunities(uid, rep_uid, customer_uid, title, value, stage, probability, close_date,
                          next_step, next_date, lost_reason, opened, path, updated_at)
SELECT printf('bench-opp-%07d', i), (SELECT value FROM settings WHERE key = 'rep_uid'),
       (SELECT uid FROM ids WHERE k = 1 + (i * 104729) % $N),
       printf('项目%d 设备采购', i), (10000 + (i * 7717) % 990000) * 100, stage,
       CASE WHEN i % 7 = 0 THEN 35 END,
       CASE WHEN i % 5 <> 0 THEN date('$DAY', printf('%+d days', (i * 31) % 180 - 30)) END,
       CASE WHEN i % 3 <> 0 THEN '回访确认需求' ELSE '' END,
       CASE WHEN i % 3 <> 0 THEN date('$DAY', printf('%+d days', (i * 17) % 40 - 20)) END,
       CASE WHEN stage = 'lost' THEN '价格' ELSE '' END,
       date('$DAY', printf('-%d days', age)),
       'lead ' || date('$DAY', printf('-%d days', age)) ||
       CASE WHEN stage = 'lead' THEN ''
            ELSE ';' || stage || ' ' || date('$DAY', printf('-%d days', (i * 13) % age)) END,
       '2026-12-01T00:00:00.000Z.000000.00000000'
FROM o;
COMMIT;
ANALYZE;
SQL
fi
open=$(sqlite3 "$BOOK" "SELECT count(*) FROM opportunities WHERE stage NOT IN ('won', 'lost')")
echo "pipeline: $N customers, $(sqlite3 "$BOOK" 'SELECT count(*) FROM contacts') contacts," \
	"$(sqlite3 "$BOOK" 'SELECT count(*) FROM opportunities') opportunities ($open open)"

# 1. The first draw: a new process each run, the key 5 timed.
echo 5 >"$W/first.keys"
: >"$W/first"
i=0
while [ "$i" -lt "$RUNS" ]; do
	REPDESK_SCRIPT="$W/first.keys" REPDESK_SCRIPT_TIMES="$W/times" "$BIN" --db "$BOOK"
	awk '$1 == "5" { print $2 }' "$W/times" >>"$W/first"
	i=$((i + 1))
done
echo "  first draw of the Pipeline screen: median $(median_ms <"$W/first") ms over $RUNS runs" \
	"(max $(sort -n "$W/first" | tail -1 | awk '{ printf "%.2f", $1 / 1000 }') ms; goal < 100 ms)"

# 2. Moves on a copy (the book stays as generated): down the cards, each
# moved on a stage and back, a page now and then.
cp "$BOOK" "$W/moves.db"
{
	echo 5
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		echo j; echo ']'; echo '['; echo j; echo j; echo '<PgDn>'
		i=$((i + 1))
	done
} >"$W/moves.keys"
REPDESK_SCRIPT="$W/moves.keys" REPDESK_SCRIPT_TIMES="$W/times" "$BIN" --db "$W/moves.db"
echo "  stage move (] and [): median $(awk '$1 == "]" || $1 == "[" { print $2 }' "$W/times" | median_ms) ms" \
	"over $(grep -c '^[][] ' "$W/times") moves (max $(awk '$1 == "]" || $1 == "[" { print $2 }' "$W/times" |
	sort -n | tail -1 | awk '{ printf "%.2f", $1 / 1000 }') ms; goal < 20 ms)"
echo "  cursor (j): median $(awk '$1 == "j" { print $2 }' "$W/times" | median_ms) ms;" \
	"page (PgDn): median $(awk '$1 == "<PgDn>" { print $2 }' "$W/times" | median_ms) ms"
# Every move taken back: the book holds as many cards in each stage as before.
by_stage="SELECT group_concat(n) FROM (SELECT count(*) AS n FROM opportunities GROUP BY stage ORDER BY stage)"
after=$(sqlite3 "$W/moves.db" "$by_stage")
before=$(sqlite3 "$BOOK" "$by_stage")
if [ "$after" != "$before" ]; then
	echo "pipeline: the moves and their reverses left the stages changed ($before, now $after)" >&2
	exit 1
fi
