#include "filenames.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStringList>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace Tincan::FileNames {

namespace {
constexpr int MaxExtensionBytes = 24;
constexpr int MaxAttempts = 10'000;

bool isForbidden(QChar c)
{
    static const QString windowsForbidden = QStringLiteral("<>:\"|?*/\\");
    return c.unicode() < 0x20 || c.unicode() == 0x7f || windowsForbidden.contains(c) ||
           c.category() == QChar::Other_Format || c.isSurrogate();
}

bool isReservedDeviceName(const QString &name)
{
    static const QRegularExpression reserved(
        QStringLiteral("^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?$"),
        QRegularExpression::CaseInsensitiveOption);
    return reserved.match(name).hasMatch();
}

// Cuts text to at most maxBytes of UTF-8 without splitting a character.
QString cutToBytes(const QString &text, int maxBytes)
{
    QString out;
    int bytes = 0;
    for (const QChar c : text) {
        const int width = c.unicode() < 0x80 ? 1 : (c.unicode() < 0x800 ? 2 : 3);
        if (bytes + width > maxBytes)
            break;
        bytes += width;
        out.append(c);
    }
    return out;
}

void syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
} // namespace

QString sanitize(const QString &offered)
{
    QString name = offered;
    const qsizetype slash = std::max(name.lastIndexOf(u'/'), name.lastIndexOf(u'\\'));
    if (slash >= 0)
        name = name.mid(slash + 1);
    QString clean;
    for (const QChar c : std::as_const(name)) {
        if (!isForbidden(c))
            clean.append(c);
    }
    clean = clean.trimmed();
    while (clean.startsWith(u'.'))
        clean.remove(0, 1);
    while (clean.endsWith(u'.') || clean.endsWith(u' '))
        clean.chop(1);
    clean = clean.trimmed();
    if (clean.isEmpty())
        clean = QStringLiteral("file");
    if (isReservedDeviceName(clean))
        clean.prepend(u'_');
    if (clean.toUtf8().size() > MaxNameBytes) {
        const qsizetype dot = clean.lastIndexOf(u'.');
        QString extension = dot > 0 ? clean.mid(dot) : QString();
        if (extension.toUtf8().size() > MaxExtensionBytes)
            extension.clear();
        const QString stem = extension.isEmpty() ? clean : clean.left(dot);
        clean = cutToBytes(stem, MaxNameBytes - int(extension.toUtf8().size())) + extension;
    }
    return clean;
}

// Unique per call: the path is stored with the transfer, and several receivers can share one
// download folder (two profiles of one user, or a group file to both). The first characters of
// a v7 UUID are its timestamp, so the id alone would not tell two transfers of one minute apart.
QString partName(const QString &safeName, const QString &transferId)
{
    const QString nonce = QString::number(QRandomGenerator::global()->generate64(), 16);
    return QStringLiteral(".%1.%2-%3.tincan-part")
        .arg(cutToBytes(safeName, 150), transferId.right(12), nonce);
}

QString numbered(const QString &safeName, int n)
{
    if (n == 0)
        return safeName;
    const qsizetype dot = safeName.lastIndexOf(u'.');
    if (dot <= 0)
        return QStringLiteral("%1 (%2)").arg(safeName).arg(n);
    return QStringLiteral("%1 (%2)%3").arg(safeName.left(dot)).arg(n).arg(safeName.mid(dot));
}

bool openPart(QFile &file, const QString &path, bool create, QString *error)
{
    const int flags = O_RDWR | O_NOFOLLOW | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0);
    const int fd = ::open(QFile::encodeName(path).constData(), flags, 0600);
    if (fd < 0) {
        *error = errno == ELOOP ? QStringLiteral("it is a symbolic link")
                                : QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    file.setFileName(path);
    if (!file.open(fd, QIODevice::ReadWrite | QIODevice::Unbuffered, QFile::AutoCloseHandle)) {
        ::close(fd);
        *error = file.errorString();
        return false;
    }
    return true;
}

QString placeWithoutOverwrite(const QString &partPath, const QString &dir, const QString &safeName,
                              QString *error)
{
    const QByteArray from = QFile::encodeName(partPath);
    for (int n = 0; n < MaxAttempts; ++n) {
        const QString candidate = QDir(dir).filePath(numbered(safeName, n));
        if (::link(from.constData(), QFile::encodeName(candidate).constData()) == 0) {
            ::unlink(from.constData());
            syncDirectory(dir);
            return candidate;
        }
        if (errno != EEXIST) {
            *error = QStringLiteral("cannot save %1: %2")
                         .arg(candidate, QString::fromLocal8Bit(std::strerror(errno)));
            return {};
        }
    }
    *error = QStringLiteral("cannot save %1: too many files of that name").arg(safeName);
    return {};
}

} // namespace Tincan::FileNames
