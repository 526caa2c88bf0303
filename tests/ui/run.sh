#!/bin/sh
# Screen dumps: each NAME.keys here is played by the workbench's script mode
# (REPDESK_SCRIPT) at 80x24 and 120x40, in English and in Chinese
# (LANG=zh_CN.UTF-8), on a fresh copy of a fixed book, and every screen it
# dumps must equal expected/NAME-SIZE[-zh]-SCREEN exactly.
# UPDATE=1 rewrites the expected screens (review the diff before committing).
set -u
BIN=${REPDESK_BIN:-build/repdesk}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-ui.XXXXXX")
trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC REPDESK_TODAY=2026-11-27
export HOME="$W/home" XDG_CONFIG_HOME="$W/config" XDG_DATA_HOME="$W/data"
unset REPDESK_DB REPDESK_SCRIPT NO_COLOR LANGUAGE LC_MESSAGES LANG

"$BIN" --db "$W/demo.db" init --demo --rep 张三 --group 一组 >/dev/null || exit 1
# A saved segment, for the filter prompt.
"$BIN" --db "$W/demo.db" segment save 外向酒店 --where 'type=酒店' --where '性格=外向' >/dev/null || exit 1
# The demo book with a ranking rule on its attributes.
cp "$W/demo.db" "$W/rank.db"
"$BIN" --db "$W/rank.db" config rank '合作情况=稳定>合作中>试单>比价中; 决策人=老板>经理' >/dev/null || exit 1
"$BIN" --db "$W/edges.db" init --rep 李四 --group 二组 >/dev/null || exit 1
"$BIN" --db "$W/edges.db" import customers "$HERE/edges.csv" >/dev/null || exit 1
# A note with a line break, for the customer's history.
"$BIN" --db "$W/edges.db" note edge-6 "$(printf '到店看过\n下周再约')" --date 2026-11-20 >/dev/null || exit 1
# The demo book tiered by volume, two of its customers' orders giving
# room-nights this month.
cp "$W/demo.db" "$W/volume.db"
"$BIN" --db "$W/volume.db" config tiers --metric volume >/dev/null || exit 1
for c in 万家公寓酒店 东莞嘉禾商务酒店; do
	"$BIN" --db "$W/volume.db" log order "$c" 2万 --volume 1200 --date 2026-11-20 >/dev/null 2>&1 || exit 1
done
# The demo book with one customer's plan target fixed by hand (plan set).
cp "$W/demo.db" "$W/fixed.db"
"$BIN" --db "$W/fixed.db" plan set 东城嘉禾物业管理有限公司 4万 >/dev/null || exit 1
# The demo book with opportunities: two open ones closing this month, one
# won and one lost (the Plan screen's forecast and its stage lines).
cp "$W/demo.db" "$W/forecast.db"
fopp() { "$BIN" --db "$W/forecast.db" "$@" >/dev/null || exit 1; }
fopp opp add 万家公寓酒店 中央空调 10万 --stage proposal --close 2026-11-30
fopp opp add 东莞嘉禾商务酒店 布草 2万 --stage negotiation --close 2026-11-29
fopp --today 2026-10-01 opp add 东城嘉禾物业管理有限公司 保洁 3万
fopp --today 2026-10-15 opp move 保洁 proposal
fopp --today 2026-11-05 opp win 保洁
fopp --today 2026-10-10 opp add 万家公寓酒店 洗涤 5000
fopp --today 2026-11-01 opp lose 洗涤 --reason 价格
# The demo book with an attribute made a choice list.
cp "$W/demo.db" "$W/choices.db"
"$BIN" --db "$W/choices.db" config choices 性格 爽朗型,细致型,节奏快速型,爱表现型 >/dev/null || exit 1
# The demo book with a year plan, March and December fixed by hand.
cp "$W/demo.db" "$W/year.db"
"$BIN" --db "$W/year.db" plan 2026 --target 1500万 --months 3=80万,12=150万 >/dev/null || exit 1
"$BIN" --db "$W/emoji.db" init --rep 李四 --group 二组 >/dev/null || exit 1
"$BIN" --db "$W/emoji.db" import customers "$HERE/emoji.csv" >/dev/null || exit 1
# A lead's book: three reps' bundles, two groups, a name too wide for its column.
team_rep() {
	r="$W/rep-$1.db" cust="$1-1"
	"$BIN" --db "$r" init --rep "$2" --group "$3" >/dev/null || exit 1
	printf 'uid,name,monthly_amount\n%s-1,%s的客户,30000\n' "$1" "$2" >"$W/c.csv"
	"$BIN" --db "$r" import customers "$W/c.csv" >/dev/null || exit 1
	"$BIN" --db "$r" plan 2026-11 --target "$4" >/dev/null || exit 1
	shift 4
	# DATE AMOUNT pairs are orders; DATE call is an effective call; opp
	# VALUE@STAGE an open opportunity.
	while [ $# -ge 2 ]; do
		if [ "$1" = opp ]; then
			"$BIN" --db "$r" opp add "$cust" "项目${2%@*}" "${2%@*}" --stage "${2#*@}" \
				--close 2026-11-30 >/dev/null || exit 1
		elif [ "$2" = call ]; then
			"$BIN" --db "$r" log call "$cust" --outcome effective --date "$1" >/dev/null || exit 1
		else
			"$BIN" --db "$r" log order "$cust" "$2" --date "$1" >/dev/null || exit 1
		fi
		shift 2
	done
	"$BIN" --db "$r" export bundle --out "$W/$(basename "$r" .db).bundle" 2>/dev/null || exit 1
}
team_rep a 张三 一组 10万 2026-11-03 30000 2026-11-10 12000 2026-11-26 8000 \
	2026-11-25 call 2026-11-26 call 2026-11-26 call 2026-11-27 call opp 120000@proposal
team_rep b 李四四四四四四四 一组 8万 2026-11-05 70000
team_rep c 王五 二组 20万 2026-11-02 5000 2026-11-27 45000 opp 300000@tender opp 20000@lead
"$BIN" --db "$W/team.db" init --rep 组长 --group 销售部 >/dev/null || exit 1
# 李四…'s bundle came two days before the others: stale.
REPDESK_TODAY=2026-11-25 "$BIN" --db "$W/team.db" team add "$W/rep-b.bundle" >/dev/null || exit 1
"$BIN" --db "$W/team.db" team add "$W/rep-a.bundle" "$W/rep-c.bundle" >/dev/null || exit 1

pass=0 fail=0
for keys in "$HERE"/*.keys; do
	name=$(basename "$keys" .keys)
	book=demo
	case $name in edges*) book=edges ;; emoji*) book=emoji ;; team*) book=team ;; rank*) book=rank ;; choices*) book=choices ;; volume*) book=volume ;; fixed*) book=fixed ;; year*) book=year ;; forecast*) book=forecast ;; esac
	# weekend*: the day after the books were made, a Saturday.
	day=$REPDESK_TODAY
	case $name in weekend*) day=2026-11-28 ;; esac
	for run in 80x24 120x40 80x24-zh 120x40-zh; do
		size=${run%-zh}
		lang=C.UTF-8
		[ "$run" = "$size" ] || lang=zh_CN.UTF-8
		out="$W/out/$name-$run"
		mkdir -p "$out"
		cp "$W/$book.db" "$out/book.db"
		# NAME.config, when there is one, is the key configuration for NAME.
		rm -rf "$W/config"
		if [ -f "$HERE/$name.config" ]; then
			mkdir -p "$W/config/repdesk"
			cp "$HERE/$name.config" "$W/config/repdesk/config"
		fi
		if ! (cd "$out" && LC_ALL= LANG=$lang LINES=${size#*x} COLUMNS=${size%x*} REPDESK_TODAY=$day \
		      REPDESK_SCRIPT="$keys" "$BIN" --db book.db 2>"$out/stderr"); then
			echo "FAIL $name $run: exit status $?: $(cat "$out/stderr")"
			fail=$((fail + 1))
			continue
		fi
		for s in "$out"/*.screen; do
			exp="$HERE/expected/$name-$run-$(basename "$s")"
			if [ "${UPDATE:-0}" = 1 ]; then
				cp "$s" "$exp"
				pass=$((pass + 1))
			elif [ ! -f "$exp" ]; then
				echo "FAIL $name $run: no expected screen $(basename "$exp")"
				fail=$((fail + 1))
			elif cmp -s "$s" "$exp"; then
				pass=$((pass + 1))
			else
				echo "FAIL $name $run: $(basename "$s") differs:"
				diff "$exp" "$s" | head -20
				fail=$((fail + 1))
			fi
		done
	done
done
# The moves pipeline.keys made by key are in the book: 电竞主机专柜合作 moved on
# to proposal today (the first move undone, then made again: one step in its
# path), 前台电脑与打印机 lost for the reason typed.
if command -v sqlite3 >/dev/null 2>&1; then
	for run in 80x24 120x40 80x24-zh 120x40-zh; do
		b="$W/out/pipeline-$run/book.db"
		got=$(sqlite3 "$b" "SELECT stage || ' ' || path FROM opportunities WHERE title = '电竞主机专柜合作';
			SELECT stage || ' ' || lost_reason FROM opportunities WHERE title = '前台电脑与打印机'" 2>&1)
		exp=$(printf '%s\n%s' 'proposal lead 2026-11-07;qualified 2026-11-19;proposal 2026-11-27' 'lost 价格太高')
		if [ "$got" = "$exp" ]; then
			pass=$((pass + 1))
		else
			echo "FAIL pipeline $run: the book after the moves by key: got '$got', expected '$exp'"
			fail=$((fail + 1))
		fi
	done
else
	echo "ui: sqlite3 not installed, the book after pipeline.keys not read"
fi
echo "ui: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
