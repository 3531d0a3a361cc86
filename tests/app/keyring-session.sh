#!/usr/bin/env bash
# Runs a command with a system keyring of its own: a private D-Bus session bus, and on it a
# gnome-keyring-daemon whose login keyring is made and unlocked in a temporary HOME. The test
# reaches a real Secret Service, and never the keyring of the user who runs it.
# Usage: tests/app/keyring-session.sh COMMAND [ARG...]
set -euo pipefail

for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
  command -v "$tool" >/dev/null 2>&1 \
    || { echo "keyring-session: $tool is missing (packaging/install-deps.sh)" >&2; exit 1; }
done

if [[ "${TINCAN_IN_KEYRING_SESSION:-}" != 1 ]]; then
  home=$(mktemp -d "${TMPDIR:-/tmp}/tincan-keyring.XXXXXX")
  trap 'rm -rf "$home"' EXIT
  mkdir -m 0700 "$home/run"
  rc=0
  env -u DBUS_SESSION_BUS_ADDRESS -u GNOME_KEYRING_CONTROL -u SSH_AUTH_SOCK \
    HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
    XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/run" TINCAN_IN_KEYRING_SESSION=1 \
    dbus-run-session -- "$0" "$@" || rc=$?
  exit "$rc"
fi

# --unlock with a password on stdin makes the login keyring at its first use and unlocks it; the
# daemon then serves the Secret Service on this session bus, and ends with the bus.
printf 'tincan-test-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
# The suite keeps every other node on key files (tests/ctest-environment.cmake); this one is
# the exception it exists for.
unset TINCAN_KEY_STORAGE
"$@"
