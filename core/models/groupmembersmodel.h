#pragma once

#include "rowsync.h"
#include "store/storetypes.h"

namespace Tincan {

class Node;

struct GroupMemberRow
{
    QString key; // the peer id
    QString name;
    GroupRole role = GroupRole::Member;
    bool online = false;
    bool operator==(const GroupMemberRow &) const = default;
};

// The members of one group as the fold says (creator, then admins, then by name), with what
// the local user may do there. Follows GroupManager (every membership change or rename,
// from anyone) and presence, row by row.
class GroupMembersModel : public SyncedListModel<GroupMemberRow>
{
    Q_OBJECT
    Q_PROPERTY(QString groupId READ groupId WRITE setGroupId NOTIFY groupIdChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString name READ name NOTIFY groupChanged)
    Q_PROPERTY(bool isMember READ isMember NOTIFY groupChanged)
    Q_PROPERTY(bool canManage READ canManage NOTIFY groupChanged)
    Q_PROPERTY(int selfRole READ selfRole NOTIFY groupChanged) // GroupRole, -1: not a member
    Q_PROPERTY(int onlineCount READ onlineCount NOTIFY countChanged)
public:
    enum Role
    {
        PeerIdRole = Qt::UserRole + 1,
        NameRole,
        InitialsRole,
        MemberRoleRole, // Tincan::GroupRole as int
        OnlineRole,
        IsSelfRole,
    };
    Q_ENUM(Role)

    explicit GroupMembersModel(Node &node, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString groupId() const { return m_groupId; }
    void setGroupId(const QString &id);
    int count() const { return rowCount(); }
    QString name() const { return m_name; }
    bool isMember() const { return m_selfRole >= 0; }
    bool canManage() const { return m_selfRole > int(GroupRole::Member); }
    int selfRole() const { return m_selfRole; }
    int onlineCount() const;
    Q_INVOKABLE bool contains(const QString &peerId) const { return rowOfKey(peerId) >= 0; }
    Q_INVOKABLE QStringList peerIds() const;

Q_SIGNALS:
    void groupIdChanged();
    void countChanged();
    void groupChanged();

protected:
    // For QML types: they find the node on their engine (qml/nodehandle.h) and attach it
    // before any property is set.
    explicit GroupMembersModel(QObject *parent);
    void attach(Node &node);

private:
    void reload();
    QString nameOf(const QString &peerId) const;

    Node *m_node = nullptr;
    QString m_groupId;
    QString m_name;
    int m_selfRole = -1;
};

} // namespace Tincan
