# shellcheck shell=bash
# Sourced by the clean-root tests: a throw-away Debian root for chroot, made with debootstrap.
#
# Each run gets an overlay mount whose lower layers are kept under $TINCAN_CI_CACHE and whose upper
# layer is the run's own, so starting a root costs one mount and cleaning up removes only what the
# run wrote; nothing of gigabytes size is unpacked or copied. The layers:
#   SUITE-minbase/       debootstrap --variant=minbase, made on the first run
#   SUITE-NAME-KEY/      optional, made once by a caller's setup function (debian_root_layer), e.g.
#                        the build dependencies keyed by a hash of install-deps.sh
# The packages apt downloads are kept in SUITE-apt/ as well. Layers older than
# $TINCAN_ROOT_MAX_AGE_DAYS are made anew, so the updates apt has to apply on top stay small.
# Needs root. The caller sets `trap debian_root_cleanup EXIT` right after sourcing.

TINCAN_CI_CACHE=${TINCAN_CI_CACHE:-/var/cache/tincan-ci}
TINCAN_DEBIAN_MIRROR=${TINCAN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
TINCAN_ROOT_MAX_AGE_DAYS=${TINCAN_ROOT_MAX_AGE_DAYS:-30}

debian_root_dir=""   # the root to chroot into
debian_root_suite=""
debian_root_run=""   # the run's directory: overlay upper and work dirs, and the mount point
debian_root_mounts=()

# Serialises the compile steps with flock(1) when TINCAN_BUILD_LOCK names a lock file.
locked() {
  if [[ -z ${TINCAN_BUILD_LOCK:-} ]]; then "$@"; return; fi
  # A subshell holding the lock on a descriptor, so that shell functions can be locked too.
  (flock 8 && "$@") 8>"$TINCAN_BUILD_LOCK"
}

layer_is_fresh() { # <layer dir>
  [[ -f $1/.tincan-layer && -z $(find "$1/.tincan-layer" -mtime "+$TINCAN_ROOT_MAX_AGE_DAYS") ]]
}

remove_tree() { # Never through a mount that is still there (a bound /dev would be emptied).
  if findmnt -rn -o TARGET | grep -q "^$1\(/\|$\)"; then
    echo "debian-root: mounts remain under $1; leaving it in place" >&2
    return 1
  fi
  rm -rf --one-file-system "$1"
}

# Two runs at once (CI's background preparation of one suite and the test of another, or two
# checkouts) must not both make the same layer: one lock per suite and kind of layer.
cache_lock() { # <fd> <name>
  mkdir -p "$TINCAN_CI_CACHE"
  eval "exec $1>\"\$TINCAN_CI_CACHE/.\$2.lock\""
  flock "$1"
}
cache_unlock() { flock -u "$1"; eval "exec $1>&-"; }

make_minbase() {
  local suite=$1 layer="$TINCAN_CI_CACHE/$1-minbase"
  layer_is_fresh "$layer" && return 0
  command -v debootstrap >/dev/null ||
    { echo "debian-root: debootstrap is missing (packaging/install-deps.sh --packaging)" >&2; return 1; }
  echo "debian-root: debootstrap --variant=minbase $suite into $layer (kept for later runs)"
  rm -rf --one-file-system "$layer.tmp" "$layer"
  mkdir -p "$layer.tmp"
  chmod 755 "$layer.tmp"
  if ! debootstrap --variant=minbase "$suite" "$layer.tmp" "$TINCAN_DEBIAN_MIRROR" \
    >"$TINCAN_CI_CACHE/$suite-debootstrap.log" 2>&1; then
    tail -20 "$TINCAN_CI_CACHE/$suite-debootstrap.log" >&2
    return 1
  fi
  # Packages must not start services in the chroot, and the roots are thrown away, so dpkg need
  # not fsync every file it unpacks (which is most of an install's time).
  printf '#!/bin/sh\nexit 101\n' >"$layer.tmp/usr/sbin/policy-rc.d"
  chmod +x "$layer.tmp/usr/sbin/policy-rc.d"
  echo force-unsafe-io >"$layer.tmp/etc/dpkg/dpkg.cfg.d/tincan-unsafe-io"
  echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' \
    >"$layer.tmp/etc/apt/apt.conf.d/10tincan-keep-debs"
  local security=${TINCAN_DEBIAN_MIRROR%/debian}/debian-security
  cat >"$layer.tmp/etc/apt/sources.list" <<EOF
deb $TINCAN_DEBIAN_MIRROR $suite main
deb $TINCAN_DEBIAN_MIRROR $suite-updates main
deb $security $suite-security main
EOF
  touch "$layer.tmp/.tincan-layer"
  mv "$layer.tmp" "$layer"
}

# debian_root_mount_overlay LOWER...: a new run directory with the root mounted on top of the
# given layers (the first is the top one).
debian_root_mount_overlay() {
  local lower
  lower=$(IFS=:; echo "$*")
  debian_root_run=$(mktemp -d "/var/tmp/tincan-$debian_root_suite.XXXXXX")
  mkdir "$debian_root_run"/{upper,work,root}
  # mktemp's 0700 would become the root's "/": apt's _apt user could not traverse it.
  chmod 755 "$debian_root_run/upper"
  debian_root_dir=$debian_root_run/root
  debian_root_mount -t overlay overlay \
    -o "lowerdir=$lower,upperdir=$debian_root_run/upper,workdir=$debian_root_run/work" \
    "$debian_root_dir"
  cp -L /etc/resolv.conf "$debian_root_dir/etc/resolv.conf"
}

# debian_root_create SUITE [LAYER]: mounts a root of SUITE, on top of LAYER (made earlier by
# debian_root_layer) when given. Sets debian_root_dir.
debian_root_create() {
  local suite=$1 layer=${2:-}
  [[ $(id -u) -eq 0 ]] || { echo "FAIL: clean-root tests need root (debootstrap, chroot)" >&2; return 1; }
  debian_root_suite=$suite
  mkdir -p "$TINCAN_CI_CACHE/$suite-apt/partial"
  cache_lock 7 "$suite-minbase"
  make_minbase "$suite"
  cache_unlock 7
  if [[ -n $layer ]]; then
    debian_root_mount_overlay "$layer" "$TINCAN_CI_CACHE/$suite-minbase"
  else
    debian_root_mount_overlay "$TINCAN_CI_CACHE/$suite-minbase"
  fi
  debian_root_mount_all
}

# debian_root_layer SUITE NAME KEY SETUP...: makes the layer SUITE-NAME-KEY on top of minbase by
# running SETUP (a command or shell function, with debian_root_dir mounted) unless it is there and
# fresh, and deletes the layers of other KEYs. Sets debian_root_layer_dir to its path.
debian_root_layer() {
  local suite=$1 name=$2 key=$3
  shift 3
  debian_root_layer_dir="$TINCAN_CI_CACHE/$suite-$name-$key"
  cache_lock 6 "$suite-$name"
  if layer_is_fresh "$debian_root_layer_dir"; then cache_unlock 6; return 0; fi
  debian_root_create "$suite"
  "$@"
  debian_root_unmount_all
  local old
  for old in "$TINCAN_CI_CACHE/$suite-$name"-*; do
    [[ $old == "$debian_root_layer_dir" ]] || rm -rf --one-file-system "$old"
  done
  touch "$debian_root_run/upper/.tincan-layer"
  mv "$debian_root_run/upper" "$debian_root_layer_dir"
  cache_unlock 6
  remove_tree "$debian_root_run"
  debian_root_run=""
}

debian_root_mount() { # <mount args...> <target>; remembered for the cleanup
  mount "$@"
  debian_root_mounts+=("${*: -1}")
  # Where / is a shared mount (systemd), a bind would pass the mounts made on top of it (the tmpfs
  # on dev/shm) back to the host's /dev.
  mount --make-private "${*: -1}"
}

# /proc, /sys, /dev, /dev/pts, /dev/shm and the package cache.
debian_root_mount_all() {
  local r=$debian_root_dir
  debian_root_mount -t proc proc "$r/proc"
  debian_root_mount -t sysfs sys "$r/sys"
  debian_root_mount --bind /dev "$r/dev"
  debian_root_mount --bind /dev/pts "$r/dev/pts"
  debian_root_mount -t tmpfs -o mode=1777,nosuid,nodev shm "$r/dev/shm"
  debian_root_mount --bind "$TINCAN_CI_CACHE/$debian_root_suite-apt" "$r/var/cache/apt/archives"
}

debian_root_unmount_all() {
  local i
  for ((i = ${#debian_root_mounts[@]} - 1; i >= 0; i--)); do
    umount "${debian_root_mounts[i]}" 2>/dev/null || umount -l "${debian_root_mounts[i]}" || true
  done
  debian_root_mounts=()
}

in_root() { chroot "$debian_root_dir" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }

debian_root_cleanup() {
  local status=$?
  debian_root_unmount_all
  if [[ -n $debian_root_run && -d $debian_root_run ]]; then
    remove_tree "$debian_root_run" || true
  fi
  return "$status"
}
