#!/usr/bin/env bash
# Checks that the man page agrees with `tincan --help`: every long option the binary prints is
# documented, and the page renders without groff warnings (lintian runs the same check).
# Options in the page that --help no longer prints are reported but do not fail: the page may be
# written ahead of the code it documents.
# Usage: check-manpage.sh <tincan binary> <tincan.1>
set -euo pipefail
bin=$1
page=$2

help=$("$bin" --help)
mapfile -t options < <(grep -oE '(^|[[:space:],])--[a-z][a-z0-9-]*' <<<"$help" \
  | sed -E 's/^[[:space:],]*//' | sort -u)
((${#options[@]} > 2)) || { echo "FAIL: no options found in '$bin --help':"; echo "$help"; exit 1; }

# In roff a dash is written \- ; compare on the plain text.
plain=$(sed 's/\\-/-/g' "$page")
missing=()
for opt in "${options[@]}"; do
  grep -qE -- "(^|[^a-z-])${opt}([^a-z-]|$)" <<<"$plain" || missing+=("$opt")
done

while read -r opt; do
  grep -qE -- "(^|[^a-z-])${opt}([^a-z-]|$)" <<<"$help" \
    || echo "NOTE: $opt is in the man page but not in --help"
done < <(grep -oE -- '--[a-z][a-z0-9-]*' <<<"$plain" | sort -u)

if command -v man >/dev/null; then
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null || true)
  if [[ -n $warnings ]]; then echo "FAIL: groff warnings in $page:"; echo "$warnings"; exit 1; fi
fi

if ((${#missing[@]})); then
  echo "FAIL: options in '$bin --help' missing from $page: ${missing[*]}"
  exit 1
fi
echo "PASS: all ${#options[@]} long options of --help are in the man page: ${options[*]}"
