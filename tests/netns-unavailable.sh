# shellcheck shell=bash
# Sourced by the scripts that need namespaces or veth pairs. netns_unavailable MESSAGE ends the
# script as skipped (77, ctest's SKIP_RETURN_CODE) on a machine that cannot make them, or as
# failed when TINCAN_REQUIRE_NETNS=1 (CI sets it), so that a network suite never passes in CI by
# not running.
netns_unavailable() {
  if [[ ${TINCAN_REQUIRE_NETNS:-} == 1 ]]; then
    echo "FAIL: $* (TINCAN_REQUIRE_NETNS=1: namespaces are required here)" >&2
    exit 1
  fi
  echo "SKIP: $*" >&2
  exit 77
}
