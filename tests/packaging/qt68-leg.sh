#!/usr/bin/env bash
# The Qt 6.8 leg: configures, builds and runs every test in a clean Debian 13 (trixie) root, with
# trixie's Qt 6.8 and GCC 14, so that the code keeps building on newer Qt than Debian 12's 6.4
# floor (QHttpServer and QML registration changed in between). The build dependencies come from
# packaging/install-deps.sh, run inside the root; the source is bound read-only at /src.
# Usage: tests/packaging/qt68-leg.sh [--prepare] [source dir]   (default: this checkout; root)
#   --prepare only makes the root with the build dependencies (network and disk, little CPU), so
#   that CI can do it while it builds something else; a run without it waits for that to finish.
# Environment: TINCAN_CI_CACHE (default /var/cache/tincan-ci), TINCAN_BUILD_LOCK (see build-deb.sh),
# CI (passed on: warnings are errors).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prepare_only=0
if [[ ${1:-} == --prepare ]]; then prepare_only=1; shift; fi
src=$(cd "${1:-$here/../..}" && pwd)
suite=trixie
# Host tools first (debootstrap): --prepare runs in the background, before any other leg has them.
"$src/packaging/install-deps.sh" --packaging

# shellcheck source=debian-root.sh
source "$here/debian-root.sh"
trap debian_root_cleanup EXIT
trap "exit 143" INT TERM # through the EXIT trap, so the mounts go too

step() { printf '\n=== qt68-leg: %s (%ds)\n' "$*" "$SECONDS"; }

install_deps() {
  cp "$src/packaging/install-deps.sh" "$debian_root_dir/usr/local/sbin/tincan-install-deps"
  in_root tincan-install-deps >"$debian_root_run/install-deps.log" 2>&1 \
    || { tail -40 "$debian_root_run/install-deps.log"; return 1; }
  in_root apt-get autoclean -qq
}

step "build dependencies: a $suite layer with packaging/install-deps.sh run in it"
# Kept (about 2.5 GB) and named after a hash of install-deps.sh, so that a warm run starts at once
# instead of installing several hundred packages; a changed install-deps.sh makes a new one.
debian_root_layer "$suite" deps "$(sha256sum "$src/packaging/install-deps.sh" | cut -c1-16)" \
  install_deps
echo "$debian_root_layer_dir"
if ((prepare_only)); then step "prepared"; exit 0; fi

step "clean $suite root on top of it"
debian_root_create "$suite" "$debian_root_layer_dir"
r=$debian_root_dir
install_deps # a no-op, unless install-deps.sh was edited during the run
# shellcheck disable=SC2016 # the ${...} are dpkg-query's format, not the shell's
in_root dpkg-query -W -f '${Package} ${Version}\n' qt6-base-dev qt6-declarative-dev g++ cmake
mkdir -p "$r/src"
debian_root_mount --bind "$src" "$r/src"
mount -o remount,bind,ro "$r/src"

step "configure"
# Debug keeps the asserts on; without -g it compiles faster, and nobody debugs in this root.
in_root env CI="${CI:-}" cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG=-O0 >"$r/configure.log" 2>&1 || { cat "$r/configure.log"; exit 1; }
grep -E 'Qt6 |Found Qt|version' "$r/configure.log" | head -5 || true

step "build"
# -k 0: every Qt 6.8 incompatibility in one run, not only the first file's.
locked in_root cmake --build /build -- -k 0 >"$r/build.log" 2>&1 \
  || { grep -E -A12 '^FAILED|error:' "$r/build.log" | head -300; exit 1; }
tail -1 "$r/build.log"

step "unit tests"
# Network tests make their own namespace with unshare(1): as root in the chroot, that works.
# The browser tests are left to the main leg: they test the page and chromium, not Qt, and npm
# inside the root would need the host's registry and CA setup.
in_root env CI="${CI:-}" ctest --test-dir /build --output-on-failure --timeout 300 -LE browser \
  -j "$(nproc)"

step "PASS"
