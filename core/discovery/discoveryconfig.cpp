#include "discoveryconfig.h"

#include "util/logging.h"

#include <QtGlobal>

#include <algorithm>

namespace Tincan {

std::chrono::milliseconds DiscoveryTiming::lostAfter() const
{
    const auto longest =
        std::chrono::duration<double, std::milli>(announceInterval) * (1.0 + jitter);
    return std::chrono::duration_cast<std::chrono::milliseconds>(longest * lostAfterIntervals);
}

DiscoveryTiming withEnvironmentOverrides(DiscoveryTiming timing)
{
    bool ok = false;
    const int intervalMs = qEnvironmentVariableIntValue("TINCAN_DISCOVERY_INTERVAL_MS", &ok);
    if (ok && intervalMs >= 100) {
        timing.announceInterval = std::chrono::milliseconds(intervalMs);
        // Network changes should be noticed within one (short) cycle as well.
        timing.interfacePollInterval =
            std::min(timing.interfacePollInterval, timing.announceInterval);
        qCInfo(lcDiscovery) << "test override: announce interval" << intervalMs << "ms";
    }
    return timing;
}

} // namespace Tincan
