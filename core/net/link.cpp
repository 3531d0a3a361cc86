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

QString checkHello(const QCborMap &message, DeviceCredential &remote, bool *outdated)
{
    *outdated = false;
    QString error;
    const auto hello = Protocol::decodeHello(message, &error);
    if (!hello)
        return error;
    if (hello->version < Protocol::MinVersion) {
        *outdated = true;
        return QStringLiteral("the peer speaks protocol v%1; this node needs v%2 or later "
                              "(Tincan 0.2): it must update")
            .arg(hello->version)
            .arg(Protocol::MinVersion);
    }
    if (hello->id != remote.deviceId)
        return QStringLiteral("hello id %1 does not match the certificate fingerprint %2")
            .arg(hello->id.left(12), remote.deviceId.left(12));
    auto account = DeviceList::verify(hello->account, &error);
    if (!account)
        return QStringLiteral("hello: ") + error;
    if (!account->contains(remote.deviceId))
        return QStringLiteral("hello: device %1 is not on the device list of account %2")
            .arg(remote.deviceId.left(12), account->accountId.left(12));
    remote.hello = *hello;
    remote.account = std::move(*account);
    return {};
}

QString reachableAddress(const DeviceCredential &remote, const LinkPath &path)
{
    if (remote.hello.port == 0 || path.remoteAddress.isNull() || path.ice)
        return {};
    LinkPath listening = path;
    listening.remotePort = remote.hello.port;
    return listening.endpoint();
}

} // namespace Tincan
