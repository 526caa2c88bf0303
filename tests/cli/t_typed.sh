# Text typed on the command line is held to the rule a bundle's rows are
# (core/valid.c): ESC, BEL, CR, DEL and C1 controls are refused by every
# command that writes free text into the book, naming the field, with exit
# 65 and nothing written; LF and TAB stay legal in notes and are stored
# exactly. Otherwise the rep's every bundle would be refused by the lead.
. tests/cli/lib.sh

rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'uid,name,contact\nu1,广州天河宾馆,李\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "import"
rd log order u1 1000 --date 2026-11-01; expect_rc 0 "an order"

# snap FILE: everything the book holds, every row of every table (the
# clock a read may move aside), as the sqlite3 shell dumps it.
snap() {
	sqlite3 "$DB" .dump 2>&1 | grep -v "^INSERT INTO settings VALUES('clock'," >"$1"
	[ -s "$1" ] || echo "dump failed" >"$1"
}
# refused WHAT FIELD CMD...: the command exits 65 naming FIELD, writes
# nothing, and its message carries no control character. Each refusal
# leaves the book as the one before left it, so one dump serves as the next
# one's "before".
snap "$T/after"
refused() {
	what=$1 fld=$2
	shift 2
	mv "$T/after" "$T/before"
	rd "$@"; expect_rc 65 "$what"
	expect_err "$fld is refused" "$what: the field named"
	if LC_ALL=C grep -qaP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$T/err"; then
		_bad "$what: control bytes in the message"
	else
		_ok
	fi
	snap "$T/after"
	expect_same "$T/before" "$T/after" "$what: the book unchanged"
}

for name in ESC BEL CR DEL C1; do
	case $name in
	ESC) c=$(printf '\033') ;;
	BEL) c=$(printf '\007') ;;
	CR) c=$(printf '\015') ;;
	DEL) c=$(printf '\177') ;;
	C1) c=$(printf '\302\233') ;;
	esac
	refused "set name $name" name set u1 "name=Evil${c}[2J"
	refused "set contact $name" contact set u1 "contact=a${c}b"
	refused "set notes $name" notes set u1 "notes=a${c}b"
	refused "set city $name" city set u1 "city=a${c}"
	refused "set an attribute value $name" "attribute '性格'" set u1 "性格=x${c}y"
	refused "set an attribute name $name" "attribute name" set u1 "k${c}=v"
	refused "log call $name" "call note" log call u1 --outcome effective --note "${c}"
	refused "log order $name" "order note" log order u1 500 --note "x${c}"
	refused "log payment $name" "payment note" log payment u1 100 --note "x${c}y"
	refused "note $name" note note u1 "x${c}y"
	refused "init --rep $name" "rep name" init --rep "A${c}]0;t" --group 一组
	refused "init --group $name" "group name" init --rep 张三 --group "G${c}"
	refused "config rep --name $name" "rep name" config rep --name "B${c}"
	refused "config rep --group $name" "group name" config rep --group "G${c}x"
	# A calendar file whose path holds the character: the setting is text too.
	printf '2026-11-02 off 假日\n' >"$T/cal${c}.txt"
	refused "config calendar $name" calendar config calendar "$T/cal${c}.txt"
done

# LF and TAB are text: kept exactly, in notes and free text alike.
LFTAB=$(printf '第一行\n\t第二行\t完')
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
rd note u1 "$LFTAB"; expect_rc 0 "a note with LF and TAB"
expect_eq "$(sqlite3 "$DB" "SELECT lower(hex(text)) FROM notes WHERE deleted = 0")" "$(hex "$LFTAB")" \
	"the note stored exactly"
rd log call u1 --outcome effective --note "$LFTAB"; expect_rc 0 "a call note with LF and TAB"
expect_eq "$(sqlite3 "$DB" "SELECT lower(hex(note)) FROM calls WHERE deleted = 0")" "$(hex "$LFTAB")" \
	"the call note stored exactly"
rd set u1 "notes=$LFTAB" "性格=a	b"; expect_rc 0 "notes and an attribute with LF and TAB"
expect_eq "$(sqlite3 "$DB" "SELECT lower(hex(notes)) FROM customers WHERE uid = 'u1'")" "$(hex "$LFTAB")" \
	"the customer's notes stored exactly"
rd show u1; expect_rc 0 "show"
expect_out "性格" "the attribute kept"
rd export notes; expect_rc 0 "export notes"
expect_out "第一行" "the note exported"
# The workbench's line editor drops C1 controls as they are typed or pasted
# (C0 ones and DEL arrive as keys: Enter, Backspace, Esc).
printf 'n\ntype a%sb%sc\n<Enter>\nq\n' "$(printf '\302\233')" "$(printf '\302\205')" >"$T/paste.keys"
(cd "$T" && LINES=24 COLUMNS=80 REPDESK_SCRIPT="$T/paste.keys" "$BIN" --db "$DB" >"$T/out" 2>"$T/err")
rc=$?; expect_rc 0 "a note pasted in the workbench"
expect_eq "$(sqlite3 "$DB" "SELECT text FROM notes WHERE deleted = 0 ORDER BY id DESC LIMIT 1")" "abc" \
	"the pasted note without its control characters"

# An older book's text stays: only what changes must pass, and an attribute
# with a bad name can still be removed.
BOOKSQL=${REPDESK_BOOKSQL:-build/booksql}
ESC=$(printf '\033')
"$BOOKSQL" "$DB" "UPDATE customers SET contact = ?1, attrs = json_object(?2, 'v') WHERE uid = 'u1'" \
	"old${ESC}[1m" "k${ESC}[2J" || _bad "booksql: an old book's text"
rd set u1 city=广州; expect_rc 0 "another field changes beside the old text"
rd set u1 "contact=old${ESC}[1m"; expect_rc 0 "the old text given unchanged"
snap "$T/after"
refused "the old text changed" contact set u1 "contact=older${ESC}[1m"
rd set u1 "k${ESC}[2J="; expect_rc 0 "the attribute with a bad name removed"
expect_eq "$(sqlite3 "$DB" "SELECT attrs LIKE '%2J%' FROM customers WHERE uid = 'u1'")" "0" \
	"the bad attribute gone"
rd set u1 contact=李; expect_rc 0 "the old text replaced by good text"

# Legal beyond ASCII controls: bidi marks and other Unicode are not refused here.
rd set u1 "name=广州天河宾馆$(printf '\342\200\256')"; expect_rc 0 "a bidi mark is text"

finish
