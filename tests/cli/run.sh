#!/bin/sh
# Run every CLI test script (tests/cli/t_*.sh) and total their checks.
# Scripts are independent (each has its own temp home and book), so
# CLI_JOBS of them (default: the number of processors) run at a time.
exec sh tests/tools/run_scripts.sh tests/cli cli "${CLI_JOBS:-$(nproc 2>/dev/null || echo 1)}"
