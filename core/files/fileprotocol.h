#pragma once

#include <QByteArray>
#include <QCborMap>
#include <QDateTime>
#include <QString>

#include <optional>

// File transfer frames (docs/protocol.md, "File transfer"). They travel on the peer session
// like chat frames; a peer that lacks the "file1" capability ignores them as unknown types.
// Decoders validate every field and return nullopt for anything malformed.
namespace Tincan::FileProtocol {

inline const QString Capability = QStringLiteral("file1");

namespace Type {
inline const QString Offer = QStringLiteral("foffer");
inline const QString Accept = QStringLiteral("faccept");
inline const QString Decline = QStringLiteral("fdecline");
inline const QString Chunk = QStringLiteral("fchunk");
inline const QString Ack = QStringLiteral("fack");
inline const QString Done = QStringLiteral("fdone");
inline const QString Cancel = QStringLiteral("fcancel");
} // namespace Type

inline constexpr qint64 ChunkSize = 256 * 1024; // well inside the 1 MiB frame limit
inline constexpr qint64 MaxFileSize = qint64(1) << 50;
inline constexpr int MaxNameBytes = 1024; // on the wire; the saved name is cut much shorter
inline constexpr int MaxMimeLength = 255;
inline constexpr int MaxReasonLength = 500;

struct Offer
{
    QString id;      // the transfer id: also the uuid of its chat message
    QString groupId; // empty for a direct transfer
    QString name;    // as offered: untrusted, sanitised by the receiver before any use
    qint64 size = 0;
    QByteArray sha256; // 32 bytes
    QString mime;
    QDateTime sentAt; // the time of its chat message
};
QCborMap encodeOffer(const Offer &offer);
std::optional<Offer> decodeOffer(const QCborMap &map);

// faccept (the receiver asks for bytes from offset on; also how it resumes) and fack (bytes up
// to offset are written and flushed on the receiver).
struct Position
{
    QString id;
    qint64 offset = 0;
};
QCborMap encodePosition(const QString &type, const Position &position);
std::optional<Position> decodePosition(const QCborMap &map);

struct Chunk
{
    QString id;
    qint64 offset = 0;
    QByteArray data;
};
QCborMap encodeChunk(const Chunk &chunk);
std::optional<Chunk> decodeChunk(const QCborMap &map);

// fdone (receiver: verified and saved), fdecline and fcancel (either side; error set when the
// cancel is a failure, such as a hash mismatch or a full disk, rather than a user's choice).
struct Status
{
    QString id;
    QString reason;
    bool error = false;
};
QCborMap encodeStatus(const QString &type, const Status &status);
std::optional<Status> decodeStatus(const QCborMap &map);

} // namespace Tincan::FileProtocol
