#include "peersmodel.h"

#include "crypto/fingerprint.h"
#include "discovery/discoveryservice.h"
#include "messageformat.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "store/peerrepository.h"

namespace Tincan {

namespace {

int presenceRank(const PeerRow &row)
{
    return row.online ? 0 : row.discovered ? 1 : 2;
}

bool lessThan(const PeerRow &a, const PeerRow &b)
{
    if (presenceRank(a) != presenceRank(b))
        return presenceRank(a) < presenceRank(b);
    const int byName = a.name.localeAwareCompare(b.name);
    return byName != 0 ? byName < 0 : a.key < b.key;
}

void fillFromRecord(PeerRow &row, const PeerRecord &record, const QString &ownAccountId)
{
    row.known = true;
    row.ownDevice = !record.accountId.isEmpty() && record.accountId == ownAccountId;
    row.name = record.displayName();
    row.trust = record.trust;
    row.contact = record.isContact;
    row.lastSeen = record.lastSeen;
    if (!record.addresses.isEmpty())
        row.address = record.addresses.first();
}

} // namespace

PeersModel::PeersModel(Node &node, QObject *parent)
    : SyncedListModel<PeerRow>(parent)
    , m_node(node)
{
    QList<PeerRow> rows;
    for (const PeerRecord &record : node.peers().all().value_or(QList<PeerRecord>{})) {
        if (record.id == node.id())
            continue;
        PeerRow row = rowFor(record.id);
        fillFromRecord(row, record, node.accountId());
        rows.append(row);
    }
    if (DiscoveryService *discovery = node.discovery()) {
        for (const DiscoveredPeer &peer : discovery->peers()) {
            auto it = std::find_if(rows.begin(), rows.end(),
                                   [&](const PeerRow &r) { return r.key == peer.id; });
            if (it == rows.end()) {
                PeerRow row = rowFor(peer.id);
                row.name = peer.name;
                rows.append(row);
            }
        }
    }
    std::sort(rows.begin(), rows.end(), lessThan);
    m_rows = rows;
    m_onlineCount = int(
        std::count_if(m_rows.cbegin(), m_rows.cend(), [](const PeerRow &r) { return r.online; }));

    connect(&node, &Node::changed, this, [this](const NodeChange &change) {
        if (change.kind == ChangeKind::Peer)
            refresh(change.id);
    });
    SessionManager &sessions = node.sessions();
    connect(&sessions, &SessionManager::peerConnected, this,
            [this](const QString &id) { setOnline(id, true); });
    connect(&sessions, &SessionManager::peerDisconnected, this,
            [this](const QString &id) { setOnline(id, false); });
    if (DiscoveryService *discovery = node.discovery()) {
        connect(discovery, &DiscoveryService::peerDiscovered, this, &PeersModel::onDiscovered);
        connect(discovery, &DiscoveryService::peerUpdated, this, &PeersModel::onDiscovered);
        connect(discovery, &DiscoveryService::peerLost, this, &PeersModel::onLost);
    }
}

PeerRow PeersModel::rowFor(const QString &peerId) const
{
    const int at = rowOfKey(peerId);
    if (at >= 0)
        return m_rows.at(at);
    PeerRow row;
    row.key = peerId;
    row.online = m_node.sessions().isConnected(peerId);
    if (DiscoveryService *discovery = m_node.discovery())
        row.discovered = discovery->peer(peerId).has_value();
    return row;
}

int PeersModel::onlineCount() const
{
    return m_onlineCount;
}

void PeersModel::refresh(const QString &peerId)
{
    PeerRow row = rowFor(peerId);
    if (const auto record = m_node.peers().find(peerId))
        fillFromRecord(row, *record, m_node.accountId());
    apply(row);
}

void PeersModel::setOnline(const QString &peerId, bool online)
{
    PeerRow row = rowFor(peerId);
    row.online = online;
    // The trust policy has just recorded the peer's name, address and last seen.
    if (const auto record = m_node.peers().find(peerId))
        fillFromRecord(row, *record, m_node.accountId());
    apply(row);
}

void PeersModel::onDiscovered(const DiscoveredPeer &peer)
{
    PeerRow row = rowFor(peer.id);
    row.discovered = true;
    if (!row.known)
        row.name = peer.name;
    if (row.address.isEmpty() && !peer.endpoints().isEmpty())
        row.address = peer.endpoints().constFirst();
    apply(row);
}

void PeersModel::onLost(const QString &peerId)
{
    PeerRow row = rowFor(peerId);
    row.discovered = false;
    apply(row);
}

void PeersModel::apply(PeerRow row)
{
    if (row.key == m_node.id())
        return;
    const int at = rowOfKey(row.key);
    const bool visible = row.known || row.online || row.discovered;
    if (at < 0 && visible) {
        insertSorted(row, lessThan);
        Q_EMIT countChanged();
    } else if (at >= 0 && !visible) {
        beginRemoveRows({}, at, at);
        m_rows.removeAt(at);
        endRemoveRows();
        Q_EMIT countChanged();
    } else if (at >= 0 && !(m_rows.at(at) == row)) {
        m_rows[at] = row;
        Q_EMIT dataChanged(index(at), index(at));
        reposition(at, lessThan);
    }
    const int online = int(
        std::count_if(m_rows.cbegin(), m_rows.cend(), [](const PeerRow &r) { return r.online; }));
    if (online != m_onlineCount) {
        m_onlineCount = online;
        Q_EMIT onlineCountChanged();
    }
}

QVariant PeersModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid));
    const PeerRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return PeerRecord::displayNameOf(row.key, {}, row.name);
    case IdRole:
        return row.key;
    case InitialsRole:
        return MessageFormat::initials(row.name.isEmpty() ? row.key : row.name);
    case FingerprintRole:
        return groupedFingerprint(row.key);
    case TrustRole:
        return static_cast<int>(row.trust);
    case ContactRole:
        return row.contact;
    case OnlineRole:
        return row.online;
    case DiscoveredRole:
        return row.discovered;
    case PresenceRole:
        return row.online       ? QStringLiteral("online")
               : row.discovered ? QStringLiteral("nearby")
                                : QStringLiteral("offline");
    case LastSeenRole:
        return row.lastSeen;
    case AddressRole:
        return row.address;
    case OwnDeviceRole:
        return row.ownDevice;
    default:
        return {};
    }
}

QHash<int, QByteArray> PeersModel::roleNames() const
{
    return {
        {IdRole, "peerId"},         {NameRole, "name"},
        {InitialsRole, "initials"}, {FingerprintRole, "fingerprint"},
        {TrustRole, "trust"},       {ContactRole, "contact"},
        {OnlineRole, "online"},     {DiscoveredRole, "discovered"},
        {PresenceRole, "presence"}, {LastSeenRole, "lastSeen"},
        {AddressRole, "address"},   {OwnDeviceRole, "ownDevice"},
    };
}

} // namespace Tincan
