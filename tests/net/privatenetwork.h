#pragma once

#include <QString>

// Empty when every interface that is up is a loopback, as inside `unshare -rn`
// (tests/netns-run.sh); otherwise names the first interface a multicast or broadcast could leave
// the machine through.
QString interfaceBeyondLoopback();

// For programs that multicast: exits with a clear message unless interfaceBeyondLoopback() is
// empty, so that a run outside the namespace sends nothing instead of relying on the caller.
void requirePrivateNetwork(const char *program);
