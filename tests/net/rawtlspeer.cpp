#include "rawtlspeer.h"

#include "net/protocol.h"
#include "net/tlsconfig.h"

RawTlsPeer::RawTlsPeer()
    : RawTlsPeer(QString())
{}

RawTlsPeer::RawTlsPeer(const QString &identityDir)
{
    QString error;
    const QString dir = identityDir.isEmpty() ? m_dir.path() : identityDir;
    m_identity = Tincan::Identity::loadOrCreate(dir, &error);
    Q_ASSERT_X(m_identity, "RawTlsPeer", qPrintable(error));
    m_account = Tincan::Account::loadOrCreate(dir, m_identity->id(), &error);
    Q_ASSERT_X(m_account, "RawTlsPeer", qPrintable(error));
    QObject::connect(&m_socket, &QSslSocket::sslErrors, &m_socket,
                     [this](const QList<QSslError> &errors) {
                         m_socket.ignoreSslErrors(Tincan::ignorableSelfSignedErrors(errors));
                     });
    QObject::connect(&m_socket, &QSslSocket::readyRead, &m_socket, [this] {
        if (!m_reading)
            return;
        m_decoder.append(m_socket.readAll());
        QCborMap message;
        while (m_decoder.next(&message) == Tincan::FrameDecoder::Status::Message) {
            m_receivedTypes.append(Tincan::Protocol::typeOf(message));
            m_lastByType.insert(m_receivedTypes.constLast(), message);
        }
    });
}

void RawTlsPeer::connectTo(quint16 port, bool presentCertificate, const QHostAddress &from)
{
    QSslConfiguration config = Tincan::makeTlsConfiguration(*m_identity);
    if (!presentCertificate) {
        config.setLocalCertificate(QSslCertificate());
        config.setPrivateKey(QSslKey());
    }
    m_socket.setSslConfiguration(config);
    m_decoder = Tincan::FrameDecoder(); // a new connection starts a new stream
    if (!from.isNull())
        m_socket.bind(from);
    m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
}

void RawTlsPeer::stopReading()
{
    m_reading = false;
    // A full read buffer makes the socket stop taking bytes from the kernel.
    m_socket.setReadBufferSize(4096);
}

Tincan::Protocol::Hello RawTlsPeer::hello(const QString &claimedId) const
{
    Tincan::Protocol::Hello hello;
    hello.id = claimedId.isEmpty() ? m_identity->id() : claimedId;
    hello.name = QStringLiteral("raw");
    hello.account = m_account->devices().signedForm;
    return hello;
}

void RawTlsPeer::sendHello(const QString &claimedId)
{
    send(Tincan::Protocol::encodeHello(hello(claimedId)));
}

void RawTlsPeer::sendRaw(const QByteArray &bytes)
{
    m_socket.write(bytes);
}
