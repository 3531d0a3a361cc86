#pragma once

#include <chrono>

namespace Tincan {

// How long a bridge client may take. Without them a local program that opens connections and
// never finishes a request holds one of the bridge's 64 connections for ever, and 64 of them
// lock every other client out. Tests shrink them.
struct HttpTimeouts
{
    // From a connection's first byte (or its opening) to a whole request: headers and body.
    std::chrono::milliseconds request{10'000};
    // A kept-alive connection with no request in progress.
    std::chrono::milliseconds idle{60'000};
};

} // namespace Tincan
