# CSV import: headers, encodings, line ends, quoting, all-or-nothing, rejects,
# dry runs, re-imports, and activity files.
. tests/cli/lib.sh

rd init --rep 张三 --group 一组; expect_rc 0 "init"

# Chinese headers, money forms, an unknown column kept as an attribute.
printf '客户名称,联系人,电话,月订货额,等级,性格\n广州天河宾馆,王伟,13800138000,1.5万,,外向\n白云商贸有限公司,李娜,13900139000,"¥12,000.50",A,细致\n番禺丽江酒店,张强,020-1234,2万5,,\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "import Chinese headers"
expect_out "c.csv: 3 added, 0 updated, 0 rejected" "summary line"
rd show 广州天河宾馆; expect_out "monthly_amount  ¥15,000" "1.5万 is ¥15,000"; expect_out "性格            外向" "attribute kept"
expect_out "A (computed)" "¥15,000 is tier A"
rd show 白云商贸; expect_out "A (manual)" "manual tier from the file"; expect_out "¥12,000.50" "fen kept"
rd show 番禺; expect_out "S (computed)" "2万5 = ¥25,000 is S"

rd export customers --out "$T/before.csv"; expect_rc 0 "export"
rd import customers "$T/c.csv"; expect_out "0 added, 0 updated, 0 rejected" "re-import changes nothing"
rd export customers --out "$T/again.csv"; expect_same "$T/before.csv" "$T/again.csv" "re-import leaves the export identical"

# A bad row stops everything and leaves the database as it was.
printf 'name,monthly_amount\n新客户甲,100\n新客户乙,12x\n' >"$T/bad.csv"
rd import customers "$T/bad.csv"; expect_rc 65 "bad amount"
expect_err "bad.csv:3: column 'monthly_amount': '12x' is not an amount" "bad row message"
rd export customers --out "$T/after.csv"; expect_same "$T/before.csv" "$T/after.csv" "database unchanged after a bad row"

# --skip-bad needs its FILE: an option after it is that option, not a file
# named --dry-run (nothing is imported, nothing written).
here=$(pwd); cd "$T"
rd import customers "$T/bad.csv" --skip-bad --dry-run; expect_rc 64 "--skip-bad before --dry-run"
cd "$here"
expect_err "option '--skip-bad' needs a value" "says --skip-bad needs its file"
[ -e "$T/--dry-run" ] && _bad "a rejects file named --dry-run" || _ok
rd export customers --out "$T/after.csv"; expect_same "$T/before.csv" "$T/after.csv" "nothing imported without the rejects file"
# --skip-bad imports the good rows and writes the bad ones with line and reason.
rd import customers "$T/bad.csv" --skip-bad "$T/rejects.csv"; expect_rc 0 "--skip-bad"
expect_out "1 added, 0 updated, 1 rejected" "--skip-bad summary"
# (the rejects file is for a spreadsheet: a BOM and CRLF, like export --excel)
if grep -q '^3,.*12x' "$T/rejects.csv" && head -1 "$T/rejects.csv" | grep -q "^$(printf '\357\273\277')line,reason,name,monthly_amount"; then _ok; else _bad "rejects file content: $(cat "$T/rejects.csv")"; fi
if grep -q "^3,column 'monthly_amount': '12x' is not an amount,新客户乙,12x$(printf '\r')\$" "$T/rejects.csv"; then _ok; else _bad "rejects reason: $(cat "$T/rejects.csv")"; fi
# Under Chinese: headings in Chinese, and the reason starts with the column, no colon first.
LANG=zh_CN.UTF-8 LC_ALL= "$BIN" --db "$DB" import customers "$T/bad.csv" --skip-bad "$T/rejects-zh.csv" >/dev/null 2>&1
if head -1 "$T/rejects-zh.csv" | grep -q "^$(printf '\357\273\277')行号,原因,name,monthly_amount"; then _ok; else _bad "Chinese rejects headings: $(head -1 "$T/rejects-zh.csv")"; fi
if grep -q "^3,列 'monthly_amount'：'12x' 不是金额,新客户乙,12x" "$T/rejects-zh.csv"; then _ok; else _bad "Chinese rejects reason: $(cat "$T/rejects-zh.csv")"; fi
# The fixed rejects file imports again: line and reason are not attributes.
for f in rejects rejects-zh; do
	sed 's/,12x\(.\)$/,8千\1/' "$T/$f.csv" >"$T/$f-fixed.csv"
	rd import customers "$T/$f-fixed.csv"; expect_rc 0 "$f file re-imported"
	rd show 新客户乙; expect_out "monthly_amount  ¥8,000" "$f: the fixed row is in"
	expect_no_out "line" "$f: no 'line' attribute"; expect_no_out "reason" "$f: no 'reason' attribute"
	expect_no_out "行号" "$f: no '行号' attribute"; expect_no_out "原因" "$f: no '原因' attribute"
done
# An activity file's reasons are in Chinese too.
printf 'customer,date,amount\n新客户乙,2026-11-01,12x\n无此客户,2026-11-01,5\n' >"$T/o-bad.csv"
LANG=zh_CN.UTF-8 LC_ALL= "$BIN" --db "$DB" import orders "$T/o-bad.csv" --skip-bad "$T/o-rejects.csv" >/dev/null 2>&1
if grep -q "^3,列 'customer'：'无此客户' 不是已有客户" "$T/o-rejects.csv"; then _ok; else _bad "Chinese order rejects: $(cat "$T/o-rejects.csv")"; fi
# Only a file that starts with both columns is a rejects file: a lone 'reason' is an attribute.
printf 'name,reason\n原因客户,老板换了\n' >"$T/reason.csv"
rd import customers "$T/reason.csv"; rd show 原因客户; expect_out "老板换了" "a reason column of a customer file is kept"
rd customers --search 新客户甲; expect_out "新客户甲" "the good row is in"

# --dry-run writes nothing.
printf 'name\n试运行客户\n' >"$T/dry.csv"
rd export customers --out "$T/pre-dry.csv"
rd import customers "$T/dry.csv" --dry-run; expect_rc 0 "--dry-run"; expect_out "would have 1 added" "dry-run summary"
rd export customers --out "$T/post-dry.csv"; expect_same "$T/pre-dry.csv" "$T/post-dry.csv" "dry run wrote nothing"

# BOM before a quoted header, CRLF, embedded CRLF inside quotes.
printf '\357\273\277"name","notes"\r\n"引号客户","第一行\r\n第二行, 有逗号 ""引号"""\r\n' >"$T/bom.csv"
rd import customers "$T/bom.csv"; expect_rc 0 "BOM + CRLF"; expect_out "1 added" "BOM header recognised"
rd customers --search 引号客户 --format csv
if grep -q '"第一行$' "$T/out" && grep -qF '第二行, 有逗号 ""引号"""' "$T/out"; then _ok; else _bad "embedded newline and quotes not kept"; fi
if grep -q "$(printf '\r')" "$T/out"; then _bad "a CR was stored"; else _ok; fi
# CR-only line ends give the same rows.
printf 'name,city\r老式客户,广州\r' >"$T/cr.csv"
rd import customers "$T/cr.csv"; expect_out "1 added" "CR-only file"
rd show 老式客户; expect_out "city            广州" "CR-only fields intact"

# Blank lines are skipped but still counted in line numbers.
printf 'name,stores\n甲店,1\n\n\n乙店,x\n' >"$T/blank.csv"
rd import customers "$T/blank.csv"; expect_rc 65 "bad stores"; expect_err "blank.csv:5: column 'stores': 'x' is not a whole number" "line counts blank lines"

# Structural errors.
printf 'name,city\n"未闭合,广州\n' >"$T/unterminated.csv"
i=0; while [ $i -lt 2000 ]; do echo "客户$i,广州"; i=$((i + 1)); done >>"$T/unterminated.csv"
rd import customers "$T/unterminated.csv"; expect_rc 65 "unterminated quote"; expect_err "unterminated.csv:2:" "names the line of the open quote"
printf 'name,city\n"a"b,c\n' >"$T/malformed.csv"
rd import customers "$T/malformed.csv"; expect_rc 65 "malformed quote"; expect_err "malformed.csv:2" "malformed quote line"
printf 'name,city,phone\n甲,广州,1\n乙,广州\n' >"$T/ragged.csv"
rd import customers "$T/ragged.csv"; expect_rc 65 "ragged row"; expect_err "ragged.csv:3: expected 3 fields, got 2" "ragged message"
printf 'name,city\n甲\000乙,广州\n' >"$T/nul.csv"
rd import customers "$T/nul.csv"; expect_rc 65 "NUL byte"; expect_err "nul.csv:2:1" "NUL names line and column"
printf 'city\n广州\n' >"$T/noname.csv"
rd import customers "$T/noname.csv"; expect_rc 65 "no name column"; expect_err "no 'name (客户名称)' column" "says which column is missing"
rd import customers "$T/none.csv"; expect_rc 66 "missing file"
rd import widgets "$T/c.csv"; expect_rc 64 "unknown kind"
rd export customers --out "$T/final.csv"
rd customers; expect_no_out "客户1999" "nothing of the failed files got in"

# GB18030 with Chinese headers and CRLF, detected automatically.
printf '客户名称,联系人,备注\r\n' | iconv -f UTF-8 -t GB18030 >"$T/gb.csv"
printf '东山数码专营店,张三,"老客户, 月底结款"\r\n' | iconv -f UTF-8 -t GB18030 >>"$T/gb.csv"
rd import customers "$T/gb.csv"; expect_rc 0 "GB18030 import"
rd show 东山数码; expect_out "contact         张三" "GB18030 decoded"; expect_out "老客户, 月底结款" "GB18030 quoted comma"

# The encoding is decided from the whole file. One stray Latin-1 byte in a
# UTF-8 file (here in a re-import of our own export), or UTF-8 and GB18030
# lines mixed, is refused at its line (a bad row), never read as GB18030
# mojibake.
rd export customers --out "$T/enc-before.csv"
cp "$T/enc-before.csv" "$T/stray.csv"
ncol=$(head -1 "$T/stray.csv" | tr ',' '\n' | wc -l)
{ printf ',caf\351 de Paris'; i=2; while [ $i -lt "$ncol" ]; do printf ','; i=$((i + 1)); done; echo; } >>"$T/stray.csv"
lines=$(wc -l <"$T/stray.csv")
rd import customers "$T/stray.csv"; expect_rc 65 "stray Latin-1 byte"
expect_err "stray.csv:$lines:2: invalid UTF-8" "stray byte: its line and column"
printf 'name,notes\n天河宾馆二店,ok\n' >"$T/mixed.csv"
printf '东山数码二店,月底结款\n' | iconv -f UTF-8 -t GB18030 >>"$T/mixed.csv"
rd import customers "$T/mixed.csv"; expect_rc 65 "UTF-8 and GB18030 mixed"
expect_err "mixed.csv:3:1: invalid UTF-8" "mixed: the first GB18030 line"
rd import customers "$T/mixed.csv" --skip-bad "$T/mixed-rejects.csv"; expect_rc 0 "mixed, --skip-bad"
expect_out "1 added, 0 updated, 1 rejected" "mixed: the GB18030 line rejected"
if grep -q '^3,.*invalid UTF-8' "$T/mixed-rejects.csv"; then _ok; else _bad "mixed rejects: $(cat "$T/mixed-rejects.csv")"; fi
# Past the first MiB too, and from standard input (read twice: spooled).
{ printf 'name,notes\n'; i=0; while [ $i -lt 20000 ]; do echo "天河宾馆分店$i,第$i号分店的备注文字 UTF-8"; i=$((i + 1)); done
  printf '珠江饭店,\267\326\265\352\n'; } >"$T/late.csv"
rd import customers "$T/late.csv"; expect_rc 65 "a GB18030 line after the first MiB"
expect_err "late.csv:20002:2: invalid UTF-8" "late stray line"
rd import customers - <"$T/late.csv"; expect_rc 65 "the same on standard input"
expect_err "standard input:20002:2: invalid UTF-8" "standard input: the line"
head -n 20001 "$T/late.csv" >"$T/late-ok.csv"
rd import customers - <"$T/late-ok.csv"; expect_rc 0 "a long UTF-8 file on standard input"
expect_out "20,000 added" "all of standard input read"
rd customers --search 天河宾馆分店19999 --format csv; expect_out "第19999号分店的备注文字" "UTF-8 kept"
rd customers --search 澶; expect_no_out "澶" "no mojibake stored"
# --encoding still forces one.
printf 'name\n\326\351\275\255\n' >"$T/forced.csv"
rd import customers "$T/forced.csv" --encoding gb18030; expect_rc 0 "forced GB18030"
rd show 珠江; expect_out "珠江" "forced GB18030 decoded"

# Excel's "Unicode Text": UTF-16LE with a BOM, tabs, CRLF; UTF-16BE too.
printf 'name\tcity\tnotes\r\n统一文本客户\t广州\t"含\t制表符, 逗号"\r\n' | iconv -f UTF-8 -t UTF-16LE >"$T/u16.body"
{ printf '\377\376'; cat "$T/u16.body"; } >"$T/u16.txt"
rd import customers "$T/u16.txt"; expect_rc 0 "UTF-16LE tab-separated"; expect_out "1 added" "UTF-16LE row"
rd show 统一文本客户; expect_out "city            广州" "UTF-16LE field"
printf 'name,city\r\n大端客户,深圳\r\n' | iconv -f UTF-8 -t UTF-16BE >"$T/u16be.body"
{ printf '\376\377'; cat "$T/u16be.body"; } >"$T/u16be.csv"
rd import customers "$T/u16be.csv"; expect_rc 0 "UTF-16BE comma-separated"
rd show 大端客户; expect_out "city            深圳" "UTF-16BE field"
# Tab-separated UTF-8 (a header with tabs and no commas).
printf 'name\tcity\n制表客户\t佛山\n' >"$T/tabs.tsv"
rd import customers "$T/tabs.tsv"; expect_rc 0 "UTF-8 tab-separated"
rd show 制表客户; expect_out "city            佛山" "tab-separated field"
# An Excel workbook is named as one.
printf 'PK\003\004\024\000\006\000' >"$T/book.xlsx"
rd import customers "$T/book.xlsx"; expect_rc 65 "xlsx"; expect_err "this is an Excel workbook" "xlsx named"
printf '\320\317\021\340\241\261\032\341' >"$T/old.xls"
rd import customers "$T/old.xls"; expect_rc 65 "xls"; expect_err "this is an Excel workbook" "xls named"
rd export customers --out "$T/enc-after.csv"
grep -v '二店\|分店\|珠江\|统一文本\|大端\|制表' "$T/enc-after.csv" >"$T/enc-after-old.csv"
expect_same "$T/enc-before.csv" "$T/enc-after-old.csv" "refused files changed nothing"

# Control characters: LF and TAB are text, other C0 controls, DEL and C1
# controls are refused with line and column (--skip-bad: to the rejects).
printf 'name,notes\n控制字符甲,"第一行\n第二行\t制表"\n控制字符乙,"警告\033[31m红"\n' >"$T/ctl.csv"
rd import customers "$T/ctl.csv"; expect_rc 65 "ESC in a note"
expect_err "ctl.csv:4: column 'notes': control character U+001B" "ESC: line, column, code"
rd customers --search 控制字符; expect_no_out "控制字符甲" "nothing of it imported"
rd import customers "$T/ctl.csv" --skip-bad "$T/ctl-rejects.csv"; expect_rc 0 "--skip-bad with a control character"
expect_out "1 added, 0 updated, 1 rejected" "the good row in"
if grep -q '^4,.*U+001B' "$T/ctl-rejects.csv"; then _ok; else _bad "control rejects: $(cat "$T/ctl-rejects.csv")"; fi
rd customers --search 控制字符甲 --format csv; expect_out "$(printf '第二行\t制表')" "LF and TAB kept"
for c in '\001' '\010' '\013' '\014' '\037' '\177' '\302\205' '\302\233'; do
	printf "name,city\n控制字符丙,广$c州\n" >"$T/ctl2.csv"
	rd import customers "$T/ctl2.csv"; expect_rc 65 "control $c refused"; expect_err "ctl2.csv:2: column 'city': control character U+" "control $c: line and column"
done
printf 'name,city\n控制字符丁,"广\r州"\n' >"$T/ctl-cr.csv"
rd import customers "$T/ctl-cr.csv"; expect_rc 65 "a lone CR in a field"; expect_err "U+000D" "lone CR named"
printf 'name\r\n"控制字符戊\r\n二行"\r\n' >"$T/ctl-crlf.csv"
rd import customers "$T/ctl-crlf.csv"; expect_rc 0 "CRLF inside quotes is a line break"
printf 'name,ci\033ty\n控制字符己,广州\n' >"$T/ctl-hdr.csv"
rd import customers "$T/ctl-hdr.csv"; expect_rc 65 "control in a header"; expect_err "ctl-hdr.csv:1: column 2: control character U+001B in the header" "header control named"
printf 'customer,date,amount\n广州天河宾馆,2026-11-02,100\033\n' >"$T/ctl-orders.csv"
rd import orders "$T/ctl-orders.csv"; expect_rc 65 "control in an activity file"; expect_err "ctl-orders.csv:2: column 'amount': control character U+001B" "activity control named"

# A field over the documented 64 KiB makes its row bad, with nothing imported.
rd export customers; cp "$T/out" "$T/before-big.csv"
{ printf 'name,notes\n长字段客户,'; head -c 70000 /dev/zero | tr '\0' x; printf '\n'; } >"$T/big.csv"
rd import customers "$T/big.csv"; expect_rc 65 "a field over 64 KiB"; expect_err "big.csv:2: notes is refused: text too long" "long field named"
rd export customers; expect_same "$T/out" "$T/before-big.csv" "nothing imported with the long field"
{ printf 'name,notes\n长字段客户,'; head -c 65536 /dev/zero | tr '\0' x; printf '\n'; } >"$T/big-ok.csv"
rd import customers "$T/big-ok.csv"; expect_rc 0 "a field of exactly 64 KiB"

# Activity: orders by name, unknown customer, re-import.
printf 'customer,date,amount,due\n广州天河宾馆,2026-11-02,"12,000",2026-11-30\n白云商贸有限公司,2026-11-03,-300,\n广州天河宾馆,2026-11-02,"12,000",2026-11-30\n' >"$T/orders.csv"
rd import orders "$T/orders.csv"; expect_rc 0 "orders"; expect_out "3 added" "three orders, two identical"
rd import orders "$T/orders.csv"; expect_out "0 added, 0 updated" "orders re-import adds nothing"
rd export orders; expect_out "12000.00" "order amount"; expect_out "-300.00" "refund kept"
printf 'customer,date,amount\n无名客户,2026-11-02,100\n' >"$T/unknown.csv"
rd import orders "$T/unknown.csv"; expect_rc 65 "unknown customer"; expect_err "column 'customer': '无名客户' is not a known customer" "unknown customer message"
printf '客户,日期,结果,备注\n广州天河宾馆,2026-11-20,有效,要报价\n广州天河宾馆,2026-11-21,未接,\n' >"$T/calls.csv"
rd import calls "$T/calls.csv"; expect_rc 0 "calls"; expect_out "2 added" "two calls"
rd export calls; expect_out "effective" "Chinese outcome canonical"; expect_out "no-answer" "未接 = no-answer"
printf 'customer,date,amount\n广州天河宾馆,2026-11-25,5000\n' >"$T/pay.csv"
rd import payments "$T/pay.csv"; expect_out "1 added" "payments"
# Every heading the guide's table lists is accepted as its column: named
# after the column itself, it repeats that column.
sed -n '/^<!-- headings:/,/^<!-- end of headings/p' docs/guide.md | grep '^| [a-z_]* |' |
while IFS='|' read -r _ col kinds aliases _; do
	col=$(echo $col)
	echo "$aliases" | tr ',' '\n' | while read -r alias; do
		[ -n "$alias" ] || continue
		for kind in $kinds; do echo "$kind $col $alias"; done
	done
done >"$T/headings"
n=$(wc -l <"$T/headings")
[ "$n" -gt 60 ] && _ok || _bad "the guide's headings table has $n headings"
while read -r kind col alias; do
	printf '%s,%s\n' "$col" "$alias" >"$T/h.csv"
	rd import "$kind" "$T/h.csv" --dry-run
	if [ "$rc" = 65 ] && grep -q "repeats an earlier column" "$T/err"; then _ok; else _bad "$kind: heading '$alias' is not $col"; fi
done <"$T/headings"

finish
