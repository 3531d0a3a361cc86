#pragma once

#include <QCborMap>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Message types of the peer protocol (docs/protocol.md). Every message is a CBOR map whose
// key "t" names its type; unknown types are ignored so that newer peers can talk to older ones.
namespace Tincan::Protocol {

inline constexpr int Version = 1;

namespace Type {
inline const QString Hello = QStringLiteral("hello");
inline const QString Ping = QStringLiteral("ping");
inline const QString Pong = QStringLiteral("pong");
inline const QString Peers = QStringLiteral("peers");
} // namespace Type

QString typeOf(const QCborMap &message);

struct Hello
{
    int version = Version;
    QString id; // 64 lowercase hex: SHA-256 of the sender's SubjectPublicKeyInfo
    QString name;
    quint16 port = 0; // where the sender listens, 0 if it does not
    QStringList capabilities;
};
QCborMap encodeHello(const Hello &hello);
// nullopt with *error set when a field is missing, of the wrong type or out of range.
std::optional<Hello> decodeHello(const QCborMap &message, QString *error);

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
