#!/usr/bin/env bash
# Runs a test in private user, mount and network namespaces, where it may mount a small tmpfs
# (the full-disk test) and where nothing it sends can leave the machine. Exits 77 (ctest
# SKIP_RETURN_CODE) when namespaces are not available, 1 with TINCAN_REQUIRE_NETNS=1.
set -euo pipefail

if [[ "${TINCAN_IN_MOUNTNS:-}" != 1 ]]; then
  # As root no user namespace is needed, and none can be made inside a chroot (the Debian roots).
  unshare_args=(-m -n)
  [[ $(id -u) -eq 0 ]] || unshare_args=(-r -m -n)
  if ! unshare "${unshare_args[@]}" true 2>/dev/null; then
    # shellcheck source=../netns-unavailable.sh
    source "$(dirname "$0")/../netns-unavailable.sh"
    netns_unavailable "cannot create private mount and network namespaces (unshare ${unshare_args[*]} failed)"
  fi
  exec unshare "${unshare_args[@]}" env TINCAN_IN_MOUNTNS=1 "$0" "$@"
fi
ip link set lo up
exec "$@"
