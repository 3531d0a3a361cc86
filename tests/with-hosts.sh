#!/usr/bin/env bash
# Runs a command that sees an /etc/hosts of its own: this machine's entries (or just localhost,
# where it has none, as in a minimal root) plus the lines given. It lives in a mount namespace
# of the command's own: a copy of /etc on a tmpfs, bind-mounted over /etc, so that nothing of
# the machine changes and test host names resolve from files alone, with no DNS server.
# Usage: with-hosts.sh "ADDRESS NAME" ... -- command...   (root, or mapped root in a namespace)
set -euo pipefail
lines=()
while (($#)) && [[ $1 != -- ]]; do lines+=("$1"); shift; done
(($#)) || { echo "usage: $0 \"ADDRESS NAME\"... -- command..." >&2; exit 2; }
shift
if [[ ${TINCAN_OWN_ETC:-} != 1 ]]; then
  exec unshare -m env TINCAN_OWN_ETC=1 "$0" "${lines[@]}" -- "$@"
fi
mount -t tmpfs tincan-etc /mnt # private to this namespace (unshare's default propagation)
cp -a /etc/. /mnt/ 2>/dev/null || true # files this user cannot read stay out
{
  if [[ -s /etc/hosts ]]; then cat /etc/hosts; else echo "127.0.0.1 localhost"; fi
  printf '%s\n' "${lines[@]}"
} >/mnt/hosts
mount --bind /mnt /etc
exec "$@"
