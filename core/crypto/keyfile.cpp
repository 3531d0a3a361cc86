#include "keyfile.h"

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

namespace {
// Qt keeps owner, user, group and other in one hex digit each; chmod speaks octal.
QString unixMode(QFileDevice::Permissions p)
{
    const int bits = int(p.toInt());
    return QString::number(((bits >> 12) & 7) * 64 + ((bits >> 4) & 7) * 8 + (bits & 7), 8);
}
} // namespace

bool refuseIfExposed(const QString &path, const QString &what, QString *error)
{
    const auto groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                              QFileDevice::ReadOther | QFileDevice::WriteOther;
    const QFileDevice::Permissions permissions = QFile::permissions(path);
    if (!permissions.testAnyFlags(groupOrOther))
        return true;
    setError(error, QStringLiteral("The %1 %2 can be read or changed by other users of this "
                                   "computer (mode %3). Tincan does not use a private key in "
                                   "that state: make it yours alone with  chmod 600 %2  and "
                                   "start again.")
                        .arg(what, path)
                        .arg(unixMode(permissions)));
    return false;
}

} // namespace Tincan::KeyFile
