// The routes about groups (create, members, rename, leave) and per-member delivery of a message.
#include "apihandler.h"
#include "apijson.h"
#include "chat/messenger.h"
#include "groups/groupmanager.h"
#include "node/node.h"
#include "store/messagestore.h"
#include "store/outbox.h"
#include "store/peerrepository.h"

#include <QJsonArray>

#include <algorithm>

namespace Tincan {

namespace {
ApiResponse noGroup(const QString &id)
{
    return ApiResponse::error(404, QStringLiteral("no such group: %1").arg(id));
}

// GroupManager's reason → the status the API documents.
ApiResponse refused(GroupFailure failure, const QString &error)
{
    switch (failure) {
    case GroupFailure::UnknownGroup:
        return ApiResponse::error(404, error);
    case GroupFailure::NotAllowed:
        return ApiResponse::error(409, error);
    case GroupFailure::Invalid:
        return ApiResponse::error(400, error);
    case GroupFailure::Storage:
    case GroupFailure::None:
        break;
    }
    return ApiResponse::error(500, error);
}
} // namespace

std::optional<GroupState> ApiHandler::groupState(const QString &id) const
{
    const auto state = m_node.groups().state(id);
    if (!state || !state->created)
        return std::nullopt;
    return state;
}

ApiResponse ApiHandler::groupAnswer(const QString &id, int status)
{
    const auto state = groupState(id);
    if (!state)
        return ApiResponse::error(500, QStringLiteral("the group cannot be read"));
    return ApiResponse::ok(m_json.group(id, *state), status);
}

std::optional<QStringList> ApiHandler::knownPeers(JsonBody &body, const QString &key, bool required)
{
    const auto ids = body.stringList(key, required, MaxGroupTargets, 64);
    if (!ids)
        return ids;
    QStringList peers;
    for (const QString &raw : *ids) {
        const QString id = raw.toLower();
        if (!isValidPeerId(id)) {
            body.fail(QStringLiteral("'%1' must hold peer ids (64 hex digits): %2").arg(key, raw));
            return std::nullopt;
        }
        if (id != m_node.id() && !m_node.peers().find(id)) {
            body.fail(QStringLiteral("'%1' names a peer this node has never met: %2").arg(key, id));
            return std::nullopt;
        }
        if (id != m_node.id() && !peers.contains(id))
            peers << id;
    }
    return peers;
}

ApiResponse ApiHandler::getGroups(Call &)
{
    QList<QJsonObject> groups;
    for (const QString &id : m_node.groups().groups()) {
        if (const auto state = groupState(id))
            groups << m_json.group(id, *state);
    }
    std::stable_sort(groups.begin(), groups.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QLatin1String("name"))
                   .toString()
                   .compare(b.value(QLatin1String("name")).toString(), Qt::CaseInsensitive) < 0;
    });
    QJsonArray list;
    for (const QJsonObject &group : std::as_const(groups))
        list.append(group);
    return ApiResponse::ok({{QStringLiteral("groups"), list}});
}

ApiResponse ApiHandler::postGroup(Call &call)
{
    call.body.onlyKeys({QStringLiteral("name"), QStringLiteral("members")});
    const auto name = call.body.string(QStringLiteral("name"), true, MaxGroupNameLength);
    if (name && name->trimmed().isEmpty())
        call.body.fail(QStringLiteral("'name' must not be empty"));
    const auto members = knownPeers(call.body, QStringLiteral("members"), true);
    if (!call.body.ok())
        return {};
    QString error;
    const auto id = m_node.groups().createGroup(*name, *members, &error);
    if (!id)
        return refused(m_node.groups().lastFailure(), error);
    return groupAnswer(*id, 201);
}

ApiResponse ApiHandler::getGroup(Call &call)
{
    const QString id = call.args.at(0);
    const auto state = groupState(id);
    if (!state)
        return noGroup(id);
    return ApiResponse::ok(m_json.group(id, *state));
}

ApiResponse ApiHandler::patchGroup(Call &call)
{
    call.body.onlyKeys({QStringLiteral("name")});
    const auto name = call.body.string(QStringLiteral("name"), true, MaxGroupNameLength);
    if (name && name->trimmed().isEmpty())
        call.body.fail(QStringLiteral("'name' must not be empty"));
    if (!call.body.ok())
        return {};
    const QString id = call.args.at(0);
    if (!groupState(id))
        return noGroup(id);
    QString error;
    if (!m_node.groups().rename(id, *name, &error))
        return refused(m_node.groups().lastFailure(), error);
    return groupAnswer(id);
}

ApiResponse ApiHandler::postGroupMembers(Call &call)
{
    call.body.onlyKeys({QStringLiteral("members")});
    const auto members = knownPeers(call.body, QStringLiteral("members"), true);
    if (members && members->isEmpty())
        call.body.fail(QStringLiteral("'members' must name at least one peer"));
    if (!call.body.ok())
        return {};
    const QString id = call.args.at(0);
    if (!groupState(id))
        return noGroup(id);
    QString error;
    if (!m_node.groups().invite(id, *members, &error))
        return refused(m_node.groups().lastFailure(), error);
    return groupAnswer(id);
}

ApiResponse ApiHandler::deleteGroupMember(Call &call)
{
    const QString id = call.args.at(0);
    const QString peer = call.args.at(1).toLower();
    if (!groupState(id))
        return noGroup(id);
    if (peer == m_node.id())
        return ApiResponse::error(400, QStringLiteral("to remove yourself, leave the group: POST "
                                                      "/api/v1/groups/%1/leave")
                                           .arg(id));
    QString error;
    if (!m_node.groups().remove(id, peer, &error))
        return refused(m_node.groups().lastFailure(), error);
    return groupAnswer(id);
}

ApiResponse ApiHandler::patchGroupMember(Call &call)
{
    call.body.onlyKeys({QStringLiteral("role")});
    const auto role = call.body.string(QStringLiteral("role"), true, 16);
    if (role && *role != u"admin")
        call.body.fail(QStringLiteral("'role' can only be \"admin\" (admins are never demoted; "
                                      "remove and add the member again)"));
    if (!call.body.ok())
        return {};
    const QString id = call.args.at(0);
    if (!groupState(id))
        return noGroup(id);
    QString error;
    if (!m_node.groups().promote(id, call.args.at(1).toLower(), &error))
        return refused(m_node.groups().lastFailure(), error);
    return groupAnswer(id);
}

ApiResponse ApiHandler::postGroupLeave(Call &call)
{
    call.body.onlyKeys({});
    if (!call.body.ok())
        return {};
    const QString id = call.args.at(0);
    if (!groupState(id))
        return noGroup(id);
    QString error;
    if (!m_node.groups().leave(id, &error))
        return refused(m_node.groups().lastFailure(), error);
    return groupAnswer(id);
}

ApiResponse ApiHandler::getDelivery(Call &call)
{
    const QString uuid = canonicalUuid(call.args.at(0));
    const auto message = uuid.isEmpty() ? std::nullopt : m_node.messenger().messages().find(uuid);
    if (!message)
        return ApiResponse::error(404, QStringLiteral("no such message: %1").arg(call.args.at(0)));
    if (!message->outgoing)
        return ApiResponse::error(400, QStringLiteral("delivery is tracked for your own messages "
                                                      "only"));
    const auto receipts = m_node.messenger().outbox().receipts(uuid);
    if (!receipts)
        return ApiResponse::error(500, QStringLiteral("the receipts cannot be read"));
    return ApiResponse::ok(m_json.delivery(uuid, *receipts));
}

} // namespace Tincan
