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
	pgb_stop
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

# ---- a pooler in front (docs/scale.md): PgBouncer, transaction pooling ----
# pgb_start: PgBouncer on a Unix socket in $PGDIR/pgb only (no TCP), one pool
# per login, server connections kept 10 minutes; sets PGB_PORT. It knows the
# logins by their SCRAM secrets, copied from the cluster (pgb_users again
# after adding logins). 1 when PgBouncer is missing.
pgb_start() {
	PGBBIN=${PGBBIN:-$(command -v pgbouncer || echo /usr/sbin/pgbouncer)}
	if [ ! -x "$PGBBIN" ]; then
		echo "pg.sh: no PgBouncer (apt-get install pgbouncer)" >&2
		return 1
	fi
	mkdir -p "$PGDIR/pgb"
	[ "$(id -u)" = 0 ] && chown postgres "$PGDIR/pgb"
	PGB_PORT=$((PGPORT_T + 1))
	pgb_users || return 1
	cat >"$PGDIR/pgb.ini" <<EOF
[databases]
team = host=$PGDIR port=$PGPORT_T dbname=team
[pgbouncer]
listen_addr =
listen_port = $PGB_PORT
unix_socket_dir = $PGDIR/pgb
auth_type = scram-sha-256
auth_file = $PGDIR/pgb/users.txt
pool_mode = transaction
default_pool_size = 2
max_client_conn = 1000
server_idle_timeout = 600
logfile = $PGDIR/pgb/pgb.log
pidfile = $PGDIR/pgb/pgb.pid
EOF
	pg_as "$PGBBIN" -q -d "$PGDIR/pgb.ini" || { tail -n 5 "$PGDIR/pgb/pgb.log" >&2; return 1; }
	_i=0
	while [ ! -S "$PGDIR/pgb/.s.PGSQL.$PGB_PORT" ] && [ "$_i" -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	[ -S "$PGDIR/pgb/.s.PGSQL.$PGB_PORT" ] || { tail -n 5 "$PGDIR/pgb/pgb.log" >&2; return 1; }
	export PGB_PORT
}
# pgb_users: the logins' SCRAM secrets for PgBouncer (read again when it runs).
pgb_users() {
	pg_admin "SELECT '\"' || rolname || '\" \"' || rolpassword || '\"' FROM pg_authid
		WHERE rolpassword LIKE 'SCRAM-SHA-256%' ORDER BY 1" >"$PGDIR/users.tmp" || return 1
	[ "$(id -u)" = 0 ] && chown postgres "$PGDIR/users.tmp"
	pg_as mv "$PGDIR/users.tmp" "$PGDIR/pgb/users.txt"
	[ -f "$PGDIR/pgb/pgb.pid" ] && kill -HUP "$(cat "$PGDIR/pgb/pgb.pid")" 2>/dev/null
	return 0
}
pgb_stop() {
	[ -f "${PGDIR:-/nonexistent}/pgb/pgb.pid" ] || return 0
	_pid=$(cat "$PGDIR/pgb/pgb.pid")
	kill "$_pid" 2>/dev/null
	_i=0
	while kill -0 "$_pid" 2>/dev/null && [ "$_i" -lt 100 ]; do sleep 0.05; _i=$((_i + 1)); done
	rm -f "$PGDIR/pgb/pgb.pid"
}
# pgb_url LOGIN: the URL a rep or lead uses through the pooler.
pgb_url() { printf 'postgresql:///team?host=%s/pgb&port=%s&user=%s' "$PGDIR" "$PGB_PORT" "$1"; }
