#!/usr/bin/env bash
# Two real Tincan apps (Alice, light theme; Bob, dark theme), each on its own Xvfb display,
# inside the test's private network namespace (tests/netns-run.sh). Bob dials Alice (--connect;
# discovery would find her too). Both are driven with real keyboard input (xdotool): Ctrl+K to
# open the chat, typing, Enter to send, Shift+Enter for a new line, Up to edit. Then: both
# databases hold the messages, neither log has a QML warning, and a PNG of each window is saved.
# Usage: screenshot-test.sh <tincan binary> <output dir>
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
for tool in Xvfb xdotool import convert; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool missing (packaging/install-deps.sh)"; exit 77; }
done
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_display() { # $1 = display number
  Xvfb ":$1" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb$1.log" 2>&1 &
  pids+=($!)
  # Bounds for a loaded CI machine (tests run in parallel); each wait ends when it holds.
  for _ in $(seq 300); do [[ -e /tmp/.X11-unix/X$1 ]] && return 0; sleep 0.1; done
  echo "FAIL: Xvfb :$1 did not start"; exit 1
}
base=$((100 + RANDOM % 300))
da=$base
db=$((base + 1))
start_display "$da"
start_display "$db"

mkdir -p "$work/A" "$work/B"
printf '{ "displayName": "Alice", "theme": "light", "closeToTray": false }\n' >"$work/A/settings.json"
printf '{ "displayName": "Bob", "theme": "dark", "closeToTray": false }\n' >"$work/B/settings.json"
export QT_QPA_PLATFORM=xcb XDG_RUNTIME_DIR="$work"
DISPLAY=:$da "$bin" --profile "$work/A" >"$work/alice.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do [[ -f "$work/A/node.json" ]] && break; sleep 0.05; done
port_a=$(sed -nE 's/.*"port": ([0-9]+).*/\1/p' "$work/A/node.json" | head -1)
DISPLAY=:$db "$bin" --profile "$work/B" --connect "127.0.0.1:$port_a" >"$work/bob.log" 2>&1 &
pids+=($!)

for _ in $(seq 600); do
  grep -q "session up with" "$work/alice.log" && grep -q "session up with" "$work/bob.log" && break
  sleep 0.05
done
grep -q "session up with" "$work/bob.log" || { echo "FAIL: no session"; cat "$work"/*.log; exit 1; }

window_of() { DISPLAY=:$1 xdotool search --sync --onlyvisible --name "Tincan — $2" | head -1; }
wa=$(window_of "$da" Alice)
wb=$(window_of "$db" Bob)
# No window manager: give each window the input focus directly.
key() { DISPLAY=:$1 xdotool windowfocus --sync "$2" key --clearmodifiers --delay 60 "${@:3}"; }
type_text() { DISPLAY=:$1 xdotool windowfocus --sync "$2" type --delay 25 "$3"; }
open_chat() { # display window name
  key "$1" "$2" ctrl+k; sleep 0.4
  type_text "$1" "$2" "$3"; sleep 0.6
  key "$1" "$2" Return; sleep 0.6
}
send() { type_text "$1" "$2" "$3"; key "$1" "$2" Return; sleep 0.5; }

open_chat "$da" "$wa" Bob
send "$da" "$wa" "Hi Bob! 👋 Are you joining the design review?"
sleep 1
open_chat "$db" "$wb" Alice
send "$db" "$wb" "Yes, in five minutes. The notes are at https://wiki.example.org/review"
send "$da" "$wa" "Great, thanks"
type_text "$da" "$wa" "I'll bring the mockups"
key "$da" "$wa" shift+Return
type_text "$da" "$wa" "and the coffee ☕"
key "$da" "$wa" Return; sleep 0.5
# Up edits the last own message; End, then add to it and save with Enter.
key "$da" "$wa" Up End; type_text "$da" "$wa" " — see you there"; key "$da" "$wa" Return
sleep 0.5
send "$db" "$wb" "🎉"
send "$db" "$wb" "Perfect. I booked the small room upstairs, it has the big screen."
type_text "$db" "$wb" "One more thing"   # left unsent: Alice sees Bob typing
sleep 1.5

# The pointer away from the windows: no hover effects in the pictures.
DISPLAY=:$da xdotool mousemove 1279 799
DISPLAY=:$db xdotool mousemove 1279 799
sleep 0.3
DISPLAY=:$da import -window "$wa" "$out/alice.png"
DISPLAY=:$db import -window "$wb" "$out/bob.png"

# Two more views for the record: search across everything (Alice) and settings (Bob).
key "$da" "$wa" ctrl+k; sleep 0.3; type_text "$da" "$wa" "room"; sleep 0.8
DISPLAY=:$da import -window "$wa" "$out/alice-search.png"
key "$da" "$wa" Escape
key "$db" "$wb" ctrl+comma; sleep 0.8
DISPLAY=:$db import -window "$wb" "$out/bob-settings.png"
key "$db" "$wb" Escape

for name in alice bob alice-search bob-settings; do
  colours=$(convert "$out/$name.png" -format '%k' info:)
  [[ $colours -gt 50 ]] || { echo "FAIL: $name.png has only $colours colours"; exit 1; }
done
# What the windows showed is in both stores too (sqlite3 comes from packaging/install-deps.sh).
count() { sqlite3 "file:$1/tincan.db?mode=ro" "SELECT count(*) FROM messages WHERE body LIKE '$2%'"; }
[[ $(count "$work/B" "Hi Bob") == 1 ]] || { echo "FAIL: Bob's store lacks Alice's message"; exit 1; }
[[ $(count "$work/A" "Perfect.") == 1 ]] || { echo "FAIL: Alice's store lacks Bob's message"; exit 1; }
[[ $(count "$work/B" "Great, thanks") == 1 ]] || { echo "FAIL: no multi-line message"; exit 1; }
sqlite3 "file:$work/B/tincan.db?mode=ro" "SELECT body FROM messages WHERE body LIKE '%see you there'" \
  | grep -q "coffee" || { echo "FAIL: the edit did not reach Bob"; exit 1; }

for p in "${pids[@]:2}"; do kill -TERM "$p"; done
for p in "${pids[@]:2}"; do wait "$p" || { echo "FAIL: an app exited with $?"; exit 1; }; done
pids=("${pids[@]:0:2}")
cat "$work/alice.log" "$work/bob.log"
if grep -E 'qrc:/|\.qml:[0-9]+|QQmlApplicationEngine failed|Qt Quick|TypeError|ReferenceError' \
  "$work/alice.log" "$work/bob.log"; then
  echo "FAIL: QML warnings at runtime"; exit 1
fi
echo "PASS: two apps exchanged messages; screenshots in $out"
