#!/usr/bin/env bash
# Discovery time and headless memory of real `tincan-node` processes, inside a private
# network namespace (the script re-runs itself through tests/netns-run.sh), printing one JSON
# object on stdout:
#   discovery_ms_median      a new node's start → TLS session with a node already running, found
#                            by discovery alone (median of RUNS)
#   headless_idle_rss_kib    VmRSS of a node with no session, 2 s after it is ready
#   rss_per_session_kib      VmRSS growth of that node per extra session, with SESSIONS peers
# Usage: tests/bench/bench-headless.sh <tincan-node (or tincan) binary> [RUNS=7] [SESSIONS=10]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ "${TINCAN_IN_NETNS:-}" != 1 ]]; then
  exec "$here/../netns-run.sh" "$0" "$@"
fi
bin=$(realpath "$1")
runs=${2:-7}
sessions=${3:-10}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export QT_LOGGING_RULES="tincan.*.debug=false" XDG_RUNTIME_DIR=$work

now_ms() { echo $(($(date +%s%N) / 1000000)); }
start() { # name [extra args...] — sets $pid
  local name=$1
  shift
  "$bin" --headless --port 0 --profile "$work/$name" --name "$name" "$@" >"$work/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
}
wait_for() { # seconds command... — polls every 10 ms, fails after the deadline
  local deadline=$(($(now_ms) + $1 * 1000))
  shift
  until "$@"; do
    (($(now_ms) < deadline)) || return 1
    sleep 0.01
  done
}
ready() { [[ -s "$work/$1/node.json" ]]; }
field() { jq -r ".$2" "$work/$1/node.json"; }
sessions_of() { grep -c 'session up with' "$work/$1.log" || true; }
has_sessions() { (($(sessions_of "$1") >= $2)); }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Discovery: the first node runs; each run starts a fresh second one and times its first session.
start hub
hub=$pid
wait_for 20 ready hub
: >"$work/discovery"
for run in $(seq "$runs"); do
  t0=$(now_ms)
  start "d$run"
  wait_for 20 has_sessions "d$run" 1 || { echo "discovery run $run: no session" >&2; exit 1; }
  echo $(($(now_ms) - t0)) >>"$work/discovery"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done

# Memory: a fresh node without discovery, alone, then with SESSIONS peers dialling it.
start mem --no-discovery
mem=$pid
wait_for 20 ready mem
sleep 2
idle=$(rss_kib "$mem")
port=$(field mem port)
kill "$hub"
for i in $(seq "$sessions"); do
  start "s$i" --no-discovery --connect "127.0.0.1:$port"
done
wait_for 60 has_sessions mem "$sessions" || { echo "only $(sessions_of mem) sessions" >&2; exit 1; }
sleep 2
busy=$(rss_kib "$mem")

jq -n --argjson discovery "$(median <"$work/discovery")" --argjson runs "$runs" \
  --argjson idle "$idle" --argjson busy "$busy" --argjson sessions "$sessions" '{
    discovery_ms_median: $discovery, discovery_runs: $runs,
    headless_idle_rss_kib: $idle,
    rss_with_sessions_kib: $busy, sessions: $sessions,
    rss_per_session_kib: (($busy - $idle) / $sessions | floor)
  }'
