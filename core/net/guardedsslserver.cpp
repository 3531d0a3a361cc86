#include "guardedsslserver.h"

#include "util/logging.h"

#include <QSslSocket>

#include <algorithm>

namespace Tincan {

GuardedSslServer::GuardedSslServer(int maxPending, int perAddress, QObject *parent)
    : QSslServer(parent)
    , m_perAddress(perAddress)
{
    setMaxPendingConnections(maxPending);
}

void GuardedSslServer::incomingConnection(qintptr socketDescriptor)
{
    QSslServer::incomingConnection(socketDescriptor);
    // QSslServer parents each socket to itself until it is taken with nextPendingConnection(),
    // which the transport does as soon as the handshake is done: its children are exactly the
    // connections still in the handshake (or just through it), the newest last.
    const QList<QSslSocket *> sockets = findChildren<QSslSocket *>(Qt::FindDirectChildrenOnly);
    if (sockets.isEmpty())
        return;
    QSslSocket *newest = sockets.constLast();
    const QHostAddress from = newest->peerAddress();
    const auto fromThere = std::count_if(sockets.begin(), sockets.end(), [&](QSslSocket *s) {
        return s->peerAddress().isEqual(from, QHostAddress::ConvertV4MappedToIPv4);
    });
    if (fromThere <= m_perAddress)
        return;
    qCWarning(lcNet).noquote() << "refusing connection from" << from.toString() << ":"
                               << fromThere - 1 << "handshakes from there are in progress";
    newest->abort();
    delete newest; // at once: until it is gone it counts towards maxPendingConnections
}

} // namespace Tincan
