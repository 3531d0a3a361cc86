#!/usr/bin/env bash
# Checks that the Debian package depends on every package that the app loads at run time without
# linking to it, which dpkg-shlibdeps cannot see: the QML modules that qml/ imports (and those they
# import in turn, as their qmldir files say), the Controls style chosen in C++, and the SQLite
# driver. A new `import` in qml/ whose package is missing from TINCAN_RUNTIME_DEPENDS in
# packaging/CMakeLists.txt fails here, naming the package to add.
# Usage: check-qml-deps.sh <declared,packages,...> <source dir> <Qt QML dir>
# Exits 77 (skip) where the Qt QML modules do not come from dpkg (not Debian, or a Qt from the
# online installer).
set -euo pipefail
IFS=, read -r -a declared <<<"$1"
src=$2
qmlroot=$3

if ! command -v dpkg-query >/dev/null || ! dpkg-query -S "$qmlroot/QtQuick/qmldir" >/dev/null 2>&1; then
  echo "SKIP: $qmlroot/QtQuick/qmldir is not from a Debian package; nothing to map imports to."
  exit 77
fi

# Modules the project defines itself: they are compiled into the binary.
mapfile -t own < <(grep -rhoE '\bURI[[:space:]]+[A-Za-z][A-Za-z0-9_.]*' "$src/qml" "$src/app" \
  --include=CMakeLists.txt | awk '{print $2}' | sort -u)
is_own() { local m; for m in "${own[@]}"; do [[ $m == "$1" ]] && return 0; done; return 1; }

queue=()
while read -r uri; do
  is_own "$uri" || queue+=("$uri")
done < <(grep -rhoE '^[[:space:]]*import[[:space:]]+[A-Za-z][A-Za-z0-9_.]*' "$src/qml" \
  --include='*.qml' | awk '{print $2}' | sort -u)
# QQuickStyle::setStyle("X") in C++ loads QtQuick.Controls.X at run time.
while read -r style; do
  queue+=("QtQuick.Controls.$style")
done < <(grep -rhoE 'setStyle\(QStringLiteral\("[A-Za-z]+"\)' "$src/app" "$src/qml" \
  | sed -E 's/.*"([A-Za-z]+)".*/\1/' | sort -u)

# The QML that a module's plugin and its libraries carry in their resources imports further
# modules that no qmldir names (QtQuick.Dialogs' file dialog needs Qt.labs.folderlistmodel).
declare -A scanned=()
embedded_imports() { # <module dir>
  local so lib
  for so in "$1"/*.so; do
    [[ -f $so ]] || continue
    for lib in "$so" $(ldd "$so" 2>/dev/null | awk '$3 ~ /libQt6/ {print $3}'); do
      [[ -n ${scanned[$lib]:-} ]] && continue
      scanned[$lib]=1
      strings -n 8 "$lib" | sed -nE 's/^[[:space:]]*import[[:space:]]+([A-Za-z][A-Za-z0-9_.]*)([[:space:]].*)?$/\1/p'
    done
  done | sort -u
}

declare -A seen=() required=()
while ((${#queue[@]})); do
  uri=${queue[0]}
  queue=("${queue[@]:1}")
  [[ -n ${seen[$uri]:-} ]] && continue
  seen[$uri]=1
  qmldir="$qmlroot/${uri//.//}/qmldir"
  if [[ $uri == QML ]]; then
    continue # Qt >= 6.5: the basic types, built into libQt6Qml, which dpkg-shlibdeps sees
  elif [[ -f $qmldir ]]; then
    pkg=$(dpkg-query -S "$qmldir" | head -1 | cut -d: -f1)
    required[$pkg]+="$uri "
    # `optional import` modules are loaded only when selected (styles), so they do not count.
    while read -r dep; do queue+=("$dep"); done < <(
      sed -nE 's/^(default[[:space:]]+)?(import|depends)[[:space:]]+([A-Za-z][A-Za-z0-9_.]*).*/\3/p' "$qmldir"
      embedded_imports "$(dirname "$qmldir")")
  else
    # Built into the Qt library on some versions (QtQml on 6.4) and then a qmldir of its own on
    # later ones: named by Debian's convention so that both versions are covered.
    pkg="qml6-module-$(tr 'A-Z.' 'a-z-' <<<"$uri")"
    required[$pkg]+="$uri(no qmldir here) "
  fi
done

if grep -rqE '"QSQLITE"' "$src/core" "$src/app"; then
  required[libqt6sql6-sqlite]+="QSQLITE "
fi

missing=0
for pkg in $(printf '%s\n' "${!required[@]}" | sort); do
  found=no
  for d in "${declared[@]}"; do [[ $d == "$pkg" ]] && found=yes; done
  printf '%-34s %-4s for %s\n' "$pkg" "$found" "${required[$pkg]}"
  [[ $found == yes ]] || missing=1
done
if ((missing)); then
  echo "FAIL: add the packages marked 'no' to TINCAN_RUNTIME_DEPENDS in packaging/CMakeLists.txt"
  exit 1
fi
echo "PASS: every QML module and plugin the app loads at run time is a package dependency"
