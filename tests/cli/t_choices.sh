#!/bin/sh
# Words and choices: the fixed enumerations take their Chinese words in
# `set`, import and `log`; search finds type, industry, district, city,
# source and attribute values; an attribute made a choice list takes only
# its choices.
. tests/cli/lib.sh

rd init --rep 张三; expect_rc 0 "init"
printf '客户名称,重要程度,状态,客户类型,行业,商圈,城市,来源,性格\n' >"$T/c.csv"
printf '甲超市,中型,合作中,快消零售,零售,天河北,广州,展会,爽朗型\n' >>"$T/c.csv"
printf '乙酒店,小型,潜在,商务酒店,酒店,珠江新城,深圳,转介绍,细致型\n' >>"$T/c.csv"
printf '丙商贸,重点,流失,批发,贸易,北京路,佛山,陌拜,爱表现型\n' >>"$T/c.csv"
printf '丁便利店,一般,勿扰,快消零售,零售,体育西,广州,,节奏快速型\n' >>"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "Chinese priority and status words import"
expect_out "4 added" "all four rows"
expect_eq "$(sqlite3 "$DB" "SELECT group_concat(priority || '/' || status, ' ') FROM (SELECT * FROM customers ORDER BY id)")" \
	"medium/active small/prospect key/lost medium/do-not-call" "stored as the English words"

# ---- enumerations in set and log ----
rd set 甲超市 priority=小型; expect_rc 0 "set priority 小型"
expect_eq "$(sqlite3 "$DB" "SELECT priority FROM customers WHERE name = '甲超市'")" "small" "小型 is small"
rd set 甲超市 重要程度=中型 状态=潜在; expect_rc 0 "set by Chinese field names and words"
expect_eq "$(sqlite3 "$DB" "SELECT priority || ' ' || status FROM customers WHERE name = '甲超市'")" \
	"medium prospect" "中型 and 潜在"
rd set 甲超市 status=已流失; expect_rc 0 "the word show prints"
expect_eq "$(sqlite3 "$DB" "SELECT status FROM customers WHERE name = '甲超市'")" "lost" "已流失 is lost"
rd set 甲超市 status=合作中; expect_rc 0 "合作中"
rd set 甲超市 priority=巨型; expect_rc 65 "an unknown priority is a data error"
expect_err "'巨型' is not a priority" "says what was refused"
LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 rd set 甲超市 priority=巨型
expect_err "重点、中型、小型" "the Chinese message lists the Chinese words"
rd log call 甲超市 --outcome 订单; expect_rc 0 "an outcome as the workbench shows it"
expect_eq "$(sqlite3 "$DB" "SELECT outcome FROM calls")" "order" "订单 is order"
printf '客户名称,日期,结果\n乙酒店,2026-11-26,无人接听\n乙酒店,2026-11-27,约回电\n' >"$T/calls.csv"
rd import calls "$T/calls.csv"; expect_rc 0 "outcomes in Chinese import"
expect_eq "$(sqlite3 "$DB" "SELECT group_concat(outcome, ' ') FROM (SELECT outcome FROM calls ORDER BY id)")" \
	"order no-answer callback" "stored as the English words"

# ---- search finds the descriptive fields ----
# found QUERY NAMES WHAT: customers --search QUERY lists exactly NAMES.
found() {
	rd customers --search "$1" --format csv; expect_rc 0 "search $1"
	expect_eq "$(tail -n +2 "$T/out" | cut -d, -f2 | sort | tr '\n' ' ')" "$2" "$3"
}
found 快消 "丁便利店 甲超市 " "type, two characters"
found 快消零售 "丁便利店 甲超市 " "the whole type"
found 消 "丁便利店 甲超市 " "type, one character"
found 贸易 "丙商贸 " "industry"
found 珠江 "乙酒店 " "district"
found 佛山 "丙商贸 " "city"
found 转介绍 "乙酒店 " "source"
found 陌 "丙商贸 " "source, one character"
found 爽朗 "甲超市 " "an attribute value"
found "广州 零售" "丁便利店 甲超市 " "two words from two fields"
found "快消 贸易" "" "words that no one customer has"
rd customers --search 快消; expect_rc 0 "the table"
expect_out "甲超市" "the table lists the type's customers"
# A changed type is found by its new words at once, and not by the old.
rd set 丁便利店 type=连锁药店 source=地推; expect_rc 0 "change the type"
found 药店 "丁便利店 " "the new type"
found 快消 "甲超市 " "not the old type"
found 地推 "丁便利店 " "the new source"

# ---- choice lists ----
rd config choices; expect_rc 0 "no lists yet"; expect_out "No attribute has a choice list." "says so"
rd config choices 性格 爽朗型,细致型，节奏快速型、爱表现型; expect_rc 0 "make 性格 a choice"
expect_out "性格 爽朗型, 细致型, 节奏快速型, 爱表现型" "echoed, every separator taken"
rd config choices 性格; expect_rc 0 "show one"; expect_out "性格 爽朗型, 细致型, 节奏快速型, 爱表现型" "shown"
rd config choices 地段 '好, 一般, 差'; expect_rc 0 "a second list"
rd config choices; expect_rc 0 "list all"
expect_eq "$(cat "$T/out")" "$(printf '地段 好, 一般, 差\n性格 爽朗型, 细致型, 节奏快速型, 爱表现型')" "every list, by attribute"
rd config choices type a,b; expect_rc 64 "a fixed field is no attribute"; expect_err "type is a fixed field" "says so"
rd config choices 重要程度 a,b; expect_rc 64 "nor in Chinese"
rd config choices 性格 好,好; expect_rc 64 "a choice twice"; expect_err "a choice is given twice" "says so"
rd config choices 性格 ' , '; expect_rc 64 "no choices"; expect_err "no choices given" "says so"
rd config choices --clear; expect_rc 64 "--clear needs an attribute"
rd config choices 性格; expect_out "爽朗型, 细致型" "refused lists changed nothing"
# set takes only the choices (or no value).
rd set 乙酒店 性格=爽朗型; expect_rc 0 "a choice"
rd set 乙酒店 性格=外向; expect_rc 65 "not a choice: a data error"
expect_err "'外向' is not one of the choices for 性格: 爽朗型, 细致型, 节奏快速型, 爱表现型" "lists the choices"
expect_eq "$(sqlite3 "$DB" "SELECT attrs ->> '性格' FROM customers WHERE name = '乙酒店'")" "爽朗型" "nothing written"
rd set 乙酒店 性格=; expect_rc 0 "no value is always allowed"
rd set 乙酒店 口味=随便; expect_rc 0 "an attribute without a list takes anything"
LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 rd set 乙酒店 地段=很好; expect_rc 65 "in Chinese"
expect_err "'很好' 不是 地段 的可选值：好、一般、差" "the Chinese message"
# import refuses other values with file, line and column.
printf '客户名称,性格,地段\n戊店,细致型,好\n己店,外向,差\n庚店,,\n' >"$T/p.csv"
rd import customers "$T/p.csv"; expect_rc 65 "a value not in the list"
expect_err "p.csv:3: column '性格': '外向' is not one of the choices for 性格: 爽朗型, 细致型, 节奏快速型, 爱表现型" \
	"file, line, column and the choices"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM customers WHERE name IN ('戊店', '己店', '庚店')")" "0" "nothing imported"
rd import customers "$T/p.csv" --skip-bad "$T/rejects.csv"; expect_rc 0 "skip the bad row"
expect_out "2 added" "the good rows"
grep -q "外向" "$T/rejects.csv" && _ok || _bad "the bad row is in the rejects file"
rd config choices 性格 --clear; expect_rc 0 "remove a list"; expect_out "性格 takes any value" "says so"
rd set 乙酒店 性格=外向; expect_rc 0 "any value again"
rd config choices; expect_out "地段" "the other list stays"
rd config choices 性格 --clear; expect_rc 0 "clearing a list that is gone"
expect_out "性格 takes any value" "still any value"
expect_eq "$(sqlite3 "$DB" "SELECT attr || ' ' || deleted FROM choices ORDER BY attr")" \
	"$(printf '地段 0\n性格 1')" "the cleared list kept as a tombstone, once"
rd config choices 性格 爽朗型,细致型; expect_rc 0 "the list again"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) || ' ' || sum(deleted) FROM choices WHERE attr = '性格'")" \
	"1 0" "the same row made live again"

# ---- choice lists travel in bundles ----
q() { sqlite3 "$@" </dev/null; }
OWN=$DB
DB="$T/rep.db"
rd init --rep 王五 --group 二组; expect_rc 0 "the rep's book"
printf 'uid,客户名称,性格\nw-1,王店,爽朗型\nw-2,李店,细致型\n' >"$T/w.csv"
rd import customers "$T/w.csv"; expect_rc 0 "the rep's customers"
rd config choices 性格 爽朗型,细致型,节奏快速型; expect_rc 0 "the rep's choice list"
rd segment save 爽朗 --where '性格=爽朗型'; expect_rc 0 "the rep's segment"
rd export bundle --out "$T/W.bundle"; expect_rc 0 "the rep's bundle"
REP=$DB
DB="$T/lead.db"
rd init --rep 组长 --group 管理; expect_rc 0 "the lead's book"
empty_lead() {   # WHAT: nothing of a refused bundle reached the lead's book
	expect_eq "$(q "$T/lead.db" "SELECT (SELECT count(*) FROM choices) || ' ' ||
		(SELECT count(*) FROM segments) || ' ' || (SELECT count(*) FROM customers)")" "0 0 0" "$1"
	rd config choices; expect_out "No attribute has a choice list." "$1: no list"
}
# bad SQL WHY WHAT: the rep's bundle edited by SQL (past the table's own
# checks) and signed again is refused whole, naming the table, the row, the
# column, its value and why.
bad() {
	cp "$T/W.bundle" "$T/bad.bundle"
	q "$T/bad.bundle" "PRAGMA ignore_check_constraints = 1; $1" && _ok || _bad "$3: the edit"
	sign_bundle "$REP" "$T/bad.bundle"
	rd team add "$T/bad.bundle"; expect_rc 65 "$3: refused"
	expect_err "bad.bundle: table choices, row $cuid: column $2; nothing of it was merged" "$3: the row and why"
	empty_lead "$3"
}
cuid=$(q "$REP" "SELECT uid FROM choices")
bad "UPDATE choices SET list = '爽朗型,细致型,爽朗型'" \
	"list '爽朗型,细致型,爽朗型': a choice is given twice" "a choice twice"
bad "UPDATE choices SET list = '爽朗型，细致型'" \
	"list '爽朗型，细致型': not a choice list as repdesk keeps one" "a list not as kept"
bad "UPDATE choices SET list = '爽朗型,'" "list '爽朗型,': not a choice list as repdesk keeps one" \
	"an empty choice"
bad "UPDATE choices SET list = ''" "list '': no choices given" "no choices"
bad "UPDATE choices SET list = '爽朗' || char(10) || '型'" "list '爽朗⏎型': a choice holds a line break" \
	"a line break"
bad "UPDATE choices SET list = '爽朗型,' || char(27) || '[31m红'" \
	"list '爽朗型,?[31m红': a control character in text" "an escape sequence"
bad "UPDATE choices SET attr = '重要程度'" "attr '重要程度': a fixed field, not an attribute" \
	"a fixed field"
bad "UPDATE choices SET attr = 'Status'" "attr 'Status': a fixed field, not an attribute" \
	"a fixed field in English"
bad "UPDATE choices SET attr = ''" "attr '': empty" "no attribute"
cp "$T/W.bundle" "$T/bad.bundle"
q "$T/bad.bundle" "UPDATE choices SET rep_uid = (SELECT value FROM settings WHERE key = 'rep_uid') || 'x'"
sign_bundle "$REP" "$T/bad.bundle"
rd team add "$T/bad.bundle"; expect_rc 65 "another rep's list: refused"
expect_err "1 row belongs to another rep than the bundle's (table choices, row $cuid)" "another rep's list: named"
empty_lead "another rep's list"

rd team add "$T/W.bundle"; expect_rc 0 "the rep's bundle merged"
expect_out "choices    1 added" "the choice list added"
expect_out "segments   1 added" "the segment added"
rd segment list; expect_out "爽朗 (王五)" "the lead's segment list has the rep's segment"
rd segment show 爽朗; expect_rc 0 "and shows it"; expect_out "性格=爽朗型" "its filter"
rd customers --segment 爽朗 --format csv; expect_rc 0 "the segment on the lead's book"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f1)" "w-1" "its customer"
rd config choices; expect_rc 0 "the lead's lists"
expect_eq "$(cat "$T/out")" "性格 爽朗型, 细致型, 节奏快速型 (王五)" "the rep's list, with the rep's name"
rd config choices 性格; expect_out "性格 爽朗型, 细致型, 节奏快速型 (王五)" "shown alone"
printf '客户名称,性格\n组长店,外向\n' >"$T/l.csv"
rd import customers "$T/l.csv"; expect_rc 65 "the lead's import refuses a value outside the list"
expect_err "l.csv:2: column '性格': '外向' is not one of the choices for 性格: 爽朗型, 细致型, 节奏快速型" \
	"the rep's choices named"
rd set w-2 性格=外向; expect_rc 65 "set on the lead's book too"
printf '客户名称,性格\n组长店,节奏快速型\n' >"$T/l.csv"
rd import customers "$T/l.csv"; expect_rc 0 "a choice of the list"
rd team add "$T/W.bundle"; expect_rc 0 "the same bundle again"
expect_out "nothing new" "changes nothing"

# The rep changes the list, then clears it: the lead follows, the clearing
# as a tombstone.
DB=$REP
rd config choices 性格 爽朗型,细致型,节奏快速型,爱表现型; expect_rc 0 "the rep adds a choice"
rd export bundle --out "$T/W2.bundle"
DB="$T/lead.db"
rd team add "$T/W2.bundle"; expect_rc 0 "the changed list"
expect_out "choices    0 added, 1 updated" "updated in place"
rd config choices 性格; expect_out "性格 爽朗型, 细致型, 节奏快速型, 爱表现型 (王五)" "the new choice"
DB=$REP
rd config choices 性格 --clear; expect_rc 0 "the rep clears the list"
rd export bundle --out "$T/W3.bundle"
DB="$T/lead.db"
rd team add "$T/W3.bundle"; expect_rc 0 "the cleared list"
expect_out "choices    0 added, 1 updated" "the tombstone arrives"
expect_eq "$(q "$T/lead.db" "SELECT deleted FROM choices WHERE uid = '$cuid'")" "1" "kept as a tombstone"
rd config choices 性格; expect_out "性格 takes any value" "any value on the lead's book"
printf '客户名称,性格\n组长二店,外向\n' >"$T/l.csv"
rd import customers "$T/l.csv"; expect_rc 0 "the lead's import takes any value again"

# The lead's own list comes before a rep's; clearing on the lead's book
# clears both.
DB=$REP
rd config choices 地段 好,差; expect_rc 0 "the rep's second list"
rd export bundle --out "$T/W4.bundle"
DB="$T/lead.db"
rd team add "$T/W4.bundle"; expect_rc 0 "merged"
rd config choices 地段 好,一般,差; expect_rc 0 "the lead's own list"
expect_eq "$(cat "$T/out")" "地段 好, 一般, 差" "the lead's own, without a rep's name"
rd set w-1 地段=一般; expect_rc 0 "the lead's choices count on the lead's book"
rd config choices 地段 --clear; expect_rc 0 "the lead clears it"
expect_out "地段 takes any value" "the rep's list is cleared there too"
expect_eq "$(q "$T/lead.db" "SELECT count(*) FROM choices WHERE attr = '地段' AND deleted = 0")" "0" \
	"no live list of it left"
# Meanwhile the rep changed that list: both sides changed it since they
# last agreed, so the newer (the rep's) wins and the lead's clearing is kept
# as a conflict.
DB=$REP
sleep 0.01
rd config choices 地段 好,一般; expect_rc 0 "the rep changes the list after"
rd export bundle --out "$T/W5.bundle"
DB="$T/lead.db"
rd team add "$T/W5.bundle"; expect_rc 0 "merged"
expect_out "choices    0 added, 1 updated, 1 conflict" "a conflict kept"
rd config choices 地段; expect_out "地段 好, 一般 (王五)" "the newer list won"
rd team conflicts; expect_rc 0 "the conflicts"
expect_out "choices $(q "$REP" "SELECT uid FROM choices WHERE attr = '地段'") (王五)" "the list's conflict"
expect_out "lost: a deletion" "the lead's clearing kept"

# A book of the previous schema keeps its choice lists, now synced rows.
DB="$T/old.db"
printf 'name,contact,phone,city,district,type,monthly_amount,notes,性格,决策人\n老店,,,,,,,,,\n' \
	>"$T/old.csv"
if "${REPDESK_OLDBOOK:-build/oldbook}" "$DB" "$T/old.csv" 16 >/dev/null 2>&1; then _ok; else _bad "the old book made"; fi
old=$(q "$DB" "PRAGMA user_version")
q "$DB" "INSERT INTO settings(key, value) VALUES ('choices:性格', '爽朗型,细致型'),
	('choices:地段', '好,一般,差')"
rd config choices; expect_rc 0 "the old book opens"
expect_eq "$(cat "$T/out")" "$(printf '地段 好, 一般, 差\n性格 爽朗型, 细致型')" "every list kept"
new=$(q "$DB" "PRAGMA user_version")
if [ "$new" -gt "$old" ]; then _ok; else _bad "schema $old not migrated (now $new)"; fi
expect_eq "$(q "$DB" "SELECT count(*) FROM settings WHERE key LIKE 'choices:%'")" "0" "moved out of the settings"
expect_eq "$(q "$DB" "SELECT count(*) FROM choices WHERE length(uid) = 36 AND updated_at <> ''")" "2" \
	"synced rows with uids and stamps"
rd set 老店 性格=外向; expect_rc 65 "the migrated list still refuses"
rd init --rep 赵六 --group 三组; expect_rc 0 "the old book gets its rep"
expect_eq "$(q "$DB" "SELECT count(*) FROM choices WHERE rep_uid = (SELECT value FROM settings
	WHERE key = 'rep_uid')")" "2" "the lists are the new rep's"
rd export bundle --out "$T/O.bundle"; expect_rc 0 "its bundle"
DB="$T/lead.db"
rd team add "$T/O.bundle"; expect_rc 0 "merged on the lead's book"
rd config choices 性格; expect_out "性格 爽朗型, 细致型 (赵六)" "the migrated list travels"
DB=$OWN

finish
