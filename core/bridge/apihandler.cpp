#include "apihandler.h"

#include "accesspolicy.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Tincan {

namespace {
QStringList segments(const QString &path)
{
    return path.split(QLatin1Char('/'));
}

bool matches(const QStringList &pattern, const QStringList &path, QStringList *args)
{
    if (pattern.size() != path.size())
        return false;
    QStringList captured;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (pattern.at(i) == u"*") {
            if (path.at(i).isEmpty())
                return false;
            captured.append(path.at(i));
        } else if (pattern.at(i) != path.at(i)) {
            return false;
        }
    }
    *args = captured;
    return true;
}
} // namespace

ApiHandler::ApiHandler(Node &node, AccessPolicy &access, ApiJson &json, QObject *parent)
    : QObject(parent)
    , m_node(node)
    , m_access(access)
    , m_json(json)
{}

const QList<ApiHandler::RouteEntry> &ApiHandler::routes()
{
    static const QList<RouteEntry> table = [] {
        const auto p = [](const char *path) { return segments(QString::fromLatin1(path)); };
        return QList<RouteEntry>{
            {"GET", p("/api/v1/identity"), &ApiHandler::getIdentity, Body::None},
            {"GET", p("/api/v1/peers"), &ApiHandler::getPeers, Body::None},
            {"POST", p("/api/v1/peers"), &ApiHandler::postPeer, Body::Required},
            {"PATCH", p("/api/v1/peers/*"), &ApiHandler::patchPeer, Body::Required},
            {"GET", p("/api/v1/conversations"), &ApiHandler::getConversations, Body::None},
            {"GET", p("/api/v1/conversations/*/messages"), &ApiHandler::getMessages, Body::None},
            {"POST", p("/api/v1/conversations/*/read"), &ApiHandler::postRead, Body::Optional},
            {"POST", p("/api/v1/conversations/*/typing"), &ApiHandler::postTyping, Body::Required},
            {"POST", p("/api/v1/conversations/*/accept"), &ApiHandler::postRequestAnswer,
             Body::Optional},
            {"POST", p("/api/v1/conversations/*/ignore"), &ApiHandler::postRequestAnswer,
             Body::Optional},
            {"POST", p("/api/v1/messages"), &ApiHandler::postMessage, Body::Required},
            {"GET", p("/api/v1/messages/*/delivery"), &ApiHandler::getDelivery, Body::None},
            {"GET", p("/api/v1/search"), &ApiHandler::getSearch, Body::None},
            {"GET", p("/api/v1/groups"), &ApiHandler::getGroups, Body::None},
            {"POST", p("/api/v1/groups"), &ApiHandler::postGroup, Body::Required},
            {"GET", p("/api/v1/groups/*"), &ApiHandler::getGroup, Body::None},
            {"PATCH", p("/api/v1/groups/*"), &ApiHandler::patchGroup, Body::Required},
            {"POST", p("/api/v1/groups/*/members"), &ApiHandler::postGroupMembers, Body::Required},
            {"DELETE", p("/api/v1/groups/*/members/*"), &ApiHandler::deleteGroupMember, Body::None},
            {"PATCH", p("/api/v1/groups/*/members/*"), &ApiHandler::patchGroupMember,
             Body::Required},
            {"POST", p("/api/v1/groups/*/leave"), &ApiHandler::postGroupLeave, Body::Optional},
            {"GET", p("/api/v1/transfers"), &ApiHandler::getTransfers, Body::None},
            {"POST", p("/api/v1/transfers"), &ApiHandler::postTransfer, Body::Required},
            {"POST", p("/api/v1/transfers/*/accept"), &ApiHandler::postTransferAction,
             Body::Optional},
            {"POST", p("/api/v1/transfers/*/decline"), &ApiHandler::postTransferAction,
             Body::Optional},
            {"POST", p("/api/v1/transfers/*/cancel"), &ApiHandler::postTransferAction,
             Body::Optional},
            {"GET", p("/api/v1/keychanges"), &ApiHandler::getKeyChanges, Body::None},
            {"POST", p("/api/v1/keychanges/*"), &ApiHandler::postKeyChange, Body::Required},
            {"GET", p("/api/v1/settings"), &ApiHandler::getSettings, Body::None},
            {"PATCH", p("/api/v1/settings"), &ApiHandler::patchSettings, Body::Required},
            {"GET", p("/api/v1/mailbox"), &ApiHandler::getMailbox, Body::None},
            {"PATCH", p("/api/v1/mailbox"), &ApiHandler::patchMailbox, Body::Required},
            {"GET", p("/api/v1/devices"), &ApiHandler::getDevices, Body::None},
            {"POST", p("/api/v1/devices/link"), &ApiHandler::postDeviceLink, Body::Optional},
            {"DELETE", p("/api/v1/devices/link"), &ApiHandler::deleteDeviceLink, Body::None},
            {"POST", p("/api/v1/devices/link/confirm"), &ApiHandler::postDeviceConfirm,
             Body::Required},
            {"POST", p("/api/v1/devices/join"), &ApiHandler::postDeviceJoin, Body::Required},
            {"POST", p("/api/v1/devices/*/revoke"), &ApiHandler::postDeviceRevoke, Body::Optional},
            {"POST", p("/api/v1/token/rotate"), &ApiHandler::rotateToken, Body::Optional},
            {"POST", p("/api/v1/scan"), &ApiHandler::postScan, Body::Optional},
            {"POST", p("/api/v1/session"), &ApiHandler::postSession, Body::Required},
            {"POST", p("/api/v1/session/code"), &ApiHandler::postSessionCode, Body::Optional},
            {"GET", p("/api/v1/events"), &ApiHandler::getEvents, Body::None},
        };
    }();
    return table;
}

ApiResponse ApiHandler::handle(const ApiRequest &request)
{
    // The one request without the token: the web page trading its one-time code for it.
    if (request.method == "POST" && request.path == QLatin1String("/api/v1/session")) {
        if (auto refusal = m_access.checkSite(request))
            return *refusal;
        return dispatch(request);
    }
    if (auto refusal = m_access.check(request, false))
        return *refusal;
    return dispatch(request);
}

ApiResponse ApiHandler::dispatch(const ApiRequest &request)
{
    if (request.body.size() > maxBodySize)
        return ApiResponse::error(413, bodyTooLargeMessage());
    const QStringList path = segments(request.path);
    QList<QByteArray> allowed;
    for (const RouteEntry &entry : routes()) {
        QStringList args;
        if (!matches(entry.pattern, path, &args))
            continue;
        if (entry.method != request.method) {
            allowed.append(entry.method);
            continue;
        }
        Call call{request, args,
                  entry.body == Body::None
                      ? JsonBody(QJsonObject())
                      : JsonBody::parse(request.body, entry.body == Body::Optional)};
        if (!call.body.ok())
            return ApiResponse::error(400, call.body.error());
        ApiResponse response = (this->*entry.route)(call);
        // A route that found a problem in the body reports it through JsonBody.
        if (!call.body.ok())
            return ApiResponse::error(400, call.body.error());
        return response;
    }
    if (!allowed.isEmpty()) {
        ApiResponse response =
            ApiResponse::error(405, QStringLiteral("%1 is not allowed on %2")
                                        .arg(QString::fromLatin1(request.method), request.path));
        response.headers.emplaceBack("Allow", allowed.join(", "));
        return response;
    }
    return ApiResponse::error(404, QStringLiteral("no such endpoint: %1").arg(request.path));
}

QJsonObject ApiHandler::command(const QByteArray &frame)
{
    const auto reply = [](const QJsonValue &id, const ApiResponse &response) {
        // Always an "id", null when the command had none: inserting undefined would drop it.
        return QJsonObject{{QStringLiteral("id"), id.isUndefined() ? QJsonValue() : id},
                           {QStringLiteral("status"), response.status},
                           {QStringLiteral("body"), response.body}};
    };
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(frame, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return reply(QJsonValue(), ApiResponse::error(400, QStringLiteral("a command is a JSON "
                                                                          "object")));
    JsonBody fields(document.object());
    const QJsonValue id = fields.object().value(QStringLiteral("id"));
    fields.onlyKeys({QStringLiteral("id"), QStringLiteral("method"), QStringLiteral("path"),
                     QStringLiteral("body")});
    const auto method = fields.string(QStringLiteral("method"), true, 16);
    const auto path = fields.string(QStringLiteral("path"), true, 4096);
    const QJsonValue body = fields.object().value(QStringLiteral("body"));
    if (!body.isUndefined() && !body.isNull() && !body.isObject())
        fields.fail(QStringLiteral("'body' must be a JSON object"));
    if (!fields.ok())
        return reply(id, ApiResponse::error(400, fields.error()));
    ApiRequest request = ApiRequest::make(method->toLatin1(), *path);
    if (body.isObject())
        request.body = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    return reply(id, dispatch(request));
}

} // namespace Tincan
