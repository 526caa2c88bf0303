# A customer's contacts: contact add/edit/delete/list and their errors, the
# primary contact kept in step with the customer's contact and phone (set,
# import), log --contact and the history, the contacts CSV (round trip,
# GB18030, BOM, CRLF, bad rows), search by another contact's name and
# phone, and a rep's bundle carrying contacts merged on a lead's book.
. tests/cli/lib.sh
q() { sqlite3 "$@" </dev/null; }
# The book's contacts as they stand (a refused command must leave them so).
rows() { q "$DB" "SELECT uid, customer_uid, name, role, phone, wechat, note, cares, is_primary, deleted, updated_at FROM contacts ORDER BY uid"; }

rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'uid,name,contact,phone,city\nc-1,华南环保科技,陈总,13800001111,广州\nc-2,东江水务,,,深圳\nc-3,华南环保设备,,,佛山\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "customers imported"

# ---- the customer's contact and phone are its primary contact ----
expect_eq "$(q "$DB" "SELECT name || '|' || phone || '|' || is_primary FROM contacts WHERE customer_uid = 'c-1'")" \
	"陈总|13800001111|1" "an imported contact and phone made the primary contact"
expect_eq "$(q "$DB" "SELECT count(*) FROM contacts WHERE customer_uid IN ('c-2', 'c-3')")" "0" \
	"no primary contact without a contact or a phone"
primary=$(q "$DB" "SELECT uid FROM contacts WHERE customer_uid = 'c-1'")
rd set 华南环保科技 contact=陈建国 phone=13800002222; expect_rc 0 "set contact and phone"
expect_eq "$(q "$DB" "SELECT uid || '|' || name || '|' || phone FROM contacts WHERE customer_uid = 'c-1' AND deleted = 0")" \
	"$primary|陈建国|13800002222" "set updated the same primary contact"
expect_eq "$(q "$DB" "SELECT base_at <> '' FROM contacts WHERE uid = '$primary'")" "1" "with the version it replaces as its base"
rd set 东江水务 phone=0769-2233; expect_rc 0 "a phone set on a customer without one"
expect_eq "$(q "$DB" "SELECT name || '|' || phone || '|' || is_primary FROM contacts WHERE customer_uid = 'c-2'")" \
	"|0769-2233|1" "made its primary contact"
printf 'uid,name,contact,phone\nc-2,东江水务,刘工,0769-2233\n' >"$T/c2.csv"
rd import customers "$T/c2.csv"; expect_rc 0 "an import of the contact column"
expect_eq "$(q "$DB" "SELECT name FROM contacts WHERE customer_uid = 'c-2' AND is_primary = 1 AND deleted = 0")" \
	"刘工" "the import updated the primary contact"
rd import customers "$T/c2.csv"; expect_rc 0 "the same file again"
expect_out "0 added, 0 updated" "nothing changes the second time"
expect_eq "$(q "$DB" "SELECT count(*) FROM contacts WHERE customer_uid = 'c-2'")" "1" "still one contact"

# ---- contact add ----
rd contact add 华南环保科技 王工 --role 工程师 --phone 13900003333 --wechat wanggong --cares '自动化, 稳定性' --note '周二在厂'
expect_rc 0 "contact add"; expect_out "contact 王工 added" "said"
expect_eq "$(q "$DB" "SELECT role || '|' || wechat || '|' || cares || '|' || note || '|' || is_primary FROM contacts WHERE name = '王工'")" \
	"engineer|wanggong|自动化, 稳定性|周二在厂|0" "a Chinese role stored as its key; not primary"
rd contact add 华南环保科技 李总 --role 老板 --phone 13700004444; expect_rc 0 "a boss"
rd contact add 华南环保科技 赵会计 --role 出纳; expect_rc 0 "a free word as the role"
expect_eq "$(q "$DB" "SELECT role FROM contacts WHERE name = '赵会计'")" "出纳" "kept as typed"
rd contact add 东江水务 王工 --role engineer --phone 13600005555; expect_rc 0 "another 王工, at another customer"
rd contact add 华南环保设备 孙经理 --role manager --primary --phone 020-1234; expect_rc 0 "contact add --primary"
expect_out "as the primary contact" "said"
expect_eq "$(q "$DB" "SELECT contact || '|' || phone FROM customers WHERE uid = 'c-3'")" "孙经理|020-1234" \
	"a primary contact added wrote the customer's contact and phone"
before=$(rows)
rd contact add 没有这家 某人; expect_rc 64 "an unknown customer"
rd contact add 华南环保科技; expect_rc 64 "no NAME"
rd contact add 华南环保科技 '' ; expect_rc 65 "neither a name nor a phone"
expect_err "a contact needs a name or a phone" "said"
rd contact add 华南环保科技 "$(printf 'x\033[31my')"; expect_rc 65 "a control character refused"
rd contact add 华南环保科技 某人 --bogus 1; expect_rc 64 "an unknown option"
rd contact frob; expect_rc 64 "an unknown subcommand"
rd contact; expect_rc 64 "no subcommand"
expect_eq "$(rows)" "$before" "refused adds changed nothing"

# ---- contact list ----
rd contact list 华南环保科技; expect_rc 0 "contact list CUSTOMER"
first=$(sed -n 2p "$T/out")
case $first in *陈建国*'*'*) _ok ;; *) _bad "the primary contact first: $first" ;; esac
expect_out "李总" "the boss listed"; expect_out "boss" "with the role's name"
expect_out "4 contacts" "counted"
rd contact list; expect_rc 0 "every customer's"
expect_out "7 contacts" "seven in the book"
rd contact list --format csv; expect_rc 0 "csv"
expect_eq "$(head -1 "$T/out")" "customer,customer_name,name,role,phone,wechat,note,cares,primary,uid" "the CSV columns"
grep -q '^c-1,华南环保科技,王工,engineer,13900003333,wanggong,周二在厂,"自动化, 稳定性",,' "$T/out" && _ok || _bad "王工's row: $(grep 王工 "$T/out")"
rd contact list 华南环保科技 --format xml; expect_rc 64 "a bad format"
LC_ALL=zh_CN.UTF-8 rd contact list 华南环保科技; expect_rc 0 "in Chinese"
expect_out "老板" "the role's Chinese word"
# A role of the rep's own words is shown as typed, never through the
# catalogue (where 'lost' is a customer's status), and no role as none.
rd contact add 华南环保科技 钱工 --role lost; expect_rc 0 "a free word as a role"
rd contact add 华南环保科技 孙工; expect_rc 0 "a contact with no role"
LC_ALL=zh_CN.UTF-8 rd contact list 华南环保科技
expect_no_out "Project-Id" "a contact without a role shows no role (not the catalogue's header)"
grep '钱工' "$T/out" | grep -q 'lost' && _ok || _bad "a free role as typed: $(grep 钱工 "$T/out")"
expect_no_out "已流失" "not translated as a status"
rd contact delete 华南环保科技/钱工; expect_rc 0 "deleted again"
rd contact delete 华南环保科技/孙工; expect_rc 0 "and the other"

# ---- contact edit ----
rd contact edit 华南环保科技/王 --phone 13900009999 --cares '自动化, 质保'; expect_rc 0 "edit by CUSTOMER/start of the name"
expect_eq "$(q "$DB" "SELECT phone || '|' || cares FROM contacts WHERE name = '王工' AND customer_uid = 'c-1'")" \
	"13900009999|自动化, 质保" "edited"
rd contact edit 王工 --note x; expect_rc 64 "a name two customers' contacts share"
expect_err "matches 2 contacts" "ambiguity said"; expect_err "华南环保科技/王工" "listing them with their customers"
rd contact edit 李总 --primary; expect_rc 0 "李总 made the primary contact (a name once in the book)"
expect_eq "$(q "$DB" "SELECT contact || '|' || phone FROM customers WHERE uid = 'c-1'")" "李总|13700004444" \
	"the customer's contact and phone follow"
expect_eq "$(q "$DB" "SELECT group_concat(name) FROM contacts WHERE customer_uid = 'c-1' AND is_primary = 1 AND deleted = 0")" \
	"李总" "only one primary contact"
rd contact edit 华南环保科技/李总 --phone 13700008888; expect_rc 0 "the primary contact's phone edited"
expect_eq "$(q "$DB" "SELECT phone FROM customers WHERE uid = 'c-1'")" "13700008888" "the customer's phone follows"
rd set 华南环保科技 contact=李建华; expect_rc 0 "set contact= again"
expect_eq "$(q "$DB" "SELECT name FROM contacts WHERE customer_uid = 'c-1' AND is_primary = 1")" "李建华" \
	"set wrote the primary contact made by edit"
uid=$(q "$DB" "SELECT uid FROM contacts WHERE name = '赵会计'")
rd contact edit "$uid" --customer 东江水务 --role finance --name 赵敏; expect_rc 0 "edit by uid, moved"
expect_eq "$(q "$DB" "SELECT customer_uid || '|' || name || '|' || role FROM contacts WHERE uid = '$uid'")" \
	"c-2|赵敏|finance" "moved and renamed"
rd contact edit "$uid" --note same; rd contact edit "$uid" --note same; expect_out "unchanged" "nothing to change"
before=$(rows)
rd contact edit 华南环保科技/没有 --note x; expect_rc 64 "an unknown contact"
expect_err "no contact matches" "said"
rd contact edit "$uid"; expect_rc 64 "nothing to change given"
rd contact edit "$uid" --customer 没有这家; expect_rc 64 "moved to an unknown customer"
rd contact edit "$uid" --name '' --phone ''; expect_rc 65 "emptied of name and phone"
expect_eq "$(rows)" "$before" "refused edits changed nothing"

# ---- contact delete ----
rd contact delete 华南环保设备/孙经理; expect_rc 0 "the primary contact deleted"
expect_eq "$(q "$DB" "SELECT deleted FROM contacts WHERE name = '孙经理'")" "1" "a tombstone"
expect_eq "$(q "$DB" "SELECT contact || '|' || phone FROM customers WHERE uid = 'c-3'")" "|" \
	"the customer's contact and phone emptied"
rd contact delete 华南环保设备/孙经理; expect_rc 64 "deleted already"
rd contact delete; expect_rc 64 "no CONTACT"

# ---- log --contact and the history ----
rd log call 华南环保科技 --outcome effective --contact 王工 --note '谈了自动化'; expect_rc 0 "log call --contact"
wang=$(q "$DB" "SELECT uid FROM contacts WHERE name = '王工' AND customer_uid = 'c-1'")
expect_eq "$(q "$DB" "SELECT contact_uid FROM calls WHERE note = '谈了自动化'")" "$wang" "who was spoken to"
rd log visit 华南环保科技 --contact "$wang" --place 厂区; expect_rc 0 "log visit --contact UID"
rd log call 华南环保科技 --outcome effective --contact 赵敏; expect_rc 64 "another customer's contact"
expect_err "this customer has no contact" "said"
rd log order 华南环保科技 100 --contact 王工; expect_rc 64 "--contact on an order"
rd show 华南环保科技; expect_rc 0 "show"
expect_out "effective · with 王工 · 谈了自动化" "the history names the contact"
expect_out "厂区 · with 王工" "the visit too"
expect_out "* 李建华" "show lists the contacts, the primary marked"
expect_out "王工 · engineer · 13900009999 · WeChat wanggong · cares about: 自动化, 质保" "a contact whole"
printf 'customer,date,outcome,contact\n华南环保科技,2026-11-20,effective,李总\n' >"$T/calls.csv"
rd import calls "$T/calls.csv"; expect_rc 65 "a calls file naming a contact the customer no longer has by that name"
printf 'customer,date,outcome,contact\n华南环保科技,2026-11-20,effective,王工\n' >"$T/calls.csv"
rd import calls "$T/calls.csv"; expect_rc 0 "a calls file naming the contact by name"
expect_eq "$(q "$DB" "SELECT contact_uid FROM calls WHERE date = '2026-11-20'")" "$wang" "stored as its uid"
printf 'customer,date,outcome,联系人\n华南环保科技,2026-11-21,effective,不认识 的人\n' >"$T/calls2.csv"
rd import calls "$T/calls2.csv"; expect_rc 65 "an unknown contact name"
expect_err "calls2.csv:2: column '联系人': '不认识 的人' is not one of this customer's contacts" "file, line, column, value, expected"

# ---- search by another contact's name and phone ----
rd customers --search 王工 --format csv; expect_rc 0 "search by a contact's name"
expect_out "华南环保科技" "found by 王工"; expect_out "东江水务" "and the other 王工's customer"
rd customers --search 1390000; expect_rc 0 "search by the start of a contact's phone"
expect_out "华南环保科技" "found by 王工's phone"; expect_no_out "东江水务" "not the other"
rd customers --search 赵敏 --format csv; expect_out "东江水务" "found by the moved contact"
expect_no_out "华南环保科技" "not at its old customer"
rd customers --search 孙经理 --format csv; expect_no_out "华南环保设备" "not by a deleted contact"
# A text that starts more than 4,096 contacts' names looks among the
# customers' own fields only (a keystroke at a million customers); typed
# on, it finds them again.
{ echo customer,name; i=0; while [ $i -lt 4097 ]; do echo "c-2,批量$i"; i=$((i + 1)); done
  echo "c-3,批量张"; } >"$T/many.csv"
rd import contacts "$T/many.csv"; expect_rc 0 "4,098 contacts named 批量…"
rd customers --search 批量 --format csv; expect_rc 0 "a text starting too many contacts"
expect_no_out "华南环保设备" "not looked for among the contacts"
rd customers --search 批量张 --format csv; expect_out "华南环保设备" "a longer text is"
rd customers --search 批量409 --format csv; expect_out "东江水务" "and finds the other customer's"

# ---- the contacts CSV: export, then import into another book ----
rd export contacts --out "$T/k.csv"; expect_rc 0 "export contacts"
expect_err "contacts written to" "said"
head -1 "$T/k.csv" >"$T/head"
expect_eq "$(cat "$T/head")" "customer,customer_name,name,role,phone,wechat,note,cares,primary,uid" "exported columns"
B="$T/b.db"
rdb() { "$BIN" --db "$B" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
rdb init --rep 李四 --group 二组
# The same customers without their contact columns: every contact comes
# from the file, with its uid.
printf 'uid,name\nc-1,华南环保科技\nc-2,东江水务\nc-3,华南环保设备\n' >"$T/bare.csv"
rdb import customers "$T/bare.csv"
rdb import contacts "$T/k.csv"; expect_rc 0 "imported into another book"
expect_out "4,104 added" "every live contact (4,098 of them 批量…)"
"$BIN" --db "$B" export contacts --out "$T/k2.csv" 2>/dev/null
expect_same "$T/k.csv" "$T/k2.csv" "the round trip"
expect_eq "$(q "$B" "SELECT contact || '|' || phone FROM customers WHERE uid = 'c-1'")" "李建华|13700008888" \
	"the primary contacts imported wrote the customers' columns"
rdb import contacts "$T/k.csv"; expect_rc 0 "again"; expect_out "0 added, 0 updated" "the second import adds nothing"
# Chinese headings, GB18030, CRLF; then a BOM.
printf '客户,联系人,角色,电话,微信,关注点,主要联系人\r\n东江水务,钱经理,经理,13511112222,qianjl,价格,\r\n华南环保设备,周工,工程师,13522223333,,质保,是\r\n' |
	iconv -f UTF-8 -t GB18030 >"$T/gb.csv"
rdb import contacts "$T/gb.csv"; expect_rc 0 "GB18030 with CRLF and Chinese headings"
expect_out "2 added" "two contacts"
expect_eq "$(q "$B" "SELECT role || '|' || wechat || '|' || cares FROM contacts WHERE name = '钱经理'")" "manager|qianjl|价格" \
	"decoded, the role its key, no CR kept"
expect_eq "$(q "$B" "SELECT contact || '|' || phone FROM customers WHERE uid = 'c-3'")" "周工|13522223333" \
	"a primary contact imported wrote the customer's columns"
printf '\357\273\277"customer","name","role","phone"\n"c-2","冯工","engineer","13533334444"\n' >"$T/bom.csv"
rdb import contacts "$T/bom.csv"; expect_rc 0 "a BOM before a quoted header"
expect_eq "$(q "$B" "SELECT role FROM contacts WHERE name = '冯工'")" "engineer" "read"
# Bad rows: file:line:column, the value, what was expected; nothing written.
before=$(q "$B" "SELECT count(*), max(updated_at) FROM contacts")
printf 'customer,name,primary\nc-2,甲,yes\nc-2,乙,maybe\n' >"$T/bad1.csv"
rdb import contacts "$T/bad1.csv"; expect_rc 65 "a bad primary value"
expect_err "bad1.csv:3: column 'primary': 'maybe' is not yes or no" "located, with the value and what is expected"
printf 'customer,name\n没有这家,甲\n' >"$T/bad2.csv"
rdb import contacts "$T/bad2.csv"; expect_rc 65 "an unknown customer"
expect_err "bad2.csv:2: column 'customer': '没有这家' is not a known customer" "said"
printf 'customer,name,phone\nc-2,,\n' >"$T/bad3.csv"
rdb import contacts "$T/bad3.csv"; expect_rc 65 "neither name nor phone"
expect_err "bad3.csv:2: column 'name': is empty (a contact needs a name or a phone)" "said"
printf 'name,phone\n甲,1\n' >"$T/bad4.csv"
rdb import contacts "$T/bad4.csv"; expect_rc 65 "no customer column"
expect_err "no 'customer (客户)' column" "said"
printf 'customer,name,uid\nc-2,甲,bad uid!\n' >"$T/bad5.csv"
rdb import contacts "$T/bad5.csv"; expect_rc 65 "a bad uid"
expect_eq "$(q "$B" "SELECT count(*), max(updated_at) FROM contacts")" "$before" "nothing written by a bad file"
rd export contacts --out "$DB"; expect_rc 64 "export over the book refused"

# ---- a rep's bundle carrying contacts, merged on a lead's book ----
rd export bundle --out "$T/rep.bundle"; expect_rc 0 "the rep's bundle"
L="$T/lead.db"
"$BIN" --db "$L" init --rep 组长 --group 销售部 >/dev/null 2>&1
"$BIN" --db "$L" team add "$T/rep.bundle" >"$T/out" 2>"$T/err"; rc=$?
expect_rc 0 "the lead adds the bundle"
expect_eq "$(q "$L" "SELECT count(*) FROM contacts")" "$(q "$DB" "SELECT count(*) FROM contacts")" "every contact merged, tombstones too"
expect_eq "$(q "$L" "SELECT group_concat(uid || name || phone || is_primary || deleted || updated_at, ';') FROM (SELECT * FROM contacts ORDER BY uid)")" \
	"$(q "$DB" "SELECT group_concat(uid || name || phone || is_primary || deleted || updated_at, ';') FROM (SELECT * FROM contacts ORDER BY uid)")" \
	"the same rows on the lead's book"
expect_eq "$(q "$L" "SELECT count(*) FROM calls WHERE contact_uid = '$wang'")" "2" "calls keep who was spoken to"
"$BIN" --db "$L" customers --search 王工 --format csv >"$T/out" 2>"$T/err"
expect_out "华南环保科技" "the lead finds the customer by its contact"
"$BIN" --db "$L" team add "$T/rep.bundle" >"$T/out" 2>"$T/err"; rc=$?
expect_rc 0 "the same bundle again"
expect_eq "$(q "$L" "SELECT count(*) FROM contacts")" "$(q "$DB" "SELECT count(*) FROM contacts")" "nothing more"

finish
