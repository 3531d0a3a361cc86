#pragma once

#include <QJsonObject>
#include <QObject>

#include <memory>

class QWebSocket;

namespace Tincan {

class ApiHandler;

// One open /api/v1/events WebSocket: pushes every event, numbered by "seq" so that a client
// can tell that it missed none, and answers command frames through the same ApiHandler as
// REST. A client that stops reading is dropped rather than buffered without end.
class EventSocket : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 maxFrameSize = 256 * 1024 + 4096; // a command with a full body
    static constexpr qint64 maxBacklog = 8 * 1024 * 1024;
    // Close codes: 4000 + the HTTP status the same refusal gets over REST.
    static constexpr int closeUnauthorized = 4401;

    EventSocket(std::unique_ptr<QWebSocket> socket, ApiHandler &api, QObject *parent = nullptr);
    ~EventSocket() override;

    void start(const QJsonObject &readyData); // the first frame: {"event": "ready", ...}
    void sendEvent(const QJsonObject &event);
    void close(int code, const QString &reason);

Q_SIGNALS:
    void finished(Tincan::EventSocket *socket);

private:
    void send(const QJsonObject &frame);
    void onText(const QString &frame);

    std::unique_ptr<QWebSocket> m_socket;
    ApiHandler &m_api;
    quint64 m_seq = 0;
    bool m_closing = false;
};

} // namespace Tincan
