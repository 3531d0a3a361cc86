#pragma once

// The mailbox frames (docs/protocol.md, "Mailboxes"), spoken on a link whose peer announced
// the capability "mbox1". Decoders check every field and return nullopt for anything else; who
// sent a frame is the link's proven device, never a field.

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QString>

#include <optional>

namespace Tincan {

class Identity;

namespace MailboxProtocol {

inline const QString Capability = QStringLiteral("mbox1");

namespace Type {
inline const QString Record = QStringLiteral("mbrec");   // a device's signed mailbox record
inline const QString Use = QStringLiteral("mbuse");      // owner → mailbox: hold mine (or stop)
inline const QString UseReply = QStringLiteral("mbusr"); // mailbox → owner: yes, or why not
inline const QString Put = QStringLiteral("mbput");      // depositor → mailbox: one envelope
inline const QString PutReply = QStringLiteral("mbptr"); // mailbox → depositor: taken, or why not
inline const QString Get = QStringLiteral("mbget");      // device → mailbox: what waits for me?
inline const QString Batch = QStringLiteral("mbenv");    // mailbox → device: envelopes
inline const QString Delete = QStringLiteral("mbdel");   // device → mailbox: committed, drop them
} // namespace Type

// Envelopes in one frame: a link's frame holds 1 MiB.
inline constexpr qsizetype MaxPutSize = 1024 * 1024 - 4096;
inline constexpr qsizetype MaxBatchBytes = 512 * 1024;
inline constexpr int MaxBatchItems = 256;

// A device's slot at any mailbox: the first 16 bytes of SHA-256("tincan mailbox slot v1" ||
// its device id). Whoever knows a device id can compute it (docs/security.md says what that
// tells a mailbox); the mailbox hands a slot's envelopes only to the device it belongs to.
QByteArray slotOf(const QString &deviceId);

// What a device publishes to the devices it talks to: the key to seal envelopes to, and the
// mailbox it chose (empty: none). Signed by the device's own key; a newer one replaces it.
struct Record
{
    QString deviceId;
    QByteArray envelopeKey; // HPKE public key, 65 bytes
    QString mailboxId;      // a device id, or empty
    qint64 issuedAtMs = 0;
};
QCborMap encodeRecord(const Record &record, const Identity &signer);
// The record inside a frame from fromDevice, whose SPKI (DER) is given; nullopt with *why when
// the signature, the device or a field is wrong.
std::optional<Record> decodeRecord(const QCborMap &frame, const QString &fromDevice,
                                   const QByteArray &spkiDer, QString *why);
// The signed bytes kept in the store, to be checked again or passed on unchanged.
QByteArray recordBytes(const QCborMap &frame);

QCborMap encodeUse(bool use);
std::optional<bool> decodeUse(const QCborMap &frame);

enum class UseAnswer
{
    Accepted = 0,
    NotOffered = 1, // this node is no mailbox
    Stopped = 2,    // the owner stopped using it
};
QCborMap encodeUseReply(UseAnswer answer);
std::optional<UseAnswer> decodeUseReply(const QCborMap &frame);

struct Put
{
    qint64 tag = 0; // the depositor's own number, echoed in the reply
    QByteArray envelope;
};
QCborMap encodePut(const Put &put);
std::optional<Put> decodePut(const QCborMap &frame);

enum class PutStatus
{
    Stored = 0,  // held until fetched and acknowledged, or until it expires
    Full = 1,    // the quota of the owner it would count against is used up
    Refused = 2, // this mailbox holds nothing for that slot or from that depositor
    Invalid = 3, // not an envelope, or already expired
    Failed = 4,  // the mailbox could not store it (its disk): try again later
};
struct PutReply
{
    qint64 tag = 0;
    PutStatus status = PutStatus::Failed;
};
QCborMap encodePutReply(const PutReply &reply);
std::optional<PutReply> decodePutReply(const QCborMap &frame);

QCborMap encodeGet();

struct Held
{
    qint64 id = 0; // the mailbox's number for it, named in Delete
    QByteArray envelope;
};
struct Batch
{
    QList<Held> items;
    bool more = false; // more wait behind these: the device asks again after deleting
};
QCborMap encodeBatch(const Batch &batch);
std::optional<Batch> decodeBatch(const QCborMap &frame);

QCborMap encodeDelete(const QList<qint64> &ids);
std::optional<QList<qint64>> decodeDelete(const QCborMap &frame);

} // namespace MailboxProtocol
} // namespace Tincan
