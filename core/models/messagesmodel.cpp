#include "messagesmodel.h"

#include "chat/messenger.h"
#include "files/filetransfers.h"
#include "node/node.h"
#include "store/conversationrepository.h"

namespace Tincan {

namespace {

// The store's order: (sentAt, uuid). Rows are newest first.
bool newerThan(const MessageRecord &a, const MessageRecord &b)
{
    const qint64 ta = a.sentAt.toMSecsSinceEpoch();
    const qint64 tb = b.sentAt.toMSecsSinceEpoch();
    return ta != tb ? ta > tb : a.uuid > b.uuid;
}

} // namespace

MessagesModel::MessagesModel(Node &node, QObject *parent)
    : MessagesModel(parent)
{
    attach(node);
}

MessagesModel::MessagesModel(QObject *parent)
    : QAbstractListModel(parent)
{}

void MessagesModel::attach(Node &node)
{
    Q_ASSERT(!m_node);
    m_node = &node;
    Messenger &messenger = node.messenger();
    connect(&messenger, &Messenger::messageAdded, this, &MessagesModel::onAdded);
    connect(&messenger, &Messenger::messageChanged, this, &MessagesModel::onChanged);
    connect(&messenger, &Messenger::messageStateChanged, this, &MessagesModel::onStateChanged);
    connect(&messenger, &Messenger::typingChanged, this, &MessagesModel::onTyping);
    connect(&messenger, &Messenger::receiptsChanged, this, &MessagesModel::onReceipts);
    connect(&node.files(), &FileTransfers::transferChanged, this,
            &MessagesModel::onTransferChanged);
    connect(&node, &Node::changed, this, &MessagesModel::onNodeChanged);
}

// A renamed peer (or this profile) shows its new name on every row that names it: as the
// sender, as the quoted sender and in group event lines.
void MessagesModel::onNodeChanged(const NodeChange &change)
{
    const QString id = change.kind == ChangeKind::Profile ? m_node->id() : change.id;
    if ((change.kind != ChangeKind::Peer && change.kind != ChangeKind::Profile) ||
        !m_names.contains(id) || m_rows.isEmpty())
        return;
    m_names.clear();
    Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1),
                       {SenderNameRole, ReplySenderRole, BodyRole, Qt::DisplayRole});
}

int MessagesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

void MessagesModel::setConversationId(const QString &id)
{
    if (id == m_conversationId)
        return;
    m_conversationId = id;
    reload();
    Q_EMIT conversationIdChanged();
}

void MessagesModel::setPageSize(int size)
{
    size = std::clamp(size, 1, int(MessageStore::maxPageSize));
    if (size == m_pageSize)
        return;
    m_pageSize = size;
    Q_EMIT pageSizeChanged();
}

// A different conversation is a different list: the one place a reset is right.
void MessagesModel::reload()
{
    const bool hadMore = hasMore();
    const bool wasTyping = peerTyping();
    const QString oldUnread = m_firstUnread;
    beginResetModel();
    m_rows.clear();
    m_next.reset();
    m_names.clear();
    m_replies.clear();
    m_typing.clear();
    m_firstUnread.clear();
    m_summaries.clear();
    m_isGroup = false;
    m_unreadAtOpen = 0;
    if (!m_conversationId.isEmpty()) {
        if (const auto conversation = m_node->messenger().conversations().find(m_conversationId)) {
            m_unreadAtOpen = conversation->unread;
            m_isGroup = conversation->kind == ConversationKind::Group;
        }
        m_next = HistoryCursor{}; // "from the newest"
        m_rows = readPage();
    }
    endResetModel();
    updateUnreadMarker();
    Q_EMIT countChanged();
    if (hadMore != hasMore())
        Q_EMIT hasMoreChanged();
    if (wasTyping)
        Q_EMIT peerTypingChanged();
    if (oldUnread != m_firstUnread && m_firstUnread.isEmpty())
        Q_EMIT firstUnreadUuidChanged();
}

// The next older page; moves the cursor (and clears it after the oldest page).
QList<MessageRecord> MessagesModel::readPage()
{
    if (!m_next)
        return {};
    std::optional<HistoryCursor> before;
    if (!m_next->uuid.isEmpty())
        before = m_next;
    const auto page = m_node->messenger().messages().history(m_conversationId, m_pageSize, before);
    if (!page) {
        m_next.reset();
        return {};
    }
    m_next = page->next;
    return page->messages;
}

bool MessagesModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_next.has_value();
}

void MessagesModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || !m_next)
        return;
    const QList<MessageRecord> page = readPage();
    if (!page.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(page.size()) - 1);
        m_rows += page;
        endInsertRows();
        touchNeighbours(first); // the formerly oldest row may lose its day header
        Q_EMIT countChanged();
        updateUnreadMarker();
    }
    if (!m_next) {
        if (page.isEmpty() && !m_rows.isEmpty()) // now known to be the oldest: day header
            Q_EMIT dataChanged(index(count() - 1), index(count() - 1), {NewDayRole});
        Q_EMIT hasMoreChanged();
    }
}

int MessagesModel::rowOf(const QString &uuid) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).uuid == uuid)
            return i;
    }
    return -1;
}

int MessagesModel::loadUntil(const QString &uuid)
{
    int row = rowOf(uuid);
    const auto target = m_node->messenger().messages().find(uuid);
    if (!target || target->conversationId != m_conversationId)
        return row;
    while (row < 0 && m_next) {
        fetchMore({});
        row = rowOf(uuid);
    }
    return row;
}

QString MessagesModel::lastOwnMessage() const
{
    for (const MessageRecord &message : m_rows) {
        if (message.outgoing && !message.deleted && message.kind == MessageKind::Text)
            return message.uuid;
    }
    return {};
}

QString MessagesModel::bodyOf(const QString &uuid) const
{
    const int row = rowOf(uuid);
    return row >= 0 ? m_rows.at(row).body : QString();
}

void MessagesModel::clearUnreadMarker()
{
    m_unreadAtOpen = 0;
    updateUnreadMarker();
}

// The divider sits above the oldest of the messages that were unread when the view opened.
void MessagesModel::updateUnreadMarker()
{
    QString marker;
    int seen = 0;
    for (int i = 0; i < m_rows.size() && m_unreadAtOpen > 0; ++i) {
        const MessageRecord &message = m_rows.at(i);
        if (message.outgoing || message.deleted)
            continue;
        if (++seen == m_unreadAtOpen) {
            marker = message.uuid;
            break;
        }
    }
    if (marker == m_firstUnread)
        return;
    const int oldRow = rowOf(m_firstUnread);
    m_firstUnread = marker;
    const int newRow = rowOf(marker);
    for (const int row : {oldRow, newRow}) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row), {FirstUnreadRole});
    }
    Q_EMIT firstUnreadUuidChanged();
}

void MessagesModel::onAdded(const MessageRecord &message)
{
    if (message.conversationId != m_conversationId || rowOf(message.uuid) >= 0)
        return;
    int at = 0;
    while (at < m_rows.size() && newerThan(m_rows.at(at), message))
        ++at;
    if (at == m_rows.size() && m_next)
        return; // older than everything loaded: the next page brings it
    beginInsertRows({}, at, at);
    m_rows.insert(at, message);
    endInsertRows();
    touchNeighbours(at);
    Q_EMIT countChanged();
    if (!message.outgoing && m_typing.remove(message.senderId))
        Q_EMIT peerTypingChanged(); // a message ends the typing
}

void MessagesModel::onChanged(const MessageRecord &message)
{
    if (m_replies.contains(message.uuid))
        m_replies.insert(message.uuid, message);
    const int row = rowOf(message.uuid);
    if (row < 0)
        return;
    m_rows[row] = message;
    Q_EMIT dataChanged(index(row), index(row));
    // Quotes of this message show its new text.
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).replyTo == message.uuid)
            Q_EMIT dataChanged(index(i), index(i), {ReplyBodyRole});
    }
}

void MessagesModel::onStateChanged(const QString &uuid, MessageState state)
{
    const int row = rowOf(uuid);
    if (row < 0 || m_rows.at(row).state == state)
        return;
    m_rows[row].state = state;
    m_summaries.remove(uuid);
    Q_EMIT dataChanged(index(row), index(row), {StateRole, DeliverySummaryRole});
}

void MessagesModel::onReceipts(const QStringList &uuids)
{
    if (!m_isGroup)
        return;
    for (const QString &uuid : uuids) {
        const int row = rowOf(uuid);
        if (row < 0)
            continue;
        m_summaries.remove(uuid);
        Q_EMIT dataChanged(index(row), index(row), {DeliverySummaryRole});
    }
}

void MessagesModel::onTyping(const QString &conversationId, const QString &peerId, bool typing)
{
    if (conversationId != m_conversationId)
        return;
    const bool before = peerTyping();
    if (typing)
        m_typing.insert(peerId);
    else
        m_typing.remove(peerId);
    if (before != peerTyping())
        Q_EMIT peerTypingChanged();
}

// Grouping and day headers of a row depend on its neighbours.
void MessagesModel::touchNeighbours(int row)
{
    const QList<int> roles = {FirstInGroupRole, LastInGroupRole, NewDayRole};
    for (const int r : {row - 1, row + 1}) {
        if (r >= 0 && r < m_rows.size())
            Q_EMIT dataChanged(index(r), index(r), roles);
    }
}

} // namespace Tincan
