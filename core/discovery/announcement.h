#pragma once

#include "util/displayname.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

// The discovery datagram (docs/protocol.md, "Discovery"): a magic prefix, then one CBOR map.
// Everything in it is a hint; only the TLS session proves who is there.
namespace Tincan::Discovery {

inline constexpr int Version = 1;
// Never fragmented on any real link, and far below the 1280-byte IPv6 minimum MTU.
inline constexpr qsizetype MaxDatagramSize = 512;
inline constexpr qsizetype MaxNameBytes = 128; // UTF-8, cut at a character boundary
inline constexpr qsizetype IdBytes = 32;       // SHA-256 of the SubjectPublicKeyInfo
inline constexpr char Magic[] = "TCN\x01";     // 4 bytes: foreign datagrams cost one compare
inline constexpr qsizetype MagicSize = 4;

enum class Kind
{
    Announce, // "I am here": sent to the group and as the answer to a query
    Query,    // "who is here?": also announces the sender; everyone answers by unicast
    Goodbye   // "I am leaving": sent on a clean stop
};

struct Announcement
{
    Kind kind = Kind::Announce;
    int version = Version;
    QString id; // 64 lowercase hex digits
    QString name;
    quint16 port = 0; // TCP port of the sender's TLS listener; 0 only in a goodbye
};

// Never longer than MaxDatagramSize: the name is cut to MaxNameBytes first.
QByteArray encodeAnnouncement(const Announcement &announcement);
// nullopt for anything that is not a well-formed announcement of a known kind. Unknown keys
// are skipped; the decoded name is sanitised (no control characters) and at most MaxNameBytes.
std::optional<Announcement> decodeAnnouncement(QByteArrayView datagram);

using Tincan::sanitizedName; // util/displayname.h: the one rule for names from other devices

} // namespace Tincan::Discovery
