#include "dhtrecord.h"

#include "crypto/fingerprint.h"
#include "crypto/hpkeprimitives.h"
#include "mailbox/mailboxprotocol.h"
#include "util/cbor.h"

#include <QCborMap>
#include <QCryptographicHash>
#include <QtEndian>

namespace Tincan::DhtRecords {

namespace {
const QString kKind = QStringLiteral("t"), kBody = QStringLiteral("b"),
              kReply = QStringLiteral("r"), kNonce = QStringLiteral("n"),
              kCert = QStringLiteral("cert"), kRecord = QStringLiteral("rec");
const QString kKinds[] = {QStringLiteral("rec"), QStringLiteral("off"), QStringLiteral("ans")};
constexpr qsizetype kNonceSize = 12;
constexpr qsizetype kMaxCertificate = 4096;

QByteArray dayBytes(qint64 day)
{
    QByteArray bytes(8, Qt::Uninitialized);
    qToBigEndian(day, bytes.data());
    return bytes;
}

// HKDF-SHA256 with the id as input keying material: only who knows the id can derive it.
QByteArray recordKey(const QString &id, qint64 day)
{
    using namespace HpkePrimitives;
    const QByteArray prk = hmacSha256("tincan dht record v1", QByteArray::fromHex(id.toLatin1()));
    return hkdfExpandSha256(prk, dayBytes(day), 16);
}
} // namespace

qint64 dayOf(qint64 ms)
{
    return ms / DayMs;
}

QByteArray listenKey(const QString &id, qint64 day)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayLiteral("tincan dht listen v1\0"));
    hash.addData(QByteArray::fromHex(id.toLatin1()));
    hash.addData(dayBytes(day));
    return hash.result().left(KeySize);
}

QByteArray encode(const Value &value)
{
    QCborMap map;
    map.insert(kKind, kKinds[static_cast<int>(value.kind)]);
    map.insert(kBody, value.body);
    if (value.kind == Value::Kind::Offer)
        map.insert(kReply, value.replyKey);
    return map.toCborValue().toCbor();
}

std::optional<Value> decode(const QByteArray &bytes, QString *why)
{
    if (bytes.size() > MaxValueSize) {
        *why = QStringLiteral("a value over %1 bytes").arg(MaxValueSize);
        return std::nullopt;
    }
    const auto item = parseSingleCborItem(bytes, why);
    if (!item)
        return std::nullopt;
    const QCborMap map = item->toMap();
    Value value;
    const QString kind = map.value(kKind).toString();
    const auto known = std::find(std::begin(kKinds), std::end(kKinds), kind);
    value.kind = static_cast<Value::Kind>(known - std::begin(kKinds));
    value.body = map.value(kBody).toByteArray();
    value.replyKey = map.value(kReply).toByteArray();
    if (known == std::end(kKinds) || value.body.isEmpty() ||
        (value.kind == Value::Kind::Offer) != (value.replyKey.size() == KeySize)) {
        *why = QStringLiteral("a value of an unknown kind or with a missing field");
        return std::nullopt;
    }
    return value;
}

Value sealRecord(const QString &id, qint64 day, const QByteArray &certificate,
                 const QByteArray &signedRecord)
{
    QCborMap plain;
    plain.insert(kCert, certificate);
    plain.insert(kRecord, signedRecord);
    const QByteArray nonce = HpkePrimitives::randomBytes(kNonceSize);
    QCborMap sealed;
    sealed.insert(kNonce, nonce);
    sealed.insert(kBody,
                  HpkePrimitives::aes128GcmSeal(recordKey(id, day), nonce, listenKey(id, day),
                                                plain.toCborValue().toCbor()));
    return {Value::Kind::Record, sealed.toCborValue().toCbor(), {}};
}

std::optional<RendezvousPeer> openRecord(const Value &value, const QString &id, qint64 day,
                                         const QString &route, QString *why)
{
    const auto outer = parseSingleCborItem(value.body, why);
    if (!outer)
        return std::nullopt;
    const QByteArray nonce = outer->toMap().value(kNonce).toByteArray();
    const auto plain =
        nonce.size() != kNonceSize
            ? std::nullopt
            : HpkePrimitives::aes128GcmOpen(recordKey(id, day), nonce, listenKey(id, day),
                                            outer->toMap().value(kBody).toByteArray());
    if (!plain) {
        *why = QStringLiteral("a record that does not open with this id");
        return std::nullopt;
    }
    const auto inner = parseSingleCborItem(*plain, why);
    if (!inner)
        return std::nullopt;
    const QByteArray der = inner->toMap().value(kCert).toByteArray();
    const QByteArray spki =
        der.size() > kMaxCertificate ? QByteArray() : spkiOfCertificateFor(der, id);
    if (spki.isEmpty()) {
        *why = QStringLiteral("a record whose certificate is not the device's");
        return std::nullopt;
    }
    const auto frame = parseSingleCborItem(inner->toMap().value(kRecord).toByteArray(), why);
    if (!frame)
        return std::nullopt;
    const auto record = MailboxProtocol::decodeRecord(frame->toMap(), id, spki, why);
    if (!record)
        return std::nullopt;
    return RendezvousPeer{id, der, record->envelopeKey, route};
}

} // namespace Tincan::DhtRecords
