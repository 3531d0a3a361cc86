#include "envelope.h"

#include "crypto/hpke.h"
#include "crypto/identity.h"
#include "crypto/signature.h"
#include "util/cbor.h"

#include <QCborMap>
#include <QCryptographicHash>

// Everything below is in Envelopes, helpers included: the core is compiled in unity batches,
// where another file's anonymous-namespace kBody or fail() would clash with ours.
namespace Tincan::Envelopes {

namespace {

const QString kVersion = QStringLiteral("v");
const QString kSlot = QStringLiteral("slot");
const QString kExpires = QStringLiteral("exp");
const QString kBody = QStringLiteral("body");
const QString kFrom = QStringLiteral("from");
const QString kMessage = QStringLiteral("msg");
const QString kSignature = QStringLiteral("sig");

// HPKE's info and the signature's context: a letter sealed or signed for anything else
// (a rendezvous offer, a later envelope version) never opens or verifies as this one.
constexpr QByteArrayView Context = "tincan envelope v1";
constexpr qsizetype DeviceIdSize = 32;
constexpr qsizetype MaxSignatureSize = 80; // DER ECDSA P-256 is at most 72 bytes
constexpr qsizetype MaxBodySize = MaxMessageSize + 512;

bool fail(QString *why, const QString &reason)
{
    *why = reason;
    return false;
}

bool validHeader(const EnvelopeHeader &header, QString *why)
{
    if (header.slot.size() != SlotSize)
        return fail(why, QStringLiteral("a mailbox slot has %1 bytes, not %2")
                             .arg(SlotSize)
                             .arg(header.slot.size()));
    if (header.expires <= 0)
        return fail(why, QStringLiteral("an envelope needs an expiry"));
    return true;
}

// The outside as the body's aad and the signature see it: canonical, whatever bytes carried it.
QByteArray headerBytes(const EnvelopeHeader &header)
{
    QCborMap map;
    map.insert(kVersion, Version);
    map.insert(kSlot, header.slot);
    map.insert(kExpires, header.expires);
    return map.toCborValue().toCbor();
}

QByteArray signedBytes(const EnvelopeHeader &header, const QByteArray &recipientKey,
                       const QByteArray &message)
{
    return Context.toByteArray() + '\0' + headerBytes(header) + recipientKey + message;
}

std::optional<QCborMap> parseMap(QByteArrayView bytes, const QString &what, QString *why)
{
    const std::optional<QCborValue> value = parseSingleCborItem(bytes, why);
    if (!value)
        return std::nullopt;
    if (!value->isMap()) {
        *why = QStringLiteral("%1 is not a CBOR map").arg(what);
        return std::nullopt;
    }
    return value->toMap();
}

// A byte string field of a size in [min, max]; false with *why naming it otherwise. Called for
// every known field before exactKeys(), so that a missing field is named as missing.
bool readBytes(const QCborMap &map, const QString &key, qsizetype min, qsizetype max,
               QByteArray *out, QString *why)
{
    const QCborValue value = map.value(key);
    if (!value.isByteArray() || value.toByteArray().size() < min ||
        value.toByteArray().size() > max)
        return fail(why, QStringLiteral("field \"%1\" is missing or out of bounds").arg(key));
    *out = value.toByteArray();
    return true;
}

bool exactKeys(const QCborMap &map, qsizetype count, const QString &what, QString *why)
{
    return map.size() == count || fail(why, QStringLiteral("%1 has unknown fields").arg(what));
}

} // namespace

QByteArray encode(const Envelope &envelope)
{
    QCborMap map;
    map.insert(kVersion, Version);
    map.insert(kSlot, envelope.header.slot);
    map.insert(kExpires, envelope.header.expires);
    map.insert(kBody, envelope.body);
    return map.toCborValue().toCbor();
}

std::optional<Envelope> decode(QByteArrayView bytes, QString *why)
{
    if (bytes.size() > MaxEncodedSize) {
        *why = QStringLiteral("an envelope of %1 bytes is over the limit of %2")
                   .arg(bytes.size())
                   .arg(MaxEncodedSize);
        return std::nullopt;
    }
    const std::optional<QCborMap> map = parseMap(bytes, QStringLiteral("an envelope"), why);
    if (!map)
        return std::nullopt;
    const QCborValue version = map->value(kVersion);
    if (!version.isInteger() || version.toInteger() != Version) {
        *why = QStringLiteral("unsupported envelope version");
        return std::nullopt;
    }
    Envelope envelope;
    const QCborValue expires = map->value(kExpires);
    envelope.header.expires = expires.isInteger() ? expires.toInteger() : 0;
    if (!readBytes(*map, kSlot, 0, SlotSize, &envelope.header.slot, why) ||
        !validHeader(envelope.header, why) ||
        !readBytes(*map, kBody, Hpke::PublicKeySize + Hpke::TagSize, MaxBodySize, &envelope.body,
                   why) ||
        !exactKeys(*map, 4, QStringLiteral("an envelope"), why))
        return std::nullopt;
    return envelope;
}

std::optional<Envelope> seal(const EnvelopeHeader &header, const QByteArray &message,
                             const Identity &sender, const QByteArray &recipientKey, QString *why)
{
    if (!validHeader(header, why))
        return std::nullopt;
    if (message.isEmpty() || message.size() > MaxMessageSize) {
        *why = QStringLiteral("a sealed message has 1 to %1 bytes").arg(MaxMessageSize);
        return std::nullopt;
    }
    const QByteArray signature = sender.sign(signedBytes(header, recipientKey, message));
    if (signature.isEmpty()) {
        *why = QStringLiteral("the device key could not sign the letter");
        return std::nullopt;
    }
    QCborMap letter;
    letter.insert(kFrom, sender.fingerprint());
    letter.insert(kMessage, message);
    letter.insert(kSignature, signature);
    const std::optional<QByteArray> body =
        Hpke::seal(recipientKey, Context, headerBytes(header), letter.toCborValue().toCbor());
    if (!body) {
        *why = QStringLiteral("the recipient's envelope key is not a valid P-256 public key");
        return std::nullopt;
    }
    return Envelope{header, *body};
}

std::optional<Letter> open(const Envelope &envelope, const Hpke::KeyPair &recipient, QString *why)
{
    if (!validHeader(envelope.header, why))
        return std::nullopt;
    const std::optional<QByteArray> inside =
        Hpke::open(recipient.privateKey, Context, headerBytes(envelope.header), envelope.body);
    if (!inside) {
        *why = QStringLiteral("the envelope was sealed to another key, or changed on the way");
        return std::nullopt;
    }
    const std::optional<QCborMap> map = parseMap(*inside, QStringLiteral("a letter"), why);
    Letter letter;
    if (!map || !readBytes(*map, kFrom, DeviceIdSize, DeviceIdSize, &letter.senderDevice, why) ||
        !readBytes(*map, kMessage, 1, MaxMessageSize, &letter.message, why) ||
        !readBytes(*map, kSignature, 1, MaxSignatureSize, &letter.signature, why) ||
        !exactKeys(*map, 3, QStringLiteral("a letter"), why))
        return std::nullopt;
    letter.signedBytes = signedBytes(envelope.header, recipient.publicKey, letter.message);
    return letter;
}

} // namespace Tincan::Envelopes

namespace Tincan {

bool Letter::isSignedBy(const QByteArray &senderSpkiDer) const
{
    return QCryptographicHash::hash(senderSpkiDer, QCryptographicHash::Sha256) == senderDevice &&
           verifySignature(senderSpkiDer, signedBytes, signature);
}

} // namespace Tincan
