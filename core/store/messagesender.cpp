// MessageStore: the sending side. A message, its outbox entries and its receipts are committed
// together, so a message is never stored without the means to deliver it, nor queued twice.
#include "messagestore.h"

#include "conversationrepository.h"
#include "database.h"
#include "peerrepository.h"
#include "sqlsupport.h"
#include "statement.h"
#include "transaction.h"
#include "util/logging.h"

#include <QHash>
#include <QSqlQuery>

namespace Tincan {

namespace {

struct Target
{
    QString conversationId;
    QStringList recipients; // each has a receipt: the message's state follows theirs
    QStringList copies;     // this person's other devices (#18): outbox entries only
    bool onePerson = false; // the recipients are the devices of one person
};

class Sender
{
public:
    Sender(Database &db, const QString &selfId, QStringList ownDevices,
           const MessageStore::SendingNow &sendingNow, MessageStore::SendOutcome *outcome)
        : m_db(db)
        , m_selfId(selfId)
        , m_ownDevices(std::move(ownDevices))
        , m_sendingNow(sendingNow)
        , m_retryAt(sendingNow.retryAt.isValid() ? sendingNow.retryAt.toMSecsSinceEpoch()
                                                 : QDateTime::currentMSecsSinceEpoch())
        , m_outcome(outcome)
        , m_message(db.connection(), QStringLiteral(R"(
              INSERT INTO messages (uuid, conversation_id, sender_id, outgoing, sender_ts,
                                    received_at, body, kind, state, reply_to)
              VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?))"))
        , m_outbox(db.connection(), QStringLiteral(R"(
              INSERT INTO outbox (message_uuid, recipient_id, kind, created_at, next_attempt_at,
                                  attempts)
              VALUES (?, ?, 0, ?, ?, ?))"))
        , m_receipt(db.connection(), QStringLiteral(R"(
              INSERT INTO receipts (message_uuid, peer_id, state, at) VALUES (?, ?, ?, ?))"))
    {}

    bool prepare() const
    {
        return m_message.isPrepared() && m_outbox.isPrepared() && m_receipt.isPrepared();
    }

    std::optional<MessageRecord> add(const OutgoingMessage &out, qsizetype index)
    {
        const Target *target = resolve(out.conversationId);
        MessageRecord m;
        m.uuid = out.uuid.isEmpty() ? newMessageUuid(m_selfId) : canonicalUuid(out.uuid);
        if (!target || m.uuid.isEmpty()) {
            qCWarning(lcStore).noquote() << "Cannot send to" << out.conversationId.left(64)
                                         << "with uuid" << out.uuid.left(40);
            return std::nullopt;
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m.conversationId = target->conversationId;
        m.senderId = m_selfId;
        m.outgoing = true;
        m.receivedAt = Sql::fromMs(now);
        m.sentAt = out.sentAt.isValid() ? out.sentAt.toUTC() : m.receivedAt;
        m.body = out.body;
        m.kind = out.kind;
        // The lowest state over the recipients; with nobody to deliver to (a group of one),
        // there is nothing to wait for.
        // A person's devices count as one: sent once any of them has it (ReceiptTracker).
        m.state = MessageState::Delivered;
        bool anySent = false;
        for (const QString &recipient : target->recipients) {
            const bool sending = sendsNow(recipient);
            anySent = anySent || sending;
            m.state = std::min(m.state, sending ? MessageState::Sent : MessageState::Queued);
        }
        if (target->onePerson && anySent)
            m.state = MessageState::Sent;
        m.replyTo = canonicalUuid(out.replyTo);
        if (!m_message.exec({m.uuid, m.conversationId, m.senderId, m.sentAt.toMSecsSinceEpoch(),
                             now, m.body, static_cast<int>(m.kind), static_cast<int>(m.state),
                             Sql::textOrNull(m.replyTo)}))
            return std::nullopt;
        m.seq = m_message->lastInsertId().toLongLong();
        for (const QString &recipient : target->recipients) {
            const bool attempted = sendsNow(recipient);
            if (!queue(m.uuid, recipient, now, index))
                return std::nullopt;
            const MessageState state = attempted ? MessageState::Sent : MessageState::Queued;
            if (!m_receipt.exec({m.uuid, recipient, static_cast<int>(state), now}))
                return std::nullopt;
        }
        for (const QString &device : target->copies) {
            if (!queue(m.uuid, device, now, index))
                return std::nullopt;
        }
        m_activity[m.conversationId] = now;
        return m;
    }

    bool finish()
    {
        Sql::Statement update(m_db.connection(), QStringLiteral(R"(
                UPDATE conversations SET last_activity = max(last_activity, ?),
                    request_state = CASE request_state WHEN 1 THEN 0 ELSE request_state END
                WHERE id = ?)"));
        for (auto it = m_activity.cbegin(); it != m_activity.cend(); ++it) {
            if (!update.exec({it.value(), it.key()}))
                return false;
        }
        return true;
    }

private:
    bool queue(const QString &uuid, const QString &recipient, qint64 now, qsizetype index)
    {
        const bool attempted = sendsNow(recipient);
        if (!m_outbox.exec({uuid, recipient, now, attempted ? m_retryAt : now, attempted ? 1 : 0}))
            return false;
        if (attempted && m_outcome)
            m_outcome->attempted.append({m_outbox->lastInsertId().toLongLong(), recipient, index});
        return true;
    }

    // Asked once per recipient and batch, so every message of the batch goes the same way.
    bool sendsNow(const QString &recipient)
    {
        const auto known = m_sendsNow.constFind(recipient);
        if (known != m_sendsNow.constEnd())
            return *known;
        const bool now = m_sendingNow.sendsAt && m_sendingNow.sendsAt(recipient);
        if (!now && m_outcome)
            m_outcome->queued.append(recipient);
        m_sendsNow.insert(recipient, now);
        return now;
    }

    // A peer id means its person's direct conversation, which goes to each of the person's
    // devices and, as copies, to this person's other devices; anything else must be an
    // existing group.
    const Target *resolve(const QString &conversationId)
    {
        const auto known = m_targets.constFind(conversationId);
        if (known != m_targets.constEnd())
            return &*known;
        ConversationRepository conversations(m_db, m_selfId);
        Target target;
        if (isValidPeerId(conversationId)) {
            const auto direct = conversations.direct(conversationId);
            if (!direct)
                return nullptr;
            target.conversationId = direct->id;
            target.onePerson = true;
            target.recipients = PeerRepository(m_db).devicesOfPerson(direct->peerId, m_selfId);
            for (const QString &device : m_ownDevices) {
                if (!target.recipients.contains(device)) // a chat with one's own other device
                    target.copies << device;
            }
        } else {
            const auto group = conversations.find(conversationId);
            const auto members = conversations.members(conversationId);
            if (!group || group->kind != ConversationKind::Group || !members)
                return nullptr;
            target.conversationId = group->id;
            // This person is in the group on whichever of their devices was added (#18).
            QStringList ids;
            for (const GroupMember &member : *members)
                ids << member.peerId;
            const bool selfIsMember =
                std::any_of(ids.cbegin(), ids.cend(), [this](const QString &id) {
                    return id == m_selfId || m_ownDevices.contains(id);
                });
            if (!selfIsMember)
                return nullptr; // removed or left: the others would refuse it anyway
            target.recipients = PeerRepository(m_db).devicesOfPeople(ids, m_selfId, m_ownDevices);
            target.copies = m_ownDevices; // their sender is this person: outgoing there
        }
        return &*m_targets.insert(conversationId, target);
    }

    Database &m_db;
    QString m_selfId;
    QStringList m_ownDevices;
    const MessageStore::SendingNow &m_sendingNow;
    qint64 m_retryAt;
    MessageStore::SendOutcome *m_outcome;
    QHash<QString, bool> m_sendsNow;
    Sql::Statement m_message;
    Sql::Statement m_outbox;
    Sql::Statement m_receipt;
    QHash<QString, Target> m_targets;
    QHash<QString, qint64> m_activity;
};

} // namespace

std::optional<MessageRecord> MessageStore::send(const OutgoingMessage &message)
{
    const auto sent = sendBatch({message});
    if (!sent)
        return std::nullopt;
    return sent->constFirst();
}

std::optional<QList<MessageRecord>> MessageStore::sendBatch(const QList<OutgoingMessage> &messages,
                                                            const SendingNow &sendingNow,
                                                            SendOutcome *outcome)
{
    if (outcome)
        *outcome = {};
    Transaction transaction(m_db.connection());
    if (!transaction.isActive())
        return std::nullopt;
    QList<MessageRecord> sent;
    sent.reserve(messages.size());
    {
        Sender sender(m_db, m_selfId, otherOwnDevices(), sendingNow, outcome);
        if (!sender.prepare())
            return std::nullopt;
        for (const OutgoingMessage &message : messages) {
            auto stored = sender.add(message, sent.size());
            if (!stored)
                return std::nullopt;
            sent << *stored;
        }
        if (!sender.finish())
            return std::nullopt;
    }
    if (!transaction.commit())
        return std::nullopt;
    return sent;
}

} // namespace Tincan
