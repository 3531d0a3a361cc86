// The routes about file transfers: list, send, accept, decline, cancel.
#include "apihandler.h"
#include "apijson.h"
#include "chat/messenger.h"
#include "files/filetransfers.h"
#include "node/node.h"

#include <QFileInfo>
#include <QJsonArray>

namespace Tincan {

namespace {
constexpr int MaxListed = 500;

QJsonArray transferArray(const QList<TransferInfo> &list)
{
    QJsonArray array;
    for (const TransferInfo &info : list)
        array.append(ApiJson::transfer(info));
    return array;
}
} // namespace

ApiResponse ApiHandler::getTransfers(Call &call)
{
    int limit = 100;
    if (call.request.hasQueryValue(QStringLiteral("limit"))) {
        bool ok = false;
        limit = call.request.queryValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > MaxListed)
            return ApiResponse::error(
                400, QStringLiteral("'limit' must be a whole number from 1 to %1").arg(MaxListed));
    }
    return ApiResponse::ok(
        {{QStringLiteral("transfers"), transferArray(m_node.files().transfers(limit))}});
}

ApiResponse ApiHandler::postTransfer(Call &call)
{
    call.body.onlyKeys({QStringLiteral("to"), QStringLiteral("path")});
    const auto to = call.body.string(QStringLiteral("to"), true, 128);
    const auto path = call.body.string(QStringLiteral("path"), true, 4096);
    if (!call.body.ok())
        return {};
    if (*to == m_node.id())
        return ApiResponse::error(400, QStringLiteral("you cannot send a file to yourself"));
    if (!m_node.messenger().conversations().find(*to) && !isValidPeerId(*to))
        return ApiResponse::error(404, QStringLiteral("'to' is neither a peer id (64 hex digits) "
                                                      "nor a conversation: %1")
                                           .arg(*to));
    if (!QFileInfo(*path).isAbsolute())
        return ApiResponse::error(400, QStringLiteral("'path' must be absolute: %1").arg(*path));
    if (!QFileInfo(*path).isFile())
        return ApiResponse::error(404, QStringLiteral("no such file: %1").arg(*path));
    QString error;
    const QString id = m_node.files().sendFile(*to, *path, &error);
    if (id.isEmpty())
        return ApiResponse::error(400, error);
    return ApiResponse::ok(
        {{QStringLiteral("id"), id},
         {QStringLiteral("transfers"), transferArray(m_node.files().transfersOf(id))}},
        201);
}

// POST /api/v1/transfers/{id}/accept|decline|cancel, with an optional {"peer": id} when a
// transfer has several peers (a file sent to a group).
ApiResponse ApiHandler::postTransferAction(Call &call)
{
    call.body.onlyKeys({QStringLiteral("peer")});
    const auto peer = call.body.string(QStringLiteral("peer"), false, 64);
    if (!call.body.ok())
        return {};
    const QString id = canonicalUuid(call.args.at(0));
    const QString action = call.request.path.section(QLatin1Char('/'), -1);
    const QList<TransferInfo> known = m_node.files().transfersOf(id);
    if (id.isEmpty() || known.isEmpty())
        return ApiResponse::error(404, QStringLiteral("no such transfer: %1").arg(call.args.at(0)));
    QString peerId = peer.value_or(QString());
    if (peerId.isEmpty() && action != u"cancel") {
        for (const TransferInfo &info : known) {
            if (info.record.direction == TransferDirection::Incoming)
                peerId = info.record.peerId;
        }
    }
    QString error;
    bool done = false;
    if (action == u"accept")
        done = m_node.files().accept(id, peerId, &error);
    else if (action == u"decline")
        done = m_node.files().decline(id, peerId, &error);
    else
        done = m_node.files().cancel(id, peerId, &error);
    if (!done)
        return ApiResponse::error(409, error);
    return ApiResponse::ok(
        {{QStringLiteral("transfers"), transferArray(m_node.files().transfersOf(id))}});
}

} // namespace Tincan
