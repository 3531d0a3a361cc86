#include "announcement.h"

#include <QCborMap>
#include <QCborStreamReader>
#include <QCborValue>

namespace Tincan::Discovery {

namespace {

constexpr qsizetype MaxKeyBytes = 32;

const QString KeyKind = QStringLiteral("t");
const QString KeyVersion = QStringLiteral("v");
const QString KeyId = QStringLiteral("id");
const QString KeyName = QStringLiteral("name");
const QString KeyPort = QStringLiteral("port");

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Announce:
        return QStringLiteral("announce");
    case Kind::Query:
        return QStringLiteral("query");
    case Kind::Goodbye:
        return QStringLiteral("goodbye");
    }
    return {};
}

std::optional<Kind> kindFromName(const QString &name)
{
    for (Kind kind : {Kind::Announce, Kind::Query, Kind::Goodbye}) {
        if (name == kindName(kind))
            return kind;
    }
    return std::nullopt;
}

// Only definite lengths, checked before anything is read: a hostile length costs nothing.
std::optional<QString> readText(QCborStreamReader &reader, qsizetype maxBytes)
{
    if (!reader.isString() || !reader.isLengthKnown() || reader.length() > quint64(maxBytes))
        return std::nullopt;
    QString text;
    auto chunk = reader.readString();
    for (; chunk.status == QCborStreamReader::Ok; chunk = reader.readString())
        text += chunk.data;
    if (chunk.status != QCborStreamReader::EndOfString)
        return std::nullopt;
    return text;
}

std::optional<QByteArray> readBytes(QCborStreamReader &reader, qsizetype exactSize)
{
    if (!reader.isByteArray() || !reader.isLengthKnown() || reader.length() != quint64(exactSize))
        return std::nullopt;
    QByteArray bytes;
    auto chunk = reader.readByteArray();
    for (; chunk.status == QCborStreamReader::Ok; chunk = reader.readByteArray())
        bytes += chunk.data;
    if (chunk.status != QCborStreamReader::EndOfString)
        return std::nullopt;
    return bytes;
}

std::optional<quint64> readUnsigned(QCborStreamReader &reader)
{
    if (!reader.isUnsignedInteger())
        return std::nullopt;
    const quint64 value = reader.toUnsignedInteger();
    if (!reader.next())
        return std::nullopt;
    return value;
}

} // namespace

QByteArray encodeAnnouncement(const Announcement &announcement)
{
    QCborMap map;
    map.insert(KeyKind, kindName(announcement.kind));
    map.insert(KeyVersion, announcement.version);
    map.insert(KeyId, QByteArray::fromHex(announcement.id.toLatin1()));
    if (announcement.kind != Kind::Goodbye) {
        map.insert(KeyName, sanitizedName(announcement.name));
        map.insert(KeyPort, announcement.port);
    }
    QByteArray datagram(Magic, MagicSize);
    datagram += map.toCborValue().toCbor();
    Q_ASSERT(datagram.size() <= MaxDatagramSize);
    return datagram;
}

std::optional<Announcement> decodeAnnouncement(QByteArrayView datagram)
{
    if (datagram.size() > MaxDatagramSize || !datagram.startsWith(QByteArrayView(Magic, MagicSize)))
        return std::nullopt;
    const QByteArrayView payload = datagram.sliced(MagicSize);
    QCborStreamReader reader(payload.data(), payload.size());
    if (!reader.isMap() || !reader.enterContainer())
        return std::nullopt;

    std::optional<QString> kind, name;
    std::optional<quint64> version, port;
    std::optional<QByteArray> id;
    while (reader.lastError() == QCborError::NoError && reader.hasNext()) {
        if (!reader.isString()) { // a key from some future version: skip it and its value
            if (!reader.next() || !reader.next())
                return std::nullopt;
            continue;
        }
        const auto key = readText(reader, MaxKeyBytes);
        if (!key)
            return std::nullopt;
        // A repeated key is ambiguous, so the datagram is refused rather than guessed at.
        auto take = [](auto &slot, auto value) {
            if (slot || !value)
                return false;
            slot = std::move(value);
            return true;
        };
        bool ok = true;
        if (*key == KeyKind)
            ok = take(kind, readText(reader, MaxKeyBytes));
        else if (*key == KeyVersion)
            ok = take(version, readUnsigned(reader));
        else if (*key == KeyId)
            ok = take(id, readBytes(reader, IdBytes));
        else if (*key == KeyName)
            ok = take(name, readText(reader, MaxDatagramSize));
        else if (*key == KeyPort)
            ok = take(port, readUnsigned(reader));
        else
            ok = reader.next();
        if (!ok)
            return std::nullopt;
    }
    if (reader.lastError() != QCborError::NoError || !reader.leaveContainer() ||
        reader.currentOffset() != payload.size())
        return std::nullopt;

    if (!kind || !version || !id || *version < 1 || *version > 0xffff)
        return std::nullopt;
    Announcement result;
    const auto knownKind = kindFromName(*kind);
    if (!knownKind)
        return std::nullopt;
    result.kind = *knownKind;
    result.version = int(*version);
    result.id = QString::fromLatin1(id->toHex());
    if (port && *port > 0xffff)
        return std::nullopt;
    result.port = port ? quint16(*port) : 0;
    if (result.kind != Kind::Goodbye && result.port == 0)
        return std::nullopt;
    result.name = name ? sanitizedName(*name) : QString();
    return result;
}

} // namespace Tincan::Discovery
