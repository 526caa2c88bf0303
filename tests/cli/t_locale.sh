# Money and dates do not depend on the locale (RELIABILITY item 17): the same
# import and logging under a German locale, where strtod("19.99") is 19,
# give the same book as under C.UTF-8.
. tests/cli/lib.sh

mkdir -p "$T/locales"
if ! localedef -i de_DE -f UTF-8 "$T/locales/de_DE.UTF-8" 2>/dev/null; then
	_bad "cannot build the de_DE.UTF-8 locale (package 'locales')"
	finish; exit 1
fi
printf 'name,monthly_amount\n甲公司,19.99\n乙公司,"12,000.50"\n丙公司,1.5万\n丁公司,"1,234,567.89"\n' >"$T/c.csv"

run_book() {
	DB="$T/$1.db"
	rd init; rd import customers "$T/c.csv"; expect_rc 0 "import under $1"
	rd log order 甲公司 19.99; expect_rc 0 "log order under $1"
	rd log payment 乙公司 0.01; expect_rc 0 "log payment under $1"
	rd export customers --out "$T/$1-customers.csv"
	rd export orders --out "$T/$1-orders.csv"
	rd export payments --out "$T/$1-payments.csv"
	rd show 甲公司; expect_out "¥19.99" "19.99 is 1999 fen under $1"
}
run_book c
LOCPATH="$T/locales" LC_ALL=de_DE.UTF-8 run_book de
if grep -q '^甲公司\|,甲公司,' "$T/de-customers.csv" && grep -q '19.99' "$T/de-customers.csv"; then _ok; else _bad "19.99 under de_DE"; fi
cut -d, -f2- "$T/c-customers.csv" >"$T/a"; cut -d, -f2- "$T/de-customers.csv" >"$T/b"
expect_same "$T/a" "$T/b" "customers identical under de_DE and C"
cut -d, -f3- "$T/c-orders.csv" >"$T/a"; cut -d, -f3- "$T/de-orders.csv" >"$T/b"
expect_same "$T/a" "$T/b" "orders identical under de_DE and C"
cut -d, -f3- "$T/c-payments.csv" >"$T/a"; cut -d, -f3- "$T/de-payments.csv" >"$T/b"
expect_same "$T/a" "$T/b" "payments identical under de_DE and C"
finish
