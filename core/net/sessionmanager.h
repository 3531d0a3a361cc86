#pragma once

#include "invitelink.h"
#include "link.h"
#include "networkwatcher.h"
#include "protocol.h"
#include "reconnectscheduler.h"
#include "sessionlimits.h"
#include "trustpolicy.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>

#include <functional>
#include <optional>

namespace Tincan {

class Account;
class Identity;
class PeerRepository;
class Transport;

// The router of one node: device id -> the one live Link to that device. It starts the links
// its transports make (dialled or incoming), has TrustPolicy judge each authenticated one,
// keeps one link per device (deterministically, when two appear at once) and redials known
// devices. Upper layers address devices by id only and never see a transport; "session" in
// this API means the link that is the device's current one.
class SessionManager : public QObject
{
    Q_OBJECT
public:
    SessionManager(const Identity &identity, const Account &account, PeerRepository &peers,
                   SessionLimits limits = {}, ReconnectPolicy reconnect = {},
                   QObject *parent = nullptr);
    ~SessionManager() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // A second transport, which reaches devices by id through a rendezvous (ICE); owned from
    // now on. Its incoming links are judged as the TCP ones are.
    void addDeviceTransport(Transport *transport);
    // Closes the links it made and drops it.
    void removeDeviceTransport();
    bool reachesDevicesById() const { return m_deviceTransport != nullptr; }
    void shutdown();
    quint16 port() const;
    QString localId() const { return m_localHello.id; }
    void setDisplayName(const QString &name) { m_localHello.name = name; }
    // This person's account changed (a device added or revoked, or this device joined another
    // account): hellos from now on carry the new list.
    void setAccountList(const DeviceList &list);
    // Announced in the hello of sessions started from now on (docs/protocol.md, "caps").
    void addCapability(const QString &capability)
    {
        if (!m_localHello.capabilities.contains(capability))
            m_localHello.capabilities.append(capability);
    }

    // Dials a peer. expectedId restricts which key is accepted; pinned (invite links) makes a
    // different key a key-change alarm instead of a quiet refusal. An empty host dials the
    // device expectedId through the device transport.
    void connectTo(const QString &host, quint16 port, const QString &expectedId = {},
                   bool pinned = false);
    void connectTo(const ConnectTarget &target);
    // Dials the device a link code names, with the code's tag in the hello: the link is no
    // session. Once the device proves to be deviceId it is handed over by deviceLinkReady();
    // until then the caller may watch the returned link close (null while shutting down).
    Link *dialForDeviceLink(const QString &host, quint16 port, const QString &deviceId,
                            const QByteArray &tag);
    // Redials every known, unblocked peer that has an address.
    void reconnectKnownPeers();
    // Whether a known peer is still worth redialling when its backoff is due (the node's
    // ReachPolicy on a large LAN); a peer it refuses is left until something else dials.
    void setRedialFilter(std::function<bool(const QString &peerId)> filter)
    {
        m_redialFilter = std::move(filter);
    }

    bool isConnected(const QString &peerId) const { return m_active.contains(peerId); }
    QStringList connectedPeers() const { return m_active.keys(); }
    // The device's current link, or null. Callers use it to inspect; they send through send().
    Link *link(const QString &peerId) const { return m_active.value(peerId); }
    // What the connected device proved, or nullopt when it is not connected.
    std::optional<DeviceCredential> credential(const QString &peerId) const;
    int sessionCount() const { return int(m_all.size()); }
    bool send(const QString &peerId, const QCborMap &message);
    // Unsent bytes on the device's link (0 when not connected); see Link::pendingOutbound().
    qint64 pendingOutbound(const QString &peerId) const;
    // Closes the device's link now, e.g. because the user blocked it.
    void disconnectPeer(const QString &peerId, const QString &reason);

    TrustPolicy &trust() { return m_trust; }
    // Accepting unblocks future sessions from that key; the peer reconnects on its own.
    bool resolveKeyChange(const QString &presentedId, bool accept);

Q_SIGNALS:
    void peerConnected(const QString &peerId);
    void peerDisconnected(const QString &peerId);
    // The peer's session was swapped for a duplicate one (both dialled at once); whatever was
    // in flight on the old one must go again on the new one.
    void sessionReplaced(const QString &peerId);
    void messageReceived(const QString &peerId, const QCborMap &message);
    // Some of the unsent bytes on the device's link went out.
    void outboundDrained(const QString &peerId);
    void keyChangeDetected(const Tincan::KeyChangeEvent &event);
    void sessionRefused(const QString &peerId, const QString &reason);
    // The device's hello showed a newer list of its account than this node held.
    void accountListReplaced(const QString &deviceId, const Tincan::DeviceList &before,
                             const Tincan::DeviceList &after);
    // Links about linking a device (core/devices), out of the router's hands from now on: the
    // receiver takes ownership. Offered: an incoming link whose hello carries a link code's tag.
    // Ready: a dialForDeviceLink() link, authenticated as the device dialled.
    void deviceLinkOffered(Tincan::Link *link);
    void deviceLinkReady(Tincan::Link *link);

private:
    struct Dial
    {
        QString expectedId;
        bool pinned = false;
        QByteArray linkOffer; // dialForDeviceLink(): the code's tag
    };
    void release(Link *link);
    void adopt(Link *link);
    void onIncoming(Link *link);
    void onSecured(Link *link);
    void onAuthenticated(Link *link);
    void onClosed(Link *link);
    bool keepsNewLink(const Link *existing, const Link *candidate) const;
    bool replacesLink(const Link *candidate, const Link *existing) const;
    void onNetworkChanged(const QStringList &added, const QStringList &removed);
    void redialSoughtNow(const QString &cameUp);

    Protocol::Hello m_localHello;
    PeerRepository &m_peers;
    SessionLimits m_limits;
    TrustPolicy m_trust;
    ReconnectScheduler m_reconnect;
    Transport *m_transport;                 // owned (a child): TLS over TCP
    Transport *m_deviceTransport = nullptr; // owned (a child): ICE, when reaching beyond the LAN
    QSet<Link *> m_all;
    QHash<QString, Link *> m_active; // authenticated and admitted, by device id
    QHash<Link *, Dial> m_dials;     // outgoing links and what they dialled for
    QSet<QString> m_dialling;        // expected ids with a dial in flight
    QSet<QString> m_handover;        // devices whose link closed while a successor authenticates
    QSet<QString> m_reachedById;     // devices linked over the device transport (remembered)
    QSet<QString> m_seekingById;     // devices asked for by id (tincan://ID), not reached yet
    // The dialler's name of each link (Hello::linkId), and per device the name of its last
    // link that went down: the next dial says it replaces that one.
    QHash<const Link *, QByteArray> m_linkIds;
    QHash<QString, QByteArray> m_lostLinkIds;
    NetworkWatcher m_network;
    std::function<bool(const QString &)> m_redialFilter;
    bool m_shuttingDown = false;
};

} // namespace Tincan
