#include "rawtlspeer.h"

#include "net/protocol.h"
#include "net/tlsconfig.h"

RawTlsPeer::RawTlsPeer()
    : RawTlsPeer(QString())
{}

RawTlsPeer::RawTlsPeer(const QString &identityDir)
{
    QString error;
    m_identity =
        Tincan::Identity::loadOrCreate(identityDir.isEmpty() ? m_dir.path() : identityDir, &error);
    Q_ASSERT_X(m_identity, "RawTlsPeer", qPrintable(error));
    QObject::connect(&m_socket, &QSslSocket::sslErrors, &m_socket,
                     [this](const QList<QSslError> &errors) {
                         m_socket.ignoreSslErrors(Tincan::ignorableSelfSignedErrors(errors));
                     });
    QObject::connect(&m_socket, &QSslSocket::readyRead, &m_socket, [this] {
        if (!m_reading)
            return;
        m_decoder.append(m_socket.readAll());
        QCborMap message;
        while (m_decoder.next(&message) == Tincan::FrameDecoder::Status::Message)
            m_receivedTypes.append(Tincan::Protocol::typeOf(message));
    });
}

void RawTlsPeer::connectTo(quint16 port, bool presentCertificate)
{
    QSslConfiguration config = Tincan::makeTlsConfiguration(*m_identity);
    if (!presentCertificate) {
        config.setLocalCertificate(QSslCertificate());
        config.setPrivateKey(QSslKey());
    }
    m_socket.setSslConfiguration(config);
    m_decoder = Tincan::FrameDecoder(); // a new connection starts a new stream
    m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
}

void RawTlsPeer::stopReading()
{
    m_reading = false;
    // A full read buffer makes the socket stop taking bytes from the kernel.
    m_socket.setReadBufferSize(4096);
}

void RawTlsPeer::sendHello(const QString &claimedId)
{
    Tincan::Protocol::Hello hello;
    hello.id = claimedId.isEmpty() ? m_identity->id() : claimedId;
    hello.name = QStringLiteral("raw");
    sendRaw(Tincan::encodeFrame(Tincan::Protocol::encodeHello(hello)));
}

void RawTlsPeer::sendRaw(const QByteArray &bytes)
{
    m_socket.write(bytes);
}
