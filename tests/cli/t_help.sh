# Help, version, usage errors and exit statuses of the command line.
. tests/cli/lib.sh

rd --version; expect_rc 0 "--version"; expect_out "repdesk 0.1.0" "--version prints the version"
rd --help; expect_rc 0 "--help"; cp "$T/out" "$T/help"
for c in init import export customers show set config log note calendar; do
	if grep -q "^  $c " "$T/help"; then _ok; else _bad "--help lists $c"; fi
	rd "$c" --help; expect_rc 0 "$c --help"; expect_out "usage: repdesk $c" "$c --help has a usage line"
done
rd import --help; expect_out "--skip-bad" "import --help names --skip-bad"; expect_out "--dry-run" "import --help names --dry-run"
rd export --help; expect_out "--excel" "export --help names --excel"
# Every amount form the money parser takes is listed, Chinese units included.
rd log --help
for form in 12000元 5000块 1.5万 2万5 8千 3千5; do expect_out "$form" "log --help lists the amount form $form"; done
# show prints the credit and the history as well as the fields.
rd --help; expect_out "fields, attributes, credit and history" "--help says what show prints"
rd show --help; expect_out "the credit" "show --help names the credit"; expect_out "history" "show --help names the history"
rd frobnicate; expect_rc 64 "unknown command"; expect_err "repdesk: no command 'frobnicate'" "unknown command message"
rd customers --bogus; expect_rc 64 "unknown option"; expect_err "repdesk customers --help" "usage error points to help"
rd --today 2026-02-29 customers; expect_rc 64 "invalid --today"; expect_err "'2026-02-29' is not a date" "names the bad date"
rd --db; expect_rc 64 "--db without a value"

# Without a terminal the workbench refuses politely, with no escape codes.
"$BIN" --db "$DB" </dev/null >"$T/out" 2>"$T/err"; rc=$?
expect_rc 64 "no terminal"; expect_err "needs a terminal" "no-terminal message"; expect_err "repdesk --help" "points to --help"
if grep -q "$(printf '\033')" "$T/out" "$T/err"; then _bad "escape bytes written to a pipe"; else _ok; fi

# A missing database is created on first use in the XDG location, directories included.
"$BIN" customers >"$T/out" 2>"$T/err"; rc=$?
expect_rc 0 "first use creates the database"
if [ -f "$XDG_DATA_HOME/repdesk/repdesk.db" ]; then _ok; else _bad "no database at \$XDG_DATA_HOME/repdesk/repdesk.db"; fi
unset XDG_DATA_HOME
"$BIN" customers >"$T/out" 2>"$T/err"; rc=$?
if [ -f "$HOME/.local/share/repdesk/repdesk.db" ]; then _ok; else _bad "no database at ~/.local/share/repdesk"; fi
REPDESK_DB="$T/env.db" "$BIN" customers >"$T/out" 2>"$T/err"
if [ -f "$T/env.db" ]; then _ok; else _bad "REPDESK_DB not honoured"; fi
finish
