#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// The human-readable output of `tincan ctl` (--json prints the bridge's JSON instead).
namespace Tincan::Ctl::Format {

using Names = QHash<QString, QString>; // peer id → display name

QString peerTable(const QJsonArray &peers);
// "[2024-05-01 14:03:12] Bob: text", outgoing ones with their delivery state.
QString messageLine(const QJsonObject &message, const Names &names);
// One line per event of /api/v1/events; empty for events not worth a line.
QString eventLine(const QJsonObject &frame, const Names &names);
QString localTime(const QJsonValue &isoTime);
// "in  active   42% 12.0 MiB/s ETA 8s  photo.jpg (3.1 MiB) from Bob  [id]"
QString transferLine(const QJsonObject &transfer, const Names &names);

} // namespace Tincan::Ctl::Format
