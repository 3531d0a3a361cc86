#pragma once

#include <QString>

#include <optional>

namespace Tincan {

// What the user may hand to --connect or "Add peer": "host:port", "[v6]:port", or an invite
// link "tincan://host:port/<64 hex fingerprint>" that pins the key from the first byte, or
// "tincan://<64 hex fingerprint>", which names the device only (a rendezvous finds it).
struct ConnectTarget
{
    QString host; // empty for tincan://ID
    quint16 port = 0;
    QString pinnedId; // empty unless it came from an invite link
};

std::optional<ConnectTarget> parseConnectTarget(const QString &text, QString *error);
QString formatInviteLink(const QString &host, quint16 port, const QString &id);

} // namespace Tincan
