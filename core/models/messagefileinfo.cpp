// MessagesModel: the transfer behind a file message, as the map its bubble binds to.
#include "messagesmodel.h"

#include "files/filetransfers.h"
#include "node/node.h"

#include <QFileInfo>
#include <QLocale>
#include <QUrl>

namespace Tincan {

namespace {
// Of the peers a file went to (a group), the one whose state says most: moving, then waiting,
// then finished.
const TransferInfo *mostRelevant(const QList<TransferInfo> &all)
{
    const TransferInfo *best = nullptr;
    auto rank = [](TransferState s) {
        switch (s) {
        case TransferState::Active:
            return 0;
        case TransferState::AskUser:
            return 1;
        case TransferState::Offered:
        case TransferState::Paused:
            return 2;
        default:
            return 3;
        }
    };
    for (const TransferInfo &info : all) {
        if (!best || rank(info.record.state) < rank(best->record.state))
            best = &info;
    }
    return best;
}

QVariantMap toMap(const TransferInfo &info)
{
    const TransferRecord &r = info.record;
    const QLocale locale;
    QVariantMap map;
    map.insert(QStringLiteral("name"), r.name);
    map.insert(QStringLiteral("size"), r.size);
    map.insert(QStringLiteral("sizeText"), locale.formattedDataSize(r.size));
    map.insert(QStringLiteral("mime"), r.mime);
    map.insert(QStringLiteral("isImage"), r.mime.startsWith(QLatin1String("image/")));
    map.insert(QStringLiteral("state"), transferStateName(r.state));
    map.insert(QStringLiteral("incoming"), r.direction == TransferDirection::Incoming);
    map.insert(QStringLiteral("peerId"), r.peerId);
    map.insert(QStringLiteral("bytes"), info.bytes);
    map.insert(QStringLiteral("progress"), r.size > 0 ? double(info.bytes) / double(r.size) : 1.0);
    map.insert(QStringLiteral("rateText"),
               info.bytesPerSecond > 0
                   ? locale.formattedDataSize(qint64(info.bytesPerSecond)) + QStringLiteral("/s")
                   : QString());
    map.insert(QStringLiteral("eta"), info.etaSeconds);
    map.insert(QStringLiteral("error"), r.error);
    // A local file to show or open: the source we sent, or the file we saved.
    const bool available =
        !r.path.isEmpty() &&
        (r.direction == TransferDirection::Outgoing || r.state == TransferState::Completed) &&
        QFileInfo::exists(r.path);
    map.insert(QStringLiteral("path"), available ? r.path : QString());
    map.insert(QStringLiteral("url"), available ? QUrl::fromLocalFile(r.path) : QUrl());
    map.insert(QStringLiteral("folderUrl"),
               available ? QUrl::fromLocalFile(QFileInfo(r.path).absolutePath()) : QUrl());
    map.insert(QStringLiteral("canAnswer"), r.state == TransferState::AskUser);
    map.insert(QStringLiteral("canCancel"), !isFinished(r.state));
    return map;
}
} // namespace

QVariantMap MessagesModel::fileInfo(const QString &uuid) const
{
    auto it = m_files.constFind(uuid);
    if (it != m_files.constEnd())
        return *it;
    const QList<TransferInfo> all = m_node->files().transfersOf(uuid);
    QVariantMap map;
    if (const TransferInfo *info = mostRelevant(all))
        map = toMap(*info);
    m_files.insert(uuid, map);
    return map;
}

void MessagesModel::onTransferChanged(const TransferInfo &info)
{
    const int row = rowOf(info.record.id);
    if (row < 0)
        return;
    const QList<TransferInfo> all = m_node->files().transfersOf(info.record.id);
    QList<TransferInfo> current;
    for (const TransferInfo &one : all)
        current.append(one.record.peerId == info.record.peerId &&
                               one.record.direction == info.record.direction
                           ? info
                           : one);
    if (const TransferInfo *best = mostRelevant(current))
        m_files.insert(info.record.id, toMap(*best));
    Q_EMIT dataChanged(index(row), index(row), {FileRole});
}

} // namespace Tincan
