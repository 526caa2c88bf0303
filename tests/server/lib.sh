# Helpers for the team server's tests: tests/cli/lib.sh's checks and temp
# home, pg.sh's throwaway cluster (started here; 1 and no checks when
# PostgreSQL is missing), and one trap that stops it and removes both.
# Each script sources this, runs checks and ends with `finish`.
. tests/cli/lib.sh
. tests/server/pg.sh
trap 'pg_stop; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
pg_start || { _bad "no PostgreSQL cluster could be started"; finish; exit 1; }

# rb BOOK ARGS...: run repdesk on another book; like rd.
rb() {
	_book=$1
	shift
	"$BIN" --db "$_book" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# pw PASSWORD BOOK ARGS...: run repdesk on BOOK with a login's password
# given to libpq (PGPASSWORD), as a rep's shell would.
pw() {
	_pw=$1
	_book=$2
	shift 2
	PGPASSWORD=$_pw "$BIN" --db "$_book" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# sq LOGIN PASSWORD SQL: psql as LOGIN; output in $T/out, errors in $T/err.
sq() {
	pg_psql "$1" "$2" "$3" >"$T/out" 2>"$T/err"
	rc=$?
}
# sa SQL: the owner's psql, the answer on stdout.
sa() { pg_admin "$1"; }
