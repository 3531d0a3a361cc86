#include "peerexchange.h"

#include "invitelink.h"
#include "protocol.h"
#include "sessionmanager.h"
#include "store/peerrepository.h"
#include "util/logging.h"

#include <QDateTime>

namespace Tincan {

namespace {
constexpr qint64 MinRedialIntervalMs = 5000;
}

PeerExchange::PeerExchange(SessionManager &sessions, PeerRepository &peers, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_peers(peers)
{
    connect(&sessions, &SessionManager::peerConnected, this, &PeerExchange::onPeerConnected);
    connect(&sessions, &SessionManager::messageReceived, this,
            [this](const QString &peerId, const QCborMap &message) {
                if (Protocol::typeOf(message) == Protocol::Type::Peers)
                    onHints(peerId, message);
            });
}

void PeerExchange::onPeerConnected(const QString &peerId)
{
    auto hintFor = [this](const QString &id) -> std::optional<Protocol::PeerHint> {
        const auto record = m_peers.find(id);
        if (!record || record->trust == Trust::Blocked || record->addresses.isEmpty())
            return std::nullopt;
        return Protocol::PeerHint{record->id, record->name, record->addresses};
    };

    // Tell the newcomer about everyone online, and everyone online about the newcomer.
    QList<Protocol::PeerHint> forNewcomer;
    const auto newcomer = hintFor(peerId);
    for (const QString &other : m_sessions.connectedPeers()) {
        if (other == peerId)
            continue;
        if (const auto hint = hintFor(other))
            forNewcomer.append(*hint);
        if (newcomer)
            m_sessions.send(other, Protocol::encodePeers({*newcomer}));
    }
    if (!forNewcomer.isEmpty())
        m_sessions.send(peerId, Protocol::encodePeers(forNewcomer));
}

void PeerExchange::onHints(const QString &fromPeerId, const QCborMap &message)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const Protocol::PeerHint &hint : Protocol::decodePeers(message)) {
        if (hint.id == m_sessions.localId() || m_sessions.isConnected(hint.id))
            continue;
        const auto known = m_peers.find(hint.id);
        if (known && known->trust == Trust::Blocked)
            continue;
        if (now - m_lastDial.value(hint.id, 0) < MinRedialIntervalMs)
            continue;
        QString error;
        const auto target = parseConnectTarget(hint.addresses.constFirst(), &error);
        if (!target)
            continue;
        m_lastDial.insert(hint.id, now);
        qCDebug(lcNet).noquote() << "peer" << fromPeerId.left(12) << "introduced" << hint.name
                                 << hint.id.left(12) << "at" << hint.addresses.constFirst();
        m_sessions.connectTo(target->host, target->port, hint.id);
    }
}

} // namespace Tincan
