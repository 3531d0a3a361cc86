#pragma once

#include "discoveryconfig.h"
#include "ratelimiter.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <functional>

namespace Tincan {

class PeerTable;
class SessionManager;

// Turns what discovery hears into dials without dialling twice: both sides of a pair hear each
// other, so the lower id dials at once and the higher one only when no session came up after
// a while (one-way multicast, a firewall on one side). At most one dial per peer per
// minRedialInterval, all within a global budget. Every dial names the key it expects.
class DiscoveryDialer : public QObject
{
    Q_OBJECT
public:
    DiscoveryDialer(SessionManager &sessions, const PeerTable &peers, const DiscoveryConfig &config,
                    QObject *parent = nullptr);

    void setFilter(std::function<bool(const QString &id)> filter) { m_filter = std::move(filter); }
    void consider(const QString &id);
    void forget(const QString &id) { m_states.remove(id); }
    void clear() { m_states.clear(); }
    quint64 dials() const { return m_dials; }

private:
    struct State
    {
        qint64 lastMs = -1;
        int attempts = 0;
        bool delayedCheck = false;
    };
    void dial(const QString &id);

    SessionManager &m_sessions;
    const PeerTable &m_peers;
    DiscoveryTiming m_timing;
    QElapsedTimer m_clock;
    TokenBucket m_budget;
    QHash<QString, State> m_states; // only for ids in the peer table
    std::function<bool(const QString &)> m_filter;
    quint64 m_dials = 0;
};

} // namespace Tincan
