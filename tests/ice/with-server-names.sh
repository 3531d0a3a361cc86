#!/usr/bin/env bash
# tst_iceresolver's names: an /etc/hosts of its own (tests/with-hosts.sh) that knows them.
exec "$(dirname "$0")/../with-hosts.sh" "127.0.0.7 stun.tincan.test" "127.0.0.8 turn.tincan.test" -- "$@"
