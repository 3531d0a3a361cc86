#!/usr/bin/env bash
# Runs .ci/run the way CI's fresh machine does, on this one: in a new Debian 12 minbase root that
# has nothing but the base system and git, on a fresh clone of the given commit, with CI=true and
# no standard input. Whatever this machine has installed by hand cannot help, so a missing install
# step fails here (issue #23). The root's own package cache and Debian roots start empty too.
# Takes about as long as CI on a fresh machine and uses both cores; prints .ci/run's leg times.
# Usage: tests/packaging/fresh-machine-ci.sh [commit]   (default HEAD; needs root)
# Environment: TINCAN_FRESH_DIR (default /var/tmp/tincan-fresh-ci, removed first),
#              TINCAN_DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
commit=$(git -C "$src" rev-parse "${1:-HEAD}")
dir=${TINCAN_FRESH_DIR:-/var/tmp/tincan-fresh-ci}
mirror=${TINCAN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
[[ $(id -u) -eq 0 ]] || { echo "FAIL: needs root (debootstrap, chroot)" >&2; exit 1; }
"$src/packaging/install-deps.sh" --packaging # debootstrap on this machine

mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" || true
  done
}
trap cleanup EXIT
trap "exit 143" INT TERM
bind() { mount "$@"; mounts+=("${*: -1}"); mount --make-private "${*: -1}"; }

if findmnt -rn -o TARGET | grep -q "^$dir\(/\|$\)"; then
  echo "FAIL: mounts remain under $dir" >&2
  exit 1
fi
rm -rf --one-file-system "$dir"
mkdir -p "$dir"
start=$SECONDS
echo "fresh-machine-ci: debootstrap --variant=minbase --include=git bookworm into $dir"
debootstrap --variant=minbase --include=git,ca-certificates bookworm "$dir" "$mirror" \
  >"$dir.debootstrap.log" 2>&1 || { tail -20 "$dir.debootstrap.log"; exit 1; }
cat >"$dir/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
# What belongs to this machine's network rather than to the project: the CA certificates of a
# TLS-inspecting egress proxy (if any) and npm's pointer to them, as CI's own machine has them.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
  chroot "$dir" update-ca-certificates >/dev/null
fi
[[ -f /etc/npmrc ]] && cp /etc/npmrc "$dir/etc/npmrc"
echo "fresh-machine-ci: root ready in $((SECONDS - start)) s"

git clone -q --no-local "$src" "$dir/work/tincan"
git -C "$dir/work/tincan" checkout -q --detach "$commit"
echo "fresh-machine-ci: clone of $(git -C "$dir/work/tincan" log -1 --format='%h %s')"

# The root a mount of its own, as on a real machine: unshare -m (the full-disk test) needs "/" to
# be a mount point to make it private.
bind --bind "$dir" "$dir"
bind -t proc proc "$dir/proc"
bind -t sysfs sys "$dir/sys"
bind --bind /dev "$dir/dev"
bind --bind /dev/pts "$dir/dev/pts"
bind -t tmpfs -o mode=1777,nosuid,nodev shm "$dir/dev/shm"

status=0
passed=()
for var in NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE GIT_SSL_CAINFO; do
  [[ -n ${!var:-} ]] && passed+=("$var=${!var}")
done
chroot "$dir" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI=true "${passed[@]}" \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  bash -c 'cd /work/tincan && bash .ci/run' </dev/null || status=$?
echo "fresh-machine-ci: .ci/run exited $status after $((SECONDS - start)) s (root included)"
exit "$status"
