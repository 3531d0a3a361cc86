#!/usr/bin/env bash
# Fuzz smoke run, as CI does it: every target (or the ones named) for SECONDS (default 60).
# Usage: tests/fuzz/smoke.sh [SECONDS] [TARGET...]
set -euo pipefail
seconds=${1:-60}
shift || true
exec "$(dirname "$0")/fuzz-run.sh" -max_total_time="$seconds" "$@"
