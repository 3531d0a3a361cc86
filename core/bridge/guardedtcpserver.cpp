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
    if (m_open >= maxConnections && !evictOne()) {
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

// A new client must not wait behind connections that hold a slot doing nothing useful (a
// stalled request, a refused body, an idle keep-alive): the one that gives way the most
// (RequestGuard::eviction) is closed. WebSockets are never closed for it.
bool GuardedTcpServer::evictOne()
{
    QTcpSocket *victim = nullptr;
    std::optional<RequestGuard::Eviction> worst;
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets)) {
        if (!socket || socket->state() != QAbstractSocket::ConnectedState)
            continue; // gone, or already given way
        const auto *guard = socket->findChild<RequestGuard *>();
        const auto eviction = guard ? guard->eviction() : std::nullopt;
        if (eviction && (!worst || *eviction < *worst)) {
            worst = eviction;
            victim = socket;
        }
    }
    if (!victim)
        return false;
    qCInfo(lcBridge) << "the bridge is full; closing a connection that waited" << worst->waitedMs
                     << "ms" << (worst->rank == 2 ? "idle" : "without a whole request");
    victim->abort();
    return true;
}

void GuardedTcpServer::flushAll()
{
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets)) {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            socket->flush();
    }
}

} // namespace Tincan
