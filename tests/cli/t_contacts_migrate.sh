# A book made at schema 21 (one contact and phone per customer) migrated to
# 22: every customer's contact and phone became its primary contact,
# nothing lost; two books migrated separately made the same contacts (the
# same uids and stamps), so a lead who merges both bundles finds nothing
# new in the second.
. tests/cli/lib.sh
OLDBOOK=${REPDESK_OLDBOOK:-build/oldbook}
GEN=${REPDESK_GEN:-build/gen_customers}
q() { sqlite3 "$@" </dev/null; }
# Give a version 21 book its owner, as an older repdesk's init left it.
own() {
	q "$1" "INSERT INTO settings(key, value) VALUES ('rep_uid', 'rep-zhang');
	        INSERT INTO reps(uid, rep_uid, name, updated_at)
	          VALUES ('rep-zhang', 'rep-zhang', '张三', '2026-11-01T08:00:00.000Z.000000.0000abcd');
	        UPDATE customers SET rep_uid = 'rep-zhang';"
}
contacts() { q "$1" "SELECT uid, customer_uid, rep_uid, name, role, phone, wechat, note, cares, is_primary, updated_at, deleted, base_at FROM contacts ORDER BY uid"; }

"$GEN" 300 >"$T/g.csv"
# One customer with neither a contact nor a phone, one with a phone alone,
# one with a contact alone.
printf '无联系人公司,,,广州,天河,酒店,1000元,,外向,老板\n只有电话公司,,020-88886666,广州,越秀,酒店,1000元,,外向,\n只有联系人公司,钱经理,,佛山,南海,酒店,1000元,,,\n' >>"$T/g.csv"
for b in a b; do
	if "$OLDBOOK" "$T/$b.db" "$T/g.csv" 21 >/dev/null 2>&1; then _ok; else _bad "the version 21 book $b made"; fi
	own "$T/$b.db"
done
expect_eq "$(q "$T/a.db" "PRAGMA user_version")" "21" "made at 21"
q "$T/a.db" "SELECT uid, name, contact, phone, updated_at FROM customers ORDER BY uid" >"$T/before"

DB="$T/a.db"
rd contact list; expect_rc 0 "the old book opened and migrated"
expect_eq "$(q "$DB" "PRAGMA user_version")" "22" "migrated to 22"
expect_out "302 contacts" "a contact for every customer with a contact or a phone"
q "$DB" "SELECT uid, name, contact, phone, updated_at FROM customers ORDER BY uid" >"$T/after"
expect_same "$T/before" "$T/after" "the customers' contact, phone and stamps untouched"
expect_eq "$(q "$DB" "SELECT count(*) FROM customers c WHERE (c.contact <> '' OR c.phone <> '') AND NOT EXISTS
	(SELECT 1 FROM contacts k WHERE k.customer_uid = c.uid AND k.is_primary = 1 AND k.deleted = 0
	 AND k.name = c.contact AND k.phone = c.phone AND k.updated_at = c.updated_at AND k.rep_uid = c.rep_uid)")" "0" \
	"every customer's contact and phone is its primary contact, with the customer's stamp and rep"
expect_eq "$(q "$DB" "SELECT count(*) FROM contacts WHERE is_primary = 0 OR deleted = 1")" "0" "all primary, none deleted"
expect_eq "$(q "$DB" "SELECT count(*) FROM contacts k JOIN customers c ON c.uid = k.customer_uid WHERE c.name = '无联系人公司'")" \
	"0" "none for a customer with neither"
expect_eq "$(q "$DB" "SELECT k.name || '|' || k.phone FROM contacts k JOIN customers c ON c.uid = k.customer_uid WHERE c.name = '只有电话公司'")" \
	"|020-88886666" "a phone alone"
expect_eq "$(q "$DB" "SELECT k.name || '|' || k.phone FROM contacts k JOIN customers c ON c.uid = k.customer_uid WHERE c.name = '只有联系人公司'")" \
	"钱经理|" "a contact alone"
expect_eq "$(q "$DB" "SELECT count(*) FROM contacts WHERE substr(uid, 15, 1) <> '8' OR length(uid) <> 36")" "0" \
	"uids made from the customer and its rep (version 8)"

# The second book, migrated on its own, made the very same rows.
DB="$T/b.db"
rd customers --search 钱经理 --format csv; expect_rc 0 "the second book migrated"
expect_out "只有联系人公司" "and searchable by the contact, as before"
contacts "$T/a.db" >"$T/ka"; contacts "$T/b.db" >"$T/kb"
expect_same "$T/ka" "$T/kb" "two books migrated separately: the same uids, fields and stamps"

# A lead merges the first book's bundle, then the second's: nothing new.
DB="$T/a.db"
rd export bundle --out "$T/a.bundle"; expect_rc 0 "bundle of the first book"
DB="$T/b.db"
rd export bundle --out "$T/b.bundle"; expect_rc 0 "bundle of the second book"
# Both books are the same rep's: the second bundle signed with the key the
# lead pins from the first (each book made its own key when it first
# signed).
sign_bundle "$T/a.db" "$T/b.bundle"
DB="$T/lead.db"
rd init --rep 组长 --group 销售部; expect_rc 0 "the lead's book"
rd team add "$T/a.bundle"; expect_rc 0 "the first bundle merged"
expect_out "contacts   302 added" "its contacts"
contacts "$DB" >"$T/kl1"
rd team add "$T/b.bundle"; expect_rc 0 "the second bundle merged"
if [ -n "${REPDESK_SIGN:-}" ]; then
	expect_out "nothing new" "the second book's migration made nothing the first did not"
fi
contacts "$DB" >"$T/kl2"
expect_same "$T/kl1" "$T/kl2" "the lead's contacts unchanged by the second"

# The migrated primary contact is the one set writes.
DB="$T/a.db"
c1=$(q "$DB" "SELECT uid FROM customers ORDER BY id LIMIT 1")
k1=$(q "$DB" "SELECT uid FROM contacts WHERE customer_uid = '$c1'")
rd set "$c1" phone=13912345678; expect_rc 0 "set phone= on a migrated customer"
expect_eq "$(q "$DB" "SELECT uid || '|' || phone FROM contacts WHERE customer_uid = '$c1' AND deleted = 0")" \
	"$k1|13912345678" "the migrated primary contact updated, not another made"

finish
