#include "transferstore.h"

#include "store/database.h"
#include "store/sqlsupport.h"

#include <QSqlQuery>

#include <limits>

namespace Tincan {

namespace {
const QString columns = QStringLiteral(
    "id, peer_id, direction, conversation_id, name, size, sha256, mime, path, part_path, "
    "done_bytes, resumed_from, resumes, state, error, created_at, updated_at");

TransferRecord fromRow(const QSqlQuery &q)
{
    TransferRecord r;
    r.id = q.value(0).toString();
    r.peerId = q.value(1).toString();
    r.direction = static_cast<TransferDirection>(q.value(2).toInt());
    r.conversationId = q.value(3).toString();
    r.name = q.value(4).toString();
    r.size = q.value(5).toLongLong();
    r.sha256 = q.value(6).toByteArray();
    r.mime = q.value(7).toString();
    r.path = q.value(8).toString();
    r.partPath = q.value(9).toString();
    r.doneBytes = q.value(10).toLongLong();
    r.resumedFrom = q.value(11).toLongLong();
    r.resumes = q.value(12).toInt();
    r.state = static_cast<TransferState>(q.value(13).toInt());
    r.error = q.value(14).toString();
    r.createdAt = Sql::fromMs(q.value(15));
    r.updatedAt = Sql::fromMs(q.value(16));
    return r;
}
} // namespace

QString transferStateName(TransferState state)
{
    switch (state) {
    case TransferState::Offered:
        return QStringLiteral("offered");
    case TransferState::AskUser:
        return QStringLiteral("ask");
    case TransferState::Active:
        return QStringLiteral("active");
    case TransferState::Paused:
        return QStringLiteral("paused");
    case TransferState::Completed:
        return QStringLiteral("completed");
    case TransferState::Failed:
        return QStringLiteral("failed");
    case TransferState::Cancelled:
        return QStringLiteral("cancelled");
    case TransferState::Declined:
        return QStringLiteral("declined");
    }
    return QStringLiteral("unknown");
}

bool TransferStore::insert(const TransferRecord &r)
{
    QSqlQuery q(m_db.connection());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return Sql::run(q,
                    QStringLiteral("INSERT INTO transfers (%1) VALUES "
                                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .arg(columns),
                    {r.id, r.peerId, int(r.direction), r.conversationId, r.name, r.size, r.sha256,
                     r.mime, r.path, r.partPath, r.doneBytes, r.resumedFrom, r.resumes,
                     int(r.state), r.error, now, now});
}

bool TransferStore::update(const TransferRecord &r)
{
    QSqlQuery q(m_db.connection());
    return Sql::run(q, QStringLiteral(R"(
UPDATE transfers SET path = ?, part_path = ?, done_bytes = ?, resumed_from = ?, resumes = ?,
       state = ?, error = ?, updated_at = ?
 WHERE id = ? AND peer_id = ? AND direction = ?)"),
                    {r.path, r.partPath, r.doneBytes, r.resumedFrom, r.resumes, int(r.state),
                     r.error, QDateTime::currentMSecsSinceEpoch(), r.id, r.peerId,
                     int(r.direction)});
}

std::optional<TransferRecord> TransferStore::find(const QString &id, const QString &peerId,
                                                  TransferDirection direction) const
{
    const auto rows = select(QStringLiteral("id = ? AND peer_id = ? AND direction = ?"),
                             {id, peerId, int(direction)});
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first();
}

QList<TransferRecord> TransferStore::byId(const QString &id) const
{
    return select(QStringLiteral("id = ? ORDER BY peer_id"), {id});
}

QList<TransferRecord> TransferStore::unfinished(const QString &peerId) const
{
    if (peerId.isEmpty())
        return select(QStringLiteral("state < 4 ORDER BY created_at"), {});
    return select(QStringLiteral("state < 4 AND peer_id = ? ORDER BY created_at"), {peerId});
}

QList<TransferRecord> TransferStore::recent(int limit) const
{
    return select(QStringLiteral("1 ORDER BY created_at DESC, id LIMIT ?"), {limit});
}

qint64 TransferStore::incomingTakenSince(const QDateTime &since) const
{
    const QVariant total = Sql::scalar(
        m_db.connection(),
        QStringLiteral("SELECT coalesce(sum(size), 0) FROM transfers WHERE direction = ? AND "
                       "state IN (?, ?, ?) AND created_at >= ?"),
        {int(TransferDirection::Incoming), int(TransferState::Active), int(TransferState::Paused),
         int(TransferState::Completed), since.toMSecsSinceEpoch()});
    return total.isValid() ? total.toLongLong() : std::numeric_limits<qint64>::max();
}

int TransferStore::waitingOffersFrom(const QString &peerId) const
{
    const QVariant count = Sql::scalar(
        m_db.connection(),
        QStringLiteral("SELECT count(*) FROM transfers WHERE peer_id = ? AND direction = ? AND "
                       "state IN (?, ?)"),
        {peerId, int(TransferDirection::Incoming), int(TransferState::Offered),
         int(TransferState::AskUser)});
    return count.isValid() ? count.toInt() : -1;
}

QList<TransferRecord> TransferStore::select(const QString &where,
                                            std::initializer_list<QVariant> values) const
{
    QList<TransferRecord> rows;
    QSqlQuery q(m_db.connection());
    if (!Sql::run(q, QStringLiteral("SELECT %1 FROM transfers WHERE %2").arg(columns, where),
                  values))
        return rows;
    while (q.next())
        rows.append(fromRow(q));
    return rows;
}

} // namespace Tincan
