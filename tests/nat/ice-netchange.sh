#!/usr/bin/env bash
# A network change beyond the LAN (#24): A and B chat over ICE through cone NATs, introduced by
# C. While both send, A's address changes (10.201.1.2 → .3, the old one removed), as when a
# laptop gets a new lease or moves from Wi-Fi to cable: every path A had is dead without a sound,
# and B notices nothing. A must see the change, find its links dead within seconds, and reach B
# again in a new ICE session (libnice may fail the old one first, or the probe finds it silent) (through C, on its new address), which B takes at once in place of
# the link it still holds. Every message arrives exactly once and in order; B never shows A as
# offline; the time from the change to the new link is printed.
# Usage: ice-netchange.sh <tincan binary>
set -euo pipefail
variant=netchange bin=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=natnodes.sh
source "$here/natnodes.sh"
count=${NAT_MESSAGES:-300}
new_a=10.201.1.3

natbed_up cone
natbed_turn_start
link_through_c --internet --stun "$NATBED_STUN" --turn "$NATBED_TURN" --dht-bootstrap none
expect_link_kinds direct
echo "[${connect_ms} ms] linked over ICE ($kind_a)"

# B's view of A, polled for the whole run: an "offline" would show in it.
watch_b() { while :; do peer B "$a" | jq -r .online; sleep 0.2; done >"$NATBED_DIR/b-sees-a"; }

watch_b &
watcher=$!
send_numbered A "$b" "$count" &
senders=("$!")
send_numbered B "$a" "$count" &
senders+=("$!")
sleep 1
# A new address, the old one gone (promote_secondaries keeps the new one when the old goes).
natbed_on a sysctl -q -w net.ipv4.conf.eth0.promote_secondaries=1
natbed_on a ip addr add "$new_a/24" dev eth0
natbed_on a ip addr del "$NATBED_A/24" dev eth0
natbed_on a ip route replace default via "$NATBED_GW_A" src "$new_a"
t0=$EPOCHREALTIME
echo "A's address is now $new_a"
wait_for "A to see the change" 100 grep -q "the network changed (added: $new_a removed: $NATBED_A)" \
  "$NATBED_DIR/A.log"
relinked() { (($(sessions_up A "$b") >= 2)); }
wait_for "A and B linked again" 600 relinked
relink_ms=$(ms_since "$t0")
echo "[$relink_ms ms after the change] A and B linked again ($(peer A "$b" | jq -r .link.kind))"
for pid in "${senders[@]}"; do wait "$pid"; done
kill "$watcher" 2>/dev/null || true
wait "$watcher" 2>/dev/null || true

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
expect_link_kinds direct
grep -q "the device lost it and linked again" "$NATBED_DIR/B.log" ||
  fail "B did not take A's new link in place of the old one"
! grep -q "keepalive timeout" "$NATBED_DIR/B.log" || fail "B waited for its keepalive"
! grep -qx false "$NATBED_DIR/b-sees-a" || fail "B showed A as offline during the change"
finish_nodes
echo "PASS (netchange): A's address changed while $count + $count messages were sent; A relinked" \
  "to B over a new ICE session $relink_ms ms after the change, B took it without showing A" \
  "offline, and every message arrived exactly once and in order"
