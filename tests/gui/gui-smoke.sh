#!/usr/bin/env bash
# Starts the real GUI under Xvfb (inside the test's private network namespace), checks that it
# keeps running, logs no QML warning, renders a non-blank window, and quits cleanly on SIGTERM.
# Usage: gui-smoke.sh <tincan binary> <output png>
set -euo pipefail
. "$(dirname "$0")/await-render.sh"
bin=$1
shot=$2
work=$(mktemp -d)
trap 'kill "${app_pid:-}" "${xvfb_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

display=":$((90 + RANDOM % 400))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 300); do [[ -e /tmp/.X11-unix/X${display#:} ]] && break; sleep 0.1; done

DISPLAY=$display QT_QPA_PLATFORM=xcb "$bin" --profile "$work/profile" --name "Smoke Test" \
  >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 100); do [[ -f "$work/profile/node.json" ]] && break; sleep 0.05; done
kill -0 "$app_pid" || { echo "FAIL: app exited early"; cat "$work/app.log"; exit 1; }

# Qt must not take our --name as X11's -name: the window keeps the WM_CLASS that the desktop file
# names (StartupWMClass=tincan), whatever display name is given, and shows that name in its title.
win=$(DISPLAY=$display timeout 10 xdotool search --sync --onlyvisible --name "Tincan — Smoke Test" \
  | head -1) || true
[[ -n $win ]] || { echo "FAIL: no window titled 'Tincan — Smoke Test'"; cat "$work/app.log"; exit 1; }
wm_class=$(DISPLAY=$display xprop -id "$win" WM_CLASS)
[[ $wm_class == 'WM_CLASS(STRING) = "tincan", '* ]] \
  || { echo "FAIL: --name changed the window class: $wm_class"; exit 1; }
echo "window class: $wm_class"

await_rendered_screen "$display" "$shot" 10 60 "$app_pid" || true # judged below, after the log
kill -TERM "$app_pid"
wait "$app_pid" && status=0 || status=$?
app_pid=
cat "$work/app.log"

if grep -E 'qrc:/|\.qml:[0-9]+|QQmlApplicationEngine failed' "$work/app.log"; then
  echo "FAIL: QML warnings at runtime"; exit 1
fi
[[ $status -eq 0 ]] || { echo "FAIL: exit status $status after SIGTERM"; exit 1; }
[[ $colours -gt 10 ]] || { echo "FAIL: screenshot has only $colours colours: blank window?"; exit 1; }
echo "PASS: window rendered with $colours colours, screenshot in $shot"
