#include "mailboxprotocol.h"

#include "crypto/hpke.h"
#include "crypto/identity.h"
#include "crypto/signature.h"
#include "mailbox/envelope.h"
#include "util/cbor.h"

#include <QCborArray>
#include <QCryptographicHash>

#include <limits>

// Helpers in MailboxProtocol, not a plain anonymous namespace: the core is built in unity
// batches (envelope.cpp says why).
namespace Tincan::MailboxProtocol {

namespace {

const QString kType = QStringLiteral("t");
const QString kRecord = QStringLiteral("rec");
const QString kSignature = QStringLiteral("sig");
const QString kDevice = QStringLiteral("dev");
const QString kKey = QStringLiteral("key");
const QString kMailbox = QStringLiteral("mb");
const QString kIssued = QStringLiteral("ts");
const QString kUse = QStringLiteral("on");
const QString kAnswer = QStringLiteral("a");
const QString kTag = QStringLiteral("n");
const QString kEnvelope = QStringLiteral("env");
const QString kStatus = QStringLiteral("st");
const QString kItems = QStringLiteral("items");
const QString kMore = QStringLiteral("more");
const QString kIds = QStringLiteral("ids");

constexpr QByteArrayView RecordContext = "tincan mailbox record v1";
constexpr qsizetype DeviceIdSize = 32;
constexpr qsizetype MaxSignatureSize = 80;

QCborMap typed(const QString &type)
{
    QCborMap map;
    map.insert(kType, type);
    return map;
}

QByteArray signedRecord(const QByteArray &record)
{
    return RecordContext.toByteArray() + '\0' + record;
}

// A non-negative integer no larger than max, or nullopt (a float or a negative is no number).
std::optional<qint64> count(const QCborValue &value, qint64 max)
{
    if (!value.isInteger() || value.toInteger() < 0 || value.toInteger() > max)
        return std::nullopt;
    return value.toInteger();
}

std::optional<QString> deviceField(const QCborValue &value)
{
    if (!value.isByteArray() || value.toByteArray().size() != DeviceIdSize)
        return std::nullopt;
    return QString::fromLatin1(value.toByteArray().toHex());
}

template<typename Enum>
std::optional<Enum> enumField(const QCborValue &value, Enum last)
{
    const auto number = count(value, static_cast<qint64>(last));
    return number ? std::optional<Enum>(static_cast<Enum>(*number)) : std::nullopt;
}

} // namespace

QByteArray slotOf(const QString &deviceId)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView("tincan mailbox slot v1"));
    hash.addData(QByteArray::fromHex(deviceId.toLatin1()));
    return hash.result().left(Envelopes::SlotSize);
}

QCborMap encodeRecord(const Record &record, const Identity &signer)
{
    QCborMap inner;
    inner.insert(kDevice, QByteArray::fromHex(record.deviceId.toLatin1()));
    inner.insert(kKey, record.envelopeKey);
    if (!record.mailboxId.isEmpty())
        inner.insert(kMailbox, QByteArray::fromHex(record.mailboxId.toLatin1()));
    inner.insert(kIssued, record.issuedAtMs);
    const QByteArray bytes = inner.toCborValue().toCbor();
    QCborMap frame = typed(Type::Record);
    frame.insert(kRecord, bytes);
    frame.insert(kSignature, signer.sign(signedRecord(bytes)));
    return frame;
}

QByteArray recordBytes(const QCborMap &frame)
{
    return frame.value(kRecord).toByteArray();
}

std::optional<Record> decodeRecord(const QCborMap &frame, const QString &fromDevice,
                                   const QByteArray &spkiDer, QString *why)
{
    const QByteArray bytes = recordBytes(frame);
    const QByteArray signature = frame.value(kSignature).toByteArray();
    if (bytes.isEmpty() || bytes.size() > 1024 || signature.isEmpty() ||
        signature.size() > MaxSignatureSize) {
        *why = QStringLiteral("a mailbox record without its bytes or signature");
        return std::nullopt;
    }
    if (!verifySignature(spkiDer, signedRecord(bytes), signature)) {
        *why = QStringLiteral("a mailbox record whose signature does not verify");
        return std::nullopt;
    }
    const auto item = parseSingleCborItem(bytes, why);
    if (!item)
        return std::nullopt;
    const QCborMap inner = item->toMap();
    const auto device = deviceField(inner.value(kDevice));
    const QByteArray key = inner.value(kKey).toByteArray();
    const QCborValue mailbox = inner.value(kMailbox);
    const auto mailboxId =
        mailbox.isUndefined() ? std::optional<QString>(QString()) : deviceField(mailbox);
    const auto issued = count(inner.value(kIssued), std::numeric_limits<qint64>::max());
    if (!device || *device != fromDevice || key.size() != Hpke::PublicKeySize || !mailboxId ||
        !issued) {
        *why = QStringLiteral("a mailbox record with a wrong field, or of another device");
        return std::nullopt;
    }
    return Record{*device, key, *mailboxId, *issued};
}

QCborMap encodeUse(bool use)
{
    QCborMap map = typed(Type::Use);
    map.insert(kUse, use);
    return map;
}

std::optional<bool> decodeUse(const QCborMap &frame)
{
    const QCborValue use = frame.value(kUse);
    return use.isBool() ? std::optional<bool>(use.toBool()) : std::nullopt;
}

QCborMap encodeUseReply(UseAnswer answer)
{
    QCborMap map = typed(Type::UseReply);
    map.insert(kAnswer, static_cast<int>(answer));
    return map;
}

std::optional<UseAnswer> decodeUseReply(const QCborMap &frame)
{
    return enumField(frame.value(kAnswer), UseAnswer::Stopped);
}

QCborMap encodePut(const Put &put)
{
    QCborMap map = typed(Type::Put);
    map.insert(kTag, put.tag);
    map.insert(kEnvelope, put.envelope);
    return map;
}

std::optional<Put> decodePut(const QCborMap &frame)
{
    const auto tag = count(frame.value(kTag), std::numeric_limits<qint64>::max());
    const QCborValue envelope = frame.value(kEnvelope);
    if (!tag || !envelope.isByteArray() || envelope.toByteArray().isEmpty() ||
        envelope.toByteArray().size() > MaxPutSize)
        return std::nullopt;
    return Put{*tag, envelope.toByteArray()};
}

QCborMap encodePutReply(const PutReply &reply)
{
    QCborMap map = typed(Type::PutReply);
    map.insert(kTag, reply.tag);
    map.insert(kStatus, static_cast<int>(reply.status));
    return map;
}

std::optional<PutReply> decodePutReply(const QCborMap &frame)
{
    const auto tag = count(frame.value(kTag), std::numeric_limits<qint64>::max());
    const auto status = enumField(frame.value(kStatus), PutStatus::Failed);
    if (!tag || !status)
        return std::nullopt;
    return PutReply{*tag, *status};
}

QCborMap encodeGet()
{
    return typed(Type::Get);
}

QCborMap encodeBatch(const Batch &batch)
{
    QCborArray items;
    for (const Held &held : batch.items)
        items.append(QCborArray{held.id, held.envelope});
    QCborMap map = typed(Type::Batch);
    map.insert(kItems, items);
    map.insert(kMore, batch.more);
    return map;
}

std::optional<Batch> decodeBatch(const QCborMap &frame)
{
    const QCborValue items = frame.value(kItems);
    const QCborValue more = frame.value(kMore);
    if (!items.isArray() || items.toArray().size() > MaxBatchItems || !more.isBool())
        return std::nullopt;
    Batch batch;
    batch.more = more.toBool();
    for (const QCborValue &item : items.toArray()) {
        const QCborArray pair = item.toArray();
        const auto id = count(pair.at(0), std::numeric_limits<qint64>::max());
        if (pair.size() != 2 || !id || !pair.at(1).isByteArray())
            return std::nullopt;
        batch.items.append({*id, pair.at(1).toByteArray()});
    }
    return batch;
}

QCborMap encodeDelete(const QList<qint64> &ids)
{
    QCborArray list;
    for (const qint64 id : ids)
        list.append(id);
    QCborMap map = typed(Type::Delete);
    map.insert(kIds, list);
    return map;
}

std::optional<QList<qint64>> decodeDelete(const QCborMap &frame)
{
    const QCborValue ids = frame.value(kIds);
    if (!ids.isArray() || ids.toArray().size() > MaxBatchItems)
        return std::nullopt;
    QList<qint64> list;
    for (const QCborValue &value : ids.toArray()) {
        const auto id = count(value, std::numeric_limits<qint64>::max());
        if (!id)
            return std::nullopt;
        list.append(*id);
    }
    return list;
}

} // namespace Tincan::MailboxProtocol
