#pragma once

#include "frame.h"

#include <chrono>

namespace Tincan {

// Defences against slow, noisy or hostile peers. A peer that crosses one is closed with a logged
// reason; other sessions are unaffected. Tests shrink the timeouts.
struct SessionLimits
{
    std::chrono::milliseconds handshakeTimeout{10'000}; // TCP connect + TLS + hello
    std::chrono::milliseconds pingInterval{15'000};
    std::chrono::milliseconds idleTimeout{45'000}; // nothing received for this long: gone
    int maxSessions = 256;
    // Of maxSessions, kept for links we dial: a flood of incoming connections never stops us
    // from reaching our contacts.
    int reservedForDials = 32;
    // Incoming connections in the TLS handshake, and incoming links that are secure but have
    // not shown a hello yet (each counted on its own).
    int maxPendingIncoming = 64;
    // Of those, from one remote address: one host cannot take them all.
    int maxPendingPerAddress = 8;
    int maxFramesPerSecond = 50'000; // sustained; the same number is the burst allowance
    quint32 maxFrameSize = MaxFrameSize;
    qint64 readBufferSize = 2 * 1024 * 1024;
    qint64 maxPendingOutbound = 64 * 1024 * 1024; // unsent bytes before a peer counts as stuck
};

} // namespace Tincan
