#include "groupprotocol.h"

#include "store/storetypes.h"

#include <QCborArray>
#include <QCryptographicHash>

namespace Tincan::GroupProtocol {

namespace {
const QString kType = QStringLiteral("t");
const QString kGroup = QStringLiteral("g");
const QString kEvents = QStringLiteral("ev");
const QString kGroups = QStringLiteral("groups");
const QString kDigest = QStringLiteral("h");

constexpr int MaxPayloadSize = 16 * 1024;
} // namespace

QList<QCborMap> encodeEvents(const QString &groupId, const QList<QByteArray> &payloads)
{
    QList<QCborMap> messages;
    for (qsizetype i = 0; i < payloads.size(); i += MaxEventsPerMessage) {
        QCborArray events;
        for (const QByteArray &payload : payloads.mid(i, MaxEventsPerMessage))
            events.append(payload);
        QCborMap map;
        map.insert(kType, Type::Events);
        map.insert(kGroup, groupId);
        map.insert(kEvents, events);
        messages << map;
    }
    return messages;
}

std::optional<Events> decodeEvents(const QCborMap &map)
{
    const QString group = canonicalUuid(map.value(kGroup).toString());
    const QCborValue events = map.value(kEvents);
    if (group.isEmpty() || !events.isArray() || events.toArray().size() > MaxEventsPerMessage)
        return std::nullopt;
    Events decoded{group, {}};
    for (const QCborValue &event : events.toArray()) {
        if (!event.isByteArray() || event.toByteArray().size() > MaxPayloadSize)
            return std::nullopt;
        decoded.payloads << event.toByteArray();
    }
    return decoded;
}

QCborMap encodeSync(const QList<SyncItem> &items)
{
    QCborArray groups;
    for (const SyncItem &item : items)
        groups.append(QCborMap{{kGroup, item.groupId}, {kDigest, item.digest}});
    QCborMap map;
    map.insert(kType, Type::Sync);
    map.insert(kGroups, groups);
    return map;
}

std::optional<QList<SyncItem>> decodeSync(const QCborMap &map)
{
    const QCborValue groups = map.value(kGroups);
    if (!groups.isArray() || groups.toArray().size() > MaxGroupsPerSync)
        return std::nullopt;
    QList<SyncItem> items;
    for (const QCborValue &value : groups.toArray()) {
        const QString group = canonicalUuid(value.toMap().value(kGroup).toString());
        if (group.isEmpty())
            return std::nullopt;
        items << SyncItem{group, value.toMap().value(kDigest).toByteArray()};
    }
    return items;
}

QByteArray logDigest(QStringList eventIds)
{
    eventIds.sort();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &id : std::as_const(eventIds))
        hash.addData(id.toLatin1());
    return hash.result().left(16);
}

} // namespace Tincan::GroupProtocol
