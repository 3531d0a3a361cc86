#include "singleinstance.h"

#include <QCryptographicHash>
#include <QLocalSocket>

namespace {
const QByteArray activateRequest = QByteArrayLiteral("activate\n");
const QByteArray activateReply = QByteArrayLiteral("ok\n");
} // namespace

SingleInstanceChannel::SingleInstanceChannel(const QString &profileDir, QObject *parent)
    : QObject(parent)
    , m_name(QStringLiteral("tincan-") +
             QString::fromLatin1(
                 QCryptographicHash::hash(profileDir.toUtf8(), QCryptographicHash::Sha256)
                     .toHex()
                     .left(24)))
{}

bool SingleInstanceChannel::listen()
{
    // We hold the profile lock, so any socket file with our name is a leftover of a crash.
    QLocalServer::removeServer(m_name);
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server.listen(m_name))
        return false;
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                if (!socket->canReadLine())
                    return;
                if (socket->readLine() == activateRequest) {
                    socket->write(activateReply);
                    Q_EMIT activationRequested();
                }
                socket->disconnectFromServer();
            });
        }
    });
    return true;
}

bool SingleInstanceChannel::requestActivation()
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(1000))
        return false;
    socket.write(activateRequest);
    if (!socket.waitForBytesWritten(1000))
        return false;
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(2000))
            return false;
    }
    return socket.readLine() == activateReply;
}
