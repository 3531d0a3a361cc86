# Sourced by the GUI smoke tests. A window's first frame can take many seconds on a loaded CI
# machine (software rendering, tests running in parallel), so a fixed sleep before the screenshot
# makes the test flaky; this waits for the frame itself, with a bound.
# await_rendered_screen DISPLAY SHOT MIN_COLOURS SECONDS PID: takes screenshots of the root window
# into SHOT until one has more than MIN_COLOURS colours, PID dies, or SECONDS pass. Sets $colours.
await_rendered_screen() {
  local display=$1 shot=$2 min=$3 seconds=$4 pid=$5 deadline=$((SECONDS + $4))
  colours=0
  while :; do
    DISPLAY=$display import -window root "$shot"
    colours=$(convert "$shot" -format '%k' info:)
    ((colours > min)) && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    ((SECONDS < deadline)) || { echo "no rendered frame after $seconds s ($colours colours)"; return 1; }
    sleep 0.5
  done
}
