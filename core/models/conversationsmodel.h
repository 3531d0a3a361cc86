#pragma once

#include "rowsync.h"
#include "store/conversationrepository.h"

#include <QSet>
#include <QTimer>

namespace Tincan {

class Node;

struct ConversationRow
{
    QString key; // the conversation id
    QString title;
    QString peerId;
    ConversationKind kind = ConversationKind::Direct;
    RequestState request = RequestState::Accepted;
    QDateTime lastActivity;
    int unread = 0;
    QString preview;
    QString lastUuid;
    bool lastOutgoing = false;
    bool lastDeleted = false;
    MessageState lastState = MessageState::Queued;
    bool operator==(const ConversationRow &) const = default;
};

// The conversations of one inbox section (accepted chats, or message requests), newest
// activity first, with unread count and a preview. Follows Messenger's signals: a new message
// moves its row to the top; nothing is ever reset, so views keep their selection.
class ConversationsModel : public SyncedListModel<ConversationRow>
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)
public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        InitialsRole,
        PeerIdRole,
        IsGroupRole,
        IsRequestRole,
        LastActivityRole,
        UnreadRole,
        PreviewRole,
        LastOutgoingRole,
        LastDeletedRole,
        LastStateRole, // Tincan::MessageState as int
        OnlineRole,
        TypingRole,
    };
    Q_ENUM(Role)

    ConversationsModel(Node &node, ConversationFilter filter, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return rowCount(); }
    int totalUnread() const { return m_totalUnread; }
    Q_INVOKABLE int indexOf(const QString &conversationId) const
    {
        return rowOfKey(conversationId);
    }

Q_SIGNALS:
    void countChanged();
    void totalUnreadChanged();

private:
    // Reads the list again and applies only the differences: on the node's change signal,
    // once per event-loop turn however many changes came.
    void refresh();
    void scheduleRefresh();
    void onStateChanged(const QString &uuid, MessageState state);
    void onPresence(const QString &peerId);
    void onTyping(const QString &conversationId, const QString &peerId, bool typing);

    Node &m_node;
    ConversationFilter m_filter;
    QTimer m_refreshTimer;  // coalesces a burst of messages into one read
    QSet<QString> m_typing; // conversation ids
    int m_totalUnread = 0;
};

} // namespace Tincan
