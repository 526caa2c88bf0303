#!/bin/sh
# Opportunities from the command line: add, edit, move, win (with its order,
# in history), lose, delete and list with every filter and both formats;
# every refusal leaves the book as it was; stage names renamed in config and
# typed back; Chinese output; and the queue ranking a customer whose next
# step is due.
. tests/cli/lib.sh

rd init --rep 张三 --group 一组; expect_rc 0 "init"
cat >"$T/c.csv" <<'CSV'
uid,name,contact,phone,city,type,stores
C1,华能电厂,王总,13800000001,广州,电厂,12
C2,华润水务,李工,13800000002,深圳,水务,3
C3,华北化工,赵总,13800000003,北京,化工,1
C4,华南宾馆,钱经理,13800000004,广州,酒店,2
CSV
rd import customers "$T/c.csv"; expect_rc 0 "import"

# book: what a refused command must leave alone.
book() {
	sqlite3 "$DB" "SELECT uid, customer_uid, title, value, stage, probability, close_date, competitors,
	  next_step, next_date, lost_reason, opened, path, order_uid, deleted, updated_at FROM opportunities
	  ORDER BY uid; SELECT count(*) FROM orders; SELECT key, value FROM settings WHERE key LIKE 'stage.%'
	  ORDER BY key"
}
# refused CODE WHAT MESSAGE ARGS...: refused with CODE and MESSAGE, the book unchanged.
refused() {
	code=$1 what=$2 msg=$3
	shift 3
	before=$(book)
	rd "$@"
	expect_rc "$code" "$what"
	expect_err "$msg" "$what: the message"
	expect_eq "$(book)" "$before" "$what: the book unchanged"
}
# field UID COLUMN: one column of an opportunity as stored.
field() { sqlite3 "$DB" "SELECT $2 FROM opportunities WHERE uid = '$1'"; }

# ---- add ----
rd opp add 华能 "污水处理改造" 120万 --stage proposal --close 2026-12-31 --competitors "甲公司,乙公司" \
	--next "send the proposal" --next-date 2026-11-25
expect_rc 0 "add with every option"
U1=$(cat "$T/out")
expect_eq "$(printf '%s' "$U1" | wc -l | tr -d ' ')" 0 "add prints the uid alone"
expect_eq "$(field "$U1" "customer_uid || '|' || value || '|' || stage || '|' || coalesce(probability, 'null')")" \
	"C1|120000000|proposal|null" "value in fen, the stage, the stage's probability"
expect_eq "$(field "$U1" "close_date || '|' || competitors || '|' || next_step || '|' || next_date")" \
	"2026-12-31|甲公司,乙公司|send the proposal|2026-11-25" "close, competitors, next step and its date"
expect_eq "$(field "$U1" path)" "lead 2026-11-27;proposal 2026-11-27" "opened as a lead and moved on the day"
rd opp add C2 "中水回用" 80000 --probability 35% --close +30 --next-date +2; expect_rc 0 "add: relative dates"
U2=$(cat "$T/out")
expect_eq "$(field "$U2" "stage || '|' || probability || '|' || close_date || '|' || next_date")" \
	"lead|35|2026-12-27|2026-11-29" "a lead by default; +N days from today"
rd opp add 华北化工 "废气治理" "¥15,000" --stage 投标; expect_rc 0 "add: a Chinese stage word"
U3=$(cat "$T/out")
expect_eq "$(field "$U3" stage)" "tender" "投标 is tender"
rd opp add C3 "废水监测" 5000 --stage 2; expect_rc 0 "add: a stage by number"
U4=$(cat "$T/out")
expect_eq "$(field "$U4" stage)" "qualified" "stage 2 is qualified"
rd opp add C4 "废水监测站" 3000 --stage Negotiation; expect_rc 0 "add: an English name in any case"
U5=$(cat "$T/out")

refused 64 "add: unknown customer" "no customer matches '无此客户'" opp add 无此客户 T 100
refused 64 "add: ambiguous customer" "华" opp add 华 T 100
refused 65 "add: bad value" "VALUE: '12x'" opp add C1 T 12x
refused 65 "add: value below 0" "is below 0" opp add C1 T -- -300
refused 64 "add: unknown stage" "--stage: '签约' is not a stage (lead, qualified, proposal, tender, negotiation, won, lost, or 1 to 7)" \
	opp add C1 T 100 --stage 签约
refused 64 "add: a stage number out of range" "is not a stage" opp add C1 T 100 --stage 8
refused 64 "add: bad close date" "--close: '2026-02-30' is not a date" opp add C1 T 100 --close 2026-02-30
refused 64 "add: bad next date" "--next-date: 'tomorrow' is not a date" opp add C1 T 100 --next-date tomorrow
refused 65 "add: probability above 100" "--probability: '101' is not a percentage from 0 to 100" \
	opp add C1 T 100 --probability 101
refused 65 "add: probability not a number" "--probability: 'high'" opp add C1 T 100 --probability high
refused 64 "add: empty title" "the TITLE is empty" opp add C1 "" 100
refused 64 "add: too few arguments" "opp add needs a CUSTOMER, a TITLE and a VALUE" opp add C1 T
refused 64 "add: unknown option" "unknown option '--colour'" opp add C1 T 100 --colour red
refused 65 "add: a control character in the title" "title" opp add C1 "$(printf 'a\033[2Jb')" 100
refused 64 "no verb" "opp needs add, edit, move, win, lose, delete or list" opp
refused 64 "unknown verb" "'close' is not add, edit, move, win, lose, delete or list" opp close X

# ---- finding one: uid, exact title, unique start ----
rd opp edit "$U1" --probability 45; expect_rc 0 "edit by uid"
expect_out "污水处理改造: updated" "edit says so"
expect_eq "$(field "$U1" probability)" "45" "probability set"
rd opp edit "$U1" --probability 45; expect_out "污水处理改造: unchanged" "the same again: unchanged"
rd opp edit "废水监测" --value 6000; expect_rc 0 "an exact title beside a longer one"
expect_eq "$(field "$U4" value)" "600000" "the exact title wins over the start of another"
rd opp edit "中水" --value 9万; expect_rc 0 "a unique start of a title"
expect_eq "$(field "$U2" value)" "9000000" "value in 万"
refused 64 "ambiguous title" "'废' matches 3 opportunities" opp edit 废 --value 1
refused 64 "unknown opportunity" "no opportunity '不存在'" opp edit 不存在 --value 1
refused 64 "unknown opportunity on move" "no opportunity '不存在'" opp move 不存在 2
refused 64 "unknown opportunity on win" "no opportunity '不存在'" opp win 不存在
refused 64 "unknown opportunity on lose" "no opportunity '不存在'" opp lose 不存在 --reason x
refused 64 "unknown opportunity on delete" "no opportunity '不存在'" opp delete 不存在

# ---- edit ----
rd opp edit 中水 --title "中水回用二期" --close none --probability default --competitors 丙公司 \
	--next "visit the plant" --next-date 2026-12-03 --customer 华南宾馆
expect_rc 0 "edit every field"
expect_eq "$(field "$U2" "title || '|' || coalesce(close_date, 'null') || '|' || coalesce(probability, 'null') || '|' || competitors || '|' || next_step || '|' || next_date || '|' || customer_uid")" \
	"中水回用二期|null|null|丙公司|visit the plant|2026-12-03|C4" "every field changed; none and default clear"
rd opp edit 中水 --next-date none --next ""; expect_rc 0 "clear the next step"
expect_eq "$(field "$U2" "coalesce(next_date, 'null') || '|' || next_step")" "null|" "next step cleared"
refused 64 "edit: nothing to change" "nothing to change" opp edit 中水
refused 65 "edit: bad value" "--value: '1..2'" opp edit 中水 --value 1..2
refused 65 "edit: bad probability" "or default" opp edit 中水 --probability -5
refused 64 "edit: bad close" "--close: '31/12/2026'" opp edit 中水 --close 31/12/2026
refused 64 "edit: bad next date" "--next-date: '+x'" opp edit 中水 --next-date +x
refused 64 "edit: unknown customer" "no customer matches '无此客户'" opp edit 中水 --customer 无此客户
refused 64 "edit: empty title" "an opportunity needs a title" opp edit 中水 --title ""

# ---- move ----
rd opp move 中水 proposal; expect_rc 0 "move by key"
expect_out "中水回用二期: lead -> proposal" "move says from and to"
rd opp move 中水 方案; expect_rc 0 "move where it is"
expect_out "中水回用二期: already proposal" "already there"
rd opp move 中水 4; expect_rc 0 "move by number"
expect_eq "$(field "$U2" stage)" "tender" "4 is tender"
refused 64 "move: unknown stage" "STAGE: 'signed' is not a stage" opp move 中水 signed
refused 64 "move: no stage" "opp move needs an OPP and a STAGE" opp move 中水

# ---- stage names in config ----
rd config stage tender 招投标; expect_rc 0 "rename a stage"
expect_out "stage.tender 招投标" "the new name shown"
expect_eq "$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'stage.tender'")" "招投标" "kept as stage.tender"
rd config; expect_out "stage.tender 招投标" "config lists the names"
expect_out "stage.lead lead" "config lists the default names too"
rd config stage; expect_out "stage.negotiation negotiation" "config stage lists them"
rd opp move 废水监测站 招投标; expect_rc 0 "the renamed name typed back"
expect_out "废水监测站: negotiation -> 招投标" "and shown"
expect_eq "$(field "$U5" stage)" "tender" "stored by key"
rd opp list --stage 招投标 --format csv; expect_out ",tender," "list --stage takes the new name"
rd opp add C3 "催化燃烧" 9000 --stage 招投标; expect_rc 0 "add takes the new name"
U6=$(cat "$T/out")
expect_eq "$(field "$U6" stage)" "tender" "stored as tender"
rd opp move 废水监测站 tender; expect_rc 0 "the key still works"
rd opp move 废水监测站 投标; expect_rc 0 "and the Chinese word"
refused 64 "rename to another stage's name" "'方案' already names the stage proposal" config stage tender 方案
refused 64 "rename to another stage's key" "'lead' already names the stage lead" config stage tender lead
refused 64 "rename to another stage's number" "'1' already names the stage lead" config stage tender 1
refused 64 "rename to another renamed name" "'招投标' already names the stage tender" config stage negotiation 招投标
refused 64 "rename with a control character" "one line without control characters" config stage tender "$(printf 'a\tb')"
refused 64 "rename with a line break" "one line" config stage tender "$(printf 'a\nb')"
refused 64 "rename an unknown stage" "stage: 'closing' is not a stage" config stage closing 收尾
refused 64 "rename a name too long" "stage tender" config stage tender "$(printf '%070d' 0)"
rd config stage 投标 "招标"; expect_rc 0 "rename again, the stage named by its word"
expect_out "stage.tender 招标" "renamed again"
rd config stage tender --reset; expect_rc 0 "reset"
expect_out "stage.tender tender" "back to the default"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM settings WHERE key = 'stage.tender'")" "0" "the setting gone"
rd config stage qualified 意向; rd config stage qualified ""; expect_out "stage.qualified qualified" "an empty name resets too"
rd config stage tender 招投标; expect_rc 0 "renamed for what follows"

# ---- win ----
rd opp win 污水处理改造 --order --date 2026-11-26; expect_rc 0 "win with its order"
expect_out "污水处理改造: proposal -> won" "won"
expect_out "华能电厂: order of ¥1,200,000 logged on 2026-11-26" "the order said"
ORDER=$(field "$U1" order_uid)
expect_eq "$(sqlite3 "$DB" "SELECT customer_uid || '|' || amount || '|' || date || '|' || note FROM orders WHERE uid = '$ORDER'")" \
	"C1|120000000|2026-11-26|污水处理改造" "the order: the customer's, of the value, on the day, named"
expect_eq "$(field "$U1" path)" "lead 2026-11-27;won 2026-11-27" "the path keeps its last day (the win is not before it)"
rd show 华能电厂; expect_out "$ORDER  ¥1,200,000 · 污水处理改造" "the order in the customer's history"
refused 65 "win again with an order" "already won with order $ORDER" opp win 污水处理改造 --order
rd opp win 催化燃烧 --order --amount 8500 ; expect_rc 0 "win with another amount"
expect_eq "$(sqlite3 "$DB" "SELECT amount FROM orders WHERE uid = '$(field "$U6" order_uid)'")" "850000" "--amount"
rd opp win 废水监测站; expect_rc 0 "win without an order"
expect_eq "$(field "$U5" "stage || '|' || coalesce(order_uid, 'null')")" "won|null" "won, no order"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM orders")" "2" "two orders in all"
rd opp win 废水监测站 --order; expect_rc 0 "its order afterwards"
expect_out "废水监测站: already won" "already won, said so"
expect_eq "$(sqlite3 "$DB" "SELECT amount || '|' || customer_uid FROM orders WHERE uid = '$(field "$U5" order_uid)'")" \
	"300000|C4" "the order kept with the won opportunity"
refused 64 "win: --amount without --order" "give --order too" opp win 废水监测 --amount 100
refused 65 "win: bad amount" "--amount: 'lots'" opp win 废水监测 --order --amount lots
refused 64 "win: bad date" "--date: '2026-13-01'" opp win 废水监测 --order --date 2026-13-01
rd opp add C3 "零元意向" 0; Z=$(cat "$T/out")
refused 65 "win: an order of nothing" "an order needs an amount above 0" opp win 零元意向 --order
rd opp delete "$Z"; expect_rc 0 "delete it"

# The order and the win are one: a failure in the order leaves neither.
sqlite3 "$DB" "CREATE TRIGGER no_orders BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, 'no orders today'); END"
refused 65 "win: the order refused" "no orders today" opp win 废水监测 --order
sqlite3 "$DB" "DROP TRIGGER no_orders"
expect_eq "$(field "$U4" stage)" "qualified" "not won when its order failed"

# ---- lose ----
refused 64 "lose without a reason" "opp lose needs --reason TEXT" opp lose 废气治理
refused 64 "lose with an empty reason" "opp lose needs --reason TEXT" opp lose 废气治理 --reason ""
rd opp lose 废气治理 --reason "价格高于对手"; expect_rc 0 "lose"
expect_out "废气治理: 招投标 -> lost" "lost, from the renamed stage"
expect_eq "$(field "$U3" "stage || '|' || lost_reason")" "lost|价格高于对手" "the reason kept"

# ---- delete ----
rd opp add C2 "临时" 100; UD=$(cat "$T/out")
rd opp delete 临时; expect_rc 0 "delete"
expect_out "临时: deleted" "deleted"
expect_eq "$(field "$UD" deleted)" "1" "a tombstone"
refused 64 "delete it again" "no opportunity '临时'" opp delete 临时

# ---- list ----
rd opp list; expect_rc 0 "list"
expect_out "Stage" "a heading"
expect_out "招投标" "the book's names"
expect_out "污水处理改造" "won ones too"
expect_out "¥1,200,000" "values"
expect_out "opportunities, value" "a total line"
rd opp list --format csv; expect_rc 0 "csv"
expect_eq "$(head -1 "$T/out")" "uid,customer_uid,customer,title,stage,value,probability,weighted,close_date,competitors,next_step,next_date,opened,stage_since,days_in_stage,stuck,lost_reason,order_uid" \
	"stable English headers"
expect_out "$U1,C1,华能电厂,污水处理改造,won,1200000.00,45,540000.00,2026-12-31,\"甲公司,乙公司\",send the proposal,2026-11-25,2026-11-27,2026-11-27,0,0,,$ORDER" \
	"a whole row, quoted where need be"
expect_out ",lost,15000.00,0,0.00," "lost: probability 0 unless given"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f5 | tr '\n' ' ')" "qualified tender won won won lost " "by stage"
rd opp list --open --format csv
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f4 | tr '\n' ' ')" "废水监测 中水回用二期 " "--open"
rd opp list 华能电厂 --format csv
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f4 | tr '\n' ' ')" "污水处理改造 " "one customer's"
refused 64 "list: unknown customer" "no customer matches '无此客户'" opp list 无此客户
rd opp list --stage won --format csv
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" "3" "--stage won"
refused 64 "list: unknown stage" "--stage: 'x' is not a stage" opp list --stage x
refused 64 "list: bad format" "--format: 'xml' is not table or csv" opp list --format xml
rd opp list --where 'city=广州' --format csv
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f4 | sort | tr '\n' ' ')" "中水回用二期 废水监测站 污水处理改造 " "--where on the customers"
rd opp list --where 'city=广州' --where 'stores>=10' --format csv
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f4 | tr '\n' ' ')" "污水处理改造 " "two --where"
refused 64 "list: bad --where" "--where" opp list --where 'nosuchfield=1'
rd segment save 北方 --where 'city=北京'; expect_rc 0 "a segment"
rd opp list --segment 北方 --format csv
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f4 | sort | tr '\n' ' ')" "催化燃烧 废气治理 废水监测 " "--segment"
rd opp list --segment 北方 --open --format csv
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f4 | tr '\n' ' ')" "废水监测 " "--segment with --open"
refused 64 "list: unknown segment" "no segment '南方'" opp list --segment 南方

# --due and --stuck, weeks later: the plant visit is due, the tender stuck.
rd opp edit 中水 --next "visit the plant" --next-date 2026-12-10; expect_rc 0 "a next step"
export REPDESK_TODAY=2027-01-20
rd opp list --due --format csv
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f4 | tr '\n' ' ')" "中水回用二期 " "--due: open with a step due"
rd opp list --stuck --format csv
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f4,15,16 | tr '\n' ' ')" "废水监测,54,1 中水回用二期,54,1 " "--stuck: days in the stage"
rd opp list --open; expect_out "54!" "the table marks the stuck"
expect_out "! longer in its stage than it usually takes" "and says what the mark means"
rd opp list --stuck --stage 招投标 --format csv
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f4 | tr '\n' ' ')" "中水回用二期 " "--stuck with --stage"
export REPDESK_TODAY=2026-11-27
rd opp list --stuck --format csv
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" "0" "nothing stuck today"

# ---- the queue ----
# Two customers alike but for a next step due: its customer ranks first,
# and the reason says the step.
rm -f "$DB"
rd init --rep 张三; rd import customers "$T/c.csv"
rd today --view queue --format csv; cp "$T/out" "$T/q0"
rd opp add C3 "废气治理" 5万 --next "send the proposal" --next-date 2026-11-25; expect_rc 0 "a step due"
rd opp add C2 "中水回用" 8万 --next "call the engineer" --next-date 2026-12-01; expect_rc 0 "a step not yet due"
rd today --view queue --format csv; expect_rc 0 "the queue"
expect_eq "$(sed -n 2p "$T/out" | cut -d, -f2)" "C3" "the customer whose step is due first"
expect_out "next step overdue 2d: send the proposal" "the reason says the step"
expect_no_out "call the engineer" "a step not yet due says nothing"
expect_eq "$(grep -v '^rank' "$T/out" | grep -v '^1,C3' | sed 's/^[0-9]*,//' | sort)" \
	"$(grep -v '^rank' "$T/q0" | grep -v ',C3,' | sed 's/^[0-9]*,//' | sort)" "the others as before"
rd today --view queue; expect_out "next step overdue 2d: send the proposal" "the table too"
rd opp move 废气治理 won; rd today --view queue --format csv
expect_no_out "next step" "a won opportunity's step is done"
expect_eq "$(cat "$T/out")" "$(cat "$T/q0")" "the queue as with no opportunities"

# ---- Chinese ----
zh() { LANG=zh_CN.UTF-8 LC_ALL= "$BIN" --db "$DB" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
rd opp add C1 "污水处理改造" 120万 --stage proposal --next "送方案" --next-date 2026-11-26
zh opp list; expect_rc 0 "list in Chinese"
expect_out "阶段" "Chinese heading"
expect_out "方案" "the stage's Chinese name"
expect_out "个商机，金额" "the total in Chinese"
zh opp list --format csv; expect_out "uid,customer_uid,customer,title,stage" "CSV headers stay English"
expect_out ",proposal," "CSV stages stay keys"
zh opp move 污水 谈判; expect_out "污水处理改造：方案 → 谈判" "a move in Chinese"
zh opp move 污水 签约; expect_rc 64 "a bad stage in Chinese"
expect_err "不是阶段" "the refusal in Chinese"
zh today --view queue; expect_out "下一步已逾期1天：送方案" "the queue's reason in Chinese"
zh opp lose 污水 --reason 预算取消; expect_out "谈判 → 已流失" "lost in Chinese"

finish
