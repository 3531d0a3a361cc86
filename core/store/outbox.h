#pragma once

#include "storetypes.h"

#include <optional>

namespace Tincan {

class Database;

// One item waiting for one recipient, with the message it concerns as it is now (an edit
// entry sees the edited body; a deleted message has deleted set and an empty body).
struct OutboxEntry
{
    qint64 id = 0; // increases with queueing order
    QString messageUuid;
    QString recipientId;
    OutboxKind kind = OutboxKind::Message;
    QByteArray payload; // free for the protocol; the store fills none
    int attempts = 0;
    QDateTime createdAt;
    QDateTime nextAttemptAt;
    MessageRecord message;
};

// What a recipient acknowledged: the (message, kind) it committed.
struct OutboxAck
{
    QString messageUuid;
    OutboxKind kind = OutboxKind::Message;
};

struct Receipt
{
    QString peerId;
    MessageState state = MessageState::Queued;
    QDateTime at;
};

// The overall state of an outgoing message changed: the lowest state over its recipients.
struct StateChange
{
    QString messageUuid;
    MessageState state = MessageState::Queued;
};

// The persistent outbox and the per-recipient delivery state of outgoing messages.
//
// Protocol contract: when a session with a peer comes up, send pendingFor(peer) in order and
// call markAttempted; re-send dueFor(peer, now) while it lasts. An entry leaves the outbox only
// by acknowledge (the recipient committed it), markRead or markFailed, so a crash or restart at
// any point re-sends rather than loses, and the receiver's dedup by uuid drops the repeat.
// Receipt states only move forward: Queued < Sent < Delivered < Read (Failed only from Queued
// or Sent). Every method is one transaction and usable from any thread.
class Outbox
{
public:
    static constexpr int defaultLimit = 500;

    explicit Outbox(Database &db)
        : m_db(db)
    {}

    // Everything waiting for peerId, oldest first, whatever its retry time. afterId skips the
    // entries up to it: a sender that has those in flight need not read them again.
    std::optional<QList<OutboxEntry>> pendingFor(const QString &peerId, int limit = defaultLimit,
                                                 qint64 afterId = 0) const;
    // Only what is due by now: retries within a running session.
    std::optional<QList<OutboxEntry>> dueFor(const QString &peerId, const QDateTime &now,
                                             int limit = defaultLimit) const;
    std::optional<QStringList> peersWithPending() const;
    int pendingCount(const QString &peerId = {}) const; // -1 on error

    // The entries went out on a session: one more attempt, retried at nextAttemptAt unless
    // acknowledged. Their messages become Sent for that recipient.
    std::optional<QList<StateChange>> markAttempted(const QList<qint64> &entryIds,
                                                    const QDateTime &nextAttemptAt);
    // peerId committed these: the entries leave the outbox, messages become Delivered for it.
    std::optional<QList<StateChange>>
    acknowledge(const QString &peerId, const QList<OutboxAck> &acks, const QDateTime &at = {});
    // peerId read these messages (which implies delivered).
    std::optional<QList<StateChange>> markRead(const QString &peerId, const QStringList &uuids,
                                               const QDateTime &at = {});
    // Give up delivering these messages to peerId (blocked, removed from the group, ...).
    std::optional<QList<StateChange>> markFailed(const QString &peerId, const QStringList &uuids);
    // Queues the message again for every recipient it failed for.
    std::optional<QList<StateChange>> retry(const QString &uuid);

    // Queues (or replaces the pending payload of) one item, e.g. a protocol event.
    bool enqueue(const QString &messageUuid, const QString &recipientId, OutboxKind kind,
                 const QByteArray &payload = {});

    // Per recipient, for "delivered to 3 of 4".
    std::optional<QList<Receipt>> receipts(const QString &uuid) const;

    // Mailboxes (outboxdeposits.cpp). An entry a mailbox holds stays in the outbox until the
    // recipient acknowledges it, and still goes directly on the next session: the receiver's
    // dedup by uuid stores it once, whichever way comes first.
    //
    // Message entries for peerId that no mailbox holds yet, oldest first.
    std::optional<QList<OutboxEntry>> undeposited(const QString &peerId,
                                                  int limit = defaultLimit) const;
    std::optional<QStringList> peersWithUndeposited() const;
    // A mailbox took these: Deposited for their recipient, and not deposited again.
    std::optional<QList<StateChange>> markDeposited(const QList<qint64> &entryIds);
    // A mailbox refused these (full, say): they wait for the recipient, and the reason is shown.
    bool markHeld(const QList<qint64> &entryIds, const QString &reason);
    struct DepositSummary
    {
        QString recipientId;
        int waiting = 0;    // message entries not yet acknowledged
        int deposited = 0;  // of those, held by a mailbox
        QString heldReason; // why a mailbox refused the newest refused one; empty: none
    };
    std::optional<QList<DepositSummary>> depositSummary() const;
    // Why a mailbox refused the message for some recipient; empty when none did.
    QString heldReason(const QString &messageUuid) const;

private:
    std::optional<QList<OutboxEntry>> select(const QString &peerId, const QDateTime *dueBy,
                                             int limit, qint64 afterId = 0,
                                             bool undepositedOnly = false) const;

    Database &m_db;
};

} // namespace Tincan
