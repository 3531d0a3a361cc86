#include "guardedtcpserver.h"

#include "util/logging.h"

#include <QPointer>
#include <QTcpSocket>

namespace Tincan {

GuardedTcpServer::GuardedTcpServer(QObject *parent)
    : QTcpServer(parent)
{}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    if (m_open >= maxConnections) {
        qCWarning(lcBridge) << "too many bridge connections; refusing one";
        socket->abort();
        socket->deleteLater();
        return;
    }
    ++m_open;
    m_sockets.append(socket);
    connect(socket, &QObject::destroyed, this, [this] {
        --m_open;
        m_sockets.removeAll(nullptr);
    });

    // Connected before QHttpServer connects its own slot, so this sees every chunk first.
    // QHttpServer disconnects every slot of a socket it upgrades to a WebSocket, which ends
    // this guard there: QWebSocket has limits of its own.
    auto unanswered = std::make_shared<qint64>(0);
    connect(socket, &QTcpSocket::readyRead, this, [socket, unanswered] {
        *unanswered += socket->bytesAvailable();
        if (*unanswered > maxUnanswered) {
            qCWarning(lcBridge) << "a bridge client sent more than" << maxUnanswered
                                << "bytes without an answer; closing it";
            // Queued: QHttpServer's own slot still runs for this chunk and must find the
            // socket alive.
            QMetaObject::invokeMethod(socket, &QTcpSocket::abort, Qt::QueuedConnection);
        }
    });
    connect(socket, &QTcpSocket::bytesWritten, this, [unanswered] { *unanswered = 0; });
    addPendingConnection(socket);
}

void GuardedTcpServer::flushAll()
{
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets)) {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            socket->flush();
    }
}

} // namespace Tincan
