#include "tlstransport.h"

#include "tlsconfig.h"
#include "tlslink.h"
#include "util/logging.h"

#include <QSslSocket>

namespace Tincan {

TlsTransport::TlsTransport(const Identity &identity, const SessionLimits &limits, QObject *parent)
    : Transport(parent)
    , m_tls(makeTlsConfiguration(identity))
    , m_limits(limits)
    , m_server(limits.maxPendingIncoming, limits.maxPendingPerAddress)
{
    m_server.setSslConfiguration(m_tls);
    m_server.setHandshakeTimeout(int(limits.handshakeTimeout.count()));
    connect(&m_server, &QSslServer::pendingConnectionAvailable, this,
            &TlsTransport::onPendingConnection);
    connect(&m_server, &QSslServer::sslErrors, this,
            [](QSslSocket *socket, const QList<QSslError> &errors) {
                const QList<QSslError> ignorable = ignorableSelfSignedErrors(errors);
                if (ignorable.isEmpty())
                    qCInfo(lcNet) << "refusing incoming TLS peer:" << errors;
                else
                    socket->ignoreSslErrors(ignorable);
            });
    connect(&m_server, &QSslServer::errorOccurred, this,
            [](QSslSocket *socket, QAbstractSocket::SocketError) {
                qCInfo(lcNet).noquote()
                    << "incoming handshake from" << socket->peerAddress().toString()
                    << "failed:" << socket->errorString();
            });
}

bool TlsTransport::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_server.listen(address, port)) {
        *error = QStringLiteral("Cannot listen on TCP port %1: %2")
                     .arg(port)
                     .arg(m_server.errorString());
        return false;
    }
    return true;
}

Link *TlsTransport::dial(const QString &host, quint16 port)
{
    auto *socket = new QSslSocket;
    socket->setSslConfiguration(m_tls);
    auto *link = new TlsLink(socket, Link::Direction::Outgoing, m_limits);
    link->setTarget(host, port);
    return link;
}

void TlsTransport::onPendingConnection()
{
    while (m_server.hasPendingConnections()) {
        auto *socket = qobject_cast<QSslSocket *>(m_server.nextPendingConnection());
        if (!socket)
            continue;
        Q_EMIT incomingLink(new TlsLink(socket, Link::Direction::Incoming, m_limits));
    }
}

} // namespace Tincan
