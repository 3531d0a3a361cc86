#include "icesignal.h"

#include "crypto/fingerprint.h"
#include "crypto/hpke.h"
#include "crypto/identity.h"
#include "crypto/signature.h"
#include "net/protocol.h"
#include "util/cbor.h"

#include <QCborMap>

namespace Tincan::IceSignals {

namespace {
// HPKE's info and the signature's context: a signal cannot pass for an envelope or a record.
const QByteArray kInfo = QByteArrayLiteral("tincan ice signal v1");
const QString kKind = QStringLiteral("k"), kFrom = QStringLiteral("from"),
              kTo = QStringLiteral("to"), kSession = QStringLiteral("sid"),
              kSent = QStringLiteral("ts"), kCert = QStringLiteral("cert"),
              kKey = QStringLiteral("key"), kSdp = QStringLiteral("sdp"),
              kBody = QStringLiteral("b"), kSignature = QStringLiteral("s");
constexpr qsizetype kMaxCertificate = 4096;
constexpr qsizetype kMaxDescription = 8 * 1024;

QByteArray signedBytes(const QByteArray &body)
{
    return kInfo + '\0' + body;
}
} // namespace

std::optional<QByteArray> seal(const IceSignal &signal, const Identity &signer,
                               const QByteArray &recipientKey)
{
    QCborMap body;
    body.insert(kKind, signal.kind == IceSignal::Kind::Offer ? 0 : 1);
    body.insert(kFrom, signal.from);
    body.insert(kTo, signal.to);
    body.insert(kSession, signal.sessionId);
    body.insert(kSent, signal.sentAtMs);
    body.insert(kCert, signal.senderCertificate);
    body.insert(kKey, signal.replyKey);
    body.insert(kSdp, signal.description);
    const QByteArray bytes = body.toCborValue().toCbor();
    QCborMap outer;
    outer.insert(kBody, bytes);
    outer.insert(kSignature, signer.sign(signedBytes(bytes)));
    return Hpke::seal(recipientKey, kInfo, signal.to.toLatin1(), outer.toCborValue().toCbor());
}

std::optional<IceSignal> open(const QByteArray &sealed, const Hpke::KeyPair &key, const QString &me,
                              qint64 nowMs, QString *why)
{
    if (sealed.size() > MaxSealedSize) {
        *why = QStringLiteral("a signal over %1 bytes").arg(MaxSealedSize);
        return std::nullopt;
    }
    // The recipient's id is the aad: a signal re-sealed for someone else fails here too.
    const auto plain = Hpke::open(key.privateKey, kInfo, me.toLatin1(), sealed);
    if (!plain) {
        *why = QStringLiteral("a signal not sealed to this device");
        return std::nullopt;
    }
    const auto outer = parseSingleCborItem(*plain, why);
    if (!outer)
        return std::nullopt;
    const QByteArray bytes = outer->toMap().value(kBody).toByteArray();
    const QByteArray signature = outer->toMap().value(kSignature).toByteArray();
    const auto inner = parseSingleCborItem(bytes, why);
    if (!inner)
        return std::nullopt;
    const QCborMap body = inner->toMap();
    IceSignal signal;
    const qint64 kind = body.value(kKind).toInteger(-1);
    signal.kind = kind == 0 ? IceSignal::Kind::Offer : IceSignal::Kind::Answer;
    signal.from = body.value(kFrom).toString();
    signal.to = body.value(kTo).toString();
    signal.sessionId = body.value(kSession).toByteArray();
    signal.sentAtMs = body.value(kSent).toInteger();
    signal.senderCertificate = body.value(kCert).toByteArray();
    signal.replyKey = body.value(kKey).toByteArray();
    signal.description = body.value(kSdp).toString();
    if ((kind != 0 && kind != 1) || !Protocol::isValidId(signal.from) || signal.to != me ||
        signal.sessionId.size() != SessionIdSize || signal.replyKey.size() != Hpke::PublicKeySize ||
        signal.senderCertificate.size() > kMaxCertificate || signal.description.isEmpty() ||
        signal.description.size() > kMaxDescription) {
        *why = QStringLiteral("a malformed signal, or one for another device");
        return std::nullopt;
    }
    if (std::abs(nowMs - signal.sentAtMs) > MaxAgeMs) {
        *why = QStringLiteral("a signal sent %1 s from now").arg((signal.sentAtMs - nowMs) / 1000);
        return std::nullopt;
    }
    const QByteArray spki = spkiOfCertificateFor(signal.senderCertificate, signal.from);
    if (spki.isEmpty() || !verifySignature(spki, signedBytes(bytes), signature)) {
        *why = QStringLiteral("a signal whose signature or certificate is not its sender's");
        return std::nullopt;
    }
    return signal;
}

} // namespace Tincan::IceSignals
