#!/usr/bin/env bash
# Benchmark beyond the LAN (#24), in the NAT bed (tests/nat): for each NAT variant, the time from
# "connect to tincan://ID" to an authenticated link (rendezvous through C, ICE gathering and
# checks, TLS, hello), and a file's throughput over the resulting path, next to raw TCP across
# the same namespaces (a -> nat-a -> wan, no TLS, no ICE); and the time to connect through the
# DHT alone (#25: no mutual contact, the bed's own bootstrap node), median of 5 runs per NAT
# variant. Not a test: it reports, it does not judge. Prints one JSON object.
# Usage: bench-nat.sh <tincan binary> <dhtbootnode binary> [file MiB, default 256]
set -euo pipefail
bin=$1 dhtboot=$2 mib=${3:-256}
here=$(cd "$(dirname "$0")/../nat" && pwd)
results=()
for variant in cone symmetric; do
  times=()
  for _ in 1 2 3 4 5; do
    line=$("$here/dht-nat.sh" "$variant" "$bin" "$dhtboot" | grep '^BENCH ') ||
      { echo "bench-nat: dht-$variant failed" >&2; exit 1; }
    declare -A f=()
    for kv in ${line#BENCH }; do f[${kv%%=*}]=${kv#*=}; done
    times+=("${f[connect_ms]}")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n | paste -sd, -)
  results+=("$(printf '"dht_%s": {"link": "%s", "connect_ms_median": %d, "connect_ms_runs": [%s]}' \
    "$variant" "${f[kind]}" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)" "$sorted")")
done
for variant in cone symmetric udp-blocked; do
  line=$(NAT_FILE_MIB=$mib "$here/ice-nat.sh" "$variant" "$bin" "$dhtboot" | grep '^BENCH ') ||
    { echo "bench-nat: $variant failed" >&2; exit 1; }
  declare -A f=()
  for kv in ${line#BENCH }; do f[${kv%%=*}]=${kv#*=}; done
  results+=("$(printf '"%s": {"link": "%s", "connect_ms": %d, "file_mib": %d, "file_mib_per_s": %.1f}' \
    "$variant" "${f[kind]}" "${f[connect_ms]}" "$mib" "$(awk -v m="$mib" -v t="${f[file_ms]}" 'BEGIN { print m * 1000 / t }')")")
done

# Raw TCP a -> c through nat-a and wan's bridge: the path's own ceiling.
raw=$("$(dirname "$0")/nat-raw-tcp.sh" "$mib")
results+=("$(printf '"raw_tcp": {"path": "a -> nat-a -> wan -> c", "mib_per_s": %.1f}' \
  "$(awk -v m="$mib" -v t="$raw" 'BEGIN { print m * 1000 / t }')")")
printf '{\n  %s\n}\n' "$(IFS=$'\n'; echo "${results[*]}" | paste -sd, | sed 's/,"/,\n  "/g')"
