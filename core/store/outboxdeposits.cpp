// The outbox's side of mailboxes (#17): which entries a mailbox holds, and why one refused.
#include "outbox.h"

#include "database.h"
#include "receipttracker.h"
#include "sqlsupport.h"
#include "statement.h"

namespace Tincan {

std::optional<QList<OutboxEntry>> Outbox::undeposited(const QString &peerId, int limit) const
{
    return select(peerId, nullptr, limit, 0, true);
}

std::optional<QStringList> Outbox::peersWithUndeposited() const
{
    return Sql::strings(m_db.connection(),
                        QStringLiteral("SELECT DISTINCT recipient_id FROM outbox "
                                       "WHERE kind = 0 AND deposited_at IS NULL ORDER BY 1"));
}

std::optional<QList<StateChange>> Outbox::markDeposited(const QList<qint64> &entryIds)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return ReceiptTracker::inTransaction(
        m_db, [&](const QSqlDatabase &db, ReceiptTracker &tracker) {
            Sql::Statement query(db, QStringLiteral("SELECT message_uuid, recipient_id FROM outbox "
                                                    "WHERE id = ? AND kind = 0"));
            Sql::Statement update(db, QStringLiteral("UPDATE outbox SET deposited_at = ?, "
                                                     "held_reason = NULL WHERE id = ?"));
            for (const qint64 id : entryIds) {
                if (!query.exec({id}))
                    return false;
                if (!query.next())
                    continue; // acknowledged meanwhile: delivered beats deposited
                const QString uuid = query.value(0).toString();
                const QString recipient = query.value(1).toString();
                query.finish();
                if (!update.exec({now, id}) ||
                    !tracker.advance(uuid, recipient, MessageState::Deposited, now))
                    return false;
            }
            return true;
        });
}

bool Outbox::markHeld(const QList<qint64> &entryIds, const QString &reason)
{
    Sql::Statement update(m_db.connection(),
                          QStringLiteral("UPDATE outbox SET held_reason = ? "
                                         "WHERE id = ? AND deposited_at IS NULL"));
    for (const qint64 id : entryIds) {
        if (!update.exec({reason, id}))
            return false;
    }
    return true;
}

std::optional<QList<Outbox::DepositSummary>> Outbox::depositSummary() const
{
    Sql::Statement query(m_db.connection(), QStringLiteral(R"(
        SELECT recipient_id, count(*), count(deposited_at),
               (SELECT held_reason FROM outbox h WHERE h.recipient_id = o.recipient_id
                AND h.kind = 0 AND h.held_reason IS NOT NULL ORDER BY h.id DESC LIMIT 1)
        FROM outbox o WHERE kind = 0 GROUP BY recipient_id ORDER BY recipient_id)"));
    if (!query.exec())
        return std::nullopt;
    QList<DepositSummary> summary;
    while (query.next())
        summary << DepositSummary{query.value(0).toString(), query.value(1).toInt(),
                                  query.value(2).toInt(), query.value(3).toString()};
    return summary;
}

QString Outbox::heldReason(const QString &messageUuid) const
{
    return Sql::scalar(m_db.connection(),
                       QStringLiteral("SELECT held_reason FROM outbox WHERE message_uuid = ? "
                                      "AND kind = 0 AND held_reason IS NOT NULL LIMIT 1"),
                       {canonicalUuid(messageUuid)})
        .toString();
}

} // namespace Tincan
