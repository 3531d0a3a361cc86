#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace Tincan {

// A node to join the DHT through (--dht-bootstrap, the setting dhtBootstrap). Names are allowed
// here, unlike STUN and TURN servers: OpenDHT resolves them on its own thread.
struct DhtBootstrapNode
{
    QString host; // a DNS name or an IP literal (IPv6 without brackets)
    quint16 port = 4222;
};

// Jami's public bootstrap: the DHT Tincan joins by default is Jami's, as OpenDHT's own tools do.
// Used only with reaching beyond the LAN on, and only when the user named no other.
inline constexpr const char *DefaultDhtBootstrap = "bootstrap.jami.net:4222";

// "HOST[:PORT]" or "[IPv6][:PORT]"; the port defaults to 4222.
std::optional<DhtBootstrapNode> parseDhtBootstrap(const QString &text, QString *error);
QString formatDhtBootstrap(const DhtBootstrapNode &node);

} // namespace Tincan
