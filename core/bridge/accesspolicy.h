#pragma once

#include "apitypes.h"
#include "pagecodes.h"

#include <QByteArray>
#include <QElapsedTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <optional>

namespace Tincan {

// Who may use the bridge. Three checks, in this order:
//  1. Host must name the bridge itself (127.0.0.1, localhost or [::1] with its port): a page
//     whose DNS name was rebound to 127.0.0.1 sends its own name and is refused (403).
//  2. Origin must be absent (curl, `tincan ctl`, scripts) or the bridge's own page: any other
//     web page the user visits is refused (403), even if it learnt the token.
//  3. The token: "Authorization: Bearer …", or ?token= on the WebSocket URL, because browsers
//     cannot set headers there. Compared in constant time. Failures are counted: after
//     maxFailures within window, every token check answers 429 for the lockout time.
// The web page may instead present a one-time code, once, to get the token (PageCodes).
struct AccessLimits
{
    int maxFailures = 10;
    std::chrono::milliseconds window{10'000};
    std::chrono::milliseconds lockout{30'000};
};

class AccessPolicy
{
public:
    using Limits = AccessLimits;
    using Clock = std::function<qint64()>; // milliseconds, monotonic

    AccessPolicy(quint16 port, QByteArray token, Limits limits = {}, Clock clock = {});

    quint16 port() const { return m_port; }
    void setPort(quint16 port) { m_port = port; }
    QByteArray token() const { return m_token; }
    void setToken(const QByteArray &token) { m_token = token; }

    // Host and Origin; nullopt when they are fine. Enough for the static page.
    std::optional<ApiResponse> checkSite(const ApiRequest &request) const;
    // Site, then the token; allowQueryToken only for the WebSocket upgrade.
    std::optional<ApiResponse> check(const ApiRequest &request, bool allowQueryToken);

    bool isAllowedHost(const QByteArray &host) const;
    bool isAllowedOrigin(const QByteArray &origin) const;
    QList<QByteArray> allowedOrigins() const;
    bool isLockedOut();

    // "Open web page": a one-time code for the page's address.
    QByteArray issuePageCode() { return m_pageCodes.issue(now()); }
    // POST /api/v1/session: nullopt when the code is good (it is used up then); else 401, or
    // 429 during a lockout. Wrong codes count toward the lockout as wrong tokens do.
    std::optional<ApiResponse> redeemPageCode(const QByteArray &code);
    int failureCount() const { return int(m_failures.size()); }

    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

private:
    void recordFailure(qint64 now);
    ApiResponse lockedOut(qint64 now) const;
    qint64 now() const;

    quint16 m_port;
    QByteArray m_token;
    Limits m_limits;
    Clock m_clock;
    QElapsedTimer m_elapsed;
    std::deque<qint64> m_failures; // times of recent failures, oldest first
    qint64 m_lockedUntil = -1;
    PageCodes m_pageCodes;
};

} // namespace Tincan
