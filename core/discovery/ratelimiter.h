#pragma once

#include <QHash>
#include <QHostAddress>

namespace Tincan {

// A classic token bucket on a caller-supplied monotonic clock (milliseconds), so that tests
// need no sleeps.
class TokenBucket
{
public:
    TokenBucket(double ratePerSecond, double burst, qint64 nowMs);
    bool tryTake(qint64 nowMs, double tokens = 1.0);
    double available(qint64 nowMs) const;

private:
    double m_rate;
    double m_burst;
    double m_tokens;
    qint64 m_lastMs;
};

// One bucket per source address, in a table of bounded size: when it is full, the source heard
// from least recently is forgotten, so a flood from spoofed addresses cannot grow memory.
class SourceRateLimiter
{
public:
    SourceRateLimiter(double ratePerSecond, double burst, int maxSources);
    bool allow(const QHostAddress &source, qint64 nowMs);
    int size() const { return int(m_sources.size()); }

private:
    struct Source
    {
        TokenBucket bucket;
        qint64 lastSeenMs;
    };
    void evictOldest();

    double m_rate;
    double m_burst;
    int m_maxSources;
    QHash<QHostAddress, Source> m_sources;
};

} // namespace Tincan
