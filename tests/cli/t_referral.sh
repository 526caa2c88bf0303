#!/bin/sh
# Referrals: referred_by names the customer who brought this one. Set and
# imported by name or uid, stored as the uid, refused for an unknown
# customer; show prints the referrer's name; export writes the uid under
# referred_by / 介绍人; a rep's bundle carries it to the lead; a book of the
# version before the field gains it.
. tests/cli/lib.sh
OLDBOOK=${REPDESK_OLDBOOK:-build/oldbook}

rd init --rep X --group G; expect_rc 0 "init"
cat >"$T/c.csv" <<'CSV'
uid,name,来源,介绍人
R1,甲店,展会,
R2,乙店,转介绍,甲店
R3,丙店,转介绍,R2
R4,丁店,陌拜,
CSV
rd import customers "$T/c.csv"; expect_rc 0 "import with a referrer by name and by uid"
rd show R2; expect_rc 0 "show"
expect_out "referred_by     甲店" "show prints the referrer's name"
rd show R3; expect_out "referred_by     乙店" "a referrer given by uid"
rd show R1; expect_no_out "referred_by" "no referrer, no line"
rd export customers; expect_rc 0 "export"
expect_eq "$(head -1 "$T/out" | tr ',' '\n' | grep -n referred_by)" "19:referred_by" "the column after status"
expect_out "R2,乙店,,,,,,,,,,,,,转介绍,,,active,R1" "the referrer's uid exported"
LANG=zh_CN.UTF-8 LC_ALL= "$BIN" --db "$DB" export customers --excel --out "$T/zh.csv" 2>"$T/err"
if head -1 "$T/zh.csv" | grep -q ',状态,介绍人'; then _ok; else _bad "the Chinese heading: $(head -1 "$T/zh.csv")"; fi

rd set R4 referred_by=乙店; expect_rc 0 "set by name"
rd show R4; expect_out "referred_by     乙店" "set stores it"
rd set R4 介绍人=R1; expect_rc 0 "set by the Chinese field name and a uid"
rd show R4; expect_out "referred_by     甲店" "changed"
rd set R4 referred_by=无名店; expect_rc 65 "an unknown referrer refused"
expect_err "'无名店'" "the refusal names it"
rd set R4 referred_by=R4; expect_rc 65 "a customer cannot refer itself"
rd show R4; expect_out "referred_by     甲店" "left as it was"
rd set R4 referred_by=; expect_rc 0 "cleared"
rd show R4; expect_no_out "referred_by" "no referrer any more"
rd set R4 referred_by=R1; expect_rc 0 "set again"

printf 'uid,name,referred_by\nR5,戊店,nobody\n' >"$T/bad.csv"
rd import customers "$T/bad.csv"; expect_rc 65 "an import naming an unknown referrer refused"
expect_err "'nobody'" "the row's referrer named"
rd show R5; expect_rc 64 "nothing of it imported"

# the export imports again unchanged
rd export customers --out "$T/all.csv"; expect_rc 0 "export to a file"
rd import customers "$T/all.csv"; expect_rc 0 "imported again"
expect_out "0 added, 0 updated" "nothing changes"

# --where referred_by=NAME, and groups by source and by referrer with the
# month's new customers (first order this month) and their sales
rd set R4 referred_by=; expect_rc 0 "R4 without a referrer again"
printf 'uid,name,来源,介绍人\nR6,己店,转介绍,甲店\n' >"$T/more.csv"
rd import customers "$T/more.csv"; expect_rc 0 "one more referred by 甲店"
rd log order R2 3000 --date 2026-11-05; expect_rc 0 "R2's first order, this month"
rd log order R3 500 --date 2026-11-20; expect_rc 0 "R3's first order, this month"
rd log order R6 100 --date 2026-09-20; expect_rc 0 "R6 ordered before this month"
rd log order R6 900 --date 2026-11-21; expect_rc 0 "and this month: not new"
rd log order R1 700 --date 2026-11-20; expect_rc 0 "R1's first order, this month"
names() { rd customers --format csv "$@"; [ "$rc" = 0 ] && cut -d, -f1 "$T/out" | tail -n +2 | sort | tr '\n' ' '; }
expect_eq "$(names --where 'referred_by=甲店')" "R2 R6 " "referred by 甲店, by name"
expect_eq "$(names --where '介绍人=乙店')" "R3 " "the Chinese field name"
expect_eq "$(names --where 'referred_by empty')" "R1 R4 " "no referrer"
expect_eq "$(names --where 'referred_by in 甲店,乙店')" "R2 R3 R6 " "in a list"
expect_eq "$(names --where 'referred_by~甲')" "R2 R6 " "contains"
rd customers --group-by source --format csv; expect_rc 0 "grouped by source"
expect_eq "$(head -1 "$T/out")" "source,customers,monthly_amount,month_target,month_achieved,open_balance,effective_calls,new_customers,new_sales" "the new columns last"
expect_out "转介绍,3,0.00,0.00,4400.00,4500.00,0,2,3500.00" "referrals: 3 customers, 2 new with 3500 this month"
expect_out "展会,1,0.00,0.00,700.00,700.00,0,1,700.00" "a fair: one new"
expect_out "陌拜,1,0.00,0.00,0.00,0.00,0,0,0.00" "cold calls: none"
expect_out "*,5,0.00,0.00,5100.00,5200.00,0,3,4200.00" "the total"
rd customers --group-by referred_by --format csv; expect_rc 0 "grouped by referrer"
expect_out "甲店,2,0.00,0.00,3900.00,4000.00,0,1,3000.00" "the referrer's name is the key"
expect_out "乙店,1,0.00,0.00,500.00,500.00,0,1,500.00" "a second referrer"
expect_out "*,5," "a total row"
rd customers --group-by 介绍人; expect_rc 0 "a table"
expect_out "new sales" "the table's new columns"
expect_out "¥3,000" "new sales in the table"
rd customers --group-by source,referred_by --format csv; expect_rc 0 "by source and referrer"
expect_out "转介绍,甲店,2," "both keys"

# the workbench's customer file names the referrer, not its uid
printf '2\n/\ntype 丙店\n<Enter>\n<Enter>\n:dump file.screen\n' >"$T/file.keys"
(cd "$T" && LINES=30 COLUMNS=120 REPDESK_SCRIPT="$T/file.keys" "$BIN" --db "$DB" >"$T/out" 2>"$T/err")
expect_rc 0 "the workbench ran the keys"
if grep -q "referred by *乙店" "$T/file.screen"; then _ok; else
	_bad "the file does not name the referrer"; sed 's/^/  | /' "$T/file.screen" >&2; fi

# a rep's bundle carries it; the lead's book shows it
REP=$DB
rd export bundle --out "$T/X.bundle"; expect_rc 0 "the rep's bundle"
DB="$T/lead.db"
rd init --rep Lead --group Leads; expect_rc 0 "the lead's book"
rd team add "$T/X.bundle"; expect_rc 0 "the bundle merged"
rd show R3; expect_out "referred_by     乙店" "the lead sees the referrer"
DB=$REP

# a book of version 15, before the field, gains it
printf 'name,contact,phone,city,district,type,monthly_amount,notes,性格,决策人\n老店,,,,,,,,,\n新店,,,,,,,,,\n' \
	>"$T/old.csv"
DB="$T/old.db"
if "$OLDBOOK" "$DB" "$T/old.csv" 15 >/dev/null 2>&1; then _ok; else _bad "the old book made"; fi
old=$(sqlite3 "$DB" "PRAGMA user_version")
rd set 新店 referred_by=老店; expect_rc 0 "set on a migrated book"
new=$(sqlite3 "$DB" "PRAGMA user_version")
if [ "$new" -gt "$old" ]; then _ok; else _bad "schema $old not migrated (now $new)"; fi
rd show 新店; expect_out "referred_by     老店" "the migrated book keeps it"
DB=$REP

finish
