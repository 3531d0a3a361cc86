#pragma once

#include "frame.h"
#include "protocol.h"
#include "sessionlimits.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSsl>
#include <QSslCertificate>
#include <QTimer>

class QSslSocket;

namespace Tincan {

// One TLS connection to one peer, from TCP connect to close. It proves the peer's identity
// twice: TLS shows the peer holds the key of its certificate, and the peer's hello must name
// that certificate's fingerprint. It enforces the SessionLimits and answers keepalives itself;
// every other message goes up through messageReceived().
class PeerSession : public QObject
{
    Q_OBJECT
public:
    enum class Direction
    {
        Outgoing,
        Incoming
    };
    enum class State
    {
        Connecting,
        AwaitingHello,
        Authenticated,
        Closed
    };

    // Takes ownership of socket. Incoming sockets arrive already encrypted from QSslServer.
    PeerSession(QSslSocket *socket, Direction direction, Protocol::Hello localHello,
                const SessionLimits &limits, QObject *parent = nullptr);
    ~PeerSession() override;

    void connectToHost(const QString &host, quint16 port);
    void startIncoming();

    Direction direction() const { return m_direction; }
    State state() const { return m_state; }
    QString peerId() const { return m_peerId; } // set once TLS completes
    QSslCertificate peerCertificate() const { return m_peerCertificate; }
    const Protocol::Hello &peerHello() const { return m_peerHello; }
    QHostAddress peerAddress() const;
    QSsl::SslProtocol protocol() const;
    QString targetAddress() const { return m_target; } // "host:port" dialled, for outgoing
    // The address to reach this peer at: its IP and its announced listen port.
    QString reachableAddress() const;

    void send(const QCborMap &message);
    // Bytes accepted by send() and not yet handed to the kernel (plain and encrypted). Bulk
    // senders (file chunks) wait for it to drain so that a chat frame never queues behind
    // more than about one chunk.
    qint64 pendingOutbound() const;
    void close(const QString &reason);

Q_SIGNALS:
    // TLS done and hello verified; the receiver decides on trust and may close() at once.
    void authenticated();
    void messageReceived(const QCborMap &message);
    void closed(const QString &reason);
    // Some of the pending outbound bytes went out.
    void outboundDrained();

private:
    void onEncrypted();
    void onReadyRead();
    void handleMessage(const QCborMap &message);
    void handleHello(const QCborMap &message);
    bool takeRateToken();
    void onKeepaliveTick();

    QPointer<QSslSocket> m_socket;
    Direction m_direction;
    State m_state = State::Connecting;
    Protocol::Hello m_localHello;
    Protocol::Hello m_peerHello;
    SessionLimits m_limits;
    FrameDecoder m_decoder;
    QString m_peerId;
    QSslCertificate m_peerCertificate;
    QString m_target;
    QTimer m_handshakeTimer;
    QTimer m_keepaliveTimer;
    QElapsedTimer m_sinceLastReceived;
    QElapsedTimer m_rateClock;
    double m_rateTokens = 0;
};

} // namespace Tincan
