// The accounts half of PeerRepository: which account each device belongs to, and the newest
// signed device list of each account (migration 5).
#include "database.h"
#include "peerrepository.h"
#include "sqlsupport.h"
#include "transaction.h"
#include "util/logging.h"

#include <QCborValue>
#include <QSqlQuery>

namespace Tincan {

bool PeerRepository::recordAccount(const QString &deviceId, const DeviceList &list)
{
    if (!isValidPeerId(deviceId) || !list.contains(deviceId))
        return false;
    Transaction transaction(m_db.connection());
    QSqlQuery query(m_db.connection());
    const bool stored =
        transaction.isActive() &&
        Sql::run(query, QStringLiteral(R"(
        INSERT INTO accounts (id, public_key, list_version, device_list, updated_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET list_version = excluded.list_version,
            device_list = excluded.device_list, updated_at = excluded.updated_at
        WHERE excluded.list_version > accounts.list_version)"),
                 {list.accountId, list.accountKey, qint64(list.version),
                  list.signedForm.toCborValue().toCbor(), QDateTime::currentMSecsSinceEpoch()}) &&
        Sql::run(
            query,
            QStringLiteral("UPDATE peers SET account_id = ? WHERE id = ? AND account_id IS NULL"),
            {list.accountId, deviceId});
    return stored && transaction.commit();
}

std::optional<DeviceList> PeerRepository::account(const QString &accountId) const
{
    QSqlQuery query(m_db.connection());
    if (!Sql::run(query, QStringLiteral("SELECT device_list FROM accounts WHERE id = ?"),
                  {accountId}) ||
        !query.next())
        return std::nullopt;
    QString error;
    auto list =
        DeviceList::verify(QCborValue::fromCbor(query.value(0).toByteArray()).toMap(), &error);
    if (!list || list->accountId != accountId) {
        qCWarning(lcStore).noquote()
            << "stored device list of account" << accountId.left(12) << "is unusable:" << error;
        return std::nullopt;
    }
    return list;
}

} // namespace Tincan
