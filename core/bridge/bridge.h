#pragma once

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace Tincan {

class AccessPolicy;
class ApiHandler;
class ApiJson;
class BridgeServer;
class EventFeed;
class Node;

// The local bridge of a node (docs/api.md): REST and WebSocket API plus the web page, on
// 127.0.0.1 and ::1 only, guarded by the token in DIR/bridge.token. Off unless asked for
// (--bridge PORT, or the bridgeEnabled/bridgePort settings). Lives while its Node runs.
class Bridge : public QObject
{
    Q_OBJECT
public:
    explicit Bridge(Node &node, QObject *parent = nullptr);
    ~Bridge() override;

    bool start(quint16 port, QString *error);
    quint16 port() const;
    QByteArray token() const;
    // An address that opens the page once, with a one-time code in its fragment (PageCodes):
    // a browser started with it shows no token in its command line or history.
    QString issuePageUrl();
    int webSocketCount() const;

    // The port the settings ask for, or nullopt when they keep the bridge off.
    static std::optional<quint16> portFromSettings(const Node &node);

private:
    Node &m_node;
    std::unique_ptr<AccessPolicy> m_access;
    std::unique_ptr<ApiJson> m_json;
    std::unique_ptr<ApiHandler> m_api;
    std::unique_ptr<EventFeed> m_events;
    std::unique_ptr<BridgeServer> m_server;
};

} // namespace Tincan
