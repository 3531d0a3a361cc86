// HistoryTransfer, the new device's side: pages of history from another device of this person,
// each stored with its cursor in one transaction (migration 10).
#include "conversationrepository.h"
#include "conversationrow.h"
#include "database.h"
#include "historytransfer.h"
#include "sqlsupport.h"
#include "statement.h"
#include "transaction.h"
#include "util/logging.h"

#include <QHash>

namespace Tincan {

namespace {
const QString ProgressColumns =
    QStringLiteral("source, received, total, all_history, done FROM history_sync");

std::optional<HistoryProgress> progressOf(const QSqlDatabase &db, const QString &where)
{
    Sql::Statement query(db, QStringLiteral("SELECT %1 %2").arg(ProgressColumns, where));
    if (!query.exec() || !query.next())
        return std::nullopt;
    return HistoryProgress{query.value(0).toString(), query.value(1).toLongLong(),
                           query.value(2).toLongLong(), query.value(3).toBool(),
                           query.value(4).toBool()};
}
} // namespace

bool HistoryTransfer::begin(const QString &source, bool allHistory)
{
    if (!isValidPeerId(source) || source == m_selfId)
        return false;
    Sql::Statement insert(m_db.connection(), QStringLiteral(R"(
        INSERT INTO history_sync (source, all_history, started_at) VALUES (?, ?, ?)
        ON CONFLICT(source) DO NOTHING)"));
    return insert.exec({source, allHistory ? 1 : 0, QDateTime::currentMSecsSinceEpoch()});
}

std::optional<HistoryProgress> HistoryTransfer::pending() const
{
    return progressOf(m_db.connection(), QStringLiteral("WHERE done = 0 ORDER BY started_at"));
}

std::optional<HistoryProgress> HistoryTransfer::latest() const
{
    return progressOf(m_db.connection(), QStringLiteral("ORDER BY started_at DESC"));
}

qint64 HistoryTransfer::cursorOf(const QString &source) const
{
    const QVariant cursor = Sql::scalar(
        m_db.connection(),
        QStringLiteral("SELECT after_seq FROM history_sync WHERE source = ? AND done = 0"),
        {source});
    return cursor.isValid() ? cursor.toLongLong() : -1;
}

std::optional<int> HistoryTransfer::import(const QString &source, const HistoryChunk &chunk)
{
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    ConversationRepository conversations(m_db, m_selfId);
    // A name never replaces one this device knows already; contact only adds.
    Sql::Statement peer(db, QStringLiteral(R"(
        INSERT INTO peers (id, name, alias, is_contact) VALUES (?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET
            name = CASE peers.name WHEN '' THEN excluded.name ELSE peers.name END,
            alias = CASE peers.alias WHEN '' THEN excluded.alias ELSE peers.alias END,
            is_contact = max(peers.is_contact, excluded.is_contact))"));
    Sql::Statement message(db, QStringLiteral(R"(
        INSERT INTO messages (uuid, conversation_id, sender_id, outgoing, sender_ts, received_at,
                              body, kind, state, edited_at, deleted, reply_to)
        VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT(uuid) DO NOTHING)"));
    Sql::Statement cursor(db, QStringLiteral(R"(
        UPDATE history_sync SET after_seq = ?, received = received + ?, total = received + ? + ?,
            done = ?, finished_at = CASE ? WHEN 1 THEN ? END
        WHERE source = ? AND done = 0 AND (after_seq < ? OR ? = 0))"));
    if (!transaction.isActive())
        return std::nullopt;
    for (const HistoryPeer &known : chunk.peers) {
        if (known.id != m_selfId &&
            !peer.exec({known.id, known.name, known.alias, known.contact ? 1 : 0}))
            return std::nullopt;
    }
    QHash<QString, std::pair<QString, qint64>> touched; // device → (conversation, activity)
    int added = 0;
    for (const HistoryItem &item : chunk.items) {
        if (item.conversation == m_selfId)
            continue; // this device's chat with the source: nothing to show here
        auto &target = touched[item.conversation];
        if (target.first.isEmpty()) {
            const auto conversation = conversations.direct(item.conversation);
            if (!conversation)
                return std::nullopt;
            target.first = conversation->id;
        }
        const qint64 sent = item.sentAt.toMSecsSinceEpoch();
        if (!message.exec({item.uuid, target.first, item.senderId, item.outgoing ? 1 : 0, sent,
                           sent, item.body, static_cast<int>(item.state),
                           Sql::msOrNull(item.editedAt), item.deleted ? 1 : 0,
                           Sql::textOrNull(item.replyTo)}))
            return std::nullopt;
        added += message->numRowsAffected() == 1 ? 1 : 0;
        target.second = std::max(target.second, sent);
    }
    Sql::Statement activity(
        db, QStringLiteral("UPDATE conversations SET last_activity = max(last_activity, ?) "
                           "WHERE id = ?"));
    for (const auto &[conversation, at] : std::as_const(touched)) {
        if (!activity.exec({at, conversation}) || !ConversationRow::recountUnread(db, conversation))
            return std::nullopt;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qsizetype count = chunk.items.size();
    // A page that does not move the cursor on (a repeat) stored nothing new and counts nothing;
    // an empty one may still say that nothing comes.
    if (!cursor.exec({chunk.lastSeq, count, count, chunk.remaining, chunk.done ? 1 : 0,
                      chunk.done ? 1 : 0, now, source, chunk.lastSeq, count}) ||
        !transaction.commit())
        return std::nullopt;
    return added;
}

} // namespace Tincan
