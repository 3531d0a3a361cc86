#pragma once

#include "net/trustpolicy.h"
#include "node/nodechange.h"
#include "store/storetypes.h"

#include <QJsonObject>
#include <QObject>

namespace Tincan {

class ApiJson;
class Node;

// Turns what happens in the node into the events of /api/v1/events, in the order the node
// signals them: {"event": "message.new", "data": {...}}. Every WebSocket gets the same stream.
class EventFeed : public QObject
{
    Q_OBJECT
public:
    EventFeed(Node &node, ApiJson &json, QObject *parent = nullptr);

    static QJsonObject make(const QString &name, const QJsonObject &data);

Q_SIGNALS:
    void published(const QJsonObject &event);

private:
    void publish(const QString &name, const QJsonObject &data);
    void onChange(const NodeChange &change);
    void onPeer(const QString &name, const QString &peerId);
    void onGroup(const QString &groupId);
    void onMessageState(const QString &uuid, MessageState state);

    Node &m_node;
    ApiJson &m_json;
};

} // namespace Tincan
