#!/usr/bin/env bash
# Startup-to-first-frame and idle RSS of the GUI under Xvfb, inside a private network namespace.
# Usage: tests/netns-run.sh tests/gui/bench-gui.sh <bench_gui_startup binary> [runs] [--json]
# With --json only the empty profile is measured and one JSON object is printed (for
# tests/bench/run-benchmarks.sh).
# Prints the median of each figure for an empty profile and for one holding a 10 000-message
# chat that opens in its own window at start (lazy loading keeps that one page deep).
set -euo pipefail
bench=$1
runs=${2:-7}
json=${3:-}
work=$(mktemp -d)
display=":$((500 + RANDOM % 300))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X${display#:} ]] && break; sleep 0.1; done
export DISPLAY=$display QT_QPA_PLATFORM=xcb XDG_RUNTIME_DIR=$work QT_LOGGING_RULES="tincan.*=false"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # profile label
  "$bench" --profile "$1" --idle-ms 500 >/dev/null # warm the page cache and the QML disk cache
  : >"$work/$2.json"
  for _ in $(seq "$runs"); do "$bench" --profile "$1" >>"$work/$2.json"; done
  local frame rss
  frame=$(sed -nE 's/.*"firstFrameMs": ([0-9]+).*/\1/p' "$work/$2.json" | median)
  rss=$(sed -nE 's/.*"idleRssKiB": ([0-9]+).*/\1/p' "$work/$2.json" | median)
  if [[ -n $json ]]; then
    printf '{"gui_first_frame_ms_median": %s, "gui_idle_rss_kib_median": %s, "gui_runs": %s}\n' "$frame" "$rss" "$runs"
    return
  fi
  printf '%-34s first frame %5s ms   idle RSS %6s KiB   (median of %s)\n' "$2" "$frame" "$rss" "$runs"
}

"$bench" --profile "$work/empty" --idle-ms 100 >/dev/null # creates the identity
measure "$work/empty" "empty profile"
[[ -z $json ]] || exit 0
"$bench" --profile "$work/big" --seed 10000
measure "$work/big" "10000-message chat in a window"
