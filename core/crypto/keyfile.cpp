#include "keyfile.h"

#include "util/logging.h"

#include <QFile>
#include <QFileInfo>

namespace Tincan::KeyFile {

namespace {
// Every file read here is a few hundred bytes; the cap keeps a wrong file out of memory.
constexpr qint64 maxFileSize = 64 * 1024;
} // namespace

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

bool present(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() || info.isSymLink();
}

std::optional<QByteArray> read(const QString &path, const QString &what, QString *error)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        setError(error, QStringLiteral("Cannot read %1 %2: not a regular file.").arg(what, path));
        return std::nullopt;
    }
    if (info.size() > maxFileSize) {
        setError(error, QStringLiteral("The %1 %2 is corrupt: %3 bytes is far too large.")
                            .arg(what, path)
                            .arg(info.size()));
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error,
                 QStringLiteral("Cannot read %1 %2: %3").arg(what, path, file.errorString()));
        return std::nullopt;
    }
    return file.readAll();
}

void warnIfExposed(const QString &path, const QString &what)
{
    const auto groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                              QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (QFile::permissions(path).testAnyFlags(groupOrOther))
        qCWarning(lcCrypto).noquote()
            << "The" << what << path << "is accessible to other users; it should be mode 0600";
}

} // namespace Tincan::KeyFile
