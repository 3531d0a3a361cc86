// HistoryTransfer, the source side: which messages a new device of this person gets, a page at
// a time in this device's own order.
#include "historytransfer.h"

#include "database.h"
#include "sqlsupport.h"
#include "statement.h"

#include <QSet>

namespace Tincan {

namespace {
// Each direct conversation but the one with the asking device, with the seq from which its
// latest page starts (MATERIALIZED: worked out once per query, not once per message).
// Binds: requester, after seq, all history (0/1), cutoff (ms).
const QString EligibleSql = QStringLiteral(R"(
    WITH latest AS MATERIALIZED (
        SELECT c.id AS conv, c.peer_id AS peer,
               coalesce((SELECT n.seq FROM messages n WHERE n.conversation_id = c.id
                         ORDER BY n.seq DESC LIMIT 1 OFFSET %2), 0) AS from_seq
        FROM conversations c WHERE c.kind = 0 AND c.peer_id != ?)
    SELECT %1 FROM messages m JOIN latest l ON l.conv = m.conversation_id
    WHERE m.seq > ? AND m.kind = 0 AND (? = 1 OR m.sender_ts >= ? OR m.seq >= l.from_seq))");

QString eligible(const QString &columns)
{
    return EligibleSql.arg(columns).arg(HistoryTransfer::LatestPage - 1);
}
} // namespace

HistoryTransfer::HistoryTransfer(Database &db, QString selfId)
    : m_db(db)
    , m_selfId(std::move(selfId))
{}

std::optional<HistoryChunk> HistoryTransfer::chunkAfter(qint64 afterSeq, const QString &requester,
                                                        bool allHistory, int maxItems,
                                                        qsizetype maxBytes,
                                                        const QDateTime &now) const
{
    const qint64 cutoff = now.addDays(-DefaultDays).toMSecsSinceEpoch();
    const QSqlDatabase db = m_db.connection();
    Sql::Statement page(
        db, eligible(QStringLiteral("m.seq, m.uuid, l.peer, m.sender_id, m.outgoing, m.sender_ts, "
                                    "m.body, m.state, m.reply_to, m.edited_at, m.deleted")) +
                QStringLiteral(" ORDER BY m.seq LIMIT ?"));
    if (!page.exec({requester, afterSeq, allHistory ? 1 : 0, cutoff, std::max(maxItems, 1) + 1}))
        return std::nullopt;
    HistoryChunk chunk;
    chunk.lastSeq = afterSeq;
    chunk.done = true;
    qsizetype bytes = 0;
    QSet<QString> peers;
    while (page.next()) {
        const qsizetype size = page.value(6).toString().size() * 3 + 256; // UTF-8 at worst
        if (chunk.items.size() >= std::max(maxItems, 1) ||
            (!chunk.items.isEmpty() && bytes + size > maxBytes)) {
            chunk.done = false;
            break;
        }
        bytes += size;
        HistoryItem item;
        chunk.lastSeq = page.value(0).toLongLong();
        item.uuid = page.value(1).toString();
        item.conversation = page.value(2).toString();
        item.senderId = page.value(3).toString();
        item.outgoing = page.value(4).toBool();
        item.sentAt = Sql::fromMs(page.value(5).toLongLong());
        item.body = page.value(6).toString();
        item.state = static_cast<MessageState>(page.value(7).toInt());
        item.replyTo = page.value(8).toString();
        item.editedAt = Sql::fromMs(page.value(9));
        item.deleted = page.value(10).toBool();
        peers.insert(item.conversation);
        chunk.items << item;
    }
    page.finish();
    if (!chunk.done) {
        const QVariant left = Sql::scalar(db, eligible(QStringLiteral("count(*)")),
                                          {requester, chunk.lastSeq, allHistory ? 1 : 0, cutoff});
        if (!left.isValid())
            return std::nullopt;
        chunk.remaining = left.toLongLong();
        chunk.done = chunk.remaining == 0;
    }
    Sql::Statement peer(db,
                        QStringLiteral("SELECT name, alias, is_contact FROM peers WHERE id = ?"));
    for (const QString &id : std::as_const(peers)) {
        if (!peer.exec({id}))
            return std::nullopt;
        if (peer.next())
            chunk.peers << HistoryPeer{id, peer.value(0).toString(), peer.value(1).toString(),
                                       peer.value(2).toBool()};
        peer.finish();
    }
    return chunk;
}

} // namespace Tincan
