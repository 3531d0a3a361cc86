#include "searchresultsmodel.h"

#include "chat/messenger.h"
#include "discovery/discoveryservice.h"
#include "messageformat.h"
#include "node/node.h"
#include "store/messagesearch.h"
#include "store/peerrepository.h"

namespace Tincan {

SearchResultsModel::SearchResultsModel(Node &node, QObject *parent)
    : SearchResultsModel(parent)
{
    attach(node);
}

SearchResultsModel::SearchResultsModel(QObject *parent)
    : QAbstractListModel(parent)
{}

void SearchResultsModel::attach(Node &node)
{
    Q_ASSERT(!m_node);
    m_node = &node;
}

int SearchResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

void SearchResultsModel::setQuery(const QString &query)
{
    if (query == m_query)
        return;
    m_query = query;
    refresh();
    Q_EMIT queryChanged();
}

void SearchResultsModel::setConversationId(const QString &id)
{
    if (id == m_conversationId)
        return;
    m_conversationId = id;
    refresh();
    Q_EMIT conversationIdChanged();
}

QString SearchResultsModel::titleOf(const QString &conversationId)
{
    auto it = m_titles.constFind(conversationId);
    if (it != m_titles.constEnd())
        return *it;
    QString title;
    if (const auto conversation = m_node->messenger().conversations().find(conversationId)) {
        title = conversation->title;
        if (title.isEmpty() && !conversation->peerId.isEmpty()) {
            if (const auto peer = m_node->peers().find(conversation->peerId))
                title = peer->displayName();
        }
    }
    title = PeerRecord::displayNameOf(conversationId, {}, title);
    m_titles.insert(conversationId, title);
    return title;
}

// The result set is new for every query: a reset is what views expect here.
void SearchResultsModel::refresh()
{
    const bool hadRows = !m_rows.isEmpty();
    beginResetModel();
    m_rows.clear();
    m_titles.clear();
    const QString text = m_query.trimmed();
    if (!text.isEmpty() && m_conversationId.isEmpty()) {
        addConversations(text);
        addPeers(text);
    }
    if (!text.isEmpty())
        addMessages(text);
    endResetModel();
    if (hadRows || !m_rows.isEmpty())
        Q_EMIT countChanged();
}

void SearchResultsModel::addConversations(const QString &text)
{
    const auto all = m_node->messenger().conversations().list(ConversationFilter::All);
    int added = 0;
    for (const ConversationSummary &summary : all.value_or(QList<ConversationSummary>{})) {
        if (added == maxConversations)
            break;
        if (summary.conversation.requestState == RequestState::Ignored ||
            !summary.displayName.contains(text, Qt::CaseInsensitive))
            continue;
        Row row;
        row.kind = QStringLiteral("conversation");
        row.conversationId = summary.conversation.id;
        row.peerId = summary.conversation.peerId;
        row.title = summary.displayName;
        row.snippet = summary.preview.toHtmlEscaped();
        row.sentAt = summary.conversation.lastActivity;
        m_rows.append(row);
        ++added;
    }
}

// People whose name matches and who have no conversation yet: choosing one starts it.
void SearchResultsModel::addPeers(const QString &text)
{
    QHash<QString, QString> names; // id → name, from the store and from discovery
    for (const PeerRecord &peer : m_node->peers().all().value_or(QList<PeerRecord>{}))
        names.insert(peer.id, peer.displayName());
    if (DiscoveryService *discovery = m_node->discovery()) {
        for (const DiscoveredPeer &peer : discovery->peers()) {
            if (!names.contains(peer.id))
                names.insert(peer.id, peer.name);
        }
    }
    QStringList ids = names.keys();
    std::sort(ids.begin(), ids.end(), [&](const QString &a, const QString &b) {
        return names.value(a).localeAwareCompare(names.value(b)) < 0;
    });
    int added = 0;
    for (const QString &id : std::as_const(ids)) {
        if (added == maxConversations)
            break;
        const QString &name = names.value(id);
        const bool listed = std::any_of(m_rows.cbegin(), m_rows.cend(),
                                        [&](const Row &row) { return row.peerId == id; });
        if (id == m_node->id() || listed || !name.contains(text, Qt::CaseInsensitive))
            continue;
        if (const auto record = m_node->peers().find(id); record && record->trust == Trust::Blocked)
            continue;
        Row row;
        row.kind = QStringLiteral("peer");
        row.peerId = id;
        row.title = name;
        m_rows.append(row);
        ++added;
    }
}

void SearchResultsModel::addMessages(const QString &text)
{
    SearchQuery query;
    query.text = text;
    query.conversationId = m_conversationId;
    query.limit = maxMessages;
    const auto hits = MessageSearch(m_node->database()).search(query);
    for (const SearchHit &hit : hits.value_or(QList<SearchHit>{})) {
        const MessageRecord &message = hit.message;
        Row row;
        row.kind = QStringLiteral("message");
        row.conversationId = message.conversationId;
        row.title = titleOf(message.conversationId);
        row.uuid = message.uuid;
        row.outgoing = message.outgoing;
        row.senderName = message.outgoing ? m_node->displayName() : titleOf(message.conversationId);
        if (!message.outgoing && message.senderId != message.conversationId) {
            if (const auto peer = m_node->peers().find(message.senderId))
                row.senderName = peer->name; // a group member
        }
        row.snippet = hit.snippetHtml();
        row.sentAt = message.sentAt;
        m_rows.append(row);
    }
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid));
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case KindRole:
        return row.kind;
    case ConversationIdRole:
        return row.conversationId;
    case PeerIdRole:
        return row.peerId;
    case Qt::DisplayRole:
    case TitleRole:
        return row.title;
    case InitialsRole:
        return MessageFormat::initials(row.title);
    case UuidRole:
        return row.uuid;
    case SenderNameRole:
        return row.senderName;
    case OutgoingRole:
        return row.outgoing;
    case SnippetRole:
        return row.snippet;
    case SentAtRole:
        return row.sentAt;
    default:
        return {};
    }
}

QVariantMap SearchResultsModel::get(int row) const
{
    QVariantMap map;
    if (row < 0 || row >= m_rows.size())
        return map;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        map.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return map;
}

QHash<int, QByteArray> SearchResultsModel::roleNames() const
{
    return {
        {KindRole, "kind"},
        {ConversationIdRole, "conversationId"},
        {PeerIdRole, "peerId"},
        {TitleRole, "title"},
        {InitialsRole, "initials"},
        {UuidRole, "uuid"},
        {SenderNameRole, "senderName"},
        {OutgoingRole, "outgoing"},
        {SnippetRole, "snippet"},
        {SentAtRole, "sentAt"},
    };
}

} // namespace Tincan
