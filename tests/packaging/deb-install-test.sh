#!/usr/bin/env bash
# The Debian package on a clean Debian 12: builds the .deb (Release), checks it with lintian,
# installs it with apt into a fresh debootstrap root (so apt has to pull every dependency, with no
# Recommends), runs `tincan --version` there, then starts the installed GUI under Xvfb inside a
# private network namespace and fails on any QML import error or missing library. The screenshot
# lands in the build directory.
# Usage: tests/packaging/deb-install-test.sh [build dir]    (default: build/deb; needs root)
# Environment: TINCAN_CI_CACHE (default /var/cache/tincan-ci), TINCAN_BUILD_LOCK (see build-deb.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build/deb}
suite=bookworm
"$src/packaging/install-deps.sh" --packaging # debootstrap, lintian, dpkg-dev

# shellcheck source=debian-root.sh
source "$here/debian-root.sh"
trap debian_root_cleanup EXIT
trap "exit 143" INT TERM # through the EXIT trap, so the mounts go too

step() { printf '\n=== deb-install-test: %s (%ds)\n' "$*" "$SECONDS"; }

step "building the package"
mkdir -p "$build"
"$src/packaging/build-deb.sh" "$build" >"$build/build-deb.log" 2>&1 \
  || { grep -E -A12 '^FAILED|error' "$build/build-deb.log" | head -200; tail -30 "$build/build-deb.log"; exit 1; }
deb=$(tail -1 "$build/build-deb.log")
echo "$deb"
dpkg-deb --field "$deb"

step "lintian"
# Errors fail; warnings are listed for the release notes.
lintian_status=0
lintian --fail-on error --info --display-level '>=warning' --tag-display-limit 0 "$deb" \
  >"$build/lintian.log" 2>&1 || lintian_status=$?
grep -v 'running with root privileges' "$build/lintian.log" || echo "(no warnings)"
((lintian_status == 0)) || { echo "FAIL: lintian reports errors"; exit 1; }

step "clean $suite root"
debian_root_create "$suite"
r=$debian_root_dir

step "apt install of the package"
cp "$deb" "$r/tmp/tincan.deb"
in_root apt-get update -qq
# No Recommends: what the package Depends on must be enough to start.
in_root apt-get install -y -qq --no-install-recommends /tmp/tincan.deb >"$build/apt-install.log" 2>&1 \
  || { cat "$build/apt-install.log"; exit 1; }
grep -cE '^(Unpacking|Setting up) ' "$build/apt-install.log" | sed 's/^/apt steps: /'
in_root apt-get autoclean -qq # keeps the package cache to the current versions

step "tincan --version in the root"
version=$(in_root tincan --version)
echo "$version"
expected="tincan $(dpkg-deb -f "$deb" Version)"
[[ $version == "$expected" ]] || { echo "FAIL: expected '$expected'"; exit 1; }
for f in /usr/share/applications/org.tincan.Tincan.desktop \
  /usr/share/metainfo/org.tincan.Tincan.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/org.tincan.Tincan.svg \
  /usr/share/icons/hicolor/48x48/apps/org.tincan.Tincan.png \
  /usr/share/man/man1/tincan.1.gz /usr/share/man/man1/tincan-node.1.gz \
  /usr/share/doc/tincan/copyright /usr/bin/tincan-node; do
  [[ -f $r$f ]] || { echo "FAIL: $f is not installed"; exit 1; }
done
missing=$(in_root sh -c 'ldd /usr/bin/tincan /usr/bin/tincan-node | grep "not found"' || true)
[[ -z $missing ]] || { echo "FAIL: missing libraries: $missing"; exit 1; }

step "tincan-node --version in the root, without the GUI's libraries"
[[ $(in_root tincan-node --version) == "$expected" ]] || { echo "FAIL: tincan-node --version"; exit 1; }
if in_root ldd /usr/bin/tincan-node | grep -E 'libQt6(Gui|Quick|Qml|Widgets)'; then
  echo "FAIL: tincan-node links a GUI library"; exit 1
fi

step "GUI under Xvfb in a private network namespace"
shot="$build/deb-install-gui.png"
"$src/tests/netns-run.sh" "$here/chroot-gui-smoke.sh" "$r" "$shot"

step "PASS"
