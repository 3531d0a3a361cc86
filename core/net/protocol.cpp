#include "protocol.h"

#include "crypto/fingerprint.h"
#include "util/displayname.h"

#include <QCborArray>

#include <limits>
#include <utility>

namespace Tincan::Protocol {

namespace {
const QString keyType = QStringLiteral("t");
constexpr int MaxNameBytes = 128; // UTF-8, as in discovery
constexpr int MaxCapabilities = 32;
constexpr int MaxAddressLength = 300;

QString text(const QCborMap &map, const QString &key)
{
    return map.value(key).toString();
}

bool isValidAddress(const QString &address)
{
    const qsizetype colon = address.lastIndexOf(u':');
    if (address.size() > MaxAddressLength || colon <= 0)
        return false;
    bool ok = false;
    const uint port = QStringView(address).mid(colon + 1).toUInt(&ok);
    return ok && port > 0 && port <= 65535;
}
} // namespace

QString typeOf(const QCborMap &message)
{
    return text(message, keyType);
}

bool isValidId(const QString &id)
{
    return isNodeId(id);
}

QCborMap encodeHello(const Hello &hello)
{
    QCborMap map;
    map.insert(keyType, Type::Hello);
    map.insert(QStringLiteral("v"), hello.version);
    map.insert(QStringLiteral("id"), hello.id);
    map.insert(QStringLiteral("name"), hello.name);
    map.insert(QStringLiteral("port"), hello.port);
    map.insert(QStringLiteral("caps"), QCborArray::fromStringList(hello.capabilities));
    if (!hello.account.isEmpty())
        map.insert(QStringLiteral("acct"), hello.account);
    if (hello.linkId.size() == LinkIdSize)
        map.insert(QStringLiteral("lid"), hello.linkId);
    if (hello.replaces.size() == LinkIdSize)
        map.insert(QStringLiteral("rpl"), hello.replaces);
    if (hello.linkOffer.size() == LinkIdSize)
        map.insert(QStringLiteral("lnk"), hello.linkOffer);
    return map;
}

std::optional<Hello> decodeHello(const QCborMap &message, QString *error)
{
    Hello hello;
    const QCborValue version = message.value(QStringLiteral("v"));
    const QCborValue port = message.value(QStringLiteral("port"));
    const QCborValue caps = message.value(QStringLiteral("caps"));
    hello.id = text(message, QStringLiteral("id"));
    hello.name = sanitizedName(text(message, QStringLiteral("name")), MaxNameBytes);
    // Beyond int it would be cut to its low bits: 2^32 + 1 must not read as version 1.
    if (!version.isInteger() || version.toInteger() < 1 ||
        version.toInteger() > std::numeric_limits<int>::max()) {
        *error = QStringLiteral("hello: missing or invalid protocol version");
        return std::nullopt;
    }
    if (!isValidId(hello.id)) {
        *error = QStringLiteral("hello: id is not 64 lowercase hex characters");
        return std::nullopt;
    }
    if (!port.isInteger() || port.toInteger() < 0 || port.toInteger() > 65535) {
        *error = QStringLiteral("hello: invalid port");
        return std::nullopt;
    }
    hello.version = static_cast<int>(version.toInteger());
    const QCborValue account = message.value(QStringLiteral("acct"));
    if (hello.version >= 2 && !account.isMap()) {
        *error = QStringLiteral("hello: protocol v%1 needs the account's device list (acct)")
                     .arg(hello.version);
        return std::nullopt;
    }
    hello.account = account.toMap();
    hello.port = static_cast<quint16>(port.toInteger());
    for (auto [key, field] : {std::pair{QStringLiteral("lid"), &hello.linkId},
                              std::pair{QStringLiteral("rpl"), &hello.replaces},
                              std::pair{QStringLiteral("lnk"), &hello.linkOffer}}) {
        if (const QByteArray bytes = message.value(key).toByteArray(); bytes.size() == LinkIdSize)
            *field = bytes;
    }
    if (caps.isArray()) {
        for (const QCborValue &cap : caps.toArray()) {
            if (cap.isString() && hello.capabilities.size() < MaxCapabilities)
                hello.capabilities.append(cap.toString());
        }
    }
    return hello;
}

QCborMap encodeAccountList(const QCborMap &signedList)
{
    QCborMap map;
    map.insert(keyType, Type::Account);
    map.insert(QStringLiteral("acct"), signedList);
    return map;
}

QCborMap accountListOf(const QCborMap &message)
{
    return message.value(QStringLiteral("acct")).toMap();
}

QCborMap encodeVersionRefusal()
{
    QCborMap map;
    map.insert(keyType, Type::Refuse);
    map.insert(QStringLiteral("why"), QStringLiteral("version"));
    map.insert(QStringLiteral("v"), Version);
    map.insert(QStringLiteral("min"), MinVersion);
    return map;
}

QString describeRefusal(const QCborMap &message)
{
    const QString why = text(message, QStringLiteral("why")).left(32);
    if (why != QLatin1String("version"))
        return QStringLiteral("the peer refused the link (%1)").arg(why);
    return QStringLiteral("the peer speaks protocol v%1 from v%2 on; this node speaks v%3")
        .arg(message.value(QStringLiteral("v")).toInteger())
        .arg(message.value(QStringLiteral("min")).toInteger())
        .arg(Version);
}

QCborMap encodePeers(const QList<PeerHint> &peers)
{
    QCborArray list;
    for (const PeerHint &peer : peers.mid(0, MaxPeerHints)) {
        QCborMap entry;
        entry.insert(QStringLiteral("id"), peer.id);
        entry.insert(QStringLiteral("name"), peer.name);
        entry.insert(QStringLiteral("addrs"),
                     QCborArray::fromStringList(peer.addresses.mid(0, MaxAddressesPerHint)));
        list.append(entry);
    }
    QCborMap map;
    map.insert(keyType, Type::Peers);
    map.insert(QStringLiteral("peers"), list);
    return map;
}

QList<PeerHint> decodePeers(const QCborMap &message)
{
    QList<PeerHint> peers;
    const QCborArray list = message.value(QStringLiteral("peers")).toArray();
    for (const QCborValue &value : list) {
        if (peers.size() >= MaxPeerHints)
            break;
        const QCborMap entry = value.toMap();
        PeerHint hint;
        hint.id = text(entry, QStringLiteral("id"));
        hint.name = sanitizedName(text(entry, QStringLiteral("name")), MaxNameBytes);
        if (!isValidId(hint.id))
            continue;
        for (const QCborValue &address : entry.value(QStringLiteral("addrs")).toArray()) {
            if (hint.addresses.size() >= MaxAddressesPerHint)
                break;
            if (address.isString() && isValidAddress(address.toString()))
                hint.addresses.append(address.toString());
        }
        if (!hint.addresses.isEmpty())
            peers.append(hint);
    }
    return peers;
}

} // namespace Tincan::Protocol
