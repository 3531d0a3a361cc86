#include "sessionmanager.h"

#include "crypto/identity.h"
#include "peersession.h"
#include "store/peerrepository.h"
#include "tlsconfig.h"
#include "util/logging.h"

#include <QSslSocket>

namespace Tincan {

SessionManager::SessionManager(const Identity &identity, PeerRepository &peers,
                               SessionLimits limits, ReconnectPolicy reconnect, QObject *parent)
    : QObject(parent)
    , m_tls(makeTlsConfiguration(identity))
    , m_peers(peers)
    , m_limits(limits)
    , m_trust(identity.id(), peers)
    , m_reconnect(reconnect)
{
    qRegisterMetaType<Tincan::KeyChangeEvent>();
    m_localHello.id = identity.id();
    m_server.setSslConfiguration(m_tls);
    m_server.setHandshakeTimeout(int(limits.handshakeTimeout.count()));
    connect(&m_server, &QSslServer::pendingConnectionAvailable, this, &SessionManager::onIncoming);
    connect(&m_server, &QSslServer::sslErrors, this,
            [](QSslSocket *socket, const QList<QSslError> &errors) {
                const QList<QSslError> ignorable = ignorableSelfSignedErrors(errors);
                if (ignorable.isEmpty())
                    qCInfo(lcNet) << "refusing incoming TLS peer:" << errors;
                else
                    socket->ignoreSslErrors(ignorable);
            });
    connect(&m_server, &QSslServer::errorOccurred, this,
            [](QSslSocket *socket, QAbstractSocket::SocketError) {
                qCInfo(lcNet).noquote()
                    << "incoming handshake from" << socket->peerAddress().toString()
                    << "failed:" << socket->errorString();
            });
    connect(&m_reconnect, &ReconnectScheduler::reconnectDue, this, [this](const QString &peerId) {
        const auto record = m_peers.find(peerId);
        if (!record || record->trust == Trust::Blocked || isConnected(peerId))
            return;
        for (const QString &address : record->addresses) {
            QString error;
            if (const auto target = parseConnectTarget(address, &error))
                connectTo(target->host, target->port, peerId);
        }
        m_reconnect.schedule(peerId); // cancelled by reset() when a dial succeeds
    });
}

SessionManager::~SessionManager()
{
    shutdown();
}

bool SessionManager::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_server.listen(address, port)) {
        *error = QStringLiteral("Cannot listen on TCP port %1: %2")
                     .arg(port)
                     .arg(m_server.errorString());
        return false;
    }
    m_localHello.port = m_server.serverPort();
    return true;
}

void SessionManager::shutdown()
{
    m_shuttingDown = true;
    m_reconnect.clear();
    m_server.close();
    const auto sessions = m_all;
    for (PeerSession *session : sessions)
        session->close(QStringLiteral("shutting down"));
}

void SessionManager::connectTo(const ConnectTarget &target)
{
    connectTo(target.host, target.port, target.pinnedId, !target.pinnedId.isEmpty());
}

void SessionManager::connectTo(const QString &host, quint16 port, const QString &expectedId,
                               bool pinned)
{
    if (m_shuttingDown ||
        (!expectedId.isEmpty() && (isConnected(expectedId) || m_dialling.contains(expectedId))))
        return;
    if (m_all.size() >= m_limits.maxSessions) {
        qCWarning(lcNet) << "not dialling" << host << port << ": session limit reached";
        return;
    }
    auto *socket = new QSslSocket;
    socket->setSslConfiguration(m_tls);
    PeerSession *session = createSession(socket, true);
    m_dials.insert(session, {expectedId, pinned});
    if (!expectedId.isEmpty())
        m_dialling.insert(expectedId);
    qCDebug(lcNet) << "dialling" << host << port;
    session->connectToHost(host, port);
}

void SessionManager::reconnectKnownPeers()
{
    const QList<PeerRecord> known = m_peers.all().value_or(QList<PeerRecord>{});
    for (const PeerRecord &peer : known) {
        if (peer.trust != Trust::Blocked && !peer.addresses.isEmpty() && !isConnected(peer.id))
            m_reconnect.schedule(peer.id);
    }
}

bool SessionManager::send(const QString &peerId, const QCborMap &message)
{
    PeerSession *session = m_active.value(peerId);
    if (!session)
        return false;
    session->send(message);
    return true;
}

bool SessionManager::resolveKeyChange(const QString &presentedId, bool accept)
{
    return m_trust.resolveKeyChange(presentedId, accept);
}

PeerSession *SessionManager::createSession(QSslSocket *socket, bool outgoing)
{
    auto *session = new PeerSession(
        socket, outgoing ? PeerSession::Direction::Outgoing : PeerSession::Direction::Incoming,
        m_localHello, m_limits, this);
    m_all.insert(session);
    connect(session, &PeerSession::authenticated, this,
            [this, session] { onAuthenticated(session); });
    connect(session, &PeerSession::closed, this, [this, session] { onClosed(session); });
    connect(session, &PeerSession::messageReceived, this, [this, session](const QCborMap &message) {
        if (m_active.value(session->peerId()) == session)
            Q_EMIT messageReceived(session->peerId(), message);
    });
    return session;
}

void SessionManager::onIncoming()
{
    while (m_server.hasPendingConnections()) {
        auto *socket = qobject_cast<QSslSocket *>(m_server.nextPendingConnection());
        if (!socket)
            continue;
        if (m_shuttingDown || m_all.size() >= m_limits.maxSessions) {
            qCWarning(lcNet) << "refusing connection from" << socket->peerAddress()
                             << ": session limit reached";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        createSession(socket, false)->startIncoming();
    }
}

void SessionManager::onAuthenticated(PeerSession *session)
{
    const Dial dial = m_dials.value(session);
    const QString id = session->peerId();
    const TrustPolicy::Decision decision = m_trust.evaluate(*session, dial.expectedId, dial.pinned);
    if (!decision.accept) {
        if (decision.keyChange) {
            qCWarning(lcNet).noquote() << "KEY CHANGE:" << decision.reason << "— refused";
            Q_EMIT keyChangeDetected(*decision.keyChange);
        }
        Q_EMIT sessionRefused(id, decision.reason);
        session->close(decision.reason);
        return;
    }
    m_trust.admit(*session, dial.pinned);

    PeerSession *existing = m_active.value(id);
    if (existing) {
        if (!keepsNewSession(existing, session)) {
            session->close(QStringLiteral("duplicate session"));
            return;
        }
        m_active.insert(id, session); // before closing, so onClosed sees it is not the active one
        existing->close(QStringLiteral("duplicate session"));
        Q_EMIT sessionReplaced(id);
        return;
    }
    m_active.insert(id, session);
    m_reconnect.reset(id);
    qCInfo(lcNet).noquote() << "session up with" << session->peerHello().name << id.left(12)
                            << (session->direction() == PeerSession::Direction::Outgoing ? "(out)"
                                                                                         : "(in)");
    Q_EMIT peerConnected(id);
}

// Both ends apply the same rule, so they keep the same TCP connection: the one the lower id
// opened. Between two sessions opened by the same side the older one stays.
bool SessionManager::keepsNewSession(const PeerSession *existing,
                                     const PeerSession *candidate) const
{
    const QString lowerId = std::min(localId(), candidate->peerId());
    auto initiator = [this](const PeerSession *s) {
        return s->direction() == PeerSession::Direction::Outgoing ? localId() : s->peerId();
    };
    return initiator(candidate) == lowerId && initiator(existing) != lowerId;
}

void SessionManager::onClosed(PeerSession *session)
{
    const Dial dial = m_dials.take(session);
    if (!dial.expectedId.isEmpty())
        m_dialling.remove(dial.expectedId);
    m_all.remove(session);
    session->deleteLater();
    const QString id = session->peerId();
    if (id.isEmpty() || m_active.value(id) != session)
        return;
    m_active.remove(id);
    Q_EMIT peerDisconnected(id);
    if (!m_shuttingDown)
        m_reconnect.schedule(id);
}

} // namespace Tincan
