#include "tlslink.h"

#include "crypto/fingerprint.h"
#include "discovery/interfaces.h"
#include "tlsconfig.h"
#include "util/logging.h"

#include <QNetworkInterface>
#include <QSslSocket>

namespace Tincan {

TlsLink::TlsLink(QSslSocket *socket, Direction direction, const SessionLimits &limits,
                 QObject *parent)
    : Link(parent)
    , m_socket(socket)
    , m_direction(direction)
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
    connect(&m_keepaliveTimer, &QTimer::timeout, this, &TlsLink::onKeepaliveTick);
    m_probeTimer.setSingleShot(true);
    connect(&m_probeTimer, &QTimer::timeout, this, [this] {
        if (m_sinceLastReceived.isValid() && m_sinceLastReceived.elapsed() < m_sinceProbe.elapsed())
            return; // something arrived after the ping: the path still works
        close(QStringLiteral("no answer within %1 ms of a network change")
                  .arg(m_probeTimer.interval()));
    });

    if (direction == Direction::Incoming)
        updatePath(); // connected already: the router's refusals can name the address
    connect(socket, &QSslSocket::encrypted, this, &TlsLink::onEncrypted);
    connect(socket, &QSslSocket::readyRead, this, &TlsLink::onReadyRead);
    connect(socket, &QSslSocket::bytesWritten, this, &TlsLink::outboundDrained);
    connect(socket, &QSslSocket::encryptedBytesWritten, this, &TlsLink::outboundDrained);
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

TlsLink::~TlsLink()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void TlsLink::setTarget(const QString &host, quint16 port)
{
    m_host = host;
    m_port = port;
    m_target = QStringLiteral("%1:%2").arg(host).arg(port);
    if (host.contains(u':'))
        m_target = QStringLiteral("[%1]:%2").arg(host).arg(port);
}

void TlsLink::setFixedPath(const LinkPath &path, const QString &target)
{
    m_path = path;
    m_pathFixed = true;
    m_target = target;
}

void TlsLink::start(const Protocol::Hello &localHello)
{
    m_localHello = localHello;
    if (m_socket->state() == QAbstractSocket::ConnectedState && !m_socket->isEncrypted()) {
        if (m_direction == Direction::Outgoing)
            m_socket->startClientEncryption();
        else
            m_socket->startServerEncryption();
    } else if (m_direction == Direction::Outgoing) {
        m_socket->connectToHostEncrypted(m_host, m_port);
    } else {
        onEncrypted();
    }
}

QSsl::SslProtocol TlsLink::protocol() const
{
    return m_socket ? m_socket->sessionProtocol() : QSsl::UnknownProtocol;
}

LinkPath::Kind classifyTcpPath(const QHostAddress &address)
{
    return isOnLink(address, localNetworks(QNetworkInterface::allInterfaces()))
               ? LinkPath::Kind::Lan
               : LinkPath::Kind::Direct;
}

void TlsLink::updatePath()
{
    if (m_pathFixed)
        return;
    const auto plain = [](QHostAddress address) {
        bool isV4 = false;
        const quint32 v4 = address.toIPv4Address(&isV4);
        return isV4 ? QHostAddress(v4) : address; // ::ffff:a.b.c.d from a dual-stack socket
    };
    const QHostAddress address = plain(m_socket->peerAddress());
    m_path = {classifyTcpPath(address), address, m_socket->peerPort(), false,
              plain(m_socket->localAddress())};
}

void TlsLink::onEncrypted()
{
    m_remote.certificate = m_socket->peerCertificate();
    m_remote.deviceId = fingerprintId(m_remote.certificate);
    if (m_remote.certificate.isNull() || m_remote.deviceId.isEmpty()) {
        close(QStringLiteral("peer presented no usable certificate"));
        return;
    }
    updatePath();
    m_state = State::AwaitingHello;
    Q_EMIT secured();
    if (m_state == State::Closed)
        return; // the router refused the device: it got no hello of ours
    send(Protocol::encodeHello(m_localHello));
    onReadyRead(); // the peer's hello may already be buffered
}

void TlsLink::send(const QCborMap &message)
{
    QSslSocket *socket = m_socket.data();
    if (m_state == State::Closed || !socket)
        return;
    // Both buffers count: Qt encrypts what write() took at the next event loop pass, so the
    // plain one alone is empty again long before a peer that never reads is noticed.
    if (const qint64 pending = pendingOutbound(); pending > m_limits.maxPendingOutbound) {
        close(QStringLiteral("peer is not reading: %1 bytes unsent").arg(pending));
        return;
    }
    socket->write(encodeFrame(message));
}

qint64 TlsLink::pendingOutbound() const
{
    return m_socket ? m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite() : 0;
}

void TlsLink::close(const QString &reason)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_handshakeTimer.stop();
    m_keepaliveTimer.stop();
    m_probeTimer.stop();
    const QString who = !m_remote.deviceId.isEmpty() ? m_remote.deviceId.left(12)
                        : !m_target.isEmpty()        ? m_target
                                                     : m_path.endpoint();
    qCInfo(lcNet).noquote() << "session" << who << "closed:" << reason;
    if (QSslSocket *socket = m_socket.data()) {
        socket->disconnect(this);
        socket->flush(); // what was sent last (a refusal, why it ends) goes before the end
        socket->disconnectFromHost();
        if (m_pathFixed)     // a stream another transport carries: hand it the close_notify now,
            socket->flush(); // or the device notices the end only when its keepalive runs out
        if (socket->state() != QAbstractSocket::UnconnectedState)
            socket->abort();
    }
    Q_EMIT closed(reason);
}

void TlsLink::onReadyRead()
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

void TlsLink::handleMessage(const QCborMap &message)
{
    const QString type = Protocol::typeOf(message);
    if (m_state == State::AwaitingHello) {
        if (type == Protocol::Type::Refuse) {
            close(Protocol::describeRefusal(message));
            return;
        }
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

void TlsLink::handleHello(const QCborMap &message)
{
    bool outdated = false;
    const QString refusal = checkHello(message, m_remote, &outdated);
    if (!refusal.isEmpty()) {
        if (outdated) { // an older node ignores the type but may log it; a newer one shows it
            send(Protocol::encodeVersionRefusal()); // close() flushes it
        }
        close(refusal);
        return;
    }
    m_state = State::Authenticated;
    m_handshakeTimer.stop();
    if (!m_pathFixed) // a local socket pair has no TCP keepalive; ICE has its own checks
        m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    m_keepaliveTimer.start();
    Q_EMIT authenticated();
}

bool TlsLink::takeRateToken()
{
    const double rate = m_limits.maxFramesPerSecond;
    m_rateTokens = std::min(rate, m_rateTokens + rate * m_rateClock.restart() / 1000.0);
    if (m_rateTokens < 1.0)
        return false;
    m_rateTokens -= 1.0;
    return true;
}

void TlsLink::onKeepaliveTick()
{
    if (m_sinceLastReceived.isValid() &&
        m_sinceLastReceived.elapsed() > m_limits.idleTimeout.count()) {
        close(QStringLiteral("keepalive timeout: silent for %1 ms")
                  .arg(m_sinceLastReceived.elapsed()));
        return;
    }
    sendPing();
}

void TlsLink::sendPing()
{
    QCborMap ping;
    ping.insert(QStringLiteral("t"), Protocol::Type::Ping);
    send(ping);
}

void TlsLink::probe(std::chrono::milliseconds within)
{
    if (m_state != State::Authenticated || m_probeTimer.isActive())
        return;
    m_sinceProbe.start();
    m_probeTimer.start(within);
    sendPing();
}

} // namespace Tincan
