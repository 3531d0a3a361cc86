#include "guardedtcpserver.h"

#include "requestguard.h"
#include "util/logging.h"

#include <QPointer>
#include <QTcpSocket>

namespace Tincan {

GuardedTcpServer::GuardedTcpServer(HttpTimeouts timeouts, QObject *parent)
    : QTcpServer(parent)
    , m_timeouts(timeouts)
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

    new RequestGuard(socket, m_timeouts); // before QHttpServer connects to the socket
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
