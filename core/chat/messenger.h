#pragma once

#include "chatprotocol.h"
#include "store/conversationrepository.h"
#include "store/messagestore.h"
#include "store/outbox.h"
#include "store/peerrepository.h"
#include "store/searchindex.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace Tincan {

class Database;
class SessionManager;

// Delivers chat over the peer sessions with the store as the single source of truth: a
// message is committed (with its outbox entries) before it goes out, leaves the outbox only
// when the recipient acknowledges that it committed it, and is re-sent on every new session
// until then. Receivers deduplicate by uuid, so nothing is lost and nothing shows twice.
class Messenger : public QObject
{
    Q_OBJECT
public:
    Messenger(SessionManager &sessions, Database &db, const QString &selfId,
              QObject *parent = nullptr);

    // to: a peer id (its direct conversation) or a group id.
    std::optional<MessageRecord> sendText(const QString &to, const QString &text,
                                          const QString &replyTo, QString *error);
    // Many messages to one conversation in one transaction (scripts, imports, the bridge): all
    // are stored, in order, or none is.
    std::optional<QList<MessageRecord>> sendTexts(const QString &to, const QStringList &texts,
                                                  QString *error);
    // A message of any kind (a file's message carries its name as the body); uuid and sentAt
    // come from nextMessageStamp() when left empty.
    std::optional<MessageRecord> sendMessage(const OutgoingMessage &message, QString *error);
    // Stores one incoming message at once (not batched), as the arrival of a file offer needs
    // its conversation and request state before deciding; a later msg frame of the same uuid
    // is then a duplicate.
    ReceiveResult receiveNow(const IncomingMessage &message);
    // Who a message in this conversation goes to: each device of the peer's person, or the
    // other group members.
    QStringList recipientsOf(const QString &conversationId) const;
    // This device's account (#18): its other devices get copies of what is sent and read here.
    void setOwnAccount(const QString &accountId) { m_messages.setOwnAccount(accountId); }
    ChangeResult editMessage(const QString &uuid, const QString &body);
    ChangeResult deleteMessage(const QString &uuid);
    bool markRead(const QString &conversationId);
    void setTyping(const QString &conversationId, bool typing);

    // Mailboxes (#17): a message as it travels to peerId over a link, to be sealed into an
    // envelope; and messages that came out of envelopes, committed at once (the mailbox may
    // drop them only after that), each acknowledged to its sender if connected.
    QCborMap wireMessage(const QString &peerId, const MessageRecord &message) const;
    // A message as it came from senderId (a link's proven key, or a letter's signer).
    static IncomingMessage incoming(const QString &senderId, const ChatProtocol::ChatMessage &m);
    std::optional<QList<ReceiveResult>> receiveLetters(const QList<IncomingMessage> &messages);
    // History from another device of this person was stored (#18): shown and made searchable.
    void historyImported(int added);
    // Announces delivery states the outbox changed (messageStateChanged per message).
    void publish(const std::optional<QList<StateChange>> &changes);

    bool sendReadReceipts() const { return m_sendReadReceipts; }
    void setSendReadReceipts(bool send) { m_sendReadReceipts = send; }

    MessageStore &messages() { return m_messages; }
    ConversationRepository &conversations() { return m_conversations; }
    Outbox &outbox() { return m_outbox; }

Q_SIGNALS:
    void messageAdded(const Tincan::MessageRecord &message);
    void messageChanged(const Tincan::MessageRecord &message);
    void messageStateChanged(const QString &uuid, Tincan::MessageState state);
    // One recipient's receipt of an own message moved (delivered, read): a group message's
    // state only changes with the slowest member, a per-member summary with every one.
    void receiptsChanged(const QStringList &uuids);
    void typingChanged(const QString &conversationId, const QString &peerId, bool typing);
    void conversationsChanged();

private:
    void onMessage(const QString &peerId, const QCborMap &message);
    void onEdit(const QString &peerId, const QCborMap &message);
    void onDelete(const QString &peerId, const QCborMap &message);
    void onAck(const QString &peerId, const QCborMap &message);
    void onRead(const QString &peerId, const QCborMap &message);
    void onTyping(const QString &peerId, const QCborMap &message);
    bool readElsewhere(const QStringList &uuids);
    void commitIncoming();
    std::optional<QList<ReceiveResult>> commit(const QList<IncomingMessage> &messages);
    void indexBatch();
    bool validText(const QString &text, QString *error) const;
    std::optional<QList<MessageRecord>> store(const QList<OutgoingMessage> &batch);
    ChangeResult announceChange(const QString &uuid, ChangeResult result);
    void scheduleFlush(const QString &peerId);
    void flush(const QString &peerId);
    struct InFlight;
    QCborMap frameFor(const QString &peerId, OutboxKind kind, const MessageRecord &message,
                      bool toOwnDevice) const;
    static void track(InFlight &inFlight, qint64 entryId, OutboxKind kind, const QString &uuid);
    void ack(const QString &peerId, const QList<ChatProtocol::AckItem> &items);

    SessionManager &m_sessions;
    QString m_selfId;
    MessageStore m_messages;
    ConversationRepository m_conversations;
    Outbox m_outbox;
    PeerRepository m_peers;
    SearchIndex m_searchIndex;
    QTimer m_indexTimer;
    bool m_sendReadReceipts = true;

    struct Pending
    {
        QString peerId;
        IncomingMessage message;
    };
    QList<Pending> m_incoming; // committed together, once per event-loop turn
    QTimer m_commitTimer;

    // Per peer: outbox entries sent on the current session and not yet acknowledged.
    struct InFlight
    {
        QSet<qint64> ids;
        QHash<QString, qint64> byAck; // "uuid|kind" → entry id
        qint64 highest = 0;           // every pending entry up to it is in ids or acknowledged
        bool caughtUp = false;        // and nothing pending lies beyond it: new ones go at once
    };
    QHash<QString, InFlight> m_inFlight;
    QSet<QString> m_flushQueue;
    QTimer m_flushTimer;
    QTimer m_retryTimer;
    QHash<QString, QTimer *> m_typingExpiry; // "conversation|peer"
    QSet<QString> m_readElsewhere;           // read on another device of this person, not here yet
};

} // namespace Tincan
