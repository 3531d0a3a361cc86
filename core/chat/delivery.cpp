// The wire side of Messenger: flushing the outbox to a peer and handling what peers send.
#include "messenger.h"

#include "net/sessionmanager.h"
#include "util/logging.h"

#include <algorithm>

namespace Tincan {

namespace {
constexpr int RetryAfterMs = 30'000;
constexpr int FlushBatch = 500;
constexpr int MaxInFlight = 2000;
constexpr int TypingExpiryMs = 6'000;
constexpr qsizetype MaxReadElsewhere = 4096;

QString ackKey(const QString &uuid, OutboxKind kind)
{
    return uuid + u'|' + QString::number(static_cast<int>(kind));
}
} // namespace

void Messenger::scheduleFlush(const QString &peerId)
{
    if (!m_sessions.isConnected(peerId))
        return;
    m_inFlight[peerId].caughtUp = false; // whatever was queued goes behind what is waiting
    m_flushQueue.insert(peerId);
    m_flushTimer.start();
}

void Messenger::flush(const QString &peerId)
{
    if (!m_sessions.isConnected(peerId))
        return;
    InFlight &inFlight = m_inFlight[peerId];
    if (inFlight.ids.size() >= MaxInFlight)
        return; // the next acknowledgement flushes again
    if (inFlight.ids.isEmpty())
        inFlight.highest = 0; // whatever is pending now was never sent on this session
    const auto entries = m_outbox.pendingFor(peerId, FlushBatch, inFlight.highest);
    if (!entries)
        return;
    QList<qint64> sent;
    QList<QCborMap> frames;
    QStringList readReceipts;
    const bool ownDevice = !entries->isEmpty() && m_messages.otherOwnDevices().contains(peerId);
    for (const OutboxEntry &entry : *entries) {
        if (inFlight.ids.contains(entry.id))
            continue;
        if (entry.kind == OutboxKind::ReadReceipt)
            readReceipts.append(entry.message.uuid);
        else
            frames.append(frameFor(peerId, entry.kind, entry.message, ownDevice));
        track(inFlight, entry.id, entry.kind, entry.message.uuid);
        sent.append(entry.id);
    }
    const bool more = entries->size() == FlushBatch; // there may be more behind this batch
    if (!more)
        inFlight.caughtUp = true; // everything pending is in flight now
    // No use of inFlight below: a send may end the session (its entry goes), and slots of the
    // state signals may send messages of their own (entries are added).
    for (const QCborMap &frame : std::as_const(frames))
        m_sessions.send(peerId, frame);
    for (qsizetype i = 0; i < readReceipts.size(); i += ChatProtocol::MaxIdsPerMessage)
        m_sessions.send(
            peerId, ChatProtocol::encodeRead(readReceipts.mid(i, ChatProtocol::MaxIdsPerMessage)));
    if (!sent.isEmpty())
        publish(
            m_outbox.markAttempted(sent, QDateTime::currentDateTimeUtc().addMSecs(RetryAfterMs)));
    if (more)
        scheduleFlush(peerId);
}

QCborMap Messenger::frameFor(const QString &peerId, OutboxKind kind, const MessageRecord &m,
                             bool toOwnDevice) const
{
    switch (kind) {
    case OutboxKind::Message: {
        // A direct conversation is keyed by one of its person's devices, not always peerId.
        const bool direct = isValidPeerId(m.conversationId);
        // A copy to this person's other device names the device the conversation is keyed by.
        const bool copy = direct && toOwnDevice && m.conversationId != peerId;
        const ChatProtocol::ChatMessage message{
            m.uuid,    direct ? QString() : m.conversationId, m.sentAt, m.body, m.kind,
            m.replyTo, copy ? m.conversationId : QString()};
        return ChatProtocol::encodeMessage(message);
    }
    case OutboxKind::Edit:
        return ChatProtocol::encodeEdit({m.uuid, m.body, m.editedAt});
    case OutboxKind::Delete:
        return ChatProtocol::encodeDelete(m.uuid);
    case OutboxKind::ReadReceipt:
        break; // sent batched by flush()
    }
    return {};
}

QCborMap Messenger::wireMessage(const QString &peerId, const MessageRecord &message) const
{
    return frameFor(peerId, OutboxKind::Message, message,
                    m_messages.otherOwnDevices().contains(peerId));
}

IncomingMessage Messenger::incoming(const QString &senderId, const ChatProtocol::ChatMessage &m)
{
    IncomingMessage incoming;
    incoming.uuid = m.uuid;
    incoming.senderId = senderId;
    incoming.conversationId = m.groupId;
    incoming.sentAt = m.sentAt;
    incoming.body = m.body;
    incoming.kind = m.kind;
    incoming.replyTo = m.replyTo;
    incoming.copyTo = m.copyTo;
    return incoming;
}

// An entry on its way, tracked until the peer acknowledges it.
void Messenger::track(InFlight &inFlight, qint64 entryId, OutboxKind kind, const QString &uuid)
{
    inFlight.ids.insert(entryId);
    inFlight.highest = std::max(inFlight.highest, entryId);
    inFlight.byAck.insert(ackKey(uuid, kind), entryId);
}

// New messages to one conversation: stored, then sent at once to every recipient that is
// caught up (connected, nothing older waiting, room in the window), their attempt written in
// the same transaction. The others get them from the outbox, behind what waits there.
std::optional<QList<MessageRecord>> Messenger::store(const QList<OutgoingMessage> &batch)
{
    if (batch.isEmpty())
        return QList<MessageRecord>{};
    MessageStore::SendingNow now;
    now.retryAt = QDateTime::currentDateTimeUtc().addMSecs(RetryAfterMs);
    now.sendsAt = [&](const QString &peer) {
        // An entry exists only while the session is up (peerDisconnected removes it); the
        // check stays because a send may end a session before that signal is handled.
        const auto inFlight = m_inFlight.constFind(peer);
        return inFlight != m_inFlight.constEnd() && inFlight->caughtUp &&
               inFlight->ids.size() + batch.size() <= MaxInFlight && m_sessions.isConnected(peer);
    };
    MessageStore::SendOutcome outcome;
    const auto stored = m_messages.sendBatch(batch, now, &outcome);
    if (!stored)
        return std::nullopt;
    QList<std::pair<QString, QCborMap>> frames;
    frames.reserve(outcome.attempted.size());
    const QStringList ownDevices =
        outcome.attempted.isEmpty() ? QStringList{} : m_messages.otherOwnDevices();
    for (const MessageStore::AttemptedEntry &entry : std::as_const(outcome.attempted)) {
        const MessageRecord &message = stored->at(entry.message);
        track(m_inFlight[entry.recipientId], entry.outboxId, OutboxKind::Message, message.uuid);
        frames.append({entry.recipientId, frameFor(entry.recipientId, OutboxKind::Message, message,
                                                   ownDevices.contains(entry.recipientId))});
    }
    for (const auto &[peer, frame] : std::as_const(frames))
        m_sessions.send(peer, frame);
    for (const MessageRecord &message : *stored)
        Q_EMIT messageAdded(message);
    Q_EMIT conversationsChanged();
    for (const QString &peer : std::as_const(outcome.queued))
        scheduleFlush(peer);
    return stored;
}

void Messenger::ack(const QString &peerId, const QList<ChatProtocol::AckItem> &items)
{
    for (qsizetype i = 0; i < items.size(); i += ChatProtocol::MaxIdsPerMessage)
        m_sessions.send(peerId,
                        ChatProtocol::encodeAck(items.mid(i, ChatProtocol::MaxIdsPerMessage)));
}

void Messenger::onMessage(const QString &peerId, const QCborMap &map)
{
    const auto message = ChatProtocol::decodeMessage(map);
    if (!message) {
        qCInfo(lcNet).noquote() << "dropping malformed message from" << peerId.left(12);
        return;
    }
    // The session's proven key is the sender, never the payload's claim.
    m_incoming.append({peerId, incoming(peerId, *message)});
    m_commitTimer.start();
}

// One transaction for everything that arrived in this event-loop turn: under load that is what
// turns thousands of messages a second into a handful of commits.
void Messenger::commitIncoming()
{
    if (m_incoming.isEmpty())
        return;
    const QList<Pending> batch = std::exchange(m_incoming, {});
    QList<IncomingMessage> messages;
    messages.reserve(batch.size());
    for (const Pending &pending : batch)
        messages.append(pending.message);
    if (!commit(messages))
        qCWarning(lcStore) << "could not commit" << batch.size()
                           << "incoming messages; senders will resend";
}

std::optional<QList<ReceiveResult>>
Messenger::receiveLetters(const QList<IncomingMessage> &messages)
{
    commitIncoming(); // what came directly before goes first
    return commit(messages);
}

// Stores messages in one transaction, announces the new ones, and acknowledges what is
// committed to each sender (over its link; one without a link hears it on the next session,
// when its re-sent message turns out a duplicate).
std::optional<QList<ReceiveResult>> Messenger::commit(const QList<IncomingMessage> &messages)
{
    const auto results = m_messages.receiveBatch(messages);
    if (!results)
        return std::nullopt;
    QHash<QString, QList<ChatProtocol::AckItem>> acks;
    bool added = false;
    QStringList readAlready;
    for (qsizetype i = 0; i < results->size(); ++i) {
        const ReceiveResult &result = results->at(i);
        if (result.committed())
            acks[messages.at(i).senderId].append({result.message.uuid, OutboxKind::Message});
        if (result.status == ReceiveStatus::Stored) {
            added = true;
            Q_EMIT messageAdded(result.message);
            if (!m_readElsewhere.isEmpty() && m_readElsewhere.remove(result.message.uuid))
                readAlready << result.message.uuid;
        }
    }
    if (!readAlready.isEmpty())
        readElsewhere(readAlready);
    for (auto it = acks.cbegin(); it != acks.cend(); ++it) {
        if (m_sessions.isConnected(it.key()))
            ack(it.key(), it.value());
    }
    if (added)
        Q_EMIT conversationsChanged();
    return results;
}

void Messenger::onEdit(const QString &peerId, const QCborMap &map)
{
    commitIncoming(); // the message an edit refers to may still be in this turn's batch
    const auto edit = ChatProtocol::decodeEdit(map);
    if (!edit)
        return;
    const ChangeResult result = m_messages.edit(edit->uuid, peerId, edit->body, edit->editedAt);
    if (result == ChangeResult::Applied) {
        if (const auto message = m_messages.find(edit->uuid))
            Q_EMIT messageChanged(*message);
    }
    if (result != ChangeResult::Failed && result != ChangeResult::Forbidden)
        ack(peerId, {{edit->uuid, OutboxKind::Edit}});
}

void Messenger::onDelete(const QString &peerId, const QCborMap &map)
{
    commitIncoming();
    const auto uuid = ChatProtocol::decodeDelete(map);
    if (!uuid)
        return;
    const ChangeResult result = m_messages.remove(*uuid, peerId);
    if (result == ChangeResult::Applied) {
        if (const auto message = m_messages.find(*uuid))
            Q_EMIT messageChanged(*message);
    }
    if (result != ChangeResult::Failed && result != ChangeResult::Forbidden)
        ack(peerId, {{*uuid, OutboxKind::Delete}});
}

void Messenger::onAck(const QString &peerId, const QCborMap &map)
{
    const auto items = ChatProtocol::decodeAck(map);
    if (!items)
        return;
    QList<OutboxAck> acks;
    acks.reserve(items->size());
    InFlight &inFlight = m_inFlight[peerId];
    for (const ChatProtocol::AckItem &item : *items) {
        acks.append({item.uuid, item.kind});
        inFlight.ids.remove(inFlight.byAck.take(ackKey(item.uuid, item.kind)));
    }
    const bool caughtUp = inFlight.caughtUp; // the slots below may change m_inFlight
    publish(m_outbox.acknowledge(peerId, acks));
    QStringList delivered;
    for (const OutboxAck &item : std::as_const(acks)) {
        if (item.kind == OutboxKind::Message)
            delivered << item.messageUuid;
    }
    if (!delivered.isEmpty())
        Q_EMIT receiptsChanged(delivered);
    if (!caughtUp)
        scheduleFlush(peerId); // room in the window for what is queued behind
}

void Messenger::onRead(const QString &peerId, const QCborMap &map)
{
    commitIncoming();
    const auto uuids = ChatProtocol::decodeRead(map);
    if (!uuids)
        return;
    if (m_messages.otherOwnDevices().contains(peerId)) { // read on this person's other device
        if (!readElsewhere(*uuids))
            return; // not acknowledged: it comes again
    }
    const auto changes = m_outbox.markRead(peerId, *uuids);
    if (!changes)
        return;
    publish(changes);
    Q_EMIT receiptsChanged(*uuids);
    QList<ChatProtocol::AckItem> items;
    for (const QString &uuid : *uuids)
        items.append({uuid, OutboxKind::ReadReceipt});
    ack(peerId, items);
}

// Messages that another device of this person read are read here too, and their receipts, if
// any, went from that device.
bool Messenger::readElsewhere(const QStringList &uuids)
{
    QStringList notHere;
    const auto conversations = m_conversations.markReadElsewhere(uuids, &notHere);
    if (!conversations)
        return false;
    // The read may overtake the message itself (both come from different devices): it is
    // read when it arrives. Held for this run; bounded, as any peer's word is.
    for (const QString &uuid : std::as_const(notHere)) {
        if (m_readElsewhere.size() >= MaxReadElsewhere)
            m_readElsewhere.erase(m_readElsewhere.begin());
        m_readElsewhere.insert(uuid);
    }
    if (!conversations->isEmpty())
        Q_EMIT conversationsChanged();
    return true;
}

void Messenger::onTyping(const QString &peerId, const QCborMap &map)
{
    const auto typing = ChatProtocol::decodeTyping(map);
    if (!typing)
        return;
    const QString conversation = typing->groupId.isEmpty() ? peerId : typing->groupId;
    // Only in a group the peer is in: a timer per made-up group id would be memory on demand.
    if (!typing->groupId.isEmpty()) {
        const auto members = m_conversations.members(conversation);
        if (!members || std::none_of(members->begin(), members->end(),
                                     [&](const GroupMember &m) { return m.peerId == peerId; }))
            return;
    }
    const QString key = conversation + u'|' + peerId;
    if (!typing->typing) {
        if (QTimer *expiry = m_typingExpiry.take(key)) {
            expiry->deleteLater();
            Q_EMIT typingChanged(conversation, peerId, false);
        }
        return;
    }
    QTimer *&expiry = m_typingExpiry[key];
    if (!expiry) { // one per peer typing now, gone when it stops
        expiry = new QTimer(this);
        expiry->setSingleShot(true);
        connect(expiry, &QTimer::timeout, this, [this, key, conversation, peerId] {
            if (QTimer *done = m_typingExpiry.take(key))
                done->deleteLater();
            Q_EMIT typingChanged(conversation, peerId, false);
        });
    }
    expiry->start(TypingExpiryMs); // a lost "stopped typing" must not stick forever
    Q_EMIT typingChanged(conversation, peerId, true);
}

} // namespace Tincan
