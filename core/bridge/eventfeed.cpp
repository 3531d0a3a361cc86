#include "eventfeed.h"

#include "apijson.h"
#include "chat/messenger.h"
#include "files/filetransfers.h"
#include "groups/groupmanager.h"
#include "net/sessionmanager.h"
#include "node/node.h"

namespace Tincan {

EventFeed::EventFeed(Node &node, ApiJson &json, QObject *parent)
    : QObject(parent)
    , m_node(node)
    , m_json(json)
{
    SessionManager &sessions = node.sessions();
    connect(&sessions, &SessionManager::peerConnected, this,
            [this](const QString &id) { onPeer(QStringLiteral("peer.online"), id); });
    connect(&sessions, &SessionManager::peerDisconnected, this,
            [this](const QString &id) { onPeer(QStringLiteral("peer.offline"), id); });
    // A replaced link may go another way (ICE gives way to TCP): the peer's "link" changes.
    connect(&sessions, &SessionManager::sessionReplaced, this,
            [this](const QString &id) { onPeer(QStringLiteral("peer.updated"), id); });
    connect(&node, &Node::changed, this, &EventFeed::onChange);
    connect(&sessions, &SessionManager::keyChangeDetected, this, [this](const KeyChangeEvent &e) {
        publish(QStringLiteral("keychange"), ApiJson::keyChange(e));
    });

    Messenger &messenger = node.messenger();
    connect(&messenger, &Messenger::messageAdded, this, [this](const MessageRecord &message) {
        publish(QStringLiteral("message.new"), m_json.message(message));
    });
    connect(&messenger, &Messenger::messageChanged, this, [this](const MessageRecord &message) {
        publish(QStringLiteral("message.updated"), m_json.message(message));
    });
    connect(&messenger, &Messenger::messageStateChanged, this, &EventFeed::onMessageState);
    connect(&messenger, &Messenger::typingChanged, this,
            [this](const QString &conversationId, const QString &peerId, bool typing) {
                publish(QStringLiteral("typing"),
                        {{QStringLiteral("conversationId"), conversationId},
                         {QStringLiteral("peerId"), peerId},
                         {QStringLiteral("typing"), typing}});
            });
    connect(&node.groups(), &GroupManager::groupChanged, this, &EventFeed::onGroup);

    FileTransfers &files = node.files();
    connect(&files, &FileTransfers::transferChanged, this, [this](const TransferInfo &info) {
        publish(QStringLiteral("transfer.updated"), ApiJson::transfer(info));
    });
    connect(&files, &FileTransfers::acceptRequested, this, [this](const TransferInfo &info) {
        publish(QStringLiteral("transfer.ask"), ApiJson::transfer(info));
    });
}

QJsonObject EventFeed::make(const QString &name, const QJsonObject &data)
{
    return {{QStringLiteral("event"), name}, {QStringLiteral("data"), data}};
}

void EventFeed::publish(const QString &name, const QJsonObject &data)
{
    Q_EMIT published(make(name, data));
}

void EventFeed::onPeer(const QString &name, const QString &peerId)
{
    if (const auto peer = m_json.peer(peerId))
        publish(name, {{QStringLiteral("peer"), *peer}});
}

void EventFeed::onChange(const NodeChange &change)
{
    switch (change.kind) {
    case ChangeKind::Peer:
        onPeer(QStringLiteral("peer.updated"), change.id);
        break;
    case ChangeKind::Conversations:
        publish(QStringLiteral("conversations.changed"), {});
        break;
    case ChangeKind::KeyChanges:
        publish(QStringLiteral("keychange.resolved"), {{QStringLiteral("presentedId"), change.id}});
        break;
    case ChangeKind::Setting: // the keys of GET /api/v1/settings
        publish(QStringLiteral("settings.changed"), {{QStringLiteral("key"), change.id}});
        break;
    case ChangeKind::Profile:
        publish(QStringLiteral("settings.changed"),
                {{QStringLiteral("key"), QStringLiteral("displayName")}});
        break;
    case ChangeKind::Mailbox: // GET /api/v1/mailbox
        publish(QStringLiteral("mailbox.changed"), {});
        break;
    case ChangeKind::Devices: // GET /api/v1/devices
        publish(QStringLiteral("devices.changed"), {});
        break;
    }
}

void EventFeed::onGroup(const QString &groupId)
{
    if (const auto state = m_node.groups().state(groupId); state && state->created)
        publish(QStringLiteral("group.updated"),
                {{QStringLiteral("group"), m_json.group(groupId, *state)}});
}

void EventFeed::onMessageState(const QString &uuid, MessageState state)
{
    // The conversation lets a client update the right list without a lookup of its own.
    const auto message = m_node.messenger().messages().find(uuid);
    publish(QStringLiteral("message.state"),
            {{QStringLiteral("uuid"), uuid},
             {QStringLiteral("conversationId"), message ? message->conversationId : QString()},
             {QStringLiteral("state"), ApiJson::stateName(state)}});
}

} // namespace Tincan
