# The ranking rule: a hotel rep's attributes in order of weight order the
# customer list and stand for the priority in the call queue; without a rule
# everything is as before. A bad rule is refused; a bad saved one is none.
. tests/cli/lib.sh

RULE='地段=好>一般>差; 配合度=高>中>低; 房量档=多>少'

rd init --rep 张三 --group 一组; expect_rc 0 "init"
# Every hotel alike but for its attributes and priority (one tier, never
# contacted): the rule alone decides. 戊: a location not among the levels;
# 己: no room band; 辛: no attributes at all; 壬: lost, listed with the rest.
printf '%s\n' 'name,monthly_amount,priority,status,地段,配合度,房量档' \
	'戊酒店,8000,key,,郊区,高,多' '丁酒店,8000,,,差,高,多' '甲酒店,8000,small,,好,高,多' \
	'乙酒店,8000,,,好,低,少' '丙酒店,8000,,,一般,高,多' '己酒店,8000,,,好,高,' \
	'庚酒店,8000,,,好,高,少' '辛酒店,8000,medium,,,,' '壬酒店,30000,,lost,好,高,多' >"$T/h.csv"
rd import customers "$T/h.csv"; expect_rc 0 "import the hotels"

names() { "$BIN" --db "$DB" customers "$@" --format csv | awk -F, 'NR > 1 { printf "%s ", $2 }'; }
queue() { "$BIN" --db "$DB" today --view queue --format csv | awk -F, 'NR > 1 { printf "%s ", $3 }'; }

BY_TIER=$(names)
expect_eq "$BY_TIER" "壬酒店 丁酒店 丙酒店 乙酒店 己酒店 庚酒店 戊酒店 甲酒店 辛酒店 " "tier then name"
expect_eq "$(names --sort rank)" "$BY_TIER" "no rule: --sort rank is the tier order"
QUEUE_BEFORE=$(queue)
expect_eq "${QUEUE_BEFORE%% *}" "戊酒店" "no rule: the key customer leads the queue"
rd config rank; expect_rc 0 "no rule shown"
expect_out "rank: no rule" "says there is none"

# The rule: shown as given, spaces tidied.
rd config rank " 地段 = 好>一般>差 ;配合度=高>中>低;房量档=多>少 "; expect_rc 0 "set the rule"
expect_eq "$(cat "$T/out")" "rank $RULE" "the rule as saved"
rd config rank; expect_eq "$(cat "$T/out")" "rank $RULE" "config rank shows it"
rd config; expect_out "rank $RULE" "config lists it with the settings"

# The list: class first (the first attribute weighs most; values not among
# the levels after those that are), then tier and name.
expect_eq "$(names --sort rank)" "壬酒店 甲酒店 庚酒店 己酒店 乙酒店 丙酒店 丁酒店 戊酒店 辛酒店 " \
	"customers --sort rank"
expect_eq "$(names)" "$BY_TIER" "the default sort is still by tier"
rd customers --sort rank; expect_rc 0 "the table by rank"
expect_eq "$(awk 'NR == 3 { print $2 }' "$T/out")" "甲酒店" "the table's first active row"
expect_eq "$(names --sort rank --tier B)" "甲酒店 庚酒店 己酒店 乙酒店 丙酒店 丁酒店 戊酒店 辛酒店 " \
	"--sort rank with a filter"

# The queue: the class stands for the priority; the best class weighs like a key customer.
expect_eq "$(queue)" "甲酒店 庚酒店 己酒店 乙酒店 丙酒店 丁酒店 戊酒店 辛酒店 " "the queue by rank"
rd today --view queue --format csv
expect_out "rank class 1 of 48" "the reason names the class"
expect_no_out "key customer" "priority does not count under a rule"

# Cleared (either way): as before.
rd config rank --clear; expect_rc 0 "--clear"
expect_out "rank: no rule" "cleared"
rd config; expect_no_out "rank" "config lists no rule"
expect_eq "$(queue)" "$QUEUE_BEFORE" "the queue returns without the rule"
expect_eq "$(names --sort rank)" "$BY_TIER" "and the list"
rd config rank "$RULE"; expect_rc 0 "set again"
rd config rank ''; expect_rc 0 "an empty rule clears"
expect_eq "$(queue)" "$QUEUE_BEFORE" "the queue without the rule again"

# Refused, with the reason, the saved rule untouched.
rd config rank "$RULE"; expect_rc 0 "the rule once more"
refused() {
	rd config rank "$1"; expect_rc 64 "refused: $2"
	expect_err "$3" "$2: the reason"
	rd config rank; expect_eq "$(cat "$T/out")" "rank $RULE" "$2: the rule kept"
}
refused '地段' "no '='" "'地段' has no '='"
refused '地段=好>>差' "an empty level" "地段: a level is empty"
refused '地段=好>差>' "an empty last level" "地段: a level is empty"
refused '=好>差' "no attribute" "has no attribute before '='"
refused '地段=好; 配合度=高; 地段=差' "an attribute twice" "the attribute '地段' is given twice"
refused '地段=好>好' "a level twice" "the level '好' is given twice"
refused "$(printf '地段=好\033[2J>差')" "a control character" "control character"
refused "$(printf '地段=\377好')" "not UTF-8" "UTF-8"
refused "a=$(head -c 1100 /dev/zero | tr '\0' x)" "too long" "longer than 1024 bytes"
refused "a=$(head -c 70 /dev/zero | tr '\0' x)" "a long level" "longer than 64 bytes"
refused "a=1;b=1;c=1;d=1;e=1;f=1;g=1;h=1;i=1" "too many attributes" "more than 8 attributes"
rd config rank --clear "$RULE"; expect_rc 64 "a rule and --clear"
rd customers --sort score; expect_rc 64 "an unknown sort"
expect_err "--sort: 'score' is not tier or rank" "names the sorts"

# A saved rule that does not parse (an older book, another book's copy)
# counts as none.
BOOKSQL=${REPDESK_BOOKSQL:-build/booksql}
"$BOOKSQL" "$DB" "UPDATE settings SET value = ?1 WHERE key = 'rank'" '地段=好>>差' ||
	_bad "booksql: a bad saved rule"
rd config rank; expect_out "rank: no rule" "a bad saved rule is none"
expect_eq "$(names --sort rank)" "$BY_TIER" "the list with a bad saved rule"
expect_eq "$(queue)" "$QUEUE_BEFORE" "the queue with a bad saved rule"

# A bigger book (read in one pass, not customer by customer): 2,100 hotels
# alike, one of them in the best class, one in the worst but a key customer.
DB="$T/big.db"
rd init --rep 张三 --group 一组; expect_rc 0 "init a bigger book"
awk 'BEGIN { print "name,monthly_amount,priority,地段,配合度"
	for (i = 1; i <= 2100; i++) printf "酒店%04d,8000,,一般,中\n", i
	print "最好酒店,8000,,好,高"; print "最差酒店,8000,key,差,低" }' >"$T/big.csv"
rd import customers "$T/big.csv"; expect_rc 0 "import 2,102 hotels"
first() { "$BIN" --db "$DB" today --view queue --format csv | awk -F, 'NR == 2 { print $3 }'; }
expect_eq "$(first)" "最差酒店" "without a rule the key customer leads"
rd config rank '地段=好>一般>差; 配合度=高>中>低'; expect_rc 0 "a rule on the bigger book"
expect_eq "$(first)" "最好酒店" "with it the best class leads"
expect_eq "$(names --sort rank | cut -d' ' -f1)" "最好酒店" "and heads the list"
expect_eq "$(names --sort rank | awk '{ print $NF }')" "最差酒店" "the worst class last"

finish
