#!/usr/bin/env bash
# Guard against hidden dependencies: every program that .ci/run, the test and packaging scripts,
# the CMake files and the tests' QProcess calls run must come from Debian's base system (Essential
# or Priority: required, what debootstrap --variant=minbase installs, plus git) or from a package
# that packaging/install-deps.sh installs (with or without --packaging), directly or as a
# dependency. A machine that happens to have a tool installed by hand would otherwise hide a
# missing install step until CI runs on a fresh one (issue #23: debootstrap).
# A program found only outside dpkg's files (/usr/local, pyenv, ...) fails too: a fresh machine
# would not have it. Names that are no program on this machine (functions, words) are ignored.
# Usage: check-ci-deps.sh [--self-test] [source dir]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

self_test=0
if [[ ${1:-} == --self-test ]]; then self_test=1; shift; fi
src=$(cd "${1:-$here/../..}" && pwd)

command -v dpkg-query >/dev/null || { echo "SKIP: not a dpkg system"; exit 77; }

mapfile -t files < <(
  cd "$src"
  echo .ci/run
  echo CMakeLists.txt
  find packaging tests qml app core cmake -type f \
    \( -name '*.sh' -o -name '*.cpp' -o -name '*.h' -o -name CMakeLists.txt -o -name '*.cmake' \) \
    -not -path '*/node_modules/*' | sort
)

# What a fresh machine has, and what install-deps.sh may add (with every dependency, recursively).
allowed=$(mktemp)
scratch=$(mktemp -d)
trap 'rm -rf "$allowed" "$scratch"' EXIT
{
  # shellcheck disable=SC2016 # dpkg-query's format, not the shell's
  dpkg-query -W -f '${Package} ${Essential} ${Priority}\n' | awk '$2 == "yes" || $3 == "required" {print $1}'
  echo git
  mapfile -t listed < <("$src/packaging/install-deps.sh" --list)
  printf '%s\n' "${listed[@]}"
  apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${listed[@]}" 2>/dev/null | grep -v '^ ' | tr -d '<>'
} | sed 's/:.*//' | sort -u >"$allowed"

owner_of() { # <path>: the package whose file it is, or nothing
  local p pkg
  # Debian 12 is merged-/usr: dpkg may know /bin/x for /usr/bin/x, or only the link's target.
  for p in "$1" "$(readlink -f "$1")" "${1/#\/usr\//\/}" "/usr$1"; do
    pkg=$(dpkg-query -S "$p" 2>/dev/null | grep -v '^diversion by' | head -1 | sed 's/:.*//; s/, .*//')
    [[ -n $pkg ]] && { echo "$pkg"; return 0; }
  done
  return 0
}

# check MIN <list of "name<TAB>where">: prints a line per program, and returns 1 if one is not
# covered or fewer than MIN were found.
check() {
  local min=$1 name where path pkg bad=0 n=0
  while IFS=$'\t' read -r name where; do
    # The project's own programs (tincan, and install-deps.sh as the Qt 6.8 root's
    # tincan-install-deps) come from this checkout, not from a package.
    [[ $name == tincan* ]] && continue
    if [[ $name == /* ]]; then
      [[ -x $name ]] || continue # a path inside a Debian root, not on this machine
      path=$name
    else
      path=$(type -P "$name" || true)
      [[ -n $path ]] || continue
    fi
    n=$((n + 1))
    pkg=$(owner_of "$path")
    if [[ -z $pkg && $name != /* ]]; then
      # A wrapper earlier on PATH (this machine's /usr/local/bin/convert forwards to ImageMagick's)
      # is fine where a packaged program of the same name stands behind it.
      local other
      while read -r other; do
        pkg=$(owner_of "$other")
        [[ -n $pkg ]] && { path=$other; break; }
      done < <(type -Pa "$name" | tail -n +2)
    fi
    if [[ -z $pkg ]]; then
      echo "FAIL: $name ($where) is $path, which no Debian package installed: a fresh machine lacks it"
      bad=1
    elif ! grep -qxF "$pkg" "$allowed"; then
      echo "FAIL: $name ($where) comes from $pkg, which packaging/install-deps.sh does not install"
      bad=1
    else
      printf '  %-24s %s\n' "$name" "$pkg"
    fi
  done
  echo "$n programs checked"
  ((n >= min)) || { echo "FAIL: only $n programs found: the scan is broken"; bad=1; }
  return "$bad"
}

commands=$(cd "$src" && perl "$here/commands-used.pl" "${files[@]}")
# Programs the legs are known to call: the scan must find them, or it has gone blind.
for known in debootstrap unshare Xvfb xdotool lintian openssl chromium cmake ctest flock; do
  grep -q "^$known"$'\t' <<<"$commands" || { echo "FAIL: the scan did not find $known"; exit 1; }
done

if ((self_test)); then
  # A negative control: a program that is on PATH but from no package must fail the check.
  mkdir -p "$scratch/bin"
  printf '#!/bin/sh\nexit 0\n' >"$scratch/bin/hidden-tool-of-no-package"
  chmod +x "$scratch/bin/hidden-tool-of-no-package"
  printf 'set -e\nhidden-tool-of-no-package --help\n' >"$scratch/leg.sh"
  extra=$(perl "$here/commands-used.pl" "$scratch/leg.sh")
  if PATH="$scratch/bin:$PATH" check 1 <<<"$extra" >"$scratch/out"; then
    cat "$scratch/out"
    echo "FAIL: self-test: a program from no package passed the check"
    exit 1
  fi
  grep -q 'FAIL: hidden-tool-of-no-package' "$scratch/out" || { cat "$scratch/out"; exit 1; }
  echo "PASS: self-test: the hidden tool was caught"
  exit 0
fi

if check 40 <<<"$commands"; then
  echo "PASS: every program the CI legs and tests call is installed by install-deps.sh or the base system"
else
  echo "Add the package to packaging/install-deps.sh (or stop calling the program)."
  exit 1
fi
