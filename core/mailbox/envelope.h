#pragma once

// A sealed envelope (#17): a message for a contact who is offline, left with a mailbox that
// must not be able to read it, change it or tell who wrote it. docs/protocol.md, "Sealed
// envelopes", has the byte layout; docs/security.md what a mailbox sees.
//
// Outside, for the mailbox: the recipient's slot there, an expiry and the sealed body (its
// size is the body's). Inside, for the recipient alone: the sending device, the message exactly
// as it would travel over a link, and the device's signature. The signature covers the outside
// and the recipient's key, so a mailbox cannot extend an expiry or move a letter to another
// slot, and a recipient cannot re-seal a letter to a third person as if it had been sent to
// them. The message keeps its uuid, so one that arrives both from a mailbox and directly is
// stored once, by the same rule as a replay.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Tincan {

class Identity;

namespace Hpke {
struct KeyPair;
}

struct EnvelopeHeader
{
    QByteArray slot;    // Envelopes::SlotSize bytes: the recipient's slot at the mailbox
    qint64 expires = 0; // Unix seconds (UTC) after which the mailbox drops it

    friend bool operator==(const EnvelopeHeader &, const EnvelopeHeader &) = default;
};

struct Envelope
{
    EnvelopeHeader header;
    QByteArray body; // HPKE enc || ciphertext
};

// What an opened envelope holds. The sender is only a claim until isSignedBy() accepts the
// pinned key of that device.
struct Letter
{
    QByteArray senderDevice; // SHA-256 of the sending device's SPKI (its device id, raw)
    QByteArray message;      // the message's CBOR map, as it would travel over a link
    QByteArray signedBytes;  // what the signature covers
    QByteArray signature;

    bool isSignedBy(const QByteArray &senderSpkiDer) const;
};

namespace Envelopes {

inline constexpr int Version = 1;
inline constexpr qsizetype SlotSize = 16;
// A message as large as a link's largest frame, plus the envelope's own fields.
inline constexpr qsizetype MaxMessageSize = 1024 * 1024;
inline constexpr qsizetype MaxEncodedSize = MaxMessageSize + 1024;

// The CBOR form a mailbox stores and forwards: {v, slot, exp, body}.
QByteArray encode(const Envelope &envelope);
// Empty, with *why set, for anything but exactly one well-formed envelope within the limits.
std::optional<Envelope> decode(QByteArrayView bytes, QString *why);

// Seals message (a CBOR map's bytes) from sender to the holder of recipientKey (an HPKE public
// key). Empty, with *why set, when the header or the key is invalid or the message too large.
std::optional<Envelope> seal(const EnvelopeHeader &header, const QByteArray &message,
                             const Identity &sender, const QByteArray &recipientKey, QString *why);
// Opens an envelope sealed to recipient. Empty, with *why set, when it was sealed to another
// key, or anything in it (outside included) was changed on the way.
std::optional<Letter> open(const Envelope &envelope, const Hpke::KeyPair &recipient, QString *why);

} // namespace Envelopes

} // namespace Tincan
