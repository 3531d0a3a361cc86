#!/usr/bin/env bash
# Starts the GUI installed in a Debian root under an Xvfb of the host, both inside the caller's
# network namespace (tests/netns-run.sh), so the app reaches the X server through its abstract
# socket and nothing else. Fails on QML import errors, missing libraries or plugins, an early exit,
# a blank screen, or an unclean stop; takes the screenshot from the same X server.
# Usage: chroot-gui-smoke.sh <root> <output png>
set -euo pipefail
. "$(dirname "$0")/../gui/await-render.sh"
root=$1
shot=$2
work=$(mktemp -d)
app_pid="" xvfb_pid=""
cleanup() {
  [[ -n $app_pid ]] && kill -KILL "$app_pid" 2>/dev/null
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 143" INT TERM

# -displayfd: Xvfb picks a free display itself, so parallel runs cannot collide.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
# Xvfb writes its display number once it is ready. That took 7 s once in a clean root while CI
# unpacked the Qt 6.8 root in the background: wait up to 60 s.
for _ in $(seq 600); do [[ -s $work/display ]] && break; sleep 0.1; done
[[ -s $work/display ]] || { echo "FAIL: Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }
display=":$(cat "$work/display")"

profile=/root/tincan-package-test
rm -rf "${root:?}$profile"
install -d -m 0700 "$root/run/user/0"
chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/bin:/bin DISPLAY="$display" \
  XDG_RUNTIME_DIR=/run/user/0 QT_QPA_PLATFORM=xcb \
  tincan --profile "$profile" --name "Package Test" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 200); do
  [[ -f $root$profile/node.json ]] && break
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.05
done
if ! kill -0 "$app_pid" 2>/dev/null; then
  echo "FAIL: the installed app exited early:"; cat "$work/app.log"; exit 1
fi

await_rendered_screen "$display" "$shot" 10 60 "$app_pid" || true # judged below, after the log
kill -TERM "$app_pid"
status=0
timeout 10 tail --pid="$app_pid" -f /dev/null || { echo "FAIL: no exit 10 s after SIGTERM"; exit 1; }
wait "$app_pid" || status=$?
app_pid=""
echo "--- app log"
cat "$work/app.log"
echo "---"

# What a missing runtime dependency looks like: QML modules, libraries, Qt plugins.
if grep -Ei 'module "[^"]*" is not installed|is not installed|qrc:|failed to load|cannot load|error while loading shared libraries|could not (load|find) the qt platform plugin|plugin .* not found|QQmlApplicationEngine failed|Driver not loaded' \
  "$work/app.log"; then
  echo "FAIL: the installed app reports a missing module or library (above)"; exit 1
fi
[[ $status -eq 0 ]] || { echo "FAIL: exit status $status after SIGTERM"; exit 1; }
[[ $colours -gt 10 ]] || { echo "FAIL: the screenshot has $colours colours: no window?"; exit 1; }
echo "PASS: the installed app showed its window ($colours colours), screenshot in $shot"
