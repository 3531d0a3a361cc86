# shellcheck shell=bash disable=SC2034 # the NATBED_* variables are for the sourcing script
# NAT test bed, sourced by test scripts. Builds, inside the caller's own private network namespace:
#
#   a (10.201.1.2) -- nat-a (10.201.1.1 | 203.0.113.10) --+
#   b (10.201.2.2) -- nat-b (10.201.2.1 | 203.0.113.20) --+-- wan: bridge br-wan, 203.0.113.1, coturn
#                                      c (203.0.113.3) ---+
#
# Every "host" is a network namespace held open by an `unshare -n sleep` process (house style of
# tests/net/partition-veth.sh); veth pairs are created directly inside them. Sourcing this file
# re-executes the calling script under `unshare -n` (root) or `unshare -rn` unless it already runs
# in a private namespace (TINCAN_IN_NETNS=1, see tests/netns-run.sh), and refuses to go on in a
# namespace that has any interface besides lo, so that nothing can reach a real network.
# IPv4 only: IPv6 is disabled in every bed namespace.
#
#   natbed_up VARIANT      cone | symmetric | udp-blocked | badpath (trap natbed_cleanup EXIT first);
#                          badpath delays with netem, or with $NATBED_L2DELAY (tests/nat/l2delay)
#   natbed_on HOST cmd...  run cmd in a, b, c, wan, nat-a or nat-b
#   natbed_addr HOST       the address of HOST (routers: their public wan address)
#   natbed_spawn HOST LOG cmd...  background cmd in HOST, killed by natbed_cleanup ($NATBED_LAST_PID)
#   natbed_wan_down/up SIDE       cut/restore the wan link of a, b or c (bridge port down: silent)
#   natbed_turn_start [args...]   coturn in wan; $NATBED_STUN, $NATBED_TURN
#   natbed_capture_start FILE [tcpdump filter...] / natbed_capture_stop: tcpdump -i any in wan
#   natbed_pcap_count FILE MARKER prints how often MARKER occurs in the capture's raw bytes
#   natbed_down            stops everything (natbed_up may follow); natbed_cleanup also removes $NATBED_DIR

_natbed_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ ${TINCAN_IN_NETNS:-} != 1 ]]; then
  _natbed_unshare=(-n)
  [[ $(id -u) -eq 0 ]] || _natbed_unshare=(-r -n)
  if ! unshare "${_natbed_unshare[@]}" true 2>/dev/null; then
    # shellcheck source=../netns-unavailable.sh
    source "$_natbed_here/../netns-unavailable.sh"
    netns_unavailable "cannot create a private network namespace (unshare ${_natbed_unshare[*]} failed)"
  fi
  exec unshare "${_natbed_unshare[@]}" env TINCAN_IN_NETNS=1 bash "$0" "$@"
fi
# Last line of defence: a real namespace always has some interface besides lo.
if ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep -qvx lo; then
  echo "natbed: refusing to run in a namespace with real interfaces: $(ip -o link show | cut -d: -f2 | tr -d '\n')" >&2
  exit 1
fi
ip link set lo up

NATBED_A=10.201.1.2 NATBED_GW_A=10.201.1.1 NATBED_PUB_A=203.0.113.10
NATBED_B=10.201.2.2 NATBED_GW_B=10.201.2.1 NATBED_PUB_B=203.0.113.20
NATBED_C=203.0.113.3 NATBED_WAN=203.0.113.1
NATBED_TURN_ADDR=$NATBED_WAN NATBED_TURN_USER=tincan NATBED_TURN_PASS=secret NATBED_REALM=tincan.test
NATBED_STUN="$NATBED_TURN_ADDR:3478" NATBED_DHT=""
NATBED_TURN="turn://$NATBED_TURN_USER:$NATBED_TURN_PASS@$NATBED_TURN_ADDR:3478"
NATBED_DELAY_MS=${NATBED_DELAY_MS:-50} NATBED_LOSS_PCT=${NATBED_LOSS_PCT:-1}
NATBED_VARIANT="" NATBED_NETEM="" NATBED_LAST_PID=""
NATBED_DIR=${NATBED_DIR:-}
declare -gA NATBED_PID=()
_natbed_own_dir="" _natbed_turn_pid="" _natbed_dump_pid=""
_natbed_bg=()
declare -gA _natbed_port=() # the port of br-wan that each host's wan link ends in

natbed_on() { # HOST cmd...
  local host=$1; shift
  [[ -n ${NATBED_PID[$host]:-} ]] || { echo "natbed: no host '$host' (natbed_up first?)" >&2; return 2; }
  nsenter -t "${NATBED_PID[$host]}" -n -- "$@"
}

natbed_addr() { # HOST
  case $1 in
    a) echo "$NATBED_A" ;; b) echo "$NATBED_B" ;; c) echo "$NATBED_C" ;; wan) echo "$NATBED_WAN" ;;
    nat-a) echo "$NATBED_PUB_A" ;; nat-b) echo "$NATBED_PUB_B" ;;
    *) echo "natbed: no host '$1'" >&2; return 2 ;;
  esac
}

_natbed_host() { # NAME
  unshare -n sleep "${NATBED_HOLD_SECONDS:-1200}" >/dev/null 2>&1 &
  local pid=$! _
  NATBED_PID[$1]=$pid # /proc/sys/net below is the namespace's own
  for _ in $(seq 101); do # the holder is another process: wait until it has its own namespace
    [[ $(readlink "/proc/$pid/ns/net" 2>/dev/null) != "$(readlink /proc/self/ns/net)" ]] && break
    ((_ < 101)) || { echo "natbed: holder of $1 has no namespace of its own" >&2; natbed_down; exit 1; }
    sleep 0.05
  done
  natbed_on "$1" ip link set lo up
  # New namespaces may inherit ip_forward from the machine: only routers forward.
  natbed_on "$1" bash -c "echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6
    echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6
    echo $([[ $1 == nat-* ]] && echo 1 || echo 0) >/proc/sys/net/ipv4/ip_forward"
}

_natbed_veth() { # HOST1 IF1 HOST2 IF2
  if ! ip link add "$2" netns "${NATBED_PID[$1]}" type veth peer name "$4" netns "${NATBED_PID[$3]}" 2>/dev/null; then
    natbed_down
    # shellcheck source=../netns-unavailable.sh
    source "$_natbed_here/../netns-unavailable.sh"
    netns_unavailable "cannot create veth pairs here"
  fi
  natbed_on "$1" ip link set "$2" up
  natbed_on "$3" ip link set "$4" up
}

_natbed_router() { # SIDE(a|b) LAN-GW PUBLIC HOST-ADDR
  local r=nat-$1
  _natbed_veth "$1" eth0 "$r" lan0
  _natbed_veth "$r" wan0 wan "to-$r"
  natbed_on wan ip link set "to-$r" master br-wan
  natbed_on "$r" ip addr add "$2/24" dev lan0
  natbed_on "$r" ip addr add "$3/24" dev wan0
  natbed_on "$r" ip route add default via "$NATBED_WAN"
  natbed_on "$1" ip addr add "$4/24" dev eth0
  natbed_on "$1" ip route add default via "$2"
}

# Masquerade on the wan side; nothing unsolicited gets in. Dropping unsolicited wan packets at
# the router's input also keeps them from creating conntrack entries (entries are only confirmed
# after input), which would otherwise clash with a later outbound mapping on the same port and
# make the router pick another port: hole punching on "cone" relies on this.
_natbed_nat() { # ROUTER VARIANT
  local masq="masquerade" udpdrop="" loss=""
  [[ $2 == symmetric ]] && masq="masquerade random,fully-random"
  [[ $2 == udp-blocked && $1 == nat-a ]] && udpdrop='iifname "lan0" meta l4proto udp counter drop'
  if [[ $2 == badpath && $NATBED_NETEM != 1 ]]; then # no netem in this kernel: nft's loss
    loss="chain loss_in { type filter hook prerouting priority raw; policy accept;
        iifname \"wan0\" numgen random mod 100 < $NATBED_LOSS_PCT counter drop
      }
      chain loss_out { type filter hook postrouting priority 300; policy accept;
        oifname \"wan0\" numgen random mod 100 < $NATBED_LOSS_PCT counter drop
      }"
  fi
  natbed_on "$1" nft -f - <<EOF
table ip natbed {
  chain nat_out { type nat hook postrouting priority srcnat; policy accept;
    oifname "wan0" $masq
  }
  chain filter_fwd { type filter hook forward priority filter; policy accept;
    $udpdrop
    ct state established,related accept
    iifname "wan0" counter drop
  }
  chain filter_in { type filter hook input priority filter; policy accept;
    iifname "wan0" ct state established,related accept
    iifname "wan0" meta l4proto icmp accept
    iifname "wan0" counter drop
  }
  $loss
}
EOF
}

# shellcheck source=natbed-badpath.sh
source "$_natbed_here/natbed-badpath.sh"

natbed_up() { # VARIANT
  case ${1:-} in cone | symmetric | udp-blocked | badpath) ;; *)
    echo "natbed_up: variant must be cone, symmetric, udp-blocked or badpath" >&2; return 2 ;;
  esac
  ((${#NATBED_PID[@]} == 0)) || natbed_down
  NATBED_VARIANT=$1 NATBED_NETEM=""
  _natbed_port=([a]=to-nat-a [nat-a]=to-nat-a [b]=to-nat-b [nat-b]=to-nat-b [c]=to-c)
  if [[ -z $NATBED_DIR ]]; then NATBED_DIR=$(mktemp -d) _natbed_own_dir=$NATBED_DIR; fi
  local h
  for h in wan nat-a nat-b a b c; do _natbed_host "$h"; done
  natbed_on wan ip link add br-wan type bridge
  natbed_on wan ip addr add "$NATBED_WAN/24" dev br-wan
  natbed_on wan ip link set br-wan up
  # The rest of "the internet": what wan sends outside the bed (a relay to a peer's private
  # address, say) vanishes quietly, as on a real network. Without a route the send fails with
  # ENETUNREACH, and coturn closes the whole allocation over it. So the default route leads into
  # a veth pair whose both ends are in wan: frames arrive at sink1 for a MAC that is not its own
  # and are dropped there (no dummy driver in every kernel).
  natbed_on wan ip link add sink0 type veth peer name sink1
  natbed_on wan ip link set sink0 up
  natbed_on wan ip link set sink1 up
  natbed_on wan ip neigh add 192.0.2.254 lladdr 02:00:00:00:00:fe dev sink0 nud permanent
  natbed_on wan ip route add default via 192.0.2.254 dev sink0 onlink
  _natbed_router a "$NATBED_GW_A" "$NATBED_PUB_A" "$NATBED_A"
  _natbed_router b "$NATBED_GW_B" "$NATBED_PUB_B" "$NATBED_B"
  _natbed_veth c eth0 wan to-c # c has no default route: it cannot reach any private LAN
  natbed_on wan ip link set to-c master br-wan
  natbed_on c ip addr add "$NATBED_C/24" dev eth0
  [[ $1 == badpath ]] && _natbed_badpath
  _natbed_nat nat-a "$1"
  _natbed_nat nat-b "$1"
  for h in a b c; do _natbed_wan_ready "$h"; done
}

# Until the bridge forwards on SIDE's port (a refused connect from c proves the segment works).
_natbed_wan_ready() { # SIDE
  local _
  for _ in $(seq 50); do
    [[ $(natbed_on wan ip -d link show dev "${_natbed_port[$1]}") == *LOWER_UP*"state forwarding"* ]] && break
    sleep 0.1
  done
  [[ $1 == c ]] || return 0
  for _ in $(seq 50); do
    [[ $(natbed_on c timeout 1 bash -c "exec 3<>/dev/tcp/$NATBED_WAN/9" 2>&1) == *refused* ]] && return 0
    sleep 0.1
  done
}

natbed_spawn() { # HOST LOG cmd...
  local host=$1 log=$2; shift 2
  nsenter -t "${NATBED_PID[$host]}" -n -- "$@" >"$log" 2>&1 & # not natbed_on: $! must be the command
  NATBED_LAST_PID=$!
  _natbed_bg+=("$!")
}

natbed_wan_down() { natbed_on wan ip link set "${_natbed_port[$1]}" down; }
natbed_wan_up() { natbed_on wan ip link set "${_natbed_port[$1]}" up && _natbed_wan_ready "$1"; }

natbed_turn_start() { # [extra turnserver args...]; the 203.0.113.0/24 bed is allowed as peers
  nsenter -t "${NATBED_PID[wan]}" -n -- turnserver -n --no-cli --no-tls --no-dtls --no-multicast-peers \
    --listening-ip "$NATBED_TURN_ADDR" --relay-ip "$NATBED_TURN_ADDR" --listening-port 3478 \
    --lt-cred-mech --user "$NATBED_TURN_USER:$NATBED_TURN_PASS" --realm "$NATBED_REALM" \
    --allowed-peer-ip 203.0.113.0-203.0.113.255 \
    --userdb "$NATBED_DIR/turndb" --pidfile "$NATBED_DIR/turnserver.pid" \
    --log-file "$NATBED_DIR/turnserver.log" --simple-log --no-stdout-log "$@" \
    >"$NATBED_DIR/turnserver.out" 2>&1 &
  _natbed_turn_pid=$!
  local _
  for _ in $(seq 100); do
    [[ -n $(natbed_on wan ss -Hlun "src $NATBED_TURN_ADDR:3478") &&
      -n $(natbed_on wan ss -Hltn "src $NATBED_TURN_ADDR:3478") ]] && return 0
    kill -0 "$_natbed_turn_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "natbed: turnserver did not start; see $NATBED_DIR/turnserver.log" >&2
  tail -n 20 "$NATBED_DIR/turnserver.log" "$NATBED_DIR/turnserver.out" >&2 2>/dev/null
  return 1
}

# A DHT bootstrap node (tests/dht/dhtbootnode) in wan, which nodes join through NATBED_DHT: the
# bed's own DHT, so that no test contacts a public one.
natbed_dht_start() { # DHTBOOTNODE-BINARY
  natbed_spawn wan "$NATBED_DIR/dhtboot.log" "$1" 4222
  local _
  for _ in $(seq 100); do
    grep -q "^ready" "$NATBED_DIR/dhtboot.log" 2>/dev/null && { NATBED_DHT="$NATBED_WAN:4222"; return 0; }
    sleep 0.1
  done
  echo "natbed: the DHT bootstrap node did not start: $(cat "$NATBED_DIR/dhtboot.log")" >&2
  return 1
}

natbed_capture_start() { # FILE [tcpdump filter...]
  # -Z root: tcpdump would drop to a user that cannot write FILE; --immediate-mode: without it
  # packets sit in the kernel ring for up to a second and are lost when the capture stops.
  local file=$1 _; shift
  local cmd=(tcpdump -i any -n -U --immediate-mode -Z root -w "$file" "$@")
  # In a user namespace (unshare -rn) tcpdump cannot drop privileges and refuses to run: a
  # python AF_PACKET capture (every packet, no filter, Ethernet pcap) stands in.
  [[ $(awk '{ print $3 }' /proc/self/uid_map) == 4294967295 ]] || cmd=("$(command -v python3)" -c '
import signal, socket, struct, sys, time
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
out = open(sys.argv[1], "wb")
out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
print("listening (python AF_PACKET)", file=sys.stderr, flush=True)
try:
    while True:
        data, t = s.recv(65535), time.time()
        out.write(struct.pack("<IIII", int(t), int(t % 1 * 1e6), len(data), len(data)) + data)
        out.flush()
except KeyboardInterrupt:
    pass' "$file")
  nsenter -t "${NATBED_PID[wan]}" -n -- "${cmd[@]}" 2>"$NATBED_DIR/tcpdump.err" &
  _natbed_dump_pid=$!
  for _ in $(seq 50); do grep -q listening "$NATBED_DIR/tcpdump.err" && return 0; sleep 0.1; done
  echo "natbed: capture did not start: $(cat "$NATBED_DIR/tcpdump.err")" >&2
  return 1
}

natbed_capture_stop() { _natbed_stop "$_natbed_dump_pid" INT; _natbed_dump_pid=""; }

# -i any on a bridge sees a packet once per interface it crosses: treat the count as 0 / not 0.
natbed_pcap_count() { # FILE MARKER
  grep -a -o -F -e "$2" "$1" 2>/dev/null | wc -l
}

_natbed_stop() { # PID SIGNAL
  [[ -n $1 ]] || return 0
  kill "-$2" "$1" 2>/dev/null || true
  timeout 5 tail --pid="$1" -f /dev/null 2>/dev/null || kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

natbed_down() { # never fails: trap-safe
  local pid
  natbed_capture_stop
  for pid in "${_natbed_bg[@]}"; do _natbed_stop "$pid" TERM; done
  _natbed_bg=()
  _natbed_stop "$_natbed_turn_pid" TERM
  _natbed_turn_pid=""
  for pid in "${NATBED_PID[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  NATBED_PID=()
  return 0
}

natbed_cleanup() {
  natbed_down
  [[ -n $_natbed_own_dir && -z ${NATBED_KEEP:-} ]] && rm -rf "$_natbed_own_dir"
  return 0
}
