#!/usr/bin/env bash
# Runs libFuzzer targets for a bounded time or number of executions (smoke.sh and long.sh are
# the two ways it is used): configures build/fuzz with clang (libFuzzer + ASan + UBSan), builds
# every target, and runs each on its checked-in corpus, as many at once as there are cores. New
# inputs go to a scratch directory, never into tests/fuzz/corpus. Everything runs inside a
# private network namespace (fuzz_bridge_request starts a node). Exits non-zero on any finding
# (crash, sanitizer report, leak, timeout, out-of-memory); the reproducer is copied to
# build/fuzz/findings/. Installs what it needs first (packaging/install-deps.sh: clang and the
# compiler-rt libraries).
# Usage: tests/fuzz/fuzz-run.sh -max_total_time=SECONDS|-runs=N [TARGET...]
# TINCAN_FUZZ_FLAGS adds libFuzzer options to every target, for example -detect_leaks=0 for a
# long run of fuzz_groupprotocol, which LeakSanitizer slows about tenfold.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
limit=${1:?usage: fuzz-run.sh -max_total_time=SECONDS|-runs=N [TARGET...]}
[[ $limit =~ ^-(max_total_time|runs)=[0-9]+$ ]] || { echo "fuzz-run.sh: bad limit $limit" >&2; exit 2; }
shift
build=$root/build/fuzz
read -ra extra_flags <<<"${TINCAN_FUZZ_FLAGS:-}"
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(fuzz_frame fuzz_protocol fuzz_chatprotocol fuzz_groupprotocol fuzz_announcement
           fuzz_mailbox fuzz_bridge_request)
fi

"$root/packaging/install-deps.sh"
for tool in clang clang++; do
  command -v "$tool" >/dev/null || { echo "fuzz-run.sh: $tool is missing (packaging/install-deps.sh)" >&2; exit 2; }
done

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [[ ! -f $build/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DTINCAN_FUZZ=ON -DTINCAN_BUILD_GUI=OFF "${launcher[@]}" >/dev/null
fi
# The machine's cores are shared: every compile takes the build lock. The seed writer is built
# too, although nothing here runs it, so that it cannot stop building unnoticed.
flock /tmp/tincan-build.lock cmake --build "$build" --target "${targets[@]}" fuzz_make_seeds

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$build/findings"
failed=()
# One target: its log and exit status land in the scratch directory.
run_target() {
  local target=$1 corpus=$root/tests/fuzz/corpus/${1#fuzz_} status=0
  # The first corpus directory receives new inputs: the scratch one, not the checked-in one.
  "$root/tests/netns-run.sh" "$build/tests/fuzz/$target" "$limit" \
    -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 "${extra_flags[@]}" \
    -artifact_prefix="$scratch/$target/out/" "$scratch/$target/new" "$corpus" \
    >"$scratch/$target/log" 2>&1 || status=$?
  echo "$status" >"$scratch/$target/status"
}

# As many targets at once as there are cores: each fuzzer is one process on one core.
parallel=$(nproc) running=0
for target in "${targets[@]}"; do
  corpus=$root/tests/fuzz/corpus/${target#fuzz_}
  [[ -d $corpus ]] || { echo "fuzz-run.sh: no corpus at $corpus" >&2; exit 2; }
  mkdir -p "$scratch/$target/new" "$scratch/$target/out"
  echo "== $target: ${limit#-} on $(ls "$corpus" | wc -l) seeds"
  if ((running >= parallel)); then
    wait -n || true
    running=$((running - 1))
  fi
  run_target "$target" &
  running=$((running + 1))
done
wait

for target in "${targets[@]}"; do
  status=$(cat "$scratch/$target/status")
  if ((status == 0)); then
    echo "== $target:"
    grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' \
      "$scratch/$target/log" || true
  else
    tail -n 60 "$scratch/$target/log"
    cp -v "$scratch/$target/out/"* "$build/findings/" 2>/dev/null || true
    echo "== $target: FAILED (exit $status)"
    failed+=("$target")
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: findings in ${failed[*]}; reproducers in $build/findings" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${limit#-} each, no findings"
