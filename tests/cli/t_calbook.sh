# The book's own holiday schedule: calendar set, import and export, its
# precedence over the shipped file and the estimate, bad files refused
# with the book unchanged, and a lead's merge carrying it.
. tests/cli/lib.sh
q() { sqlite3 "$@" </dev/null; }
# The book's schedule rows as they stand (a bad command must leave them so).
rows() { q "$DB" "SELECT day, kind, name, deleted, updated_at FROM calendar ORDER BY id"; }

rd init --rep 张三 --group 一组; expect_rc 0 "init"
expect_eq "$(q "$DB" "PRAGMA user_version")" "22" "the current schema"

# ---- before: 2027 estimated ----
rd plan 2027-02 --target 10万; expect_rc 0 "a plan of February 2027"
expect_out "18 working days" "February 2027 estimated: 5th and 8th off"
expect_out "no official schedule for 2027" "said to be estimated"

# ---- calendar set ----
rd calendar set 2027-02-06..2027-02-12 off --name 春节; expect_rc 0 "calendar set a run of days off"
expect_out "2027-02-06..2027-02-12: day off in the book's schedule (7 days changed)" "what was set"
expect_out "note: 2027 now follows the book's own schedule alone" "the year's source changes, said once"
rd calendar set 2027-02-14 work; expect_rc 0 "a make-up workday"
expect_out "2027-02-14: make-up workday in the book's schedule (1 day changed)" "one day"
expect_no_out "now follows" "said once only"
rd calendar set 2027-02-20 work --name 调休; expect_rc 0 "another make-up workday"
rd calendar 2027-02; expect_rc 0 "calendar 2027-02"
expect_out "2027-02: 17 working days" "20 weekdays - 5 off + 2 worked"
expect_out "note: 2027 follows the book's own schedule" "the source of the year"
expect_out "2027-02-08 Mon off  春节 (book)" "a day of the book marked"
expect_out "2027-02-14 Sun work make-up workday (book)" "a make-up day, named by default"
expect_out "2027-02-20 Sat work 调休 (book)" "a name given"
expect_no_out "estimated" "nothing of 2027 estimated any more"
rd plan 2027-02 --target 10万; expect_rc 0 "the plan again"
expect_out "17 working days" "the plan of February 2027 follows the book's schedule"
expect_no_out "no official schedule for 2027" "and is no longer estimated"
rd plan 2027-02 --show --view days --format csv
grep -q '^2027-02-14,1,' "$T/out" && _ok || _bad "the make-up Sunday has a target: $(grep 2027-02-14 "$T/out")"
grep -q '^2027-02-08,0,' "$T/out" && _ok || _bad "a Spring Festival Monday has none: $(grep 2027-02-08 "$T/out")"
rd calendar set 2027-02-14 work; expect_out "(0 days changed)" "set again as it is: nothing changes"
rd calendar set 2027-02-20 clear; expect_rc 0 "clear a day"
expect_out "2027-02-20: 1 day of the book's schedule cleared" "cleared"
rd calendar 2027-02; expect_out "2027-02: 16 working days" "the cleared day is an ordinary Saturday"
expect_eq "$(q "$DB" "SELECT deleted FROM calendar WHERE day = '2027-02-20'")" "1" "kept as a tombstone"
rd calendar set 2027-02-20 work; expect_eq "$(q "$DB" "SELECT count(*) || deleted FROM calendar WHERE day = '2027-02-20'")" \
	"10" "set again: the same row made live"
rd calendar set 2027-02-20 clear
# Other years keep their sources.
rd calendar 2026-10; expect_out "2026-10-10 Sat work" "2026 still the shipped file"
expect_no_out "(book)" "no day of 2026 is the book's"
rd calendar 2028-01; expect_out "元旦 (estimated)" "2028 still estimated"
rd --calendar none calendar 2027-02; expect_out "2027-02: 20 working days" "--calendar none: plain Mon-Fri"
printf '2027-02-01 off Custom\n' >"$T/own.txt"
rd --calendar "$T/own.txt" calendar 2027-02; expect_out "2027-02: 19 working days" "--calendar FILE: that file alone"
expect_no_out "(book)" "--calendar FILE leaves the book's schedule out"

# ---- bad arguments: usage errors, nothing written ----
rows >"$T/before.txt"
rd calendar set 2027-02-30 off; expect_rc 64 "not a day"
rd calendar set 2027-02-10..2027-02-01 off; expect_rc 64 "a run backwards"
rd calendar set 2027-01-01..2028-12-31 off; expect_rc 64 "too long a run"
rd calendar set 2027-02-01 holiday; expect_rc 64 "a bad kind"
expect_err "'holiday' is not off, work or clear" "the kind named"
rd calendar set 2027-02-01 clear --name x; expect_rc 64 "--name with clear"
rd calendar set 2027-02-01 off --name "$(printf 'Evil\033[2J')"; expect_rc 65 "a name with an escape"
expect_err "a control character" "why"
rd calendar set 2027-02-01 off --name "a #b"; expect_rc 65 "a name a file would cut"
rd --calendar none calendar set 2027-02-01 off; expect_rc 64 "--calendar with set"
rows >"$T/after.txt"
expect_same "$T/before.txt" "$T/after.txt" "bad arguments leave the schedule unchanged"

# ---- export, import: a round trip ----
rd calendar export "$T/cal.txt"; expect_rc 0 "calendar export"
expect_out "8 days of the book's schedule written to" "how many"
grep -q '^2027-02-06 off 春节$' "$T/cal.txt" && _ok || _bad "a day exported as the file form"
grep -q '^2027-02-14 work make-up workday$' "$T/cal.txt" && _ok || _bad "a make-up day exported"
grep -q '2027-02-20' "$T/cal.txt" && _bad "a cleared day exported" || _ok
rd --calendar "$T/cal.txt" calendar 2027-02; expect_rc 0 "the export reads as a calendar file"
expect_out "2027-02: 16 working days" "the same days"
OWN=$DB
DB="$T/other.db"
rd init --rep 李四 --group 一组
rd calendar import "$T/cal.txt"; expect_rc 0 "calendar import"
expect_out "8 days kept as the book's schedule for 2027 (8 changed)" "what was imported"
rd calendar 2027-02; expect_out "2027-02: 16 working days" "the imported schedule in use"
rd calendar export "$T/cal2.txt"; expect_rc 0 "export again"
expect_same "$T/cal.txt" "$T/cal2.txt" "the round trip gives the same file"
rd calendar import "$T/cal.txt"; expect_rc 0 "the same file again"
expect_out "(0 changed)" "changes nothing"
# A file stands for its whole year: a day it lacks is cleared.
grep -v '2027-02-12' "$T/cal.txt" >"$T/less.txt"
printf '2027-10-01 off 国庆节\n' >>"$T/less.txt"
rd calendar import "$T/less.txt"; expect_rc 0 "a changed file"
expect_out "(2 changed)" "one day cleared, one added"
rd calendar 2027-02; expect_out "2027-02: 17 working days" "the 12th works again"

# ---- bad files: file, line, column, value, what was expected; exit 65; unchanged ----
rows >"$T/before.txt"
badfile() {   # TEXT WHAT-IN-STDERR WHAT
	printf "$1" >"$T/bad.txt"
	rd calendar import "$T/bad.txt"; expect_rc 65 "$3: refused"
	expect_err "$2" "$3: the message"
	expect_err "the book is unchanged" "$3: says the book is unchanged"
}
badfile '2027-01-01 off 元旦\n2027-02-30 off 春节\n' "bad.txt:2:1: bad date '2027-02-30'" "a bad date"
badfile '# x\n2027-01-01 holiday 元旦\n' "bad.txt:2:12: bad kind 'holiday' (expected off or work)" "a bad kind"
badfile '2027-01-01 off\n' "bad.txt:1:15: missing name after 'off'" "no name"
badfile '2027-01-01 off 元旦\n2027-01-01 work 元旦\n' "bad.txt:2:1: duplicate date 2027-01-01 (already on line 1)" "a day twice"
badfile '2027-01-01 off Evil\033]0;x\007\n' "bad.txt:1:16: name 'Evil?]0;x?': a control character" "an escape in a name"
badfile '2027-01-01 off \377\376\n' "bad.txt:1:16: name is not valid UTF-8" "not UTF-8"
badfile '# nothing\n' "bad.txt: no day in the file" "no day at all"
rd calendar import "$T/missing.txt"; expect_rc 66 "a missing file"
rows >"$T/after.txt"
expect_same "$T/before.txt" "$T/after.txt" "bad files leave the schedule unchanged"
rd calendar export "$DB"; expect_rc 64 "export over the book refused"

# ---- the book's schedule travels to the lead ----
DB=$OWN
rd export bundle --out "$T/Z.bundle"; expect_rc 0 "the rep's bundle"
REP=$DB
DB="$T/lead.db"
rd init --rep 组长 --group 管理
rd team add "$T/Z.bundle"; expect_rc 0 "the lead merges it"
expect_out "calendar   9 added" "the schedule's rows merged (a tombstone too)"
rd calendar 2027-02; expect_out "2027-02: 16 working days" "the lead's book follows the rep's schedule"
expect_out "2027-02-08 Mon off  春节 (book)" "the rep's day"
rd team add "$T/Z.bundle"; expect_out "nothing new" "the same bundle again changes nothing"
# A bundle whose day is not as the book keeps it is refused whole.
cp "$T/Z.bundle" "$T/bad.bundle"
q "$T/bad.bundle" "PRAGMA ignore_check_constraints = 1; UPDATE calendar SET kind = 'holiday' WHERE day = '2027-02-08'"
sign_bundle "$REP" "$T/bad.bundle"
DB="$T/lead2.db"
rd init --rep 组长 --group 管理
rd team add "$T/bad.bundle"; expect_rc 65 "a bad kind in a bundle: refused"
expect_err "column kind 'holiday': not off or work" "the column and why"
expect_eq "$(q "$DB" "SELECT count(*) FROM calendar")" "0" "nothing of it merged"
# The lead's own day comes first in the lead's book: its year is the lead's.
DB="$T/lead.db"
rd calendar set 2027-02-01 off --name 团建; expect_rc 0 "the lead sets a day"
rd calendar 2027-02; expect_out "2027-02: 19 working days" "the lead's own schedule for 2027"
finish
