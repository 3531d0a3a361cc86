#!/usr/bin/env bash
# qml/IMPORTS.txt lists every module the QML files import (Tincan itself aside), one per line,
# so that packaging can turn them into package dependencies. Fails when the two drift apart.
set -euo pipefail
qml=$1
used=$(grep -hoE '^[[:space:]]*import[[:space:]]+[A-Za-z][A-Za-z0-9_.]*' "$qml"/*.qml \
  | awk '{print $2}' | grep -vx Tincan | sort -u)
listed=$(grep -vE '^[[:space:]]*(#|$)' "$qml/IMPORTS.txt" | sort -u)
if [[ "$used" != "$listed" ]]; then
  echo "FAIL: qml/IMPORTS.txt differs from the imports in qml/*.qml (< used, > listed):"
  diff <(echo "$used") <(echo "$listed") || true
  exit 1
fi
echo "PASS: qml/IMPORTS.txt lists the $(wc -l <<<"$used") imported modules"
