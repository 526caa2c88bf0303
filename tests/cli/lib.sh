# Helpers for CLI tests: a temp home and database, the pinned date and
# locale, and checks that count passes and failures.
# Each test script sources this, runs checks, and ends with `finish`.
set -u
BIN=${REPDESK_BIN:-build/repdesk}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
FIX=$(pwd)/tests/fixtures
T=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC REPDESK_TODAY=2026-11-27
export HOME="$T/home" XDG_DATA_HOME="$T/xdg" XDG_CONFIG_HOME="$T/config"
unset REPDESK_DB NO_COLOR LANGUAGE LC_MESSAGES LANG || true
mkdir -p "$HOME"
DB="$T/book.db"
pass=0
fail=0
SCRIPT=$(basename "$0" .sh)

# rd ARGS...: run repdesk on the test database; output in $T/out, $T/err, status in $rc.
rd() {
	"$BIN" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

_ok() { pass=$((pass + 1)); }
_bad() {
	fail=$((fail + 1))
	printf 'FAIL %s: %s\n' "$SCRIPT" "$*" >&2
	printf '  stdout: %s\n' "$(head -c 600 "$T/out" 2>/dev/null)" >&2
	printf '  stderr: %s\n' "$(head -c 600 "$T/err" 2>/dev/null)" >&2
}

# expect_rc CODE WHAT
expect_rc() { if [ "$rc" = "$1" ]; then _ok; else _bad "$2: exit $rc, expected $1"; fi; }
# expect_out TEXT WHAT: stdout contains TEXT (fixed string)
expect_out() { if grep -qF -- "$1" "$T/out"; then _ok; else _bad "$2: stdout lacks '$1'"; fi; }
expect_no_out() { if grep -qF -- "$1" "$T/out"; then _bad "$2: stdout has '$1'"; else _ok; fi; }
# expect_err TEXT WHAT: stderr contains TEXT
expect_err() { if grep -qF -- "$1" "$T/err"; then _ok; else _bad "$2: stderr lacks '$1'"; fi; }
# expect_eq ACTUAL EXPECTED WHAT
expect_eq() { if [ "$1" = "$2" ]; then _ok; else _bad "$3: got '$1', expected '$2'"; fi; }
# expect_same FILE1 FILE2 WHAT
expect_same() { if cmp -s "$1" "$2"; then _ok; else _bad "$3: $1 and $2 differ"; diff "$1" "$2" | head -20 >&2; fi; }

finish() {
	printf '%s %s\n' "$pass" "$fail" >"${RESULT_FILE:-/dev/null}"
	[ "$fail" = 0 ]
}

# sign_bundle BOOK BUNDLE: sign BUNDLE again with the key in BOOK after a
# test edited it by hand (REPDESK_SIGN names the tool; without it, nothing).
sign_bundle() { [ -n "${REPDESK_SIGN:-}" ] && "$REPDESK_SIGN" "$1" "$2" || :; }
