#include "fileprotocol.h"

#include "store/storetypes.h"

namespace Tincan::FileProtocol {

namespace {
const QString kType = QStringLiteral("t");
const QString kId = QStringLiteral("id");
const QString kGroup = QStringLiteral("g");
const QString kName = QStringLiteral("name");
const QString kSize = QStringLiteral("size");
const QString kHash = QStringLiteral("sha256");
const QString kMime = QStringLiteral("mime");
const QString kOffset = QStringLiteral("off");
const QString kData = QStringLiteral("d");
const QString kReason = QStringLiteral("why");
const QString kError = QStringLiteral("err");
const QString kTime = QStringLiteral("ts");

std::optional<QString> idOf(const QCborMap &map)
{
    const QString id = canonicalUuid(map.value(kId).toString());
    if (id.isEmpty())
        return std::nullopt;
    return id;
}

std::optional<qint64> offsetOf(const QCborMap &map, const QString &key)
{
    const QCborValue value = map.value(key);
    if (!value.isInteger() || value.toInteger() < 0 || value.toInteger() > MaxFileSize)
        return std::nullopt;
    return value.toInteger();
}
} // namespace

QCborMap encodeOffer(const Offer &offer)
{
    QCborMap map;
    map.insert(kType, Type::Offer);
    map.insert(kId, offer.id);
    if (!offer.groupId.isEmpty())
        map.insert(kGroup, offer.groupId);
    map.insert(kName, offer.name);
    map.insert(kSize, offer.size);
    map.insert(kHash, offer.sha256);
    map.insert(kMime, offer.mime);
    map.insert(kTime, offer.sentAt.toMSecsSinceEpoch());
    return map;
}

std::optional<Offer> decodeOffer(const QCborMap &map)
{
    Offer offer;
    const auto id = idOf(map);
    const auto size = offsetOf(map, kSize);
    const QCborValue name = map.value(kName);
    const QCborValue hash = map.value(kHash);
    const QCborValue group = map.value(kGroup);
    if (!id || !size || !name.isString() || !hash.isByteArray() || hash.toByteArray().size() != 32)
        return std::nullopt;
    if (name.toString().toUtf8().size() > MaxNameBytes)
        return std::nullopt;
    if (!group.isUndefined()) {
        offer.groupId = canonicalUuid(group.toString());
        if (offer.groupId.isEmpty())
            return std::nullopt;
    }
    offer.id = *id;
    offer.size = *size;
    offer.name = name.toString();
    offer.sha256 = hash.toByteArray();
    offer.mime = map.value(kMime).toString().left(MaxMimeLength);
    const QCborValue time = map.value(kTime);
    offer.sentAt = time.isInteger() && time.toInteger() > 0
                       ? QDateTime::fromMSecsSinceEpoch(time.toInteger()).toUTC()
                       : QDateTime::currentDateTimeUtc();
    return offer;
}

QCborMap encodePosition(const QString &type, const Position &position)
{
    QCborMap map;
    map.insert(kType, type);
    map.insert(kId, position.id);
    map.insert(kOffset, position.offset);
    return map;
}

std::optional<Position> decodePosition(const QCborMap &map)
{
    const auto id = idOf(map);
    const auto offset = offsetOf(map, kOffset);
    if (!id || !offset)
        return std::nullopt;
    return Position{*id, *offset};
}

QCborMap encodeChunk(const Chunk &chunk)
{
    QCborMap map;
    map.insert(kType, Type::Chunk);
    map.insert(kId, chunk.id);
    map.insert(kOffset, chunk.offset);
    map.insert(kData, chunk.data);
    return map;
}

std::optional<Chunk> decodeChunk(const QCborMap &map)
{
    const auto id = idOf(map);
    const auto offset = offsetOf(map, kOffset);
    const QCborValue data = map.value(kData);
    if (!id || !offset || !data.isByteArray() || data.toByteArray().isEmpty())
        return std::nullopt;
    return Chunk{*id, *offset, data.toByteArray()};
}

QCborMap encodeStatus(const QString &type, const Status &status)
{
    QCborMap map;
    map.insert(kType, type);
    map.insert(kId, status.id);
    if (!status.reason.isEmpty())
        map.insert(kReason, status.reason.left(MaxReasonLength));
    if (status.error)
        map.insert(kError, true);
    return map;
}

std::optional<Status> decodeStatus(const QCborMap &map)
{
    const auto id = idOf(map);
    if (!id)
        return std::nullopt;
    return Status{*id, map.value(kReason).toString().left(MaxReasonLength),
                  map.value(kError).toBool()};
}

} // namespace Tincan::FileProtocol
