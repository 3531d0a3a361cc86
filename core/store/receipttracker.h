#pragma once

#include "outbox.h"
#include "statement.h"

#include <QSet>
#include <QSqlDatabase>

#include <functional>

namespace Tincan {

// Internal to Outbox: per-recipient receipt transitions inside one transaction, then the
// message's own state recomputed once per touched message.
class ReceiptTracker
{
public:
    explicit ReceiptTracker(const QSqlDatabase &db);
    bool prepare();

    // Forward only: a receipt at or beyond state stays. False only on a database error.
    bool advance(const QString &uuid, const QString &peerId, MessageState state, qint64 atMs);
    // Queued or Sent becomes Failed.
    bool fail(const QString &uuid, const QString &peerId, qint64 atMs);
    // Records a message to recompute, without changing a receipt.
    void touch(const QString &uuid);
    // Sets each touched message's state to the lowest of its receipts; reports what changed.
    bool flush(QList<StateChange> *changes);

    // Runs body inside one transaction with a prepared tracker, then flushes the message
    // states; nullopt (and nothing committed) if anything fails.
    static std::optional<QList<StateChange>>
    inTransaction(Database &db,
                  const std::function<bool(const QSqlDatabase &, ReceiptTracker &)> &body);

private:
    Sql::Statement m_advance;
    Sql::Statement m_fail;
    Sql::Statement m_aggregate;
    Sql::Statement m_setState;
    QStringList m_touched;
    QSet<QString> m_seen;
};

} // namespace Tincan
