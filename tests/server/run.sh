#!/bin/sh
# Run every team server test script (tests/server/t_*.sh) and total their
# checks. Each script starts a PostgreSQL cluster of its own (pg.sh, a
# socket in its own directory), so SERVER_JOBS of them (default: the number
# of processors) run at a time; each one's output is printed whole, in name
# order, once all are done.
set -u
jobs=${SERVER_JOBS:-$(nproc 2>/dev/null || echo 1)}
out=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-server-run.XXXXXX")
trap 'rm -rf "$out"' EXIT

export out
ls tests/server/t_*.sh | xargs -P "$jobs" -I{} sh -c '
	t=$1; n=$(basename "$t" .sh)
	RESULT_FILE=$out/$n.sum sh "$t" >"$out/$n.log" 2>&1
	status=$?
	read -r p f <"$out/$n.sum" 2>/dev/null || { p=0; f=1; }
	echo "$p $f $status" >"$out/$n.res"' sh {}

total_pass=0
total_fail=0
failed_scripts=""
for t in tests/server/t_*.sh; do
	n=$(basename "$t" .sh)
	cat "$out/$n.log" 2>/dev/null
	read -r p f status <"$out/$n.res" 2>/dev/null || { p=0; f=1; status=1; }
	if [ "$status" != 0 ] && [ "$f" = 0 ]; then f=1; fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	[ "$f" = 0 ] || failed_scripts="$failed_scripts $n.sh"
	printf '%-28s %4d passed, %d failed\n' "$n.sh" "$p" "$f"
done
[ -z "$failed_scripts" ] || echo "failing:$failed_scripts"
echo "server: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
