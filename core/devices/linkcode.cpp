#include "linkcode.h"

#include "crypto/fingerprint.h"
#include "crypto/hpkeprimitives.h"
#include "net/invitelink.h"

#include <QCryptographicHash>
#include <QUrl>
#include <QUrlQuery>

namespace Tincan {

namespace {
using HpkePrimitives::hmacSha256;
const QString scheme = QStringLiteral("tincan");
const QString linkHost = QStringLiteral("link");

// What each derivation covers: a label of its own, then both ids, so that no value stands in
// for another and none fits a different pair of devices.
QByteArray bound(const char *label, const QString &granterId, const QString &joinerId)
{
    return QByteArray(label) + '\0' + granterId.toLatin1() + '\0' + joinerId.toLatin1();
}
} // namespace

LinkCode LinkCode::make(const QString &deviceId, const QStringList &addresses)
{
    return {deviceId, addresses.mid(0, MaxAddresses), HpkePrimitives::randomBytes(SecretSize)};
}

QString LinkCode::toString() const
{
    QUrl url;
    url.setScheme(scheme);
    url.setHost(linkHost);
    url.setPath(u'/' + deviceId);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("k"), QString::fromLatin1(secret.toHex()));
    query.addQueryItem(QStringLiteral("at"), addresses.join(u','));
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

std::optional<LinkCode> LinkCode::parse(const QString &text, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QUrlQuery query(url);
    LinkCode code;
    code.deviceId = url.path().mid(1);
    code.secret = QByteArray::fromHex(query.queryItemValue(QStringLiteral("k")).toLatin1());
    const QString at = query.queryItemValue(QStringLiteral("at"), QUrl::FullyDecoded);
    code.addresses = at.split(u',', Qt::SkipEmptyParts);
    if (!url.isValid() || url.scheme() != scheme || url.host() != linkHost) {
        *error = QStringLiteral("this is not a device link code (it starts with "
                                "tincan://link/)");
        return std::nullopt;
    }
    if (!isNodeId(code.deviceId) || code.secret.size() != SecretSize ||
        query.queryItemValue(QStringLiteral("k")).size() != 2 * SecretSize) {
        *error = QStringLiteral("the link code is incomplete: copy all of it");
        return std::nullopt;
    }
    if (code.addresses.isEmpty() || code.addresses.size() > MaxAddresses) {
        *error = QStringLiteral("the link code names no address of the other device");
        return std::nullopt;
    }
    for (const QString &address : std::as_const(code.addresses)) {
        QString why;
        const auto target = parseConnectTarget(address, &why);
        if (!target || target->host.isEmpty()) {
            *error = QStringLiteral("the link code names a bad address %1: %2").arg(address, why);
            return std::nullopt;
        }
    }
    return code;
}

QByteArray LinkCode::tag() const
{
    const QByteArray input = QByteArray("tincan-link-tag-v1") + '\0' + secret;
    return QCryptographicHash::hash(input, QCryptographicHash::Sha256).left(16);
}

QByteArray LinkCode::proof(const QString &joinerId) const
{
    return hmacSha256(secret, bound("tincan-link-proof-v1", deviceId, joinerId));
}

QString LinkCode::confirmation(const QString &joinerId) const
{
    const QByteArray mac = hmacSha256(secret, bound("tincan-link-sas-v1", deviceId, joinerId));
    const quint32 value = (quint32(quint8(mac[0])) << 24) | (quint32(quint8(mac[1])) << 16) |
                          (quint32(quint8(mac[2])) << 8) | quint32(quint8(mac[3]));
    const QString digits = QStringLiteral("%1").arg(value % 1'000'000, 6, 10, QLatin1Char('0'));
    return digits.left(3) + u' ' + digits.mid(3);
}

} // namespace Tincan
