#!/bin/sh
# Translations: every message the program can show is in assets/po/zh_CN.po,
# translated and not fuzzy, and the catalogue compiles with its format strings
# checked; then a few bad inputs say so in Chinese under LANG=zh_CN.UTF-8,
# while CSV output stays the same in any language.
set -u
POT=${REPDESK_POT:-build/repdesk.pot}
BIN=${REPDESK_BIN:-build/repdesk}
PO=assets/po/zh_CN.po
W=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-i18n.XXXXXX")
trap 'rm -rf "$W"' EXIT
export TZ=UTC REPDESK_TODAY=2026-11-27 HOME="$W/home" XDG_CONFIG_HOME="$W/config"
unset REPDESK_DB LANGUAGE LC_MESSAGES LC_ALL LANG
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL i18n: $1"; }

# Complete: no message of the template missing, untranslated or fuzzy.
if msgcmp "$PO" "$POT" 2>"$W/cmp"; then ok; else bad "messages missing from $PO:"; head -20 "$W/cmp"; fi
n=$(msgattrib --untranslated "$PO" 2>/dev/null | grep -c '^msgid ' || true)
[ "${n:-0}" -le 1 ] && ok || bad "$((n - 1)) untranslated messages in $PO"
n=$(msgattrib --only-fuzzy "$PO" 2>/dev/null | grep -c '^msgid ' || true)
[ "${n:-0}" -le 1 ] && ok || bad "$((n - 1)) fuzzy messages in $PO"
if msgfmt --check -o /dev/null "$PO" 2>"$W/fmt"; then ok; else bad "msgfmt --check:"; head -20 "$W/fmt"; fi

zh() { LANG=zh_CN.UTF-8 "$BIN" --db "$W/book.db" "$@"; }
en() { LC_ALL=C.UTF-8 "$BIN" --db "$W/book.db" "$@"; }
expect() {   # WHAT PATTERN FILE
	if grep -q -- "$2" "$3"; then ok; else bad "$1: no '$2' in: $(head -3 "$3")"; fi
}
en init --rep 张三 --group 一组 >/dev/null
printf 'name,phone\n广州天河宾馆,13800000001\n' >"$W/c.csv"
en import customers "$W/c.csv" >/dev/null

zh log order 广州天河宾馆 12abc >/dev/null 2>"$W/e1"; rc=$?
[ "$rc" = 65 ] && ok || bad "bad amount: exit $rc, not 65"
expect "bad amount in Chinese" "repdesk: .*12abc.*不是" "$W/e1"
zh show 北京 >/dev/null 2>"$W/e2"
expect "no such customer in Chinese" "repdesk: .*北京" "$W/e2"
if sed "s/'repdesk [a-z]* *--help'//g; s/repdesk//g; s/uid//g" "$W/e2" | grep -q '[a-z]\{4,\}'; then
	bad "English words in: $(cat "$W/e2")"; else ok; fi
zh plan 2026-13 --target 1万 >/dev/null 2>"$W/e3"; rc=$?
[ "$rc" = 64 ] && ok || bad "bad month: exit $rc, not 64"
if LC_ALL= LANG= LANGUAGE= "$BIN" --db "$W/book.db" --help | grep -q '^usage: repdesk'; then ok; else bad "English --help"; fi
zh --help >"$W/h"
expect "Chinese --help" "用法" "$W/h"
expect "Chinese --help keeps the option names" "--db" "$W/h"
zh report day >"$W/r"
expect "Chinese day report" "^日报 2026-11-27 张三" "$W/r"
# Machine-readable output is never translated.
en today --format csv >"$W/a"; zh today --format csv >"$W/b"
if cmp -s "$W/a" "$W/b"; then ok; else bad "today CSV differs under Chinese"; fi
en customers --format csv >"$W/a"; zh customers --format csv >"$W/b"
if cmp -s "$W/a" "$W/b"; then ok; else bad "customers CSV differs under Chinese"; fi
# The config file's language line forces one.
mkdir -p "$W/config/repdesk"
echo 'language = zh_CN' >"$W/config/repdesk/config"
LC_ALL=C.UTF-8 "$BIN" --db "$W/book.db" report day >"$W/r"
expect "language = zh_CN in the config" "^日报" "$W/r"
echo 'language en' >"$W/config/repdesk/config"
zh report day >"$W/r"
expect "language en in the config" "^Day report" "$W/r"

echo "i18n: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
