#!/bin/sh
# Run every test script DIR/t_*.sh, JOBS at a time, and total their checks:
# each script writes "passed failed" to its RESULT_FILE; its output is kept
# and printed whole, in name order, once all are done; the last line is
# "LABEL: P passed, F failed". Usage: sh run_scripts.sh DIR LABEL JOBS
set -u
dir=$1 label=$2 jobs=$3
out=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-$label-run.XXXXXX")
trap 'rm -rf "$out"' EXIT

# One script: its output in NAME.log, "passed failed status" in NAME.res.
export out
ls "$dir"/t_*.sh | xargs -P "$jobs" -I{} sh -c '
	t=$1; n=$(basename "$t" .sh)
	RESULT_FILE=$out/$n.sum sh "$t" >"$out/$n.log" 2>&1
	status=$?
	read -r p f <"$out/$n.sum" 2>/dev/null || { p=0; f=1; }
	echo "$p $f $status" >"$out/$n.res"' sh {}

total_pass=0
total_fail=0
failed_scripts=""
for t in "$dir"/t_*.sh; do
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
echo "$label: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
