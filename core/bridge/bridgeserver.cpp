#include "bridgeserver.h"

#include "accesspolicy.h"
#include "apihandler.h"
#include "apijson.h"
#include "eventsocket.h"
#include "guardedtcpserver.h"
#include "httpcompat.h"
#include "staticfiles.h"
#include "util/logging.h"

#include <QHttpServer>
#include <QTimer>
#include <QWebSocket>

namespace Tincan {

namespace {
constexpr int maxListenAttempts = 8;
} // namespace

BridgeServer::BridgeServer(ApiHandler &api, AccessPolicy &access, ApiJson &json,
                           HttpTimeouts timeouts, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_access(access)
    , m_json(json)
    , m_http(std::make_unique<QHttpServer>())
    , m_timeouts(timeouts)
{
    HttpCompat::serve(
        *m_http, this, QLatin1String(eventsPath),
        [this](const ApiRequest &request) { return serve(request); },
        [this](const ApiRequest &request) { return checkUpgrade(request); });
    connect(m_http.get(), &QHttpServer::newWebSocketConnection, this,
            &BridgeServer::onNewWebSocket);
}

BridgeServer::~BridgeServer()
{
    for (const QPointer<QTcpServer> &listener : std::as_const(m_listeners)) {
        if (auto *guarded = qobject_cast<GuardedTcpServer *>(listener.data()))
            guarded->flushAll();
    }
    // WebSockets first: on Qt 6.4 their TCP sockets are still children of the listeners.
    qDeleteAll(m_sockets);
    m_sockets.clear();
    qDeleteAll(findChildren<QWebSocket *>(Qt::FindDirectChildrenOnly));
    m_http.reset();
    for (const QPointer<QTcpServer> &listener : std::as_const(m_listeners))
        delete listener.data();
}

QStringList BridgeServer::addresses() const
{
    QStringList list;
    for (const QTcpServer *listener : m_listeners) {
        if (!listener)
            continue;
        const QHostAddress address = listener->serverAddress();
        list.append(address.protocol() == QAbstractSocket::IPv6Protocol
                        ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(m_port)
                        : QStringLiteral("%1:%2").arg(address.toString()).arg(m_port));
    }
    return list;
}

bool BridgeServer::listen(quint16 port, QString *error)
{
    // With port 0 the IPv4 port is picked first and may be taken on ::1: then try another.
    for (int attempt = 0; attempt < maxListenAttempts; ++attempt) {
        bool retry = false;
        if (listenOnce(port, port == 0, error, &retry))
            return true;
        if (!retry)
            return false;
    }
    return false;
}

bool BridgeServer::listenOnce(quint16 port, bool retryable, QString *error, bool *retry)
{
    auto v4 = std::make_unique<GuardedTcpServer>(m_timeouts);
    if (!v4->listen(QHostAddress::LocalHost, port)) {
        *error = QStringLiteral("the bridge cannot listen on 127.0.0.1:%1: %2")
                     .arg(port)
                     .arg(v4->errorString());
        return false;
    }
    auto v6 = std::make_unique<GuardedTcpServer>(m_timeouts);
    if (!v6->listen(QHostAddress::LocalHostIPv6, v4->serverPort())) {
        if (v6->serverError() == QAbstractSocket::AddressInUseError && retryable) {
            *retry = true;
            return false;
        }
        // No IPv6 on this host (or ::1 taken at a fixed port): 127.0.0.1 alone still works,
        // and the page and `tincan ctl` use 127.0.0.1.
        qCInfo(lcBridge).noquote()
            << "the bridge listens on 127.0.0.1 only; ::1:" << v4->serverPort()
            << "failed:" << v6->errorString();
        v6.reset();
    }
    m_port = v4->serverPort();
    m_access.setPort(m_port);
    for (auto *listener : {v4.release(), v6.release()}) {
        if (!listener)
            continue;
        m_listeners.append(listener);
        if (!HttpCompat::bind(*m_http, listener)) {
            *error = QStringLiteral("the bridge cannot serve on port %1").arg(m_port);
            return false;
        }
    }
    return true;
}

HttpReply BridgeServer::serve(const ApiRequest &request)
{
    if (auto refusal = m_access.checkSite(request))
        return HttpReply::fromApi(*refusal);
    // An upgrade that is not for the events (those are decided by checkUpgrade, in httpcompat).
    if (HttpCompat::isWebSocketUpgrade(request))
        return HttpReply::fromApi(ApiResponse::error(
            404, QStringLiteral("WebSockets live at %1").arg(QLatin1String(eventsPath))));
    if (request.path.startsWith(QLatin1String("/api/")))
        return HttpReply::fromApi(m_api.handle(request));
    if (request.method == "GET") {
        if (auto page = StaticFiles::reply(request.path, m_port))
            return *page;
    }
    return HttpReply::fromApi(
        ApiResponse::error(404, QStringLiteral("not found: %1").arg(request.path)));
}

HttpReply BridgeServer::checkUpgrade(const ApiRequest &request)
{
    if (request.path != QLatin1String(eventsPath))
        return HttpReply::fromApi(ApiResponse::error(
            404, QStringLiteral("WebSockets live at %1").arg(QLatin1String(eventsPath))));
    if (auto refusal = m_access.check(request, true))
        return HttpReply::fromApi(*refusal);
    if (m_sockets.size() >= maxWebSockets)
        return HttpReply::fromApi(ApiResponse::error(503, QStringLiteral("too many WebSockets")));
    HttpReply accept;
    accept.status = 101;
    return accept;
}

void BridgeServer::onNewWebSocket()
{
    while (std::unique_ptr<QWebSocket> socket = HttpCompat::nextPendingWebSocket(*m_http)) {
        auto *client = new EventSocket(std::move(socket), m_api, this);
        m_sockets.append(client);
        connect(client, &EventSocket::finished, this, [this](EventSocket *done) {
            m_sockets.removeOne(done);
            done->deleteLater();
        });
        QJsonObject ready = m_json.identity();
        ready.insert(QStringLiteral("bridge"), QJsonObject{{QStringLiteral("port"), m_port}});
        client->start(ready);
    }
}

void BridgeServer::broadcast(const QJsonObject &event)
{
    for (EventSocket *socket : std::as_const(m_sockets))
        socket->sendEvent(event);
}

void BridgeServer::closeWebSockets(int code, const QString &reason)
{
    for (EventSocket *socket : std::as_const(m_sockets))
        socket->close(code, reason);
}

} // namespace Tincan
