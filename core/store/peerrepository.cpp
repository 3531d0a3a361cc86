#include "peerrepository.h"

#include "database.h"
#include "sqlsupport.h"
#include "transaction.h"
#include "util/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>

namespace Tincan {

namespace {

// What upsert() writes; reach_by_id is set only by setReachById().
const QString writtenColumns =
    QStringLiteral("id, name, alias, trust, certificate, addresses, last_seen, avatar, is_contact, "
                   "account_id");
const QString peerColumns = writtenColumns + QStringLiteral(", reach_by_id");

QString addressesToJson(const QStringList &addresses)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(addresses)).toJson(QJsonDocument::Compact));
}

QStringList addressesFromJson(const QString &json)
{
    QStringList addresses;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array)
        addresses << value.toString();
    return addresses;
}

PeerRecord peerFromQuery(const QSqlQuery &query)
{
    PeerRecord peer;
    peer.id = query.value(0).toString();
    peer.name = query.value(1).toString();
    peer.alias = query.value(2).toString();
    peer.trust = static_cast<Trust>(query.value(3).toInt());
    peer.certificate = query.value(4).toByteArray();
    peer.addresses = addressesFromJson(query.value(5).toString());
    peer.lastSeen = Sql::fromMs(query.value(6));
    peer.avatar = query.value(7).toByteArray();
    peer.isContact = query.value(8).toBool();
    peer.accountId = query.value(9).toString();
    peer.reachById = query.value(10).toBool();
    return peer;
}

bool refuseInvalid(const QString &id)
{
    if (isValidPeerId(id))
        return false;
    qCWarning(lcStore).noquote() << "Refusing invalid peer id" << id.left(80);
    return true;
}

} // namespace

std::optional<PeerRecord> PeerRepository::find(const QString &id) const
{
    if (refuseInvalid(id))
        return std::nullopt;
    QSqlQuery query(m_db.connection());
    if (!Sql::run(query, QStringLiteral("SELECT %1 FROM peers WHERE id = ?").arg(peerColumns),
                  {id}) ||
        !query.next())
        return std::nullopt;
    return peerFromQuery(query);
}

std::optional<QList<PeerRecord>> PeerRepository::all() const
{
    QSqlQuery query(m_db.connection());
    const QString sql =
        QStringLiteral("SELECT %1 FROM peers ORDER BY lower(coalesce(nullif(alias, ''), name)), id")
            .arg(peerColumns);
    if (!Sql::run(query, sql))
        return std::nullopt;
    QList<PeerRecord> peers;
    while (query.next())
        peers << peerFromQuery(query);
    return peers;
}

QStringList PeerRepository::idsReachableById() const
{
    QSqlQuery query(m_db.connection());
    QStringList ids;
    if (!Sql::run(query,
                  QStringLiteral("SELECT id FROM peers WHERE reach_by_id = 1 AND trust != ?"),
                  {static_cast<int>(Trust::Blocked)}))
        return ids;
    while (query.next())
        ids << query.value(0).toString();
    return ids;
}

bool PeerRepository::upsert(const PeerRecord &peer)
{
    if (refuseInvalid(peer.id))
        return false;
    QSqlQuery query(m_db.connection());
    return Sql::run(query,
                    QStringLiteral(R"(
        INSERT INTO peers (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, alias = excluded.alias,
            trust = excluded.trust, certificate = excluded.certificate,
            addresses = excluded.addresses, last_seen = excluded.last_seen,
            avatar = excluded.avatar, is_contact = excluded.is_contact,
            account_id = coalesce(excluded.account_id, peers.account_id))")
                        .arg(writtenColumns),
                    {peer.id, peer.name, peer.alias, static_cast<int>(peer.trust), peer.certificate,
                     addressesToJson(peer.addresses.mid(0, maxAddresses)),
                     Sql::msOrNull(peer.lastSeen), peer.avatar, peer.isContact ? 1 : 0,
                     peer.accountId.isEmpty() ? QVariant() : QVariant(peer.accountId)});
}

bool PeerRepository::setTrust(const QString &id, Trust trust)
{
    return updateColumn(id, QStringLiteral("trust"), static_cast<int>(trust));
}

bool PeerRepository::setAlias(const QString &id, const QString &alias)
{
    return updateColumn(id, QStringLiteral("alias"), alias);
}

bool PeerRepository::setContact(const QString &id, bool isContact)
{
    return updateColumn(id, QStringLiteral("is_contact"), isContact ? 1 : 0);
}

bool PeerRepository::setReachById(const QString &id, bool reachById)
{
    return updateColumn(id, QStringLiteral("reach_by_id"), reachById ? 1 : 0);
}

bool PeerRepository::updateColumn(const QString &id, const QString &column, const QVariant &value)
{
    if (refuseInvalid(id))
        return false;
    QSqlQuery query(m_db.connection());
    return Sql::run(query, QStringLiteral("UPDATE peers SET %1 = ? WHERE id = ?").arg(column),
                    {value, id}) &&
           query.numRowsAffected() == 1;
}

bool PeerRepository::isKnown(const QString &id) const
{
    const QVariant known = Sql::scalar(m_db.connection(), QStringLiteral(R"(
        SELECT count(*) FROM peers p
        WHERE p.id = ? AND p.trust != 2
          AND (p.is_contact = 1 OR p.trust = 1 OR EXISTS (
                   SELECT 1 FROM conversations c WHERE c.peer_id = p.id AND c.request_state = 0)))"),
                                       {id});
    return known.isValid() && known.toInt() > 0;
}

int PeerRepository::forgetStrangers(const QDateTime &notSeenSince, int keepAtMost)
{
    static const QString forgettable = QStringLiteral(R"(
        SELECT p.id FROM peers p
        WHERE p.is_contact = 0 AND p.trust = 0 AND p.alias = ''
          AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.peer_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM group_members g WHERE g.peer_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM transfers t WHERE t.peer_id = p.id))");
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive() ||
        !Sql::run(
            query,
            QStringLiteral("DELETE FROM peers WHERE id IN (%1 AND coalesce(p.last_seen, 0) < ?)")
                .arg(forgettable),
            {notSeenSince.toMSecsSinceEpoch()}))
        return -1;
    int forgotten = query.numRowsAffected();
    if (!Sql::run(query,
                  QStringLiteral("DELETE FROM peers WHERE id IN (%1 ORDER BY coalesce(p.last_seen, "
                                 "0) DESC, p.id LIMIT -1 OFFSET ?)")
                      .arg(forgettable),
                  {std::max(0, keepAtMost)}))
        return -1;
    forgotten += query.numRowsAffected();
    // Their accounts go with them: each new key can bring an account row too.
    if (!Sql::run(query, QStringLiteral("DELETE FROM accounts WHERE id NOT IN (SELECT account_id "
                                        "FROM peers WHERE account_id IS NOT NULL)")) ||
        !transaction.commit())
        return -1;
    if (forgotten > 0)
        qCInfo(lcStore) << "Forgot" << forgotten << "strangers who left nothing here";
    return forgotten;
}

bool PeerRepository::recordSeen(const QString &id, const QString &name, const QString &address,
                                const QDateTime &when)
{
    if (refuseInvalid(id))
        return false;
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive() ||
        !Sql::run(query, QStringLiteral("INSERT OR IGNORE INTO peers (id) VALUES (?)"), {id}) ||
        !Sql::run(query, QStringLiteral("SELECT addresses FROM peers WHERE id = ?"), {id}) ||
        !query.next())
        return false;
    QStringList addresses = addressesFromJson(query.value(0).toString());
    if (!address.isEmpty()) {
        addresses.removeAll(address);
        addresses.prepend(address);
    }
    // last_seen only moves forward: announcements may arrive out of order.
    return Sql::run(query, QStringLiteral(R"(
               UPDATE peers SET name = CASE WHEN ? = '' THEN name ELSE ? END, addresses = ?,
                   last_seen = CASE WHEN last_seen IS NULL OR last_seen < ? THEN ?
                                    ELSE last_seen END
               WHERE id = ?)"),
                    {name, name, addressesToJson(addresses.mid(0, maxAddresses)),
                     Sql::msOrNull(when), Sql::msOrNull(when), id}) &&
           transaction.commit();
}

} // namespace Tincan
