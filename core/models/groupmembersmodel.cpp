#include "groupmembersmodel.h"
#include "messageformat.h"

#include "groups/groupmanager.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "store/peerrepository.h"

#include <algorithm>

namespace Tincan {

GroupMembersModel::GroupMembersModel(Node &node, QObject *parent)
    : GroupMembersModel(parent)
{
    attach(node);
}

GroupMembersModel::GroupMembersModel(QObject *parent)
    : SyncedListModel<GroupMemberRow>(parent)
{}

void GroupMembersModel::attach(Node &node)
{
    Q_ASSERT(!m_node);
    m_node = &node;
    connect(&node.groups(), &GroupManager::groupChanged, this, [this](const QString &groupId) {
        if (groupId == m_groupId)
            reload();
    });
    // Presence and names: re-read, the diff touches only the rows that changed.
    const auto refresh = [this](const QString &peerId) {
        if (rowOfKey(peerId) >= 0)
            reload();
    };
    connect(&node.sessions(), &SessionManager::peerConnected, this, refresh);
    connect(&node.sessions(), &SessionManager::peerDisconnected, this, refresh);
}

void GroupMembersModel::setGroupId(const QString &id)
{
    if (id == m_groupId)
        return;
    m_groupId = id;
    reload();
    Q_EMIT groupIdChanged();
}

QString GroupMembersModel::nameOf(const QString &peerId) const
{
    if (peerId == m_node->id())
        return m_node->displayName();
    if (const auto peer = m_node->peers().find(peerId))
        return peer->displayName();
    return PeerRecord::displayNameOf(peerId, {}, {});
}

void GroupMembersModel::reload()
{
    std::optional<GroupState> state;
    if (!m_groupId.isEmpty())
        state = m_node->groups().state(m_groupId);
    QList<GroupMemberRow> rows;
    if (state && state->created) {
        for (const GroupMember &member : std::as_const(state->members)) {
            rows.append(
                {member.peerId, nameOf(member.peerId), member.role,
                 member.peerId == m_node->id() || m_node->sessions().isConnected(member.peerId)});
        }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const GroupMemberRow &a, const GroupMemberRow &b) {
                         if (a.role != b.role)
                             return int(a.role) > int(b.role);
                         return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
                     });
    const int onlineBefore = onlineCount();
    const bool countChangedNow = syncRows(rows);
    if (countChangedNow || onlineBefore != onlineCount())
        Q_EMIT countChanged();
    const QString name = state ? state->name : QString();
    const int selfRole =
        state && state->isMember(m_node->id()) ? int(state->roleOf(m_node->id())) : -1;
    if (name != m_name || selfRole != m_selfRole) {
        m_name = name;
        m_selfRole = selfRole;
        Q_EMIT groupChanged();
    }
}

QStringList GroupMembersModel::peerIds() const
{
    QStringList ids;
    for (const GroupMemberRow &row : m_rows)
        ids << row.key;
    return ids;
}

int GroupMembersModel::onlineCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const GroupMemberRow &row) { return row.online; }));
}

QVariant GroupMembersModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid));
    const GroupMemberRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return row.name;
    case PeerIdRole:
        return row.key;
    case InitialsRole:
        return MessageFormat::initials(row.name);
    case MemberRoleRole:
        return int(row.role);
    case OnlineRole:
        return row.online;
    case IsSelfRole:
        return row.key == m_node->id();
    default:
        return {};
    }
}

QHash<int, QByteArray> GroupMembersModel::roleNames() const
{
    return {
        {PeerIdRole, "peerId"},         {NameRole, "name"},     {InitialsRole, "initials"},
        {MemberRoleRole, "memberRole"}, {OnlineRole, "online"}, {IsSelfRole, "isSelf"},
    };
}

} // namespace Tincan
