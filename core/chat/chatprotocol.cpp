#include "chatprotocol.h"

#include <QCborArray>

namespace Tincan::ChatProtocol {

namespace {
const QString kType = QStringLiteral("t");
const QString kId = QStringLiteral("id");
const QString kIds = QStringLiteral("ids");
const QString kGroup = QStringLiteral("g");
const QString kTime = QStringLiteral("ts");
const QString kBody = QStringLiteral("body");
const QString kKind = QStringLiteral("k");
const QString kReply = QStringLiteral("re");
const QString kOn = QStringLiteral("on");
const QString kCopyTo = QStringLiteral("to");

QCborMap typed(const QString &type)
{
    QCborMap map;
    map.insert(kType, type);
    return map;
}

// A uuid field: absent is fine where optional, present must be a canonical uuid.
std::optional<QString> uuidField(const QCborMap &map, const QString &key, bool required)
{
    const QCborValue value = map.value(key);
    if (value.isUndefined() || value.isNull())
        return required ? std::nullopt : std::optional<QString>(QString());
    const QString uuid = canonicalUuid(value.toString());
    if (uuid.isEmpty())
        return std::nullopt;
    return uuid;
}

std::optional<QDateTime> timeField(const QCborMap &map, const QString &key)
{
    return timeOf(map.value(key));
}

std::optional<QString> bodyField(const QCborMap &map)
{
    const QCborValue value = map.value(kBody);
    if (!value.isString() || value.toString().size() > MaxBodyLength)
        return std::nullopt;
    return value.toString();
}

std::optional<QStringList> uuidList(const QCborValue &value)
{
    if (!value.isArray() || value.toArray().size() > MaxIdsPerMessage)
        return std::nullopt;
    QStringList uuids;
    for (const QCborValue &item : value.toArray()) {
        const QString uuid = canonicalUuid(item.toString());
        if (uuid.isEmpty())
            return std::nullopt;
        uuids.append(uuid);
    }
    return uuids;
}
} // namespace

std::optional<QDateTime> timeOf(const QCborValue &value)
{
    // Between 2000 and 2200: anything else is a broken clock or a hostile peer.
    if (!value.isInteger() || value.toInteger() < 946684800000LL ||
        value.toInteger() > 7258118400000LL)
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(value.toInteger()).toUTC();
}

QCborMap encodeMessage(const ChatMessage &message)
{
    QCborMap map = typed(Type::Message);
    map.insert(kId, message.uuid);
    if (!message.groupId.isEmpty())
        map.insert(kGroup, message.groupId);
    map.insert(kTime, message.sentAt.toMSecsSinceEpoch());
    map.insert(kBody, message.body);
    if (message.kind != MessageKind::Text)
        map.insert(kKind, static_cast<int>(message.kind));
    if (!message.replyTo.isEmpty())
        map.insert(kReply, message.replyTo);
    if (!message.copyTo.isEmpty())
        map.insert(kCopyTo, message.copyTo);
    return map;
}

std::optional<ChatMessage> decodeMessage(const QCborMap &map)
{
    const auto uuid = uuidField(map, kId, true);
    const auto group = uuidField(map, kGroup, false);
    const auto reply = uuidField(map, kReply, false);
    const auto sentAt = timeField(map, kTime);
    const auto body = bodyField(map);
    const QCborValue kind = map.value(kKind);
    const QCborValue copyTo = map.value(kCopyTo);
    if (!uuid || !group || !reply || !sentAt || !body)
        return std::nullopt;
    if (!copyTo.isUndefined() && (!isValidPeerId(copyTo.toString()) || !group->isEmpty()))
        return std::nullopt;
    ChatMessage message{*uuid,  *group,           *sentAt, *body, MessageKind::Text,
                        *reply, copyTo.toString()};
    if (!kind.isUndefined()) {
        // Never Event: event lines ("Alice made Mallory an admin") are written by each member
        // from signed group events, so a peer cannot make one appear as a system line.
        if (!kind.isInteger() || (kind.toInteger() != int(MessageKind::Text) &&
                                  kind.toInteger() != int(MessageKind::File)))
            return std::nullopt;
        message.kind = static_cast<MessageKind>(kind.toInteger());
    }
    return message;
}

QCborMap encodeEdit(const Edit &edit)
{
    QCborMap map = typed(Type::Edit);
    map.insert(kId, edit.uuid);
    map.insert(kBody, edit.body);
    map.insert(kTime, edit.editedAt.toMSecsSinceEpoch());
    return map;
}

std::optional<Edit> decodeEdit(const QCborMap &map)
{
    const auto uuid = uuidField(map, kId, true);
    const auto body = bodyField(map);
    const auto editedAt = timeField(map, kTime);
    if (!uuid || !body || !editedAt)
        return std::nullopt;
    return Edit{*uuid, *body, *editedAt};
}

QCborMap encodeDelete(const QString &uuid)
{
    QCborMap map = typed(Type::Delete);
    map.insert(kId, uuid);
    return map;
}

std::optional<QString> decodeDelete(const QCborMap &map)
{
    return uuidField(map, kId, true);
}

QCborMap encodeAck(const QList<AckItem> &items)
{
    QCborArray list;
    for (const AckItem &item : items)
        list.append(QCborArray{item.uuid, static_cast<int>(item.kind)});
    QCborMap map = typed(Type::Ack);
    map.insert(kIds, list);
    return map;
}

std::optional<QList<AckItem>> decodeAck(const QCborMap &map)
{
    const QCborValue value = map.value(kIds);
    if (!value.isArray() || value.toArray().size() > MaxIdsPerMessage)
        return std::nullopt;
    QList<AckItem> items;
    for (const QCborValue &entry : value.toArray()) {
        const QCborArray pair = entry.toArray();
        const QString uuid = canonicalUuid(pair.at(0).toString());
        // toInteger() would also convert a float, which is undefined beyond qint64 and takes
        // 1.5 for 1: only an integer is a kind.
        const QCborValue kindValue = pair.at(1);
        const qint64 kind = kindValue.isInteger() ? kindValue.toInteger() : -1;
        if (pair.size() != 2 || uuid.isEmpty() || kind < int(OutboxKind::Message) ||
            kind > int(OutboxKind::ReadReceipt))
            return std::nullopt;
        items.append({uuid, static_cast<OutboxKind>(kind)});
    }
    return items;
}

QCborMap encodeRead(const QStringList &uuids)
{
    QCborMap map = typed(Type::Read);
    map.insert(kIds, QCborArray::fromStringList(uuids));
    return map;
}

std::optional<QStringList> decodeRead(const QCborMap &map)
{
    return uuidList(map.value(kIds));
}

QCborMap encodeTyping(const Typing &typing)
{
    QCborMap map = typed(Type::Typing);
    if (!typing.groupId.isEmpty())
        map.insert(kGroup, typing.groupId);
    map.insert(kOn, typing.typing);
    return map;
}

std::optional<Typing> decodeTyping(const QCborMap &map)
{
    const auto group = uuidField(map, kGroup, false);
    const QCborValue on = map.value(kOn);
    if (!group || !on.isBool())
        return std::nullopt;
    return Typing{*group, on.toBool()};
}

} // namespace Tincan::ChatProtocol
