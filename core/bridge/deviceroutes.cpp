// The routes about this person's devices (#18): the account's devices, linking a new one with a
// one-time code (either side), revoking one, and the history a new device got.
#include "apihandler.h"
#include "crypto/account.h"
#include "crypto/fingerprint.h"
#include "devices/devicelinker.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "store/historytransfer.h"
#include "store/peerrepository.h"

#include <QJsonArray>

namespace Tincan {

namespace {
QJsonValue linkingJson(const std::optional<DeviceLinking> &state)
{
    if (!state)
        return QJsonValue::Null;
    QJsonObject json{{QStringLiteral("role"), DeviceLinking::roleName(state->role)},
                     {QStringLiteral("stage"), DeviceLinking::stageName(state->stage)},
                     {QStringLiteral("confirmedHere"), state->confirmedHere},
                     {QStringLiteral("confirmedThere"), state->confirmedThere}};
    const auto put = [&](const char *key, const QString &value) {
        if (!value.isEmpty())
            json.insert(QLatin1String(key), value);
    };
    if (state->stage == DeviceLinking::Stage::Waiting) {
        put("code", state->code);
        json.insert(QStringLiteral("expiresAt"), state->expiresAt.toString(Qt::ISODateWithMs));
    }
    put("confirmation", state->confirmation);
    put("device", state->deviceId);
    put("deviceName", state->deviceName);
    put("error", state->error);
    return json;
}

QJsonValue historyJson(const std::optional<HistoryProgress> &history)
{
    if (!history)
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("from"), history->source},
                       {QStringLiteral("received"), history->received},
                       {QStringLiteral("total"), history->total},
                       {QStringLiteral("all"), history->allHistory},
                       {QStringLiteral("done"), history->done}};
}
} // namespace

QJsonObject ApiHandler::devices() const
{
    const DeviceList &list = m_node.account().devices();
    QJsonArray devices;
    for (const Node::OwnDevice &device : m_node.ownDevices())
        devices.append(QJsonObject{{QStringLiteral("id"), device.id},
                                   {QStringLiteral("fingerprint"), groupedFingerprint(device.id)},
                                   {QStringLiteral("name"), device.name},
                                   {QStringLiteral("thisDevice"), device.thisDevice},
                                   {QStringLiteral("online"), device.online}});
    return {{QStringLiteral("account"), list.accountId},
            {QStringLiteral("version"), qint64(list.version)},
            {QStringLiteral("devices"), devices},
            {QStringLiteral("revoked"), m_node.isRevoked()},
            {QStringLiteral("linking"), linkingJson(m_node.deviceLinking())},
            {QStringLiteral("history"), historyJson(m_node.historyProgress())}};
}

ApiResponse ApiHandler::getDevices(Call &)
{
    return ApiResponse::ok(devices());
}

ApiResponse ApiHandler::postDeviceLink(Call &)
{
    QString error;
    if (!m_node.linkNewDevice(&error))
        return ApiResponse::error(409, error);
    return ApiResponse::ok(devices(), 201);
}

ApiResponse ApiHandler::postDeviceJoin(Call &call)
{
    call.body.onlyKeys({QStringLiteral("code")});
    const auto code = call.body.string(QStringLiteral("code"), true, 2048);
    if (!call.body.ok())
        return {};
    QString error;
    if (!LinkCode::parse(*code, &error))
        return ApiResponse::error(400, error);
    if (!m_node.joinAccount(*code, &error)) // this profile cannot join, or not with this code
        return ApiResponse::error(409, error);
    return ApiResponse::ok(devices(), 202);
}

ApiResponse ApiHandler::postDeviceConfirm(Call &call)
{
    call.body.onlyKeys({QStringLiteral("accept")});
    const auto accept = call.body.boolean(QStringLiteral("accept"), true);
    if (!call.body.ok())
        return {};
    QString error;
    if (!m_node.confirmDeviceLink(*accept, &error))
        return ApiResponse::error(409, error);
    return ApiResponse::ok(devices());
}

ApiResponse ApiHandler::deleteDeviceLink(Call &)
{
    m_node.cancelDeviceLink();
    return ApiResponse::ok(devices());
}

ApiResponse ApiHandler::postDeviceRevoke(Call &call)
{
    const QString id = call.args.at(0);
    if (!isValidPeerId(id))
        return ApiResponse::error(400, QStringLiteral("a device id is 64 hex digits"));
    QString error;
    if (!m_node.account().devices().contains(id))
        return ApiResponse::error(
            404, QStringLiteral("%1 is not a device of this account").arg(id.left(12)));
    if (!m_node.revokeDevice(id, &error))
        return ApiResponse::error(409, error);
    return ApiResponse::ok(devices());
}

} // namespace Tincan
