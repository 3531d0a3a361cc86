#include "groupevent.h"

#include "crypto/fingerprint.h"
#include "crypto/identity.h"
#include "crypto/signature.h"
#include "groupeventkeys.h"
#include "store/storetypes.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QCryptographicHash>
#include <QUuid>

namespace Tincan {

namespace {
const QString kGroup = QStringLiteral("group");
const QString kLamport = QStringLiteral("lamport");
const QString kTs = QStringLiteral("ts");
const QString kPrev = QStringLiteral("prev");
const QString kNonce = QStringLiteral("nonce");
const QString kBody = QStringLiteral("body");
const QString kSig = QStringLiteral("sig");
const QString kCert = QStringLiteral("cert");

constexpr int MaxPrev = 16;
constexpr int MaxCertificateSize = 8 * 1024;
constexpr int NonceSize = 16;

const QStringList &opNames()
{
    static const QStringList names{QStringLiteral("create"), QStringLiteral("add"),
                                   QStringLiteral("remove"), QStringLiteral("leave"),
                                   QStringLiteral("rename"), QStringLiteral("promote")};
    return names;
}

bool fail(QString *why, const QString &reason)
{
    if (why)
        *why = reason;
    return false;
}

bool isEventId(const QString &id)
{
    return isValidPeerId(id); // also 64 lowercase hex: a SHA-256
}

// The rules every event obeys whoever made it; authorisation is the fold's job.
bool validContent(const GroupEvent &e, QString *why)
{
    if (canonicalUuid(e.group) != e.group || e.group.isEmpty())
        return fail(why, QStringLiteral("bad group id"));
    if (!isValidPeerId(e.actor))
        return fail(why, QStringLiteral("bad actor"));
    if (e.lamport < 1 || e.lamport > MaxLamport)
        return fail(why, QStringLiteral("lamport out of range"));
    if (!e.ts.isValid())
        return fail(why, QStringLiteral("bad time"));
    if (e.targets.size() > MaxGroupTargets || e.prev.size() > MaxPrev)
        return fail(why, QStringLiteral("too many targets or prev ids"));
    for (const QString &target : e.targets) {
        if (!isValidPeerId(target))
            return fail(why, QStringLiteral("bad target"));
    }
    for (const QString &id : e.prev) {
        if (!isEventId(id))
            return fail(why, QStringLiteral("bad prev id"));
    }
    if (e.name.size() > MaxGroupNameLength)
        return fail(why, QStringLiteral("name too long"));
    const bool needsTargets =
        e.op == GroupOp::Add || e.op == GroupOp::Remove || e.op == GroupOp::Promote;
    if (needsTargets && e.targets.isEmpty())
        return fail(why, QStringLiteral("no targets"));
    if (e.op == GroupOp::Create && groupIdFor(e.actor, e.nonce) != e.group)
        return fail(why, QStringLiteral("group id does not derive from the creator"));
    return true;
}

QByteArray encodeBody(const GroupEvent &e)
{
    QCborMap map;
    map.insert(GroupEventKeys::op, groupOpName(e.op));
    map.insert(kGroup, e.group);
    map.insert(GroupEventKeys::actor, e.actor);
    map.insert(GroupEventKeys::targets, QCborArray::fromStringList(e.targets));
    if (e.op == GroupOp::Create || e.op == GroupOp::Rename)
        map.insert(GroupEventKeys::name, e.name);
    map.insert(kLamport, e.lamport);
    map.insert(kTs, e.ts.toMSecsSinceEpoch());
    if (!e.prev.isEmpty())
        map.insert(kPrev, QCborArray::fromStringList(e.prev));
    if (e.op == GroupOp::Create)
        map.insert(kNonce, e.nonce);
    return map.toCborValue().toCbor();
}

std::optional<QStringList> textList(const QCborValue &value, int max)
{
    if (value.isUndefined())
        return QStringList();
    if (!value.isArray() || value.toArray().size() > max)
        return std::nullopt;
    QStringList list;
    for (const QCborValue &item : value.toArray()) {
        if (!item.isString())
            return std::nullopt;
        list << item.toString();
    }
    return list;
}

std::optional<GroupEvent> decodeBody(const QByteArray &body, QString *why)
{
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(body, &error);
    if (error.error != QCborError::NoError || !value.isMap()) {
        fail(why, QStringLiteral("body is not a CBOR map"));
        return std::nullopt;
    }
    const QCborMap map = value.toMap();
    GroupEvent e;
    const auto op = groupOpFromName(map.value(GroupEventKeys::op).toString());
    const auto targets = textList(map.value(GroupEventKeys::targets), MaxGroupTargets);
    const auto prev = textList(map.value(kPrev), MaxPrev);
    if (!op || !targets || !prev || !map.value(kLamport).isInteger() ||
        !map.value(kTs).isInteger()) {
        fail(why, QStringLiteral("missing or malformed field"));
        return std::nullopt;
    }
    e.op = *op;
    e.group = map.value(kGroup).toString();
    e.actor = map.value(GroupEventKeys::actor).toString();
    e.targets = *targets;
    e.name = map.value(GroupEventKeys::name).toString();
    e.lamport = map.value(kLamport).toInteger();
    e.ts = QDateTime::fromMSecsSinceEpoch(map.value(kTs).toInteger()).toUTC();
    e.prev = *prev;
    e.nonce = map.value(kNonce).toByteArray();
    if (!validContent(e, why))
        return std::nullopt;
    return e;
}

QString hexSha256(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}
} // namespace

QByteArray GroupEvent::payload() const
{
    QCborMap map;
    map.insert(kBody, body);
    map.insert(kSig, signature);
    map.insert(kCert, certificate);
    return map.toCborValue().toCbor();
}

QString groupOpName(GroupOp op)
{
    return opNames().value(static_cast<int>(op));
}

std::optional<GroupOp> groupOpFromName(const QString &name)
{
    const qsizetype op = opNames().indexOf(name);
    if (op < 0)
        return std::nullopt;
    return static_cast<GroupOp>(op);
}

QString groupIdFor(const QString &creatorId, const QByteArray &nonce)
{
    if (nonce.size() != NonceSize)
        return {};
    QByteArray input = QByteArrayLiteral("tincan-group-v1");
    input += '\0' + creatorId.toLatin1() + '\0' + nonce;
    QByteArray bytes = QCryptographicHash::hash(input, QCryptographicHash::Sha256).left(16);
    // Shaped as an RFC 9562 version 8 (custom) UUID so every UUID parser takes it.
    bytes[6] = char((bytes[6] & 0x0f) | 0x80);
    bytes[8] = char((bytes[8] & 0x3f) | 0x80);
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

std::optional<GroupEvent> signGroupEvent(const Identity &identity, GroupEvent event)
{
    if (event.op == GroupOp::Create && event.nonce.isEmpty()) {
        event.nonce = QUuid::createUuid().toRfc4122(); // 16 random bytes
        event.group = groupIdFor(event.actor, event.nonce);
    }
    if (identity.id() != event.actor || !validContent(event, nullptr))
        return std::nullopt;
    event.body = encodeBody(event);
    event.signature = identity.sign(event.body);
    event.certificate = identity.certificate().toDer();
    event.id = hexSha256(event.body);
    if (event.signature.isEmpty())
        return std::nullopt;
    return event;
}

std::optional<GroupEvent> parseGroupEvent(const QByteArray &payload, QString *why)
{
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(payload, &error);
    if (error.error != QCborError::NoError || !value.isMap()) {
        fail(why, QStringLiteral("payload is not a CBOR map"));
        return std::nullopt;
    }
    const QCborMap map = value.toMap();
    const QByteArray body = map.value(kBody).toByteArray();
    const QByteArray signature = map.value(kSig).toByteArray();
    const QByteArray certDer = map.value(kCert).toByteArray();
    if (body.isEmpty() || signature.isEmpty() || certDer.isEmpty() ||
        certDer.size() > MaxCertificateSize) {
        fail(why, QStringLiteral("missing body, signature or certificate"));
        return std::nullopt;
    }
    auto event = decodeBody(body, why);
    if (!event)
        return std::nullopt;
    const QSslCertificate cert(certDer, QSsl::Der);
    if (fingerprintId(cert) != event->actor) {
        fail(why, QStringLiteral("the certificate is not the actor's"));
        return std::nullopt;
    }
    if (!verifySignature(spkiDer(cert), body, signature)) {
        fail(why, QStringLiteral("bad signature"));
        return std::nullopt;
    }
    event->body = body;
    event->signature = signature;
    event->certificate = certDer;
    event->id = hexSha256(body);
    return event;
}

bool foldsBefore(const GroupEvent &a, const GroupEvent &b)
{
    if (a.lamport != b.lamport)
        return a.lamport < b.lamport;
    if (a.actor != b.actor)
        return a.actor < b.actor;
    return a.id < b.id;
}

} // namespace Tincan
