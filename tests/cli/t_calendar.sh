# The working-day calendar through the command line.
. tests/cli/lib.sh

rd calendar 2026-10; expect_rc 0 "calendar 2026-10"
expect_out "2026-10: 18 working days" "October 2026 has 18 working days"
expect_out "2026-10-10 Sat work" "the 10th is a make-up workday"
expect_out "2026-10-01 Thu off  国庆节" "National Day is named"
rd calendar 2026-09; expect_out "2026-09: 22 working days" "September 2026 has 22"
rd calendar 2026-02; expect_out "2026-02: 16 working days" "February 2026 has 16"
rd calendar 2027-03; expect_out "Mon-Fri only" "an uncovered month says so"; expect_out "2027-03: 23 working days" "March 2027 Mon-Fri"
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
