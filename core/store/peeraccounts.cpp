// The accounts half of PeerRepository: which account each device belongs to, and the newest
// signed device list of each account (migration 5).
#include "database.h"
#include "peerrepository.h"
#include "sqlsupport.h"
#include "transaction.h"
#include "util/logging.h"

#include <QCborValue>
#include <QHash>
#include <QMutex>
#include <QSqlQuery>

namespace Tincan {

namespace {
// Verifying a list costs an ECDSA verification, and lists are read on every message sent (its
// recipients) and every /peers row: the same stored bytes verify the same way, so they are
// verified once.
std::optional<DeviceList> verifiedList(const QByteArray &stored, QString *error)
{
    static QMutex mutex;
    static QHash<QByteArray, DeviceList> verified;
    {
        const QMutexLocker lock(&mutex);
        if (const auto known = verified.constFind(stored); known != verified.constEnd())
            return *known;
    }
    auto list = DeviceList::verify(QCborValue::fromCbor(stored).toMap(), error);
    if (list) {
        const QMutexLocker lock(&mutex);
        if (verified.size() >= 512) // a bound, not a policy: lists are few
            verified.clear();
        verified.insert(stored, *list);
    }
    return list;
}

bool storeList(QSqlQuery &query, const DeviceList &list)
{
    return Sql::run(query, QStringLiteral(R"(
        INSERT INTO accounts (id, public_key, list_version, device_list, updated_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET list_version = excluded.list_version,
            device_list = excluded.device_list, updated_at = excluded.updated_at
        WHERE excluded.list_version > accounts.list_version)"),
                    {list.accountId, list.accountKey, qint64(list.version),
                     list.signedForm.toCborValue().toCbor(), QDateTime::currentMSecsSinceEpoch()});
}
} // namespace

bool PeerRepository::recordAccount(const QString &deviceId, const DeviceList &list,
                                   std::optional<DeviceList> *replaced)
{
    if (!isValidPeerId(deviceId) || !list.contains(deviceId))
        return false;
    if (replaced) {
        replaced->reset();
        if (auto older = account(list.accountId); older && older->version < list.version)
            *replaced = std::move(older);
    }
    const auto record = find(deviceId);
    const bool moves = record && !record->accountId.isEmpty() &&
                       record->accountId != list.accountId &&
                       movesAccount(deviceId, record->accountId, list);
    Transaction transaction(m_db.connection());
    QSqlQuery query(m_db.connection());
    const bool stored =
        transaction.isActive() && storeList(query, list) &&
        Sql::run(query,
                 moves ? QStringLiteral("UPDATE peers SET account_id = ? WHERE id = ?")
                       : QStringLiteral(
                             "UPDATE peers SET account_id = ? WHERE id = ? AND account_id IS NULL"),
                 {list.accountId, deviceId});
    if (moves && stored)
        qCInfo(lcStore).noquote() << "device" << deviceId.left(12) << "joined account"
                                  << list.accountId.left(12);
    return stored && transaction.commit();
}

bool PeerRepository::recordList(const DeviceList &list)
{
    QSqlQuery query(m_db.connection());
    return storeList(query, list);
}

bool PeerRepository::movesAccount(const QString &deviceId, const QString &from,
                                  const DeviceList &shown) const
{
    // Linking makes a list of two devices or more: a device that shows an account of its own
    // alone is a device key under a new account, which keeps the account it first showed.
    if (!shown.contains(deviceId) || shown.accountId == from || shown.devices.size() < 2)
        return false;
    const auto old = account(from);
    return old && old->version == 1 && old->devices == QStringList{deviceId};
}

QStringList PeerRepository::devicesOf(const QString &accountId) const
{
    QSqlQuery query(m_db.connection());
    QStringList ids;
    if (Sql::run(query, QStringLiteral("SELECT id FROM peers WHERE account_id = ? ORDER BY id"),
                 {accountId})) {
        while (query.next())
            ids << query.value(0).toString();
    }
    return ids;
}

QStringList PeerRepository::devicesOfPerson(const QString &deviceId, const QString &selfId) const
{
    const auto record = find(deviceId);
    const auto list =
        record && !record->accountId.isEmpty() ? account(record->accountId) : std::nullopt;
    QStringList devices;
    for (const QString &device : list ? list->devices : QStringList{}) {
        // A list is the account's word alone, and may name anyone's device: only one that
        // showed this account itself, in its own hello, gets the person's messages.
        const auto listed = device == deviceId ? record : find(device);
        if (device != selfId && listed && listed->accountId == list->accountId)
            devices << device;
    }
    return devices.isEmpty() ? QStringList{deviceId} : devices;
}

QStringList PeerRepository::devicesOfPeople(const QStringList &members, const QString &selfId,
                                            const QStringList &ownDevices) const
{
    QStringList devices;
    for (const QString &member : members) {
        if (member == selfId || ownDevices.contains(member))
            continue;
        for (const QString &device : devicesOfPerson(member, selfId)) {
            if (!ownDevices.contains(device) && !devices.contains(device))
                devices << device;
        }
    }
    return devices;
}

QStringList PeerRepository::otherOwnDevices(const QString &ownAccountId,
                                            const QString &selfId) const
{
    const auto list = ownAccountId.isEmpty() ? std::nullopt : account(ownAccountId);
    if (!list || !list->contains(selfId))
        return {};
    QStringList devices = list->devices;
    devices.removeAll(selfId);
    return devices;
}

std::optional<DeviceList> PeerRepository::account(const QString &accountId) const
{
    QSqlQuery query(m_db.connection());
    if (!Sql::run(query, QStringLiteral("SELECT device_list FROM accounts WHERE id = ?"),
                  {accountId}) ||
        !query.next())
        return std::nullopt;
    QString error;
    auto list = verifiedList(query.value(0).toByteArray(), &error);
    if (!list || list->accountId != accountId) {
        qCWarning(lcStore).noquote()
            << "stored device list of account" << accountId.left(12) << "is unusable:" << error;
        return std::nullopt;
    }
    return list;
}

} // namespace Tincan
