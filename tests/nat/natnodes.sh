# shellcheck shell=bash
# Nodes in the NAT bed, for the scripts of tests/nat: sourced after `variant` and `bin` are set.
# A lives in a, B in b, C in c; each has a bridge, driven with curl from inside its host.
# shellcheck source=natbed.sh
source "$(dirname "${BASH_SOURCE[0]}")/natbed.sh"
trap natbed_cleanup EXIT

fail() {
  echo "FAIL ($variant): $*"
  for log in "$NATBED_DIR"/*.log; do [[ -f $log ]] && { echo "--- $log"; tail -n 30 "$log"; }; done
  exit 1
}
wait_for() { # what tenths cmd...
  local what=$1 tenths=$2; shift 2
  for _ in $(seq "$tenths"); do "$@" && return 0; sleep 0.1; done
  fail "timed out waiting for $what"
}

declare -A host_of=([A]=a [B]=b [C]=c)
# Nodes started after this see NAME as ADDRESS (tests/with-hosts.sh): an /etc/hosts of their
# own, so that a host name resolves without any DNS server.
hosts_entry() { # NAME ADDRESS
  NODE_WRAP=("$(dirname "${BASH_SOURCE[0]}")/../with-hosts.sh" "$2 $1" --)
}
start_node() { # NAME extra-args...
  local name=$1; shift
  # HOME in the work dir: received files go to HOME/Downloads, never the real user's.
  natbed_spawn "${host_of[$name]}" "$NATBED_DIR/$name.log" ${NODE_WRAP[@]+"${NODE_WRAP[@]}"} env TINCAN_KEY_STORAGE=file \
    HOME="$NATBED_DIR/home-$name" QT_LOGGING_RULES="tincan.net.debug=true" ${NODE_ENV:-} "$bin" --headless --port 0 --no-discovery \
    --bridge 0 --profile "$NATBED_DIR/$name" --name "$name" "$@"
}
info() { jq -r "$2" "$NATBED_DIR/$1/node.json" 2>/dev/null; }
ready() { [[ $(info "$1" .bridge.port) =~ ^[0-9]+$ ]]; }
api() { # NAME METHOD PATH [BODY [curl options...]]
  local name=$1 method=$2 path=$3 body=${4:-}
  shift 3; (($#)) && shift
  local args=(-s --max-time 10 -X "$method" -H "Authorization: Bearer $(cat "$NATBED_DIR/$name/bridge.token")")
  [[ -n $body ]] && args+=(-d "$body")
  natbed_on "${host_of[$name]}" curl "${args[@]}" "$@" "http://127.0.0.1:$(info "$name" .bridge.port)/api/v1$path"
}
peer() { api "$1" GET /peers | jq -c --arg id "$2" '.peers[] | select(.id == $id)'; }
online() { [[ $(peer "$1" "$2" | jq -r .online) == true ]]; }
offline() { ! online "$@"; }
has_text() { # NAME PEER TEXT
  api "$1" GET "/conversations/$2/messages?limit=50" | jq -e --arg t "$3" '[.messages[] | select(.text == $t)] | length == 1' >/dev/null
}

# A and B introduced by C: both connect to C, then A dials B by id alone.
link_through_c() { # extra node args...
  start_node C
  start_node A "$@"
  start_node B "$@"
  for n in A B C; do wait_for "$n's bridge" 150 ready "$n"; done
  a=$(info A .fingerprint) b=$(info B .fingerprint) c=$(info C .fingerprint)
  local invite_c="tincan://$NATBED_C:$(info C .port)/$c"
  api A POST /peers "{\"target\": \"$invite_c\"}" >/dev/null
  api B POST /peers "{\"target\": \"$invite_c\"}" >/dev/null
  wait_for "A on C" 150 online C "$a"
  wait_for "B on C" 150 online C "$b"
  # C holds B's mailbox record (its envelope key) once B published it: what C hands to A.
  wait_for "B's record on C" 150 bash -c "[[ \$(sqlite3 '$NATBED_DIR/C/tincan.db' \"SELECT count(*) FROM peer_mailboxes WHERE peer_id = '$b'\") == 1 ]]"
  local t0=$EPOCHREALTIME
  api A POST /peers "{\"target\": \"tincan://$b\"}" >/dev/null
  wait_for "A and B linked over ICE" 450 online A "$b"
  wait_for "B sees A" 100 online B "$a"
  connect_ms=$(ms_since "$t0")
}
# The kind of link (direct, relayed) both ends report for each other; sets kind_a and kind_b.
expect_link_kinds() { # EXPECTED
  kind_a=$(peer A "$b" | jq -r .link.kind) kind_b=$(peer B "$a" | jq -r .link.kind)
  [[ $kind_a == "$1" && $kind_b == "$1" ]] ||
    fail "link kinds A→B '$kind_a', B→A '$kind_b'; expected '$1'"
}

# A and B chat both ways during the capture in wan, which then stops: it must hold neither text,
# nor any string given.
chat_unseen_in_wan() { # [string that must not show in wan...]
  local marker_ab="secret-from-a-$RANDOM$RANDOM" marker_ba="secret-from-b-$RANDOM$RANDOM" m
  api A POST /messages "{\"to\": \"$b\", \"text\": \"$marker_ab\"}" >/dev/null
  api B POST /messages "{\"to\": \"$a\", \"text\": \"$marker_ba\"}" >/dev/null
  wait_for "A's message on B" 150 has_text B "$a" "$marker_ab"
  wait_for "B's message on A" 150 has_text A "$b" "$marker_ba"
  natbed_capture_stop
  [[ -s $NATBED_DIR/wan.pcap ]] || fail "the capture in wan is empty"
  for m in "$marker_ab" "$marker_ba" "$@"; do
    (($(natbed_pcap_count "$NATBED_DIR/wan.pcap" "$m") == 0)) || fail "the capture in wan holds '$m'"
  done
}

# Posts "<NAME>-<n>" for n = 1..COUNT to PEER and records in NAME.sent what NAME's bridge
# accepted (201), in order: what tests/net/historycheck.sh then looks for.
send_numbered() { # NAME PEER COUNT
  local name=$1 peer=$2 n code
  for n in $(seq "$3"); do
    code=$(api "$name" POST /messages "{\"to\": \"$peer\", \"text\": \"$name-$n\"}" \
      -o /dev/null -w '%{http_code}' || true)
    if [[ $code == 201 ]]; then echo "$name-$n" >>"$NATBED_DIR/$name.sent"; fi
  done
}
# How many times NAME's log says a session came up with PEER.
sessions_up() { grep -c "session up with .* ${2:0:12}" "$NATBED_DIR/$1.log" || true; }

ms_since() { echo $(((${EPOCHREALTIME/./} - ${1/./}) / 1000)); } # EPOCHREALTIME then

# Stops the nodes (SIGTERM, as a user would) and fails on any sanitizer report in their logs:
# under ASan a leak shows only at exit, after the checks above.
finish_nodes() {
  natbed_down
  local log
  for log in "$NATBED_DIR"/[ABC].log; do
    if grep -q -E "ERROR: [A-Za-z]+Sanitizer|runtime error:" "$log"; then
      fail "a sanitizer report in $(basename "$log")"
    fi
    [[ $(tail -n 1 "$log") == *"node stopped"* ]] || fail "$(basename "$log" .log) did not stop cleanly"
  done
}
