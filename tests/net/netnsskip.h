#pragma once
// The C++ side of tests/netns-unavailable.sh: a test that needs a namespace or a veth pair and
// cannot have one is skipped on a developer's machine, but fails when TINCAN_REQUIRE_NETNS=1
// (CI), so that it never passes there by not running.

#include <QTest>

#define TINCAN_SKIP_WITHOUT_NETNS(reason)                                                          \
    do {                                                                                           \
        if (qEnvironmentVariable("TINCAN_REQUIRE_NETNS") == QLatin1String("1"))                    \
            QFAIL(reason " (TINCAN_REQUIRE_NETNS=1)");                                             \
        QSKIP(reason);                                                                             \
    } while (false)
