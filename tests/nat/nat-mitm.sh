#!/usr/bin/env bash
# A man in the middle at nat-b (#24). B is reachable from wan through a port forward at its
# router (TCP; no --internet needed), and A links to it by its invite link: they chat. Then
# nat-b turns hostile: the forward now leads to M, a Tincan node of its own, with another key.
# B goes away and A redials the address it knows, where M answers: A refuses it, as on the LAN
# (another device at B's address; a key change when A follows B's invite link again), and never
# takes M for B or for anyone.
# Usage: nat-mitm.sh <tincan binary>
set -euo pipefail
variant=mitm bin=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=natnodes.sh
source "$here/natnodes.sh"
host_of[M]=nat-b

natbed_up cone
port=47001 mport=47002
# The port forward wan:port → b:port, and nat-b's filter lets what it forwards through.
natbed_on nat-b nft -f - <<EOF2
table ip natbed {
  chain nat_in { type nat hook prerouting priority dstnat; policy accept;
    iifname "wan0" tcp dport $port dnat to $NATBED_B:$port
  }
}
EOF2
natbed_on nat-b nft insert rule ip natbed filter_fwd ct status dnat accept
natbed_on nat-b nft insert rule ip natbed filter_in ct status dnat accept

start_node A
start_node B --port "$port"
for n in A B; do wait_for "$n's bridge" 150 ready "$n"; done
a=$(info A .fingerprint) b=$(info B .fingerprint)
api A POST /peers "{\"target\": \"tincan://$NATBED_PUB_B:$port/$b\"}" >/dev/null
wait_for "A linked to B through the port forward" 150 online A "$b"
marker="before-nat-b-turned-$RANDOM"
api A POST /messages "{\"to\": \"$b\", \"text\": \"$marker\"}" >/dev/null
wait_for "A's message on B" 150 has_text B "$a" "$marker"

# nat-b turns hostile: its own node M, with another key, takes B's forwarded port.
start_node M --port "$mport"
wait_for "M's bridge" 150 ready M
m=$(info M .fingerprint)
natbed_on nat-b nft flush chain ip natbed nat_in
natbed_on nat-b nft add rule ip natbed nat_in iifname "wan0" tcp dport "$port" \
  dnat to "$NATBED_GW_B:$mport"
kill -TERM "$(pgrep -f -- "--profile $NATBED_DIR/B " | head -n1)"
wait_for "B gone from A" 150 offline A "$b"
# A redials B's address with its backoff, and M answers there: another device at B's address,
# refused as on the LAN. And when A follows B's invite link again, which pins B's key, M's key is
# a key change, refused and reported.
wait_for "A refusing M at B's address" 300 \
  grep -q "closed: address now belongs to another peer" "$NATBED_DIR/A.log"
api A POST /peers "{\"target\": \"tincan://$NATBED_PUB_B:$port/$b\"}" >/dev/null
wait_for "A refusing M's key for B's" 150 grep -q "KEY CHANGE" "$NATBED_DIR/A.log"
wait_for "M seeing A's dial" 150 grep -q -- "$(cut -c1-12 <<<"$a")" "$NATBED_DIR/M.log"
online A "$b" && fail "A took M for B"
[[ -z $(peer A "$m") ]] || fail "A lists M as a peer: $(peer A "$m")"
grep -q "session up with M" "$NATBED_DIR/A.log" && fail "A brought a session up with M"
finish_nodes
echo "PASS (mitm): a man in the middle at nat-b, answering at B's address with another key, is refused by A (a redial and B's invite link)"
