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

} // namespace Tincan
