// MessageStore: the receiving side, one message or a batch in one transaction.
#include "messagestore.h"

#include "conversationrepository.h"
#include "database.h"
#include "messagerow.h"
#include "sqlsupport.h"
#include "statement.h"
#include "transaction.h"
#include "util/logging.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>

#include <limits>

namespace Tincan {

namespace {

struct ConversationState
{
    QString id; // a direct message's person may have a conversation under another device's id
    bool usable = false;
    bool group = false;
    bool request = false;
    int room = std::numeric_limits<int>::max(); // messages a pending request may still take
    int added = 0;                              // incoming messages, unread
    bool changed = false;                       // anything stored, copies included
    qint64 lastActivity = 0;
};

// The statements and per-batch caches of one receiving transaction.
class Receiver
{
public:
    Receiver(Database &db, const QString &selfId, bool acceptEveryone,
             const QStringList &ownDevices)
        : m_db(db)
        , m_conn(db.connection())
        , m_selfId(selfId)
        , m_acceptEveryone(acceptEveryone)
        , m_ownDevices(ownDevices.cbegin(), ownDevices.cend())
        , m_insert(m_conn, QStringLiteral(R"(
              INSERT INTO messages (uuid, conversation_id, sender_id, outgoing, sender_ts,
                                    received_at, body, kind, state, reply_to)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(uuid) DO NOTHING)"))
        , m_existing(m_conn, QStringLiteral("SELECT %1 FROM messages m WHERE m.uuid = ?")
                                 .arg(MessageRow::columns()))
        , m_lookup(m_conn, QStringLiteral("SELECT trust, is_contact FROM peers WHERE id = ?"))
    {}

    bool prepare() const
    {
        return m_insert.isPrepared() && m_existing.isPrepared() && m_lookup.isPrepared();
    }

    // Returns Failed only for database errors, which abort the whole batch.
    ReceiveResult add(const IncomingMessage &in)
    {
        ReceiveResult result;
        result.status = ReceiveStatus::Rejected;
        MessageRecord &m = result.message;
        m.uuid = canonicalUuid(in.uuid);
        m.senderId = in.senderId;
        // A copy: what this person sent from another device, a direct message (to names its
        // conversation) or one in a group, whose sender is then one of this account's devices.
        const bool copy = !in.copyTo.isEmpty() ||
                          (!in.conversationId.isEmpty() && m_ownDevices.contains(in.senderId));
        m.conversationId = !in.conversationId.isEmpty() ? in.conversationId
                           : copy                       ? in.copyTo
                                                        : in.senderId;
        if (m.uuid.isEmpty() || !isValidPeerId(in.senderId) || in.senderId == m_selfId) {
            qCWarning(lcStore).noquote() << "Rejecting malformed message" << in.uuid.left(40)
                                         << "from" << in.senderId.left(64);
            return result;
        }
        if (!in.copyTo.isEmpty() &&
            (!m_ownDevices.contains(in.senderId) || !in.conversationId.isEmpty() ||
             !isValidPeerId(in.copyTo) || in.copyTo == m_selfId)) {
            qCWarning(lcStore).noquote()
                << "Rejecting message" << m.uuid << "from" << in.senderId.left(12)
                << ": only this account's devices send copies";
            return result;
        }
        if (!isMessageUuidOf(m.uuid, in.senderId)) {
            // Not acknowledged, not stored: the id is another author's, and its real message
            // must still find it free.
            qCWarning(lcStore).noquote() << "Rejecting message" << m.uuid << "from"
                                         << in.senderId.left(12) << ": its id names another author";
            return result;
        }
        const std::optional<bool> blocked = isBlocked(in.senderId);
        if (!blocked)
            return failed();
        if (*blocked)
            return result;
        ConversationState *conversation =
            resolve(m.conversationId, in.senderId, in.conversationId.isEmpty(), copy);
        if (!conversation)
            return failed();
        if (!conversation->usable)
            return result;
        m.conversationId = conversation->id;
        if (conversation->group) {
            // This person's own copy: the person is in the group on one of its devices.
            const std::optional<bool> member = copy ? isMember(m.conversationId, m_selfId)
                                                    : isMember(m.conversationId, in.senderId);
            if (!member)
                return failed();
            if (!*member)
                return result;
        }

        if (conversation->added >= conversation->room && !isStoredFrom(m.uuid, in.senderId)) {
            // Not acknowledged: it comes again, and goes in once the user accepts the request.
            qCInfo(lcStore).noquote() << "Message request from" << in.senderId.left(12)
                                      << "is full; not taking" << m.uuid << "for now";
            return result;
        }
        m.receivedAt = in.receivedAt.isValid() ? in.receivedAt : QDateTime::currentDateTimeUtc();
        m.sentAt = MessageStore::clampSentAt(in.sentAt, m.receivedAt);
        m.body = in.body;
        m.kind = in.kind;
        // A copy is what this person sent from another device: outgoing, and sent (that device
        // follows its delivery).
        m.outgoing = copy;
        m.state = copy ? MessageState::Sent : MessageState::Delivered;
        m.replyTo = canonicalUuid(in.replyTo);
        if (!m_insert.exec({m.uuid, m.conversationId, m.senderId, copy ? 1 : 0,
                            m.sentAt.toMSecsSinceEpoch(), m.receivedAt.toMSecsSinceEpoch(), m.body,
                            static_cast<int>(m.kind), static_cast<int>(m.state),
                            Sql::textOrNull(m.replyTo)}))
            return failed();
        result.isRequest = conversation->request;
        if (m_insert->numRowsAffected() == 1) {
            m.seq = m_insert->lastInsertId().toLongLong();
            result.status = ReceiveStatus::Stored;
            conversation->changed = true;
            if (!copy)
                ++conversation->added;
            conversation->lastActivity =
                std::max(conversation->lastActivity, m.receivedAt.toMSecsSinceEpoch());
            return result;
        }
        if (!m_existing.exec({m.uuid}) || !m_existing.next())
            return failed();
        const MessageRecord existing = MessageRow::read(m_existing);
        m_existing.finish();
        if (existing.senderId != in.senderId) {
            qCWarning(lcStore).noquote()
                << "Message" << m.uuid << "from" << in.senderId
                << "reuses the uuid of a message from" << existing.senderId;
            result.status = ReceiveStatus::Conflict;
            return result;
        }
        result.status = ReceiveStatus::Duplicate;
        result.message = existing;
        return result;
    }

    // Unread counts and activity, once per conversation and batch.
    bool finish()
    {
        Sql::Statement update(m_conn, QStringLiteral(R"(
                UPDATE conversations SET unread = unread + ?, last_activity = max(last_activity, ?)
                WHERE id = ?)"));
        for (auto it = m_conversations.cbegin(); it != m_conversations.cend(); ++it) {
            if (it->changed && !update.exec({it->added, it->lastActivity, it->id}))
                return false;
        }
        return true;
    }

private:
    static ReceiveResult failed() { return {}; }

    std::optional<bool> isBlocked(const QString &peerId)
    {
        const auto known = m_blocked.constFind(peerId);
        if (known != m_blocked.constEnd())
            return *known;
        if (!m_lookup.exec({peerId}))
            return std::nullopt;
        const bool found = m_lookup.next();
        const bool blocked = found && m_lookup.value(0).toInt() == static_cast<int>(Trust::Blocked);
        m_contact.insert(peerId, found && m_lookup.value(1).toBool());
        m_lookup.finish();
        m_blocked.insert(peerId, blocked);
        return blocked;
    }

    // A pending request holds at most MaxMessagesPerRequest messages until the user answers it.
    bool setRoom(ConversationState &state, const QString &conversationId)
    {
        const QVariant stored = Sql::scalar(
            m_conn, QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = ?"),
            {conversationId});
        state.room = ConversationRepository::MaxMessagesPerRequest - stored.toInt();
        return stored.isValid();
    }

    // A retransmission of what this sender's message already stored is acknowledged as ever.
    bool isStoredFrom(const QString &uuid, const QString &senderId)
    {
        const QVariant sender = Sql::scalar(
            m_conn, QStringLiteral("SELECT sender_id FROM messages WHERE uuid = ?"), {uuid});
        return sender.isValid() && sender.toString() == senderId;
    }

    // Only members write into a group; group_members follows the group's signed event log
    // (core/groups).
    std::optional<bool> isMember(const QString &groupId, const QString &peerId)
    {
        const QString key = groupId + QLatin1Char('/') + peerId;
        const auto known = m_members.constFind(key);
        if (known != m_members.constEnd())
            return *known;
        // A member is a person (#18): any device of a member device's account speaks for it,
        // where both devices showed that account themselves. This person: any own device.
        const QStringList own = peerId == m_selfId
                                    ? QStringList(m_ownDevices.cbegin(), m_ownDevices.cend())
                                    : QStringList{};
        const QVariant found = Sql::scalar(m_conn, QStringLiteral(R"(
            SELECT count(*) FROM group_members g LEFT JOIN peers p ON p.id = g.peer_id
            WHERE g.conversation_id = ? AND (g.peer_id = ? OR instr(?, g.peer_id) > 0 OR
                  p.account_id = (SELECT account_id FROM peers WHERE id = ?)))"),
                                           {groupId, peerId, own.join(u','), peerId});
        if (!found.isValid())
            return std::nullopt;
        const bool member = found.toInt() > 0;
        if (!member)
            qCWarning(lcStore).noquote() << "Rejecting a message from" << peerId
                                         << "who is not a member of group" << groupId;
        return *m_members.insert(key, member);
    }

    // nullptr on a database error; a conversation the message cannot go to is not usable.
    // direct: conversationId is a device, the sender or (copy) the one a copy went to, and the
    // message belongs in its person's conversation.
    ConversationState *resolve(const QString &conversationId, const QString &senderId, bool direct,
                               bool copy)
    {
        const QString key = copy ? QStringLiteral("copy:") + conversationId : conversationId;
        auto known = m_conversations.find(key);
        if (known != m_conversations.end())
            return &*known;
        ConversationState state;
        state.id = conversationId;
        ConversationRepository conversations(m_db, m_selfId);
        if (direct) {
            // A copy is this person's own word: their other device wrote there, so it is theirs.
            const bool accepted = copy || m_acceptEveryone || m_contact.value(senderId);
            if (!accepted && !conversations.findDirect(conversationId)) {
                const int pending = conversations.pendingRequestCount();
                if (pending < 0)
                    return nullptr;
                if (pending >= ConversationRepository::MaxPendingRequests) {
                    qCWarning(lcStore).noquote() << "Too many message requests; not taking one from"
                                                 << senderId.left(12) << "for now";
                    return &*m_conversations.insert(key, state); // not usable
                }
            }
            const auto found = conversations.direct(
                conversationId, accepted ? RequestState::Accepted : RequestState::Pending);
            if (!found)
                return nullptr;
            state.id = found->id;
            state.usable = true;
            state.request = found->requestState == RequestState::Pending;
            if (state.request && copy) { // answered on the other device
                if (!conversations.accept(found->id))
                    return nullptr;
                state.request = false;
            }
            if (state.request && !setRoom(state, found->id))
                return nullptr;
        } else {
            // Only into an existing group: never into another peer's direct conversation.
            const auto group = conversations.find(conversationId);
            state.usable = group && group->kind == ConversationKind::Group;
            state.group = true;
            state.request = group && group->requestState == RequestState::Pending;
            if (state.request && !setRoom(state, conversationId))
                return nullptr;
            if (!state.usable)
                qCWarning(lcStore).noquote() << "Rejecting a message from" << senderId
                                             << "for unknown group" << conversationId.left(64);
        }
        return &*m_conversations.insert(key, state);
    }

    Database &m_db;
    QSqlDatabase m_conn;
    QString m_selfId;
    bool m_acceptEveryone;
    QSet<QString> m_ownDevices;
    Sql::Statement m_insert;
    Sql::Statement m_existing;
    Sql::Statement m_lookup;
    QHash<QString, bool> m_blocked;
    QHash<QString, bool> m_contact;
    QHash<QString, ConversationState> m_conversations;
    QHash<QString, bool> m_members;
};

} // namespace

ReceiveResult MessageStore::receive(const IncomingMessage &message)
{
    const auto results = receiveBatch({message});
    return results ? results->constFirst() : ReceiveResult{};
}

std::optional<QList<ReceiveResult>>
MessageStore::receiveBatch(const QList<IncomingMessage> &messages)
{
    Transaction transaction(m_db.connection());
    if (!transaction.isActive())
        return std::nullopt;
    QList<ReceiveResult> results;
    results.reserve(messages.size());
    {
        Receiver receiver(m_db, m_selfId, m_acceptEveryone, otherOwnDevices());
        if (!receiver.prepare())
            return std::nullopt;
        for (const IncomingMessage &message : messages) {
            results << receiver.add(message);
            if (results.constLast().status == ReceiveStatus::Failed)
                return std::nullopt;
        }
        if (!receiver.finish())
            return std::nullopt;
    }
    if (!transaction.commit())
        return std::nullopt;
    return results;
}

} // namespace Tincan
