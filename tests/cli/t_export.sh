# Export: canonical columns, lossless round trip, Excel safety, failures.
. tests/cli/lib.sh

rd init --demo; expect_rc 0 "init --demo"
expect_out "demo: 240 customers" "the demo book has 240 customers"
rd customers; expect_out "240 customers" "listed"
for t in S A B C D; do
	rd customers --tier $t --format csv
	n=$(($(wc -l <"$T/out") - 1))
	if [ "$n" -gt 0 ]; then _ok; else _bad "demo has no $t-tier customers"; fi
done
rd export customers --out "$T/a.csv"; expect_rc 0 "export customers"
head -1 "$T/a.csv" >"$T/head"
expect_eq "$(cut -c1-200 "$T/head")" "uid,name,contact,phone,city,district,type,industry,stores,rooms,monthly_amount,monthly_volume,tier,priority,source,next_call,notes,status,性格,决策人,合作情况" "canonical header, attributes after the fixed columns"

# Round trip: export, import into a new database, export again: identical.
for k in customers orders payments calls; do rd export $k --out "$T/a-$k.csv"; done
DB="$T/second.db"
rd init; for k in customers orders payments calls; do
	rd import $k "$T/a-$k.csv"; expect_rc 0 "re-import $k into a new database"
	rd export $k --out "$T/b-$k.csv"; expect_same "$T/a-$k.csv" "$T/b-$k.csv" "$k round-trips exactly"
done

# Excel: BOM, CRLF, formula cells neutralised, numbers untouched; re-imports exactly.
DB="$T/excel.db"
printf 'name,phone,notes,monthly_amount\n"=cmd|'"'"' /C calc'"'"'!A0",+86 138 0000 0000,@SUM(A1),-300\n普通客户,13800138000,"-减价",100\n' >"$T/evil.csv"
rd import customers "$T/evil.csv"; expect_rc 0 "import formula-looking cells"
rd export customers --excel --out "$T/x.csv"
if head -c 3 "$T/x.csv" | od -An -tx1 | grep -q 'ef bb bf'; then _ok; else _bad "no BOM"; fi
if head -1 "$T/x.csv" | grep -q "$(printf '\r')\$"; then _ok; else _bad "no CRLF"; fi
if grep -qF "'=cmd" "$T/x.csv" && grep -qF "'+86 138" "$T/x.csv" && grep -qF "'@SUM" "$T/x.csv" && grep -qF "'-减价" "$T/x.csv"; then _ok; else _bad "formula cells not neutralised"; fi
if grep -qF -- ",-300.00," "$T/x.csv" || grep -qF -- ",-300.00" "$T/x.csv"; then _ok; else _bad "a plain negative number was changed"; fi
rd export customers --out "$T/plain.csv"
DB="$T/excel2.db"
rd import customers "$T/x.csv"; expect_rc 0 "re-import the Excel export"
rd export customers --out "$T/plain2.csv"
# uids differ between books made from the same file only if generated; compare without uid.
cut -d, -f2- "$T/plain.csv" >"$T/p1"; cut -d, -f2- "$T/plain2.csv" >"$T/p2"
expect_same "$T/p1" "$T/p2" "the Excel export re-imports to the exact values"

# A full disk: exit 74, no success message, an earlier file intact.
DB="$T/book.db"
rd export customers --out /dev/full; expect_rc 74 "export to /dev/full"
cp "$T/a.csv" "$T/keep.csv"
chmod 500 "$T" 2>/dev/null
if [ "$(id -u)" != 0 ]; then
	rd export customers --out "$T/keep.csv"; expect_rc 74 "unwritable directory"
fi
chmod 700 "$T"
expect_same "$T/a.csv" "$T/keep.csv" "the earlier file is intact"
rd export bundle --out "$T/me.bundle"; expect_rc 0 "export bundle"
if [ "$(head -c 15 "$T/me.bundle")" = "SQLite format 3" ]; then _ok; else _bad "bundle is not a database"; fi
finish
