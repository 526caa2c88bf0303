# The working-day calendar through the command line.
. tests/cli/lib.sh

rd calendar 2026-10; expect_rc 0 "calendar 2026-10"
expect_out "2026-10: 18 working days" "October 2026 has 18 working days"
expect_out "2026-10-10 Sat work" "the 10th is a make-up workday"
expect_out "2026-10-01 Thu off  国庆节" "National Day is named"
rd calendar 2026-09; expect_out "2026-09: 22 working days" "September 2026 has 22"
rd calendar 2026-02; expect_out "2026-02: 16 working days" "February 2026 has 16"
# Years the file does not cover: the statutory holidays estimated, said so,
# no make-up days guessed.
rd calendar 2027-03; expect_out "2027-03: 23 working days" "March 2027: no holiday"
expect_out "no official schedule for 2027: its statutory holidays are estimated" "an estimated year says so"
rd calendar 2027-02; expect_out "2027-02: 18 working days" "February 2027: the Spring Festival estimated"
expect_out "2027-02-05 Fri off  春节 (estimated)" "the eve"
expect_out "2027-02-08 Mon off  春节 (estimated)" "the third day"
expect_no_out " work " "no make-up day guessed"
rd calendar 2027-01; expect_out "2027-01-01 Fri off  元旦 (estimated)" "New Year's Day is off"
expect_out "2027-01: 20 working days" "January 2027 less New Year's Day"
rd calendar 2027-06; expect_out "2027-06-09 Wed off  端午节 (estimated)" "端午 2027"
rd calendar 2027-09; expect_out "2027-09-15 Wed off  中秋节 (estimated)" "中秋 2027"
rd calendar 2025-10; expect_out "2025-10-06 Mon off  中秋节 (estimated)" "a past year too"
LC_ALL= LANG=zh_CN.UTF-8 "$BIN" --db "$DB" calendar 2027-04 >"$T/out" 2>&1
expect_out "清明节（估算）" "estimated, in Chinese"
rd plan 2027-01 --target 10万; expect_rc 0 "a plan for January 2027"
expect_out "20 working days" "the plan counts New Year's Day off"
expect_out "no official schedule for 2027" "the plan says its calendar is estimated"
rd plan 2027-01 --show --view days --format csv
grep -q '^2027-01-01,0,' "$T/out" && _ok || _bad "New Year's Day has no target: $(grep 2027-01-01 "$T/out")"
rd --calendar none calendar 2027-02; expect_out "2027-02: 20 working days" "--calendar none: nothing estimated"
expect_no_out "estimated" "--calendar none says nothing of estimates"
rd --calendar none calendar 2026-10; expect_out "2026-10: 22 working days" "--calendar none is plain Mon-Fri"
rd calendar 2026-13; expect_rc 64 "bad month"

printf '# test\n2026-12-24 off Eve\n2026-12-26 work Make-up\n' >"$T/cal.txt"
rd --calendar "$T/cal.txt" calendar 2026-12; expect_out "2026-12: 23 working days" "a custom calendar file"
printf '2026-12-24 off Eve\n2026-12-24 work Again\n' >"$T/dup.txt"
rd --calendar "$T/dup.txt" calendar 2026-12; expect_rc 65 "duplicate date"; expect_err "dup.txt:2:" "duplicate names file and line"
printf '2026-02-30 off Bad\n' >"$T/bad.txt"
rd --calendar "$T/bad.txt" calendar 2026-02; expect_rc 65 "bad date in calendar"; expect_err "bad.txt:1:" "bad date names file and line"
rd --calendar "$T/missing.txt" calendar; expect_rc 66 "missing calendar file"

rd config calendar "$T/cal.txt"; expect_rc 0 "config calendar FILE"
rd calendar 2026-12; expect_out "2026-12: 23 working days" "the calendar setting is used"
rd config calendar default; rd calendar 2026-12; expect_out "2026-12: 23 working days" "default calendar: December Mon-Fri"
finish
