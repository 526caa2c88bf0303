#!/bin/sh
# Run every CLI test script (tests/cli/t_*.sh) and total their checks.
set -u
total_pass=0
total_fail=0
failed_scripts=""
res=$(mktemp)
for t in tests/cli/t_*.sh; do
	: >"$res"
	RESULT_FILE=$res sh "$t"
	status=$?
	read -r p f <"$res" || { p=0; f=1; }
	if [ "$status" != 0 ] && [ "$f" = 0 ]; then f=1; fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	[ "$f" = 0 ] || failed_scripts="$failed_scripts $(basename "$t")"
	printf '%-28s %4d passed, %d failed\n' "$(basename "$t")" "$p" "$f"
done
rm -f "$res"
[ -z "$failed_scripts" ] || echo "failing:$failed_scripts"
echo "cli: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
