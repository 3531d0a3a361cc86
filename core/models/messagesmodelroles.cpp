// MessagesModel: what each row shows (roles, grouping, names of senders and quoted messages).
#include "messageformat.h"
#include "messagesmodel.h"

#include "chat/messenger.h"
#include "groups/groupeventline.h"
#include "groups/groupmanager.h"
#include "node/node.h"
#include "store/peerrepository.h"

namespace Tincan {

QString MessagesModel::senderName(const QString &senderId) const
{
    auto it = m_names.constFind(senderId);
    if (it != m_names.constEnd())
        return *it;
    return *m_names.insert(senderId, m_node->nameOf(senderId));
}

// A group event line in words, with today's names (cached with them).
QString MessagesModel::eventText(const QString &body) const
{
    return describeGroupEventLine(body, m_node->id(),
                                  [this](const QString &peerId) { return senderName(peerId); });
}

bool MessagesModel::sameGroup(const MessageRecord &older, const MessageRecord &newer) const
{
    if (older.senderId != newer.senderId || older.outgoing != newer.outgoing ||
        older.kind == MessageKind::Event || newer.kind == MessageKind::Event)
        return false;
    const QDateTime a = older.sentAt.toLocalTime();
    const QDateTime b = newer.sentAt.toLocalTime();
    return a.date() == b.date() && qAbs(a.msecsTo(b)) <= groupGapMs;
}

// The quoted message; cached, because every repaint of the quoting row asks again.
const MessageRecord *MessagesModel::replied(const QString &uuid) const
{
    if (uuid.isEmpty())
        return nullptr;
    auto it = m_replies.find(uuid);
    if (it == m_replies.end()) {
        const int row = rowOf(uuid);
        std::optional<MessageRecord> record;
        if (row >= 0)
            record = m_rows.at(row);
        else
            record = m_node->messenger().messages().find(uuid);
        it = m_replies.insert(uuid, record);
    }
    return it->has_value() ? &**it : nullptr;
}

QString MessagesModel::deliverySummary(const MessageRecord &message) const
{
    if (!m_isGroup || !message.outgoing || message.kind == MessageKind::Event || message.deleted)
        return {};
    auto it = m_summaries.constFind(message.uuid);
    if (it == m_summaries.constEnd())
        it =
            m_summaries.insert(message.uuid, m_node->groups().deliverySummary(message.uuid).text());
    return *it;
}

QVariant MessagesModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid));
    const int row = index.row();
    const MessageRecord &m = m_rows.at(row);
    const MessageRecord *older = row + 1 < m_rows.size() ? &m_rows.at(row + 1) : nullptr;
    const MessageRecord *newer = row > 0 ? &m_rows.at(row - 1) : nullptr;
    switch (role) {
    case UuidRole:
        return m.uuid;
    case Qt::DisplayRole:
    case BodyRole:
        return m.kind == MessageKind::Event ? eventText(m.body) : m.body;
    case HtmlRole:
        return MessageFormat::toHtml(m.body);
    case EmojiOnlyRole:
        return !m.deleted && MessageFormat::isEmojiOnly(m.body);
    case SenderIdRole:
        return m.senderId;
    case SenderNameRole:
        return senderName(m.senderId);
    case OutgoingRole:
        return m.outgoing;
    case SentAtRole:
        return m.sentAt;
    case StateRole:
        return static_cast<int>(m.state);
    case EditedRole:
        return m.editedAt.isValid() && !m.deleted;
    case DeletedRole:
        return m.deleted;
    case IsEventRole:
        return m.kind == MessageKind::Event;
    case DeliverySummaryRole:
        return deliverySummary(m);
    case ReplyToRole:
        return m.replyTo;
    case ReplyBodyRole: {
        const MessageRecord *quoted = replied(m.replyTo);
        return quoted && !quoted->deleted ? quoted->body.section(QLatin1Char('\n'), 0, 0)
                                          : QString();
    }
    case ReplySenderRole: {
        const MessageRecord *quoted = replied(m.replyTo);
        return quoted ? senderName(quoted->senderId) : QString();
    }
    case FirstInGroupRole:
        return !older || !sameGroup(*older, m);
    case LastInGroupRole:
        return !newer || !sameGroup(m, *newer);
    case NewDayRole:
        if (!older)
            return !m_next.has_value(); // unknown until the older page is loaded
        return older->sentAt.toLocalTime().date() != m.sentAt.toLocalTime().date();
    case FirstUnreadRole:
        return !m_firstUnread.isEmpty() && m.uuid == m_firstUnread;
    case IsFileRole:
        return m.kind == MessageKind::File && !m.deleted;
    case FileRole:
        return m.kind == MessageKind::File ? fileInfo(m.uuid) : QVariantMap();
    default:
        return {};
    }
}

QHash<int, QByteArray> MessagesModel::roleNames() const
{
    return {
        {UuidRole, "uuid"},
        {BodyRole, "body"},
        {HtmlRole, "html"},
        {EmojiOnlyRole, "emojiOnly"},
        {SenderIdRole, "senderId"},
        {SenderNameRole, "senderName"},
        {OutgoingRole, "outgoing"},
        {SentAtRole, "sentAt"},
        {StateRole, "deliveryState"},
        {EditedRole, "edited"},
        {DeletedRole, "deleted"},
        {IsEventRole, "isEvent"},
        {DeliverySummaryRole, "deliverySummary"},
        {ReplyToRole, "replyTo"},
        {ReplyBodyRole, "replyBody"},
        {ReplySenderRole, "replySender"},
        {FirstInGroupRole, "firstInGroup"},
        {LastInGroupRole, "lastInGroup"},
        {NewDayRole, "newDay"},
        {FirstUnreadRole, "firstUnread"},
        {IsFileRole, "isFile"},
        {FileRole, "file"},
    };
}

} // namespace Tincan
