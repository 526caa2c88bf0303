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

finish
