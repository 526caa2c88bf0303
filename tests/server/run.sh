#!/bin/sh
# Run every team server test script (tests/server/t_*.sh) and total their
# checks. Each script starts a PostgreSQL cluster of its own (pg.sh), so
# they are run one after the other.
set -u
total_pass=0
total_fail=0
failed_scripts=""
out=$(mktemp -d "${TMPDIR:-/tmp}/repdesk-server-run.XXXXXX")
trap 'rm -rf "$out"' EXIT
for t in tests/server/t_*.sh; do
	[ -f "$t" ] || continue
	n=$(basename "$t" .sh)
	RESULT_FILE=$out/$n.sum sh "$t"
	status=$?
	read -r p f <"$out/$n.sum" 2>/dev/null || { p=0; f=1; }
	if [ "$status" != 0 ] && [ "$f" = 0 ]; then f=1; fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	[ "$f" = 0 ] || failed_scripts="$failed_scripts $n.sh"
	printf '%-28s %4d passed, %d failed\n' "$n.sh" "$p" "$f"
done
[ -z "$failed_scripts" ] || echo "failing:$failed_scripts"
echo "server: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
