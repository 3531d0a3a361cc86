#pragma once

// What two devices exchange through a rendezvous before an ICE link exists (docs/protocol.md,
// "Reaching beyond the LAN"): an offer from the device that dials, an answer from the one it
// reaches. Each names both devices and a fresh session id, carries the sender's certificate,
// the key to seal the reply to and the ICE description, and is signed by the sender's device
// key, then sealed (HPKE) to the recipient's envelope key. A forwarder, a contact or a DHT
// node, sees only who it is for; a recipient trusts nothing in it before the signature and the
// certificate's fingerprint check out.

#include <QByteArray>
#include <QString>

#include <optional>

namespace Tincan {

class Identity;

namespace Hpke {
struct KeyPair;
}

struct IceSignal
{
    enum class Kind
    {
        Offer,
        Answer
    };
    Kind kind = Kind::Offer;
    QString from; // device ids
    QString to;
    QByteArray sessionId; // 16 random bytes, chosen by the offer, echoed by the answer
    qint64 sentAtMs = 0;
    QByteArray senderCertificate; // DER; its SPKI's SHA-256 is `from`
    QByteArray replyKey;          // the sender's HPKE envelope key
    QString description;          // ICE SDP
};

namespace IceSignals {

inline constexpr qsizetype SessionIdSize = 16;
inline constexpr qsizetype MaxSealedSize = 16 * 1024;
// How far a signal's clock may be from ours: a replay after that is refused unseen.
inline constexpr qint64 MaxAgeMs = 5 * 60 * 1000;

// Signs signal with signer (whose certificate and id it must name) and seals it to
// recipientKey. Empty when the key is not a valid HPKE key.
std::optional<QByteArray> seal(const IceSignal &signal, const Identity &signer,
                               const QByteArray &recipientKey);
// Opens a sealed signal for the device `me` holding `key`; nullopt with *why when it was sealed
// to another key, names another recipient, is too old, or its signature or certificate does not
// match its sender.
std::optional<IceSignal> open(const QByteArray &sealed, const Hpke::KeyPair &key, const QString &me,
                              qint64 nowMs, QString *why);

} // namespace IceSignals
} // namespace Tincan
