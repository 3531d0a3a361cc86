#!/usr/bin/env bash
# Startup-to-first-frame and idle RSS of the GUI under Xvfb, inside a private network namespace.
# Usage: tests/netns-run.sh tests/gui/bench-gui.sh <bench_gui_startup binary> [runs] [--json|--scale]
# With --json only the empty profile is measured and one JSON object is printed (for
# tests/bench/run-benchmarks.sh). With --scale the profile is an office (2,000 peers, 1,000
# conversations, a 100,000-message chat open in a window): the first frames, then the frame
# times of a scripted scroll of that chat and of the sidebar, medians over the runs, as JSON.
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

# The median of each figure over the runs (one JSON line per run); no samples is an error, not 0.
medians() { # jq program over $runs, with `median` defined; files...
  local program=$1
  shift
  jq -s --argjson runs "$runs" '
    def median: if length == 0 or any(. == null) then error("a run printed no figure")
                else sort | if length % 2 == 1 then .[length / 2 | floor]
                            else (.[length / 2 - 1] + .[length / 2]) / 2 end end;
    '"$program" "$@"
}
measure() { # profile label
  "$bench" --profile "$1" --idle-ms 500 >/dev/null # warm the page cache and the QML disk cache
  : >"$work/$2.json"
  for _ in $(seq "$runs"); do "$bench" --profile "$1" >>"$work/$2.json"; done
  local figures frame rss
  figures=$(medians '{gui_first_frame_ms_median: (map(.firstFrameMs) | median),
                      gui_idle_rss_kib_median: (map(.idleRssKiB) | median), gui_runs: $runs}' \
    "$work/$2.json")
  if [[ -n $json ]]; then
    jq -c . <<<"$figures"
    return
  fi
  read -r frame rss < <(jq -r '"\(.gui_first_frame_ms_median) \(.gui_idle_rss_kib_median)"' <<<"$figures")
  printf '%-34s first frame %5s ms   idle RSS %6s KiB   (median of %s)\n' "$2" "$frame" "$rss" "$runs"
}

if [[ $json == --scale ]]; then
  "$bench" --profile "$work/office" --idle-ms 100 >/dev/null # creates the identity
  "$bench" --profile "$work/office" --seed-office 2000,1000,100000
  "$bench" --profile "$work/office" --idle-ms 200 --scroll 300 >/dev/null # warm, as above
  for _ in $(seq "$runs"); do
    "$bench" --profile "$work/office" --idle-ms 500 --scroll 300 >>"$work/office.json"
  done
  medians '
    def scroll(f): {frames: (map(f.frames) | median), scrolled_px: (map(f.scrolledPx) | median),
                    rows_at_end: (map(f.rows) | median), p50_ms: (map(f.p50Ms) | median),
                    p95_ms: (map(f.p95Ms) | median), p99_ms: (map(f.p99Ms) | median),
                    max_ms: (map(f.maxMs) | median), long_frames: (map(f.longFrames) | median)};
    {peers: 2000, conversations: 1000, open_chat_messages: 100000, runs: $runs,
     first_frame_ms_median: (map(.firstFrameMs) | median),
     chat_first_frame_ms_median: (map(.chatFirstFrameMs) | median),
     rss_after_scroll_kib_median: (map(.rssAfterScrollKiB) | median),
     chat_scroll: scroll(.chatScroll), sidebar_scroll: scroll(.sidebarScroll)}' \
    "$work/office.json"
  exit 0
fi
"$bench" --profile "$work/empty" --idle-ms 100 >/dev/null # creates the identity
measure "$work/empty" "empty profile"
[[ -z $json ]] || exit 0
"$bench" --profile "$work/big" --seed 10000
measure "$work/big" "10000-message chat in a window"
