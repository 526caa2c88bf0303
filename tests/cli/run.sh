#!/bin/sh
# Run every CLI test script (tests/cli/t_*.sh) and total their checks.
# Scripts are independent (each has its own temp home and book), so
# CLI_JOBS of them (default: the number of processors) run at a time; each
# one's output is kept and printed whole, in name order, once all are done.
set -u
jobs=${CLI_JOBS:-$(nproc 2>/dev/null || echo 1)}
out=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-cli-run.XXXXXX")
trap 'rm -rf "$out"' EXIT

# One script: its output in NAME.log, "passed failed status" in NAME.res.
export out
ls tests/cli/t_*.sh | xargs -P "$jobs" -I{} sh -c '
	t=$1; n=$(basename "$t" .sh)
	RESULT_FILE=$out/$n.sum sh "$t" >"$out/$n.log" 2>&1
	status=$?
	read -r p f <"$out/$n.sum" 2>/dev/null || { p=0; f=1; }
	echo "$p $f $status" >"$out/$n.res"' sh {}

total_pass=0
total_fail=0
failed_scripts=""
for t in tests/cli/t_*.sh; do
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
echo "cli: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
