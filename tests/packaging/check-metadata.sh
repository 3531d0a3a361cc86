#!/usr/bin/env bash
# Validates the desktop file and the AppStream metainfo as software centres and lintian read them.
# Usage: check-metadata.sh <desktop file> <metainfo.xml>
set -euo pipefail
desktop=$1
metainfo=$2

for tool in desktop-file-validate appstreamcli; do
  command -v "$tool" >/dev/null \
    || { echo "FAIL: $tool is missing: run packaging/install-deps.sh"; exit 1; }
done
desktop-file-validate "$desktop"
# --no-net: the check must not depend on reaching the URLs in the file (CI has no network).
# Newer appstreamcli (Debian 13) warns that there is no homepage URL: the project has none yet
# (add <url type="homepage"> when it does). Every other warning or error fails. --override cannot
# do this, since the older appstreamcli (Debian 12) rejects the tag it does not know.
report=$(appstreamcli validate --no-net --pedantic "$metainfo" 2>&1) || true
echo "$report"
if ! grep -q 'Validation was successful' <<<"$report"; then
  blocking=$(grep -E '^[EW]: ' <<<"$report" | grep -vE ': url-homepage-missing' || true)
  if [[ -n $blocking ]] || ! grep -qE '^W: .*: url-homepage-missing' <<<"$report"; then
    echo "FAIL: appstreamcli reports problems in $metainfo"; exit 1
  fi
fi
echo "PASS: $desktop and $metainfo are valid"
