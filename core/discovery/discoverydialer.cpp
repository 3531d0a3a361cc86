#include "discoverydialer.h"

#include "net/sessionmanager.h"
#include "peertable.h"
#include "util/logging.h"

#include <QTimer>

#include <utility>

namespace Tincan {

DiscoveryDialer::DiscoveryDialer(SessionManager &sessions, const PeerTable &peers,
                                 const DiscoveryConfig &config, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_peers(peers)
    , m_timing(config.timing)
    , m_budget(config.limits.dialsPerSecond, config.limits.dialBurst, 0)
    , m_dialEveryoneUpTo(config.limits.dialEveryoneUpTo)
{
    m_clock.start();
    m_settleTimer.setSingleShot(true);
    connect(&m_settleTimer, &QTimer::timeout, this, [this] {
        for (const QString &id : std::exchange(m_held, {}))
            consider(id);
    });
}

DialWish DiscoveryDialer::wish(const QString &id) const
{
    return m_filter ? m_filter(id) : DialWish::WhileSmall;
}

bool DiscoveryDialer::allows(DialWish wish) const
{
    switch (wish) {
    case DialWish::Never:
        return false;
    case DialWish::Always:
        return true;
    case DialWish::WhileSmall:
        break;
    }
    return m_peers.size() <= m_dialEveryoneUpTo;
}

void DiscoveryDialer::settleFirst()
{
    // By then every node on the LAN has answered our first query (sent at the first start-up
    // announcement, answered within answerDelayMax), so the table shows how large the LAN is.
    const auto settle = m_timing.startupAnnouncements[0] + 2 * m_timing.answerDelayMax;
    m_strangersFromMs = m_clock.elapsed() + settle.count();
}

void DiscoveryDialer::consider(const QString &id)
{
    if (m_sessions.isConnected(id))
        return;
    const DialWish wanted = wish(id);
    if (!allows(wanted))
        return;
    // A node starting on a LAN of hundreds hears them one by one: without this wait it would
    // dial the first few dozen strangers before it knows the LAN is large.
    if (const qint64 wait = m_strangersFromMs - m_clock.elapsed();
        wanted == DialWish::WhileSmall && wait > 0) {
        m_held.insert(id);
        if (!m_settleTimer.isActive())
            m_settleTimer.start(std::chrono::milliseconds(wait));
        return;
    }
    State &state = m_states[id];
    if (state.lastMs >= 0 && m_clock.elapsed() - state.lastMs < m_timing.minRedialInterval.count())
        return;
    if (m_sessions.localId() < id) {
        dial(id);
    } else if (!state.delayedCheck) {
        state.delayedCheck = true;
        QTimer::singleShot(m_timing.higherIdDialDelay, this, [this, id] {
            auto it = m_states.find(id);
            if (it == m_states.end()) // lost or stopped meanwhile
                return;
            it->delayedCheck = false;
            // The LAN may have grown past dialEveryoneUpTo while we waited.
            if (!m_sessions.isConnected(id) && allows(wish(id)))
                dial(id);
        });
    }
}

bool DiscoveryDialer::reach(const QString &id)
{
    if (wish(id) == DialWish::Never || !m_peers.find(id))
        return false;
    if (m_sessions.isConnected(id))
        return true;
    const State &state = m_states[id];
    if (state.lastMs < 0 || m_clock.elapsed() - state.lastMs >= m_timing.minRedialInterval.count())
        dial(id);
    return true;
}

void DiscoveryDialer::dial(const QString &id)
{
    const auto peer = m_peers.find(id);
    if (!peer || peer->addresses.isEmpty())
        return;
    if (!m_budget.tryTake(m_clock.elapsed())) {
        qCDebug(lcDiscovery).noquote() << "dial budget exhausted, not dialling" << id;
        return;
    }
    State &state = m_states[id];
    // The best address first; when that did not lead to a session, the next one.
    const QHostAddress address = peer->addresses.at(state.attempts % peer->addresses.size());
    ++state.attempts;
    state.lastMs = m_clock.elapsed();
    ++m_dials;
    qCDebug(lcDiscovery).noquote()
        << "dialling" << id << "at" << formatEndpoint(address, peer->port);
    m_sessions.connectTo(address.toString(), peer->port, id);
}

} // namespace Tincan
