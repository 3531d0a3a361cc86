#!/usr/bin/env bash
# A bad path beyond the LAN (#24): A and B linked over ICE through cone NATs whose wan links
# lose 1 % of packets each way and delay them 50 ms (netem, or l2delay where the kernel has no
# netem). Each sends 1,000 messages; while they are sent, A's wan link is cut for 10 s.
# Afterwards every message is in both histories exactly once, delivered, and in send order per
# sender, and the one ICE link carried it all: it survived the outage.
# Usage: ice-badpath.sh <tincan binary> [l2delay binary]
set -euo pipefail
variant=badpath bin=$1
NATBED_L2DELAY=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=natnodes.sh
source "$here/natnodes.sh"
count=${NAT_MESSAGES:-1000}

natbed_up badpath
natbed_turn_start
link_through_c --internet --stun "$NATBED_STUN" --turn "$NATBED_TURN" --dht-bootstrap none
echo "[${connect_ms} ms] linked over ICE ($(peer A "$b" | jq -r .link.kind)), netem: $NATBED_NETEM"

SECONDS=0
send_numbered A "$b" "$count" &
senders=("$!")
send_numbered B "$a" "$count" &
senders+=("$!")
sleep 2
natbed_wan_down a
echo "[${SECONDS} s] A's wan link down"
sleep 10
natbed_wan_up a
echo "[${SECONDS} s] A's wan link up"
for pid in "${senders[@]}"; do wait "$pid"; done
echo "[${SECONDS} s] sent: A $(wc -l <"$NATBED_DIR/A.sent"), B $(wc -l <"$NATBED_DIR/B.sent")"

sent_dir=$NATBED_DIR
# shellcheck source=../net/historycheck.sh
source "$here/../net/historycheck.sh"
wait_for "every message of A delivered" 1200 all_delivered A "$b"
echo "[${SECONDS} s] A's messages delivered"
wait_for "every message of B delivered" 1200 all_delivered B "$a"
echo "[${SECONDS} s] B's messages delivered"
check_sent A "$b" A true
check_sent A "$b" B false
check_sent B "$a" B true
check_sent B "$a" A false
(($(sessions_up A "$b") == 1 && $(sessions_up B "$a") == 1)) ||
  fail "the ICE link did not survive the outage (A: $(sessions_up A "$b") sessions, B: $(sessions_up B "$a"))"
finish_nodes
echo "PASS (badpath): $count + $count messages over a lossy ICE link and a 10 s outage, each" \
  "exactly once and in order on both sides; one link throughout (${SECONDS} s)"
