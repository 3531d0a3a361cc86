#pragma once

#include "guardedsslserver.h"
#include "sessionlimits.h"
#include "transport.h"

#include <QSslConfiguration>

namespace Tincan {

class Identity;

// The first transport: TLS 1.3 over TCP with the device's own certificate on both sides (pinned
// by TrustPolicy, never chain-validated). Listens on one TCP port and makes TlsLinks.
class TlsTransport : public Transport
{
    Q_OBJECT
public:
    TlsTransport(const Identity &identity, const SessionLimits &limits, QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("tls-tcp"); }
    bool listen(const QHostAddress &address, quint16 port, QString *error) override;
    quint16 listenPort() const override { return m_server.serverPort(); }
    void stopListening() override { m_server.close(); }
    Link *dial(const QString &host, quint16 port) override;

private:
    void onPendingConnection();

    QSslConfiguration m_tls;
    SessionLimits m_limits;
    GuardedSslServer m_server;
};

} // namespace Tincan
