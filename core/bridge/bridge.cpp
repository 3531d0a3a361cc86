#include "bridge.h"

#include "accesspolicy.h"
#include "apihandler.h"
#include "apijson.h"
#include "bridgeserver.h"
#include "bridgetoken.h"
#include "eventfeed.h"
#include "eventsocket.h"
#include "node/node.h"
#include "util/logging.h"

#include <QTimer>

namespace Tincan {

Bridge::Bridge(Node &node, QObject *parent)
    : QObject(parent)
    , m_node(node)
{}

Bridge::~Bridge()
{
    m_server.reset(); // sockets first: they use the handler
}

std::optional<quint16> Bridge::portFromSettings(const Node &node)
{
    if (!node.setting(QStringLiteral("bridgeEnabled")).toBool())
        return std::nullopt;
    const int port = node.setting(QStringLiteral("bridgePort")).toInt();
    return port >= 0 && port <= 65535 ? quint16(port) : quint16(0);
}

bool Bridge::start(quint16 port, QString *error)
{
    const auto token = BridgeToken::loadOrCreate(m_node.profile().dir(), error);
    if (!token)
        return false;
    m_access = std::make_unique<AccessPolicy>(port, *token);
    m_json = std::make_unique<ApiJson>(m_node);
    m_api = std::make_unique<ApiHandler>(m_node, *m_access, *m_json);
    m_events = std::make_unique<EventFeed>(m_node, *m_json);
    m_server =
        std::make_unique<BridgeServer>(*m_api, *m_access, *m_json, m_node.config().bridgeTimeouts);
    if (!m_server->listen(port, error)) {
        m_server.reset();
        return false;
    }
    connect(m_events.get(), &EventFeed::published, m_server.get(), &BridgeServer::broadcast);
    connect(m_api.get(), &ApiHandler::tokenRotated, m_server.get(), [this] {
        qCInfo(lcBridge) << "bridge token rotated; closing every WebSocket";
        // Queued: the answer to the rotating command goes out first.
        QTimer::singleShot(0, m_server.get(), [this] {
            m_server->closeWebSockets(EventSocket::closeUnauthorized,
                                      QStringLiteral("the token was rotated"));
        });
    });
    qCInfo(lcBridge).noquote() << "bridge listening on"
                               << m_server->addresses().join(QStringLiteral(" and "));
    // Never the token: logs are read by more people and programs than the token file (0600).
    qCInfo(lcBridge).noquote() << QStringLiteral("web page: http://127.0.0.1:%1/ ('tincan ctl "
                                                 "open-url' prints a link that opens it)")
                                      .arg(m_server->port());
    return true;
}

quint16 Bridge::port() const
{
    return m_server ? m_server->port() : 0;
}

QByteArray Bridge::token() const
{
    return m_access ? m_access->token() : QByteArray();
}

QString Bridge::issuePageUrl()
{
    return m_access ? pageUrlWithCode(port(), m_access->issuePageCode()) : QString();
}

int Bridge::webSocketCount() const
{
    return m_server ? m_server->webSocketCount() : 0;
}

} // namespace Tincan
