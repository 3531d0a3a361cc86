// The routes about this node and its peers: identity, peers, key changes, settings, token, scan.
#include "accesspolicy.h"
#include "apihandler.h"
#include "apijson.h"
#include "bridgetoken.h"
#include "discovery/discoveryservice.h"
#include "files/filetransfers.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "node/settings.h"
#include "store/peerrepository.h"

#include <QJsonArray>

namespace Tincan {

namespace {
constexpr int maxAliasLength = 128;
constexpr int maxNameLength = 128;

} // namespace

ApiResponse ApiHandler::getIdentity(Call &)
{
    QJsonObject identity = m_json.identity();
    identity.insert(QStringLiteral("bridge"),
                    QJsonObject{{QStringLiteral("port"), m_access.port()}});
    return ApiResponse::ok(identity);
}

ApiResponse ApiHandler::getPeers(Call &)
{
    const auto peers = m_node.peers().all();
    if (!peers)
        return ApiResponse::error(500, QStringLiteral("the peer store cannot be read"));
    QJsonArray list;
    for (const PeerRecord &peer : *peers) {
        if (peer.id != m_node.id())
            list.append(m_json.peer(peer));
    }
    return ApiResponse::ok({{QStringLiteral("peers"), list}});
}

ApiResponse ApiHandler::postPeer(Call &call)
{
    call.body.onlyKeys({QStringLiteral("target")});
    const auto target = call.body.string(QStringLiteral("target"), true, 1024);
    if (!call.body.ok())
        return {};
    QString error;
    if (!m_node.connectTo(*target, &error))
        return ApiResponse::error(400, error);
    return ApiResponse::ok({{QStringLiteral("connecting"), *target}}, 202);
}

ApiResponse ApiHandler::patchPeer(Call &call)
{
    const QString id = call.args.at(0);
    call.body.onlyKeys({QStringLiteral("alias"), QStringLiteral("trust")});
    const auto alias = call.body.string(QStringLiteral("alias"), false, maxAliasLength);
    const auto trustName = call.body.string(QStringLiteral("trust"), false);
    if (!call.body.ok())
        return {};
    if (!alias && !trustName) {
        call.body.fail(QStringLiteral("nothing to change: give 'alias' and/or 'trust'"));
        return {};
    }
    const auto trust = trustName ? ApiJson::parseTrust(*trustName) : std::nullopt;
    if (trustName && !trust) {
        call.body.fail(
            QStringLiteral("'trust' must be \"unverified\", \"verified\" or \"blocked\""));
        return {};
    }
    if (!isValidPeerId(id) || !m_node.peers().find(id))
        return ApiResponse::error(404, QStringLiteral("no such peer: %1").arg(id));
    QString error;
    if ((alias && !m_node.setPeerAlias(id, *alias, &error)) ||
        (trust && !m_node.setPeerTrust(id, *trust, &error)))
        return ApiResponse::error(500, error);
    return ApiResponse::ok(*m_json.peer(id));
}

ApiResponse ApiHandler::getKeyChanges(Call &)
{
    QJsonArray list;
    for (const KeyChangeEvent &event : m_node.sessions().trust().pendingKeyChanges())
        list.append(ApiJson::keyChange(event));
    return ApiResponse::ok({{QStringLiteral("keyChanges"), list}});
}

ApiResponse ApiHandler::postKeyChange(Call &call)
{
    call.body.onlyKeys({QStringLiteral("accept")});
    const auto accept = call.body.boolean(QStringLiteral("accept"), true);
    if (!call.body.ok())
        return {};
    const QString presentedId = call.args.at(0);
    QString error;
    if (!isValidPeerId(presentedId) || !m_node.resolveKeyChange(presentedId, *accept, &error))
        return ApiResponse::error(404,
                                  QStringLiteral("no pending key change for %1").arg(presentedId));
    return ApiResponse::ok(
        {{QStringLiteral("presentedId"), presentedId}, {QStringLiteral("accepted"), *accept}});
}

QJsonObject ApiHandler::settings() const
{
    QJsonObject result{{QStringLiteral("displayName"), m_node.displayName()}};
    for (const SettingSpec &spec : Settings::all()) {
        if (spec.api)
            result.insert(spec.key, m_node.setting(spec.key));
    }
    // The folder in use, also when the setting is empty (the default).
    result.insert(QStringLiteral("downloadDir"), m_node.files().settings().downloadDir);
    return result;
}

ApiResponse ApiHandler::getSettings(Call &)
{
    return ApiResponse::ok(settings());
}

ApiResponse ApiHandler::patchSettings(Call &call)
{
    // Everything is validated before anything is written, so a bad request changes nothing.
    QStringList known{QStringLiteral("displayName")};
    for (const SettingSpec &spec : Settings::all()) {
        if (spec.api)
            known.append(spec.key);
    }
    call.body.onlyKeys(known);
    const auto name = call.body.string(QStringLiteral("displayName"), false, maxNameLength);
    if (name && name->trimmed().isEmpty())
        call.body.fail(QStringLiteral("'displayName' must not be empty"));
    QList<std::pair<QString, QJsonValue>> changes;
    for (const SettingSpec &spec : Settings::all()) {
        if (!spec.api || !call.body.has(spec.key))
            continue;
        QString error;
        if (const auto value = Settings::check(spec, call.body.object().value(spec.key), &error))
            changes.append({spec.key, *value});
        else
            call.body.fail(error);
    }
    if (!call.body.ok())
        return {};
    QString error;
    if (name && !m_node.setDisplayName(*name, &error))
        return ApiResponse::error(500, error);
    for (const auto &[key, value] : changes) {
        if (!m_node.setSetting(key, value, &error))
            return ApiResponse::error(500, error);
    }
    return ApiResponse::ok(settings());
}

ApiResponse ApiHandler::rotateToken(Call &call)
{
    call.body.onlyKeys({});
    if (!call.body.ok())
        return {};
    QString error;
    const auto token = BridgeToken::rotate(m_node.profile().dir(), &error);
    if (!token)
        return ApiResponse::error(500, error);
    m_access.setToken(*token);
    Q_EMIT tokenRotated();
    return ApiResponse::ok({{QStringLiteral("token"), QString::fromLatin1(*token)}});
}

// The web page's first request, before it has the token (ApiHandler::handle lets it through).
ApiResponse ApiHandler::postSession(Call &call)
{
    call.body.onlyKeys({QStringLiteral("code")});
    const auto code = call.body.string(QStringLiteral("code"), true, 64);
    if (!call.body.ok())
        return {};
    if (auto refusal = m_access.redeemPageCode(code->toLatin1()))
        return *refusal;
    return ApiResponse::ok({{QStringLiteral("token"), QString::fromLatin1(m_access.token())}});
}

ApiResponse ApiHandler::postSessionCode(Call &call)
{
    call.body.onlyKeys({});
    if (!call.body.ok())
        return {};
    const QByteArray code = m_access.issuePageCode();
    return ApiResponse::ok({{QStringLiteral("code"), QString::fromLatin1(code)},
                            {QStringLiteral("url"), pageUrlWithCode(m_access.port(), code)}});
}

ApiResponse ApiHandler::postScan(Call &call)
{
    call.body.onlyKeys({});
    if (!call.body.ok())
        return {};
    DiscoveryService *discovery = m_node.discovery();
    if (!discovery)
        return ApiResponse::error(501, QStringLiteral("discovery is off on this node"));
    if (!discovery->scan())
        return ApiResponse::error(409, QStringLiteral("a scan is already running"));
    return ApiResponse::ok({{QStringLiteral("scanning"), true}}, 202);
}

ApiResponse ApiHandler::getEvents(Call &)
{
    ApiResponse response =
        ApiResponse::error(426, QStringLiteral("/api/v1/events is a WebSocket: open it with "
                                               "ws://…/api/v1/events"));
    response.headers.emplaceBack("Upgrade", "websocket");
    return response;
}

} // namespace Tincan
