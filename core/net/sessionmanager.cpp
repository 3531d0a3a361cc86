#include "sessionmanager.h"

#include "crypto/account.h"
#include "crypto/identity.h"
#include "store/peerrepository.h"
#include "tlstransport.h"
#include "util/logging.h"

#include <QRandomGenerator>

#include <algorithm>

namespace Tincan {

SessionManager::SessionManager(const Identity &identity, const Account &account,
                               PeerRepository &peers, SessionLimits limits,
                               ReconnectPolicy reconnect, QObject *parent)
    : QObject(parent)
    , m_peers(peers)
    , m_limits(limits)
    , m_trust(identity.id(), peers)
    , m_reconnect(reconnect)
    , m_transport(new TlsTransport(identity, limits, this))
{
    qRegisterMetaType<Tincan::KeyChangeEvent>();
    m_localHello.id = identity.id();
    setAccountList(account.devices());
    connect(m_transport, &Transport::incomingLink, this, &SessionManager::onIncoming);
    connect(&m_network, &NetworkWatcher::changed, this, &SessionManager::onNetworkChanged);
    connect(&m_reconnect, &ReconnectScheduler::reconnectDue, this, [this](const QString &peerId) {
        const auto record = m_peers.find(peerId);
        const bool sought = m_reachedById.contains(peerId) || m_seekingById.contains(peerId);
        if ((!record && !sought) || (record && record->trust == Trust::Blocked) ||
            isConnected(peerId) || (m_redialFilter && !m_redialFilter(peerId)))
            return;
        for (const QString &address : record ? record->addresses : QStringList()) {
            QString error;
            if (const auto target = parseConnectTarget(address, &error))
                connectTo(target->host, target->port, peerId);
        }
        // A device reached by id before (over ICE), or asked for by id and not reached yet, is
        // sought by id again: it has no address that a dial could use.
        if (m_deviceTransport && sought)
            connectTo(QString(), 0, peerId);
        m_reconnect.schedule(peerId); // cancelled by reset() when a dial succeeds
    });
}

SessionManager::~SessionManager()
{
    shutdown();
}

bool SessionManager::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_transport->listen(address, port, error))
        return false;
    m_localHello.port = m_transport->listenPort();
    return true;
}

void SessionManager::addDeviceTransport(Transport *transport)
{
    transport->setParent(this);
    m_deviceTransport = transport;
    connect(transport, &Transport::incomingLink, this, &SessionManager::onIncoming);
    // Devices reached by id in an earlier run (or before reaching beyond the LAN was turned
    // off) have no address to redial: they are sought by id again.
    for (const QString &id : m_peers.idsReachableById()) {
        m_reachedById.insert(id);
        if (!isConnected(id))
            m_reconnect.schedule(id);
    }
}

void SessionManager::removeDeviceTransport()
{
    if (!m_deviceTransport)
        return;
    m_deviceTransport->stopListening();
    const auto links = m_all;
    for (Link *link : links) {
        if (link->path().ice)
            link->close(QStringLiteral("reaching beyond the LAN was turned off"));
    }
    m_deviceTransport->deleteLater();
    m_deviceTransport = nullptr;
}

quint16 SessionManager::port() const
{
    return m_transport->listenPort();
}

void SessionManager::shutdown()
{
    m_shuttingDown = true;
    m_reconnect.clear();
    m_transport->stopListening();
    if (m_deviceTransport)
        m_deviceTransport->stopListening();
    const auto links = m_all;
    for (Link *link : links)
        link->close(QStringLiteral("shutting down"));
}

void SessionManager::connectTo(const ConnectTarget &target)
{
    // tincan://ID: the device may not be reachable yet (not on the DHT, no contact online).
    // It is sought again with backoff until a link comes up, as a known peer would be.
    if (target.host.isEmpty() && !target.pinnedId.isEmpty() && !isConnected(target.pinnedId))
        m_seekingById.insert(target.pinnedId);
    connectTo(target.host, target.port, target.pinnedId, !target.pinnedId.isEmpty());
}

void SessionManager::connectTo(const QString &host, quint16 port, const QString &expectedId,
                               bool pinned)
{
    if (m_shuttingDown ||
        (!expectedId.isEmpty() && (isConnected(expectedId) || m_dialling.contains(expectedId))))
        return;
    if (m_all.size() >= m_limits.maxSessions) {
        qCWarning(lcNet) << "not dialling" << host << port << ": session limit reached";
        return;
    }
    Transport *transport = host.isEmpty() ? m_deviceTransport : m_transport;
    Link *link = transport ? (host.isEmpty() ? transport->dialDevice(expectedId)
                                             : transport->dial(host, port))
                           : nullptr;
    if (!link) {
        qCWarning(lcNet).noquote() << "cannot dial" << expectedId.left(12) << "by id:"
                                   << (transport ? "too many ICE sessions are being set up"
                                                 : "reaching beyond the LAN is off");
        return;
    }
    adopt(link);
    m_dials.insert(link, {expectedId, pinned, {}});
    if (!expectedId.isEmpty())
        m_dialling.insert(expectedId);
    Protocol::Hello hello = m_localHello;
    hello.linkId.resize(Protocol::LinkIdSize);
    QRandomGenerator::system()->generate(hello.linkId.begin(), hello.linkId.end());
    hello.replaces = m_lostLinkIds.value(expectedId);
    m_linkIds.insert(link, hello.linkId);
    qCDebug(lcNet).noquote() << "dialling" << link->target() << "over" << transport->name();
    link->start(hello);
}

void SessionManager::setAccountList(const DeviceList &list)
{
    m_localHello.account = list.signedForm;
    m_trust.setOwnAccount(list.accountId);
}

Link *SessionManager::dialForDeviceLink(const QString &host, quint16 port, const QString &deviceId,
                                        const QByteArray &tag)
{
    Link *link = m_shuttingDown ? nullptr : m_transport->dial(host, port);
    if (!link)
        return nullptr;
    adopt(link);
    m_dials.insert(link, {deviceId, true, tag});
    Protocol::Hello hello = m_localHello;
    hello.linkOffer = tag;
    qCInfo(lcNet).noquote() << "dialling" << link->target() << "to join the account of device"
                            << deviceId.left(12);
    link->start(hello);
    return link;
}

// The link leaves the router: no session, no peer row, nothing counted or redialled.
void SessionManager::release(Link *link)
{
    disconnect(link, nullptr, this, nullptr);
    m_all.remove(link);
    m_dials.remove(link);
    m_linkIds.remove(link);
    link->setParent(nullptr);
}

void SessionManager::reconnectKnownPeers()
{
    const QList<PeerRecord> known = m_peers.all().value_or(QList<PeerRecord>{});
    for (const PeerRecord &peer : known) {
        if (peer.trust != Trust::Blocked && !peer.addresses.isEmpty() && !isConnected(peer.id))
            m_reconnect.schedule(peer.id);
    }
}

bool SessionManager::send(const QString &peerId, const QCborMap &message)
{
    Link *link = m_active.value(peerId);
    if (!link)
        return false;
    link->send(message);
    return true;
}

qint64 SessionManager::pendingOutbound(const QString &peerId) const
{
    const Link *link = m_active.value(peerId);
    return link ? link->pendingOutbound() : 0;
}

std::optional<DeviceCredential> SessionManager::credential(const QString &peerId) const
{
    if (const Link *link = m_active.value(peerId))
        return link->remote();
    return std::nullopt;
}

void SessionManager::disconnectPeer(const QString &peerId, const QString &reason)
{
    if (Link *link = m_active.value(peerId))
        link->close(reason);
}

bool SessionManager::resolveKeyChange(const QString &presentedId, bool accept)
{
    return m_trust.resolveKeyChange(presentedId, accept);
}

void SessionManager::adopt(Link *link)
{
    link->setParent(this);
    m_all.insert(link);
    connect(link, &Link::secured, this, [this, link] { onSecured(link); });
    connect(link, &Link::authenticated, this, [this, link] { onAuthenticated(link); });
    connect(link, &Link::closed, this, [this, link] { onClosed(link); });
    // Only the device's current link speaks for it: frames still arriving on one that lost to a
    // duplicate are dropped, and their senders send them again on the kept one (sessionReplaced).
    connect(link, &Link::messageReceived, this, [this, link](const QCborMap &message) {
        if (m_active.value(link->deviceId()) == link)
            Q_EMIT messageReceived(link->deviceId(), message);
    });
    connect(link, &Link::outboundDrained, this, [this, link] {
        if (m_active.value(link->deviceId()) == link)
            Q_EMIT outboundDrained(link->deviceId());
    });
}

void SessionManager::onIncoming(Link *link)
{
    const auto isPending = [](const Link *l) {
        return l->direction() == Link::Direction::Incoming &&
               l->state() != Link::State::Authenticated;
    };
    const QHostAddress from = link->path().remoteAddress;
    qsizetype pending = 0, pendingFromThere = 0; // one pass: a flood makes m_all long
    for (const Link *l : std::as_const(m_all)) {
        if (isPending(l)) {
            ++pending;
            pendingFromThere += l->path().remoteAddress == from ? 1 : 0;
        }
    }
    QString refusal;
    if (m_shuttingDown)
        refusal = QStringLiteral("shutting down");
    else if (m_all.size() >= m_limits.maxSessions - m_limits.reservedForDials)
        refusal = QStringLiteral("session limit reached");
    else if (pending >= m_limits.maxPendingIncoming)
        refusal = QStringLiteral("too many connections without a hello");
    else if (pendingFromThere >= m_limits.maxPendingPerAddress)
        refusal = QStringLiteral("too many connections without a hello from this address");
    if (!refusal.isEmpty()) {
        qCWarning(lcNet).noquote()
            << "refusing connection from" << link->path().endpoint() << ":" << refusal;
        link->close(refusal);
        link->deleteLater();
        return;
    }
    adopt(link);
    link->start(m_localHello);
}

void SessionManager::onAuthenticated(Link *link)
{
    const Dial dial = m_dials.value(link);
    const QString id = link->deviceId();
    if (!dial.linkOffer.isEmpty()) {
        if (id != dial.expectedId) { // a link code pins the device it names
            link->close(QStringLiteral("not the device the link code names"));
            return;
        }
        release(link);
        Q_EMIT deviceLinkReady(link);
        return;
    }
    if (link->direction() == Link::Direction::Incoming &&
        !link->remote().hello.linkOffer.isEmpty()) {
        release(link);
        Q_EMIT deviceLinkOffered(link);
        return;
    }
    const TrustPolicy::Decision decision =
        m_trust.evaluate(link->remote(), link->path(), dial.expectedId, dial.pinned);
    if (!decision.accept) {
        if (decision.keyChange) {
            qCWarning(lcNet).noquote() << "KEY CHANGE:" << decision.reason << "— refused";
            Q_EMIT keyChangeDetected(*decision.keyChange);
        }
        Q_EMIT sessionRefused(id, decision.reason);
        if (!decision.newerList.isEmpty()) // protocol.md, "acct": the device learns it is out
            link->send(Protocol::encodeAccountList(decision.newerList));
        link->close(decision.reason);
        return;
    }
    if (const auto replaced = m_trust.admit(link->remote(), link->path(), dial.pinned))
        Q_EMIT accountListReplaced(id, *replaced, link->remote().account);
    if (link->direction() == Link::Direction::Incoming)
        m_linkIds.insert(link, link->remote().hello.linkId);

    Link *existing = m_active.value(id);
    if (existing) {
        if (!keepsNewLink(existing, link)) {
            link->close(QStringLiteral("duplicate session"));
            return;
        }
        m_active.insert(id, link); // before closing, so onClosed sees it is not the active one
        m_lostLinkIds.remove(id);
        existing->close(replacesLink(link, existing)
                            ? QStringLiteral("the device lost it and linked again")
                            : QStringLiteral("duplicate session"));
        Q_EMIT sessionReplaced(id);
        return;
    }
    m_active.insert(id, link);
    m_lostLinkIds.remove(id);
    m_reconnect.reset(id);
    m_seekingById.remove(id); // reached: from now on a known peer, redialled as such
    if (link->path().ice && !m_reachedById.contains(id)) {
        m_reachedById.insert(id);
        m_peers.setReachById(id, true); // and after a restart
    }
    if (m_handover.remove(id)) { // the old link closed while this one was on its way
        Q_EMIT sessionReplaced(id);
        return;
    }
    redialSoughtNow(id);
    qCInfo(lcNet).noquote() << "session up with" << link->remote().hello.name << id.left(12)
                            << (link->direction() == Link::Direction::Outgoing ? "(out," : "(in,")
                            << LinkPath::kindName(link->path().kind) + u')';
    Q_EMIT peerConnected(id);
}

void SessionManager::onClosed(Link *link)
{
    const Dial dial = m_dials.take(link);
    if (!dial.expectedId.isEmpty()) {
        m_dialling.remove(dial.expectedId);
        if (m_seekingById.contains(dial.expectedId) && !isConnected(dial.expectedId) &&
            !m_shuttingDown)
            m_reconnect.schedule(dial.expectedId); // not reached by this dial: try again later
    }
    m_all.remove(link);
    link->deleteLater();
    const QByteArray linkId = m_linkIds.take(link);
    const QString id = link->deviceId();
    if (id.isEmpty())
        return;
    const bool wasActive = m_active.value(id) == link;
    if (!wasActive && !m_handover.contains(id))
        return;
    if (wasActive) {
        m_active.remove(id);
        if (!linkId.isEmpty())
            m_lostLinkIds.insert(id, linkId);
    }
    // The other end may drop the old link as soon as it has taken the new one, before this end
    // has the new one's hello: then the device is not gone, its link is being replaced. Say so
    // once the new link is authenticated (sessionReplaced), or that it is gone if that fails.
    const bool successorOnItsWay = std::any_of(m_all.begin(), m_all.end(), [&](const Link *l) {
        return l->deviceId() == id && l->state() == Link::State::AwaitingHello;
    });
    if (successorOnItsWay && !m_shuttingDown) {
        m_handover.insert(id);
        return;
    }
    m_handover.remove(id);
    Q_EMIT peerDisconnected(id);
    if (!m_shuttingDown)
        m_reconnect.schedule(id);
}

} // namespace Tincan
