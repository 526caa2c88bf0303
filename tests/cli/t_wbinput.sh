# What a rep types in the workbench (script mode) reaches the book byte for
# byte: every prompt and the customer form, read back through the commands.
. tests/cli/lib.sh

# csv_field FILE ROW COL: field COL of line ROW of a CSV without embedded
# line breaks, unquoted ("" inside quotes is one ").
csv_field() {
	awk -v row="$2" -v col="$3" 'NR == row {
		n = 1; f = ""; q = 0; i = 1; len = length($0)
		while (i <= len) {
			ch = substr($0, i, 1)
			if (q) {
				if (ch == "\"") {
					if (substr($0, i + 1, 1) == "\"") { f = f "\""; i++ } else q = 0
				} else f = f ch
			} else if (ch == "\"") q = 1
			else if (ch == ",") { if (n == col) break; n++; f = "" }
			else f = f ch
			i++
		}
		if (n == col) printf "%s", f
		exit
	}' "$1"
}
# col_of FILE NAME: the column number of header NAME.
col_of() { head -n 1 "$1" | tr ',' '\n' | grep -nx -- "$2" | cut -d: -f1; }
# field KIND ROW NAME: a field of an export, by column name.
field() {
	"$BIN" --db "$DB" export "$1" >"$T/export.csv" 2>"$T/err"
	csv_field "$T/export.csv" "$2" "$(col_of "$T/export.csv" "$3")"
}
# play SCRIPT: run the workbench on the book with the keys of SCRIPT.
play() {
	(cd "$T" && LINES=${ROWS:-24} COLUMNS=${COLS:-80} REPDESK_SCRIPT="$1" \
	 "$BIN" --db "$DB" >"$T/out" 2>"$T/err")
	rc=$?
}

rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'name,phone\n测试客户,13800138000\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "import"

# A call's note: Chinese, ASCII punctuation, quotes, inner and outer spaces.
NOTE=' 见了老板, 说 "下周" 再谈; 价格: ¥1,200/月 (含税)!  '
printf 'c\ne\ntype %s\n<Enter>\ntype +3\n<Enter>\nq\n' "$NOTE" >"$T/call.keys"
play "$T/call.keys"; expect_rc 0 "call logged"
expect_eq "$(field calls 2 note)" "$NOTE" "the call's note is kept byte for byte"
expect_eq "$(field calls 2 outcome)" "effective" "the call's outcome"
expect_eq "$(field calls 2 next_call)" "2026-11-30" "the call's next date"

# An order with its promised date, then a payment: amounts as typed.
printf 'o\ntype ¥1,234.50\n<Enter>\ntype 2026-12-15\n<Enter>\np\ntype 1,000\n<Enter>\nq\n' >"$T/money.keys"
play "$T/money.keys"; expect_rc 0 "order and payment logged"
expect_eq "$(field orders 2 amount)" "1234.50" "the order's amount"
expect_eq "$(field orders 2 due)" "2026-12-15" "the order's promised date"
expect_eq "$(field payments 2 amount)" "1000.00" "the payment's amount"

# A note, and the call with outcome "order", whose order prompt follows.
NOTE2='  老板说：“先试用 3 个月”，再看 — ok? (a/b) [x] {y} <z> #1 & 50% ~ `q` \ |  '
printf 'n\ntype %s\n<Enter>\nq\n' "$NOTE2" >"$T/note.keys"
play "$T/note.keys"; expect_rc 0 "note added"
expect_eq "$(field notes 2 note)" "$NOTE2" "the note is kept byte for byte"
NOTE3='下单了, 先发 20 箱'
printf 'c\no\ntype %s\n<Enter>\n<Enter>\ntype 800\n<Enter>\n<Enter>\nq\n' "$NOTE3" >"$T/order-call.keys"
play "$T/order-call.keys"; expect_rc 0 "order call logged"
"$BIN" --db "$DB" export calls >"$T/calls.csv"
expect_eq "$(csv_field "$T/calls.csv" 3 "$(col_of "$T/calls.csv" note)")" "$NOTE3" "an order call's note"
expect_eq "$(field orders 3 amount)" "800.00" "the order that follows an order call"

# A visit: its outcome, place, note and next date as typed; then one with
# no outcome and nothing else, and the last one undone.
PLACE='北京 朝阳区, 3 楼 (东门)'
NOTE4='见到老板了 — 下周 "再谈"'
printf 'v\ne\ntype %s\n<Enter>\ntype %s\n<Enter>\ntype +2\n<Enter>\nq\n' "$PLACE" "$NOTE4" >"$T/visit.keys"
play "$T/visit.keys"; expect_rc 0 "visit logged"
expect_eq "$(field visits 2 place)" "$PLACE" "the visit's place is kept byte for byte"
expect_eq "$(field visits 2 note)" "$NOTE4" "the visit's note is kept byte for byte"
expect_eq "$(field visits 2 outcome)" "effective" "the visit's outcome"
expect_eq "$(field visits 2 next_call)" "2026-11-29" "the visit's next date"
printf 'v\n-\n<Enter>\n<Enter>\n<Enter>\nq\n' >"$T/visit2.keys"
play "$T/visit2.keys"; expect_rc 0 "a visit with no outcome logged"
expect_eq "$(field visits 3 outcome)" "" "a visit without an outcome"
expect_eq "$("$BIN" --db "$DB" export visits | wc -l | tr -d ' ')" "3" "two visits in the book"
printf 'v\n-\n<Enter>\n<Enter>\n<Enter>\nu\ny\nq\n' >"$T/visit3.keys"   # undo asks first
play "$T/visit3.keys"; expect_rc 0 "a visit logged and undone"
expect_eq "$("$BIN" --db "$DB" export visits | wc -l | tr -d ' ')" "3" "the undone visit is gone"

# A new customer through the form: every text field as typed.
NAME='新客户 "广州" (天河) 店, A&B'
cat >"$T/add.keys" <<KEYS
+
type $NAME
<Tab>
type 王 伟
<Tab>
type 020-8888 6666
<Tab>
type 广州
<Tab>
type 天河区
<Tab>
type 酒店/宾馆
<Tab>
type 旅游, 住宿
<Tab>
type 3
<Tab>
type 120
<Tab>
type 25000
<Tab>
type 40
<Tab>
type 45
<Tab>
<Tab>
type 朋友介绍: 李四
<Tab>
type 2026-12-01
<Tab>
type 备注: 只收现金; 周一休息!
<Tab>
type 性格=细致 认真; 喜好=茶, 咖啡
<Enter>
q
KEYS
play "$T/add.keys"; expect_rc 0 "customer added"
rd customers --search 新客户; expect_out "新客户" "the added customer is in the book"
"$BIN" --db "$DB" export customers >"$T/cust.csv"
row=$(grep -n '新客户' "$T/cust.csv" | cut -d: -f1)
cf() { csv_field "$T/cust.csv" "$row" "$(col_of "$T/cust.csv" "$1")"; }
expect_eq "$(cf name)" "$NAME" "name"
expect_eq "$(cf contact)" "王 伟" "contact"
expect_eq "$(cf phone)" "020-8888 6666" "phone"
expect_eq "$(cf city)" "广州" "city"
expect_eq "$(cf district)" "天河区" "district"
expect_eq "$(cf type)" "酒店/宾馆" "type"
expect_eq "$(cf industry)" "旅游, 住宿" "industry"
expect_eq "$(cf stores)" "3" "stores"
expect_eq "$(cf rooms)" "120" "rooms"
expect_eq "$(cf monthly_amount)" "25000.00" "monthly amount"
expect_eq "$(cf monthly_volume)" "40" "monthly volume"
expect_eq "$(cf payment_days)" "45" "payment term"
expect_eq "$(cf source)" "朋友介绍: 李四" "source"
expect_eq "$(cf next_call)" "2026-12-01" "next call"
expect_eq "$(cf notes)" "备注: 只收现金; 周一休息!" "notes"
expect_eq "$(cf 性格)" "细致 认真" "an attribute with a space"
expect_eq "$(cf 喜好)" "茶, 咖啡" "an attribute with a comma"

# Editing: text added at the end of the notes and the contact replaced;
# the rest is kept as it was.
cat >"$T/edit.keys" <<KEYS
e
<Tab>
<End>
<BS>
<BS>
<BS>
type 李娜 (经理)
<Down>
<Down>
<Down>
<Down>
<Down>
<Down>
<Down>
<Down>
<Down>
<Down>
<Down>
<Down>
<Down>
<Down>
<End>
type  加: 月底结账。
<Enter>
q
KEYS
play "$T/edit.keys"; expect_rc 0 "customer edited"
"$BIN" --db "$DB" export customers >"$T/cust.csv"
expect_eq "$(cf contact)" "李娜 (经理)" "edited contact"
expect_eq "$(cf notes)" "备注: 只收现金; 周一休息! 加: 月底结账。" "notes added to"
expect_eq "$(cf name)" "$NAME" "name kept through an edit"
expect_eq "$(cf 喜好)" "茶, 咖啡" "attribute kept through an edit"

# Status and tier are one key each.
printf 'x\nl\nt\na\nq\n' >"$T/status.keys"
play "$T/status.keys"; expect_rc 0 "status and tier set"
"$BIN" --db "$DB" export customers >"$T/cust.csv"
expect_eq "$(cf status)" "lost" "status"
expect_eq "$(cf tier)" "A" "manual tier"

# A search shows what was typed, and finds the customer by it.
printf '/\ntype 客户 "广州"\n:dump search.screen\n<Enter>\nq\n' >"$T/search.keys"
COLS=100 play "$T/search.keys"; expect_rc 0 "search"
if grep -qF '/客户 "广州"' "$T/search.screen"; then _ok; else _bad "the search text shows as typed"; fi
if grep -qF '新客户' "$T/search.screen"; then _ok; else _bad "the search finds the customer"; fi

# Long text: 4,000 Chinese characters arrive whole, as a note and as a
# call's note; one more is refused on screen, never cut silently.
long_text() { awk -v n="$1" 'BEGIN { s = "一二三四五六七八九十"; for (i = 0; i < n; i++) printf "%s", substr(s, (i % 10) * 3 + 1, 3) }'; }
# type_lines N: "type" lines for long_text N, 500 characters each, as a paste
# arrives: one key after another.
type_lines() { awk -v n="$1" 'BEGIN { s = "一二三四五六七八九十"; for (i = 0; i < n; i++) { if (i % 500 == 0) printf "%stype ", i ? "\n" : ""; printf "%s", substr(s, (i % 10) * 3 + 1, 3) } printf "\n" }'; }
# digest TEXT: its length in characters and checksum (a failure stays short).
digest() { printf '%s chars, ' "$(printf %s "$1" | wc -m)"; printf %s "$1" | cksum; }
L4000=$(long_text 4000)
{ echo n; type_lines 4000; printf ':dump long.screen\n<Enter>\nq\n'; } >"$T/long.keys"
play "$T/long.keys"; expect_rc 0 "a 4,000-character note"
expect_eq "$(digest "$(field notes 3 note)")" "$(digest "$L4000")" "a 4,000-character note arrives whole"
expect_eq "$(tail -n 2 "$T/long.screen" | head -n 1 | grep -c ': .*八九十一二三四五六七八九十$')" 1 "the end of a long answer shows, where the cursor is"
{ printf 'c\nk\n'; type_lines 4000; printf '<Enter>\n<Enter>\nq\n'; } >"$T/long-call.keys"
play "$T/long-call.keys"; expect_rc 0 "a call with a 4,000-character note"
"$BIN" --db "$DB" export calls >"$T/calls.csv"
expect_eq "$(digest "$(csv_field "$T/calls.csv" 4 "$(col_of "$T/calls.csv" note)")")" "$(digest "$L4000")" \
	"a call's 4,000-character note arrives whole"
{ echo n; type_lines 4001; printf ':dump full.screen\n<Home>\n:dump home.screen\n<Enter>\nq\n'; } >"$T/full.keys"
play "$T/full.keys"; expect_rc 0 "a 4,001-character note"
if grep -qF 'At most 4000 characters fit here' "$T/full.screen"; then _ok; else _bad "the refused key is shown on screen"; fi
expect_eq "$(tail -n 2 "$T/home.screen" | head -n 1 | grep -c ': 一二三四五六七八九十一二.*…$')" 1 "Home shows the start of a long answer"
expect_eq "$(digest "$(field notes 4 note)")" "$(digest "$L4000")" "what was taken is saved, as the screen said"

# A customer whose notes are longer than the form holds: the form shows them
# cut and will not edit them, and saving the form leaves them whole.
L5000=$(long_text 5000)
printf 'name,notes\n长备注客户,%s\n' "$L5000" >"$T/long.csv"
rd import customers "$T/long.csv"; expect_rc 0 "import a customer with long notes"
cat >"$T/long-edit.keys" <<KEYS
2
/
type 长备注
<Enter>
e
<Tab>
type 赵六
<BTab>
<BTab>
<BTab>
x
:dump partial.screen
<Enter>
q
KEYS
play "$T/long-edit.keys"; expect_rc 0 "edit a customer with long notes"
if grep -qF "notes is over 4000 characters: change it with 'repdesk set'" "$T/partial.screen"; then _ok; else _bad "a key in the cut field is refused on screen"; fi
"$BIN" --db "$DB" export customers >"$T/cust.csv"
row=$(grep -n '长备注客户' "$T/cust.csv" | cut -d: -f1)
expect_eq "$(cf contact)" "赵六" "the edit is saved"
expect_eq "$(digest "$(cf notes)")" "$(digest "$L5000")" "notes longer than the form are kept whole"

# More attributes than the form takes are refused on screen, not dropped.
attrs() { awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "%s属性%d=值%d", (i > 1 ? "; " : ""), i, i }'; }
printf '+\ntype 属性多客户\n<BTab>\ntype %s\n<Enter>\n:dump attrs.screen\n<Esc>\nq\n' "$(attrs 49)" >"$T/attrs.keys"
play "$T/attrs.keys"; expect_rc 0 "49 attributes"
if grep -qF 'attributes: at most 48 here' "$T/attrs.screen"; then _ok; else _bad "49 attributes refused on screen"; fi
rd customers --search 属性多客户; expect_no_out "属性多客户" "nothing saved with 49 attributes"
printf '+\ntype 属性多客户\n<BTab>\ntype %s\n<Enter>\nq\n' "$(attrs 48)" >"$T/attrs.keys"
play "$T/attrs.keys"; expect_rc 0 "48 attributes"
"$BIN" --db "$DB" export customers >"$T/cust.csv"
row=$(grep -n '属性多客户' "$T/cust.csv" | cut -d: -f1)
expect_eq "$(cf 属性48)" "值48" "the 48th attribute saved"

finish
