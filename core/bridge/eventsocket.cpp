#include "eventsocket.h"

#include "apihandler.h"
#include "eventfeed.h"
#include "util/logging.h"

#include <QJsonDocument>
#include <QTimer>
#include <QWebSocket>

namespace Tincan {

EventSocket::EventSocket(std::unique_ptr<QWebSocket> socket, ApiHandler &api, QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_api(api)
{
    m_socket->setMaxAllowedIncomingMessageSize(quint64(maxFrameSize));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(maxFrameSize));
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &EventSocket::onText);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, [this] {
        close(int(QWebSocketProtocol::CloseCodeDatatypeNotSupported),
              QStringLiteral("commands are JSON text frames"));
    });
    connect(
        m_socket.get(), &QWebSocket::disconnected, this, [this] { Q_EMIT finished(this); },
        Qt::QueuedConnection);
    // Gone before we got it: its disconnected() has been and gone, so report it here.
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT finished(this); }, Qt::QueuedConnection);
}

EventSocket::~EventSocket() = default;

void EventSocket::start(const QJsonObject &readyData)
{
    sendEvent(EventFeed::make(QStringLiteral("ready"), readyData));
}

void EventSocket::sendEvent(const QJsonObject &event)
{
    QJsonObject numbered = event;
    numbered.insert(QStringLiteral("seq"), qint64(m_seq++));
    send(numbered);
}

void EventSocket::send(const QJsonObject &frame)
{
    if (m_closing)
        return;
    if (m_socket->bytesToWrite() > maxBacklog) {
        qCWarning(lcBridge) << "a WebSocket client does not read its events; closing it";
        close(int(QWebSocketProtocol::CloseCodePolicyViolated),
              QStringLiteral("too many unread events"));
        return;
    }
    m_socket->sendTextMessage(
        QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void EventSocket::onText(const QString &frame)
{
    send(m_api.command(frame.toUtf8()));
}

void EventSocket::close(int code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
    // A peer that never answers the close frame is cut off.
    QTimer::singleShot(5000, m_socket.get(), [socket = m_socket.get()] { socket->abort(); });
}

} // namespace Tincan
