#!/usr/bin/env bash
# History for a new device (#18), end to end with real `tincan` processes: Ada's desktop (D)
# holds 10,000 messages with Ben (B), 5,000 each way. Her new laptop (L) joins the account
# (`tincan ctl devices`) and gets them; it is killed with SIGKILL during the transfer, starts
# again, and goes on. Afterwards it holds exactly the desktop's 10,000 messages, once each, and
# a second new device (L2) shows how long an uncut transfer of 10,000 takes. Last, with the
# desktop away and Mo (M) as its mailbox, what Ben and the laptop send reaches it through Mo.
# Run inside tests/netns-run.sh: the nodes listen on fixed ports of a private namespace.
# Usage: history-devices.sh <tincan binary> [messages each way, default 5000]
set -euo pipefail
tincan=$1
each=${2:-5000}
total=$((2 * each))
for tool in jq curl sqlite3; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is missing (packaging/install-deps.sh)"; exit 77; }
done
declare -A port=([D]=47211 [L]=47212 [B]=47213 [L2]=47214 [M]=47215)
declare -A name=([D]=Ada [L]="Ada laptop" [B]=Ben [L2]="Ada tablet" [M]=Mo)
# shellcheck source=tests/devices/harness.sh
source "$(dirname "$0")/harness.sh"
sql() { sqlite3 -readonly "$dir/$1/tincan.db" "$2"; }
history_of() { ctl "$1" --json devices | jq -c .history; }
done_on() { [[ $(history_of "$1" | jq -r .done) == true ]]; }
ms() { echo $((${EPOCHREALTIME/./} / 1000)); }

# NAME sends COUNT messages to PEER through its bridge, on one kept-alive connection.
send_many() { # NAME PEER COUNT
  local who=$1 peer=$2 n body url token
  body=$(printf 'x%.0s' {1..1000}) # a long message, so that a page holds a few hundred
  url="http://127.0.0.1:$(jq -r .bridge.port "$dir/$who/node.json")/api/v1/messages"
  token=$(cat "$dir/$who/bridge.token")
  {
    for ((n = 1; n <= $3; n++)); do
      printf 'url = "%s"\nheader = "Authorization: Bearer %s"\n' "$url" "$token"
      printf 'data = "{\\"to\\": \\"%s\\", \\"text\\": \\"%s-%d %s\\"}"\n' "$peer" "$who" "$n" "$body"
      printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n'
      ((n < $3)) && printf 'next\n'
    done
  } >"$dir/$who.curl"
  curl -s -K "$dir/$who.curl" >"$dir/$who.codes"
  [[ $(grep -c '^201$' "$dir/$who.codes") == "$3" ]] || fail "$who's bridge did not take all $3 messages"
}

# NEW joins Ada's account through the desktop's code; both confirm the number.
link() { # NEW
  local code number
  code=$(ctl D --json devices add | jq -r .linking.code)
  ctl "$1" --json devices join "$code" >/dev/null
  wait_until "$1 shows the number" 20 stage_is "$1" confirm
  wait_until "the desktop shows the number" 20 stage_is D confirm
  number=$(ctl "$1" --json devices | jq -r .linking.confirmation)
  [[ $(ctl D --json devices | jq -r .linking.confirmation) == "$number" ]] || fail "the numbers differ"
  ctl "$1" --json devices confirm yes >/dev/null
  ctl D --json devices confirm yes >/dev/null
}

start D
start B
d=$(id_of D) b=$(id_of B)
ctl B connect "127.0.0.1:${port[D]}" >/dev/null
wait_until "Ben and the desktop connect" 20 bash -c \
  "'$tincan' ctl --profile '$dir/D' --json peers | jq -e '.peers[] | select(.id == \"$b\" and .online)'"
t=$(ms)
send_many B "$d" "$each" &
sender=$!
send_many D "$b" "$each"
wait "$sender"
echo "sent: $((2 * each)) through the bridges in $(($(ms) - t)) ms"
wait_until "the desktop holds $total messages" 120 \
  bash -c "[[ \$(sqlite3 -readonly '$dir/D/tincan.db' 'SELECT count(*) FROM messages') == $total ]]"
echo "history: $total messages on the desktop in $(($(ms) - t)) ms"

# The laptop joins; once the first page is in, the desktop is held (SIGSTOP) so that the
# transfer is surely under way, and the laptop is killed.
start L
link L
t=$(ms)
wait_until "the laptop's history begins" 60 \
  bash -c "(( \$(sqlite3 -readonly '$dir/L/tincan.db' 'SELECT count(*) FROM messages') > 0 ))"
kill -STOP "${pid[D]}"
kill -9 "${pid[L]}"
wait "${pid[L]}" 2>/dev/null || true
unset "pid[L]"
kill -CONT "${pid[D]}"
cut=$(sql L "SELECT received || ' of ' || total || ', done ' || done FROM history_sync")
[[ $cut != *"done 1" ]] || fail "the transfer ended before the kill: $cut"
echo "killed the laptop at $cut"

start L
ctl L connect "127.0.0.1:${port[D]}" >/dev/null
wait_until "the laptop's history completes" 120 done_on L
echo "resumed: $(history_of L) in $(($(ms) - t)) ms from the confirmation, the kill included"
[[ $(sql L 'SELECT count(*) FROM messages') == "$total" ]] || fail "the laptop holds $(sql L 'SELECT count(*) FROM messages') messages"
sql D 'SELECT uuid, outgoing, body FROM messages ORDER BY uuid' >"$dir/desktop.rows"
sql L 'SELECT uuid, outgoing, body FROM messages ORDER BY uuid' >"$dir/laptop.rows"
cmp -s "$dir/desktop.rows" "$dir/laptop.rows" || fail "the laptop's messages differ from the desktop's"
[[ $(history_of L | jq -r '"\(.received) \(.total)"') == "$total $total" ]] || fail "progress: $(history_of L)"

# An uncut transfer, for its time.
start L2
link L2
t=$(ms)
wait_until "the tablet's history completes" 120 done_on L2
elapsed=$(($(ms) - t))
[[ $(sql L2 'SELECT count(DISTINCT uuid) FROM messages') == "$total" ]] || fail "the tablet's history is incomplete"
echo "uncut: $total messages to a new device in $elapsed ms ($((total * 1000 / (elapsed > 0 ? elapsed : 1))) messages/s)"

# The desktop away, with Mo holding its messages: Ben's message reaches the laptop at once and
# the desktop through Mo; so does the copy of the laptop's answer. The desktop comes back while
# Ben and the laptops are gone, and has both.
holds() { # Mo holds COUNT envelopes for OWNER
  [[ $(ctl M --json mailbox | jq --arg id "$1" '[.serving.owners[] | select(.peer == $id) | .envelopes] | add // 0') == "$2" ]]
}
has_message() { # WHO PEER jq-condition
  ctl "$1" --json history "$2" -n 50 | jq -e "[.messages[] | select($3)] | length == 1"
}
start M --mailbox
m=$(id_of M) l=$(id_of L)
for who in D L B; do ctl "$who" connect "127.0.0.1:${port[M]}" >/dev/null; done
ctl D mailbox use "$m" >/dev/null
wait_until "Mo takes the desktop's envelopes" 20 bash -c \
  "'$tincan' ctl --profile '$dir/D' --json mailbox | jq -e '.mailbox.state == \"accepted\"'"
wait_until "Ben learns the desktop's mailbox" 20 peer_is B "$d" ".mailbox == \"$m\""
wait_until "the laptop learns the desktop's mailbox" 20 peer_is L "$d" ".mailbox == \"$m\""
stop D
wait_until "Ben sees the desktop offline" 20 peer_is B "$d" '.online | not'
ctl B send "$d" "while you were away" >/dev/null
wait_until "the laptop has Ben's message" 20 has_message L "$b" '.text == "while you were away"'
ctl L send "$b" "back at six" >/dev/null
wait_until "Mo holds both for the desktop" 30 holds "$d" 2
stop B
stop L
stop L2
start D
ctl D connect "127.0.0.1:${port[M]}" >/dev/null
wait_until "the desktop collects Ben's message" 30 has_message D "$b" \
  '.text == "while you were away" and (.outgoing | not)'
wait_until "the desktop collects the laptop's answer" 30 has_message D "$b" \
  ".text == \"back at six\" and .outgoing and .senderId == \"$l\""
wait_until "Mo holds nothing more for the desktop" 20 holds "$d" 0
echo "mailbox: the desktop got Ben's message and the laptop's answer through Mo"

stop D
stop M
echo "PASS: $total messages reached the new device once each, across a kill -9; an away device caught up through its mailbox"
