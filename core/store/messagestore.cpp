#include "messagestore.h"

#include "conversationrow.h"
#include "database.h"
#include "messagerow.h"
#include "peerrepository.h"
#include "sqlsupport.h"
#include "statement.h"
#include "transaction.h"
#include "util/logging.h"

#include <QSqlQuery>

#include <algorithm>

namespace Tincan {

MessageStore::MessageStore(Database &db, QString selfId)
    : m_db(db)
    , m_selfId(std::move(selfId))
{}

void MessageStore::setOwnAccount(const QString &accountId)
{
    const QMutexLocker lock(&m_accountMutex);
    m_ownAccountId = accountId;
}

QStringList MessageStore::otherOwnDevices() const
{
    QString account;
    {
        const QMutexLocker lock(&m_accountMutex);
        account = m_ownAccountId;
    }
    return PeerRepository(m_db).otherOwnDevices(account, m_selfId);
}

QDateTime MessageStore::clampSentAt(const QDateTime &sentAt, const QDateTime &receivedAt)
{
    // min() rather than "receivedAt" alone: the result grows with sentAt, so messages of one
    // sender whose clock runs ahead keep their relative order. Old times are kept: a message can
    // legitimately wait in an outbox for days.
    if (!sentAt.isValid() || sentAt.toMSecsSinceEpoch() <= 0)
        return receivedAt.toUTC();
    const QDateTime latest = receivedAt.addMSecs(maxFutureSkewMs);
    return (sentAt > latest ? latest : sentAt).toUTC();
}

ChangeResult MessageStore::edit(const QString &uuid, const QString &requesterId,
                                const QString &body, const QDateTime &editedAt)
{
    return change(uuid, requesterId, body, editedAt);
}

ChangeResult MessageStore::remove(const QString &uuid, const QString &requesterId)
{
    return change(uuid, requesterId, std::nullopt, {});
}

// One path for both, since they share the rules: who may, idempotence, and fan-out of the
// local user's own change to the recipients recorded in receipts at send time.
ChangeResult MessageStore::change(const QString &uuid, const QString &requesterId,
                                  const std::optional<QString> &newBody, const QDateTime &editedAt)
{
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    if (!transaction.isActive())
        return ChangeResult::Failed;
    const auto message = find(uuid);
    if (!message)
        return ChangeResult::NotFound;
    if (message->senderId != requesterId) {
        qCWarning(lcStore).noquote() << requesterId << "may not change message" << message->uuid
                                     << "of" << message->senderId;
        return ChangeResult::Forbidden;
    }
    const bool isEdit = newBody.has_value();
    if (message->deleted)
        return isEdit ? ChangeResult::Deleted : ChangeResult::Unchanged;

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime at = isEdit ? clampSentAt(editedAt, now) : QDateTime();
    if (isEdit && message->editedAt.isValid() && message->editedAt >= at)
        return ChangeResult::Unchanged; // a repeated or an older edit
    QSqlQuery query(db);
    const bool updated =
        isEdit ? Sql::run(query,
                          QStringLiteral("UPDATE messages SET body = ?, edited_at = ? "
                                         "WHERE uuid = ?"),
                          {*newBody, at.toMSecsSinceEpoch(), message->uuid})
               : Sql::run(query,
                          QStringLiteral("UPDATE messages SET body = '', deleted = 1 "
                                         "WHERE uuid = ?"),
                          {message->uuid});
    if (!updated)
        return ChangeResult::Failed;

    if (message->outgoing) {
        const int kind = static_cast<int>(isEdit ? OutboxKind::Edit : OutboxKind::Delete);
        const qint64 nowMs = now.toMSecsSinceEpoch();
        // A pending edit is pointless once the message is deleted.
        if (!isEdit &&
            !Sql::run(query,
                      QStringLiteral("DELETE FROM outbox WHERE message_uuid = ? AND kind = ?"),
                      {message->uuid, static_cast<int>(OutboxKind::Edit)}))
            return ChangeResult::Failed;
        // The newest edit replaces a pending one: the recipient needs only the latest text.
        const QString queue = QStringLiteral(R"(
                INSERT INTO outbox (message_uuid, recipient_id, kind, created_at, next_attempt_at)
                %1
                ON CONFLICT(message_uuid, recipient_id, kind)
                DO UPDATE SET attempts = 0, next_attempt_at = excluded.next_attempt_at)");
        if (!Sql::run(
                query,
                queue.arg(QStringLiteral(
                    "SELECT message_uuid, peer_id, ?, ?, ? FROM receipts WHERE message_uuid = ?")),
                {kind, nowMs, nowMs, message->uuid}))
            return ChangeResult::Failed;
        // The message's copies on this person's other devices change with it (#18); a copy
        // changed there at its sender's word goes no further.
        const QStringList copies = requesterId == m_selfId ? otherOwnDevices() : QStringList{};
        for (const QString &device : copies) {
            if (!Sql::run(query, queue.arg(QStringLiteral("VALUES (?, ?, ?, ?, ?)")),
                          {message->uuid, device, kind, nowMs, nowMs}))
                return ChangeResult::Failed;
        }
    } else if (!isEdit && !ConversationRow::recountUnread(db, message->conversationId)) {
        return ChangeResult::Failed;
    }
    return transaction.commit() ? ChangeResult::Applied : ChangeResult::Failed;
}

std::optional<MessageRecord> MessageStore::addEventLine(const QString &conversationId,
                                                        const QString &senderId,
                                                        const QString &body)
{
    MessageRecord m;
    m.uuid = newUuid();
    m.conversationId = conversationId;
    m.senderId = senderId;
    m.receivedAt = QDateTime::currentDateTimeUtc();
    m.sentAt = m.receivedAt;
    m.body = body;
    m.kind = MessageKind::Event;
    m.state = MessageState::Read;
    Sql::Statement insert(m_db.connection(), QStringLiteral(R"(
        INSERT INTO messages (uuid, conversation_id, sender_id, outgoing, sender_ts, received_at,
                              body, kind, state)
        VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?))"));
    const qint64 now = m.receivedAt.toMSecsSinceEpoch();
    if (!insert.exec({m.uuid, conversationId, senderId, now, now, body, int(m.kind), int(m.state)}))
        return std::nullopt;
    m.seq = insert->lastInsertId().toLongLong();
    return m;
}

std::optional<MessageRecord> MessageStore::find(const QString &uuid) const
{
    QSqlQuery query(m_db.connection());
    const QString sql =
        QStringLiteral("SELECT %1 FROM messages m WHERE m.uuid = ?").arg(MessageRow::columns());
    if (!Sql::run(query, sql, {canonicalUuid(uuid)}) || !query.next())
        return std::nullopt;
    return MessageRow::read(query);
}

std::optional<HistoryPage> MessageStore::history(const QString &conversationId, int limit,
                                                 const std::optional<HistoryCursor> &before) const
{
    limit = std::clamp(limit, 1, maxPageSize);
    // One row more than asked tells whether an older page exists. The row-value comparison
    // walks the messages_history index from the cursor down.
    QString sql = QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = ?")
                      .arg(MessageRow::columns());
    if (before)
        sql += QStringLiteral(" AND (m.sender_ts, m.uuid) < (?, ?)");
    sql += QStringLiteral(" ORDER BY m.sender_ts DESC, m.uuid DESC LIMIT ?");
    QSqlQuery query(m_db.connection());
    const bool ok =
        before ? Sql::run(query, sql, {conversationId, before->sentAtMs, before->uuid, limit + 1})
               : Sql::run(query, sql, {conversationId, limit + 1});
    if (!ok)
        return std::nullopt;
    HistoryPage page;
    while (query.next())
        page.messages << MessageRow::read(query);
    if (page.messages.size() > limit) {
        page.messages.removeLast();
        page.next = HistoryCursor::at(page.messages.constLast());
    }
    return page;
}

int MessageStore::deleteOlderThan(const QDateTime &cutoff)
{
    if (!cutoff.isValid())
        return -1;
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    QSqlQuery query(db);
    // Anything still waiting in the outbox is kept: retention must never lose an undelivered
    // message (nor a queued edit, deletion or receipt).
    const QString condition = QStringLiteral("sender_ts < ? AND NOT EXISTS (SELECT 1 FROM outbox o "
                                             "WHERE o.message_uuid = messages.uuid)");
    const qint64 cutoffMs = cutoff.toMSecsSinceEpoch();
    if (!transaction.isActive() ||
        !Sql::run(query,
                  QStringLiteral("SELECT DISTINCT conversation_id FROM messages WHERE ") +
                      condition,
                  {cutoffMs}))
        return -1;
    QStringList affected;
    while (query.next())
        affected << query.value(0).toString();
    query.finish();
    if (!Sql::run(query, QStringLiteral("DELETE FROM messages WHERE ") + condition, {cutoffMs}))
        return -1;
    const int deleted = query.numRowsAffected();
    for (const QString &conversationId : std::as_const(affected)) {
        if (!ConversationRow::recountUnread(db, conversationId))
            return -1;
    }
    if (!transaction.commit())
        return -1;
    if (deleted > 0)
        qCInfo(lcStore) << "Retention deleted" << deleted << "messages";
    return deleted;
}

int MessageStore::applyRetention(int days, const QDateTime &now)
{
    if (days <= 0)
        return 0;
    return deleteOlderThan(now.addDays(-days));
}

bool MessageStore::scrubRemovedText()
{
    const QSqlDatabase db = m_db.connection();
    QSqlQuery query(db);
    // FTS5 of SQLite 3.40 has no secure-delete option: a deletion only adds a tombstone, and
    // 'optimize', which merges every segment into one, is what drops the old entries.
    return Sql::run(query,
                    QStringLiteral("INSERT INTO messages_fts(messages_fts) VALUES('optimize')")) &&
           Sql::execDirect(db, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
}

} // namespace Tincan
