#include "peerinfo.h"

#include "discovery/discoveryservice.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "peerdetails.h"

namespace Tincan {

PeerInfo::PeerInfo(Node &node, QObject *parent)
    : PeerInfo(parent)
{
    attach(node);
}

PeerInfo::PeerInfo(QObject *parent)
    : QObject(parent)
{}

void PeerInfo::attach(Node &node)
{
    Q_ASSERT(!m_node);
    m_node = &node;
    connect(&node, &Node::changed, this, [this](const NodeChange &change) {
        if (change.kind == ChangeKind::Peer || change.kind == ChangeKind::KeyChanges)
            reread(change.id);
    });
    connect(&node.sessions(), &SessionManager::peerConnected, this, &PeerInfo::reread);
    connect(&node.sessions(), &SessionManager::peerDisconnected, this, &PeerInfo::reread);
    if (DiscoveryService *discovery = node.discovery()) {
        const auto heard = [this](const DiscoveredPeer &peer) { reread(peer.id); };
        connect(discovery, &DiscoveryService::peerDiscovered, this, heard);
        connect(discovery, &DiscoveryService::peerUpdated, this, heard);
        connect(discovery, &DiscoveryService::peerLost, this, &PeerInfo::reread);
    }
}

void PeerInfo::setPeerId(const QString &peerId)
{
    if (peerId == m_peerId)
        return;
    m_peerId = peerId;
    Q_EMIT peerIdChanged();
    m_data.clear();
    reread(peerId);
    Q_EMIT changed(); // a different peer: every binding reads again
}

// A change names a device; only this one's is read again, and only a difference notifies.
void PeerInfo::reread(const QString &peerId)
{
    if (peerId != m_peerId || m_peerId.isEmpty())
        return;
    QVariantMap fresh = PeerDetails::describe(*m_node, m_peerId);
    if (fresh == m_data)
        return;
    m_data = std::move(fresh);
    Q_EMIT changed();
}

} // namespace Tincan
