#!/bin/sh
# Build the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined)
# and run each for FUZZ_SECONDS (default 30), one after the other. Any crash,
# leak or sanitizer report fails the run; its input is left in build/fuzz/
# (crash-*, leak-*): make it a regression test and add it to the corpus.
# Seeds: tests/fuzz/corpus/HARNESS/ (read only); what the fuzzer finds goes
# to build/fuzz/corpus-HARNESS/. FUZZ_ONLY="csv money" runs a subset.
# The Makefile's fuzz target passes the compile flags (FUZZ_CPPFLAGS, ...).
set -eu
command -v clang >/dev/null || { echo "make fuzz needs clang (apt-get install -y clang libclang-rt-14-dev)"; exit 1; }
secs=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-2}
out=build/fuzz
CPP="${FUZZ_CPPFLAGS:--Iinclude -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED -D_DEFAULT_SOURCE}"
CPP="$CPP -DREPDESK_VERSION=\"fuzz\" -DREPDESK_DATADIR=\"/nonexistent\" -DREPDESK_LOCALEDIR=\"/nonexistent\""
CURSES_CFLAGS=${FUZZ_CURSES_CFLAGS:-}
LIBS=${FUZZ_LIBS:--lsqlite3 -lcsv -lm}
CURSES_LIBS=${FUZZ_CURSES_LIBS:--lncursesw}
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cflags="-std=c11 -g -O1 -pthread $san"
mkdir -p "$out/obj"
# The harnesses write their input to a file: in memory when there is room.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	export TMPDIR=/dev/shm
fi

# The library (and the key-binding reader) once, instrumented for coverage;
# again when a source or any header changed.
export cflags CPP CURSES_CFLAGS
for src in src/core/*.c src/store/*.c src/io/*.c src/app/*.c src/ui/keys.c; do
	o="$out/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
	if [ ! -e "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find include src -name '*.h' -newer "$o" | head -1)" ]; then
		printf '%s %s\n' "$src" "$o"
	fi
done | xargs -r -P "$jobs" -n 2 sh -c '
	extra=""
	case "$0" in
	src/ui/*) extra="$CURSES_CFLAGS" ;;
	# small buffers: their ends fall everywhere, and no megabyte per file
	src/io/csv_read.c) extra="-DREAD_CHUNK=61 -DDETECT_MAX=97 -DTEXT_CAP=83 -DPARSER_BLK=64" ;;
	esac
	exec clang $cflags -fsanitize=fuzzer-no-link $CPP $extra -c -o "$1" "$0"'
objs=""
for src in src/core/*.c src/store/*.c src/io/*.c src/app/*.c; do
	objs="$objs $out/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
done
rm -f "$out/librepdesk-fuzz.a"
ar rcs "$out/librepdesk-fuzz.a" $objs

harnesses=${FUZZ_ONLY:-"csv import bundle config calendar money date"}
for h in $harnesses; do
	extra=""
	[ "$h" = config ] && extra="$out/obj/src_ui_keys.o $CURSES_LIBS"
	clang $cflags -fsanitize=fuzzer $CPP -o "$out/fuzz_$h" "tests/fuzz/fuzz_$h.c" $extra \
	      "$out/librepdesk-fuzz.a" $LIBS
done

# Run each; one line of figures per harness.
failed=0
summary=""
for h in $harnesses; do
	mkdir -p "$out/corpus-$h"
	case $h in
	money|date) maxlen=64 ;;
	bundle) maxlen=262144 ;;
	*) maxlen=8192 ;;
	esac
	log="$out/fuzz_$h.log"
	if (cd "$out" && "./fuzz_$h" -max_total_time="$secs" -max_len=$maxlen -timeout=30 \
	      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="./$h-" \
	      "corpus-$h" "../../tests/fuzz/corpus/$h") >"$log" 2>&1; then
		st=ok
	else
		st=FAILED
		failed=$((failed + 1))
		grep -E "ERROR|SUMMARY|artifact" "$log" | head -5
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	line=$(printf '%-9s %-6s %12s executions, %7s/s in %ss' "$h" "$st" "${runs:-?}" "${rate:-?}" "$secs")
	echo "fuzz: $line"
	summary="$summary$line
"
done
n=$(echo $harnesses | wc -w)
printf '%s' "$summary" >"$out/summary.txt"
echo "fuzz: $((n - failed)) passed, $failed failed (logs in $out/)"
[ "$failed" = 0 ]
