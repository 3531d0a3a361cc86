#!/usr/bin/env bash
# The README's screenshot: Alice (the GUI, on Xvfb) in a group with Bob and Carol (headless),
# driven through `tincan ctl`: messages, an admin change, an image and a file, Bob going offline.
# Run inside a private network namespace:
#   tests/netns-run.sh tests/gui/tour-screenshot.sh build/dev/app/tincan OUTDIR
# Writes OUTDIR/group-chat.png (the window, cropped) and OUTDIR/group-info.png.
set -u
bin=$(realpath "$1"); out=$2
mkdir -p "$out"
work=$(mktemp -d)
export HOME=$work # downloads go to $HOME/Downloads/Tincan
export TINCAN_KEY_STORAGE=file # never the keyring of the user running it
convert -size 640x400 gradient:"#3b82f6"-"#a855f7" "$work/launch-plan.png"
printf "# Agenda\n\n1. Slides\n2. Demo\n" >"$work/agenda.md"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT
display=$((100 + RANDOM % 300))
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 & pids+=($!)
for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$display ]] && break; sleep 0.1; done
mkdir -p "$work/A"
printf '{ "displayName": "Alice", "theme": "light", "closeToTray": false }\n' >"$work/A/settings.json"
export XDG_RUNTIME_DIR=$work
DISPLAY=:$display QT_QPA_PLATFORM=xcb "$bin" --profile "$work/A" --bridge 0 --no-discovery >"$work/alice.log" 2>&1 & pids+=($!)
"$bin" --profile "$work/B" --headless --name Bob --bridge 0 --no-discovery >"$work/bob.log" 2>&1 & pids+=($!)
"$bin" --profile "$work/C" --headless --name Carol --bridge 0 --no-discovery >"$work/carol.log" 2>&1 & pids+=($!)
for p in A B C; do for _ in $(seq 100); do [[ -f "$work/$p/node.json" ]] && jq -e .bridge.port "$work/$p/node.json" >/dev/null 2>&1 && break; sleep 0.1; done; done
pa=$(jq .port "$work/A/node.json")
"$bin" ctl --profile "$work/B" connect 127.0.0.1:$pa >/dev/null
"$bin" ctl --profile "$work/C" connect 127.0.0.1:$pa >/dev/null
for _ in $(seq 50); do [[ $("$bin" ctl --profile "$work/A" peers | grep -c '^online') -ge 2 ]] && break; sleep 0.2; done
"$bin" ctl --profile "$work/A" group create "Design review" Bob Carol >/dev/null
sleep 0.5
"$bin" ctl --profile "$work/B" send "Design review" "Morning all! Slides are in the shared folder." >/dev/null
sleep 0.3
"$bin" ctl --profile "$work/A" send "Design review" "Thanks Bob, I'll look before ten." >/dev/null
sleep 0.5
"$bin" ctl --profile "$work/A" group promote "Design review" Bob >/dev/null
"$bin" ctl --profile "$work/C" send "Design review" "I'll join at 10:15" >/dev/null
sleep 0.3
"$bin" ctl --profile "$work/A" send "Design review" "Perfect." >/dev/null
"$bin" ctl --profile "$work/A" send-file "Design review" "$work/launch-plan.png" >/dev/null || echo "send-file A failed"
sleep 0.5
"$bin" ctl --profile "$work/C" send-file "Design review" "$work/agenda.md" >/dev/null || echo "send-file C failed"
sleep 1
sleep 0.5
kill "${pids[2]}"  # Bob goes offline; later messages wait for him
sleep 0.5
"$bin" ctl --profile "$work/A" send "Design review" "See you both there." >/dev/null
sleep 0.5
win=$(DISPLAY=:$display xdotool search --sync --onlyvisible --name "Tincan" | head -1)
DISPLAY=:$display xdotool windowfocus --sync "$win" key --clearmodifiers ctrl+k; sleep 0.5
DISPLAY=:$display xdotool windowfocus --sync "$win" type --delay 30 "Design"; sleep 0.6
DISPLAY=:$display xdotool windowfocus --sync "$win" key Return; sleep 1
DISPLAY=:$display import -window "$win" "$out/group-chat.png"
eval "$(DISPLAY=:$display xdotool getwindowgeometry --shell "$win")"
echo "window $WIDTH x $HEIGHT at $X,$Y"
# The group-info button is the right-most in the conversation header.
DISPLAY=:$display xdotool mousemove $((X + WIDTH - 28)) $((Y + 30)) click 1; sleep 1
DISPLAY=:$display import -window "$win" "$out/group-info.png"
DISPLAY=:$display xdotool key Escape; sleep 0.3
if grep -E 'qrc:/|\.qml:[0-9]+' "$work/alice.log"; then echo "QML WARNINGS"; exit 1; fi
echo done
