#include "receipttracker.h"

#include "database.h"
#include "sqlsupport.h"
#include "transaction.h"

namespace Tincan {

// Runs body inside one transaction with a prepared ReceiptTracker, then flushes the message
// states; nullopt (and nothing committed) if anything fails.
std::optional<QList<StateChange>> ReceiptTracker::inTransaction(
    Database &db, const std::function<bool(const QSqlDatabase &, ReceiptTracker &)> &body)
{
    const QSqlDatabase conn = db.connection();
    Transaction transaction(conn);
    QList<StateChange> changes;
    {
        ReceiptTracker tracker(conn);
        if (!transaction.isActive() || !tracker.prepare() || !body(conn, tracker) ||
            !tracker.flush(&changes))
            return std::nullopt;
    }
    if (!transaction.commit())
        return std::nullopt;
    return changes;
}

ReceiptTracker::ReceiptTracker(const QSqlDatabase &db)
    : m_advance(db, QStringLiteral(R"(
          UPDATE receipts SET state = ?, at = ?
          WHERE message_uuid = ? AND peer_id = ? AND state < ?)"))
    , m_fail(db, QStringLiteral(R"(
          UPDATE receipts SET state = -1, at = ?
          WHERE message_uuid = ? AND peer_id = ? AND state IN (%1, %2, %3))")
                     .arg(int(MessageState::Queued))
                     .arg(int(MessageState::Sent))
                     .arg(int(MessageState::Deposited)))
    // The slowest recipient, where a person's devices count as one, as far as its best: a
    // message to Ada is delivered once her laptop or her desktop has it (#18).
    , m_aggregate(db, QStringLiteral(R"(
          SELECT m.state, (SELECT min(best) FROM (
              SELECT max(r.state) AS best FROM receipts r LEFT JOIN peers p ON p.id = r.peer_id
              WHERE r.message_uuid = ? GROUP BY coalesce(p.account_id, r.peer_id)))
          FROM messages m WHERE m.uuid = ? AND m.outgoing = 1)"))
    , m_setState(db, QStringLiteral("UPDATE messages SET state = ? WHERE uuid = ?"))
{}

bool ReceiptTracker::prepare()
{
    return m_advance.isPrepared() && m_fail.isPrepared() && m_aggregate.isPrepared() &&
           m_setState.isPrepared();
}

bool ReceiptTracker::advance(const QString &uuid, const QString &peerId, MessageState state,
                             qint64 atMs)
{
    if (!m_advance.exec({static_cast<int>(state), atMs, uuid, peerId, static_cast<int>(state)}))
        return false;
    if (m_advance->numRowsAffected() > 0)
        touch(uuid);
    return true;
}

bool ReceiptTracker::fail(const QString &uuid, const QString &peerId, qint64 atMs)
{
    if (!m_fail.exec({atMs, uuid, peerId}))
        return false;
    if (m_fail->numRowsAffected() > 0)
        touch(uuid);
    return true;
}

void ReceiptTracker::touch(const QString &uuid)
{
    if (!m_seen.contains(uuid)) {
        m_seen.insert(uuid);
        m_touched << uuid;
    }
}

bool ReceiptTracker::flush(QList<StateChange> *changes)
{
    for (const QString &uuid : std::as_const(m_touched)) {
        if (!m_aggregate.exec({uuid, uuid}))
            return false;
        if (!m_aggregate.next() || m_aggregate->isNull(1)) {
            m_aggregate.finish();
            continue;
        }
        const int current = m_aggregate.value(0).toInt();
        const int lowest = m_aggregate.value(1).toInt();
        m_aggregate.finish();
        if (lowest == current)
            continue;
        if (!m_setState.exec({lowest, uuid}))
            return false;
        changes->append({uuid, static_cast<MessageState>(lowest)});
    }
    m_touched.clear();
    m_seen.clear();
    return true;
}

} // namespace Tincan
