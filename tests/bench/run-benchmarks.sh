#!/usr/bin/env bash
# Runs every benchmark and prints ONE JSON object: each figure next to the baseline measured in
# the same run, the ratios, and the targets of docs/performance.md. Progress goes to stderr.
#
# Usage: tests/bench/run-benchmarks.sh [BUILD_DIR=build/release] [--quick]
#   Builds the benchmark targets in BUILD_DIR first (configuring the `release` preset when
#   BUILD_DIR is build/release and not configured yet). --quick shrinks every run (100k-message
#   history, fewer samples) to check the script itself; its figures are not the published ones.
#
# Everything that touches the network runs inside private network namespaces
# (tests/netns-run.sh): no packet leaves the machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build/release}
quick=${2:-}
cd "$root"
# Benchmark nodes keep their keys in files: never the keyring of the user running them.
export TINCAN_KEY_STORAGE=file
log() { echo "[bench] $*" >&2; }

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  [[ "$build" == build/release ]] || { echo "$build is not configured" >&2; exit 2; }
  cmake --preset release >&2
fi
targets=(tincan tincan-node bench_messaging bench_store bench_lan bench_gui_startup)
grep -q bench_filetransfer "$build/build.ninja" 2>/dev/null && targets+=(bench_filetransfer)
log "building ${targets[*]} in $build"
cmake --build "$build" --target "${targets[@]}" >&2

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [[ -n $quick ]]; then
  messages=5000 pings=200 history=100000 compare=20000 runs=3 gui_runs=2 file_mib=128
  lan_sizes=20,50 lan_idle=5
else
  messages=20000 pings=1000 history=1000000 compare=100000 runs=7 gui_runs=5 file_mib=1024
  lan_sizes=20,50,100,200 lan_idle=60
fi

log "messaging: $pings pings, $messages messages"
tests/netns-run.sh "$build/tests/bench/bench_messaging" --messages "$messages" --pings "$pings" \
  >"$out/messaging.json"
log "store: $history-message history"
"$build/tests/bench/bench_store" --messages "$history" --compare "$compare" >"$out/store.json"
log "discovery and headless memory"
tests/bench/bench-headless.sh "$build/app/tincan-node" "$runs" 10 >"$out/headless.json"
log "a LAN of $lan_sizes in-process nodes"
tests/netns-run.sh "$build/tests/bench/bench_lan" --sizes "$lan_sizes" --idle "$lan_idle" \
  >"$out/lan.json"
log "GUI start-up under Xvfb"
tests/netns-run.sh tests/gui/bench-gui.sh "$build/tests/gui/bench_gui_startup" "$gui_runs" --json \
  >"$out/gui.json"
log "GUI start-up under Xvfb, Qt Quick software backend"
QT_QUICK_BACKEND=software tests/netns-run.sh tests/gui/bench-gui.sh \
  "$build/tests/gui/bench_gui_startup" "$gui_runs" --json >"$out/gui-software.json"
log "GUI at scale under Xvfb: 2,000 peers, 1,000 conversations, a 100,000-message chat"
tests/netns-run.sh tests/gui/bench-gui.sh "$build/tests/gui/bench_gui_startup" "$gui_runs" --scale \
  >"$out/gui-scale.json"
echo '{}' >"$out/files.json"
if [[ -x "$build/tests/bench/bench_filetransfer" ]]; then
  log "file transfer: $file_mib MiB"
  # On tmpfs when there is room, so that the figure is the protocol's and not the disk's.
  dir=/tmp
  if (($(df --output=avail -k /dev/shm 2>/dev/null | tail -1 || echo 0) > 3 * file_mib * 1024)); then
    dir=/dev/shm
  fi
  tests/netns-run.sh "$build/tests/bench/bench_filetransfer" --mib "$file_mib" --dir "$dir" \
    >"$out/files.json"
fi

jq -s --arg quick "${quick:+true}" '
  (.[0] | del(.messages, .pings)) as $m | .[1] as $s | .[2] as $h | .[3] as $g | .[4] as $f |
  .[5] as $gs | .[6] as $l | .[7] as $gc |
  def ratio($a; $b): if $a == null or $b == null or $b == 0 then null else $a / $b end;
  def target($figure; $value; $baseline; $ratio; $target; $met):
    {figure: $figure, value: $value, baseline: $baseline, ratio: $ratio, target: $target,
     met: (if $value == null then null else $met end)};
  {
    targets: [
      target("message latency p50 (ms) / durable round-trip limit"; $m.message_latency_p50_ms;
             $m.durable_limit_ms; $m.latency_p50_ratio_to_durable_limit; "ratio <= 2";
             $m.latency_p50_ratio_to_durable_limit <= 2),
      target("messages/s delivered and persisted, batched";
             $m.messages_per_second_delivered_persisted; $m.raw_sqlite_batched_inserts_per_second;
             $m.throughput_ratio_to_raw_sqlite; ">= 25000";
             $m.messages_per_second_delivered_persisted >= 25000),
      target("messages/s delivered and persisted, one per call";
             $m.messages_per_second_one_send_per_message; null; null; ">= 5000";
             $m.messages_per_second_one_send_per_message >= 5000),
      target("file transfer MiB/s / raw TLS stream"; $f.transfer_MiB_per_s;
             $f.raw_tls_MiB_per_s_before; $f.ratio_to_raw_tls; "ratio >= 0.8";
             $f.ratio_to_raw_tls >= 0.8),
      target("chat p99 during the transfer (ms) / idle p99"; $f.chat_during_transfer_p99_ms;
             $f.chat_idle_p99_ms; ratio($f.chat_during_transfer_p99_ms; $f.chat_idle_p99_ms);
             "ratio <= 2"; ratio($f.chat_during_transfer_p99_ms; $f.chat_idle_p99_ms) <= 2),
      target("headless idle RSS (KiB)"; $h.headless_idle_rss_kib; null; null;
             "<= 24414 (25 MB)"; $h.headless_idle_rss_kib <= 24414),
      target("GUI idle RSS, software backend (KiB)"; $gs.gui_idle_rss_kib_median; null; null;
             "<= 62500 (64 MB)"; $gs.gui_idle_rss_kib_median <= 62500),
      target("GUI idle RSS, OpenGL/llvmpipe (KiB)"; $g.gui_idle_rss_kib_median; null; null;
             "<= 122880 (120 MiB)"; $g.gui_idle_rss_kib_median <= 122880),
      target("GUI first frame (ms)"; $g.gui_first_frame_ms_median; null; null; "<= 500";
             $g.gui_first_frame_ms_median <= 500),
      target("GUI first frame at scale (ms) / empty profile"; $gc.first_frame_ms_median;
             $g.gui_first_frame_ms_median; ratio($gc.first_frame_ms_median; $g.gui_first_frame_ms_median);
             "<= 500"; $gc.first_frame_ms_median <= 500),
      target("scroll of the 100,000-message chat, frame p99 (ms)"; $gc.chat_scroll.p99_ms; null;
             null; "<= 33.3 (two frames at 60 Hz)"; $gc.chat_scroll.p99_ms <= 33.3),
      target("scroll of the 3,000-row sidebar, frame p99 (ms)"; $gc.sidebar_scroll.p99_ms; null;
             null; "<= 33.3 (two frames at 60 Hz)"; $gc.sidebar_scroll.p99_ms <= 33.3),
      target("first history page at 1M messages (ms)"; $s.first_page_ms_median; 0.24;
             ratio($s.first_page_ms_median; 0.24); "<= 0.264 (within 10 % of 0.24)";
             $s.first_page_ms_median <= 0.264),
      target("worst search at 1M messages (ms)"; $s.search_ms_worst_median; 1.2;
             ratio($s.search_ms_worst_median; 1.2); "<= 1.32 (within 10 % of 1.2)";
             $s.search_ms_worst_median <= 1.32),
      target("discovery to a session (ms)"; $h.discovery_ms_median; null; null; "<= 1000";
             $h.discovery_ms_median <= 1000)
    ],
    build: "'"$build"'", quick: ($quick == "true"),
    latency: {
      message_p50_ms: $m.message_latency_p50_ms, message_p99_ms: $m.message_latency_p99_ms,
      raw_tls_pingpong_p50_ms: $m.raw_tls_pingpong_p50_ms,
      raw_tls_pingpong_p99_ms: $m.raw_tls_pingpong_p99_ms,
      p50_ratio_to_raw: $m.latency_p50_ratio_to_raw, target_ratio_max: 5,
      raw_sqlite_insert_commit_p50_ms: $m.raw_sqlite_insert_commit_p50_ms,
      raw_sqlite_update_commit_p50_ms: $m.raw_sqlite_update_commit_p50_ms,
      durable_limit_ms: $m.durable_limit_ms,
      p50_ratio_to_durable_limit: $m.latency_p50_ratio_to_durable_limit,
      target_ratio_to_durable_limit_max: 2
    },
    throughput: {
      messages_per_second: $m.messages_per_second_delivered_persisted,
      messages_per_second_one_send_per_message: $m.messages_per_second_one_send_per_message,
      raw_sqlite_inserts_per_second: $m.raw_sqlite_batched_inserts_per_second,
      ratio_to_raw: $m.throughput_ratio_to_raw_sqlite, target_per_second_min: 25000,
      target_one_per_call_per_second_min: 5000
    },
    history: ($s + {target_first_page_ms_max: 20, target_search_ms_max: 50}),
    discovery: {
      ms_median: $h.discovery_ms_median, runs: $h.discovery_runs, target_ms_max: 1000
    },
    gui: ($g + {target_first_frame_ms_max: 500, target_idle_rss_kib_max: 122880}),
    gui_software: ($gs + {target_idle_rss_kib_max: 62500}),
    gui_at_scale: ($gc + {target_first_frame_ms_max: 500, target_scroll_p99_ms_max: 33.3}),
    memory: {
      headless_idle_rss_kib: $h.headless_idle_rss_kib, target_headless_idle_rss_kib_max: 24414,
      rss_per_session_kib: $h.rss_per_session_kib, sessions: $h.sessions
    },
    file_transfer: (if ($f | length) == 0 then null else ($f + {target_ratio_min: 0.8}) end),
    lan: $l
  }' "$out/messaging.json" "$out/store.json" "$out/headless.json" "$out/gui.json" \
  "$out/files.json" "$out/gui-software.json" "$out/lan.json" "$out/gui-scale.json" >"$out/result.json"
# The verdicts, readable, on stderr; the JSON alone on stdout.
jq -r '.targets[] | [(if .met == true then "met   " elif .met == false then "MISSED" else "n/a   " end),
  .figure, (.value | tostring), "baseline " + (.baseline | tostring),
  "ratio " + (if .ratio == null then "-" else (.ratio * 1000 | round / 1000 | tostring) end),
  "target " + .target] | join("  ")' "$out/result.json" >&2
cat "$out/result.json"
