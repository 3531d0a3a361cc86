#include "conversationsmodel.h"

#include "chat/messenger.h"
#include "groups/groupeventline.h"
#include "messageformat.h"
#include "net/sessionmanager.h"
#include "node/node.h"

namespace Tincan {

ConversationsModel::ConversationsModel(Node &node, ConversationFilter filter, QObject *parent)
    : SyncedListModel<ConversationRow>(parent)
    , m_node(node)
    , m_filter(filter)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ConversationsModel::refresh);
    refresh();

    // Titles follow peers' aliases and names; the list follows requests, sends and reads.
    connect(&node, &Node::changed, this, [this](const NodeChange &change) {
        if (change.kind == ChangeKind::Conversations || change.kind == ChangeKind::Peer)
            scheduleRefresh();
    });
    Messenger &messenger = node.messenger();
    connect(&messenger, &Messenger::messageAdded, this, &ConversationsModel::scheduleRefresh);
    connect(&messenger, &Messenger::messageChanged, this, &ConversationsModel::scheduleRefresh);
    connect(&messenger, &Messenger::messageStateChanged, this, &ConversationsModel::onStateChanged);
    connect(&messenger, &Messenger::typingChanged, this, &ConversationsModel::onTyping);
    connect(&node.sessions(), &SessionManager::peerConnected, this,
            &ConversationsModel::onPresence);
    connect(&node.sessions(), &SessionManager::peerDisconnected, this,
            &ConversationsModel::onPresence);
    // A peer's name arrives with its session (the trust policy records it): titles may change.
    connect(&node.sessions(), &SessionManager::peerConnected, this,
            &ConversationsModel::scheduleRefresh);
}

void ConversationsModel::scheduleRefresh()
{
    m_refreshTimer.start();
}

void ConversationsModel::refresh()
{
    m_refreshTimer.stop();
    const auto list = m_node.messenger().conversations().list(m_filter);
    if (!list)
        return; // keep what is shown; the next change tries again
    QList<ConversationRow> fresh;
    fresh.reserve(list->size());
    int unread = 0;
    for (const ConversationSummary &summary : *list) {
        ConversationRow row;
        row.key = summary.conversation.id;
        row.title = PeerRecord::displayNameOf(summary.conversation.id, {}, summary.displayName);
        row.peerId = summary.conversation.peerId;
        row.kind = summary.conversation.kind;
        row.request = summary.conversation.requestState;
        row.lastActivity = summary.conversation.lastActivity;
        row.unread = summary.conversation.unread;
        row.preview = summary.lastMessage && summary.lastMessage->kind == MessageKind::Event
                          ? describeGroupEventLine(
                                summary.lastMessage->body, m_node.id(),
                                [this](const QString &peer) { return m_node.nameOf(peer); })
                          : summary.preview;
        if (summary.lastMessage) {
            row.lastUuid = summary.lastMessage->uuid;
            row.lastOutgoing = summary.lastMessage->outgoing;
            row.lastDeleted = summary.lastMessage->deleted;
            row.lastState = summary.lastMessage->state;
        }
        unread += row.unread;
        fresh.append(row);
    }
    if (syncRows(fresh))
        Q_EMIT countChanged();
    if (unread != m_totalUnread) {
        m_totalUnread = unread;
        Q_EMIT totalUnreadChanged();
    }
}

void ConversationsModel::onStateChanged(const QString &uuid, MessageState state)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).lastUuid == uuid && m_rows.at(i).lastState != state) {
            m_rows[i].lastState = state;
            Q_EMIT dataChanged(index(i), index(i), {LastStateRole});
        }
    }
}

void ConversationsModel::onPresence(const QString &peerId)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).peerId == peerId)
            Q_EMIT dataChanged(index(i), index(i), {OnlineRole});
    }
}

void ConversationsModel::onTyping(const QString &conversationId, const QString &peerId, bool typing)
{
    Q_UNUSED(peerId)
    const bool changed =
        typing ? !m_typing.contains(conversationId) : m_typing.contains(conversationId);
    if (!changed)
        return;
    if (typing)
        m_typing.insert(conversationId);
    else
        m_typing.remove(conversationId);
    const int at = rowOfKey(conversationId);
    if (at >= 0)
        Q_EMIT dataChanged(index(at), index(at), {TypingRole});
}

QVariant ConversationsModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid));
    const ConversationRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return row.title;
    case IdRole:
        return row.key;
    case InitialsRole:
        return MessageFormat::initials(row.title);
    case PeerIdRole:
        return row.peerId;
    case IsGroupRole:
        return row.kind == ConversationKind::Group;
    case IsRequestRole:
        return row.request == RequestState::Pending;
    case LastActivityRole:
        return row.lastActivity;
    case UnreadRole:
        return row.unread;
    case PreviewRole:
        return row.preview;
    case LastOutgoingRole:
        return row.lastOutgoing;
    case LastDeletedRole:
        return row.lastDeleted;
    case LastStateRole:
        return static_cast<int>(row.lastState);
    case OnlineRole:
        return !row.peerId.isEmpty() && m_node.sessions().isConnected(row.peerId);
    case TypingRole:
        return m_typing.contains(row.key);
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationsModel::roleNames() const
{
    return {
        {IdRole, "conversationId"},
        {TitleRole, "title"},
        {InitialsRole, "initials"},
        {PeerIdRole, "peerId"},
        {IsGroupRole, "isGroup"},
        {IsRequestRole, "isRequest"},
        {LastActivityRole, "lastActivity"},
        {UnreadRole, "unread"},
        {PreviewRole, "preview"},
        {LastOutgoingRole, "lastOutgoing"},
        {LastDeletedRole, "lastDeleted"},
        {LastStateRole, "lastState"},
        {OnlineRole, "online"},
        {TypingRole, "typing"},
    };
}

} // namespace Tincan
