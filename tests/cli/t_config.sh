# Settings: unknown keys and bad values are refused with the valid keys or
# range (exit 64) and nothing is saved; good ones are saved and listed; the
# help lists every setting with its range and default.
. tests/cli/lib.sh

rd init --rep 张三 --group 一组; expect_rc 0 "init"
rd config; expect_rc 0 "list"
cp "$T/out" "$T/list0"
sqlite3 "$DB" "SELECT key, value FROM settings ORDER BY key" >"$T/settings0"

# refused WHAT ARGS... -- TEXT: exit 64, TEXT on stderr, no setting changed.
refused() {
	what=$1; want=$2; shift 2
	rd config "$@"; expect_rc 64 "$what"
	expect_err "$want" "$what: says what is valid"
	sqlite3 "$DB" "SELECT key, value FROM settings ORDER BY key" >"$T/settings"
	expect_same "$T/settings" "$T/settings0" "$what: nothing saved"
}
refused "a misspelt key" "did you mean daily_calls?" daly_calls 60
refused "an unknown key" "the settings are tiers, rep, book_start, calendar, daily_calls" colour red
refused "an internal key" "is not a setting" device abcd
refused "reading an unknown key" "is not a setting" daly_calls
refused "a negative count" "from 0 to 100000" daily_calls -5
refused "not a number" "from 0 to 100000" daily_calls 60x
refused "too many" "from 0 to 100000" deals_max 100001
refused "deals_min above the default deals_max" "deals_min 5 would be above deals_max 4" deals_min 5
refused "deals_max below the default deals_min" "deals_max 1 would be below deals_min 2" deals_max 1
refused "a share above 100%" "from 0 to 100" online_share 150%
refused "a share that is not one" "from 0 to 100" online_share half
refused "weights that are not numbers" "not a weight" queue_weights money=abc
refused "a weight of no term" "TERM=POINTS" queue_weights bogus=1
refused "a cadence of 0 days" "from 1 to 3650" queue_cadence S=0
refused "a money style" "yuan, wan or auto" money_style big
# Nothing made when the book does not exist yet.
"$BIN" --db "$T/new.db" config daily_calls -5 >"$T/out" 2>"$T/err"; rc=$?
expect_rc 64 "bad value, no book"
if [ -e "$T/new.db" ]; then _bad "a refused setting made a book"; else _ok; fi

rd config daily_calls 60; expect_rc 0 "a good count"; expect_out "daily_calls 60" "echoed"
rd config deals_max 6; expect_rc 0 "deals_max first"
rd config deals_min 5; expect_rc 0 "then deals_min"
rd config deals_max 4; expect_rc 64 "deals_max below the saved deals_min"
expect_err "deals_max 4 would be below deals_min 5" "names both"
rd config deals_max; expect_out "deals_max 6" "deals_max kept"
rd config online_share 35.5%; expect_rc 0 "a share"
rd config queue_weights money=12; expect_rc 0 "a weight"
rd config money_style yuan; expect_rc 0 "a money style"
rd config queue_cadence S=2; expect_rc 0 "a cadence"
rd config; expect_rc 0 "list again"
expect_out "daily_calls 60" "listed: daily_calls"
expect_out "deals_min 5" "listed: deals_min"
expect_out "online_share 35.5%" "listed: online_share"
expect_out "queue_weights followup=10,callback=10,money=12," "listed: the weights in full"
expect_out "queue_cadence S=2,A=7," "listed: the cadence in full"
expect_out "money_style yuan" "listed: money_style"
rd today --format csv; expect_rc 0 "today with the settings"
expect_out "calls,0,60" "today reads daily_calls"
expect_out "deals,0,5-6" "today reads the deals range"
if grep -q "warning" "$T/err"; then _bad "today warned about a saved setting"; else _ok; fi
# An empty value restores the default.
rd config daily_calls ""; expect_rc 0 "reset"; expect_out "daily_calls 50" "back to 50"
rd config online_share ""; expect_rc 0 "reset the share"; expect_out "online_share 20%" "back to 20%"
rd config daily_calls; expect_out "daily_calls 50" "an unset key reads its default"
# An old book with a deals_max that is no number: today reads it as 4, and
# so does the check of deals_min.
sqlite3 "$DB" "INSERT OR REPLACE INTO settings(key, value) VALUES ('deals_max', 'abc')"
rd config deals_min 3; expect_rc 0 "deals_min against an unreadable deals_max"
rd config deals_min 5; expect_rc 64 "deals_min above the default deals_max"
rd config deals_max 6; expect_rc 0 "deals_max made good again"

rd config --help; expect_rc 0 "help"
for k in book_start calendar daily_calls deals_min deals_max money_style online_share queue_cadence queue_weights; do
	expect_out "  $k " "help lists $k"
done
expect_out "a whole number from 0 to 100000; default 50" "help: range and default"
LC_ALL=zh_CN.UTF-8 rd config daly_calls 60; expect_rc 64 "zh: refused"
expect_err "daily_calls" "zh: names the key"

# The config file: the documented lines are taken by the command line and
# the workbench alike; a line nobody reads is named by file and line.
mkdir -p "$XDG_CONFIG_HOME/repdesk"
CONF="$XDG_CONFIG_HOME/repdesk/config"
printf '# mine\nlanguage = zh_CN\nbind ^N down\n\nlanguage=en\n' >"$CONF"
rd report day; expect_rc 0 "documented lines"
expect_out "Day report" "the last language line wins"
if [ -s "$T/err" ]; then _bad "documented lines warned about"; else _ok; fi
printf 'language = zh_CN\nbind ^N down\ncolour = red\nlanguage\n' >"$CONF"
rd report day; expect_rc 0 "an unknown line does not stop a command"
expect_out "日报" "the language line still read"
expect_err "$CONF:3:" "the unknown line named by file and line"
expect_err "colour" "the unknown key named"
expect_err "$CONF:4:" "the line without a value named"
# The workbench (script mode): language = zh_CN is no error, the unknown
# line is reported on its screen.
printf ':dump first.screen\nq\n' >"$T/wb.keys"
(cd "$T" && LINES=30 COLUMNS=200 REPDESK_SCRIPT="$T/wb.keys" "$BIN" --db "$DB" >"$T/out" 2>"$T/err"); rc=$?
expect_rc 0 "workbench with the config file"
if grep -q "config:1" "$T/first.screen"; then _bad "the workbench calls language = zh_CN an error"; else _ok; fi
if grep -q "$CONF:3:.*colour" "$T/first.screen"; then _ok; else _bad "the workbench does not name the unknown line"; fi
if grep -q "今日" "$T/first.screen"; then _ok; else _bad "the workbench ignores language = zh_CN"; fi
printf 'language = zh_CN\nbind ^N down\n' >"$CONF"
(cd "$T" && LINES=30 COLUMNS=200 REPDESK_SCRIPT="$T/wb.keys" "$BIN" --db "$DB" >"$T/out" 2>"$T/err"); rc=$?
if grep -q "$CONF" "$T/first.screen"; then _bad "the workbench complains about a good config file"; else _ok; fi
rm -f "$CONF"
finish
