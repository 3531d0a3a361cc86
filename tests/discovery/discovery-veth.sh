#!/usr/bin/env bash
# Two hosts on one LAN, made of two network namespaces inside the test's own private one
# (tests/netns-run.sh) and joined by two veth pairs: 10.77.0.0/24 and 10.78.0.0/24, like a
# cable and Wi-Fi between the same two machines. Host A runs two nodes, host B one.
# Checks: discovery works across the link (every pair gets a session), and host B's node,
# heard over both paths, is one peer with two addresses on host A.
# Nothing here can reach the machine's real network: the veths exist only in namespaces that
# die with this script. Usage: discovery-veth.sh <tincan binary>
set -euo pipefail
bin=$1
work=$(mktemp -d)
holders=()
nodes=()

cleanup() {
  for pid in "${nodes[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${nodes[@]}"; do timeout 5 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${holders[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [[ -n ${KEEP_LOGS:-} ]] && cp "$work"/*.log "$KEEP_LOGS"/ 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  for log in "$work"/*.log; do [[ -f $log ]] && { echo "--- $log"; cat "$log"; }; done
  exit 1
}

# Polls with a deadline: the nodes are other processes, there is nothing to wait on.
wait_for() {
  local what=$1; shift
  for _ in $(seq 200); do "$@" && return 0; sleep 0.05; done
  fail "timed out waiting for $what"
}

own_namespace() { [[ $(readlink "/proc/$1/ns/net" 2>/dev/null) != "$(readlink /proc/self/ns/net)" ]]; }
# A host is a network namespace held open by a sleeping process; its pid names the host.
new_host() { # variable
  unshare -n sleep 300 >/dev/null 2>&1 &
  local pid=$!
  holders+=("$pid")
  wait_for "namespace of $pid" own_namespace "$pid"
  printf -v "$1" '%s' "$pid"
}
on() { local host=$1; shift; nsenter -t "$host" -n "$@"; }

if ! ip link add tcva1 type veth peer name tcvb1 2>/dev/null; then
  # shellcheck source=../netns-unavailable.sh
  source "$(dirname "$0")/../netns-unavailable.sh"
  netns_unavailable "cannot create veth pairs here"
fi
ip link add tcva2 type veth peer name tcvb2
new_host hostA
new_host hostB
ip link set tcva1 netns "$hostA"; ip link set tcva2 netns "$hostA"
ip link set tcvb1 netns "$hostB"; ip link set tcvb2 netns "$hostB"
on "$hostA" ip addr add 10.77.0.1/24 dev tcva1
on "$hostA" ip addr add 10.78.0.1/24 dev tcva2
on "$hostB" ip addr add 10.77.0.2/24 dev tcvb1
on "$hostB" ip addr add 10.78.0.2/24 dev tcvb2
for dev in lo tcva1 tcva2; do on "$hostA" ip link set "$dev" up; done
for dev in lo tcvb1 tcvb2; do on "$hostB" ip link set "$dev" up; done

start_node() { # host name
  # nsenter execs the node, so $! is the node itself (a backgrounded function would be a
  # subshell, and killing that would leave the node running).
  nsenter -t "$1" -n "$bin" --headless --port 0 --profile "$work/$2" --name "$2" >"$work/$2.log" 2>&1 &
  nodes+=("$!")
}
node_id() { sed -n 's/.*"fingerprint": "\([0-9a-f]*\)".*/\1/p' "$work/$1/node.json" 2>/dev/null; }
has_id() { [[ -n $(node_id "$1") ]]; }
session_up() { # who with
  grep -q "session up with $2 $(node_id "$2" | cut -c1-12)" "$work/$1.log"
}
all_sessions() {
  local a b
  for a in Ann Abe Bea; do for b in Ann Abe Bea; do
    [[ $a == "$b" ]] || session_up "$a" "$b" || return 1
  done; done
}

SECONDS=0
start_node "$hostA" Ann
start_node "$hostA" Abe
start_node "$hostB" Bea
for name in Ann Abe Bea; do wait_for "$name's node.json" has_id "$name"; done
start=$(date +%s%N)
wait_for "sessions between every pair" all_sessions
echo "all three pairs have sessions $(( ($(date +%s%N) - start) / 1000000 )) ms after the nodes were ready"

bea=$(node_id Bea)
# Both paths reach Ann, and they are one peer: one "discovered", then an update naming both.
both_paths() {
  grep -E "tincan.discovery: (discovered|updated) $bea \"Bea\" at " "$work/Ann.log" \
    | grep -q -e "10.77.0.2:.*10.78.0.2:" -e "10.78.0.2:.*10.77.0.2:"
}
wait_for "Bea heard on both paths" both_paths
count=$(grep -c "tincan.discovery: discovered $bea" "$work/Ann.log" || true)
[[ $count -eq 1 ]] || fail "Bea was discovered $count times by Ann, expected one entry"
grep -E "tincan.discovery: (discovered|updated) $bea" "$work/Ann.log" | tail -1
grep -q "tincan.discovery: listening on UDP port 47474 on tcva" "$work/Ann.log" \
  || fail "Ann should use the veths, not loopback"
echo "PASS: discovery across the link, one peer over two paths (${SECONDS} s)"
