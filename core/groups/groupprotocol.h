#pragma once

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QString>

#include <optional>

// Group messages on the wire (docs/protocol.md, "Groups"). Decoders check shapes and sizes
// only; each event is verified on its own by parseGroupEvent().
namespace Tincan::GroupProtocol {

namespace Type {
inline const QString Events = QStringLiteral("gev");
inline const QString Sync = QStringLiteral("gsync");
} // namespace Type

inline constexpr int MaxEventsPerMessage = 256;
inline constexpr int MaxGroupsPerSync = 256;

struct Events
{
    QString groupId;
    QList<QByteArray> payloads; // signed events, in fold order
};
// Splits into as many messages as MaxEventsPerMessage needs.
QList<QCborMap> encodeEvents(const QString &groupId, const QList<QByteArray> &payloads);
std::optional<Events> decodeEvents(const QCborMap &map);

// "Here is what I hold of these groups; send me the events if yours differ."
struct SyncItem
{
    QString groupId;
    QByteArray digest; // logDigest() of the sender's event ids
};
QCborMap encodeSync(const QList<SyncItem> &items);
std::optional<QList<SyncItem>> decodeSync(const QCborMap &map);

// SHA-256 over the sorted event ids, truncated to 16 bytes.
QByteArray logDigest(QStringList eventIds);

} // namespace Tincan::GroupProtocol
