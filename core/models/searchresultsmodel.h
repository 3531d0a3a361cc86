#pragma once

#include "store/storetypes.h"

#include <QAbstractListModel>

namespace Tincan {

class Node;

// Search as you type. Within a conversation (conversationId set) it lists matching messages;
// across everything it lists matching conversations first (by title), then people without a
// conversation yet, then messages: one box switches chats, starts new ones and finds words.
// Results are read when the query changes.
class SearchResultsModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(QString conversationId READ conversationId WRITE setConversationId NOTIFY
                   conversationIdChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role
    {
        KindRole = Qt::UserRole + 1, // "conversation", "peer" or "message"
        ConversationIdRole,          // empty for a peer row
        PeerIdRole,
        TitleRole, // the conversation's title
        InitialsRole,
        UuidRole, // empty for a conversation row
        SenderNameRole,
        OutgoingRole,
        SnippetRole, // rich text, matches in <b>
        SentAtRole,
    };
    Q_ENUM(Role)

    static constexpr int maxConversations = 8; // and as many people
    static constexpr int maxMessages = 50;

    explicit SearchResultsModel(Node &node, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString query() const { return m_query; }
    void setQuery(const QString &query);
    QString conversationId() const { return m_conversationId; }
    void setConversationId(const QString &id);
    int count() const { return int(m_rows.size()); }

    // One row by role name, for QML code that acts on a result (kind, conversationId, uuid...).
    Q_INVOKABLE QVariantMap get(int row) const;
    // Reads the results again (new messages may match now).
    Q_INVOKABLE void refresh();

Q_SIGNALS:
    void queryChanged();
    void conversationIdChanged();
    void countChanged();

protected:
    // For QML types: they find the node on their engine (qml/nodehandle.h) and attach it
    // before any property is set.
    explicit SearchResultsModel(QObject *parent);
    void attach(Node &node);

private:
    struct Row
    {
        QString kind;
        QString conversationId;
        QString peerId;
        QString title;
        QString uuid;
        QString senderName;
        bool outgoing = false;
        QString snippet;
        QDateTime sentAt;
    };
    QString titleOf(const QString &conversationId);
    void addConversations(const QString &text);
    void addPeers(const QString &text);
    void addMessages(const QString &text);

    Node *m_node = nullptr;
    QString m_query;
    QString m_conversationId;
    QList<Row> m_rows;
    QHash<QString, QString> m_titles;
};

} // namespace Tincan
