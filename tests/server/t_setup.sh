#!/bin/sh
# The team server's set-up: server init makes the schema (a table per synced
# kind with the book's columns, the rollup, the sync log, the conflicts, the
# revision sequence, the roles); init again and migrate change nothing;
# logins (a generated password shown once, or one given); no secret in the
# book; a server of a newer layout refused; a removed login refused with its
# rows kept on the laptop; a login bound to its book; a server out of reach.
. tests/server/lib.sh
command -v sqlite3 >/dev/null || { _bad "needs the sqlite3 shell"; finish; exit 1; }
q() { sqlite3 "$@" </dev/null; }

OWNER=$T/owner.db
rb "$OWNER" init --rep Owner --group G1
expect_rc 0 "owner's book"

# ---- init: the schema ----
rb "$OWNER" server init --server "$ADMIN"
expect_rc 0 "server init"
expect_out "the team server is ready" "server init says it is ready"
# The layout is the server's own number (it was the book's schema version
# up to 22).
layout=$(sa "SELECT value FROM repdesk.meta WHERE key = 'layout'")
expect_eq "$layout" 24 "the server's layout"

kinds="groups reps customers orders calls payments notes targets visits segments choices calendar"
for t in $kinds; do
	# The book's columns (but its local id), by name; and the server's rev.
	want=$(q "$OWNER" "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('$t') WHERE name <> 'id' ORDER BY name)")
	got=$(sa "SELECT string_agg(column_name::text, ',' ORDER BY column_name::text COLLATE \"C\") FROM information_schema.columns WHERE table_schema = 'repdesk' AND table_name = '$t' AND column_name <> 'rev'")
	expect_eq "$got" "$want" "repdesk.$t has the book's columns"
	expect_eq "$(sa "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'repdesk' AND table_name = '$t' AND column_name = 'rev'")" 1 \
		"repdesk.$t has a revision column"
	expect_eq "$(sa "SELECT relrowsecurity FROM pg_class WHERE oid = 'repdesk.$t'::regclass")" t \
		"row-level security on repdesk.$t"
done
case ",$(sa "SELECT string_agg(column_name::text, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'repdesk' AND table_name = 'customers'")," in
*,name,contact,phone,city,district,*) _ok ;;
*) _bad "repdesk.customers lacks name, contact, phone, city, district" ;;
esac
for t in team_days team_months batches conflicts meta logins; do
	expect_eq "$(sa "SELECT to_regclass('repdesk.$t') IS NOT NULL")" t "repdesk.$t exists"
done
expect_eq "$(sa "SELECT relkind FROM pg_class WHERE oid = 'repdesk.revision'::regclass")" S \
	"repdesk.revision is a sequence"
expect_eq "$(sa "SELECT string_agg(rolname::text || ':' || rolcanlogin::text, ',' ORDER BY rolname) FROM pg_roles WHERE rolname IN ('repdesk_rep', 'repdesk_lead')")" \
	"repdesk_lead:false,repdesk_rep:false" "the roles repdesk_rep and repdesk_lead, not logins"
# Neither role writes a table directly.
expect_eq "$(sa "SELECT count(*) FROM information_schema.role_table_grants WHERE table_schema = 'repdesk' AND grantee IN ('repdesk_rep', 'repdesk_lead', 'PUBLIC') AND privilege_type <> 'SELECT'")" 0 \
	"no write grant on any table to the roles"

# ---- init again, migrate: nothing changes ----
snapshot() {
	# (Without the dump's random \restrict key.)
	"$PGBIN/pg_dump" -h "$PGDIR" -p "$PGPORT_T" -U postgres -d team -n repdesk 2>"$T/dump.err" |
		grep -v '^\\\(un\)\{0,1\}restrict ' >"$1"
	sa "SELECT rolname, rolcanlogin, rolsuper, rolinherit FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' ORDER BY 1" >>"$1"
	sa "SELECT r.rolname, m.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member ORDER BY 1, 2" >>"$1"
}
snapshot "$T/s1"
expect_eq "$(grep -c 'CREATE TABLE repdesk\.' "$T/s1")" 22 "the dump holds the schema's 22 tables"
rb "$OWNER" server init --server "$ADMIN"
expect_rc 0 "server init again"
expect_out "up to date" "init again: up to date"
snapshot "$T/s2"
expect_same "$T/s1" "$T/s2" "init again changes nothing"
rb "$OWNER" server migrate --server "$ADMIN"
expect_rc 0 "server migrate"
expect_out "up to date" "migrate: up to date"
snapshot "$T/s3"
expect_same "$T/s1" "$T/s3" "migrate changes nothing"

# ---- logins ----
rb "$OWNER" server add-rep Bob --group G1 --server "$ADMIN"
expect_rc 0 "add-rep without --password"
expect_out "may log in as rep_bob" "the login made from the name"
PB=$(sed -n 's/^password (shown this once[^:]*: *//p' "$T/out")
expect_eq "$(printf '%s' "$PB" | wc -c | tr -d ' ')" 24 "a generated password of 24 characters"
expect_eq "$(grep -cF -- "$PB" "$T/out")" 1 "the password is printed once"
expect_eq "$(pg_psql rep_bob "$PB" 'SELECT session_user' 2>&1)" rep_bob "the rep logs in with it"
expect_eq "$(sa "SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = 'rep_bob'")" \
	"SCRAM-SHA-256\$" "the server keeps only a SCRAM verifier"
if pg_psql rep_bob wrong-password 'SELECT 1' >/dev/null 2>&1; then
	_bad "a wrong password logs in"
else
	_ok
fi
if grep -qF -- "$PB" "$OWNER" "$OWNER-wal" 2>/dev/null; then
	_bad "the generated password is in the owner's book"
else
	_ok
fi
rb "$OWNER" server add-rep Alice --group G1 --login alice --password 'pa ss' --server "$ADMIN"
expect_rc 0 "add-rep --login --password"
expect_out "may log in as alice" "the login given"
expect_no_out "password (shown" "a given password is not printed"
expect_eq "$(pg_psql alice 'pa ss' 'SELECT session_user' 2>&1)" alice "alice logs in with her password"
expect_eq "$(pg_psql alice 'pa ss' "SELECT string_agg(b.rolname::text, ',') FROM pg_auth_members a JOIN pg_roles b ON b.oid = a.roleid WHERE a.member = 'alice'::regrole" 2>&1)" \
	repdesk_rep "alice is a member of repdesk_rep only"
rb "$OWNER" server add-rep Mallory --group G1 --login pg_monitor --password x --server "$ADMIN"
expect_rc 64 "a login named pg_... is refused"
rb "$OWNER" server add-rep Mallory --group G1 --login repdesk_lead --password x --server "$ADMIN"
expect_rc 64 "the lead role as a rep's login is refused"
# A role of the server that is not a repdesk login is not taken over: not
# the owner's, not another application's.
sa "CREATE ROLE app_reader LOGIN PASSWORD 'app secret'"
for r in postgres app_reader; do
	before=$(sa "SELECT rolpassword FROM pg_authid WHERE rolname = '$r'")
	rb "$OWNER" server add-rep Mallory --group G1 --login "$r" --password x --server "$ADMIN"
	expect_rc 65 "add-rep --login $r (a role that is no repdesk login) is refused"
	expect_err "not a repdesk login" "the refusal says why ($r)"
	expect_eq "$(sa "SELECT rolpassword FROM pg_authid WHERE rolname = '$r'")" "$before" "$r's password unchanged"
	expect_eq "$(sa "SELECT count(*) FROM pg_auth_members WHERE member = '$r'::regrole")" 0 "$r is made no member of a repdesk role"
	expect_eq "$(sa "SELECT count(*) FROM repdesk.logins WHERE login = '$r'")" 0 "$r is no repdesk login"
done
expect_eq "$(pg_psql app_reader 'app secret' 'SELECT session_user' 2>&1)" app_reader "the other role still logs in with its password"

# A rep's login sets nothing up.
for c in "init" "migrate" "add-rep Eve --group G1 --password e" "add-lead Eve --group G1 --password e" "remove-rep Alice" "rebind Alice"; do
	pw "$PB" "$OWNER" server $c --server "$(pg_url rep_bob)"
	case $rc in 65 | 77) _ok ;; *) _bad "a rep's server $c: exit $rc, expected 65 or 77" ;; esac
done
expect_eq "$(sa "SELECT count(*) FROM repdesk.logins WHERE name = 'Eve' OR removed OR device IS NOT NULL")" 0 \
	"a rep's login added, removed or freed nothing"
expect_eq "$(sa "SELECT count(*) FROM pg_roles WHERE rolname = 'rep_eve'")" 0 "no role for Eve"

# ---- no secret in the book ----
A=$T/alice.db
rb "$A" init --rep Alice --group G1
expect_rc 0 "alice's book"
printf 'uid,name,contact,phone\nA-1,A one,Li,13900000001\nA-2,A two,Wang,13900000002\n' >"$T/a.csv"
rb "$A" import customers "$T/a.csv"
expect_rc 0 "alice's customers"
rb "$A" log call "A one" --outcome effective
expect_rc 0 "a call"
rb "$A" config server "$(pg_url alice)&password=pa%20ss"
expect_rc 64 "a URL holding a password is refused"
expect_err "password" "the refusal names the password"
rb "$A" config server "host=$PGDIR port=$PGPORT_T dbname=team user=alice password='pa ss'"
expect_rc 64 "a key=value string holding a password is refused"
rb "$A" config server "postgresql://alice:pa%20ss@localhost/team"
expect_rc 64 "a URL with user:password is refused"
# The password of the client's key is a secret too.
rb "$A" config server "$(pg_url alice)&sslkey=k.key&sslpassword=pa%20ss"
expect_rc 64 "a URL holding the key's sslpassword is refused"
expect_err "password" "the refusal names the password"
rb "$A" config server "host=$PGDIR port=$PGPORT_T dbname=team user=alice sslpassword=x"
expect_rc 64 "a key=value string holding an sslpassword is refused"
rb "$A" sync --server "$(pg_url alice)&password=pa%20ss"
expect_rc 64 "sync --server with a password is refused"
rb "$A" config server "$(pg_url alice)"
expect_rc 0 "the URL without a password is kept"
pw 'pa ss' "$A" sync
expect_rc 0 "alice syncs with PGPASSWORD"
expect_out "synced as alice" "the sync names the login"
expect_eq "$(sa "SELECT count(*) FROM repdesk.customers")" 2 "alice's customers on the server"
printf '*:*:team:alice:pa ss\n' >"$T/pgpass"
chmod 600 "$T/pgpass"
rb "$A" log call "A two" --outcome busy
PGPASSFILE=$T/pgpass "$BIN" --db "$A" sync >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "alice syncs with a password file"
expect_eq "$(sa "SELECT count(*) FROM repdesk.calls")" 2 "the second call reached the server"
if grep -qaF 'pa ss' "$A" "$A-wal" "$A-journal" 2>/dev/null; then
	_bad "alice's password is in her book"
else
	_ok
fi
expect_eq "$(q "$A" "SELECT count(*) FROM settings WHERE value LIKE '%pa ss%' OR value LIKE '%pa%20ss%'")" 0 \
	"no setting holds the password"

# ---- a server of a newer layout ----
rb "$A" log call "A one" --outcome callback
q "$A" .dump >"$T/book1"
sa "UPDATE repdesk.meta SET value = '99' WHERE key = 'layout'"
batches=$(sa "SELECT count(*) FROM repdesk.batches")
pw 'pa ss' "$A" sync
expect_rc 65 "a server of layout 99 is refused"
expect_err "newer repdesk (layout 99" "the refusal names the layout"
expect_eq "$(grep -c . "$T/err")" 2 "one line, and the rows that wait"
expect_err "1 row waits" "the waiting row is counted"
q "$A" .dump >"$T/book2"
expect_same "$T/book1" "$T/book2" "the book is unchanged by the refused sync"
expect_eq "$(sa "SELECT count(*) FROM repdesk.batches")" "$batches" "no batch reached the server"
rb "$OWNER" server migrate --server "$ADMIN"
expect_rc 65 "migrate refuses to go down from layout 99"
expect_err "newer repdesk" "migrate says why"
rb "$OWNER" server add-rep Zed --group G1 --password z --server "$ADMIN"
expect_rc 65 "add-rep on a newer server is refused"
sa "UPDATE repdesk.meta SET value = '$layout' WHERE key = 'layout'"
pw 'pa ss' "$A" sync
expect_rc 0 "the same layout again: alice syncs"
expect_out "sent 1 " "the waiting call is sent"

# ---- a server of layout 22 (two indexes a table) migrated ----
sa "UPDATE repdesk.meta SET value = '22' WHERE key = 'layout'"
for t in customers calls; do
	sa "DROP INDEX repdesk.${t}_rep_rev; CREATE INDEX ${t}_rep ON repdesk.$t(rep_uid);
		CREATE INDEX ${t}_rev ON repdesk.$t(rev)"
done
rb "$A" set "A one" city=杭州
pw 'pa ss' "$A" sync
expect_rc 65 "a server of layout 22 is refused"
expect_err "older repdesk (layout 22; this one writes 24)" "the refusal names both layouts"
expect_err "server migrate" "and says what to run"
rb "$OWNER" server migrate --server "$ADMIN"
expect_rc 0 "migrate from layout 22"
expect_out "from layout 22 to 24" "migrate says from what to what"
expect_eq "$(sa "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'repdesk' AND tablename IN ('customers', 'calls')")" \
	"calls_pkey calls_rep_rev customers_pkey customers_rep_rev" "one index of rep and revision a table, as init makes"
pw 'pa ss' "$A" sync
expect_rc 0 "alice syncs after the migration"
expect_out "sent 1 " "the waiting change is sent"
expect_eq "$(sa "SELECT city FROM repdesk.customers WHERE name = 'A one'")" 杭州 "and merged"

# ---- remove-rep: refused, the rows wait on the laptop ----
rb "$A" log call "A two" --outcome effective
rb "$A" set "A two" city=广州
rb "$OWNER" server remove-rep Alice --server "$ADMIN"
expect_rc 0 "remove-rep"
expect_out "may no longer log in" "remove-rep says so"
expect_eq "$(sa "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'alice'")" f "alice's role may not log in"
pw 'pa ss' "$A" sync
expect_rc 77 "a removed rep's sync is not authorised"
expect_err "not authorised" "the refusal says not authorised"
expect_err "2 rows wait for the next sync" "the removed rep's rows wait"
expect_eq "$(sa "SELECT count(*) FROM repdesk.calls")" 3 "nothing of the removed rep arrived"
expect_eq "$(sa "SELECT count(*) FROM repdesk.customers WHERE rep_uid = (SELECT rep_uid FROM repdesk.logins WHERE login = 'alice')")" 2 \
	"the removed rep's rows stay on the server"
rb "$OWNER" server remove-rep Nobody --server "$ADMIN"
expect_rc 65 "remove-rep of an unknown login"
rb "$OWNER" server add-rep Alice --group G1 --login alice --password 'pa ss' --server "$ADMIN"
expect_rc 0 "alice is added again"
rb "$OWNER" server rebind Alice --server "$ADMIN"
expect_rc 0 "the owner rebinds alice"
pw 'pa ss' "$A" sync
expect_rc 0 "alice syncs again"
expect_out "sent 2 " "the waiting rows are sent"
expect_eq "$(sa "SELECT count(*) FROM repdesk.calls")" 4 "alice's waiting call arrived"
expect_eq "$(sa "SELECT city FROM repdesk.customers WHERE uid = 'A-2'")" 广州 "alice's waiting change arrived"

# ---- binding: a login syncs from the book it was bound to ----
# A new laptop's book (another rep uid) with alice's login: refused until
# the login is freed; then it binds, and alice's first book is the one
# refused. The rows of the first book stay on the server, in the lead's sight.
old_uid=$(sa "SELECT rep_uid FROM repdesk.logins WHERE login = 'alice'")
A2=$T/alice2.db
rb "$A2" init --rep Alice --group G1
rb "$A2" config server "$(pg_url alice)"
pw 'pa ss' "$A2" sync
expect_rc 77 "another book with alice's login is refused"
expect_err "another book" "the refusal says another book"
expect_err "rebind" "the refusal says how to rebind"
rb "$OWNER" server rebind alice --server "$ADMIN"
expect_rc 0 "rebind by login"
pw 'pa ss' "$A2" sync
expect_rc 0 "after the rebind, the new book binds the login"
expect_eq "$(sa "SELECT rep_uid = '$old_uid' FROM repdesk.logins WHERE login = 'alice'")" f \
	"the login is bound to the new book's rep"
expect_eq "$(sa "SELECT former @> ARRAY['$old_uid'] FROM repdesk.logins WHERE login = 'alice'")" t \
	"the first book's rep uid is kept as the login's former one"
expect_eq "$(sa "SELECT count(*) FROM repdesk.customers WHERE rep_uid = '$old_uid'")" 2 \
	"the first book's rows stay on the server"
pw 'pa ss' "$A" sync
expect_rc 77 "the first book is now refused"
expect_err "another book" "and told why"
rb "$OWNER" server rebind alice --server "$ADMIN"
expect_rc 0 "rebind back to the first book"
# A copy of alice's book on another laptop: the same rep, another device.
cp "$A" "$T/alice3.db"
q "$T/alice3.db" "UPDATE settings SET value = '0badcafe' WHERE key = 'device'"
expect_eq "$(q "$T/alice3.db" "SELECT value FROM settings WHERE key = 'device'")" 0badcafe "the copy's device"
rb "$T/alice3.db" log call "A one" --outcome effective
pw 'pa ss' "$A" sync
expect_rc 0 "alice's book binds the login again"
pw 'pa ss' "$T/alice3.db" sync
expect_rc 77 "the same rep's book on another device is refused"
expect_err "another book" "the refusal says another book"
expect_err "rebind" "the refusal says how to rebind"
expect_err "1 row waits" "its row waits"
rb "$OWNER" server rebind Alice --server "$ADMIN"
expect_rc 0 "the owner rebinds alice for the new laptop"
pw 'pa ss' "$T/alice3.db" sync
expect_rc 0 "the new laptop's book syncs"
expect_eq "$(sa "SELECT device FROM repdesk.logins WHERE login = 'alice'")" 0badcafe "the login is bound to the new book"
pw 'pa ss' "$A" sync
expect_rc 77 "the old laptop's book is now refused"
rb "$OWNER" server rebind Nobody --server "$ADMIN"
expect_rc 65 "rebind of an unknown login"
pw "$PB" "$A" server rebind alice --server "$(pg_url rep_bob)"
expect_rc 77 "a rep cannot rebind a login"

# ---- a server out of reach ----
mkdir -p "$T/nosock"
rb "$T/alice3.db" log call "A two" --outcome busy
pw 'pa ss' "$T/alice3.db" sync --server "postgresql:///team?host=$T/nosock&port=$PGPORT_T&user=alice"
expect_rc 74 "no server at that socket: exit 74"
expect_err "cannot reach the team server" "the reason"
expect_eq "$(grep -c '^repdesk: cannot reach' "$T/err")" 1 "one line of reason"
expect_eq "$(grep -c . "$T/err")" 2 "and one of the waiting rows"
expect_err "1 row waits for the next sync" "the waiting row is counted"
pg_server_stop
pw 'pa ss' "$T/alice3.db" sync
expect_rc 74 "the server stopped: exit 74"
expect_err "1 row waits" "the row still waits"
pg_server_start
pw 'pa ss' "$T/alice3.db" sync
expect_rc 0 "the server back: the sync goes through"
expect_out "sent 1 " "the waiting row is sent"

finish
