# shellcheck shell=bash
# Exactly once and in order, read back through a node's bridge: sourced by the scripts that send
# traffic across outages (tests/net/partition-veth.sh, tests/nat/ice-badpath.sh). They provide
# api NAME METHOD PATH [BODY [curl options...]], fail MESSAGE, and $sent_dir holding NAME.sent:
# the texts that NAME's bridge accepted, one a line, in the order sent.
#
# Every read either succeeds whole or fails: a page that did not come (a timeout, an error) must
# never read as "nothing there", or a check for "nothing undelivered" passes on an empty answer.

# history NAME PEER: "<outgoing> <state> <text>" per message, oldest first, every page; fails when
# any page cannot be read.
history() {
  local name=$1 peer=$2 before="" page lines=""
  while :; do
    page=$(api "$name" GET "/conversations/$peer/messages?limit=500${before:+&before=$before}" "" \
      --fail) || return 1
    jq -e '.messages | type == "array"' >/dev/null 2>&1 <<<"$page" || return 1
    lines+=$(jq -r '.messages[] | "\(.outgoing) \(.state) \(.text)"' <<<"$page")$'\n'
    before=$(jq -r '.next // empty | @uri' <<<"$page")
    [[ -n $before ]] || break
  done
  grep -v '^$' <<<"$lines" | tac
}

# NAME's history with PEER holds every message NAME sent (NAME.sent), each delivered or read.
all_delivered() { # NAME PEER
  local lines
  lines=$(history "$1" "$2") || return 1
  (($(grep -c -E '^true (delivered|read) ' <<<"$lines") == $(wc -l <"$sent_dir/$1.sent")))
}

# HOLDER's history with PEER holds SENDER's messages (outgoing: true or false) exactly once each,
# in the order SENDER sent them.
check_sent() { # HOLDER PEER SENDER OUTGOING
  local lines got
  lines=$(history "$1" "$2") || fail "$1's history with $2 cannot be read"
  got=$(awk -v out="$4" '$1 == out { print $3 }' <<<"$lines")
  if ! diff <(cat "$sent_dir/$3.sent") <(echo "$got") >"$sent_dir/diff"; then
    echo "--- $1's history of $3's messages differs from what $3 sent (< sent, > stored):"
    head -n 20 "$sent_dir/diff"
    fail "$1 lost, duplicated or reordered messages of $3"
  fi
}
