# shellcheck shell=bash
# Exactly once and in order, read back through a node's bridge: sourced by the scripts that send
# traffic across outages (tests/net/partition-veth.sh, tests/nat/ice-badpath.sh). They provide
# api NAME METHOD PATH, fail MESSAGE, and $sent_dir holding NAME.sent: the texts that NAME's
# bridge accepted, one a line, in the order sent.

# history NAME PEER: "<outgoing> <state> <text>" per message, oldest first, every page.
history() {
  local name=$1 peer=$2 before="" page
  while :; do
    page=$(api "$name" GET "/conversations/$peer/messages?limit=500${before:+&before=$before}")
    jq -r '.messages[] | "\(.outgoing) \(.state) \(.text)"' <<<"$page"
    before=$(jq -r '.next // empty | @uri' <<<"$page")
    [[ -n $before ]] || break
  done | tac
}

all_delivered() { # NAME PEER
  ! history "$1" "$2" | grep -q -v -E '^(true (delivered|read)|false) '
}

# HOLDER's history with PEER holds SENDER's messages (outgoing: true or false) exactly once each,
# in the order SENDER sent them.
check_sent() { # HOLDER PEER SENDER OUTGOING
  local got
  got=$(history "$1" "$2" | awk -v out="$4" '$1 == out { print $3 }')
  if ! diff <(cat "$sent_dir/$3.sent") <(echo "$got") >"$sent_dir/diff"; then
    echo "--- $1's history of $3's messages differs from what $3 sent (< sent, > stored):"
    head -n 20 "$sent_dir/diff"
    fail "$1 lost, duplicated or reordered messages of $3"
  fi
}
