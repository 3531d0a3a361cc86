#!/usr/bin/env bash
# Several devices of one person (#18), end to end: real `tincan` processes driven by
# `tincan ctl` alone, as a user would.
#   Ada's desktop (D) shows a code (`devices add`, answering the confirmation at the prompt);
#   her new laptop (L), a new profile, joins with it (`devices join --json`, `devices confirm`).
#   Both showed the same number. Ben (B), who knows the desktop, sees the laptop as Ada's
#   (`peers --json`: account and devices). A used code and a wrong one get clear errors.
#   Then the desktop revokes the laptop: Ben's link to it ends, and its next session is refused.
# Run inside tests/netns-run.sh: the nodes listen on fixed ports of a private namespace.
# Usage: link-devices.sh <tincan binary>
set -euo pipefail
tincan=$1
command -v jq >/dev/null || { echo "SKIP: jq is missing (packaging/install-deps.sh)"; exit 77; }
declare -A port=([D]=47201 [L]=47202 [B]=47203) name=([D]=Ada [L]="Ada laptop" [B]=Ben)
# shellcheck source=tests/devices/harness.sh
source "$(dirname "$0")/harness.sh"
account_of() { ctl "$1" --json devices | jq -r .account; }

start D
start L
start B
d=$(id_of D) l=$(id_of L) b=$(id_of B)
ada=$(account_of D)
ctl B connect "127.0.0.1:${port[D]}" >/dev/null
wait_until "Ben sees the desktop" 20 peer_is B "$d" .online

# The desktop's user runs `devices add` and answers its prompt once the laptop has come.
mkfifo "$dir/answer"
ctl D devices add <"$dir/answer" >"$dir/add.out" 2>&1 &
adder=$!
exec 3>"$dir/answer"
wait_until "the desktop shows a code" 20 grep -q "tincan://link/" "$dir/add.out"
code=$(grep -o 'tincan://link/[^ ]*' "$dir/add.out")
echo "code: $code"

out=$(ctl L devices join "${code/k=/k=0}" 2>&1) && fail "a truncated code was taken: $out"
[[ $out == *"incomplete"* ]] || fail "a truncated code got: $out"
ctl L --json devices join "$code" >/dev/null
wait_until "the laptop shows the number" 20 stage_is L confirm
number=$(ctl L --json devices | jq -r .linking.confirmation)
wait_until "the desktop asks about the number" 20 grep -q "Does it show $number?" "$dir/add.out"
ctl L --json devices confirm yes >/dev/null
echo y >&3
exec 3>&-
wait "$adder" || fail "devices add failed: $(cat "$dir/add.out")"
grep -q "^Linked." "$dir/add.out" || fail "devices add did not say it linked: $(cat "$dir/add.out")"
wait_until "the laptop is done" 20 stage_is L done
[[ $(account_of L) == "$ada" ]] || fail "the laptop is not in Ada's account"
echo "linked: both showed $number; the laptop is in account ${ada:0:12}"

# A used code is refused, with words a user can act on.
ctl L --json devices join "$code" >/dev/null 2>&1 &&
  fail "a profile with an account of several devices joined again"

# Ben sees the laptop as Ada's device once it comes.
ctl L connect "127.0.0.1:${port[B]}" >/dev/null
wait_until "Ben sees the laptop online" 20 peer_is B "$l" .online
wait_until "Ben knows the laptop is Ada's" 20 peer_is B "$l" \
  "(.account == \"$ada\") and (.devices | index(\"$l\")) and (.devices | index(\"$d\"))"
wait_until "the desktop lists both devices" 20 \
  bash -c "[[ \$('$tincan' ctl --profile '$dir/D' --json devices | jq '.devices | length') == 2 ]]"

# Revoked: Ben's link to the laptop ends, and the laptop's next session is refused.
ctl D devices revoke "${l:0:8}" >/dev/null
wait_until "Ben drops the laptop" 20 peer_is B "$l" '.online | not'
wait_until "the laptop knows it was revoked" 20 bash -c \
  "'$tincan' ctl --profile '$dir/L' --json devices | jq -e .revoked"
ctl L connect "127.0.0.1:${port[B]}" >/dev/null
wait_until "Ben refuses the laptop" 20 grep -q "device was removed from account ${ada:0:12}" "$dir/B.log"
peer_is B "$l" .online >/dev/null && fail "Ben took the revoked laptop back"
peer_is B "$d" .online >/dev/null || fail "Ben lost the desktop"
ctl D devices | grep -q "(this device)" || fail "devices does not list this device"

for who in D L B; do kill -TERM "${pid[$who]}"; wait "${pid[$who]}" || fail "$who did not stop cleanly"; unset "pid[$who]"; done
echo "PASS: linked with a code and a confirmed number, seen as one account, revoked and refused"
