#!/usr/bin/env bash
# Raw TCP across the NAT bed's cone variant, a -> nat-a -> wan -> c: no TLS, no ICE, the path's
# own ceiling for bench-nat.sh. Prints the milliseconds that MiB of zeros took.
# Usage: nat-raw-tcp.sh MiB
set -euo pipefail
mib=$1 variant=raw bin=none
# shellcheck source=../nat/natnodes.sh
source "$(cd "$(dirname "$0")/../nat" && pwd)/natnodes.sh"
natbed_up cone >/dev/null
natbed_spawn c "$NATBED_DIR/sink.log" python3 -c '
import socket
s = socket.socket()
s.bind(("0.0.0.0", 5001))
s.listen(1)
c, _ = s.accept()
while c.recv(1 << 20):
    pass'
wait_for "the sink" 50 bash -c "[[ -n \$(nsenter -t ${NATBED_PID[c]} -n ss -Hltn 'sport = 5001') ]]"
t0=$EPOCHREALTIME
natbed_on a bash -c "head -c $((mib * 1024 * 1024)) /dev/zero >/dev/tcp/$NATBED_C/5001"
ms_since "$t0"
