#pragma once

#include "crypto/devicelist.h"
#include "protocol.h"

#include <QCborMap>
#include <QHostAddress>
#include <QObject>
#include <QSslCertificate>

#include <chrono>

namespace Tincan {

// What the far end of a link proved: the key of its device (TLS shows it holds the key of this
// certificate), the hello it sent, which names the same key, and the account whose signed
// device list names that device. TrustPolicy judges this, never the channel it came over.
struct DeviceCredential
{
    QString deviceId; // SHA-256 of the device key's SubjectPublicKeyInfo, 64 hex
    QSslCertificate certificate;
    Protocol::Hello hello; // complete once the link is authenticated
    DeviceList account;    // verified, and listing deviceId, once the link is authenticated
};

// The checks every transport makes on the hello that opens a link, once the channel has
// shown remote.deviceId: a version this node speaks, an id naming that device, and an account
// whose device list is signed and lists it. Fills remote.hello and remote.account, or returns
// why the link must close; *outdated tells that the peer's version is too old, so that the
// link can send a refusal naming the versions first.
QString checkHello(const QCborMap &message, DeviceCredential &remote, bool *outdated);

// Which way a link's bytes go, for display, the router's choice and trust checks.
struct LinkPath
{
    enum class Kind
    {
        Lan,     // the device is on a network this machine is on
        Direct,  // reached across networks, no relay
        Relayed, // through a relay (TURN)
    };
    Kind kind = Kind::Direct;
    QHostAddress remoteAddress; // plain IPv4 for a v4-mapped address
    quint16 remotePort = 0;
    bool ice = false; // over an ICE stream: the address is a NAT's or a relay's, not a listener
    QHostAddress localAddress; // this end's, where the socket tells (TCP); plain IPv4 as above

    static QString kindName(Kind kind); // "lan", "direct", "relayed"
    QString endpoint() const;           // "10.0.0.2:4567" or "[fe80::1]:4567"
};

// "host:port" where the device of a TCP-reachable link accepts new links: the address its
// link came from with the port its hello announced; empty when it announced none.
QString reachableAddress(const DeviceCredential &remote, const LinkPath &path);

// An authenticated, framed channel to one device (KDE Connect's DeviceLink): made by a
// Transport, started by the router, and from then on a sequence of CBOR maps each way. A link
// enforces its transport's limits and answers keepalives itself; every other message goes up
// through messageReceived(). After closed() it sends nothing and is deleted by its owner.
class Link : public QObject
{
    Q_OBJECT
public:
    enum class Direction
    {
        Outgoing,
        Incoming
    };
    enum class State
    {
        Connecting,
        AwaitingHello,
        Authenticated,
        Closed
    };
    using QObject::QObject;

    // Outgoing links connect; both kinds then send localHello and wait for the device's.
    virtual void start(const Protocol::Hello &localHello) = 0;
    virtual Direction direction() const = 0;
    virtual State state() const = 0;
    // The device id is known once the channel is secured, the hello once authenticated.
    virtual const DeviceCredential &remote() const = 0;
    virtual LinkPath path() const = 0;
    // What was dialled ("host:port"), for outgoing links; for logs.
    virtual QString target() const = 0;

    virtual void send(const QCborMap &message) = 0;
    // Bytes accepted by send() and not yet handed to the network, at every layer of the link.
    // Bulk senders (file chunks) wait for it to drain, so a chat frame never queues behind more
    // than about one chunk.
    virtual qint64 pendingOutbound() const = 0;
    virtual void close(const QString &reason) = 0;
    // Asks the device for a sign of life now (a keepalive ping) and closes the link when nothing
    // at all arrives within `within`. After a network change the link's path may be gone, and
    // waiting for the keepalive would leave messages in a dead link for most of a minute.
    virtual void probe(std::chrono::milliseconds within) = 0;

    QString deviceId() const { return remote().deviceId; }
    QString reachableAddress() const { return Tincan::reachableAddress(remote(), path()); }

Q_SIGNALS:
    // The channel is secure and remote().deviceId known, before anything was sent on it: the
    // router may close() a blocked or duplicate device at once, without a hello.
    void secured();
    // The channel is secure and the hello verified; the router decides on trust and may close().
    void authenticated();
    void messageReceived(const QCborMap &message);
    void closed(const QString &reason);
    // Some of the pending outbound bytes went out.
    void outboundDrained();
};

} // namespace Tincan
