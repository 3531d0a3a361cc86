#include "requestguard.h"

#include "apihandler.h"
#include "util/logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace Tincan {

namespace {
// How long a refused request may go on sending the body it announced.
constexpr std::chrono::milliseconds lingerAfterRefusal{2000};
} // namespace

RequestGuard::RequestGuard(QTcpSocket *socket, HttpTimeouts timeouts)
    : QObject(socket)
    , m_socket(socket)
    , m_timeouts(timeouts)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &RequestGuard::onDeadline);
    m_deadline.start(m_timeouts.request); // a connection that never sends a request goes too
    m_since.start();
    // Connected before QHttpServer connects its own slot, so this sees every chunk first.
    m_readConnection = connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &RequestGuard::onAnswered);
}

void RequestGuard::onReadyRead()
{
    if (m_refused) {
        discard();
        return;
    }
    if (m_idle) { // the first bytes of a new request
        m_idle = false;
        m_since.start();
        m_deadline.start(m_timeouts.request);
    }
    if (!m_headersChecked) {
        checkHeaders();
        if (m_refused)
            return;
    }
    m_unanswered += m_socket->bytesAvailable();
    if (m_unanswered > maxUnanswered) {
        qCWarning(lcBridge) << "a bridge client sent more than" << maxUnanswered
                            << "bytes without an answer; closing it";
        // Queued: QHttpServer's own slot still runs for this chunk and must find the socket.
        QMetaObject::invokeMethod(m_socket, &QTcpSocket::abort, Qt::QueuedConnection);
    }
}

void RequestGuard::checkHeaders()
{
    const QByteArray head = m_socket->peek(maxHeaderBytes);
    // Only the start of a request: after an interim answer (100 Continue) body bytes follow.
    static const QList<QByteArray> methods{"GET ",    "POST ", "PUT ",    "PATCH ",
                                           "DELETE ", "HEAD ", "OPTIONS "};
    if (!std::any_of(methods.begin(), methods.end(),
                     [&](const QByteArray &m) { return head.startsWith(m); })) {
        m_headersChecked = head.size() >= 8;
        return;
    }
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0)
        return; // more headers to come; the request timeout bounds how long
    m_headersChecked = true;
    const QList<QByteArray> lines = head.left(end).split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0 || line.left(colon).trimmed().toLower() != "content-length")
            continue;
        bool ok = false;
        const qint64 length = line.mid(colon + 1).trimmed().toLongLong(&ok);
        if (ok && length > ApiHandler::maxBodySize)
            refuseTooLarge(length, end + 4);
        return;
    }
}

void RequestGuard::refuseTooLarge(qint64 length, qint64 headerSize)
{
    qCInfo(lcBridge) << "refusing a bridge request of" << length << "bytes from its headers";
    m_refused = true;
    m_discardLeft = length + headerSize;
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("error"), ApiHandler::bodyTooLargeMessage()}})
            .toJson(QJsonDocument::Compact);
    m_socket->write("HTTP/1.1 413 Payload Too Large\r\n"
                    "Content-Type: application/json\r\n"
                    "Connection: close\r\n"
                    "Content-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n" + body);
    // A client that sends its body anyway reads the answer only once it has sent it: closing
    // now would reset the connection under it. So the body is read and dropped (no memory)
    // for up to lingerAfterRefusal, and the connection closed after it.
    m_deadline.start(std::min(m_timeouts.request, lingerAfterRefusal));
    discard();
}

std::optional<RequestGuard::Eviction> RequestGuard::eviction() const
{
    if (!watching())
        return std::nullopt;
    return Eviction{m_refused ? 0 : m_idle ? 2 : 1, m_since.elapsed()};
}

void RequestGuard::discard()
{
    m_discardLeft -= m_socket->skip(std::min(m_discardLeft, m_socket->bytesAvailable()));
    m_socket->skip(m_socket->bytesAvailable()); // past the body, too: none reaches QHttpServer
    if (m_discardLeft <= 0)
        m_socket->disconnectFromHost(); // after the answer is written
}

void RequestGuard::onAnswered()
{
    if (m_refused)
        return; // that was our 413; its deadline stands
    m_unanswered = 0;
    m_headersChecked = false;
    m_idle = true;
    m_since.start();
    m_deadline.start(m_timeouts.idle);
}

void RequestGuard::onDeadline()
{
    if (!watching())
        return; // a WebSocket now
    if (m_refused) {
        m_socket->disconnectFromHost(); // the rest of a refused body never came
        return;
    }
    if (m_idle)
        qCInfo(lcBridge) << "closing a bridge connection idle for" << m_timeouts.idle.count()
                         << "ms";
    else
        qCInfo(lcBridge) << "closing a bridge connection without a whole request after"
                         << m_timeouts.request.count() << "ms";
    m_socket->abort();
}

} // namespace Tincan
