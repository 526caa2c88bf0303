# Output files that are the input: export --out onto the open book (by name,
# symlink, "./", hard link, or its -wal/-shm), export bundle --out onto the
# book, and import --skip-bad onto the file being imported are refused with
# exit 64, and nothing is written.
. tests/cli/lib.sh

mkdir -p "$T/d"
DB="$T/d/book.db"
rd init --rep 张三 --group 一组; expect_rc 0 "init"
printf 'uid,name,monthly_amount\nu1,One,30000\nu2,Two,8000\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "import"
sqlite3 "$DB" "PRAGMA journal_mode" >/dev/null
cp "$DB" "$T/before.db"
ln -s "$DB" "$T/link.db"
ln "$DB" "$T/hard.db"

# refused WHAT ARGS...: exit 64, a message, and the book byte for byte.
refused() {
	what=$1; shift
	rd "$@"; expect_rc 64 "$what"
	expect_err "choose another file" "$what: the message says why"
	expect_same "$DB" "$T/before.db" "$what: the book unchanged"
	rd customers --format csv; expect_rc 0 "$what: the book still reads"
	expect_out "u2,Two" "$what: the customers still there"
}
for kind in customers orders; do
	refused "export $kind onto the book" export $kind --out "$DB"
	refused "export $kind onto ./book" export $kind --out "$T/d/./book.db"
	refused "export $kind onto ../d/book" export $kind --out "$T/d/../d/book.db"
	refused "export $kind through a symlink" export $kind --out "$T/link.db"
	refused "export $kind onto a hard link" export $kind --out "$T/hard.db"
	refused "export $kind onto the -wal" export $kind --out "$DB-wal"
	refused "export $kind onto the -shm" export $kind --out "$DB-shm"
	refused "export $kind --excel onto the book" export $kind --excel --out "$DB"
done
(cd "$T/d" && "$BIN" --db book.db export customers --out ./book.db >"$T/out" 2>"$T/err"); rc=$?
expect_rc 64 "a relative --out onto a relative --db"
expect_same "$DB" "$T/before.db" "relative: the book unchanged"
refused "export bundle onto the book" export bundle --out "$DB"
refused "export bundle through a symlink" export bundle --out "$T/link.db"
refused "export bundle onto the -wal" export bundle --out "$DB-wal"
# Elsewhere is fine.
rd export customers --out "$T/d/book.csv"; expect_rc 0 "export beside the book"
rd export bundle --out "$T/d/book.bundle"; expect_rc 0 "bundle beside the book"

printf 'uid,name,monthly_amount\nu3,Three,1000\nu4,,x\n' >"$T/bad.csv"
cp "$T/bad.csv" "$T/bad.orig"
ln -s "$T/bad.csv" "$T/bad-link.csv"
for r in "$T/bad.csv" "$T/./bad.csv" "$T/bad-link.csv"; do
	rd import customers "$T/bad.csv" --skip-bad "$r"; expect_rc 64 "--skip-bad $r onto the input"
	expect_err "choose another file" "--skip-bad onto the input: why"
	expect_same "$T/bad.csv" "$T/bad.orig" "--skip-bad onto the input: the input unchanged"
	expect_same "$DB" "$T/before.db" "--skip-bad onto the input: nothing imported"
done
rd import customers "$T/bad-link.csv" --skip-bad "$T/bad.csv"; expect_rc 64 "input through a symlink"
rd import customers "$T/bad.csv" --skip-bad "$DB"; expect_rc 64 "--skip-bad onto the book"
expect_same "$DB" "$T/before.db" "--skip-bad onto the book: the book unchanged"
rd import customers "$T/bad.csv" --skip-bad "$T/rejects.csv"; expect_rc 0 "--skip-bad elsewhere"
expect_out "1 added" "the good row imported"
expect_same "$T/bad.csv" "$T/bad.orig" "the input untouched"
LC_ALL=zh_CN.UTF-8 rd export customers --out "$DB"; expect_rc 64 "zh: refused"
expect_err "另选" "zh: the message in Chinese"
finish
