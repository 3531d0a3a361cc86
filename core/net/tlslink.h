#pragma once

#include "frame.h"
#include "link.h"
#include "sessionlimits.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSsl>
#include <QTimer>

class QSslSocket;

namespace Tincan {

// A Link over one TLS 1.3 connection, from TCP connect to close. It proves the device's
// identity twice: TLS shows the device holds the key of its certificate, and the hello must
// name that certificate's fingerprint. It enforces the SessionLimits and answers keepalives.
class TlsLink : public Link
{
    Q_OBJECT
public:
    // Takes ownership of socket. Incoming sockets arrive already encrypted from QSslServer;
    // outgoing ones connect to host:port when started. A socket that is connected but not yet
    // encrypted (a stream another transport carries, such as ICE) starts its handshake when
    // started: the outgoing side as the TLS client, the incoming one as the server.
    TlsLink(QSslSocket *socket, Direction direction, const SessionLimits &limits,
            QObject *parent = nullptr);
    ~TlsLink() override;
    void setTarget(const QString &host, quint16 port);
    // The path of a stream whose socket cannot tell it (it is local to this machine).
    void setFixedPath(const LinkPath &path, const QString &target);

    void start(const Protocol::Hello &localHello) override;
    Direction direction() const override { return m_direction; }
    State state() const override { return m_state; }
    const DeviceCredential &remote() const override { return m_remote; }
    LinkPath path() const override { return m_path; }
    QString target() const override { return m_target; }
    void send(const QCborMap &message) override;
    qint64 pendingOutbound() const override;
    void close(const QString &reason) override;
    void probe(std::chrono::milliseconds within) override;

    QSsl::SslProtocol protocol() const;

private:
    void updatePath();
    void onEncrypted();
    void onReadyRead();
    void handleMessage(const QCborMap &message);
    void handleHello(const QCborMap &message);
    bool takeRateToken();
    void onKeepaliveTick();
    void sendPing();

    QPointer<QSslSocket> m_socket;
    Direction m_direction;
    State m_state = State::Connecting;
    Protocol::Hello m_localHello;
    DeviceCredential m_remote;
    LinkPath m_path;
    bool m_pathFixed = false;
    SessionLimits m_limits;
    FrameDecoder m_decoder;
    QString m_host;
    quint16 m_port = 0;
    QString m_target;
    QTimer m_handshakeTimer;
    QTimer m_keepaliveTimer;
    QTimer m_probeTimer;
    QElapsedTimer m_sinceProbe;
    QElapsedTimer m_sinceLastReceived;
    QElapsedTimer m_rateClock;
    double m_rateTokens = 0;
};

// Lan when the address is this machine's, link-local, or inside a subnet of one of its
// interfaces; Direct otherwise.
LinkPath::Kind classifyTcpPath(const QHostAddress &address);

} // namespace Tincan
