#include "peerexchange.h"

#include "discovery/interfaces.h"
#include "invitelink.h"
#include "protocol.h"
#include "sessionmanager.h"
#include "store/peerrepository.h"
#include "util/logging.h"

#include <QDateTime>
#include <QNetworkInterface>

namespace Tincan {

namespace {
constexpr qint64 MinRedialIntervalMs = 5000;
// A contact may make us dial 8 peers at once, then one every 7.5 s: enough for a LAN of friends
// coming online, too little to use us as a port scanner.
constexpr double DialsPerSecondPerSender = 1.0 / 7.5;
constexpr double DialBurstPerSender = 8;
constexpr int MaxTrackedSenders = 64;
} // namespace

bool isDialableHint(const QString &address, const QStringList &seenAddresses,
                    const QList<QPair<QHostAddress, int>> &localNetworks)
{
    QString error;
    const auto target = parseConnectTarget(address, &error);
    if (!target)
        return false;
    const QHostAddress host(target->host);
    if (host.isNull())
        return false; // a name: resolving it would already leak, and it can point anywhere
    return seenAddresses.contains(address) || isOnLink(host, localNetworks);
}

PeerExchange::PeerExchange(SessionManager &sessions, PeerRepository &peers, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_peers(peers)
    , m_dialsPerSender(DialsPerSecondPerSender, DialBurstPerSender, MaxTrackedSenders)
{
    connect(&sessions, &SessionManager::peerConnected, this, &PeerExchange::onPeerConnected);
    connect(&sessions, &SessionManager::messageReceived, this,
            [this](const QString &peerId, const QCborMap &message) {
                if (Protocol::typeOf(message) == Protocol::Type::Peers)
                    onHints(peerId, message);
            });
}

bool PeerExchange::isKnown(const QString &peerId) const
{
    return m_peers.isKnown(peerId);
}

void PeerExchange::onPeerConnected(const QString &peerId)
{
    auto hintFor = [this](const QString &id) -> std::optional<Protocol::PeerHint> {
        const auto record = m_peers.find(id);
        if (!record || record->trust == Trust::Blocked || record->addresses.isEmpty())
            return std::nullopt;
        return Protocol::PeerHint{record->id, record->name, record->addresses};
    };

    // Tell a known peer who comes online about the other known peers online, and them about it.
    // Strangers learn nothing of whom we know.
    if (!isKnown(peerId))
        return;
    QList<Protocol::PeerHint> forNewcomer;
    const auto newcomer = hintFor(peerId);
    for (const QString &other : m_sessions.connectedPeers()) {
        if (other == peerId || !isKnown(other))
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
    if (!isKnown(fromPeerId)) {
        qCDebug(lcNet).noquote() << "ignoring peer hints from" << fromPeerId.left(12)
                                 << "whom we do not know";
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    pruneDials(now);
    const auto networks = localNetworks(QNetworkInterface::allInterfaces());
    for (const Protocol::PeerHint &hint : Protocol::decodePeers(message)) {
        if (hint.id == m_sessions.localId() || m_sessions.isConnected(hint.id))
            continue;
        const auto known = m_peers.find(hint.id);
        if (known && known->trust == Trust::Blocked)
            continue;
        if (now - m_lastDial.value(hint.id, 0) < MinRedialIntervalMs)
            continue;
        const QStringList seen = known ? known->addresses : QStringList();
        const auto address =
            std::find_if(hint.addresses.begin(), hint.addresses.end(),
                         [&](const QString &a) { return isDialableHint(a, seen, networks); });
        if (address == hint.addresses.end())
            continue;
        if (!m_dialsPerSender.allow(fromPeerId, now)) {
            qCDebug(lcNet).noquote() << "peer" << fromPeerId.left(12) << "sends too many hints";
            return;
        }
        QString error;
        const auto target = parseConnectTarget(*address, &error);
        m_lastDial.insert(hint.id, now);
        qCDebug(lcNet).noquote() << "peer" << fromPeerId.left(12) << "introduced" << hint.name
                                 << hint.id.left(12) << "at" << *address;
        m_sessions.connectTo(target->host, target->port, hint.id);
    }
}

void PeerExchange::pruneDials(qint64 nowMs)
{
    if (m_lastDial.size() < MaxTrackedDials)
        return;
    m_lastDial.removeIf([nowMs](const QHash<QString, qint64>::iterator it) {
        return nowMs - it.value() >= MinRedialIntervalMs;
    });
    // Still full: every entry is recent, so it is a storm; forget all rather than grow.
    if (m_lastDial.size() >= MaxTrackedDials)
        m_lastDial.clear();
}

} // namespace Tincan
