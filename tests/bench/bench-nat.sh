#!/usr/bin/env bash
# Benchmark beyond the LAN (#24), in the NAT bed (tests/nat): for each NAT variant, the time from
# "connect to tincan://ID" to an authenticated link (rendezvous through C, ICE gathering and
# checks, TLS, hello), and a file's throughput over the resulting path, next to raw TCP across
# the same namespaces (a -> nat-a -> wan, no TLS, no ICE). Not a test: it reports, it does not
# judge. Prints one JSON object.
# Usage: bench-nat.sh <tincan binary> [file MiB, default 256]
set -euo pipefail
bin=$1 mib=${2:-256}
here=$(cd "$(dirname "$0")/../nat" && pwd)
results=()
for variant in cone symmetric udp-blocked; do
  line=$(NAT_FILE_MIB=$mib "$here/ice-nat.sh" "$variant" "$bin" | grep '^BENCH ') ||
    { echo "bench-nat: $variant failed" >&2; exit 1; }
  declare -A f=()
  for kv in ${line#BENCH }; do f[${kv%%=*}]=${kv#*=}; done
  results+=("$(printf '"%s": {"link": "%s", "connect_ms": %d, "file_mib": %d, "file_mib_per_s": %.1f}' \
    "$variant" "${f[kind]}" "${f[connect_ms]}" "$mib" "$(awk -v m="$mib" -v t="${f[file_ms]}" 'BEGIN { print m * 1000 / t }')")")
done

# Raw TCP a -> c through nat-a and wan's bridge: the path's own ceiling.
raw=$(bash -c '
  variant=raw bin=none
  source "'"$here"'/natnodes.sh"
  natbed_up cone >/dev/null
  natbed_spawn c "$NATBED_DIR/sink.log" python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((\"0.0.0.0\", 5001)); s.listen(1); c, _ = s.accept()
while c.recv(1 << 20): pass"
  for _ in $(seq 50); do natbed_on c ss -Hltn "sport = 5001" | grep -q . && break; sleep 0.1; done
  t0=$EPOCHREALTIME
  natbed_on a bash -c "head -c '"$((mib * 1024 * 1024))"' /dev/zero >/dev/tcp/$NATBED_C/5001"
  ms_since "$t0"')
results+=("$(printf '"raw_tcp": {"path": "a -> nat-a -> wan -> c", "mib_per_s": %.1f}' \
  "$(awk -v m="$mib" -v t="$raw" 'BEGIN { print m * 1000 / t }')")")
printf '{\n  %s\n}\n' "$(IFS=$'\n'; echo "${results[*]}" | paste -sd, | sed 's/,"/,\n  "/g')"
