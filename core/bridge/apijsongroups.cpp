// The JSON shapes of groups and per-member delivery (docs/api.md, "Groups").
#include "apijson.h"

#include "groups/groupmanager.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "store/peerrepository.h"

#include <QJsonArray>

#include <algorithm>

namespace Tincan {

QString ApiJson::roleName(GroupRole role)
{
    switch (role) {
    case GroupRole::Creator:
        return QStringLiteral("creator");
    case GroupRole::Admin:
        return QStringLiteral("admin");
    case GroupRole::Member:
        break;
    }
    return QStringLiteral("member");
}

QString ApiJson::nameOf(const QString &peerId) const
{
    return m_node.nameOf(peerId);
}

QJsonObject ApiJson::group(const QString &groupId, const GroupState &state)
{
    const QString self = m_node.id();
    QList<GroupMember> members = state.members.values();
    // Creator first, then admins, then by name: the order a member list is read in.
    std::stable_sort(members.begin(), members.end(),
                     [&](const GroupMember &a, const GroupMember &b) {
                         if (a.role != b.role)
                             return int(a.role) > int(b.role);
                         return nameOf(a.peerId).compare(nameOf(b.peerId), Qt::CaseInsensitive) < 0;
                     });
    QJsonArray list;
    for (const GroupMember &member : std::as_const(members)) {
        list.append(QJsonObject{
            {QStringLiteral("id"), member.peerId},
            {QStringLiteral("displayName"), nameOf(member.peerId)},
            {QStringLiteral("role"), roleName(member.role)},
            {QStringLiteral("self"), member.peerId == self},
            {QStringLiteral("online"),
             member.peerId == self || m_node.sessions().isConnected(member.peerId)},
            {QStringLiteral("addedBy"), member.addedBy},
            {QStringLiteral("addedAt"), time(member.addedAt)},
        });
    }
    const bool member = state.isMember(self);
    const bool manager = member && state.roleOf(self) != GroupRole::Member;
    QString creator;
    for (const GroupMember &m : state.members) {
        if (m.role == GroupRole::Creator)
            creator = m.peerId;
    }
    return {
        {QStringLiteral("id"), groupId},
        {QStringLiteral("name"), state.name},
        {QStringLiteral("member"), member},
        {QStringLiteral("role"), member ? QJsonValue(roleName(state.roleOf(self))) : QJsonValue()},
        {QStringLiteral("canManage"), manager},
        {QStringLiteral("creatorId"), creator.isEmpty() ? QJsonValue() : QJsonValue(creator)},
        {QStringLiteral("members"), list},
        {QStringLiteral("events"), int(state.steps.size())},
    };
}

QJsonObject ApiJson::delivery(const QString &uuid, const QList<Receipt> &receipts)
{
    QJsonArray recipients;
    for (const Receipt &receipt : receipts) {
        recipients.append(QJsonObject{
            {QStringLiteral("peerId"), receipt.peerId},
            {QStringLiteral("displayName"), nameOf(receipt.peerId)},
            {QStringLiteral("state"), stateName(receipt.state)},
            {QStringLiteral("at"), time(receipt.at)},
        });
    }
    const DeliverySummary summary = m_node.groups().deliverySummary(uuid);
    return {
        {QStringLiteral("uuid"), uuid},
        {QStringLiteral("total"), summary.total},
        {QStringLiteral("delivered"), summary.delivered},
        {QStringLiteral("read"), summary.read},
        {QStringLiteral("failed"), summary.failed},
        {QStringLiteral("summary"), summary.text()},
        {QStringLiteral("recipients"), recipients},
    };
}

} // namespace Tincan
