#pragma once

#include <QCborMap>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Message types of the peer protocol (docs/protocol.md). Every message is a CBOR map whose
// key "t" names its type; unknown types are ignored so that newer peers can talk to older ones.
namespace Tincan::Protocol {

// 2: the hello carries the sender's account and device list. Peers below MinVersion are
// refused with a "refuse" message naming both versions.
inline constexpr int Version = 2;
inline constexpr int MinVersion = 2;

namespace Type {
inline const QString Hello = QStringLiteral("hello");
inline const QString Ping = QStringLiteral("ping");
inline const QString Pong = QStringLiteral("pong");
inline const QString Peers = QStringLiteral("peers");
inline const QString Refuse = QStringLiteral("refuse");
inline const QString Account = QStringLiteral("acct");
} // namespace Type

QString typeOf(const QCborMap &message);

struct Hello
{
    int version = Version;
    QString id; // 64 lowercase hex: SHA-256 of the sender's SubjectPublicKeyInfo
    QString name;
    quint16 port = 0; // where the sender listens, 0 if it does not
    QStringList capabilities;
    // v2: the signed device list of the sender's account (DeviceList's signed form); its
    // signature and whether it lists this device are checked by the link, not here.
    QCborMap account;
    // Optional, 16 random bytes each (ignored otherwise). linkId: the dialler's name for this
    // link, which both ends then know. replaces: the linkId of the dialler's previous link to
    // this device, which the dialler has given up on (a network change, a silent path); the
    // receiver drops it for this one even if it has not noticed the loss yet.
    QByteArray linkId;
    QByteArray replaces;
    // Optional, 16 bytes: this link is not a session but a new device of the receiver's account
    // asking to join it, with the tag of a link code (core/devices, protocol.md "Linking a
    // device"). An older node ignores it and the joiner hears nothing it expects.
    QByteArray linkOffer;
};
inline constexpr qsizetype LinkIdSize = 16;
QCborMap encodeHello(const Hello &hello);
// nullopt with *error set when a field is missing, of the wrong type or out of range.
std::optional<Hello> decodeHello(const QCborMap &message, QString *error);

// A changed device list, at once (protocol.md, "acct"): {"t": "acct", "acct": signed list}.
QCborMap encodeAccountList(const QCborMap &signedList);
// The signed list it carries (not verified here); an empty map when there is none.
QCborMap accountListOf(const QCborMap &message);

// Sent before closing a link whose peer speaks a version this node does not: {"t": "refuse",
// "why": "version", "v": our version, "min": the lowest we speak}.
QCborMap encodeVersionRefusal();
// For the log, when a peer refuses us: "the peer speaks protocol v3 from v3 on; this node v2".
QString describeRefusal(const QCborMap &message);

// One entry of peer exchange: addresses are hints, identity is always proven by TLS.
struct PeerHint
{
    QString id;
    QString name;
    QStringList addresses; // "host:port"
};
inline constexpr int MaxPeerHints = 64;
inline constexpr int MaxAddressesPerHint = 8;
QCborMap encodePeers(const QList<PeerHint> &peers);
// Drops malformed entries rather than the whole message: hints are advisory.
QList<PeerHint> decodePeers(const QCborMap &message);

bool isValidId(const QString &id);

} // namespace Tincan::Protocol
