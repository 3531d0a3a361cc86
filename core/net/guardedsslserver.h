#pragma once

#include <QSslServer>

namespace Tincan {

// A QSslServer that one host cannot stall. QSslServer counts connections still in their TLS
// handshake towards maxPendingConnections and stops accepting at that number, so a host that
// opens connections and never sends a ClientHello would otherwise keep everyone else out until
// the handshake timeout. Here a connection beyond perAddress still in the handshake from the
// same address is dropped at once, and the pending limit is set from SessionLimits rather than
// left at Qt's default of 30.
class GuardedSslServer : public QSslServer
{
    Q_OBJECT
public:
    GuardedSslServer(int maxPending, int perAddress, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    int m_perAddress;
};

} // namespace Tincan
