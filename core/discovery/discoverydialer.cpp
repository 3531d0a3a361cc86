#include "discoverydialer.h"

#include "net/sessionmanager.h"
#include "peertable.h"
#include "util/logging.h"

#include <QTimer>

namespace Tincan {

DiscoveryDialer::DiscoveryDialer(SessionManager &sessions, const PeerTable &peers,
                                 const DiscoveryConfig &config, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_peers(peers)
    , m_timing(config.timing)
    , m_budget(config.limits.dialsPerSecond, config.limits.dialBurst, 0)
{
    m_clock.start();
}

void DiscoveryDialer::consider(const QString &id)
{
    if (m_sessions.isConnected(id) || (m_filter && !m_filter(id)))
        return;
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
            if (!m_sessions.isConnected(id))
                dial(id);
        });
    }
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
