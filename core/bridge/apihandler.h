#pragma once

#include "apitypes.h"
#include "groups/groupfold.h"
#include "jsonbody.h"

#include <QObject>
#include <QStringList>

#include <optional>

namespace Tincan {

class AccessPolicy;
class ApiJson;
class Node;

// The local API (docs/api.md) as a function of a request: (method, path, query, headers, body)
// → (status, JSON). No sockets here: the HTTP server and the WebSocket commands both call it,
// and tests/fuzz/fuzz_bridge_request.cpp fuzzes it.
class ApiHandler : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype maxBodySize = 256 * 1024;
    static constexpr int defaultHistoryLimit = 50;
    // The 413 text, here and where the bridge refuses a body from its headers (RequestGuard).
    static QString bodyTooLargeMessage()
    {
        return QStringLiteral("the body is larger than %1 bytes").arg(maxBodySize);
    }

    ApiHandler(Node &node, AccessPolicy &access, ApiJson &json, QObject *parent = nullptr);

    // A request over HTTP: Host, Origin and token checks first, then the route.
    ApiResponse handle(const ApiRequest &request);
    // A command on a WebSocket that passed those checks when it opened: the route only.
    ApiResponse dispatch(const ApiRequest &request);
    // A WebSocket text frame {"id", "method", "path", "body"} → {"id", "status", "body"}.
    QJsonObject command(const QByteArray &frame);

Q_SIGNALS:
    void tokenRotated();

private:
    struct Call
    {
        const ApiRequest &request;
        QStringList args; // the {id} parts of the path
        JsonBody body;
    };
    using Route = ApiResponse (ApiHandler::*)(Call &);
    enum class Body
    {
        None,
        Optional,
        Required
    };
    struct RouteEntry
    {
        QByteArray method;
        QStringList pattern; // path segments; "*" matches one segment
        Route route;
        Body body;
    };
    static const QList<RouteEntry> &routes();

    // noderoutes.cpp
    ApiResponse getIdentity(Call &call);
    ApiResponse getPeers(Call &call);
    ApiResponse postPeer(Call &call);
    ApiResponse patchPeer(Call &call);
    ApiResponse getKeyChanges(Call &call);
    ApiResponse postKeyChange(Call &call);
    ApiResponse getSettings(Call &call);
    ApiResponse patchSettings(Call &call);
    ApiResponse rotateToken(Call &call);
    ApiResponse postSession(Call &call);
    ApiResponse postSessionCode(Call &call);
    ApiResponse postScan(Call &call);
    ApiResponse getEvents(Call &call);
    // messageroutes.cpp
    ApiResponse getConversations(Call &call);
    ApiResponse getMessages(Call &call);
    ApiResponse postRead(Call &call);
    ApiResponse postTyping(Call &call);
    ApiResponse postRequestAnswer(Call &call);
    ApiResponse postMessage(Call &call);
    ApiResponse getSearch(Call &call);
    // grouproutes.cpp
    ApiResponse getGroups(Call &call);
    ApiResponse postGroup(Call &call);
    ApiResponse getGroup(Call &call);
    ApiResponse patchGroup(Call &call);
    ApiResponse postGroupMembers(Call &call);
    ApiResponse deleteGroupMember(Call &call);
    ApiResponse patchGroupMember(Call &call);
    ApiResponse postGroupLeave(Call &call);
    ApiResponse getDelivery(Call &call);
    std::optional<GroupState> groupState(const QString &id) const; // nullopt: no such group
    ApiResponse groupAnswer(const QString &id, int status = 200);
    // A list of peer ids this node knows (self dropped), or nullopt with the body failed.
    std::optional<QStringList> knownPeers(JsonBody &body, const QString &key, bool required);
    // transferroutes.cpp
    ApiResponse getTransfers(Call &call);
    ApiResponse postTransfer(Call &call);
    ApiResponse postTransferAction(Call &call);

    QJsonObject settings() const;
    // mailboxroutes.cpp
    ApiResponse getMailbox(Call &call);
    ApiResponse patchMailbox(Call &call);
    QJsonObject mailbox() const;
    // deviceroutes.cpp
    ApiResponse getDevices(Call &call);
    ApiResponse postDeviceLink(Call &call);
    ApiResponse postDeviceJoin(Call &call);
    ApiResponse postDeviceConfirm(Call &call);
    ApiResponse deleteDeviceLink(Call &call);
    ApiResponse postDeviceRevoke(Call &call);
    QJsonObject devices() const;

    Node &m_node;
    AccessPolicy &m_access;
    ApiJson &m_json;
};

} // namespace Tincan
