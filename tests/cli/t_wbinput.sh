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

finish
