#pragma once

#include <QHash>
#include <QObject>

namespace Tincan {

class PeerRepository;
class SessionManager;

// Connected peers tell each other whom they know, so that a node reached by address learns the
// rest of the mesh. Hints only name where to dial and which key to expect; TLS proves the rest.
class PeerExchange : public QObject
{
    Q_OBJECT
public:
    PeerExchange(SessionManager &sessions, PeerRepository &peers, QObject *parent = nullptr);

private:
    void onPeerConnected(const QString &peerId);
    void onHints(const QString &fromPeerId, const QCborMap &message);

    SessionManager &m_sessions;
    PeerRepository &m_peers;
    QHash<QString, qint64> m_lastDial; // peer id → ms since epoch, to damp hint storms
};

} // namespace Tincan
