# A throwaway PostgreSQL cluster for the team server's tests and benchmark:
# initdb into a temp directory (as the postgres user when run as root), a
# Unix socket in that directory only (no TCP), a free port number, stopped
# and removed by pg_stop. Sourced; sets PGDIR, PGPORT_T, ADMIN (the owner's
# URL) and pg_url LOGIN (a login's URL, without its password).

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

# pg_as CMD...: run a server program as the cluster's owner.
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# pg_start [SETTINGS...]: start the cluster; 1 when PostgreSQL is missing.
pg_start() {
	if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
		echo "pg.sh: no PostgreSQL server (apt-get install postgresql)" >&2
		return 1
	fi
	PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-pg.XXXXXX")
	chmod 755 "$PGDIR"
	[ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
	# A port number no other cluster of this machine's sockets uses.
	PGPORT_T=$((20000 + $$ % 20000))
	while [ -e "/tmp/.s.PGSQL.$PGPORT_T" ] || [ -e "/var/run/postgresql/.s.PGSQL.$PGPORT_T" ]; do
		PGPORT_T=$((PGPORT_T + 1))
	done
	pg_as "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
		--no-sync >"$PGDIR/initdb.log" 2>&1 || { cat "$PGDIR/initdb.log" >&2; return 1; }
	# The owner is trusted on the socket; every rep and lead gives a password.
	printf 'local all postgres trust\nlocal all all scram-sha-256\n' >"$PGDIR/hba"
	[ "$(id -u)" = 0 ] && chown postgres "$PGDIR/hba"
	pg_as cp "$PGDIR/hba" "$PGDIR/data/pg_hba.conf"
	pg_server_start "$@" || return 1
	"$PGBIN/psql" -X -q -h "$PGDIR" -p "$PGPORT_T" -U postgres -d postgres \
		-c 'CREATE DATABASE team' >/dev/null || return 1
	ADMIN="postgresql:///team?host=$PGDIR&port=$PGPORT_T&user=postgres"
	export PGDIR PGPORT_T ADMIN
}

# pg_server_start / pg_server_stop [MODE]: the server of the cluster made.
pg_server_start() {
	pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
		-o "-k $PGDIR -p $PGPORT_T -c listen_addresses='' -c fsync=off -c max_connections=120 $*" \
		start >/dev/null || { tail -n 20 "$PGDIR/server.log" >&2; return 1; }
}
pg_server_stop() {
	pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -m "${1:-fast}" -w stop >/dev/null 2>&1
}

pg_stop() {
	[ -n "${PGDIR:-}" ] || return 0
	pg_server_stop immediate
	rm -rf "$PGDIR"
	PGDIR=
}

# pg_url LOGIN: the URL a rep or lead uses (the password from PGPASSFILE).
pg_url() { printf 'postgresql:///team?host=%s&port=%s&user=%s' "$PGDIR" "$PGPORT_T" "$1"; }

# pg_psql LOGIN PASSWORD SQL: psql as LOGIN; output in stdout, errors in stderr.
pg_psql() {
	PGPASSWORD=$2 "$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PGPORT_T" -U "$1" \
		-d team -c "$3"
}
# pg_admin SQL: psql as the owner.
pg_admin() {
	"$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PGPORT_T" -U postgres -d team -c "$1"
}
