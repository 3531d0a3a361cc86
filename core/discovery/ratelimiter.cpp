#include "ratelimiter.h"

#include <algorithm>

namespace Tincan {

TokenBucket::TokenBucket(double ratePerSecond, double burst, qint64 nowMs)
    : m_rate(ratePerSecond)
    , m_burst(burst)
    , m_tokens(burst)
    , m_lastMs(nowMs)
{}

double TokenBucket::available(qint64 nowMs) const
{
    const double elapsed = double(std::max<qint64>(0, nowMs - m_lastMs)) / 1000.0;
    return std::min(m_burst, m_tokens + elapsed * m_rate);
}

bool TokenBucket::tryTake(qint64 nowMs, double tokens)
{
    m_tokens = available(nowMs);
    m_lastMs = std::max(m_lastMs, nowMs);
    if (m_tokens < tokens)
        return false;
    m_tokens -= tokens;
    return true;
}

SourceRateLimiter::SourceRateLimiter(double ratePerSecond, double burst, int maxSources)
    : m_rate(ratePerSecond)
    , m_burst(burst)
    , m_maxSources(std::max(1, maxSources))
{}

bool SourceRateLimiter::allow(const QHostAddress &source, qint64 nowMs)
{
    auto it = m_sources.find(source);
    if (it == m_sources.end()) {
        if (m_sources.size() >= m_maxSources)
            evictOldest();
        it = m_sources.insert(source, Source{TokenBucket(m_rate, m_burst, nowMs), nowMs});
    }
    it->lastSeenMs = nowMs;
    return it->bucket.tryTake(nowMs);
}

void SourceRateLimiter::evictOldest()
{
    // Linear, but only when the table is full, and the table is small.
    auto oldest = m_sources.begin();
    for (auto it = m_sources.begin(); it != m_sources.end(); ++it) {
        if (it->lastSeenMs < oldest->lastSeenMs)
            oldest = it;
    }
    if (oldest != m_sources.end())
        m_sources.erase(oldest);
}

} // namespace Tincan
