#!/usr/bin/env bash
# Runs a test in private user, mount and network namespaces, where it may mount a small tmpfs
# (the full-disk test) and where nothing it sends can leave the machine. Exits 77 (ctest
# SKIP_RETURN_CODE) when namespaces are not available.
set -euo pipefail

if [[ "${TINCAN_IN_MOUNTNS:-}" != 1 ]]; then
  if ! unshare -r -m -n true 2>/dev/null; then
    echo "SKIP: cannot create private user/mount namespaces (unshare -rmn failed)" >&2
    exit 77
  fi
  exec unshare -r -m -n env TINCAN_IN_MOUNTNS=1 "$0" "$@"
fi
ip link set lo up
exec "$@"
