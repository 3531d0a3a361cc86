#pragma once

#include "storetypes.h"

#include <QMutex>
#include <QSet>

#include <atomic>
#include <functional>
#include <optional>

namespace Tincan {

class Database;

struct IncomingMessage
{
    QString uuid;
    QString senderId;       // the authenticated peer of the session, never a claim of the payload
    QString conversationId; // empty: the direct conversation with the sender; else a group id
    QDateTime sentAt;       // the sender's clock
    QString body;
    MessageKind kind = MessageKind::Text;
    QString replyTo;
    QDateTime receivedAt; // invalid: now
    // A copy of a direct message that another device of this account sent (#18): the device it
    // went to, whose person's conversation it belongs in, as an outgoing message.
    QString copyTo;
};

struct OutgoingMessage
{
    QString conversationId; // a group id, or a peer id (its direct conversation, made if needed)
    QString body;
    MessageKind kind = MessageKind::Text;
    QString replyTo;
    QString uuid;     // empty: a new one
    QDateTime sentAt; // invalid: now
};

enum class ReceiveStatus
{
    Stored,    // new, committed
    Duplicate, // this sender's message with this uuid was already committed: nothing changed
    Conflict,  // the uuid belongs to another sender's message: refused
    Rejected,  // invalid, from a blocked peer, for a conversation it cannot belong to, or
               // into a group the sender is not a member of (it may be, once the group's
               // events arrive: a rejected message is not acknowledged, so it comes again)
    Failed     // database error: nothing committed
};

struct ReceiveResult
{
    ReceiveStatus status = ReceiveStatus::Failed;
    MessageRecord message;  // as stored (clamped time, local seq); for Duplicate the stored one
    bool isRequest = false; // it sits in a pending message request
    // Acknowledge to the sender only what is committed: then a sender that saw "delivered"
    // can rely on it, and a re-send after a lost ack is a Duplicate, acknowledged again.
    bool committed() const
    {
        return status == ReceiveStatus::Stored || status == ReceiveStatus::Duplicate;
    }
};

enum class ChangeResult
{
    Applied,
    Unchanged,
    NotFound,
    Forbidden,
    Deleted,
    Failed
};

// The messages of every conversation: receiving (idempotent), sending (message and its outbox
// entries in one transaction), edits and deletions, history pages and retention. Delivery
// state of outgoing messages is Outbox's job. Usable from any thread.
//
// Order: a conversation is ordered by (sentAt, uuid) — the same on every machine, as both are
// carried by the message. The sender's clock is trusted up to maxFutureSkewMs ahead of the
// receiver's: a later sentAt is clamped to receivedAt + maxFutureSkewMs, so a wrong clock never
// pins a message to the bottom of the history, while messages of one sender keep their order.
class MessageStore
{
public:
    static constexpr qint64 maxFutureSkewMs = 60 * 1000;
    static constexpr int maxPageSize = 500;

    MessageStore(Database &db, QString selfId);

    // "Accept everyone on this network": a first message from a non-contact opens an accepted
    // conversation instead of a pending request.
    void setAcceptEveryone(bool accept) { m_acceptEveryone = accept; }
    bool acceptEveryone() const { return m_acceptEveryone; }

    // This device's account (#18): copies of the direct messages it sends, its edits and what
    // it reads go to the account's other devices, and only those may send copies here.
    void setOwnAccount(const QString &accountId);
    QStringList otherOwnDevices() const;

    ReceiveResult receive(const IncomingMessage &message);
    // All in one transaction: nullopt (nothing committed) on a database error.
    std::optional<QList<ReceiveResult>> receiveBatch(const QList<IncomingMessage> &messages);

    // Stores the message as Queued with an outbox entry and a receipt per recipient (the peer,
    // or every other group member), in one transaction.
    //
    // Recipients for whom sendingNow.sendsAt(recipient) holds are the ones the caller transmits
    // to right after the commit: their entries are written already attempted (Sent, retried at
    // retryAt), which saves the second commit that Outbox::markAttempted would cost on every
    // message. The store resolves the recipients (a group's members are read once, here) and
    // asks once per recipient per batch; *outcome tells the caller what to do after the commit.
    struct SendingNow
    {
        std::function<bool(const QString &recipient)> sendsAt; // empty: nobody, all queued
        QDateTime retryAt;
    };
    struct AttemptedEntry
    {
        qint64 outboxId = 0;
        QString recipientId;
        qsizetype message = 0; // index into the messages sent
    };
    struct SendOutcome
    {
        QList<AttemptedEntry> attempted; // to transmit now, in this order
        QStringList queued;              // recipients whose entries wait in the outbox
    };
    std::optional<MessageRecord> send(const OutgoingMessage &message);
    std::optional<QList<MessageRecord>> sendBatch(const QList<OutgoingMessage> &messages,
                                                  const SendingNow &sendingNow = {},
                                                  SendOutcome *outcome = nullptr);

    // Only the original sender may edit or delete. requesterId is who asks: selfId for the local
    // user (then the change is queued for every recipient in the same transaction), or the
    // authenticated peer an edit/delete event came from. Edits carry the sender's time; an older
    // or repeated one is Unchanged. A deletion blanks the body (and removes it from search) but
    // keeps the row as a "deleted" marker.
    ChangeResult edit(const QString &uuid, const QString &requesterId, const QString &body,
                      const QDateTime &editedAt = {});
    ChangeResult remove(const QString &uuid, const QString &requesterId);

    // A line of this node's own in a conversation (not sent, not unread): a contact's devices
    // changed (core/devices/devicenotice.h).
    std::optional<MessageRecord> addEventLine(const QString &conversationId,
                                              const QString &senderId, const QString &body);

    std::optional<MessageRecord> find(const QString &uuid) const;
    // Newest first, at most limit (≤ maxPageSize) messages strictly older than before.
    std::optional<HistoryPage> history(const QString &conversationId, int limit,
                                       const std::optional<HistoryCursor> &before = {}) const;

    // Retention: deletes messages sent before cutoff, except those still waiting in the outbox.
    // Returns how many were deleted, -1 on error.
    int deleteOlderThan(const QDateTime &cutoff);
    // days <= 0 keeps everything.
    int applyRetention(int days, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // Wipes the words of deleted and edited messages from the full-text index and old page
    // images from the WAL (TextScrubber says why). Costs a rewrite of the index.
    bool scrubRemovedText();

    static QDateTime clampSentAt(const QDateTime &sentAt, const QDateTime &receivedAt);

private:
    ChangeResult change(const QString &uuid, const QString &requesterId,
                        const std::optional<QString> &newBody, const QDateTime &editedAt);

    Database &m_db;
    QString m_selfId;
    std::atomic<bool> m_acceptEveryone{false};
    mutable QMutex m_accountMutex;
    QString m_ownAccountId; // guarded by m_accountMutex
};

} // namespace Tincan
