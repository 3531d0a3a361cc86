#!/usr/bin/env bash
# Installs every build and test dependency of Tincan on Debian 12+ / Ubuntu 24.04+.
# Idempotent: when everything is present it only runs dpkg-query and returns in about a second.
# --packaging adds what building the .deb and its clean-root tests need (packaging/build-deb.sh,
# tests/packaging/). --list prints every package it may install.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format
  mold # links the test executables several times faster than ld (cmake/FastLink.cmake)
  # fuzzing (tests/fuzz/smoke.sh): clang, its libFuzzer/sanitizer runtimes, llvm-symbolizer
  clang libclang-rt-dev llvm
  # Qt 6 (floor: 6.4.2 on Debian 12)
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools
  qt6-websockets-dev qt6-httpserver-dev libqt6sql6-sqlite qt6-l10n-tools
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
  qml6-module-qtquick-dialogs qml6-module-qt-labs-platform qml6-module-qt-labs-qmlmodels
  qml6-module-qttest
  qt6-qpa-plugins libgl-dev
  # crypto (the same libcrypto QSslSocket loads); the system keyring for the keys at rest
  libssl-dev openssl qtkeychain-qt6-dev
  # beyond the LAN: ICE (libnice on GLib's main loop); the NAT test bed's TURN server, NAT and
  # captures (tests/nat/)
  libnice-dev libglib2.0-dev coturn nftables tcpdump
  # tests: namespaces, X server, screenshots
  iproute2 util-linux xvfb xauth x11-utils imagemagick procps xdotool fonts-noto-color-emoji
  sqlite3 # the GUI tests read the stores they made
  # a real keyring for tests/app/tst_keyring: a private D-Bus session, gnome-keyring, secret-tool
  dbus-daemon gnome-keyring libsecret-tools
  # desktop integration: PNG icons rendered from the SVG, and the validators of its tests
  librsvg2-bin desktop-file-utils appstream man-db gzip
  # browser test of the bridge's web page (tests/browser): Debian's chromium, never a download;
  # the examples of docs/api.md run as written (tests/bridge/check-api-docs.sh)
  chromium curl jq
)
# Installed where the distribution has them, else left out: the DHT rendezvous (OpenDHT, as Jami
# uses it) is in Debian 12 but not in Debian 13, whose builds leave it out (core/dht/CMakeLists.txt).
optional_packages=(libopendht-dev)
# playwright-core for that test comes from npm. Debian's nodejs and npm, unless a Node.js with
# its own npm (NodeSource's) is installed already: Debian's npm package conflicts with it.
node_packages=(nodejs npm)
packaging_packages=(dpkg-dev file lintian debootstrap debian-archive-keyring zstd)
# --list: every package this script may install, one a line, and nothing installed (the guard
# tests/packaging/check-ci-deps.sh checks each command the CI legs call against it).
if [[ ${1:-} == --list ]]; then
  printf '%s\n' "${packages[@]}" "${optional_packages[@]}" "${node_packages[@]}" \
    "${packaging_packages[@]}"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  packages+=("${node_packages[@]}")
fi
if [[ ${1:-} == --packaging ]]; then
  packages+=("${packaging_packages[@]}")
fi

# One install at a time: CI prepares a Debian root in the background while other legs start, and
# each leg calls this script itself; apt's own lock would make the second caller fail, not wait.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/tincan-install-deps.lock"
  flock 9
fi

installed() { [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null || true) == ii* ]]; }
missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
# An optional package counts as missing where apt knows it (after an update, when one is needed
# anyway for the required ones).
optional_missing() {
  local p
  for p in "${optional_packages[@]}"; do
    installed "$p" || ! apt-cache show "$p" >/dev/null 2>&1 || echo "$p"
  done
}
mapfile -t optional < <(optional_missing)
if ((${#missing[@]} == 0 && ${#optional[@]} == 0)); then
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
mapfile -t optional < <(optional_missing)
missing+=("${optional[@]}")
echo "install-deps: installing ${missing[*]}" >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
