# A field rep's visits: logged from the command line with an optional
# outcome, time and place, refused when a value is wrong; a book of the
# previous schema takes them once migrated; bundles carry them to the lead,
# whose merge takes them like calls.
. tests/cli/lib.sh

command -v sqlite3 >/dev/null || { echo "t_visit: needs the sqlite3 shell" >&2; exit 1; }
q() { sqlite3 "$@" </dev/null; }
GEN=${REPDESK_GEN:-build/gen_customers}
OLDBOOK=${REPDESK_OLDBOOK:-build/oldbook}

rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'uid,name,phone\nv-1,天河宾馆,1\nv-2,白云酒店,2\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "customers"

# ---- log visit ----
rd log visit v-1 --outcome effective --note "见了店长" --next 2026-12-03 --place "体育西店" \
	--time 14:30
expect_rc 0 "a visit with every option"
expect_out "天河宾馆: effective visit logged on 2026-11-27, next contact 2026-12-03" "its line"
expect_eq "$(q "$DB" "SELECT date, time, place, outcome, note, next_call FROM visits")" \
	"2026-11-27|14:30|体育西店|effective|见了店长|2026-12-03" "the row as given"
expect_eq "$(q "$DB" "SELECT next_call FROM customers WHERE uid = 'v-1'")" "2026-12-03" \
	"--next sets the customer's next contact"
rd log visit 白云 --date 2026-11-26; expect_rc 0 "a bare visit"
expect_out "白云酒店: visit logged on 2026-11-26" "its line"
expect_eq "$(q "$DB" "SELECT quote(time), place, quote(outcome), note, quote(next_call) FROM visits
	WHERE customer_uid = 'v-2'")" "NULL||NULL||NULL" "time, outcome and next contact unset"
rd log visit v-2 --outcome 拒绝; expect_rc 0 "a Chinese outcome"
expect_out "白云酒店: refused visit logged on 2026-11-27" "in its stored name"
rd log visit v-2 --next 2026-12-01; expect_rc 0 "a next date alone"
expect_out "白云酒店: visit logged on 2026-11-27, next contact 2026-12-01" "its line"

n=$(q "$DB" "SELECT count(*) FROM visits")
rd log visit v-1 --time 24:00; expect_rc 64 "an hour past 23"
expect_err "--time: '24:00' is not a time (HH:MM)" "the time named"
rd log visit v-1 --time 9:30; expect_rc 64 "HH:MM only"
rd log visit v-1 --outcome met; expect_rc 64 "an unknown outcome"
expect_err "--outcome: 'met' is not effective" "the outcome named"
rd log visit v-1 --next 2026-02-30; expect_rc 64 "a bad next date"
expect_err "--next: '2026-02-30' is not a date" "the date named"
rd log visit v-1 --due 2026-12-01; expect_rc 64 "--due is an order's"
expect_err "an option does not apply to 'log visit'" "said so"
rd log call v-1 --outcome busy --place x; expect_rc 64 "--place is a visit's"
rd log visit v-1 100; expect_rc 64 "no amount"
rd log visit nobody; expect_rc 64 "an unknown customer, as for a call"
rd log visit v-1 --place "$(printf 'bell\a')"; expect_rc 65 "a control character in the place"
expect_eq "$(q "$DB" "SELECT count(*) FROM visits")" "$n" "nothing written by a refusal"

# ---- the team report counts them ----
rd team report 2026-11 --format csv; expect_rc 0 "the rep's report"
head -1 "$T/out" | grep -q ',collected,visits,bundle_date,ytd_target,ytd_achieved$' && _ok || _bad "a visits column after collected"
expect_out ",4" "four visits in November"

# ---- import and export ----
printf '客户,拜访日期,时间,地点,拜访结果,备注,下次联系\n天河宾馆,2026-11-20,10:00,体育西,有效,谈妥,2026-12-01\nv-2,2026-11-21,,,,路过,\n' \
	>"$T/v.csv"
rd import visits "$T/v.csv"; expect_rc 0 "visits imported with Chinese headers"
expect_out "2 added" "both rows"
rd import visits "$T/v.csv"; expect_rc 0 "again"
expect_out "0 added, 0 updated" "the same file matches what it wrote"
rd export visits --out "$T/e.csv"; expect_rc 0 "visits exported"
expect_eq "$(head -1 "$T/e.csv")" "uid,customer,customer_name,date,time,place,outcome,note,next_call,contact" \
	"the export's columns (who was spoken to last)"
grep -q ',v-1,天河宾馆,2026-11-20,10:00,体育西,effective,谈妥,2026-12-01,$' "$T/e.csv" && _ok ||
	_bad "an imported visit exported in stored names"
grep -q ',v-2,白云酒店,2026-11-21,,,,路过,,$' "$T/e.csv" && _ok || _bad "empty fields stay empty"
OWN=$DB; DB="$T/copy.db"
rd init --rep 李四 --group 一组; expect_rc 0 "a second book"
rd import customers "$T/c.csv"; expect_rc 0 "its customers"
rd import visits "$T/e.csv"; expect_rc 0 "the export imported"
rd export visits --out "$T/e2.csv"; expect_rc 0 "exported again"
expect_same "$T/e.csv" "$T/e2.csv" "a lossless round trip"
DB=$OWN
printf 'customer,date,time\nv-1,2026-11-20,7pm\n' >"$T/bad.csv"
rd import visits "$T/bad.csv"; expect_rc 65 "a bad time"
expect_err "column 'time': '7pm' is not a time (HH:MM)" "located"
printf 'customer,date,outcome\nv-1,2026-11-20,met\n' >"$T/bad.csv"
rd import visits "$T/bad.csv"; expect_rc 65 "a bad outcome"
expect_err "column 'outcome': 'met' is not an outcome" "located"

# ---- bundles: a rep's visits reach the lead ----
rd export bundle --out "$T/rep.bundle"; expect_rc 0 "the rep's bundle"
expect_eq "$(q "$T/rep.bundle" "SELECT count(*) FROM visits")" \
	"$(q "$DB" "SELECT count(*) FROM visits")" "the bundle holds the book's visits table"
OWN=$DB; DB="$T/lead.db"
rd init --rep 王五 --group 总部; expect_rc 0 "the lead's book"
rd team add "$T/rep.bundle"; expect_rc 0 "the bundle merged"
expect_out "visits     6 added, 0 updated, 0 conflicts" "its visits counted"
expect_eq "$(q "$DB" "SELECT group_concat(uid || date || coalesce(outcome, '-'), ' ') FROM
	(SELECT * FROM visits ORDER BY uid)")" \
	"$(q "$OWN" "SELECT group_concat(uid || date || coalesce(outcome, '-'), ' ') FROM
	(SELECT * FROM visits ORDER BY uid)")" "the same visits as the rep's"
rd team report 2026-11 --format csv; expect_rc 0 "the lead's report"
expect_out "1,一组,张三,0.00,0.00,-,-,0,0,0,0.00,6" "the rep's six visits"
rd team add "$T/rep.bundle"; expect_rc 0 "added again"
expect_out "nothing new" "recognised"
# The rep's next visit comes with the next bundle.
DB=$OWN
rd log visit v-1 --outcome order --place 体育西店 --date 2026-11-28; expect_rc 0 "another visit"
rd export bundle --out "$T/rep2.bundle"; expect_rc 0 "the next bundle"
DB="$T/lead.db"
rd team add "$T/rep2.bundle"; expect_rc 0 "the next bundle merged"
expect_out "visits     1 added" "the new visit"
DB=$OWN

# ---- a book of the previous schema ----
"$GEN" 5 >"$T/g.csv"
"$OLDBOOK" "$T/old.db" "$T/g.csv" >/dev/null 2>&1; rc=$?; expect_rc 0 "old book made"
old=$(q "$T/old.db" "PRAGMA user_version")
OLD_DB=$DB; DB="$T/old.db"
uid=$(q "$DB" "SELECT uid FROM customers ORDER BY id LIMIT 1")
rd log visit "$uid" --outcome callback --place 门店; expect_rc 0 "the old book takes a visit"
new=$(q "$DB" "PRAGMA user_version")
if [ "$new" -gt "$old" ]; then _ok; else _bad "schema $old not migrated (now $new)"; fi
expect_eq "$(q "$DB" "SELECT outcome, place FROM visits")" "callback|门店" "the visit kept"
expect_eq "$(q "$DB" "PRAGMA integrity_check")" "ok" "the migrated book is sound"
DB=$OLD_DB

# ---- today: a visit is a contact, and counted on its own ----
KEEP_DB=$DB
DB=$T/today.db
rd init --rep 王五; expect_rc 0 "a book for today"
printf 'uid,name,tier\na-1,甲,B\na-2,乙,B\n' >"$T/t.csv"
rd import customers "$T/t.csv"; expect_rc 0 "two customers"
rd today --view queue --format csv
expect_out "1,a-1,甲,B,6.80,never contacted (B: 14d); tier B" "never contacted before"
# A visit a week ago is the last contact, as an effective call would be.
rd log visit a-2 --date 2026-11-20; expect_rc 0 "a visit a week ago"
rd log call a-1 --outcome effective --date 2026-11-20; expect_rc 0 "a call a week ago"
rd today --view queue --format csv
expect_out "1,a-1,甲,B,1.80,tier B" "the call: contacted"
expect_out "2,a-2,乙,B,1.80,tier B" "the visit: contacted the same"
# A visit today takes the customer out of today's queue, whatever its outcome.
rd log visit a-1 --outcome no-answer; expect_rc 0 "a visit today"
rd today --view queue --format csv
expect_eq "$(grep -c 'a-1' "$T/out")" "0" "visited today: out of the queue"
expect_out "1,a-2,乙,B,1.80,tier B" "the other still there"
rd today --view queue --format csv --today 2026-11-25
expect_out "1,a-1,甲,B,1.80,tier B" "on a day before the visit, still in the queue"
rd today --view plan --format csv
expect_eq "$(tail -n 1 "$T/out")" "visits,1," "the plan's last row counts the day's visits"
expect_eq "$(grep -c '^calls,0,50$' "$T/out")" "1" "a visit is no call"
rd report day
expect_out "Visits: 1" "the day report counts them"
rd report day --today 2026-11-26
expect_eq "$(grep -c '^Visits' "$T/out")" "0" "no line on a day without visits"
DB=$KEEP_DB

finish
