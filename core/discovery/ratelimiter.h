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

// One bucket per key (a source address, a peer id), in a table of bounded size: when it is full,
// the key heard from least recently is forgotten, so a flood from spoofed sources cannot grow
// memory.
template<typename Key>
class KeyedRateLimiter
{
public:
    KeyedRateLimiter(double ratePerSecond, double burst, int maxKeys)
        : m_rate(ratePerSecond)
        , m_burst(burst)
        , m_maxKeys(maxKeys < 1 ? 1 : maxKeys)
    {}

    bool allow(const Key &key, qint64 nowMs)
    {
        auto it = m_keys.find(key);
        if (it == m_keys.end()) {
            if (m_keys.size() >= m_maxKeys)
                evictOldest();
            it = m_keys.insert(key, Entry{TokenBucket(m_rate, m_burst, nowMs), nowMs});
        }
        it->lastSeenMs = nowMs;
        return it->bucket.tryTake(nowMs);
    }
    int size() const { return int(m_keys.size()); }

private:
    struct Entry
    {
        TokenBucket bucket;
        qint64 lastSeenMs;
    };
    void evictOldest()
    {
        // Linear, but only when the table is full, and the table is small.
        auto oldest = m_keys.begin();
        for (auto it = m_keys.begin(); it != m_keys.end(); ++it) {
            if (it->lastSeenMs < oldest->lastSeenMs)
                oldest = it;
        }
        if (oldest != m_keys.end())
            m_keys.erase(oldest);
    }

    double m_rate;
    double m_burst;
    int m_maxKeys;
    QHash<Key, Entry> m_keys;
};

using SourceRateLimiter = KeyedRateLimiter<QHostAddress>;

} // namespace Tincan
