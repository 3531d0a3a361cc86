#include "outbox.h"

#include "database.h"
#include "messagerow.h"
#include "receipttracker.h"
#include "sqlsupport.h"
#include "statement.h"
#include "transaction.h"

#include <QSqlQuery>

#include <functional>
#include <limits>

namespace Tincan {

namespace {

qint64 msOrNow(const QDateTime &at)
{
    return at.isValid() ? at.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
}

} // namespace

std::optional<QList<OutboxEntry>> Outbox::pendingFor(const QString &peerId, int limit,
                                                     qint64 afterId) const
{
    return select(peerId, nullptr, limit, afterId);
}

std::optional<QList<OutboxEntry>> Outbox::dueFor(const QString &peerId, const QDateTime &now,
                                                 int limit) const
{
    return select(peerId, &now, limit);
}

std::optional<QList<OutboxEntry>> Outbox::select(const QString &peerId, const QDateTime *dueBy,
                                                 int limit, qint64 afterId,
                                                 bool undepositedOnly) const
{
    const QString sql = QStringLiteral(R"(
        SELECT o.id, o.message_uuid, o.recipient_id, o.kind, o.payload, o.attempts, o.created_at,
               o.next_attempt_at, %1
        FROM outbox o JOIN messages m ON m.uuid = o.message_uuid
        WHERE o.recipient_id = ? AND o.next_attempt_at <= ? AND o.id > ?
          AND (? = 0 OR (o.deposited_at IS NULL AND o.kind = 0))
        ORDER BY o.id LIMIT ?)")
                            .arg(MessageRow::columns());
    const qint64 due = dueBy ? dueBy->toMSecsSinceEpoch() : std::numeric_limits<qint64>::max();
    Sql::Statement query(m_db.connection(), sql);
    if (!query.exec({peerId, due, afterId, undepositedOnly ? 1 : 0, std::max(limit, 1)}))
        return std::nullopt;
    QList<OutboxEntry> entries;
    while (query.next()) {
        OutboxEntry entry;
        entry.id = query.value(0).toLongLong();
        entry.messageUuid = query.value(1).toString();
        entry.recipientId = query.value(2).toString();
        entry.kind = static_cast<OutboxKind>(query.value(3).toInt());
        entry.payload = query.value(4).toByteArray();
        entry.attempts = query.value(5).toInt();
        entry.createdAt = Sql::fromMs(query.value(6).toLongLong());
        entry.nextAttemptAt = Sql::fromMs(query.value(7).toLongLong());
        entry.message = MessageRow::read(query, 8);
        entries << entry;
    }
    return entries;
}

std::optional<QStringList> Outbox::peersWithPending() const
{
    return Sql::strings(m_db.connection(),
                        QStringLiteral("SELECT DISTINCT recipient_id FROM outbox ORDER BY 1"));
}

int Outbox::pendingCount(const QString &peerId) const
{
    const QVariant count =
        peerId.isEmpty()
            ? Sql::scalar(m_db.connection(), QStringLiteral("SELECT count(*) FROM outbox"))
            : Sql::scalar(m_db.connection(),
                          QStringLiteral("SELECT count(*) FROM outbox WHERE recipient_id = ?"),
                          {peerId});
    return count.isValid() ? count.toInt() : -1;
}

std::optional<QList<StateChange>> Outbox::markAttempted(const QList<qint64> &entryIds,
                                                        const QDateTime &nextAttemptAt)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 next = nextAttemptAt.isValid() ? nextAttemptAt.toMSecsSinceEpoch() : now;
    return ReceiptTracker::inTransaction(m_db, [&](const QSqlDatabase &db,
                                                   ReceiptTracker &tracker) {
        Sql::Statement query(db, QStringLiteral("SELECT message_uuid, recipient_id, kind "
                                                "FROM outbox WHERE id = ?"));
        Sql::Statement update(db, QStringLiteral("UPDATE outbox SET attempts = attempts + 1, "
                                                 "next_attempt_at = ? WHERE id = ?"));
        for (const qint64 id : entryIds) {
            if (!query.exec({id}))
                return false;
            if (!query.next())
                continue; // acknowledged meanwhile
            const QString uuid = query.value(0).toString();
            const QString recipient = query.value(1).toString();
            const bool isMessage = query.value(2).toInt() == static_cast<int>(OutboxKind::Message);
            query.finish();
            if (!update.exec({next, id}) ||
                (isMessage && !tracker.advance(uuid, recipient, MessageState::Sent, now)))
                return false;
        }
        return true;
    });
}

std::optional<QList<StateChange>>
Outbox::acknowledge(const QString &peerId, const QList<OutboxAck> &acks, const QDateTime &at)
{
    const qint64 atMs = msOrNow(at);
    return ReceiptTracker::inTransaction(
        m_db, [&](const QSqlDatabase &db, ReceiptTracker &tracker) {
            Sql::Statement query(db, QStringLiteral("DELETE FROM outbox WHERE message_uuid = ? "
                                                    "AND recipient_id = ? AND kind = ?"));
            for (const OutboxAck &ack : acks) {
                const QString uuid = canonicalUuid(ack.messageUuid);
                if (!query.exec({uuid, peerId, static_cast<int>(ack.kind)}))
                    return false;
                // A repeated ack finds no entry; advancing is idempotent anyway.
                if (ack.kind == OutboxKind::Message &&
                    !tracker.advance(uuid, peerId, MessageState::Delivered, atMs))
                    return false;
            }
            return true;
        });
}

std::optional<QList<StateChange>> Outbox::markRead(const QString &peerId, const QStringList &uuids,
                                                   const QDateTime &at)
{
    const qint64 atMs = msOrNow(at);
    return ReceiptTracker::inTransaction(
        m_db, [&](const QSqlDatabase &db, ReceiptTracker &tracker) {
            // Read implies delivered, also when the delivery ack itself was lost.
            Sql::Statement query(db, QStringLiteral("DELETE FROM outbox WHERE message_uuid = ? "
                                                    "AND recipient_id = ? AND kind = 0"));
            for (const QString &raw : uuids) {
                const QString uuid = canonicalUuid(raw);
                if (!query.exec({uuid, peerId}) ||
                    !tracker.advance(uuid, peerId, MessageState::Read, atMs))
                    return false;
            }
            return true;
        });
}

std::optional<QList<StateChange>> Outbox::markFailed(const QString &peerId,
                                                     const QStringList &uuids)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return ReceiptTracker::inTransaction(
        m_db, [&](const QSqlDatabase &db, ReceiptTracker &tracker) {
            Sql::Statement query(db, QStringLiteral("DELETE FROM outbox WHERE message_uuid = ? "
                                                    "AND recipient_id = ? AND kind = 0"));
            for (const QString &raw : uuids) {
                const QString uuid = canonicalUuid(raw);
                if (!query.exec({uuid, peerId}) || !tracker.fail(uuid, peerId, now))
                    return false;
            }
            return true;
        });
}

std::optional<QList<StateChange>> Outbox::retry(const QString &raw)
{
    const QString uuid = canonicalUuid(raw);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return ReceiptTracker::inTransaction(
        m_db, [&](const QSqlDatabase &db, ReceiptTracker &tracker) {
            tracker.touch(uuid);
            QSqlQuery query(db);
            return Sql::run(query, QStringLiteral(R"(
                   INSERT INTO outbox (message_uuid, recipient_id, kind, created_at,
                                       next_attempt_at)
                   SELECT message_uuid, peer_id, 0, ?, ? FROM receipts
                   WHERE message_uuid = ? AND state = -1
                   ON CONFLICT(message_uuid, recipient_id, kind) DO NOTHING)"),
                            {now, now, uuid}) &&
                   Sql::run(query,
                            QStringLiteral("UPDATE receipts SET state = 0, at = ? "
                                           "WHERE message_uuid = ? AND state = -1"),
                            {now, uuid});
        });
}

bool Outbox::enqueue(const QString &messageUuid, const QString &recipientId, OutboxKind kind,
                     const QByteArray &payload)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Sql::Statement query(m_db.connection(), QStringLiteral(R"(
        INSERT INTO outbox (message_uuid, recipient_id, kind, payload, created_at, next_attempt_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(message_uuid, recipient_id, kind)
        DO UPDATE SET payload = excluded.payload, attempts = 0, next_attempt_at = excluded.next_attempt_at)"));
    return query.exec({canonicalUuid(messageUuid), recipientId, static_cast<int>(kind),
                       payload.isNull() ? QVariant() : QVariant(payload), now, now});
}

std::optional<QList<Receipt>> Outbox::receipts(const QString &uuid) const
{
    Sql::Statement query(m_db.connection(),
                         QStringLiteral("SELECT peer_id, state, at FROM receipts "
                                        "WHERE message_uuid = ? ORDER BY peer_id"));
    if (!query.exec({canonicalUuid(uuid)}))
        return std::nullopt;
    QList<Receipt> receipts;
    while (query.next()) {
        receipts << Receipt{query.value(0).toString(),
                            static_cast<MessageState>(query.value(1).toInt()),
                            Sql::fromMs(query.value(2).toLongLong())};
    }
    return receipts;
}

} // namespace Tincan
