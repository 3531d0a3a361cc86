#!/usr/bin/env bash
# A long fuzz run, by hand before a release: every target (or the ones named) for RUNS
# executions each (default 10 million). Takes hours on two cores; prints each target's count.
# Usage: tests/fuzz/long.sh [RUNS] [TARGET...]
set -euo pipefail
runs=${1:-10000000}
shift || true
exec "$(dirname "$0")/fuzz-run.sh" -runs="$runs" "$@"
