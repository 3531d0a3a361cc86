#pragma once

#include "discoveryconfig.h"
#include "ratelimiter.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

namespace Tincan {

class PeerTable;
class SessionManager;

// Whether discovery may dial a peer it hears, decided by the node per id.
enum class DialWish
{
    Never,      // blocked
    WhileSmall, // a stranger: only while the LAN is small (DiscoveryLimits::dialEveryoneUpTo)
    Always,     // a contact, a conversation, a peer the user is talking to
};

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

    void setFilter(std::function<DialWish(const QString &id)> filter)
    {
        m_filter = std::move(filter);
    }
    // Whether this node dials the peer on its own when it hears it (see DialWish).
    bool wants(const QString &id) const { return allows(wish(id)); }
    // On start: strangers heard in the first moments wait until the table is representative.
    void settleFirst();
    void consider(const QString &id);
    // The user wants this peer now (a window opened, a message queued): dial at once, whichever
    // id is lower, unless a session exists or a dial is a moment old. False if the peer is not
    // discovered or may not be dialled.
    bool reach(const QString &id);
    void forget(const QString &id)
    {
        m_states.remove(id);
        m_held.remove(id);
    }
    void clear()
    {
        m_states.clear();
        m_held.clear();
        m_settleTimer.stop();
    }
    quint64 dials() const { return m_dials; }

private:
    struct State
    {
        qint64 lastMs = -1;
        int attempts = 0;
        bool delayedCheck = false;
    };
    void dial(const QString &id);
    DialWish wish(const QString &id) const;
    bool allows(DialWish wish) const;

    SessionManager &m_sessions;
    const PeerTable &m_peers;
    DiscoveryTiming m_timing;
    QElapsedTimer m_clock;
    TokenBucket m_budget;
    QHash<QString, State> m_states; // only for ids in the peer table
    std::function<DialWish(const QString &)> m_filter;
    int m_dialEveryoneUpTo;
    qint64 m_strangersFromMs = 0; // on m_clock
    QSet<QString> m_held;         // strangers heard before then
    QTimer m_settleTimer;
    quint64 m_dials = 0;
};

} // namespace Tincan
