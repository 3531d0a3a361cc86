#!/usr/bin/env bash
# Regenerates tincan_en.ts from every qsTr()/tr() in qml/, and the group event lines that the
# core puts into words (core/groups/groupeventline.cpp), with lupdate from qt6-l10n-tools.
# --check: fails, without writing, when the committed file misses or keeps stale strings
# (locations are ignored, so moving code around does not need a regeneration).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
qml=$(dirname "$here")
lupdate=$(command -v lupdate-qt6 || command -v lupdate || true)
[[ -x /usr/lib/qt6/bin/lupdate ]] && lupdate=/usr/lib/qt6/bin/lupdate
[[ -n $lupdate ]] || { echo "SKIP: lupdate not found (Debian: qt6-l10n-tools)"; exit 77; }

run() { # $1 = .ts file to update
  (cd "$qml" && "$lupdate" -silent -no-obsolete -locations relative -source-language en \
    -target-language en ./*.qml ./*.cpp ../core/groups/groupeventline.cpp \
    ../core/devices/devicenotice.cpp -ts "$1")
}
strip() { grep -v -E '<location |^\s*$' "$1"; }

if [[ ${1:-} == --check ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cp "$here/tincan_en.ts" "$tmp/tincan_en.ts"
  run "$tmp/tincan_en.ts"
  if ! diff <(strip "$here/tincan_en.ts") <(strip "$tmp/tincan_en.ts"); then
    echo "FAIL: qml/i18n/tincan_en.ts is out of date; run qml/i18n/update-ts.sh"
    exit 1
  fi
  echo "PASS: tincan_en.ts has every translatable string"
  exit 0
fi
run "$here/tincan_en.ts"
