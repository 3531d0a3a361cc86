#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer
# outside the GUI tests, see below):
# configures and builds the `asan` preset (build/asan), then runs every ctest test in it. Network
# tests go through tests/netns-run.sh as in any other build. Exits non-zero if a test fails or a
# sanitizer reports anything (every sanitizer here is fatal).
# Usage: tests/sanitize.sh [extra ctest arguments, e.g. -R tst_frame]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/packaging/install-deps.sh"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
start=$(date +%s)
cmake --preset asan "${launcher[@]}" >/dev/null
# The machine's cores are shared: every compile takes the build lock.
flock /tmp/tincan-build.lock cmake --build --preset asan
built=$(date +%s)

supp=$root/tests/sanitizer
# halt_on_error and -fno-sanitize-recover make every report fatal, so ctest sees it.
asan="halt_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
# Qt Quick on its software renderer: Mesa's llvmpipe is uninstrumented third-party code whose JIT
# makes every GUI test several times slower under ASan and whose exit-time allocations LSan
# would report. What we test is our QML and C++, which the software renderer runs in full; the
# default (OpenGL RHI) backend keeps being exercised by the dev and release builds.
export QT_QUICK_BACKEND=software

status=0
# Everything but the GUI with leak checking.
ASAN_OPTIONS="$asan:detect_leaks=1" ctest --test-dir build/asan -j2 --output-on-failure -LE gui "$@" ||
  status=$?
# The GUI tests (label gui) with ASan and UBSan but without leak checking: Qt Quick's scene graph
# keeps the textures it made of images (QSGRenderContext::textureForFactory) past the end of the
# process, and libdbus its connection buffers, all inside uninstrumented Qt and system libraries
# whose shallow stacks no suppression pattern can single out without hiding our own leaks too.
ASAN_OPTIONS="$asan:detect_leaks=0" ctest --test-dir build/asan -j2 --output-on-failure -L gui "$@" ||
  status=$?
end=$(date +%s)
echo "sanitize: build $((built - start)) s, tests $((end - built)) s, total $((end - start)) s"
exit $status
