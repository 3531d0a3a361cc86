# shellcheck shell=bash
# The NAT bed's badpath variant (natbed.sh): a slow, lossy wan. Sourced by natbed.sh, whose
# natbed_on, natbed_spawn, _natbed_port and NATBED_* it uses.

# badpath: netem on both ends of each router's wan link, so both directions suffer.
_natbed_badpath() {
  local r
  NATBED_NETEM=1
  local netem=(netem delay "${NATBED_DELAY_MS}ms" loss "${NATBED_LOSS_PCT}%")
  for r in nat-a nat-b; do
    if ! natbed_on "$r" tc qdisc add dev wan0 root "${netem[@]}" 2>/dev/null ||
      ! natbed_on wan tc qdisc add dev "to-$r" root "${netem[@]}"; then NATBED_NETEM=0; break; fi
  done
  [[ $NATBED_NETEM == 0 ]] || return 0
  for r in nat-a nat-b; do natbed_on "$r" tc qdisc del dev wan0 root 2>/dev/null || true; done
  if [[ -z ${NATBED_L2DELAY:-} ]]; then
    echo "natbed: kernel has no netem; badpath = ${NATBED_LOSS_PCT}% loss each way (nft), no delay" >&2
    return 0
  fi
  # No netem: the delay is tests/nat/l2delay, spliced into each router's wan link in wan
  # (router's wan0 = to-nat-X <l2delay> dly-nat-X = br-nat-X, a port of br-wan); the loss is nft.
  for r in nat-a nat-b; do
    natbed_on wan ip link set "to-$r" nomaster
    natbed_on wan ip link add "dly-$r" type veth peer name "br-$r"
    natbed_on wan ip link set "dly-$r" up
    natbed_on wan ip link set "br-$r" up
    natbed_on wan ip link set "br-$r" master br-wan
    natbed_spawn wan "$NATBED_DIR/l2delay-$r.log" "$NATBED_L2DELAY" "to-$r" "dly-$r" \
      "$NATBED_DELAY_MS" "${NATBED_HOLD_SECONDS:-1200}"
    local _
    for _ in $(seq 50); do grep -q "^ready" "$NATBED_DIR/l2delay-$r.log" && break; sleep 0.1; done
    grep -q "^ready" "$NATBED_DIR/l2delay-$r.log" ||
      { echo "natbed: l2delay did not start: $(cat "$NATBED_DIR/l2delay-$r.log")" >&2; return 1; }
    _natbed_port["$r"]=br-$r _natbed_port["${r#nat-}"]=br-$r
  done
  NATBED_NETEM=l2delay
  echo "natbed: kernel has no netem; badpath = ${NATBED_DELAY_MS} ms each way on each wan link" \
    "(l2delay) and ${NATBED_LOSS_PCT}% loss each way (nft)" >&2
}
