#!/usr/bin/env bash
# Installs the locked npm packages of the browser test into a build directory (outside the
# source tree, which may be read-only), once per lockfile: `npm ci` only when it changed.
# Usage: npm-ci.sh <dir holding package.json and package-lock.json>
set -euo pipefail
dir=$1
stamp=$dir/node_modules/.tincan-lock
if cmp -s "$dir/package-lock.json" "$stamp" 2>/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "FAIL: npm is missing; packaging/install-deps.sh installs it." >&2
  exit 1
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --prefix "$dir" --no-audit --no-fund --prefer-offline --loglevel=error
cp "$dir/package-lock.json" "$stamp"
