#!/usr/bin/env bash
# Runs a command inside a private network namespace whose only interface is a multicast-capable
# loopback, so that nothing a test sends (multicast, broadcast, unicast) can leave the machine.
# Exits 77 (ctest SKIP_RETURN_CODE) with a message when namespaces are not available, or 1 when
# TINCAN_REQUIRE_NETNS=1 (tests/netns-unavailable.sh).
set -euo pipefail

if [[ "${TINCAN_IN_NETNS:-}" != 1 ]]; then
  unshare_args=(-n)
  [[ $(id -u) -eq 0 ]] || unshare_args=(-r -n)
  if ! unshare "${unshare_args[@]}" true 2>/dev/null; then
    # shellcheck source=netns-unavailable.sh
    source "$(dirname "$0")/netns-unavailable.sh"
    netns_unavailable "cannot create a private network namespace" \
      "(unshare ${unshare_args[*]} failed); network tests need user namespaces or root."
  fi
  exec unshare "${unshare_args[@]}" env TINCAN_IN_NETNS=1 "$0" "$@"
fi

ip link set lo up
ip link set lo multicast on
ip route add 224.0.0.0/4 dev lo 2>/dev/null || true
ip -6 route add ff00::/8 dev lo table local 2>/dev/null || true
exec "$@"
