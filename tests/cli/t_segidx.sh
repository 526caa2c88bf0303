#!/bin/sh
# The attribute index (customer_attrs) that narrows the call queue to a
# segment: after every path that changes attributes (a fresh import, an
# import into a book, set, a merge, a customer deleted by a merge, the
# migration of an older book) the index holds exactly the live customers'
# attributes, and the queue narrowed to a segment is the same customers in
# the same order as the whole queue kept to those the filter lists (on a
# lead's book, whose queue has none of the rep's customers, the segment's
# members from the index are those the customers' JSON gives).
. tests/cli/lib.sh
OLDBOOK=${REPDESK_OLDBOOK:-build/oldbook}
q() { sqlite3 "$1" "$2" </dev/null; }

# Rows of the index that the customers' JSON does not give, and the other
# way round: "0 0" when the index is exact.
index_off() {
	q "$DB" "SELECT (SELECT count(*) FROM (SELECT name, value, customer_id FROM customer_attrs
	    EXCEPT SELECT j.key, j.value, c.id FROM customers c, json_each(c.attrs) j
	    WHERE c.deleted = 0 AND j.value IS NOT NULL)) || ' ' ||
	  (SELECT count(*) FROM (SELECT j.key, j.value, c.id FROM customers c, json_each(c.attrs) j
	    WHERE c.deleted = 0 AND j.value IS NOT NULL
	    EXCEPT SELECT name, value, customer_id FROM customer_attrs))"
}

# same_queue WHAT SEGMENT WHERE...: the queue narrowed to SEGMENT against
# the whole queue kept to the customers `customers --where WHERE...` lists
# (which reads every customer's JSON, not the index; active and prospect
# ones, as the queue has no others).
same_queue() {
	what=$1 seg=$2
	shift 2
	n=$#
	while [ "$n" -gt 0 ]; do set -- "$@" --where "$1"; shift; n=$((n - 1)); done
	rd customers --format csv "$@"
	[ "$rc" = 0 ] || { _bad "$what: customers --where"; return; }
	tail -n +2 "$T/out" | cut -d, -f1 | sort >"$T/members"
	rd today --view queue --format csv --limit 1000
	tail -n +2 "$T/out" | cut -d, -f2 >"$T/whole"
	awk 'NR == FNR { m[$1] = 1; next } m[$1]' "$T/members" "$T/whole" >"$T/want"
	rd today --view queue --format csv --limit 1000 --segment "$seg"
	[ "$rc" = 0 ] || { _bad "$what: today --segment"; return; }
	tail -n +2 "$T/out" | cut -d, -f2 >"$T/got"
	expect_same "$T/got" "$T/want" "$what: the narrowed queue"
	expect_eq "$(index_off)" "0 0" "$what: the index is exact"
}

# same_members WHAT: on a lead's book (whose queue holds only the lead's own
# customers), the members of 性格=爽朗型 as the index gives them and as the
# customers' JSON does, and the index exact.
same_members() {
	expect_eq "$(q "$DB" "SELECT group_concat(c.uid, ' ') FROM (SELECT customer_id FROM customer_attrs
	    WHERE name = '性格' AND value = '爽朗型' ORDER BY customer_id) a JOIN customers c ON c.id = a.customer_id")" \
		"$(q "$DB" "SELECT group_concat(uid, ' ') FROM (SELECT uid FROM customers WHERE deleted = 0
	    AND json_extract(attrs, '$.性格') = '爽朗型' ORDER BY id)")" "$1: the members"
	expect_eq "$(index_off)" "0 0" "$1: the index is exact"
}

rd init --rep X --group G; expect_rc 0 "init"
cat >"$T/a.csv" <<'CSV'
uid,name,type,status,性格,决策人,next_call
A1,甲店,快消零售,active,爽朗型,老板,2026-11-27
A2,乙店,快消零售,active,细致型,经理,2026-11-27
A3,丙店,酒店,prospect,爽朗型,,2026-11-27
A4,丁店,酒店,active,,老板,2026-11-27
A5,戊店,酒店,active,爽朗型,经理,2026-11-27
A6,己店,快消零售,lost,爽朗型,老板,2026-11-27
CSV
rd import customers "$T/a.csv"; expect_rc 0 "a fresh import"
expect_eq "$(q "$DB" "SELECT count(*) FROM customer_attrs")" "10" "one row per attribute given"
rd segment save 爽朗 --where '性格=爽朗型'; expect_rc 0 "a segment of one attribute"
rd segment save 两者 --where '性格 in 爽朗型,细致型' --where '决策人=老板'; expect_rc 0 "of two"
rd segment save 混合 --where '性格=爽朗型' --where 'type=酒店'; expect_rc 0 "with a fixed field"
same_queue "after a fresh import" 爽朗 '性格=爽朗型'
expect_eq "$(tr '\n' ' ' <"$T/got")" "$(sort "$T/got" | tr '\n' ' ')" "some customers, in order"
expect_eq "$(wc -l <"$T/got" | tr -d ' ')" "3" "the active and prospect 爽朗型 ones (A1 A3 A5)"
same_queue "two clauses" 两者 '性格 in 爽朗型,细致型' '决策人=老板'
same_queue "a fixed field beside" 混合 '性格=爽朗型' 'type=酒店'

# set: an attribute given, changed and removed
rd set A4 性格=爽朗型; expect_rc 0 "set gives A4 the attribute"
rd set A1 性格=细致型; expect_rc 0 "set changes A1's"
rd set A5 性格=; expect_rc 0 "set removes A5's"
same_queue "after set" 爽朗 '性格=爽朗型'
expect_out ",A4," "A4 now in the segment"
expect_no_out ",A1," "A1 no longer"
expect_no_out ",A5," "nor A5"
same_queue "after set, two clauses" 两者 '性格 in 爽朗型,细致型' '决策人=老板'

# an import into the book: changed, added and untouched rows
cat >"$T/b.csv" <<'CSV'
uid,name,性格,决策人,next_call
A2,乙店,爽朗型,老板,2026-11-27
A7,庚店,爽朗型,经理,2026-11-27
A8,辛店,"爽朗""型",经理,2026-11-27
CSV
rd import customers "$T/b.csv"; expect_rc 0 "an import into the book"
same_queue "after an import" 爽朗 '性格=爽朗型'
expect_out ",A2," "A2 changed into the segment"
expect_out ",A7," "A7 added into it"
rd segment save 引号 --where '性格=爽朗"型'; expect_rc 0 "a value with a quote"
same_queue "a value with a quote" 引号 '性格=爽朗"型'
expect_out ",A8," "found through the index"

# a merge: the rep's bundle on a lead's book, then the rep's changes (the
# lead's queue has only the lead's own customers: the members are compared)
REP=$DB
rd export bundle --out "$T/X1.bundle"; expect_rc 0 "the rep's bundle"
DB="$T/lead.db"
rd init --rep Lead --group Leads; expect_rc 0 "the lead's book"
rd team add "$T/X1.bundle"; expect_rc 0 "merged"
same_members "after a merge"
DB=$REP
rd set A3 性格=细致型 决策人=老板; expect_rc 0 "the rep changes A3"
rd set A7 性格=; expect_rc 0 "and removes A7's"
rd export bundle --out "$T/X2.bundle"; expect_rc 0 "the rep's next bundle"
DB="$T/lead.db"
rd team add "$T/X2.bundle"; expect_rc 0 "merged again"
expect_eq "$(q "$DB" "SELECT json_extract(attrs, '$.性格') FROM customers WHERE uid = 'A3'")" "细致型" \
	"the change came"
same_members "after a second merge"
expect_eq "$(q "$DB" "SELECT group_concat(c.uid, ' ') FROM customer_attrs a JOIN customers c
	ON c.id = a.customer_id WHERE a.name = '性格' AND a.value = '爽朗型'")" "A2 A4 A6" "A3 and A7 left it (A6 is lost, still a member)"

# a customer deleted in the rep's book comes deleted with the next bundle
DB=$REP
rd export bundle --out "$T/X3.bundle"; expect_rc 0 "a third bundle"
q "$T/X3.bundle" "UPDATE customers SET deleted = 1,
	updated_at = substr(updated_at, 1, 24) || '.999999' || substr(updated_at, 32) WHERE uid = 'A2'" >/dev/null
sign_bundle "$REP" "$T/X3.bundle"
DB="$T/lead.db"
rd team add "$T/X3.bundle"; expect_rc 0 "the deletion merged"
expect_eq "$(q "$DB" "SELECT deleted FROM customers WHERE uid = 'A2'")" "1" "A2 deleted on the lead's book"
same_members "after a deletion"
expect_eq "$(q "$DB" "SELECT count(*) FROM customer_attrs a JOIN customers c ON c.id = a.customer_id
	WHERE c.uid = 'A2'")" "0" "and from the index"

# a book made before the index (schema 18) gains it, filled, when opened
printf 'name,contact,phone,city,district,type,monthly_amount,notes,性格,决策人\n老店,,,,,,,,爽朗型,老板\n新店,,,,,,,,细致型,\n' >"$T/old.csv"
DB="$T/old.db"
if "$OLDBOOK" "$DB" "$T/old.csv" 18 >/dev/null 2>&1; then _ok; else _bad "the version 18 book made"; fi
expect_eq "$(q "$DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'customer_attrs'")" "0" "no index yet"
q "$DB" "INSERT INTO attr_keys(key) VALUES ('性格'), ('决策人')"
rd segment save 爽朗 --where '性格=爽朗型'; expect_rc 0 "the old book opened"
expect_eq "$(q "$DB" "PRAGMA user_version")" "22" "migrated to 22"
expect_eq "$(q "$DB" "SELECT count(*) FROM customer_attrs")" "4" "filled from the customers (新店's 决策人 is '')"
same_queue "after the migration" 爽朗 '性格=爽朗型'

finish
