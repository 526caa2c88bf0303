# Helpers for the sync tests (t_sync.sh, t_faults.sh): the CLI checks of
# tests/cli/lib.sh, a cluster of tests/server/pg.sh, the owner's book that
# set up the server, reps with books of their own, and dumps of a rep's rows
# on either side to compare. Sourced after `cd` to the checkout.
. tests/cli/lib.sh
. tests/server/pg.sh
BOOKSQL=${REPDESK_BOOKSQL:-build/booksql}
case $BOOKSQL in /*) ;; *) BOOKSQL=$(pwd)/$BOOKSQL ;; esac
# The synced kinds, as the book and the server name their tables.
SYNC_TABLES="groups reps customers orders calls payments notes targets visits segments choices calendar contacts opportunities"

# sl_start: the cluster, and the owner's book that ran `server init`.
sl_start() {
	trap 'pg_stop; rm -rf "$T"' EXIT
	trap 'exit 130' INT TERM
	if ! pg_start; then
		_bad "no PostgreSQL cluster"
		finish
		exit 1
	fi
	OWNER="$T/owner.db"
	"$BIN" --db "$OWNER" init --rep Owner --group G1 >/dev/null &&
		"$BIN" --db "$OWNER" server init --server "$ADMIN" >/dev/null ||
		{ _bad "server init"; finish; exit 1; }
}

# sl_rep NAME LOGIN PASSWORD BOOK [INIT-ARGS...]: a rep of group G1 with a
# login on the server and a book of their own that syncs with it.
sl_rep() {
	_n=$1 _l=$2 _p=$3 _b=$4
	shift 4
	"$BIN" --db "$OWNER" server add-rep "$_n" --group G1 --login "$_l" --password "$_p" \
		--server "$ADMIN" >/dev/null 2>"$T/err" || _bad "add-rep $_n"
	"$BIN" --db "$_b" init --rep "$_n" --group G1 "$@" >/dev/null 2>"$T/err" || _bad "init $_n"
	"$BIN" --db "$_b" config server "$(pg_url "$_l")" >/dev/null 2>"$T/err" || _bad "config server $_n"
}

# own_demo BOOK PREFIX: a demo book's rows under uids of their own. Every
# demo book makes the same uids (customers demo-001..., activity from its
# content), so two reps' demo books cannot share a server as they are.
own_demo() {
	"$BOOKSQL" "$1" "PRAGMA defer_foreign_keys = ON;
		UPDATE customers SET uid = ?1 || uid, referred_by = ?1 || referred_by;
		UPDATE orders SET uid = ?1 || uid, customer_uid = ?1 || customer_uid;
		UPDATE calls SET uid = ?1 || uid, customer_uid = ?1 || customer_uid;
		UPDATE payments SET uid = ?1 || uid, customer_uid = ?1 || customer_uid,
			order_uid = ?1 || order_uid;
		UPDATE notes SET uid = ?1 || uid, customer_uid = ?1 || customer_uid;
		UPDATE visits SET uid = ?1 || uid, customer_uid = ?1 || customer_uid,
			contact_uid = ?1 || contact_uid;
		UPDATE calls SET contact_uid = ?1 || contact_uid;
		UPDATE contacts SET uid = ?1 || uid, customer_uid = ?1 || customer_uid;
		UPDATE opportunities SET uid = ?1 || uid, customer_uid = ?1 || customer_uid,
			order_uid = ?1 || order_uid;
		UPDATE targets SET uid = ?1 || uid, key = replace(key, 'demo-', ?1 || 'demo-'),
			detail = replace(detail, 'demo-', ?1 || 'demo-')" "$2" || _bad "own_demo $1"
}

# sy BOOK PASSWORD [ARGS...]: repdesk sync of BOOK with the rep's password;
# output in $T/out, $T/err, status in $rc.
sy() {
	_b=$1 _p=$2
	shift 2
	PGPASSWORD=$_p "$BIN" --db "$_b" sync "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# sy_both BOOK1 PASSWORD1 BOOK2 PASSWORD2: both books sync at the same
# moment; outputs in $T/oa, $T/ea and $T/ob, $T/eb, statuses in $ra and $rb.
sy_both() {
	PGPASSWORD=$2 "$BIN" --db "$1" sync >"$T/oa" 2>"$T/ea" &
	_pa=$!
	PGPASSWORD=$4 "$BIN" --db "$3" sync >"$T/ob" 2>"$T/eb" &
	_pb=$!
	wait $_pa
	ra=$?
	wait $_pb
	rb=$?
}

# sent: the rows the last sync's output says it sent.
sent() { sed -n 's/.*sent \([0-9,]*\) .*/\1/p' "$T/out" | tr -d ,; }

# setting BOOK KEY: a setting of the book.
setting() { sqlite3 "$1" "SELECT value FROM settings WHERE key = '$2'"; }

# srv_cols TABLE: the columns of TABLE as the server has them (but rev),
# comma-separated, quoted (a JSON one as its text, which sorts); read once.
srv_cols() {
	[ -s "$T/cols" ] || pg_admin "SELECT table_name || ':' || string_agg(quote_ident(column_name)
		|| CASE WHEN data_type = 'json' THEN '::text' ELSE '' END,
		', ' ORDER BY ordinal_position) FROM information_schema.columns
		WHERE table_schema = 'repdesk' AND column_name <> 'rev' GROUP BY table_name" >"$T/cols"
	sed -n "s/^$1://p" "$T/cols"
}

# Which of TABLE's rows are the rep REP's (as a sync sends them).
_mine() {
	if [ "$1" = reps ]; then
		printf "rep_uid = '%s' AND uid = '%s'" "$2" "$2"
	else
		printf "rep_uid = '%s'" "$2"
	fi
}

# pg_admin_db DB [SQL]: psql as the owner on database DB (SQL, or the
# statements on stdin); fields separated by '|'.
pg_admin_db() {
	_db=$1
	shift
	if [ $# -gt 0 ]; then
		"$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PGPORT_T" -U postgres \
			-d "$_db" -c "$1"
	else
		"$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PGPORT_T" -U postgres \
			-d "$_db" -f -
	fi
}

# dump_book BOOK: every synced row of the book's rep, table by table, every
# column the server has (NULL as empty), sorted by uid.
dump_book() {
	_rep=$(setting "$1" rep_uid)
	for _t in $SYNC_TABLES; do
		printf "SELECT '%s', %s FROM main.%s WHERE %s ORDER BY uid;\n" \
			"$_t" "$(srv_cols "$_t")" "$_t" "$(_mine "$_t" "$_rep")"
	done | sqlite3 -separator '|' "$1"
}

# dump_srv REP [DB]: the same rows as the server holds them.
dump_srv() {
	for _t in $SYNC_TABLES; do
		printf "SELECT '%s', %s FROM repdesk.%s WHERE %s ORDER BY uid COLLATE \"C\";\n" \
			"$_t" "$(srv_cols "$_t")" "$_t" "$(_mine "$_t" "$1")"
	done | pg_admin_db "${2:-team}"
}

# sums_book BOOK / sums_srv REP: per table, the count of the rep's rows and
# the md5 of their uid and stamp, a line each in uid order.
sums_book() {
	_rep=$(setting "$1" rep_uid)
	for _t in $SYNC_TABLES; do
		printf "SELECT '%s ' || uid || updated_at FROM main.%s WHERE %s ORDER BY uid;\n" \
			"$_t" "$_t" "$(_mine "$_t" "$_rep")"
	done | sqlite3 "$1" >"$T/bk"
	for _t in $SYNC_TABLES; do
		printf '%s %s %s\n' "$_t" "$(grep -c "^$_t " "$T/bk")" \
			"$(sed -n "s/^$_t //p" "$T/bk" | md5sum | cut -c1-32)"
	done
}
sums_srv() {
	for _t in $SYNC_TABLES; do
		printf "SELECT '%s ' || count(*) || ' ' || md5(coalesce(string_agg(uid || updated_at, E'\\n'
			ORDER BY uid COLLATE \"C\") || E'\\n', '')) FROM repdesk.%s WHERE %s;\n" \
			"$_t" "$_t" "$(_mine "$_t" "$1")"
	done | pg_admin_db "${2:-team}"
}

# expect_synced BOOK WHAT: the server holds exactly the book's rows of its
# rep (counts and checksums, then every column).
expect_synced() {
	_rep=$(setting "$1" rep_uid)
	sums_book "$1" >"$T/sb"
	sums_srv "$_rep" >"$T/ss"
	expect_same "$T/sb" "$T/ss" "$2: counts and checksums"
	dump_book "$1" >"$T/db"
	dump_srv "$_rep" >"$T/ds"
	expect_same "$T/db" "$T/ds" "$2: every column"
}

# book_state BOOK: a checksum of every synced table of the book, all rows.
book_state() {
	for _t in $SYNC_TABLES; do
		sqlite3 "$1" "SELECT * FROM main.$_t ORDER BY uid"
	done | md5sum | cut -c1-32
}

# srv_state [DB]: a checksum of every synced table and the rollup on the
# server, all rows.
srv_state() {
	for _t in $SYNC_TABLES team_days team_months; do
		printf 'SELECT %s FROM repdesk.%s ORDER BY 1, 2;\n' "$(srv_cols "$_t")" "$_t"
	done | pg_admin_db "${1:-team}" | md5sum | cut -c1-32
}

# now_stamp DEVICE [DATE-ARGS...]: a book's stamp of this second.
now_stamp() {
	_d=$1
	shift
	printf '%s.000Z.000000.%s' "$(date -u "$@" +%Y-%m-%dT%H:%M:%S)" "$_d"
}
