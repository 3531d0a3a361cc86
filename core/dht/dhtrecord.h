#pragma once

// What Tincan stores in the DHT (docs/protocol.md, "Rendezvous over the DHT"). A device listens
// at keys derived from its id and the day, never at the id itself. There it publishes a record
// that only those who know the id can open (the device's certificate and its signed envelope
// key), and callers put sealed ICE offers (icesignal.h); an answer goes back to a random key
// the offer names. A DHT node sees random-looking keys, ciphertext and the addresses of those
// who put and listen: no id, no name, no text.

#include "ice/rendezvous.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Tincan::DhtRecords {

inline constexpr qsizetype KeySize = 20; // an OpenDHT InfoHash
inline constexpr qsizetype MaxValueSize = 20 * 1024;
inline constexpr qint64 DayMs = 24 * 60 * 60 * 1000;

// The UTC day number of a time in ms since the epoch: keys rotate daily.
qint64 dayOf(qint64 ms);
// Where the device `id` listens on `day`: the first 20 bytes of
// SHA-256("tincan dht listen v1" 0x00 id-bytes day-as-8-bytes-big-endian).
QByteArray listenKey(const QString &id, qint64 day);

struct Value
{
    enum class Kind
    {
        Record, // at a listen key: the device's certificate and signed envelope key, encrypted
        Offer,  // at a listen key: a sealed offer and the key its answer goes to
        Answer  // at that key: the sealed answer
    };
    Kind kind = Kind::Record;
    QByteArray body;     // the encrypted record, or the sealed signal
    QByteArray replyKey; // Offer only: KeySize random bytes
};

QByteArray encode(const Value &value);
// nullopt with *why for anything but one well-formed value within the limits.
std::optional<Value> decode(const QByteArray &bytes, QString *why);

// The record of the device `id` for `day`: its certificate (DER) and its signed mailbox record
// frame (its envelope key), under AES-128-GCM with a key derived from the id and the day.
Value sealRecord(const QString &id, qint64 day, const QByteArray &certificate,
                 const QByteArray &signedRecord);
// Opens and checks a record found at listenKey(id, day): the certificate's key hashes to id and
// signs the envelope key. route becomes the peer's route.
std::optional<RendezvousPeer> openRecord(const Value &value, const QString &id, qint64 day,
                                         const QString &route, QString *why);

} // namespace Tincan::DhtRecords
