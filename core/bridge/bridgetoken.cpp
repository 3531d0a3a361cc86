#include "bridgetoken.h"

#include "profile/profile.h"
#include "util/logging.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>

namespace Tincan::BridgeToken {

namespace {
constexpr QByteArray::Base64Options encoding =
    QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
}

QString filePath(const QString &profileDir)
{
    return QDir(profileDir).filePath(QStringLiteral("bridge.token"));
}

QByteArray generate()
{
    QByteArray bytes(randomBytes, Qt::Uninitialized);
    // The system generator is the OS's CSPRNG (getrandom on Linux).
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes.toBase64(encoding);
}

bool isWellFormed(const QByteArray &token)
{
    const auto result =
        QByteArray::fromBase64Encoding(token, encoding | QByteArray::AbortOnBase64DecodingErrors);
    // Re-encoding must give the same text: no trailing bits, no alternative spellings.
    return result && result.decoded.size() == randomBytes &&
           result.decoded.toBase64(encoding) == token;
}

std::optional<QByteArray> read(const QString &profileDir, QString *error)
{
    QFile file(filePath(profileDir));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return std::nullopt;
    }
    const QByteArray token = file.read(256).trimmed();
    if (!isWellFormed(token)) {
        *error = QStringLiteral("%1 does not hold a valid token").arg(file.fileName());
        return std::nullopt;
    }
    return token;
}

std::optional<QByteArray> rotate(const QString &profileDir, QString *error)
{
    const QByteArray token = generate();
    if (!writePrivateFile(filePath(profileDir), token + '\n', error))
        return std::nullopt;
    return token;
}

std::optional<QByteArray> loadOrCreate(const QString &profileDir, QString *error)
{
    const QString path = filePath(profileDir);
    if (QFile::exists(path)) {
        constexpr auto othersMayRead =
            QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther;
        QString readError;
        const auto token = read(profileDir, &readError);
        if (token && !(QFile::permissions(path) & othersMayRead))
            return token;
        qCWarning(lcBridge).noquote()
            << (token ? QStringLiteral("%1 was readable by others; replacing the token").arg(path)
                      : readError + QStringLiteral("; making a new one"));
    }
    return rotate(profileDir, error);
}

} // namespace Tincan::BridgeToken
