#pragma once

#include "discovery/ratelimiter.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QStringList>

namespace Tincan {

class PeerRepository;
class SessionManager;

// Whether a hinted "host:port" may be dialled: an IP literal (never a name to resolve) that is on
// one of our networks, link-local or loopback, or one we have already seen that peer at. So a
// hint cannot make us dial the internet, a hostname, or a host of the sender's choosing.
bool isDialableHint(const QString &address, const QStringList &seenAddresses,
                    const QList<QPair<QHostAddress, int>> &localNetworks);

// Peers who know each other tell each other whom they know, so that a node reached by address
// learns the rest of the mesh. Hints only name where to dial and which key to expect; TLS proves
// the rest. Hints are given to and taken from known peers only (PeerRepository::isKnown), and
// rate-limited per sender (docs/security.md).
class PeerExchange : public QObject
{
    Q_OBJECT
public:
    PeerExchange(SessionManager &sessions, PeerRepository &peers, QObject *parent = nullptr);

    static constexpr int MaxTrackedDials = 256; // m_lastDial is pruned beyond this

private:
    void onPeerConnected(const QString &peerId);
    void onHints(const QString &fromPeerId, const QCborMap &message);
    bool isKnown(const QString &peerId) const;
    void pruneDials(qint64 nowMs);

    SessionManager &m_sessions;
    PeerRepository &m_peers;
    QHash<QString, qint64> m_lastDial; // peer id → ms since epoch, to damp hint storms
    KeyedRateLimiter<QString> m_dialsPerSender;
};

} // namespace Tincan
