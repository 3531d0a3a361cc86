#pragma once

#include "rowsync.h"
#include "store/storetypes.h"

#include <QDateTime>

namespace Tincan {

class Node;
struct DiscoveredPeer;

struct PeerRow
{
    QString key; // the peer id
    QString name;
    Trust trust = Trust::Unverified;
    bool contact = false;
    bool known = false;      // in the peer store (it connected at least once)
    bool online = false;     // a session proved its key
    bool discovered = false; // heard on the LAN, not necessarily connected
    QDateTime lastSeen;
    QString address;
    bool ownDevice = false; // another device of this person's account (#18)
    bool operator==(const PeerRow &) const = default;
};

// Everyone on the LAN or met before: the peer store, live sessions (online) and discovery
// (nearby). Sorted online first, then nearby, then by name; kept sorted by moving rows.
class PeersModel : public SyncedListModel<PeerRow>
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int onlineCount READ onlineCount NOTIFY onlineCountChanged)
public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        NameRole,
        InitialsRole,
        FingerprintRole,
        TrustRole, // Tincan::Trust as int: 0 unverified, 1 verified, 2 blocked
        ContactRole,
        OnlineRole,
        DiscoveredRole,
        PresenceRole, // "online", "nearby" or "offline"
        LastSeenRole,
        AddressRole,
        OwnDeviceRole,
    };
    Q_ENUM(Role)

    explicit PeersModel(Node &node, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return rowCount(); }
    int onlineCount() const;
    Q_INVOKABLE int indexOf(const QString &peerId) const { return rowOfKey(peerId); }

Q_SIGNALS:
    void countChanged();
    void onlineCountChanged();

private:
    // Re-reads one peer from the store, when the node announces a change of it.
    void refresh(const QString &peerId);
    void onDiscovered(const DiscoveredPeer &peer);
    void onLost(const QString &peerId);
    void setOnline(const QString &peerId, bool online);
    // Inserts, updates and re-sorts one row; removes it when nothing is left to show.
    void apply(PeerRow row);
    PeerRow rowFor(const QString &peerId) const;

    Node &m_node;
    int m_onlineCount = 0;
};

} // namespace Tincan
