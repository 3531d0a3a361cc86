#pragma once

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace Tincan {

// The listening socket of the bridge. QHttpServer buffers a request body whole before anyone
// sees it, so the API's 413 alone would let a local client fill memory: this server aborts a
// connection that sends more than maxUnanswered bytes without getting an answer in between
// (give or take one read), and caps the number of open connections. (No read buffer limit:
// QHttpServer reads a request inside a QIODevice transaction, which such a limit would stall.)
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    static constexpr qint64 maxUnanswered = 1024 * 1024; // well above the API's 256 KiB limit
    static constexpr int maxConnections = 64;

    explicit GuardedTcpServer(QObject *parent = nullptr);

    int openConnections() const { return m_open; }
    // Writes out what is buffered on every connection, as far as the kernel takes it: answers
    // given just before the bridge stops (e.g. to the request that stopped it) still arrive.
    void flushAll();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    int m_open = 0;
    QList<QPointer<QTcpSocket>> m_sockets; // QHttpServer may reparent them (6.8 does)
};

} // namespace Tincan
