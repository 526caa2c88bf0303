#!/bin/sh
# Run every team server test script (tests/server/t_*.sh) and total their
# checks. Each script starts a PostgreSQL cluster of its own (pg.sh, a
# socket in its own directory), so SERVER_JOBS of them (default: the number
# of processors) run at a time.
exec sh tests/tools/run_scripts.sh tests/server server "${SERVER_JOBS:-$(nproc 2>/dev/null || echo 1)}"
