#!/bin/sh
# Build the fuzz targets with clang's libFuzzer and run each for a while
# (FUZZ_SECONDS, default 60). Seeds come from tests/fixtures.
set -eu
command -v clang >/dev/null || { echo "make fuzz needs clang (apt-get install -y clang)"; exit 1; }
secs=${FUZZ_SECONDS:-60}
out=build/fuzz
mkdir -p "$out/corpus-money" "$out/corpus-csv"
flags="-std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Iinclude -g -O1 -fsanitize=fuzzer,address,undefined"
clang $flags -o "$out/fuzz_money" tests/fuzz/fuzz_money.c src/core/money.c src/core/text.c
clang $flags -o "$out/fuzz_csv" tests/fuzz/fuzz_csv.c src/io/*.c src/core/text.c -lcsv
for s in 12000 "¥12,000.50" 1.5万 2万5 -300 １２０００; do
	printf '%s' "$s" >"$out/corpus-money/$(printf '%s' "$s" | od -An -tx1 | tr -d ' \n')"
done
cp tests/fixtures/*.csv "$out/corpus-csv/" 2>/dev/null || true
"$out/fuzz_money" -max_total_time="$secs" -max_len=64 "$out/corpus-money"
"$out/fuzz_csv" -max_total_time="$secs" -max_len=4096 "$out/corpus-csv"
echo "fuzz: 2 passed, 0 failed"
