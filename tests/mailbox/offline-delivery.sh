#!/usr/bin/env bash
# Offline delivery through a mailbox (#17), end to end: real `tincan` processes, driven by
# `tincan ctl` alone, as a user would (README, "Messages to someone who is offline").
#
# Ada (A) writes to Ben (B) while Ben is offline; Mo (M), an always-on node, is the mailbox.
#   recipient: M is Ben's mailbox. Ben stops, Ada sends 100 and stops, Ben starts and gets the
#              100 from M, exactly once and in order; Ada, back, sees them delivered. On the
#              way: no plaintext at M, a flipped byte rejected and logged, a replay stored once.
#   sender:    the same with M as Ada's own mailbox, and M killed (SIGKILL) while it takes the
#              deposits: nothing it acknowledged is lost and its database is intact.
#   group:     a group of Ada, Ben and Mo: Ben's copy of each group message goes through his
#              mailbox, Mo's directly, as for any member.
#   full:      a mailbox with a 1 MiB quota fills up: the rest waits at Ada with the reason
#              shown, and everything arrives once both are online.
# Run inside tests/netns-run.sh: the nodes listen on fixed ports of a private namespace.
# Usage: offline-delivery.sh <tincan binary> [recipient|sender|group|full]...
set -euo pipefail
tincan=$1
shift
scenarios=("${@:-recipient sender group full}")
read -r -a scenarios <<<"${scenarios[*]}"
for tool in jq sqlite3; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is missing (packaging/install-deps.sh)"; exit 77; }
done
work=$(mktemp -d)
declare -A pid port
cleanup() {
  for p in "${pid[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work/home XDG_DATA_HOME= XDG_CONFIG_HOME= TINCAN_KEY_STORAGE=file
mkdir -p "$HOME"
port=([A]=47102 [B]=47103 [M]=47101)
dir= # the running scenario's folder

fail() {
  echo "FAIL: $*"
  for log in "$dir"/*.log; do echo "--- $log"; tail -n 30 "$log"; done
  exit 1
}
# Polls a command until it succeeds: at most $2 seconds, every 0.1 s.
wait_until() {
  local what=$1 seconds=$2
  shift 2
  for ((i = 0; i < seconds * 10; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  [[ -n ${DEBUG_CMD:-} ]] && eval "$DEBUG_CMD"
  fail "$what (after ${seconds} s)"
}
ctl() {
  local who=$1
  shift
  "$tincan" ctl --profile "$dir/$who" "$@"
}
start() { # A|B|M [options]
  local who=$1 name
  shift
  name=$(case $who in A) echo Ada ;; B) echo Ben ;; M) echo Mo ;; esac)
  "$tincan" --headless --profile "$dir/$who" --name "$name" --port "${port[$who]}" \
    --no-discovery --bridge 0 "$@" >>"$dir/$who.log" 2>&1 &
  pid[$who]=$!
  wait_until "$who starts" 30 jq -e ".pid == ${pid[$who]} and .bridge.port != null" "$dir/$who/node.json"
}
stop() {
  kill -TERM "${pid[$1]}"
  wait "${pid[$1]}" || fail "$1 did not stop cleanly"
  unset "pid[$1]"
}
id_of() { jq -r .fingerprint "$dir/$1/node.json"; }
# Whether $1 sees peer $2 with the jq condition $3 true.
peer_is() { ctl "$1" --json peers | jq -e --arg id "$2" ".peers[] | select(.id == \$id and $3)"; }
online() { ctl "$1" --json peers | jq -e --arg id "$2" '.peers[] | select(.id == $id and .online)'; }
offline() { ctl "$1" --json peers | jq -e --arg id "$2" '.peers[] | select(.id == $id and (.online | not))'; }
# Messages of $1's conversation with $2 that match the jq filter $3, counted.
count() {
  ctl "$1" --json history "$2" -n 500 | jq "[.messages[] | select($3)] | length"
}
has_count() { [[ $(count "$@") == "$4" ]]; }
holds() { # M holds $2 envelopes counted against owner $1
  [[ $(ctl M --json mailbox | jq --arg id "$1" '[.serving.owners[] | select(.peer == $id) | .envelopes] | add // 0') == "$2" ]]
}
integrity() {
  [[ $(sqlite3 "$dir/M/tincan.db" "PRAGMA integrity_check") == ok ]] ||
    fail "integrity_check of M's database"
}

# Three nodes that know each other, Ben and Ada both with a session to Mo.
meet() {
  dir=$work/$1
  mkdir -p "$dir"
  start M --mailbox
  start A
  start B
  a=$(id_of A) b=$(id_of B) m=$(id_of M)
  ctl A connect "127.0.0.1:${port[M]}" >/dev/null
  ctl B connect "127.0.0.1:${port[M]}" >/dev/null
  ctl A connect "127.0.0.1:${port[B]}" >/dev/null
  wait_until "Ada sees Mo" 20 online A "$m"
  wait_until "Ada sees Ben" 20 online A "$b"
  wait_until "Ben sees Mo" 20 online B "$m"
  wait_until "Ada has Ben's mailbox record" 20 peer_is A "$b" '.offlineDelivery'
}
mailbox_is() { ctl "$1" --json mailbox | jq -e --arg state "$2" '.mailbox.state == $state'; }
use_mailbox() { # who
  ctl "$1" mailbox use "$m" >/dev/null
  wait_until "$1's mailbox accepts" 20 mailbox_is "$1" accepted
}
send_many() { # count prefix [padding]
  for ((i = 0; i < $1; i++)); do ctl A send "$b" "$2-$(printf %03d $i)${3:-}" >/dev/null; done
}
received_in_order() { # count prefix
  local got want
  got=$(ctl B --json history "$a" -n 500 |
    jq -r '[.messages[] | select(.outgoing | not)] | sort_by(.sentAt) | .[].text | split(" ")[0]')
  want=$(for ((i = 0; i < $1; i++)); do echo "$2-$(printf %03d $i)"; done)
  [[ $got == "$want" ]] || fail "Ben's history is not the $1 messages once each, in order"
  [[ $(ctl B --json history "$a" -n 500 | jq '[.messages[].uuid] | unique | length') == "$1" ]] ||
    fail "a message shows twice at Ben"
}
no_plaintext_at_M() { # prefix
  if grep -rqa -- "$1" "$dir/M"; then fail "Mo's files hold the plaintext '$1'"; fi
}
# The envelope with the nth lowest id at M (stopped), to a file.
export_envelope() { # n file
  sqlite3 "$dir/M/tincan.db" \
    "SELECT writefile('$2', envelope) FROM mailbox_envelopes ORDER BY id LIMIT 1 OFFSET $1" >/dev/null
}

recipient() {
  meet recipient
  use_mailbox B
  wait_until "Ada learns Ben's mailbox" 20 peer_is A "$b" ".mailbox == \"$m\""
  stop B
  wait_until "Ada sees Ben offline" 20 offline A "$b"
  send_many 100 "marker-recipient"
  wait_until "100 messages deposited at Ada" 60 has_count A "$b" '.outgoing and .state == "deposited"' 100
  stop A
  holds "$b" 100 || fail "Mo does not hold the 100 envelopes for Ben"
  no_plaintext_at_M "marker-recipient"

  # Mo (or the disk) damages one envelope: Ben must refuse it and say so. A copy of another
  # is kept, to be replayed once Ben has everything.
  stop M
  sqlite3 "$dir/M/tincan.db" "CREATE TABLE replay AS SELECT * FROM mailbox_envelopes ORDER BY id LIMIT 1"
  export_envelope 1 "$dir/flip.bin"
  local byte
  byte=$(od -An -tu1 -j 200 -N1 "$dir/flip.bin" | tr -d ' ')
  printf "\\$(printf %o $((byte ^ 1)))" | dd of="$dir/flip.bin" bs=1 seek=200 conv=notrunc status=none
  sqlite3 "$dir/M/tincan.db" "UPDATE mailbox_envelopes SET envelope = readfile('$dir/flip.bin')
    WHERE id = (SELECT id FROM mailbox_envelopes ORDER BY id LIMIT 1 OFFSET 1)"
  start M --mailbox
  start B
  wait_until "Ben collects 99 of 100 from Mo" 60 has_count B "$a" '.outgoing | not' 99
  wait_until "Mo holds nothing more for Ben" 20 holds "$b" 0
  grep -q "rejected an envelope from mailbox" "$dir/B.log" || fail "Ben did not log the damaged envelope"
  [[ $(ctl B --json mailbox | jq .rejected) == 1 ]] || fail "Ben does not count the rejected envelope"

  # The replay: the same envelope again, later. Stored once.
  stop M
  sqlite3 "$dir/M/tincan.db" "INSERT INTO mailbox_envelopes (owner_id, slot, depositor_id, digest,
    envelope, size, expires_at, received_at) SELECT owner_id, slot, depositor_id, randomblob(32),
    envelope, size, expires_at, received_at FROM replay"
  start M --mailbox
  wait_until "Ben collects the replay" 30 holds "$b" 0
  [[ $(count B "$a" '.outgoing | not') == 99 ]] || fail "the replayed envelope was stored twice"

  # Ada comes back: the damaged one arrives directly, and she sees all 100 delivered.
  start A
  wait_until "Ada sees 100 delivered" 60 has_count A "$b" '.outgoing and .state == "delivered"' 100
  received_in_order 100 "marker-recipient"
  stop A; stop B; stop M
  integrity
  echo "PASS recipient: 100 via Ben's mailbox; damaged one refused and logged; replay stored once"
}

sender() {
  meet sender
  use_mailbox A
  wait_until "Ben learns Ada's mailbox" 20 peer_is B "$a" ".mailbox == \"$m\""
  stop B
  wait_until "Ada sees Ben offline" 20 offline A "$b"
  # Mo is down while Ada writes; it is killed as the deposits pour in on its return.
  # 20 KB each, so that taking them lasts long enough to be interrupted.
  stop M
  send_many 100 "marker-sender" " $(head -c 20000 /dev/zero | tr '\0' y)"
  start M --mailbox
  for ((i = 0; i < 3000; i++)); do
    [[ $(sqlite3 "$dir/M/tincan.db" "SELECT count(*) FROM mailbox_envelopes" 2>/dev/null) -gt 0 ]] && break
    sleep 0.005
  done
  kill -9 "${pid[M]}"
  wait "${pid[M]}" 2>/dev/null || true
  unset "pid[M]"
  integrity
  local acknowledged held
  acknowledged=$(count A "$b" '.outgoing and .state == "deposited"')
  held=$(sqlite3 "$dir/M/tincan.db" "SELECT count(*) FROM mailbox_envelopes")
  ((held >= acknowledged)) || fail "Mo lost deposits it acknowledged ($acknowledged acknowledged, $held held)"
  echo "killed Mo with $acknowledged of 100 acknowledged, $held held"
  start M --mailbox
  wait_until "100 messages deposited at Ada" 60 has_count A "$b" '.outgoing and .state == "deposited"' 100
  stop A
  no_plaintext_at_M "marker-sender"
  start B
  wait_until "Ben collects 100 from Ada's mailbox" 60 has_count B "$a" '.outgoing | not' 100
  received_in_order 100 "marker-sender"
  # Envelopes a killed Mo took without answering are deposited again: Ben drops the copies.
  wait_until "Mo holds nothing for Ben" 30 bash -c "(( \$(sqlite3 '$dir/M/tincan.db' 'SELECT count(*) FROM mailbox_envelopes') == 0 ))"
  start A
  wait_until "Ada sees 100 delivered" 60 has_count A "$b" '.outgoing and .state == "delivered"' 100
  stop A; stop B; stop M
  integrity
  echo "PASS sender: 100 via Ada's own mailbox, Mo killed during deposits, nothing lost"
}

group() {
  meet group
  use_mailbox B
  ctl A group create Friday "$b" "$m" >/dev/null
  local g
  g=$(ctl A --json groups | jq -r '.groups[0].id')
  wait_until "Ben is in the group" 20 bash -c "[[ \$('$tincan' ctl --profile '$dir/B' --json groups | jq -r '.groups[0].id') == $g ]]"
  stop B
  wait_until "Ada sees Ben offline" 20 offline A "$b"
  for ((i = 0; i < 10; i++)); do ctl A send "$g" "group-$(printf %03d $i)" >/dev/null; done
  # Mo has them (directly), Ben's wait in Mo's mailbox: the slowest member decides the state.
  wait_until "10 group messages deposited" 30 has_count A "$g" '.outgoing and .state == "deposited"' 10
  wait_until "Mo has them directly" 20 has_count M "$g" '(.outgoing | not) and .kind == "text"' 10
  stop A
  start B
  wait_until "Ben collects the group's 10" 60 has_count B "$g" '(.outgoing | not) and .kind == "text"' 10
  [[ $(ctl B --json history "$g" -n 500 | jq -r '[.messages[] | select(.kind == "text")] | sort_by(.sentAt) | .[].text' | tr '\n' ' ') == \
    "$(for ((i = 0; i < 10; i++)); do printf 'group-%03d ' $i; done)" ]] || fail "Ben's group history is not the 10, in order"
  start A
  wait_until "Ada sees them delivered to all" 60 has_count A "$g" '.outgoing and .state == "delivered"' 10
  stop A; stop B; stop M
  integrity
  echo "PASS group: Ben's copies of 10 group messages went through his mailbox"
}

full() {
  meet full
  ctl M settings mailboxQuotaMiB 1 >/dev/null
  use_mailbox B
  stop B
  wait_until "Ada sees Ben offline" 20 offline A "$b"
  local big
  big=$(head -c 60000 /dev/zero | tr '\0' x)
  for ((i = 0; i < 30; i++)); do ctl A send "$b" "full-$(printf %03d $i) $big" >/dev/null; done
  # Each envelope is ~60 KB: about 17 fit, and every other one says why it waits.
  wait_until "each message deposited or held as full" 30 has_count A "$b" \
    '.outgoing and (.state == "deposited" or (.held // "" | test("is full")))' 30
  deposited=$(count A "$b" '.outgoing and .state == "deposited"')
  ((deposited > 0 && deposited < 30)) || fail "$deposited of 30 deposited with a 1 MiB quota"
  ctl A mailbox | grep -q "is full" || fail "ctl mailbox does not say the mailbox is full"
  start B
  wait_until "Ben gets all 30" 60 has_count B "$a" '.outgoing | not' 30
  wait_until "Ada sees 30 delivered" 60 has_count A "$b" '.outgoing and .state == "delivered"' 30
  [[ $(ctl B --json history "$a" -n 500 | jq '[.messages[].uuid] | unique | length') == 30 ]] ||
    fail "a message shows twice at Ben"
  stop A; stop B; stop M
  integrity
  echo "PASS full: $deposited deposited, $((30 - deposited)) waited at Ada with the reason shown, all 30 arrived once"
}

for scenario in "${scenarios[@]}"; do
  started=$SECONDS
  "$scenario"
  echo "($scenario: $((SECONDS - started)) s)"
done
