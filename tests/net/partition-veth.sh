#!/usr/bin/env bash
# Partition test: two hosts (network namespaces inside the test's own private one, see
# tests/netns-run.sh) joined by one veth pair, a headless node on each, messages flowing both
# ways through each node's bridge. During the traffic the link goes down twice: briefly (TCP
# retransmits across the gap) and for longer than the keepalive timeout (45 s: the session dies,
# the outbox queues, the nodes redial). Afterwards every message must be in both histories
# exactly once, delivered, and in send order per sender.
# Nothing here can reach the machine's real network: the veth pair exists only in namespaces
# that die with this script. Usage: partition-veth.sh <tincan binary>
set -euo pipefail
bin=$1
work=$(mktemp -d)
holders=()
nodes=()
senders=()

cleanup() {
  for pid in "${senders[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${nodes[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${nodes[@]}"; do timeout 5 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${holders[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [[ -n ${KEEP_LOGS:-} ]] && cp "$work"/*.log "$KEEP_LOGS"/ 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  for log in "$work"/*.log; do [[ -f $log ]] && { echo "--- $log"; tail -n 40 "$log"; }; done
  exit 1
}

# Polls with a deadline (tenths of a second): the nodes are other processes.
wait_for() {
  local what=$1 tenths=$2; shift 2
  for _ in $(seq "$tenths"); do "$@" && return 0; sleep 0.1; done
  fail "timed out waiting for $what"
}

own_namespace() { [[ $(readlink "/proc/$1/ns/net" 2>/dev/null) != "$(readlink /proc/self/ns/net)" ]]; }
new_host() { # variable
  unshare -n sleep 600 >/dev/null 2>&1 &
  local pid=$!
  holders+=("$pid")
  wait_for "namespace of $pid" 100 own_namespace "$pid"
  printf -v "$1" '%s' "$pid"
}
on() { local host=$1; shift; nsenter -t "$host" -n "$@"; }

if ! ip link add tcpa type veth peer name tcpb 2>/dev/null; then
  # shellcheck source=../netns-unavailable.sh
  source "$(dirname "$0")/../netns-unavailable.sh"
  netns_unavailable "cannot create veth pairs here"
fi
new_host hostA
new_host hostB
ip link set tcpa netns "$hostA"
ip link set tcpb netns "$hostB"
on "$hostA" ip addr add 10.79.0.1/24 dev tcpa
on "$hostB" ip addr add 10.79.0.2/24 dev tcpb
for dev in lo tcpa; do on "$hostA" ip link set "$dev" up; done
for dev in lo tcpb; do on "$hostB" ip link set "$dev" up; done

declare -A host_of=([Ann]=$hostA [Bea]=$hostB)
start_node() { # name extra-args...
  local name=$1; shift
  nsenter -t "${host_of[$name]}" -n "$bin" --headless --port 0 --no-discovery --bridge 0 \
    --profile "$work/$name" --name "$name" "$@" >"$work/$name.log" 2>&1 &
  nodes+=("$!")
}
info() { jq -r "$2" "$work/$1/node.json" 2>/dev/null; }
ready() { [[ $(info "$1" .bridge.port) =~ ^[0-9]+$ ]]; }
# api NAME METHOD PATH [BODY [curl options...]]: the node's bridge, from inside its host.
api() {
  local name=$1 method=$2 path=$3 body=${4:-}
  shift 3; (($#)) && shift
  local args=(-s --max-time 10 -X "$method" -H "Authorization: Bearer $(cat "$work/$name/bridge.token")")
  [[ -n $body ]] && args+=(-d "$body")
  on "${host_of[$name]}" curl "${args[@]}" "$@" "http://127.0.0.1:$(info "$name" .bridge.port)/api/v1$path"
}
online() { [[ $(api "$1" GET /peers | jq --arg id "$2" '[.peers[] | select(.id == $id and .online)] | length') == 1 ]]; }
count() { grep -c -e "$2" "$work/$1.log" || true; } # name pattern

start_node Ann
wait_for "Ann's bridge" 100 ready Ann
start_node Bea --connect "10.79.0.1:$(info Ann .port)"
wait_for "Bea's bridge" 100 ready Bea
ann=$(info Ann .fingerprint)
bea=$(info Bea .fingerprint)
wait_for "a session between Ann and Bea" 200 online Ann "$bea"

# Each sender posts "<name>-<n>" every 100 ms and records what its bridge accepted (201).
sender() { # name peer
  local name=$1 peer=$2 n=0 code
  while [[ ! -e $work/stop ]] && ((n < 3000)); do
    n=$((n + 1))
    code=$(api "$name" POST /messages "{\"to\": \"$peer\", \"text\": \"$name-$n\"}" \
      -o /dev/null -w '%{http_code}' || true)
    [[ $code == 201 ]] && echo "$name-$n" >>"$work/$name.sent"
    sleep 0.1
  done
}
SECONDS=0
sender Ann "$bea" & senders+=("$!")
sender Bea "$ann" & senders+=("$!")

link() { on "$hostA" ip link set tcpa "$1"; echo "[${SECONDS} s] link $1"; }
closed_on() { count "$1" "tincan.net: session ${2:0:12} closed:"; } # name peer
ups_on() { count "$1" "session up with .* ${2:0:12}"; }            # name peer
sleep 3
link down; sleep 8; link up # shorter than the keepalive: TCP carries on
sleep 5
closedA=$(closed_on Ann "$bea"); closedB=$(closed_on Bea "$ann")
upsA=$(ups_on Ann "$bea")
link down # until both keepalives have given up on the session (45 s of silence)
both_gave_up() { (($(closed_on Ann "$bea") > closedA && $(closed_on Bea "$ann") > closedB)); }
# 45 s of silence, checked at each 15 s ping: 45 to 60 s.
wait_for "both nodes to drop the silent session" 900 both_gave_up
echo "[${SECONDS} s] both sessions closed by the keepalive"
sleep 3 # a few failed redials while the link is still down
link up
wait_for "a new session" 900 bash -c "(( \$(grep -c 'session up with .* ${bea:0:12}' '$work/Ann.log') > $upsA ))"
echo "[${SECONDS} s] session back"
sleep 5
touch "$work/stop"
for pid in "${senders[@]}"; do wait "$pid" || true; done
senders=()

sent_dir=$work
# shellcheck source=historycheck.sh
source "$(dirname "$0")/historycheck.sh"
wait_for "every message of Ann delivered" 600 all_delivered Ann "$bea"
wait_for "every message of Bea delivered" 600 all_delivered Bea "$ann"
echo "[${SECONDS} s] all delivered: Ann sent $(wc -l <"$work/Ann.sent"), Bea sent $(wc -l <"$work/Bea.sent")"

# Each side holds each sender's messages exactly once, in the order they were sent.
check_sent Ann "$bea" Ann true
check_sent Ann "$bea" Bea false
check_sent Bea "$ann" Bea true
check_sent Bea "$ann" Ann false
echo "PASS: $(wc -l <"$work/Ann.sent") + $(wc -l <"$work/Bea.sent") messages across two outages, each exactly once and in order on both sides (${SECONDS} s)"
