#pragma once

#include "httptimeouts.h"

#include <optional>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace Tincan {

// Watches one HTTP connection of the bridge ahead of QHttpServer, which buffers a request body
// whole before anyone sees it:
// - a request whose Content-Length is over the API's limit is answered 413 from its headers,
//   before its body is sent (curl waits for that with "Expect: 100-continue") and never read;
// - more than maxUnanswered bytes without an answer in between (a body that lies about its
//   length, or chunked) cost the connection, not the memory;
// - a request not whole within the request timeout, or a connection idle past the idle one, is
//   closed.
// Once QHttpServer takes the socket over for a WebSocket (it disconnects every slot of it) the
// guard steps aside: QWebSocket has limits of its own.
class RequestGuard : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 maxUnanswered = 1024 * 1024; // well above the API's 256 KiB limit
    static constexpr qint64 maxHeaderBytes = 64 * 1024;

    // A child of socket; connect it before QHttpServer sees the socket.
    RequestGuard(QTcpSocket *socket, HttpTimeouts timeouts);

    // Which connection gives way when the bridge is full and another client connects, lowest
    // first: a refused request still sending its body, then the longest wait for a whole
    // request, then the longest idle one. A WebSocket never does (nullopt).
    struct Eviction
    {
        int rank;
        qint64 waitedMs;
        bool operator<(const Eviction &o) const
        {
            return rank != o.rank ? rank < o.rank : waitedMs > o.waitedMs;
        }
    };
    std::optional<Eviction> eviction() const;

private:
    void onReadyRead();
    void onAnswered();
    void onDeadline();
    void checkHeaders();
    void refuseTooLarge(qint64 length, qint64 headerSize);
    void discard();
    bool watching() const { return bool(m_readConnection); }

    QTcpSocket *m_socket;
    HttpTimeouts m_timeouts;
    QTimer m_deadline;
    QMetaObject::Connection m_readConnection;
    qint64 m_unanswered = 0;
    bool m_headersChecked = false;
    bool m_refused = false;   // answered 413: whatever else comes is discarded
    qint64 m_discardLeft = 0; // of the refused request (headers and announced body)
    bool m_idle = false;      // between requests (after an answer); not before the first
    QElapsedTimer m_since;    // in the current state (waiting for a request, or idle)
};

} // namespace Tincan
