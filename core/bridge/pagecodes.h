#pragma once

#include <QByteArray>
#include <QString>

#include <deque>

namespace Tincan {

// One-time codes that open the web page. "Open web page" and `tincan ctl open-url` put a code
// in the page's address instead of the token, because a browser's command line is readable by
// every local user in /proc, and its history keeps addresses. The page trades the code for the
// token (POST /api/v1/session) at once: a code works once, for two minutes, and at most eight
// wait at a time, the oldest giving way.
class PageCodes
{
public:
    static constexpr int MaxOutstanding = 8;
    static constexpr qint64 LifetimeMs = 120'000;

    QByteArray issue(qint64 nowMs);
    // True once per issued code, within its lifetime; compared in constant time.
    bool redeem(const QByteArray &code, qint64 nowMs);
    int outstanding() const { return int(m_codes.size()); }

private:
    void dropExpired(qint64 nowMs);

    struct Code
    {
        QByteArray value;
        qint64 expiresMs;
    };
    std::deque<Code> m_codes; // oldest first
};

// The address that opens the page with a code: the only place its format is written.
QString pageUrlWithCode(quint16 port, const QByteArray &code);

} // namespace Tincan
