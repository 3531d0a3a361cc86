#include "messenger.h"

#include "messagestamp.h"
#include "net/sessionmanager.h"
#include "util/logging.h"

namespace Tincan {

namespace {
constexpr int RetryIntervalMs = 30'000;
// How long a committed message may wait to be searchable: short enough to go unnoticed, long
// enough that a burst of arrivals is indexed in one batch.
constexpr int IndexDelayMs = 200;
} // namespace

Messenger::Messenger(SessionManager &sessions, Database &db, const QString &selfId, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_selfId(selfId)
    , m_messages(db, selfId)
    , m_conversations(db, selfId)
    , m_outbox(db)
    , m_peers(db)
    , m_searchIndex(db)
{
    // Indexing runs behind delivery, never inside its commits (migration 7 says why).
    m_indexTimer.setSingleShot(true);
    connect(&m_indexTimer, &QTimer::timeout, this, &Messenger::indexBatch);
    connect(this, &Messenger::messageAdded, this, [this] {
        if (!m_indexTimer.isActive())
            m_indexTimer.start(IndexDelayMs);
    });
    m_indexTimer.start(IndexDelayMs); // whatever the last run left unindexed
    m_commitTimer.setSingleShot(true);
    m_commitTimer.setInterval(0);
    connect(&m_commitTimer, &QTimer::timeout, this, &Messenger::commitIncoming);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        const QSet<QString> peers = std::exchange(m_flushQueue, {});
        for (const QString &peer : peers)
            flush(peer);
    });
    // Within a session nothing is lost, so this only matters for entries a peer refused to
    // acknowledge (for example while its disk was full): try them again now and then.
    m_retryTimer.setInterval(RetryIntervalMs);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        for (const QString &peer : m_sessions.connectedPeers()) {
            m_inFlight.remove(peer);
            scheduleFlush(peer);
        }
    });
    m_retryTimer.start();

    auto restartDelivery = [this](const QString &peerId) {
        m_inFlight.remove(peerId);
        scheduleFlush(peerId);
    };
    connect(&sessions, &SessionManager::peerConnected, this, restartDelivery);
    connect(&sessions, &SessionManager::sessionReplaced, this, restartDelivery);
    connect(&sessions, &SessionManager::peerDisconnected, this,
            [this](const QString &peerId) { m_inFlight.remove(peerId); });
    connect(&sessions, &SessionManager::messageReceived, this,
            [this](const QString &peerId, const QCborMap &message) {
                const QString type = Protocol::typeOf(message);
                if (type == ChatProtocol::Type::Message)
                    onMessage(peerId, message);
                else if (type == ChatProtocol::Type::Ack)
                    onAck(peerId, message);
                else if (type == ChatProtocol::Type::Edit)
                    onEdit(peerId, message);
                else if (type == ChatProtocol::Type::Delete)
                    onDelete(peerId, message);
                else if (type == ChatProtocol::Type::Read)
                    onRead(peerId, message);
                else if (type == ChatProtocol::Type::Typing)
                    onTyping(peerId, message);
            });
}

bool Messenger::validText(const QString &text, QString *error) const
{
    if (text.trimmed().isEmpty()) {
        *error = QStringLiteral("the message is empty");
        return false;
    }
    if (text.size() > ChatProtocol::MaxBodyLength) {
        *error = QStringLiteral("the message is longer than %1 characters")
                     .arg(ChatProtocol::MaxBodyLength);
        return false;
    }
    return true;
}

std::optional<MessageRecord> Messenger::sendText(const QString &to, const QString &text,
                                                 const QString &replyTo, QString *error)
{
    if (!validText(text, error))
        return std::nullopt;
    OutgoingMessage outgoing;
    outgoing.conversationId = to;
    outgoing.body = text;
    outgoing.replyTo = replyTo;
    return sendMessage(outgoing, error);
}

std::optional<MessageRecord> Messenger::sendMessage(const OutgoingMessage &message, QString *error)
{
    OutgoingMessage outgoing = message;
    if (outgoing.uuid.isEmpty() || !outgoing.sentAt.isValid()) {
        const MessageStamp stamp = nextMessageStamp(m_selfId);
        outgoing.uuid = stamp.uuid;
        outgoing.sentAt = stamp.sentAt;
    }
    const auto stored = store({outgoing});
    if (!stored) {
        *error =
            QStringLiteral("the message could not be stored for '%1'").arg(outgoing.conversationId);
        return std::nullopt;
    }
    return stored->constFirst();
}

std::optional<QList<MessageRecord>> Messenger::sendTexts(const QString &to,
                                                         const QStringList &texts, QString *error)
{
    QList<OutgoingMessage> batch;
    batch.reserve(texts.size());
    for (const QString &text : texts) {
        if (!validText(text, error)) {
            *error = QStringLiteral("message %1 of %2: %3")
                         .arg(batch.size() + 1)
                         .arg(texts.size())
                         .arg(*error);
            return std::nullopt;
        }
        const MessageStamp stamp = nextMessageStamp(m_selfId);
        OutgoingMessage outgoing;
        outgoing.uuid = stamp.uuid;
        outgoing.sentAt = stamp.sentAt;
        outgoing.conversationId = to;
        outgoing.body = text;
        batch.append(outgoing);
    }
    const auto stored = store(batch);
    if (!stored) {
        *error = QStringLiteral("the messages could not be stored for '%1'").arg(to);
        return std::nullopt;
    }
    return stored;
}

ReceiveResult Messenger::receiveNow(const IncomingMessage &message)
{
    commitIncoming(); // keep the order of what arrived before
    const ReceiveResult result = m_messages.receive(message);
    if (result.status == ReceiveStatus::Stored) {
        Q_EMIT messageAdded(result.message);
        Q_EMIT conversationsChanged();
    }
    return result;
}

ChangeResult Messenger::editMessage(const QString &uuid, const QString &body)
{
    return announceChange(uuid,
                          m_messages.edit(uuid, m_selfId, body, QDateTime::currentDateTimeUtc()));
}

ChangeResult Messenger::deleteMessage(const QString &uuid)
{
    return announceChange(uuid, m_messages.remove(uuid, m_selfId));
}

// A local edit or delete that the store applied is shown here and queued for every recipient.
ChangeResult Messenger::announceChange(const QString &uuid, ChangeResult result)
{
    if (result != ChangeResult::Applied)
        return result;
    if (const auto message = m_messages.find(uuid)) {
        Q_EMIT messageChanged(*message);
        for (const QString &peer : recipientsOf(message->conversationId))
            scheduleFlush(peer);
        for (const QString &device : m_messages.otherOwnDevices())
            scheduleFlush(device);
    }
    return result;
}

bool Messenger::markRead(const QString &conversationId)
{
    const QStringList ownDevices = m_messages.otherOwnDevices();
    const auto read = m_conversations.markRead(conversationId, m_sendReadReceipts, ownDevices);
    if (!read)
        return false;
    if (!read->isEmpty()) {
        QSet<QString> senders(ownDevices.cbegin(), ownDevices.cend());
        for (const MessageRecord &message : *read)
            senders.insert(message.senderId);
        for (const QString &peer : senders)
            scheduleFlush(peer);
        Q_EMIT conversationsChanged();
    }
    return true;
}

void Messenger::setTyping(const QString &conversationId, bool typing)
{
    const auto conversation = m_conversations.find(conversationId);
    if (!conversation)
        return;
    const QString group =
        conversation->kind == ConversationKind::Group ? conversationId : QString();
    const QCborMap message = ChatProtocol::encodeTyping({group, typing});
    for (const QString &peer : recipientsOf(conversationId))
        m_sessions.send(peer, message);
}

QStringList Messenger::recipientsOf(const QString &conversationId) const
{
    const auto conversation = m_conversations.find(conversationId);
    if (!conversation)
        return {};
    if (conversation->kind == ConversationKind::Direct)
        return m_peers.devicesOfPerson(conversation->peerId, m_selfId);
    QStringList members;
    for (const GroupMember &member :
         m_conversations.members(conversationId).value_or(QList<GroupMember>{}))
        members << member.peerId;
    return m_peers.devicesOfPeople(members, m_selfId, m_messages.otherOwnDevices());
}

void Messenger::publish(const std::optional<QList<StateChange>> &changes)
{
    if (!changes)
        return;
    for (const StateChange &change : *changes)
        Q_EMIT messageStateChanged(change.messageUuid, change.state);
}

void Messenger::historyImported(int added)
{
    if (added <= 0)
        return;
    Q_EMIT conversationsChanged();
    if (!m_indexTimer.isActive())
        m_indexTimer.start(IndexDelayMs);
}

void Messenger::indexBatch()
{
    const auto passed = m_searchIndex.indexBatch();
    if (!passed)
        qCWarning(lcStore) << "could not index new messages; the next message tries again";
    else if (*passed == SearchIndex::batchSize)
        m_indexTimer.start(0); // more behind this batch: next turn, so the loop breathes
}

} // namespace Tincan
