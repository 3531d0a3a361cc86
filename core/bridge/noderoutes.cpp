// The routes about this node and its peers: identity, peers, key changes, settings, token, scan.
#include "accesspolicy.h"
#include "apihandler.h"
#include "apijson.h"
#include "bridgetoken.h"
#include "discovery/discoveryservice.h"
#include "files/filetransfers.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "store/peerrepository.h"

#include <QDir>
#include <QJsonArray>

namespace Tincan {

namespace {
constexpr int maxAliasLength = 128;
constexpr int maxNameLength = 128;

struct SettingSpec
{
    const char *key;
    QJsonValue fallback;
    qint64 min = 0;
    qint64 max = 0;
    QStringList choices;
};

// The settings of docs/architecture.md that the API may read and change; "windows" belongs
// to the desktop window and is left out.
const QList<SettingSpec> &settingSpecs()
{
    static const QList<SettingSpec> specs{
        {"readReceipts", true, 0, 0, {}},
        {"acceptEveryone", false, 0, 0, {}},
        {"notifications", true, 0, 0, {}},
        {"theme",
         QStringLiteral("system"),
         0,
         0,
         {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}},
        {"closeToTray", true, 0, 0, {}},
        {"bridgeEnabled", false, 0, 0, {}},
        {"bridgePort", 0, 0, 65535, {}},
        {"retentionDays", 0, 0, 36500, {}},
        // Files (docs/architecture.md): an empty downloadDir means ~/Downloads/Tincan.
        {"downloadDir", QString(), 0, 0, {}},
        {"fileAutoAcceptBytes", 100 * 1024 * 1024, -1, qint64(1) << 50, {}},
        {"fileSendRateLimit", 0, 0, qint64(1) << 40, {}},
        {"fileAutoAcceptPerDayBytes", qint64(1) << 30, -1, qint64(1) << 50, {}},
    };
    return specs;
}
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
    if ((alias && !m_node.peers().setAlias(id, alias->trimmed())) ||
        (trust && !m_node.peers().setTrust(id, *trust)))
        return ApiResponse::error(500, QStringLiteral("the peer store cannot be written"));
    if (trust == Trust::Blocked) {
        // Blocking takes effect now, not at the next session.
        m_node.sessions().disconnectPeer(id, QStringLiteral("blocked by the user"));
    }
    Q_EMIT peerChanged(id);
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
    if (!isValidPeerId(presentedId) || !m_node.sessions().resolveKeyChange(presentedId, *accept))
        return ApiResponse::error(404,
                                  QStringLiteral("no pending key change for %1").arg(presentedId));
    return ApiResponse::ok(
        {{QStringLiteral("presentedId"), presentedId}, {QStringLiteral("accepted"), *accept}});
}

QJsonObject ApiHandler::settings() const
{
    QJsonObject result{{QStringLiteral("displayName"), m_node.displayName()}};
    for (const SettingSpec &spec : settingSpecs()) {
        const QString key = QString::fromLatin1(spec.key);
        result.insert(key, m_node.setting(key, spec.fallback));
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
    for (const SettingSpec &spec : settingSpecs())
        known.append(QString::fromLatin1(spec.key));
    call.body.onlyKeys(known);
    const auto name = call.body.string(QStringLiteral("displayName"), false, maxNameLength);
    if (name && name->trimmed().isEmpty())
        call.body.fail(QStringLiteral("'displayName' must not be empty"));
    QList<std::pair<QString, QJsonValue>> changes;
    for (const SettingSpec &spec : settingSpecs()) {
        const QString key = QString::fromLatin1(spec.key);
        if (!call.body.has(key))
            continue;
        QJsonValue value;
        if (spec.fallback.isBool()) {
            if (const auto flag = call.body.boolean(key, true))
                value = *flag;
        } else if (spec.fallback.isDouble()) {
            if (const auto number = call.body.integer(key, true, spec.min, spec.max))
                value = *number;
        } else if (const auto text =
                       call.body.string(key, true, spec.choices.isEmpty() ? 4096 : 64)) {
            if (spec.choices.isEmpty() && !text->isEmpty() && !QDir::isAbsolutePath(*text))
                call.body.fail(QStringLiteral("'%1' must be an absolute path").arg(key));
            else if (!spec.choices.isEmpty() && !spec.choices.contains(*text))
                call.body.fail(QStringLiteral("'%1' must be one of: %2")
                                   .arg(key, spec.choices.join(QStringLiteral(", "))));
            value = *text;
        }
        changes.append({key, value});
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
