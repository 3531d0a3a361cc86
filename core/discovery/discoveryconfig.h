#pragma once

#include <QtGlobal>

#include <chrono>

namespace Tincan {

// The one documented UDP port of LAN discovery (docs/protocol.md, "Discovery"). Unassigned by
// IANA and far from the ports other LAN messengers use, so a firewall rule can name it.
inline constexpr quint16 DefaultDiscoveryPort = 47474;
// Administratively scoped (RFC 2365, IPv4 local scope) and IPv6 link-local ("tcan" in hex).
inline constexpr char DiscoveryGroupV4[] = "239.255.74.74";
inline constexpr char DiscoveryGroupV6[] = "ff02::7463:616e";

struct DiscoveryTiming
{
    // After start; LocalSend's schedule, which survives lossy Wi-Fi without a storm.
    std::chrono::milliseconds startupAnnouncements[3]{std::chrono::milliseconds(100),
                                                      std::chrono::milliseconds(500),
                                                      std::chrono::milliseconds(2000)};
    std::chrono::milliseconds announceInterval{30'000};
    double jitter = 0.2; // ± fraction of the interval, so that nodes drift apart
    // Not heard for this many (jittered, longest) intervals and no session: offline.
    int lostAfterIntervals = 3;
    std::chrono::milliseconds answerDelayMin{10};
    std::chrono::milliseconds answerDelayMax{150};
    // The lower id dials at once; the higher one only when no session came up by then.
    std::chrono::milliseconds higherIdDialDelay{1'000};
    std::chrono::milliseconds minRedialInterval{2'000};
    std::chrono::milliseconds interfacePollInterval{3'000};

    std::chrono::milliseconds lostAfter() const;
};

// Bounds on what strangers on the LAN can make a node do or remember.
struct DiscoveryLimits
{
    // An office of several hundred fits; an entry is a few hundred bytes.
    int maxPeers = 1024;
    // While the table holds at most this many peers, discovery dials every one of them: on a
    // small LAN a session costs about 190 KiB and gives exact presence at once. Beyond it only
    // peers the node has a reason to talk to (DialWish::Always) are dialled; everyone else is
    // "nearby" through discovery and dialled when the user opens or sends (reach()).
    int dialEveryoneUpTo = 32;
    int maxAddressesPerPeer = 8;
    int maxRateSources = 1024;
    double datagramsPerSecondPerSource = 25; // sustained, per source address
    double datagramBurstPerSource = 100;     // enough for 20 profiles starting on one host
    double dialsPerSecond = 10;
    double dialBurst = 64;
    int maxPendingAnswers = 64;
    int maxInterfaces = 16;
    double scanDatagramsPerSecond = 200;
    double logLinesPerSecond = 5; // discovered/updated/lost at info level; beyond: debug
    double logLineBurst = 200;
};

struct DiscoveryConfig
{
    quint16 port = DefaultDiscoveryPort;
    DiscoveryTiming timing;
    DiscoveryLimits limits;
    // Off: no group is joined and no multicast or broadcast is sent, only unicast answers and
    // scan probes: a node on a network that blocks multicast, as far as the others can tell.
    bool multicast = true;
};

// Test-only: TINCAN_DISCOVERY_INTERVAL_MS shortens the announce interval (and with it the
// time after which a silent peer counts as lost) so that black-box tests of real processes
// finish in seconds. The only place the variable is read.
DiscoveryTiming withEnvironmentOverrides(DiscoveryTiming timing);

} // namespace Tincan
