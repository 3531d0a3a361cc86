#!/usr/bin/env bash
# Builds the Debian package: a Release build of the app alone (no tests) with Debian's hardening
# flags, then CPack. Prints the path of the .deb as its last line.
# Usage: packaging/build-deb.sh [build dir]    (default: build/deb)
# TINCAN_BUILD_LOCK=FILE serialises the compile and CPack steps with flock(1), for machines where
# several builds share the cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/deb}

locked() {
  if [[ -z ${TINCAN_BUILD_LOCK:-} ]]; then "$@"; return; fi
  # A subshell holding the lock on a descriptor, so that shell functions can be locked too.
  (flock 8 && "$@") 8>"$TINCAN_BUILD_LOCK"
}

"$root/packaging/install-deps.sh" --packaging

# The flags Debian's own packages are built with (fortify, stack protector, relro, bindnow); lintian
# checks the binary for them.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)

mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX=/usr \
  -DTINCAN_BUILD_TESTS=OFF \
  -DTINCAN_MOLD=OFF \
  -DCMAKE_CXX_FLAGS="$cxxflags" \
  -DCMAKE_EXE_LINKER_FLAGS="$ldflags" >"$build/configure.log" 2>&1 \
  || { cat "$build/configure.log"; exit 1; }
locked cmake --build "$build"
# Only the .deb: a leftover from an older version must not be picked up as the result.
rm -f "$build"/tincan_*.deb
(cd "$build" && locked cpack -G DEB >cpack.log 2>&1) || { cat "$build/cpack.log"; exit 1; }
deb=$(ls "$build"/tincan_*.deb)
echo "$deb"
