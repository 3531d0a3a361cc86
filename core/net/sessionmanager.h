#pragma once

#include "invitelink.h"
#include "protocol.h"
#include "reconnectscheduler.h"
#include "sessionlimits.h"
#include "trustpolicy.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QSslServer>

namespace Tincan {

class Identity;
class PeerRepository;
class PeerSession;

// All peer sessions of one node: the TLS listener, dialling, one session per peer, trust
// decisions and reconnects. Upper layers address peers by id only.
class SessionManager : public QObject
{
    Q_OBJECT
public:
    SessionManager(const Identity &identity, PeerRepository &peers, SessionLimits limits = {},
                   ReconnectPolicy reconnect = {}, QObject *parent = nullptr);
    ~SessionManager() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    void shutdown();
    quint16 port() const { return m_server.serverPort(); }
    QString localId() const { return m_localHello.id; }
    void setDisplayName(const QString &name) { m_localHello.name = name; }
    // Announced in the hello of sessions started from now on (docs/protocol.md, "caps").
    void addCapability(const QString &capability)
    {
        if (!m_localHello.capabilities.contains(capability))
            m_localHello.capabilities.append(capability);
    }

    // Dials a peer. expectedId restricts which key is accepted; pinned (invite links) makes a
    // different key a key-change alarm instead of a quiet refusal.
    void connectTo(const QString &host, quint16 port, const QString &expectedId = {},
                   bool pinned = false);
    void connectTo(const ConnectTarget &target);
    // Redials every known, unblocked peer that has an address.
    void reconnectKnownPeers();

    bool isConnected(const QString &peerId) const { return m_active.contains(peerId); }
    QStringList connectedPeers() const { return m_active.keys(); }
    PeerSession *session(const QString &peerId) const { return m_active.value(peerId); }
    int sessionCount() const { return int(m_all.size()); }
    bool send(const QString &peerId, const QCborMap &message);

    TrustPolicy &trust() { return m_trust; }
    // Accepting unblocks future sessions from that key; the peer reconnects on its own.
    bool resolveKeyChange(const QString &presentedId, bool accept);

Q_SIGNALS:
    void peerConnected(const QString &peerId);
    void peerDisconnected(const QString &peerId);
    // The peer's session was swapped for a duplicate one (both dialled at once); whatever was
    // in flight on the old one must go again on the new one.
    void sessionReplaced(const QString &peerId);
    void messageReceived(const QString &peerId, const QCborMap &message);
    void keyChangeDetected(const Tincan::KeyChangeEvent &event);
    void sessionRefused(const QString &peerId, const QString &reason);

private:
    struct Dial
    {
        QString expectedId;
        bool pinned = false;
    };
    PeerSession *createSession(QSslSocket *socket, bool outgoing);
    void onIncoming();
    void onAuthenticated(PeerSession *session);
    void onClosed(PeerSession *session);
    bool keepsNewSession(const PeerSession *existing, const PeerSession *candidate) const;

    Protocol::Hello m_localHello;
    QSslConfiguration m_tls;
    PeerRepository &m_peers;
    SessionLimits m_limits;
    TrustPolicy m_trust;
    ReconnectScheduler m_reconnect;
    QSslServer m_server;
    QSet<PeerSession *> m_all;
    QHash<QString, PeerSession *> m_active; // authenticated and admitted, by peer id
    QHash<PeerSession *, Dial> m_dials;     // outgoing sessions and what they dialled for
    QSet<QString> m_dialling;               // expected ids with a dial in flight
    bool m_shuttingDown = false;
};

} // namespace Tincan
