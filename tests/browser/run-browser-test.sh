#!/usr/bin/env bash
# ctest entry of the browser test (inside tests/netns-run.sh): checks for Debian's chromium and
# the npm packages, then runs bridge-page.mjs. Never downloads a browser.
# Usage: run-browser-test.sh <tincan binary> <dir with node_modules> <output dir>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tincan=$1 modules=$2/node_modules out=$3

if [[ ! -x /usr/bin/chromium ]]; then
  echo "SKIP: /usr/bin/chromium is missing; packaging/install-deps.sh installs it." >&2
  exit 77
fi
if [[ ! -f $modules/playwright-core/package.json ]]; then
  echo "FAIL: playwright-core is not in $modules (the browser_npm_ci test installs it)." >&2
  exit 1
fi
mkdir -p "$out"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
exec timeout 240 node "$here/bridge-page.mjs" "$tincan" "$modules" "$out"
