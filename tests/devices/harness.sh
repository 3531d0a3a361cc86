# shellcheck shell=bash
# The harness of the tests of several devices (link-devices.sh, history-devices.sh): real
# `tincan` nodes in a folder of their own, driven by `tincan ctl`. The sourcing script sets
# tincan (the binary) and the arrays port and name (per node: WHO → port, display name), and
# runs inside tests/netns-run.sh.
dir=$(mktemp -d)
declare -A pid
cleanup() {
  # CONT first: a test may leave a node stopped (SIGSTOP), and a stopped one ignores SIGKILL
  # until it runs again.
  for p in "${pid[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
export HOME=$dir/home XDG_DATA_HOME= XDG_CONFIG_HOME= TINCAN_KEY_STORAGE=file
mkdir -p "$HOME"

fail() {
  echo "FAIL: $*"
  for log in "$dir"/*.log; do echo "--- $log"; tail -n 30 "$log"; done
  exit 1
}
wait_until() { # what seconds command...: polls every 0.05 s
  local what=$1 seconds=$2 i
  shift 2
  for ((i = 0; i < seconds * 20; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  fail "$what (after ${seconds} s)"
}
ctl() { local who=$1; shift; "$tincan" ctl --profile "$dir/$who" "$@"; }
start() { # WHO [options]
  local who=$1
  shift
  "$tincan" --headless --profile "$dir/$who" --name "${name[$who]}" --port "${port[$who]}" \
    --no-discovery --bridge 0 "$@" >>"$dir/$who.log" 2>&1 &
  pid[$who]=$!
  wait_until "$who starts" 30 jq -e ".pid == ${pid[$who]} and .bridge.port != null" "$dir/$who/node.json"
}
stop() { kill -TERM "${pid[$1]}"; wait "${pid[$1]}" || fail "$1 did not stop cleanly"; unset "pid[$1]"; }
id_of() { jq -r .fingerprint "$dir/$1/node.json"; }
stage_is() { [[ $(ctl "$1" --json devices | jq -r '.linking.stage') == "$2" ]]; }
# Whether WHO sees peer ID with the jq condition true.
peer_is() { ctl "$1" --json peers | jq -e --arg id "$2" ".peers[] | select(.id == \$id and $3)"; }
