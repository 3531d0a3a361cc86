#include "peersession.h"

#include "crypto/fingerprint.h"
#include "tlsconfig.h"
#include "util/logging.h"

#include <QSslSocket>

namespace Tincan {

PeerSession::PeerSession(QSslSocket *socket, Direction direction, Protocol::Hello localHello,
                         const SessionLimits &limits, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_direction(direction)
    , m_localHello(std::move(localHello))
    , m_limits(limits)
    , m_decoder(limits.maxFrameSize)
{
    socket->setParent(this);
    socket->setReadBufferSize(limits.readBufferSize);
    m_rateTokens = limits.maxFramesPerSecond;
    m_rateClock.start();

    m_handshakeTimer.setSingleShot(true);
    m_handshakeTimer.setInterval(limits.handshakeTimeout);
    connect(&m_handshakeTimer, &QTimer::timeout, this,
            [this] { close(QStringLiteral("handshake timeout")); });
    m_handshakeTimer.start();

    m_keepaliveTimer.setInterval(std::min(limits.pingInterval, limits.idleTimeout / 3));
    connect(&m_keepaliveTimer, &QTimer::timeout, this, &PeerSession::onKeepaliveTick);

    connect(socket, &QSslSocket::encrypted, this, &PeerSession::onEncrypted);
    connect(socket, &QSslSocket::readyRead, this, &PeerSession::onReadyRead);
    connect(socket, &QSslSocket::bytesWritten, this, &PeerSession::outboundDrained);
    connect(socket, &QSslSocket::encryptedBytesWritten, this, &PeerSession::outboundDrained);
    connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        const QList<QSslError> ignorable = ignorableSelfSignedErrors(errors);
        if (ignorable.isEmpty()) {
            qCInfo(lcNet) << "refusing TLS peer:" << errors;
            return;
        }
        m_socket->ignoreSslErrors(ignorable);
    });
    connect(socket, &QSslSocket::disconnected, this,
            [this] { close(QStringLiteral("connection closed by peer")); });
    connect(socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_state != State::Closed)
            close(m_socket->errorString());
    });
}

PeerSession::~PeerSession()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void PeerSession::connectToHost(const QString &host, quint16 port)
{
    m_target = QStringLiteral("%1:%2").arg(host).arg(port);
    if (host.contains(u':'))
        m_target = QStringLiteral("[%1]:%2").arg(host).arg(port);
    m_socket->connectToHostEncrypted(host, port);
}

void PeerSession::startIncoming()
{
    onEncrypted();
}

QHostAddress PeerSession::peerAddress() const
{
    return m_socket ? m_socket->peerAddress() : QHostAddress();
}

QSsl::SslProtocol PeerSession::protocol() const
{
    return m_socket ? m_socket->sessionProtocol() : QSsl::UnknownProtocol;
}

QString PeerSession::reachableAddress() const
{
    QHostAddress address = peerAddress();
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        address = QHostAddress(v4); // ::ffff:a.b.c.d from a dual-stack socket
    if (m_peerHello.port == 0 || address.isNull())
        return {};
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(address.toString()).arg(m_peerHello.port);
    return QStringLiteral("%1:%2").arg(address.toString()).arg(m_peerHello.port);
}

void PeerSession::onEncrypted()
{
    m_peerCertificate = m_socket->peerCertificate();
    m_peerId = fingerprintId(m_peerCertificate);
    if (m_peerCertificate.isNull() || m_peerId.isEmpty()) {
        close(QStringLiteral("peer presented no usable certificate"));
        return;
    }
    m_state = State::AwaitingHello;
    send(Protocol::encodeHello(m_localHello));
    onReadyRead(); // the peer's hello may already be buffered
}

void PeerSession::send(const QCborMap &message)
{
    QSslSocket *socket = m_socket.data();
    if (m_state == State::Closed || !socket)
        return;
    if (socket->bytesToWrite() > m_limits.maxPendingOutbound) {
        close(QStringLiteral("peer is not reading: %1 bytes unsent").arg(socket->bytesToWrite()));
        return;
    }
    socket->write(encodeFrame(message));
}

qint64 PeerSession::pendingOutbound() const
{
    return m_socket ? m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite() : 0;
}

void PeerSession::close(const QString &reason)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_handshakeTimer.stop();
    m_keepaliveTimer.stop();
    qCInfo(lcNet).noquote() << "session" << (m_peerId.isEmpty() ? m_target : m_peerId.left(12))
                            << "closed:" << reason;
    if (QSslSocket *socket = m_socket.data()) {
        socket->disconnect(this);
        socket->disconnectFromHost();
        if (socket->state() != QAbstractSocket::UnconnectedState)
            socket->abort();
    }
    Q_EMIT closed(reason);
}

void PeerSession::onReadyRead()
{
    if (m_state == State::Connecting || m_state == State::Closed || !m_socket)
        return;
    m_decoder.append(m_socket->readAll());
    m_sinceLastReceived.start();
    QCborMap message;
    while (m_state != State::Closed) {
        const FrameDecoder::Status status = m_decoder.next(&message);
        if (status == FrameDecoder::Status::NeedMore)
            break;
        if (status == FrameDecoder::Status::Error) {
            close(QStringLiteral("protocol error: %1").arg(m_decoder.errorString()));
            break;
        }
        if (!takeRateToken()) {
            close(QStringLiteral("inbound rate over %1 frames/s").arg(m_limits.maxFramesPerSecond));
            break;
        }
        handleMessage(message);
    }
}

void PeerSession::handleMessage(const QCborMap &message)
{
    const QString type = Protocol::typeOf(message);
    if (m_state == State::AwaitingHello) {
        if (type != Protocol::Type::Hello) {
            close(QStringLiteral("expected hello, got '%1'").arg(type.left(32)));
            return;
        }
        handleHello(message);
        return;
    }
    if (type == Protocol::Type::Ping) {
        QCborMap pong;
        pong.insert(QStringLiteral("t"), Protocol::Type::Pong);
        send(pong);
    } else if (type == Protocol::Type::Pong) {
        // Its arrival already reset the idle clock.
    } else if (type == Protocol::Type::Hello) {
        close(QStringLiteral("second hello"));
    } else {
        Q_EMIT messageReceived(message);
    }
}

void PeerSession::handleHello(const QCborMap &message)
{
    QString error;
    const auto hello = Protocol::decodeHello(message, &error);
    if (!hello) {
        close(error);
        return;
    }
    if (hello->id != m_peerId) {
        close(QStringLiteral("hello id %1 does not match the certificate fingerprint %2")
                  .arg(hello->id.left(12), m_peerId.left(12)));
        return;
    }
    m_peerHello = *hello;
    m_state = State::Authenticated;
    m_handshakeTimer.stop();
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    m_keepaliveTimer.start();
    Q_EMIT authenticated();
}

bool PeerSession::takeRateToken()
{
    const double rate = m_limits.maxFramesPerSecond;
    m_rateTokens = std::min(rate, m_rateTokens + rate * m_rateClock.restart() / 1000.0);
    if (m_rateTokens < 1.0)
        return false;
    m_rateTokens -= 1.0;
    return true;
}

void PeerSession::onKeepaliveTick()
{
    if (m_sinceLastReceived.isValid() &&
        m_sinceLastReceived.elapsed() > m_limits.idleTimeout.count()) {
        close(QStringLiteral("keepalive timeout: silent for %1 ms")
                  .arg(m_sinceLastReceived.elapsed()));
        return;
    }
    QCborMap ping;
    ping.insert(QStringLiteral("t"), Protocol::Type::Ping);
    send(ping);
}

} // namespace Tincan
