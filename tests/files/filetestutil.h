#pragma once

// Helpers shared by the file transfer tests: test files, hashes and transfer lookups.
#include "files/filetransfers.h"
#include "node/node.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QString>

#include <optional>

namespace FileTestUtil {

// A file of size bytes of pseudo-random content (deterministic per seed), written in 1 MiB
// pieces so that 100 MB never sits in memory at once.
inline bool writeFile(const QString &path, qint64 size, quint32 seed = 1)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    QRandomGenerator random(seed);
    QByteArray block(1024 * 1024, Qt::Uninitialized);
    for (qint64 left = size; left > 0;) {
        const qint64 n = std::min<qint64>(left, block.size());
        random.fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
        if (file.write(block.constData(), n) != n)
            return false;
        left -= n;
    }
    return file.flush();
}

inline QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

inline std::optional<Tincan::TransferRecord> record(Tincan::Node &node, const QString &id,
                                                    const QString &peer,
                                                    Tincan::TransferDirection direction)
{
    return node.files().store().find(id, peer, direction);
}

inline Tincan::TransferState stateOf(Tincan::Node &node, const QString &id, const QString &peer,
                                     Tincan::TransferDirection direction)
{
    const auto r = record(node, id, peer, direction);
    return r ? r->state : Tincan::TransferState(-1);
}

// Every entry of dir, hidden ones included.
inline QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace FileTestUtil
