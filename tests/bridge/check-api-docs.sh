#!/usr/bin/env bash
# Runs the examples of docs/api.md as written: every ```sh block, in order, in one shell, against
# a real node (Alice, whose profile is the default one of a temporary HOME) with a peer (Bob).
# A block passes when its commands succeed and every curl in it gets a 2xx answer, or the
# status an "# expect: NNN" comment on its line names. Run inside tests/netns-run.sh: the
# examples dial example addresses.
# Usage: check-api-docs.sh <tincan binary> <docs/api.md>
set -euo pipefail
tincan=$1 doc=$2
for tool in curl jq; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is missing (packaging/install-deps.sh)"; exit 77; }
done
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait; rm -rf "$work"; }
trap cleanup EXIT

export HOME=$work/home XDG_DATA_HOME= XDG_CONFIG_HOME=
mkdir -p "$HOME" "$work/bin"
ln -s "$(realpath "$tincan")" "$work/bin/tincan"
export PATH=$work/bin:$PATH
alice=$HOME/.local/share/tincan bob=$work/bob

wait_bridge() { # profile pid
  for _ in $(seq 200); do
    [[ $(jq -r '.pid == '"$2"' and .bridge.port != null' "$1/node.json" 2>/dev/null) == true ]] && return 0
    sleep 0.05
  done
  echo "FAIL: no node with a bridge on $1"; exit 1
}
tincan --headless --name Alice --bridge 0 >"$work/alice.log" 2>&1 & pids+=($!); wait_bridge "$alice" $!
tincan --profile "$bob" --headless --name Bob --bridge 0 >"$work/bob.log" 2>&1 & pids+=($!); wait_bridge "$bob" $!
tincan ctl --profile "$bob" connect "127.0.0.1:$(jq .port "$alice/node.json")" >/dev/null
for _ in $(seq 200); do
  tincan ctl --json peers | jq -e '.peers[] | select(.name == "Bob" and .online)' >/dev/null && break
  sleep 0.1
done
tincan ctl --profile "$bob" send Alice "Hello Alice, this is Bob" >/dev/null
tincan ctl --profile "$bob" send Alice "Are you there?" >/dev/null

# One shell runs every block; curl reports each status to a file the checker reads.
statuses=$work/statuses
runner=$work/runner.sh
cat >"$runner" <<'RUNNER'
curl() {
  local out code
  out=$(command curl -sS -w '\n@@%{http_code}' "$@") || return 1
  code=${out##*@@}
  printf '%s\n' "${out%$'\n'@@*}"
  echo "$code" >>"$STATUSES"
}
RUNNER
blocks=0
block="" expect=""
in_block=0
while IFS= read -r line; do
  if ((in_block)); then
    if [[ $line == '```' ]]; then
      in_block=0 blocks=$((blocks + 1))
      printf '\nblock_start %d\n%s\nblock_end %d "%s"\n' "$blocks" "$block" "$blocks" "$expect" >>"$runner"
      block="" expect=""
    else
      block+="$line"$'\n'
      # Each curl line expects a 2xx answer, or what its "# expect: NNN" comment says.
      if [[ $line == *curl\ * ]]; then
        [[ $line =~ \#\ expect:\ ([0-9]{3}) ]] && expect+="${BASH_REMATCH[1]} " || expect+="2xx "
      fi
    fi
  elif [[ $line == '```sh' ]]; then
    in_block=1
  fi
done <"$doc"
((blocks > 0)) || { echo "FAIL: no sh blocks in $doc"; exit 1; }

cat >"$work/prelude.sh" <<PRELUDE
set -e
export STATUSES=$statuses
block_start() { : >"\$STATUSES"; echo "== example block \$1"; }
block_end() {
  local want=(\$2) i=0 code
  while read -r code; do
    local expected=\${want[\$i]:-2xx}
    if [[ \$expected == 2xx && \$code != 2?? ]] || [[ \$expected != 2xx && \$code != \$expected ]]; then
      echo "FAIL: example block \$1: curl number \$((i + 1)) got \$code, expected \$expected"; exit 1
    fi
    i=\$((i + 1))
  done <"\$STATUSES"
}
PRELUDE
cd "$work"
if bash -c "source '$work/prelude.sh'; source '$runner'"; then
  echo "PASS: $blocks example blocks of $doc"
else
  echo "FAIL: an example of $doc did not work as written (see above)"; exit 1
fi
