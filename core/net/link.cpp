#include "link.h"

namespace Tincan {

QString LinkPath::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Lan:
        return QStringLiteral("lan");
    case Kind::Direct:
        return QStringLiteral("direct");
    case Kind::Relayed:
        return QStringLiteral("relayed");
    }
    return {};
}

QString LinkPath::endpoint() const
{
    if (remoteAddress.isNull())
        return {};
    if (remoteAddress.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(remoteAddress.toString()).arg(remotePort);
    return QStringLiteral("%1:%2").arg(remoteAddress.toString()).arg(remotePort);
}

QString reachableAddress(const DeviceCredential &remote, const LinkPath &path)
{
    if (remote.hello.port == 0 || path.remoteAddress.isNull())
        return {};
    LinkPath listening = path;
    listening.remotePort = remote.hello.port;
    return listening.endpoint();
}

} // namespace Tincan
