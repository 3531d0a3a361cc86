#!/usr/bin/env bash
# Installs every build and test dependency of Tincan on Debian 12+ / Ubuntu 24.04+.
# Idempotent: when everything is present it only runs dpkg-query and returns in about a second.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format
  # Qt 6 (floor: 6.4.2 on Debian 12)
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools
  qt6-websockets-dev qt6-httpserver-dev libqt6sql6-sqlite qt6-l10n-tools
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
  qml6-module-qtquick-dialogs qml6-module-qt-labs-platform qml6-module-qttest
  qt6-qpa-plugins libgl-dev
  # crypto (the same libcrypto QSslSocket loads)
  libssl-dev openssl
  # tests: namespaces, X server, screenshots
  iproute2 util-linux xvfb xauth x11-utils imagemagick procps
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ "$status" == ii* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
