#!/usr/bin/env bash
# Self-check of the NAT test bed (natbed.sh): for every variant, proves that the hosts reach the
# wan but not each other's LANs, that the routers map UDP as the variant says (same external port
# for two destinations on cone, different ones on symmetric), that udp-blocked drops UDP but not
# TCP, that badpath loses packets, and that coturn allocates relays over UDP and TCP from behind a
# NAT. Runs entirely in private namespaces (natbed.sh re-executes this script under unshare).
# Usage: natbed-selfcheck.sh [variant...]   (default: all four)
set -euo pipefail
# shellcheck source=natbed.sh
source "$(dirname "$0")/natbed.sh"
trap natbed_cleanup EXIT
py=$(command -v python3)
failures=0
SECONDS=0

pass() { echo "[$SECONDS s] PASS [$NATBED_VARIANT] $*"; }
fail() { echo "FAIL [$NATBED_VARIANT] $*"; failures=$((failures + 1)); }
check() { # description command...: PASS if the command succeeds
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

# Tiny UDP/TCP "what address did you see" servers and probes; every wait is bounded.
probe() { # HOST mode args... (see the python below)
  local host=$1; shift
  natbed_on "$host" timeout 10 "$py" "$NATBED_DIR/probe.py" "$@"
}
write_probe() {
  cat >"$NATBED_DIR/probe.py" <<'EOF'
import select, socket, sys, time
mode, args = sys.argv[1], sys.argv[2:]
def dest(s):
    h, p = s.rsplit(':', 1)
    return h, int(p)
if mode == 'serve':  # serve PORT...: UDP and TCP on each port answer "ip:port" of the sender
    socks = []
    for p in map(int, args):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        u.bind(('0.0.0.0', p))
        t = socket.socket()
        t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        t.bind(('0.0.0.0', p))
        t.listen(16)
        socks += [u, t]
    deadline = time.time() + 60
    while time.time() < deadline:
        for s in select.select(socks, [], [], 1)[0]:
            if s.type == socket.SOCK_DGRAM:
                data, peer = s.recvfrom(2048)
                s.sendto(('%s:%d' % peer).encode(), peer)
            else:
                c, peer = s.accept()
                c.sendall(('%s:%d' % peer).encode())
                c.close()
elif mode == 'udp':  # udp LOCALPORT DEST...: one socket; prints what each DEST saw, or none
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('0.0.0.0', int(args[0])))
    s.settimeout(0.4)
    seen = []
    for d in map(dest, args[1:]):
        got = 'none'
        for _ in range(3):  # retries: badpath loses packets
            s.sendto(b'probe', d)
            try:
                data, src = s.recvfrom(2048)
                if src == d:
                    got = data.decode()
                    break
            except socket.timeout:
                pass
        seen.append(got)
    print(' '.join(seen))
elif mode == 'tcp':  # tcp DEST [SECONDS]: what DEST saw, or none
    try:
        c = socket.create_connection(dest(args[0]), timeout=float(args[1]) if args[1:] else 2)
        print(c.recv(100).decode() or 'none')
    except OSError:
        print('none')
elif mode == 'burst':  # burst DEST N: sends N datagrams, prints how many echoes came back
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.setblocking(False)
    got = 0
    def drain(wait):
        global got
        end = time.time() + wait
        while select.select([s], [], [], max(0, end - time.time()))[0]:
            s.recv(2048)
            got += 1
    for i in range(int(args[1])):
        s.sendto(b'burst', dest(args[0]))
        if i % 20 == 19:
            drain(0.005)
    drain(1.0)
    print(got)
elif mode == 'rtt':  # rtt DEST: the fastest of five UDP round trips, in ms
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1)
    best = 9999
    for _ in range(5):
        t = time.time()
        s.sendto(b'rtt', dest(args[0]))
        try:
            s.recv(100)
            best = min(best, (time.time() - t) * 1000)
        except socket.timeout:
            pass
    print(int(best))
EOF
}

ip_of() { echo "${1%:*}"; }
port_of() { echo "${1##*:}"; }

# The router's public address for side a or b.
pub() { [[ $1 == a ]] && echo "$NATBED_PUB_A" || echo "$NATBED_PUB_B"; }

# (1) reach the wan (c's probe server, coturn's TCP port), never the other LAN.
check_reach() {
  local side other seen
  for side in a b; do
    other=$([[ $side == a ]] && echo b || echo a)
    seen=$(probe "$side" tcp "$NATBED_C:4001")
    check "$side reaches c over TCP, seen as $seen" test "$seen" == "$(pub "$side"):$(port_of "$seen")"
    check "$side reaches coturn's TCP port on wan" natbed_on "$side" timeout 3 bash -c "exec 3<>/dev/tcp/$NATBED_WAN/3478"
    seen=$(probe "$side" tcp "$(natbed_addr "$other"):4001" 1)
    check "$side cannot reach $other's private address ($seen)" test "$seen" == none
  done
}

# (2) the UDP mapping seen from c for one local socket sending to two destinations.
check_mapping() {
  local side seen first second
  for side in a b; do
    seen=$(probe "$side" udp 40000 "$NATBED_C:4001" "$NATBED_C:4002")
    read -r first second <<<"$seen"
    if [[ $NATBED_VARIANT == udp-blocked && $side == a ]]; then
      check "UDP from a is dropped at nat-a (seen: $seen)" test "$seen" == "none none"
      continue
    fi
    check "$side's UDP leaves as $(pub "$side") ($seen)" \
      test "$(ip_of "$first") $(ip_of "$second")" == "$(pub "$side") $(pub "$side")"
    if [[ $NATBED_VARIANT == symmetric ]]; then
      check "$side: a different external port per destination ($seen)" test "$(port_of "$first")" != "$(port_of "$second")"
    else
      check "$side: the same external port for both destinations ($seen)" test "$(port_of "$first")" == "$(port_of "$second")"
    fi
  done
}

# (4) coturn allocates a relay for a (UDP and TCP to the server) and relays to c's echo peer.
# The clients run in parallel (each takes a few seconds); turn_ok reads what each one printed.
turn_client() { # NAME HOST SECONDS uclient-args...
  local name=$1 host=$2 secs=$3; shift 3
  natbed_on "$host" timeout "$secs" turnutils_uclient -v "$@" -e "$NATBED_C" -r 3480 -n 5 -z 5 -c \
    "$NATBED_TURN_ADDR" >"$NATBED_DIR/uclient-$name.log" 2>&1 &
  turn_pids+=("$!")
}
turn_ok() { # NAME
  grep -q "Received relay addr: $NATBED_TURN_ADDR:" "$NATBED_DIR/uclient-$1.log" &&
    grep -Eq 'tot_recv_msgs=[1-9]' "$NATBED_DIR/uclient-$1.log"
}
check_turn() {
  local creds=(-u "$NATBED_TURN_USER" -w "$NATBED_TURN_PASS") pid udp_secs=12
  [[ $NATBED_VARIANT == udp-blocked ]] && udp_secs=6 # expected to hang: bound it tighter
  turn_pids=()
  turn_client udp a "$udp_secs" "${creds[@]}"
  turn_client tcp a 12 -t "${creds[@]}"
  turn_client wrong a 12 -t -u "$NATBED_TURN_USER" -w wrong
  [[ $NATBED_VARIANT == udp-blocked ]] && turn_client udp-b b 12 "${creds[@]}"
  for pid in "${turn_pids[@]}"; do wait "$pid" || true; done
  if [[ $NATBED_VARIANT == udp-blocked ]]; then
    check "TURN over UDP fails from a" eval '! turn_ok udp'
    check "TURN over UDP works from b" turn_ok udp-b
  else
    check "TURN over UDP: a gets a relay on $NATBED_TURN_ADDR, echoes come back" turn_ok udp
  fi
  check "TURN over TCP: a gets a relay on $NATBED_TURN_ADDR, echoes come back" turn_ok tcp
  check "coturn refuses a wrong password" grep -q 'Cannot complete Allocation' "$NATBED_DIR/uclient-wrong.log"
}
# badpath: the path loses packets, and is slow (netem, or tests/nat/l2delay in NATBED_L2DELAY).
check_badpath() {
  local got rtt
  got=$(probe a burst "$NATBED_C:4003" 1000)
  check "a->c loses some but not most of 1000 datagrams ($((1000 - got)) lost)" test "$got" -lt 1000 -a "$got" -gt 800
  rtt=$(probe a rtt "$NATBED_C:4003")
  if [[ $NATBED_NETEM == 1 || $NATBED_NETEM == l2delay ]]; then
    check "a->c round trip >= 2 x ${NATBED_DELAY_MS} ms (${rtt} ms)" test "$rtt" -ge $((2 * NATBED_DELAY_MS - 5))
  else
    echo "NOTE [$NATBED_VARIANT] no netem in this kernel: no added delay (rtt ${rtt} ms)"
  fi
}

check_outage() {
  natbed_wan_down a
  check "wan_down a: a cannot reach c" test "$(probe a tcp "$NATBED_C:4001" 1)" == none
  check "wan_down a: b still reaches c" test "$(probe b tcp "$NATBED_C:4001")" != none
  natbed_wan_up a
  check "wan_up a: a reaches c again" test "$(probe a tcp "$NATBED_C:4001")" != none
}

check_capture() {
  natbed_capture_start "$NATBED_DIR/wan.pcap" udp || { fail "the capture did not start"; return; }
  natbed_on a timeout 3 "$py" -c "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'natbed-MARKER-42', ('$NATBED_C', 4009))"
  sleep 0.3
  natbed_capture_stop
  check "capture on wan sees a's plaintext marker" test "$(natbed_pcap_count "$NATBED_DIR/wan.pcap" natbed-MARKER-42)" -gt 0
  check "capture has no marker that was never sent" test "$(natbed_pcap_count "$NATBED_DIR/wan.pcap" never-sent-77)" -eq 0
}

variants=("$@")
((${#variants[@]})) || variants=(cone symmetric udp-blocked badpath)
for variant in "${variants[@]}"; do
  natbed_up "$variant"
  write_probe
  # shellcheck disable=SC2119 # no extra turnserver arguments
  natbed_turn_start
  natbed_spawn c "$NATBED_DIR/serve.log" timeout 60 "$py" "$NATBED_DIR/probe.py" serve 4001 4002 4003
  natbed_spawn b "$NATBED_DIR/serve-b.log" timeout 60 "$py" "$NATBED_DIR/probe.py" serve 4001
  natbed_spawn a "$NATBED_DIR/serve-a.log" timeout 60 "$py" "$NATBED_DIR/probe.py" serve 4001
  natbed_spawn c "$NATBED_DIR/peer.log" timeout 60 turnutils_peer -L "$NATBED_C" -p 3480
  for _ in $(seq 50); do [[ -n $(natbed_on c ss -Hltn 'sport = 4003') && -n $(natbed_on c ss -Hlun 'sport = 3480') ]] && break; sleep 0.1; done
  check_reach
  check_mapping
  [[ $variant == badpath ]] && check_badpath
  if [[ $variant == cone ]]; then check_outage; check_capture; fi
  check_turn
  natbed_down
done
echo "natbed self-check: $failures failure(s) in ${SECONDS} s"
((failures == 0))
