#pragma once

#include "httptimeouts.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace Tincan {

// The listening socket of the bridge: caps the number of open connections and puts a
// RequestGuard on each (sizes and timeouts, ahead of QHttpServer). (No read buffer limit:
// QHttpServer reads a request inside a QIODevice transaction, which such a limit would stall.)
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    static constexpr int maxConnections = 64;

    explicit GuardedTcpServer(HttpTimeouts timeouts = {}, QObject *parent = nullptr);

    int openConnections() const { return m_open; }
    // Writes out what is buffered on every connection, as far as the kernel takes it: answers
    // given just before the bridge stops (e.g. to the request that stopped it) still arrive.
    void flushAll();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    bool evictOne();

    HttpTimeouts m_timeouts;
    int m_open = 0;
    QList<QPointer<QTcpSocket>> m_sockets; // QHttpServer may reparent them (6.8 does)
};

} // namespace Tincan
