#!/usr/bin/env bash
# Reaching beyond the LAN (#24), end to end: three headless nodes in the NAT bed (natbed.sh).
# A sits behind nat-a, B behind nat-b, C in wan is their mutual contact, coturn runs in wan.
# A knows only B's tincan://ID; C introduces them, ICE finds a path, TLS with the pinned keys
# runs over it. They chat both ways, the link shows the expected kind (direct through cone
# NATs, relayed where hole punching cannot work), a capture in wan holds no message text, and
# the A-B link outlives C. Through cone NATs B also restarts, and A finds it by id again.
# Variant off: without --internet, A and B send nothing into wan, and tincan://ID is refused.
# With a DHT bootstrap node (tests/dht/dhtbootnode) given, A and B also join the bed's DHT, and
# the contact, being online, is still the rendezvous that finds B (#25: contacts first).
# Variant symmetric names STUN and TURN by host name, which the nodes resolve.
# Usage: ice-nat.sh VARIANT <tincan binary> [<dhtbootnode binary>]; VARIANT is cone, symmetric,
# udp-blocked or off.
set -euo pipefail
variant=$1 bin=$2 dhtboot=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=natnodes.sh
source "$here/natnodes.sh"

stun=$NATBED_STUN
case $variant in
  cone) expect=direct turn=$NATBED_TURN ;;
  # The servers by host name, as most users give them (resolved from the nodes' own hosts file).
  symmetric) expect=relayed stun=turn.natbed.test:3478 turn=${NATBED_TURN/$NATBED_TURN_ADDR/turn.natbed.test} ;;
  udp-blocked) expect=relayed turn="$NATBED_TURN?transport=tcp" ;; # A reaches TURN over TCP only
  off) expect="" turn="" ;;
  *) echo "usage: $0 cone|symmetric|udp-blocked|off BINARY" >&2; exit 2 ;;
esac
natbed_up "${variant/off/cone}"
natbed_turn_start ${NATBED_TURN_ARGS:-}
[[ -z $dhtboot ]] || natbed_dht_start "$dhtboot"

ice=(--internet --stun "$stun" --turn "$turn" --dht-bootstrap "${NATBED_DHT:-none}")
[[ $variant != symmetric ]] || hosts_entry turn.natbed.test "$NATBED_TURN_ADDR"
if [[ $variant == off ]]; then
  natbed_capture_start "$NATBED_DIR/wan.pcap"
  start_node A
  start_node B
  for n in A B; do wait_for "$n's bridge" 150 ready "$n"; done
  answer=$(api A POST /peers "{\"target\": \"tincan://$(info B .fingerprint)\"}")
  grep -q -- "--internet" <<<"$answer" || fail "tincan://ID without --internet was not refused: $answer"
  sleep 3 # what A or B might send unasked (there is no barrier for an absence of packets)
  natbed_on c bash -c "echo probe >/dev/udp/$NATBED_WAN/9" # the capture works: it sees this
  sleep 0.5
  natbed_capture_stop
  seen() { tcpdump -n -r "$NATBED_DIR/wan.pcap" "$@" 2>/dev/null | wc -l; }
  (($(seen src host "$NATBED_C") > 0)) || fail "the capture in wan saw nothing at all"
  from_ab=$(seen src host "$NATBED_PUB_A" or src host "$NATBED_PUB_B")
  ((from_ab == 0)) || fail "$from_ab packets from A or B in wan without --internet"
  echo "PASS (off): tincan://ID refused without --internet; no packet from A or B in wan"
  exit 0
fi
natbed_capture_start "$NATBED_DIR/wan.pcap"
link_through_c "${ice[@]}"
grep -q "found $(cut -c1-12 <<<"$b") through contact" "$NATBED_DIR/A.log" ||
  fail "A did not find B through their mutual contact"
expect_link_kinds "$expect"
[[ $(peer A "$b" | jq -r .link.transport) == ice ]] || fail "A's link to B is not over ICE"
if [[ $variant == symmetric ]]; then
  for n in A B; do
    grep -q "ICE server turn.natbed.test is $NATBED_TURN_ADDR" "$NATBED_DIR/$n.log" ||
      fail "$n did not resolve the TURN server's host name"
  done
fi
chat_unseen_in_wan

# A file across the path, checked end to end by its SHA-256 (the transfer checks it too).
mib=${NAT_FILE_MIB:-64}
head -c $((mib * 1024 * 1024)) /dev/urandom >"$NATBED_DIR/file.bin"
incoming() { api B GET /transfers | jq -c '[.transfers[] | select(.direction == "in")][0] // empty'; }
offered() { [[ -n $(incoming) ]]; }
in_state() { [[ $(incoming | jq -r .state) == "$1" ]]; }
file_start=$EPOCHREALTIME
api A POST /transfers "{\"to\": \"$b\", \"path\": \"$NATBED_DIR/file.bin\"}" >/dev/null
wait_for "B to be offered the file" 150 offered
if in_state ask; then api B POST "/transfers/$(incoming | jq -r .id)/accept" >/dev/null; fi
wait_for "the file on B" 3000 in_state completed
file_ms=$(ms_since "$file_start")
[[ $(sha256sum <"$(incoming | jq -r .path)") == "$(sha256sum <"$NATBED_DIR/file.bin")" ]] ||
  fail "the file arrived changed"
echo "file: $mib MiB in $file_ms ms over the $kind_a path"
# For tests/bench/bench-nat.sh: one line a script can read.
echo "BENCH variant=$variant kind=$kind_a connect_ms=$connect_ms file_mib=$mib file_ms=$file_ms"

# B restarts (a new port behind its NAT, no address A could dial): A seeks it by id again,
# through C, with the usual backoff.
if [[ $variant == cone ]]; then
  kill -TERM "$(pgrep -f -- "--profile $NATBED_DIR/B " | head -n1)"
  wait_for "B gone from A" 150 offline A "$b"
  wait_for "B's node.json gone" 100 bash -c "[[ ! -e '$NATBED_DIR/B/node.json' ]]"
  mv "$NATBED_DIR/B.log" "$NATBED_DIR/B-before-restart.log"
  start_node B "${ice[@]}"
  wait_for "B's bridge again" 150 ready B
  wait_for "A and B linked again, by id" 600 online A "$b"
  marker_again="after-b-restarted-$RANDOM"
  api A POST /messages "{\"to\": \"$b\", \"text\": \"$marker_again\"}" >/dev/null
  wait_for "a message after B restarted" 150 has_text B "$a" "$marker_again"
  echo "B restarted: A linked to it again by id ($(peer A "$b" | jq -r .link.kind))"
fi

# The A-B link does not need its introducer any more.
kill -TERM "$(pgrep -f -- "--profile $NATBED_DIR/C " | head -n1)"
wait_for "C gone from A" 150 offline A "$c"
marker_late="after-c-left-$RANDOM"
api A POST /messages "{\"to\": \"$b\", \"text\": \"$marker_late\"}" >/dev/null
wait_for "a message after C stopped" 150 has_text B "$a" "$marker_late"
online A "$b" || fail "the A-B link went down with C"
finish_nodes
echo "PASS ($variant): A and B linked over ICE in $connect_ms ms, link $kind_a, chat both ways, no text in wan, $mib MiB in $file_ms ms, link outlives C"
