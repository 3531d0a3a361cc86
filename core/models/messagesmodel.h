#pragma once

#include "files/transfertypes.h"
#include "node/nodechange.h"
#include "store/storetypes.h"

#include <QAbstractListModel>
#include <QHash>
#include <QSet>

#include <optional>

namespace Tincan {

class Node;

// The messages of one conversation, newest first (row 0 is the newest: a chat view lays it
// out bottom-to-top, so loading older pages appends rows and never shifts what is on screen).
// Pages come from MessageStore::history with a cursor, on demand (canFetchMore/fetchMore):
// a long history is never read whole. New messages, edits and delivery states arrive through
// Messenger's signals and change single rows.
class MessagesModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(QString conversationId READ conversationId WRITE setConversationId NOTIFY
                   conversationIdChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)
    Q_PROPERTY(bool hasMore READ hasMore NOTIFY hasMoreChanged)
    Q_PROPERTY(bool peerTyping READ peerTyping NOTIFY peerTypingChanged)
    Q_PROPERTY(QString firstUnreadUuid READ firstUnreadUuid NOTIFY firstUnreadUuidChanged)
public:
    enum Role
    {
        UuidRole = Qt::UserRole + 1,
        BodyRole,
        HtmlRole,
        EmojiOnlyRole,
        SenderIdRole,
        SenderNameRole,
        OutgoingRole,
        SentAtRole,
        StateRole, // Tincan::MessageState as int
        EditedRole,
        DeletedRole,
        IsEventRole,
        ReplyToRole,
        ReplyBodyRole,
        ReplySenderRole,
        FirstInGroupRole,    // the oldest of a run by one sender: shows the name
        LastInGroupRole,     // the newest of a run: shows the time and the bubble tail
        NewDayRole,          // the first message of its day: a day header goes above it
        FirstUnreadRole,     // the "new messages" divider goes above it
        DeliverySummaryRole, // own group messages: "delivered to 3 of 4"; else empty
        IsFileRole,
        FileRole, // a map: name, size, mime, isImage, state, progress, rate, eta, url, error…
    };
    Q_ENUM(Role)

    static constexpr int defaultPageSize = 50;
    // Messages closer than this, by one sender on one day, share a group.
    static constexpr qint64 groupGapMs = 5 * 60 * 1000;

    explicit MessagesModel(Node &node, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    QString conversationId() const { return m_conversationId; }
    void setConversationId(const QString &id);
    int count() const { return int(m_rows.size()); }
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size);
    bool hasMore() const { return m_next.has_value(); }
    bool peerTyping() const { return !m_typing.isEmpty(); }
    QString firstUnreadUuid() const { return m_firstUnread; }

    // fetchMore for QML, which cannot make the QModelIndex argument.
    Q_INVOKABLE void loadOlder() { fetchMore({}); }
    Q_INVOKABLE int rowOf(const QString &uuid) const;
    // Loads older pages until the message is in the model (for a search hit); its row or -1.
    Q_INVOKABLE int loadUntil(const QString &uuid);
    // The newest own text message that can still be edited ("Up edits the last message").
    Q_INVOKABLE QString lastOwnMessage() const;
    Q_INVOKABLE QString bodyOf(const QString &uuid) const;
    // Hides the "new messages" divider (after the user answered, say).
    Q_INVOKABLE void clearUnreadMarker();

Q_SIGNALS:
    void conversationIdChanged();
    void countChanged();
    void pageSizeChanged();
    void hasMoreChanged();
    void peerTypingChanged();
    void firstUnreadUuidChanged();

protected:
    // For QML types: they find the node on their engine (qml/nodehandle.h) and attach it
    // before any property is set.
    explicit MessagesModel(QObject *parent);
    void attach(Node &node);

private:
    void reload();
    QList<MessageRecord> readPage();
    void onAdded(const MessageRecord &message);
    void onChanged(const MessageRecord &message);
    void onStateChanged(const QString &uuid, MessageState state);
    void onTyping(const QString &conversationId, const QString &peerId, bool typing);
    void onReceipts(const QStringList &uuids);
    QString deliverySummary(const MessageRecord &message) const;
    void updateUnreadMarker();
    void touchNeighbours(int row);
    QString senderName(const QString &senderId) const;
    QString eventText(const QString &body) const;
    void onNodeChanged(const NodeChange &change);
    bool sameGroup(const MessageRecord &older, const MessageRecord &newer) const;
    const MessageRecord *replied(const QString &uuid) const;
    // messagefileinfo.cpp: what a file message's bubble shows, cached per uuid.
    QVariantMap fileInfo(const QString &uuid) const;
    void onTransferChanged(const TransferInfo &info);

    Node *m_node = nullptr;
    QString m_conversationId;
    QList<MessageRecord> m_rows; // newest first
    std::optional<HistoryCursor> m_next;
    int m_pageSize = defaultPageSize;
    int m_unreadAtOpen = 0;
    QString m_firstUnread;
    QSet<QString> m_typing; // peer ids
    mutable QHash<QString, QString> m_names;
    mutable QHash<QString, std::optional<MessageRecord>> m_replies;
    bool m_isGroup = false;
    mutable QHash<QString, QString> m_summaries; // by uuid: one receipts query per change
    mutable QHash<QString, QVariantMap> m_files;
};

} // namespace Tincan
