# A book that cannot be written — the file read-only in a directory we may
# write, or a directory we may not write (as on a read-only mount) — still
# reads: customers, search, show, today, receivables, report, config, plan
# --show, export and the workbench work. Every change is refused with
# "the book … is read-only … can be read … but not changed" and exit 74,
# the book unchanged. A full disk says so in words, with exit 74.
# Root writes through file permissions, so as root the commands run as
# nobody (setpriv); as anyone else chmod is enough. As root, an immutable
# file (chattr +i, which stops root too) is tried as well where the file
# system has it.
. tests/cli/lib.sh

# As root the binary (with its messages and calendar) is copied beside the
# books, so nobody may run it wherever the checkout is.
AS="" ROBIN=$BIN
chmod 755 "$T"
if [ "$(id -u)" = 0 ]; then
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
	ROBIN="$T/repdesk-ro"
	cp "$BIN" "$ROBIN" && chmod 755 "$ROBIN"
	# with the calendar and the messages it finds beside itself
	# (the tests run from the top of the checkout; a sanitizer build's
	# binary sits one directory deeper than the messages it finds)
	for l in "$(dirname "$BIN")/locale" build/locale; do
		[ -d "$l" ] && { cp -R "$l" "$T/locale"; break; }
	done
	cp -R assets "$T/assets"
	chmod -R a+rX "$T/locale" "$T/assets" 2>/dev/null
	if ! $AS test -x "$ROBIN"; then
		_bad "nobody cannot run $ROBIN"
		finish; exit
	fi
fi
RUNAS=$AS
# ro ARGS...: repdesk as the user who may not write the book.
ro() {
	$RUNAS env HOME="$T/home" "$ROBIN" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

mkdir -p "$T/rw" "$T/ro" "$T/outdir"
chmod 777 "$T/rw" "$T/outdir"
DB="$T/src.db"
rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'uid,name,monthly_amount\nu1,天河宾馆,30000\nu2,Other,8000\n' >"$T/c.csv"
chmod 644 "$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "import"
rd log order u1 12000 --due 2026-11-20 --date 2026-11-01; expect_rc 0 "order"
rd plan 2026-11 --target 50000; expect_rc 0 "plan"

modes="rw ro"
mkdir -p "$T/imm"
cp "$T/src.db" "$T/imm/book.db"
if [ "$(id -u)" = 0 ] && chattr +i "$T/imm/book.db" 2>/dev/null; then
	modes="rw ro imm"
	trap 'chattr -i "$T/imm/book.db"; rm -rf "$T"' EXIT
fi
for where in $modes; do
	DB="$T/$where/book.db"
	RUNAS=$AS
	if [ "$where" = imm ]; then
		RUNAS=""
	else
		cp "$T/src.db" "$DB"
		chmod 444 "$DB"
	fi
	[ "$where" = ro ] && chmod 555 "$T/ro"
	cp "$DB" "$T/before.db"
	# What still works.
	ro customers; expect_rc 0 "$where: customers"; expect_out "天河宾馆" "$where: customers listed"
	ro customers --search 天河; expect_rc 0 "$where: search"; expect_out "天河宾馆" "$where: found"
	ro show u1; expect_rc 0 "$where: show"; expect_out "天河宾馆" "$where: shown"
	ro today; expect_rc 0 "$where: today"
	ro receivables; expect_rc 0 "$where: receivables"; expect_out "天河宾馆" "$where: open order"
	ro report day; expect_rc 0 "$where: report day"
	ro plan 2026-11 --show; expect_rc 0 "$where: plan --show"
	ro config; expect_rc 0 "$where: config"
	ro config daily_calls; expect_rc 0 "$where: config KEY"
	ro export customers; expect_rc 0 "$where: export to stdout"; expect_out "u1,天河宾馆" "$where: exported"
	ro export customers --out "$T/outdir/c.csv"; expect_rc 0 "$where: export --out"
	ro export bundle --out "$T/outdir/b.bundle"; expect_rc 0 "$where: export bundle"
	printf ':dump screen\nq\n' >"$T/outdir/wb.keys"
	(cd "$T/outdir" && $RUNAS env HOME="$T/home" LINES=24 COLUMNS=100 REPDESK_SCRIPT="$T/outdir/wb.keys" \
		"$ROBIN" --db "$DB" >"$T/out" 2>"$T/err"); rc=$?
	expect_rc 0 "$where: the workbench opens"
	if grep -q "天河宾馆" "$T/outdir/screen" 2>/dev/null; then _ok; else _bad "$where: the workbench shows the book"; fi
	# What is refused, in words, with nothing changed.
	for cmd in "config daily_calls 60" "log call u1 --outcome effective" "import customers $T/c.csv" \
	           "note u1 hello" "set u1 phone=1" "config rep --name 李四" "plan 2026-12 --target 1000"; do
		ro $cmd; expect_rc 74 "$where: $cmd"
		expect_err "is read-only" "$where: $cmd says read-only"
		expect_err "can be read" "$where: $cmd says what still works"
		if grep -q "database error\|disk I/O" "$T/err"; then _bad "$where: $cmd: a database message"; else _ok; fi
		expect_same "$DB" "$T/before.db" "$where: $cmd left the book as it was"
	done
	LC_ALL=zh_CN.UTF-8 ro config daily_calls 60; expect_rc 74 "$where: zh"
	expect_err "只读" "$where: the message in Chinese"
	ls "$T/$where" >"$T/ls"
	if grep -q -- "-wal\|-shm\|-journal" "$T/ls"; then
		[ "$where" = ro ] && _bad "$where: files made in a directory that cannot be written"
	fi
	chmod 755 "$T/ro"
done

# A full disk: the words, exit 74, the book as it was.
DB="$T/full.db"
cp "$T/src.db" "$DB"
rd export customers --out "$T/before.csv"
for n in 1 3; do
	for cmd in "config daily_calls 61" "log call u1 --outcome effective"; do
		ASAN_OPTIONS=detect_leaks=0 strace -f -o /dev/null -e trace=pwrite64,write \
			-e inject=pwrite64:error=ENOSPC:when=$n+ "$BIN" --db "$DB" $cmd >"$T/out" 2>"$T/err"
		rc=$?
		expect_rc 74 "full disk at write $n: $cmd"
		expect_err "the disk is full: nothing was saved" "full disk at write $n: $cmd: in words"
		if grep -q "disk I/O error" "$T/err"; then _bad "full disk: SQLite's words"; else _ok; fi
	done
done
rd export customers --out "$T/after.csv"
expect_same "$T/before.csv" "$T/after.csv" "full disk: the book as it was"
rd config daily_calls; expect_out "daily_calls 50" "full disk: the setting not saved"
finish
