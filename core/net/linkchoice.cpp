// SessionManager, continued: which of a device's links stays when there are two, and what a
// change of this machine's addresses does to its links (protocol.md, *One session per pair* and
// *Replacing a lost link*).
#include "sessionmanager.h"

#include "store/peerrepository.h"
#include "util/logging.h"

#include <QTimer>

#include <algorithm>

namespace Tincan {

namespace {
// After a network change, how long a link has to show it still works.
constexpr std::chrono::seconds kProbeWithin{6};
// How long an incoming duplicate of a connected device may take to send its hello.
constexpr std::chrono::seconds kReplacementHelloWithin{2};
} // namespace

// The device is known, nothing was sent yet: a blocked key gets no hello of ours, and a second
// link this node dialled to a connected device that would lose to its current one
// (keepsNewLink) ends here rather than hold a slot until its hello. An incoming one may be the
// device's replacement for a link it lost, which only its hello tells: one at a time waits a
// moment for it.
void SessionManager::onSecured(Link *link)
{
    const QString id = link->deviceId();
    if (const auto record = m_peers.find(id); record && record->trust == Trust::Blocked) {
        Q_EMIT sessionRefused(id, QStringLiteral("peer is blocked"));
        link->close(QStringLiteral("peer is blocked"));
        return;
    }
    Link *existing = m_active.value(id);
    if (!existing || keepsNewLink(existing, link) || !m_dials.value(link).linkOffer.isEmpty())
        return; // a link to join an account is no session: it duplicates none
    const bool anotherWaits = std::any_of(m_all.begin(), m_all.end(), [&](const Link *l) {
        return l != link && l->deviceId() == id && l->state() == Link::State::AwaitingHello &&
               l->direction() == Link::Direction::Incoming;
    });
    if (link->direction() == Link::Direction::Outgoing || anotherWaits) {
        link->close(QStringLiteral("duplicate session"));
        return;
    }
    // A device sends its hello right after TLS: one that has not said by then that it replaces
    // the current link is a duplicate (a flood of them, one at a time, gets no further).
    QTimer::singleShot(kReplacementHelloWithin, link, [link] {
        if (link->state() == Link::State::AwaitingHello)
            link->close(QStringLiteral("duplicate session"));
    });
}

// Both ends apply the same rule, so they keep the same link. A link that names the one it
// replaces comes from a device that has closed that one: it wins at the only end that still
// holds the old one. A link over TCP (on the LAN, or an address both can route to) beats one
// through NATs (ICE): it needs no relay and no pseudo-TCP, and both ends see which kind each
// link is. Otherwise the one the lower id opened stays, and between two links opened by the
// same side the older one.
bool SessionManager::keepsNewLink(const Link *existing, const Link *candidate) const
{
    if (replacesLink(candidate, existing))
        return true;
    if (const bool existingIce = existing->path().ice; existingIce != candidate->path().ice)
        return existingIce;
    const QString lowerId = std::min(localId(), candidate->deviceId());
    auto initiator = [this](const Link *l) {
        return l->direction() == Link::Direction::Outgoing ? localId() : l->deviceId();
    };
    return initiator(candidate) == lowerId && initiator(existing) != lowerId;
}

// The device says in the candidate's hello that it gave the existing link up: its end is gone,
// whatever this end believes.
bool SessionManager::replacesLink(const Link *candidate, const Link *existing) const
{
    const QByteArray &replaces = candidate->remote().hello.replaces;
    return candidate->direction() == Link::Direction::Incoming && !replaces.isEmpty() &&
           replaces == m_linkIds.value(existing);
}

// A path that used an address that is gone is dead, and the devices behind it may not notice
// for most of a minute. A link whose own address went closes now; every other one shows that it
// still works, or closes. Either is redialled (over ICE, a new session on the new addresses),
// naming the link it replaces.
void SessionManager::onNetworkChanged(const QStringList &added, const QStringList &removed)
{
    qCInfo(lcNet).noquote() << "the network changed (added:" << added.join(u' ')
                            << "removed:" << removed.join(u' ') + u')' << "; checking"
                            << m_active.size() << "links";
    const auto links = m_active.values(); // a close below changes m_active
    for (Link *link : links) {
        const QHostAddress local = link->path().localAddress;
        if (!local.isNull() && removed.contains(local.toString()))
            link->close(QStringLiteral("its address %1 is gone").arg(local.toString()));
        else
            link->probe(kProbeWithin);
    }
}

// Devices sought by id wait for their next redial; a link that just came up may be the way to
// them (a contact who can introduce, back after a network change), so they are sought now.
void SessionManager::redialSoughtNow(const QString &cameUp)
{
    if (!m_deviceTransport)
        return;
    for (const QSet<QString> *sought : {&m_reachedById, &m_seekingById}) {
        for (const QString &id : *sought) {
            if (id != cameUp && !isConnected(id) && m_reconnect.isScheduled(id))
                connectTo(QString(), 0, id);
        }
    }
}

} // namespace Tincan
