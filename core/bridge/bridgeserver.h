#pragma once

#include "apitypes.h"
#include "httptimeouts.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

class QHttpServer;
class QTcpServer;

namespace Tincan {

class AccessPolicy;
class ApiHandler;
class ApiJson;
class EventSocket;

// The sockets of the bridge: HTTP on 127.0.0.1 and ::1 (never another address), the web page,
// the REST API through ApiHandler, and the /api/v1/events WebSockets.
class BridgeServer : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxWebSockets = 32;
    static constexpr auto eventsPath = "/api/v1/events";

    BridgeServer(ApiHandler &api, AccessPolicy &access, ApiJson &json, HttpTimeouts timeouts = {},
                 QObject *parent = nullptr);
    ~BridgeServer() override;

    // port 0 picks a free one that is free on both addresses.
    bool listen(quint16 port, QString *error);
    quint16 port() const { return m_port; }
    QStringList addresses() const; // "127.0.0.1:P", "[::1]:P"

    void broadcast(const QJsonObject &event);
    void closeWebSockets(int code, const QString &reason);
    int webSocketCount() const { return int(m_sockets.size()); }

private:
    bool listenOnce(quint16 port, bool retryable, QString *error, bool *retry);
    HttpReply serve(const ApiRequest &request);
    HttpReply checkUpgrade(const ApiRequest &request);
    void onNewWebSocket();

    ApiHandler &m_api;
    AccessPolicy &m_access;
    ApiJson &m_json;
    std::unique_ptr<QHttpServer> m_http;
    QList<QPointer<QTcpServer>> m_listeners; // QHttpServer may take them over (6.4 does)
    QList<EventSocket *> m_sockets;          // owned
    quint16 m_port = 0;
    HttpTimeouts m_timeouts;
};

} // namespace Tincan
