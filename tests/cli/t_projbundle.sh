#!/bin/sh
# A project seller's book travels whole: a rep's contacts and opportunities
# (open, won with its order, lost with its reason) reach the lead's book in
# a bundle; the same bundle again changes nothing; a second rep's bundle
# sits beside it; and a bundle whose contact or opportunity is not as a
# book writes it (a stage no book has, a path that goes back in time, a
# probability over 100, a primary flag of 2, a contact of a customer the
# bundle lacks) is refused whole, naming the table, row and column.
. tests/cli/lib.sh
q() { sqlite3 "$@" </dev/null; }

REP=$T/rep.db LEAD=$T/lead.db
DB=$REP
rd init --rep 张三 --group 一组
printf 'uid,name,contact,phone\np-1,华东水务,王总,13900000001\np-2,绿源环保,,13900000002\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "the rep's customers"
rd contact add 华东水务 李工 --role engineer --phone 13900000011 --wechat ligong --note "管自动化"
expect_rc 0 "a second contact"
rd contact add 华东水务 赵会计 --role 财务 --phone 13900000012
expect_rc 0 "a third contact"
rd opp add 华东水务 "污水站提标改造" 120万 --stage tender --close 2026-12-20 --next "送样品" --next-date 2026-11-30
expect_rc 0 "an open opportunity"
rd opp add 绿源环保 "除臭设备" 8万 --stage proposal --close 2026-12-10 --probability 60
expect_rc 0 "a second one"
rd opp add 绿源环保 "在线监测" 30万 --stage negotiation
expect_rc 0 "a third one"
rd opp win "在线监测" --order --date 2026-11-27
expect_rc 0 "won, with its order"
rd opp add 华东水务 "旧厂搬迁" 50万 --stage lead
rd opp lose "旧厂搬迁" --reason "预算取消"
expect_rc 0 "lost, with its reason"
rd log call 华东水务 --outcome effective --contact 李工
expect_rc 0 "a call to the engineer"

rep_contacts=$(q "$REP" "SELECT count(*) FROM contacts WHERE deleted = 0")
rep_opps=$(q "$REP" "SELECT count(*) FROM opportunities WHERE deleted = 0")
expect_eq "$rep_contacts" 4 "the rep's book: two primary contacts and two more"
expect_eq "$rep_opps" 4 "the rep's book: four opportunities"
rd export bundle --out "$T/rep.bundle"; expect_rc 0 "the rep's bundle"

DB=$LEAD
rd init --rep 组长 --group 一组
rd team add "$T/rep.bundle"; expect_rc 0 "the lead merges it"
expect_out "contacts" "the merge names the contacts"
expect_out "opportunities" "and the opportunities"
cols="uid, rep_uid, customer_uid, name, role, phone, wechat, note, cares, is_primary, updated_at, deleted"
expect_eq "$(q "$LEAD" "SELECT $cols FROM contacts ORDER BY uid")" \
	"$(q "$REP" "SELECT $cols FROM contacts ORDER BY uid")" "the lead holds the rep's contacts, column by column"
cols="uid, rep_uid, customer_uid, title, value, stage, probability, close_date, competitors, next_step, next_date, lost_reason, opened, path, order_uid, updated_at, deleted"
expect_eq "$(q "$LEAD" "SELECT $cols FROM opportunities ORDER BY uid")" \
	"$(q "$REP" "SELECT $cols FROM opportunities ORDER BY uid")" "and the opportunities"
expect_eq "$(q "$LEAD" "SELECT count(*) FROM calls c JOIN contacts k ON k.uid = c.contact_uid WHERE k.name = '李工'")" 1 \
	"the call names the engineer on the lead's book too"
expect_eq "$(q "$LEAD" "SELECT o.amount FROM opportunities p JOIN orders o ON o.uid = p.order_uid WHERE p.title = '在线监测'")" \
	30000000 "the won opportunity's order came with it"
rd team add "$T/rep.bundle"; expect_out "nothing new" "the same bundle again changes nothing"

# Tampered copies, each signed again with the rep's key: refused whole.
tamper() { # SQL REASON WHAT
	cp "$T/rep.bundle" "$T/bad.bundle"
	q "$T/bad.bundle" "PRAGMA ignore_check_constraints = 1; PRAGMA foreign_keys = 0; $1"
	sign_bundle "$REP" "$T/bad.bundle"
	rm -f "$T/l2.db"*
	DB=$T/l2.db
	rd init --rep 组长 --group 一组
	rd team add "$T/bad.bundle"; expect_rc 65 "$3: refused"
	expect_err "$2" "$3: the reason"
	expect_eq "$(q "$T/l2.db" "SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM opportunities) + (SELECT count(*) FROM customers)")" 0 \
		"$3: nothing of it merged"
	DB=$LEAD
}
tamper "UPDATE opportunities SET stage = 'dreaming' WHERE title = '除臭设备'" "column stage" "a stage no book has"
tamper "UPDATE opportunities SET path = 'lead 2026-11-27;tender 2026-01-01' WHERE title = '除臭设备'" \
	"column path" "a path going back in time"
tamper "UPDATE opportunities SET probability = 140 WHERE title = '除臭设备'" "column probability" \
	"a probability over 100"
tamper "UPDATE contacts SET is_primary = 2 WHERE name = '李工'" "column is_primary" "a primary flag of 2"
tamper "UPDATE contacts SET customer_uid = 'nobody' WHERE name = '李工'" "contacts" \
	"a contact of a customer the bundle lacks"
tamper "UPDATE opportunities SET title = '' WHERE title = '除臭设备'" "column title" "an empty title"
finish
