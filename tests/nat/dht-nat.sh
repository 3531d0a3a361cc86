#!/usr/bin/env bash
# Rendezvous over the DHT (#25), end to end: A behind nat-a and B behind nat-b have no mutual
# contact anywhere. A DHT bootstrap node of the bed's own (tests/dht/dhtbootnode) and coturn run
# in wan. A knows only B's tincan://ID: it finds B's record on the DHT, their sealed offer and
# answer cross there, ICE finds a path (direct through cone NATs, relayed by coturn through
# symmetric ones), and they chat both ways over the pinned TLS link. A capture in wan holds
# neither device's id nor either account's id (as text or as bytes), nor any message text. Through cone NATs, a device
# asked for by id while it is offline is reached once it is back.
# Usage: dht-nat.sh VARIANT <tincan binary> <dhtbootnode binary>; VARIANT is cone or symmetric.
set -euo pipefail
variant=$1 bin=$2 dhtboot=$3
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=natnodes.sh
source "$here/natnodes.sh"

case $variant in
  cone) expect=direct ;;
  symmetric) expect=relayed ;;
  *) echo "usage: $0 cone|symmetric TINCAN DHTBOOTNODE" >&2; exit 2 ;;
esac
natbed_up "$variant"
natbed_turn_start
natbed_dht_start "$dhtboot"
natbed_capture_start "$NATBED_DIR/wan.pcap"
ice=(--internet --stun "$NATBED_STUN" --turn "$NATBED_TURN" --dht-bootstrap "$NATBED_DHT")
start_node A "${ice[@]}"
start_node B "${ice[@]}"
for n in A B; do wait_for "$n's bridge" 150 ready "$n"; done
a=$(info A .fingerprint) b=$(info B .fingerprint)
acc_a=$(info A .account) acc_b=$(info B .account) # the accounts' ids, as distinct from devices'
[[ $acc_a =~ ^[0-9a-f]{64}$ && $acc_b =~ ^[0-9a-f]{64}$ ]] || fail "no account ids in node.json"
# Once both have joined the DHT (each has published its record), A can find B: a lookup before
# that misses, and A seeks B again with the usual backoff (the C part below tests that). The
# clock runs from A's request.
for n in A B; do
  wait_for "$n's record on the DHT" 300 grep -q "published this device's record" "$NATBED_DIR/$n.log"
done
t0=$EPOCHREALTIME
api A POST /peers "{\"target\": \"tincan://$b\"}" >/dev/null
wait_for "A and B linked through the DHT" 900 online A "$b"
wait_for "B sees A" 100 online B "$a"
connect_ms=$(ms_since "$t0")
grep -q "rendezvous contact did not find $(cut -c1-12 <<<"$b")" "$NATBED_DIR/A.log" ||
  fail "A did not ask its contacts first"
grep -q "found $(cut -c1-12 <<<"$b") through dht" "$NATBED_DIR/A.log" ||
  fail "A did not find B through the DHT"
grep -q "ICE offer from $(cut -c1-12 <<<"$a") through dht" "$NATBED_DIR/B.log" ||
  fail "B did not take A's offer from the DHT"
expect_link_kinds "$expect"
chat_unseen_in_wan "$a" "$b" "$acc_a" "$acc_b"
(($(tcpdump -n -r "$NATBED_DIR/wan.pcap" udp port 4222 2>/dev/null | wc -l) > 0)) ||
  fail "the capture in wan saw no DHT traffic"
# The ids as raw bytes too (32 bytes each), searched in the capture's hex dump.
dump=$(od -An -v -tx1 "$NATBED_DIR/wan.pcap" | tr -d ' \n')
for id in "$a" "$b" "$acc_a" "$acc_b"; do
  [[ $dump != *"$id"* ]] || fail "the capture in wan holds the bytes of id ${id:0:12}"
done

# Through cone NATs: B goes offline, and C (in wan, knowing no one) asks for it by id meanwhile.
# C keeps seeking; when B is back, C reaches it. C reaches beyond the LAN by the settings, as
# the desktop's switch sets them, and turning that off at run time closes every UDP socket it
# had: its DHT node and its ICE agents are gone, so nothing more goes to the DHT.
udp_sockets() { natbed_on "${host_of[$1]}" ss -Huanp | grep -c "pid=$(pgrep -f -- "--profile $NATBED_DIR/$1 " | head -n1)," || true; }
no_udp() { (($(udp_sockets "$1") == 0)); }
if [[ $variant == cone ]]; then
  kill -TERM "$(pgrep -f -- "--profile $NATBED_DIR/B " | head -n1)"
  wait_for "B gone from A" 150 offline A "$b"
  wait_for "B's node.json gone" 100 bash -c "[[ ! -e '$NATBED_DIR/B/node.json' ]]"
  start_node C
  wait_for "C's bridge" 150 ready C
  no_udp C || fail "C has UDP sockets with reaching beyond the LAN off"
  api C PATCH /settings "{\"internet\": true, \"stunServers\": [\"$NATBED_STUN\"], \"turnServers\": [\"$NATBED_TURN\"], \"dhtBootstrap\": [\"$NATBED_DHT\"]}" >/dev/null
  wait_for "C on the DHT" 150 grep -q "joining the DHT" "$NATBED_DIR/C.log"
  (($(udp_sockets C) > 0)) || fail "C's DHT socket does not show in ss: the check below could not fail"
  api C POST /peers "{\"target\": \"tincan://$b\"}" >/dev/null
  wait_for "C seeking B" 150 grep -q "dialling ice:$(cut -c1-12 <<<"$b")" "$NATBED_DIR/C.log"
  online C "$b" && fail "C reached B while B was offline"
  mv "$NATBED_DIR/B.log" "$NATBED_DIR/B-before-restart.log"
  start_node B "${ice[@]}"
  wait_for "C linked to B once B was back" 1200 online C "$b"
  echo "C, asking for B by id while B was offline, reached it once B was back"
  api C PATCH /settings '{"internet": false}' >/dev/null
  wait_for "C's UDP sockets closed" 150 no_udp C
  grep -q "leaving the DHT" "$NATBED_DIR/C.log" || fail "C did not leave the DHT"
  echo "C, turned off, left the DHT and closed its UDP sockets"
fi
finish_nodes
echo "BENCH variant=dht-$variant kind=$kind_a connect_ms=$connect_ms"
echo "PASS (dht-$variant): A found B through the DHT alone and linked in $connect_ms ms, link $kind_a, chat both ways, no id or text in wan"
